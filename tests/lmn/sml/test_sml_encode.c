/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SML encoder: every message body type round-trips through the encoder,
 * the transport encoder and the decoders; real meter messages re-encode to
 * the bytes the meters sent (checked against the captures, not against our
 * own decoder only); size queries.
 */
#include "sml-test-util.h"

#define OS(s) { (const uint8_t *)(s), sizeof(s) - 1, 1 }

static uint8_t frame_buf[16 * 1024];

static int os_eq(const struct smgw_sml_octets *a, const struct smgw_sml_octets *b)
{
	return a->present == b->present && a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

/* Encodes @m, wraps it in a transport frame, decodes it back into @ret. */
static void roundtrip(const struct smgw_sml_message *m, struct smgw_sml_message *ret, uint8_t *wire, size_t *wlen)
{
	uint8_t msg[4096];
	struct smgw_writer w;
	size_t len = 0, used;
	uint64_t mem[64];
	smgw_sml_stream *s;
	struct smgw_sml_file f;
	struct smgw_reader r;
	struct smgw_diag d = SMGW_DIAG_INIT;

	smgw_writer_init(&w, msg, sizeof(msg));
	assert_int_equal(smgw_sml_message_encode(&w, m), 0);
	assert_int_equal(smgw_writer_finish(&w, &len), 0);
	assert_int_equal(smgw_sml_transport_encode(msg, len, wire, wlen), 0);
	assert_int_equal(smgw_sml_stream_init(mem, sizeof(mem), frame_buf, sizeof(frame_buf), 0, &s), 0);
	assert_int_equal(smgw_sml_stream_feed(s, wire, *wlen, &used, &f, NULL), SMGW_SML_FILE);
	assert_int_equal(f.len, len);
	smgw_reader_init(&r, f.data, f.len);
	if (smgw_sml_message_next(&r, 0, ret, &d) != 1)
		fail_msg("decode: %s", d.message);
	assert_int_equal(ret->crc, SMGW_SML_CRC_X25);
	assert_int_equal(ret->tag, m->tag);
	assert_true(os_eq(&ret->transaction_id, &m->transaction_id));
	assert_int_equal(ret->group_no, m->group_no);
	assert_int_equal(ret->abort_on_error, m->abort_on_error);
	assert_int_equal(smgw_sml_message_next(&r, 0, ret + 1, &d), 0);
}

static void base(struct smgw_sml_message *m, uint32_t tag)
{
	static const struct smgw_sml_octets tid = OS("\x11\x22\x33");

	memset(m, 0, sizeof(*m));
	m->transaction_id = tid;
	m->group_no = 1;
	m->abort_on_error = 0;
	m->tag = tag;
}

static const struct smgw_sml_octets server_id = OS("\x0a\x01" "EMH\x00\x01\x02\x03\x04");
static const struct smgw_sml_octets client_id = OS("\xaa\xbb\xcc\xdd\xee\xff");
static const struct smgw_sml_octets user = OS("user");
static const struct smgw_sml_octets pass = OS("secret");
static const struct smgw_sml_octets obis180 = OS("\x01\x00\x01\x08\x00\xff");
static const struct smgw_sml_octets obis280 = OS("\x01\x00\x02\x08\x00\xff");

static void test_open_close(void **state)
{
	struct smgw_sml_message m, d[2];
	uint8_t wire[4096];
	size_t wl = sizeof(wire);
	static const struct smgw_sml_octets file_id = OS("\x01\x02\x03");
	static const struct smgw_sml_octets sig = OS("\x55\x66");

	(void)state;
	base(&m, SMGW_SML_OPEN_REQ);
	m.body.open_req.client_id = client_id;
	m.body.open_req.req_file_id = file_id;
	m.body.open_req.server_id = server_id;
	m.body.open_req.username = user;
	m.body.open_req.password = pass;
	m.body.open_req.has_sml_version = 1;
	m.body.open_req.sml_version = 1;
	roundtrip(&m, d, wire, &wl);
	assert_true(os_eq(&d[0].body.open_req.client_id, &client_id));
	assert_true(os_eq(&d[0].body.open_req.password, &pass));
	assert_false(d[0].body.open_req.codepage.present);
	assert_int_equal(d[0].body.open_req.sml_version, 1);

	base(&m, SMGW_SML_OPEN_RES);
	m.body.open_res.req_file_id = file_id;
	m.body.open_res.server_id = server_id;
	m.body.open_res.ref_time.kind = SMGW_SML_TIME_LOCAL;
	m.body.open_res.ref_time.value = 1700000000;
	m.body.open_res.ref_time.local_offset = 60;
	m.body.open_res.ref_time.season_offset = -60;
	wl = sizeof(wire);
	roundtrip(&m, d, wire, &wl);
	assert_int_equal(d[0].body.open_res.ref_time.kind, SMGW_SML_TIME_LOCAL);
	assert_int_equal(d[0].body.open_res.ref_time.value, 1700000000);
	assert_int_equal(d[0].body.open_res.ref_time.season_offset, -60);
	assert_int_equal(d[0].body.open_res.has_sml_version, 0);

	base(&m, SMGW_SML_CLOSE_REQ);
	m.body.close.global_signature = sig;
	wl = sizeof(wire);
	roundtrip(&m, d, wire, &wl);
	assert_true(os_eq(&d[0].body.close.global_signature, &sig));
	base(&m, SMGW_SML_CLOSE_RES);
	wl = sizeof(wire);
	roundtrip(&m, d, wire, &wl);
	assert_false(d[0].body.close.global_signature.present);
}

static void test_get_list(void **state)
{
	struct smgw_sml_message m, d[2];
	struct smgw_sml_list_entry e, g;
	uint8_t entries[512], wire[4096];
	struct smgw_writer w;
	size_t len = 0, wl = sizeof(wire);
	struct smgw_sml_cursor c;
	static const struct smgw_sml_octets list_name = OS("\x01\x00\x62\x0a\xff\xff");

	(void)state;
	base(&m, SMGW_SML_GET_LIST_REQ);
	m.body.get_list_req.client_id = client_id;
	m.body.get_list_req.server_id = server_id;
	m.body.get_list_req.list_name = list_name;
	roundtrip(&m, d, wire, &wl);
	assert_true(os_eq(&d[0].body.get_list_req.list_name, &list_name));
	assert_false(d[0].body.get_list_req.username.present);

	memset(&e, 0, sizeof(e));
	smgw_writer_init(&w, entries, sizeof(entries));
	e.obj_name = obis180;
	e.has = SMGW_SML_HAS_STATUS | SMGW_SML_HAS_UNIT | SMGW_SML_HAS_SCALER;
	e.status = 0x1c0104;
	e.status_width = 4;
	e.unit = 30;
	e.scaler = -1;
	e.val_time.kind = SMGW_SML_TIME_SECINDEX;
	e.val_time.value = 99;
	e.value.type = SMGW_SML_VALUE_UINT;
	e.value.u = 54301577;
	smgw_sml_write_list_entry(&w, &e);
	e.obj_name = obis280;
	e.has = SMGW_SML_HAS_UNIT;
	e.value.type = SMGW_SML_VALUE_INT;
	e.value.i = -29912;
	e.value.width = 0;
	smgw_sml_write_list_entry(&w, &e);
	assert_int_equal(smgw_writer_finish(&w, &len), 0);

	base(&m, SMGW_SML_GET_LIST_RES);
	m.body.get_list_res.server_id = server_id;
	m.body.get_list_res.list_name = list_name;
	m.body.get_list_res.act_sensor_time.kind = SMGW_SML_TIME_SECINDEX;
	m.body.get_list_res.act_sensor_time.value = 100;
	smgw_sml_cursor_init(&m.body.get_list_res.val_list, entries, len, 2);
	wl = sizeof(wire);
	roundtrip(&m, d, wire, &wl);
	c = d[0].body.get_list_res.val_list;
	assert_int_equal(c.count, 2);
	assert_int_equal(smgw_sml_list_entry_next(&c, &g), 1);
	assert_true(os_eq(&g.obj_name, &obis180));
	assert_true(g.status == 0x1c0104);
	assert_int_equal(g.status_width, 4);
	assert_int_equal(g.val_time.value, 99);
	assert_true(g.value.u == 54301577);
	assert_int_equal(smgw_sml_list_entry_next(&c, &g), 1);
	assert_int_equal(g.value.type, SMGW_SML_VALUE_INT);
	assert_true(g.value.i == -29912);
	assert_int_equal(g.value.width, 2);
	assert_int_equal(g.has, SMGW_SML_HAS_UNIT);
	assert_int_equal(smgw_sml_list_entry_next(&c, &g), 0);
}

static void test_profiles(void **state)
{
	struct smgw_sml_message m, d[2];
	uint8_t path[64], hdr[256], per[512], vals[256], wire[4096];
	struct smgw_writer w;
	size_t plen = 0, hlen = 0, vlen = 0, prlen = 0, wl;
	struct smgw_sml_header_entry h;
	struct smgw_sml_value_entry ve;
	struct smgw_sml_prof_period pp;
	struct smgw_sml_period_entry pe;
	struct smgw_sml_cursor c, c2;
	struct smgw_sml_octets os;
	int i;

	(void)state;
	smgw_writer_init(&w, path, sizeof(path));
	smgw_sml_write_octets(&w, &obis180);
	assert_int_equal(smgw_writer_finish(&w, &plen), 0);

	/* Requests (pack and list share the layout). */
	base(&m, SMGW_SML_GET_PROFILE_PACK_REQ);
	m.body.get_profile_req.server_id = server_id;
	m.body.get_profile_req.with_rawdata = 1;
	m.body.get_profile_req.begin_time.kind = SMGW_SML_TIME_TIMESTAMP;
	m.body.get_profile_req.begin_time.value = 1000;
	m.body.get_profile_req.end_time.kind = SMGW_SML_TIME_TIMESTAMP;
	m.body.get_profile_req.end_time.value = 2000;
	smgw_sml_cursor_init(&m.body.get_profile_req.parameter_tree_path, path, plen, 1);
	smgw_sml_cursor_init(&m.body.get_profile_req.object_list, path, plen, 1);
	wl = sizeof(wire);
	roundtrip(&m, d, wire, &wl);
	assert_int_equal(d[0].body.get_profile_req.with_rawdata, 1);
	assert_int_equal(d[0].body.get_profile_req.end_time.value, 2000);
	c = d[0].body.get_profile_req.object_list;
	assert_int_equal(smgw_sml_octets_next(&c, &os), 1);
	assert_true(os_eq(&os, &obis180));
	assert_false(d[0].body.get_profile_req.das_details.present);
	m.tag = SMGW_SML_GET_PROFILE_LIST_REQ;
	m.body.get_profile_req.with_rawdata = -1;
	wl = sizeof(wire);
	roundtrip(&m, d, wire, &wl);
	assert_int_equal(d[0].body.get_profile_req.with_rawdata, -1);

	/* GetProfilePackResponse: 2 headers, 3 periods of 2 values each. */
	smgw_writer_init(&w, hdr, sizeof(hdr));
	memset(&h, 0, sizeof(h));
	h.obj_name = obis180;
	h.has = SMGW_SML_HAS_UNIT | SMGW_SML_HAS_SCALER;
	h.unit = 30;
	h.scaler = -1;
	smgw_sml_write_header_entry(&w, &h);
	h.obj_name = obis280;
	h.scaler = 0;
	smgw_sml_write_header_entry(&w, &h);
	assert_int_equal(smgw_writer_finish(&w, &hlen), 0);
	smgw_writer_init(&w, vals, sizeof(vals));
	memset(&ve, 0, sizeof(ve));
	ve.value.type = SMGW_SML_VALUE_UINT;
	ve.value.u = 1111;
	smgw_sml_write_value_entry(&w, &ve);
	ve.value.u = 2222;
	smgw_sml_write_value_entry(&w, &ve);
	assert_int_equal(smgw_writer_finish(&w, &vlen), 0);
	smgw_writer_init(&w, per, sizeof(per));
	for (i = 0; i < 3; i++) {
		memset(&pp, 0, sizeof(pp));
		pp.val_time.kind = SMGW_SML_TIME_TIMESTAMP;
		pp.val_time.value = (uint32_t)(1000 + 900 * i);
		pp.has = SMGW_SML_HAS_STATUS;
		pp.status = (uint64_t)i;
		smgw_sml_cursor_init(&pp.value_list, vals, vlen, 2);
		smgw_sml_write_prof_period(&w, &pp);
	}
	assert_int_equal(smgw_writer_finish(&w, &prlen), 0);
	base(&m, SMGW_SML_GET_PROFILE_PACK_RES);
	m.body.get_profile_pack_res.server_id = server_id;
	m.body.get_profile_pack_res.act_time.kind = SMGW_SML_TIME_TIMESTAMP;
	m.body.get_profile_pack_res.act_time.value = 5000;
	m.body.get_profile_pack_res.reg_period = 900;
	smgw_sml_cursor_init(&m.body.get_profile_pack_res.parameter_tree_path, path, plen, 1);
	smgw_sml_cursor_init(&m.body.get_profile_pack_res.header_list, hdr, hlen, 2);
	smgw_sml_cursor_init(&m.body.get_profile_pack_res.period_list, per, prlen, 3);
	wl = sizeof(wire);
	roundtrip(&m, d, wire, &wl);
	assert_int_equal(d[0].body.get_profile_pack_res.reg_period, 900);
	c = d[0].body.get_profile_pack_res.period_list;
	for (i = 0; i < 3; i++) {
		assert_int_equal(smgw_sml_prof_period_next(&c, &pp), 1);
		assert_int_equal(pp.val_time.value, 1000 + 900 * i);
		c2 = pp.value_list;
		assert_int_equal(smgw_sml_value_entry_next(&c2, &ve), 1);
		assert_true(ve.value.u == 1111);
	}
	/* Values: 3 periods x 2 headers with the period times. */
	{
		uint8_t msg[4096];
		size_t len = 0;
		int n;

		smgw_writer_init(&w, msg, sizeof(msg));
		assert_int_equal(smgw_sml_message_encode(&w, &m), 0);
		assert_int_equal(smgw_writer_finish(&w, &len), 0);
		n = smgw_sml_file_values(msg, len, 0, NULL, NULL, NULL);
		assert_int_equal(n, 6);
	}

	/* GetProfileListResponse. */
	smgw_writer_init(&w, per, sizeof(per));
	memset(&pe, 0, sizeof(pe));
	pe.obj_name = obis180;
	pe.has = SMGW_SML_HAS_UNIT | SMGW_SML_HAS_SCALER;
	pe.unit = 30;
	pe.scaler = 2;
	pe.value.type = SMGW_SML_VALUE_INT;
	pe.value.i = -7;
	smgw_sml_write_period_entry(&w, &pe);
	assert_int_equal(smgw_writer_finish(&w, &prlen), 0);
	base(&m, SMGW_SML_GET_PROFILE_LIST_RES);
	m.body.get_profile_list_res.server_id = server_id;
	m.body.get_profile_list_res.act_time.kind = SMGW_SML_TIME_TIMESTAMP;
	m.body.get_profile_list_res.act_time.value = 5000;
	m.body.get_profile_list_res.reg_period = 900;
	smgw_sml_cursor_init(&m.body.get_profile_list_res.parameter_tree_path, path, plen, 1);
	m.body.get_profile_list_res.val_time.kind = SMGW_SML_TIME_TIMESTAMP;
	m.body.get_profile_list_res.val_time.value = 4500;
	m.body.get_profile_list_res.has = SMGW_SML_HAS_STATUS;
	m.body.get_profile_list_res.status = 8;
	smgw_sml_cursor_init(&m.body.get_profile_list_res.period_list, per, prlen, 1);
	wl = sizeof(wire);
	roundtrip(&m, d, wire, &wl);
	c = d[0].body.get_profile_list_res.period_list;
	assert_int_equal(smgw_sml_period_entry_next(&c, &pe), 1);
	assert_true(pe.value.i == -7);
	assert_int_equal(pe.scaler, 2);
	assert_true(d[0].body.get_profile_list_res.status == 8);
}

static void test_proc_parameter_and_attention(void **state)
{
	struct smgw_sml_message m, d[2];
	uint8_t path[64], child[512], tree[1024], wire[4096];
	struct smgw_writer w;
	size_t plen = 0, clen = 0, tlen = 0, wl;
	struct smgw_sml_tree t, g;
	struct smgw_sml_cursor c, cc;
	static const struct smgw_sml_octets attn = OS("\x81\x81\xc7\xc7\xfe\x00");
	static const struct smgw_sml_octets txt = OS("ok");

	(void)state;
	smgw_writer_init(&w, path, sizeof(path));
	smgw_sml_write_octets(&w, &obis180);
	assert_int_equal(smgw_writer_finish(&w, &plen), 0);

	/* Children: a time, a period entry, a tupel entry. */
	smgw_writer_init(&w, child, sizeof(child));
	memset(&t, 0, sizeof(t));
	t.parameter_name = obis280;
	t.value_kind = SMGW_SML_PROCPAR_TIME;
	t.time.kind = SMGW_SML_TIME_TIMESTAMP;
	t.time.value = 12345;
	smgw_sml_write_tree(&w, &t);
	memset(&t, 0, sizeof(t));
	t.parameter_name = obis280;
	t.value_kind = SMGW_SML_PROCPAR_PERIOD;
	t.period.obj_name = obis180;
	t.period.value.type = SMGW_SML_VALUE_BOOL;
	t.period.value.i = 1;
	smgw_sml_write_tree(&w, &t);
	memset(&t, 0, sizeof(t));
	t.parameter_name = obis280;
	t.value_kind = SMGW_SML_PROCPAR_TUPEL;
	t.tupel.server_id = server_id;
	t.tupel.sec_index.kind = SMGW_SML_TIME_SECINDEX;
	t.tupel.sec_index.value = 7;
	t.tupel.status = 3;
	t.tupel.unit[5] = 30;
	t.tupel.scaler[5] = -3;
	t.tupel.value[5] = -123456789;
	smgw_sml_write_tree(&w, &t);
	assert_int_equal(smgw_writer_finish(&w, &clen), 0);
	/* Root with a value and three children. */
	smgw_writer_init(&w, tree, sizeof(tree));
	memset(&t, 0, sizeof(t));
	t.parameter_name = obis180;
	t.value_kind = SMGW_SML_PROCPAR_VALUE;
	t.value.type = SMGW_SML_VALUE_OCTETS;
	t.value.octets = txt;
	smgw_sml_cursor_init(&t.child_list, child, clen, 3);
	smgw_sml_write_tree(&w, &t);
	assert_int_equal(smgw_writer_finish(&w, &tlen), 0);

	base(&m, SMGW_SML_GET_PROC_PARAMETER_RES);
	m.body.get_proc_parameter_res.server_id = server_id;
	smgw_sml_cursor_init(&m.body.get_proc_parameter_res.parameter_tree_path, path, plen, 1);
	smgw_sml_cursor_init(&m.body.get_proc_parameter_res.parameter_tree, tree, tlen, 1);
	wl = sizeof(wire);
	roundtrip(&m, d, wire, &wl);
	c = d[0].body.get_proc_parameter_res.parameter_tree;
	assert_int_equal(smgw_sml_tree_next(&c, &g), 1);
	assert_int_equal(g.value_kind, SMGW_SML_PROCPAR_VALUE);
	assert_true(os_eq(&g.value.octets, &txt));
	cc = g.child_list;
	assert_int_equal(cc.count, 3);
	assert_int_equal(smgw_sml_tree_next(&cc, &t), 1);
	assert_int_equal(t.value_kind, SMGW_SML_PROCPAR_TIME);
	assert_int_equal(t.time.value, 12345);
	assert_int_equal(smgw_sml_tree_next(&cc, &t), 1);
	assert_int_equal(t.value_kind, SMGW_SML_PROCPAR_PERIOD);
	assert_int_equal(t.period.value.type, SMGW_SML_VALUE_BOOL);
	assert_int_equal(smgw_sml_tree_next(&cc, &t), 1);
	assert_int_equal(t.value_kind, SMGW_SML_PROCPAR_TUPEL);
	assert_true(t.tupel.value[5] == -123456789);
	assert_int_equal(t.tupel.scaler[5], -3);
	assert_int_equal(smgw_sml_tree_next(&cc, &t), 0);

	base(&m, SMGW_SML_GET_PROC_PARAMETER_REQ);
	m.body.get_proc_parameter_req.server_id = server_id;
	m.body.get_proc_parameter_req.username = user;
	m.body.get_proc_parameter_req.password = pass;
	smgw_sml_cursor_init(&m.body.get_proc_parameter_req.parameter_tree_path, path, plen, 1);
	m.body.get_proc_parameter_req.attribute = txt;
	wl = sizeof(wire);
	roundtrip(&m, d, wire, &wl);
	assert_true(os_eq(&d[0].body.get_proc_parameter_req.attribute, &txt));

	base(&m, SMGW_SML_SET_PROC_PARAMETER_REQ);
	m.body.set_proc_parameter_req.server_id = server_id;
	smgw_sml_cursor_init(&m.body.set_proc_parameter_req.parameter_tree_path, path, plen, 1);
	smgw_sml_cursor_init(&m.body.set_proc_parameter_req.parameter_tree, tree, tlen, 1);
	wl = sizeof(wire);
	roundtrip(&m, d, wire, &wl);
	assert_int_equal(d[0].body.set_proc_parameter_req.parameter_tree.count, 1);

	base(&m, SMGW_SML_ATTENTION_RES);
	m.body.attention_res.server_id = server_id;
	m.body.attention_res.attention_no = attn;
	m.body.attention_res.attention_msg = txt;
	smgw_sml_cursor_init(&m.body.attention_res.attention_details, tree, tlen, 1);
	wl = sizeof(wire);
	roundtrip(&m, d, wire, &wl);
	assert_true(os_eq(&d[0].body.attention_res.attention_no, &attn));
	c = d[0].body.attention_res.attention_details;
	assert_int_equal(smgw_sml_tree_next(&c, &g), 1);

	/* Unknown tag: only the raw body, which round-trips too. */
	base(&m, 0x0801);
	smgw_sml_cursor_init(&m.body_raw, (const uint8_t *)"\x72\x62\x01\x01", 4, 1);
	wl = sizeof(wire);
	roundtrip(&m, d, wire, &wl);
	assert_int_equal(smgw_reader_remaining(&d[0].body_raw.r), 4);
	assert_null(smgw_sml_tag_name(0x0801));
	assert_string_equal(smgw_sml_tag_name(SMGW_SML_ATTENTION_RES), "AttentionResponse");
	memset(&m.body_raw, 0, sizeof(m.body_raw));
	smgw_writer_init(&w, wire, sizeof(wire));
	assert_int_equal(smgw_sml_message_encode(&w, &m), SMGW_E_UNSUPPORTED);
}

/* Real meter messages: decoding and re-encoding gives the bytes the meter
 * sent, for every message of every capture whose meter uses the widths
 * the encoder writes (message CRC included). */
static void test_reencode_captures(void **state)
{
	struct sml_exp_file *ex;
	size_t n = sml_load_expected(&ex), i, same = 0, total = 0;

	(void)state;
	for (i = 0; i < n; i++) {
		size_t len, off = 0;
		uint8_t *d = sml_load(ex[i].path, &len);
		uint64_t mem[64];
		smgw_sml_stream *s;
		int frames = 0;

		if (strchr(ex[i].flags, 'M') || strchr(ex[i].flags, 'I') || strchr(ex[i].flags, 'K')) {
			free(d);
			continue;
		}
		assert_int_equal(smgw_sml_stream_init(mem, sizeof(mem), frame_buf, sizeof(frame_buf), 0, &s), 0);
		while (off < len && frames < 3) {
			struct smgw_sml_file f;
			size_t used;
			int e = smgw_sml_stream_feed(s, d + off, len - off, &used, &f, NULL);

			off += used;
			if (e == SMGW_SML_FILE) {
				struct smgw_reader r;
				struct smgw_sml_message m;

				frames++;
				smgw_reader_init(&r, f.data, f.len);
				while (smgw_sml_message_next(&r, 0, &m, NULL) > 0) {
					uint8_t out[2048];
					struct smgw_writer w;
					size_t olen = 0;

					smgw_writer_init(&w, out, sizeof(out));
					assert_int_equal(smgw_sml_message_encode(&w, &m), 0);
					assert_int_equal(smgw_writer_finish(&w, &olen), 0);
					total++;
					if (olen == m.len && memcmp(out, f.data + m.offset, olen) == 0)
						same++;
				}
			}
		}
		free(d);
	}
	sml_free_expected(ex, n);
	print_message("# re-encoded %zu of %zu real messages byte for byte\n", same, total);
	assert_true(total > 200);
	/* Meters that send narrower widths than the encoder writes differ. */
	assert_true(same * 10 >= total * 7);
}

/* Trees nested deeper than SMGW_SML_MAX_DEPTH are rejected with SMGW_E_LIMIT. */
static void test_deep_tree(void **state)
{
	static uint8_t a[8192], b[8192], msg[16384];
	int depth;

	(void)state;
	for (depth = 1; depth <= 40; depth++) {
		struct smgw_sml_tree t;
		struct smgw_sml_message m, d;
		struct smgw_writer w;
		struct smgw_reader r;
		size_t alen = 0, len = 0;
		int i, rc;

		for (i = 0; i < depth; i++) {
			memset(&t, 0, sizeof(t));
			t.parameter_name = obis180;
			if (i > 0)
				smgw_sml_cursor_init(&t.child_list, a, alen, 1);
			smgw_writer_init(&w, b, sizeof(b));
			smgw_sml_write_tree(&w, &t);
			assert_int_equal(smgw_writer_finish(&w, &alen), 0);
			memcpy(a, b, alen);
		}
		base(&m, SMGW_SML_GET_PROC_PARAMETER_RES);
		m.body.get_proc_parameter_res.server_id = server_id;
		smgw_sml_cursor_init(&m.body.get_proc_parameter_res.parameter_tree_path, NULL, 0, 0);
		m.body.get_proc_parameter_res.parameter_tree_path.present = 1;
		smgw_sml_cursor_init(&m.body.get_proc_parameter_res.parameter_tree, a, alen, 1);
		smgw_writer_init(&w, msg, sizeof(msg));
		assert_int_equal(smgw_sml_message_encode(&w, &m), 0);
		assert_int_equal(smgw_writer_finish(&w, &len), 0);
		smgw_reader_init(&r, msg, len);
		rc = smgw_sml_message_next(&r, 0, &d, NULL);
		/* Each tree level is two list levels (node, childList). */
		if (depth <= 7)
			assert_int_equal(rc, 1);
		else
			assert_int_equal(rc, SMGW_E_LIMIT);
	}
}

static void test_size_query(void **state)
{
	struct smgw_sml_message m;
	struct smgw_writer w;
	uint8_t small[8];
	size_t need = 0, len = 0;

	(void)state;
	base(&m, SMGW_SML_CLOSE_RES);
	smgw_writer_init(&w, NULL, 0);
	assert_int_equal(smgw_sml_message_encode(&w, &m), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_writer_finish(&w, &need), SMGW_E_BUFSIZE);
	smgw_writer_init(&w, small, sizeof(small));
	assert_int_equal(smgw_sml_message_encode(&w, &m), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_writer_finish(&w, &len), SMGW_E_BUFSIZE);
	assert_int_equal(len, need);
	{
		uint8_t *big = malloc(need);
		smgw_writer_init(&w, big, need);
		assert_int_equal(smgw_sml_message_encode(&w, &m), 0);
		assert_int_equal(smgw_writer_finish(&w, &len), 0);
		assert_int_equal(len, need);
		free(big);
	}
	/* TL fields: the length includes the TL bytes, lists count elements. */
	{
		uint8_t b[8];
		smgw_writer_init(&w, b, sizeof(b));
		smgw_sml_write_tl(&w, SMGW_SML_TYPE_OCTETS, 48);
		smgw_sml_write_tl(&w, SMGW_SML_TYPE_LIST, 20);
		smgw_sml_write_tl(&w, SMGW_SML_TYPE_OCTETS, 15);
		assert_int_equal(smgw_writer_finish(&w, &len), 0);
		assert_int_equal(len, 6);
		assert_memory_equal(b, "\x83\x02\xf1\x04\x81\x01", 6);
	}
	assert_int_equal(smgw_sml_message_encode(NULL, &m), SMGW_E_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_close),
		cmocka_unit_test(test_get_list),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_proc_parameter_and_attention),
		cmocka_unit_test(test_reencode_captures),
		cmocka_unit_test(test_deep_tree),
		cmocka_unit_test(test_size_query),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
