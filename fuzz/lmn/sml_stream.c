/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: SML transport v1 stream decoder fed in chunks whose sizes
 * come from the input, then every delivered file through the message
 * decoder and value extraction. Must never crash, hang or read out of
 * bounds; every error must carry a diagnostic message.
 * Differential: the same input fed at once (the bulk fast paths) and one
 * byte at a time (the byte-wise reference code) must give the same events:
 * every file (offset, lengths, skipped bytes, CRC variant, padding, bytes)
 * and every error (code, offset).
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

struct event {
	int code;
	uint64_t offset, skipped;
	uint32_t len, wire_len;
	int32_t crc;
	uint32_t padding;
	uint32_t sum; /* of the file's bytes */
};

#define MAX_EVENTS 256

struct events {
	struct event ev[MAX_EVENTS];
	size_t n;
	int finish;
};

static uint8_t frame_a[1024], frame_b[1024];
static struct events ev_a, ev_b;

static uint32_t sum_bytes(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* Feeds @data in pieces of @chunk bytes (0: all at once) and records the events. */
static void record(const uint8_t *data, size_t size, size_t chunk, uint8_t *buf, size_t bufsize, struct events *out)
{
	uint64_t mem[64];
	smgw_sml_stream *s;
	size_t off = 0;

	memset(out, 0, sizeof(*out));
	if (smgw_sml_stream_init(mem, sizeof(mem), buf, bufsize, 0, &s) != 0)
		abort();
	while (off < size) {
		size_t n = chunk == 0 || size - off < chunk ? size - off : chunk, pos = 0;

		while (pos < n) {
			struct smgw_sml_file f;
			struct smgw_diag d = SMGW_DIAG_INIT;
			size_t used = 0;
			int e = smgw_sml_stream_feed(s, data + off + pos, n - pos, &used, &f, &d);

			pos += used;
			if (e != 0 && out->n < MAX_EVENTS) {
				struct event *v = &out->ev[out->n++];

				v->code = e;
				if (e == SMGW_SML_FILE) {
					v->offset = f.offset;
					v->skipped = f.skipped;
					v->len = f.len;
					v->wire_len = f.wire_len;
					v->crc = f.crc;
					v->padding = f.padding;
					v->sum = sum_bytes(f.data, f.len);
				} else {
					v->offset = d.offset;
				}
			}
		}
		off += n;
	}
	out->finish = smgw_sml_stream_finish(s, NULL);
}

static void differential(const uint8_t *data, size_t size)
{
	size_t i;

	record(data, size, 0, frame_a, sizeof(frame_a), &ev_a);
	record(data, size, 1, frame_b, sizeof(frame_b), &ev_b);
	if (ev_a.n != ev_b.n || ev_a.finish != ev_b.finish)
		abort();
	for (i = 0; i < ev_a.n; i++) {
		const struct event *a = &ev_a.ev[i], *b = &ev_b.ev[i];

		if (a->code != b->code || a->offset != b->offset || a->skipped != b->skipped || a->len != b->len ||
		    a->wire_len != b->wire_len || a->crc != b->crc || a->padding != b->padding || a->sum != b->sum)
			abort();
	}
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
	differential(data + 1, size - 1);
	return 0;
}
