/* SPDX-License-Identifier: Apache-2.0 */
/*
 * HDLC frame format type 3: real frames and the stream cases asserted by
 * the amshan project's tests (tests/data/lmn/dlms, MANIFEST.md), every frame
 * cut at every byte and with every byte changed, and our encoder checked
 * against the real frames byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smgw/hdlc.h>

#include "dlms-test-util.h"

static void hexeq(const uint8_t *p, size_t n, const char *hex)
{
	uint8_t want[4096];
	size_t m = unhex(hex, want, sizeof(want));

	assert_int_equal(n, m);
	if (n)
		assert_memory_equal(p, want, n);
}

struct frame_case {
	const char *file;
	uint32_t dst, src;
	uint8_t dst_len, src_len, control;
	uint16_t len, fcs;
	int32_t type;
	const char *info;
	uint32_t flags;
};

/* Values asserted by amshan's tests or stated in the data manifest. */
static const struct frame_case cases[] = {
	{ "hdlc_FRAME_EMPTY_INFO.hex", 0x00, 0x80, 1, 2, 0x10, 8, 0x8d37, SMGW_HDLC_I, "", 0 },
	{ "hdlc_FRAME_SHORT_INFO.hex", 0x00, 0x80, 1, 2, 0x10, 12, 0xdee7, SMGW_HDLC_I, "0201", 0 },
	{ "hdlc_FRAME_WITH_ESCAPE_CHARACTER_IN_INFO.hex", 0x20, (0x08 >> 1) << 7 | (0x83 >> 1), 1, 2, 0x13, 42, 0x051c,
	  SMGW_HDLC_UI, "E6E7000F40000000000101020309060100010700FF060000067D02020F00161B", 0 },
	{ "hdlc_FRAME_WITH_FLAG_SEQUENCE_CHARACTER_IN_INFO.hex", 0x00, 0x80, 1, 2, 0x10, 39, 0x5eea, SMGW_HDLC_I,
	  "E6E7000F40000000090C07E4020F06011922FF8000000201060000157E", 0 },
	{ "hdlc_STUFFED_FRAME_SHORT_INFO.hex", 0x00, 0x80, 1, 2, 0x10, 13, 0x2d93, SMGW_HDLC_I, "7E7D03",
	  SMGW_HDLC_F_STUFFING },
};

static void test_real_frames(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t wire[4096], buf[2048];
	uint64_t mem[32]; /* the decoder object must be 8-aligned */
		smgw_hdlc_stream *s;
		struct smgw_hdlc_frame f;
		size_t n = load(cases[i].file, wire, sizeof(wire)), used;
		int e;

		assert_int_equal(smgw_hdlc_stream_init(mem, sizeof(mem), buf, sizeof(buf), cases[i].flags, &s), 0);
		e = smgw_hdlc_stream_feed(s, wire, n, &used, &f, NULL);
		if (e != SMGW_HDLC_FRAME)
			fail_msg("%s: %d", cases[i].file, e);
		assert_int_equal(used, n);
		assert_int_equal(f.dst, cases[i].dst);
		assert_int_equal(f.src, cases[i].src);
		assert_int_equal(f.dst_len, cases[i].dst_len);
		assert_int_equal(f.src_len, cases[i].src_len);
		assert_int_equal(f.control, cases[i].control);
		assert_int_equal(f.frame_len, cases[i].len);
		assert_int_equal(f.fcs, cases[i].fcs);
		assert_int_equal(f.type, cases[i].type);
		assert_int_equal(f.segmented, 0);
		hexeq(f.info, f.info_len, cases[i].info);
		/* our encoder reproduces the meter's frame (unstuffed ones byte for byte) */
		if (!cases[i].flags) {
			uint8_t out[4096];
			size_t olen = sizeof(out);
			assert_int_equal(smgw_hdlc_frame_encode(&f, 0, out, &olen), 0);
			assert_int_equal(olen, n);
			assert_memory_equal(out, wire, n);
		}
	}
}

static int count_frames(const char *hex, uint32_t flags, const char **payloads, size_t chunk)
{
	uint8_t wire[4096], buf[2048];
	uint64_t mem[32]; /* the decoder object must be 8-aligned */
	smgw_hdlc_stream *s;
	size_t n = unhex(hex, wire, sizeof(wire)), off = 0;
	int frames = 0;

	assert_int_equal(smgw_hdlc_stream_init(mem, sizeof(mem), buf, sizeof(buf), flags, &s), 0);
	while (off < n) {
		size_t len = n - off < chunk ? n - off : chunk, used;
		struct smgw_hdlc_frame f;
		int e = smgw_hdlc_stream_feed(s, wire + off, len, &used, &f, NULL);

		off += used;
		if (e == SMGW_HDLC_FRAME) {
			if (payloads && payloads[frames])
				hexeq(f.info, f.info_len, payloads[frames]);
			frames++;
		}
	}
	return frames;
}

static void test_stream_cases(void **state)
{
	static const char *p0201[] = { "0201", "", NULL };
	size_t chunk;
	char longf[8192];
	int i;

	(void)state;
	for (chunk = 1; chunk <= 64; chunk = chunk * 2 + 1) {
		assert_int_equal(count_frames("C37EA00C0102011027A00201E7DE7E", 0, p0201, chunk), 1);
		assert_int_equal(count_frames("0600001FC7CEC37EA00C0102011027A00201E7DE7E", 0, p0201, chunk), 1);
		assert_int_equal(count_frames("7EA00801020110377E", 0, NULL, chunk), 0);
		assert_int_equal(count_frames("7EA00C0102011027A00201E7DE7D7E", 0, NULL, chunk), 0);
		assert_int_equal(count_frames("7EA00C0102011027A00201E7DE7EA00801020110378D7E", 0, p0201, chunk), 2);
		assert_int_equal(count_frames("7EA00C0102011027A00201E7DE7E7EA00801020110378D7E", 0, p0201, chunk), 2);
		assert_int_equal(count_frames("7EA00C0102011027A00201E7DE7E7E7E7E7E7EA00801020110378D7E", 0, p0201, chunk), 2);
	}
	/* too long: header then 2047 zero bytes, no closing flag */
	strcpy(longf, "7EA00C0102011027A00201E7DE");
	for (i = 0; i < 2047; i++)
		strcat(longf + strlen(longf) - 0, "00");
	assert_int_equal(count_frames(longf, 0, NULL, 100), 0);
	/* a frame after garbage and a broken frame is still found */
	assert_int_equal(count_frames("7EA00C0102011027A00201E7DF7E" "7EA00C0102011027A00201E7DE7E", 0, p0201, 5), 1);
}

/* Every prefix of a real frame yields no frame; every changed byte is caught. */
static void test_damage(void **state)
{
	uint8_t wire[4096], buf[2048];
	uint64_t mem[32]; /* the decoder object must be 8-aligned */
	smgw_hdlc_stream *s;
	size_t n = load("kamstrup_se_list_real_sample_hdlc_from_comment.hex", wire, sizeof(wire)), cut, i;

	(void)state;
	for (cut = 0; cut < n; cut++) {
		struct smgw_hdlc_frame f;
		size_t used;
		assert_int_equal(smgw_hdlc_stream_init(mem, sizeof(mem), buf, sizeof(buf), 0, &s), 0);
		assert_int_equal(smgw_hdlc_stream_feed(s, wire, cut, &used, &f, NULL), 0);
		if (cut + 1 < n) /* without the closing flag the whole frame is there */
			assert_int_equal(smgw_hdlc_frame_parse(wire + 1, cut > 1 ? cut - 1 : 0, &f, NULL) < 0, 1);
	}
	for (i = 1; i + 1 < n; i++) {
		int bit;
		for (bit = 0; bit < 8; bit++) {
			struct smgw_hdlc_frame f;
			struct smgw_diag d = SMGW_DIAG_INIT;
			wire[i] ^= (uint8_t)(1u << bit);
			if (smgw_hdlc_frame_parse(wire + 1, n - 2, &f, &d) == 0)
				fail_msg("flip of bit %d in byte %zu accepted", bit, i);
			wire[i] ^= (uint8_t)(1u << bit);
		}
	}
}

static void test_encode_and_join(void **state)
{
	static const uint8_t seg1[] = { 0xe6, 0xe7, 0x00, 0x0f, 0x40 }, seg2[] = { 0x00, 0x00, 0x00, 0x00 };
	struct smgw_hdlc_frame f, g;
	uint8_t out[64], joined[16], buf[256];
	uint64_t mem[32];
	const uint8_t *msg;
	size_t len, mlen, used;
	struct smgw_hdlc_join j = { joined, sizeof(joined), 0, 0, 0 };
	smgw_hdlc_stream *s;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.dst = 0x10;
	f.dst_len = 1;
	f.src = 0x3ffe;
	f.src_len = 2;
	f.control = 0x13;
	f.segmented = 1;
	f.info = seg1;
	f.info_len = sizeof(seg1);
	len = 0;
	assert_int_equal(smgw_hdlc_frame_encode(&f, 0, NULL, &len), SMGW_E_BUFSIZE);
	assert_int_equal(len, 2 + 2 + 1 + 2 + 1 + 2 + sizeof(seg1) + 2);
	len = sizeof(out);
	assert_int_equal(smgw_hdlc_frame_encode(&f, SMGW_HDLC_F_STUFFING, out, &len), 0);
	assert_int_equal(smgw_hdlc_stream_init(mem, sizeof(mem), buf, sizeof(buf), SMGW_HDLC_F_STUFFING, &s), 0);
	assert_int_equal(smgw_hdlc_stream_feed(s, out, len, &used, &g, NULL), SMGW_HDLC_FRAME);
	assert_int_equal(g.src, 0x3ffe);
	assert_int_equal(g.segmented, 1);
	assert_int_equal(smgw_hdlc_join_add(&j, &g, &msg, &mlen), 0);
	f.segmented = 0;
	f.info = seg2;
	f.info_len = sizeof(seg2);
	len = sizeof(out);
	assert_int_equal(smgw_hdlc_frame_encode(&f, 0, out, &len), 0);
	assert_int_equal(smgw_hdlc_frame_parse(out + 1, len - 2, &g, NULL), 0);
	assert_int_equal(smgw_hdlc_join_add(&j, &g, &msg, &mlen), 1);
	assert_int_equal(mlen, 9);
	assert_int_equal(smgw_hdlc_llc(msg, mlen, &msg, &mlen), 0);
	assert_int_equal(msg[0], 0x0f);
	assert_int_equal(smgw_hdlc_llc(seg2, sizeof(seg2), &msg, &mlen), SMGW_E_ENCODING);
	/* addresses that do not fit */
	f.dst = 0x80;
	len = sizeof(out);
	assert_int_equal(smgw_hdlc_frame_encode(&f, 0, out, &len), SMGW_E_RANGE);
	f.dst_len = 3;
	assert_int_equal(smgw_hdlc_frame_encode(&f, 0, out, &len), SMGW_E_RANGE);
	assert_int_equal(smgw_hdlc_stream_init(mem, 4, buf, sizeof(buf), 0, &s), SMGW_E_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_frames),
		cmocka_unit_test(test_stream_cases),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_encode_and_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
