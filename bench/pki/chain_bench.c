/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Chain validation benchmark: smgw_pki_verify() (OpenSSL's
 * X509_verify_cert with strict X.509, explicit SM-PKI policy and the
 * caller's time, plus the TR-03109-4 profile checks of every certificate
 * of the chain) against bare X509_verify_cert() with the same OpenSSL
 * settings, in the same run, on the same chains of a generated
 * SM-Test-PKI (root brainpoolP384r1 -> sub-CA brainpoolP256r1 -> end user
 * brainpoolP256r1). The two engines alternate in rounds so that noise of
 * the shared machine falls on both.
 *
 * Usage: smgw-bench-chain [--seconds S] [--crl]
 *   --crl   both engines also check the leaf against the sub-CA's CRL
 */
/* X509_VERIFY_PARAM_set_time() takes libcrypto's time_t, which may be the
 * 32-bit one on a 32-bit target (see libsmgw-pki/src/cert/ossl-time.c). */
#if defined(SMGW_OSSL_TIME_BITS) && SMGW_OSSL_TIME_BITS == 32
#undef _TIME_BITS
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <smgw/pki.h>

/* CPU time of this thread: on a shared machine, time spent waiting for a
 * core does not count against either engine. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const leaves[] = { "smgw-tls", "gwa-tls", "emt-sig", "gwh-enc" };
static const int roles[] = { SMGW_PKI_ROLE_SMGW, SMGW_PKI_ROLE_GWA, SMGW_PKI_ROLE_EMT, SMGW_PKI_ROLE_GWH };
static const int types[] = { SMGW_PKI_TYPE_TLS, SMGW_PKI_TYPE_TLS, SMGW_PKI_TYPE_SIG, SMGW_PKI_TYPE_ENC };
#define N_LEAVES 4
#define AT_MS 1748736000000LL /* 2025-06-01T00:00:00Z */

struct bare {
	OSSL_LIB_CTX *libctx;
	X509_STORE *store;
	STACK_OF(X509) *untrusted;
	STACK_OF(X509_CRL) *crls;
	int crl;
};

static int bare_verify(struct bare *b, X509 *leaf)
{
	X509_STORE_CTX *xs = X509_STORE_CTX_new_ex(b->libctx, NULL);
	X509_VERIFY_PARAM *p;
	int ok;

	if (!xs || !X509_STORE_CTX_init(xs, b->store, leaf, b->untrusted))
		abort();
	if (b->crl)
		X509_STORE_CTX_set0_crls(xs, b->crls);
	p = X509_STORE_CTX_get0_param(xs);
	X509_VERIFY_PARAM_set_flags(p, X509_V_FLAG_X509_STRICT | X509_V_FLAG_POLICY_CHECK | X509_V_FLAG_EXPLICIT_POLICY |
				       (b->crl ? X509_V_FLAG_CRL_CHECK | X509_V_FLAG_EXTENDED_CRL_SUPPORT : 0));
	X509_VERIFY_PARAM_set_time(p, (time_t)(AT_MS / 1000));
	X509_VERIFY_PARAM_add0_policy(p, OBJ_txt2obj(SMGW_PKI_POLICY_OID, 1));
	ok = X509_verify_cert(xs);
	X509_STORE_CTX_free(xs);
	return ok;
}

int main(int argc, char **argv)
{
	double seconds = 3.0, t0, t_bare = 0, t_ours = 0;
	unsigned long n_bare = 0, n_ours = 0;
	int crl = 0, i, k;
	smgw_ctx *ctx;
	smgw_pki *pki;
	smgw_testpki *tp;
	smgw_pki_trust *trust;
	smgw_pki_findings *f;
	struct bare b;
	struct smgw_pki_verify_opts o = { .struct_size = sizeof(o) };

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
			seconds = atof(argv[++i]);
		} else if (strcmp(argv[i], "--crl") == 0) {
			crl = 1;
		} else if (strcmp(argv[i], "--help") == 0) {
			printf("Usage: smgw-bench-chain [--seconds S] [--crl]\n");
			return 0;
		} else {
			fprintf(stderr, "smgw-bench-chain: unknown argument %s\n", argv[i]);
			return 2;
		}
	}
	if (seconds <= 0 || smgw_ctx_new(NULL, &ctx) != 0 || smgw_pki_new(ctx, &pki) != 0 ||
	    smgw_testpki_generate(pki, NULL, &tp, NULL) != 0 || smgw_pki_trust_new(pki, &trust) != 0 ||
	    smgw_pki_findings_new(pki, &f) != 0)
		return 1;
	if (smgw_pki_trust_add_anchor(trust, smgw_testpki_cert(tp, "root")) != 0 ||
	    smgw_pki_trust_add_intermediate(trust, smgw_testpki_cert(tp, "subca")) != 0 ||
	    smgw_pki_trust_add_crl(trust, smgw_testpki_crl(tp, "subca.crl")) != 0)
		return 1;
	b.libctx = smgw_pki_libctx(pki);
	b.store = X509_STORE_new();
	b.untrusted = sk_X509_new_null();
	b.crls = sk_X509_CRL_new_null();
	b.crl = crl;
	X509_STORE_add_cert(b.store, smgw_cert_x509(smgw_testpki_cert(tp, "root")));
	sk_X509_push(b.untrusted, smgw_cert_x509(smgw_testpki_cert(tp, "subca")));
	sk_X509_CRL_push(b.crls, smgw_crl_x509_crl(smgw_testpki_crl(tp, "subca.crl")));
	o.at = AT_MS;
	o.flags = crl ? SMGW_PKI_VERIFY_CRL : 0;

	/* both engines must accept every chain */
	for (k = 0; k < N_LEAVES; k++) {
		const smgw_cert *leaf = smgw_testpki_cert(tp, leaves[k]);

		o.role = roles[k];
		o.type = types[k];
		smgw_pki_findings_clear(f);
		if (bare_verify(&b, smgw_cert_x509(leaf)) != 1 || smgw_pki_verify(trust, leaf, NULL, 0, &o, f, NULL) != 0 ||
		    smgw_pki_findings_count(f) != 0) {
			fprintf(stderr, "smgw-bench-chain: %s does not validate\n", leaves[k]);
			return 1;
		}
	}
	/* alternate rounds of 50 validations until each engine had its time */
	while (t_bare < seconds || t_ours < seconds) {
		t0 = now_s();
		for (i = 0; i < 50; i++)
			if (bare_verify(&b, smgw_cert_x509(smgw_testpki_cert(tp, leaves[i % N_LEAVES]))) != 1)
				abort();
		t_bare += now_s() - t0;
		n_bare += 50;
		t0 = now_s();
		for (i = 0; i < 50; i++) {
			k = i % N_LEAVES;
			o.role = roles[k];
			o.type = types[k];
			smgw_pki_findings_clear(f);
			if (smgw_pki_verify(trust, smgw_testpki_cert(tp, leaves[k]), NULL, 0, &o, f, NULL) != 0)
				abort();
		}
		t_ours += now_s() - t0;
		n_ours += 50;
	}
	printf("chain: root bp384 -> sub-CA bp256 -> end user bp256%s, %lu/%lu validations\n",
	       crl ? ", leaf CRL check" : "", n_bare, n_ours);
	printf("bare X509_verify_cert:      %8.0f chains per CPU second\n", (double)n_bare / t_bare);
	printf("smgw_pki_verify (+profile): %8.0f chains per CPU second\n", (double)n_ours / t_ours);
	printf("overhead of the profile checks: %.1f %%\n",
	       100.0 * ((t_ours / (double)n_ours) / (t_bare / (double)n_bare) - 1.0));
	sk_X509_free(b.untrusted);
	sk_X509_CRL_free(b.crls);
	X509_STORE_free(b.store);
	smgw_pki_findings_free(f);
	smgw_pki_trust_free(trust);
	smgw_testpki_free(tp);
	smgw_pki_free(pki);
	smgw_ctx_unref(ctx);
	return 0;
}
