/* SPDX-License-Identifier: Apache-2.0 */
/*
 * German public holidays against a published third-party list for
 * 2020-2030 and all 16 states (tests/data/core/holidays-de-2020-2030.csv,
 * origin in MANIFEST.md), both ways, and against the laws' dates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smgw/holiday.h>
#include <smgw/time.h>

struct ref {
	int y, m, d, state;
};

static struct ref refs[4096];
static size_t nrefs;

static int load(void **state)
{
	char line[256];
	FILE *f = fopen(SMGW_TEST_DATA "/core/holidays-de-2020-2030.csv", "r");

	(void)state;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char st[3];
		struct ref r;

		if (line[0] == '#')
			continue;
		if (sscanf(line, "%d-%d-%d;%2s;", &r.y, &r.m, &r.d, st) != 4 || nrefs >= 4096) {
			fclose(f);
			return -1;
		}
		r.state = smgw_state_from_code(st);
		if (r.state < 0) {
			fclose(f);
			return -1;
		}
		refs[nrefs++] = r;
	}
	fclose(f);
	return nrefs > 1000 ? 0 : -1;
}

static int in_ref(int y, int m, int d, int state)
{
	size_t i;

	for (i = 0; i < nrefs; i++)
		if (refs[i].y == y && refs[i].m == m && refs[i].d == d && refs[i].state == state)
			return 1;
	return 0;
}

/* Every listed day is reported (regional days count when asked for). */
static void test_reference_days_reported(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < nrefs; i++) {
		struct smgw_holiday h;
		int r = smgw_holiday_check(refs[i].y, refs[i].m, refs[i].d, refs[i].state, SMGW_HOLIDAY_REGIONAL, &h);

		if (r != 1)
			fail_msg("%04d-%02d-%02d %s: listed, but not reported (%d)", refs[i].y, refs[i].m, refs[i].d,
				 smgw_state_code(refs[i].state), r);
		assert_int_equal(h.year, refs[i].y);
		assert_int_equal(h.month, refs[i].m);
		assert_int_equal(h.day, refs[i].d);
		assert_non_null(h.name);
	}
}

/* Nothing else is reported: every state-wide holiday we list is in the reference. */
static void test_nothing_else_reported(void **state)
{
	int y, s;

	(void)state;
	for (y = 2020; y <= 2030; y++) {
		for (s = SMGW_STATE_BW; s <= SMGW_STATE_TH; s++) {
			struct smgw_holiday list[32];
			size_t n = 32, i;

			assert_int_equal(smgw_holiday_list(y, s, 0, list, &n), 0);
			for (i = 0; i < n; i++) {
				if (!in_ref(y, list[i].month, list[i].day, s))
					fail_msg("%04d-%02d-%02d %s (%s): reported, but not listed", y, list[i].month,
						 list[i].day, smgw_state_code(s), list[i].name);
				if (i > 0)
					assert_true(list[i - 1].month * 32 + list[i - 1].day <
						    list[i].month * 32 + list[i].day);
			}
		}
	}
}

/* The dated changes of the law, from the statutes. */
static void test_law_changes(void **state)
{
	struct smgw_holiday h;
	int s;

	(void)state;
	/* Frauentag: Berlin from 2019, Mecklenburg-Vorpommern from 2023 */
	assert_int_equal(smgw_holiday_check(2018, 3, 8, SMGW_STATE_BE, 0, NULL), 0);
	assert_int_equal(smgw_holiday_check(2019, 3, 8, SMGW_STATE_BE, 0, &h), 1);
	assert_int_equal(h.id, SMGW_HOLIDAY_FRAUENTAG);
	assert_int_equal(smgw_holiday_check(2022, 3, 8, SMGW_STATE_MV, 0, NULL), 0);
	assert_int_equal(smgw_holiday_check(2023, 3, 8, SMGW_STATE_MV, 0, NULL), 1);
	/* Reformationstag: HB, HH, NI, SH from 2018; 2017 everywhere */
	for (s = SMGW_STATE_BW; s <= SMGW_STATE_TH; s++)
		assert_int_equal(smgw_holiday_check(2017, 10, 31, s, 0, NULL), 1);
	assert_int_equal(smgw_holiday_check(2016, 10, 31, SMGW_STATE_HH, 0, NULL), 0);
	assert_int_equal(smgw_holiday_check(2018, 10, 31, SMGW_STATE_HH, 0, NULL), 1);
	assert_int_equal(smgw_holiday_check(2018, 10, 31, SMGW_STATE_NW, 0, NULL), 0);
	assert_int_equal(smgw_holiday_check(2016, 10, 31, SMGW_STATE_SN, 0, NULL), 1);
	/* Weltkindertag in Thuringia from 2019 */
	assert_int_equal(smgw_holiday_check(2018, 9, 20, SMGW_STATE_TH, 0, NULL), 0);
	assert_int_equal(smgw_holiday_check(2019, 9, 20, SMGW_STATE_TH, 0, NULL), 1);
	/* 8 May in Berlin 2020 and 2025 only */
	assert_int_equal(smgw_holiday_check(2020, 5, 8, SMGW_STATE_BE, 0, &h), 1);
	assert_true(h.flags & SMGW_HOLIDAY_ONE_OFF);
	assert_int_equal(smgw_holiday_check(2025, 5, 8, SMGW_STATE_BE, 0, NULL), 1);
	assert_int_equal(smgw_holiday_check(2021, 5, 8, SMGW_STATE_BE, 0, NULL), 0);
	assert_int_equal(smgw_holiday_check(2030, 5, 8, SMGW_STATE_BE, 0, NULL), 0);
	/* Buß- und Bettag: nationwide until 1994, then Saxony only */
	assert_int_equal(smgw_holiday_check(1994, 11, 16, SMGW_STATE_BY, 0, NULL), 1);
	assert_int_equal(smgw_holiday_check(1995, 11, 22, SMGW_STATE_BY, 0, NULL), 0);
	assert_int_equal(smgw_holiday_check(1995, 11, 22, SMGW_STATE_SN, 0, NULL), 1);
	assert_int_equal(smgw_holiday_check(2026, 11, 18, SMGW_STATE_SN, 0, NULL), 1);
	assert_int_equal(smgw_holiday_check(2023, 11, 22, SMGW_STATE_SN, 0, NULL), 1); /* 23 Nov is a Thursday */
	/* regional holidays only when asked for */
	assert_int_equal(smgw_holiday_check(2026, 8, 8, SMGW_STATE_BY, 0, NULL), 0);
	assert_int_equal(smgw_holiday_check(2026, 8, 8, SMGW_STATE_BY, SMGW_HOLIDAY_REGIONAL, &h), 1);
	assert_true(h.flags & SMGW_HOLIDAY_REGIONAL);
	assert_int_equal(smgw_holiday_check(2026, 6, 4, SMGW_STATE_SN, 0, NULL), 0);
	assert_int_equal(smgw_holiday_check(2026, 6, 4, SMGW_STATE_HE, 0, NULL), 1);
	/* nationwide query */
	assert_int_equal(smgw_holiday_check(2026, 10, 3, SMGW_STATE_NONE, 0, &h), 1);
	assert_true(h.flags & SMGW_HOLIDAY_NATIONAL);
	assert_int_equal(smgw_holiday_check(2026, 1, 6, SMGW_STATE_NONE, 0, NULL), 0);
	assert_int_equal(smgw_holiday_check(2026, 4, 5, SMGW_STATE_BB, 0, &h), 1);
	assert_true(h.flags & SMGW_HOLIDAY_SUNDAY);
}

static void test_easter_and_args(void **state)
{
	/* Easter Sundays from the published tables */
	static const int easter[][3] = { { 1991, 3, 31 }, { 2000, 4, 23 }, { 2008, 3, 23 }, { 2011, 4, 24 },
					 { 2019, 4, 21 }, { 2024, 3, 31 }, { 2038, 4, 25 }, { 2285, 3, 22 } };
	int32_t m, d;
	size_t i, n = 0;
	struct smgw_holiday list[32];

	(void)state;
	for (i = 0; i < sizeof(easter) / sizeof(easter[0]); i++) {
		assert_int_equal(smgw_easter(easter[i][0], &m, &d), 0);
		assert_int_equal(m, easter[i][1]);
		assert_int_equal(d, easter[i][2]);
	}
	assert_int_equal(smgw_easter(1582, &m, &d), SMGW_E_RANGE);
	assert_int_equal(smgw_holiday_check(1990, 1, 1, SMGW_STATE_BE, 0, NULL), SMGW_E_RANGE);
	assert_int_equal(smgw_holiday_check(2026, 2, 29, SMGW_STATE_BE, 0, NULL), SMGW_E_RANGE);
	assert_int_equal(smgw_holiday_check(2026, 1, 1, 17, 0, NULL), SMGW_E_INVAL);
	assert_int_equal(smgw_holiday_check(2026, 1, 1, SMGW_STATE_BE, 0x100, NULL), SMGW_E_INVAL);
	assert_int_equal(smgw_holiday_list(2026, SMGW_STATE_BE, 0, NULL, &n), SMGW_E_BUFSIZE);
	assert_int_equal(n, 10);
	n = 3;
	assert_int_equal(smgw_holiday_list(2026, SMGW_STATE_BE, 0, list, &n), SMGW_E_BUFSIZE);
	assert_int_equal(n, 10);
	assert_int_equal(smgw_state_from_code("th"), SMGW_STATE_TH);
	assert_int_equal(smgw_state_from_code("XX"), SMGW_E_NOTFOUND);
	assert_string_equal(smgw_state_name(SMGW_STATE_BW), "Baden-Württemberg");
	assert_string_equal(smgw_state_code(SMGW_STATE_SH), "SH");
	assert_null(smgw_state_code(0));
	assert_null(smgw_state_name(99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_days_reported),
		cmocka_unit_test(test_nothing_else_reported),
		cmocka_unit_test(test_law_changes),
		cmocka_unit_test(test_easter_and_args),
	};
	return cmocka_run_group_tests(tests, load, NULL);
}
