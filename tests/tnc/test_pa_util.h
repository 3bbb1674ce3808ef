/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the PA-TNC, PB-TNC and PT-TLS tests: capture loading,
 * hex, writer and byte checks, and a context whose allocator counts calls. */
#ifndef TEST_PA_UTIL_H
#define TEST_PA_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <smgw/tnc.h>

#define TNC_DATA SMGW_TEST_DATA "/tnc"
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Reads a whole file into an exact-size heap buffer (ASan sees overreads). */
static inline uint8_t *tnc_load(const char *rel, size_t *ret_len)
{
	char path[1024];
	FILE *f;
	long n;
	uint8_t *buf;

	*ret_len = 0;
	snprintf(path, sizeof(path), "%s/%s", TNC_DATA, rel);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*ret_len = (size_t)n;
	return buf;
}

/* Parses hex with optional blanks into out; returns the length. */
static inline size_t tnc_hex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex; hex++) {
		int v;
		char c = *hex;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			if (n < cap)
				out[n] = (uint8_t)(hi << 4 | v);
			n++;
			hi = -1;
		}
	}
	return n;
}

/* Ends a writer, checks success, returns the length. */
static inline size_t tnc_finish(struct smgw_writer *w)
{
	size_t n = 0;

	assert_int_equal(smgw_writer_finish(w, &n), 0);
	return n;
}

/* Checks that got_len bytes at got are the bytes of hex. */
static inline void tnc_expect_bytes(const uint8_t *got, size_t got_len, const char *hex)
{
	uint8_t exp[2048];
	size_t n = tnc_hex(hex, exp, sizeof(exp));

	assert_int_equal(got_len, n);
	assert_memory_equal(got, exp, n);
}

/* Allocation counter behind a smgw_ctx. */
struct tnc_alloc_count {
	size_t allocs;   /* calls that allocated or grew a block */
	size_t frees;
	size_t live;
	size_t fail_after; /* 0: never fail; n: the n-th allocation fails */
};

static inline void *tnc_count_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
	struct tnc_alloc_count *c = ud;

	(void)old_size;
	if (new_size == 0) {
		if (ptr) {
			c->frees++;
			c->live--;
		}
		free(ptr);
		return NULL;
	}
	c->allocs++;
	if (c->fail_after && c->allocs >= c->fail_after)
		return NULL;
	if (!ptr)
		c->live++;
	return realloc(ptr, new_size);
}

static inline smgw_ctx *tnc_counting_ctx(struct tnc_alloc_count *c)
{
	struct smgw_ctx_params p;
	smgw_ctx *ctx = NULL;

	memset(&p, 0, sizeof(p));
	memset(c, 0, sizeof(*c));
	p.struct_size = sizeof(p);
	p.alloc = tnc_count_alloc;
	p.alloc_userdata = c;
	if (smgw_ctx_new(&p, &ctx) != 0)
		return NULL;
	return ctx;
}

#endif /* TEST_PA_UTIL_H */
