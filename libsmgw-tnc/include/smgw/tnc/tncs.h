/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file tncs.h
 * @brief TNC server (TNCS): hosts IMVs through IF-IMV and decides the access recommendation.
 *
 * The Gateway Administrator is the policy decision point. A TNCS loads IMV
 * modules (smgw_tncs_load_imv(), any IMV written to the TCG IF-IMV 1.4
 * interface) or takes statically linked ones (smgw_tncs_add_imv()), and
 * runs one assessment per connection with smgw_tncs_assess(): PT-TLS
 * negotiation as the NEA server, then PB-TNC as the server. The client's
 * PB-PA messages go to the IMVs that subscribed to their type; the IMVs'
 * messages go back in SDATA batches until every IMV has given its
 * recommendation (or has nothing more to say, when it is solicited). The
 * recommendations are combined (smgw_tncs_combine(), policy setting) into
 * the RESULT batch: PB-Assessment-Result, PB-Access-Recommendation and a
 * PB-Reason-String when the IMV that decided (docs/tnc.md) set one.
 * Retries are refused.
 *
 * Thread safety: no libsmgw library has mutable global state and no
 * library-wide init/cleanup function is required. Distinct objects may be
 * used concurrently from different threads. A single object must not be
 * used from two threads at the same time unless its documentation says
 * otherwise. Callbacks (and the IMVs) are invoked on the thread that
 * called into the library.
 */
#ifndef SMGW_TNC_TNCS_H
#define SMGW_TNC_TNCS_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/core.h>
#include <smgw/tnc/imv.h>
#include <smgw/tnc/pt.h>
#include <smgw/tnc/tncc.h>

SMGW_BEGIN_DECLS

/**
 * How the TNCS combines the IMV action recommendations into one
 * (setting smgw_tncs_params::policy). Evaluation results are combined by
 * severity: compliant < don't know < non-compliant minor < non-compliant
 * major < error. With no IMV at all, or no recommendation at all, the
 * decision is "no access, don't know" (fail closed).
 */
enum smgw_tncs_policy {
	/** The most restrictive of the given recommendations (no access >
	 *  isolate > allow); IMVs without a recommendation are ignored. The
	 *  evaluation is the most severe one. Default. */
	SMGW_TNCS_POLICY_MOST_RESTRICTIVE = 0,
	/** Allow only when every IMV recommends allow; a missing or "no
	 *  recommendation" counts as no access. Evaluation: the most severe. */
	SMGW_TNCS_POLICY_ALL = 1,
	/** Allow when any IMV recommends allow; otherwise isolate when any
	 *  recommends isolate; otherwise no access. Evaluation: the least severe
	 *  of the IMVs that gave the chosen recommendation. */
	SMGW_TNCS_POLICY_ANY = 2,
};

/**
 * Combines IMV recommendations according to a policy (the rule the TNCS
 * applies at the end of each assessment; exposed for tests and tools).
 *
 * @param policy a smgw_tncs_policy value
 * @param n number of IMVs
 * @param recs their TNC_IMV_ACTION_RECOMMENDATION_* values (n entries)
 * @param evals their TNC_IMV_EVALUATION_RESULT_* values (n entries)
 * @param[out] ret_rec the combined recommendation
 * @param[out] ret_eval the combined evaluation result
 * @return 0, SMGW_E_INVAL (unknown policy or value, NULL arrays with n > 0)
 */
SMGW_EXPORT int smgw_tncs_combine(int policy, size_t n, const uint32_t *recs, const uint32_t *evals,
				  uint32_t *ret_rec, uint32_t *ret_eval);

/** Opaque TNC server. */
typedef struct smgw_tncs smgw_tncs;

/**
 * Parameters of a TNC server. Zero-initialize and set @ref struct_size;
 * zero members take the defaults.
 */
struct smgw_tncs_params {
	uint32_t struct_size;          /**< sizeof(struct smgw_tncs_params) */
	uint32_t flags;                /**< reserved, 0 */
	int32_t policy;                /**< enum smgw_tncs_policy (0: most restrictive) */
	uint32_t max_batch_size;       /**< largest PB-TNC batch, 0: 65522 */
	uint32_t max_message_size;     /**< largest PB-TNC message (at least 76, capped at the batch size minus 8), 0: 65490 */
	uint32_t max_round_trips;      /**< most SDATA batches before the IMVs are solicited, 0: 16 */
	uint32_t pt_max_message_size;  /**< largest PT-TLS message, 0: SMGW_PT_DEFAULT_MAX_MESSAGE */
	uint32_t pt_flags;             /**< SMGW_PT_CLIENT_CERT_AUTH, SMGW_PT_SASL_PLAIN */
	smgw_pt_plain_check_fn plain_check; /**< SASL PLAIN credential check (with SMGW_PT_SASL_PLAIN) */
	void *plain_userdata;          /**< passed to @ref plain_check */
};

/**
 * Function table of an IMV linked into the program. The members are the
 * IF-IMV functions with their TCG types; initialize,
 * solicit_recommendation and provide_bind_function are mandatory. Set
 * @ref struct_size to `sizeof(struct smgw_tnc_imv_ops)`.
 */
struct smgw_tnc_imv_ops {
	uint32_t struct_size;                                  /**< sizeof(struct smgw_tnc_imv_ops) */
	uint32_t reserved;                                     /**< 0 */
	TNC_IMV_InitializePointer initialize;                  /**< TNC_IMV_Initialize */
	TNC_IMV_NotifyConnectionChangePointer notify_connection_change; /**< TNC_IMV_NotifyConnectionChange or NULL */
	TNC_IMV_SolicitRecommendationPointer solicit_recommendation; /**< TNC_IMV_SolicitRecommendation */
	TNC_IMV_ReceiveMessagePointer receive_message;         /**< TNC_IMV_ReceiveMessage or NULL */
	TNC_IMV_ReceiveMessageLongPointer receive_message_long; /**< TNC_IMV_ReceiveMessageLong or NULL */
	TNC_IMV_BatchEndingPointer batch_ending;               /**< TNC_IMV_BatchEnding or NULL */
	TNC_IMV_TerminatePointer terminate;                    /**< TNC_IMV_Terminate or NULL */
	TNC_IMV_ProvideBindFunctionPointer provide_bind_function; /**< TNC_IMV_ProvideBindFunction */
};

/**
 * Creates a TNC server.
 * @param ctx the context (allocator, logging); referenced
 * @param params parameters, or NULL for the defaults
 * @param[out] ret_tncs the server, written only on success
 * @return 0, SMGW_E_INVAL (unknown policy, bad struct_size), SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_tncs_new(smgw_ctx *ctx, const struct smgw_tncs_params *params,
					       smgw_tncs **ret_tncs);

/**
 * Frees a TNC server: calls TNC_IMV_Terminate of every IMV and unloads them.
 * @param tncs the server or NULL
 */
SMGW_EXPORT void smgw_tncs_free(smgw_tncs *tncs);

/**
 * Loads an IMV from a shared object (dlopen, IF-IMV functions, IMV ID,
 * TNC_IMV_Initialize with version 1, TNC_IMV_ProvideBindFunction).
 * @param tncs the server
 * @param path the shared object
 * @param name a name for logs, or NULL for @p path
 * @param reterr_diag optional diagnostics
 * @param[out] ret_imv_id the IMV ID, written only on success
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM, SMGW_E_LIMIT,
 *         SMGW_E_STATE (an assessment is running), SMGW_E_TNC_MODULE_LOAD, SMGW_E_TNC_MODULE_SYMBOL,
 *         SMGW_E_TNC_MODULE_VERSION, SMGW_E_TNC_MODULE_INIT
 */
SMGW_EXPORT int smgw_tncs_load_imv(smgw_tncs *tncs, const char *path, const char *name,
				   struct smgw_diag *reterr_diag, uint32_t *ret_imv_id);

/**
 * Adds an IMV linked into the program.
 * @param tncs the server
 * @param ops its functions (copied; a smaller, older table is accepted)
 * @param name a name for logs
 * @param reterr_diag optional diagnostics
 * @param[out] ret_imv_id the IMV ID, written only on success
 * @return as smgw_tncs_load_imv(), without SMGW_E_TNC_MODULE_LOAD
 */
SMGW_EXPORT int smgw_tncs_add_imv(smgw_tncs *tncs, const struct smgw_tnc_imv_ops *ops, const char *name,
				  struct smgw_diag *reterr_diag, uint32_t *ret_imv_id);

/**
 * Number of IMVs loaded.
 * @param tncs the server
 * @return the count (0 for NULL)
 */
SMGW_EXPORT size_t smgw_tncs_imv_count(const smgw_tncs *tncs);

/**
 * Runs one assessment over a connection the caller accepted: PT-TLS
 * negotiation as the NEA server, PB-TNC as the server until the RESULT
 * batch and the client's CLOSE. Protocol errors are answered on the wire
 * before the function returns. The caller closes the transport afterwards.
 * @param tncs the server
 * @param io the transport (blocking read and write)
 * @param tls_unique tls-unique of the TLS connection for the IMVs, or NULL
 * @param tls_unique_len its length (at most 64)
 * @param[out] ret_result the decision sent to the client, written only on success
 * @param reterr_diag optional diagnostics
 * @return 0 when the RESULT batch was sent, SMGW_E_INVAL, SMGW_E_NOMEM,
 *         SMGW_E_TNC_ASSESSMENT (the client ended the session first),
 *         a SMGW_E_TNC_PB_* or SMGW_E_TNC_PT_* protocol error, an I/O error
 */
SMGW_EXPORT int smgw_tncs_assess(smgw_tncs *tncs, const struct smgw_pt_io *io, const uint8_t *tls_unique,
				 size_t tls_unique_len, struct smgw_tnc_result *ret_result,
				 struct smgw_diag *reterr_diag);

SMGW_END_DECLS

#endif /* SMGW_TNC_TNCS_H */
