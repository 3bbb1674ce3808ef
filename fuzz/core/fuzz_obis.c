/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OBIS text parser. Whatever parses must format and parse back to the same
 * code, in both the decimal and the hex form; the name lookup must not crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/obis.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smgw_obis o, back;
	char buf[SMGW_OBIS_STRLEN], hex[SMGW_OBIS_HEXLEN];
	const char *name;
	int n;

	if (smgw_obis_parse((const char *)data, size, &o) != 0)
		return 0;
	n = smgw_obis_format(&o, buf, sizeof(buf));
	if (n <= 0 || (size_t)n >= sizeof(buf) || strlen(buf) != (size_t)n)
		abort();
	if (smgw_obis_parse(buf, (size_t)n, &back) != 0 || smgw_obis_cmp(&o, &back) != 0)
		abort();
	if (smgw_obis_format_hex(&o, hex, sizeof(hex)) != 12 ||
	    smgw_obis_parse(hex, 12, &back) != 0 || smgw_obis_cmp(&o, &back) != 0)
		abort();
	if (!smgw_obis_match(&o, &back))
		abort();
	name = smgw_obis_name(&o);
	if (name && strlen(name) == 0)
		abort();
	return 0;
}
