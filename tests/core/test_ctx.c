/* SPDX-License-Identifier: Apache-2.0 */
/* Context, allocator hook, log callback, error registry and diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smgw/core.h>

/* A counting allocator that can be told to fail after N allocations. */
struct counting_alloc {
	size_t live_blocks;
	size_t live_bytes;
	size_t allocs;
	long fail_after; /* -1: never */
	int size_mismatch; /* old_size did not match what we handed out */
};

struct hdr {
	size_t size;
	size_t pad;
};

static void *counting_fn(void *ud, void *ptr, size_t old_size, size_t new_size)
{
	struct counting_alloc *a = ud;
	struct hdr *h;

	if (ptr) {
		h = (struct hdr *)ptr - 1;
		if (h->size != old_size)
			a->size_mismatch = 1;
	}
	if (new_size == 0) {
		if (ptr) {
			h = (struct hdr *)ptr - 1;
			a->live_blocks--;
			a->live_bytes -= h->size;
			free(h);
		}
		return NULL;
	}
	if (a->fail_after >= 0 && (long)a->allocs >= a->fail_after)
		return NULL;
	a->allocs++;
	h = realloc(ptr ? (struct hdr *)ptr - 1 : NULL, sizeof(*h) + new_size);
	if (!h)
		return NULL;
	if (!ptr)
		a->live_blocks++;
	else
		a->live_bytes -= old_size;
	a->live_bytes += new_size;
	h->size = new_size;
	return h + 1;
}

static void test_defaults(void **state)
{
	smgw_ctx *ctx = NULL;
	void *p;

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	assert_non_null(ctx);
	assert_false(smgw_ctx_log_enabled(ctx, SMGW_LOG_ERR)); /* silent by default */
	assert_null(smgw_ctx_ossl_libctx(ctx));
	assert_null(smgw_ctx_ossl_propq(ctx));
	p = smgw_ctx_malloc(ctx, 100);
	assert_non_null(p);
	p = smgw_ctx_realloc(ctx, p, 100, 1000);
	assert_non_null(p);
	smgw_ctx_free(ctx, p, 1000);
	assert_null(smgw_ctx_malloc(ctx, 0));
	assert_null(smgw_ctx_calloc(ctx, SIZE_MAX / 2, 4)); /* overflow */
	assert_ptr_equal(smgw_ctx_ref(ctx), ctx);
	assert_null(smgw_ctx_unref(ctx));
	assert_null(smgw_ctx_unref(ctx));
	assert_null(smgw_ctx_unref(NULL));
	assert_null(smgw_ctx_ref(NULL));
}

static void test_invalid_params(void **state)
{
	struct smgw_ctx_params p;
	smgw_ctx *ctx = (smgw_ctx *)0x1;

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, NULL), SMGW_E_INVAL);
	memset(&p, 0, sizeof(p));
	p.struct_size = 4; /* smaller than the 1.0 layout */
	assert_int_equal(smgw_ctx_new(&p, &ctx), SMGW_E_INVAL);
	p.struct_size = sizeof(p);
	p.flags = 1; /* reserved */
	assert_int_equal(smgw_ctx_new(&p, &ctx), SMGW_E_INVAL);
	p.flags = 0;
	p.log_level = 99;
	assert_int_equal(smgw_ctx_new(&p, &ctx), SMGW_E_INVAL);
	/* ret_ctx untouched on failure */
	assert_ptr_equal(ctx, (smgw_ctx *)0x1);
}

/* A caller compiled against a future, larger params struct: the extra
 * tail is ignored; the known members are honoured. */
static void test_params_larger_struct(void **state)
{
	struct {
		struct smgw_ctx_params p;
		uint64_t future[4];
	} big;
	struct counting_alloc a = { 0, 0, 0, -1, 0 };
	smgw_ctx *ctx;

	(void)state;
	memset(&big, 0, sizeof(big));
	big.p.struct_size = sizeof(big);
	big.p.alloc = counting_fn;
	big.p.alloc_userdata = &a;
	big.future[0] = 0xdeadbeef;
	assert_int_equal(smgw_ctx_new(&big.p, &ctx), 0);
	assert_int_equal(a.live_blocks, 1);
	smgw_ctx_unref(ctx);
	assert_int_equal(a.live_blocks, 0);
}

static void test_allocator_hook_and_oom(void **state)
{
	struct counting_alloc a = { 0, 0, 0, -1, 0 };
	struct smgw_ctx_params p;
	smgw_ctx *ctx;
	long n;
	char *q;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.struct_size = sizeof(p);
	p.alloc = counting_fn;
	p.alloc_userdata = &a;
	p.ossl_propq = "provider=default";

	/* Deterministic OOM injection: every allocation point fails once. */
	for (n = 0; n < 3; n++) {
		smgw_ctx *c = (smgw_ctx *)0x1;
		a.fail_after = n;
		a.allocs = 0;
		if (n < 2) {
			assert_int_equal(smgw_ctx_new(&p, &c), SMGW_E_NOMEM);
			assert_ptr_equal(c, (smgw_ctx *)0x1);
			assert_int_equal(a.live_blocks, 0);
		} else {
			assert_int_equal(smgw_ctx_new(&p, &c), 0);
			smgw_ctx_unref(c);
		}
	}
	a.fail_after = -1;
	assert_int_equal(smgw_ctx_new(&p, &ctx), 0);
	assert_string_equal(smgw_ctx_ossl_propq(ctx), "provider=default");
	q = smgw_ctx_calloc(ctx, 10, 10);
	assert_non_null(q);
	for (n = 0; n < 100; n++)
		assert_int_equal(q[n], 0);
	q = smgw_ctx_realloc(ctx, q, 100, 10);
	assert_non_null(q);
	a.fail_after = 0; /* realloc failure keeps the old block */
	a.allocs = 0;
	assert_null(smgw_ctx_realloc(ctx, q, 10, 1 << 20));
	a.fail_after = -1;
	smgw_ctx_free(ctx, q, 10);
	smgw_ctx_unref(ctx);
	assert_int_equal(a.live_blocks, 0);
	assert_int_equal(a.live_bytes, 0);
	assert_false(a.size_mismatch);
}

struct log_capture {
	int calls;
	int level;
	char domain[32];
	char msg[600];
};

static void capture_log(void *ud, int level, const char *domain, const char *msg)
{
	struct log_capture *c = ud;

	c->calls++;
	c->level = level;
	snprintf(c->domain, sizeof(c->domain), "%s", domain);
	snprintf(c->msg, sizeof(c->msg), "%s", msg);
}

static void test_log(void **state)
{
	struct log_capture cap;
	smgw_ctx *ctx;
	char big[2000];

	(void)state;
	memset(&cap, 0, sizeof(cap));
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	smgw_ctx_log(ctx, SMGW_LOG_ERR, "core", "silent %d", 1);
	assert_int_equal(smgw_ctx_set_log(ctx, capture_log, &cap, SMGW_LOG_INFO), 0);
	assert_int_equal(smgw_ctx_set_log(ctx, capture_log, &cap, 8), SMGW_E_INVAL);
	smgw_ctx_log(ctx, SMGW_LOG_DEBUG, "core", "filtered");
	assert_int_equal(cap.calls, 0);
	smgw_ctx_log(ctx, SMGW_LOG_INFO, "sml", "value %d of %s", 42, "x");
	assert_int_equal(cap.calls, 1);
	assert_int_equal(cap.level, SMGW_LOG_INFO);
	assert_string_equal(cap.domain, "sml");
	assert_string_equal(cap.msg, "value 42 of x");
	smgw_ctx_log(ctx, SMGW_LOG_WARNING, NULL, "no domain");
	assert_string_equal(cap.domain, "smgw");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	smgw_ctx_log(ctx, SMGW_LOG_NOTICE, "core", "%s", big);
	assert_int_equal(strlen(cap.msg), 511); /* truncated, not overflowed */
	assert_int_equal(smgw_ctx_set_log(ctx, NULL, NULL, SMGW_LOG_DEBUG), 0);
	assert_false(smgw_ctx_log_enabled(ctx, SMGW_LOG_ERR));
	smgw_ctx_unref(ctx);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(smgw_strerror(0), "success");
	assert_string_equal(smgw_strerror(SMGW_E_NOMEM), "out of memory");
	assert_string_equal(smgw_strerror_name(SMGW_E_SYNTAX), "SMGW_E_SYNTAX");
	/* old binaries meet new codes: never NULL */
	assert_string_equal(smgw_strerror(-98), "unknown error");
	assert_string_equal(smgw_strerror(12345), "unknown error");
	assert_string_equal(smgw_strerror_name(-98), "SMGW_E_UNKNOWN");
	/* stable values: the registry is append-only */
	assert_int_equal(SMGW_E_INVAL, -1);
	assert_int_equal(SMGW_E_NOMEM, -2);
	assert_int_equal(SMGW_E_BUFSIZE, -3);
	assert_int_equal(SMGW_E_TORN, -25);
	assert_int_equal(SMGW_E_PKI_FIRST, -100);
	assert_int_equal(SMGW_E_LMN_FIRST, -400);
}

/* Every code the headers define has a distinct name and text. */
static void test_registry_complete(void **state)
{
	int e;

	(void)state;
	for (e = -1; e > -500; e--) {
		const char *name = smgw_strerror_name(e);
		if (strcmp(name, "SMGW_E_UNKNOWN") == 0)
			continue;
		assert_true(strncmp(name, "SMGW_E_", 7) == 0);
		assert_string_not_equal(smgw_strerror(e), "unknown error");
	}
}

static void test_diag(void **state)
{
	struct smgw_diag d = SMGW_DIAG_INIT;
	struct {
		uint32_t struct_size;
		int32_t code;
		uint64_t offset;
		uint32_t canary;
	} small;

	(void)state;
	assert_int_equal(smgw_diag_set(&d, SMGW_E_SYNTAX, 17, "bad byte 0x%02x", 0x7e), SMGW_E_SYNTAX);
	assert_int_equal(d.code, SMGW_E_SYNTAX);
	assert_int_equal(d.offset, 17);
	assert_string_equal(d.message, "bad byte 0x7e");
	smgw_diag_set(&d, SMGW_E_IO, UINT64_MAX, NULL);
	assert_string_equal(d.message, "input/output error");
	smgw_diag_clear(&d);
	assert_int_equal(d.code, 0);
	assert_int_equal(d.depth, -1);
	assert_int_equal(d.offset, UINT64_MAX);
	assert_string_equal(d.message, "");
	assert_int_equal(smgw_diag_set(NULL, SMGW_E_IO, 0, "x"), SMGW_E_IO);
	smgw_diag_clear(NULL);

	/* An older caller with a smaller struct: nothing written past it. */
	small.struct_size = offsetof(struct smgw_diag, offset) + sizeof(uint64_t);
	small.canary = 0xa5a5a5a5;
	smgw_diag_set((struct smgw_diag *)&small, SMGW_E_RANGE, 3, "long message that must not be written");
	assert_int_equal(small.code, SMGW_E_RANGE);
	assert_int_equal(small.offset, 3);
	assert_int_equal(small.canary, 0xa5a5a5a5);
}

static void test_wipe_and_memcmp(void **state)
{
	uint8_t key[16];
	size_t i;

	(void)state;
	memset(key, 0x5a, sizeof(key));
	smgw_wipe(key, sizeof(key));
	for (i = 0; i < sizeof(key); i++)
		assert_int_equal(key[i], 0);
	smgw_wipe(NULL, 10);
	assert_int_equal(smgw_memcmp_const("abc", "abc", 3), 0);
	assert_int_not_equal(smgw_memcmp_const("abc", "abd", 3), 0);
	assert_int_equal(smgw_memcmp_const("", "", 0), 0);
	assert_string_equal(smgw_version(), SMGW_VERSION_STRING);
	assert_int_equal(SMGW_VERSION_HEX >> 16, SMGW_VERSION_MAJOR);
}

/* ABI pins: frozen layouts of public structs (checked on every target). */
static void test_abi_pins(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct smgw_diag, struct_size), 0);
	assert_int_equal(offsetof(struct smgw_diag, code), 4);
	assert_int_equal(offsetof(struct smgw_diag, offset), 8);
	assert_int_equal(offsetof(struct smgw_diag, line), 16);
	assert_int_equal(offsetof(struct smgw_diag, depth), 20);
	assert_int_equal(offsetof(struct smgw_diag, openssl_err), 24);
	assert_int_equal(offsetof(struct smgw_diag, message), 32);
	assert_int_equal(sizeof(struct smgw_diag), 160);
	assert_int_equal(offsetof(struct smgw_ctx_params, alloc), 8);
	assert_int_equal(sizeof(struct smgw_obis), 6);
	assert_int_equal(sizeof(struct smgw_value), 72);
	assert_int_equal(offsetof(struct smgw_value, value), 8);
	assert_int_equal(offsetof(struct smgw_value, flags), 40);
	assert_int_equal(offsetof(struct smgw_value, server_id), 49);
	assert_int_equal(offsetof(struct smgw_tm, ms), 10);
	assert_int_equal(sizeof(struct smgw_tm), 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_invalid_params),
		cmocka_unit_test(test_params_larger_struct),
		cmocka_unit_test(test_allocator_hook_and_oom),
		cmocka_unit_test(test_log),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_registry_complete),
		cmocka_unit_test(test_diag),
		cmocka_unit_test(test_wipe_and_memcmp),
		cmocka_unit_test(test_abi_pins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
