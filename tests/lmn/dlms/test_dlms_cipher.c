/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ciphered APDUs (security suites 0 and 1, AES-128-GCM) against the DLMS
 * UA Green Book examples carried by the pwitab vectors (EK 000102..0F,
 * AK D0..DF, system title 4D4D4D0000BC614E, IC 0x01234567), the pwitab
 * general-glo-ciphering pushes, the Kaifa pushes of fneur and reitermarkus
 * (encryption only) and the HLS-GMAC example; wrong keys, altered bytes
 * and unsupported security controls are errors, never plaintext.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smgw/dlms.h>

#include "dlms-test-util.h"

#define PW "pwitab-dlms-cosem/"

static const uint8_t gb_ek[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
				   0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
static const uint8_t gb_ak[16] = { 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
				   0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf };
static const uint8_t gb_st[8] = { 0x4d, 0x4d, 0x4d, 0x00, 0x00, 0xbc, 0x61, 0x4e };
static const uint8_t dummy_key[16] = { 'M', 'Y', 'D', 'U', 'M', 'M', 'Y', 'G', 'L', 'O', 'B', 'A', 'L', 'K', 'E', 'Y' };

static uint8_t buf[4096], plain[4096], out[4096], want[4096];

static int all_zero(const uint8_t *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* Green Book: glo-get-request of the clock, authenticated and encrypted. */
static void test_green_book_get_request(void **state)
{
	struct smgw_dlms_ciphered c;
	size_t pn, cn, n, m;

	(void)state;
	pn = load_hex(PW "security_gb_get_request_clock.plain.hex", plain, sizeof(plain));
	cn = load_hex(PW "security_gb_get_request_clock.cipher.hex", want, sizeof(want));
	assert_int_equal(cn, pn + 12);
	assert_int_equal(smgw_dlms_encrypt(SMGW_DLMS_GLO_GET_REQUEST, 0x30, gb_st, 0x01234567, gb_ek, gb_ak, plain, pn,
					   out, sizeof(out), &n),
			 0);
	assert_int_equal(n, 2 + 5 + cn);
	assert_memory_equal(out, "\xc8\x1e\x30\x01\x23\x45\x67", 7);
	assert_memory_equal(out + 7, want, cn);
	/* size query */
	assert_int_equal(smgw_dlms_encrypt(SMGW_DLMS_GLO_GET_REQUEST, 0x30, gb_st, 0x01234567, gb_ek, gb_ak, plain, pn,
					   NULL, 0, &m),
			 SMGW_E_BUFSIZE);
	assert_int_equal(m, n);
	/* and back, with the system title from the association */
	assert_int_equal(smgw_dlms_ciphered_parse(out, n, &c, NULL), 0);
	assert_int_equal(c.plain_tag, SMGW_DLMS_GET_REQUEST);
	assert_int_equal(c.sc, 0x30);
	assert_int_equal(c.ic, 0x01234567);
	assert_int_equal(c.tag_len, 12);
	assert_null(c.system_title);
	assert_int_equal(smgw_dlms_decrypt(&c, NULL, gb_ek, gb_ak, buf, sizeof(buf), &m, NULL), SMGW_E_DLMS_NO_KEY);
	assert_int_equal(smgw_dlms_decrypt(&c, gb_st, gb_ek, gb_ak, buf, sizeof(buf), &m, NULL), 0);
	assert_int_equal(m, pn);
	assert_memory_equal(buf, plain, pn);
	/* plaintext of the tag's kind only */
	assert_int_equal(smgw_dlms_encrypt(SMGW_DLMS_GLO_GET_REQUEST + 4, 0x30, gb_st, 1, gb_ek, gb_ak, plain, pn, out,
					   sizeof(out), &n),
			 SMGW_E_DLMS_APDU);
}

/* glo-initiateRequest of the Green Book and the AARQ/RLRQ/RLRE carrying ciphered user-information. */
static void test_green_book_initiate(void **state)
{
	struct smgw_dlms_ciphered c;
	struct smgw_dlms_assoc a;
	struct smgw_dlms_release r;
	size_t n, pn, m;

	(void)state;
	n = load_hex(PW "glo_initiate_request.hex", buf, sizeof(buf));
	pn = load_hex(PW "initiate_request_dedicated_key.hex", want, sizeof(want));
	assert_int_equal(smgw_dlms_ciphered_parse(buf, n, &c, NULL), 0);
	assert_int_equal(c.plain_tag, SMGW_DLMS_INITIATE_REQUEST);
	assert_int_equal(c.ic, 19088743);
	assert_int_equal(smgw_dlms_decrypt(&c, gb_st, gb_ek, gb_ak, plain, sizeof(plain), &m, NULL), 0);
	assert_int_equal(m, pn);
	assert_memory_equal(plain, want, pn);
	assert_int_equal(smgw_dlms_encrypt(SMGW_DLMS_GLO_INITIATE_REQUEST, 0x30, gb_st, 0x01234567, gb_ek, gb_ak, want, pn,
					   out, sizeof(out), &m),
			 0);
	assert_int_equal(m, n);
	assert_memory_equal(out, buf, n);

	n = load_hex(PW "aarq_ciphered_lls_glo_initiate.hex", buf, sizeof(buf));
	assert_int_equal(smgw_dlms_assoc_parse(buf, n, &a, NULL), 0);
	assert_int_equal(smgw_dlms_ciphered_parse(a.user_info, a.user_info_len, &c, NULL), 0);
	assert_int_equal(smgw_dlms_decrypt(&c, a.ap_title, gb_ek, gb_ak, plain, sizeof(plain), &m, NULL), 0);
	assert_int_equal(m, pn);
	assert_memory_equal(plain, want, pn);

	n = load_hex(PW "rlrq_ciphered_initiate_request.hex", buf, sizeof(buf));
	assert_int_equal(smgw_dlms_release_parse(buf, n, &r, NULL), 0);
	assert_int_equal(smgw_dlms_ciphered_parse(r.user_info, r.user_info_len, &c, NULL), 0);
	assert_int_equal(smgw_dlms_decrypt(&c, gb_st, gb_ek, gb_ak, plain, sizeof(plain), &m, NULL), 0);
	assert_memory_equal(plain, want, pn);

	n = load_hex(PW "rlre_ciphered_initiate_response.hex", buf, sizeof(buf));
	assert_int_equal(smgw_dlms_release_parse(buf, n, &r, NULL), 0);
	assert_int_equal(r.user_info[0], SMGW_DLMS_GLO_INITIATE_RESPONSE);
	assert_int_equal(smgw_dlms_ciphered_parse(r.user_info, r.user_info_len, &c, NULL), 0);
	assert_int_equal(smgw_dlms_decrypt(&c, gb_st, gb_ek, gb_ak, plain, sizeof(plain), &m, NULL), 0);
	pn = hexb("0800065F1F0400007C1F04000007", want, sizeof(want));
	assert_int_equal(m, pn);
	assert_memory_equal(plain, want, pn);
}

static void test_hls_gmac(void **state)
{
	static const uint8_t st[8] = { 0x4d, 0x4d, 0x4d, 0x00, 0x00, 0x00, 0x00, 0x01 };
	uint8_t tag[12], w[12];
	size_t n;

	(void)state;
	n = load_hex(PW "security_gb_gmac_challenge.hex", buf, sizeof(buf));
	assert_int_equal(n, 8);
	assert_int_equal(smgw_dlms_gmac(0x10, st, 1, gb_ek, gb_ak, buf, n, tag), 0);
	hexb("1A52FE7DD3E72748973C1E28", w, sizeof(w));
	assert_memory_equal(tag, w, 12);
}

/* general-glo-ciphering data-notification (pwitab) and its UDP-wrapped siblings. */
static void test_general_glo(void **state)
{
	struct smgw_dlms_ciphered c;
	struct smgw_dlms_apdu a;
	char path[512], name[128], hex[512];
	FILE *f;
	size_t n, pn, m;
	int files = 0;

	(void)state;
	n = load_hex(PW "general_glo_ciphering_data_notification.hex", buf, sizeof(buf));
	pn = load_hex(PW "data_notification.hex", want, sizeof(want));
	assert_int_equal(smgw_dlms_ciphered_parse(buf, n, &c, NULL), 0);
	assert_int_equal(c.tag, SMGW_DLMS_GENERAL_GLO_CIPHERING);
	assert_int_equal(c.plain_tag, 0);
	assert_int_equal(c.system_title_len, 8);
	assert_memory_equal(c.system_title, "\x2f\x19\x22\x91\x99\x16\x41\x03", 8);
	assert_int_equal(c.ic, 0x1e5);
	assert_int_equal(smgw_dlms_decrypt(&c, NULL, dummy_key, dummy_key, plain, sizeof(plain), &m, NULL), 0);
	assert_int_equal(m, pn);
	assert_memory_equal(plain, want, pn);
	assert_int_equal(smgw_dlms_apdu_parse(plain, m, &a, NULL), 0);
	assert_int_equal(a.tag, SMGW_DLMS_DATA_NOTIFICATION);
	assert_int_equal(smgw_dlms_encrypt(SMGW_DLMS_GENERAL_GLO_CIPHERING, 0x30, c.system_title, 0x1e5, dummy_key,
					   dummy_key, want, pn, out, sizeof(out), &m),
			 0);
	assert_int_equal(m, n);
	assert_memory_equal(out, buf, n);

	snprintf(path, sizeof(path), "%s/lmn/dlms/" PW "udp-plaintexts.txt", SMGW_TEST_DATA);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fscanf(f, "%127s %511s", name, hex) == 2) {
		char rel[256];
		if (name[0] == '#') {
			int ch;
			while ((ch = fgetc(f)) != '\n' && ch != EOF)
				;
			continue;
		}
		snprintf(rel, sizeof(rel), PW "%s", name);
		n = load_hex(rel, buf, sizeof(buf));
		/* DLMS/COSEM wrapper: version 1, source and destination wPort, length */
		assert_true(n > 8);
		assert_memory_equal(buf, "\x00\x01\x00\x01\x00\x01", 6);
		assert_int_equal((size_t)(buf[6] << 8 | buf[7]), n - 8);
		assert_int_equal(smgw_dlms_ciphered_parse(buf + 8, n - 8, &c, NULL), 0);
		assert_int_equal(smgw_dlms_decrypt(&c, NULL, dummy_key, dummy_key, plain, sizeof(plain), &m, NULL), 0);
		pn = hexb(hex, want, sizeof(want));
		assert_int_equal(m, pn);
		assert_memory_equal(plain, want, pn);
		files++;
	}
	fclose(f);
	assert_int_equal(files, 13);
}

/* Kaifa pushes (Austria): security control 0x21, encryption only. */
static void test_kaifa_encryption_only(void **state)
{
	static const uint8_t tinetz_key[16] = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
						0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f };
	static const uint8_t kaifa_key[16] = { 0xde, 0xaf, 0xbe, 0xef, 0xca, 0xfe, 0xba, 0xbe,
					       0xde, 0xaf, 0xbe, 0xef, 0xca, 0xfe, 0xba, 0xbe };
	struct smgw_dlms_ciphered c;
	struct smgw_diag d = SMGW_DIAG_INIT;
	uint8_t bad[16];
	size_t n, pn, m;

	(void)state;
	n = load_hex("fneur-smart-meter-tirol/tinetz_kaifa_ma309_example.apdu.hex", buf, sizeof(buf));
	pn = load_hex("fneur-smart-meter-tirol/tinetz_kaifa_ma309_example.plain.hex", want, sizeof(want));
	assert_int_equal(smgw_dlms_ciphered_parse(buf, n, &c, NULL), 0);
	assert_int_equal(c.sc, 0x21);
	assert_int_equal(c.ic, 0x00295b9a);
	assert_int_equal(c.tag_len, 0);
	assert_memory_equal(c.system_title, "KFM\x10\x10\x00\x00\x23", 8);
	assert_int_equal(smgw_dlms_decrypt(&c, NULL, tinetz_key, NULL, plain, sizeof(plain), &m, NULL), 0);
	assert_int_equal(m, pn);
	assert_memory_equal(plain, want, pn);
	/* no key, wrong key: errors, and the output holds nothing */
	assert_int_equal(smgw_dlms_decrypt(&c, NULL, NULL, NULL, plain, sizeof(plain), &m, &d), SMGW_E_DLMS_NO_KEY);
	memcpy(bad, tinetz_key, 16);
	bad[15] ^= 1;
	memset(plain, 0x5a, sizeof(plain));
	assert_int_equal(smgw_dlms_decrypt(&c, NULL, bad, NULL, plain, sizeof(plain), &m, &d), SMGW_E_DLMS_DECRYPT);
	assert_true(all_zero(plain, pn));
	assert_non_null(strstr(d.message, "wrong encryption key"));
	/* too small an output buffer: the size */
	assert_int_equal(smgw_dlms_decrypt(&c, NULL, tinetz_key, NULL, plain, 10, &m, NULL), SMGW_E_BUFSIZE);
	assert_int_equal(m, pn);
	/* encrypting gives the meter's bytes */
	assert_int_equal(smgw_dlms_encrypt(SMGW_DLMS_GENERAL_GLO_CIPHERING, 0x21, c.system_title, c.ic, tinetz_key, NULL,
					   want, pn, out, sizeof(out), &m),
			 0);
	assert_int_equal(m, n);
	assert_memory_equal(out, buf, n);

	n = load_hex("reitermarkus-dlms-cosem-rs/kaifa_ggc_suite1_encrypted.hex", buf, sizeof(buf));
	pn = load_hex("reitermarkus-dlms-cosem-rs/kaifa_ggc_suite1_decrypted.hex", want, sizeof(want));
	assert_int_equal(smgw_dlms_ciphered_parse(buf, n, &c, NULL), 0);
	assert_int_equal(c.ic, 0x0002bc66);
	assert_int_equal(smgw_dlms_decrypt(&c, NULL, kaifa_key, NULL, plain, sizeof(plain), &m, NULL), 0);
	assert_int_equal(m, pn);
	assert_memory_equal(plain, want, pn);
	assert_int_equal(smgw_dlms_decrypt(&c, NULL, tinetz_key, NULL, plain, sizeof(plain), &m, NULL),
			 SMGW_E_DLMS_DECRYPT);
}

/* Authenticated: any changed bit or key is SMGW_E_DLMS_AUTH_TAG and no plaintext. */
static void test_tamper(void **state)
{
	struct smgw_dlms_ciphered c;
	uint8_t key[16];
	size_t n, m, i;

	(void)state;
	n = load_hex(PW "general_glo_ciphering_data_notification.hex", buf, sizeof(buf));
	for (i = 0; i < n * 8; i++) {
		memcpy(out, buf, n);
		out[i / 8] ^= (uint8_t)(1u << (i % 8));
		memset(plain, 0x5a, sizeof(plain));
		if (smgw_dlms_ciphered_parse(out, n, &c, NULL) < 0)
			continue;
		if (smgw_dlms_decrypt(&c, NULL, dummy_key, dummy_key, plain, sizeof(plain), &m, NULL) == 0)
			fail_msg("bit %zu flipped: accepted", i);
		assert_true(all_zero(plain, c.payload_len) || plain[0] == 0x5a);
	}
	assert_int_equal(smgw_dlms_ciphered_parse(buf, n, &c, NULL), 0);
	for (i = 0; i < 32; i++) {
		memcpy(key, dummy_key, 16);
		key[i % 16] ^= (uint8_t)(1u << (i / 16));
		assert_int_equal(smgw_dlms_decrypt(&c, NULL, i < 16 ? key : dummy_key, i < 16 ? dummy_key : key, plain,
						   sizeof(plain), &m, NULL),
				 SMGW_E_DLMS_AUTH_TAG);
		assert_true(all_zero(plain, c.payload_len));
	}
	assert_int_equal(smgw_dlms_decrypt(&c, NULL, dummy_key, NULL, plain, sizeof(plain), &m, NULL), SMGW_E_DLMS_NO_KEY);
}

/* Authentication only (SC 0x10): plaintext in the clear, GMAC over it. */
static void test_authentication_only(void **state)
{
	struct smgw_dlms_ciphered c;
	size_t pn, n, m;

	(void)state;
	pn = load_hex(PW "data_notification.hex", plain, sizeof(plain));
	assert_int_equal(smgw_dlms_encrypt(SMGW_DLMS_GENERAL_DED_CIPHERING, 0x10, gb_st, 7, gb_ek, gb_ak, plain, pn, out,
					   sizeof(out), &n),
			 0);
	assert_int_equal(smgw_dlms_ciphered_parse(out, n, &c, NULL), 0);
	assert_int_equal(c.payload_len, pn);
	assert_memory_equal(c.payload, plain, pn);
	assert_int_equal(smgw_dlms_decrypt(&c, NULL, gb_ek, gb_ak, buf, sizeof(buf), &m, NULL), 0);
	assert_memory_equal(buf, plain, pn);
	out[n - 13] ^= 1; /* last plaintext byte */
	assert_int_equal(smgw_dlms_ciphered_parse(out, n, &c, NULL), 0);
	assert_int_equal(smgw_dlms_decrypt(&c, NULL, gb_ek, gb_ak, buf, sizeof(buf), &m, NULL), SMGW_E_DLMS_AUTH_TAG);
	/* encryption only round trip, and with the broadcast bit */
	assert_int_equal(smgw_dlms_encrypt(SMGW_DLMS_GENERAL_GLO_CIPHERING, 0x60, gb_st, 9, gb_ek, NULL, plain, pn, out,
					   sizeof(out), &n),
			 0);
	assert_int_equal(smgw_dlms_ciphered_parse(out, n, &c, NULL), 0);
	assert_int_equal(smgw_dlms_decrypt(&c, NULL, gb_ek, NULL, buf, sizeof(buf), &m, NULL), 0);
	assert_memory_equal(buf, plain, pn);
}

static void test_framing_errors(void **state)
{
	struct smgw_dlms_ciphered c;
	size_t n;

	(void)state;
	n = load_hex(PW "glo_initiate_request.hex", buf, sizeof(buf));
	buf[2] = 0x32; /* suite 2 (AES-256) */
	assert_int_equal(smgw_dlms_ciphered_parse(buf, n, &c, NULL), SMGW_E_DLMS_SECURITY);
	buf[2] = 0xb0; /* compression */
	assert_int_equal(smgw_dlms_ciphered_parse(buf, n, &c, NULL), SMGW_E_DLMS_SECURITY);
	buf[2] = 0x30;
	assert_int_equal(smgw_dlms_ciphered_parse(buf, n, &c, NULL), 0);
	assert_int_equal(smgw_dlms_ciphered_parse(buf, n - 1, &c, NULL), SMGW_E_TRUNCATED);
	assert_int_equal(smgw_dlms_ciphered_parse((const uint8_t *)"\xc8\x04\x30\x00\x00\x00", 6, &c, NULL),
			 SMGW_E_ENCODING); /* no room for SC and IC */
	assert_int_equal(smgw_dlms_ciphered_parse((const uint8_t *)"\xc8\x05\x20\x00\x00\x00\x01\x00", 8, &c, NULL),
			 SMGW_E_DLMS_TRAILING);
	assert_int_equal(smgw_dlms_ciphered_parse((const uint8_t *)"\xc8\x05\x30\x00\x00\x00\x01", 7, &c, NULL),
			 SMGW_E_TRUNCATED); /* authenticated without a tag */
	assert_int_equal(smgw_dlms_ciphered_parse((const uint8_t *)"\xdb\x07\x01\x02\x03\x04\x05\x06\x07\x05\x20\x00\x00\x00\x01",
						  15, &c, NULL),
			 SMGW_E_DLMS_SECURITY);
	assert_int_equal(smgw_dlms_ciphered_parse((const uint8_t *)"\xc0\x01", 2, &c, NULL), SMGW_E_DLMS_APDU);
	assert_int_equal(smgw_dlms_is_ciphered(0xdb), 1);
	assert_int_equal(smgw_dlms_is_ciphered(0xcc), 1);
	assert_int_equal(smgw_dlms_is_ciphered(0xce), 0);
	assert_int_equal(smgw_dlms_is_ciphered(0xc4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_green_book_get_request),
		cmocka_unit_test(test_green_book_initiate),
		cmocka_unit_test(test_hls_gmac),
		cmocka_unit_test(test_general_glo),
		cmocka_unit_test(test_kaifa_encryption_only),
		cmocka_unit_test(test_tamper),
		cmocka_unit_test(test_authentication_only),
		cmocka_unit_test(test_framing_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
