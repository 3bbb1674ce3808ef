/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SML transport v1: CRC variants, streaming in arbitrary chunks over every
 * real capture, resynchronisation, and the malformed-input matrix
 * (truncation at every byte, CRC errors at every byte, escape sequences at
 * every position, oversized frames). Truncation is exhaustive at every byte
 * of every capture; of the 284 kB stream only the first 20 kB are cut.
 */
#include "sml-test-util.h"

struct frame_rec {
	uint64_t offset;
	uint32_t len;
	uint16_t sum;
	int32_t crc;
};

struct run_result {
	struct frame_rec frames[1024];
	size_t nframes;
	size_t nerrors;
	int finish;
};

static uint8_t frame_buf[64 * 1024];

/* Feeds @data in chunks of @chunk bytes; records frames and errors. */
static void run_stream(const uint8_t *data, size_t len, size_t chunk, uint32_t flags, size_t bufsize,
		       struct run_result *res)
{
	uint64_t mem[64];
	smgw_sml_stream *s;
	size_t off = 0;

	memset(res, 0, sizeof(*res));
	assert_true(smgw_sml_stream_size() <= sizeof(mem));
	assert_int_equal(smgw_sml_stream_init(mem, sizeof(mem), frame_buf, bufsize, flags, &s), 0);
	while (off < len) {
		size_t n = len - off < chunk ? len - off : chunk;
		size_t pos = 0;

		while (pos < n) {
			struct smgw_sml_file f;
			struct smgw_diag d = SMGW_DIAG_INIT;
			size_t used = 0;
			int e = smgw_sml_stream_feed(s, data + off + pos, n - pos, &used, &f, &d);

			assert_true(used <= n - pos);
			pos += used;
			if (e == SMGW_SML_FILE) {
				assert_true(f.len <= bufsize);
				if (res->nframes < 1024) {
					struct frame_rec *r = &res->frames[res->nframes];
					r->offset = f.offset;
					r->len = f.len;
					r->sum = smgw_sml_crc16(SMGW_SML_CRC_X25, f.data, f.len);
					r->crc = f.crc;
				}
				res->nframes++;
			} else if (e < 0) {
				assert_int_equal(d.code, e);
				assert_true(d.message[0] != 0);
				res->nerrors++;
			} else {
				assert_int_equal(e, 0);
				assert_int_equal(pos, n);
			}
		}
		off += n;
	}
	res->finish = smgw_sml_stream_finish(s, NULL);
}

static void test_crc_known_answers(void **state)
{
	(void)state;
	assert_int_equal(smgw_sml_crc16(SMGW_SML_CRC_X25, "123456789", 9), 0x906E);
	assert_int_equal(smgw_sml_crc16(SMGW_SML_CRC_KERMIT, "123456789", 9), 0x2189);
	assert_int_equal(smgw_sml_crc16(99, "123456789", 9), 0);
	assert_int_equal(smgw_sml_crc16(SMGW_SML_CRC_X25, NULL, 0), 0x0000);
}

/* Every capture: frame count from the independent truth, and the same
 * frames whatever the chunking. */
static void test_captures_any_chunking(void **state)
{
	static struct run_result whole, part;
	static const size_t chunks[] = { 1, 3, 4, 7, 64, 1000 };
	struct sml_exp_file *ex;
	size_t n = sml_load_expected(&ex), i, k;

	(void)state;
	assert_true(n >= 40);
	for (i = 0; i < n; i++) {
		size_t len;
		uint8_t *data;

		if (strchr(ex[i].flags, 'M'))
			continue;
		data = sml_load(ex[i].path, &len);
		assert_non_null(data);
		run_stream(data, len, len ? len : 1, 0, sizeof(frame_buf), &whole);
		if (whole.nframes != ex[i].frames)
			fail_msg("%s: %zu frames, expected %u", ex[i].path, whole.nframes, ex[i].frames);
		for (k = 0; k < SML_ARRAY(chunks); k++) {
			if (len > 20000 && chunks[k] < 64)
				continue; /* the 284 kB stream: byte-wise once is enough */
			run_stream(data, len, chunks[k], 0, sizeof(frame_buf), &part);
			assert_int_equal(part.nframes, whole.nframes);
			assert_int_equal(part.nerrors, whole.nerrors);
			assert_memory_equal(part.frames, whole.frames,
					    (whole.nframes < 1024 ? whole.nframes : 1024) * sizeof(struct frame_rec));
		}
		if (len > 20000) {
			run_stream(data, len, 1, 0, sizeof(frame_buf), &part);
			assert_int_equal(part.nframes, whole.nframes);
		}
		free(data);
	}
	sml_free_expected(ex, n);
}

/* Truncation at every byte: never more frames than the full input, a cut
 * inside a frame is reported by finish(), and nothing reads out of bounds. */
static void test_truncated_every_byte(void **state)
{
	static struct run_result full, cut;
	struct sml_exp_file *ex;
	size_t n = sml_load_expected(&ex), i, k;

	(void)state;
	for (i = 0; i < n; i++) {
		size_t len;
		uint8_t *data;

		if (strchr(ex[i].flags, 'M'))
			continue;
		data = sml_load(ex[i].path, &len);
		assert_non_null(data);
		if (len > 20000)
			len = 20000; /* first 20 kB of the long stream */
		run_stream(data, len, len, 0, sizeof(frame_buf), &full);
		for (k = 0; k < len; k++) {
			uint8_t *pre = malloc(k ? k : 1);

			memcpy(pre, data, k);
			run_stream(pre, k, k ? k : 1, 0, sizeof(frame_buf), &cut);
			assert_true(cut.nframes <= full.nframes);
			assert_true(cut.finish == 0 || cut.finish == SMGW_E_TRUNCATED);
			if (cut.nframes)
				assert_memory_equal(cut.frames, full.frames,
						    (cut.nframes < 1024 ? cut.nframes : 1024) * sizeof(struct frame_rec));
			free(pre);
		}
		free(data);
	}
	sml_free_expected(ex, n);
}

/* Single-frame captures: flipping any byte of the frame loses the frame
 * (CRC16 detects every error within 16 bits) with a clear error or as garbage. */
static void test_crc_error_every_byte(void **state)
{
	static struct run_result res;
	static const char *files[] = {
		"libsml-testing/DZG_DVS-7412.2_jmberg.bin",
		"libsml-testing/EMH_eHZ361L5R.bin",
		"libsml-testing/HOLLEY_DTZ541-BDBA_without_PIN.bin",
		"smllib-tests/Frame_Issue_8_FIXED_L153.bin",
		"vzlogger-tests/EMH_eHZ_MeterSML_EMH_basic.bin",
	};
	size_t f, k;

	(void)state;
	for (f = 0; f < SML_ARRAY(files); f++) {
		size_t len;
		uint8_t *data = sml_load(files[f], &len);

		assert_non_null(data);
		run_stream(data, len, len, 0, sizeof(frame_buf), &res);
		assert_int_equal(res.nframes, 1);
		for (k = 0; k < len; k++) {
			uint8_t keep = data[k];
			static const uint8_t x[] = { 0x01, 0x80, 0xff };
			size_t j;

			for (j = 0; j < SML_ARRAY(x); j++) {
				data[k] = keep ^ x[j];
				run_stream(data, len, len, 0, sizeof(frame_buf), &res);
				if (res.nframes != 0)
					fail_msg("%s: byte %zu ^ %02x still gave a frame", files[f], k, x[j]);
			}
			data[k] = keep;
		}
		free(data);
	}
}

static void test_kermit_variant(void **state)
{
	static struct run_result res;
	size_t len;
	uint8_t *data = sml_load("smllib-tests/Frame_Issue_8_FIXED_L153.bin", &len);

	(void)state;
	assert_non_null(data);
	run_stream(data, len, len, 0, sizeof(frame_buf), &res);
	assert_int_equal(res.nframes, 1);
	assert_int_equal(res.frames[0].crc, SMGW_SML_CRC_KERMIT);
	run_stream(data, len, len, SMGW_SML_F_NO_KERMIT, sizeof(frame_buf), &res);
	assert_int_equal(res.nframes, 0);
	assert_int_equal(res.nerrors, 1);
	free(data);
}

/* Encoder and decoder agree on escapes at every position, aligned or not. */
static void test_escape_every_position(void **state)
{
	static struct run_result res;
	uint8_t payload[64], wire[256];
	size_t p, plen;

	(void)state;
	for (plen = 4; plen <= 40; plen += 3) {
		for (p = 0; p + 4 <= plen; p++) {
			size_t wlen = sizeof(wire);
			uint64_t mem[64];
			smgw_sml_stream *s;
			struct smgw_sml_file f;
			size_t used;
			int e;

			memset(payload, 0x76, plen);
			memset(payload + p, 0x1b, 4);
			assert_int_equal(smgw_sml_transport_encode(payload, plen, wire, &wlen), 0);
			assert_int_equal(wlen % 4, 0);
			assert_int_equal(smgw_sml_stream_init(mem, sizeof(mem), frame_buf, sizeof(frame_buf), 0, &s), 0);
			e = smgw_sml_stream_feed(s, wire, wlen, &used, &f, NULL);
			assert_int_equal(e, SMGW_SML_FILE);
			assert_int_equal(used, wlen);
			assert_int_equal(f.len, plen);
			assert_memory_equal(f.data, payload, plen);
			assert_int_equal(f.crc, SMGW_SML_CRC_X25);
			assert_int_equal(f.padding, (4 - plen % 4) % 4);
		}
	}
	/* A bogus escape command, a stray start and a lone escape at every group. */
	{
		size_t len, g;
		uint8_t *data = sml_load("vzlogger-tests/EMH_eHZ_MeterSML_EMH_basic.bin", &len);
		static const uint8_t cmds[][8] = {
			{ 0x1b, 0x1b, 0x1b, 0x1b, 0x02, 0x00, 0x00, 0x00 },
			{ 0x1b, 0x1b, 0x1b, 0x1b, 0x01, 0x01, 0x01, 0x01 },
			{ 0x1b, 0x1b, 0x1b, 0x1b, 0x1a, 0x07, 0x00, 0x00 },
			{ 0x1b, 0x1b, 0x1b, 0x1b, 0x1b, 0x1b, 0x1b, 0x01 },
		};
		assert_non_null(data);
		for (g = 8; g + 8 <= len; g += 1) {
			size_t c;

			for (c = 0; c < SML_ARRAY(cmds); c++) {
				uint8_t *m = malloc(len + 8);

				memcpy(m, data, g);
				memcpy(m + g, cmds[c], 8);
				memcpy(m + g + 8, data + g, len - g);
				run_stream(m, len + 8, 5, 0, sizeof(frame_buf), &res);
				/* The damaged frame never passes. A start inserted right
				 * after the original start begins a complete new frame. */
				if (c == 1 && g == 8 && res.nframes == 1 && res.frames[0].offset == 8 &&
				    res.nerrors == 1) {
					free(m);
					continue;
				}
				if (res.nframes != 0)
					fail_msg("escape %zu inserted at %zu gave a frame", c, g);
				assert_true(res.nerrors >= 1 || res.finish == SMGW_E_TRUNCATED);
				free(m);
			}
		}
		free(data);
	}
}

/* Garbage around frames, lost bytes inside a frame, a frame too long for the buffer. */
static void test_resync(void **state)
{
	static struct run_result res;
	size_t len, i;
	uint8_t *a = sml_load("vzlogger-tests/EMH_eHZ_MeterSML_EMH_basic.bin", &len);
	uint8_t *m = malloc(3 * len + 64);
	size_t n = 0;

	(void)state;
	assert_non_null(a);
	for (i = 0; i < 13; i++)
		m[n++] = (uint8_t)(0x1b + i * 37);
	memcpy(m + n, a, len);
	n += len;
	/* The second copy loses one byte in its middle. */
	memcpy(m + n, a, len / 2);
	n += len / 2;
	memcpy(m + n, a + len / 2 + 1, len - len / 2 - 1);
	n += len - len / 2 - 1;
	m[n++] = 0x1b;
	m[n++] = 0x1b;
	memcpy(m + n, a, len);
	n += len;

	run_stream(m, n, n, 0, sizeof(frame_buf), &res);
	assert_int_equal(res.nframes, 2);
	assert_int_equal(res.frames[0].offset, 13);
	assert_int_equal(res.frames[1].offset, 13 + 2 * len - 1 + 2);
	assert_true(res.nerrors >= 1);
	assert_int_equal(res.finish, 0);

	/* A 64-byte buffer cannot hold the frame: SMGW_E_LIMIT, then recovery. */
	run_stream(m, n, 17, 0, 64, &res);
	assert_int_equal(res.nframes, 0);
	assert_true(res.nerrors >= 2);
	free(m);
	free(a);
}

/* Allocator that fails once its budget of allocations is used up. */
static void *failing_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
	int *budget = ud;

	(void)old_size;
	if (new_size == 0) {
		free(ptr);
		return NULL;
	}
	if (*budget <= 0)
		return NULL;
	(*budget)--;
	return realloc(ptr, new_size);
}

static void test_api_arguments(void **state)
{
	uint64_t mem[64];
	uint8_t buf[64];
	smgw_sml_stream *s = NULL;
	struct smgw_sml_file f;
	size_t used = 99, wlen = 0;
	smgw_ctx *ctx = NULL;

	(void)state;
	assert_int_equal(smgw_sml_stream_init(NULL, sizeof(mem), buf, sizeof(buf), 0, &s), SMGW_E_INVAL);
	assert_int_equal(smgw_sml_stream_init(mem, 8, buf, sizeof(buf), 0, &s), SMGW_E_INVAL);
	assert_int_equal(smgw_sml_stream_init((uint8_t *)mem + 1, sizeof(mem) - 8, buf, sizeof(buf), 0, &s),
			 SMGW_E_INVAL);
	assert_int_equal(smgw_sml_stream_init(mem, sizeof(mem), buf, 8, 0, &s), SMGW_E_INVAL);
	assert_int_equal(smgw_sml_stream_init(mem, sizeof(mem), buf, sizeof(buf), 0x80, &s), SMGW_E_INVAL);
	assert_null(s);
	assert_int_equal(smgw_sml_stream_init(mem, sizeof(mem), buf, sizeof(buf), 0, &s), 0);
	assert_int_equal(smgw_sml_stream_feed(s, NULL, 5, &used, &f, NULL), SMGW_E_INVAL);
	assert_int_equal(used, 0);
	assert_int_equal(smgw_sml_stream_feed(s, NULL, 0, &used, &f, NULL), 0);
	assert_int_equal(smgw_sml_stream_finish(NULL, NULL), SMGW_E_INVAL);
	smgw_sml_stream_reset(NULL);

	/* Size query of the encoder. */
	assert_int_equal(smgw_sml_transport_encode((const uint8_t *)"\x1b\x1b\x1b\x1b", 4, NULL, &wlen),
			 SMGW_E_BUFSIZE);
	assert_int_equal(wlen, 8 + 8 + 8);

	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	assert_int_equal(smgw_sml_stream_new(ctx, 8, 0, &s), SMGW_E_INVAL);
	assert_int_equal(smgw_sml_stream_new(ctx, 4096, 0, &s), 0);
	smgw_sml_stream_free(s);
	smgw_sml_stream_free(NULL);
	smgw_ctx_unref(ctx);

	/* Out of memory at setup: SMGW_E_NOMEM, nothing returned. */
	{
		struct smgw_ctx_params p;
		int budget = 1; /* the context itself */

		memset(&p, 0, sizeof(p));
		p.struct_size = sizeof(p);
		p.alloc = failing_alloc;
		p.alloc_userdata = &budget;
		assert_int_equal(smgw_ctx_new(&p, &ctx), 0);
		budget = 0;
		s = NULL;
		assert_int_equal(smgw_sml_stream_new(ctx, 4096, 0, &s), SMGW_E_NOMEM);
		assert_null(s);
		budget = 1;
		assert_int_equal(smgw_sml_stream_new(ctx, 4096, 0, &s), 0);
		smgw_sml_stream_free(s);
		smgw_ctx_unref(ctx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc_known_answers),
		cmocka_unit_test(test_captures_any_chunking),
		cmocka_unit_test(test_truncated_every_byte),
		cmocka_unit_test(test_crc_error_every_byte),
		cmocka_unit_test(test_kermit_variant),
		cmocka_unit_test(test_escape_every_position),
		cmocka_unit_test(test_resync),
		cmocka_unit_test(test_api_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
