/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file certprofile.h
 * @brief TR-03109-4 certificate profile checks per role and certificate type.
 *
 * smgw_pki_profile_check() applies every rule of the SM-PKI profile that
 * concerns a role (root, sub-CA, CRL signer, link certificate, SMGW, GWA,
 * GWH, EMT) and a certificate type (TLS, SIG, ENC) to one certificate and
 * appends one finding per broken rule to a @ref smgw_pki_findings list;
 * it does not stop at the first. Each finding names its rule by a stable
 * identifier (e.g. "SMPKI-EE-SAN-FORBIDDEN"), which
 * smgw_pki_profile_rule() describes together with the evidence behind it.
 *
 * The rules live in one table in the library (src/cert/profile-rules.c):
 * what is taken from the TR-03109-4 profile tables (evidence S) and what is
 * a default to be confirmed (evidence K). A caller disables a rule by its
 * identifier in @ref smgw_pki_profile_opts without rebuilding.
 *
 * Thread safety: the checks read the certificate only; a findings list
 * must not be shared between threads while it is written.
 */
#ifndef SMGW_CERTPROFILE_H
#define SMGW_CERTPROFILE_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/cert.h>

SMGW_BEGIN_DECLS

/** Roles of the SM-PKI (TR-03109-4). */
enum smgw_pki_role {
	SMGW_PKI_ROLE_ANY = 0,        /**< no role (only for smgw_pki_verify(): skip profile checks of the leaf) */
	SMGW_PKI_ROLE_ROOT = 1,       /**< SM-Root CA, self-signed trust anchor */
	SMGW_PKI_ROLE_SUBCA = 2,      /**< Sub-CA issuing end-user certificates */
	SMGW_PKI_ROLE_CRL_SIGNER = 3, /**< CRL signer of the root (SM-Root.CA.CRL-S) */
	SMGW_PKI_ROLE_LINK = 4,       /**< link certificate of a root rollover (new root key signed by the old one, or back) */
	SMGW_PKI_ROLE_SMGW = 5,       /**< Smart Meter Gateway */
	SMGW_PKI_ROLE_GWA = 6,        /**< Gateway administrator */
	SMGW_PKI_ROLE_GWH = 7,        /**< Gateway manufacturer */
	SMGW_PKI_ROLE_EMT = 8         /**< External market participant */
};

/** Certificate types of end users. */
enum smgw_pki_type {
	SMGW_PKI_TYPE_NONE = 0, /**< CA roles (root, sub-CA, CRL signer, link) */
	SMGW_PKI_TYPE_TLS = 1,  /**< TLS authentication */
	SMGW_PKI_TYPE_SIG = 2,  /**< content signature */
	SMGW_PKI_TYPE_ENC = 3   /**< content encryption (key agreement) */
};

/** Severity of a finding. */
enum smgw_pki_severity {
	SMGW_PKI_SEV_INFO = 0,    /**< information, no effect on validity */
	SMGW_PKI_SEV_WARNING = 1, /**< deviation from a recommendation; the certificate stays valid */
	SMGW_PKI_SEV_ERROR = 2    /**< the certificate is not valid for the role and type */
};

/** The SM-PKI certificate policy OID (TR-03109-4). */
#define SMGW_PKI_POLICY_OID "0.4.0.127.0.7.3.4.1.1.1"

/** One finding: which rule, how bad, where and why. */
struct smgw_pki_finding {
	const char *rule_id;  /**< stable rule identifier (static string) */
	int32_t severity;     /**< enum smgw_pki_severity */
	int32_t depth;        /**< chain position (0: leaf), -1 for a single-certificate check */
	int32_t code;         /**< the SMGW_E_* class of the problem, e.g. SMGW_E_PKI_PROFILE */
	int32_t x509_error;   /**< OpenSSL X509_V_ERR_* value for chain findings, 0 otherwise */
	char subject[160];    /**< subject (RFC 2253, possibly cut) of the certificate concerned, "" if none */
	char message[200];    /**< English explanation */
};

/** Opaque, growable list of findings. */
typedef struct smgw_pki_findings smgw_pki_findings;

/**
 * Creates an empty findings list.
 * @param pki the pki context (its allocator is used)
 * @param[out] ret_findings the list, written only on success
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_pki_findings_new(smgw_pki *pki, smgw_pki_findings **ret_findings);

/**
 * Frees a findings list.
 * @param findings the list or NULL
 */
SMGW_EXPORT void smgw_pki_findings_free(smgw_pki_findings *findings);

/**
 * Empties a findings list (keeps its storage).
 * @param findings the list or NULL
 */
SMGW_EXPORT void smgw_pki_findings_clear(smgw_pki_findings *findings);

/**
 * The number of findings.
 * @param findings the list
 * @return the count (0 for NULL)
 */
SMGW_EXPORT size_t smgw_pki_findings_count(const smgw_pki_findings *findings);

/**
 * The number of findings of severity SMGW_PKI_SEV_ERROR.
 * @param findings the list
 * @return the count (0 for NULL)
 */
SMGW_EXPORT size_t smgw_pki_findings_errors(const smgw_pki_findings *findings);

/**
 * One finding.
 * @param findings the list
 * @param index 0-based, in the order found
 * @return the finding (valid until the list is changed or freed), NULL past the end
 */
SMGW_EXPORT const struct smgw_pki_finding *smgw_pki_findings_get(const smgw_pki_findings *findings,
								  size_t index);

/**
 * Looks for a finding of a rule.
 * @param findings the list
 * @param rule_id the rule identifier
 * @return the first finding of that rule, or NULL
 */
SMGW_EXPORT const struct smgw_pki_finding *smgw_pki_findings_find(const smgw_pki_findings *findings,
								   const char *rule_id);

/** Flags of @ref smgw_pki_profile_opts. */
enum smgw_pki_profile_flags {
	SMGW_PKI_PROFILE_PRODUCTION = 1u << 0 /**< accept O=SM-PKI-DE only, not O=SM-Test-PKI-DE */
};

/**
 * Options of the profile checks. Zero-initialise and set @ref struct_size;
 * NULL options mean the defaults (test and production names accepted,
 * every rule enabled).
 */
struct smgw_pki_profile_opts {
	uint32_t struct_size;           /**< sizeof(struct smgw_pki_profile_opts) */
	uint32_t flags;                 /**< enum smgw_pki_profile_flags */
	const char *const *disabled_rules; /**< NULL-terminated list of rule identifiers to skip, or NULL */
};

/**
 * Checks one certificate against the profile of a role and type and
 * appends a finding for every broken rule.
 *
 * @param pki the pki context
 * @param cert the certificate
 * @param role enum smgw_pki_role (not SMGW_PKI_ROLE_ANY)
 * @param type enum smgw_pki_type (SMGW_PKI_TYPE_NONE for the CA roles)
 * @param opts options or NULL
 * @param findings the list the findings are appended to
 * @return the number of findings of severity error that were appended
 *         (0: the certificate conforms), or SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_pki_profile_check(smgw_pki *pki, const smgw_cert *cert, int role,
							int type, const struct smgw_pki_profile_opts *opts,
							smgw_pki_findings *findings);

/**
 * Checks a CRL against the SM-PKI CRL profile (RFC 5280 5: version 2,
 * authorityKeyIdentifier, cRLNumber, nextUpdate; SM-PKI naming of the
 * issuer; ECDSA with SHA-2) and, when the signer's certificate is given,
 * that it is the CRL's issuer, may sign CRLs (cRLSign) and that the
 * signature verifies. Appends a finding for every broken rule (the rule
 * identifiers start with "SMPKI-CRL-"; smgw_pki_profile_rule() lists
 * them after the certificate rules).
 *
 * @param pki the pki context
 * @param crl the CRL
 * @param signer the certificate of the CRL's signer (a CA, or the CRL
 *        signer of an indirect CRL), or NULL to skip the signer rules
 * @param opts options or NULL (flags and disabled rules as for certificates)
 * @param findings the list the findings are appended to
 * @return the number of error findings appended (0: the CRL conforms), or
 *         SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_pki_crl_check(smgw_pki *pki, const smgw_crl *crl, const smgw_cert *signer,
						    const struct smgw_pki_profile_opts *opts,
						    smgw_pki_findings *findings);

/**
 * Guesses role and type of a certificate from its name, CA flag and key
 * usage (CN suffix .SMGW/.GWA/.GWH/.EMT, .CA, .CRL-S; keyAgreement: ENC,
 * EKU serverAuth/clientAuth: TLS, otherwise SIG).
 * @param cert the certificate
 * @param[out] ret_role enum smgw_pki_role
 * @param[out] ret_type enum smgw_pki_type
 * @return 0, SMGW_E_INVAL, SMGW_E_NOTFOUND (no role recognised)
 */
SMGW_EXPORT int smgw_pki_profile_guess(const smgw_cert *cert, int *ret_role, int *ret_type);

/** Description of one profile rule. */
struct smgw_pki_rule_info {
	const char *id;       /**< identifier */
	const char *text;     /**< what the rule demands */
	int32_t evidence;     /**< 'S' (from a named source: the TR-03109-4 profile tables) or 'K' (default, to be confirmed) */
	int32_t severity;     /**< enum smgw_pki_severity of its findings */
};

/**
 * Enumerates the rules of the table: the certificate rules, then the CRL
 * rules, then the chain-structure rules ("SMPKI-CHAIN-", applied by
 * smgw_pki_verify()).
 * @param index 0-based
 * @param[out] ret_info the rule, written only on success
 * @return 0, SMGW_E_INVAL, SMGW_E_NOTFOUND past the last rule
 */
SMGW_EXPORT int smgw_pki_profile_rule(size_t index, struct smgw_pki_rule_info *ret_info);

/**
 * Name of a role, e.g. "GWA".
 * @param role enum smgw_pki_role
 * @return a static string ("?" for unknown values)
 */
SMGW_EXPORT const char *smgw_pki_role_name(int role);

/**
 * Parses a role name (case-insensitive: root, subca, crl-signer, link, smgw, gwa, gwh, emt).
 * @param name the text
 * @return the role, or SMGW_E_NOTFOUND
 */
SMGW_EXPORT int smgw_pki_role_from_name(const char *name);

/**
 * Name of a certificate type: "TLS", "SIG", "ENC" or "-".
 * @param type enum smgw_pki_type
 * @return a static string
 */
SMGW_EXPORT const char *smgw_pki_type_name(int type);

/**
 * Parses a certificate type name (case-insensitive: tls, sig, enc, none).
 * @param name the text
 * @return the type, or SMGW_E_NOTFOUND
 */
SMGW_EXPORT int smgw_pki_type_from_name(const char *name);

SMGW_END_DECLS

#endif /* SMGW_CERTPROFILE_H */
