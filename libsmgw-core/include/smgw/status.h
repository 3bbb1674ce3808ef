/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file status.h
 * @brief The 64-bit FNN status word (SMGW half and meter half) and PTB status 0-4.
 *
 * The combined FNN status is the 32-bit gateway (SMGW) word followed by the
 * 32-bit meter (Basiszähler, BZ) word. In this API the SMGW word is the high
 * half of the uint64_t and the meter word the low half. On the wire (AR
 * 2418-6 `statusFNN`) it is written as 16 hex digits, SMGW half first, each
 * 32-bit half **least significant bit first**: the half is bit-reversed and
 * then written as 8 ordinary hex digits. The SMGW word 0x00000005 (only the
 * identification pattern) is "A0000000", the meter word 0x00000004 is
 * "20000000", so the combined word 0x0000000500000004 is "A000000020000000".
 *
 * The bit assignments, the validity masks and the mapping to PTB status are
 * tables in src/status.c (see docs/core.md), taken from the TRuDI reference
 * software; the mapping rules follow PTB-A 50.8 as TRuDI implements it.
 */
#ifndef SMGW_STATUS_H
#define SMGW_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>

SMGW_BEGIN_DECLS

/** PTB status (PTB-A 50.8). */
enum smgw_ptb_status {
	SMGW_PTB_OK = 0,          /**< no error */
	SMGW_PTB_WARNING = 1,     /**< warning, value valid */
	SMGW_PTB_TEMPORARY = 2,   /**< temporary error: value invalid, usable as substitute */
	SMGW_PTB_CRITICAL = 3,    /**< critical temporary error: invalid, not usable as substitute */
	SMGW_PTB_FATAL = 4        /**< fatal error: meter defective, this and all later values invalid */
};

/* Bits of the SMGW word (bits 32..63 of the combined word). */
#define SMGW_FNN_GW_IDENT            UINT32_C(0x00000005) /**< identification pattern (must be set) */
#define SMGW_FNN_GW_TRANSPARENCY     UINT32_C(0x00000002) /**< transparency bit */
#define SMGW_FNN_GW_FATAL_ERROR      UINT32_C(0x00000100) /**< fatal error */
#define SMGW_FNN_GW_TIME_INVALID     UINT32_C(0x00000200) /**< system time invalid */
#define SMGW_FNN_GW_PTB_WARNING      UINT32_C(0x00001000) /**< PTB warning */
#define SMGW_FNN_GW_PTB_TEMP_SIGNED_INVALID UINT32_C(0x00002000) /**< PTB temporary error: signed value invalid */
#define SMGW_FNN_GW_PTB_TEMP_INVALID UINT32_C(0x00004000) /**< PTB temporary error: value invalid */

/* Bits of the meter (BZ) word (bits 0..31 of the combined word). */
#define SMGW_FNN_BZ_IDENT            UINT32_C(0x00000004) /**< identification pattern */
#define SMGW_FNN_BZ_STARTUP          UINT32_C(0x00000100) /**< start-up */
#define SMGW_FNN_BZ_MAGNETIC         UINT32_C(0x00000200) /**< magnetic influence */
#define SMGW_FNN_BZ_MANIPULATION     UINT32_C(0x00000400) /**< manipulation (terminal cover / parameter protection) */
#define SMGW_FNN_BZ_SUM_NEGATIVE     UINT32_C(0x00000800) /**< sum energy direction negative */
#define SMGW_FNN_BZ_L1_NEGATIVE      UINT32_C(0x00001000) /**< energy direction L1 negative */
#define SMGW_FNN_BZ_L2_NEGATIVE      UINT32_C(0x00002000) /**< energy direction L2 negative */
#define SMGW_FNN_BZ_L3_NEGATIVE      UINT32_C(0x00004000) /**< energy direction L3 negative */
#define SMGW_FNN_BZ_PHASE_SEQUENCE   UINT32_C(0x00008000) /**< phase sequence not L1-L2-L3 */
#define SMGW_FNN_BZ_BACKSTOP         UINT32_C(0x00010000) /**< backstop active */
#define SMGW_FNN_BZ_FATAL_ERROR      UINT32_C(0x00020000) /**< fatal error (meter) */
#define SMGW_FNN_BZ_VOLTAGE_L1       UINT32_C(0x00040000) /**< voltage L1 present */
#define SMGW_FNN_BZ_VOLTAGE_L2       UINT32_C(0x00080000) /**< voltage L2 present */
#define SMGW_FNN_BZ_VOLTAGE_L3       UINT32_C(0x00100000) /**< voltage L3 present */

/** Buffer size that holds any smgw_fnn_describe() text with its NUL. */
#define SMGW_FNN_DESCRIBE_LEN 640

/**
 * Builds the combined word from its halves.
 * @param gw the SMGW word
 * @param bz the meter (BZ) word
 * @return the combined word (SMGW word in the high half)
 */
static inline uint64_t smgw_fnn_make(uint32_t gw, uint32_t bz)
{
	return ((uint64_t)gw << 32) | bz;
}

/**
 * The SMGW half of a combined word.
 * @param fnn the combined word
 * @return the SMGW word
 */
static inline uint32_t smgw_fnn_gw(uint64_t fnn) { return (uint32_t)(fnn >> 32); }

/**
 * The meter (BZ) half of a combined word.
 * @param fnn the combined word
 * @return the meter word
 */
static inline uint32_t smgw_fnn_bz(uint64_t fnn) { return (uint32_t)fnn; }

/**
 * Parses the 16-hex-digit wire form (SMGW half first, each half least
 * significant bit first), e.g. "A000000020000000" gives 0x0000000500000004.
 * Exactly 16 hex digits, upper or lower case; nothing else (no padding of
 * shorter strings, no white space, no "0x"). The bits are not checked;
 * see smgw_fnn_check().
 *
 * @param text the text, need not be NUL-terminated
 * @param len its length
 * @param[out] ret the combined word, written only on success
 * @return 0, SMGW_E_SYNTAX, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_fnn_parse(const char *text, size_t len, uint64_t *ret);

/**
 * Formats the wire form: 16 upper-case hex digits and a NUL.
 *
 * @param fnn the combined word
 * @param buf output buffer of at least 17 bytes
 * @param size its size
 * @return 16, SMGW_E_BUFSIZE (size < 17), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_fnn_format(uint64_t fnn, char *buf, size_t size);

/**
 * Maps an FNN status word to PTB status: any fatal error (SMGW or meter)
 * gives 4; system time invalid, value invalid, manipulation or magnetic
 * influence give 3; signed value invalid gives 2; PTB warning gives 1;
 * otherwise 0. The rules are a table in src/status.c.
 *
 * @param fnn the combined word
 * @return an enum smgw_ptb_status value
 */
SMGW_EXPORT int smgw_fnn_to_ptb(uint64_t fnn);

/**
 * Checks that a combined word is well formed: both identification patterns
 * (SMGW 0x05, meter 0x04) are set and no reserved bit is set (the masks
 * TRuDI validates against).
 *
 * @param fnn the combined word
 * @param reterr_diag optional details of a failure, or NULL
 * @return 0, or SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_fnn_check(uint64_t fnn, struct smgw_diag *reterr_diag);

/**
 * Decodes the bits to text, e.g. "SMGW: fatal error, system time invalid;
 * meter: manipulation". The identification patterns are not listed; a
 * missing one is ("identification pattern missing"), as are reserved bits
 * ("reserved bits 0x00010000"). A half with nothing to report reads "no flags".
 *
 * @param fnn the combined word
 * @param buf output buffer; SMGW_FNN_DESCRIBE_LEN bytes always suffice
 * @param size its size
 * @return the length written (without NUL), SMGW_E_BUFSIZE with the text
 *         truncated at a NUL, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_fnn_describe(uint64_t fnn, char *buf, size_t size);

/**
 * Name of a PTB status.
 *
 * @param ptb a PTB status
 * @return "no error", "warning", "temporary error", "critical error" or
 *         "fatal error"; NULL outside 0..4
 */
SMGW_EXPORT const char *smgw_ptb_status_name(int ptb);

SMGW_END_DECLS

#endif /* SMGW_STATUS_H */
