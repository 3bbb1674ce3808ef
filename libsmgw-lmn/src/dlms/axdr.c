/* SPDX-License-Identifier: Apache-2.0 */
/* A-XDR decoding of DLMS/COSEM Data: a bounded, allocation-free cursor. */
#include <string.h>

#include <smgw/axdr.h>
#include <smgw/time.h>

#define axdr_return_if_fail(expr) \
	do { \
		if (!(expr)) \
			return SMGW_E_INVAL; \
	} while (0)

#define UNLIMITED UINT32_MAX

SMGW_EXPORT int smgw_axdr_length(const uint8_t *data, size_t size, uint32_t *ret_len, size_t *ret_used)
{
	uint32_t v = 0;
	size_t n, i;

	axdr_return_if_fail((data || size == 0) && ret_len && ret_used);
	if (size < 1)
		return SMGW_E_TRUNCATED;
	if (data[0] < 0x80) {
		*ret_len = data[0];
		*ret_used = 1;
		return 0;
	}
	n = data[0] & 0x7f;
	if (n == 0 || n > 4)
		return SMGW_E_ENCODING; /* indefinite or longer than 32 bits */
	if (size < 1 + n)
		return SMGW_E_TRUNCATED;
	for (i = 1; i <= n; i++)
		v = v << 8 | data[i];
	*ret_len = v;
	*ret_used = 1 + n;
	return 0;
}

SMGW_EXPORT void smgw_axdr_cursor_init(struct smgw_axdr_cursor *c, const uint8_t *data, size_t size, uint32_t top)
{
	if (!c)
		return;
	memset(c, 0, sizeof(*c));
	c->data = data;
	c->size = data ? size : 0;
	c->left[0] = top ? top : UNLIMITED;
}

/* Fixed payload width of a scalar tag, or -1 for tags with a length or none. */
static int fixed_width(int tag)
{
	switch (tag) {
	case SMGW_AXDR_NULL: return 0;
	case SMGW_AXDR_BOOLEAN: case SMGW_AXDR_BCD: case SMGW_AXDR_INTEGER: case SMGW_AXDR_UNSIGNED:
	case SMGW_AXDR_ENUM: case SMGW_AXDR_DELTA_INTEGER: case SMGW_AXDR_DELTA_UNSIGNED:
		return 1;
	case SMGW_AXDR_LONG: case SMGW_AXDR_LONG_UNSIGNED: case SMGW_AXDR_DELTA_LONG: case SMGW_AXDR_DELTA_LONG_UNSIGNED:
		return 2;
	case SMGW_AXDR_DOUBLE_LONG: case SMGW_AXDR_DOUBLE_LONG_UNSIGNED: case SMGW_AXDR_FLOAT32:
	case SMGW_AXDR_DELTA_DOUBLE_LONG: case SMGW_AXDR_DELTA_DOUBLE_LONG_UNSIGNED: case SMGW_AXDR_TIME:
		return 4;
	case SMGW_AXDR_DATE: return 5;
	case SMGW_AXDR_LONG64: case SMGW_AXDR_LONG64_UNSIGNED: case SMGW_AXDR_FLOAT64: return 8;
	case SMGW_AXDR_DATE_TIME: return 12;
	default: return -1;
	}
}

static int is_signed(int tag)
{
	return tag == SMGW_AXDR_INTEGER || tag == SMGW_AXDR_LONG || tag == SMGW_AXDR_DOUBLE_LONG || tag == SMGW_AXDR_LONG64 ||
	       tag == SMGW_AXDR_DELTA_INTEGER || tag == SMGW_AXDR_DELTA_LONG || tag == SMGW_AXDR_DELTA_DOUBLE_LONG;
}

/* Skips a compact-array type description (bounded nesting); returns its end. */
static int type_description(const uint8_t *p, size_t size, size_t pos, int depth, size_t *ret_end)
{
	uint32_t n, i;
	size_t used;
	int tag, e;

	if (depth > SMGW_AXDR_MAX_DEPTH)
		return SMGW_E_LIMIT;
	if (pos >= size)
		return SMGW_E_TRUNCATED;
	tag = p[pos++];
	if (tag == SMGW_AXDR_ARRAY) {
		if (size - pos < 2)
			return SMGW_E_TRUNCATED;
		return type_description(p, size, pos + 2, depth + 1, ret_end);
	}
	if (tag == SMGW_AXDR_STRUCTURE) {
		e = smgw_axdr_length(p + pos, size - pos, &n, &used);
		if (e < 0)
			return e;
		pos += used;
		if (n > size - pos)
			return SMGW_E_TRUNCATED;
		for (i = 0; i < n; i++) {
			e = type_description(p, size, pos, depth + 1, &pos);
			if (e < 0)
				return e;
		}
		*ret_end = pos;
		return 0;
	}
	if (fixed_width(tag) < 0 && tag != SMGW_AXDR_OCTET_STRING && tag != SMGW_AXDR_VISIBLE_STRING &&
	    tag != SMGW_AXDR_UTF8_STRING && tag != SMGW_AXDR_BIT_STRING)
		return SMGW_E_ENCODING;
	*ret_end = pos;
	return 0;
}

SMGW_EXPORT int smgw_axdr_next(struct smgw_axdr_cursor *c, struct smgw_axdr_item *ret)
{
	struct smgw_axdr_item it;
	const uint8_t *p;
	size_t pos, left, used;
	uint32_t n;
	int tag, w, e;

	axdr_return_if_fail(c && ret);
	axdr_return_if_fail(c->depth >= 0 && c->depth <= SMGW_AXDR_MAX_DEPTH && c->pos <= c->size);
	while (c->depth > 0 && c->left[c->depth] == 0)
		c->depth--;
	if (c->depth == 0 && (c->left[0] == 0 || (c->left[0] == UNLIMITED && c->pos == c->size)))
		return 0;
	p = c->data;
	pos = c->pos;
	if (pos >= c->size)
		return SMGW_E_TRUNCATED;
	memset(&it, 0, sizeof(it));
	it.offset = (uint32_t)pos;
	it.depth = c->depth;
	tag = p[pos++];
	it.tag = tag;
	left = c->size - pos;
	w = fixed_width(tag);
	if (w >= 0) {
		uint64_t v = 0;
		int i;

		if ((size_t)w > left)
			return SMGW_E_TRUNCATED;
		if (tag == SMGW_AXDR_DATE_TIME || tag == SMGW_AXDR_DATE || tag == SMGW_AXDR_TIME) {
			it.data = p + pos;
			it.count = (uint32_t)w;
		} else {
			for (i = 0; i < w; i++)
				v = v << 8 | p[pos + (size_t)i];
			it.u = v;
			if (is_signed(tag) && w < 8 && (v >> (8 * w - 1)) & 1)
				it.i = (int64_t)(v | (~UINT64_C(0) << (8 * w)));
			else
				it.i = (int64_t)v; /* for uint64 above INT64_MAX use u */
			if (tag == SMGW_AXDR_LONG64)
				it.i = (int64_t)v;
		}
		pos += (size_t)w;
	} else {
		switch (tag) {
		case SMGW_AXDR_ARRAY:
		case SMGW_AXDR_STRUCTURE:
			e = smgw_axdr_length(p + pos, left, &n, &used);
			if (e < 0)
				return e;
			pos += used;
			if (n > c->size - pos)
				return SMGW_E_TRUNCATED; /* every element needs at least one byte */
			if (c->depth >= SMGW_AXDR_MAX_DEPTH)
				return SMGW_E_LIMIT;
			it.count = n;
			break;
		case SMGW_AXDR_OCTET_STRING:
		case SMGW_AXDR_VISIBLE_STRING:
		case SMGW_AXDR_UTF8_STRING:
		case SMGW_AXDR_BIT_STRING: {
			size_t bytes;
			e = smgw_axdr_length(p + pos, left, &n, &used);
			if (e < 0)
				return e;
			pos += used;
			bytes = tag == SMGW_AXDR_BIT_STRING ? ((size_t)n + 7) / 8 : n;
			if (bytes > c->size - pos)
				return SMGW_E_TRUNCATED;
			it.count = n;
			it.data = p + pos;
			pos += bytes;
			break;
		}
		case SMGW_AXDR_COMPACT_ARRAY: {
			size_t end;
			e = type_description(p, c->size, pos, 0, &end);
			if (e < 0)
				return e;
			pos = end;
			e = smgw_axdr_length(p + pos, c->size - pos, &n, &used);
			if (e < 0)
				return e;
			pos += used;
			if (n > c->size - pos)
				return SMGW_E_TRUNCATED;
			it.count = n;
			it.data = p + pos;
			pos += n;
			break;
		}
		default:
			return SMGW_E_ENCODING;
		}
	}
	/* commit */
	if (c->left[c->depth] != UNLIMITED)
		c->left[c->depth]--;
	c->pos = pos;
	if (tag == SMGW_AXDR_ARRAY || tag == SMGW_AXDR_STRUCTURE) {
		c->depth++;
		c->left[c->depth] = it.count;
	}
	*ret = it;
	return 1;
}

SMGW_EXPORT int smgw_axdr_skip(struct smgw_axdr_cursor *c, const struct smgw_axdr_item *item)
{
	struct smgw_axdr_item tmp;
	int32_t d;
	int e;

	axdr_return_if_fail(c && item);
	d = (item->tag == SMGW_AXDR_ARRAY || item->tag == SMGW_AXDR_STRUCTURE) ? item->depth + 1 : item->depth;
	if (d == 0)
		return 0;
	for (;;) {
		while (c->depth > d && c->left[c->depth] == 0)
			c->depth--;
		if (c->depth < d || c->left[d] == 0)
			break;
		e = smgw_axdr_next(c, &tmp);
		if (e <= 0)
			return e < 0 ? e : SMGW_E_TRUNCATED;
	}
	while (c->depth >= d && c->depth > 0 && c->left[c->depth] == 0)
		c->depth--;
	return 0;
}

static int in(unsigned v, unsigned lo, unsigned hi)
{
	return v >= lo && v <= hi;
}

SMGW_EXPORT int smgw_cosem_datetime_parse(const uint8_t *d, size_t size, struct smgw_cosem_datetime *ret)
{
	struct smgw_cosem_datetime t;

	axdr_return_if_fail(d && ret);
	if (size != 12)
		return SMGW_E_ENCODING;
	t.year = (uint16_t)(d[0] << 8 | d[1]);
	t.month = d[2];
	t.day = d[3];
	t.wday = d[4];
	t.hour = d[5];
	t.minute = d[6];
	t.second = d[7];
	t.hundredths = d[8];
	t.deviation = (int16_t)(uint16_t)(d[9] << 8 | d[10]);
	t.clock_status = d[11];
	if (!(in(t.month, 1, 12) || in(t.month, 0xfd, 0xff)) || !(in(t.day, 1, 31) || in(t.day, 0xfd, 0xff)) ||
	    !(in(t.wday, 1, 7) || t.wday == 0xff) || !(t.hour <= 23 || t.hour == 0xff) ||
	    !(t.minute <= 59 || t.minute == 0xff) || !(t.second <= 59 || t.second == 0xff) ||
	    !(t.hundredths <= 99 || t.hundredths == 0xff) ||
	    !(t.deviation == INT16_MIN || (t.deviation >= -720 && t.deviation <= 720)))
		return SMGW_E_RANGE;
	*ret = t;
	return 0;
}

/* ---- date-time ---- */

SMGW_EXPORT void smgw_cosem_datetime_encode(const struct smgw_cosem_datetime *t, uint8_t out[12])
{
	if (!t || !out)
		return;
	out[0] = (uint8_t)(t->year >> 8);
	out[1] = (uint8_t)t->year;
	out[2] = t->month;
	out[3] = t->day;
	out[4] = t->wday;
	out[5] = t->hour;
	out[6] = t->minute;
	out[7] = t->second;
	out[8] = t->hundredths;
	out[9] = (uint8_t)((uint16_t)t->deviation >> 8);
	out[10] = (uint8_t)(uint16_t)t->deviation;
	out[11] = t->clock_status;
}

SMGW_EXPORT int smgw_cosem_datetime_to_ms(const struct smgw_cosem_datetime *t, int berlin_fallback, int64_t *ret_ms)
{
	struct smgw_tm tm;
	int64_t ms;
	int e;

	axdr_return_if_fail(t && ret_ms);
	if (t->year == 0xffff || t->month > 12 || t->month == 0 || t->day > 31 || t->day == 0 || t->hour > 23 ||
	    t->minute > 59 || t->second > 59 || (t->hundredths > 99 && t->hundredths != 0xff))
		return SMGW_E_DLMS_TIME;
	memset(&tm, 0, sizeof(tm));
	tm.year = t->year;
	tm.month = (int8_t)t->month;
	tm.day = (int8_t)t->day;
	tm.hour = (int8_t)t->hour;
	tm.minute = (int8_t)t->minute;
	tm.second = (int8_t)t->second;
	tm.ms = (int16_t)(t->hundredths == 0xff ? 0 : t->hundredths * 10);
	if (t->deviation != INT16_MIN) {
		if (t->deviation < -720 || t->deviation > 720)
			return SMGW_E_RANGE;
		/* COSEM deviation = UTC - local time in minutes */
		tm.utc_offset_s = -(int32_t)t->deviation * 60;
		e = smgw_time_from_tm(&tm, &ms);
	} else if (berlin_fallback) {
		e = smgw_time_from_berlin(&tm, (t->clock_status & 0x80) ? SMGW_FOLD_FIRST : SMGW_FOLD_SECOND, &ms);
	} else {
		return SMGW_E_DLMS_TIME;
	}
	if (e < 0)
		return e == SMGW_E_TIME_NONEXISTENT ? SMGW_E_DLMS_TIME : e;
	*ret_ms = ms;
	return 0;
}

/* ---- whole values ---- */

SMGW_EXPORT int smgw_axdr_data_len(const uint8_t *data, size_t size, size_t *ret_len)
{
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it;
	int e;

	axdr_return_if_fail((data || size == 0) && ret_len);
	smgw_axdr_cursor_init(&c, data, size, 1);
	while ((e = smgw_axdr_next(&c, &it)) == 1)
		;
	if (e < 0)
		return e;
	if (c.pos == 0)
		return SMGW_E_TRUNCATED;
	*ret_len = c.pos;
	return 0;
}

/* ---- compact-array elements ---- */

/*
 * A description the element walk accepts: no null-data and no empty array
 * or structure, so that every part of an element takes at least one byte
 * of the contents and the walk is linear in their length.
 */
static int compact_desc_ok(const uint8_t *d, size_t len, size_t pos, int depth)
{
	uint32_t n, i;
	size_t used, end;
	int tag = d[pos];

	if (depth > SMGW_AXDR_MAX_DEPTH)
		return 0;
	if (tag == SMGW_AXDR_NULL)
		return 0;
	if (tag == SMGW_AXDR_ARRAY) {
		if (((uint32_t)d[pos + 1] << 8 | d[pos + 2]) == 0)
			return 0;
		return compact_desc_ok(d, len, pos + 3, depth + 1);
	}
	if (tag == SMGW_AXDR_STRUCTURE) {
		if (smgw_axdr_length(d + pos + 1, len - pos - 1, &n, &used) < 0 || n == 0)
			return 0;
		pos += 1 + used;
		for (i = 0; i < n; i++) {
			if (!compact_desc_ok(d, len, pos, depth + 1) || type_description(d, len, pos, 0, &end) < 0)
				return 0;
			pos = end;
		}
	}
	return 1;
}

SMGW_EXPORT int smgw_axdr_compact_init(struct smgw_axdr_compact *ca, const struct smgw_axdr_item *item,
				       const uint8_t *buf, size_t size)
{
	size_t start, end;
	int e;

	axdr_return_if_fail(ca && item && buf);
	if (item->tag != SMGW_AXDR_COMPACT_ARRAY || item->offset >= size || buf[item->offset] != SMGW_AXDR_COMPACT_ARRAY ||
	    !item->data || item->data < buf || (size_t)(item->data - buf) + item->count > size)
		return SMGW_E_ENCODING;
	start = (size_t)item->offset + 1;
	e = type_description(buf, size, start, 0, &end);
	if (e < 0)
		return e;
	if (end > (size_t)(item->data - buf))
		return SMGW_E_ENCODING;
	memset(ca, 0, sizeof(*ca));
	ca->desc = buf + start;
	ca->desc_len = (uint32_t)(end - start);
	ca->data = item->data;
	ca->data_len = item->count;
	ca->elem[0] = 1;
	if (!compact_desc_ok(ca->desc, ca->desc_len, 0, 0))
		return SMGW_E_DLMS_COMPACT; /* parts of no size (null-data, empty containers) */
	return 0;
}

SMGW_EXPORT int smgw_axdr_compact_next(struct smgw_axdr_compact *ca, struct smgw_axdr_item *ret)
{
	struct smgw_axdr_item it;
	size_t t, tend, used, pos, left;
	uint32_t n;
	int tag, w, d, e;

	axdr_return_if_fail(ca && ret && ca->desc);
	axdr_return_if_fail(ca->depth >= 0 && ca->depth <= SMGW_AXDR_MAX_DEPTH && ca->pos <= ca->data_len);
	while (ca->depth > 0 && ca->left[ca->depth] == 0)
		ca->depth--;
	if (ca->depth == 0 && ca->pos == ca->data_len)
		return 0;
	d = ca->depth;
	t = ca->td[d];
	if (t >= ca->desc_len || type_description(ca->desc, ca->desc_len, t, 0, &tend) < 0)
		return SMGW_E_INVAL;
	tag = ca->desc[t];
	memset(&it, 0, sizeof(it));
	it.tag = tag;
	it.depth = d;
	it.offset = ca->pos;
	pos = ca->pos;
	left = ca->data_len - pos;
	if (tag == SMGW_AXDR_ARRAY || tag == SMGW_AXDR_STRUCTURE) {
		if (d >= SMGW_AXDR_MAX_DEPTH)
			return SMGW_E_LIMIT;
		if (tag == SMGW_AXDR_ARRAY) {
			n = (uint32_t)ca->desc[t + 1] << 8 | ca->desc[t + 2];
			used = 2;
		} else if ((e = smgw_axdr_length(ca->desc + t + 1, ca->desc_len - t - 1, &n, &used)) < 0) {
			return e;
		}
		it.count = n;
	} else {
		w = fixed_width(tag);
		if (w >= 0) {
			uint64_t v = 0;
			int i;

			if ((size_t)w > left)
				return SMGW_E_DLMS_COMPACT;
			if (tag == SMGW_AXDR_DATE_TIME || tag == SMGW_AXDR_DATE || tag == SMGW_AXDR_TIME) {
				it.data = ca->data + pos;
				it.count = (uint32_t)w;
			} else {
				for (i = 0; i < w; i++)
					v = v << 8 | ca->data[pos + (size_t)i];
				it.u = v;
				if (is_signed(tag) && w < 8 && (v >> (8 * w - 1)) & 1)
					it.i = (int64_t)(v | (~UINT64_C(0) << (8 * w)));
				else
					it.i = (int64_t)v;
			}
			pos += (size_t)w;
		} else {
			size_t bytes;

			if (smgw_axdr_length(ca->data + pos, left, &n, &used) < 0)
				return SMGW_E_DLMS_COMPACT;
			pos += used;
			bytes = tag == SMGW_AXDR_BIT_STRING ? ((size_t)n + 7) / 8 : n;
			if (bytes > ca->data_len - pos)
				return SMGW_E_DLMS_COMPACT;
			it.count = n;
			it.data = ca->data + pos;
			pos += bytes;
		}
	}
	/* commit */
	if (d > 0)
		ca->left[d]--;
	if (!ca->elem[d])
		ca->td[d] = (uint32_t)tend;
	if (d == 0)
		ca->elements++;
	ca->pos = (uint32_t)pos;
	if (tag == SMGW_AXDR_ARRAY || tag == SMGW_AXDR_STRUCTURE) {
		ca->depth = d + 1;
		ca->td[d + 1] = (uint32_t)(t + 1 + used);
		ca->left[d + 1] = it.count;
		ca->elem[d + 1] = tag == SMGW_AXDR_ARRAY;
	}
	*ret = it;
	return 1;
}

/* ---- encoding ---- */

SMGW_EXPORT void smgw_axdr_writer_init(struct smgw_axdr_writer *aw, uint8_t *buf, size_t cap)
{
	if (!aw)
		return;
	memset(aw, 0, sizeof(*aw));
	smgw_writer_init(&aw->w, buf, cap);
}

SMGW_EXPORT int smgw_axdr_writer_finish(struct smgw_axdr_writer *aw, size_t *ret_len)
{
	axdr_return_if_fail(aw && ret_len);
	if (aw->err)
		return aw->err;
	while (aw->depth > 0 && aw->left[aw->depth] == 0)
		aw->depth--;
	if (aw->depth > 0)
		return SMGW_E_STATE;
	return smgw_writer_finish(&aw->w, ret_len);
}

static void fail(struct smgw_axdr_writer *aw, int e)
{
	if (!aw->err)
		aw->err = e;
}

/* Accounts for one value about to be written; 0 if the writer is in error. */
static int begin_value(struct smgw_axdr_writer *aw)
{
	if (aw->err)
		return 0;
	while (aw->depth > 0 && aw->left[aw->depth] == 0)
		aw->depth--;
	if (aw->depth > 0)
		aw->left[aw->depth]--;
	return 1;
}

SMGW_EXPORT void smgw_axdr_write_length(struct smgw_writer *w, uint32_t len)
{
	if (!w)
		return;
	if (len < 0x80) {
		smgw_writer_u8(w, (uint8_t)len);
	} else if (len <= 0xff) {
		smgw_writer_u8(w, 0x81);
		smgw_writer_u8(w, (uint8_t)len);
	} else if (len <= 0xffff) {
		smgw_writer_u8(w, 0x82);
		smgw_writer_be(w, 2, len);
	} else if (len <= 0xffffff) {
		smgw_writer_u8(w, 0x83);
		smgw_writer_be(w, 3, len);
	} else {
		smgw_writer_u8(w, 0x84);
		smgw_writer_be(w, 4, len);
	}
}

SMGW_EXPORT void smgw_axdr_write_null(struct smgw_axdr_writer *aw)
{
	if (aw && begin_value(aw))
		smgw_writer_u8(&aw->w, SMGW_AXDR_NULL);
}

SMGW_EXPORT void smgw_axdr_write_container(struct smgw_axdr_writer *aw, int tag, uint32_t count)
{
	if (!aw)
		return;
	if (tag != SMGW_AXDR_ARRAY && tag != SMGW_AXDR_STRUCTURE) {
		fail(aw, SMGW_E_ENCODING);
		return;
	}
	if (!begin_value(aw))
		return;
	if (aw->depth >= SMGW_AXDR_MAX_DEPTH) {
		fail(aw, SMGW_E_LIMIT);
		return;
	}
	smgw_writer_u8(&aw->w, (uint8_t)tag);
	smgw_axdr_write_length(&aw->w, count);
	aw->depth++;
	aw->left[aw->depth] = count;
}

static int integer_tag(int tag)
{
	int w = fixed_width(tag);
	return w > 0 && tag != SMGW_AXDR_FLOAT32 && tag != SMGW_AXDR_FLOAT64 && tag != SMGW_AXDR_DATE_TIME &&
	       tag != SMGW_AXDR_DATE && tag != SMGW_AXDR_TIME;
}

static void put_fixed(struct smgw_axdr_writer *aw, int tag, uint64_t raw)
{
	if (!begin_value(aw))
		return;
	smgw_writer_u8(&aw->w, (uint8_t)tag);
	smgw_writer_be(&aw->w, (unsigned)fixed_width(tag), raw);
}

SMGW_EXPORT void smgw_axdr_write_int(struct smgw_axdr_writer *aw, int tag, int64_t v)
{
	int w;

	if (!aw)
		return;
	if (!integer_tag(tag)) {
		fail(aw, SMGW_E_ENCODING);
		return;
	}
	w = fixed_width(tag);
	if (is_signed(tag)) {
		if (w < 8) {
			int64_t lim = INT64_C(1) << (8 * w - 1);
			if (v < -lim || v >= lim) {
				fail(aw, SMGW_E_RANGE);
				return;
			}
		}
	} else if (v < 0 || (w < 8 && (uint64_t)v >> (8 * w)) != 0) {
		fail(aw, SMGW_E_RANGE);
		return;
	}
	put_fixed(aw, tag, (uint64_t)v);
}

SMGW_EXPORT void smgw_axdr_write_uint(struct smgw_axdr_writer *aw, int tag, uint64_t v)
{
	int w;

	if (!aw)
		return;
	if (!integer_tag(tag) || is_signed(tag)) {
		fail(aw, SMGW_E_ENCODING);
		return;
	}
	w = fixed_width(tag);
	if (w < 8 && (v >> (8 * w)) != 0) {
		fail(aw, SMGW_E_RANGE);
		return;
	}
	put_fixed(aw, tag, v);
}

SMGW_EXPORT void smgw_axdr_write_float(struct smgw_axdr_writer *aw, int tag, double v)
{
	if (!aw)
		return;
	if (tag == SMGW_AXDR_FLOAT32) {
		float f = (float)v;
		uint32_t b;
		memcpy(&b, &f, 4);
		put_fixed(aw, tag, b);
	} else if (tag == SMGW_AXDR_FLOAT64) {
		uint64_t b;
		memcpy(&b, &v, 8);
		put_fixed(aw, tag, b);
	} else {
		fail(aw, SMGW_E_ENCODING);
	}
}

SMGW_EXPORT void smgw_axdr_write_bytes(struct smgw_axdr_writer *aw, int tag, const uint8_t *data, size_t len)
{
	if (!aw)
		return;
	if (!data && len) {
		fail(aw, SMGW_E_INVAL);
		return;
	}
	if (tag == SMGW_AXDR_DATE_TIME || tag == SMGW_AXDR_DATE || tag == SMGW_AXDR_TIME) {
		if (len != (size_t)fixed_width(tag)) {
			fail(aw, SMGW_E_RANGE);
			return;
		}
	} else if (tag != SMGW_AXDR_OCTET_STRING && tag != SMGW_AXDR_VISIBLE_STRING && tag != SMGW_AXDR_UTF8_STRING) {
		fail(aw, SMGW_E_ENCODING);
		return;
	} else if (len > UINT32_MAX) {
		fail(aw, SMGW_E_RANGE);
		return;
	}
	if (!begin_value(aw))
		return;
	smgw_writer_u8(&aw->w, (uint8_t)tag);
	if (fixed_width(tag) < 0)
		smgw_axdr_write_length(&aw->w, (uint32_t)len);
	smgw_writer_bytes(&aw->w, data, len);
}

SMGW_EXPORT void smgw_axdr_write_bits(struct smgw_axdr_writer *aw, const uint8_t *data, uint32_t bits)
{
	size_t bytes = ((size_t)bits + 7) / 8;

	if (!aw)
		return;
	if (!data && bits) {
		fail(aw, SMGW_E_INVAL);
		return;
	}
	if (!begin_value(aw))
		return;
	smgw_writer_u8(&aw->w, SMGW_AXDR_BIT_STRING);
	smgw_axdr_write_length(&aw->w, bits);
	smgw_writer_bytes(&aw->w, data, bytes);
}

SMGW_EXPORT void smgw_axdr_write_compact(struct smgw_axdr_writer *aw, const uint8_t *desc, size_t desc_len,
					 const uint8_t *data, size_t len)
{
	struct smgw_axdr_compact ca;
	struct smgw_axdr_item it;
	size_t end;
	int e;

	if (!aw)
		return;
	if (!desc || (!data && len) || len > UINT32_MAX || desc_len > UINT32_MAX) {
		fail(aw, SMGW_E_INVAL);
		return;
	}
	e = type_description(desc, desc_len, 0, 0, &end);
	if (e < 0 || end != desc_len) {
		fail(aw, e < 0 ? e : SMGW_E_ENCODING);
		return;
	}
	memset(&ca, 0, sizeof(ca));
	ca.desc = desc;
	ca.desc_len = (uint32_t)desc_len;
	ca.data = data;
	ca.data_len = (uint32_t)len;
	ca.elem[0] = 1;
	if (!compact_desc_ok(desc, desc_len, 0, 0)) {
		fail(aw, SMGW_E_DLMS_COMPACT);
		return;
	}
	while ((e = smgw_axdr_compact_next(&ca, &it)) == 1)
		;
	if (e < 0 || ca.depth > 0) {
		/* an element cut off at the end of the contents */
		while (e == 0 && ca.depth > 0 && ca.left[ca.depth] == 0)
			ca.depth--;
		fail(aw, e < 0 ? e : SMGW_E_DLMS_COMPACT);
		return;
	}
	if (!begin_value(aw))
		return;
	smgw_writer_u8(&aw->w, SMGW_AXDR_COMPACT_ARRAY);
	smgw_writer_bytes(&aw->w, desc, desc_len);
	smgw_axdr_write_length(&aw->w, (uint32_t)len);
	smgw_writer_bytes(&aw->w, data, len);
}

SMGW_EXPORT void smgw_axdr_write_item(struct smgw_axdr_writer *aw, const struct smgw_axdr_item *it, const uint8_t *buf,
				      size_t size)
{
	if (!aw)
		return;
	if (!it) {
		fail(aw, SMGW_E_INVAL);
		return;
	}
	switch (it->tag) {
	case SMGW_AXDR_NULL:
		smgw_axdr_write_null(aw);
		break;
	case SMGW_AXDR_ARRAY:
	case SMGW_AXDR_STRUCTURE:
		smgw_axdr_write_container(aw, it->tag, it->count);
		break;
	case SMGW_AXDR_OCTET_STRING:
	case SMGW_AXDR_VISIBLE_STRING:
	case SMGW_AXDR_UTF8_STRING:
	case SMGW_AXDR_DATE_TIME:
	case SMGW_AXDR_DATE:
	case SMGW_AXDR_TIME:
		smgw_axdr_write_bytes(aw, it->tag, it->data, it->count);
		break;
	case SMGW_AXDR_BIT_STRING:
		smgw_axdr_write_bits(aw, it->data, it->count);
		break;
	case SMGW_AXDR_COMPACT_ARRAY: {
		size_t end;
		if (!buf || it->offset >= size || !it->data || it->data < buf ||
		    type_description(buf, size, (size_t)it->offset + 1, 0, &end) < 0 || end > (size_t)(it->data - buf)) {
			fail(aw, SMGW_E_INVAL);
			return;
		}
		smgw_axdr_write_compact(aw, buf + it->offset + 1, end - it->offset - 1, it->data, it->count);
		break;
	}
	default:
		if (integer_tag(it->tag) || it->tag == SMGW_AXDR_FLOAT32 || it->tag == SMGW_AXDR_FLOAT64)
			put_fixed(aw, it->tag, it->u);
		else
			fail(aw, SMGW_E_ENCODING);
	}
}

SMGW_EXPORT int smgw_axdr_write_data(struct smgw_axdr_writer *aw, const uint8_t *data, size_t len)
{
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it;
	size_t vlen;
	int e;

	if (!aw)
		return SMGW_E_INVAL;
	e = smgw_axdr_data_len(data, len, &vlen);
	if (e == 0 && vlen != len)
		e = SMGW_E_DLMS_TRAILING;
	if (e < 0) {
		fail(aw, e);
		return e;
	}
	smgw_axdr_cursor_init(&c, data, len, 1);
	while ((e = smgw_axdr_next(&c, &it)) == 1)
		smgw_axdr_write_item(aw, &it, data, len);
	return e < 0 ? e : (aw->err && aw->err != SMGW_E_BUFSIZE ? aw->err : 0);
}
