/* SPDX-License-Identifier: Apache-2.0 */
/* Static profile checks: one crafted violation per rule, each with a clear message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "tariff_test_util.h"

static smgw_ctx *ctx;

static int setup(void **state)
{
	(void)state;
	return smgw_ctx_new(NULL, &ctx) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	smgw_ctx_unref(ctx);
	return 0;
}

struct findings {
	int n;
	char text[2048];
};

static void collect(void *ud, int severity, int code, uint32_t line, const char *message)
{
	struct findings *f = ud;
	size_t l = strlen(f->text);

	(void)line;
	assert_int_equal(code, SMGW_E_TARIFF_PROFILE);
	if (severity == SMGW_TARIFF_ERROR)
		f->n++;
	snprintf(f->text + l, sizeof(f->text) - l, "%s\n", message);
}

/* Loads @p doc, checks it, expects @p errors errors and @p needle in the text. */
static void expect_findings(struct sbuf *b, int errors, const char *needle)
{
	struct findings f = { 0, "" };
	smgw_tariff_profile *p = NULL;
	smgw_tariff_engine *e = NULL;
	struct smgw_diag d = SMGW_DIAG_INIT;
	int n;

	assert_int_equal(smgw_tariff_profile_load(ctx, NULL, (const uint8_t *)b->p, b->len, &p, NULL), 0);
	n = smgw_tariff_profile_check(p, collect, &f);
	if (n != errors || f.n != errors || (needle != NULL && strstr(f.text, needle) == NULL))
		fail_msg("%d errors (want %d), findings:\n%s(want \"%s\")", n, errors, f.text, needle ? needle : "");
	if (errors > 0) {
		assert_int_equal(smgw_tariff_engine_new(ctx, p, NULL, NULL, &e, &d), SMGW_E_TARIFF_PROFILE);
		assert_null(e);
		assert_true(strlen(d.message) > 10);
	} else {
		assert_int_equal(smgw_tariff_engine_new(ctx, p, NULL, NULL, &e, &d), 0);
		smgw_tariff_engine_free(e);
	}
	smgw_tariff_profile_free(p);
	free(b->p);
	memset(b, 0, sizeof(*b));
}

static const int one[] = { 1, 2 };
static const char *const obis2[] = { "0100010801ff", "0100010802ff" };

static void flat(int t[96], int v)
{
	int k;

	for (k = 0; k < 96; k++)
		t[k] = v;
}

static void test_good(void **state)
{
	struct sbuf b = { 0 };
	int t[96];

	(void)state;
	flat(t, 1);
	t[40] = 2;
	sb_profile_head(&b, 2, "2020-01-01T00:00:00+01:00", 2 * 86400, 2, one, obis2);
	sb_day_profile(&b, 1, t);
	sb_special_day(&b, 2020, 1, 1, 1);
	sb_special_day(&b, 2020, 1, 2, 1);
	sb_profile_tail(&b);
	expect_findings(&b, 0, NULL);
}

static void test_too_many_stages(void **state)
{
	int nums[22], t[96], i;
	const char *ob[22];
	static char names[22][16];
	struct sbuf b = { 0 };

	(void)state;
	for (i = 0; i < 22; i++) {
		nums[i] = i + 1;
		snprintf(names[i], sizeof(names[i]), "01000108%02xff", i + 1);
		ob[i] = names[i];
	}
	flat(t, 1);
	sb_profile_head(&b, 2, "2020-01-01T00:00:00+01:00", 86400, 21, nums, ob);
	sb_day_profile(&b, 1, t);
	sb_special_day(&b, 2020, 1, 1, 1);
	sb_profile_tail(&b);
	expect_findings(&b, 1, "21 tariff stages; at most 20");
	/* 20 stages plus an explicit error register (E = 63) are fine */
	nums[20] = 63;
	ob[20] = "010001083fff";
	sb_profile_head(&b, 2, "2020-01-01T00:00:00+01:00", 86400, 21, nums, ob);
	sb_day_profile(&b, 1, t);
	sb_special_day(&b, 2020, 1, 1, 1);
	sb_profile_tail(&b);
	expect_findings(&b, 0, NULL);
}

static void test_references(void **state)
{
	struct sbuf b = { 0 };
	int t[96];

	(void)state;
	flat(t, 1);
	t[10] = 5; /* no such stage */
	sb_profile_head(&b, 2, "2020-01-01T00:00:00+01:00", 86400, 2, one, obis2);
	sb_day_profile(&b, 1, t);
	sb_special_day(&b, 2020, 1, 1, 1);
	sb_profile_tail(&b);
	/* the unknown tariff, and therefore a day profile that serves no direction: the day is uncovered */
	expect_findings(&b, 2, "uses tariffNumber 5, which no TariffStage defines");

	flat(t, 1);
	sb_profile_head(&b, 2, "2020-01-01T00:00:00+01:00", 86400, 2, one, obis2);
	sb_day_profile(&b, 1, t);
	sb_special_day(&b, 2020, 1, 1, 9);
	sb_profile_tail(&b);
	/* the unknown dayId, and therefore the uncovered day */
	expect_findings(&b, 2, "refers to dayId 9, which no DayProfile defines");
}

static void test_calendar_coverage(void **state)
{
	struct sbuf b = { 0 };
	int t[96];

	(void)state;
	flat(t, 1);
	sb_profile_head(&b, 2, "2020-03-28T00:00:00+01:00", 3 * 86400 - 3600, 2, one, obis2);
	sb_day_profile(&b, 1, t);
	sb_special_day(&b, 2020, 3, 28, 1);
	sb_special_day(&b, 2020, 3, 30, 1);
	sb_profile_tail(&b);
	expect_findings(&b, 1, "no day profile for 2020-03-29");
}

static void test_switching_points(void **state)
{
	struct sbuf b = { 0 };
	int t[96];

	(void)state;
	flat(t, 1);
	sb_profile_head(&b, 2, "2020-01-01T00:00:00+01:00", 86400, 2, one, obis2);
	sb_printf(&b, "<DayProfile><dayId>1</dayId>"
		      "<DayTimeProfile><startTime><hour>0</hour><minute>0</minute></startTime><tariffNumber>1</tariffNumber></DayTimeProfile>"
		      "<DayTimeProfile><startTime><hour>6</hour><minute>7</minute></startTime><tariffNumber>2</tariffNumber></DayTimeProfile>"
		      "</DayProfile>\n");
	sb_special_day(&b, 2020, 1, 1, 1);
	sb_profile_tail(&b);
	expect_findings(&b, 1, "switching point 06:07:00.00 of day profile 1 is not on a measurement-period");

	sb_profile_head(&b, 2, "2020-01-01T00:00:00+01:00", 86400, 2, one, obis2);
	sb_printf(&b, "<DayProfile><dayId>1</dayId>"
		      "<DayTimeProfile><startTime><hour>1</hour><minute>0</minute></startTime><tariffNumber>1</tariffNumber></DayTimeProfile>"
		      "</DayProfile>\n");
	sb_special_day(&b, 2020, 1, 1, 1);
	sb_profile_tail(&b);
	expect_findings(&b, 1, "does not start at 00:00");
}

static void test_taf1_shapes(void **state)
{
	struct sbuf b = { 0 };
	int t[96], d;

	(void)state;
	flat(t, 1);
	/* 6 months from 1 January (winter to summer time): fine */
	sb_profile_head(&b, 1, "2020-01-01T00:00:00+01:00", (182LL * 86400) - 3600, 1, one, obis2);
	sb_day_profile(&b, 1, t);
	for (d = 0; d < 182; d++) {
		int64_t ds;
		struct smgw_tm tm;

		assert_int_equal(smgw_time_berlin_day_start(2020, 1, 1, &ds), 0);
		assert_int_equal(smgw_time_to_berlin(ds + (int64_t)d * 86400000 + 43200000, &tm), 0);
		sb_special_day(&b, tm.year, tm.month, tm.day, 1);
	}
	sb_profile_tail(&b);
	expect_findings(&b, 0, NULL);
	/* 4 months: not a TAF-1 shape */
	sb_profile_head(&b, 1, "2020-01-01T00:00:00+01:00", (121LL * 86400) - 3600, 1, one, obis2);
	sb_day_profile(&b, 1, t);
	for (d = 0; d < 121; d++) {
		int64_t ds;
		struct smgw_tm tm;

		assert_int_equal(smgw_time_berlin_day_start(2020, 1, 1, &ds), 0);
		assert_int_equal(smgw_time_to_berlin(ds + (int64_t)d * 86400000 + 43200000, &tm), 0);
		sb_special_day(&b, tm.year, tm.month, tm.day, 1);
	}
	sb_profile_tail(&b);
	expect_findings(&b, 1, "must last 1, 2, 3, 6 or 12 months");
	/* a TAF-1 day profile that switches */
	t[50] = 2;
	sb_profile_head(&b, 1, "2020-02-01T00:00:00+01:00", 29LL * 86400, 2, one, obis2);
	sb_day_profile(&b, 1, t);
	for (d = 1; d <= 29; d++)
		sb_special_day(&b, 2020, 2, d, 1);
	sb_profile_tail(&b);
	expect_findings(&b, 1, "switches tariff stages");
}

static void test_week_season(void **state)
{
	struct sbuf b = { 0 };
	int t[96];

	(void)state;
	/* rules instead of dates: a season with a week profile covers the period */
	flat(t, 1);
	sb_profile_head(&b, 2, "2020-01-01T00:00:00+01:00", 14 * 86400, 2, one, obis2);
	sb_day_profile(&b, 1, t);
	flat(t, 2);
	sb_day_profile(&b, 2, t);
	sb_printf(&b, "<SeasonProfile><seasonProfileName>s</seasonProfileName><seasonStart>2019-01-01T00:00:00+01:00</seasonStart>"
		      "<weekProfileName>w</weekProfileName><WeekProfile><weekProfileName>w</weekProfileName>"
		      "<monday>1</monday><tuesday>1</tuesday><wednesday>1</wednesday><thursday>1</thursday>"
		      "<friday>1</friday><saturday>2</saturday><sunday>2</sunday></WeekProfile></SeasonProfile>\n");
	sb_printf(&b, "<WeekProfile><weekProfileName>w</weekProfileName>"
		      "<monday>1</monday><tuesday>1</tuesday><wednesday>1</wednesday><thursday>1</thursday>"
		      "<friday>1</friday><saturday>2</saturday><sunday>2</sunday></WeekProfile>\n");
	sb_profile_tail(&b);
	expect_findings(&b, 0, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_too_many_stages),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_calendar_coverage),
		cmocka_unit_test(test_switching_points),
		cmocka_unit_test(test_taf1_shapes),
		cmocka_unit_test(test_week_season),
	};

	return cmocka_run_group_tests_name("tariff-check", tests, setup, teardown);
}
