/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Scripted peers for the TNCC and TNCS tests: the peer's byte stream is
 * prepared in memory (PT-TLS messages with PB-TNC batches, built here
 * from the RFC layouts, not with the library's encoders), what the side
 * under test writes is recorded and taken apart again.
 */
#ifndef TNC_SCRIPT_H
#define TNC_SCRIPT_H

#include <stdint.h>
#include <string.h>

#include <smgw/tnc/pt.h>
#include <smgw/tnc/tncc.h>

struct script {
	uint8_t in[8192];
	size_t in_len, in_pos;
	uint8_t out[16384];
	size_t out_len;
};

/* The context and the scripted peer of the test program (setup() of the
 * program creates them). */
static smgw_ctx *ctx;
static struct script sc;

static int teardown(void **state)
{
	(void)state;
	smgw_ctx_unref(ctx);
	return 0;
}

static int script_read(void *ud, void *buf, size_t len, size_t *ret_n)
{
	struct script *s = ud;
	size_t k = s->in_len - s->in_pos;

	if (k > len)
		k = len;
	memcpy(buf, s->in + s->in_pos, k);
	s->in_pos += k;
	*ret_n = k;
	return 0;
}

static int script_write(void *ud, const void *buf, size_t len)
{
	struct script *s = ud;

	if (s->out_len + len > sizeof(s->out))
		return SMGW_E_IO;
	memcpy(s->out + s->out_len, buf, len);
	s->out_len += len;
	return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Appends a PT-TLS message (IETF vendor). */
static void script_pt(struct script *s, uint32_t type, uint32_t id, const uint8_t *v, size_t n)
{
	uint8_t *p = s->in + s->in_len;

	memset(p, 0, 4);
	put32(p + 4, type);
	put32(p + 8, (uint32_t)(16 + n));
	put32(p + 12, id);
	if (n)
		memcpy(p + 16, v, n);
	s->in_len += 16 + n;
}

/* Appends a PT-TLS PB-TNC Batch message with a batch of @p type. */
static void script_batch(struct script *s, int server, uint8_t type, const uint8_t *msgs, size_t n, uint32_t id)
{
	uint8_t b[4096];

	b[0] = 2;
	b[1] = server ? 0x80 : 0;
	b[2] = 0;
	b[3] = type;
	put32(b + 4, (uint32_t)(8 + n));
	if (n)
		memcpy(b + 8, msgs, n);
	script_pt(s, 7, id, b, 8 + n);
}

/* Writes a PB-TNC message into @p p; returns its length. */
static size_t pb_msg(uint8_t *p, uint8_t flags, uint32_t type, const uint8_t *v, size_t n)
{
	p[0] = flags;
	p[1] = p[2] = p[3] = 0;
	put32(p + 4, type);
	put32(p + 8, (uint32_t)(12 + n));
	if (n)
		memcpy(p + 12, v, n);
	return 12 + n;
}

/* Writes a PB-PA message (NOSKIP) with a minimal PA-TNC message body. */
static size_t pb_pa(uint8_t *p, uint8_t excl, uint32_t vendor, uint32_t subtype, uint16_t coll, uint16_t val)
{
	uint8_t v[20];

	v[0] = excl ? 0x80 : 0;
	v[1] = (uint8_t)(vendor >> 16);
	v[2] = (uint8_t)(vendor >> 8);
	v[3] = (uint8_t)vendor;
	put32(v + 4, subtype);
	v[8] = (uint8_t)(coll >> 8);
	v[9] = (uint8_t)coll;
	v[10] = (uint8_t)(val >> 8);
	v[11] = (uint8_t)val;
	/* PA-TNC header: version 1, message id 7, no attributes */
	memcpy(v + 12, "\x01\x00\x00\x00\x00\x00\x00\x07", 8);
	return pb_msg(p, 0x80, 1, v, sizeof(v));
}

/* The n-th PB-TNC batch the side under test wrote (PT-TLS type 7), or NULL. */
static const uint8_t *script_out_batch(const struct script *s, int nth, size_t *ret_len)
{
	size_t off = 0;

	while (off + 16 <= s->out_len) {
		uint32_t len = get32(s->out + off + 8);

		if (len < 16 || off + len > s->out_len)
			return NULL;
		if (get32(s->out + off + 4) == 7 && nth-- == 0) {
			*ret_len = len - 16;
			return s->out + off + 16;
		}
		off += len;
	}
	return NULL;
}

/* Number of PB-TNC batches written. */
static int script_out_batches(const struct script *s)
{
	size_t len;
	int n = 0;

	while (script_out_batch(s, n, &len))
		n++;
	return n;
}

/* The last batch the side under test (@p server 1: the TNCS) wrote must be
 * a CLOSE batch in its direction; returns 0 if it is empty, 1 if it
 * carries a fatal PB-Error (code in *ret_code). */
static int script_closed_with(const struct script *s, int server, int *ret_code)
{
	size_t len = 0;
	const uint8_t *b = script_out_batch(s, script_out_batches(s) - 1, &len);

	assert_non_null(b);
	assert_int_equal(b[0], 2);
	assert_int_equal(b[1], server ? 0x80 : 0);
	assert_int_equal(b[3], 6);
	if (len == 8)
		return 0;
	assert_true(len >= 8 + 20);
	assert_int_equal(get32(b + 8 + 4), 5); /* PB-Error */
	assert_int_equal(b[8] & 0x80, 0x80);   /* NOSKIP */
	assert_int_equal(b[20] & 0x80, 0x80);  /* FATAL */
	*ret_code = b[24] << 8 | b[25];
	return 1;
}

/* Prepares a result for an assess call; access 77 shows that a failed
 * call left it untouched (ret_result is written only on success). */
static void script_result_init(struct smgw_tnc_result *r)
{
	memset(r, 0, sizeof(*r));
	r->struct_size = sizeof(*r);
	r->access = 77;
}

#endif
