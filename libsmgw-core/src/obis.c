/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OBIS codes (IEC 62056-6-1): strict parser for the text forms listed in
 * smgw/obis.h, formatter, hex form, comparison and a names table.
 *
 * Grammar accepted by smgw_obis_parse() (no white space anywhere, no sign,
 * each group 1 to 3 decimal digits with a value of 0..255):
 *
 *   hex   = 12 HEXDIG                                (A..F, two digits each)
 *   full  = grp "-" grp ":" grp "." grp "." grp [ fsep grp ]  fsep = "*" / "&" / "."
 *   short =                 grp "." grp "." grp [ ssep grp ]  ssep = "*" / "&"
 *
 * Groups that a form does not give come from short_defaults below.
 */
#include <string.h>

#include "core-private.h"

/* Longest text form: "255-255:255.255.255*255". */
#define OBIS_TEXT_MAX 23
/* A group has at most this many digits ("001" is accepted, "0001" is not). */
#define OBIS_GROUP_DIGITS 3

/*
 * Defaults for the groups a short form leaves out. Short forms are an
 * electricity convention (IEC 62056-21 data sets, meter displays): A = 1
 * (electricity), B = 0 (no channel), and F = 255 (no billing period) when
 * F is absent. Kept as a table so that a product can change it in one place.
 */
static const struct {
	uint8_t a; /* group A for the short forms */
	uint8_t b; /* group B for the short forms and ... */
	uint8_t f; /* group F when a form has no F */
} short_defaults = { 1, 0, 255 };

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

/*
 * Reads one decimal group at text[*pos]. Returns 0 and advances *pos,
 * SMGW_E_SYNTAX if no digit is there or there are too many digits,
 * SMGW_E_RANGE if the value is above 255.
 */
static int read_group(const char *text, size_t len, size_t *pos, uint8_t *ret)
{
	size_t i = *pos, n = 0;
	unsigned v = 0;

	while (i < len && text[i] >= '0' && text[i] <= '9') {
		if (++n > OBIS_GROUP_DIGITS)
			return SMGW_E_SYNTAX;
		v = v * 10 + (unsigned)(text[i] - '0');
		i++;
	}
	if (n == 0)
		return SMGW_E_SYNTAX;
	if (v > 255)
		return SMGW_E_RANGE;
	*ret = (uint8_t)v;
	*pos = i;
	return 0;
}

/* Expects the character c at text[*pos]. */
static int expect(const char *text, size_t len, size_t *pos, char c)
{
	if (*pos >= len || text[*pos] != c)
		return SMGW_E_SYNTAX;
	(*pos)++;
	return 0;
}

static int parse_hex(const char *text, struct smgw_obis *ret)
{
	uint8_t b[6];
	size_t i;

	for (i = 0; i < 6; i++) {
		int hi = hexval(text[2 * i]), lo = hexval(text[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return SMGW_E_SYNTAX;
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	smgw_obis_from_bytes(b, ret);
	return 0;
}

/* True if the text has the shape of the full form (a '-' before any '.'). */
static int has_prefix(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (text[i] == '-')
			return 1;
		if (text[i] < '0' || text[i] > '9')
			return 0;
	}
	return 0;
}

SMGW_EXPORT int smgw_obis_parse(const char *text, size_t len, struct smgw_obis *ret)
{
	struct smgw_obis o;
	size_t pos = 0;
	int err, full, hexonly = 1;
	size_t i;

	smgw_return_if_fail(ret);
	smgw_return_if_fail(text || len == 0);
	if (len == 0 || len > OBIS_TEXT_MAX)
		return SMGW_E_SYNTAX;

	/* 12 hex digits: no separators at all. Decimal forms always have some. */
	if (len == 12) {
		for (i = 0; i < len && hexonly; i++)
			if (hexval(text[i]) < 0)
				hexonly = 0;
		if (hexonly) {
			err = parse_hex(text, &o);
			if (err == 0)
				*ret = o;
			return err;
		}
	}

	full = has_prefix(text, len);
	if (full) {
		if ((err = read_group(text, len, &pos, &o.a)) < 0 ||
		    (err = expect(text, len, &pos, '-')) < 0 ||
		    (err = read_group(text, len, &pos, &o.b)) < 0 ||
		    (err = expect(text, len, &pos, ':')) < 0)
			return err;
	} else {
		o.a = short_defaults.a;
		o.b = short_defaults.b;
	}
	if ((err = read_group(text, len, &pos, &o.c)) < 0 ||
	    (err = expect(text, len, &pos, '.')) < 0 ||
	    (err = read_group(text, len, &pos, &o.d)) < 0 ||
	    (err = expect(text, len, &pos, '.')) < 0 ||
	    (err = read_group(text, len, &pos, &o.e)) < 0)
		return err;
	if (pos == len) {
		o.f = short_defaults.f;
	} else {
		char sep = text[pos];

		if (sep != '*' && sep != '&' && !(full && sep == '.'))
			return SMGW_E_SYNTAX;
		pos++;
		if ((err = read_group(text, len, &pos, &o.f)) < 0)
			return err;
		if (pos != len)
			return SMGW_E_SYNTAX; /* trailing garbage */
	}
	*ret = o;
	return 0;
}

/* Appends the decimal form of v (0..255) to buf at *n. */
static void put_u8(char *buf, size_t *n, unsigned v)
{
	if (v >= 100)
		buf[(*n)++] = (char)('0' + v / 100);
	if (v >= 10)
		buf[(*n)++] = (char)('0' + v / 10 % 10);
	buf[(*n)++] = (char)('0' + v % 10);
}

SMGW_EXPORT int smgw_obis_format(const struct smgw_obis *obis, char *buf, size_t size)
{
	char tmp[SMGW_OBIS_STRLEN];
	size_t n = 0;

	smgw_return_if_fail(obis);
	smgw_return_if_fail(buf || size == 0);
	put_u8(tmp, &n, obis->a);
	tmp[n++] = '-';
	put_u8(tmp, &n, obis->b);
	tmp[n++] = ':';
	put_u8(tmp, &n, obis->c);
	tmp[n++] = '.';
	put_u8(tmp, &n, obis->d);
	tmp[n++] = '.';
	put_u8(tmp, &n, obis->e);
	tmp[n++] = '*';
	put_u8(tmp, &n, obis->f);
	if (size < n + 1) {
		if (size > 0)
			buf[0] = '\0';
		return SMGW_E_BUFSIZE;
	}
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return (int)n;
}

SMGW_EXPORT int smgw_obis_format_hex(const struct smgw_obis *obis, char *buf, size_t size)
{
	static const char digits[] = "0123456789ABCDEF";
	uint8_t b[6];
	size_t i;

	smgw_return_if_fail(obis);
	smgw_return_if_fail(buf || size == 0);
	if (size < SMGW_OBIS_HEXLEN) {
		if (size > 0)
			buf[0] = '\0';
		return SMGW_E_BUFSIZE;
	}
	smgw_obis_to_bytes(obis, b);
	for (i = 0; i < 6; i++) {
		buf[2 * i] = digits[b[i] >> 4];
		buf[2 * i + 1] = digits[b[i] & 0x0f];
	}
	buf[12] = '\0';
	return 12;
}

SMGW_EXPORT void smgw_obis_from_bytes(const uint8_t bytes[6], struct smgw_obis *ret)
{
	if (!bytes || !ret)
		return;
	ret->a = bytes[0];
	ret->b = bytes[1];
	ret->c = bytes[2];
	ret->d = bytes[3];
	ret->e = bytes[4];
	ret->f = bytes[5];
}

SMGW_EXPORT void smgw_obis_to_bytes(const struct smgw_obis *obis, uint8_t bytes[6])
{
	if (!obis || !bytes)
		return;
	bytes[0] = obis->a;
	bytes[1] = obis->b;
	bytes[2] = obis->c;
	bytes[3] = obis->d;
	bytes[4] = obis->e;
	bytes[5] = obis->f;
}

SMGW_EXPORT int smgw_obis_cmp(const struct smgw_obis *x, const struct smgw_obis *y)
{
	uint8_t bx[6], by[6];
	size_t i;

	if (x == y)
		return 0;
	if (!x)
		return -1;
	if (!y)
		return 1;
	smgw_obis_to_bytes(x, bx);
	smgw_obis_to_bytes(y, by);
	for (i = 0; i < 6; i++)
		if (bx[i] != by[i])
			return bx[i] < by[i] ? -1 : 1;
	return 0;
}

SMGW_EXPORT int smgw_obis_match(const struct smgw_obis *x, const struct smgw_obis *y)
{
	if (!x || !y)
		return 0;
	if (x->a != y->a || x->b != y->b || x->c != y->c || x->d != y->d || x->e != y->e)
		return 0;
	return x->f == y->f || x->f == 255 || y->f == 255;
}

/* ---- Names ------------------------------------------------------------- */

/*
 * Energy registers with a tariff number in E: E = 0 total, 1..62 tariff n,
 * 63 the error register (TAF 1/2: values with PTB status 3/4 are booked
 * there). The strings are literals so that smgw_obis_name() can return
 * static storage without any global state.
 */
#define TARIFF_NAMES(q) \
	{ q ", total", \
	  q ", tariff 1", q ", tariff 2", q ", tariff 3", q ", tariff 4", q ", tariff 5", \
	  q ", tariff 6", q ", tariff 7", q ", tariff 8", q ", tariff 9", q ", tariff 10", \
	  q ", tariff 11", q ", tariff 12", q ", tariff 13", q ", tariff 14", q ", tariff 15", \
	  q ", tariff 16", q ", tariff 17", q ", tariff 18", q ", tariff 19", q ", tariff 20", \
	  q ", tariff 21", q ", tariff 22", q ", tariff 23", q ", tariff 24", q ", tariff 25", \
	  q ", tariff 26", q ", tariff 27", q ", tariff 28", q ", tariff 29", q ", tariff 30", \
	  q ", tariff 31", q ", tariff 32", q ", tariff 33", q ", tariff 34", q ", tariff 35", \
	  q ", tariff 36", q ", tariff 37", q ", tariff 38", q ", tariff 39", q ", tariff 40", \
	  q ", tariff 41", q ", tariff 42", q ", tariff 43", q ", tariff 44", q ", tariff 45", \
	  q ", tariff 46", q ", tariff 47", q ", tariff 48", q ", tariff 49", q ", tariff 50", \
	  q ", tariff 51", q ", tariff 52", q ", tariff 53", q ", tariff 54", q ", tariff 55", \
	  q ", tariff 56", q ", tariff 57", q ", tariff 58", q ", tariff 59", q ", tariff 60", \
	  q ", tariff 61", q ", tariff 62", q ", error register" }

/* Quantities (A = 1, D = 8) whose E group is a tariff number. */
static const struct {
	uint8_t c;
	const char *names[64];
} tariff_registers[] = {
	{ 1, TARIFF_NAMES("Active energy import (+A)") },
	{ 2, TARIFF_NAMES("Active energy export (-A)") },
	{ 3, TARIFF_NAMES("Reactive energy import (+R)") },
	{ 4, TARIFF_NAMES("Reactive energy export (-R)") },
};

#define ANY (-1)

/*
 * Other named registers. A, C, D, E must match; B and F must match unless
 * ANY. Sources: IEC 62056-6-1 value groups (electricity C/D, EN 13757-1 for
 * heat, gas, water), the SML meter pushes in ../shared/reference/lmn.md 1.5,
 * and ../shared/reference/tariff.md 3.1.
 */
static const struct {
	uint8_t a, c, d, e;
	int16_t b, f;
	const char *name;
} names[] = {
	/* Electricity: energy per measurement period, demand, power. */
	{ 1, 1, 29, 0, ANY, ANY, "Active energy import (+A) per measurement period" },
	{ 1, 2, 29, 0, ANY, ANY, "Active energy export (-A) per measurement period" },
	{ 1, 1, 6, 0, ANY, ANY, "Maximum demand, active power import (+P)" },
	{ 1, 2, 6, 0, ANY, ANY, "Maximum demand, active power export (-P)" },
	{ 1, 15, 8, 0, ANY, ANY, "Absolute active energy (|+A| + |-A|), total" },
	{ 1, 1, 7, 0, ANY, ANY, "Active power import (+P)" },
	{ 1, 2, 7, 0, ANY, ANY, "Active power export (-P)" },
	{ 1, 15, 7, 0, ANY, ANY, "Absolute active power (|+P| + |-P|)" },
	{ 1, 16, 7, 0, ANY, ANY, "Active power, sum (+P - -P)" },
	{ 1, 21, 7, 0, ANY, ANY, "Active power import (+P), L1" },
	{ 1, 41, 7, 0, ANY, ANY, "Active power import (+P), L2" },
	{ 1, 61, 7, 0, ANY, ANY, "Active power import (+P), L3" },
	{ 1, 36, 7, 0, ANY, ANY, "Active power, sum (+P - -P), L1" },
	{ 1, 56, 7, 0, ANY, ANY, "Active power, sum (+P - -P), L2" },
	{ 1, 76, 7, 0, ANY, ANY, "Active power, sum (+P - -P), L3" },
	{ 1, 3, 7, 0, ANY, ANY, "Reactive power import (+Q)" },
	{ 1, 4, 7, 0, ANY, ANY, "Reactive power export (-Q)" },
	{ 1, 9, 7, 0, ANY, ANY, "Apparent power import (+S)" },
	{ 1, 10, 7, 0, ANY, ANY, "Apparent power export (-S)" },
	/* Electricity: grid quantities (TAF 10). */
	{ 1, 31, 7, 0, ANY, ANY, "Current, L1" },
	{ 1, 51, 7, 0, ANY, ANY, "Current, L2" },
	{ 1, 71, 7, 0, ANY, ANY, "Current, L3" },
	{ 1, 91, 7, 0, ANY, ANY, "Current, neutral" },
	{ 1, 32, 7, 0, ANY, ANY, "Voltage, L1" },
	{ 1, 52, 7, 0, ANY, ANY, "Voltage, L2" },
	{ 1, 72, 7, 0, ANY, ANY, "Voltage, L3" },
	{ 1, 14, 7, 0, ANY, ANY, "Supply frequency" },
	{ 1, 13, 7, 0, ANY, ANY, "Power factor" },
	{ 1, 81, 7, 1, ANY, ANY, "Phase angle U(L2) to U(L1)" },
	{ 1, 81, 7, 2, ANY, ANY, "Phase angle U(L3) to U(L1)" },
	{ 1, 81, 7, 4, ANY, ANY, "Phase angle I(L1) to U(L1)" },
	{ 1, 81, 7, 15, ANY, ANY, "Phase angle I(L2) to U(L2)" },
	{ 1, 81, 7, 26, ANY, ANY, "Phase angle I(L3) to U(L3)" },
	/* Electricity: identification and status as SML meters send them. */
	{ 1, 0, 0, 9, ANY, ANY, "Device id (server id)" },
	{ 1, 0, 0, 0, ANY, ANY, "Device address" },
	{ 1, 0, 2, 0, ANY, ANY, "Firmware version" },
	{ 1, 96, 1, 0, ANY, ANY, "Device id (serial number)" },
	{ 1, 96, 50, 1, ANY, ANY, "Manufacturer FLAG id" },
	{ 1, 96, 5, 0, ANY, ANY, "Operating status" },
	{ 1, 96, 8, 0, ANY, ANY, "Operating time" },
	{ 129, 199, 130, 3, 129, ANY, "Manufacturer FLAG id" },
	{ 129, 199, 130, 5, 129, ANY, "Meter public key" },
	/* Abstract objects (A = 0). */
	{ 0, 1, 0, 0, ANY, ANY, "Clock" },
	{ 0, 42, 0, 0, ANY, ANY, "COSEM logical device name" },
	{ 0, 96, 1, 0, ANY, ANY, "Device id (serial number)" },
	{ 0, 96, 14, 0, ANY, ANY, "Currently active tariff" },
	{ 0, 96, 7, 21, ANY, ANY, "Number of power failures" },
	{ 0, 96, 3, 10, ANY, ANY, "Disconnect control" },
	/* Heat (A = 6, EN 13757-1). */
	{ 6, 1, 0, 0, ANY, ANY, "Heat energy" },
	{ 6, 2, 0, 0, ANY, ANY, "Heat, accumulated flow volume" },
	{ 6, 8, 0, 0, ANY, ANY, "Heat power" },
	{ 6, 9, 0, 0, ANY, ANY, "Heat, flow rate" },
	{ 6, 10, 0, 0, ANY, ANY, "Heat, flow temperature" },
	{ 6, 11, 0, 0, ANY, ANY, "Heat, return temperature" },
	/* Gas (A = 7). */
	{ 7, 3, 0, 0, ANY, ANY, "Gas volume, unconverted (meter index)" },
	/* Water (A = 8 cold, 9 hot; EN 13757-1). */
	{ 8, 1, 0, 0, ANY, ANY, "Cold water, accumulated volume" },
	{ 8, 2, 0, 0, ANY, ANY, "Cold water, flow rate" },
	{ 9, 1, 0, 0, ANY, ANY, "Hot water, accumulated volume" },
	{ 9, 2, 0, 0, ANY, ANY, "Hot water, flow rate" },
};

SMGW_EXPORT const char *smgw_obis_name(const struct smgw_obis *obis)
{
	size_t i;

	if (!obis)
		return NULL;
	if (obis->a == 1 && obis->d == 8 && obis->e <= 63) {
		for (i = 0; i < SMGW_ARRAY_SIZE(tariff_registers); i++)
			if (tariff_registers[i].c == obis->c)
				return tariff_registers[i].names[obis->e];
	}
	for (i = 0; i < SMGW_ARRAY_SIZE(names); i++) {
		if (names[i].a != obis->a || names[i].c != obis->c || names[i].d != obis->d ||
		    names[i].e != obis->e)
			continue;
		if (names[i].b != ANY && names[i].b != obis->b)
			continue;
		if (names[i].f != ANY && names[i].f != obis->f)
			continue;
		return names[i].name;
	}
	return NULL;
}
