/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SML messages and values: every capture against its independent expected
 * values (sml-rs snapshots, the shared data set), TL edge cases, deep
 * nesting, huge length fields, wrong list lengths, message CRC handling,
 * SML_Time variants and the status/time mapping into struct smgw_value,
 * truncation of every file at every byte and single-byte corruption.
 */
#include "sml-test-util.h"

static uint8_t frame_buf[64 * 1024];

/* Collects the SML files (message payloads) of a capture. Bare message
 * files are one file. Returns the number of files; payloads are copied
 * into exact-size heap buffers. */
struct files {
	uint8_t *data[1024];
	size_t len[1024];
	size_t n;
};

static void collect(const char *rel, int bare, struct files *out)
{
	size_t len, off = 0;
	uint8_t *d = sml_load(rel, &len);
	uint64_t mem[64];
	smgw_sml_stream *s;

	assert_non_null(d);
	out->n = 0;
	if (bare) {
		out->data[0] = d;
		out->len[0] = len;
		out->n = 1;
		return;
	}
	assert_int_equal(smgw_sml_stream_init(mem, sizeof(mem), frame_buf, sizeof(frame_buf), 0, &s), 0);
	while (off < len) {
		struct smgw_sml_file f;
		size_t used;
		int e = smgw_sml_stream_feed(s, d + off, len - off, &used, &f, NULL);

		off += used;
		if (e == SMGW_SML_FILE && out->n < 1024) {
			out->data[out->n] = malloc(f.len ? f.len : 1);
			memcpy(out->data[out->n], f.data, f.len);
			out->len[out->n++] = f.len;
		}
	}
	free(d);
}

static void release(struct files *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->data[i]);
	f->n = 0;
}

struct vcollect {
	struct smgw_value v[64];
	size_t n;
};

static int collect_value(void *ud, const struct smgw_value *v, const struct smgw_sml_message *m)
{
	struct vcollect *c = ud;

	assert_non_null(m);
	if (c->n < 64)
		c->v[c->n] = *v;
	c->n++;
	return 0;
}

/* Every capture: the values match the independent expectation exactly. */
static void test_captures_expected_values(void **state)
{
	static struct files fs;
	struct sml_exp_file *ex;
	size_t n = sml_load_expected(&ex), i, k, checked = 0;

	(void)state;
	assert_true(n >= 40);
	for (i = 0; i < n; i++) {
		uint32_t flags = strchr(ex[i].flags, 'I') ? SMGW_SML_F_IGNORE_MSG_CRC : 0;
		size_t vi = 0;

		collect(ex[i].path, strchr(ex[i].flags, 'M') != NULL, &fs);
		assert_int_equal(fs.n, ex[i].frames);
		for (k = 0; k < fs.n; k++) {
			struct vcollect vc;
			struct smgw_diag d = SMGW_DIAG_INIT;
			int r;
			size_t j;

			vc.n = 0;
			r = smgw_sml_file_values(fs.data[k], fs.len[k], flags, collect_value, &vc, &d);
			if (r < 0)
				fail_msg("%s frame %zu: %s", ex[i].path, k, d.message);
			assert_int_equal((size_t)r, vc.n);
			for (j = 0; j < vc.n && j < 64; j++, vi++) {
				char obis[SMGW_OBIS_STRLEN];
				const struct sml_exp_value *e = &ex[i].values[vi];

				assert_true(vi < ex[i].nvalues);
				assert_int_equal(e->frame, k);
				assert_true(smgw_obis_format(&vc.v[j].obis, obis, sizeof(obis)) > 0);
				assert_string_equal(obis, e->obis);
				assert_int_equal(vc.v[j].value, e->value);
				assert_int_equal(vc.v[j].scaler, e->scaler);
				assert_int_equal(vc.v[j].unit, e->unit);
				checked++;
			}
			if (flags) {
				/* Anonymised capture: strict decoding reports the message CRC. */
				r = smgw_sml_file_values(fs.data[k], fs.len[k], 0, collect_value, &vc, &d);
				assert_int_equal(r, SMGW_E_SML_MSG_CRC);
				assert_int_equal(d.code, SMGW_E_SML_MSG_CRC);
			}
		}
		assert_int_equal(vi, ex[i].nvalues);
		release(&fs);
	}
	assert_true(checked > 4000);
	sml_free_expected(ex, n);
}

/* Walks all messages of a file and every list (must not fail after message_next accepted). */
static int walk_file(const uint8_t *data, size_t len, uint32_t flags)
{
	struct smgw_reader r;
	struct smgw_sml_message m;
	int n, count = 0;

	smgw_reader_init(&r, data, len);
	while ((n = smgw_sml_message_next(&r, flags, &m, NULL)) > 0) {
		count++;
		if (m.tag == SMGW_SML_GET_LIST_RES) {
			struct smgw_sml_cursor c = m.body.get_list_res.val_list;
			struct smgw_sml_list_entry e;
			int k;

			while ((k = smgw_sml_list_entry_next(&c, &e)) > 0)
				;
			assert_int_equal(k, 0);
		}
	}
	return n < 0 ? n : count;
}

/* Truncation of every SML file at every byte and corruption of every
 * byte: a clear error (or fewer messages), never a crash or an overread.
 * Exhaustive for every distinct frame of every capture except the long
 * stream, of which the first 8 frames are used. */
static void test_truncation_and_corruption(void **state)
{
	static struct files fs;
	struct sml_exp_file *ex;
	size_t n = sml_load_expected(&ex), i, k, c;

	(void)state;
	for (i = 0; i < n; i++) {
		uint32_t flags = strchr(ex[i].flags, 'I') ? SMGW_SML_F_IGNORE_MSG_CRC : 0;

		collect(ex[i].path, strchr(ex[i].flags, 'M') != NULL, &fs);
		for (k = 0; k < fs.n && k < 8; k++) {
			int full = walk_file(fs.data[k], fs.len[k], flags);

			assert_true(full >= 3);
			for (c = 0; c < fs.len[k]; c++) {
				uint8_t *p = malloc(c ? c : 1);
				int r;

				memcpy(p, fs.data[k], c);
				r = walk_file(p, c, flags);
				assert_true(r < full);
				free(p);
			}
			for (c = 0; c < fs.len[k]; c++) {
				uint8_t keep = fs.data[k][c];
				int r;

				fs.data[k][c] ^= 0x5a;
				r = walk_file(fs.data[k], fs.len[k], 0);
				/* Every message byte is covered by its CRC, every byte
				 * between messages breaks the structure. */
				if (!flags && r >= 0)
					fail_msg("%s: corrupt byte %zu accepted", ex[i].path, c);
				fs.data[k][c] = keep;
			}
		}
		release(&fs);
	}
	sml_free_expected(ex, n);
}

static int read_elem(const uint8_t *b, size_t n, struct smgw_sml_elem *e, size_t *pos)
{
	struct smgw_reader r;
	int rc;

	smgw_reader_init(&r, b, n);
	rc = smgw_sml_elem_read(&r, e);
	*pos = r.pos;
	return rc;
}

static void test_tl_fields(void **state)
{
	struct smgw_sml_elem e;
	size_t pos;
	uint8_t big[60];
	struct smgw_reader r;

	(void)state;
	/* 83 02: octet string of 0x32 = 50 bytes including 2 TL bytes. */
	memset(big, 0xab, sizeof(big));
	big[0] = 0x83;
	big[1] = 0x02;
	assert_int_equal(read_elem(big, 50, &e, &pos), 0);
	assert_int_equal(e.type, SMGW_SML_TYPE_OCTETS);
	assert_int_equal(e.len, 48);
	assert_int_equal(e.tl_len, 2);
	assert_int_equal(pos, 50);
	assert_int_equal(read_elem(big, 49, &e, &pos), SMGW_E_TRUNCATED);
	/* f1 04: list of 20. */
	assert_int_equal(read_elem((const uint8_t *)"\xf1\x04", 2, &e, &pos), 0);
	assert_int_equal(e.type, SMGW_SML_TYPE_LIST);
	assert_int_equal(e.len, 20);
	/* Specials. */
	assert_int_equal(read_elem((const uint8_t *)"\x00", 1, &e, &pos), 0);
	assert_int_equal(e.type, SMGW_SML_TYPE_END);
	assert_int_equal(read_elem((const uint8_t *)"\x01", 1, &e, &pos), 0);
	assert_int_equal(e.type, SMGW_SML_TYPE_ABSENT);
	/* Bad: continuation with type bits, unknown type, length below TL,
	 * integer widths 0 and 9, boolean of 2 bytes, TL longer than 4 bytes. */
	assert_int_equal(read_elem((const uint8_t *)"\x81\x12", 2, &e, &pos), SMGW_E_ENCODING);
	assert_int_equal(read_elem((const uint8_t *)"\x22\x00", 2, &e, &pos), SMGW_E_ENCODING);
	assert_int_equal(read_elem((const uint8_t *)"\x80\x01", 2, &e, &pos), SMGW_E_ENCODING);
	assert_int_equal(read_elem((const uint8_t *)"\x51", 1, &e, &pos), SMGW_E_ENCODING);
	assert_int_equal(read_elem((const uint8_t *)"\xe0\x0b" "123456789", 11, &e, &pos), SMGW_E_ENCODING);
	assert_int_equal(read_elem((const uint8_t *)"\x43\x00\x00", 3, &e, &pos), SMGW_E_ENCODING);
	assert_int_equal(read_elem((const uint8_t *)"\x8f\x8f\x8f\x8f\x0f", 5, &e, &pos), SMGW_E_LIMIT);
	assert_int_equal(read_elem((const uint8_t *)"\x8f", 1, &e, &pos), SMGW_E_TRUNCATED);
	/* Huge length fields fail at once, without reading. */
	assert_int_equal(read_elem((const uint8_t *)"\x8f\x8f\x8f\x0f\x00", 5, &e, &pos), SMGW_E_TRUNCATED);
	smgw_reader_init(&r, (const uint8_t *)"\xff\x8f\x8f\x0f\x01", 5);
	assert_int_equal(smgw_sml_elem_skip(&r), SMGW_E_TRUNCATED);
	assert_int_equal(smgw_sml_elem_read(NULL, &e), SMGW_E_INVAL);
}

/* Integers of every width 1..8, sign extension, via a list entry. */
static void test_integer_widths(void **state)
{
	unsigned w;

	(void)state;
	for (w = 1; w <= 8; w++) {
		uint8_t b[16];
		struct smgw_reader r;
		struct smgw_sml_cursor c;
		struct smgw_sml_value_entry ve;
		unsigned i;

		b[0] = (uint8_t)(0x50 | (w + 1));
		for (i = 0; i < w; i++)
			b[1 + i] = (uint8_t)(i == 0 ? 0xfe : 0xff);
		/* As a value entry: list of 2 (value, signature). */
		{
			uint8_t l[20];
			l[0] = 0x72;
			memcpy(l + 1, b, w + 1);
			l[w + 2] = 0x01;
			smgw_sml_cursor_init(&c, l, w + 3, 1);
			assert_int_equal(smgw_sml_value_entry_next(&c, &ve), 1);
			assert_int_equal(ve.value.type, SMGW_SML_VALUE_INT);
			assert_int_equal(ve.value.width, w);
			assert_int_equal(ve.value.i, w == 1 ? -2 : -(int64_t)((uint64_t)1 << (8 * (w - 1))) - 1);
			l[1] = (uint8_t)(0x60 | (w + 1));
			smgw_sml_cursor_init(&c, l, w + 3, 1);
			assert_int_equal(smgw_sml_value_entry_next(&c, &ve), 1);
			assert_int_equal(ve.value.type, SMGW_SML_VALUE_UINT);
			if (w == 8)
				assert_true(ve.value.u == UINT64_C(0xfeffffffffffffff));
		}
		(void)r;
	}
}

static void test_deep_nesting(void **state)
{
	uint8_t b[200];
	struct smgw_reader r;
	size_t d;

	(void)state;
	for (d = 1; d < 100; d++) {
		int rc;

		memset(b, 0x71, d);
		b[d] = 0x01;
		smgw_reader_init(&r, b, d + 1);
		rc = smgw_sml_elem_skip(&r);
		if (d <= SMGW_SML_MAX_DEPTH)
			assert_int_equal(rc, 0);
		else
			assert_int_equal(rc, SMGW_E_LIMIT);
	}
}

/* Builds a complete message around a GetListResponse with one entry. */
static size_t build_get_list(uint8_t *out, size_t cap, const struct smgw_sml_list_entry *e,
			     const struct smgw_sml_time *act)
{
	uint8_t entries[256];
	struct smgw_writer w;
	struct smgw_sml_message m;
	size_t len = 0;
	static const uint8_t sid[] = { 0x0a, 0x01, 'E', 'M', 'H', 0, 1, 2, 3, 4 };

	smgw_writer_init(&w, entries, sizeof(entries));
	smgw_sml_write_list_entry(&w, e);
	assert_int_equal(smgw_writer_finish(&w, &len), 0);
	memset(&m, 0, sizeof(m));
	m.transaction_id.data = (const uint8_t *)"\x01\x02";
	m.transaction_id.len = 2;
	m.transaction_id.present = 1;
	m.tag = SMGW_SML_GET_LIST_RES;
	m.body.get_list_res.server_id.data = sid;
	m.body.get_list_res.server_id.len = sizeof(sid);
	m.body.get_list_res.server_id.present = 1;
	if (act)
		m.body.get_list_res.act_sensor_time = *act;
	smgw_sml_cursor_init(&m.body.get_list_res.val_list, entries, len, 1);
	smgw_writer_init(&w, out, cap);
	assert_int_equal(smgw_sml_message_encode(&w, &m), 0);
	assert_int_equal(smgw_writer_finish(&w, &len), 0);
	return len;
}

static int one_value(const uint8_t *msg, size_t len, uint32_t flags, struct smgw_value *ret)
{
	struct vcollect vc;
	int r;

	vc.n = 0;
	r = smgw_sml_file_values(msg, len, flags, collect_value, &vc, NULL);
	if (r == 1)
		*ret = vc.v[0];
	return r;
}

/* Status of any width and the SML_Time variants map into struct smgw_value. */
static void test_value_mapping(void **state)
{
	struct smgw_sml_list_entry e;
	struct smgw_sml_time act = { SMGW_SML_TIME_SECINDEX, 777, 0, 0, 0 };
	struct smgw_value v;
	uint8_t msg[512];
	size_t len;
	unsigned w;
	static const uint8_t obis[6] = { 1, 0, 1, 8, 0, 255 };

	(void)state;
	memset(&e, 0, sizeof(e));
	e.obj_name.data = obis;
	e.obj_name.len = 6;
	e.obj_name.present = 1;
	e.has = SMGW_SML_HAS_UNIT | SMGW_SML_HAS_SCALER | SMGW_SML_HAS_STATUS;
	e.unit = 30;
	e.scaler = -1;
	e.value.type = SMGW_SML_VALUE_UINT;
	e.value.u = 123456;
	for (w = 1; w <= 8; w++) {
		e.status_width = (uint8_t)w;
		e.status = w == 8 ? UINT64_C(0x8000000000000001) : ((UINT64_C(1) << (8 * w - 1)) | 1);
		len = build_get_list(msg, sizeof(msg), &e, NULL);
		assert_int_equal(one_value(msg, len, 0, &v), 1);
		assert_true(v.flags & SMGW_VALUE_HAS_STATUS);
		assert_true(v.flags & SMGW_VALUE_RAW_STATUS);
		assert_true(v.status == e.status);
		assert_int_equal(v.value, 123456);
		assert_int_equal(v.scaler, -1);
		assert_int_equal(v.unit, 30);
		assert_int_equal(v.server_id_len, 10);
		assert_false(v.flags & SMGW_VALUE_HAS_CAPTURE_TIME);
	}
	/* timestamp: UTC */
	e.val_time.kind = SMGW_SML_TIME_TIMESTAMP;
	e.val_time.value = 1700000000;
	len = build_get_list(msg, sizeof(msg), &e, &act);
	assert_int_equal(one_value(msg, len, 0, &v), 1);
	assert_true(v.capture_ms == INT64_C(1700000000000));
	assert_true(v.flags & SMGW_VALUE_HAS_CAPTURE_TIME);
	assert_false(v.flags & SMGW_VALUE_SECONDS_INDEX);
	/* localTimestamp: the UTC instant; offsets only describe the display */
	e.val_time.kind = SMGW_SML_TIME_LOCAL;
	e.val_time.local_offset = 60;
	e.val_time.season_offset = 60;
	len = build_get_list(msg, sizeof(msg), &e, &act);
	assert_int_equal(one_value(msg, len, 0, &v), 1);
	assert_true(v.capture_ms == INT64_C(1700000000000));
	/* secIndex */
	e.val_time.kind = SMGW_SML_TIME_SECINDEX;
	e.val_time.value = 42;
	len = build_get_list(msg, sizeof(msg), &e, &act);
	assert_int_equal(one_value(msg, len, 0, &v), 1);
	assert_true(v.capture_ms == 42000);
	assert_true(v.flags & SMGW_VALUE_SECONDS_INDEX);
	/* no valTime: the list's actSensorTime */
	e.val_time.kind = SMGW_SML_TIME_NONE;
	len = build_get_list(msg, sizeof(msg), &e, &act);
	assert_int_equal(one_value(msg, len, 0, &v), 1);
	assert_true(v.capture_ms == 777000);
	assert_true(v.flags & SMGW_VALUE_SECONDS_INDEX);
	/* Unsigned64 above INT64_MAX is skipped, an octet string is no number. */
	e.value.u = UINT64_MAX;
	e.value.width = 8;
	len = build_get_list(msg, sizeof(msg), &e, NULL);
	assert_int_equal(one_value(msg, len, 0, &v), 0);
	e.value.type = SMGW_SML_VALUE_OCTETS;
	e.value.octets.data = (const uint8_t *)"EMH";
	e.value.octets.len = 3;
	e.value.octets.present = 1;
	len = build_get_list(msg, sizeof(msg), &e, NULL);
	assert_int_equal(one_value(msg, len, 0, &v), 0);
	{
		struct smgw_sml_list_entry x = e;
		assert_int_equal(smgw_sml_list_entry_to_value(&x, NULL, NULL, &v), SMGW_E_SML_NOT_NUMERIC);
		x.value.type = SMGW_SML_VALUE_INT;
		x.obj_name.len = 5;
		assert_int_equal(smgw_sml_list_entry_to_value(&x, NULL, NULL, &v), SMGW_E_SML_OBIS);
	}
}

/* Many value-bearing messages in one file: all values, in order. */
static void test_many_messages(void **state)
{
	static const uint8_t obis[6] = { 1, 0, 1, 8, 0, 255 };
	struct smgw_sml_list_entry e;
	struct vcollect vc;
	uint8_t msg[512], file[4096];
	size_t len, n = 0;
	int i;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.obj_name.data = obis;
	e.obj_name.len = 6;
	e.obj_name.present = 1;
	e.value.type = SMGW_SML_VALUE_UINT;
	for (i = 0; i < 7; i++) {
		e.value.u = (uint64_t)(100 + i);
		len = build_get_list(msg, sizeof(msg), &e, NULL);
		memcpy(file + n, msg, len);
		n += len;
	}
	vc.n = 0;
	assert_int_equal(smgw_sml_file_values(file, n, 0, collect_value, &vc, NULL), 7);
	for (i = 0; i < 7; i++)
		assert_int_equal(vc.v[i].value, 100 + i);
	/* A damaged last message: nothing is reported. */
	file[n - 3] ^= 0xff;
	vc.n = 0;
	assert_int_equal(smgw_sml_file_values(file, n, 0, collect_value, &vc, NULL), SMGW_E_SML_MSG_CRC);
	assert_int_equal(vc.n, 0);
}

/* Holley DTZ541: SML_Time as a bare Unsigned32 is secIndex, unless strict. */
static void test_time_deviation(void **state)
{
	static struct files fs;
	struct vcollect vc;
	int r;

	(void)state;
	collect("libsml-testing/HOLLEY_DTZ541-ZDBA.bin", 0, &fs);
	assert_true(fs.n >= 1);
	vc.n = 0;
	r = smgw_sml_file_values(fs.data[0], fs.len[0], 0, collect_value, &vc, NULL);
	assert_true(r > 0);
	assert_true(vc.v[0].flags & SMGW_VALUE_SECONDS_INDEX);
	assert_int_equal(smgw_sml_file_values(fs.data[0], fs.len[0], SMGW_SML_F_STRICT, NULL, NULL, NULL),
			 SMGW_E_SML_TYPE);
	release(&fs);
}

/* Wrong list lengths, wrong types, missing end marker, empty file. */
static void test_structure_errors(void **state)
{
	static const uint8_t obis[6] = { 1, 0, 1, 8, 0, 255 };
	struct smgw_sml_list_entry e;
	struct smgw_sml_message m;
	struct smgw_diag d = SMGW_DIAG_INIT;
	struct smgw_reader r;
	uint8_t msg[512];
	size_t len, i;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.obj_name.data = obis;
	e.obj_name.len = 6;
	e.obj_name.present = 1;
	e.value.type = SMGW_SML_VALUE_INT;
	e.value.i = -5;
	len = build_get_list(msg, sizeof(msg), &e, NULL);
	smgw_reader_init(&r, msg, len);
	assert_int_equal(smgw_sml_message_next(&r, 0, &m, &d), 1);
	assert_int_equal(m.tag, SMGW_SML_GET_LIST_RES);
	assert_int_equal(m.crc, SMGW_SML_CRC_X25);
	assert_int_equal(smgw_sml_message_next(&r, 0, &m, &d), 0);

	/* Find the entry's list TL (0x77) and make it a list of 6 / 8. */
	for (i = 0; i < len; i++)
		if (msg[i] == 0x77 && msg[i + 1] == 0x07)
			break;
	assert_true(i < len);
	msg[i] = 0x76;
	smgw_reader_init(&r, msg, len);
	assert_true(smgw_sml_message_next(&r, SMGW_SML_F_IGNORE_MSG_CRC, &m, &d) < 0);
	msg[i] = 0x77;
	/* Message CRC: flip one byte of the CRC field. */
	msg[len - 2] ^= 1;
	smgw_reader_init(&r, msg, len);
	assert_int_equal(smgw_sml_message_next(&r, 0, &m, &d), SMGW_E_SML_MSG_CRC);
	assert_true(strstr(d.message, "CRC") != NULL);
	smgw_reader_init(&r, msg, len);
	assert_int_equal(smgw_sml_message_next(&r, SMGW_SML_F_IGNORE_MSG_CRC, &m, &d), 1);
	assert_int_equal(m.crc, SMGW_SML_CRC_NONE);
	msg[len - 2] ^= 1;
	/* Missing end marker. */
	smgw_reader_init(&r, msg, len - 1);
	assert_int_equal(smgw_sml_message_next(&r, 0, &m, &d), SMGW_E_TRUNCATED);
	msg[len - 1] = 0x01;
	smgw_reader_init(&r, msg, len);
	assert_int_equal(smgw_sml_message_next(&r, 0, &m, &d), SMGW_E_SML_TYPE);
	/* Nothing but padding. */
	assert_int_equal(smgw_sml_file_values((const uint8_t *)"\0\0\0", 3, 0, NULL, NULL, &d), SMGW_E_SML_EMPTY);
	smgw_reader_init(&r, msg, len);
	assert_int_equal(smgw_sml_message_next(&r, 0x100, &m, &d), SMGW_E_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captures_expected_values),
		cmocka_unit_test(test_truncation_and_corruption),
		cmocka_unit_test(test_tl_fields),
		cmocka_unit_test(test_integer_widths),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_value_mapping),
		cmocka_unit_test(test_many_messages),
		cmocka_unit_test(test_time_deviation),
		cmocka_unit_test(test_structure_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
