/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file testpki.h
 * @brief Generator of a complete SM-Test-PKI for development and tests.
 *
 * NOT FOR PRODUCTION. The private keys are generated in software and can
 * be exported in clear; the names use O=SM-Test-PKI-DE.
 *
 * smgw_testpki_generate() builds, on brainpool curves and with the SM-PKI
 * policy 0.4.0.127.0.7.3.4.1.1.1:
 *
 * | name | what |
 * |---|---|
 * | root | SM-Test-Root.CA (serialNumber 1), self-signed, brainpoolP384r1, ecdsa-with-SHA384 |
 * | root2 | the next root (serialNumber 2) of a root rollover |
 * | link-old-new | link certificate: root2's key and name, signed by root |
 * | link-new-old | link certificate: root's key and name, signed by root2 |
 * | crl-signer | SM-Test-Root.CA.CRL-S, signs the root's CRL (indirect CRL) |
 * | subca | sub-CA under root, brainpoolP256r1, pathlen 0 |
 * | subca2 | sub-CA under root2 |
 * | subca-revoked | sub-CA under root, revoked in the root's CRL |
 * | smgw-tls, smgw-sig, smgw-enc | SMGW certificates (no subjectAltName) |
 * | gwa-*, gwh-*, emt-* | GWA, GWH and EMT certificates with TLS, SIG and ENC types |
 * | gwa2-tls | GWA TLS certificate under subca2 (for the rollover) |
 * | revoked-emt-tls | EMT TLS certificate under subca, revoked in subca's CRL |
 * | revsub-gwh-tls | GWH TLS certificate under subca-revoked |
 * | subca.crl | CRL of subca, signed by subca, lists revoked-emt-tls |
 * | root.crl | CRL of root, signed by crl-signer, lists subca-revoked |
 *
 * Thread safety: a generated test PKI is immutable and may be read from
 * several threads.
 */
#ifndef SMGW_TESTPKI_H
#define SMGW_TESTPKI_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/cert.h>

SMGW_BEGIN_DECLS

/** Opaque generated test PKI. */
typedef struct smgw_testpki smgw_testpki;

/**
 * Parameters of smgw_testpki_generate(). Zero-initialise and set
 * @ref struct_size; zero members take their defaults.
 */
struct smgw_testpki_params {
	uint32_t struct_size; /**< sizeof(struct smgw_testpki_params) */
	uint32_t flags;       /**< reserved, must be 0 */
	int64_t not_before;   /**< start of every validity, ms since the epoch; 0: 2025-01-01T00:00:00Z */
	int32_t ca_days;      /**< validity of root, link, CRL-signer and sub-CA certificates in days; 0: 3650 */
	int32_t ee_days;      /**< validity of end-user certificates and the CRLs' nextUpdate in days; 0: 730 */
};

/** One generated object. */
struct smgw_testpki_item {
	const char *name;        /**< file stem, e.g. "gwa-tls" or "subca.crl" */
	const char *description; /**< what it is, in English */
	int32_t role;            /**< enum smgw_pki_role (0 for CRLs) */
	int32_t type;            /**< enum smgw_pki_type */
	const smgw_cert *cert;   /**< the certificate, or NULL for a CRL */
	const smgw_crl *crl;     /**< the CRL, or NULL for a certificate */
	const char *issuer;      /**< name of the item that signed it (itself for the roots) */
};

/**
 * Generates a complete SM-Test-PKI.
 * @param pki the pki context
 * @param params parameters or NULL for the defaults
 * @param[out] ret_testpki the test PKI, written only on success
 * @param diag details of a failure, or NULL
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM, SMGW_E_CRYPTO
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_testpki_generate(smgw_pki *pki, const struct smgw_testpki_params *params,
						       smgw_testpki **ret_testpki, struct smgw_diag *diag);

/**
 * Frees a test PKI (and the keys inside, wiped).
 * @param testpki the test PKI or NULL
 */
SMGW_EXPORT void smgw_testpki_free(smgw_testpki *testpki);

/**
 * The number of objects.
 * @param testpki the test PKI
 * @return the count (0 for NULL)
 */
SMGW_EXPORT size_t smgw_testpki_count(const smgw_testpki *testpki);

/**
 * One object.
 * @param testpki the test PKI
 * @param index 0-based
 * @param[out] ret_item the object (pointers owned by @p testpki), written only on success
 * @return 0, SMGW_E_INVAL, SMGW_E_NOTFOUND
 */
SMGW_EXPORT int smgw_testpki_get(const smgw_testpki *testpki, size_t index, struct smgw_testpki_item *ret_item);

/**
 * A certificate by name.
 * @param testpki the test PKI
 * @param name e.g. "root", "subca", "gwa-tls"
 * @return the certificate (owned by @p testpki), or NULL
 */
SMGW_EXPORT const smgw_cert *smgw_testpki_cert(const smgw_testpki *testpki, const char *name);

/**
 * A CRL by name ("subca.crl" or "root.crl").
 * @param testpki the test PKI
 * @param name the name
 * @return the CRL (owned by @p testpki), or NULL
 */
SMGW_EXPORT const smgw_crl *smgw_testpki_crl(const smgw_testpki *testpki, const char *name);

/**
 * The private key of a certificate as unencrypted PKCS#8 PEM (size-query
 * protocol). Test keys only.
 * @param testpki the test PKI
 * @param name the certificate's name
 * @param buf output buffer or NULL
 * @param[in,out] len capacity in, characters written (or needed) out
 * @return 0, SMGW_E_INVAL, SMGW_E_NOTFOUND, SMGW_E_BUFSIZE, SMGW_E_NOMEM
 */
SMGW_EXPORT int smgw_testpki_key_pem(const smgw_testpki *testpki, const char *name, char *buf, size_t *len);

/**
 * Writes every object as PEM into a directory (created if missing):
 * `<name>.pem` for certificates, `<name>.key.pem` for their private keys,
 * `<name>.pem` for the CRLs, and a README of what is what.
 * @param testpki the test PKI
 * @param dir the directory
 * @param diag details of a failure, or NULL
 * @return 0, SMGW_E_INVAL, SMGW_E_IO, SMGW_E_NOMEM
 */
SMGW_EXPORT int smgw_testpki_write(const smgw_testpki *testpki, const char *dir, struct smgw_diag *diag);

SMGW_END_DECLS

#endif /* SMGW_TESTPKI_H */
