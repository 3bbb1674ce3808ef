/* SPDX-License-Identifier: Apache-2.0 */
/*
 * German public holidays, national and per Bundesland, as one rules table.
 *
 * The table is the only place that knows holiday law. Each row: which
 * holiday, how its date is found (fixed day, offset from Easter Sunday, or
 * the Wednesday before 23 November), in which states, from which year to
 * which year, and whether it applies only to parts of a state. Changing
 * the law means changing or appending rows. Sources and evidence are in
 * docs/core.md ("Holidays").
 */
#include <string.h>
#include <strings.h>

#include "core-private.h"

#define YEAR_FIRST 1991 /* first full year after unification */
#define YEAR_LAST 9999
#define FOREVER YEAR_LAST

/* State bit masks (bit n = enum smgw_state n). */
#define S(x) (UINT32_C(1) << SMGW_STATE_##x)
#define ALL (S(BW) | S(BY) | S(BE) | S(BB) | S(HB) | S(HH) | S(HE) | S(MV) | S(NI) | S(NW) | S(RP) | \
	     S(SL) | S(SN) | S(ST) | S(SH) | S(TH))

enum date_kind {
	FIXED,        /* month/day */
	EASTER,       /* Easter Sunday + day offset */
	BUSS_BETTAG   /* Wednesday before 23 November */
};

struct rule {
	int16_t id;
	int8_t kind;
	int8_t month;   /* FIXED */
	int16_t day;    /* FIXED: day of month; EASTER: offset in days */
	uint32_t states;
	int32_t first_year, last_year;
	uint32_t flags; /* SMGW_HOLIDAY_REGIONAL, SMGW_HOLIDAY_ONE_OFF, SMGW_HOLIDAY_SUNDAY */
	const char *name;
};

static const struct rule rules[] = {
	{ SMGW_HOLIDAY_NEUJAHR, FIXED, 1, 1, ALL, YEAR_FIRST, FOREVER, 0, "Neujahr" },
	{ SMGW_HOLIDAY_HEILIGE_DREI_KOENIGE, FIXED, 1, 6, S(BW) | S(BY) | S(ST), YEAR_FIRST, FOREVER, 0,
	  "Heilige Drei Könige" },
	{ SMGW_HOLIDAY_FRAUENTAG, FIXED, 3, 8, S(BE), 2019, FOREVER, 0, "Internationaler Frauentag" },
	{ SMGW_HOLIDAY_FRAUENTAG, FIXED, 3, 8, S(MV), 2023, FOREVER, 0, "Internationaler Frauentag" },
	{ SMGW_HOLIDAY_KARFREITAG, EASTER, 0, -2, ALL, YEAR_FIRST, FOREVER, 0, "Karfreitag" },
	{ SMGW_HOLIDAY_OSTERSONNTAG, EASTER, 0, 0, S(BB), YEAR_FIRST, FOREVER, SMGW_HOLIDAY_SUNDAY, "Ostersonntag" },
	{ SMGW_HOLIDAY_OSTERMONTAG, EASTER, 0, 1, ALL, YEAR_FIRST, FOREVER, 0, "Ostermontag" },
	{ SMGW_HOLIDAY_TAG_DER_ARBEIT, FIXED, 5, 1, ALL, YEAR_FIRST, FOREVER, 0, "Tag der Arbeit" },
	{ SMGW_HOLIDAY_BEFREIUNG, FIXED, 5, 8, S(BE), 2020, 2020, SMGW_HOLIDAY_ONE_OFF,
	  "Tag der Befreiung (75. Jahrestag)" },
	{ SMGW_HOLIDAY_BEFREIUNG, FIXED, 5, 8, S(BE), 2025, 2025, SMGW_HOLIDAY_ONE_OFF,
	  "Tag der Befreiung (80. Jahrestag)" },
	{ SMGW_HOLIDAY_HIMMELFAHRT, EASTER, 0, 39, ALL, YEAR_FIRST, FOREVER, 0, "Christi Himmelfahrt" },
	{ SMGW_HOLIDAY_PFINGSTSONNTAG, EASTER, 0, 49, S(BB), YEAR_FIRST, FOREVER, SMGW_HOLIDAY_SUNDAY,
	  "Pfingstsonntag" },
	{ SMGW_HOLIDAY_PFINGSTMONTAG, EASTER, 0, 50, ALL, YEAR_FIRST, FOREVER, 0, "Pfingstmontag" },
	{ SMGW_HOLIDAY_FRONLEICHNAM, EASTER, 0, 60, S(BW) | S(BY) | S(HE) | S(NW) | S(RP) | S(SL), YEAR_FIRST,
	  FOREVER, 0, "Fronleichnam" },
	{ SMGW_HOLIDAY_FRONLEICHNAM, EASTER, 0, 60, S(SN) | S(TH), YEAR_FIRST, FOREVER, SMGW_HOLIDAY_REGIONAL,
	  "Fronleichnam" },
	{ SMGW_HOLIDAY_FRIEDENSFEST, FIXED, 8, 8, S(BY), YEAR_FIRST, FOREVER, SMGW_HOLIDAY_REGIONAL,
	  "Augsburger Friedensfest" },
	{ SMGW_HOLIDAY_MARIAE_HIMMELFAHRT, FIXED, 8, 15, S(SL), YEAR_FIRST, FOREVER, 0, "Mariä Himmelfahrt" },
	{ SMGW_HOLIDAY_MARIAE_HIMMELFAHRT, FIXED, 8, 15, S(BY), YEAR_FIRST, FOREVER, SMGW_HOLIDAY_REGIONAL,
	  "Mariä Himmelfahrt" },
	{ SMGW_HOLIDAY_WELTKINDERTAG, FIXED, 9, 20, S(TH), 2019, FOREVER, 0, "Weltkindertag" },
	{ SMGW_HOLIDAY_EINHEIT, FIXED, 10, 3, ALL, YEAR_FIRST, FOREVER, 0, "Tag der Deutschen Einheit" },
	{ SMGW_HOLIDAY_REFORMATIONSTAG, FIXED, 10, 31, S(BB) | S(MV) | S(SN) | S(ST) | S(TH), YEAR_FIRST, FOREVER, 0,
	  "Reformationstag" },
	{ SMGW_HOLIDAY_REFORMATIONSTAG, FIXED, 10, 31, S(HB) | S(HH) | S(NI) | S(SH), 2018, FOREVER, 0,
	  "Reformationstag" },
	{ SMGW_HOLIDAY_REFORMATIONSTAG, FIXED, 10, 31, S(BW) | S(BY) | S(BE) | S(HB) | S(HH) | S(HE) | S(NI) |
	  S(NW) | S(RP) | S(SL) | S(SH), 2017, 2017, SMGW_HOLIDAY_ONE_OFF, "Reformationstag (500. Jahrestag)" },
	{ SMGW_HOLIDAY_ALLERHEILIGEN, FIXED, 11, 1, S(BW) | S(BY) | S(NW) | S(RP) | S(SL), YEAR_FIRST, FOREVER, 0,
	  "Allerheiligen" },
	{ SMGW_HOLIDAY_BUSS_UND_BETTAG, BUSS_BETTAG, 0, 0, ALL, YEAR_FIRST, 1994, 0, "Buß- und Bettag" },
	{ SMGW_HOLIDAY_BUSS_UND_BETTAG, BUSS_BETTAG, 0, 0, S(SN), 1995, FOREVER, 0, "Buß- und Bettag" },
	{ SMGW_HOLIDAY_WEIHNACHT_1, FIXED, 12, 25, ALL, YEAR_FIRST, FOREVER, 0, "1. Weihnachtstag" },
	{ SMGW_HOLIDAY_WEIHNACHT_2, FIXED, 12, 26, ALL, YEAR_FIRST, FOREVER, 0, "2. Weihnachtstag" },
};

static const struct {
	const char *code;
	const char *name;
} states[] = {
	{ "DE", "Deutschland" },
	{ "BW", "Baden-Württemberg" },
	{ "BY", "Bayern" },
	{ "BE", "Berlin" },
	{ "BB", "Brandenburg" },
	{ "HB", "Bremen" },
	{ "HH", "Hamburg" },
	{ "HE", "Hessen" },
	{ "MV", "Mecklenburg-Vorpommern" },
	{ "NI", "Niedersachsen" },
	{ "NW", "Nordrhein-Westfalen" },
	{ "RP", "Rheinland-Pfalz" },
	{ "SL", "Saarland" },
	{ "SN", "Sachsen" },
	{ "ST", "Sachsen-Anhalt" },
	{ "SH", "Schleswig-Holstein" },
	{ "TH", "Thüringen" },
};

SMGW_EXPORT const char *smgw_state_code(int32_t state)
{
	if (state < SMGW_STATE_BW || state > SMGW_STATE_TH)
		return NULL;
	return states[state].code;
}

SMGW_EXPORT const char *smgw_state_name(int32_t state)
{
	if (state < SMGW_STATE_BW || state > SMGW_STATE_TH)
		return NULL;
	return states[state].name;
}

SMGW_EXPORT int smgw_state_from_code(const char *code)
{
	int i;

	smgw_return_if_fail(code);
	for (i = SMGW_STATE_BW; i <= SMGW_STATE_TH; i++)
		if (strcasecmp(code, states[i].code) == 0)
			return i;
	return SMGW_E_NOTFOUND;
}

SMGW_EXPORT int smgw_easter(int32_t year, int32_t *ret_month, int32_t *ret_day)
{
	int32_t a, b, c, d, e, f, g, h, i, k, l, m, n;

	smgw_return_if_fail(ret_month && ret_day);
	if (year < 1583 || year > 9999)
		return SMGW_E_RANGE;
	/* Gregorian computus (Meeus/Jones/Butcher). */
	a = year % 19;
	b = year / 100;
	c = year % 100;
	d = b / 4;
	e = b % 4;
	f = (b + 8) / 25;
	g = (b - f + 1) / 3;
	h = (19 * a + b - d - g + 15) % 30;
	i = c / 4;
	k = c % 4;
	l = (32 + 2 * e + 2 * i - h - k) % 7;
	m = (a + 11 * h + 22 * l) / 451;
	n = h + l - 7 * m + 114;
	*ret_month = n / 31;
	*ret_day = n % 31 + 1;
	return 0;
}

/* Date of a rule in a year, as days since 1970 (the rule applies that year). */
static int64_t rule_day(const struct rule *r, int32_t year)
{
	int32_t em, ed;

	switch (r->kind) {
	case FIXED:
		return smgw_time_days_from_civil(year, r->month, r->day);
	case EASTER:
		smgw_easter(year, &em, &ed);
		return smgw_time_days_from_civil(year, em, ed) + r->day;
	default: {
		/* The last Wednesday before 23 November: 16..22 November. */
		int64_t z = smgw_time_days_from_civil(year, 11, 22);
		int wd = (int)(((z % 7) + 7 + 4) % 7); /* 0 = Sunday */
		return z - ((wd - 3 + 7) % 7);
	}
	}
}

static int rule_applies(const struct rule *r, int32_t year, int32_t state, uint32_t flags)
{
	if (year < r->first_year || year > r->last_year)
		return 0;
	if ((r->flags & SMGW_HOLIDAY_REGIONAL) && !(flags & SMGW_HOLIDAY_REGIONAL))
		return 0;
	if (state == SMGW_STATE_NONE)
		return (r->states & ALL) == ALL && !(r->flags & SMGW_HOLIDAY_REGIONAL);
	return (r->states & (UINT32_C(1) << state)) != 0;
}

static void fill(const struct rule *r, int32_t year, int64_t day, struct smgw_holiday *out)
{
	int64_t z = day;
	struct smgw_tm tm;

	smgw_time_to_utc_tm(z * SMGW_MS_PER_DAY, &tm);
	memset(out, 0, sizeof(*out));
	out->year = year;
	out->month = tm.month;
	out->day = tm.day;
	out->id = r->id;
	out->flags = r->flags;
	if ((r->states & ALL) == ALL && !(r->flags & SMGW_HOLIDAY_REGIONAL))
		out->flags |= SMGW_HOLIDAY_NATIONAL;
	out->name = r->name;
}

static int check_args(int32_t year, int32_t state, uint32_t flags)
{
	if (state < SMGW_STATE_NONE || state > SMGW_STATE_TH)
		return SMGW_E_INVAL;
	if (flags & ~(uint32_t)SMGW_HOLIDAY_REGIONAL)
		return SMGW_E_INVAL;
	if (year < YEAR_FIRST || year > YEAR_LAST)
		return SMGW_E_RANGE;
	return 0;
}

SMGW_EXPORT int smgw_holiday_check(int32_t year, int32_t month, int32_t day, int32_t state, uint32_t flags,
				   struct smgw_holiday *ret)
{
	int64_t z;
	size_t i;
	int e = check_args(year, state, flags);

	if (e < 0)
		return e;
	if (smgw_time_weekday(year, month, day) < 0)
		return SMGW_E_RANGE;
	z = smgw_time_days_from_civil(year, month, day);
	for (i = 0; i < SMGW_ARRAY_SIZE(rules); i++) {
		if (!rule_applies(&rules[i], year, state, flags))
			continue;
		if (rule_day(&rules[i], year) == z) {
			if (ret)
				fill(&rules[i], year, z, ret);
			return 1;
		}
	}
	return 0;
}

SMGW_EXPORT int smgw_holiday_list(int32_t year, int32_t state, uint32_t flags, struct smgw_holiday *out,
				  size_t *count)
{
	struct {
		int64_t day;
		size_t rule;
	} found[SMGW_ARRAY_SIZE(rules)], tmp;
	size_t n = 0, i, j;
	int e = check_args(year, state, flags);

	if (e < 0)
		return e;
	smgw_return_if_fail(count);
	for (i = 0; i < SMGW_ARRAY_SIZE(rules); i++) {
		int64_t z;
		int dup = 0;

		if (!rule_applies(&rules[i], year, state, flags))
			continue;
		z = rule_day(&rules[i], year);
		for (j = 0; j < n; j++)
			dup |= found[j].day == z;
		if (dup)
			continue; /* one entry per day (rules never overlap today) */
		found[n].day = z;
		found[n].rule = i;
		n++;
	}
	/* insertion sort by date: n is at most the table size */
	for (i = 1; i < n; i++) {
		tmp = found[i];
		for (j = i; j > 0 && found[j - 1].day > tmp.day; j--)
			found[j] = found[j - 1];
		found[j] = tmp;
	}
	if (!out || *count < n) {
		*count = n;
		return SMGW_E_BUFSIZE;
	}
	for (i = 0; i < n; i++)
		fill(&rules[found[i].rule], year, found[i].day, &out[i]);
	*count = n;
	return 0;
}
