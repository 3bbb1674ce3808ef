/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers of the DLMS tests: hex text to bytes, and the amshan capture files. */
#ifndef DLMS_TEST_UTIL_H
#define DLMS_TEST_UTIL_H

#include <stdio.h>

static inline size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	while (hex[0] && hex[1] && n < cap && sscanf(hex, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

/* Reads tests/data/lmn/dlms/amshan/<name> (hex text) into @p out. */
static inline size_t load(const char *name, uint8_t *out, size_t cap)
{
	char path[512], hex[16384];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/lmn/dlms/amshan/%s", SMGW_TEST_DATA, name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(hex, 1, sizeof(hex) - 1, f);
	fclose(f);
	hex[n] = 0;
	return unhex(hex, out, cap);
}

/* Reads tests/data/lmn/dlms/<rel> (hex text, any whitespace) into @p out; returns the byte count. */
static inline size_t load_hex(const char *rel, uint8_t *out, size_t cap)
{
	char path[512];
	FILE *f;
	int ch, hi = -1;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/lmn/dlms/%s", SMGW_TEST_DATA, rel);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	while ((ch = fgetc(f)) != EOF) {
		int v;
		if (ch >= '0' && ch <= '9')
			v = ch - '0';
		else if (ch >= 'a' && ch <= 'f')
			v = ch - 'a' + 10;
		else if (ch >= 'A' && ch <= 'F')
			v = ch - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			if (n >= cap)
				fail_msg("%s larger than %zu bytes", path, cap);
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	fclose(f);
	return n;
}

/* Hex text (no whitespace) to bytes. */
static inline size_t hexb(const char *hex, uint8_t *out, size_t cap)
{
	return unhex(hex, out, cap);
}

#endif
