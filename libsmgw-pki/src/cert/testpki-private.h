/* SPDX-License-Identifier: Apache-2.0 */
/* Certificate and CRL issuance of the test-PKI generator; also used by the
 * tests to build certificates that break one rule on purpose. */
#ifndef SMGW_TESTPKI_PRIVATE_H
#define SMGW_TESTPKI_PRIVATE_H

#include <smgw/testpki.h>

#include "cert-private.h"

struct smgw__cert_spec {
	const char *cn, *o, *c, *serial_rdn; /* subject attributes, NULL: omitted */
	int curve;            /* SMGW_CERT_CURVE_*, for a new key */
	int rsa_bits;         /* > 0: an RSA key instead */
	EVP_PKEY *key;        /* use this key (link certificates), NULL: generate */
	const char *md;       /* "SHA256", "SHA384", "SHA512" */
	uint64_t serial;
	int64_t not_before, not_after; /* ms */
	int ca;               /* basicConstraints cA */
	int pathlen;          /* -1: none */
	uint32_t ku;          /* SMGW_CERT_KU_* */
	uint32_t eku;         /* SMGW_CERT_EKU_SERVER_AUTH / CLIENT_AUTH */
	const char *san;      /* X.509v3 config value, e.g. "URI:https://x,DNS:x" */
	const char *ian;      /* issuerAltName value */
	const char *crldp;    /* cRLDistributionPoints value; "crl_root": the root CRL's point with cRLIssuer */
	X509 *crl_issuer;     /* for "crl_root": the CRL signer named as cRLIssuer (NULL: the subject itself) */
	const char *policy;   /* policy OID */
	uint32_t omit;        /* SMGW_CERT_EXT_* not to write although the fields above ask for them */
	uint32_t flip;        /* SMGW_CERT_EXT_* whose criticality is inverted (default: KU, BC, EKU critical) */
	int pkup;             /* add a privateKeyUsagePeriod (critical if flip has SMGW_CERT_EXT_PKUP) */
	int unknown_critical; /* add an unrecognised critical extension */
	int version;          /* 0: v3; 1: v1 (no extensions) */
};

/* Issues a certificate; issuer NULL: self-signed. *ret_key receives the
 * subject key (a new reference). */
int smgw__testpki_issue(smgw_pki *pki, const struct smgw__cert_spec *spec, X509 *issuer, EVP_PKEY *issuer_key,
			X509 **ret_cert, EVP_PKEY **ret_key);

/* Issues a CRL signed by signer. indirect: issuingDistributionPoint with
 * indirectCRL and certificateIssuer entries naming ca. next_update
 * INT64_MIN: no nextUpdate. */
int smgw__testpki_crl(smgw_pki *pki, X509 *ca, X509 *signer, EVP_PKEY *signer_key, int indirect,
		      X509 *const *revoked, size_t n_revoked, int64_t this_update, int64_t next_update,
		      const char *md, X509_CRL **ret_crl);

/* The private key of an item (no new reference), NULL if none. */
EVP_PKEY *smgw__testpki_key(const smgw_testpki *tp, const char *name);

/* Fills a spec with the generator's profile of a role and type. */
void smgw__testpki_spec_for(struct smgw__cert_spec *s, int role, int type, const char *cn, const char *serial_rdn,
			    int64_t nb, int64_t na, uint64_t serial);

#endif
