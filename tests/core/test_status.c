/* SPDX-License-Identifier: Apache-2.0 */
/* FNN status word: wire form, PTB mapping, check, description. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smgw/status.h>

static uint64_t parse_ok(const char *s)
{
	uint64_t w = 0;

	assert_int_equal(smgw_fnn_parse(s, strlen(s), &w), 0);
	return w;
}

/* The wire form of the AR 2418-6 example and the TRuDI test cases. */
static void test_wire(void **state)
{
	char buf[17];
	uint64_t w;

	(void)state;
	w = parse_ok("A000000020000000");
	assert_true(w == UINT64_C(0x0000000500000004));
	assert_true(smgw_fnn_gw(w) == SMGW_FNN_GW_IDENT);
	assert_true(smgw_fnn_bz(w) == SMGW_FNN_BZ_IDENT);
	assert_int_equal(smgw_fnn_format(w, buf, sizeof(buf)), 16);
	assert_string_equal(buf, "A000000020000000");
	assert_true(parse_ok("a084000020000000") == UINT64_C(0x0000210500000004));
	/* Each bit of each half lands where LSB-first puts it. */
	for (int bit = 0; bit < 64; bit++) {
		uint64_t x = UINT64_C(1) << bit;
		int half = bit >= 32 ? 0 : 1, b = bit % 32, digit = half * 8 + b / 4;
		static const char nib[] = "8421";
		char want[17];

		memset(want, '0', 16);
		want[16] = '\0';
		want[digit] = nib[b % 4];
		assert_int_equal(smgw_fnn_format(x, buf, sizeof(buf)), 16);
		assert_string_equal(buf, want);
		assert_true(parse_ok(buf) == x);
	}
	assert_int_equal(smgw_fnn_format(w, buf, 16), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_fnn_format(w, NULL, 0), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_fnn_format(w, NULL, 17), SMGW_E_INVAL);
	assert_true(smgw_fnn_make(0x12345678, 0x9abcdef0) == UINT64_C(0x123456789abcdef0));
}

static void test_reject(void **state)
{
	static const char *const bad[] = {
		"", "A00000002000000", "A0000000200000000", "0000010500100504 ", " 000010500100504",
		"A00000002000000G", "0xA0000000200000", "A0000000-2000000", "A000000020000000\n",
		"A0000000 20000000",
	};
	uint64_t w = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (smgw_fnn_parse(bad[i], strlen(bad[i]), &w) != SMGW_E_SYNTAX)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_true(w == 7);
	}
	assert_int_equal(smgw_fnn_parse("A000000020000\0000", 16, &w), SMGW_E_SYNTAX);
	assert_int_equal(smgw_fnn_parse("A000000020000000", 16, NULL), SMGW_E_INVAL);
	assert_int_equal(smgw_fnn_parse(NULL, 16, &w), SMGW_E_INVAL);
}

/* TRuDI's statusFNN/statusPTB pairs (tests/data/core/data-model/statusfnn.txt). */
static void test_trudi_pairs(void **state)
{
	FILE *f = fopen(SMGW_TEST_DATA "/core/data-model/statusfnn.txt", "r");
	char line[256], wire[32], buf[17];
	unsigned long long word;
	int ptb, valid, count = 0;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		uint64_t w;

		if (line[0] == '#' || sscanf(line, "%31s %d %llx %d", wire, &ptb, &word, &valid) != 4)
			continue;
		w = parse_ok(wire);
		assert_true(w == (uint64_t)word);
		assert_int_equal(smgw_fnn_to_ptb(w), ptb);
		assert_int_equal(smgw_fnn_check(w, NULL), valid ? 0 : SMGW_E_RANGE);
		assert_int_equal(smgw_fnn_format(w, buf, sizeof(buf)), 16);
		assert_string_equal(buf, wire);
		count++;
	}
	fclose(f);
	assert_int_equal(count, 6);
}

static void test_ptb(void **state)
{
	const uint32_t gi = SMGW_FNN_GW_IDENT, bi = SMGW_FNN_BZ_IDENT;

	(void)state;
	assert_int_equal(smgw_fnn_to_ptb(smgw_fnn_make(gi, bi)), SMGW_PTB_OK);
	assert_int_equal(smgw_fnn_to_ptb(0), SMGW_PTB_OK);
	assert_int_equal(smgw_fnn_to_ptb(smgw_fnn_make(gi | SMGW_FNN_GW_PTB_WARNING, bi)), 1);
	assert_int_equal(smgw_fnn_to_ptb(smgw_fnn_make(gi | SMGW_FNN_GW_PTB_TEMP_SIGNED_INVALID, bi)), 2);
	assert_int_equal(smgw_fnn_to_ptb(smgw_fnn_make(gi | SMGW_FNN_GW_PTB_TEMP_INVALID, bi)), 3);
	assert_int_equal(smgw_fnn_to_ptb(smgw_fnn_make(gi | SMGW_FNN_GW_TIME_INVALID, bi)), 3);
	assert_int_equal(smgw_fnn_to_ptb(smgw_fnn_make(gi, bi | SMGW_FNN_BZ_MANIPULATION)), 3);
	assert_int_equal(smgw_fnn_to_ptb(smgw_fnn_make(gi, bi | SMGW_FNN_BZ_MAGNETIC)), 3);
	assert_int_equal(smgw_fnn_to_ptb(smgw_fnn_make(gi | SMGW_FNN_GW_FATAL_ERROR, bi)), 4);
	assert_int_equal(smgw_fnn_to_ptb(smgw_fnn_make(gi, bi | SMGW_FNN_BZ_FATAL_ERROR)), 4);
	/* The highest rule wins. */
	assert_int_equal(smgw_fnn_to_ptb(smgw_fnn_make(gi | SMGW_FNN_GW_PTB_WARNING | SMGW_FNN_GW_PTB_TEMP_SIGNED_INVALID, bi)), 2);
	assert_int_equal(smgw_fnn_to_ptb(smgw_fnn_make(gi | SMGW_FNN_GW_PTB_WARNING, bi | SMGW_FNN_BZ_FATAL_ERROR)), 4);
	assert_int_equal(smgw_fnn_to_ptb(UINT64_MAX), 4);
	/* Bits without a PTB meaning. */
	assert_int_equal(smgw_fnn_to_ptb(smgw_fnn_make(gi | SMGW_FNN_GW_TRANSPARENCY,
				bi | SMGW_FNN_BZ_STARTUP | SMGW_FNN_BZ_SUM_NEGATIVE | SMGW_FNN_BZ_L1_NEGATIVE |
				SMGW_FNN_BZ_L2_NEGATIVE | SMGW_FNN_BZ_L3_NEGATIVE | SMGW_FNN_BZ_PHASE_SEQUENCE |
				SMGW_FNN_BZ_BACKSTOP | SMGW_FNN_BZ_VOLTAGE_L1 | SMGW_FNN_BZ_VOLTAGE_L2 |
				SMGW_FNN_BZ_VOLTAGE_L3)), 0);

	assert_string_equal(smgw_ptb_status_name(0), "no error");
	assert_string_equal(smgw_ptb_status_name(3), "critical error");
	assert_string_equal(smgw_ptb_status_name(4), "fatal error");
	assert_null(smgw_ptb_status_name(5));
	assert_null(smgw_ptb_status_name(-1));
}

static void test_check(void **state)
{
	struct smgw_diag d = SMGW_DIAG_INIT;

	(void)state;
	assert_int_equal(smgw_fnn_check(UINT64_C(0x0000000500000004), NULL), 0);
	assert_int_equal(smgw_fnn_check(smgw_fnn_make(0x7307, 0x1fff04), NULL), 0);
	assert_int_equal(smgw_fnn_check(smgw_fnn_make(0x0004, 0x04), &d), SMGW_E_RANGE);
	assert_non_null(strstr(d.message, "identification"));
	assert_int_equal(smgw_fnn_check(smgw_fnn_make(0x0005, 0x00), &d), SMGW_E_RANGE);
	assert_non_null(strstr(d.message, "meter"));
	assert_int_equal(smgw_fnn_check(smgw_fnn_make(0x0005 | 0x8000, 0x04), &d), SMGW_E_RANGE);
	assert_non_null(strstr(d.message, "reserved"));
	assert_int_equal(smgw_fnn_check(smgw_fnn_make(0x0005, 0x04 | 0x200000), &d), SMGW_E_RANGE);
	assert_int_equal(d.code, SMGW_E_RANGE);
}

static void test_describe(void **state)
{
	char buf[SMGW_FNN_DESCRIBE_LEN];
	const uint32_t gi = SMGW_FNN_GW_IDENT, bi = SMGW_FNN_BZ_IDENT;
	int n;

	(void)state;
	n = smgw_fnn_describe(smgw_fnn_make(gi, bi), buf, sizeof(buf));
	assert_string_equal(buf, "SMGW: no flags; meter: no flags");
	assert_int_equal(n, strlen(buf));
	smgw_fnn_describe(smgw_fnn_make(gi | SMGW_FNN_GW_FATAL_ERROR | SMGW_FNN_GW_TIME_INVALID,
					bi | SMGW_FNN_BZ_MANIPULATION), buf, sizeof(buf));
	assert_string_equal(buf, "SMGW: fatal error, system time invalid; meter: manipulation");
	smgw_fnn_describe(smgw_fnn_make(0, bi | 0x80000000u), buf, sizeof(buf));
	assert_string_equal(buf, "SMGW: identification pattern missing; meter: reserved bits 0x80000000");
	/* Everything set: the longest text fits SMGW_FNN_DESCRIBE_LEN. */
	n = smgw_fnn_describe(smgw_fnn_make(0xfffffffau, 0xfffffffbu), buf, sizeof(buf));
	assert_true(n > 0 && n < SMGW_FNN_DESCRIBE_LEN);
	assert_int_equal(n, strlen(buf));
	/* Truncation: NUL-terminated prefix, BUFSIZE. */
	{
		char full[SMGW_FNN_DESCRIBE_LEN], small[20];

		smgw_fnn_describe(UINT64_MAX, full, sizeof(full));
		assert_int_equal(smgw_fnn_describe(UINT64_MAX, small, sizeof(small)), SMGW_E_BUFSIZE);
		assert_int_equal(strlen(small), sizeof(small) - 1);
		assert_memory_equal(small, full, sizeof(small) - 1);
	}
	assert_int_equal(smgw_fnn_describe(0, NULL, 0), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_fnn_describe(0, NULL, 4), SMGW_E_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wire),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_trudi_pairs),
		cmocka_unit_test(test_ptb),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
