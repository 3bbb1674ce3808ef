/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file taf.h
 * @brief The other tariff use cases: TAF-7 register series and TAF-6 daily
 *        values, the stage strategies of TAF-3 (load), TAF-4 (consumption),
 *        TAF-5 (external events) and TAF-8 (demand extremes), and the data
 *        sets of TAF-9 (current feed-in), TAF-10 (grid state) and TAF-14
 *        (high-frequency values).
 *
 * TAF-7 and TAF-6 are rules of PTB-A 50.8 as TRuDI implements them (capture
 * within 1 % of the period of its boundary, gaps stay gaps). TAF-3, 4, 5, 8,
 * 9, 10 and 14 are not covered by PTB-A 50.8; their rules here follow the
 * TAF catalogue of TR-03109-1 as summarised in docs/tariff.md and are
 * marked as unverified there. All functions are pure: no allocation, no
 * clock, integers only.
 */
#ifndef SMGW_TAF_H
#define SMGW_TAF_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/value.h>

SMGW_BEGIN_DECLS

/** Flags of struct smgw_tariff_point. */
enum smgw_tariff_point_flags {
	SMGW_TARIFF_POINT_GAP = 1u << 0,     /**< no reading for this boundary (value is 0) */
	SMGW_TARIFF_POINT_INVALID = 1u << 1  /**< a reading with PTB status 3 or 4 (value kept, not usable) */
};

/** One boundary of a register series (TAF-7, TAF-6). Frozen plain data. */
struct smgw_tariff_point {
	int64_t target_ms;    /**< the period boundary (Sollzeitpunkt), ms since 1970 UTC */
	int64_t capture_ms;   /**< the capture time of the reading, 0 for a gap */
	int64_t value;        /**< the register value, 0 for a gap */
	uint64_t status;      /**< FNN status word, 0 if none */
	int32_t ptb_status;   /**< PTB status of the reading (worse of statusPTB and FNN mapping) */
	uint32_t flags;       /**< enum smgw_tariff_point_flags */
};

/** Days of TAF-6 daily values kept ("the past six weeks"). */
#define SMGW_TARIFF_TAF6_DAYS 42

/**
 * TAF-7: the register series at every period boundary in [@p from_ms,
 * @p to_ms] (both rounded up to the grid of legal time). A reading belongs
 * to the boundary given by its target time, or else to the boundary its
 * capture time lies within @p align_permille of the period of; readings
 * outside that window are not used (counted in @p ret_unaligned). A
 * boundary without a reading is a gap, never filled. Of two readings for
 * one boundary the first counts. The readings need not be sorted.
 *
 * @param readings the readings of one register
 * @param n their number
 * @param period_s the measurement period: divides 3600, or 86400 (local days)
 * @param align_permille the window in per mille of the period (10 = 1 %)
 * @param from_ms the first boundary
 * @param to_ms the last boundary
 * @param out the points, or NULL to count
 * @param[in,out] count capacity on entry; points written, or needed on SMGW_E_BUFSIZE
 * @param[out] ret_unaligned readings outside every window (may be NULL)
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_RANGE (period or times), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_taf7_series(const struct smgw_value *readings, size_t n, int32_t period_s,
					int32_t align_permille, int64_t from_ms, int64_t to_ms,
					struct smgw_tariff_point *out, size_t *count, size_t *ret_unaligned);

/**
 * TAF-6: the daily register values (local midnight, 1 % window = 864 s)
 * of the SMGW_TARIFF_TAF6_DAYS days that end with the given local day: the
 * boundaries 00:00 of the first day through 00:00 after the last day
 * (SMGW_TARIFF_TAF6_DAYS + 1 points). Gaps stay gaps.
 *
 * @param readings the readings of one register
 * @param n their number
 * @param year,month,day the last day of the window (local date)
 * @param out SMGW_TARIFF_TAF6_DAYS + 1 points
 * @param[out] ret_unaligned readings outside every window (may be NULL)
 * @return 0, SMGW_E_RANGE (date), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_taf6_daily(const struct smgw_value *readings, size_t n, int32_t year, int32_t month,
				       int32_t day, struct smgw_tariff_point out[SMGW_TARIFF_TAF6_DAYS + 1],
				       size_t *ret_unaligned);

/**
 * TAF-3 (load-variable tariff): every period between two usable
 * consecutive points is assigned by its mean power P = delta * 3600 /
 * period_s (the readings' unit per hour, e.g. W from Wh) to stage k =
 * the number of thresholds <= P; energy over a gap or an invalid point
 * cannot be assigned to a load and goes to the error register.
 *
 * @param pts a series from smgw_tariff_taf7_series()
 * @param n its length
 * @param period_s its period (divides 3600)
 * @param thresholds ascending power thresholds
 * @param nthresholds their number (stages = nthresholds + 1)
 * @param regs nthresholds + 2 registers: the stages, then the error register; added to
 * @return 0, SMGW_E_RANGE (period, thresholds not ascending), SMGW_E_OVERFLOW, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_taf3_load(const struct smgw_tariff_point *pts, size_t n, int32_t period_s,
				      const int64_t *thresholds, size_t nthresholds, int64_t *regs);

/**
 * TAF-4 (consumption-variable tariff): the consumption since the first
 * usable point of the billing period moves through stages: stage k holds
 * the energy while the running total is below quanta[k]; a period that
 * crosses a quantum is split exactly at it. The stage depends on energy,
 * not on time, so energy over a gap is assigned as well.
 *
 * @param pts a series from smgw_tariff_taf7_series() over the billing period
 * @param n its length
 * @param quanta ascending cumulative limits
 * @param nquanta their number (stages = nquanta + 1)
 * @param regs nquanta + 1 registers, added to
 * @return 0, SMGW_E_RANGE (quanta not ascending), SMGW_E_OVERFLOW, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_taf4_consumption(const struct smgw_tariff_point *pts, size_t n, const int64_t *quanta,
					     size_t nquanta, int64_t *regs);

/** An external event of TAF-5 (AR 2418-6 ExternalEvent). Frozen plain data. */
struct smgw_tariff_event {
	int64_t start_ms;   /**< the event starts (inclusive) */
	int64_t end_ms;     /**< and ends (exclusive) */
	uint32_t stage;     /**< index of the register it selects */
	uint32_t reserved;  /**< zero */
};

/**
 * TAF-5 (event-variable tariff): a period belongs to the stage of the
 * event that covers it entirely (of overlapping events the one that
 * started last), or to @p default_stage; energy over a span whose periods
 * belong to different stages (a gap over an event edge, an event edge
 * inside a period) goes to the error register.
 *
 * @param pts a series from smgw_tariff_taf7_series()
 * @param n its length
 * @param events the events
 * @param nevents their number
 * @param default_stage the stage outside events
 * @param nstages number of stage registers
 * @param regs nstages + 1 registers: the stages, then the error register; added to
 * @return 0, SMGW_E_RANGE (a stage index >= nstages), SMGW_E_OVERFLOW, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_taf5_events(const struct smgw_tariff_point *pts, size_t n,
					const struct smgw_tariff_event *events, size_t nevents,
					uint32_t default_stage, uint32_t nstages, int64_t *regs);

/** A demand extreme of TAF-8. Frozen plain data. */
struct smgw_tariff_extreme {
	int64_t start_ms;   /**< start of the measurement period */
	int64_t end_ms;     /**< its end */
	int64_t energy;     /**< energy in the period (unit of the readings) */
	int64_t power;      /**< mean power: energy * 3600 / period_s (unit per hour) */
};

/**
 * TAF-8: maximum and minimum demand of the billing period over the
 * periods with two usable boundary readings (ties: the earliest).
 *
 * @param pts a series from smgw_tariff_taf7_series()
 * @param n its length
 * @param period_s its period (divides 3600)
 * @param[out] ret_max the maximum
 * @param[out] ret_min the minimum
 * @return 0, SMGW_E_NOTFOUND (no usable period), SMGW_E_RANGE, SMGW_E_OVERFLOW, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_taf8_extremes(const struct smgw_tariff_point *pts, size_t n, int32_t period_s,
					  struct smgw_tariff_extreme *ret_max, struct smgw_tariff_extreme *ret_min);

/**
 * TAF-9: the current feed-in: the latest valid value of active power
 * export (C = 2, D = 7, e.g. 1-0:2.7.0) or of signed active power
 * (C = 16, D = 7; negative = feed-in, returned as its magnitude, 0 when
 * importing) captured at or before @p at_ms and not older than @p max_age_ms.
 *
 * @param values instantaneous values (any order)
 * @param n their number
 * @param at_ms the time of the request
 * @param max_age_ms the oldest acceptable capture
 * @param[out] ret the value (OBIS as measured, value as feed-in)
 * @return 0, SMGW_E_NOTFOUND, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_taf9_feed_in(const struct smgw_value *values, size_t n, int64_t at_ms,
					 int64_t max_age_ms, struct smgw_value *ret);

/**
 * TAF-10: a grid-state data set: for each quantity of the grid-state table
 * (voltages L1-L3 32/52/72.7.0, currents 31/51/71.7.0, frequency 14.7.0,
 * active power 16.7.0, power factor 13.7.0; a table in src/taf.c) the
 * latest valid value captured in (at_ms - max_age_ms, at_ms], in table
 * order; missing quantities are left out.
 *
 * @param values instantaneous values (any order)
 * @param n their number
 * @param at_ms the time of the data set
 * @param max_age_ms the oldest acceptable capture
 * @param out the data set, or NULL to count
 * @param[in,out] count capacity on entry; values written, or needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_taf10_grid_state(const struct smgw_value *values, size_t n, int64_t at_ms,
					     int64_t max_age_ms, struct smgw_value *out, size_t *count);

/**
 * TAF-14: high-frequency values at a configured interval: for every
 * interval [t, t + interval) of the grid of @p interval_s in [from_ms,
 * to_ms) the latest valid value captured inside it; intervals without one
 * are gaps and produce nothing.
 *
 * @param values values of one quantity, sorted by capture time
 * @param n their number
 * @param interval_s the interval, 1..900 s, dividing 3600
 * @param from_ms start
 * @param to_ms end (exclusive)
 * @param out the samples, or NULL to count
 * @param[in,out] count capacity on entry; samples written, or needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_RANGE, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_taf14_sample(const struct smgw_value *values, size_t n, int32_t interval_s,
					 int64_t from_ms, int64_t to_ms, struct smgw_value *out, size_t *count);

SMGW_END_DECLS

#endif /* SMGW_TAF_H */
