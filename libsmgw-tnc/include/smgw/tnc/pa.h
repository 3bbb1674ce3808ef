/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file pa.h
 * @brief PA-TNC (RFC 5792, IF-M 1.0): message and attribute codecs, the
 *        IETF attributes 0-12, the SWIMA attributes 13-17 (RFC 8412),
 *        PA-TNC Error generation and a registry for vendor attributes.
 *
 * A PA-TNC message is an 8-byte header (version 1, 3 reserved bytes, a
 * 32-bit message identifier) followed by attributes, each a 12-byte header
 * (flags with NOSKIP 0x80, 24-bit vendor PEN, 32-bit type, 32-bit length
 * including the header) and a value. All integers are big-endian.
 *
 * Decoding never allocates. smgw_pa_msg_check() checks a received message
 * attribute after attribute against a registry: an unknown attribute with
 * NOSKIP rejects the whole message (Attribute Type Not Supported), a
 * malformed value of a known attribute gives Invalid Parameter with the byte
 * offset inside the message, unknown attributes without NOSKIP are skipped.
 * smgw_pa_msg_parse() (framing only) and smgw_pa_msg_validate() (the
 * registry) are the same in two steps. All fill a struct
 * smgw_pa_error that smgw_pa_encode_error_msg() turns into the answer (a new
 * PA-TNC message carrying one PA-TNC Error attribute). Never answer a
 * message that carries PA-TNC Error attributes with another error
 * (smgw_pa_msg_has_error()).
 *
 * Encoding writes into a struct smgw_writer (smgw/bytes.h), so the
 * size-query protocol of the suite applies: a writer over a too small
 * buffer keeps counting and smgw_writer_finish() reports SMGW_E_BUFSIZE with
 * the size needed. Argument errors (a name longer than its length field,
 * reserved vendor or type values) are returned by the encoder and also
 * recorded in the writer.
 *
 * Pointers in decoded structures point into the input and stay valid as
 * long as it does.
 */
#ifndef SMGW_TNC_PA_H
#define SMGW_TNC_PA_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/bytes.h>
#include <smgw/ctx.h>

SMGW_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* Vendor IDs and constants shared by PA-TNC, PB-TNC and PT-TLS          */
/* ------------------------------------------------------------------ */

/** SMI Private Enterprise Number of the IETF (standard types). */
#define SMGW_TNC_VENDOR_IETF 0x000000u
/** PEN of the Trusted Computing Group. */
#define SMGW_TNC_VENDOR_TCG 0x005597u
/** PEN of ITA-HSR (strongSwan's vendor space). */
#define SMGW_TNC_VENDOR_ITA 0x00902Au
/** Reserved PEN, never valid on the wire. */
#define SMGW_TNC_VENDOR_RESERVED 0xFFFFFFu
/** Reserved value of every 32-bit type space, never valid on the wire. */
#define SMGW_TNC_TYPE_RESERVED 0xFFFFFFFFu

/** The only PA-TNC version (RFC 5792). */
#define SMGW_PA_VERSION 1u
/** Length of the PA-TNC message header. */
#define SMGW_PA_MSG_HEADER_LEN 8u
/** Length of a PA-TNC attribute header. */
#define SMGW_PA_ATTR_HEADER_LEN 12u
/** Attribute flag NOSKIP: the receiver must understand it or reject the message. */
#define SMGW_PA_ATTR_NOSKIP 0x80u

/** IETF PA-TNC attribute types (vendor SMGW_TNC_VENDOR_IETF). */
enum smgw_pa_attr_type {
	SMGW_PA_ATTR_TESTING = 0,                  /**< Testing (opaque) */
	SMGW_PA_ATTR_ATTRIBUTE_REQUEST = 1,        /**< Attribute Request */
	SMGW_PA_ATTR_PRODUCT_INFORMATION = 2,      /**< Product Information */
	SMGW_PA_ATTR_NUMERIC_VERSION = 3,          /**< Numeric Version */
	SMGW_PA_ATTR_STRING_VERSION = 4,           /**< String Version */
	SMGW_PA_ATTR_OPERATIONAL_STATUS = 5,       /**< Operational Status */
	SMGW_PA_ATTR_PORT_FILTER = 6,              /**< Port Filter */
	SMGW_PA_ATTR_INSTALLED_PACKAGES = 7,       /**< Installed Packages */
	SMGW_PA_ATTR_PA_TNC_ERROR = 8,             /**< PA-TNC Error */
	SMGW_PA_ATTR_ASSESSMENT_RESULT = 9,        /**< Assessment Result */
	SMGW_PA_ATTR_REMEDIATION_INSTRUCTIONS = 10, /**< Remediation Instructions */
	SMGW_PA_ATTR_FORWARDING_ENABLED = 11,      /**< Forwarding Enabled */
	SMGW_PA_ATTR_FACTORY_DEFAULT_PWD_ENABLED = 12, /**< Factory Default Password Enabled */
	SMGW_PA_ATTR_SWIMA_REQUEST = 13,           /**< SWIMA Request (RFC 8412) */
	SMGW_PA_ATTR_SW_ID_INVENTORY = 14,         /**< Software Identifier Inventory */
	SMGW_PA_ATTR_SW_ID_EVENTS = 15,            /**< Software Identifier Events */
	SMGW_PA_ATTR_SW_INVENTORY = 16,            /**< Software Inventory */
	SMGW_PA_ATTR_SW_EVENTS = 17,               /**< Software Events */
	SMGW_PA_ATTR_SUBSCRIPTION_STATUS_REQ = 18, /**< Subscription Status Request (not decoded) */
	SMGW_PA_ATTR_SUBSCRIPTION_STATUS_RESP = 19, /**< Subscription Status Response (not decoded) */
	SMGW_PA_ATTR_SOURCE_METADATA_REQ = 20,     /**< Source Metadata Request (not decoded) */
	SMGW_PA_ATTR_SOURCE_METADATA_RESP = 21     /**< Source Metadata Response (not decoded) */
};

/** IETF PA-TNC error codes (PA-TNC Error attribute, vendor IETF). */
enum smgw_pa_error_code {
	SMGW_PA_ERROR_RESERVED = 0,                /**< reserved */
	SMGW_PA_ERROR_INVALID_PARAMETER = 1,       /**< Invalid Parameter (information: offset) */
	SMGW_PA_ERROR_VERSION_NOT_SUPPORTED = 2,   /**< Version Not Supported (max/min version) */
	SMGW_PA_ERROR_ATTR_TYPE_NOT_SUPPORTED = 3, /**< Attribute Type Not Supported (attribute flags/vendor/type) */
	SMGW_PA_ERROR_SWIMA = 4,                   /**< SWIMA Error */
	SMGW_PA_ERROR_SWIMA_SUBSCRIPTION_DENIED = 5, /**< SWIMA Subscription Denied */
	SMGW_PA_ERROR_SWIMA_RESPONSE_TOO_LARGE = 6, /**< SWIMA Response Too Large */
	SMGW_PA_ERROR_SWIMA_SUBSCRIPTION_FULFILLMENT = 7, /**< SWIMA Subscription Fulfillment Error */
	SMGW_PA_ERROR_SWIMA_SUBSCRIPTION_ID_REUSE = 8 /**< SWIMA Subscription ID Reuse */
};

/** IETF PA subtypes (PB-PA "PA Subtype" with vendor IETF, RFC 5792 section 7.2). */
enum smgw_pa_subtype {
	SMGW_PA_SUBTYPE_TESTING = 0,          /**< Testing */
	SMGW_PA_SUBTYPE_OPERATING_SYSTEM = 1, /**< Operating System */
	SMGW_PA_SUBTYPE_ANTI_VIRUS = 2,       /**< Anti-Virus */
	SMGW_PA_SUBTYPE_ANTI_SPYWARE = 3,     /**< Anti-Spyware */
	SMGW_PA_SUBTYPE_ANTI_MALWARE = 4,     /**< Anti-Malware */
	SMGW_PA_SUBTYPE_FIREWALL = 5,         /**< Firewall */
	SMGW_PA_SUBTYPE_IDPS = 6,             /**< Intrusion Detection/Prevention */
	SMGW_PA_SUBTYPE_VPN = 7,              /**< VPN */
	SMGW_PA_SUBTYPE_NEA_CLIENT = 8,       /**< NEA Client */
	SMGW_PA_SUBTYPE_SOFTWARE = 9          /**< Software (SWIMA) */
};

/** Assessment Result values (PA attribute 9, PB-Assessment-Result). */
enum smgw_pa_assessment {
	SMGW_PA_ASSESSMENT_COMPLIANT = 0,     /**< compliant */
	SMGW_PA_ASSESSMENT_NC_MINOR = 1,      /**< not compliant, minor */
	SMGW_PA_ASSESSMENT_NC_MAJOR = 2,      /**< not compliant, major */
	SMGW_PA_ASSESSMENT_ERROR = 3,         /**< error */
	SMGW_PA_ASSESSMENT_DONT_KNOW = 4      /**< don't know */
};

/** Operational Status "Status" values. */
enum smgw_pa_op_status_code {
	SMGW_PA_OP_STATUS_UNKNOWN = 0,         /**< unknown or other */
	SMGW_PA_OP_STATUS_NOT_INSTALLED = 1,   /**< not installed */
	SMGW_PA_OP_STATUS_NOT_OPERATIONAL = 2, /**< installed but not operational */
	SMGW_PA_OP_STATUS_OPERATIONAL = 3      /**< operational */
};

/** Operational Status "Result" values. */
enum smgw_pa_op_result_code {
	SMGW_PA_OP_RESULT_UNKNOWN = 0,      /**< unknown or other */
	SMGW_PA_OP_RESULT_SUCCESS = 1,      /**< successful use */
	SMGW_PA_OP_RESULT_ERRORS = 2,       /**< use with errors */
	SMGW_PA_OP_RESULT_FAILURE = 3       /**< unsuccessful use */
};

/** Forwarding Enabled values. */
enum smgw_pa_forwarding {
	SMGW_PA_FORWARDING_DISABLED = 0, /**< disabled */
	SMGW_PA_FORWARDING_ENABLED = 1,  /**< enabled */
	SMGW_PA_FORWARDING_UNKNOWN = 2   /**< unknown */
};

/** IETF remediation parameter types (PA attribute 10, PB-Remediation-Parameters). */
enum smgw_tnc_remediation_type {
	SMGW_TNC_REMEDIATION_URI = 1,    /**< a URI (bytes) */
	SMGW_TNC_REMEDIATION_STRING = 2  /**< a string: Len(4) UTF-8, LangLen(1) language tag */
};

/** SWIMA Request flag C: clear subscriptions. */
#define SMGW_PA_SWIMA_FLAG_CLEAR 0x80u
/** SWIMA Request flag S: subscribe. */
#define SMGW_PA_SWIMA_FLAG_SUBSCRIBE 0x40u
/** SWIMA Request flag R: result type (only identifiers). */
#define SMGW_PA_SWIMA_FLAG_RESULT 0x20u

/** SWIMA event actions. */
enum smgw_pa_swima_action {
	SMGW_PA_SWIMA_ACTION_CREATION = 1,   /**< record created */
	SMGW_PA_SWIMA_ACTION_DELETION = 2,   /**< record deleted */
	SMGW_PA_SWIMA_ACTION_ALTERATION = 3  /**< record altered */
};

/* ------------------------------------------------------------------ */
/* Messages and attributes                                              */
/* ------------------------------------------------------------------ */

/** A parsed PA-TNC message (framing checked). */
struct smgw_pa_msg {
	const uint8_t *data;  /**< the whole message */
	size_t len;           /**< its length */
	uint32_t msg_id;      /**< Message Identifier */
	uint32_t attr_count;  /**< number of attributes */
	uint8_t version;      /**< Version (always 1 after a successful parse) */
	uint8_t reserved[7];  /**< 0 */
};

/** One attribute of a PA-TNC message. */
struct smgw_pa_attr {
	const uint8_t *value; /**< the value (after the 12-byte header) */
	size_t value_len;     /**< its length */
	uint32_t vendor;      /**< Attribute Vendor ID (24 bits) */
	uint32_t type;        /**< Attribute Type */
	uint32_t offset;      /**< offset of the attribute header inside the message */
	uint8_t flags;        /**< flags (SMGW_PA_ATTR_NOSKIP) */
	uint8_t reserved[3];  /**< 0 */
};

/**
 * The content of a PA-TNC Error attribute: what smgw_pa_msg_parse(),
 * smgw_pa_msg_validate() and smgw_pa_msg_check() report and
 * smgw_pa_encode_error() writes, and what smgw_pa_decode_error() reads.
 *
 * When the offending attribute is itself a malformed PA-TNC Error, the
 * checks report vendor IETF with code SMGW_PA_ERROR_RESERVED: do not answer
 * (an error is never answered with an error; smgw_pa_encode_error() refuses
 * this code).
 */
struct smgw_pa_error {
	uint32_t vendor;        /**< Error Vendor ID (IETF for the standard codes) */
	uint32_t code;          /**< Error Code (enum smgw_pa_error_code for IETF) */
	uint8_t msg_header[8];  /**< first 8 bytes of the offending message (zero-padded if shorter) */
	uint32_t offset;        /**< INVALID_PARAMETER: byte offset inside the offending message */
	uint8_t max_version;    /**< VERSION_NOT_SUPPORTED: highest supported version */
	uint8_t min_version;    /**< VERSION_NOT_SUPPORTED: lowest supported version */
	uint8_t attr_flags;     /**< ATTR_TYPE_NOT_SUPPORTED: flags of the attribute */
	uint8_t reserved;       /**< 0 */
	uint32_t attr_vendor;   /**< ATTR_TYPE_NOT_SUPPORTED: vendor of the attribute */
	uint32_t attr_type;     /**< ATTR_TYPE_NOT_SUPPORTED: type of the attribute */
	const uint8_t *info;    /**< decode: the whole Error Information; encode: used for non-IETF and SWIMA codes */
	size_t info_len;        /**< length of @ref info */
};

/**
 * Parses a PA-TNC message and checks its framing: the version, every
 * attribute header (length at least 12, inside the message, vendor not
 * 0xFFFFFF, type not 0xFFFFFFFF) and that the attributes fill the message
 * exactly. Attribute values are not looked at (see smgw_pa_msg_validate()).
 *
 * @param data the message
 * @param len its length
 * @param[out] ret_msg the message, written only on success
 * @param[out] ret_error on SMGW_E_TNC_PA_VERSION and SMGW_E_TNC_PA_INVALID:
 *             the PA-TNC Error to answer with; may be NULL
 * @param diag optional diagnostics (offset = byte offset in the message)
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_VERSION, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_msg_parse(const void *data, size_t len, struct smgw_pa_msg *ret_msg,
				  struct smgw_pa_error *ret_error, struct smgw_diag *diag);

/**
 * Iterates over the attributes of a parsed message.
 *
 * @param msg a message from smgw_pa_msg_parse()
 * @param pos iteration cursor, set to 0 before the first call
 * @param[out] ret_attr the next attribute
 * @return 1 (an attribute), 0 (no more), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pa_attr_next(const struct smgw_pa_msg *msg, size_t *pos,
				  struct smgw_pa_attr *ret_attr);

/** Opaque registry of the attribute types a receiver supports. */
typedef struct smgw_pa_registry smgw_pa_registry;

/**
 * Validates the value of a registered attribute.
 *
 * @param userdata as given to smgw_pa_registry_add()
 * @param attr the attribute
 * @param[out] ret_offset on failure: offset of the bad field inside the value
 * @return 0 if the value is well formed, a negative code otherwise
 */
typedef int (*smgw_pa_validate_fn)(void *userdata, const struct smgw_pa_attr *attr,
				   uint32_t *ret_offset);

/** smgw_pa_registry_new() flag: start empty, without the IETF attributes. */
#define SMGW_PA_REGISTRY_EMPTY 0x1u

/**
 * Creates a registry. Unless SMGW_PA_REGISTRY_EMPTY is given it holds the
 * IETF attributes 0-17 with their built-in validators.
 *
 * @param ctx the context (allocator)
 * @param flags 0 or SMGW_PA_REGISTRY_EMPTY
 * @param[out] ret_reg the registry, written only on success
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_pa_registry_new(smgw_ctx *ctx, uint32_t flags,
						      smgw_pa_registry **ret_reg);

/**
 * Frees a registry.
 * @param reg the registry or NULL
 */
SMGW_EXPORT void smgw_pa_registry_free(smgw_pa_registry *reg);

/**
 * Registers an attribute type as supported.
 *
 * For vendor IETF and types 0-17 with @p fn NULL the built-in validator is
 * used; for other types @p fn NULL means "any value is accepted".
 *
 * @param reg the registry
 * @param vendor the vendor PEN (not 0xFFFFFF)
 * @param type the attribute type (not 0xFFFFFFFF)
 * @param name a display name (copied), or NULL
 * @param fn value validator, or NULL
 * @param userdata passed to @p fn
 * @return 0, SMGW_E_INVAL, SMGW_E_EXISTS, SMGW_E_NOMEM
 */
SMGW_EXPORT int smgw_pa_registry_add(smgw_pa_registry *reg, uint32_t vendor, uint32_t type,
				     const char *name, smgw_pa_validate_fn fn, void *userdata);

/**
 * Removes an attribute type.
 * @param reg the registry
 * @param vendor the vendor PEN
 * @param type the attribute type
 * @return 0, SMGW_E_INVAL, SMGW_E_NOTFOUND
 */
SMGW_EXPORT int smgw_pa_registry_remove(smgw_pa_registry *reg, uint32_t vendor, uint32_t type);

/**
 * Looks an attribute type up.
 * @param reg the registry
 * @param vendor the vendor PEN
 * @param type the attribute type
 * @param[out] ret_name its display name (owned by the registry, may be
 *             NULL), written only on success; this parameter may be NULL
 * @return 0 (supported), SMGW_E_NOTFOUND, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pa_registry_lookup(const smgw_pa_registry *reg, uint32_t vendor,
					uint32_t type, const char **ret_name);

/**
 * Checks every attribute of a parsed message against a registry, in
 * order; the first failure is reported:
 *
 * - an attribute the registry does not hold, with NOSKIP: the message is
 *   rejected as a whole with Attribute Type Not Supported;
 * - an attribute it does not hold, without NOSKIP: skipped;
 * - a held attribute whose value is malformed: Invalid Parameter with the
 *   offset of the bad field inside the message.
 *
 * Nothing of a message may be used unless this returns 0.
 *
 * @param msg a message from smgw_pa_msg_parse()
 * @param reg the registry, or NULL for the IETF attributes 0-17
 * @param[out] ret_error the PA-TNC Error to answer with, written on
 *             SMGW_E_TNC_PA_UNSUPPORTED and SMGW_E_TNC_PA_INVALID; may be NULL
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_UNSUPPORTED, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_msg_validate(const struct smgw_pa_msg *msg, const smgw_pa_registry *reg,
				     struct smgw_pa_error *ret_error, struct smgw_diag *diag);

/**
 * Parses and checks a PA-TNC message in one pass, attribute after
 * attribute, in the order of the reference implementation (strongSwan):
 * the framing of an attribute, then its support (an unsupported NOSKIP
 * attribute rejects the message; unsupported ones without NOSKIP are
 * skipped), then its value. The first failure is reported. This is what
 * a receiver (IMC or IMV) calls; it equals smgw_pa_msg_parse() followed by
 * smgw_pa_msg_validate() except that a framing error after an unsupported
 * NOSKIP attribute is not reached.
 *
 * @param data the message
 * @param len its length
 * @param reg the registry, or NULL for the IETF attributes 0-17
 * @param[out] ret_msg the message, written only on success
 * @param[out] ret_error the PA-TNC Error to answer with, on failure; may be NULL
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_VERSION, SMGW_E_TNC_PA_INVALID,
 *         SMGW_E_TNC_PA_UNSUPPORTED
 */
SMGW_EXPORT int smgw_pa_msg_check(const void *data, size_t len, const smgw_pa_registry *reg,
				  struct smgw_pa_msg *ret_msg, struct smgw_pa_error *ret_error,
				  struct smgw_diag *diag);

/**
 * Tells whether a message carries an IETF PA-TNC Error attribute (such a
 * message is never answered with another error).
 * @param msg a parsed message
 * @return 1 or 0
 */
SMGW_EXPORT int smgw_pa_msg_has_error(const struct smgw_pa_msg *msg);

/**
 * The name of an IETF attribute type.
 * @param vendor the vendor PEN
 * @param type the attribute type
 * @return a static string, "unknown" for other vendors and types
 */
SMGW_EXPORT const char *smgw_pa_attr_name(uint32_t vendor, uint32_t type);

/* ------------------------------------------------------------------ */
/* Encoding                                                             */
/* ------------------------------------------------------------------ */

/**
 * Writes a PA-TNC message header (version 1).
 * @param w the writer
 * @param msg_id the Message Identifier
 */
SMGW_EXPORT void smgw_pa_msg_begin(struct smgw_writer *w, uint32_t msg_id);

/**
 * Starts an attribute: writes its header with a length to be patched by
 * smgw_pa_attr_end().
 * @param w the writer
 * @param flags SMGW_PA_ATTR_NOSKIP or 0
 * @param vendor the vendor PEN (not 0xFFFFFF)
 * @param type the type (not 0xFFFFFFFF)
 * @return the mark to pass to smgw_pa_attr_end()
 */
SMGW_EXPORT size_t smgw_pa_attr_begin(struct smgw_writer *w, uint8_t flags, uint32_t vendor,
				      uint32_t type);

/**
 * Ends an attribute: patches its length.
 * @param w the writer
 * @param mark the value smgw_pa_attr_begin() returned
 * @return 0, SMGW_E_INVAL (bad mark or reserved vendor/type), SMGW_E_RANGE (longer than 2^32-1)
 */
SMGW_EXPORT int smgw_pa_attr_end(struct smgw_writer *w, size_t mark);

/**
 * Writes a whole attribute with an opaque value (Testing, vendor attributes).
 * @param w the writer
 * @param flags SMGW_PA_ATTR_NOSKIP or 0
 * @param vendor the vendor PEN
 * @param type the type
 * @param value the value
 * @param len its length
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pa_encode_attr(struct smgw_writer *w, uint8_t flags, uint32_t vendor,
				    uint32_t type, const void *value, size_t len);

/** One entry of an Attribute Request. */
struct smgw_pa_attr_ref {
	uint32_t vendor; /**< vendor PEN */
	uint32_t type;   /**< attribute type */
};

/**
 * Writes an Attribute Request (type 1).
 * @param w the writer
 * @param flags attribute flags
 * @param refs the requested attributes
 * @param n how many (at least 1)
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pa_encode_attr_request(struct smgw_writer *w, uint8_t flags,
					    const struct smgw_pa_attr_ref *refs, size_t n);

/** Product Information (type 2). */
struct smgw_pa_product_info {
	uint32_t vendor;       /**< Product Vendor ID (PEN, 24 bits) */
	uint16_t product_id;   /**< Product ID */
	uint16_t reserved;     /**< 0 */
	const char *name;      /**< Product Name, UTF-8, not NUL-terminated on decode */
	size_t name_len;       /**< its length */
};

/** Numeric Version (type 3). */
struct smgw_pa_numeric_version {
	uint32_t major;     /**< Major Version Number */
	uint32_t minor;     /**< Minor Version Number */
	uint32_t build;     /**< Build Number */
	uint16_t sp_major;  /**< Service Pack Major */
	uint16_t sp_minor;  /**< Service Pack Minor */
};

/** String Version (type 4): three length-prefixed strings (at most 255 bytes each). */
struct smgw_pa_string_version {
	const char *version;  /**< Product Version Number */
	size_t version_len;   /**< its length */
	const char *build;    /**< Internal Build Number */
	size_t build_len;     /**< its length */
	const char *config;   /**< Configuration Version Number */
	size_t config_len;    /**< its length */
};

/** Operational Status (type 5). */
struct smgw_pa_op_status {
	uint8_t status;        /**< enum smgw_pa_op_status_code */
	uint8_t result;        /**< enum smgw_pa_op_result_code */
	uint8_t reserved[2];   /**< 0 */
	char last_use[21];     /**< "YYYY-MM-DDTHH:MM:SSZ" (UTC) or "0000-00-00T00:00:00Z", NUL-terminated */
	uint8_t reserved2[3];  /**< 0 */
};

/** One Port Filter entry (type 6). */
struct smgw_pa_port_filter_entry {
	uint8_t blocked;   /**< 1 if the port is blocked, 0 if allowed */
	uint8_t protocol;  /**< IP protocol number */
	uint16_t port;     /**< port number */
};

/** One Installed Packages entry (type 7). */
struct smgw_pa_package {
	const char *name;     /**< Package Name */
	size_t name_len;      /**< its length (at most 255) */
	const char *version;  /**< Package Version Number */
	size_t version_len;   /**< its length (at most 255) */
};

/** Remediation parameters (PA type 10 and PB-Remediation-Parameters). */
struct smgw_tnc_remediation {
	uint32_t vendor;       /**< Remediation Parameters Vendor ID */
	uint32_t type;         /**< Remediation Parameters Type (enum smgw_tnc_remediation_type for IETF) */
	const uint8_t *data;   /**< the parameters as on the wire (any vendor/type) */
	size_t data_len;       /**< their length */
	const char *uri;       /**< IETF URI: the URI (decode) */
	size_t uri_len;        /**< its length */
	const char *string;    /**< IETF String: the UTF-8 string */
	size_t string_len;     /**< its length */
	const char *lang;      /**< IETF String: the language tag */
	size_t lang_len;       /**< its length (at most 255) */
};

/**
 * Writes Product Information (type 2).
 * @param w the writer
 * @param flags attribute flags
 * @param v the value
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pa_encode_product_info(struct smgw_writer *w, uint8_t flags,
					    const struct smgw_pa_product_info *v);

/**
 * Writes Numeric Version (type 3).
 * @param w the writer
 * @param flags attribute flags
 * @param v the value
 * @return 0, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pa_encode_numeric_version(struct smgw_writer *w, uint8_t flags,
					       const struct smgw_pa_numeric_version *v);

/**
 * Writes String Version (type 4).
 * @param w the writer
 * @param flags attribute flags
 * @param v the value (each string at most 255 bytes)
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pa_encode_string_version(struct smgw_writer *w, uint8_t flags,
					      const struct smgw_pa_string_version *v);

/**
 * Writes Operational Status (type 5).
 * @param w the writer
 * @param flags attribute flags
 * @param v the value (last_use must be 20 characters of the RFC 3339 form)
 * @return 0, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pa_encode_op_status(struct smgw_writer *w, uint8_t flags,
					 const struct smgw_pa_op_status *v);

/**
 * Writes Port Filter (type 6).
 * @param w the writer
 * @param flags attribute flags
 * @param e the entries
 * @param n how many (at least 1)
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pa_encode_port_filter(struct smgw_writer *w, uint8_t flags,
					   const struct smgw_pa_port_filter_entry *e, size_t n);

/**
 * Writes Installed Packages (type 7).
 * @param w the writer
 * @param flags attribute flags
 * @param p the packages
 * @param n how many (at most 65535)
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pa_encode_installed_packages(struct smgw_writer *w, uint8_t flags,
						  const struct smgw_pa_package *p, size_t n);

/**
 * Writes a PA-TNC Error attribute (type 8, never with NOSKIP). For the
 * IETF codes 1-3 the information is built from the fields of @p e; for
 * other codes and vendors @p e->info is written after the message header copy.
 * @param w the writer
 * @param e the error
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pa_encode_error(struct smgw_writer *w, const struct smgw_pa_error *e);

/**
 * Writes a complete PA-TNC message that answers an offending message: a
 * header with @p msg_id and one PA-TNC Error attribute.
 * @param w the writer
 * @param msg_id Message Identifier of the new message
 * @param e the error (from smgw_pa_msg_parse() or smgw_pa_msg_validate())
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pa_encode_error_msg(struct smgw_writer *w, uint32_t msg_id,
					 const struct smgw_pa_error *e);

/**
 * Writes Assessment Result (type 9).
 * @param w the writer
 * @param flags attribute flags
 * @param result enum smgw_pa_assessment
 * @return 0, SMGW_E_INVAL (result above 4)
 */
SMGW_EXPORT int smgw_pa_encode_assessment_result(struct smgw_writer *w, uint8_t flags,
						 uint32_t result);

/**
 * Writes Remediation Instructions (type 10). For IETF URI and String the
 * parameters are built from uri / string+lang; otherwise @p r->data is written.
 * @param w the writer
 * @param flags attribute flags
 * @param r the remediation parameters
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pa_encode_remediation(struct smgw_writer *w, uint8_t flags,
					   const struct smgw_tnc_remediation *r);

/**
 * Writes Forwarding Enabled (type 11).
 * @param w the writer
 * @param flags attribute flags
 * @param value enum smgw_pa_forwarding
 * @return 0, SMGW_E_INVAL (value above 2)
 */
SMGW_EXPORT int smgw_pa_encode_forwarding_enabled(struct smgw_writer *w, uint8_t flags,
						  uint32_t value);

/**
 * Writes Factory Default Password Enabled (type 12).
 * @param w the writer
 * @param flags attribute flags
 * @param value 0 (no) or 1 (yes)
 * @return 0, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_pa_encode_factory_default_pwd(struct smgw_writer *w, uint8_t flags,
						   uint32_t value);

/* ------------------------------------------------------------------ */
/* Decoding of attribute values                                         */
/* ------------------------------------------------------------------ */

/*
 * The decoders check the exact layout. On a malformed value they return
 * SMGW_E_TNC_PA_INVALID and set diag->offset to the offset of the bad field
 * inside the attribute value (smgw_pa_msg_validate() converts it into an
 * offset inside the message).
 */

/**
 * Number of entries of an Attribute Request.
 * @param a the attribute (vendor IETF, type 1)
 * @param[out] ret_n the number of entries (value length / 8)
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID (empty, or length not a multiple of 8)
 */
SMGW_EXPORT int smgw_pa_decode_attr_request(const struct smgw_pa_attr *a, size_t *ret_n,
					    struct smgw_diag *diag);

/**
 * One entry of an Attribute Request.
 * @param a the attribute
 * @param i index below the count of smgw_pa_decode_attr_request()
 * @param[out] ret the entry
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE (index)
 */
SMGW_EXPORT int smgw_pa_attr_request_get(const struct smgw_pa_attr *a, size_t i,
					 struct smgw_pa_attr_ref *ret);

/**
 * Decodes Product Information.
 * @param a the attribute
 * @param[out] ret the value
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_decode_product_info(const struct smgw_pa_attr *a,
					    struct smgw_pa_product_info *ret, struct smgw_diag *diag);

/**
 * Decodes Numeric Version (exactly 16 bytes).
 * @param a the attribute
 * @param[out] ret the value
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_decode_numeric_version(const struct smgw_pa_attr *a,
					       struct smgw_pa_numeric_version *ret,
					       struct smgw_diag *diag);

/**
 * Decodes String Version.
 * @param a the attribute
 * @param[out] ret the value
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_decode_string_version(const struct smgw_pa_attr *a,
					      struct smgw_pa_string_version *ret,
					      struct smgw_diag *diag);

/**
 * Decodes Operational Status (exactly 24 bytes, status and result 0-3,
 * Last Use in the RFC 3339 form of 20 characters).
 * @param a the attribute
 * @param[out] ret the value
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_decode_op_status(const struct smgw_pa_attr *a,
					 struct smgw_pa_op_status *ret, struct smgw_diag *diag);

/**
 * Number of entries of a Port Filter.
 * @param a the attribute
 * @param[out] ret_n the number of entries
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID (empty or not a multiple of 4)
 */
SMGW_EXPORT int smgw_pa_decode_port_filter(const struct smgw_pa_attr *a, size_t *ret_n,
					   struct smgw_diag *diag);

/**
 * One entry of a Port Filter.
 * @param a the attribute
 * @param i index
 * @param[out] ret the entry
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pa_port_filter_get(const struct smgw_pa_attr *a, size_t i,
					struct smgw_pa_port_filter_entry *ret);

/**
 * Checks Installed Packages and returns the package count (the entries
 * must fill the value exactly).
 * @param a the attribute
 * @param[out] ret_n the Package Count
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_decode_installed_packages(const struct smgw_pa_attr *a, size_t *ret_n,
						  struct smgw_diag *diag);

/**
 * Iterates over the packages of a checked Installed Packages attribute.
 * @param a the attribute
 * @param pos cursor, 0 before the first call
 * @param[out] ret the next package
 * @return 1, 0 (no more), SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_installed_packages_next(const struct smgw_pa_attr *a, size_t *pos,
						struct smgw_pa_package *ret);

/**
 * Decodes a PA-TNC Error attribute. For IETF codes 1-3 the typed fields
 * are filled and the information must be at least as long as their layout.
 * @param a the attribute
 * @param[out] ret the error (info points to the Error Information)
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_decode_error(const struct smgw_pa_attr *a, struct smgw_pa_error *ret,
				     struct smgw_diag *diag);

/**
 * Decodes a 4-byte enumerated value: Assessment Result (0-4), Forwarding
 * Enabled (0-2) or Factory Default Password Enabled (0-1), by the type of @p a.
 * @param a the attribute (IETF type 9, 11 or 12)
 * @param[out] ret the value
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_decode_u32(const struct smgw_pa_attr *a, uint32_t *ret,
				   struct smgw_diag *diag);

/**
 * Decodes Remediation Instructions.
 * @param a the attribute
 * @param[out] ret the parameters
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_decode_remediation(const struct smgw_pa_attr *a,
					   struct smgw_tnc_remediation *ret, struct smgw_diag *diag);

/* ------------------------------------------------------------------ */
/* SWIMA (RFC 8412), attributes 13-17                                   */
/* ------------------------------------------------------------------ */

/** SWIMA Request (type 13) header. */
struct smgw_pa_swima_request {
	uint8_t flags;         /**< SMGW_PA_SWIMA_FLAG_* */
	uint8_t reserved[3];   /**< 0 */
	uint32_t count;        /**< Software Identifier Count (24 bits) */
	uint32_t request_id;   /**< Request ID */
	uint32_t earliest_eid; /**< Earliest EID (0: inventory, else events since) */
};

/** Header of a SWIMA inventory (14, 16) or event (15, 17) attribute. */
struct smgw_pa_swima_inventory {
	uint8_t flags;              /**< Flags */
	uint8_t reserved[3];        /**< 0 */
	uint32_t count;             /**< record or event count (24 bits) */
	uint32_t request_id;        /**< Request ID Copy / Subscription ID */
	uint32_t eid_epoch;         /**< EID Epoch */
	uint32_t last_eid;          /**< Last EID */
	uint32_t last_consulted_eid; /**< events only: Last Consulted EID */
};

/** One record (14, 16) or event (15, 17) of a SWIMA attribute. */
struct smgw_pa_swima_record {
	uint32_t eid;              /**< events only: EID */
	uint32_t record_id;        /**< Record Identifier */
	uint32_t data_model_pen;   /**< Data Model Type PEN (24 bits) */
	uint8_t data_model_type;   /**< Data Model Type */
	uint8_t source_id;         /**< Source ID Number */
	uint8_t action;            /**< events only: Action (1-3); inventories: 0 */
	uint8_t reserved;          /**< 0 */
	char timestamp[21];        /**< events only: Timestamp, "YYYY-MM-DDTHH:MM:SSZ" (RFC 3339 in UTC, 20 characters, NUL-terminated; checked on decode and encode) */
	uint8_t reserved2[3];      /**< 0 */
	const uint8_t *sw_id;      /**< Software Identifier */
	size_t sw_id_len;          /**< its length (at most 65535) */
	const uint8_t *locator;    /**< Software Locator */
	size_t locator_len;        /**< its length (at most 65535) */
	const uint8_t *record;     /**< 16 and 17 only: Record */
	size_t record_len;         /**< its length */
};

/**
 * Decodes and checks a SWIMA Request (all identifiers must fill the value).
 * @param a the attribute (IETF type 13)
 * @param[out] ret the header
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_decode_swima_request(const struct smgw_pa_attr *a,
					     struct smgw_pa_swima_request *ret,
					     struct smgw_diag *diag);

/**
 * Iterates over the Software Identifiers of a checked SWIMA Request.
 * @param a the attribute
 * @param pos cursor, 0 before the first call
 * @param[out] ret_id the identifier (points into the value)
 * @param[out] ret_len its length
 * @return 1, 0 (no more), SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_swima_request_next(const struct smgw_pa_attr *a, size_t *pos,
					   const uint8_t **ret_id, size_t *ret_len);

/**
 * Decodes and checks a SWIMA inventory or event attribute (14-17): the
 * records must match the count and fill the value; event actions are 1-3.
 * @param a the attribute
 * @param[out] ret the header
 * @param diag optional diagnostics
 * @return 0, SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_decode_swima_inventory(const struct smgw_pa_attr *a,
					       struct smgw_pa_swima_inventory *ret,
					       struct smgw_diag *diag);

/**
 * Iterates over the records or events of a checked attribute 14-17.
 * @param a the attribute
 * @param pos cursor, 0 before the first call
 * @param[out] ret the next record
 * @return 1, 0 (no more), SMGW_E_INVAL, SMGW_E_TNC_PA_INVALID
 */
SMGW_EXPORT int smgw_pa_swima_record_next(const struct smgw_pa_attr *a, size_t *pos,
					  struct smgw_pa_swima_record *ret);

/**
 * Writes a SWIMA Request (type 13).
 * @param w the writer
 * @param flags attribute flags
 * @param req the header (count is taken from @p n)
 * @param ids the Software Identifiers
 * @param id_lens their lengths (each at most 65535)
 * @param n how many (at most 2^24-1)
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pa_encode_swima_request(struct smgw_writer *w, uint8_t flags,
					     const struct smgw_pa_swima_request *req,
					     const uint8_t *const *ids, const size_t *id_lens,
					     size_t n);

/**
 * Writes a SWIMA inventory or event attribute (14-17).
 * @param w the writer
 * @param flags attribute flags
 * @param type SMGW_PA_ATTR_SW_ID_INVENTORY ... SMGW_PA_ATTR_SW_EVENTS
 * @param hdr the header (count is taken from @p n)
 * @param recs the records or events
 * @param n how many (at most 2^24-1)
 * @return 0, SMGW_E_INVAL, SMGW_E_RANGE
 */
SMGW_EXPORT int smgw_pa_encode_swima_inventory(struct smgw_writer *w, uint8_t flags,
					       uint32_t type,
					       const struct smgw_pa_swima_inventory *hdr,
					       const struct smgw_pa_swima_record *recs, size_t n);

SMGW_END_DECLS

#endif /* SMGW_TNC_PA_H */
