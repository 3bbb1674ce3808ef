/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axdr.h
 * @brief A-XDR decoding of DLMS/COSEM Data (IEC 62056-5-3 / 6-2).
 *
 * A cursor walks a Data value in pre-order: a container (array,
 * structure) is one item that announces its element count, followed by its
 * elements; the cursor tracks the nesting (at most SMGW_AXDR_MAX_DEPTH
 * levels) so that every element knows its depth. Nothing is allocated;
 * strings point into the caller's buffer. Every length is checked against
 * the bytes that are there before it is used.
 */
#ifndef SMGW_AXDR_H
#define SMGW_AXDR_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>

SMGW_BEGIN_DECLS

/** Deepest nesting of arrays and structures the cursor accepts. */
#define SMGW_AXDR_MAX_DEPTH 16

/** Data tags (the byte before each value). */
enum smgw_axdr_tag {
	SMGW_AXDR_NULL = 0x00,            /**< null-data */
	SMGW_AXDR_ARRAY = 0x01,           /**< array: count, then the elements */
	SMGW_AXDR_STRUCTURE = 0x02,       /**< structure: count, then the elements */
	SMGW_AXDR_BOOLEAN = 0x03,         /**< boolean, 1 byte */
	SMGW_AXDR_BIT_STRING = 0x04,      /**< bit-string: length in bits, then the bytes */
	SMGW_AXDR_DOUBLE_LONG = 0x05,     /**< int32 */
	SMGW_AXDR_DOUBLE_LONG_UNSIGNED = 0x06, /**< uint32 */
	SMGW_AXDR_OCTET_STRING = 0x09,    /**< octet-string (OBIS codes, date-time) */
	SMGW_AXDR_VISIBLE_STRING = 0x0a,  /**< visible-string (ASCII) */
	SMGW_AXDR_UTF8_STRING = 0x0c,     /**< utf8-string */
	SMGW_AXDR_BCD = 0x0d,             /**< bcd, 1 byte */
	SMGW_AXDR_INTEGER = 0x0f,         /**< int8 */
	SMGW_AXDR_LONG = 0x10,            /**< int16 */
	SMGW_AXDR_UNSIGNED = 0x11,        /**< uint8 */
	SMGW_AXDR_LONG_UNSIGNED = 0x12,   /**< uint16 */
	SMGW_AXDR_COMPACT_ARRAY = 0x13,   /**< compact-array: type description and contents (reported whole) */
	SMGW_AXDR_LONG64 = 0x14,          /**< int64 */
	SMGW_AXDR_LONG64_UNSIGNED = 0x15, /**< uint64 */
	SMGW_AXDR_ENUM = 0x16,            /**< enum, 1 byte */
	SMGW_AXDR_FLOAT32 = 0x17,         /**< IEEE 754 single (raw bits in u) */
	SMGW_AXDR_FLOAT64 = 0x18,         /**< IEEE 754 double (raw bits in u) */
	SMGW_AXDR_DATE_TIME = 0x19,       /**< date-time, 12 bytes */
	SMGW_AXDR_DATE = 0x1a,            /**< date, 5 bytes */
	SMGW_AXDR_TIME = 0x1b,            /**< time, 4 bytes */
	SMGW_AXDR_DELTA_INTEGER = 0x1c,   /**< delta-integer, int8 */
	SMGW_AXDR_DELTA_LONG = 0x1d,      /**< delta-long, int16 */
	SMGW_AXDR_DELTA_DOUBLE_LONG = 0x1e, /**< delta-double-long, int32 */
	SMGW_AXDR_DELTA_UNSIGNED = 0x1f,  /**< delta-unsigned, uint8 */
	SMGW_AXDR_DELTA_LONG_UNSIGNED = 0x20, /**< delta-long-unsigned, uint16 */
	SMGW_AXDR_DELTA_DOUBLE_LONG_UNSIGNED = 0x21 /**< delta-double-long-unsigned, uint32 */
};

/** One item of the walk. */
struct smgw_axdr_item {
	int32_t tag;          /**< enum smgw_axdr_tag */
	int32_t depth;        /**< nesting depth, 0 for top-level values */
	uint32_t count;       /**< array/structure: elements; strings: bytes; bit-string: bits; compact-array: content bytes */
	uint32_t offset;      /**< offset of the tag byte in the buffer */
	const uint8_t *data;  /**< strings, date/time, bit-string and compact-array contents; else NULL */
	int64_t i;            /**< signed integers, enum, boolean, bcd, and unsigned values up to INT64_MAX */
	uint64_t u;           /**< unsigned integers (and the raw bits of floats) */
};

/** A cursor over A-XDR data. Frozen layout; initialize with smgw_axdr_cursor_init(). */
struct smgw_axdr_cursor {
	const uint8_t *data;  /**< the buffer */
	size_t size;          /**< its length */
	size_t pos;           /**< next byte */
	uint32_t left[SMGW_AXDR_MAX_DEPTH + 1]; /**< elements left per open container (index 0: top level) */
	int32_t depth;        /**< open containers */
	int32_t reserved;     /**< 0 */
};

/**
 * Starts a walk over A-XDR data.
 * @param c the cursor
 * @param data the encoded data
 * @param size its length
 * @param top_values number of top-level values expected (usually 1), 0 for "until the end of the buffer"
 */
SMGW_EXPORT void smgw_axdr_cursor_init(struct smgw_axdr_cursor *c, const uint8_t *data, size_t size,
				       uint32_t top_values);

/**
 * Reads the next item.
 * @param c the cursor
 * @param[out] ret the item
 * @return 1 (an item), 0 (the walk is complete), SMGW_E_TRUNCATED (data
 *         ends inside a value), SMGW_E_ENCODING (unknown tag, bad length
 *         form), SMGW_E_LIMIT (nesting deeper than SMGW_AXDR_MAX_DEPTH),
 *         SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_axdr_next(struct smgw_axdr_cursor *c, struct smgw_axdr_item *ret);

/**
 * Skips the rest of the container the last item belongs to, or (after an
 * array or structure item) that container itself.
 * @param c the cursor
 * @param item the item just read
 * @return 0 or a negative error as for smgw_axdr_next()
 */
SMGW_EXPORT int smgw_axdr_skip(struct smgw_axdr_cursor *c, const struct smgw_axdr_item *item);

/**
 * Reads an A-XDR length (0x00..0x7f, or 0x81..0x84 followed by 1 to 4 bytes).
 * @param data the bytes
 * @param size their number
 * @param[out] ret_len the length
 * @param[out] ret_used bytes of the length field
 * @return 0, SMGW_E_TRUNCATED, SMGW_E_ENCODING
 */
SMGW_EXPORT int smgw_axdr_length(const uint8_t *data, size_t size, uint32_t *ret_len, size_t *ret_used);

/** COSEM date-time fields (the 12-byte encoding); 0xff/0xffff/0x8000 mean "not specified". */
struct smgw_cosem_datetime {
	uint16_t year;        /**< year, 0xffff if not specified */
	uint8_t month;        /**< 1..12, 0xfd/0xfe daylight saving end/begin, 0xff */
	uint8_t day;          /**< 1..31, 0xfd/0xfe second-last/last day, 0xff */
	uint8_t wday;         /**< 1 = Monday ... 7, 0xff */
	uint8_t hour;         /**< 0..23, 0xff */
	uint8_t minute;       /**< 0..59, 0xff */
	uint8_t second;       /**< 0..59, 0xff */
	uint8_t hundredths;   /**< 0..99, 0xff */
	uint8_t clock_status; /**< bit 0 invalid, 1 doubtful, 2 different base, 3 invalid status, 7 daylight saving */
	int16_t deviation;    /**< minutes between local time and UTC as sent, -32768 (0x8000) if not specified */
};

/**
 * Splits a 12-byte COSEM date-time.
 * @param data the 12 bytes
 * @param size must be 12
 * @param[out] ret the fields
 * @return 0, SMGW_E_ENCODING (wrong size), SMGW_E_RANGE (a field out of its range), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_cosem_datetime_parse(const uint8_t *data, size_t size, struct smgw_cosem_datetime *ret);

SMGW_END_DECLS

#endif /* SMGW_AXDR_H */
