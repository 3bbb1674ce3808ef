/* SPDX-License-Identifier: Apache-2.0 */
/* The TNC client: IMCs, PB-TNC client, PT-TLS NEA client. */
#include <stdio.h>
#include <string.h>

#include <smgw/tnc/pb.h>
#include <smgw/tnc/tncc.h>

#include "assess.h"

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
	if (smgw__tnc_limits(&t->p.max_batch_size, &t->p.max_message_size, &t->p.max_round_trips,
			     &t->p.pt_max_message_size, 256) < 0) {
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
	err = smgw__tnc_side_new(ctx, SMGW__TNC_SIDE_IMC, &hp, t, sizeof(*t), &t->host);
	if (err < 0)
		return err;
	t->ctx = ctx;
	*ret_tncc = t;
	return 0;
}

SMGW_EXPORT void smgw_tncc_free(smgw_tncc *t)
{
	if (t)
		smgw__tnc_side_free(t->ctx, t->host, t, sizeof(*t));
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
	SMGW__TNC_FUNCS_FROM_OPS(f, o, begin_handshake);
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

SMGW_EXPORT int smgw_tncc_assess(smgw_tncc *t, const struct smgw_pt_io *io, const uint8_t *tls_unique,
				 size_t tls_unique_len, struct smgw_tnc_result *ret_result,
				 struct smgw_diag *reterr_diag)
{
	struct smgw_pb_config pbc;
	struct smgw_pt_config ptc;
	struct smgw__tnc_run run;
	struct smgw_tnc_result res;
	struct smgw_pb_error peer_error;
	int err, done = 0, have_peer_error = 0;

	smgw_return_if_fail(t && io && ret_result && ret_result->struct_size >= sizeof(struct smgw_tnc_result));
	smgw__tnc_run_configs(0, t->p.max_batch_size, t->p.max_message_size, t->p.pt_flags, t->p.pt_max_message_size,
			      &pbc, &ptc);
	ptc.plain_authcid = t->p.plain_authcid;
	ptc.plain_passwd = t->p.plain_passwd;
	memset(&res, 0, sizeof(res));
	res.struct_size = sizeof(res);
	res.assessment = -1;
	memset(&peer_error, 0, sizeof(peer_error));

	err = smgw__tnc_run_start(&run, t->ctx, t->host, 0, &pbc, &ptc, io, tls_unique, tls_unique_len, reterr_diag);
	if (err < 0)
		return err;
	/* the first CDATA batch carries the language preference */
	err = smgw__tnc_run_send_queue(&run, SMGW_PB_BATCH_CDATA, t->lang, reterr_diag);
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
					smgw__tnc_copy_text(res.reason, sizeof(res.reason), rs.reason, rs.reason_len);
					smgw__tnc_copy_text(res.reason_lang, sizeof(res.reason_lang), rs.lang,
							    rs.lang_len);
				}
				break;
			}
			case SMGW_PB_MSG_ERROR:
				/* reported if the session ends without a result */
				if (smgw_pb_decode_error(&m, &peer_error, NULL) == 0)
					have_peer_error = 1;
				break;
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
			err = smgw__tnc_run_send_queue(&run, SMGW_PB_BATCH_CDATA, NULL, reterr_diag);
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
			/* IF-IMC 1.3: BatchEnding once the messages of every
			 * batch, RESULT included, are delivered (strongSwan's
			 * TNCC calls it for each batch but CLOSE). No batch of
			 * this side follows a RESULT but the CLOSE, so what the
			 * IMCs send now is dropped. */
			err = smgw__tnc_conn_batch_ending(run.conn);
			if (err < 0)
				goto out;
			if (smgw__tnc_conn_out_count(run.conn) > 0)
				smgw__log(t->ctx, SMGW_LOG_DEBUG, "tnc",
					  "%zu IMC message(s) after the RESULT batch dropped",
					  smgw__tnc_conn_out_count(run.conn));
			smgw__tnc_conn_out_clear(run.conn);
			(void)smgw__tnc_conn_set_state(run.conn, smgw__tnc_access_state(res.access));
			err = smgw__tnc_run_close_batch(&run, reterr_diag);
			if (err < 0)
				goto out;
			done = 1;
			break;
		case SMGW_PB_BATCH_CLOSE:
			if (have_peer_error)
				err = smgw_diag_set(reterr_diag, SMGW_E_TNC_ASSESSMENT, UINT64_MAX,
						    "the server sent PB-Error code %u (offset %u)",
						    (unsigned)peer_error.code, (unsigned)peer_error.offset);
			else
				err = smgw_diag_set(reterr_diag, SMGW_E_TNC_ASSESSMENT, UINT64_MAX,
						    "the server closed the session without a result");
			goto out;
		default:
			err = smgw__tnc_run_unexpected(&run, b.type, reterr_diag);
			goto out;
		}
	}
	smgw__tnc_run_report(&run, &res, ret_result);
	err = 0;
out:
	smgw__tnc_run_close(&run);
	return err;
}
