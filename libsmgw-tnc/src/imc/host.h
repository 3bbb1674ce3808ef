/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private: the module host behind the TNC client (IMC side) and the TNC
 * server (IMV side). Loads IMC/IMV modules through the TCG IF-IMC/IF-IMV C
 * interface, binds the TNCC/TNCS functions, keeps the message type
 * subscriptions, routes messages, answers attribute queries and collects
 * the IMV recommendations. Never installed.
 */
#ifndef SMGW_TNC_IMC_HOST_H
#define SMGW_TNC_IMC_HOST_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/core.h>
#include <smgw/tnc/imc.h>
#include <smgw/tnc/imv.h>

#ifndef SMGW_LOG_MAX_LEVEL
#define SMGW_LOG_MAX_LEVEL 7
#endif
#ifndef smgw_return_if_fail
#define smgw_return_if_fail(expr) \
	do { \
		if (!(expr)) \
			return SMGW_E_INVAL; \
	} while (0)
#endif
#ifndef SMGW_ARRAY_SIZE
#define SMGW_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef smgw__log
#define smgw__log(ctx, level, domain, ...) \
	do { \
		if ((level) <= SMGW_LOG_MAX_LEVEL) \
			smgw_ctx_log((ctx), (level), (domain), __VA_ARGS__); \
	} while (0)
#endif

enum smgw__tnc_side {
	SMGW__TNC_SIDE_IMC = 0, /* TNC client hosting IMCs */
	SMGW__TNC_SIDE_IMV = 1, /* TNC server hosting IMVs */
};

/* Limits (settings of the host; see docs/tnc.md). */
#define SMGW__TNC_MAX_MODULES 32        /* modules per host */
#define SMGW__TNC_MAX_EXTRA_IDS 8       /* additional IDs per module */
#define SMGW__TNC_MAX_TYPES 256         /* message types per subscription */
#define SMGW__TNC_MAX_ID 0xfffeu        /* highest IMC/IMV ID (0xffff means "any") */
#define SMGW__TNC_REASON_MAX 1024       /* bytes of an IMV reason string */
#define SMGW__TNC_LANG_MAX 128          /* bytes of a language preference */
#define SMGW__TNC_TLS_UNIQUE_MAX 64     /* bytes of tls-unique */
#define SMGW__TNC_MSG_OVERHEAD 24       /* PB-TNC message header + PB-PA header per queued message */

/* Function table of a module, for both sides: the IMC and IMV function
 * types have the same shape; `begin` is TNC_IMC_BeginHandshake on the IMC
 * side and TNC_IMV_SolicitRecommendation on the IMV side. */
struct smgw__tnc_funcs {
	TNC_IMC_InitializePointer initialize;
	TNC_IMC_NotifyConnectionChangePointer notify;
	TNC_IMC_BeginHandshakePointer begin;
	TNC_IMC_ReceiveMessagePointer receive;
	TNC_IMC_ReceiveMessageLongPointer receive_long;
	TNC_IMC_BatchEndingPointer batch_ending;
	TNC_IMC_TerminatePointer terminate;
	void *provide_bind; /* TNC_IMC_ProvideBindFunctionPointer or TNC_IMV_... */
};

struct smgw__tnc_host;
struct smgw__tnc_conn;

/* A message queued by a module for the peer, or handed in from the peer. */
struct smgw__tnc_msg {
	uint32_t vendor;   /* PA message vendor ID (24 bits) */
	uint32_t subtype;  /* PA subtype */
	uint16_t src;      /* sending IMC/IMV ID */
	uint16_t dst;      /* addressed IMV/IMC ID, 0xffff for any */
	uint8_t excl;      /* exclusive delivery */
	uint8_t reserved[3];
	size_t len;        /* body length */
	uint8_t *data;     /* body (owned by the queue) */
};

/* Host parameters. */
struct smgw__tnc_host_params {
	const char *preferred_language; /* IMC side: what the client prefers ("en"); NULL: "en" */
	uint32_t max_msg_size;          /* largest message a module may send (0: 65490) */
	uint32_t max_queue_size;        /* bytes a connection may queue per batch (0: 4 * max_msg_size) */
	uint32_t max_round_trips;       /* reported to modules (0: 0xffffffff, unlimited) */
};

int smgw__tnc_host_new(smgw_ctx *ctx, int side, const struct smgw__tnc_host_params *p,
		       struct smgw__tnc_host **ret_host);
void smgw__tnc_host_free(struct smgw__tnc_host *host);

/* Loads a module from a shared object (dlopen). */
int smgw__tnc_host_load(struct smgw__tnc_host *host, const char *path, const char *name,
			struct smgw_diag *reterr_diag, uint32_t *ret_id);
/* Adds a module from a function table (statically linked module). */
int smgw__tnc_host_add(struct smgw__tnc_host *host, const struct smgw__tnc_funcs *f, const char *name,
		       struct smgw_diag *reterr_diag, uint32_t *ret_id);
size_t smgw__tnc_host_count(const struct smgw__tnc_host *host);
/* Name and primary ID of the module at @p index. */
int smgw__tnc_host_module(const struct smgw__tnc_host *host, size_t index, const char **ret_name,
			  uint32_t *ret_id);
smgw_ctx *smgw__tnc_host_ctx(const struct smgw__tnc_host *host);

/* Connections. */
int smgw__tnc_conn_new(struct smgw__tnc_host *host, struct smgw__tnc_conn **ret_conn);
void smgw__tnc_conn_free(struct smgw__tnc_conn *conn);
uint32_t smgw__tnc_conn_id(const struct smgw__tnc_conn *conn);
/* Connection attributes set by the TNCC/TNCS from the transport and PB-TNC. */
int smgw__tnc_conn_set_language(struct smgw__tnc_conn *conn, const char *lang, size_t len);
int smgw__tnc_conn_set_tls_unique(struct smgw__tnc_conn *conn, const uint8_t *data, size_t len);
int smgw__tnc_conn_set_max_msg_size(struct smgw__tnc_conn *conn, uint32_t max);
/* Notifies HANDSHAKE; on the IMC side also calls BeginHandshake. */
int smgw__tnc_conn_begin(struct smgw__tnc_conn *conn);
/* Routes one message from the peer; returns how many modules got it. */
int smgw__tnc_conn_deliver(struct smgw__tnc_conn *conn, const struct smgw__tnc_msg *msg);
/* Calls BatchEnding on every module. */
int smgw__tnc_conn_batch_ending(struct smgw__tnc_conn *conn);
/* Notifies a final state (ACCESS_ALLOWED / ISOLATED / NONE). */
int smgw__tnc_conn_set_state(struct smgw__tnc_conn *conn, uint32_t state);
/* The queue of messages the modules sent during this turn. */
size_t smgw__tnc_conn_out_count(const struct smgw__tnc_conn *conn);
const struct smgw__tnc_msg *smgw__tnc_conn_out(const struct smgw__tnc_conn *conn, size_t index);
void smgw__tnc_conn_out_clear(struct smgw__tnc_conn *conn);

/* IMV side. */
/* 1 when every IMV has given its recommendation. */
int smgw__tnc_conn_all_decided(const struct smgw__tnc_conn *conn);
/* Solicits the missing recommendations and combines them. */
int smgw__tnc_conn_decide(struct smgw__tnc_conn *conn, int policy, uint32_t *ret_rec, uint32_t *ret_eval);
/* Reason string and language of the IMV that decided (after
 * smgw__tnc_conn_decide(): the first IMV, in load order, whose counted
 * recommendation is the combined one and that set a reason, preferring
 * one whose evaluation is the combined one too; docs/tnc.md), or NULL. */
const char *smgw__tnc_conn_reason(const struct smgw__tnc_conn *conn, size_t *ret_len, const char **ret_lang,
				  size_t *ret_lang_len);

/* Combination of IMV recommendations (pure; see smgw/tnc/tncs.h for the policies). */
int smgw__tnc_combine(int policy, size_t n, const uint32_t *recs, const uint32_t *evals, uint32_t *ret_rec,
		      uint32_t *ret_eval);

#endif
