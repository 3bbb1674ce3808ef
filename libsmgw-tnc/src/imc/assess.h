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
/* Default of max_round_trips of the TNCC and the TNCS. */
#define SMGW__TNC_DEFAULT_ROUND_TRIPS 16u

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
/* Starts a batch of @p type in run->buf. */
int smgw__tnc_run_begin_batch(struct smgw__tnc_run *run, struct smgw_writer *w, uint32_t type, size_t *ret_mark);
/* Ends the batch begun with smgw__tnc_run_begin_batch() and sends it. */
int smgw__tnc_run_end_batch(struct smgw__tnc_run *run, struct smgw_writer *w, size_t mark, struct smgw_diag *diag);
/* Sends a batch of @p type with the queued messages of the connection,
 * after a PB-Language-Preference with @p lang unless it is NULL. */
int smgw__tnc_run_send_queue(struct smgw__tnc_run *run, uint32_t type, const char *lang, struct smgw_diag *diag);
/* Refuses a batch of a type this side does not expect: the diagnostic and
 * a PB-Error (Unexpected Batch Type) in a CLOSE batch; returns the error. */
int smgw__tnc_run_unexpected(struct smgw__tnc_run *run, uint8_t type, struct smgw_diag *diag);
/* Ends the session with a PB-Error (Local Error) in a CLOSE batch. */
void smgw__tnc_run_fail(struct smgw__tnc_run *run, uint16_t code);
/* Sends an empty CLOSE batch. */
int smgw__tnc_run_close_batch(struct smgw__tnc_run *run, struct smgw_diag *diag);

/* Fills the PB-TNC and PT-TLS configurations of one assessment from the
 * limits of the TNCC/TNCS; the caller adds the SASL settings of its side. */
void smgw__tnc_run_configs(int server, uint32_t max_batch_size, uint32_t max_message_size, uint32_t pt_flags,
			   uint32_t pt_max_message_size, struct smgw_pb_config *pbc, struct smgw_pt_config *ptc);
/* Checks the tls-unique argument, opens the run, negotiates PT-TLS and
 * notifies the modules of the handshake; on failure the run is closed. */
int smgw__tnc_run_start(struct smgw__tnc_run *run, smgw_ctx *ctx, struct smgw__tnc_host *host, int server,
			const struct smgw_pb_config *pbc, const struct smgw_pt_config *ptc,
			const struct smgw_pt_io *io, const uint8_t *tls_unique, size_t tls_unique_len,
			struct smgw_diag *diag);
/* Completes @p res with the message counts, logs it and copies it out. */
void smgw__tnc_run_report(const struct smgw__tnc_run *run, struct smgw_tnc_result *res,
			  struct smgw_tnc_result *ret_result);

/* Defaults and checks of the TNCC/TNCS limits (0 selects the default);
 * SMGW_E_INVAL when the batch is smaller than @p min_batch_size or the
 * limits do not fit into each other. */
int smgw__tnc_limits(uint32_t *max_batch_size, uint32_t *max_message_size, uint32_t *max_round_trips,
		     uint32_t *pt_max_message_size, uint32_t min_batch_size);
/* Creates the module host of a TNCC/TNCS object @p obj (allocated with
 * smgw_ctx_calloc, @p size bytes) and takes a reference on @p ctx; frees
 * @p obj on failure. */
int smgw__tnc_side_new(smgw_ctx *ctx, int side, const struct smgw__tnc_host_params *hp, void *obj, size_t size,
		       struct smgw__tnc_host **ret_host);
/* Frees the host, the object and the reference on @p ctx. */
void smgw__tnc_side_free(smgw_ctx *ctx, struct smgw__tnc_host *host, void *obj, size_t size);
/* Connection state for a PB-Access-Recommendation code. */
uint32_t smgw__tnc_access_state(int access);
/* Copies @p len bytes of text into @p dst (truncated, NUL-terminated). */
void smgw__tnc_copy_text(char *dst, size_t cap, const char *src, size_t len);

/* The IF-IMC and IF-IMV function tables have the same layout and function
 * shapes; fills struct smgw__tnc_funcs @p f from the table @p o whose
 * handshake member is @p begin_member. */
#define SMGW__TNC_FUNCS_FROM_OPS(f, o, begin_member) \
	do { \
		memset(&(f), 0, sizeof(f)); \
		(f).initialize = (o).initialize; \
		(f).notify = (o).notify_connection_change; \
		(f).begin = (o).begin_member; \
		(f).receive = (o).receive_message; \
		(f).receive_long = (o).receive_message_long; \
		(f).batch_ending = (o).batch_ending; \
		(f).terminate = (o).terminate; \
		memcpy(&(f).provide_bind, &(o).provide_bind_function, sizeof((f).provide_bind)); \
		if (!(o).provide_bind_function) \
			(f).provide_bind = NULL; \
	} while (0)

#endif
