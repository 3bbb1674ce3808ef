/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file chain.h
 * @brief SM-PKI trust store and chain validation at the gateway's trusted time.
 *
 * A @ref smgw_pki_trust holds the trust anchors (SM-Root certificates),
 * untrusted intermediates (sub-CAs, link certificates of a root rollover,
 * the root's CRL signer) and CRLs. smgw_pki_verify() builds and validates
 * the chain of a certificate with OpenSSL in the suite's library context,
 * always with strict X.509 (X509_V_FLAG_X509_STRICT), policy checking with
 * an explicit policy (by default the SM-PKI policy 0.4.0.127.0.7.3.4.1.1.1)
 * and the time the caller gives (never the system clock), then applies the
 * TR-03109-4 profile checks to every certificate of the chain: the leaf for
 * the requested role and type, the others as sub-CA, link or root.
 *
 * Every problem becomes a finding: OpenSSL's verification errors with
 * their chain depth (rule identifiers "X509-<error>", e.g.
 * "X509-CERT_HAS_EXPIRED"), and the profile findings. The return code
 * names the most important class (see smgw_pki_verify()).
 *
 * Root rollover: add the new and old roots as anchors as they are trusted,
 * and the link certificates (new root key signed by the old root, and back)
 * as intermediates; a gateway that trusts only the old root then validates
 * certificates under the new root through the link certificate, and the
 * other way round.
 *
 * CRLs: each sub-CA signs the CRL of the certificates it issued; the root's
 * CRL is signed by a separate CRL signer (an indirect CRL in the sense of
 * RFC 5280 5.2.5, with the CRL signer certificate added as intermediate).
 *
 * Thread safety: configure a store first; smgw_pki_verify() then only reads
 * it and may run concurrently on the same store.
 */
#ifndef SMGW_CHAIN_H
#define SMGW_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/cert.h>
#include <smgw/certprofile.h>

SMGW_BEGIN_DECLS

/** Opaque trust store. */
typedef struct smgw_pki_trust smgw_pki_trust;

/**
 * Creates an empty trust store.
 * @param pki the pki context
 * @param[out] ret_trust the store, written only on success
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_pki_trust_new(smgw_pki *pki, smgw_pki_trust **ret_trust);

/**
 * Frees a trust store (the certificates and CRLs added stay the caller's).
 * @param trust the store or NULL
 */
SMGW_EXPORT void smgw_pki_trust_free(smgw_pki_trust *trust);

/**
 * Adds a trust anchor (an SM-Root certificate).
 * @param trust the store
 * @param cert the anchor (a reference is kept; the caller may free its own)
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT int smgw_pki_trust_add_anchor(smgw_pki_trust *trust, const smgw_cert *cert);

/**
 * Adds an untrusted intermediate: a sub-CA, a link certificate or the CRL
 * signer. Intermediates are used for chain building only; trust always
 * comes from an anchor.
 * @param trust the store
 * @param cert the certificate (a reference is kept)
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT int smgw_pki_trust_add_intermediate(smgw_pki_trust *trust, const smgw_cert *cert);

/**
 * Adds a CRL (its signature is checked during validation).
 * @param trust the store
 * @param crl the CRL (a reference is kept)
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT int smgw_pki_trust_add_crl(smgw_pki_trust *trust, const smgw_crl *crl);

/** Flags of @ref smgw_pki_verify_opts. */
enum smgw_pki_verify_flags {
	SMGW_PKI_VERIFY_CRL = 1u << 0,     /**< check the leaf against a CRL of its issuer (required to be present) */
	SMGW_PKI_VERIFY_CRL_ALL = 1u << 1, /**< check every certificate below the anchor against a CRL */
	SMGW_PKI_VERIFY_NO_PROFILE = 1u << 2, /**< skip the TR-03109-4 profile checks (OpenSSL's checks only) */
	SMGW_PKI_VERIFY_PRODUCTION = 1u << 3, /**< profile: accept production names (O=SM-PKI-DE) only */
	SMGW_PKI_VERIFY_TLS_SERVER = 1u << 4, /**< the leaf authenticates a TLS server: its EKU, if present, must hold serverAuth (finding "PURPOSE-TLS-SERVER") */
	SMGW_PKI_VERIFY_TLS_CLIENT = 1u << 5  /**< the leaf authenticates a TLS client: its EKU, if present, must hold clientAuth (finding "PURPOSE-TLS-CLIENT") */
};

/**
 * Options of a validation. Zero-initialise, set @ref struct_size and
 * @ref at.
 */
struct smgw_pki_verify_opts {
	uint32_t struct_size;   /**< sizeof(struct smgw_pki_verify_opts) */
	uint32_t flags;         /**< enum smgw_pki_verify_flags */
	int64_t at;             /**< validation time: the gateway's trusted time, ms since the epoch (UTC) */
	int32_t role;           /**< enum smgw_pki_role of the leaf; SMGW_PKI_ROLE_ANY: no leaf profile check */
	int32_t type;           /**< enum smgw_pki_type of the leaf */
	const char *policy_oid; /**< required policy, NULL for SMGW_PKI_POLICY_OID */
	const char *const *disabled_rules; /**< profile rules to skip (NULL-terminated), or NULL */
	int32_t max_depth;      /**< maximum number of intermediates, 0 for the default (4) */
	uint32_t reserved;      /**< must be 0 */
};

/**
 * Validates a certificate.
 *
 * @param trust the store
 * @param leaf the certificate to validate
 * @param extra further untrusted certificates for this validation only
 *        (the chain the peer sent), or NULL
 * @param n_extra the number of @p extra certificates
 * @param opts options (required: the time)
 * @param findings list to which every finding is appended, or NULL
 * @param diag the first error with its chain depth and certificate, or NULL
 * @return 0 if the certificate is valid for the role and type at the time;
 *         SMGW_E_PKI_EXPIRED, SMGW_E_PKI_NOT_YET_VALID, SMGW_E_PKI_REVOKED,
 *         SMGW_E_PKI_NO_ISSUER, SMGW_E_PKI_UNTRUSTED, SMGW_E_PKI_SIGNATURE,
 *         SMGW_E_PKI_POLICY, SMGW_E_PKI_USAGE, SMGW_E_PKI_NO_CRL,
 *         SMGW_E_PKI_PROFILE or SMGW_E_PKI_INVALID for an invalid chain
 *         (the most important class found, in this order: revoked,
 *         signature, untrusted, issuer, expired, not yet valid, policy,
 *         usage, profile, CRL); SMGW_E_INVAL,
 *         SMGW_E_NOMEM, SMGW_E_CRYPTO; SMGW_E_RANGE if @p opts->at lies
 *         outside the time_t of the linked libcrypto (a 32-bit time_t)
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_pki_verify(smgw_pki_trust *trust, const smgw_cert *leaf,
						 const smgw_cert *const *extra, size_t n_extra,
						 const struct smgw_pki_verify_opts *opts,
						 smgw_pki_findings *findings, struct smgw_diag *diag);

SMGW_END_DECLS

#endif /* SMGW_CHAIN_H */
