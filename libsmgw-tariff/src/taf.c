/* SPDX-License-Identifier: Apache-2.0 */
/*
 * TAF-7 series, TAF-6 daily values, the TAF-3/4/5/8 stage strategies and
 * the TAF-9/10/14 data sets. Pure functions over caller memory.
 */
#include <string.h>

#include <smgw/status.h>
#include <smgw/taf.h>

#include "tariff-private.h"

/* Quantities of a TAF-10 grid-state data set (OBIS C, D; E = 0). [K: TR-03109-1 catalogue, not verified] */
static const struct {
	uint8_t c, d;
} grid_state[] = {
	{ 32, 7 }, { 52, 7 }, { 72, 7 }, /* voltage L1, L2, L3 */
	{ 31, 7 }, { 51, 7 }, { 71, 7 }, /* current L1, L2, L3 */
	{ 14, 7 },                       /* frequency */
	{ 16, 7 },                       /* active power (signed sum) */
	{ 13, 7 },                       /* power factor */
};

#define INVALID_PTB 3 /* PTB status from which a value is not usable (critical, fatal) */

static int ptb_of(const struct smgw_value *v)
{
	int ptb = (v->flags & SMGW_VALUE_HAS_PTB) ? v->ptb_status : 0;

	if ((v->flags & SMGW_VALUE_HAS_STATUS) && !(v->flags & SMGW_VALUE_RAW_STATUS)) {
		int f = smgw_fnn_to_ptb(v->status);

		if (f > ptb)
			ptb = f;
	}
	return ptb;
}

static bool valid_value(const struct smgw_value *v)
{
	return (v->flags & SMGW_VALUE_HAS_CAPTURE_TIME) && ptb_of(v) < INVALID_PTB;
}

static bool usable(const struct smgw_tariff_point *p)
{
	return !(p->flags & (SMGW_TARIFF_POINT_GAP | SMGW_TARIFF_POINT_INVALID));
}

static int add(int64_t *r, int64_t x)
{
	if ((x > 0 && *r > INT64_MAX - x) || (x < 0 && *r < INT64_MIN - x))
		return SMGW_E_OVERFLOW;
	*r += x;
	return 0;
}

static int sub(int64_t a, int64_t b, int64_t *ret)
{
	if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
		return SMGW_E_OVERFLOW;
	*ret = a - b;
	return 0;
}

static bool sub_hour(int32_t period_s)
{
	return period_s > 0 && period_s <= 3600 && 3600 % period_s == 0;
}

SMGW_EXPORT int smgw_tariff_taf7_series(const struct smgw_value *readings, size_t n, int32_t period_s,
					int32_t align_permille, int64_t from_ms, int64_t to_ms,
					struct smgw_tariff_point *out, size_t *count, size_t *ret_unaligned)
{
	int64_t first, t, p_ms, window;
	size_t nb = 0, i, unaligned = 0;

	if (count == NULL || (readings == NULL && n > 0))
		return SMGW_E_INVAL;
	if (!sub_hour(period_s) && period_s != 86400)
		return SMGW_E_RANGE;
	if (align_permille < 0 || align_permille > 500 || from_ms < SMGW_TIME_MIN_MS || to_ms >= SMGW_TIME_END_MS ||
	    from_ms > to_ms)
		return SMGW_E_RANGE;
	p_ms = (int64_t)period_s * 1000;
	window = (int64_t)period_s * align_permille;
	if (period_s == 86400) {
		if (smgw_time_period_start(from_ms, 86400, &first) != 0)
			return SMGW_E_RANGE;
		if (first < from_ms && smgw_time_period_next(from_ms, 86400, &first) != 0)
			return SMGW_E_RANGE;
		for (t = first; t <= to_ms; nb++)
			if (smgw_time_period_next(t, 86400, &t) != 0)
				return SMGW_E_RANGE;
	} else {
		first = from_ms + ((p_ms - from_ms % p_ms) % p_ms);
		nb = first <= to_ms ? (size_t)((to_ms - first) / p_ms) + 1 : 0;
	}
	if (out == NULL || *count < nb) {
		*count = nb;
		return SMGW_E_BUFSIZE;
	}
	for (i = 0, t = first; i < nb; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].target_ms = t;
		out[i].flags = SMGW_TARIFF_POINT_GAP;
		if (period_s == 86400)
			(void)smgw_time_period_next(t, 86400, &t);
		else
			t += p_ms;
	}
	for (i = 0; i < n; i++) {
		const struct smgw_value *v = &readings[i];
		int64_t target = -1, lo, hi;
		size_t idx;
		int ptb;

		if (v->flags & SMGW_VALUE_HAS_TARGET_TIME) {
			target = v->target_ms;
		} else if (v->flags & SMGW_VALUE_HAS_CAPTURE_TIME) {
			int64_t c = v->capture_ms;

			if (c < SMGW_TIME_MIN_MS || c >= SMGW_TIME_END_MS) {
				unaligned++;
				continue;
			}
			if (period_s == 86400) {
				if (smgw_time_period_start(c, 86400, &lo) != 0 || smgw_time_period_next(c, 86400, &hi) != 0) {
					unaligned++;
					continue;
				}
			} else {
				lo = c - c % p_ms;
				hi = lo + p_ms;
			}
			if (c - lo <= window && c - lo <= hi - c)
				target = lo;
			else if (hi - c <= window)
				target = hi;
		}
		if (target < 0) {
			unaligned++;
			continue;
		}
		if (nb == 0 || target < out[0].target_ms || target > out[nb - 1].target_ms)
			continue;
		if (period_s == 86400) {
			size_t a = 0, b = nb;

			while (a < b) {
				size_t m = a + (b - a) / 2;

				if (out[m].target_ms < target)
					a = m + 1;
				else
					b = m;
			}
			if (a == nb || out[a].target_ms != target) {
				unaligned++;
				continue;
			}
			idx = a;
		} else {
			if ((target - first) % p_ms != 0) {
				unaligned++;
				continue;
			}
			idx = (size_t)((target - first) / p_ms);
		}
		if (!(out[idx].flags & SMGW_TARIFF_POINT_GAP))
			continue; /* the first reading for a boundary counts */
		ptb = ptb_of(v);
		out[idx].capture_ms = (v->flags & SMGW_VALUE_HAS_CAPTURE_TIME) ? v->capture_ms : target;
		out[idx].value = v->value;
		out[idx].status = (v->flags & SMGW_VALUE_HAS_STATUS) ? v->status : 0;
		out[idx].ptb_status = ptb;
		out[idx].flags = ptb >= INVALID_PTB ? SMGW_TARIFF_POINT_INVALID : 0;
	}
	*count = nb;
	if (ret_unaligned != NULL)
		*ret_unaligned = unaligned;
	return 0;
}

SMGW_EXPORT int smgw_tariff_taf6_daily(const struct smgw_value *readings, size_t n, int32_t year, int32_t month,
				       int32_t day, struct smgw_tariff_point out[SMGW_TARIFF_TAF6_DAYS + 1],
				       size_t *ret_unaligned)
{
	int64_t d, from, to;
	int32_t y, m, dd;
	size_t cnt = SMGW_TARIFF_TAF6_DAYS + 1;
	int rc;

	if (out == NULL)
		return SMGW_E_INVAL;
	if (month < 1 || month > 12 || day < 1 || day > smgw_time_days_in_month(year, month))
		return SMGW_E_RANGE;
	d = smgw_time_days_from_civil(year, month, day);
	smgw__civil_from_days(d - (SMGW_TARIFF_TAF6_DAYS - 1), &y, &m, &dd);
	if (smgw_time_berlin_day_start(y, m, dd, &from) != 0)
		return SMGW_E_RANGE;
	smgw__civil_from_days(d + 1, &y, &m, &dd);
	if (smgw_time_berlin_day_start(y, m, dd, &to) != 0)
		return SMGW_E_RANGE;
	rc = smgw_tariff_taf7_series(readings, n, 86400, 10, from, to, out, &cnt, ret_unaligned);
	if (rc == 0 && cnt != SMGW_TARIFF_TAF6_DAYS + 1)
		return SMGW_E_RANGE;
	return rc;
}

/* Calls fn for each pair of consecutive usable points (a < b). */
#define FOR_PAIRS(pts, n, a, b) \
	for (a = 0; a < n && !usable(&pts[a]); a++) \
		; \
	for (b = a + 1; a < n && b < n; b++) \
		if (usable(&pts[b]))

SMGW_EXPORT int smgw_tariff_taf3_load(const struct smgw_tariff_point *pts, size_t n, int32_t period_s,
				      const int64_t *thresholds, size_t nthresholds, int64_t *regs)
{
	size_t a, b, k;
	int rc;

	if ((pts == NULL && n > 0) || regs == NULL || (thresholds == NULL && nthresholds > 0))
		return SMGW_E_INVAL;
	if (!sub_hour(period_s))
		return SMGW_E_RANGE;
	for (k = 1; k < nthresholds; k++)
		if (thresholds[k] <= thresholds[k - 1])
			return SMGW_E_RANGE;
	FOR_PAIRS(pts, n, a, b) {
		int64_t delta;

		if ((rc = sub(pts[b].value, pts[a].value, &delta)) < 0)
			return rc;
		if (b == a + 1 && pts[b].target_ms - pts[a].target_ms == (int64_t)period_s * 1000) {
			int64_t mult = 3600 / period_s, power;

			if (delta > INT64_MAX / mult || delta < INT64_MIN / mult)
				return SMGW_E_OVERFLOW;
			power = delta * mult;
			for (k = 0; k < nthresholds && thresholds[k] <= power; k++)
				;
			rc = add(&regs[k], delta);
		} else {
			rc = add(&regs[nthresholds + 1], delta); /* load unknown over a gap */
		}
		if (rc < 0)
			return rc;
		a = b;
	}
	return 0;
}

SMGW_EXPORT int smgw_tariff_taf4_consumption(const struct smgw_tariff_point *pts, size_t n, const int64_t *quanta,
					     size_t nquanta, int64_t *regs)
{
	int64_t cum = 0;
	size_t a, b, k;
	int rc;

	if ((pts == NULL && n > 0) || regs == NULL || (quanta == NULL && nquanta > 0))
		return SMGW_E_INVAL;
	for (k = 1; k < nquanta; k++)
		if (quanta[k] <= quanta[k - 1])
			return SMGW_E_RANGE;
	FOR_PAIRS(pts, n, a, b) {
		int64_t delta;

		if ((rc = sub(pts[b].value, pts[a].value, &delta)) < 0)
			return rc;
		while (delta != 0) {
			int64_t part = delta;

			for (k = 0; k < nquanta && quanta[k] <= cum; k++)
				;
			if (delta > 0 && k < nquanta && quanta[k] - cum < delta)
				part = quanta[k] - cum;
			if ((rc = add(&regs[k], part)) < 0 || (rc = add(&cum, part)) < 0)
				return rc;
			delta -= part;
		}
		a = b;
	}
	return 0;
}

/* Stage of the period [t, u): the covering event that started last, else the default; -1 if an edge lies inside. */
static int64_t event_stage(const struct smgw_tariff_event *ev, size_t ne, uint32_t def, int64_t t, int64_t u)
{
	int64_t best_start = INT64_MIN, stage = def;
	size_t i;

	for (i = 0; i < ne; i++) {
		if (ev[i].end_ms <= t || ev[i].start_ms >= u)
			continue;
		if (ev[i].start_ms > t || ev[i].end_ms < u)
			return -1;
		if (ev[i].start_ms > best_start) {
			best_start = ev[i].start_ms;
			stage = ev[i].stage;
		}
	}
	return stage;
}

SMGW_EXPORT int smgw_tariff_taf5_events(const struct smgw_tariff_point *pts, size_t n,
					const struct smgw_tariff_event *events, size_t nevents,
					uint32_t default_stage, uint32_t nstages, int64_t *regs)
{
	size_t a, b, i;
	int rc;

	if ((pts == NULL && n > 0) || regs == NULL || (events == NULL && nevents > 0) || nstages == 0)
		return SMGW_E_INVAL;
	if (default_stage >= nstages)
		return SMGW_E_RANGE;
	for (i = 0; i < nevents; i++)
		if (events[i].stage >= nstages || events[i].end_ms <= events[i].start_ms)
			return SMGW_E_RANGE;
	FOR_PAIRS(pts, n, a, b) {
		int64_t delta, st = -2;
		size_t k;

		if ((rc = sub(pts[b].value, pts[a].value, &delta)) < 0)
			return rc;
		for (k = a; k < b; k++) {
			int64_t s = event_stage(events, nevents, default_stage, pts[k].target_ms, pts[k + 1].target_ms);

			if (st == -2)
				st = s;
			else if (st != s)
				st = -1;
		}
		rc = add(&regs[st >= 0 ? (size_t)st : nstages], delta);
		if (rc < 0)
			return rc;
		a = b;
	}
	return 0;
}

SMGW_EXPORT int smgw_tariff_taf8_extremes(const struct smgw_tariff_point *pts, size_t n, int32_t period_s,
					  struct smgw_tariff_extreme *ret_max, struct smgw_tariff_extreme *ret_min)
{
	struct smgw_tariff_extreme mx, mn;
	bool any = false;
	size_t a, b;
	int rc;

	if ((pts == NULL && n > 0) || ret_max == NULL || ret_min == NULL)
		return SMGW_E_INVAL;
	if (!sub_hour(period_s))
		return SMGW_E_RANGE;
	memset(&mx, 0, sizeof(mx));
	memset(&mn, 0, sizeof(mn));
	FOR_PAIRS(pts, n, a, b) {
		struct smgw_tariff_extreme x;
		int64_t mult = 3600 / period_s;

		if (b == a + 1 && pts[b].target_ms - pts[a].target_ms == (int64_t)period_s * 1000) {
			if ((rc = sub(pts[b].value, pts[a].value, &x.energy)) < 0)
				return rc;
			if (x.energy > INT64_MAX / mult || x.energy < INT64_MIN / mult)
				return SMGW_E_OVERFLOW;
			x.power = x.energy * mult;
			x.start_ms = pts[a].target_ms;
			x.end_ms = pts[b].target_ms;
			if (!any || x.power > mx.power)
				mx = x;
			if (!any || x.power < mn.power)
				mn = x;
			any = true;
		}
		a = b;
	}
	if (!any)
		return SMGW_E_NOTFOUND;
	*ret_max = mx;
	*ret_min = mn;
	return 0;
}

SMGW_EXPORT int smgw_tariff_taf9_feed_in(const struct smgw_value *values, size_t n, int64_t at_ms,
					 int64_t max_age_ms, struct smgw_value *ret)
{
	const struct smgw_value *best = NULL;
	int64_t feed = 0;
	size_t i;

	if ((values == NULL && n > 0) || ret == NULL || max_age_ms < 0)
		return SMGW_E_INVAL;
	for (i = 0; i < n; i++) {
		const struct smgw_value *v = &values[i];

		if (!valid_value(v) || v->obis.d != 7 || v->obis.e != 0 || (v->obis.c != 2 && v->obis.c != 16))
			continue;
		if (v->capture_ms > at_ms || at_ms - v->capture_ms > max_age_ms)
			continue;
		if (best == NULL || v->capture_ms > best->capture_ms)
			best = v;
	}
	if (best == NULL)
		return SMGW_E_NOTFOUND;
	if (best->obis.c == 2)
		feed = best->value;
	else if (best->value < 0)
		feed = best->value == INT64_MIN ? INT64_MAX : -best->value;
	*ret = *best;
	ret->value = feed;
	return 0;
}

SMGW_EXPORT int smgw_tariff_taf10_grid_state(const struct smgw_value *values, size_t n, int64_t at_ms,
					     int64_t max_age_ms, struct smgw_value *out, size_t *count)
{
	const struct smgw_value *pick[sizeof(grid_state) / sizeof(grid_state[0])];
	size_t q, i, need = 0, k = 0;

	if ((values == NULL && n > 0) || count == NULL || max_age_ms < 0)
		return SMGW_E_INVAL;
	for (q = 0; q < sizeof(grid_state) / sizeof(grid_state[0]); q++) {
		pick[q] = NULL;
		for (i = 0; i < n; i++) {
			const struct smgw_value *v = &values[i];

			if (!valid_value(v) || v->obis.c != grid_state[q].c || v->obis.d != grid_state[q].d ||
			    v->obis.e != 0)
				continue;
			if (v->capture_ms > at_ms || at_ms - v->capture_ms >= max_age_ms)
				continue;
			if (pick[q] == NULL || v->capture_ms > pick[q]->capture_ms)
				pick[q] = v;
		}
		if (pick[q] != NULL)
			need++;
	}
	if (out == NULL || *count < need) {
		*count = need;
		return SMGW_E_BUFSIZE;
	}
	for (q = 0; q < sizeof(grid_state) / sizeof(grid_state[0]); q++)
		if (pick[q] != NULL)
			out[k++] = *pick[q];
	*count = k;
	return 0;
}

SMGW_EXPORT int smgw_tariff_taf14_sample(const struct smgw_value *values, size_t n, int32_t interval_s,
					 int64_t from_ms, int64_t to_ms, struct smgw_value *out, size_t *count)
{
	const struct smgw_value *cur = NULL;
	int64_t iv, slot = INT64_MIN, prev = INT64_MIN;
	size_t i, need = 0, cap;

	if ((values == NULL && n > 0) || count == NULL)
		return SMGW_E_INVAL;
	if (interval_s < 1 || interval_s > 900 || 3600 % interval_s != 0 || from_ms > to_ms || from_ms < 0)
		return SMGW_E_RANGE;
	cap = out != NULL ? *count : 0;
	iv = (int64_t)interval_s * 1000;
	for (i = 0; i <= n; i++) {
		const struct smgw_value *v = i < n ? &values[i] : NULL;
		int64_t s = INT64_MAX;

		if (v != NULL) {
			if (!(v->flags & SMGW_VALUE_HAS_CAPTURE_TIME))
				continue;
			if (v->capture_ms < prev)
				return SMGW_E_TARIFF_ORDER;
			prev = v->capture_ms;
			if (!valid_value(v) || v->capture_ms < from_ms || v->capture_ms >= to_ms)
				continue;
			s = v->capture_ms - v->capture_ms % iv;
		}
		if (s != slot && cur != NULL) {
			if (need < cap)
				out[need] = *cur;
			need++;
			cur = NULL;
		}
		slot = s;
		if (v != NULL)
			cur = v; /* the latest value of the interval */
	}
	if (out == NULL || need > cap) {
		*count = need;
		return SMGW_E_BUFSIZE;
	}
	*count = need;
	return 0;
}
