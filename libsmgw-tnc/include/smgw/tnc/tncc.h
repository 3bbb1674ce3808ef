/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file tncc.h
 * @brief TNC client (TNCC): hosts IMCs through IF-IMC and runs one assessment per connection over PB-TNC and PT-TLS.
 *
 * The gateway is the access requestor. A TNCC loads IMC modules
 * (smgw_tncc_load_imc(), any IMC written to the TCG IF-IMC 1.3 interface),
 * or takes statically linked ones (smgw_tncc_add_imc()), and then runs
 * assessments: smgw_tncc_assess() negotiates PT-TLS over the caller's
 * transport, asks every IMC to begin the handshake, sends their messages in
 * PB-TNC CDATA batches, routes the server's messages to the IMCs (message
 * type subscriptions, exclusive delivery) until the server's RESULT batch,
 * reports the access decision to the IMCs and closes the PB-TNC session.
 * Retries are refused: one assessment per connection (BSI profile).
 *
 * Thread safety: no libsmgw library has mutable global state and no
 * library-wide init/cleanup function is required. Distinct objects may be
 * used concurrently from different threads. A single object must not be
 * used from two threads at the same time unless its documentation says
 * otherwise. The IMCs are called on the thread that called into the
 * library. A shared object holds one IMC state per process (dlopen shares
 * it), so a module can be loaded into one TNCC of a process at a time.
 */
#ifndef SMGW_TNC_TNCC_H
#define SMGW_TNC_TNCC_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/core.h>
#include <smgw/tnc/imc.h>
#include <smgw/tnc/pt.h>

SMGW_BEGIN_DECLS

/** Opaque TNC client. */
typedef struct smgw_tncc smgw_tncc;

/**
 * Parameters of a TNC client. Zero-initialize and set @ref struct_size;
 * zero members take the defaults.
 */
struct smgw_tncc_params {
	uint32_t struct_size;          /**< sizeof(struct smgw_tncc_params) */
	uint32_t flags;                /**< reserved, 0 */
	const char *preferred_language; /**< Accept-Language ranges sent to the server and given to the IMCs; NULL: "en" */
	uint32_t max_batch_size;       /**< largest PB-TNC batch, 0: 65522 */
	uint32_t max_message_size;     /**< largest PB-TNC message (at least 76, capped at the batch size minus 8), 0: 65490 */
	uint32_t max_round_trips;      /**< most CDATA batches in one assessment, 0: 16 */
	uint32_t pt_max_message_size;  /**< largest PT-TLS message, 0: SMGW_PT_DEFAULT_MAX_MESSAGE */
	uint32_t pt_flags;             /**< SMGW_PT_SASL_PLAIN to accept SASL PLAIN */
	uint32_t reserved;             /**< 0 */
	const char *plain_authcid;     /**< SASL PLAIN user name (with SMGW_PT_SASL_PLAIN) */
	const char *plain_passwd;      /**< SASL PLAIN password (not copied) */
};

/**
 * Outcome of one assessment, as the server decided it. Caller-allocated;
 * set @ref struct_size to `sizeof(struct smgw_tnc_result)`.
 */
struct smgw_tnc_result {
	uint32_t struct_size;     /**< sizeof(struct smgw_tnc_result) */
	int32_t assessment;       /**< PB-Assessment-Result: TNC_IMV_EVALUATION_RESULT_* value 0 ... 4 */
	int32_t access;           /**< PB-Access-Recommendation: 1 allowed, 2 denied, 3 quarantined; 0 if the server sent none */
	uint32_t round_trips;     /**< number of batches the client sent with data (CDATA) */
	uint32_t messages_sent;   /**< PB-PA messages sent */
	uint32_t messages_received; /**< PB-PA messages received */
	char reason[256];         /**< PB-Reason-String (UTF-8, NUL-terminated, truncated), "" if none */
	char reason_lang[32];     /**< its language tag, "" if none */
};

/**
 * Function table of an IMC linked into the program instead of loaded from a
 * shared object. The members are the IF-IMC functions with their TCG
 * types; initialize, begin_handshake and provide_bind_function are
 * mandatory. Set @ref struct_size to `sizeof(struct smgw_tnc_imc_ops)`.
 */
struct smgw_tnc_imc_ops {
	uint32_t struct_size;                                  /**< sizeof(struct smgw_tnc_imc_ops) */
	uint32_t reserved;                                     /**< 0 */
	TNC_IMC_InitializePointer initialize;                  /**< TNC_IMC_Initialize */
	TNC_IMC_NotifyConnectionChangePointer notify_connection_change; /**< TNC_IMC_NotifyConnectionChange or NULL */
	TNC_IMC_BeginHandshakePointer begin_handshake;         /**< TNC_IMC_BeginHandshake */
	TNC_IMC_ReceiveMessagePointer receive_message;         /**< TNC_IMC_ReceiveMessage or NULL */
	TNC_IMC_ReceiveMessageLongPointer receive_message_long; /**< TNC_IMC_ReceiveMessageLong or NULL */
	TNC_IMC_BatchEndingPointer batch_ending;               /**< TNC_IMC_BatchEnding or NULL */
	TNC_IMC_TerminatePointer terminate;                    /**< TNC_IMC_Terminate or NULL */
	TNC_IMC_ProvideBindFunctionPointer provide_bind_function; /**< TNC_IMC_ProvideBindFunction */
};

/**
 * Creates a TNC client.
 * @param ctx the context (allocator, logging); referenced
 * @param params parameters, or NULL for the defaults
 * @param[out] ret_tncc the client, written only on success
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_tncc_new(smgw_ctx *ctx, const struct smgw_tncc_params *params,
					       smgw_tncc **ret_tncc);

/**
 * Frees a TNC client: calls TNC_IMC_Terminate of every IMC and unloads them.
 * @param tncc the client or NULL
 */
SMGW_EXPORT void smgw_tncc_free(smgw_tncc *tncc);

/**
 * Loads an IMC from a shared object: dlopen(), resolves the IF-IMC
 * functions, assigns an IMC ID, calls TNC_IMC_Initialize (version 1) and
 * TNC_IMC_ProvideBindFunction.
 * @param tncc the client
 * @param path the shared object
 * @param name a name for logs and reports, or NULL for @p path
 * @param reterr_diag optional diagnostics (the dlopen error, the missing function)
 * @param[out] ret_imc_id the IMC ID, written only on success
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM, SMGW_E_LIMIT (32 modules),
 *         SMGW_E_STATE (an assessment is running), SMGW_E_TNC_MODULE_LOAD, SMGW_E_TNC_MODULE_SYMBOL,
 *         SMGW_E_TNC_MODULE_VERSION, SMGW_E_TNC_MODULE_INIT
 */
SMGW_EXPORT int smgw_tncc_load_imc(smgw_tncc *tncc, const char *path, const char *name,
				   struct smgw_diag *reterr_diag, uint32_t *ret_imc_id);

/**
 * Adds an IMC linked into the program.
 * @param tncc the client
 * @param ops its functions (copied; a smaller, older table is accepted)
 * @param name a name for logs and reports
 * @param reterr_diag optional diagnostics
 * @param[out] ret_imc_id the IMC ID, written only on success
 * @return as smgw_tncc_load_imc(), without SMGW_E_TNC_MODULE_LOAD
 */
SMGW_EXPORT int smgw_tncc_add_imc(smgw_tncc *tncc, const struct smgw_tnc_imc_ops *ops, const char *name,
				  struct smgw_diag *reterr_diag, uint32_t *ret_imc_id);

/**
 * Number of IMCs loaded.
 * @param tncc the client
 * @return the count (0 for NULL)
 */
SMGW_EXPORT size_t smgw_tncc_imc_count(const smgw_tncc *tncc);

/**
 * Runs one assessment over a connection the caller established (TCP, TLS,
 * a socketpair): PT-TLS negotiation as the NEA client, then PB-TNC as the
 * client until the server's RESULT, then a CLOSE batch. Protocol errors
 * are answered on the wire (PT-TLS Error, PB-Error in CLOSE) before the
 * function returns.
 * @param tncc the client
 * @param io the transport (blocking read and write)
 * @param tls_unique the tls-unique value of the TLS connection for the IMCs
 *        (TNC_ATTRIBUTEID_TLS_UNIQUE), or NULL
 * @param tls_unique_len its length (at most 64)
 * @param[out] ret_result the server's decision, written only on success
 * @param reterr_diag optional diagnostics
 * @return 0 when the server sent its result (whatever it is),
 *         SMGW_E_INVAL, SMGW_E_NOMEM, SMGW_E_TNC_ASSESSMENT (the session
 *         ended without a result), SMGW_E_LIMIT (round trips or sizes),
 *         a SMGW_E_TNC_PB_* or SMGW_E_TNC_PT_* protocol error, an I/O error
 */
SMGW_EXPORT int smgw_tncc_assess(smgw_tncc *tncc, const struct smgw_pt_io *io, const uint8_t *tls_unique,
				 size_t tls_unique_len, struct smgw_tnc_result *ret_result,
				 struct smgw_diag *reterr_diag);

/**
 * Name of a PB-Access-Recommendation code.
 * @param access 1, 2 or 3 (0: none)
 * @return "Access Allowed", "Access Denied", "Quarantined", "none" or "unknown"
 */
SMGW_EXPORT const char *smgw_tnc_access_name(int access);

/**
 * Name of a PB-Assessment-Result / IMV evaluation result.
 * @param assessment 0 ... 4
 * @return "compliant", "non-compliant minor", "non-compliant major", "error", "don't know" or "unknown"
 */
SMGW_EXPORT const char *smgw_tnc_assessment_name(int assessment);

SMGW_END_DECLS

#endif /* SMGW_TNC_TNCC_H */
