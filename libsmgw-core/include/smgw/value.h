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

/**
 * Zero-initializes a value.
 * @param v the value; NULL is ignored
 */
SMGW_EXPORT void smgw_value_init(struct smgw_value *v);

/**
 * Sets the server id from its binary form and sets SMGW_VALUE_HAS_SERVER_ID.
 * @param v the value
 * @param id the binary id (may be NULL if len is 0)
 * @param len its length
 * @return 0, SMGW_E_RANGE (longer than SMGW_SERVER_ID_MAX), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_value_set_server_id(struct smgw_value *v, const uint8_t *id, size_t len);

/**
 * Buffer size that holds any value formatted by smgw_value_format_decimal()
 * with its NUL: sign, 19 digits and 127 zeros for scaler +127.
 */
#define SMGW_VALUE_DECIMAL_LEN 148

/**
 * Formats the decimal value with its scaler applied, exactly (no floating
 * point). A negative scaler gives exactly -scaler decimals (value 123456,
 * scaler -1 gives "12345.6"; 1230, -2 gives "12.30"; 5, -3 gives "0.005");
 * a positive scaler appends zeros (123456, 2 gives "12345600"); zero is
 * always "0" for scaler >= 0. INT64_MIN is formatted exactly.
 *
 * @param value the integer value
 * @param scaler the power of ten
 * @param buf output buffer; SMGW_VALUE_DECIMAL_LEN bytes always suffice,
 *        32 bytes suffice for scalers -10..+10
 * @param size its size
 * @return the length written (without NUL), SMGW_E_BUFSIZE (buf then holds
 *         an empty string if size > 0), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_value_format_decimal(int64_t value, int8_t scaler, char *buf, size_t size);

/**
 * Rescales to another scaler exactly: 1234 at scaler -1 to scaler -3 is
 * 123400; 123400 at scaler -3 to scaler -1 is 1234.
 *
 * @param value the integer value
 * @param from_scaler its scaler
 * @param to_scaler the wanted scaler
 * @param[out] ret the rescaled value, written only on success
 * @return 0, SMGW_E_OVERFLOW (the result does not fit in int64_t),
 *         SMGW_E_RANGE (going to a coarser scaler would drop non-zero
 *         digits), SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_value_rescale(int64_t value, int8_t from_scaler, int8_t to_scaler,
						    int64_t *ret);

/**
 * Formats a binary meter/server id.
 *
 * Ids that carry the DIN 43863-5 identification number are written in its
 * 14-character text form: 10 bytes with type byte 0x0A or 0x09 (both occur
 * in real SML meters), medium 0x00..0x0F (one hex digit, 1 = electricity,
 * E = gateway), three FLAG letters A-Z, the production block as two digits
 * (BCD: 0x11 is "11") and a big-endian serial number up to 99999999 as
 * eight digits. `0a 01 44 5a 47 00 02 82 22 5e` gives "1DZG0042082910".
 * Every other id (other types, wM-Bus style ids, short ids, a block or
 * serial outside those ranges) is written as lower-case hex, so no id is
 * ever misread.
 *
 * @param id the binary id
 * @param len its length, at most SMGW_SERVER_ID_MAX
 * @param buf output buffer (40 bytes always suffice)
 * @param size its size
 * @return the length written (without NUL), SMGW_E_BUFSIZE, SMGW_E_RANGE
 *         (len above SMGW_SERVER_ID_MAX), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_server_id_format(const uint8_t *id, size_t len, char *buf, size_t size);

/**
 * Parses a meter/server id.
 *
 * Two forms are accepted. The DIN 43863-5 text form: a medium hex digit,
 * three FLAG letters (any case, stored upper case), two block digits and
 * eight serial digits, e.g. "1EMH0012345678", optionally with single
 * spaces between the groups and in the middle of the serial ("1 EMH 00
 * 1234 5678"); it becomes the 10-byte binary id with type byte 0x0A. Any
 * other text must be an even number of hex digits (2 to
 * 2 * SMGW_SERVER_ID_MAX), e.g. "0a01454d480000519725". A 14-character
 * text that fits the DIN pattern is always read as DIN.
 *
 * @param text the text, need not be NUL-terminated
 * @param len its length
 * @param out output buffer for the binary id (NULL to query the size)
 * @param[in,out] out_len capacity on entry, bytes written on success or needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_SYNTAX, SMGW_E_BUFSIZE, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_server_id_parse(const char *text, size_t len, uint8_t *out, size_t *out_len);

SMGW_END_DECLS

#endif /* SMGW_VALUE_H */
