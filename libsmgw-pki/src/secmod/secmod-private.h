/* SPDX-License-Identifier: Apache-2.0 */
/* Private declarations of the security module. Never installed. */
#ifndef SMGW_SECMOD_PRIVATE_H
#define SMGW_SECMOD_PRIVATE_H

#include <stdatomic.h>
#include <pthread.h>

#include <openssl/ec.h>
#include <openssl/types.h>

#include <smgw/secmod.h>

#define smgw__sm_return_if_fail(expr) \
	do { \
		if (!(expr)) \
			return SMGW_E_INVAL; \
	} while (0)

#define SMGW__SM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* One row of the curve table (curves.c). */
struct smgw__curve {
	enum smgw_secmod_curve id;
	const char *name;          /* OpenSSL group name */
	int nid;                   /* OpenSSL NID */
	unsigned field_len;        /* bytes of a coordinate and of Z */
	unsigned order_len;        /* bytes of r and of s */
	unsigned bits;             /* order bits */
	unsigned security_bits;    /* per SP 800-57 / RFC 5639 */
	int persistent_ok;         /* may be a stored key (policy, see curves.c) */
	const uint8_t *oid_der;    /* namedCurve OID, DER with tag and length */
	size_t oid_der_len;
};

const struct smgw__curve *smgw__curve_get(int id);
const struct smgw__curve *smgw__curve_by_nid(int nid);
const struct smgw__curve *smgw__curve_by_oid(const uint8_t *der, size_t len);
const struct smgw__curve *smgw__curve_by_name(const char *name);

/* Checks a slot name: 1..SMGW_SECMOD_SLOT_MAX bytes of [A-Za-z0-9._-], not "." or "..". */
int smgw__slot_valid(const char *slot);

/* Checks that point is an uncompressed point of the curve (not infinity);
 * group is the curve's EC_GROUP or NULL (then one is made for the call). */
int smgw__point_check(OSSL_LIB_CTX *libctx, const struct smgw__curve *c, const uint8_t *point, size_t len);
int smgw__point_check_group(const EC_GROUP *group, const struct smgw__curve *c, const uint8_t *point, size_t len);

/* raw r||s <-> DER ECDSA-Sig-Value. */
/* Largest DER ECDSA-Sig-Value for an order of n bytes (r and s with a leading 0). */
size_t smgw__sig_der_max(size_t order_len);
int smgw__sig_raw_to_der(const uint8_t *rs, size_t rs_len, uint8_t *der, size_t *der_len);
int smgw__sig_der_to_raw(const uint8_t *der, size_t der_len, size_t order_len, uint8_t *rs, size_t *rs_len);

/* DER SubjectPublicKeyInfo of a point. */
int smgw__spki_encode(const struct smgw__curve *c, const uint8_t *point, size_t point_len,
		      uint8_t *der, size_t *len);

struct smgw_secmod {
	atomic_int refs;
	smgw_ctx *ctx;
	struct smgw_secmod_ops ops;  /* full current layout, missing methods NULL */
	void *backend;
	pthread_mutex_t lock;
};

#define SMGW__KEY_MAGIC 0x534d4b59u /* "SMKY" */

struct smgw_secmod_key {
	uint32_t magic;
	atomic_int refs;
	smgw_secmod *sm;
	void *handle;
	const struct smgw__curve *curve;
	EC_GROUP *group; /* for the peer point checks of ECDH; read-only after creation */
	uint8_t point[SMGW_SECMOD_POINT_MAX];
	size_t point_len;
	char slot[SMGW_SECMOD_SLOT_MAX + 1];
};

/* Key file of the software backend (soft-keyfile.c). Pure parser: no
 * allocation, no I/O. The scalar is big-endian, order_len bytes. */
#define SMGW__KEYFILE_MAGIC "SMGWSKEY"
#define SMGW__KEYFILE_VERSION 1
#define SMGW__KEYFILE_MAX (8 + 4 + 2 + 64 + 2 + SMGW_SECMOD_POINT_MAX + 32)

struct smgw__keyfile {
	const struct smgw__curve *curve;
	uint32_t usage;             /* SMGW_SECMOD_GEN_SIGN | DERIVE */
	const uint8_t *scalar;      /* points into the input */
	size_t scalar_len;
	const uint8_t *point;       /* points into the input */
	size_t point_len;
};

/* md is SHA-256 (EVP_MD_fetch'ed by the caller) for the trailing checksum. */
int smgw__keyfile_parse(const EVP_MD *md, const uint8_t *buf, size_t len, struct smgw__keyfile *ret,
			struct smgw_diag *diag);
int smgw__keyfile_encode(const EVP_MD *md, const struct smgw__curve *c, uint32_t usage, const uint8_t *scalar,
			 const uint8_t *point, size_t point_len, uint8_t *out, size_t *len);
/* Builds the EVP_PKEY of a parsed key file and checks that the point
 * belongs to the scalar. */
int smgw__keyfile_to_pkey(OSSL_LIB_CTX *libctx, const char *propq, const struct smgw__keyfile *kf,
			  EVP_PKEY **ret_pkey, struct smgw_diag *diag);

/* PKCS#11 helpers (pkcs11.c), pure parsers for the fuzz target. */
/* CKA_EC_POINT: DER OCTET STRING around 04||X||Y, or the raw point. */
int smgw__p11_ec_point_unwrap(const struct smgw__curve *c, const uint8_t *v, size_t n, uint8_t *point,
			      size_t *point_len);
/* The DER subject Name of a DER certificate (CKA_SUBJECT is required by PKCS#11). */
int smgw__p11_cert_subject(const uint8_t *der, size_t len, const uint8_t **subj, size_t *subj_len);

#endif
