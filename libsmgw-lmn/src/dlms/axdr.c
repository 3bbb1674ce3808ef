/* SPDX-License-Identifier: Apache-2.0 */
/* A-XDR decoding of DLMS/COSEM Data: a bounded, allocation-free cursor. */
#include <string.h>

#include <smgw/axdr.h>

#define axdr_return_if_fail(expr) \
	do { \
		if (!(expr)) \
			return SMGW_E_INVAL; \
	} while (0)

#define UNLIMITED UINT32_MAX

SMGW_EXPORT int smgw_axdr_length(const uint8_t *data, size_t size, uint32_t *ret_len, size_t *ret_used)
{
	uint32_t v = 0;
	size_t n, i;

	axdr_return_if_fail((data || size == 0) && ret_len && ret_used);
	if (size < 1)
		return SMGW_E_TRUNCATED;
	if (data[0] < 0x80) {
		*ret_len = data[0];
		*ret_used = 1;
		return 0;
	}
	n = data[0] & 0x7f;
	if (n == 0 || n > 4)
		return SMGW_E_ENCODING; /* indefinite or longer than 32 bits */
	if (size < 1 + n)
		return SMGW_E_TRUNCATED;
	for (i = 1; i <= n; i++)
		v = v << 8 | data[i];
	*ret_len = v;
	*ret_used = 1 + n;
	return 0;
}

SMGW_EXPORT void smgw_axdr_cursor_init(struct smgw_axdr_cursor *c, const uint8_t *data, size_t size, uint32_t top)
{
	if (!c)
		return;
	memset(c, 0, sizeof(*c));
	c->data = data;
	c->size = data ? size : 0;
	c->left[0] = top ? top : UNLIMITED;
}

/* Fixed payload width of a scalar tag, or -1 for tags with a length or none. */
static int fixed_width(int tag)
{
	switch (tag) {
	case SMGW_AXDR_NULL: return 0;
	case SMGW_AXDR_BOOLEAN: case SMGW_AXDR_BCD: case SMGW_AXDR_INTEGER: case SMGW_AXDR_UNSIGNED:
	case SMGW_AXDR_ENUM: case SMGW_AXDR_DELTA_INTEGER: case SMGW_AXDR_DELTA_UNSIGNED:
		return 1;
	case SMGW_AXDR_LONG: case SMGW_AXDR_LONG_UNSIGNED: case SMGW_AXDR_DELTA_LONG: case SMGW_AXDR_DELTA_LONG_UNSIGNED:
		return 2;
	case SMGW_AXDR_DOUBLE_LONG: case SMGW_AXDR_DOUBLE_LONG_UNSIGNED: case SMGW_AXDR_FLOAT32:
	case SMGW_AXDR_DELTA_DOUBLE_LONG: case SMGW_AXDR_DELTA_DOUBLE_LONG_UNSIGNED: case SMGW_AXDR_TIME:
		return 4;
	case SMGW_AXDR_DATE: return 5;
	case SMGW_AXDR_LONG64: case SMGW_AXDR_LONG64_UNSIGNED: case SMGW_AXDR_FLOAT64: return 8;
	case SMGW_AXDR_DATE_TIME: return 12;
	default: return -1;
	}
}

static int is_signed(int tag)
{
	return tag == SMGW_AXDR_INTEGER || tag == SMGW_AXDR_LONG || tag == SMGW_AXDR_DOUBLE_LONG || tag == SMGW_AXDR_LONG64 ||
	       tag == SMGW_AXDR_DELTA_INTEGER || tag == SMGW_AXDR_DELTA_LONG || tag == SMGW_AXDR_DELTA_DOUBLE_LONG;
}

/* Skips a compact-array type description (bounded nesting); returns its end. */
static int type_description(const uint8_t *p, size_t size, size_t pos, int depth, size_t *ret_end)
{
	uint32_t n, i;
	size_t used;
	int tag, e;

	if (depth > SMGW_AXDR_MAX_DEPTH)
		return SMGW_E_LIMIT;
	if (pos >= size)
		return SMGW_E_TRUNCATED;
	tag = p[pos++];
	if (tag == SMGW_AXDR_ARRAY) {
		if (size - pos < 2)
			return SMGW_E_TRUNCATED;
		return type_description(p, size, pos + 2, depth + 1, ret_end);
	}
	if (tag == SMGW_AXDR_STRUCTURE) {
		e = smgw_axdr_length(p + pos, size - pos, &n, &used);
		if (e < 0)
			return e;
		pos += used;
		if (n > size - pos)
			return SMGW_E_TRUNCATED;
		for (i = 0; i < n; i++) {
			e = type_description(p, size, pos, depth + 1, &pos);
			if (e < 0)
				return e;
		}
		*ret_end = pos;
		return 0;
	}
	if (fixed_width(tag) < 0 && tag != SMGW_AXDR_OCTET_STRING && tag != SMGW_AXDR_VISIBLE_STRING &&
	    tag != SMGW_AXDR_UTF8_STRING && tag != SMGW_AXDR_BIT_STRING)
		return SMGW_E_ENCODING;
	*ret_end = pos;
	return 0;
}

SMGW_EXPORT int smgw_axdr_next(struct smgw_axdr_cursor *c, struct smgw_axdr_item *ret)
{
	struct smgw_axdr_item it;
	const uint8_t *p;
	size_t pos, left, used;
	uint32_t n;
	int tag, w, e;

	axdr_return_if_fail(c && ret);
	axdr_return_if_fail(c->depth >= 0 && c->depth <= SMGW_AXDR_MAX_DEPTH && c->pos <= c->size);
	while (c->depth > 0 && c->left[c->depth] == 0)
		c->depth--;
	if (c->depth == 0 && (c->left[0] == 0 || (c->left[0] == UNLIMITED && c->pos == c->size)))
		return 0;
	p = c->data;
	pos = c->pos;
	if (pos >= c->size)
		return SMGW_E_TRUNCATED;
	memset(&it, 0, sizeof(it));
	it.offset = (uint32_t)pos;
	it.depth = c->depth;
	tag = p[pos++];
	it.tag = tag;
	left = c->size - pos;
	w = fixed_width(tag);
	if (w >= 0) {
		uint64_t v = 0;
		int i;

		if ((size_t)w > left)
			return SMGW_E_TRUNCATED;
		if (tag == SMGW_AXDR_DATE_TIME || tag == SMGW_AXDR_DATE || tag == SMGW_AXDR_TIME) {
			it.data = p + pos;
			it.count = (uint32_t)w;
		} else {
			for (i = 0; i < w; i++)
				v = v << 8 | p[pos + (size_t)i];
			it.u = v;
			if (is_signed(tag) && w < 8 && (v >> (8 * w - 1)) & 1)
				it.i = (int64_t)(v | (~UINT64_C(0) << (8 * w)));
			else
				it.i = (int64_t)v; /* for uint64 above INT64_MAX use u */
			if (tag == SMGW_AXDR_LONG64)
				it.i = (int64_t)v;
		}
		pos += (size_t)w;
	} else {
		switch (tag) {
		case SMGW_AXDR_ARRAY:
		case SMGW_AXDR_STRUCTURE:
			e = smgw_axdr_length(p + pos, left, &n, &used);
			if (e < 0)
				return e;
			pos += used;
			if (n > c->size - pos)
				return SMGW_E_TRUNCATED; /* every element needs at least one byte */
			if (c->depth >= SMGW_AXDR_MAX_DEPTH)
				return SMGW_E_LIMIT;
			it.count = n;
			break;
		case SMGW_AXDR_OCTET_STRING:
		case SMGW_AXDR_VISIBLE_STRING:
		case SMGW_AXDR_UTF8_STRING:
		case SMGW_AXDR_BIT_STRING: {
			size_t bytes;
			e = smgw_axdr_length(p + pos, left, &n, &used);
			if (e < 0)
				return e;
			pos += used;
			bytes = tag == SMGW_AXDR_BIT_STRING ? ((size_t)n + 7) / 8 : n;
			if (bytes > c->size - pos)
				return SMGW_E_TRUNCATED;
			it.count = n;
			it.data = p + pos;
			pos += bytes;
			break;
		}
		case SMGW_AXDR_COMPACT_ARRAY: {
			size_t end;
			e = type_description(p, c->size, pos, 0, &end);
			if (e < 0)
				return e;
			pos = end;
			e = smgw_axdr_length(p + pos, c->size - pos, &n, &used);
			if (e < 0)
				return e;
			pos += used;
			if (n > c->size - pos)
				return SMGW_E_TRUNCATED;
			it.count = n;
			it.data = p + pos;
			pos += n;
			break;
		}
		default:
			return SMGW_E_ENCODING;
		}
	}
	/* commit */
	if (c->left[c->depth] != UNLIMITED)
		c->left[c->depth]--;
	c->pos = pos;
	if (tag == SMGW_AXDR_ARRAY || tag == SMGW_AXDR_STRUCTURE) {
		c->depth++;
		c->left[c->depth] = it.count;
	}
	*ret = it;
	return 1;
}

SMGW_EXPORT int smgw_axdr_skip(struct smgw_axdr_cursor *c, const struct smgw_axdr_item *item)
{
	struct smgw_axdr_item tmp;
	int32_t d;
	int e;

	axdr_return_if_fail(c && item);
	d = (item->tag == SMGW_AXDR_ARRAY || item->tag == SMGW_AXDR_STRUCTURE) ? item->depth + 1 : item->depth;
	if (d == 0)
		return 0;
	for (;;) {
		while (c->depth > d && c->left[c->depth] == 0)
			c->depth--;
		if (c->depth < d || c->left[d] == 0)
			break;
		e = smgw_axdr_next(c, &tmp);
		if (e <= 0)
			return e < 0 ? e : SMGW_E_TRUNCATED;
	}
	while (c->depth >= d && c->depth > 0 && c->left[c->depth] == 0)
		c->depth--;
	return 0;
}

static int in(unsigned v, unsigned lo, unsigned hi)
{
	return v >= lo && v <= hi;
}

SMGW_EXPORT int smgw_cosem_datetime_parse(const uint8_t *d, size_t size, struct smgw_cosem_datetime *ret)
{
	struct smgw_cosem_datetime t;

	axdr_return_if_fail(d && ret);
	if (size != 12)
		return SMGW_E_ENCODING;
	t.year = (uint16_t)(d[0] << 8 | d[1]);
	t.month = d[2];
	t.day = d[3];
	t.wday = d[4];
	t.hour = d[5];
	t.minute = d[6];
	t.second = d[7];
	t.hundredths = d[8];
	t.deviation = (int16_t)(uint16_t)(d[9] << 8 | d[10]);
	t.clock_status = d[11];
	if (!(in(t.month, 1, 12) || in(t.month, 0xfd, 0xff)) || !(in(t.day, 1, 31) || in(t.day, 0xfd, 0xff)) ||
	    !(in(t.wday, 1, 7) || t.wday == 0xff) || !(t.hour <= 23 || t.hour == 0xff) ||
	    !(t.minute <= 59 || t.minute == 0xff) || !(t.second <= 59 || t.second == 0xff) ||
	    !(t.hundredths <= 99 || t.hundredths == 0xff) ||
	    !(t.deviation == INT16_MIN || (t.deviation >= -720 && t.deviation <= 720)))
		return SMGW_E_RANGE;
	*ret = t;
	return 0;
}
