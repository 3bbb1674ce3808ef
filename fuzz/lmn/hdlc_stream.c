/* SPDX-License-Identifier: Apache-2.0 */
/*
 * HDLC streaming decoder on arbitrary bytes, in both modes and in uneven
 * chunks; every delivered frame must re-encode and parse to the same fields.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/hdlc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct smgw_hdlc_frame *f)
{
	static uint8_t out[2 * SMGW_HDLC_MAX_FRAME + 8];
	struct smgw_hdlc_frame g;
	size_t len = sizeof(out);

	if (smgw_hdlc_frame_encode(f, 0, out, &len) != 0)
		abort();
	if (smgw_hdlc_frame_parse(out + 1, len - 2, &g, NULL) != 0 || g.dst != f->dst || g.src != f->src ||
	    g.control != f->control || g.info_len != f->info_len || g.fcs != f->fcs ||
	    (f->info_len && memcmp(g.info, f->info, f->info_len) != 0))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[SMGW_HDLC_MAX_FRAME];
	uint64_t mem[16];
	uint32_t mode;

	for (mode = 0; mode < 2; mode++) {
		smgw_hdlc_stream *s;
		size_t off = 0, chunk = size ? (data[0] % 17) + 1 : 1;

		if (smgw_hdlc_stream_init(mem, sizeof(mem), buf, sizeof(buf), mode ? SMGW_HDLC_F_STUFFING : 0, &s) != 0)
			abort();
		while (off < size) {
			struct smgw_hdlc_frame f;
			size_t used, len = size - off < chunk ? size - off : chunk;
			int e = smgw_hdlc_stream_feed(s, data + off, len, &used, &f, NULL);

			if (used > len)
				abort();
			off += used;
			if (e == SMGW_HDLC_FRAME)
				check(&f);
			else if (e == 0 && used != len)
				abort();
		}
	}
	{
		struct smgw_hdlc_frame f;
		if (smgw_hdlc_frame_parse(data, size, &f, NULL) == 0)
			check(&f);
	}
	return 0;
}
