/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SML transport protocol v1: streaming decoder and encoder.
 *
 * Frame: 1b1b1b1b 01010101 | messages, 4-aligned groups 1b1b1b1b escaped
 * as 1b1b1b1b 1b1b1b1b | 0..3 padding bytes | 1b1b1b1b 1a PP C1 C2.
 * The CRC covers every byte from the first 1b of the start sequence up to
 * and including PP.
 *
 * The decoder reads the frame in 4-byte groups relative to the start
 * sequence. Independently of the groups it watches every byte for a start
 * sequence: one that is not group-aligned inside a frame means bytes were
 * lost on the line, so the frame is dropped and decoding restarts there
 * (resynchronisation inside damaged regions). An aligned escape followed
 * by 01010101 is the regular "new start" escape.
 */
#include <string.h>

#include "sml-private.h"

enum {
	ST_HUNT = 0, /* looking for the start sequence */
	ST_BODY = 1, /* collecting 4-byte groups of the frame */
	ST_ESC = 2   /* collecting the 4 bytes after an escape group */
};

struct smgw_sml_stream {
	uint8_t *buf;        /* frame buffer (caller's or allocated) */
	size_t cap;          /* its size */
	size_t len;          /* payload bytes collected (always a multiple of 4) */
	uint64_t pos;        /* stream offset of the next input byte */
	uint64_t frame_off;  /* stream offset of the current frame's start */
	uint64_t skipped;    /* garbage bytes since the last event */
	uint32_t flags;
	int32_t state;
	uint16_t crc;        /* running X-25 register over the frame's wire bytes */
	uint8_t grp[4];      /* group being assembled */
	uint8_t gn;          /* bytes in grp */
	uint8_t hunt;        /* bytes of the start sequence matched so far (0..8) */
	const smgw_ctx *ctx; /* set when allocated by smgw_sml_stream_new() */
	size_t alloc_size;
};

static const uint8_t start_seq[8] = { 0x1b, 0x1b, 0x1b, 0x1b, 0x01, 0x01, 0x01, 0x01 };

#define SML_NONE ((size_t)-1)

/* Brings s->crc up to data[i] (see smgw_sml_stream_feed). */
#define CRC_FLUSH() \
	do { \
		if (pend != SML_NONE) { \
			s->crc = smgw__sml_crc_update(s->crc, data + pend, i - pend); \
			pend = SML_NONE; \
		} \
	} while (0)

SMGW_EXPORT size_t smgw_sml_stream_size(void)
{
	return sizeof(struct smgw_sml_stream);
}

static void stream_setup(struct smgw_sml_stream *s, uint8_t *buf, size_t buf_size, uint32_t flags)
{
	memset(s, 0, sizeof(*s));
	s->buf = buf;
	s->cap = buf_size;
	s->flags = flags;
	s->state = ST_HUNT;
}

SMGW_EXPORT int smgw_sml_stream_init(void *mem, size_t mem_size, uint8_t *buf, size_t buf_size, uint32_t flags,
				     smgw_sml_stream **ret_stream)
{
	sml_return_if_fail(mem && buf && ret_stream);
	sml_return_if_fail(mem_size >= sizeof(struct smgw_sml_stream));
	sml_return_if_fail(((uintptr_t)mem & 7u) == 0);
	sml_return_if_fail(buf_size >= 16);
	sml_return_if_fail((flags & ~SMGW_SML_F_NO_KERMIT) == 0);
	stream_setup((struct smgw_sml_stream *)mem, buf, buf_size, flags);
	*ret_stream = (struct smgw_sml_stream *)mem;
	return 0;
}

SMGW_EXPORT int smgw_sml_stream_new(smgw_ctx *ctx, size_t buf_size, uint32_t flags, smgw_sml_stream **ret_stream)
{
	struct smgw_sml_stream *s;
	size_t total;

	sml_return_if_fail(ctx && ret_stream);
	sml_return_if_fail(buf_size >= 16 && buf_size <= SIZE_MAX - sizeof(*s));
	sml_return_if_fail((flags & ~SMGW_SML_F_NO_KERMIT) == 0);
	total = sizeof(*s) + buf_size;
	s = smgw_ctx_malloc(ctx, total);
	if (!s)
		return SMGW_E_NOMEM;
	stream_setup(s, (uint8_t *)(s + 1), buf_size, flags);
	s->ctx = ctx;
	s->alloc_size = total;
	*ret_stream = s;
	return 0;
}

SMGW_EXPORT void smgw_sml_stream_free(smgw_sml_stream *s)
{
	if (!s || !s->ctx)
		return;
	smgw_ctx_free(s->ctx, s, s->alloc_size);
}

SMGW_EXPORT void smgw_sml_stream_reset(smgw_sml_stream *s)
{
	if (!s)
		return;
	s->state = ST_HUNT;
	s->len = 0;
	s->gn = 0;
	s->hunt = 0;
}

/* First byte of a run of four 1b bytes in [p, end), or of 1b bytes that
 * reach @end (the run may go on in the next chunk); NULL if none. */
static inline const uint8_t *find_run4(const uint8_t *p, const uint8_t *end)
{
	while (p < end && (p = memchr(p, 0x1b, (size_t)(end - p))) != NULL) {
		if (end - p < 4)
			return p;
		if (p[1] == 0x1b && p[2] == 0x1b && p[3] == 0x1b)
			return p;
		p++;
	}
	return NULL;
}


/* Advances the start-sequence matcher by one byte; returns 1 on a full match. */
static inline int hunt_step(struct smgw_sml_stream *s, uint8_t b)
{
	if (b == start_seq[s->hunt]) {
		if (++s->hunt == 8) {
			s->hunt = 0;
			return 1;
		}
		return 0;
	}
	/* Mismatch. The only self-overlap of the pattern is a run of 1b. */
	if (b == 0x1b)
		s->hunt = (s->hunt >= 1 && s->hunt <= 4) ? s->hunt : 1;
	else
		s->hunt = 0;
	return 0;
}

static void begin_frame(struct smgw_sml_stream *s, uint64_t start_off)
{
	s->state = ST_BODY;
	s->frame_off = start_off;
	s->len = 0;
	s->gn = 0;
	/* The X-25 register after the start sequence (tests check the constant). */
	s->crc = SMGW__SML_CRC_START;
}

static int frame_error(struct smgw_sml_stream *s, int code, struct smgw_diag *diag, const char *what)
{
	uint64_t off = s->frame_off;

	s->state = ST_HUNT;
	s->len = 0;
	s->gn = 0;
	/* s->hunt is kept: the bytes that broke the frame may begin the next one. */
	s->skipped = 0;
	return smgw_diag_set(diag, code, off, "SML frame at stream offset %llu: %s",
			     (unsigned long long)off, what);
}

/* Kermit over the frame as it was on the wire, rebuilt from the payload. */
static uint16_t kermit_frame(const struct smgw_sml_stream *s, uint8_t pp)
{
	static const uint8_t esc[4] = { 0x1b, 0x1b, 0x1b, 0x1b };
	uint16_t c = smgw__sml_crc_update(0, start_seq, sizeof(start_seq));
	size_t i;
	uint8_t tail[2] = { 0x1a, pp };

	for (i = 0; i + 4 <= s->len; i += 4) {
		if (memcmp(s->buf + i, esc, 4) == 0)
			c = smgw__sml_crc_update(c, esc, 4);
		c = smgw__sml_crc_update(c, s->buf + i, 4);
	}
	c = smgw__sml_crc_update(c, esc, 4);
	return smgw__sml_crc_update(c, tail, 2);
}

/* The group after an escape is complete. Returns 0 (continue), SMGW_SML_FILE or an error. */
static int escape_group(struct smgw_sml_stream *s, struct smgw_sml_file *ret_file, struct smgw_diag *diag)
{
	const uint8_t *g = s->grp;
	uint8_t pp;
	uint16_t reg, wire;
	int crc;

	if (g[0] == 0x1b && g[1] == 0x1b && g[2] == 0x1b && g[3] == 0x1b) {
		/* Escaped literal 1b1b1b1b. */
		if (s->cap - s->len < 4)
			return frame_error(s, SMGW_E_LIMIT, diag, "frame longer than the buffer");
		memcpy(s->buf + s->len, g, 4);
		s->len += 4;
		s->crc = smgw__sml_crc_update(s->crc, g, 4);
		s->state = ST_BODY;
		return 0;
	}
	if (g[0] == 0x01 && g[1] == 0x01 && g[2] == 0x01 && g[3] == 0x01) {
		/* New start: the frame so far was cut off. */
		uint64_t old = s->frame_off;
		int e = smgw_diag_set(diag, SMGW_E_SML_RESTART, old,
				      "SML frame at stream offset %llu: cut off by a new start sequence",
				      (unsigned long long)old);
		begin_frame(s, s->pos - 8);
		s->skipped = 0;
		return e;
	}
	if (g[0] != 0x1a)
		return frame_error(s, SMGW_E_SML_ESCAPE, diag, "unknown escape sequence");

	pp = g[1];
	reg = (uint16_t)(smgw__sml_crc_byte(smgw__sml_crc_byte(s->crc, g[0]), g[1]) ^ 0xffff);
	wire = (uint16_t)(g[2] | (g[3] << 8));
	if (reg == wire)
		crc = SMGW_SML_CRC_X25;
	else if (!(s->flags & SMGW_SML_F_NO_KERMIT) && kermit_frame(s, pp) == (uint16_t)((g[2] << 8) | g[3]))
		crc = SMGW_SML_CRC_KERMIT;
	else
		return frame_error(s, SMGW_E_CHECKSUM, diag, "transport CRC mismatch");
	/* PP is 0..3 by the spec; 4 (a whole group of zeros) occurs in real
	 * frames (DZG via SmlLib Frame1_L41), so only PP <= payload is required. */
	if (pp > s->len)
		return frame_error(s, SMGW_E_SML_PADDING, diag, "padding count larger than the frame");

	memset(ret_file, 0, sizeof(*ret_file));
	ret_file->data = s->buf;
	ret_file->len = (uint32_t)(s->len - pp);
	ret_file->wire_len = (uint32_t)(s->pos - s->frame_off);
	ret_file->offset = s->frame_off;
	ret_file->skipped = s->skipped;
	ret_file->crc = crc;
	ret_file->padding = pp;
	s->state = ST_HUNT;
	s->skipped = 0;
	s->hunt = 0;
	return SMGW_SML_FILE;
}

SMGW_EXPORT int smgw_sml_stream_feed(smgw_sml_stream *s, const uint8_t *data, size_t len, size_t *consumed,
				     struct smgw_sml_file *ret_file, struct smgw_diag *diag)
{
	size_t i = 0;
	/* The fast paths leave the transport CRC of the wire bytes
	 * data[pend..i) to one update (SML_NONE: nothing pending). */
	size_t pend = SML_NONE;
	int e;

	if (consumed)
		*consumed = 0;
	sml_return_if_fail(s && consumed && ret_file && (data || len == 0));

	while (i < len) {
		uint8_t b;

		/*
		 * Fast paths. They take only inputs on which the byte-wise code
		 * below ends in the same state, and leave everything else to it.
		 */
		if (s->state == ST_HUNT && s->hunt == 0) {
			/* Garbage up to the next 1b, then a whole start sequence. */
			const uint8_t *esc = memchr(data + i, 0x1b, len - i);
			size_t n = esc ? (size_t)(esc - (data + i)) : len - i;

			s->skipped += n;
			s->pos += n;
			i += n;
			if (len - i >= 8 && memcmp(data + i, start_seq, 8) == 0) {
				s->pos += 8;
				i += 8;
				begin_frame(s, s->pos - 8);
				continue;
			}
			if (i == len)
				break;
		} else if (s->state == ST_BODY && s->gn == 0 && s->hunt == 0) {
			/* Whole groups before the next run of four 1b bytes can
			 * neither hold an escape nor a start sequence (both begin
			 * with 1b1b1b1b): copy them in bulk. The matcher then stands
			 * at the 1b bytes that end the copied groups (at most 3). */
			const uint8_t *run = find_run4(data + i, data + len);
			size_t n = (size_t)((run ? run : data + len) - (data + i)) & ~(size_t)3;
			size_t room = (s->cap - s->len) & ~(size_t)3;

			if (n > room)
				n = room;
			if (n) {
				const uint8_t *t = data + i + n;

				memcpy(s->buf + s->len, data + i, n);
				if (pend == SML_NONE)
					pend = i;
				s->len += n;
				s->pos += n;
				i += n;
				s->hunt = t[-1] != 0x1b ? 0 : t[-2] != 0x1b ? 1 : t[-3] != 0x1b ? 2 : 3;
				continue;
			}
			if (len - i >= 4 && s->cap - s->len >= 4) {
				const uint8_t *g = data + i;
				uint8_t t;

				if (g[0] != 0x1b || g[1] != 0x1b || g[2] != 0x1b || g[3] != 0x1b) {
					/* A group with a 1b that is not an escape: no start
					 * sequence can end inside it (8 bytes from hunt 0);
					 * the matcher continues with its trailing 1b bytes. */
					memcpy(s->buf + s->len, g, 4);
					if (pend == SML_NONE)
						pend = i;
					s->len += 4;
					s->pos += 4;
					i += 4;
					t = g[3] != 0x1b ? 0 : g[2] != 0x1b ? 1 : g[1] != 0x1b ? 2 : 3;
					s->hunt = t;
					continue;
				}
				if (len - i >= 8 && g[4] == 0x1a) {
					/* Escape + end group: no start sequence can end in these
					 * 8 bytes (that needs 01010101 after the escape). The
					 * matcher, reset by the 1a, stands at the 1b bytes that
					 * end the group, as in the byte-wise code. */
					s->hunt = g[7] != 0x1b ? 0 : g[6] != 0x1b ? 1 : g[5] != 0x1b ? 2 : 3;
					if (pend == SML_NONE)
						pend = i;
					i += 4;
					CRC_FLUSH(); /* up to and including the escape */
					memcpy(s->grp, g + 4, 4);
					s->pos += 8;
					i += 4;
					s->gn = 0;
					s->state = ST_ESC;
					e = escape_group(s, ret_file, diag);
					if (e != 0) {
						*consumed = i;
						return e;
					}
					continue;
				}
			}
		}
		CRC_FLUSH();
		b = data[i++];

		s->pos++;
		if (s->state == ST_HUNT) {
			s->skipped++;
			if (hunt_step(s, b)) {
				s->skipped = s->skipped >= 8 ? s->skipped - 8 : 0;
				begin_frame(s, s->pos - 8);
			}
			continue;
		}

		/* Inside a frame: a misaligned start sequence means lost bytes. */
		if (hunt_step(s, b) && s->gn != 3) {
			uint64_t old = s->frame_off;

			e = smgw_diag_set(diag, SMGW_E_SML_RESTART, old,
					  "SML frame at stream offset %llu: bytes lost, new start sequence",
					  (unsigned long long)old);
			begin_frame(s, s->pos - 8);
			s->skipped = 0;
			*consumed = i;
			return e;
		}

		s->grp[s->gn++] = b;
		if (s->gn < 4)
			continue;
		s->gn = 0;

		if (s->state == ST_ESC) {
			e = escape_group(s, ret_file, diag);
			if (e != 0) {
				*consumed = i;
				return e;
			}
			continue;
		}
		/* ST_BODY */
		s->crc = smgw__sml_crc_update(s->crc, s->grp, 4);
		if (s->grp[0] == 0x1b && s->grp[1] == 0x1b && s->grp[2] == 0x1b && s->grp[3] == 0x1b) {
			s->state = ST_ESC;
			continue;
		}
		if (s->cap - s->len < 4) {
			*consumed = i;
			return frame_error(s, SMGW_E_LIMIT, diag, "frame longer than the buffer");
		}
		memcpy(s->buf + s->len, s->grp, 4);
		s->len += 4;
	}
	CRC_FLUSH();
	*consumed = i;
	return 0;
}

SMGW_EXPORT int smgw_sml_stream_finish(smgw_sml_stream *s, struct smgw_diag *diag)
{
	int in_frame;

	sml_return_if_fail(s);
	in_frame = s->state != ST_HUNT;
	smgw_sml_stream_reset(s);
	s->skipped = 0;
	if (in_frame)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, s->frame_off,
				     "SML frame at stream offset %llu: input ended inside the frame",
				     (unsigned long long)s->frame_off);
	return 0;
}

SMGW_EXPORT int smgw_sml_transport_encode(const uint8_t *file, size_t len, uint8_t *out, size_t *out_len)
{
	static const uint8_t esc[4] = { 0x1b, 0x1b, 0x1b, 0x1b };
	struct smgw_writer w;
	uint16_t crc;
	size_t i, pad, need;
	uint8_t *p;

	sml_return_if_fail(out_len && (file || len == 0));
	sml_return_if_fail(len <= SIZE_MAX / 2 - 32);
	pad = (4 - (len & 3)) & 3;

	/* Size: start + payload + escapes + padding + end. */
	need = 8 + len + pad + 8;
	for (i = 0; i + 4 <= len; i += 4)
		if (memcmp(file + i, esc, 4) == 0)
			need += 4;
	if (!out || *out_len < need) {
		*out_len = need;
		return SMGW_E_BUFSIZE;
	}

	smgw_writer_init(&w, out, *out_len);
	smgw_writer_bytes(&w, start_seq, 8);
	for (i = 0; i < len; i += 4) {
		size_t n = len - i < 4 ? len - i : 4;

		if (n == 4 && memcmp(file + i, esc, 4) == 0)
			smgw_writer_bytes(&w, esc, 4);
		smgw_writer_bytes(&w, file + i, n);
	}
	smgw_writer_fill(&w, 0, pad);
	smgw_writer_bytes(&w, esc, 4);
	smgw_writer_u8(&w, 0x1a);
	smgw_writer_u8(&w, (uint8_t)pad);
	crc = smgw_sml_crc16(SMGW_SML_CRC_X25, out, w.pos);
	p = smgw_writer_reserve(&w, 2);
	if (!p)
		return SMGW_E_BUFSIZE;
	p[0] = (uint8_t)(crc & 0xff);
	p[1] = (uint8_t)(crc >> 8);
	*out_len = w.pos;
	return 0;
}
