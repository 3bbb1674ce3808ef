/* SPDX-License-Identifier: Apache-2.0 */
/* TR-03109-4 profile checks: every certificate of the generated test PKI
 * conforms to its role and type; every rule of the rule table, broken on
 * purpose, is reported (and nothing else that the break does not imply);
 * all findings are returned, not only the first. */
#include "cert-test-util.h"

struct pcase {
	const char *rule;        /* the rule this case breaks */
	int role, type;
	void (*mutate)(struct smgw__cert_spec *s);
	const char *issuer;      /* NULL: "subca"; "-": self-signed */
};

#define M(name, body) static void name(struct smgw__cert_spec *s) { body; }
M(m_org, s->o = "ACME Corp")
M(m_no_c, s->c = NULL)
M(m_c_at, s->c = "AT")
M(m_no_serial_rdn, s->serial_rdn = NULL)
M(m_cn_wrong_role, s->cn = "TESTGWA.EMT")
M(m_cn_root, s->cn = "SM-Root-Fake.CA")
M(m_cn_subca, s->cn = "SMGW-Test-Sub")
M(m_cn_crls, s->cn = "SM-Test-Root.CA.CRL")
M(m_v1, s->version = 1)
M(m_serial0, s->serial = 0)
M(m_validity, s->not_after = s->not_before - 1000)
M(m_unknown_crit, s->unknown_critical = 1)
M(m_rsa, s->rsa_bits = 2048)
M(m_p384, s->curve = SMGW_CERT_CURVE_P384)
M(m_sha224, s->md = "SHA224")
M(m_no_aki, s->omit |= SMGW_CERT_EXT_AKI)
M(m_aki_crit, s->flip |= SMGW_CERT_EXT_AKI)
M(m_no_ski, s->omit |= SMGW_CERT_EXT_SKI)
M(m_ski_crit, s->flip |= SMGW_CERT_EXT_SKI)
M(m_no_ku, s->omit |= SMGW_CERT_EXT_KU)
M(m_ku_noncrit, s->flip |= SMGW_CERT_EXT_KU)
M(m_pkup, s->pkup = 1)
M(m_pkup_crit, s->pkup = 1; s->flip |= SMGW_CERT_EXT_PKUP)
M(m_no_pol, s->policy = NULL)
M(m_pol_crit, s->flip |= SMGW_CERT_EXT_POLICIES)
M(m_pol_other, s->policy = "1.3.6.1.4.1.99999.2")
M(m_no_san, s->san = NULL)
M(m_san, s->san = "URI:https://smgw.example")
M(m_san_crit, s->flip |= SMGW_CERT_EXT_SAN)
M(m_no_ian, s->ian = NULL)
M(m_ian_crit, s->flip |= SMGW_CERT_EXT_IAN)
M(m_no_bc, s->omit |= SMGW_CERT_EXT_BC)
M(m_bc_noncrit, s->flip |= SMGW_CERT_EXT_BC)
M(m_ee_ca, s->ca = 1)
M(m_ca_false, s->ca = 0; s->pathlen = -1)
M(m_crls_ca, s->ca = 1)
M(m_no_pathlen, s->pathlen = -1)
M(m_eku_noncrit, s->flip |= SMGW_CERT_EXT_EKU)
M(m_no_crldp, s->crldp = NULL)
M(m_crldp_crit, s->flip |= SMGW_CERT_EXT_CRLDP)
M(m_ca_no_certsign, s->ku = SMGW_CERT_KU_CRL_SIGN)
M(m_ca_no_crlsign, s->ku = SMGW_CERT_KU_KEY_CERT_SIGN)
M(m_ca_ee_ku, s->ku |= SMGW_CERT_KU_KEY_AGREEMENT)
M(m_crls_no_crlsign, s->ku = SMGW_CERT_KU_DIGITAL_SIGNATURE)
M(m_crls_certsign, s->ku |= SMGW_CERT_KU_KEY_CERT_SIGN)
M(m_ee_certsign, s->ku |= SMGW_CERT_KU_KEY_CERT_SIGN)
M(m_tls_ka_only, s->ku = SMGW_CERT_KU_KEY_AGREEMENT)
M(m_tls_keyenc, s->ku |= SMGW_CERT_KU_KEY_ENCIPHERMENT)
M(m_sig_nr_only, s->ku = SMGW_CERT_KU_NON_REPUDIATION)
M(m_sig_ka, s->ku |= SMGW_CERT_KU_KEY_AGREEMENT)
M(m_enc_ds_only, s->ku = SMGW_CERT_KU_DIGITAL_SIGNATURE)
M(m_enc_ds, s->ku |= SMGW_CERT_KU_DIGITAL_SIGNATURE)
M(m_no_eku, s->eku = 0)
M(m_eku_email, s->eku = SMGW_CERT_EKU_EMAIL)
M(m_tls_eku, s->eku = SMGW_CERT_EKU_CLIENT_AUTH)
M(m_none, (void)s)

#define GWA SMGW_PKI_ROLE_GWA
#define EMT SMGW_PKI_ROLE_EMT
#define SMGW SMGW_PKI_ROLE_SMGW
#define GWH SMGW_PKI_ROLE_GWH
#define TLS SMGW_PKI_TYPE_TLS
#define SIG SMGW_PKI_TYPE_SIG
#define ENC SMGW_PKI_TYPE_ENC
#define NONE SMGW_PKI_TYPE_NONE
#define ROOT SMGW_PKI_ROLE_ROOT
#define SUBCA SMGW_PKI_ROLE_SUBCA
#define CRLS SMGW_PKI_ROLE_CRL_SIGNER

static const struct pcase cases[] = {
	{ "SMPKI-NAME-O", GWA, TLS, m_org, NULL },
	{ "SMPKI-NAME-C", EMT, SIG, m_no_c, NULL },
	{ "SMPKI-NAME-C-DE", EMT, SIG, m_c_at, NULL },
	{ "SMPKI-NAME-SERIAL", SUBCA, NONE, m_no_serial_rdn, "root" },
	{ "SMPKI-NAME-SERIAL-EE", GWH, ENC, m_no_serial_rdn, NULL },
	{ "SMPKI-NAME-CN", GWA, TLS, m_cn_wrong_role, NULL },
	{ "SMPKI-NAME-CN", ROOT, NONE, m_cn_root, "-" },
	{ "SMPKI-NAME-CN", SUBCA, NONE, m_cn_subca, "root" },
	{ "SMPKI-NAME-CN", CRLS, NONE, m_cn_crls, "root" },
	{ "SMPKI-X509-V3", SMGW, SIG, m_v1, NULL },
	{ "SMPKI-X509-SERIAL", SMGW, SIG, m_serial0, NULL },
	{ "SMPKI-X509-VALIDITY", SMGW, SIG, m_validity, NULL },
	{ "SMPKI-X509-UNKNOWN-CRITICAL", GWH, SIG, m_unknown_crit, NULL },
	{ "SMPKI-KEY-EC", EMT, ENC, m_rsa, NULL },
	{ "SMPKI-KEY-CURVE", EMT, ENC, m_p384, NULL },
	{ "SMPKI-SIG-ALG", EMT, SIG, m_sha224, NULL },
	{ "SMPKI-EXT-AKI-PRESENT", GWA, SIG, m_no_aki, NULL },
	{ "SMPKI-CA-AKI-PRESENT", SUBCA, NONE, m_no_aki, "root" },
	{ "SMPKI-EXT-AKI-NONCRIT", GWA, SIG, m_aki_crit, NULL },
	{ "SMPKI-EXT-SKI-PRESENT", GWA, SIG, m_no_ski, NULL },
	{ "SMPKI-EXT-SKI-NONCRIT", GWA, SIG, m_ski_crit, NULL },
	{ "SMPKI-EXT-KU-PRESENT", GWA, ENC, m_no_ku, NULL },
	{ "SMPKI-EXT-KU-CRITICAL", GWA, ENC, m_ku_noncrit, NULL },
	{ "SMPKI-EE-PKUP-ABSENT", SMGW, TLS, m_pkup, NULL },
	{ "SMPKI-EXT-PKUP-NONCRIT", SUBCA, NONE, m_pkup_crit, "root" },
	{ "SMPKI-EXT-POLICIES-PRESENT", GWH, TLS, m_no_pol, NULL },
	{ "SMPKI-EXT-POLICIES-NONCRIT", GWH, TLS, m_pol_crit, NULL },
	{ "SMPKI-POLICY-OID", GWH, TLS, m_pol_other, NULL },
	{ "SMPKI-EE-SAN-REQUIRED", EMT, TLS, m_no_san, NULL },
	{ "SMPKI-EE-SAN-FORBIDDEN", SMGW, TLS, m_san, NULL },
	{ "SMPKI-EXT-SAN-NONCRIT", EMT, TLS, m_san_crit, NULL },
	{ "SMPKI-EE-IAN-REQUIRED", EMT, SIG, m_no_ian, NULL },
	{ "SMPKI-EXT-IAN-NONCRIT", EMT, SIG, m_ian_crit, NULL },
	{ "SMPKI-EXT-BC-PRESENT", GWA, ENC, m_no_bc, NULL },
	{ "SMPKI-EXT-BC-CRITICAL", GWA, ENC, m_bc_noncrit, NULL },
	{ "SMPKI-EE-BC-NOT-CA", GWA, ENC, m_ee_ca, NULL },
	{ "SMPKI-CA-BC-CA", SUBCA, NONE, m_ca_false, "root" },
	{ "SMPKI-CRLS-BC-NOT-CA", CRLS, NONE, m_crls_ca, "root" },
	{ "SMPKI-SUBCA-PATHLEN", SUBCA, NONE, m_no_pathlen, "root" },
	{ "SMPKI-EXT-EKU-CRITICAL", GWA, TLS, m_eku_noncrit, NULL },
	{ "SMPKI-EE-CRLDP-REQUIRED", GWA, TLS, m_no_crldp, NULL },
	{ "SMPKI-EXT-CRLDP-NONCRIT", GWA, TLS, m_crldp_crit, NULL },
	{ "SMPKI-KU-CA-CERTSIGN", SUBCA, NONE, m_ca_no_certsign, "root" },
	{ "SMPKI-KU-CA-CRLSIGN", SUBCA, NONE, m_ca_no_crlsign, "root" },
	{ "SMPKI-KU-CA-ONLY", SUBCA, NONE, m_ca_ee_ku, "root" },
	{ "SMPKI-KU-CRLS", CRLS, NONE, m_crls_no_crlsign, "root" },
	{ "SMPKI-KU-CRLS-ONLY", CRLS, NONE, m_crls_certsign, "root" },
	{ "SMPKI-KU-EE-NO-CA", SMGW, SIG, m_ee_certsign, NULL },
	{ "SMPKI-KU-TLS", SMGW, TLS, m_tls_ka_only, NULL },
	{ "SMPKI-KU-TLS-ONLY", SMGW, TLS, m_tls_keyenc, NULL },
	{ "SMPKI-KU-SIG", GWH, SIG, m_sig_nr_only, NULL },
	{ "SMPKI-KU-SIG-ONLY", GWH, SIG, m_sig_ka, NULL },
	{ "SMPKI-KU-ENC", EMT, ENC, m_enc_ds_only, NULL },
	{ "SMPKI-KU-ENC-ONLY", EMT, ENC, m_enc_ds, NULL },
	{ "SMPKI-EKU-TLS", EMT, TLS, m_no_eku, NULL },
	{ "SMPKI-EKU-TLS", EMT, TLS, m_eku_email, NULL },
	{ "SMPKI-EKU-NOT-TLS", EMT, SIG, m_tls_eku, NULL },
	{ "SMPKI-ROOT-SELF-SIGNED", ROOT, NONE, m_none, "root" },
	{ "SMPKI-NOT-SELF-ISSUED", GWA, SIG, m_none, "-" },
	{ "SMPKI-LINK-CROSS", SMGW_PKI_ROLE_LINK, NONE, m_none, "-" },
};

/* Rules a break implies besides the one it targets. */
static int implied(const char *target, const char *found)
{
	static const char *const pairs[][2] = {
		{ "SMPKI-X509-V3", "*" },                 /* no extensions at all */
		{ "SMPKI-KEY-EC", "SMPKI-KEY-CURVE" },
		{ "SMPKI-KU-ENC", "SMPKI-KU-ENC-ONLY" },
		{ "SMPKI-KU-TLS", "SMPKI-KU-TLS-ONLY" },
		{ "SMPKI-NAME-CN", "SMPKI-ROOT-SELF-SIGNED" },
		{ "SMPKI-ROOT-SELF-SIGNED", "SMPKI-CA-BC-CA" },
		{ "SMPKI-ROOT-SELF-SIGNED", "SMPKI-NAME-CN" },
		{ "SMPKI-ROOT-SELF-SIGNED", "SMPKI-KU-CA-CERTSIGN" },
		{ "SMPKI-ROOT-SELF-SIGNED", "SMPKI-KU-CA-CRLSIGN" },
		{ "SMPKI-ROOT-SELF-SIGNED", "SMPKI-KU-CA-ONLY" },
		{ "SMPKI-CRLS-BC-NOT-CA", "*" },
		{ "SMPKI-EE-BC-NOT-CA", "*" },
		{ "SMPKI-CA-BC-CA", "SMPKI-SUBCA-PATHLEN" },
		{ "SMPKI-NAME-CN", "SMPKI-NOT-SELF-ISSUED" },
	};
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (strcmp(pairs[i][0], target) == 0 && (strcmp(pairs[i][1], "*") == 0 || strcmp(pairs[i][1], found) == 0))
			return 1;
	return strcmp(target, found) == 0;
}

static void spec_base(struct smgw__cert_spec *s, int role, int type, uint64_t serial)
{
	const char *cn;

	switch (role) {
	case ROOT:
	case SMGW_PKI_ROLE_LINK: cn = "SM-Test-Root.CA"; break;
	case SUBCA: cn = "SMGW-Test-Other.CA"; break;
	case CRLS: cn = "SM-Test-Root.CA.CRL-S"; break;
	case SMGW: cn = "ETEST0000000099.SMGW"; break;
	case GWA: cn = "TESTGWA.GWA"; break;
	case GWH: cn = "TESTGWH.GWH"; break;
	default: cn = "TESTEMT.EMT"; break;
	}
	smgw__testpki_spec_for(s, role, type, cn, "7", TP_NOT_BEFORE, TP_NOT_BEFORE + 365 * DAY_MS, serial);
	if (role <= SMGW_PKI_ROLE_LINK)
		s->curve = SMGW_CERT_CURVE_BP384;
}

static void test_generated_pki_conforms(void **state)
{
	struct fixture *fx = *state;
	size_t i;

	for (i = 0; i < smgw_testpki_count(fx->tp); i++) {
		struct smgw_testpki_item it;

		assert_int_equal(smgw_testpki_get(fx->tp, i, &it), 0);
		if (!it.cert)
			continue;
		smgw_pki_findings_clear(fx->f);
		assert_int_equal(smgw_pki_profile_check(fx->pki, it.cert, it.role, it.type, NULL, fx->f), 0);
		if (smgw_pki_findings_count(fx->f)) {
			print_message("# %s\n", it.name);
			print_findings(fx->f);
		}
		assert_int_equal(smgw_pki_findings_count(fx->f), 0);
		/* and the guess from name and key usage gives the role back */
		{
			int role = -1, type = -1;

			assert_int_equal(smgw_pki_profile_guess(it.cert, &role, &type), 0);
			assert_int_equal(role, it.role);
			assert_int_equal(type, it.type);
		}
	}
}

static void test_every_rule_broken(void **state)
{
	struct fixture *fx = *state;
	size_t i, r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct pcase *pc = &cases[i];
		struct smgw__cert_spec s;
		smgw_cert *c;
		size_t k;
		int rc;

		spec_base(&s, pc->role, pc->type, 500 + i);
		if (pc->issuer && strcmp(pc->issuer, "root") == 0 && pc->role == ROOT) {
			/* the root rule: check a sub-CA certificate as if it were a root */
			spec_base(&s, SUBCA, NONE, 500 + i);
			s.cn = "SM-Test-Root.CA";
		}
		pc->mutate(&s);
		c = issue(fx, &s, pc->issuer ? (strcmp(pc->issuer, "-") == 0 ? NULL : pc->issuer) : "subca");
		smgw_pki_findings_clear(fx->f);
		rc = smgw_pki_profile_check(fx->pki, c, pc->role, pc->type, NULL, fx->f);
		if (!smgw_pki_findings_find(fx->f, pc->rule)) {
			print_message("# case %zu (%s): not reported; findings:\n", i, pc->rule);
			print_findings(fx->f);
		}
		assert_non_null(smgw_pki_findings_find(fx->f, pc->rule));
		/* nothing else is reported than the break implies */
		for (k = 0; k < smgw_pki_findings_count(fx->f); k++) {
			const struct smgw_pki_finding *it = smgw_pki_findings_get(fx->f, k);

			if (!implied(pc->rule, it->rule_id)) {
				print_message("# case %zu (%s): unexpected %s: %s\n", i, pc->rule, it->rule_id, it->message);
				fail();
			}
			assert_int_equal(it->depth, -1);
			assert_true(it->message[0] != '\0');
			assert_non_null(strstr(it->subject, "CN="));
		}
		if (smgw_pki_findings_find(fx->f, pc->rule)->severity == SMGW_PKI_SEV_ERROR)
			assert_true(rc >= 1);
		smgw_cert_free(c);
	}
	/* coverage: every rule of the table is broken by at least one case */
	for (r = 0;; r++) {
		struct smgw_pki_rule_info ri;
		int found = 0;

		if (smgw_pki_profile_rule(r, &ri) == SMGW_E_NOTFOUND)
			break;
		if (strncmp(ri.id, "SMPKI-CRL-", 10) == 0)
			continue; /* test_crl_rules */
		if (strncmp(ri.id, "SMPKI-CHAIN-", 12) == 0)
			continue; /* test_chain_attacks.c */
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			found |= strcmp(cases[i].rule, ri.id) == 0;
		if (!found)
			print_message("# rule %s has no test case\n", ri.id);
		assert_true(found);
		assert_true(ri.evidence == 'S' || ri.evidence == 'K');
		assert_non_null(ri.text);
	}
	assert_true(r >= 50);
}

static void test_all_findings_returned(void **state)
{
	struct fixture *fx = *state;
	struct smgw__cert_spec s;
	smgw_cert *c;

	/* five independent breaks in one certificate: five findings */
	spec_base(&s, SMGW, TLS, 900);
	s.o = "Other";
	s.san = "DNS:smgw.example";
	s.curve = SMGW_CERT_CURVE_P256;
	s.omit |= SMGW_CERT_EXT_CRLDP;
	s.flip |= SMGW_CERT_EXT_KU;
	c = issue(fx, &s, "subca");
	smgw_pki_findings_clear(fx->f);
	assert_int_equal(smgw_pki_profile_check(fx->pki, c, SMGW, TLS, NULL, fx->f), 5);
	assert_int_equal(smgw_pki_findings_count(fx->f), 5);
	assert_int_equal(smgw_pki_findings_errors(fx->f), 5);
	assert_non_null(smgw_pki_findings_find(fx->f, "SMPKI-NAME-O"));
	assert_non_null(smgw_pki_findings_find(fx->f, "SMPKI-EE-SAN-FORBIDDEN"));
	assert_non_null(smgw_pki_findings_find(fx->f, "SMPKI-KEY-CURVE"));
	assert_non_null(smgw_pki_findings_find(fx->f, "SMPKI-EE-CRLDP-REQUIRED"));
	assert_non_null(smgw_pki_findings_find(fx->f, "SMPKI-EXT-KU-CRITICAL"));
	assert_int_equal(smgw_pki_findings_find(fx->f, "SMPKI-KEY-CURVE")->code, SMGW_E_PKI_PROFILE);
	/* switched off by identifier */
	{
		static const char *const off[] = { "SMPKI-KEY-CURVE", "SMPKI-NAME-O", NULL };
		struct smgw_pki_profile_opts o = { sizeof(o), 0, off };

		smgw_pki_findings_clear(fx->f);
		assert_int_equal(smgw_pki_profile_check(fx->pki, c, SMGW, TLS, &o, fx->f), 3);
		assert_null(smgw_pki_findings_find(fx->f, "SMPKI-KEY-CURVE"));
	}
	smgw_cert_free(c);
}

static void test_production_names(void **state)
{
	struct fixture *fx = *state;
	struct smgw_pki_profile_opts o = { sizeof(o), SMGW_PKI_PROFILE_PRODUCTION, NULL };
	struct smgw__cert_spec s;
	smgw_cert *c;

	smgw_pki_findings_clear(fx->f);
	assert_int_equal(smgw_pki_profile_check(fx->pki, smgw_testpki_cert(fx->tp, "gwa-tls"), GWA, TLS, &o, fx->f), 1);
	assert_non_null(smgw_pki_findings_find(fx->f, "SMPKI-NAME-O"));
	smgw_pki_findings_clear(fx->f);
	assert_int_equal(smgw_pki_profile_check(fx->pki, smgw_testpki_cert(fx->tp, "root"), ROOT, NONE, &o, fx->f), 2);
	assert_non_null(smgw_pki_findings_find(fx->f, "SMPKI-NAME-CN"));
	/* a production-named end user passes */
	spec_base(&s, EMT, ENC, 901);
	s.o = "SM-PKI-DE";
	s.cn = "ORG.EMT.EXT"; /* the jzlint example name, with a suffix */
	c = issue(fx, &s, "subca");
	smgw_pki_findings_clear(fx->f);
	assert_int_equal(smgw_pki_profile_check(fx->pki, c, EMT, ENC, &o, fx->f), 0);
	smgw_cert_free(c);
}

/* Re-signs a modified CRL with a test-PKI key and loads it back from DER. */
static smgw_crl *resign(struct fixture *fx, X509_CRL *x, const char *key, const char *md)
{
	EVP_MD *m = EVP_MD_fetch(smgw_pki_libctx(fx->pki), md, NULL);
	unsigned char *der = NULL;
	smgw_crl *c = NULL;
	int n;

	assert_non_null(m);
	assert_true(X509_CRL_sign(x, smgw__testpki_key(fx->tp, key), m) > 0);
	n = i2d_X509_CRL(x, &der);
	assert_true(n > 0);
	assert_int_equal(smgw_crl_parse(fx->pki, der, (size_t)n, NULL, &c, NULL), 0);
	OPENSSL_free(der);
	EVP_MD_free(m);
	X509_CRL_free(x);
	return c;
}

static void expect_only(struct fixture *fx, const smgw_crl *crl, const smgw_cert *signer, const char *rule,
			const char *also)
{
	size_t k;

	smgw_pki_findings_clear(fx->f);
	assert_true(smgw_pki_crl_check(fx->pki, crl, signer, NULL, fx->f) >= 1);
	if (!smgw_pki_findings_find(fx->f, rule))
		print_findings(fx->f);
	assert_non_null(smgw_pki_findings_find(fx->f, rule));
	for (k = 0; k < smgw_pki_findings_count(fx->f); k++) {
		const char *id = smgw_pki_findings_get(fx->f, k)->rule_id;

		if (strcmp(id, rule) != 0 && (!also || strcmp(id, also) != 0)) {
			print_message("# %s: unexpected %s\n", rule, id);
			fail();
		}
	}
}

static void test_crl_rules(void **state)
{
	struct fixture *fx = *state;
	const smgw_crl *sc = smgw_testpki_crl(fx->tp, "subca.crl");
	const smgw_cert *subca = smgw_testpki_cert(fx->tp, "subca");
	const char *seen[16];
	size_t n_seen = 0, r;
	X509_CRL *x;
	smgw_crl *c;

	/* the generated CRLs conform, with their signers */
	smgw_pki_findings_clear(fx->f);
	assert_int_equal(smgw_pki_crl_check(fx->pki, sc, subca, NULL, fx->f), 0);
	assert_int_equal(smgw_pki_crl_check(fx->pki, smgw_testpki_crl(fx->tp, "root.crl"),
					    smgw_testpki_cert(fx->tp, "crl-signer"), NULL, fx->f), 0);
	assert_int_equal(smgw_pki_findings_count(fx->f), 0);
	/* and the openssl-made one with the openssl-made sub-CA */
	{
		size_t n = 0;
		uint8_t *b = read_data("openssl/subca.crl.der", &n);
		smgw_cert *os = load_data_cert(fx->pki, "openssl/subca.pem");
		smgw_crl *oc = NULL;

		assert_int_equal(smgw_crl_parse(fx->pki, b, n, NULL, &oc, NULL), 0);
		assert_int_equal(smgw_pki_crl_check(fx->pki, oc, os, NULL, fx->f), 0);
		smgw_crl_free(oc);
		smgw_cert_free(os);
		free(b);
	}

#define SEEN(id) (seen[n_seen++] = (id))
	x = X509_CRL_dup(smgw_crl_x509_crl(sc));
	X509_CRL_set_version(x, X509_CRL_VERSION_1);
	c = resign(fx, x, "subca", "SHA256");
	expect_only(fx, c, subca, SEEN("SMPKI-CRL-V2"), NULL);
	smgw_crl_free(c);

	x = X509_CRL_dup(smgw_crl_x509_crl(sc));
	X509_EXTENSION_free(X509_CRL_delete_ext(x, X509_CRL_get_ext_by_NID(x, NID_authority_key_identifier, -1)));
	c = resign(fx, x, "subca", "SHA256");
	expect_only(fx, c, subca, SEEN("SMPKI-CRL-AKI"), NULL);
	smgw_crl_free(c);

	x = X509_CRL_dup(smgw_crl_x509_crl(sc));
	X509_EXTENSION_free(X509_CRL_delete_ext(x, X509_CRL_get_ext_by_NID(x, NID_crl_number, -1)));
	c = resign(fx, x, "subca", "SHA256");
	expect_only(fx, c, subca, SEEN("SMPKI-CRL-NUMBER"), NULL);
	smgw_crl_free(c);

	{
		X509_CRL *nx = NULL;

		assert_int_equal(smgw__testpki_crl(fx->pki, smgw_cert_x509(subca), smgw_cert_x509(subca),
						   smgw__testpki_key(fx->tp, "subca"), 0, NULL, 0, TP_NOT_BEFORE,
						   INT64_MIN, "SHA256", &nx), 0);
		c = resign(fx, nx, "subca", "SHA256");
		expect_only(fx, c, subca, SEEN("SMPKI-CRL-NEXT-UPDATE"), NULL);
		smgw_crl_free(c);
	}

	x = X509_CRL_dup(smgw_crl_x509_crl(sc));
	{
		X509_NAME *nm = X509_NAME_dup(X509_CRL_get_issuer(x));
		int pos = X509_NAME_get_index_by_NID(nm, NID_organizationName, -1);

		X509_NAME_ENTRY_free(X509_NAME_delete_entry(nm, pos));
		X509_NAME_add_entry_by_txt(nm, "O", MBSTRING_ASC, (const unsigned char *)"ACME", -1, -1, 0);
		X509_CRL_set_issuer_name(x, nm);
		X509_NAME_free(nm);
	}
	c = resign(fx, x, "subca", "SHA256");
	expect_only(fx, c, subca, SEEN("SMPKI-CRL-ISSUER-O"), "SMPKI-CRL-ISSUER-SIGNER");
	smgw_crl_free(c);

	x = X509_CRL_dup(smgw_crl_x509_crl(sc));
	c = resign(fx, x, "subca", "SHA224");
	expect_only(fx, c, subca, SEEN("SMPKI-CRL-SIG-ALG"), NULL);
	smgw_crl_free(c);

	/* the sub-CA's CRL with the root as signer */
	expect_only(fx, sc, smgw_testpki_cert(fx->tp, "root"), SEEN("SMPKI-CRL-ISSUER-SIGNER"), "SMPKI-CRL-SIGNATURE");

	/* a signer certificate with the sub-CA's name and key but without cRLSign */
	{
		struct smgw__cert_spec s;
		smgw_cert *nosign;

		smgw__testpki_spec_for(&s, SMGW_PKI_ROLE_SUBCA, NONE, "SMGW-Test-Sub.CA", "1", TP_NOT_BEFORE,
				       TP_NOT_BEFORE + 365 * DAY_MS, 950);
		s.key = smgw__testpki_key(fx->tp, "subca");
		s.ku = SMGW_CERT_KU_KEY_CERT_SIGN;
		nosign = issue(fx, &s, "root");
		expect_only(fx, sc, nosign, SEEN("SMPKI-CRL-SIGNER-KU"), NULL);
		smgw_cert_free(nosign);
	}

	{
		unsigned char *der = NULL;
		int n = i2d_X509_CRL(smgw_crl_x509_crl(sc), &der);

		der[n - 3] ^= 1;
		assert_int_equal(smgw_crl_parse(fx->pki, der, (size_t)n, NULL, &c, NULL), 0);
		OPENSSL_free(der);
		expect_only(fx, c, subca, SEEN("SMPKI-CRL-SIGNATURE"), NULL);
		assert_int_equal(smgw_pki_findings_find(fx->f, "SMPKI-CRL-SIGNATURE")->code, SMGW_E_PKI_SIGNATURE);
		smgw_crl_free(c);
	}
#undef SEEN
	/* every CRL rule of the table was broken above */
	for (r = 0;; r++) {
		struct smgw_pki_rule_info ri;
		size_t k;
		int found = 0;

		if (smgw_pki_profile_rule(r, &ri) == SMGW_E_NOTFOUND)
			break;
		if (strncmp(ri.id, "SMPKI-CRL-", 10) != 0)
			continue;
		for (k = 0; k < n_seen; k++)
			found |= strcmp(seen[k], ri.id) == 0;
		if (!found)
			print_message("# CRL rule %s has no test case\n", ri.id);
		assert_true(found);
	}
	assert_int_equal(smgw_pki_crl_check(fx->pki, NULL, NULL, NULL, fx->f), SMGW_E_INVAL);
}

static void test_names_and_args(void **state)
{
	struct fixture *fx = *state;
	const smgw_cert *c = smgw_testpki_cert(fx->tp, "gwa-tls");

	assert_int_equal(smgw_pki_role_from_name("GWA"), GWA);
	assert_int_equal(smgw_pki_role_from_name("crl-signer"), CRLS);
	assert_int_equal(smgw_pki_role_from_name("sub-ca"), SUBCA);
	assert_int_equal(smgw_pki_role_from_name("meter"), SMGW_E_NOTFOUND);
	assert_int_equal(smgw_pki_type_from_name("enc"), ENC);
	assert_int_equal(smgw_pki_type_from_name("xyz"), SMGW_E_NOTFOUND);
	assert_string_equal(smgw_pki_role_name(EMT), "EMT");
	assert_string_equal(smgw_pki_type_name(SIG), "SIG");
	assert_string_equal(smgw_pki_role_name(99), "?");
	/* an end-user role needs a type, a CA role none */
	assert_int_equal(smgw_pki_profile_check(fx->pki, c, GWA, NONE, NULL, fx->f), SMGW_E_INVAL);
	assert_int_equal(smgw_pki_profile_check(fx->pki, c, SUBCA, TLS, NULL, fx->f), SMGW_E_INVAL);
	assert_int_equal(smgw_pki_profile_check(fx->pki, c, 0, NONE, NULL, fx->f), SMGW_E_INVAL);
	assert_int_equal(smgw_pki_profile_check(fx->pki, NULL, GWA, TLS, NULL, fx->f), SMGW_E_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated_pki_conforms),
		cmocka_unit_test(test_every_rule_broken),
		cmocka_unit_test(test_all_findings_returned),
		cmocka_unit_test(test_production_names),
		cmocka_unit_test(test_crl_rules),
		cmocka_unit_test(test_names_and_args),
	};

	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
