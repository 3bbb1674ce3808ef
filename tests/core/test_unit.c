/* SPDX-License-Identifier: Apache-2.0 */
/* DLMS/COSEM unit codes (IEC 62056-6-2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smgw/error.h>
#include <smgw/unit.h>

/*
 * Known answers: the codes SML meters send (lmn.md 1.5: 27 W, 30 Wh, 33 A,
 * 35 V, 44 Hz; EMH CASA HAN JSON the same) and the Blue Book list as
 * independent implementations reproduce it (symbols in ASCII there).
 */
static void test_known(void **state)
{
	static const struct {
		int32_t code;
		const char *symbol;
	} known[] = {
		{ 1, "a" }, { 2, "mo" }, { 3, "wk" }, { 4, "d" }, { 5, "h" }, { 6, "min" }, { 7, "s" },
		{ 8, "\u00b0" }, { 9, "\u00b0C" }, { 11, "m" }, { 12, "m/s" }, { 13, "m\u00b3" },
		{ 14, "m\u00b3" }, { 15, "m\u00b3/h" }, { 17, "m\u00b3/d" }, { 19, "l" }, { 20, "kg" },
		{ 21, "N" }, { 22, "Nm" }, { 23, "Pa" }, { 24, "bar" }, { 25, "J" }, { 26, "J/h" },
		{ 27, "W" }, { 28, "VA" }, { 29, "var" }, { 30, "Wh" }, { 31, "VAh" }, { 32, "varh" },
		{ 33, "A" }, { 34, "C" }, { 35, "V" }, { 36, "V/m" }, { 37, "F" }, { 38, "\u03a9" },
		{ 40, "Wb" }, { 41, "T" }, { 42, "A/m" }, { 43, "H" }, { 44, "Hz" }, { 45, "1/(Wh)" },
		{ 46, "1/(varh)" }, { 47, "1/(VAh)" }, { 48, "V\u00b2h" }, { 49, "A\u00b2h" },
		{ 50, "kg/s" }, { 51, "S" }, { 52, "K" }, { 55, "1/m\u00b3" }, { 56, "%" }, { 57, "Ah" },
		{ 60, "Wh/m\u00b3" }, { 61, "J/m\u00b3" }, { 63, "g/m\u00b3" }, { 64, "Pa s" },
		{ 65, "J/kg" }, { 70, "dBm" }, { 71, "dB\u00b5V" }, { 72, "dB" },
		{ 10, "" }, { 254, "" }, { 255, "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const char *s = smgw_unit_symbol(known[i].code);

		if (!s || strcmp(s, known[i].symbol) != 0)
			fail_msg("unit %d: got \"%s\", want \"%s\"", (int)known[i].code, s ? s : "(null)", known[i].symbol);
		assert_non_null(smgw_unit_name(known[i].code));
	}
	/* The enum constants carry the wire values. */
	assert_int_equal(SMGW_UNIT_WATT, 27);
	assert_int_equal(SMGW_UNIT_WH, 30);
	assert_int_equal(SMGW_UNIT_AMPERE, 33);
	assert_int_equal(SMGW_UNIT_VOLT, 35);
	assert_int_equal(SMGW_UNIT_HERTZ, 44);
	assert_int_equal(SMGW_UNIT_KELVIN, 52);
	assert_int_equal(SMGW_UNIT_PERCENT, 56);
	assert_int_equal(SMGW_UNIT_COUNT, 255);
	assert_string_equal(smgw_unit_name(30), "active energy");
}

static void test_undefined(void **state)
{
	static const int32_t undefined[] = { 0, -1, 58, 59, 68, 69, 73, 127, 128, 200, 252, 256, 1000, INT32_MIN, INT32_MAX };

	(void)state;
	for (size_t i = 0; i < sizeof(undefined) / sizeof(undefined[0]); i++) {
		assert_null(smgw_unit_symbol(undefined[i]));
		assert_null(smgw_unit_name(undefined[i]));
	}
}

static void test_from_symbol(void **state)
{
	(void)state;
	assert_int_equal(smgw_unit_from_symbol("Wh"), 30);
	assert_int_equal(smgw_unit_from_symbol("W"), 27);
	assert_int_equal(smgw_unit_from_symbol("m\u00b3"), 13);
	assert_int_equal(smgw_unit_from_symbol("m3"), 13);
	assert_int_equal(smgw_unit_from_symbol("m3/h"), 15);
	assert_int_equal(smgw_unit_from_symbol("degC"), 9);
	assert_int_equal(smgw_unit_from_symbol("\u00b0C"), 9);
	assert_int_equal(smgw_unit_from_symbol("Ohm"), 38);
	assert_int_equal(smgw_unit_from_symbol("\u03a9"), 38);
	assert_int_equal(smgw_unit_from_symbol("dBuV"), 71);
	assert_int_equal(smgw_unit_from_symbol("wh"), SMGW_E_NOTFOUND); /* case-sensitive */
	assert_int_equal(smgw_unit_from_symbol("kWh"), SMGW_E_NOTFOUND);
	assert_int_equal(smgw_unit_from_symbol(""), SMGW_E_NOTFOUND);
	assert_int_equal(smgw_unit_from_symbol(NULL), SMGW_E_INVAL);
	/* Every defined code with a symbol maps back to a code with the same symbol. */
	for (int32_t c = 1; c < 256; c++) {
		const char *s = smgw_unit_symbol(c);
		int back;

		if (!s || !*s)
			continue;
		back = smgw_unit_from_symbol(s);
		assert_true(back > 0);
		assert_string_equal(smgw_unit_symbol(back), s);
		assert_true(back <= c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_undefined),
		cmocka_unit_test(test_from_symbol),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
