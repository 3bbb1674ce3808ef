/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Writing AR 2418-6 (round trip, schema validation, same registers) and
 * expanding season/week rules and holidays into explicit special days.
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

static char *write_all(const smgw_tariff_profile *p, size_t *len)
{
	char *buf;

	assert_int_equal(smgw_tariff_profile_write(p, NULL, 0, len), SMGW_E_BUFSIZE);
	buf = malloc(*len + 1);
	assert_non_null(buf);
	assert_int_equal(smgw_tariff_profile_write(p, buf, *len, len), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_tariff_profile_write(p, buf, *len + 1, len), 0);
	assert_int_equal(strlen(buf), *len);
	return buf;
}

static void eval_file(const smgw_tariff_profile *p, const char *device, int64_t *amounts, int *n)
{
	char path[512];
	uint8_t *buf;
	size_t len = 0;
	smgw_tariff_export *x = NULL;
	smgw_tariff_result *r = NULL;
	int i;

	snprintf(path, sizeof(path), "%s/%s", TRUDI_DIR, device);
	buf = read_all(path, &len);
	assert_non_null(buf);
	assert_int_equal(smgw_tariff_export_load(ctx, NULL, buf, len, &x, NULL), 0);
	free(buf);
	assert_int_equal(smgw_tariff_evaluate(ctx, p, x, NULL, &r, NULL), 0);
	*n = smgw_tariff_result_count(r);
	for (i = 0; i < *n; i++) {
		struct smgw_tariff_register reg;

		assert_int_equal(smgw_tariff_result_register(r, (size_t)i, &reg), 0);
		amounts[i] = reg.amount;
	}
	smgw_tariff_result_free(r);
	smgw_tariff_export_free(x);
}

static void test_round_trip(void **state)
{
	static const char *const cases[][2] = {
		{ "taf2_supplier_single_day_maxTariffChange.xml", "taf2_result_single_day_2h-gap.xml" },
		{ "taf2_supplierXmlJan-Sep2017.xml", "taf2_resultJan-Sep2017.xml" },
		{ "taf2_supplier_1_month_tariffChangeWeekend.xml", "taf2_result_1_month_period_1day.xml" },
		{ "taf1_supplier_3_month.xml", "taf1_result_3_month.xml" },
	};
	size_t c;

	(void)state;
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		char path[512];
		uint8_t *buf;
		char *out, *out2;
		size_t len = 0, olen, olen2;
		smgw_tariff_profile *p = NULL, *q = NULL;
		int64_t a[16], b[16];
		int na, nb, i;

		snprintf(path, sizeof(path), "%s/%s", TRUDI_DIR, cases[c][0]);
		buf = read_all(path, &len);
		assert_int_equal(smgw_tariff_profile_load(ctx, schema, buf, len, &p, NULL), 0);
		free(buf);
		out = write_all(p, &olen);
		/* the written file is valid against the XSD and loads to the same profile */
		assert_int_equal(smgw_tariff_profile_load(ctx, schema, (const uint8_t *)out, olen, &q, NULL), 0);
		assert_int_equal(smgw_tariff_profile_taf(p), smgw_tariff_profile_taf(q));
		assert_string_equal(smgw_tariff_profile_id(p), smgw_tariff_profile_id(q));
		assert_int_equal(smgw_tariff_profile_stage_count(p), smgw_tariff_profile_stage_count(q));
		assert_int_equal(smgw_tariff_profile_check(q, NULL, NULL), 0);
		out2 = write_all(q, &olen2);
		assert_int_equal(olen, olen2);
		assert_memory_equal(out, out2, olen); /* a fixed point */
		eval_file(p, cases[c][1], a, &na);
		eval_file(q, cases[c][1], b, &nb);
		assert_int_equal(na, nb);
		for (i = 0; i < na; i++)
			assert_true(a[i] == b[i]);
		free(out);
		free(out2);
		smgw_tariff_profile_free(p);
		smgw_tariff_profile_free(q);
	}
}

/* Weekdays day profile 1 (HT 06:00-22:00), weekends and holidays day profile 2 (NT all day), May 2026. */
static smgw_tariff_profile *rules_profile(void)
{
	static const int nums[] = { 1, 2 };
	static const char *const ob[] = { "0100010801ff", "0100010802ff" };
	struct sbuf b = { 0 };
	smgw_tariff_profile *p = NULL;
	int t[96], k;

	for (k = 0; k < 96; k++)
		t[k] = (k >= 24 && k < 88) ? 1 : 2;
	sb_profile_head(&b, 2, "2026-05-01T00:00:00+02:00", 31LL * 86400, 2, nums, ob);
	sb_day_profile(&b, 1, t);
	for (k = 0; k < 96; k++)
		t[k] = 2;
	sb_day_profile(&b, 2, t);
	sb_printf(&b, "<SeasonProfile><seasonProfileName>year</seasonProfileName>"
		      "<seasonStart>2026-01-01T00:00:00+01:00</seasonStart><weekProfileName>w</weekProfileName>"
		      "<WeekProfile><weekProfileName>w</weekProfileName><monday>1</monday><tuesday>1</tuesday>"
		      "<wednesday>1</wednesday><thursday>1</thursday><friday>1</friday><saturday>2</saturday>"
		      "<sunday>2</sunday></WeekProfile></SeasonProfile>\n"
		      "<WeekProfile><weekProfileName>w</weekProfileName><monday>1</monday><tuesday>1</tuesday>"
		      "<wednesday>1</wednesday><thursday>1</thursday><friday>1</friday><saturday>2</saturday>"
		      "<sunday>2</sunday></WeekProfile>\n");
	/* one explicit special day that the expansion must keep: 4 May is all NT */
	sb_special_day(&b, 2026, 5, 4, 2);
	sb_profile_tail(&b);
	assert_int_equal(smgw_tariff_profile_load(ctx, schema, (const uint8_t *)b.p, b.len, &p, NULL), 0);
	free(b.p);
	return p;
}

static int day_id_of(const char *xml, int month, int day)
{
	char needle[160];
	const char *s;

	snprintf(needle, sizeof(needle),
		 "<month>%d</month><day_of_month>%d</day_of_month></specialDayDate><dayId>", month, day);
	s = strstr(xml, needle);
	return s ? atoi(s + strlen(needle)) : -1;
}

static void test_expand_holidays(void **state)
{
	smgw_tariff_profile *by = rules_profile(), *none = rules_profile();
	char *x;
	size_t len;

	(void)state;
	/* 31 days, one already explicit */
	assert_int_equal(smgw_tariff_profile_expand_calendar(by, SMGW_STATE_BY, 0, 0, NULL), 30);
	assert_int_equal(smgw_tariff_profile_expand_calendar(none, -1, 0, 0, NULL), 30);
	assert_int_equal(smgw_tariff_profile_expand_calendar(by, SMGW_STATE_BY, 0, 0, NULL), 0); /* idempotent */
	x = write_all(by, &len);
	/* Friday 1 May (Tag der Arbeit), Thursday 14 May (Christi Himmelfahrt = Easter 5 April + 39),
	 * Monday 25 May (Pfingstmontag = Easter + 50): holidays get the Sunday day profile */
	assert_int_equal(day_id_of(x, 5, 1), 2);
	assert_int_equal(day_id_of(x, 5, 14), 2);
	assert_int_equal(day_id_of(x, 5, 25), 2);
	assert_int_equal(day_id_of(x, 5, 13), 1); /* Wednesday */
	assert_int_equal(day_id_of(x, 5, 16), 2); /* Saturday */
	assert_int_equal(day_id_of(x, 5, 4), 2);  /* explicit, kept */
	assert_int_equal(day_id_of(x, 5, 5), 1);
	free(x);
	x = write_all(none, &len);
	assert_int_equal(day_id_of(x, 5, 14), 1); /* without holidays a Thursday is a weekday */
	free(x);
	smgw_tariff_profile_free(none);
	smgw_tariff_profile_free(by);
	assert_int_equal(smgw_tariff_profile_expand_calendar(NULL, 0, 0, 0, NULL), SMGW_E_INVAL);
}

static void test_escaping(void **state)
{
	static const char doc[] = AR_HEAD
		"<AnalysisProfile><tariffUseCase>2</tariffUseCase><tariffId>A&amp;B &lt;x&gt;</tariffId>\n"
		"<description>\"HT\" &amp; NT</description>\n"
		"<billingPeriod><duration>86400</duration><start>2026-01-05T00:00:00.500+01:00</start></billingPeriod>\n"
		"<TariffStage><tariffNumber>1</tariffNumber><obisCode>0100010801ff</obisCode></TariffStage>\n"
		"<defaultTariffNumber>1</defaultTariffNumber><TariffChangeTrigger><TimeTrigger><DayProfile><dayId>1</dayId>"
		"<DayTimeProfile><startTime><hour>0</hour><minute>0</minute></startTime><tariffNumber>1</tariffNumber></DayTimeProfile>"
		"<DayTimeProfile><startTime><hour>7</hour><minute>3</minute><second>5</second><hundreds>50</hundreds></startTime>"
		"<tariffNumber>1</tariffNumber></DayTimeProfile></DayProfile>"
		"<SpecialDayProfile><specialDayDate><year>2026</year><month>1</month><day_of_month>5</day_of_month></specialDayDate>"
		"<dayId>1</dayId></SpecialDayProfile></TimeTrigger></TariffChangeTrigger>\n"
		"</AnalysisProfile></UsagePoint></UsagePoints>\n";
	smgw_tariff_profile *p = NULL, *q = NULL;
	int64_t b1, e1, b2, e2;
	size_t len = 0;
	char *w;

	(void)state;
	assert_int_equal(smgw_tariff_profile_load(ctx, schema, (const uint8_t *)doc, sizeof(doc) - 1, &p, NULL), 0);
	w = write_all(p, &len);
	assert_non_null(strstr(w, "<tariffId>A&amp;B &lt;x&gt;</tariffId>"));
	assert_int_equal(smgw_tariff_profile_load(ctx, schema, (const uint8_t *)w, len, &q, NULL), 0);
	assert_string_equal(smgw_tariff_profile_id(q), "A&B <x>");
	/* sub-second start and a switching point with seconds and hundredths survive */
	assert_int_equal(smgw_tariff_profile_billing_period(p, &b1, &e1), 0);
	assert_int_equal(smgw_tariff_profile_billing_period(q, &b2, &e2), 0);
	assert_true(b1 == b2 && e1 == e2 && b1 % 1000 == 500);
	assert_non_null(strstr(w, "<second>5</second><hundreds>50</hundreds>"));
	/* both are findings of the check: not a quarter-hour boundary */
	assert_int_equal(smgw_tariff_profile_check(q, NULL, NULL), smgw_tariff_profile_check(p, NULL, NULL));
	assert_true(smgw_tariff_profile_check(q, NULL, NULL) >= 1);
	free(w);
	smgw_tariff_profile_free(p);
	smgw_tariff_profile_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_expand_holidays),
		cmocka_unit_test(test_escaping),
	};

	return cmocka_run_group_tests_name("tariff-write", tests, setup, teardown);
}
