/* SPDX-License-Identifier: Apache-2.0 */
/* The measured value: exact decimals, rescaling, server ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smgw/value.h>

static void test_layout(void **state)
{
	struct smgw_value v;

	(void)state;
	/* Frozen plain data: the documented layout. */
	assert_int_equal(sizeof(struct smgw_value), 72);
	assert_int_equal(offsetof(struct smgw_value, scaler), 6);
	assert_int_equal(offsetof(struct smgw_value, unit), 7);
	assert_int_equal(offsetof(struct smgw_value, value), 8);
	assert_int_equal(offsetof(struct smgw_value, status), 16);
	assert_int_equal(offsetof(struct smgw_value, capture_ms), 24);
	assert_int_equal(offsetof(struct smgw_value, target_ms), 32);
	assert_int_equal(offsetof(struct smgw_value, flags), 40);
	assert_int_equal(offsetof(struct smgw_value, ptb_status), 44);
	assert_int_equal(offsetof(struct smgw_value, server_id_len), 48);
	assert_int_equal(offsetof(struct smgw_value, server_id), 49);
	assert_int_equal(offsetof(struct smgw_value, reserved), 65);
	memset(&v, 0xAA, sizeof(v));
	smgw_value_init(&v);
	for (size_t i = 0; i < sizeof(v); i++)
		assert_int_equal(((unsigned char *)&v)[i], 0);
	smgw_value_init(NULL);
}

static void test_decimal_known(void **state)
{
	char buf[SMGW_VALUE_DECIMAL_LEN];

	(void)state;
	/* The examples of value.h. */
	assert_int_equal(smgw_value_format_decimal(123456, -1, buf, sizeof(buf)), 7);
	assert_string_equal(buf, "12345.6");
	assert_int_equal(smgw_value_format_decimal(123456, 2, buf, sizeof(buf)), 8);
	assert_string_equal(buf, "12345600");
	assert_int_equal(smgw_value_format_decimal(1230, -2, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "12.30");
	assert_int_equal(smgw_value_format_decimal(5, -3, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "0.005");
	assert_int_equal(smgw_value_format_decimal(-5, -3, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "-0.005");
	assert_int_equal(smgw_value_format_decimal(0, 5, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "0");
	assert_int_equal(smgw_value_format_decimal(0, -2, buf, sizeof(buf)), 4);
	assert_string_equal(buf, "0.00");
	/* A Theben reading via TRuDI: 4.459,06 kWh = 44590612 * 10^-4 Wh * 1000. */
	assert_int_equal(smgw_value_format_decimal(44590612, -4, buf, sizeof(buf)), 9);
	assert_string_equal(buf, "4459.0612");
	/* The DZG power bug value of lmn.md: -29912 * 10^-2 W. */
	smgw_value_format_decimal(-29912, -2, buf, sizeof(buf));
	assert_string_equal(buf, "-299.12");
	/* Extremes. */
	assert_int_equal(smgw_value_format_decimal(INT64_MIN, 0, buf, sizeof(buf)), 20);
	assert_string_equal(buf, "-9223372036854775808");
	assert_int_equal(smgw_value_format_decimal(INT64_MAX, 0, buf, sizeof(buf)), 19);
	assert_string_equal(buf, "9223372036854775807");
	assert_int_equal(smgw_value_format_decimal(INT64_MIN, -19, buf, sizeof(buf)), 22);
	assert_string_equal(buf, "-0.9223372036854775808");
	assert_int_equal(smgw_value_format_decimal(INT64_MIN, -18, buf, sizeof(buf)), 21);
	assert_string_equal(buf, "-9.223372036854775808");
	/* The longest output of all: exactly SMGW_VALUE_DECIMAL_LEN - 1. */
	assert_int_equal(smgw_value_format_decimal(INT64_MIN, 127, buf, sizeof(buf)), SMGW_VALUE_DECIMAL_LEN - 1);
	assert_int_equal(strlen(buf), 147);
	assert_int_equal(smgw_value_format_decimal(INT64_MIN, -128, buf, sizeof(buf)), 131);
	/* Buffer too small by one: nothing but an empty string. */
	assert_int_equal(smgw_value_format_decimal(123456, -1, buf, 8), 7);
	assert_int_equal(smgw_value_format_decimal(123456, -1, buf, 7), SMGW_E_BUFSIZE);
	assert_string_equal(buf, "");
	assert_int_equal(smgw_value_format_decimal(INT64_MIN, 127, buf, 147), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_value_format_decimal(1, 0, NULL, 0), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_value_format_decimal(1, 0, NULL, 5), SMGW_E_INVAL);
	/* 32 bytes suffice for scalers -10..+10. */
	assert_true(smgw_value_format_decimal(INT64_MIN, 10, buf, 32) > 0);
	assert_true(smgw_value_format_decimal(INT64_MIN, -10, buf, 32) > 0);
}

/* Against Python's decimal module (tests/data/core/data-model/decimal.txt). */
static void test_decimal_table(void **state)
{
	FILE *f = fopen(SMGW_TEST_DATA "/core/data-model/decimal.txt", "r");
	char line[512], want[SMGW_VALUE_DECIMAL_LEN + 8], buf[SMGW_VALUE_DECIMAL_LEN];
	long long v;
	int s, count = 0;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		int n;

		if (line[0] == '#' || sscanf(line, "%lld %d %155s", &v, &s, want) != 3)
			continue;
		n = smgw_value_format_decimal((int64_t)v, (int8_t)s, buf, sizeof(buf));
		if (n < 0 || strcmp(buf, want) != 0)
			fail_msg("%lld e%d: got \"%s\" (%d), want \"%s\"", v, s, buf, n, want);
		assert_int_equal(n, strlen(want));
		count++;
	}
	fclose(f);
	assert_true(count > 500);
}

static void test_rescale(void **state)
{
	int64_t r = 42;

	(void)state;
	assert_int_equal(smgw_value_rescale(1234, -1, -3, &r), 0);
	assert_int_equal(r, 123400);
	assert_int_equal(smgw_value_rescale(123400, -3, -1, &r), 0);
	assert_int_equal(r, 1234);
	r = 42;
	assert_int_equal(smgw_value_rescale(123401, -3, -1, &r), SMGW_E_RANGE);
	assert_int_equal(r, 42);
	assert_int_equal(smgw_value_rescale(INT64_MAX, 0, -1, &r), SMGW_E_OVERFLOW);
	assert_int_equal(smgw_value_rescale(INT64_MIN, 0, -1, &r), SMGW_E_OVERFLOW);
	assert_int_equal(r, 42);
	assert_int_equal(smgw_value_rescale(922337203685477580, 0, -1, &r), 0);
	assert_int_equal(r, INT64_C(9223372036854775800));
	assert_int_equal(smgw_value_rescale(-922337203685477580, 0, -1, &r), 0);
	assert_int_equal(r, INT64_C(-9223372036854775800));
	assert_int_equal(smgw_value_rescale(922337203685477581, 0, -1, &r), SMGW_E_OVERFLOW);
	assert_int_equal(smgw_value_rescale(1, 127, -128, &r), SMGW_E_OVERFLOW);
	assert_int_equal(smgw_value_rescale(0, 127, -128, &r), 0);
	assert_int_equal(r, 0);
	assert_int_equal(smgw_value_rescale(INT64_MIN, -128, 127, &r), SMGW_E_RANGE);
	assert_int_equal(smgw_value_rescale(INT64_MIN, 0, 0, &r), 0);
	assert_true(r == INT64_MIN);
	assert_int_equal(smgw_value_rescale(1000000000000000000, 0, 18, &r), 0);
	assert_int_equal(r, 1);
	assert_int_equal(smgw_value_rescale(1, 0, 0, NULL), SMGW_E_INVAL);
}

/* Against Python's integers (tests/data/core/data-model/rescale.txt). */
static void test_rescale_table(void **state)
{
	FILE *f = fopen(SMGW_TEST_DATA "/core/data-model/rescale.txt", "r");
	char line[256], want[64];
	long long v;
	int a, b, count = 0;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		int64_t r = 0;
		int err;

		if (line[0] == '#' || sscanf(line, "%lld %d %d %63s", &v, &a, &b, want) != 4)
			continue;
		err = smgw_value_rescale((int64_t)v, (int8_t)a, (int8_t)b, &r);
		if (strcmp(want, "OVERFLOW") == 0)
			assert_int_equal(err, SMGW_E_OVERFLOW);
		else if (strcmp(want, "RANGE") == 0)
			assert_int_equal(err, SMGW_E_RANGE);
		else {
			assert_int_equal(err, 0);
			assert_true(r == (int64_t)strtoll(want, NULL, 10));
		}
		count++;
	}
	fclose(f);
	assert_true(count > 100);
}

static int hex2bin(const char *hex, uint8_t *out)
{
	int n = 0;
	unsigned b;

	while (hex[0] && hex[1] && sscanf(hex, "%2x", &b) == 1) {
		out[n++] = (uint8_t)b;
		hex += 2;
	}
	return n;
}

/* Server ids of TRuDI and of real SML meters (server_ids.txt). */
static void test_server_id_data(void **state)
{
	FILE *f = fopen(SMGW_TEST_DATA "/core/data-model/server_ids.txt", "r");
	char line[256], hex[64], text[64], buf[40];
	int count = 0;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		uint8_t id[32], back[SMGW_SERVER_ID_MAX];
		size_t back_len = sizeof(back);
		int n, len;

		if (line[0] == '#' || sscanf(line, "%63s %63s", hex, text) != 2)
			continue;
		len = hex2bin(hex, id);
		n = smgw_server_id_format(id, (size_t)len, buf, sizeof(buf));
		if (n < 0 || strcmp(buf, text) != 0)
			fail_msg("%s: got \"%s\" (%d), want \"%s\"", hex, buf, n, text);
		/* Text back to binary gives the same id for type 0x0A and hex forms. */
		assert_int_equal(smgw_server_id_parse(text, strlen(text), back, &back_len), 0);
		if (id[0] == 0x0A || strcmp(hex, text) == 0) {
			assert_int_equal(back_len, len);
			assert_memory_equal(back, id, (size_t)len);
		} else {
			assert_int_equal(back_len, 10);
			assert_int_equal(back[0], 0x0A);
			assert_memory_equal(back + 1, id + 1, 9);
		}
		count++;
	}
	fclose(f);
	assert_true(count >= 10);
}

static void test_server_id_parse(void **state)
{
	static const uint8_t ppc[] = { 0x0a, 0x0e, 0x50, 0x50, 0x43, 0x02, 0x00, 0xa0, 0x04, 0x75 };
	uint8_t out[SMGW_SERVER_ID_MAX];
	size_t n;

	(void)state;
	/* TRuDI ServerIdTests: the forms with spaces and lower case. */
	n = sizeof(out);
	assert_int_equal(smgw_server_id_parse("E PPC 02 10486901", 17, out, &n), 0);
	assert_int_equal(n, 10);
	assert_memory_equal(out, ppc, 10);
	n = sizeof(out);
	assert_int_equal(smgw_server_id_parse("e ppc 02 10486901", 17, out, &n), 0);
	assert_memory_equal(out, ppc, 10);
	n = sizeof(out);
	assert_int_equal(smgw_server_id_parse("E PPC 02 1048 6901", 18, out, &n), 0);
	assert_memory_equal(out, ppc, 10);
	n = sizeof(out);
	assert_int_equal(smgw_server_id_parse("0A0E5050430200A00475", 20, out, &n), 0);
	assert_memory_equal(out, ppc, 10);
	/* Size query. */
	n = 0;
	assert_int_equal(smgw_server_id_parse("EPPC0210486901", 14, NULL, &n), SMGW_E_BUFSIZE);
	assert_int_equal(n, 10);
	n = 9;
	assert_int_equal(smgw_server_id_parse("EPPC0210486901", 14, out, &n), SMGW_E_BUFSIZE);
	assert_int_equal(n, 10);

	/* Malformed. */
	{
		static const char *const bad[] = {
			"", "0", "0A0", "0A0G", "1EMH001234567", "1EMH00123456789", "1EM0012345678",
			"1EMH0012345678.sm", " 1EMH0012345678", "1EMH0012345678 ", "1  EMH0012345678",
			"1E MH0012345678", "1EMH001234567X", "G EMH 00 12345678", "1-EMH-00-12345678",
			"0A01454D48000051971E00000000000000", /* 17 bytes */
			"0x0a01", "0a 01",
		};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			n = sizeof(out);
			if (smgw_server_id_parse(bad[i], strlen(bad[i]), out, &n) != SMGW_E_SYNTAX)
				fail_msg("accepted \"%s\"", bad[i]);
			assert_int_equal(n, sizeof(out));
		}
	}
	n = sizeof(out);
	assert_int_equal(smgw_server_id_parse("00", 2, NULL, &n), SMGW_E_INVAL);
	assert_int_equal(smgw_server_id_parse("00", 2, out, NULL), SMGW_E_INVAL);
}

static void test_server_id_format(void **state)
{
	/* DIN layout but values the text form cannot carry: hex. */
	static const uint8_t big_serial[] = { 0x0a, 0x01, 'E', 'M', 'H', 0x00, 0x05, 0xf5, 0xe1, 0x00 }; /* 100000000 */
	static const uint8_t max_serial[] = { 0x0a, 0x01, 'E', 'M', 'H', 0x99, 0x05, 0xf5, 0xe0, 0xff }; /* 99999999 */
	static const uint8_t lower_flag[] = { 0x0a, 0x01, 'e', 'M', 'H', 0x00, 0, 0, 0, 1 };
	static const uint8_t bad_block[] = { 0x0a, 0x01, 'E', 'M', 'H', 0x0b, 0, 0, 0, 1 };
	static const uint8_t bad_medium[] = { 0x0a, 0x10, 'E', 'M', 'H', 0x00, 0, 0, 0, 1 };
	static const uint8_t long_id[17] = { 0 };
	char buf[40];

	(void)state;
	assert_int_equal(smgw_server_id_format(big_serial, 10, buf, sizeof(buf)), 20);
	assert_string_equal(buf, "0a01454d480005f5e100");
	assert_int_equal(smgw_server_id_format(max_serial, 10, buf, sizeof(buf)), 14);
	assert_string_equal(buf, "1EMH9999999999");
	assert_int_equal(smgw_server_id_format(lower_flag, 10, buf, sizeof(buf)), 20);
	assert_int_equal(smgw_server_id_format(bad_block, 10, buf, sizeof(buf)), 20);
	assert_int_equal(smgw_server_id_format(bad_medium, 10, buf, sizeof(buf)), 20);
	assert_int_equal(smgw_server_id_format(max_serial, 9, buf, sizeof(buf)), 18);
	assert_int_equal(smgw_server_id_format(long_id, 16, buf, sizeof(buf)), 32);
	assert_int_equal(smgw_server_id_format(long_id, 17, buf, sizeof(buf)), SMGW_E_RANGE);
	assert_int_equal(smgw_server_id_format(NULL, 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(smgw_server_id_format(max_serial, 10, buf, 14), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_server_id_format(max_serial, 10, buf, 15), 14);
	assert_int_equal(smgw_server_id_format(NULL, 3, buf, sizeof(buf)), SMGW_E_INVAL);
}

static void test_set_server_id(void **state)
{
	static const uint8_t id[] = { 0x0a, 0x01, 0x44, 0x5a, 0x47, 0x00, 0x02, 0x82, 0x22, 0x5e };
	uint8_t big[SMGW_SERVER_ID_MAX + 1] = { 0 };
	struct smgw_value v;

	(void)state;
	smgw_value_init(&v);
	assert_int_equal(smgw_value_set_server_id(&v, id, sizeof(id)), 0);
	assert_int_equal(v.server_id_len, 10);
	assert_memory_equal(v.server_id, id, 10);
	assert_true(v.flags & SMGW_VALUE_HAS_SERVER_ID);
	assert_int_equal(smgw_value_set_server_id(&v, big, sizeof(big)), SMGW_E_RANGE);
	assert_int_equal(v.server_id_len, 10);
	assert_int_equal(smgw_value_set_server_id(&v, NULL, 1), SMGW_E_INVAL);
	assert_int_equal(smgw_value_set_server_id(NULL, id, 1), SMGW_E_INVAL);
	assert_int_equal(smgw_value_set_server_id(&v, id, 3), 0);
	assert_int_equal(v.server_id[3], 0); /* rest cleared */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_decimal_known),
		cmocka_unit_test(test_decimal_table),
		cmocka_unit_test(test_rescale),
		cmocka_unit_test(test_rescale_table),
		cmocka_unit_test(test_server_id_data),
		cmocka_unit_test(test_server_id_parse),
		cmocka_unit_test(test_server_id_format),
		cmocka_unit_test(test_set_server_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
