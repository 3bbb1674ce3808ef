/* SPDX-License-Identifier: Apache-2.0 */
/* HDLC frame format type 3 (IEC 62056-46): parser, streaming decoder, encoder. */
#include <string.h>

#include <smgw/hdlc.h>
#include <smgw/bytes.h>

#include "../sml/sml-private.h" /* the CRC-16/X-25 tables are shared with SML */

#define hdlc_return_if_fail(expr) \
	do { \
		if (!(expr)) \
			return SMGW_E_INVAL; \
	} while (0)

/* CRC-16/X-25: reflected 0x1021, init and final XOR 0xffff. */
static uint16_t crc_x25(const uint8_t *p, size_t n)
{
	return (uint16_t)~smgw__sml_crc_update(0xffff, p, n);
}

static int read_address(struct smgw_reader *r, uint32_t *ret, uint8_t *ret_len)
{
	uint32_t v = 0;
	uint8_t b, n = 0;

	do {
		if (smgw_reader_u8(r, &b) != 0)
			return SMGW_E_TRUNCATED;
		v = v << 7 | (uint32_t)(b >> 1);
		n++;
	} while (!(b & 1) && n < 4);
	if (!(b & 1) || n == 3)
		return SMGW_E_ENCODING; /* 1, 2 or 4 bytes, the last with bit 0 set */
	*ret = v;
	*ret_len = n;
	return 0;
}

static int32_t frame_type(uint8_t c)
{
	if (!(c & 0x01))
		return SMGW_HDLC_I;
	if ((c & 0x03) == 0x01) {
		switch (c & 0x0f) {
		case 0x01: return SMGW_HDLC_RR;
		case 0x05: return SMGW_HDLC_RNR;
		default: return SMGW_HDLC_OTHER;
		}
	}
	switch (c & ~0x10) { /* without the poll/final bit */
	case 0x03: return SMGW_HDLC_UI;
	case 0x83: return SMGW_HDLC_SNRM;
	case 0x63: return SMGW_HDLC_UA;
	case 0x43: return SMGW_HDLC_DISC;
	case 0x0f: return SMGW_HDLC_DM;
	case 0x87: return SMGW_HDLC_FRMR;
	default: return SMGW_HDLC_OTHER;
	}
}

SMGW_EXPORT int smgw_hdlc_frame_parse(const uint8_t *data, size_t len, struct smgw_hdlc_frame *ret,
				      struct smgw_diag *diag)
{
	struct smgw_hdlc_frame f;
	struct smgw_reader r;
	uint16_t fmt;
	size_t hdr;
	int e;

	hdlc_return_if_fail((data || len == 0) && ret);
	memset(&f, 0, sizeof(f));
	smgw_reader_init(&r, data, len);
	if (smgw_reader_be16(&r, &fmt) != 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, 0, "HDLC frame shorter than its format field");
	if ((fmt >> 12) != 0xa)
		return smgw_diag_set(diag, SMGW_E_ENCODING, 0, "HDLC format type %u, not 10", (unsigned)(fmt >> 12));
	f.segmented = (fmt >> 11) & 1;
	f.frame_len = fmt & 0x7ff;
	if (f.frame_len != len)
		return smgw_diag_set(diag, SMGW_E_ENCODING, 0, "HDLC length field %u, but %zu bytes between the flags",
				     (unsigned)f.frame_len, len);
	if ((e = read_address(&r, &f.dst, &f.dst_len)) != 0 || (e = read_address(&r, &f.src, &f.src_len)) != 0)
		return smgw_diag_set(diag, e, r.pos, "HDLC address %s", e == SMGW_E_TRUNCATED ? "cut off" : "of 3 or more than 4 bytes");
	if (smgw_reader_u8(&r, &f.control) != 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, r.pos, "HDLC frame ends before the control field");
	hdr = r.pos;
	f.type = frame_type(f.control);
	if (smgw_reader_remaining(&r) < 2)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, r.pos, "HDLC frame ends before its FCS");
	f.fcs = (uint16_t)(data[len - 2] | data[len - 1] << 8);
	if (smgw_reader_remaining(&r) > 2) {
		/* with an information field: HCS over the header */
		uint16_t hcs;
		if (smgw_reader_remaining(&r) < 4)
			return smgw_diag_set(diag, SMGW_E_TRUNCATED, r.pos, "HDLC frame too short for HCS and FCS");
		hcs = (uint16_t)(data[hdr] | data[hdr + 1] << 8);
		if (hcs != crc_x25(data, hdr))
			return smgw_diag_set(diag, SMGW_E_CHECKSUM, hdr, "HDLC header check sequence mismatch");
		f.info = data + hdr + 2;
		f.info_len = (uint32_t)(len - hdr - 4);
		if (f.info_len == 0)
			f.info = NULL;
	}
	if (f.fcs != crc_x25(data, len - 2))
		return smgw_diag_set(diag, SMGW_E_CHECKSUM, len - 2, "HDLC frame check sequence mismatch");
	*ret = f;
	return 0;
}

static int put_address(struct smgw_writer *w, uint32_t v, uint8_t n)
{
	int i;

	if (n != 1 && n != 2 && n != 4)
		return SMGW_E_RANGE;
	if (n < 4 && v >> (7 * n))
		return SMGW_E_RANGE;
	if (n == 4 && v >> 28)
		return SMGW_E_RANGE;
	for (i = n - 1; i >= 0; i--)
		smgw_writer_u8(w, (uint8_t)(((v >> (7 * i)) & 0x7f) << 1 | (i == 0)));
	return 0;
}

SMGW_EXPORT int smgw_hdlc_frame_encode(const struct smgw_hdlc_frame *frame, uint32_t flags, uint8_t *buf, size_t *len)
{
	uint8_t raw[SMGW_HDLC_MAX_FRAME];
	struct smgw_writer w;
	size_t n, hdr, i, out = 0, cap;
	uint16_t crc;
	int e;

	hdlc_return_if_fail(frame && len && (buf || *len == 0));
	hdlc_return_if_fail(frame->info || frame->info_len == 0);
	hdlc_return_if_fail((flags & ~SMGW_HDLC_F_STUFFING) == 0);
	n = 2 + frame->dst_len + frame->src_len + 1 + (frame->info_len ? 2 + frame->info_len : 0) + 2;
	if (n > SMGW_HDLC_MAX_FRAME)
		return SMGW_E_RANGE;
	smgw_writer_init(&w, raw, sizeof(raw));
	smgw_writer_be16(&w, (uint16_t)(0xa000 | (frame->segmented ? 0x800 : 0) | n));
	if ((e = put_address(&w, frame->dst, frame->dst_len)) != 0 || (e = put_address(&w, frame->src, frame->src_len)) != 0)
		return e;
	smgw_writer_u8(&w, frame->control);
	hdr = w.pos;
	if (frame->info_len) {
		crc = crc_x25(raw, hdr);
		smgw_writer_le16(&w, crc);
		smgw_writer_bytes(&w, frame->info, frame->info_len);
	}
	crc = crc_x25(raw, w.pos);
	smgw_writer_le16(&w, crc);
	if (smgw_writer_finish(&w, &n) != 0)
		return SMGW_E_RANGE;
	/* flags and (optionally) stuffing */
	cap = *len;
	for (i = 0; i < n + 2; i++) {
		uint8_t b = i == 0 || i == n + 1 ? SMGW_HDLC_FLAG : raw[i - 1];
		int esc = (flags & SMGW_HDLC_F_STUFFING) && i > 0 && i <= n && (b == 0x7e || b == 0x7d);

		if (esc) {
			if (buf && out + 1 < cap) {
				buf[out] = 0x7d;
				buf[out + 1] = b ^ 0x20;
			}
			out += 2;
		} else {
			if (buf && out < cap)
				buf[out] = b;
			out++;
		}
	}
	*len = out;
	return out > cap ? SMGW_E_BUFSIZE : 0;
}

/* ---- streaming decoder ---- */

enum { HUNT, FLAG, BODY, ESC, END };

struct smgw_hdlc_stream {
	uint8_t *buf;
	size_t cap;
	size_t n;     /* bytes collected */
	size_t need;  /* length from the format field (unstuffed mode), 0 until known */
	uint64_t offset;
	uint64_t frame_offset;
	uint32_t flags;
	int state;
};

SMGW_EXPORT size_t smgw_hdlc_stream_size(void)
{
	return sizeof(struct smgw_hdlc_stream);
}

SMGW_EXPORT int smgw_hdlc_stream_init(void *mem, size_t mem_size, uint8_t *buf, size_t buf_size, uint32_t flags,
				      smgw_hdlc_stream **ret_stream)
{
	struct smgw_hdlc_stream *s = mem;

	hdlc_return_if_fail(mem && buf && ret_stream && mem_size >= sizeof(*s) && buf_size >= 9);
	hdlc_return_if_fail(((uintptr_t)mem & 7) == 0 && (flags & ~SMGW_HDLC_F_STUFFING) == 0);
	memset(s, 0, sizeof(*s));
	s->buf = buf;
	s->cap = buf_size;
	s->flags = flags;
	s->state = HUNT;
	*ret_stream = s;
	return 0;
}

SMGW_EXPORT void smgw_hdlc_stream_reset(smgw_hdlc_stream *s)
{
	if (!s)
		return;
	s->state = HUNT;
	s->n = 0;
	s->need = 0;
}

/* A complete candidate: parse it; the caller goes on in state FLAG or HUNT. */
static int finish(smgw_hdlc_stream *s, struct smgw_hdlc_frame *ret, struct smgw_diag *diag)
{
	int e = smgw_hdlc_frame_parse(s->buf, s->n, ret, diag);

	if (diag && e < 0 && diag->struct_size >= offsetof(struct smgw_diag, offset) + sizeof(uint64_t))
		diag->offset += s->frame_offset + 1;
	if (e == 0) {
		ret->offset = s->frame_offset;
		return SMGW_HDLC_FRAME;
	}
	return e;
}

SMGW_EXPORT int smgw_hdlc_stream_feed(smgw_hdlc_stream *s, const uint8_t *data, size_t len, size_t *consumed,
				      struct smgw_hdlc_frame *ret_frame, struct smgw_diag *diag)
{
	size_t i;
	int stuffing;

	if (consumed)
		*consumed = 0;
	hdlc_return_if_fail(s && consumed && ret_frame && (data || len == 0));
	stuffing = (s->flags & SMGW_HDLC_F_STUFFING) != 0;
	for (i = 0; i < len; i++) {
		uint8_t b = data[i];

		s->offset++;
		switch (s->state) {
		case HUNT:
			if (b == SMGW_HDLC_FLAG) {
				s->state = FLAG;
				s->frame_offset = s->offset - 1;
			}
			continue;
		case FLAG:
			if (b == SMGW_HDLC_FLAG) {
				s->frame_offset = s->offset - 1; /* several flags between frames */
				continue;
			}
			s->n = 0;
			s->need = 0;
			s->state = BODY;
			if (stuffing && b == 0x7d) {
				s->state = ESC;
				continue;
			}
			break;
		case ESC:
			if (b == SMGW_HDLC_FLAG) { /* 7d 7e: abort */
				s->state = FLAG;
				s->frame_offset = s->offset - 1;
				*consumed = i + 1;
				return smgw_diag_set(diag, SMGW_E_ENCODING, s->offset - 1, "HDLC frame aborted");
			}
			b ^= 0x20;
			s->state = BODY;
			break;
		case END:
			*consumed = i + 1;
			if (b != SMGW_HDLC_FLAG) {
				s->state = HUNT;
				return smgw_diag_set(diag, SMGW_E_ENCODING, s->offset - 1,
						     "HDLC frame not followed by a flag (aborted or damaged length)");
			}
			s->state = FLAG; /* the closing flag may open the next frame */
			{
				int e = finish(s, ret_frame, diag);
				s->frame_offset = s->offset - 1;
				return e;
			}
		default: /* BODY */
			if (stuffing && b == SMGW_HDLC_FLAG) {
				*consumed = i + 1;
				s->state = FLAG;
				{
					int e = finish(s, ret_frame, diag);
					s->frame_offset = s->offset - 1;
					return e;
				}
			}
			if (stuffing && b == 0x7d) {
				s->state = ESC;
				continue;
			}
			break;
		}
		/* store one frame byte */
		if (s->n >= s->cap) {
			*consumed = i + 1;
			s->state = HUNT;
			return smgw_diag_set(diag, SMGW_E_LIMIT, s->frame_offset, "HDLC frame longer than the buffer");
		}
		s->buf[s->n++] = b;
		if (!stuffing && s->n == 2) {
			uint16_t fmt = (uint16_t)(s->buf[0] << 8 | s->buf[1]);
			if ((fmt >> 12) != 0xa || (fmt & 0x7ff) < 7) {
				*consumed = i + 1;
				s->state = b == SMGW_HDLC_FLAG ? FLAG : HUNT;
				if (b == SMGW_HDLC_FLAG)
					s->frame_offset = s->offset - 1;
				return smgw_diag_set(diag, (fmt >> 12) != 0xa ? SMGW_E_ENCODING : SMGW_E_TRUNCATED,
						     s->frame_offset, "HDLC %s", (fmt >> 12) != 0xa ? "format type is not 10"
												: "frame shorter than its header");
			}
			s->need = fmt & 0x7ff;
		}
		if (!stuffing && s->need && s->n == s->need)
			s->state = END;
	}
	*consumed = len;
	return 0;
}

SMGW_EXPORT int smgw_hdlc_join_add(struct smgw_hdlc_join *j, const struct smgw_hdlc_frame *f, const uint8_t **ret_data,
				   size_t *ret_len)
{
	hdlc_return_if_fail(j && f && ret_data && ret_len && (j->buf || j->cap == 0));
	if (f->info_len > j->cap - j->len) {
		j->len = 0;
		j->pending = 0;
		return SMGW_E_LIMIT;
	}
	if (f->info_len)
		memcpy(j->buf + j->len, f->info, f->info_len);
	j->len += f->info_len;
	if (f->segmented) {
		j->pending = 1;
		return 0;
	}
	*ret_data = j->buf;
	*ret_len = j->len;
	j->len = 0;
	j->pending = 0;
	return 1;
}

SMGW_EXPORT int smgw_hdlc_llc(const uint8_t *info, size_t len, const uint8_t **ret_apdu, size_t *ret_len)
{
	hdlc_return_if_fail((info || len == 0) && ret_apdu && ret_len);
	if (len < 3 || info[0] != 0xe6 || (info[1] != 0xe6 && info[1] != 0xe7) || info[2] != 0x00)
		return SMGW_E_ENCODING;
	*ret_apdu = info + 3;
	*ret_len = len - 3;
	return info[1] == 0xe6 ? 1 : 0;
}
