/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wM-Bus frame and link layer on arbitrary bytes: frame_strip in every mode
 * stays in bounds and never grows the telegram; a format A or B frame that
 * is accepted rebuilds byte for byte from the stripped telegram; decode
 * without a key either fails or points into the work buffer; peek reads
 * the headers wherever decoding fails only for want of a key.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/wmbus.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t add_crc(const uint8_t *p, size_t n, uint8_t *out)
{
	uint16_t c = smgw_wmbus_crc16(p, n);

	memcpy(out, p, n);
	out[n] = (uint8_t)(c >> 8);
	out[n + 1] = (uint8_t)c;
	return n + 2;
}

static void check_rebuild(const uint8_t *wire, size_t len, const uint8_t *t, size_t n, int32_t fmt)
{
	uint8_t f[2 * SMGW_WMBUS_MAX_WIRE], tmp[SMGW_WMBUS_MAX_WIRE];
	size_t m = 0, i;

	if (fmt == SMGW_WMBUS_FORMAT_A) {
		m = add_crc(t, n < 10 ? n : 10, f);
		for (i = 10; i < n; i += 16)
			m += add_crc(t + i, n - i < 16 ? n - i : 16, f + m);
	} else if (fmt == SMGW_WMBUS_FORMAT_B) {
		memcpy(tmp, t, n);
		tmp[0] = (uint8_t)(len - 1);
		if (n <= 126)
			m = add_crc(tmp, n, f);
		else
			m = add_crc(tmp, 126, f) + add_crc(tmp + 126, n - 126, f + 128);
	} else {
		return;
	}
	if (m != len || memcmp(f, wire, len) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t modes[] = { 0, SMGW_WMBUS_F_NOCRC, SMGW_WMBUS_F_FORMAT_A, SMGW_WMBUS_F_FORMAT_B };
	uint8_t out[SMGW_WMBUS_MAX_WIRE], work[SMGW_WMBUS_MAX_TELEGRAM];
	struct smgw_wmbus_telegram t;
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		size_t n = sizeof(out);
		int32_t fmt = -1;
		int e = smgw_wmbus_frame_strip(data, size, modes[i], out, &n, &fmt, NULL);

		if (e == 0) {
			if (n > size || n > SMGW_WMBUS_MAX_WIRE || fmt < 0 || fmt > SMGW_WMBUS_FORMAT_WIRED)
				abort();
			if (fmt != SMGW_WMBUS_FORMAT_WIRED && (n < 11 || out[0] != n - 1))
				abort();
			check_rebuild(data, size, out, n, fmt);
		}
	}
	if (smgw_wmbus_decode(data, size, NULL, SMGW_WMBUS_F_PREDECRYPTED, work, sizeof(work), &t, NULL) == 0) {
		if (t.telegram != work || t.telegram_len > sizeof(work) || t.payload < work ||
		    t.payload + t.payload_len > work + t.telegram_len)
			abort();
	}
	{
		/* peek succeeds wherever decoding fails only for want of a key */
		int e = smgw_wmbus_decode(data, size, NULL, 0, work, sizeof(work), &t, NULL);
		int p = smgw_wmbus_peek(data, size, 0, work, sizeof(work), &t, NULL);

		if ((e == 0 || e == SMGW_E_WMBUS_NOKEY) && p != 0)
			abort();
		if (p == 0 && (t.payload || t.payload_len || (t.flags & SMGW_WMBUS_T_ENCRYPTED)))
			abort();
	}
	return 0;
}
