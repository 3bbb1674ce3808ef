/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DLMS ciphered APDUs, security suites 0 and 1 (AES-128-GCM, 12-byte tag):
 * general-glo/ded-ciphering and the service-specific glo-/ded- APDUs.
 * One EVP context per call; keys never leave the caller's buffers except
 * for the AAD, which is wiped after use.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <smgw/axdr.h>
#include <smgw/bytes.h>
#include <smgw/dlms.h>

#include "dlms/dlms-internal.h"

#define return_if_fail(expr) \
	do { \
		if (!(expr)) \
			return SMGW_E_INVAL; \
	} while (0)

/* Tag of the plain APDU a ciphered tag carries: 0 for general ciphering, -1 if not ciphered. */
static int plain_of(int tag)
{
	if (tag == SMGW_DLMS_GENERAL_GLO_CIPHERING || tag == SMGW_DLMS_GENERAL_DED_CIPHERING)
		return 0;
	if (tag >= 0xc8 && tag <= 0xcf && tag != 0xce)
		return tag - 8;
	if (tag >= 0xd0 && tag <= 0xd7 && tag != 0xd6)
		return tag - 0x10;
	switch (tag) {
	case SMGW_DLMS_GLO_INITIATE_REQUEST: case SMGW_DLMS_DED_INITIATE_REQUEST: return SMGW_DLMS_INITIATE_REQUEST;
	case SMGW_DLMS_GLO_INITIATE_RESPONSE: case SMGW_DLMS_DED_INITIATE_RESPONSE: return SMGW_DLMS_INITIATE_RESPONSE;
	case SMGW_DLMS_GLO_CONFIRMED_SERVICE_ERROR: case SMGW_DLMS_DED_CONFIRMED_SERVICE_ERROR:
		return SMGW_DLMS_CONFIRMED_SERVICE_ERROR;
	default: return -1;
	}
}

SMGW_EXPORT int smgw_dlms_is_ciphered(int tag)
{
	return plain_of(tag) >= 0;
}

static int sc_check(uint8_t sc)
{
	return (sc & SMGW_DLMS_SC_SUITE_MASK) <= 1 && !(sc & SMGW_DLMS_SC_COMPRESSED);
}

SMGW_EXPORT int smgw_dlms_ciphered_parse(const uint8_t *p, size_t len, struct smgw_dlms_ciphered *ret,
					 struct smgw_diag *diag)
{
	struct smgw_dlms_ciphered c;
	struct smgw_reader r;
	uint32_t n;
	size_t used;
	int pt, e;

	return_if_fail((p || len == 0) && ret);
	if (len < 1)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, 0, "empty APDU");
	pt = plain_of(p[0]);
	if (pt < 0)
		return smgw_diag_set(diag, SMGW_E_DLMS_APDU, 0, "APDU tag 0x%02x is not ciphered", p[0]);
	memset(&c, 0, sizeof(c));
	c.tag = p[0];
	c.plain_tag = (uint8_t)pt;
	smgw_reader_init(&r, p, len);
	r.pos = 1;
	if (pt == 0) {
		if (smgw_reader_u8(&r, &c.system_title_len) < 0 ||
		    smgw_reader_bytes(&r, c.system_title_len, &c.system_title) < 0)
			return smgw_diag_set(diag, SMGW_E_TRUNCATED, 1, "system title cut off");
		if (c.system_title_len != SMGW_DLMS_SYSTEM_TITLE_LEN)
			return smgw_diag_set(diag, SMGW_E_DLMS_SECURITY, 1, "system title of %u bytes, not 8",
					     c.system_title_len);
	}
	e = smgw_axdr_length(smgw_reader_cur(&r), smgw_reader_remaining(&r), &n, &used);
	if (e < 0)
		return smgw_diag_set(diag, e, r.pos, "ciphered length malformed");
	r.pos += used;
	if (n > smgw_reader_remaining(&r))
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, r.pos, "ciphered content of %u bytes, %zu there", n,
				     smgw_reader_remaining(&r));
	if (n < smgw_reader_remaining(&r))
		return smgw_diag_set(diag, SMGW_E_DLMS_TRAILING, r.pos + n, "%zu bytes after the ciphered content",
				     smgw_reader_remaining(&r) - n);
	if (n < 5)
		return smgw_diag_set(diag, SMGW_E_ENCODING, r.pos, "ciphered content of %u bytes cannot hold SC and IC", n);
	(void)smgw_reader_u8(&r, &c.sc);
	(void)smgw_reader_be32(&r, &c.ic);
	if (!sc_check(c.sc))
		return smgw_diag_set(diag, SMGW_E_DLMS_SECURITY, r.pos - 5, "security control 0x%02x: %s", c.sc,
				     (c.sc & SMGW_DLMS_SC_COMPRESSED) ? "compression not supported"
								       : "security suite not supported (0 and 1 are)");
	n -= 5;
	if (c.sc & SMGW_DLMS_SC_AUTHENTICATED) {
		if (n < SMGW_DLMS_TAG_LEN)
			return smgw_diag_set(diag, SMGW_E_TRUNCATED, r.pos, "authenticated content without its tag");
		c.tag_len = SMGW_DLMS_TAG_LEN;
		n -= SMGW_DLMS_TAG_LEN;
		c.auth_tag = smgw_reader_cur(&r) + n;
	}
	c.payload = smgw_reader_cur(&r);
	c.payload_len = n;
	*ret = c;
	return 0;
}

/*
 * AES-128-GCM over one message. enc: 1 encrypt, 0 decrypt. aad: SC || AK
 * (|| extra) when authenticated. tag: in (decrypt) or out (encrypt), NULL
 * without authentication. Returns 0, SMGW_E_DLMS_AUTH_TAG or SMGW_E_CRYPTO.
 */
/* Security suite 0 IV: system title (8 bytes) || invocation counter (big endian). */
static void gcm_iv(uint8_t iv[12], const uint8_t *system_title, uint32_t ic)
{
	memcpy(iv, system_title, 8);
	iv[8] = (uint8_t)(ic >> 24);
	iv[9] = (uint8_t)(ic >> 16);
	iv[10] = (uint8_t)(ic >> 8);
	iv[11] = (uint8_t)ic;
}

static int gcm(int enc, const uint8_t *key, const uint8_t iv[12], const uint8_t *aad, size_t aad_len,
	       const uint8_t *extra, size_t extra_len, const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint8_t rest[16];
	int ok = 0, n = 0, auth_fail = 0;

	if (!ctx)
		return SMGW_E_CRYPTO;
	if (len > INT32_MAX || extra_len > INT32_MAX)
		goto done;
	if (EVP_CipherInit_ex(ctx, EVP_aes_128_gcm(), NULL, NULL, NULL, enc) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, 12, NULL) != 1 ||
	    EVP_CipherInit_ex(ctx, NULL, NULL, key, iv, enc) != 1)
		goto done;
	if (aad_len && EVP_CipherUpdate(ctx, NULL, &n, aad, (int)aad_len) != 1)
		goto done;
	if (extra_len && EVP_CipherUpdate(ctx, NULL, &n, extra, (int)extra_len) != 1)
		goto done;
	if (len && EVP_CipherUpdate(ctx, out, &n, in, (int)len) != 1)
		goto done;
	if (!tag) {
		ok = 1; /* no tag: the keystream part is all there is */
		goto done;
	}
	if (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, SMGW_DLMS_TAG_LEN, tag) != 1)
		goto done;
	if (EVP_CipherFinal_ex(ctx, rest, &n) != 1) { /* GCM: no output at the end */
		auth_fail = !enc;
		goto done;
	}
	if (enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, SMGW_DLMS_TAG_LEN, tag) != 1)
		goto done;
	ok = 1;
done:
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : auth_fail ? SMGW_E_DLMS_AUTH_TAG : SMGW_E_CRYPTO;
}

SMGW_EXPORT int smgw_dlms_decrypt(const struct smgw_dlms_ciphered *c, const uint8_t *system_title, const uint8_t *ek,
				  const uint8_t *ak, uint8_t *out, size_t cap, size_t *ret_len, struct smgw_diag *diag)
{
	uint8_t iv[12], aad[1 + SMGW_DLMS_KEY_LEN], tag[SMGW_DLMS_TAG_LEN];
	const uint8_t *st = system_title ? system_title : c ? c->system_title : NULL;
	int auth, encr, e;

	return_if_fail(c && ret_len && (c->payload || c->payload_len == 0) && (out || cap == 0));
	auth = (c->sc & SMGW_DLMS_SC_AUTHENTICATED) != 0;
	encr = (c->sc & SMGW_DLMS_SC_ENCRYPTED) != 0;
	return_if_fail(!auth || c->auth_tag);
	if (!sc_check(c->sc))
		return smgw_diag_set(diag, SMGW_E_DLMS_SECURITY, 0, "security control 0x%02x not supported", c->sc);
	if (!st)
		return smgw_diag_set(diag, SMGW_E_DLMS_NO_KEY, 0, "no system title for the IV (from the AARQ/AARE)");
	if ((auth || encr) && !ek)
		return smgw_diag_set(diag, SMGW_E_DLMS_NO_KEY, 0, "the APDU is ciphered (SC 0x%02x): encryption key needed",
				     c->sc);
	if (auth && !ak)
		return smgw_diag_set(diag, SMGW_E_DLMS_NO_KEY, 0, "the APDU is authenticated (SC 0x%02x): authentication key needed",
				     c->sc);
	if (cap < c->payload_len || !out) {
		*ret_len = c->payload_len;
		return SMGW_E_BUFSIZE;
	}
	gcm_iv(iv, st, c->ic);
	aad[0] = c->sc;
	if (auth)
		memcpy(aad + 1, ak, SMGW_DLMS_KEY_LEN);
	if (auth)
		memcpy(tag, c->auth_tag, SMGW_DLMS_TAG_LEN);
	if (encr) {
		e = gcm(0, ek, iv, aad, auth ? sizeof(aad) : 0, NULL, 0, c->payload, c->payload_len, out, auth ? tag : NULL);
	} else if (auth) {
		/* authentication only: the plaintext is part of the AAD, nothing is encrypted */
		e = gcm(0, ek, iv, aad, sizeof(aad), c->payload, c->payload_len, NULL, 0, out, tag);
		if (e == 0)
			memcpy(out, c->payload, c->payload_len);
	} else {
		memcpy(out, c->payload, c->payload_len);
		e = 0;
	}
	OPENSSL_cleanse(aad, sizeof(aad));
	if (e == SMGW_E_DLMS_AUTH_TAG) {
		OPENSSL_cleanse(out, cap < c->payload_len ? cap : c->payload_len);
		return smgw_diag_set(diag, e, 0, "authentication tag mismatch: wrong key (EK/AK) or altered APDU");
	}
	if (e < 0) {
		OPENSSL_cleanse(out, c->payload_len);
		return smgw_diag_set(diag, e, 0, "AES-GCM failed");
	}
	/* the plaintext must be an APDU of the kind the tag announces */
	{
		struct smgw_diag d2 = SMGW_DIAG_INIT;
		e = dlms_plain_check(out, c->payload_len, c->plain_tag, &d2);
		if (e < 0) {
			OPENSSL_cleanse(out, c->payload_len);
			if (!auth && encr)
				return smgw_diag_set(diag, SMGW_E_DLMS_DECRYPT, 0,
						     "decrypted content is not an APDU (wrong encryption key?): %s", d2.message);
			return smgw_diag_set(diag, e, d2.offset, "deciphered APDU: %s", d2.message);
		}
	}
	*ret_len = c->payload_len;
	return 0;
}

SMGW_EXPORT int smgw_dlms_encrypt(int tag, uint8_t sc, const uint8_t *system_title, uint32_t ic, const uint8_t *ek,
				  const uint8_t *ak, const uint8_t *plain, size_t len, uint8_t *buf, size_t cap,
				  size_t *ret_len)
{
	struct smgw_writer w;
	uint8_t iv[12], aad[1 + SMGW_DLMS_KEY_LEN], mac[SMGW_DLMS_TAG_LEN];
	uint8_t *ct;
	size_t content;
	int pt = plain_of(tag), auth, encr, e = 0;

	return_if_fail(system_title && ret_len && (plain || len == 0));
	if (pt < 0 || (pt > 0 && (len < 1 || plain[0] != pt)))
		return SMGW_E_DLMS_APDU;
	if (!sc_check(sc))
		return SMGW_E_DLMS_SECURITY;
	auth = (sc & SMGW_DLMS_SC_AUTHENTICATED) != 0;
	encr = (sc & SMGW_DLMS_SC_ENCRYPTED) != 0;
	if (((auth || encr) && !ek) || (auth && !ak))
		return SMGW_E_DLMS_NO_KEY;
	if (len > UINT32_MAX - 5 - SMGW_DLMS_TAG_LEN)
		return SMGW_E_RANGE;
	content = 5 + len + (auth ? SMGW_DLMS_TAG_LEN : 0);
	smgw_writer_init(&w, buf, cap);
	smgw_writer_u8(&w, (uint8_t)tag);
	if (pt == 0) {
		smgw_writer_u8(&w, SMGW_DLMS_SYSTEM_TITLE_LEN);
		smgw_writer_bytes(&w, system_title, SMGW_DLMS_SYSTEM_TITLE_LEN);
	}
	smgw_axdr_write_length(&w, (uint32_t)content);
	smgw_writer_u8(&w, sc);
	smgw_writer_be32(&w, ic);
	ct = smgw_writer_reserve(&w, len);
	if (auth)
		(void)smgw_writer_reserve(&w, SMGW_DLMS_TAG_LEN);
	if (w.err)
		return smgw_writer_finish(&w, ret_len);
	gcm_iv(iv, system_title, ic);
	aad[0] = sc;
	if (auth)
		memcpy(aad + 1, ak, SMGW_DLMS_KEY_LEN);
	if (encr)
		e = gcm(1, ek, iv, aad, auth ? sizeof(aad) : 0, NULL, 0, plain, len, ct, auth ? mac : NULL);
	else if (auth)
		e = gcm(1, ek, iv, aad, sizeof(aad), plain, len, NULL, 0, ct, mac);
	if (e == 0 && !encr && len)
		memcpy(ct, plain, len);
	OPENSSL_cleanse(aad, sizeof(aad));
	if (e < 0) {
		OPENSSL_cleanse(buf, w.pos);
		return e;
	}
	if (auth)
		memcpy(ct + len, mac, SMGW_DLMS_TAG_LEN);
	return smgw_writer_finish(&w, ret_len);
}

SMGW_EXPORT int smgw_dlms_gmac(uint8_t sc, const uint8_t *system_title, uint32_t ic, const uint8_t *ek,
			       const uint8_t *ak, const uint8_t *challenge, size_t len, uint8_t *ret_tag)
{
	uint8_t iv[12], aad[1 + SMGW_DLMS_KEY_LEN], mac[SMGW_DLMS_TAG_LEN];
	int e;

	return_if_fail(system_title && ek && ak && ret_tag && (challenge || len == 0));
	gcm_iv(iv, system_title, ic);
	aad[0] = sc;
	memcpy(aad + 1, ak, SMGW_DLMS_KEY_LEN);
	e = gcm(1, ek, iv, aad, sizeof(aad), challenge, len, NULL, 0, NULL, mac);
	OPENSSL_cleanse(aad, sizeof(aad));
	if (e == 0)
		memcpy(ret_tag, mac, SMGW_DLMS_TAG_LEN);
	return e;
}
