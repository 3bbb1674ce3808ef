/* SPDX-License-Identifier: Apache-2.0 */
/* TR-03109-4 profile checks: the generic checks behind the rule table. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "profile-private.h"

static const char *const role_names[] = { "any", "root", "subca", "crl-signer", "link",
					  "smgw", "gwa", "gwh", "emt" };
static const char *const role_display[] = { "any", "Root", "Sub-CA", "CRL signer", "link",
					    "SMGW", "GWA", "GWH", "EMT" };
static const char *const type_names[] = { "-", "TLS", "SIG", "ENC" };

SMGW_EXPORT const char *smgw_pki_role_name(int role)
{
	if (role < 0 || role > SMGW_PKI_ROLE_EMT)
		return "?";
	return role_display[role];
}

SMGW_EXPORT int smgw_pki_role_from_name(const char *name)
{
	int i;

	if (!name)
		return SMGW_E_NOTFOUND;
	for (i = 1; i <= SMGW_PKI_ROLE_EMT; i++)
		if (strcasecmp(name, role_names[i]) == 0)
			return i;
	if (strcasecmp(name, "sub-ca") == 0)
		return SMGW_PKI_ROLE_SUBCA;
	if (strcasecmp(name, "crls") == 0 || strcasecmp(name, "crl-s") == 0)
		return SMGW_PKI_ROLE_CRL_SIGNER;
	return SMGW_E_NOTFOUND;
}

SMGW_EXPORT const char *smgw_pki_type_name(int type)
{
	if (type < 0 || type > SMGW_PKI_TYPE_ENC)
		return "?";
	return type_names[type];
}

SMGW_EXPORT int smgw_pki_type_from_name(const char *name)
{
	int i;

	if (!name)
		return SMGW_E_NOTFOUND;
	if (strcasecmp(name, "none") == 0)
		return SMGW_PKI_TYPE_NONE;
	for (i = 1; i <= SMGW_PKI_TYPE_ENC; i++)
		if (strcasecmp(name, type_names[i]) == 0)
			return i;
	return SMGW_E_NOTFOUND;
}

SMGW_EXPORT int smgw_pki_profile_rule(size_t index, struct smgw_pki_rule_info *ret_info)
{
	const struct smgw__rule *r;

	if (!ret_info)
		return SMGW_E_INVAL;
	if (index < smgw__rule_count)
		r = &smgw__rules[index];
	else if (index - smgw__rule_count < smgw__crl_rule_count)
		r = &smgw__crl_rules[index - smgw__rule_count];
	else if (index - smgw__rule_count - smgw__crl_rule_count < smgw__chain_rule_count)
		r = &smgw__chain_rules[index - smgw__rule_count - smgw__crl_rule_count];
	else
		return SMGW_E_NOTFOUND;
	ret_info->id = r->id;
	ret_info->text = r->text;
	ret_info->evidence = r->evidence;
	ret_info->severity = r->severity;
	return 0;
}

/* internal flag: the certificate is a configured trust anchor */
#define FLAG_ANCHOR (1u << 31)

/* ---- message helper: vsnprintf, so cut-off text is intended ---- */

static void put(char *buf, size_t cap, const char *fmt, ...) SMGW_PRINTF(3, 4);
static void put(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
}

/* ---- name helpers ---- */

static int attr(X509 *x, int a, char *buf, size_t cap)
{
	size_t n = cap;

	return smgw__name_attr(X509_get_subject_name(x), a, 0, buf, &n);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* <name>.<ROLE> or <name>.<ROLE>.<suffix>; name and suffix non-empty. */
static int ee_cn_ok(const char *cn, const char *role)
{
	size_t rl = strlen(role);
	const char *p;

	for (p = strchr(cn, '.'); p; p = strchr(p + 1, '.')) {
		if (p == cn || strncmp(p + 1, role, rl) != 0)
			continue;
		if (p[1 + rl] == '\0')
			return 1;
		if (p[1 + rl] == '.' && p[2 + rl] != '\0' && !strchr(p + 2 + rl, '.'))
			return 1;
	}
	return 0;
}

static const char *role_suffix(int role)
{
	switch (role) {
	case SMGW_PKI_ROLE_SMGW: return "SMGW";
	case SMGW_PKI_ROLE_GWA: return "GWA";
	case SMGW_PKI_ROLE_GWH: return "GWH";
	case SMGW_PKI_ROLE_EMT: return "EMT";
	default: return NULL;
	}
}

static int policy_present(X509 *x, const char *oid)
{
	CERTIFICATEPOLICIES *cp = X509_get_ext_d2i(x, NID_certificate_policies, NULL, NULL);
	char buf[128];
	int i, found = 0;

	if (!cp)
		return 0;
	for (i = 0; i < sk_POLICYINFO_num(cp) && !found; i++) {
		int n = OBJ_obj2txt(buf, sizeof(buf), sk_POLICYINFO_value(cp, i)->policyid, 1);

		found = n > 0 && (size_t)n < sizeof(buf) && strcmp(buf, oid) == 0;
	}
	CERTIFICATEPOLICIES_free(cp);
	return found;
}

static void ku_text(uint32_t ku, char *buf, size_t cap)
{
	static const char *const names[] = { "digitalSignature", "nonRepudiation", "keyEncipherment",
					     "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign",
					     "encipherOnly", "decipherOnly" };
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < SMGW_ARRAY_SIZE(names); i++) {
		if (!(ku & (1u << i)))
			continue;
		o += (size_t)snprintf(buf + o, cap > o ? cap - o : 0, "%s%s", o ? "," : "", names[i]);
		if (o >= cap)
			break;
	}
	if (!buf[0])
		snprintf(buf, cap, "none");
}

static const char *ext_name(uint32_t bit)
{
	switch (bit) {
	case SMGW_CERT_EXT_AKI: return "authorityKeyIdentifier";
	case SMGW_CERT_EXT_SKI: return "subjectKeyIdentifier";
	case SMGW_CERT_EXT_KU: return "keyUsage";
	case SMGW_CERT_EXT_PKUP: return "privateKeyUsagePeriod";
	case SMGW_CERT_EXT_POLICIES: return "certificatePolicies";
	case SMGW_CERT_EXT_SAN: return "subjectAltName";
	case SMGW_CERT_EXT_IAN: return "issuerAltName";
	case SMGW_CERT_EXT_BC: return "basicConstraints";
	case SMGW_CERT_EXT_EKU: return "extendedKeyUsage";
	case SMGW_CERT_EXT_CRLDP: return "cRLDistributionPoints";
	default: return "extension";
	}
}

/* Runs one rule. Returns 1 if broken (and fills msg), 0 if satisfied. */
static int run_rule(const struct smgw__rule *r, X509 *x, const struct smgw_cert_info *in, int role,
		    uint32_t flags, char *msg, size_t cap)
{
	char v[256], t[160];
	int curve;

	switch (r->check) {
	case CHK_ORG:
		if (attr(x, SMGW_CERT_ATTR_O, v, sizeof(v)) < 0) {
			put(msg, cap, "subject has no O attribute");
			return 1;
		}
		if (strcmp(v, "SM-PKI-DE") == 0)
			return 0;
		if (strcmp(v, "SM-Test-PKI-DE") == 0) {
			if (!(flags & SMGW_PKI_PROFILE_PRODUCTION))
				return 0;
			put(msg, cap, "O=SM-Test-PKI-DE is a test PKI name; production requires O=SM-PKI-DE");
			return 1;
		}
		put(msg, cap, "O=%.120s is neither SM-PKI-DE nor SM-Test-PKI-DE", v);
		return 1;
	case CHK_COUNTRY_PRESENT:
		if (attr(x, SMGW_CERT_ATTR_C, v, sizeof(v)) == 0)
			return 0;
		put(msg, cap, "subject has no C attribute");
		return 1;
	case CHK_COUNTRY_DE:
		if (attr(x, SMGW_CERT_ATTR_C, v, sizeof(v)) < 0 || strcmp(v, "DE") == 0)
			return 0;
		put(msg, cap, "C=%.40s, expected DE", v);
		return 1;
	case CHK_SERIAL_RDN:
		if (attr(x, SMGW_CERT_ATTR_SERIAL, v, sizeof(v)) == 0)
			return 0;
		put(msg, cap, "subject has no serialNumber attribute");
		return 1;
	case CHK_CN_ROLE: {
		int ok;

		if (attr(x, SMGW_CERT_ATTR_CN, v, sizeof(v)) < 0) {
			put(msg, cap, "subject has no CN attribute");
			return 1;
		}
		switch (role) {
		case SMGW_PKI_ROLE_ROOT:
		case SMGW_PKI_ROLE_LINK:
			ok = strcmp(v, "SM-Root.CA") == 0 ||
			     (!(flags & SMGW_PKI_PROFILE_PRODUCTION) && strcmp(v, "SM-Test-Root.CA") == 0);
			put(t, sizeof(t), "%s", (flags & SMGW_PKI_PROFILE_PRODUCTION) ? "SM-Root.CA" :
				 "SM-Root.CA or SM-Test-Root.CA");
			break;
		case SMGW_PKI_ROLE_SUBCA:
			ok = ends_with(v, ".CA") && !ends_with(v, "Root.CA");
			put(t, sizeof(t), "<name>.CA");
			break;
		case SMGW_PKI_ROLE_CRL_SIGNER:
			ok = ends_with(v, ".CRL-S");
			put(t, sizeof(t), "<name>.CRL-S (SM-Root.CA.CRL-S)");
			break;
		default:
			ok = ee_cn_ok(v, role_suffix(role));
			put(t, sizeof(t), "<name>.%s or <name>.%s.<suffix>", role_suffix(role), role_suffix(role));
			break;
		}
		if (ok)
			return 0;
		put(msg, cap, "CN=%.100s does not fit the %s role (expected %s)", v, smgw_pki_role_name(role), t);
		return 1;
	}
	case CHK_VERSION3:
		if (in->version == 3)
			return 0;
		put(msg, cap, "X.509 version %d, expected 3", in->version);
		return 1;
	case CHK_SERIAL_POSITIVE:
		if (!in->serial_negative)
			return 0;
		put(msg, cap, "serial number is zero or negative");
		return 1;
	case CHK_VALIDITY_ORDER:
		if (in->not_before != INT64_MIN && in->not_after != INT64_MIN && in->not_before <= in->not_after)
			return 0;
		put(msg, cap, "validity period is empty or unreadable");
		return 1;
	case CHK_NO_UNKNOWN_CRITICAL:
		if (!(in->ext_critical & SMGW_CERT_EXT_UNKNOWN) ||
		    !(X509_get_extension_flags(x) & EXFLAG_CRITICAL))
			return 0;
		put(msg, cap, "an unrecognised extension is marked critical");
		return 1;
	case CHK_KEY_EC:
		if (in->key_type == SMGW_CERT_KEY_EC)
			return 0;
		put(msg, cap, "public key is %s (%d bits), the SM-PKI uses EC keys only",
			 in->key_type == SMGW_CERT_KEY_RSA ? "RSA" : "not EC", in->key_bits);
		return 1;
	case CHK_CURVE_BRAINPOOL:
		curve = in->curve;
		if (curve == SMGW_CERT_CURVE_BP256 || curve == SMGW_CERT_CURVE_BP384 || curve == SMGW_CERT_CURVE_BP512)
			return 0;
		if (in->key_type != SMGW_CERT_KEY_EC)
			put(msg, cap, "no EC key, so no brainpool curve");
		else
			put(msg, cap, "key curve is %s, the SM-PKI allows brainpoolP256r1/P384r1/P512r1 only",
				 smgw_cert_curve_name(curve));
		return 1;
	case CHK_SIG_ALG:
		if (in->sig_alg == SMGW_CERT_SIG_ECDSA_SHA256 || in->sig_alg == SMGW_CERT_SIG_ECDSA_SHA384 ||
		    in->sig_alg == SMGW_CERT_SIG_ECDSA_SHA512)
			return 0;
		put(msg, cap, "signature algorithm %s is not ECDSA with SHA-256/384/512",
			 OBJ_nid2ln(X509_get_signature_nid(x)));
		return 1;
	case CHK_EXT_PRESENT:
		if (in->ext_present & r->arg)
			return 0;
		put(msg, cap, "%s is missing", ext_name(r->arg));
		return 1;
	case CHK_EXT_ABSENT:
		if (!(in->ext_present & r->arg))
			return 0;
		put(msg, cap, "%s is present but not allowed for %s", ext_name(r->arg), smgw_pki_role_name(role));
		return 1;
	case CHK_EXT_CRITICAL:
		if (!(in->ext_present & r->arg) || (in->ext_critical & r->arg))
			return 0;
		put(msg, cap, "%s is not marked critical", ext_name(r->arg));
		return 1;
	case CHK_EXT_NONCRITICAL:
		if (!(in->ext_critical & r->arg))
			return 0;
		put(msg, cap, "%s is marked critical, must be non-critical", ext_name(r->arg));
		return 1;
	case CHK_POLICY_OID:
		if (!(in->ext_present & SMGW_CERT_EXT_POLICIES) || policy_present(x, SMGW_PKI_POLICY_OID))
			return 0;
		put(msg, cap, "certificatePolicies lacks the SM-PKI policy %s", SMGW_PKI_POLICY_OID);
		return 1;
	case CHK_CA_TRUE:
		if (in->is_ca)
			return 0;
		put(msg, cap, "basicConstraints cA is not TRUE");
		return 1;
	case CHK_CA_FALSE:
		if (!in->is_ca)
			return 0;
		put(msg, cap, "basicConstraints cA is TRUE in a %s certificate", smgw_pki_role_name(role));
		return 1;
	case CHK_PATHLEN_ZERO:
		if (in->path_len == 0)
			return 0;
		if (in->path_len < 0)
			put(msg, cap, "no pathLenConstraint");
		else
			put(msg, cap, "pathLenConstraint %d", in->path_len);
		return 1;
	case CHK_KU_REQUIRED:
		if (!(in->ext_present & SMGW_CERT_EXT_KU) || (in->key_usage & r->arg) == r->arg)
			return 0; /* a missing keyUsage is its own finding */
		ku_text(r->arg & ~in->key_usage, v, sizeof(v));
		ku_text(in->key_usage, t, sizeof(t));
		put(msg, cap, "keyUsage lacks %.100s (has %.100s)", v, t);
		return 1;
	case CHK_KU_FORBIDDEN:
		if (!(in->key_usage & r->arg))
			return 0;
		ku_text(in->key_usage & r->arg, v, sizeof(v));
		put(msg, cap, "keyUsage has %.150s, not allowed here", v);
		return 1;
	case CHK_EKU_TLS:
		if (in->ext_key_usage & (SMGW_CERT_EKU_SERVER_AUTH | SMGW_CERT_EKU_CLIENT_AUTH))
			return 0;
		put(msg, cap, "%s", (in->ext_present & SMGW_CERT_EXT_EKU) ?
			 "extendedKeyUsage has neither serverAuth nor clientAuth" : "extendedKeyUsage is missing");
		return 1;
	case CHK_EKU_NOT_TLS:
		if (!(in->ext_key_usage & (SMGW_CERT_EKU_SERVER_AUTH | SMGW_CERT_EKU_CLIENT_AUTH)))
			return 0;
		put(msg, cap, "extendedKeyUsage has a TLS purpose in a non-TLS certificate");
		return 1;
	case CHK_SELF_SIGNED: {
		EVP_PKEY *pk = X509_get0_pubkey(x);
		int ok;

		if (!in->self_issued) {
			put(msg, cap, "issuer name differs from subject name");
			return 1;
		}
		if (flags & FLAG_ANCHOR)
			return 0; /* a configured trust anchor: trusted as such */
		ERR_set_mark();
		ok = pk && X509_verify(x, pk) == 1;
		ERR_pop_to_mark();
		if (ok)
			return 0;
		put(msg, cap, "self-signature does not verify with the certificate's own key");
		return 1;
	}
	case CHK_NOT_SELF_ISSUED:
		if (!in->self_issued)
			return 0;
		put(msg, cap, "issuer name equals subject name");
		return 1;
	default:
		return 0;
	}
}

int smgw__rule_disabled(const struct smgw_pki_profile_opts *opts, const char *id)
{
	const char *const *p;

	if (!opts || opts->struct_size < offsetof(struct smgw_pki_profile_opts, disabled_rules) + sizeof(void *))
		return 0;
	for (p = opts->disabled_rules; p && *p; p++)
		if (strcmp(*p, id) == 0)
			return 1;
	return 0;
}

int smgw__profile_check_x509(smgw_pki_findings *f, X509 *x, int role, int type,
			     const struct smgw_pki_profile_opts *opts, int depth, int trusted_anchor)
{
	struct smgw_cert_info in;
	uint32_t flags = 0;
	size_t i, before = f->errors;
	char msg[200];
	int rc;

	if (opts && opts->struct_size >= offsetof(struct smgw_pki_profile_opts, flags) + sizeof(uint32_t))
		flags = opts->flags;
	smgw__cert_info(x, &in);
	for (i = 0; i < smgw__rule_count; i++) {
		const struct smgw__rule *r = &smgw__rules[i];

		if (!(r->roles & (1u << role)) || !(r->types & (1u << type)))
			continue;
		if (smgw__rule_disabled(opts, r->id))
			continue;
		if (!run_rule(r, x, &in, role, flags | (trusted_anchor ? FLAG_ANCHOR : 0), msg, sizeof(msg)))
			continue;
		rc = smgw__findings_add(f, r->id, r->severity, depth,
					(r->check == CHK_KU_REQUIRED || r->check == CHK_KU_FORBIDDEN ||
					 r->check == CHK_EKU_TLS || r->check == CHK_EKU_NOT_TLS) ?
					SMGW_E_PKI_USAGE : SMGW_E_PKI_PROFILE, 0, x,
					"%s %s: %s [%c: %s]", smgw_pki_role_name(role), smgw_pki_type_name(type),
					msg, r->evidence, r->text);
		if (rc < 0)
			return rc;
	}
	return (int)(f->errors - before);
}

int smgw__profile_check_issuer(smgw_pki_findings *f, X509 *x, int role, int issuer_role,
			       const struct smgw_pki_profile_opts *opts, int depth)
{
	size_t i, before = f->errors;
	int rc;

	for (i = 0; i < smgw__chain_rule_count; i++) {
		const struct smgw__rule *r = &smgw__chain_rules[i];

		if (!(r->roles & (1u << role)) || (r->arg & (1u << issuer_role)))
			continue;
		if (smgw__rule_disabled(opts, r->id))
			continue;
		rc = smgw__findings_add(f, r->id, r->severity, depth, SMGW_E_PKI_USAGE, 0, x,
					"%s certificate issued by a %s certificate [%c: %s]", role_display[role],
					role_display[issuer_role], r->evidence, r->text);
		if (rc < 0)
			return rc;
	}
	return (int)(f->errors - before);
}

SMGW_EXPORT int smgw_pki_profile_check(smgw_pki *pki, const smgw_cert *cert, int role, int type,
				       const struct smgw_pki_profile_opts *opts, smgw_pki_findings *findings)
{
	if (!pki || !cert || !findings || role <= SMGW_PKI_ROLE_ANY || role > SMGW_PKI_ROLE_EMT ||
	    type < SMGW_PKI_TYPE_NONE || type > SMGW_PKI_TYPE_ENC)
		return SMGW_E_INVAL;
	if ((role >= SMGW_PKI_ROLE_SMGW) != (type != SMGW_PKI_TYPE_NONE))
		return SMGW_E_INVAL;
	return smgw__profile_check_x509(findings, cert->x509, role, type, opts, -1, 0);
}

SMGW_EXPORT int smgw_pki_profile_guess(const smgw_cert *cert, int *ret_role, int *ret_type)
{
	struct smgw_cert_info in;
	char cn[256];
	int role = 0, type = SMGW_PKI_TYPE_NONE, r;

	if (!cert || !ret_role || !ret_type)
		return SMGW_E_INVAL;
	smgw__cert_info(cert->x509, &in);
	if (attr(cert->x509, SMGW_CERT_ATTR_CN, cn, sizeof(cn)) < 0)
		cn[0] = '\0';
	for (r = SMGW_PKI_ROLE_SMGW; r <= SMGW_PKI_ROLE_EMT && !role; r++)
		if (ee_cn_ok(cn, role_suffix(r)))
			role = r;
	if (!role) {
		if (ends_with(cn, ".CRL-S"))
			role = SMGW_PKI_ROLE_CRL_SIGNER;
		else if (in.is_ca && in.self_issued)
			role = SMGW_PKI_ROLE_ROOT;
		else if (in.is_ca && ends_with(cn, "Root.CA"))
			role = SMGW_PKI_ROLE_LINK;
		else if (in.is_ca)
			role = SMGW_PKI_ROLE_SUBCA;
		else
			return SMGW_E_NOTFOUND;
	}
	if (role >= SMGW_PKI_ROLE_SMGW) {
		if (in.ext_key_usage & (SMGW_CERT_EKU_SERVER_AUTH | SMGW_CERT_EKU_CLIENT_AUTH))
			type = SMGW_PKI_TYPE_TLS;
		else if ((in.key_usage & SMGW_CERT_KU_KEY_AGREEMENT) && !(in.key_usage & SMGW_CERT_KU_DIGITAL_SIGNATURE))
			type = SMGW_PKI_TYPE_ENC;
		else
			type = SMGW_PKI_TYPE_SIG;
	}
	*ret_role = role;
	*ret_type = type;
	return 0;
}

/* ---- CRLs ---- */

static int run_crl_rule(const struct smgw__rule *r, X509_CRL *crl, X509 *signer, uint32_t flags, char *msg,
			size_t cap)
{
	char v[256];
	size_t n = sizeof(v);
	int alg;

	switch (r->check) {
	case CRL_V2:
		if (X509_CRL_get_version(crl) == X509_CRL_VERSION_2)
			return 0;
		put(msg, cap, "CRL version %ld, expected 2", X509_CRL_get_version(crl) + 1);
		return 1;
	case CRL_AKI:
		if (X509_CRL_get_ext_by_NID(crl, NID_authority_key_identifier, -1) >= 0)
			return 0;
		put(msg, cap, "authorityKeyIdentifier is missing");
		return 1;
	case CRL_NUMBER:
		if (X509_CRL_get_ext_by_NID(crl, NID_crl_number, -1) >= 0)
			return 0;
		put(msg, cap, "cRLNumber is missing");
		return 1;
	case CRL_NEXT_UPDATE:
		if (X509_CRL_get0_nextUpdate(crl))
			return 0;
		put(msg, cap, "nextUpdate is missing");
		return 1;
	case CRL_ISSUER_ORG:
		if (smgw__name_attr(X509_CRL_get_issuer(crl), SMGW_CERT_ATTR_O, 0, v, &n) < 0) {
			put(msg, cap, "CRL issuer has no O attribute");
			return 1;
		}
		if (strcmp(v, "SM-PKI-DE") == 0 ||
		    (strcmp(v, "SM-Test-PKI-DE") == 0 && !(flags & SMGW_PKI_PROFILE_PRODUCTION)))
			return 0;
		put(msg, cap, "CRL issuer O=%.120s", v);
		return 1;
	case CRL_SIG_ALG:
		alg = smgw__sig_alg_from_nid(X509_CRL_get_signature_nid(crl));
		if (alg == SMGW_CERT_SIG_ECDSA_SHA256 || alg == SMGW_CERT_SIG_ECDSA_SHA384 ||
		    alg == SMGW_CERT_SIG_ECDSA_SHA512)
			return 0;
		put(msg, cap, "CRL signature algorithm %s is not ECDSA with SHA-256/384/512",
		    OBJ_nid2ln(X509_CRL_get_signature_nid(crl)));
		return 1;
	case CRL_ISSUER_IS_SIGNER:
		if (!signer || X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(signer)) == 0)
			return 0;
		put(msg, cap, "the CRL issuer differs from the signer certificate's subject");
		return 1;
	case CRL_SIGNER_KU:
		if (!signer || ((X509_get_extension_flags(signer) & EXFLAG_KUSAGE) &&
				(X509_get_key_usage(signer) & KU_CRL_SIGN)))
			return 0;
		put(msg, cap, "the signer's certificate lacks keyUsage cRLSign");
		return 1;
	case CRL_SIGNATURE: {
		EVP_PKEY *pk = signer ? X509_get0_pubkey(signer) : NULL;
		int ok;

		if (!signer)
			return 0;
		ERR_set_mark();
		ok = pk && X509_CRL_verify(crl, pk) == 1;
		ERR_pop_to_mark();
		if (ok)
			return 0;
		put(msg, cap, "the CRL signature does not verify with the signer's key");
		return 1;
	}
	default:
		return 0;
	}
}

SMGW_EXPORT int smgw_pki_crl_check(smgw_pki *pki, const smgw_crl *crl, const smgw_cert *signer,
				   const struct smgw_pki_profile_opts *opts, smgw_pki_findings *findings)
{
	uint32_t flags = 0;
	size_t i, before;
	char msg[200];
	int rc;

	if (!pki || !crl || !findings)
		return SMGW_E_INVAL;
	if (opts && opts->struct_size >= offsetof(struct smgw_pki_profile_opts, flags) + sizeof(uint32_t))
		flags = opts->flags;
	before = findings->errors;
	for (i = 0; i < smgw__crl_rule_count; i++) {
		const struct smgw__rule *r = &smgw__crl_rules[i];

		if (smgw__rule_disabled(opts, r->id))
			continue;
		if (!run_crl_rule(r, crl->crl, signer ? signer->x509 : NULL, flags, msg, sizeof(msg)))
			continue;
		rc = smgw__findings_add(findings, r->id, r->severity, -1,
					r->check == CRL_SIGNATURE ? SMGW_E_PKI_SIGNATURE : SMGW_E_PKI_PROFILE, 0, NULL,
					"CRL: %s [%c: %s]", msg, r->evidence, r->text);
		if (rc < 0)
			return rc;
	}
	return (int)(findings->errors - before);
}
