/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Worked example of docs/wmbus.md, compact frames: a Kamstrup Multical 21
 * sends a full frame (CI 0x78) and then compact frames (CI 0x79) that carry
 * only the format signature, the data CRC and the data. The gateway learns
 * the record format from the full frame into a cache in its own memory and
 * reads the compact frame's records through it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <smgw/lmn.h>

/* wmbusmeters drivers/src/kamwater.xmq ("Vadden"): full frame, then a compact frame. */
static const char full_hex[] = "2D442D2C776655441B168D2083B48D3A2046887802FF20000004132F4E000092013B3D01A1015B028101E7FF0F03";
static const char compact_hex[] = "21442D2C776655441B168D2079CC8C3A20F4307912C40DFF00002F4E00003D010203";

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

/* Decodes one telegram into @p work (the ELL of this meter is given already decrypted). */
static int decode(const char *hex, uint8_t *work, struct smgw_wmbus_telegram *t, struct smgw_diag *diag)
{
	uint8_t wire[SMGW_WMBUS_MAX_WIRE];
	size_t n = unhex(hex, wire, sizeof(wire));

	return smgw_wmbus_decode(wire, n, NULL, SMGW_WMBUS_F_PREDECRYPTED, work, SMGW_WMBUS_MAX_TELEGRAM, t, diag);
}

int main(void)
{
	struct smgw_wmbus_record_format formats[8]; /* the bound: 8 formats, 2 KiB */
	struct smgw_wmbus_format_cache cache;
	uint8_t work[SMGW_WMBUS_MAX_TELEGRAM], records[SMGW_WMBUS_MAX_EXPANDED];
	struct smgw_wmbus_telegram t;
	struct smgw_wmbus_records it;
	struct smgw_wmbus_record r;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	uint16_t sig;
	int e, total = 0;

	if (smgw_wmbus_format_cache_init(&cache, formats, 8) != 0)
		return 1;

	/* 1. A compact frame before any full frame: its format is unknown. */
	if (decode(compact_hex, work, &t, &diag) != 0)
		return 1;
	e = smgw_wmbus_compact_records(&cache, &t, records, sizeof(records), &it, &diag);
	printf("compact frame first: %s\n", smgw_strerror_name(e));
	if (e != SMGW_E_WMBUS_FORMAT_UNKNOWN)
		return 1;

	/* 2. The full frame: its records are read as usual, its format learned. */
	if (decode(full_hex, work, &t, &diag) != 0 || t.apl != SMGW_WMBUS_APL_RECORDS)
		return 1;
	e = smgw_wmbus_format_learn(&cache, &t, &sig, &diag);
	if (e != 0) {
		fprintf(stderr, "not learned: %s (%s)\n", smgw_strerror(e), diag.message);
		return 1;
	}
	printf("full frame of %s %08" PRIx32 ": format signature 0x%04x learned\n", t.mfct, t.id, sig);

	/* 3. The compact frame again: signature looked up, data CRC checked, records rebuilt. */
	if (decode(compact_hex, work, &t, &diag) != 0 || t.apl != SMGW_WMBUS_APL_COMPACT)
		return 1;
	e = smgw_wmbus_compact_records(&cache, &t, records, sizeof(records), &it, &diag);
	if (e != 0) {
		fprintf(stderr, "compact frame: %s (%s)\n", smgw_strerror(e), diag.message);
		return 1;
	}
	printf("compact frame (CI 0x%02x):\n", t.ci);
	while ((e = smgw_wmbus_record_next(&it, &r, &diag)) == 1) {
		char desc[256], dec[SMGW_VALUE_DECIMAL_LEN];

		if (!(r.flags & SMGW_WMBUS_R_NUMERIC))
			continue;
		smgw_wmbus_record_describe(&r, desc, sizeof(desc));
		smgw_value_format_decimal(r.value.value, r.value.scaler, dec, sizeof(dec));
		printf("  %-44s %s %s\n", desc, dec, r.unit_symbol);
		/* total_m3 of wmbusmeters: 20.015 m³ */
		if (r.value.unit == SMGW_UNIT_M3 && r.value.value == 20015 && r.value.scaler == -3)
			total = 1;
	}
	return e == 0 && total ? 0 : 1;
}
