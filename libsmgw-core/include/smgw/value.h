/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file value.h
 * @brief The measured value every libsmgw decoder produces and the tariff engine consumes.
 */
#ifndef SMGW_VALUE_H
#define SMGW_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/obis.h>

SMGW_BEGIN_DECLS

/** Maximum length of a binary meter/server id (SML server ids are 10 bytes; wM-Bus 8). */
#define SMGW_SERVER_ID_MAX 16

/** Flags of struct smgw_value: which optional members are present. */
enum smgw_value_flags {
	SMGW_VALUE_HAS_STATUS = 1u << 0,        /**< @ref smgw_value::status (FNN word) is set */
	SMGW_VALUE_HAS_PTB = 1u << 1,           /**< @ref smgw_value::ptb_status is set */
	SMGW_VALUE_HAS_CAPTURE_TIME = 1u << 2,  /**< @ref smgw_value::capture_ms is set */
	SMGW_VALUE_HAS_TARGET_TIME = 1u << 3,   /**< @ref smgw_value::target_ms is set */
	SMGW_VALUE_HAS_SERVER_ID = 1u << 4,     /**< @ref smgw_value::server_id is set */
	SMGW_VALUE_HAS_UNIT = 1u << 5,          /**< @ref smgw_value::unit is set */
	SMGW_VALUE_RAW_STATUS = 1u << 6,        /**< status is a device status of another kind (e.g. SML meter status), not an FNN word */
	SMGW_VALUE_SECONDS_INDEX = 1u << 7      /**< capture_ms is a device seconds index, not UTC */
};

/**
 * One measured value: register reading, power, voltage, ... Frozen plain
 * data (72 bytes, no implicit padding), safe to place in arrays; `value * 10^scaler` in `unit`.
 */
struct smgw_value {
	struct smgw_obis obis;   /**< what was measured */
	int8_t scaler;           /**< power of ten */
	uint8_t unit;            /**< enum smgw_unit code, 0 if absent */
	int64_t value;           /**< the integer value */
	uint64_t status;         /**< FNN status word (SMGW half high) or raw device status */
	int64_t capture_ms;      /**< capture time, ms since 1970 UTC */
	int64_t target_ms;       /**< target time (aligned period end), ms since 1970 UTC */
	uint32_t flags;          /**< enum smgw_value_flags */
	int32_t ptb_status;      /**< enum smgw_ptb_status */
	uint8_t server_id_len;   /**< bytes used in @ref server_id */
	uint8_t server_id[SMGW_SERVER_ID_MAX]; /**< binary meter/server id */
	uint8_t reserved[7];     /**< zero */
};

/** Zero-initializes a value. */
SMGW_EXPORT void smgw_value_init(struct smgw_value *v);

/**
 * Sets the server id from its binary form.
 * @return 0, SMGW_E_RANGE (longer than SMGW_SERVER_ID_MAX), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_value_set_server_id(struct smgw_value *v, const uint8_t *id, size_t len);

/**
 * Formats the decimal value with its scaler applied, exactly (no floating
 * point), e.g. value 123456, scaler -1 gives "12345.6"; scaler 2 gives
 * "12345600".
 * @return the length written, or SMGW_E_BUFSIZE (32 bytes always suffice)
 */
SMGW_EXPORT int smgw_value_format_decimal(int64_t value, int8_t scaler, char *buf, size_t size);

/**
 * Rescales to another scaler exactly: 1234 at scaler -1 to scaler -3 is 123400.
 * @return 0, SMGW_E_OVERFLOW, SMGW_E_RANGE (precision would be lost going up)
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_value_rescale(int64_t value, int8_t from_scaler, int8_t to_scaler,
						    int64_t *ret);

/**
 * Formats a binary server id in DIN 43863-5 text form where it has that
 * structure (10 bytes: type, medium, 3-letter manufacturer, block, 4-byte
 * serial number gives e.g. "1EMH0012345678"), else as lower-case hex.
 * @return the length written, SMGW_E_BUFSIZE (40 bytes always suffice), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_server_id_format(const uint8_t *id, size_t len, char *buf, size_t size);

/**
 * Parses the DIN 43863-5 text form (e.g. "1EMH0012345678", case-insensitive
 * manufacturer) or a hex string into the 10-byte binary form.
 * @param text the text, need not be NUL-terminated
 * @param len its length
 * @param out output buffer for the binary id
 * @param[in,out] out_len capacity on entry, bytes written on success or needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_SYNTAX, SMGW_E_BUFSIZE, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_server_id_parse(const char *text, size_t len, uint8_t *out, size_t *out_len);

SMGW_END_DECLS

#endif /* SMGW_VALUE_H */
