/* SPDX-License-Identifier: Apache-2.0 */
/*
 * TAF-2 streaming throughput: a profile with 20 tariff stages (plus the
 * error register) and a calendar for every day of one year, one meter's
 * 35 040 quarter-hour readings of that year (with the two DST days), pushed
 * through smgw_tariff_engine_push(). Reports readings per second for
 * several rounds and the memory one engine holds for its profile. The
 * readings are prepared before the clock starts; every round creates a
 * fresh engine (its setup cost is inside the time).
 *
 *   bench-tariff-taf2 [ROUNDS]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smgw/tariff.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct buf {
	char *p;
	size_t len, cap;
};

static void put(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (b->p == NULL)
			exit(1);
	}
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

/* Counting allocator (Lua style): live bytes through the context. */
static size_t live_bytes;

static void *count_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	(void)ud;
	if (nsize == 0) {
		if (ptr != NULL)
			live_bytes -= osize;
		free(ptr);
		return NULL;
	}
	ptr = realloc(ptr, nsize);
	if (ptr != NULL)
		live_bytes += nsize - (ptr ? osize : 0);
	return ptr;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	struct buf b = { 0 };
	char line[512];
	smgw_ctx *ctx = NULL;
	smgw_tariff_profile *p = NULL;
	struct smgw_diag d = SMGW_DIAG_INIT;
	struct smgw_value *v;
	struct smgw_obis o = { 1, 0, 1, 8, 0, 255 };
	int64_t t0, t1, t;
	size_t n = 0, i;
	int k, s, r;
	double best = 0;

	if (rounds < 1)
		rounds = 1;
	put(&b, "<UsagePoints xmlns=\"http://vde.de/AR_2418-6.xsd\"><UsagePoint><AnalysisProfile>"
		"<tariffUseCase>2</tariffUseCase><tariffId>bench</tariffId><billingPeriod>"
		"<duration>31536000</duration><start>2025-01-01T00:00:00+01:00</start></billingPeriod>");
	for (s = 1; s <= 20; s++) {
		snprintf(line, sizeof(line),
			 "<TariffStage><tariffNumber>%d</tariffNumber><obisCode>01000108%02xff</obisCode></TariffStage>", s, s);
		put(&b, line);
	}
	put(&b, "<TariffChangeTrigger><TimeTrigger>");
	for (s = 1; s <= 7; s++) { /* one day profile per weekday, all 20 stages in use */
		snprintf(line, sizeof(line), "<DayProfile><dayId>%d</dayId>", s);
		put(&b, line);
		for (k = 0; k < 96; k++) {
			snprintf(line, sizeof(line),
				 "<DayTimeProfile><startTime><hour>%d</hour><minute>%d</minute></startTime>"
				 "<tariffNumber>%d</tariffNumber></DayTimeProfile>",
				 k / 4, k % 4 * 15, (k / 5 + s) % 20 + 1);
			put(&b, line);
		}
		put(&b, "</DayProfile>");
	}
	if (smgw_time_berlin_day_start(2025, 1, 1, &t0) != 0 || smgw_time_berlin_day_start(2026, 1, 1, &t1) != 0)
		return 1;
	for (t = t0; t < t1; t += 86400000) {
		struct smgw_tm tm;

		if (smgw_time_to_berlin(t + 43200000, &tm) != 0)
			return 1;
		snprintf(line, sizeof(line),
			 "<SpecialDayProfile><specialDayDate><year>%d</year><month>%d</month><day_of_month>%d</day_of_month>"
			 "</specialDayDate><dayId>%d</dayId></SpecialDayProfile>",
			 (int)tm.year, (int)tm.month, (int)tm.day, (int)tm.wday + 1);
		put(&b, line);
	}
	put(&b, "</TimeTrigger></TariffChangeTrigger></AnalysisProfile></UsagePoint></UsagePoints>");
	{
		struct smgw_ctx_params cp;
		size_t before;

		memset(&cp, 0, sizeof(cp));
		cp.struct_size = sizeof(cp);
		cp.alloc = count_alloc;
		if (smgw_ctx_new(&cp, &ctx) != 0)
			return 1;
		before = live_bytes;
		if (smgw_tariff_profile_load(ctx, NULL, (const uint8_t *)b.p, b.len, &p, &d) != 0) {
			fprintf(stderr, "profile: %s\n", d.message);
			return 1;
		}
		printf("profile memory (loaded AnalysisProfile, %zu bytes of XML): %zu bytes\n", b.len, live_bytes - before);
	}
	v = calloc(40000, sizeof(*v));
	if (v == NULL)
		return 1;
	for (t = t0; t <= t1; t += 900000) {
		smgw_value_init(&v[n]);
		v[n].obis = o;
		v[n].value = (int64_t)n * 13 + (int64_t)(n % 7);
		v[n].capture_ms = t + (int64_t)(n % 3) * 1000; /* capture up to 2 s late: aligned */
		v[n].flags = SMGW_VALUE_HAS_CAPTURE_TIME | SMGW_VALUE_HAS_PTB;
		v[n].ptb_status = n % 1000 == 0 ? 3 : 0;
		n++;
	}
	printf("profile: 20 stages + error register, 7 day profiles, %d special days; readings: %zu\n", 365, n);
	for (r = 0; r < rounds; r++) {
		smgw_tariff_engine *e = NULL;
		smgw_tariff_result *res = NULL;
		uint32_t ch;
		double a, z, rate;
		int64_t sum = 0;

		size_t before = live_bytes;

		a = now_s();
		if (smgw_tariff_engine_new(ctx, p, NULL, NULL, &e, &d) != 0 ||
		    smgw_tariff_engine_add_channel(e, &o, 900, &ch) != 0) {
			fprintf(stderr, "engine: %s\n", d.message);
			return 1;
		}
		for (i = 0; i < n; i++)
			if (smgw_tariff_engine_push(e, ch, &v[i], NULL) < 0)
				return 1;
		if (smgw_tariff_engine_finish(e, &res, NULL) != 0)
			return 1;
		z = now_s();
		for (k = 0; k < smgw_tariff_result_count(res); k++) {
			struct smgw_tariff_register reg;

			(void)smgw_tariff_result_register(res, (size_t)k, &reg);
			sum += reg.amount;
		}
		rate = (double)n / (z - a);
		if (rate > best)
			best = rate;
		printf("round %d: %zu readings in %.3f ms = %.1f million readings/s (registers sum %" PRId64 ")\n", r + 1,
		       n, (z - a) * 1e3, rate / 1e6, sum);
		if (r == 0)
			printf("engine memory for the profile: %zu bytes (smgw_tariff_engine_memory), %zu bytes allocated with its result\n",
			       smgw_tariff_engine_memory(e), live_bytes - before);
		smgw_tariff_result_free(res);
		smgw_tariff_engine_free(e);
	}
	printf("best: %.1f million readings/s\n", best / 1e6);
	smgw_tariff_profile_free(p);
	smgw_ctx_unref(ctx);
	free(v);
	free(b.p);
	return 0;
}
