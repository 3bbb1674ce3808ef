/* SPDX-License-Identifier: Apache-2.0 */
/* OBIS codes: every text form, strict rejection, formatting, names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smgw/obis.h>

static int parse(const char *s, struct smgw_obis *o)
{
	return smgw_obis_parse(s, strlen(s), o);
}

static void assert_obis(const struct smgw_obis *o, int a, int b, int c, int d, int e, int f)
{
	assert_int_equal(o->a, a);
	assert_int_equal(o->b, b);
	assert_int_equal(o->c, c);
	assert_int_equal(o->d, d);
	assert_int_equal(o->e, e);
	assert_int_equal(o->f, f);
}

static void test_forms(void **state)
{
	struct smgw_obis o;

	(void)state;
	/* Every form of the table in obis.h. */
	assert_int_equal(parse("1-0:1.8.0*255", &o), 0);
	assert_obis(&o, 1, 0, 1, 8, 0, 255);
	assert_int_equal(parse("1-0:1.8.0", &o), 0);
	assert_obis(&o, 1, 0, 1, 8, 0, 255);
	assert_int_equal(parse("1.8.0", &o), 0);
	assert_obis(&o, 1, 0, 1, 8, 0, 255);
	assert_int_equal(parse("1.8.2*3", &o), 0);
	assert_obis(&o, 1, 0, 1, 8, 2, 3);
	assert_int_equal(parse("1.8.2&7", &o), 0);
	assert_obis(&o, 1, 0, 1, 8, 2, 7);
	assert_int_equal(parse("0100010800FF", &o), 0);
	assert_obis(&o, 1, 0, 1, 8, 0, 255);
	assert_int_equal(parse("010001083fff", &o), 0); /* TRuDI supplier file: error register */
	assert_obis(&o, 1, 0, 1, 8, 63, 255);
	assert_int_equal(parse("1-0:1.8.0&255", &o), 0);
	assert_obis(&o, 1, 0, 1, 8, 0, 255);
	assert_int_equal(parse("1-0:1.8.0.255", &o), 0);
	assert_obis(&o, 1, 0, 1, 8, 0, 255);
	assert_int_equal(parse("129-129:199.130.3*255", &o), 0);
	assert_obis(&o, 129, 129, 199, 130, 3, 255);
	assert_int_equal(parse("255-255:255.255.255*255", &o), 0);
	assert_obis(&o, 255, 255, 255, 255, 255, 255);
	assert_int_equal(parse("0-0:0.0.0*0", &o), 0);
	assert_obis(&o, 0, 0, 0, 0, 0, 0);
	/* Leading zeros within three digits. */
	assert_int_equal(parse("001-000:001.008.000*255", &o), 0);
	assert_obis(&o, 1, 0, 1, 8, 0, 255);
	/* Not NUL-terminated: only len bytes count. */
	assert_int_equal(smgw_obis_parse("1.8.0*255XYZ", 9, &o), 0);
	assert_obis(&o, 1, 0, 1, 8, 0, 255);
	/* TRuDI ObisIdTest known answers. */
	assert_int_equal(parse("0100010800ff", &o), 0);
	assert_obis(&o, 1, 0, 1, 8, 0, 255);
}

static void test_reject(void **state)
{
	static const struct {
		const char *text;
		int err;
	} bad[] = {
		{ "", SMGW_E_SYNTAX },
		{ "1", SMGW_E_SYNTAX },
		{ "1.8", SMGW_E_SYNTAX },
		{ "1.8.", SMGW_E_SYNTAX },
		{ ".8.0", SMGW_E_SYNTAX },
		{ "1..0", SMGW_E_SYNTAX },
		{ "1.8.0*", SMGW_E_SYNTAX },
		{ "1.8.0*255 ", SMGW_E_SYNTAX },
		{ " 1.8.0", SMGW_E_SYNTAX },
		{ "1.8.0 *255", SMGW_E_SYNTAX },
		{ "1.8.0x", SMGW_E_SYNTAX },
		{ "1.8.0*255*1", SMGW_E_SYNTAX },
		{ "1.8.0.255", SMGW_E_SYNTAX }, /* '.' before F only after A-B: */
		{ "1-0:1.8.0*255.", SMGW_E_SYNTAX },
		{ "1-0:1.8.0*255*", SMGW_E_SYNTAX },
		{ "1-0:1.8.0:255", SMGW_E_SYNTAX },
		{ "1-0:1.8", SMGW_E_SYNTAX },
		{ "1-0:", SMGW_E_SYNTAX },
		{ "1-:1.8.0", SMGW_E_SYNTAX },
		{ "-0:1.8.0", SMGW_E_SYNTAX },
		{ "1-0-1.8.0", SMGW_E_SYNTAX },
		{ "1:0:1.8.0", SMGW_E_SYNTAX },
		{ "+1.8.0", SMGW_E_SYNTAX },
		{ "-1.8.0", SMGW_E_SYNTAX },
		{ "1.-8.0", SMGW_E_SYNTAX },
		{ "1.+8.0", SMGW_E_SYNTAX },
		{ "1-0:1.8.-0", SMGW_E_SYNTAX },
		{ "0001.8.0", SMGW_E_SYNTAX },
		{ "1-0:1.8.0*0255", SMGW_E_SYNTAX },
		{ "1-0:1.8.0*1000", SMGW_E_SYNTAX },
		{ "1-0:C.1.0", SMGW_E_SYNTAX },
		{ "1-0:1,8,0", SMGW_E_SYNTAX },
		{ "1.8.0\n", SMGW_E_SYNTAX },
		{ "0100010800F", SMGW_E_SYNTAX },    /* 11 hex digits */
		{ "0100010800FFF", SMGW_E_SYNTAX },  /* 13 hex digits */
		{ "0100010800FG", SMGW_E_SYNTAX },
		{ "0x0100010800", SMGW_E_SYNTAX },
		{ "01 00 01 08 00", SMGW_E_SYNTAX },
		{ "001-000:001.008.000*2550", SMGW_E_SYNTAX }, /* too long */
		{ "1-0:1.8.0*255aaaaaaaaaaaaaaaaaaaaaa", SMGW_E_SYNTAX },
		{ "256.8.0", SMGW_E_RANGE },
		{ "1.256.0", SMGW_E_RANGE },
		{ "1.8.999", SMGW_E_RANGE },
		{ "1.8.0*256", SMGW_E_RANGE },
		{ "256-0:1.8.0", SMGW_E_RANGE },
		{ "1-300:1.8.0", SMGW_E_RANGE },
		{ "1-0:1.8.0&256", SMGW_E_RANGE },
	};
	struct smgw_obis o = { 9, 9, 9, 9, 9, 9 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int err = parse(bad[i].text, &o);

		if (err != bad[i].err)
			fail_msg("\"%s\": got %d, want %d", bad[i].text, err, bad[i].err);
		/* Output untouched on failure. */
		assert_obis(&o, 9, 9, 9, 9, 9, 9);
	}
	/* An embedded NUL is not a terminator. */
	assert_int_equal(smgw_obis_parse("1.8.0\0*255", 10, &o), SMGW_E_SYNTAX);
	assert_int_equal(smgw_obis_parse("1.8.0", 5, NULL), SMGW_E_INVAL);
	assert_int_equal(smgw_obis_parse(NULL, 5, &o), SMGW_E_INVAL);
	assert_int_equal(smgw_obis_parse(NULL, 0, &o), SMGW_E_SYNTAX);
}

static void test_format(void **state)
{
	struct smgw_obis o = { 1, 0, 1, 8, 0, 255 }, back;
	struct smgw_obis max = { 255, 255, 255, 255, 255, 255 };
	char buf[SMGW_OBIS_STRLEN];
	char hex[SMGW_OBIS_HEXLEN];

	(void)state;
	assert_int_equal(smgw_obis_format(&o, buf, sizeof(buf)), 13);
	assert_string_equal(buf, "1-0:1.8.0*255");
	assert_int_equal(smgw_obis_format(&max, buf, sizeof(buf)), 23);
	assert_string_equal(buf, "255-255:255.255.255*255");
	assert_int_equal(smgw_obis_format(&max, buf, 23), SMGW_E_BUFSIZE);
	assert_string_equal(buf, "");
	assert_int_equal(smgw_obis_format(&o, buf, 14), 13);
	assert_int_equal(smgw_obis_format(&o, buf, 13), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_obis_format(&o, NULL, 0), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_obis_format(NULL, buf, sizeof(buf)), SMGW_E_INVAL);
	assert_int_equal(smgw_obis_format(&o, NULL, 10), SMGW_E_INVAL);

	assert_int_equal(smgw_obis_format_hex(&o, hex, sizeof(hex)), 12);
	assert_string_equal(hex, "0100010800FF");
	assert_int_equal(smgw_obis_format_hex(&o, hex, 12), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_obis_format_hex(NULL, hex, sizeof(hex)), SMGW_E_INVAL);

	/* Every value of every group survives format -> parse. */
	for (unsigned v = 0; v < 256; v++) {
		struct smgw_obis x = { (uint8_t)v, (uint8_t)(255 - v), (uint8_t)v, (uint8_t)(v * 7), (uint8_t)(v * 13), (uint8_t)v };

		assert_true(smgw_obis_format(&x, buf, sizeof(buf)) > 0);
		assert_int_equal(parse(buf, &back), 0);
		assert_int_equal(smgw_obis_cmp(&x, &back), 0);
		assert_int_equal(smgw_obis_format_hex(&x, hex, sizeof(hex)), 12);
		assert_int_equal(parse(hex, &back), 0);
		assert_int_equal(smgw_obis_cmp(&x, &back), 0);
	}
}

/* OBIS codes of real SML captures: 6 wire bytes and their text form. */
static void test_sml_data(void **state)
{
	FILE *f = fopen(SMGW_TEST_DATA "/core/data-model/obis_sml.txt", "r");
	char line[256], hex[32], text[64], buf[SMGW_OBIS_STRLEN];
	int count = 0;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		struct smgw_obis from_hex, from_text, from_bytes;
		uint8_t bytes[6], out[6];
		unsigned i;

		if (line[0] == '#' || sscanf(line, "%31s %63s", hex, text) != 2)
			continue;
		for (i = 0; i < 6; i++) {
			unsigned b;

			assert_int_equal(sscanf(hex + 2 * i, "%2x", &b), 1);
			bytes[i] = (uint8_t)b;
		}
		smgw_obis_from_bytes(bytes, &from_bytes);
		assert_int_equal(parse(hex, &from_hex), 0);
		assert_int_equal(parse(text, &from_text), 0);
		assert_int_equal(smgw_obis_cmp(&from_hex, &from_text), 0);
		assert_int_equal(smgw_obis_cmp(&from_bytes, &from_text), 0);
		smgw_obis_to_bytes(&from_text, out);
		assert_memory_equal(out, bytes, 6);
		assert_true(smgw_obis_format(&from_hex, buf, sizeof(buf)) > 0);
		assert_string_equal(buf, text);
		count++;
	}
	fclose(f);
	assert_true(count >= 10);
}

static void test_cmp_match(void **state)
{
	struct smgw_obis a = { 1, 0, 1, 8, 0, 255 }, b = { 1, 0, 1, 8, 0, 1 }, c = { 1, 0, 1, 8, 1, 255 };
	struct smgw_obis d = { 1, 0, 1, 8, 0, 2 }, e = { 0, 255, 255, 255, 255, 255 };

	(void)state;
	assert_int_equal(smgw_obis_cmp(&a, &a), 0);
	assert_true(smgw_obis_cmp(&b, &a) < 0);
	assert_true(smgw_obis_cmp(&a, &b) > 0);
	assert_true(smgw_obis_cmp(&a, &c) < 0);
	assert_true(smgw_obis_cmp(&e, &a) < 0); /* A compares first */
	assert_true(smgw_obis_cmp(NULL, &a) < 0);
	assert_true(smgw_obis_cmp(&a, NULL) > 0);
	assert_int_equal(smgw_obis_cmp(NULL, NULL), 0);
	assert_int_equal(smgw_obis_match(&a, &b), 1); /* F = 255 on one side */
	assert_int_equal(smgw_obis_match(&b, &a), 1);
	assert_int_equal(smgw_obis_match(&b, &d), 0); /* F 1 vs 2 */
	assert_int_equal(smgw_obis_match(&a, &c), 0); /* E differs */
	assert_int_equal(smgw_obis_match(&a, NULL), 0);
}

static void test_names(void **state)
{
	struct smgw_obis o;

	(void)state;
	assert_int_equal(parse("1-0:1.8.0*255", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Active energy import (+A), total");
	assert_int_equal(parse("1-0:1.8.2", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Active energy import (+A), tariff 2");
	assert_int_equal(parse("1-0:2.8.62", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Active energy export (-A), tariff 62");
	assert_int_equal(parse("1-0:1.8.63", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Active energy import (+A), error register");
	assert_int_equal(parse("1-0:2.8.63*255", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Active energy export (-A), error register");
	assert_int_equal(parse("1-0:1.8.64", &o), 0);
	assert_null(smgw_obis_name(&o));
	assert_int_equal(parse("1-0:1.8.0*99", &o), 0); /* historical value: same quantity */
	assert_string_equal(smgw_obis_name(&o), "Active energy import (+A), total");
	assert_int_equal(parse("1-0:16.7.0", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Active power, sum (+P - -P)");
	assert_int_equal(parse("1-0:1.6.0", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Maximum demand, active power import (+P)");
	assert_int_equal(parse("1-0:1.29.0", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Active energy import (+A) per measurement period");
	assert_int_equal(parse("1-0:52.7.0", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Voltage, L2");
	assert_int_equal(parse("1-0:71.7.0", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Current, L3");
	assert_int_equal(parse("1-0:14.7.0", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Supply frequency");
	assert_int_equal(parse("1-0:0.0.9", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Device id (server id)");
	assert_int_equal(parse("1-0:96.50.1*1", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Manufacturer FLAG id");
	assert_int_equal(parse("129-129:199.130.5", &o), 0);
	assert_string_equal(smgw_obis_name(&o), "Meter public key");
	assert_int_equal(parse("129-0:199.130.5", &o), 0); /* B must be 129 there */
	assert_null(smgw_obis_name(&o));
	assert_int_equal(parse("7-0:3.0.0", &o), 0);
	assert_non_null(smgw_obis_name(&o));
	assert_int_equal(parse("8-0:1.0.0", &o), 0);
	assert_non_null(smgw_obis_name(&o));
	assert_int_equal(parse("6-0:1.0.0", &o), 0);
	assert_non_null(smgw_obis_name(&o));
	assert_int_equal(parse("2-0:1.8.0", &o), 0); /* A = 2 is not electricity */
	assert_null(smgw_obis_name(&o));
	assert_null(smgw_obis_name(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_sml_data),
		cmocka_unit_test(test_cmp_match),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
