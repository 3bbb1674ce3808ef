/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: SML transport v1 stream decoder fed in chunks whose sizes
 * come from the input, then every delivered file through the message
 * decoder and value extraction. Must never crash, hang or read out of
 * bounds; every error must carry a diagnostic message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/lmn.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t frame[4096];

static int count_value(void *ud, const struct smgw_value *v, const struct smgw_sml_message *m)
{
	(void)v;
	(void)m;
	(*(int *)ud)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t mem[64];
	smgw_sml_stream *s;
	size_t off = 1, chunk;

	if (size < 1)
		return 0;
	chunk = (size_t)(data[0] % 17) + 1;
	if (smgw_sml_stream_size() > sizeof(mem) ||
	    smgw_sml_stream_init(mem, sizeof(mem), frame, 16 + (size_t)data[0] * 16, 0, &s) != 0)
		abort();
	while (off < size) {
		size_t n = size - off < chunk ? size - off : chunk, pos = 0;

		while (pos < n) {
			struct smgw_sml_file f;
			struct smgw_diag d = SMGW_DIAG_INIT;
			size_t used = 0;
			int e = smgw_sml_stream_feed(s, data + off + pos, n - pos, &used, &f, &d);

			if (used > n - pos)
				abort();
			pos += used;
			if (e == SMGW_SML_FILE) {
				int count = 0;
				int r = smgw_sml_file_values(f.data, f.len, SMGW_SML_F_IGNORE_MSG_CRC | SMGW_SML_F_DZG_FIX,
							     count_value, &count, &d);
				if (r >= 0 && r != count)
					abort();
			} else if (e < 0) {
				if (d.code != e || d.message[0] == 0)
					abort();
			} else if (pos != n) {
				abort();
			}
		}
		off += n;
	}
	(void)smgw_sml_stream_finish(s, NULL);
	return 0;
}
