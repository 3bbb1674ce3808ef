/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The TAF-2 / TAF-1 engine: legal-time days (92 and 100 quarter hours),
 * the streaming interface against the batch one, and property tests over
 * random readings, gaps and status words across both DST changes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

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

static int64_t at_iso(const char *iso)
{
	int64_t t;

	assert_int_equal(smgw_time_parse_iso8601(iso, strlen(iso), &t, NULL), 0);
	return t;
}

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64*: deterministic across platforms */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64_C(2685821657736338717);
}

static const char *const obis_import[] = { "0100010801ff", "0100010802ff", "0100010803ff", "0100010804ff" };
static const int numbers[] = { 1, 2, 3, 4 };

/* Profile over [y-m-d, +days) with day profile 1 = tariff[] on every day. */
static smgw_tariff_profile *make_profile(int y, int m, int d, int days, const int tariff[96], int nstages)
{
	struct sbuf b = { 0 };
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_tariff_profile *p = NULL;
	char start[SMGW_ISO8601_LEN];
	int64_t t0, t1;
	int i;

	assert_int_equal(smgw_time_berlin_day_start(y, m, d, &t0), 0);
	t1 = t0;
	for (i = 0; i < days; i++) {
		struct smgw_tm tm;

		assert_int_equal(smgw_time_to_berlin(t1 + INT64_C(43200000), &tm), 0);
		sb_special_day(&b, tm.year, tm.month, tm.day, 1);
		assert_int_equal(smgw_time_berlin_day_start(tm.year, tm.month, tm.day, &t1), 0);
		t1 += INT64_C(100000000); /* into the next day */
		assert_int_equal(smgw_time_to_berlin(t1, &tm), 0);
		assert_int_equal(smgw_time_berlin_day_start(tm.year, tm.month, tm.day, &t1), 0);
	}
	{
		struct sbuf h = { 0 };

		assert_true(smgw_time_format_iso8601(t0, 0, SMGW_ISO_BERLIN, start, sizeof(start)) > 0);
		sb_profile_head(&h, 2, start, (long long)((t1 - t0) / 1000), nstages, numbers, obis_import);
		sb_day_profile(&h, 1, tariff);
		sb_printf(&h, "%s", b.p);
		sb_profile_tail(&h);
		free(b.p);
		b = h;
	}
	assert_int_equal(smgw_tariff_profile_load(ctx, schema, (const uint8_t *)b.p, b.len, &p, &diag), 0);
	free(b.p);
	return p;
}

static void reading(struct smgw_value *v, int64_t t, int64_t value, int ptb)
{
	smgw_value_init(v);
	assert_int_equal(smgw_obis_parse("1-0:1.8.0*255", 13, &v->obis), 0);
	v->value = value;
	v->capture_ms = t;
	v->flags = SMGW_VALUE_HAS_CAPTURE_TIME | SMGW_VALUE_HAS_PTB;
	v->ptb_status = ptb;
}

static int64_t reg_amount(const smgw_tariff_result *r, unsigned tariff)
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

/* One local day, one unit per quarter hour; the stage of 02:00-03:00 local time is 2. */
static void dst_day(int y, int m, int d, int expect_slots, int64_t expect_stage2)
{
	int tariff[96], k;
	smgw_tariff_profile *p;
	smgw_tariff_engine *e = NULL;
	smgw_tariff_result *r = NULL;
	struct smgw_obis o;
	uint32_t ch;
	int64_t t0, t1, t;
	int n = 0;

	for (k = 0; k < 96; k++)
		tariff[k] = (k >= 8 && k < 12) ? 2 : 1;
	p = make_profile(y, m, d, 1, tariff, 2);
	assert_int_equal(smgw_time_berlin_day_periods(y, m, d, 900), expect_slots);
	assert_int_equal(smgw_tariff_engine_new(ctx, p, NULL, NULL, &e, NULL), 0);
	assert_int_equal(smgw_obis_parse("1-0:1.8.0", 9, &o), 0);
	assert_int_equal(smgw_tariff_engine_add_channel(e, &o, 900, &ch), 0);
	assert_int_equal(smgw_tariff_profile_billing_period(p, &t0, &t1), 0);
	for (t = t0; t <= t1; t += 900000, n++) {
		struct smgw_value v;

		reading(&v, t, n, 0);
		assert_int_equal(smgw_tariff_engine_push(e, ch, &v, NULL), 1);
	}
	assert_int_equal(n - 1, expect_slots);
	assert_int_equal(smgw_tariff_engine_finish(e, &r, NULL), 0);
	assert_true(reg_amount(r, 2) == expect_stage2);
	assert_true(reg_amount(r, 1) == expect_slots - expect_stage2);
	assert_true(reg_amount(r, 63) == 0);
	smgw_tariff_result_free(r);
	smgw_tariff_engine_free(e);
	smgw_tariff_profile_free(p);
}

static void test_dst_days(void **state)
{
	(void)state;
	dst_day(2017, 11, 4, 96, 4);   /* ordinary day: 02:00..03:00 is one hour */
	dst_day(2017, 3, 26, 92, 0);   /* 02:00..03:00 does not exist */
	dst_day(2017, 10, 29, 100, 8); /* 02:00..03:00 twice: both hours, kept apart, go to stage 2 */
	dst_day(2026, 10, 25, 100, 8);
	dst_day(2026, 3, 29, 92, 0);
}

struct cb_sum {
	int64_t sum[8];
	int periods;
	int64_t last_to;
};

static void on_reg(void *ud, const struct smgw_tariff_register *reg, int64_t delta, int64_t from, int64_t to)
{
	struct cb_sum *s = ud;

	assert_true(from < to);
	s->sum[reg->tariff_id == 63 ? 7 : reg->tariff_id] += delta;
	s->last_to = to;
}

static void on_period(void *ud, const smgw_tariff_result *r)
{
	struct cb_sum *s = ud;

	assert_non_null(r);
	s->periods++;
}

/*
 * Random time-of-use program, readings with random gaps, duplicates,
 * unaligned capture times and status words over a span that contains a
 * DST change. Invariant: the stage registers plus the error register equal
 * the change of the total register; the callbacks add up to the registers.
 */
/* Reference: stage of the quarter hour starting at t, from the local wall clock (core). */
static int ref_stage(const int tariff[96], int64_t t, uint32_t flags)
{
	struct smgw_tm tm;
	int q;

	assert_int_equal(smgw_time_to_berlin(t, &tm), 0);
	q = (tm.hour * 60 + tm.minute) / 15;
	if ((flags & SMGW_TARIFF_TRUDI_LAST_SLOT) && q == 95)
		q = 94;
	return tariff[q];
}

static int64_t ref_day(int64_t t)
{
	struct smgw_tm tm;

	assert_int_equal(smgw_time_to_berlin(t, &tm), 0);
	return smgw_time_days_from_civil(tm.year, tm.month, tm.day) * 100 + (tm.hour == 0 && tm.minute == 0 ? 1 : 0);
}

static void ref_span(const int tariff[96], int64_t a, int64_t b, int64_t amount, uint32_t flags, int64_t want[8])
{
	int st = ref_stage(tariff, a, flags);
	int64_t s;
	bool mixed = false;

	for (s = a + 900000; s < b; s += 900000)
		if (ref_stage(tariff, s, flags) != st)
			mixed = true;
	if ((flags & SMGW_TARIFF_TRUDI_MIDNIGHT_GAP) && ref_day(a) / 100 != ref_day(b) / 100 && ref_day(b) % 100 == 0 &&
	    b - a > 900000 && ref_stage(tariff, b, flags) != st)
		mixed = true;
	want[mixed ? 7 : st] += amount;
}

static void property_run(uint64_t seed, int y, int m, int d, int days, uint32_t flags)
{
	struct smgw_tariff_options opt = SMGW_TARIFF_OPTIONS_INIT;
	struct smgw_tariff_callbacks cb = { sizeof(cb), NULL, on_reg, on_period };
	struct cb_sum sums = { { 0 }, 0, 0 };
	int tariff[96], k, cur;
	smgw_tariff_profile *p;
	smgw_tariff_engine *e = NULL;
	smgw_tariff_result *r = NULL;
	struct smgw_tariff_register tot;
	struct smgw_obis o;
	uint32_t ch;
	int64_t t0, t1, t, value = 1000000, stages = 0, un = 0;
	int64_t first_v = -1, last_v = -1, last_t = 0;
	int64_t want[8] = { 0 };
	int i, n;

	cb.userdata = &sums;
	opt.flags = flags;
	cur = 1;
	for (k = 0; k < 96; k++) {
		if (rng_next(&seed) % 6 == 0)
			cur = (int)(rng_next(&seed) % 4) + 1;
		tariff[k] = cur;
	}
	p = make_profile(y, m, d, days, tariff, 4);
	assert_int_equal(smgw_tariff_engine_new(ctx, p, &opt, &cb, &e, NULL), 0);
	assert_int_equal(smgw_obis_parse("1-0:1.8.0", 9, &o), 0);
	assert_int_equal(smgw_tariff_engine_add_channel(e, &o, 900, &ch), 0);
	assert_int_equal(smgw_tariff_profile_billing_period(p, &t0, &t1), 0);
	for (t = t0; t <= t1; t += 900000) {
		struct smgw_value v;
		uint64_t x = rng_next(&seed);
		int ptb = 0, rc;
		int64_t jitter = 0;

		value += (int64_t)(rng_next(&seed) % 50);
		if (x % 10 == 0)
			continue;                       /* gap */
		if (x % 13 == 0)
			ptb = (int)(rng_next(&seed) % 5); /* any PTB status */
		if (x % 7 == 0)
			jitter = (int64_t)(rng_next(&seed) % 19000) - 9000; /* within or beyond the 9 s window */
		reading(&v, t + jitter, value, ptb);
		if (x % 17 == 0) {
			/* an FNN word instead: fatal error or time invalid, or just the patterns */
			v.flags = SMGW_VALUE_HAS_CAPTURE_TIME | SMGW_VALUE_HAS_STATUS;
			v.status = smgw_fnn_make(SMGW_FNN_GW_IDENT | ((x >> 8) & 1 ? SMGW_FNN_GW_TIME_INVALID : 0),
						 SMGW_FNN_BZ_IDENT | ((x >> 9) & 1 ? SMGW_FNN_BZ_FATAL_ERROR : 0));
			ptb = smgw_fnn_to_ptb(v.status);
		}
		rc = smgw_tariff_engine_push(e, ch, &v, NULL);
		assert_true(rc == 0 || rc == 1);
		if (rc == 1) {
			assert_true(ptb < 3);
			if (first_v >= 0)
				ref_span(tariff, last_t, t, value - last_v, flags, want);
			if (first_v < 0)
				first_v = value;
			last_v = value;
			last_t = t;
		}
		if (x % 23 == 0)
			assert_int_equal(smgw_tariff_engine_push(e, ch, &v, NULL), 0); /* duplicate: ignored */
	}
	assert_int_equal(smgw_tariff_engine_finish(e, &r, NULL), 0);
	assert_int_equal(sums.periods, 1);
	n = smgw_tariff_result_count(r);
	assert_int_equal(n, 5);
	for (i = 0; i < n; i++) {
		struct smgw_tariff_register reg;

		assert_int_equal(smgw_tariff_result_register(r, (size_t)i, &reg), 0);
		stages += reg.amount;
		assert_true(reg.amount == sums.sum[reg.tariff_id == 63 ? 7 : reg.tariff_id]);
		if (reg.amount != want[reg.tariff_id == 63 ? 7 : reg.tariff_id])
			fail_msg("seed %llu flags %u: register %u = %lld, reference %lld", (unsigned long long)seed,
				 (unsigned)flags, reg.tariff_id, (long long)reg.amount,
				 (long long)want[reg.tariff_id == 63 ? 7 : reg.tariff_id]);
		assert_true(reg.amount >= 0);
	}
	assert_int_equal(smgw_tariff_result_total_count(r), 1);
	assert_int_equal(smgw_tariff_result_total(r, 0, &tot), 0);
	assert_int_equal(smgw_tariff_result_unassigned(r, 0, &un), 0);
	assert_true(un == 0); /* the calendar covers every day */
	assert_true(tot.obis.e == 0 && tot.obis.c == 1);
	assert_true(tot.amount == last_v - first_v);
	if (stages != tot.amount)
		fail_msg("seed %llu: stages+error %lld != total %lld", (unsigned long long)seed, (long long)stages,
			 (long long)tot.amount);
	smgw_tariff_result_free(r);
	smgw_tariff_engine_free(e);
	smgw_tariff_profile_free(p);
}

static void test_property_dst(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 1; seed <= 12; seed++) {
		property_run(seed * UINT64_C(0x9E3779B97F4A7C15), 2017, 3, 24, 5, SMGW_TARIFF_FLAGS_DEFAULT);
		property_run(seed * UINT64_C(0xD1B54A32D192ED03), 2017, 10, 27, 5, SMGW_TARIFF_FLAGS_DEFAULT);
		property_run(seed * UINT64_C(0x94D049BB133111EB), 2025, 10, 24, 4, 0);
		property_run(seed * UINT64_C(0xBF58476D1CE4E5B9), 2026, 3, 27, 4, 0);
	}
}

/* Streaming in, batch over the same export out: identical registers. */
static void test_stream_equals_batch(void **state)
{
	static const char *const pairs[][2] = {
		{ "taf2_result_3_days_gap_day_change_9.xml", "taf2_supplier_3_day.xml" },
		{ "taf2_many_gaps_result_2017-10-26.xml", "taf2_many_gaps_supplier_2017-10-26.xml" },
		{ "taf2_result_single_day_dst_oct.xml", "taf2_supplier_single_day_dst_oct.xml" },
	};
	size_t c;

	(void)state;
	for (c = 0; c < sizeof(pairs) / sizeof(pairs[0]); c++) {
		char path[512];
		uint8_t *buf;
		size_t len = 0, nv, k;
		smgw_tariff_profile *p = NULL;
		smgw_tariff_export *x = NULL;
		smgw_tariff_result *rb = NULL, *rs = NULL;
		smgw_tariff_engine *e = NULL;
		int i, nl;

		snprintf(path, sizeof(path), "%s/%s", TRUDI_DIR, pairs[c][1]);
		buf = read_all(path, &len);
		assert_int_equal(smgw_tariff_profile_load(ctx, NULL, buf, len, &p, NULL), 0);
		free(buf);
		snprintf(path, sizeof(path), "%s/%s", TRUDI_DIR, pairs[c][0]);
		buf = read_all(path, &len);
		assert_int_equal(smgw_tariff_export_load(ctx, NULL, buf, len, &x, NULL), 0);
		free(buf);
		assert_int_equal(smgw_tariff_evaluate(ctx, p, x, NULL, &rb, NULL), 0);
		assert_int_equal(smgw_tariff_engine_new(ctx, p, NULL, NULL, &e, NULL), 0);
		nl = smgw_tariff_export_list_count(x);
		for (i = 0; i < nl; i++) {
			struct smgw_tariff_list_info info = { .struct_size = sizeof(info) };
			const struct smgw_value *v;
			uint32_t ch;

			assert_int_equal(smgw_tariff_export_list(x, (size_t)i, &info), 0);
			if (!info.original)
				continue;
			assert_int_equal(smgw_tariff_engine_add_channel(e, &info.obis, 900, &ch), 0);
			v = smgw_tariff_export_readings(x, (size_t)i, &nv);
			for (k = 0; k < nv; k++)
				assert_true(smgw_tariff_engine_push(e, ch, &v[k], NULL) >= 0);
		}
		assert_int_equal(smgw_tariff_engine_finish(e, &rs, NULL), 0);
		assert_int_equal(smgw_tariff_engine_finish(e, &rs, NULL), SMGW_E_STATE);
		assert_int_equal(smgw_tariff_result_count(rb), smgw_tariff_result_count(rs));
		for (i = 0; i < smgw_tariff_result_count(rb); i++) {
			struct smgw_tariff_register a, b;

			assert_int_equal(smgw_tariff_result_register(rb, (size_t)i, &a), 0);
			assert_int_equal(smgw_tariff_result_register(rs, (size_t)i, &b), 0);
			assert_true(a.amount == b.amount && a.tariff_id == b.tariff_id);
		}
		assert_true(smgw_tariff_engine_memory(e) > 0);
		smgw_tariff_result_free(rb);
		smgw_tariff_result_free(rs);
		smgw_tariff_engine_free(e);
		smgw_tariff_export_free(x);
		smgw_tariff_profile_free(p);
	}
}

static void test_order_and_state(void **state)
{
	int tariff[96] = { 0 };
	smgw_tariff_profile *p;
	smgw_tariff_engine *e = NULL;
	struct smgw_diag d = SMGW_DIAG_INIT;
	struct smgw_value v;
	struct smgw_obis o;
	uint32_t ch;
	int64_t t0, t1;
	int k;

	(void)state;
	for (k = 0; k < 96; k++)
		tariff[k] = 1;
	p = make_profile(2020, 1, 6, 2, tariff, 1);
	assert_int_equal(smgw_tariff_engine_new(ctx, p, NULL, NULL, &e, NULL), 0);
	assert_int_equal(smgw_obis_parse("1-0:1.8.0", 9, &o), 0);
	assert_int_equal(smgw_tariff_engine_add_channel(e, &o, 30, &ch), SMGW_E_RANGE);
	assert_int_equal(smgw_tariff_engine_add_channel(e, &o, 900, &ch), 0);
	assert_int_equal(smgw_tariff_profile_billing_period(p, &t0, &t1), 0);
	reading(&v, t0 + 1800000, 10, 0);
	assert_int_equal(smgw_tariff_engine_push(e, ch, &v, NULL), 1);
	reading(&v, t0 + 900000, 5, 0);
	assert_int_equal(smgw_tariff_engine_push(e, ch, &v, &d), SMGW_E_TARIFF_ORDER);
	assert_non_null(strstr(d.message, "after"));
	reading(&v, t0 + 2700000 + 12000, 11, 0); /* 12 s late: outside the 1 % window, not used */
	assert_int_equal(smgw_tariff_engine_push(e, ch, &v, NULL), 0);
	reading(&v, t1 + 900000, 11, 0); /* after the billing period */
	assert_int_equal(smgw_tariff_engine_push(e, ch, &v, NULL), 0);
	assert_int_equal(smgw_tariff_engine_push(e, 7, &v, NULL), SMGW_E_INVAL);
	/* a TAF-2 engine takes no external events */
	assert_int_equal(smgw_tariff_engine_add_event(e, t0, t1, 1), SMGW_E_TARIFF_TAF);
	smgw_tariff_engine_free(e);
	/* register differences beyond int64 are refused, not wrapped */
	e = NULL;
	assert_int_equal(smgw_tariff_engine_new(ctx, p, NULL, NULL, &e, NULL), 0);
	assert_int_equal(smgw_tariff_engine_add_channel(e, &o, 900, &ch), 0);
	reading(&v, t0, INT64_MIN + 1, 0);
	assert_int_equal(smgw_tariff_engine_push(e, ch, &v, NULL), 1);
	reading(&v, t0 + 900000, 1, 0);
	assert_int_equal(smgw_tariff_engine_push(e, ch, &v, NULL), SMGW_E_OVERFLOW);
	reading(&v, t0 + 1800000, INT64_MAX, 0);
	assert_int_equal(smgw_tariff_engine_push(e, ch, &v, NULL), SMGW_E_OVERFLOW);
	smgw_tariff_engine_free(e);
	smgw_tariff_profile_free(p);
}

/* Monthly profile from a season/week rule: weekdays HT 07:00-20:00, weekends NT. */
static smgw_tariff_profile *monthly(int taf, const char *start, long long duration)
{
	static const char *const ob[] = { "0100010801ff", "0100010802ff" };
	struct sbuf b = { 0 };
	smgw_tariff_profile *p = NULL;
	int t[96], k, nst = taf == 1 ? 1 : 2;

	for (k = 0; k < 96; k++)
		t[k] = (taf == 2 && k >= 28 && k < 80) ? 1 : (taf == 1 ? 1 : 2);
	sb_profile_head(&b, taf, start, duration, nst, numbers, ob);
	sb_day_profile(&b, 1, t);
	for (k = 0; k < 96; k++)
		t[k] = taf == 1 ? 1 : 2;
	sb_day_profile(&b, 2, t);
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

struct periods {
	int n;
	int64_t begin[8], end[8], reg[8][4];
};

static void collect_period(void *ud, const smgw_tariff_result *r)
{
	struct periods *ps = ud;
	int i;

	assert_true(ps->n < 8);
	assert_int_equal(smgw_tariff_result_range(r, &ps->begin[ps->n], &ps->end[ps->n]), 0);
	for (i = 0; i < smgw_tariff_result_count(r) && i < 4; i++) {
		struct smgw_tariff_register reg;

		assert_int_equal(smgw_tariff_result_register(r, (size_t)i, &reg), 0);
		ps->reg[ps->n][i] = reg.amount;
	}
	ps->n++;
}

/* Streams readings [t0, t1] with a gap pattern into an engine; returns the last result. */
static smgw_tariff_result *stream(smgw_tariff_profile *p, uint32_t flags, struct periods *ps, int64_t t0, int64_t t1)
{
	struct smgw_tariff_options opt = SMGW_TARIFF_OPTIONS_INIT;
	struct smgw_tariff_callbacks cb = { sizeof(cb), ps, NULL, collect_period };
	smgw_tariff_engine *e = NULL;
	smgw_tariff_result *r = NULL;
	struct smgw_obis o;
	uint32_t ch;
	int64_t t;
	uint64_t seed = 77;

	opt.flags = flags;
	assert_int_equal(smgw_tariff_engine_new(ctx, p, &opt, &cb, &e, NULL), 0);
	assert_int_equal(smgw_obis_parse("1-0:1.8.0", 9, &o), 0);
	assert_int_equal(smgw_tariff_engine_add_channel(e, &o, 900, &ch), 0);
	for (t = t0; t <= t1; t += 900000) {
		struct smgw_value v;
		uint64_t x = rng_next(&seed);

		struct smgw_tm tm;

		assert_int_equal(smgw_time_to_berlin(t, &tm), 0);
		/* gaps, but never at the start of a month (the period boundaries) or at the end */
		if (x % 11 == 0 && t != t0 && t != t1 && !(tm.day == 1 && tm.hour == 0 && tm.minute == 0))
			continue;
		/* the value is a function of time only, so every engine sees the same meter */
		reading(&v, t, (t - t0) / 900000 * 3 + (int64_t)((t / 900000) % 5), 0);
		assert_true(smgw_tariff_engine_push(e, ch, &v, NULL) >= 0);
	}
	assert_int_equal(smgw_tariff_engine_finish(e, &r, NULL), 0);
	smgw_tariff_engine_free(e);
	return r;
}

static void test_rollover(void **state)
{
	/* three monthly TAF-2 periods in one stream (including the March DST change) */
	smgw_tariff_profile *all = monthly(2, "2026-01-01T00:00:00+01:00", 31LL * 86400);
	struct periods ps = { 0 }, one;
	int64_t t0, t1, b, e;
	static const char *const starts[] = { "2026-01-01T00:00:00+01:00", "2026-02-01T00:00:00+01:00",
					      "2026-03-01T00:00:00+01:00" };
	static const long long durs[] = { 31LL * 86400, 28LL * 86400, 31LL * 86400 - 3600 };
	smgw_tariff_result *r;
	int i, k;

	(void)state;
	t0 = at_iso("2026-01-01T00:00:00+01:00");
	t1 = at_iso("2026-04-01T00:00:00+02:00");
	r = stream(all, SMGW_TARIFF_FLAGS_DEFAULT | SMGW_TARIFF_ROLLOVER, &ps, t0, t1);
	assert_int_equal(ps.n, 3); /* two closed by rollover, the third by finish */
	{
		int64_t sum = 0, vfirst = (t0 / 900000) % 5, vlast = (t1 - t0) / 900000 * 3 + (t1 / 900000) % 5;

		for (i = 0; i < 3; i++)
			for (k = 0; k < 3; k++)
				sum += ps.reg[i][k];
		assert_true(sum == vlast - vfirst); /* no energy lost between periods */
	}
	/* each period equals an engine that sees only that month */
	for (i = 0; i < 3; i++) {
		smgw_tariff_profile *p = monthly(2, starts[i], durs[i]);
		smgw_tariff_result *r1;

		memset(&one, 0, sizeof(one));
		assert_int_equal(smgw_tariff_profile_billing_period(p, &b, &e), 0);
		r1 = stream(p, SMGW_TARIFF_FLAGS_DEFAULT, &one, t0, t1);
		assert_int_equal(one.n, 1);
		for (k = 0; k < 3; k++)
			if (ps.reg[i][k] != one.reg[0][k])
				fail_msg("period %d register %d: rollover %lld, alone %lld", i, k, (long long)ps.reg[i][k],
					 (long long)one.reg[0][k]);
		assert_true(ps.end[i] == one.end[0]);
		smgw_tariff_result_free(r1);
		smgw_tariff_profile_free(p);
	}
	smgw_tariff_result_free(r);
	smgw_tariff_profile_free(all);

	/* TAF-1: monthly values */
	all = monthly(1, "2026-01-01T00:00:00+01:00", 31LL * 86400);
	memset(&ps, 0, sizeof(ps));
	r = stream(all, SMGW_TARIFF_ROLLOVER, &ps, t0, t1);
	assert_int_equal(ps.n, 3);
	assert_true(ps.begin[1] == at_iso("2026-02-01T00:00:00+01:00") && ps.end[1] == at_iso("2026-03-01T00:00:00+01:00"));
	assert_true(ps.end[2] == at_iso("2026-04-01T00:00:00+02:00"));
	for (i = 0; i < 3; i++) {
		int64_t q = (ps.end[i] - ps.begin[i]) / 900000 * 3;
		int64_t w = (ps.end[i] / 900000) % 5 - (ps.begin[i] / 900000) % 5;

		assert_true(ps.reg[i][0] == q + w);
	}
	smgw_tariff_result_free(r);
	smgw_tariff_profile_free(all);
}

/* TAF-5: price events from the profile and at run time over a day without a time program. */
static void test_taf5_events_engine(void **state)
{
	static const char doc[] = AR_HEAD
		"<AnalysisProfile><tariffUseCase>5</tariffUseCase><tariffId>dyn</tariffId>\n"
		"<billingPeriod><duration>86400</duration><start>2026-06-01T00:00:00+02:00</start></billingPeriod>\n"
		"<TariffStage><tariffNumber>1</tariffNumber><obisCode>0100010801ff</obisCode></TariffStage>\n"
		"<TariffStage><tariffNumber>2</tariffNumber><obisCode>0100010802ff</obisCode></TariffStage>\n"
		"<defaultTariffNumber>1</defaultTariffNumber>\n"
		"<TariffChangeTrigger><ExternalEventTrigger><ExternalEvent><eventId>7</eventId>"
		"<eventPeriod><duration>3600</duration><start>2026-06-01T12:00:00+02:00</start></eventPeriod>"
		"<tariffNumber>2</tariffNumber></ExternalEvent></ExternalEventTrigger></TariffChangeTrigger>\n"
		"</AnalysisProfile></UsagePoint></UsagePoints>\n";
	smgw_tariff_profile *p = NULL, *q = NULL;
	smgw_tariff_engine *e = NULL;
	smgw_tariff_result *r = NULL;
	struct smgw_obis o;
	uint32_t ch;
	int64_t t0, t1, t;
	char *w;
	size_t len = 0;
	int i = 0;

	(void)state;
	assert_int_equal(smgw_tariff_profile_load(ctx, schema, (const uint8_t *)doc, sizeof(doc) - 1, &p, NULL), 0);
	assert_int_equal(smgw_tariff_profile_check(p, NULL, NULL), 0);
	/* the writer keeps the event; the output is valid against the XSD */
	assert_int_equal(smgw_tariff_profile_write(p, NULL, 0, &len), SMGW_E_BUFSIZE);
	w = malloc(len + 1);
	assert_non_null(w);
	assert_int_equal(smgw_tariff_profile_write(p, w, len + 1, &len), 0);
	assert_non_null(strstr(w, "<eventId>7</eventId>"));
	assert_int_equal(smgw_tariff_profile_load(ctx, schema, (const uint8_t *)w, len, &q, NULL), 0);
	free(w);
	assert_int_equal(smgw_tariff_engine_new(ctx, q, NULL, NULL, &e, NULL), 0);
	assert_int_equal(smgw_obis_parse("1-0:1.8.0", 9, &o), 0);
	assert_int_equal(smgw_tariff_engine_add_channel(e, &o, 900, &ch), 0);
	assert_int_equal(smgw_tariff_profile_billing_period(q, &t0, &t1), 0);
	assert_int_equal(smgw_tariff_engine_add_event(e, at_iso("2026-06-01T18:00:00+02:00"),
						      at_iso("2026-06-01T18:30:00+02:00"), 2), 0);
	assert_int_equal(smgw_tariff_engine_add_event(e, at_iso("2026-06-01T20:10:00+02:00"),
						      at_iso("2026-06-01T20:40:00+02:00"), 2), 0);
	assert_int_equal(smgw_tariff_engine_add_event(e, t0, t1, 9), SMGW_E_RANGE);
	for (t = t0; t <= t1; t += 900000, i++) {
		struct smgw_value v;

		reading(&v, t, 10 * i, 0);
		assert_int_equal(smgw_tariff_engine_push(e, ch, &v, NULL), 1);
	}
	assert_int_equal(smgw_tariff_engine_finish(e, &r, NULL), 0);
	/* stage 2: 12:00-13:00 (4), 18:00-18:30 (2), 20:15-20:30 (1); error: 20:00 and 20:30 (edges inside) */
	assert_true(reg_amount(r, 2) == 70);
	assert_true(reg_amount(r, 63) == 20);
	assert_true(reg_amount(r, 1) == 960 - 90);
	smgw_tariff_result_free(r);
	smgw_tariff_engine_free(e);
	smgw_tariff_profile_free(q);
	smgw_tariff_profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dst_days),
		cmocka_unit_test(test_property_dst),
		cmocka_unit_test(test_stream_equals_batch),
		cmocka_unit_test(test_order_and_state),
		cmocka_unit_test(test_rollover),
		cmocka_unit_test(test_taf5_events_engine),
	};

	return cmocka_run_group_tests_name("tariff-engine", tests, setup, teardown);
}
