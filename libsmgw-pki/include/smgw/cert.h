/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file cert.h
 * @brief X.509 certificates and CRLs of the SM-PKI: loading and inspection.
 *
 * Certificates and CRLs are parsed with OpenSSL 3 inside the library
 * context of a @ref smgw_pki. Input may be DER or PEM; the format is
 * detected. All times are `int64_t` milliseconds since 1970-01-01T00:00:00Z
 * (UTC), as everywhere in libsmgw.
 *
 * Text and binary getters follow the size-query protocol: pass the
 * capacity in `*len`; on success the length written (text: without the
 * terminating NUL, which is always written) is stored; if the buffer is
 * too small (or NULL) the size needed is stored and SMGW_E_BUFSIZE is
 * returned. Getters that enumerate (EKU, SAN, policies, CRL distribution
 * points, CRL entries) take an index and return SMGW_E_NOTFOUND past the
 * last item.
 *
 * Thread safety: a loaded certificate or CRL is immutable; it may be read
 * from several threads at once.
 */
#ifndef SMGW_CERT_H
#define SMGW_CERT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

#include <smgw/error.h>
#include <smgw/export.h>
#include <smgw/pkictx.h>

SMGW_BEGIN_DECLS

/** Opaque X.509 certificate. */
typedef struct smgw_cert smgw_cert;
/** Opaque X.509 certificate revocation list. */
typedef struct smgw_crl smgw_crl;

/** Public key types. */
enum smgw_cert_key_type {
	SMGW_CERT_KEY_OTHER = 0, /**< neither EC nor RSA */
	SMGW_CERT_KEY_EC = 1,    /**< elliptic curve (id-ecPublicKey) */
	SMGW_CERT_KEY_RSA = 2    /**< RSA */
};

/** Named curves of EC keys. */
enum smgw_cert_curve {
	SMGW_CERT_CURVE_NONE = 0,  /**< not an EC key */
	SMGW_CERT_CURVE_OTHER = 1, /**< a curve not listed here, or explicit parameters */
	SMGW_CERT_CURVE_BP256 = 2, /**< brainpoolP256r1 (RFC 5639) */
	SMGW_CERT_CURVE_BP384 = 3, /**< brainpoolP384r1 */
	SMGW_CERT_CURVE_BP512 = 4, /**< brainpoolP512r1 */
	SMGW_CERT_CURVE_P256 = 5,  /**< NIST P-256 (prime256v1) */
	SMGW_CERT_CURVE_P384 = 6,  /**< NIST P-384 (secp384r1) */
	SMGW_CERT_CURVE_P521 = 7   /**< NIST P-521 (secp521r1) */
};

/** Signature algorithms of certificates and CRLs. */
enum smgw_cert_sig_alg {
	SMGW_CERT_SIG_OTHER = 0,        /**< any algorithm not listed */
	SMGW_CERT_SIG_ECDSA_SHA256 = 1, /**< ecdsa-with-SHA256 */
	SMGW_CERT_SIG_ECDSA_SHA384 = 2, /**< ecdsa-with-SHA384 */
	SMGW_CERT_SIG_ECDSA_SHA512 = 3, /**< ecdsa-with-SHA512 */
	SMGW_CERT_SIG_ECDSA_SHA1 = 4,   /**< ecdsa-with-SHA1 */
	SMGW_CERT_SIG_RSA = 5           /**< any RSA signature (PKCS#1 v1.5 or PSS) */
};

/** Extension bits of @ref smgw_cert_info.ext_present and .ext_critical. */
enum smgw_cert_ext {
	SMGW_CERT_EXT_AKI = 1u << 0,         /**< authorityKeyIdentifier */
	SMGW_CERT_EXT_SKI = 1u << 1,         /**< subjectKeyIdentifier */
	SMGW_CERT_EXT_KU = 1u << 2,          /**< keyUsage */
	SMGW_CERT_EXT_PKUP = 1u << 3,        /**< privateKeyUsagePeriod */
	SMGW_CERT_EXT_POLICIES = 1u << 4,    /**< certificatePolicies */
	SMGW_CERT_EXT_SAN = 1u << 5,         /**< subjectAltName */
	SMGW_CERT_EXT_IAN = 1u << 6,         /**< issuerAltName */
	SMGW_CERT_EXT_BC = 1u << 7,          /**< basicConstraints */
	SMGW_CERT_EXT_EKU = 1u << 8,         /**< extendedKeyUsage */
	SMGW_CERT_EXT_CRLDP = 1u << 9,       /**< cRLDistributionPoints */
	SMGW_CERT_EXT_NAME_CONSTR = 1u << 10, /**< nameConstraints */
	SMGW_CERT_EXT_POLICY_CONSTR = 1u << 11, /**< policyConstraints */
	SMGW_CERT_EXT_AIA = 1u << 12,        /**< authorityInfoAccess */
	SMGW_CERT_EXT_UNKNOWN = 1u << 30     /**< any other extension (critical bit: an unknown one is critical) */
};

/** keyUsage bits (@ref smgw_cert_info.key_usage). */
enum smgw_cert_ku {
	SMGW_CERT_KU_DIGITAL_SIGNATURE = 1u << 0, /**< digitalSignature */
	SMGW_CERT_KU_NON_REPUDIATION = 1u << 1,   /**< nonRepudiation (contentCommitment) */
	SMGW_CERT_KU_KEY_ENCIPHERMENT = 1u << 2,  /**< keyEncipherment */
	SMGW_CERT_KU_DATA_ENCIPHERMENT = 1u << 3, /**< dataEncipherment */
	SMGW_CERT_KU_KEY_AGREEMENT = 1u << 4,     /**< keyAgreement */
	SMGW_CERT_KU_KEY_CERT_SIGN = 1u << 5,     /**< keyCertSign */
	SMGW_CERT_KU_CRL_SIGN = 1u << 6,          /**< cRLSign */
	SMGW_CERT_KU_ENCIPHER_ONLY = 1u << 7,     /**< encipherOnly */
	SMGW_CERT_KU_DECIPHER_ONLY = 1u << 8      /**< decipherOnly */
};

/** extendedKeyUsage bits (@ref smgw_cert_info.ext_key_usage). */
enum smgw_cert_eku {
	SMGW_CERT_EKU_SERVER_AUTH = 1u << 0, /**< id-kp-serverAuth */
	SMGW_CERT_EKU_CLIENT_AUTH = 1u << 1, /**< id-kp-clientAuth */
	SMGW_CERT_EKU_EMAIL = 1u << 2,       /**< id-kp-emailProtection */
	SMGW_CERT_EKU_CODE_SIGNING = 1u << 3, /**< id-kp-codeSigning */
	SMGW_CERT_EKU_OCSP_SIGNING = 1u << 4, /**< id-kp-OCSPSigning */
	SMGW_CERT_EKU_ANY = 1u << 5,         /**< anyExtendedKeyUsage */
	SMGW_CERT_EKU_OTHER = 1u << 30       /**< any other purpose */
};

/** Subject name attributes for smgw_cert_subject_attr(). */
enum smgw_cert_attr {
	SMGW_CERT_ATTR_CN = 1,     /**< commonName */
	SMGW_CERT_ATTR_O = 2,      /**< organizationName */
	SMGW_CERT_ATTR_OU = 3,     /**< organizationalUnitName */
	SMGW_CERT_ATTR_C = 4,      /**< countryName */
	SMGW_CERT_ATTR_SERIAL = 5  /**< serialNumber (the name attribute, not the certificate serial) */
};

/** General-name kinds of smgw_cert_san(). */
enum smgw_cert_gn {
	SMGW_CERT_GN_OTHER = 0, /**< another kind (rendered as "<other>") */
	SMGW_CERT_GN_EMAIL = 1, /**< rfc822Name */
	SMGW_CERT_GN_DNS = 2,   /**< dNSName */
	SMGW_CERT_GN_URI = 3,   /**< uniformResourceIdentifier */
	SMGW_CERT_GN_IP = 4,    /**< iPAddress (rendered as text) */
	SMGW_CERT_GN_DIRNAME = 5 /**< directoryName (rendered in RFC 2253 form) */
};

/**
 * Fixed facts of a certificate. Set @ref struct_size before calling
 * smgw_cert_get_info(); members beyond it are not written.
 */
struct smgw_cert_info {
	uint32_t struct_size;   /**< sizeof(struct smgw_cert_info) as compiled by the caller */
	int32_t version;        /**< X.509 version: 1, 2 or 3 */
	int64_t not_before;     /**< start of validity, ms since the epoch (UTC); INT64_MIN if unreadable */
	int64_t not_after;      /**< end of validity, ms since the epoch (UTC); INT64_MIN if unreadable */
	int32_t key_type;       /**< enum smgw_cert_key_type */
	int32_t curve;          /**< enum smgw_cert_curve */
	int32_t key_bits;       /**< key size in bits */
	int32_t sig_alg;        /**< enum smgw_cert_sig_alg of the certificate signature */
	uint32_t ext_present;   /**< enum smgw_cert_ext bits of the extensions present */
	uint32_t ext_critical;  /**< enum smgw_cert_ext bits of the extensions marked critical */
	uint32_t key_usage;     /**< enum smgw_cert_ku bits (0 without keyUsage) */
	uint32_t ext_key_usage; /**< enum smgw_cert_eku bits (0 without extendedKeyUsage) */
	int32_t is_ca;          /**< basicConstraints cA is TRUE */
	int32_t path_len;       /**< pathLenConstraint, -1 if absent */
	int32_t self_issued;    /**< subject and issuer names are equal */
	int32_t serial_negative; /**< serial number is zero or negative (not allowed by RFC 5280) */
};

/**
 * Parses one certificate (DER or PEM, detected) into the library context
 * of @p pki.
 *
 * With @p ret_consumed NULL the input must hold exactly one certificate
 * (PEM may be surrounded by whitespace). Otherwise the first certificate
 * is taken, PEM blocks of other types before it are skipped, and the
 * number of bytes up to its end is stored, so that a PEM bundle can be
 * read in a loop.
 *
 * @param pki the pki context
 * @param data the input
 * @param len its length in bytes
 * @param[out] ret_consumed bytes used, or NULL (see above)
 * @param[out] ret_cert the certificate, written only on success
 * @param diag details of a failure, or NULL
 * @return 0; SMGW_E_INVAL; SMGW_E_NOMEM; SMGW_E_NOTFOUND (no certificate in
 *         the input); SMGW_E_ENCODING (malformed DER, base64 or extension);
 *         SMGW_E_TRUNCATED (PEM block without END line)
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_cert_parse(smgw_pki *pki, const uint8_t *data, size_t len,
						 size_t *ret_consumed, smgw_cert **ret_cert,
						 struct smgw_diag *diag);

/**
 * Wraps an OpenSSL certificate (takes a new reference to it).
 *
 * @param pki the pki context
 * @param x509 the certificate
 * @param[out] ret_cert the wrapper, written only on success
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM, SMGW_E_ENCODING (malformed extension)
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_cert_from_x509(smgw_pki *pki, X509 *x509, smgw_cert **ret_cert);

/**
 * Frees a certificate.
 * @param cert the certificate or NULL
 */
SMGW_EXPORT void smgw_cert_free(smgw_cert *cert);

/**
 * The OpenSSL certificate inside (no new reference).
 * @param cert the certificate
 * @return the X509 object, valid while @p cert lives; NULL if @p cert is NULL
 */
SMGW_EXPORT X509 *smgw_cert_x509(const smgw_cert *cert);

/**
 * The DER encoding of a certificate (size-query protocol).
 * @param cert the certificate
 * @param buf output buffer or NULL
 * @param[in,out] len capacity of @p buf in, bytes written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE
 */
SMGW_EXPORT int smgw_cert_der(const smgw_cert *cert, uint8_t *buf, size_t *len);

/**
 * The PEM encoding of a certificate (size-query protocol; NUL-terminated).
 * @param cert the certificate
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, characters written (or needed, without NUL) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE, SMGW_E_NOMEM
 */
SMGW_EXPORT int smgw_cert_pem(const smgw_cert *cert, char *buf, size_t *len);

/**
 * Reads the fixed facts of a certificate.
 * @param cert the certificate
 * @param[out] info filled up to its struct_size, which must be set
 * @return 0 or SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_cert_get_info(const smgw_cert *cert, struct smgw_cert_info *info);

/**
 * The subject name in RFC 2253 form, e.g. "CN=X.EMT,O=SM-PKI-DE,C=DE"
 * (size-query protocol).
 * @param cert the certificate
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, characters written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE, SMGW_E_NOMEM
 */
SMGW_EXPORT int smgw_cert_subject(const smgw_cert *cert, char *buf, size_t *len);

/**
 * The issuer name in RFC 2253 form (size-query protocol).
 * @param cert the certificate
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, characters written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE, SMGW_E_NOMEM
 */
SMGW_EXPORT int smgw_cert_issuer(const smgw_cert *cert, char *buf, size_t *len);

/**
 * One attribute of the subject name as UTF-8 (size-query protocol).
 * @param cert the certificate
 * @param attr enum smgw_cert_attr
 * @param index 0 for the first occurrence, 1 for the second, ...
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, characters written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE, SMGW_E_NOTFOUND, SMGW_E_ENCODING
 */
SMGW_EXPORT int smgw_cert_subject_attr(const smgw_cert *cert, int attr, size_t index, char *buf,
				       size_t *len);

/**
 * The serial number as unsigned big-endian bytes without leading zeros
 * (size-query protocol).
 * @param cert the certificate
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, bytes written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE
 */
SMGW_EXPORT int smgw_cert_serial(const smgw_cert *cert, uint8_t *buf, size_t *len);

/**
 * The serial number as upper-case hex text (size-query protocol).
 * @param cert the certificate
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, characters written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE
 */
SMGW_EXPORT int smgw_cert_serial_hex(const smgw_cert *cert, char *buf, size_t *len);

/**
 * One extended key usage purpose as dotted OID text.
 * @param cert the certificate
 * @param index 0-based
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, characters written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE, SMGW_E_NOTFOUND
 */
SMGW_EXPORT int smgw_cert_eku(const smgw_cert *cert, size_t index, char *buf, size_t *len);

/**
 * One certificate policy identifier as dotted OID text.
 * @param cert the certificate
 * @param index 0-based
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, characters written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE, SMGW_E_NOTFOUND
 */
SMGW_EXPORT int smgw_cert_policy(const smgw_cert *cert, size_t index, char *buf, size_t *len);

/**
 * One subject alternative name.
 * @param cert the certificate
 * @param index 0-based
 * @param[out] ret_kind enum smgw_cert_gn of the name, or NULL
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, characters written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE, SMGW_E_NOTFOUND
 */
SMGW_EXPORT int smgw_cert_san(const smgw_cert *cert, size_t index, int *ret_kind, char *buf,
			      size_t *len);

/**
 * One URI of the cRLDistributionPoints extension (full names only).
 * @param cert the certificate
 * @param index 0-based over all URIs of all distribution points
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, characters written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE, SMGW_E_NOTFOUND
 */
SMGW_EXPORT int smgw_cert_crl_dp(const smgw_cert *cert, size_t index, char *buf, size_t *len);

/**
 * The subjectKeyIdentifier value (size-query protocol).
 * @param cert the certificate
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, bytes written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE, SMGW_E_NOTFOUND (no SKI)
 */
SMGW_EXPORT int smgw_cert_ski(const smgw_cert *cert, uint8_t *buf, size_t *len);

/**
 * The keyIdentifier of the authorityKeyIdentifier (size-query protocol).
 * @param cert the certificate
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, bytes written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE, SMGW_E_NOTFOUND (no AKI key id)
 */
SMGW_EXPORT int smgw_cert_aki(const smgw_cert *cert, uint8_t *buf, size_t *len);

/**
 * Name of a curve, e.g. "brainpoolP256r1".
 * @param curve enum smgw_cert_curve
 * @return a static string ("none", "other" for unknown values)
 */
SMGW_EXPORT const char *smgw_cert_curve_name(int curve);

/**
 * Name of a signature algorithm, e.g. "ecdsa-with-SHA256".
 * @param sig_alg enum smgw_cert_sig_alg
 * @return a static string
 */
SMGW_EXPORT const char *smgw_cert_sig_alg_name(int sig_alg);

/**
 * Parses one CRL (DER or PEM "X509 CRL", detected); see smgw_cert_parse()
 * for @p ret_consumed.
 * @param pki the pki context
 * @param data the input
 * @param len its length
 * @param[out] ret_consumed bytes used, or NULL (exactly one CRL)
 * @param[out] ret_crl the CRL, written only on success
 * @param diag details of a failure, or NULL
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM, SMGW_E_NOTFOUND, SMGW_E_ENCODING, SMGW_E_TRUNCATED
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_crl_parse(smgw_pki *pki, const uint8_t *data, size_t len,
						size_t *ret_consumed, smgw_crl **ret_crl,
						struct smgw_diag *diag);

/**
 * Frees a CRL.
 * @param crl the CRL or NULL
 */
SMGW_EXPORT void smgw_crl_free(smgw_crl *crl);

/**
 * The OpenSSL CRL inside (no new reference).
 * @param crl the CRL
 * @return the X509_CRL object, valid while @p crl lives; NULL if @p crl is NULL
 */
SMGW_EXPORT X509_CRL *smgw_crl_x509_crl(const smgw_crl *crl);

/**
 * The issuer name of a CRL in RFC 2253 form (size-query protocol).
 * @param crl the CRL
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, characters written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE, SMGW_E_NOMEM
 */
SMGW_EXPORT int smgw_crl_issuer(const smgw_crl *crl, char *buf, size_t *len);

/**
 * The update times of a CRL.
 * @param crl the CRL
 * @param[out] ret_this_update thisUpdate in ms since the epoch, or NULL
 * @param[out] ret_next_update nextUpdate in ms, INT64_MAX if absent, or NULL
 * @return 0, SMGW_E_INVAL, SMGW_E_ENCODING (time not representable)
 */
SMGW_EXPORT int smgw_crl_times(const smgw_crl *crl, int64_t *ret_this_update, int64_t *ret_next_update);

/**
 * The number of revoked-certificate entries.
 * @param crl the CRL
 * @return the count (0 for NULL)
 */
SMGW_EXPORT size_t smgw_crl_count(const smgw_crl *crl);

/**
 * One revoked-certificate entry.
 * @param crl the CRL
 * @param index 0-based
 * @param serial buffer for the serial number (unsigned big-endian), or NULL
 * @param[in,out] serial_len capacity in, bytes written (or needed) out
 * @param[out] ret_revoked_at revocation date in ms since the epoch, or NULL
 * @param[out] ret_reason CRL reason code (RFC 5280 5.3.1), -1 if absent, or NULL
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE, SMGW_E_NOTFOUND, SMGW_E_ENCODING
 */
SMGW_EXPORT int smgw_crl_entry(const smgw_crl *crl, size_t index, uint8_t *serial, size_t *serial_len,
			       int64_t *ret_revoked_at, int32_t *ret_reason);

SMGW_END_DECLS

#endif /* SMGW_CERT_H */
