/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The measured value: exact decimal formatting and rescaling (integer
 * arithmetic only), and meter/server ids in binary and DIN 43863-5 text form.
 */
#include <string.h>

#include "core-private.h"

/* The value struct is frozen plain data; keep the documented layout. */
_Static_assert(sizeof(struct smgw_value) == 72, "struct smgw_value must stay 72 bytes");
_Static_assert(offsetof(struct smgw_value, value) == 8, "struct smgw_value layout");
_Static_assert(offsetof(struct smgw_value, server_id) == 49, "struct smgw_value layout");

SMGW_EXPORT void smgw_value_init(struct smgw_value *v)
{
	if (v)
		memset(v, 0, sizeof(*v));
}

SMGW_EXPORT int smgw_value_set_server_id(struct smgw_value *v, const uint8_t *id, size_t len)
{
	smgw_return_if_fail(v);
	smgw_return_if_fail(id || len == 0);
	if (len > SMGW_SERVER_ID_MAX)
		return SMGW_E_RANGE;
	memset(v->server_id, 0, sizeof(v->server_id));
	if (len)
		memcpy(v->server_id, id, len);
	v->server_id_len = (uint8_t)len;
	v->flags |= SMGW_VALUE_HAS_SERVER_ID;
	return 0;
}

/* ---- Decimal ----------------------------------------------------------- */

SMGW_EXPORT int smgw_value_format_decimal(int64_t value, int8_t scaler, char *buf, size_t size)
{
	char digits[20], out[SMGW_VALUE_DECIMAL_LEN];
	uint64_t mag;
	size_t nd = 0, n = 0, i;
	int neg = value < 0;

	smgw_return_if_fail(buf || size == 0);
	/* Magnitude without signed overflow, INT64_MIN included. */
	mag = neg ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
	do {
		digits[nd++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);

	if (neg)
		out[n++] = '-';
	if (scaler >= 0) {
		for (i = nd; i > 0; i--)
			out[n++] = digits[i - 1];
		/* Zero stays "0": 0 * 10^s has no significant digits to shift. */
		if (value != 0)
			for (i = 0; i < (size_t)scaler; i++)
				out[n++] = '0';
	} else {
		size_t frac = (size_t)(-(int)scaler);

		if (nd <= frac) {
			out[n++] = '0';
			out[n++] = '.';
			for (i = nd; i < frac; i++)
				out[n++] = '0';
			for (i = nd; i > 0; i--)
				out[n++] = digits[i - 1];
		} else {
			for (i = nd; i > frac; i--)
				out[n++] = digits[i - 1];
			out[n++] = '.';
			for (; i > 0; i--)
				out[n++] = digits[i - 1];
		}
	}
	if (size < n + 1) {
		if (size > 0)
			buf[0] = '\0';
		return SMGW_E_BUFSIZE;
	}
	memcpy(buf, out, n);
	buf[n] = '\0';
	return (int)n;
}

SMGW_EXPORT int smgw_value_rescale(int64_t value, int8_t from_scaler, int8_t to_scaler, int64_t *ret)
{
	int steps = (int)from_scaler - (int)to_scaler;
	int64_t v = value;

	smgw_return_if_fail(ret);
	if (v != 0) {
		/* Going to a finer scaler multiplies: 1234e-1 = 123400e-3. */
		for (; steps > 0; steps--) {
			if (v > INT64_MAX / 10 || v < INT64_MIN / 10)
				return SMGW_E_OVERFLOW;
			v *= 10;
		}
		/* Going coarser divides, and only when nothing is lost. */
		for (; steps < 0; steps++) {
			if (v % 10 != 0)
				return SMGW_E_RANGE;
			v /= 10;
		}
	}
	*ret = v;
	return 0;
}

/* ---- Server ids --------------------------------------------------------- */

/*
 * Binary server ids that carry the DIN 43863-5 identification number
 * (10 bytes: type, medium, 3-letter FLAG manufacturer id, production block,
 * 32-bit big-endian serial number). Real SML meters send type 0x0A (DZG,
 * EMH, HLY, ISK, ITR) and 0x09 (older EDL21 meters: DNT, EBZ, EMH, ESY,
 * ISK); TRuDI reads and writes 0x0A. Other layouts (0x06 EMH/ISK, wM-Bus
 * style 0x01, short ids) are shown as hex.
 */
static const uint8_t din_types[] = { 0x0A, 0x09 };
/* Type byte written by smgw_server_id_parse() for the text form (as TRuDI). */
#define DIN_TYPE_OUT 0x0A

/*
 * The production block byte as two digits: BCD (0x11 is "11"), as EasyMeter
 * meters labelled "1ESY11..." send it; TRuDI instead prints the byte in
 * decimal, which agrees for blocks 00..09 (all other real ids seen). Set to
 * 0 to follow TRuDI.
 */
#define DIN_BLOCK_BCD 1

/* The serial number is 8 decimal digits in the text form. */
#define DIN_SERIAL_MAX UINT32_C(99999999)

static int block_to_digits(uint8_t b, char out[2])
{
#if DIN_BLOCK_BCD
	if ((b >> 4) > 9 || (b & 0x0f) > 9)
		return -1;
	out[0] = (char)('0' + (b >> 4));
	out[1] = (char)('0' + (b & 0x0f));
#else
	if (b > 99)
		return -1;
	out[0] = (char)('0' + b / 10);
	out[1] = (char)('0' + b % 10);
#endif
	return 0;
}

static uint8_t digits_to_block(int d1, int d2)
{
#if DIN_BLOCK_BCD
	return (uint8_t)(d1 << 4 | d2);
#else
	return (uint8_t)(d1 * 10 + d2);
#endif
}

/* Writes the 14-character DIN form, or returns -1 if id does not have it. */
static int din_format(const uint8_t *id, size_t len, char out[14])
{
	static const char hexd[] = "0123456789ABCDEF";
	uint32_t serial;
	size_t i;
	int type_ok = 0;

	if (len != 10)
		return -1;
	for (i = 0; i < SMGW_ARRAY_SIZE(din_types); i++)
		if (id[0] == din_types[i])
			type_ok = 1;
	if (!type_ok || id[1] > 0x0f)
		return -1;
	for (i = 2; i < 5; i++)
		if (id[i] < 'A' || id[i] > 'Z')
			return -1;
	serial = (uint32_t)id[6] << 24 | (uint32_t)id[7] << 16 | (uint32_t)id[8] << 8 | id[9];
	if (serial > DIN_SERIAL_MAX)
		return -1;
	out[0] = hexd[id[1]];
	out[1] = (char)id[2];
	out[2] = (char)id[3];
	out[3] = (char)id[4];
	if (block_to_digits(id[5], out + 4) < 0)
		return -1;
	for (i = 13; i >= 6; i--) {
		out[i] = (char)('0' + serial % 10);
		serial /= 10;
	}
	return 0;
}

SMGW_EXPORT int smgw_server_id_format(const uint8_t *id, size_t len, char *buf, size_t size)
{
	static const char hexd[] = "0123456789abcdef";
	char out[2 * SMGW_SERVER_ID_MAX];
	size_t n = 0, i;

	smgw_return_if_fail(id || len == 0);
	smgw_return_if_fail(buf || size == 0);
	if (len > SMGW_SERVER_ID_MAX)
		return SMGW_E_RANGE;
	if (din_format(id, len, out) == 0) {
		n = 14;
	} else {
		for (i = 0; i < len; i++) {
			out[n++] = hexd[id[i] >> 4];
			out[n++] = hexd[id[i] & 0x0f];
		}
	}
	if (size < n + 1) {
		if (size > 0)
			buf[0] = '\0';
		return SMGW_E_BUFSIZE;
	}
	memcpy(buf, out, n);
	buf[n] = '\0';
	return (int)n;
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

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/*
 * Collects the DIN form into d[14]: medium, FLAG, block, serial, with at
 * most one space at each group boundary ("1 EMH 00 1234 5678" is fine,
 * "1EMH 0012345678" too). Returns 0, or -1 if the text is not the DIN form.
 */
static int din_collect(const char *text, size_t len, char d[14])
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (text[i] == ' ') {
			/* boundaries: after medium (1), FLAG (4), block (6), 4 serial digits (10) */
			if (!(n == 1 || n == 4 || n == 6 || n == 10) || i + 1 >= len || text[i + 1] == ' ')
				return -1;
			continue;
		}
		if (n >= 14)
			return -1;
		d[n++] = text[i];
	}
	if (n != 14)
		return -1;
	if (hexval(d[0]) < 0)
		return -1;
	for (i = 1; i < 4; i++)
		if (!is_alpha(d[i]))
			return -1;
	for (i = 4; i < 14; i++)
		if (!is_digit(d[i]))
			return -1;
	return 0;
}

SMGW_EXPORT int smgw_server_id_parse(const char *text, size_t len, uint8_t *out, size_t *out_len)
{
	uint8_t id[SMGW_SERVER_ID_MAX];
	char d[14];
	size_t n, i;

	smgw_return_if_fail(out_len);
	smgw_return_if_fail(text || len == 0);
	smgw_return_if_fail(out || *out_len == 0);
	/* Longest accepted text: 32 hex digits, or the DIN form with 4 spaces. */
	if (len == 0 || len > 2 * SMGW_SERVER_ID_MAX)
		return SMGW_E_SYNTAX;

	if (din_collect(text, len, d) == 0) {
		uint32_t serial = 0;

		id[0] = DIN_TYPE_OUT;
		id[1] = (uint8_t)hexval(d[0]);
		for (i = 1; i < 4; i++)
			id[i + 1] = (uint8_t)(d[i] & ~0x20); /* upper case */
		id[5] = digits_to_block(d[4] - '0', d[5] - '0');
		for (i = 6; i < 14; i++)
			serial = serial * 10 + (uint32_t)(d[i] - '0');
		id[6] = (uint8_t)(serial >> 24);
		id[7] = (uint8_t)(serial >> 16);
		id[8] = (uint8_t)(serial >> 8);
		id[9] = (uint8_t)serial;
		n = 10;
	} else {
		if (len % 2)
			return SMGW_E_SYNTAX;
		for (i = 0; i < len; i += 2) {
			int hi = hexval(text[i]), lo = hexval(text[i + 1]);

			if (hi < 0 || lo < 0)
				return SMGW_E_SYNTAX;
			id[i / 2] = (uint8_t)(hi << 4 | lo);
		}
		n = len / 2;
	}
	if (*out_len < n) {
		*out_len = n;
		return SMGW_E_BUFSIZE;
	}
	memcpy(out, id, n);
	*out_len = n;
	return 0;
}
