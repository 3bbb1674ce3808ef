/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PKCS#11 security module: any Cryptoki 2.x module loaded with
 * dlopen(). Types and constants are our own (p11-types.h).
 *
 * Objects per slot name S:
 * - CKO_PRIVATE_KEY, CKK_EC, CKA_LABEL = CKA_ID = S, token object, private,
 *   sensitive, not extractable, CKA_SIGN / CKA_DERIVE per usage;
 * - CKO_PUBLIC_KEY with the same label and id (holds CKA_EC_POINT);
 * - CKO_CERTIFICATE, CKC_X_509, same label and id, public.
 * Ephemeral keys are session objects destroyed with their handle.
 *
 * Mechanisms: CKM_EC_KEY_PAIR_GEN with CKA_EC_PARAMS = DER OID of the
 * named curve, CKM_ECDSA on a digest (hash outside), CKM_ECDH1_DERIVE with
 * CKD_NULL into an extractable session CKK_GENERIC_SECRET that is read and
 * destroyed at once (the KDF runs on the host; SoftHSM2 offers no other).
 */
#include <dlfcn.h>
#include <string.h>

#include <openssl/crypto.h>

#include "p11-types.h"
#include "secmod-private.h"

struct p11 {
	smgw_ctx *ctx;
	void *dl;
	CK_FUNCTION_LIST *f;
	int finalize;
	CK_SLOT_ID slot;
	CK_SESSION_HANDLE sess;
	int have_sess;
	uint32_t caps; /* from the token's flags and mechanism list */
};

struct p11_key {
	CK_OBJECT_HANDLE priv;
	CK_OBJECT_HANDLE pub;
	int ephemeral;
	const struct smgw__curve *curve;
	uint8_t point[SMGW_SECMOD_POINT_MAX];
	size_t point_len;
};

static int ckr_rc(CK_RV rv)
{
	switch (rv) {
	case CKR_OK:
		return 0;
	case CKR_HOST_MEMORY:
		return SMGW_E_NOMEM;
	case CKR_DEVICE_MEMORY:
		return SMGW_E_NOSPACE;
	case CKR_PIN_INCORRECT:
	case CKR_PIN_INVALID:
	case CKR_PIN_LEN_RANGE:
		return SMGW_E_SECMOD_PIN;
	case CKR_PIN_LOCKED:
	case CKR_PIN_EXPIRED:
		return SMGW_E_SECMOD_PIN_LOCKED;
	case CKR_USER_NOT_LOGGED_IN:
	case CKR_USER_PIN_NOT_INITIALIZED:
	case CKR_KEY_FUNCTION_NOT_PERMITTED:
	case CKR_TOKEN_WRITE_PROTECTED:
		return SMGW_E_PERM;
	case CKR_MECHANISM_INVALID:
	case CKR_MECHANISM_PARAM_INVALID:
	case CKR_FUNCTION_NOT_SUPPORTED:
	case CKR_ATTRIBUTE_VALUE_INVALID:
	case CKR_ATTRIBUTE_TYPE_INVALID:
	case CKR_TEMPLATE_INCONSISTENT:
		return SMGW_E_UNSUPPORTED;
	case CKR_KEY_HANDLE_INVALID:
	case CKR_OBJECT_HANDLE_INVALID:
		return SMGW_E_NOTFOUND;
	case CKR_BUFFER_TOO_SMALL:
		return SMGW_E_BUFSIZE;
	case CKR_TOKEN_NOT_PRESENT:
	case CKR_TOKEN_NOT_RECOGNIZED:
	case CKR_SLOT_ID_INVALID:
		return SMGW_E_SECMOD_TOKEN;
	default:
		return SMGW_E_SECMOD_DEVICE;
	}
}

/* Maps a failed call to an error code and logs the CKR value. */
static int p11_fail(struct p11 *p, const char *fn, CK_RV rv)
{
	smgw_ctx_log(p->ctx, SMGW_LOG_ERR, "secmod", "pkcs11: %s failed: CKR 0x%lx", fn, (unsigned long)rv);
	return ckr_rc(rv);
}

static CK_ULONG ul(size_t v)
{
	return (CK_ULONG)v;
}

/* Finds the object of a class with CKA_LABEL = slot (at most one may exist). */
static int p11_find(struct p11 *p, CK_OBJECT_CLASS cls, const char *slot, CK_OBJECT_HANDLE *ret)
{
	CK_ATTRIBUTE t[2] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_LABEL, (void *)slot, ul(strlen(slot)) },
	};
	CK_OBJECT_HANDLE h[2];
	CK_ULONG n = 0;
	CK_RV rv;

	rv = p->f->C_FindObjectsInit(p->sess, t, 2);
	if (rv != CKR_OK)
		return p11_fail(p, "C_FindObjectsInit", rv);
	rv = p->f->C_FindObjects(p->sess, h, 2, &n);
	p->f->C_FindObjectsFinal(p->sess);
	if (rv != CKR_OK)
		return p11_fail(p, "C_FindObjects", rv);
	if (n == 0)
		return SMGW_E_NOTFOUND;
	if (n > 1) {
		smgw_ctx_log(p->ctx, SMGW_LOG_ERR, "secmod", "pkcs11: slot %s: more than one object of class %lu",
			     slot, (unsigned long)cls);
		return SMGW_E_CORRUPT;
	}
	*ret = h[0];
	return 0;
}

/* Reads an attribute into buf (capacity *len). */
static int p11_attr(struct p11 *p, CK_OBJECT_HANDLE h, CK_ATTRIBUTE_TYPE type, void *buf, size_t *len)
{
	CK_ATTRIBUTE a = { type, buf, ul(*len) };
	CK_RV rv = p->f->C_GetAttributeValue(p->sess, h, &a, 1);

	if (rv == CKR_BUFFER_TOO_SMALL) {
		/* The length is then CK_UNAVAILABLE_INFORMATION: ask for it. */
		a.pValue = NULL;
		a.ulValueLen = 0;
		rv = p->f->C_GetAttributeValue(p->sess, h, &a, 1);
		if (rv != CKR_OK)
			return p11_fail(p, "C_GetAttributeValue", rv);
		buf = NULL;
	}
	if (rv == CKR_OK && buf == NULL) {
		if (a.ulValueLen == CK_UNAVAILABLE_INFORMATION)
			return SMGW_E_SECMOD_DEVICE;
		*len = (size_t)a.ulValueLen;
		return SMGW_E_BUFSIZE;
	}
	if (rv != CKR_OK)
		return p11_fail(p, "C_GetAttributeValue", rv);
	/* A module claiming more than the buffer holds (or "unavailable"
	 * with CKR_OK) is answering nonsense: never pass that length on. */
	if (a.ulValueLen == CK_UNAVAILABLE_INFORMATION || (size_t)a.ulValueLen > *len) {
		smgw_ctx_log(p->ctx, SMGW_LOG_ERR, "secmod",
			     "pkcs11: C_GetAttributeValue: length %lu for a buffer of %zu bytes",
			     (unsigned long)a.ulValueLen, *len);
		return SMGW_E_SECMOD_DEVICE;
	}
	*len = (size_t)a.ulValueLen;
	return 0;
}

int smgw__p11_ec_point_unwrap(const struct smgw__curve *c, const uint8_t *v, size_t n, uint8_t *point,
			      size_t *point_len)
{
	size_t want = 1 + 2 * (size_t)c->field_len;
	const uint8_t *src;

	if (n == want && v[0] == 0x04)
		src = v;
	else if (want < 128 && n == want + 2 && v[0] == 0x04 && v[1] == want)
		src = v + 2;
	else if (want >= 128 && n == want + 3 && v[0] == 0x04 && v[1] == 0x81 && v[2] == want)
		src = v + 3;
	else
		return SMGW_E_CORRUPT;
	if (src[0] != 0x04)
		return SMGW_E_CORRUPT;
	memcpy(point, src, want);
	*point_len = want;
	return 0;
}

static int ec_point_unwrap(const struct smgw__curve *c, const uint8_t *v, size_t n, struct p11_key *k)
{
	return smgw__p11_ec_point_unwrap(c, v, n, k->point, &k->point_len);
}

static int p11_read_point(struct p11 *p, struct p11_key *k)
{
	uint8_t v[SMGW_SECMOD_POINT_MAX + 3];
	size_t n = sizeof(v);
	int rc = p11_attr(p, k->pub, CKA_EC_POINT, v, &n);

	if (rc == SMGW_E_BUFSIZE)
		rc = SMGW_E_CORRUPT;
	return rc ? rc : ec_point_unwrap(k->curve, v, n, k);
}

static int p11_caps(void *backend, uint32_t *ret_flags)
{
	struct p11 *p = backend;

	*ret_flags = p->caps;
	return 0;
}

/* What the token offers: CKF_RNG and the EC mechanisms with their flags. */
static uint32_t p11_probe(struct p11 *p, CK_FLAGS token_flags)
{
	static const struct {
		CK_MECHANISM_TYPE mech;
		CK_FLAGS need;
		uint32_t cap;
	} mechs[] = {
		{ CKM_EC_KEY_PAIR_GEN, CKF_GENERATE_KEY_PAIR, SMGW_SECMOD_CAP_KEYGEN },
		{ CKM_ECDSA, CKF_SIGN, SMGW_SECMOD_CAP_SIGN },
		{ CKM_ECDH1_DERIVE, CKF_DERIVE, SMGW_SECMOD_CAP_ECDH },
	};
	uint32_t caps = SMGW_SECMOD_CAP_CERTS | SMGW_SECMOD_CAP_DELETE | SMGW_SECMOD_CAP_NONEXTRACTABLE;
	CK_MECHANISM_INFO mi;
	size_t i;

	if (token_flags & CKF_RNG)
		caps |= SMGW_SECMOD_CAP_RANDOM;
	for (i = 0; i < SMGW__SM_ARRAY_SIZE(mechs); i++) {
		memset(&mi, 0, sizeof(mi));
		if (p->f->C_GetMechanismInfo(p->slot, mechs[i].mech, &mi) == CKR_OK && (mi.flags & mechs[i].need))
			caps |= mechs[i].cap;
		else
			smgw_ctx_log(p->ctx, SMGW_LOG_NOTICE, "secmod", "pkcs11: token lacks mechanism 0x%lx",
				     (unsigned long)mechs[i].mech);
	}
	return caps;
}

static void p11_key_close(void *backend, void *key)
{
	struct p11 *p = backend;
	struct p11_key *k = key;

	if (!k)
		return;
	if (k->ephemeral) {
		if (k->priv != CK_INVALID_HANDLE)
			p->f->C_DestroyObject(p->sess, k->priv);
		if (k->pub != CK_INVALID_HANDLE)
			p->f->C_DestroyObject(p->sess, k->pub);
	}
	smgw_ctx_free(p->ctx, k, sizeof(*k));
}

static int p11_generate(void *backend, const char *slot, int curve, uint32_t flags, void **ret_key)
{
	struct p11 *p = backend;
	const struct smgw__curve *c = smgw__curve_get(curve);
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_BBOOL persist = (flags & SMGW_SECMOD_GEN_EPHEMERAL) ? CK_FALSE : CK_TRUE;
	CK_BBOOL sign = (flags & SMGW_SECMOD_GEN_SIGN) ? CK_TRUE : CK_FALSE;
	CK_BBOOL derive = (flags & SMGW_SECMOD_GEN_DERIVE) ? CK_TRUE : CK_FALSE;
	CK_OBJECT_CLASS pub_cls = CKO_PUBLIC_KEY, priv_cls = CKO_PRIVATE_KEY;
	CK_KEY_TYPE kt = CKK_EC;
	CK_ULONG sl = ul(strlen(slot));
	CK_MECHANISM mech = { CKM_EC_KEY_PAIR_GEN, NULL, 0 };
	CK_OBJECT_HANDLE old_priv = CK_INVALID_HANDLE, old_pub = CK_INVALID_HANDLE;
	struct p11_key *k;
	CK_RV rv;
	int rc;

	if (!c)
		return SMGW_E_UNSUPPORTED;
	CK_ATTRIBUTE pub_t[] = {
		{ CKA_CLASS, &pub_cls, sizeof(pub_cls) },
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
		{ CKA_TOKEN, &persist, sizeof(persist) },
		{ CKA_PRIVATE, &no, sizeof(no) },
		{ CKA_EC_PARAMS, (void *)c->oid_der, ul(c->oid_der_len) },
		{ CKA_LABEL, (void *)slot, sl },
		{ CKA_ID, (void *)slot, sl },
		{ CKA_VERIFY, &sign, sizeof(sign) },
	};
	CK_ATTRIBUTE priv_t[] = {
		{ CKA_CLASS, &priv_cls, sizeof(priv_cls) },
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
		{ CKA_TOKEN, &persist, sizeof(persist) },
		{ CKA_PRIVATE, &yes, sizeof(yes) },
		{ CKA_SENSITIVE, &yes, sizeof(yes) },
		{ CKA_EXTRACTABLE, &no, sizeof(no) },
		{ CKA_LABEL, (void *)slot, sl },
		{ CKA_ID, (void *)slot, sl },
		{ CKA_SIGN, &sign, sizeof(sign) },
		{ CKA_DERIVE, &derive, sizeof(derive) },
	};

	if (persist) {
		rc = p11_find(p, CKO_PRIVATE_KEY, slot, &old_priv);
		if (rc == 0 && !(flags & SMGW_SECMOD_GEN_REPLACE))
			return SMGW_E_EXISTS;
		if (rc && rc != SMGW_E_NOTFOUND)
			return rc;
		rc = p11_find(p, CKO_PUBLIC_KEY, slot, &old_pub);
		if (rc == 0 && !(flags & SMGW_SECMOD_GEN_REPLACE))
			return SMGW_E_EXISTS;
		if (rc && rc != SMGW_E_NOTFOUND)
			return rc;
	}
	k = smgw_ctx_calloc(p->ctx, 1, sizeof(*k));
	if (!k)
		return SMGW_E_NOMEM;
	k->curve = c;
	k->ephemeral = !persist;
	rv = p->f->C_GenerateKeyPair(p->sess, &mech, pub_t, ul(SMGW__SM_ARRAY_SIZE(pub_t)), priv_t,
				     ul(SMGW__SM_ARRAY_SIZE(priv_t)), &k->pub, &k->priv);
	if (rv != CKR_OK) {
		smgw_ctx_free(p->ctx, k, sizeof(*k));
		return p11_fail(p, "C_GenerateKeyPair", rv);
	}
	rc = p11_read_point(p, k);
	if (rc) {
		p->f->C_DestroyObject(p->sess, k->priv);
		p->f->C_DestroyObject(p->sess, k->pub);
		smgw_ctx_free(p->ctx, k, sizeof(*k));
		return rc;
	}
	/* The new pair is in place: only now remove the one it replaces. */
	if (old_priv != CK_INVALID_HANDLE)
		p->f->C_DestroyObject(p->sess, old_priv);
	if (old_pub != CK_INVALID_HANDLE)
		p->f->C_DestroyObject(p->sess, old_pub);
	*ret_key = k;
	return 0;
}

static int p11_key_open(void *backend, const char *slot, void **ret_key, int *ret_curve)
{
	struct p11 *p = backend;
	struct p11_key *k;
	uint8_t params[32];
	size_t n = sizeof(params);
	int rc;

	k = smgw_ctx_calloc(p->ctx, 1, sizeof(*k));
	if (!k)
		return SMGW_E_NOMEM;
	rc = p11_find(p, CKO_PRIVATE_KEY, slot, &k->priv);
	if (rc == 0)
		rc = p11_find(p, CKO_PUBLIC_KEY, slot, &k->pub);
	if (rc == 0)
		rc = p11_attr(p, k->pub, CKA_EC_PARAMS, params, &n);
	if (rc == 0) {
		k->curve = smgw__curve_by_oid(params, n);
		rc = k->curve ? 0 : SMGW_E_UNSUPPORTED;
	} else if (rc == SMGW_E_BUFSIZE) {
		rc = SMGW_E_UNSUPPORTED; /* explicit parameters or an unknown curve */
	}
	if (rc == 0)
		rc = p11_read_point(p, k);
	if (rc) {
		smgw_ctx_free(p->ctx, k, sizeof(*k));
		return rc;
	}
	*ret_key = k;
	*ret_curve = (int)k->curve->id;
	return 0;
}

static int p11_key_delete(void *backend, const char *slot)
{
	struct p11 *p = backend;
	CK_OBJECT_HANDLE h;
	int found = 0, rc, cls;
	CK_RV rv;

	for (cls = 0; cls < 2; cls++) {
		rc = p11_find(p, cls ? CKO_PUBLIC_KEY : CKO_PRIVATE_KEY, slot, &h);
		if (rc == SMGW_E_NOTFOUND)
			continue;
		if (rc)
			return rc;
		rv = p->f->C_DestroyObject(p->sess, h);
		if (rv != CKR_OK)
			return p11_fail(p, "C_DestroyObject", rv);
		found = 1;
	}
	return found ? 0 : SMGW_E_NOTFOUND;
}

static int p11_key_public(void *backend, void *key, uint8_t *point, size_t *len)
{
	struct p11_key *k = key;

	(void)backend;
	if (*len < k->point_len) {
		*len = k->point_len;
		return SMGW_E_BUFSIZE;
	}
	memcpy(point, k->point, k->point_len);
	*len = k->point_len;
	return 0;
}

static int p11_sign(void *backend, void *key, const uint8_t *digest, size_t digest_len, uint8_t *rs, size_t *rs_len)
{
	struct p11 *p = backend;
	struct p11_key *k = key;
	CK_MECHANISM mech = { CKM_ECDSA, NULL, 0 };
	CK_ULONG n = ul(*rs_len);
	CK_RV rv;

	rv = p->f->C_SignInit(p->sess, &mech, k->priv);
	if (rv != CKR_OK)
		return p11_fail(p, "C_SignInit", rv);
	rv = p->f->C_Sign(p->sess, (CK_BYTE *)digest, ul(digest_len), rs, &n);
	if (rv != CKR_OK)
		return p11_fail(p, "C_Sign", rv);
	*rs_len = (size_t)n;
	return 0;
}

static int p11_ecdh(void *backend, void *key, const uint8_t *peer, size_t peer_len, uint8_t *z, size_t *z_len)
{
	struct p11 *p = backend;
	struct p11_key *k = key;
	CK_ECDH1_DERIVE_PARAMS dp = { CKD_NULL, 0, NULL, ul(peer_len), (CK_BYTE *)peer };
	CK_MECHANISM mech = { CKM_ECDH1_DERIVE, &dp, sizeof(dp) };
	CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
	CK_KEY_TYPE kt = CKK_GENERIC_SECRET;
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_OBJECT_HANDLE sec = CK_INVALID_HANDLE;
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
		{ CKA_TOKEN, &no, sizeof(no) },
		{ CKA_SENSITIVE, &no, sizeof(no) },
		{ CKA_EXTRACTABLE, &yes, sizeof(yes) },
	};
	CK_RV rv;
	int rc;

	rv = p->f->C_DeriveKey(p->sess, &mech, k->priv, t, ul(SMGW__SM_ARRAY_SIZE(t)), &sec);
	if (rv != CKR_OK)
		return p11_fail(p, "C_DeriveKey", rv);
	rc = p11_attr(p, sec, CKA_VALUE, z, z_len);
	p->f->C_DestroyObject(p->sess, sec);
	return rc;
}

static int p11_random(void *backend, uint8_t *buf, size_t len)
{
	struct p11 *p = backend;
	CK_RV rv = p->f->C_GenerateRandom(p->sess, buf, ul(len));

	return rv == CKR_OK ? 0 : p11_fail(p, "C_GenerateRandom", rv);
}

/* DER walk: the header of the TLV at *pp; returns 0 and the body span. */
static int tlv(const uint8_t **pp, const uint8_t *end, uint8_t *tag, const uint8_t **body, size_t *len)
{
	const uint8_t *p = *pp;
	size_t n, i, k;

	if (end - p < 2)
		return -1;
	*tag = p[0];
	n = p[1];
	p += 2;
	if (n & 0x80) {
		k = n & 0x7f;
		if (k == 0 || k > 2 || (size_t)(end - p) < k)
			return -1;
		for (n = 0, i = 0; i < k; i++)
			n = (n << 8) | *p++;
	}
	if ((size_t)(end - p) < n)
		return -1;
	*body = p;
	*len = n;
	*pp = p + n;
	return 0;
}

int smgw__p11_cert_subject(const uint8_t *der, size_t len, const uint8_t **subj, size_t *subj_len)
{
	const uint8_t *p = der, *end = der + len, *b, *start;
	uint8_t tag;
	size_t n;
	int i;

	if (tlv(&p, end, &tag, &b, &n) || tag != 0x30)
		return SMGW_E_ENCODING;
	p = b;
	end = b + n;
	if (tlv(&p, end, &tag, &b, &n) || tag != 0x30) /* tbsCertificate */
		return SMGW_E_ENCODING;
	p = b;
	end = b + n;
	/* [0] version (optional), serial, signature, issuer, validity, subject */
	for (i = 0; i < 6; i++) {
		start = p;
		if (tlv(&p, end, &tag, &b, &n))
			return SMGW_E_ENCODING;
		if (i == 0 && tag != 0xa0)
			i++; /* no version field */
		if (i == 5) {
			if (tag != 0x30)
				return SMGW_E_ENCODING;
			*subj = start;
			*subj_len = (size_t)(p - start);
			return 0;
		}
	}
	return SMGW_E_ENCODING;
}

static int p11_cert_store(void *backend, const char *slot, const uint8_t *der, size_t len)
{
	struct p11 *p = backend;
	CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
	CK_CERTIFICATE_TYPE ct = CKC_X_509;
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_ULONG sl = ul(strlen(slot));
	CK_OBJECT_HANDLE old = CK_INVALID_HANDLE, h;
	const uint8_t *subj = NULL;
	size_t subj_len = 0;
	CK_RV rv;
	int rc;

	rc = smgw__p11_cert_subject(der, len, &subj, &subj_len);
	if (rc)
		return rc;
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_CERTIFICATE_TYPE, &ct, sizeof(ct) },
		{ CKA_TOKEN, &yes, sizeof(yes) },
		{ CKA_PRIVATE, &no, sizeof(no) },
		{ CKA_LABEL, (void *)slot, sl },
		{ CKA_ID, (void *)slot, sl },
		{ CKA_SUBJECT, (void *)subj, ul(subj_len) },
		{ CKA_VALUE, (void *)der, ul(len) },
	};
	rc = p11_find(p, CKO_CERTIFICATE, slot, &old);
	if (rc && rc != SMGW_E_NOTFOUND)
		return rc;
	rv = p->f->C_CreateObject(p->sess, t, ul(SMGW__SM_ARRAY_SIZE(t)), &h);
	if (rv != CKR_OK)
		return p11_fail(p, "C_CreateObject", rv);
	if (old != CK_INVALID_HANDLE)
		p->f->C_DestroyObject(p->sess, old);
	return 0;
}

static int p11_cert_load(void *backend, const char *slot, uint8_t *der, size_t *len)
{
	struct p11 *p = backend;
	CK_OBJECT_HANDLE h;
	int rc = p11_find(p, CKO_CERTIFICATE, slot, &h);

	return rc ? rc : p11_attr(p, h, CKA_VALUE, der, len);
}

static int p11_cert_delete(void *backend, const char *slot)
{
	struct p11 *p = backend;
	CK_OBJECT_HANDLE h;
	CK_RV rv;
	int rc = p11_find(p, CKO_CERTIFICATE, slot, &h);

	if (rc)
		return rc;
	rv = p->f->C_DestroyObject(p->sess, h);
	return rv == CKR_OK ? 0 : p11_fail(p, "C_DestroyObject", rv);
}

static void p11_destroy(void *backend)
{
	struct p11 *p = backend;
	smgw_ctx *ctx = p->ctx;

	/*
	 * No C_Logout: the login state belongs to the application, not to the
	 * session, so it would log out another open module of the same token.
	 * Closing the application's last session logs the token out.
	 */
	if (p->have_sess)
		p->f->C_CloseSession(p->sess);
	if (p->finalize)
		p->f->C_Finalize(NULL);
	if (p->dl)
		dlclose(p->dl);
	smgw_ctx_free(ctx, p, sizeof(*p));
	smgw_ctx_unref(ctx);
}

static const struct smgw_secmod_ops p11_ops = {
	.struct_size = sizeof(struct smgw_secmod_ops),
	.name = "pkcs11",
	.capabilities = p11_caps,
	.key_generate = p11_generate,
	.key_open = p11_key_open,
	.key_close = p11_key_close,
	.key_delete = p11_key_delete,
	.key_public = p11_key_public,
	.sign_digest = p11_sign,
	.ecdh = p11_ecdh,
	.random = p11_random,
	.cert_store = p11_cert_store,
	.cert_load = p11_cert_load,
	.cert_delete = p11_cert_delete,
	.destroy = p11_destroy,
};

/* Token label: 32 bytes, blank padded. */
static int label_eq(const CK_UTF8CHAR lab[32], const char *want)
{
	size_t n = 32, w = strlen(want);

	while (n > 0 && lab[n - 1] == ' ')
		n--;
	return n == w && memcmp(lab, want, n) == 0;
}

static int p11_select_token(struct p11 *p, const char *label, CK_FLAGS *ret_flags, struct smgw_diag *diag)
{
	CK_SLOT_ID *slots = NULL;
	CK_ULONG n = 0, cap, i, found = 0;
	CK_TOKEN_INFO ti;
	size_t bytes;
	CK_RV rv;
	int rc = 0;

	rv = p->f->C_GetSlotList(CK_TRUE, NULL, &n);
	if (rv != CKR_OK)
		return smgw_diag_set(diag, p11_fail(p, "C_GetSlotList", rv), UINT64_MAX,
				     "pkcs11: C_GetSlotList failed (CKR 0x%lx)", (unsigned long)rv);
	if (n == 0)
		return smgw_diag_set(diag, SMGW_E_SECMOD_TOKEN, UINT64_MAX, "pkcs11: no token present");
	bytes = (size_t)n * sizeof(*slots);
	slots = smgw_ctx_malloc(p->ctx, bytes);
	if (!slots)
		return SMGW_E_NOMEM;
	cap = n;
	rv = p->f->C_GetSlotList(CK_TRUE, slots, &n);
	if (rv != CKR_OK) {
		rc = smgw_diag_set(diag, p11_fail(p, "C_GetSlotList", rv), UINT64_MAX,
				   "pkcs11: C_GetSlotList failed (CKR 0x%lx)", (unsigned long)rv);
		goto out;
	}
	if (n > cap) {
		rc = smgw_diag_set(diag, SMGW_E_SECMOD_DEVICE, UINT64_MAX,
				   "pkcs11: C_GetSlotList reported %lu slots for a list of %lu",
				   (unsigned long)n, (unsigned long)cap);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (p->f->C_GetTokenInfo(slots[i], &ti) != CKR_OK || !(ti.flags & CKF_TOKEN_INITIALIZED))
			continue;
		if (label && !label_eq(ti.label, label))
			continue;
		if (found++ == 0) {
			p->slot = slots[i];
			*ret_flags = ti.flags;
		}
	}
	if (found == 0)
		rc = smgw_diag_set(diag, SMGW_E_SECMOD_TOKEN, UINT64_MAX, "pkcs11: no initialised token%s%s%s",
				   label ? " labelled \"" : "", label ? label : "", label ? "\"" : "");
	else if (found > 1)
		rc = smgw_diag_set(diag, SMGW_E_SECMOD_TOKEN, UINT64_MAX,
				   label ? "pkcs11: %lu tokens carry the label" : "pkcs11: %lu tokens; give a label",
				   (unsigned long)found);
out:
	smgw_ctx_free(p->ctx, slots, bytes);
	return rc;
}

SMGW_EXPORT int smgw_secmod_pkcs11_open(smgw_ctx *ctx, const struct smgw_secmod_pkcs11_params *params,
					smgw_secmod **ret_sm, struct smgw_diag *diag)
{
	CK_C_INITIALIZE_ARGS init = { NULL, NULL, NULL, NULL, CKF_OS_LOCKING_OK, NULL };
	CK_C_GetFunctionList get_list;
	CK_FLAGS token_flags = 0;
	struct p11 *p;
	CK_RV rv;
	int rc;

	smgw__sm_return_if_fail(ctx && params && ret_sm);
	smgw__sm_return_if_fail(params->struct_size >= offsetof(struct smgw_secmod_pkcs11_params, pin_len) +
							     sizeof(size_t));
	smgw__sm_return_if_fail(params->flags == 0 && params->module && (params->pin || params->pin_len == 0));
	p = smgw_ctx_calloc(ctx, 1, sizeof(*p));
	if (!p)
		return SMGW_E_NOMEM;
	p->ctx = smgw_ctx_ref(ctx);
	p->dl = dlopen(params->module, RTLD_NOW | RTLD_LOCAL);
	if (!p->dl) {
		rc = smgw_diag_set(diag, SMGW_E_SECMOD_MODULE, UINT64_MAX, "pkcs11: cannot load %s: %s",
				   params->module, dlerror());
		goto fail;
	}
	/* POSIX: a data pointer from dlsym() converts to a function pointer. */
	*(void **)&get_list = dlsym(p->dl, "C_GetFunctionList");
	if (!get_list) {
		rc = smgw_diag_set(diag, SMGW_E_SECMOD_MODULE, UINT64_MAX, "pkcs11: %s has no C_GetFunctionList",
				   params->module);
		goto fail;
	}
	rv = get_list(&p->f);
	if (rv != CKR_OK || !p->f || p->f->version.major != 2) {
		rc = smgw_diag_set(diag, SMGW_E_SECMOD_MODULE, UINT64_MAX,
				   "pkcs11: C_GetFunctionList failed or no 2.x interface (CKR 0x%lx)",
				   (unsigned long)rv);
		p->f = NULL;
		goto fail;
	}
	rv = p->f->C_Initialize(&init);
	if (rv == CKR_OK) {
		p->finalize = 1;
	} else if (rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
		rc = smgw_diag_set(diag, SMGW_E_SECMOD_MODULE, UINT64_MAX, "pkcs11: C_Initialize failed (CKR 0x%lx)",
				   (unsigned long)rv);
		goto fail;
	}
	rc = p11_select_token(p, params->token_label, &token_flags, diag);
	if (rc)
		goto fail;
	p->caps = p11_probe(p, token_flags);
	rv = p->f->C_OpenSession(p->slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &p->sess);
	if (rv != CKR_OK) {
		rc = smgw_diag_set(diag, p11_fail(p, "C_OpenSession", rv), UINT64_MAX,
				   "pkcs11: C_OpenSession failed (CKR 0x%lx)", (unsigned long)rv);
		goto fail;
	}
	p->have_sess = 1;
	if (params->pin) {
		rv = p->f->C_Login(p->sess, CKU_USER, (CK_UTF8CHAR *)params->pin, ul(params->pin_len));
		if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) {
			rc = smgw_diag_set(diag, ckr_rc(rv), UINT64_MAX, "pkcs11: C_Login failed (CKR 0x%lx)",
					   (unsigned long)rv);
			goto fail;
		}
	}
	rc = smgw_secmod_new(ctx, &p11_ops, p, ret_sm);
	if (rc)
		goto fail;
	return 0;
fail:
	if (p->f) {
		if (p->have_sess)
			p->f->C_CloseSession(p->sess);
		p->have_sess = 0;
		if (p->finalize)
			p->f->C_Finalize(NULL);
		p->finalize = 0;
	}
	p11_destroy(p);
	return rc;
}
