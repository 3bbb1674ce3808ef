/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The module loader with shared objects written without any libsmgw
 * header (tests/tnc/modules/tmod.c): missing mandatory functions, version
 * ranges without overlap, a wrong version answer, failing Initialize and
 * ProvideBindFunction, an IMV offered as an IMC, calls with bad IDs, and
 * Terminate after every successful Initialize.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dlfcn.h>
#include <unistd.h>

#include <cmocka.h>

#include <smgw/core.h>
#include <smgw/tnc/tncc.h>
#include <smgw/tnc/tncs.h>

#include "imc/host.h"

static smgw_ctx *ctx;
static char mark_file[64];

static int setup(void **state)
{
	int fd;

	(void)state;
	snprintf(mark_file, sizeof(mark_file), "/tmp/smgw-tmod-XXXXXX");
	fd = mkstemp(mark_file);
	if (fd < 0)
		return -1;
	close(fd);
	setenv("TMOD_MARK", mark_file, 1);
	return smgw_ctx_new(NULL, &ctx);
}

static int teardown(void **state)
{
	(void)state;
	unlink(mark_file);
	unsetenv("TMOD_MARK");
	smgw_ctx_unref(ctx);
	return 0;
}

static void marks(char *buf, size_t cap)
{
	FILE *f = fopen(mark_file, "r");
	size_t n = 0;

	buf[0] = 0;
	if (f) {
		n = fread(buf, 1, cap - 1, f);
		fclose(f);
	}
	buf[n] = 0;
	f = fopen(mark_file, "w");
	if (f)
		fclose(f);
}

static int load(const char *path, struct smgw_diag *d)
{
	smgw_tncc *t = NULL;
	uint32_t id = 77;
	int err;

	assert_int_equal(smgw_tncc_new(ctx, NULL, &t), 0);
	err = smgw_tncc_load_imc(t, path, NULL, d, &id);
	if (err < 0) {
		assert_int_equal(id, 77);
		assert_int_equal(smgw_tncc_imc_count(t), 0);
	}
	smgw_tncc_free(t);
	return err;
}

static void test_missing_functions(void **state)
{
	struct smgw_diag d = SMGW_DIAG_INIT;
	char m[256];

	(void)state;
	assert_int_equal(load(TMOD_NO_INIT, &d), SMGW_E_TNC_MODULE_SYMBOL);
	assert_non_null(strstr(d.message, "TNC_IMC_Initialize is missing"));
	assert_int_equal(load(TMOD_NO_BEGIN, &d), SMGW_E_TNC_MODULE_SYMBOL);
	assert_non_null(strstr(d.message, "TNC_IMC_BeginHandshake is missing"));
	assert_int_equal(load(TMOD_NO_BIND, &d), SMGW_E_TNC_MODULE_SYMBOL);
	assert_non_null(strstr(d.message, "TNC_IMC_ProvideBindFunction is missing"));
	/* nothing was called in a module that is refused */
	marks(m, sizeof(m));
	assert_string_equal(m, "");
	assert_int_equal(load("/nonexistent/tmod.so", &d), SMGW_E_TNC_MODULE_LOAD);
	assert_int_equal(d.code, SMGW_E_TNC_MODULE_LOAD);
}

static void test_versions(void **state)
{
	struct smgw_diag d = SMGW_DIAG_INIT;
	char m[256];

	(void)state;
	assert_int_equal(load(TMOD_ONLY_V2, &d), SMGW_E_TNC_MODULE_VERSION);
	assert_non_null(strstr(d.message, "no common interface version"));
	marks(m, sizeof(m));
	assert_string_equal(m, "initialize\n"); /* not initialized: no Terminate */
	assert_int_equal(load(TMOD_WRONG_VERSION, &d), SMGW_E_TNC_MODULE_VERSION);
	assert_non_null(strstr(d.message, "version 9"));
	marks(m, sizeof(m));
	assert_string_equal(m, "initialize\nterminate\n");
}

static void test_init_failures(void **state)
{
	struct smgw_diag d = SMGW_DIAG_INIT;
	char m[256];

	(void)state;
	assert_int_equal(load(TMOD_INIT_FATAL, &d), SMGW_E_TNC_MODULE_INIT);
	assert_non_null(strstr(d.message, "Initialize returned TNC result 10"));
	marks(m, sizeof(m));
	assert_string_equal(m, "initialize\n");
	assert_int_equal(load(TMOD_BIND_FAILS, &d), SMGW_E_TNC_MODULE_INIT);
	assert_non_null(strstr(d.message, "ProvideBindFunction returned TNC result 6"));
	marks(m, sizeof(m));
	assert_string_equal(m, "initialize\nbind\nterminate\n");
}

static void test_wrong_side(void **state)
{
	struct smgw_diag d = SMGW_DIAG_INIT;
	smgw_tncs *s = NULL;
	uint32_t id = 0;

	(void)state;
	/* an IMV module without SolicitRecommendation, and an IMC as an IMV */
	assert_int_equal(smgw_tncs_new(ctx, NULL, &s), 0);
	assert_int_equal(smgw_tncs_load_imv(s, TMOD_IMV_NO_SOLICIT, NULL, &d, &id), SMGW_E_TNC_MODULE_SYMBOL);
	assert_non_null(strstr(d.message, "TNC_IMV_SolicitRecommendation is missing"));
	assert_int_equal(smgw_tncs_load_imv(s, TMOD_GOOD, NULL, &d, &id), SMGW_E_TNC_MODULE_SYMBOL);
	assert_non_null(strstr(d.message, "TNC_IMV_Initialize is missing"));
	assert_int_equal(smgw_tncs_imv_count(s), 0);
	smgw_tncs_free(s);
}

static void test_bad_ids(void **state)
{
	struct smgw__tnc_host *h = NULL;
	struct smgw__tnc_conn *c = NULL;
	struct smgw_diag d = SMGW_DIAG_INIT;
	void (*get)(const TNC_Result **, int *);
	const TNC_Result *r = NULL;
	void *dl, *sym;
	int n = 0;
	uint32_t id = 0;
	char m[256];

	(void)state;
	assert_int_equal(smgw__tnc_host_new(ctx, SMGW__TNC_SIDE_IMC, NULL, &h), 0);
	assert_int_equal(smgw__tnc_host_load(h, TMOD_GOOD, "good", &d, &id), 0);
	assert_int_equal(id, 1);
	assert_int_equal(smgw__tnc_conn_new(h, &c), 0);
	assert_int_equal(smgw__tnc_conn_begin(c), 0);
	/* the module's own records, reached through the handle the loader holds */
	dl = dlopen(TMOD_GOOD, RTLD_NOW | RTLD_NOLOAD);
	assert_non_null(dl);
	sym = dlsym(dl, "tmod_results");
	assert_non_null(sym);
	memcpy(&get, &sym, sizeof(sym));
	get(&r, &n);
	assert_int_equal(n, 8);
	assert_int_equal(r[0], TNC_RESULT_ILLEGAL_OPERATION); /* ReportMessageTypes, foreign ID */
	assert_int_equal(r[1], TNC_RESULT_SUCCESS);
	assert_int_equal(r[2], TNC_RESULT_ILLEGAL_OPERATION); /* SendMessageLong, foreign ID */
	assert_int_equal(r[3], sizeof(TNC_UInt32) > 4 ? TNC_RESULT_ILLEGAL_OPERATION : TNC_RESULT_SUCCESS);
	assert_int_equal(r[4], TNC_RESULT_INVALID_PARAMETER); /* unknown connection */
	assert_int_equal(r[5], TNC_RESULT_SUCCESS);
	assert_int_equal(r[6], TNC_RESULT_ILLEGAL_OPERATION); /* GetAttribute, foreign ID */
	assert_int_equal(r[7], TNC_RESULT_SUCCESS);
	assert_int_equal(smgw__tnc_conn_out_count(c), sizeof(TNC_UInt32) > 4 ? 1 : 2);
	dlclose(dl);
	smgw__tnc_conn_free(c);
	smgw__tnc_host_free(h);
	marks(m, sizeof(m));
	assert_string_equal(m, "initialize\nbind\nterminate\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_missing_functions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_init_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_side, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_ids, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
