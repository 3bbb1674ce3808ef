/* SPDX-License-Identifier: Apache-2.0 */
/* EN 13757-3 data records: DIF/DIFE, VIF/VIFE, data field coding. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/unit.h>
#include <smgw/wmbus.h>

#include "wmbus-private.h"

#define MAX_DIFE 10
#define MAX_VIFE 10
#define MAX_BCD_DIGITS 18

SMGW_EXPORT void smgw_wmbus_records_init(struct smgw_wmbus_records *it, const uint8_t *payload, size_t len)
{
	if (!it)
		return;
	memset(it, 0, sizeof(*it));
	it->data = payload;
	it->size = payload && len <= UINT32_MAX ? (uint32_t)len : 0;
}

static int fail(struct smgw_wmbus_records *it, struct smgw_diag *d, int code, size_t off, const char *what)
{
	it->done = 1;
	return smgw_diag_set(d, code, off, "wM-Bus record at offset %u: %s", it->pos, what);
}

/* BCD, least significant byte first; a top nibble 0xF means negative. */
static int bcd_value(const uint8_t *p, size_t n, int64_t *ret)
{
	int64_t v = 0;
	size_t digits = 0;
	int neg = 0, i, j;

	for (i = (int)n - 1; i >= 0; i--) {
		for (j = 1; j >= 0; j--) {
			unsigned nib = j ? p[i] >> 4 : p[i] & 0x0f;

			if (i == (int)n - 1 && j == 1 && nib == 0x0f) {
				neg = 1;
				continue;
			}
			if (nib > 9 || ++digits > MAX_BCD_DIGITS)
				return -1;
			v = v * 10 + nib;
		}
	}
	*ret = neg ? -v : v;
	return 0;
}

static int64_t int_value(const uint8_t *p, size_t n)
{
	uint64_t u = 0;
	size_t i;

	for (i = n; i > 0; i--)
		u = u << 8 | p[i - 1];
	if (n < 8 && (p[n - 1] & 0x80))
		u |= ~(uint64_t)0 << (8 * n);
	return (int64_t)u;
}

/* A float as 7 significant decimal digits: mantissa and power of ten. */
static int real_value(const uint8_t *p, int64_t *ret, int *ret_exp)
{
	uint32_t bits = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	char buf[32], *e;
	float f;
	long exp10;
	int64_t m = 0;
	int frac = 0, seen_dot = 0, neg = 0;
	const char *s;

	memcpy(&f, &bits, sizeof(f));
	if (!isfinite(f))
		return -1;
	snprintf(buf, sizeof(buf), "%.6e", (double)f);
	s = buf;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s && *s != 'e'; s++) {
		if (*s == '.') {
			seen_dot = 1;
			continue;
		}
		m = m * 10 + (*s - '0');
		frac += seen_dot;
	}
	if (*s != 'e')
		return -1;
	exp10 = strtol(s + 1, &e, 10) - frac;
	while (m != 0 && m % 10 == 0) {
		m /= 10;
		exp10++;
	}
	if (m == 0)
		exp10 = 0;
	*ret = neg ? -m : m;
	*ret_exp = (int)exp10;
	return 0;
}

static const uint8_t time_units[4] = { SMGW_UNIT_SECOND, SMGW_UNIT_MINUTE, SMGW_UNIT_HOUR, SMGW_UNIT_DAY };
static const char *const time_symbols[4] = { "s", "min", "h", "d" };
static const uint8_t hdmy_units[4] = { SMGW_UNIT_HOUR, SMGW_UNIT_DAY, SMGW_UNIT_MONTH, SMGW_UNIT_YEAR };
static const char *const hdmy_symbols[4] = { "h", "d", "mo", "a" };

static void date_g(const uint8_t *p, struct smgw_wmbus_date *dt)
{
	dt->day = p[0] & 0x1f;
	dt->month = p[1] & 0x0f;
	dt->year = (uint16_t)(2000 + (((p[0] & 0xe0) >> 5) | ((p[1] & 0xf0) >> 1)));
}

SMGW_EXPORT int smgw_wmbus_record_next(struct smgw_wmbus_records *it, struct smgw_wmbus_record *ret,
				       struct smgw_diag *d)
{
	struct smgw_wmbus_record r;
	const struct smgw__wmbus_vif *vt = NULL;
	const uint8_t *p;
	size_t n, pos, dlen = 0;
	uint8_t dif, df, b, vif, lvar = 0;
	int ext, i, scaler_adj = 0, mfct_vife = 0;
	int64_t v = 0;

	if (!it || !ret)
		return SMGW_E_INVAL;
	p = it->data;
	n = it->size;
	for (;;) {
		if (it->done || it->pos >= n)
			return 0;
		if (p[it->pos] != 0x2f && p[it->pos] != 0x7f)
			break;
		it->pos++; /* idle filler; global readout request (no data) */
	}
	pos = it->pos;
	memset(&r, 0, sizeof(r));
	r.offset = (uint32_t)pos;
	r.dib = p + pos;
	dif = p[pos++];
	df = dif & 0x0f;
	if (df == 0x0f) {
		if (dif != 0x0f && dif != 0x1f)
			return fail(it, d, SMGW_E_WMBUS_RECORD, pos - 1, "reserved special-function DIF");
		r.dib_len = 1;
		r.data = p + pos;
		r.data_len_full = (uint32_t)(n - pos);
		r.data_len = (uint8_t)(n - pos > 255 ? 255 : n - pos);
		r.data_type = SMGW_WMBUS_DATA_MFCT;
		r.flags = SMGW_WMBUS_R_MFCT | (dif == 0x1f ? SMGW_WMBUS_R_MORE_RECORDS : 0);
		r.quantity = "manufacturer specific data";
		r.unit_symbol = "";
		it->pos = (uint32_t)n;
		it->done = 1;
		*ret = r;
		return 1;
	}
	r.function = (dif >> 4) & 3;
	r.storage = (dif >> 6) & 1;
	ext = dif & 0x80;
	for (i = 0; ext; i++) {
		if (i == MAX_DIFE)
			return fail(it, d, SMGW_E_WMBUS_RECORD, pos, "more than 10 DIFEs");
		if (pos >= n)
			return fail(it, d, SMGW_E_TRUNCATED, pos, "DIFE cut off");
		b = p[pos++];
		r.storage |= (uint64_t)(b & 0x0f) << (1 + 4 * i);
		r.tariff |= (uint32_t)((b >> 4) & 3) << (2 * i);
		r.subunit |= (uint16_t)(((b >> 6) & 1) << i);
		ext = b & 0x80;
	}
	r.dib_len = (uint8_t)(pos - it->pos);
	if (pos >= n)
		return fail(it, d, SMGW_E_TRUNCATED, pos, "record ends after its DIF");
	/* VIB */
	r.vib = p + pos;
	b = p[pos++];
	ext = b & 0x80;
	vif = b & 0x7f;
	r.vif = vif;
	r.unit_symbol = "";
	if (vif == 0x7b || vif == 0x7d) {
		if (!ext)
			return fail(it, d, SMGW_E_WMBUS_RECORD, pos - 1, "extension-table VIF without its extension bit");
		if (pos >= n)
			return fail(it, d, SMGW_E_TRUNCATED, pos, "VIF extension cut off");
		b = p[pos++];
		ext = b & 0x80;
		r.vif_ext = b & 0x7f;
		vt = vif == 0x7b ? smgw__wmbus_vif_fb(b) : smgw__wmbus_vif_fd(b);
	} else if (vif == 0x7c) {
		r.flags |= SMGW_WMBUS_R_PLAIN_TEXT_VIF;
		r.quantity = "plain-text unit";
	} else if (vif == 0x7f) {
		r.flags |= SMGW_WMBUS_R_MFCT;
		r.quantity = "manufacturer specific";
		mfct_vife = 1;
	} else {
		vt = smgw__wmbus_vif_primary(vif);
	}
	if (!vt && !r.quantity) {
		r.flags |= SMGW_WMBUS_R_UNKNOWN_VIF;
		r.quantity = "reserved VIF";
	}
	for (i = 0; ext; i++) {
		const struct smgw__wmbus_vife *e;

		if (i == MAX_VIFE)
			return fail(it, d, SMGW_E_WMBUS_RECORD, pos, "more than 10 VIFEs");
		if (pos >= n)
			return fail(it, d, SMGW_E_TRUNCATED, pos, "VIFE cut off");
		b = p[pos++];
		ext = b & 0x80;
		if (mfct_vife)
			continue;
		if ((b & 0x7f) == 0x7c) { /* a code of the second combinable table follows */
			if (!ext)
				continue;
			if (pos >= n)
				return fail(it, d, SMGW_E_TRUNCATED, pos, "VIFE extension cut off");
			b = p[pos++];
			ext = b & 0x80;
			if (!smgw__wmbus_vife_fc(b))
				r.flags |= SMGW_WMBUS_R_UNKNOWN_VIF;
			continue;
		}
		e = smgw__wmbus_vife_find(b);
		if (!e) {
			r.flags |= SMGW_WMBUS_R_UNKNOWN_VIF;
			continue;
		}
		switch (e->kind) {
		case SMGW__VIFE_ERROR:
			r.flags |= SMGW_WMBUS_R_ERROR_VIFE;
			r.error_code = b & 0x1f;
			break;
		case SMGW__VIFE_SCALE:
			scaler_adj += ((b & 0x7f) & (uint8_t)~e->mask) + e->exp_base;
			break;
		case SMGW__VIFE_FORWARD:
			r.flags |= SMGW_WMBUS_R_FORWARD;
			break;
		case SMGW__VIFE_BACKWARD:
			r.flags |= SMGW_WMBUS_R_BACKWARD;
			break;
		case SMGW__VIFE_MFCT:
			r.flags |= SMGW_WMBUS_R_MFCT;
			mfct_vife = 1;
			break;
		default:
			break;
		}
	}
	if (vif == 0x7c) {
		if (pos >= n)
			return fail(it, d, SMGW_E_TRUNCATED, pos, "plain-text VIF length cut off");
		b = p[pos++];
		if (b > n - pos)
			return fail(it, d, SMGW_E_TRUNCATED, pos, "plain-text VIF cut off");
		r.vif_text = (const char *)(p + pos);
		r.vif_text_len = b;
		pos += b;
	}
	r.vib_len = (uint8_t)(pos - (size_t)(r.vib - p));
	/* data field */
	switch (df) {
	case 0x0: case 0x8: dlen = 0; break;
	case 0x1: case 0x9: dlen = 1; break;
	case 0x2: case 0xa: dlen = 2; break;
	case 0x3: case 0xb: dlen = 3; break;
	case 0x4: case 0xc: case 0x5: dlen = 4; break;
	case 0x6: case 0xe: dlen = 6; break;
	case 0x7: dlen = 8; break;
	case 0xd:
		if (pos >= n)
			return fail(it, d, SMGW_E_TRUNCATED, pos, "LVAR cut off");
		lvar = p[pos++];
		if (lvar <= 0xbf)
			dlen = lvar;
		else if (lvar <= 0xcf)
			dlen = lvar - 0xc0u;
		else if (lvar <= 0xdf)
			dlen = lvar - 0xd0u;
		else if (lvar <= 0xef)
			dlen = lvar - 0xe0u;
		else if (lvar <= 0xf4)
			dlen = 4u * (lvar - 0xecu);
		else if (lvar == 0xf5)
			dlen = 48;
		else if (lvar == 0xf6)
			dlen = 64;
		else
			return fail(it, d, SMGW_E_WMBUS_RECORD, pos - 1, "reserved LVAR value");
		break;
	default: break;
	}
	if (dlen > n - pos)
		return fail(it, d, SMGW_E_TRUNCATED, pos, "data cut off");
	r.data = p + pos;
	r.data_len = (uint8_t)dlen;
	r.data_len_full = (uint32_t)dlen;
	pos += dlen;
	/* interpretation */
	if (vt) {
		r.quantity = vt->quantity;
		r.unit_symbol = vt->symbol;
		r.value.unit = vt->unit;
		r.value.scaler = 0;
		if (vt->kind == SMGW__VIF_VALUE) {
			r.value.scaler = (int8_t)(((vif == 0x7b || vif == 0x7d ? r.vif_ext : vif) & (uint8_t)~vt->mask) +
						  vt->exp_base);
		} else if (vt->kind == SMGW__VIF_TIME_UNIT || vt->kind == SMGW__VIF_TIME_UNIT_HDMY) {
			unsigned nn = (vif == 0x7b || vif == 0x7d ? r.vif_ext : vif) & 3;
			int hdmy = vt->kind == SMGW__VIF_TIME_UNIT_HDMY;

			r.value.unit = hdmy ? hdmy_units[nn] : time_units[nn];
			r.unit_symbol = hdmy ? hdmy_symbols[nn] : time_symbols[nn];
		}
	}
	if (dlen == 0) {
		r.data_type = SMGW_WMBUS_DATA_NONE;
	} else if (vt && (vt->kind == SMGW__VIF_DATE || vt->kind == SMGW__VIF_DATETIME) &&
		   (df == 0x2 || df == 0x4 || df == 0x6)) { /* type G, F or I by the data length */
		const uint8_t *q = r.data;

		r.data_type = SMGW_WMBUS_DATA_DATE;
		if (df == 0x2) {
			date_g(q, &r.date);
		} else if (df == 0x4) {
			r.date.minute = q[0] & 0x3f;
			r.date.hour = q[1] & 0x1f;
			date_g(q + 2, &r.date);
			r.flags |= SMGW_WMBUS_R_DATE_TIME | ((q[0] & 0x80) ? SMGW_WMBUS_R_TIME_INVALID : 0);
		} else {
			r.date.second = q[0] & 0x3f;
			r.date.minute = q[1] & 0x3f;
			r.date.hour = q[2] & 0x1f;
			date_g(q + 3, &r.date);
			r.flags |= SMGW_WMBUS_R_DATE_TIME | ((q[1] & 0x80) ? SMGW_WMBUS_R_TIME_INVALID : 0);
		}
		if (r.date.month < 1 || r.date.month > 12 || r.date.day < 1 || r.date.hour > 23 || r.date.minute > 59 ||
		    r.date.second > 59)
			r.flags |= SMGW_WMBUS_R_TIME_INVALID; /* e.g. FF FF: no date set */
	} else if (df == 0x5) {
		int e10;

		if (real_value(r.data, &v, &e10) != 0 || e10 + r.value.scaler + scaler_adj < -128 ||
		    e10 + r.value.scaler + scaler_adj > 127) {
			r.data_type = SMGW_WMBUS_DATA_INVALID;
		} else {
			r.data_type = SMGW_WMBUS_DATA_REAL;
			scaler_adj += e10;
			r.flags |= SMGW_WMBUS_R_NUMERIC;
		}
	} else if ((df >= 0x9 && df <= 0xc) || df == 0xe || (df == 0xd && lvar >= 0xc0 && lvar <= 0xdf)) {
		if (bcd_value(r.data, dlen, &v) != 0) {
			r.data_type = SMGW_WMBUS_DATA_INVALID;
		} else {
			if (df == 0xd && lvar >= 0xd0)
				v = -v;
			r.data_type = SMGW_WMBUS_DATA_BCD;
			r.flags |= SMGW_WMBUS_R_NUMERIC;
		}
	} else if (df == 0xd && lvar <= 0xbf) {
		r.data_type = SMGW_WMBUS_DATA_STRING;
	} else if (df == 0xd && dlen > 8) {
		r.data_type = SMGW_WMBUS_DATA_BINARY;
	} else {
		v = int_value(r.data, dlen);
		r.data_type = SMGW_WMBUS_DATA_INT;
		r.flags |= SMGW_WMBUS_R_NUMERIC;
	}
	if (r.flags & SMGW_WMBUS_R_NUMERIC) {
		int s = r.value.scaler + scaler_adj;

		if (s < -128 || s > 127) {
			r.flags &= ~(uint32_t)SMGW_WMBUS_R_NUMERIC;
			r.data_type = SMGW_WMBUS_DATA_INVALID;
		} else {
			r.value.value = v;
			r.value.scaler = (int8_t)s;
			if (r.value.unit)
				r.value.flags |= SMGW_VALUE_HAS_UNIT;
		}
	}
	if (!(r.flags & SMGW_WMBUS_R_NUMERIC)) {
		r.value.value = 0;
		r.value.scaler = 0;
	}
	it->pos = (uint32_t)pos;
	*ret = r;
	return 1;
}

static size_t put(char *buf, size_t size, size_t at, const char *s)
{
	size_t n = strlen(s);

	if (at < size) {
		size_t k = size - at - 1 < n ? size - at - 1 : n;
		memcpy(buf + at, s, k);
		buf[at + k] = 0;
	}
	return at + n;
}

SMGW_EXPORT int smgw_wmbus_record_describe(const struct smgw_wmbus_record *r, char *buf, size_t size)
{
	static const char *const fn[4] = { NULL, "maximum", "minimum", "during error" };
	size_t at = 0, i;
	int mfct = 0;

	if (!r || (!buf && size))
		return SMGW_E_INVAL;
	if (size)
		buf[0] = 0;
	at = put(buf, size, at, r->quantity ? r->quantity : "");
	if (fn[r->function & 3]) {
		at = put(buf, size, at, ", ");
		at = put(buf, size, at, fn[r->function & 3]);
	}
	/* VIFEs, from the VIB */
	if (r->vib && r->vib_len) {
		const uint8_t *v = r->vib;
		size_t k = 1;
		int ext = v[0] & 0x80;

		mfct = (v[0] & 0x7f) == 0x7f;
		if (((v[0] & 0x7f) == 0x7b || (v[0] & 0x7f) == 0x7d) && k < r->vib_len) {
			ext = v[k] & 0x80;
			k++;
		}
		for (i = 0; ext && k < r->vib_len && i < MAX_VIFE; i++) {
			uint8_t b = v[k++];
			const struct smgw__wmbus_vife *e;
			const char *t = NULL;

			ext = b & 0x80;
			if (mfct)
				continue;
			if ((b & 0x7f) == 0x7c && ext && k < r->vib_len) {
				b = v[k++];
				ext = b & 0x80;
				t = smgw__wmbus_vife_fc(b);
			} else if ((e = smgw__wmbus_vife_find(b)) != NULL) {
				t = e->text;
				mfct = e->kind == SMGW__VIFE_MFCT;
			}
			at = put(buf, size, at, ", ");
			at = put(buf, size, at, t ? t : "reserved VIFE");
		}
	}
	return at < size ? (int)at : SMGW_E_BUFSIZE;
}
