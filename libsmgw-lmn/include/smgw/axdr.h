/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axdr.h
 * @brief A-XDR decoding of DLMS/COSEM Data (IEC 62056-5-3 / 6-2).
 *
 * A cursor walks a Data value in pre-order: a container (array,
 * structure) is one item that announces its element count, followed by its
 * elements; the cursor tracks the nesting (at most SMGW_AXDR_MAX_DEPTH
 * levels) so that every element knows its depth; a compact-array is one
 * item whose elements a struct smgw_axdr_compact walks. The encoder
 * (struct smgw_axdr_writer) writes every type. Nothing is allocated;
 * strings point into the caller's buffer. Every length is checked against
 * the bytes that are there before it is used.
 */
#ifndef SMGW_AXDR_H
#define SMGW_AXDR_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/bytes.h>
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
	SMGW_AXDR_COMPACT_ARRAY = 0x13,   /**< compact-array: one item with the contents; its elements through smgw_axdr_compact_init() */
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

/* ---- compact-array elements ---- */

/**
 * A cursor over the elements of a compact-array (tag 0x13). The
 * contents-description (a TypeDescription: a simple type tag, `01` + 2-byte
 * element count + description, or `02` + count + descriptions) describes
 * one element; the array contents are those elements one after the other,
 * each encoded without its tags (strings and bit-strings keep their length,
 * arrays and structures their elements only). The cursor reports them as
 * items like smgw_axdr_next() does (element @c k of the array at depth 0,
 * its parts deeper), with offsets relative to the contents. Descriptions
 * with null-data or empty arrays or structures are refused
 * (SMGW_E_DLMS_COMPACT): they would let elements take no bytes, and so
 * let a short input describe an unbounded walk. Frozen layout.
 */
struct smgw_axdr_compact {
	const uint8_t *desc;     /**< the contents-description */
	const uint8_t *data;     /**< the array contents */
	uint32_t desc_len;       /**< length of the description */
	uint32_t data_len;       /**< length of the contents */
	uint32_t pos;            /**< next byte of the contents */
	int32_t depth;           /**< open containers */
	uint32_t td[SMGW_AXDR_MAX_DEPTH + 1];   /**< per level: description offset of the next element */
	uint32_t left[SMGW_AXDR_MAX_DEPTH + 1]; /**< per level: elements left (level 0: unused) */
	uint32_t elem[SMGW_AXDR_MAX_DEPTH + 1]; /**< per level: 1 if all elements share one description (array) */
	uint32_t elements;       /**< top-level elements read so far */
	uint32_t reserved[2];    /**< 0 */
};

/**
 * Starts a walk over the elements of a compact-array.
 * @param ca the cursor
 * @param item a compact-array item from smgw_axdr_next() (its @c data and
 *        @c count are the contents; the description precedes them in the
 *        same buffer)
 * @param buf the buffer the cursor of @p item walks
 * @param size its length
 * @return 0, SMGW_E_ENCODING (not a compact-array item, bad description),
 *         SMGW_E_DLMS_COMPACT (null-data or an empty container in the
 *         description), SMGW_E_LIMIT (description nested too deep), SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_axdr_compact_init(struct smgw_axdr_compact *ca, const struct smgw_axdr_item *item,
							const uint8_t *buf, size_t size);

/**
 * Reads the next part of a compact-array element.
 * @param ca the cursor
 * @param[out] ret the item; @c offset is relative to the contents
 * @return 1 (an item), 0 (all elements read), SMGW_E_DLMS_COMPACT (the
 *         contents end inside an element), SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_axdr_compact_next(struct smgw_axdr_compact *ca, struct smgw_axdr_item *ret);

/* ---- encoding ---- */

/**
 * An A-XDR encoder over a caller's buffer with the suite's size-query
 * protocol: writes never pass the capacity, the writer keeps counting, and
 * smgw_axdr_writer_finish() then reports SMGW_E_BUFSIZE with the size
 * needed. It tracks open arrays and structures (at most
 * SMGW_AXDR_MAX_DEPTH) so that every container receives exactly the
 * number of elements it announced. The first error sticks. Frozen layout.
 */
struct smgw_axdr_writer {
	struct smgw_writer w;    /**< the bytes */
	uint32_t left[SMGW_AXDR_MAX_DEPTH + 1]; /**< elements still to write per open container (0: top level) */
	int32_t depth;           /**< open containers */
	int32_t err;             /**< first A-XDR-level error, 0 while all is well */
	uint32_t reserved;       /**< 0 */
};

/**
 * Starts an encoding.
 * @param aw the writer
 * @param buf output buffer, or NULL to count only
 * @param cap its capacity
 */
SMGW_EXPORT void smgw_axdr_writer_init(struct smgw_axdr_writer *aw, uint8_t *buf, size_t cap);

/**
 * Ends an encoding.
 * @param aw the writer
 * @param[out] ret_len bytes written (0), or the size needed (SMGW_E_BUFSIZE)
 * @return 0; SMGW_E_BUFSIZE (buffer too small, @p ret_len holds the size
 *         needed); SMGW_E_STATE (an array or structure lacks elements);
 *         SMGW_E_LIMIT (nesting deeper than
 *         SMGW_AXDR_MAX_DEPTH); SMGW_E_RANGE (a value does not fit its
 *         type); SMGW_E_ENCODING (a tag that cannot carry the value);
 *         SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_axdr_writer_finish(struct smgw_axdr_writer *aw, size_t *ret_len);

/**
 * Writes an A-XDR length in its shortest form (one byte up to 127, else
 * 0x81..0x84 and the big-endian length).
 * @param w the byte writer
 * @param len the length
 */
SMGW_EXPORT void smgw_axdr_write_length(struct smgw_writer *w, uint32_t len);

/**
 * Writes null-data.
 * @param aw the writer
 */
SMGW_EXPORT void smgw_axdr_write_null(struct smgw_axdr_writer *aw);

/**
 * Opens an array or a structure; the next @p count values are its elements.
 * @param aw the writer
 * @param tag SMGW_AXDR_ARRAY or SMGW_AXDR_STRUCTURE
 * @param count number of elements
 */
SMGW_EXPORT void smgw_axdr_write_container(struct smgw_axdr_writer *aw, int tag, uint32_t count);

/**
 * Writes an integer-valued type: integer, long, double-long, long64, the
 * unsigned types, enum, boolean, bcd and the delta types. The value must
 * fit the type (SMGW_E_RANGE otherwise); boolean is written as 0 or 1 as
 * given (0..255).
 * @param aw the writer
 * @param tag the type
 * @param v the value
 */
SMGW_EXPORT void smgw_axdr_write_int(struct smgw_axdr_writer *aw, int tag, int64_t v);

/**
 * Writes an unsigned type (unsigned, long-unsigned, double-long-unsigned,
 * long64-unsigned, delta-unsigned types, enum, bcd) from an unsigned value;
 * use this for long64-unsigned values above INT64_MAX.
 * @param aw the writer
 * @param tag the type
 * @param v the value
 */
SMGW_EXPORT void smgw_axdr_write_uint(struct smgw_axdr_writer *aw, int tag, uint64_t v);

/**
 * Writes float32 or float64.
 * @param aw the writer
 * @param tag SMGW_AXDR_FLOAT32 or SMGW_AXDR_FLOAT64
 * @param v the value (rounded to single precision for float32)
 */
SMGW_EXPORT void smgw_axdr_write_float(struct smgw_axdr_writer *aw, int tag, double v);

/**
 * Writes a byte-valued type: octet-string, visible-string, utf8-string
 * (length + bytes) or date-time, date, time (exactly 12, 5 or 4 bytes).
 * @param aw the writer
 * @param tag the type
 * @param data the bytes (may be NULL if @p len is 0)
 * @param len their number
 */
SMGW_EXPORT void smgw_axdr_write_bytes(struct smgw_axdr_writer *aw, int tag, const uint8_t *data, size_t len);

/**
 * Writes a bit-string.
 * @param aw the writer
 * @param data ceil(@p bits / 8) bytes, first bit in the high bit of the first byte
 * @param bits number of bits
 */
SMGW_EXPORT void smgw_axdr_write_bits(struct smgw_axdr_writer *aw, const uint8_t *data, uint32_t bits);

/**
 * Writes a compact-array from its description and contents, both checked
 * (the contents must be whole elements of the description).
 * @param aw the writer
 * @param desc the contents-description (TypeDescription)
 * @param desc_len its length
 * @param data the array contents
 * @param len their length
 */
SMGW_EXPORT void smgw_axdr_write_compact(struct smgw_axdr_writer *aw, const uint8_t *desc, size_t desc_len,
					 const uint8_t *data, size_t len);

/**
 * Writes one item as read by smgw_axdr_next() (a container item opens the
 * container; its elements follow as further items). Together with the
 * cursor this re-encodes any Data in canonical form.
 * @param aw the writer
 * @param item the item
 * @param buf the buffer @p item was read from (needed for compact-arrays)
 * @param size its length
 */
SMGW_EXPORT void smgw_axdr_write_item(struct smgw_axdr_writer *aw, const struct smgw_axdr_item *item,
				      const uint8_t *buf, size_t size);

/**
 * Copies one complete Data value, checked and in canonical form (shortest
 * lengths), as one value of the writer.
 * @param aw the writer
 * @param data the encoded value
 * @param len its length (exactly one value)
 * @return 0 or the decoding error (also kept in the writer)
 */
SMGW_EXPORT int smgw_axdr_write_data(struct smgw_axdr_writer *aw, const uint8_t *data, size_t len);

/**
 * Length of the one Data value at the start of a buffer, checked
 * completely (bounded depth).
 * @param data the bytes
 * @param size their number
 * @param[out] ret_len the length of the value
 * @return 0, SMGW_E_TRUNCATED, SMGW_E_ENCODING, SMGW_E_LIMIT, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_axdr_data_len(const uint8_t *data, size_t size, size_t *ret_len);

/**
 * Joins COSEM date-time fields into the 12-byte encoding.
 * @param t the fields
 * @param[out] out 12 bytes
 */
SMGW_EXPORT void smgw_cosem_datetime_encode(const struct smgw_cosem_datetime *t, uint8_t out[12]);

/**
 * The UTC instant of a COSEM date-time: its date and time fields must all
 * be specified (hundredths may be 0xff = 0); UTC = local time + deviation
 * minutes. A date-time without a deviation is taken as Europe/Berlin local
 * time when @p berlin_fallback is set (a repeated autumn hour then follows
 * the daylight-saving bit of the clock status), else it is refused.
 * @param t the fields
 * @param berlin_fallback 1 to read times without deviation as Berlin time
 * @param[out] ret_ms milliseconds since 1970 UTC
 * @return 0, SMGW_E_DLMS_TIME (a field not specified, no deviation and no
 *         fallback), SMGW_E_RANGE (a field out of range), SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_cosem_datetime_to_ms(const struct smgw_cosem_datetime *t, int berlin_fallback,
							   int64_t *ret_ms);

SMGW_END_DECLS

#endif /* SMGW_AXDR_H */
