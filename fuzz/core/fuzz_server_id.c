/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Server ids: the text parser, and the formatter on raw bytes. A parsed id
 * must format to text that parses back to the same bytes, except that the
 * DIN text form is always stored with type byte 0x0A.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/value.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t id[SMGW_SERVER_ID_MAX], back[SMGW_SERVER_ID_MAX];
	size_t len = sizeof(id), back_len = sizeof(back);
	char text[40];
	int n;

	/* Raw bytes through the formatter. */
	n = smgw_server_id_format(data, size, text, sizeof(text));
	if (size > SMGW_SERVER_ID_MAX ? n != SMGW_E_RANGE : (n < 0 || strlen(text) != (size_t)n))
		abort();

	if (smgw_server_id_parse((const char *)data, size, id, &len) != 0)
		return 0;
	if (len == 0 || len > SMGW_SERVER_ID_MAX)
		abort();
	n = smgw_server_id_format(id, len, text, sizeof(text));
	if (n <= 0)
		abort();
	if (smgw_server_id_parse(text, (size_t)n, back, &back_len) != 0 || back_len != len ||
	    memcmp(back + 1, id + 1, len - 1) != 0)
		abort();
	if (back[0] != id[0] && !(n == 14 && back[0] == 0x0A))
		abort();
	return 0;
}
