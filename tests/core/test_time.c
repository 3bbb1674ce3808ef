/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Time: Europe/Berlin conversion against the C library with tzdata
 * (TZ=Europe/Berlin), ISO 8601, and the measurement-period grid.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <smgw/time.h>

/* The independent truth: glibc's localtime_r() with the tzdata zone. */
static int tz_setup(void **state)
{
	(void)state;
	if (setenv("TZ", "Europe/Berlin", 1) != 0)
		return -1;
	tzset();
	return 0;
}

static void check_against_libc(int64_t ms)
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
	struct tm ref;
	struct smgw_tm tm;

	assert_non_null(localtime_r(&t, &ref));
	assert_int_equal(smgw_time_to_berlin(ms, &tm), 0);
	if (tm.year != ref.tm_year + 1900 || tm.month != ref.tm_mon + 1 || tm.day != ref.tm_mday ||
	    tm.hour != ref.tm_hour || tm.minute != ref.tm_min || tm.second != ref.tm_sec ||
	    tm.utc_offset_s != ref.tm_gmtoff || tm.is_dst != (ref.tm_isdst > 0) || tm.wday != ref.tm_wday)
		fail_msg("ms %lld: got %04d-%02d-%02d %02d:%02d:%02d %+d, tzdata %04d-%02d-%02d %02d:%02d:%02d %+ld",
			 (long long)ms, tm.year, tm.month, tm.day, tm.hour, tm.minute, tm.second, tm.utc_offset_s,
			 ref.tm_year + 1900, ref.tm_mon + 1, ref.tm_mday, ref.tm_hour, ref.tm_min, ref.tm_sec,
			 (long)ref.tm_gmtoff);
	assert_int_equal(smgw_time_berlin_offset(ms), ref.tm_gmtoff);
}

/* Round trip local -> UTC where the local time is unique. */
static void check_roundtrip(int64_t ms)
{
	struct smgw_tm tm;
	int64_t back = 0;
	int e;

	assert_int_equal(smgw_time_to_berlin(ms, &tm), 0);
	e = smgw_time_from_berlin(&tm, SMGW_FOLD_REJECT, &back);
	if (e == SMGW_E_TIME_AMBIGUOUS) {
		assert_int_equal(smgw_time_from_berlin(&tm, tm.is_dst ? SMGW_FOLD_FIRST : SMGW_FOLD_SECOND, &back), 0);
	} else {
		assert_int_equal(e, 0);
	}
	assert_true(back == ms);
}

static const int64_t H = 3600000;

/* Every hour from 1990 to 2037 (about 420 000 instants), and each :30. */
static void test_every_hour_1990_2037(void **state)
{
	int64_t from = INT64_C(631152000000);  /* 1990-01-01T00:00:00Z */
	int64_t to = INT64_C(2145916800000);   /* 2038-01-01T00:00:00Z */
	int64_t ms;

	(void)state;
	if (sizeof(time_t) < 8)
		skip();
	for (ms = from; ms < to; ms += H) {
		check_against_libc(ms);
		check_roundtrip(ms + H / 2);
	}
}

/* Every DST edge 1980-2037: the switch instant found by tzdata, +-1 s, +-1 ms, */
/* and every local quarter hour of the two days around it. */
static void test_dst_edges(void **state)
{
	int32_t y;

	(void)state;
	if (sizeof(time_t) < 8)
		skip();
	for (y = 1980; y <= 2037; y++) {
		int64_t b, e, edges[2];
		int i;

		assert_int_equal(smgw_time_berlin_dst_bounds(y, &b, &e), 0);
		edges[0] = b;
		edges[1] = e;
		for (i = 0; i < 2; i++) {
			int64_t x = edges[i], q;
			time_t before = (time_t)(x / 1000 - 1), at = (time_t)(x / 1000);
			struct tm tb, ta;

			/* tzdata agrees that the offset changes exactly here */
			localtime_r(&before, &tb);
			localtime_r(&at, &ta);
			assert_int_not_equal(tb.tm_gmtoff, ta.tm_gmtoff);
			check_against_libc(x - 1000);
			check_against_libc(x - 1);
			check_against_libc(x);
			check_against_libc(x + 1);
			check_against_libc(x + 1000);
			for (q = x - 24 * H; q < x + 24 * H; q += H / 4) {
				check_against_libc(q);
				check_roundtrip(q);
			}
		}
	}
}

/* Before 1980 there was no summer time; after 2037 the EU rule continues. */
static void test_rule_outside_tzdata_range(void **state)
{
	int64_t b, e;
	struct smgw_tm tm;

	(void)state;
	assert_int_equal(smgw_time_berlin_dst_bounds(1975, &b, &e), SMGW_E_NOTFOUND);
	assert_int_equal(smgw_time_to_berlin(INT64_C(173404800000), &tm), 0); /* 1975-07-01 */
	assert_int_equal(tm.utc_offset_s, 3600);
	assert_int_equal(tm.is_dst, 0);
	/* 2199: last Sunday of March is the 29th, of October the 25th */
	assert_int_equal(smgw_time_berlin_dst_bounds(2199, &b, &e), 0);
	assert_int_equal(smgw_time_to_utc_tm(b, &tm), 0);
	assert_int_equal(tm.month, 3);
	assert_int_equal(tm.wday, 0);
	assert_true(tm.day >= 25);
	assert_int_equal(tm.hour, 1);
	assert_int_equal(smgw_time_to_utc_tm(e, &tm), 0);
	assert_int_equal(tm.month, 10);
	assert_int_equal(tm.wday, 0);
	assert_true(tm.day >= 25);
	assert_int_equal(smgw_time_berlin_dst_bounds(2200, &b, &e), SMGW_E_RANGE);
	assert_int_equal(smgw_time_berlin_dst_bounds(1969, &b, &e), SMGW_E_RANGE);
	assert_int_equal(smgw_time_to_berlin(-1, &tm), SMGW_E_RANGE);
	assert_int_equal(smgw_time_to_berlin(SMGW_TIME_END_MS, &tm), SMGW_E_RANGE);
	assert_int_equal(smgw_time_to_berlin(SMGW_TIME_END_MS - 1, &tm), 0);
	assert_int_equal(tm.year, 2200); /* 2199-12-31T23:59:59.999Z is 00:59 local */
	assert_int_equal(smgw_time_berlin_offset(INT64_MIN), SMGW_E_RANGE);
}

static void set_local(struct smgw_tm *tm, int y, int mo, int d, int h, int mi)
{
	memset(tm, 0, sizeof(*tm));
	tm->year = y;
	tm->month = (int8_t)mo;
	tm->day = (int8_t)d;
	tm->hour = (int8_t)h;
	tm->minute = (int8_t)mi;
}

static void test_gap_and_fold(void **state)
{
	struct smgw_tm tm;
	int64_t t = 0, t2 = 0;

	(void)state;
	/* 2026-03-29 02:00..02:59 does not exist */
	set_local(&tm, 2026, 3, 29, 2, 30);
	assert_int_equal(smgw_time_from_berlin(&tm, SMGW_FOLD_REJECT, &t), SMGW_E_TIME_NONEXISTENT);
	assert_int_equal(smgw_time_from_berlin(&tm, SMGW_FOLD_FIRST, &t), SMGW_E_TIME_NONEXISTENT);
	set_local(&tm, 2026, 3, 29, 1, 59);
	assert_int_equal(smgw_time_from_berlin(&tm, SMGW_FOLD_REJECT, &t), 0);
	assert_true(t == INT64_C(1774745940000)); /* 00:59Z */
	set_local(&tm, 2026, 3, 29, 3, 0);
	assert_int_equal(smgw_time_from_berlin(&tm, SMGW_FOLD_REJECT, &t), 0);
	assert_true(t == INT64_C(1774746000000)); /* 01:00Z */
	/* 2026-10-25 02:00..02:59 happens twice */
	set_local(&tm, 2026, 10, 25, 2, 15);
	assert_int_equal(smgw_time_from_berlin(&tm, SMGW_FOLD_REJECT, &t), SMGW_E_TIME_AMBIGUOUS);
	assert_int_equal(smgw_time_from_berlin(&tm, SMGW_FOLD_FIRST, &t), 0);
	assert_int_equal(smgw_time_from_berlin(&tm, SMGW_FOLD_SECOND, &t2), 0);
	assert_true(t2 - t == H);
	assert_true(t == INT64_C(1792887300000)); /* 00:15Z */
	set_local(&tm, 2026, 10, 25, 3, 0);
	assert_int_equal(smgw_time_from_berlin(&tm, SMGW_FOLD_REJECT, &t), 0);
	/* invalid fields and arguments */
	set_local(&tm, 2026, 2, 29, 0, 0);
	assert_int_equal(smgw_time_from_berlin(&tm, SMGW_FOLD_REJECT, &t), SMGW_E_RANGE);
	set_local(&tm, 2026, 1, 1, 24, 0);
	assert_int_equal(smgw_time_from_berlin(&tm, SMGW_FOLD_REJECT, &t), SMGW_E_RANGE);
	set_local(&tm, 2026, 1, 1, 0, 0);
	assert_int_equal(smgw_time_from_berlin(&tm, 7, &t), SMGW_E_INVAL);
	assert_int_equal(smgw_time_from_berlin(NULL, 0, &t), SMGW_E_INVAL);
	set_local(&tm, 1970, 1, 1, 0, 30); /* 1969-12-31T23:30Z */
	assert_int_equal(smgw_time_from_berlin(&tm, SMGW_FOLD_REJECT, &t), SMGW_E_RANGE);
}

/* Every local minute of both change days 1990-2037 against mktime(). */
static void test_from_berlin_against_mktime(void **state)
{
	int y, d, h, mi, mo;

	(void)state;
	if (sizeof(time_t) < 8)
		skip();
	for (y = 1990; y <= 2037; y++) {
		for (mo = 3; mo <= 10; mo += 7) {
			int64_t b, e, x;
			struct smgw_tm u;

			assert_int_equal(smgw_time_berlin_dst_bounds(y, &b, &e), 0);
			x = mo == 3 ? b : e;
			assert_int_equal(smgw_time_to_utc_tm(x, &u), 0);
			if (y <= 1995 && mo == 10)
				assert_int_equal(u.month, 9);
			d = u.day;
			for (h = 0; h < 5; h++) {
				for (mi = 0; mi < 60; mi += 5) {
					struct smgw_tm tm;
					struct tm a, bb;
					time_t ta, tb;
					int64_t r1 = 0, r2 = 0;
					int e1;

					set_local(&tm, y, u.month, d, h, mi);
					memset(&a, 0, sizeof(a));
					a.tm_year = y - 1900;
					a.tm_mon = u.month - 1;
					a.tm_mday = d;
					a.tm_hour = h;
					a.tm_min = mi;
					bb = a;
					a.tm_isdst = 1;
					bb.tm_isdst = 0;
					ta = mktime(&a);
					tb = mktime(&bb);
					e1 = smgw_time_from_berlin(&tm, SMGW_FOLD_REJECT, &r1);
					/* libc normalises a non-existent time; check it round-trips */
					if (e1 == SMGW_E_TIME_NONEXISTENT) {
						struct tm chk;
						localtime_r(&ta, &chk);
						assert_false(chk.tm_hour == h && chk.tm_min == mi);
						localtime_r(&tb, &chk);
						assert_false(chk.tm_hour == h && chk.tm_min == mi);
					} else if (e1 == SMGW_E_TIME_AMBIGUOUS) {
						assert_int_equal(smgw_time_from_berlin(&tm, SMGW_FOLD_FIRST, &r1), 0);
						assert_int_equal(smgw_time_from_berlin(&tm, SMGW_FOLD_SECOND, &r2), 0);
						assert_true(r1 / 1000 == (int64_t)ta);
						assert_true(r2 / 1000 == (int64_t)tb);
					} else {
						struct tm chk;
						time_t t = (time_t)(r1 / 1000);
						assert_int_equal(e1, 0);
						localtime_r(&t, &chk);
						assert_int_equal(chk.tm_hour, h);
						assert_int_equal(chk.tm_min, mi);
						assert_int_equal(chk.tm_mday, d);
					}
				}
			}
		}
	}
}

static void test_civil(void **state)
{
	struct smgw_tm tm;
	int64_t t;

	(void)state;
	assert_true(smgw_time_days_from_civil(1970, 1, 1) == 0);
	assert_true(smgw_time_days_from_civil(2000, 3, 1) == 11017);
	assert_true(smgw_time_days_from_civil(1969, 12, 31) == -1);
	assert_int_equal(smgw_time_weekday(2026, 11, 22), 0);
	assert_int_equal(smgw_time_weekday(2000, 2, 29), 2);
	assert_int_equal(smgw_time_weekday(2001, 2, 29), SMGW_E_RANGE);
	assert_int_equal(smgw_time_days_in_month(2024, 2), 29);
	assert_int_equal(smgw_time_days_in_month(2100, 2), 28);
	assert_int_equal(smgw_time_days_in_month(2000, 2), 29);
	assert_int_equal(smgw_time_days_in_month(2000, 13), SMGW_E_RANGE);
	assert_int_equal(smgw_time_to_utc_tm(-1, &tm), 0);
	assert_int_equal(tm.year, 1969);
	assert_int_equal(tm.ms, 999);
	assert_int_equal(tm.second, 59);
	assert_int_equal(smgw_time_to_utc_tm(INT64_MIN, &tm), SMGW_E_RANGE);
	assert_int_equal(smgw_time_to_utc_tm(INT64_MAX, &tm), SMGW_E_RANGE);
	set_local(&tm, 2026, 11, 22, 13, 45);
	tm.utc_offset_s = 3600;
	assert_int_equal(smgw_time_from_tm(&tm, &t), 0);
	assert_true(t == INT64_C(1795351500000));
	tm.utc_offset_s = 86400;
	assert_int_equal(smgw_time_from_tm(&tm, &t), SMGW_E_RANGE);
}

struct iso_case {
	const char *text;
	int err;
	int64_t ms;
	int32_t off;
};

static void test_iso_parse(void **state)
{
	static const struct iso_case cases[] = {
		{ "2026-11-22T13:45:00+01:00", 0, INT64_C(1795351500000), 3600 },
		{ "2026-11-22T12:45:00Z", 0, INT64_C(1795351500000), 0 },
		{ "2026-11-22t12:45:00z", 0, INT64_C(1795351500000), 0 },
		{ "2026-11-22 12:45:00Z", 0, INT64_C(1795351500000), 0 },
		{ "2026-11-22T13:45:00+0100", 0, INT64_C(1795351500000), 3600 },
		{ "2018-01-01T00:14:59+01:00", 0, INT64_C(1514762099000), 3600 },
		{ "2026-11-22T12:45:00.5Z", 0, INT64_C(1795351500500), 0 },
		{ "2026-11-22T12:45:00,123456789Z", 0, INT64_C(1795351500123), 0 },
		{ "2026-11-22T07:15:00-05:30", 0, INT64_C(1795351500000), -19800 },
		{ "1970-01-01T00:00:00Z", 0, 0, 0 },
		{ "1969-12-31T23:59:59.999Z", 0, -1, 0 },
		{ "2024-02-29T00:00:00Z", 0, INT64_C(1709164800000), 0 },
		/* malformed */
		{ "2026-11-22T12:45:00", SMGW_E_SYNTAX, 0, 0 },          /* no offset */
		{ "2026-11-22", SMGW_E_SYNTAX, 0, 0 },
		{ "", SMGW_E_SYNTAX, 0, 0 },
		{ "2026-11-22T12:45Z", SMGW_E_SYNTAX, 0, 0 },
		{ "2026-11-22T12:45:00.Z", SMGW_E_SYNTAX, 0, 0 },
		{ "2026-11-22T12:45:00.1234567890Z", SMGW_E_SYNTAX, 0, 0 },
		{ "2026-11-22T12:45:00Z ", SMGW_E_SYNTAX, 0, 0 },
		{ " 2026-11-22T12:45:00Z", SMGW_E_SYNTAX, 0, 0 },
		{ "2026-11-22T12:45:00+1", SMGW_E_SYNTAX, 0, 0 },
		{ "2026-11-22T12:45:00+01:0", SMGW_E_SYNTAX, 0, 0 },
		{ "2026-11-22X12:45:00Z", SMGW_E_SYNTAX, 0, 0 },
		{ "+2026-11-22T12:45:00Z", SMGW_E_SYNTAX, 0, 0 },
		{ "2026-1-22T12:45:00Z", SMGW_E_SYNTAX, 0, 0 },
		{ "20261122T124500Z", SMGW_E_SYNTAX, 0, 0 },
		/* out of range */
		{ "2026-02-30T00:00:00Z", SMGW_E_RANGE, 0, 0 },
		{ "2025-02-29T00:00:00Z", SMGW_E_RANGE, 0, 0 },
		{ "2026-13-01T00:00:00Z", SMGW_E_RANGE, 0, 0 },
		{ "2026-00-01T00:00:00Z", SMGW_E_RANGE, 0, 0 },
		{ "2026-01-00T00:00:00Z", SMGW_E_RANGE, 0, 0 },
		{ "2026-01-01T24:00:00Z", SMGW_E_RANGE, 0, 0 },
		{ "2026-01-01T23:60:00Z", SMGW_E_RANGE, 0, 0 },
		{ "2016-12-31T23:59:60Z", SMGW_E_RANGE, 0, 0 },   /* leap second */
		{ "2026-01-01T00:00:00+24:00", SMGW_E_RANGE, 0, 0 },
		{ "2026-01-01T00:00:00+01:60", SMGW_E_RANGE, 0, 0 },
		{ "0000-01-01T00:00:00Z", SMGW_E_RANGE, 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t ms = 42;
		int32_t off = 42;
		int e = smgw_time_parse_iso8601(cases[i].text, strlen(cases[i].text), &ms, &off);

		if (e != cases[i].err)
			fail_msg("'%s': got %d, want %d", cases[i].text, e, cases[i].err);
		if (e == 0) {
			assert_true(ms == cases[i].ms);
			assert_int_equal(off, cases[i].off);
		} else {
			assert_true(ms == 42); /* untouched on failure */
		}
	}
	/* Not NUL-terminated: only len bytes are read. */
	{
		char buf[20];
		int64_t ms;
		memcpy(buf, "2026-11-22T12:45:00Z", 20);
		assert_int_equal(smgw_time_parse_iso8601(buf, 20, &ms, NULL), 0);
		assert_int_equal(smgw_time_parse_iso8601(buf, 19, &ms, NULL), SMGW_E_SYNTAX);
	}
	assert_int_equal(smgw_time_parse_iso8601(NULL, 5, NULL, NULL), SMGW_E_INVAL);
}

static void test_iso_format(void **state)
{
	char buf[SMGW_ISO8601_LEN];
	int64_t t = INT64_C(1795351500123);

	(void)state;
	assert_int_equal(smgw_time_format_iso8601(t, 0, 0, buf, sizeof(buf)), 25);
	assert_string_equal(buf, "2026-11-22T12:45:00+00:00");
	assert_int_equal(smgw_time_format_iso8601(t, 0, SMGW_ISO_Z | SMGW_ISO_MS, buf, sizeof(buf)), 24);
	assert_string_equal(buf, "2026-11-22T12:45:00.123Z");
	assert_int_equal(smgw_time_format_iso8601(t, 0, SMGW_ISO_BERLIN, buf, sizeof(buf)), 25);
	assert_string_equal(buf, "2026-11-22T13:45:00+01:00");
	assert_int_equal(smgw_time_format_iso8601(INT64_C(1792887300000), 0, SMGW_ISO_BERLIN, buf, sizeof(buf)), 25);
	assert_string_equal(buf, "2026-10-25T02:15:00+02:00");
	assert_int_equal(smgw_time_format_iso8601(INT64_C(1792890900000), 0, SMGW_ISO_BERLIN, buf, sizeof(buf)), 25);
	assert_string_equal(buf, "2026-10-25T02:15:00+01:00");
	assert_int_equal(smgw_time_format_iso8601(t, -19800, 0, buf, sizeof(buf)), 25);
	assert_string_equal(buf, "2026-11-22T07:15:00-05:30");
	assert_int_equal(smgw_time_format_iso8601(-1, 0, SMGW_ISO_MS | SMGW_ISO_Z, buf, sizeof(buf)), 24);
	assert_string_equal(buf, "1969-12-31T23:59:59.999Z");
	assert_int_equal(smgw_time_format_iso8601(t, 0, 0, buf, 25), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_time_format_iso8601(t, 30, 0, buf, sizeof(buf)), SMGW_E_RANGE);
	assert_int_equal(smgw_time_format_iso8601(t, 86400, 0, buf, sizeof(buf)), SMGW_E_RANGE);
	assert_int_equal(smgw_time_format_iso8601(INT64_MAX, 0, 0, buf, sizeof(buf)), SMGW_E_RANGE);
	assert_int_equal(smgw_time_format_iso8601(INT64_MIN, 0, 0, buf, sizeof(buf)), SMGW_E_RANGE);
	assert_int_equal(smgw_time_format_iso8601(-1, 0, SMGW_ISO_BERLIN, buf, sizeof(buf)), SMGW_E_RANGE);
	assert_int_equal(smgw_time_format_iso8601(t, 0, 0x80, buf, sizeof(buf)), SMGW_E_INVAL);
}

static void test_grid(void **state)
{
	int64_t s, n, d0;
	int64_t q = 15 * 60000;

	(void)state;
	assert_int_equal(smgw_time_berlin_day_periods(2026, 3, 29, 900), 92);
	assert_int_equal(smgw_time_berlin_day_periods(2026, 10, 25, 900), 100);
	assert_int_equal(smgw_time_berlin_day_periods(2026, 11, 22, 900), 96);
	assert_int_equal(smgw_time_berlin_day_periods(2026, 3, 29, 3600), 23);
	assert_int_equal(smgw_time_berlin_day_periods(2026, 10, 25, 86400), 1);
	assert_int_equal(smgw_time_berlin_day_periods(1980, 4, 6, 900), 92);
	assert_int_equal(smgw_time_berlin_day_periods(1985, 9, 29, 900), 100);
	assert_int_equal(smgw_time_berlin_day_periods(2026, 3, 29, 7), SMGW_E_INVAL);
	assert_int_equal(smgw_time_berlin_day_periods(2026, 3, 29, 7200), SMGW_E_INVAL);
	assert_int_equal(smgw_time_berlin_day_periods(2026, 2, 30, 900), SMGW_E_RANGE);

	assert_int_equal(smgw_time_berlin_day_start(2026, 3, 29, &d0), 0);
	assert_true(d0 == INT64_C(1774738800000)); /* 2026-03-28T23:00Z */
	assert_int_equal(smgw_time_period_start(d0 + 7 * q + 5, 900, &s), 0);
	assert_true(s == d0 + 7 * q);
	assert_int_equal(smgw_time_period_next(d0 + 7 * q, 900, &n), 0);
	assert_true(n == d0 + 8 * q);
	/* walking the grid over the March day gives 92 periods, the October day 100 */
	{
		int64_t t = d0, end;
		int count = 0;
		assert_int_equal(smgw_time_berlin_day_start(2026, 3, 30, &end), 0);
		while (t < end) {
			assert_int_equal(smgw_time_period_next(t, 900, &t), 0);
			count++;
		}
		assert_int_equal(count, 92);
		assert_int_equal(smgw_time_berlin_day_start(2026, 10, 25, &t), 0);
		assert_int_equal(smgw_time_berlin_day_start(2026, 10, 26, &end), 0);
		count = 0;
		while (t < end) {
			assert_int_equal(smgw_time_period_next(t, 900, &t), 0);
			count++;
		}
		assert_int_equal(count, 100);
	}
	/* daily periods follow the local day: 23 h and 25 h long */
	assert_int_equal(smgw_time_period_start(d0 + 20 * H, 86400, &s), 0);
	assert_true(s == d0);
	assert_int_equal(smgw_time_period_next(d0 + 20 * H, 86400, &n), 0);
	assert_true(n - d0 == 23 * H);
	assert_int_equal(smgw_time_period_start(d0, 901, &s), SMGW_E_INVAL);
	assert_int_equal(smgw_time_period_start(d0, 0, &s), SMGW_E_INVAL);
	assert_int_equal(smgw_time_period_start(-5, 900, &s), SMGW_E_RANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil),
		cmocka_unit_test(test_every_hour_1990_2037),
		cmocka_unit_test(test_dst_edges),
		cmocka_unit_test(test_rule_outside_tzdata_range),
		cmocka_unit_test(test_gap_and_fold),
		cmocka_unit_test(test_from_berlin_against_mktime),
		cmocka_unit_test(test_iso_parse),
		cmocka_unit_test(test_iso_format),
		cmocka_unit_test(test_grid),
	};
	return cmocka_run_group_tests(tests, tz_setup, NULL);
}
