/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A-XDR encoder: values built from their fields give the real encodings of
 * the pwitab/u9n vectors byte for byte; every vector re-encodes through the
 * cursor unchanged; size query, range, nesting and container accounting;
 * compact-array elements by the rule of IEC 62056-6-2 (type description,
 * packed contents); COSEM date-time to UTC.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smgw/axdr.h>

#include "dlms-test-util.h"

#define PW "pwitab-dlms-cosem/"

static uint8_t buf[4096], out[4096];

static size_t pw(const char *name)
{
	char rel[256];
	snprintf(rel, sizeof(rel), PW "%s.hex", name);
	return load_hex(rel, buf, sizeof(buf));
}

static size_t finish(struct smgw_axdr_writer *w)
{
	size_t n = 0;
	int e = smgw_axdr_writer_finish(w, &n);
	if (e != 0)
		fail_msg("finish: %s", smgw_strerror_name(e));
	return n;
}

/* Walks the data with the cursor and writes every item again. */
static size_t recode(const uint8_t *p, size_t len, uint32_t top, uint8_t *o, size_t cap, int *ret_e)
{
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it;
	struct smgw_axdr_writer w;
	size_t n = 0;
	int e;

	smgw_axdr_cursor_init(&c, p, len, top);
	smgw_axdr_writer_init(&w, o, cap);
	while ((e = smgw_axdr_next(&c, &it)) == 1)
		smgw_axdr_write_item(&w, &it, p, len);
	assert_int_equal(e, 0);
	*ret_e = smgw_axdr_writer_finish(&w, &n);
	return n;
}

static void test_recode_vectors(void **state)
{
	static const struct {
		const char *name;
		size_t skip;
		uint32_t top;
	} v[] = {
		{ "axdr_gsm_cell_info_structure7", 0, 1 }, { "axdr_lte_qos_structure5", 0, 1 },
		{ "axdr_profile_buffer_24x3", 1, 1 },     { "u9n_axdr_array24_structure3", 0, 1 },
		{ "u9n_axdr_structure7_then_structure5", 0, 0 }, { "profile_generic_buffer_4x4", 0, 1 },
		{ "u9n_kamstrup_han_notification_body", 0, 1 }, { "u9n_visible_string_Kamstrup_V0001", 0, 1 },
		{ "u9n_visible_string_5706567196382485", 0, 1 }, { "u9n_visible_string_6841131BN143101090", 0, 1 },
		{ "selective_access_capture_object", 0, 1 }, { "selective_access_range_descriptor", 1, 1 },
	};
	size_t i, n, m, q;
	int e;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		n = pw(v[i].name);
		m = recode(buf + v[i].skip, n - v[i].skip, v[i].top, out, sizeof(out), &e);
		if (e != 0)
			fail_msg("%s: %s", v[i].name, smgw_strerror_name(e));
		assert_int_equal(m, n - v[i].skip);
		assert_memory_equal(out, buf + v[i].skip, m);
		q = recode(buf + v[i].skip, n - v[i].skip, v[i].top, NULL, 0, &e);
		assert_int_equal(e, SMGW_E_BUFSIZE);
		assert_int_equal(q, m);
	}
}

/* Values written from their fields give the vectors' bytes. */
static void test_from_fields(void **state)
{
	struct smgw_axdr_writer w;
	size_t n, m;

	(void)state;
	/* LTE QoS: structure{T3402 720, T3412 3240, RSRQ 18, RSRP 30, qRxlevMin -64} */
	n = pw("axdr_lte_qos_structure5");
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_container(&w, SMGW_AXDR_STRUCTURE, 5);
	smgw_axdr_write_int(&w, SMGW_AXDR_LONG_UNSIGNED, 720);
	smgw_axdr_write_int(&w, SMGW_AXDR_LONG_UNSIGNED, 3240);
	smgw_axdr_write_int(&w, SMGW_AXDR_UNSIGNED, 18);
	smgw_axdr_write_uint(&w, SMGW_AXDR_UNSIGNED, 30);
	smgw_axdr_write_int(&w, SMGW_AXDR_INTEGER, -64);
	m = finish(&w);
	assert_int_equal(m, n);
	assert_memory_equal(out, buf, n);

	/* GSM cell info: structure of seven zeros of the listed types */
	n = pw("axdr_gsm_cell_info_structure7");
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_container(&w, SMGW_AXDR_STRUCTURE, 7);
	smgw_axdr_write_int(&w, SMGW_AXDR_DOUBLE_LONG_UNSIGNED, 0);
	smgw_axdr_write_int(&w, SMGW_AXDR_LONG_UNSIGNED, 0);
	smgw_axdr_write_int(&w, SMGW_AXDR_UNSIGNED, 0);
	smgw_axdr_write_int(&w, SMGW_AXDR_UNSIGNED, 0);
	smgw_axdr_write_int(&w, SMGW_AXDR_LONG_UNSIGNED, 0);
	smgw_axdr_write_int(&w, SMGW_AXDR_LONG_UNSIGNED, 0);
	smgw_axdr_write_int(&w, SMGW_AXDR_LONG_UNSIGNED, 0);
	m = finish(&w);
	assert_int_equal(m, n);
	assert_memory_equal(out, buf, n);

	/* visible-strings */
	n = pw("u9n_visible_string_Kamstrup_V0001");
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_bytes(&w, SMGW_AXDR_VISIBLE_STRING, (const uint8_t *)"Kamstrup_V0001", 14);
	m = finish(&w);
	assert_int_equal(m, n);
	assert_memory_equal(out, buf, n);
	n = pw("u9n_visible_string_6841131BN143101090");
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_bytes(&w, SMGW_AXDR_VISIBLE_STRING, (const uint8_t *)"6841131BN143101090", 18);
	m = finish(&w);
	assert_memory_equal(out, buf, n);

	/* capture_object_definition {class 8, 0.0.1.0.0.255, attribute 2, data index 0} */
	n = pw("selective_access_capture_object");
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_container(&w, SMGW_AXDR_STRUCTURE, 4);
	smgw_axdr_write_int(&w, SMGW_AXDR_LONG_UNSIGNED, 8);
	smgw_axdr_write_bytes(&w, SMGW_AXDR_OCTET_STRING, (const uint8_t *)"\x00\x00\x01\x00\x00\xff", 6);
	smgw_axdr_write_int(&w, SMGW_AXDR_INTEGER, 2);
	smgw_axdr_write_int(&w, SMGW_AXDR_LONG_UNSIGNED, 0);
	m = finish(&w);
	assert_int_equal(m, n);
	assert_memory_equal(out, buf, n);

	/* lengths */
	{
		struct smgw_writer bw;
		uint8_t l[8];
		uint32_t len;
		size_t used;

		n = pw("axdr_length_820F0F");
		assert_int_equal(smgw_axdr_length(buf, n, &len, &used), 0);
		assert_int_equal(len, 3855);
		assert_int_equal(used, 3);
		smgw_writer_init(&bw, l, sizeof(l));
		smgw_axdr_write_length(&bw, 3855);
		assert_int_equal(bw.pos, 3);
		assert_memory_equal(l, buf, 3);
		n = pw("axdr_length_09");
		smgw_writer_init(&bw, l, sizeof(l));
		smgw_axdr_write_length(&bw, 9);
		assert_int_equal(bw.pos, 1);
		assert_memory_equal(l, buf, 1);
		smgw_writer_init(&bw, l, sizeof(l));
		smgw_axdr_write_length(&bw, 128);
		smgw_axdr_write_length(&bw, 0x1000000);
		assert_int_equal(bw.pos, 2 + 5);
		assert_memory_equal(l, "\x81\x80\x84\x01\x00\x00\x00", 7);
	}
}

/* Every type once, read back with the cursor. */
static void test_every_type(void **state)
{
	static const uint8_t dt[12] = { 0x07, 0xe5, 0x03, 0x17, 0x02, 0x13, 0x1a, 0x3a, 0xff, 0x80, 0x00, 0x00 };
	struct smgw_axdr_writer w;
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it;
	size_t n;
	double d;
	float f;

	(void)state;
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_container(&w, SMGW_AXDR_ARRAY, 26);
	smgw_axdr_write_null(&w);
	smgw_axdr_write_int(&w, SMGW_AXDR_BOOLEAN, 1);
	smgw_axdr_write_bits(&w, (const uint8_t *)"\xa0", 3);
	smgw_axdr_write_int(&w, SMGW_AXDR_DOUBLE_LONG, INT32_MIN);
	smgw_axdr_write_uint(&w, SMGW_AXDR_DOUBLE_LONG_UNSIGNED, UINT32_MAX);
	smgw_axdr_write_bytes(&w, SMGW_AXDR_OCTET_STRING, (const uint8_t *)"\x01\x00\x01\x08\x00\xff", 6);
	smgw_axdr_write_bytes(&w, SMGW_AXDR_VISIBLE_STRING, (const uint8_t *)"KFM_001", 7);
	smgw_axdr_write_bytes(&w, SMGW_AXDR_UTF8_STRING, (const uint8_t *)"\xc3\xa4", 2);
	smgw_axdr_write_int(&w, SMGW_AXDR_BCD, 0x42);
	smgw_axdr_write_int(&w, SMGW_AXDR_INTEGER, -128);
	smgw_axdr_write_int(&w, SMGW_AXDR_LONG, -32768);
	smgw_axdr_write_int(&w, SMGW_AXDR_UNSIGNED, 255);
	smgw_axdr_write_int(&w, SMGW_AXDR_LONG_UNSIGNED, 65535);
	smgw_axdr_write_compact(&w, (const uint8_t *)"\x11", 1, (const uint8_t *)"\x01\x02\x03", 3);
	smgw_axdr_write_int(&w, SMGW_AXDR_LONG64, INT64_MIN);
	smgw_axdr_write_uint(&w, SMGW_AXDR_LONG64_UNSIGNED, UINT64_MAX);
	smgw_axdr_write_int(&w, SMGW_AXDR_ENUM, 30);
	smgw_axdr_write_float(&w, SMGW_AXDR_FLOAT32, 230.5);
	smgw_axdr_write_float(&w, SMGW_AXDR_FLOAT64, -0.125);
	smgw_axdr_write_bytes(&w, SMGW_AXDR_DATE_TIME, dt, 12);
	smgw_axdr_write_bytes(&w, SMGW_AXDR_DATE, dt, 5);
	smgw_axdr_write_bytes(&w, SMGW_AXDR_TIME, dt + 5, 4);
	smgw_axdr_write_int(&w, SMGW_AXDR_DELTA_INTEGER, -1);
	smgw_axdr_write_int(&w, SMGW_AXDR_DELTA_LONG, -2);
	smgw_axdr_write_int(&w, SMGW_AXDR_DELTA_DOUBLE_LONG, -3);
	smgw_axdr_write_uint(&w, SMGW_AXDR_DELTA_DOUBLE_LONG_UNSIGNED, 4);
	n = finish(&w);
	/* the first bytes by the rules of the table */
	assert_memory_equal(out, "\x01\x1a\x00\x03\x01\x04\x03\xa0\x05\x80\x00\x00\x00\x06\xff\xff\xff\xff", 18);
	smgw_axdr_cursor_init(&c, out, n, 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.count, 26);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.tag, SMGW_AXDR_NULL);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.i, 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.count, 3);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.i, INT32_MIN);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.u, UINT32_MAX);
	for (int k = 0; k < 3; k++)
		assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.tag, SMGW_AXDR_BCD);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.i, -128);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.i, -32768);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.i, 65535);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.tag, SMGW_AXDR_COMPACT_ARRAY);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.i, INT64_MIN);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.u, UINT64_MAX);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.u, 0x43668000u); /* 230.5 as IEEE 754 single */
	memcpy(&f, &(uint32_t){ (uint32_t)it.u }, 4);
	assert_true(f == 230.5f);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	memcpy(&d, &it.u, 8);
	assert_true(d == -0.125);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_memory_equal(it.data, dt, 12);
	for (int k = 0; k < 6; k++)
		assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.u, 4);
	assert_int_equal(smgw_axdr_next(&c, &it), 0);
}

static void test_writer_errors(void **state)
{
	struct smgw_axdr_writer w;
	size_t n, cap, need;
	int i;

	(void)state;
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_int(&w, SMGW_AXDR_INTEGER, 128);
	assert_int_equal(smgw_axdr_writer_finish(&w, &n), SMGW_E_RANGE);
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_int(&w, SMGW_AXDR_UNSIGNED, -1);
	assert_int_equal(smgw_axdr_writer_finish(&w, &n), SMGW_E_RANGE);
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_uint(&w, SMGW_AXDR_LONG, 1);
	assert_int_equal(smgw_axdr_writer_finish(&w, &n), SMGW_E_ENCODING);
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_bytes(&w, SMGW_AXDR_DATE_TIME, out, 11);
	assert_int_equal(smgw_axdr_writer_finish(&w, &n), SMGW_E_RANGE);
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_int(&w, SMGW_AXDR_OCTET_STRING, 1);
	assert_int_equal(smgw_axdr_writer_finish(&w, &n), SMGW_E_ENCODING);
	/* a structure that lacks an element */
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_container(&w, SMGW_AXDR_STRUCTURE, 2);
	smgw_axdr_write_null(&w);
	assert_int_equal(smgw_axdr_writer_finish(&w, &n), SMGW_E_STATE);
	/* nesting: 16 levels fit, 17 do not */
	smgw_axdr_writer_init(&w, out, sizeof(out));
	for (i = 0; i < 16; i++)
		smgw_axdr_write_container(&w, SMGW_AXDR_STRUCTURE, 1);
	smgw_axdr_write_null(&w);
	assert_int_equal(smgw_axdr_writer_finish(&w, &n), 0);
	smgw_axdr_writer_init(&w, out, sizeof(out));
	for (i = 0; i < 17; i++)
		smgw_axdr_write_container(&w, SMGW_AXDR_STRUCTURE, 1);
	smgw_axdr_write_null(&w);
	assert_int_equal(smgw_axdr_writer_finish(&w, &n), SMGW_E_LIMIT);
	/* every capacity: BUFSIZE with the size needed, nothing past cap */
	need = pw("u9n_kamstrup_han_notification_body");
	for (cap = 0; cap < need; cap++) {
		memset(out, 0xa5, sizeof(out));
		smgw_axdr_writer_init(&w, out, cap);
		assert_int_equal(smgw_axdr_write_data(&w, buf, need), 0);
		assert_int_equal(smgw_axdr_writer_finish(&w, &n), SMGW_E_BUFSIZE);
		assert_int_equal(n, need);
		assert_int_equal(out[cap], 0xa5);
	}
	/* write_data refuses trailing bytes and bad data */
	smgw_axdr_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_axdr_write_data(&w, (const uint8_t *)"\x11\x01\x00", 3), SMGW_E_DLMS_TRAILING);
	smgw_axdr_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_axdr_write_data(&w, (const uint8_t *)"\x12\x01", 2), SMGW_E_TRUNCATED);
	assert_int_equal(smgw_axdr_writer_finish(&w, &n), SMGW_E_TRUNCATED);
	/* a non-canonical long-form length is written in its shortest form */
	smgw_axdr_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_axdr_write_data(&w, (const uint8_t *)"\x09\x81\x02\xab\xcd", 5), 0);
	n = finish(&w);
	assert_int_equal(n, 4);
	assert_memory_equal(out, "\x09\x02\xab\xcd", 4);
}

/* Compact-array: description `02 02 12 11` (structure{long-unsigned, unsigned}), contents packed without tags. */
static void test_compact_array(void **state)
{
	static const uint8_t ca1[] = { 0x13, 0x02, 0x02, 0x12, 0x11, 0x06, 0x00, 0x01, 0x05, 0x01, 0x00, 0x06 };
	static const uint8_t ca2[] = { 0x13, 0x01, 0x00, 0x02, 0x09, 0x08, 0x01, 0x41, 0x02, 0x42, 0x43, 0x00, 0x01, 0x44 };
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it, x;
	struct smgw_axdr_compact ca;
	struct smgw_axdr_writer w;
	uint8_t bad[sizeof(ca1)];
	size_t n;
	int e;

	(void)state;
	smgw_axdr_cursor_init(&c, ca1, sizeof(ca1), 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.tag, SMGW_AXDR_COMPACT_ARRAY);
	assert_int_equal(it.count, 6);
	assert_int_equal(smgw_axdr_compact_init(&ca, &it, ca1, sizeof(ca1)), 0);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 1);
	assert_int_equal(x.tag, SMGW_AXDR_STRUCTURE);
	assert_int_equal(x.depth, 0);
	assert_int_equal(x.count, 2);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 1);
	assert_int_equal(x.tag, SMGW_AXDR_LONG_UNSIGNED);
	assert_int_equal(x.depth, 1);
	assert_int_equal(x.i, 1);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 1);
	assert_int_equal(x.tag, SMGW_AXDR_UNSIGNED);
	assert_int_equal(x.i, 5);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 1);
	assert_int_equal(x.tag, SMGW_AXDR_STRUCTURE);
	assert_int_equal(x.offset, 3);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 1);
	assert_int_equal(x.i, 256);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 1);
	assert_int_equal(x.i, 6);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 0);
	assert_int_equal(ca.elements, 2);
	/* array(2) of octet-strings as the element; the second element cut short */
	smgw_axdr_cursor_init(&c, ca2, sizeof(ca2), 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.count, 8);
	assert_int_equal(smgw_axdr_compact_init(&ca, &it, ca2, sizeof(ca2)), 0);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 1);
	assert_int_equal(x.tag, SMGW_AXDR_ARRAY);
	assert_int_equal(x.count, 2);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 1);
	assert_int_equal(x.tag, SMGW_AXDR_OCTET_STRING);
	assert_int_equal(x.count, 1);
	assert_memory_equal(x.data, "A", 1);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 1);
	assert_memory_equal(x.data, "BC", 2);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 1);
	assert_int_equal(x.tag, SMGW_AXDR_ARRAY);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 1);
	assert_int_equal(x.count, 0);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 1);
	assert_memory_equal(x.data, "D", 1);
	assert_int_equal(smgw_axdr_compact_next(&ca, &x), 0);
	/* contents that end inside an element */
	memcpy(bad, ca1, sizeof(ca1));
	bad[5] = 5;
	smgw_axdr_cursor_init(&c, bad, sizeof(bad) - 1, 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(smgw_axdr_compact_init(&ca, &it, bad, sizeof(bad) - 1), 0);
	while ((e = smgw_axdr_compact_next(&ca, &x)) == 1)
		;
	assert_int_equal(e, SMGW_E_DLMS_COMPACT);
	/* elements of no size cannot fill contents */
	smgw_axdr_cursor_init(&c, (const uint8_t *)"\x13\x00\x01\x00", 4, 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(smgw_axdr_compact_init(&ca, &it, (const uint8_t *)"\x13\x00\x01\x00", 4), SMGW_E_DLMS_COMPACT);
	/* an empty structure or array in the description (parts of no size) */
	smgw_axdr_cursor_init(&c, (const uint8_t *)"\x13\x02\x02\x11\x02\x00\x01\x05", 8, 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(smgw_axdr_compact_init(&ca, &it, (const uint8_t *)"\x13\x02\x02\x11\x02\x00\x01\x05", 8),
			 SMGW_E_DLMS_COMPACT);
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_compact(&w, (const uint8_t *)"\x01\x00\x00\x11", 4, NULL, 0);
	assert_int_equal(smgw_axdr_writer_finish(&w, &n), SMGW_E_DLMS_COMPACT);
	/* not a compact-array item */
	smgw_axdr_cursor_init(&c, (const uint8_t *)"\x11\x05", 2, 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(smgw_axdr_compact_init(&ca, &it, (const uint8_t *)"\x11\x05", 2), SMGW_E_ENCODING);
	/* writer: the same bytes; refuses contents that do not fit the description */
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_compact(&w, ca1 + 1, 4, ca1 + 6, 6);
	n = finish(&w);
	assert_int_equal(n, sizeof(ca1));
	assert_memory_equal(out, ca1, n);
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_compact(&w, ca1 + 1, 4, ca1 + 6, 5);
	assert_int_equal(smgw_axdr_writer_finish(&w, &n), SMGW_E_DLMS_COMPACT);
	smgw_axdr_writer_init(&w, out, sizeof(out));
	smgw_axdr_write_compact(&w, (const uint8_t *)"\x02\x01\x12\x11", 4, ca1 + 6, 6);
	assert_int_equal(smgw_axdr_writer_finish(&w, &n), SMGW_E_ENCODING); /* description with a byte left over */
}

static void test_datetime(void **state)
{
	static const struct {
		const char *file;
		int64_t ms;
		int16_t deviation;
	} v[] = {
		{ "datetime_0", INT64_C(1577829780000), -120 }, /* 2020-01-01T00:03:00+02:00 */
		{ "datetime_1", INT64_C(1578265380000), -60 },  /* 2020-01-06T00:03:00+01:00 */
	};
	struct smgw_cosem_datetime t;
	uint8_t e[12];
	int64_t ms;
	size_t i, n;

	(void)state;
	for (i = 0; i < 2; i++) {
		n = pw(v[i].file);
		assert_int_equal(smgw_cosem_datetime_parse(buf, n, &t), 0);
		assert_int_equal(t.deviation, v[i].deviation);
		assert_int_equal(smgw_cosem_datetime_to_ms(&t, 0, &ms), 0);
		assert_int_equal(ms, v[i].ms);
		smgw_cosem_datetime_encode(&t, e);
		assert_memory_equal(e, buf, 12);
	}
	/* datetime_2: no deviation; 2018-02-12T00:00:00 local time */
	n = pw("datetime_2");
	assert_int_equal(smgw_cosem_datetime_parse(buf, n, &t), 0);
	assert_int_equal(t.deviation, INT16_MIN);
	assert_int_equal(smgw_cosem_datetime_to_ms(&t, 0, &ms), SMGW_E_DLMS_TIME);
	assert_int_equal(smgw_cosem_datetime_to_ms(&t, 1, &ms), 0);
	assert_int_equal(ms, INT64_C(1518390000000)); /* CET */
	smgw_cosem_datetime_encode(&t, e);
	assert_memory_equal(e, buf, 12);
	/* unspecified hour */
	t.hour = 0xff;
	assert_int_equal(smgw_cosem_datetime_to_ms(&t, 1, &ms), SMGW_E_DLMS_TIME);
	/* the repeated October hour without deviation: the DST bit chooses */
	memset(&t, 0, sizeof(t));
	t.year = 2021;
	t.month = 10;
	t.day = 31;
	t.wday = 0xff;
	t.hour = 2;
	t.minute = 30;
	t.hundredths = 0xff;
	t.deviation = INT16_MIN;
	t.clock_status = 0x80;
	assert_int_equal(smgw_cosem_datetime_to_ms(&t, 1, &ms), 0);
	assert_int_equal(ms, INT64_C(1635640200000)); /* 00:30 UTC */
	t.clock_status = 0;
	assert_int_equal(smgw_cosem_datetime_to_ms(&t, 1, &ms), 0);
	assert_int_equal(ms, INT64_C(1635643800000)); /* 01:30 UTC */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recode_vectors),
		cmocka_unit_test(test_from_fields),
		cmocka_unit_test(test_every_type),
		cmocka_unit_test(test_writer_errors),
		cmocka_unit_test(test_compact_array),
		cmocka_unit_test(test_datetime),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
