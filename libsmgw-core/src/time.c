/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Time: int64 milliseconds UTC, Europe/Berlin legal time without tzdata,
 * ISO 8601, and the measurement-period grid in legal time.
 *
 * Civil-date arithmetic uses the days-from-civil algorithm on the
 * proleptic Gregorian calendar (era of 400 years = 146097 days), which is
 * exact for every year representable here and needs no tables.
 */
#include <string.h>

#include "core-private.h"

#define MS_PER_S SMGW_MS_PER_S
#define MS_PER_DAY SMGW_MS_PER_DAY

/* Civil time limits of smgw_time_to_utc_tm()/smgw_time_from_tm(). */
#define YEAR_MIN 1
#define YEAR_MAX 9999

/*
 * Summer time in Germany (legal time, "MESZ"), as a table. Each row is a
 * range of years; summer time begins on the first Sunday on or after
 * begin_month/begin_day and ends on the first Sunday on or after
 * end_month/end_day, both at 01:00 UTC. Years without a row have no summer
 * time. Checked against tzdata (zdump -v Europe/Berlin) for 1970-2037:
 * the first row is 6 April 1980, then the last Sundays of March and
 * September (1981-1995), then the EU rule of Directive 2000/84/EC (last
 * Sundays of March and October, 1996 on). The directive has no end date;
 * years after 2037 follow it, as tzdata does. Change the last row if the
 * EU abolishes the clock change.
 */
struct dst_rule {
	int32_t first_year, last_year;
	int8_t begin_month, begin_day; /* first Sunday on or after this day */
	int8_t end_month, end_day;
};

static const struct dst_rule berlin_dst[] = {
	{ 1980, 1980, 4, 1, 9, 24 },
	{ 1981, 1995, 3, 25, 9, 24 },
	{ 1996, 2199, 3, 25, 10, 25 },
};

#define BERLIN_STD_OFFSET 3600 /* CET */
#define BERLIN_DST_OFFSET 7200 /* CEST */
#define DST_SWITCH_UTC_HOUR 1  /* both changes happen at 01:00 UTC */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int8_t dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

SMGW_EXPORT int64_t smgw_time_days_from_civil(int32_t year, int32_t month, int32_t day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                                      /* [0, 399] */
	int64_t mp = (month + 9) % 12;                                    /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + day - 1;                       /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;              /* [0, 146096] */

	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *ry, int *rm, int *rd)
{
	int64_t era, doe, yoe, y, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*rd = (int)(doy - (153 * mp + 2) / 5 + 1);
	*rm = (int)(mp < 10 ? mp + 3 : mp - 9);
	*ry = y + (*rm <= 2);
}

static int valid_date(int64_t y, int m, int d)
{
	return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

SMGW_EXPORT int smgw_time_days_in_month(int32_t year, int32_t month)
{
	if (year < YEAR_MIN || year > YEAR_MAX || month < 1 || month > 12)
		return SMGW_E_RANGE;
	return days_in_month(year, month);
}

SMGW_EXPORT int smgw_time_weekday(int32_t year, int32_t month, int32_t day)
{
	int64_t z;

	if (!valid_date(year, month, day))
		return SMGW_E_RANGE;
	z = smgw_time_days_from_civil(year, month, day);
	/* 1970-01-01 was a Thursday (4). */
	return (int)(((z % 7) + 7 + 4) % 7);
}

static void split(int64_t ms, int32_t offset_s, struct smgw_tm *tm)
{
	int64_t local = ms + (int64_t)offset_s * MS_PER_S;
	int64_t days = floor_div(local, MS_PER_DAY);
	int64_t rem = local - days * MS_PER_DAY;
	int64_t y;
	int m, d;

	civil_from_days(days, &y, &m, &d);
	memset(tm, 0, sizeof(*tm));
	tm->year = (int32_t)y;
	tm->month = (int8_t)m;
	tm->day = (int8_t)d;
	tm->hour = (int8_t)(rem / SMGW_MS_PER_HOUR);
	tm->minute = (int8_t)(rem % SMGW_MS_PER_HOUR / SMGW_MS_PER_MIN);
	tm->second = (int8_t)(rem % SMGW_MS_PER_MIN / MS_PER_S);
	tm->ms = (int16_t)(rem % MS_PER_S);
	tm->wday = (int8_t)(((days % 7) + 7 + 4) % 7);
	tm->utc_offset_s = offset_s;
}

/* Instants of 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z. */
#define CIVIL_MIN_MS (INT64_C(-62135596800) * 1000)
#define CIVIL_END_MS (INT64_C(253402300800) * 1000)

SMGW_EXPORT int smgw_time_to_utc_tm(int64_t utc_ms, struct smgw_tm *ret)
{
	smgw_return_if_fail(ret);
	if (utc_ms < CIVIL_MIN_MS || utc_ms >= CIVIL_END_MS)
		return SMGW_E_RANGE;
	split(utc_ms, 0, ret);
	return 0;
}

/* Local wall-clock fields to "local ms" (as if UTC), validating every field. */
static int local_ms_of(const struct smgw_tm *tm, int64_t *ret)
{
	if (!valid_date(tm->year, tm->month, tm->day))
		return SMGW_E_RANGE;
	if (tm->hour < 0 || tm->hour > 23 || tm->minute < 0 || tm->minute > 59 || tm->second < 0 ||
	    tm->second > 59 || tm->ms < 0 || tm->ms > 999)
		return SMGW_E_RANGE;
	*ret = smgw_time_days_from_civil(tm->year, tm->month, tm->day) * MS_PER_DAY +
	       tm->hour * SMGW_MS_PER_HOUR + tm->minute * SMGW_MS_PER_MIN + tm->second * MS_PER_S + tm->ms;
	return 0;
}

SMGW_EXPORT int smgw_time_from_tm(const struct smgw_tm *tm, int64_t *ret_utc_ms)
{
	int64_t local;
	int e;

	smgw_return_if_fail(tm && ret_utc_ms);
	if (tm->utc_offset_s <= -86400 || tm->utc_offset_s >= 86400)
		return SMGW_E_RANGE;
	e = local_ms_of(tm, &local);
	if (e < 0)
		return e;
	*ret_utc_ms = local - (int64_t)tm->utc_offset_s * MS_PER_S;
	return 0;
}

static const struct dst_rule *dst_rule_for(int32_t year)
{
	size_t i;

	for (i = 0; i < SMGW_ARRAY_SIZE(berlin_dst); i++)
		if (year >= berlin_dst[i].first_year && year <= berlin_dst[i].last_year)
			return &berlin_dst[i];
	return NULL;
}

/* 01:00 UTC on the first Sunday on or after year-month-day. */
static int64_t sunday_switch(int32_t year, int month, int day)
{
	int64_t z = smgw_time_days_from_civil(year, month, day);
	int wd = (int)(((z % 7) + 7 + 4) % 7);

	z += (7 - wd) % 7;
	return z * MS_PER_DAY + DST_SWITCH_UTC_HOUR * SMGW_MS_PER_HOUR;
}

SMGW_EXPORT int smgw_time_berlin_dst_bounds(int32_t year, int64_t *ret_begin_ms, int64_t *ret_end_ms)
{
	const struct dst_rule *r;

	smgw_return_if_fail(ret_begin_ms && ret_end_ms);
	if (year < 1970 || year > 2199)
		return SMGW_E_RANGE;
	r = dst_rule_for(year);
	if (!r)
		return SMGW_E_NOTFOUND;
	*ret_begin_ms = sunday_switch(year, r->begin_month, r->begin_day);
	*ret_end_ms = sunday_switch(year, r->end_month, r->end_day);
	return 0;
}

static int in_berlin_range(int64_t utc_ms)
{
	return utc_ms >= SMGW_TIME_MIN_MS && utc_ms < SMGW_TIME_END_MS;
}

/* Offset at an instant known to be in range. */
static int32_t berlin_offset(int64_t utc_ms)
{
	int64_t days = floor_div(utc_ms, MS_PER_DAY), y, b, e;
	int m, d;

	civil_from_days(days, &y, &m, &d);
	if (smgw_time_berlin_dst_bounds((int32_t)y, &b, &e) != 0)
		return BERLIN_STD_OFFSET;
	return utc_ms >= b && utc_ms < e ? BERLIN_DST_OFFSET : BERLIN_STD_OFFSET;
}

SMGW_EXPORT int smgw_time_berlin_offset(int64_t utc_ms)
{
	if (!in_berlin_range(utc_ms))
		return SMGW_E_RANGE;
	return berlin_offset(utc_ms);
}

SMGW_EXPORT int smgw_time_to_berlin(int64_t utc_ms, struct smgw_tm *ret)
{
	int32_t off;

	smgw_return_if_fail(ret);
	if (!in_berlin_range(utc_ms))
		return SMGW_E_RANGE;
	off = berlin_offset(utc_ms);
	split(utc_ms, off, ret);
	ret->is_dst = off == BERLIN_DST_OFFSET;
	return 0;
}

SMGW_EXPORT int smgw_time_from_berlin(const struct smgw_tm *local, int fold, int64_t *ret_utc_ms)
{
	int64_t lms, as_std, as_dst;
	int std_ok, dst_ok, e;

	smgw_return_if_fail(local && ret_utc_ms);
	smgw_return_if_fail(fold == SMGW_FOLD_REJECT || fold == SMGW_FOLD_FIRST || fold == SMGW_FOLD_SECOND);
	e = local_ms_of(local, &lms);
	if (e < 0)
		return e;
	/* A local time is valid under an offset if converting back gives that offset. */
	as_std = lms - BERLIN_STD_OFFSET * MS_PER_S;
	as_dst = lms - BERLIN_DST_OFFSET * MS_PER_S;
	std_ok = in_berlin_range(as_std) && berlin_offset(as_std) == BERLIN_STD_OFFSET;
	dst_ok = in_berlin_range(as_dst) && berlin_offset(as_dst) == BERLIN_DST_OFFSET;
	if (std_ok && dst_ok) {
		if (fold == SMGW_FOLD_REJECT)
			return SMGW_E_TIME_AMBIGUOUS;
		*ret_utc_ms = fold == SMGW_FOLD_FIRST ? as_dst : as_std;
		return 0;
	}
	if (std_ok) {
		*ret_utc_ms = as_std;
		return 0;
	}
	if (dst_ok) {
		*ret_utc_ms = as_dst;
		return 0;
	}
	if (!in_berlin_range(as_std) || !in_berlin_range(as_dst))
		return SMGW_E_RANGE; /* at the ends of the supported range */
	return SMGW_E_TIME_NONEXISTENT;
}

/* ---- ISO 8601 ---- */

static void put_digits(char *p, int64_t v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

SMGW_EXPORT int smgw_time_format_iso8601(int64_t utc_ms, int32_t offset_s, uint32_t flags, char *buf, size_t size)
{
	char out[SMGW_ISO8601_LEN];
	struct smgw_tm tm;
	size_t n = 0;
	int32_t off;

	smgw_return_if_fail(buf || size == 0);
	smgw_return_if_fail((flags & ~(uint32_t)(SMGW_ISO_MS | SMGW_ISO_Z | SMGW_ISO_BERLIN)) == 0);
	if (flags & SMGW_ISO_BERLIN) {
		if (!in_berlin_range(utc_ms))
			return SMGW_E_RANGE;
		off = berlin_offset(utc_ms);
	} else {
		if (offset_s <= -86400 || offset_s >= 86400 || offset_s % 60 != 0)
			return SMGW_E_RANGE;
		off = offset_s;
	}
	if (utc_ms < CIVIL_MIN_MS + INT64_C(86400000) || utc_ms >= CIVIL_END_MS - INT64_C(86400000))
		return SMGW_E_RANGE;
	split(utc_ms, off, &tm);
	put_digits(out, tm.year, 4);
	out[4] = '-';
	put_digits(out + 5, tm.month, 2);
	out[7] = '-';
	put_digits(out + 8, tm.day, 2);
	out[10] = 'T';
	put_digits(out + 11, tm.hour, 2);
	out[13] = ':';
	put_digits(out + 14, tm.minute, 2);
	out[16] = ':';
	put_digits(out + 17, tm.second, 2);
	n = 19;
	if (flags & SMGW_ISO_MS) {
		out[n++] = '.';
		put_digits(out + n, tm.ms, 3);
		n += 3;
	}
	if (off == 0 && (flags & SMGW_ISO_Z)) {
		out[n++] = 'Z';
	} else {
		int32_t a = off < 0 ? -off : off;

		out[n++] = off < 0 ? '-' : '+';
		put_digits(out + n, a / 3600, 2);
		out[n + 2] = ':';
		put_digits(out + n + 3, a % 3600 / 60, 2);
		n += 5;
	}
	out[n] = '\0';
	if (size < n + 1)
		return SMGW_E_BUFSIZE;
	memcpy(buf, out, n + 1);
	return (int)n;
}

/* Reads exactly n decimal digits at *pos. */
static int digits(const char *s, size_t len, size_t *pos, int n, int32_t *ret)
{
	int32_t v = 0;
	int i;

	if (len - *pos < (size_t)n)
		return SMGW_E_SYNTAX;
	for (i = 0; i < n; i++) {
		char c = s[*pos + (size_t)i];

		if (c < '0' || c > '9')
			return SMGW_E_SYNTAX;
		v = v * 10 + (c - '0');
	}
	*pos += (size_t)n;
	*ret = v;
	return 0;
}

static int expect(const char *s, size_t len, size_t *pos, char c)
{
	if (*pos >= len || s[*pos] != c)
		return SMGW_E_SYNTAX;
	(*pos)++;
	return 0;
}

/* Longest text accepted: "YYYY-MM-DDThh:mm:ss.fffffffff+hh:mm". */
#define ISO_MAX_LEN 35

SMGW_EXPORT int smgw_time_parse_iso8601(const char *text, size_t len, int64_t *ret_utc_ms, int32_t *ret_offset_s)
{
	struct smgw_tm tm;
	int32_t y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, ms = 0, oh = 0, om = 0, offset = 0;
	size_t pos = 0;
	int64_t utc;
	int e, sign;

	smgw_return_if_fail(text || len == 0);
	smgw_return_if_fail(ret_utc_ms);
	if (len > ISO_MAX_LEN)
		return SMGW_E_SYNTAX;
	if ((e = digits(text, len, &pos, 4, &y)) || (e = expect(text, len, &pos, '-')) ||
	    (e = digits(text, len, &pos, 2, &mo)) || (e = expect(text, len, &pos, '-')) ||
	    (e = digits(text, len, &pos, 2, &d)))
		return e;
	if (pos >= len || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' '))
		return SMGW_E_SYNTAX;
	pos++;
	if ((e = digits(text, len, &pos, 2, &h)) || (e = expect(text, len, &pos, ':')) ||
	    (e = digits(text, len, &pos, 2, &mi)) || (e = expect(text, len, &pos, ':')) ||
	    (e = digits(text, len, &pos, 2, &se)))
		return e;
	if (pos < len && (text[pos] == '.' || text[pos] == ',')) {
		int nd = 0;

		pos++;
		while (pos < len && text[pos] >= '0' && text[pos] <= '9') {
			if (nd < 3)
				ms = ms * 10 + (text[pos] - '0');
			nd++;
			pos++;
		}
		if (nd < 1 || nd > 9)
			return SMGW_E_SYNTAX;
		while (nd < 3) {
			ms *= 10;
			nd++;
		}
	}
	if (pos >= len)
		return SMGW_E_SYNTAX; /* no offset: refusing to guess */
	if (text[pos] == 'Z' || text[pos] == 'z') {
		pos++;
		offset = 0;
	} else if (text[pos] == '+' || text[pos] == '-') {
		sign = text[pos] == '-' ? -1 : 1;
		pos++;
		if ((e = digits(text, len, &pos, 2, &oh)))
			return e;
		if (pos < len && text[pos] == ':')
			pos++;
		if ((e = digits(text, len, &pos, 2, &om)))
			return e;
		if (oh > 23 || om > 59)
			return SMGW_E_RANGE;
		offset = sign * (oh * 3600 + om * 60);
	} else {
		return SMGW_E_SYNTAX;
	}
	if (pos != len)
		return SMGW_E_SYNTAX;
	if (h > 23 || mi > 59 || se > 59)
		return SMGW_E_RANGE;
	memset(&tm, 0, sizeof(tm));
	tm.year = y;
	tm.month = (int8_t)mo;
	tm.day = (int8_t)d;
	tm.hour = (int8_t)h;
	tm.minute = (int8_t)mi;
	tm.second = (int8_t)se;
	tm.ms = (int16_t)ms;
	tm.utc_offset_s = offset;
	if (mo < 1 || mo > 12 || d < 1 || y < YEAR_MIN || d > days_in_month(y, mo))
		return SMGW_E_RANGE;
	e = smgw_time_from_tm(&tm, &utc);
	if (e < 0)
		return e;
	*ret_utc_ms = utc;
	if (ret_offset_s)
		*ret_offset_s = offset;
	return 0;
}

/* ---- Measurement-period grid in legal time ---- */

/*
 * Grids: periods that divide an hour (60, 300, 900, 1800, 3600 s, ...) are
 * aligned to UTC multiples, which equals alignment to local midnight
 * because Berlin's offsets are whole hours; such a day has 92, 96 or 100
 * quarter hours. The daily period (86400 s) is the local day (23, 24 or
 * 25 hours long). Other lengths have no unambiguous meaning across a
 * clock change and are refused.
 */
static int valid_period(int32_t period_s)
{
	return period_s > 0 && (3600 % period_s == 0 || period_s == 86400);
}

SMGW_EXPORT int smgw_time_berlin_day_start(int32_t year, int32_t month, int32_t day, int64_t *ret_utc_ms)
{
	struct smgw_tm tm;

	smgw_return_if_fail(ret_utc_ms);
	if (year < 1970 || year > 2199 || !valid_date(year, month, day))
		return SMGW_E_RANGE;
	memset(&tm, 0, sizeof(tm));
	tm.year = year;
	tm.month = (int8_t)month;
	tm.day = (int8_t)day;
	/* Midnight is never skipped nor repeated in Berlin (changes at 02:00/03:00). */
	return smgw_time_from_berlin(&tm, SMGW_FOLD_REJECT, ret_utc_ms);
}

/* Start of the local day containing utc_ms, and of the next one. */
static int local_day_of(int64_t utc_ms, int64_t *ret_start, int64_t *ret_next)
{
	struct smgw_tm tm;
	int e = smgw_time_to_berlin(utc_ms, &tm);

	if (e < 0)
		return e;
	e = smgw_time_berlin_day_start(tm.year, tm.month, tm.day, ret_start);
	if (e < 0)
		return e;
	/* 36 h after midnight is always inside the next local day */
	e = smgw_time_to_berlin(*ret_start + 36 * SMGW_MS_PER_HOUR, &tm);
	if (e < 0)
		return e;
	return smgw_time_berlin_day_start(tm.year, tm.month, tm.day, ret_next);
}

SMGW_EXPORT int smgw_time_period_start(int64_t utc_ms, int32_t period_s, int64_t *ret_start_ms)
{
	int64_t p, start, next;
	int e;

	smgw_return_if_fail(ret_start_ms);
	if (!valid_period(period_s))
		return SMGW_E_INVAL;
	if (!in_berlin_range(utc_ms))
		return SMGW_E_RANGE;
	if (period_s == 86400) {
		e = local_day_of(utc_ms, &start, &next);
		if (e < 0)
			return e;
		*ret_start_ms = start;
		return 0;
	}
	p = (int64_t)period_s * MS_PER_S;
	*ret_start_ms = floor_div(utc_ms, p) * p;
	return 0;
}

SMGW_EXPORT int smgw_time_period_next(int64_t utc_ms, int32_t period_s, int64_t *ret_next_ms)
{
	int64_t start, next;
	int e;

	smgw_return_if_fail(ret_next_ms);
	if (!valid_period(period_s))
		return SMGW_E_INVAL;
	if (!in_berlin_range(utc_ms))
		return SMGW_E_RANGE;
	if (period_s == 86400) {
		e = local_day_of(utc_ms, &start, &next);
	} else {
		e = smgw_time_period_start(utc_ms, period_s, &start);
		next = start + (int64_t)period_s * MS_PER_S;
	}
	if (e < 0)
		return e;
	if (!in_berlin_range(next))
		return SMGW_E_RANGE;
	*ret_next_ms = next;
	return 0;
}

SMGW_EXPORT int smgw_time_berlin_day_periods(int32_t year, int32_t month, int32_t day, int32_t period_s)
{
	int64_t a, b, next;
	int e;

	if (!valid_period(period_s))
		return SMGW_E_INVAL;
	e = smgw_time_berlin_day_start(year, month, day, &a);
	if (e < 0)
		return e;
	if (period_s == 86400)
		return 1;
	e = local_day_of(a, &b, &next);
	if (e < 0)
		return e;
	return (int)((next - a) / ((int64_t)period_s * MS_PER_S));
}
