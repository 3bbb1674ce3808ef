/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Writing AR 2418-6 supplier files, and expanding calendar rules (season and
 * week profiles, holidays from core's calendar) into the explicit special
 * days that TRuDI and the static checks expect.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <smgw/holiday.h>

#include "tariff-private.h"

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n < o->size)
		memcpy(o->buf + o->len, s, n);
	o->len += n;
}

#define PUTS(o, lit) put((o), (lit), sizeof(lit) - 1)

static void putf(struct out *o, const char *fmt, ...) SMGW_PRINTF(2, 3);

static void putf(struct out *o, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(o, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static void put_text(struct out *o, const char *tag, const char *s)
{
	putf(o, "<%s>", tag);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': PUTS(o, "&amp;"); break;
		case '<': PUTS(o, "&lt;"); break;
		case '>': PUTS(o, "&gt;"); break;
		case '"': PUTS(o, "&quot;"); break;
		default: put(o, s, 1); break;
		}
	}
	putf(o, "</%s>\n", tag);
}

static void put_time(struct out *o, const char *tag, int64_t ms)
{
	char iso[SMGW_ISO8601_LEN];

	if (smgw_time_format_iso8601(ms, 0, SMGW_ISO_BERLIN | (ms % 1000 != 0 ? SMGW_ISO_MS : 0u), iso, sizeof(iso)) < 0)
		iso[0] = '\0';
	putf(o, "<%s>%s</%s>\n", tag, iso, tag);
}

static void put_week(struct out *o, const struct smgw__week_profile *w)
{
	static const char *const names[7] = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
					      "sunday" };
	int i;

	PUTS(o, "<WeekProfile>\n");
	put_text(o, "weekProfileName", w->name);
	for (i = 0; i < 7; i++)
		putf(o, "<%s>%u</%s>\n", names[i], w->day_id[(i + 1) % 7], names[i]);
	PUTS(o, "</WeekProfile>\n");
}

SMGW_EXPORT int smgw_tariff_profile_write(const smgw_tariff_profile *profile, char *buf, size_t size,
					  size_t *ret_len)
{
	const smgw_tariff_profile *p = profile;
	struct out o = { buf, buf ? size : 0, 0 };
	uint32_t i, j;

	if (profile == NULL || ret_len == NULL || (buf == NULL && size > 0))
		return SMGW_E_INVAL;
	PUTS(&o, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	PUTS(&o, "<UsagePoints xmlns=\"http://vde.de/AR_2418-6.xsd\" xmlns:espi=\"http://naesb.org/espi\">\n");
	PUTS(&o, "<UsagePoint>\n<espi:ServiceCategory><espi:kind>0</espi:kind></espi:ServiceCategory>\n");
	put_text(&o, "usagePointId", p->usage_point_id[0] ? p->usage_point_id : "-");
	PUTS(&o, "<Customer>");
	put_text(&o, "customerId", p->customer_id[0] ? p->customer_id : "-");
	PUTS(&o, "</Customer>\n<InvoicingParty>");
	put_text(&o, "invoicingPartyId", p->invoicing_party_id[0] ? p->invoicing_party_id : "-");
	PUTS(&o, "</InvoicingParty>\n<SMGW>");
	put_text(&o, "smgwId", p->smgw_id[0] ? p->smgw_id : "-");
	PUTS(&o, "</SMGW>\n");
	put_text(&o, "tariffName", p->tariff_name[0] ? p->tariff_name : p->tariff_id);
	PUTS(&o, "<AnalysisProfile>\n");
	putf(&o, "<tariffUseCase>%d</tariffUseCase>\n", (int)p->taf);
	put_text(&o, "tariffId", p->tariff_id);
	if (p->description[0] != '\0')
		put_text(&o, "description", p->description);
	putf(&o, "<billingPeriod>\n<duration>%lld</duration>\n", (long long)((p->end_ms - p->begin_ms) / 1000));
	put_time(&o, "start", p->begin_ms);
	PUTS(&o, "</billingPeriod>\n");
	for (i = 0; i < p->nstages; i++) {
		const struct smgw_obis *ob = &p->stages[i].obis;

		putf(&o, "<TariffStage>\n<tariffNumber>%u</tariffNumber>\n<obisCode>%02x%02x%02x%02x%02x%02x</obisCode>\n"
			 "</TariffStage>\n",
		     p->stages[i].tariff_number, ob->a, ob->b, ob->c, ob->d, ob->e, ob->f);
	}
	putf(&o, "<defaultTariffNumber>%u</defaultTariffNumber>\n", p->default_tariff);
	if (p->ndays > 0) {
		PUTS(&o, "<TariffChangeTrigger>\n<TimeTrigger>\n");
		for (i = 0; i < p->ndays; i++) {
			const struct smgw__day_profile *d = &p->days[i];

			putf(&o, "<DayProfile>\n<dayId>%u</dayId>\n", d->day_id);
			for (j = 0; j < d->nswitch; j++) {
				int32_t ms = d->sw[j].start_ms;

				putf(&o, "<DayTimeProfile><startTime><hour>%d</hour><minute>%d</minute>", (int)(ms / 3600000),
				     (int)(ms / 60000 % 60));
				if (ms % 60000 != 0)
					putf(&o, "<second>%d</second><hundreds>%d</hundreds>", (int)(ms / 1000 % 60),
					     (int)(ms % 1000 / 10));
				putf(&o, "</startTime><tariffNumber>%u</tariffNumber></DayTimeProfile>\n", d->sw[j].tariff_number);
			}
			PUTS(&o, "</DayProfile>\n");
		}
		for (i = 0; i < p->nseasons; i++) {
			const struct smgw__season *s = &p->seasons[i];

			PUTS(&o, "<SeasonProfile>\n");
			put_text(&o, "seasonProfileName", s->name[0] ? s->name : s->week);
			put_time(&o, "seasonStart", s->start_ms);
			put_text(&o, "weekProfileName", s->week);
			for (j = 0; j < p->nweeks; j++)
				if (strcmp(p->weeks[j].name, s->week) == 0) {
					put_week(&o, &p->weeks[j]);
					break;
				}
			PUTS(&o, "</SeasonProfile>\n");
		}
		for (i = 0; i < p->nweeks; i++)
			put_week(&o, &p->weeks[i]);
		for (i = 0; i < p->nspecial; i++) {
			int32_t y, m, d;

			smgw__civil_from_days(p->special[i].day, &y, &m, &d);
			putf(&o, "<SpecialDayProfile><specialDayDate><year>%d</year><month>%d</month><day_of_month>%d</day_of_month>"
				 "</specialDayDate><dayId>%u</dayId></SpecialDayProfile>\n",
			     (int)y, (int)m, (int)d, p->special[i].day_id);
		}
		PUTS(&o, "</TimeTrigger>\n</TariffChangeTrigger>\n");
	}
	for (i = 0; i < p->nevents; i++) {
		const struct smgw__event *ev = &p->events[i];

		putf(&o, "<TariffChangeTrigger>\n<ExternalEventTrigger>\n<ExternalEvent>\n<eventId>%u</eventId>\n"
			 "<eventPeriod>\n<duration>%lld</duration>\n",
		     ev->event_id, (long long)((ev->end_ms - ev->start_ms) / 1000));
		put_time(&o, "start", ev->start_ms);
		putf(&o, "</eventPeriod>\n<tariffNumber>%u</tariffNumber>\n</ExternalEvent>\n</ExternalEventTrigger>\n"
			 "</TariffChangeTrigger>\n", ev->tariff_number);
	}
	PUTS(&o, "</AnalysisProfile>\n</UsagePoint>\n</UsagePoints>\n");
	*ret_len = o.len;
	if (buf == NULL || o.len >= size)
		return SMGW_E_BUFSIZE;
	buf[o.len] = '\0';
	return 0;
}

static bool valid_for(const smgw_tariff_profile *p, int di, const struct smgw_obis *dir)
{
	return smgw__day_serves(p, di, dir->a, dir->b, dir->c);
}

SMGW_EXPORT int smgw_tariff_profile_expand_calendar(smgw_tariff_profile *profile, int32_t state,
						    uint32_t holiday_flags, uint16_t holiday_day_id,
						    struct smgw_diag *reterr_diag)
{
	smgw_tariff_profile *p = profile;
	struct smgw_obis dirs[8];
	uint32_t ndirs, j;
	int64_t day, last_day, ds;
	struct smgw_tm tm;
	int added = 0, rc;

	if (profile == NULL || state < -1 || state > SMGW_STATE_TH)
		return SMGW_E_INVAL;
	ndirs = smgw__profile_directions(p, dirs, 8);
	if (smgw_time_to_berlin(p->begin_ms, &tm) != 0 || p->end_ms <= p->begin_ms)
		return smgw_diag_set(reterr_diag, SMGW_E_TARIFF_PROFILE, UINT64_MAX, "billing period out of range");
	day = smgw_time_days_from_civil(tm.year, tm.month, tm.day);
	if (smgw_time_to_berlin(p->end_ms - 1, &tm) != 0)
		return smgw_diag_set(reterr_diag, SMGW_E_TARIFF_PROFILE, UINT64_MAX, "billing period out of range");
	last_day = smgw_time_days_from_civil(tm.year, tm.month, tm.day);
	for (; day <= last_day; day++) {
		int32_t y, m, d;
		int hol = 0;

		smgw__civil_from_days(day, &y, &m, &d);
		if (smgw_time_berlin_day_start(y, m, d, &ds) != 0 || ds >= p->end_ms)
			break;
		if (state >= 0) {
			hol = smgw_holiday_check(y, m, d, state, holiday_flags, NULL);
			if (hol < 0)
				hol = 0; /* before 1991: no holiday table */
		}
		for (j = 0; j < ndirs; j++) {
			uint32_t k;
			int di;

			/* an explicit special day for this direction wins */
			for (k = 0; k < p->nspecial; k++)
				if (p->special[k].day == day &&
				    valid_for(p, smgw__day_profile_index(p, p->special[k].day_id), &dirs[j]))
					break;
			if (k < p->nspecial)
				continue;
			if (hol && holiday_day_id != 0 && valid_for(p, smgw__day_profile_index(p, holiday_day_id), &dirs[j]))
				di = smgw__day_profile_index(p, holiday_day_id);
			else
				di = smgw__season_day(p, day, hol ? 0 : smgw_time_weekday(y, m, d), dirs[j].a, dirs[j].b,
						      dirs[j].c);
			if (di < 0)
				return smgw_diag_set(reterr_diag, SMGW_E_TARIFF_PROFILE, UINT64_MAX,
						     "no special day and no season rule for %04d-%02d-%02d (direction %u-%u:%u)",
						     (int)y, (int)m, (int)d, dirs[j].a, dirs[j].b, dirs[j].c);
			rc = smgw__profile_add_special(p, day, p->days[di].day_id);
			if (rc < 0)
				return rc;
			added++;
		}
	}
	return added;
}
