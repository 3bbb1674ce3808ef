/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A-XDR: the data-notifications of real Aidon, Kaifa and Kamstrup meters
 * (amshan captures) walked to the values the amshan tests assert; the
 * malformed-input matrix (every truncation, huge counts and lengths, deep
 * nesting, unknown tags); COSEM date-time.
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
#include <smgw/hdlc.h>
#include <smgw/dlms.h>
#include <smgw/obis.h>

#include "dlms-test-util.h"

/* data-notification: 0f, long-invoke-id-and-priority, date-time in one of
 * three forms seen in real meters (00 / 0c + 12 / 09 0c + 12), then the body. */
static int notification_body(const uint8_t *apdu, size_t len, const uint8_t **body, size_t *body_len)
{
	size_t pos = 5;

	if (len < 6 || apdu[0] != 0x0f)
		return -1;
	if (apdu[pos] == 0x00)
		pos += 1;
	else if (apdu[pos] == 0x0c && len >= pos + 13)
		pos += 13;
	else if (apdu[pos] == 0x09 && len >= pos + 14 && apdu[pos + 1] == 0x0c)
		pos += 14;
	else
		return -1;
	*body = apdu + pos;
	*body_len = len - pos;
	return 0;
}

struct value {
	char obis[32];
	int is_str;
	int64_t i;
	char s[64];
};

/* Values of a push list: scalars in order; a 6-byte octet-string followed by
 * a value is that value's OBIS code; scaler-unit pairs are not values. */
static int collect(const uint8_t *body, size_t len, struct value *v, int max)
{
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it;
	char pending[32] = "";
	int n = 0, e, first = 0;

	smgw_axdr_cursor_init(&c, body, len, 1);
	while ((e = smgw_axdr_next(&c, &it)) == 1 && n < max) {
		if (it.tag == SMGW_AXDR_STRUCTURE && it.count == 2 && c.pos + 4 <= len && body[c.pos] == 0x0f &&
		    body[c.pos + 2] == 0x16) {
			/* scaler-unit of the value before it (COSEM register): value * 10^scaler */
			int8_t scaler = (int8_t)body[c.pos + 1];
			if (n > 0 && !v[n - 1].is_str)
				for (; scaler > 0; scaler--)
					v[n - 1].i *= 10;
			assert_int_equal(smgw_axdr_skip(&c, &it), 0);
			continue;
		}
		if (it.tag == SMGW_AXDR_NULL)
			continue; /* placeholders for absent values (single-phase Kamstrup) */
		if (it.tag == SMGW_AXDR_ARRAY || it.tag == SMGW_AXDR_STRUCTURE) {
			first = it.tag == SMGW_AXDR_STRUCTURE;
			continue;
		}
		/* an OBIS code: the first element of a structure, or a 6-byte
		 * octet-string before a value (flat Kamstrup lists) */
		if (it.tag == SMGW_AXDR_OCTET_STRING && it.count == 6 && c.pos < len &&
		    (first || (body[c.pos] != 0x02 && body[c.pos] != 0x01 &&
			       !(body[c.pos] == 0x09 && c.pos + 1 < len && body[c.pos + 1] == 0x06)))) {
			first = 0;
			snprintf(pending, sizeof(pending), "%u.%u.%u.%u.%u.%u", it.data[0], it.data[1], it.data[2], it.data[3],
				 it.data[4], it.data[5]);
			continue;
		}
		first = 0;
		memset(&v[n], 0, sizeof(v[n]));
		snprintf(v[n].obis, sizeof(v[n].obis), "%s", pending[0] ? pending : "-");
		pending[0] = 0;
		if (it.tag == SMGW_AXDR_VISIBLE_STRING || it.tag == SMGW_AXDR_OCTET_STRING) {
			v[n].is_str = 1;
			snprintf(v[n].s, sizeof(v[n].s), "%.*s", (int)(it.count < 63 ? it.count : 63), (const char *)it.data);
		} else {
			v[n].i = it.i;
		}
		n++;
	}
	assert_true(e == 0 || n == max);
	return n;
}

static void test_real_notifications(void **state)
{
	char line[512], path[512], cur[128] = "";
	struct value vals[64];
	int nvals = 0, checked = 0;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/lmn/dlms/amshan/expected-items.txt", SMGW_TEST_DATA);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char file[128], obis[64], kind[8], value[128];
		int index;

		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "%127[^\t]\t%d\t%63[^\t]\t%7[^\t]\t%127[^\n]", file, &index, obis, kind, value) != 5)
			fail_msg("bad line %s", line);
		if (strcmp(file, cur) != 0) {
			uint8_t pdu[4096];
			const uint8_t *apdu, *body;
			size_t n = load(file, pdu, sizeof(pdu)), alen, blen;

			assert_int_equal(smgw_hdlc_llc(pdu, n, &apdu, &alen), 0);
			assert_int_equal(notification_body(apdu, alen, &body, &blen), 0);
			nvals = collect(body, blen, vals, 64);
			snprintf(cur, sizeof(cur), "%s", file);
		}
		if (index >= nvals)
			fail_msg("%s: item %d missing (%d values)", file, index, nvals);
		if (strcmp(obis, "-") != 0 && strcmp(vals[index].obis, obis) != 0)
			fail_msg("%s item %d: obis %s, want %s", file, index, vals[index].obis, obis);
		if (strcmp(kind, "int") == 0) {
			if (vals[index].is_str || vals[index].i != strtoll(value, NULL, 10))
				fail_msg("%s item %d: %lld, want %s", file, index, (long long)vals[index].i, value);
		} else if (!vals[index].is_str || strcmp(vals[index].s, value) != 0) {
			fail_msg("%s item %d: '%s', want '%s'", file, index, vals[index].s, value);
		}
		checked++;
	}
	fclose(f);
	assert_true(checked >= 130);
}

static void walk_all(const uint8_t *p, size_t n, int *ret_err)
{
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it;
	int e, guard = 0;

	smgw_axdr_cursor_init(&c, p, n, 1);
	while ((e = smgw_axdr_next(&c, &it)) == 1)
		assert_true(++guard < 100000);
	*ret_err = e;
}

static void test_malformed(void **state)
{
	uint8_t pdu[4096], deep[64];
	const uint8_t *apdu, *body;
	size_t n, alen, blen, cut;
	int e, i;

	(void)state;
	n = load("kamstrup_se_list_real_sample.llc.hex", pdu, sizeof(pdu));
	assert_int_equal(smgw_hdlc_llc(pdu, n, &apdu, &alen), 0);
	assert_int_equal(notification_body(apdu, alen, &body, &blen), 0);
	walk_all(body, blen, &e);
	assert_int_equal(e, 0);
	/* every truncation: a clear error, never a read past the end (ASan) */
	for (cut = 0; cut < blen; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		memcpy(copy, body, cut);
		walk_all(copy, cut, &e);
		assert_int_equal(e, SMGW_E_TRUNCATED);
		free(copy);
	}
	/* huge counts and lengths */
	{
		static const uint8_t a[] = { 0x01, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00 };
		static const uint8_t b[] = { 0x09, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x00 };
		static const uint8_t c[] = { 0x0a, 0x85, 0, 0, 0, 0, 1 };
		static const uint8_t d[] = { 0x02, 0x80 };
		static const uint8_t t[] = { 0x07 };
		static const uint8_t z[] = { 0x04, 0x81, 0xff, 0x00 };
		walk_all(a, sizeof(a), &e);
		assert_int_equal(e, SMGW_E_TRUNCATED);
		walk_all(b, sizeof(b), &e);
		assert_int_equal(e, SMGW_E_TRUNCATED);
		walk_all(c, sizeof(c), &e);
		assert_int_equal(e, SMGW_E_ENCODING);
		walk_all(d, sizeof(d), &e);
		assert_int_equal(e, SMGW_E_ENCODING);
		walk_all(t, sizeof(t), &e);
		assert_int_equal(e, SMGW_E_ENCODING);
		walk_all(z, sizeof(z), &e); /* 255 bits need 32 bytes */
		assert_int_equal(e, SMGW_E_TRUNCATED);
	}
	/* nesting deeper than the limit */
	for (i = 0; i < 40; i++) {
		deep[2 * i] = 0x01;
		deep[2 * i + 1] = 0x01;
		if (2 * i + 2 >= (int)sizeof(deep))
			break;
	}
	deep[sizeof(deep) - 1] = 0x00;
	walk_all(deep, sizeof(deep), &e);
	assert_int_equal(e, SMGW_E_LIMIT);
}

static void test_integers_and_datetime(void **state)
{
	static const uint8_t v[] = { 0x02, 0x08, 0x0f, 0xfe, 0x10, 0x80, 0x00, 0x05, 0xff, 0xff, 0xff, 0xfd,
				     0x06, 0xff, 0xff, 0xff, 0xff, 0x14, 0x80, 0, 0, 0, 0, 0, 0, 0,
				     0x15, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x16, 0x1e, 0x03, 0x01,
				     0x19, 0x07, 0xe5, 0x03, 0x17, 0x02, 0x13, 0x1a, 0x3a, 0xff, 0x80, 0x00, 0x00 };
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it;
	struct smgw_cosem_datetime dt;

	(void)state;
	smgw_axdr_cursor_init(&c, v, sizeof(v), 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.tag, SMGW_AXDR_STRUCTURE);
	assert_int_equal(it.count, 8);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.i, -2);
	assert_int_equal(it.depth, 1);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.i, -32768);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.i, -3);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.i, 4294967295LL);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_true(it.i == INT64_MIN);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_true(it.u == UINT64_MAX);
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.i, 30); /* enum */
	assert_int_equal(smgw_axdr_next(&c, &it), 1);
	assert_int_equal(it.tag, SMGW_AXDR_BOOLEAN);
	/* the structure is complete: the date-time is the next top-level value, not requested */
	assert_int_equal(smgw_axdr_next(&c, &it), 0);
	/* the example of the reference notes: 2021-03-23 Tue 19:26:58 */
	assert_int_equal(smgw_cosem_datetime_parse(v + sizeof(v) - 12, 12, &dt), 0);
	assert_int_equal(dt.year, 2021);
	assert_int_equal(dt.month, 3);
	assert_int_equal(dt.day, 23);
	assert_int_equal(dt.wday, 2);
	assert_int_equal(dt.hour, 19);
	assert_int_equal(dt.minute, 26);
	assert_int_equal(dt.second, 58);
	assert_int_equal(dt.deviation, INT16_MIN);
	assert_int_equal(smgw_cosem_datetime_parse(v, 11, &dt), SMGW_E_ENCODING);
	{
		uint8_t bad[12];
		memcpy(bad, v + sizeof(v) - 12, 12);
		bad[2] = 13;
		assert_int_equal(smgw_cosem_datetime_parse(bad, 12, &dt), SMGW_E_RANGE);
	}
}


struct got {
	char obis[32];
	int64_t raw;
	int8_t scaler;
};

struct gots {
	struct got g[64];
	int n;
};

static int got_value(void *ud, const struct smgw_value *v)
{
	struct gots *x = ud;
	struct got *g;
	int8_t s;

	if (x->n >= 64)
		return -1;
	g = &x->g[x->n++];
	snprintf(g->obis, sizeof(g->obis), "%u.%u.%u.%u.%u.%u", v->obis.a, v->obis.b, v->obis.c, v->obis.d, v->obis.e,
		 v->obis.f);
	g->raw = v->value;
	g->scaler = v->scaler;
	(void)s;
	return 0;
}

/* The library's push-list extraction gives every asserted register value. */
static void test_push_values(void **state)
{
	char line[512], path[512], cur[128] = "";
	struct gots x;
	int checked = 0;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/lmn/dlms/amshan/expected-items.txt", SMGW_TEST_DATA);
	f = fopen(path, "r");
	assert_non_null(f);
	memset(&x, 0, sizeof(x));
	while (fgets(line, sizeof(line), f)) {
		char file[128], obis[64], kind[8], value[128];
		int index, i, found = 0;

		if (line[0] == '#' || sscanf(line, "%127[^\t]\t%d\t%63[^\t]\t%7[^\t]\t%127[^\n]", file, &index, obis,
					     kind, value) != 5)
			continue;
		if (strcmp(file, cur) != 0) {
			uint8_t pdu[4096];
			const uint8_t *apdu;
			size_t n = load(file, pdu, sizeof(pdu)), alen;
			struct smgw_dlms_notification note;

			assert_int_equal(smgw_hdlc_llc(pdu, n, &apdu, &alen), 0);
			assert_int_equal(smgw_dlms_notification_parse(apdu, alen, &note, NULL), 0);
			memset(&x, 0, sizeof(x));
			assert_true(smgw_dlms_push_values(note.body, note.body_len, got_value, &x, NULL) >= 0);
			snprintf(cur, sizeof(cur), "%s", file);
		}
		if (strcmp(obis, "-") == 0 || strcmp(kind, "int") != 0)
			continue;
		for (i = 0; i < x.n; i++)
			if (strcmp(x.g[i].obis, obis) == 0) {
				/* amshan asserts value * 10^scaler; compare without rounding */
				int64_t want = strtoll(value, NULL, 10), raw = x.g[i].raw;
				int8_t k;
				for (k = x.g[i].scaler; k > 0; k--)
					raw *= 10;
				for (k = x.g[i].scaler; k < 0; k++)
					want *= 10;
				assert_int_equal(raw, want);
				found = 1;
			}
		if (!found)
			fail_msg("%s: %s not reported", file, obis);
		checked++;
	}
	fclose(f);
	assert_true(checked >= 60);
}

static void test_notification_forms(void **state)
{
	uint8_t pdu[4096];
	const uint8_t *apdu;
	size_t n = load("kaifa_no_list_2.llc.hex", pdu, sizeof(pdu)), alen, cut;
	struct smgw_dlms_notification note;
	struct smgw_cosem_datetime dt;

	(void)state;
	assert_int_equal(smgw_hdlc_llc(pdu, n, &apdu, &alen), 0);
	assert_int_equal(smgw_dlms_notification_parse(apdu, alen, &note, NULL), 0);
	assert_int_equal(note.invoke_id, 0x40000000);
	assert_int_equal(note.has_time, 1);
	/* amshan asserts 2020-01-25T13:09:30 */
	assert_int_equal(smgw_cosem_datetime_parse(note.time, 12, &dt), 0);
	assert_int_equal(dt.year, 2020);
	assert_int_equal(dt.month, 1);
	assert_int_equal(dt.day, 25);
	assert_int_equal(dt.hour, 13);
	assert_int_equal(dt.minute, 9);
	assert_int_equal(dt.second, 30);
	for (cut = 0; cut < 20; cut++)
		assert_true(smgw_dlms_notification_parse(apdu, cut, &note, NULL) < 0);
	assert_int_equal(smgw_dlms_notification_parse(pdu, n, &note, NULL), SMGW_E_ENCODING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_notifications),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_integers_and_datetime),
		cmocka_unit_test(test_push_values),
		cmocka_unit_test(test_notification_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
