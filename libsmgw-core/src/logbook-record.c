/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Logbook records: CBOR encoding (libcbor's allocation-free encoders) and
 * strict decoding (libcbor's streaming decoder, then re-encoding must give
 * the same bytes, so every record has exactly one valid encoding).
 *
 * CDDL (docs/logbook.md):
 *   record = [
 *     seq: uint, prev: bstr .size 32, rtype: 0..2, time: int,
 *     event-type: uint, level: uint, outcome: int,
 *     source: tstr, subject: tstr / null, recipient: tstr / null,
 *     text: tstr / null, data: bstr / null, sig: bstr / null,
 *     dropped-first: uint / null, dropped-last: uint / null,
 *     dropped-hash: bstr .size 32 / null ]
 */
#include <string.h>

#include <cbor.h>

#include "core-private.h"
#include "logbook-private.h"

uint32_t smgw__crc32(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
	}
	return ~c;
}

/* ---- encoding ---- */

struct enc {
	uint8_t *buf;
	size_t cap, len;
	int err;
};

static void put(struct enc *e, size_t n)
{
	if (n == 0)
		e->err = SMGW_E_LIMIT;
	e->len += n;
}

static void enc_uint(struct enc *e, uint64_t v)
{
	if (!e->err)
		put(e, cbor_encode_uint(v, e->buf + e->len, e->cap - e->len));
}

static void enc_int(struct enc *e, int64_t v)
{
	if (e->err)
		return;
	if (v >= 0)
		put(e, cbor_encode_uint((uint64_t)v, e->buf + e->len, e->cap - e->len));
	else
		put(e, cbor_encode_negint((uint64_t)(-(v + 1)), e->buf + e->len, e->cap - e->len));
}

static void enc_null(struct enc *e)
{
	if (!e->err)
		put(e, cbor_encode_null(e->buf + e->len, e->cap - e->len));
}

static void enc_bytes(struct enc *e, const void *p, size_t n, int text)
{
	if (e->err)
		return;
	if (!p) {
		enc_null(e);
		return;
	}
	put(e, text ? cbor_encode_string_start(n, e->buf + e->len, e->cap - e->len)
		    : cbor_encode_bytestring_start(n, e->buf + e->len, e->cap - e->len));
	if (e->err)
		return;
	if (n > e->cap - e->len) {
		e->err = SMGW_E_LIMIT;
		return;
	}
	memcpy(e->buf + e->len, p, n);
	e->len += n;
}

static void enc_str(struct enc *e, const char *s)
{
	enc_bytes(e, s, s ? strlen(s) : 0, 1);
}

int smgw__log_encode(const struct smgw_logbook_record *r, uint8_t *buf, size_t cap, size_t *ret_len);

int smgw__log_encode(const struct smgw_logbook_record *r, uint8_t *buf, size_t cap, size_t *ret_len)
{
	struct enc e = { buf, cap, 0, 0 };
	int drop = r->rtype == SMGW_LOGBOOK_DROP;

	if (!e.err)
		put(&e, cbor_encode_array_start(SMGW__LOG_NFIELDS, buf, cap));
	enc_uint(&e, r->seq);
	enc_bytes(&e, r->prev_hash, 32, 0);
	enc_uint(&e, (uint64_t)r->rtype);
	enc_int(&e, r->time_ms);
	enc_uint(&e, r->event_type);
	enc_uint(&e, (uint64_t)(uint32_t)r->level);
	enc_int(&e, r->outcome);
	enc_str(&e, r->source ? r->source : "");
	enc_str(&e, r->subject);
	enc_str(&e, r->recipient);
	enc_str(&e, r->text);
	enc_bytes(&e, r->data, r->data_len, 0);
	enc_bytes(&e, r->sig, r->sig_len, 0);
	if (drop) {
		enc_uint(&e, r->dropped_first);
		enc_uint(&e, r->dropped_last);
		enc_bytes(&e, r->dropped_hash, 32, 0);
	} else {
		enc_null(&e);
		enc_null(&e);
		enc_null(&e);
	}
	if (e.err)
		return e.err;
	*ret_len = e.len;
	return 0;
}

/* ---- decoding ---- */

enum kind { K_UINT, K_NEG, K_BSTR, K_TSTR, K_NULL, K_ARRAY, K_OTHER };

struct dec {
	int index;          /* next field, -1 before the array header */
	int bad;
	struct smgw__log_decoded *out;
	int string_slot;
};

/* Expected kinds per field: bit masks of enum kind. */
#define M(k) (1u << (k))
static const unsigned field_kinds[SMGW__LOG_NFIELDS] = {
	M(K_UINT), M(K_BSTR), M(K_UINT), M(K_UINT) | M(K_NEG), M(K_UINT), M(K_UINT), M(K_UINT) | M(K_NEG),
	M(K_TSTR), M(K_TSTR) | M(K_NULL), M(K_TSTR) | M(K_NULL), M(K_TSTR) | M(K_NULL), M(K_BSTR) | M(K_NULL),
	M(K_BSTR) | M(K_NULL), M(K_UINT) | M(K_NULL), M(K_UINT) | M(K_NULL), M(K_BSTR) | M(K_NULL),
};

static int accept(struct dec *d, enum kind k)
{
	if (d->bad)
		return 0;
	if (d->index < 0 || d->index >= SMGW__LOG_NFIELDS || !(field_kinds[d->index] & M(k))) {
		d->bad = 1;
		return 0;
	}
	return 1;
}

static void set_uint(struct dec *d, uint64_t v)
{
	struct smgw_logbook_record *r = &d->out->rec;

	if (!accept(d, K_UINT))
		return;
	switch (d->index) {
	case 0: r->seq = v; break;
	case 2: if (v > SMGW_LOGBOOK_DROP) d->bad = 1; r->rtype = (int32_t)v; break;
	case 3: if (v > INT64_MAX) d->bad = 1; r->time_ms = (int64_t)v; break;
	case 4: if (v > UINT32_MAX) d->bad = 1; r->event_type = (uint32_t)v; break;
	case 5: if (v > INT32_MAX) d->bad = 1; r->level = (int32_t)v; break;
	case 6: if (v > INT32_MAX) d->bad = 1; r->outcome = (int32_t)v; break;
	case 13: r->dropped_first = v; break;
	case 14: r->dropped_last = v; break;
	default: d->bad = 1;
	}
	d->index++;
}

static void set_neg(struct dec *d, uint64_t v)
{
	struct smgw_logbook_record *r = &d->out->rec;

	if (!accept(d, K_NEG))
		return;
	if (d->index == 3 && v <= (uint64_t)INT64_MAX)
		r->time_ms = -(int64_t)v - 1;
	else if (d->index == 6 && v <= (uint64_t)INT32_MAX)
		r->outcome = -(int32_t)v - 1;
	else
		d->bad = 1;
	d->index++;
}

static void cb_u8(void *c, uint8_t v) { set_uint(c, v); }
static void cb_u16(void *c, uint16_t v) { set_uint(c, v); }
static void cb_u32(void *c, uint32_t v) { set_uint(c, v); }
static void cb_u64(void *c, uint64_t v) { set_uint(c, v); }
static void cb_n8(void *c, uint8_t v) { set_neg(c, v); }
static void cb_n16(void *c, uint16_t v) { set_neg(c, v); }
static void cb_n32(void *c, uint32_t v) { set_neg(c, v); }
static void cb_n64(void *c, uint64_t v) { set_neg(c, v); }

static void cb_bstr(void *c, cbor_data p, size_t n)
{
	struct dec *d = c;
	struct smgw_logbook_record *r = &d->out->rec;

	if (!accept(d, K_BSTR))
		return;
	switch (d->index) {
	case 1:
	case 15:
		if (n != 32) {
			d->bad = 1;
			break;
		}
		memcpy(d->index == 1 ? r->prev_hash : r->dropped_hash, p, 32);
		break;
	case 11:
		if (n > SMGW_LOGBOOK_DATA_MAX) {
			d->bad = 1;
			break;
		}
		memcpy(d->out->data, p, n);
		r->data = d->out->data;
		r->data_len = (uint32_t)n;
		break;
	case 12:
		if (n > SMGW_LOGBOOK_SIG_MAX) {
			d->bad = 1;
			break;
		}
		memcpy(d->out->sig, p, n);
		r->sig = d->out->sig;
		r->sig_len = (uint32_t)n;
		break;
	default:
		d->bad = 1;
	}
	d->index++;
}

static void cb_tstr(void *c, cbor_data p, size_t n)
{
	struct dec *d = c;
	struct smgw_logbook_record *r = &d->out->rec;
	size_t max = d->index == 10 ? SMGW_LOGBOOK_TEXT_MAX : SMGW_LOGBOOK_NAME_MAX;
	char *s;

	if (!accept(d, K_TSTR))
		return;
	if (n > max || memchr(p, 0, n) || d->string_slot >= 4) {
		d->bad = 1;
		return;
	}
	s = d->out->strings[d->string_slot++];
	memcpy(s, p, n);
	s[n] = '\0';
	switch (d->index) {
	case 7: r->source = s; break;
	case 8: r->subject = s; break;
	case 9: r->recipient = s; break;
	case 10: r->text = s; break;
	default: d->bad = 1;
	}
	d->index++;
}

static void cb_null(void *c)
{
	struct dec *d = c;

	if (accept(d, K_NULL))
		d->index++;
}

static void cb_array(void *c, size_t n)
{
	struct dec *d = c;

	if (d->index != -1 || n != SMGW__LOG_NFIELDS)
		d->bad = 1;
	d->index = 0;
}

static void cb_bad(void *c)
{
	((struct dec *)c)->bad = 1;
}

static void cb_bad_coll(void *c, size_t n)
{
	(void)n;
	((struct dec *)c)->bad = 1;
}

static void cb_bad_u64(void *c, uint64_t v)
{
	(void)v;
	((struct dec *)c)->bad = 1;
}

static void cb_bad_f(void *c, float v)
{
	(void)v;
	((struct dec *)c)->bad = 1;
}

static void cb_bad_d(void *c, double v)
{
	(void)v;
	((struct dec *)c)->bad = 1;
}

static void cb_bad_b(void *c, bool v)
{
	(void)v;
	((struct dec *)c)->bad = 1;
}

static const struct cbor_callbacks callbacks = {
	.uint8 = cb_u8,
	.uint16 = cb_u16,
	.uint32 = cb_u32,
	.uint64 = cb_u64,
	.negint8 = cb_n8,
	.negint16 = cb_n16,
	.negint32 = cb_n32,
	.negint64 = cb_n64,
	.byte_string_start = cb_bad,
	.byte_string = cb_bstr,
	.string = cb_tstr,
	.string_start = cb_bad,
	.indef_array_start = cb_bad,
	.array_start = cb_array,
	.indef_map_start = cb_bad,
	.map_start = cb_bad_coll,
	.tag = cb_bad_u64,
	.float2 = cb_bad_f,
	.float4 = cb_bad_f,
	.float8 = cb_bad_d,
	.undefined = cb_bad,
	.null = cb_null,
	.boolean = cb_bad_b,
	.indef_break = cb_bad,
};

int smgw__log_decode(const uint8_t *cbor, size_t len, struct smgw__log_decoded *out)
{
	struct dec d;
	size_t pos = 0, relen;
	uint8_t again[SMGW__LOG_CBOR_MAX];

	if (len == 0 || len > SMGW__LOG_CBOR_MAX)
		return SMGW_E_ENCODING;
	memset(&out->rec, 0, sizeof(out->rec));
	d.index = -1;
	d.bad = 0;
	d.out = out;
	d.string_slot = 0;
	while (pos < len && !d.bad && d.index < SMGW__LOG_NFIELDS) {
		struct cbor_decoder_result r = cbor_stream_decode(cbor + pos, len - pos, &callbacks, &d);

		if (r.status != CBOR_DECODER_FINISHED || r.read == 0)
			return SMGW_E_ENCODING;
		pos += r.read;
	}
	if (d.bad || d.index != SMGW__LOG_NFIELDS || pos != len || !out->rec.source)
		return SMGW_E_ENCODING;
	/* One valid encoding only: canonical integers and lengths, and the drop
	 * fields present exactly in drop records (the encoder writes nulls in
	 * all others). */
	if (smgw__log_encode(&out->rec, again, sizeof(again), &relen) != 0 || relen != len ||
	    memcmp(again, cbor, len) != 0)
		return SMGW_E_ENCODING;
	return 0;
}
