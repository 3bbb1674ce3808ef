/* SPDX-License-Identifier: Apache-2.0 */
/*
 * TAF-7, TAF-6, TAF-3/4/5/8 and TAF-9/10/14 with cases worked out by hand
 * from the rules in docs/tariff.md (PTB-A 50.8 as TRuDI implements it for
 * TAF-6/7: 1 % window, gaps stay gaps; the TR-03109-1 catalogue for the rest).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <smgw/status.h>

#include "tariff_test_util.h"

static int64_t at(const char *iso)
{
	int64_t t;

	assert_int_equal(smgw_time_parse_iso8601(iso, strlen(iso), &t, NULL), 0);
	return t;
}

static void val(struct smgw_value *v, const char *obis, int64_t capture, int64_t value, int ptb)
{
	smgw_value_init(v);
	assert_int_equal(smgw_obis_parse(obis, strlen(obis), &v->obis), 0);
	v->capture_ms = capture;
	v->value = value;
	v->flags = SMGW_VALUE_HAS_CAPTURE_TIME | SMGW_VALUE_HAS_PTB;
	v->ptb_status = ptb;
}

static void test_taf7_alignment(void **state)
{
	struct smgw_value v[7];
	struct smgw_tariff_point pt[8];
	size_t count = 8, unaligned = 0;
	int64_t t0 = at("2026-03-02T00:00:00+01:00");

	(void)state;
	val(&v[0], "1-0:1.8.0", t0 - 1000, 100, 0);           /* 23:59:59 -> 00:00 */
	val(&v[1], "1-0:1.8.0", t0 + 900000 + 9000, 110, 0);  /* 00:15:09: 9 s = 1 %, aligned */
	val(&v[2], "1-0:1.8.0", t0 + 1800000 + 10000, 120, 0); /* 00:30:10: outside, unaligned -> gap */
	val(&v[3], "1-0:1.8.0", t0 + 2700000 - 3000, 130, 3); /* critical: kept, flagged */
	val(&v[4], "1-0:1.8.0", t0 + 2700000 + 2000, 131, 0); /* second reading of 00:45: ignored */
	val(&v[5], "1-0:1.8.0", t0 + 4500000, 150, 0);        /* 01:15 */
	v[6] = v[5];
	v[6].flags |= SMGW_VALUE_HAS_TARGET_TIME;             /* target time wins over the capture time */
	v[6].target_ms = t0 + 3600000;
	v[6].value = 140;
	assert_int_equal(smgw_tariff_taf7_series(v, 7, 900, 10, t0, t0 + 4500000, NULL, &count, NULL), SMGW_E_BUFSIZE);
	assert_int_equal(count, 6);
	count = 8;
	assert_int_equal(smgw_tariff_taf7_series(v, 7, 900, 10, t0, t0 + 4500000, pt, &count, &unaligned), 0);
	assert_int_equal(count, 6);
	assert_int_equal(unaligned, 1);
	assert_true(pt[0].value == 100 && pt[0].flags == 0 && pt[0].capture_ms == t0 - 1000);
	assert_true(pt[1].value == 110 && pt[1].target_ms == t0 + 900000);
	assert_true(pt[2].flags == SMGW_TARIFF_POINT_GAP && pt[2].value == 0 && pt[2].capture_ms == 0);
	assert_true(pt[3].flags == SMGW_TARIFF_POINT_INVALID && pt[3].value == 130);
	assert_true(pt[4].value == 140 && pt[4].flags == 0);
	assert_true(pt[5].value == 150);
	assert_int_equal(smgw_tariff_taf7_series(v, 7, 700, 10, t0, t0, pt, &count, NULL), SMGW_E_RANGE);
}

static void test_taf7_dst(void **state)
{
	struct smgw_tariff_point pt[128];
	size_t count = 128;

	(void)state;
	/* boundaries 00:00 .. 24:00 of the local day: one more than the periods */
	assert_int_equal(smgw_tariff_taf7_series(NULL, 0, 900, 10, at("2026-10-25T00:00:00+02:00"),
						 at("2026-10-26T00:00:00+01:00"), pt, &count, NULL), 0);
	assert_int_equal(count, 101);
	assert_true(pt[8].target_ms == at("2026-10-25T02:00:00+02:00"));
	assert_true(pt[12].target_ms == at("2026-10-25T02:00:00+01:00")); /* the repeated hour, kept apart */
	assert_true(pt[16].target_ms == at("2026-10-25T03:00:00+01:00"));
	count = 128;
	assert_int_equal(smgw_tariff_taf7_series(NULL, 0, 900, 10, at("2026-03-29T00:00:00+01:00"),
						 at("2026-03-30T00:00:00+02:00"), pt, &count, NULL), 0);
	assert_int_equal(count, 93);
	assert_true(pt[8].target_ms == at("2026-03-29T03:00:00+02:00"));
	/* daily grid across the change: local midnights */
	count = 128;
	assert_int_equal(smgw_tariff_taf7_series(NULL, 0, 86400, 10, at("2026-03-28T00:00:00+01:00"),
						 at("2026-03-31T00:00:00+02:00"), pt, &count, NULL), 0);
	assert_int_equal(count, 4);
	assert_true(pt[2].target_ms == at("2026-03-30T00:00:00+02:00"));
}

static void test_taf6(void **state)
{
	struct smgw_value v[60];
	struct smgw_tariff_point pt[SMGW_TARIFF_TAF6_DAYS + 1];
	size_t n = 0, unaligned = 0;
	int d;

	(void)state;
	/* daily readings 2026-09-01 .. 2026-10-30 at 00:05 (300 s: within 1 % = 864 s), 10 per day */
	for (d = 0; d < 60; d++) {
		int64_t t;
		int32_t y = 2026, m = d < 30 ? 9 : 10, dd = d < 30 ? d + 1 : d - 29;

		assert_int_equal(smgw_time_berlin_day_start(y, m, dd, &t), 0);
		if (m == 10 && dd == 10)
			continue; /* missing */
		val(&v[n++], "1-0:1.8.0", t + (dd == 20 ? 1200000 : 300000), 1000 + 10 * d, 0); /* 20th: 00:20, too late */
	}
	assert_int_equal(smgw_tariff_taf6_daily(v, n, 2026, 10, 28, pt, &unaligned), 0);
	/* 42 days ending 28 October: 17 September .. 28 October, boundaries 17 Sep 00:00 .. 29 Oct 00:00 */
	assert_true(pt[0].target_ms == at("2026-09-17T00:00:00+02:00"));
	assert_true(pt[SMGW_TARIFF_TAF6_DAYS].target_ms == at("2026-10-29T00:00:00+01:00"));
	assert_true(pt[0].value == 1000 + 10 * 16);
	assert_true(pt[3].flags == SMGW_TARIFF_POINT_GAP);  /* 20 September at 00:20: unaligned */
	assert_true(pt[23].flags == SMGW_TARIFF_POINT_GAP); /* 10 October: missing */
	assert_true(pt[42].value == 1000 + 10 * 58);
	assert_int_equal(unaligned, 2); /* 20 Sep and 20 Oct */
	assert_int_equal(smgw_tariff_taf6_daily(v, n, 2026, 2, 30, pt, NULL), SMGW_E_RANGE);
}

/* A series of 15-minute points from deltas; delta < 0 marks a gap, 1000000 marks an invalid point. */
static size_t series(struct smgw_tariff_point *pt, int64_t t0, const int64_t *deltas, size_t n)
{
	int64_t v = 5000;
	size_t i;

	memset(pt, 0, sizeof(*pt) * (n + 1));
	pt[0].target_ms = t0;
	pt[0].value = v;
	for (i = 0; i < n; i++) {
		pt[i + 1].target_ms = t0 + (int64_t)(i + 1) * 900000;
		if (deltas[i] < 0) {
			pt[i + 1].flags = SMGW_TARIFF_POINT_GAP;
			v += -deltas[i];
		} else {
			v += deltas[i];
			pt[i + 1].value = v;
		}
	}
	return n + 1;
}

static void test_taf3_load(void **state)
{
	/* Wh per quarter hour: 100 -> 400 W, 500 -> 2000 W, 1000 -> 4000 W, 250 -> exactly 1000 W */
	static const int64_t d[] = { 100, 500, 1000, 250, -300, 200, 750 };
	static const int64_t thr[] = { 1000, 3000 };
	struct smgw_tariff_point pt[8];
	int64_t regs[4] = { 0 };
	size_t n = series(pt, at("2026-01-05T00:00:00+01:00"), d, 7);

	(void)state;
	assert_int_equal(smgw_tariff_taf3_load(pt, n, 900, thr, 2, regs), 0);
	assert_true(regs[0] == 100);       /* 400 W */
	assert_true(regs[1] == 500 + 250); /* 2000 W, 1000 W (threshold reached) */
	assert_true(regs[2] == 1000 + 750); /* 4000 W, 3000 W */
	assert_true(regs[3] == 300 + 200); /* over the gap: load unknown */
	assert_int_equal(smgw_tariff_taf3_load(pt, n, 900, (const int64_t[]){ 3000, 1000 }, 2, regs), SMGW_E_RANGE);
}

static void test_taf4_consumption(void **state)
{
	static const int64_t d[] = { 400, 400, 400, -900, 1500, 100 };
	static const int64_t q[] = { 1000, 2500 };
	struct smgw_tariff_point pt[7];
	int64_t regs[3] = { 0 };
	size_t n = series(pt, at("2026-01-05T00:00:00+01:00"), d, 6);

	(void)state;
	assert_int_equal(smgw_tariff_taf4_consumption(pt, n, q, 2, regs), 0);
	/* running total 400, 800, 1200 (split 200|200 at 1000), +900+1500 = 3600 over the gap (split at 2500) */
	assert_true(regs[0] == 1000);
	assert_true(regs[1] == 1500);
	assert_true(regs[2] == 1100 + 100);
}

static void test_taf5_events(void **state)
{
	static const int64_t d[] = { 10, 20, 30, 40, -50, 60, 70 };
	struct smgw_tariff_point pt[8];
	int64_t t0 = at("2026-01-05T12:00:00+01:00");
	struct smgw_tariff_event ev[2] = {
		{ t0 + 900000, t0 + 2700000, 1, 0 },          /* 12:15 .. 12:45 */
		{ t0 + 4500000, t0 + 5400000 + 300000, 2, 0 }, /* 13:15 .. 13:35: ends inside a period */
	};
	int64_t regs[4] = { 0 };
	size_t n = series(pt, t0, d, 7);

	(void)state;
	assert_int_equal(smgw_tariff_taf5_events(pt, n, ev, 2, 0, 3, regs), 0);
	/* 12:00 default 10; 12:15, 12:30 event 1: 20 + 30; 12:45 default 40;
	 * 13:00-13:30 gap over the default/event-2 edge: 50 + 60 -> error; 13:30 edge inside: 70 -> error */
	assert_true(regs[0] == 10 + 40);
	assert_true(regs[1] == 50);
	assert_true(regs[2] == 0);
	assert_true(regs[3] == 50 + 60 + 70);
	ev[0].stage = 7;
	assert_int_equal(smgw_tariff_taf5_events(pt, n, ev, 2, 0, 3, regs), SMGW_E_RANGE);
}

static void test_taf8_extremes(void **state)
{
	static const int64_t d[] = { 10, 250, 30, 250, -5, 0, 100 };
	struct smgw_tariff_point pt[8];
	struct smgw_tariff_extreme mx, mn;
	int64_t t0 = at("2026-01-05T00:00:00+01:00");
	size_t n = series(pt, t0, d, 7);

	(void)state;
	pt[6].flags = SMGW_TARIFF_POINT_INVALID;
	assert_int_equal(smgw_tariff_taf8_extremes(pt, n, 900, &mx, &mn), 0);
	assert_true(mx.energy == 250 && mx.power == 1000 && mx.start_ms == t0 + 900000); /* the earliest of two */
	/* 0 Wh lies between the gap and the invalid point: not a usable period */
	assert_true(mn.energy == 10 && mn.power == 40 && mn.start_ms == t0);
	assert_int_equal(smgw_tariff_taf8_extremes(pt, 1, 900, &mx, &mn), SMGW_E_NOTFOUND);
}

static void test_taf9_10_14(void **state)
{
	struct smgw_value v[8], out[16], r;
	size_t count;
	int64_t t0 = at("2026-06-01T12:00:00+02:00");
	int i;

	(void)state;
	val(&v[0], "1-0:2.7.0", t0 - 5000, 3200, 0);
	val(&v[1], "1-0:16.7.0", t0 - 1000, -3150, 0);
	val(&v[2], "1-0:16.7.0", t0 + 1000, -9999, 0); /* after the request */
	val(&v[3], "1-0:32.7.0", t0 - 2000, 2301, 0);
	val(&v[4], "1-0:32.7.0", t0 - 1500, 2299, 3); /* invalid */
	val(&v[5], "1-0:14.7.0", t0 - 20000, 4999, 0); /* too old for 10 s */
	val(&v[6], "1-0:31.7.0", t0 - 3000, 1250, 0);
	val(&v[7], "1-0:1.8.0", t0 - 1000, 1, 0);
	assert_int_equal(smgw_tariff_taf9_feed_in(v, 8, t0, 10000, &r), 0);
	assert_true(r.value == 3150 && r.obis.c == 16);
	assert_int_equal(smgw_tariff_taf9_feed_in(v, 1, t0, 10000, &r), 0);
	assert_true(r.value == 3200);
	assert_int_equal(smgw_tariff_taf9_feed_in(v, 8, t0 - 60000, 10000, &r), SMGW_E_NOTFOUND);

	count = 0;
	assert_int_equal(smgw_tariff_taf10_grid_state(v, 8, t0, 10000, NULL, &count), SMGW_E_BUFSIZE);
	assert_int_equal(count, 3); /* U L1, I L1, P */
	assert_int_equal(smgw_tariff_taf10_grid_state(v, 8, t0, 10000, out, &count), 0);
	assert_true(out[0].obis.c == 32 && out[0].value == 2301);
	assert_true(out[1].obis.c == 31 && out[2].obis.c == 16 && out[2].value == -3150);

	/* TAF-14: 1 s values over 10 s sampled at 5 s: latest valid per interval, gaps stay gaps */
	for (i = 0; i < 8; i++)
		val(&v[i], "1-0:16.7.0", t0 + (i < 4 ? i : i + 8) * 1000, 100 + i, i == 3 ? 4 : 0);
	count = 16;
	assert_int_equal(smgw_tariff_taf14_sample(v, 8, 5, t0, t0 + 20000, out, &count), 0);
	/* [0,5): values 0..2 valid (3 fatal) -> 102; [5,10): none; [10,15): 12..14 -> value 106; [15,20): 107 */
	assert_int_equal(count, 3);
	assert_true(out[0].value == 102 && out[1].value == 106 && out[2].value == 107);
	count = 1;
	assert_int_equal(smgw_tariff_taf14_sample(v, 8, 5, t0, t0 + 20000, out, &count), SMGW_E_BUFSIZE);
	assert_int_equal(count, 3);
	assert_int_equal(smgw_tariff_taf14_sample(v, 8, 7, t0, t0 + 20000, out, &count), SMGW_E_RANGE);
	v[1].capture_ms = t0 + 30000;
	assert_int_equal(smgw_tariff_taf14_sample(v, 8, 5, t0, t0 + 20000, out, &count), SMGW_E_TARIFF_ORDER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_taf7_alignment),
		cmocka_unit_test(test_taf7_dst),
		cmocka_unit_test(test_taf6),
		cmocka_unit_test(test_taf3_load),
		cmocka_unit_test(test_taf4_consumption),
		cmocka_unit_test(test_taf5_events),
		cmocka_unit_test(test_taf8_extremes),
		cmocka_unit_test(test_taf9_10_14),
	};

	return cmocka_run_group_tests_name("tariff-taf", tests, NULL, NULL);
}
