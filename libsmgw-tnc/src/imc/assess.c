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
