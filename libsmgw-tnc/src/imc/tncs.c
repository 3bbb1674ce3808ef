/* SPDX-License-Identifier: Apache-2.0 */
/* The TNC server: IMVs, PB-TNC server, PT-TLS NEA server. */
#include <stdio.h>
#include <string.h>

#include <smgw/tnc/pb.h>
#include <smgw/tnc/tncs.h>

#include "assess.h"

#define ACCEPT_LANGUAGE "Accept-Language:"

struct smgw_tncs {
	smgw_ctx *ctx;
	struct smgw__tnc_host *host;
	struct smgw_tncs_params p;
};

SMGW_EXPORT int smgw_tncs_new(smgw_ctx *ctx, const struct smgw_tncs_params *params, smgw_tncs **ret_tncs)
{
	struct smgw__tnc_host_params hp;
	struct smgw_tncs *t;
	int err;

	smgw_return_if_fail(ctx && ret_tncs);
	smgw_return_if_fail(!params || (params->struct_size >= sizeof(struct smgw_tncs_params) && params->flags == 0));
	smgw_return_if_fail(!params || (params->policy >= SMGW_TNCS_POLICY_MOST_RESTRICTIVE &&
					params->policy <= SMGW_TNCS_POLICY_ANY));
	t = smgw_ctx_calloc(ctx, 1, sizeof(*t));
	if (!t)
		return SMGW_E_NOMEM;
	if (params)
		memcpy(&t->p, params, sizeof(t->p));
	t->p.struct_size = sizeof(t->p);
	if (smgw__tnc_limits(&t->p.max_batch_size, &t->p.max_message_size, &t->p.max_round_trips,
			     &t->p.pt_max_message_size, 1400) < 0) {
		smgw_ctx_free(ctx, t, sizeof(*t));
		return SMGW_E_INVAL;
	}
	memset(&hp, 0, sizeof(hp));
	hp.max_msg_size = t->p.max_message_size - SMGW__TNC_PA_OVERHEAD;
	/* room for the batch header and the result messages (assessment
	 * result, access recommendation, reason string) */
	hp.max_queue_size = t->p.max_batch_size - SMGW_PB_BATCH_HEADER_LEN - 16 - 16 -
			    (SMGW_PB_MSG_HEADER_LEN + 5 + SMGW__TNC_REASON_MAX + SMGW__TNC_LANG_MAX);
	hp.max_round_trips = t->p.max_round_trips;
	err = smgw__tnc_side_new(ctx, SMGW__TNC_SIDE_IMV, &hp, t, sizeof(*t), &t->host);
	if (err < 0)
		return err;
	t->ctx = ctx;
	*ret_tncs = t;
	return 0;
}

SMGW_EXPORT void smgw_tncs_free(smgw_tncs *t)
{
	if (t)
		smgw__tnc_side_free(t->ctx, t->host, t, sizeof(*t));
}

SMGW_EXPORT int smgw_tncs_load_imv(smgw_tncs *t, const char *path, const char *name, struct smgw_diag *reterr_diag,
				   uint32_t *ret_imv_id)
{
	smgw_return_if_fail(t && path && ret_imv_id);
	return smgw__tnc_host_load(t->host, path, name, reterr_diag, ret_imv_id);
}

/* Frozen size of the 1.0 layout of struct smgw_tnc_imv_ops. */
#define IMV_OPS_MIN_SIZE (offsetof(struct smgw_tnc_imv_ops, provide_bind_function) + sizeof(void *))

SMGW_EXPORT int smgw_tncs_add_imv(smgw_tncs *t, const struct smgw_tnc_imv_ops *ops, const char *name,
				  struct smgw_diag *reterr_diag, uint32_t *ret_imv_id)
{
	struct smgw_tnc_imv_ops o;
	struct smgw__tnc_funcs f;

	smgw_return_if_fail(t && ops && ret_imv_id && ops->struct_size >= IMV_OPS_MIN_SIZE);
	memset(&o, 0, sizeof(o));
	memcpy(&o, ops, ops->struct_size < sizeof(o) ? ops->struct_size : sizeof(o));
	SMGW__TNC_FUNCS_FROM_OPS(f, o, solicit_recommendation);
	return smgw__tnc_host_add(t->host, &f, name, reterr_diag, ret_imv_id);
}

SMGW_EXPORT size_t smgw_tncs_imv_count(const smgw_tncs *t)
{
	return t ? smgw__tnc_host_count(t->host) : 0;
}

/* Language ranges of a PB-Language-Preference value ("Accept-Language: en"),
 * kept whole for the IMVs' PREFERRED_LANGUAGE attribute (RFC 5793 section
 * 4.10 bounds them only by the message). */
static int take_language(struct smgw__tnc_run *run, const char *v, size_t n)
{
	size_t k = sizeof(ACCEPT_LANGUAGE) - 1;

	if (n >= k && strncmp(v, ACCEPT_LANGUAGE, k) == 0) {
		v += k;
		n -= k;
	}
	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	return n > 0 ? smgw__tnc_conn_set_language(run->conn, v, n) : 0;
}

static uint16_t access_code(uint32_t rec)
{
	switch (rec) {
	case TNC_IMV_ACTION_RECOMMENDATION_ALLOW:
		return SMGW_PB_ACCESS_ALLOWED;
	case TNC_IMV_ACTION_RECOMMENDATION_ISOLATE:
		return SMGW_PB_ACCESS_QUARANTINED;
	default:
		return SMGW_PB_ACCESS_DENIED;
	}
}

static int send_result(struct smgw__tnc_run *run, int policy, struct smgw_tnc_result *res, struct smgw_diag *diag)
{
	struct smgw_writer w;
	uint32_t rec = 0, eval = 0;
	size_t mark = 0, rlen = 0, llen = 0;
	const char *reason, *lang = NULL;
	int err;

	err = smgw__tnc_conn_decide(run->conn, policy, &rec, &eval);
	if (err < 0)
		return err;
	err = smgw__tnc_run_begin_batch(run, &w, SMGW_PB_BATCH_RESULT, &mark);
	if (err < 0)
		return err;
	err = smgw__tnc_run_put_queue(run, &w);
	if (err == 0)
		err = smgw_pb_encode_assessment_result(&w, eval);
	if (err == 0)
		err = smgw_pb_encode_access_recommendation(&w, access_code(rec));
	reason = smgw__tnc_conn_reason(run->conn, &rlen, &lang, &llen);
	if (err == 0 && reason) {
		struct smgw_pb_reason rs;

		rs.reason = reason;
		rs.reason_len = rlen;
		rs.lang = lang;
		rs.lang_len = llen > 255 ? 255 : llen;
		err = smgw_pb_encode_reason_string(&w, &rs);
		if (err == 0) {
			smgw__tnc_copy_text(res->reason, sizeof(res->reason), reason, rlen);
			smgw__tnc_copy_text(res->reason_lang, sizeof(res->reason_lang), lang, llen);
		}
	}
	if (err < 0)
		return err;
	err = smgw__tnc_run_end_batch(run, &w, mark, diag);
	if (err < 0)
		return err;
	res->assessment = (int32_t)eval;
	res->access = access_code(rec);
	(void)smgw__tnc_conn_set_state(run->conn, smgw__tnc_access_state(access_code(rec)));
	return 0;
}

SMGW_EXPORT int smgw_tncs_assess(smgw_tncs *t, const struct smgw_pt_io *io, const uint8_t *tls_unique,
				 size_t tls_unique_len, struct smgw_tnc_result *ret_result,
				 struct smgw_diag *reterr_diag)
{
	struct smgw_pb_config pbc;
	struct smgw_pt_config ptc;
	struct smgw__tnc_run run;
	struct smgw_tnc_result res;
	int err, decided = 0;
	uint32_t sdata = 0;

	smgw_return_if_fail(t && io && ret_result && ret_result->struct_size >= sizeof(struct smgw_tnc_result));
	smgw__tnc_run_configs(1, t->p.max_batch_size, t->p.max_message_size, t->p.pt_flags, t->p.pt_max_message_size,
			      &pbc, &ptc);
	ptc.plain_check = t->p.plain_check;
	ptc.plain_userdata = t->p.plain_userdata;
	memset(&res, 0, sizeof(res));
	res.struct_size = sizeof(res);

	err = smgw__tnc_run_start(&run, t->ctx, t->host, 1, &pbc, &ptc, io, tls_unique, tls_unique_len, reterr_diag);
	if (err < 0)
		return err;
	for (;;) {
		struct smgw_pb_batch b;
		struct smgw_pb_msg m;
		size_t pos = 0;
		int r;

		err = smgw__tnc_run_recv(&run, &b, reterr_diag);
		if (err < 0)
			goto out;
		if (b.type == SMGW_PB_BATCH_CLOSE) {
			if (decided)
				break;
			err = smgw_diag_set(reterr_diag, SMGW_E_TNC_ASSESSMENT, UINT64_MAX,
					    "the client closed the session before the result");
			goto out;
		}
		if (b.type != SMGW_PB_BATCH_CDATA) {
			err = smgw__tnc_run_unexpected(&run, b.type, reterr_diag);
			goto out;
		}
		res.round_trips++;
		while ((r = smgw_pb_session_msg_next(run.pb, &b, &pos, &m)) == 1) {
			if (m.vendor != SMGW_TNC_VENDOR_IETF)
				continue;
			if (m.type == SMGW_PB_MSG_PA) {
				err = smgw__tnc_run_deliver_pa(&run, &m, reterr_diag);
			} else if (m.type == SMGW_PB_MSG_LANGUAGE_PREFERENCE) {
				const char *v = NULL;
				size_t n = 0;

				err = smgw_pb_decode_language_preference(&m, &v, &n, reterr_diag);
				if (err == 0 && take_language(&run, v, n) < 0) {
					err = smgw_diag_set(reterr_diag, SMGW_E_NOMEM, UINT64_MAX,
							    "no memory for the language preference");
					smgw__tnc_run_fail(&run, SMGW_PB_ERROR_LOCAL_ERROR);
					goto out;
				}
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
		err = smgw__tnc_conn_batch_ending(run.conn);
		if (err < 0)
			goto out;
		/* SDATA while the IMVs have something to say and have not all
		 * decided; otherwise solicit the missing recommendations and
		 * send the RESULT. */
		if (!smgw__tnc_conn_all_decided(run.conn) && smgw__tnc_conn_out_count(run.conn) > 0 &&
		    sdata < t->p.max_round_trips) {
			err = smgw__tnc_run_send_queue(&run, SMGW_PB_BATCH_SDATA, NULL, reterr_diag);
			if (err < 0)
				goto out;
			sdata++;
			continue;
		}
		err = send_result(&run, t->p.policy, &res, reterr_diag);
		if (err < 0) {
			smgw__tnc_run_fail(&run, SMGW_PB_ERROR_LOCAL_ERROR);
			goto out;
		}
		decided = 1;
	}
	smgw__tnc_run_report(&run, &res, ret_result);
	err = 0;
out:
	smgw__tnc_run_close(&run);
	return err;
}
