/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers of the security-module tests: a private SoftHSM2 token in a
 * temporary directory, and cross-checks of module keys against OpenSSL
 * (EVP in process and the openssl command line), which is the independent
 * truth for signatures and ECDH.
 */
#ifndef SMGW_TEST_SECMOD_UTIL_H
#define SMGW_TEST_SECMOD_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pthread.h>

#include <cmocka.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <smgw/secmod.h>

#define TOKEN_LABEL "smgw-test"
#define TOKEN_PIN "1234"
#define TOKEN_SO_PIN "56781234"

struct tdir {
	char path[256];
};

static inline void tdir_make(struct tdir *d)
{
	const char *t = getenv("TMPDIR");

	snprintf(d->path, sizeof(d->path), "%s/smgw-secmod-XXXXXX", t && *t ? t : "/tmp");
	assert_non_null(mkdtemp(d->path));
}

static inline void tdir_file(const struct tdir *d, const char *name, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%s/%s", d->path, name);

	assert_true(n > 0 && (size_t)n < cap);
}

static inline void tdir_remove(struct tdir *d)
{
	char cmd[300];

	if (!d->path[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d->path);
	assert_int_equal(system(cmd), 0);
	d->path[0] = 0;
}

static inline void write_bin(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* Runs a shell command; returns its exit status, its output in out. */
static inline int run_cmd(char *out, size_t cap, const char *fmt, ...) SMGW_PRINTF(3, 4);
static inline int run_cmd(char *out, size_t cap, const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	FILE *p;
	size_t n = 0;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	assert_non_null(p);
	if (out && cap) {
		n = fread(out, 1, cap - 1, p);
		out[n] = 0;
	} else {
		char sink[256];

		while (fread(sink, 1, sizeof(sink), p) > 0) {
		}
	}
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The SoftHSM2 module of the distribution, or NULL (then the test is skipped). */
static inline const char *softhsm_module(void)
{
	static const char *const paths[] = {
		"/usr/lib/softhsm/libsofthsm2.so",
		"/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
		"/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
		"/usr/lib/arm-linux-gnueabihf/softhsm/libsofthsm2.so",
		"/usr/lib64/softhsm/libsofthsm2.so",
	};
	const char *env = getenv("SMGW_TEST_PKCS11_MODULE");
	size_t i;

	if (env && *env)
		return access(env, R_OK) == 0 ? env : NULL;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], R_OK) == 0)
			return paths[i];
	return NULL;
}

/* SoftHSM2 and its softhsm2-util are installed. Never in a cross build
 * (SMGW_TEST_CROSS): softhsm2-util is a host program and the module the
 * paths above find (qemu-user falls back to host paths) is the host's. */
static inline int softhsm_available(void)
{
#ifdef SMGW_TEST_CROSS
	return 0;
#else
	return softhsm_module() && run_cmd(NULL, 0, "command -v softhsm2-util >/dev/null 2>&1") == 0;
#endif
}

#ifdef SMGW_TEST_CROSS
#define SOFTHSM_MISSING "cross build: SoftHSM2 and softhsm2-util are host programs"
#else
#define SOFTHSM_MISSING "SoftHSM2 not installed (apt-get install softhsm2)"
#endif

/* A fresh token "smgw-test" (user PIN 1234) in a private SOFTHSM2_CONF. */
static inline int softhsm_token(struct tdir *d)
{
	char conf[300], tokens[300];
	FILE *f;

	if (!softhsm_available())
		return -1;
	tdir_make(d);
	tdir_file(d, "tokens", tokens, sizeof(tokens));
	tdir_file(d, "softhsm2.conf", conf, sizeof(conf));
	assert_int_equal(mkdir(tokens, 0700), 0);
	f = fopen(conf, "w");
	assert_non_null(f);
	fprintf(f, "directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
		tokens);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(setenv("SOFTHSM2_CONF", conf, 1), 0);
	assert_int_equal(run_cmd(NULL, 0,
				 "softhsm2-util --init-token --free --label %s --so-pin %s --pin %s >/dev/null 2>&1",
				 TOKEN_LABEL, TOKEN_SO_PIN, TOKEN_PIN),
			 0);
	return 0;
}

static inline smgw_secmod *softhsm_open(smgw_ctx *ctx)
{
	struct smgw_secmod_pkcs11_params p = { sizeof(p), 0, softhsm_module(), TOKEN_LABEL, TOKEN_PIN,
					       strlen(TOKEN_PIN) };
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_secmod *sm = NULL;
	int rc = smgw_secmod_pkcs11_open(ctx, &p, &sm, &diag);

	if (rc)
		print_error("pkcs11 open: %s: %s\n", smgw_strerror_name(rc), diag.message);
	assert_int_equal(rc, 0);
	return sm;
}

/* The module key's public key as an OpenSSL key, from its SPKI. */
static inline EVP_PKEY *key_to_openssl(smgw_secmod_key *key)
{
	uint8_t spki[SMGW_SECMOD_SPKI_MAX], point[SMGW_SECMOD_POINT_MAX], enc[SMGW_SECMOD_POINT_MAX];
	size_t n = sizeof(spki), pn = sizeof(point), en = 0;
	const unsigned char *p = spki;
	char group[64];
	EVP_PKEY *pk;

	assert_int_equal(smgw_secmod_key_spki(key, spki, &n), 0);
	pk = d2i_PUBKEY(NULL, &p, (long)n);
	assert_non_null(pk);
	assert_ptr_equal(p, spki + n);
	assert_int_equal(EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), NULL), 1);
	assert_string_equal(group, smgw_secmod_curve_name(smgw_secmod_key_curve(key)));
	assert_int_equal(smgw_secmod_key_public(key, point, &pn), 0);
	assert_int_equal(EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_PUB_KEY, enc, sizeof(enc), &en), 1);
	assert_int_equal(en, pn);
	assert_memory_equal(enc, point, pn);
	return pk;
}

static inline int openssl_verify_digest(EVP_PKEY *pk, const uint8_t *dg, size_t dn, const uint8_t *sig, size_t sn)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pk, NULL);
	int ok;

	assert_non_null(c);
	assert_int_equal(EVP_PKEY_verify_init(c), 1);
	ok = EVP_PKEY_verify(c, sig, sn, dg, dn);
	EVP_PKEY_CTX_free(c);
	return ok;
}

/* Signs SHA-256 and SHA-384 digests and checks them with OpenSSL EVP, raw
 * converted by OpenSSL itself and DER; a changed digest must fail. */
static inline void cross_check_sign(smgw_secmod_key *key)
{
	static const char *const mds[] = { "SHA256", "SHA384" };
	EVP_PKEY *pk = key_to_openssl(key);
	size_t i;

	for (i = 0; i < 2; i++) {
		uint8_t dg[64], raw[SMGW_SECMOD_SIG_RAW_MAX], der[SMGW_SECMOD_SIG_DER_MAX], *q;
		unsigned int dn = 0;
		size_t rn = sizeof(raw), dern = sizeof(der), half;
		ECDSA_SIG *es;
		BIGNUM *r, *s;
		int len;

		assert_int_equal(EVP_Digest("meter reading 4711", 18, dg, &dn, EVP_get_digestbyname(mds[i]), NULL), 1);
		assert_int_equal(smgw_secmod_sign_digest(key, dg, dn, SMGW_SECMOD_SIG_DER, der, &dern), 0);
		assert_int_equal(openssl_verify_digest(pk, dg, dn, der, dern), 1);
		assert_int_equal(smgw_secmod_sign_digest(key, dg, dn, SMGW_SECMOD_SIG_RAW, raw, &rn), 0);
		assert_int_equal(rn, (size_t)EVP_PKEY_get_bits(pk) / 4);
		/* OpenSSL builds the DER form of the raw signature. */
		half = rn / 2;
		r = BN_bin2bn(raw, (int)half, NULL);
		s = BN_bin2bn(raw + half, (int)half, NULL);
		es = ECDSA_SIG_new();
		assert_true(r && s && es && ECDSA_SIG_set0(es, r, s) == 1);
		q = der;
		len = i2d_ECDSA_SIG(es, &q);
		ECDSA_SIG_free(es);
		assert_true(len > 0);
		assert_int_equal(openssl_verify_digest(pk, dg, dn, der, (size_t)len), 1);
		dg[0] ^= 1;
		assert_int_not_equal(openssl_verify_digest(pk, dg, dn, der, (size_t)len), 1);
	}
	EVP_PKEY_free(pk);
}

/* ECDH with an OpenSSL peer key: Z from the module equals OpenSSL's derive. */
static inline void cross_check_ecdh(smgw_secmod_key *key)
{
	const char *group = smgw_secmod_curve_name(smgw_secmod_key_curve(key));
	EVP_PKEY *peer = EVP_PKEY_Q_keygen(NULL, NULL, "EC", group);
	EVP_PKEY *mine = key_to_openssl(key);
	uint8_t pp[SMGW_SECMOD_POINT_MAX], z1[SMGW_SECMOD_SECRET_MAX], z2[SMGW_SECMOD_SECRET_MAX];
	size_t pn = 0, n1 = sizeof(z1), n2 = sizeof(z2);
	EVP_PKEY_CTX *c;

	assert_non_null(peer);
	assert_int_equal(EVP_PKEY_get_octet_string_param(peer, OSSL_PKEY_PARAM_PUB_KEY, pp, sizeof(pp), &pn), 1);
	assert_int_equal(smgw_secmod_ecdh(key, pp, pn, z1, &n1), 0);
	c = EVP_PKEY_CTX_new(peer, NULL);
	assert_non_null(c);
	assert_int_equal(EVP_PKEY_derive_init(c), 1);
	assert_int_equal(EVP_PKEY_derive_set_peer(c, mine), 1);
	assert_int_equal(EVP_PKEY_derive(c, z2, &n2), 1);
	assert_int_equal(n1, n2);
	assert_memory_equal(z1, z2, n1);
	/* A point off the curve never reaches the module. */
	pp[pn - 1] ^= 1;
	n1 = sizeof(z1);
	assert_int_equal(smgw_secmod_ecdh(key, pp, pn, z1, &n1), SMGW_E_SECMOD_POINT);
	pp[0] = 0x02;
	assert_int_equal(smgw_secmod_ecdh(key, pp, pn, z1, &n1), SMGW_E_SECMOD_POINT);
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(mine);
	EVP_PKEY_free(peer);
}

/* The openssl command line verifies a DER signature with the exported SPKI. */
static inline void cli_verify(smgw_secmod_key *key, const struct tdir *d)
{
	uint8_t spki[SMGW_SECMOD_SPKI_MAX], dg[32], sig[SMGW_SECMOD_SIG_DER_MAX];
	size_t n = sizeof(spki), sn = sizeof(sig);
	unsigned int dn = 0;
	char fpub[300], fdg[300], fsig[300], out[512];

	assert_int_equal(smgw_secmod_key_spki(key, spki, &n), 0);
	assert_int_equal(EVP_Digest("TR-03109", 8, dg, &dn, EVP_sha256(), NULL), 1);
	assert_int_equal(smgw_secmod_sign_digest(key, dg, dn, SMGW_SECMOD_SIG_DER, sig, &sn), 0);
	tdir_file(d, "pub.der", fpub, sizeof(fpub));
	tdir_file(d, "dgst.bin", fdg, sizeof(fdg));
	tdir_file(d, "sig.der", fsig, sizeof(fsig));
	write_bin(fpub, spki, n);
	write_bin(fdg, dg, dn);
	write_bin(fsig, sig, sn);
	assert_int_equal(run_cmd(out, sizeof(out), "openssl pkeyutl -verify -pubin -keyform DER -inkey '%s' -in '%s' -sigfile '%s' 2>&1",
				 fpub, fdg, fsig), 0);
	assert_non_null(strstr(out, "Signature Verified Successfully"));
	sig[sn - 1] ^= 1;
	write_bin(fsig, sig, sn);
	assert_int_not_equal(run_cmd(out, sizeof(out), "openssl pkeyutl -verify -pubin -keyform DER -inkey '%s' -in '%s' -sigfile '%s' 2>&1",
				     fpub, fdg, fsig), 0);
}

/* A self-signed DER certificate made by OpenSSL for a test of the certificate storage. */
static inline int make_cert(uint8_t *der, size_t cap)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP256r1");
	X509 *x = X509_new();
	X509_NAME *nm = X509_NAME_new();
	unsigned char *p = der;
	int n;

	assert_true(k && x && nm);
	assert_int_equal(X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC, (const unsigned char *)"ETEST0000000001.SMGW", -1, -1, 0), 1);
	assert_int_equal(X509_set_version(x, 2), 1);
	assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), 42), 1);
	assert_int_equal(X509_set_subject_name(x, nm), 1);
	assert_int_equal(X509_set_issuer_name(x, nm), 1);
	assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), 0));
	assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 3600));
	assert_int_equal(X509_set_pubkey(x, k), 1);
	assert_true(X509_sign(x, k, EVP_sha256()) > 0);
	n = i2d_X509(x, NULL);
	assert_true(n > 0 && (size_t)n <= cap);
	n = i2d_X509(x, &p);
	X509_NAME_free(nm);
	X509_free(x);
	EVP_PKEY_free(k);
	return n;
}

/* Certificate storage: store, load (size query first), replace, delete. */
static inline void check_cert_storage(smgw_secmod *sm)
{
	uint8_t c1[2048], c2[2048], got[2048];
	int n1 = make_cert(c1, sizeof(c1)), n2 = make_cert(c2, sizeof(c2));
	size_t n = 0;

	assert_int_equal(smgw_secmod_cert_load(sm, "gw-tls", NULL, &n), SMGW_E_NOTFOUND);
	assert_int_equal(smgw_secmod_cert_store(sm, "gw-tls", c1, (size_t)n1), 0);
	n = 0;
	assert_int_equal(smgw_secmod_cert_load(sm, "gw-tls", NULL, &n), SMGW_E_BUFSIZE);
	assert_int_equal(n, (size_t)n1);
	n = 10;
	assert_int_equal(smgw_secmod_cert_load(sm, "gw-tls", got, &n), SMGW_E_BUFSIZE);
	assert_int_equal(n, (size_t)n1);
	n = sizeof(got);
	assert_int_equal(smgw_secmod_cert_load(sm, "gw-tls", got, &n), 0);
	assert_int_equal(n, (size_t)n1);
	assert_memory_equal(got, c1, n);
	assert_int_equal(smgw_secmod_cert_store(sm, "gw-tls", c2, (size_t)n2), 0);
	n = sizeof(got);
	assert_int_equal(smgw_secmod_cert_load(sm, "gw-tls", got, &n), 0);
	assert_int_equal(n, (size_t)n2);
	assert_memory_equal(got, c2, n);
	/* Not one DER SEQUENCE of that length. */
	assert_int_equal(smgw_secmod_cert_store(sm, "gw-tls", c2, (size_t)n2 - 1), SMGW_E_ENCODING);
	assert_int_equal(smgw_secmod_cert_delete(sm, "gw-tls"), 0);
	n = sizeof(got);
	assert_int_equal(smgw_secmod_cert_load(sm, "gw-tls", got, &n), SMGW_E_NOTFOUND);
	assert_int_equal(smgw_secmod_cert_delete(sm, "gw-tls"), SMGW_E_NOTFOUND);
}

/* Generic checks of a module: every curve, argument checks, random. */
static inline void check_module(smgw_secmod *sm, const struct tdir *d)
{
	static const enum smgw_secmod_curve curves[] = {
		SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_CURVE_BRAINPOOLP384R1, SMGW_SECMOD_CURVE_BRAINPOOLP512R1,
		SMGW_SECMOD_CURVE_NIST_P256, SMGW_SECMOD_CURVE_NIST_P384,
	};
	const uint32_t both = SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE;
	uint8_t r1[32], r2[32], big[3000], dg[32] = { 0 }, sig[SMGW_SECMOD_SIG_DER_MAX];
	size_t i, sn;
	smgw_secmod_key *key;

	for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++) {
		int nist = curves[i] >= SMGW_SECMOD_CURVE_NIST_P256;
		char slot[32];

		snprintf(slot, sizeof(slot), "key-%zu", i);
		if (nist)
			assert_int_equal(smgw_secmod_generate(sm, slot, curves[i], both, &key), SMGW_E_UNSUPPORTED);
		assert_int_equal(smgw_secmod_generate(sm, slot, curves[i], both | (nist ? SMGW_SECMOD_GEN_EPHEMERAL : 0),
						      &key), 0);
		assert_int_equal(smgw_secmod_key_curve(key), curves[i]);
		assert_string_equal(smgw_secmod_key_slot(key), slot);
		cross_check_sign(key);
		cross_check_ecdh(key);
		if (i == 0)
			cli_verify(key, d);
		smgw_secmod_key_free(key);
	}
	/* Usage is enforced: a signing key does not derive and the reverse. */
	assert_int_equal(smgw_secmod_generate(sm, "sig-only", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_SIGN, &key), 0);
	{
		EVP_PKEY *peer = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP256r1");
		uint8_t pp[SMGW_SECMOD_POINT_MAX], z[SMGW_SECMOD_SECRET_MAX];
		size_t pn = 0, zn = sizeof(z);

		assert_int_equal(EVP_PKEY_get_octet_string_param(peer, OSSL_PKEY_PARAM_PUB_KEY, pp, sizeof(pp), &pn), 1);
		assert_true(smgw_secmod_ecdh(key, pp, pn, z, &zn) < 0);
		EVP_PKEY_free(peer);
	}
	smgw_secmod_key_free(key);
	assert_int_equal(smgw_secmod_generate(sm, "enc-only", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_DERIVE, &key), 0);
	sn = sizeof(sig);
	assert_true(smgw_secmod_sign_digest(key, dg, sizeof(dg), SMGW_SECMOD_SIG_DER, sig, &sn) < 0);
	/* Size query and argument checks. */
	sn = 0;
	assert_int_equal(smgw_secmod_sign_digest(key, dg, sizeof(dg), SMGW_SECMOD_SIG_RAW, NULL, &sn), SMGW_E_BUFSIZE);
	assert_int_equal(sn, 64);
	assert_int_equal(smgw_secmod_sign_digest(key, dg, 19, SMGW_SECMOD_SIG_RAW, sig, &sn), SMGW_E_INVAL);
	assert_int_equal(smgw_secmod_sign_digest(key, dg, sizeof(dg), 7, sig, &sn), SMGW_E_INVAL);
	smgw_secmod_key_free(key);
	/* Slot names. */
	assert_int_equal(smgw_secmod_generate(sm, "../x", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, both, &key), SMGW_E_INVAL);
	assert_int_equal(smgw_secmod_generate(sm, ".hidden", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, both, &key), SMGW_E_INVAL);
	assert_int_equal(smgw_secmod_generate(sm, "", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, both, &key), SMGW_E_INVAL);
	assert_int_equal(smgw_secmod_generate(sm, "a", SMGW_SECMOD_CURVE_NONE, both, &key), SMGW_E_INVAL);
	assert_int_equal(smgw_secmod_generate(sm, "a", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, 0, &key), SMGW_E_INVAL);
	assert_int_equal(smgw_secmod_key_open(sm, "no-such-slot", &key), SMGW_E_NOTFOUND);
	/* Random bytes. */
	assert_int_equal(smgw_secmod_random(sm, r1, sizeof(r1)), 0);
	assert_int_equal(smgw_secmod_random(sm, r2, sizeof(r2)), 0);
	assert_memory_not_equal(r1, r2, sizeof(r1));
	memset(big, 0, sizeof(big));
	assert_int_equal(smgw_secmod_random(sm, big, sizeof(big)), 0);
	assert_memory_not_equal(big + 2900, r1, 32); /* the tail past the first 1024-byte call is filled */
	{
		static const uint8_t zero[64];

		assert_memory_not_equal(big + sizeof(big) - 64, zero, 64);
	}
	check_cert_storage(sm);
}

/* Persistence: a key generated in a slot is found again after reopening. */
static inline void check_persistence(smgw_secmod *(*reopen)(void *), void *arg)
{
	smgw_secmod *sm = reopen(arg);
	smgw_secmod_key *key, *again;
	uint8_t p1[SMGW_SECMOD_POINT_MAX], p2[SMGW_SECMOD_POINT_MAX];
	size_t n1 = sizeof(p1), n2 = sizeof(p2);
	const uint32_t both = SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE;

	assert_int_equal(smgw_secmod_generate(sm, "smgw-tls", SMGW_SECMOD_CURVE_BRAINPOOLP384R1, both, &key), 0);
	assert_int_equal(smgw_secmod_key_public(key, p1, &n1), 0);
	assert_int_equal(smgw_secmod_generate(sm, "smgw-tls", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, both, &again), SMGW_E_EXISTS);
	smgw_secmod_key_free(key);
	smgw_secmod_free(sm);

	sm = reopen(arg);
	assert_int_equal(smgw_secmod_key_open(sm, "smgw-tls", &key), 0);
	assert_int_equal(smgw_secmod_key_curve(key), SMGW_SECMOD_CURVE_BRAINPOOLP384R1);
	assert_int_equal(smgw_secmod_key_public(key, p2, &n2), 0);
	assert_int_equal(n1, n2);
	assert_memory_equal(p1, p2, n1);
	cross_check_sign(key);
	cross_check_ecdh(key);
	/* Replace: a new key in the same slot. */
	assert_int_equal(smgw_secmod_generate(sm, "smgw-tls", SMGW_SECMOD_CURVE_BRAINPOOLP256R1,
					      both | SMGW_SECMOD_GEN_REPLACE, &again), 0);
	n2 = sizeof(p2);
	assert_int_equal(smgw_secmod_key_public(again, p2, &n2), 0);
	assert_int_equal(n2, 65);
	smgw_secmod_key_free(again);
	smgw_secmod_key_free(key);
	assert_int_equal(smgw_secmod_key_open(sm, "smgw-tls", &key), 0);
	assert_int_equal(smgw_secmod_key_curve(key), SMGW_SECMOD_CURVE_BRAINPOOLP256R1);
	smgw_secmod_key_free(key);
	assert_int_equal(smgw_secmod_key_delete(sm, "smgw-tls"), 0);
	assert_int_equal(smgw_secmod_key_open(sm, "smgw-tls", &key), SMGW_E_NOTFOUND);
	assert_int_equal(smgw_secmod_key_delete(sm, "smgw-tls"), SMGW_E_NOTFOUND);
	/* A key handle keeps its module alive. */
	assert_int_equal(smgw_secmod_generate(sm, "eph", SMGW_SECMOD_CURVE_NIST_P256,
					      SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_EPHEMERAL, &key), 0);
	smgw_secmod_free(sm);
	cross_check_sign(key);
	smgw_secmod_key_free(key);
}

struct thr_arg {
	smgw_secmod_key *key;
	int failures;
};

static inline void *thr_sign(void *p)
{
	struct thr_arg *a = p;
	uint8_t dg[32], sig[SMGW_SECMOD_SIG_DER_MAX];
	int i;

	for (i = 0; i < 40; i++) {
		size_t n = sizeof(sig);

		memset(dg, i, sizeof(dg));
		if (smgw_secmod_sign_digest(a->key, dg, sizeof(dg), SMGW_SECMOD_SIG_DER, sig, &n) != 0)
			a->failures++;
	}
	return NULL;
}

/* Four threads sign with one key at once; the module serialises them. */
static inline void check_threads(smgw_secmod *sm)
{
	struct thr_arg a[4];
	pthread_t t[4];
	smgw_secmod_key *key;
	int i;

	assert_int_equal(smgw_secmod_generate(sm, "thr", SMGW_SECMOD_CURVE_BRAINPOOLP256R1,
					      SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_EPHEMERAL, &key), 0);
	for (i = 0; i < 4; i++) {
		a[i].key = smgw_secmod_key_ref(key);
		a[i].failures = 0;
		assert_int_equal(pthread_create(&t[i], NULL, thr_sign, &a[i]), 0);
	}
	/* all joined before the first check, which would leave the function
	 * while running threads still use a[] */
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(a[i].failures, 0);
		smgw_secmod_key_free(a[i].key);
	}
	cross_check_sign(key);
	smgw_secmod_key_free(key);
}

#endif
