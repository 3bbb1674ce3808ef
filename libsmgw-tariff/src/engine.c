/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The TAF-1 / TAF-2 engine. Readings of each original value list come in
 * time order; every pair of consecutive valid readings inside the billing
 * period is one span of energy. A TAF-2 span goes to the tariff stage that
 * is active in every quarter hour it covers, else to the error register of
 * its energy direction (E = 63). TAF-1 takes the readings at the start and
 * the end of the billing period. All time arithmetic is in UTC
 * milliseconds; the calendar is resolved per local (Europe/Berlin) day
 * through core, so a day has 92, 96 or 100 quarter hours and the repeated
 * October hour is two separate hours. Integers only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/status.h>

#include "tariff-private.h"

#define MAX_DIRS 8
#define SLOT_NONE (-1)     /* no calendar entry for the day */
#define SLOT_FOREIGN (-2)  /* tariff number without a stage of this direction */
#define UNSET (-3)

struct day_cache {
	int64_t start_ms, end_ms;   /* local day [start, end) in UTC ms */
	int64_t day;                /* days since 1970 of the local date */
	int32_t nslots;
	int16_t stage[SMGW__TARIFF_MAX_SLOTS];
};

struct channel {
	struct smgw_obis obis;
	int32_t dir;                /* index into dirs, -1 if no stage uses it */
	int32_t period_s;
	int64_t grid_ms;
	int64_t window_ms;
	bool seen;
	int64_t seen_t;
	bool have_last;
	int64_t first_t, first_v, last_t, last_v;
	bool have_start, have_end;  /* TAF-1 */
	int64_t start_v, end_v;
	struct day_cache cache;
};

struct dir {
	struct smgw_obis obis;      /* A, B, C (D from the first stage) */
	uint32_t err_reg;           /* register index of the error register */
	int64_t unassigned;
};

struct smgw_tariff_engine {
	smgw_ctx *ctx;
	const smgw_tariff_profile *p;
	struct smgw_tariff_options opt;
	struct smgw_tariff_callbacks cb;
	uint32_t ndirs;
	struct dir dirs[MAX_DIRS];
	int32_t *stage_dir;         /* per stage */
	uint32_t *day_dirs;         /* per day profile: bit mask of directions */
	uint32_t nregs;
	struct smgw_tariff_register *regs;
	uint32_t nch;
	struct channel ch[SMGW__TARIFF_MAX_CHANNELS];
	bool finished;
	int64_t begin_ms, end_ms;   /* the current billing period */
	uint32_t nrt;               /* runtime events (TAF-5) */
	struct smgw__event rt[SMGW__TARIFF_MAX_EVENTS];
	int32_t roll_months;        /* > 0: the period is whole months of legal time */
	int32_t roll_days;          /* > 0: whole local days */
	uint32_t periods;           /* billing periods closed so far */
};

static bool same_dir(const struct smgw_obis *x, const struct smgw_obis *y)
{
	return x->a == y->a && x->b == y->b && x->c == y->c;
}

/* A day profile serves a direction when every tariff number it uses is a stage of that direction. [V TRuDI] */
static bool day_valid_for(const smgw_tariff_profile *p, const struct smgw__day_profile *d, uint8_t a, uint8_t b,
			  uint8_t c)
{
	uint32_t i;

	if (d->nswitch == 0)
		return false;
	for (i = 0; i < d->nswitch; i++) {
		int si = smgw__stage_index(p, d->sw[i].tariff_number);

		if (si < 0 || p->stages[si].obis.a != a || p->stages[si].obis.b != b || p->stages[si].obis.c != c)
			return false;
	}
	return true;
}

bool smgw__day_serves(const smgw_tariff_profile *p, int di, uint8_t a, uint8_t b, uint8_t c)
{
	return di >= 0 && (uint32_t)di < p->ndays && day_valid_for(p, &p->days[di], a, b, c);
}

int smgw__calendar_day(const smgw_tariff_profile *p, int64_t day, uint8_t a, uint8_t b, uint8_t c)
{
	uint32_t lo = 0, hi = p->nspecial, i;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (p->special[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < p->nspecial && p->special[i].day == day; i++) {
		int di = smgw__day_profile_index(p, p->special[i].day_id);

		if (di >= 0 && day_valid_for(p, &p->days[di], a, b, c))
			return di;
	}
	/* Season and week profiles, if the profile has them: the latest season started, per direction. */
	return smgw__season_day(p, day, (int)(((day % 7) + 7 + 4) % 7), a, b, c); /* 1970-01-01 was a Thursday */
}

int smgw__season_day(const smgw_tariff_profile *p, int64_t day, int weekday, uint8_t a, uint8_t b, uint8_t c)
{
	uint32_t i = 0, w;

	while (i < p->nseasons && p->seasons[i].start_day <= day)
		i++;
	while (i-- > 0) {
		for (w = 0; w < p->nweeks; w++) {
			int di;

			if (strcmp(p->weeks[w].name, p->seasons[i].week) != 0)
				continue;
			di = smgw__day_profile_index(p, p->weeks[w].day_id[weekday]);
			if (di >= 0 && day_valid_for(p, &p->days[di], a, b, c))
				return di;
		}
	}
	return -1;
}

static int local_day(int64_t t, int64_t *ret_day, int64_t *ret_start, int64_t *ret_end)
{
	struct smgw_tm tm;
	int32_t y, m, d;
	int rc;

	if ((rc = smgw_time_to_berlin(t, &tm)) != 0)
		return rc;
	y = tm.year;
	m = tm.month;
	d = tm.day;
	*ret_day = smgw_time_days_from_civil(y, m, d);
	if ((rc = smgw_time_berlin_day_start(y, m, d, ret_start)) != 0)
		return rc;
	if (++d > smgw_time_days_in_month(y, m)) {
		d = 1;
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return smgw_time_berlin_day_start(y, m, d, ret_end);
}

static int fill_cache(const smgw_tariff_engine *e, const struct channel *c, struct day_cache *dc, int64_t t)
{
	const smgw_tariff_profile *p = e->p;
	const struct dir *dr = &e->dirs[c->dir];
	int64_t day, ds, de;
	int32_t k, n, off0, off1;
	int di, rc;

	if ((rc = local_day(t, &day, &ds, &de)) != 0)
		return rc;
	n = (int32_t)((de - ds) / SMGW__TARIFF_SLOT_MS);
	if (n <= 0 || n > SMGW__TARIFF_MAX_SLOTS)
		return SMGW_E_RANGE;
	dc->start_ms = ds;
	dc->end_ms = de;
	dc->day = day;
	dc->nslots = n;
	di = smgw__calendar_day(p, day, dr->obis.a, dr->obis.b, dr->obis.c);
	if (di < 0 && p->taf == 5 && p->ndays == 0) {
		/* TAF-5 without a time program: the default stage outside events */
		int si = smgw__stage_index(p, p->default_tariff);

		for (k = 0; k < n; k++)
			dc->stage[k] = (int16_t)(si >= 0 && e->stage_dir[si] == c->dir ? si : SLOT_FOREIGN);
		return 0;
	}
	if (di < 0) {
		for (k = 0; k < n; k++)
			dc->stage[k] = SLOT_NONE;
		return 0;
	}
	off0 = smgw_time_berlin_offset(ds);
	off1 = smgw_time_berlin_offset(de - 1);
	{
		const struct smgw__day_profile *d = &p->days[di];
		uint32_t nsw = d->nswitch;
		uint32_t j = 0;
		int cur = p->default_tariff;

		if ((e->opt.flags & SMGW_TARIFF_TRUDI_LAST_SLOT) && nsw > 1 &&
		    d->sw[nsw - 1].start_ms == (23 * 60 + 45) * 60 * 1000)
			nsw--;
		for (k = 0; k < n; k++) {
			int64_t s = ds + (int64_t)k * SMGW__TARIFF_SLOT_MS;
			int64_t tod = s - ds;
			int si;

			if (off0 != off1)
				tod += (int64_t)(smgw_time_berlin_offset(s) - off0) * 1000;
			/* the switch list is sorted; local time of day is monotonic except in the repeated hour */
			if (j > 0 && tod < d->sw[j - 1].start_ms) {
				j = 0;
				cur = p->default_tariff;
			}
			while (j < nsw && d->sw[j].start_ms <= tod) {
				cur = d->sw[j].tariff_number;
				j++;
			}
			si = smgw__stage_index(p, (uint16_t)cur);
			if (si < 0 || e->stage_dir[si] != c->dir)
				dc->stage[k] = SLOT_FOREIGN;
			else
				dc->stage[k] = (int16_t)si;
		}
	}
	return 0;
}

/* TAF-5: the stage an event gives the quarter hour [s, s + 15 min); UNSET if no event touches it. */
static int event_slot(const smgw_tariff_engine *e, const struct channel *c, int64_t s)
{
	const smgw_tariff_profile *p = e->p;
	int64_t u = s + SMGW__TARIFF_SLOT_MS, best = INT64_MIN;
	int tn = -1;
	uint32_t i, n = p->nevents + e->nrt;

	for (i = 0; i < n; i++) {
		const struct smgw__event *ev = i < p->nevents ? &p->events[i] : &e->rt[i - p->nevents];

		if (ev->end_ms <= s || ev->start_ms >= u)
			continue;
		if (ev->start_ms > s || ev->end_ms < u)
			return SLOT_FOREIGN; /* an event edge inside the period */
		if (ev->start_ms >= best) {
			best = ev->start_ms;
			tn = ev->tariff_number;
		}
	}
	if (tn < 0)
		return UNSET;
	i = (uint32_t)smgw__stage_index(p, (uint16_t)tn);
	if ((int)i < 0 || e->stage_dir[i] != c->dir)
		return SLOT_FOREIGN;
	return (int)i;
}

static bool has_events(const smgw_tariff_engine *e)
{
	return e->p->taf == 5 && (e->p->nevents > 0 || e->nrt > 0);
}

/* Stage index (>= 0), SLOT_NONE or SLOT_FOREIGN of the quarter hour that starts at or contains t. */
static int slot_at(const smgw_tariff_engine *e, struct channel *c, int64_t t, int *ret)
{
	struct day_cache *dc = &c->cache;
	int rc;

	if (t < dc->start_ms || t >= dc->end_ms) {
		if ((rc = fill_cache(e, c, dc, t)) != 0)
			return rc;
	}
	*ret = dc->stage[(t - dc->start_ms) / SMGW__TARIFF_SLOT_MS];
	if (has_events(e)) {
		int64_t s = t - ((t % SMGW__TARIFF_SLOT_MS) + SMGW__TARIFF_SLOT_MS) % SMGW__TARIFF_SLOT_MS;
		int ev = event_slot(e, c, s);

		if (ev != UNSET)
			*ret = ev;
	}
	return 0;
}

static int add_amount(smgw_tariff_engine *e, uint32_t reg, int64_t amount, int64_t from, int64_t to)
{
	int64_t *a = &e->regs[reg].amount;

	if ((amount > 0 && *a > INT64_MAX - amount) || (amount < 0 && *a < INT64_MIN - amount))
		return SMGW_E_OVERFLOW;
	*a += amount;
	if (e->cb.on_register != NULL)
		e->cb.on_register(e->cb.userdata, &e->regs[reg], amount, from, to);
	return 0;
}

static int assign_span(smgw_tariff_engine *e, struct channel *c, int64_t a, int64_t b, int64_t amount)
{
	struct dir *dr = &e->dirs[c->dir];
	int uniform = UNSET;
	bool mixed = false;
	int64_t s;
	int st, rc;

	/* fast path: one quarter hour (or less) inside the cached day */
	if (!has_events(e) && b - a <= SMGW__TARIFF_SLOT_MS && a >= c->cache.start_ms && b <= c->cache.end_ms &&
	    (a - c->cache.start_ms) / SMGW__TARIFF_SLOT_MS == (b - 1 - c->cache.start_ms) / SMGW__TARIFF_SLOT_MS) {
		st = c->cache.stage[(a - c->cache.start_ms) / SMGW__TARIFF_SLOT_MS];
		if (st >= 0)
			return add_amount(e, (uint32_t)st, amount, a, b);
		if (st != SLOT_NONE)
			uniform = st;
	} else {
		int64_t day_end;

		s = a - ((a % SMGW__TARIFF_SLOT_MS) + SMGW__TARIFF_SLOT_MS) % SMGW__TARIFF_SLOT_MS;
		if ((rc = slot_at(e, c, a, &st)) != 0)
			return rc;
		day_end = c->cache.end_ms;
		for (; s < b; s += SMGW__TARIFF_SLOT_MS) {
			if ((rc = slot_at(e, c, s, &st)) != 0)
				return rc;
			if (st == SLOT_NONE)
				continue;
			if (uniform == UNSET)
				uniform = st;
			else if (uniform != st)
				mixed = true;
		}
		/* TRuDI: a gap over local midnight also needs the stage of the period after it */
		if ((e->opt.flags & SMGW_TARIFF_TRUDI_MIDNIGHT_GAP) && b > day_end) {
			if ((rc = slot_at(e, c, b, &st)) != 0)
				return rc;
			if (b != c->cache.start_ms && st != SLOT_NONE) {
				if (uniform == UNSET)
					uniform = st;
				else if (uniform != st)
					mixed = true;
			}
		}
	}
	if (uniform == UNSET) {
		if ((amount > 0 && dr->unassigned > INT64_MAX - amount) || (amount < 0 && dr->unassigned < INT64_MIN - amount))
			return SMGW_E_OVERFLOW;
		dr->unassigned += amount;
		return 0;
	}
	if (mixed || uniform < 0)
		return add_amount(e, dr->err_reg, amount, a, b);
	return add_amount(e, (uint32_t)uniform, amount, a, b);
}

static void free_engine_parts(smgw_tariff_engine *e)
{
	const smgw_tariff_profile *p = e->p;

	smgw_ctx_free(e->ctx, e->stage_dir, (size_t)p->nstages * sizeof(int32_t));
	smgw_ctx_free(e->ctx, e->day_dirs, (size_t)p->ndays * sizeof(uint32_t));
	smgw_ctx_free(e->ctx, e->regs, (size_t)(p->nstages + MAX_DIRS) * sizeof(*e->regs));
}

/* Whole months or whole local days of legal time, for the next billing period. */
static void period_shape(smgw_tariff_engine *e)
{
	struct smgw_tm a, b;
	int64_t da, db;

	if (smgw_time_to_berlin(e->begin_ms, &a) != 0 || smgw_time_to_berlin(e->end_ms, &b) != 0)
		return;
	if (a.hour || a.minute || a.second || a.ms || b.hour || b.minute || b.second || b.ms)
		return;
	if (a.day == 1 && b.day == 1) {
		e->roll_months = (b.year - a.year) * 12 + (b.month - a.month);
		return;
	}
	da = smgw_time_days_from_civil(a.year, a.month, a.day);
	db = smgw_time_days_from_civil(b.year, b.month, b.day);
	if (db > da && db - da <= 3660)
		e->roll_days = (int32_t)(db - da);
}

static int next_period(smgw_tariff_engine *e)
{
	struct smgw_tm b;
	int64_t next;
	int32_t y, m, d;

	if (e->roll_months > 0 || e->roll_days > 0) {
		if (smgw_time_to_berlin(e->end_ms, &b) != 0)
			return SMGW_E_RANGE;
		if (e->roll_months > 0) {
			int32_t mm = b.month - 1 + e->roll_months;

			y = b.year + mm / 12;
			m = mm % 12 + 1;
			d = 1;
		} else {
			smgw__civil_from_days(smgw_time_days_from_civil(b.year, b.month, b.day) + e->roll_days, &y, &m, &d);
		}
		if (smgw_time_berlin_day_start(y, m, d, &next) != 0)
			return SMGW_E_RANGE;
	} else {
		next = e->end_ms + (e->p->end_ms - e->p->begin_ms);
		if (next >= SMGW_TIME_END_MS)
			return SMGW_E_RANGE;
	}
	e->begin_ms = e->end_ms;
	e->end_ms = next;
	return 0;
}

struct first_finding {
	struct smgw_diag *diag;
	bool seen;
};

static void keep_first(void *userdata, int severity, int code, uint32_t line, const char *message)
{
	struct first_finding *f = userdata;

	(void)code;
	if (f->seen || severity != SMGW_TARIFF_ERROR)
		return;
	f->seen = true;
	smgw_diag_set(f->diag, SMGW_E_TARIFF_PROFILE, UINT64_MAX, "%s", message);
	if (line > 0)
		smgw__diag_line(f->diag, line);
}

SMGW_EXPORT int smgw_tariff_engine_new(smgw_ctx *ctx, const smgw_tariff_profile *profile,
				       const struct smgw_tariff_options *options,
				       const struct smgw_tariff_callbacks *callbacks, smgw_tariff_engine **ret_engine,
				       struct smgw_diag *reterr_diag)
{
	struct smgw_tariff_options def = SMGW_TARIFF_OPTIONS_INIT;
	struct first_finding ff = { reterr_diag, false };
	smgw_tariff_engine *e;
	uint32_t i;
	int n;

	if (ctx == NULL || profile == NULL || ret_engine == NULL)
		return SMGW_E_INVAL;
	if (options != NULL) {
		if (options->struct_size < sizeof(uint32_t) * 2 || options->struct_size > sizeof(def))
			return SMGW_E_INVAL;
		memcpy(&def, options, options->struct_size);
		def.struct_size = sizeof(def);
	}
	if (def.invalid_ptb < 1 || def.invalid_ptb > 5 || def.align_permille < 0 || def.align_permille > 500 ||
	    def.calendar_tail_s < 0 || def.calendar_tail_s > 86400 || def.period_s < 0 || def.period_s > 86400)
		return SMGW_E_INVAL;
	if (callbacks != NULL && callbacks->struct_size < sizeof(uint32_t))
		return SMGW_E_INVAL;
	if (profile->taf != 1 && profile->taf != 2 && profile->taf != 5)
		return smgw_diag_set(reterr_diag, SMGW_E_TARIFF_TAF, UINT64_MAX,
				     "TAF-%d is not evaluated by the register engine (TAF-1, 2 and 5 are; see smgw/taf.h)",
				     (int)profile->taf);
	n = smgw__profile_check(profile, keep_first, &ff, def.calendar_tail_s);
	if (n < 0)
		return n;
	if (n > 0)
		return SMGW_E_TARIFF_PROFILE;
	e = smgw_ctx_calloc(ctx, 1, sizeof(*e));
	if (e == NULL)
		return SMGW_E_NOMEM;
	e->ctx = smgw_ctx_ref(ctx);
	e->p = profile;
	e->opt = def;
	e->begin_ms = profile->begin_ms;
	e->end_ms = profile->end_ms;
	period_shape(e);
	if (callbacks != NULL)
		memcpy(&e->cb, callbacks,
		       callbacks->struct_size < sizeof(e->cb) ? callbacks->struct_size : sizeof(e->cb));
	e->stage_dir = smgw_ctx_calloc(ctx, profile->nstages ? profile->nstages : 1, sizeof(int32_t));
	e->day_dirs = smgw_ctx_calloc(ctx, profile->ndays ? profile->ndays : 1, sizeof(uint32_t));
	e->regs = smgw_ctx_calloc(ctx, profile->nstages + MAX_DIRS, sizeof(*e->regs));
	if (e->stage_dir == NULL || e->day_dirs == NULL || e->regs == NULL) {
		smgw_tariff_engine_free(e);
		return SMGW_E_NOMEM;
	}
	for (i = 0; i < profile->nstages; i++) {
		const struct smgw_obis *o = &profile->stages[i].obis;
		uint32_t d;

		e->regs[i].obis = *o;
		/* an explicit error register reports tariff id 63, whatever its number [V TRuDI] */
		e->regs[i].tariff_id = o->e == SMGW_TARIFF_ERROR_REGISTER ? SMGW_TARIFF_ERROR_REGISTER
									    : profile->stages[i].tariff_number;
		for (d = 0; d < e->ndirs; d++)
			if (same_dir(&e->dirs[d].obis, o))
				break;
		if (d == e->ndirs) {
			if (e->ndirs == MAX_DIRS) {
				smgw_tariff_engine_free(e);
				return smgw_diag_set(reterr_diag, SMGW_E_LIMIT, UINT64_MAX,
						     "stages for more than %d energy directions", MAX_DIRS);
			}
			e->dirs[d].obis = *o;
			e->dirs[d].err_reg = UINT32_MAX;
			e->ndirs++;
		}
		e->stage_dir[i] = (int32_t)d;
		if (profile->stages[i].tariff_number == SMGW_TARIFF_ERROR_REGISTER || o->e == SMGW_TARIFF_ERROR_REGISTER)
			e->dirs[d].err_reg = i;
	}
	e->nregs = profile->nstages;
	for (i = 0; i < e->ndirs; i++) {
		if (e->dirs[i].err_reg != UINT32_MAX || profile->taf == 1)
			continue;
		e->regs[e->nregs].obis = e->dirs[i].obis;
		e->regs[e->nregs].obis.e = SMGW_TARIFF_ERROR_REGISTER; /* F as the direction's first stage [V TRuDI] */
		e->regs[e->nregs].tariff_id = SMGW_TARIFF_ERROR_REGISTER;
		e->dirs[i].err_reg = e->nregs++;
	}
	*ret_engine = e;
	return 0;
}

SMGW_EXPORT void smgw_tariff_engine_free(smgw_tariff_engine *engine)
{
	smgw_ctx *ctx;

	if (engine == NULL)
		return;
	ctx = engine->ctx;
	free_engine_parts(engine);
	smgw_ctx_free(ctx, engine, sizeof(*engine));
	smgw_ctx_unref(ctx);
}

SMGW_EXPORT size_t smgw_tariff_engine_memory(const smgw_tariff_engine *engine)
{
	if (engine == NULL)
		return 0;
	return sizeof(*engine) + (size_t)engine->p->nstages * sizeof(int32_t) +
	       (size_t)engine->p->ndays * sizeof(uint32_t) +
	       (size_t)(engine->p->nstages + MAX_DIRS) * sizeof(*engine->regs);
}

static bool core_period(int32_t period_s)
{
	return period_s == 86400 || (period_s > 0 && period_s <= 3600 && 3600 % period_s == 0);
}

SMGW_EXPORT int smgw_tariff_engine_add_event(smgw_tariff_engine *engine, int64_t start_ms, int64_t end_ms,
					     uint16_t tariff_number)
{
	struct smgw__event *ev;

	if (engine == NULL)
		return SMGW_E_INVAL;
	if (engine->finished)
		return SMGW_E_STATE;
	if (engine->p->taf != 5)
		return SMGW_E_TARIFF_TAF;
	if (start_ms >= end_ms || start_ms < SMGW_TIME_MIN_MS || end_ms >= SMGW_TIME_END_MS ||
	    smgw__stage_index(engine->p, tariff_number) < 0)
		return SMGW_E_RANGE;
	if (engine->nrt >= SMGW__TARIFF_MAX_EVENTS)
		return SMGW_E_LIMIT;
	ev = &engine->rt[engine->nrt++];
	ev->start_ms = start_ms;
	ev->end_ms = end_ms;
	ev->event_id = engine->nrt;
	ev->tariff_number = tariff_number;
	ev->line = 0;
	return 0;
}

SMGW_EXPORT int smgw_tariff_engine_add_channel(smgw_tariff_engine *engine, const struct smgw_obis *obis,
					       int32_t period_s, uint32_t *ret_channel)
{
	struct channel *c;
	uint32_t d;

	if (engine == NULL || obis == NULL || ret_channel == NULL)
		return SMGW_E_INVAL;
	if (engine->finished)
		return SMGW_E_STATE;
	if (period_s < 60 || period_s > 86400)
		return SMGW_E_RANGE;
	if (engine->nch >= SMGW__TARIFF_MAX_CHANNELS)
		return SMGW_E_LIMIT;
	c = &engine->ch[engine->nch];
	memset(c, 0, sizeof(*c));
	c->obis = *obis;
	c->dir = -1;
	for (d = 0; d < engine->ndirs; d++)
		if (same_dir(&engine->dirs[d].obis, obis))
			c->dir = (int32_t)d;
	c->period_s = period_s;
	c->grid_ms = core_period(period_s) ? (int64_t)period_s * 1000 : SMGW__TARIFF_SLOT_MS;
	c->window_ms = (int64_t)period_s * engine->opt.align_permille; /* s * permille = ms */
	c->cache.start_ms = 1;
	c->cache.end_ms = 0; /* empty */
	*ret_channel = engine->nch++;
	return 0;
}

/* Target time of a reading: its own, or the capture time aligned within the window; -1 if unaligned. */
static int target_of(const struct channel *c, const struct smgw_value *v, int64_t *ret)
{
	int64_t t, lo, hi;

	if (v->flags & SMGW_VALUE_HAS_TARGET_TIME) {
		*ret = v->target_ms;
		return 1;
	}
	if (!(v->flags & SMGW_VALUE_HAS_CAPTURE_TIME))
		return 0;
	t = v->capture_ms;
	if (t < SMGW_TIME_MIN_MS || t >= SMGW_TIME_END_MS)
		return 0;
	if (c->grid_ms == INT64_C(86400000)) {
		if (smgw_time_period_start(t, 86400, &lo) != 0 || smgw_time_period_next(t, 86400, &hi) != 0)
			return 0;
	} else {
		lo = t - t % c->grid_ms;
		hi = lo + c->grid_ms;
	}
	if (t - lo <= c->window_ms && t - lo <= hi - t) {
		*ret = lo;
		return 1;
	}
	if (hi - t <= c->window_ms) {
		*ret = hi;
		return 1;
	}
	return 0;
}

static int roll_to(smgw_tariff_engine *e, int64_t t, struct smgw_diag *diag);

SMGW_EXPORT int smgw_tariff_engine_push(smgw_tariff_engine *engine, uint32_t channel, const struct smgw_value *value,
					struct smgw_diag *reterr_diag)
{
	struct channel *c;
	int64_t t;
	int64_t delta;
	int ptb = 0, rc, roll_rc = 0;

	if (engine == NULL || value == NULL || channel >= engine->nch)
		return SMGW_E_INVAL;
	if (engine->finished)
		return SMGW_E_STATE;
	c = &engine->ch[channel];
	if (target_of(c, value, &t) == 0)
		return 0;
	if (c->seen && t < c->seen_t) {
		char a[SMGW_ISO8601_LEN], b[SMGW_ISO8601_LEN];

		smgw_time_format_iso8601(t, 0, SMGW_ISO_BERLIN, a, sizeof(a));
		smgw_time_format_iso8601(c->seen_t, 0, SMGW_ISO_BERLIN, b, sizeof(b));
		return smgw_diag_set(reterr_diag, SMGW_E_TARIFF_ORDER, UINT64_MAX, "reading at %s after one at %s", a, b);
	}
	if (c->seen && t == c->seen_t)
		return 0; /* duplicate target time: the first one counts */
	c->seen = true;
	c->seen_t = t;
	if (value->flags & SMGW_VALUE_HAS_PTB)
		ptb = value->ptb_status;
	if ((value->flags & SMGW_VALUE_HAS_STATUS) && !(value->flags & SMGW_VALUE_RAW_STATUS)) {
		int f = smgw_fnn_to_ptb(value->status);

		if (f > ptb)
			ptb = f;
	}
	if (ptb >= engine->opt.invalid_ptb)
		return 0;
	if (t > engine->end_ms && (engine->opt.flags & SMGW_TARIFF_ROLLOVER) && c->dir >= 0) {
		rc = roll_to(engine, t, reterr_diag);
		if (rc < 0 && rc != SMGW_E_TARIFF_NO_READING)
			return rc;
		roll_rc = rc;
	}
	if (t < engine->begin_ms || t > engine->end_ms || c->dir < 0)
		return 0;
	if (engine->p->taf == 1) {
		if (t == engine->begin_ms) {
			c->have_start = true;
			c->start_v = value->value;
		}
		if (t == engine->end_ms) {
			c->have_end = true;
			c->end_v = value->value;
		}
		return roll_rc < 0 ? roll_rc : 1;
	}
	if (!c->have_last) {
		c->have_last = true;
		c->first_t = c->last_t = t;
		c->first_v = c->last_v = value->value;
		return roll_rc < 0 ? roll_rc : 1;
	}
	if (smgw__sub(value->value, c->last_v, &delta) != 0)
		return SMGW_E_OVERFLOW;
	rc = assign_span(engine, c, c->last_t, t, delta);
	if (rc < 0)
		return rc;
	c->last_t = t;
	c->last_v = value->value;
	return roll_rc < 0 ? roll_rc : 1;
}

static int make_result(smgw_tariff_engine *e, int64_t begin, int64_t end, const int64_t *totals,
		       smgw_tariff_result **ret)
{
	smgw_tariff_result *r = smgw_ctx_calloc(e->ctx, 1, sizeof(*r));
	uint32_t i;

	if (r == NULL)
		return SMGW_E_NOMEM;
	r->ctx = smgw_ctx_ref(e->ctx);
	r->begin_ms = begin;
	r->end_ms = end;
	r->regs = smgw_ctx_calloc(e->ctx, e->nregs ? e->nregs : 1, sizeof(*r->regs));
	r->totals = smgw_ctx_calloc(e->ctx, e->ndirs ? e->ndirs : 1, sizeof(*r->totals));
	r->unassigned = smgw_ctx_calloc(e->ctx, e->ndirs ? e->ndirs : 1, sizeof(int64_t));
	r->nregs = e->nregs;
	r->ntotals = e->ndirs;
	if (r->regs == NULL || r->totals == NULL || r->unassigned == NULL) {
		smgw_tariff_result_free(r);
		return SMGW_E_NOMEM;
	}
	memcpy(r->regs, e->regs, (size_t)e->nregs * sizeof(*r->regs));
	for (i = 0; i < e->ndirs; i++) {
		r->totals[i].obis = e->dirs[i].obis;
		r->totals[i].obis.e = 0;
		r->totals[i].obis.f = 255;
		r->totals[i].tariff_id = 0;
		r->totals[i].amount = totals[i];
		r->unassigned[i] = e->dirs[i].unassigned;
	}
	*ret = r;
	return 0;
}

static int close_period(smgw_tariff_engine *engine, smgw_tariff_result **ret_result, struct smgw_diag *reterr_diag)
{
	int64_t totals[MAX_DIRS] = { 0 };
	int64_t begin = INT64_MAX, end = INT64_MIN, d;
	smgw_tariff_result *r;
	uint32_t i;
	int rc;

	if (engine->p->taf == 1) {
		char when[SMGW_ISO8601_LEN], obis[SMGW_OBIS_STRLEN];

		for (i = 0; i < engine->nch; i++) {
			struct channel *c = &engine->ch[i];
			uint32_t s;

			if (c->dir < 0)
				continue;
			if (!c->have_start || !c->have_end) {
				smgw_time_format_iso8601(c->have_start ? engine->end_ms : engine->begin_ms, 0,
							 SMGW_ISO_BERLIN, when, sizeof(when));
				smgw_obis_format(&c->obis, obis, sizeof(obis));
				return smgw_diag_set(reterr_diag, SMGW_E_TARIFF_NO_READING, UINT64_MAX,
						     "no valid reading of %s at the %s of the billing period (%s)", obis,
						     c->have_start ? "end" : "start", when);
			}
			for (s = 0; s < engine->p->nstages; s++) {
				const struct smgw_obis *o = &engine->p->stages[s].obis;

				if (o->a == c->obis.a && o->b == c->obis.b && o->c == c->obis.c && o->d == c->obis.d)
					break;
			}
			if (s == engine->p->nstages)
				continue;
			if (smgw__sub(c->end_v, c->start_v, &d) != 0 || smgw__add(&totals[c->dir], d) != 0)
				return SMGW_E_OVERFLOW;
			if ((rc = add_amount(engine, s, d, engine->begin_ms, engine->end_ms)) < 0)
				return rc;
		}
		begin = engine->begin_ms;
		end = engine->end_ms;
	} else {
		for (i = 0; i < engine->nch; i++) {
			struct channel *c = &engine->ch[i];

			if (c->dir < 0 || !c->have_last)
				continue;
			if (c->first_t < begin)
				begin = c->first_t;
			if (c->last_t > end)
				end = c->last_t;
			if (smgw__sub(c->last_v, c->first_v, &d) != 0 || smgw__add(&totals[c->dir], d) != 0)
				return SMGW_E_OVERFLOW;
		}
		if (begin == INT64_MAX) {
			char a[SMGW_ISO8601_LEN], b[SMGW_ISO8601_LEN];

			smgw_time_format_iso8601(engine->begin_ms, 0, SMGW_ISO_BERLIN, a, sizeof(a));
			smgw_time_format_iso8601(engine->end_ms, 0, SMGW_ISO_BERLIN, b, sizeof(b));
			return smgw_diag_set(reterr_diag, SMGW_E_TARIFF_NO_READING, UINT64_MAX,
					     "no valid reading in the billing period %s .. %s", a, b);
		}
		/*
		 * Every list that feeds a stage needs a billing range of its own: a first and a
		 * different last valid reading [V TRuDI TafAdapterTaf2: "Keine Messwerte innerhalb
		 * des Abrechnungszeitraums gefunden" when the first equals the last or there is none].
		 */
		for (i = 0; i < engine->nch; i++) {
			const struct channel *c = &engine->ch[i];
			char a[SMGW_ISO8601_LEN], obis[SMGW_OBIS_STRLEN];

			if (c->dir < 0 || !(engine->opt.flags & SMGW_TARIFF_TRUDI_RANGE))
				continue;
			if (c->have_last && c->first_t != c->last_t)
				continue;
			smgw_obis_format(&c->obis, obis, sizeof(obis));
			if (!c->have_last)
				return smgw_diag_set(reterr_diag, SMGW_E_TARIFF_NO_READING, UINT64_MAX,
						     "no valid reading of %s in the billing period", obis);
			smgw_time_format_iso8601(c->first_t, 0, SMGW_ISO_BERLIN, a, sizeof(a));
			return smgw_diag_set(reterr_diag, SMGW_E_TARIFF_NO_READING, UINT64_MAX,
					     "only one valid reading of %s in the billing period (%s): its billing range is empty",
					     obis, a);
		}
	}
	rc = make_result(engine, begin, end, totals, &r);
	if (rc < 0)
		return rc;
	*ret_result = r;
	return 0;
}

/* Starts the next billing period: registers to zero, readings carried over. */
static void reset_period(smgw_tariff_engine *e)
{
	uint32_t i;

	for (i = 0; i < e->nregs; i++)
		e->regs[i].amount = 0;
	for (i = 0; i < e->ndirs; i++)
		e->dirs[i].unassigned = 0;
	for (i = 0; i < e->nch; i++) {
		struct channel *c = &e->ch[i];

		/* TAF-2: the span from the last reading of the old period belongs to the new one */
		c->first_t = c->last_t;
		c->first_v = c->last_v;
		/* TAF-1: the end reading is the next start reading */
		c->have_start = c->have_end;
		c->start_v = c->end_v;
		c->have_end = false;
	}
}

/* Closes periods until @p t lies in the current one (SMGW_TARIFF_ROLLOVER). */
static int roll_to(smgw_tariff_engine *e, int64_t t, struct smgw_diag *diag)
{
	int first_err = 0;
	uint32_t guard = 0;

	while (t > e->end_ms) {
		smgw_tariff_result *r = NULL;
		int rc = close_period(e, &r, first_err ? NULL : diag);

		if (rc == SMGW_E_TARIFF_NO_READING) {
			/* a period without the readings it needs is skipped; the reason is reported */
			if (first_err == 0)
				first_err = rc;
		} else if (rc < 0) {
			return rc;
		} else {
			if (e->cb.on_period != NULL)
				e->cb.on_period(e->cb.userdata, r);
			smgw_tariff_result_free(r);
		}
		e->periods++;
		reset_period(e);
		if ((rc = next_period(e)) < 0)
			return rc;
		if (++guard > 100000)
			return SMGW_E_RANGE;
	}
	return first_err;
}

SMGW_EXPORT int smgw_tariff_engine_finish(smgw_tariff_engine *engine, smgw_tariff_result **ret_result,
					  struct smgw_diag *reterr_diag)
{
	smgw_tariff_result *r = NULL;
	int rc;

	if (engine == NULL || ret_result == NULL)
		return SMGW_E_INVAL;
	if (engine->finished)
		return SMGW_E_STATE;
	rc = close_period(engine, &r, reterr_diag);
	if (rc < 0)
		return rc;
	engine->finished = true;
	engine->periods++;
	if (engine->cb.on_period != NULL)
		engine->cb.on_period(engine->cb.userdata, r);
	*ret_result = r;
	return 0;
}


SMGW_EXPORT int smgw_tariff_result_range(const smgw_tariff_result *result, int64_t *ret_begin_ms, int64_t *ret_end_ms)
{
	if (result == NULL || ret_begin_ms == NULL || ret_end_ms == NULL)
		return SMGW_E_INVAL;
	*ret_begin_ms = result->begin_ms;
	*ret_end_ms = result->end_ms;
	return 0;
}

SMGW_EXPORT int smgw_tariff_result_count(const smgw_tariff_result *result)
{
	return result ? (int)result->nregs : SMGW_E_INVAL;
}

SMGW_EXPORT int smgw_tariff_result_register(const smgw_tariff_result *result, size_t index,
					    struct smgw_tariff_register *ret_reg)
{
	if (result == NULL || ret_reg == NULL)
		return SMGW_E_INVAL;
	if (index >= result->nregs)
		return SMGW_E_RANGE;
	*ret_reg = result->regs[index];
	return 0;
}

SMGW_EXPORT int smgw_tariff_result_total_count(const smgw_tariff_result *result)
{
	return result ? (int)result->ntotals : SMGW_E_INVAL;
}

SMGW_EXPORT int smgw_tariff_result_total(const smgw_tariff_result *result, size_t index,
					 struct smgw_tariff_register *ret_reg)
{
	if (result == NULL || ret_reg == NULL)
		return SMGW_E_INVAL;
	if (index >= result->ntotals)
		return SMGW_E_RANGE;
	*ret_reg = result->totals[index];
	return 0;
}

SMGW_EXPORT int smgw_tariff_result_unassigned(const smgw_tariff_result *result, size_t index, int64_t *ret_amount)
{
	if (result == NULL || ret_amount == NULL)
		return SMGW_E_INVAL;
	if (index >= result->ntotals)
		return SMGW_E_RANGE;
	*ret_amount = result->unassigned[index];
	return 0;
}

SMGW_EXPORT void smgw_tariff_result_free(smgw_tariff_result *result)
{
	smgw_ctx *ctx;
	uint32_t nr, nt;

	if (result == NULL)
		return;
	ctx = result->ctx;
	nr = result->nregs ? result->nregs : 1;
	nt = result->ntotals ? result->ntotals : 1;
	smgw_ctx_free(ctx, result->regs, (size_t)nr * sizeof(*result->regs));
	smgw_ctx_free(ctx, result->totals, (size_t)nt * sizeof(*result->totals));
	smgw_ctx_free(ctx, result->unassigned, (size_t)nt * sizeof(int64_t));
	smgw_ctx_free(ctx, result, sizeof(*result));
	smgw_ctx_unref(ctx);
}

/* ---- batch evaluation over an export ---- */

static const int32_t trudi_periods[] = { 60, 120, 180, 240, 300, 600, 900, 1800, 2400, 3600, 5400, 7200,
					 10800, 14400, 21600, 28800, 43200, 86400 };

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

struct order {
	int64_t t;
	uint32_t i;
};

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;

	if (x->t != y->t)
		return (x->t > y->t) - (x->t < y->t);
	return (x->i > y->i) - (x->i < y->i); /* stable: document order */
}

/* The most frequent spacing of the readings, snapped to the nearest supported period. */
static int32_t infer_period(smgw_ctx *ctx, const struct order *o, size_t n)
{
	int64_t *d;
	size_t i, m = 0, best_n = 0, run;
	int64_t best = 900;
	int32_t snap = 900;
	int64_t dist = INT64_MAX;

	if (n < 2)
		return 900;
	d = smgw_ctx_malloc(ctx, (n - 1) * sizeof(int64_t));
	if (d == NULL)
		return 900;
	for (i = 1; i < n; i++) {
		int64_t s = (o[i].t - o[i - 1].t + 30000) / 60000 * 60;

		if (s > 0)
			d[m++] = s;
	}
	qsort(d, m, sizeof(int64_t), cmp_i64);
	for (i = 0; i < m; i += run) {
		run = 1;
		while (i + run < m && d[i + run] == d[i])
			run++;
		if (run > best_n) {
			best_n = run;
			best = d[i];
		}
	}
	smgw_ctx_free(ctx, d, (n - 1) * sizeof(int64_t));
	for (i = 0; i < sizeof(trudi_periods) / sizeof(trudi_periods[0]); i++) {
		int64_t x = best > trudi_periods[i] ? best - trudi_periods[i] : trudi_periods[i] - best;

		if (x < dist) {
			dist = x;
			snap = trudi_periods[i];
		}
	}
	return snap;
}

SMGW_EXPORT int smgw_tariff_evaluate(smgw_ctx *ctx, const smgw_tariff_profile *profile, const smgw_tariff_export *exp,
				     const struct smgw_tariff_options *options, smgw_tariff_result **ret_result,
				     struct smgw_diag *reterr_diag)
{
	smgw_tariff_engine *e = NULL;
	uint32_t novl = 0, i;
	int rc;

	if (ctx == NULL || profile == NULL || exp == NULL || ret_result == NULL)
		return SMGW_E_INVAL;
	for (i = 0; i < exp->nlists; i++)
		novl += exp->lists[i].original ? 1u : 0u;
	if (novl == 0)
		return smgw_diag_set(reterr_diag, SMGW_E_TARIFF_NO_OVL, UINT64_MAX,
				     "the export holds no original value list (OBIS.meterId.sm of the list's meter)");
	if (profile->taf == 1) {
		for (i = 0; i < exp->nlists; i++)
			if (!exp->lists[i].original)
				return smgw_diag_set(reterr_diag, SMGW_E_TARIFF_NOT_OVL, UINT64_MAX,
						     "TAF-1 allows only original value lists; \"%.60s\" is none",
						     exp->lists[i].reading_id ? exp->lists[i].reading_id : "");
		if (novl > 3)
			return smgw_diag_set(reterr_diag, SMGW_E_LIMIT, UINT64_MAX,
					     "TAF-1 uses at most 3 original value lists, the export holds %u", novl);
		if (profile->nstages > novl)
			return smgw_diag_set(reterr_diag, SMGW_E_TARIFF_STAGES, UINT64_MAX,
					     "%u tariff stages but only %u original value lists", profile->nstages, novl);
		/*
		 * Every list needs exactly one day profile of its energy direction, which names its
		 * register [V TRuDI TafAdapterTaf1.GetDayProfileNumber: "Es ist genau 1 Tagesprofil
		 * erlaubt"]. A batch precondition only: the streaming engine accepts several.
		 */
		for (i = 0; i < exp->nlists; i++) {
			const struct smgw_obis *o = &exp->lists[i].obis;
			uint32_t d, n = 0;

			for (d = 0; d < profile->ndays; d++)
				n += smgw__day_serves(profile, (int)d, o->a, o->b, o->c) ? 1u : 0u;
			if (n != 1) {
				char ob[SMGW_OBIS_STRLEN];

				smgw_obis_format(o, ob, sizeof(ob));
				return smgw_diag_set(reterr_diag, SMGW_E_TARIFF_STAGES, UINT64_MAX,
						     "TAF-1 needs exactly one day profile for the original value list of %s, "
						     "the profile has %u", ob, n);
			}
		}
	}
	rc = smgw_tariff_engine_new(ctx, profile, options, NULL, &e, reterr_diag);
	if (rc < 0)
		return rc;
	for (i = 0; i < exp->nlists && rc >= 0; i++) {
		const struct smgw__list *l = &exp->lists[i];
		struct order *o;
		uint32_t ch = 0, k;
		int32_t period = l->period_s;

		if (!l->original)
			continue;
		o = smgw_ctx_malloc(ctx, (l->count ? l->count : 1) * sizeof(*o));
		if (o == NULL) {
			rc = SMGW_E_NOMEM;
			break;
		}
		for (k = 0; k < l->count; k++) {
			o[k].t = (l->v[k].flags & SMGW_VALUE_HAS_TARGET_TIME) ? l->v[k].target_ms : l->v[k].capture_ms;
			o[k].i = k;
		}
		qsort(o, l->count, sizeof(*o), cmp_order);
		if (period <= 0)
			period = e->opt.period_s > 0 ? e->opt.period_s : infer_period(ctx, o, l->count);
		if (period < 60 || period > 86400) {
			char ob[SMGW_OBIS_STRLEN];

			smgw_obis_format(&l->obis, ob, sizeof(ob));
			rc = smgw_diag_set(reterr_diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX,
					   "measurement period %d s of %s outside 60..86400 s", (int)period, ob);
		} else {
			rc = smgw_tariff_engine_add_channel(e, &l->obis, period, &ch);
			if (rc == SMGW_E_LIMIT)
				rc = smgw_diag_set(reterr_diag, rc, UINT64_MAX, "more than %d original value lists",
						   SMGW__TARIFF_MAX_CHANNELS);
		}
		if (rc >= 0) {
			/*
			 * Order by the boundary each reading belongs to (its aligned capture time when it has
			 * no target time), then by document order: of two readings for one boundary the first
			 * in the document counts, whatever their capture times [V TRuDI: first by target time].
			 */
			for (k = 0; k < l->count; k++) {
				int64_t tt;

				if (target_of(&e->ch[ch], &l->v[o[k].i], &tt) == 1)
					o[k].t = tt;
			}
			qsort(o, l->count, sizeof(*o), cmp_order);
		}
		for (k = 0; k < l->count && rc >= 0; k++)
			rc = smgw_tariff_engine_push(e, ch, &l->v[o[k].i], reterr_diag);
		smgw_ctx_free(ctx, o, (l->count ? l->count : 1) * sizeof(*o));
	}
	if (rc >= 0)
		rc = smgw_tariff_engine_finish(e, ret_result, reterr_diag);
	smgw_tariff_engine_free(e);
	return rc < 0 ? rc : 0;
}
