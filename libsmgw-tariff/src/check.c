/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Static checks of a tariff profile, the rules TRuDI applies to a supplier
 * file before it computes anything. Each rule reports a finding with the
 * source line; the limits are in smgw/profile.h and below.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tariff-private.h"

/* TAF-1 billing periods in months [V TRuDI: 1, 2, 3, 6, 12 months, starting on day 1 at 00:00]. */
static const int taf1_months[] = { 1, 2, 3, 6, 12 };

struct checker {
	smgw_tariff_finding_fn fn;
	void *ud;
	int errors;
};

static void finding(struct checker *k, int severity, int code, uint32_t line, const char *fmt, ...) SMGW_PRINTF(5, 6);

static void finding(struct checker *k, int severity, int code, uint32_t line, const char *fmt, ...)
{
	char msg[256];
	char full[300];
	va_list ap;

	if (severity == SMGW_TARIFF_ERROR)
		k->errors++;
	if (k->fn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		snprintf(full, sizeof(full), "line %u: %s", line, msg);
	else
		snprintf(full, sizeof(full), "%s", msg);
	k->fn(k->ud, severity, code, line, full);
}

void smgw__civil_from_days(int64_t z, int32_t *y, int32_t *m, int32_t *d)
{
	/* inverse of smgw_time_days_from_civil (proleptic Gregorian) */
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int32_t)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int32_t)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int32_t)(yoe + era * 400 + (*m <= 2));
}

static void fmt_tod(int32_t ms, char *buf, size_t size)
{
	snprintf(buf, size, "%02d:%02d:%02d.%02d", (int)(ms / 3600000), (int)(ms / 60000 % 60), (int)(ms / 1000 % 60),
		 (int)(ms % 1000 / 10));
}

static void check_stages(const smgw_tariff_profile *p, struct checker *k)
{
	uint32_t i, j, n = 0;

	if (p->nstages == 0)
		finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, 0, "the profile defines no TariffStage");
	for (i = 0; i < p->nstages; i++) {
		if (p->stages[i].tariff_number != SMGW_TARIFF_ERROR_REGISTER &&
		    p->stages[i].obis.e != SMGW_TARIFF_ERROR_REGISTER)
			n++;
		for (j = 0; j < i; j++)
			if (p->stages[j].tariff_number == p->stages[i].tariff_number)
				finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, p->stage_line[i],
					"tariffNumber %u is defined twice", p->stages[i].tariff_number);
	}
	if (n > SMGW_TARIFF_MAX_STAGES)
		finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, 0,
			"%u tariff stages; at most %d plus the error register are allowed", n, SMGW_TARIFF_MAX_STAGES);
	if (p->default_tariff != 0 && smgw__stage_index(p, p->default_tariff) < 0)
		finding(k, SMGW_TARIFF_WARNING, SMGW_E_TARIFF_PROFILE, 0,
			"defaultTariffNumber %u has no TariffStage", p->default_tariff);
}

static void check_days(const smgw_tariff_profile *p, struct checker *k)
{
	uint32_t i, j;
	char t[24];

	if (p->ndays == 0 && p->taf != 5)
		finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, 0, "the profile defines no DayProfile");
	for (i = 0; i < p->ndays; i++) {
		const struct smgw__day_profile *d = &p->days[i];

		for (j = 0; j < i; j++)
			if (p->days[j].day_id == d->day_id)
				finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, d->line, "dayId %u is defined twice",
					d->day_id);
		if (d->nswitch == 0) {
			finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, d->line,
				"day profile %u has no DayTimeProfile", d->day_id);
			continue;
		}
		if (d->sw[0].start_ms != 0)
			finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, d->sw_line[0],
				"day profile %u does not start at 00:00", d->day_id);
		for (j = 0; j < d->nswitch; j++) {
			if (smgw__stage_index(p, d->sw[j].tariff_number) < 0)
				finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, d->sw_line[j],
					"day profile %u uses tariffNumber %u, which no TariffStage defines", d->day_id,
					d->sw[j].tariff_number);
			if (d->sw[j].start_ms % SMGW__TARIFF_SLOT_MS != 0) {
				fmt_tod(d->sw[j].start_ms, t, sizeof(t));
				finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, d->sw_line[j],
					"switching point %s of day profile %u is not on a measurement-period (quarter-hour) boundary",
					t, d->day_id);
			}
			if (j > 0 && d->sw[j].start_ms == d->sw[j - 1].start_ms) {
				fmt_tod(d->sw[j].start_ms, t, sizeof(t));
				finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, d->sw_line[j],
					"day profile %u has two switching points at %s", d->day_id, t);
			}
		}
	}
}

static void check_refs(const smgw_tariff_profile *p, struct checker *k)
{
	static const char *const wd[7] = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };
	uint32_t i, w;
	int j;

	for (i = 0; i < p->nspecial; i++) {
		uint32_t e = i, cnt = 1;
		int32_t y, m, d, y2, m2, d2;

		if (smgw__day_profile_index(p, p->special[i].day_id) >= 0)
			continue;
		/* one finding per run of special days with the same unknown dayId */
		while (e + 1 < p->nspecial && p->special[e + 1].day_id == p->special[i].day_id) {
			e++;
			cnt++;
		}
		smgw__civil_from_days(p->special[i].day, &y, &m, &d);
		smgw__civil_from_days(p->special[e].day, &y2, &m2, &d2);
		if (cnt == 1)
			finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, p->special[i].line,
				"special day %04d-%02d-%02d refers to dayId %u, which no DayProfile defines", (int)y, (int)m,
				(int)d, p->special[i].day_id);
		else
			finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, p->special[i].line,
				"%u special days %04d-%02d-%02d .. %04d-%02d-%02d refer to dayId %u, which no DayProfile defines",
				cnt, (int)y, (int)m, (int)d, (int)y2, (int)m2, (int)d2, p->special[i].day_id);
		i = e;
	}
	for (i = 0; i < p->nweeks; i++)
		for (j = 0; j < 7; j++)
			if (smgw__day_profile_index(p, p->weeks[i].day_id[j]) < 0)
				finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, p->weeks[i].line,
					"week profile \"%s\" (%s) refers to dayId %u, which no DayProfile defines",
					p->weeks[i].name, wd[j], p->weeks[i].day_id[j]);
	for (i = 0; i < p->nseasons; i++) {
		for (w = 0; w < p->nweeks; w++)
			if (strcmp(p->weeks[w].name, p->seasons[i].week) == 0)
				break;
		if (w == p->nweeks)
			finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, p->seasons[i].line,
				"season refers to week profile \"%s\", which is not defined", p->seasons[i].week);
	}
}

static void check_events(const smgw_tariff_profile *p, struct checker *k)
{
	uint32_t i;

	if (p->taf == 5 && p->ndays == 0 && smgw__stage_index(p, p->default_tariff) < 0)
		finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, 0,
			"TAF-5 profile without a time program needs a defaultTariffNumber with a TariffStage");
	for (i = 0; i < p->nevents; i++) {
		const struct smgw__event *ev = &p->events[i];

		if (p->taf != 5)
			finding(k, SMGW_TARIFF_WARNING, SMGW_E_TARIFF_PROFILE, ev->line,
				"ExternalEvent %u is ignored: only TAF-5 evaluates events", ev->event_id);
		if (smgw__stage_index(p, ev->tariff_number) < 0)
			finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, ev->line,
				"ExternalEvent %u selects tariffNumber %u, which no TariffStage defines", ev->event_id,
				ev->tariff_number);
		if (ev->start_ms % SMGW__TARIFF_SLOT_MS != 0 || ev->end_ms % SMGW__TARIFF_SLOT_MS != 0)
			finding(k, SMGW_TARIFF_WARNING, SMGW_E_TARIFF_PROFILE, ev->line,
				"ExternalEvent %u does not begin and end on quarter-hour boundaries: its edge periods go to the error register",
				ev->event_id);
	}
}

static int local_date(int64_t t, int32_t *y, int32_t *m, int32_t *d, int64_t *ret_day)
{
	struct smgw_tm tm;

	if (smgw_time_to_berlin(t, &tm) != 0)
		return -1;
	*y = tm.year;
	*m = tm.month;
	*d = tm.day;
	*ret_day = smgw_time_days_from_civil(tm.year, tm.month, tm.day);
	return 0;
}

static void check_calendar(const smgw_tariff_profile *p, struct checker *k, int32_t tail_s)
{
	struct smgw_obis dirs[8];
	uint32_t ndirs, j;
	int32_t y, m, d;
	int64_t day, ds;

	if (p->end_ms <= p->begin_ms) {
		finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, p->billing_line, "empty billing period");
		return;
	}
	if (local_date(p->begin_ms, &y, &m, &d, &day) != 0 || p->end_ms >= SMGW_TIME_END_MS) {
		finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, p->billing_line,
			"billing period outside 1970..2199");
		return;
	}
	ndirs = smgw__profile_directions(p, dirs, 8);
	for (j = 0; j < ndirs; j++) {
		int64_t dd = day, run = -1, runs = 0;

		for (;; dd++) {
			bool missing = false, end = false;

			smgw__civil_from_days(dd, &y, &m, &d);
			if (smgw_time_berlin_day_start(y, m, d, &ds) != 0 || ds >= p->end_ms - (int64_t)tail_s * 1000)
				end = true;
			else
				missing = smgw__calendar_day(p, dd, dirs[j].a, dirs[j].b, dirs[j].c) < 0;
			if (missing && run < 0)
				run = dd;
			if (!missing && run >= 0) {
				int32_t y1, m1, d1, y2, m2, d2;

				smgw__civil_from_days(run, &y1, &m1, &d1);
				smgw__civil_from_days(dd - 1, &y2, &m2, &d2);
				if (run == dd - 1)
					finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, 0,
						"no day profile for %04d-%02d-%02d (energy direction %u-%u:%u): the calendar must name one for every day of the billing period",
						(int)y1, (int)m1, (int)d1, dirs[j].a, dirs[j].b, dirs[j].c);
				else
					finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, 0,
						"no day profile for the %lld days %04d-%02d-%02d .. %04d-%02d-%02d (energy direction %u-%u:%u): the calendar must name one for every day of the billing period",
						(long long)(dd - run), (int)y1, (int)m1, (int)d1, (int)y2, (int)m2, (int)d2,
						dirs[j].a, dirs[j].b, dirs[j].c);
				run = -1;
				if (++runs > 32) {
					finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, 0, "further calendar findings suppressed");
					break;
				}
			}
			if (end)
				break;
		}
	}
}

static void check_taf1(const smgw_tariff_profile *p, struct checker *k)
{
	struct smgw_tm tm;
	int64_t expect, first_day, end_day;
	size_t i;
	uint32_t s, j;
	int32_t y, m, d;
	bool ok = false;

	if (smgw_time_to_berlin(p->begin_ms, &tm) != 0)
		return;
	if (tm.day != 1 || tm.hour != 0 || tm.minute != 0 || tm.second != 0 || tm.ms != 0) {
		finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, p->billing_line,
			"TAF-1 billing period must start on the first of a month at 00:00 (starts %04d-%02d-%02d %02d:%02d)",
			(int)tm.year, (int)tm.month, (int)tm.day, (int)tm.hour, (int)tm.minute);
		return;
	}
	for (i = 0; i < sizeof(taf1_months) / sizeof(taf1_months[0]); i++) {
		int32_t ey = tm.year + (tm.month - 1 + taf1_months[i]) / 12;
		int32_t em = (tm.month - 1 + taf1_months[i]) % 12 + 1;

		if (smgw_time_berlin_day_start(ey, em, 1, &expect) == 0 && expect == p->end_ms)
			ok = true;
	}
	if (!ok)
		finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, p->billing_line,
			"TAF-1 billing period must last 1, 2, 3, 6 or 12 months (duration %lld s)",
			(long long)((p->end_ms - p->begin_ms) / 1000));
	first_day = smgw_time_days_from_civil(tm.year, tm.month, tm.day);
	if (local_date(p->end_ms - 1, &y, &m, &d, &end_day) != 0)
		return;
	for (j = 0; j < p->nspecial; j++)
		if (p->special[j].day < first_day || p->special[j].day > end_day) {
			smgw__civil_from_days(p->special[j].day, &y, &m, &d);
			finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, p->special[j].line,
				"special day %04d-%02d-%02d lies outside the TAF-1 billing period", (int)y, (int)m, (int)d);
		}
	for (s = 0; s < p->ndays; s++)
		for (j = 1; j < p->days[s].nswitch; j++)
			if (p->days[s].sw[j].tariff_number != p->days[s].sw[0].tariff_number) {
				finding(k, SMGW_TARIFF_ERROR, SMGW_E_TARIFF_PROFILE, p->days[s].sw_line[j],
					"TAF-1 day profile %u switches tariff stages; TAF-1 has one stage per register",
					p->days[s].day_id);
				break;
			}
}

int smgw__profile_check(const smgw_tariff_profile *profile, smgw_tariff_finding_fn fn, void *userdata,
			int32_t tail_s)
{
	struct checker k = { fn, userdata, 0 };

	if (profile == NULL)
		return SMGW_E_INVAL;
	check_stages(profile, &k);
	check_days(profile, &k);
	check_refs(profile, &k);
	check_events(profile, &k);
	if (profile->taf == 1)
		check_taf1(profile, &k);
	if (!(profile->taf == 5 && profile->ndays == 0))
		check_calendar(profile, &k, tail_s);
	return k.errors;
}

SMGW_EXPORT int smgw_tariff_profile_check(const smgw_tariff_profile *profile, smgw_tariff_finding_fn fn,
					  void *userdata)
{
	struct smgw_tariff_options def = SMGW_TARIFF_OPTIONS_INIT;

	return smgw__profile_check(profile, fn, userdata, def.calendar_tail_s);
}
