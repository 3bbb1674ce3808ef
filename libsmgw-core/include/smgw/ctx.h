/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ctx.h
 * @brief The library context: allocator hook, log callback, OpenSSL library context.
 *
 * Every object that allocates belongs to a `smgw_ctx`. The context carries
 * the allocator and the log callback; there is no process-wide state.
 *
 * Thread safety: a `smgw_ctx` is immutable after smgw_ctx_new() plus its
 * smgw_ctx_set_*() configuration calls, so it may then be shared read-only
 * and ref-counted across threads (smgw_ctx_ref() and smgw_ctx_unref() are
 * atomic). Callbacks are invoked on the thread that called into the library.
 *
 * The suite never touches the global hooks of OpenSSL
 * (CRYPTO_set_mem_functions), libxml2 (xmlMemSetup) or libcbor
 * (cbor_set_allocs); those belong to the application. Memory that those
 * libraries allocate internally therefore does not pass through
 * smgw_alloc_fn.
 */
#ifndef SMGW_CTX_H
#define SMGW_CTX_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>

SMGW_BEGIN_DECLS

/** Opaque library context. */
typedef struct smgw_ctx smgw_ctx;

/** OpenSSL's library context (OSSL_LIB_CTX), declared here so core does not include OpenSSL headers. */
struct ossl_lib_ctx_st;

/**
 * Lua-style allocator: one function for malloc, realloc and free.
 *
 * - `new_size == 0`: free @p ptr (which may be NULL) and return NULL.
 * - `ptr == NULL`: allocate @p new_size bytes.
 * - otherwise: resize the block of @p old_size bytes to @p new_size.
 *
 * @p old_size is always the size the block was allocated with, so pool or
 * arena allocators need no block header. Returning NULL for a non-zero
 * @p new_size means out of memory and leaves @p ptr untouched. The result
 * must be aligned for any object type (like malloc).
 */
typedef void *(*smgw_alloc_fn)(void *userdata, void *ptr, size_t old_size, size_t new_size);

/** Log levels, numbered as in syslog(3). */
enum smgw_log_level {
	SMGW_LOG_EMERG = 0,   /**< not used by the libraries */
	SMGW_LOG_ALERT = 1,   /**< not used by the libraries */
	SMGW_LOG_CRIT = 2,    /**< not used by the libraries */
	SMGW_LOG_ERR = 3,     /**< error conditions (normally reported by return codes instead) */
	SMGW_LOG_WARNING = 4, /**< warnings */
	SMGW_LOG_NOTICE = 5,  /**< normal but significant events */
	SMGW_LOG_INFO = 6,    /**< informational */
	SMGW_LOG_DEBUG = 7    /**< debugging; the only level at which (redacted) readings appear */
};

/**
 * Log callback. @p msg is preformatted and NUL-terminated; @p domain names
 * the library part ("core", "sml", "pki", ...). The callback runs
 * synchronously on the caller's thread and must not call back into the
 * object that is logging. Keys and PINs are never logged; readings only at
 * SMGW_LOG_DEBUG.
 */
typedef void (*smgw_log_fn)(void *userdata, int level, const char *domain, const char *msg);

/**
 * Parameters for smgw_ctx_new(). Zero-initialize, then set
 * @ref struct_size to `sizeof(struct smgw_ctx_params)`. Members appended in
 * later releases are zero (default) for callers compiled against older
 * headers.
 */
struct smgw_ctx_params {
	uint32_t struct_size;          /**< sizeof(struct smgw_ctx_params) */
	uint32_t flags;                /**< reserved, must be 0 */
	smgw_alloc_fn alloc;           /**< allocator, NULL for malloc/realloc/free */
	void *alloc_userdata;          /**< passed to @ref alloc */
	smgw_log_fn log;               /**< log callback, NULL for silence (default) */
	void *log_userdata;            /**< passed to @ref log */
	int32_t log_level;             /**< highest level passed to @ref log (0 with log == NULL: silent) */
	uint32_t reserved0;            /**< must be 0 */
	struct ossl_lib_ctx_st *ossl_libctx; /**< OpenSSL library context, NULL: the suite creates its own where needed */
	const char *ossl_propq;        /**< OpenSSL property query, NULL for none; copied */
};

/**
 * Creates a context.
 *
 * @param params parameters, or NULL for defaults (malloc, silent)
 * @param[out] ret_ctx the new context, written only on success
 * @return 0, SMGW_E_INVAL (bad struct_size, reserved bits set), SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_ctx_new(const struct smgw_ctx_params *params, smgw_ctx **ret_ctx);

/**
 * Takes a reference (atomic).
 * @param ctx a context or NULL
 * @return @p ctx
 */
SMGW_EXPORT smgw_ctx *smgw_ctx_ref(smgw_ctx *ctx);

/**
 * Drops a reference and frees the context with the last one (atomic).
 * @param ctx a context or NULL
 * @return NULL
 */
SMGW_EXPORT smgw_ctx *smgw_ctx_unref(smgw_ctx *ctx);

/**
 * Replaces the log callback. Configuration call: only before the context is
 * shared between threads.
 *
 * @param ctx the context
 * @param fn callback, NULL to silence
 * @param userdata passed to @p fn
 * @param level highest level passed on (SMGW_LOG_ERR ... SMGW_LOG_DEBUG)
 * @return 0 or SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_ctx_set_log(smgw_ctx *ctx, smgw_log_fn fn, void *userdata, int level);

/**
 * Tells whether a message at @p level would reach the callback; use it to
 * skip expensive formatting.
 * @param ctx the context (NULL: no)
 * @param level a syslog level
 * @return 1 if enabled, 0 otherwise
 */
SMGW_EXPORT int smgw_ctx_log_enabled(const smgw_ctx *ctx, int level);

/**
 * Logs a message through the context's callback. For the suite's
 * libraries and for backends; formats nothing when the level is disabled.
 * Messages longer than 511 bytes are truncated.
 * @param ctx the context (NULL: nothing happens)
 * @param level a syslog level
 * @param domain the library part, e.g. "sml" (NULL: "smgw")
 * @param fmt printf-style format
 */
SMGW_EXPORT void smgw_ctx_log(const smgw_ctx *ctx, int level, const char *domain,
			      const char *fmt, ...) SMGW_PRINTF(4, 5);

/**
 * va_list variant of smgw_ctx_log().
 * @param ctx the context
 * @param level a syslog level
 * @param domain the library part
 * @param fmt printf-style format
 * @param ap the arguments
 */
SMGW_EXPORT void smgw_ctx_logv(const smgw_ctx *ctx, int level, const char *domain,
			       const char *fmt, va_list ap) SMGW_PRINTF(4, 0);

/**
 * Allocates through the context's allocator.
 * @param ctx the context
 * @param size bytes
 * @return the block, or NULL for size 0 or out of memory
 */
SMGW_EXPORT void *smgw_ctx_malloc(const smgw_ctx *ctx, size_t size);

/**
 * Allocates zeroed memory through the context's allocator.
 * @param ctx the context
 * @param n number of elements
 * @param size size of one element
 * @return the block of @p n * @p size bytes, or NULL on overflow, size 0 or out of memory
 */
SMGW_EXPORT void *smgw_ctx_calloc(const smgw_ctx *ctx, size_t n, size_t size);

/**
 * Resizes a block from smgw_ctx_malloc(). On failure the old block stays valid.
 * @param ctx the context
 * @param ptr the block or NULL
 * @param old_size the size it was allocated with
 * @param new_size the new size; 0 frees and returns NULL
 * @return the resized block, or NULL (out of memory: @p ptr stays valid)
 */
SMGW_EXPORT void *smgw_ctx_realloc(const smgw_ctx *ctx, void *ptr, size_t old_size, size_t new_size);

/**
 * Frees a block from smgw_ctx_malloc() or smgw_ctx_calloc().
 * @param ctx the context
 * @param ptr the block or NULL
 * @param size the size it was allocated with
 */
SMGW_EXPORT void smgw_ctx_free(const smgw_ctx *ctx, void *ptr, size_t size);

/**
 * The OpenSSL library context given in the parameters.
 * @param ctx the context
 * @return the OSSL_LIB_CTX, or NULL
 */
SMGW_EXPORT struct ossl_lib_ctx_st *smgw_ctx_ossl_libctx(const smgw_ctx *ctx);

/**
 * The OpenSSL property query given in the parameters.
 * @param ctx the context
 * @return the query string (owned by the context), or NULL
 */
SMGW_EXPORT const char *smgw_ctx_ossl_propq(const smgw_ctx *ctx);

/**
 * Overwrites memory with zeros in a way the compiler does not remove.
 * Used for keys, PINs and secrets.
 * @param ptr the memory (NULL is ignored)
 * @param len its length
 */
SMGW_EXPORT void smgw_wipe(void *ptr, size_t len);

/**
 * Compares two buffers in time independent of their contents.
 * @param a first buffer
 * @param b second buffer
 * @param len bytes to compare
 * @return 0 if equal, non-zero otherwise
 */
SMGW_EXPORT int smgw_memcmp_const(const void *a, const void *b, size_t len);

/**
 * The suite version of the library that is loaded (not of the headers
 * compiled against; see smgw/version.h for those).
 * @return "MAJOR.MINOR.PATCH"
 */
SMGW_EXPORT const char *smgw_version(void);

SMGW_END_DECLS

#endif /* SMGW_CTX_H */
