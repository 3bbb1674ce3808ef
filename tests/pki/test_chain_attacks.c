/* SPDX-License-Identifier: Apache-2.0 */
/* Chain validation against crafted chains that try to get round it. The
 * certificates and CRLs are built here with OpenSSL's own APIs (not with
 * the test-PKI generator), each breaking one rule: a leaf signed by a
 * non-CA, a CA without keyCertSign, pathLenConstraint violations, a link
 * certificate used as a leaf or as an issuer of end users, a CRL signed by
 * a key that is not its issuer's, CRLs outside their validity or without
 * nextUpdate, a critical unknown extension (certificate and CRL), an
 * expired anchor, a wrong-purpose EKU, policy mapping and anyPolicy
 * tricks, and name constraints. Each case checks the verdict and the
 * finding that names the rule and depth. */
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "cert-test-util.h"

#define POL SMGW_PKI_POLICY_OID
#define T0 1735689600L /* 2025-01-01 */
#define YEAR (365L * 86400L)
#define AT_MS ((int64_t)(T0 + 100L * 86400L) * 1000)

struct node {
	X509 *x;
	EVP_PKEY *k;
};

struct spec {
	const char *cn;
	long nb, na;            /* seconds relative to T0 */
	const char *ext[16][2]; /* name, value (NULL name ends) */
	const char *sn;         /* serialNumber RDN, NULL for "1" */
};

static EVP_PKEY *bp256(void)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP256r1");

	assert_non_null(k);
	return k;
}

static X509_NAME *mkname(const char *cn, const char *sn)
{
	X509_NAME *n = X509_NAME_new();

	assert_non_null(n);
	assert_true(X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC, (const unsigned char *)"DE", -1, -1, 0));
	assert_true(X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC, (const unsigned char *)"SM-Test-PKI-DE", -1, -1,
					       0));
	assert_true(X509_NAME_add_entry_by_txt(n, "serialNumber", MBSTRING_ASC, (const unsigned char *)(sn ? sn : "1"), -1, -1,
					       0));
	assert_true(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0));
	return n;
}

/* certificatePolicies (non-critical) with one policy OID. */
static void add_policies(X509 *x, const char *oid)
{
	CERTIFICATEPOLICIES *cp = sk_POLICYINFO_new_null();
	POLICYINFO *pi = POLICYINFO_new();

	assert_non_null(cp);
	assert_non_null(pi);
	ASN1_OBJECT_free(pi->policyid);
	pi->policyid = OBJ_txt2obj(oid, 1);
	assert_non_null(pi->policyid);
	assert_true(sk_POLICYINFO_push(cp, pi));
	assert_true(X509_add1_ext_i2d(x, NID_certificate_policies, cp, 0, 0));
	sk_POLICYINFO_pop_free(cp, POLICYINFO_free);
}

/* Builds a certificate for key k (new if NULL) issued by iss (self if NULL). */
static struct node mk(const struct spec *s, EVP_PKEY *k, const struct node *iss)
{
	static long serial = 1000;
	struct node n = { X509_new(), k ? k : bp256() };
	X509_NAME *name = mkname(s->cn, s->sn);
	X509V3_CTX v3;
	size_t i;

	if (k)
		EVP_PKEY_up_ref(k);
	assert_non_null(n.x);
	assert_true(X509_set_version(n.x, 2));
	assert_true(ASN1_INTEGER_set(X509_get_serialNumber(n.x), serial++));
	assert_true(X509_set_subject_name(n.x, name));
	assert_true(X509_set_issuer_name(n.x, iss ? X509_get_subject_name(iss->x) : name));
	assert_non_null(X509_time_adj_ex(X509_getm_notBefore(n.x), 0, s->nb, &(time_t){ T0 }));
	assert_non_null(X509_time_adj_ex(X509_getm_notAfter(n.x), 0, s->na, &(time_t){ T0 }));
	assert_true(X509_set_pubkey(n.x, n.k));
	X509V3_set_ctx(&v3, iss ? iss->x : n.x, n.x, NULL, NULL, 0);
	for (i = 0; i < 16 && s->ext[i][0]; i++) {
		X509_EXTENSION *e;

		if (strcmp(s->ext[i][0], "certificatePolicies") == 0) {
			add_policies(n.x, s->ext[i][1]);
			continue;
		}
		e = X509V3_EXT_nconf(NULL, &v3, s->ext[i][0], s->ext[i][1]);

		if (!e)
			print_message("# extension %s=%s\n", s->ext[i][0], s->ext[i][1]);
		assert_non_null(e);
		assert_true(X509_add_ext(n.x, e, -1));
		X509_EXTENSION_free(e);
	}
	assert_true(X509_sign(n.x, iss ? iss->k : n.k, EVP_sha256()) > 0);
	X509_NAME_free(name);
	return n;
}

static void node_free(struct node *n)
{
	X509_free(n->x);
	EVP_PKEY_free(n->k);
	n->x = NULL;
	n->k = NULL;
}

#define CA_EXTS(bc, ku)                                                                                          \
	{ "basicConstraints", bc }, { "keyUsage", ku }, { "subjectKeyIdentifier", "hash" },                     \
		{ "authorityKeyIdentifier", "keyid:always" }, { "certificatePolicies", POL }
#define ROOT_SPEC(cn, bc)                                                                                         \
	{ cn, -YEAR, 10 * YEAR, { CA_EXTS(bc, "critical,keyCertSign,cRLSign") } }
#define EE_TLS_EXTS                                                                                               \
	{ "basicConstraints", "critical,CA:FALSE" }, { "keyUsage", "critical,digitalSignature" },               \
		{ "subjectKeyIdentifier", "hash" }, { "authorityKeyIdentifier", "keyid:always" },                  \
		{ "certificatePolicies", POL }, { "issuerAltName", "URI:http://subca.example/" },                   \
		{ "crlDistributionPoints", "URI:http://subca.example/sub.crl" }

static const struct spec root_s = ROOT_SPEC("SM-Test-Root.CA", "critical,CA:TRUE,pathlen:1");
static const struct spec subca_s = { "ATK.CA", -YEAR, 5 * YEAR,
				     { CA_EXTS("critical,CA:TRUE,pathlen:0", "critical,keyCertSign,cRLSign"),
				       { "crlDistributionPoints", "URI:http://root.example/root.crl" } } };
static const struct spec gwa_s = { "ATK.GWA", -10, YEAR,
				   { EE_TLS_EXTS, { "extendedKeyUsage", "critical,serverAuth,clientAuth" },
				     { "subjectAltName", "URI:https://gwa.example/" } } };

struct env {
	struct fixture *fx;
	smgw_pki_trust *t;
	smgw_cert *c[8];
	size_t nc;
	struct smgw_diag d;
};

static smgw_cert *wrap(struct env *e, X509 *x)
{
	smgw_cert *c = NULL;

	assert_true(e->nc < 8);
	assert_int_equal(smgw_cert_from_x509(e->fx->pki, x, &c), 0);
	e->c[e->nc++] = c;
	return c;
}

static void env_init(struct env *e, struct fixture *fx)
{
	memset(e, 0, sizeof(*e));
	e->fx = fx;
	e->d = (struct smgw_diag)SMGW_DIAG_INIT;
	assert_int_equal(smgw_pki_trust_new(fx->pki, &e->t), 0);
	smgw_pki_findings_clear(fx->f);
}

static void env_done(struct env *e)
{
	size_t i;

	for (i = 0; i < e->nc; i++)
		smgw_cert_free(e->c[i]);
	smgw_pki_trust_free(e->t);
}

static void anchor(struct env *e, X509 *x)
{
	assert_int_equal(smgw_pki_trust_add_anchor(e->t, wrap(e, x)), 0);
}

static void inter(struct env *e, X509 *x)
{
	assert_int_equal(smgw_pki_trust_add_intermediate(e->t, wrap(e, x)), 0);
}

static void add_crl(struct env *e, X509_CRL *crl)
{
	unsigned char *der = NULL;
	int n = i2d_X509_CRL(crl, &der);
	smgw_crl *c = NULL;

	assert_true(n > 0);
	assert_int_equal(smgw_crl_parse(e->fx->pki, der, (size_t)n, NULL, &c, NULL), 0);
	OPENSSL_free(der);
	assert_int_equal(smgw_pki_trust_add_crl(e->t, c), 0);
	smgw_crl_free(c);
}

static int run(struct env *e, X509 *leaf, int role, int type, uint32_t flags, int64_t at)
{
	struct smgw_pki_verify_opts o;

	memset(&o, 0, sizeof(o));
	o.struct_size = sizeof(o);
	o.flags = flags;
	o.at = at ? at : AT_MS;
	o.role = role;
	o.type = type;
	smgw_pki_findings_clear(e->fx->f);
	e->d = (struct smgw_diag)SMGW_DIAG_INIT;
	return smgw_pki_verify(e->t, wrap(e, leaf), NULL, 0, &o, e->fx->f, &e->d);
}

static void expect(struct env *e, int rc, int want_rc, const char *rule, int depth)
{
	const struct smgw_pki_finding *it = NULL;
	size_t i;

	for (i = 0; i < smgw_pki_findings_count(e->fx->f) && !it; i++) {
		const struct smgw_pki_finding *c = smgw_pki_findings_get(e->fx->f, i);

		if (strcmp(c->rule_id, rule) == 0 && c->depth == depth && c->severity == SMGW_PKI_SEV_ERROR)
			it = c;
	}
	if (rc != want_rc || !it) {
		print_message("# rc %d (want %d), expected %s at depth %d; diag: %s\n", rc, want_rc, rule, depth,
			      e->d.message);
		print_findings(e->fx->f);
	}
	assert_int_equal(rc, want_rc);
	assert_non_null(it);
	assert_true(e->d.message[0] != '\0');
}

/* The crafted baseline validates: the builder makes a correct chain. */
static void test_baseline(void **state)
{
	struct env e;
	struct node r = mk(&root_s, NULL, NULL), s = mk(&subca_s, NULL, &r), l = mk(&gwa_s, NULL, &s);
	int rc;

	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, SMGW_PKI_VERIFY_TLS_SERVER, 0);
	if (rc)
		print_findings(e.fx->f);
	assert_int_equal(rc, 0);
	env_done(&e);
	node_free(&l);
	node_free(&s);
	node_free(&r);
}

/* A leaf issued by an end-user (cA FALSE) certificate. */
static void test_leaf_signed_by_non_ca(void **state)
{
	struct env e;
	struct node r = mk(&root_s, NULL, NULL), s = mk(&subca_s, NULL, &r), g = mk(&gwa_s, NULL, &s);
	struct spec ls = gwa_s;
	struct node l;
	int rc;

	ls.cn = "EVIL.GWA";
	l = mk(&ls, NULL, &g);
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	inter(&e, g.x);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_USAGE, "X509-INVALID_CA", 1);
	expect(&e, rc, SMGW_E_PKI_USAGE, "SMPKI-CA-BC-CA", 1);
	env_done(&e);
	node_free(&l);
	node_free(&g);
	node_free(&s);
	node_free(&r);
}

/* A sub-CA whose keyUsage lacks keyCertSign. */
static void test_ca_without_keycertsign(void **state)
{
	struct env e;
	struct spec ss = { "ATK.CA", -YEAR, 5 * YEAR,
			   { CA_EXTS("critical,CA:TRUE,pathlen:0", "critical,cRLSign"),
			     { "crlDistributionPoints", "URI:http://root.example/root.crl" } } };
	struct node r = mk(&root_s, NULL, NULL), s = mk(&ss, NULL, &r), l = mk(&gwa_s, NULL, &s);
	int rc;

	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_USAGE, "X509-KEYUSAGE_NO_CERTSIGN", 1);
	expect(&e, rc, SMGW_E_PKI_USAGE, "SMPKI-KU-CA-CERTSIGN", 1);
	env_done(&e);
	node_free(&l);
	node_free(&s);
	node_free(&r);
}

/* pathLenConstraint: a root with pathlen 0 above a sub-CA, and a sub-CA
 * with pathlen 0 above a second sub-CA. */
static void test_pathlen(void **state)
{
	struct env e;
	struct spec rs = ROOT_SPEC("SM-Test-Root.CA", "critical,CA:TRUE,pathlen:0");
	struct spec s2s = subca_s;
	struct node r0 = mk(&rs, NULL, NULL), s = mk(&subca_s, NULL, &r0), l = mk(&gwa_s, NULL, &s);
	struct node r1, s1, s2, l2;
	int rc;

	env_init(&e, *state);
	anchor(&e, r0.x);
	inter(&e, s.x);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_USAGE, "X509-PATH_LENGTH_EXCEEDED", 2);
	env_done(&e);

	r1 = mk(&root_s, NULL, NULL);
	s1 = mk(&subca_s, NULL, &r1);
	s2s.cn = "ATK2.CA";
	s2 = mk(&s2s, NULL, &s1);
	l2 = mk(&gwa_s, NULL, &s2);
	env_init(&e, *state);
	anchor(&e, r1.x);
	inter(&e, s1.x);
	inter(&e, s2.x);
	rc = run(&e, l2.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_USAGE, "X509-PATH_LENGTH_EXCEEDED", 2);
	expect(&e, rc, SMGW_E_PKI_USAGE, "SMPKI-CHAIN-SUBCA-ISSUER", 1);
	env_done(&e);
	node_free(&l);
	node_free(&s);
	node_free(&r0);
	node_free(&l2);
	node_free(&s2);
	node_free(&s1);
	node_free(&r1);
}

/* A sub-CA without pathLenConstraint under a root without one: OpenSSL
 * accepts a four-level chain, the SM-PKI hierarchy does not. */
static void test_four_levels_without_pathlen(void **state)
{
	struct env e;
	struct spec rs = ROOT_SPEC("SM-Test-Root.CA", "critical,CA:TRUE");
	struct spec ss = { "ATK.CA", -YEAR, 5 * YEAR,
			   { CA_EXTS("critical,CA:TRUE", "critical,keyCertSign,cRLSign"),
			     { "crlDistributionPoints", "URI:http://root.example/root.crl" } } };
	struct spec s2s = ss;
	struct node r, s1, s2, l;
	int rc;

	s2s.cn = "ATK2.CA";
	r = mk(&rs, NULL, NULL);
	s1 = mk(&ss, NULL, &r);
	s2 = mk(&s2s, NULL, &s1);
	l = mk(&gwa_s, NULL, &s2);
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s1.x);
	inter(&e, s2.x);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_USAGE, "SMPKI-CHAIN-SUBCA-ISSUER", 1);
	env_done(&e);
	node_free(&l);
	node_free(&s2);
	node_free(&s1);
	node_free(&r);
}

/* Root rollover: the link certificate (new root key, signed by the old
 * root) used as a leaf, and as the direct issuer of an end user. */
static void test_link_misuse(void **state)
{
	struct env e;
	/* the old and the new root differ in the serialNumber RDN; the
	 * link certificate counts for the old root's pathLenConstraint */
	struct spec olds = ROOT_SPEC("SM-Test-Root.CA", "critical,CA:TRUE,pathlen:2");
	struct spec news = olds;
	struct node old, nw, link, s, l, direct;
	struct spec ds = gwa_s;
	int rc;

	news.sn = "2";
	old = mk(&olds, NULL, NULL);
	nw = mk(&news, NULL, NULL);
	link = mk(&news, nw.k, &old);
	s = mk(&subca_s, NULL, &nw);
	l = mk(&gwa_s, NULL, &s);
	ds.cn = "DIRECT.GWA";
	direct = mk(&ds, NULL, &nw);

	/* the proper path through the link validates */
	env_init(&e, *state);
	anchor(&e, old.x);
	inter(&e, link.x);
	inter(&e, s.x);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	if (rc)
		print_findings(e.fx->f);
	assert_int_equal(rc, 0);

	/* the link certificate as a GWA leaf */
	rc = run(&e, link.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_USAGE, "SMPKI-EE-BC-NOT-CA", 0);

	/* the link certificate as the issuer of an end user */
	rc = run(&e, direct.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_USAGE, "SMPKI-CHAIN-EE-ISSUER", 0);

	/* a "link" certificate (a root's name, not self-issued) issued by a
	 * sub-CA, above a second sub-CA: the root's name under a sub-CA */
	{
		struct spec rs = ROOT_SPEC("SM-Test-Root.CA", "critical,CA:TRUE");
		struct spec s1s = { "ATK.CA", -YEAR, 5 * YEAR,
				    { CA_EXTS("critical,CA:TRUE", "critical,keyCertSign,cRLSign"),
				      { "crlDistributionPoints", "URI:http://root.example/root.crl" } } };
		struct spec fl = rs, s2s = s1s;
		struct node r2, s1, f, s2, l2;

		fl.sn = "3";
		s2s.cn = "ATK2.CA";
		r2 = mk(&rs, NULL, NULL);
		s1 = mk(&s1s, NULL, &r2);
		f = mk(&fl, NULL, &s1);
		s2 = mk(&s2s, NULL, &f);
		l2 = mk(&gwa_s, NULL, &s2);
		env_done(&e);
		env_init(&e, *state);
		anchor(&e, r2.x);
		inter(&e, s1.x);
		inter(&e, f.x);
		inter(&e, s2.x);
		rc = run(&e, l2.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
		expect(&e, rc, SMGW_E_PKI_USAGE, "SMPKI-CHAIN-LINK-ISSUER", 2);
		node_free(&l2);
		node_free(&s2);
		node_free(&f);
		node_free(&s1);
		node_free(&r2);
	}
	env_done(&e);

	/* a root certificate as the direct issuer of an end user */
	env_init(&e, *state);
	anchor(&e, nw.x);
	rc = run(&e, direct.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_USAGE, "SMPKI-CHAIN-EE-ISSUER", 0);
	env_done(&e);

	node_free(&direct);
	node_free(&l);
	node_free(&s);
	node_free(&link);
	node_free(&nw);
	node_free(&old);
}

static X509_CRL *mkcrl(const X509 *issuer_cert, EVP_PKEY *signer, long this_up, long next_up, int with_next,
		       const X509 *revoke, const char *crit_ext_oid)
{
	X509_CRL *c = X509_CRL_new();
	ASN1_TIME *t = ASN1_TIME_new();
	ASN1_INTEGER *num = ASN1_INTEGER_new();
	X509V3_CTX v3;
	X509_EXTENSION *ext;

	assert_non_null(c);
	assert_true(X509_CRL_set_version(c, 1));
	assert_true(X509_CRL_set_issuer_name(c, X509_get_subject_name(issuer_cert)));
	assert_non_null(X509_time_adj_ex(t, 0, this_up, &(time_t){ T0 }));
	assert_true(X509_CRL_set1_lastUpdate(c, t));
	if (with_next) {
		assert_non_null(X509_time_adj_ex(t, 0, next_up, &(time_t){ T0 }));
		assert_true(X509_CRL_set1_nextUpdate(c, t));
	}
	if (revoke) {
		X509_REVOKED *rv = X509_REVOKED_new();

		assert_true(X509_REVOKED_set_serialNumber(rv, X509_get_serialNumber((X509 *)revoke)));
		assert_non_null(X509_time_adj_ex(t, 0, this_up, &(time_t){ T0 }));
		assert_true(X509_REVOKED_set_revocationDate(rv, t));
		assert_true(X509_CRL_add0_revoked(c, rv));
	}
	assert_true(ASN1_INTEGER_set(num, 7));
	assert_true(X509_CRL_add1_ext_i2d(c, NID_crl_number, num, 0, 0));
	X509V3_set_ctx(&v3, (X509 *)issuer_cert, NULL, NULL, c, 0);
	ext = X509V3_EXT_nconf(NULL, &v3, "authorityKeyIdentifier", "keyid:always");
	assert_non_null(ext);
	assert_true(X509_CRL_add_ext(c, ext, -1));
	X509_EXTENSION_free(ext);
	if (crit_ext_oid) {
		ASN1_OBJECT *o = OBJ_txt2obj(crit_ext_oid, 1);
		ASN1_OCTET_STRING *v = ASN1_OCTET_STRING_new();

		assert_true(ASN1_OCTET_STRING_set(v, (const unsigned char *)"\x05\x00", 2));
		ext = X509_EXTENSION_create_by_OBJ(NULL, o, 1, v);
		assert_non_null(ext);
		assert_true(X509_CRL_add_ext(c, ext, -1));
		X509_EXTENSION_free(ext);
		ASN1_OBJECT_free(o);
		ASN1_OCTET_STRING_free(v);
	}
	assert_true(X509_CRL_sort(c));
	assert_true(X509_CRL_sign(c, signer, EVP_sha256()) > 0);
	ASN1_TIME_free(t);
	ASN1_INTEGER_free(num);
	return c;
}

/* CRLs: a forged CRL (issuer name of the sub-CA, another key), CRLs whose
 * validity does not cover the time, a CRL without nextUpdate, and a CRL
 * with a critical unknown extension. The leaf is checked against its
 * issuer's CRL (SMGW_PKI_VERIFY_CRL). */
static void test_crl_attacks(void **state)
{
	struct env e;
	struct node r = mk(&root_s, NULL, NULL), s = mk(&subca_s, NULL, &r), l = mk(&gwa_s, NULL, &s);
	EVP_PKEY *rogue = bp256();
	X509_CRL *crl;
	int rc;

	/* good CRL, not revoked: valid; revoking the leaf: revoked */
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	crl = mkcrl(s.x, s.k, 0, 200L * 86400L, 1, NULL, NULL);
	add_crl(&e, crl);
	X509_CRL_free(crl);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, SMGW_PKI_VERIFY_CRL, 0);
	if (rc)
		print_findings(e.fx->f);
	assert_int_equal(rc, 0);
	env_done(&e);

	/* forged: an empty CRL in the sub-CA's name signed by another key,
	 * newer than the real one that revokes the leaf */
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	crl = mkcrl(s.x, s.k, 0, 200L * 86400L, 1, l.x, NULL);
	add_crl(&e, crl);
	X509_CRL_free(crl);
	crl = mkcrl(s.x, rogue, 86400L, 200L * 86400L, 1, NULL, NULL);
	add_crl(&e, crl);
	X509_CRL_free(crl);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, SMGW_PKI_VERIFY_CRL, 0);
	expect(&e, rc, SMGW_E_PKI_SIGNATURE, "X509-CRL_SIGNATURE_FAILURE", 0);
	env_done(&e);

	/* expired (nextUpdate before the time) and not yet valid */
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	crl = mkcrl(s.x, s.k, 0, 50L * 86400L, 1, NULL, NULL);
	add_crl(&e, crl);
	X509_CRL_free(crl);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, SMGW_PKI_VERIFY_CRL, 0);
	expect(&e, rc, SMGW_E_PKI_NO_CRL, "X509-CRL_HAS_EXPIRED", 0);
	env_done(&e);
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	crl = mkcrl(s.x, s.k, 150L * 86400L, 200L * 86400L, 1, NULL, NULL);
	add_crl(&e, crl);
	X509_CRL_free(crl);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, SMGW_PKI_VERIFY_CRL, 0);
	expect(&e, rc, SMGW_E_PKI_NO_CRL, "X509-CRL_NOT_YET_VALID", 0);
	env_done(&e);

	/* no nextUpdate: a CRL that never expires is no proof of the
	 * current status (OpenSSL alone accepts it) */
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	crl = mkcrl(s.x, s.k, 0, 0, 0, NULL, NULL);
	add_crl(&e, crl);
	X509_CRL_free(crl);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, SMGW_PKI_VERIFY_CRL, 0);
	expect(&e, rc, SMGW_E_PKI_NO_CRL, "X509-UNABLE_TO_GET_CRL", 0);
	{
		const struct smgw_pki_finding *w = smgw_pki_findings_find(e.fx->f, "SMPKI-CRL-NEXT-UPDATE");

		assert_non_null(w);
		assert_int_equal(w->severity, SMGW_PKI_SEV_WARNING);
	}
	/* switched off, the CRL is used as OpenSSL would */
	{
		static const char *const off[] = { "SMPKI-CRL-NEXT-UPDATE", NULL };
		struct smgw_pki_verify_opts o;

		memset(&o, 0, sizeof(o));
		o.struct_size = sizeof(o);
		o.flags = SMGW_PKI_VERIFY_CRL;
		o.at = AT_MS;
		o.role = SMGW_PKI_ROLE_GWA;
		o.type = SMGW_PKI_TYPE_TLS;
		o.disabled_rules = off;
		smgw_pki_findings_clear(e.fx->f);
		assert_int_equal(smgw_pki_verify(e.t, e.c[e.nc - 1], NULL, 0, &o, e.fx->f, NULL), 0);
	}
	env_done(&e);

	/* critical unknown CRL extension */
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	crl = mkcrl(s.x, s.k, 0, 200L * 86400L, 1, NULL, "1.3.6.1.4.1.99999.7");
	add_crl(&e, crl);
	X509_CRL_free(crl);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, SMGW_PKI_VERIFY_CRL, 0);
	expect(&e, rc, SMGW_E_PKI_NO_CRL, "X509-UNHANDLED_CRITICAL_CRL_EXTENSION", 0);
	env_done(&e);

	/* a CRL signed by the root for the leaf: not the leaf's issuer */
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	crl = mkcrl(r.x, r.k, 0, 200L * 86400L, 1, NULL, NULL);
	add_crl(&e, crl);
	X509_CRL_free(crl);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, SMGW_PKI_VERIFY_CRL, 0);
	expect(&e, rc, SMGW_E_PKI_NO_CRL, "X509-UNABLE_TO_GET_CRL", 0);
	env_done(&e);

	/* the sub-CA's status from a CRL of a CRL signer of the root that the
	 * sub-CA certificate does not designate (no cRLIssuer in its
	 * distribution point): not used, so no CRL for depth 1 */
	{
		static const struct spec crls_s = { "SM-Test-Root.CA.CRL-S", -YEAR, 5 * YEAR,
						    { { "basicConstraints", "critical,CA:FALSE" },
						      { "keyUsage", "critical,cRLSign" },
						      { "subjectKeyIdentifier", "hash" },
						      { "authorityKeyIdentifier", "keyid:always" },
						      { "certificatePolicies", POL } } };
		struct node cs = mk(&crls_s, NULL, &r);

		env_init(&e, *state);
		anchor(&e, r.x);
		inter(&e, s.x);
		inter(&e, cs.x);
		crl = mkcrl(s.x, s.k, 0, 200L * 86400L, 1, NULL, NULL);
		add_crl(&e, crl);
		X509_CRL_free(crl);
		crl = mkcrl(cs.x, cs.k, 0, 200L * 86400L, 1, NULL, NULL);
		add_crl(&e, crl);
		X509_CRL_free(crl);
		rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, SMGW_PKI_VERIFY_CRL_ALL, 0);
		expect(&e, rc, SMGW_E_PKI_NO_CRL, "X509-UNABLE_TO_GET_CRL", 1);
		env_done(&e);
		node_free(&cs);
	}

	EVP_PKEY_free(rogue);
	node_free(&l);
	node_free(&s);
	node_free(&r);
}

/* A critical extension OpenSSL does not know, in the leaf and in the CA. */
static void test_unknown_critical(void **state)
{
	struct env e;
	struct spec ls = gwa_s, ss = subca_s;
	struct node r = mk(&root_s, NULL, NULL), s, l, s2, l2;
	int rc;

	ls.ext[9][0] = "1.3.6.1.4.1.99999.1";
	ls.ext[9][1] = "critical,DER:05:00";
	s = mk(&subca_s, NULL, &r);
	l = mk(&ls, NULL, &s);
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_INVALID, "X509-UNHANDLED_CRITICAL_EXTENSION", 0);
	expect(&e, rc, SMGW_E_PKI_INVALID, "SMPKI-X509-UNKNOWN-CRITICAL", 0);
	/* also when the caller asks for no leaf profile */
	rc = run(&e, l.x, SMGW_PKI_ROLE_ANY, SMGW_PKI_TYPE_NONE, 0, 0);
	expect(&e, rc, SMGW_E_PKI_INVALID, "X509-UNHANDLED_CRITICAL_EXTENSION", 0);
	env_done(&e);

	ss.ext[6][0] = "1.3.6.1.4.1.99999.2";
	ss.ext[6][1] = "critical,DER:05:00";
	s2 = mk(&ss, NULL, &r);
	l2 = mk(&gwa_s, NULL, &s2);
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s2.x);
	rc = run(&e, l2.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_INVALID, "X509-UNHANDLED_CRITICAL_EXTENSION", 1);
	env_done(&e);
	node_free(&l2);
	node_free(&s2);
	node_free(&l);
	node_free(&s);
	node_free(&r);
}

/* The anchor itself has expired at the validation time (the sub-CA and
 * leaf are still valid). */
static void test_expired_anchor(void **state)
{
	struct env e;
	struct spec rs = ROOT_SPEC("SM-Test-Root.CA", "critical,CA:TRUE,pathlen:1");
	struct node r, s, l;
	int rc;

	rs.na = 50L * 86400L;
	r = mk(&rs, NULL, NULL);
	s = mk(&subca_s, NULL, &r);
	l = mk(&gwa_s, NULL, &s);
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_EXPIRED, "X509-CERT_HAS_EXPIRED", 2);
	env_done(&e);
	node_free(&l);
	node_free(&s);
	node_free(&r);
}

/* Wrong-purpose EKU: a TLS certificate with emailProtection only, and a
 * clientAuth-only certificate used for a TLS server. */
static void test_wrong_eku(void **state)
{
	struct env e;
	struct spec ms = gwa_s, cs = gwa_s;
	struct node r = mk(&root_s, NULL, NULL), s = mk(&subca_s, NULL, &r), m, c;
	int rc;

	ms.ext[7][1] = "critical,emailProtection";
	cs.ext[7][1] = "critical,clientAuth";
	m = mk(&ms, NULL, &s);
	c = mk(&cs, NULL, &s);
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	rc = run(&e, m.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_USAGE, "SMPKI-EKU-TLS", 0);
	rc = run(&e, c.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, SMGW_PKI_VERIFY_TLS_SERVER, 0);
	expect(&e, rc, SMGW_E_PKI_USAGE, "PURPOSE-TLS-SERVER", 0);
	rc = run(&e, c.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, SMGW_PKI_VERIFY_TLS_CLIENT, 0);
	assert_int_equal(rc, 0);
	env_done(&e);
	node_free(&c);
	node_free(&m);
	node_free(&s);
	node_free(&r);
}

/* Policy tricks: a sub-CA that maps the SM-PKI policy onto another one
 * for its subjects; a sub-CA asserting anyPolicy instead of the SM-PKI
 * policy; a root that inhibits the policy and leaf without the policy. */
static void test_policy_tricks(void **state)
{
	struct env e;
	struct spec ms = subca_s, as = subca_s, ls = gwa_s;
	struct node r = mk(&root_s, NULL, NULL), s, l, a, la;
	int rc;

	/* mapping: sub-CA asserts SM-PKI and maps it to 1.2.3.4, the leaf
	 * asserts only 1.2.3.4 */
	ms.ext[6][0] = "policyMappings";
	ms.ext[6][1] = POL ":1.2.3.4";
	ls.ext[4][1] = "1.2.3.4";
	s = mk(&ms, NULL, &r);
	l = mk(&ls, NULL, &s);
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_PROFILE, "SMPKI-POLICY-OID", 0);
	/* RFC 5280 policy processing alone accepts the mapping (1.2.3.4 is
	 * the SM-PKI policy in the sub-CA's domain): only the profile
	 * rule, which wants the SM-PKI OID in every certificate, refuses it */
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, SMGW_PKI_VERIFY_NO_PROFILE, 0);
	assert_int_equal(rc, 0);
	env_done(&e);

	/* anyPolicy in the sub-CA */
	as.ext[4][1] = "2.5.29.32.0";
	a = mk(&as, NULL, &r);
	la = mk(&gwa_s, NULL, &a);
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, a.x);
	rc = run(&e, la.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_PROFILE, "SMPKI-POLICY-OID", 1);
	env_done(&e);
	node_free(&la);
	node_free(&a);
	node_free(&l);
	node_free(&s);
	node_free(&r);
}

/* Name constraints in the sub-CA: a leaf whose subjectAltName is outside
 * the permitted subtree. */
static void test_name_constraints(void **state)
{
	struct env e;
	struct spec ns = subca_s, ls = gwa_s;
	struct node r = mk(&root_s, NULL, NULL), s, l, ok;
	int rc;

	ns.ext[6][0] = "nameConstraints";
	ns.ext[6][1] = "critical,permitted;URI:.allowed.example";
	ls.ext[8][1] = "URI:https://gwa.evil.example/";
	s = mk(&ns, NULL, &r);
	l = mk(&ls, NULL, &s);
	ls.ext[8][1] = "URI:https://gwa.allowed.example/";
	ok = mk(&ls, NULL, &s);
	env_init(&e, *state);
	anchor(&e, r.x);
	inter(&e, s.x);
	rc = run(&e, ok.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	if (rc)
		print_findings(e.fx->f);
	assert_int_equal(rc, 0);
	rc = run(&e, l.x, SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS, 0, 0);
	expect(&e, rc, SMGW_E_PKI_INVALID, "X509-PERMITTED_VIOLATION", 0);
	env_done(&e);
	node_free(&ok);
	node_free(&l);
	node_free(&s);
	node_free(&r);
}

/* Every chain-structure rule of the table is enumerated and is broken by
 * a case above. */
static void test_chain_rules_listed(void **state)
{
	static const char *const tested[] = { "SMPKI-CHAIN-EE-ISSUER", "SMPKI-CHAIN-SUBCA-ISSUER",
					      "SMPKI-CHAIN-LINK-ISSUER" };
	struct smgw_pki_rule_info ri;
	size_t r, i, n = 0;

	(void)state;
	for (r = 0; smgw_pki_profile_rule(r, &ri) == 0; r++) {
		int found = 0;

		if (strncmp(ri.id, "SMPKI-CHAIN-", 12) != 0)
			continue;
		n++;
		for (i = 0; i < sizeof(tested) / sizeof(tested[0]); i++)
			found |= strcmp(tested[i], ri.id) == 0;
		if (!found)
			print_message("# chain rule %s has no test case\n", ri.id);
		assert_true(found);
		assert_true(ri.evidence == 'S' || ri.evidence == 'K');
	}
	assert_int_equal(n, sizeof(tested) / sizeof(tested[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_leaf_signed_by_non_ca),
		cmocka_unit_test(test_ca_without_keycertsign),
		cmocka_unit_test(test_pathlen),
		cmocka_unit_test(test_four_levels_without_pathlen),
		cmocka_unit_test(test_link_misuse),
		cmocka_unit_test(test_crl_attacks),
		cmocka_unit_test(test_unknown_critical),
		cmocka_unit_test(test_expired_anchor),
		cmocka_unit_test(test_wrong_eku),
		cmocka_unit_test(test_policy_tricks),
		cmocka_unit_test(test_name_constraints),
		cmocka_unit_test(test_chain_rules_listed),
	};

	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
