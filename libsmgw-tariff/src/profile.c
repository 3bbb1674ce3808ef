/* SPDX-License-Identifier: Apache-2.0 */
/* The supplier tariff file: VDE AR 2418-6 AnalysisProfile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "tariff-private.h"

/* Grows an array of elements of size @p elem to hold one more. */
static int grow(smgw_ctx *ctx, void **arr, uint32_t *n, uint32_t *cap, size_t elem, uint32_t limit)
{
	void *p;
	uint32_t nc;

	if (*n < *cap)
		return 0;
	if (*n >= limit)
		return SMGW_E_LIMIT;
	nc = *cap ? *cap * 2 : 8;
	if (nc > limit)
		nc = limit;
	p = smgw_ctx_realloc(ctx, *arr, (size_t)*cap * elem, (size_t)nc * elem);
	if (p == NULL)
		return SMGW_E_NOMEM;
	*arr = p;
	*cap = nc;
	return 0;
}

struct caps {
	uint32_t stages, days, special, weeks, seasons, events;
};

static void profile_free_parts(smgw_tariff_profile *p, const struct caps *c)
{
	smgw_ctx *ctx = p->ctx;
	uint32_t i;

	for (i = 0; i < p->ndays; i++) {
		smgw_ctx_free(ctx, p->days[i].sw, (size_t)p->days[i].nswitch * sizeof(*p->days[i].sw));
		smgw_ctx_free(ctx, p->days[i].sw_line, (size_t)p->days[i].nswitch * sizeof(uint32_t));
	}
	smgw_ctx_free(ctx, p->stages, (size_t)c->stages * sizeof(*p->stages));
	smgw_ctx_free(ctx, p->stage_line, (size_t)SMGW__TARIFF_STAGES_MAX * sizeof(uint32_t));
	smgw_ctx_free(ctx, p->days, (size_t)c->days * sizeof(*p->days));
	smgw_ctx_free(ctx, p->special, (size_t)c->special * sizeof(*p->special));
	smgw_ctx_free(ctx, p->weeks, (size_t)c->weeks * sizeof(*p->weeks));
	smgw_ctx_free(ctx, p->seasons, (size_t)c->seasons * sizeof(*p->seasons));
	smgw_ctx_free(ctx, p->events, (size_t)c->events * sizeof(*p->events));
}

/* Capacities are stored right after the profile so that free knows them. */
struct profile_box {
	struct smgw_tariff_profile p;
	struct caps c;
};

static int parse_stage(struct profile_box *b, xmlNode *n, struct smgw_diag *diag)
{
	smgw_tariff_profile *p = &b->p;
	xmlNode *o;
	int64_t tn;
	int rc;

	rc = grow(p->ctx, (void **)&p->stages, &p->nstages, &b->c.stages, sizeof(*p->stages), SMGW__TARIFF_STAGES_MAX);
	if (rc == SMGW_E_LIMIT)
		return smgw_diag_set(diag, SMGW_E_LIMIT, UINT64_MAX, "line %u: more than %d tariff stages",
				     smgw__xml_line(n), SMGW__TARIFF_STAGES_MAX);
	if (rc < 0)
		return rc;
	rc = smgw__xml_child_int64(n, "tariffNumber", true, 0, 65535, &tn, diag);
	if (rc < 0)
		return rc;
	o = smgw__xml_child(n, "obisCode");
	if (o == NULL)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: TariffStage lacks <obisCode>",
				     smgw__xml_line(n));
	memset(&p->stages[p->nstages], 0, sizeof(p->stages[0]));
	rc = smgw__xml_obis(o, &p->stages[p->nstages].obis, diag);
	if (rc < 0)
		return rc;
	p->stages[p->nstages].tariff_number = (uint16_t)tn;
	p->stage_line[p->nstages] = smgw__xml_line(n);
	p->nstages++;
	return 0;
}

static int cmp_switch(const void *a, const void *b)
{
	const struct smgw_tariff_switch *x = a, *y = b;

	return (x->start_ms > y->start_ms) - (x->start_ms < y->start_ms);
}

static int parse_day(struct profile_box *b, xmlNode *n, struct smgw_diag *diag)
{
	smgw_tariff_profile *p = &b->p;
	struct smgw__day_profile *d;
	xmlNode *c;
	int64_t v;
	uint32_t cnt = 0, i;
	int rc;

	rc = grow(p->ctx, (void **)&p->days, &p->ndays, &b->c.days, sizeof(*p->days), 1024);
	if (rc == SMGW_E_LIMIT)
		return smgw_diag_set(diag, SMGW_E_LIMIT, UINT64_MAX, "line %u: more than 1024 day profiles",
				     smgw__xml_line(n));
	if (rc < 0)
		return rc;
	d = &p->days[p->ndays];
	memset(d, 0, sizeof(*d));
	rc = smgw__xml_child_int64(n, "dayId", true, 0, 65535, &v, diag);
	if (rc < 0)
		return rc;
	d->day_id = (uint16_t)v;
	d->line = smgw__xml_line(n);
	for (c = smgw__xml_child(n, "DayTimeProfile"); c != NULL; c = smgw__xml_next(c, "DayTimeProfile"))
		cnt++;
	if (cnt > 24 * 3600)
		return smgw_diag_set(diag, SMGW_E_LIMIT, UINT64_MAX, "line %u: too many DayTimeProfiles", d->line);
	if (cnt > 0) {
		d->sw = smgw_ctx_calloc(p->ctx, cnt, sizeof(*d->sw));
		d->sw_line = smgw_ctx_calloc(p->ctx, cnt, sizeof(uint32_t));
		if (d->sw == NULL || d->sw_line == NULL) {
			smgw_ctx_free(p->ctx, d->sw, (size_t)cnt * sizeof(*d->sw));
			smgw_ctx_free(p->ctx, d->sw_line, (size_t)cnt * sizeof(uint32_t));
			d->sw = NULL;
			d->sw_line = NULL;
			return SMGW_E_NOMEM;
		}
	}
	p->ndays++; /* owned from here on, freed with the profile */
	d->nswitch = cnt;
	i = 0;
	for (c = smgw__xml_child(n, "DayTimeProfile"); c != NULL; c = smgw__xml_next(c, "DayTimeProfile"), i++) {
		xmlNode *st = smgw__xml_child(c, "startTime");
		int64_t h = 0, mi = 0, s = 0, hu = 0, tn;

		if (st == NULL)
			return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX,
					     "line %u: DayTimeProfile lacks <startTime>", smgw__xml_line(c));
		if ((rc = smgw__xml_child_int64(st, "hour", false, 0, 23, &h, diag)) < 0 ||
		    (rc = smgw__xml_child_int64(st, "minute", false, 0, 59, &mi, diag)) < 0 ||
		    (rc = smgw__xml_child_int64(st, "second", false, 0, 59, &s, diag)) < 0 ||
		    (rc = smgw__xml_child_int64(st, "hundreds", false, 0, 99, &hu, diag)) < 0 ||
		    (rc = smgw__xml_child_int64(c, "tariffNumber", true, 0, 65535, &tn, diag)) < 0)
			return rc;
		d->sw[i].start_ms = (int32_t)(((h * 60 + mi) * 60 + s) * 1000 + hu * 10);
		d->sw[i].tariff_number = (uint16_t)tn;
		d->sw_line[i] = smgw__xml_line(c);
	}
	/* Stable sort by start time, keeping lines aligned: insertion sort. */
	for (i = 1; i < cnt; i++) {
		struct smgw_tariff_switch sw = d->sw[i];
		uint32_t ln = d->sw_line[i], j = i;

		while (j > 0 && cmp_switch(&d->sw[j - 1], &sw) > 0) {
			d->sw[j] = d->sw[j - 1];
			d->sw_line[j] = d->sw_line[j - 1];
			j--;
		}
		d->sw[j] = sw;
		d->sw_line[j] = ln;
	}
	return 0;
}

static int parse_special(struct profile_box *b, xmlNode *n, struct smgw_diag *diag)
{
	smgw_tariff_profile *p = &b->p;
	xmlNode *dd = smgw__xml_child(n, "specialDayDate");
	int64_t y, m, d, id;
	int rc;

	if (dd == NULL)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX,
				     "line %u: SpecialDayProfile lacks <specialDayDate>", smgw__xml_line(n));
	if ((rc = smgw__xml_child_int64(dd, "year", true, 1970, 2199, &y, diag)) < 0 ||
	    (rc = smgw__xml_child_int64(dd, "month", true, 1, 12, &m, diag)) < 0 ||
	    (rc = smgw__xml_child_int64(dd, "day_of_month", true, 1, 31, &d, diag)) < 0 ||
	    (rc = smgw__xml_child_int64(n, "dayId", true, 0, 65535, &id, diag)) < 0)
		return rc;
	if (d > smgw_time_days_in_month((int32_t)y, (int32_t)m))
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: no date %04d-%02d-%02d",
				     smgw__xml_line(dd), (int)y, (int)m, (int)d);
	rc = grow(p->ctx, (void **)&p->special, &p->nspecial, &b->c.special, sizeof(*p->special), 1u << 20);
	if (rc == SMGW_E_LIMIT)
		return smgw_diag_set(diag, SMGW_E_LIMIT, UINT64_MAX, "line %u: too many special days", smgw__xml_line(n));
	if (rc < 0)
		return rc;
	p->special[p->nspecial].day = smgw_time_days_from_civil((int32_t)y, (int32_t)m, (int32_t)d);
	p->special[p->nspecial].day_id = (uint16_t)id;
	p->special[p->nspecial].line = smgw__xml_line(n);
	p->nspecial++;
	return 0;
}

static int parse_week(struct profile_box *b, xmlNode *n, struct smgw_diag *diag)
{
	static const char *const names[7] = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };
	smgw_tariff_profile *p = &b->p;
	struct smgw__week_profile *w;
	xmlNode *nm = smgw__xml_child(n, "weekProfileName");
	int rc, i;

	rc = grow(p->ctx, (void **)&p->weeks, &p->nweeks, &b->c.weeks, sizeof(*p->weeks), 1024);
	if (rc < 0)
		return rc == SMGW_E_LIMIT ? smgw_diag_set(diag, rc, UINT64_MAX, "line %u: too many week profiles",
							  smgw__xml_line(n)) : rc;
	w = &p->weeks[p->nweeks];
	memset(w, 0, sizeof(*w));
	if (nm == NULL)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: WeekProfile lacks a name",
				     smgw__xml_line(n));
	rc = smgw__xml_text(nm, w->name, sizeof(w->name), diag);
	if (rc < 0)
		return rc;
	for (i = 0; i < (int)p->nweeks; i++)
		if (strcmp(p->weeks[i].name, w->name) == 0)
			return 0; /* the first definition of a name counts (a season's copy or the list) */
	for (i = 0; i < 7; i++) {
		int64_t v = 0;

		rc = smgw__xml_child_int64(n, names[i], true, 0, 65535, &v, diag);
		if (rc < 0)
			return rc;
		w->day_id[i] = (uint16_t)v;
	}
	w->line = smgw__xml_line(n);
	p->nweeks++;
	return 0;
}

static int parse_season(struct profile_box *b, xmlNode *n, struct smgw_diag *diag)
{
	smgw_tariff_profile *p = &b->p;
	struct smgw__season *s;
	xmlNode *st = smgw__xml_child(n, "seasonStart"), *wn = smgw__xml_child(n, "weekProfileName"), *nm;
	struct smgw_tm tm;
	int64_t ms;
	int rc;

	rc = grow(p->ctx, (void **)&p->seasons, &p->nseasons, &b->c.seasons, sizeof(*p->seasons), 1024);
	if (rc < 0)
		return rc == SMGW_E_LIMIT ? smgw_diag_set(diag, rc, UINT64_MAX, "line %u: too many seasons",
							  smgw__xml_line(n)) : rc;
	s = &p->seasons[p->nseasons];
	memset(s, 0, sizeof(*s));
	if (st == NULL || wn == NULL)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX,
				     "line %u: SeasonProfile lacks seasonStart or weekProfileName", smgw__xml_line(n));
	if ((rc = smgw__xml_time(st, &ms, diag)) < 0)
		return rc;
	if (ms < SMGW_TIME_MIN_MS || ms >= SMGW_TIME_END_MS || smgw_time_to_berlin(ms, &tm) != 0)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: seasonStart out of range",
				     smgw__xml_line(st));
	s->start_day = smgw_time_days_from_civil(tm.year, tm.month, tm.day);
	s->start_ms = ms;
	{
		xmlNode *nested = smgw__xml_child(n, "WeekProfile");

		/* the season's own copy of its week profile defines it unless the list does first */
		if (nested != NULL && (rc = parse_week(b, nested, diag)) < 0)
			return rc;
	}
	nm = smgw__xml_child(n, "seasonProfileName");
	if (nm != NULL && (rc = smgw__xml_text(nm, s->name, sizeof(s->name), diag)) < 0)
		return rc;
	if ((rc = smgw__xml_text(wn, s->week, sizeof(s->week), diag)) < 0)
		return rc;
	s->line = smgw__xml_line(n);
	p->nseasons++;
	return 0;
}

static int parse_event(struct profile_box *b, xmlNode *n, struct smgw_diag *diag)
{
	smgw_tariff_profile *p = &b->p;
	struct smgw__event *ev;
	xmlNode *per = smgw__xml_child(n, "eventPeriod"), *st;
	int64_t id, tn, start, dur;
	int rc;

	if ((rc = smgw__xml_child_int64(n, "eventId", true, 0, UINT32_MAX, &id, diag)) < 0 ||
	    (rc = smgw__xml_child_int64(n, "tariffNumber", true, 0, 65535, &tn, diag)) < 0)
		return rc;
	st = per ? smgw__xml_child(per, "start") : NULL;
	if (st == NULL)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: ExternalEvent lacks eventPeriod/start",
				     smgw__xml_line(n));
	if ((rc = smgw__xml_time(st, &start, diag)) < 0 ||
	    (rc = smgw__xml_child_int64(per, "duration", true, 1, INT64_C(10) * 366 * 86400, &dur, diag)) < 0)
		return rc;
	if (start < SMGW_TIME_MIN_MS || start + dur * 1000 >= SMGW_TIME_END_MS)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: event outside 1970..2199",
				     smgw__xml_line(n));
	rc = grow(p->ctx, (void **)&p->events, &p->nevents, &b->c.events, sizeof(*p->events), 65536);
	if (rc < 0)
		return rc == SMGW_E_LIMIT ? smgw_diag_set(diag, rc, UINT64_MAX, "line %u: too many events",
							  smgw__xml_line(n)) : rc;
	ev = &p->events[p->nevents++];
	ev->start_ms = start;
	ev->end_ms = start + dur * 1000;
	ev->event_id = (uint32_t)id;
	ev->tariff_number = (uint16_t)tn;
	ev->line = smgw__xml_line(n);
	return 0;
}

static int cmp_special(const void *a, const void *b)
{
	const struct smgw__special_day *x = a, *y = b;

	if (x->day != y->day)
		return (x->day > y->day) - (x->day < y->day);
	return (x->line > y->line) - (x->line < y->line); /* document order: stable */
}

static int cmp_season(const void *a, const void *b)
{
	const struct smgw__season *x = a, *y = b;

	if (x->start_day != y->start_day)
		return (x->start_day > y->start_day) - (x->start_day < y->start_day);
	return (x->line > y->line) - (x->line < y->line);
}

static int parse_profile(struct profile_box *b, xmlNode *ap, struct smgw_diag *diag)
{
	smgw_tariff_profile *p = &b->p;
	xmlNode *c, *bp, *t;
	int64_t v, start, dur;
	int rc;

	if ((rc = smgw__xml_child_int64(ap, "tariffUseCase", true, 1, 14, &v, diag)) < 0)
		return rc;
	p->taf = (int32_t)v;
	c = smgw__xml_child(ap, "tariffId");
	if (c != NULL && (rc = smgw__xml_text(c, p->tariff_id, sizeof(p->tariff_id), diag)) < 0)
		return rc;
	c = smgw__xml_child(ap, "description");
	if (c != NULL && (rc = smgw__xml_text(c, p->description, sizeof(p->description), diag)) < 0)
		return rc;
	bp = smgw__xml_child(ap, "billingPeriod");
	if (bp == NULL)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: AnalysisProfile lacks <billingPeriod>",
				     smgw__xml_line(ap));
	p->billing_line = smgw__xml_line(bp);
	c = smgw__xml_child(bp, "start");
	if (c == NULL)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: billingPeriod lacks <start>",
				     p->billing_line);
	if ((rc = smgw__xml_time(c, &start, diag)) < 0)
		return rc;
	if ((rc = smgw__xml_child_int64(bp, "duration", true, 1, INT64_C(10) * 366 * 86400, &dur, diag)) < 0)
		return rc;
	if (start < SMGW_TIME_MIN_MS || start + dur * 1000 >= SMGW_TIME_END_MS)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: billing period outside 1970..2199",
				     p->billing_line);
	p->begin_ms = start;
	p->end_ms = start + dur * 1000;
	v = 0;
	if ((rc = smgw__xml_child_int64(ap, "defaultTariffNumber", false, 0, 65535, &v, diag)) < 0)
		return rc;
	p->default_tariff = (uint16_t)v;
	for (c = smgw__xml_child(ap, "TariffStage"); c != NULL; c = smgw__xml_next(c, "TariffStage"))
		if ((rc = parse_stage(b, c, diag)) < 0)
			return rc;
	for (t = smgw__xml_child(ap, "TariffChangeTrigger"); t != NULL; t = smgw__xml_next(t, "TariffChangeTrigger")) {
		xmlNode *tt = smgw__xml_child(t, "TimeTrigger");
		xmlNode *et = smgw__xml_child(t, "ExternalEventTrigger");

		if (et != NULL) {
			xmlNode *ev;

			for (ev = smgw__xml_child(et, "ExternalEvent"); ev != NULL; ev = smgw__xml_next(ev, "ExternalEvent"))
				if ((rc = parse_event(b, ev, diag)) < 0)
					return rc;
		}
		if (tt == NULL)
			continue;
		for (c = tt->children; c != NULL; c = c->next) {
			if (smgw__xml_is(c, "DayProfile"))
				rc = parse_day(b, c, diag);
			else if (smgw__xml_is(c, "SpecialDayProfile"))
				rc = parse_special(b, c, diag);
			else if (smgw__xml_is(c, "WeekProfile"))
				rc = parse_week(b, c, diag);
			else if (smgw__xml_is(c, "SeasonProfile"))
				rc = parse_season(b, c, diag);
			else
				rc = 0;
			if (rc < 0)
				return rc;
		}
	}
	if (p->nspecial > 1)
		qsort(p->special, p->nspecial, sizeof(*p->special), cmp_special);
	if (p->nseasons > 1)
		qsort(p->seasons, p->nseasons, sizeof(*p->seasons), cmp_season);
	return 0;
}

SMGW_EXPORT int smgw_tariff_profile_load(smgw_ctx *ctx, const smgw_tariff_schema *schema, const uint8_t *xml,
					 size_t len, smgw_tariff_profile **ret_profile, struct smgw_diag *reterr_diag)
{
	xmlDocPtr doc = NULL;
	xmlNode *root, *up, *ap = NULL;
	struct profile_box *b;
	int rc;

	if (ctx == NULL || ret_profile == NULL || (xml == NULL && len > 0))
		return SMGW_E_INVAL;
	rc = smgw__xml_read_usage_points(ctx, schema, xml, len, &doc, &root, reterr_diag);
	if (rc < 0)
		return rc;
	for (up = smgw__xml_child(root, "UsagePoint"); up != NULL; up = smgw__xml_next(up, "UsagePoint")) {
		xmlNode *a = smgw__xml_child(up, "AnalysisProfile");

		if (a == NULL)
			continue;
		if (ap != NULL || smgw__xml_next(a, "AnalysisProfile") != NULL) {
			rc = smgw_diag_set(reterr_diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX,
					   "line %u: more than one AnalysisProfile", smgw__xml_line(a));
			goto out;
		}
		ap = a;
	}
	if (ap == NULL) {
		rc = smgw_diag_set(reterr_diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "no AnalysisProfile in the document");
		goto out;
	}
	b = smgw_ctx_calloc(ctx, 1, sizeof(*b));
	if (b == NULL) {
		rc = SMGW_E_NOMEM;
		goto out;
	}
	b->p.ctx = smgw_ctx_ref(ctx);
	{
		static const struct {
			const char *parent, *name;
			size_t off;
		} meta[] = {
			{ NULL, "usagePointId", offsetof(struct smgw_tariff_profile, usage_point_id) },
			{ "Customer", "customerId", offsetof(struct smgw_tariff_profile, customer_id) },
			{ "InvoicingParty", "invoicingPartyId", offsetof(struct smgw_tariff_profile, invoicing_party_id) },
			{ "SMGW", "smgwId", offsetof(struct smgw_tariff_profile, smgw_id) },
			{ NULL, "tariffName", offsetof(struct smgw_tariff_profile, tariff_name) },
		};
		size_t m;

		for (m = 0; m < sizeof(meta) / sizeof(meta[0]) && rc == 0; m++) {
			xmlNode *par = meta[m].parent ? smgw__xml_child(ap->parent, meta[m].parent) : ap->parent;
			xmlNode *c = smgw__xml_child(par, meta[m].name);

			if (c != NULL && smgw__xml_text(c, (char *)&b->p + meta[m].off, SMGW__TARIFF_ID_MAX, reterr_diag) < 0)
				rc = SMGW_E_TARIFF_CONTENT;
		}
		if (rc < 0) {
			smgw_tariff_profile_free(&b->p);
			goto out;
		}
	}
	b->p.stage_line = smgw_ctx_calloc(ctx, SMGW__TARIFF_STAGES_MAX, sizeof(uint32_t));
	rc = b->p.stage_line == NULL ? SMGW_E_NOMEM : parse_profile(b, ap, reterr_diag);
	if (rc < 0) {
		smgw_tariff_profile_free(&b->p);
		goto out;
	}
	*ret_profile = &b->p;
	rc = 0;
out:
	xmlFreeDoc(doc);
	return rc;
}

SMGW_EXPORT void smgw_tariff_profile_free(smgw_tariff_profile *profile)
{
	struct profile_box *b = (struct profile_box *)profile;
	smgw_ctx *ctx;

	if (profile == NULL)
		return;
	ctx = profile->ctx;
	profile_free_parts(profile, &b->c);
	smgw_ctx_free(ctx, b, sizeof(*b));
	smgw_ctx_unref(ctx);
}

SMGW_EXPORT int smgw_tariff_profile_taf(const smgw_tariff_profile *profile)
{
	return profile ? profile->taf : SMGW_E_INVAL;
}

SMGW_EXPORT int smgw_tariff_profile_billing_period(const smgw_tariff_profile *profile, int64_t *ret_begin_ms,
						   int64_t *ret_end_ms)
{
	if (profile == NULL || ret_begin_ms == NULL || ret_end_ms == NULL)
		return SMGW_E_INVAL;
	*ret_begin_ms = profile->begin_ms;
	*ret_end_ms = profile->end_ms;
	return 0;
}

SMGW_EXPORT int smgw_tariff_profile_stage_count(const smgw_tariff_profile *profile)
{
	return profile ? (int)profile->nstages : SMGW_E_INVAL;
}

SMGW_EXPORT int smgw_tariff_profile_stage(const smgw_tariff_profile *profile, size_t index,
					  struct smgw_tariff_stage *ret_stage)
{
	if (profile == NULL || ret_stage == NULL)
		return SMGW_E_INVAL;
	if (index >= profile->nstages)
		return SMGW_E_RANGE;
	*ret_stage = profile->stages[index];
	return 0;
}

SMGW_EXPORT const char *smgw_tariff_profile_id(const smgw_tariff_profile *profile)
{
	return profile ? profile->tariff_id : NULL;
}

int smgw__stage_index(const smgw_tariff_profile *p, uint16_t tariff_number)
{
	uint32_t i;

	for (i = 0; i < p->nstages; i++)
		if (p->stages[i].tariff_number == tariff_number)
			return (int)i;
	return -1;
}

int smgw__day_profile_index(const smgw_tariff_profile *p, uint16_t day_id)
{
	uint32_t i;

	for (i = 0; i < p->ndays; i++)
		if (p->days[i].day_id == day_id)
			return (int)i;
	return -1;
}

int smgw__profile_add_special(smgw_tariff_profile *p, int64_t day, uint16_t day_id)
{
	struct profile_box *b = (struct profile_box *)p;
	uint32_t i;
	int rc;

	rc = grow(p->ctx, (void **)&p->special, &p->nspecial, &b->c.special, sizeof(*p->special), 1u << 20);
	if (rc < 0)
		return rc;
	i = p->nspecial;
	while (i > 0 && p->special[i - 1].day > day) {
		p->special[i] = p->special[i - 1];
		i--;
	}
	p->special[i].day = day;
	p->special[i].day_id = day_id;
	p->special[i].line = 0;
	p->nspecial++;
	return 0;
}

uint32_t smgw__profile_directions(const smgw_tariff_profile *p, struct smgw_obis *dirs, uint32_t max)
{
	uint32_t n = 0, i, j;

	for (i = 0; i < p->nstages; i++) {
		for (j = 0; j < n; j++)
			if (dirs[j].a == p->stages[i].obis.a && dirs[j].b == p->stages[i].obis.b &&
			    dirs[j].c == p->stages[i].obis.c)
				break;
		if (j == n && n < max)
			dirs[n++] = p->stages[i].obis;
	}
	return n;
}
