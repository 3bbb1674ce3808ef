/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PB-TNC (RFC 5793): the strongSwan capture byte for byte (RESULT, CLOSE,
 * the CDATA messages), every state-machine transition of both roles,
 * allowed and forbidden, against the RFC 5793 section 3.2 tables, the retry
 * policy, every PB-Error path with its code and offset (and the CLOSE batch
 * that carries it), NOSKIP and RESULT-only rules, size limits, and that
 * truncated and oversized batches are refused without allocation.
 */
#include "test_pa_util.h"

static uint8_t out[8192];

static smgw_pb_session *new_session(smgw_ctx *ctx, uint32_t role, uint32_t flags)
{
	struct smgw_pb_config cfg;
	smgw_pb_session *s = NULL;

	memset(&cfg, 0, sizeof(cfg));
	cfg.struct_size = sizeof(cfg);
	cfg.role = role;
	cfg.flags = flags;
	assert_int_equal(smgw_pb_session_new(ctx, &cfg, &s), 0);
	return s;
}

/* A batch as the peer of @p role would send it: D bit set iff the peer is
 * the server; RESULT batches carry a PB-Assessment-Result. */
static size_t peer_batch(uint32_t my_role, uint32_t type, uint8_t *buf, size_t cap)
{
	struct smgw_writer w;
	size_t mark;

	smgw_writer_init(&w, buf, cap);
	mark = smgw_pb_batch_begin(&w, my_role == SMGW_PB_ROLE_CLIENT, (uint8_t)type);
	if (type == SMGW_PB_BATCH_RESULT)
		assert_int_equal(smgw_pb_encode_assessment_result(&w, 0), 0);
	assert_int_equal(smgw_pb_batch_end(&w, mark), 0);
	return tnc_finish(&w);
}

static int receive_type(smgw_pb_session *s, uint32_t role, uint32_t type, struct smgw_pb_error *err)
{
	uint8_t b[64];
	size_t n = peer_batch(role, type, b, sizeof(b));
	struct smgw_pb_batch batch;

	return smgw_pb_session_receive(s, b, n, &batch, err, NULL);
}

/* ---- the capture ---- */

static void test_capture_result_decode(void **state)
{
	smgw_ctx *ctx;
	smgw_pb_session *c;
	uint8_t *res, *close_b, cb[16];
	size_t rl, cl, pos = 0, n;
	struct smgw_pb_batch b;
	struct smgw_pb_msg m;
	struct smgw_pb_pa pa;
	struct smgw_pb_error err;
	uint32_t ar;
	uint16_t acc;

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	c = new_session(ctx, SMGW_PB_ROLE_CLIENT, SMGW_PB_NO_RETRY);
	res = tnc_load("capture/result-batch.bin", &rl);
	close_b = tnc_load("capture/close-client.bin", &cl);
	assert_non_null(res);
	assert_non_null(close_b);
	assert_int_equal(smgw_pb_session_sent(c, SMGW_PB_BATCH_CDATA), 0);
	assert_int_equal(smgw_pb_session_state(c), SMGW_PB_STATE_SERVER_WORKING);
	assert_int_equal(smgw_pb_session_receive(c, res, rl, &b, &err, NULL), 0);
	assert_int_equal(smgw_pb_session_state(c), SMGW_PB_STATE_DECIDED);
	assert_int_equal(b.type, SMGW_PB_BATCH_RESULT);
	assert_int_equal(b.server, 1);
	assert_int_equal(b.msg_count, 3);

	assert_int_equal(smgw_pb_session_msg_next(c, &b, &pos, &m), 1);
	assert_int_equal(m.type, SMGW_PB_MSG_PA);
	assert_int_equal(smgw_pb_decode_pa(&m, &pa, NULL), 0);
	assert_int_equal(pa.flags, SMGW_PB_PA_EXCL);
	assert_int_equal(pa.vendor, SMGW_TNC_VENDOR_ITA);
	assert_int_equal(pa.subtype, 1);
	assert_int_equal(pa.collector, 1);
	assert_int_equal(pa.validator, 1);
	{
		struct smgw_pa_msg pm;
		struct smgw_pa_attr a;
		size_t p2 = 0;
		uint32_t v;

		assert_int_equal(smgw_pa_msg_parse(pa.body, pa.body_len, &pm, NULL, NULL), 0);
		assert_int_equal(pm.msg_id, 0x9E8D5575u);
		assert_int_equal(smgw_pa_attr_next(&pm, &p2, &a), 1);
		assert_int_equal(smgw_pa_decode_u32(&a, &v, NULL), 0);
		assert_int_equal(v, SMGW_PA_ASSESSMENT_COMPLIANT);
	}
	assert_int_equal(smgw_pb_session_msg_next(c, &b, &pos, &m), 1);
	assert_int_equal(smgw_pb_decode_assessment_result(&m, &ar, NULL), 0);
	assert_int_equal(ar, 0);
	assert_int_equal(smgw_pb_session_msg_next(c, &b, &pos, &m), 1);
	assert_int_equal(smgw_pb_decode_access_recommendation(&m, &acc, NULL), 0);
	assert_int_equal(acc, SMGW_PB_ACCESS_ALLOWED);
	assert_int_equal(smgw_pb_session_msg_next(c, &b, &pos, &m), 0);

	/* BSI profile: no retry from Decided, only CLOSE; which is the captured one */
	assert_false(smgw_pb_session_may_send(c, SMGW_PB_BATCH_CRETRY));
	assert_int_equal(smgw_pb_session_close_batch(c, cb, 4, &n), SMGW_E_BUFSIZE);
	assert_int_equal(n, 8);
	assert_int_equal(smgw_pb_session_state(c), SMGW_PB_STATE_DECIDED);
	assert_int_equal(smgw_pb_session_close_batch(c, cb, sizeof(cb), &n), 0);
	assert_int_equal(n, cl);
	assert_memory_equal(cb, close_b, cl);
	assert_int_equal(smgw_pb_session_state(c), SMGW_PB_STATE_END);
	free(res);
	free(close_b);
	smgw_pb_session_free(c);
	smgw_ctx_unref(ctx);
}

static void test_capture_result_encode(void **state)
{
	smgw_ctx *ctx;
	smgw_pb_session *s;
	uint8_t *res;
	size_t rl, mark, pmark, n;
	struct smgw_writer w;
	struct smgw_pb_pa pa;

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	s = new_session(ctx, SMGW_PB_ROLE_SERVER, SMGW_PB_NO_RETRY);
	res = tnc_load("capture/result-batch.bin", &rl);
	assert_non_null(res);
	assert_int_equal(receive_type(s, SMGW_PB_ROLE_SERVER, SMGW_PB_BATCH_CDATA, NULL), 0);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pb_session_begin_batch(s, &w, SMGW_PB_BATCH_RESULT, &mark), 0);
	memset(&pa, 0, sizeof(pa));
	pa.flags = SMGW_PB_PA_EXCL;
	pa.vendor = SMGW_TNC_VENDOR_ITA;
	pa.subtype = 1;
	pa.collector = 1;
	pa.validator = 1;
	pmark = smgw_pb_pa_begin(&w, &pa);
	smgw_pa_msg_begin(&w, 0x9E8D5575u);
	assert_int_equal(smgw_pa_encode_assessment_result(&w, 0, SMGW_PA_ASSESSMENT_COMPLIANT), 0);
	assert_int_equal(smgw_pb_msg_end(&w, pmark), 0);
	assert_int_equal(smgw_pb_encode_assessment_result(&w, SMGW_PA_ASSESSMENT_COMPLIANT), 0);
	assert_int_equal(smgw_pb_encode_access_recommendation(&w, SMGW_PB_ACCESS_ALLOWED), 0);
	assert_int_equal(smgw_pb_session_end_batch(s, &w, mark), 0);
	n = tnc_finish(&w);
	assert_int_equal(n, rl);
	assert_memory_equal(out, res, rl);
	assert_int_equal(smgw_pb_session_state(s), SMGW_PB_STATE_DECIDED);
	free(res);
	smgw_pb_session_free(s);
	smgw_ctx_unref(ctx);
}

static void test_capture_cdata_messages(void **state)
{
	uint8_t *lang, *ita, *os, *hdr;
	size_t ll, il, ol, hl, n, mark;
	struct smgw_writer w;
	struct smgw_pb_pa pa;
	smgw_ctx *ctx;
	smgw_pb_session *srv;
	struct smgw_pb_batch b;
	struct smgw_pb_msg m;
	const char *ranges;
	size_t rlen, pos = 0;

	(void)state;
	lang = tnc_load("capture/cdata-msg-language.bin", &ll);
	ita = tnc_load("capture/cdata-msg-pa-ita.bin", &il);
	os = tnc_load("capture/cdata-msg-pa-os-headers.bin", &ol);
	hdr = tnc_load("capture/cdata-header.bin", &hl);
	assert_true(lang && ita && os && hdr);

	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pb_encode_language_preference(&w, "en"), 0);
	n = tnc_finish(&w);
	assert_int_equal(n, ll);
	assert_memory_equal(out, lang, ll);

	smgw_writer_init(&w, out, sizeof(out));
	memset(&pa, 0, sizeof(pa));
	pa.vendor = SMGW_TNC_VENDOR_ITA;
	pa.subtype = 1;
	pa.collector = 1;
	pa.validator = SMGW_PB_ID_ANY;
	mark = smgw_pb_pa_begin(&w, &pa);
	smgw_pa_msg_begin(&w, 0x9F40BD41u);
	assert_int_equal(smgw_pa_encode_attr(&w, SMGW_PA_ATTR_NOSKIP, SMGW_TNC_VENDOR_ITA, 1, "allow", 5), 0);
	assert_int_equal(smgw_pb_msg_end(&w, mark), 0);
	n = tnc_finish(&w);
	assert_int_equal(n, il);
	assert_memory_equal(out, ita, il);

	/* third message: its headers (its length covers attributes not shown) */
	smgw_writer_init(&w, out, sizeof(out));
	pa.vendor = SMGW_TNC_VENDOR_IETF;
	pa.subtype = SMGW_PA_SUBTYPE_OPERATING_SYSTEM;
	pa.collector = 2;
	mark = smgw_pb_pa_begin(&w, &pa);
	smgw_pa_msg_begin(&w, 0x7D4A5F9Du);
	smgw_writer_fill(&w, 0, 219 - 32);
	assert_int_equal(smgw_pb_msg_end(&w, mark), 0);
	n = tnc_finish(&w);
	assert_int_equal(n, 219);
	assert_memory_equal(out, os, ol);

	/* the batch header for 307 bytes of messages, and the messages as a client batch */
	smgw_writer_init(&w, out, sizeof(out));
	mark = smgw_pb_batch_begin(&w, 0, SMGW_PB_BATCH_CDATA);
	smgw_writer_fill(&w, 0, 307 - 8);
	assert_int_equal(smgw_pb_batch_end(&w, mark), 0);
	assert_memory_equal(out, hdr, hl);

	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	srv = new_session(ctx, SMGW_PB_ROLE_SERVER, 0);
	smgw_writer_init(&w, out, sizeof(out));
	mark = smgw_pb_batch_begin(&w, 0, SMGW_PB_BATCH_CDATA);
	smgw_writer_bytes(&w, lang, ll);
	smgw_writer_bytes(&w, ita, il);
	assert_int_equal(smgw_pb_batch_end(&w, mark), 0);
	n = tnc_finish(&w);
	assert_int_equal(smgw_pb_session_receive(srv, out, n, &b, NULL, NULL), 0);
	assert_int_equal(smgw_pb_session_state(srv), SMGW_PB_STATE_SERVER_WORKING);
	assert_int_equal(smgw_pb_session_msg_next(srv, &b, &pos, &m), 1);
	assert_int_equal(smgw_pb_decode_language_preference(&m, &ranges, &rlen, NULL), 0);
	assert_int_equal(rlen, 2);
	assert_memory_equal(ranges, "en", 2);
	assert_int_equal(smgw_pb_session_msg_next(srv, &b, &pos, &m), 1);
	assert_int_equal(m.type, SMGW_PB_MSG_PA);
	assert_int_equal(smgw_pb_session_msg_next(srv, &b, &pos, &m), 0);
	smgw_pb_session_free(srv);
	smgw_ctx_unref(ctx);
	free(lang);
	free(ita);
	free(os);
	free(hdr);
}

/* ---- the state machine: every (role, state, batch type, direction) ---- */

enum { R = 0, S_ = 1 };
#define NONE -1

/* RFC 5793 section 3.2 (docs/tnc.md): next state or NONE, indexed
 * [state][batch type 1..6 -> 0..5], written out from the tables. */
struct sm_table {
	int send[5][6];
	int recv[5][6];
};

/* column order: CDATA SDATA RESULT CRETRY SRETRY CLOSE */
#define I SMGW_PB_STATE_INIT
#define SW SMGW_PB_STATE_SERVER_WORKING
#define CW SMGW_PB_STATE_CLIENT_WORKING
#define D SMGW_PB_STATE_DECIDED
#define E SMGW_PB_STATE_END
static const struct sm_table client_table = {
	.send = {
		[I] = { SW, NONE, NONE, NONE, NONE, E },
		[SW] = { NONE, NONE, NONE, SW, NONE, E },
		[CW] = { SW, NONE, NONE, SW, NONE, E },
		[D] = { NONE, NONE, NONE, SW, NONE, E },
		[E] = { NONE, NONE, NONE, NONE, NONE, E },
	},
	.recv = {
		[I] = { NONE, CW, NONE, NONE, NONE, E },
		[SW] = { NONE, CW, D, NONE, CW, E },
		[CW] = { NONE, NONE, NONE, NONE, NONE, E },
		[D] = { NONE, NONE, NONE, NONE, SW, E },
		[E] = { NONE, NONE, NONE, NONE, NONE, E },
	},
};
static const struct sm_table server_table = {
	.send = {
		[I] = { NONE, CW, NONE, NONE, NONE, E },
		[SW] = { NONE, CW, D, NONE, CW, E },
		[CW] = { NONE, NONE, NONE, NONE, CW, E },
		[D] = { NONE, NONE, NONE, NONE, SW, E },
		[E] = { NONE, NONE, NONE, NONE, NONE, E },
	},
	.recv = {
		[I] = { SW, NONE, NONE, NONE, NONE, E },
		[SW] = { NONE, NONE, NONE, SW, NONE, E },
		[CW] = { SW, NONE, NONE, SW, NONE, E },
		[D] = { NONE, NONE, NONE, SW, NONE, E },
		[E] = { NONE, NONE, NONE, NONE, NONE, E },
	},
};
#undef I
#undef SW
#undef CW
#undef D
#undef E

/* A session of @p role driven into @p st by an allowed path. */
static smgw_pb_session *reach(smgw_ctx *ctx, uint32_t role, int st, uint32_t flags)
{
	smgw_pb_session *s = new_session(ctx, role, flags);
	int client = role == SMGW_PB_ROLE_CLIENT;

	switch (st) {
	case SMGW_PB_STATE_INIT:
		break;
	case SMGW_PB_STATE_SERVER_WORKING:
		if (client)
			assert_int_equal(smgw_pb_session_sent(s, SMGW_PB_BATCH_CDATA), 0);
		else
			assert_int_equal(receive_type(s, role, SMGW_PB_BATCH_CDATA, NULL), 0);
		break;
	case SMGW_PB_STATE_CLIENT_WORKING:
		if (client) {
			assert_int_equal(smgw_pb_session_sent(s, SMGW_PB_BATCH_CDATA), 0);
			assert_int_equal(receive_type(s, role, SMGW_PB_BATCH_SDATA, NULL), 0);
		} else {
			assert_int_equal(receive_type(s, role, SMGW_PB_BATCH_CDATA, NULL), 0);
			assert_int_equal(smgw_pb_session_sent(s, SMGW_PB_BATCH_SDATA), 0);
		}
		break;
	case SMGW_PB_STATE_DECIDED:
		if (client) {
			assert_int_equal(smgw_pb_session_sent(s, SMGW_PB_BATCH_CDATA), 0);
			assert_int_equal(receive_type(s, role, SMGW_PB_BATCH_RESULT, NULL), 0);
		} else {
			assert_int_equal(receive_type(s, role, SMGW_PB_BATCH_CDATA, NULL), 0);
			assert_int_equal(smgw_pb_session_sent(s, SMGW_PB_BATCH_RESULT), 0);
		}
		break;
	default:
		assert_int_equal(smgw_pb_session_sent(s, SMGW_PB_BATCH_CLOSE), 0);
		break;
	}
	assert_int_equal(smgw_pb_session_state(s), st);
	return s;
}

static void check_role(uint32_t role, const struct sm_table *t)
{
	smgw_ctx *ctx;
	int st;
	uint32_t type;

	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	for (st = SMGW_PB_STATE_INIT; st <= SMGW_PB_STATE_END; st++) {
		for (type = SMGW_PB_BATCH_CDATA; type <= SMGW_PB_BATCH_CLOSE; type++) {
			smgw_pb_session *s;
			struct smgw_pb_error err;
			int want, e;

			/* send */
			want = t->send[st][type - 1];
			s = reach(ctx, role, st, 0);
			assert_int_equal(smgw_pb_session_may_send(s, type), want != NONE);
			e = smgw_pb_session_sent(s, type);
			if (want == NONE) {
				if (e != SMGW_E_STATE)
					fail_msg("role %u state %d send %u: %d", role, st, type, e);
				assert_int_equal(smgw_pb_session_state(s), st);
			} else {
				if (e != 0 || smgw_pb_session_state(s) != want)
					fail_msg("role %u state %d send %u: %d -> %d", role, st, type, e,
						 smgw_pb_session_state(s));
			}
			smgw_pb_session_free(s);

			/* receive */
			want = t->recv[st][type - 1];
			s = reach(ctx, role, st, 0);
			memset(&err, 0xAA, sizeof(err));
			e = receive_type(s, role, type, &err);
			if (want == NONE) {
				if (e != SMGW_E_TNC_PB_UNEXPECTED)
					fail_msg("role %u state %d recv %u: %d", role, st, type, e);
				assert_int_equal(err.code, SMGW_PB_ERROR_UNEXPECTED_BATCH_TYPE);
				assert_int_equal(err.flags, SMGW_PB_ERROR_FATAL);
				assert_int_equal(err.vendor, 0);
				/* afterwards only CLOSE may be sent */
				assert_false(smgw_pb_session_may_send(s, SMGW_PB_BATCH_CDATA));
				assert_false(smgw_pb_session_may_send(s, SMGW_PB_BATCH_SDATA));
				assert_true(smgw_pb_session_may_send(s, SMGW_PB_BATCH_CLOSE));
			} else {
				if (e != 0 || smgw_pb_session_state(s) != want)
					fail_msg("role %u state %d recv %u: %d -> %d", role, st, type, e,
						 smgw_pb_session_state(s));
			}
			smgw_pb_session_free(s);
		}
	}
	smgw_ctx_unref(ctx);
}

static void test_state_machine_client(void **state)
{
	(void)state;
	check_role(SMGW_PB_ROLE_CLIENT, &client_table);
}

static void test_state_machine_server(void **state)
{
	(void)state;
	check_role(SMGW_PB_ROLE_SERVER, &server_table);
}

/* The BSI profile: every retry the RFC allows is refused, sent or received. */
static void test_no_retry_policy(void **state)
{
	smgw_ctx *ctx;
	int r, st;
	uint32_t type;
	size_t n;
	uint8_t cb[16];

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	for (r = 0; r < 2; r++) {
		const struct sm_table *t = r == 0 ? &client_table : &server_table;

		for (st = SMGW_PB_STATE_INIT; st < SMGW_PB_STATE_END; st++) {
			for (type = SMGW_PB_BATCH_CRETRY; type <= SMGW_PB_BATCH_SRETRY; type++) {
				smgw_pb_session *s;
				struct smgw_pb_error err;

				if (t->send[st][type - 1] != NONE) {
					s = reach(ctx, (uint32_t)r, st, SMGW_PB_NO_RETRY);
					assert_false(smgw_pb_session_may_send(s, type));
					assert_int_equal(smgw_pb_session_sent(s, type),
							 SMGW_E_TNC_PB_RETRY_REFUSED);
					assert_int_equal(smgw_pb_session_state(s), st);
					smgw_pb_session_free(s);
				}
				if (t->recv[st][type - 1] != NONE) {
					s = reach(ctx, (uint32_t)r, st, SMGW_PB_NO_RETRY);
					assert_int_equal(receive_type(s, (uint32_t)r, type, &err),
							 SMGW_E_TNC_PB_RETRY_REFUSED);
					assert_int_equal(smgw_pb_session_state(s), st);
					/* answer: an empty CLOSE, then End */
					assert_false(smgw_pb_session_may_send(s, SMGW_PB_BATCH_SDATA));
					assert_int_equal(smgw_pb_session_close_batch(s, cb, sizeof(cb), &n), 0);
					assert_int_equal(n, 8);
					assert_int_equal(cb[1], r == 0 ? 0 : 0x80);
					assert_int_equal(cb[3], SMGW_PB_BATCH_CLOSE);
					assert_int_equal(smgw_pb_session_state(s), SMGW_PB_STATE_END);
					smgw_pb_session_free(s);
				}
			}
		}
	}
	smgw_ctx_unref(ctx);
}

/* A whole normal SMGW flow, with a round of SDATA and an empty CDATA. */
static void test_normal_flow(void **state)
{
	smgw_ctx *ctx;
	smgw_pb_session *c, *s;
	struct smgw_writer w;
	struct smgw_pb_batch b;
	size_t mark, n;
	uint8_t buf[256];

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	c = new_session(ctx, SMGW_PB_ROLE_CLIENT, SMGW_PB_NO_RETRY);
	s = new_session(ctx, SMGW_PB_ROLE_SERVER, SMGW_PB_NO_RETRY);
	/* the server may not answer before the client spoke: RESULT from Init is forbidden */
	assert_false(smgw_pb_session_may_send(s, SMGW_PB_BATCH_RESULT));

	smgw_writer_init(&w, buf, sizeof(buf));
	assert_int_equal(smgw_pb_session_begin_batch(c, &w, SMGW_PB_BATCH_CDATA, &mark), 0);
	assert_int_equal(smgw_pb_encode_language_preference(&w, "de"), 0);
	assert_int_equal(smgw_pb_session_end_batch(c, &w, mark), 0);
	n = tnc_finish(&w);
	/* half duplex: the client may not send again before the server answered */
	assert_false(smgw_pb_session_may_send(c, SMGW_PB_BATCH_CDATA));
	assert_int_equal(smgw_pb_session_receive(s, buf, n, &b, NULL, NULL), 0);

	smgw_writer_init(&w, buf, sizeof(buf));
	assert_int_equal(smgw_pb_session_begin_batch(s, &w, SMGW_PB_BATCH_SDATA, &mark), 0);
	assert_int_equal(smgw_pb_session_end_batch(s, &w, mark), 0);
	n = tnc_finish(&w);
	assert_int_equal(buf[1], 0x80);
	assert_false(smgw_pb_session_may_send(s, SMGW_PB_BATCH_SDATA));
	assert_int_equal(smgw_pb_session_receive(c, buf, n, &b, NULL, NULL), 0);

	smgw_writer_init(&w, buf, sizeof(buf));
	assert_int_equal(smgw_pb_session_begin_batch(c, &w, SMGW_PB_BATCH_CDATA, &mark), 0);
	assert_int_equal(smgw_pb_session_end_batch(c, &w, mark), 0);
	n = tnc_finish(&w);
	assert_int_equal(n, 8);
	assert_int_equal(smgw_pb_session_receive(s, buf, n, &b, NULL, NULL), 0);

	smgw_writer_init(&w, buf, sizeof(buf));
	assert_int_equal(smgw_pb_session_begin_batch(s, &w, SMGW_PB_BATCH_RESULT, &mark), 0);
	assert_int_equal(smgw_pb_encode_assessment_result(&w, SMGW_PA_ASSESSMENT_NC_MINOR), 0);
	assert_int_equal(smgw_pb_encode_access_recommendation(&w, SMGW_PB_ACCESS_QUARANTINED), 0);
	{
		struct smgw_pb_reason rs = { "patch level", 11, "en", 2 };
		struct smgw_tnc_remediation rm;

		memset(&rm, 0, sizeof(rm));
		rm.type = SMGW_TNC_REMEDIATION_URI;
		rm.uri = "https://gwa/";
		rm.uri_len = 12;
		assert_int_equal(smgw_pb_encode_reason_string(&w, &rs), 0);
		assert_int_equal(smgw_pb_encode_remediation(&w, &rm), 0);
	}
	assert_int_equal(smgw_pb_session_end_batch(s, &w, mark), 0);
	n = tnc_finish(&w);
	assert_int_equal(smgw_pb_session_receive(c, buf, n, &b, NULL, NULL), 0);
	assert_int_equal(smgw_pb_session_state(c), SMGW_PB_STATE_DECIDED);
	{
		struct smgw_pb_msg m;
		size_t pos = 0;
		struct smgw_pb_reason rs;
		struct smgw_tnc_remediation rm;
		int count = 0;

		while (smgw_pb_session_msg_next(c, &b, &pos, &m) == 1) {
			count++;
			if (m.type == SMGW_PB_MSG_REASON_STRING) {
				assert_int_equal(smgw_pb_decode_reason_string(&m, &rs, NULL), 0);
				assert_memory_equal(rs.reason, "patch level", 11);
			}
			if (m.type == SMGW_PB_MSG_REMEDIATION_PARAMETERS) {
				assert_int_equal(smgw_pb_decode_remediation(&m, &rm, NULL), 0);
				assert_memory_equal(rm.uri, "https://gwa/", 12);
			}
		}
		assert_int_equal(count, 4);
	}
	assert_int_equal(smgw_pb_session_close_batch(c, buf, sizeof(buf), &n), 0);
	assert_int_equal(smgw_pb_session_receive(s, buf, n, &b, NULL, NULL), 0);
	assert_int_equal(smgw_pb_session_state(s), SMGW_PB_STATE_END);
	/* CLOSE in End is accepted and changes nothing */
	assert_int_equal(smgw_pb_session_receive(s, buf, n, &b, NULL, NULL), 0);
	assert_int_equal(smgw_pb_session_state(s), SMGW_PB_STATE_END);
	smgw_pb_session_free(c);
	smgw_pb_session_free(s);
	smgw_ctx_unref(ctx);
}

/* ---- PB-Error paths: code, offset, and the CLOSE batch carrying it ---- */

struct err_case {
	uint32_t role;       /* receiving side */
	int pre;             /* 1: the client has sent CDATA first (client receivers) */
	const char *hex;     /* the batch received */
	int ret;
	uint16_t code;
	uint32_t offset;
};

static void test_pb_error_paths(void **state)
{
	static const struct err_case cases[] = {
		/* batch shorter than its header */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 0000", SMGW_E_TNC_PB_INVALID, 1, 0 },
		/* wrong direction bit: a server receives a batch with D set */
		{ SMGW_PB_ROLE_SERVER, 0, "02 80 00 01 00000008", SMGW_E_TNC_PB_INVALID, 1, 1 },
		/* a client receives a batch without D */
		{ SMGW_PB_ROLE_CLIENT, 1, "02 00 00 02 00000008", SMGW_E_TNC_PB_INVALID, 1, 1 },
		/* batch types 0, 7, 15 */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 00 00000008", SMGW_E_TNC_PB_INVALID, 1, 3 },
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 07 00000008", SMGW_E_TNC_PB_INVALID, 1, 3 },
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 0F 00000008", SMGW_E_TNC_PB_INVALID, 1, 3 },
		/* reserved bits around the type are ignored: 0xF1 is CDATA */
		{ SMGW_PB_ROLE_SERVER, 0, "02 7F FF F1 00000008", 0, 0, 0 },
		/* batch length differs from the bytes received */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000009", SMGW_E_TNC_PB_INVALID, 1, 4 },
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000007 00", SMGW_E_TNC_PB_INVALID, 1, 4 },
		/* message header truncated */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 0000000C 00000000", SMGW_E_TNC_PB_INVALID, 1, 8 },
		/* message length below 12, beyond the batch */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000014 00 000000 00000006 0000000B",
		  SMGW_E_TNC_PB_INVALID, 1, 16 },
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000014 00 000000 00000006 0000000D",
		  SMGW_E_TNC_PB_INVALID, 1, 16 },
		/* reserved vendor and type */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000014 00 FFFFFF 00000001 0000000C",
		  SMGW_E_TNC_PB_INVALID, 1, 9 },
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000014 00 000000 FFFFFFFF 0000000C",
		  SMGW_E_TNC_PB_INVALID, 1, 12 },
		/* unsupported message with NOSKIP (vendor, IETF 8, Experimental) */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000020 00 00ABCD 00000002 0000000C 80 00ABCD 00000001 0000000C",
		  SMGW_E_TNC_PB_UNSUPPORTED, 3, 20 },
		/* messages are checked in order: a malformed one before an unsupported NOSKIP one */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000020 00 000000 00000006 0000000C 80 00ABCD 00000001 0000000C",
		  SMGW_E_TNC_PB_INVALID, 1, 20 },
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000014 80 000000 00000008 0000000C",
		  SMGW_E_TNC_PB_UNSUPPORTED, 3, 8 },
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000014 80 000000 00000000 0000000C",
		  SMGW_E_TNC_PB_UNSUPPORTED, 3, 8 },
		/* ... and without NOSKIP they are skipped */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000020 00 000000 00000000 0000000C 00 00ABCD 00000001 0000000C",
		  0, 0, 0 },
		/* NOSKIP rules of the IETF types: PB-PA without NOSKIP, Language-Preference with */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000020 00 000000 00000001 00000018 00 000000 00000001 0001 FFFF",
		  SMGW_E_TNC_PB_INVALID, 1, 8 },
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000027 80 000000 00000006 0000001F 4163636570742D4C616E67756167653A20656E",
		  SMGW_E_TNC_PB_INVALID, 1, 8 },
		/* RESULT-only message from a client */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000018 80 000000 00000002 00000010 00000000",
		  SMGW_E_TNC_PB_INVALID, 1, 8 },
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000018 00 000000 00000003 00000010 0000 0001",
		  SMGW_E_TNC_PB_INVALID, 1, 8 },
		/* ... a client ignores them outside RESULT */
		{ SMGW_PB_ROLE_CLIENT, 1, "02 80 00 02 00000018 00 000000 00000003 00000010 0000 0001", 0, 0, 0 },
		/* PB-PA value shorter than 12 (strongSwan: the message offset) */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 0000001C 80 000000 00000001 00000014 00 000000 00000001",
		  SMGW_E_TNC_PB_INVALID, 1, 8 },
		/* PB-PA reserved subtype */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000020 80 000000 00000001 00000018 00 000000 FFFFFFFF 0001 FFFF",
		  SMGW_E_TNC_PB_INVALID, 1, 24 },
		/* Assessment Result 5; length 17 */
		{ SMGW_PB_ROLE_CLIENT, 1, "02 80 00 03 00000018 80 000000 00000002 00000010 00000005",
		  SMGW_E_TNC_PB_INVALID, 1, 20 },
		{ SMGW_PB_ROLE_CLIENT, 1, "02 80 00 03 00000019 80 000000 00000002 00000011 00000000 00",
		  SMGW_E_TNC_PB_INVALID, 1, 8 },
		/* Access Recommendation 4 */
		{ SMGW_PB_ROLE_CLIENT, 1, "02 80 00 03 00000028 80 000000 00000002 00000010 00000000 00 000000 00000003 00000010 0000 0004",
		  SMGW_E_TNC_PB_INVALID, 1, 24 + 14 },
		/* RESULT without Assessment Result; with two */
		{ SMGW_PB_ROLE_CLIENT, 1, "02 80 00 03 00000008", SMGW_E_TNC_PB_INVALID, 1, 0 },
		{ SMGW_PB_ROLE_CLIENT, 1, "02 80 00 03 00000028 80 000000 00000002 00000010 00000000 80 000000 00000002 00000010 00000001",
		  SMGW_E_TNC_PB_INVALID, 1, 24 },
		/* Reason String: language length does not fit */
		{ SMGW_PB_ROLE_CLIENT, 1, "02 80 00 03 0000002B 80 000000 00000002 00000010 00000000 00 000000 00000007 00000013 00000001 41 02 65",
		  SMGW_E_TNC_PB_INVALID, 1, 24 + 12 + 5 },
		/* Language Preference without the prefix */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 01 00000016 00 000000 00000006 0000000E 656E",
		  SMGW_E_TNC_PB_INVALID, 1, 20 },
		/* PB-Error without parameters: accepted, as strongSwan does */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 06 0000001C 80 000000 00000005 00000014 80 000000 0001 0000",
		  0, 0, 0 },
		/* PB-Error shorter than 20 bytes */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 06 00000018 80 000000 00000005 00000010 80 000000",
		  SMGW_E_TNC_PB_INVALID, 1, 8 },
		/* a received fatal PB-Error in CLOSE is accepted (the caller reads it) */
		{ SMGW_PB_ROLE_SERVER, 0, "02 00 00 06 00000020 80 000000 00000005 00000018 80 000000 0001 0000 00000004",
		  0, 0, 0 },
	};
	smgw_ctx *ctx;
	size_t i;

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		const struct err_case *c = &cases[i];
		smgw_pb_session *s = new_session(ctx, c->role, 0);
		uint8_t b[256], eb[64];
		size_t n = tnc_hex(c->hex, b, sizeof(b)), en;
		struct smgw_pb_batch batch;
		struct smgw_pb_error err;
		struct smgw_diag d = SMGW_DIAG_INIT;
		int e;

		if (c->pre)
			assert_int_equal(smgw_pb_session_sent(s, SMGW_PB_BATCH_CDATA), 0);
		memset(&err, 0, sizeof(err));
		e = smgw_pb_session_receive(s, b, n, &batch, &err, &d);
		if (e != c->ret || (e && (err.code != c->code || err.offset != c->offset)))
			fail_msg("case %zu: ret %d code %u offset %u (want %d %u %u): %s", i, e, err.code,
				 (unsigned)err.offset, c->ret, c->code, (unsigned)c->offset, d.message);
		if (e) {
			uint8_t exp[64];
			size_t xn;

			assert_int_equal(err.flags, SMGW_PB_ERROR_FATAL);
			assert_int_equal(smgw_pb_session_error_batch(s, &err, eb, sizeof(eb), &en), 0);
			assert_int_equal(smgw_pb_session_state(s), SMGW_PB_STATE_END);
			/* CLOSE with one fatal IETF PB-Error carrying the 4-byte offset */
			xn = tnc_hex("02 00 00 06 00000020 80 000000 00000005 00000018 80 000000", exp, sizeof(exp));
			exp[1] = c->role == SMGW_PB_ROLE_SERVER ? 0x80 : 0;
			assert_int_equal(en, 32);
			assert_memory_equal(eb, exp, xn);
			assert_int_equal(eb[24] << 8 | eb[25], c->code);
			assert_int_equal((uint32_t)eb[28] << 24 | (uint32_t)eb[29] << 16 |
						 (uint32_t)eb[30] << 8 | eb[31],
					 c->offset);
			/* once failed, nothing more is accepted */
			assert_int_equal(smgw_pb_session_receive(s, b, n, &batch, &err, NULL), SMGW_E_STATE);
		}
		smgw_pb_session_free(s);
	}
	smgw_ctx_unref(ctx);
}

static void test_version_error(void **state)
{
	smgw_ctx *ctx;
	smgw_pb_session *s;
	uint8_t b[16], eb[64];
	size_t n = tnc_hex("01 00 00 01 00000008", b, sizeof(b)), en;
	struct smgw_pb_batch batch;
	struct smgw_pb_error err;

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	s = new_session(ctx, SMGW_PB_ROLE_SERVER, 0);
	assert_int_equal(smgw_pb_session_receive(s, b, n, &batch, &err, NULL), SMGW_E_TNC_PB_VERSION);
	assert_int_equal(err.code, SMGW_PB_ERROR_VERSION_NOT_SUPPORTED);
	assert_int_equal(err.bad_version, 1);
	assert_int_equal(smgw_pb_session_error_batch(s, &err, eb, sizeof(eb), &en), 0);
	tnc_expect_bytes(eb, en, "02 80 00 06 00000020 80 000000 00000005 00000018 80 000000 0004 0000 01 02 02 00");
	/* and it decodes back */
	{
		struct smgw_pb_batch pb;
		struct smgw_pb_msg m;
		struct smgw_pb_error de;
		size_t pos = 0;

		assert_int_equal(smgw_pb_batch_parse(eb, en, &pb, NULL, NULL), 0);
		assert_int_equal(smgw_pb_msg_next(&pb, &pos, &m), 1);
		assert_int_equal(smgw_pb_decode_error(&m, &de, NULL), 0);
		assert_int_equal(de.code, 4);
		assert_int_equal(de.bad_version, 1);
		assert_int_equal(de.max_version, 2);
		assert_int_equal(de.min_version, 2);
	}
	smgw_pb_session_free(s);
	smgw_ctx_unref(ctx);
	/* the reserved TNCCS 1.x first bytes are refused too */
	{
		static const uint8_t reserved[] = { 0x00, 0x09, 0x0A, 0x0D, 0x20, 0x3C };
		size_t i;

		for (i = 0; i < sizeof(reserved); i++) {
			struct smgw_pb_error e2;

			b[0] = reserved[i];
			assert_int_equal(smgw_pb_batch_parse(b, n, &batch, &e2, NULL), SMGW_E_TNC_PB_VERSION);
			assert_int_equal(e2.bad_version, reserved[i]);
		}
	}
}

/* Vendor message types: skipped unless supported; NOSKIP ones refused unless supported. */
static void test_vendor_messages(void **state)
{
	smgw_ctx *ctx;
	smgw_pb_session *s;
	uint8_t b[64];
	size_t n, pos = 0;
	struct smgw_pb_batch batch;
	struct smgw_pb_msg m;

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	s = new_session(ctx, SMGW_PB_ROLE_SERVER, 0);
	assert_int_equal(smgw_pb_session_support(s, SMGW_TNC_VENDOR_ITA, 1), 0);
	assert_int_equal(smgw_pb_session_support(s, SMGW_TNC_VENDOR_ITA, 1), SMGW_E_EXISTS);
	assert_int_equal(smgw_pb_session_support(s, 0, 1), SMGW_E_INVAL);
	n = tnc_hex("02 00 00 01 00000024 80 00902A 00000001 0000000D 01 00 005597 00000001 0000000C", b,
		    sizeof(b));
	b[7] = (uint8_t)n;
	assert_int_equal(smgw_pb_session_receive(s, b, n, &batch, NULL, NULL), 0);
	assert_int_equal(smgw_pb_session_msg_next(s, &batch, &pos, &m), 1);
	assert_int_equal(m.vendor, SMGW_TNC_VENDOR_ITA);
	assert_int_equal(m.value_len, 1);
	assert_int_equal(smgw_pb_session_msg_next(s, &batch, &pos, &m), 0);
	smgw_pb_session_free(s);
	smgw_ctx_unref(ctx);
}

/* ---- size limits and allocation-free refusal ---- */

static void test_size_limits_no_allocation(void **state)
{
	struct tnc_alloc_count c;
	smgw_ctx *ctx = tnc_counting_ctx(&c);
	struct smgw_pb_config cfg;
	smgw_pb_session *s;
	uint8_t *big;
	size_t before, n, cut, mark;
	struct smgw_pb_batch batch;
	struct smgw_pb_error err;
	struct smgw_writer w;
	uint8_t full[64];

	(void)state;
	assert_non_null(ctx);
	memset(&cfg, 0, sizeof(cfg));
	cfg.struct_size = sizeof(cfg);
	cfg.role = SMGW_PB_ROLE_SERVER;
	cfg.max_batch_size = 200;
	cfg.max_message_size = 100;
	assert_int_equal(smgw_pb_session_new(ctx, &cfg, &s), 0);

	/* an oversized batch: refused before it is parsed, no allocation */
	big = calloc(1, 201);
	big[0] = 2;
	big[3] = 1;
	big[6] = 0;
	big[7] = 201;
	before = c.allocs;
	assert_int_equal(smgw_pb_session_receive(s, big, 201, &batch, &err, NULL), SMGW_E_LIMIT);
	assert_int_equal(c.allocs, before);
	assert_int_equal(err.code, SMGW_PB_ERROR_INVALID_PARAMETER);
	assert_int_equal(err.offset, 4);
	smgw_pb_session_free(s);

	/* an oversized message inside an acceptable batch: offset of its length field */
	assert_int_equal(smgw_pb_session_new(ctx, &cfg, &s), 0);
	smgw_writer_init(&w, big, 201);
	mark = smgw_pb_batch_begin(&w, 0, SMGW_PB_BATCH_CDATA);
	assert_int_equal(smgw_pb_encode_msg(&w, 0, 0x1234, 1, out + 1000, 120 - 12), 0);
	assert_int_equal(smgw_pb_batch_end(&w, mark), 0);
	n = tnc_finish(&w);
	before = c.allocs;
	assert_int_equal(smgw_pb_session_receive(s, big, n, &batch, &err, NULL), SMGW_E_LIMIT);
	assert_int_equal(c.allocs, before);
	assert_int_equal(err.offset, 16);
	smgw_pb_session_free(s);

	/* every truncation of a valid batch is refused without allocation */
	n = tnc_hex("02 00 00 01 00000027 00 000000 00000006 0000001F 4163636570742D4C616E67756167653A20656E",
		    full, sizeof(full));
	for (cut = 0; cut < n; cut++) {
		uint8_t *t = malloc(cut ? cut : 1);

		memcpy(t, full, cut);
		assert_int_equal(smgw_pb_session_new(ctx, &cfg, &s), 0);
		before = c.allocs;
		assert_int_equal(smgw_pb_session_receive(s, cut ? t : NULL, cut, &batch, &err, NULL),
				 SMGW_E_TNC_PB_INVALID);
		assert_int_equal(c.allocs, before);
		smgw_pb_session_free(s);
		free(t);
	}

	/* sending: larger than max_batch_size -> SMGW_E_LIMIT, no transition */
	cfg.role = SMGW_PB_ROLE_CLIENT;
	assert_int_equal(smgw_pb_session_new(ctx, &cfg, &s), 0);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pb_session_begin_batch(s, &w, SMGW_PB_BATCH_CDATA, &mark), 0);
	assert_int_equal(smgw_pb_encode_msg(&w, 0, 0x1234, 1, out + 1000, 190), 0);
	assert_int_equal(smgw_pb_session_end_batch(s, &w, mark), SMGW_E_LIMIT);
	assert_int_equal(smgw_pb_session_state(s), SMGW_PB_STATE_INIT);
	/* a message above max_message_size */
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pb_session_begin_batch(s, &w, SMGW_PB_BATCH_CDATA, &mark), 0);
	assert_int_equal(smgw_pb_encode_msg(&w, 0, 0x1234, 1, out + 1000, 100), 0);
	assert_int_equal(smgw_pb_session_end_batch(s, &w, mark), SMGW_E_LIMIT);
	/* too small a buffer: BUFSIZE, no transition; then it fits */
	smgw_writer_init(&w, out, 10);
	assert_int_equal(smgw_pb_session_begin_batch(s, &w, SMGW_PB_BATCH_CDATA, &mark), 0);
	assert_int_equal(smgw_pb_encode_language_preference(&w, "en"), 0);
	assert_int_equal(smgw_pb_session_end_batch(s, &w, mark), SMGW_E_BUFSIZE);
	assert_int_equal(smgw_pb_session_state(s), SMGW_PB_STATE_INIT);
	smgw_writer_init(&w, out, 39);
	assert_int_equal(smgw_pb_session_begin_batch(s, &w, SMGW_PB_BATCH_CDATA, &mark), 0);
	assert_int_equal(smgw_pb_encode_language_preference(&w, "en"), 0);
	assert_int_equal(smgw_pb_session_end_batch(s, &w, mark), 0);
	assert_int_equal(smgw_pb_session_state(s), SMGW_PB_STATE_SERVER_WORKING);
	smgw_pb_session_free(s);

	/* bad configurations */
	cfg.max_batch_size = 10;
	assert_int_equal(smgw_pb_session_new(ctx, &cfg, &s), SMGW_E_INVAL);
	cfg.max_batch_size = 0;
	cfg.role = 2;
	assert_int_equal(smgw_pb_session_new(ctx, &cfg, &s), SMGW_E_INVAL);
	free(big);
	smgw_ctx_unref(ctx);
	assert_int_equal(c.live, 0);
}

static void test_encoder_rules(void **state)
{
	struct smgw_writer w;
	struct smgw_pb_error e;
	size_t n;

	(void)state;
	/* NOSKIP set exactly where the table says */
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pb_encode_assessment_result(&w, 4), 0);
	assert_int_equal(smgw_pb_encode_access_recommendation(&w, 2), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "80 000000 00000002 00000010 00000004 00 000000 00000003 00000010 0000 0002");
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pb_encode_assessment_result(&w, 5), SMGW_E_INVAL);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pb_encode_access_recommendation(&w, 0), SMGW_E_INVAL);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pb_encode_language_preference(&w, "en\r\n"), SMGW_E_INVAL);
	/* a non-fatal error with an offset */
	memset(&e, 0, sizeof(e));
	e.code = SMGW_PB_ERROR_LOCAL_ERROR;
	e.offset = 0;
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pb_encode_error(&w, &e), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "80 000000 00000005 00000018 00 000000 0002 0000 00000000");
	assert_string_equal(smgw_pb_batch_type_name(3), "RESULT");
	assert_string_equal(smgw_pb_state_name(SMGW_PB_STATE_DECIDED), "Decided");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capture_result_decode),
		cmocka_unit_test(test_capture_result_encode),
		cmocka_unit_test(test_capture_cdata_messages),
		cmocka_unit_test(test_state_machine_client),
		cmocka_unit_test(test_state_machine_server),
		cmocka_unit_test(test_no_retry_policy),
		cmocka_unit_test(test_normal_flow),
		cmocka_unit_test(test_pb_error_paths),
		cmocka_unit_test(test_version_error),
		cmocka_unit_test(test_vendor_messages),
		cmocka_unit_test(test_size_limits_no_allocation),
		cmocka_unit_test(test_encoder_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
