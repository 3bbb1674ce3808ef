/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The IF-IMC / IF-IMV module host: binding, message type subscriptions,
 * routing and exclusive delivery, the send rules, attributes, additional
 * IDs, recommendations and their combination, misbehaving modules.
 * The modules here are function tables linked into the test, written to
 * the TCG interface as a third party would write them.
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
#include <smgw/tnc/imc.h>
#include <smgw/tnc/imv.h>
#include <smgw/tnc/tncc.h>
#include <smgw/tnc/tncs.h>

#include "imc/host.h"

#define MAXF 8

struct rx {
	TNC_UInt32 flags, len, vendor, subtype, src, dst, legacy_type;
	int legacy;
	uint8_t first;
};

struct fake {
	TNC_UInt32 id;
	int init_calls, begin_calls, batch_calls, solicit_calls, terminate_calls;
	TNC_ConnectionState last_state;
	int n_rx;
	struct rx rx[16];
	/* configuration, copied from `next` when the module initializes */
	int n_types;
	TNC_VendorID vendors[4];
	TNC_MessageSubtype subtypes[4];
	int legacy_types;
	TNC_MessageType legacy[4];
	int rec_in_batch; /* IMV: recommend in BatchEnding */
	int rec_in_solicit;
	TNC_UInt32 rec, eval;
	TNC_Result receive_result;
	void (*on_begin)(struct fake *f, TNC_ConnectionID cid);
	void (*on_batch)(struct fake *f, TNC_ConnectionID cid);
};

/* Test state (the test program may have it; the library may not). */
static struct fake fakes[MAXF];
static int n_fakes;
static struct fake next;
static TNC_TNCC_BindFunctionPointer imc_bind;
static TNC_TNCS_BindFunctionPointer imv_bind;

static struct fake *by_id(TNC_UInt32 id)
{
	int i;

	for (i = 0; i < n_fakes; i++)
		if (fakes[i].id == id)
			return &fakes[i];
	return NULL;
}

static void *bound(int imv, TNC_UInt32 id, const char *name)
{
	void *p = NULL;
	TNC_Result r = imv ? imv_bind(id, (char *)(uintptr_t)name, &p) : imc_bind(id, (char *)(uintptr_t)name, &p);

	assert_int_equal(r, TNC_RESULT_SUCCESS);
	assert_non_null(p);
	return p;
}

#define BOUND(var, imv, id, name) \
	do { \
		void *p_ = bound((imv), (id), (name)); \
		memcpy(&(var), &p_, sizeof(p_)); \
	} while (0)

/* ---- the fake module functions (same table serves IMC and IMV) ---- */

static TNC_Result f_init(TNC_UInt32 id, TNC_Version min, TNC_Version max, TNC_Version *out)
{
	struct fake *f;

	assert_int_equal(min, 1);
	assert_int_equal(max, 1);
	assert_true(n_fakes < MAXF);
	f = &fakes[n_fakes++];
	*f = next;
	f->id = id;
	f->init_calls++;
	*out = 1;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result report(int imv, struct fake *f)
{
	if (f->legacy_types) {
		TNC_TNCC_ReportMessageTypesPointer rt;

		BOUND(rt, imv, f->id, imv ? "TNC_TNCS_ReportMessageTypes" : "TNC_TNCC_ReportMessageTypes");
		return rt(f->id, f->legacy, (TNC_UInt32)f->n_types);
	} else {
		TNC_TNCC_ReportMessageTypesLongPointer rt;

		BOUND(rt, imv, f->id, imv ? "TNC_TNCS_ReportMessageTypesLong" : "TNC_TNCC_ReportMessageTypesLong");
		return rt(f->id, f->vendors, f->subtypes, (TNC_UInt32)f->n_types);
	}
}

static TNC_Result f_bind_imc(TNC_IMCID id, TNC_TNCC_BindFunctionPointer b)
{
	imc_bind = b;
	return report(0, by_id(id));
}

static TNC_Result f_bind_imv(TNC_IMVID id, TNC_TNCS_BindFunctionPointer b)
{
	imv_bind = b;
	return report(1, by_id(id));
}

static TNC_Result f_notify(TNC_UInt32 id, TNC_ConnectionID cid, TNC_ConnectionState s)
{
	(void)cid;
	by_id(id)->last_state = s;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result f_begin(TNC_UInt32 id, TNC_ConnectionID cid)
{
	struct fake *f = by_id(id);

	f->begin_calls++;
	if (f->on_begin)
		f->on_begin(f, cid);
	return TNC_RESULT_SUCCESS;
}

static TNC_Result f_recv_long(TNC_UInt32 id, TNC_ConnectionID cid, TNC_UInt32 flags, TNC_BufferReference msg,
			      TNC_UInt32 len, TNC_VendorID vendor, TNC_MessageSubtype subtype, TNC_UInt32 src,
			      TNC_UInt32 dst)
{
	struct fake *f = by_id(id);
	struct rx *r = &f->rx[f->n_rx++];

	(void)cid;
	memset(r, 0, sizeof(*r));
	r->flags = flags;
	r->len = len;
	r->vendor = vendor;
	r->subtype = subtype;
	r->src = src;
	r->dst = dst;
	r->first = len ? msg[0] : 0;
	return f->receive_result;
}

static TNC_Result f_recv(TNC_UInt32 id, TNC_ConnectionID cid, TNC_BufferReference msg, TNC_UInt32 len,
			 TNC_MessageType type)
{
	struct fake *f = by_id(id);
	struct rx *r = &f->rx[f->n_rx++];

	(void)cid;
	memset(r, 0, sizeof(*r));
	r->legacy = 1;
	r->legacy_type = type;
	r->len = len;
	r->first = len ? msg[0] : 0;
	return f->receive_result;
}

static TNC_Result provide(struct fake *f, TNC_ConnectionID cid)
{
	TNC_TNCS_ProvideRecommendationPointer pr;

	BOUND(pr, 1, f->id, "TNC_TNCS_ProvideRecommendation");
	return pr(f->id, cid, f->rec, f->eval);
}

static TNC_Result f_batch(TNC_UInt32 id, TNC_ConnectionID cid)
{
	struct fake *f = by_id(id);

	f->batch_calls++;
	if (f->on_batch)
		f->on_batch(f, cid);
	if (f->rec_in_batch)
		return provide(f, cid);
	return TNC_RESULT_SUCCESS;
}

static TNC_Result f_solicit(TNC_UInt32 id, TNC_ConnectionID cid)
{
	struct fake *f = by_id(id);

	f->solicit_calls++;
	if (f->rec_in_solicit)
		return provide(f, cid);
	return TNC_RESULT_SUCCESS;
}

static TNC_Result f_terminate(TNC_UInt32 id)
{
	struct fake *f = by_id(id);

	if (f)
		f->terminate_calls++;
	return TNC_RESULT_SUCCESS;
}

static struct smgw__tnc_funcs imc_funcs(int with_long)
{
	struct smgw__tnc_funcs f;
	TNC_IMC_ProvideBindFunctionPointer pb = f_bind_imc;

	memset(&f, 0, sizeof(f));
	f.initialize = f_init;
	f.notify = f_notify;
	f.begin = f_begin;
	f.receive = f_recv;
	f.receive_long = with_long ? f_recv_long : NULL;
	f.batch_ending = f_batch;
	f.terminate = f_terminate;
	memcpy(&f.provide_bind, &pb, sizeof(pb));
	return f;
}

static struct smgw__tnc_funcs imv_funcs(void)
{
	struct smgw__tnc_funcs f;
	TNC_IMV_ProvideBindFunctionPointer pb = f_bind_imv;

	memset(&f, 0, sizeof(f));
	f.initialize = f_init;
	f.notify = f_notify;
	f.begin = f_solicit;
	f.receive = f_recv;
	f.receive_long = f_recv_long;
	f.batch_ending = f_batch;
	f.terminate = f_terminate;
	memcpy(&f.provide_bind, &pb, sizeof(pb));
	return f;
}

static smgw_ctx *ctx;

static int setup(void **state)
{
	(void)state;
	memset(fakes, 0, sizeof(fakes));
	memset(&next, 0, sizeof(next));
	n_fakes = 0;
	imc_bind = NULL;
	imv_bind = NULL;
	return smgw_ctx_new(NULL, &ctx);
}

static int teardown(void **state)
{
	(void)state;
	smgw_ctx_unref(ctx);
	return 0;
}

static struct smgw__tnc_host *new_host(int side)
{
	struct smgw__tnc_host *h = NULL;
	struct smgw__tnc_host_params p;

	memset(&p, 0, sizeof(p));
	p.preferred_language = "de, en;q=0.5";
	p.max_msg_size = 1000;
	assert_int_equal(smgw__tnc_host_new(ctx, side, &p, &h), 0);
	return h;
}

static TNC_UInt32 add_long(struct smgw__tnc_host *h, int with_long, TNC_VendorID v, TNC_MessageSubtype s)
{
	struct smgw__tnc_funcs f = h == NULL ? imc_funcs(1) : imc_funcs(with_long);
	uint32_t id = 0;

	memset(&next, 0, sizeof(next));
	next.n_types = 1;
	next.vendors[0] = v;
	next.subtypes[0] = s;
	assert_int_equal(smgw__tnc_host_add(h, &f, "fake", NULL, &id), 0);
	return id;
}

static struct smgw__tnc_msg msg(uint32_t vendor, uint32_t subtype, int excl, uint16_t src, uint16_t dst)
{
	static uint8_t body[4] = { 0xab, 1, 2, 3 };
	struct smgw__tnc_msg m;

	memset(&m, 0, sizeof(m));
	m.vendor = vendor;
	m.subtype = subtype;
	m.excl = (uint8_t)excl;
	m.src = src;
	m.dst = dst;
	m.data = body;
	m.len = sizeof(body);
	return m;
}

static void test_bind(void **state)
{
	struct smgw__tnc_host *h = new_host(SMGW__TNC_SIDE_IMC);
	void *p = (void *)1;
	TNC_UInt32 id = add_long(h, 1, 0, 1);
	static const char *const imc_names[] = {
		"TNC_TNCC_ReportMessageTypes", "TNC_TNCC_ReportMessageTypesLong", "TNC_TNCC_SendMessage",
		"TNC_TNCC_SendMessageLong", "TNC_TNCC_RequestHandshakeRetry", "TNC_TNCC_GetAttribute",
		"TNC_TNCC_SetAttribute", "TNC_TNCC_ReserveAdditionalIMCID",
	};
	size_t i;

	(void)state;
	assert_non_null(imc_bind);
	for (i = 0; i < sizeof(imc_names) / sizeof(imc_names[0]); i++) {
		p = NULL;
		assert_int_equal(imc_bind(id, (char *)(uintptr_t)imc_names[i], &p), TNC_RESULT_SUCCESS);
		assert_non_null(p);
	}
	/* unknown names, the other side's names, NULL arguments */
	p = (void *)1;
	assert_int_equal(imc_bind(id, (char *)"TNC_TNCC_Nonsense", &p), TNC_RESULT_INVALID_PARAMETER);
	assert_null(p);
	p = (void *)1;
	assert_int_equal(imc_bind(id, (char *)"TNC_TNCS_ProvideRecommendation", &p), TNC_RESULT_INVALID_PARAMETER);
	assert_null(p);
	assert_int_equal(imc_bind(id, NULL, &p), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(imc_bind(id, (char *)"TNC_TNCC_SendMessage", NULL), TNC_RESULT_INVALID_PARAMETER);
	/* Initialize, ProvideBindFunction happened once; IDs start at 1 */
	assert_int_equal(id, 1);
	assert_int_equal(fakes[0].init_calls, 1);
	smgw__tnc_host_free(h);
	assert_int_equal(fakes[0].terminate_calls, 1);
}

static void test_routing(void **state)
{
	struct smgw__tnc_host *h = new_host(SMGW__TNC_SIDE_IMC);
	struct smgw__tnc_conn *c = NULL;
	struct smgw__tnc_msg m;
	TNC_UInt32 a, b, cc, d;
	struct smgw__tnc_funcs f = imc_funcs(1);
	uint32_t id = 0;

	(void)state;
	a = add_long(h, 1, 0, 1);                 /* IETF / Operating System */
	b = add_long(h, 1, 0, TNC_SUBTYPE_ANY);   /* IETF / any */
	cc = add_long(h, 1, TNC_VENDORID_ANY, TNC_SUBTYPE_ANY); /* anything */
	/* a legacy subscriber without ReceiveMessageLong: ITA (0x00902A)
	 * subtype 1 as a 32-bit type */
	f = imc_funcs(0);
	memset(&next, 0, sizeof(next));
	next.legacy_types = 1;
	next.n_types = 1;
	next.legacy[0] = (0x00902Aul << 8) | 1;
	assert_int_equal(smgw__tnc_host_add(h, &f, "legacy", NULL, &id), 0);
	d = id;
	assert_int_equal(smgw__tnc_host_count(h), 4);
	assert_int_equal(smgw__tnc_conn_new(h, &c), 0);
	/* delivering before the handshake is a state error */
	m = msg(0, 1, 0, 7, 0xffff);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), SMGW_E_STATE);
	assert_int_equal(smgw__tnc_conn_begin(c), 0);
	assert_int_equal(fakes[0].begin_calls, 1);
	assert_int_equal(fakes[0].last_state, TNC_CONNECTION_STATE_HANDSHAKE);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 3);
	m = msg(0, 2, 0, 7, 0xffff);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 2);
	m = msg(0x00902A, 1, 0, 7, 0xffff);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 2);
	m = msg(0x00902A, 2, 0, 7, 0xffff);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 1);
	assert_int_equal(by_id(a)->n_rx, 1);
	assert_int_equal(by_id(b)->n_rx, 2);
	assert_int_equal(by_id(cc)->n_rx, 4);
	assert_int_equal(by_id(d)->n_rx, 1);
	/* what the long receiver saw */
	assert_int_equal(by_id(a)->rx[0].vendor, 0);
	assert_int_equal(by_id(a)->rx[0].subtype, 1);
	assert_int_equal(by_id(a)->rx[0].src, 7);
	assert_int_equal(by_id(a)->rx[0].dst, 0xffff);
	assert_int_equal(by_id(a)->rx[0].flags, 0);
	assert_int_equal(by_id(a)->rx[0].len, 4);
	assert_int_equal(by_id(a)->rx[0].first, 0xab);
	/* the legacy receiver got the 32-bit message type */
	assert_true(by_id(d)->rx[0].legacy);
	assert_int_equal(by_id(d)->rx[0].legacy_type, (0x00902Aul << 8) | 1);
	/* reserved values are refused */
	m = msg(0xffffff, 1, 0, 7, 0xffff);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), SMGW_E_INVAL);
	m = msg(0, 0xffffffffu, 0, 7, 0xffff);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), SMGW_E_INVAL);
	assert_int_equal(smgw__tnc_conn_batch_ending(c), 0);
	assert_int_equal(fakes[3].batch_calls, 1);
	assert_int_equal(smgw__tnc_conn_set_state(c, TNC_CONNECTION_STATE_ACCESS_ALLOWED), 0);
	assert_int_equal(fakes[1].last_state, TNC_CONNECTION_STATE_ACCESS_ALLOWED);
	smgw__tnc_conn_free(c);
	assert_int_equal(fakes[2].last_state, TNC_CONNECTION_STATE_DELETE);
	smgw__tnc_host_free(h);
}

static void test_long_subtypes(void **state)
{
	struct smgw__tnc_host *h = new_host(SMGW__TNC_SIDE_IMC);
	struct smgw__tnc_conn *c = NULL;
	struct smgw__tnc_msg m;
	TNC_UInt32 legacy_only, with_long;

	(void)state;
	legacy_only = add_long(h, 0, 0x005597, TNC_SUBTYPE_ANY);
	with_long = add_long(h, 1, 0x005597, TNC_SUBTYPE_ANY);
	assert_int_equal(smgw__tnc_conn_new(h, &c), 0);
	assert_int_equal(smgw__tnc_conn_begin(c), 0);
	/* a subtype above 8 bits cannot reach an IMC without ReceiveMessageLong */
	m = msg(0x005597, 0x1234, 0, 1, 0xffff);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 1);
	assert_int_equal(by_id(legacy_only)->n_rx, 0);
	assert_int_equal(by_id(with_long)->rx[0].subtype, 0x1234);
	m = msg(0x005597, 3, 0, 1, 0xffff);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 2);
	assert_int_equal(by_id(legacy_only)->rx[0].legacy_type, 0x00559703ul);
	smgw__tnc_conn_free(c);
	smgw__tnc_host_free(h);
}

static TNC_UInt32 reserved_id;

static void reserve_in_begin(struct fake *f, TNC_ConnectionID cid)
{
	TNC_TNCC_ReserveAdditionalIMCIDPointer rsv;

	(void)cid;
	BOUND(rsv, 0, f->id, "TNC_TNCC_ReserveAdditionalIMCID");
	assert_int_equal(rsv(f->id, &reserved_id), TNC_RESULT_SUCCESS);
	assert_int_equal(rsv(f->id, NULL), TNC_RESULT_INVALID_PARAMETER);
}

static void test_exclusive(void **state)
{
	struct smgw__tnc_host *h = new_host(SMGW__TNC_SIDE_IMC);
	struct smgw__tnc_conn *c = NULL;
	struct smgw__tnc_msg m;
	TNC_UInt32 a, b, other;

	(void)state;
	a = add_long(h, 1, 0, 1);
	b = add_long(h, 1, 0, 1);
	other = add_long(h, 1, 0, 2);
	by_id(b)->on_begin = reserve_in_begin;
	assert_int_equal(smgw__tnc_conn_new(h, &c), 0);
	assert_int_equal(smgw__tnc_conn_begin(c), 0);
	assert_int_equal(reserved_id, 4);
	/* EXCL to b: only b, with the flag and its ID */
	m = msg(0, 1, 1, 9, (uint16_t)b);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 1);
	assert_int_equal(by_id(a)->n_rx, 0);
	assert_int_equal(by_id(b)->rx[0].flags, TNC_MESSAGE_FLAGS_EXCLUSIVE);
	assert_int_equal(by_id(b)->rx[0].dst, b);
	/* EXCL to b's additional ID reaches b, naming that ID */
	m = msg(0, 1, 1, 9, (uint16_t)reserved_id);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 1);
	assert_int_equal(by_id(b)->rx[1].dst, reserved_id);
	/* EXCL to a module that did not subscribe to the type: nobody */
	m = msg(0, 1, 1, 9, (uint16_t)other);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 0);
	/* EXCL to an unknown ID: nobody */
	m = msg(0, 1, 1, 9, 77);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 0);
	/* without EXCL a named destination does not restrict delivery */
	m = msg(0, 1, 0, 9, (uint16_t)a);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 2);
	assert_int_equal(by_id(b)->rx[2].flags, 0);
	smgw__tnc_conn_free(c);
	smgw__tnc_host_free(h);
}

static TNC_ConnectionID seen_cid;

static void send_probe(struct fake *f, TNC_ConnectionID cid)
{
	TNC_TNCC_SendMessagePointer s;
	TNC_TNCC_SendMessageLongPointer sl;
	unsigned char body[2000];

	memset(body, 0x5a, sizeof(body));
	seen_cid = cid;
	BOUND(s, 0, f->id, "TNC_TNCC_SendMessage");
	BOUND(sl, 0, f->id, "TNC_TNCC_SendMessageLong");
	/* legacy: the 0xff subtype and the 0xffffff vendor are wildcards, not types */
	assert_int_equal(s(f->id, cid, body, 4, 0x000001ff), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(s(f->id, cid, body, 4, 0xffffff01ul), TNC_RESULT_INVALID_PARAMETER);
	/* long: reserved values, unknown flags, EXCL without a destination */
	assert_int_equal(sl(f->id, cid, 0, body, 4, 0xffffff, 1, TNC_IMVID_ANY), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(sl(f->id, cid, 0, body, 4, 0, 0xffffffff, TNC_IMVID_ANY), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(sl(f->id, cid, 1, body, 4, 0, 1, TNC_IMVID_ANY), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(sl(f->id, cid, TNC_MESSAGE_FLAGS_EXCLUSIVE, body, 4, 0, 1, TNC_IMVID_ANY),
			 TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(sl(f->id, cid, 0, body, 4, 0, 1, 0x10000), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(sl(f->id, cid, 0, NULL, 4, 0, 1, TNC_IMVID_ANY), TNC_RESULT_INVALID_PARAMETER);
	/* unknown connection, another module's ID */
	assert_int_equal(sl(f->id, cid + 100, 0, body, 4, 0, 1, TNC_IMVID_ANY), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(sl(f->id + 50, cid, 0, body, 4, 0, 1, TNC_IMVID_ANY), TNC_RESULT_ILLEGAL_OPERATION);
	/* the size limit of the host (1000 bytes) */
	assert_int_equal(sl(f->id, cid, 0, body, 1001, 0, 1, TNC_IMVID_ANY), TNC_RESULT_EXCEEDED_MAX_MESSAGE_SIZE);
	/* good ones */
	assert_int_equal(s(f->id, cid, body, 3, 0x00902A01ul), TNC_RESULT_SUCCESS);
	assert_int_equal(sl(f->id, cid, TNC_MESSAGE_FLAGS_EXCLUSIVE, body, 1000, 0x005597, 0x100, 5),
			 TNC_RESULT_SUCCESS);
	assert_int_equal(sl(f->id, cid, 0, NULL, 0, 0, 1, TNC_IMVID_ANY), TNC_RESULT_SUCCESS);
}

static TNC_Result notify_send(TNC_UInt32 id, TNC_ConnectionID cid, TNC_ConnectionState s)
{
	TNC_TNCC_SendMessageLongPointer sl;
	unsigned char b = 1;

	(void)s;
	BOUND(sl, 0, id, "TNC_TNCC_SendMessageLong");
	/* not allowed while being notified */
	assert_int_equal(sl(id, cid, 0, &b, 1, 0, 1, TNC_IMVID_ANY), TNC_RESULT_ILLEGAL_OPERATION);
	return TNC_RESULT_SUCCESS;
}

static void test_send_rules(void **state)
{
	struct smgw__tnc_host *h = new_host(SMGW__TNC_SIDE_IMC);
	struct smgw__tnc_conn *c = NULL;
	const struct smgw__tnc_msg *o;
	TNC_TNCC_SendMessageLongPointer sl;
	struct smgw__tnc_funcs f = imc_funcs(1);
	unsigned char b = 1;
	TNC_UInt32 a;
	uint32_t id2 = 0;

	(void)state;
	a = add_long(h, 1, 0, 1);
	by_id(a)->on_begin = send_probe;
	f.notify = notify_send;
	memset(&next, 0, sizeof(next));
	assert_int_equal(smgw__tnc_host_add(h, &f, "notifier", NULL, &id2), 0);
	assert_int_equal(smgw__tnc_conn_new(h, &c), 0);
	assert_int_equal(smgw__tnc_conn_begin(c), 0);
	assert_int_equal(smgw__tnc_conn_out_count(c), 3);
	o = smgw__tnc_conn_out(c, 0);
	assert_int_equal(o->vendor, 0x00902A);
	assert_int_equal(o->subtype, 1);
	assert_int_equal(o->src, a);
	assert_int_equal(o->dst, 0xffff);
	assert_int_equal(o->excl, 0);
	assert_int_equal(o->len, 3);
	o = smgw__tnc_conn_out(c, 1);
	assert_int_equal(o->vendor, 0x005597);
	assert_int_equal(o->subtype, 0x100);
	assert_int_equal(o->dst, 5);
	assert_int_equal(o->excl, 1);
	assert_int_equal(o->len, 1000);
	assert_int_equal(o->data[999], 0x5a);
	assert_int_equal(smgw__tnc_conn_out(c, 2)->len, 0);
	assert_null(smgw__tnc_conn_out(c, 3));
	/* from outside any call into the module (another thread, or later) */
	BOUND(sl, 0, a, "TNC_TNCC_SendMessageLong");
	assert_int_equal(sl(a, seen_cid, 0, &b, 1, 0, 1, TNC_IMVID_ANY), TNC_RESULT_ILLEGAL_OPERATION);
	smgw__tnc_conn_out_clear(c);
	assert_int_equal(smgw__tnc_conn_out_count(c), 0);
	smgw__tnc_conn_free(c);
	smgw__tnc_host_free(h);
}

static void types_probe(struct fake *f, TNC_ConnectionID cid)
{
	TNC_TNCC_ReportMessageTypesLongPointer rl;
	TNC_TNCC_ReportMessageTypesPointer rt;
	TNC_VendorID v[2] = { TNC_VENDORID_ANY, 0 };
	TNC_MessageSubtype s[2] = { 5, 1 };
	TNC_MessageType t[1] = { 0xffffff05ul };
	static TNC_VendorID many_v[300];
	static TNC_MessageSubtype many_s[300];

	(void)cid;
	BOUND(rl, 0, f->id, "TNC_TNCC_ReportMessageTypesLong");
	BOUND(rt, 0, f->id, "TNC_TNCC_ReportMessageTypes");
	/* "any vendor" only with "any subtype" */
	assert_int_equal(rl(f->id, v, s, 2), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(rt(f->id, t, 1), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(rl(f->id, NULL, s, 1), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(rl(f->id, many_v, many_s, 300), TNC_RESULT_INVALID_PARAMETER);
	/* a failed report keeps the old subscription; a good one replaces it */
	v[0] = 0;
	s[0] = 7;
	assert_int_equal(rl(f->id, v, s, 1), TNC_RESULT_SUCCESS);
	/* an empty list unsubscribes (checked by the caller with another module) */
}

static void test_subscriptions(void **state)
{
	struct smgw__tnc_host *h = new_host(SMGW__TNC_SIDE_IMC);
	struct smgw__tnc_conn *c = NULL;
	struct smgw__tnc_msg m;
	TNC_UInt32 a;

	(void)state;
	a = add_long(h, 1, 0, 1);
	by_id(a)->on_begin = types_probe;
	assert_int_equal(smgw__tnc_conn_new(h, &c), 0);
	assert_int_equal(smgw__tnc_conn_begin(c), 0);
	m = msg(0, 1, 0, 1, 0xffff);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 0);
	m = msg(0, 7, 0, 1, 0xffff);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 1);
	smgw__tnc_conn_free(c);
	smgw__tnc_host_free(h);
}

static void attr_probe(struct fake *f, TNC_ConnectionID cid)
{
	TNC_TNCC_GetAttributePointer ga;
	TNC_TNCC_SetAttributePointer sa;
	TNC_TNCC_RequestHandshakeRetryPointer rr;
	unsigned char buf[64];
	TNC_UInt32 n = 0;

	BOUND(ga, 0, f->id, "TNC_TNCC_GetAttribute");
	BOUND(sa, 0, f->id, "TNC_TNCC_SetAttribute");
	BOUND(rr, 0, f->id, "TNC_TNCC_RequestHandshakeRetry");
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_PREFERRED_LANGUAGE, sizeof(buf), buf, &n), 0);
	assert_int_equal(n, 12);
	assert_memory_equal(buf, "de, en;q=0.5", 12);
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_MAX_MESSAGE_SIZE, sizeof(buf), buf, &n), 0);
	assert_int_equal(n, 4);
	assert_memory_equal(buf, "\x00\x00\x03\xe8", 4); /* 1000, network order */
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_MAX_ROUND_TRIPS, sizeof(buf), buf, &n), 0);
	assert_memory_equal(buf, "\xff\xff\xff\xff", 4);
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_HAS_LONG_TYPES, sizeof(buf), buf, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(buf[0], 1);
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_HAS_EXCLUSIVE, sizeof(buf), buf, &n), 0);
	assert_int_equal(buf[0], 1);
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_HAS_SOH, sizeof(buf), buf, &n), 0);
	assert_int_equal(buf[0], 0);
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_IFTNCCS_PROTOCOL, sizeof(buf), buf, &n), 0);
	assert_int_equal(n, 9);
	assert_string_equal((char *)buf, "IF-TNCCS");
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_IFTNCCS_VERSION, sizeof(buf), buf, &n), 0);
	assert_string_equal((char *)buf, "2.0");
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_IFT_PROTOCOL, sizeof(buf), buf, &n), 0);
	assert_string_equal((char *)buf, "IF-T for TLS");
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_IFT_VERSION, sizeof(buf), buf, &n), 0);
	assert_string_equal((char *)buf, "2.0");
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_TLS_UNIQUE, sizeof(buf), buf, &n), 0);
	assert_int_equal(n, 12);
	assert_memory_equal(buf, "finished-msg", 12);
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_PRIMARY_IMC_ID, sizeof(buf), buf, &n), 0);
	assert_memory_equal(buf, "\x00\x00\x00\x01", 4);
	/* too small: the length is reported, the buffer is untouched */
	memset(buf, 0xee, sizeof(buf));
	n = 0;
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_IFT_PROTOCOL, 4, buf, &n), 0);
	assert_int_equal(n, 13);
	assert_int_equal(buf[0], 0xee);
	/* size query without a buffer */
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_TLS_UNIQUE, 0, NULL, &n), 0);
	assert_int_equal(n, 12);
	/* unsupported or unknown attributes, bad arguments */
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_DHPN, sizeof(buf), buf, &n), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_PRIMARY_IMV_ID, sizeof(buf), buf, &n),
			 TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(ga(f->id, cid, 0x12345678, sizeof(buf), buf, &n), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_MAX_MESSAGE_SIZE, sizeof(buf), buf, NULL),
			 TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(ga(f->id, cid + 9, TNC_ATTRIBUTEID_MAX_MESSAGE_SIZE, sizeof(buf), buf, &n),
			 TNC_RESULT_INVALID_PARAMETER);
	/* connection attributes need a connection */
	assert_int_equal(ga(f->id, TNC_CONNECTIONID_ANY, TNC_ATTRIBUTEID_TLS_UNIQUE, sizeof(buf), buf, &n),
			 TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(ga(f->id, TNC_CONNECTIONID_ANY, TNC_ATTRIBUTEID_MAX_MESSAGE_SIZE, sizeof(buf), buf, &n), 0);
	/* nothing is settable on the IMC side */
	assert_int_equal(sa(f->id, cid, TNC_ATTRIBUTEID_REASON_STRING, 2, (TNC_BufferReference)"ok"),
			 TNC_RESULT_INVALID_PARAMETER);
	/* one assessment per connection */
	assert_int_equal(rr(f->id, cid, TNC_RETRY_REASON_IMC_PERIODIC), TNC_RESULT_WONT_RETRY);
	assert_int_equal(rr(f->id, cid + 9, TNC_RETRY_REASON_IMC_PERIODIC), TNC_RESULT_INVALID_PARAMETER);
}

static void test_attributes(void **state)
{
	struct smgw__tnc_host *h = new_host(SMGW__TNC_SIDE_IMC);
	struct smgw__tnc_conn *c = NULL;
	TNC_UInt32 a;

	(void)state;
	a = add_long(h, 1, 0, 1);
	by_id(a)->on_begin = attr_probe;
	assert_int_equal(smgw__tnc_conn_new(h, &c), 0);
	{
		/* modules are loaded before the first connection */
		struct smgw__tnc_funcs f = imc_funcs(1);
		uint32_t id2 = 0;

		assert_int_equal(smgw__tnc_host_add(h, &f, "late", NULL, &id2), SMGW_E_STATE);
		assert_int_equal(smgw__tnc_host_count(h), 1);
	}
	assert_int_equal(smgw__tnc_conn_set_tls_unique(c, (const uint8_t *)"finished-msg", 12), 0);
	assert_int_equal(smgw__tnc_conn_set_tls_unique(c, (const uint8_t *)"x", 65), SMGW_E_LIMIT);
	assert_int_equal(smgw__tnc_conn_begin(c), 0);
	assert_int_equal(smgw__tnc_conn_begin(c), SMGW_E_STATE);
	smgw__tnc_conn_free(c);
	smgw__tnc_host_free(h);
}

static TNC_UInt32 add_imv(struct smgw__tnc_host *h, int in_batch, int in_solicit, TNC_UInt32 rec, TNC_UInt32 eval)
{
	struct smgw__tnc_funcs f = imv_funcs();
	uint32_t id = 0;

	memset(&next, 0, sizeof(next));
	next.n_types = 1;
	next.vendors[0] = 0;
	next.subtypes[0] = 1;
	next.rec_in_batch = in_batch;
	next.rec_in_solicit = in_solicit;
	next.rec = rec;
	next.eval = eval;
	assert_int_equal(smgw__tnc_host_add(h, &f, "imv", NULL, &id), 0);
	return id;
}

static void reason_probe(struct fake *f, TNC_ConnectionID cid)
{
	TNC_TNCS_SetAttributePointer sa;
	TNC_TNCS_GetAttributePointer ga;
	TNC_TNCS_ProvideRecommendationPointer pr;
	unsigned char buf[16];
	TNC_UInt32 n = 0;

	BOUND(sa, 1, f->id, "TNC_TNCS_SetAttribute");
	BOUND(ga, 1, f->id, "TNC_TNCS_GetAttribute");
	BOUND(pr, 1, f->id, "TNC_TNCS_ProvideRecommendation");
	assert_int_equal(sa(f->id, cid, TNC_ATTRIBUTEID_REASON_STRING, 8, (TNC_BufferReference)"too old\0"), 0);
	assert_int_equal(sa(f->id, cid, TNC_ATTRIBUTEID_REASON_LANGUAGE, 2, (TNC_BufferReference)"en"), 0);
	assert_int_equal(sa(f->id, TNC_CONNECTIONID_ANY, TNC_ATTRIBUTEID_REASON_STRING, 2, (TNC_BufferReference)"x"),
			 TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(sa(f->id, cid, TNC_ATTRIBUTEID_MAX_MESSAGE_SIZE, 2, (TNC_BufferReference)"x"),
			 TNC_RESULT_INVALID_PARAMETER);
	/* the client's language preference as the TNCS received it */
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_PREFERRED_LANGUAGE, sizeof(buf), buf, &n), 0);
	assert_int_equal(n, 2);
	assert_memory_equal(buf, "fr", 2);
	assert_int_equal(ga(f->id, cid, TNC_ATTRIBUTEID_PRIMARY_IMV_ID, sizeof(buf), buf, &n), 0);
	assert_int_equal(buf[3], f->id);
	/* out-of-range recommendation and evaluation values */
	assert_int_equal(pr(f->id, cid, 4, 0), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(pr(f->id, cid, 0, 5), TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(pr(f->id, cid + 5, 0, 0), TNC_RESULT_INVALID_PARAMETER);
}

/* Sets the reason "compliant" on the connection (the allowing IMV). */
static void reason_fine(struct fake *f, TNC_ConnectionID cid)
{
	TNC_TNCS_SetAttributePointer sa;

	BOUND(sa, 1, f->id, "TNC_TNCS_SetAttribute");
	assert_int_equal(sa(f->id, cid, TNC_ATTRIBUTEID_REASON_STRING, 9, (TNC_BufferReference)"compliant"), 0);
}

static void test_recommendations(void **state)
{
	struct smgw__tnc_host *h = new_host(SMGW__TNC_SIDE_IMV);
	struct smgw__tnc_conn *c = NULL;
	TNC_TNCS_ProvideRecommendationPointer pr;
	TNC_UInt32 a, b, s;
	uint32_t rec = 9, eval = 9;
	size_t rlen = 0, llen = 0;
	const char *lang = NULL, *reason;

	(void)state;
	a = add_imv(h, 1, 0, TNC_IMV_ACTION_RECOMMENDATION_ALLOW, TNC_IMV_EVALUATION_RESULT_COMPLIANT);
	b = add_imv(h, 0, 1, TNC_IMV_ACTION_RECOMMENDATION_ISOLATE, TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR);
	by_id(b)->on_batch = reason_probe;
	assert_int_equal(smgw__tnc_conn_new(h, &c), 0);
	assert_int_equal(smgw__tnc_conn_set_language(c, "fr", 2), 0);
	assert_int_equal(smgw__tnc_conn_begin(c), 0);
	/* the server side does not begin handshakes */
	assert_int_equal(by_id(a)->solicit_calls, 0);
	assert_false(smgw__tnc_conn_all_decided(c));
	assert_int_equal(smgw__tnc_conn_batch_ending(c), 0);
	assert_false(smgw__tnc_conn_all_decided(c));
	/* ProvideRecommendation outside a call */
	BOUND(pr, 1, a, "TNC_TNCS_ProvideRecommendation");
	assert_int_equal(pr(a, smgw__tnc_conn_id(c), 0, 0), TNC_RESULT_ILLEGAL_OPERATION);
	assert_int_equal(smgw__tnc_conn_decide(c, SMGW_TNCS_POLICY_MOST_RESTRICTIVE, &rec, &eval), 0);
	/* only the undecided IMV was solicited */
	assert_int_equal(by_id(a)->solicit_calls, 0);
	assert_int_equal(by_id(b)->solicit_calls, 1);
	assert_true(smgw__tnc_conn_all_decided(c));
	assert_int_equal(rec, TNC_IMV_ACTION_RECOMMENDATION_ISOLATE);
	assert_int_equal(eval, TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR);
	/* the reason is that of the IMV that decided (b isolates) */
	reason = smgw__tnc_conn_reason(c, &rlen, &lang, &llen);
	assert_non_null(reason);
	assert_int_equal(rlen, 7); /* the trailing NUL is not part of it */
	assert_memory_equal(reason, "too old", 7);
	assert_int_equal(llen, 2);
	assert_memory_equal(lang, "en", 2);
	assert_int_equal(smgw__tnc_conn_decide(c, SMGW_TNCS_POLICY_ANY, &rec, &eval), 0);
	assert_int_equal(rec, TNC_IMV_ACTION_RECOMMENDATION_ALLOW);
	assert_int_equal(eval, TNC_IMV_EVALUATION_RESULT_COMPLIANT);
	/* ANY: a decided and set no reason; b's "too old" does not explain an
	 * allowed access */
	assert_null(smgw__tnc_conn_reason(c, &rlen, &lang, &llen));
	smgw__tnc_conn_free(c);

	/* both set a reason: the deciding one is sent, whatever the load order */
	by_id(a)->on_batch = reason_fine;
	assert_int_equal(smgw__tnc_conn_new(h, &c), 0);
	assert_int_equal(smgw__tnc_conn_set_language(c, "fr", 2), 0);
	assert_int_equal(smgw__tnc_conn_begin(c), 0);
	assert_int_equal(smgw__tnc_conn_batch_ending(c), 0);
	assert_int_equal(smgw__tnc_conn_decide(c, SMGW_TNCS_POLICY_MOST_RESTRICTIVE, &rec, &eval), 0);
	assert_int_equal(rec, TNC_IMV_ACTION_RECOMMENDATION_ISOLATE);
	reason = smgw__tnc_conn_reason(c, &rlen, NULL, NULL);
	assert_non_null(reason);
	assert_int_equal(rlen, 7);
	assert_memory_equal(reason, "too old", 7);
	assert_int_equal(smgw__tnc_conn_decide(c, SMGW_TNCS_POLICY_ANY, &rec, &eval), 0);
	reason = smgw__tnc_conn_reason(c, &rlen, NULL, NULL);
	assert_non_null(reason);
	assert_int_equal(rlen, 9);
	assert_memory_equal(reason, "compliant", 9);
	/* ALL: b's isolate is outranked by nobody: b decides */
	assert_int_equal(smgw__tnc_conn_decide(c, SMGW_TNCS_POLICY_ALL, &rec, &eval), 0);
	assert_int_equal(rec, TNC_IMV_ACTION_RECOMMENDATION_ISOLATE);
	reason = smgw__tnc_conn_reason(c, &rlen, NULL, NULL);
	assert_non_null(reason);
	assert_memory_equal(reason, "too old", 7);
	smgw__tnc_conn_free(c);
	by_id(a)->on_batch = NULL;

	/* an IMV that stays silent when solicited cannot vouch: no access */
	by_id(b)->on_batch = NULL;
	s = add_imv(h, 0, 0, 0, 0);
	assert_int_equal(smgw__tnc_conn_new(h, &c), 0);
	assert_int_equal(smgw__tnc_conn_begin(c), 0);
	assert_int_equal(smgw__tnc_conn_batch_ending(c), 0);
	assert_int_equal(smgw__tnc_conn_decide(c, SMGW_TNCS_POLICY_ANY, &rec, &eval), 0);
	assert_int_equal(by_id(s)->solicit_calls, 1);
	assert_int_equal(rec, TNC_IMV_ACTION_RECOMMENDATION_ALLOW); /* ANY: a allows */
	assert_int_equal(smgw__tnc_conn_decide(c, SMGW_TNCS_POLICY_MOST_RESTRICTIVE, &rec, &eval), 0);
	assert_int_equal(rec, TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS);
	assert_int_equal(eval, TNC_IMV_EVALUATION_RESULT_ERROR);
	smgw__tnc_conn_free(c);
	smgw__tnc_host_free(h);
}

static void test_fatal_module(void **state)
{
	struct smgw__tnc_host *h = new_host(SMGW__TNC_SIDE_IMV);
	struct smgw__tnc_conn *c = NULL;
	struct smgw__tnc_msg m;
	uint32_t rec = 9, eval = 9;
	TNC_UInt32 a, b;

	(void)state;
	a = add_imv(h, 1, 1, TNC_IMV_ACTION_RECOMMENDATION_ALLOW, TNC_IMV_EVALUATION_RESULT_COMPLIANT);
	b = add_imv(h, 0, 1, TNC_IMV_ACTION_RECOMMENDATION_ALLOW, TNC_IMV_EVALUATION_RESULT_COMPLIANT);
	by_id(b)->receive_result = TNC_RESULT_FATAL;
	assert_int_equal(smgw__tnc_conn_new(h, &c), 0);
	assert_int_equal(smgw__tnc_conn_begin(c), 0);
	m = msg(0, 1, 0, 3, 0xffff);
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 2);
	/* b failed fatally: not called again */
	assert_int_equal(smgw__tnc_conn_deliver(c, &m), 1);
	assert_int_equal(by_id(b)->n_rx, 1);
	assert_int_equal(smgw__tnc_conn_batch_ending(c), 0);
	assert_int_equal(by_id(b)->batch_calls, 0);
	/* a said allow; the failed IMV is counted as no access: an access
	 * decision is never made past a failed check */
	assert_int_equal(smgw__tnc_conn_decide(c, SMGW_TNCS_POLICY_MOST_RESTRICTIVE, &rec, &eval), 0);
	assert_int_equal(by_id(b)->solicit_calls, 0);
	assert_int_equal(rec, TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS);
	assert_int_equal(eval, TNC_IMV_EVALUATION_RESULT_ERROR);
	smgw__tnc_conn_free(c);
	smgw__tnc_host_free(h);
	assert_int_equal(by_id(a)->terminate_calls, 1);
}

/* ---- misbehaving modules without dlopen (see test_loader.c for shared objects) ---- */

static TNC_Result init_version7(TNC_UInt32 id, TNC_Version min, TNC_Version max, TNC_Version *out)
{
	(void)id;
	(void)min;
	(void)max;
	*out = 7;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result init_nocommon(TNC_UInt32 id, TNC_Version min, TNC_Version max, TNC_Version *out)
{
	(void)id;
	(void)out;
	return max < 2 && min <= 2 ? TNC_RESULT_NO_COMMON_VERSION : TNC_RESULT_SUCCESS;
}

static int terminated;

static TNC_Result count_terminate(TNC_UInt32 id)
{
	(void)id;
	terminated++;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result bind_fails(TNC_IMCID id, TNC_TNCC_BindFunctionPointer b)
{
	(void)id;
	(void)b;
	return TNC_RESULT_FATAL;
}

static void test_bad_modules(void **state)
{
	struct smgw__tnc_host *h = new_host(SMGW__TNC_SIDE_IMC);
	struct smgw__tnc_funcs f;
	struct smgw_diag d = SMGW_DIAG_INIT;
	TNC_IMC_ProvideBindFunctionPointer pb = bind_fails;
	uint32_t id = 99;

	(void)state;
	f = imc_funcs(1);
	f.begin = NULL;
	assert_int_equal(smgw__tnc_host_add(h, &f, "nobegin", &d, &id), SMGW_E_TNC_MODULE_SYMBOL);
	f = imc_funcs(1);
	f.provide_bind = NULL;
	assert_int_equal(smgw__tnc_host_add(h, &f, "nobind", &d, &id), SMGW_E_TNC_MODULE_SYMBOL);
	f = imc_funcs(1);
	f.initialize = init_version7;
	f.terminate = count_terminate;
	assert_int_equal(smgw__tnc_host_add(h, &f, "v7", &d, &id), SMGW_E_TNC_MODULE_VERSION);
	assert_non_null(strstr(d.message, "version 7"));
	assert_int_equal(terminated, 1); /* initialized, so terminated */
	f.initialize = init_nocommon;
	assert_int_equal(smgw__tnc_host_add(h, &f, "v2only", &d, &id), SMGW_E_TNC_MODULE_VERSION);
	assert_int_equal(terminated, 1); /* never initialized */
	f = imc_funcs(1);
	f.terminate = count_terminate;
	memcpy(&f.provide_bind, &pb, sizeof(pb));
	memset(&next, 0, sizeof(next));
	assert_int_equal(smgw__tnc_host_add(h, &f, "bindfail", &d, &id), SMGW_E_TNC_MODULE_INIT);
	assert_int_equal(terminated, 2);
	assert_int_equal(id, 99);
	assert_int_equal(smgw__tnc_host_count(h), 0);
	smgw__tnc_host_free(h);
}

static void test_combine(void **state)
{
	static const struct {
		int policy;
		size_t n;
		uint32_t recs[3], evals[3];
		uint32_t rec, eval;
	} cases[] = {
		/* no IMV, or nobody recommends: fail closed */
		{ SMGW_TNCS_POLICY_MOST_RESTRICTIVE, 0, { 0 }, { 0 }, 1, 4 },
		{ SMGW_TNCS_POLICY_ANY, 0, { 0 }, { 0 }, 1, 4 },
		{ SMGW_TNCS_POLICY_MOST_RESTRICTIVE, 2, { 3, 3 }, { 0, 0 }, 1, 4 },
		/* most restrictive: no access > isolate > allow; no recommendation ignored */
		{ SMGW_TNCS_POLICY_MOST_RESTRICTIVE, 3, { 0, 2, 3 }, { 0, 1, 4 }, 2, 1 },
		{ SMGW_TNCS_POLICY_MOST_RESTRICTIVE, 3, { 0, 2, 1 }, { 0, 1, 2 }, 1, 2 },
		{ SMGW_TNCS_POLICY_MOST_RESTRICTIVE, 2, { 0, 3 }, { 0, 4 }, 0, 0 },
		{ SMGW_TNCS_POLICY_MOST_RESTRICTIVE, 2, { 0, 0 }, { 0, 4 }, 0, 4 },
		/* evaluation severity: compliant < don't know < minor < major < error */
		{ SMGW_TNCS_POLICY_MOST_RESTRICTIVE, 2, { 0, 0 }, { 3, 2 }, 0, 3 },
		/* all: no recommendation counts as no access */
		{ SMGW_TNCS_POLICY_ALL, 2, { 0, 3 }, { 0, 4 }, 1, 4 },
		{ SMGW_TNCS_POLICY_ALL, 2, { 0, 0 }, { 0, 1 }, 0, 1 },
		/* any: least restrictive, best evaluation among those */
		{ SMGW_TNCS_POLICY_ANY, 3, { 1, 0, 0 }, { 2, 1, 0 }, 0, 0 },
		{ SMGW_TNCS_POLICY_ANY, 2, { 1, 2 }, { 2, 1 }, 2, 1 },
		{ SMGW_TNCS_POLICY_ANY, 2, { 3, 1 }, { 0, 3 }, 1, 3 },
	};
	uint32_t rec, eval, bad[1] = { 4 }, ok[1] = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rec = eval = 99;
		assert_int_equal(smgw_tncs_combine(cases[i].policy, cases[i].n, cases[i].recs, cases[i].evals, &rec,
						   &eval),
				 0);
		if (rec != cases[i].rec || eval != cases[i].eval)
			fail_msg("case %zu: got %u/%u, want %u/%u", i, (unsigned)rec, (unsigned)eval,
				 (unsigned)cases[i].rec, (unsigned)cases[i].eval);
	}
	assert_int_equal(smgw_tncs_combine(3, 0, NULL, NULL, &rec, &eval), SMGW_E_INVAL);
	assert_int_equal(smgw_tncs_combine(0, 1, bad, ok, &rec, &eval), SMGW_E_INVAL);
	assert_int_equal(smgw_tncs_combine(0, 1, ok, bad + 0, &rec, &eval), 0);
	bad[0] = 5;
	assert_int_equal(smgw_tncs_combine(0, 1, ok, bad, &rec, &eval), SMGW_E_INVAL);
	assert_int_equal(smgw_tncs_combine(0, 1, NULL, ok, &rec, &eval), SMGW_E_INVAL);
}

static void test_limits(void **state)
{
	struct smgw__tnc_host *h = new_host(SMGW__TNC_SIDE_IMC);
	struct smgw__tnc_funcs f = imc_funcs(1);
	uint32_t id = 0;
	int i;

	(void)state;
	for (i = 0; i < SMGW__TNC_MAX_MODULES; i++) {
		memset(&next, 0, sizeof(next));
		if (n_fakes == MAXF)
			n_fakes = 0; /* the fakes table is small; IDs stay unique */
		assert_int_equal(smgw__tnc_host_add(h, &f, "m", NULL, &id), 0);
	}
	assert_int_equal(smgw__tnc_host_add(h, &f, "one too many", NULL, &id), SMGW_E_LIMIT);
	assert_int_equal(smgw__tnc_host_count(h), SMGW__TNC_MAX_MODULES);
	n_fakes = MAXF; /* Terminate looks modules up; keep the table intact */
	smgw__tnc_host_free(h);
}

/* The constants against the values of the TCG IF-IMC 1.3 / IF-IMV 1.4
 * specifications (shared/reference/tnc.md section 4), typed independently
 * of the header. */
static void test_tcg_values(void **state)
{
	(void)state;
	assert_int_equal(sizeof(TNC_UInt32), sizeof(unsigned long));
	assert_int_equal(TNC_IFIMC_VERSION_1, 1);
	assert_int_equal(TNC_IFIMV_VERSION_1, 1);
	assert_int_equal(TNC_RESULT_SUCCESS, 0);
	assert_int_equal(TNC_RESULT_NOT_INITIALIZED, 1);
	assert_int_equal(TNC_RESULT_ALREADY_INITIALIZED, 2);
	assert_int_equal(TNC_RESULT_NO_COMMON_VERSION, 3);
	assert_int_equal(TNC_RESULT_CANT_RETRY, 4);
	assert_int_equal(TNC_RESULT_WONT_RETRY, 5);
	assert_int_equal(TNC_RESULT_INVALID_PARAMETER, 6);
	assert_int_equal(TNC_RESULT_CANT_RESPOND, 7);
	assert_int_equal(TNC_RESULT_ILLEGAL_OPERATION, 8);
	assert_int_equal(TNC_RESULT_OTHER, 9);
	assert_int_equal(TNC_RESULT_FATAL, 10);
	assert_int_equal(TNC_CONNECTION_STATE_CREATE, 0);
	assert_int_equal(TNC_CONNECTION_STATE_HANDSHAKE, 1);
	assert_int_equal(TNC_CONNECTION_STATE_ACCESS_ALLOWED, 2);
	assert_int_equal(TNC_CONNECTION_STATE_ACCESS_ISOLATED, 3);
	assert_int_equal(TNC_CONNECTION_STATE_ACCESS_NONE, 4);
	assert_int_equal(TNC_CONNECTION_STATE_DELETE, 5);
	assert_int_equal(TNC_IMV_ACTION_RECOMMENDATION_ALLOW, 0);
	assert_int_equal(TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS, 1);
	assert_int_equal(TNC_IMV_ACTION_RECOMMENDATION_ISOLATE, 2);
	assert_int_equal(TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION, 3);
	assert_int_equal(TNC_IMV_EVALUATION_RESULT_COMPLIANT, 0);
	assert_int_equal(TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR, 1);
	assert_int_equal(TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR, 2);
	assert_int_equal(TNC_IMV_EVALUATION_RESULT_ERROR, 3);
	assert_int_equal(TNC_IMV_EVALUATION_RESULT_DONT_KNOW, 4);
	assert_int_equal(TNC_IMCID_ANY, 0xffff);
	assert_int_equal(TNC_IMVID_ANY, 0xffff);
	assert_int_equal(TNC_VENDORID_ANY, 0xffffff);
	assert_int_equal(TNC_SUBTYPE_ANY, 0xff);
	assert_int_equal(TNC_MESSAGE_FLAGS_EXCLUSIVE, 0x80000000ul);
	assert_int_equal(TNC_CONNECTIONID_ANY, 0xffffffffu);
	assert_int_equal(TNC_ATTRIBUTEID_PREFERRED_LANGUAGE, 0x00000001);
	assert_int_equal(TNC_ATTRIBUTEID_MAX_ROUND_TRIPS, 0x00559700);
	assert_int_equal(TNC_ATTRIBUTEID_MAX_MESSAGE_SIZE, 0x00559701);
	assert_int_equal(TNC_ATTRIBUTEID_DHPN, 0x00559702);
	assert_int_equal(TNC_ATTRIBUTEID_HAS_LONG_TYPES, 0x00559703);
	assert_int_equal(TNC_ATTRIBUTEID_HAS_EXCLUSIVE, 0x00559704);
	assert_int_equal(TNC_ATTRIBUTEID_HAS_SOH, 0x00559705);
	assert_int_equal(TNC_ATTRIBUTEID_IFTNCCS_PROTOCOL, 0x0055970A);
	assert_int_equal(TNC_ATTRIBUTEID_IFTNCCS_VERSION, 0x0055970B);
	assert_int_equal(TNC_ATTRIBUTEID_IFT_PROTOCOL, 0x0055970C);
	assert_int_equal(TNC_ATTRIBUTEID_IFT_VERSION, 0x0055970D);
	assert_int_equal(TNC_ATTRIBUTEID_TLS_UNIQUE, 0x0055970E);
	assert_int_equal(TNC_ATTRIBUTEID_PRIMARY_IMC_ID, 0x00559711);
	/* the IMV action -> PB-Access-Recommendation mapping is checked in test_assess.c */
}

/* ABI pins of the public structs (LP64 and ILP32). */
static void test_abi_pins(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct smgw_tnc_result, reason), 24);
	assert_int_equal(offsetof(struct smgw_tnc_result, reason_lang), 280);
	assert_int_equal(sizeof(struct smgw_tnc_result), 312);
	assert_int_equal(offsetof(struct smgw_tncc_params, preferred_language), 8);
	assert_int_equal(offsetof(struct smgw_tncc_params, max_batch_size), 8 + sizeof(void *));
	assert_int_equal(offsetof(struct smgw_tncc_params, plain_authcid), 8 + sizeof(void *) + 24);
	assert_int_equal(sizeof(struct smgw_tncc_params), 32 + 3 * sizeof(void *));
	assert_int_equal(offsetof(struct smgw_tncs_params, policy), 8);
	assert_int_equal(offsetof(struct smgw_tncs_params, plain_check), 32);
	assert_int_equal(sizeof(struct smgw_tncs_params), 32 + 2 * sizeof(void *));
	assert_int_equal(offsetof(struct smgw_tnc_imc_ops, initialize), 8);
	assert_int_equal(sizeof(struct smgw_tnc_imc_ops), 8 + 8 * sizeof(void *));
	assert_int_equal(offsetof(struct smgw_tnc_imv_ops, solicit_recommendation), 8 + 2 * sizeof(void *));
	assert_int_equal(sizeof(struct smgw_tnc_imv_ops), 8 + 8 * sizeof(void *));
}

/* Out of memory at every allocation of a host's life: no crash, no leak,
 * and the operation either succeeds or reports the failure. */
static int fail_after;

static void *oom_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
	(void)ud;
	(void)old_size;
	if (new_size == 0) {
		free(ptr);
		return NULL;
	}
	if (fail_after-- <= 0)
		return NULL;
	return realloc(ptr, new_size);
}

static void sender(struct fake *f, TNC_ConnectionID cid)
{
	TNC_TNCC_SendMessageLongPointer sl;
	unsigned char b[8] = { 1 };
	int i;

	BOUND(sl, 0, f->id, "TNC_TNCC_SendMessageLong");
	for (i = 0; i < 12; i++) {
		TNC_Result r = sl(f->id, cid, 0, b, sizeof(b), 0, 1, TNC_IMVID_ANY);

		assert_true(r == TNC_RESULT_SUCCESS || r == TNC_RESULT_OTHER);
	}
}

static void test_oom(void **state)
{
	struct smgw_ctx_params cp;
	int n, done = 0;

	(void)state;
	for (n = 0; n < 200 && !done; n++) {
		smgw_ctx *c = NULL;
		struct smgw__tnc_host *h = NULL;
		struct smgw__tnc_conn *conn = NULL;
		struct smgw__tnc_funcs f = imc_funcs(1);
		uint32_t id = 0;
		int err;

		memset(&cp, 0, sizeof(cp));
		cp.struct_size = sizeof(cp);
		cp.alloc = oom_alloc;
		fail_after = 1000; /* the context itself */
		assert_int_equal(smgw_ctx_new(&cp, &c), 0);
		fail_after = n;
		n_fakes = 0;
		memset(&next, 0, sizeof(next));
		next.n_types = 1;
		next.on_begin = sender;
		err = smgw__tnc_host_new(c, SMGW__TNC_SIDE_IMC, NULL, &h);
		if (err == 0)
			err = smgw__tnc_host_add(h, &f, "m", NULL, &id);
		if (err == 0)
			err = smgw__tnc_conn_new(h, &conn);
		if (err == 0) {
			err = smgw__tnc_conn_begin(conn);
			assert_int_equal(err, 0);
			if (smgw__tnc_conn_out_count(conn) == 12)
				done = 1;
		}
		assert_true(err == 0 || err == SMGW_E_NOMEM || err == SMGW_E_TNC_MODULE_INIT);
		smgw__tnc_conn_free(conn);
		smgw__tnc_host_free(h);
		smgw_ctx_unref(c);
	}
	assert_true(done);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_routing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_subtypes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exclusive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subscriptions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recommendations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_module, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_modules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_combine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcg_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abi_pins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oom, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
