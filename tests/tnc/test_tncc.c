/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The TNC client against scripted servers: the RESULT batch and what the
 * IMCs see of it (exclusive delivery, access state), the round-trip limit,
 * a CLOSE or a PB-Error instead of a result, a refused SRETRY, a batch in
 * the wrong direction, the end of the stream. The client's CLOSE batch is
 * compared with the capture's (shared/reference/tnc.md section 6).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smgw/core.h>
#include <smgw/tnc/tncc.h>
#include <smgw/tnc/tncs.h>

#include "tnc-script.h"

struct imc {
	TNC_IMCID id;
	TNC_TNCC_SendMessageLongPointer send;
	int n_rx;
	TNC_UInt32 rx_flags, rx_src, rx_dst;
	TNC_ConnectionState states[8];
	int n_states;
	int n_batch;             /* BatchEnding calls */
	int states_at_batch;     /* n_states at the last BatchEnding */
	TNC_Result batch_send;   /* what SendMessage answered in the last BatchEnding */
};

static struct imc imc;
/* BatchEnding sends a message when set (outside struct imc, which
 * Initialize clears) */
static int send_in_batch;

static TNC_Result i_init(TNC_IMCID id, TNC_Version min, TNC_Version max, TNC_Version *out)
{
	(void)min;
	(void)max;
	memset(&imc, 0, sizeof(imc));
	imc.id = id;
	*out = 1;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result i_bind(TNC_IMCID id, TNC_TNCC_BindFunctionPointer bind)
{
	TNC_TNCC_ReportMessageTypesLongPointer rep;
	TNC_VendorID v = 0;
	TNC_MessageSubtype s = 1;
	void *p = NULL;

	if (bind(id, "TNC_TNCC_SendMessageLong", &p))
		return TNC_RESULT_FATAL;
	memcpy(&imc.send, &p, sizeof(p));
	if (bind(id, "TNC_TNCC_ReportMessageTypesLong", &p))
		return TNC_RESULT_FATAL;
	memcpy(&rep, &p, sizeof(p));
	return rep(id, &v, &s, 1);
}

static TNC_Result i_notify(TNC_IMCID id, TNC_ConnectionID cid, TNC_ConnectionState st)
{
	(void)id;
	(void)cid;
	if (imc.n_states < 8)
		imc.states[imc.n_states++] = st;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result i_begin(TNC_IMCID id, TNC_ConnectionID cid)
{
	static unsigned char pa[8] = { 1, 0, 0, 0, 0, 0, 0, 1 };

	return imc.send(id, cid, 0, pa, sizeof(pa), 0, 1, TNC_IMVID_ANY);
}

static TNC_Result i_recv(TNC_IMCID id, TNC_ConnectionID cid, TNC_UInt32 flags, TNC_BufferReference m,
			 TNC_UInt32 len, TNC_VendorID v, TNC_MessageSubtype s, TNC_UInt32 src, TNC_UInt32 dst)
{
	(void)id, (void)cid, (void)m, (void)len, (void)v, (void)s;
	imc.n_rx++;
	imc.rx_flags = flags;
	imc.rx_src = src;
	imc.rx_dst = dst;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result i_batch(TNC_IMCID id, TNC_ConnectionID cid)
{
	static unsigned char pa[8] = { 1, 0, 0, 0, 0, 0, 0, 3 };

	imc.n_batch++;
	imc.states_at_batch = imc.n_states;
	if (send_in_batch)
		imc.batch_send = imc.send(id, cid, 0, pa, sizeof(pa), 0, 1, TNC_IMVID_ANY);
	return TNC_RESULT_SUCCESS;
}

static const struct smgw_tnc_imc_ops ops = {
	.struct_size = sizeof(struct smgw_tnc_imc_ops),
	.initialize = i_init,
	.notify_connection_change = i_notify,
	.begin_handshake = i_begin,
	.receive_message_long = i_recv,
	.batch_ending = i_batch,
	.provide_bind_function = i_bind,
};

/* A fresh script that starts with the server's negotiation: Version
 * Response 1, empty SASL Mechanisms. */
static void server_negotiation(void)
{
	memset(&sc, 0, sizeof(sc));
	script_pt(&sc, 2, 0, (const uint8_t *)"\x00\x00\x00\x01", 4);
	script_pt(&sc, 3, 1, NULL, 0);
}

static int setup(void **state)
{
	(void)state;
	send_in_batch = 0;
	server_negotiation();
	return smgw_ctx_new(NULL, &ctx);
}

static int assess(uint32_t max_rt, struct smgw_tnc_result *r, struct smgw_diag *d)
{
	struct smgw_tncc_params p;
	struct smgw_pt_io io = { sizeof(io), 0, &sc, script_read, script_write };
	smgw_tncc *t = NULL;
	uint32_t id = 0;
	int err;

	memset(&p, 0, sizeof(p));
	p.struct_size = sizeof(p);
	p.max_round_trips = max_rt;
	assert_int_equal(smgw_tncc_new(ctx, &p, &t), 0);
	assert_int_equal(smgw_tncc_add_imc(t, &ops, "scripted", NULL, &id), 0);
	assert_int_equal(id, 1);
	script_result_init(r);
	err = smgw_tncc_assess(t, &io, NULL, 0, r, d);
	smgw_tncc_free(t);
	return err;
}

/* The last batch the client wrote must be CLOSE. */
static int closed_with(int *ret_code)
{
	return script_closed_with(&sc, 0, ret_code);
}

static void test_result(void **state)
{
	uint8_t msgs[512], cap[8];
	size_t n = 0, len = 0;
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	const uint8_t *b;
	FILE *f;
	int code = 0;

	(void)state;
	n += pb_pa(msgs + n, 1, 0, 1, 1, 5);  /* EXCL to IMC 1 from IMV 5 */
	n += pb_pa(msgs + n, 1, 0, 1, 9, 5);  /* EXCL to IMC 9: nobody */
	n += pb_msg(msgs + n, 0x80, 2, (const uint8_t *)"\x00\x00\x00\x01", 4);
	n += pb_msg(msgs + n, 0, 3, (const uint8_t *)"\x00\x00\x00\x03", 4);
	n += pb_msg(msgs + n, 0, 7, (const uint8_t *)"\x00\x00\x00\x06update\x02" "en", 13);
	script_batch(&sc, 1, 3, msgs, n, 2);
	send_in_batch = 1;
	assert_int_equal(assess(0, &r, &d), 0);
	assert_int_equal(r.assessment, 1);
	assert_int_equal(r.access, 3);
	assert_string_equal(r.reason, "update");
	assert_string_equal(r.reason_lang, "en");
	assert_int_equal(r.round_trips, 1);
	assert_int_equal(r.messages_sent, 1);
	assert_int_equal(r.messages_received, 2);
	assert_int_equal(imc.n_rx, 1);
	assert_int_equal(imc.rx_flags, TNC_MESSAGE_FLAGS_EXCLUSIVE);
	assert_int_equal(imc.rx_src, 5);
	assert_int_equal(imc.rx_dst, 1);
	/* IF-IMC 1.3: BatchEnding after the messages of the RESULT batch too,
	 * before the access decision is notified; what the IMC sends then is
	 * dropped (only the CLOSE follows) */
	assert_int_equal(imc.n_batch, 1);
	assert_int_equal(imc.states_at_batch, 2);
	assert_int_equal(imc.batch_send, TNC_RESULT_SUCCESS);
	/* CREATE, HANDSHAKE, ISOLATED (quarantined), DELETE */
	assert_int_equal(imc.n_states, 4);
	assert_int_equal(imc.states[0], TNC_CONNECTION_STATE_CREATE);
	assert_int_equal(imc.states[1], TNC_CONNECTION_STATE_HANDSHAKE);
	assert_int_equal(imc.states[2], TNC_CONNECTION_STATE_ACCESS_ISOLATED);
	assert_int_equal(imc.states[3], TNC_CONNECTION_STATE_DELETE);
	/* CDATA, then the empty CLOSE, byte for byte as in the capture */
	assert_int_equal(script_out_batches(&sc), 2);
	b = script_out_batch(&sc, 0, &len);
	assert_int_equal(b[3], 1);
	assert_int_equal(closed_with(&code), 0);
	b = script_out_batch(&sc, 1, &len);
	f = fopen(SMGW_TEST_DATA "/tnc/capture/close-client.bin", "rb");
	assert_non_null(f);
	assert_int_equal(fread(cap, 1, sizeof(cap), f), 8);
	fclose(f);
	assert_int_equal(len, 8);
	assert_memory_equal(b, cap, 8);
}

/* A batch that cannot be built locally ends the session with a CLOSE
 * carrying PB-Error Local Error (RFC 5793 section 4.9), not a silent drop:
 * here the language preference does not fit into the message size limit. */
static void test_local_error_closes(void **state)
{
	struct smgw_tncc_params p;
	struct smgw_pt_io io = { sizeof(io), 0, &sc, script_read, script_write };
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	smgw_tncc *t = NULL;
	uint32_t id = 0;
	int code = -1;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.struct_size = sizeof(p);
	p.max_message_size = 80; /* the smallest the PB-TNC session takes */
	/* a 12-byte header, "Accept-Language: " and 54 bytes: 83 > 80 */
	p.preferred_language = "de-DE-1996, de;q=0.9, en-GB;q=0.8, en;q=0.7, fr;q=0.5";
	assert_int_equal(smgw_tncc_new(ctx, &p, &t), 0);
	assert_int_equal(smgw_tncc_add_imc(t, &ops, "scripted", NULL, &id), 0);
	script_result_init(&r);
	assert_int_equal(smgw_tncc_assess(t, &io, NULL, 0, &r, &d), SMGW_E_LIMIT);
	smgw_tncc_free(t);
	assert_non_null(strstr(d.message, "CDATA"));
	assert_int_equal(r.access, 77);
	assert_int_equal(script_out_batches(&sc), 1);
	assert_int_equal(closed_with(&code), 1);
	assert_int_equal(code, 2);
	assert_int_equal(imc.states[imc.n_states - 1], TNC_CONNECTION_STATE_DELETE);
}

static void test_round_trip_limit(void **state)
{
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	int code = -1;

	(void)state;
	script_batch(&sc, 1, 2, NULL, 0, 2);
	script_batch(&sc, 1, 2, NULL, 0, 3);
	script_batch(&sc, 1, 2, NULL, 0, 4);
	assert_int_equal(assess(2, &r, &d), SMGW_E_LIMIT);
	assert_non_null(strstr(d.message, "round trips"));
	/* CDATA, CDATA (empty), CLOSE with PB-Error Local Error */
	assert_int_equal(script_out_batches(&sc), 3);
	assert_int_equal(closed_with(&code), 1);
	assert_int_equal(code, 2);
	assert_int_equal(imc.states[imc.n_states - 1], TNC_CONNECTION_STATE_DELETE);
	assert_int_equal(imc.states[imc.n_states - 2], TNC_CONNECTION_STATE_HANDSHAKE);
}

static void test_close_instead_of_result(void **state)
{
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;

	(void)state;
	script_batch(&sc, 1, 6, NULL, 0, 2);
	assert_int_equal(assess(0, &r, &d), SMGW_E_TNC_ASSESSMENT);
	assert_int_equal(r.access, 77); /* untouched by the failed call */
	/* no access decision reached the IMC */
	assert_int_equal(imc.n_states, 3);
	assert_int_equal(imc.states[2], TNC_CONNECTION_STATE_DELETE);
}

static void test_pb_error_from_server(void **state)
{
	uint8_t msgs[64];
	size_t n;
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;

	(void)state;
	/* fatal Local Error, offset 0 */
	n = pb_msg(msgs, 0x80, 5, (const uint8_t *)"\x80\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00", 12);
	script_batch(&sc, 1, 6, msgs, n, 2);
	assert_int_equal(assess(0, &r, &d), SMGW_E_TNC_ASSESSMENT);
	assert_non_null(strstr(d.message, "PB-Error code 2"));
}

/* The diagnostic says what this assessment saw, whatever the caller's
 * smgw_diag held before (a reused one from an earlier failed call), and a
 * PB-Error is reported only when the session ends on it. */
static void test_diag_of_this_assessment(void **state)
{
	uint8_t msgs[64];
	size_t n;
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT, d2 = SMGW_DIAG_INIT;

	(void)state;
	d.code = SMGW_E_TNC_ASSESSMENT;
	snprintf(d.message, sizeof(d.message), "the server sent PB-Error code 2 (offset 0)");
	script_batch(&sc, 1, 6, NULL, 0, 2);
	assert_int_equal(assess(0, &r, &d), SMGW_E_TNC_ASSESSMENT);
	assert_non_null(strstr(d.message, "without a result"));

	/* a non-fatal PB-Error in SDATA, then a RESULT: success, and the
	 * diagnostic is not written */
	server_negotiation();
	n = pb_msg(msgs, 0x80, 5, (const uint8_t *)"\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00", 12);
	script_batch(&sc, 1, 2, msgs, n, 2);
	n = pb_msg(msgs, 0x80, 2, (const uint8_t *)"\x00\x00\x00\x00", 4);
	script_batch(&sc, 1, 3, msgs, n, 3);
	script_batch(&sc, 1, 6, NULL, 0, 4);
	assert_int_equal(assess(0, &r, &d2), 0);
	assert_int_equal(r.assessment, 0);
	assert_int_equal(d2.code, 0);
	assert_string_equal(d2.message, "");
}

static void test_sretry_refused(void **state)
{
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	int code = -1;

	(void)state;
	script_batch(&sc, 1, 5, NULL, 0, 2);
	assert_int_equal(assess(0, &r, &d), SMGW_E_TNC_PB_RETRY_REFUSED);
	/* one assessment per connection: an empty CLOSE */
	assert_int_equal(script_out_batches(&sc), 2);
	assert_int_equal(closed_with(&code), 0);
}

static void test_wrong_direction(void **state)
{
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	int code = -1;

	(void)state;
	/* a RESULT batch without the D bit: the server never sends that */
	script_batch(&sc, 0, 3, NULL, 0, 2);
	assert_true(assess(0, &r, &d) < 0);
	assert_int_equal(closed_with(&code), 1);
	assert_int_equal(code, 1); /* Invalid Parameter */
}

static void test_end_of_stream(void **state)
{
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;

	(void)state;
	assert_int_equal(assess(0, &r, &d), SMGW_E_TNC_PT_CLOSED);
	/* a batch cut in the middle */
	script_batch(&sc, 1, 2, NULL, 0, 2);
	sc.in_len -= 3;
	assert_true(assess(0, &r, &d) < 0);
}

/* The limits of the TNCC and the TNCS are checked without wrapping around:
 * a batch limit near 2^32 cannot pass the check against the PT-TLS message
 * limit (batch + 16-byte PT-TLS header). */
static void test_limits_do_not_wrap(void **state)
{
	static const struct {
		uint32_t batch, pt;
		int ok;
	} cases[] = {
		{ 0xFFFFFFF8u, 0, 0 },                    /* batch + 16 wraps to 8 */
		{ 0xFFFFFFFFu, 0xFFFFFFFFu, 0 },
		{ 0xFFFFFFEFu, 0xFFFFFFFFu, 1 },          /* the largest batch that fits */
		{ 1399, 0, 0 },                           /* below the TNCS minimum */
		{ 255, 0, 0 },                            /* below the TNCC minimum */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct smgw_tncc_params cp;
		struct smgw_tncs_params sp;
		smgw_tncc *c = NULL;
		smgw_tncs *s = NULL;
		int ec, es;

		memset(&cp, 0, sizeof(cp));
		cp.struct_size = sizeof(cp);
		cp.max_batch_size = cases[i].batch;
		cp.pt_max_message_size = cases[i].pt;
		memset(&sp, 0, sizeof(sp));
		sp.struct_size = sizeof(sp);
		sp.max_batch_size = cases[i].batch;
		sp.pt_max_message_size = cases[i].pt;
		ec = smgw_tncc_new(ctx, &cp, &c);
		es = smgw_tncs_new(ctx, &sp, &s);
		assert_int_equal(ec, cases[i].ok || cases[i].batch == 1399 ? 0 : SMGW_E_INVAL);
		assert_int_equal(es, cases[i].ok ? 0 : SMGW_E_INVAL);
		assert_true(ec == 0 ? c != NULL : c == NULL);
		assert_true(es == 0 ? s != NULL : s == NULL);
		smgw_tncc_free(c);
		smgw_tncs_free(s);
	}
	/* a message limit below what the PB-TNC session takes (76) is refused
	 * when the object is made, not by every assessment */
	for (i = 75; i <= 76; i++) {
		struct smgw_tncc_params cp;
		struct smgw_tncs_params sp;
		smgw_tncc *c = NULL;
		smgw_tncs *s = NULL;

		memset(&cp, 0, sizeof(cp));
		cp.struct_size = sizeof(cp);
		cp.max_message_size = (uint32_t)i;
		memset(&sp, 0, sizeof(sp));
		sp.struct_size = sizeof(sp);
		sp.max_message_size = (uint32_t)i;
		assert_int_equal(smgw_tncc_new(ctx, &cp, &c), i == 76 ? 0 : SMGW_E_INVAL);
		assert_int_equal(smgw_tncs_new(ctx, &sp, &s), i == 76 ? 0 : SMGW_E_INVAL);
		smgw_tncc_free(c);
		smgw_tncs_free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_result, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_instead_of_result, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pb_error_from_server, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sretry_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diag_of_this_assessment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_direction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits_do_not_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end_of_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(test_local_error_closes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
