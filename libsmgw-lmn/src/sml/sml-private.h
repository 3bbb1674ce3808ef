/* SPDX-License-Identifier: Apache-2.0 */
/* Private helpers of the SML part of libsmgw-lmn. Never installed. */
#ifndef SMGW_SML_PRIVATE_H
#define SMGW_SML_PRIVATE_H

#include <string.h>

#include <smgw/sml.h>

#define SML_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The small field readers of the hot path are inlined whatever the
 * compiler's size heuristics say. */
#if defined(__GNUC__) || defined(__clang__)
#define SML_HOT static inline __attribute__((always_inline))
#else
#define SML_HOT static inline
#endif

#define sml_return_if_fail(expr) \
	do { \
		if (!(expr)) \
			return SMGW_E_INVAL; \
	} while (0)

/* Propagates a negative result. */
#define SML_TRY(expr) \
	do { \
		int sml_try_e_ = (expr); \
		if (sml_try_e_ < 0) \
			return sml_try_e_; \
	} while (0)

extern const uint16_t smgw__sml_crc_table[8][256];

/* One step of the reflected CRC-16 (polynomial 0x1021 reflected = 0x8408). */
static inline uint16_t smgw__sml_crc_byte(uint16_t crc, uint8_t b)
{
	return (uint16_t)((crc >> 8) ^ smgw__sml_crc_table[0][(crc ^ b) & 0xff]);
}

/* Register update over n bytes; no init or final XOR. Carry-less multiply
 * (PCLMULQDQ / PMULL) where the CPU has it, else the table code. */
uint16_t smgw__sml_crc_update(uint16_t crc, const uint8_t *p, size_t n);
/* The portable slicing-by-8 code (reference and fallback). */
uint16_t smgw__sml_crc_update_table(uint16_t crc, const uint8_t *p, size_t n);
/* The carry-less path for any n >= 16 (table code below 16 bytes or
 * without CPU support); for the tests. */
uint16_t smgw__sml_crc_update_clmul(uint16_t crc, const uint8_t *p, size_t n);
/* 1 if this build and CPU have the carry-less path. */
int smgw__sml_crc_have_clmul(void);

/* X-25 register (init 0xFFFF, no final XOR) after 1b1b1b1b 01010101. */
#define SMGW__SML_CRC_START 0x91dc

/* Longest TL field accepted: 4 bytes give 16 length bits, far above any frame. */
#define SML_TL_MAX 4

/* Reads one TL element (smgw_sml_elem_read() without argument checks). */
static inline int smgw__sml_read(struct smgw_reader *r, struct smgw_sml_elem *ret)
{
	size_t pos, avail;
	const uint8_t *p;
	uint32_t len, tl = 1;
	uint8_t b;
	int type;

	pos = r->pos;
	avail = r->size - pos;
	if (avail == 0)
		return SMGW_E_TRUNCATED;
	p = r->data + pos;
	b = p[0];
	if (b == 0x00 || b == 0x01) {
		ret->type = b == 0x00 ? SMGW_SML_TYPE_END : SMGW_SML_TYPE_ABSENT;
		ret->len = 0;
		ret->data = NULL;
		ret->tl_len = 1;
		ret->reserved = 0;
		r->pos = pos + 1;
		return 0;
	}
	type = (b >> 4) & 7;
	len = b & 0x0f;
	while (b & 0x80) {
		if (tl >= SML_TL_MAX)
			return SMGW_E_LIMIT;
		if (tl >= avail)
			return SMGW_E_TRUNCATED;
		b = p[tl++];
		if (b & 0x70)
			return SMGW_E_ENCODING;
		len = (len << 4) | (b & 0x0f);
	}
	switch (type) {
	case SMGW_SML_TYPE_LIST:
		ret->type = type;
		ret->len = len;
		ret->data = p + tl;
		ret->tl_len = tl;
		ret->reserved = 0;
		r->pos = pos + tl;
		return 0;
	case SMGW_SML_TYPE_OCTETS:
	case SMGW_SML_TYPE_BOOL:
	case SMGW_SML_TYPE_INT:
	case SMGW_SML_TYPE_UINT:
		break;
	default:
		return SMGW_E_ENCODING;
	}
	if (len < tl)
		return SMGW_E_ENCODING;
	len -= tl;
	if (type == SMGW_SML_TYPE_BOOL && len != 1)
		return SMGW_E_ENCODING;
	if ((type == SMGW_SML_TYPE_INT || type == SMGW_SML_TYPE_UINT) && (len < 1 || len > 8))
		return SMGW_E_ENCODING;
	if (len > avail - tl)
		return SMGW_E_TRUNCATED;
	ret->type = type;
	ret->len = len;
	ret->data = p + tl;
	ret->tl_len = tl;
	ret->reserved = 0;
	r->pos = pos + tl + len;
	return 0;
}

/* Skips one element with its children (iterative, depth-bounded). */
int smgw__sml_skip(struct smgw_reader *r);

/* What the elements of a list are; each is decoded (validated) once. */
enum kind {
	K_OCTETS,
	K_LIST_ENTRY,
	K_PERIOD_ENTRY,
	K_HEADER_ENTRY,
	K_PROF_PERIOD,
	K_VALUE_ENTRY,
	K_TREE
};

/* Next element of a cursor decoded as @kind into @ret (@size bytes): 1, 0 or error. */
int smgw__sml_next(struct smgw_sml_cursor *c, int kind, void *ret, size_t size);

/* Like smgw_sml_list_entry_next(); @ret may be written even on failure. */
int smgw__sml_list_entry_next(struct smgw_sml_cursor *c, struct smgw_sml_list_entry *ret);

/* smgw_sml_message_next() with a sink (NULL for none); decodes straight into
 * *ret, which holds garbage when it fails. */
struct smgw__sml_sink;
int smgw__sml_message_decode(struct smgw_reader *file, uint32_t flags, struct smgw_sml_message *ret,
			     struct smgw_diag *diag, struct smgw__sml_sink *sink);

/* Message CRC check: returns the matching enum smgw_sml_crc or NONE. */
int smgw__sml_msg_crc_match(const uint8_t *p, size_t n, uint16_t field, uint32_t flags);


/* ---- typed field readers (inline: they are the hot path) ---------- */

SML_HOT int smgw__sml_get_octets(struct smgw_reader *r, struct smgw_sml_octets *ret, int optional)
{
	struct smgw_sml_elem e;

	(void)optional; /* `01` is both "absent" and "empty": accepted everywhere */
	/* Fast path: one-byte TL (0x01..0x0f), by far the most common. */
	if (r->pos < r->size) {
		uint8_t b = r->data[r->pos];

		if (b >= 0x01 && b <= 0x0f) {
			uint32_t n = (uint32_t)b - 1;

			if (n > r->size - r->pos - 1)
				return SMGW_E_TRUNCATED;
			ret->data = n ? r->data + r->pos + 1 : NULL;
			ret->len = n;
			ret->present = n != 0;
			r->pos += 1 + n;
			return 0;
		}
	}
	SML_TRY(smgw__sml_read(r, &e));
	if (e.type == SMGW_SML_TYPE_ABSENT || (e.type == SMGW_SML_TYPE_OCTETS && e.len == 0)) {
		ret->data = NULL;
		ret->len = 0;
		ret->present = 0;
		return 0;
	}
	if (e.type != SMGW_SML_TYPE_OCTETS)
		return SMGW_E_SML_TYPE;
	ret->data = e.data;
	ret->len = e.len;
	ret->present = 1;
	return 0;
}

/* Big-endian unsigned of n (0..8) bytes, in 4-, 2- and 1-byte steps
 * (compilers turn each step into one load and a byte swap). */
SML_HOT uint64_t smgw__sml_be(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;

	while (n >= 4) {
		v = v << 32 | ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
		p += 4;
		n -= 4;
	}
	if (n >= 2) {
		v = v << 16 | (uint32_t)p[0] << 8 | p[1];
		p += 2;
		n -= 2;
	}
	if (n)
		v = v << 8 | p[0];
	return v;
}

SML_HOT int64_t smgw__sml_be_signed(const uint8_t *p, uint32_t n)
{
	uint64_t v = smgw__sml_be(p, n);

	if (n < 8 && (p[0] & 0x80))
		v |= ~UINT64_C(0) << (8 * n);
	return (int64_t)v;
}

/*
 * Unsigned field of at most @max. Meters send narrower (and sometimes
 * wider) widths than the spec names; the value range is what counts. An
 * Integer that is not negative is accepted too.
 * Returns 1 if present, 0 if absent (`01`), or an error.
 */
SML_HOT int smgw__sml_get_uint(struct smgw_reader *r, uint64_t max, uint64_t *ret, uint8_t *ret_width)
{
	struct smgw_sml_elem e;
	uint64_t v;

	/* Fast path: one-byte TL unsigned (0x62..0x69) or absent. */
	if (r->pos < r->size) {
		uint8_t b = r->data[r->pos];

		if (b == 0x01) {
			r->pos++;
			return 0;
		}
		if (b >= 0x62 && b <= 0x69) {
			uint32_t n = (uint32_t)(b & 0x0f) - 1;

			if (n > r->size - r->pos - 1)
				return SMGW_E_TRUNCATED;
			v = smgw__sml_be(r->data + r->pos + 1, n);
			if (v > max)
				return SMGW_E_SML_TYPE;
			r->pos += 1 + n;
			*ret = v;
			if (ret_width)
				*ret_width = (uint8_t)n;
			return 1;
		}
	}
	SML_TRY(smgw__sml_read(r, &e));
	if (e.type == SMGW_SML_TYPE_ABSENT)
		return 0;
	if (e.type == SMGW_SML_TYPE_UINT) {
		v = smgw__sml_be(e.data, e.len);
	} else if (e.type == SMGW_SML_TYPE_INT) {
		int64_t s = smgw__sml_be_signed(e.data, e.len);
		if (s < 0)
			return SMGW_E_SML_TYPE;
		v = (uint64_t)s;
	} else {
		return SMGW_E_SML_TYPE;
	}
	if (v > max)
		return SMGW_E_SML_TYPE;
	*ret = v;
	if (ret_width)
		*ret_width = (uint8_t)e.len;
	return 1;
}

/* Signed field within [min, max]; an Unsigned that fits is accepted. 1/0/error like get_uint. */
SML_HOT int smgw__sml_get_int(struct smgw_reader *r, int64_t min, int64_t max, int64_t *ret)
{
	struct smgw_sml_elem e;
	int64_t v;

	/* Fast path: one-byte TL integer (0x52..0x59) or absent. */
	if (r->pos < r->size) {
		uint8_t b = r->data[r->pos];

		if (b == 0x01) {
			r->pos++;
			return 0;
		}
		if (b >= 0x52 && b <= 0x59) {
			uint32_t n = (uint32_t)(b & 0x0f) - 1;

			if (n > r->size - r->pos - 1)
				return SMGW_E_TRUNCATED;
			v = smgw__sml_be_signed(r->data + r->pos + 1, n);
			if (v < min || v > max)
				return SMGW_E_SML_TYPE;
			r->pos += 1 + n;
			*ret = v;
			return 1;
		}
	}
	SML_TRY(smgw__sml_read(r, &e));
	if (e.type == SMGW_SML_TYPE_ABSENT)
		return 0;
	if (e.type == SMGW_SML_TYPE_INT) {
		v = smgw__sml_be_signed(e.data, e.len);
	} else if (e.type == SMGW_SML_TYPE_UINT) {
		uint64_t u = smgw__sml_be(e.data, e.len);
		if (u > (uint64_t)INT64_MAX)
			return SMGW_E_SML_TYPE;
		v = (int64_t)u;
	} else {
		return SMGW_E_SML_TYPE;
	}
	if (v < min || v > max)
		return SMGW_E_SML_TYPE;
	*ret = v;
	return 1;
}

static inline int smgw__sml_get_time(struct smgw_reader *r, struct smgw_sml_time *ret, uint32_t flags)
{
	struct smgw_reader rr = *r;
	struct smgw_sml_elem e;
	uint64_t tag = 0, v = 0;
	int64_t off = 0;
	int n;

	memset(ret, 0, sizeof(*ret));
	/* Fast paths: absent, and the choice list of 2 with a one-byte TL. */
	if (rr.pos < rr.size && rr.data[rr.pos] == 0x01) {
		r->pos++;
		return 0;
	}
	if (rr.pos < rr.size && rr.data[rr.pos] == 0x72) {
		rr.pos++;
		goto choice;
	}
	SML_TRY(smgw__sml_read(&rr, &e));
	if (e.type == SMGW_SML_TYPE_ABSENT) {
		*r = rr;
		return 0;
	}
	if (e.type == SMGW_SML_TYPE_UINT && !(flags & SMGW_SML_F_STRICT)) {
		/* Deviation (Holley DTZ541): secIndex without the choice wrapper. */
		rr = *r;
		n = smgw__sml_get_uint(&rr, UINT32_MAX, &v, NULL);
		if (n < 0)
			return n;
		ret->kind = SMGW_SML_TIME_SECINDEX;
		ret->value = (uint32_t)v;
		*r = rr;
		return 0;
	}
	if (e.type != SMGW_SML_TYPE_LIST || e.len != 2)
		return SMGW_E_SML_TYPE;
choice:
	n = smgw__sml_get_uint(&rr, 0xff, &tag, NULL);
	if (n < 0)
		return n;
	if (n == 0)
		return SMGW_E_SML_TYPE;
	switch (tag) {
	case SMGW_SML_TIME_SECINDEX:
	case SMGW_SML_TIME_TIMESTAMP:
		n = smgw__sml_get_uint(&rr, UINT32_MAX, &v, NULL);
		if (n < 0)
			return n;
		if (n == 0)
			return SMGW_E_SML_TYPE;
		ret->kind = (int32_t)tag;
		ret->value = (uint32_t)v;
		break;
	case SMGW_SML_TIME_LOCAL:
		SML_TRY(smgw__sml_read(&rr, &e));
		if (e.type != SMGW_SML_TYPE_LIST || e.len != 3)
			return SMGW_E_SML_TYPE;
		n = smgw__sml_get_uint(&rr, UINT32_MAX, &v, NULL);
		if (n <= 0)
			return n < 0 ? n : SMGW_E_SML_TYPE;
		ret->value = (uint32_t)v;
		n = smgw__sml_get_int(&rr, INT16_MIN, INT16_MAX, &off);
		if (n <= 0)
			return n < 0 ? n : SMGW_E_SML_TYPE;
		ret->local_offset = (int16_t)off;
		n = smgw__sml_get_int(&rr, INT16_MIN, INT16_MAX, &off);
		if (n <= 0)
			return n < 0 ? n : SMGW_E_SML_TYPE;
		ret->season_offset = (int16_t)off;
		ret->kind = SMGW_SML_TIME_LOCAL;
		break;
	default:
		return SMGW_E_SML_TYPE;
	}
	*r = rr;
	return 0;
}

static inline int smgw__sml_get_value(struct smgw_reader *r, struct smgw_sml_value *ret)
{
	struct smgw_reader rr = *r;
	struct smgw_sml_elem e;
	size_t start;
	uint32_t i;

	ret->type = SMGW_SML_VALUE_NONE;
	ret->width = 0;
	ret->reserved[0] = ret->reserved[1] = ret->reserved[2] = 0;
	ret->i = 0;
	ret->u = 0;
	ret->octets.data = NULL;
	ret->octets.len = 0;
	ret->octets.present = 0;
	ret->list.r.data = NULL;
	ret->list.r.size = 0;
	ret->list.r.pos = 0;
	ret->list.count = 0;
	ret->list.index = 0;
	ret->list.present = 0;
	ret->list.reserved = 0;
	/* Fast paths: one-byte TL integers and short octet strings. */
	if (rr.pos < rr.size) {
		uint8_t b = rr.data[rr.pos];
		uint32_t n = (uint32_t)(b & 0x0f) - 1;

		if (b >= 0x52 && b <= 0x59) {
			if (n > rr.size - rr.pos - 1)
				return SMGW_E_TRUNCATED;
			ret->type = SMGW_SML_VALUE_INT;
			ret->width = (uint8_t)n;
			ret->i = smgw__sml_be_signed(rr.data + rr.pos + 1, n);
			r->pos = rr.pos + 1 + n;
			return 0;
		}
		if (b >= 0x62 && b <= 0x69) {
			if (n > rr.size - rr.pos - 1)
				return SMGW_E_TRUNCATED;
			ret->type = SMGW_SML_VALUE_UINT;
			ret->width = (uint8_t)n;
			ret->u = smgw__sml_be(rr.data + rr.pos + 1, n);
			r->pos = rr.pos + 1 + n;
			return 0;
		}
		if (b >= 0x02 && b <= 0x0f) {
			if (n > rr.size - rr.pos - 1)
				return SMGW_E_TRUNCATED;
			ret->type = SMGW_SML_VALUE_OCTETS;
			ret->octets.data = rr.data + rr.pos + 1;
			ret->octets.len = n;
			ret->octets.present = 1;
			r->pos = rr.pos + 1 + n;
			return 0;
		}
	}
	SML_TRY(smgw__sml_read(&rr, &e));
	switch (e.type) {
	case SMGW_SML_TYPE_ABSENT:
		ret->type = SMGW_SML_VALUE_NONE;
		break;
	case SMGW_SML_TYPE_OCTETS:
		if (e.len == 0) {
			ret->type = SMGW_SML_VALUE_NONE;
			break;
		}
		ret->type = SMGW_SML_VALUE_OCTETS;
		ret->octets.data = e.data;
		ret->octets.len = e.len;
		ret->octets.present = 1;
		break;
	case SMGW_SML_TYPE_BOOL:
		ret->type = SMGW_SML_VALUE_BOOL;
		ret->width = 1;
		ret->i = e.data[0] != 0;
		break;
	case SMGW_SML_TYPE_INT:
		ret->type = SMGW_SML_VALUE_INT;
		ret->width = (uint8_t)e.len;
		ret->i = smgw__sml_be_signed(e.data, e.len);
		break;
	case SMGW_SML_TYPE_UINT:
		ret->type = SMGW_SML_VALUE_UINT;
		ret->width = (uint8_t)e.len;
		ret->u = smgw__sml_be(e.data, e.len);
		break;
	case SMGW_SML_TYPE_LIST:
		start = rr.pos;
		for (i = 0; i < e.len; i++)
			SML_TRY(smgw__sml_skip(&rr));
		ret->type = SMGW_SML_VALUE_LIST;
		smgw_reader_init(&ret->list.r, rr.data + start, rr.pos - start);
		ret->list.count = e.len;
		ret->list.present = 1;
		break;
	default:
		return SMGW_E_SML_TYPE;
	}
	*r = rr;
	return 0;
}



/* ---- value extraction during validation (values.c, message.c) ---- */

/* Value-bearing messages kept from the validation pass (typical files have one). */
#define SML_KEEP 2

SML_HOT void smgw__sml_set_time(struct smgw_value *v, const struct smgw_sml_time *t)
{
	if (!t || t->kind == SMGW_SML_TIME_NONE)
		return;
	v->capture_ms = (int64_t)t->value * 1000;
	v->flags |= SMGW_VALUE_HAS_CAPTURE_TIME;
	if (t->kind == SMGW_SML_TIME_SECINDEX)
		v->flags |= SMGW_VALUE_SECONDS_INDEX;
}

SML_HOT void smgw__sml_set_server_id(struct smgw_value *v, const struct smgw_sml_octets *id)
{
	if (!id || !id->present || id->len == 0 || id->len > SMGW_SERVER_ID_MAX)
		return;
	memcpy(v->server_id, id->data, id->len);
	v->server_id_len = (uint8_t)id->len;
	v->flags |= SMGW_VALUE_HAS_SERVER_ID;
}

_Static_assert(sizeof(struct smgw_obis) == 6, "struct smgw_obis is a..f without padding");

/*
 * Values of GetListResponse messages are converted while the file is
 * validated and kept here; they are reported once the whole file has
 * passed. Files with more values, more messages, profiles or the DZG
 * correction take the second pass instead.
 */
#define SML_VBUF 16

struct smgw__sml_sink {
	struct smgw_value v[SML_VBUF];
	uint8_t msg[SML_VBUF]; /* index into keep[] */
	int n;
	int overflow;
	int cur;               /* index of the value-bearing message being decoded */
	int tmpl_cur;          /* message whose list-level fields are in tmpl, or -1 */
	struct smgw_value tmpl; /* zero + server id + list time of that message */
};

/*
 * entry_fill() for the values of one GetListResponse: the fields that come
 * from the response (server id, list time) are set once per message in a
 * template; each entry starts from a copy of it. Same result as
 * entry_fill() in values.c (checked by the sml_message fuzz target).
 */
SML_HOT void smgw__sml_sink_entry(struct smgw__sml_sink *b, const struct smgw_sml_list_entry *e,
				  const struct smgw_sml_get_list_res *res)
{
	struct smgw_value *v;

	if (b->overflow)
		return;
	if (b->n == SML_VBUF || b->cur >= SML_KEEP) {
		b->overflow = 1;
		return;
	}
	if (!e->obj_name.present || e->obj_name.len != 6)
		return;
	if (b->tmpl_cur != b->cur) {
		memset(&b->tmpl, 0, sizeof(b->tmpl));
		smgw__sml_set_server_id(&b->tmpl, &res->server_id);
		smgw__sml_set_time(&b->tmpl, &res->act_sensor_time);
		b->tmpl_cur = b->cur;
	}
	v = &b->v[b->n];
	switch (e->value.type) {
	case SMGW_SML_VALUE_BOOL:
	case SMGW_SML_VALUE_INT:
		*v = b->tmpl;
		v->value = e->value.i;
		break;
	case SMGW_SML_VALUE_UINT:
		if (e->value.u > (uint64_t)INT64_MAX)
			return;
		*v = b->tmpl;
		v->value = (int64_t)e->value.u;
		break;
	default:
		return;
	}
	/* struct smgw_obis is the six bytes a..f in wire order. */
	memcpy(&v->obis, e->obj_name.data, sizeof(v->obis));
	if (e->has & SMGW_SML_HAS_UNIT) {
		v->unit = e->unit;
		v->flags |= SMGW_VALUE_HAS_UNIT;
	}
	if (e->has & SMGW_SML_HAS_SCALER)
		v->scaler = e->scaler;
	if (e->has & SMGW_SML_HAS_STATUS) {
		v->status = e->status;
		v->flags |= SMGW_VALUE_HAS_STATUS | SMGW_VALUE_RAW_STATUS;
	}
	if (e->val_time.kind != SMGW_SML_TIME_NONE) {
		/* The entry's own time replaces the list time. */
		v->capture_ms = 0;
		v->flags &= ~(uint32_t)(SMGW_VALUE_HAS_CAPTURE_TIME | SMGW_VALUE_SECONDS_INDEX);
		smgw__sml_set_time(v, &e->val_time);
	}
	b->msg[b->n++] = (uint8_t)b->cur;
}


#endif
