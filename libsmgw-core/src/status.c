/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The combined FNN status word (SMGW word and meter word) and its mapping to
 * PTB status 0..4.
 *
 * Everything here is a table on purpose: the bit assignments, the validity
 * masks and the mapping rules come from the TRuDI reference software
 * (src/TRuDI.Models/BasicData/StatusFNN.cs, SmgwStatusWord/BzStatusWord,
 * StatusFNNTests.cs), not from the FNN/BSI/PTB documents themselves, which
 * were not available. Change a table, not the code, when a document says
 * otherwise.
 */
#include <stdio.h>
#include <string.h>

#include "core-private.h"

enum { HALF_GW, HALF_BZ };

/* Meaning of each bit ([V] TRuDI SmgwStatusWord / BzStatusWord enums). */
static const struct fnn_bit {
	uint8_t half;       /* HALF_GW or HALF_BZ */
	uint32_t mask;      /* the bit within its 32-bit half */
	const char *text;   /* for smgw_fnn_describe() */
} fnn_bits[] = {
	{ HALF_GW, SMGW_FNN_GW_TRANSPARENCY, "transparency bit" },
	{ HALF_GW, SMGW_FNN_GW_FATAL_ERROR, "fatal error" },
	{ HALF_GW, SMGW_FNN_GW_TIME_INVALID, "system time invalid" },
	{ HALF_GW, SMGW_FNN_GW_PTB_WARNING, "PTB warning" },
	{ HALF_GW, SMGW_FNN_GW_PTB_TEMP_SIGNED_INVALID, "PTB temporary error (signed value invalid)" },
	{ HALF_GW, SMGW_FNN_GW_PTB_TEMP_INVALID, "PTB temporary error (value invalid)" },
	{ HALF_BZ, SMGW_FNN_BZ_STARTUP, "start-up" },
	{ HALF_BZ, SMGW_FNN_BZ_MAGNETIC, "magnetic influence" },
	{ HALF_BZ, SMGW_FNN_BZ_MANIPULATION, "manipulation" },
	{ HALF_BZ, SMGW_FNN_BZ_SUM_NEGATIVE, "energy direction sum negative" },
	{ HALF_BZ, SMGW_FNN_BZ_L1_NEGATIVE, "energy direction L1 negative" },
	{ HALF_BZ, SMGW_FNN_BZ_L2_NEGATIVE, "energy direction L2 negative" },
	{ HALF_BZ, SMGW_FNN_BZ_L3_NEGATIVE, "energy direction L3 negative" },
	{ HALF_BZ, SMGW_FNN_BZ_PHASE_SEQUENCE, "phase sequence not L1-L2-L3" },
	{ HALF_BZ, SMGW_FNN_BZ_BACKSTOP, "backstop active" },
	{ HALF_BZ, SMGW_FNN_BZ_FATAL_ERROR, "fatal error" },
	{ HALF_BZ, SMGW_FNN_BZ_VOLTAGE_L1, "voltage L1 present" },
	{ HALF_BZ, SMGW_FNN_BZ_VOLTAGE_L2, "voltage L2 present" },
	{ HALF_BZ, SMGW_FNN_BZ_VOLTAGE_L3, "voltage L3 present" },
};

/*
 * Validity of each half ([V] TRuDI SMGWMASK "00000000000000000xxx00xx000001x1"
 * and BZMASK "00000000000xxxxxxxxxxxxx00000100", bit 31 first): the
 * identification pattern must be set, and only the bits above may be set.
 */
static const struct {
	uint32_t ident;    /* identification pattern, all bits required */
	uint32_t allowed;  /* bits that may be set */
	const char *name;  /* for messages */
} fnn_halves[2] = {
	[HALF_GW] = { SMGW_FNN_GW_IDENT, UINT32_C(0x00007307), "SMGW" },
	[HALF_BZ] = { SMGW_FNN_BZ_IDENT, UINT32_C(0x001FFF04), "meter" },
};

/*
 * FNN -> PTB mapping ([V] TRuDI StatusFNN.MapToStatusPtb, current version):
 * the result is the highest PTB status of all rules whose bit is set.
 * Note: an earlier TRuDI version mapped manipulation and magnetic influence
 * to 2 instead of 3; the current one (and ../shared/reference/tariff.md 3.3)
 * maps them to 3.
 */
static const struct {
	uint8_t half;
	uint32_t mask;
	int32_t ptb;
} ptb_rules[] = {
	{ HALF_GW, SMGW_FNN_GW_FATAL_ERROR, SMGW_PTB_FATAL },
	{ HALF_BZ, SMGW_FNN_BZ_FATAL_ERROR, SMGW_PTB_FATAL },
	{ HALF_GW, SMGW_FNN_GW_TIME_INVALID, SMGW_PTB_CRITICAL },
	{ HALF_GW, SMGW_FNN_GW_PTB_TEMP_INVALID, SMGW_PTB_CRITICAL },
	{ HALF_BZ, SMGW_FNN_BZ_MANIPULATION, SMGW_PTB_CRITICAL },
	{ HALF_BZ, SMGW_FNN_BZ_MAGNETIC, SMGW_PTB_CRITICAL },
	{ HALF_GW, SMGW_FNN_GW_PTB_TEMP_SIGNED_INVALID, SMGW_PTB_TEMPORARY },
	{ HALF_GW, SMGW_FNN_GW_PTB_WARNING, SMGW_PTB_WARNING },
};

static const char *const ptb_names[] = {
	"no error", "warning", "temporary error", "critical error", "fatal error",
};

static uint32_t half_of(uint64_t fnn, int half)
{
	return half == HALF_GW ? smgw_fnn_gw(fnn) : smgw_fnn_bz(fnn);
}

/* The wire form writes each 32-bit half least significant bit first. */
static uint32_t reverse32(uint32_t x)
{
	x = (x >> 1 & UINT32_C(0x55555555)) | (x & UINT32_C(0x55555555)) << 1;
	x = (x >> 2 & UINT32_C(0x33333333)) | (x & UINT32_C(0x33333333)) << 2;
	x = (x >> 4 & UINT32_C(0x0F0F0F0F)) | (x & UINT32_C(0x0F0F0F0F)) << 4;
	x = (x >> 8 & UINT32_C(0x00FF00FF)) | (x & UINT32_C(0x00FF00FF)) << 8;
	return x >> 16 | x << 16;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

SMGW_EXPORT int smgw_fnn_parse(const char *text, size_t len, uint64_t *ret)
{
	uint32_t w[2] = { 0, 0 };
	size_t i;

	smgw_return_if_fail(ret);
	smgw_return_if_fail(text || len == 0);
	if (len != 16)
		return SMGW_E_SYNTAX;
	for (i = 0; i < 16; i++) {
		int v = hexval(text[i]);

		if (v < 0)
			return SMGW_E_SYNTAX;
		w[i / 8] = w[i / 8] << 4 | (uint32_t)v;
	}
	*ret = smgw_fnn_make(reverse32(w[0]), reverse32(w[1]));
	return 0;
}

SMGW_EXPORT int smgw_fnn_format(uint64_t fnn, char *buf, size_t size)
{
	static const char hexd[] = "0123456789ABCDEF";
	uint32_t w[2];
	size_t i;

	smgw_return_if_fail(buf || size == 0);
	if (size < 17) {
		if (size > 0)
			buf[0] = '\0';
		return SMGW_E_BUFSIZE;
	}
	w[0] = reverse32(smgw_fnn_gw(fnn));
	w[1] = reverse32(smgw_fnn_bz(fnn));
	for (i = 0; i < 16; i++)
		buf[i] = hexd[(w[i / 8] >> (28 - 4 * (i % 8))) & 0x0f];
	buf[16] = '\0';
	return 16;
}

SMGW_EXPORT int smgw_fnn_to_ptb(uint64_t fnn)
{
	int32_t ptb = SMGW_PTB_OK;
	size_t i;

	for (i = 0; i < SMGW_ARRAY_SIZE(ptb_rules); i++)
		if ((half_of(fnn, ptb_rules[i].half) & ptb_rules[i].mask) && ptb_rules[i].ptb > ptb)
			ptb = ptb_rules[i].ptb;
	return (int)ptb;
}

SMGW_EXPORT int smgw_fnn_check(uint64_t fnn, struct smgw_diag *reterr_diag)
{
	int h;

	for (h = HALF_GW; h <= HALF_BZ; h++) {
		uint32_t w = half_of(fnn, h);

		if ((w & fnn_halves[h].ident) != fnn_halves[h].ident)
			return smgw_diag_set(reterr_diag, SMGW_E_RANGE, UINT64_MAX,
					     "%s status word 0x%08X lacks its identification pattern 0x%02X",
					     fnn_halves[h].name, (unsigned)w, (unsigned)fnn_halves[h].ident);
		if (w & ~fnn_halves[h].allowed)
			return smgw_diag_set(reterr_diag, SMGW_E_RANGE, UINT64_MAX,
					     "%s status word 0x%08X has reserved bits 0x%08X set",
					     fnn_halves[h].name, (unsigned)w,
					     (unsigned)(w & ~fnn_halves[h].allowed));
	}
	return 0;
}

/* Appends s to buf (always NUL-terminated when size > 0); counts the full length. */
static void append(char *buf, size_t size, size_t *n, const char *s)
{
	size_t len = strlen(s);

	if (*n < size) {
		size_t room = size - *n - 1, k = len < room ? len : room;

		memcpy(buf + *n, s, k);
		buf[*n + k] = '\0';
	}
	*n += len;
}

SMGW_EXPORT int smgw_fnn_describe(uint64_t fnn, char *buf, size_t size)
{
	size_t n = 0, i;
	int h;

	smgw_return_if_fail(buf || size == 0);
	if (size > 0)
		buf[0] = '\0';
	for (h = HALF_GW; h <= HALF_BZ; h++) {
		uint32_t w = half_of(fnn, h), reserved = w & ~fnn_halves[h].allowed;
		int items = 0;

		append(buf, size, &n, h == HALF_GW ? "SMGW: " : "; meter: ");
		if ((w & fnn_halves[h].ident) != fnn_halves[h].ident) {
			append(buf, size, &n, "identification pattern missing");
			items++;
		}
		for (i = 0; i < SMGW_ARRAY_SIZE(fnn_bits); i++) {
			if (fnn_bits[i].half != h || !(w & fnn_bits[i].mask))
				continue;
			if (items++)
				append(buf, size, &n, ", ");
			append(buf, size, &n, fnn_bits[i].text);
		}
		if (reserved) {
			char tmp[40];

			snprintf(tmp, sizeof(tmp), "reserved bits 0x%08X", (unsigned)reserved);
			if (items++)
				append(buf, size, &n, ", ");
			append(buf, size, &n, tmp);
		}
		if (!items)
			append(buf, size, &n, "no flags");
	}
	if (n >= size)
		return SMGW_E_BUFSIZE;
	return (int)n;
}

SMGW_EXPORT const char *smgw_ptb_status_name(int ptb)
{
	if (ptb < 0 || ptb >= (int)SMGW_ARRAY_SIZE(ptb_names))
		return NULL;
	return ptb_names[ptb];
}
