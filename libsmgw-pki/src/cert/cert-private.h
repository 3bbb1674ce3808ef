/* SPDX-License-Identifier: Apache-2.0 */
/* Private declarations of the certificate part of libsmgw-pki. Never installed. */
#ifndef SMGW_CERT_PRIVATE_H
#define SMGW_CERT_PRIVATE_H

#include <openssl/types.h>

#include <smgw/pki.h>
#include <smgw/pkictx.h>
#include <smgw/cert.h>
#include <smgw/certprofile.h>
#include <smgw/chain.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#ifndef SMGW_LOG_MAX_LEVEL
#define SMGW_LOG_MAX_LEVEL 7
#endif

#define smgw__log(ctx, level, domain, ...) \
	do { \
		if ((level) <= SMGW_LOG_MAX_LEVEL) \
			smgw_ctx_log((ctx), (level), (domain), __VA_ARGS__); \
	} while (0)

#define SMGW_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct smgw_pki {
	smgw_ctx *ctx;
	OSSL_LIB_CTX *libctx;
	OSSL_PROVIDER *deflt;
	int owns_libctx;
};

struct smgw_cert {
	smgw_pki *pki;
	X509 *x509;
};

struct smgw_crl {
	smgw_pki *pki;
	X509_CRL *crl;
};

struct smgw_pki_findings {
	smgw_pki *pki;
	struct smgw_pki_finding *items;
	size_t count, cap, errors;
};

/* findings.c */
int smgw__findings_add(smgw_pki_findings *f, const char *rule_id, int severity, int depth, int code,
		       int x509_error, const X509 *subject_of, const char *fmt, ...) SMGW_PRINTF(8, 9);

/* profile.c: appends findings at @p depth; returns the number of errors added or < 0 */
int smgw__profile_check_x509(smgw_pki_findings *f, X509 *x, int role, int type,
			     const struct smgw_pki_profile_opts *opts, int depth, int trusted_anchor);

/* cert.c */
int smgw__out_bytes(const void *src, size_t n, uint8_t *buf, size_t *len);
int smgw__out_text(const char *src, size_t n, char *buf, size_t *len);
int smgw__asn1_time_ms(const ASN1_TIME *t, int64_t *ret_ms);
int smgw__bio_text(BIO *bio, char *buf, size_t *len);
int smgw__name_text(const X509_NAME *name, char *buf, size_t *len);
int smgw__name_attr(const X509_NAME *name, int attr, size_t index, char *buf, size_t *len);
int smgw__curve_from_nid(int nid);
int smgw__curve_nid(int curve);
int smgw__sig_alg_from_nid(int nid);
void smgw__key_facts(EVP_PKEY *pk, int32_t *type, int32_t *curve, int32_t *bits);
void smgw__cert_info(X509 *x, struct smgw_cert_info *full);
int smgw__gn_out(const GENERAL_NAME *gn, int *ret_kind, char *buf, size_t *len);

#endif
