/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Worked example of docs/secmod.md: a gateway key in the security module
 * (here the software backend, which is for development only), a signed
 * digest checked by OpenSSL, ECDH with a peer, and the same key used by
 * OpenSSL through the provider.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include <smgw/pki.h>

static int fail(const char *what, int rc)
{
	fprintf(stderr, "secmod-guide: %s: %s\n", what, rc ? smgw_strerror(rc) : "failed");
	return 1;
}

int main(void)
{
	char dir[] = "/tmp/secmod-guide-XXXXXX";
	smgw_ctx *ctx = NULL;
	smgw_pki *pki = NULL;
	smgw_secmod *sm = NULL;
	smgw_secmod_key *key = NULL;
	OSSL_PROVIDER *prov = NULL;
	EVP_PKEY *pub = NULL, *pkey = NULL, *peer = NULL;
	uint8_t spki[SMGW_SECMOD_SPKI_MAX], sig[SMGW_SECMOD_SIG_DER_MAX], dg[32];
	uint8_t peer_pt[SMGW_SECMOD_POINT_MAX], z[SMGW_SECMOD_SECRET_MAX];
	size_t spki_len = sizeof(spki), sig_len = sizeof(sig), peer_len = 0, z_len = sizeof(z);
	const unsigned char *p;
	unsigned int dg_len = 0;
	uint32_t caps = 0;
	EVP_PKEY_CTX *vc;
	EVP_MD_CTX *md;
	int rc, ok;

	if (!mkdtemp(dir))
		return fail("mkdtemp", 0);
	if ((rc = smgw_ctx_new(NULL, &ctx)) || (rc = smgw_pki_new(ctx, &pki)))
		return fail("context", rc);

	/* 1. Open the module and generate the TLS key of the gateway. */
	rc = smgw_secmod_soft_open(ctx, dir, &sm, NULL);
	if (rc)
		return fail("open", rc);
	if ((rc = smgw_secmod_capabilities(sm, &caps)))
		return fail("capabilities", rc);
	if (caps & SMGW_SECMOD_CAP_NOT_FOR_PRODUCTION)
		printf("module '%s' is for development only\n", smgw_secmod_name(sm));
	rc = smgw_secmod_generate(sm, "smgw-tls", SMGW_SECMOD_CURVE_BRAINPOOLP256R1,
				  SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE, &key);
	if (rc)
		return fail("generate", rc);

	/* 2. The public key as SubjectPublicKeyInfo, e.g. for a certificate request. */
	if ((rc = smgw_secmod_key_spki(key, spki, &spki_len)))
		return fail("spki", rc);
	p = spki;
	pub = d2i_PUBKEY_ex(NULL, &p, (long)spki_len, smgw_pki_libctx(pki), NULL);
	if (!pub)
		return fail("d2i_PUBKEY", 0);

	/* 3. Hash on the host, sign in the module, verify with OpenSSL. */
	if (EVP_Digest("1-0:1.8.0*255 4711.2 kWh", 24, dg, &dg_len, EVP_sha256(), NULL) != 1)
		return fail("digest", 0);
	if ((rc = smgw_secmod_sign_digest(key, dg, dg_len, SMGW_SECMOD_SIG_DER, sig, &sig_len)))
		return fail("sign", rc);
	vc = EVP_PKEY_CTX_new_from_pkey(smgw_pki_libctx(pki), pub, NULL);
	ok = vc && EVP_PKEY_verify_init(vc) == 1 && EVP_PKEY_verify(vc, sig, sig_len, dg, dg_len) == 1;
	EVP_PKEY_CTX_free(vc);
	if (!ok)
		return fail("verify", 0);
	printf("signature of %zu bytes verified by OpenSSL\n", sig_len);

	/* 4. ECDH: the module returns Z; the KDF (X9.63, TLS PRF) runs on the host. */
	peer = EVP_PKEY_Q_keygen(smgw_pki_libctx(pki), NULL, "EC", "brainpoolP256r1");
	if (!peer || EVP_PKEY_get_octet_string_param(peer, OSSL_PKEY_PARAM_PUB_KEY, peer_pt, sizeof(peer_pt),
						     &peer_len) != 1)
		return fail("peer key", 0);
	if ((rc = smgw_secmod_ecdh(key, peer_pt, peer_len, z, &z_len)))
		return fail("ecdh", rc);
	printf("shared secret of %zu bytes\n", z_len);
	OPENSSL_cleanse(z, sizeof(z));

	/* 5. The same key as an EVP_PKEY for TLS and CMS in the suite's context. */
	if ((rc = smgw_secmod_provider_load(smgw_pki_libctx(pki), NULL, &prov)) ||
	    (rc = smgw_secmod_key_pkey(key, smgw_pki_libctx(pki), &pkey)))
		return fail("provider", rc);
	md = EVP_MD_CTX_new();
	sig_len = sizeof(sig);
	ok = md && EVP_DigestSignInit_ex(md, NULL, "SHA256", smgw_pki_libctx(pki), NULL, pkey, NULL) == 1 &&
	     EVP_DigestSign(md, sig, &sig_len, (const unsigned char *)"hello", 5) == 1;
	EVP_MD_CTX_free(md);
	if (!ok)
		return fail("EVP_DigestSign through the module", 0);
	printf("EVP_DigestSign through the module: %zu bytes\n", sig_len);

	EVP_PKEY_free(pkey);
	EVP_PKEY_free(peer);
	EVP_PKEY_free(pub);
	smgw_secmod_key_free(key);
	/* Clean up the example's key directory. */
	smgw_secmod_key_delete(sm, "smgw-tls");
	smgw_secmod_free(sm);
	OSSL_PROVIDER_unload(prov);
	smgw_pki_free(pki);
	smgw_ctx_unref(ctx);
	if (rmdir(dir) != 0)
		return fail("rmdir", 0);
	return 0;
}
