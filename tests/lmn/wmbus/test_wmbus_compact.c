/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Compact frames (EN 13757-3 format signature): the format cache, the
 * signature and data CRC, the rebuilt records. Truth: a bitwise CRC written
 * here from the EN 13757 definition (polynomial 0x3D65, init 0, not
 * reflected, complemented; catalogue check value 0xC2B7), the DIF/VIF
 * sequence read by hand from a real full frame, and six real Kamstrup
 * meters whose compact frames carry the signature and data CRC they
 * computed themselves (tests/data/lmn/wmbus/telegrams.jsonl, lines named
 * below), with the values wmbusmeters asserts for them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smgw/wmbus.h>

static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	while (hex[0] && hex[1] && n < cap && sscanf(hex, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

/* CRC-16/EN-13757 bit by bit, from its definition. */
static uint16_t ref_crc(const uint8_t *p, size_t n)
{
	uint16_t c = 0;
	size_t i;
	int b;

	for (i = 0; i < n; i++) {
		c ^= (uint16_t)(p[i] << 8);
		for (b = 0; b < 8; b++)
			c = (uint16_t)((c & 0x8000) ? (c << 1) ^ 0x3D65 : c << 1);
	}
	return (uint16_t)~c;
}

/* Real full frames and the compact frames the same meters sent next
 * (telegrams.jsonl lines 133/134, 136/137, 139/140, 142/143, 145/146, 175/176). */
static const char *const pairs[][2] = {
	{ "2E442D2C1376946730048D20EA00A80B20E1347803068E010043060000000314CA0900426CFFFF022D010001FF2100",
	  "25442D2C1376946730048D20E9F1A70B20154D79E7F1887F8E0100000000CA0900FFFF010000" },
	{ "56442D2C99480571340C8D2019708C8322C88F780406AF7D000004FF076556020004FF08D7E701000414CC7A0500043B00000000"
	  "02598F0C025D920D04FF2200000000026CDF214406AF7D00004414CC7A0500426CC121",
	  "3F442D2C99480571340C8D201B728C8322BE3D794DB3E88DAF7D000065560200D7E70100CC7A050000000000810C930D00000000"
	  "DF21AF7D0000CC7A0500C121" },
	{ "7A442D2C012815781C048D206C70E7632234467802F9FF1511130406690B010004EEFF07C1BC020004EEFF0890D401000414A92504"
	  "0084401400000000848040140000000002FD170000026CB929426CBF284406100A01004414D81A0400C4401400000000C48040140000"
	  "0000043B3900000002592A17025D2912",
	  "4F442D2C012815781C048D207171E76322BE7679008430051113690B0100C1BC020090D40100A925040000000000000000000000B929"
	  "BF28100A0100D81A04000000000000000000390000002A172912" },
	{ "32442D2C1703007701188D280080E39322DB8F7822696600126967000269660005FF091954A33A05FF0A99BD823A02FD170800",
	  "27442D2C1703007701188D28FE48E39322E8F179DE735DD3660066006600E007883AA7F738BA0800" },
	{ "2D442D2C776655441B168D2083B48D3A2046887802FF20000004132F4E000092013B3D01A1015B028101E7FF0F03",
	  "21442D2C776655441B168D2079CC8C3A20F4307912C40DFF00002F4E00003D010203" },
	{ "2D442D2C5768663230028D20E4E2C81C20878C7804041A03000004843C00000000042B0300000004AB3C00000000",
	  "27442D2C5768663230028D20E900C91C2011BA79138CCCFB1A030000000000000300000000000000" },
};
#define WATER 4 /* pairs[4]: Kamstrup Multical 21, 44556677 */

struct decoded {
	uint8_t wire[SMGW_WMBUS_MAX_WIRE], work[SMGW_WMBUS_MAX_TELEGRAM];
	struct smgw_wmbus_telegram t;
};

static void decode(const char *hex, struct decoded *d)
{
	size_t n = unhex(hex, d->wire, sizeof(d->wire));
	struct smgw_diag diag = SMGW_DIAG_INIT;

	assert_int_equal(smgw_wmbus_decode(d->wire, n, NULL, SMGW_WMBUS_F_PREDECRYPTED, d->work, sizeof(d->work), &d->t,
					   &diag),
			 0);
}

/* A compact telegram with another payload (same headers). */
static struct smgw_wmbus_telegram with_payload(const struct smgw_wmbus_telegram *t, const uint8_t *p, size_t n)
{
	struct smgw_wmbus_telegram c = *t;

	c.payload = p;
	c.payload_len = (uint32_t)n;
	return c;
}

static void test_reference_crc(void **state)
{
	(void)state;
	assert_int_equal(ref_crc((const uint8_t *)"123456789", 9), 0xC2B7);
	assert_int_equal(smgw_wmbus_crc16((const uint8_t *)"123456789", 9), 0xC2B7);
}

/* Multical 21: the DIF/VIF sequence read by hand from the full frame
 * (records 02 FF20 | 04 13 | 92 01 3B | A1 01 5B | 81 01 E7 FF 0F), its CRC
 * by the reference is the signature the meter put in its compact frame
 * (12 C4, low byte first), and the data CRC (0D FF) is the reference CRC of
 * the records rebuilt by hand. */
static void test_signature_worked(void **state)
{
	static const uint8_t dvb[] = { 0x02, 0xff, 0x20, 0x04, 0x13, 0x92, 0x01, 0x3b,
				       0xa1, 0x01, 0x5b, 0x81, 0x01, 0xe7, 0xff, 0x0f };
	static const uint8_t rebuilt[] = { 0x02, 0xff, 0x20, 0x00, 0x00, 0x04, 0x13, 0x2f, 0x4e, 0x00, 0x00, 0x92, 0x01,
					   0x3b, 0x3d, 0x01, 0xa1, 0x01, 0x5b, 0x02, 0x81, 0x01, 0xe7, 0xff, 0x0f, 0x03 };
	struct smgw_wmbus_record_format entries[4];
	struct smgw_wmbus_format_cache cache;
	const struct smgw_wmbus_record_format *f;
	struct decoded full, comp;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	uint8_t out[SMGW_WMBUS_MAX_EXPANDED];
	size_t len = sizeof(out);
	uint16_t sig = 0;

	(void)state;
	assert_int_equal(ref_crc(dvb, sizeof(dvb)), 0xC412);
	assert_int_equal(ref_crc(rebuilt, sizeof(rebuilt)), 0xFF0D);
	decode(pairs[WATER][0], &full);
	decode(pairs[WATER][1], &comp);
	assert_int_equal(comp.t.apl, SMGW_WMBUS_APL_COMPACT);
	assert_int_equal(comp.t.ci, 0x79);
	assert_int_equal(comp.t.payload[0] | comp.t.payload[1] << 8, 0xC412);
	assert_int_equal(comp.t.payload[2] | comp.t.payload[3] << 8, 0xFF0D);

	assert_int_equal(smgw_wmbus_format_cache_init(&cache, entries, 4), 0);
	assert_int_equal(smgw_wmbus_format_learn(&cache, &full.t, &sig, &diag), 0);
	assert_int_equal(sig, 0xC412);
	assert_int_equal(cache.count, 1);
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &comp.t, &f, &diag), 0);
	assert_int_equal(f->len, sizeof(dvb));
	assert_memory_equal(f->dvb, dvb, sizeof(dvb));
	assert_int_equal(f->signature, 0xC412);
	assert_memory_equal(f->address, full.t.telegram + 2, 8); /* M, ID, version, type of the link layer */
	assert_int_equal(smgw_wmbus_compact_expand(f, &comp.t, out, &len, &diag), 0);
	assert_int_equal(len, sizeof(rebuilt));
	assert_memory_equal(out, rebuilt, sizeof(rebuilt));
	/* the rebuilt records are the full frame's records here (same readings) */
	assert_int_equal(full.t.payload_len, sizeof(rebuilt));
	assert_memory_equal(full.t.payload, rebuilt, sizeof(rebuilt));
}

/* Values of the rebuilt records (wmbusmeters: total_m3 20.015, max_flow_m3h
 * 0.317, min_flow_temperature_c 2), through smgw_wmbus_compact_records(). */
static void test_values(void **state)
{
	struct smgw_wmbus_record_format entries[2];
	struct smgw_wmbus_format_cache cache;
	struct smgw_wmbus_records it;
	struct smgw_wmbus_record r;
	struct decoded full, comp;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	uint8_t buf[SMGW_WMBUS_MAX_EXPANDED];
	int e, n = 0, vol = 0, flow = 0, temp = 0;

	(void)state;
	decode(pairs[WATER][0], &full);
	decode(pairs[WATER][1], &comp);
	assert_int_equal(smgw_wmbus_format_cache_init(&cache, entries, 2), 0);
	assert_int_equal(smgw_wmbus_compact_records(&cache, &comp.t, buf, sizeof(buf), &it, &diag),
			 SMGW_E_WMBUS_FORMAT_UNKNOWN);
	assert_non_null(strstr(diag.message, "0xc412"));
	assert_int_equal(smgw_wmbus_format_learn(&cache, &full.t, NULL, &diag), 0);
	assert_int_equal(smgw_wmbus_compact_records(&cache, &comp.t, buf, sizeof(buf), &it, &diag), 0);
	while ((e = smgw_wmbus_record_next(&it, &r, &diag)) == 1) {
		n++;
		if (r.vif == 0x13 && r.value.value == 20015 && r.value.scaler == -3)
			vol = 1;
		if (r.vif == 0x3b && r.function == SMGW_WMBUS_FN_MAX && r.value.value == 317 && r.value.scaler == -3)
			flow = 1;
		if (r.vif == 0x5b && r.function == SMGW_WMBUS_FN_MIN && r.value.value == 2 && r.value.scaler == 0)
			temp = 1;
	}
	assert_int_equal(e, 0);
	assert_int_equal(n, 5);
	assert_true(vol && flow && temp);
}

/* Every real pair: the learned signature is the reference CRC of the
 * learned sequence and the one the meter sent; the rebuilt records carry
 * the meter's data CRC and the full frame's DIBs and VIBs. */
static void test_real_pairs(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct smgw_wmbus_record_format entries[1];
		struct smgw_wmbus_format_cache cache;
		const struct smgw_wmbus_record_format *f;
		struct smgw_wmbus_records a, b;
		struct smgw_wmbus_record ra, rb;
		struct decoded full, comp;
		struct smgw_diag diag = SMGW_DIAG_INIT;
		uint8_t out[SMGW_WMBUS_MAX_EXPANDED];
		size_t len = sizeof(out), need = 0;
		uint16_t sig;
		int ea, eb;

		decode(pairs[i][0], &full);
		decode(pairs[i][1], &comp);
		assert_int_equal(smgw_wmbus_format_cache_init(&cache, entries, 1), 0);
		assert_int_equal(smgw_wmbus_format_learn(&cache, &full.t, &sig, &diag), 0);
		assert_int_equal(sig, ref_crc(entries[0].dvb, entries[0].len));
		assert_int_equal(sig, comp.t.payload[0] | comp.t.payload[1] << 8);
		assert_int_equal(smgw_wmbus_format_lookup(&cache, &comp.t, &f, &diag), 0);
		/* size query */
		assert_int_equal(smgw_wmbus_compact_expand(f, &comp.t, NULL, &need, &diag), SMGW_E_BUFSIZE);
		assert_int_equal(need, f->len + comp.t.payload_len - 4);
		len = need - 1;
		assert_int_equal(smgw_wmbus_compact_expand(f, &comp.t, out, &len, &diag), SMGW_E_BUFSIZE);
		len = sizeof(out);
		assert_int_equal(smgw_wmbus_compact_expand(f, &comp.t, out, &len, &diag), 0);
		assert_int_equal(len, need);
		assert_int_equal(ref_crc(out, len), comp.t.payload[2] | comp.t.payload[3] << 8);
		smgw_wmbus_records_init(&a, full.t.payload, full.t.payload_len);
		smgw_wmbus_records_init(&b, out, len);
		do {
			ea = smgw_wmbus_record_next(&a, &ra, &diag);
			eb = smgw_wmbus_record_next(&b, &rb, &diag);
			assert_int_equal(ea, eb);
			if (ea == 1) {
				assert_int_equal(ra.dib_len, rb.dib_len);
				assert_int_equal(ra.vib_len, rb.vib_len);
				assert_int_equal(ra.data_len_full, rb.data_len_full);
				assert_memory_equal(ra.dib, rb.dib, ra.dib_len);
				if (ra.vib)
					assert_memory_equal(ra.vib, rb.vib, ra.vib_len);
				assert_int_equal(ra.value.unit, rb.value.unit);
				assert_int_equal(ra.storage, rb.storage);
			}
		} while (ea == 1);
		assert_int_equal(ea, 0);
	}
}

static void test_wrong_signature_and_crc(void **state)
{
	struct smgw_wmbus_record_format entries[2], bad;
	struct smgw_wmbus_format_cache cache;
	const struct smgw_wmbus_record_format *f;
	struct smgw_wmbus_telegram c;
	struct decoded full, comp, other;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	uint8_t p[64], out[SMGW_WMBUS_MAX_EXPANDED];
	size_t n, len, i;
	int b;

	(void)state;
	decode(pairs[WATER][0], &full);
	decode(pairs[WATER][1], &comp);
	decode(pairs[0][1], &other);
	assert_int_equal(smgw_wmbus_format_cache_init(&cache, entries, 2), 0);
	assert_int_equal(smgw_wmbus_format_learn(&cache, &full.t, NULL, &diag), 0);
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &comp.t, &f, &diag), 0);
	n = comp.t.payload_len;
	assert_true(n <= sizeof(p));

	/* a signature not learned */
	memcpy(p, comp.t.payload, n);
	p[0] ^= 0x01;
	c = with_payload(&comp.t, p, n);
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &c, &f, &diag), SMGW_E_WMBUS_FORMAT_UNKNOWN);
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &comp.t, &f, &diag), 0);
	len = sizeof(out);
	assert_int_equal(smgw_wmbus_compact_expand(f, &c, out, &len, &diag), SMGW_E_WMBUS_FORMAT_SIGNATURE);
	/* another meter's compact frame is not read with this meter's format */
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &other.t, &f, &diag), SMGW_E_WMBUS_FORMAT_UNKNOWN);
	/* the same signature under another meter address: unknown */
	c = with_payload(&comp.t, comp.t.payload, n);
	c.tpl_id ^= 1;
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &c, &f, &diag), SMGW_E_WMBUS_FORMAT_UNKNOWN);
	/* a corrupted cache entry: its DIF/VIF no longer give its signature */
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &comp.t, &f, &diag), 0);
	bad = *f;
	bad.dvb[4] ^= 0x01;
	len = sizeof(out);
	assert_int_equal(smgw_wmbus_compact_expand(&bad, &comp.t, out, &len, &diag), SMGW_E_WMBUS_FORMAT_SIGNATURE);

	/* every single-bit change of the compact payload is caught */
	for (i = 0; i < n; i++) {
		for (b = 0; b < 8; b++) {
			int e;

			memcpy(p, comp.t.payload, n);
			p[i] ^= (uint8_t)(1u << b);
			c = with_payload(&comp.t, p, n);
			len = sizeof(out);
			e = smgw_wmbus_compact_records(&cache, &c, out, len, &(struct smgw_wmbus_records){ 0 }, &diag);
			if (i < 2)
				assert_int_equal(e, SMGW_E_WMBUS_FORMAT_UNKNOWN);
			else
				assert_int_equal(e, SMGW_E_WMBUS_COMPACT_CRC);
		}
	}
	/* the diag names both CRCs */
	memcpy(p, comp.t.payload, n);
	p[n - 1] ^= 0x80;
	c = with_payload(&comp.t, p, n);
	len = sizeof(out);
	assert_int_equal(smgw_wmbus_compact_expand(f, &c, out, &len, &diag), SMGW_E_WMBUS_COMPACT_CRC);
	assert_non_null(strstr(diag.message, "0xff0d"));
}

static void test_truncated_and_extra(void **state)
{
	struct smgw_wmbus_record_format entries[1];
	struct smgw_wmbus_format_cache cache;
	const struct smgw_wmbus_record_format *f;
	struct smgw_wmbus_telegram c;
	struct decoded full, comp;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	uint8_t p[64], out[SMGW_WMBUS_MAX_EXPANDED];
	size_t n, k, len;

	(void)state;
	decode(pairs[WATER][0], &full);
	decode(pairs[WATER][1], &comp);
	assert_int_equal(smgw_wmbus_format_cache_init(&cache, entries, 1), 0);
	assert_int_equal(smgw_wmbus_format_learn(&cache, &full.t, NULL, &diag), 0);
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &comp.t, &f, &diag), 0);
	n = comp.t.payload_len;
	memcpy(p, comp.t.payload, n);
	/* every prefix */
	for (k = 0; k < n; k++) {
		c = with_payload(&comp.t, p, k);
		len = sizeof(out);
		assert_int_equal(smgw_wmbus_compact_expand(f, &c, out, &len, &diag), SMGW_E_TRUNCATED);
		if (k < 4)
			assert_int_equal(smgw_wmbus_format_lookup(&cache, &c, &f, &diag), SMGW_E_TRUNCATED);
	}
	/* a byte more than the format describes */
	p[n] = 0x00;
	c = with_payload(&comp.t, p, n + 1);
	len = sizeof(out);
	assert_int_equal(smgw_wmbus_compact_expand(f, &c, out, &len, &diag), SMGW_E_WMBUS_COMPACT_LENGTH);
	/* idle filler after the last record is no data */
	p[n] = 0x2f;
	p[n + 1] = 0x2f;
	c = with_payload(&comp.t, p, n + 2);
	len = sizeof(out);
	assert_int_equal(smgw_wmbus_compact_expand(f, &c, out, &len, &diag), 0);
	assert_int_equal(len, f->len + n - 4);
	/* not a compact frame / not a full frame */
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &full.t, &f, &diag), SMGW_E_INVAL);
	assert_int_equal(smgw_wmbus_format_learn(&cache, &comp.t, NULL, &diag), SMGW_E_INVAL);
}

static void test_cache_full(void **state)
{
	struct smgw_wmbus_record_format entries[2];
	struct smgw_wmbus_format_cache cache;
	const struct smgw_wmbus_record_format *f;
	struct smgw_wmbus_telegram t;
	struct decoded a, b, comp_a;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	uint8_t addr[8];

	(void)state;
	assert_int_equal(smgw_wmbus_format_cache_init(&cache, entries, 0), SMGW_E_INVAL);
	assert_int_equal(smgw_wmbus_format_cache_init(&cache, entries, SMGW_WMBUS_FORMAT_CACHE_MAX + 1), SMGW_E_INVAL);
	assert_int_equal(smgw_wmbus_format_cache_init(&cache, entries, 2), 0);
	decode(pairs[0][0], &a);
	decode(pairs[WATER][0], &b);
	decode(pairs[0][1], &comp_a);
	assert_int_equal(smgw_wmbus_format_learn(&cache, &a.t, NULL, &diag), 0);
	assert_int_equal(smgw_wmbus_format_learn(&cache, &a.t, NULL, &diag), 0); /* again: the same entry */
	assert_int_equal(cache.count, 1);
	assert_int_equal(smgw_wmbus_format_learn(&cache, &b.t, NULL, &diag), 0);
	assert_int_equal(cache.count, 2);
	t = b.t;
	t.tpl_id = 0x12345678; /* a third meter */
	assert_int_equal(smgw_wmbus_format_learn(&cache, &t, NULL, &diag), SMGW_E_WMBUS_FORMAT_FULL);
	assert_int_equal(diag.code, SMGW_E_WMBUS_FORMAT_FULL);
	assert_int_equal(cache.count, 2);
	/* the entries already learned still serve */
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &comp_a.t, &f, &diag), 0);
	/* forget the first meter: room again, its compact frames are unknown */
	memcpy(addr, a.t.telegram + 2, 8);
	assert_int_equal(smgw_wmbus_format_forget(&cache, addr), 1);
	assert_int_equal(cache.count, 1);
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &comp_a.t, &f, &diag), SMGW_E_WMBUS_FORMAT_UNKNOWN);
	assert_int_equal(smgw_wmbus_format_learn(&cache, &t, NULL, &diag), 0);
	assert_int_equal(cache.count, 2);
	assert_int_equal(smgw_wmbus_format_forget(&cache, addr), 0);
	assert_int_equal(smgw_wmbus_format_forget(NULL, addr), SMGW_E_INVAL);
}

/* Records built here: an LVAR text, a plain-text VIF, an extension-table
 * VIF and manufacturer data; the frame behind an encrypted TPL (mode 5,
 * 2F 2F check bytes first). CRCs by the reference. */
static void test_synthetic(void **state)
{
	/* 0D FD 11 LVAR 3 "CBA" | 04 7C 02 'h' 'k' data 4 | 84 10 13 data 4 | 0F mfct */
	static const uint8_t full[] = { 0x0d, 0xfd, 0x11, 0x03, 0x41, 0x42, 0x43, 0x04, 0x7c, 0x02, 0x68, 0x6b,
					0x01, 0x02, 0x03, 0x04, 0x84, 0x10, 0x13, 0x10, 0x27, 0x00, 0x00, 0x0f,
					0xaa, 0xbb };
	static const uint8_t dvb[] = { 0x0d, 0xfd, 0x11, 0x04, 0x7c, 0x02, 0x68, 0x6b, 0x84, 0x10, 0x13, 0x0f };
	static const uint8_t data[] = { 0x03, 0x41, 0x42, 0x43, 0x01, 0x02, 0x03, 0x04, 0x10, 0x27, 0x00, 0x00, 0xaa, 0xbb };
	struct smgw_wmbus_record_format entries[1];
	struct smgw_wmbus_format_cache cache;
	const struct smgw_wmbus_record_format *f;
	struct smgw_wmbus_telegram t, c;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	uint8_t p[64], out[SMGW_WMBUS_MAX_EXPANDED];
	uint16_t sig, crc;
	size_t len;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.apl = SMGW_WMBUS_APL_RECORDS;
	t.ci = 0x7a;
	t.tpl_m = 0x2c2d;
	t.tpl_id = 0x11223344;
	t.payload = full;
	t.payload_len = sizeof(full);
	assert_int_equal(smgw_wmbus_format_cache_init(&cache, entries, 1), 0);
	assert_int_equal(smgw_wmbus_format_learn(&cache, &t, &sig, &diag), 0);
	assert_int_equal(entries[0].len, sizeof(dvb));
	assert_memory_equal(entries[0].dvb, dvb, sizeof(dvb));
	assert_int_equal(sig, ref_crc(dvb, sizeof(dvb)));
	crc = ref_crc(full, sizeof(full));
	p[0] = 0x2f;
	p[1] = 0x2f;
	p[2] = (uint8_t)sig;
	p[3] = (uint8_t)(sig >> 8);
	p[4] = (uint8_t)crc;
	p[5] = (uint8_t)(crc >> 8);
	memcpy(p + 6, data, sizeof(data));
	c = t;
	c.apl = SMGW_WMBUS_APL_COMPACT;
	c.ci = 0x7b;
	c.security_mode = 5;
	c.flags = SMGW_WMBUS_T_ENCRYPTED;
	c.payload = p;
	c.payload_len = (uint32_t)(6 + sizeof(data));
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &c, &f, &diag), 0);
	len = sizeof(out);
	assert_int_equal(smgw_wmbus_compact_expand(f, &c, out, &len, &diag), 0);
	assert_int_equal(len, sizeof(full));
	assert_memory_equal(out, full, sizeof(full));
	/* without encryption the 2F 2F are not check bytes: another signature */
	c.flags = 0;
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &c, &f, &diag), SMGW_E_WMBUS_FORMAT_UNKNOWN);
	c.payload = p + 2;
	c.payload_len -= 2;
	assert_int_equal(smgw_wmbus_format_lookup(&cache, &c, &f, &diag), 0);
	/* a reserved LVAR in the data */
	p[6] = 0xf8;
	len = sizeof(out);
	assert_int_equal(smgw_wmbus_compact_expand(f, &c, out, &len, &diag), SMGW_E_WMBUS_RECORD);
	/* an LVAR longer than the data */
	p[6] = 0x30;
	len = sizeof(out);
	assert_int_equal(smgw_wmbus_compact_expand(f, &c, out, &len, &diag), SMGW_E_TRUNCATED);
	/* a full frame whose records do not decode teaches nothing */
	t.payload_len = 2; /* 0D FD: cut off */
	assert_int_equal(smgw_wmbus_format_learn(&cache, &t, NULL, &diag), SMGW_E_TRUNCATED);
}

/* The longest possible sequence fits; records with no data beyond it are refused. */
static void test_format_length(void **state)
{
	struct smgw_wmbus_record_format entries[1];
	struct smgw_wmbus_format_cache cache;
	struct smgw_wmbus_telegram t;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	uint8_t p[SMGW_WMBUS_MAX_TELEGRAM];
	size_t i;

	(void)state;
	for (i = 0; i + 1 < sizeof(p); i += 2) {
		p[i] = 0x00; /* DIF: no data */
		p[i + 1] = 0x13;
	}
	memset(&t, 0, sizeof(t));
	t.apl = SMGW_WMBUS_APL_RECORDS;
	t.payload = p;
	assert_int_equal(smgw_wmbus_format_cache_init(&cache, entries, 1), 0);
	t.payload_len = SMGW_WMBUS_FORMAT_MAX;
	assert_int_equal(smgw_wmbus_format_learn(&cache, &t, NULL, &diag), 0);
	assert_int_equal(entries[0].len, SMGW_WMBUS_FORMAT_MAX);
	t.payload_len = SMGW_WMBUS_FORMAT_MAX + 2;
	assert_int_equal(smgw_wmbus_format_learn(&cache, &t, NULL, &diag), SMGW_E_WMBUS_FORMAT_LENGTH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_crc),
		cmocka_unit_test(test_signature_worked),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_real_pairs),
		cmocka_unit_test(test_wrong_signature_and_crc),
		cmocka_unit_test(test_truncated_and_extra),
		cmocka_unit_test(test_cache_full),
		cmocka_unit_test(test_synthetic),
		cmocka_unit_test(test_format_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
