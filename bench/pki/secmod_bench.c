/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Security-module benchmark: ECDSA signatures of a SHA-256 digest and ECDH
 * per second, through the PKCS#11 backend (SoftHSM2 in a private token),
 * the software backend and the provider (EVP_DigestSign with a module
 * key), against OpenSSL's EVP_PKEY_sign()/EVP_PKEY_derive() with an
 * in-memory key in the same process and run.
 *
 *   smgw-bench-secmod [--seconds S] [--module PATH]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include <smgw/pki.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef int (*op_fn)(void *arg);

/* Operations per second of fn over at least `seconds` (after one warm-up call). */
static double rate(op_fn fn, void *arg, double seconds)
{
	double t0, t;
	long n = 0;

	if (fn(arg) != 0)
		return -1;
	t0 = now();
	do {
		int i;

		for (i = 0; i < 16; i++)
			if (fn(arg) != 0)
				return -1;
		n += 16;
		t = now();
	} while (t - t0 < seconds);
	return (double)n / (t - t0);
}

static uint8_t digest[32];

struct ossl_arg {
	EVP_PKEY *key, *peer;
	OSSL_LIB_CTX *libctx;
};

static int ossl_sign(void *p)
{
	struct ossl_arg *a = p;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(a->libctx, a->key, NULL);
	uint8_t sig[160];
	size_t n = sizeof(sig);
	int ok = c && EVP_PKEY_sign_init(c) == 1 && EVP_PKEY_sign(c, sig, &n, digest, sizeof(digest)) == 1;

	EVP_PKEY_CTX_free(c);
	return ok ? 0 : -1;
}

static int ossl_ecdh(void *p)
{
	struct ossl_arg *a = p;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(a->libctx, a->key, NULL);
	uint8_t z[64];
	size_t n = sizeof(z);
	int ok = c && EVP_PKEY_derive_init(c) == 1 && EVP_PKEY_derive_set_peer(c, a->peer) == 1 &&
		 EVP_PKEY_derive(c, z, &n) == 1;

	EVP_PKEY_CTX_free(c);
	return ok ? 0 : -1;
}

struct sm_arg {
	smgw_secmod_key *key;
	uint8_t peer[SMGW_SECMOD_POINT_MAX];
	size_t peer_len;
	EVP_PKEY *pkey;
	OSSL_LIB_CTX *libctx;
};

static int sm_sign(void *p)
{
	struct sm_arg *a = p;
	uint8_t sig[SMGW_SECMOD_SIG_DER_MAX];
	size_t n = sizeof(sig);

	return smgw_secmod_sign_digest(a->key, digest, sizeof(digest), SMGW_SECMOD_SIG_DER, sig, &n);
}

static int sm_ecdh(void *p)
{
	struct sm_arg *a = p;
	uint8_t z[SMGW_SECMOD_SECRET_MAX];
	size_t n = sizeof(z);

	return smgw_secmod_ecdh(a->key, a->peer, a->peer_len, z, &n);
}

static int prov_sign(void *p)
{
	struct sm_arg *a = p;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint8_t sig[SMGW_SECMOD_SIG_DER_MAX];
	size_t n = sizeof(sig);
	int ok = md && EVP_DigestSignInit_ex(md, NULL, "SHA256", a->libctx, NULL, a->pkey, NULL) == 1 &&
		 EVP_DigestSign(md, sig, &n, (const unsigned char *)"meter reading", 13) == 1;

	EVP_MD_CTX_free(md);
	return ok ? 0 : -1;
}

#define ROUNDS 7

struct bcase {
	const char *what;
	op_fn fn;
	void *arg;
	int is_ecdh;
	double rates[ROUNDS];
};

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(const double *v)
{
	double t[ROUNDS];

	memcpy(t, v, sizeof(t));
	qsort(t, ROUNDS, sizeof(t[0]), dcmp);
	return t[ROUNDS / 2];
}

static const char *softhsm(void)
{
	static const char *const paths[] = {
		"/usr/lib/softhsm/libsofthsm2.so",
		"/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
		"/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], R_OK) == 0)
			return paths[i];
	return NULL;
}

static void row(const char *what, const char *curve, double r, double ref)
{
	if (r < 0) {
		printf("| %s | %s | failed | |\n", what, curve);
		return;
	}
	if (ref > 0)
		printf("| %s | %s | %.0f | %.2f |\n", what, curve, r, r / ref);
	else
		printf("| %s | %s | %.0f | 1.00 |\n", what, curve, r);
}

int main(int argc, char **argv)
{
	static const enum smgw_secmod_curve curves[] = { SMGW_SECMOD_CURVE_BRAINPOOLP256R1,
							  SMGW_SECMOD_CURVE_BRAINPOOLP384R1 };
	const char *module = NULL;
	double seconds = 2;
	char dir[] = "/tmp/smgw-bench-secmod-XXXXXX", path[600];
	smgw_ctx *ctx;
	smgw_pki *pki;
	OSSL_LIB_CTX *libctx;
	OSSL_PROVIDER *prov;
	smgw_secmod *soft = NULL, *p11 = NULL;
	size_t i;
	int j;

	for (j = 1; j < argc; j++) {
		if (strcmp(argv[j], "--seconds") == 0 && j + 1 < argc) {
			seconds = atof(argv[++j]);
		} else if (strcmp(argv[j], "--module") == 0 && j + 1 < argc) {
			module = argv[++j];
		} else if (strcmp(argv[j], "--help") == 0) {
			printf("Usage: %s [--seconds S] [--module PKCS11.so]\n"
			       "Signatures and ECDH per second: PKCS#11 (SoftHSM2 token in a temporary\n"
			       "directory), software backend, provider, against OpenSSL in process.\n", argv[0]);
			return 0;
		} else {
			fprintf(stderr, "%s: bad argument '%s' (see --help)\n", argv[0], argv[j]);
			return 2;
		}
	}
	if (!(seconds > 0)) {
		fprintf(stderr, "%s: --seconds must be positive\n", argv[0]);
		return 2;
	}
	if (!module)
		module = softhsm();
	memset(digest, 0x5a, sizeof(digest));
	if (!mkdtemp(dir) || smgw_ctx_new(NULL, &ctx) || smgw_pki_new(ctx, &pki))
		return 1;
	libctx = smgw_pki_libctx(pki);
	if (smgw_secmod_provider_load(libctx, NULL, &prov) || smgw_secmod_soft_open(ctx, dir, &soft, NULL))
		return 1;
	if (module) {
		FILE *f;
		struct smgw_secmod_pkcs11_params pp = { sizeof(pp), 0, module, "bench", "1234", 4 };

		snprintf(path, sizeof(path), "%s/softhsm2.conf", dir);
		f = fopen(path, "w");
		if (!f)
			return 1;
		fprintf(f, "directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n", dir);
		fclose(f);
		setenv("SOFTHSM2_CONF", path, 1);
		snprintf(path, sizeof(path),
			 "softhsm2-util --init-token --free --label bench --so-pin 12345678 --pin 1234 >/dev/null 2>&1");
		if (system(path) != 0 || smgw_secmod_pkcs11_open(ctx, &pp, &p11, NULL) != 0) {
			fprintf(stderr, "PKCS#11 module %s not usable; PKCS#11 rows skipped\n", module);
			p11 = NULL;
		}
	}
	printf("| operation | curve | per second (median of %d rounds) | vs OpenSSL in process |\n|---|---|---|---|\n",
	       ROUNDS);
	for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++) {
		const char *name = smgw_secmod_curve_name(curves[i]);
		struct ossl_arg oa = { EVP_PKEY_Q_keygen(libctx, NULL, "EC", name), EVP_PKEY_Q_keygen(libctx, NULL, "EC", name),
				       libctx };
		struct sm_arg sa = { 0 }, pa = { 0 };
		struct bcase cases[8];
		size_t nc = 0, c;
		int r;

		if (!oa.key || !oa.peer)
			return 1;
		sa.peer_len = sizeof(sa.peer);
		if (EVP_PKEY_get_octet_string_param(oa.peer, OSSL_PKEY_PARAM_PUB_KEY, sa.peer, sizeof(sa.peer), &sa.peer_len) != 1)
			return 1;
		memcpy(pa.peer, sa.peer, sa.peer_len);
		pa.peer_len = sa.peer_len;
		if (smgw_secmod_generate(soft, "bench", curves[i],
					 SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE | SMGW_SECMOD_GEN_REPLACE, &sa.key))
			return 1;
		if (p11 && (smgw_secmod_generate(p11, "bench", curves[i],
						 SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE | SMGW_SECMOD_GEN_REPLACE, &pa.key) ||
			    smgw_secmod_key_pkey(pa.key, libctx, &pa.pkey)))
			return 1;
		pa.libctx = libctx;
		cases[nc++] = (struct bcase){ "ECDSA sign, OpenSSL EVP_PKEY_sign (key in memory)", ossl_sign, &oa, 0, { 0 } };
		cases[nc++] = (struct bcase){ "ECDSA sign, software backend", sm_sign, &sa, 0, { 0 } };
		if (p11) {
			cases[nc++] = (struct bcase){ "ECDSA sign, PKCS#11 SoftHSM2 (smgw_secmod_sign_digest)", sm_sign, &pa, 0, { 0 } };
			cases[nc++] = (struct bcase){ "ECDSA sign, PKCS#11 SoftHSM2 via provider (EVP_DigestSign)", prov_sign, &pa, 0, { 0 } };
		}
		cases[nc++] = (struct bcase){ "ECDH, OpenSSL EVP_PKEY_derive (key in memory)", ossl_ecdh, &oa, 1, { 0 } };
		cases[nc++] = (struct bcase){ "ECDH, software backend", sm_ecdh, &sa, 1, { 0 } };
		if (p11)
			cases[nc++] = (struct bcase){ "ECDH, PKCS#11 SoftHSM2", sm_ecdh, &pa, 1, { 0 } };
		/* Rounds interleave the cases, so load on a shared machine hits all alike. */
		for (r = 0; r < ROUNDS; r++)
			for (c = 0; c < nc; c++)
				cases[c].rates[r] = rate(cases[c].fn, cases[c].arg, seconds / ROUNDS);
		for (c = 0; c < nc; c++) {
			double ref = median(cases[cases[c].is_ecdh ? (p11 ? 4 : 2) : 0].rates);

			row(cases[c].what, name, median(cases[c].rates), c == 0 || c == (p11 ? 4u : 2u) ? 0 : ref);
		}
		EVP_PKEY_free(pa.pkey);
		smgw_secmod_key_free(pa.key);
		smgw_secmod_key_free(sa.key);
		EVP_PKEY_free(oa.key);
		EVP_PKEY_free(oa.peer);
	}
	smgw_secmod_free(p11);
	smgw_secmod_free(soft);
	OSSL_PROVIDER_unload(prov);
	smgw_pki_free(pki);
	smgw_ctx_unref(ctx);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 1;
	return 0;
}
