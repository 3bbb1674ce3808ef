/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The curves of the security module and the encodings shared by the
 * backends: slot names, point checks, ECDSA signature formats, SPKI.
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include "secmod-private.h"

static const uint8_t oid_bp256[] = { 0x06, 0x09, 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07 };
static const uint8_t oid_bp384[] = { 0x06, 0x09, 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0b };
static const uint8_t oid_bp512[] = { 0x06, 0x09, 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0d };
static const uint8_t oid_p256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const uint8_t oid_p384[] = { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22 };

/*
 * Curve policy [K]: TR-03116-3 names the brainpool curves for the SM-PKI
 * keys of the gateway and admits NIST P-256/P-384 for TLS ECDHE only. The
 * persistent_ok column is that rule; change it here if a later edition of
 * the TR differs.
 */
static const struct smgw__curve curves[] = {
	{ SMGW_SECMOD_CURVE_BRAINPOOLP256R1, "brainpoolP256r1", NID_brainpoolP256r1, 32, 32, 256, 128, 1,
	  oid_bp256, sizeof(oid_bp256) },
	{ SMGW_SECMOD_CURVE_BRAINPOOLP384R1, "brainpoolP384r1", NID_brainpoolP384r1, 48, 48, 384, 192, 1,
	  oid_bp384, sizeof(oid_bp384) },
	{ SMGW_SECMOD_CURVE_BRAINPOOLP512R1, "brainpoolP512r1", NID_brainpoolP512r1, 64, 64, 512, 256, 1,
	  oid_bp512, sizeof(oid_bp512) },
	{ SMGW_SECMOD_CURVE_NIST_P256, "prime256v1", NID_X9_62_prime256v1, 32, 32, 256, 128, 0,
	  oid_p256, sizeof(oid_p256) },
	{ SMGW_SECMOD_CURVE_NIST_P384, "secp384r1", NID_secp384r1, 48, 48, 384, 192, 0,
	  oid_p384, sizeof(oid_p384) },
};

const struct smgw__curve *smgw__curve_get(int id)
{
	size_t i;

	for (i = 0; i < SMGW__SM_ARRAY_SIZE(curves); i++)
		if ((int)curves[i].id == id)
			return &curves[i];
	return NULL;
}

const struct smgw__curve *smgw__curve_by_nid(int nid)
{
	size_t i;

	for (i = 0; i < SMGW__SM_ARRAY_SIZE(curves); i++)
		if (curves[i].nid == nid)
			return &curves[i];
	return NULL;
}

const struct smgw__curve *smgw__curve_by_oid(const uint8_t *der, size_t len)
{
	size_t i;

	for (i = 0; i < SMGW__SM_ARRAY_SIZE(curves); i++)
		if (curves[i].oid_der_len == len && memcmp(curves[i].oid_der, der, len) == 0)
			return &curves[i];
	return NULL;
}

const struct smgw__curve *smgw__curve_by_name(const char *name)
{
	static const struct {
		const char *alias;
		enum smgw_secmod_curve id;
	} aliases[] = {
		{ "P-256", SMGW_SECMOD_CURVE_NIST_P256 },
		{ "secp256r1", SMGW_SECMOD_CURVE_NIST_P256 },
		{ "P-384", SMGW_SECMOD_CURVE_NIST_P384 },
	};
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < SMGW__SM_ARRAY_SIZE(curves); i++)
		if (strcmp(curves[i].name, name) == 0)
			return &curves[i];
	for (i = 0; i < SMGW__SM_ARRAY_SIZE(aliases); i++)
		if (strcmp(aliases[i].alias, name) == 0)
			return smgw__curve_get(aliases[i].id);
	return NULL;
}

SMGW_EXPORT const char *smgw_secmod_curve_name(enum smgw_secmod_curve curve)
{
	const struct smgw__curve *c = smgw__curve_get((int)curve);

	return c ? c->name : NULL;
}

SMGW_EXPORT enum smgw_secmod_curve smgw_secmod_curve_from_name(const char *name)
{
	const struct smgw__curve *c = smgw__curve_by_name(name);

	return c ? c->id : SMGW_SECMOD_CURVE_NONE;
}

int smgw__slot_valid(const char *slot)
{
	size_t i;

	if (!slot || !slot[0])
		return 0;
	for (i = 0; slot[i]; i++) {
		char ch = slot[i];

		if (i >= SMGW_SECMOD_SLOT_MAX)
			return 0;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '.' || ch == '_' || ch == '-'))
			return 0;
	}
	/* No hidden or relative names: the software backend uses them as file names. */
	return slot[0] != '.';
}

int smgw__point_check_group(const EC_GROUP *g, const struct smgw__curve *c, const uint8_t *point, size_t len)
{
	EC_POINT *p;
	int ok = 0;

	if (len != 1 + 2 * (size_t)c->field_len || point[0] != 0x04)
		return SMGW_E_SECMOD_POINT;
	p = EC_POINT_new(g);
	if (!p)
		return SMGW_E_NOMEM;
	/* oct2point checks that the point is on the curve. */
	if (EC_POINT_oct2point(g, p, point, len, NULL) == 1 && !EC_POINT_is_at_infinity(g, p))
		ok = 1;
	EC_POINT_free(p);
	return ok ? 0 : SMGW_E_SECMOD_POINT;
}

int smgw__point_check(OSSL_LIB_CTX *libctx, const struct smgw__curve *c, const uint8_t *point, size_t len)
{
	EC_GROUP *g;
	int rc;

	if (len != 1 + 2 * (size_t)c->field_len || point[0] != 0x04)
		return SMGW_E_SECMOD_POINT;
	g = EC_GROUP_new_by_curve_name_ex(libctx, NULL, c->nid);
	if (!g)
		return SMGW_E_CRYPTO;
	rc = smgw__point_check_group(g, c, point, len);
	EC_GROUP_free(g);
	return rc;
}

/* Length of a DER INTEGER holding the unsigned big-endian v[0..n). */
static size_t der_uint_body(const uint8_t *v, size_t n, size_t *skip)
{
	size_t s = 0;

	while (s + 1 < n && v[s] == 0)
		s++;
	*skip = s;
	return (n - s) + ((v[s] & 0x80) ? 1 : 0);
}

static uint8_t *der_put_uint(uint8_t *o, const uint8_t *v, size_t n)
{
	size_t skip, body = der_uint_body(v, n, &skip);

	*o++ = 0x02;
	*o++ = (uint8_t)body;
	if (body > n - skip)
		*o++ = 0x00;
	memcpy(o, v + skip, n - skip);
	return o + (n - skip);
}

size_t smgw__sig_der_max(size_t order_len)
{
	size_t seq = 2 * (2 + order_len + 1);

	return seq + (seq >= 128 ? 3 : 2);
}

int smgw__sig_raw_to_der(const uint8_t *rs, size_t rs_len, uint8_t *der, size_t *der_len)
{
	size_t half = rs_len / 2, skip, lr, ls, seq, total;
	uint8_t *o;

	if (rs_len == 0 || rs_len % 2 || half > 66)
		return SMGW_E_INVAL;
	lr = der_uint_body(rs, half, &skip);
	ls = der_uint_body(rs + half, half, &skip);
	seq = 2 + lr + 2 + ls;
	total = seq + (seq >= 128 ? 3 : 2);
	if (!der || *der_len < total) {
		*der_len = total;
		return SMGW_E_BUFSIZE;
	}
	o = der;
	*o++ = 0x30;
	if (seq >= 128)
		*o++ = 0x81;
	*o++ = (uint8_t)seq;
	o = der_put_uint(o, rs, half);
	o = der_put_uint(o, rs + half, half);
	*der_len = (size_t)(o - der);
	return 0;
}

/* Reads a DER length; returns the header size or 0 on error. */
static size_t der_len_read(const uint8_t *p, size_t avail, size_t *ret_len)
{
	if (avail < 1)
		return 0;
	if (p[0] < 0x80) {
		*ret_len = p[0];
		return 1;
	}
	if (p[0] == 0x81 && avail >= 2 && p[1] >= 0x80) {
		*ret_len = p[1];
		return 2;
	}
	if (p[0] == 0x82 && avail >= 3 && p[1] != 0) {
		*ret_len = ((size_t)p[1] << 8) | p[2];
		return 3;
	}
	return 0;
}

static int der_get_uint(const uint8_t **pp, const uint8_t *end, uint8_t *out, size_t width)
{
	const uint8_t *p = *pp;
	size_t h, n;

	if (end - p < 2 || p[0] != 0x02)
		return SMGW_E_ENCODING;
	h = der_len_read(p + 1, (size_t)(end - p - 1), &n);
	if (!h || n == 0 || (size_t)(end - p - 1 - (ptrdiff_t)h) < n)
		return SMGW_E_ENCODING;
	p += 1 + h;
	if (p[0] & 0x80)
		return SMGW_E_ENCODING; /* negative */
	if (n > 1 && p[0] == 0 && !(p[1] & 0x80))
		return SMGW_E_ENCODING; /* not minimal */
	if (p[0] == 0 && n > 1) {
		p++;
		n--;
	}
	if (n > width)
		return SMGW_E_ENCODING;
	memset(out, 0, width - n);
	memcpy(out + width - n, p, n);
	*pp = p + n;
	return 0;
}

int smgw__sig_der_to_raw(const uint8_t *der, size_t der_len, size_t order_len, uint8_t *rs, size_t *rs_len)
{
	const uint8_t *p = der, *end = der + der_len;
	size_t h, n;
	int rc;

	if (*rs_len < 2 * order_len) {
		*rs_len = 2 * order_len;
		return SMGW_E_BUFSIZE;
	}
	if (der_len < 2 || p[0] != 0x30)
		return SMGW_E_ENCODING;
	h = der_len_read(p + 1, der_len - 1, &n);
	if (!h || 1 + h + n != der_len)
		return SMGW_E_ENCODING;
	p += 1 + h;
	rc = der_get_uint(&p, end, rs, order_len);
	if (rc == 0)
		rc = der_get_uint(&p, end, rs + order_len, order_len);
	if (rc == 0 && p != end)
		rc = SMGW_E_ENCODING;
	if (rc)
		return rc;
	*rs_len = 2 * order_len;
	return 0;
}

int smgw__spki_encode(const struct smgw__curve *c, const uint8_t *point, size_t point_len, uint8_t *der,
		      size_t *len)
{
	static const uint8_t ec_public_key[] = { 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
	size_t alg = sizeof(ec_public_key) + c->oid_der_len; /* < 128 */
	size_t bits = point_len + 1;
	size_t bits_hdr = bits >= 128 ? 3 : 2;
	size_t body = 2 + alg + bits_hdr + bits;
	size_t total = body + (body >= 128 ? 3 : 2);
	uint8_t *o;

	if (!der || *len < total) {
		*len = total;
		return SMGW_E_BUFSIZE;
	}
	o = der;
	*o++ = 0x30;
	if (body >= 128)
		*o++ = 0x81;
	*o++ = (uint8_t)body;
	*o++ = 0x30;
	*o++ = (uint8_t)alg;
	memcpy(o, ec_public_key, sizeof(ec_public_key));
	o += sizeof(ec_public_key);
	memcpy(o, c->oid_der, c->oid_der_len);
	o += c->oid_der_len;
	*o++ = 0x03;
	if (bits >= 128)
		*o++ = 0x81;
	*o++ = (uint8_t)bits;
	*o++ = 0x00;
	memcpy(o, point, point_len);
	o += point_len;
	*len = (size_t)(o - der);
	return 0;
}
