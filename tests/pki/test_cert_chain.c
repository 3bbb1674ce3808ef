/* SPDX-License-Identifier: Apache-2.0 */
/* Chain validation: the generated SM-Test-PKI validates for every role and
 * type; expired, not yet valid, revoked (direct and indirect CRL), wrong
 * policy, P-256/RSA end entity, wrong key usage, wrong issuer, broken
 * signature, missing intermediate and missing CRL each give the right
 * result and a diagnostic naming the depth and rule; a root rollover works
 * through the link certificates in both directions. */
#include <pthread.h>

#include "cert-test-util.h"

struct vcase {
	const char *anchors[3];
	const char *inter[4];
	const char *crls[3];
	uint32_t flags;
	int64_t at;
};

static int run_verify(struct fixture *fx, const smgw_cert *leaf, const struct vcase *vc, int role, int type,
		      struct smgw_diag *diag)
{
	smgw_pki_trust *t = NULL;
	struct smgw_pki_verify_opts o;
	size_t i;
	int rc;

	assert_int_equal(smgw_pki_trust_new(fx->pki, &t), 0);
	for (i = 0; i < 3 && vc->anchors[i]; i++)
		assert_int_equal(smgw_pki_trust_add_anchor(t, smgw_testpki_cert(fx->tp, vc->anchors[i])), 0);
	for (i = 0; i < 4 && vc->inter[i]; i++)
		assert_int_equal(smgw_pki_trust_add_intermediate(t, smgw_testpki_cert(fx->tp, vc->inter[i])), 0);
	for (i = 0; i < 3 && vc->crls[i]; i++)
		assert_int_equal(smgw_pki_trust_add_crl(t, smgw_testpki_crl(fx->tp, vc->crls[i])), 0);
	memset(&o, 0, sizeof(o));
	o.struct_size = sizeof(o);
	o.flags = vc->flags;
	o.at = vc->at ? vc->at : TP_AT;
	o.role = role;
	o.type = type;
	smgw_pki_findings_clear(fx->f);
	rc = smgw_pki_verify(t, leaf, NULL, 0, &o, fx->f, diag);
	smgw_pki_trust_free(t);
	return rc;
}

static const struct vcase std = { { "root" }, { "subca" }, { NULL }, 0, 0 };
static const struct vcase with_crls = { { "root" }, { "subca", "crl-signer", "subca-revoked" },
					{ "subca.crl", "root.crl" }, SMGW_PKI_VERIFY_CRL_ALL, 0 };

static void expect_finding(struct fixture *fx, const char *rule, int depth)
{
	const struct smgw_pki_finding *it = NULL;
	size_t i;

	for (i = 0; i < smgw_pki_findings_count(fx->f) && !it; i++) {
		const struct smgw_pki_finding *c = smgw_pki_findings_get(fx->f, i);

		if (strcmp(c->rule_id, rule) == 0 && c->depth == depth)
			it = c;
	}
	if (!it) {
		print_message("# expected %s at depth %d\n", rule, depth);
		print_findings(fx->f);
	}
	assert_non_null(it);
	assert_int_equal(it->depth, depth);
}

static void test_all_end_users_valid(void **state)
{
	struct fixture *fx = *state;
	size_t i, checked = 0;

	for (i = 0; i < smgw_testpki_count(fx->tp); i++) {
		struct smgw_testpki_item it;
		struct smgw_diag d = SMGW_DIAG_INIT;
		int rc;

		assert_int_equal(smgw_testpki_get(fx->tp, i, &it), 0);
		if (!it.cert || it.role < SMGW_PKI_ROLE_SMGW || strcmp(it.issuer, "subca") != 0)
			continue;
		rc = run_verify(fx, it.cert, strncmp(it.name, "revoked", 7) ? &with_crls : &std, it.role, it.type, &d);
		if (rc != 0 || smgw_pki_findings_count(fx->f) != 0) {
			print_message("# %s: %d %s\n", it.name, rc, d.message);
			print_findings(fx->f);
		}
		assert_int_equal(rc, 0);
		assert_int_equal(smgw_pki_findings_count(fx->f), 0);
		checked++;
	}
	assert_int_equal(checked, 13); /* 4 roles x 3 types + the revoked one (without CRL) */
}

static void test_without_findings_list(void **state)
{
	struct fixture *fx = *state;
	smgw_pki_trust *t = NULL;
	struct smgw_pki_verify_opts o = { sizeof(o), 0, TP_AT, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, NULL, NULL, 0, 0 };

	assert_int_equal(smgw_pki_trust_new(fx->pki, &t), 0);
	assert_int_equal(smgw_pki_trust_add_anchor(t, smgw_testpki_cert(fx->tp, "root")), 0);
	assert_int_equal(smgw_pki_verify(t, smgw_testpki_cert(fx->tp, "gwa-tls"), NULL, 0, &o, NULL, NULL),
			 SMGW_E_PKI_NO_ISSUER);
	/* the peer sends its sub-CA along */
	{
		const smgw_cert *extra[1] = { smgw_testpki_cert(fx->tp, "subca") };

		assert_int_equal(smgw_pki_verify(t, smgw_testpki_cert(fx->tp, "gwa-tls"), extra, 1, &o, NULL, NULL), 0);
	}
	o.struct_size = 8;
	assert_int_equal(smgw_pki_verify(t, smgw_testpki_cert(fx->tp, "gwa-tls"), NULL, 0, &o, NULL, NULL),
			 SMGW_E_INVAL);
	smgw_pki_trust_free(t);
}

static void test_expired_and_not_yet_valid(void **state)
{
	struct fixture *fx = *state;
	struct vcase vc = std;
	struct smgw_diag d = SMGW_DIAG_INIT;

	vc.at = TP_NOT_BEFORE + 731 * DAY_MS; /* end users live 730 days */
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "emt-sig"), &vc, SMGW_PKI_ROLE_EMT,
				    SMGW_PKI_TYPE_SIG, &d), SMGW_E_PKI_EXPIRED);
	expect_finding(fx, "X509-CERT_HAS_EXPIRED", 0);
	assert_int_equal(d.depth, 0);
	assert_non_null(strstr(d.message, "TESTEMT.EMT"));

	vc.at = TP_NOT_BEFORE - 1000;
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "emt-sig"), &vc, SMGW_PKI_ROLE_EMT,
				    SMGW_PKI_TYPE_SIG, &d), SMGW_E_PKI_NOT_YET_VALID);
	/* every certificate of the chain is reported, not only the first */
	expect_finding(fx, "X509-CERT_NOT_YET_VALID", 0);
	expect_finding(fx, "X509-CERT_NOT_YET_VALID", 1);
	expect_finding(fx, "X509-CERT_NOT_YET_VALID", 2);
	assert_true(smgw_pki_findings_errors(fx->f) >= 3);

	/* the last second before notAfter is still valid (OpenSSL counts
	 * notAfter itself as expired) */
	vc.at = TP_NOT_BEFORE + 730 * DAY_MS - 1000;
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "emt-sig"), &vc, SMGW_PKI_ROLE_EMT,
				    SMGW_PKI_TYPE_SIG, NULL), 0);
}

/* A validation time after 2038-01-19 reaches OpenSSL intact: expired, not
 * a time wrapped into the validity period. A libcrypto with a 32-bit time_t
 * (SMGW_OSSL_TIME_BITS, detected at configure time) cannot take it: a
 * clear SMGW_E_RANGE then, never a wrong verdict. */
static void test_time_after_2038(void **state)
{
	struct fixture *fx = *state;
	struct vcase vc = std;
	struct smgw_diag d = SMGW_DIAG_INIT;
	int rc;

	vc.at = 2177452800000LL; /* 2039-01-01T00:00:00Z */
	rc = run_verify(fx, smgw_testpki_cert(fx->tp, "emt-sig"), &vc, SMGW_PKI_ROLE_EMT, SMGW_PKI_TYPE_SIG, &d);
#if defined(SMGW_OSSL_TIME_BITS) && SMGW_OSSL_TIME_BITS == 32
	assert_int_equal(rc, SMGW_E_RANGE);
	assert_int_equal(d.code, SMGW_E_RANGE);
	assert_non_null(strstr(d.message, "time_t"));
#else
	assert_int_equal(rc, SMGW_E_PKI_EXPIRED);
	expect_finding(fx, "X509-CERT_HAS_EXPIRED", 0);
#endif
}

static void test_revoked(void **state)
{
	struct fixture *fx = *state;
	struct smgw_diag d = SMGW_DIAG_INIT;

	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "revoked-emt-tls"), &with_crls, SMGW_PKI_ROLE_EMT,
				    SMGW_PKI_TYPE_TLS, &d), SMGW_E_PKI_REVOKED);
	expect_finding(fx, "X509-CERT_REVOKED", 0);
	/* revoked sub-CA, listed in the root's CRL that the CRL signer signed */
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "revsub-gwh-tls"), &with_crls, SMGW_PKI_ROLE_GWH,
				    SMGW_PKI_TYPE_TLS, &d), SMGW_E_PKI_REVOKED);
	expect_finding(fx, "X509-CERT_REVOKED", 1);
	assert_int_equal(d.depth, 1);
	/* the leaf only: the sub-CA's CRL does not list it */
	{
		struct vcase vc = with_crls;

		vc.flags = SMGW_PKI_VERIFY_CRL;
		vc.inter[1] = "subca-revoked";
		vc.inter[2] = NULL;
		assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "revsub-gwh-tls"), &vc, SMGW_PKI_ROLE_GWH,
					    SMGW_PKI_TYPE_TLS, NULL), SMGW_E_PKI_NO_CRL);
	}
}

static void test_crl_missing(void **state)
{
	struct fixture *fx = *state;
	struct vcase vc = with_crls;

	vc.crls[1] = NULL; /* no root CRL */
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "gwa-tls"), &vc, SMGW_PKI_ROLE_GWA,
				    SMGW_PKI_TYPE_TLS, NULL), SMGW_E_PKI_NO_CRL);
	expect_finding(fx, "X509-UNABLE_TO_GET_CRL", 1);
	vc.flags = SMGW_PKI_VERIFY_CRL; /* the leaf's CRL is there */
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "gwa-tls"), &vc, SMGW_PKI_ROLE_GWA,
				    SMGW_PKI_TYPE_TLS, NULL), 0);
	/* CRL out of date */
	vc = with_crls;
	vc.at = TP_NOT_BEFORE + 729 * DAY_MS + 1;
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "gwa-tls"), &vc, SMGW_PKI_ROLE_GWA,
				    SMGW_PKI_TYPE_TLS, NULL), 0);
	vc.at = TP_NOT_BEFORE + 730 * DAY_MS + 1000;
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "gwa-tls"), &vc, SMGW_PKI_ROLE_GWA,
				    SMGW_PKI_TYPE_TLS, NULL), SMGW_E_PKI_EXPIRED);
	expect_finding(fx, "X509-CRL_HAS_EXPIRED", 0);
}

static void test_missing_intermediate(void **state)
{
	struct fixture *fx = *state;
	struct vcase vc = std;
	struct smgw_diag d = SMGW_DIAG_INIT;

	vc.inter[0] = NULL;
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "smgw-tls"), &vc, SMGW_PKI_ROLE_SMGW,
				    SMGW_PKI_TYPE_TLS, &d), SMGW_E_PKI_NO_ISSUER);
	expect_finding(fx, "X509-UNABLE_TO_GET_ISSUER_CERT_LOCALLY", 0);
	assert_int_equal(d.code, SMGW_E_PKI_NO_ISSUER);
	assert_non_null(strstr(d.message, "depth 0"));
	/* a wrong anchor: root2 does not certify subca without the link */
	vc = std;
	vc.anchors[0] = "root2";
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "smgw-tls"), &vc, SMGW_PKI_ROLE_SMGW,
				    SMGW_PKI_TYPE_TLS, NULL), SMGW_E_PKI_NO_ISSUER);
	expect_finding(fx, "X509-UNABLE_TO_GET_ISSUER_CERT_LOCALLY", 1);
}

static void test_rollover(void **state)
{
	struct fixture *fx = *state;
	struct vcase old_trusts_new = { { "root" }, { "subca2", "link-old-new" }, { NULL }, 0, 0 };
	struct vcase new_trusts_old = { { "root2" }, { "subca", "link-new-old" }, { NULL }, 0, 0 };
	struct vcase both_links = { { "root2" }, { "subca", "link-new-old", "link-old-new" }, { NULL }, 0, 0 };
	struct vcase no_link = { { "root" }, { "subca2" }, { NULL }, 0, 0 };

	{
		int rc = run_verify(fx, smgw_testpki_cert(fx->tp, "gwa2-tls"), &old_trusts_new, SMGW_PKI_ROLE_GWA,
				    SMGW_PKI_TYPE_TLS, NULL);

		if (rc)
			print_findings(fx->f);
		assert_int_equal(rc, 0);
	}
	assert_int_equal(smgw_pki_findings_count(fx->f), 0);
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "gwa-tls"), &new_trusts_old, SMGW_PKI_ROLE_GWA,
				    SMGW_PKI_TYPE_TLS, NULL), 0);
	assert_int_equal(smgw_pki_findings_count(fx->f), 0);
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "gwa-tls"), &both_links, SMGW_PKI_ROLE_GWA,
				    SMGW_PKI_TYPE_TLS, NULL), 0);
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "gwa2-tls"), &no_link, SMGW_PKI_ROLE_GWA,
				    SMGW_PKI_TYPE_TLS, NULL), SMGW_E_PKI_NO_ISSUER);
	expect_finding(fx, "X509-UNABLE_TO_GET_ISSUER_CERT_LOCALLY", 1);
	/* the link certificate itself passes the link profile */
	smgw_pki_findings_clear(fx->f);
	assert_int_equal(smgw_pki_profile_check(fx->pki, smgw_testpki_cert(fx->tp, "link-old-new"), SMGW_PKI_ROLE_LINK,
						SMGW_PKI_TYPE_NONE, NULL, fx->f), 0);
}

static void test_wrong_policy(void **state)
{
	struct fixture *fx = *state;
	struct smgw__cert_spec s;
	smgw_cert *c;

	smgw__testpki_spec_for(&s, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, "WRONGPOL.GWA", "1", TP_NOT_BEFORE,
			       TP_NOT_BEFORE + 300 * DAY_MS, 77);
	s.policy = "1.3.6.1.4.1.99999.7";
	c = issue(fx, &s, "subca");
	assert_int_equal(run_verify(fx, c, &std, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, NULL), SMGW_E_PKI_POLICY);
	expect_finding(fx, "X509-NO_EXPLICIT_POLICY", -1);
	expect_finding(fx, "SMPKI-POLICY-OID", 0);
	smgw_cert_free(c);
}

static void test_nist_and_rsa_end_entity(void **state)
{
	struct fixture *fx = *state;
	struct smgw__cert_spec s;
	smgw_cert *c;

	smgw__testpki_spec_for(&s, SMGW_PKI_ROLE_EMT, SMGW_PKI_TYPE_TLS, "NIST.EMT", "1", TP_NOT_BEFORE,
			       TP_NOT_BEFORE + 300 * DAY_MS, 78);
	s.curve = SMGW_CERT_CURVE_P256;
	c = issue(fx, &s, "subca");
	/* OpenSSL alone accepts it ... */
	{
		struct vcase vc = std;

		vc.flags = SMGW_PKI_VERIFY_NO_PROFILE;
		assert_int_equal(run_verify(fx, c, &vc, SMGW_PKI_ROLE_EMT, SMGW_PKI_TYPE_TLS, NULL), 0);
	}
	/* ... the SM-PKI profile does not */
	assert_int_equal(run_verify(fx, c, &std, SMGW_PKI_ROLE_EMT, SMGW_PKI_TYPE_TLS, NULL), SMGW_E_PKI_PROFILE);
	expect_finding(fx, "SMPKI-KEY-CURVE", 0);
	assert_non_null(strstr(smgw_pki_findings_find(fx->f, "SMPKI-KEY-CURVE")->message, "prime256v1"));
	smgw_cert_free(c);

	s.rsa_bits = 2048;
	s.cn = "RSA.EMT";
	c = issue(fx, &s, "subca");
	assert_int_equal(run_verify(fx, c, &std, SMGW_PKI_ROLE_EMT, SMGW_PKI_TYPE_TLS, NULL), SMGW_E_PKI_PROFILE);
	expect_finding(fx, "SMPKI-KEY-EC", 0);
	smgw_cert_free(c);
}

static void test_wrong_key_usage(void **state)
{
	struct fixture *fx = *state;
	struct smgw_diag d = SMGW_DIAG_INIT;

	/* an ENC certificate presented for TLS */
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "emt-enc"), &std, SMGW_PKI_ROLE_EMT,
				    SMGW_PKI_TYPE_TLS, &d), SMGW_E_PKI_USAGE);
	expect_finding(fx, "SMPKI-KU-TLS", 0);
	expect_finding(fx, "SMPKI-EKU-TLS", 0);
	assert_int_equal(d.depth, 0);
	/* a SIG certificate presented for ENC */
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "gwa-sig"), &std, SMGW_PKI_ROLE_GWA,
				    SMGW_PKI_TYPE_ENC, NULL), SMGW_E_PKI_USAGE);
	expect_finding(fx, "SMPKI-KU-ENC", 0);
	/* a GWA certificate presented as EMT: naming */
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "gwa-tls"), &std, SMGW_PKI_ROLE_EMT,
				    SMGW_PKI_TYPE_TLS, NULL), SMGW_E_PKI_PROFILE);
	expect_finding(fx, "SMPKI-NAME-CN", 0);
}

static void test_wrong_issuer(void **state)
{
	struct fixture *fx = *state;
	struct smgw__cert_spec s;
	smgw_cert *c;

	/* signed by subca2 (root2's hierarchy) while the store knows only root + subca */
	smgw__testpki_spec_for(&s, SMGW_PKI_ROLE_GWH, SMGW_PKI_TYPE_SIG, "OTHER.GWH", "1", TP_NOT_BEFORE,
			       TP_NOT_BEFORE + 300 * DAY_MS, 79);
	c = issue(fx, &s, "subca2");
	assert_int_equal(run_verify(fx, c, &std, SMGW_PKI_ROLE_GWH, SMGW_PKI_TYPE_SIG, NULL), SMGW_E_PKI_NO_ISSUER);
	expect_finding(fx, "X509-UNABLE_TO_GET_ISSUER_CERT_LOCALLY", 0);
	smgw_cert_free(c);

	/* issuer name of subca but signed by another key and without AKI */
	smgw__testpki_spec_for(&s, SMGW_PKI_ROLE_GWH, SMGW_PKI_TYPE_SIG, "FORGED.GWH", "1", TP_NOT_BEFORE,
			       TP_NOT_BEFORE + 300 * DAY_MS, 80);
	s.omit = SMGW_CERT_EXT_AKI;
	{
		X509 *x = NULL;
		EVP_PKEY *k = NULL;

		/* issuer certificate: subca's name, subca2's key */
		assert_int_equal(smgw__testpki_issue(fx->pki, &s, smgw_cert_x509(smgw_testpki_cert(fx->tp, "subca")),
						     smgw__testpki_key(fx->tp, "subca2"), &x, &k), 0);
		assert_int_equal(smgw_cert_from_x509(fx->pki, x, &c), 0);
		X509_free(x);
		EVP_PKEY_free(k);
	}
	if (run_verify(fx, c, &std, SMGW_PKI_ROLE_GWH, SMGW_PKI_TYPE_SIG, NULL) != SMGW_E_PKI_SIGNATURE)
		print_findings(fx->f);
	assert_int_equal(run_verify(fx, c, &std, SMGW_PKI_ROLE_GWH, SMGW_PKI_TYPE_SIG, NULL), SMGW_E_PKI_SIGNATURE);
	expect_finding(fx, "X509-CERT_SIGNATURE_FAILURE", 0);
	expect_finding(fx, "SMPKI-EXT-AKI-PRESENT", 0);
	smgw_cert_free(c);
}

static void test_broken_signature(void **state)
{
	struct fixture *fx = *state;
	uint8_t der[4096];
	size_t n = sizeof(der);
	smgw_cert *c = NULL;

	assert_int_equal(smgw_cert_der(smgw_testpki_cert(fx->tp, "gwa-enc"), der, &n), 0);
	der[n - 5] ^= 0x01; /* inside the ECDSA signature value */
	assert_int_equal(smgw_cert_parse(fx->pki, der, n, NULL, &c, NULL), 0);
	assert_int_equal(run_verify(fx, c, &std, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_ENC, NULL), SMGW_E_PKI_SIGNATURE);
	expect_finding(fx, "X509-CERT_SIGNATURE_FAILURE", 0);
	smgw_cert_free(c);
	/* a broken sub-CA signature is reported at depth 1 */
	n = sizeof(der);
	assert_int_equal(smgw_cert_der(smgw_testpki_cert(fx->tp, "subca"), der, &n), 0);
	der[n - 5] ^= 0x01;
	assert_int_equal(smgw_cert_parse(fx->pki, der, n, NULL, &c, NULL), 0);
	{
		smgw_pki_trust *t = NULL;
		struct smgw_pki_verify_opts o = { sizeof(o), 0, TP_AT, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_ENC, NULL, NULL, 0, 0 };

		assert_int_equal(smgw_pki_trust_new(fx->pki, &t), 0);
		assert_int_equal(smgw_pki_trust_add_anchor(t, smgw_testpki_cert(fx->tp, "root")), 0);
		assert_int_equal(smgw_pki_trust_add_intermediate(t, c), 0);
		smgw_pki_findings_clear(fx->f);
		assert_int_equal(smgw_pki_verify(t, smgw_testpki_cert(fx->tp, "gwa-enc"), NULL, 0, &o, fx->f, NULL),
				 SMGW_E_PKI_SIGNATURE);
		expect_finding(fx, "X509-CERT_SIGNATURE_FAILURE", 1);
		smgw_pki_trust_free(t);
	}
	smgw_cert_free(c);
}

static void test_tls_purpose(void **state)
{
	struct fixture *fx = *state;
	struct smgw__cert_spec s;
	struct vcase vc = std;
	smgw_cert *c;

	smgw__testpki_spec_for(&s, SMGW_PKI_ROLE_SMGW, SMGW_PKI_TYPE_TLS, "ECLIENT000001.SMGW", "1", TP_NOT_BEFORE,
			       TP_NOT_BEFORE + 300 * DAY_MS, 81);
	s.eku = SMGW_CERT_EKU_CLIENT_AUTH;
	c = issue(fx, &s, "subca");
	vc.flags = SMGW_PKI_VERIFY_TLS_CLIENT;
	assert_int_equal(run_verify(fx, c, &vc, SMGW_PKI_ROLE_SMGW, SMGW_PKI_TYPE_TLS, NULL), 0);
	vc.flags = SMGW_PKI_VERIFY_TLS_SERVER;
	assert_int_equal(run_verify(fx, c, &vc, SMGW_PKI_ROLE_SMGW, SMGW_PKI_TYPE_TLS, NULL), SMGW_E_PKI_USAGE);
	expect_finding(fx, "PURPOSE-TLS-SERVER", 0);
	assert_int_equal(smgw_pki_findings_count(fx->f), 1);
	smgw_cert_free(c);
	/* the generated GWA TLS certificate serves both */
	vc.flags = SMGW_PKI_VERIFY_TLS_SERVER | SMGW_PKI_VERIFY_TLS_CLIENT;
	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "gwa-tls"), &vc, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS,
				    NULL), 0);
}

struct worker {
	struct fixture *fx;
	smgw_pki_trust *trust;
	const char *leaf;
	int role, type, expect;
	int failures;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	smgw_pki_findings *f = NULL;
	struct smgw_pki_verify_opts o = { sizeof(o), SMGW_PKI_VERIFY_CRL, TP_AT, 0, 0, NULL, NULL, 0, 0 };
	int i;

	o.role = w->role;
	o.type = w->type;
	if (smgw_pki_findings_new(w->fx->pki, &f) != 0) {
		w->failures++;
		return NULL;
	}
	for (i = 0; i < 40; i++) {
		smgw_pki_findings_clear(f);
		if (smgw_pki_verify(w->trust, smgw_testpki_cert(w->fx->tp, w->leaf), NULL, 0, &o, f, NULL) != w->expect)
			w->failures++;
	}
	smgw_pki_findings_free(f);
	return NULL;
}

/* One configured store, validations from several threads at once. */
static void test_concurrent_validation(void **state)
{
	struct fixture *fx = *state;
	smgw_pki_trust *t = NULL;
	struct worker w[3] = {
		{ fx, NULL, "gwa-tls", SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0 },
		{ fx, NULL, "revoked-emt-tls", SMGW_PKI_ROLE_EMT, SMGW_PKI_TYPE_TLS, SMGW_E_PKI_REVOKED, 0 },
		{ fx, NULL, "smgw-sig", SMGW_PKI_ROLE_SMGW, SMGW_PKI_TYPE_SIG, 0, 0 },
	};
	pthread_t th[3];
	int i;

	assert_int_equal(smgw_pki_trust_new(fx->pki, &t), 0);
	assert_int_equal(smgw_pki_trust_add_anchor(t, smgw_testpki_cert(fx->tp, "root")), 0);
	assert_int_equal(smgw_pki_trust_add_intermediate(t, smgw_testpki_cert(fx->tp, "subca")), 0);
	assert_int_equal(smgw_pki_trust_add_crl(t, smgw_testpki_crl(fx->tp, "subca.crl")), 0);
	for (i = 0; i < 3; i++) {
		w[i].trust = t;
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	/* every worker joined before the first check: a failed check leaves
	 * the test, and running workers would use w[] and t after that */
	for (i = 0; i < 3; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(w[i].failures, 0);
	smgw_pki_trust_free(t);
}

static void test_untrusted_self_signed(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(run_verify(fx, smgw_testpki_cert(fx->tp, "root2"), &std, SMGW_PKI_ROLE_ANY,
				    SMGW_PKI_TYPE_NONE, NULL), SMGW_E_PKI_UNTRUSTED);
	expect_finding(fx, "X509-DEPTH_ZERO_SELF_SIGNED_CERT", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_end_users_valid),
		cmocka_unit_test(test_without_findings_list),
		cmocka_unit_test(test_expired_and_not_yet_valid),
		cmocka_unit_test(test_time_after_2038),
		cmocka_unit_test(test_revoked),
		cmocka_unit_test(test_crl_missing),
		cmocka_unit_test(test_missing_intermediate),
		cmocka_unit_test(test_rollover),
		cmocka_unit_test(test_wrong_policy),
		cmocka_unit_test(test_nist_and_rsa_end_entity),
		cmocka_unit_test(test_wrong_key_usage),
		cmocka_unit_test(test_wrong_issuer),
		cmocka_unit_test(test_broken_signature),
		cmocka_unit_test(test_tls_purpose),
		cmocka_unit_test(test_concurrent_validation),
		cmocka_unit_test(test_untrusted_self_signed),
	};

	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
