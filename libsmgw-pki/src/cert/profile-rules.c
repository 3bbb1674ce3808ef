/* SPDX-License-Identifier: Apache-2.0 */
/*
 * THE SM-PKI PROFILE RULE TABLE.
 *
 * Every profile rule of libsmgw-pki is one line here: the roles and
 * certificate types it applies to, the generic check and its argument, the
 * severity, and the evidence behind it:
 *   'S' taken from a named source (TR-03109-4 v1.2.1 Annex A.2 Table 18 as
 *       encoded in the jzlint SM-PKI lints; RFC 5280; TR-03116-3 via TaSK),
 *   'K' a default that could not be checked against the BSI documents.
 * To change a rule (for example a key usage per type once confirmed),
 * change its line; to switch one off at run time, pass its identifier in
 * smgw_pki_profile_opts.disabled_rules (smgw_pki_verify_opts.disabled_rules
 * for validations). No rule is coded elsewhere.
 *
 * Severity: a K rule is an error only where a wrong certificate would
 * otherwise be accepted for the wrong purpose (key usage per type, and the
 * TLS purposes in the EKU, which alone tell a TLS from a SIG certificate),
 * or with a weaker algorithm than SHA-2 (the signature algorithms of
 * certificates and CRLs); K rules whose violation OpenSSL's own checks
 * catch anyway, or that describe conventions (the end-user key usages of
 * a CA certificate, which the CA role never uses), are warnings, so that
 * a wrong guess cannot lock a gateway out of a correct PKI. The K rules
 * SMPKI-CHAIN-LINK-ISSUER and SMPKI-LINK-CROSS are errors because a link
 * certificate that breaks them is no link certificate.
 */
#include "profile-private.h"

#define R(role) (1u << (role))
#define T(type) (1u << (type))
#define ROOT R(SMGW_PKI_ROLE_ROOT)
#define SUBCA R(SMGW_PKI_ROLE_SUBCA)
#define CRLS R(SMGW_PKI_ROLE_CRL_SIGNER)
#define LINK R(SMGW_PKI_ROLE_LINK)
#define CAS (ROOT | SUBCA | LINK)
#define ALLCA (CAS | CRLS)
#define SMGW R(SMGW_PKI_ROLE_SMGW)
#define PEERS (R(SMGW_PKI_ROLE_GWA) | R(SMGW_PKI_ROLE_GWH) | R(SMGW_PKI_ROLE_EMT))
#define EE (SMGW | PEERS)
#define ALL (ALLCA | EE)
#define ANYT 0xffffffffu
#define TLS T(SMGW_PKI_TYPE_TLS)
#define SIG T(SMGW_PKI_TYPE_SIG)
#define ENC T(SMGW_PKI_TYPE_ENC)
#define E SMGW_PKI_SEV_ERROR
#define W SMGW_PKI_SEV_WARNING

#define KU_DS SMGW_CERT_KU_DIGITAL_SIGNATURE
#define KU_NR SMGW_CERT_KU_NON_REPUDIATION
#define KU_KE SMGW_CERT_KU_KEY_ENCIPHERMENT
#define KU_DE SMGW_CERT_KU_DATA_ENCIPHERMENT
#define KU_KA SMGW_CERT_KU_KEY_AGREEMENT
#define KU_CS SMGW_CERT_KU_KEY_CERT_SIGN
#define KU_CRL SMGW_CERT_KU_CRL_SIGN
#define KU_EO SMGW_CERT_KU_ENCIPHER_ONLY
#define KU_DO SMGW_CERT_KU_DECIPHER_ONLY

const struct smgw__rule smgw__rules[] = {
	/* naming (jzlint SMPKIUtils: O, C and serialNumber RDNs; CN per role) */
	{ "SMPKI-NAME-O", ALL, ANYT, CHK_ORG, 0, E, 'S',
	  "subject O is SM-PKI-DE (test PKI: SM-Test-PKI-DE)" },
	{ "SMPKI-NAME-C", ALL, ANYT, CHK_COUNTRY_PRESENT, 0, E, 'S', "subject has a C attribute" },
	{ "SMPKI-NAME-C-DE", ALL, ANYT, CHK_COUNTRY_DE, 0, W, 'K', "subject C is DE" },
	{ "SMPKI-NAME-SERIAL", ALLCA, ANYT, CHK_SERIAL_RDN, 0, E, 'S',
	  "CA and CRL-signer subjects have a serialNumber attribute" },
	{ "SMPKI-NAME-SERIAL-EE", EE, ANYT, CHK_SERIAL_RDN, 0, W, 'K',
	  "end-user subjects have a serialNumber attribute" },
	{ "SMPKI-NAME-CN", ALL, ANYT, CHK_CN_ROLE, 0, E, 'S',
	  "CN fits the role: SM-Root.CA / SM-Test-Root.CA, <name>.CA, <name>.CRL-S, <name>.SMGW|GWA|GWH|EMT[.<suffix>]" },
	/* X.509 basics (RFC 5280) */
	{ "SMPKI-X509-V3", ALL, ANYT, CHK_VERSION3, 0, E, 'S', "certificate is X.509 version 3" },
	{ "SMPKI-X509-SERIAL", ALL, ANYT, CHK_SERIAL_POSITIVE, 0, E, 'S', "serial number is positive" },
	{ "SMPKI-X509-VALIDITY", ALL, ANYT, CHK_VALIDITY_ORDER, 0, E, 'S', "notBefore is not after notAfter" },
	{ "SMPKI-X509-UNKNOWN-CRITICAL", ALL, ANYT, CHK_NO_UNKNOWN_CRITICAL, 0, E, 'S',
	  "no unrecognised critical extension" },
	/* keys and signatures (TR-03116-3: brainpool keys, ECDSA with SHA-2) */
	{ "SMPKI-KEY-EC", ALL, ANYT, CHK_KEY_EC, 0, E, 'S', "public key is an EC key (no RSA)" },
	{ "SMPKI-KEY-CURVE", ALL, ANYT, CHK_CURVE_BRAINPOOL, 0, E, 'S',
	  "key curve is brainpoolP256r1, brainpoolP384r1 or brainpoolP512r1" },
	{ "SMPKI-SIG-ALG", ALL, ANYT, CHK_SIG_ALG, 0, E, 'K',
	  "signature algorithm is ecdsa-with-SHA256, -SHA384 or -SHA512" },
	/* extensions: presence and criticality (TR-03109-4 Table 18; the AKI of
	 * non-self-signed CA certificates: RFC 5280 4.2.1.1) */
	{ "SMPKI-EXT-AKI-PRESENT", EE, ANYT, CHK_EXT_PRESENT, SMGW_CERT_EXT_AKI, E, 'S',
	  "authorityKeyIdentifier is present" },
	{ "SMPKI-CA-AKI-PRESENT", SUBCA | CRLS | LINK, ANYT, CHK_EXT_PRESENT, SMGW_CERT_EXT_AKI, E, 'S',
	  "authorityKeyIdentifier is present in sub-CA, CRL-signer and link certificates" },
	{ "SMPKI-EXT-AKI-NONCRIT", ALL, ANYT, CHK_EXT_NONCRITICAL, SMGW_CERT_EXT_AKI, E, 'S',
	  "authorityKeyIdentifier is non-critical" },
	{ "SMPKI-EXT-SKI-PRESENT", ALL, ANYT, CHK_EXT_PRESENT, SMGW_CERT_EXT_SKI, E, 'S',
	  "subjectKeyIdentifier is present" },
	{ "SMPKI-EXT-SKI-NONCRIT", ALL, ANYT, CHK_EXT_NONCRITICAL, SMGW_CERT_EXT_SKI, E, 'S',
	  "subjectKeyIdentifier is non-critical" },
	{ "SMPKI-EXT-KU-PRESENT", ALL, ANYT, CHK_EXT_PRESENT, SMGW_CERT_EXT_KU, E, 'S', "keyUsage is present" },
	{ "SMPKI-EXT-KU-CRITICAL", ALL, ANYT, CHK_EXT_CRITICAL, SMGW_CERT_EXT_KU, E, 'S', "keyUsage is critical" },
	{ "SMPKI-EE-PKUP-ABSENT", EE, ANYT, CHK_EXT_ABSENT, SMGW_CERT_EXT_PKUP, E, 'S',
	  "privateKeyUsagePeriod is absent in end-user certificates" },
	{ "SMPKI-EXT-PKUP-NONCRIT", ALL, ANYT, CHK_EXT_NONCRITICAL, SMGW_CERT_EXT_PKUP, E, 'S',
	  "privateKeyUsagePeriod is non-critical" },
	{ "SMPKI-EXT-POLICIES-PRESENT", ALL, ANYT, CHK_EXT_PRESENT, SMGW_CERT_EXT_POLICIES, E, 'S',
	  "certificatePolicies is present" },
	{ "SMPKI-EXT-POLICIES-NONCRIT", ALL, ANYT, CHK_EXT_NONCRITICAL, SMGW_CERT_EXT_POLICIES, E, 'S',
	  "certificatePolicies is non-critical" },
	{ "SMPKI-POLICY-OID", ALL, ANYT, CHK_POLICY_OID, 0, E, 'S',
	  "certificatePolicies holds the SM-PKI policy " SMGW_PKI_POLICY_OID },
	{ "SMPKI-EE-SAN-REQUIRED", PEERS, ANYT, CHK_EXT_PRESENT, SMGW_CERT_EXT_SAN, E, 'S',
	  "subjectAltName is present in GWA, GWH and EMT certificates" },
	{ "SMPKI-EE-SAN-FORBIDDEN", SMGW, ANYT, CHK_EXT_ABSENT, SMGW_CERT_EXT_SAN, E, 'S',
	  "subjectAltName is absent in SMGW certificates" },
	{ "SMPKI-EXT-SAN-NONCRIT", ALL, ANYT, CHK_EXT_NONCRITICAL, SMGW_CERT_EXT_SAN, E, 'S',
	  "subjectAltName is non-critical" },
	{ "SMPKI-EE-IAN-REQUIRED", EE, ANYT, CHK_EXT_PRESENT, SMGW_CERT_EXT_IAN, E, 'S',
	  "issuerAltName is present in end-user certificates" },
	{ "SMPKI-EXT-IAN-NONCRIT", ALL, ANYT, CHK_EXT_NONCRITICAL, SMGW_CERT_EXT_IAN, E, 'S',
	  "issuerAltName is non-critical" },
	{ "SMPKI-EXT-BC-PRESENT", ALL, ANYT, CHK_EXT_PRESENT, SMGW_CERT_EXT_BC, E, 'S',
	  "basicConstraints is present" },
	{ "SMPKI-EXT-BC-CRITICAL", ALL, ANYT, CHK_EXT_CRITICAL, SMGW_CERT_EXT_BC, E, 'S',
	  "basicConstraints is critical" },
	{ "SMPKI-EE-BC-NOT-CA", EE, ANYT, CHK_CA_FALSE, 0, E, 'S', "end-user certificates are not CA certificates" },
	{ "SMPKI-CA-BC-CA", CAS, ANYT, CHK_CA_TRUE, 0, E, 'S',
	  "root, sub-CA and link certificates have cA TRUE" },
	{ "SMPKI-CRLS-BC-NOT-CA", CRLS, ANYT, CHK_CA_FALSE, 0, W, 'K', "the CRL signer is not a CA certificate" },
	{ "SMPKI-SUBCA-PATHLEN", SUBCA, ANYT, CHK_PATHLEN_ZERO, 0, W, 'K',
	  "sub-CA certificates carry pathLenConstraint 0" },
	{ "SMPKI-EXT-EKU-CRITICAL", ALL, ANYT, CHK_EXT_CRITICAL, SMGW_CERT_EXT_EKU, E, 'S',
	  "extendedKeyUsage, where present, is critical" },
	{ "SMPKI-EE-CRLDP-REQUIRED", EE, ANYT, CHK_EXT_PRESENT, SMGW_CERT_EXT_CRLDP, E, 'S',
	  "cRLDistributionPoints is present in end-user certificates" },
	{ "SMPKI-EXT-CRLDP-NONCRIT", ALL, ANYT, CHK_EXT_NONCRITICAL, SMGW_CERT_EXT_CRLDP, E, 'S',
	  "cRLDistributionPoints is non-critical" },
	/* key usage per role and type */
	{ "SMPKI-KU-CA-CERTSIGN", CAS, ANYT, CHK_KU_REQUIRED, KU_CS, E, 'S',
	  "CA certificates have keyCertSign" },
	{ "SMPKI-KU-CA-CRLSIGN", CAS, ANYT, CHK_KU_REQUIRED, KU_CRL, W, 'K', "CA certificates have cRLSign" },
	{ "SMPKI-KU-CA-ONLY", CAS, ANYT, CHK_KU_FORBIDDEN, KU_NR | KU_KE | KU_DE | KU_KA | KU_EO | KU_DO, W, 'K',
	  "CA certificates have no end-user key usage" },
	{ "SMPKI-KU-CRLS", CRLS, ANYT, CHK_KU_REQUIRED, KU_CRL, E, 'S', "the CRL signer has cRLSign" },
	{ "SMPKI-KU-CRLS-ONLY", CRLS, ANYT, CHK_KU_FORBIDDEN, ~(uint32_t)(KU_CRL | KU_DS), W, 'K',
	  "the CRL signer has no key usage besides cRLSign (and digitalSignature)" },
	{ "SMPKI-KU-EE-NO-CA", EE, ANYT, CHK_KU_FORBIDDEN, KU_CS | KU_CRL, E, 'S',
	  "end-user certificates have neither keyCertSign nor cRLSign" },
	{ "SMPKI-KU-TLS", EE, TLS, CHK_KU_REQUIRED, KU_DS, E, 'K', "TLS certificates have digitalSignature" },
	{ "SMPKI-KU-TLS-ONLY", EE, TLS, CHK_KU_FORBIDDEN, KU_NR | KU_KE | KU_DE | KU_EO | KU_DO, E, 'K',
	  "TLS certificates have no key usage besides digitalSignature (and keyAgreement)" },
	{ "SMPKI-KU-SIG", EE, SIG, CHK_KU_REQUIRED, KU_DS, E, 'K', "SIG certificates have digitalSignature" },
	{ "SMPKI-KU-SIG-ONLY", EE, SIG, CHK_KU_FORBIDDEN, KU_KE | KU_DE | KU_KA | KU_EO | KU_DO, E, 'K',
	  "SIG certificates have no key usage besides digitalSignature (and nonRepudiation)" },
	{ "SMPKI-KU-ENC", EE, ENC, CHK_KU_REQUIRED, KU_KA, E, 'K', "ENC certificates have keyAgreement" },
	{ "SMPKI-KU-ENC-ONLY", EE, ENC, CHK_KU_FORBIDDEN, KU_DS | KU_NR | KU_KE | KU_DE, E, 'K',
	  "ENC certificates have no key usage besides keyAgreement" },
	{ "SMPKI-EKU-TLS", EE, TLS, CHK_EKU_TLS, 0, E, 'K',
	  "TLS certificates have extendedKeyUsage with serverAuth or clientAuth" },
	{ "SMPKI-EKU-NOT-TLS", EE, SIG | ENC, CHK_EKU_NOT_TLS, 0, W, 'K',
	  "SIG and ENC certificates do not carry the TLS purposes serverAuth/clientAuth" },
	/* hierarchy */
	{ "SMPKI-ROOT-SELF-SIGNED", ROOT, ANYT, CHK_SELF_SIGNED, 0, E, 'S',
	  "the root certificate is self-issued and its signature verifies with its own key" },
	{ "SMPKI-NOT-SELF-ISSUED", SUBCA | CRLS | EE, ANYT, CHK_NOT_SELF_ISSUED, 0, E, 'S',
	  "sub-CA, CRL-signer and end-user certificates are issued by another name" },
	{ "SMPKI-LINK-CROSS", LINK, ANYT, CHK_NOT_SELF_ISSUED, 0, E, 'K',
	  "a link certificate names another root (serialNumber) as issuer than as subject" },
};

const size_t smgw__rule_count = sizeof(smgw__rules) / sizeof(smgw__rules[0]);

/* Chain structure: the three-level hierarchy Root-CA -> Sub-CA -> end
 * user (TR-03109-4 / SM-PKI CP, as described by BSI and jzlint), with link
 * certificates of a root rollover between the old root and the new one.
 * These hold whatever pathLenConstraint the CA certificates carry (a
 * root or sub-CA without one would otherwise admit longer chains), and
 * keep a root or link certificate from issuing end users directly. */
const struct smgw__rule smgw__chain_rules[] = {
	{ "SMPKI-CHAIN-EE-ISSUER", EE, 0, CHAIN_ISSUER_ROLE, SUBCA, E, 'S',
	  "end-user certificates are issued by a sub-CA (Root-CA -> Sub-CA -> end user)" },
	{ "SMPKI-CHAIN-SUBCA-ISSUER", SUBCA | CRLS, 0, CHAIN_ISSUER_ROLE, ROOT | LINK, E, 'S',
	  "sub-CA and CRL-signer certificates are issued by the root (in a rollover: through a link certificate)" },
	{ "SMPKI-CHAIN-LINK-ISSUER", LINK, 0, CHAIN_ISSUER_ROLE, ROOT | LINK, E, 'K',
	  "link certificates are issued by a root (or a further link certificate)" },
};

const size_t smgw__chain_rule_count = sizeof(smgw__chain_rules) / sizeof(smgw__chain_rules[0]);

/* CRLs (RFC 5280 section 5; SM-PKI naming and algorithms as above) */
const struct smgw__rule smgw__crl_rules[] = {
	{ "SMPKI-CRL-V2", 0, 0, CRL_V2, 0, E, 'S', "the CRL is version 2" },
	{ "SMPKI-CRL-AKI", 0, 0, CRL_AKI, 0, E, 'S', "the CRL has an authorityKeyIdentifier" },
	{ "SMPKI-CRL-NUMBER", 0, 0, CRL_NUMBER, 0, E, 'S', "the CRL has a cRLNumber" },
	{ "SMPKI-CRL-NEXT-UPDATE", 0, 0, CRL_NEXT_UPDATE, 0, E, 'S', "the CRL has a nextUpdate" },
	{ "SMPKI-CRL-ISSUER-O", 0, 0, CRL_ISSUER_ORG, 0, E, 'S',
	  "the CRL issuer's O is SM-PKI-DE (test PKI: SM-Test-PKI-DE)" },
	{ "SMPKI-CRL-SIG-ALG", 0, 0, CRL_SIG_ALG, 0, E, 'K',
	  "the CRL signature algorithm is ecdsa-with-SHA256, -SHA384 or -SHA512" },
	{ "SMPKI-CRL-ISSUER-SIGNER", 0, 0, CRL_ISSUER_IS_SIGNER, 0, E, 'S',
	  "the CRL issuer is the subject of the signer's certificate" },
	{ "SMPKI-CRL-SIGNER-KU", 0, 0, CRL_SIGNER_KU, 0, E, 'S', "the signer's certificate has cRLSign" },
	{ "SMPKI-CRL-SIGNATURE", 0, 0, CRL_SIGNATURE, 0, E, 'S', "the CRL signature verifies with the signer's key" },
};

const size_t smgw__crl_rule_count = sizeof(smgw__crl_rules) / sizeof(smgw__crl_rules[0]);
