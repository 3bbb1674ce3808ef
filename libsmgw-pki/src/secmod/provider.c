/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The OpenSSL 3 provider "smgw-secmod": security-module keys as EVP_PKEYs.
 *
 * - keymgmt "EC": key data is a reference to a smgw_secmod_key (private
 *   key in the module) or a public-only key (curve and point, for
 *   comparisons and ECDH peers). Export gives the group and the public
 *   point, never a private key; a raw private value offered on import is
 *   never read.
 * - signature (ECDSA): the digest is computed here with the digests of the
 *   library context, then signed in the module (hash outside).
 * - keyexch (ECDH): Z from the module; with the CMS kari parameters the
 *   X9.63 KDF of Z on the host.
 *
 * The provider is a built-in of libsmgw-pki: OSSL_PROVIDER_add_builtin()
 * plus OSSL_PROVIDER_load() on the suite's library context only. Objects
 * of the provider are allocated by OpenSSL's allocator because OpenSSL
 * creates and frees them.
 */
#include <string.h>

#include <openssl/core.h>
#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/provider.h>

#include "secmod-private.h"

/* Import parameter carrying a key reference (struct keyref as octets). */
#define KEYREF_PARAM "smgw-secmod-key"
#define PROPS "provider=" SMGW_SECMOD_PROVIDER_NAME
/* Default query of the library context: prefer every other provider. */
#define PREFER "?provider!=" SMGW_SECMOD_PROVIDER_NAME
/*
 * The operations carry names of their own. OpenSSL 3.0 fetches the
 * signature or exchange of a key by the name its key manager reports and
 * the context's property query, not from the key's provider; under the
 * names "ECDSA"/"ECDH" it would pick the default provider's, export the
 * public half of our key there and fail for want of a private key.
 */
#define SIG_NAME "SMGW-SECMOD-ECDSA"
#define KX_NAME "SMGW-SECMOD-ECDH"

struct keyref {
	uint32_t magic;
	smgw_secmod_key *key;
};

struct prov {
	OSSL_LIB_CTX *libctx;
};

#define KDATA_MAGIC 0x534d47574b455931ull /* "SMGWKEY1" */

struct kdata {
	uint64_t magic; /* first: OpenSSL 3.0 may hand us another provider's key data */
	struct prov *pc;
	smgw_secmod_key *key; /* NULL: public key only */
	const struct smgw__curve *curve;
	uint8_t point[SMGW_SECMOD_POINT_MAX];
	size_t point_len;
};

/* ---- key management ---------------------------------------------------- */

static void *km_new(void *provctx)
{
	struct kdata *kd = OPENSSL_zalloc(sizeof(*kd));

	if (kd) {
		kd->magic = KDATA_MAGIC;
		kd->pc = provctx;
	}
	return kd;
}

/* Our key data with a module key, or NULL. */
static struct kdata *kd_private(void *keydata)
{
	struct kdata *kd = keydata;

	return kd && kd->magic == KDATA_MAGIC && kd->key ? kd : NULL;
}

static void km_free(void *keydata)
{
	struct kdata *kd = keydata;

	if (!kd)
		return;
	smgw_secmod_key_free(kd->key);
	OPENSSL_free(kd);
}

static int km_has(const void *keydata, int selection)
{
	const struct kdata *kd = keydata;

	if (!kd)
		return 0;
	if ((selection & OSSL_KEYMGMT_SELECT_PRIVATE_KEY) && !kd->key)
		return 0;
	if ((selection & (OSSL_KEYMGMT_SELECT_PUBLIC_KEY | OSSL_KEYMGMT_SELECT_ALL_PARAMETERS)) && !kd->curve)
		return 0;
	if ((selection & OSSL_KEYMGMT_SELECT_PUBLIC_KEY) && !kd->point_len)
		return 0;
	return 1;
}

static int km_validate(const void *keydata, int selection, int checktype)
{
	const struct kdata *kd = keydata;

	(void)checktype;
	/* Points are checked on the way in; module keys are the module's. */
	return kd && kd->magic == KDATA_MAGIC && km_has(keydata, selection);
}

/* Sets the public point of a public-only key (EVP_PKEY_set1_encoded_public_key). */
static int km_set_params(void *keydata, const OSSL_PARAM params[])
{
	struct kdata *kd = keydata;
	const OSSL_PARAM *p;
	const void *v = NULL;
	size_t n = 0;

	if (!kd || kd->magic != KDATA_MAGIC)
		return 0;
	p = OSSL_PARAM_locate_const(params, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY);
	if (!p)
		return 1;
	if (kd->key || !kd->curve || !OSSL_PARAM_get_octet_string_ptr(p, &v, &n) ||
	    smgw__point_check(kd->pc->libctx, kd->curve, v, n) != 0)
		return 0;
	memcpy(kd->point, v, n);
	kd->point_len = n;
	return 1;
}

static const OSSL_PARAM km_settable_list[] = {
	OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, NULL, 0),
	OSSL_PARAM_END
};

static const OSSL_PARAM *km_settable_params(void *provctx)
{
	(void)provctx;
	return km_settable_list;
}

static int km_match(const void *a, const void *b, int selection)
{
	const struct kdata *x = a, *y = b;

	if (x->magic != KDATA_MAGIC || y->magic != KDATA_MAGIC || !x->curve || x->curve != y->curve)
		return 0;
	if (selection & OSSL_KEYMGMT_SELECT_KEYPAIR)
		return x->point_len == y->point_len && memcmp(x->point, y->point, x->point_len) == 0;
	return 1;
}

static int km_import(void *keydata, int selection, const OSSL_PARAM params[])
{
	struct kdata *kd = keydata;
	const OSSL_PARAM *p;
	const void *v = NULL;
	size_t n = 0;
	struct keyref ref;
	const char *group = NULL;

	if (!kd || kd->curve)
		return 0;
	p = OSSL_PARAM_locate_const(params, KEYREF_PARAM);
	if (p) {
		if (!(selection & OSSL_KEYMGMT_SELECT_PRIVATE_KEY) || !OSSL_PARAM_get_octet_string_ptr(p, &v, &n) ||
		    n != sizeof(ref))
			return 0;
		memcpy(&ref, v, sizeof(ref));
		if (ref.magic != SMGW__KEY_MAGIC || !ref.key || ref.key->magic != SMGW__KEY_MAGIC)
			return 0;
		kd->key = smgw_secmod_key_ref(ref.key);
		kd->curve = ref.key->curve;
		memcpy(kd->point, ref.key->point, ref.key->point_len);
		kd->point_len = ref.key->point_len;
		return 1;
	}
	/*
	 * Raw private keys never enter this provider: of a full key pair (an
	 * ECDH peer that OpenSSL exports to us whole) only the public half is
	 * taken; the private value is not read.
	 */
	if (!(selection & (OSSL_KEYMGMT_SELECT_PUBLIC_KEY | OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS)))
		return 0;
	p = OSSL_PARAM_locate_const(params, OSSL_PKEY_PARAM_GROUP_NAME);
	if (!p || !OSSL_PARAM_get_utf8_string_ptr(p, &group))
		return 0;
	kd->curve = smgw__curve_by_name(group);
	if (!kd->curve)
		return 0;
	if (!(selection & OSSL_KEYMGMT_SELECT_PUBLIC_KEY))
		return 1; /* parameters only (EVP_PKEY_copy_parameters); the point may follow by set_params */
	p = OSSL_PARAM_locate_const(params, OSSL_PKEY_PARAM_PUB_KEY);
	if (!kd->curve || !p || !OSSL_PARAM_get_octet_string_ptr(p, &v, &n) ||
	    smgw__point_check(kd->pc->libctx, kd->curve, v, n) != 0) {
		kd->curve = NULL;
		return 0;
	}
	memcpy(kd->point, v, n);
	kd->point_len = n;
	return 1;
}

static const OSSL_PARAM km_import_list[] = {
	OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, NULL, 0),
	OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, NULL, 0),
	OSSL_PARAM_octet_string(KEYREF_PARAM, NULL, 0),
	OSSL_PARAM_END
};

static const OSSL_PARAM *km_import_types(int selection)
{
	(void)selection;
	return km_import_list;
}

static int km_export(void *keydata, int selection, OSSL_CALLBACK *cb, void *cbarg)
{
	struct kdata *kd = keydata;
	OSSL_PARAM out[3];

	if (!kd || !kd->curve || !(selection & (OSSL_KEYMGMT_SELECT_PUBLIC_KEY | OSSL_KEYMGMT_SELECT_ALL_PARAMETERS)))
		return 0;
	out[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)kd->curve->name, 0);
	out[1] = OSSL_PARAM_construct_end();
	out[2] = OSSL_PARAM_construct_end();
	if ((selection & OSSL_KEYMGMT_SELECT_PUBLIC_KEY) && kd->point_len)
		out[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, kd->point, kd->point_len);
	return cb(out, cbarg);
}

static const OSSL_PARAM km_export_list[] = {
	OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, NULL, 0),
	OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, NULL, 0),
	OSSL_PARAM_END
};

static const OSSL_PARAM *km_export_types(int selection)
{
	(void)selection;
	return km_export_list;
}

static int km_get_params(void *keydata, OSSL_PARAM params[])
{
	struct kdata *kd = keydata;
	OSSL_PARAM *p;

	if (!kd || !kd->curve)
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_BITS)) && !OSSL_PARAM_set_int(p, (int)kd->curve->bits))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_SECURITY_BITS)) &&
	    !OSSL_PARAM_set_int(p, (int)kd->curve->security_bits))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_MAX_SIZE)) &&
	    !OSSL_PARAM_set_int(p, (int)smgw__sig_der_max(kd->curve->order_len)))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_GROUP_NAME)) && !OSSL_PARAM_set_utf8_string(p, kd->curve->name))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY)) &&
	    (!kd->point_len || !OSSL_PARAM_set_octet_string(p, kd->point, kd->point_len)))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_PUB_KEY)) &&
	    (!kd->point_len || !OSSL_PARAM_set_octet_string(p, kd->point, kd->point_len)))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT)) &&
	    !OSSL_PARAM_set_utf8_string(p, OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_EC_FIELD_TYPE)) &&
	    !OSSL_PARAM_set_utf8_string(p, SN_X9_62_prime_field))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_DEFAULT_DIGEST)) &&
	    !OSSL_PARAM_set_utf8_string(p, kd->curve->order_len > 32 ? (kd->curve->order_len > 48 ? "SHA512" : "SHA384")
									: "SHA256"))
		return 0;
	return 1;
}

static const OSSL_PARAM km_gettable_list[] = {
	OSSL_PARAM_int(OSSL_PKEY_PARAM_BITS, NULL),
	OSSL_PARAM_int(OSSL_PKEY_PARAM_SECURITY_BITS, NULL),
	OSSL_PARAM_int(OSSL_PKEY_PARAM_MAX_SIZE, NULL),
	OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, NULL, 0),
	OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, NULL, 0),
	OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, NULL, 0),
	OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, NULL, 0),
	OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_EC_FIELD_TYPE, NULL, 0),
	OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_DEFAULT_DIGEST, NULL, 0),
	OSSL_PARAM_END
};

static const OSSL_PARAM *km_gettable_params(void *provctx)
{
	(void)provctx;
	return km_gettable_list;
}

static const char *km_query_operation_name(int operation_id)
{
	switch (operation_id) {
	case OSSL_OP_SIGNATURE:
		return SIG_NAME;
	case OSSL_OP_KEYEXCH:
		return KX_NAME;
	default:
		return NULL;
	}
}

static const OSSL_DISPATCH km_functions[] = {
	{ OSSL_FUNC_KEYMGMT_NEW, (void (*)(void))km_new },
	{ OSSL_FUNC_KEYMGMT_FREE, (void (*)(void))km_free },
	{ OSSL_FUNC_KEYMGMT_HAS, (void (*)(void))km_has },
	{ OSSL_FUNC_KEYMGMT_MATCH, (void (*)(void))km_match },
	{ OSSL_FUNC_KEYMGMT_IMPORT, (void (*)(void))km_import },
	{ OSSL_FUNC_KEYMGMT_IMPORT_TYPES, (void (*)(void))km_import_types },
	{ OSSL_FUNC_KEYMGMT_EXPORT, (void (*)(void))km_export },
	{ OSSL_FUNC_KEYMGMT_EXPORT_TYPES, (void (*)(void))km_export_types },
	{ OSSL_FUNC_KEYMGMT_GET_PARAMS, (void (*)(void))km_get_params },
	{ OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS, (void (*)(void))km_gettable_params },
	{ OSSL_FUNC_KEYMGMT_SET_PARAMS, (void (*)(void))km_set_params },
	{ OSSL_FUNC_KEYMGMT_SETTABLE_PARAMS, (void (*)(void))km_settable_params },
	{ OSSL_FUNC_KEYMGMT_VALIDATE, (void (*)(void))km_validate },
	{ OSSL_FUNC_KEYMGMT_QUERY_OPERATION_NAME, (void (*)(void))km_query_operation_name },
	{ 0, NULL }
};

/* ---- signature --------------------------------------------------------- */

struct sigctx {
	struct prov *pc;
	smgw_secmod_key *key;
	EVP_MD *md;
	EVP_MD_CTX *mdctx;
};

static void *sig_newctx(void *provctx, const char *propq)
{
	struct sigctx *s = OPENSSL_zalloc(sizeof(*s));

	(void)propq;
	if (s)
		s->pc = provctx;
	return s;
}

static void sig_freectx(void *ctx)
{
	struct sigctx *s = ctx;

	if (!s)
		return;
	EVP_MD_CTX_free(s->mdctx);
	EVP_MD_free(s->md);
	smgw_secmod_key_free(s->key);
	OPENSSL_free(s);
}

static void *sig_dupctx(void *ctx)
{
	struct sigctx *s = ctx, *d = OPENSSL_zalloc(sizeof(*d));

	if (!d)
		return NULL;
	d->pc = s->pc;
	d->key = smgw_secmod_key_ref(s->key);
	if (s->md && EVP_MD_up_ref(s->md))
		d->md = s->md;
	if (s->mdctx) {
		d->mdctx = EVP_MD_CTX_new();
		if (!d->mdctx || !EVP_MD_CTX_copy_ex(d->mdctx, s->mdctx)) {
			sig_freectx(d);
			return NULL;
		}
	}
	return d;
}

static int sig_set_md(struct sigctx *s, const char *name)
{
	EVP_MD *md;

	if (!name || !*name)
		name = "SHA256";
	md = EVP_MD_fetch(s->pc->libctx, name, NULL);
	if (!md)
		return 0;
	/* ECDSA over SHA-2 only; SHA-1 and others are not SM-PKI algorithms. */
	if (!EVP_MD_is_a(md, "SHA2-256") && !EVP_MD_is_a(md, "SHA2-384") && !EVP_MD_is_a(md, "SHA2-512") &&
	    !EVP_MD_is_a(md, "SHA2-224")) {
		EVP_MD_free(md);
		return 0;
	}
	EVP_MD_free(s->md);
	s->md = md;
	return 1;
}

static int sig_set_ctx_params(void *ctx, const OSSL_PARAM params[])
{
	struct sigctx *s = ctx;
	const OSSL_PARAM *p;
	const char *name = NULL;

	if (!params)
		return 1;
	p = OSSL_PARAM_locate_const(params, OSSL_SIGNATURE_PARAM_DIGEST);
	if (p) {
		if (s->mdctx || !OSSL_PARAM_get_utf8_string_ptr(p, &name) || !sig_set_md(s, name))
			return 0;
	}
	return 1;
}

static int sig_init_key(struct sigctx *s, void *keydata, const OSSL_PARAM params[])
{
	struct kdata *kd = kd_private(keydata);

	if (!kd)
		return 0; /* a public-only key cannot sign */
	smgw_secmod_key_free(s->key);
	s->key = smgw_secmod_key_ref(kd->key);
	return sig_set_ctx_params(s, params);
}

static int sig_sign_init(void *ctx, void *keydata, const OSSL_PARAM params[])
{
	return sig_init_key(ctx, keydata, params);
}

static int sig_sign(void *ctx, unsigned char *sig, size_t *siglen, size_t sigsize, const unsigned char *tbs,
		    size_t tbslen)
{
	struct sigctx *s = ctx;
	size_t n = sigsize;

	if (!s->key)
		return 0;
	if (!sig) {
		*siglen = smgw__sig_der_max(s->key->curve->order_len);
		return 1;
	}
	if (s->md && tbslen != (size_t)EVP_MD_get_size(s->md))
		return 0;
	if (smgw_secmod_sign_digest(s->key, tbs, tbslen, SMGW_SECMOD_SIG_DER, sig, &n) != 0)
		return 0;
	*siglen = n;
	return 1;
}

static int sig_digest_sign_init(void *ctx, const char *mdname, void *keydata, const OSSL_PARAM params[])
{
	struct sigctx *s = ctx;

	if (!sig_init_key(s, keydata, params) || !sig_set_md(s, mdname))
		return 0;
	if (!s->mdctx)
		s->mdctx = EVP_MD_CTX_new();
	return s->mdctx && EVP_DigestInit_ex2(s->mdctx, s->md, NULL) == 1;
}

static int sig_digest_sign_update(void *ctx, const unsigned char *data, size_t len)
{
	struct sigctx *s = ctx;

	return s->mdctx && EVP_DigestUpdate(s->mdctx, data, len) == 1;
}

static int sig_digest_sign_final(void *ctx, unsigned char *sig, size_t *siglen, size_t sigsize)
{
	struct sigctx *s = ctx;
	unsigned char dg[EVP_MAX_MD_SIZE];
	unsigned int dn = 0;
	size_t n = sigsize;
	int ok;

	if (!s->mdctx || !s->key)
		return 0;
	if (!sig) {
		*siglen = smgw__sig_der_max(s->key->curve->order_len);
		return 1;
	}
	if (EVP_DigestFinal_ex(s->mdctx, dg, &dn) != 1)
		return 0;
	ok = smgw_secmod_sign_digest(s->key, dg, dn, SMGW_SECMOD_SIG_DER, sig, &n) == 0;
	if (ok)
		*siglen = n;
	return ok;
}

/* AlgorithmIdentifier ecdsa-with-SHAxxx (RFC 5758: parameters absent). */
static int sig_algorithm_id(const EVP_MD *md, const uint8_t **ret, size_t *len)
{
	static const uint8_t sha224[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x01 };
	static const uint8_t sha256[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02 };
	static const uint8_t sha384[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03 };
	static const uint8_t sha512[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04 };

	if (!md)
		return 0;
	if (EVP_MD_is_a(md, "SHA2-224"))
		*ret = sha224;
	else if (EVP_MD_is_a(md, "SHA2-256"))
		*ret = sha256;
	else if (EVP_MD_is_a(md, "SHA2-384"))
		*ret = sha384;
	else if (EVP_MD_is_a(md, "SHA2-512"))
		*ret = sha512;
	else
		return 0;
	*len = sizeof(sha256);
	return 1;
}

static int sig_get_ctx_params(void *ctx, OSSL_PARAM params[])
{
	struct sigctx *s = ctx;
	OSSL_PARAM *p;
	const uint8_t *aid;
	size_t n;

	p = OSSL_PARAM_locate(params, OSSL_SIGNATURE_PARAM_ALGORITHM_ID);
	if (p && (!sig_algorithm_id(s->md, &aid, &n) || !OSSL_PARAM_set_octet_string(p, aid, n)))
		return 0;
	p = OSSL_PARAM_locate(params, OSSL_SIGNATURE_PARAM_DIGEST);
	if (p && (!s->md || !OSSL_PARAM_set_utf8_string(p, EVP_MD_get0_name(s->md))))
		return 0;
	return 1;
}

static const OSSL_PARAM sig_gettable_list[] = {
	OSSL_PARAM_octet_string(OSSL_SIGNATURE_PARAM_ALGORITHM_ID, NULL, 0),
	OSSL_PARAM_utf8_string(OSSL_SIGNATURE_PARAM_DIGEST, NULL, 0),
	OSSL_PARAM_END
};

static const OSSL_PARAM *sig_gettable_ctx_params(void *ctx, void *provctx)
{
	(void)ctx;
	(void)provctx;
	return sig_gettable_list;
}

static const OSSL_PARAM sig_settable_list[] = {
	OSSL_PARAM_utf8_string(OSSL_SIGNATURE_PARAM_DIGEST, NULL, 0),
	OSSL_PARAM_END
};

static const OSSL_PARAM *sig_settable_ctx_params(void *ctx, void *provctx)
{
	(void)ctx;
	(void)provctx;
	return sig_settable_list;
}

static const OSSL_DISPATCH sig_functions[] = {
	{ OSSL_FUNC_SIGNATURE_NEWCTX, (void (*)(void))sig_newctx },
	{ OSSL_FUNC_SIGNATURE_FREECTX, (void (*)(void))sig_freectx },
	{ OSSL_FUNC_SIGNATURE_DUPCTX, (void (*)(void))sig_dupctx },
	{ OSSL_FUNC_SIGNATURE_SIGN_INIT, (void (*)(void))sig_sign_init },
	{ OSSL_FUNC_SIGNATURE_SIGN, (void (*)(void))sig_sign },
	{ OSSL_FUNC_SIGNATURE_DIGEST_SIGN_INIT, (void (*)(void))sig_digest_sign_init },
	{ OSSL_FUNC_SIGNATURE_DIGEST_SIGN_UPDATE, (void (*)(void))sig_digest_sign_update },
	{ OSSL_FUNC_SIGNATURE_DIGEST_SIGN_FINAL, (void (*)(void))sig_digest_sign_final },
	{ OSSL_FUNC_SIGNATURE_GET_CTX_PARAMS, (void (*)(void))sig_get_ctx_params },
	{ OSSL_FUNC_SIGNATURE_GETTABLE_CTX_PARAMS, (void (*)(void))sig_gettable_ctx_params },
	{ OSSL_FUNC_SIGNATURE_SET_CTX_PARAMS, (void (*)(void))sig_set_ctx_params },
	{ OSSL_FUNC_SIGNATURE_SETTABLE_CTX_PARAMS, (void (*)(void))sig_settable_ctx_params },
	{ 0, NULL }
};

/* ---- key exchange ------------------------------------------------------ */

/*
 * Plain ECDH returns Z. With the KDF parameters that CMS sets for
 * ECDH key agreement (kari: EVP_PKEY_CTX_set_ecdh_kdf_type(X9_63), digest,
 * output length, UKM), the exchange applies the ANSI X9.63 KDF to Z on the
 * host with the library context's "X963KDF".
 */
struct kxctx {
	struct prov *pc;
	smgw_secmod_key *key;
	uint8_t peer[SMGW_SECMOD_POINT_MAX];
	size_t peer_len;
	int x963;
	EVP_MD *kdf_md;
	size_t kdf_outlen;
	uint8_t *ukm;
	size_t ukm_len;
};

static void *kx_newctx(void *provctx)
{
	struct kxctx *k = OPENSSL_zalloc(sizeof(*k));

	if (k)
		k->pc = provctx;
	return k;
}

static void kx_freectx(void *ctx)
{
	struct kxctx *k = ctx;

	if (!k)
		return;
	smgw_secmod_key_free(k->key);
	EVP_MD_free(k->kdf_md);
	OPENSSL_free(k->ukm);
	OPENSSL_free(k);
}

static void *kx_dupctx(void *ctx)
{
	struct kxctx *k = ctx, *d = OPENSSL_memdup(k, sizeof(*k));

	if (!d)
		return NULL;
	d->ukm = NULL;
	if (k->ukm && !(d->ukm = OPENSSL_memdup(k->ukm, k->ukm_len))) {
		OPENSSL_free(d);
		return NULL;
	}
	if (d->kdf_md && !EVP_MD_up_ref(d->kdf_md)) {
		OPENSSL_free(d->ukm);
		OPENSSL_free(d);
		return NULL;
	}
	smgw_secmod_key_ref(d->key);
	return d;
}

static int kx_set_ctx_params(void *ctx, const OSSL_PARAM params[])
{
	struct kxctx *k = ctx;
	const OSSL_PARAM *p;
	const char *s = NULL, *props = NULL;
	const void *v = NULL;
	size_t n = 0;
	int mode = 0;

	if (!params)
		return 1;
	p = OSSL_PARAM_locate_const(params, OSSL_EXCHANGE_PARAM_KDF_TYPE);
	if (p) {
		if (!OSSL_PARAM_get_utf8_string_ptr(p, &s))
			return 0;
		if (!s || !*s)
			k->x963 = 0;
		else if (OPENSSL_strcasecmp(s, OSSL_KDF_NAME_X963KDF) == 0)
			k->x963 = 1;
		else
			return 0;
	}
	p = OSSL_PARAM_locate_const(params, OSSL_EXCHANGE_PARAM_KDF_DIGEST_PROPS);
	if (p && !OSSL_PARAM_get_utf8_string_ptr(p, &props))
		return 0;
	p = OSSL_PARAM_locate_const(params, OSSL_EXCHANGE_PARAM_KDF_DIGEST);
	if (p) {
		EVP_MD *md;

		if (!OSSL_PARAM_get_utf8_string_ptr(p, &s) || !(md = EVP_MD_fetch(k->pc->libctx, s, props)))
			return 0;
		EVP_MD_free(k->kdf_md);
		k->kdf_md = md;
	}
	p = OSSL_PARAM_locate_const(params, OSSL_EXCHANGE_PARAM_KDF_OUTLEN);
	if (p && (!OSSL_PARAM_get_size_t(p, &n) || n == 0 || n > 1024))
		return 0;
	if (p)
		k->kdf_outlen = n;
	p = OSSL_PARAM_locate_const(params, OSSL_EXCHANGE_PARAM_KDF_UKM);
	if (p) {
		uint8_t *copy = NULL;

		if (!OSSL_PARAM_get_octet_string_ptr(p, &v, &n) || n > 65536)
			return 0;
		if (n && !(copy = OPENSSL_memdup(v, n)))
			return 0;
		OPENSSL_free(k->ukm);
		k->ukm = copy;
		k->ukm_len = n;
	}
	/* Cofactor mode is a no-op for the cofactor-1 curves of this module. */
	p = OSSL_PARAM_locate_const(params, OSSL_EXCHANGE_PARAM_EC_ECDH_COFACTOR_MODE);
	if (p && (!OSSL_PARAM_get_int(p, &mode) || mode < -1 || mode > 1))
		return 0;
	return 1;
}

static const OSSL_PARAM kx_settable_list[] = {
	OSSL_PARAM_int(OSSL_EXCHANGE_PARAM_EC_ECDH_COFACTOR_MODE, NULL),
	OSSL_PARAM_utf8_string(OSSL_EXCHANGE_PARAM_KDF_TYPE, NULL, 0),
	OSSL_PARAM_utf8_string(OSSL_EXCHANGE_PARAM_KDF_DIGEST, NULL, 0),
	OSSL_PARAM_utf8_string(OSSL_EXCHANGE_PARAM_KDF_DIGEST_PROPS, NULL, 0),
	OSSL_PARAM_size_t(OSSL_EXCHANGE_PARAM_KDF_OUTLEN, NULL),
	OSSL_PARAM_octet_string(OSSL_EXCHANGE_PARAM_KDF_UKM, NULL, 0),
	OSSL_PARAM_END
};

static const OSSL_PARAM *kx_settable_ctx_params(void *ctx, void *provctx)
{
	(void)ctx;
	(void)provctx;
	return kx_settable_list;
}

static int kx_init(void *ctx, void *keydata, const OSSL_PARAM params[])
{
	struct kxctx *k = ctx;
	struct kdata *kd = kd_private(keydata);

	if (!kd)
		return 0;
	smgw_secmod_key_free(k->key);
	k->key = smgw_secmod_key_ref(kd->key);
	k->x963 = 0;
	return kx_set_ctx_params(k, params);
}

static int kx_set_peer(void *ctx, void *peerdata)
{
	struct kxctx *k = ctx;
	struct kdata *peer = peerdata;

	if (!k->key || !peer || peer->magic != KDATA_MAGIC || peer->curve != k->key->curve || !peer->point_len)
		return 0;
	memcpy(k->peer, peer->point, peer->point_len);
	k->peer_len = peer->point_len;
	return 1;
}

static int kx_x963(struct kxctx *k, const uint8_t *z, size_t zn, unsigned char *out, size_t outlen)
{
	EVP_KDF *kdf = EVP_KDF_fetch(k->pc->libctx, OSSL_KDF_NAME_X963KDF, NULL);
	EVP_KDF_CTX *kc = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM p[4], *q = p;
	int ok;

	*q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)EVP_MD_get0_name(k->kdf_md), 0);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)z, zn);
	if (k->ukm_len)
		*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, k->ukm, k->ukm_len);
	*q = OSSL_PARAM_construct_end();
	ok = kc && EVP_KDF_derive(kc, out, outlen, p) == 1;
	EVP_KDF_CTX_free(kc);
	EVP_KDF_free(kdf);
	return ok;
}

static int kx_derive(void *ctx, unsigned char *secret, size_t *secretlen, size_t outlen)
{
	struct kxctx *k = ctx;
	uint8_t z[SMGW_SECMOD_SECRET_MAX];
	size_t n = sizeof(z);
	int ok;

	if (!k->key || !k->peer_len || (k->x963 && (!k->kdf_md || !k->kdf_outlen)))
		return 0;
	if (!secret) {
		*secretlen = k->x963 ? k->kdf_outlen : k->key->curve->field_len;
		return 1;
	}
	if (!k->x963) {
		n = outlen;
		if (smgw_secmod_ecdh(k->key, k->peer, k->peer_len, secret, &n) != 0)
			return 0;
		*secretlen = n;
		return 1;
	}
	if (outlen < k->kdf_outlen || smgw_secmod_ecdh(k->key, k->peer, k->peer_len, z, &n) != 0)
		return 0;
	ok = kx_x963(k, z, n, secret, k->kdf_outlen);
	OPENSSL_cleanse(z, sizeof(z));
	if (ok)
		*secretlen = k->kdf_outlen;
	return ok;
}

static const OSSL_DISPATCH kx_functions[] = {
	{ OSSL_FUNC_KEYEXCH_NEWCTX, (void (*)(void))kx_newctx },
	{ OSSL_FUNC_KEYEXCH_FREECTX, (void (*)(void))kx_freectx },
	{ OSSL_FUNC_KEYEXCH_DUPCTX, (void (*)(void))kx_dupctx },
	{ OSSL_FUNC_KEYEXCH_INIT, (void (*)(void))kx_init },
	{ OSSL_FUNC_KEYEXCH_SET_PEER, (void (*)(void))kx_set_peer },
	{ OSSL_FUNC_KEYEXCH_DERIVE, (void (*)(void))kx_derive },
	{ OSSL_FUNC_KEYEXCH_SET_CTX_PARAMS, (void (*)(void))kx_set_ctx_params },
	{ OSSL_FUNC_KEYEXCH_SETTABLE_CTX_PARAMS, (void (*)(void))kx_settable_ctx_params },
	{ 0, NULL }
};

/* ---- the provider ------------------------------------------------------ */

static const OSSL_ALGORITHM prov_keymgmt[] = {
	{ "EC:id-ecPublicKey:1.2.840.10045.2.1", PROPS, km_functions, "EC keys in a security module" },
	{ NULL, NULL, NULL, NULL }
};

static const OSSL_ALGORITHM prov_signature[] = {
	{ SIG_NAME, PROPS, sig_functions, "ECDSA in a security module" },
	{ NULL, NULL, NULL, NULL }
};

static const OSSL_ALGORITHM prov_keyexch[] = {
	{ KX_NAME, PROPS, kx_functions, "ECDH in a security module" },
	{ NULL, NULL, NULL, NULL }
};

static const OSSL_ALGORITHM *prov_query(void *provctx, int operation_id, int *no_cache)
{
	(void)provctx;
	*no_cache = 0;
	switch (operation_id) {
	case OSSL_OP_KEYMGMT:
		return prov_keymgmt;
	case OSSL_OP_SIGNATURE:
		return prov_signature;
	case OSSL_OP_KEYEXCH:
		return prov_keyexch;
	default:
		return NULL;
	}
}

static const OSSL_PARAM prov_param_types[] = {
	OSSL_PARAM_utf8_ptr(OSSL_PROV_PARAM_NAME, NULL, 0),
	OSSL_PARAM_utf8_ptr(OSSL_PROV_PARAM_VERSION, NULL, 0),
	OSSL_PARAM_int(OSSL_PROV_PARAM_STATUS, NULL),
	OSSL_PARAM_END
};

static const OSSL_PARAM *prov_gettable_params(void *provctx)
{
	(void)provctx;
	return prov_param_types;
}

static int prov_get_params(void *provctx, OSSL_PARAM params[])
{
	OSSL_PARAM *p;

	(void)provctx;
	if ((p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_NAME)) &&
	    !OSSL_PARAM_set_utf8_ptr(p, "libsmgw-pki security module provider"))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_VERSION)) && !OSSL_PARAM_set_utf8_ptr(p, SMGW_VERSION_STRING))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_STATUS)) && !OSSL_PARAM_set_int(p, 1))
		return 0;
	return 1;
}

static void prov_teardown(void *provctx)
{
	OPENSSL_free(provctx);
}

static const OSSL_DISPATCH prov_functions[] = {
	{ OSSL_FUNC_PROVIDER_TEARDOWN, (void (*)(void))prov_teardown },
	{ OSSL_FUNC_PROVIDER_QUERY_OPERATION, (void (*)(void))prov_query },
	{ OSSL_FUNC_PROVIDER_GETTABLE_PARAMS, (void (*)(void))prov_gettable_params },
	{ OSSL_FUNC_PROVIDER_GET_PARAMS, (void (*)(void))prov_get_params },
	{ 0, NULL }
};

static int prov_init(const OSSL_CORE_HANDLE *handle, const OSSL_DISPATCH *in, const OSSL_DISPATCH **out,
		     void **provctx)
{
	OSSL_FUNC_core_get_libctx_fn *get_libctx = NULL;
	struct prov *pc;

	for (; in && in->function_id; in++)
		if (in->function_id == OSSL_FUNC_CORE_GET_LIBCTX)
			get_libctx = OSSL_FUNC_core_get_libctx(in);
	if (!get_libctx)
		return 0;
	pc = OPENSSL_zalloc(sizeof(*pc));
	if (!pc)
		return 0;
	/* A built-in provider shares libcrypto with its core, so the core
	 * context is the library context itself. */
	pc->libctx = (OSSL_LIB_CTX *)get_libctx(handle);
	*out = prov_functions;
	*provctx = pc;
	return 1;
}

static int prewarm(OSSL_LIB_CTX *libctx, const char *propq)
{
	EVP_KEYMGMT *km = EVP_KEYMGMT_fetch(libctx, "EC", propq);
	int ok = km && strcmp(OSSL_PROVIDER_get0_name(EVP_KEYMGMT_get0_provider(km)), SMGW_SECMOD_PROVIDER_NAME) != 0;

	EVP_KEYMGMT_free(km);
	return ok;
}

SMGW_EXPORT int smgw_secmod_provider_load(OSSL_LIB_CTX *libctx, const char *propq, OSSL_PROVIDER **ret_prov)
{
	OSSL_PROVIDER *prov;

	smgw__sm_return_if_fail(libctx && ret_prov);
	/* A second add of the same name fails harmlessly; the load decides. */
	ERR_set_mark();
	OSSL_PROVIDER_add_builtin(libctx, SMGW_SECMOD_PROVIDER_NAME, prov_init);
	ERR_pop_to_mark();
	prov = OSSL_PROVIDER_load(libctx, SMGW_SECMOD_PROVIDER_NAME);
	if (!prov)
		return SMGW_E_CRYPTO;
	/*
	 * Our key manager answers to "EC" like the default provider's but
	 * cannot generate or decode keys. Plain fetches must keep landing on
	 * the other providers; operations on module keys still find ours (an
	 * optional preference never excludes). OpenSSL 3.0 cannot read the
	 * default query back, so only the FIPS setting is carried over.
	 */
	if (!EVP_set_default_properties(libctx, EVP_default_properties_is_fips_enabled(libctx) ? "fips=yes," PREFER
												: PREFER)) {
		OSSL_PROVIDER_unload(prov);
		return SMGW_E_CRYPTO;
	}
	/*
	 * OpenSSL 3.0 caches fetches per (algorithm, query string), and a
	 * lookup for any provider returns the first entry of that query. An
	 * operation on a module key fetches our "EC" from our provider and
	 * caches it; had no plain fetch cached the other provider's "EC"
	 * first, every later plain fetch (ECDHE key generation in TLS, peer
	 * keys) would get ours. Loading flushed the cache, so plain fetches
	 * now put the right entries first.
	 */
	if (!prewarm(libctx, NULL) || (propq && !prewarm(libctx, propq))) {
		OSSL_PROVIDER_unload(prov);
		return SMGW_E_CRYPTO;
	}
	*ret_prov = prov;
	return 0;
}

SMGW_EXPORT int smgw_secmod_key_pkey(smgw_secmod_key *key, OSSL_LIB_CTX *libctx, EVP_PKEY **ret_pkey)
{
	struct keyref ref;
	OSSL_PARAM params[2];
	EVP_PKEY_CTX *pctx;
	EVP_PKEY *pkey = NULL;
	int rc = SMGW_E_CRYPTO;

	smgw__sm_return_if_fail(key && key->magic == SMGW__KEY_MAGIC && libctx && ret_pkey);
	memset(&ref, 0, sizeof(ref));
	ref.magic = SMGW__KEY_MAGIC;
	ref.key = key;
	params[0] = OSSL_PARAM_construct_octet_string(KEYREF_PARAM, &ref, sizeof(ref));
	params[1] = OSSL_PARAM_construct_end();
	ERR_set_mark();
	pctx = EVP_PKEY_CTX_new_from_name(libctx, "EC", PROPS);
	if (!pctx) {
		ERR_pop_to_mark();
		return SMGW_E_STATE; /* the provider is not loaded into libctx */
	}
	if (EVP_PKEY_fromdata_init(pctx) == 1 && EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_KEYPAIR, params) == 1) {
		*ret_pkey = pkey;
		rc = 0;
	}
	EVP_PKEY_CTX_free(pctx);
	ERR_pop_to_mark();
	return rc;
}
