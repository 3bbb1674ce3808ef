/* SPDX-License-Identifier: Apache-2.0 */
/* The profile rule table (profile-rules.c) and its generic checks. */
#ifndef SMGW_PROFILE_PRIVATE_H
#define SMGW_PROFILE_PRIVATE_H

#include "cert-private.h"

enum smgw__check {
	CHK_ORG,
	CHK_COUNTRY_PRESENT,
	CHK_COUNTRY_DE,
	CHK_SERIAL_RDN,
	CHK_CN_ROLE,
	CHK_VERSION3,
	CHK_SERIAL_POSITIVE,
	CHK_VALIDITY_ORDER,
	CHK_NO_UNKNOWN_CRITICAL,
	CHK_KEY_EC,
	CHK_CURVE_BRAINPOOL,
	CHK_SIG_ALG,
	CHK_EXT_PRESENT,
	CHK_EXT_ABSENT,
	CHK_EXT_CRITICAL,
	CHK_EXT_NONCRITICAL,
	CHK_POLICY_OID,
	CHK_CA_TRUE,
	CHK_CA_FALSE,
	CHK_PATHLEN_ZERO,
	CHK_KU_REQUIRED,
	CHK_KU_FORBIDDEN,
	CHK_EKU_TLS,
	CHK_EKU_NOT_TLS,
	CHK_SELF_SIGNED,
	CHK_NOT_SELF_ISSUED
};

struct smgw__rule {
	const char *id;
	uint32_t roles;   /* 1 << enum smgw_pki_role */
	uint32_t types;   /* 1 << enum smgw_pki_type */
	int check;        /* enum smgw__check */
	uint32_t arg;     /* extension or key usage bits */
	int severity;     /* enum smgw_pki_severity */
	char evidence;    /* 'S' or 'K' */
	const char *text;
};

extern const struct smgw__rule smgw__rules[];
extern const size_t smgw__rule_count;

enum smgw__crl_check {
	CRL_V2,
	CRL_AKI,
	CRL_NUMBER,
	CRL_NEXT_UPDATE,
	CRL_ISSUER_ORG,
	CRL_SIG_ALG,
	CRL_ISSUER_IS_SIGNER,
	CRL_SIGNER_KU,
	CRL_SIGNATURE
};

/* Chain-structure rules: "roles" is the role of the issued certificate,
 * "arg" the roles (1 << role) its issuer may have. Types are unused. */
enum smgw__chain_check {
	CHAIN_ISSUER_ROLE
};

extern const struct smgw__rule smgw__chain_rules[];
extern const size_t smgw__chain_rule_count;

/* Checks the role of the issuer of x (found at depth + 1 of a validated
 * chain) against the chain rules; appends findings at depth. */
int smgw__profile_check_issuer(smgw_pki_findings *f, X509 *x, int role, int issuer_role,
			       const struct smgw_pki_profile_opts *opts, int depth);

/* Whether a rule is switched off in opts->disabled_rules. */
int smgw__rule_disabled(const struct smgw_pki_profile_opts *opts, const char *id);

/* CRL rules: roles and types are unused (0). */
extern const struct smgw__rule smgw__crl_rules[];
extern const size_t smgw__crl_rule_count;

#endif
