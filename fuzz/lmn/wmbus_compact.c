/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Compact frames after a learned full frame. Input: one length byte n, a
 * telegram of n bytes (learned when it is a full frame), then a second
 * telegram (decoded; read through the cache when it is a compact frame),
 * which is also given as the raw compact payload of the first meter, with
 * the learned signature and then the right data CRC put in, so that the
 * rebuilding itself is reached. Checks: nothing is read or written out of
 * bounds; a learned signature is the CRC of its DIF/VIF sequence; a rebuilt
 * record stream has the data CRC the frame states, and its records, where
 * they all decode, have exactly the learned DIF/VIF sequence.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/wmbus.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_records(const struct smgw_wmbus_record_format *f, const uint8_t *out, size_t len)
{
	struct smgw_wmbus_records it;
	struct smgw_wmbus_record r;
	uint8_t seq[SMGW_WMBUS_MAX_EXPANDED];
	size_t n = 0;
	int e;

	smgw_wmbus_records_init(&it, out, len);
	while ((e = smgw_wmbus_record_next(&it, &r, NULL)) == 1) {
		if (r.dib + r.dib_len > out + len || (r.vib && r.vib + r.vib_len > out + len) ||
		    r.data + r.data_len_full > out + len)
			abort();
		if (n + r.dib_len + r.vib_len > sizeof(seq))
			abort();
		memcpy(seq + n, r.dib, r.dib_len);
		n += r.dib_len;
		if (r.vib) {
			memcpy(seq + n, r.vib, r.vib_len);
			n += r.vib_len;
		}
	}
	if (e == 0 && (n != f->len || memcmp(seq, f->dvb, n) != 0))
		abort();
}

static void expand(const struct smgw_wmbus_record_format *f, const struct smgw_wmbus_telegram *t)
{
	uint8_t out[SMGW_WMBUS_MAX_EXPANDED];
	size_t len = sizeof(out), need = 0;
	int e = smgw_wmbus_compact_expand(f, t, NULL, &need, NULL);

	if (e != SMGW_E_BUFSIZE)
		return;
	if (need > sizeof(out))
		abort();
	e = smgw_wmbus_compact_expand(f, t, out, &len, NULL);
	if (e == 0) {
		const uint8_t *p = t->payload + (t->payload_len - (need - f->len) - 4);

		if (len > need || smgw_wmbus_crc16(out, len) != (uint16_t)(p[2] | p[3] << 8))
			abort();
		check_records(f, out, len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t work1[SMGW_WMBUS_MAX_TELEGRAM], work2[SMGW_WMBUS_MAX_TELEGRAM], buf[SMGW_WMBUS_MAX_EXPANDED];
	uint8_t raw[SMGW_WMBUS_MAX_TELEGRAM + 4];
	struct smgw_wmbus_record_format entries[2];
	struct smgw_wmbus_format_cache cache;
	const struct smgw_wmbus_record_format *f;
	struct smgw_wmbus_telegram full, comp;
	struct smgw_wmbus_records it;
	struct smgw_wmbus_record r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	size_t n, rest;
	uint16_t sig;
	int learned = 0, e;

	if (size < 1 || smgw_wmbus_format_cache_init(&cache, entries, 2) != 0)
		return 0;
	n = data[0];
	if (n > size - 1)
		return 0;
	if (smgw_wmbus_decode(data + 1, n, NULL, SMGW_WMBUS_F_PREDECRYPTED, work1, sizeof(work1), &full, NULL) == 0 &&
	    full.apl == SMGW_WMBUS_APL_RECORDS && smgw_wmbus_format_learn(&cache, &full, &sig, NULL) == 0) {
		learned = 1;
		if (cache.count != 1 || smgw_wmbus_crc16(entries[0].dvb, entries[0].len) != sig || entries[0].len > SMGW_WMBUS_FORMAT_MAX)
			abort();
	}
	rest = size - 1 - n;
	/* the rest as a telegram */
	if (smgw_wmbus_decode(data + 1 + n, rest, NULL, SMGW_WMBUS_F_PREDECRYPTED, work2, sizeof(work2), &comp, NULL) == 0 &&
	    comp.apl == SMGW_WMBUS_APL_COMPACT) {
		e = smgw_wmbus_compact_records(&cache, &comp, buf, sizeof(buf), &it, NULL);
		if (e == 0)
			while (smgw_wmbus_record_next(&it, &r, NULL) == 1)
				;
		if (smgw_wmbus_format_lookup(&cache, &comp, &f, NULL) == 0)
			expand(f, &comp);
	}
	/* the rest as the compact payload of the learned meter */
	if (learned && rest <= SMGW_WMBUS_MAX_TELEGRAM) {
		struct smgw_wmbus_telegram c = full;
		unsigned crc;
		const char *m;

		raw[0] = (uint8_t)sig;
		raw[1] = (uint8_t)(sig >> 8);
		raw[2] = raw[3] = 0;
		memcpy(raw + 4, data + 1 + n, rest);
		c.apl = SMGW_WMBUS_APL_COMPACT;
		c.flags = 0;
		c.payload = raw;
		c.payload_len = (uint32_t)(rest + 4);
		if (smgw_wmbus_format_lookup(&cache, &c, &f, NULL) != 0)
			abort();
		n = sizeof(buf);
		e = smgw_wmbus_compact_expand(f, &c, buf, &n, &d);
		if (e == SMGW_E_WMBUS_COMPACT_CRC && (m = strstr(d.message, "give 0x")) && sscanf(m + 7, "%x", &crc) == 1) {
			raw[2] = (uint8_t)crc;
			raw[3] = (uint8_t)(crc >> 8);
			e = -1;
		}
		if (e != 0)
			expand(f, &c);
		else
			check_records(f, buf, n);
		if (e == -1) {
			n = sizeof(buf);
			if (smgw_wmbus_compact_expand(f, &c, buf, &n, NULL) != 0) /* with the right CRC it must rebuild */
				abort();
		}
	}
	return 0;
}
