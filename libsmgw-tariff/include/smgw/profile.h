/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file profile.h
 * @brief VDE AR 2418-6 documents: the supplier tariff file (AnalysisProfile)
 *        and the gateway export (MeterReading / IntervalBlock / IntervalReading).
 *
 * Both are loaded from memory with libxml2 under fixed safety rules: no
 * network, no DTD (a document with a DOCTYPE is refused, so no entity can
 * be declared or expanded), a size limit (@ref SMGW_TARIFF_XML_MAX) and a
 * depth limit (@ref SMGW_TARIFF_XML_DEPTH). With a schema from
 * smgw_tariff_schema_load() the document is also validated against the
 * AR 2418-6 XSD. Every failure names the line in the diagnostics.
 */
#ifndef SMGW_PROFILE_H
#define SMGW_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/ctx.h>
#include <smgw/obis.h>
#include <smgw/value.h>

SMGW_BEGIN_DECLS

/** Largest XML document the loaders accept, in bytes (64 MiB). */
#define SMGW_TARIFF_XML_MAX (64u * 1024u * 1024u)
/** Deepest element nesting the loaders accept. */
#define SMGW_TARIFF_XML_DEPTH 32
/** Most tariff stages of a time-of-use profile, the error register not counted (TRuDI). */
#define SMGW_TARIFF_MAX_STAGES 20
/** Tariff number of the error register (OBIS value group E = 63). */
#define SMGW_TARIFF_ERROR_REGISTER 63

/** The compiled AR 2418-6 XML schema. */
typedef struct smgw_tariff_schema smgw_tariff_schema;
/** A supplier tariff file: one AnalysisProfile. */
typedef struct smgw_tariff_profile smgw_tariff_profile;
/** A gateway export: the meter readings of one UsagePoint. */
typedef struct smgw_tariff_export smgw_tariff_export;

/**
 * Loads and compiles the AR 2418-6 schema from a directory that holds
 * `AR_2418-6.xsd` and the schemas it imports (`espi_derived.xsd`,
 * `atom.xsd`, `xml.xsd`), e.g. the installed
 * `<datadir>/libsmgw/tariff/schema`. Reads files only under @p dir and
 * never the network.
 *
 * @param ctx the context (allocator, log)
 * @param dir the directory
 * @param[out] ret_schema the schema, written only on success
 * @param reterr_diag optional details of a failure, or NULL
 * @return 0, SMGW_E_IO (file missing), SMGW_E_TARIFF_SCHEMA (schema does not
 *         compile), SMGW_E_NOMEM, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_tariff_schema_load(smgw_ctx *ctx, const char *dir,
							 smgw_tariff_schema **ret_schema,
							 struct smgw_diag *reterr_diag);

/**
 * Frees a schema.
 * @param schema the schema, or NULL
 */
SMGW_EXPORT void smgw_tariff_schema_free(smgw_tariff_schema *schema);

/** One tariff stage (TariffStage) of a profile. Frozen plain data. */
struct smgw_tariff_stage {
	struct smgw_obis obis;   /**< the derived register, e.g. 1-0:1.8.1*255 */
	uint16_t tariff_number;  /**< tariffNumber */
};

/** A switching point (DayTimeProfile) of a day profile. Frozen plain data. */
struct smgw_tariff_switch {
	int32_t start_ms;        /**< start time of day in local legal time, ms after 00:00 */
	uint16_t tariff_number;  /**< tariffNumber from this time on */
	uint16_t reserved;       /**< zero */
};

/**
 * Loads a supplier tariff file (UsagePoints/UsagePoint/AnalysisProfile).
 * Structural rules are enforced here (one AnalysisProfile, integers in
 * range, times with offsets); the referential and calendar rules are the
 * findings of smgw_tariff_profile_check().
 *
 * @param ctx the context
 * @param schema the schema to validate against, or NULL to skip XSD validation
 * @param xml the document
 * @param len its length (at most SMGW_TARIFF_XML_MAX)
 * @param[out] ret_profile the profile, written only on success
 * @param reterr_diag optional details (message and line) of a failure, or NULL
 * @return 0, SMGW_E_TARIFF_XML, SMGW_E_TARIFF_DTD, SMGW_E_TARIFF_SCHEMA,
 *         SMGW_E_TARIFF_CONTENT, SMGW_E_LIMIT, SMGW_E_NOMEM, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_tariff_profile_load(smgw_ctx *ctx, const smgw_tariff_schema *schema,
							  const uint8_t *xml, size_t len,
							  smgw_tariff_profile **ret_profile,
							  struct smgw_diag *reterr_diag);

/**
 * Frees a profile.
 * @param profile the profile, or NULL
 */
SMGW_EXPORT void smgw_tariff_profile_free(smgw_tariff_profile *profile);

/**
 * The tariff use case of the profile (tariffUseCase: 1 = TAF-1, 2 = TAF-2, ...).
 * @param profile the profile
 * @return the TAF number, or SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_profile_taf(const smgw_tariff_profile *profile);

/**
 * The billing period of the profile.
 * @param profile the profile
 * @param[out] ret_begin_ms start, ms since 1970 UTC
 * @param[out] ret_end_ms start plus duration, ms since 1970 UTC
 * @return 0, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_profile_billing_period(const smgw_tariff_profile *profile,
						   int64_t *ret_begin_ms, int64_t *ret_end_ms);

/**
 * Number of tariff stages.
 * @param profile the profile
 * @return the count, or SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_profile_stage_count(const smgw_tariff_profile *profile);

/**
 * One tariff stage, in document order.
 * @param profile the profile
 * @param index 0 .. count - 1
 * @param[out] ret_stage the stage
 * @return 0, SMGW_E_RANGE, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_profile_stage(const smgw_tariff_profile *profile, size_t index,
					  struct smgw_tariff_stage *ret_stage);

/**
 * The tariffId text of the profile.
 * @param profile the profile
 * @return the NUL-terminated text (valid as long as the profile), "" if absent, NULL on a NULL profile
 */
SMGW_EXPORT const char *smgw_tariff_profile_id(const smgw_tariff_profile *profile);

/**
 * Severity of a finding of smgw_tariff_profile_check().
 */
enum smgw_tariff_severity {
	SMGW_TARIFF_ERROR = 1,   /**< the profile cannot be evaluated */
	SMGW_TARIFF_WARNING = 2  /**< evaluation is possible; the supplier should look at it */
};

/**
 * Called once per finding.
 * @param userdata the pointer given to smgw_tariff_profile_check()
 * @param severity enum smgw_tariff_severity
 * @param code the SMGW_E_* code of the rule
 * @param line the source line of the offending element, 0 if none
 * @param message English text, NUL-terminated, valid during the call
 */
typedef void (*smgw_tariff_finding_fn)(void *userdata, int severity, int code, uint32_t line,
				       const char *message);

/**
 * Static checks of a profile, like TRuDI's: at most SMGW_TARIFF_MAX_STAGES
 * stages plus the error register; unique tariff numbers and dayIds; every
 * referenced dayId, week profile and tariffNumber exists; every day profile
 * starts at 00:00 and switches only on quarter-hour boundaries (the
 * measurement period); the calendar (special days, else season and week
 * profiles) names a day profile for every local day of the billing period
 * and each energy direction; TAF-1: the billing period starts at 00:00 on
 * the first of a month and lasts 1, 2, 3, 6 or 12 months, the calendar
 * names no day outside it, and no day profile switches stages.
 *
 * @param profile the profile
 * @param fn called per finding, or NULL to count only
 * @param userdata passed to @p fn
 * @return the number of findings of severity SMGW_TARIFF_ERROR (0 = the
 *         profile can be evaluated), or SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_profile_check(const smgw_tariff_profile *profile,
					  smgw_tariff_finding_fn fn, void *userdata);

/**
 * Writes the profile as an AR 2418-6 supplier file (UsagePoints /
 * UsagePoint / AnalysisProfile), valid against the schema, NUL-terminated.
 * Loading the output gives an equal profile. Size query: with @p buf NULL
 * or too small, SMGW_E_BUFSIZE and @p ret_len tell the length.
 *
 * @param profile the profile
 * @param buf output buffer, or NULL
 * @param size its size
 * @param[out] ret_len length of the document without the NUL (also on SMGW_E_BUFSIZE)
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_profile_write(const smgw_tariff_profile *profile, char *buf, size_t size,
					  size_t *ret_len);

/**
 * Expands calendar rules into explicit special days, as TRuDI requires:
 * for every local day of the billing period and every energy direction
 * without a special day, the day profile of the week profile of the
 * season in force is added as a special day. A public holiday of @p state
 * (core's calendar, smgw_holiday_check()) gets @p holiday_day_id if that
 * day profile serves the direction, else the Sunday day profile of the
 * week (the usual German convention for holidays; a setting because no
 * normative source fixes it).
 *
 * @param profile the profile, changed in place
 * @param state enum smgw_state (0 = national holidays only), or -1 for no holidays
 * @param holiday_flags 0 or SMGW_HOLIDAY_REGIONAL (see smgw_holiday_check())
 * @param holiday_day_id the dayId for holidays, 0 for the Sunday rule
 * @param reterr_diag optional details, or NULL
 * @return the number of special days added, SMGW_E_TARIFF_PROFILE (a day
 *         no rule covers), SMGW_E_NOMEM, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_profile_expand_calendar(smgw_tariff_profile *profile, int32_t state,
						    uint32_t holiday_flags, uint16_t holiday_day_id,
						    struct smgw_diag *reterr_diag);

/** One meter reading list (MeterReading) of an export. */
struct smgw_tariff_list_info {
	uint32_t struct_size;     /**< sizeof(struct smgw_tariff_list_info) as compiled by the caller */
	struct smgw_obis obis;    /**< ReadingType obisCode */
	int8_t scaler;            /**< ReadingType scaler */
	uint8_t unit;             /**< enum smgw_unit (from the ESPI uom) */
	int32_t period_s;         /**< ReadingType measurementPeriod, 0 if absent */
	int32_t original;         /**< 1 if an original value list (qualifiedLogicalName OBIS.meterId.sm with the list's meterId) */
	uint32_t count;           /**< number of IntervalReadings */
	const char *meter_id;     /**< Meter/meterId, "" if absent; valid as long as the export */
	const char *reading_id;   /**< meterReadingId; valid as long as the export */
};

/**
 * Loads a gateway export (UsagePoints/UsagePoint with MeterReadings).
 * Every IntervalReading becomes a struct smgw_value with the list's OBIS,
 * scaler and unit, the capture time (timePeriod/start), the target time
 * if given, the FNN status word (statusFNN) and the PTB status
 * (statusPTB, or derived from statusFNN; the worse of both if both are
 * present).
 *
 * @param ctx the context
 * @param schema the schema, or NULL to skip XSD validation
 * @param xml the document
 * @param len its length (at most SMGW_TARIFF_XML_MAX)
 * @param[out] ret_export the export, written only on success
 * @param reterr_diag optional details (message and line), or NULL
 * @return 0, SMGW_E_TARIFF_XML, SMGW_E_TARIFF_DTD, SMGW_E_TARIFF_SCHEMA,
 *         SMGW_E_TARIFF_CONTENT, SMGW_E_LIMIT, SMGW_E_NOMEM, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_tariff_export_load(smgw_ctx *ctx, const smgw_tariff_schema *schema,
							 const uint8_t *xml, size_t len,
							 smgw_tariff_export **ret_export,
							 struct smgw_diag *reterr_diag);

/**
 * Frees an export.
 * @param exp the export, or NULL
 */
SMGW_EXPORT void smgw_tariff_export_free(smgw_tariff_export *exp);

/**
 * Number of meter reading lists.
 * @param exp the export
 * @return the count, or SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_export_list_count(const smgw_tariff_export *exp);

/**
 * Describes one list.
 * @param exp the export
 * @param index 0 .. count - 1
 * @param[in,out] info struct_size set by the caller; filled up to it
 * @return 0, SMGW_E_RANGE, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_tariff_export_list(const smgw_tariff_export *exp, size_t index,
					struct smgw_tariff_list_info *info);

/**
 * The readings of one list in document order.
 * @param exp the export
 * @param index 0 .. count - 1
 * @param[out] ret_count the number of readings
 * @return the readings (valid as long as the export), NULL on a bad argument
 */
SMGW_EXPORT const struct smgw_value *smgw_tariff_export_readings(const smgw_tariff_export *exp,
								 size_t index, size_t *ret_count);

SMGW_END_DECLS

#endif /* SMGW_PROFILE_H */
