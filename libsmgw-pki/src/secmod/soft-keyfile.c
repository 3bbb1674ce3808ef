/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Key files of the software backend (development and tests only).
 *
 * Layout, all integers big-endian:
 *
 *   offset  size  field
 *   0       8     magic "SMGWSKEY"
 *   8       1     version, 1
 *   9       1     curve (enum smgw_secmod_curve)
 *   10      1     usage: bit 0 sign, bit 1 derive, other bits 0
 *   11      1     reserved, 0
 *   12      2     n = length of the private scalar = size of the curve order
 *   14      n     private scalar d, 1 <= d < order
 *   14+n    2     m = length of the public point = 1 + 2 * field size
 *   16+n    m     public point 04||X||Y, must equal d*G
 *   16+n+m  32    SHA-256 of all bytes before it
 *
 * The parser is strict (exact lengths, no trailing bytes) and does not
 * allocate; smgw__keyfile_to_pkey() then checks the mathematics.
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "secmod-private.h"

#define HDR 14

static int checksum(const EVP_MD *md, const uint8_t *p, size_t n, uint8_t out[32])
{
	unsigned int len = 0;

	return EVP_Digest(p, n, out, &len, md, NULL) == 1 && len == 32 ? 0 : SMGW_E_CRYPTO;
}

int smgw__keyfile_parse(const EVP_MD *md, const uint8_t *buf, size_t len, struct smgw__keyfile *ret,
			struct smgw_diag *diag)
{
	const struct smgw__curve *c;
	uint8_t sum[32];
	size_t n, m;
	int rc;

	if (len < HDR)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, len, "key file: %zu bytes, header needs %d", len, HDR);
	if (memcmp(buf, SMGW__KEYFILE_MAGIC, 8) != 0)
		return smgw_diag_set(diag, SMGW_E_CORRUPT, 0, "key file: bad magic");
	if (buf[8] != SMGW__KEYFILE_VERSION)
		return smgw_diag_set(diag, SMGW_E_UNSUPPORTED, 8, "key file: version %u not supported", buf[8]);
	c = smgw__curve_get(buf[9]);
	if (!c)
		return smgw_diag_set(diag, SMGW_E_CORRUPT, 9, "key file: unknown curve %u", buf[9]);
	if (buf[10] == 0 || (buf[10] & ~(SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE)))
		return smgw_diag_set(diag, SMGW_E_CORRUPT, 10, "key file: bad usage bits 0x%02x", buf[10]);
	if (buf[11] != 0)
		return smgw_diag_set(diag, SMGW_E_CORRUPT, 11, "key file: reserved byte not 0");
	n = ((size_t)buf[12] << 8) | buf[13];
	if (n != c->order_len)
		return smgw_diag_set(diag, SMGW_E_CORRUPT, 12, "key file: scalar of %zu bytes for %s", n, c->name);
	if (len < HDR + n + 2)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, len, "key file: truncated in the scalar");
	m = ((size_t)buf[HDR + n] << 8) | buf[HDR + n + 1];
	if (m != 1 + 2 * (size_t)c->field_len)
		return smgw_diag_set(diag, SMGW_E_CORRUPT, HDR + n, "key file: point of %zu bytes for %s", m, c->name);
	if (len < HDR + n + 2 + m + 32)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, len, "key file: truncated");
	if (len > HDR + n + 2 + m + 32)
		return smgw_diag_set(diag, SMGW_E_CORRUPT, HDR + n + 2 + m + 32, "key file: trailing bytes");
	if (buf[HDR + n + 2] != 0x04)
		return smgw_diag_set(diag, SMGW_E_CORRUPT, HDR + n + 2, "key file: point not uncompressed");
	rc = checksum(md, buf, HDR + n + 2 + m, sum);
	if (rc)
		return smgw_diag_set(diag, rc, UINT64_MAX, "key file: cannot compute the checksum");
	if (memcmp(sum, buf + HDR + n + 2 + m, 32) != 0)
		return smgw_diag_set(diag, SMGW_E_CHECKSUM, HDR + n + 2 + m, "key file: checksum mismatch");
	ret->curve = c;
	ret->usage = buf[10];
	ret->scalar = buf + HDR;
	ret->scalar_len = n;
	ret->point = buf + HDR + n + 2;
	ret->point_len = m;
	return 0;
}

int smgw__keyfile_encode(const EVP_MD *md, const struct smgw__curve *c, uint32_t usage, const uint8_t *scalar,
			 const uint8_t *point, size_t point_len, uint8_t *out, size_t *len)
{
	size_t n = c->order_len, total = HDR + n + 2 + point_len + 32;
	int rc;

	if (point_len != 1 + 2 * (size_t)c->field_len)
		return SMGW_E_INVAL;
	if (*len < total) {
		*len = total;
		return SMGW_E_BUFSIZE;
	}
	memcpy(out, SMGW__KEYFILE_MAGIC, 8);
	out[8] = SMGW__KEYFILE_VERSION;
	out[9] = (uint8_t)c->id;
	out[10] = (uint8_t)(usage & (SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE));
	out[11] = 0;
	out[12] = (uint8_t)(n >> 8);
	out[13] = (uint8_t)n;
	memcpy(out + HDR, scalar, n);
	out[HDR + n] = (uint8_t)(point_len >> 8);
	out[HDR + n + 1] = (uint8_t)point_len;
	memcpy(out + HDR + n + 2, point, point_len);
	rc = checksum(md, out, HDR + n + 2 + point_len, out + HDR + n + 2 + point_len);
	if (rc)
		return rc;
	*len = total;
	return 0;
}

int smgw__keyfile_to_pkey(OSSL_LIB_CTX *libctx, const char *propq, const struct smgw__keyfile *kf,
			  EVP_PKEY **ret_pkey, struct smgw_diag *diag)
{
	const struct smgw__curve *c = kf->curve;
	EC_GROUP *g = NULL;
	EC_POINT *pub = NULL;
	BIGNUM *d = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	EVP_PKEY *pkey = NULL;
	uint8_t calc[SMGW_SECMOD_POINT_MAX];
	int rc = SMGW_E_CRYPTO;

	g = EC_GROUP_new_by_curve_name_ex(libctx, NULL, c->nid);
	d = BN_secure_new();
	if (!g || !d || !BN_bin2bn(kf->scalar, (int)kf->scalar_len, d))
		goto out;
	if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(g)) >= 0) {
		rc = smgw_diag_set(diag, SMGW_E_CORRUPT, HDR, "key file: private scalar out of range");
		goto out;
	}
	pub = EC_POINT_new(g);
	if (!pub || !EC_POINT_mul(g, pub, d, NULL, NULL, NULL) ||
	    EC_POINT_point2oct(g, pub, POINT_CONVERSION_UNCOMPRESSED, calc, sizeof(calc), NULL) != kf->point_len)
		goto out;
	if (memcmp(calc, kf->point, kf->point_len) != 0) {
		rc = smgw_diag_set(diag, SMGW_E_CORRUPT, HDR + kf->scalar_len + 2,
				   "key file: public point does not belong to the private key");
		goto out;
	}
	bld = OSSL_PARAM_BLD_new();
	if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, c->name, 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, kf->point, kf->point_len) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	pctx = EVP_PKEY_CTX_new_from_name(libctx, "EC", propq);
	if (!params || !pctx || EVP_PKEY_fromdata_init(pctx) != 1 ||
	    EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_KEYPAIR, params) != 1)
		goto out;
	*ret_pkey = pkey;
	pkey = NULL;
	rc = 0;
out:
	if (rc == SMGW_E_CRYPTO)
		smgw_diag_set(diag, rc, UINT64_MAX, "key file: OpenSSL cannot build the key");
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(pctx);
	OSSL_PARAM_free(params); /* from a builder with a secure BN: cleared on free */
	OSSL_PARAM_BLD_free(bld);
	EC_POINT_free(pub);
	BN_clear_free(d);
	EC_GROUP_free(g);
	return rc;
}
