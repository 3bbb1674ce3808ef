/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SML CRC16: the accelerated code (PCLMULQDQ on x86-64, PMULL on AArch64,
 * chosen at run time) and the portable slicing-by-8 code against a bitwise
 * implementation written from the definition (reflected polynomial 0x1021,
 * one bit at a time), over random data at every length 0..700, every
 * start alignment 0..15 and random initial registers; plus the check
 * values of the CRC catalogue ("123456789": X-25 0x906E, KERMIT 0x2189).
 * Where the CPU lacks the instructions the accelerated entry point is the
 * table code, and the test says so.
 */
#include "sml-test-util.h"
#include "sml/sml-private.h"

/* The definition: LSB-first shift register with the reflected polynomial. */
static uint16_t crc_bitwise(uint16_t crc, const uint8_t *p, size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		crc ^= p[i];
		for (k = 0; k < 8; k++)
			crc = (uint16_t)((crc & 1) ? (crc >> 1) ^ 0x8408 : crc >> 1);
	}
	return crc;
}

/* xorshift64*: reproducible test data. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64_C(2685821657736338717);
}

static void test_check_values(void **state)
{
	static const char check[] = "123456789";
	const uint8_t *c = (const uint8_t *)check;

	(void)state;
	assert_int_equal(crc_bitwise(0xffff, c, 9) ^ 0xffff, 0x906E);
	assert_int_equal(crc_bitwise(0, c, 9), 0x2189);
	assert_int_equal(smgw__sml_crc_update_table(0xffff, c, 9) ^ 0xffff, 0x906E);
	assert_int_equal(smgw__sml_crc_update_clmul(0xffff, c, 9) ^ 0xffff, 0x906E);
	assert_int_equal(smgw_sml_crc16(SMGW_SML_CRC_X25, check, 9), 0x906E);
	assert_int_equal(smgw_sml_crc16(SMGW_SML_CRC_KERMIT, check, 9), 0x2189);
}

/* The transport decoder starts each frame from this constant register. */
static void test_start_register(void **state)
{
	static const uint8_t start[8] = { 0x1b, 0x1b, 0x1b, 0x1b, 0x01, 0x01, 0x01, 0x01 };

	(void)state;
	assert_int_equal(SMGW__SML_CRC_START, crc_bitwise(0xffff, start, 8));
}

/* The check string repeated: long inputs through every code path. */
static void test_long_known(void **state)
{
	static uint8_t buf[4096 + 16];
	size_t n, i;

	(void)state;
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)('1' + i % 9);
	for (n = 0; n <= sizeof(buf); n += 9) {
		uint16_t want = crc_bitwise(0xffff, buf, n);

		assert_int_equal(smgw__sml_crc_update_table(0xffff, buf, n), want);
		assert_int_equal(smgw__sml_crc_update_clmul(0xffff, buf, n), want);
		assert_int_equal(smgw__sml_crc_update(0xffff, buf, n), want);
	}
}

static void test_random_lengths_alignments(void **state)
{
	static uint8_t buf[700 + 32];
	uint64_t seed = UINT64_C(0x9e3779b97f4a7c15);
	size_t n, i;
	unsigned a;

	(void)state;
	print_message("# carry-less multiply CRC path: %s\n",
		      smgw__sml_crc_have_clmul() ? "available (tested)" : "not available on this CPU (table code tested)");
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rnd(&seed);
	for (n = 0; n <= 700; n++) {
		for (a = 0; a < 16; a++) {
			uint16_t init = (uint16_t)rnd(&seed);
			const uint8_t *p = buf + a;
			uint16_t want = crc_bitwise(init, p, n);

			assert_int_equal(smgw__sml_crc_update_table(init, p, n), want);
			assert_int_equal(smgw__sml_crc_update_clmul(init, p, n), want);
			assert_int_equal(smgw__sml_crc_update(init, p, n), want);
		}
	}
}

/* Patterns that stress the folding: all ones, single bits, escape bytes. */
static void test_patterns(void **state)
{
	static uint8_t buf[512];
	size_t n, bit;

	(void)state;
	memset(buf, 0xff, sizeof(buf));
	for (n = 16; n <= sizeof(buf); n++)
		assert_int_equal(smgw__sml_crc_update_clmul(0xffff, buf, n), crc_bitwise(0xffff, buf, n));
	memset(buf, 0x1b, sizeof(buf));
	for (n = 16; n <= sizeof(buf); n += 3)
		assert_int_equal(smgw__sml_crc_update_clmul(0, buf, n), crc_bitwise(0, buf, n));
	for (bit = 0; bit < 8 * 200; bit++) {
		memset(buf, 0, 200);
		buf[bit / 8] = (uint8_t)(1u << (bit % 8));
		assert_int_equal(smgw__sml_crc_update_clmul(0, buf, 200), crc_bitwise(0, buf, 200));
		assert_int_equal(smgw__sml_crc_update_clmul(0xffff, buf, 200), crc_bitwise(0xffff, buf, 200));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_values),
		cmocka_unit_test(test_start_register),
		cmocka_unit_test(test_long_known),
		cmocka_unit_test(test_random_lengths_alignments),
		cmocka_unit_test(test_patterns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
