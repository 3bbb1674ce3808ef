/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file pt.h
 * @brief PT-TLS (RFC 6876, IF-T for TLS 2.0): message codec and a
 *        transport-agnostic engine for version negotiation, the SASL phase
 *        and the transport of PB-TNC batches.
 *
 * Every PT-TLS message is a 16-byte header (reserved byte, 24-bit vendor
 * PEN, 32-bit type, 32-bit length including the header, 32-bit message
 * identifier) followed by the value.
 *
 * The engine (smgw_pt) reads and writes through struct smgw_pt_io, two
 * blocking callbacks, so it runs over a TLS connection, a socketpair or
 * plain TCP. It numbers the messages it sends from 0, checks every
 * announced length against the configured maximum *before* it allocates
 * the receive buffer, answers protocol violations with a PT-TLS Error
 * (Malformed Message, Version Not Supported, Type Not Supported, Invalid
 * Message, SASL Mechanism Error, Invalid Parameter) and then refuses
 * further use, and reports a PT-TLS Error received from the peer as
 * SMGW_E_TNC_PT_PEER_ERROR.
 *
 * Phases (RFC 6876 section 3; strongSwan's behaviour, see docs/tnc.md):
 * 1. the NEA client sends Version Request(min 1, max 1, preferred 1); the
 *    server answers Version Response(1) or Version Not Supported;
 * 2. the NEA server sends SASL Mechanisms. With a client that authenticated
 *    with a certificate the list is empty at once (no SASL); otherwise the
 *    server offers PLAIN (when configured), the client selects it with its
 *    initial response, the server answers SASL Result and, on success,
 *    sends an empty SASL Mechanisms to end the phase. The client reads that
 *    message before it sends any PB-TNC batch;
 * 3. PB-TNC batches, one per PT-TLS message of type 7.
 */
#ifndef SMGW_TNC_PT_H
#define SMGW_TNC_PT_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/bytes.h>
#include <smgw/ctx.h>

SMGW_BEGIN_DECLS

/** The PT-TLS version (RFC 6876). */
#define SMGW_PT_VERSION 1u
/** Length of the message header. */
#define SMGW_PT_HEADER_LEN 16u
/** IANA port of PT-TLS. */
#define SMGW_PT_PORT 271u
/** Default maximum message size (header included; strongSwan's builder buffer, 128 * 16384 - 16). */
#define SMGW_PT_DEFAULT_MAX_MESSAGE 2097136u
/** Longest SASL mechanism name. */
#define SMGW_PT_SASL_NAME_MAX 20u

/** IETF PT-TLS message types. */
enum smgw_pt_msg_type {
	SMGW_PT_MSG_EXPERIMENTAL = 0,       /**< Experimental */
	SMGW_PT_MSG_VERSION_REQUEST = 1,    /**< Version Request (client) */
	SMGW_PT_MSG_VERSION_RESPONSE = 2,   /**< Version Response (server) */
	SMGW_PT_MSG_SASL_MECHANISMS = 3,    /**< SASL Mechanisms (server) */
	SMGW_PT_MSG_SASL_SELECTION = 4,     /**< SASL Mechanism Selection (client) */
	SMGW_PT_MSG_SASL_AUTH_DATA = 5,     /**< SASL Authentication Data (either) */
	SMGW_PT_MSG_SASL_RESULT = 6,        /**< SASL Result (server) */
	SMGW_PT_MSG_PB_BATCH = 7,           /**< PB-TNC Batch (either) */
	SMGW_PT_MSG_ERROR = 8               /**< PT-TLS Error (either) */
};

/** IETF PT-TLS error codes. */
enum smgw_pt_error_code {
	SMGW_PT_ERROR_RESERVED = 0,              /**< reserved */
	SMGW_PT_ERROR_MALFORMED_MESSAGE = 1,     /**< Malformed Message */
	SMGW_PT_ERROR_VERSION_NOT_SUPPORTED = 2, /**< Version Not Supported */
	SMGW_PT_ERROR_TYPE_NOT_SUPPORTED = 3,    /**< Type Not Supported */
	SMGW_PT_ERROR_INVALID_MESSAGE = 4,       /**< Invalid Message (not allowed now) */
	SMGW_PT_ERROR_SASL_MECHANISM = 5,        /**< SASL Mechanism Error */
	SMGW_PT_ERROR_INVALID_PARAMETER = 6      /**< Invalid Parameter */
};

/** SASL Result codes. */
enum smgw_pt_sasl_result {
	SMGW_PT_SASL_SUCCESS = 0,           /**< success */
	SMGW_PT_SASL_FAILURE = 1,           /**< failure */
	SMGW_PT_SASL_ABORT = 2,             /**< abort */
	SMGW_PT_SASL_MECHANISM_FAILURE = 3  /**< mechanism failure */
};

/** Role of an engine. */
enum smgw_pt_role {
	SMGW_PT_ROLE_CLIENT = 0, /**< NEA client, TLS client (the SMGW) */
	SMGW_PT_ROLE_SERVER = 1  /**< NEA server, TLS server (the GWA) */
};

/* ------------------------------------------------------------------ */
/* Codec                                                                */
/* ------------------------------------------------------------------ */

/** A PT-TLS message header. */
struct smgw_pt_hdr {
	uint32_t vendor;   /**< Message Type Vendor ID */
	uint32_t type;     /**< Message Type */
	uint32_t length;   /**< Message Length (header included) */
	uint32_t msg_id;   /**< Message Identifier */
	uint8_t reserved;  /**< the reserved byte as received */
	uint8_t pad[3];    /**< 0 */
};

/**
 * Parses a message header (the first 16 bytes of @p data).
 * @param data at least 16 bytes
 * @param len their number
 * @param max_len largest acceptable Message Length (0: SMGW_PT_DEFAULT_MAX_MESSAGE)
 * @param[out] ret the header, written only on success
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TRUNCATED (fewer than 16 bytes),
 *         SMGW_E_TNC_PT_MALFORMED (length below 16), SMGW_E_LIMIT (above @p max_len)
 */
SMGW_EXPORT int smgw_pt_hdr_parse(const void *data, size_t len, uint32_t max_len,
				  struct smgw_pt_hdr *ret, struct smgw_diag *diag);

/**
 * Writes a complete PT-TLS message with an opaque value.
 * @param w the writer
 * @param vendor the vendor PEN
 * @param type the message type
 * @param msg_id the Message Identifier
 * @param value the value
 * @param len its length
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE (longer than 2^32-1)
 */
SMGW_EXPORT int smgw_pt_encode_msg(struct smgw_writer *w, uint32_t vendor, uint32_t type,
				   uint32_t msg_id, const void *value, size_t len);

/** Version Request value. */
struct smgw_pt_version_request {
	uint8_t min_version;   /**< Min Vers */
	uint8_t max_version;   /**< Max Vers */
	uint8_t pref_version;  /**< Pref Vers */
	uint8_t reserved;      /**< 0 */
};

/**
 * Writes a Version Request.
 * @param w the writer
 * @param msg_id the Message Identifier
 * @param v the versions
 * @return 0, SMGW_E_INVAL (min above max, pref outside)
 */
SMGW_EXPORT int smgw_pt_encode_version_request(struct smgw_writer *w, uint32_t msg_id,
					       const struct smgw_pt_version_request *v);

/**
 * Decodes a Version Request value (exactly 4 bytes, min <= pref <= max).
 * @param value the value after the header
 * @param len its length
 * @param[out] ret the versions
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PT_INVALID_PARAM
 */
SMGW_EXPORT int smgw_pt_decode_version_request(const void *value, size_t len,
					       struct smgw_pt_version_request *ret,
					       struct smgw_diag *diag);

/**
 * Writes a Version Response.
 * @param w the writer
 * @param msg_id the Message Identifier
 * @param version the selected version
 * @return 0, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pt_encode_version_response(struct smgw_writer *w, uint32_t msg_id,
						uint8_t version);

/**
 * Decodes a Version Response value (exactly 4 bytes).
 * @param value the value
 * @param len its length
 * @param[out] ret_version the selected version
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PT_INVALID_PARAM
 */
SMGW_EXPORT int smgw_pt_decode_version_response(const void *value, size_t len,
						uint8_t *ret_version, struct smgw_diag *diag);

/**
 * Writes SASL Mechanisms (an empty list ends the SASL phase).
 * @param w the writer
 * @param msg_id the Message Identifier
 * @param names mechanism names (1-20 characters of A-Z, 0-9, '-', '_')
 * @param n how many (0 for the empty list)
 * @return 0, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pt_encode_sasl_mechanisms(struct smgw_writer *w, uint32_t msg_id,
					       const char *const *names, size_t n);

/**
 * Iterates over the names of a SASL Mechanisms value.
 * @param value the value
 * @param len its length
 * @param pos cursor, 0 before the first call
 * @param[out] ret_name the next name (not NUL-terminated)
 * @param[out] ret_len its length
 * @return 1, 0 (no more), SMGW_E_INVAL, SMGW_E_TNC_PT_INVALID_PARAM (bad length or characters)
 */
SMGW_EXPORT int smgw_pt_sasl_mechanisms_next(const void *value, size_t len, size_t *pos,
					     const char **ret_name, size_t *ret_len);

/**
 * Writes a SASL Mechanism Selection.
 * @param w the writer
 * @param msg_id the Message Identifier
 * @param name the selected mechanism
 * @param data optional initial SASL data (NULL with @p data_len 0 for none)
 * @param data_len its length
 * @return 0, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pt_encode_sasl_selection(struct smgw_writer *w, uint32_t msg_id,
					      const char *name, const void *data, size_t data_len);

/**
 * Decodes a SASL Mechanism Selection value.
 * @param value the value
 * @param len its length
 * @param[out] ret_name the mechanism name
 * @param[out] ret_name_len its length
 * @param[out] ret_data the initial data (may be empty)
 * @param[out] ret_data_len its length
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PT_INVALID_PARAM
 */
SMGW_EXPORT int smgw_pt_decode_sasl_selection(const void *value, size_t len, const char **ret_name,
					      size_t *ret_name_len, const uint8_t **ret_data,
					      size_t *ret_data_len, struct smgw_diag *diag);

/**
 * Writes a SASL Result.
 * @param w the writer
 * @param msg_id the Message Identifier
 * @param code_width width of the Result Code field in bytes (1, 2 or 4; see docs/tnc.md)
 * @param code enum smgw_pt_sasl_result
 * @param data optional result data
 * @param data_len its length
 * @return 0, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pt_encode_sasl_result(struct smgw_writer *w, uint32_t msg_id,
					   unsigned code_width, uint32_t code, const void *data,
					   size_t data_len);

/**
 * Decodes a SASL Result value.
 * @param value the value
 * @param len its length
 * @param code_width width of the Result Code field (1, 2 or 4)
 * @param[out] ret_code the result code (0-3)
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PT_INVALID_PARAM
 */
SMGW_EXPORT int smgw_pt_decode_sasl_result(const void *value, size_t len, unsigned code_width,
					   uint32_t *ret_code, struct smgw_diag *diag);

/**
 * Writes a PT-TLS Error.
 * @param w the writer
 * @param msg_id the Message Identifier
 * @param vendor Error Code Vendor ID (IETF)
 * @param code enum smgw_pt_error_code
 * @param offending the start of the offending message (may be NULL with @p off_len 0)
 * @param off_len how many bytes of it to copy
 * @return 0, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pt_encode_error(struct smgw_writer *w, uint32_t msg_id, uint32_t vendor,
				     uint32_t code, const void *offending, size_t off_len);

/**
 * Decodes a PT-TLS Error value (at least 8 bytes).
 * @param value the value
 * @param len its length
 * @param[out] ret_vendor Error Code Vendor ID
 * @param[out] ret_code Error Code
 * @param[out] ret_copy the copy of the offending message
 * @param[out] ret_copy_len its length
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PT_INVALID_PARAM
 */
SMGW_EXPORT int smgw_pt_decode_error(const void *value, size_t len, uint32_t *ret_vendor,
				     uint32_t *ret_code, const uint8_t **ret_copy,
				     size_t *ret_copy_len, struct smgw_diag *diag);

/* ------------------------------------------------------------------ */
/* Engine                                                               */
/* ------------------------------------------------------------------ */

/**
 * The transport. Both callbacks block. The engine never calls them from
 * another thread than the one that called into it.
 */
struct smgw_pt_io {
	uint32_t struct_size; /**< sizeof(struct smgw_pt_io) */
	uint32_t reserved;    /**< 0 */
	void *userdata;       /**< passed to the callbacks */
	/**
	 * Reads up to @p len bytes.
	 * @param userdata the userdata
	 * @param buf destination
	 * @param len its size (at least 1)
	 * @param[out] ret_n bytes read, at least 1; 0 at the end of the stream
	 * @return 0 or a negative SMGW_E_* code (SMGW_E_IO, SMGW_E_TIMEOUT)
	 */
	int (*read)(void *userdata, void *buf, size_t len, size_t *ret_n);
	/**
	 * Writes all @p len bytes.
	 * @param userdata the userdata
	 * @param buf the bytes
	 * @param len their number
	 * @return 0 or a negative SMGW_E_* code
	 */
	int (*write)(void *userdata, const void *buf, size_t len);
};

/**
 * Server: checks SASL PLAIN credentials (RFC 4616).
 * @param userdata as configured
 * @param authzid authorization identity (may be empty)
 * @param authzid_len its length
 * @param authcid authentication identity
 * @param authcid_len its length
 * @param passwd the password (wiped after the call)
 * @param passwd_len its length
 * @return 0 if accepted, non-zero otherwise
 */
typedef int (*smgw_pt_plain_check_fn)(void *userdata, const char *authzid, size_t authzid_len,
				      const char *authcid, size_t authcid_len, const char *passwd,
				      size_t passwd_len);

/** Server: the client authenticated with a certificate, send the empty mechanism list at once. */
#define SMGW_PT_CLIENT_CERT_AUTH 0x1u
/** Server: offer SASL PLAIN when the client is not certificate-authenticated. Client: accept PLAIN. */
#define SMGW_PT_SASL_PLAIN 0x2u

/** Configuration of an engine. Zero-initialize and set struct_size. */
struct smgw_pt_config {
	uint32_t struct_size;       /**< sizeof(struct smgw_pt_config) */
	uint32_t role;              /**< enum smgw_pt_role */
	uint32_t flags;             /**< SMGW_PT_CLIENT_CERT_AUTH, SMGW_PT_SASL_PLAIN */
	uint32_t max_message_size;  /**< largest PT-TLS message accepted or sent, header included; 0: SMGW_PT_DEFAULT_MAX_MESSAGE; at least 64 */
	uint32_t sasl_result_width; /**< width of the SASL Result code in bytes (1, 2 or 4) sent; 0: 2. A client also reads a shorter 1- or 2-byte code with its own width (strongSwan sends 1) */
	uint32_t reserved;          /**< 0 */
	const char *plain_authzid;  /**< client PLAIN: authorization identity or NULL */
	const char *plain_authcid;  /**< client PLAIN: user name */
	const char *plain_passwd;   /**< client PLAIN: password (not copied; keep it until negotiation ends) */
	smgw_pt_plain_check_fn plain_check; /**< server PLAIN: credential check */
	void *plain_userdata;       /**< passed to @ref plain_check */
};

/** Opaque PT-TLS engine. */
typedef struct smgw_pt smgw_pt;

/**
 * Creates an engine.
 * @param ctx the context (allocator, logging)
 * @param cfg the configuration (copied)
 * @param io the transport (copied)
 * @param[out] ret_pt the engine, written only on success
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_pt_new(smgw_ctx *ctx, const struct smgw_pt_config *cfg,
					     const struct smgw_pt_io *io, smgw_pt **ret_pt);

/**
 * Frees an engine (its receive buffer is wiped).
 * @param pt the engine or NULL
 */
SMGW_EXPORT void smgw_pt_free(smgw_pt *pt);

/**
 * Runs version negotiation and the SASL phase to their end.
 * @param pt the engine
 * @param diag optional diagnostics
 * @return 0, SMGW_E_STATE (already done or failed), SMGW_E_TNC_PT_* (a
 *         protocol error: a PT-TLS Error was sent), SMGW_E_TNC_PT_PEER_ERROR,
 *         SMGW_E_TNC_PT_AUTH, SMGW_E_TNC_PT_CLOSED, SMGW_E_LIMIT, an I/O error
 */
SMGW_EXPORT int smgw_pt_negotiate(smgw_pt *pt, struct smgw_diag *diag);

/**
 * Sends one PB-TNC batch (negotiation must be complete).
 * @param pt the engine
 * @param batch the batch
 * @param len its length (at most max_message_size - 16)
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_STATE, SMGW_E_LIMIT, an I/O error
 */
SMGW_EXPORT int smgw_pt_send_batch(smgw_pt *pt, const void *batch, size_t len,
				   struct smgw_diag *diag);

/**
 * Receives the next PB-TNC batch. Experimental messages and messages of
 * other vendors are skipped.
 * @param pt the engine
 * @param[out] ret_batch the batch, valid until the next call on @p pt
 * @param[out] ret_len its length
 * @param diag optional diagnostics
 * @return 0, SMGW_E_STATE, SMGW_E_TNC_PT_CLOSED (clean end of stream before
 *         a message), SMGW_E_TNC_PT_PEER_ERROR, SMGW_E_TNC_PT_* (a PT-TLS
 *         Error was sent), SMGW_E_LIMIT (oversized; an error was sent), an I/O error
 */
SMGW_EXPORT int smgw_pt_recv_batch(smgw_pt *pt, const uint8_t **ret_batch, size_t *ret_len,
				   struct smgw_diag *diag);

/**
 * Sends a PT-TLS Error and marks the engine failed.
 * @param pt the engine
 * @param code enum smgw_pt_error_code
 * @param offending the start of the offending message, or NULL
 * @param len its length (at most the first 1024 bytes are copied)
 * @return 0, SMGW_E_INVAL, SMGW_E_STATE (an error was already sent), an I/O error
 */
SMGW_EXPORT int smgw_pt_send_error(smgw_pt *pt, uint32_t code, const void *offending, size_t len);

/**
 * The PT-TLS Error received from the peer.
 * @param pt the engine
 * @param[out] ret_vendor its Error Code Vendor ID
 * @param[out] ret_code its Error Code
 * @return 0, SMGW_E_NOTFOUND (none received), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pt_peer_error(const smgw_pt *pt, uint32_t *ret_vendor, uint32_t *ret_code);

/**
 * Tells whether negotiation (version and SASL) is complete.
 * @param pt the engine
 * @return 1 or 0
 */
SMGW_EXPORT int smgw_pt_ready(const smgw_pt *pt);

/**
 * The negotiated version.
 * @param pt the engine
 * @return 1 after negotiation, 0 before
 */
SMGW_EXPORT int smgw_pt_version(const smgw_pt *pt);

/**
 * The SASL authentication identity accepted by the server (PLAIN), or
 * NULL when no SASL took place.
 * @param pt the engine
 * @return a NUL-terminated string owned by the engine, or NULL
 */
SMGW_EXPORT const char *smgw_pt_sasl_identity(const smgw_pt *pt);

SMGW_END_DECLS

#endif /* SMGW_TNC_PT_H */
