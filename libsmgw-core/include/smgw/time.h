/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file time.h
 * @brief Time as int64 milliseconds UTC; Europe/Berlin legal time without tzdata;
 *        ISO 8601; the measurement-period grid in legal time.
 *
 * All times in libsmgw are `int64_t` milliseconds since 1970-01-01T00:00:00Z
 * (POSIX time, no leap seconds), valid for years 1970 to 2199 in the
 * conversions below. Legal time in Germany is CET (UTC+1) and CEST (UTC+2).
 * The switching rules are a table in src/time.c (documented in docs/core.md):
 * no summer time 1970-1979; 1980 from 6 April to 28 September; 1981-1995
 * last Sunday in March to last Sunday in September; from 1996 last Sunday in
 * March to last Sunday in October (EU Directive 2000/84/EC), always at
 * 01:00 UTC. The table ends in 2199.
 */
#ifndef SMGW_TIME_H
#define SMGW_TIME_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>

SMGW_BEGIN_DECLS

/** Milliseconds per second, minute, hour, day. */
#define SMGW_MS_PER_S INT64_C(1000)
#define SMGW_MS_PER_MIN INT64_C(60000)     /**< ms per minute */
#define SMGW_MS_PER_HOUR INT64_C(3600000)  /**< ms per hour */
#define SMGW_MS_PER_DAY INT64_C(86400000)  /**< ms per day */

/** Earliest instant the Berlin conversions accept: 1970-01-01T00:00:00Z. */
#define SMGW_TIME_MIN_MS INT64_C(0)
/** First instant they reject: 2200-01-01T00:00:00Z. */
#define SMGW_TIME_END_MS INT64_C(7258118400000)

/** Broken-down civil time. Frozen plain data. */
struct smgw_tm {
	int32_t year;       /**< e.g. 2026 */
	int8_t month;       /**< 1..12 */
	int8_t day;         /**< 1..31 */
	int8_t hour;        /**< 0..23 */
	int8_t minute;      /**< 0..59 */
	int8_t second;      /**< 0..59 */
	int8_t wday;        /**< 0 = Sunday ... 6 = Saturday (output only) */
	int16_t ms;         /**< 0..999 */
	int32_t utc_offset_s; /**< offset to UTC in seconds: 3600 (CET) or 7200 (CEST) for Berlin, 0 for UTC */
	int32_t is_dst;     /**< 1 in CEST, 0 otherwise (output only) */
};

/** How smgw_time_from_berlin() treats a local time in the repeated October hour. */
enum smgw_fold {
	SMGW_FOLD_REJECT = 0,  /**< return SMGW_E_TIME_AMBIGUOUS (default: never guess) */
	SMGW_FOLD_FIRST = 1,   /**< the first occurrence (still CEST, UTC+2) */
	SMGW_FOLD_SECOND = 2   /**< the second occurrence (CET, UTC+1) */
};

/**
 * Splits a UTC instant into UTC civil time (offset 0).
 * @param utc_ms the instant
 * @param[out] ret the civil time
 * @return 0, SMGW_E_RANGE (outside year 1..9999), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_time_to_utc_tm(int64_t utc_ms, struct smgw_tm *ret);

/**
 * Builds a UTC instant from civil time, applying @p tm->utc_offset_s (so a
 * struct filled with an explicit offset gives the instant it denotes).
 * Fields are validated (month 1..12, day within month, ...).
 * @param tm the civil time (wday and is_dst are ignored)
 * @param[out] ret_utc_ms the instant
 * @return 0, SMGW_E_RANGE (invalid field), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_time_from_tm(const struct smgw_tm *tm, int64_t *ret_utc_ms);

/**
 * Converts a UTC instant to Europe/Berlin legal time.
 * @param utc_ms the instant
 * @param[out] ret the legal time, with utc_offset_s and is_dst set
 * @return 0, SMGW_E_RANGE (outside 1970..2199), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_time_to_berlin(int64_t utc_ms, struct smgw_tm *ret);

/**
 * Converts Europe/Berlin legal time to UTC. @p local->utc_offset_s,
 * wday and is_dst are ignored.
 *
 * @param local the local time
 * @param fold how to treat the repeated October hour
 * @param[out] ret_utc_ms the instant
 * @return 0; SMGW_E_TIME_NONEXISTENT for a time in the skipped March hour;
 *         SMGW_E_TIME_AMBIGUOUS for the repeated October hour with
 *         SMGW_FOLD_REJECT; SMGW_E_RANGE; SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_time_from_berlin(const struct smgw_tm *local, int fold, int64_t *ret_utc_ms);

/**
 * The UTC offset of Europe/Berlin at an instant: 3600 or 7200 seconds.
 * @param utc_ms the instant
 * @return the offset in seconds, or SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_time_berlin_offset(int64_t utc_ms);

/**
 * The two UTC instants at which summer time begins and ends in @p year.
 * @param year the year (1970..2199)
 * @param[out] ret_begin_ms first instant of summer time
 * @param[out] ret_end_ms first instant of winter time after it
 * @return 0, SMGW_E_NOTFOUND (no summer time that year, e.g. 1975), SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_time_berlin_dst_bounds(int32_t year, int64_t *ret_begin_ms, int64_t *ret_end_ms);

/** Flags for smgw_time_format_iso8601(). */
enum smgw_iso_flags {
	SMGW_ISO_MS = 1u << 0,       /**< include milliseconds (.sss) */
	SMGW_ISO_Z = 1u << 1,        /**< write "Z" instead of "+00:00" for offset 0 */
	SMGW_ISO_BERLIN = 1u << 2    /**< ignore @p offset_s and use the Berlin legal offset at that instant */
};

/** Buffer size that holds any formatted ISO 8601 time ("2026-03-29T02:00:00.000+02:00" + NUL). */
#define SMGW_ISO8601_LEN 32

/**
 * Formats `YYYY-MM-DDThh:mm:ss[.sss](Z|±hh:mm)`.
 *
 * @param utc_ms the instant
 * @param offset_s the offset to show (-86399..86399, whole minutes), unless SMGW_ISO_BERLIN
 * @param flags enum smgw_iso_flags
 * @param buf output, SMGW_ISO8601_LEN bytes always suffice
 * @param size its size
 * @return the length written, SMGW_E_BUFSIZE, SMGW_E_RANGE, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_time_format_iso8601(int64_t utc_ms, int32_t offset_s, uint32_t flags,
					 char *buf, size_t size);

/**
 * Parses ISO 8601 extended format with a mandatory offset:
 * `YYYY-MM-DDThh:mm:ss[.f...](Z|±hh:mm|±hhmm)`; a space is accepted for
 * 'T', fractions of 1 to 9 digits (truncated to ms). A time without offset
 * is rejected (it would be a guess). Second 60 is rejected.
 *
 * @param text the text, need not be NUL-terminated
 * @param len its length
 * @param[out] ret_utc_ms the instant
 * @param[out] ret_offset_s the offset that was given (may be NULL)
 * @return 0, SMGW_E_SYNTAX, SMGW_E_RANGE, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_time_parse_iso8601(const char *text, size_t len, int64_t *ret_utc_ms,
							 int32_t *ret_offset_s);

/**
 * Start of the measurement period that contains @p utc_ms, on the grid of
 * legal time. Periods that divide an hour (60, 300, 900, 1800, 3600 s, ...)
 * are counted from local midnight, which for Berlin's whole-hour offsets is
 * the same as UTC alignment; a day then has 92, 96 or 100 quarter hours.
 * The daily period (86400 s) is the local day, 23, 24 or 25 hours long.
 * Other lengths are ambiguous across a clock change and refused.
 *
 * @param utc_ms the instant
 * @param period_s the period length in seconds
 * @param[out] ret_start_ms start of the period
 * @return 0, SMGW_E_INVAL (unsupported period), SMGW_E_RANGE (outside 1970..2199)
 */
SMGW_EXPORT int smgw_time_period_start(int64_t utc_ms, int32_t period_s, int64_t *ret_start_ms);

/**
 * Start of the next measurement period after the one containing @p utc_ms
 * (the end of the current one).
 *
 * @param utc_ms the instant
 * @param period_s the period length in seconds, as for smgw_time_period_start()
 * @param[out] ret_next_ms start of the next period
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_time_period_next(int64_t utc_ms, int32_t period_s, int64_t *ret_next_ms);

/**
 * UTC instant of local midnight (00:00 Europe/Berlin) that begins the given day.
 * @param year the year (1970..2199)
 * @param month the month 1..12
 * @param day the day of the month
 * @param[out] ret_utc_ms the instant
 * @return 0, SMGW_E_RANGE (invalid date or outside 1970..2199), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_time_berlin_day_start(int32_t year, int32_t month, int32_t day, int64_t *ret_utc_ms);

/**
 * Number of measurement periods of @p period_s seconds in a local day
 * (96 quarter hours normally, 92 on the March change, 100 in October).
 * @param year the year (1970..2199)
 * @param month the month 1..12
 * @param day the day of the month
 * @param period_s the period length, as for smgw_time_period_start()
 * @return the count (> 0), SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_time_berlin_day_periods(int32_t year, int32_t month, int32_t day, int32_t period_s);

/**
 * Day of the week of a Gregorian date.
 * @param year the year (1..9999)
 * @param month the month 1..12
 * @param day the day of the month
 * @return 0 = Sunday ... 6 = Saturday, or SMGW_E_RANGE for an invalid date
 */
SMGW_EXPORT int smgw_time_weekday(int32_t year, int32_t month, int32_t day);

/**
 * Days in a month.
 * @param year the year (1..9999)
 * @param month the month 1..12
 * @return 28..31, or SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_time_days_in_month(int32_t year, int32_t month);

/**
 * Days since 1970-01-01 of a Gregorian date (proleptic calendar). The
 * date is not validated; day 0 or 32 count on from the month's start.
 * @param year the year
 * @param month the month 1..12
 * @param day the day of the month
 * @return the day number, negative before 1970
 */
SMGW_EXPORT int64_t smgw_time_days_from_civil(int32_t year, int32_t month, int32_t day);

SMGW_END_DECLS

#endif /* SMGW_TIME_H */
