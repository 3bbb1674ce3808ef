/* SPDX-License-Identifier: Apache-2.0 */
/* The pki context: a suite context plus the suite's own OSSL_LIB_CTX. */
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/provider.h>

#include "cert-private.h"

SMGW_EXPORT int smgw_pki_new(smgw_ctx *ctx, smgw_pki **ret_pki)
{
	smgw_pki *pki;
	OSSL_LIB_CTX *borrowed;

	if (!ctx || !ret_pki)
		return SMGW_E_INVAL;
	pki = smgw_ctx_calloc(ctx, 1, sizeof(*pki));
	if (!pki)
		return SMGW_E_NOMEM;
	pki->ctx = smgw_ctx_ref(ctx);
	borrowed = (OSSL_LIB_CTX *)smgw_ctx_ossl_libctx(ctx);
	if (borrowed) {
		pki->libctx = borrowed;
		pki->owns_libctx = 0;
	} else {
		pki->libctx = OSSL_LIB_CTX_new();
		if (!pki->libctx)
			goto crypto;
		pki->owns_libctx = 1;
		pki->deflt = OSSL_PROVIDER_load(pki->libctx, "default");
		if (!pki->deflt)
			goto crypto;
	}
	*ret_pki = pki;
	return 0;
crypto:
	smgw__log(ctx, SMGW_LOG_ERR, "pki", "cannot create the OpenSSL library context (error %lx)",
		  ERR_peek_last_error());
	smgw_pki_free(pki);
	return SMGW_E_CRYPTO;
}

SMGW_EXPORT void smgw_pki_free(smgw_pki *pki)
{
	smgw_ctx *ctx;

	if (!pki)
		return;
	ctx = pki->ctx;
	if (pki->deflt)
		OSSL_PROVIDER_unload(pki->deflt);
	if (pki->owns_libctx)
		OSSL_LIB_CTX_free(pki->libctx);
	smgw_ctx_free(ctx, pki, sizeof(*pki));
	smgw_ctx_unref(ctx);
}

SMGW_EXPORT OSSL_LIB_CTX *smgw_pki_libctx(const smgw_pki *pki)
{
	return pki ? pki->libctx : NULL;
}

SMGW_EXPORT const char *smgw_pki_propq(const smgw_pki *pki)
{
	return pki ? smgw_ctx_ossl_propq(pki->ctx) : NULL;
}

SMGW_EXPORT smgw_ctx *smgw_pki_ctx(const smgw_pki *pki)
{
	return pki ? pki->ctx : NULL;
}
