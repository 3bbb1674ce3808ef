/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Compact frames (CI 0x79/0x7B/0x73; EN 13757-3, OMS Vol. 2): a format
 * signature (CRC-16/EN-13757 over the DIF/VIF sequence of the full frame),
 * a data CRC (CRC-16/EN-13757 over the full frame's records, DIB, VIB and
 * data, as rebuilt) and only the data bytes. Both CRCs are sent low byte
 * first. The formats are learned from full frames into a cache in caller
 * memory; nothing is allocated.
 *
 * Verified on six real Kamstrup meters (heat, water, pressure, electricity;
 * ELL II frames): each compact frame's signature equals the CRC of the DIF/VIF
 * sequence of the same meter's full frame, and its data CRC the CRC of the
 * rebuilt records. The 2F 2F check bytes of an encrypted TPL (modes 5 and 7)
 * before the signature, and idle fillers (0x2F) after the last record, are
 * taken as outside the frame the CRCs cover: no real sample confirms this.
 */
#include <string.h>

#include <smgw/wmbus.h>

#include "wmbus-private.h"

#define MAX_DIFE 10 /* as records.c */
#define MAX_VIFE 10
#define FORMAT_IN_USE 1u
#define COMPACT_HEAD 4 /* signature (2), data CRC (2) */

enum dvb_kind { DVB_RECORD = 0, DVB_FILLER, DVB_MFCT };

static void meter_address(const struct smgw_wmbus_telegram *t, uint8_t a[8])
{
	a[0] = (uint8_t)t->tpl_m;
	a[1] = (uint8_t)(t->tpl_m >> 8);
	a[2] = (uint8_t)t->tpl_id;
	a[3] = (uint8_t)(t->tpl_id >> 8);
	a[4] = (uint8_t)(t->tpl_id >> 16);
	a[5] = (uint8_t)(t->tpl_id >> 24);
	a[6] = t->tpl_version;
	a[7] = t->tpl_type;
}

SMGW_EXPORT int smgw_wmbus_format_cache_init(struct smgw_wmbus_format_cache *cache, struct smgw_wmbus_record_format *entries,
					     size_t capacity)
{
	if (!cache || !entries || capacity == 0 || capacity > SMGW_WMBUS_FORMAT_CACHE_MAX)
		return SMGW_E_INVAL;
	memset(entries, 0, capacity * sizeof(*entries));
	memset(cache, 0, sizeof(*cache));
	cache->entries = entries;
	cache->capacity = (uint32_t)capacity;
	return 0;
}

static int cache_ok(const struct smgw_wmbus_format_cache *c)
{
	return c && c->entries && c->capacity > 0 && c->capacity <= SMGW_WMBUS_FORMAT_CACHE_MAX;
}

SMGW_EXPORT int smgw_wmbus_format_learn(struct smgw_wmbus_format_cache *cache, const struct smgw_wmbus_telegram *t,
					uint16_t *ret_signature, struct smgw_diag *d)
{
	struct smgw_wmbus_records it;
	struct smgw_wmbus_record r;
	struct smgw_wmbus_record_format f;
	uint32_t i, slot = UINT32_MAX;
	size_t len = 0;
	int e;

	if (!cache_ok(cache) || !t || (!t->payload && t->payload_len))
		return SMGW_E_INVAL;
	if (t->apl != SMGW_WMBUS_APL_RECORDS)
		return smgw_diag_set(d, SMGW_E_INVAL, 0,
				     "wM-Bus: CI 0x%02x carries no EN 13757-3 records: no format to learn", t->ci);
	memset(&f, 0, sizeof(f));
	meter_address(t, f.address);
	smgw_wmbus_records_init(&it, t->payload, t->payload_len);
	while ((e = smgw_wmbus_record_next(&it, &r, d)) == 1) {
		size_t need = (size_t)r.dib_len + (r.vib ? r.vib_len : 0);

		if (need > SMGW_WMBUS_FORMAT_MAX - len)
			return smgw_diag_set(d, SMGW_E_WMBUS_FORMAT_LENGTH, r.offset,
					     "wM-Bus: the DIF/VIF sequence is longer than %u bytes at record offset %u",
					     (unsigned)SMGW_WMBUS_FORMAT_MAX, (unsigned)r.offset);
		memcpy(f.dvb + len, r.dib, r.dib_len);
		len += r.dib_len;
		if (r.vib) {
			memcpy(f.dvb + len, r.vib, r.vib_len);
			len += r.vib_len;
		}
	}
	if (e < 0)
		return e;
	f.len = (uint8_t)len;
	f.signature = smgw_wmbus_crc16(f.dvb, len);
	f.flags = FORMAT_IN_USE;
	for (i = 0; i < cache->capacity; i++) {
		const struct smgw_wmbus_record_format *c = &cache->entries[i];

		if (!(c->flags & FORMAT_IN_USE)) {
			if (slot == UINT32_MAX)
				slot = i;
			continue;
		}
		if (c->signature == f.signature && memcmp(c->address, f.address, 8) == 0) {
			slot = i; /* the same format again, or one with the same signature: the newest wins */
			break;
		}
	}
	if (slot == UINT32_MAX)
		return smgw_diag_set(d, SMGW_E_WMBUS_FORMAT_FULL, 0,
				     "wM-Bus: format cache full (%u entries): format 0x%04x of %s %08x not kept",
				     (unsigned)cache->capacity, f.signature, t->tpl_mfct, (unsigned)t->tpl_id);
	if (!(cache->entries[slot].flags & FORMAT_IN_USE))
		cache->count++;
	cache->entries[slot] = f;
	if (ret_signature)
		*ret_signature = f.signature;
	return 0;
}

SMGW_EXPORT int smgw_wmbus_format_forget(struct smgw_wmbus_format_cache *cache, const uint8_t address[8])
{
	uint32_t i;
	int n = 0;

	if (!cache_ok(cache) || !address)
		return SMGW_E_INVAL;
	for (i = 0; i < cache->capacity; i++) {
		struct smgw_wmbus_record_format *c = &cache->entries[i];

		if ((c->flags & FORMAT_IN_USE) && memcmp(c->address, address, 8) == 0) {
			memset(c, 0, sizeof(*c));
			cache->count--;
			n++;
		}
	}
	return n;
}

/* The compact payload after the 2F 2F check bytes of an encrypted TPL. */
static int compact_payload(const struct smgw_wmbus_telegram *t, const uint8_t **ret_p, size_t *ret_n,
			   struct smgw_diag *d)
{
	const uint8_t *p = t->payload;
	size_t n = t->payload_len;

	if (t->apl != SMGW_WMBUS_APL_COMPACT)
		return smgw_diag_set(d, SMGW_E_INVAL, 0, "wM-Bus: CI 0x%02x is not a compact frame", t->ci);
	if (!p && n)
		return SMGW_E_INVAL;
	if ((t->flags & (SMGW_WMBUS_T_ENCRYPTED | SMGW_WMBUS_T_PREDECRYPTED)) &&
	    (t->security_mode == 5 || t->security_mode == 7) && n >= 2 && p[0] == 0x2f && p[1] == 0x2f) {
		p += 2;
		n -= 2;
	}
	if (n < COMPACT_HEAD)
		return smgw_diag_set(d, SMGW_E_TRUNCATED, (uint64_t)(p - t->payload) + n,
				     "wM-Bus: compact frame without its format signature and data CRC");
	*ret_p = p;
	*ret_n = n;
	return 0;
}

SMGW_EXPORT int smgw_wmbus_format_lookup(const struct smgw_wmbus_format_cache *cache,
					 const struct smgw_wmbus_telegram *t, const struct smgw_wmbus_record_format **ret,
					 struct smgw_diag *d)
{
	const uint8_t *p;
	uint8_t addr[8];
	uint16_t sig;
	uint32_t i;
	size_t n;
	int e;

	if (!cache_ok(cache) || !t || !ret)
		return SMGW_E_INVAL;
	if ((e = compact_payload(t, &p, &n, d)) != 0)
		return e;
	sig = (uint16_t)(p[0] | p[1] << 8);
	meter_address(t, addr);
	for (i = 0; i < cache->capacity; i++) {
		const struct smgw_wmbus_record_format *c = &cache->entries[i];

		if ((c->flags & FORMAT_IN_USE) && c->signature == sig && memcmp(c->address, addr, 8) == 0) {
			*ret = c;
			return 0;
		}
	}
	return smgw_diag_set(d, SMGW_E_WMBUS_FORMAT_UNKNOWN, (uint64_t)(p - t->payload),
			     "wM-Bus: compact frame of %s %08x: format signature 0x%04x not learned (no full frame seen)",
			     t->tpl_mfct, (unsigned)t->tpl_id, sig);
}

/* One record header (DIB and VIB) of a DIF/VIF sequence, by the rules of
 * smgw_wmbus_record_next(). 0, or -1 if malformed. */
static int dvb_next(const uint8_t *f, size_t n, size_t pos, size_t *ret_len, uint8_t *ret_df, int *ret_kind)
{
	size_t start = pos;
	uint8_t dif, b, vif;
	int ext, i, mfct_vife = 0;

	dif = f[pos++];
	if (dif == 0x2f || dif == 0x7f) {
		*ret_len = 1;
		*ret_kind = DVB_FILLER;
		*ret_df = 0;
		return 0;
	}
	*ret_df = dif & 0x0f;
	if ((dif & 0x0f) == 0x0f) {
		if (dif != 0x0f && dif != 0x1f)
			return -1;
		*ret_len = 1;
		*ret_kind = DVB_MFCT;
		return 0;
	}
	for (i = 0, ext = dif & 0x80; ext; i++) {
		if (i == MAX_DIFE || pos >= n)
			return -1;
		ext = f[pos++] & 0x80;
	}
	if (pos >= n)
		return -1;
	b = f[pos++];
	ext = b & 0x80;
	vif = b & 0x7f;
	if (vif == 0x7b || vif == 0x7d) {
		if (!ext || pos >= n)
			return -1;
		ext = f[pos++] & 0x80;
	} else if (vif == 0x7f) {
		mfct_vife = 1;
	}
	for (i = 0; ext; i++) {
		const struct smgw__wmbus_vife *e;

		if (i == MAX_VIFE || pos >= n)
			return -1;
		b = f[pos++];
		ext = b & 0x80;
		if (mfct_vife)
			continue;
		if ((b & 0x7f) == 0x7c) {
			if (!ext)
				continue;
			if (pos >= n)
				return -1;
			ext = f[pos++] & 0x80;
			continue;
		}
		e = smgw__wmbus_vife_find(b);
		if (e && e->kind == SMGW__VIFE_MFCT)
			mfct_vife = 1;
	}
	if (vif == 0x7c) {
		if (pos >= n || f[pos] > n - pos - 1)
			return -1;
		pos += 1 + (size_t)f[pos];
	}
	*ret_len = pos - start;
	*ret_kind = DVB_RECORD;
	return 0;
}

/* Data length of a data field coding; LVAR from its byte. -1: reserved LVAR. */
static int data_len(uint8_t df, uint8_t lvar, size_t *ret)
{
	static const uint8_t fixed[16] = { 0, 1, 2, 3, 4, 4, 6, 8, 0, 1, 2, 3, 4, 0, 6, 0 };

	if (df != 0x0d) {
		*ret = fixed[df & 0x0f];
		return 0;
	}
	if (lvar <= 0xbf)
		*ret = lvar;
	else if (lvar <= 0xef)
		*ret = lvar & 0x0fu;
	else if (lvar <= 0xf4)
		*ret = 4u * (lvar - 0xecu);
	else if (lvar == 0xf5)
		*ret = 48;
	else if (lvar == 0xf6)
		*ret = 64;
	else
		return -1;
	return 0;
}

SMGW_EXPORT int smgw_wmbus_compact_expand(const struct smgw_wmbus_record_format *format, const struct smgw_wmbus_telegram *t,
					  uint8_t *out, size_t *out_len, struct smgw_diag *d)
{
	const uint8_t *p;
	size_t n, fpos = 0, dpos = COMPACT_HEAD, o = 0, need, base;
	uint16_t sig, crc;
	int e;

	if (!format || !t || !out_len || format->len > SMGW_WMBUS_FORMAT_MAX)
		return SMGW_E_INVAL;
	if ((e = compact_payload(t, &p, &n, d)) != 0)
		return e;
	base = (size_t)(p - t->payload);
	sig = (uint16_t)(p[0] | p[1] << 8);
	crc = (uint16_t)(p[2] | p[3] << 8);
	if (sig != format->signature || smgw_wmbus_crc16(format->dvb, format->len) != sig)
		return smgw_diag_set(d, SMGW_E_WMBUS_FORMAT_SIGNATURE, base,
				     "wM-Bus: compact frame signature 0x%04x, format 0x%04x (DIF/VIF CRC 0x%04x)", sig,
				     format->signature, smgw_wmbus_crc16(format->dvb, format->len));
	need = format->len + (n - COMPACT_HEAD);
	if (!out || *out_len < need) {
		*out_len = need;
		return SMGW_E_BUFSIZE;
	}
	while (fpos < format->len) {
		size_t hlen, dlen = 0;
		uint8_t df;
		int kind;

		if (dvb_next(format->dvb, format->len, fpos, &hlen, &df, &kind) != 0) {
			e = smgw_diag_set(d, SMGW_E_WMBUS_RECORD, base + dpos,
					  "wM-Bus: learned format malformed at byte %u", (unsigned)fpos);
			goto fail;
		}
		memcpy(out + o, format->dvb + fpos, hlen);
		o += hlen;
		fpos += hlen;
		if (kind == DVB_FILLER)
			continue;
		if (kind == DVB_MFCT) {
			if (fpos != format->len) {
				e = smgw_diag_set(d, SMGW_E_WMBUS_RECORD, base + dpos,
						  "wM-Bus: learned format continues after manufacturer data");
				goto fail;
			}
			dlen = n - dpos; /* manufacturer data to the end */
		} else {
			if (df == 0x0d) {
				if (dpos >= n) {
					e = smgw_diag_set(d, SMGW_E_TRUNCATED, base + dpos,
							  "wM-Bus: compact frame data end at the LVAR of format byte %u",
							  (unsigned)fpos);
					goto fail;
				}
				if (data_len(df, p[dpos], &dlen) != 0) {
					e = smgw_diag_set(d, SMGW_E_WMBUS_RECORD, base + dpos,
							  "wM-Bus: compact frame: reserved LVAR value 0x%02x", p[dpos]);
					goto fail;
				}
				out[o++] = p[dpos++];
			} else {
				(void)data_len(df, 0, &dlen);
			}
			if (dlen > n - dpos) {
				e = smgw_diag_set(d, SMGW_E_TRUNCATED, base + n,
						  "wM-Bus: compact frame data cut off: %u more bytes needed by the format",
						  (unsigned)(dlen - (n - dpos)));
				goto fail;
			}
		}
		memcpy(out + o, p + dpos, dlen);
		o += dlen;
		dpos += dlen;
	}
	while (dpos < n && p[dpos] == 0x2f)
		dpos++; /* idle filler after the last record */
	if (dpos != n) {
		e = smgw_diag_set(d, SMGW_E_WMBUS_COMPACT_LENGTH, base + dpos,
				  "wM-Bus: compact frame has %u data bytes more than its format describes",
				  (unsigned)(n - dpos));
		goto fail;
	}
	if (smgw_wmbus_crc16(out, o) != crc) {
		e = smgw_diag_set(d, SMGW_E_WMBUS_COMPACT_CRC, base + 2,
				  "wM-Bus: compact frame data CRC 0x%04x, the rebuilt records give 0x%04x", crc,
				  smgw_wmbus_crc16(out, o));
		goto fail;
	}
	*out_len = o;
	return 0;
fail:
	memset(out, 0, o);
	return e;
}

SMGW_EXPORT int smgw_wmbus_compact_records(const struct smgw_wmbus_format_cache *cache,
					   const struct smgw_wmbus_telegram *t, uint8_t *buf, size_t size,
					   struct smgw_wmbus_records *ret_it, struct smgw_diag *d)
{
	const struct smgw_wmbus_record_format *f;
	size_t len = size;
	int e;

	if (!ret_it)
		return SMGW_E_INVAL;
	if ((e = smgw_wmbus_format_lookup(cache, t, &f, d)) != 0)
		return e;
	if ((e = smgw_wmbus_compact_expand(f, t, buf, &len, d)) != 0)
		return e;
	smgw_wmbus_records_init(ret_it, buf, len);
	return 0;
}
