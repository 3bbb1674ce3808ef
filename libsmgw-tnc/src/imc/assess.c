/* SPDX-License-Identifier: Apache-2.0 */
/* What the TNC client and server share when they run an assessment. */
#include <string.h>

#include "assess.h"

int smgw__tnc_run_open(struct smgw__tnc_run *run, smgw_ctx *ctx, struct smgw__tnc_host *host, int server,
		       const struct smgw_pb_config *pbc, const struct smgw_pt_config *ptc,
		       const struct smgw_pt_io *io, const uint8_t *tls_unique, size_t tls_unique_len)
{
	int err;

	memset(run, 0, sizeof(*run));
	run->ctx = ctx;
	run->host = host;
	run->server = server;
	run->cap = pbc->max_batch_size;
	run->buf = smgw_ctx_malloc(ctx, run->cap);
	if (!run->buf)
		return SMGW_E_NOMEM;
	err = smgw_pb_session_new(ctx, pbc, &run->pb);
	if (err < 0)
		goto fail;
	err = smgw_pt_new(ctx, ptc, io, &run->pt);
	if (err < 0)
		goto fail;
	err = smgw__tnc_conn_new(host, &run->conn);
	if (err < 0)
		goto fail;
	if (tls_unique_len > 0) {
		err = smgw__tnc_conn_set_tls_unique(run->conn, tls_unique, tls_unique_len);
		if (err < 0)
			goto fail;
	}
	/* what one module message may be, so that it fits into one PB-PA
	 * message of one batch */
	err = smgw__tnc_conn_set_max_msg_size(run->conn, pbc->max_message_size - SMGW__TNC_PA_OVERHEAD);
	if (err < 0)
		goto fail;
	return 0;
fail:
	smgw__tnc_run_close(run);
	return err;
}

void smgw__tnc_run_close(struct smgw__tnc_run *run)
{
	smgw__tnc_conn_free(run->conn);
	smgw_pt_free(run->pt);
	smgw_pb_session_free(run->pb);
	if (run->buf) {
		smgw_wipe(run->buf, run->cap);
		smgw_ctx_free(run->ctx, run->buf, run->cap);
	}
	memset(run, 0, sizeof(*run));
}

int smgw__tnc_run_put_queue(struct smgw__tnc_run *run, struct smgw_writer *w)
{
	size_t i, n = smgw__tnc_conn_out_count(run->conn);
	int err = 0;

	for (i = 0; i < n && err == 0; i++) {
		const struct smgw__tnc_msg *m = smgw__tnc_conn_out(run->conn, i);
		struct smgw_pb_pa pa;

		memset(&pa, 0, sizeof(pa));
		pa.body = m->data;
		pa.body_len = m->len;
		pa.vendor = m->vendor;
		pa.subtype = m->subtype;
		pa.flags = m->excl ? SMGW_PB_PA_EXCL : 0;
		if (run->server) {
			pa.validator = m->src;
			pa.collector = m->dst;
		} else {
			pa.collector = m->src;
			pa.validator = m->dst;
		}
		err = smgw_pb_encode_pa(w, &pa);
		if (err == 0)
			run->sent_pa++;
	}
	smgw__tnc_conn_out_clear(run->conn);
	return err;
}

int smgw__tnc_run_send(struct smgw__tnc_run *run, size_t len, struct smgw_diag *diag)
{
	return smgw_pt_send_batch(run->pt, run->buf, len, diag);
}

static void send_error_batch(struct smgw__tnc_run *run, const struct smgw_pb_error *e)
{
	size_t len = 0;

	if (smgw_pb_session_error_batch(run->pb, e, run->buf, run->cap, &len) == 0)
		(void)smgw_pt_send_batch(run->pt, run->buf, len, NULL);
}

void smgw__tnc_run_fail(struct smgw__tnc_run *run, uint16_t code)
{
	struct smgw_pb_error e;

	memset(&e, 0, sizeof(e));
	e.vendor = SMGW_TNC_VENDOR_IETF;
	e.code = code;
	e.flags = SMGW_PB_ERROR_FATAL;
	send_error_batch(run, &e);
}

int smgw__tnc_run_unexpected(struct smgw__tnc_run *run, uint8_t type, struct smgw_diag *diag)
{
	int err = smgw_diag_set(diag, SMGW_E_TNC_PB_UNEXPECTED, UINT64_MAX, "unexpected %s batch",
				smgw_pb_batch_type_name(type));

	smgw__tnc_run_fail(run, SMGW_PB_ERROR_UNEXPECTED_BATCH_TYPE);
	return err;
}

int smgw__tnc_run_close_batch(struct smgw__tnc_run *run, struct smgw_diag *diag)
{
	size_t len = 0;
	int err;

	err = smgw_pb_session_close_batch(run->pb, run->buf, run->cap, &len);
	if (err < 0)
		return err;
	return smgw_pt_send_batch(run->pt, run->buf, len, diag);
}

int smgw__tnc_run_recv(struct smgw__tnc_run *run, struct smgw_pb_batch *ret_batch, struct smgw_diag *diag)
{
	const uint8_t *data;
	size_t len;
	struct smgw_pb_error e;
	int err;

	err = smgw_pt_recv_batch(run->pt, &data, &len, diag);
	if (err < 0)
		return err;
	memset(&e, 0, sizeof(e));
	err = smgw_pb_session_receive(run->pb, data, len, ret_batch, &e, diag);
	if (err == SMGW_E_TNC_PB_RETRY_REFUSED) {
		(void)smgw__tnc_run_close_batch(run, NULL);
		return err;
	}
	if (err < 0) {
		send_error_batch(run, &e);
		return err;
	}
	return 0;
}

int smgw__tnc_run_deliver_pa(struct smgw__tnc_run *run, const struct smgw_pb_msg *m, struct smgw_diag *diag)
{
	struct smgw_pb_pa pa;
	struct smgw__tnc_msg msg;
	int err;

	err = smgw_pb_decode_pa(m, &pa, diag);
	if (err < 0)
		return err;
	memset(&msg, 0, sizeof(msg));
	msg.vendor = pa.vendor;
	msg.subtype = pa.subtype;
	msg.excl = (pa.flags & SMGW_PB_PA_EXCL) ? 1 : 0;
	if (run->server) {
		msg.src = pa.collector;
		msg.dst = pa.validator;
	} else {
		msg.src = pa.validator;
		msg.dst = pa.collector;
	}
	msg.data = (uint8_t *)(uintptr_t)pa.body;
	msg.len = pa.body_len;
	run->received_pa++;
	err = smgw__tnc_conn_deliver(run->conn, &msg);
	if (err == 0)
		smgw__log(run->ctx, SMGW_LOG_DEBUG, "tnc", "no module for PA message vendor %u subtype %u",
			  (unsigned)pa.vendor, (unsigned)pa.subtype);
	return err < 0 ? err : 0;
}

int smgw__tnc_run_begin_batch(struct smgw__tnc_run *run, struct smgw_writer *w, uint32_t type, size_t *ret_mark)
{
	smgw_writer_init(w, run->buf, run->cap);
	return smgw_pb_session_begin_batch(run->pb, w, type, ret_mark);
}

int smgw__tnc_run_end_batch(struct smgw__tnc_run *run, struct smgw_writer *w, size_t mark, struct smgw_diag *diag)
{
	size_t len = 0;
	int err;

	err = smgw_pb_session_end_batch(run->pb, w, mark);
	if (err < 0)
		return err;
	err = smgw_writer_finish(w, &len);
	if (err < 0)
		return err;
	return smgw__tnc_run_send(run, len, diag);
}

int smgw__tnc_run_send_queue(struct smgw__tnc_run *run, uint32_t type, const char *lang, struct smgw_diag *diag)
{
	struct smgw_writer w;
	size_t mark = 0, len = 0;
	int err;

	err = smgw__tnc_run_begin_batch(run, &w, type, &mark);
	/* "Accept-Language: " + the ranges */
	if (err == 0 && lang)
		err = smgw_pb_encode_language_preference(&w, lang);
	if (err == 0)
		err = smgw__tnc_run_put_queue(run, &w);
	if (err == 0)
		err = smgw_pb_session_end_batch(run->pb, &w, mark);
	if (err == 0)
		err = smgw_writer_finish(&w, &len);
	if (err < 0)
		err = smgw_diag_set(diag, err, UINT64_MAX, "cannot build the %s batch",
				    smgw_pb_batch_type_name((uint8_t)type));
	else
		err = smgw__tnc_run_send(run, len, diag);
	/* RFC 5793 section 4.9: a fatal local error ends the session with
	 * a CLOSE batch carrying PB-Error Local Error, where possible (after
	 * a failed write the PT-TLS engine refuses it and nothing is sent). */
	if (err < 0)
		smgw__tnc_run_fail(run, SMGW_PB_ERROR_LOCAL_ERROR);
	return err;
}

void smgw__tnc_run_configs(int server, uint32_t max_batch_size, uint32_t max_message_size, uint32_t pt_flags,
			   uint32_t pt_max_message_size, struct smgw_pb_config *pbc, struct smgw_pt_config *ptc)
{
	memset(pbc, 0, sizeof(*pbc));
	pbc->struct_size = sizeof(*pbc);
	pbc->role = server ? SMGW_PB_ROLE_SERVER : SMGW_PB_ROLE_CLIENT;
	pbc->flags = SMGW_PB_NO_RETRY;
	pbc->max_batch_size = max_batch_size;
	pbc->max_message_size = max_message_size;
	memset(ptc, 0, sizeof(*ptc));
	ptc->struct_size = sizeof(*ptc);
	ptc->role = server ? SMGW_PT_ROLE_SERVER : SMGW_PT_ROLE_CLIENT;
	ptc->flags = pt_flags;
	ptc->max_message_size = pt_max_message_size;
}

int smgw__tnc_run_start(struct smgw__tnc_run *run, smgw_ctx *ctx, struct smgw__tnc_host *host, int server,
			const struct smgw_pb_config *pbc, const struct smgw_pt_config *ptc,
			const struct smgw_pt_io *io, const uint8_t *tls_unique, size_t tls_unique_len,
			struct smgw_diag *diag)
{
	int err;

	smgw_return_if_fail(tls_unique || tls_unique_len == 0);
	smgw_return_if_fail(tls_unique_len <= SMGW__TNC_TLS_UNIQUE_MAX);
	err = smgw__tnc_run_open(run, ctx, host, server, pbc, ptc, io, tls_unique, tls_unique_len);
	if (err < 0)
		return err;
	err = smgw_pt_negotiate(run->pt, diag);
	if (err == 0)
		err = smgw__tnc_conn_begin(run->conn);
	if (err < 0)
		smgw__tnc_run_close(run);
	return err;
}

void smgw__tnc_run_report(const struct smgw__tnc_run *run, struct smgw_tnc_result *res,
			  struct smgw_tnc_result *ret_result)
{
	res->messages_sent = run->sent_pa;
	res->messages_received = run->received_pa;
	smgw__log(run->ctx, SMGW_LOG_INFO, "tnc", "assessment %u: %s, %s after %u round trip(s)",
		  (unsigned)smgw__tnc_conn_id(run->conn), smgw_tnc_assessment_name(res->assessment),
		  smgw_tnc_access_name(res->access), (unsigned)res->round_trips);
	memcpy(ret_result, res, sizeof(*res));
}

int smgw__tnc_limits(uint32_t *max_batch_size, uint32_t *max_message_size, uint32_t *max_round_trips,
		     uint32_t *pt_max_message_size, uint32_t min_batch_size)
{
	if (!*max_batch_size)
		*max_batch_size = SMGW_PB_DEFAULT_MAX_BATCH;
	if (!*max_message_size)
		*max_message_size = SMGW_PB_DEFAULT_MAX_MESSAGE;
	if (*max_message_size > *max_batch_size - SMGW_PB_BATCH_HEADER_LEN)
		*max_message_size = *max_batch_size - SMGW_PB_BATCH_HEADER_LEN;
	if (!*max_round_trips)
		*max_round_trips = SMGW__TNC_DEFAULT_ROUND_TRIPS;
	if (!*pt_max_message_size)
		*pt_max_message_size = SMGW_PT_DEFAULT_MAX_MESSAGE;
	/* in 64 bits: a batch limit near 2^32 must not wrap past the check;
	 * the message limit no smaller than the PB-TNC session takes
	 * (smgw_pb_session_new()), else every assessment would fail */
	if (*max_batch_size < min_batch_size || *max_message_size < SMGW_PB_MSG_HEADER_LEN + 64 ||
	    (uint64_t)*pt_max_message_size < (uint64_t)*max_batch_size + SMGW_PT_HEADER_LEN)
		return SMGW_E_INVAL;
	return 0;
}

int smgw__tnc_side_new(smgw_ctx *ctx, int side, const struct smgw__tnc_host_params *hp, void *obj, size_t size,
		       struct smgw__tnc_host **ret_host)
{
	int err;

	err = smgw__tnc_host_new(ctx, side, hp, ret_host);
	if (err < 0) {
		smgw_ctx_free(ctx, obj, size);
		return err;
	}
	(void)smgw_ctx_ref(ctx);
	return 0;
}

void smgw__tnc_side_free(smgw_ctx *ctx, struct smgw__tnc_host *host, void *obj, size_t size)
{
	smgw__tnc_host_free(host);
	smgw_ctx_free(ctx, obj, size);
	smgw_ctx_unref(ctx);
}

uint32_t smgw__tnc_access_state(int access)
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

void smgw__tnc_copy_text(char *dst, size_t cap, const char *src, size_t len)
{
	if (len >= cap)
		len = cap - 1;
	if (len)
		memcpy(dst, src, len);
	dst[len] = 0;
}
