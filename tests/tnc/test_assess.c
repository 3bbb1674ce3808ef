/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Whole assessments: a TNC client with the sample OS IMC and a TNC server
 * with the sample OS IMV, loaded from their shared objects, over a
 * socketpair (the PT-TLS engine over a plain stream). Allowed, denied and
 * isolated outcomes, the attribute request round trip, the reason string,
 * exclusive delivery of the assessment result to the collector,
 * attributes handed to modules, and a server without IMVs (fail closed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include <smgw/core.h>
#include <smgw/tnc/tncc.h>
#include <smgw/tnc/tncs.h>

#include "tnc-fd-io.h"

#ifndef IMC_OS_PATH
#error IMC_OS_PATH must name the sample IMC
#endif
#ifndef IMV_OS_PATH
#error IMV_OS_PATH must name the sample IMV
#endif

/* what the client wrote, for byte checks against the capture */
static uint8_t cwire[16384];
static size_t cwire_len;

static int fd_write_rec(void *ud, const void *buf, size_t len)
{
	if (cwire_len + len <= sizeof(cwire)) {
		memcpy(cwire + cwire_len, buf, len);
		cwire_len += len;
	}
	return fd_write(ud, buf, len);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

struct server_run {
	smgw_tncs *tncs;
	int fd;
	int err;
	struct smgw_tnc_result res;
	struct smgw_diag diag;
};

static void *server_main(void *arg)
{
	struct server_run *s = arg;
	struct smgw_pt_io io = { sizeof(io), 0, &s->fd, fd_read, fd_write };

	s->res.struct_size = sizeof(s->res);
	s->err = smgw_tncs_assess(s->tncs, &io, (const uint8_t *)"tls-unique-12", 13, &s->res, &s->diag);
	close(s->fd);
	return NULL;
}

static smgw_ctx *ctx;
static char result_file[64];

static int setup(void **state)
{
	int fd;

	(void)state;
	snprintf(result_file, sizeof(result_file), "/tmp/smgw-tnc-test-XXXXXX");
	fd = mkstemp(result_file);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(result_file);
	setenv("SMGW_IMC_OS_RESULT_FILE", result_file, 1);
	setenv("SMGW_IMC_OS_NAME", "Debian GNU/Linux", 1);
	setenv("SMGW_IMC_OS_VERSION", "12.5", 1);
	setenv("SMGW_IMC_OS_LAST_USE", "2026-11-30T10:00:00Z", 1);
	unsetenv("SMGW_IMC_OS_INITIAL");
	unsetenv("SMGW_IMC_OS_STATUS");
	unsetenv("SMGW_IMV_OS_POLICY");
	unsetenv("SMGW_IMV_OS_MIN_VERSION");
	setenv("SMGW_IMV_OS_PRODUCT", "Debian GNU/Linux", 1);
	setenv("SMGW_IMV_OS_REQUIRE_OPERATIONAL", "yes", 1);
	return smgw_ctx_new(NULL, &ctx);
}

static int teardown(void **state)
{
	(void)state;
	unlink(result_file);
	smgw_ctx_unref(ctx);
	return 0;
}

/* Runs one assessment; returns the client's status. */
static int run(int with_imv, int policy, struct smgw_tnc_result *cres, struct server_run *srv)
{
	struct smgw_tncc_params cp;
	struct smgw_tncs_params sp;
	smgw_tncc *tncc = NULL;
	pthread_t th;
	int sv[2], err, cfd;
	uint32_t id = 0;
	struct smgw_diag d = SMGW_DIAG_INIT;
	struct smgw_pt_io io = { sizeof(io), 0, &cfd, fd_read, fd_write_rec };

	cwire_len = 0;
	memset(&cp, 0, sizeof(cp));
	cp.struct_size = sizeof(cp);
	cp.preferred_language = "en";
	memset(&sp, 0, sizeof(sp));
	sp.struct_size = sizeof(sp);
	sp.policy = policy;
	sp.pt_flags = SMGW_PT_CLIENT_CERT_AUTH;
	memset(srv, 0, sizeof(*srv));
	srv->diag = (struct smgw_diag)SMGW_DIAG_INIT;
	assert_int_equal(smgw_tncc_new(ctx, &cp, &tncc), 0);
	assert_int_equal(smgw_tncs_new(ctx, &sp, &srv->tncs), 0);
	assert_int_equal(smgw_tncc_load_imc(tncc, IMC_OS_PATH, "os", &d, &id), 0);
	assert_int_equal(id, 1);
	if (with_imv) {
		assert_int_equal(smgw_tncs_load_imv(srv->tncs, IMV_OS_PATH, "os", &d, &id), 0);
		assert_int_equal(smgw_tncs_imv_count(srv->tncs), 1);
	}
	assert_int_equal(smgw_tncc_imc_count(tncc), 1);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	cfd = sv[0];
	srv->fd = sv[1];
	assert_int_equal(pthread_create(&th, NULL, server_main, srv), 0);
	memset(cres, 0, sizeof(*cres));
	cres->struct_size = sizeof(*cres);
	err = smgw_tncc_assess(tncc, &io, NULL, 0, cres, &d);
	if (err < 0)
		print_message("# client: %s: %s\n", smgw_strerror(err), d.message);
	close(cfd);
	pthread_join(th, NULL);
	if (srv->err < 0)
		print_message("# server: %s: %s\n", smgw_strerror(srv->err), srv->diag.message);
	smgw_tncc_free(tncc);
	smgw_tncs_free(srv->tncs);
	srv->tncs = NULL;
	return err;
}

static int imc_saw_result(void)
{
	FILE *f = fopen(result_file, "r");
	int v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%d", &v) != 1)
		v = -1;
	fclose(f);
	unlink(result_file);
	return v;
}

static void test_allowed(void **state)
{
	struct smgw_tnc_result c;
	struct server_run s;

	(void)state;
	assert_int_equal(run(1, SMGW_TNCS_POLICY_MOST_RESTRICTIVE, &c, &s), 0);
	assert_int_equal(s.err, 0);
	assert_int_equal(c.access, 1);
	assert_int_equal(c.assessment, 0);
	assert_string_equal(c.reason, "operating system complies with the policy");
	assert_string_equal(c.reason_lang, "en");
	/* client and server agree */
	assert_int_equal(s.res.access, c.access);
	assert_int_equal(s.res.assessment, c.assessment);
	/* one CDATA with the four attributes, the RESULT with the IMV's
	 * assessment result for the IMC (exclusive) */
	assert_int_equal(c.round_trips, 1);
	assert_int_equal(c.messages_sent, 1);
	assert_int_equal(c.messages_received, 1);
	assert_int_equal(s.res.messages_received, 1);
	assert_int_equal(imc_saw_result(), 0);
}

static size_t read_file(const char *name, uint8_t *buf, size_t cap)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/tnc/capture/%s", SMGW_TEST_DATA, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

/* The client's first CDATA, byte for byte against the strongSwan capture
 * (shared/reference/tnc.md section 6): the PT-TLS Version Request, then a
 * PB-TNC batch whose Language-Preference message equals the capture's and
 * whose OS PB-PA message has the capture's header layout. */
static void test_wire(void **state)
{
	struct smgw_tnc_result c;
	struct server_run s;
	uint8_t lang[64], osh[64];
	size_t nl, no, off;
	const uint8_t *b, *m;
	static const uint8_t version_request[20] = { 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 20, 0, 0, 0, 0, 0, 1, 1, 1 };

	(void)state;
	assert_int_equal(run(1, SMGW_TNCS_POLICY_MOST_RESTRICTIVE, &c, &s), 0);
	nl = read_file("cdata-msg-language.bin", lang, sizeof(lang));
	no = read_file("cdata-msg-pa-os-headers.bin", osh, sizeof(osh));
	assert_int_equal(nl, 31);
	assert_int_equal(no, 32);
	assert_true(cwire_len > 20 + 16 + 8);
	assert_memory_equal(cwire, version_request, 20);
	/* next PT-TLS message: a PB-TNC Batch (type 7), message id 1 */
	off = 20;
	assert_int_equal(be32(cwire + off + 4), 7);
	assert_int_equal(be32(cwire + off + 12), 1);
	b = cwire + off + 16;
	assert_int_equal(be32(cwire + off + 8), 16 + be32(b + 4));
	assert_memory_equal(b, "\x02\x00\x00\x01", 4); /* version 2, client, CDATA */
	assert_memory_equal(b + 8, lang, nl);
	m = b + 8 + nl;
	/* flags, vendor, type; PB-PA flags, vendor, subtype, collector (IMC 1
	 * here, 2 in the capture), validator; PA-TNC version and reserved */
	assert_memory_equal(m, osh, 8);
	assert_memory_equal(m + 12, osh + 12, 8);
	assert_memory_equal(m + 20, "\x00\x01\xff\xff", 4);
	assert_memory_equal(m + 24, osh + 24, 4);
	assert_int_equal(be32(m + 8), be32(b + 4) - 8 - nl);
}

static void test_denied(void **state)
{
	struct smgw_tnc_result c;
	struct server_run s;

	(void)state;
	setenv("SMGW_IMC_OS_NAME", "Windows", 1);
	assert_int_equal(run(1, SMGW_TNCS_POLICY_MOST_RESTRICTIVE, &c, &s), 0);
	assert_int_equal(c.access, 2);
	assert_int_equal(c.assessment, 2);
	assert_non_null(strstr(c.reason, "'Windows' is not the permitted"));
	assert_int_equal(imc_saw_result(), 2);
	/* not operational */
	setenv("SMGW_IMC_OS_NAME", "Debian GNU/Linux", 1);
	setenv("SMGW_IMC_OS_STATUS", "2", 1);
	assert_int_equal(run(1, SMGW_TNCS_POLICY_MOST_RESTRICTIVE, &c, &s), 0);
	assert_int_equal(c.access, 2);
	assert_non_null(strstr(c.reason, "not operational"));
}

static void test_isolated(void **state)
{
	struct smgw_tnc_result c;
	struct server_run s;

	(void)state;
	setenv("SMGW_IMV_OS_MIN_VERSION", "13.1", 1);
	assert_int_equal(run(1, SMGW_TNCS_POLICY_MOST_RESTRICTIVE, &c, &s), 0);
	assert_int_equal(c.access, 3);
	assert_int_equal(c.assessment, 1);
	assert_string_equal(c.reason, "version 12.5 is older than 13.1");
	setenv("SMGW_IMV_OS_MIN_VERSION", "12.5", 1);
	assert_int_equal(run(1, SMGW_TNCS_POLICY_MOST_RESTRICTIVE, &c, &s), 0);
	assert_int_equal(c.access, 1);
}

static void test_attribute_request(void **state)
{
	struct smgw_tnc_result c;
	struct server_run s;

	(void)state;
	/* only the product at first: the IMV asks for the rest (SDATA) and the
	 * IMC answers exclusively in a second CDATA */
	setenv("SMGW_IMC_OS_INITIAL", "1", 1);
	assert_int_equal(run(1, SMGW_TNCS_POLICY_MOST_RESTRICTIVE, &c, &s), 0);
	assert_int_equal(c.access, 1);
	assert_int_equal(c.round_trips, 2);
	assert_int_equal(c.messages_sent, 2);
	assert_int_equal(c.messages_received, 2);
	assert_int_equal(s.res.round_trips, 2);
	/* nothing at first, nothing settles it: the request is answered */
	setenv("SMGW_IMC_OS_INITIAL", "0", 1);
	assert_int_equal(run(1, SMGW_TNCS_POLICY_MOST_RESTRICTIVE, &c, &s), 0);
	assert_int_equal(c.access, 1);
	assert_int_equal(c.round_trips, 2);
}

static void test_no_imv(void **state)
{
	struct smgw_tnc_result c;
	struct server_run s;

	(void)state;
	/* a server without validators cannot vouch for anybody */
	assert_int_equal(run(0, SMGW_TNCS_POLICY_ANY, &c, &s), 0);
	assert_int_equal(c.access, 2);
	assert_int_equal(c.assessment, 4);
	assert_int_equal(c.reason[0], 0);
}

static void test_policy_file(void **state)
{
	struct smgw_tnc_result c;
	struct server_run s;
	char path[64];
	FILE *f;
	int fd;
	smgw_tncs *tncs = NULL;
	struct smgw_diag d = SMGW_DIAG_INIT;
	uint32_t id = 0;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/smgw-tnc-policy-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fprintf(f, "# gateway policy\nproduct = Debian GNU/Linux\nmin_version = 12.0\n"
		   "require_operational = yes\non_old_version = deny\n");
	fclose(f);
	unsetenv("SMGW_IMV_OS_PRODUCT");
	setenv("SMGW_IMV_OS_POLICY", path, 1);
	setenv("SMGW_IMC_OS_VERSION", "11.7", 1);
	assert_int_equal(run(1, SMGW_TNCS_POLICY_MOST_RESTRICTIVE, &c, &s), 0);
	assert_int_equal(c.access, 2);
	assert_int_equal(c.assessment, 1);
	/* a malformed policy makes the IMV refuse to initialize */
	f = fopen(path, "w");
	fprintf(f, "product Debian\n");
	fclose(f);
	assert_int_equal(smgw_tncs_new(ctx, NULL, &tncs), 0);
	assert_int_equal(smgw_tncs_load_imv(tncs, IMV_OS_PATH, "os", &d, &id), SMGW_E_TNC_MODULE_INIT);
	assert_non_null(strstr(d.message, "Initialize"));
	smgw_tncs_free(tncs);
	unlink(path);
}

static void test_bad_args(void **state)
{
	smgw_tncc *tncc = NULL;
	smgw_tncs *tncs = NULL;
	struct smgw_tncc_params cp;
	struct smgw_tncs_params sp;
	struct smgw_diag d = SMGW_DIAG_INIT;
	uint32_t id = 0;

	(void)state;
	memset(&cp, 0, sizeof(cp));
	cp.struct_size = 8;
	assert_int_equal(smgw_tncc_new(ctx, &cp, &tncc), SMGW_E_INVAL);
	memset(&sp, 0, sizeof(sp));
	sp.struct_size = sizeof(sp);
	sp.policy = 7;
	assert_int_equal(smgw_tncs_new(ctx, &sp, &tncs), SMGW_E_INVAL);
	assert_null(tncs);
	assert_int_equal(smgw_tncc_new(ctx, NULL, &tncc), 0);
	assert_int_equal(smgw_tncc_load_imc(tncc, "/nonexistent/imc.so", NULL, &d, &id), SMGW_E_TNC_MODULE_LOAD);
	assert_non_null(strstr(d.message, "nonexistent"));
	/* an IMV is not an IMC: TNC_IMC_Initialize is missing */
	assert_int_equal(smgw_tncc_load_imc(tncc, IMV_OS_PATH, NULL, &d, &id), SMGW_E_TNC_MODULE_SYMBOL);
	assert_non_null(strstr(d.message, "TNC_IMC_Initialize"));
	assert_int_equal(smgw_tncc_imc_count(tncc), 0);
	smgw_tncc_free(tncc);
	assert_string_equal(smgw_tnc_access_name(1), "Access Allowed");
	assert_string_equal(smgw_tnc_access_name(3), "Quarantined");
	assert_string_equal(smgw_tnc_assessment_name(2), "non-compliant major");
	assert_string_equal(smgw_tnc_assessment_name(9), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_allowed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wire, setup, teardown),
		cmocka_unit_test_setup_teardown(test_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_isolated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attribute_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_imv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_args, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
