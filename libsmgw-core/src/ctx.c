/* SPDX-License-Identifier: Apache-2.0 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core-private.h"

struct smgw_ctx {
	atomic_uint refcount;
	smgw_alloc_fn alloc;
	void *alloc_userdata;
	smgw_log_fn log;
	void *log_userdata;
	int log_level;
	struct ossl_lib_ctx_st *ossl_libctx;
	char *ossl_propq;
	size_t ossl_propq_size;
};

/* The 1.0 layout of struct smgw_ctx_params ends with ossl_propq. */
#define PARAMS_MIN_SIZE (offsetof(struct smgw_ctx_params, ossl_propq) + sizeof(const char *))

static void *default_alloc(void *userdata, void *ptr, size_t old_size, size_t new_size)
{
	(void)userdata;
	(void)old_size;
	if (new_size == 0) {
		free(ptr);
		return NULL;
	}
	return realloc(ptr, new_size);
}

SMGW_EXPORT int smgw_ctx_new(const struct smgw_ctx_params *params, smgw_ctx **ret_ctx)
{
	struct smgw_ctx_params p;
	smgw_alloc_fn alloc;
	smgw_ctx *ctx;

	smgw_return_if_fail(ret_ctx);
	memset(&p, 0, sizeof(p));
	if (params) {
		smgw_return_if_fail(params->struct_size >= PARAMS_MIN_SIZE);
		memcpy(&p, params, params->struct_size < sizeof(p) ? params->struct_size : sizeof(p));
		smgw_return_if_fail(p.flags == 0 && p.reserved0 == 0);
		smgw_return_if_fail(p.log_level >= 0 && p.log_level <= SMGW_LOG_DEBUG);
	}
	alloc = p.alloc ? p.alloc : default_alloc;
	ctx = alloc(p.alloc_userdata, NULL, 0, sizeof(*ctx));
	if (!ctx)
		return SMGW_E_NOMEM;
	memset(ctx, 0, sizeof(*ctx));
	atomic_init(&ctx->refcount, 1);
	ctx->alloc = alloc;
	ctx->alloc_userdata = p.alloc_userdata;
	ctx->log = p.log;
	ctx->log_userdata = p.log_userdata;
	ctx->log_level = p.log ? p.log_level : 0;
	ctx->ossl_libctx = p.ossl_libctx;
	if (p.ossl_propq) {
		size_t n = strlen(p.ossl_propq) + 1;

		ctx->ossl_propq = alloc(p.alloc_userdata, NULL, 0, n);
		if (!ctx->ossl_propq) {
			alloc(p.alloc_userdata, ctx, sizeof(*ctx), 0);
			return SMGW_E_NOMEM;
		}
		memcpy(ctx->ossl_propq, p.ossl_propq, n);
		ctx->ossl_propq_size = n;
	}
	*ret_ctx = ctx;
	return 0;
}

SMGW_EXPORT smgw_ctx *smgw_ctx_ref(smgw_ctx *ctx)
{
	if (ctx)
		atomic_fetch_add_explicit(&ctx->refcount, 1, memory_order_relaxed);
	return ctx;
}

SMGW_EXPORT smgw_ctx *smgw_ctx_unref(smgw_ctx *ctx)
{
	smgw_alloc_fn alloc;
	void *ud;

	if (!ctx)
		return NULL;
	if (atomic_fetch_sub_explicit(&ctx->refcount, 1, memory_order_acq_rel) != 1)
		return NULL;
	alloc = ctx->alloc;
	ud = ctx->alloc_userdata;
	if (ctx->ossl_propq)
		alloc(ud, ctx->ossl_propq, ctx->ossl_propq_size, 0);
	alloc(ud, ctx, sizeof(*ctx), 0);
	return NULL;
}

SMGW_EXPORT int smgw_ctx_set_log(smgw_ctx *ctx, smgw_log_fn fn, void *userdata, int level)
{
	smgw_return_if_fail(ctx);
	smgw_return_if_fail(level >= 0 && level <= SMGW_LOG_DEBUG);
	ctx->log = fn;
	ctx->log_userdata = userdata;
	ctx->log_level = fn ? level : 0;
	return 0;
}

SMGW_EXPORT int smgw_ctx_log_enabled(const smgw_ctx *ctx, int level)
{
	return ctx && ctx->log && level <= ctx->log_level && level <= SMGW_LOG_MAX_LEVEL;
}

SMGW_EXPORT void smgw_ctx_logv(const smgw_ctx *ctx, int level, const char *domain, const char *fmt, va_list ap)
{
	char buf[512];

	if (!smgw_ctx_log_enabled(ctx, level) || !fmt)
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	ctx->log(ctx->log_userdata, level, domain ? domain : "smgw", buf);
}

SMGW_EXPORT void smgw_ctx_log(const smgw_ctx *ctx, int level, const char *domain, const char *fmt, ...)
{
	va_list ap;

	if (!smgw_ctx_log_enabled(ctx, level))
		return;
	va_start(ap, fmt);
	smgw_ctx_logv(ctx, level, domain, fmt, ap);
	va_end(ap);
}

SMGW_EXPORT void *smgw_ctx_malloc(const smgw_ctx *ctx, size_t size)
{
	if (!ctx || size == 0)
		return NULL;
	return ctx->alloc(ctx->alloc_userdata, NULL, 0, size);
}

SMGW_EXPORT void *smgw_ctx_calloc(const smgw_ctx *ctx, size_t n, size_t size)
{
	void *p;

	if (!ctx || n == 0 || size == 0 || n > SIZE_MAX / size)
		return NULL;
	p = ctx->alloc(ctx->alloc_userdata, NULL, 0, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

SMGW_EXPORT void *smgw_ctx_realloc(const smgw_ctx *ctx, void *ptr, size_t old_size, size_t new_size)
{
	if (!ctx)
		return NULL;
	if (!ptr)
		old_size = 0;
	if (new_size == 0) {
		if (ptr)
			ctx->alloc(ctx->alloc_userdata, ptr, old_size, 0);
		return NULL;
	}
	return ctx->alloc(ctx->alloc_userdata, ptr, old_size, new_size);
}

SMGW_EXPORT void smgw_ctx_free(const smgw_ctx *ctx, void *ptr, size_t size)
{
	if (ctx && ptr)
		ctx->alloc(ctx->alloc_userdata, ptr, size, 0);
}

SMGW_EXPORT struct ossl_lib_ctx_st *smgw_ctx_ossl_libctx(const smgw_ctx *ctx)
{
	return ctx ? ctx->ossl_libctx : NULL;
}

SMGW_EXPORT const char *smgw_ctx_ossl_propq(const smgw_ctx *ctx)
{
	return ctx ? ctx->ossl_propq : NULL;
}

SMGW_EXPORT void smgw_wipe(void *ptr, size_t len)
{
	if (ptr && len)
		explicit_bzero(ptr, len);
}

SMGW_EXPORT int smgw_memcmp_const(const void *a, const void *b, size_t len)
{
	const volatile uint8_t *x = a;
	const volatile uint8_t *y = b;
	uint8_t d = 0;
	size_t i;

	for (i = 0; i < len; i++)
		d |= x[i] ^ y[i];
	return d;
}

SMGW_EXPORT const char *smgw_version(void)
{
	return SMGW_VERSION_STRING;
}
