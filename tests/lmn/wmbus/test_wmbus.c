/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wM-Bus/OMS decoder: CRC and frame formats, link/ELL/TPL headers, OMS
 * security, DIF/VIF records. Truth: the CRC-16/EN-13757 catalogue check
 * value and the payload CRCs real Kamstrup meters computed, the AES-CMAC
 * examples of RFC 4493, the real telegrams of tests/data/lmn/wmbus with
 * the values wmbusmeters asserts for them (MANIFEST.md), the worked
 * examples of EN 13757-3 coding in the reference notes, and the malformed-
 * input matrix (every prefix, every bit, wrong lengths, CRCs and keys).
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
#include <smgw/unit.h>

#include "wmbus/wmbus-private.h"

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

static size_t load(const char *name, uint8_t *out, size_t cap)
{
	char path[512], hex[2048];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/lmn/wmbus/telegrams/%s", SMGW_TEST_DATA, name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(hex, 1, sizeof(hex) - 1, f);
	fclose(f);
	hex[n] = 0;
	return unhex(hex, out, cap);
}

/* Builds format A / B frames from a CRC-free telegram. */
static size_t add_crc(const uint8_t *p, size_t n, uint8_t *out)
{
	uint16_t c = smgw_wmbus_crc16(p, n);

	memcpy(out, p, n);
	out[n] = (uint8_t)(c >> 8);
	out[n + 1] = (uint8_t)c;
	return n + 2;
}

static size_t to_format_a(const uint8_t *t, size_t n, uint8_t *out)
{
	size_t o = add_crc(t, 10, out), i;

	for (i = 10; i < n; i += 16)
		o += add_crc(t + i, n - i < 16 ? n - i : 16, out + o);
	return o;
}

static size_t to_format_b(const uint8_t *t, size_t n, uint8_t *out)
{
	uint8_t tmp[SMGW_WMBUS_MAX_WIRE];
	size_t total = n + (n <= 126 ? 2 : 4);

	memcpy(tmp, t, n);
	tmp[0] = (uint8_t)(total - 1);
	if (n <= 126)
		return add_crc(tmp, n, out);
	return add_crc(tmp, 126, out) + add_crc(tmp + 126, n - 126, out + 128);
}

static const char *const curated[] = {
	"00_aventieswm_ci72_enc.hex", "22_serial_aes_ci7a_enc.hex", "23_serial_aes_ci8d_enc.hex",
	"25_aerius_ci7a_plain.hex", "26_amiplus_ci7a_plain.hex", "99_kamwater_ci8d_plain.hex",
	"106_nemo_mbusci72_wired.hex", "111_op041a_ci8c_plain.hex", "115_qcaloric_ci78_plain.hex",
	"121_topaseskr_ci7a_plain.hex", "126_waterstarm_ci8c_plain.hex", "29_apator08_cia0_plain.hex",
	"122_ultraheat_mbusci72_wired.hex", "14_picoflux_ci7a_enc.hex",
};

static void test_crc(void **state)
{
	uint8_t t[300];
	struct smgw_wmbus_telegram tg;
	uint8_t work[SMGW_WMBUS_MAX_TELEGRAM];
	size_t n;

	(void)state;
	assert_int_equal(smgw_wmbus_crc16((const uint8_t *)"123456789", 9), 0xc2b7); /* CRC-16/EN-13757 check */
	assert_int_equal(smgw_wmbus_crc16(NULL, 0), 0xffff);
	/* The ELL payload CRC a real Kamstrup meter computed over its plaintext. */
	n = load("99_kamwater_ci8d_plain.hex", t, sizeof(t));
	assert_int_equal(smgw_wmbus_crc16(t + 19, n - 19), 0x32f9);
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, SMGW_WMBUS_F_PREDECRYPTED, work, sizeof(work), &tg, NULL), 0);
	assert_true(tg.flags & SMGW_WMBUS_T_ELL_SN);
	assert_int_equal(tg.ell_crc, 0x32f9);
	assert_true(tg.flags & SMGW_WMBUS_T_PREDECRYPTED);
	/* the same telegram, payload CRC broken: no longer accepted as plaintext */
	t[n - 1] ^= 1;
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, SMGW_WMBUS_F_PREDECRYPTED, work, sizeof(work), &tg, NULL),
			 SMGW_E_WMBUS_NOKEY);
}

/* Two telegrams as received, with their format A CRCs (wmbusmeters simulation). */
static void test_real_dll_crcs(void **state)
{
	char path[512], line[1024];
	FILE *f;
	int frames = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/lmn/wmbus/simulation_dll_crcs.txt", SMGW_TEST_DATA);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char hex[1024];
		uint8_t w[SMGW_WMBUS_MAX_WIRE], out[SMGW_WMBUS_MAX_WIRE];
		size_t i, k = 0, n, o = sizeof(out);
		int32_t fmt;

		if (strncmp(line, "telegram=", 9) != 0)
			continue;
		for (i = 9; line[i]; i++)
			if (line[i] != '|' && line[i] != '\n')
				hex[k++] = line[i];
		hex[k] = 0;
		n = unhex(hex, w, sizeof(w));
		assert_int_equal(smgw_wmbus_frame_strip(w, n, 0, out, &o, &fmt, NULL), 0);
		assert_int_equal(fmt, SMGW_WMBUS_FORMAT_A);
		assert_int_equal(o, (size_t)w[0] + 1);
		assert_memory_equal(out, w, 10);
		w[n - 1] ^= 0x01;
		o = sizeof(out);
		assert_int_equal(smgw_wmbus_frame_strip(w, n, 0, out, &o, &fmt, NULL), SMGW_E_CHECKSUM);
		frames++;
	}
	fclose(f);
	assert_int_equal(frames, 2);
}

static void test_formats(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(curated) / sizeof(curated[0]); i++) {
		uint8_t t[SMGW_WMBUS_MAX_WIRE], f[SMGW_WMBUS_MAX_WIRE], out[SMGW_WMBUS_MAX_WIRE];
		size_t n = load(curated[i], t, sizeof(t)), m, o, k;
		int32_t fmt;
		struct smgw_diag d = SMGW_DIAG_INIT;

		o = sizeof(out);
		assert_int_equal(smgw_wmbus_frame_strip(t, n, 0, out, &o, &fmt, NULL), 0);
		if (t[0] == 0x68) {
			assert_int_equal(fmt, SMGW_WMBUS_FORMAT_WIRED);
			assert_int_equal(o, n - 6);
			t[n - 2] ^= 0x01; /* checksum */
			o = sizeof(out);
			assert_int_equal(smgw_wmbus_frame_strip(t, n, 0, out, &o, &fmt, &d), SMGW_E_CHECKSUM);
			continue;
		}
		assert_int_equal(fmt, SMGW_WMBUS_FORMAT_NOCRC);
		assert_int_equal(o, n);
		assert_memory_equal(out, t, n);
		/* format A */
		m = to_format_a(t, n, f);
		o = 0;
		assert_int_equal(smgw_wmbus_frame_strip(f, m, 0, NULL, &o, &fmt, NULL), SMGW_E_BUFSIZE);
		assert_true(o >= n);
		o = sizeof(out);
		assert_int_equal(smgw_wmbus_frame_strip(f, m, 0, out, &o, &fmt, NULL), 0);
		assert_int_equal(fmt, SMGW_WMBUS_FORMAT_A);
		assert_int_equal(o, n);
		assert_memory_equal(out, t, n);
		/* in place */
		o = m;
		assert_int_equal(smgw_wmbus_frame_strip(f, m, 0, f, &o, &fmt, NULL), 0);
		assert_memory_equal(f, t, n);
		{
			struct smgw_wmbus_telegram tg;
			uint8_t key[16] = { 0 };
			int e;

			m = to_format_a(t, n, f);
			e = smgw_wmbus_decode(f, m, key, SMGW_WMBUS_F_PREDECRYPTED, f, sizeof(f), &tg, NULL);
			assert_true(e != SMGW_E_BUFSIZE && e != SMGW_E_INVAL);
			if (e == 0) {
				assert_int_equal(tg.l, t[0]);
				assert_int_equal(tg.format, SMGW_WMBUS_FORMAT_A);
				assert_ptr_equal(tg.telegram, f);
			}
		}
		/* every block CRC checked */
		m = to_format_a(t, n, f);
		for (k = 10; k < m; k += 18) {
			f[k] ^= 0x80;
			o = sizeof(out);
			assert_int_equal(smgw_wmbus_frame_strip(f, m, 0, out, &o, &fmt, &d), SMGW_E_CHECKSUM);
			assert_non_null(strstr(d.message, "CRC of block"));
			f[k] ^= 0x80;
		}
		/* format B: L counts the CRCs */
		m = to_format_b(t, n, f);
		o = sizeof(out);
		assert_int_equal(smgw_wmbus_frame_strip(f, m, 0, out, &o, &fmt, NULL), 0);
		assert_int_equal(fmt, SMGW_WMBUS_FORMAT_B);
		assert_int_equal(o, n);
		assert_memory_equal(out, t, n);
		f[m - 1] ^= 0x01; /* a CRC-free telegram whose "CRC" does not verify is taken as CRC-free */
		o = sizeof(out);
		assert_int_equal(smgw_wmbus_frame_strip(f, m, 0, out, &o, &fmt, NULL), 0);
		assert_int_equal(fmt, SMGW_WMBUS_FORMAT_NOCRC);
		o = sizeof(out); /* ... unless format B is forced */
		assert_int_equal(smgw_wmbus_frame_strip(f, m, SMGW_WMBUS_F_FORMAT_B, out, &o, &fmt, &d), SMGW_E_CHECKSUM);
		/* wrong lengths: one byte more or less fits no format */
		o = sizeof(out);
		assert_int_equal(smgw_wmbus_frame_strip(t, n - 1, 0, out, &o, &fmt, NULL), SMGW_E_WMBUS_LENGTH);
		t[n] = 0;
		o = sizeof(out);
		assert_int_equal(smgw_wmbus_frame_strip(t, n + 1, 0, out, &o, &fmt, NULL), SMGW_E_WMBUS_LENGTH);
		o = sizeof(out);
		assert_int_equal(smgw_wmbus_frame_strip(t, n, SMGW_WMBUS_F_FORMAT_A, out, &o, &fmt, NULL),
				 SMGW_E_WMBUS_LENGTH);
	}
}

static void test_link_and_headers(void **state)
{
	uint8_t t[300], work[SMGW_WMBUS_MAX_TELEGRAM], key[16];
	struct smgw_wmbus_telegram tg;
	size_t n;

	(void)state;
	/* lmn.md 3.4 example: Apator, key 16 x 00, IV 01 06 88888888 05 07 85 x 8 */
	n = load("22_serial_aes_ci7a_enc.hex", t, sizeof(t));
	memset(key, 0, sizeof(key));
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, NULL), 0);
	assert_int_equal(tg.format, SMGW_WMBUS_FORMAT_NOCRC);
	assert_int_equal(tg.c, 0x44);
	assert_string_equal(tg.mfct, "APA");
	assert_int_equal(tg.id, 0x88888888);
	assert_int_equal(tg.version, 5);
	assert_int_equal(tg.device_type, 7);
	assert_int_equal(tg.ci, 0x7a);
	assert_int_equal(tg.tpl, SMGW_WMBUS_TPL_SHORT);
	assert_int_equal(tg.acc, 0x85);
	assert_int_equal(tg.cfg, 0x8560);
	assert_int_equal(tg.security_mode, 5);
	assert_int_equal(tg.enc_blocks, 6);
	assert_true(tg.flags & SMGW_WMBUS_T_ENCRYPTED);
	assert_int_equal(tg.payload_len, n - 15);
	assert_memory_equal(tg.payload, "\x2f\x2f\x80\xc8\x4a\xfd\x93\x08", 8);
	assert_string_equal(smgw_wmbus_device_type_name(tg.device_type), "water");
	/* manufacturer letters (lmn.md 3.1: 2d 2c -> KAM) */
	{
		char m[4];
		smgw_wmbus_mfct(0x2c2d, m);
		assert_string_equal(m, "KAM");
		smgw_wmbus_mfct(0, m);
		assert_string_equal(m, "???");
	}
	/* CI 72: long header values, IV from the long header (lmn.md 3.4) */
	n = load("00_aventieswm_ci72_enc.hex", t, sizeof(t));
	unhex("A004EB23329A477F1DD2D7820B56EB3D", key, 16);
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, NULL), 0);
	assert_int_equal(tg.tpl, SMGW_WMBUS_TPL_LONG);
	assert_int_equal(tg.tpl_id, 0x61070071);
	/* ELL II with AES-128-CTR (Kamstrup C1, lmn.md 3.6) */
	n = load("23_serial_aes_ci8d_enc.hex", t, sizeof(t));
	unhex("28F64A24988064A079AA2C807D6102AE", key, 16);
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, NULL), 0);
	assert_string_equal(tg.mfct, "KAM");
	assert_int_equal(tg.id, 0x76348799);
	assert_int_equal(tg.ell_ci, 0x8d);
	assert_int_equal(tg.ell_sn >> 29, 1);
	assert_true(tg.flags & SMGW_WMBUS_T_ELL_ENCRYPTED);
	assert_int_equal(tg.ci, 0x78);
	assert_int_equal(tg.tpl, SMGW_WMBUS_TPL_NONE);
	/* ELL I (8C) then short TPL */
	n = load("111_op041a_ci8c_plain.hex", t, sizeof(t));
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, SMGW_WMBUS_F_PREDECRYPTED, work, sizeof(work), &tg, NULL), 0);
	assert_int_equal(tg.ell_ci, 0x8c);
	assert_int_equal(tg.ci, 0x7a);
	/* wired long frame */
	n = load("106_nemo_mbusci72_wired.hex", t, sizeof(t));
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, NULL), 0);
	assert_int_equal(tg.format, SMGW_WMBUS_FORMAT_WIRED);
	assert_int_equal(tg.c, 0x08);
	assert_int_equal(tg.ci, 0x72);
	assert_int_equal(tg.tpl_id, 0x00067609);
	/* manufacturer-specific CI */
	n = load("29_apator08_cia0_plain.hex", t, sizeof(t));
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, NULL), 0);
	assert_int_equal(tg.apl, SMGW_WMBUS_APL_MFCT);
	/* unknown CI: clear error */
	{
		struct smgw_diag d = SMGW_DIAG_INIT;
		n = unhex("0B44AE4C9956341268074000", t, sizeof(t));
		assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_CI);
		assert_non_null(strstr(d.message, "0x40"));
		assert_int_equal(d.offset, 10);
	}
	/* work buffer too small */
	n = load("25_aerius_ci7a_plain.hex", t, sizeof(t));
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, SMGW_WMBUS_F_PREDECRYPTED, work, 20, &tg, NULL), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_wmbus_decode(NULL, 5, NULL, 0, work, sizeof(work), &tg, NULL), SMGW_E_INVAL);
}

static void test_keys(void **state)
{
	uint8_t t[300], work[SMGW_WMBUS_MAX_TELEGRAM], key[16];
	struct smgw_wmbus_telegram tg;
	struct smgw_diag d = SMGW_DIAG_INIT;
	size_t n;

	(void)state;
	n = load("14_picoflux_ci7a_enc.hex", t, sizeof(t));
	unhex("9F5213BC13841410BB1410141515E4D5", key, 16);
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, NULL), 0);
	key[15] ^= 1;
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_KEY);
	assert_non_null(strstr(d.message, "wrong key"));
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_NOKEY);
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, SMGW_WMBUS_F_PREDECRYPTED, work, sizeof(work), &tg, &d),
			 SMGW_E_WMBUS_NOKEY); /* ciphertext does not start with 2F 2F */
	/* a changed manufacturer field changes the first IV bytes: the 2F 2F check fails
	 * (mode 5 has no MAC: a change that only touches IV bytes 2..15 is not detected) */
	key[15] ^= 1;
	t[2] ^= 1;
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_KEY);
	t[2] ^= 1;
	/* more encrypted blocks announced than present */
	t[13] = (uint8_t)((t[13] & 0x0f) | 0xf0);
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_LENGTH);
	/* unsupported security mode */
	t[13] = 0x10;
	t[14] = 0x02;
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_SECURITY);
	/* ELL AES-CTR, wrong key */
	n = load("23_serial_aes_ci8d_enc.hex", t, sizeof(t));
	memset(key, 0x11, sizeof(key));
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_KEY);
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_NOKEY);
}

/* Builds L C M A + body into t; returns the length. */
static size_t build(uint8_t *t, const char *body_hex)
{
	size_t n = unhex("44AE4C995634126807", t + 1, 9);

	n += unhex(body_hex, t + 1 + n, 250);
	t[0] = (uint8_t)n;
	return n + 1;
}

static void test_ell_afl(void **state)
{
	uint8_t t[300], work[SMGW_WMBUS_MAX_TELEGRAM], key[16];
	struct smgw_wmbus_telegram tg;
	struct smgw_diag d = SMGW_DIAG_INIT;
	struct smgw_value v;
	size_t n, i;
	uint16_t crc;

	(void)state;
	/* ELL III: CC ACC M2 A2, then a short TPL and one record */
	n = build(t, "8E20112D2C785634121B167A3600000004" "13181E0000");
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), 0);
	assert_true(tg.flags & SMGW_WMBUS_T_ELL_ADDR2);
	assert_int_equal(tg.ell_cc, 0x20);
	assert_int_equal(tg.ell_acc, 0x11);
	assert_int_equal(tg.ell_m2, 0x2c2d);
	assert_int_equal(tg.ell_id2, 0x12345678);
	assert_int_equal(tg.ell_version2, 0x1b);
	assert_int_equal(tg.ell_type2, 0x16);
	assert_int_equal(tg.ci, 0x7a);
	assert_int_equal(tg.payload_len, 6);
	/* ELL IV unencrypted: SN (encryption 0) and the payload CRC, low byte first */
	n = build(t, "8F2011" "2D2C785634121B16" "01000000" "0000" "78" "0413181E0000");
	crc = smgw_wmbus_crc16(t + 27, n - 27);
	t[25] = (uint8_t)crc;
	t[26] = (uint8_t)(crc >> 8);
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), 0);
	assert_true(tg.flags & SMGW_WMBUS_T_ELL_SN);
	assert_int_equal(tg.ell_sn, 1);
	assert_int_equal(tg.ci, 0x78);
	t[26] ^= 1;
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), SMGW_E_CHECKSUM);
	t[26] ^= 1;
	t[24] = 0x40; /* SN encryption field 2: not AES-CTR */
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_SECURITY);
	/* ELL inside another layer, ELL cut off */
	n = build(t, "8C2011" "8C2011" "78");
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_CI);
	n = build(t, "8D2011");
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), SMGW_E_TRUNCATED);
	/* AFL with message control, key information, counter and message length (no MAC) */
	n = build(t, "900B" "003B" "00" "3412" "78563412" "2000" "78" "0413181E0000");
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), 0);
	assert_true(tg.flags & SMGW_WMBUS_T_AFL);
	assert_int_equal(tg.afl_fcl, 0x3b00);
	assert_int_equal(tg.afl_ki, 0x1234);
	assert_int_equal(tg.afl_mcr, 0x12345678);
	assert_int_equal(tg.afl_ml, 0x0020);
	assert_int_equal(tg.ci, 0x78);
	/* more fragments: not supported; AFL length beyond the telegram; fields beyond the AFL */
	n = build(t, "9002" "0040" "78");
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), SMGW_E_UNSUPPORTED);
	n = build(t, "90F0" "0000" "78");
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), SMGW_E_TRUNCATED);
	n = build(t, "9003" "0008" "01" "78");
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_LENGTH);
	/* a MAC the security mode does not define */
	n = build(t, "9009" "002C" "03" "01000000" "AABB" "78" "0413181E0000");
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_SECURITY);

	/* Mode 7: the telegram tests/lmn/wmbus/e2e_smgw_wmbus.py builds with the
	 * openssl command line (key 00..0f, counter 0x123, 8-byte AES-CMAC). */
	n = unhex("3044ae4c995634126807900f002c05230100005e91d5418b5da5a27a3600100710085a2db14adc0fc2a30e978346e67ece", t,
		  sizeof(t));
	for (i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, &d), 0);
	assert_int_equal(tg.security_mode, 7);
	assert_true(tg.flags & SMGW_WMBUS_T_AFL_MAC);
	assert_true(tg.flags & SMGW_WMBUS_T_ENCRYPTED);
	assert_int_equal(tg.afl_mcr, 0x123);
	assert_int_equal(tg.afl_mac_len, 8);
	assert_int_equal(tg.cfg_ext, 0x10);
	assert_memory_equal(tg.payload, "\x2f\x2f\x04\x13\x18\x1e\x00\x00", 8);
	smgw_value_init(&v);
	assert_int_equal(smgw_wmbus_set_server_id(&tg, &v), 0);
	assert_int_equal(v.server_id_len, 8);
	assert_memory_equal(v.server_id, "\xae\x4c\x99\x56\x34\x12\x68\x07", 8);
	assert_true(v.flags & SMGW_VALUE_HAS_SERVER_ID);
	for (i = 10; i < n; i++) { /* any changed byte after the link layer: MAC (or a header error) */
		int e;

		t[i] ^= 0x01;
		e = smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, &d);
		/* bytes 12-13, the FCL, are outside the MAC input as OMS defines it (MCL || MCR || ML || TPL) */
		assert_true(e < 0 || i == 12 || i == 13);
		t[i] ^= 0x01;
	}
	t[n - 1] ^= 0x01;
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_MAC);
	assert_non_null(strstr(d.message, "MAC"));
	t[n - 1] ^= 0x01;
	key[0] ^= 1;
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_MAC);
	key[0] ^= 1;
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_NOKEY);
	t[32] = 0x20; /* CFG extension: key derivation 2 */
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_SECURITY);
	/* mode 7 without an AFL */
	n = build(t, "7A3600100710" "5a2db14adc0fc2a30e978346e67ece00");
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, &d), SMGW_E_WMBUS_SECURITY);
}

/* Headers without a key, to look the key up. */
static void test_peek(void **state)
{
	uint8_t t[300], f[SMGW_WMBUS_MAX_WIRE], work[SMGW_WMBUS_MAX_TELEGRAM];
	struct smgw_wmbus_telegram tg;
	struct smgw_diag d = SMGW_DIAG_INIT;
	size_t n, m;

	(void)state;
	n = load("23_serial_aes_ci8d_enc.hex", t, sizeof(t)); /* ELL AES-CTR: TPL inside the ciphertext */
	assert_int_equal(smgw_wmbus_peek(t, n, 0, work, sizeof(work), &tg, &d), 0);
	assert_string_equal(tg.mfct, "KAM");
	assert_int_equal(tg.id, 0x76348799);
	assert_int_equal(tg.ell_ci, 0x8d);
	assert_int_equal(tg.ell_sn >> 29, 1);
	assert_int_equal(tg.ci, 0);
	assert_null(tg.payload);
	assert_int_equal(tg.payload_len, 0);
	n = load("00_aventieswm_ci72_enc.hex", t, sizeof(t)); /* mode 5, long header */
	m = to_format_a(t, n, f);
	assert_int_equal(smgw_wmbus_peek(f, m, 0, work, sizeof(work), &tg, &d), 0);
	assert_int_equal(tg.format, SMGW_WMBUS_FORMAT_A);
	assert_int_equal(tg.ci, 0x72);
	assert_int_equal(tg.tpl_id, 0x61070071);
	assert_int_equal(tg.security_mode, 5);
	assert_false(tg.flags & SMGW_WMBUS_T_ENCRYPTED);
	assert_null(tg.payload);
	f[m - 1] ^= 1;
	assert_int_equal(smgw_wmbus_peek(f, m, 0, work, sizeof(work), &tg, &d), SMGW_E_CHECKSUM);
	n = unhex("3044ae4c995634126807900f002c05230100005e91d5418b5da5a27a3600100710085a2db14adc0fc2a30e978346e67ece", t,
		  sizeof(t)); /* mode 7 */
	assert_int_equal(smgw_wmbus_peek(t, n, 0, work, sizeof(work), &tg, &d), 0);
	assert_int_equal(tg.security_mode, 7);
	assert_int_equal(tg.afl_mcr, 0x123);
	assert_false(tg.flags & SMGW_WMBUS_T_AFL_MAC);
	assert_int_equal(tg.id, 0x12345699);
}

/* OMS Specification Vol. 2 examples (as asserted by ISFH/ioBroker.wmbus, see
 * MANIFEST.md): security profile B (ELL, AFL, mode 7) and frame format B. */
static void test_oms_examples(void **state)
{
	uint8_t t[300], work[SMGW_WMBUS_MAX_TELEGRAM], key[16];
	struct smgw_wmbus_telegram tg;
	struct smgw_wmbus_records it;
	struct smgw_wmbus_record r;
	size_t n, i;

	(void)state;
	for (i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	n = unhex("434493157856341233037AC98C2075900F002C25B30A000021924D4FBA372FB66E017A75002007109058475F4BC9D1281DF8"
		  "78B80A1B0F98B629024AAC7279429398BFC549233C0140829B93BAA1", t, sizeof(t));
	assert_int_equal(smgw_wmbus_decode(t, n, key, 0, work, sizeof(work), &tg, NULL), 0);
	assert_int_equal(tg.format, SMGW_WMBUS_FORMAT_A);
	assert_int_equal(tg.security_mode, 7);
	assert_true(tg.flags & SMGW_WMBUS_T_AFL_MAC);
	assert_string_equal(tg.mfct, "ELS");
	assert_int_equal(tg.id, 0x12345678);
	smgw_wmbus_records_init(&it, tg.payload, tg.payload_len);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 1);
	assert_int_equal(r.value.unit, SMGW_UNIT_M3);
	assert_int_equal(r.value.value, 2850427); /* 28504.27 m³ */
	assert_int_equal(r.value.scaler, -2);
	{ /* a changed ciphertext byte with valid block CRCs: the MAC must catch it */
		uint8_t plain[SMGW_WMBUS_MAX_TELEGRAM], f[SMGW_WMBUS_MAX_WIRE];
		size_t o = sizeof(plain), m;
		int32_t fmt;

		assert_int_equal(smgw_wmbus_frame_strip(t, n, 0, plain, &o, &fmt, NULL), 0);
		plain[o - 1] ^= 0x01;
		m = to_format_a(plain, o, f);
		assert_int_equal(smgw_wmbus_decode(f, m, key, 0, work, sizeof(work), &tg, NULL), SMGW_E_WMBUS_MAC);
	}
	n = unhex("1444AE0C7856341201078C2027780B134365877AC5", t, sizeof(t));
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, 0, work, sizeof(work), &tg, NULL), 0);
	assert_int_equal(tg.format, SMGW_WMBUS_FORMAT_B);
	assert_string_equal(tg.mfct, "CEN");
	smgw_wmbus_records_init(&it, tg.payload, tg.payload_len);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 1);
	assert_int_equal(r.value.value, 876543); /* 876.543 m³ */
	assert_int_equal(r.value.scaler, -3);
}

/* RFC 4493 section 4 examples, and the OMS key derivation input layout. */
static void test_cmac(void **state)
{
	static const struct {
		size_t len;
		const char *mac;
	} ex[] = {
		{ 0, "bb1d6929e9593728" "7fa37d129b756746" },
		{ 16, "070a16b46b4d4144" "f79bdd9dd04a287c" },
		{ 40, "dfa66747de9ae630" "30ca32611497c827" },
		{ 64, "51f0bebf7e3b9d92" "fc49741779363cfe" },
	};
	uint8_t key[16], msg[64], mac[16], want[16], k1[16], k2[16];
	size_t i;

	(void)state;
	unhex("2b7e151628aed2a6abf7158809cf4f3c", key, 16);
	unhex("6bc1bee22e409f96e93d7e117393172a" "ae2d8a571e03ac9c9eb76fac45af8e51"
	      "30c81c46a35ce411e5fbc1191a0a52ef" "f69f2445df4f9b17ad2b417be66c3710", msg, 64);
	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		assert_int_equal(smgw__wmbus_cmac(key, msg, ex[i].len, mac), 0);
		unhex(ex[i].mac, want, 16);
		assert_memory_equal(mac, want, 16);
	}
	/* KDF: CMAC over dc || counter || id || 07 x 7 (a 16-byte block) */
	memcpy(msg, "\x00\x23\x01\x00\x00\x99\x56\x34\x12\x07\x07\x07\x07\x07\x07\x07", 16);
	assert_int_equal(smgw__wmbus_cmac(key, msg, 16, want), 0);
	assert_int_equal(smgw__wmbus_kdf(key, 0x00, (const uint8_t *)"\x23\x01\x00\x00", (const uint8_t *)"\x99\x56\x34\x12", k1), 0);
	assert_memory_equal(k1, want, 16);
	assert_int_equal(smgw__wmbus_kdf(key, 0x01, (const uint8_t *)"\x23\x01\x00\x00", (const uint8_t *)"\x99\x56\x34\x12", k2), 0);
	assert_memory_not_equal(k1, k2, 16);
}

struct rec_want {
	const char *hex;
	int type;
	int64_t value;
	int scaler;
	int unit;
	uint64_t storage;
	uint32_t tariff;
	uint16_t subunit;
	int function;
};

/* EN 13757-3 data field coding, one record each (lmn.md 3.7 rules and examples). */
static void test_records(void **state)
{
	static const struct rec_want w[] = {
		/* amiplus, lmn.md 3.7: 12-digit BCD Wh; 6-digit BCD W */
		{ "0E035040691500 00", SMGW_WMBUS_DATA_BCD, 15694050, 0, SMGW_UNIT_WH, 0, 0, 0, 0 },
		{ "0B2B300300", SMGW_WMBUS_DATA_BCD, 330, 0, SMGW_UNIT_WATT, 0, 0, 0, 0 },
		/* integers, little-endian two's complement */
		{ "0113FF", SMGW_WMBUS_DATA_INT, -1, -3, SMGW_UNIT_M3, 0, 0, 0, 0 },
		{ "0213FEFF", SMGW_WMBUS_DATA_INT, -2, -3, SMGW_UNIT_M3, 0, 0, 0, 0 },
		{ "0313FFFF7F", SMGW_WMBUS_DATA_INT, 0x7fffff, -3, SMGW_UNIT_M3, 0, 0, 0, 0 },
		{ "0313000080", SMGW_WMBUS_DATA_INT, -0x800000, -3, SMGW_UNIT_M3, 0, 0, 0, 0 },
		{ "0413181E0000", SMGW_WMBUS_DATA_INT, 7704, -3, SMGW_UNIT_M3, 0, 0, 0, 0 },
		{ "0603010000000080", SMGW_WMBUS_DATA_INT, -INT64_C(0x7fffffffffff), 0, SMGW_UNIT_WH, 0, 0, 0, 0 },
		{ "07030100000000000080", SMGW_WMBUS_DATA_INT, INT64_MIN + 1, 0, SMGW_UNIT_WH, 0, 0, 0, 0 },
		/* BCD, negative with top nibble F */
		{ "0A1323F1", SMGW_WMBUS_DATA_BCD, -123, -3, SMGW_UNIT_M3, 0, 0, 0, 0 },
		{ "0C13785634F2", SMGW_WMBUS_DATA_BCD, -2345678, -3, SMGW_UNIT_M3, 0, 0, 0, 0 },
		{ "0A13A300", SMGW_WMBUS_DATA_INVALID, 0, 0, SMGW_UNIT_M3, 0, 0, 0, 0 },
		/* real32: 1.0 and 23.5 */
		{ "052B0000803F", SMGW_WMBUS_DATA_REAL, 1, 0, SMGW_UNIT_WATT, 0, 0, 0, 0 },
		{ "055B0000BC41", SMGW_WMBUS_DATA_REAL, 235, -1, SMGW_UNIT_CELSIUS, 0, 0, 0, 0 },
		{ "052B0000C07F", SMGW_WMBUS_DATA_INVALID, 0, 0, SMGW_UNIT_WATT, 0, 0, 0, 0 }, /* NaN */
		/* LVAR: negative BCD, binary */
		{ "0D13D23412", SMGW_WMBUS_DATA_BCD, -1234, -3, SMGW_UNIT_M3, 0, 0, 0, 0 },
		{ "0D13C23412", SMGW_WMBUS_DATA_BCD, 1234, -3, SMGW_UNIT_M3, 0, 0, 0, 0 },
		{ "0D13E20100", SMGW_WMBUS_DATA_INT, 1, -3, SMGW_UNIT_M3, 0, 0, 0, 0 },
		/* storage, tariff, subunit, function */
		{ "4413181E0000", SMGW_WMBUS_DATA_INT, 7704, -3, SMGW_UNIT_M3, 1, 0, 0, 0 },
		{ "C41213181E0000", SMGW_WMBUS_DATA_INT, 7704, -3, SMGW_UNIT_M3, 5, 1, 0, 0 },
		{ "848140 13181E0000", SMGW_WMBUS_DATA_INT, 7704, -3, SMGW_UNIT_M3, 2, 0, 2, 0 },
		{ "8480A00113181E0000", SMGW_WMBUS_DATA_INT, 7704, -3, SMGW_UNIT_M3, 512, 8, 0, 0 },
		{ "14130100 0000", SMGW_WMBUS_DATA_INT, 1, -3, SMGW_UNIT_M3, 0, 0, 0, 1 },
		{ "2213 0100", SMGW_WMBUS_DATA_INT, 1, -3, SMGW_UNIT_M3, 0, 0, 0, 2 },
		/* durations: the unit from the low bits */
		{ "0220 0A00", SMGW_WMBUS_DATA_INT, 10, 0, SMGW_UNIT_SECOND, 0, 0, 0, 0 },
		{ "0226 0A00", SMGW_WMBUS_DATA_INT, 10, 0, SMGW_UNIT_HOUR, 0, 0, 0, 0 },
		{ "0277 0A00", SMGW_WMBUS_DATA_INT, 10, 0, SMGW_UNIT_DAY, 0, 0, 0, 0 },
		/* extension tables (lmn.md 3.7): fb 00/01 MWh, fb 1a RH %, fd 48/49 V, fd 59 A, fd 3a */
		{ "02FB000100", SMGW_WMBUS_DATA_INT, 1, 5, SMGW_UNIT_WH, 0, 0, 0, 0 },
		{ "02FB010100", SMGW_WMBUS_DATA_INT, 1, 6, SMGW_UNIT_WH, 0, 0, 0, 0 },
		{ "02FB1A9102", SMGW_WMBUS_DATA_INT, 657, -1, SMGW_UNIT_PERCENT, 0, 0, 0, 0 },
		{ "02FD48F508", SMGW_WMBUS_DATA_INT, 2293, -1, SMGW_UNIT_VOLT, 0, 0, 0, 0 },
		{ "02FD591000", SMGW_WMBUS_DATA_INT, 16, -3, SMGW_UNIT_AMPERE, 0, 0, 0, 0 },
		{ "01FD3A05", SMGW_WMBUS_DATA_INT, 5, 0, 0, 0, 0, 0, 0 },
		/* combinable VIFE: multiplicative correction 10^(n-6), 10^3 */
		{ "0493760100 0000", SMGW_WMBUS_DATA_INT, 1, -3 + 6 - 6, SMGW_UNIT_M3, 0, 0, 0, 0 },
		{ "04 93 7D 01000000", SMGW_WMBUS_DATA_INT, 1, -3 + 3, SMGW_UNIT_M3, 0, 0, 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		uint8_t p[64];
		char hex[128];
		size_t n = 0, j, k = 0;
		struct smgw_wmbus_records it;
		struct smgw_wmbus_record r;

		for (j = 0; w[i].hex[j]; j++)
			if (w[i].hex[j] != ' ')
				hex[k++] = w[i].hex[j];
		hex[k] = 0;
		n = unhex(hex, p, sizeof(p));
		smgw_wmbus_records_init(&it, p, n);
		assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 1);
		assert_int_equal(r.data_type, w[i].type);
		if (w[i].type != SMGW_WMBUS_DATA_INVALID) {
			assert_true(r.flags & SMGW_WMBUS_R_NUMERIC);
			assert_int_equal(r.value.value, w[i].value);
			assert_int_equal(r.value.scaler, w[i].scaler);
		} else {
			assert_false(r.flags & SMGW_WMBUS_R_NUMERIC);
		}
		assert_int_equal(r.value.unit, w[i].unit);
		assert_int_equal(r.storage, w[i].storage);
		assert_int_equal(r.tariff, w[i].tariff);
		assert_int_equal(r.subunit, w[i].subunit);
		assert_int_equal(r.function, w[i].function);
		assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 0);
	}
}

static void test_record_kinds(void **state)
{
	uint8_t p[128];
	size_t n;
	struct smgw_wmbus_records it;
	struct smgw_wmbus_record r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	char desc[256];

	(void)state;
	/* date-time type I (lmn.md 3.7): 2019-03-20 12:57:00; date type G; fillers skipped */
	n = unhex("2F2F066D00790C7423402F026C7F2C2F", p, sizeof(p));
	smgw_wmbus_records_init(&it, p, n);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 1);
	assert_int_equal(r.data_type, SMGW_WMBUS_DATA_DATE);
	assert_int_equal(r.date.year, 2019);
	assert_int_equal(r.date.month, 3);
	assert_int_equal(r.date.day, 20);
	assert_int_equal(r.date.hour, 12);
	assert_int_equal(r.date.minute, 57);
	assert_int_equal(r.date.second, 0);
	assert_true(r.flags & SMGW_WMBUS_R_DATE_TIME);
	assert_int_equal(r.offset, 2);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 1);
	assert_int_equal(r.data_type, SMGW_WMBUS_DATA_DATE);
	assert_int_equal(r.date.year, 2019); /* 7f 2c: day 31, month 12, year 19 */
	assert_int_equal(r.date.month, 12);
	assert_int_equal(r.date.day, 31);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 0);
	/* plain-text string (sent reversed), backward flow VIFE, manufacturer data to the end */
	n = unhex("0DFD0C06554747342020" "04933C01000000" "0F0102030405", p, sizeof(p));
	smgw_wmbus_records_init(&it, p, n);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 1);
	assert_int_equal(r.data_type, SMGW_WMBUS_DATA_STRING);
	assert_int_equal(r.data_len, 6);
	assert_memory_equal(r.data, "UGG4  ", 6);
	assert_string_equal(r.quantity, "model/version");
	assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 1);
	assert_true(r.flags & SMGW_WMBUS_R_BACKWARD);
	assert_true(smgw_wmbus_record_describe(&r, desc, sizeof(desc)) > 0);
	assert_non_null(strstr(desc, "backward"));
	assert_int_equal(r.value.value, 1);
	assert_int_equal(r.value.scaler, -3);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 1);
	assert_int_equal(r.data_type, SMGW_WMBUS_DATA_MFCT);
	assert_true(r.flags & SMGW_WMBUS_R_MFCT);
	assert_int_equal(r.data_len, 5);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 0);
	/* 1F: more records follow in the next telegram */
	n = unhex("1F01", p, sizeof(p));
	smgw_wmbus_records_init(&it, p, n);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 1);
	assert_true(r.flags & SMGW_WMBUS_R_MORE_RECORDS);
	/* manufacturer-specific VIF and VIFE; plain-text VIF */
	n = unhex("01FF2A05" "02937F0100" "027C03424B4A0A00", p, sizeof(p));
	smgw_wmbus_records_init(&it, p, n);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 1);
	assert_true(r.flags & SMGW_WMBUS_R_MFCT);
	assert_int_equal(r.vib_len, 2);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 1);
	assert_true(r.flags & SMGW_WMBUS_R_MFCT);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, NULL), 1);
	assert_true(r.flags & SMGW_WMBUS_R_PLAIN_TEXT_VIF);
	assert_int_equal(r.vif_text_len, 3);
	assert_memory_equal(r.vif_text, "BKJ", 3);
	assert_int_equal(r.value.value, 10);
	/* reserved special function, too many DIFEs, too many VIFEs, reserved LVAR */
	n = unhex("3F", p, sizeof(p));
	smgw_wmbus_records_init(&it, p, n);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, &d), SMGW_E_WMBUS_RECORD);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, &d), 0);
	n = unhex("8480808080808080808080001300000000", p, sizeof(p));
	smgw_wmbus_records_init(&it, p, n);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, &d), SMGW_E_WMBUS_RECORD);
	n = unhex("0493A0A0A0A0A0A0A0A0A0A02000000000", p, sizeof(p));
	smgw_wmbus_records_init(&it, p, n);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, &d), SMGW_E_WMBUS_RECORD);
	n = unhex("0D13F7", p, sizeof(p));
	smgw_wmbus_records_init(&it, p, n);
	assert_int_equal(smgw_wmbus_record_next(&it, &r, &d), SMGW_E_WMBUS_RECORD);
	assert_int_equal(smgw_wmbus_record_next(NULL, &r, &d), SMGW_E_INVAL);
}

/* Every prefix of every record stream is either fully decoded or rejected as truncated. */
static void test_record_prefixes(void **state)
{
	uint8_t t[300], work[SMGW_WMBUS_MAX_TELEGRAM];
	struct smgw_wmbus_telegram tg;
	size_t n, k;

	(void)state;
	n = load("26_amiplus_ci7a_plain.hex", t, sizeof(t));
	assert_int_equal(smgw_wmbus_decode(t, n, NULL, SMGW_WMBUS_F_PREDECRYPTED, work, sizeof(work), &tg, NULL), 0);
	for (k = 0; k <= tg.payload_len; k++) {
		struct smgw_wmbus_records it;
		struct smgw_wmbus_record r;
		int e, count = 0;

		smgw_wmbus_records_init(&it, tg.payload, k);
		while ((e = smgw_wmbus_record_next(&it, &r, NULL)) == 1) {
			assert_true(r.offset + r.dib_len + r.vib_len <= k);
			assert_true(r.data + r.data_len_full <= tg.payload + k);
			count++;
		}
		assert_true(e == 0 || e == SMGW_E_TRUNCATED);
		if (k == tg.payload_len)
			assert_int_equal(e, 0);
	}
}

/* The malformed-input matrix over real telegrams: every prefix, every bit. */
static void test_damage(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(curated) / sizeof(curated[0]); i++) {
		uint8_t t[SMGW_WMBUS_MAX_WIRE], f[SMGW_WMBUS_MAX_WIRE], work[SMGW_WMBUS_MAX_TELEGRAM], key[16];
		size_t n = load(curated[i], t, sizeof(t)), k, m;
		struct smgw_wmbus_telegram tg;
		int bit;

		memset(key, 0, sizeof(key));
		for (k = 0; k < n; k++) { /* every prefix: an error, never a telegram */
			int e = smgw_wmbus_decode(t, k, key, SMGW_WMBUS_F_PREDECRYPTED, work, sizeof(work), &tg, NULL);
			/* (a prefix of a wired frame may be a valid wireless telegram: 68 is also an L field) */
			assert_true(e < 0 || t[0] == 0x68);
		}
		for (k = 0; k < n; k++) {
			for (bit = 0; bit < 8; bit++) {
				int e;

				memcpy(f, t, n);
				f[k] ^= (uint8_t)(1u << bit);
				e = smgw_wmbus_decode(f, n, key, SMGW_WMBUS_F_PREDECRYPTED, work, sizeof(work), &tg, NULL);
				if (e == 0) {
					struct smgw_wmbus_records it;
					struct smgw_wmbus_record r;

					assert_true(tg.payload >= work && tg.payload + tg.payload_len <= work + sizeof(work));
					smgw_wmbus_records_init(&it, tg.payload, tg.payload_len);
					while ((e = smgw_wmbus_record_next(&it, &r, NULL)) == 1)
						;
					assert_true(e <= 0);
				}
			}
		}
		if (t[0] == 0x68)
			continue;
		/* format A: every single-bit change is caught by a CRC or the length */
		m = to_format_a(t, n, f);
		for (k = 0; k < m; k++) {
			for (bit = 0; bit < 8; bit++) {
				int e;

				f[k] ^= (uint8_t)(1u << bit);
				e = smgw_wmbus_decode(f, m, key, SMGW_WMBUS_F_PREDECRYPTED, work, sizeof(work), &tg, NULL);
				/* (a changed L field may make the frame look CRC-free) */
				assert_true(e == SMGW_E_CHECKSUM || e == SMGW_E_WMBUS_LENGTH || k == 0);
				f[k] ^= (uint8_t)(1u << bit);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc),
		cmocka_unit_test(test_real_dll_crcs),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_link_and_headers),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_ell_afl),
		cmocka_unit_test(test_peek),
		cmocka_unit_test(test_oms_examples),
		cmocka_unit_test(test_cmac),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_record_kinds),
		cmocka_unit_test(test_record_prefixes),
		cmocka_unit_test(test_damage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
