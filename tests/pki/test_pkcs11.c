/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PKCS#11 backend against SoftHSM2 (Debian package softhsm2) in a
 * private token directory: the token generates brainpool and NIST keys,
 * signs and derives; OpenSSL verifies the signatures (EVP and the openssl
 * command line) and computes the same ECDH secret with a software peer.
 * pkcs11-tool (OpenSC), when installed, independently lists the objects.
 * Skipped when SoftHSM2 is not installed.
 */
#include "test_secmod_util.h"

#include <dlfcn.h>

#include "secmod/p11-types.h"

struct fixture {
	smgw_ctx *ctx;
	struct tdir dir;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	if (softhsm_token(&f->dir) != 0) {
		free(f);
		*state = NULL;
		return 0;
	}
	assert_int_equal(smgw_ctx_new(NULL, &f->ctx), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (!f)
		return 0;
	tdir_remove(&f->dir);
	smgw_ctx_unref(f->ctx);
	free(f);
	return 0;
}

/* main() runs these tests only when SoftHSM2 is installed. */
#define NEED_TOKEN(f) assert_non_null(f)

static smgw_secmod *reopen(void *arg)
{
	return softhsm_open(((struct fixture *)arg)->ctx);
}

/* Our CK_FUNCTION_LIST layout agrees with the symbols the module exports. */
static void test_function_list_layout(void **state)
{
	struct fixture *f = *state;
	CK_C_GetFunctionList get;
	CK_FUNCTION_LIST *fl = NULL;
	void *dl, *sym;

	NEED_TOKEN(f);
	dl = dlopen(softhsm_module(), RTLD_NOW | RTLD_LOCAL);
	assert_non_null(dl);
	*(void **)&get = dlsym(dl, "C_GetFunctionList");
	assert_non_null(get);
	assert_int_equal(get(&fl), CKR_OK);
	assert_int_equal(fl->version.major, 2);
#define SAME(fn) \
	do { \
		sym = dlsym(dl, #fn); \
		assert_non_null(sym); \
		assert_true(*(void **)&fl->fn == sym); \
	} while (0)
	SAME(C_Initialize);
	SAME(C_Finalize);
	SAME(C_GetFunctionList);
	SAME(C_GetSlotList);
	SAME(C_GetTokenInfo);
	SAME(C_GetMechanismInfo);
	SAME(C_OpenSession);
	SAME(C_CloseSession);
	SAME(C_Login);
	SAME(C_Logout);
	SAME(C_CreateObject);
	SAME(C_DestroyObject);
	SAME(C_GetAttributeValue);
	SAME(C_FindObjectsInit);
	SAME(C_FindObjects);
	SAME(C_FindObjectsFinal);
	SAME(C_SignInit);
	SAME(C_Sign);
	SAME(C_GenerateKeyPair);
	SAME(C_DeriveKey);
	SAME(C_GenerateRandom);
	/* And the last entry, which pins the length of the list. */
	sym = dlsym(dl, "C_WaitForSlotEvent");
	assert_true(*(void **)&fl->C_WaitForSlotEvent == sym);
#undef SAME
	dlclose(dl);
}

static void test_open_errors(void **state)
{
	struct fixture *f = *state;
	struct smgw_secmod_pkcs11_params p = { sizeof(p), 0, NULL, TOKEN_LABEL, TOKEN_PIN, 4 };
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_secmod *sm = NULL;

	NEED_TOKEN(f);
	p.module = "/nonexistent/libpkcs11.so";
	assert_int_equal(smgw_secmod_pkcs11_open(f->ctx, &p, &sm, &diag), SMGW_E_SECMOD_MODULE);
	assert_non_null(strstr(diag.message, "/nonexistent/libpkcs11.so"));
	p.module = "libc.so.6"; /* loads, but is no PKCS#11 module */
	assert_int_equal(smgw_secmod_pkcs11_open(f->ctx, &p, &sm, &diag), SMGW_E_SECMOD_MODULE);
	assert_non_null(strstr(diag.message, "C_GetFunctionList"));
	p.module = softhsm_module();
	p.token_label = "no-such-token";
	assert_int_equal(smgw_secmod_pkcs11_open(f->ctx, &p, &sm, &diag), SMGW_E_SECMOD_TOKEN);
	assert_non_null(strstr(diag.message, "no-such-token"));
	p.token_label = TOKEN_LABEL;
	p.pin = "9999";
	assert_int_equal(smgw_secmod_pkcs11_open(f->ctx, &p, &sm, &diag), SMGW_E_SECMOD_PIN);
	assert_non_null(strstr(diag.message, "C_Login"));
	p.flags = 1;
	assert_int_equal(smgw_secmod_pkcs11_open(f->ctx, &p, &sm, &diag), SMGW_E_INVAL);
	p.flags = 0;
	p.struct_size = 8;
	assert_int_equal(smgw_secmod_pkcs11_open(f->ctx, &p, &sm, &diag), SMGW_E_INVAL);
	assert_null(sm);
	/* The only token, selected without a label; no login: private keys invisible. */
	p.struct_size = sizeof(p);
	p.token_label = NULL;
	p.pin = NULL;
	p.pin_len = 0;
	assert_int_equal(smgw_secmod_pkcs11_open(f->ctx, &p, &sm, &diag), 0);
	{
		smgw_secmod_key *k;

		assert_true(smgw_secmod_generate(sm, "x", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_SIGN, &k) < 0);
	}
	smgw_secmod_free(sm);
}

static void test_token_module(void **state)
{
	struct fixture *f = *state;
	smgw_secmod *sm;
	uint32_t caps = 0;

	NEED_TOKEN(f);
	sm = softhsm_open(f->ctx);
	assert_string_equal(smgw_secmod_name(sm), "pkcs11");
	assert_int_equal(smgw_secmod_capabilities(sm, &caps), 0);
	assert_true(caps & SMGW_SECMOD_CAP_NONEXTRACTABLE);
	/* SoftHSM2 offers CKF_RNG, CKM_EC_KEY_PAIR_GEN, CKM_ECDSA and CKM_ECDH1_DERIVE. */
	assert_int_equal(caps & 0x3f, 0x3f);
	assert_false(caps & SMGW_SECMOD_CAP_NOT_FOR_PRODUCTION);
	check_module(sm, &f->dir);
	/* A handle whose key was deleted fails cleanly. */
	{
		smgw_secmod_key *key;
		uint8_t dg[32] = { 1 }, sig[SMGW_SECMOD_SIG_DER_MAX];
		size_t n = sizeof(sig);

		assert_int_equal(smgw_secmod_generate(sm, "gone", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_SIGN, &key), 0);
		assert_int_equal(smgw_secmod_key_delete(sm, "gone"), 0);
		assert_int_equal(smgw_secmod_sign_digest(key, dg, sizeof(dg), SMGW_SECMOD_SIG_DER, sig, &n), SMGW_E_NOTFOUND);
		smgw_secmod_key_free(key);
	}
	smgw_secmod_free(sm);
}

/* A second open of the same module while the first is in use: the module
 * stays initialised for the first until the first is closed. */
static void test_two_opens(void **state)
{
	struct fixture *f = *state;
	smgw_secmod *a, *b;
	smgw_secmod_key *key;
	uint8_t r[16];

	NEED_TOKEN(f);
	a = softhsm_open(f->ctx);
	b = softhsm_open(f->ctx);
	assert_int_equal(smgw_secmod_generate(b, "shared", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_SIGN, &key), 0);
	smgw_secmod_key_free(key);
	smgw_secmod_free(b);
	assert_int_equal(smgw_secmod_random(a, r, sizeof(r)), 0);
	assert_int_equal(smgw_secmod_key_open(a, "shared", &key), 0);
	cross_check_sign(key);
	smgw_secmod_key_free(key);
	smgw_secmod_free(a);
}

static void test_token_threads(void **state)
{
	struct fixture *f = *state;
	smgw_secmod *sm;

	NEED_TOKEN(f);
	sm = softhsm_open(f->ctx);
	check_threads(sm);
	smgw_secmod_free(sm);
}

static void test_token_persistence(void **state)
{
	NEED_TOKEN(*state);
	check_persistence(reopen, *state);
}

/* pkcs11-tool (OpenSC) sees what we created, and cannot read the private value. */
static void test_pkcs11_tool_peer(void **state)
{
	struct fixture *f = *state;
	smgw_secmod *sm;
	smgw_secmod_key *key;
	uint8_t cert[2048];
	char out[8192];
	int n;

	NEED_TOKEN(f);
	sm = softhsm_open(f->ctx);
	assert_int_equal(smgw_secmod_generate(sm, "smgw-sig", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_SIGN, &key), 0);
	n = make_cert(cert, sizeof(cert));
	assert_int_equal(smgw_secmod_cert_store(sm, "smgw-sig", cert, (size_t)n), 0);
	assert_int_equal(run_cmd(out, sizeof(out), "pkcs11-tool --module '%s' --token-label %s --login --pin %s --list-objects 2>&1",
				 softhsm_module(), TOKEN_LABEL, TOKEN_PIN), 0);
	assert_non_null(strstr(out, "Private Key Object; EC"));
	assert_non_null(strstr(out, "Public Key Object; EC"));
	assert_non_null(strstr(out, "Certificate Object"));
	assert_non_null(strstr(out, "label:      smgw-sig"));
	assert_non_null(strstr(out, "sensitive"));
	/* The private key is marked so that the token never exports it. */
	assert_non_null(strstr(out, "never extractable"));
	smgw_secmod_key_free(key);
	smgw_secmod_free(sm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_function_list_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_module, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_persistence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_opens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pkcs11_tool_peer, setup, teardown), /* last: needs pkcs11-tool */
	};
	size_t n = sizeof(tests) / sizeof(tests[0]);

	/* A TAP skip of the whole program, not a failure, without SoftHSM2. */
	if (!softhsm_available()) {
		printf("1..0 # SKIP %s\n", SOFTHSM_MISSING);
		return 0;
	}
	if (run_cmd(NULL, 0, "command -v pkcs11-tool >/dev/null 2>&1") != 0) {
		fprintf(stderr, "pkcs11-tool (opensc) not installed: the independent listing is left out\n");
		n--;
	}
	return _cmocka_run_group_tests("pkcs11", tests, n, NULL, NULL);
}
