/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file holiday.h
 * @brief German public holidays, national and per Bundesland, for any year.
 *
 * The rules (which day, which states, from and until which year) are a
 * table in src/holiday.c and documented in docs/core.md, including the
 * years in which state holidays began (Frauentag in Berlin from 2019 and in
 * Mecklenburg-Vorpommern from 2023, Reformationstag in HB, HH, NI and SH
 * from 2018, Weltkindertag in Thuringia from 2019) and one-off days (8 May
 * 2020 and 2025 in Berlin, Reformationstag 2017 everywhere). Holidays that
 * apply only to parts of a state (Fronleichnam in parts of SN and TH, Mariä
 * Himmelfahrt in parts of BY, Augsburger Friedensfest) are reported with
 * SMGW_HOLIDAY_REGIONAL and not counted as state-wide unless asked for.
 * Rules are defined from 1991 (the first full year after unification)
 * onwards; earlier years return SMGW_E_RANGE.
 */
#ifndef SMGW_HOLIDAY_H
#define SMGW_HOLIDAY_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>

SMGW_BEGIN_DECLS

/** The 16 German states, ISO 3166-2:DE codes in their usual order. 0 means national holidays only. */
enum smgw_state {
	SMGW_STATE_NONE = 0, /**< nationwide holidays only */
	SMGW_STATE_BW = 1,   /**< Baden-Württemberg */
	SMGW_STATE_BY = 2,   /**< Bayern */
	SMGW_STATE_BE = 3,   /**< Berlin */
	SMGW_STATE_BB = 4,   /**< Brandenburg */
	SMGW_STATE_HB = 5,   /**< Bremen */
	SMGW_STATE_HH = 6,   /**< Hamburg */
	SMGW_STATE_HE = 7,   /**< Hessen */
	SMGW_STATE_MV = 8,   /**< Mecklenburg-Vorpommern */
	SMGW_STATE_NI = 9,   /**< Niedersachsen */
	SMGW_STATE_NW = 10,  /**< Nordrhein-Westfalen */
	SMGW_STATE_RP = 11,  /**< Rheinland-Pfalz */
	SMGW_STATE_SL = 12,  /**< Saarland */
	SMGW_STATE_SN = 13,  /**< Sachsen */
	SMGW_STATE_ST = 14,  /**< Sachsen-Anhalt */
	SMGW_STATE_SH = 15,  /**< Schleswig-Holstein */
	SMGW_STATE_TH = 16   /**< Thüringen */
};

/** Identifiers of the holidays known to the table (stable values). */
enum smgw_holiday_id {
	SMGW_HOLIDAY_NEUJAHR = 1,            /**< 1 January */
	SMGW_HOLIDAY_HEILIGE_DREI_KOENIGE = 2, /**< 6 January */
	SMGW_HOLIDAY_FRAUENTAG = 3,          /**< 8 March (International Women's Day) */
	SMGW_HOLIDAY_KARFREITAG = 4,         /**< Good Friday */
	SMGW_HOLIDAY_OSTERSONNTAG = 5,       /**< Easter Sunday (BB only) */
	SMGW_HOLIDAY_OSTERMONTAG = 6,        /**< Easter Monday */
	SMGW_HOLIDAY_TAG_DER_ARBEIT = 7,     /**< 1 May */
	SMGW_HOLIDAY_BEFREIUNG = 8,          /**< 8 May, one-off (Berlin 2020, 2025) */
	SMGW_HOLIDAY_HIMMELFAHRT = 9,        /**< Ascension Day */
	SMGW_HOLIDAY_PFINGSTSONNTAG = 10,    /**< Whit Sunday (BB only) */
	SMGW_HOLIDAY_PFINGSTMONTAG = 11,     /**< Whit Monday */
	SMGW_HOLIDAY_FRONLEICHNAM = 12,      /**< Corpus Christi */
	SMGW_HOLIDAY_FRIEDENSFEST = 13,      /**< 8 August, Augsburg only (regional) */
	SMGW_HOLIDAY_MARIAE_HIMMELFAHRT = 14, /**< 15 August */
	SMGW_HOLIDAY_WELTKINDERTAG = 15,     /**< 20 September */
	SMGW_HOLIDAY_EINHEIT = 16,           /**< 3 October */
	SMGW_HOLIDAY_REFORMATIONSTAG = 17,   /**< 31 October */
	SMGW_HOLIDAY_ALLERHEILIGEN = 18,     /**< 1 November */
	SMGW_HOLIDAY_BUSS_UND_BETTAG = 19,   /**< Wednesday before 23 November */
	SMGW_HOLIDAY_WEIHNACHT_1 = 20,       /**< 25 December */
	SMGW_HOLIDAY_WEIHNACHT_2 = 21        /**< 26 December */
};

/** Flags for holiday lookups and results. */
enum smgw_holiday_flags {
	SMGW_HOLIDAY_NATIONAL = 1u << 0,  /**< (result) holiday in every state that year */
	SMGW_HOLIDAY_REGIONAL = 1u << 1,  /**< (result) only in parts of the state; (query) include such days */
	SMGW_HOLIDAY_ONE_OFF = 1u << 2,   /**< (result) a single-year holiday */
	SMGW_HOLIDAY_SUNDAY = 1u << 3     /**< (result) falls on a Sunday by rule (Easter, Whit Sunday) */
};

/** One holiday. Frozen plain data. */
struct smgw_holiday {
	int32_t year;     /**< year */
	int8_t month;     /**< 1..12 */
	int8_t day;       /**< 1..31 */
	int16_t id;       /**< enum smgw_holiday_id */
	uint32_t flags;   /**< enum smgw_holiday_flags */
	const char *name; /**< German name, static, UTF-8 (e.g. "Tag der Deutschen Einheit") */
};

/**
 * Tells whether a date is a public holiday in a state (or nationwide for
 * SMGW_STATE_NONE).
 *
 * @param year,month,day the date
 * @param state enum smgw_state
 * @param flags 0, or SMGW_HOLIDAY_REGIONAL to also count holidays of parts of the state
 * @param[out] ret the holiday, written only when the result is 1 (may be NULL)
 * @return 1 if a holiday, 0 if not, SMGW_E_RANGE (invalid date, year < 1991), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_holiday_check(int32_t year, int32_t month, int32_t day, int32_t state,
				   uint32_t flags, struct smgw_holiday *ret);

/**
 * Lists the holidays of a year in a state in date order.
 *
 * @param year the year (1991 and later)
 * @param state enum smgw_state
 * @param flags 0 or SMGW_HOLIDAY_REGIONAL
 * @param out array, may be NULL to count
 * @param[in,out] count capacity on entry; entries written, or needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_RANGE, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_holiday_list(int32_t year, int32_t state, uint32_t flags,
				  struct smgw_holiday *out, size_t *count);

/**
 * Date of Easter Sunday (Gregorian computus) for a year 1583..9999.
 * @param year the year
 * @param[out] ret_month 3 or 4
 * @param[out] ret_day the day of the month
 * @return 0, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_easter(int32_t year, int32_t *ret_month, int32_t *ret_day);

/**
 * Two-letter code of a state.
 * @param state enum smgw_state
 * @return e.g. "BE", or NULL for an unknown value or SMGW_STATE_NONE
 */
SMGW_EXPORT const char *smgw_state_code(int32_t state);

/**
 * German name of a state.
 * @param state enum smgw_state
 * @return e.g. "Berlin" (UTF-8), or NULL
 */
SMGW_EXPORT const char *smgw_state_name(int32_t state);

/**
 * State from its two-letter code.
 * @param code e.g. "be" (case-insensitive), NUL-terminated
 * @return enum smgw_state value, SMGW_E_NOTFOUND or SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_state_from_code(const char *code);

SMGW_END_DECLS

#endif /* SMGW_HOLIDAY_H */
