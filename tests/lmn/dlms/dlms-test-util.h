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

#endif
