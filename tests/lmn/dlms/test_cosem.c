/* SPDX-License-Identifier: Apache-2.0 */
/*
 * COSEM classes to measured values: registers of the TINETZ Kaifa push
 * (fneur, values as the worked example lists them), the pwitab profile
 * buffers with their capture objects (rows, times from the capture period,
 * status), Extended and Demand Register, Clock, Data; wrong types refused.
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
#include <smgw/cosem.h>
#include <smgw/dlms.h>
#include <smgw/obis.h>

#include "dlms-test-util.h"

#define PW "pwitab-dlms-cosem/"

static uint8_t buf[4096], enc[4096];

struct rows {
	struct smgw_value v[64];
	int n;
};

static int collect(void *ud, const struct smgw_value *v)
{
	struct rows *r = ud;
	if (r->n < 64)
		r->v[r->n++] = *v;
	return 0;
}

static void obis_is(const struct smgw_value *v, const char *text)
{
	char s[SMGW_OBIS_STRLEN];
	smgw_obis_format(&v->obis, s, sizeof(s));
	assert_string_equal(s, text);
}

/* The registers of the TINETZ push, read as GET would return their attributes. */
static void test_registers_tinetz(void **state)
{
	static const struct {
		const char *obis;
		int64_t raw;
		int8_t scaler;
		uint8_t unit;
	} want[] = {
		{ "1-0:32.7.0*255", 2308, -1, 35 }, { "1-0:31.7.0*255", 0, -2, 33 }, { "1-0:1.7.0*255", 0, 0, 27 },
		{ "1-0:2.7.0*255", 0, 0, 27 },      { "1-0:1.8.0*255", 9108, 0, 30 }, { "1-0:2.8.0*255", 0, 0, 30 },
		{ "1-0:3.8.0*255", 96, 0, 32 },     { "1-0:4.8.0*255", 9, 0, 32 },
	};
	struct smgw_dlms_apdu a;
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it;
	size_t n;
	int k = 0, e;

	(void)state;
	n = load_hex("fneur-smart-meter-tirol/tinetz_kaifa_ma309_example.plain.hex", buf, sizeof(buf));
	assert_int_equal(smgw_dlms_apdu_parse(buf, n, &a, NULL), 0);
	/* the body: structure of clock, two ids, then structure{OBIS, value, scaler_unit} per register */
	smgw_axdr_cursor_init(&c, a.data, a.data_len, 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.count, 12);
	while ((e = smgw_axdr_next(&c, &it)) == 1) {
		struct smgw_cosem_object o;
		struct smgw_axdr_item name, val;
		struct smgw_value v;
		size_t vstart, vend;

		if (it.depth != 1 || it.tag != SMGW_AXDR_STRUCTURE)
			continue;
		if (it.count != 3) {
			assert_int_equal(smgw_axdr_skip(&c, &it), 0);
			continue;
		}
		assert_int_equal(smgw_axdr_next(&c, &name), 1);
		vstart = c.pos;
		assert_int_equal(smgw_axdr_next(&c, &val), 1);
		vend = c.pos;
		memset(&o, 0, sizeof(o));
		o.class_id = SMGW_COSEM_REGISTER;
		memcpy(o.logical_name, name.data, 6);
		o.value = a.data + vstart;
		o.value_len = (uint32_t)(vend - vstart);
		o.scaler_unit = a.data + vend;
		o.scaler_unit_len = 6;
		assert_int_equal(smgw_cosem_object_value(&o, 0, &v, NULL), 0);
		obis_is(&v, want[k].obis);
		assert_int_equal(v.value, want[k].raw);
		assert_int_equal(v.scaler, want[k].scaler);
		assert_int_equal(v.unit, want[k].unit);
		assert_true(v.flags & SMGW_VALUE_HAS_UNIT);
		/* the same object without its scaler_unit is incomplete; as Data it is a bare number */
		o.scaler_unit = NULL;
		assert_int_equal(smgw_cosem_object_value(&o, 0, &v, NULL), SMGW_E_NOTFOUND);
		o.class_id = SMGW_COSEM_DATA;
		assert_int_equal(smgw_cosem_object_value(&o, 0, &v, NULL), 0);
		assert_int_equal(v.value, want[k].raw);
		assert_false(v.flags & SMGW_VALUE_HAS_UNIT);
		assert_int_equal(smgw_axdr_skip(&c, &val), 0);
		k++;
	}
	assert_int_equal(e, 0);
	assert_int_equal(k, 8);
}

static size_t put_datetime(uint8_t *o, const char *file)
{
	char rel[128];
	struct smgw_axdr_writer w;
	uint8_t dt[16];
	size_t n;

	snprintf(rel, sizeof(rel), PW "%s.hex", file);
	assert_int_equal(load_hex(rel, dt, sizeof(dt)), 12);
	smgw_axdr_writer_init(&w, o, 64);
	smgw_axdr_write_bytes(&w, SMGW_AXDR_OCTET_STRING, dt, 12);
	assert_int_equal(smgw_axdr_writer_finish(&w, &n), 0);
	return n;
}

static void test_extended_demand_clock(void **state)
{
	uint8_t value[16], su[16], status[16], when[32];
	struct smgw_cosem_object o;
	struct smgw_value v;
	struct smgw_axdr_writer w;
	struct smgw_diag d = SMGW_DIAG_INIT;
	size_t vn, sn, stn, wn;

	(void)state;
	smgw_axdr_writer_init(&w, value, sizeof(value));
	smgw_axdr_write_int(&w, SMGW_AXDR_DOUBLE_LONG, -1234);
	assert_int_equal(smgw_axdr_writer_finish(&w, &vn), 0);
	smgw_axdr_writer_init(&w, su, sizeof(su));
	smgw_axdr_write_container(&w, SMGW_AXDR_STRUCTURE, 2);
	smgw_axdr_write_int(&w, SMGW_AXDR_INTEGER, -3);
	smgw_axdr_write_int(&w, SMGW_AXDR_ENUM, 27);
	assert_int_equal(smgw_axdr_writer_finish(&w, &sn), 0);
	smgw_axdr_writer_init(&w, status, sizeof(status));
	smgw_axdr_write_bits(&w, (const uint8_t *)"\x80\x40", 10);
	assert_int_equal(smgw_axdr_writer_finish(&w, &stn), 0);
	wn = put_datetime(when, "datetime_1");

	memset(&o, 0, sizeof(o));
	o.class_id = SMGW_COSEM_EXTENDED_REGISTER;
	memcpy(o.logical_name, "\x01\x00\x01\x06\x00\xff", 6);
	o.value = value;
	o.value_len = (uint32_t)vn;
	o.scaler_unit = su;
	o.scaler_unit_len = (uint32_t)sn;
	o.status = status;
	o.status_len = (uint32_t)stn;
	o.capture_time = when;
	o.capture_time_len = (uint32_t)wn;
	assert_int_equal(smgw_cosem_object_value(&o, 0, &v, NULL), 0);
	obis_is(&v, "1-0:1.6.0*255");
	assert_int_equal(v.value, -1234);
	assert_int_equal(v.scaler, -3);
	assert_int_equal(v.unit, 27);
	assert_int_equal(v.status, 0x201); /* bits 1000000001 */
	assert_true(v.flags & SMGW_VALUE_RAW_STATUS);
	assert_int_equal(v.capture_ms, INT64_C(1578265380000));
	assert_true(v.flags & SMGW_VALUE_HAS_CAPTURE_TIME);
	o.class_id = SMGW_COSEM_DEMAND_REGISTER;
	assert_int_equal(smgw_cosem_object_value(&o, 0, &v, NULL), 0);
	assert_int_equal(v.capture_ms, INT64_C(1578265380000));
	/* a capture time without deviation needs the Berlin rule */
	wn = put_datetime(when, "datetime_2");
	o.capture_time_len = (uint32_t)wn;
	assert_int_equal(smgw_cosem_object_value(&o, 0, &v, &d), SMGW_E_DLMS_TIME);
	assert_int_equal(smgw_cosem_object_value(&o, SMGW_COSEM_BERLIN_FALLBACK, &v, NULL), 0);
	assert_int_equal(v.capture_ms, INT64_C(1518390000000));
	/* wrong types */
	o.scaler_unit = value;
	o.scaler_unit_len = (uint32_t)vn;
	assert_int_equal(smgw_cosem_object_value(&o, 0, &v, NULL), SMGW_E_DLMS_TYPE);
	o.scaler_unit = su;
	o.scaler_unit_len = (uint32_t)sn;
	o.value = (const uint8_t *)"\x0a\x03" "abc";
	o.value_len = 5;
	assert_int_equal(smgw_cosem_object_value(&o, 0, &v, &d), SMGW_E_DLMS_TYPE);
	assert_non_null(strstr(d.message, "visible-string"));
	/* floats: exact decimals or refused, never rounded */
	o.capture_time = NULL;
	o.value = (const uint8_t *)"\x17\x43\x66\x80\x00"; /* 230.5 */
	if (smgw_cosem_object_value(&o, 0, &v, &d) != 0)
		fail_msg("%s", d.message);
	assert_int_equal(v.value, 2305);
	assert_int_equal(v.scaler, -1 - 3); /* and the register's scaler */
	o.value = (const uint8_t *)"\x17\x3d\xcc\xcc\xcd"; /* 0.1f = 13421773 * 2^-27: no exact int64 decimal */
	assert_int_equal(smgw_cosem_object_value(&o, 0, &v, &d), SMGW_E_RANGE);
	o.value = (const uint8_t *)"\x17\x7f\xc0\x00\x00"; /* NaN */
	assert_int_equal(smgw_cosem_object_value(&o, 0, &v, NULL), SMGW_E_DLMS_TYPE);
	o.value = (const uint8_t *)"\x18\xbf\xc0\x00\x00\x00\x00\x00\x00"; /* -0.125 */
	o.value_len = 9;
	assert_int_equal(smgw_cosem_object_value(&o, 0, &v, NULL), 0);
	assert_int_equal(v.value, -125);
	assert_int_equal(v.scaler, -3 - 3);
	o.value = (const uint8_t *)"\x18\x41\x2e\x84\x80\x00\x00\x00\x00"; /* 1000000.0 */
	assert_int_equal(smgw_cosem_object_value(&o, 0, &v, NULL), 0);
	assert_int_equal(v.value, 1000000);
	assert_int_equal(v.scaler, -3);
	o.value_len = 5;
	o.value = (const uint8_t *)"\x06\x00\x00";
	o.value_len = 3;
	assert_int_equal(smgw_cosem_object_value(&o, 0, &v, NULL), SMGW_E_TRUNCATED);

	/* Clock */
	memset(&o, 0, sizeof(o));
	o.class_id = SMGW_COSEM_CLOCK;
	memcpy(o.logical_name, "\x00\x00\x01\x00\x00\xff", 6);
	wn = put_datetime(when, "datetime_0");
	o.value = when;
	o.value_len = (uint32_t)wn;
	assert_int_equal(smgw_cosem_object_value(&o, 0, &v, NULL), 0);
	assert_int_equal(v.value, INT64_C(1577829780000));
	assert_int_equal(v.scaler, -3);
	assert_int_equal(v.unit, 7);
	assert_int_equal(v.capture_ms, INT64_C(1577829780000));
	/* the SET of the clock in the pwitab vectors: 2021-01-24 14:48:57.80, deviation -60 */
	{
		struct smgw_dlms_apdu a;
		size_t n = load_hex(PW "set_request_normal_clock.hex", buf, sizeof(buf));
		assert_int_equal(smgw_dlms_apdu_parse(buf, n, &a, NULL), 0);
		o.value = a.data;
		o.value_len = a.data_len;
		assert_int_equal(smgw_cosem_object_value(&o, 0, &v, NULL), 0);
		assert_int_equal(v.value, INT64_C(1611496137800));
	}
	o.class_id = SMGW_COSEM_PROFILE_GENERIC;
	assert_int_equal(smgw_cosem_object_value(&o, 0, &v, NULL), SMGW_E_UNSUPPORTED);
}

static size_t capture_objects(uint8_t *o, size_t cap, const uint16_t *cls, const char (*names)[7], size_t n)
{
	struct smgw_axdr_writer w;
	size_t i, len;

	smgw_axdr_writer_init(&w, o, cap);
	smgw_axdr_write_container(&w, SMGW_AXDR_ARRAY, (uint32_t)n);
	for (i = 0; i < n; i++) {
		smgw_axdr_write_container(&w, SMGW_AXDR_STRUCTURE, 4);
		smgw_axdr_write_int(&w, SMGW_AXDR_LONG_UNSIGNED, cls[i]);
		smgw_axdr_write_bytes(&w, SMGW_AXDR_OCTET_STRING, (const uint8_t *)names[i], 6);
		smgw_axdr_write_int(&w, SMGW_AXDR_INTEGER, 2);
		smgw_axdr_write_int(&w, SMGW_AXDR_LONG_UNSIGNED, 0);
	}
	assert_int_equal(smgw_axdr_writer_finish(&w, &len), 0);
	return len;
}

/* pwitab profile buffer 4x4: capture objects 8/0.0.1.0.0.255/2, 1/0.0.96.10.1.255/2, 3/1.0.1.8.0.255/2, 3/1.0.2.8.0.255/2; period 60 min */
static void test_profile_4x4(void **state)
{
	static const uint16_t cls[4] = { 8, 1, 3, 3 };
	static const char names[4][7] = { "\x00\x00\x01\x00\x00\xff", "\x00\x00\x60\x0a\x01\xff",
					  "\x01\x00\x01\x08\x00\xff", "\x01\x00\x02\x08\x00\xff" };
	struct smgw_cosem_capture_object cols[4];
	struct rows r;
	size_t n, cn, nc;
	int k;

	(void)state;
	cn = capture_objects(enc, sizeof(enc), cls, names, 4);
	assert_int_equal(smgw_cosem_capture_objects(enc, cn, cols, 2, &nc, NULL), SMGW_E_BUFSIZE);
	assert_int_equal(nc, 4);
	assert_int_equal(smgw_cosem_capture_objects(enc, cn, cols, 4, &nc, NULL), 0);
	assert_int_equal(nc, 4);
	assert_int_equal(cols[0].class_id, 8);
	assert_int_equal(cols[2].attribute, 2);
	cols[2].scaler = 0;
	cols[2].unit = 30;
	cols[2].has_unit = 1;
	cols[3] = cols[2];
	memcpy(cols[3].logical_name, names[3], 6);
	n = load_hex(PW "profile_generic_buffer_4x4.hex", buf, sizeof(buf));
	memset(&r, 0, sizeof(r));
	assert_int_equal(smgw_cosem_profile_values(buf, n, cols, 4, 3600, 0, collect, &r, NULL), 8);
	for (k = 0; k < 8; k++) {
		obis_is(&r.v[k], k % 2 ? "1-0:2.8.0*255" : "1-0:1.8.0*255");
		assert_int_equal(r.v[k].value, k % 2 ? 1620 : 1517);
		assert_int_equal(r.v[k].unit, 30);
		assert_int_equal(r.v[k].status, 6);
		assert_true(r.v[k].flags & SMGW_VALUE_HAS_STATUS);
		/* row 0: 2019-12-31 23:00 deviation -60 = 22:00 UTC; the next rows one capture period later */
		assert_int_equal(r.v[k].capture_ms, INT64_C(1577829600000) + (k / 2) * INT64_C(3600000));
	}
	/* without a capture period the rows with null-data times have no time */
	memset(&r, 0, sizeof(r));
	assert_int_equal(smgw_cosem_profile_values(buf, n, cols, 4, 0, 0, collect, &r, NULL), 8);
	assert_true(r.v[0].flags & SMGW_VALUE_HAS_CAPTURE_TIME);
	assert_false(r.v[2].flags & SMGW_VALUE_HAS_CAPTURE_TIME);
	/* column 3 as the capture time attribute (5) of an Extended Register: not a value */
	cols[3].class_id = SMGW_COSEM_EXTENDED_REGISTER;
	cols[3].attribute = 5;
	memset(&r, 0, sizeof(r));
	assert_int_equal(smgw_cosem_profile_values(buf, n, cols, 4, 3600, 0, collect, &r, NULL), 4);
	cols[3].attribute = 2;
	cols[3].class_id = SMGW_COSEM_REGISTER;
	/* a column count that does not match the rows */
	assert_int_equal(smgw_cosem_profile_values(buf, n, cols, 3, 3600, 0, collect, &r, NULL), SMGW_E_DLMS_TYPE);
	/* every prefix refused */
	for (size_t p = 0; p < n; p++)
		assert_true(smgw_cosem_profile_values(buf, p, cols, 4, 3600, 0, collect, &r, NULL) < 0);
}

/* pwitab profile buffer array(24) of {date-time without deviation, unsigned, double-long-unsigned}, hourly. */
static void test_profile_24x3(void **state)
{
	static const uint16_t cls[3] = { 8, 1, 3 };
	static const char names[3][7] = { "\x00\x00\x01\x00\x00\xff", "\x00\x00\x60\x0a\x01\xff",
					  "\x01\x00\x01\x08\x00\xff" };
	struct smgw_cosem_capture_object cols[3];
	struct smgw_diag d = SMGW_DIAG_INIT;
	struct rows r;
	size_t n, cn, nc;
	int k;

	(void)state;
	cn = capture_objects(enc, sizeof(enc), cls, names, 3);
	assert_int_equal(smgw_cosem_capture_objects(enc, cn, cols, 3, &nc, NULL), 0);
	n = load_hex(PW "u9n_axdr_array24_structure3.hex", buf, sizeof(buf));
	memset(&r, 0, sizeof(r));
	assert_int_equal(smgw_cosem_profile_values(buf, n, cols, 3, 3600, 0, collect, &r, &d), SMGW_E_DLMS_TIME);
	memset(&r, 0, sizeof(r));
	assert_int_equal(smgw_cosem_profile_values(buf, n, cols, 3, 3600, SMGW_COSEM_BERLIN_FALLBACK, collect, &r, NULL),
			 24);
	assert_int_equal(r.v[0].value, 100000);
	assert_int_equal(r.v[23].value, 109568);
	for (k = 0; k < 24; k++) {
		obis_is(&r.v[k], "1-0:1.8.0*255");
		assert_int_equal(r.v[k].capture_ms, INT64_C(1518390000000) + k * INT64_C(3600000));
		assert_int_equal(r.v[k].status, 0);
	}
	/* capture objects of the wrong shape */
	assert_int_equal(smgw_cosem_capture_objects(buf, n, cols, 3, &nc, NULL), SMGW_E_DLMS_TYPE);
}

/* u9n: the GET-with-list of 1/0.0.42.0.0.255/2 and 8/0.0.1.0.0.255/2 and its response (a string and the clock). */
static void test_list_values(void **state)
{
	static uint8_t rq[256], rs[256], items_q[128], items_s[128];
	struct smgw_dlms_apdu q, r;
	struct smgw_axdr_writer w;
	struct rows out;
	size_t nq, ns, n;

	(void)state;
	nq = load_hex(PW "u9n_get_request_with_list.hex", rq, sizeof(rq));
	ns = load_hex(PW "u9n_get_response_with_list_octet_strings.hex", rs, sizeof(rs));
	assert_int_equal(smgw_dlms_apdu_parse(rq, nq, &q, NULL), 0);
	assert_int_equal(smgw_dlms_apdu_parse(rs, ns, &r, NULL), 0);
	memset(&out, 0, sizeof(out));
	assert_int_equal(smgw_cosem_list_values(&q, &r, 0, collect, &out, NULL), 1); /* the string is not a value */
	obis_is(&out.v[0], "0-0:1.0.0*255");
	/* 2021-06-03 14:09:23 deviation -60 = 13:09:23 UTC */
	assert_int_equal(out.v[0].capture_ms, INT64_C(1622725763000));
	assert_int_equal(smgw_cosem_list_values(&r, &q, 0, collect, &out, NULL), SMGW_E_DLMS_APDU);

	/* a register read as value (2) and scaler_unit (3) in one list, and a register without its scaler_unit */
	{
		static const uint8_t desc[3][10] = {
			{ 0x00, 0x03, 0x01, 0x00, 0x01, 0x08, 0x00, 0xff, 0x02, 0x00 },
			{ 0x00, 0x03, 0x01, 0x00, 0x01, 0x08, 0x00, 0xff, 0x03, 0x00 },
			{ 0x00, 0x03, 0x01, 0x00, 0x02, 0x08, 0x00, 0xff, 0x02, 0x00 },
		};
		memcpy(items_q, desc, sizeof(desc));
		memset(&q, 0, sizeof(q));
		q.tag = SMGW_DLMS_GET_REQUEST;
		q.choice = SMGW_DLMS_WITH_LIST;
		q.invoke = 0xc1;
		q.count = 3;
		q.data = items_q;
		q.data_len = sizeof(desc);
		smgw_axdr_writer_init(&w, items_s, sizeof(items_s));
		/* Get-Data-Result 00 + Data, three times */
		smgw_writer_u8(&w.w, 0);
		smgw_axdr_write_int(&w, SMGW_AXDR_DOUBLE_LONG_UNSIGNED, 9108);
		smgw_writer_u8(&w.w, 0);
		smgw_axdr_write_container(&w, SMGW_AXDR_STRUCTURE, 2);
		smgw_axdr_write_int(&w, SMGW_AXDR_INTEGER, 0);
		smgw_axdr_write_int(&w, SMGW_AXDR_ENUM, 30);
		smgw_writer_u8(&w.w, 0);
		smgw_axdr_write_int(&w, SMGW_AXDR_DOUBLE_LONG_UNSIGNED, 7);
		assert_int_equal(smgw_axdr_writer_finish(&w, &n), 0);
		memset(&r, 0, sizeof(r));
		r.tag = SMGW_DLMS_GET_RESPONSE;
		r.choice = SMGW_DLMS_WITH_LIST;
		r.invoke = 0xc1;
		r.count = 3;
		r.data = items_s;
		r.data_len = (uint32_t)n;
		/* through the encoders and parsers, as on the wire */
		assert_int_equal(smgw_dlms_apdu_encode(&q, rq, sizeof(rq), &nq), 0);
		assert_int_equal(smgw_dlms_apdu_encode(&r, rs, sizeof(rs), &ns), 0);
		assert_int_equal(smgw_dlms_apdu_parse(rq, nq, &q, NULL), 0);
		assert_int_equal(smgw_dlms_apdu_parse(rs, ns, &r, NULL), 0);
		memset(&out, 0, sizeof(out));
		assert_int_equal(smgw_cosem_list_values(&q, &r, 0, collect, &out, NULL), 1);
		obis_is(&out.v[0], "1-0:1.8.0*255");
		assert_int_equal(out.v[0].value, 9108);
		assert_int_equal(out.v[0].unit, 30);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registers_tinetz),
		cmocka_unit_test(test_extended_demand_clock),
		cmocka_unit_test(test_profile_4x4),
		cmocka_unit_test(test_profile_24x3),
		cmocka_unit_test(test_list_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
