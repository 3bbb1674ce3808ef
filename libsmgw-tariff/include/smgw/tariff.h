/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file tariff.h
 * @brief Umbrella header of libsmgw-tariff: tariff use cases (TAF) and VDE AR 2418-6 profiles.
 *
 * Thread safety: no libsmgw library has mutable global state and no
 * library-wide init/cleanup function is required. Distinct objects may be
 * used concurrently from different threads. A single object must not be
 * used from two threads at the same time unless its documentation says
 * otherwise. Callbacks are invoked on the thread that called into the
 * library.
 */
#ifndef SMGW_TARIFF_H
#define SMGW_TARIFF_H

#include <smgw/core.h>
#include <smgw/profile.h>
#include <smgw/taf.h>

SMGW_BEGIN_DECLS

/**
 * Returns the version of the libsmgw-tariff library that is loaded, as
 * "MAJOR.MINOR.PATCH". Compare with SMGW_VERSION_STRING from the headers.
 * @return the version string (static)
 */
SMGW_EXPORT const char *smgw_tariff_version(void);

/** Flags of struct smgw_tariff_options. */
enum smgw_tariff_option_flags {
	/**
	 * TRuDI compatibility: a switching point at the last day time profile
	 * of a day, when it starts at 23:45, is not honoured; the last quarter
	 * hour stays with the stage before it (as TRuDI computes it).
	 */
	SMGW_TARIFF_TRUDI_LAST_SLOT = 1u << 0,
	/**
	 * TRuDI compatibility: energy over a gap that crosses local midnight
	 * goes to a stage only if the stage is also active in the measurement
	 * period that begins at the first valid reading after the gap.
	 */
	SMGW_TARIFF_TRUDI_MIDNIGHT_GAP = 1u << 1,
	/**
	 * Streaming: a reading after the end of the billing period closes it
	 * (on_period) and starts the next one of the same length (whole months
	 * or local days of legal time when the period is such, else the same
	 * number of seconds). Registers restart at zero; the last reading of a
	 * period starts the next, so a span over the boundary belongs to the
	 * period it ends in. A TAF-1 period without its start or end reading
	 * (and, with SMGW_TARIFF_TRUDI_RANGE, a TAF-2 period in which a list
	 * has fewer than two valid readings) is skipped and
	 * smgw_tariff_engine_push() reports
	 * SMGW_E_TARIFF_NO_READING (the engine goes on). The calendar must
	 * cover the later periods too (rules or special days); days it does not
	 * cover are unassigned. TRuDI computes one period, so this is off by
	 * default.
	 */
	SMGW_TARIFF_ROLLOVER = 1u << 2,
	/**
	 * TAF-1/TAF-2 refusal of an empty billing range: every original value
	 * list that feeds a stage needs two valid readings of different times
	 * in the billing period, else the period is refused with
	 * SMGW_E_TARIFF_NO_READING (TRuDI: "Keine Messwerte innerhalb des
	 * Abrechnungszeitraums gefunden" when the first reading is the last).
	 * Without the flag such a list contributes nothing and a period with
	 * one reading closes with zero registers.
	 */
	SMGW_TARIFF_TRUDI_RANGE = 1u << 3
};

/** Default flags: the TRuDI compatibility rules. */
#define SMGW_TARIFF_FLAGS_DEFAULT                                                                                 \
	(SMGW_TARIFF_TRUDI_LAST_SLOT | SMGW_TARIFF_TRUDI_MIDNIGHT_GAP | SMGW_TARIFF_TRUDI_RANGE)

/**
 * Settings of an evaluation. Sized: set @ref struct_size, or start from
 * @ref SMGW_TARIFF_OPTIONS_INIT. The values are rules of PTB-A 50.8 as
 * TRuDI implements them; they are settings because the PTB and BSI
 * documents themselves were not available to verify them.
 */
struct smgw_tariff_options {
	uint32_t struct_size;      /**< sizeof(struct smgw_tariff_options) as compiled by the caller */
	uint32_t flags;            /**< enum smgw_tariff_option_flags */
	int32_t invalid_ptb;       /**< a reading with PTB status >= this is invalid (3: critical and fatal) */
	int32_t align_permille;    /**< capture-time window around the period boundary, per mille of the period (10 = 1 %) */
	int32_t calendar_tail_s;   /**< a last billing day shorter than this needs no calendar entry (3600: the DST hour) */
	int32_t period_s;          /**< measurement period of lists that do not state one; 0 = infer from the readings */
};

/** Initializer with the defaults. */
#define SMGW_TARIFF_OPTIONS_INIT { sizeof(struct smgw_tariff_options), SMGW_TARIFF_FLAGS_DEFAULT, 3, 10, 3600, 0 }

/** One derived register of a result. Frozen plain data. */
struct smgw_tariff_register {
	struct smgw_obis obis;   /**< e.g. 1-0:1.8.1*255, 1-0:1.8.63*255 (error register), 1-0:1.8.0*255 (total) */
	uint16_t tariff_id;      /**< the tariff number (63 for the error register, 0 for a total) */
	int64_t amount;          /**< in the unit and scale of the readings */
};

/** The registers of one closed billing period. */
typedef struct smgw_tariff_result smgw_tariff_result;

/**
 * Start and end of the computed billing range: for TAF-1 the billing
 * period; for TAF-2 the first and last valid reading inside it.
 * @param result the result
 * @param[out] ret_begin_ms begin, ms since 1970 UTC
 * @param[out] ret_end_ms end, ms since 1970 UTC
 * @return 0, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_result_range(const smgw_tariff_result *result, int64_t *ret_begin_ms,
					 int64_t *ret_end_ms);

/**
 * Number of derived registers: the tariff stages of the profile in
 * document order, then one error register per energy direction (C value).
 * @param result the result
 * @return the count, or SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_result_count(const smgw_tariff_result *result);

/**
 * One derived register.
 * @param result the result
 * @param index 0 .. count - 1
 * @param[out] ret_reg the register
 * @return 0, SMGW_E_RANGE, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_result_register(const smgw_tariff_result *result, size_t index,
					    struct smgw_tariff_register *ret_reg);

/**
 * Number of total registers (one per energy direction, e.g. 1-0:1.8.0*255):
 * the change of the meter between the first and the last valid reading
 * inside the billing range. For TAF-2 the stage registers plus the error
 * register of a direction equal its total, unless part of the range has no
 * calendar entry (see smgw_tariff_result_unassigned()).
 * @param result the result
 * @return the count, or SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_result_total_count(const smgw_tariff_result *result);

/**
 * One total register.
 * @param result the result
 * @param index 0 .. count - 1
 * @param[out] ret_reg the register (tariff_id 0)
 * @return 0, SMGW_E_RANGE, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_result_total(const smgw_tariff_result *result, size_t index,
					 struct smgw_tariff_register *ret_reg);

/**
 * Energy of a direction that fell into local days without a calendar
 * entry (the short last day of smgw_tariff_options::calendar_tail_s) and
 * therefore into no register.
 * @param result the result
 * @param index the index of the total register of that direction
 * @param[out] ret_amount the amount
 * @return 0, SMGW_E_RANGE, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_result_unassigned(const smgw_tariff_result *result, size_t index,
					      int64_t *ret_amount);

/**
 * Frees a result.
 * @param result the result, or NULL
 */
SMGW_EXPORT void smgw_tariff_result_free(smgw_tariff_result *result);

/** The streaming evaluator of one profile. */
typedef struct smgw_tariff_engine smgw_tariff_engine;

/** Callbacks of the streaming engine. Sized: set @ref struct_size. */
struct smgw_tariff_callbacks {
	uint32_t struct_size;  /**< sizeof(struct smgw_tariff_callbacks) as compiled by the caller */
	void *userdata;        /**< passed to every callback */
	/**
	 * A register grew (TAF-2: per pair of valid readings; TAF-1: at the
	 * close of the period). May be NULL.
	 * @param userdata the userdata
	 * @param reg the register after the update
	 * @param delta the amount added
	 * @param from_ms start of the time span the amount covers
	 * @param to_ms its end
	 */
	void (*on_register)(void *userdata, const struct smgw_tariff_register *reg, int64_t delta,
			    int64_t from_ms, int64_t to_ms);
	/**
	 * A billing period closed. May be NULL.
	 * @param userdata the userdata
	 * @param result the registers of the period (valid during the call)
	 */
	void (*on_period)(void *userdata, const smgw_tariff_result *result);
};

/**
 * Creates a streaming engine for a profile. The profile must pass
 * smgw_tariff_profile_check() and stay alive as long as the engine. TAF-1,
 * TAF-2 and TAF-5 (TAF-2 registers with external events) profiles are
 * supported.
 *
 * @param ctx the context
 * @param profile the profile
 * @param options the settings, or NULL for the defaults
 * @param callbacks the callbacks, or NULL
 * @param[out] ret_engine the engine, written only on success
 * @param reterr_diag optional details, or NULL
 * @return 0, SMGW_E_TARIFF_PROFILE (with the first finding), SMGW_E_TARIFF_TAF
 *         (use case not evaluated), SMGW_E_NOMEM, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_tariff_engine_new(smgw_ctx *ctx, const smgw_tariff_profile *profile,
							const struct smgw_tariff_options *options,
							const struct smgw_tariff_callbacks *callbacks,
							smgw_tariff_engine **ret_engine,
							struct smgw_diag *reterr_diag);

/**
 * Frees an engine.
 * @param engine the engine, or NULL
 */
SMGW_EXPORT void smgw_tariff_engine_free(smgw_tariff_engine *engine);

/**
 * TAF-5: announces an external event (e.g. a price signal from an external
 * market participant) while the engine runs. A quarter hour that an event
 * covers entirely belongs to the event's stage (of overlapping events the
 * one that started last); a quarter hour with an event edge inside, and a
 * span whose quarter hours have different stages, goes to the error
 * register. Events of the profile (ExternalEventTrigger) apply the same
 * way. Outside events the profile's time program applies, or its
 * defaultTariffNumber when it has none. At most 64 runtime events.
 *
 * @param engine the engine of a TAF-5 profile
 * @param start_ms the event begins (inclusive), ms since 1970 UTC
 * @param end_ms it ends (exclusive)
 * @param tariff_number the tariff stage it selects
 * @return 0, SMGW_E_TARIFF_TAF (not a TAF-5 profile), SMGW_E_RANGE (times,
 *         unknown tariff number), SMGW_E_LIMIT, SMGW_E_STATE, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_tariff_engine_add_event(smgw_tariff_engine *engine, int64_t start_ms,
							      int64_t end_ms, uint16_t tariff_number);

/**
 * Declares an original value list (one meter register, e.g. 1-0:1.8.0).
 * Readings of it go to the stages whose OBIS has the same A, B and C.
 *
 * @param engine the engine
 * @param obis the register of the list (E = 0)
 * @param period_s its measurement period (60 .. 86400 s)
 * @param[out] ret_channel the channel number for smgw_tariff_engine_push()
 * @return 0, SMGW_E_LIMIT (too many channels), SMGW_E_RANGE, SMGW_E_STATE (finished), SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_tariff_engine_add_channel(smgw_tariff_engine *engine,
								const struct smgw_obis *obis, int32_t period_s,
								uint32_t *ret_channel);

/**
 * Feeds one reading of a channel. Readings of a channel come in time
 * order; a reading at the same target time as the one before is a
 * duplicate and ignored. The target time is the value's target time if it
 * has one, else its capture time aligned to the nearest period boundary
 * when it lies within smgw_tariff_options::align_permille of the period;
 * an unaligned reading is not used. Readings outside the billing period,
 * and invalid ones (PTB status), are not used either.
 *
 * @param engine the engine
 * @param channel from smgw_tariff_engine_add_channel()
 * @param value the reading (cumulative register value)
 * @param reterr_diag optional details, or NULL
 * @return 1 if the reading was used, 0 if not, SMGW_E_TARIFF_ORDER (earlier
 *         than the reading before), SMGW_E_TARIFF_NO_READING (with
 *         SMGW_TARIFF_ROLLOVER: a TAF-1 period was skipped), SMGW_E_STATE
 *         (finished), SMGW_E_OVERFLOW, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_tariff_engine_push(smgw_tariff_engine *engine, uint32_t channel,
							 const struct smgw_value *value,
							 struct smgw_diag *reterr_diag);

/**
 * Closes the billing period and returns its registers (also passed to
 * on_period). TAF-1 refuses the computation when a channel has no valid
 * reading at the start or the end of the period; TAF-2 when no channel has
 * two valid readings inside it.
 *
 * @param engine the engine
 * @param[out] ret_result the result, written only on success (free it with smgw_tariff_result_free())
 * @param reterr_diag optional details (the reason of a refusal), or NULL
 * @return 0, SMGW_E_TARIFF_NO_READING, SMGW_E_STATE, SMGW_E_NOMEM, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_tariff_engine_finish(smgw_tariff_engine *engine,
							   smgw_tariff_result **ret_result,
							   struct smgw_diag *reterr_diag);

/**
 * Batch evaluation of a profile over an export, as TRuDI does: only
 * original value lists are used (TAF-1 refuses any other list, and more
 * stages than lists); each list's period is its measurementPeriod, else
 * smgw_tariff_options::period_s, else the most frequent spacing of its
 * readings; readings are sorted by time per list.
 *
 * @param ctx the context
 * @param profile the supplier profile
 * @param exp the gateway export
 * @param options the settings, or NULL for the defaults
 * @param[out] ret_result the result, written only on success
 * @param reterr_diag optional details (the reason of a refusal), or NULL
 * @return 0, SMGW_E_TARIFF_PROFILE, SMGW_E_TARIFF_NO_OVL, SMGW_E_TARIFF_NOT_OVL,
 *         SMGW_E_TARIFF_STAGES, SMGW_E_TARIFF_NO_READING, SMGW_E_TARIFF_TAF,
 *         SMGW_E_NOMEM, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_tariff_evaluate(smgw_ctx *ctx, const smgw_tariff_profile *profile,
						      const smgw_tariff_export *exp,
						      const struct smgw_tariff_options *options,
						      smgw_tariff_result **ret_result,
						      struct smgw_diag *reterr_diag);

/**
 * Bytes of memory one engine holds for a profile (engine state, calendar
 * cache and registers), for sizing.
 * @param engine the engine
 * @return the size in bytes, 0 on NULL
 */
SMGW_EXPORT size_t smgw_tariff_engine_memory(const smgw_tariff_engine *engine);

SMGW_END_DECLS

#endif /* SMGW_TARIFF_H */
