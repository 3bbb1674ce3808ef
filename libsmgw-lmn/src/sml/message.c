/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SML messages: the message frame (transactionId, groupNo, abortOnError,
 * messageBody, crc16, endOfSmlMsg) and every SML 1.04 message body, decoded
 * in place into caller storage. Lists become cursors that are walked with
 * the *_next() functions. Nothing is allocated.
 */
#include <string.h>

#include "sml-private.h"

/* ---- small helpers ------------------------------------------------- */

static inline int expect_list(struct smgw_reader *r, uint32_t count)
{
	struct smgw_sml_elem e;

	/* Fast path: one-byte TL list of the expected count. */
	if (count < 16 && r->pos < r->size && r->data[r->pos] == (uint8_t)(0x70 | count)) {
		r->pos++;
		return 0;
	}
	SML_TRY(smgw__sml_read(r, &e));
	if (e.type != SMGW_SML_TYPE_LIST || e.len != count)
		return SMGW_E_SML_TYPE;
	return 0;
}

static int opt_u8(struct smgw_reader *r, uint8_t *ret, uint32_t *has, uint32_t bit)
{
	uint64_t v;
	int n = smgw__sml_get_uint(r, 0xff, &v, NULL);

	if (n < 0)
		return n;
	if (n) {
		*ret = (uint8_t)v;
		*has |= bit;
	}
	return 0;
}

static int opt_i8(struct smgw_reader *r, int8_t *ret, uint32_t *has, uint32_t bit)
{
	int64_t v;
	int n = smgw__sml_get_int(r, INT8_MIN, INT8_MAX, &v);

	if (n < 0)
		return n;
	if (n) {
		*ret = (int8_t)v;
		*has |= bit;
	}
	return 0;
}

static int opt_status(struct smgw_reader *r, uint64_t *ret, uint8_t *ret_width, uint32_t *has)
{
	uint64_t v;
	uint8_t wd = 0;
	int n = smgw__sml_get_uint(r, UINT64_MAX, &v, &wd);

	if (n < 0)
		return n;
	if (n) {
		*ret = v;
		*has |= SMGW_SML_HAS_STATUS;
		if (ret_width)
			*ret_width = wd;
	}
	return 0;
}

/* Mandatory unsigned up to UINT32_MAX. */
static int req_u32(struct smgw_reader *r, uint32_t *ret)
{
	uint64_t v;
	int n = smgw__sml_get_uint(r, UINT32_MAX, &v, NULL);

	if (n < 0)
		return n;
	if (n == 0)
		return SMGW_E_SML_TYPE;
	*ret = (uint32_t)v;
	return 0;
}


static int decode_one(struct smgw_reader *r, int kind, void *out, uint32_t flags, int depth);

static inline void cursor_set(struct smgw_sml_cursor *c, const uint8_t *data, size_t len, uint32_t count)
{
	memset(c, 0, sizeof(*c));
	smgw_reader_init(&c->r, data, len);
	c->count = count;
	c->present = 1;
}

/* A list field as a cursor over its elements; every element is decoded as @kind. */
static int get_list(struct smgw_reader *r, struct smgw_sml_cursor *c, int optional, int kind, uint32_t flags,
		    int depth)
{
	union {
		struct smgw_sml_octets o;
		struct smgw_sml_list_entry le;
		struct smgw_sml_period_entry pe;
		struct smgw_sml_header_entry he;
		struct smgw_sml_prof_period pp;
		struct smgw_sml_value_entry ve;
		struct smgw_sml_tree t;
	} tmp;
	struct smgw_sml_elem e;
	struct smgw_reader rr = *r;
	size_t start;
	uint32_t i;

	memset(c, 0, sizeof(*c));
	if (depth > SMGW_SML_MAX_DEPTH)
		return SMGW_E_LIMIT;
	SML_TRY(smgw__sml_read(&rr, &e));
	if (e.type == SMGW_SML_TYPE_ABSENT && optional) {
		*r = rr;
		return 0;
	}
	if (e.type != SMGW_SML_TYPE_LIST)
		return SMGW_E_SML_TYPE;
	if (e.len > smgw_reader_remaining(&rr))
		return SMGW_E_TRUNCATED;
	start = rr.pos;
	for (i = 0; i < e.len; i++)
		SML_TRY(decode_one(&rr, kind, &tmp, flags, depth + 1));
	cursor_set(c, rr.data + start, rr.pos - start, e.len);
	*r = rr;
	return 0;
}

/* One SML_Tree as a cursor of count 1; `01` gives an absent cursor. */
static int get_one_tree(struct smgw_reader *r, struct smgw_sml_cursor *c, int optional, uint32_t flags, int depth)
{
	struct smgw_sml_tree t;
	struct smgw_reader rr = *r;
	size_t start = rr.pos;
	uint8_t b;

	memset(c, 0, sizeof(*c));
	SML_TRY(smgw_reader_peek_u8(&rr, &b));
	if (b == 0x01) {
		if (!optional)
			return SMGW_E_SML_TYPE;
		r->pos++;
		return 0;
	}
	SML_TRY(decode_one(&rr, K_TREE, &t, flags, depth));
	cursor_set(c, rr.data + start, rr.pos - start, 1);
	*r = rr;
	return 0;
}

#define OCT(r, f, opt) SML_TRY(smgw__sml_get_octets((r), &(f), (opt)))
/* SML_Time with the two common forms inline: absent (01), and secIndex or
 * timestamp as 72 62 0k 65 xx xx xx xx; the rest in smgw__sml_get_time(). */
SML_HOT int get_time(struct smgw_reader *r, struct smgw_sml_time *t, uint32_t flags)
{
	const uint8_t *d = r->data + r->pos;
	size_t avail = r->size - r->pos;

	if (avail >= 1 && d[0] == 0x01) {
		memset(t, 0, sizeof(*t));
		r->pos++;
		return 0;
	}
	if (avail >= 8 && d[0] == 0x72 && d[1] == 0x62 &&
	    (d[2] == SMGW_SML_TIME_SECINDEX || d[2] == SMGW_SML_TIME_TIMESTAMP) && d[3] == 0x65) {
		memset(t, 0, sizeof(*t));
		t->kind = d[2];
		t->value = (uint32_t)d[4] << 24 | (uint32_t)d[5] << 16 | (uint32_t)d[6] << 8 | d[7];
		r->pos += 8;
		return 0;
	}
	return smgw__sml_get_time(r, t, flags);
}

#define TIME(r, f, flags) SML_TRY(get_time((r), &(f), (flags)))

/* ---- list entries -------------------------------------------------- */

/*
 * SML_ListEntry, the hot path of every meter push. The cursor lives in
 * locals; each field takes its one-byte-TL form inline and hands every
 * other form to the general reader at the same position, so the result
 * (value or error) is that of the general readers for every input.
 */
#define LE_SYNC_IN() (r->pos = pos)
#define LE_SYNC_OUT() (pos = r->pos)

/* Zero objects to start from: copies of them compile to a few vector
 * stores where memset() of these sizes may become a slow `rep stos`. */
static const struct smgw_sml_list_entry zero_entry;

/* @lean: for the validation pass (get_val_list), which reads neither
 * value.octets, value.list nor value_signature unless they were sent:
 * those are then not zeroed. */
SML_HOT int list_entry_impl(struct smgw_reader *r, struct smgw_sml_list_entry *e, uint32_t flags, int lean)
{
	const uint8_t *d = r->data;
	const size_t size = r->size;
	size_t pos = r->pos;
	uint32_t n;
	uint8_t b;

	if (!lean) {
		*e = zero_entry; /* absent fields, NONE kinds, reserved members */
	} else {
		e->obj_name = zero_entry.obj_name;
		e->has = 0;
		e->status_width = 0;
		e->unit = 0;
		e->scaler = 0;
		e->reserved = 0;
		e->status = 0;
		e->val_time = zero_entry.val_time;
		e->value.type = SMGW_SML_VALUE_NONE;
		e->value.width = 0;
		e->value.i = 0;
		e->value.u = 0;
	}

	/* list of 7 */
	if (pos < size && d[pos] == 0x77) {
		pos++;
	} else {
		LE_SYNC_IN();
		SML_TRY(expect_list(r, 7));
		LE_SYNC_OUT();
	}
	/* objName */
	if (pos < size && (b = d[pos]) >= 0x01 && b <= 0x0f) {
		n = (uint32_t)b - 1;
		if (n > size - pos - 1)
			return SMGW_E_TRUNCATED;
		if (n) {
			e->obj_name.data = d + pos + 1;
			e->obj_name.len = n;
			e->obj_name.present = 1;
		}
		pos += 1 + n;
	} else {
		LE_SYNC_IN();
		OCT(r, e->obj_name, 0);
		LE_SYNC_OUT();
	}
	/* status: Unsigned of any width, optional */
	if (pos < size && d[pos] == 0x01) {
		pos++;
	} else if (pos < size && (b = d[pos]) >= 0x62 && b <= 0x69) {
		n = (uint32_t)(b & 0x0f) - 1;
		if (n > size - pos - 1)
			return SMGW_E_TRUNCATED;
		e->status = smgw__sml_be(d + pos + 1, n);
		e->status_width = (uint8_t)n;
		e->has |= SMGW_SML_HAS_STATUS;
		pos += 1 + n;
	} else {
		LE_SYNC_IN();
		SML_TRY(opt_status(r, &e->status, &e->status_width, &e->has));
		LE_SYNC_OUT();
	}
	/* valTime, optional */
	if (pos < size && d[pos] == 0x01) {
		pos++;
	} else {
		LE_SYNC_IN();
		TIME(r, e->val_time, flags);
		LE_SYNC_OUT();
	}
	/* unit: Unsigned8, optional */
	if (pos < size && d[pos] == 0x01) {
		pos++;
	} else if (pos + 1 < size && d[pos] == 0x62) {
		e->unit = d[pos + 1];
		e->has |= SMGW_SML_HAS_UNIT;
		pos += 2;
	} else {
		LE_SYNC_IN();
		SML_TRY(opt_u8(r, &e->unit, &e->has, SMGW_SML_HAS_UNIT));
		LE_SYNC_OUT();
	}
	/* scaler: Integer8, optional */
	if (pos < size && d[pos] == 0x01) {
		pos++;
	} else if (pos + 1 < size && d[pos] == 0x52) {
		e->scaler = (int8_t)d[pos + 1];
		e->has |= SMGW_SML_HAS_SCALER;
		pos += 2;
	} else {
		LE_SYNC_IN();
		SML_TRY(opt_i8(r, &e->scaler, &e->has, SMGW_SML_HAS_SCALER));
		LE_SYNC_OUT();
	}
	/* value: the one-byte-TL integers, short octet strings, absent */
	b = pos < size ? d[pos] : 0;
	n = (uint32_t)(b & 0x0f) - 1;
	if (b >= 0x52 && b <= 0x59 && n <= size - pos - 1) {
		e->value.type = SMGW_SML_VALUE_INT;
		e->value.width = (uint8_t)n;
		e->value.i = smgw__sml_be_signed(d + pos + 1, n);
		pos += 1 + n;
	} else if (b >= 0x62 && b <= 0x69 && n <= size - pos - 1) {
		e->value.type = SMGW_SML_VALUE_UINT;
		e->value.width = (uint8_t)n;
		e->value.u = smgw__sml_be(d + pos + 1, n);
		pos += 1 + n;
	} else if (b >= 0x02 && b <= 0x0f && n <= size - pos - 1) {
		e->value.type = SMGW_SML_VALUE_OCTETS;
		e->value.octets.data = d + pos + 1;
		e->value.octets.len = n;
		e->value.octets.present = 1;
		pos += 1 + n;
	} else if (b == 0x01) {
		pos++;
	} else if (b >= 0x80 && b <= 0x8f && pos + 1 < size && d[pos + 1] <= 0x0f &&
		   (n = ((uint32_t)(b & 0x0f) << 4 | d[pos + 1])) > 2 && n - 2 <= size - pos - 2) {
		/* Octet string with a two-byte TL (keys, signatures): the
		 * length counts both TL bytes. */
		e->value.type = SMGW_SML_VALUE_OCTETS;
		e->value.octets.data = d + pos + 2;
		e->value.octets.len = n - 2;
		e->value.octets.present = 1;
		pos += n;
	} else {
		LE_SYNC_IN();
		SML_TRY(smgw__sml_get_value(r, &e->value));
		LE_SYNC_OUT();
	}
	/* valueSignature, optional */
	if (pos < size && d[pos] == 0x01) {
		pos++;
	} else {
		LE_SYNC_IN();
		OCT(r, e->value_signature, 1);
		LE_SYNC_OUT();
	}
	r->pos = pos;
	return 0;
}

static int list_entry(struct smgw_reader *r, struct smgw_sml_list_entry *e, uint32_t flags)
{
	return list_entry_impl(r, e, flags, 0);
}


static int period_entry(struct smgw_reader *r, struct smgw_sml_period_entry *e)
{
	memset(e, 0, sizeof(*e));
	SML_TRY(expect_list(r, 5));
	OCT(r, e->obj_name, 0);
	SML_TRY(opt_u8(r, &e->unit, &e->has, SMGW_SML_HAS_UNIT));
	SML_TRY(opt_i8(r, &e->scaler, &e->has, SMGW_SML_HAS_SCALER));
	SML_TRY(smgw__sml_get_value(r, &e->value));
	OCT(r, e->value_signature, 1);
	return 0;
}

static int header_entry(struct smgw_reader *r, struct smgw_sml_header_entry *e)
{
	memset(e, 0, sizeof(*e));
	SML_TRY(expect_list(r, 3));
	OCT(r, e->obj_name, 0);
	SML_TRY(opt_u8(r, &e->unit, &e->has, SMGW_SML_HAS_UNIT));
	SML_TRY(opt_i8(r, &e->scaler, &e->has, SMGW_SML_HAS_SCALER));
	return 0;
}

static int prof_period(struct smgw_reader *r, struct smgw_sml_prof_period *e, uint32_t flags, int depth)
{
	memset(e, 0, sizeof(*e));
	SML_TRY(expect_list(r, 4));
	TIME(r, e->val_time, flags);
	SML_TRY(opt_status(r, &e->status, NULL, &e->has));
	SML_TRY(get_list(r, &e->value_list, 0, K_VALUE_ENTRY, flags, depth + 1));
	OCT(r, e->period_signature, 1);
	return 0;
}

static int value_entry(struct smgw_reader *r, struct smgw_sml_value_entry *e)
{
	memset(e, 0, sizeof(*e));
	SML_TRY(expect_list(r, 2));
	SML_TRY(smgw__sml_get_value(r, &e->value));
	OCT(r, e->value_signature, 1);
	return 0;
}

static int opt_u8_field(struct smgw_reader *r, uint8_t *ret)
{
	uint32_t has = 0;

	return opt_u8(r, ret, &has, 1);
}

static int opt_i8_field(struct smgw_reader *r, int8_t *ret)
{
	uint32_t has = 0;

	return opt_i8(r, ret, &has, 1);
}

static int opt_i64_field(struct smgw_reader *r, int64_t *ret)
{
	int n = smgw__sml_get_int(r, INT64_MIN, INT64_MAX, ret);

	return n < 0 ? n : 0;
}

static int tupel_entry(struct smgw_reader *r, struct smgw_sml_tupel_entry *t, uint32_t flags)
{
	/* Register order on the wire: pA, R1, R4, (signature), mA, R2, R3, (signature). */
	static const uint8_t order[6] = { 0, 1, 2, 3, 4, 5 };
	uint32_t has = 0;
	unsigned i;

	memset(t, 0, sizeof(*t));
	SML_TRY(expect_list(r, 23));
	OCT(r, t->server_id, 1);
	TIME(r, t->sec_index, flags);
	SML_TRY(opt_status(r, &t->status, NULL, &has));
	for (i = 0; i < 6; i++) {
		unsigned k = order[i];

		SML_TRY(opt_u8_field(r, &t->unit[k]));
		SML_TRY(opt_i8_field(r, &t->scaler[k]));
		SML_TRY(opt_i64_field(r, &t->value[k]));
		if (i == 2)
			OCT(r, t->signature_pa_r1_r4, 1);
		if (i == 5)
			OCT(r, t->signature_ma_r2_r3, 1);
	}
	return 0;
}

static int tree_node(struct smgw_reader *r, struct smgw_sml_tree *t, uint32_t flags, int depth)
{
	struct smgw_reader rr;
	uint64_t tag;
	uint8_t b;
	int n;

	memset(t, 0, sizeof(*t));
	SML_TRY(expect_list(r, 3));
	OCT(r, t->parameter_name, 0);
	SML_TRY(smgw_reader_peek_u8(r, &b));
	if (b == 0x01) {
		r->pos++;
	} else {
		SML_TRY(expect_list(r, 2));
		n = smgw__sml_get_uint(r, 0xff, &tag, NULL);
		if (n <= 0)
			return n < 0 ? n : SMGW_E_SML_TYPE;
		switch (tag) {
		case SMGW_SML_PROCPAR_VALUE:
			SML_TRY(smgw__sml_get_value(r, &t->value));
			break;
		case SMGW_SML_PROCPAR_PERIOD:
			SML_TRY(period_entry(r, &t->period));
			break;
		case SMGW_SML_PROCPAR_TUPEL:
			SML_TRY(tupel_entry(r, &t->tupel, flags));
			break;
		case SMGW_SML_PROCPAR_TIME:
			rr = *r;
			SML_TRY(smgw__sml_get_time(&rr, &t->time, flags));
			if (t->time.kind == SMGW_SML_TIME_NONE)
				return SMGW_E_SML_TYPE;
			*r = rr;
			break;
		default:
			return SMGW_E_SML_TYPE;
		}
		t->value_kind = (int32_t)tag;
	}
	SML_TRY(get_list(r, &t->child_list, 1, K_TREE, flags, depth + 1));
	return 0;
}

static int decode_one(struct smgw_reader *r, int kind, void *out, uint32_t flags, int depth)
{
	switch (kind) {
	case K_OCTETS:
		return smgw__sml_get_octets(r, out, 1);
	case K_LIST_ENTRY:
		return list_entry(r, out, flags);
	case K_PERIOD_ENTRY:
		return period_entry(r, out);
	case K_HEADER_ENTRY:
		return header_entry(r, out);
	case K_PROF_PERIOD:
		return prof_period(r, out, flags, depth);
	case K_VALUE_ENTRY:
		return value_entry(r, out);
	case K_TREE:
		if (depth > SMGW_SML_MAX_DEPTH)
			return SMGW_E_LIMIT;
		return tree_node(r, out, flags, depth);
	default:
		return SMGW_E_INVAL;
	}
}

/* Next element of a cursor as @kind; works on a copy, commits on success. */
int smgw__sml_next(struct smgw_sml_cursor *c, int kind, void *ret, size_t size)
{
	union {
		struct smgw_sml_list_entry le;
		struct smgw_sml_period_entry pe;
		struct smgw_sml_header_entry he;
		struct smgw_sml_prof_period pp;
		struct smgw_sml_value_entry ve;
		struct smgw_sml_tree t;
	} tmp;
	struct smgw_reader rr;

	if (c->index >= c->count)
		return 0;
	rr = c->r;
	SML_TRY(decode_one(&rr, kind, &tmp, 0, 1));
	c->r = rr;
	c->index++;
	memcpy(ret, &tmp, size);
	return 1;
}

/* Hot path of value extraction: decode straight into the caller's entry. */
int smgw__sml_list_entry_next(struct smgw_sml_cursor *c, struct smgw_sml_list_entry *ret)
{
	struct smgw_reader rr;

	if (c->index >= c->count)
		return 0;
	rr = c->r;
	SML_TRY(list_entry(&rr, ret, 0));
	c->r = rr;
	c->index++;
	return 1;
}

#define NEXT_IMPL(name, type, kind) \
	SMGW_EXPORT int name(struct smgw_sml_cursor *c, type *ret) \
	{ \
		sml_return_if_fail(c && ret); \
		return smgw__sml_next(c, kind, ret, sizeof(*ret)); \
	}

NEXT_IMPL(smgw_sml_list_entry_next, struct smgw_sml_list_entry, K_LIST_ENTRY)
NEXT_IMPL(smgw_sml_period_entry_next, struct smgw_sml_period_entry, K_PERIOD_ENTRY)
NEXT_IMPL(smgw_sml_header_entry_next, struct smgw_sml_header_entry, K_HEADER_ENTRY)
NEXT_IMPL(smgw_sml_prof_period_next, struct smgw_sml_prof_period, K_PROF_PERIOD)
NEXT_IMPL(smgw_sml_value_entry_next, struct smgw_sml_value_entry, K_VALUE_ENTRY)
NEXT_IMPL(smgw_sml_tree_next, struct smgw_sml_tree, K_TREE)

/* ---- bodies -------------------------------------------------------- */

/* The valList of a GetListResponse: every entry decoded once, and handed to
 * @sink (value extraction) while the message is being validated. */
static int get_val_list(struct smgw_reader *r, struct smgw_sml_get_list_res *p, uint32_t flags,
			struct smgw__sml_sink *sink)
{
	struct smgw_sml_list_entry e;
	struct smgw_sml_elem el;
	size_t start;
	uint32_t i;

	memset(&p->val_list, 0, sizeof(p->val_list));
	if (r->pos < r->size && (r->data[r->pos] & 0xf0) == 0x70) {
		/* One-byte TL list (smgw__sml_read() gives the same). */
		el.len = r->data[r->pos] & 0x0f;
		r->pos++;
	} else {
		SML_TRY(smgw__sml_read(r, &el));
		if (el.type != SMGW_SML_TYPE_LIST)
			return SMGW_E_SML_TYPE;
	}
	if (el.len > smgw_reader_remaining(r))
		return SMGW_E_TRUNCATED;
	start = r->pos;
	for (i = 0; i < el.len; i++) {
		SML_TRY(list_entry_impl(r, &e, flags, 1));
		if (sink)
			smgw__sml_sink_entry(sink, &e, p);
	}
	cursor_set(&p->val_list, r->data + start, r->pos - start, el.len);
	return 0;
}

static int body_decode(struct smgw_reader *r, uint32_t tag, union smgw_sml_body *b, uint32_t flags,
		       struct smgw__sml_sink *sink)
{
	uint64_t v;
	int n;

	switch (tag) {
	case SMGW_SML_OPEN_REQ: {
		struct smgw_sml_open_req *o = &b->open_req;
		SML_TRY(expect_list(r, 7));
		OCT(r, o->codepage, 1);
		OCT(r, o->client_id, 0);
		OCT(r, o->req_file_id, 0);
		OCT(r, o->server_id, 1);
		OCT(r, o->username, 1);
		OCT(r, o->password, 1);
		n = smgw__sml_get_uint(r, 0xff, &v, NULL);
		if (n < 0)
			return n;
		o->has_sml_version = n;
		o->sml_version = n ? (uint32_t)v : 0;
		return 0;
	}
	case SMGW_SML_OPEN_RES: {
		struct smgw_sml_open_res *o = &b->open_res;
		SML_TRY(expect_list(r, 6));
		OCT(r, o->codepage, 1);
		OCT(r, o->client_id, 1);
		OCT(r, o->req_file_id, 0);
		OCT(r, o->server_id, 0);
		TIME(r, o->ref_time, flags);
		n = smgw__sml_get_uint(r, 0xff, &v, NULL);
		if (n < 0)
			return n;
		o->has_sml_version = n;
		o->sml_version = n ? (uint32_t)v : 0;
		return 0;
	}
	case SMGW_SML_CLOSE_REQ:
	case SMGW_SML_CLOSE_RES:
		SML_TRY(expect_list(r, 1));
		OCT(r, b->close.global_signature, 1);
		return 0;
	case SMGW_SML_GET_PROFILE_PACK_REQ:
	case SMGW_SML_GET_PROFILE_LIST_REQ: {
		struct smgw_sml_get_profile_req *q = &b->get_profile_req;
		struct smgw_sml_elem e;
		SML_TRY(expect_list(r, 9));
		OCT(r, q->server_id, 1);
		OCT(r, q->username, 1);
		OCT(r, q->password, 1);
		SML_TRY(smgw__sml_read(r, &e));
		if (e.type == SMGW_SML_TYPE_ABSENT)
			q->with_rawdata = -1;
		else if (e.type == SMGW_SML_TYPE_BOOL)
			q->with_rawdata = e.data[0] != 0;
		else
			return SMGW_E_SML_TYPE;
		TIME(r, q->begin_time, flags);
		TIME(r, q->end_time, flags);
		SML_TRY(get_list(r, &q->parameter_tree_path, 0, K_OCTETS, flags, 2));
		SML_TRY(get_list(r, &q->object_list, 1, K_OCTETS, flags, 2));
		SML_TRY(get_one_tree(r, &q->das_details, 1, flags, 2));
		return 0;
	}
	case SMGW_SML_GET_PROFILE_PACK_RES: {
		struct smgw_sml_get_profile_pack_res *p = &b->get_profile_pack_res;
		SML_TRY(expect_list(r, 8));
		OCT(r, p->server_id, 0);
		TIME(r, p->act_time, flags);
		SML_TRY(req_u32(r, &p->reg_period));
		SML_TRY(get_list(r, &p->parameter_tree_path, 0, K_OCTETS, flags, 2));
		SML_TRY(get_list(r, &p->header_list, 0, K_HEADER_ENTRY, flags, 2));
		SML_TRY(get_list(r, &p->period_list, 0, K_PROF_PERIOD, flags, 2));
		OCT(r, p->rawdata, 1);
		OCT(r, p->profile_signature, 1);
		return 0;
	}
	case SMGW_SML_GET_PROFILE_LIST_RES: {
		struct smgw_sml_get_profile_list_res *p = &b->get_profile_list_res;
		SML_TRY(expect_list(r, 9));
		OCT(r, p->server_id, 0);
		TIME(r, p->act_time, flags);
		SML_TRY(req_u32(r, &p->reg_period));
		SML_TRY(get_list(r, &p->parameter_tree_path, 0, K_OCTETS, flags, 2));
		TIME(r, p->val_time, flags);
		SML_TRY(opt_status(r, &p->status, NULL, &p->has));
		SML_TRY(get_list(r, &p->period_list, 0, K_PERIOD_ENTRY, flags, 2));
		OCT(r, p->rawdata, 1);
		OCT(r, p->period_signature, 1);
		return 0;
	}
	case SMGW_SML_GET_PROC_PARAMETER_REQ: {
		struct smgw_sml_get_proc_parameter_req *q = &b->get_proc_parameter_req;
		SML_TRY(expect_list(r, 5));
		OCT(r, q->server_id, 1);
		OCT(r, q->username, 1);
		OCT(r, q->password, 1);
		SML_TRY(get_list(r, &q->parameter_tree_path, 0, K_OCTETS, flags, 2));
		OCT(r, q->attribute, 1);
		return 0;
	}
	case SMGW_SML_GET_PROC_PARAMETER_RES: {
		struct smgw_sml_get_proc_parameter_res *p = &b->get_proc_parameter_res;
		SML_TRY(expect_list(r, 3));
		OCT(r, p->server_id, 0);
		SML_TRY(get_list(r, &p->parameter_tree_path, 0, K_OCTETS, flags, 2));
		SML_TRY(get_one_tree(r, &p->parameter_tree, 0, flags, 2));
		return 0;
	}
	case SMGW_SML_SET_PROC_PARAMETER_REQ: {
		struct smgw_sml_set_proc_parameter_req *q = &b->set_proc_parameter_req;
		SML_TRY(expect_list(r, 5));
		OCT(r, q->server_id, 1);
		OCT(r, q->username, 1);
		OCT(r, q->password, 1);
		SML_TRY(get_list(r, &q->parameter_tree_path, 0, K_OCTETS, flags, 2));
		SML_TRY(get_one_tree(r, &q->parameter_tree, 0, flags, 2));
		return 0;
	}
	case SMGW_SML_GET_LIST_REQ: {
		struct smgw_sml_get_list_req *q = &b->get_list_req;
		SML_TRY(expect_list(r, 5));
		OCT(r, q->client_id, 0);
		OCT(r, q->server_id, 1);
		OCT(r, q->username, 1);
		OCT(r, q->password, 1);
		OCT(r, q->list_name, 1);
		return 0;
	}
	case SMGW_SML_GET_LIST_RES: {
		struct smgw_sml_get_list_res *p = &b->get_list_res;
		SML_TRY(expect_list(r, 7));
		OCT(r, p->client_id, 1);
		OCT(r, p->server_id, 0);
		OCT(r, p->list_name, 1);
		TIME(r, p->act_sensor_time, flags);
		SML_TRY(get_val_list(r, p, flags, sink));
		OCT(r, p->list_signature, 1);
		TIME(r, p->act_gateway_time, flags);
		return 0;
	}
	case SMGW_SML_ATTENTION_RES: {
		struct smgw_sml_attention_res *p = &b->attention_res;
		SML_TRY(expect_list(r, 4));
		OCT(r, p->server_id, 0);
		OCT(r, p->attention_no, 0);
		OCT(r, p->attention_msg, 1);
		SML_TRY(get_one_tree(r, &p->attention_details, 1, flags, 2));
		return 0;
	}
	default:
		/* Other tags (COSEM access of SML 1.04 and vendor tags): body_raw only. */
		return 0;
	}
}

static const struct smgw_sml_open_req zero_open_req;
static const struct smgw_sml_open_res zero_open_res;
static const struct smgw_sml_close zero_close;
static const struct smgw_sml_get_list_res zero_get_list_res;

/* Zeroes the member of the body union that @tag selects (all of it for
 * other tags); the decoders fill in what is present. */
static void body_clear(union smgw_sml_body *b, uint32_t tag)
{
	switch (tag) {
	case SMGW_SML_OPEN_REQ: b->open_req = zero_open_req; break;
	case SMGW_SML_OPEN_RES: b->open_res = zero_open_res; break;
	case SMGW_SML_CLOSE_REQ:
	case SMGW_SML_CLOSE_RES: b->close = zero_close; break;
	case SMGW_SML_GET_LIST_RES: b->get_list_res = zero_get_list_res; break;
	default: memset(b, 0, sizeof(*b)); break;
	}
}

static const char *tag_name(uint32_t tag)
{
	switch (tag) {
	case SMGW_SML_OPEN_REQ: return "OpenRequest";
	case SMGW_SML_OPEN_RES: return "OpenResponse";
	case SMGW_SML_CLOSE_REQ: return "CloseRequest";
	case SMGW_SML_CLOSE_RES: return "CloseResponse";
	case SMGW_SML_GET_PROFILE_PACK_REQ: return "GetProfilePackRequest";
	case SMGW_SML_GET_PROFILE_PACK_RES: return "GetProfilePackResponse";
	case SMGW_SML_GET_PROFILE_LIST_REQ: return "GetProfileListRequest";
	case SMGW_SML_GET_PROFILE_LIST_RES: return "GetProfileListResponse";
	case SMGW_SML_GET_PROC_PARAMETER_REQ: return "GetProcParameterRequest";
	case SMGW_SML_GET_PROC_PARAMETER_RES: return "GetProcParameterResponse";
	case SMGW_SML_SET_PROC_PARAMETER_REQ: return "SetProcParameterRequest";
	case SMGW_SML_GET_LIST_REQ: return "GetListRequest";
	case SMGW_SML_GET_LIST_RES: return "GetListResponse";
	case SMGW_SML_ATTENTION_RES: return "AttentionResponse";
	default: return NULL;
	}
}

SMGW_EXPORT const char *smgw_sml_tag_name(uint32_t tag)
{
	return tag_name(tag);
}

static int msg_fail(struct smgw_diag *diag, int code, size_t off, const char *what)
{
	return smgw_diag_set(diag, code, off, "SML message at file offset %zu: %s (%s)", off, what,
			     smgw_strerror(code));
}

SMGW_EXPORT int smgw_sml_message_next(struct smgw_reader *file, uint32_t flags, struct smgw_sml_message *ret,
				      struct smgw_diag *diag)
{
	struct smgw_sml_message m;
	int n;

	sml_return_if_fail(file && ret);
	/* The whole union zeroed: the members the tag does not select too. */
	memset(&m, 0, sizeof(m));
	n = smgw__sml_message_decode(file, flags, &m, diag, NULL);
	if (n > 0)
		*ret = m;
	return n;
}

int smgw__sml_message_decode(struct smgw_reader *file, uint32_t flags, struct smgw_sml_message *ret,
			     struct smgw_diag *diag, struct smgw__sml_sink *sink)
{
	struct smgw_reader r;
	struct smgw_sml_message *mp = ret;
	uint64_t v;
	size_t start, body_start, crc_end;
	int e, n;

	sml_return_if_fail(file && ret);
	sml_return_if_fail((flags & ~(SMGW_SML_F_NO_KERMIT | SMGW_SML_F_IGNORE_MSG_CRC | SMGW_SML_F_STRICT |
				      SMGW_SML_F_DZG_FIX)) == 0);
	r = *file;
	while (r.pos < r.size && r.data[r.pos] == 0x00)
		r.pos++;
	if (r.pos == r.size) {
		*file = r;
		return 0;
	}
	/* Every header member is written below on success (the body member
	 * of the tag in body_clear()). */
	mp->reserved = 0;
	start = r.pos;

	{
		/* Fast path: the header as (almost) every meter sends it,
		 * 76 0X <transactionId> 62 gg 62 aa 72 63 tt tt, checked as the
		 * general code below would; anything else takes that code. */
		const uint8_t *d = r.data + r.pos;
		size_t avail = r.size - r.pos, t;

		if (avail >= 11 && d[0] == 0x76 && d[1] >= 0x02 && d[1] <= 0x0f && (t = 2 + (size_t)d[1] - 1) + 9 <= avail &&
		    d[t] == 0x62 && d[t + 2] == 0x62 && d[t + 4] == 0x72 && d[t + 5] == 0x63) {
			mp->transaction_id.data = d + 2;
			mp->transaction_id.len = (uint32_t)d[1] - 1;
			mp->transaction_id.present = 1;
			mp->group_no = d[t + 1];
			mp->abort_on_error = d[t + 3];
			mp->tag = (uint32_t)d[t + 6] << 8 | d[t + 7];
			r.pos += t + 8;
			goto body;
		}
	}
	e = expect_list(&r, 6);
	if (e < 0)
		return msg_fail(diag, e, start, "not a message (list of 6 expected)");
	e = smgw__sml_get_octets(&r, &mp->transaction_id, 0);
	if (e < 0)
		return msg_fail(diag, e, start, "transactionId");
	n = smgw__sml_get_uint(&r, 0xff, &v, NULL);
	if (n <= 0)
		return msg_fail(diag, n < 0 ? n : SMGW_E_SML_TYPE, start, "groupNo");
	mp->group_no = (uint8_t)v;
	n = smgw__sml_get_uint(&r, 0xff, &v, NULL);
	if (n <= 0)
		return msg_fail(diag, n < 0 ? n : SMGW_E_SML_TYPE, start, "abortOnError");
	mp->abort_on_error = (uint8_t)v;
	e = expect_list(&r, 2);
	if (e < 0)
		return msg_fail(diag, e, start, "messageBody (list of 2 expected)");
	n = smgw__sml_get_uint(&r, UINT32_MAX, &v, NULL);
	if (n <= 0)
		return msg_fail(diag, n < 0 ? n : SMGW_E_SML_TYPE, start, "message body tag");
	mp->tag = (uint32_t)v;
body:
	body_clear(&mp->body, mp->tag);
	body_start = r.pos;
	/* Known bodies are decoded (and validated) in one pass; others skipped. */
	if (tag_name(mp->tag))
		e = body_decode(&r, mp->tag, &mp->body, flags, sink);
	else
		e = smgw__sml_skip(&r);
	if (e < 0)
		return msg_fail(diag, e, start, tag_name(mp->tag) ? tag_name(mp->tag) : "message body");
	cursor_set(&mp->body_raw, r.data + body_start, r.pos - body_start, 1);
	crc_end = r.pos;
	if (r.size - r.pos >= 4 && r.data[r.pos] == 0x63 && r.data[r.pos + 3] == 0x00) {
		/* Fast path: 63 cc cc 00. */
		mp->crc_value = (uint16_t)((uint32_t)r.data[r.pos + 1] << 8 | r.data[r.pos + 2]);
		r.pos += 4;
	} else {
		n = smgw__sml_get_uint(&r, 0xffff, &v, NULL);
		if (n <= 0)
			return msg_fail(diag, n < 0 ? n : SMGW_E_SML_TYPE, start, "crc16");
		mp->crc_value = (uint16_t)v;
		if (r.pos >= r.size)
			return msg_fail(diag, SMGW_E_TRUNCATED, start, "endOfSmlMsg missing");
		if (r.data[r.pos] != 0x00)
			return msg_fail(diag, SMGW_E_SML_TYPE, start, "endOfSmlMsg expected");
		r.pos++;
	}

	mp->crc = smgw__sml_msg_crc_match(r.data + start, crc_end - start, mp->crc_value, flags);
	if (mp->crc == SMGW_SML_CRC_NONE && !(flags & SMGW_SML_F_IGNORE_MSG_CRC))
		return msg_fail(diag, SMGW_E_SML_MSG_CRC, start, "message CRC mismatch");

	mp->offset = (uint32_t)start;
	mp->len = (uint32_t)(r.pos - start);
	*file = r;
	return 1;
}
