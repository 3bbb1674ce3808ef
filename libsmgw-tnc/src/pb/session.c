/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PB-TNC session: the state machine of RFC 5793 section 3.2 and the
 * receive checks (direction, size, NOSKIP rules, RESULT-only messages).
 */
#include <string.h>

#include <smgw/tnc/pb.h>

#include "pb-private.h"
#include "../pa/tnc-wire.h"

#define MAX_SUPPORTED 16

struct smgw_pb_session {
	smgw_ctx *ctx;
	uint32_t role;
	uint32_t flags;
	uint32_t max_batch;
	uint32_t max_msg;
	int state;
	int failed; /* a receive failed or a retry was refused: only CLOSE may follow */
	size_t n_supported;
	struct { uint32_t vendor, type; } supported[MAX_SUPPORTED];
};

/*
 * The transitions of RFC 5793 section 3.2 (the figure there, as
 * implemented by strongSwan's pb_tnc_state_machine.c; docs/tnc.md).
 * One row: role, direction (1 = this side sends), state, batch type, next
 * state. A combination that is not listed is forbidden. CLOSE is allowed
 * in every state and leads to End; it is handled in code, not listed.
 */
enum { DIR_RECV = 0, DIR_SEND = 1 };

struct transition {
	uint8_t role, dir, state, type, next;
};

#define C SMGW_PB_ROLE_CLIENT
#define S SMGW_PB_ROLE_SERVER
#define INIT SMGW_PB_STATE_INIT
#define SW SMGW_PB_STATE_SERVER_WORKING
#define CW SMGW_PB_STATE_CLIENT_WORKING
#define DEC SMGW_PB_STATE_DECIDED

static const struct transition transitions[] = {
	/* PB-TNC client */
	{ C, DIR_SEND, INIT, SMGW_PB_BATCH_CDATA, SW },
	{ C, DIR_RECV, INIT, SMGW_PB_BATCH_SDATA, CW },
	{ C, DIR_SEND, SW, SMGW_PB_BATCH_CRETRY, SW },
	{ C, DIR_RECV, SW, SMGW_PB_BATCH_SDATA, CW },
	{ C, DIR_RECV, SW, SMGW_PB_BATCH_SRETRY, CW },
	{ C, DIR_RECV, SW, SMGW_PB_BATCH_RESULT, DEC },
	{ C, DIR_SEND, CW, SMGW_PB_BATCH_CDATA, SW },
	{ C, DIR_SEND, CW, SMGW_PB_BATCH_CRETRY, SW },
	{ C, DIR_SEND, DEC, SMGW_PB_BATCH_CRETRY, SW },
	{ C, DIR_RECV, DEC, SMGW_PB_BATCH_SRETRY, SW },
	/* PB-TNC server */
	{ S, DIR_SEND, INIT, SMGW_PB_BATCH_SDATA, CW },
	{ S, DIR_RECV, INIT, SMGW_PB_BATCH_CDATA, SW },
	{ S, DIR_SEND, SW, SMGW_PB_BATCH_SDATA, CW },
	{ S, DIR_SEND, SW, SMGW_PB_BATCH_SRETRY, CW },
	{ S, DIR_SEND, SW, SMGW_PB_BATCH_RESULT, DEC },
	{ S, DIR_RECV, SW, SMGW_PB_BATCH_CRETRY, SW },
	{ S, DIR_SEND, CW, SMGW_PB_BATCH_SRETRY, CW },
	{ S, DIR_RECV, CW, SMGW_PB_BATCH_CDATA, SW },
	{ S, DIR_RECV, CW, SMGW_PB_BATCH_CRETRY, SW },
	{ S, DIR_SEND, DEC, SMGW_PB_BATCH_SRETRY, SW },
	{ S, DIR_RECV, DEC, SMGW_PB_BATCH_CRETRY, SW },
};

#undef C
#undef S
#undef INIT
#undef SW
#undef CW
#undef DEC

/* The next state, or -1 if the batch is not allowed. */
static int next_state(uint32_t role, int dir, int state, uint32_t type)
{
	size_t i;

	if (type == SMGW_PB_BATCH_CLOSE)
		return SMGW_PB_STATE_END;
	for (i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++) {
		const struct transition *t = &transitions[i];

		if (t->role == role && t->dir == dir && t->state == state && t->type == type)
			return t->next;
	}
	return -1;
}

static int is_retry(uint32_t type)
{
	return type == SMGW_PB_BATCH_CRETRY || type == SMGW_PB_BATCH_SRETRY;
}

/*
 * Receive rules of the IETF message types (RFC 5793 section 4; the NOSKIP
 * column is what strongSwan and jTNC send and what strongSwan enforces on
 * receipt, docs/tnc.md). noskip: 1 must be set, 0 must be clear, -1 any.
 * Lengths are of the value (after the 12-byte header); exact = 1: the
 * value must have exactly min_len bytes.
 */
struct msg_rule {
	int8_t supported;
	int8_t noskip;
	uint8_t result_only;
	uint8_t exact;
	uint32_t min_len;
};

static const struct msg_rule msg_rules[] = {
	[SMGW_PB_MSG_EXPERIMENTAL] = { 0, -1, 0, 0, 0 },
	[SMGW_PB_MSG_PA] = { 1, 1, 0, 0, 12 },
	[SMGW_PB_MSG_ASSESSMENT_RESULT] = { 1, 1, 1, 1, 4 },
	[SMGW_PB_MSG_ACCESS_RECOMMENDATION] = { 1, 0, 1, 1, 4 },
	[SMGW_PB_MSG_REMEDIATION_PARAMETERS] = { 1, 0, 1, 0, 8 },
	[SMGW_PB_MSG_ERROR] = { 1, 1, 0, 0, 8 },
	[SMGW_PB_MSG_LANGUAGE_PREFERENCE] = { 1, 0, 0, 0, 0 },
	[SMGW_PB_MSG_REASON_STRING] = { 1, 0, 1, 0, 5 },
};

static const struct msg_rule *ietf_rule(uint32_t vendor, uint32_t type)
{
	if (vendor != SMGW_TNC_VENDOR_IETF || type >= sizeof(msg_rules) / sizeof(msg_rules[0]))
		return NULL;
	return &msg_rules[type];
}

static int vendor_supported(const smgw_pb_session *s, uint32_t vendor, uint32_t type)
{
	size_t i;

	for (i = 0; i < s->n_supported; i++)
		if (s->supported[i].vendor == vendor && s->supported[i].type == type)
			return 1;
	return 0;
}

static int msg_supported(const smgw_pb_session *s, const struct smgw_pb_msg *m)
{
	const struct msg_rule *r = ietf_rule(m->vendor, m->type);

	if (m->vendor == SMGW_TNC_VENDOR_IETF)
		return r && r->supported;
	return vendor_supported(s, m->vendor, m->type);
}

SMGW_EXPORT int smgw_pb_session_new(smgw_ctx *ctx, const struct smgw_pb_config *cfg,
				    smgw_pb_session **ret_s)
{
	smgw_pb_session *s;

	if (!ctx || !cfg || !ret_s || cfg->struct_size < sizeof(struct smgw_pb_config) ||
	    cfg->role > SMGW_PB_ROLE_SERVER || (cfg->flags & ~SMGW_PB_NO_RETRY) || cfg->reserved)
		return SMGW_E_INVAL;
	if ((cfg->max_batch_size && cfg->max_batch_size < SMGW_PB_BATCH_HEADER_LEN + 64) ||
	    (cfg->max_message_size && cfg->max_message_size < SMGW_PB_MSG_HEADER_LEN + 64))
		return SMGW_E_INVAL;
	s = smgw_ctx_calloc(ctx, 1, sizeof(*s));
	if (!s)
		return SMGW_E_NOMEM;
	s->ctx = smgw_ctx_ref(ctx);
	s->role = cfg->role;
	s->flags = cfg->flags;
	s->max_batch = cfg->max_batch_size ? cfg->max_batch_size : SMGW_PB_DEFAULT_MAX_BATCH;
	s->max_msg = cfg->max_message_size ? cfg->max_message_size : SMGW_PB_DEFAULT_MAX_MESSAGE;
	s->state = SMGW_PB_STATE_INIT;
	*ret_s = s;
	return 0;
}

SMGW_EXPORT void smgw_pb_session_free(smgw_pb_session *s)
{
	smgw_ctx *ctx;

	if (!s)
		return;
	ctx = s->ctx;
	smgw_ctx_free(ctx, s, sizeof(*s));
	smgw_ctx_unref(ctx);
}

SMGW_EXPORT int smgw_pb_session_state(const smgw_pb_session *s)
{
	return s ? s->state : SMGW_E_INVAL;
}

SMGW_EXPORT int smgw_pb_session_support(smgw_pb_session *s, uint32_t vendor, uint32_t type)
{
	if (!s || vendor == SMGW_TNC_VENDOR_IETF || vendor >= SMGW_TNC_VENDOR_RESERVED ||
	    type == SMGW_TNC_TYPE_RESERVED)
		return SMGW_E_INVAL;
	if (vendor_supported(s, vendor, type))
		return SMGW_E_EXISTS;
	if (s->n_supported >= MAX_SUPPORTED)
		return SMGW_E_LIMIT;
	s->supported[s->n_supported].vendor = vendor;
	s->supported[s->n_supported].type = type;
	s->n_supported++;
	return 0;
}

/* 0 if this side may send @p type now, otherwise the error. */
static int check_send(const smgw_pb_session *s, uint32_t type)
{
	if (type < SMGW_PB_BATCH_CDATA || type > SMGW_PB_BATCH_CLOSE)
		return SMGW_E_INVAL;
	if (type == SMGW_PB_BATCH_CLOSE)
		return 0;
	if (s->failed)
		return SMGW_E_STATE;
	if (next_state(s->role, DIR_SEND, s->state, type) < 0)
		return SMGW_E_STATE;
	if (is_retry(type) && (s->flags & SMGW_PB_NO_RETRY))
		return SMGW_E_TNC_PB_RETRY_REFUSED;
	return 0;
}

SMGW_EXPORT int smgw_pb_session_may_send(const smgw_pb_session *s, uint32_t type)
{
	return s && check_send(s, type) == 0;
}

SMGW_EXPORT int smgw_pb_session_sent(smgw_pb_session *s, uint32_t type)
{
	int e;

	if (!s)
		return SMGW_E_INVAL;
	e = check_send(s, type);
	if (e)
		return e;
	s->state = next_state(s->role, DIR_SEND, s->state, type);
	smgw_ctx_log(s->ctx, SMGW_LOG_DEBUG, "tnc", "PB-TNC %s: sent %s, now %s",
		     s->role == SMGW_PB_ROLE_SERVER ? "server" : "client", smgw_pb_batch_type_name(type),
		     smgw_pb_state_name(s->state));
	return 0;
}

SMGW_EXPORT int smgw_pb_session_begin_batch(smgw_pb_session *s, struct smgw_writer *w,
					    uint32_t type, size_t *ret_mark)
{
	int e;

	if (!s || !w || !ret_mark)
		return SMGW_E_INVAL;
	e = check_send(s, type);
	if (e)
		return e;
	*ret_mark = smgw_pb_batch_begin(w, s->role == SMGW_PB_ROLE_SERVER, (uint8_t)type);
	return 0;
}

SMGW_EXPORT int smgw_pb_session_end_batch(smgw_pb_session *s, struct smgw_writer *w, size_t mark)
{
	const uint8_t *b;
	size_t pos, len;
	int e;

	if (!s || !w)
		return SMGW_E_INVAL;
	e = smgw_pb_batch_end(w, mark);
	if (e)
		return e;
	len = w->pos - mark;
	if (len > s->max_batch)
		return SMGW_E_LIMIT;
	if (w->err)
		return w->err;
	b = w->data + mark;
	/* every message within the message size limit */
	for (pos = SMGW_PB_BATCH_HEADER_LEN; pos + SMGW_PB_MSG_HEADER_LEN <= len;) {
		uint32_t ml = tnc_be32(b + pos + 8);

		if (ml > s->max_msg)
			return SMGW_E_LIMIT;
		if (ml < SMGW_PB_MSG_HEADER_LEN || ml > len - pos)
			return SMGW_E_INVAL;
		pos += ml;
	}
	return smgw_pb_session_sent(s, b[3] & 0x0F);
}

static int fail(smgw_pb_session *s, struct smgw_pb_error *ret_error, int err, uint16_t code,
		uint32_t offset, struct smgw_diag *diag, const char *what)
{
	s->failed = 1;
	smgw_ctx_log(s->ctx, SMGW_LOG_NOTICE, "tnc", "PB-TNC: refusing batch: %s at offset %u", what,
		     (unsigned)offset);
	return smgw__pb_fail(ret_error, err, code, offset, diag, what);
}

/* Checks the value of an IETF message against its rule and decoder. */
static int check_ietf_value(const struct smgw_pb_msg *m, const struct msg_rule *r,
			    uint32_t *ret_off)
{
	struct smgw_diag d = SMGW_DIAG_INIT;
	union {
		struct smgw_pb_pa pa;
		uint32_t u32;
		uint16_t u16;
		struct smgw_tnc_remediation rem;
		struct smgw_pb_error err;
		struct smgw_pb_reason reason;
		struct {
			const char *p;
			size_t n;
		} lang;
	} u;
	int e;

	if (r->exact ? m->value_len != r->min_len : m->value_len < r->min_len) {
		*ret_off = m->offset; /* strongSwan: the offset of the message */
		return SMGW_E_TNC_PB_INVALID;
	}
	switch (m->type) {
	case SMGW_PB_MSG_PA:
		e = smgw_pb_decode_pa(m, &u.pa, &d);
		break;
	case SMGW_PB_MSG_ASSESSMENT_RESULT:
		e = smgw_pb_decode_assessment_result(m, &u.u32, &d);
		break;
	case SMGW_PB_MSG_ACCESS_RECOMMENDATION:
		e = smgw_pb_decode_access_recommendation(m, &u.u16, &d);
		break;
	case SMGW_PB_MSG_REMEDIATION_PARAMETERS:
		e = smgw_pb_decode_remediation(m, &u.rem, &d);
		break;
	case SMGW_PB_MSG_ERROR:
		e = smgw_pb_decode_error(m, &u.err, &d);
		break;
	case SMGW_PB_MSG_LANGUAGE_PREFERENCE:
		e = smgw_pb_decode_language_preference(m, &u.lang.p, &u.lang.n, &d);
		break;
	case SMGW_PB_MSG_REASON_STRING:
		e = smgw_pb_decode_reason_string(m, &u.reason, &d);
		break;
	default:
		e = 0;
		break;
	}
	if (e) {
		uint64_t vo = d.offset == UINT64_MAX ? 0 : d.offset;

		if (vo > m->value_len)
			vo = m->value_len;
		*ret_off = (uint32_t)(m->offset + SMGW_PB_MSG_HEADER_LEN + vo);
		return SMGW_E_TNC_PB_INVALID;
	}
	return 0;
}

SMGW_EXPORT int smgw_pb_session_receive(smgw_pb_session *s, const void *data, size_t len,
					struct smgw_pb_batch *ret_batch,
					struct smgw_pb_error *ret_error, struct smgw_diag *diag)
{
	const uint8_t *d = data;
	struct smgw_pb_batch b;
	size_t pos;
	int e, next;
	uint8_t type;
	uint32_t n_result = 0, n_access = 0, count = 0, mlen;

	if (!s || (!data && len) || !ret_batch)
		return SMGW_E_INVAL;
	if (s->failed)
		return SMGW_E_STATE;
	if (len > s->max_batch)
		return fail(s, ret_error, SMGW_E_LIMIT, SMGW_PB_ERROR_INVALID_PARAMETER, 4, diag,
			    "batch larger than the configured maximum");
	/* The order of the checks is strongSwan's (pb_tnc_batch.c): header,
	 * state machine, Batch Length, then message after message; the first
	 * failure is answered. Nothing is delivered unless all pass. */
	e = smgw__pb_header_check(d, len, s->role == SMGW_PB_ROLE_CLIENT, &type, ret_error, diag);
	if (e) {
		s->failed = 1;
		return e;
	}
	next = next_state(s->role, DIR_RECV, s->state, type);
	if (next < 0)
		return fail(s, ret_error, SMGW_E_TNC_PB_UNEXPECTED, SMGW_PB_ERROR_UNEXPECTED_BATCH_TYPE,
			    0, diag, "batch type not allowed in this state");
	if (is_retry(type) && (s->flags & SMGW_PB_NO_RETRY)) {
		s->failed = 1;
		if (ret_error)
			memset(ret_error, 0, sizeof(*ret_error));
		return smgw_diag_set(diag, SMGW_E_TNC_PB_RETRY_REFUSED, 3,
				     "PB-TNC: %s refused: one assessment per connection",
				     smgw_pb_batch_type_name(type));
	}
	e = smgw__pb_length_check(d, len, ret_error, diag);
	if (e) {
		s->failed = 1;
		return e;
	}
	for (pos = SMGW_PB_BATCH_HEADER_LEN; pos < len; pos += mlen, count++) {
		struct smgw_pb_msg m;
		const struct msg_rule *rule;
		uint32_t off = 0;

		e = smgw__pb_msg_frame_check(d, len, pos, &mlen, ret_error, diag);
		if (e) {
			s->failed = 1;
			return e;
		}
		memset(&m, 0, sizeof(m));
		m.flags = d[pos];
		m.vendor = tnc_be24(d + pos + 1);
		m.type = tnc_be32(d + pos + 4);
		m.offset = (uint32_t)pos;
		m.value = d + pos + SMGW_PB_MSG_HEADER_LEN;
		m.value_len = mlen - SMGW_PB_MSG_HEADER_LEN;
		if (mlen > s->max_msg)
			return fail(s, ret_error, SMGW_E_LIMIT, SMGW_PB_ERROR_INVALID_PARAMETER,
				    m.offset + 8, diag, "message larger than the configured maximum");
		if (!msg_supported(s, &m)) {
			if (m.flags & SMGW_PB_MSG_NOSKIP)
				return fail(s, ret_error, SMGW_E_TNC_PB_UNSUPPORTED,
					    SMGW_PB_ERROR_UNSUPPORTED_MANDATORY, m.offset, diag,
					    "unsupported message with NOSKIP");
			continue; /* skippable */
		}
		rule = ietf_rule(m.vendor, m.type);
		if (!rule)
			continue; /* a supported vendor type: the caller checks it */
		if (rule->noskip >= 0 && !!(m.flags & SMGW_PB_MSG_NOSKIP) != rule->noskip)
			return fail(s, ret_error, SMGW_E_TNC_PB_INVALID, SMGW_PB_ERROR_INVALID_PARAMETER,
				    m.offset, diag, "NOSKIP flag wrong for this message type");
		if (rule->result_only && type != SMGW_PB_BATCH_RESULT) {
			if (s->role == SMGW_PB_ROLE_SERVER)
				return fail(s, ret_error, SMGW_E_TNC_PB_INVALID,
					    SMGW_PB_ERROR_INVALID_PARAMETER, m.offset, diag,
					    "RESULT-only message from the client");
			continue; /* a client ignores them outside RESULT */
		}
		if (check_ietf_value(&m, rule, &off))
			return fail(s, ret_error, SMGW_E_TNC_PB_INVALID, SMGW_PB_ERROR_INVALID_PARAMETER,
				    off, diag, "malformed message value");
		if (type == SMGW_PB_BATCH_RESULT && m.type == SMGW_PB_MSG_ASSESSMENT_RESULT &&
		    ++n_result > 1)
			return fail(s, ret_error, SMGW_E_TNC_PB_INVALID, SMGW_PB_ERROR_INVALID_PARAMETER,
				    m.offset, diag, "second PB-Assessment-Result in a RESULT batch");
		if (type == SMGW_PB_BATCH_RESULT && m.type == SMGW_PB_MSG_ACCESS_RECOMMENDATION &&
		    ++n_access > 1)
			return fail(s, ret_error, SMGW_E_TNC_PB_INVALID, SMGW_PB_ERROR_INVALID_PARAMETER,
				    m.offset, diag, "second PB-Access-Recommendation in a RESULT batch");
	}
	if (type == SMGW_PB_BATCH_RESULT && n_result == 0)
		return fail(s, ret_error, SMGW_E_TNC_PB_INVALID, SMGW_PB_ERROR_INVALID_PARAMETER, 0, diag,
			    "RESULT batch without PB-Assessment-Result");
	memset(&b, 0, sizeof(b));
	b.data = d;
	b.len = len;
	b.msg_count = count;
	b.version = d[0];
	b.server = (d[1] & SMGW_PB_BATCH_DIR_SERVER) ? 1 : 0;
	b.type = type;
	smgw_ctx_log(s->ctx, SMGW_LOG_DEBUG, "tnc", "PB-TNC %s: received %s (%u messages), %s -> %s",
		     s->role == SMGW_PB_ROLE_SERVER ? "server" : "client",
		     smgw_pb_batch_type_name(type), (unsigned)count, smgw_pb_state_name(s->state),
		     smgw_pb_state_name(next));
	s->state = next;
	*ret_batch = b;
	return 0;
}

SMGW_EXPORT int smgw_pb_session_msg_next(const smgw_pb_session *s, const struct smgw_pb_batch *batch,
					 size_t *pos, struct smgw_pb_msg *ret_msg)
{
	struct smgw_pb_msg m;
	int r;

	if (!s || !batch || !pos || !ret_msg)
		return SMGW_E_INVAL;
	while ((r = smgw_pb_msg_next(batch, pos, &m)) == 1) {
		const struct msg_rule *rule = ietf_rule(m.vendor, m.type);

		if (m.vendor == SMGW_TNC_VENDOR_IETF) {
			if (!rule || !rule->supported)
				continue;
			if (rule->result_only && batch->type != SMGW_PB_BATCH_RESULT)
				continue;
		} else if (!vendor_supported(s, m.vendor, m.type)) {
			continue;
		}
		*ret_msg = m;
		return 1;
	}
	return r;
}

/* Writes a CLOSE batch, with the PB-Error @p e unless it is NULL, and ends
 * the session. */
static int write_close_batch(smgw_pb_session *s, const struct smgw_pb_error *e, void *buf, size_t cap,
			     size_t *ret_len)
{
	struct smgw_writer w;
	size_t mark, len;
	int r;

	smgw_writer_init(&w, buf, cap);
	mark = smgw_pb_batch_begin(&w, s->role == SMGW_PB_ROLE_SERVER, SMGW_PB_BATCH_CLOSE);
	if (e) {
		r = smgw_pb_encode_error(&w, e);
		if (r)
			return r;
	}
	r = smgw_pb_batch_end(&w, mark);
	if (r)
		return r;
	r = smgw_writer_finish(&w, &len);
	if (r == SMGW_E_BUFSIZE)
		*ret_len = len;
	if (r)
		return r;
	s->state = SMGW_PB_STATE_END;
	*ret_len = len;
	return 0;
}

SMGW_EXPORT int smgw_pb_session_error_batch(smgw_pb_session *s, const struct smgw_pb_error *e,
					    void *buf, size_t cap, size_t *ret_len)
{
	if (!s || !e || !ret_len)
		return SMGW_E_INVAL;
	return write_close_batch(s, e, buf, cap, ret_len);
}

SMGW_EXPORT int smgw_pb_session_close_batch(smgw_pb_session *s, void *buf, size_t cap,
					    size_t *ret_len)
{
	if (!s || !ret_len)
		return SMGW_E_INVAL;
	return write_close_batch(s, NULL, buf, cap, ret_len);
}
