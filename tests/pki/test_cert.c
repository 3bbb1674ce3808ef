/* SPDX-License-Identifier: Apache-2.0 */
/* Certificates and CRLs made with the openssl command line
 * (tests/data/pki/openssl/gen.sh): loading as DER and PEM, every field
 * compared with what openssl itself printed (expected.txt), PEM bundles,
 * hostile input, the size-query protocol, the pki context, and chain
 * validation of the openssl-made chain. */
#include <openssl/provider.h>

#include "cert-test-util.h"

#define T2025 1735689600000LL /* 2025-01-01T00:00:00Z */
#define T2030 1893456000000LL /* 2030-01-01T00:00:00Z */
#define CRL_THIS 1796106564000LL /* lastUpdate printed by openssl crl */
#define AT_2027 1811808000000LL  /* 2027-06-01T00:00:00Z */

static void test_pki_context(void **state)
{
	struct fixture *fx = *state;
	smgw_pki *p = NULL;
	smgw_ctx *c2 = NULL;
	OSSL_LIB_CTX *mine = OSSL_LIB_CTX_new();
	struct smgw_ctx_params prm;

	assert_int_equal(smgw_pki_new(NULL, &p), SMGW_E_INVAL);
	assert_int_equal(smgw_pki_new(fx->ctx, NULL), SMGW_E_INVAL);
	/* the suite's own library context, never OpenSSL's default one */
	assert_non_null(smgw_pki_libctx(fx->pki));
	assert_ptr_not_equal(smgw_pki_libctx(fx->pki), OSSL_LIB_CTX_get0_global_default());
	assert_true(OSSL_PROVIDER_available(smgw_pki_libctx(fx->pki), "default"));
	assert_ptr_equal(smgw_pki_ctx(fx->pki), fx->ctx);
	assert_null(smgw_pki_propq(fx->pki));
	assert_null(smgw_pki_libctx(NULL));
	/* a caller-given library context is borrowed */
	memset(&prm, 0, sizeof(prm));
	prm.struct_size = sizeof(prm);
	prm.ossl_libctx = (struct ossl_lib_ctx_st *)mine;
	assert_int_equal(smgw_ctx_new(&prm, &c2), 0);
	assert_int_equal(smgw_pki_new(c2, &p), 0);
	assert_ptr_equal(smgw_pki_libctx(p), mine);
	smgw_pki_free(p);
	smgw_ctx_unref(c2);
	OSSL_LIB_CTX_free(mine); /* still ours: not freed by smgw_pki_free */
	smgw_pki_free(NULL);
}

static void test_fields_match_openssl(void **state)
{
	struct fixture *fx = *state;
	smgw_cert *c = load_data_cert(fx->pki, "openssl/gwa-tls.pem");
	struct smgw_cert_info in = { .struct_size = sizeof(in) };
	static const uint8_t ski[] = { 0xA8, 0xDA, 0x0C, 0xAE, 0xD9, 0xBF, 0x88, 0x79, 0xA6, 0x0E,
				       0xEB, 0xA8, 0x9B, 0x25, 0xBC, 0xAF, 0x19, 0x88, 0x4E, 0x2F };
	static const uint8_t aki[] = { 0xDD, 0x55, 0x82, 0xCE, 0x2A, 0x34, 0x31, 0x93, 0x74, 0x1E,
				       0xAC, 0x64, 0xB2, 0x09, 0x21, 0xA5, 0x12, 0x5D, 0x35, 0xB2 };
	char buf[256];
	uint8_t b[64];
	size_t n;
	int kind;

	assert_int_equal(smgw_cert_get_info(c, &in), 0);
	assert_int_equal(in.version, 3);
	assert_int_equal(in.not_before, T2025);
	assert_int_equal(in.not_after, T2030);
	assert_int_equal(in.key_type, SMGW_CERT_KEY_EC);
	assert_int_equal(in.curve, SMGW_CERT_CURVE_BP256);
	assert_int_equal(in.key_bits, 256);
	assert_int_equal(in.sig_alg, SMGW_CERT_SIG_ECDSA_SHA256);
	assert_int_equal(in.key_usage, SMGW_CERT_KU_DIGITAL_SIGNATURE);
	assert_int_equal(in.ext_key_usage, SMGW_CERT_EKU_SERVER_AUTH | SMGW_CERT_EKU_CLIENT_AUTH);
	assert_int_equal(in.ext_critical, SMGW_CERT_EXT_KU | SMGW_CERT_EXT_EKU | SMGW_CERT_EXT_BC);
	assert_int_equal(in.ext_present, SMGW_CERT_EXT_KU | SMGW_CERT_EXT_EKU | SMGW_CERT_EXT_BC | SMGW_CERT_EXT_SKI |
					 SMGW_CERT_EXT_AKI | SMGW_CERT_EXT_POLICIES | SMGW_CERT_EXT_SAN |
					 SMGW_CERT_EXT_IAN | SMGW_CERT_EXT_CRLDP);
	assert_int_equal(in.is_ca, 0);
	assert_int_equal(in.path_len, -1);
	assert_int_equal(in.self_issued, 0);
	n = sizeof(buf);
	assert_int_equal(smgw_cert_subject(c, buf, &n), 0);
	assert_string_equal(buf, "CN=OPENSSL.GWA,serialNumber=5,O=SM-Test-PKI-DE,C=DE");
	assert_int_equal(n, strlen(buf));
	n = sizeof(buf);
	assert_int_equal(smgw_cert_issuer(c, buf, &n), 0);
	assert_string_equal(buf, "CN=OPENSSL-Sub.CA,serialNumber=5,O=SM-Test-PKI-DE,C=DE");
	n = sizeof(buf);
	assert_int_equal(smgw_cert_subject_attr(c, SMGW_CERT_ATTR_CN, 0, buf, &n), 0);
	assert_string_equal(buf, "OPENSSL.GWA");
	n = sizeof(buf);
	assert_int_equal(smgw_cert_subject_attr(c, SMGW_CERT_ATTR_SERIAL, 0, buf, &n), 0);
	assert_string_equal(buf, "5");
	n = sizeof(buf);
	assert_int_equal(smgw_cert_subject_attr(c, SMGW_CERT_ATTR_OU, 0, buf, &n), SMGW_E_NOTFOUND);
	n = sizeof(buf);
	assert_int_equal(smgw_cert_serial_hex(c, buf, &n), 0);
	assert_string_equal(buf, "1002");
	n = sizeof(b);
	assert_int_equal(smgw_cert_serial(c, b, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(b[0], 0x10);
	assert_int_equal(b[1], 0x02);
	n = sizeof(b);
	assert_int_equal(smgw_cert_ski(c, b, &n), 0);
	assert_int_equal(n, sizeof(ski));
	assert_memory_equal(b, ski, sizeof(ski));
	n = sizeof(b);
	assert_int_equal(smgw_cert_aki(c, b, &n), 0);
	assert_memory_equal(b, aki, sizeof(aki));
	n = sizeof(buf);
	assert_int_equal(smgw_cert_eku(c, 0, buf, &n), 0);
	assert_string_equal(buf, "1.3.6.1.5.5.7.3.1");
	n = sizeof(buf);
	assert_int_equal(smgw_cert_eku(c, 1, buf, &n), 0);
	assert_string_equal(buf, "1.3.6.1.5.5.7.3.2");
	n = sizeof(buf);
	assert_int_equal(smgw_cert_eku(c, 2, buf, &n), SMGW_E_NOTFOUND);
	n = sizeof(buf);
	assert_int_equal(smgw_cert_policy(c, 0, buf, &n), 0);
	assert_string_equal(buf, SMGW_PKI_POLICY_OID);
	n = sizeof(buf);
	assert_int_equal(smgw_cert_policy(c, 1, buf, &n), SMGW_E_NOTFOUND);
	n = sizeof(buf);
	assert_int_equal(smgw_cert_san(c, 0, &kind, buf, &n), 0);
	assert_int_equal(kind, SMGW_CERT_GN_URI);
	assert_string_equal(buf, "https://gwa.openssl.example");
	n = sizeof(buf);
	assert_int_equal(smgw_cert_san(c, 1, &kind, buf, &n), 0);
	assert_int_equal(kind, SMGW_CERT_GN_DNS);
	assert_string_equal(buf, "gwa.openssl.example");
	n = sizeof(buf);
	assert_int_equal(smgw_cert_san(c, 2, &kind, buf, &n), SMGW_E_NOTFOUND);
	n = sizeof(buf);
	assert_int_equal(smgw_cert_crl_dp(c, 0, buf, &n), 0);
	assert_string_equal(buf, "http://subca.openssl.example/subca.crl");
	n = sizeof(buf);
	assert_int_equal(smgw_cert_crl_dp(c, 1, buf, &n), SMGW_E_NOTFOUND);
	/* size-query protocol */
	n = 0;
	assert_int_equal(smgw_cert_subject(c, NULL, &n), SMGW_E_BUFSIZE);
	assert_int_equal(n, strlen("CN=OPENSSL.GWA,serialNumber=5,O=SM-Test-PKI-DE,C=DE"));
	n = 5;
	assert_int_equal(smgw_cert_serial_hex(c, buf, &n), 0);
	n = 4;
	assert_int_equal(smgw_cert_serial_hex(c, buf, &n), SMGW_E_BUFSIZE);
	assert_int_equal(n, 4);
	n = 3;
	assert_int_equal(smgw_cert_ski(c, b, &n), SMGW_E_BUFSIZE);
	assert_int_equal(n, 20);
	/* a smaller, older info layout is filled only as far as it goes */
	{
		struct smgw_cert_info small;

		memset(&small, 0x5a, sizeof(small));
		small.struct_size = offsetof(struct smgw_cert_info, key_type);
		assert_int_equal(smgw_cert_get_info(c, &small), 0);
		assert_int_equal(small.not_after, T2030);
		assert_int_equal(small.key_type, 0x5a5a5a5a);
	}
	smgw_cert_free(c);

	/* root: self-issued CA, brainpoolP384r1, SHA-384 */
	c = load_data_cert(fx->pki, "openssl/root.pem");
	assert_int_equal(smgw_cert_get_info(c, &in), 0);
	assert_int_equal(in.curve, SMGW_CERT_CURVE_BP384);
	assert_int_equal(in.sig_alg, SMGW_CERT_SIG_ECDSA_SHA384);
	assert_int_equal(in.is_ca, 1);
	assert_int_equal(in.path_len, 2);
	assert_int_equal(in.self_issued, 1);
	n = sizeof(b);
	assert_int_equal(smgw_cert_aki(c, b, &n), SMGW_E_NOTFOUND);
	smgw_cert_free(c);
	c = load_data_cert(fx->pki, "openssl/emt-rsa.pem");
	assert_int_equal(smgw_cert_get_info(c, &in), 0);
	assert_int_equal(in.key_type, SMGW_CERT_KEY_RSA);
	assert_int_equal(in.key_bits, 2048);
	assert_int_equal(in.curve, SMGW_CERT_CURVE_NONE);
	smgw_cert_free(c);
	c = load_data_cert(fx->pki, "openssl/emt-p256.pem");
	assert_int_equal(smgw_cert_get_info(c, &in), 0);
	assert_int_equal(in.curve, SMGW_CERT_CURVE_P256);
	assert_string_equal(smgw_cert_curve_name(in.curve), "prime256v1");
	smgw_cert_free(c);
}

static void test_der_pem_and_bundles(void **state)
{
	struct fixture *fx = *state;
	size_t n = 0, m = 0, used = 0, off = 0;
	uint8_t *der = read_data("openssl/gwa-tls.der", &n);
	uint8_t *pem = read_data("openssl/chain.pem", &m);
	uint8_t out[4096];
	char text[4096];
	smgw_cert *a = NULL, *b = NULL;
	const char *want[] = { "CN=OPENSSL-Sub.CA", "CN=SM-Test-Root.CA" };
	size_t k = 0;

	assert_non_null(der);
	assert_non_null(pem);
	assert_int_equal(smgw_cert_parse(fx->pki, der, n, NULL, &a, NULL), 0);
	/* DER out is byte-identical with the file */
	m = sizeof(out);
	assert_int_equal(smgw_cert_der(a, out, &m), 0);
	assert_int_equal(m, n);
	assert_memory_equal(out, der, n);
	/* PEM out loads back to the same certificate */
	m = sizeof(text);
	assert_int_equal(smgw_cert_pem(a, text, &m), 0);
	assert_non_null(strstr(text, "-----BEGIN CERTIFICATE-----"));
	assert_int_equal(smgw_cert_parse(fx->pki, (const uint8_t *)text, m, NULL, &b, NULL), 0);
	assert_int_equal(X509_cmp(smgw_cert_x509(a), smgw_cert_x509(b)), 0);
	smgw_cert_free(b);
	/* PEM after explanatory text that starts with '0' (the DER tag byte) */
	{
		char t2[4200];
		size_t tl;

		tl = (size_t)snprintf(t2, sizeof(t2), "0 = the GWA certificate\n%s", text);
		assert_int_equal(smgw_cert_parse(fx->pki, (const uint8_t *)t2, tl, &used, &b, NULL), 0);
		assert_int_equal(X509_cmp(smgw_cert_x509(a), smgw_cert_x509(b)), 0);
		assert_int_equal(used, tl);
		smgw_cert_free(b);
	}
	smgw_cert_free(a);
	/* DER with trailing bytes: only with ret_consumed */
	{
		uint8_t *d2 = malloc(n + 3);
		struct smgw_diag d = SMGW_DIAG_INIT;

		memcpy(d2, der, n);
		memcpy(d2 + n, "xyz", 3);
		assert_int_equal(smgw_cert_parse(fx->pki, d2, n + 3, NULL, &a, &d), SMGW_E_ENCODING);
		assert_int_equal(d.offset, n);
		assert_int_equal(smgw_cert_parse(fx->pki, d2, n + 3, &used, &a, NULL), 0);
		assert_int_equal(used, n);
		smgw_cert_free(a);
		free(d2);
	}
	free(der);
	/* a PEM bundle read in a loop */
	m = 0;
	free(pem);
	pem = read_data("openssl/chain.pem", &m);
	while (off < m) {
		smgw_cert *c = NULL;
		char s[256];
		size_t sl = sizeof(s);
		int rc = smgw_cert_parse(fx->pki, pem + off, m - off, &used, &c, NULL);

		if (rc == SMGW_E_NOTFOUND)
			break;
		assert_int_equal(rc, 0);
		assert_int_equal(smgw_cert_subject(c, s, &sl), 0);
		assert_true(k < 2);
		assert_true(strncmp(s, want[k], strlen(want[k])) == 0);
		k++;
		off += used;
		smgw_cert_free(c);
	}
	assert_int_equal(k, 2);
	/* a whole bundle is not one certificate */
	assert_int_equal(smgw_cert_parse(fx->pki, pem, m, NULL, &a, NULL), SMGW_E_ENCODING);
	free(pem);
}

static void test_hostile_input(void **state)
{
	struct fixture *fx = *state;
	smgw_cert *c = (smgw_cert *)0x1;
	smgw_crl *r = (smgw_crl *)0x1;
	struct smgw_diag d = SMGW_DIAG_INIT;
	size_t n = 0;
	uint8_t *der = read_data("openssl/gwa-tls.der", &n);
	static const char no_end[] = "-----BEGIN CERTIFICATE-----\nMIIB\n";
	static const char bad_b64[] = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
	static const char garbage[] = "hello world";
	size_t cut;

	assert_int_equal(smgw_cert_parse(fx->pki, NULL, 0, NULL, &c, &d), SMGW_E_NOTFOUND);
	assert_int_equal(smgw_cert_parse(fx->pki, NULL, 5, NULL, &c, NULL), SMGW_E_INVAL);
	assert_int_equal(smgw_cert_parse(fx->pki, (const uint8_t *)garbage, sizeof(garbage) - 1, NULL, &c, &d),
			 SMGW_E_NOTFOUND);
	assert_true(d.message[0] != '\0');
	assert_int_equal(smgw_cert_parse(fx->pki, (const uint8_t *)no_end, sizeof(no_end) - 1, NULL, &c, &d),
			 SMGW_E_TRUNCATED);
	assert_int_equal(smgw_cert_parse(fx->pki, (const uint8_t *)bad_b64, sizeof(bad_b64) - 1, NULL, &c, &d),
			 SMGW_E_ENCODING);
	/* every truncation of the DER is refused cleanly */
	for (cut = 1; cut < n; cut += (cut < 40 ? 1 : 37))
		assert_int_equal(smgw_cert_parse(fx->pki, der, cut, NULL, &c, &d), SMGW_E_ENCODING);
	/* a CRL is not a certificate and the other way round */
	{
		size_t m = 0;
		uint8_t *crl = read_data("openssl/subca.crl.pem", &m);

		assert_int_equal(smgw_cert_parse(fx->pki, crl, m, NULL, &c, &d), SMGW_E_NOTFOUND);
		assert_int_equal(smgw_crl_parse(fx->pki, der, n, NULL, &r, &d), SMGW_E_ENCODING);
		free(crl);
	}
	assert_ptr_equal(c, (smgw_cert *)0x1); /* never written on failure */
	assert_ptr_equal(r, (smgw_crl *)0x1);
	free(der);
}

static void test_crl_fields(void **state)
{
	struct fixture *fx = *state;
	size_t n = 0, m = 0;
	uint8_t *pem = read_data("openssl/subca.crl.pem", &n);
	uint8_t *der = read_data("openssl/subca.crl.der", &m);
	smgw_crl *a = NULL, *b = NULL;
	int64_t tu = 0, nu = 0, at = 0;
	int32_t reason = 0;
	uint8_t serial[32];
	size_t sl = sizeof(serial);
	char buf[256];
	size_t bl = sizeof(buf);

	assert_int_equal(smgw_crl_parse(fx->pki, pem, n, NULL, &a, NULL), 0);
	assert_int_equal(smgw_crl_parse(fx->pki, der, m, NULL, &b, NULL), 0);
	assert_int_equal(X509_CRL_cmp(smgw_crl_x509_crl(a), smgw_crl_x509_crl(b)), 0);
	assert_int_equal(smgw_crl_issuer(a, buf, &bl), 0);
	assert_string_equal(buf, "CN=OPENSSL-Sub.CA,serialNumber=5,O=SM-Test-PKI-DE,C=DE");
	assert_int_equal(smgw_crl_times(a, &tu, &nu), 0);
	assert_int_equal(tu, CRL_THIS);
	assert_true(nu > tu);
	assert_int_equal(smgw_crl_count(a), 1);
	assert_int_equal(smgw_crl_entry(a, 0, serial, &sl, &at, &reason), 0);
	assert_int_equal(sl, 2);
	assert_int_equal(serial[0], 0x10);
	assert_int_equal(serial[1], 0x04);
	assert_int_equal(at, CRL_THIS);
	assert_int_equal(reason, 1); /* keyCompromise */
	sl = sizeof(serial);
	assert_int_equal(smgw_crl_entry(a, 1, serial, &sl, NULL, NULL), SMGW_E_NOTFOUND);
	smgw_crl_free(a);
	smgw_crl_free(b);
	free(pem);
	free(der);
	/* the generated CRLs carry what the generator put in */
	{
		const smgw_crl *rc = smgw_testpki_crl(fx->tp, "root.crl");
		uint8_t want[32], got[32];
		size_t wl = sizeof(want), gl = sizeof(got);

		bl = sizeof(buf);
		assert_int_equal(smgw_crl_issuer(rc, buf, &bl), 0);
		assert_non_null(strstr(buf, "CN=SM-Test-Root.CA.CRL-S"));
		assert_int_equal(smgw_crl_count(rc), 1);
		assert_int_equal(smgw_cert_serial(smgw_testpki_cert(fx->tp, "subca-revoked"), want, &wl), 0);
		assert_int_equal(smgw_crl_entry(rc, 0, got, &gl, NULL, NULL), 0);
		assert_int_equal(gl, wl);
		assert_memory_equal(got, want, wl);
	}
}

static void test_openssl_chain_validation(void **state)
{
	struct fixture *fx = *state;
	smgw_cert *root = load_data_cert(fx->pki, "openssl/root.pem");
	smgw_cert *subca = load_data_cert(fx->pki, "openssl/subca.pem");
	smgw_cert *gwa = load_data_cert(fx->pki, "openssl/gwa-tls.pem");
	smgw_cert *smgw = load_data_cert(fx->pki, "openssl/smgw-tls.pem");
	smgw_cert *p256 = load_data_cert(fx->pki, "openssl/emt-p256.pem");
	smgw_cert *rsa = load_data_cert(fx->pki, "openssl/emt-rsa.pem");
	smgw_crl *crl = NULL;
	smgw_pki_trust *t = NULL;
	size_t n = 0;
	uint8_t *b = read_data("openssl/subca.crl.pem", &n);
	struct smgw_pki_verify_opts o = { sizeof(o), SMGW_PKI_VERIFY_CRL, AT_2027, SMGW_PKI_ROLE_GWA,
					  SMGW_PKI_TYPE_TLS, NULL, NULL, 0, 0 };

	assert_int_equal(smgw_crl_parse(fx->pki, b, n, NULL, &crl, NULL), 0);
	free(b);
	assert_int_equal(smgw_pki_trust_new(fx->pki, &t), 0);
	assert_int_equal(smgw_pki_trust_add_anchor(t, root), 0);
	assert_int_equal(smgw_pki_trust_add_intermediate(t, subca), 0);
	assert_int_equal(smgw_pki_trust_add_crl(t, crl), 0);
	smgw_pki_findings_clear(fx->f);
	assert_int_equal(smgw_pki_verify(t, gwa, NULL, 0, &o, fx->f, NULL), 0);
	if (smgw_pki_findings_count(fx->f))
		print_findings(fx->f);
	assert_int_equal(smgw_pki_findings_count(fx->f), 0);
	o.role = SMGW_PKI_ROLE_SMGW;
	assert_int_equal(smgw_pki_verify(t, smgw, NULL, 0, &o, fx->f, NULL), 0);
	/* revoked by the openssl CA and on a NIST curve: both reported */
	o.role = SMGW_PKI_ROLE_EMT;
	smgw_pki_findings_clear(fx->f);
	assert_int_equal(smgw_pki_verify(t, p256, NULL, 0, &o, fx->f, NULL), SMGW_E_PKI_REVOKED);
	assert_non_null(smgw_pki_findings_find(fx->f, "X509-CERT_REVOKED"));
	assert_non_null(smgw_pki_findings_find(fx->f, "SMPKI-KEY-CURVE"));
	smgw_pki_findings_clear(fx->f);
	assert_int_equal(smgw_pki_verify(t, rsa, NULL, 0, &o, fx->f, NULL), SMGW_E_PKI_PROFILE);
	assert_non_null(smgw_pki_findings_find(fx->f, "SMPKI-KEY-EC"));
	/* before the CRL was issued, it is not yet valid */
	o.at = T2025 + 1000;
	smgw_pki_findings_clear(fx->f);
	assert_int_equal(smgw_pki_verify(t, gwa, NULL, 0, &o, fx->f, NULL), SMGW_E_PKI_NO_CRL);
	assert_non_null(smgw_pki_findings_find(fx->f, "X509-CRL_NOT_YET_VALID"));
	smgw_pki_trust_free(t);
	smgw_crl_free(crl);
	smgw_cert_free(root);
	smgw_cert_free(subca);
	smgw_cert_free(gwa);
	smgw_cert_free(smgw);
	smgw_cert_free(p256);
	smgw_cert_free(rsa);
}

/* An allocator that fails after a number of allocations. */
struct failing {
	long left; /* -1: never fail */
	long live;
};

static void *failing_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
	struct failing *fa = ud;

	(void)old_size;
	if (new_size == 0) {
		if (ptr)
			fa->live--;
		free(ptr);
		return NULL;
	}
	if (fa->left == 0)
		return NULL;
	if (fa->left > 0)
		fa->left--;
	if (!ptr)
		fa->live++;
	return realloc(ptr, new_size);
}

/* Every allocation of the suite's objects may fail: a clean SMGW_E_NOMEM,
 * nothing leaked (ASan), and success once memory suffices. */
static void test_out_of_memory(void **state)
{
	struct fixture *fx = *state;
	uint8_t der[4096];
	size_t n = sizeof(der);
	long k;
	int done = 0;

	assert_int_equal(smgw_cert_der(smgw_testpki_cert(fx->tp, "gwa-tls"), der, &n), 0);
	for (k = 0; k < 200 && !done; k++) {
		struct failing fa = { k, 0 };
		struct smgw_ctx_params prm;
		smgw_ctx *ctx = NULL;
		smgw_pki *pki = NULL;
		smgw_cert *c = NULL, *anchor = NULL, *sub = NULL;
		smgw_pki_trust *t = NULL;
		smgw_pki_findings *f = NULL;
		uint8_t buf[4096];
		size_t bl;
		int rc;

		memset(&prm, 0, sizeof(prm));
		prm.struct_size = sizeof(prm);
		prm.alloc = failing_alloc;
		prm.alloc_userdata = &fa;
		rc = smgw_ctx_new(&prm, &ctx);
		if (rc == 0)
			rc = smgw_pki_new(ctx, &pki);
		if (rc == 0)
			rc = smgw_cert_parse(pki, der, n, NULL, &c, NULL);
		if (rc == 0) {
			bl = sizeof(buf);
			assert_int_equal(smgw_cert_der(smgw_testpki_cert(fx->tp, "root"), buf, &bl), 0);
			rc = smgw_cert_parse(pki, buf, bl, NULL, &anchor, NULL);
		}
		if (rc == 0) {
			bl = sizeof(buf);
			assert_int_equal(smgw_cert_der(smgw_testpki_cert(fx->tp, "subca"), buf, &bl), 0);
			rc = smgw_cert_parse(pki, buf, bl, NULL, &sub, NULL);
		}
		if (rc == 0)
			rc = smgw_pki_trust_new(pki, &t);
		if (rc == 0)
			rc = smgw_pki_trust_add_anchor(t, anchor);
		if (rc == 0)
			rc = smgw_pki_trust_add_intermediate(t, sub);
		if (rc == 0)
			rc = smgw_pki_findings_new(pki, &f);
		if (rc == 0) {
			struct smgw_pki_verify_opts o = { sizeof(o), 0, TP_AT, SMGW_PKI_ROLE_EMT, SMGW_PKI_TYPE_TLS,
							  NULL, NULL, 0, 0 };

			/* a GWA certificate checked as EMT: findings must be stored */
			rc = smgw_pki_verify(t, c, NULL, 0, &o, f, NULL);
			if (rc == SMGW_E_PKI_PROFILE) {
				assert_non_null(smgw_pki_findings_find(f, "SMPKI-NAME-CN"));
				done = 1;
				rc = 0;
			}
		}
		if (!done)
			assert_int_equal(rc, SMGW_E_NOMEM);
		smgw_pki_findings_free(f);
		smgw_pki_trust_free(t);
		smgw_cert_free(c);
		smgw_cert_free(anchor);
		smgw_cert_free(sub);
		smgw_pki_free(pki);
		smgw_ctx_unref(ctx);
		assert_int_equal(fa.live, 0);
	}
	assert_true(done);
	assert_true(k > 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pki_context),
		cmocka_unit_test(test_fields_match_openssl),
		cmocka_unit_test(test_der_pem_and_bundles),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_crl_fields),
		cmocka_unit_test(test_openssl_chain_validation),
		cmocka_unit_test(test_out_of_memory),
	};

	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
