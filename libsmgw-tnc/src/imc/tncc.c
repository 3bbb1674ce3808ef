/* SPDX-License-Identifier: Apache-2.0 */
/* The TNC client: IMCs, PB-TNC client, PT-TLS NEA client. */
#include <stdio.h>
#include <string.h>

#include <smgw/tnc/pb.h>
#include <smgw/tnc/tncc.h>

#include "assess.h"

#define DEFAULT_ROUND_TRIPS 16u

struct smgw_tncc {
	smgw_ctx *ctx;
	struct smgw__tnc_host *host;
	struct smgw_tncc_params p;
	char lang[SMGW__TNC_LANG_MAX];
};

SMGW_EXPORT int smgw_tncc_new(smgw_ctx *ctx, const struct smgw_tncc_params *params, smgw_tncc **ret_tncc)
{
	struct smgw__tnc_host_params hp;
	struct smgw_tncc *t;
	int err;

	smgw_return_if_fail(ctx && ret_tncc);
	smgw_return_if_fail(!params || (params->struct_size >= sizeof(struct smgw_tncc_params) && params->flags == 0));
	t = smgw_ctx_calloc(ctx, 1, sizeof(*t));
	if (!t)
		return SMGW_E_NOMEM;
	if (params)
		memcpy(&t->p, params, sizeof(t->p));
	t->p.struct_size = sizeof(t->p);
	if (!t->p.max_batch_size)
		t->p.max_batch_size = SMGW_PB_DEFAULT_MAX_BATCH;
	if (!t->p.max_message_size)
		t->p.max_message_size = SMGW_PB_DEFAULT_MAX_MESSAGE;
	if (t->p.max_message_size > t->p.max_batch_size - SMGW_PB_BATCH_HEADER_LEN)
		t->p.max_message_size = t->p.max_batch_size - SMGW_PB_BATCH_HEADER_LEN;
	if (!t->p.max_round_trips)
		t->p.max_round_trips = DEFAULT_ROUND_TRIPS;
	if (!t->p.pt_max_message_size)
		t->p.pt_max_message_size = SMGW_PT_DEFAULT_MAX_MESSAGE;
	if (t->p.max_batch_size < 256 || t->p.max_message_size <= SMGW__TNC_PA_OVERHEAD + 8 ||
	    t->p.pt_max_message_size < t->p.max_batch_size + SMGW_PT_HEADER_LEN) {
		smgw_ctx_free(ctx, t, sizeof(*t));
		return SMGW_E_INVAL;
	}
	snprintf(t->lang, sizeof(t->lang), "%s", t->p.preferred_language ? t->p.preferred_language : "en");
	if (t->p.preferred_language && strlen(t->p.preferred_language) >= sizeof(t->lang)) {
		smgw_ctx_free(ctx, t, sizeof(*t));
		return SMGW_E_INVAL;
	}
	t->p.preferred_language = t->lang;
	memset(&hp, 0, sizeof(hp));
	hp.preferred_language = t->lang;
	hp.max_msg_size = t->p.max_message_size - SMGW__TNC_PA_OVERHEAD;
	/* batch header, PB-Language-Preference ("Accept-Language: " + ranges) */
	hp.max_queue_size = t->p.max_batch_size - SMGW_PB_BATCH_HEADER_LEN - SMGW_PB_MSG_HEADER_LEN - 17 -
			    (uint32_t)strlen(t->lang);
	hp.max_round_trips = t->p.max_round_trips;
	err = smgw__tnc_host_new(ctx, SMGW__TNC_SIDE_IMC, &hp, &t->host);
	if (err < 0) {
		smgw_ctx_free(ctx, t, sizeof(*t));
		return err;
	}
	t->ctx = smgw_ctx_ref(ctx);
	*ret_tncc = t;
	return 0;
}

SMGW_EXPORT void smgw_tncc_free(smgw_tncc *t)
{
	smgw_ctx *ctx;

	if (!t)
		return;
	smgw__tnc_host_free(t->host);
	ctx = t->ctx;
	smgw_ctx_free(ctx, t, sizeof(*t));
	smgw_ctx_unref(ctx);
}

SMGW_EXPORT int smgw_tncc_load_imc(smgw_tncc *t, const char *path, const char *name, struct smgw_diag *reterr_diag,
				   uint32_t *ret_imc_id)
{
	smgw_return_if_fail(t && path && ret_imc_id);
	return smgw__tnc_host_load(t->host, path, name, reterr_diag, ret_imc_id);
}

/* Frozen size of the 1.0 layout of struct smgw_tnc_imc_ops. */
#define IMC_OPS_MIN_SIZE (offsetof(struct smgw_tnc_imc_ops, provide_bind_function) + sizeof(void *))

SMGW_EXPORT int smgw_tncc_add_imc(smgw_tncc *t, const struct smgw_tnc_imc_ops *ops, const char *name,
				  struct smgw_diag *reterr_diag, uint32_t *ret_imc_id)
{
	struct smgw_tnc_imc_ops o;
	struct smgw__tnc_funcs f;

	smgw_return_if_fail(t && ops && ret_imc_id && ops->struct_size >= IMC_OPS_MIN_SIZE);
	memset(&o, 0, sizeof(o));
	memcpy(&o, ops, ops->struct_size < sizeof(o) ? ops->struct_size : sizeof(o));
	memset(&f, 0, sizeof(f));
	f.initialize = o.initialize;
	f.notify = o.notify_connection_change;
	f.begin = o.begin_handshake;
	f.receive = o.receive_message;
	f.receive_long = o.receive_message_long;
	f.batch_ending = o.batch_ending;
	f.terminate = o.terminate;
	memcpy(&f.provide_bind, &o.provide_bind_function, sizeof(f.provide_bind));
	if (!o.provide_bind_function)
		f.provide_bind = NULL;
	return smgw__tnc_host_add(t->host, &f, name, reterr_diag, ret_imc_id);
}

SMGW_EXPORT size_t smgw_tncc_imc_count(const smgw_tncc *t)
{
	return t ? smgw__tnc_host_count(t->host) : 0;
}

SMGW_EXPORT const char *smgw_tnc_access_name(int access)
{
	switch (access) {
	case 0:
		return "none";
	case SMGW_PB_ACCESS_ALLOWED:
		return "Access Allowed";
	case SMGW_PB_ACCESS_DENIED:
		return "Access Denied";
	case SMGW_PB_ACCESS_QUARANTINED:
		return "Quarantined";
	default:
		return "unknown";
	}
}

SMGW_EXPORT const char *smgw_tnc_assessment_name(int a)
{
	static const char *const names[] = { "compliant", "non-compliant minor", "non-compliant major", "error",
					     "don't know" };

	return a >= 0 && a <= 4 ? names[a] : "unknown";
}

/* Builds and sends CDATA with the queued IMC messages (and the language
 * preference in the first batch). */
static int send_cdata(struct smgw__tnc_run *run, const char *lang, struct smgw_diag *diag)
{
	struct smgw_writer w;
	size_t mark = 0, len = 0;
	int err;

	smgw_writer_init(&w, run->buf, run->cap);
	err = smgw_pb_session_begin_batch(run->pb, &w, SMGW_PB_BATCH_CDATA, &mark);
	if (err < 0)
		return err;
	if (lang) {
		/* "Accept-Language: " + the ranges */
		err = smgw_pb_encode_language_preference(&w, lang);
		if (err < 0)
			return err;
	}
	err = smgw__tnc_run_put_queue(run, &w);
	if (err < 0)
		return err;
	err = smgw_pb_session_end_batch(run->pb, &w, mark);
	if (err < 0)
		return err;
	err = smgw_writer_finish(&w, &len);
	if (err < 0)
		return err;
	return smgw__tnc_run_send(run, len, diag);
}

static void copy_text(char *dst, size_t cap, const char *src, size_t len)
{
	if (len >= cap)
		len = cap - 1;
	memcpy(dst, src, len);
	dst[len] = 0;
}

static uint32_t access_state(int access)
{
	switch (access) {
	case SMGW_PB_ACCESS_ALLOWED:
		return TNC_CONNECTION_STATE_ACCESS_ALLOWED;
	case SMGW_PB_ACCESS_QUARANTINED:
		return TNC_CONNECTION_STATE_ACCESS_ISOLATED;
	default:
		return TNC_CONNECTION_STATE_ACCESS_NONE;
	}
}

SMGW_EXPORT int smgw_tncc_assess(smgw_tncc *t, const struct smgw_pt_io *io, const uint8_t *tls_unique,
				 size_t tls_unique_len, struct smgw_tnc_result *ret_result,
				 struct smgw_diag *reterr_diag)
{
	struct smgw_pb_config pbc;
	struct smgw_pt_config ptc;
	struct smgw__tnc_run run;
	struct smgw_tnc_result res;
	int err, done = 0;

	smgw_return_if_fail(t && io && ret_result && ret_result->struct_size >= sizeof(struct smgw_tnc_result));
	smgw_return_if_fail(tls_unique || tls_unique_len == 0);
	smgw_return_if_fail(tls_unique_len <= SMGW__TNC_TLS_UNIQUE_MAX);
	memset(&pbc, 0, sizeof(pbc));
	pbc.struct_size = sizeof(pbc);
	pbc.role = SMGW_PB_ROLE_CLIENT;
	pbc.flags = SMGW_PB_NO_RETRY;
	pbc.max_batch_size = t->p.max_batch_size;
	pbc.max_message_size = t->p.max_message_size;
	memset(&ptc, 0, sizeof(ptc));
	ptc.struct_size = sizeof(ptc);
	ptc.role = SMGW_PT_ROLE_CLIENT;
	ptc.flags = t->p.pt_flags;
	ptc.max_message_size = t->p.pt_max_message_size;
	ptc.plain_authcid = t->p.plain_authcid;
	ptc.plain_passwd = t->p.plain_passwd;
	memset(&res, 0, sizeof(res));
	res.struct_size = sizeof(res);
	res.assessment = -1;

	err = smgw__tnc_run_open(&run, t->ctx, t->host, 0, &pbc, &ptc, io, tls_unique, tls_unique_len);
	if (err < 0)
		return err;
	err = smgw_pt_negotiate(run.pt, reterr_diag);
	if (err < 0)
		goto out;
	err = smgw__tnc_conn_begin(run.conn);
	if (err < 0)
		goto out;
	err = send_cdata(&run, t->lang, reterr_diag);
	if (err < 0)
		goto out;
	res.round_trips = 1;

	while (!done) {
		struct smgw_pb_batch b;
		struct smgw_pb_msg m;
		size_t pos = 0;
		int r;

		err = smgw__tnc_run_recv(&run, &b, reterr_diag);
		if (err < 0)
			goto out;
		while ((r = smgw_pb_session_msg_next(run.pb, &b, &pos, &m)) == 1) {
			if (m.vendor != SMGW_TNC_VENDOR_IETF)
				continue;
			switch (m.type) {
			case SMGW_PB_MSG_PA:
				err = smgw__tnc_run_deliver_pa(&run, &m, reterr_diag);
				break;
			case SMGW_PB_MSG_ASSESSMENT_RESULT: {
				uint32_t a = 0;

				err = smgw_pb_decode_assessment_result(&m, &a, reterr_diag);
				if (err == 0)
					res.assessment = (int32_t)a;
				break;
			}
			case SMGW_PB_MSG_ACCESS_RECOMMENDATION: {
				uint16_t code = 0;

				err = smgw_pb_decode_access_recommendation(&m, &code, reterr_diag);
				if (err == 0)
					res.access = code;
				break;
			}
			case SMGW_PB_MSG_REASON_STRING: {
				struct smgw_pb_reason rs;

				err = smgw_pb_decode_reason_string(&m, &rs, reterr_diag);
				if (err == 0) {
					copy_text(res.reason, sizeof(res.reason), rs.reason, rs.reason_len);
					copy_text(res.reason_lang, sizeof(res.reason_lang), rs.lang, rs.lang_len);
				}
				break;
			}
			case SMGW_PB_MSG_ERROR: {
				struct smgw_pb_error pe;

				if (smgw_pb_decode_error(&m, &pe, NULL) == 0)
					smgw_diag_set(reterr_diag, SMGW_E_TNC_ASSESSMENT, UINT64_MAX,
						      "the server sent PB-Error code %u (offset %u)", (unsigned)pe.code,
						      (unsigned)pe.offset);
				break;
			}
			default:
				break;
			}
			if (err < 0) {
				smgw__tnc_run_fail(&run, SMGW_PB_ERROR_INVALID_PARAMETER);
				goto out;
			}
		}
		if (r < 0) {
			err = r;
			goto out;
		}
		switch (b.type) {
		case SMGW_PB_BATCH_SDATA:
			err = smgw__tnc_conn_batch_ending(run.conn);
			if (err < 0)
				goto out;
			if (res.round_trips >= t->p.max_round_trips) {
				smgw__tnc_run_fail(&run, SMGW_PB_ERROR_LOCAL_ERROR);
				err = smgw_diag_set(reterr_diag, SMGW_E_LIMIT, UINT64_MAX,
						    "more than %u round trips", (unsigned)t->p.max_round_trips);
				goto out;
			}
			err = send_cdata(&run, NULL, reterr_diag);
			if (err < 0)
				goto out;
			res.round_trips++;
			break;
		case SMGW_PB_BATCH_RESULT:
			if (res.assessment < 0) {
				err = smgw_diag_set(reterr_diag, SMGW_E_TNC_PB_INVALID, UINT64_MAX,
						    "RESULT batch without PB-Assessment-Result");
				smgw__tnc_run_fail(&run, SMGW_PB_ERROR_INVALID_PARAMETER);
				goto out;
			}
			smgw__tnc_conn_out_clear(run.conn);
			(void)smgw__tnc_conn_set_state(run.conn, access_state(res.access));
			err = smgw__tnc_run_close_batch(&run, reterr_diag);
			if (err < 0)
				goto out;
			done = 1;
			break;
		case SMGW_PB_BATCH_CLOSE:
			if (reterr_diag && reterr_diag->code == SMGW_E_TNC_ASSESSMENT)
				err = SMGW_E_TNC_ASSESSMENT;
			else
				err = smgw_diag_set(reterr_diag, SMGW_E_TNC_ASSESSMENT, UINT64_MAX,
						    "the server closed the session without a result");
			goto out;
		default:
			err = smgw_diag_set(reterr_diag, SMGW_E_TNC_PB_UNEXPECTED, UINT64_MAX, "unexpected %s batch",
					    smgw_pb_batch_type_name(b.type));
			smgw__tnc_run_fail(&run, SMGW_PB_ERROR_UNEXPECTED_BATCH_TYPE);
			goto out;
		}
	}
	res.messages_sent = run.sent_pa;
	res.messages_received = run.received_pa;
	smgw__log(t->ctx, SMGW_LOG_INFO, "tnc", "assessment %u: %s, %s after %u round trip(s)",
		  (unsigned)smgw__tnc_conn_id(run.conn), smgw_tnc_assessment_name(res.assessment),
		  smgw_tnc_access_name(res.access), (unsigned)res.round_trips);
	memcpy(ret_result, &res, sizeof(res));
	err = 0;
out:
	smgw__tnc_run_close(&run);
	return err;
}
