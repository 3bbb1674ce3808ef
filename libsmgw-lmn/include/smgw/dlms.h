/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file dlms.h
 * @brief xDLMS and ACSE APDUs, ciphering (security suite 0/1), push-list values.
 *
 * Decoders never allocate: every byte string in a parsed APDU points into
 * the caller's buffer, every length is checked before use, and an APDU is
 * accepted only when it ends exactly where its last field ends. Encoders
 * use the suite's size-query protocol (SMGW_E_BUFSIZE with the size
 * needed in `*ret_len`).
 *
 * A data-notification (tag 0x0f) carries a long-invoke-id-and-priority, an
 * optional date-time and a notification body (one A-XDR Data). Real meters
 * send the date-time in three forms: absent (`00`), `0c` + 12 bytes, or as
 * an octet-string `09 0c` + 12 bytes; all three are accepted.
 */
#ifndef SMGW_DLMS_H
#define SMGW_DLMS_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/value.h>

SMGW_BEGIN_DECLS

/** APDU tag of a data-notification. */
#define SMGW_DLMS_DATA_NOTIFICATION 0x0f

/** A parsed data-notification; pointers into the caller's buffer. */
struct smgw_dlms_notification {
	uint32_t invoke_id;     /**< long-invoke-id-and-priority as sent */
	uint32_t has_time;      /**< 1 if @ref time holds a date-time */
	const uint8_t *time;    /**< the 12-byte COSEM date-time, or NULL */
	const uint8_t *body;    /**< the notification body (A-XDR Data) */
	uint32_t body_len;      /**< its length */
	uint32_t reserved;      /**< 0 */
};

/**
 * Parses a data-notification APDU (after the LLC header).
 * @param apdu the APDU, starting with 0x0f
 * @param len its length
 * @param[out] ret the fields
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0, SMGW_E_TRUNCATED, SMGW_E_ENCODING (not a data-notification,
 *         unknown date-time form), SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_dlms_notification_parse(const uint8_t *apdu, size_t len,
							      struct smgw_dlms_notification *ret,
							      struct smgw_diag *reterr_diag);

/**
 * Callback of smgw_dlms_push_values().
 * @param userdata as given
 * @param value the value (OBIS, integer value, scaler and unit where the push carries them)
 * @return 0 to continue, non-zero to stop (returned by smgw_dlms_push_values())
 */
typedef int (*smgw_dlms_value_fn)(void *userdata, const struct smgw_value *value);

/**
 * Turns the numeric values of a push list into measured values. A value
 * belongs to the OBIS code that precedes it: the first element of its
 * structure (`02 02|03 09 06 <OBIS> <value> [02 02 0f <scaler> 16 <unit>]`)
 * or, in flat lists (Kamstrup), the 6-byte octet-string before it. The
 * scaler-unit structure after a value (COSEM register) sets scaler and
 * unit. Values without an OBIS code (Kaifa lists) and strings are not
 * reported.
 *
 * @param body the notification body
 * @param len its length
 * @param fn called for each value
 * @param userdata passed to @p fn
 * @param[out] reterr_diag optional details, may be NULL
 * @return the number of values reported, @p fn's non-zero result, or an
 *         A-XDR error (SMGW_E_TRUNCATED, SMGW_E_ENCODING, SMGW_E_LIMIT)
 */
SMGW_EXPORT int smgw_dlms_push_values(const uint8_t *body, size_t len, smgw_dlms_value_fn fn, void *userdata,
				      struct smgw_diag *reterr_diag);

/* ---------------------------------------------------------------------- */
/* APDU tags                                                              */

/** APDU tags (the first byte of an APDU). */
enum smgw_dlms_apdu_tag {
	SMGW_DLMS_INITIATE_REQUEST = 0x01,       /**< xDLMS InitiateRequest (in AARQ user-information) */
	SMGW_DLMS_INITIATE_RESPONSE = 0x08,      /**< xDLMS InitiateResponse (in AARE user-information) */
	SMGW_DLMS_CONFIRMED_SERVICE_ERROR = 0x0e, /**< confirmed-service-error */
	SMGW_DLMS_GLO_INITIATE_REQUEST = 0x21,   /**< glo-initiateRequest (ciphered) */
	SMGW_DLMS_GLO_INITIATE_RESPONSE = 0x28,  /**< glo-initiateResponse (ciphered) */
	SMGW_DLMS_GLO_CONFIRMED_SERVICE_ERROR = 0x2e, /**< glo-confirmedServiceError (ciphered) */
	SMGW_DLMS_DED_INITIATE_REQUEST = 0x41,   /**< ded-initiateRequest (ciphered) */
	SMGW_DLMS_DED_INITIATE_RESPONSE = 0x48,  /**< ded-initiateResponse (ciphered) */
	SMGW_DLMS_DED_CONFIRMED_SERVICE_ERROR = 0x4e, /**< ded-confirmedServiceError (ciphered) */
	SMGW_DLMS_AARQ = 0x60,                   /**< A-ASSOCIATE request */
	SMGW_DLMS_AARE = 0x61,                   /**< A-ASSOCIATE response */
	SMGW_DLMS_RLRQ = 0x62,                   /**< A-RELEASE request */
	SMGW_DLMS_RLRE = 0x63,                   /**< A-RELEASE response */
	SMGW_DLMS_GET_REQUEST = 0xc0,            /**< get-request */
	SMGW_DLMS_SET_REQUEST = 0xc1,            /**< set-request */
	SMGW_DLMS_EVENT_NOTIFICATION = 0xc2,     /**< event-notification-request */
	SMGW_DLMS_ACTION_REQUEST = 0xc3,         /**< action-request */
	SMGW_DLMS_GET_RESPONSE = 0xc4,           /**< get-response */
	SMGW_DLMS_SET_RESPONSE = 0xc5,           /**< set-response */
	SMGW_DLMS_ACTION_RESPONSE = 0xc7,        /**< action-response */
	SMGW_DLMS_GLO_GET_REQUEST = 0xc8,        /**< glo-get-request (0xc8..0xcf: the glo- forms of 0xc0..0xc7) */
	SMGW_DLMS_GLO_SET_REQUEST = 0xc9,        /**< glo-set-request */
	SMGW_DLMS_GLO_EVENT_NOTIFICATION = 0xca, /**< glo-event-notification-request */
	SMGW_DLMS_GLO_ACTION_REQUEST = 0xcb,     /**< glo-action-request */
	SMGW_DLMS_GLO_GET_RESPONSE = 0xcc,       /**< glo-get-response */
	SMGW_DLMS_GLO_SET_RESPONSE = 0xcd,       /**< glo-set-response */
	SMGW_DLMS_GLO_ACTION_RESPONSE = 0xcf,    /**< glo-action-response */
	SMGW_DLMS_DED_GET_REQUEST = 0xd0,        /**< ded-get-request (0xd0..0xd7: the ded- forms of 0xc0..0xc7) */
	SMGW_DLMS_DED_SET_REQUEST = 0xd1,        /**< ded-set-request */
	SMGW_DLMS_DED_EVENT_NOTIFICATION = 0xd2, /**< ded-event-notification-request */
	SMGW_DLMS_DED_ACTION_REQUEST = 0xd3,     /**< ded-action-request */
	SMGW_DLMS_DED_GET_RESPONSE = 0xd4,       /**< ded-get-response */
	SMGW_DLMS_DED_SET_RESPONSE = 0xd5,       /**< ded-set-response */
	SMGW_DLMS_DED_ACTION_RESPONSE = 0xd7,    /**< ded-action-response */
	SMGW_DLMS_EXCEPTION_RESPONSE = 0xd8,     /**< exception-response */
	SMGW_DLMS_GENERAL_GLO_CIPHERING = 0xdb,  /**< general-glo-ciphering */
	SMGW_DLMS_GENERAL_DED_CIPHERING = 0xdc,  /**< general-ded-ciphering */
	SMGW_DLMS_GENERAL_BLOCK_TRANSFER = 0xe0  /**< general-block-transfer (GBT) */
};

/** Kinds of result a response carries (struct smgw_dlms_apdu::result_kind). */
enum smgw_dlms_result_kind {
	SMGW_DLMS_RESULT_NONE = 0,   /**< no Data and no data-access-result */
	SMGW_DLMS_RESULT_DATA = 1,   /**< Data in @ref smgw_dlms_apdu::data (get: Get-Data-Result `00`; action: return data) */
	SMGW_DLMS_RESULT_ACCESS = 2, /**< a data-access-result in @ref smgw_dlms_apdu::result */
	SMGW_DLMS_RESULT_RAW = 3     /**< raw-data of a data block in @ref smgw_dlms_apdu::data */
};

/** Service choices (struct smgw_dlms_apdu::choice) of get/set/action. */
enum smgw_dlms_choice {
	SMGW_DLMS_NORMAL = 1,              /**< get/set/action -normal */
	SMGW_DLMS_NEXT = 2,                /**< get-request-next; get-response-with-datablock; set-request-with-first-datablock; set-response-datablock */
	SMGW_DLMS_WITH_LIST = 3,           /**< get-request/-response-with-list; set-request-with-datablock; set-response-last-datablock */
	SMGW_DLMS_SET_WITH_LIST = 4,       /**< set-request-with-list (parsed: descriptors, then values) */
	SMGW_DLMS_SET_RESPONSE_WITH_LIST = 5 /**< set-response-with-list (parsed: results) */
};

/* ---------------------------------------------------------------------- */
/* xDLMS InitiateRequest / InitiateResponse                               */

/** Conformance block bits (the 24-bit string as an integer; bit n of the standard is 1 << (23 - n)). */
enum smgw_dlms_conformance {
	SMGW_DLMS_CONF_GENERAL_PROTECTION = 1u << 22,       /**< bit 1 general-protection */
	SMGW_DLMS_CONF_GENERAL_BLOCK_TRANSFER = 1u << 21,   /**< bit 2 general-block-transfer */
	SMGW_DLMS_CONF_READ = 1u << 20,                     /**< bit 3 read (SN) */
	SMGW_DLMS_CONF_WRITE = 1u << 19,                    /**< bit 4 write (SN) */
	SMGW_DLMS_CONF_UNCONFIRMED_WRITE = 1u << 18,        /**< bit 5 unconfirmed-write (SN) */
	SMGW_DLMS_CONF_DELTA_VALUE_ENCODING = 1u << 17,     /**< bit 6 delta-value-encoding */
	SMGW_DLMS_CONF_ATTRIBUTE0_SET = 1u << 15,           /**< bit 8 attribute0-supported-with-set */
	SMGW_DLMS_CONF_PRIORITY_MGMT = 1u << 14,            /**< bit 9 priority-mgmt-supported */
	SMGW_DLMS_CONF_ATTRIBUTE0_GET = 1u << 13,           /**< bit 10 attribute0-supported-with-get */
	SMGW_DLMS_CONF_BLOCK_TRANSFER_GET = 1u << 12,       /**< bit 11 block-transfer-with-get-or-read */
	SMGW_DLMS_CONF_BLOCK_TRANSFER_SET = 1u << 11,       /**< bit 12 block-transfer-with-set-or-write */
	SMGW_DLMS_CONF_BLOCK_TRANSFER_ACTION = 1u << 10,    /**< bit 13 block-transfer-with-action */
	SMGW_DLMS_CONF_MULTIPLE_REFERENCES = 1u << 9,       /**< bit 14 multiple-references */
	SMGW_DLMS_CONF_INFORMATION_REPORT = 1u << 8,        /**< bit 15 information-report (SN) */
	SMGW_DLMS_CONF_DATA_NOTIFICATION = 1u << 7,         /**< bit 16 data-notification */
	SMGW_DLMS_CONF_ACCESS = 1u << 6,                    /**< bit 17 access */
	SMGW_DLMS_CONF_PARAMETERIZED_ACCESS = 1u << 5,      /**< bit 18 parameterized-access (SN) */
	SMGW_DLMS_CONF_GET = 1u << 4,                       /**< bit 19 get */
	SMGW_DLMS_CONF_SET = 1u << 3,                       /**< bit 20 set */
	SMGW_DLMS_CONF_SELECTIVE_ACCESS = 1u << 2,          /**< bit 21 selective-access */
	SMGW_DLMS_CONF_EVENT_NOTIFICATION = 1u << 1,        /**< bit 22 event-notification */
	SMGW_DLMS_CONF_ACTION = 1u << 0                     /**< bit 23 action */
};

/** An InitiateRequest (tag 0x01) or InitiateResponse (tag 0x08). */
struct smgw_dlms_initiate {
	uint8_t tag;                  /**< SMGW_DLMS_INITIATE_REQUEST or SMGW_DLMS_INITIATE_RESPONSE */
	uint8_t dlms_version;         /**< proposed/negotiated DLMS version (6) */
	uint8_t has_qos;              /**< 1 if quality-of-service is present */
	uint8_t qos;                  /**< proposed/negotiated quality-of-service (int8 as sent) */
	uint8_t has_response_allowed; /**< request: 1 if response-allowed is sent (else the default TRUE) */
	uint8_t response_allowed;     /**< request: response-allowed when sent */
	uint8_t dedicated_key_len;    /**< request: length of the dedicated key, 0 if absent */
	uint8_t reserved;             /**< 0 */
	uint32_t conformance;         /**< the 24 conformance bits (enum smgw_dlms_conformance) */
	uint16_t max_pdu_size;        /**< client-max-receive-pdu-size (request) or server-max-receive-pdu-size (response) */
	uint16_t vaa_name;            /**< response: vaa-name (0x0007 LN, 0xfa00 SN) */
	const uint8_t *dedicated_key; /**< request: the dedicated key, or NULL */
};

/**
 * Parses an InitiateRequest or InitiateResponse.
 * @param p the encoding (starts with 0x01 or 0x08)
 * @param len its length (exactly the PDU)
 * @param[out] ret the fields
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0, SMGW_E_TRUNCATED, SMGW_E_DLMS_APDU (another tag),
 *         SMGW_E_ENCODING (bad conformance header), SMGW_E_DLMS_TRAILING, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_dlms_initiate_parse(const uint8_t *p, size_t len, struct smgw_dlms_initiate *ret,
							  struct smgw_diag *reterr_diag);

/**
 * Encodes an InitiateRequest or InitiateResponse.
 * @param in the fields
 * @param buf output buffer, or NULL to query the size
 * @param cap its capacity
 * @param[out] ret_len bytes written, or the size needed (SMGW_E_BUFSIZE)
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_RANGE (conformance above 24 bits), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_dlms_initiate_encode(const struct smgw_dlms_initiate *in, uint8_t *buf, size_t cap,
					  size_t *ret_len);

/* ---------------------------------------------------------------------- */
/* ACSE: AARQ, AARE, RLRQ, RLRE                                            */

/** AARE association results. */
enum smgw_dlms_assoc_result {
	SMGW_DLMS_ACCEPTED = 0,           /**< accepted */
	SMGW_DLMS_REJECTED_PERMANENT = 1, /**< rejected-permanent */
	SMGW_DLMS_REJECTED_TRANSIENT = 2  /**< rejected-transient */
};

/**
 * An AARQ (tag 0x60) or AARE (tag 0x61). Byte strings point into the
 * caller's buffer (or, for encoding, the caller's data); NULL means absent.
 */
struct smgw_dlms_assoc {
	uint8_t tag;             /**< SMGW_DLMS_AARQ or SMGW_DLMS_AARE */
	uint8_t app_context;     /**< last arc of application-context-name 2.16.756.5.8.1.x (1 LN, 2 SN, 3 LN ciphered, 4 SN ciphered) */
	int8_t mechanism;        /**< last arc of mechanism-name 2.16.756.5.8.2.x (0 none, 1 LLS, 2..7 HLS), -1 if absent */
	uint8_t result;          /**< AARE: enum smgw_dlms_assoc_result */
	uint8_t diag_source;     /**< AARE: 1 acse-service-user, 2 acse-service-provider */
	uint8_t diagnostic;      /**< AARE: the diagnostic value (user: 0 null, 1 no reason, 2 context not supported, ..., 13 mechanism required, 14 authentication required) */
	uint8_t has_protocol_version; /**< 1 if protocol-version (version1) is sent */
	uint8_t has_acse_requirements; /**< sender/responder-acse-requirements: 0 absent, 1 authentication bit set, 2 sent with the bit clear */
	uint8_t auth_choice;     /**< authentication value choice: 0 charstring, 1 bitstring */
	uint8_t reserved[3];     /**< 0 */
	uint32_t ap_title_len;   /**< length of @ref ap_title */
	const uint8_t *ap_title; /**< AARQ: calling-AP-title, AARE: responding-AP-title (the system title) */
	const uint8_t *called_ap_title; /**< AARQ: called-AP-title */
	const uint8_t *ae_qualifier;    /**< AARQ: calling-AE-qualifier, AARE: responding-AE-qualifier */
	const uint8_t *auth_value;      /**< AARQ: calling-, AARE: responding-authentication-value */
	const uint8_t *user_info;       /**< user-information: the xDLMS APDU it carries */
	uint32_t called_ap_title_len;   /**< length of @ref called_ap_title */
	uint32_t ae_qualifier_len;      /**< length of @ref ae_qualifier */
	uint32_t auth_value_len;        /**< length of @ref auth_value */
	uint32_t user_info_len;         /**< length of @ref user_info */
};

/**
 * Parses an AARQ or AARE (BER-encoded ACSE). The user-information is
 * returned as a view; parse it with smgw_dlms_initiate_parse(),
 * smgw_dlms_ciphered_parse() or smgw_dlms_apdu_parse() (confirmed-service-error).
 * @param p the APDU
 * @param len its length
 * @param[out] ret the fields
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0, SMGW_E_TRUNCATED, SMGW_E_DLMS_APDU (not an AARQ/AARE),
 *         SMGW_E_DLMS_ACSE (malformed or missing field), SMGW_E_DLMS_TRAILING, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_dlms_assoc_parse(const uint8_t *p, size_t len, struct smgw_dlms_assoc *ret,
						       struct smgw_diag *reterr_diag);

/**
 * Encodes an AARQ or AARE in the field order of the ASN.1 definition.
 * @param in the fields (@c tag selects AARQ or AARE)
 * @param buf output buffer, or NULL to query the size
 * @param cap its capacity
 * @param[out] ret_len bytes written, or the size needed (SMGW_E_BUFSIZE)
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_RANGE (a field too long), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_dlms_assoc_encode(const struct smgw_dlms_assoc *in, uint8_t *buf, size_t cap, size_t *ret_len);

/** An RLRQ (tag 0x62) or RLRE (tag 0x63). */
struct smgw_dlms_release {
	uint8_t tag;             /**< SMGW_DLMS_RLRQ or SMGW_DLMS_RLRE */
	uint8_t has_reason;      /**< 1 if a reason is sent */
	uint8_t reason;          /**< 0 normal, 1 urgent, 30 user-defined (RLRQ); 0 normal, 1 not-finished, 30 user-defined (RLRE) */
	uint8_t reserved;        /**< 0 */
	uint32_t user_info_len;  /**< length of @ref user_info */
	const uint8_t *user_info; /**< user-information (InitiateRequest/-Response or its ciphered form), or NULL */
};

/**
 * Parses an RLRQ or RLRE.
 * @param p the APDU
 * @param len its length
 * @param[out] ret the fields
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0, SMGW_E_TRUNCATED, SMGW_E_DLMS_APDU, SMGW_E_DLMS_ACSE, SMGW_E_DLMS_TRAILING, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_dlms_release_parse(const uint8_t *p, size_t len, struct smgw_dlms_release *ret,
							 struct smgw_diag *reterr_diag);

/**
 * Encodes an RLRQ or RLRE.
 * @param in the fields
 * @param buf output buffer, or NULL to query the size
 * @param cap its capacity
 * @param[out] ret_len bytes written, or the size needed (SMGW_E_BUFSIZE)
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_RANGE, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_dlms_release_encode(const struct smgw_dlms_release *in, uint8_t *buf, size_t cap,
					 size_t *ret_len);

/* ---------------------------------------------------------------------- */
/* xDLMS services                                                          */

/** A cosem-attribute-descriptor or cosem-method-descriptor, with selective access. */
struct smgw_dlms_attr {
	uint16_t class_id;       /**< interface class */
	uint8_t instance[6];     /**< logical name (OBIS) */
	int8_t id;               /**< attribute or method number */
	uint8_t selector;        /**< access-selector, 0 without selective access */
	uint8_t reserved[2];     /**< 0 */
	uint32_t access_len;     /**< length of @ref access */
	const uint8_t *access;   /**< access-parameters (one A-XDR Data), NULL without selective access */
};

/**
 * A get, set or action request or response, an exception-response, a
 * confirmed-service-error or a data-notification. Which members are used
 * depends on @c tag and @c choice (see the members); the others are 0.
 */
struct smgw_dlms_apdu {
	uint8_t tag;             /**< enum smgw_dlms_apdu_tag */
	uint8_t choice;          /**< get/set/action: enum smgw_dlms_choice; confirmed-service-error: the service (1 initiate, 5 read, 6 write, ...) */
	uint8_t result_kind;     /**< enum smgw_dlms_result_kind */
	uint8_t result;          /**< data-access-result, action-result, set result; exception: state-error; confirmed-service-error: the ServiceError choice */
	uint8_t error;           /**< exception: service-error; confirmed-service-error: the ServiceError value; action-response: data-access-result of the return parameters */
	uint8_t last_block;      /**< data blocks: 1 on the last block */
	uint8_t has_time;        /**< data-notification: 1 if @ref time is set */
	uint8_t reserved;        /**< 0 */
	uint32_t invoke;         /**< invoke-id-and-priority, or (data-notification) long-invoke-id-and-priority */
	uint32_t block_number;   /**< data blocks: block number; exception service-error 6: the invocation counter */
	uint32_t count;          /**< with-list: number of items */
	uint32_t reserved2;      /**< 0 */
	struct smgw_dlms_attr attr; /**< requests: the attribute or method descriptor */
	uint32_t data_len;       /**< length of @ref data */
	uint32_t reserved3;      /**< 0 */
	const uint8_t *data;     /**< Data (set value, action parameter or return data, get result, notification body), raw block data, or the encoded list (with-list) */
	const uint8_t *time;     /**< data-notification: the 12-byte date-time, or NULL */
};

/**
 * Parses a plain (not ciphered) get/set/action request or response,
 * event-notification-request, exception-response,
 * confirmed-service-error or data-notification,
 * checking every Data it carries (bounded depth).
 *
 * Supported choices: get-request normal, next, with-list; get-response
 * normal, with-datablock, with-list; set-request normal,
 * with-first-datablock, with-datablock, with-list; set-response normal,
 * datablock, last-datablock, with-list; action-request normal;
 * action-response normal.
 *
 * @param p the APDU
 * @param len its length (exactly the APDU)
 * @param[out] ret the fields
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0, SMGW_E_TRUNCATED, SMGW_E_DLMS_APDU (unknown tag or
 *         choice), SMGW_E_UNSUPPORTED (a choice not listed above),
 *         SMGW_E_ENCODING / SMGW_E_LIMIT (bad Data), SMGW_E_DLMS_TRAILING, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_dlms_apdu_parse(const uint8_t *p, size_t len, struct smgw_dlms_apdu *ret,
						      struct smgw_diag *reterr_diag);

/**
 * Encodes an APDU of a kind smgw_dlms_apdu_parse() reads. Data and lists
 * are taken as encoded (checked, copied unchanged).
 * @param in the fields
 * @param buf output buffer, or NULL to query the size
 * @param cap its capacity
 * @param[out] ret_len bytes written, or the size needed (SMGW_E_BUFSIZE)
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_DLMS_APDU, SMGW_E_UNSUPPORTED,
 *         SMGW_E_ENCODING (bad Data), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_dlms_apdu_encode(const struct smgw_dlms_apdu *in, uint8_t *buf, size_t cap, size_t *ret_len);

/** One item of a with-list APDU. */
struct smgw_dlms_list_item {
	struct smgw_dlms_attr attr; /**< requests: the descriptor */
	uint8_t result_kind;     /**< responses: SMGW_DLMS_RESULT_DATA or SMGW_DLMS_RESULT_ACCESS; set-request values: SMGW_DLMS_RESULT_DATA */
	uint8_t result;          /**< responses: the data-access-result */
	uint8_t reserved[2];     /**< 0 */
	uint32_t data_len;       /**< length of @ref data */
	const uint8_t *data;     /**< the Data */
};

/** A walk over the items of a with-list APDU. Frozen layout. */
struct smgw_dlms_list {
	const uint8_t *p;        /**< the encoded list */
	uint32_t len;            /**< its length */
	uint32_t pos;            /**< next byte */
	uint32_t left;           /**< items left in the current part */
	uint8_t tag;             /**< APDU tag */
	uint8_t choice;          /**< APDU choice */
	uint8_t part;            /**< set-request-with-list: 0 descriptors, 1 values */
	uint8_t reserved;        /**< 0 */
};

/**
 * Starts a walk over the items of a with-list APDU parsed by smgw_dlms_apdu_parse().
 * @param l the walk
 * @param a the APDU
 * @return 0, SMGW_E_INVAL (not a with-list APDU)
 */
SMGW_EXPORT int smgw_dlms_list_init(struct smgw_dlms_list *l, const struct smgw_dlms_apdu *a);

/**
 * Reads the next item (set-request-with-list: first all descriptors, then
 * all values).
 * @param l the walk
 * @param[out] ret the item
 * @return 1, 0 at the end, a negative error for a list not checked by the parser
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_dlms_list_next(struct smgw_dlms_list *l, struct smgw_dlms_list_item *ret);

/**
 * Joins the raw-data of a get-response-with-datablock sequence in caller
 * memory. Initialize with all members 0 except @c buf and @c cap. Frozen layout.
 */
struct smgw_dlms_blocks {
	uint8_t *buf;            /**< the joined raw data */
	size_t cap;              /**< its capacity */
	size_t len;              /**< bytes joined so far */
	uint32_t next;           /**< block number expected next (0: the first block, whatever its number) */
	uint32_t done;           /**< 1 after the last block */
};

/**
 * Adds one get-response-with-datablock. Block numbers must follow each
 * other; a repeated block (the server resent it) is accepted once more
 * without being joined twice.
 * @param b the join
 * @param a the parsed response
 * @param[out] ret_data the joined data (one A-XDR Data, to be walked by the caller), set on 1
 * @param[out] ret_len its length
 * @return 0 (more blocks to come: send get-request-next with
 *         @c b->next - 1), 1 (complete), SMGW_E_DLMS_BLOCK (out of
 *         sequence, or after the last block), SMGW_E_DLMS_ACCESS (the
 *         block carries a data-access-result, in @c a->result),
 *         SMGW_E_LIMIT (more than @c cap bytes), SMGW_E_INVAL (not a
 *         get-response-with-datablock)
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_dlms_blocks_add(struct smgw_dlms_blocks *b, const struct smgw_dlms_apdu *a,
						      const uint8_t **ret_data, size_t *ret_len);

/** One general-block-transfer (GBT) block (tag 0xe0). */
struct smgw_dlms_gbt {
	uint8_t last_block;      /**< 1 on the last block (block-control bit 7) */
	uint8_t streaming;       /**< 1 if more blocks follow without acknowledgement (bit 6) */
	uint8_t window;          /**< window size (bits 5..0) */
	uint8_t reserved;        /**< 0 */
	uint16_t block_number;   /**< block number */
	uint16_t block_number_ack; /**< block number acknowledged */
	uint32_t data_len;       /**< length of @ref data */
	uint32_t reserved2;      /**< 0 */
	const uint8_t *data;     /**< the block data: a part of the APDU being transferred */
};

/**
 * Parses a general-block-transfer APDU: block-control, block-number,
 * block-number-ack, block-data (A-XDR length and bytes).
 * @param p the APDU
 * @param len its length
 * @param[out] ret the fields
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0, SMGW_E_TRUNCATED, SMGW_E_DLMS_APDU, SMGW_E_DLMS_TRAILING, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_dlms_gbt_parse(const uint8_t *p, size_t len, struct smgw_dlms_gbt *ret,
						     struct smgw_diag *reterr_diag);

/**
 * Encodes a general-block-transfer APDU.
 * @param in the fields (window at most 63)
 * @param buf output buffer, or NULL to query the size
 * @param cap its capacity
 * @param[out] ret_len bytes written, or the size needed (SMGW_E_BUFSIZE)
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_RANGE, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_dlms_gbt_encode(const struct smgw_dlms_gbt *in, uint8_t *buf, size_t cap, size_t *ret_len);

/**
 * Adds one GBT block to a join (struct smgw_dlms_blocks, as for
 * get-response data blocks); the joined data is the transferred APDU.
 * @param b the join
 * @param g the parsed block
 * @param[out] ret_data the joined APDU, set on 1
 * @param[out] ret_len its length
 * @return 0 (more blocks), 1 (complete), SMGW_E_DLMS_BLOCK (out of
 *         sequence, or after the last block), SMGW_E_LIMIT, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_dlms_gbt_add(struct smgw_dlms_blocks *b, const struct smgw_dlms_gbt *g,
						   const uint8_t **ret_data, size_t *ret_len);

/* ---------------------------------------------------------------------- */
/* Ciphering (security suites 0 and 1: AES-128-GCM)                        */

/** Security control byte bits. */
enum smgw_dlms_sc {
	SMGW_DLMS_SC_SUITE_MASK = 0x0f,   /**< security suite */
	SMGW_DLMS_SC_AUTHENTICATED = 0x10, /**< authentication (12-byte tag) */
	SMGW_DLMS_SC_ENCRYPTED = 0x20,    /**< encryption */
	SMGW_DLMS_SC_BROADCAST = 0x40,    /**< broadcast key */
	SMGW_DLMS_SC_COMPRESSED = 0x80    /**< compression */
};

/** Length of the authentication tag of security suites 0 and 1. */
#define SMGW_DLMS_TAG_LEN 12
/** Length of a system title. */
#define SMGW_DLMS_SYSTEM_TITLE_LEN 8
/** Length of an AES-128 key. */
#define SMGW_DLMS_KEY_LEN 16

/** A parsed ciphered APDU (general-glo/ded-ciphering or a service-specific glo-/ded- APDU). */
struct smgw_dlms_ciphered {
	uint8_t tag;             /**< the ciphered APDU tag */
	uint8_t plain_tag;       /**< tag of the APDU inside (0 for general ciphering: any APDU) */
	uint8_t sc;              /**< security control byte */
	uint8_t system_title_len; /**< general ciphering: length of @ref system_title, else 0 */
	uint32_t ic;             /**< invocation counter */
	const uint8_t *system_title; /**< general ciphering: the sender's system title, else NULL */
	const uint8_t *payload;  /**< ciphertext (or, authentication only, the plaintext) */
	uint32_t payload_len;    /**< its length */
	uint32_t tag_len;        /**< SMGW_DLMS_TAG_LEN when authenticated, else 0 */
	const uint8_t *auth_tag; /**< the authentication tag, or NULL */
};

/**
 * Tells whether a tag is a ciphered APDU that smgw_dlms_ciphered_parse() reads.
 * @param tag the first byte of an APDU
 * @return 1 or 0
 */
SMGW_EXPORT int smgw_dlms_is_ciphered(int tag);

/**
 * Parses the framing of a ciphered APDU: `tag [system-title] length SC IC
 * payload [tag]`.
 * @param p the APDU
 * @param len its length
 * @param[out] ret the fields
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0, SMGW_E_TRUNCATED, SMGW_E_DLMS_APDU (not ciphered),
 *         SMGW_E_DLMS_SECURITY (suite other than 0/1, compression, or
 *         SC without the bits the length implies), SMGW_E_DLMS_TRAILING, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_dlms_ciphered_parse(const uint8_t *p, size_t len, struct smgw_dlms_ciphered *ret,
							  struct smgw_diag *reterr_diag);

/**
 * Deciphers and checks a ciphered APDU with AES-128-GCM: IV = system title
 * (8) || invocation counter (4); with authentication the AAD is SC || AK
 * (|| plaintext when not encrypted) and the 12-byte tag must match. The
 * plaintext must be a well-formed APDU (for encryption without
 * authentication this is the only check that the key was right).
 *
 * @param c the parsed APDU
 * @param system_title the sender's 8-byte system title for service-specific
 *        APDUs (from the AARQ/AARE); NULL to use the one in @p c
 * @param ek the 16-byte encryption key (global or dedicated); may be NULL if not encrypted
 * @param ak the 16-byte authentication key; may be NULL if not authenticated
 * @param out output buffer for the plain APDU (may alias nothing of the input)
 * @param cap its capacity (@c c->payload_len suffices)
 * @param[out] ret_len the length of the plain APDU, or the size needed (SMGW_E_BUFSIZE)
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_DLMS_NO_KEY, SMGW_E_DLMS_AUTH_TAG
 *         (wrong key or altered), SMGW_E_DLMS_DECRYPT (encryption only:
 *         the result is not an APDU of the expected kind), SMGW_E_CRYPTO, SMGW_E_INVAL.
 *         @p out is wiped on every failure.
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_dlms_decrypt(const struct smgw_dlms_ciphered *c, const uint8_t *system_title,
						   const uint8_t *ek, const uint8_t *ak, uint8_t *out, size_t cap,
						   size_t *ret_len, struct smgw_diag *reterr_diag);

/**
 * Ciphers a plain APDU with AES-128-GCM into a ciphered APDU.
 * @param tag SMGW_DLMS_GENERAL_GLO_CIPHERING / SMGW_DLMS_GENERAL_DED_CIPHERING
 *        (the system title is included), or a service-specific glo-/ded- tag
 *        matching the plain APDU's tag
 * @param sc security control byte (suite 0 or 1; authentication and/or encryption)
 * @param system_title the sender's 8-byte system title
 * @param ic invocation counter
 * @param ek 16-byte encryption key (needed when encrypting)
 * @param ak 16-byte authentication key (needed when authenticating)
 * @param plain the plain APDU
 * @param len its length
 * @param buf output buffer, or NULL to query the size
 * @param cap its capacity
 * @param[out] ret_len bytes written, or the size needed (SMGW_E_BUFSIZE)
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_DLMS_SECURITY, SMGW_E_DLMS_NO_KEY,
 *         SMGW_E_DLMS_APDU (tag does not match the plain APDU), SMGW_E_CRYPTO, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_dlms_encrypt(int tag, uint8_t sc, const uint8_t *system_title, uint32_t ic, const uint8_t *ek,
				  const uint8_t *ak, const uint8_t *plain, size_t len, uint8_t *buf, size_t cap,
				  size_t *ret_len);

/**
 * The GMAC of HLS authentication (mechanism 5): AES-128-GCM with IV =
 * system title || IC, AAD = SC || AK || challenge, no plaintext; the
 * 12-byte tag.
 * @param sc security control byte (0x10 | suite)
 * @param system_title 8 bytes
 * @param ic invocation counter
 * @param ek 16-byte encryption key
 * @param ak 16-byte authentication key
 * @param challenge the challenge
 * @param len its length
 * @param[out] ret_tag the 12-byte tag
 * @return 0, SMGW_E_CRYPTO, SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_dlms_gmac(uint8_t sc, const uint8_t *system_title, uint32_t ic, const uint8_t *ek,
			       const uint8_t *ak, const uint8_t *challenge, size_t len, uint8_t *ret_tag);

SMGW_END_DECLS

#endif /* SMGW_DLMS_H */
