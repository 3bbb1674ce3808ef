/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file tncif.h
 * @brief Types and constants shared by the TCG IF-IMC 1.3 and IF-IMV 1.4 C interfaces.
 *
 * The names and values are those of the Trusted Computing Group's
 * specifications "TNC IF-IMC, Specification Version 1.3" and "TNC IF-IMV,
 * Specification Version 1.4" (platform binding for Linux/UNIX shared
 * objects), typed for this project. A module (IMC or IMV) compiled against
 * the TCG's own header files is binary compatible with one compiled against
 * these, and the other way round:
 *
 * - TNC_UInt32 is an `unsigned long`, as the specifications define it. On
 *   LP64 platforms it is therefore 64 bits wide; the values carried in it
 *   never exceed 32 bits, and the library checks that.
 * - Every function uses the C calling convention and returns a TNC_Result.
 *
 * The TNC_* names are the standard's. libsmgw-tnc defines none of these
 * functions as exported symbols: the TNC client (smgw/tnc/tncc.h) and
 * server (smgw/tnc/tncs.h) hand their functions to a module through the
 * bind function the module receives in TNC_IMC_ProvideBindFunction() or
 * TNC_IMV_ProvideBindFunction().
 *
 * Thread safety: a module may call the TNCC/TNCS functions only from inside
 * a call that the TNCC/TNCS made into it, on the same thread. Calls from
 * any other thread are refused with TNC_RESULT_ILLEGAL_OPERATION.
 */
#ifndef SMGW_TNC_TNCIF_H
#define SMGW_TNC_TNCIF_H

#include <smgw/export.h>

SMGW_BEGIN_DECLS

/** Unsigned integer of at least 32 bits (an `unsigned long`, as in the TCG binding). */
typedef unsigned long TNC_UInt32;
/** Reference to a byte buffer. */
typedef unsigned char *TNC_BufferReference;

/** Network connection identifier, chosen by the TNCC or TNCS. */
typedef TNC_UInt32 TNC_ConnectionID;
/** State of a network connection (TNC_CONNECTION_STATE_*). */
typedef TNC_UInt32 TNC_ConnectionState;
/** Reason for a handshake retry request (TNC_RETRY_REASON_*). */
typedef TNC_UInt32 TNC_RetryReason;
/** Legacy 32-bit message type: (vendor ID << 8) | 8-bit subtype. */
typedef TNC_UInt32 TNC_MessageType;
/** Array of legacy message types. */
typedef TNC_MessageType *TNC_MessageTypeList;
/** SMI Private Enterprise Number (24 bits); 0 is the IETF. */
typedef TNC_UInt32 TNC_VendorID;
/** Array of vendor IDs. */
typedef TNC_VendorID *TNC_VendorIDList;
/** 32-bit message subtype of the long message type API. */
typedef TNC_UInt32 TNC_MessageSubtype;
/** Array of message subtypes. */
typedef TNC_MessageSubtype *TNC_MessageSubtypeList;
/** Interface version number. */
typedef TNC_UInt32 TNC_Version;
/** Result code of every IF-IMC/IF-IMV function (TNC_RESULT_*). */
typedef TNC_UInt32 TNC_Result;
/** Attribute identifier (TNC_ATTRIBUTEID_*). */
typedef TNC_UInt32 TNC_AttributeID;

/* ---- result codes ---- */
#define TNC_RESULT_SUCCESS 0               /**< The function succeeded. */
#define TNC_RESULT_NOT_INITIALIZED 1       /**< Initialize has not been called. */
#define TNC_RESULT_ALREADY_INITIALIZED 2   /**< Initialize was called twice without Terminate. */
#define TNC_RESULT_NO_COMMON_VERSION 3     /**< No interface version both sides support. */
#define TNC_RESULT_CANT_RETRY 4            /**< A handshake retry is not possible. */
#define TNC_RESULT_WONT_RETRY 5            /**< A handshake retry is refused (policy). */
#define TNC_RESULT_INVALID_PARAMETER 6     /**< A parameter is invalid or unsupported. */
#define TNC_RESULT_CANT_RESPOND 7          /**< The IMC cannot respond to the message. */
#define TNC_RESULT_ILLEGAL_OPERATION 8     /**< The function is not allowed now. */
#define TNC_RESULT_OTHER 9                 /**< Unspecified error. */
#define TNC_RESULT_FATAL 10                /**< Unrecoverable error; the module is unloaded. */
#define TNC_RESULT_EXCEEDED_MAX_ROUND_TRIPS 0x00559700   /**< The round-trip limit was reached. */
#define TNC_RESULT_EXCEEDED_MAX_MESSAGE_SIZE 0x00559701  /**< The message is larger than allowed. */
#define TNC_RESULT_NO_LONG_MESSAGE_TYPES 0x00559702      /**< The peer does not support long message types. */
#define TNC_RESULT_NO_SOH_SUPPORT 0x00559703             /**< Statement of Health is not supported. */

/* ---- connection IDs and states ---- */
#define TNC_CONNECTIONID_ANY 0xFFFFFFFF                /**< "No particular connection" in attribute calls. */
#define TNC_CONNECTION_STATE_CREATE 0                  /**< The connection was created. */
#define TNC_CONNECTION_STATE_HANDSHAKE 1               /**< An assessment (handshake) starts. */
#define TNC_CONNECTION_STATE_ACCESS_ALLOWED 2          /**< The handshake ended: access allowed. */
#define TNC_CONNECTION_STATE_ACCESS_ISOLATED 3         /**< The handshake ended: isolated (quarantined). */
#define TNC_CONNECTION_STATE_ACCESS_NONE 4             /**< The handshake ended: no access. */
#define TNC_CONNECTION_STATE_DELETE 5                  /**< The connection is about to be deleted. */

/* ---- handshake retry reasons ---- */
#define TNC_RETRY_REASON_IMC_REMEDIATION_COMPLETE 0    /**< IMC: remediation is complete. */
#define TNC_RETRY_REASON_IMC_SERIOUS_EVENT 1           /**< IMC: a serious event occurred. */
#define TNC_RETRY_REASON_IMC_INFORMATIONAL_EVENT 2     /**< IMC: an informational event occurred. */
#define TNC_RETRY_REASON_IMC_PERIODIC 3                /**< IMC: periodic reassessment. */
#define TNC_RETRY_REASON_IMV_IMPORTANT_POLICY_CHANGE 4 /**< IMV: the policy changed significantly. */
#define TNC_RETRY_REASON_IMV_MINOR_POLICY_CHANGE 5     /**< IMV: the policy changed slightly. */
#define TNC_RETRY_REASON_IMV_SERIOUS_EVENT 6           /**< IMV: a serious event occurred. */
#define TNC_RETRY_REASON_IMV_MINOR_EVENT 7             /**< IMV: a minor event occurred. */
#define TNC_RETRY_REASON_IMV_PERIODIC 8                /**< IMV: periodic reassessment. */

/* ---- IDs, vendors, subtypes, flags ---- */
#define TNC_IMCID_ANY ((TNC_UInt32)0xffff)             /**< "Any IMC" (unspecified Posture Collector). */
#define TNC_IMVID_ANY ((TNC_UInt32)0xffff)             /**< "Any IMV" (unspecified Posture Validator). */
#define TNC_VENDORID_TCG 0                             /**< Vendor ID of the TCG in legacy IF-IMC message types. */
#define TNC_VENDORID_TCG_NEW 0x005597                  /**< The TCG's SMI Private Enterprise Number (21911). */
#define TNC_VENDORID_ANY ((TNC_VendorID)0xffffff)      /**< Wildcard vendor in message type subscriptions. */
#define TNC_SUBTYPE_ANY ((TNC_MessageSubtype)0xff)     /**< Wildcard subtype in message type subscriptions (legacy and long). */
#define TNC_MESSAGE_FLAGS_EXCLUSIVE ((TNC_UInt32)0x80000000)  /**< Deliver only to the named IMC/IMV. */

/* ---- attribute IDs ---- */
#define TNC_ATTRIBUTEID_PREFERRED_LANGUAGE ((TNC_AttributeID)0x00000001) /**< Preferred language(s), RFC 4646 tags (string). */
#define TNC_ATTRIBUTEID_REASON_STRING ((TNC_AttributeID)0x00000002)      /**< IMV: reason for its recommendation (UTF-8, settable). */
#define TNC_ATTRIBUTEID_REASON_LANGUAGE ((TNC_AttributeID)0x00000003)    /**< IMV: language of the reason string (settable). */
#define TNC_ATTRIBUTEID_MAX_ROUND_TRIPS ((TNC_AttributeID)0x00559700)    /**< Maximum round trips (UInt32, network order). */
#define TNC_ATTRIBUTEID_MAX_MESSAGE_SIZE ((TNC_AttributeID)0x00559701)   /**< Maximum message size in bytes (UInt32, network order). */
#define TNC_ATTRIBUTEID_DHPN ((TNC_AttributeID)0x00559702)               /**< Diffie-Hellman pre-negotiation value (unsupported). */
#define TNC_ATTRIBUTEID_HAS_LONG_TYPES ((TNC_AttributeID)0x00559703)     /**< Long message types supported (boolean, 1 byte). */
#define TNC_ATTRIBUTEID_HAS_EXCLUSIVE ((TNC_AttributeID)0x00559704)      /**< Exclusive delivery supported (boolean, 1 byte). */
#define TNC_ATTRIBUTEID_HAS_SOH ((TNC_AttributeID)0x00559705)            /**< Statement of Health supported (boolean, 1 byte). */
#define TNC_ATTRIBUTEID_SOH ((TNC_AttributeID)0x00559706)                /**< IMV: SoH (unsupported). */
#define TNC_ATTRIBUTEID_SSOH ((TNC_AttributeID)0x00559707)               /**< IMV: SSoH (unsupported). */
#define TNC_ATTRIBUTEID_SOHR ((TNC_AttributeID)0x00559708)               /**< IMC: SoHR (unsupported). */
#define TNC_ATTRIBUTEID_SSOHR ((TNC_AttributeID)0x00559709)              /**< IMC: SSoHR (unsupported). */
#define TNC_ATTRIBUTEID_IFTNCCS_PROTOCOL ((TNC_AttributeID)0x0055970A)   /**< IF-TNCCS protocol name, "IF-TNCCS" (NUL-terminated string). */
#define TNC_ATTRIBUTEID_IFTNCCS_VERSION ((TNC_AttributeID)0x0055970B)    /**< IF-TNCCS version, "2.0" (NUL-terminated string). */
#define TNC_ATTRIBUTEID_IFT_PROTOCOL ((TNC_AttributeID)0x0055970C)       /**< IF-T protocol name, "IF-T for TLS" (NUL-terminated string). */
#define TNC_ATTRIBUTEID_IFT_VERSION ((TNC_AttributeID)0x0055970D)        /**< IF-T version, "2.0" (NUL-terminated string). */
#define TNC_ATTRIBUTEID_TLS_UNIQUE ((TNC_AttributeID)0x0055970E)         /**< tls-unique channel binding of the transport (bytes). */
#define TNC_ATTRIBUTEID_IMC_SPTS_TNCS1 ((TNC_AttributeID)0x0055970F)     /**< IMC: supports TNCS 1.x (unsupported). */
#define TNC_ATTRIBUTEID_PRIMARY_IMV_ID ((TNC_AttributeID)0x00559710)     /**< IMV: primary ID of an additional IMV ID (UInt32, network order). */
#define TNC_ATTRIBUTEID_PRIMARY_IMC_ID ((TNC_AttributeID)0x00559711)     /**< IMC: primary ID of an additional IMC ID (UInt32, network order). */
#define TNC_ATTRIBUTEID_AR_IDENTITIES ((TNC_AttributeID)0x00559712)      /**< IMV (IF-IMV 1.4): access requestor identities (unsupported). */

SMGW_END_DECLS

#endif /* SMGW_TNC_TNCIF_H */
