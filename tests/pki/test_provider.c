/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The "smgw-secmod" OpenSSL provider: module keys as EVP_PKEYs in the
 * suite's library context, with independent peers: a TLS 1.2 ECDHE-ECDSA
 * handshake whose server key lives in the module (SoftHSM2, and the
 * software backend) against an in-process OpenSSL client in the default
 * library context, against `openssl s_client` and against `gnutls-cli`
 * (P-256: GnuTLS has no brainpool); the gateway as TLS client with its
 * module key against a GWA server that requires the certificate; a CMS SignedData verified by
 * `openssl cms -verify`; CMS EnvelopedData and AuthEnvelopedData made by
 * `openssl cms -encrypt` and decrypted with the module key (ECDH in the
 * module, X9.63 KDF on the host); certificates signed by the module and
 * checked by X509_verify(); ECDH against OpenSSL's derive.
 */
#include "test_secmod_util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/provider.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <smgw/pki.h>

struct fixture {
	smgw_ctx *ctx;
	smgw_pki *pki;
	OSSL_LIB_CTX *libctx;
	OSSL_PROVIDER *prov;
	struct tdir dir;
	smgw_secmod *sm;
	int pkcs11;
};

static int setup_common(struct fixture *f)
{
	assert_int_equal(smgw_ctx_new(NULL, &f->ctx), 0);
	assert_int_equal(smgw_pki_new(f->ctx, &f->pki), 0);
	f->libctx = smgw_pki_libctx(f->pki);
	assert_non_null(f->libctx);
	assert_int_equal(smgw_secmod_provider_load(f->libctx, NULL, &f->prov), 0);
	return 0;
}

static int setup_soft(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	setup_common(f);
	tdir_make(&f->dir);
	assert_int_equal(smgw_secmod_soft_open(f->ctx, f->dir.path, &f->sm, NULL), 0);
	*state = f;
	return 0;
}

static int setup_p11(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	if (softhsm_token(&f->dir) != 0) {
		free(f);
		*state = NULL;
		return 0;
	}
	setup_common(f);
	f->sm = softhsm_open(f->ctx);
	f->pkcs11 = 1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (!f)
		return 0;
	smgw_secmod_free(f->sm);
	OSSL_PROVIDER_unload(f->prov);
	smgw_pki_free(f->pki);
	tdir_remove(&f->dir);
	smgw_ctx_unref(f->ctx);
	free(f);
	return 0;
}

/* main() runs the SoftHSM2 cases only when SoftHSM2 is installed. */
#define NEED(f) assert_non_null(f)

static EVP_PKEY *module_pkey(struct fixture *f, const char *slot, enum smgw_secmod_curve curve, smgw_secmod_key **ret_key)
{
	smgw_secmod_key *key;
	EVP_PKEY *pk = NULL;

	assert_int_equal(smgw_secmod_generate(f->sm, slot, curve, SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE, &key), 0);
	assert_int_equal(smgw_secmod_key_pkey(key, f->libctx, &pk), 0);
	if (ret_key)
		*ret_key = key;
	else
		smgw_secmod_key_free(key); /* the EVP_PKEY holds its own reference */
	return pk;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *e;

	X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	assert_non_null(e);
	assert_int_equal(X509_add_ext(x, e, -1), 1);
	X509_EXTENSION_free(e);
}

/* A certificate for pub, issued by issuer/issuer_key (self-signed if issuer is NULL). */
static X509 *make_cert_ku(OSSL_LIB_CTX *libctx, EVP_PKEY *pub, const char *cn, X509 *issuer, EVP_PKEY *issuer_key, int ca,
			  const char *ku, const char *san)
{
	X509 *x = X509_new_ex(libctx, NULL);
	X509_NAME *nm = X509_NAME_new();
	static long serial = 100;

	assert_true(x && nm);
	assert_int_equal(X509_NAME_add_entry_by_txt(nm, "O", MBSTRING_ASC, (const unsigned char *)"SM-Test-PKI-DE", -1, -1, 0), 1);
	assert_int_equal(X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0), 1);
	assert_int_equal(X509_set_version(x, 2), 1);
	assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), serial++), 1);
	assert_int_equal(X509_set_subject_name(x, nm), 1);
	assert_int_equal(X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : nm), 1);
	assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), -60));
	assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 3600));
	assert_int_equal(X509_set_pubkey(x, pub), 1);
	if (ca) {
		add_ext(x, issuer ? issuer : x, NID_basic_constraints, "critical,CA:TRUE");
		add_ext(x, issuer ? issuer : x, NID_key_usage, "critical,keyCertSign,cRLSign");
	} else {
		add_ext(x, issuer ? issuer : x, NID_key_usage, ku);
	}
	if (san)
		add_ext(x, issuer ? issuer : x, NID_subject_alt_name, san);
	if (X509_sign(x, issuer_key, EVP_sha256()) <= 0) {
		ERR_print_errors_fp(stderr);
		fail();
	}
	X509_NAME_free(nm);
	return x;
}

static X509 *make_cert_for(OSSL_LIB_CTX *libctx, EVP_PKEY *pub, const char *cn, X509 *issuer, EVP_PKEY *issuer_key, int ca)
{
	return make_cert_ku(libctx, pub, cn, issuer, issuer_key, ca, "critical,digitalSignature", NULL);
}

/* The module key's public half as a plain OpenSSL key of the default context. */
static EVP_PKEY *public_of(smgw_secmod_key *key)
{
	return key_to_openssl(key);
}

static void test_pkey(void **state)
{
	struct fixture *f = *state;
	smgw_secmod_key *key;
	EVP_PKEY *pk, *pub, *peer, *mine_in_ctx;
	EVP_MD_CTX *md;
	EVP_PKEY_CTX *dc;
	uint8_t sig[200], z1[64], z2[64];
	size_t sn = sizeof(sig), n1 = sizeof(z1), n2 = sizeof(z2);
	char group[64];
	BIGNUM *bn = NULL;
	BIO *bio;
	int i;
	static const enum smgw_secmod_curve curves[] = { SMGW_SECMOD_CURVE_BRAINPOOLP256R1,
							  SMGW_SECMOD_CURVE_BRAINPOOLP384R1,
							  SMGW_SECMOD_CURVE_BRAINPOOLP512R1 };

	NEED(f);
	for (i = 0; i < 3; i++) {
		char slot[16];

		snprintf(slot, sizeof(slot), "p%d", i);
		pk = module_pkey(f, slot, curves[i], &key);
		pub = public_of(key);
		assert_true(EVP_PKEY_is_a(pk, "EC"));
		assert_int_equal(EVP_PKEY_get_bits(pk), EVP_PKEY_get_bits(pub));
		assert_int_equal(EVP_PKEY_get_security_bits(pk), EVP_PKEY_get_security_bits(pub));
		assert_int_equal(EVP_PKEY_get_group_name(pk, group, sizeof(group), NULL), 1);
		assert_string_equal(group, smgw_secmod_curve_name(curves[i]));
		assert_string_equal(OSSL_PROVIDER_get0_name(EVP_PKEY_get0_provider(pk)), SMGW_SECMOD_PROVIDER_NAME);
		/* The private key never comes out. */
		assert_int_equal(EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_PRIV_KEY, &bn), 0);
		bio = BIO_new(BIO_s_mem());
		assert_int_equal(PEM_write_bio_PrivateKey(bio, pk, NULL, NULL, 0, NULL, NULL), 0);
		BIO_free(bio);
		ERR_clear_error();
		/* EVP_PKEY_eq across providers: the same public key. */
		assert_int_equal(EVP_PKEY_eq(pub, pk), 1);
		assert_int_equal(EVP_PKEY_eq(pk, pub), 1);

		/* EVP_DigestSign in the suite context, verified by OpenSSL. */
		md = EVP_MD_CTX_new();
		sn = sizeof(sig);
		assert_int_equal(EVP_DigestSignInit_ex(md, NULL, i == 0 ? "SHA256" : "SHA384", f->libctx, NULL, pk, NULL), 1);
		assert_int_equal(EVP_DigestSignUpdate(md, "abc", 3), 1);
		assert_int_equal(EVP_DigestSignUpdate(md, "def", 3), 1);
		assert_int_equal(EVP_DigestSignFinal(md, sig, &sn), 1);
		EVP_MD_CTX_free(md);
		md = EVP_MD_CTX_new();
		assert_int_equal(EVP_DigestVerifyInit(md, NULL, i == 0 ? EVP_sha256() : EVP_sha384(), NULL, pub), 1);
		assert_int_equal(EVP_DigestVerify(md, sig, sn, (const unsigned char *)"abcdef", 6), 1);
		EVP_MD_CTX_free(md);
		/* SHA-1 is refused. */
		md = EVP_MD_CTX_new();
		assert_int_not_equal(EVP_DigestSignInit_ex(md, NULL, "SHA1", f->libctx, NULL, pk, NULL), 1);
		EVP_MD_CTX_free(md);
		ERR_clear_error();

		/* EVP_PKEY_derive through the module equals OpenSSL's derive. */
		peer = EVP_PKEY_Q_keygen(f->libctx, NULL, "EC", group);
		assert_non_null(peer);
		dc = EVP_PKEY_CTX_new_from_pkey(f->libctx, pk, NULL);
		assert_int_equal(EVP_PKEY_derive_init(dc), 1);
		assert_int_equal(EVP_PKEY_derive_set_peer(dc, peer), 1);
		n1 = sizeof(z1);
		assert_int_equal(EVP_PKEY_derive(dc, z1, &n1), 1);
		EVP_PKEY_CTX_free(dc);
		mine_in_ctx = pub;
		dc = EVP_PKEY_CTX_new_from_pkey(f->libctx, peer, NULL);
		assert_int_equal(EVP_PKEY_derive_init(dc), 1);
		assert_int_equal(EVP_PKEY_derive_set_peer(dc, mine_in_ctx), 1);
		n2 = sizeof(z2);
		assert_int_equal(EVP_PKEY_derive(dc, z2, &n2), 1);
		EVP_PKEY_CTX_free(dc);
		assert_int_equal(n1, n2);
		assert_memory_equal(z1, z2, n1);
		EVP_PKEY_free(peer);
		EVP_PKEY_free(pub);
		EVP_PKEY_free(pk);
		smgw_secmod_key_free(key);
	}
	/* Not loaded: a library context without the provider. */
	{
		OSSL_LIB_CTX *other = OSSL_LIB_CTX_new();

		pk = module_pkey(f, "q", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, &key);
		EVP_PKEY_free(pk);
		pk = NULL;
		assert_int_equal(smgw_secmod_key_pkey(key, other, &pk), SMGW_E_STATE);
		assert_null(pk);
		assert_int_equal(smgw_secmod_key_pkey(key, NULL, &pk), SMGW_E_INVAL);
		smgw_secmod_key_free(key);
		OSSL_LIB_CTX_free(other);
	}
}

/* Hostile use of a module key through OpenSSL: a peer key of another
 * curve (NIST P-256 against brainpoolP256r1, X25519, brainpoolP384r1),
 * operations the provider does not offer (encryption, decryption,
 * EVP_PKEY_sign of a digest of the wrong length, a too small signature
 * buffer). Each fails cleanly, without a crash or a wrong secret. */
static void test_provider_refusals(void **state)
{
	struct fixture *f = *state;
	static const char *const others[] = { "P-256", "brainpoolP384r1" };
	smgw_secmod_key *key;
	EVP_PKEY *pk, *peer;
	EVP_PKEY_CTX *c;
	uint8_t out[200], dg[32] = { 7 };
	size_t n, i;

	NEED(f);
	pk = module_pkey(f, "refuse", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, &key);
	for (i = 0; i < 2; i++) {
		peer = EVP_PKEY_Q_keygen(f->libctx, NULL, "EC", others[i]);
		assert_non_null(peer);
		c = EVP_PKEY_CTX_new_from_pkey(f->libctx, pk, NULL);
		assert_non_null(c);
		assert_int_equal(EVP_PKEY_derive_init(c), 1);
		assert_int_not_equal(EVP_PKEY_derive_set_peer(c, peer), 1);
		n = sizeof(out);
		assert_int_not_equal(EVP_PKEY_derive(c, out, &n), 1);
		EVP_PKEY_CTX_free(c);
		EVP_PKEY_free(peer);
	}
	peer = EVP_PKEY_Q_keygen(f->libctx, NULL, "X25519");
	assert_non_null(peer);
	c = EVP_PKEY_CTX_new_from_pkey(f->libctx, pk, NULL);
	assert_int_equal(EVP_PKEY_derive_init(c), 1);
	assert_int_not_equal(EVP_PKEY_derive_set_peer(c, peer), 1);
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(peer);
	/* encryption and decryption are not offered */
	c = EVP_PKEY_CTX_new_from_pkey(f->libctx, pk, NULL);
	assert_non_null(c);
	assert_true(EVP_PKEY_encrypt_init(c) <= 0);
	assert_true(EVP_PKEY_decrypt_init(c) <= 0);
	/* a 10-byte "digest" for a SHA-256 signature, a buffer of 8 bytes */
	assert_int_equal(EVP_PKEY_sign_init(c), 1);
	assert_int_equal(EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()), 1);
	n = sizeof(out);
	assert_int_not_equal(EVP_PKEY_sign(c, out, &n, dg, 10), 1);
	n = 8;
	assert_int_not_equal(EVP_PKEY_sign(c, out, &n, dg, sizeof(dg)), 1);
	n = sizeof(out);
	assert_int_equal(EVP_PKEY_sign(c, out, &n, dg, sizeof(dg)), 1);
	EVP_PKEY_CTX_free(c);
	ERR_clear_error();
	EVP_PKEY_free(pk);
	smgw_secmod_key_free(key);
}

/* The module signs certificates: X509_sign() with a module key, X509_verify() with its public key. */
static void test_module_signs_certificate(void **state)
{
	struct fixture *f = *state;
	smgw_secmod_key *key;
	EVP_PKEY *ca_pk, *ca_pub, *leaf;
	X509 *ca, *x;

	NEED(f);
	ca_pk = module_pkey(f, "sub-ca", SMGW_SECMOD_CURVE_BRAINPOOLP384R1, &key);
	ca_pub = public_of(key);
	ca = make_cert_for(f->libctx, ca_pub, "SM-Test.CA", NULL, ca_pk, 1);
	assert_int_equal(X509_verify(ca, ca_pub), 1);
	leaf = EVP_PKEY_Q_keygen(f->libctx, NULL, "EC", "brainpoolP256r1");
	x = make_cert_for(f->libctx, leaf, "ETEST0000000001.SMGW", ca, ca_pk, 0);
	assert_int_equal(X509_verify(x, ca_pub), 1);
	assert_int_equal(X509_get_signature_nid(x), NID_ecdsa_with_SHA256);
	X509_free(x);
	X509_free(ca);
	EVP_PKEY_free(leaf);
	EVP_PKEY_free(ca_pub);
	EVP_PKEY_free(ca_pk);
	smgw_secmod_key_free(key);
}

/* ---- TLS ---------------------------------------------------------------- */

struct pki_set {
	EVP_PKEY *ca_key;
	X509 *ca;
	X509 *srv;
	EVP_PKEY *srv_pk; /* module key */
	char ca_pem[300];
};

static void make_pki(struct fixture *f, struct pki_set *p, enum smgw_secmod_curve curve)
{
	smgw_secmod_key *key;
	EVP_PKEY *pub;
	FILE *fp;

	p->ca_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP384r1");
	assert_non_null(p->ca_key);
	p->ca = make_cert_for(NULL, p->ca_key, "SM-Test-Root.CA", NULL, p->ca_key, 1);
	p->srv_pk = module_pkey(f, "gwa-tls", curve, &key);
	pub = public_of(key);
	p->srv = make_cert_for(NULL, pub, "GWA-TEST.GWA", p->ca, p->ca_key, 0);
	EVP_PKEY_free(pub);
	smgw_secmod_key_free(key);
	tdir_file(&f->dir, "ca.pem", p->ca_pem, sizeof(p->ca_pem));
	fp = fopen(p->ca_pem, "w");
	assert_non_null(fp);
	assert_int_equal(PEM_write_X509(fp, p->ca), 1);
	fclose(fp);
}

static void free_pki(struct pki_set *p)
{
	X509_free(p->srv);
	X509_free(p->ca);
	EVP_PKEY_free(p->srv_pk);
	EVP_PKEY_free(p->ca_key);
}

#define GROUPS "brainpoolP256r1:brainpoolP384r1:brainpoolP512r1:P-256:P-384"

static SSL_CTX *server_ctx(struct fixture *f, struct pki_set *p, const char *cipher)
{
	SSL_CTX *s = SSL_CTX_new_ex(f->libctx, NULL, TLS_server_method());

	assert_non_null(s);
	assert_int_equal(SSL_CTX_set_min_proto_version(s, TLS1_2_VERSION), 1);
	assert_int_equal(SSL_CTX_set_max_proto_version(s, TLS1_2_VERSION), 1);
	assert_int_equal(SSL_CTX_set_cipher_list(s, cipher), 1);
	assert_int_equal(SSL_CTX_set1_groups_list(s, GROUPS), 1);
	assert_int_equal(SSL_CTX_set1_sigalgs_list(s, "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512"), 1);
	assert_int_equal(SSL_CTX_use_certificate(s, p->srv), 1);
	assert_int_equal(SSL_CTX_use_PrivateKey(s, p->srv_pk), 1);
	assert_int_equal(SSL_CTX_check_private_key(s), 1);
	SSL_CTX_set_options(s, SSL_OP_NO_RENEGOTIATION);
	return s;
}

/* A peer in OpenSSL's default context, trusting only the test root. */
static SSL_CTX *client_ctx(struct pki_set *p, const char *cipher)
{
	SSL_CTX *c = SSL_CTX_new(TLS_client_method());

	assert_non_null(c);
	assert_int_equal(SSL_CTX_set_max_proto_version(c, TLS1_2_VERSION), 1);
	assert_int_equal(SSL_CTX_set_cipher_list(c, cipher), 1);
	assert_int_equal(SSL_CTX_set1_groups_list(c, GROUPS), 1);
	assert_int_equal(X509_STORE_add_cert(SSL_CTX_get_cert_store(c), p->ca), 1);
	SSL_CTX_set_verify(c, SSL_VERIFY_PEER, NULL);
	return c;
}

static void handshake_in_process(struct fixture *f, enum smgw_secmod_curve curve, const char *cipher)
{
	struct pki_set p;
	SSL_CTX *sc, *cc;
	SSL *s, *c;
	int fds[2], i, sd = 0, cd = 0;
	char buf[64];
	unsigned char ek1[32], ek2[32];

	make_pki(f, &p, curve);
	sc = server_ctx(f, &p, cipher);
	cc = client_ctx(&p, cipher);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	assert_int_equal(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(fcntl(fds[1], F_SETFL, O_NONBLOCK), 0);
	s = SSL_new(sc);
	c = SSL_new(cc);
	assert_true(s && c);
	SSL_set_fd(s, fds[0]);
	SSL_set_fd(c, fds[1]);
	SSL_set_accept_state(s);
	SSL_set_connect_state(c);
	for (i = 0; i < 200 && !(sd && cd); i++) {
		int r;

		if (!cd) {
			r = SSL_do_handshake(c);
			if (r == 1)
				cd = 1;
			else
				assert_int_equal(SSL_get_error(c, r), SSL_ERROR_WANT_READ);
		}
		if (!sd) {
			r = SSL_do_handshake(s);
			if (r == 1)
				sd = 1;
			else if (SSL_get_error(s, r) != SSL_ERROR_WANT_READ) {
				ERR_print_errors_fp(stderr);
				fail_msg("server handshake failed");
			}
		}
	}
	assert_true(sd && cd);
	assert_string_equal(SSL_get_version(c), "TLSv1.2");
	assert_string_equal(SSL_get_cipher_name(c), cipher);
	assert_int_equal(SSL_get_verify_result(c), X509_V_OK);
	assert_int_equal(SSL_get_extms_support(c), 1);
	/* Both ends agree on the keys: an exporter and application data. */
	assert_int_equal(SSL_export_keying_material(s, ek1, sizeof(ek1), "EXPORTER-SMGW-TEST", 18, NULL, 0, 0), 1);
	assert_int_equal(SSL_export_keying_material(c, ek2, sizeof(ek2), "EXPORTER-SMGW-TEST", 18, NULL, 0, 0), 1);
	assert_memory_equal(ek1, ek2, sizeof(ek1));
	assert_int_equal(SSL_write(s, "meter-data", 10), 10);
	for (i = 0; i < 50; i++) {
		int r = SSL_read(c, buf, sizeof(buf));

		if (r > 0) {
			assert_int_equal(r, 10);
			assert_memory_equal(buf, "meter-data", 10);
			break;
		}
		assert_int_equal(SSL_get_error(c, r), SSL_ERROR_WANT_READ);
	}
	assert_true(i < 50);
	SSL_free(s);
	SSL_free(c);
	close(fds[0]);
	close(fds[1]);
	SSL_CTX_free(sc);
	SSL_CTX_free(cc);
	free_pki(&p);
}

/* Drives both ends of a handshake over non-blocking sockets to the end. */
static void run_handshake(SSL *s, SSL *c)
{
	int i, sd = 0, cd = 0;

	for (i = 0; i < 200 && !(sd && cd); i++) {
		int r;

		if (!cd) {
			r = SSL_do_handshake(c);
			if (r == 1)
				cd = 1;
			else if (SSL_get_error(c, r) != SSL_ERROR_WANT_READ) {
				ERR_print_errors_fp(stderr);
				fail_msg("client handshake failed");
			}
		}
		if (!sd) {
			r = SSL_do_handshake(s);
			if (r == 1)
				sd = 1;
			else if (SSL_get_error(s, r) != SSL_ERROR_WANT_READ) {
				ERR_print_errors_fp(stderr);
				fail_msg("server handshake failed");
			}
		}
	}
	assert_true(sd && cd);
}

/*
 * The gateway's own role on the WAN: it is the TLS client and
 * authenticates with its module key (CertificateVerify signed in the
 * module) to a GWA server that runs plain OpenSSL in the default library
 * context with a software key and requires a client certificate.
 */
static void test_tls_client_auth(void **state)
{
	struct fixture *f = *state;
	struct pki_set p;
	smgw_secmod_key *key;
	EVP_PKEY *smgw_pk, *pub;
	X509 *gw_cert, *peer;
	SSL_CTX *sc, *cc;
	SSL *s, *c;
	int fds[2];
	char cn[64];

	NEED(f);
	make_pki(f, &p, SMGW_SECMOD_CURVE_BRAINPOOLP256R1);
	/* GWA: a software key in the default context (not the module). */
	EVP_PKEY_free(p.srv_pk);
	X509_free(p.srv);
	p.srv_pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP256r1");
	p.srv = make_cert_for(NULL, p.srv_pk, "GWA-TEST.GWA", p.ca, p.ca_key, 0);
	sc = SSL_CTX_new(TLS_server_method());
	assert_non_null(sc);
	assert_int_equal(SSL_CTX_set_min_proto_version(sc, TLS1_2_VERSION), 1);
	assert_int_equal(SSL_CTX_set1_groups_list(sc, GROUPS), 1);
	assert_int_equal(SSL_CTX_use_certificate(sc, p.srv), 1);
	assert_int_equal(SSL_CTX_use_PrivateKey(sc, p.srv_pk), 1);
	assert_int_equal(X509_STORE_add_cert(SSL_CTX_get_cert_store(sc), p.ca), 1);
	SSL_CTX_set_verify(sc, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	/* SMGW: the module key in the suite's context. */
	assert_int_equal(smgw_secmod_generate(f->sm, "smgw-tls", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_SIGN, &key), 0);
	assert_int_equal(smgw_secmod_key_pkey(key, f->libctx, &smgw_pk), 0);
	pub = public_of(key);
	gw_cert = make_cert_for(NULL, pub, "ETEST0000000001.SMGW", p.ca, p.ca_key, 0);
	cc = SSL_CTX_new_ex(f->libctx, NULL, TLS_client_method());
	assert_non_null(cc);
	assert_int_equal(SSL_CTX_set_min_proto_version(cc, TLS1_2_VERSION), 1);
	assert_int_equal(SSL_CTX_set_max_proto_version(cc, TLS1_2_VERSION), 1);
	assert_int_equal(SSL_CTX_set_cipher_list(cc, "ECDHE-ECDSA-AES128-SHA256"), 1);
	assert_int_equal(SSL_CTX_set1_groups_list(cc, GROUPS), 1);
	assert_int_equal(SSL_CTX_set1_sigalgs_list(cc, "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512"), 1);
	assert_int_equal(SSL_CTX_use_certificate(cc, gw_cert), 1);
	assert_int_equal(SSL_CTX_use_PrivateKey(cc, smgw_pk), 1);
	assert_int_equal(X509_STORE_add_cert(SSL_CTX_get_cert_store(cc), p.ca), 1);
	SSL_CTX_set_verify(cc, SSL_VERIFY_PEER, NULL);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	assert_int_equal(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(fcntl(fds[1], F_SETFL, O_NONBLOCK), 0);
	s = SSL_new(sc);
	c = SSL_new(cc);
	assert_true(s && c);
	SSL_set_fd(s, fds[0]);
	SSL_set_fd(c, fds[1]);
	SSL_set_accept_state(s);
	SSL_set_connect_state(c);
	run_handshake(s, c);
	assert_string_equal(SSL_get_version(s), "TLSv1.2");
	assert_string_equal(SSL_get_cipher_name(s), "ECDHE-ECDSA-AES128-SHA256");
	/* The GWA verified the gateway's certificate and its CertificateVerify. */
	assert_int_equal(SSL_get_verify_result(s), X509_V_OK);
	peer = SSL_get1_peer_certificate(s);
	assert_non_null(peer);
	assert_true(X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof(cn)) > 0);
	assert_string_equal(cn, "ETEST0000000001.SMGW");
	X509_free(peer);
	SSL_free(s);
	SSL_free(c);
	close(fds[0]);
	close(fds[1]);
	SSL_CTX_free(sc);
	SSL_CTX_free(cc);
	X509_free(gw_cert);
	EVP_PKEY_free(pub);
	EVP_PKEY_free(smgw_pk);
	smgw_secmod_key_free(key);
	free_pki(&p);
}

static void test_tls_in_process(void **state)
{
	struct fixture *f = *state;

	NEED(f);
	handshake_in_process(f, SMGW_SECMOD_CURVE_BRAINPOOLP256R1, "ECDHE-ECDSA-AES128-GCM-SHA256");
	smgw_secmod_key_delete(f->sm, "gwa-tls");
	handshake_in_process(f, SMGW_SECMOD_CURVE_BRAINPOOLP384R1, "ECDHE-ECDSA-AES128-SHA256");
}

struct srv_arg {
	SSL_CTX *sc;
	int lfd;
	int ok;
};

static void *server_thread(void *arg)
{
	struct srv_arg *a = arg;
	struct pollfd pfd = { a->lfd, POLLIN, 0 };
	int fd;
	SSL *s;
	char buf[64];

	if (poll(&pfd, 1, 20000) != 1)
		return NULL;
	fd = accept(a->lfd, NULL, NULL);
	if (fd < 0)
		return NULL;
	s = SSL_new(a->sc);
	SSL_set_fd(s, fd);
	if (SSL_accept(s) == 1) {
		a->ok = SSL_write(s, "smgw-hello\n", 11) == 11;
		while (SSL_read(s, buf, sizeof(buf)) > 0) {
		}
	} else {
		ERR_print_errors_fp(stderr);
	}
	SSL_free(s);
	close(fd);
	return NULL;
}

/* Listens on an ephemeral loopback port and serves one TLS connection from
 * a thread; returns the port. */
static unsigned start_loopback_server(struct srv_arg *a, pthread_t *th)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);

	a->lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(a->lfd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(a->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(a->lfd, 1), 0);
	assert_int_equal(getsockname(a->lfd, (struct sockaddr *)&sa, &sl), 0);
	assert_int_equal(pthread_create(th, NULL, server_thread, a), 0);
	return ntohs(sa.sin_port);
}

static void test_tls_openssl_s_client(void **state)
{
	struct fixture *f = *state;
	struct pki_set p;
	struct srv_arg a = { 0 };
	unsigned port;
	pthread_t th;
	char out[8192];
	int rc;

	NEED(f);
	make_pki(f, &p, SMGW_SECMOD_CURVE_BRAINPOOLP256R1);
	a.sc = server_ctx(f, &p, "ECDHE-ECDSA-AES128-GCM-SHA256");
	port = start_loopback_server(&a, &th);
	rc = run_cmd(out, sizeof(out),
		     "sleep 1 | openssl s_client -connect 127.0.0.1:%u -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256 "
		     "-groups brainpoolP256r1 -CAfile '%s' -verify 3 -verify_return_error -brief 2>&1",
		     port, p.ca_pem);
	pthread_join(th, NULL);
	close(a.lfd);
	if (rc != 0 || !strstr(out, "Verification: OK"))
		print_error("s_client:\n%s\n", out);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "Protocol version: TLSv1.2"));
	assert_non_null(strstr(out, "Ciphersuite: ECDHE-ECDSA-AES128-GCM-SHA256"));
	assert_non_null(strstr(out, "Verification: OK"));
	assert_non_null(strstr(out, "smgw-hello"));
	assert_true(a.ok);
	SSL_CTX_free(a.sc);
	free_pki(&p);
}

/* GnuTLS as a peer that shares no code with OpenSSL. GnuTLS 3.7 has no
 * brainpool curves, so this handshake uses an ephemeral NIST P-256 key in
 * the module (the use TR-03116-3 admits NIST curves for) and a P-256 CA. */
static void test_tls_gnutls_cli(void **state)
{
	struct fixture *f = *state;
	struct srv_arg a = { 0 };
	unsigned port;
	smgw_secmod_key *key;
	struct pki_set p;
	EVP_PKEY *pub;
	pthread_t th;
	char out[8192];
	FILE *fp;
	int rc;

	NEED(f);
	memset(&p, 0, sizeof(p));
	p.ca_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	assert_non_null(p.ca_key);
	p.ca = make_cert_for(NULL, p.ca_key, "Test-CA-P256", NULL, p.ca_key, 1);
	assert_int_equal(smgw_secmod_generate(f->sm, "tls-eph", SMGW_SECMOD_CURVE_NIST_P256,
					      SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_EPHEMERAL, &key), 0);
	assert_int_equal(smgw_secmod_key_pkey(key, f->libctx, &p.srv_pk), 0);
	pub = public_of(key);
	p.srv = make_cert_ku(NULL, pub, "GWA-TEST.GWA", p.ca, p.ca_key, 0, "critical,digitalSignature", "IP:127.0.0.1");
	EVP_PKEY_free(pub);
	smgw_secmod_key_free(key);
	tdir_file(&f->dir, "ca-p256.pem", p.ca_pem, sizeof(p.ca_pem));
	fp = fopen(p.ca_pem, "w");
	assert_non_null(fp);
	assert_int_equal(PEM_write_X509(fp, p.ca), 1);
	fclose(fp);
	a.sc = server_ctx(f, &p, "ECDHE-ECDSA-AES128-GCM-SHA256");
	port = start_loopback_server(&a, &th);
	rc = run_cmd(out, sizeof(out),
		     "sleep 1 | gnutls-cli --x509cafile '%s' --verify-hostname 127.0.0.1 "
		     "--priority 'NORMAL:-VERS-ALL:+VERS-TLS1.2' -p %u 127.0.0.1 2>&1",
		     p.ca_pem, port);
	pthread_join(th, NULL);
	close(a.lfd);
	if (rc != 0 || !strstr(out, "Handshake was completed"))
		print_error("gnutls-cli:\n%s\n", out);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "The certificate is trusted"));
	assert_non_null(strstr(out, "Handshake was completed"));
	/* GnuTLS checked the module's ECDSA signature of the key exchange. */
	assert_non_null(strstr(out, "(TLS1.2-X.509)-(ECDHE-SECP256R1)-(ECDSA-SHA256)-(AES-128-GCM)"));
	assert_non_null(strstr(out, "smgw-hello"));
	assert_true(a.ok);
	SSL_CTX_free(a.sc);
	free_pki(&p);
}

/* ---- CMS ---------------------------------------------------------------- */

static void test_cms_signed_data(void **state)
{
	struct fixture *f = *state;
	static const char content[] = "TAF-7 billing period 2026-11: 1234.5 kWh";
	struct pki_set p;
	CMS_ContentInfo *cms;
	BIO *in;
	unsigned char *der = NULL;
	int n;
	char fcms[300], fout[300], out[4096];
	FILE *fp;
	size_t got;

	NEED(f);
	make_pki(f, &p, SMGW_SECMOD_CURVE_BRAINPOOLP256R1);
	in = BIO_new_mem_buf(content, (int)strlen(content));
	cms = CMS_sign_ex(p.srv, p.srv_pk, NULL, in, CMS_BINARY, f->libctx, NULL);
	if (!cms)
		ERR_print_errors_fp(stderr);
	assert_non_null(cms);
	n = i2d_CMS_ContentInfo(cms, &der);
	assert_true(n > 0);
	tdir_file(&f->dir, "signed.cms", fcms, sizeof(fcms));
	tdir_file(&f->dir, "content.out", fout, sizeof(fout));
	write_bin(fcms, der, (size_t)n);
	assert_int_equal(run_cmd(out, sizeof(out), "openssl cms -verify -binary -inform DER -in '%s' -CAfile '%s' -purpose any -out '%s' 2>&1",
				 fcms, p.ca_pem, fout), 0);
	assert_non_null(strstr(out, "Verification successful"));
	fp = fopen(fout, "rb");
	assert_non_null(fp);
	got = fread(out, 1, sizeof(out), fp);
	fclose(fp);
	assert_int_equal(got, strlen(content));
	assert_memory_equal(out, content, got);
	/* A changed byte in the signed content fails. */
	{
		unsigned char *hit = NULL;
		int i;

		for (i = 0; i + 5 < n; i++)
			if (memcmp(der + i, "TAF-7", 5) == 0)
				hit = der + i;
		assert_non_null(hit);
		hit[4] = '8';
		write_bin(fcms, der, (size_t)n);
		assert_int_not_equal(run_cmd(out, sizeof(out), "openssl cms -verify -binary -inform DER -in '%s' -CAfile '%s' -purpose any -out /dev/null 2>&1",
					     fcms, p.ca_pem), 0);
	}
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	free_pki(&p);
}

/* CMS key agreement (kari) decrypted with the module: the openssl command
 * line encrypts to the module key's certificate (EnvelopedData with
 * AES-128-CBC and AuthEnvelopedData with AES-128-GCM, X9.63 KDF with
 * SHA-256), CMS_decrypt() runs ECDH in the module and the KDF on the host. */
static void test_cms_key_agreement(void **state)
{
	struct fixture *f = *state;
	static const char content[] = "TAF-7 tariff profile for consumer 4711";
	static const char *const ciphers[] = { "-aes-128-cbc", "-aes-128-gcm" };
	smgw_secmod_key *key;
	EVP_PKEY *pk, *pub, *ca_key;
	X509 *ca, *x;
	char fcert[300], fin[300], fenv[300], out[2048];
	FILE *fp;
	size_t i;

	NEED(f);
	ca_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP384r1");
	ca = make_cert_for(NULL, ca_key, "SM-Test-Root.CA", NULL, ca_key, 1);
	assert_int_equal(smgw_secmod_generate(f->sm, "smgw-enc", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_DERIVE, &key), 0);
	assert_int_equal(smgw_secmod_key_pkey(key, f->libctx, &pk), 0);
	pub = public_of(key);
	x = make_cert_ku(NULL, pub, "ETEST0000000001.SMGW", ca, ca_key, 0, "critical,keyAgreement", NULL);
	tdir_file(&f->dir, "enc.pem", fcert, sizeof(fcert));
	tdir_file(&f->dir, "content.txt", fin, sizeof(fin));
	tdir_file(&f->dir, "env.der", fenv, sizeof(fenv));
	fp = fopen(fcert, "w");
	assert_non_null(fp);
	assert_int_equal(PEM_write_X509(fp, x), 1);
	fclose(fp);
	write_bin(fin, (const uint8_t *)content, strlen(content));
	for (i = 0; i < 2; i++) {
		uint8_t der[8192];
		const unsigned char *q = der;
		size_t n;
		CMS_ContentInfo *cms;
		BIO *mem = BIO_new(BIO_s_mem());
		char *got = NULL;
		long gl;

		assert_int_equal(run_cmd(out, sizeof(out),
					 "openssl cms -encrypt -binary %s -recip '%s' -keyopt ecdh_kdf_md:sha256 -in '%s' -outform DER -out '%s' 2>&1",
					 ciphers[i], fcert, fin, fenv), 0);
		fp = fopen(fenv, "rb");
		assert_non_null(fp);
		n = fread(der, 1, sizeof(der), fp);
		fclose(fp);
		cms = d2i_CMS_ContentInfo(NULL, &q, (long)n);
		assert_non_null(cms);
		if (CMS_decrypt(cms, pk, x, NULL, mem, CMS_BINARY) != 1) {
			ERR_print_errors_fp(stderr);
			fail_msg("CMS_decrypt through the module (%s)", ciphers[i]);
		}
		gl = BIO_get_mem_data(mem, &got);
		assert_int_equal(gl, (long)strlen(content));
		assert_memory_equal(got, content, strlen(content));
		BIO_free(mem);
		CMS_ContentInfo_free(cms);
	}
	/* Another module key cannot decrypt it. */
	{
		smgw_secmod_key *other;
		EVP_PKEY *opk;
		uint8_t der[8192];
		const unsigned char *q = der;
		size_t n;
		CMS_ContentInfo *cms;
		BIO *mem = BIO_new(BIO_s_mem());

		assert_int_equal(smgw_secmod_generate(f->sm, "other-enc", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_DERIVE, &other), 0);
		assert_int_equal(smgw_secmod_key_pkey(other, f->libctx, &opk), 0);
		fp = fopen(fenv, "rb");
		assert_non_null(fp);
		n = fread(der, 1, sizeof(der), fp);
		fclose(fp);
		cms = d2i_CMS_ContentInfo(NULL, &q, (long)n);
		assert_non_null(cms);
		assert_int_not_equal(CMS_decrypt(cms, opk, x, NULL, mem, CMS_BINARY), 1);
		ERR_clear_error();
		CMS_ContentInfo_free(cms);
		BIO_free(mem);
		EVP_PKEY_free(opk);
		smgw_secmod_key_free(other);
	}
	X509_free(x);
	X509_free(ca);
	EVP_PKEY_free(pub);
	EVP_PKEY_free(pk);
	EVP_PKEY_free(ca_key);
	smgw_secmod_key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pkey, setup_soft, teardown),
		cmocka_unit_test_setup_teardown(test_provider_refusals, setup_soft, teardown),
		cmocka_unit_test_setup_teardown(test_module_signs_certificate, setup_soft, teardown),
		cmocka_unit_test_setup_teardown(test_tls_in_process, setup_soft, teardown),
		cmocka_unit_test_setup_teardown(test_tls_client_auth, setup_soft, teardown),
		cmocka_unit_test_setup_teardown(test_cms_signed_data, setup_soft, teardown),
		cmocka_unit_test_setup_teardown(test_cms_key_agreement, setup_soft, teardown),
		/* from here SoftHSM2 */
		cmocka_unit_test_setup_teardown(test_pkey, setup_p11, teardown),
		cmocka_unit_test_setup_teardown(test_provider_refusals, setup_p11, teardown),
		cmocka_unit_test_setup_teardown(test_module_signs_certificate, setup_p11, teardown),
		cmocka_unit_test_setup_teardown(test_tls_in_process, setup_p11, teardown),
		cmocka_unit_test_setup_teardown(test_tls_client_auth, setup_p11, teardown),
		cmocka_unit_test_setup_teardown(test_tls_openssl_s_client, setup_p11, teardown),
		cmocka_unit_test_setup_teardown(test_cms_signed_data, setup_p11, teardown),
		cmocka_unit_test_setup_teardown(test_cms_key_agreement, setup_p11, teardown),
		cmocka_unit_test_setup_teardown(test_tls_gnutls_cli, setup_p11, teardown), /* last: needs gnutls-cli */
	};
	size_t n = sizeof(tests) / sizeof(tests[0]);

	if (!softhsm_available()) {
		fprintf(stderr, "%s: software backend only\n", SOFTHSM_MISSING);
		n = 6;
	} else if (run_cmd(NULL, 0, "command -v gnutls-cli >/dev/null 2>&1") != 0) {
		fprintf(stderr, "gnutls-cli (gnutls-bin) not installed: the GnuTLS peer is left out\n");
		n--;
	}
	return _cmocka_run_group_tests("provider", tests, n, NULL, NULL);
}
