/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file obis.h
 * @brief OBIS codes (IEC 62056-6-1): parse, format, compare, name.
 *
 * An OBIS code is six value groups A-B:C.D.E*F of one byte each, e.g.
 * `1-0:1.8.0*255` (active energy import, total). Text forms accepted by
 * smgw_obis_parse():
 *
 * | form                 | example           | groups not given |
 * |----------------------|-------------------|------------------|
 * | full                 | `1-0:1.8.0*255`   | -                |
 * | without F            | `1-0:1.8.0`       | F = 255          |
 * | short C.D.E          | `1.8.0`           | A = 1, B = 0, F = 255 (electricity) |
 * | short C.D.E*F        | `1.8.0*255`       | A = 1, B = 0     |
 * | 12 hex digits        | `0100010800FF`    | -                |
 * | F with '&' or '.'    | `1-0:1.8.0&255`, `1-0:1.8.0.255` | - |
 * | short with '&'       | `1.8.0&255`       | A = 1, B = 0     |
 *
 * Parsing is strict: each group is 1 to 3 decimal digits with a value of
 * 0..255 (hex digits in either case for the 12-digit form); no signs, no
 * white space, no empty groups, nothing after the last group, at most 23
 * characters. The '.' separator before F is accepted only in the full form.
 * Short forms are an electricity convention; the defaults are in a table
 * in src/obis.c documented in docs/core.md.
 */
#ifndef SMGW_OBIS_H
#define SMGW_OBIS_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>

SMGW_BEGIN_DECLS

/** An OBIS code: value groups A to F. Frozen layout (6 bytes). */
struct smgw_obis {
	uint8_t a; /**< medium (1 = electricity, 7 = gas, 8 = water, ...) */
	uint8_t b; /**< channel */
	uint8_t c; /**< physical quantity */
	uint8_t d; /**< processing (8 = time integral, 7 = instantaneous, ...) */
	uint8_t e; /**< classification, e.g. tariff number (63 = error register) */
	uint8_t f; /**< historical value / billing period, 255 = not used */
};

/** Buffer size that holds any formatted OBIS code with its NUL ("255-255:255.255.255*255"). */
#define SMGW_OBIS_STRLEN 24
/** Buffer size for the 12-hex-digit form with its NUL. */
#define SMGW_OBIS_HEXLEN 13

/**
 * Parses an OBIS code in any of the text forms above.
 *
 * @param text the text (need not be NUL-terminated)
 * @param len its length in bytes
 * @param[out] ret the code, written only on success
 * @return 0, SMGW_E_SYNTAX (malformed, including too long), SMGW_E_RANGE
 *         (a group of at most 3 digits above 255), SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_obis_parse(const char *text, size_t len, struct smgw_obis *ret);

/**
 * Formats as `A-B:C.D.E*F` in decimal, e.g. `1-0:1.8.0*255`. The output
 * parses back to the same code.
 *
 * @param obis the code
 * @param buf output buffer; SMGW_OBIS_STRLEN bytes always suffice
 * @param size its size
 * @return the length written (without NUL), SMGW_E_BUFSIZE (buf then holds
 *         an empty string if size > 0), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_obis_format(const struct smgw_obis *obis, char *buf, size_t size);

/**
 * Formats as 12 upper-case hex digits, e.g. `0100010800FF`.
 *
 * @param obis the code
 * @param buf output buffer of at least SMGW_OBIS_HEXLEN bytes
 * @param size its size
 * @return 12, SMGW_E_BUFSIZE (size < 13), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_obis_format_hex(const struct smgw_obis *obis, char *buf, size_t size);

/**
 * Builds a code from six raw bytes as they appear on the wire (SML, DLMS).
 *
 * @param bytes the bytes A..F
 * @param[out] ret the code (nothing happens if either pointer is NULL)
 */
SMGW_EXPORT void smgw_obis_from_bytes(const uint8_t bytes[6], struct smgw_obis *ret);

/**
 * Writes the six raw bytes A..F.
 *
 * @param obis the code
 * @param[out] bytes the bytes (nothing happens if either pointer is NULL)
 */
SMGW_EXPORT void smgw_obis_to_bytes(const struct smgw_obis *obis, uint8_t bytes[6]);

/**
 * Compares two codes group by group (A first); a total order for sorting.
 *
 * @param x a code (NULL sorts first)
 * @param y a code (NULL sorts first)
 * @return negative, 0 or positive like memcmp
 */
SMGW_EXPORT int smgw_obis_cmp(const struct smgw_obis *x, const struct smgw_obis *y);

/**
 * Compares ignoring group F when either side has F = 255 ("any billing period").
 *
 * @param x a code
 * @param y a code
 * @return 1 if they match, 0 otherwise (also if either is NULL)
 */
SMGW_EXPORT int smgw_obis_match(const struct smgw_obis *x, const struct smgw_obis *y);

/**
 * Names common energy, power and grid registers, e.g. "Active energy import (+A), total"
 * for 1-0:1.8.0, "..., tariff 2" for 1-0:1.8.2, "..., error register" for E = 63.
 * Groups B (channel) and F (billing period) are not part of the name; the
 * table is listed in docs/core.md.
 *
 * @param obis the code
 * @return a static English string, or NULL when the code is not in the table
 */
SMGW_EXPORT const char *smgw_obis_name(const struct smgw_obis *obis);

SMGW_END_DECLS

#endif /* SMGW_OBIS_H */
