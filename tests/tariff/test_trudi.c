/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every TRuDI golden case through the C API in-process (so that cross
 * builds check them on the target too): same billing range, same registers
 * in the same order, same amounts; error cases refused with a reason. The
 * cases are tests/data/tariff/trudi/cases.txt, derived from cases.json
 * (the end-to-end test checks that both agree).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "tariff_test_util.h"

static smgw_ctx *ctx;
static smgw_tariff_schema *schema;

static int setup(void **state)
{
	(void)state;
	if (smgw_ctx_new(NULL, &ctx) != 0)
		return -1;
	return smgw_tariff_schema_load(ctx, SCHEMA_DIR, &schema, NULL) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	smgw_tariff_schema_free(schema);
	smgw_ctx_unref(ctx);
	return 0;
}

static uint8_t *load(const char *rel, size_t *len)
{
	char path[512];
	uint8_t *b;

	snprintf(path, sizeof(path), "%s/tariff/trudi/%s", SMGW_TEST_DATA, rel);
	b = read_all(path, len);
	if (b == NULL)
		fail_msg("cannot read %s", path);
	return b;
}

/* Runs one case; returns 0 on a match, else prints why. */
static int run_case(char *line)
{
	char *f[8] = { 0 };
	int nf = 0, i, n;
	char *s = line, *tok;
	struct smgw_diag d = SMGW_DIAG_INIT;
	smgw_tariff_profile *p = NULL;
	smgw_tariff_export *x = NULL;
	smgw_tariff_result *r = NULL;
	uint8_t *buf;
	size_t len = 0;
	int rc, bad = 0;

	while (nf < 7 && (tok = strchr(s, '|')) != NULL) {
		*tok = '\0';
		f[nf++] = s;
		s = tok + 1;
	}
	f[nf++] = s;
	assert_true(nf == 5 || nf == 7);
	buf = load(f[3], &len);
	rc = smgw_tariff_profile_load(ctx, schema, buf, len, &p, &d);
	free(buf);
	if (rc == 0) {
		buf = load(f[2], &len);
		rc = smgw_tariff_export_load(ctx, schema, buf, len, &x, &d);
		free(buf);
	}
	if (rc == 0)
		rc = smgw_tariff_evaluate(ctx, p, x, NULL, &r, &d);
	if (strcmp(f[4], "ERROR") == 0) {
		if (rc >= 0 || strlen(d.message) < 20) {
			printf("# %s: not refused (rc %d, \"%s\")\n", f[0], rc, d.message);
			bad = 1;
		}
	} else if (rc < 0) {
		printf("# %s: refused: %s\n", f[0], d.message);
		bad = 1;
	} else {
		int64_t b, e;
		char bs[SMGW_ISO8601_LEN], es[SMGW_ISO8601_LEN];
		char *regs = f[6], *rr;

		assert_int_equal(smgw_tariff_result_range(r, &b, &e), 0);
		smgw_time_format_iso8601(b, 0, SMGW_ISO_BERLIN, bs, sizeof(bs));
		smgw_time_format_iso8601(e, 0, SMGW_ISO_BERLIN, es, sizeof(es));
		if (strcmp(bs, f[4]) != 0 || strcmp(es, f[5]) != 0) {
			printf("# %s: range %s .. %s, want %s .. %s\n", f[0], bs, es, f[4], f[5]);
			bad = 1;
		}
		n = smgw_tariff_result_count(r);
		for (i = 0, rr = regs; rr != NULL && *rr != '\0'; i++) {
			char *next = strchr(rr, ';'), *a, *t;
			struct smgw_tariff_register reg;
			char ob[SMGW_OBIS_STRLEN];

			if (next != NULL)
				*next++ = '\0';
			a = strchr(rr, '=');
			t = a ? strchr(a + 1, '=') : NULL;
			assert_non_null(t);
			*a++ = '\0';
			*t++ = '\0';
			if (i >= n || smgw_tariff_result_register(r, (size_t)i, &reg) != 0) {
				printf("# %s: register %d missing\n", f[0], i);
				bad = 1;
				break;
			}
			smgw_obis_format(&reg.obis, ob, sizeof(ob));
			if (strcmp(ob, rr) != 0 || reg.amount != strtoll(a, NULL, 10) || reg.tariff_id != atoi(t)) {
				printf("# %s: register %d is %s = %lld (tariff %u), want %s = %s (tariff %s)\n", f[0], i, ob,
				       (long long)reg.amount, reg.tariff_id, rr, a, t);
				bad = 1;
			}
			rr = next;
		}
		if (!bad && i != n) {
			printf("# %s: %d registers, want %d\n", f[0], n, i);
			bad = 1;
		}
	}
	smgw_tariff_result_free(r);
	smgw_tariff_export_free(x);
	smgw_tariff_profile_free(p);
	return bad;
}

static void test_all_cases(void **state)
{
	size_t len = 0;
	char *text = (char *)load("cases.txt", &len), *line, *save = NULL;
	int cases = 0, failed = 0;

	(void)state;
	text = realloc(text, len + 1);
	assert_non_null(text);
	text[len] = '\0';
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || line[0] == '\0')
			continue;
		cases++;
		failed += run_case(line);
	}
	free(text);
	assert_int_equal(cases, 58);
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_cases),
	};

	return cmocka_run_group_tests_name("tariff-trudi", tests, setup, teardown);
}
