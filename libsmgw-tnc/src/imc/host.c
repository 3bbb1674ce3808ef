/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The IF-IMC / IF-IMV module host: loading, binding, subscriptions,
 * routing, attributes and recommendations.
 *
 * The TCG interface passes no context pointer: a module names itself only
 * by its ID when it calls a TNCC/TNCS function. A module may call those
 * functions only from inside a call the host made into it, on the same
 * thread (the only way IF-IMC/IF-IMV uses them in an assessment). The host
 * therefore records, for the duration of each call into a module, a frame
 * {host, module, connection, kind} in a thread-local pointer and finds its
 * state through it. That pointer is the only static state of the library;
 * it is restored when the call returns, so nested and concurrent hosts on
 * different threads never see each other's frames. Calls that arrive
 * without a frame (another thread, after the call returned) are refused
 * with TNC_RESULT_ILLEGAL_OPERATION.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include <smgw/tnc/tncs.h>

#include "host.h"

#define DOMAIN "tnc"

#define MAX_U32 0xffffffffUL

/* What the host is doing when a module calls back. */
enum frame_kind {
	FRAME_INIT,      /* Initialize, ProvideBindFunction, Terminate */
	FRAME_NOTIFY,    /* NotifyConnectionChange */
	FRAME_BEGIN,     /* BeginHandshake (IMC) */
	FRAME_RECEIVE,   /* ReceiveMessage(Long) */
	FRAME_BATCH,     /* BatchEnding */
	FRAME_SOLICIT,   /* SolicitRecommendation (IMV) */
};

struct tnc_type {
	uint32_t vendor;
	uint32_t subtype; /* TNC_SUBTYPE_ANY: any */
};

struct module {
	struct smgw__tnc_host *host;
	void *dl;
	struct smgw__tnc_funcs f;
	char name[64];
	uint32_t id;
	uint32_t extra[SMGW__TNC_MAX_EXTRA_IDS];
	size_t n_extra;
	struct tnc_type *types;
	size_t n_types;
	int fatal;
	int initialized;
};

struct rec {
	int have;
	uint32_t rec;
	uint32_t eval;
	char reason[SMGW__TNC_REASON_MAX];
	size_t reason_len;
	char lang[SMGW__TNC_LANG_MAX];
	size_t lang_len;
};

struct smgw__tnc_conn {
	struct smgw__tnc_host *host;
	struct smgw__tnc_conn *next;
	uint32_t id;
	uint32_t state;
	int in_handshake;
	uint32_t max_msg_size;
	char *lang;       /* IMV side: the client's PB-Language-Preference ranges (allocated) */
	size_t lang_len;
	size_t decider;   /* IMV side: index of the IMV that decided, SIZE_MAX before / none */
	uint8_t tls_unique[SMGW__TNC_TLS_UNIQUE_MAX];
	size_t tls_unique_len;
	struct smgw__tnc_msg *out;
	size_t n_out, cap_out;
	size_t out_bytes;
	struct rec *recs; /* one per module of the host */
	size_t n_recs;
};

struct smgw__tnc_host {
	smgw_ctx *ctx;
	int side;
	struct module *mods[SMGW__TNC_MAX_MODULES];
	size_t n_mods;
	uint32_t next_id;
	uint32_t next_conn;
	char lang[SMGW__TNC_LANG_MAX];
	uint32_t max_msg_size;
	uint32_t max_queue_size;
	uint32_t max_round_trips;
	struct smgw__tnc_conn *conns;
};

struct frame {
	struct smgw__tnc_host *host;
	struct module *mod;
	struct smgw__tnc_conn *conn;
	int kind;
	struct frame *prev;
};

static _Thread_local struct frame *current_frame;

static void frame_push(struct frame *fr, struct smgw__tnc_host *host, struct module *mod,
		       struct smgw__tnc_conn *conn, int kind)
{
	fr->host = host;
	fr->mod = mod;
	fr->conn = conn;
	fr->kind = kind;
	fr->prev = current_frame;
	current_frame = fr;
}

static void frame_pop(struct frame *fr)
{
	current_frame = fr->prev;
}

static int module_has_id(const struct module *m, TNC_UInt32 id)
{
	size_t i;

	if (id == m->id)
		return 1;
	for (i = 0; i < m->n_extra; i++)
		if (m->extra[i] == id)
			return 1;
	return 0;
}

/* The frame of a call back from module ID @p id, or NULL when the call is
 * not made from inside a call into that module. */
static struct frame *frame_for(TNC_UInt32 id, int side)
{
	struct frame *fr = current_frame;

	if (!fr || fr->host->side != side || !module_has_id(fr->mod, id))
		return NULL;
	return fr;
}

static struct smgw__tnc_conn *conn_by_id(struct smgw__tnc_host *host, TNC_ConnectionID id)
{
	struct smgw__tnc_conn *c;

	for (c = host->conns; c; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

static size_t module_index(const struct smgw__tnc_host *host, const struct module *m)
{
	size_t i;

	for (i = 0; i < host->n_mods; i++)
		if (host->mods[i] == m)
			return i;
	return SIZE_MAX;
}

/* ------------------------------------------------------------------ */
/* The TNCC / TNCS functions handed to the modules                     */
/* ------------------------------------------------------------------ */

static int type_valid_for_subscription(TNC_UInt32 vendor, TNC_UInt32 subtype)
{
	if (vendor > TNC_VENDORID_ANY || subtype > MAX_U32)
		return 0;
	/* "any vendor" only together with "any subtype" */
	if (vendor == TNC_VENDORID_ANY && subtype != TNC_SUBTYPE_ANY)
		return 0;
	return 1;
}

static TNC_Result set_types(struct frame *fr, const TNC_VendorID *vendors, const TNC_MessageSubtype *subtypes,
			    const TNC_MessageType *legacy, TNC_UInt32 count)
{
	struct module *m = fr->mod;
	smgw_ctx *ctx = fr->host->ctx;
	struct tnc_type *t = NULL;
	TNC_UInt32 i;

	if (count > SMGW__TNC_MAX_TYPES)
		return TNC_RESULT_INVALID_PARAMETER;
	if (count > 0) {
		t = smgw_ctx_calloc(ctx, count, sizeof(*t));
		if (!t)
			return TNC_RESULT_OTHER; /* out of memory; the old subscription stays */
	}
	for (i = 0; i < count; i++) {
		TNC_UInt32 v, s;

		if (legacy) {
			if (legacy[i] > MAX_U32) {
				smgw_ctx_free(ctx, t, count * sizeof(*t));
				return TNC_RESULT_INVALID_PARAMETER;
			}
			v = (legacy[i] >> 8) & 0xffffff;
			s = legacy[i] & 0xff;
		} else {
			v = vendors[i];
			s = subtypes[i];
			/* 0xffffffff is reserved on the wire; treat it as the wildcard too */
			if (s == MAX_U32)
				s = TNC_SUBTYPE_ANY;
		}
		if (!type_valid_for_subscription(v, s)) {
			smgw_ctx_free(ctx, t, count * sizeof(*t));
			return TNC_RESULT_INVALID_PARAMETER;
		}
		t[i].vendor = (uint32_t)v;
		t[i].subtype = (uint32_t)s;
	}
	smgw_ctx_free(ctx, m->types, m->n_types * sizeof(*m->types));
	m->types = t;
	m->n_types = count;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result report_types(int side, TNC_UInt32 id, TNC_MessageTypeList types, TNC_UInt32 count)
{
	struct frame *fr = frame_for(id, side);

	if (!fr)
		return TNC_RESULT_ILLEGAL_OPERATION;
	if (count > 0 && !types)
		return TNC_RESULT_INVALID_PARAMETER;
	return set_types(fr, NULL, NULL, types, count);
}

static TNC_Result report_types_long(int side, TNC_UInt32 id, TNC_VendorIDList vendors,
				    TNC_MessageSubtypeList subtypes, TNC_UInt32 count)
{
	struct frame *fr = frame_for(id, side);

	if (!fr)
		return TNC_RESULT_ILLEGAL_OPERATION;
	if (count > 0 && (!vendors || !subtypes))
		return TNC_RESULT_INVALID_PARAMETER;
	return set_types(fr, vendors, subtypes, NULL, count);
}

static TNC_Result queue_message(int side, TNC_UInt32 id, TNC_ConnectionID cid, TNC_UInt32 flags,
				const unsigned char *msg, TNC_UInt32 len, TNC_UInt32 vendor, TNC_UInt32 subtype,
				TNC_UInt32 dst)
{
	struct frame *fr = frame_for(id, side);
	struct smgw__tnc_conn *c;
	struct smgw__tnc_msg *m;
	smgw_ctx *ctx;

	if (!fr)
		return TNC_RESULT_ILLEGAL_OPERATION;
	c = conn_by_id(fr->host, cid);
	if (!c)
		return TNC_RESULT_INVALID_PARAMETER;
	/* Messages may only be sent while the host calls the module for this
	 * connection: BeginHandshake, ReceiveMessage, BatchEnding and (IMV)
	 * SolicitRecommendation, whose messages go into the RESULT batch. */
	if (c != fr->conn || !c->in_handshake ||
	    (fr->kind != FRAME_BEGIN && fr->kind != FRAME_RECEIVE && fr->kind != FRAME_BATCH &&
	     fr->kind != FRAME_SOLICIT))
		return TNC_RESULT_ILLEGAL_OPERATION;
	if ((flags & ~TNC_MESSAGE_FLAGS_EXCLUSIVE) != 0 || vendor >= TNC_VENDORID_ANY || subtype >= MAX_U32 ||
	    dst > 0xffff || (len > 0 && !msg) || len > MAX_U32)
		return TNC_RESULT_INVALID_PARAMETER;
	if ((flags & TNC_MESSAGE_FLAGS_EXCLUSIVE) && dst == 0xffff)
		return TNC_RESULT_INVALID_PARAMETER;
	if (len > c->max_msg_size)
		return TNC_RESULT_EXCEEDED_MAX_MESSAGE_SIZE;
	if (c->out_bytes + len + SMGW__TNC_MSG_OVERHEAD > fr->host->max_queue_size)
		return TNC_RESULT_EXCEEDED_MAX_MESSAGE_SIZE;
	ctx = fr->host->ctx;
	if (c->n_out == c->cap_out) {
		size_t ncap = c->cap_out ? c->cap_out * 2 : 8;
		struct smgw__tnc_msg *n = smgw_ctx_realloc(ctx, c->out, c->cap_out * sizeof(*n), ncap * sizeof(*n));

		if (!n)
			return TNC_RESULT_OTHER; /* out of memory */
		c->out = n;
		c->cap_out = ncap;
	}
	m = &c->out[c->n_out];
	memset(m, 0, sizeof(*m));
	if (len > 0) {
		m->data = smgw_ctx_malloc(ctx, len);
		if (!m->data)
			return TNC_RESULT_OTHER;
		memcpy(m->data, msg, len);
	}
	m->len = len;
	m->vendor = (uint32_t)vendor;
	m->subtype = (uint32_t)subtype;
	m->src = (uint16_t)id;
	m->dst = (uint16_t)dst;
	m->excl = (flags & TNC_MESSAGE_FLAGS_EXCLUSIVE) ? 1 : 0;
	c->n_out++;
	c->out_bytes += len + SMGW__TNC_MSG_OVERHEAD;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result send_legacy(int side, TNC_UInt32 id, TNC_ConnectionID cid, TNC_BufferReference msg,
			      TNC_UInt32 len, TNC_MessageType type)
{
	TNC_UInt32 vendor, subtype;

	if (type > MAX_U32)
		return frame_for(id, side) ? TNC_RESULT_INVALID_PARAMETER : TNC_RESULT_ILLEGAL_OPERATION;
	vendor = (type >> 8) & 0xffffff;
	subtype = type & 0xff;
	if (subtype == TNC_SUBTYPE_ANY)
		return frame_for(id, side) ? TNC_RESULT_INVALID_PARAMETER : TNC_RESULT_ILLEGAL_OPERATION;
	return queue_message(side, id, cid, 0, msg, len, vendor, subtype, 0xffff);
}

static int attr_uint(TNC_UInt32 value, TNC_UInt32 blen, TNC_BufferReference buf, TNC_UInt32 *out_len)
{
	*out_len = 4;
	if (buf && blen >= 4) {
		buf[0] = (unsigned char)(value >> 24);
		buf[1] = (unsigned char)(value >> 16);
		buf[2] = (unsigned char)(value >> 8);
		buf[3] = (unsigned char)value;
	}
	return TNC_RESULT_SUCCESS;
}

static int attr_bytes(const void *v, size_t n, TNC_UInt32 blen, TNC_BufferReference buf, TNC_UInt32 *out_len)
{
	*out_len = (TNC_UInt32)n;
	if (buf && blen >= n && n > 0)
		memcpy(buf, v, n);
	return TNC_RESULT_SUCCESS;
}

/* NUL-terminated string attributes (the terminator is part of the value). */
static int attr_str(const char *s, TNC_UInt32 blen, TNC_BufferReference buf, TNC_UInt32 *out_len)
{
	return attr_bytes(s, strlen(s) + 1, blen, buf, out_len);
}

static TNC_Result get_attribute(int side, TNC_UInt32 id, TNC_ConnectionID cid, TNC_AttributeID attr,
				TNC_UInt32 blen, TNC_BufferReference buf, TNC_UInt32 *out_len)
{
	struct frame *fr = frame_for(id, side);
	struct smgw__tnc_conn *c = NULL;
	struct smgw__tnc_host *h;
	uint8_t one = 1, zero = 0;

	if (!fr)
		return TNC_RESULT_ILLEGAL_OPERATION;
	if (!out_len || (blen > 0 && !buf))
		return TNC_RESULT_INVALID_PARAMETER;
	h = fr->host;
	if (cid != TNC_CONNECTIONID_ANY) {
		c = conn_by_id(h, cid);
		if (!c)
			return TNC_RESULT_INVALID_PARAMETER;
	}
	switch (attr) {
	case TNC_ATTRIBUTEID_PREFERRED_LANGUAGE:
		if (side == SMGW__TNC_SIDE_IMC)
			return attr_bytes(h->lang, strlen(h->lang), blen, buf, out_len);
		if (!c || c->lang_len == 0)
			return TNC_RESULT_INVALID_PARAMETER;
		return attr_bytes(c->lang, c->lang_len, blen, buf, out_len);
	case TNC_ATTRIBUTEID_MAX_ROUND_TRIPS:
		return attr_uint(h->max_round_trips, blen, buf, out_len);
	case TNC_ATTRIBUTEID_MAX_MESSAGE_SIZE:
		return attr_uint(c ? c->max_msg_size : h->max_msg_size, blen, buf, out_len);
	case TNC_ATTRIBUTEID_HAS_LONG_TYPES:
	case TNC_ATTRIBUTEID_HAS_EXCLUSIVE:
		return attr_bytes(&one, 1, blen, buf, out_len);
	case TNC_ATTRIBUTEID_HAS_SOH:
		return attr_bytes(&zero, 1, blen, buf, out_len);
	case TNC_ATTRIBUTEID_IFTNCCS_PROTOCOL:
		return c ? attr_str("IF-TNCCS", blen, buf, out_len) : TNC_RESULT_INVALID_PARAMETER;
	case TNC_ATTRIBUTEID_IFTNCCS_VERSION:
		return c ? attr_str("2.0", blen, buf, out_len) : TNC_RESULT_INVALID_PARAMETER;
	case TNC_ATTRIBUTEID_IFT_PROTOCOL:
		return c ? attr_str("IF-T for TLS", blen, buf, out_len) : TNC_RESULT_INVALID_PARAMETER;
	case TNC_ATTRIBUTEID_IFT_VERSION:
		return c ? attr_str("2.0", blen, buf, out_len) : TNC_RESULT_INVALID_PARAMETER;
	case TNC_ATTRIBUTEID_TLS_UNIQUE:
		if (!c || c->tls_unique_len == 0)
			return TNC_RESULT_INVALID_PARAMETER;
		return attr_bytes(c->tls_unique, c->tls_unique_len, blen, buf, out_len);
	case TNC_ATTRIBUTEID_PRIMARY_IMC_ID:
		if (side != SMGW__TNC_SIDE_IMC)
			return TNC_RESULT_INVALID_PARAMETER;
		return attr_uint(fr->mod->id, blen, buf, out_len);
	case TNC_ATTRIBUTEID_PRIMARY_IMV_ID:
		if (side != SMGW__TNC_SIDE_IMV)
			return TNC_RESULT_INVALID_PARAMETER;
		return attr_uint(fr->mod->id, blen, buf, out_len);
	default:
		return TNC_RESULT_INVALID_PARAMETER;
	}
}

static TNC_Result set_attribute(int side, TNC_UInt32 id, TNC_ConnectionID cid, TNC_AttributeID attr,
				TNC_UInt32 blen, TNC_BufferReference buf)
{
	struct frame *fr = frame_for(id, side);
	struct smgw__tnc_conn *c;
	struct rec *r;
	size_t idx;

	if (!fr)
		return TNC_RESULT_ILLEGAL_OPERATION;
	if (side != SMGW__TNC_SIDE_IMV || cid == TNC_CONNECTIONID_ANY ||
	    (attr != TNC_ATTRIBUTEID_REASON_STRING && attr != TNC_ATTRIBUTEID_REASON_LANGUAGE) ||
	    (blen > 0 && !buf))
		return TNC_RESULT_INVALID_PARAMETER;
	c = conn_by_id(fr->host, cid);
	idx = module_index(fr->host, fr->mod);
	if (!c || idx >= c->n_recs)
		return TNC_RESULT_INVALID_PARAMETER;
	r = &c->recs[idx];
	/* a trailing NUL is not part of the value */
	if (blen > 0 && buf[blen - 1] == 0)
		blen--;
	if (attr == TNC_ATTRIBUTEID_REASON_STRING) {
		if (blen > sizeof(r->reason))
			return TNC_RESULT_INVALID_PARAMETER;
		if (blen)
			memcpy(r->reason, buf, blen);
		r->reason_len = blen;
	} else {
		if (blen > sizeof(r->lang))
			return TNC_RESULT_INVALID_PARAMETER;
		if (blen)
			memcpy(r->lang, buf, blen);
		r->lang_len = blen;
	}
	return TNC_RESULT_SUCCESS;
}

static TNC_Result reserve_id(int side, TNC_UInt32 id, TNC_UInt32 *out)
{
	struct frame *fr = frame_for(id, side);
	struct module *m;

	if (!fr)
		return TNC_RESULT_ILLEGAL_OPERATION;
	if (!out)
		return TNC_RESULT_INVALID_PARAMETER;
	m = fr->mod;
	if (m->n_extra >= SMGW__TNC_MAX_EXTRA_IDS || fr->host->next_id > SMGW__TNC_MAX_ID)
		return TNC_RESULT_OTHER;
	m->extra[m->n_extra++] = fr->host->next_id;
	*out = fr->host->next_id++;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result request_retry(int side, TNC_UInt32 id, TNC_ConnectionID cid, TNC_RetryReason reason)
{
	struct frame *fr = frame_for(id, side);

	(void)reason;
	if (!fr)
		return TNC_RESULT_ILLEGAL_OPERATION;
	if (!conn_by_id(fr->host, cid))
		return TNC_RESULT_INVALID_PARAMETER;
	/* One assessment per connection (BSI profile): a new assessment is a
	 * new connection. */
	return TNC_RESULT_WONT_RETRY;
}

static TNC_Result provide_recommendation(TNC_UInt32 id, TNC_ConnectionID cid, TNC_UInt32 rec, TNC_UInt32 eval)
{
	struct frame *fr = frame_for(id, SMGW__TNC_SIDE_IMV);
	struct smgw__tnc_conn *c;
	size_t idx;

	if (!fr)
		return TNC_RESULT_ILLEGAL_OPERATION;
	c = conn_by_id(fr->host, cid);
	if (!c || rec > TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION ||
	    eval > TNC_IMV_EVALUATION_RESULT_DONT_KNOW)
		return TNC_RESULT_INVALID_PARAMETER;
	if (c != fr->conn || !c->in_handshake)
		return TNC_RESULT_ILLEGAL_OPERATION;
	idx = module_index(fr->host, fr->mod);
	if (idx >= c->n_recs)
		return TNC_RESULT_INVALID_PARAMETER;
	c->recs[idx].have = 1;
	c->recs[idx].rec = (uint32_t)rec;
	c->recs[idx].eval = (uint32_t)eval;
	return TNC_RESULT_SUCCESS;
}

/* The TNCC and TNCS functions of both sides with the exact IF-IMC/IF-IMV
 * types; the modules call them through those types, so each side has its
 * own functions, generated here from one definition. */
#define SMGW__TNC_SIDE_FUNCTIONS(pfx, side, id_type) \
	static TNC_Result pfx##_report_types(id_type id, TNC_MessageTypeList t, TNC_UInt32 n) \
	{ \
		return report_types(side, id, t, n); \
	} \
	static TNC_Result pfx##_report_types_long(id_type id, TNC_VendorIDList v, TNC_MessageSubtypeList s, \
						  TNC_UInt32 n) \
	{ \
		return report_types_long(side, id, v, s, n); \
	} \
	static TNC_Result pfx##_send(id_type id, TNC_ConnectionID cid, TNC_BufferReference msg, TNC_UInt32 len, \
				     TNC_MessageType type) \
	{ \
		return send_legacy(side, id, cid, msg, len, type); \
	} \
	static TNC_Result pfx##_send_long(id_type id, TNC_ConnectionID cid, TNC_UInt32 flags, \
					  TNC_BufferReference msg, TNC_UInt32 len, TNC_VendorID vendor, \
					  TNC_MessageSubtype subtype, TNC_UInt32 dst) \
	{ \
		return queue_message(side, id, cid, flags, msg, len, vendor, subtype, dst); \
	} \
	static TNC_Result pfx##_retry(id_type id, TNC_ConnectionID cid, TNC_RetryReason reason) \
	{ \
		return request_retry(side, id, cid, reason); \
	} \
	static TNC_Result pfx##_get_attribute(id_type id, TNC_ConnectionID cid, TNC_AttributeID attr, \
					      TNC_UInt32 blen, TNC_BufferReference buf, TNC_UInt32 *out_len) \
	{ \
		return get_attribute(side, id, cid, attr, blen, buf, out_len); \
	} \
	static TNC_Result pfx##_set_attribute(id_type id, TNC_ConnectionID cid, TNC_AttributeID attr, \
					      TNC_UInt32 blen, TNC_BufferReference buf) \
	{ \
		return set_attribute(side, id, cid, attr, blen, buf); \
	} \
	static TNC_Result pfx##_reserve_id(id_type id, TNC_UInt32 *out) \
	{ \
		return reserve_id(side, id, out); \
	}

SMGW__TNC_SIDE_FUNCTIONS(tncc, SMGW__TNC_SIDE_IMC, TNC_IMCID)
SMGW__TNC_SIDE_FUNCTIONS(tncs, SMGW__TNC_SIDE_IMV, TNC_IMVID)

static TNC_Result tncs_provide_recommendation(TNC_IMVID id, TNC_ConnectionID cid,
					      TNC_IMV_Action_Recommendation rec, TNC_IMV_Evaluation_Result eval)
{
	return provide_recommendation(id, cid, rec, eval);
}

struct bind_entry {
	const char *name;
	void (*fn)(void);
};

#define BIND(n, f) { n, (void (*)(void))(f) }

static const struct bind_entry tncc_functions[] = {
	BIND("TNC_TNCC_ReportMessageTypes", tncc_report_types),
	BIND("TNC_TNCC_ReportMessageTypesLong", tncc_report_types_long),
	BIND("TNC_TNCC_SendMessage", tncc_send),
	BIND("TNC_TNCC_SendMessageLong", tncc_send_long),
	BIND("TNC_TNCC_RequestHandshakeRetry", tncc_retry),
	BIND("TNC_TNCC_GetAttribute", tncc_get_attribute),
	BIND("TNC_TNCC_SetAttribute", tncc_set_attribute),
	BIND("TNC_TNCC_ReserveAdditionalIMCID", tncc_reserve_id),
};

static const struct bind_entry tncs_functions[] = {
	BIND("TNC_TNCS_ReportMessageTypes", tncs_report_types),
	BIND("TNC_TNCS_ReportMessageTypesLong", tncs_report_types_long),
	BIND("TNC_TNCS_SendMessage", tncs_send),
	BIND("TNC_TNCS_SendMessageLong", tncs_send_long),
	BIND("TNC_TNCS_RequestHandshakeRetry", tncs_retry),
	BIND("TNC_TNCS_ProvideRecommendation", tncs_provide_recommendation),
	BIND("TNC_TNCS_GetAttribute", tncs_get_attribute),
	BIND("TNC_TNCS_SetAttribute", tncs_set_attribute),
	BIND("TNC_TNCS_ReserveAdditionalIMVID", tncs_reserve_id),
};

static TNC_Result bind_lookup(const struct bind_entry *tab, size_t n, char *name, void **out)
{
	size_t i;

	if (!out)
		return TNC_RESULT_INVALID_PARAMETER;
	*out = NULL;
	if (!name)
		return TNC_RESULT_INVALID_PARAMETER;
	for (i = 0; i < n; i++) {
		if (strcmp(tab[i].name, name) == 0) {
			/* POSIX guarantees that function and object pointers
			 * convert (dlsym relies on it); the TCG binding hands
			 * functions out as void *. */
			memcpy(out, &tab[i].fn, sizeof(*out));
			return TNC_RESULT_SUCCESS;
		}
	}
	return TNC_RESULT_INVALID_PARAMETER;
}

/* The bind functions need no state: they hand out the static functions
 * above, which find their host through the call frame. */
static TNC_Result tncc_bind(TNC_IMCID id, char *name, void **out)
{
	(void)id;
	return bind_lookup(tncc_functions, SMGW_ARRAY_SIZE(tncc_functions), name, out);
}

static TNC_Result tncs_bind(TNC_IMVID id, char *name, void **out)
{
	(void)id;
	return bind_lookup(tncs_functions, SMGW_ARRAY_SIZE(tncs_functions), name, out);
}

/* ------------------------------------------------------------------ */
/* Calls into modules                                                  */
/* ------------------------------------------------------------------ */

static void note_result(struct module *m, const char *fn, TNC_Result r)
{
	if (r == TNC_RESULT_SUCCESS)
		return;
	smgw__log(m->host->ctx, SMGW_LOG_INFO, DOMAIN, "%s %s (ID %lu) returned TNC result %lu", m->name, fn,
		  (unsigned long)m->id, (unsigned long)r);
	if (r == TNC_RESULT_FATAL)
		m->fatal = 1;
}

static void call_notify(struct module *m, struct smgw__tnc_conn *c, uint32_t state)
{
	struct frame fr;
	TNC_Result r;

	if (m->fatal || !m->f.notify)
		return;
	frame_push(&fr, m->host, m, c, FRAME_NOTIFY);
	r = m->f.notify(m->id, c->id, state);
	frame_pop(&fr);
	note_result(m, "NotifyConnectionChange", r);
}

static void module_unload(struct module *m)
{
	smgw_ctx *ctx = m->host->ctx;
	struct frame fr;
	TNC_Result r;

	if (m->initialized && m->f.terminate) {
		frame_push(&fr, m->host, m, NULL, FRAME_INIT);
		r = m->f.terminate(m->id);
		frame_pop(&fr);
		if (r != TNC_RESULT_SUCCESS)
			smgw__log(ctx, SMGW_LOG_INFO, DOMAIN, "%s Terminate returned %lu", m->name, (unsigned long)r);
	}
	if (m->dl)
		dlclose(m->dl);
	smgw_ctx_free(ctx, m->types, m->n_types * sizeof(*m->types));
	smgw_ctx_free(ctx, m, sizeof(*m));
}

static int module_start(struct smgw__tnc_host *host, struct module *m, struct smgw_diag *diag)
{
	struct frame fr;
	TNC_Version ver = 0;
	TNC_Result r;

	frame_push(&fr, host, m, NULL, FRAME_INIT);
	r = m->f.initialize(m->id, 1, 1, &ver);
	frame_pop(&fr);
	if (r == TNC_RESULT_NO_COMMON_VERSION)
		return smgw_diag_set(diag, SMGW_E_TNC_MODULE_VERSION, UINT64_MAX,
				     "%s: no common interface version (TNCC/TNCS offers 1..1)", m->name);
	if (r != TNC_RESULT_SUCCESS)
		return smgw_diag_set(diag, SMGW_E_TNC_MODULE_INIT, UINT64_MAX, "%s: Initialize returned TNC result %lu",
				     m->name, (unsigned long)r);
	m->initialized = 1;
	if (ver != 1)
		return smgw_diag_set(diag, SMGW_E_TNC_MODULE_VERSION, UINT64_MAX,
				     "%s: Initialize chose version %lu outside 1..1", m->name, (unsigned long)ver);
	frame_push(&fr, host, m, NULL, FRAME_INIT);
	if (host->side == SMGW__TNC_SIDE_IMC) {
		TNC_IMC_ProvideBindFunctionPointer pb;

		memcpy(&pb, &m->f.provide_bind, sizeof(pb));
		r = pb(m->id, tncc_bind);
	} else {
		TNC_IMV_ProvideBindFunctionPointer pb;

		memcpy(&pb, &m->f.provide_bind, sizeof(pb));
		r = pb(m->id, tncs_bind);
	}
	frame_pop(&fr);
	if (r != TNC_RESULT_SUCCESS)
		return smgw_diag_set(diag, SMGW_E_TNC_MODULE_INIT, UINT64_MAX,
				     "%s: ProvideBindFunction returned TNC result %lu", m->name, (unsigned long)r);
	return 0;
}

static int host_attach(struct smgw__tnc_host *host, void *dl, const struct smgw__tnc_funcs *f, const char *name,
		       struct smgw_diag *diag, uint32_t *ret_id)
{
	struct module *m;
	int err;

	if (host->conns) {
		if (dl)
			dlclose(dl);
		return smgw_diag_set(diag, SMGW_E_STATE, UINT64_MAX,
				     "modules are loaded before the first connection is opened");
	}
	if (host->n_mods >= SMGW__TNC_MAX_MODULES || host->next_id > SMGW__TNC_MAX_ID) {
		if (dl)
			dlclose(dl);
		return smgw_diag_set(diag, SMGW_E_LIMIT, UINT64_MAX, "at most %d modules per host",
				     SMGW__TNC_MAX_MODULES);
	}
	m = smgw_ctx_calloc(host->ctx, 1, sizeof(*m));
	if (!m) {
		if (dl)
			dlclose(dl);
		return SMGW_E_NOMEM;
	}
	m->host = host;
	m->dl = dl;
	m->f = *f;
	snprintf(m->name, sizeof(m->name), "%s", name ? name : "module");
	m->id = host->next_id++;
	err = module_start(host, m, diag);
	if (err < 0) {
		module_unload(m);
		return err;
	}
	host->mods[host->n_mods++] = m;
	smgw__log(host->ctx, SMGW_LOG_INFO, DOMAIN, "loaded %s %s with ID %lu",
		  host->side == SMGW__TNC_SIDE_IMC ? "IMC" : "IMV", m->name, (unsigned long)m->id);
	*ret_id = m->id;
	return 0;
}

int smgw__tnc_host_add(struct smgw__tnc_host *host, const struct smgw__tnc_funcs *f, const char *name,
		       struct smgw_diag *reterr_diag, uint32_t *ret_id)
{
	smgw_return_if_fail(host && f && ret_id);
	if (!f->initialize || !f->begin || !f->provide_bind)
		return smgw_diag_set(reterr_diag, SMGW_E_TNC_MODULE_SYMBOL, UINT64_MAX,
				     "%s: a mandatory function is missing", name ? name : "module");
	return host_attach(host, NULL, f, name, reterr_diag, ret_id);
}

static void *sym(void *dl, const char *name)
{
	return dlsym(dl, name);
}

#define LOAD_FN(field, symname) \
	do { \
		void *p_ = sym(dl, (symname)); \
		memcpy(&f.field, &p_, sizeof(p_)); \
	} while (0)

int smgw__tnc_host_load(struct smgw__tnc_host *host, const char *path, const char *name,
			struct smgw_diag *reterr_diag, uint32_t *ret_id)
{
	struct smgw__tnc_funcs f;
	const char *missing = NULL;
	void *dl;
	int imc;

	smgw_return_if_fail(host && path && ret_id);
	imc = host->side == SMGW__TNC_SIDE_IMC;
	dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!dl) {
		const char *e = dlerror();

		return smgw_diag_set(reterr_diag, SMGW_E_TNC_MODULE_LOAD, UINT64_MAX, "%s", e ? e : path);
	}
	memset(&f, 0, sizeof(f));
	if (imc) {
		LOAD_FN(initialize, "TNC_IMC_Initialize");
		LOAD_FN(notify, "TNC_IMC_NotifyConnectionChange");
		LOAD_FN(begin, "TNC_IMC_BeginHandshake");
		LOAD_FN(receive, "TNC_IMC_ReceiveMessage");
		LOAD_FN(receive_long, "TNC_IMC_ReceiveMessageLong");
		LOAD_FN(batch_ending, "TNC_IMC_BatchEnding");
		LOAD_FN(terminate, "TNC_IMC_Terminate");
		f.provide_bind = sym(dl, "TNC_IMC_ProvideBindFunction");
		if (!f.initialize)
			missing = "TNC_IMC_Initialize";
		else if (!f.begin)
			missing = "TNC_IMC_BeginHandshake";
		else if (!f.provide_bind)
			missing = "TNC_IMC_ProvideBindFunction";
	} else {
		LOAD_FN(initialize, "TNC_IMV_Initialize");
		LOAD_FN(notify, "TNC_IMV_NotifyConnectionChange");
		LOAD_FN(begin, "TNC_IMV_SolicitRecommendation");
		LOAD_FN(receive, "TNC_IMV_ReceiveMessage");
		LOAD_FN(receive_long, "TNC_IMV_ReceiveMessageLong");
		LOAD_FN(batch_ending, "TNC_IMV_BatchEnding");
		LOAD_FN(terminate, "TNC_IMV_Terminate");
		f.provide_bind = sym(dl, "TNC_IMV_ProvideBindFunction");
		if (!f.initialize)
			missing = "TNC_IMV_Initialize";
		else if (!f.begin)
			missing = "TNC_IMV_SolicitRecommendation";
		else if (!f.provide_bind)
			missing = "TNC_IMV_ProvideBindFunction";
	}
	if (missing) {
		dlclose(dl);
		return smgw_diag_set(reterr_diag, SMGW_E_TNC_MODULE_SYMBOL, UINT64_MAX, "%s: %s is missing", path,
				     missing);
	}
	return host_attach(host, dl, &f, name ? name : path, reterr_diag, ret_id);
}

/* ------------------------------------------------------------------ */
/* Host and connections                                                */
/* ------------------------------------------------------------------ */

int smgw__tnc_host_new(smgw_ctx *ctx, int side, const struct smgw__tnc_host_params *p,
		       struct smgw__tnc_host **ret_host)
{
	struct smgw__tnc_host *h;
	const char *lang = p && p->preferred_language ? p->preferred_language : "en";

	smgw_return_if_fail(ctx && ret_host);
	smgw_return_if_fail(side == SMGW__TNC_SIDE_IMC || side == SMGW__TNC_SIDE_IMV);
	smgw_return_if_fail(strlen(lang) < SMGW__TNC_LANG_MAX);
	h = smgw_ctx_calloc(ctx, 1, sizeof(*h));
	if (!h)
		return SMGW_E_NOMEM;
	h->ctx = smgw_ctx_ref(ctx);
	h->side = side;
	h->next_id = 1;
	h->next_conn = 1;
	snprintf(h->lang, sizeof(h->lang), "%s", lang);
	h->max_msg_size = p && p->max_msg_size ? p->max_msg_size : 65490;
	h->max_queue_size = p && p->max_queue_size ? p->max_queue_size : 4u * h->max_msg_size;
	if (h->max_queue_size < h->max_msg_size)
		h->max_queue_size = h->max_msg_size;
	h->max_round_trips = p && p->max_round_trips ? p->max_round_trips : 0xffffffffu;
	*ret_host = h;
	return 0;
}

void smgw__tnc_host_free(struct smgw__tnc_host *host)
{
	smgw_ctx *ctx;
	size_t i;

	if (!host)
		return;
	while (host->conns)
		smgw__tnc_conn_free(host->conns);
	for (i = host->n_mods; i > 0; i--)
		module_unload(host->mods[i - 1]);
	ctx = host->ctx;
	smgw_ctx_free(ctx, host, sizeof(*host));
	smgw_ctx_unref(ctx);
}

size_t smgw__tnc_host_count(const struct smgw__tnc_host *host)
{
	return host ? host->n_mods : 0;
}

int smgw__tnc_host_module(const struct smgw__tnc_host *host, size_t index, const char **ret_name,
			  uint32_t *ret_id)
{
	smgw_return_if_fail(host);
	if (index >= host->n_mods)
		return SMGW_E_NOTFOUND;
	if (ret_name)
		*ret_name = host->mods[index]->name;
	if (ret_id)
		*ret_id = host->mods[index]->id;
	return 0;
}

smgw_ctx *smgw__tnc_host_ctx(const struct smgw__tnc_host *host)
{
	return host ? host->ctx : NULL;
}

int smgw__tnc_conn_new(struct smgw__tnc_host *host, struct smgw__tnc_conn **ret_conn)
{
	struct smgw__tnc_conn *c;
	size_t i;

	smgw_return_if_fail(host && ret_conn);
	if (host->next_conn >= TNC_CONNECTIONID_ANY)
		return SMGW_E_LIMIT;
	c = smgw_ctx_calloc(host->ctx, 1, sizeof(*c));
	if (!c)
		return SMGW_E_NOMEM;
	if (host->n_mods > 0) {
		c->recs = smgw_ctx_calloc(host->ctx, host->n_mods, sizeof(*c->recs));
		if (!c->recs) {
			smgw_ctx_free(host->ctx, c, sizeof(*c));
			return SMGW_E_NOMEM;
		}
		c->n_recs = host->n_mods;
	}
	c->host = host;
	c->id = host->next_conn++;
	c->state = TNC_CONNECTION_STATE_CREATE;
	c->max_msg_size = host->max_msg_size;
	c->decider = SIZE_MAX;
	c->next = host->conns;
	host->conns = c;
	for (i = 0; i < host->n_mods; i++)
		call_notify(host->mods[i], c, TNC_CONNECTION_STATE_CREATE);
	*ret_conn = c;
	return 0;
}

void smgw__tnc_conn_free(struct smgw__tnc_conn *c)
{
	struct smgw__tnc_host *h;
	struct smgw__tnc_conn **pp;
	size_t i;

	if (!c)
		return;
	h = c->host;
	c->in_handshake = 0;
	for (i = 0; i < h->n_mods; i++)
		call_notify(h->mods[i], c, TNC_CONNECTION_STATE_DELETE);
	for (pp = &h->conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	smgw__tnc_conn_out_clear(c);
	smgw_ctx_free(h->ctx, c->out, c->cap_out * sizeof(*c->out));
	smgw_wipe(c->tls_unique, sizeof(c->tls_unique));
	smgw_ctx_free(h->ctx, c->lang, c->lang_len);
	smgw_ctx_free(h->ctx, c->recs, c->n_recs * sizeof(*c->recs));
	smgw_ctx_free(h->ctx, c, sizeof(*c));
}

uint32_t smgw__tnc_conn_id(const struct smgw__tnc_conn *c)
{
	return c ? c->id : 0;
}

int smgw__tnc_conn_set_language(struct smgw__tnc_conn *c, const char *lang, size_t len)
{
	char *copy = NULL;

	smgw_return_if_fail(c && (lang || len == 0));
	/* RFC 5793 sets no limit of its own on the ranges (the PB-TNC message
	 * size bounds them), and the IMVs get all of them: stored whole. */
	if (len > 0) {
		copy = smgw_ctx_malloc(c->host->ctx, len);
		if (!copy)
			return SMGW_E_NOMEM;
		memcpy(copy, lang, len);
	}
	smgw_ctx_free(c->host->ctx, c->lang, c->lang_len);
	c->lang = copy;
	c->lang_len = len;
	return 0;
}

int smgw__tnc_conn_set_tls_unique(struct smgw__tnc_conn *c, const uint8_t *data, size_t len)
{
	smgw_return_if_fail(c && (data || len == 0));
	if (len > sizeof(c->tls_unique))
		return SMGW_E_LIMIT;
	if (len)
		memcpy(c->tls_unique, data, len);
	c->tls_unique_len = len;
	return 0;
}

int smgw__tnc_conn_set_max_msg_size(struct smgw__tnc_conn *c, uint32_t max)
{
	smgw_return_if_fail(c && max > 0);
	c->max_msg_size = max < c->host->max_msg_size ? max : c->host->max_msg_size;
	return 0;
}

int smgw__tnc_conn_begin(struct smgw__tnc_conn *c)
{
	struct smgw__tnc_host *h;
	struct frame fr;
	size_t i;

	smgw_return_if_fail(c);
	h = c->host;
	if (c->state != TNC_CONNECTION_STATE_CREATE)
		return SMGW_E_STATE;
	c->state = TNC_CONNECTION_STATE_HANDSHAKE;
	c->in_handshake = 1;
	for (i = 0; i < h->n_mods; i++)
		call_notify(h->mods[i], c, TNC_CONNECTION_STATE_HANDSHAKE);
	if (h->side != SMGW__TNC_SIDE_IMC)
		return 0;
	for (i = 0; i < h->n_mods; i++) {
		struct module *m = h->mods[i];
		TNC_Result r;

		if (m->fatal)
			continue;
		frame_push(&fr, h, m, c, FRAME_BEGIN);
		r = m->f.begin(m->id, c->id);
		frame_pop(&fr);
		note_result(m, "BeginHandshake", r);
	}
	return 0;
}

static int subscribed(const struct module *m, uint32_t vendor, uint32_t subtype)
{
	size_t i;

	for (i = 0; i < m->n_types; i++) {
		const struct tnc_type *t = &m->types[i];

		if (t->vendor == TNC_VENDORID_ANY)
			return 1;
		if (t->vendor == vendor && (t->subtype == TNC_SUBTYPE_ANY || t->subtype == subtype))
			return 1;
	}
	return 0;
}

int smgw__tnc_conn_deliver(struct smgw__tnc_conn *c, const struct smgw__tnc_msg *msg)
{
	struct smgw__tnc_host *h;
	struct frame fr;
	int delivered = 0;
	size_t i;

	smgw_return_if_fail(c && msg && (msg->data || msg->len == 0));
	h = c->host;
	if (!c->in_handshake)
		return SMGW_E_STATE;
	if (msg->vendor >= TNC_VENDORID_ANY || msg->subtype == 0xffffffffu || msg->len > MAX_U32)
		return SMGW_E_INVAL;
	for (i = 0; i < h->n_mods; i++) {
		struct module *m = h->mods[i];
		TNC_Result r;

		if (m->fatal || !subscribed(m, msg->vendor, msg->subtype))
			continue;
		if (msg->excl && !module_has_id(m, msg->dst))
			continue;
		if (m->f.receive_long) {
			frame_push(&fr, h, m, c, FRAME_RECEIVE);
			r = m->f.receive_long(m->id, c->id, msg->excl ? TNC_MESSAGE_FLAGS_EXCLUSIVE : 0,
					      (TNC_BufferReference)msg->data, (TNC_UInt32)msg->len, msg->vendor,
					      msg->subtype, msg->src, msg->dst);
			frame_pop(&fr);
		} else if (m->f.receive && msg->subtype < TNC_SUBTYPE_ANY) {
			frame_push(&fr, h, m, c, FRAME_RECEIVE);
			r = m->f.receive(m->id, c->id, (TNC_BufferReference)msg->data, (TNC_UInt32)msg->len,
					 ((TNC_MessageType)msg->vendor << 8) | msg->subtype);
			frame_pop(&fr);
		} else {
			continue;
		}
		note_result(m, "ReceiveMessage", r);
		delivered++;
	}
	return delivered;
}

int smgw__tnc_conn_batch_ending(struct smgw__tnc_conn *c)
{
	struct smgw__tnc_host *h;
	struct frame fr;
	size_t i;

	smgw_return_if_fail(c);
	h = c->host;
	if (!c->in_handshake)
		return SMGW_E_STATE;
	for (i = 0; i < h->n_mods; i++) {
		struct module *m = h->mods[i];
		TNC_Result r;

		if (m->fatal || !m->f.batch_ending)
			continue;
		frame_push(&fr, h, m, c, FRAME_BATCH);
		r = m->f.batch_ending(m->id, c->id);
		frame_pop(&fr);
		note_result(m, "BatchEnding", r);
	}
	return 0;
}

int smgw__tnc_conn_set_state(struct smgw__tnc_conn *c, uint32_t state)
{
	size_t i;

	smgw_return_if_fail(c);
	smgw_return_if_fail(state == TNC_CONNECTION_STATE_ACCESS_ALLOWED ||
			    state == TNC_CONNECTION_STATE_ACCESS_ISOLATED || state == TNC_CONNECTION_STATE_ACCESS_NONE);
	c->in_handshake = 0;
	c->state = state;
	for (i = 0; i < c->host->n_mods; i++)
		call_notify(c->host->mods[i], c, state);
	return 0;
}

size_t smgw__tnc_conn_out_count(const struct smgw__tnc_conn *c)
{
	return c ? c->n_out : 0;
}

const struct smgw__tnc_msg *smgw__tnc_conn_out(const struct smgw__tnc_conn *c, size_t index)
{
	return c && index < c->n_out ? &c->out[index] : NULL;
}

void smgw__tnc_conn_out_clear(struct smgw__tnc_conn *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n_out; i++)
		smgw_ctx_free(c->host->ctx, c->out[i].data, c->out[i].len);
	c->n_out = 0;
	c->out_bytes = 0;
}

int smgw__tnc_conn_all_decided(const struct smgw__tnc_conn *c)
{
	size_t i;

	if (!c)
		return 0;
	for (i = 0; i < c->n_recs; i++)
		if (!c->host->mods[i]->fatal && !c->recs[i].have)
			return 0;
	return 1;
}

/* Severity order of evaluation results (a setting of the combination rule). */
static const uint8_t eval_rank[5] = {
	[TNC_IMV_EVALUATION_RESULT_COMPLIANT] = 0,
	[TNC_IMV_EVALUATION_RESULT_DONT_KNOW] = 1,
	[TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR] = 2,
	[TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR] = 3,
	[TNC_IMV_EVALUATION_RESULT_ERROR] = 4,
};

/* Restriction order of recommendations: allow < isolate < no access. */
static const uint8_t rec_rank[3] = {
	[TNC_IMV_ACTION_RECOMMENDATION_ALLOW] = 0,
	[TNC_IMV_ACTION_RECOMMENDATION_ISOLATE] = 1,
	[TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS] = 2,
};

int smgw__tnc_combine(int policy, size_t n, const uint32_t *recs, const uint32_t *evals, uint32_t *ret_rec,
		      uint32_t *ret_eval)
{
	uint32_t rec = TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS, eval = TNC_IMV_EVALUATION_RESULT_DONT_KNOW;
	size_t i, given = 0;
	int first = 1;

	smgw_return_if_fail(ret_rec && ret_eval && (n == 0 || (recs && evals)));
	smgw_return_if_fail(policy >= SMGW_TNCS_POLICY_MOST_RESTRICTIVE && policy <= SMGW_TNCS_POLICY_ANY);
	for (i = 0; i < n; i++)
		smgw_return_if_fail(recs[i] <= TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION &&
				    evals[i] <= TNC_IMV_EVALUATION_RESULT_DONT_KNOW);
	switch (policy) {
	case SMGW_TNCS_POLICY_MOST_RESTRICTIVE:
	case SMGW_TNCS_POLICY_ALL:
		for (i = 0; i < n; i++) {
			uint32_t r = recs[i];

			if (r == TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION) {
				if (policy == SMGW_TNCS_POLICY_MOST_RESTRICTIVE)
					continue;
				r = TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS;
			}
			if (first || rec_rank[r] > rec_rank[rec])
				rec = r;
			if (first || eval_rank[evals[i]] > eval_rank[eval])
				eval = evals[i];
			first = 0;
			given++;
		}
		break;
	case SMGW_TNCS_POLICY_ANY:
		/* least restrictive recommendation, then the least severe
		 * evaluation among the IMVs that gave it */
		for (i = 0; i < n; i++) {
			if (recs[i] == TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION)
				continue;
			if (first || rec_rank[recs[i]] < rec_rank[rec]) {
				rec = recs[i];
				eval = evals[i];
			} else if (recs[i] == rec && eval_rank[evals[i]] < eval_rank[eval]) {
				eval = evals[i];
			}
			first = 0;
			given++;
		}
		break;
	}
	if (given == 0) {
		rec = TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS;
		eval = TNC_IMV_EVALUATION_RESULT_DONT_KNOW;
	}
	*ret_rec = rec;
	*ret_eval = eval;
	return 0;
}

SMGW_EXPORT int smgw_tncs_combine(int policy, size_t n, const uint32_t *recs, const uint32_t *evals,
				  uint32_t *ret_rec, uint32_t *ret_eval)
{
	return smgw__tnc_combine(policy, n, recs, evals, ret_rec, ret_eval);
}

/* The IMV whose reason string goes with the decision: among the IMVs whose
 * recommendation, as the policy counts it, is the combined one, the first
 * in load order that set a reason and whose evaluation is the combined one
 * too, else the first of them that set a reason. SIZE_MAX: none (an IMV
 * whose recommendation was outvoted does not explain the decision). */
static size_t decider(const struct smgw__tnc_conn *c, int policy, const uint32_t *recs, const uint32_t *evals,
		      uint32_t rec, uint32_t eval)
{
	size_t i, first = SIZE_MAX;

	for (i = 0; i < c->n_recs; i++) {
		uint32_t r = recs[i];

		if (r == TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION && policy == SMGW_TNCS_POLICY_ALL)
			r = TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS;
		if (r != rec || c->recs[i].reason_len == 0)
			continue;
		if (evals[i] == eval)
			return i;
		if (first == SIZE_MAX)
			first = i;
	}
	return first;
}

int smgw__tnc_conn_decide(struct smgw__tnc_conn *c, int policy, uint32_t *ret_rec, uint32_t *ret_eval)
{
	struct smgw__tnc_host *h;
	uint32_t recs[SMGW__TNC_MAX_MODULES] = { 0 }, evals[SMGW__TNC_MAX_MODULES] = { 0 };
	uint32_t rec = 0, eval = 0;
	struct frame fr;
	size_t i;
	int err;

	smgw_return_if_fail(c && ret_rec && ret_eval && c->host->side == SMGW__TNC_SIDE_IMV);
	h = c->host;
	for (i = 0; i < c->n_recs; i++) {
		struct module *m = h->mods[i];
		TNC_Result r;

		if (m->fatal || c->recs[i].have)
			continue;
		frame_push(&fr, h, m, c, FRAME_SOLICIT);
		r = m->f.begin(m->id, c->id);
		frame_pop(&fr);
		note_result(m, "SolicitRecommendation", r);
	}
	for (i = 0; i < c->n_recs; i++) {
		if (h->mods[i]->fatal || !c->recs[i].have) {
			/* A failed IMV, or one that did not answer the
			 * solicitation, cannot vouch for the endpoint. */
			recs[i] = TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS;
			evals[i] = TNC_IMV_EVALUATION_RESULT_ERROR;
		} else {
			recs[i] = c->recs[i].rec;
			evals[i] = c->recs[i].eval;
		}
	}
	err = smgw__tnc_combine(policy, c->n_recs, recs, evals, &rec, &eval);
	if (err < 0)
		return err;
	c->decider = decider(c, policy, recs, evals, rec, eval);
	*ret_rec = rec;
	*ret_eval = eval;
	return 0;
}

const char *smgw__tnc_conn_reason(const struct smgw__tnc_conn *c, size_t *ret_len, const char **ret_lang,
				  size_t *ret_lang_len)
{
	const struct rec *r;

	if (!c || c->decider >= c->n_recs)
		return NULL;
	r = &c->recs[c->decider];
	if (ret_len)
		*ret_len = r->reason_len;
	if (ret_lang)
		*ret_lang = r->lang;
	if (ret_lang_len)
		*ret_lang_len = r->lang_len;
	return r->reason;
}
