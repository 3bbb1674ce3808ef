/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file error.h
 * @brief The suite-wide error registry, error strings and diagnostics.
 *
 * Every fallible libsmgw function returns an `int`: 0 (or a non-negative
 * count or length) on success and a negative `SMGW_E_*` code on failure.
 * The codes form one registry shared by all libraries, with one range per
 * library. Values are stable: codes are only ever appended, never
 * renumbered or reused.
 *
 * | range        | library        |
 * |--------------|----------------|
 * | -1 ... -99   | libsmgw-core   |
 * | -100 ... -199| libsmgw-pki    |
 * | -200 ... -299| libsmgw-tariff |
 * | -300 ... -399| libsmgw-tnc    |
 * | -400 ... -499| libsmgw-lmn    |
 *
 * Thread safety: no libsmgw library has mutable global state and no
 * library-wide init/cleanup function is required. Distinct objects may be
 * used concurrently from different threads. A single object must not be
 * used from two threads at the same time unless its documentation says
 * otherwise.
 */
#ifndef SMGW_ERROR_H
#define SMGW_ERROR_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>

SMGW_BEGIN_DECLS

/** Error codes. Functions return these negated values; 0 is success. */
enum smgw_error {
	/** Success. */
	SMGW_OK = 0,

	/* ---- libsmgw-core: -1 ... -99 ---- */
	SMGW_E_INVAL = -1,           /**< Invalid argument (programming error). */
	SMGW_E_NOMEM = -2,           /**< Out of memory. */
	SMGW_E_BUFSIZE = -3,         /**< Output buffer too small; the size needed was stored. */
	SMGW_E_UNSUPPORTED = -4,     /**< Operation or feature not supported. */
	SMGW_E_IO = -5,              /**< Input/output error. */
	SMGW_E_RANGE = -6,           /**< A value lies outside its permitted range. */
	SMGW_E_SYNTAX = -7,          /**< Malformed text input. */
	SMGW_E_TRUNCATED = -8,       /**< Input ends before the item is complete. */
	SMGW_E_OVERFLOW = -9,        /**< Arithmetic overflow. */
	SMGW_E_NOTFOUND = -10,       /**< No such item. */
	SMGW_E_EXISTS = -11,         /**< Item exists already. */
	SMGW_E_STATE = -12,          /**< Operation not allowed in the current state. */
	SMGW_E_TIME_NONEXISTENT = -13, /**< Local time does not exist (skipped by the spring DST change). */
	SMGW_E_TIME_AMBIGUOUS = -14, /**< Local time occurs twice (repeated autumn hour). */
	SMGW_E_CRYPTO = -15,         /**< A cryptographic operation failed. */
	SMGW_E_INTEGRITY = -16,      /**< Integrity check failed (hash chain, MAC, signature). */
	SMGW_E_NOSPACE = -17,        /**< No space left in the store or on the device. */
	SMGW_E_CORRUPT = -18,        /**< Stored data is corrupt. */
	SMGW_E_LIMIT = -19,          /**< A configured size, depth or count limit was exceeded. */
	SMGW_E_PERM = -20,           /**< Access denied. */
	SMGW_E_AGAIN = -21,          /**< More input is needed; call again. */
	SMGW_E_TIMEOUT = -22,        /**< Operation timed out. */
	SMGW_E_ENCODING = -23,       /**< Malformed binary encoding (CBOR, ASN.1, TLV). */
	SMGW_E_CHECKSUM = -24,       /**< Checksum or CRC mismatch. */
	SMGW_E_TORN = -25,           /**< Incomplete trailing record (torn write) was found. */
	/* core: append new codes here, before -99 */

	/* ---- libsmgw-pki: -100 ... -199 ---- */
	SMGW_E_PKI_FIRST = -100,     /**< First code of the pki range (not returned). */
	/* pki/cert: -101 ... -149 */
	SMGW_E_PKI_INVALID = -101,     /**< Certificate chain is not valid (see the findings for why). */
	SMGW_E_PKI_EXPIRED = -102,     /**< A certificate of the chain has expired at the validation time. */
	SMGW_E_PKI_NOT_YET_VALID = -103, /**< A certificate of the chain is not yet valid at the validation time. */
	SMGW_E_PKI_REVOKED = -104,     /**< A certificate of the chain is revoked by a CRL. */
	SMGW_E_PKI_NO_ISSUER = -105,   /**< The issuer of a certificate was not found (missing intermediate or wrong issuer). */
	SMGW_E_PKI_SIGNATURE = -106,   /**< A certificate or CRL signature does not verify. */
	SMGW_E_PKI_POLICY = -107,      /**< The chain does not satisfy the required certificate policy. */
	SMGW_E_PKI_USAGE = -108,       /**< A certificate may not be used for the requested purpose (key usage, EKU, CA flag). */
	SMGW_E_PKI_PROFILE = -109,     /**< A certificate breaks the TR-03109-4 profile. */
	SMGW_E_PKI_NO_CRL = -110,      /**< A required CRL is missing, not yet valid or expired. */
	SMGW_E_PKI_UNTRUSTED = -111,   /**< The chain does not end in a trust anchor of the store. */
	/* pki: append new codes here */
	/* pki/secmod: -150 ... -199 */
	SMGW_E_SECMOD_MODULE = -150, /**< Security module: the PKCS#11 module cannot be loaded or initialised. */
	SMGW_E_SECMOD_TOKEN = -151,  /**< Security module: no such token, or the token is not usable. */
	SMGW_E_SECMOD_PIN = -152,    /**< Security module: PIN incorrect or of invalid length. */
	SMGW_E_SECMOD_PIN_LOCKED = -153, /**< Security module: PIN locked or expired. */
	SMGW_E_SECMOD_DEVICE = -154, /**< Security module: device error, token removed or session lost. */
	SMGW_E_SECMOD_POINT = -155,  /**< Security module: the peer public key is not a point of the key's curve. */
	/* pki/secmod: append new codes here */

	/* ---- libsmgw-tariff: -200 ... -299 ---- */
	SMGW_E_TARIFF_FIRST = -200,  /**< First code of the tariff range (not returned). */
	SMGW_E_TARIFF_XML = -201,          /**< Malformed XML document (tariff file or export). */
	SMGW_E_TARIFF_DTD = -202,          /**< XML document with a DTD or entity declarations (refused). */
	SMGW_E_TARIFF_SCHEMA = -203,       /**< Document not valid against the VDE AR 2418-6 schema. */
	SMGW_E_TARIFF_CONTENT = -204,      /**< Element with an unusable value (range, format, count). */
	SMGW_E_TARIFF_PROFILE = -205,      /**< Tariff profile fails a static check. */
	SMGW_E_TARIFF_NO_OVL = -206,       /**< Export holds no original value list. */
	SMGW_E_TARIFF_NOT_OVL = -207,      /**< Export holds a list that is not an original value list (TAF-1). */
	SMGW_E_TARIFF_STAGES = -208,       /**< More tariff stages than original value lists (TAF-1). */
	SMGW_E_TARIFF_NO_READING = -209,   /**< No valid reading where the computation needs one. */
	SMGW_E_TARIFF_TAF = -210,          /**< Tariff use case not evaluated by this engine. */
	SMGW_E_TARIFF_ORDER = -211,        /**< Reading earlier than the one before it. */
	/* tariff: append new codes here */

	/* ---- libsmgw-tnc: -300 ... -399 ---- */
	SMGW_E_TNC_FIRST = -300,     /**< First code of the tnc range (not returned). */
	/* tnc/pa, pb, pt: -301 ... -349 */
	SMGW_E_TNC_PA_VERSION = -301,     /**< PA-TNC: message version not supported. */
	SMGW_E_TNC_PA_INVALID = -302,     /**< PA-TNC: invalid parameter (malformed message or attribute). */
	SMGW_E_TNC_PA_UNSUPPORTED = -303, /**< PA-TNC: unsupported attribute with NOSKIP. */
	SMGW_E_TNC_PB_VERSION = -304,     /**< PB-TNC: batch version not supported. */
	SMGW_E_TNC_PB_INVALID = -305,     /**< PB-TNC: invalid parameter (malformed batch or message). */
	SMGW_E_TNC_PB_UNEXPECTED = -306,  /**< PB-TNC: batch type not allowed in this state. */
	SMGW_E_TNC_PB_UNSUPPORTED = -307, /**< PB-TNC: unsupported mandatory (NOSKIP) message. */
	SMGW_E_TNC_PB_RETRY_REFUSED = -308, /**< PB-TNC: retry refused by policy (one assessment per connection). */
	SMGW_E_TNC_PT_MALFORMED = -310,   /**< PT-TLS: malformed message. */
	SMGW_E_TNC_PT_VERSION = -311,     /**< PT-TLS: no common version. */
	SMGW_E_TNC_PT_TYPE = -312,        /**< PT-TLS: message type not supported. */
	SMGW_E_TNC_PT_INVALID_MSG = -313, /**< PT-TLS: message not allowed in this phase. */
	SMGW_E_TNC_PT_SASL = -314,        /**< PT-TLS: SASL mechanism error. */
	SMGW_E_TNC_PT_INVALID_PARAM = -315, /**< PT-TLS: invalid parameter in a message. */
	SMGW_E_TNC_PT_PEER_ERROR = -316,  /**< PT-TLS: the peer sent a PT-TLS Error. */
	SMGW_E_TNC_PT_AUTH = -317,        /**< PT-TLS: SASL authentication failed. */
	SMGW_E_TNC_PT_CLOSED = -318,      /**< PT-TLS: connection closed by the peer. */
	/* tnc: append new codes here */
	/* tnc/imc (IF-IMC, IF-IMV, TNCC, TNCS): -350 ... -399 */
	SMGW_E_TNC_MODULE_LOAD = -350,    /**< IMC/IMV: the module could not be loaded (dlopen). */
	SMGW_E_TNC_MODULE_SYMBOL = -351,  /**< IMC/IMV: a mandatory IF-IMC/IF-IMV function is missing. */
	SMGW_E_TNC_MODULE_VERSION = -352, /**< IMC/IMV: no common interface version. */
	SMGW_E_TNC_MODULE_INIT = -353,    /**< IMC/IMV: Initialize or ProvideBindFunction failed. */
	SMGW_E_TNC_ASSESSMENT = -354,     /**< TNCC/TNCS: the assessment ended without a result. */
	/* tnc/imc: append new codes here */

	/* ---- libsmgw-lmn: -400 ... -499 ---- */
	SMGW_E_LMN_FIRST = -400,     /**< First code of the lmn range (not returned). */
	/* lmn/sml: -401 ... -429 */
	SMGW_E_SML_ESCAPE = -401,    /**< SML transport: unknown escape sequence. */
	SMGW_E_SML_PADDING = -402,   /**< SML transport: padding count larger than the frame. */
	SMGW_E_SML_RESTART = -403,   /**< SML transport: new start sequence inside a frame (frame cut off). */
	SMGW_E_SML_TYPE = -404,      /**< SML: element of the wrong type or list of the wrong length. */
	SMGW_E_SML_MSG_CRC = -405,   /**< SML: message CRC mismatch. */
	SMGW_E_SML_NOT_NUMERIC = -406, /**< SML: the value is not an integer or boolean. */
	SMGW_E_SML_OBIS = -407,      /**< SML: objName is not a 6-byte OBIS code. */
	SMGW_E_SML_EMPTY = -408,     /**< SML: the file holds no message. */
	/* lmn/dlms: -430 ... -459 */
	SMGW_E_DLMS_APDU = -430,     /**< DLMS: unknown APDU tag or service choice. */
	SMGW_E_DLMS_TRAILING = -431, /**< DLMS: bytes after the end of the APDU. */
	SMGW_E_DLMS_ACSE = -432,     /**< DLMS: malformed or missing ACSE field (AARQ/AARE/RLRQ/RLRE). */
	SMGW_E_DLMS_SECURITY = -433, /**< DLMS: unsupported security control (suite, compression, key set). */
	SMGW_E_DLMS_AUTH_TAG = -434, /**< DLMS: authentication tag mismatch (wrong key or altered APDU). */
	SMGW_E_DLMS_NO_KEY = -435,   /**< DLMS: the APDU is ciphered and the key it needs was not given. */
	SMGW_E_DLMS_DECRYPT = -436,  /**< DLMS: decrypted content is not an APDU (wrong encryption key). */
	SMGW_E_DLMS_COMPACT = -437,  /**< DLMS: compact-array contents do not match their description. */
	SMGW_E_DLMS_TYPE = -438,     /**< DLMS: attribute value of the wrong type for its COSEM class. */
	SMGW_E_DLMS_TIME = -439,     /**< DLMS: date-time with unspecified fields where an instant is needed. */
	SMGW_E_DLMS_BLOCK = -440,    /**< DLMS: data block out of sequence (block number or a block after the last). */
	SMGW_E_DLMS_ACCESS = -441,   /**< DLMS: the server answered with a data-access-result instead of data. */
	/* lmn/wmbus: -460 ... -489 */
	SMGW_E_WMBUS_LENGTH = -460,  /**< wM-Bus: length does not fit the L field, or data beyond the end. */
	SMGW_E_WMBUS_CI = -461,      /**< wM-Bus: unknown or unsupported CI field. */
	SMGW_E_WMBUS_NOKEY = -462,   /**< wM-Bus: the telegram is encrypted and no key was given. */
	SMGW_E_WMBUS_KEY = -463,     /**< wM-Bus: decryption check failed (no 2F 2F, ELL payload CRC): wrong key. */
	SMGW_E_WMBUS_MAC = -464,     /**< wM-Bus: AFL MAC mismatch: wrong key or altered telegram. */
	SMGW_E_WMBUS_SECURITY = -465, /**< wM-Bus: security mode or encryption not supported. */
	SMGW_E_WMBUS_RECORD = -466,  /**< wM-Bus: malformed data record (DIF/VIF). */
	SMGW_E_WMBUS_FORMAT_UNKNOWN = -467, /**< wM-Bus: compact frame whose format signature was not learned from a full frame of the meter. */
	SMGW_E_WMBUS_FORMAT_SIGNATURE = -468, /**< wM-Bus: format signature does not match the format (CRC over the DIF/VIF sequence). */
	SMGW_E_WMBUS_COMPACT_CRC = -469, /**< wM-Bus: compact frame data CRC (over the full frame it stands for) mismatch. */
	SMGW_E_WMBUS_COMPACT_LENGTH = -470, /**< wM-Bus: compact frame data longer than its format describes. */
	SMGW_E_WMBUS_FORMAT_FULL = -471, /**< wM-Bus: the format cache has no free entry. */
	SMGW_E_WMBUS_FORMAT_LENGTH = -472, /**< wM-Bus: the DIF/VIF sequence of a full frame exceeds SMGW_WMBUS_FORMAT_MAX. */
	/* lmn: append new codes here */
};

/**
 * Describes an error code in English.
 *
 * @param err a value returned by a libsmgw function (negative), or 0
 * @return a static string; "unknown error" for values this build does not know
 */
SMGW_EXPORT const char *smgw_strerror(int err);

/**
 * Returns the symbolic name of an error code, e.g. "SMGW_E_SYNTAX".
 *
 * @param err an error code
 * @return a static string; "SMGW_E_UNKNOWN" for values this build does not know
 */
SMGW_EXPORT const char *smgw_strerror_name(int err);

/**
 * Details of a data-dependent failure: which byte, which line, which
 * certificate field. Caller-allocated; set @ref struct_size to
 * `sizeof(struct smgw_diag)` (or use @ref SMGW_DIAG_INIT). The library
 * writes only the members that fit in @ref struct_size, so code compiled
 * against an older, smaller layout stays safe.
 */
struct smgw_diag {
	uint32_t struct_size;   /**< sizeof(struct smgw_diag) as compiled by the caller */
	int32_t code;           /**< the SMGW_E_* code that was returned */
	uint64_t offset;        /**< byte offset into the input, or UINT64_MAX if not applicable */
	uint32_t line;          /**< 1-based line of text input, 0 if not applicable */
	int32_t depth;          /**< nesting depth or chain position, -1 if not applicable */
	uint64_t openssl_err;   /**< OpenSSL ERR_peek_last_error() value, 0 if none */
	char message[128];      /**< NUL-terminated English message */
};

/** Static initializer for a struct smgw_diag. */
#define SMGW_DIAG_INIT { sizeof(struct smgw_diag), 0, UINT64_MAX, 0, -1, 0, { 0 } }

/**
 * Resets a diagnostics struct: code 0, offset UINT64_MAX, depth -1, empty
 * message. Honours @p diag->struct_size, which must be set.
 *
 * @param diag the struct to reset; NULL is allowed and ignored
 */
SMGW_EXPORT void smgw_diag_clear(struct smgw_diag *diag);

/**
 * Fills a diagnostics struct. For libraries and backends that report
 * data-dependent failures. Writes only members inside @p diag->struct_size.
 *
 * @param diag the struct to fill, or NULL (then nothing happens)
 * @param code the error code that will be returned
 * @param offset byte offset into the input, or UINT64_MAX
 * @param fmt printf-style message format
 * @return @p code, so that `return smgw_diag_set(d, SMGW_E_SYNTAX, ...)` works
 */
SMGW_EXPORT int smgw_diag_set(struct smgw_diag *diag, int code, uint64_t offset,
			      const char *fmt, ...) SMGW_PRINTF(4, 5);

SMGW_END_DECLS

#endif /* SMGW_ERROR_H */
