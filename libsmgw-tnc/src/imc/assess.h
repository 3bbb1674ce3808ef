/* SPDX-License-Identifier: Apache-2.0 */
/* Private: what the TNC client and server share when they run an assessment. */
#ifndef SMGW_TNC_IMC_ASSESS_H
#define SMGW_TNC_IMC_ASSESS_H

#include <smgw/tnc/pb.h>
#include <smgw/tnc/pt.h>
#include <smgw/tnc/tncc.h>

#include "host.h"

/* Per-assessment state on either side. */
struct smgw__tnc_run {
	smgw_ctx *ctx;
	struct smgw__tnc_host *host;
	struct smgw__tnc_conn *conn;
	smgw_pb_session *pb;
	smgw_pt *pt;
	uint8_t *buf;       /* batch under construction */
	size_t cap;         /* its capacity (max batch size) */
	int server;
	uint32_t sent_pa;
	uint32_t received_pa;
};

/* Overhead of one queued IF-IMC/IF-IMV message inside a batch: the PB-TNC
 * message header and the PB-PA header. */
#define SMGW__TNC_PA_OVERHEAD (SMGW_PB_MSG_HEADER_LEN + SMGW_PB_PA_HEADER_LEN)

int smgw__tnc_run_open(struct smgw__tnc_run *run, smgw_ctx *ctx, struct smgw__tnc_host *host, int server,
		       const struct smgw_pb_config *pbc, const struct smgw_pt_config *ptc,
		       const struct smgw_pt_io *io, const uint8_t *tls_unique, size_t tls_unique_len);
void smgw__tnc_run_close(struct smgw__tnc_run *run);

/* Writes the queued messages of the connection as PB-PA messages and empties
 * the queue. */
int smgw__tnc_run_put_queue(struct smgw__tnc_run *run, struct smgw_writer *w);
/* Sends the finished batch in run->buf. */
int smgw__tnc_run_send(struct smgw__tnc_run *run, size_t len, struct smgw_diag *diag);
/* Receives and checks the next batch; answers protocol errors on the wire. */
int smgw__tnc_run_recv(struct smgw__tnc_run *run, struct smgw_pb_batch *ret_batch, struct smgw_diag *diag);
/* Delivers one PB-PA message to the modules. */
int smgw__tnc_run_deliver_pa(struct smgw__tnc_run *run, const struct smgw_pb_msg *m, struct smgw_diag *diag);
/* Ends the session with a PB-Error (Local Error) in a CLOSE batch. */
void smgw__tnc_run_fail(struct smgw__tnc_run *run, uint16_t code);
/* Sends an empty CLOSE batch. */
int smgw__tnc_run_close_batch(struct smgw__tnc_run *run, struct smgw_diag *diag);

#endif
