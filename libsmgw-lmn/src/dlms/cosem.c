/* SPDX-License-Identifier: Apache-2.0 */
/* COSEM classes 1, 3, 4, 5, 7, 8: attribute values to measured values. */
#include <string.h>

#include <smgw/axdr.h>
#include <smgw/cosem.h>
#include <smgw/obis.h>

#define return_if_fail(expr) \
	do { \
		if (!(expr)) \
			return SMGW_E_INVAL; \
	} while (0)

/* Reads the one scalar Data value of an attribute. */
static int one_item(const uint8_t *data, size_t len, struct smgw_axdr_item *ret)
{
	struct smgw_axdr_cursor c;
	size_t vl;
	int e = smgw_axdr_data_len(data, len, &vl);

	if (e < 0)
		return e;
	if (vl != len)
		return SMGW_E_DLMS_TRAILING;
	smgw_axdr_cursor_init(&c, data, len, 1);
	e = smgw_axdr_next(&c, ret);
	return e < 0 ? e : e == 0 ? SMGW_E_TRUNCATED : 0;
}

static int integer_item(const struct smgw_axdr_item *it, int64_t *ret)
{
	switch (it->tag) {
	case SMGW_AXDR_BOOLEAN: case SMGW_AXDR_BCD: case SMGW_AXDR_INTEGER: case SMGW_AXDR_LONG: case SMGW_AXDR_UNSIGNED:
	case SMGW_AXDR_LONG_UNSIGNED: case SMGW_AXDR_DOUBLE_LONG: case SMGW_AXDR_DOUBLE_LONG_UNSIGNED:
	case SMGW_AXDR_LONG64: case SMGW_AXDR_ENUM: case SMGW_AXDR_DELTA_INTEGER: case SMGW_AXDR_DELTA_LONG:
	case SMGW_AXDR_DELTA_DOUBLE_LONG: case SMGW_AXDR_DELTA_UNSIGNED: case SMGW_AXDR_DELTA_LONG_UNSIGNED:
	case SMGW_AXDR_DELTA_DOUBLE_LONG_UNSIGNED:
		*ret = it->i;
		return 0;
	case SMGW_AXDR_LONG64_UNSIGNED:
		if (it->u > INT64_MAX)
			return SMGW_E_OVERFLOW;
		*ret = (int64_t)it->u;
		return 0;
	default:
		return SMGW_E_DLMS_TYPE;
	}
}

/*
 * A float32/float64 as an exact decimal value * 10^scaler: m * 2^e with
 * e < 0 is m * 5^-e * 10^e. Refused (SMGW_E_RANGE) when that does not fit
 * int64 and int8, never rounded; NaN and infinities are SMGW_E_DLMS_TYPE.
 */
static int float_item(const struct smgw_axdr_item *it, int64_t *ret_v, int *ret_scaler)
{
	uint64_t bits = it->u, m;
	int e, neg, k;

	if (it->tag == SMGW_AXDR_FLOAT32) {
		int be = (int)((bits >> 23) & 0xff);
		neg = (int)(bits >> 31);
		m = bits & 0x7fffff;
		if (be == 0xff)
			return SMGW_E_DLMS_TYPE;
		if (be)
			m |= 1u << 23;
		e = (be ? be : 1) - 127 - 23;
	} else {
		int be = (int)((bits >> 52) & 0x7ff);
		neg = (int)(bits >> 63);
		m = bits & ((UINT64_C(1) << 52) - 1);
		if (be == 0x7ff)
			return SMGW_E_DLMS_TYPE;
		if (be)
			m |= UINT64_C(1) << 52;
		e = (be ? be : 1) - 1023 - 52;
	}
	if (m == 0) {
		*ret_v = 0;
		*ret_scaler = 0;
		return 0;
	}
	while (!(m & 1)) {
		m >>= 1;
		e++;
	}
	if (e >= 0) {
		if (e > 62 || m > (UINT64_C(1) << (62 - e)))
			return SMGW_E_RANGE;
		m <<= e;
		k = 0;
	} else {
		for (k = 0; k < -e; k++) {
			if (m > UINT64_C(0x7fffffffffffffff) / 5)
				return SMGW_E_RANGE;
			m *= 5;
		}
		k = e; /* 10^e */
		if (k < -127)
			return SMGW_E_RANGE;
	}
	if (m > INT64_MAX)
		return SMGW_E_RANGE;
	*ret_v = neg ? -(int64_t)m : (int64_t)m;
	*ret_scaler = k;
	return 0;
}

/* An integer or exactly representable float value, with the scaler it adds. */
static int number_item(const struct smgw_axdr_item *it, int64_t *ret_v, int *ret_scaler)
{
	if (it->tag == SMGW_AXDR_FLOAT32 || it->tag == SMGW_AXDR_FLOAT64)
		return float_item(it, ret_v, ret_scaler);
	*ret_scaler = 0;
	return integer_item(it, ret_v);
}

static const char *tag_name(int tag)
{
	switch (tag) {
	case SMGW_AXDR_NULL: return "null-data";
	case SMGW_AXDR_ARRAY: return "array";
	case SMGW_AXDR_STRUCTURE: return "structure";
	case SMGW_AXDR_OCTET_STRING: return "octet-string";
	case SMGW_AXDR_VISIBLE_STRING: return "visible-string";
	case SMGW_AXDR_UTF8_STRING: return "utf8-string";
	case SMGW_AXDR_FLOAT32: return "float32";
	case SMGW_AXDR_FLOAT64: return "float64";
	case SMGW_AXDR_BIT_STRING: return "bit-string";
	default: return "this type";
	}
}

SMGW_EXPORT int smgw_cosem_scaler_unit(const uint8_t *data, size_t len, int8_t *ret_scaler, uint8_t *ret_unit)
{
	return_if_fail((data || len == 0) && ret_scaler && ret_unit);
	if (len >= 1 && data[0] != SMGW_AXDR_STRUCTURE)
		return SMGW_E_DLMS_TYPE;
	if (len < 6)
		return SMGW_E_TRUNCATED;
	if (len != 6 || data[0] != SMGW_AXDR_STRUCTURE || data[1] != 2 || data[2] != SMGW_AXDR_INTEGER ||
	    data[4] != SMGW_AXDR_ENUM)
		return SMGW_E_DLMS_TYPE;
	*ret_scaler = (int8_t)data[3];
	*ret_unit = data[5];
	return 0;
}

/* An octet-string(12) or date-time item to UTC ms. */
static int time_item(const struct smgw_axdr_item *it, uint32_t flags, int64_t *ret_ms)
{
	struct smgw_cosem_datetime t;
	int e;

	if (!((it->tag == SMGW_AXDR_OCTET_STRING || it->tag == SMGW_AXDR_DATE_TIME) && it->count == 12))
		return SMGW_E_DLMS_TYPE;
	e = smgw_cosem_datetime_parse(it->data, 12, &t);
	if (e < 0)
		return e == SMGW_E_RANGE ? SMGW_E_DLMS_TIME : e;
	return smgw_cosem_datetime_to_ms(&t, (flags & SMGW_COSEM_BERLIN_FALLBACK) != 0, ret_ms);
}

static int status_item(const struct smgw_axdr_item *it, uint64_t *ret)
{
	int64_t v;

	if (it->tag == SMGW_AXDR_BIT_STRING && it->count <= 64) {
		uint64_t s = 0;
		uint32_t i, bytes = (it->count + 7) / 8;
		for (i = 0; i < bytes; i++)
			s = s << 8 | it->data[i];
		*ret = it->count ? s >> (bytes * 8 - it->count) : 0;
		return 0;
	}
	if (it->tag == SMGW_AXDR_LONG64_UNSIGNED) {
		*ret = it->u;
		return 0;
	}
	if (integer_item(it, &v) == 0 && v >= 0) {
		*ret = (uint64_t)v;
		return 0;
	}
	return SMGW_E_DLMS_TYPE;
}

SMGW_EXPORT int smgw_cosem_object_value(const struct smgw_cosem_object *o, uint32_t flags, struct smgw_value *ret,
					struct smgw_diag *diag)
{
	struct smgw_value v;
	struct smgw_axdr_item it;
	int64_t ms;
	int e, fs = 0;

	return_if_fail(o && ret);
	smgw_value_init(&v);
	smgw_obis_from_bytes(o->logical_name, &v.obis);
	switch (o->class_id) {
	case SMGW_COSEM_DATA: case SMGW_COSEM_REGISTER: case SMGW_COSEM_EXTENDED_REGISTER:
	case SMGW_COSEM_DEMAND_REGISTER: case SMGW_COSEM_CLOCK:
		break;
	default:
		return smgw_diag_set(diag, SMGW_E_UNSUPPORTED, UINT64_MAX, "class %u has no single value", o->class_id);
	}
	if (!o->value)
		return smgw_diag_set(diag, SMGW_E_NOTFOUND, UINT64_MAX, "value attribute not given");
	if ((e = one_item(o->value, o->value_len, &it)) < 0)
		return smgw_diag_set(diag, e, 0, "value attribute: %s", smgw_strerror(e));
	if (o->class_id == SMGW_COSEM_CLOCK) {
		if ((e = time_item(&it, flags, &ms)) < 0)
			return smgw_diag_set(diag, e, 0, "clock time: %s", smgw_strerror(e));
		v.value = ms;
		v.scaler = -3;
		v.unit = 7; /* second */
		v.flags |= SMGW_VALUE_HAS_UNIT | SMGW_VALUE_HAS_CAPTURE_TIME;
		v.capture_ms = ms;
		*ret = v;
		return 0;
	}
	if ((e = number_item(&it, &v.value, &fs)) < 0)
		return smgw_diag_set(diag, e, 0, e == SMGW_E_RANGE ? "%s value has no exact decimal form" : "value is %s, not a number",
				     tag_name(it.tag));
	if (o->class_id != SMGW_COSEM_DATA) {
		if (!o->scaler_unit)
			return smgw_diag_set(diag, SMGW_E_NOTFOUND, UINT64_MAX, "scaler_unit attribute not given");
		if ((e = smgw_cosem_scaler_unit(o->scaler_unit, o->scaler_unit_len, &v.scaler, &v.unit)) < 0)
			return smgw_diag_set(diag, e, 0, "scaler_unit: %s", smgw_strerror(e));
		v.flags |= SMGW_VALUE_HAS_UNIT;
	}
	if (fs + v.scaler < -128 || fs + v.scaler > 127)
		return smgw_diag_set(diag, SMGW_E_RANGE, 0, "scaler out of range");
	v.scaler = (int8_t)(fs + v.scaler);
	if ((o->class_id == SMGW_COSEM_EXTENDED_REGISTER || o->class_id == SMGW_COSEM_DEMAND_REGISTER)) {
		if (o->status) {
			if ((e = one_item(o->status, o->status_len, &it)) < 0)
				return smgw_diag_set(diag, e, 0, "status: %s", smgw_strerror(e));
			if (it.tag != SMGW_AXDR_NULL) {
				if ((e = status_item(&it, &v.status)) < 0)
					return smgw_diag_set(diag, e, 0, "status is %s", tag_name(it.tag));
				v.flags |= SMGW_VALUE_HAS_STATUS | SMGW_VALUE_RAW_STATUS;
			}
		}
		if (o->capture_time) {
			if ((e = one_item(o->capture_time, o->capture_time_len, &it)) < 0)
				return smgw_diag_set(diag, e, 0, "capture_time: %s", smgw_strerror(e));
			if ((e = time_item(&it, flags, &ms)) < 0)
				return smgw_diag_set(diag, e, 0, "capture_time: %s", smgw_strerror(e));
			v.capture_ms = ms;
			v.flags |= SMGW_VALUE_HAS_CAPTURE_TIME;
		}
	}
	*ret = v;
	return 0;
}

SMGW_EXPORT int smgw_cosem_capture_objects(const uint8_t *data, size_t len, struct smgw_cosem_capture_object *out,
					   size_t max, size_t *ret_n, struct smgw_diag *diag)
{
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it[5];
	size_t vl, n = 0, i;
	uint32_t count, k;
	int e;

	return_if_fail((data || len == 0) && ret_n && (out || max == 0));
	if ((e = smgw_axdr_data_len(data, len, &vl)) < 0)
		return smgw_diag_set(diag, e, 0, "capture_objects: %s", smgw_strerror(e));
	if (vl != len)
		return smgw_diag_set(diag, SMGW_E_DLMS_TRAILING, vl, "bytes after capture_objects");
	smgw_axdr_cursor_init(&c, data, len, 1);
	if (smgw_axdr_next(&c, &it[0]) != 1 || it[0].tag != SMGW_AXDR_ARRAY)
		return smgw_diag_set(diag, SMGW_E_DLMS_TYPE, 0, "capture_objects is not an array");
	count = it[0].count;
	for (k = 0; k < count; k++) {
		size_t at = c.pos;
		if (smgw_axdr_next(&c, &it[0]) != 1 || it[0].tag != SMGW_AXDR_STRUCTURE || it[0].count != 4)
			return smgw_diag_set(diag, SMGW_E_DLMS_TYPE, at, "capture object %u is not a structure of 4", k);
		for (i = 1; i <= 4; i++)
			if (smgw_axdr_next(&c, &it[i]) != 1)
				return smgw_diag_set(diag, SMGW_E_DLMS_TYPE, at, "capture object %u cut off", k);
		if (it[1].tag != SMGW_AXDR_LONG_UNSIGNED || it[2].tag != SMGW_AXDR_OCTET_STRING || it[2].count != 6 ||
		    it[3].tag != SMGW_AXDR_INTEGER || it[4].tag != SMGW_AXDR_LONG_UNSIGNED)
			return smgw_diag_set(diag, SMGW_E_DLMS_TYPE, at,
					     "capture object %u is not {long-unsigned, octet-string(6), integer, long-unsigned}", k);
		if (n < max) {
			memset(&out[n], 0, sizeof(out[n]));
			out[n].class_id = (uint16_t)it[1].u;
			memcpy(out[n].logical_name, it[2].data, 6);
			out[n].attribute = (int8_t)it[3].i;
			out[n].data_index = (uint16_t)it[4].u;
		}
		n++;
	}
	*ret_n = n;
	return n > max ? SMGW_E_BUFSIZE : 0;
}

/*
 * What a profile column is. The row's status: a status register
 * 0.x.96.10.x.x (Data, attribute 2) or the status attribute of an Extended
 * (4) or Demand Register (5). A value: the value attribute of Data,
 * Register, Extended Register (2) or Demand Register (2 current, 3 last
 * average). Other columns (capture times, other attributes) are skipped.
 */
static int is_status_column(const struct smgw_cosem_capture_object *col)
{
	return (col->class_id == SMGW_COSEM_DATA && col->attribute == 2 && col->logical_name[2] == 96 &&
		col->logical_name[3] == 10) ||
	       (col->class_id == SMGW_COSEM_EXTENDED_REGISTER && col->attribute == 4) ||
	       (col->class_id == SMGW_COSEM_DEMAND_REGISTER && col->attribute == 5);
}

static int is_value_column(const struct smgw_cosem_capture_object *col)
{
	switch (col->class_id) {
	case SMGW_COSEM_DATA: case SMGW_COSEM_REGISTER: case SMGW_COSEM_EXTENDED_REGISTER:
		return col->attribute == 2 && !is_status_column(col);
	case SMGW_COSEM_DEMAND_REGISTER:
		return col->attribute == 2 || col->attribute == 3;
	default:
		return 0;
	}
}

SMGW_EXPORT int smgw_cosem_profile_values(const uint8_t *buffer, size_t len,
					  const struct smgw_cosem_capture_object *cols, size_t ncols,
					  int32_t period_s, uint32_t flags, smgw_dlms_value_fn fn, void *userdata,
					  struct smgw_diag *diag)
{
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it, cell;
	struct smgw_value v;
	int64_t row_ms = 0, x;
	uint64_t status;
	int have_time = 0, have_status, count = 0, e, r, fs;
	uint32_t rows, k;
	size_t vl, i, row_start, clock_col = SIZE_MAX;

	return_if_fail((buffer || len == 0) && (cols || ncols == 0) && fn && period_s >= 0);
	if ((e = smgw_axdr_data_len(buffer, len, &vl)) < 0)
		return smgw_diag_set(diag, e, 0, "buffer: %s", smgw_strerror(e));
	if (vl != len)
		return smgw_diag_set(diag, SMGW_E_DLMS_TRAILING, vl, "bytes after the buffer");
	for (i = 0; i < ncols; i++)
		if (cols[i].class_id == SMGW_COSEM_CLOCK && cols[i].attribute == 2 && clock_col == SIZE_MAX)
			clock_col = i;
	smgw_axdr_cursor_init(&c, buffer, len, 1);
	if (smgw_axdr_next(&c, &it) != 1 || it.tag != SMGW_AXDR_ARRAY)
		return smgw_diag_set(diag, SMGW_E_DLMS_TYPE, 0, "buffer is not an array");
	rows = it.count;
	for (k = 0; k < rows; k++) {
		row_start = c.pos;
		if (smgw_axdr_next(&c, &it) != 1 || it.tag != SMGW_AXDR_STRUCTURE || it.count != ncols)
			return smgw_diag_set(diag, SMGW_E_DLMS_TYPE, row_start, "row %u is not a structure of %zu", k, ncols);
		/* first pass over the row: time and status */
		have_status = 0;
		status = 0;
		{
			struct smgw_axdr_cursor c2 = c;
			int row_time = 0;
			for (i = 0; i < ncols; i++) {
				size_t at = c2.pos;
				if (smgw_axdr_next(&c2, &cell) != 1)
					return smgw_diag_set(diag, SMGW_E_DLMS_TYPE, at, "row %u cut off", k);
				if (i == clock_col) {
					if (cell.tag == SMGW_AXDR_NULL) {
						if (have_time && period_s > 0) {
							row_ms += (int64_t)period_s * 1000;
							row_time = 1;
						}
					} else {
						if ((e = time_item(&cell, flags, &row_ms)) < 0)
							return smgw_diag_set(diag, e, at, "row %u: time: %s", k, smgw_strerror(e));
						row_time = 1;
					}
				} else if (is_status_column(&cols[i]) && cell.tag != SMGW_AXDR_NULL) {
					if (status_item(&cell, &status) == 0)
						have_status = 1;
				}
				if (cell.tag == SMGW_AXDR_ARRAY || cell.tag == SMGW_AXDR_STRUCTURE ||
				    cell.tag == SMGW_AXDR_COMPACT_ARRAY) {
					if (cell.tag != SMGW_AXDR_COMPACT_ARRAY && (e = smgw_axdr_skip(&c2, &cell)) < 0)
						return smgw_diag_set(diag, e, at, "row %u: %s", k, smgw_strerror(e));
				}
			}
			have_time = row_time;
		}
		/* second pass: the values */
		for (i = 0; i < ncols; i++) {
			size_t at = c.pos;
			if (smgw_axdr_next(&c, &cell) != 1)
				return smgw_diag_set(diag, SMGW_E_DLMS_TYPE, at, "row %u cut off", k);
			if (cell.tag == SMGW_AXDR_ARRAY || cell.tag == SMGW_AXDR_STRUCTURE) {
				if ((e = smgw_axdr_skip(&c, &cell)) < 0)
					return smgw_diag_set(diag, e, at, "row %u: %s", k, smgw_strerror(e));
				continue;
			}
			if (i == clock_col || !is_value_column(&cols[i]) || cell.tag == SMGW_AXDR_NULL)
				continue;
			if ((e = number_item(&cell, &x, &fs)) < 0) {
				if (e == SMGW_E_DLMS_TYPE)
					continue; /* strings and the like are not values */
				return smgw_diag_set(diag, e, at, "row %u: value without an exact decimal form", k);
			}
			smgw_value_init(&v);
			smgw_obis_from_bytes(cols[i].logical_name, &v.obis);
			v.value = x;
			v.scaler = (int8_t)fs;
			if (cols[i].has_unit) {
				if (fs + cols[i].scaler < -128 || fs + cols[i].scaler > 127)
					return smgw_diag_set(diag, SMGW_E_RANGE, at, "row %u: scaler out of range", k);
				v.scaler = (int8_t)(fs + cols[i].scaler);
				v.unit = cols[i].unit;
				v.flags |= SMGW_VALUE_HAS_UNIT;
			}
			if (have_time) {
				v.capture_ms = row_ms;
				v.flags |= SMGW_VALUE_HAS_CAPTURE_TIME;
			}
			if (have_status) {
				v.status = status;
				v.flags |= SMGW_VALUE_HAS_STATUS | SMGW_VALUE_RAW_STATUS;
			}
			if ((r = fn(userdata, &v)) != 0)
				return r;
			count++;
		}
	}
	return count;
}

SMGW_EXPORT int smgw_cosem_list_values(const struct smgw_dlms_apdu *req, const struct smgw_dlms_apdu *resp,
				       uint32_t flags, smgw_dlms_value_fn fn, void *userdata, struct smgw_diag *diag)
{
	struct smgw_dlms_list lq, ls, lq2, ls2;
	struct smgw_dlms_list_item q, r;
	uint32_t k, j;
	int count = 0, e;

	return_if_fail(req && resp && fn);
	if (req->tag != SMGW_DLMS_GET_REQUEST || req->choice != SMGW_DLMS_WITH_LIST ||
	    resp->tag != SMGW_DLMS_GET_RESPONSE || resp->choice != SMGW_DLMS_WITH_LIST)
		return smgw_diag_set(diag, SMGW_E_DLMS_APDU, UINT64_MAX, "not a get-request/-response-with-list pair");
	if (req->count != resp->count)
		return smgw_diag_set(diag, SMGW_E_DLMS_APDU, UINT64_MAX, "%u descriptors, %u results", req->count,
				     resp->count);
	if (req->count > 1024)
		return smgw_diag_set(diag, SMGW_E_LIMIT, UINT64_MAX, "%u items (at most 1024)", req->count);
	if (smgw_dlms_list_init(&lq, req) != 0 || smgw_dlms_list_init(&ls, resp) != 0)
		return SMGW_E_INVAL;
	for (k = 0; k < req->count; k++) {
		struct smgw_cosem_object o;
		struct smgw_value v;
		int value_attr;

		if (smgw_dlms_list_next(&lq, &q) != 1 || smgw_dlms_list_next(&ls, &r) != 1)
			return smgw_diag_set(diag, SMGW_E_DLMS_APDU, UINT64_MAX, "list shorter than its count");
		switch (q.attr.class_id) {
		case SMGW_COSEM_DATA: case SMGW_COSEM_REGISTER: case SMGW_COSEM_EXTENDED_REGISTER: case SMGW_COSEM_CLOCK:
			value_attr = q.attr.id == 2;
			break;
		case SMGW_COSEM_DEMAND_REGISTER:
			value_attr = q.attr.id == 2 || q.attr.id == 3;
			break;
		default:
			value_attr = 0;
		}
		if (!value_attr || r.result_kind != SMGW_DLMS_RESULT_DATA)
			continue;
		memset(&o, 0, sizeof(o));
		o.class_id = q.attr.class_id;
		memcpy(o.logical_name, q.attr.instance, 6);
		o.value = r.data;
		o.value_len = r.data_len;
		/* the other attributes of the same object in the same list: one parallel walk */
		if (smgw_dlms_list_init(&lq2, req) != 0 || smgw_dlms_list_init(&ls2, resp) != 0)
			return SMGW_E_INVAL;
		for (j = 0; j < req->count; j++) {
			struct smgw_dlms_list_item q2, r2;
			int id;

			if (smgw_dlms_list_next(&lq2, &q2) != 1 || smgw_dlms_list_next(&ls2, &r2) != 1)
				return smgw_diag_set(diag, SMGW_E_DLMS_APDU, UINT64_MAX, "list shorter than its count");
			if (j == k || q2.attr.class_id != q.attr.class_id || memcmp(q2.attr.instance, q.attr.instance, 6) != 0 ||
			    r2.result_kind != SMGW_DLMS_RESULT_DATA)
				continue;
			id = q2.attr.id;
			if ((id == 3 && (o.class_id == SMGW_COSEM_REGISTER || o.class_id == SMGW_COSEM_EXTENDED_REGISTER)) ||
			    (id == 4 && o.class_id == SMGW_COSEM_DEMAND_REGISTER)) {
				o.scaler_unit = r2.data;
				o.scaler_unit_len = r2.data_len;
			} else if ((id == 4 && o.class_id == SMGW_COSEM_EXTENDED_REGISTER) ||
				   (id == 5 && o.class_id == SMGW_COSEM_DEMAND_REGISTER)) {
				o.status = r2.data;
				o.status_len = r2.data_len;
			} else if ((id == 5 && o.class_id == SMGW_COSEM_EXTENDED_REGISTER) ||
				   (id == 6 && o.class_id == SMGW_COSEM_DEMAND_REGISTER)) {
				o.capture_time = r2.data;
				o.capture_time_len = r2.data_len;
			}
		}
		{
			struct smgw_diag d2 = SMGW_DIAG_INIT;
			e = smgw_cosem_object_value(&o, flags, &v, &d2);
			if (e == SMGW_E_NOTFOUND || e == SMGW_E_DLMS_TYPE)
				continue; /* scaler_unit not read, or a string */
			if (e < 0)
				return smgw_diag_set(diag, e, UINT64_MAX, "item %u: %s", k, d2.message);
		}
		if ((e = fn(userdata, &v)) != 0)
			return e;
		count++;
	}
	return count;
}
