/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Worked example of docs/wmbus.md: a real Kamstrup water meter telegram
 * (ELL with AES-128-CTR, key from the meter's key sheet) arrives from the
 * radio with its frame format A CRCs; it is decoded in caller memory and
 * its records become struct smgw_value with storage number and unit.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <smgw/lmn.h>

/* Kamstrup C1 telegram without CRCs (wmbusmeters simulations/serial_aes.msg). */
static const char telegram_hex[] = "2A442D2C998734761B168D2091D37CAC21E1D68CDAFFCD3DC452BD802913FF7B1706CA9E355D6C2701CC24";
static const char key_hex[] = "28F64A24988064A079AA2C807D6102AE";

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	while (s[0] && s[1] && n < cap && sscanf(s, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

/* What a radio front end delivers: the telegram with its format A block CRCs. */
static size_t add_format_a_crcs(const uint8_t *t, size_t n, uint8_t *out)
{
	size_t o = 0, i, len;

	for (i = 0; i < n; i += len) {
		uint16_t crc;

		len = i == 0 ? 10 : (n - i < 16 ? n - i : 16);
		crc = smgw_wmbus_crc16(t + i, len);
		memcpy(out + o, t + i, len);
		o += len;
		out[o++] = (uint8_t)(crc >> 8); /* high byte first */
		out[o++] = (uint8_t)crc;
	}
	return o;
}

int main(void)
{
	uint8_t plain[SMGW_WMBUS_MAX_TELEGRAM], wire[SMGW_WMBUS_MAX_WIRE], key[SMGW_WMBUS_KEY_LEN];
	uint8_t work[SMGW_WMBUS_MAX_TELEGRAM];
	struct smgw_wmbus_telegram t;
	struct smgw_wmbus_records it;
	struct smgw_wmbus_record r;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	size_t n, wlen;
	int e, volumes = 0;

	n = unhex(telegram_hex, plain, sizeof(plain));
	wlen = add_format_a_crcs(plain, n, wire);
	unhex(key_hex, key, sizeof(key));

	/* 1. Decode: CRCs checked and removed, ELL decrypted, headers parsed. */
	e = smgw_wmbus_decode(wire, wlen, key, 0, work, sizeof(work), &t, &diag);
	if (e != 0) {
		fprintf(stderr, "not decoded: %s (%s)\n", smgw_strerror(e), diag.message);
		return 1;
	}
	printf("format %s, %s %08" PRIx32 " (%s), CI 0x%02x\n", t.format == SMGW_WMBUS_FORMAT_A ? "A" : "?", t.mfct, t.id,
	       smgw_wmbus_device_type_name(t.device_type), t.ci);
	if (t.format != SMGW_WMBUS_FORMAT_A || strcmp(t.mfct, "KAM") != 0 || t.id != 0x76348799 ||
	    !(t.flags & SMGW_WMBUS_T_ELL_ENCRYPTED))
		return 1;

	/* 2. The records, one at a time, straight from the work buffer. */
	smgw_wmbus_records_init(&it, t.payload, t.payload_len);
	while ((e = smgw_wmbus_record_next(&it, &r, &diag)) == 1) {
		char desc[256], dec[SMGW_VALUE_DECIMAL_LEN];

		smgw_wmbus_record_describe(&r, desc, sizeof(desc));
		if (!(r.flags & SMGW_WMBUS_R_NUMERIC)) {
			printf("  %-40s (%s)\n", desc, r.flags & SMGW_WMBUS_R_MFCT ? "manufacturer specific" : "no number");
			continue;
		}
		smgw_value_format_decimal(r.value.value, r.value.scaler, dec, sizeof(dec));
		printf("  %-40s %s %s, storage %" PRIu64 "\n", desc, dec, r.unit_symbol, r.storage);
		/* total_m3 and target_m3 of wmbusmeters: 6.408 m³ at storage 0 and 1 */
		if (r.value.unit == SMGW_UNIT_M3 && r.value.value == 6408 && r.value.scaler == -3)
			volumes++;
	}
	if (e < 0) {
		fprintf(stderr, "records: %s (%s)\n", smgw_strerror(e), diag.message);
		return 1;
	}

	/* 3. A wrong key is an error, never values. */
	key[0] ^= 1;
	e = smgw_wmbus_decode(wire, wlen, key, 0, work, sizeof(work), &t, &diag);
	printf("wrong key: %s\n", smgw_strerror_name(e));
	return volumes == 2 && e == SMGW_E_WMBUS_KEY ? 0 : 1;
}
