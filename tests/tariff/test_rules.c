/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Rule-by-rule cases of the TAF-1 / TAF-2 engine, each worked out by hand
 * from the rules (docs/tariff.md, TRuDI semantics and PTB status classes)
 * rather than taken from an output of the engine: both DST days with gaps
 * and invalid readings in the repeated and in the missing hour, gaps at the
 * start and end of the billing range, over local midnight and over a
 * switching point, every FNN/PTB status class, duplicates and readings out
 * of order, a single reading, switching at every quarter hour with the
 * maximum of 20 stages, special days over week profiles, and TAF-1 with
 * two and three original value lists and the refusals of TRuDI's TAF-1
 * preconditions.
 *
 * Unless said otherwise the meter advances by 1 unit per quarter hour, so
 * a register's amount is the number of quarter hours it was given.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <smgw/holiday.h>
#include <smgw/status.h>

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

#define QH INT64_C(900000)

static int64_t at_iso(const char *iso)
{
	int64_t t;

	assert_int_equal(smgw_time_parse_iso8601(iso, strlen(iso), &t, NULL), 0);
	return t;
}

static void next_day(int *y, int *m, int *d)
{
	if (++*d > smgw_time_days_in_month(*y, *m)) {
		*d = 1;
		if (++*m > 12) {
			*m = 1;
			++*y;
		}
	}
}

/* Stage k (0-based) is tariff number nums[k] with OBIS 1-0:C.8.E, E = nums[k] (C = 1 unless given). */
static char stage_obis[24][16];
static const char *stage_obis_p[24];

static void set_stages(int n, const int *nums, int c)
{
	int k;

	for (k = 0; k < n; k++) {
		snprintf(stage_obis[k], sizeof(stage_obis[k]), "0100%02x08%02xff", c, nums[k]);
		stage_obis_p[k] = stage_obis[k];
	}
}

/*
 * A profile of @p taf over @p days local days from y-m-d: day profiles
 * 1..nprof with tariff[i][quarter hour], every day a special day with
 * dayId day_of(day index) (1 when day_of is NULL).
 */
static smgw_tariff_profile *profile(int taf, int y, int m, int d, int days, int nst, const int *nums, int nprof,
				    const int (*tariff)[96], const int *day_of, int *ret_rc)
{
	struct sbuf b = { 0 }, sd = { 0 };
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_tariff_profile *p = NULL;
	char start[SMGW_ISO8601_LEN];
	int64_t t0, t1;
	int i, rc;

	assert_int_equal(smgw_time_berlin_day_start(y, m, d, &t0), 0);
	for (i = 0; i < days; i++) {
		sb_special_day(&sd, y, m, d, day_of ? day_of[i] : 1);
		next_day(&y, &m, &d);
	}
	assert_int_equal(smgw_time_berlin_day_start(y, m, d, &t1), 0);
	assert_true(smgw_time_format_iso8601(t0, 0, SMGW_ISO_BERLIN, start, sizeof(start)) > 0);
	sb_profile_head(&b, taf, start, (long long)((t1 - t0) / 1000), nst, nums, stage_obis_p);
	for (i = 0; i < nprof; i++)
		sb_day_profile(&b, i + 1, tariff[i]);
	sb_printf(&b, "%s", sd.p);
	sb_profile_tail(&b);
	rc = smgw_tariff_profile_load(ctx, schema, (const uint8_t *)b.p, b.len, &p, &diag);
	free(b.p);
	free(sd.p);
	if (ret_rc != NULL)
		*ret_rc = rc;
	else
		assert_int_equal(rc, 0);
	return p;
}

struct rd {
	int64_t t;
	int64_t v;
	int ptb;         /* -1: no statusPTB */
	uint64_t fnn;    /* 0: no statusFNN */
	bool skip;
};

#define MAX_RD 400

/* One reading per quarter hour from t0 to t1, the meter advancing 1 per quarter hour. */
static size_t series(struct rd *r, int64_t t0, int64_t t1)
{
	size_t n = 0;
	int64_t t;

	for (t = t0; t <= t1; t += QH) {
		assert_true(n < MAX_RD);
		r[n].t = t;
		r[n].v = (int64_t)n;
		r[n].ptb = 0;
		r[n].fnn = 0;
		r[n].skip = false;
		n++;
	}
	return n;
}

static struct rd *at(struct rd *r, size_t n, const char *iso)
{
	int64_t t = at_iso(iso);
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i].t == t)
			return &r[i];
	fail_msg("no reading at %s", iso);
	return NULL;
}

/* Streams the readings into an engine (1-0:<c>.8.0, 900 s) and finishes it. */
static int run_c(const smgw_tariff_profile *p, uint32_t flags, const struct rd *r, size_t n, int c,
		 smgw_tariff_result **ret, struct smgw_diag *diag)
{
	struct smgw_tariff_options opt = SMGW_TARIFF_OPTIONS_INIT;
	smgw_tariff_engine *e = NULL;
	struct smgw_obis o = { 1, 0, (uint8_t)c, 8, 0, 255 };
	uint32_t ch;
	size_t i;
	int rc;

	opt.flags = flags;
	assert_int_equal(smgw_tariff_engine_new(ctx, p, &opt, NULL, &e, NULL), 0);
	assert_int_equal(smgw_tariff_engine_add_channel(e, &o, 900, &ch), 0);
	for (i = 0; i < n; i++) {
		struct smgw_value v;

		if (r[i].skip)
			continue;
		smgw_value_init(&v);
		v.obis = o;
		v.value = r[i].v;
		v.capture_ms = r[i].t;
		v.flags = SMGW_VALUE_HAS_CAPTURE_TIME;
		if (r[i].ptb >= 0) {
			v.ptb_status = r[i].ptb;
			v.flags |= SMGW_VALUE_HAS_PTB;
		}
		if (r[i].fnn != 0) {
			v.status = r[i].fnn;
			v.flags |= SMGW_VALUE_HAS_STATUS;
		}
		assert_true(smgw_tariff_engine_push(e, ch, &v, NULL) >= 0);
	}
	rc = smgw_tariff_engine_finish(e, ret, diag);
	smgw_tariff_engine_free(e);
	return rc;
}

static int run(const smgw_tariff_profile *p, uint32_t flags, const struct rd *r, size_t n, smgw_tariff_result **ret)
{
	return run_c(p, flags, r, n, 1, ret, NULL);
}

static int64_t amount(const smgw_tariff_result *r, unsigned tariff)
{
	int i, n = smgw_tariff_result_count(r);

	for (i = 0; i < n; i++) {
		struct smgw_tariff_register reg;

		assert_int_equal(smgw_tariff_result_register(r, (size_t)i, &reg), 0);
		if (reg.tariff_id == tariff)
			return reg.amount;
	}
	fail_msg("no register for tariff %u", tariff);
	return 0;
}

static int64_t total(const smgw_tariff_result *r)
{
	struct smgw_tariff_register reg;

	assert_int_equal(smgw_tariff_result_total(r, 0, &reg), 0);
	return reg.amount;
}

#define EXPECT3(r, a1, a2, a63)                                                                                   \
	do {                                                                                                      \
		if (amount(r, 1) != (a1) || amount(r, 2) != (a2) || amount(r, 63) != (a63))                      \
			fail_msg("registers 1/2/63 = %lld/%lld/%lld, expected %lld/%lld/%lld",                   \
				 (long long)amount(r, 1), (long long)amount(r, 2), (long long)amount(r, 63),     \
				 (long long)(a1), (long long)(a2), (long long)(a63));                             \
		assert_true(total(r) == (int64_t)(a1) + (a2) + (a63));                                            \
	} while (0)

static const int nums2[] = { 1, 2 };

/* HT (1) 06:00-22:00, NT (2) otherwise. */
static void ht_nt(int t[96])
{
	int k;

	for (k = 0; k < 96; k++)
		t[k] = (k >= 24 && k < 88) ? 1 : 2;
}

static smgw_tariff_profile *two_days_ht_nt(void)
{
	int t[1][96];

	set_stages(2, nums2, 1);
	ht_nt(t[0]);
	return profile(2, 2026, 1, 14, 2, 2, nums2, 1, (const int(*)[96])t, NULL, NULL);
}

/*
 * October DST day 2026-10-25 (100 quarter hours): NT (2) 02:00-03:00 local
 * time, which occurs twice (8 quarter hours), HT (1) otherwise (92).
 */
static void test_october_repeated_hour(void **state)
{
	struct rd r[MAX_RD];
	smgw_tariff_result *res = NULL;
	smgw_tariff_profile *p;
	int t[1][96], k;
	size_t n;

	(void)state;
	for (k = 0; k < 96; k++)
		t[0][k] = (k >= 8 && k < 12) ? 2 : 1;
	set_stages(2, nums2, 1);
	p = profile(2, 2026, 10, 25, 1, 2, nums2, 1, (const int(*)[96])t, NULL, NULL);
	n = series(r, at_iso("2026-10-25T00:00:00+02:00"), at_iso("2026-10-26T00:00:00+01:00"));
	assert_int_equal(n, 101);
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 92, 8, 0);
	smgw_tariff_result_free(res);

	/*
	 * Critical reading inside the second (CET) 02:00-03:00 hour: the span
	 * 02:15+01:00 .. 02:45+01:00 stays inside NT, so nothing changes. The
	 * same time of day in the first (CEST) hour is another reading.
	 */
	at(r, n, "2026-10-25T02:30:00+01:00")->ptb = 3;
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 92, 8, 0);
	smgw_tariff_result_free(res);

	/*
	 * And no reading at 03:00+01:00 (the switch back to HT): the span
	 * 02:45+01:00 .. 03:15+01:00 covers NT 02:45 and HT 03:00 -> 2 to the
	 * error register; NT keeps 7, HT 91.
	 */
	at(r, n, "2026-10-25T03:00:00+01:00")->skip = true;
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 91, 7, 2);
	smgw_tariff_result_free(res);

	/*
	 * A gap over the repeat itself: no reading from 02:15+02:00 to
	 * 02:45+01:00 (the 8 boundaries inside the repeated hours). The span
	 * 02:00+02:00 .. 03:00+01:00 is NT throughout (8 quarter hours), even
	 * though local 02:xx is left and re-entered: still NT 8, HT 92.
	 */
	for (k = 0; k < (int)n; k++)
		r[k].skip = false, r[k].ptb = 0;
	for (k = 0; k < (int)n; k++)
		if (r[k].t > at_iso("2026-10-25T02:00:00+02:00") && r[k].t < at_iso("2026-10-25T03:00:00+01:00"))
			r[k].skip = true;
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 92, 8, 0);
	smgw_tariff_result_free(res);
	smgw_tariff_profile_free(p);
}

/*
 * March DST day 2026-03-29 (92 quarter hours): NT (2) from 03:00 to
 * 24:00, HT (1) before. 02:00-03:00 does not exist, so HT has 8 quarter
 * hours (00:00-02:00), NT 84.
 */
static void test_march_missing_hour(void **state)
{
	struct rd r[MAX_RD];
	smgw_tariff_result *res = NULL;
	smgw_tariff_profile *p;
	int t[1][96], k;
	size_t n;

	(void)state;
	for (k = 0; k < 96; k++)
		t[0][k] = k < 12 ? 1 : 2;
	set_stages(2, nums2, 1);
	p = profile(2, 2026, 3, 29, 1, 2, nums2, 1, (const int(*)[96])t, NULL, NULL);
	n = series(r, at_iso("2026-03-29T00:00:00+01:00"), at_iso("2026-03-30T00:00:00+02:00"));
	assert_int_equal(n, 93);
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 8, 84, 0);
	smgw_tariff_result_free(res);

	/*
	 * No reading at 03:00+02:00, the first boundary after the jump and the
	 * switching point: 01:45+01:00 .. 03:15+02:00 covers HT 01:45 and NT
	 * 03:00 -> error 2, HT 7, NT 83.
	 */
	at(r, n, "2026-03-29T03:00:00+02:00")->skip = true;
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 7, 83, 2);
	smgw_tariff_result_free(res);
	smgw_tariff_profile_free(p);
}

/* Two days 2026-01-14/15, HT 06:00-22:00 (64 per day), NT otherwise (32 per day). */
static void test_gaps_midnight_and_switch(void **state)
{
	struct rd r[MAX_RD];
	smgw_tariff_result *res = NULL;
	smgw_tariff_profile *p = two_days_ht_nt();
	int64_t b, e;
	size_t n, i;

	(void)state;
	n = series(r, at_iso("2026-01-14T00:00:00+01:00"), at_iso("2026-01-16T00:00:00+01:00"));
	assert_int_equal(n, 193);
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 128, 64, 0);
	smgw_tariff_result_free(res);

	/* gap over midnight, NT on both sides and after: 23:30 .. 00:15 is NT (3) */
	at(r, n, "2026-01-14T23:45:00+01:00")->skip = true;
	at(r, n, "2026-01-15T00:00:00+01:00")->skip = true;
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 128, 64, 0);
	smgw_tariff_result_free(res);

	/*
	 * Gap 23:30 .. 06:00 (readings 23:45 .. 05:45 missing): 26 quarter hours,
	 * all NT, but local midnight is crossed and the period after the gap
	 * (06:00) is HT. TRuDI rule (SMGW_TARIFF_TRUDI_MIDNIGHT_GAP): error
	 * register 26, NT 64 - 26 = 38. Without it: NT keeps all 64.
	 */
	for (i = 0; i < n; i++)
		if (r[i].t > at_iso("2026-01-14T23:30:00+01:00") && r[i].t < at_iso("2026-01-15T06:00:00+01:00"))
			r[i].skip = true;
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 128, 38, 26);
	smgw_tariff_result_free(res);
	assert_int_equal(run(p, 0, r, n, &res), 0);
	EXPECT3(res, 128, 64, 0);
	smgw_tariff_result_free(res);

	/* one reading more missing (06:00): the span 23:30 .. 06:15 crosses 06:00 -> error 27 either way */
	at(r, n, "2026-01-15T06:00:00+01:00")->skip = true;
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 127, 38, 27);
	smgw_tariff_result_free(res);
	assert_int_equal(run(p, 0, r, n, &res), 0);
	EXPECT3(res, 127, 38, 27);
	smgw_tariff_result_free(res);

	/*
	 * Gaps at the start and the end of the billing range: first reading
	 * 00:30 on day 1, last 23:00 on day 2. The range is 00:30 .. 23:00; the
	 * energy outside it is unknown and nowhere: HT 128, NT 64 - 2 - 4 = 58.
	 */
	for (i = 0; i < n; i++)
		r[i].skip = r[i].t < at_iso("2026-01-14T00:30:00+01:00") || r[i].t > at_iso("2026-01-15T23:00:00+01:00");
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 128, 58, 0);
	assert_int_equal(smgw_tariff_result_range(res, &b, &e), 0);
	assert_true(b == at_iso("2026-01-14T00:30:00+01:00") && e == at_iso("2026-01-15T23:00:00+01:00"));
	smgw_tariff_result_free(res);

	/*
	 * The first reading critical (PTB 3) and the last one missing: the
	 * range starts at the first valid one (00:15): NT 64 - 1 - 4 = 59.
	 */
	for (i = 0; i < n; i++)
		r[i].skip = r[i].t > at_iso("2026-01-15T23:00:00+01:00");
	r[0].ptb = 3;
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 128, 59, 0);
	assert_int_equal(smgw_tariff_result_range(res, &b, &e), 0);
	assert_true(b == at_iso("2026-01-14T00:15:00+01:00"));
	smgw_tariff_result_free(res);
	smgw_tariff_profile_free(p);
}

/*
 * Every status class at the 06:00 switching point of 2026-01-14 (one day,
 * HT 06:00-22:00): an invalid reading there makes the span 05:45 .. 06:15
 * cross the switch -> error register 2 (HT 63, NT 31); a valid one leaves
 * HT 64, NT 32.
 */
static void test_status_classes(void **state)
{
	static const struct {
		int ptb;         /* statusPTB, -1 none */
		uint32_t gw, bz; /* FNN halves besides the identification patterns; both 0 and ptb >= 0: no FNN */
		bool invalid;
		const char *what;
	} cls[] = {
		{ 0, 0, 0, false, "PTB 0 no error" },
		{ 1, 0, 0, false, "PTB 1 warning: valid" },
		{ 2, 0, 0, false, "PTB 2 temporary error: marked, still used" },
		{ 3, 0, 0, true, "PTB 3 critical temporary error" },
		{ 4, 0, 0, true, "PTB 4 fatal error" },
		{ -1, SMGW_FNN_GW_FATAL_ERROR, 0, true, "FNN SMGW fatal error -> 4" },
		{ -1, SMGW_FNN_GW_TIME_INVALID, 0, true, "FNN system time invalid -> 3" },
		{ -1, SMGW_FNN_GW_PTB_TEMP_INVALID, 0, true, "FNN PTB temporary error, value invalid -> 3" },
		{ -1, SMGW_FNN_GW_PTB_TEMP_SIGNED_INVALID, 0, false, "FNN PTB temporary error, signature -> 2" },
		{ -1, SMGW_FNN_GW_PTB_WARNING, 0, false, "FNN PTB warning -> 1" },
		{ -1, SMGW_FNN_GW_TRANSPARENCY, 0, false, "FNN transparency bit -> 0" },
		{ -1, 0, SMGW_FNN_BZ_FATAL_ERROR, true, "FNN meter fatal error -> 4" },
		{ -1, 0, SMGW_FNN_BZ_MANIPULATION, true, "FNN manipulation -> 3" },
		{ -1, 0, SMGW_FNN_BZ_MAGNETIC, true, "FNN magnetic influence -> 3" },
		{ -1, 0, SMGW_FNN_BZ_STARTUP, false, "FNN start-up -> 0" },
		{ -1, 0, SMGW_FNN_BZ_SUM_NEGATIVE | SMGW_FNN_BZ_L1_NEGATIVE, false, "FNN negative direction -> 0" },
		{ -1, 0, SMGW_FNN_BZ_PHASE_SEQUENCE | SMGW_FNN_BZ_BACKSTOP, false, "FNN phase sequence, backstop -> 0" },
		{ -1, 0, SMGW_FNN_BZ_VOLTAGE_L1 | SMGW_FNN_BZ_VOLTAGE_L2 | SMGW_FNN_BZ_VOLTAGE_L3, false,
		  "FNN voltages present -> 0" },
		/* statusPTB and statusFNN together: the worse of both */
		{ 0, SMGW_FNN_GW_TIME_INVALID, 0, true, "PTB 0 with FNN time invalid" },
		{ 3, SMGW_FNN_GW_PTB_WARNING, 0, true, "PTB 3 with an FNN warning" },
		{ 2, SMGW_FNN_GW_PTB_WARNING, 0, false, "PTB 2 with an FNN warning" },
	};
	struct rd r[MAX_RD];
	smgw_tariff_result *res = NULL;
	smgw_tariff_profile *p;
	int t[1][96];
	size_t n, i;

	(void)state;
	set_stages(2, nums2, 1);
	ht_nt(t[0]);
	p = profile(2, 2026, 1, 14, 1, 2, nums2, 1, (const int(*)[96])t, NULL, NULL);
	for (i = 0; i < sizeof(cls) / sizeof(cls[0]); i++) {
		struct rd *x;

		n = series(r, at_iso("2026-01-14T00:00:00+01:00"), at_iso("2026-01-15T00:00:00+01:00"));
		x = at(r, n, "2026-01-14T06:00:00+01:00");
		x->ptb = cls[i].ptb;
		if (cls[i].gw != 0 || cls[i].bz != 0 || cls[i].ptb < 0)
			x->fnn = smgw_fnn_make(SMGW_FNN_GW_IDENT | cls[i].gw, SMGW_FNN_BZ_IDENT | cls[i].bz);
		assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
		if (cls[i].invalid ? (amount(res, 63) != 2 || amount(res, 1) != 63 || amount(res, 2) != 31)
				   : (amount(res, 63) != 0 || amount(res, 1) != 64 || amount(res, 2) != 32))
			fail_msg("%s: registers 1/2/63 = %lld/%lld/%lld", cls[i].what, (long long)amount(res, 1),
				 (long long)amount(res, 2), (long long)amount(res, 63));
		smgw_tariff_result_free(res);
	}

	/* the invalid threshold is a setting: with invalid_ptb = 2 a PTB 2 reading is excluded too */
	{
		struct smgw_tariff_options opt = SMGW_TARIFF_OPTIONS_INIT;
		smgw_tariff_engine *e = NULL;
		struct smgw_obis o = { 1, 0, 1, 8, 0, 255 };
		uint32_t ch;

		n = series(r, at_iso("2026-01-14T00:00:00+01:00"), at_iso("2026-01-15T00:00:00+01:00"));
		at(r, n, "2026-01-14T06:00:00+01:00")->ptb = 2;
		opt.invalid_ptb = 2;
		assert_int_equal(smgw_tariff_engine_new(ctx, p, &opt, NULL, &e, NULL), 0);
		assert_int_equal(smgw_tariff_engine_add_channel(e, &o, 900, &ch), 0);
		for (i = 0; i < n; i++) {
			struct smgw_value v;

			smgw_value_init(&v);
			v.obis = o;
			v.value = r[i].v;
			v.capture_ms = r[i].t;
			v.ptb_status = r[i].ptb;
			v.flags = SMGW_VALUE_HAS_CAPTURE_TIME | SMGW_VALUE_HAS_PTB;
			assert_true(smgw_tariff_engine_push(e, ch, &v, NULL) >= 0);
		}
		assert_int_equal(smgw_tariff_engine_finish(e, &res, NULL), 0);
		EXPECT3(res, 63, 31, 2);
		smgw_tariff_result_free(res);
		smgw_tariff_engine_free(e);
	}
	smgw_tariff_profile_free(p);
}

/* Duplicates, readings out of order, a single reading, capture times off the grid. */
static void test_duplicates_order_single(void **state)
{
	struct rd r[MAX_RD + 1];
	smgw_tariff_result *res = NULL;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_tariff_profile *p;
	int t[1][96];
	size_t n, i;

	(void)state;
	set_stages(2, nums2, 1);
	ht_nt(t[0]);
	p = profile(2, 2026, 1, 14, 1, 2, nums2, 1, (const int(*)[96])t, NULL, NULL);
	n = series(r, at_iso("2026-01-14T00:00:00+01:00"), at_iso("2026-01-15T00:00:00+01:00"));

	/*
	 * A second reading for 10:00 with another value right after the first:
	 * the first counts, the second is ignored (HT 64, NT 32). If the first
	 * is critical, the boundary counts as invalid even though a valid
	 * duplicate follows [V TRuDI: the first reading of a target time] --
	 * inside HT this changes nothing, at 06:00 it makes error 2.
	 */
	memmove(&r[41], &r[40], (n - 40) * sizeof(r[0]));
	n++;
	assert_true(r[40].t == at_iso("2026-01-14T10:00:00+01:00"));
	r[41].v = 1000;
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 64, 32, 0);
	smgw_tariff_result_free(res);
	memmove(&r[41], &r[42], (n - 42) * sizeof(r[0]));
	n--;
	memmove(&r[25], &r[24], (n - 24) * sizeof(r[0]));
	n++;
	assert_true(r[24].t == at_iso("2026-01-14T06:00:00+01:00") && r[25].t == r[24].t);
	r[24].ptb = 3; /* first: critical; second: valid */
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 63, 31, 2);
	smgw_tariff_result_free(res);
	memmove(&r[24], &r[25], (n - 25) * sizeof(r[0]));
	n--;
	r[24].ptb = 0;

	/* capture 8 s before the boundary aligns to it (1 % of 900 s = 9 s); 10 s does not (a gap at 06:00) */
	r[24].t -= 8000;
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 64, 32, 0);
	smgw_tariff_result_free(res);
	r[24].t -= 2000;
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 63, 31, 2);
	smgw_tariff_result_free(res);
	r[24].t += 10000;

	/* streaming refuses a reading earlier than the one before it */
	{
		smgw_tariff_engine *e = NULL;
		struct smgw_obis o = { 1, 0, 1, 8, 0, 255 };
		struct smgw_value v;
		uint32_t ch;

		assert_int_equal(smgw_tariff_engine_new(ctx, p, NULL, NULL, &e, NULL), 0);
		assert_int_equal(smgw_tariff_engine_add_channel(e, &o, 900, &ch), 0);
		smgw_value_init(&v);
		v.obis = o;
		v.flags = SMGW_VALUE_HAS_CAPTURE_TIME;
		v.capture_ms = r[10].t;
		v.value = 10;
		assert_int_equal(smgw_tariff_engine_push(e, ch, &v, NULL), 1);
		v.capture_ms = r[9].t;
		v.value = 9;
		assert_int_equal(smgw_tariff_engine_push(e, ch, &v, &diag), SMGW_E_TARIFF_ORDER);
		assert_non_null(strstr(diag.message, "after one at"));
		smgw_tariff_engine_free(e);
	}

	/*
	 * One valid reading only: the billing range would be empty; TRuDI
	 * refuses ("Keine Messwerte innerhalb des Abrechnungszeitraums"),
	 * so does the default; without SMGW_TARIFF_TRUDI_RANGE zero registers.
	 */
	for (i = 0; i < n; i++)
		r[i].skip = i != 40;
	assert_int_equal(run_c(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, 1, &res, &diag), SMGW_E_TARIFF_NO_READING);
	assert_non_null(strstr(diag.message, "only one valid reading of 1-0:1.8.0"));
	assert_int_equal(run(p, 0, r, n, &res), 0);
	EXPECT3(res, 0, 0, 0);
	smgw_tariff_result_free(res);
	/* two readings, one critical: the same */
	r[41].skip = false;
	r[41].ptb = 4;
	assert_int_equal(run_c(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, 1, &res, &diag), SMGW_E_TARIFF_NO_READING);
	/* none at all */
	for (i = 0; i < n; i++)
		r[i].skip = true;
	assert_int_equal(run_c(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, 1, &res, &diag), SMGW_E_TARIFF_NO_READING);
	assert_non_null(strstr(diag.message, "no valid reading in the billing period"));
	smgw_tariff_profile_free(p);
}

/*
 * 20 stages, switching at every quarter hour including 00:00 and 23:45:
 * quarter hour k (0..95) has stage 1 + k % 20 and the meter advances by
 * k + 1 in it. Stage s gets the quarter hours s-1, s+19, s+39, s+59 and
 * (s <= 16) s+79: 5s + 200 for s <= 16, 4s + 120 for s >= 17; total
 * 96 * 97 / 2 = 4656. TRuDI does not honour the switch at 23:45
 * (SMGW_TARIFF_TRUDI_LAST_SLOT): quarter hour 95 (+96) stays with stage
 * 15 of 23:30: stage 15 = 275 + 96 = 371, stage 16 = 280 - 96 = 184.
 * A 21st stage is refused.
 */
static void test_twenty_stages_every_quarter_hour(void **state)
{
	int nums[21], t[1][96], k, s, rc;
	struct rd r[MAX_RD];
	smgw_tariff_result *res = NULL;
	smgw_tariff_engine *e = NULL;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_tariff_profile *p;
	size_t n;

	(void)state;
	for (k = 0; k < 21; k++)
		nums[k] = k + 1;
	for (k = 0; k < 96; k++)
		t[0][k] = 1 + k % 20;
	set_stages(20, nums, 1);
	p = profile(2, 2026, 1, 14, 1, 20, nums, 1, (const int(*)[96])t, NULL, NULL);
	n = series(r, at_iso("2026-01-14T00:00:00+01:00"), at_iso("2026-01-15T00:00:00+01:00"));
	for (k = 1; k < (int)n; k++)
		r[k].v = r[k - 1].v + k; /* quarter hour k-1 adds k */
	for (int pass = 0; pass < 2; pass++) {
		uint32_t flags = pass == 0 ? 0u : SMGW_TARIFF_FLAGS_DEFAULT;

		assert_int_equal(run(p, flags, r, n, &res), 0);
		for (s = 1; s <= 20; s++) {
			int64_t want = s <= 16 ? 5 * s + 200 : 4 * s + 120;

			if (pass == 1 && s == 15)
				want = 371;
			if (pass == 1 && s == 16)
				want = 184;
			if (amount(res, (unsigned)s) != want)
				fail_msg("pass %d stage %d: %lld, expected %lld", pass, s, (long long)amount(res, (unsigned)s),
					 (long long)want);
		}
		assert_true(amount(res, 63) == 0 && total(res) == 4656);
		smgw_tariff_result_free(res);
	}
	smgw_tariff_profile_free(p);

	/* 21 stages: loads, but the engine refuses it (at most 20 plus the error register) */
	t[0][95] = 21;
	set_stages(21, nums, 1);
	p = profile(2, 2026, 1, 14, 1, 21, nums, 1, (const int(*)[96])t, NULL, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(smgw_tariff_engine_new(ctx, p, NULL, NULL, &e, &diag), SMGW_E_TARIFF_PROFILE);
	assert_non_null(strstr(diag.message, "21 tariff stages; at most 20"));
	smgw_tariff_profile_free(p);
}

/*
 * Special days name the day profile per date: three days 2026-01-14..16,
 * the middle one (a holiday, say) all NT with day profile 2. HT 64 + 0 +
 * 64 = 128, NT 32 + 96 + 32 = 160. A day with a dayId that has no day
 * profile is refused by the check; a day without a special day too.
 */
static void test_special_days(void **state)
{
	int t[2][96], k, day_of[3] = { 1, 2, 1 }, rc;
	struct rd r[MAX_RD];
	smgw_tariff_result *res = NULL;
	smgw_tariff_engine *e = NULL;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_tariff_profile *p;
	size_t n;

	(void)state;
	set_stages(2, nums2, 1);
	ht_nt(t[0]);
	for (k = 0; k < 96; k++)
		t[1][k] = 2;
	p = profile(2, 2026, 1, 14, 3, 2, nums2, 2, (const int(*)[96])t, day_of, NULL);
	n = series(r, at_iso("2026-01-14T00:00:00+01:00"), at_iso("2026-01-17T00:00:00+01:00"));
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 128, 160, 0);
	smgw_tariff_result_free(res);
	smgw_tariff_profile_free(p);

	/*
	 * A gap from 21:45 on the 14th to 00:15 on the 16th (the whole NT
	 * holiday): the span starts in HT (21:45) -> error register 2 + 8 + 96
	 * + 1 = 106; HT 63 + 64 = 127; NT 32 - 8 - ... : NT keeps 24 on the
	 * 14th (00:00-06:00) and 32 - 1 on the 16th = 55. 127 + 55 + 106 = 288.
	 */
	p = profile(2, 2026, 1, 14, 3, 2, nums2, 2, (const int(*)[96])t, day_of, NULL);
	for (k = 0; k < (int)n; k++)
		r[k].skip = r[k].t > at_iso("2026-01-14T21:45:00+01:00") && r[k].t < at_iso("2026-01-16T00:15:00+01:00");
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	EXPECT3(res, 127, 55, 106);
	smgw_tariff_result_free(res);
	smgw_tariff_profile_free(p);

	/* dayId 3 is no day profile */
	day_of[1] = 3;
	p = profile(2, 2026, 1, 14, 3, 2, nums2, 2, (const int(*)[96])t, day_of, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(smgw_tariff_engine_new(ctx, p, NULL, NULL, &e, &diag), SMGW_E_TARIFF_PROFILE);
	assert_non_null(strstr(diag.message, "dayId 3"));
	smgw_tariff_profile_free(p);
}

/* ---- TAF-1 through the batch interface (AR 2418-6 supplier and device documents) ---- */

/* January 2026 (31 days), day profile i+1 -> tariff nums[i], stage OBIS obis[i]. */
static smgw_tariff_profile *taf1_profile(int nst, const int *nums, const char *const *obis, int nprof)
{
	struct sbuf b = { 0 };
	smgw_tariff_profile *p = NULL;
	int t[96], i, k, d;

	sb_profile_head(&b, 1, "2026-01-01T00:00:00+01:00", 31LL * 86400, nst, nums, obis);
	for (i = 0; i < nprof; i++) {
		for (k = 0; k < 96; k++)
			t[k] = nums[i < nst ? i : 0];
		sb_day_profile(&b, i + 1, t);
	}
	for (i = 0; i < nprof; i++)
		for (d = 1; d <= 31; d++)
			sb_special_day(&b, 2026, 1, d, i + 1);
	sb_profile_tail(&b);
	assert_int_equal(smgw_tariff_profile_load(ctx, schema, (const uint8_t *)b.p, b.len, &p, NULL), 0);
	free(b.p);
	return p;
}

/* One MeterReading: meter id, OBIS hex, readings at the given times with values. */
static void sb_list(struct sbuf *b, const char *meter, const char *obis, int n, const char *const *times,
		    const long long *values, const int *ptb)
{
	int i;

	sb_printf(b,
		  "<MeterReading><Meter><meterId>%s</meterId></Meter><meterReadingId>%s.%s</meterReadingId>"
		  "<ReadingType><espi:powerOfTenMultiplier>0</espi:powerOfTenMultiplier><espi:uom>72</espi:uom>"
		  "<scaler>0</scaler><obisCode>%s</obisCode><qualifiedLogicalName>%s.%s.sm</qualifiedLogicalName>"
		  "<measurementPeriod>900</measurementPeriod></ReadingType>"
		  "<IntervalBlock><interval><duration>2678400</duration><start>2026-01-01T00:00:00+01:00</start></interval>\n",
		  meter, obis, meter, obis, obis, meter);
	for (i = 0; i < n; i++)
		sb_printf(b,
			  "<IntervalReading><espi:value>%lld</espi:value><timePeriod><duration>0</duration><start>%s</start>"
			  "</timePeriod><statusPTB>%d</statusPTB></IntervalReading>\n",
			  values[i], times[i], ptb ? ptb[i] : 0);
	sb_printf(b, "</IntervalBlock></MeterReading>\n");
}

static int taf1_eval(const smgw_tariff_profile *p, const struct sbuf *dev, smgw_tariff_result **ret,
		     struct smgw_diag *diag)
{
	smgw_tariff_export *x = NULL;
	int rc;

	assert_int_equal(smgw_tariff_export_load(ctx, schema, (const uint8_t *)dev->p, dev->len, &x, NULL), 0);
	rc = smgw_tariff_evaluate(ctx, p, x, NULL, ret, diag);
	smgw_tariff_export_free(x);
	return rc;
}

static void test_taf1_lists(void **state)
{
	static const char *const times[] = { "2026-01-01T00:00:00+01:00", "2026-01-15T12:00:00+01:00",
					     "2026-02-01T00:00:00+01:00" };
	static const char *const ob12[] = { "0100010801ff", "0100020801ff" };
	static const char *const ob1[] = { "0100010801ff" };
	static const long long m1_in[] = { 1000, 1500, 2100 }, m1_out[] = { 50, 60, 80 }, m2_in[] = { 7, 8, 307 };
	static const int crit_end[] = { 0, 0, 3 };
	smgw_tariff_result *res = NULL;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_tariff_profile *p;
	struct sbuf dev = { 0 };
	int64_t b, e;

	(void)state;
	/*
	 * Two lists of one meter (import 1-0:1.8.0, export 1-0:2.8.0), two
	 * stages 1-0:1.8.1 (tariff 1) and 1-0:2.8.1 (tariff 2), one day profile
	 * each: 1-0:1.8.1 = 2100 - 1000 = 1100, 1-0:2.8.1 = 80 - 50 = 30; the
	 * reading in the middle of the month plays no part.
	 */
	p = taf1_profile(2, nums2, ob12, 2);
	sb_printf(&dev, AR_HEAD);
	sb_list(&dev, "M1", "0100010800ff", 3, times, m1_in, NULL);
	sb_list(&dev, "M1", "0100020800ff", 3, times, m1_out, NULL);
	sb_printf(&dev, "</UsagePoint></UsagePoints>\n");
	assert_int_equal(taf1_eval(p, &dev, &res, NULL), 0);
	assert_true(amount(res, 1) == 1100 && amount(res, 2) == 30);
	assert_int_equal(smgw_tariff_result_range(res, &b, &e), 0);
	assert_true(b == at_iso("2026-01-01T00:00:00+01:00") && e == at_iso("2026-02-01T00:00:00+01:00"));
	smgw_tariff_result_free(res);

	/* three lists: a second meter M2 of 1-0:1.8.0 adds to 1-0:1.8.1: 1100 + 300 = 1400 */
	free(dev.p);
	memset(&dev, 0, sizeof(dev));
	sb_printf(&dev, AR_HEAD);
	sb_list(&dev, "M1", "0100010800ff", 3, times, m1_in, NULL);
	sb_list(&dev, "M1", "0100020800ff", 3, times, m1_out, NULL);
	sb_list(&dev, "M2", "0100010800ff", 3, times, m2_in, NULL);
	sb_printf(&dev, "</UsagePoint></UsagePoints>\n");
	assert_int_equal(taf1_eval(p, &dev, &res, NULL), 0);
	assert_true(amount(res, 1) == 1400 && amount(res, 2) == 30);
	smgw_tariff_result_free(res);

	/* a fourth list: TRuDI supports at most 3 */
	{
		struct sbuf d4 = { 0 };

		sb_printf(&d4, AR_HEAD);
		sb_list(&d4, "M1", "0100010800ff", 3, times, m1_in, NULL);
		sb_list(&d4, "M1", "0100020800ff", 3, times, m1_out, NULL);
		sb_list(&d4, "M2", "0100010800ff", 3, times, m2_in, NULL);
		sb_list(&d4, "M3", "0100010800ff", 3, times, m2_in, NULL);
		sb_printf(&d4, "</UsagePoint></UsagePoints>\n");
		assert_int_equal(taf1_eval(p, &d4, &res, &diag), SMGW_E_LIMIT);
		assert_non_null(strstr(diag.message, "at most 3"));
		free(d4.p);
	}

	/* the end reading of M2 critical: refused */
	free(dev.p);
	memset(&dev, 0, sizeof(dev));
	sb_printf(&dev, AR_HEAD);
	sb_list(&dev, "M1", "0100010800ff", 3, times, m1_in, NULL);
	sb_list(&dev, "M2", "0100010800ff", 3, times, m2_in, crit_end);
	sb_printf(&dev, "</UsagePoint></UsagePoints>\n");
	assert_int_equal(taf1_eval(p, &dev, &res, &diag), SMGW_E_TARIFF_NO_READING);
	assert_non_null(strstr(diag.message, "at the end of the billing period"));
	smgw_tariff_profile_free(p);

	/*
	 * One stage (1-0:1.8.1) but lists of 1-0:1.8.0 and 1-0:2.8.0: the
	 * export list has no day profile; TRuDI refuses ("genau 1
	 * Tagesprofil"), and so does the batch evaluation.
	 */
	p = taf1_profile(1, nums2, ob1, 1);
	free(dev.p);
	memset(&dev, 0, sizeof(dev));
	sb_printf(&dev, AR_HEAD);
	sb_list(&dev, "M1", "0100010800ff", 3, times, m1_in, NULL);
	sb_list(&dev, "M1", "0100020800ff", 3, times, m1_out, NULL);
	sb_printf(&dev, "</UsagePoint></UsagePoints>\n");
	assert_int_equal(taf1_eval(p, &dev, &res, &diag), SMGW_E_TARIFF_STAGES);
	assert_non_null(strstr(diag.message, "exactly one day profile for the original value list of 1-0:2.8.0"));
	smgw_tariff_profile_free(p);

	/* two day profiles for 1-0:1 (both tariff 1, every day in both): refused as well */
	p = taf1_profile(1, nums2, ob1, 2);
	free(dev.p);
	memset(&dev, 0, sizeof(dev));
	sb_printf(&dev, AR_HEAD);
	sb_list(&dev, "M1", "0100010800ff", 3, times, m1_in, NULL);
	sb_printf(&dev, "</UsagePoint></UsagePoints>\n");
	assert_int_equal(taf1_eval(p, &dev, &res, &diag), SMGW_E_TARIFF_STAGES);
	assert_non_null(strstr(diag.message, "the profile has 2"));
	smgw_tariff_profile_free(p);

	/* with one day profile the same list evaluates: 1100 */
	p = taf1_profile(1, nums2, ob1, 1);
	assert_int_equal(taf1_eval(p, &dev, &res, NULL), 0);
	assert_true(amount(res, 1) == 1100);
	smgw_tariff_result_free(res);
	smgw_tariff_profile_free(p);
	free(dev.p);
}

/*
 * Batch: of two readings for one boundary the first in the document counts,
 * also when a later one has an earlier capture time. The export has the
 * readings of 2026-01-14 (value = quarter hours since 00:00) and after the
 * 06:00:00 reading (value 24) a second one captured at 05:59:55 (within 9 s,
 * so also for 06:00) with value 1000. The first counts: HT 64, NT 32. Had
 * the later one been taken, NT would get 1000 - 23 and HT 88 - 1000.
 */
static void test_batch_duplicate_document_order(void **state)
{
	char times[98][SMGW_ISO8601_LEN];
	const char *tp[98];
	long long values[98];
	struct sbuf dev = { 0 };
	smgw_tariff_export *x = NULL;
	smgw_tariff_result *res = NULL;
	smgw_tariff_profile *p;
	int t[1][96], k, n = 0;
	int64_t t0 = at_iso("2026-01-14T00:00:00+01:00");

	(void)state;
	set_stages(2, nums2, 1);
	ht_nt(t[0]);
	p = profile(2, 2026, 1, 14, 1, 2, nums2, 1, (const int(*)[96])t, NULL, NULL);
	for (k = 0; k <= 96; k++) {
		assert_true(smgw_time_format_iso8601(t0 + k * QH, 0, SMGW_ISO_BERLIN, times[n], sizeof(times[n])) > 0);
		values[n++] = k;
		if (k == 24) {
			assert_true(smgw_time_format_iso8601(t0 + k * QH - 5000, 0, SMGW_ISO_BERLIN, times[n],
							     sizeof(times[n])) > 0);
			values[n++] = 1000;
		}
	}
	for (k = 0; k < n; k++)
		tp[k] = times[k];
	sb_printf(&dev, AR_HEAD);
	sb_list(&dev, "M1", "0100010800ff", n, tp, values, NULL);
	sb_printf(&dev, "</UsagePoint></UsagePoints>\n");
	assert_int_equal(smgw_tariff_export_load(ctx, schema, (const uint8_t *)dev.p, dev.len, &x, NULL), 0);
	assert_int_equal(smgw_tariff_evaluate(ctx, p, x, NULL, &res, NULL), 0);
	EXPECT3(res, 64, 32, 0);
	smgw_tariff_result_free(res);
	smgw_tariff_export_free(x);
	smgw_tariff_profile_free(p);
	free(dev.p);
}

/*
 * Holiday rules through the calendar expansion: weekdays day profile 1
 * (HT 06:00-22:00), Saturday and Sunday day profile 2 (NT all day), from a
 * season and week profile; a public holiday of the state gets the Sunday
 * profile. Days with full readings: a working day HT 64 / NT 32, a holiday
 * NT 96.
 */
static smgw_tariff_profile *week_rule(int y, int m, int d, int days)
{
	struct sbuf b = { 0 };
	smgw_tariff_profile *p = NULL;
	char start[SMGW_ISO8601_LEN];
	int t[2][96], k;
	int64_t t0, t1;

	set_stages(2, nums2, 1);
	ht_nt(t[0]);
	for (k = 0; k < 96; k++)
		t[1][k] = 2;
	assert_int_equal(smgw_time_berlin_day_start(y, m, d, &t0), 0);
	assert_true(smgw_time_format_iso8601(t0, 0, SMGW_ISO_BERLIN, start, sizeof(start)) > 0);
	for (k = 0; k < days; k++)
		next_day(&y, &m, &d);
	assert_int_equal(smgw_time_berlin_day_start(y, m, d, &t1), 0); /* whole local days (25 h in October) */
	sb_profile_head(&b, 2, start, (long long)((t1 - t0) / 1000), 2, nums2, stage_obis_p);
	sb_day_profile(&b, 1, t[0]);
	sb_day_profile(&b, 2, t[1]);
	sb_printf(&b, "<SeasonProfile><seasonProfileName>s</seasonProfileName><seasonStart>2025-01-01T00:00:00+01:00</seasonStart>"
		      "<weekProfileName>w</weekProfileName><WeekProfile><weekProfileName>w</weekProfileName>"
		      "<monday>1</monday><tuesday>1</tuesday><wednesday>1</wednesday><thursday>1</thursday>"
		      "<friday>1</friday><saturday>2</saturday><sunday>2</sunday></WeekProfile></SeasonProfile>\n"
		      "<WeekProfile><weekProfileName>w</weekProfileName>"
		      "<monday>1</monday><tuesday>1</tuesday><wednesday>1</wednesday><thursday>1</thursday>"
		      "<friday>1</friday><saturday>2</saturday><sunday>2</sunday></WeekProfile>\n");
	sb_profile_tail(&b);
	assert_int_equal(smgw_tariff_profile_load(ctx, schema, (const uint8_t *)b.p, b.len, &p, NULL), 0);
	free(b.p);
	return p;
}

static void holiday_case(int y, int m, int d, int days, int32_t state, int64_t ht, int64_t nt)
{
	struct rd r[MAX_RD];
	smgw_tariff_result *res = NULL;
	smgw_tariff_profile *p = week_rule(y, m, d, days);
	int64_t b, e;
	size_t n;

	assert_true(smgw_tariff_profile_expand_calendar(p, state, 0, 0, NULL) == days);
	assert_int_equal(smgw_tariff_profile_billing_period(p, &b, &e), 0);
	n = series(r, b, e);
	assert_int_equal(run(p, SMGW_TARIFF_FLAGS_DEFAULT, r, n, &res), 0);
	if (amount(res, 1) != ht || amount(res, 2) != nt || amount(res, 63) != 0)
		fail_msg("%04d-%02d-%02d state %d: HT %lld NT %lld, expected %lld %lld", y, m, d, (int)state,
			 (long long)amount(res, 1), (long long)amount(res, 2), (long long)ht, (long long)nt);
	smgw_tariff_result_free(res);
	smgw_tariff_profile_free(p);
}

static void test_holiday_rules(void **state)
{
	(void)state;
	/* Mon 5 .. Wed 7 January 2026; the 6th (Epiphany) is a holiday in BY, not in NI */
	holiday_case(2026, 1, 5, 3, SMGW_STATE_BY, 128, 160);
	holiday_case(2026, 1, 5, 3, SMGW_STATE_NI, 192, 96);
	holiday_case(2026, 1, 5, 3, -1, 192, 96);
	/* Buss- und Bettag, the Wednesday before 23 November: 18 November 2026, Sachsen only */
	holiday_case(2026, 11, 18, 1, SMGW_STATE_SN, 0, 96);
	holiday_case(2026, 11, 18, 1, SMGW_STATE_BY, 64, 32);
	/* Fronleichnam, Easter (5 April 2026) + 60 days = Thursday 4 June 2026: NW yes, BE no */
	holiday_case(2026, 6, 4, 1, SMGW_STATE_NW, 0, 96);
	holiday_case(2026, 6, 4, 1, SMGW_STATE_BE, 64, 32);
	/* Reformationstag 31 October 2025 (a Friday): NI since 2018, not NW; national: no */
	holiday_case(2025, 10, 31, 1, SMGW_STATE_NI, 0, 96);
	holiday_case(2025, 10, 31, 1, SMGW_STATE_NW, 64, 32);
	holiday_case(2025, 10, 31, 1, SMGW_STATE_NONE, 64, 32);
	/* Tag der Deutschen Einheit, Friday 3 October 2025: everywhere */
	holiday_case(2025, 10, 3, 1, SMGW_STATE_NONE, 0, 96);
	/* the October DST Sunday is a Sunday: NT all 100 quarter hours */
	holiday_case(2026, 10, 25, 1, SMGW_STATE_NONE, 0, 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_october_repeated_hour),
		cmocka_unit_test(test_march_missing_hour),
		cmocka_unit_test(test_gaps_midnight_and_switch),
		cmocka_unit_test(test_status_classes),
		cmocka_unit_test(test_duplicates_order_single),
		cmocka_unit_test(test_twenty_stages_every_quarter_hour),
		cmocka_unit_test(test_special_days),
		cmocka_unit_test(test_taf1_lists),
		cmocka_unit_test(test_batch_duplicate_document_order),
		cmocka_unit_test(test_holiday_rules),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
