/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file cosem.h
 * @brief COSEM interface classes meters use for readings, turned into measured values.
 *
 * The attribute values come from GET responses (or pushes) as A-XDR Data;
 * these functions read them without allocating and produce core
 * struct smgw_value records: OBIS code, integer value, scaler and unit,
 * status and capture time where the class carries them.
 *
 * | class | attributes used |
 * |---|---|
 * | Data (1) | 2 value |
 * | Register (3) | 2 value, 3 scaler_unit |
 * | Extended Register (4) | 2 value, 3 scaler_unit, 4 status, 5 capture_time |
 * | Demand Register (5) | 2 current_average_value (or 3 last_average_value), 4 scaler_unit, 5 status, 6 capture_time |
 * | Profile Generic (7) | 2 buffer, 3 capture_objects, 4 capture_period |
 * | Clock (8) | 2 time |
 *
 * Values are the integer types, enum, boolean and bcd, and float32/float64
 * when they have an exact decimal form (m * 2^-k = m * 5^k * 10^-k, e.g.
 * 230.5 is 2305 * 10^-1) that fits int64 and the int8 scaler; other
 * floats (0.1f) are SMGW_E_RANGE, never rounded; strings are
 * SMGW_E_DLMS_TYPE.
 */
#ifndef SMGW_COSEM_H
#define SMGW_COSEM_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/value.h>
#include <smgw/dlms.h>

SMGW_BEGIN_DECLS

/** COSEM interface classes handled here. */
enum smgw_cosem_class {
	SMGW_COSEM_DATA = 1,              /**< Data */
	SMGW_COSEM_REGISTER = 3,          /**< Register */
	SMGW_COSEM_EXTENDED_REGISTER = 4, /**< Extended Register */
	SMGW_COSEM_DEMAND_REGISTER = 5,   /**< Demand Register */
	SMGW_COSEM_PROFILE_GENERIC = 7,   /**< Profile Generic */
	SMGW_COSEM_CLOCK = 8              /**< Clock */
};

/** Options of the functions below. */
enum smgw_cosem_flags {
	/** A date-time without deviation is Europe/Berlin local time (else such a time is not used). */
	SMGW_COSEM_BERLIN_FALLBACK = 1u << 0
};

/** The attributes of one object as read from the meter; NULL for attributes not read. */
struct smgw_cosem_object {
	uint16_t class_id;          /**< enum smgw_cosem_class */
	uint8_t logical_name[6];    /**< OBIS code */
	uint32_t value_len;         /**< length of @ref value */
	uint32_t scaler_unit_len;   /**< length of @ref scaler_unit */
	const uint8_t *value;       /**< value (1, 3, 4), current or last average value (5), time (8): A-XDR Data */
	const uint8_t *scaler_unit; /**< scaler_unit (3, 4, 5): A-XDR Data */
	const uint8_t *status;      /**< status (4, 5): A-XDR Data */
	const uint8_t *capture_time; /**< capture_time (4, 5): A-XDR Data (octet-string date-time) */
	uint32_t status_len;        /**< length of @ref status */
	uint32_t capture_time_len;  /**< length of @ref capture_time */
};

/**
 * Turns the attributes of a Data, Register, Extended Register, Demand
 * Register or Clock object into a measured value. A Clock gives its time
 * as value in milliseconds (scaler -3, unit second) and as capture time.
 * A status that is an integer or a bit-string of up to 64 bits becomes
 * the raw status (SMGW_VALUE_HAS_STATUS | SMGW_VALUE_RAW_STATUS).
 *
 * @param o the object
 * @param flags enum smgw_cosem_flags
 * @param[out] ret the value
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0, SMGW_E_DLMS_TYPE (an attribute of the wrong type, or a value
 *         that is not a number), SMGW_E_RANGE (a float without an exact
 *         decimal form), SMGW_E_DLMS_TIME (a capture time or
 *         clock time that is no instant), SMGW_E_UNSUPPORTED (another
 *         class), SMGW_E_NOTFOUND (the value attribute is missing), an
 *         A-XDR error, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_cosem_object_value(const struct smgw_cosem_object *o, uint32_t flags,
							 struct smgw_value *ret, struct smgw_diag *reterr_diag);

/**
 * Reads a scaler_unit attribute (`02 02 0f <scaler> 16 <unit>`).
 * @param data the A-XDR Data
 * @param len its length
 * @param[out] ret_scaler the scaler
 * @param[out] ret_unit the unit code
 * @return 0, SMGW_E_DLMS_TYPE, SMGW_E_TRUNCATED, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_cosem_scaler_unit(const uint8_t *data, size_t len, int8_t *ret_scaler,
							uint8_t *ret_unit);

/** One capture object of a Profile Generic (attribute 3), with the scaler and unit of its column. */
struct smgw_cosem_capture_object {
	uint16_t class_id;          /**< class of the captured object */
	uint8_t logical_name[6];    /**< its OBIS code */
	int8_t attribute;           /**< captured attribute */
	int8_t scaler;              /**< scaler of the column (set by the caller from the object's scaler_unit) */
	uint8_t unit;               /**< unit code of the column, 0 if none */
	uint8_t has_unit;           /**< 1 if @ref scaler and @ref unit are set */
	uint16_t data_index;        /**< data index (0: the whole attribute) */
	uint16_t reserved;          /**< 0 */
};

/**
 * Reads the capture_objects attribute (array of structure {class_id,
 * logical_name, attribute_index, data_index}).
 * @param data the A-XDR Data
 * @param len its length
 * @param out the capture objects (scaler and unit cleared)
 * @param max room in @p out
 * @param[out] ret_n number of capture objects (on SMGW_E_BUFSIZE: the number needed)
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_DLMS_TYPE, an A-XDR error, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_cosem_capture_objects(const uint8_t *data, size_t len,
							    struct smgw_cosem_capture_object *out, size_t max,
							    size_t *ret_n, struct smgw_diag *reterr_diag);

/**
 * Turns the rows of a Profile Generic buffer (attribute 2: array of
 * structures, one element per capture object) into measured values.
 *
 * Per row: the column of a Clock time (class 8, attribute 2) gives the
 * capture time of the row's values; a null-data time is the previous
 * row's time plus @p capture_period_s (the compressed form meters send).
 * A status column (Data 0.x.96.10.x.x attribute 2, or the status
 * attribute of an Extended or Demand Register) gives the raw status of the
 * row's values and is not itself a value. A value column (attribute 2 of
 * Data, Register and Extended Register; attribute 2 or 3 of a Demand
 * Register) with an integer cell gives one value with the column's OBIS,
 * scaler and unit; null-data cells, strings and other columns (capture
 * times, other attributes) are skipped.
 *
 * @param buffer the A-XDR Data of the buffer
 * @param len its length
 * @param cols the capture objects
 * @param ncols their number
 * @param capture_period_s attribute 4 (0 if the buffer never omits times)
 * @param flags enum smgw_cosem_flags
 * @param fn called for each value
 * @param userdata passed to @p fn
 * @param[out] reterr_diag optional details, may be NULL
 * @return the number of values, @p fn's non-zero result, SMGW_E_DLMS_TYPE
 *         (a row with another number of columns, a cell of the wrong
 *         type), SMGW_E_RANGE (a float cell without an exact decimal
 *         form), SMGW_E_DLMS_TIME, an A-XDR error, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_cosem_profile_values(const uint8_t *buffer, size_t len,
					  const struct smgw_cosem_capture_object *cols, size_t ncols,
					  int32_t capture_period_s, uint32_t flags, smgw_dlms_value_fn fn,
					  void *userdata, struct smgw_diag *reterr_diag);

/**
 * Pairs a get-request-with-list and its get-response-with-list and turns
 * the objects read into measured values: item k of the response answers
 * descriptor k of the request; the attributes read of one object (same
 * class and logical name) form a struct smgw_cosem_object for
 * smgw_cosem_object_value(). An object is reported once, at its value
 * attribute (2 for classes 1, 3, 4, 8; 2 or 3 for class 5). Not reported:
 * objects of other classes, results that are data-access-results, values
 * that are strings, registers whose scaler_unit was not read.
 *
 * @param req the parsed get-request-with-list
 * @param resp the parsed get-response-with-list
 * @param flags enum smgw_cosem_flags
 * @param fn called for each value
 * @param userdata passed to @p fn
 * @param[out] reterr_diag optional details, may be NULL
 * @return the number of values, @p fn's non-zero result,
 *         SMGW_E_DLMS_APDU (not such a pair, or the item counts differ),
 *         SMGW_E_LIMIT (more than 1024 items), an error of
 *         smgw_cosem_object_value() other than those of the cases not
 *         reported, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_cosem_list_values(const struct smgw_dlms_apdu *req, const struct smgw_dlms_apdu *resp,
				       uint32_t flags, smgw_dlms_value_fn fn, void *userdata,
				       struct smgw_diag *reterr_diag);

SMGW_END_DECLS

#endif /* SMGW_COSEM_H */
