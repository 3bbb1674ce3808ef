/* SPDX-License-Identifier: Apache-2.0 */
/* Internal helpers shared by the PA-TNC, PB-TNC and PT-TLS codecs. */
#ifndef SMGW_TNC_WIRE_H
#define SMGW_TNC_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <smgw/bytes.h>
#include <smgw/error.h>
#include <smgw/tnc/pa.h>

static inline uint32_t tnc_be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static inline uint32_t tnc_be24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static inline uint32_t tnc_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void tnc_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Records an argument error in the writer (the first error wins, except
 * that an argument error replaces a mere BUFSIZE). */
static inline int tnc_writer_fail(struct smgw_writer *w, int err)
{
	if (w->err == 0 || w->err == SMGW_E_BUFSIZE)
		w->err = err;
	return err;
}

/* Patches a 32-bit length written earlier at offset @p at, if it lies
 * inside the buffer (it always does unless the writer overflowed before). */
static inline int tnc_patch_len(struct smgw_writer *w, size_t mark, size_t hdr_len, size_t len_off)
{
	size_t len;

	if (mark > w->pos || w->pos - mark < hdr_len)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	len = w->pos - mark;
	if (len > UINT32_MAX)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	if (w->data && mark + len_off + 4 <= w->cap && mark + len_off + 4 <= w->pos)
		tnc_put_be32(w->data + mark + len_off, (uint32_t)len);
	return 0;
}

/* The header PA-TNC attributes (RFC 5792 4.2) and PB-TNC messages (RFC 5793
 * 4.2) share: flags, 24-bit vendor ID, 32-bit type and a 32-bit length that
 * counts the header. */
#define TNC_TLV_HEADER_LEN 12u

/* Writes the header with length 0 and returns its offset for tnc_tlv_end(). */
static inline size_t tnc_tlv_begin(struct smgw_writer *w, uint8_t flags, uint32_t vendor, uint32_t type)
{
	size_t mark;

	if (!w)
		return 0;
	mark = w->pos;
	if (vendor >= SMGW_TNC_VENDOR_RESERVED || type == SMGW_TNC_TYPE_RESERVED)
		tnc_writer_fail(w, SMGW_E_INVAL);
	smgw_writer_u8(w, flags);
	smgw_writer_be(w, 3, vendor);
	smgw_writer_be32(w, type);
	smgw_writer_be32(w, 0);
	return mark;
}

/* Patches the length of the header written at @p mark. */
static inline int tnc_tlv_end(struct smgw_writer *w, size_t mark)
{
	if (!w)
		return SMGW_E_INVAL;
	if (w->err == SMGW_E_INVAL || w->err == SMGW_E_RANGE)
		return w->err;
	return tnc_patch_len(w, mark, TNC_TLV_HEADER_LEN, 8);
}

/* Writes one whole attribute/message with the value @p value. */
static inline int tnc_tlv_encode(struct smgw_writer *w, uint8_t flags, uint32_t vendor, uint32_t type,
				 const void *value, size_t len)
{
	size_t mark;

	if (!w)
		return SMGW_E_INVAL;
	if (!value && len)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	if (len > UINT32_MAX - TNC_TLV_HEADER_LEN)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	mark = tnc_tlv_begin(w, flags, vendor, type);
	smgw_writer_bytes(w, value, len);
	return tnc_tlv_end(w, mark);
}

#endif /* SMGW_TNC_WIRE_H */
