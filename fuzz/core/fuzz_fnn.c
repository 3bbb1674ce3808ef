/* SPDX-License-Identifier: Apache-2.0 */
/*
 * FNN status word: the wire parser, and the mapping, check and description
 * of any 64-bit word. A parsed word must format back to the same digits
 * (upper case).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/status.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise(uint64_t w)
{
	char text[SMGW_FNN_DESCRIBE_LEN], small[23];
	int ptb = smgw_fnn_to_ptb(w), n;

	if (ptb < 0 || ptb > 4 || !smgw_ptb_status_name(ptb))
		abort();
	(void)smgw_fnn_check(w, NULL);
	n = smgw_fnn_describe(w, text, sizeof(text));
	if (n < 0 || strlen(text) != (size_t)n)
		abort();
	n = smgw_fnn_describe(w, small, sizeof(small));
	if (n != SMGW_E_BUFSIZE && (n < 0 || strlen(small) != (size_t)n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t w = 0;
	char buf[17];
	size_t i;

	if (smgw_fnn_parse((const char *)data, size, &w) == 0) {
		if (smgw_fnn_format(w, buf, sizeof(buf)) != 16)
			abort();
		for (i = 0; i < 16; i++) {
			char c = (char)data[i];

			if (c >= 'a' && c <= 'f')
				c = (char)(c - 'a' + 'A');
			if (buf[i] != c)
				abort();
		}
		exercise(w);
	}
	/* Any 8 bytes as a raw word. */
	if (size >= 8) {
		w = 0;
		for (i = 0; i < 8; i++)
			w = w << 8 | data[i];
		exercise(w);
	}
	return 0;
}
