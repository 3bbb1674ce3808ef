/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file pkictx.h
 * @brief The pki context: the suite's own OpenSSL library context.
 *
 * Every OpenSSL operation of libsmgw-pki (certificate parsing, chain
 * validation, key generation, the security-module provider) runs in the
 * OSSL_LIB_CTX of a `smgw_pki`, never in OpenSSL's global default context.
 * smgw_pki_new() creates that library context and loads OpenSSL's
 * "default" provider into it only; the application's own use of OpenSSL
 * is not affected, and nothing global is initialised or cleaned up.
 *
 * When the `smgw_ctx` was created with `ossl_libctx` set, that library
 * context is used instead (borrowed, never freed) together with the
 * context's property query; the caller then decides which providers it
 * holds.
 *
 * Thread safety: a `smgw_pki` is immutable after creation apart from
 * providers the caller loads into its library context before sharing it;
 * it may then be used from several threads at once (OpenSSL library
 * contexts are thread safe).
 */
#ifndef SMGW_PKICTX_H
#define SMGW_PKICTX_H

#include <openssl/types.h>

#include <smgw/ctx.h>

SMGW_BEGIN_DECLS

/** Opaque pki context: a smgw_ctx reference plus an OpenSSL library context. */
typedef struct smgw_pki smgw_pki;

/**
 * Creates a pki context.
 *
 * @param ctx the suite context (a reference is taken); its allocator
 *        and log callback are used, and its `ossl_libctx`/`ossl_propq`
 *        if they were set
 * @param[out] ret_pki the new context, written only on success
 * @return 0, SMGW_E_INVAL (NULL argument), SMGW_E_NOMEM, SMGW_E_CRYPTO (the
 *         library context or the default provider could not be created)
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_pki_new(smgw_ctx *ctx, smgw_pki **ret_pki);

/**
 * Frees a pki context: unloads the default provider, frees the OpenSSL
 * library context it created (not a borrowed one) and drops the reference
 * to the suite context. Every object made with this context must have
 * been freed before.
 *
 * @param pki the context or NULL
 */
SMGW_EXPORT void smgw_pki_free(smgw_pki *pki);

/**
 * The OpenSSL library context of a pki context. Providers (for example the
 * security-module provider) are loaded into it; OpenSSL calls that need
 * algorithms of the suite pass it together with smgw_pki_propq().
 *
 * @param pki the context
 * @return the library context (owned by @p pki), or NULL if @p pki is NULL
 */
SMGW_EXPORT OSSL_LIB_CTX *smgw_pki_libctx(const smgw_pki *pki);

/**
 * The OpenSSL property query used for every fetch of the suite.
 *
 * @param pki the context
 * @return the query string (owned by the suite context), or NULL for none
 */
SMGW_EXPORT const char *smgw_pki_propq(const smgw_pki *pki);

/**
 * The suite context a pki context was created with.
 *
 * @param pki the context
 * @return the suite context (no new reference), or NULL if @p pki is NULL
 */
SMGW_EXPORT smgw_ctx *smgw_pki_ctx(const smgw_pki *pki);

SMGW_END_DECLS

#endif /* SMGW_PKICTX_H */
