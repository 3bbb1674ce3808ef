/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file bytes.h
 * @brief Bounds-checked byte reader and writer used by every libsmgw parser and encoder.
 *
 * Both are small caller-allocated structs with inline functions, so a
 * parser pays no call overhead per byte. Every read checks the remaining
 * length first; a failed read consumes nothing and returns
 * SMGW_E_TRUNCATED. The writer never writes past its capacity: it keeps
 * counting, so after an overflow smgw_writer_finish() reports
 * SMGW_E_BUFSIZE together with the size that would have been needed (the
 * suite's size-query protocol). A writer with `data == NULL` and capacity 0
 * is a pure size counter.
 *
 * The layouts of struct smgw_reader and struct smgw_writer are frozen ABI.
 */
#ifndef SMGW_BYTES_H
#define SMGW_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <smgw/export.h>
#include <smgw/error.h>

SMGW_BEGIN_DECLS

/** A cursor over a read-only byte buffer. Frozen layout. */
struct smgw_reader {
	const uint8_t *data; /**< start of the buffer */
	size_t size;         /**< its length in bytes */
	size_t pos;          /**< offset of the next byte to read, always <= size */
};

/** A cursor over a caller-provided output buffer. Frozen layout. */
struct smgw_writer {
	uint8_t *data;   /**< output buffer, may be NULL when @ref cap is 0 */
	size_t cap;      /**< its capacity */
	size_t pos;      /**< bytes produced so far (may exceed @ref cap after an overflow) */
	int32_t err;     /**< first error, 0 while all writes fit */
	uint32_t reserved; /**< 0 */
};

/**
 * Initializes a reader.
 * @param r the reader
 * @param data the buffer (NULL gives an empty reader)
 * @param size its length in bytes
 */
static inline void smgw_reader_init(struct smgw_reader *r, const void *data, size_t size)
{
	r->data = (const uint8_t *)data;
	r->size = data ? size : 0;
	r->pos = 0;
}

/**
 * Bytes left to read.
 * @param r the reader
 * @return the number of unread bytes
 */
static inline size_t smgw_reader_remaining(const struct smgw_reader *r)
{
	return r->size - r->pos;
}

/**
 * The next unread byte.
 * @param r the reader
 * @return a pointer valid for smgw_reader_remaining() bytes
 */
static inline const uint8_t *smgw_reader_cur(const struct smgw_reader *r)
{
	return r->data + r->pos;
}

/**
 * Skips bytes.
 * @param r the reader
 * @param n how many
 * @return 0 or SMGW_E_TRUNCATED (nothing consumed)
 */
static inline int smgw_reader_skip(struct smgw_reader *r, size_t n)
{
	if (n > r->size - r->pos)
		return SMGW_E_TRUNCATED;
	r->pos += n;
	return 0;
}

/**
 * Returns the next byte without consuming it.
 * @param r the reader
 * @param[out] ret the byte
 * @return 0 or SMGW_E_TRUNCATED
 */
static inline int smgw_reader_peek_u8(const struct smgw_reader *r, uint8_t *ret)
{
	if (r->pos >= r->size)
		return SMGW_E_TRUNCATED;
	*ret = r->data[r->pos];
	return 0;
}

/**
 * Reads one byte.
 * @param r the reader
 * @param[out] ret the byte
 * @return 0 or SMGW_E_TRUNCATED
 */
static inline int smgw_reader_u8(struct smgw_reader *r, uint8_t *ret)
{
	if (r->pos >= r->size)
		return SMGW_E_TRUNCATED;
	*ret = r->data[r->pos++];
	return 0;
}

/**
 * Reads an unsigned big-endian integer of @p n bytes (1 to 8).
 * @param r the reader
 * @param n width in bytes
 * @param[out] ret the value
 * @return 0, SMGW_E_INVAL for n outside 1..8, SMGW_E_TRUNCATED
 */
static inline int smgw_reader_be(struct smgw_reader *r, unsigned n, uint64_t *ret)
{
	uint64_t v = 0;
	unsigned i;

	if (n < 1 || n > 8)
		return SMGW_E_INVAL;
	if (n > r->size - r->pos)
		return SMGW_E_TRUNCATED;
	for (i = 0; i < n; i++)
		v = (v << 8) | r->data[r->pos + i];
	r->pos += n;
	*ret = v;
	return 0;
}

/**
 * Reads an unsigned little-endian integer of @p n bytes (1 to 8).
 * @param r the reader
 * @param n width in bytes
 * @param[out] ret the value
 * @return 0, SMGW_E_INVAL for n outside 1..8, SMGW_E_TRUNCATED
 */
static inline int smgw_reader_le(struct smgw_reader *r, unsigned n, uint64_t *ret)
{
	uint64_t v = 0;
	unsigned i;

	if (n < 1 || n > 8)
		return SMGW_E_INVAL;
	if (n > r->size - r->pos)
		return SMGW_E_TRUNCATED;
	for (i = n; i > 0; i--)
		v = (v << 8) | r->data[r->pos + i - 1];
	r->pos += n;
	*ret = v;
	return 0;
}

/**
 * Reads a big-endian uint16.
 * @param r the reader
 * @param[out] ret the value
 * @return 0 or SMGW_E_TRUNCATED
 */
static inline int smgw_reader_be16(struct smgw_reader *r, uint16_t *ret)
{
	uint64_t v;
	int e = smgw_reader_be(r, 2, &v);
	if (e == 0)
		*ret = (uint16_t)v;
	return e;
}

/**
 * Reads a big-endian uint32.
 * @param r the reader
 * @param[out] ret the value
 * @return 0 or SMGW_E_TRUNCATED
 */
static inline int smgw_reader_be32(struct smgw_reader *r, uint32_t *ret)
{
	uint64_t v;
	int e = smgw_reader_be(r, 4, &v);
	if (e == 0)
		*ret = (uint32_t)v;
	return e;
}

/**
 * Reads a big-endian uint64.
 * @param r the reader
 * @param[out] ret the value
 * @return 0 or SMGW_E_TRUNCATED
 */
static inline int smgw_reader_be64(struct smgw_reader *r, uint64_t *ret)
{
	return smgw_reader_be(r, 8, ret);
}

/**
 * Reads a little-endian uint16.
 * @param r the reader
 * @param[out] ret the value
 * @return 0 or SMGW_E_TRUNCATED
 */
static inline int smgw_reader_le16(struct smgw_reader *r, uint16_t *ret)
{
	uint64_t v;
	int e = smgw_reader_le(r, 2, &v);
	if (e == 0)
		*ret = (uint16_t)v;
	return e;
}

/**
 * Reads a little-endian uint32.
 * @param r the reader
 * @param[out] ret the value
 * @return 0 or SMGW_E_TRUNCATED
 */
static inline int smgw_reader_le32(struct smgw_reader *r, uint32_t *ret)
{
	uint64_t v;
	int e = smgw_reader_le(r, 4, &v);
	if (e == 0)
		*ret = (uint32_t)v;
	return e;
}

/**
 * Reads a little-endian uint64.
 * @param r the reader
 * @param[out] ret the value
 * @return 0 or SMGW_E_TRUNCATED
 */
static inline int smgw_reader_le64(struct smgw_reader *r, uint64_t *ret)
{
	return smgw_reader_le(r, 8, ret);
}

/**
 * Consumes bytes without copying.
 * @param r the reader
 * @param n how many
 * @param[out] ret points into the reader's buffer
 * @return 0 or SMGW_E_TRUNCATED
 */
static inline int smgw_reader_bytes(struct smgw_reader *r, size_t n, const uint8_t **ret)
{
	if (n > r->size - r->pos)
		return SMGW_E_TRUNCATED;
	*ret = r->data + r->pos;
	r->pos += n;
	return 0;
}

/**
 * Copies bytes out.
 * @param r the reader
 * @param out destination of @p n bytes
 * @param n how many
 * @return 0 or SMGW_E_TRUNCATED
 */
static inline int smgw_reader_copy(struct smgw_reader *r, void *out, size_t n)
{
	if (n > r->size - r->pos)
		return SMGW_E_TRUNCATED;
	if (n)
		memcpy(out, r->data + r->pos, n);
	r->pos += n;
	return 0;
}

/**
 * Splits off the next @p n bytes as a reader of their own and skips them
 * in @p r (for length-prefixed structures).
 * @param r the reader
 * @param n length of the part
 * @param[out] ret_sub the reader over the part
 * @return 0 or SMGW_E_TRUNCATED
 */
static inline int smgw_reader_sub(struct smgw_reader *r, size_t n, struct smgw_reader *ret_sub)
{
	if (n > r->size - r->pos)
		return SMGW_E_TRUNCATED;
	ret_sub->data = r->data + r->pos;
	ret_sub->size = n;
	ret_sub->pos = 0;
	r->pos += n;
	return 0;
}

/**
 * Initializes a writer.
 * @param w the writer
 * @param data the output buffer, or NULL to count only
 * @param cap its capacity
 */
static inline void smgw_writer_init(struct smgw_writer *w, void *data, size_t cap)
{
	w->data = (uint8_t *)data;
	w->cap = data ? cap : 0;
	w->pos = 0;
	w->err = 0;
	w->reserved = 0;
}

/**
 * Reserves bytes.
 * @param w the writer
 * @param n how many
 * @return where to write them, or NULL when they do not fit (the writer
 *         then counts them and remembers SMGW_E_BUFSIZE)
 */
static inline uint8_t *smgw_writer_reserve(struct smgw_writer *w, size_t n)
{
	uint8_t *p;

	if (w->pos > SIZE_MAX - n) {
		w->err = SMGW_E_OVERFLOW;
		return NULL;
	}
	if (w->err == 0 && w->pos <= w->cap && n <= w->cap - w->pos) {
		p = w->data + w->pos;
		w->pos += n;
		return p;
	}
	if (w->err == 0)
		w->err = SMGW_E_BUFSIZE;
	w->pos += n;
	return NULL;
}

/**
 * Appends one byte.
 * @param w the writer
 * @param v the byte
 */
static inline void smgw_writer_u8(struct smgw_writer *w, uint8_t v)
{
	uint8_t *p = smgw_writer_reserve(w, 1);
	if (p)
		p[0] = v;
}

/**
 * Appends an unsigned integer in big-endian order.
 * @param w the writer
 * @param n width in bytes, 1 to 8
 * @param v the value (its low @p n bytes)
 */
static inline void smgw_writer_be(struct smgw_writer *w, unsigned n, uint64_t v)
{
	uint8_t *p;
	unsigned i;

	if (n < 1 || n > 8) {
		w->err = SMGW_E_INVAL;
		return;
	}
	p = smgw_writer_reserve(w, n);
	if (!p)
		return;
	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

/**
 * Appends an unsigned integer in little-endian order.
 * @param w the writer
 * @param n width in bytes, 1 to 8
 * @param v the value (its low @p n bytes)
 */
static inline void smgw_writer_le(struct smgw_writer *w, unsigned n, uint64_t v)
{
	uint8_t *p;
	unsigned i;

	if (n < 1 || n > 8) {
		w->err = SMGW_E_INVAL;
		return;
	}
	p = smgw_writer_reserve(w, n);
	if (!p)
		return;
	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/**
 * Appends a big-endian uint16.
 * @param w the writer
 * @param v the value
 */
static inline void smgw_writer_be16(struct smgw_writer *w, uint16_t v) { smgw_writer_be(w, 2, v); }
/**
 * Appends a big-endian uint32.
 * @param w the writer
 * @param v the value
 */
static inline void smgw_writer_be32(struct smgw_writer *w, uint32_t v) { smgw_writer_be(w, 4, v); }
/**
 * Appends a big-endian uint64.
 * @param w the writer
 * @param v the value
 */
static inline void smgw_writer_be64(struct smgw_writer *w, uint64_t v) { smgw_writer_be(w, 8, v); }
/**
 * Appends a little-endian uint16.
 * @param w the writer
 * @param v the value
 */
static inline void smgw_writer_le16(struct smgw_writer *w, uint16_t v) { smgw_writer_le(w, 2, v); }
/**
 * Appends a little-endian uint32.
 * @param w the writer
 * @param v the value
 */
static inline void smgw_writer_le32(struct smgw_writer *w, uint32_t v) { smgw_writer_le(w, 4, v); }
/**
 * Appends a little-endian uint64.
 * @param w the writer
 * @param v the value
 */
static inline void smgw_writer_le64(struct smgw_writer *w, uint64_t v) { smgw_writer_le(w, 8, v); }

/**
 * Appends bytes.
 * @param w the writer
 * @param src the bytes
 * @param n how many
 */
static inline void smgw_writer_bytes(struct smgw_writer *w, const void *src, size_t n)
{
	uint8_t *p = smgw_writer_reserve(w, n);
	if (p && n)
		memcpy(p, src, n);
}

/**
 * Appends copies of one byte.
 * @param w the writer
 * @param v the byte
 * @param n how many
 */
static inline void smgw_writer_fill(struct smgw_writer *w, uint8_t v, size_t n)
{
	uint8_t *p = smgw_writer_reserve(w, n);
	if (p && n)
		memset(p, v, n);
}

/**
 * Ends writing.
 *
 * @param w the writer
 * @param[out] ret_len bytes written on success, bytes needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_BUFSIZE (the output did not fit), or another error
 *         recorded during writing (SMGW_E_OVERFLOW, SMGW_E_INVAL)
 */
static inline int smgw_writer_finish(const struct smgw_writer *w, size_t *ret_len)
{
	if (w->err == 0 || w->err == SMGW_E_BUFSIZE)
		*ret_len = w->pos;
	return w->err;
}

SMGW_END_DECLS

#endif /* SMGW_BYTES_H */
