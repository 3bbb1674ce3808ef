/* SPDX-License-Identifier: Apache-2.0 */
/* ISO 8601 parser: never crashes; what parses formats and re-parses to the same instant. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[SMGW_ISO8601_LEN];
	int64_t t, t2;
	int32_t off, off2;
	int n;

	if (smgw_time_parse_iso8601((const char *)data, size, &t, &off) != 0)
		return 0;
	n = smgw_time_format_iso8601(t, off, SMGW_ISO_MS, buf, sizeof(buf));
	if (n < 0)
		return 0; /* instants near year 1/9999 cannot be shown with every offset */
	if (smgw_time_parse_iso8601(buf, (size_t)n, &t2, &off2) != 0 || t2 != t || off2 != off)
		abort();
	if (t >= SMGW_TIME_MIN_MS && t < SMGW_TIME_END_MS) {
		struct smgw_tm tm;
		int64_t back;
		if (smgw_time_to_berlin(t, &tm) != 0)
			abort();
		if (smgw_time_from_berlin(&tm, tm.is_dst ? SMGW_FOLD_FIRST : SMGW_FOLD_SECOND, &back) == 0 && back != t)
			abort();
	}
	return 0;
}
