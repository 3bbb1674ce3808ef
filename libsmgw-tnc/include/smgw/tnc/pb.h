/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file pb.h
 * @brief PB-TNC (RFC 5793, IF-TNCCS 2.0): batch and message codecs, PB-Error
 *        generation and the client and server state machines.
 *
 * A batch is an 8-byte header (version 2, the D bit 0x80 set by the server,
 * the batch type in the low nibble of byte 3, the length of the whole batch)
 * followed by messages, each a 12-byte header (flags with NOSKIP 0x80,
 * vendor PEN, type, length including the header) and a value.
 *
 * Two layers:
 *
 * 1. **Codec**: smgw_pb_batch_parse() checks a batch header and the
 *    framing of its messages; smgw_pb_msg_next() walks the messages; the
 *    smgw_pb_decode_*() functions check and decode the eight IETF message
 *    types; the smgw_pb_encode_*() functions write them into a struct
 *    smgw_writer (size-query protocol, see smgw/bytes.h).
 * 2. **Session** (smgw_pb_session): one side of one PB-TNC connection. It
 *    enforces the RFC 5793 section 3.2 state machine for batches sent and
 *    received (Init, Server Working, Client Working, Decided, End; CLOSE
 *    from any state), half-duplex turn taking, the direction bit, the size
 *    limits, the NOSKIP rules of the IETF message types, the RESULT-only
 *    messages, and optionally refuses retries (SMGW_PB_NO_RETRY, the BSI
 *    profile: one assessment per connection). Every failure on receipt
 *    comes with the PB-Error to send (struct smgw_pb_error), which
 *    smgw_pb_session_error_batch() wraps into a CLOSE batch.
 *
 * Decoding never allocates; pointers in decoded structures point into the
 * input and stay valid as long as it does.
 */
#ifndef SMGW_TNC_PB_H
#define SMGW_TNC_PB_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/bytes.h>
#include <smgw/ctx.h>
#include <smgw/tnc/pa.h>

SMGW_BEGIN_DECLS

/** The PB-TNC version (RFC 5793). */
#define SMGW_PB_VERSION 2u
/** Length of the batch header. */
#define SMGW_PB_BATCH_HEADER_LEN 8u
/** Length of a message header. */
#define SMGW_PB_MSG_HEADER_LEN 12u
/** Length of the PB-PA header inside a PB-PA message value. */
#define SMGW_PB_PA_HEADER_LEN 12u
/** Batch header byte 1: D bit, set in batches sent by the PB-TNC server. */
#define SMGW_PB_BATCH_DIR_SERVER 0x80u
/** Message flag NOSKIP. */
#define SMGW_PB_MSG_NOSKIP 0x80u
/** PB-PA flag EXCL: deliver only to the named collector or validator. */
#define SMGW_PB_PA_EXCL 0x80u
/** PB-Error flag FATAL. */
#define SMGW_PB_ERROR_FATAL 0x80u
/** Posture Collector/Validator Identifier "unspecified". */
#define SMGW_PB_ID_ANY 0xFFFFu

/** Batch types (low nibble of byte 3 of the batch header). */
enum smgw_pb_batch_type {
	SMGW_PB_BATCH_CDATA = 1,  /**< client data */
	SMGW_PB_BATCH_SDATA = 2,  /**< server data */
	SMGW_PB_BATCH_RESULT = 3, /**< server result */
	SMGW_PB_BATCH_CRETRY = 4, /**< client asks for a new handshake */
	SMGW_PB_BATCH_SRETRY = 5, /**< server asks for a new handshake */
	SMGW_PB_BATCH_CLOSE = 6   /**< either side ends the session */
};

/** IETF message types. */
enum smgw_pb_msg_type {
	SMGW_PB_MSG_EXPERIMENTAL = 0,          /**< PB-Experimental */
	SMGW_PB_MSG_PA = 1,                    /**< PB-PA */
	SMGW_PB_MSG_ASSESSMENT_RESULT = 2,     /**< PB-Assessment-Result */
	SMGW_PB_MSG_ACCESS_RECOMMENDATION = 3, /**< PB-Access-Recommendation */
	SMGW_PB_MSG_REMEDIATION_PARAMETERS = 4, /**< PB-Remediation-Parameters */
	SMGW_PB_MSG_ERROR = 5,                 /**< PB-Error */
	SMGW_PB_MSG_LANGUAGE_PREFERENCE = 6,   /**< PB-Language-Preference */
	SMGW_PB_MSG_REASON_STRING = 7          /**< PB-Reason-String */
};

/** IETF PB-Error codes. */
enum smgw_pb_error_code {
	SMGW_PB_ERROR_UNEXPECTED_BATCH_TYPE = 0, /**< Unexpected Batch Type */
	SMGW_PB_ERROR_INVALID_PARAMETER = 1,     /**< Invalid Parameter */
	SMGW_PB_ERROR_LOCAL_ERROR = 2,           /**< Local Error */
	SMGW_PB_ERROR_UNSUPPORTED_MANDATORY = 3, /**< Unsupported Mandatory Message */
	SMGW_PB_ERROR_VERSION_NOT_SUPPORTED = 4  /**< Version Not Supported */
};

/** PB-Access-Recommendation codes. */
enum smgw_pb_access {
	SMGW_PB_ACCESS_ALLOWED = 1,    /**< Access Allowed */
	SMGW_PB_ACCESS_DENIED = 2,     /**< Access Denied */
	SMGW_PB_ACCESS_QUARANTINED = 3 /**< Quarantined */
};

/** States of RFC 5793 section 3.2. */
enum smgw_pb_state {
	SMGW_PB_STATE_INIT = 0,           /**< nothing exchanged yet */
	SMGW_PB_STATE_SERVER_WORKING = 1, /**< the server's turn */
	SMGW_PB_STATE_CLIENT_WORKING = 2, /**< the client's turn */
	SMGW_PB_STATE_DECIDED = 3,        /**< the server has sent RESULT */
	SMGW_PB_STATE_END = 4             /**< CLOSE sent or received */
};

/** Role of a session. */
enum smgw_pb_role {
	SMGW_PB_ROLE_CLIENT = 0, /**< PB-TNC client (access requestor, the SMGW) */
	SMGW_PB_ROLE_SERVER = 1  /**< PB-TNC server (policy decision point, the GWA) */
};

/* ------------------------------------------------------------------ */
/* Codec                                                                */
/* ------------------------------------------------------------------ */

/** A parsed batch (header and message framing checked). */
struct smgw_pb_batch {
	const uint8_t *data; /**< the whole batch */
	size_t len;          /**< its length (= Batch Length) */
	uint32_t msg_count;  /**< number of messages */
	uint8_t version;     /**< Version (2) */
	uint8_t server;      /**< 1 if the D bit is set (sent by the server) */
	uint8_t type;        /**< enum smgw_pb_batch_type */
	uint8_t reserved;    /**< 0 */
};

/** One message of a batch. */
struct smgw_pb_msg {
	const uint8_t *value; /**< the value (after the 12-byte header) */
	size_t value_len;     /**< its length */
	uint32_t vendor;      /**< Message Vendor ID */
	uint32_t type;        /**< Message Type */
	uint32_t offset;      /**< offset of the message header inside the batch */
	uint8_t flags;        /**< SMGW_PB_MSG_NOSKIP */
	uint8_t reserved[3];  /**< 0 */
};

/**
 * A PB-Error: what a failed receive asks to send, or the content of a
 * received PB-Error message.
 */
struct smgw_pb_error {
	uint32_t vendor;      /**< Error Code Vendor ID (IETF for the standard codes) */
	uint16_t code;        /**< Error Code (enum smgw_pb_error_code for IETF) */
	uint8_t flags;        /**< SMGW_PB_ERROR_FATAL */
	uint8_t bad_version;  /**< VERSION_NOT_SUPPORTED: the version received */
	uint32_t offset;      /**< other IETF codes: offset of the offending field in the batch */
	uint8_t max_version;  /**< VERSION_NOT_SUPPORTED: highest supported (2) */
	uint8_t min_version;  /**< VERSION_NOT_SUPPORTED: lowest supported (2) */
	uint8_t reserved[2];  /**< 0 */
	const uint8_t *params; /**< decode: Error Parameters as on the wire; encode: used for other vendors */
	size_t params_len;    /**< length of @ref params */
};

/**
 * Parses a batch: version (2; otherwise fatal Version Not Supported), batch
 * type (1-6, offset 3), Batch Length equal to @p len (offset 4), and the
 * framing of every message (length at least 12 and inside the batch,
 * vendor not 0xFFFFFF, type not 0xFFFFFFFF; offset of the field).
 * Message values are not checked here.
 *
 * @param data the batch
 * @param len the number of bytes received
 * @param[out] ret_batch the batch, written only on success
 * @param[out] ret_error on failure the PB-Error to send; may be NULL
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PB_VERSION, SMGW_E_TNC_PB_INVALID
 */
SMGW_EXPORT int smgw_pb_batch_parse(const void *data, size_t len, struct smgw_pb_batch *ret_batch,
				    struct smgw_pb_error *ret_error, struct smgw_diag *diag);

/**
 * Iterates over the messages of a parsed batch (all of them, known or not).
 * @param batch the batch
 * @param pos cursor, 0 before the first call
 * @param[out] ret_msg the next message
 * @return 1, 0 (no more), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pb_msg_next(const struct smgw_pb_batch *batch, size_t *pos,
				 struct smgw_pb_msg *ret_msg);

/** PB-PA message value (type 1). */
struct smgw_pb_pa {
	const uint8_t *body;   /**< PA Message Body (one PA-TNC message) */
	size_t body_len;       /**< its length */
	uint32_t vendor;       /**< PA Message Vendor ID */
	uint32_t subtype;      /**< PA Subtype */
	uint16_t collector;    /**< Posture Collector Identifier */
	uint16_t validator;    /**< Posture Validator Identifier */
	uint8_t flags;         /**< SMGW_PB_PA_EXCL */
	uint8_t reserved[3];   /**< 0 */
};

/** PB-Reason-String value (type 7). */
struct smgw_pb_reason {
	const char *reason;  /**< UTF-8 reason string */
	size_t reason_len;   /**< its length */
	const char *lang;    /**< language tag */
	size_t lang_len;     /**< its length (at most 255) */
};

/**
 * Decodes PB-PA (value at least 12 bytes, vendor and subtype not reserved).
 * @param m the message
 * @param[out] ret the value
 * @param diag optional diagnostics (offset inside the value)
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PB_INVALID
 */
SMGW_EXPORT int smgw_pb_decode_pa(const struct smgw_pb_msg *m, struct smgw_pb_pa *ret,
				  struct smgw_diag *diag);

/**
 * Decodes PB-Assessment-Result (value exactly 4 bytes, 0-4).
 * @param m the message
 * @param[out] ret the result (enum smgw_pa_assessment)
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PB_INVALID
 */
SMGW_EXPORT int smgw_pb_decode_assessment_result(const struct smgw_pb_msg *m, uint32_t *ret,
						 struct smgw_diag *diag);

/**
 * Decodes PB-Access-Recommendation (value exactly 4 bytes, code 1-3).
 * @param m the message
 * @param[out] ret the code (enum smgw_pb_access)
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PB_INVALID
 */
SMGW_EXPORT int smgw_pb_decode_access_recommendation(const struct smgw_pb_msg *m, uint16_t *ret,
						     struct smgw_diag *diag);

/**
 * Decodes PB-Remediation-Parameters.
 * @param m the message
 * @param[out] ret the parameters
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PB_INVALID
 */
SMGW_EXPORT int smgw_pb_decode_remediation(const struct smgw_pb_msg *m,
					   struct smgw_tnc_remediation *ret, struct smgw_diag *diag);

/**
 * Decodes PB-Error. For IETF codes the 4 parameter bytes (offset, or bad/max/min
 * version) are read when present; without them offset and versions are 0.
 * @param m the message
 * @param[out] ret the error
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PB_INVALID
 */
SMGW_EXPORT int smgw_pb_decode_error(const struct smgw_pb_msg *m, struct smgw_pb_error *ret,
				     struct smgw_diag *diag);

/**
 * Decodes PB-Language-Preference: printable US-ASCII of the form
 * "Accept-Language: ranges" (RFC 5793 section 4.10).
 * @param m the message
 * @param[out] ret_ranges the language ranges after "Accept-Language:" and blanks
 * @param[out] ret_len their length
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PB_INVALID
 */
SMGW_EXPORT int smgw_pb_decode_language_preference(const struct smgw_pb_msg *m,
						   const char **ret_ranges, size_t *ret_len,
						   struct smgw_diag *diag);

/**
 * Decodes PB-Reason-String.
 * @param m the message
 * @param[out] ret the value
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PB_INVALID
 */
SMGW_EXPORT int smgw_pb_decode_reason_string(const struct smgw_pb_msg *m,
					     struct smgw_pb_reason *ret, struct smgw_diag *diag);

/**
 * Starts a batch: writes its header with a length to be patched.
 * @param w the writer
 * @param server 1 to set the D bit (batch sent by the server), 0 otherwise
 * @param type enum smgw_pb_batch_type
 * @return the mark to pass to smgw_pb_batch_end()
 */
SMGW_EXPORT size_t smgw_pb_batch_begin(struct smgw_writer *w, int server, uint8_t type);

/**
 * Ends a batch: patches its length.
 * @param w the writer
 * @param mark from smgw_pb_batch_begin()
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pb_batch_end(struct smgw_writer *w, size_t mark);

/**
 * Starts a message: writes its header with a length to be patched.
 * @param w the writer
 * @param flags SMGW_PB_MSG_NOSKIP or 0
 * @param vendor the vendor PEN
 * @param type the message type
 * @return the mark to pass to smgw_pb_msg_end()
 */
SMGW_EXPORT size_t smgw_pb_msg_begin(struct smgw_writer *w, uint8_t flags, uint32_t vendor,
				     uint32_t type);

/**
 * Ends a message: patches its length.
 * @param w the writer
 * @param mark from smgw_pb_msg_begin() or smgw_pb_pa_begin()
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pb_msg_end(struct smgw_writer *w, size_t mark);

/**
 * Writes a whole message with an opaque value (experimental or vendor types).
 * @param w the writer
 * @param flags SMGW_PB_MSG_NOSKIP or 0
 * @param vendor the vendor PEN
 * @param type the message type
 * @param value the value
 * @param len its length
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pb_encode_msg(struct smgw_writer *w, uint8_t flags, uint32_t vendor,
				   uint32_t type, const void *value, size_t len);

/**
 * Starts a PB-PA message (NOSKIP set): writes the message header and the
 * PB-PA header. Write the PA-TNC message next (smgw/tnc/pa.h), then call
 * smgw_pb_msg_end().
 * @param w the writer
 * @param pa the PB-PA header fields (body is ignored)
 * @return the mark to pass to smgw_pb_msg_end()
 */
SMGW_EXPORT size_t smgw_pb_pa_begin(struct smgw_writer *w, const struct smgw_pb_pa *pa);

/**
 * Writes a whole PB-PA message with @p pa->body as the PA message body.
 * @param w the writer
 * @param pa the value
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pb_encode_pa(struct smgw_writer *w, const struct smgw_pb_pa *pa);

/**
 * Writes PB-Assessment-Result (NOSKIP set).
 * @param w the writer
 * @param result enum smgw_pa_assessment (0-4)
 * @return 0, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pb_encode_assessment_result(struct smgw_writer *w, uint32_t result);

/**
 * Writes PB-Access-Recommendation (NOSKIP clear).
 * @param w the writer
 * @param code enum smgw_pb_access (1-3)
 * @return 0, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pb_encode_access_recommendation(struct smgw_writer *w, uint16_t code);

/**
 * Writes PB-Remediation-Parameters (NOSKIP clear).
 * @param w the writer
 * @param r the parameters (IETF URI/String built from the typed fields)
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pb_encode_remediation(struct smgw_writer *w,
					   const struct smgw_tnc_remediation *r);

/**
 * Writes PB-Error (NOSKIP set). IETF Version Not Supported carries
 * bad/max/min version; the other IETF codes the 4-byte offset.
 * @param w the writer
 * @param e the error
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pb_encode_error(struct smgw_writer *w, const struct smgw_pb_error *e);

/**
 * Writes PB-Language-Preference (NOSKIP clear): "Accept-Language: " and
 * @p ranges.
 * @param w the writer
 * @param ranges language ranges, e.g. "en" or "de, en;q=0.5" (printable ASCII)
 * @return 0, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pb_encode_language_preference(struct smgw_writer *w, const char *ranges);

/**
 * Writes PB-Reason-String (NOSKIP clear).
 * @param w the writer
 * @param r the reason and language tag
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pb_encode_reason_string(struct smgw_writer *w,
					     const struct smgw_pb_reason *r);

/**
 * The name of a batch type.
 * @param type the batch type
 * @return a static string ("CDATA", ...; "invalid" for others)
 */
SMGW_EXPORT const char *smgw_pb_batch_type_name(uint32_t type);

/**
 * The name of a state.
 * @param state enum smgw_pb_state
 * @return a static string ("Init", "Server Working", ...)
 */
SMGW_EXPORT const char *smgw_pb_state_name(int state);

/* ------------------------------------------------------------------ */
/* Session: the state machine                                           */
/* ------------------------------------------------------------------ */

/** Opaque PB-TNC session (one side of one connection). */
typedef struct smgw_pb_session smgw_pb_session;

/** Session flag: refuse CRETRY/SRETRY (BSI profile, one assessment per connection). */
#define SMGW_PB_NO_RETRY 0x1u

/** Default maximum batch size (strongSwan tnccs-20 default). */
#define SMGW_PB_DEFAULT_MAX_BATCH 65522u
/** Default maximum message size (strongSwan tnccs-20 default). */
#define SMGW_PB_DEFAULT_MAX_MESSAGE 65490u

/** Configuration of a session. Zero-initialize and set struct_size. */
struct smgw_pb_config {
	uint32_t struct_size;      /**< sizeof(struct smgw_pb_config) */
	uint32_t role;             /**< enum smgw_pb_role */
	uint32_t flags;            /**< SMGW_PB_NO_RETRY */
	uint32_t max_batch_size;   /**< largest batch sent or accepted, 0: SMGW_PB_DEFAULT_MAX_BATCH */
	uint32_t max_message_size; /**< largest message sent or accepted, 0: SMGW_PB_DEFAULT_MAX_MESSAGE */
	uint32_t reserved;         /**< 0 */
};

/**
 * Creates a session in state Init.
 * @param ctx the context (allocator, logging)
 * @param cfg the configuration
 * @param[out] ret_s the session, written only on success
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_pb_session_new(smgw_ctx *ctx, const struct smgw_pb_config *cfg,
						     smgw_pb_session **ret_s);

/**
 * Frees a session.
 * @param s the session or NULL
 */
SMGW_EXPORT void smgw_pb_session_free(smgw_pb_session *s);

/**
 * The current state.
 * @param s the session
 * @return enum smgw_pb_state, or SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pb_session_state(const smgw_pb_session *s);

/**
 * Marks a vendor message type as understood, so that it is delivered by
 * smgw_pb_session_msg_next() and not refused when it carries NOSKIP.
 * @param s the session
 * @param vendor the vendor PEN (not IETF, not 0xFFFFFF)
 * @param type the message type
 * @return 0, SMGW_E_INVAL, SMGW_E_LIMIT (at most 16 types), SMGW_E_EXISTS
 */
SMGW_EXPORT int smgw_pb_session_support(smgw_pb_session *s, uint32_t vendor, uint32_t type);

/**
 * Tells whether this side may send a batch type now (its turn, the state
 * table, the retry policy).
 * @param s the session
 * @param type enum smgw_pb_batch_type
 * @return 1 or 0
 */
SMGW_EXPORT int smgw_pb_session_may_send(const smgw_pb_session *s, uint32_t type);

/**
 * Records that a batch of @p type was sent and takes the transition.
 * @param s the session
 * @param type enum smgw_pb_batch_type
 * @return 0, SMGW_E_INVAL, SMGW_E_STATE (not allowed now),
 *         SMGW_E_TNC_PB_RETRY_REFUSED (a retry under SMGW_PB_NO_RETRY)
 */
SMGW_EXPORT int smgw_pb_session_sent(smgw_pb_session *s, uint32_t type);

/**
 * Starts a batch of this side (D bit from the role) after checking that it
 * may be sent now.
 * @param s the session
 * @param w the writer
 * @param type enum smgw_pb_batch_type
 * @param[out] ret_mark the mark for smgw_pb_session_end_batch()
 * @return 0, SMGW_E_INVAL, SMGW_E_STATE, SMGW_E_TNC_PB_RETRY_REFUSED
 */
SMGW_EXPORT int smgw_pb_session_begin_batch(smgw_pb_session *s, struct smgw_writer *w,
					    uint32_t type, size_t *ret_mark);

/**
 * Ends a batch started with smgw_pb_session_begin_batch(): patches the
 * length, checks the size limits and, when the whole batch fitted into the
 * writer, takes the transition of smgw_pb_session_sent().
 * @param s the session
 * @param w the writer
 * @param mark from smgw_pb_session_begin_batch()
 * @return 0, SMGW_E_BUFSIZE (nothing changed; retry with a larger buffer),
 *         SMGW_E_LIMIT (larger than max_batch_size), SMGW_E_INVAL, SMGW_E_STATE
 */
SMGW_EXPORT int smgw_pb_session_end_batch(smgw_pb_session *s, struct smgw_writer *w, size_t mark);

/**
 * Takes a received batch: parses it, checks size, direction, the state
 * table, the retry policy and every message (unknown with NOSKIP, the
 * NOSKIP rules and value layouts of the IETF types, RESULT-only messages,
 * one PB-Assessment-Result per RESULT batch), and takes the transition.
 *
 * On failure nothing changes except that the session remembers it must end;
 * @p ret_error holds the PB-Error to send in a CLOSE batch
 * (smgw_pb_session_error_batch()). Under SMGW_PB_NO_RETRY a CRETRY or
 * SRETRY returns SMGW_E_TNC_PB_RETRY_REFUSED without a PB-Error: answer
 * with an empty CLOSE (smgw_pb_session_close_batch()).
 *
 * @param s the session
 * @param data the batch
 * @param len its length
 * @param[out] ret_batch the batch, written only on success
 * @param[out] ret_error the PB-Error to answer with, on failure; may be NULL
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PB_VERSION, SMGW_E_TNC_PB_INVALID,
 *         SMGW_E_TNC_PB_UNEXPECTED, SMGW_E_TNC_PB_UNSUPPORTED, SMGW_E_LIMIT,
 *         SMGW_E_TNC_PB_RETRY_REFUSED
 */
SMGW_EXPORT int smgw_pb_session_receive(smgw_pb_session *s, const void *data, size_t len,
					struct smgw_pb_batch *ret_batch,
					struct smgw_pb_error *ret_error, struct smgw_diag *diag);

/**
 * Iterates over the messages of a received batch that this side should
 * process: the IETF types 1-7 (a client skips RESULT-only messages outside
 * RESULT) and the vendor types marked with smgw_pb_session_support();
 * everything else was skippable and is skipped.
 * @param s the session
 * @param batch a batch accepted by smgw_pb_session_receive()
 * @param pos cursor, 0 before the first call
 * @param[out] ret_msg the next message
 * @return 1, 0 (no more), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pb_session_msg_next(const smgw_pb_session *s, const struct smgw_pb_batch *batch,
					 size_t *pos, struct smgw_pb_msg *ret_msg);

/**
 * Writes a CLOSE batch carrying one PB-Error and moves to End.
 * @param s the session
 * @param e the error (from smgw_pb_session_receive(), or a local one)
 * @param buf output buffer, may be NULL with @p cap 0 to query the size
 * @param cap its capacity
 * @param[out] ret_len bytes written, or needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE (nothing changed)
 */
SMGW_EXPORT int smgw_pb_session_error_batch(smgw_pb_session *s, const struct smgw_pb_error *e,
					    void *buf, size_t cap, size_t *ret_len);

/**
 * Writes an empty CLOSE batch and moves to End.
 * @param s the session
 * @param buf output buffer (at least 8 bytes)
 * @param cap its capacity
 * @param[out] ret_len bytes written (8), or needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE
 */
SMGW_EXPORT int smgw_pb_session_close_batch(smgw_pb_session *s, void *buf, size_t cap,
					    size_t *ret_len);

SMGW_END_DECLS

#endif /* SMGW_TNC_PB_H */
