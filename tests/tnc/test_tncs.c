/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The TNC server against scripted clients: what the IMVs get (messages,
 * language preference, tls-unique), the RESULT batch (its Assessment-Result
 * and Access-Recommendation messages byte for byte as in the capture), the
 * SDATA round trips and their limit, a client that closes early, a refused
 * CRETRY, batches in the wrong direction and RESULT-only messages from a
 * client.
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
#include <smgw/tnc/tncs.h>

#include "tnc-script.h"

struct imv {
	TNC_IMVID id;
	TNC_TNCS_SendMessageLongPointer send;
	TNC_TNCS_ProvideRecommendationPointer provide;
	TNC_TNCS_GetAttributePointer get;
	int talkative;      /* sends in every BatchEnding, never decides there */
	int n_rx, n_batch, n_solicit;
	TNC_UInt32 rx_src;
	char lang[512];
	unsigned char tls_unique[16];
	TNC_UInt32 tls_unique_len;
};

static struct imv imv;

static TNC_Result v_init(TNC_IMVID id, TNC_Version min, TNC_Version max, TNC_Version *out)
{
	int talkative = imv.talkative;

	(void)min;
	(void)max;
	memset(&imv, 0, sizeof(imv));
	imv.talkative = talkative;
	imv.id = id;
	*out = 1;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result v_bind(TNC_IMVID id, TNC_TNCS_BindFunctionPointer bind)
{
	TNC_TNCS_ReportMessageTypesLongPointer rep;
	TNC_VendorID v = 0;
	TNC_MessageSubtype s = 1;
	void *p = NULL;

	if (bind(id, "TNC_TNCS_SendMessageLong", &p))
		return TNC_RESULT_FATAL;
	memcpy(&imv.send, &p, sizeof(p));
	if (bind(id, "TNC_TNCS_ProvideRecommendation", &p))
		return TNC_RESULT_FATAL;
	memcpy(&imv.provide, &p, sizeof(p));
	if (bind(id, "TNC_TNCS_GetAttribute", &p))
		return TNC_RESULT_FATAL;
	memcpy(&imv.get, &p, sizeof(p));
	if (bind(id, "TNC_TNCS_ReportMessageTypesLong", &p))
		return TNC_RESULT_FATAL;
	memcpy(&rep, &p, sizeof(p));
	return rep(id, &v, &s, 1);
}

static TNC_Result v_recv(TNC_IMVID id, TNC_ConnectionID cid, TNC_UInt32 flags, TNC_BufferReference m,
			 TNC_UInt32 len, TNC_VendorID v, TNC_MessageSubtype s, TNC_UInt32 src, TNC_UInt32 dst)
{
	TNC_UInt32 n = 0;

	(void)flags, (void)m, (void)len, (void)v, (void)s, (void)dst;
	imv.n_rx++;
	imv.rx_src = src;
	if (imv.get(id, cid, TNC_ATTRIBUTEID_PREFERRED_LANGUAGE, sizeof(imv.lang) - 1, (TNC_BufferReference)imv.lang,
		    &n) == TNC_RESULT_SUCCESS && n < sizeof(imv.lang))
		imv.lang[n] = 0;
	if (imv.get(id, cid, TNC_ATTRIBUTEID_TLS_UNIQUE, sizeof(imv.tls_unique), imv.tls_unique, &n) ==
	    TNC_RESULT_SUCCESS)
		imv.tls_unique_len = n;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result v_batch(TNC_IMVID id, TNC_ConnectionID cid)
{
	static unsigned char pa[8] = { 1, 0, 0, 0, 0, 0, 0, 2 };

	imv.n_batch++;
	if (imv.talkative)
		return imv.send(id, cid, TNC_MESSAGE_FLAGS_EXCLUSIVE, pa, sizeof(pa), 0, 1, imv.rx_src);
	return imv.provide(id, cid, TNC_IMV_ACTION_RECOMMENDATION_ALLOW, TNC_IMV_EVALUATION_RESULT_COMPLIANT);
}

static TNC_Result v_solicit(TNC_IMVID id, TNC_ConnectionID cid)
{
	imv.n_solicit++;
	return imv.provide(id, cid, TNC_IMV_ACTION_RECOMMENDATION_ISOLATE,
			   TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR);
}

static const struct smgw_tnc_imv_ops ops = {
	.struct_size = sizeof(struct smgw_tnc_imv_ops),
	.initialize = v_init,
	.solicit_recommendation = v_solicit,
	.receive_message_long = v_recv,
	.batch_ending = v_batch,
	.provide_bind_function = v_bind,
};

static int setup(void **state)
{
	(void)state;
	memset(&sc, 0, sizeof(sc));
	memset(&imv, 0, sizeof(imv));
	script_pt(&sc, 1, 0, (const uint8_t *)"\x00\x01\x01\x01", 4); /* Version Request 1..1 */
	return smgw_ctx_new(NULL, &ctx);
}

static int assess(uint32_t max_rt, struct smgw_tnc_result *r, struct smgw_diag *d)
{
	struct smgw_tncs_params p;
	struct smgw_pt_io io = { sizeof(io), 0, &sc, script_read, script_write };
	smgw_tncs *t = NULL;
	uint32_t id = 0;
	int err;

	memset(&p, 0, sizeof(p));
	p.struct_size = sizeof(p);
	p.max_round_trips = max_rt;
	p.pt_flags = SMGW_PT_CLIENT_CERT_AUTH;
	assert_int_equal(smgw_tncs_new(ctx, &p, &t), 0);
	assert_int_equal(smgw_tncs_add_imv(t, &ops, "scripted", NULL, &id), 0);
	script_result_init(r);
	err = smgw_tncs_assess(t, &io, (const uint8_t *)"finished", 8, r, d);
	smgw_tncs_free(t);
	return err;
}

static void client_cdata(int with_lang, uint32_t id)
{
	uint8_t msgs[256];
	size_t n = 0;

	if (with_lang)
		n += pb_msg(msgs, 0, 6, (const uint8_t *)"Accept-Language: fr", 19);
	n += pb_pa(msgs + n, 0, 0, 1, 3, 0xffff); /* from IMC 3 to any IMV */
	script_batch(&sc, 0, 1, msgs, n, id);
}

/* The last batch the server wrote must be CLOSE. */
static int closed_with(int *ret_code)
{
	return script_closed_with(&sc, 1, ret_code);
}

static void test_result(void **state)
{
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	uint8_t cap[128];
	size_t len = 0, n;
	const uint8_t *b;
	FILE *f;
	static const uint8_t negotiation[32] = { 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 20, 0, 0, 0, 0,
						 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 16 };

	(void)state;
	client_cdata(1, 1);
	script_batch(&sc, 0, 6, NULL, 0, 2);
	assert_int_equal(assess(0, &r, &d), 0);
	assert_int_equal(r.access, 1);
	assert_int_equal(r.assessment, 0);
	assert_int_equal(imv.n_rx, 1);
	assert_int_equal(imv.rx_src, 3);
	assert_string_equal(imv.lang, "fr");
	assert_int_equal(imv.tls_unique_len, 8);
	assert_memory_equal(imv.tls_unique, "finished", 8);
	assert_int_equal(imv.n_solicit, 0);
	/* Version Response 1, then the empty SASL Mechanisms (message id 1) */
	assert_memory_equal(sc.out, negotiation, 32);
	assert_int_equal(get32(sc.out + 32), 1);
	/* RESULT: PB-Assessment-Result (NOSKIP) and PB-Access-Recommendation
	 * (no NOSKIP) exactly as in the capture's RESULT batch */
	assert_int_equal(script_out_batches(&sc), 1);
	b = script_out_batch(&sc, 0, &len);
	assert_memory_equal(b, "\x02\x80\x00\x03", 4);
	assert_int_equal(get32(b + 4), len);
	f = fopen(SMGW_TEST_DATA "/tnc/capture/result-batch.bin", "rb");
	assert_non_null(f);
	n = fread(cap, 1, sizeof(cap), f);
	fclose(f);
	assert_int_equal(n, 88);
	assert_int_equal(len, 8 + 32);
	assert_memory_equal(b + 8, cap + 56, 32);
}

/* A language preference of more than 128 bytes reaches the IMVs whole
 * (RFC 5793 section 4.10 limits it only by the message size). */
static void test_long_language_preference(void **state)
{
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	char value[512], ranges[400];
	uint8_t msgs[1024];
	size_t n = 0, k, rl = 0;

	(void)state;
	for (k = 0; k < 16; k++)
		rl += (size_t)snprintf(ranges + rl, sizeof(ranges) - rl, "%sde-x-region%02u;q=0.%u", k ? ", " : "",
				       (unsigned)k, (unsigned)(9 - k / 2));
	assert_true(rl > 300 && rl < sizeof(ranges));
	snprintf(value, sizeof(value), "Accept-Language: %s", ranges);
	n += pb_msg(msgs, 0, 6, (const uint8_t *)value, strlen(value));
	n += pb_pa(msgs + n, 0, 0, 1, 3, 0xffff);
	script_batch(&sc, 0, 1, msgs, n, 1);
	script_batch(&sc, 0, 6, NULL, 0, 2);
	assert_int_equal(assess(0, &r, &d), 0);
	assert_int_equal(imv.n_rx, 1);
	assert_string_equal(imv.lang, ranges);
}

static void test_round_trips(void **state)
{
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	size_t len = 0;
	const uint8_t *b;

	(void)state;
	imv.talkative = 1;
	client_cdata(1, 1);
	client_cdata(0, 2);
	client_cdata(0, 3);
	script_batch(&sc, 0, 6, NULL, 0, 4);
	assert_int_equal(assess(2, &r, &d), 0);
	/* two SDATA with the IMV's messages, then it is solicited */
	assert_int_equal(script_out_batches(&sc), 3);
	assert_int_equal(script_out_batch(&sc, 0, &len)[3], 2);
	b = script_out_batch(&sc, 1, &len);
	assert_int_equal(b[3], 2);
	/* PB-PA: EXCL, collector = the IMC it answers (3), validator = the IMV */
	assert_int_equal(b[8 + 12], 0x80);
	assert_int_equal(b[8 + 12 + 8] << 8 | b[8 + 12 + 9], 3);
	assert_int_equal(b[8 + 12 + 10] << 8 | b[8 + 12 + 11], imv.id);
	assert_int_equal(script_out_batch(&sc, 2, &len)[3], 3);
	assert_int_equal(imv.n_solicit, 1);
	assert_int_equal(imv.n_batch, 3);
	assert_int_equal(r.access, 3);
	assert_int_equal(r.assessment, 1);
	assert_int_equal(r.round_trips, 3);
	assert_int_equal(r.messages_sent, 3); /* two SDATA and one in RESULT */
}

static void test_client_closes_early(void **state)
{
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;

	(void)state;
	imv.talkative = 1;
	client_cdata(1, 1);
	script_batch(&sc, 0, 6, NULL, 0, 2);
	assert_int_equal(assess(0, &r, &d), SMGW_E_TNC_ASSESSMENT);
	assert_int_equal(r.access, 77);
	assert_int_equal(script_out_batches(&sc), 1); /* the SDATA */
}

static void test_cretry_refused(void **state)
{
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	int code = -1;

	(void)state;
	client_cdata(1, 1);
	script_batch(&sc, 0, 4, NULL, 0, 2); /* CRETRY after the RESULT */
	assert_int_equal(assess(0, &r, &d), SMGW_E_TNC_PB_RETRY_REFUSED);
	assert_int_equal(script_out_batches(&sc), 2);
	assert_int_equal(closed_with(&code), 0);
}

static void test_wrong_direction(void **state)
{
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	int code = -1;

	(void)state;
	script_batch(&sc, 1, 2, NULL, 0, 1); /* SDATA from a client */
	assert_true(assess(0, &r, &d) < 0);
	assert_int_equal(closed_with(&code), 1);
	assert_int_equal(code, 1);
	assert_int_equal(imv.n_batch, 0);
}

static void test_result_only_from_client(void **state)
{
	uint8_t msgs[64];
	size_t n;
	struct smgw_tnc_result r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	int code = -1;

	(void)state;
	n = pb_msg(msgs, 0x80, 2, (const uint8_t *)"\x00\x00\x00\x00", 4);
	script_batch(&sc, 0, 1, msgs, n, 1);
	assert_true(assess(0, &r, &d) < 0);
	assert_int_equal(closed_with(&code), 1);
	assert_int_equal(code, 1); /* Invalid Parameter */
	assert_int_equal(imv.n_rx, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_result, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_language_preference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trips, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_closes_early, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cretry_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_direction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_result_only_from_client, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
