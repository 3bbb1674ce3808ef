/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SML elements: TL fields, skipping, cursors and typed field readers.
 *
 * TL byte: m ttt llll (m: another TL byte follows; ttt: 000 octet string,
 * 100 boolean, 101 integer, 110 unsigned, 111 list). Continuation bytes are
 * m 000 llll; the length is the concatenation of the nibbles. For
 * non-lists the length counts the TL bytes too; for lists it is the number
 * of elements. 00 is EndOfSmlMsg, 01 an absent optional field.
 */
#include <string.h>

#include "sml-private.h"


SMGW_EXPORT int smgw_sml_elem_read(struct smgw_reader *r, struct smgw_sml_elem *ret)
{
	sml_return_if_fail(r && ret);
	return smgw__sml_read(r, ret);
}

SMGW_EXPORT int smgw_sml_elem_skip(struct smgw_reader *r)
{
	sml_return_if_fail(r);
	return smgw__sml_skip(r);
}

int smgw__sml_skip(struct smgw_reader *r)
{
	uint32_t left[SMGW_SML_MAX_DEPTH];
	struct smgw_reader rr;
	struct smgw_sml_elem e;
	int depth = 0;

	rr = *r;
	for (;;) {
		SML_TRY(smgw__sml_read(&rr, &e));
		if (e.type == SMGW_SML_TYPE_END)
			return SMGW_E_ENCODING;
		if (e.type == SMGW_SML_TYPE_LIST && e.len > 0) {
			/* Each element needs at least one byte. */
			if (e.len > smgw_reader_remaining(&rr))
				return SMGW_E_TRUNCATED;
			if (depth >= SMGW_SML_MAX_DEPTH)
				return SMGW_E_LIMIT;
			left[depth++] = e.len;
		}
		while (depth > 0 && left[depth - 1] == 0)
			depth--;
		if (depth == 0)
			break;
		left[depth - 1]--;
	}
	*r = rr;
	return 0;
}

SMGW_EXPORT void smgw_sml_cursor_init(struct smgw_sml_cursor *c, const uint8_t *data, size_t len, uint32_t count)
{
	if (!c)
		return;
	memset(c, 0, sizeof(*c));
	smgw_reader_init(&c->r, data, len);
	c->count = count;
	c->present = data != NULL;
}

SMGW_EXPORT int smgw_sml_elem_next(struct smgw_sml_cursor *c, struct smgw_sml_elem *ret,
				   struct smgw_sml_cursor *ret_raw)
{
	struct smgw_reader rr;
	struct smgw_sml_elem e;
	size_t start;

	sml_return_if_fail(c && ret);
	if (c->index >= c->count)
		return 0;
	rr = c->r;
	start = rr.pos;
	SML_TRY(smgw__sml_read(&rr, &e));
	if (e.type == SMGW_SML_TYPE_END)
		return SMGW_E_ENCODING;
	if (ret_raw) {
		struct smgw_reader all = c->r;

		SML_TRY(smgw__sml_skip(&all));
		smgw_sml_cursor_init(ret_raw, c->r.data + start, all.pos - start, 1);
	}
	if (e.type == SMGW_SML_TYPE_LIST) {
		/* Step over the children too. */
		rr = c->r;
		SML_TRY(smgw__sml_skip(&rr));
	}
	c->r = rr;
	c->index++;
	*ret = e;
	return 1;
}

SMGW_EXPORT int smgw_sml_octets_next(struct smgw_sml_cursor *c, struct smgw_sml_octets *ret)
{
	struct smgw_reader rr;
	struct smgw_sml_octets os;

	sml_return_if_fail(c && ret);
	if (c->index >= c->count)
		return 0;
	rr = c->r;
	SML_TRY(smgw__sml_get_octets(&rr, &os, 1));
	c->r = rr;
	c->index++;
	*ret = os;
	return 1;
}

/* ---- writers ------------------------------------------------------- */

SMGW_EXPORT void smgw_sml_write_tl(struct smgw_writer *w, int32_t type, uint32_t len)
{
	uint8_t tl[8] = { 0 };
	unsigned n = 1, i;
	uint64_t total;

	if (!w)
		return;
	if (type < 0 || type > 7 || (type >= 1 && type <= 3)) {
		w->err = SMGW_E_INVAL;
		return;
	}
	if (type == SMGW_SML_TYPE_LIST) {
		total = len;
		while ((total >> (4 * n)) != 0)
			n++;
	} else {
		/* The length includes the TL bytes: find the smallest n that holds it. */
		for (;;) {
			total = (uint64_t)len + n;
			if ((total >> (4 * n)) == 0)
				break;
			n++;
		}
	}
	if (n > SML_TL_MAX) {
		w->err = SMGW_E_RANGE;
		return;
	}
	for (i = 0; i < n; i++) {
		uint8_t nib = (uint8_t)((total >> (4 * (n - 1 - i))) & 0x0f);
		tl[i] = (uint8_t)(nib | (i + 1 < n ? 0x80 : 0x00));
	}
	tl[0] |= (uint8_t)(type << 4);
	smgw_writer_bytes(w, tl, n);
}

SMGW_EXPORT void smgw_sml_write_absent(struct smgw_writer *w)
{
	if (w)
		smgw_writer_u8(w, 0x01);
}

SMGW_EXPORT void smgw_sml_write_octets(struct smgw_writer *w, const struct smgw_sml_octets *os)
{
	if (!w)
		return;
	if (!os || !os->present || os->len == 0 || !os->data) {
		smgw_writer_u8(w, 0x01);
		return;
	}
	smgw_sml_write_tl(w, SMGW_SML_TYPE_OCTETS, os->len);
	smgw_writer_bytes(w, os->data, os->len);
}

SMGW_EXPORT void smgw_sml_write_uint(struct smgw_writer *w, unsigned width, uint64_t v)
{
	if (!w)
		return;
	if (width < 1 || width > 8) {
		w->err = SMGW_E_INVAL;
		return;
	}
	smgw_sml_write_tl(w, SMGW_SML_TYPE_UINT, width);
	smgw_writer_be(w, width, v);
}

SMGW_EXPORT void smgw_sml_write_int(struct smgw_writer *w, unsigned width, int64_t v)
{
	if (!w)
		return;
	if (width < 1 || width > 8) {
		w->err = SMGW_E_INVAL;
		return;
	}
	smgw_sml_write_tl(w, SMGW_SML_TYPE_INT, width);
	smgw_writer_be(w, width, (uint64_t)v);
}

SMGW_EXPORT void smgw_sml_write_bool(struct smgw_writer *w, int v)
{
	if (!w)
		return;
	smgw_writer_u8(w, 0x42);
	smgw_writer_u8(w, v ? 0x01 : 0x00);
}

SMGW_EXPORT void smgw_sml_write_cursor(struct smgw_writer *w, const struct smgw_sml_cursor *c)
{
	if (!w)
		return;
	if (!c || !c->present) {
		smgw_writer_u8(w, 0x01);
		return;
	}
	smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, c->count - c->index);
	if (smgw_reader_remaining(&c->r) > 0)
		smgw_writer_bytes(w, smgw_reader_cur(&c->r), smgw_reader_remaining(&c->r));
}

SMGW_EXPORT void smgw_sml_write_time(struct smgw_writer *w, const struct smgw_sml_time *t)
{
	if (!w)
		return;
	if (!t || t->kind == SMGW_SML_TIME_NONE) {
		smgw_writer_u8(w, 0x01);
		return;
	}
	if (t->kind < SMGW_SML_TIME_SECINDEX || t->kind > SMGW_SML_TIME_LOCAL) {
		w->err = SMGW_E_INVAL;
		return;
	}
	smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 2);
	smgw_sml_write_uint(w, 1, (uint64_t)t->kind);
	if (t->kind == SMGW_SML_TIME_LOCAL) {
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 3);
		smgw_sml_write_uint(w, 4, t->value);
		smgw_sml_write_int(w, 2, t->local_offset);
		smgw_sml_write_int(w, 2, t->season_offset);
	} else {
		smgw_sml_write_uint(w, 4, t->value);
	}
}

static unsigned uint_width(uint64_t v)
{
	unsigned n = 1;

	while (n < 8 && (v >> (8 * n)) != 0)
		n++;
	return n;
}

static unsigned int_width(int64_t v)
{
	unsigned n = 1;

	while (n < 8) {
		int64_t lo = -((int64_t)1 << (8 * n - 1));
		int64_t hi = ((int64_t)1 << (8 * n - 1)) - 1;
		if (v >= lo && v <= hi)
			break;
		n++;
	}
	return n;
}

SMGW_EXPORT void smgw_sml_write_value(struct smgw_writer *w, const struct smgw_sml_value *v)
{
	if (!w)
		return;
	if (!v) {
		smgw_writer_u8(w, 0x01);
		return;
	}
	switch (v->type) {
	case SMGW_SML_VALUE_NONE:
		smgw_writer_u8(w, 0x01);
		break;
	case SMGW_SML_VALUE_BOOL:
		smgw_sml_write_bool(w, v->i != 0);
		break;
	case SMGW_SML_VALUE_INT:
		smgw_sml_write_int(w, v->width ? v->width : int_width(v->i), v->i);
		break;
	case SMGW_SML_VALUE_UINT:
		smgw_sml_write_uint(w, v->width ? v->width : uint_width(v->u), v->u);
		break;
	case SMGW_SML_VALUE_OCTETS:
		smgw_sml_write_octets(w, &v->octets);
		break;
	case SMGW_SML_VALUE_LIST:
		smgw_sml_write_cursor(w, &v->list);
		break;
	default:
		w->err = SMGW_E_INVAL;
		break;
	}
}
