/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PKCS#11 backend against a hostile module (hostile_p11.c, which wraps
 * SoftHSM2 and falsifies its answers): lengths larger than the buffer
 * given, CK_UNAVAILABLE_INFORMATION with CKR_OK, a vendor-defined CKR code,
 * a slot list that grows between the two calls. Each must give a clear
 * error (SMGW_E_SECMOD_DEVICE), never an out-of-bounds read (run under
 * ASan). Skipped when SoftHSM2 is not installed.
 */
#include "test_secmod_util.h"

struct fixture {
	smgw_ctx *ctx;
	struct tdir dir;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(softhsm_token(&f->dir), 0);
	assert_int_equal(setenv("HOSTILE_P11_TARGET", softhsm_module(), 1), 0);
	assert_int_equal(unsetenv("HOSTILE_P11_MODE"), 0);
	assert_int_equal(smgw_ctx_new(NULL, &f->ctx), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	unsetenv("HOSTILE_P11_MODE");
	tdir_remove(&f->dir);
	smgw_ctx_unref(f->ctx);
	free(f);
	return 0;
}

static int hostile_open(smgw_ctx *ctx, smgw_secmod **ret, struct smgw_diag *diag)
{
	struct smgw_secmod_pkcs11_params p = { sizeof(p), 0, HOSTILE_P11_PATH, TOKEN_LABEL, TOKEN_PIN,
					       strlen(TOKEN_PIN) };

	return smgw_secmod_pkcs11_open(ctx, &p, ret, diag);
}

/* The wrapper itself works: with no mode set it is SoftHSM2. */
static void test_transparent(void **state)
{
	struct fixture *f = *state;
	struct smgw_diag d = SMGW_DIAG_INIT;
	smgw_secmod *sm = NULL;
	smgw_secmod_key *k = NULL;
	uint8_t dg[32] = { 1 }, sig[SMGW_SECMOD_SIG_DER_MAX];
	size_t sn = sizeof(sig);

	assert_int_equal(hostile_open(f->ctx, &sm, &d), 0);
	assert_int_equal(smgw_secmod_generate(sm, "k1", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_SIGN, &k), 0);
	assert_int_equal(smgw_secmod_sign_digest(k, dg, sizeof(dg), SMGW_SECMOD_SIG_RAW, sig, &sn), 0);
	assert_int_equal(sn, 64);
	smgw_secmod_key_free(k);
	smgw_secmod_free(sm);
}

/* C_Sign claiming more than it wrote, and a vendor-defined CKR code. */
static void test_sign_answers(void **state)
{
	struct fixture *f = *state;
	struct smgw_diag d = SMGW_DIAG_INIT;
	smgw_secmod *sm = NULL;
	smgw_secmod_key *k = NULL;
	uint8_t dg[32] = { 1 }, sig[SMGW_SECMOD_SIG_DER_MAX];
	size_t sn = sizeof(sig);

	assert_int_equal(hostile_open(f->ctx, &sm, &d), 0);
	assert_int_equal(smgw_secmod_generate(sm, "k2", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_SIGN, &k), 0);
	assert_int_equal(setenv("HOSTILE_P11_MODE", "sign-len", 1), 0);
	assert_int_equal(smgw_secmod_sign_digest(k, dg, sizeof(dg), SMGW_SECMOD_SIG_DER, sig, &sn), SMGW_E_SECMOD_DEVICE);
	assert_int_equal(sn, sizeof(sig));
	assert_int_equal(setenv("HOSTILE_P11_MODE", "sign-ckr", 1), 0);
	assert_int_equal(smgw_secmod_sign_digest(k, dg, sizeof(dg), SMGW_SECMOD_SIG_DER, sig, &sn), SMGW_E_SECMOD_DEVICE);
	unsetenv("HOSTILE_P11_MODE");
	assert_int_equal(smgw_secmod_sign_digest(k, dg, sizeof(dg), SMGW_SECMOD_SIG_DER, sig, &sn), 0);
	smgw_secmod_key_free(k);
	smgw_secmod_free(sm);
}

/* CKA_VALUE (stored certificate, ECDH secret) longer than the buffer, or
 * CK_UNAVAILABLE_INFORMATION with CKR_OK. */
static void test_value_lengths(void **state)
{
	static const char *const modes[] = { "value-len", "value-unavail" };
	struct fixture *f = *state;
	struct smgw_diag d = SMGW_DIAG_INIT;
	smgw_secmod *sm = NULL;
	smgw_secmod_key *k = NULL;
	uint8_t cert[2048], got[2048], z[64];
	EVP_PKEY *peer = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP256r1");
	uint8_t pp[65];
	size_t i;
	int n = make_cert(cert, sizeof(cert));

	assert_non_null(peer);
	{
		unsigned char *enc = NULL;

		assert_int_equal(EVP_PKEY_get1_encoded_public_key(peer, &enc), sizeof(pp));
		memcpy(pp, enc, sizeof(pp));
		OPENSSL_free(enc);
	}
	assert_int_equal(hostile_open(f->ctx, &sm, &d), 0);
	assert_int_equal(smgw_secmod_cert_store(sm, "c1", cert, (size_t)n), 0);
	assert_int_equal(smgw_secmod_generate(sm, "k3", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_DERIVE, &k), 0);
	for (i = 0; i < 2; i++) {
		size_t gn = (size_t)n + 10, zn = sizeof(z);

		assert_int_equal(setenv("HOSTILE_P11_MODE", modes[i], 1), 0);
		assert_int_equal(smgw_secmod_cert_load(sm, "c1", got, &gn), SMGW_E_SECMOD_DEVICE);
		assert_int_equal(gn, (size_t)n + 10);
		assert_int_equal(smgw_secmod_ecdh(k, pp, sizeof(pp), z, &zn), SMGW_E_SECMOD_DEVICE);
		assert_int_equal(zn, sizeof(z));
	}
	unsetenv("HOSTILE_P11_MODE");
	{
		size_t gn = sizeof(got);

		assert_int_equal(smgw_secmod_cert_load(sm, "c1", got, &gn), 0);
		assert_int_equal(gn, (size_t)n);
		assert_memory_equal(got, cert, (size_t)n);
	}
	EVP_PKEY_free(peer);
	smgw_secmod_key_free(k);
	smgw_secmod_free(sm);
}

/* C_GetSlotList reporting more slots the second time than it wrote. */
static void test_slot_list(void **state)
{
	struct fixture *f = *state;
	struct smgw_diag d = SMGW_DIAG_INIT;
	smgw_secmod *sm = NULL;

	assert_int_equal(setenv("HOSTILE_P11_MODE", "slots-grow", 1), 0);
	assert_int_equal(hostile_open(f->ctx, &sm, &d), SMGW_E_SECMOD_DEVICE);
	assert_null(sm);
	assert_non_null(strstr(d.message, "C_GetSlotList"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_transparent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sign_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slot_list, setup, teardown),
	};

	if (!softhsm_available()) {
		printf("1..0 # SKIP SoftHSM2 not installed (apt-get install softhsm2)\n");
		return 0;
	}
	return cmocka_run_group_tests_name("pkcs11-hostile", tests, NULL, NULL);
}
