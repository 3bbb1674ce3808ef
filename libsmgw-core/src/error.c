/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core-private.h"

struct err_entry {
	int code;
	const char *name;
	const char *text;
};

/* The registry. Append only; keep in the order of smgw/error.h. */
static const struct err_entry errors[] = {
	{ SMGW_OK, "SMGW_OK", "success" },
	{ SMGW_E_INVAL, "SMGW_E_INVAL", "invalid argument" },
	{ SMGW_E_NOMEM, "SMGW_E_NOMEM", "out of memory" },
	{ SMGW_E_BUFSIZE, "SMGW_E_BUFSIZE", "output buffer too small" },
	{ SMGW_E_UNSUPPORTED, "SMGW_E_UNSUPPORTED", "operation not supported" },
	{ SMGW_E_IO, "SMGW_E_IO", "input/output error" },
	{ SMGW_E_RANGE, "SMGW_E_RANGE", "value out of range" },
	{ SMGW_E_SYNTAX, "SMGW_E_SYNTAX", "malformed text" },
	{ SMGW_E_TRUNCATED, "SMGW_E_TRUNCATED", "input truncated" },
	{ SMGW_E_OVERFLOW, "SMGW_E_OVERFLOW", "arithmetic overflow" },
	{ SMGW_E_NOTFOUND, "SMGW_E_NOTFOUND", "not found" },
	{ SMGW_E_EXISTS, "SMGW_E_EXISTS", "already exists" },
	{ SMGW_E_STATE, "SMGW_E_STATE", "operation not allowed in this state" },
	{ SMGW_E_TIME_NONEXISTENT, "SMGW_E_TIME_NONEXISTENT", "local time does not exist (skipped by summer time change)" },
	{ SMGW_E_TIME_AMBIGUOUS, "SMGW_E_TIME_AMBIGUOUS", "local time is ambiguous (repeated hour at winter time change)" },
	{ SMGW_E_CRYPTO, "SMGW_E_CRYPTO", "cryptographic operation failed" },
	{ SMGW_E_INTEGRITY, "SMGW_E_INTEGRITY", "integrity check failed" },
	{ SMGW_E_NOSPACE, "SMGW_E_NOSPACE", "no space left" },
	{ SMGW_E_CORRUPT, "SMGW_E_CORRUPT", "stored data is corrupt" },
	{ SMGW_E_LIMIT, "SMGW_E_LIMIT", "size, depth or count limit exceeded" },
	{ SMGW_E_PERM, "SMGW_E_PERM", "access denied" },
	{ SMGW_E_AGAIN, "SMGW_E_AGAIN", "more input needed" },
	{ SMGW_E_TIMEOUT, "SMGW_E_TIMEOUT", "operation timed out" },
	{ SMGW_E_ENCODING, "SMGW_E_ENCODING", "malformed binary encoding" },
	{ SMGW_E_CHECKSUM, "SMGW_E_CHECKSUM", "checksum mismatch" },
	{ SMGW_E_TORN, "SMGW_E_TORN", "incomplete trailing record" },
	/* core: append here */
	/* pki: append here */
	{ SMGW_E_TARIFF_XML, "SMGW_E_TARIFF_XML", "tariff: malformed XML" },
	{ SMGW_E_TARIFF_DTD, "SMGW_E_TARIFF_DTD", "tariff: DTD or entities not allowed" },
	{ SMGW_E_TARIFF_SCHEMA, "SMGW_E_TARIFF_SCHEMA", "tariff: not valid against the AR 2418-6 schema" },
	{ SMGW_E_TARIFF_CONTENT, "SMGW_E_TARIFF_CONTENT", "tariff: unusable element value" },
	{ SMGW_E_TARIFF_PROFILE, "SMGW_E_TARIFF_PROFILE", "tariff: profile fails a static check" },
	{ SMGW_E_TARIFF_NO_OVL, "SMGW_E_TARIFF_NO_OVL", "tariff: no original value list" },
	{ SMGW_E_TARIFF_NOT_OVL, "SMGW_E_TARIFF_NOT_OVL", "tariff: list is not an original value list" },
	{ SMGW_E_TARIFF_STAGES, "SMGW_E_TARIFF_STAGES", "tariff: more stages than original value lists" },
	{ SMGW_E_TARIFF_NO_READING, "SMGW_E_TARIFF_NO_READING", "tariff: no valid reading at a required time" },
	{ SMGW_E_TARIFF_TAF, "SMGW_E_TARIFF_TAF", "tariff: tariff use case not supported" },
	{ SMGW_E_TARIFF_ORDER, "SMGW_E_TARIFF_ORDER", "tariff: reading out of time order" },
	/* pki/cert */
	{ SMGW_E_PKI_INVALID, "SMGW_E_PKI_INVALID", "certificate chain not valid" },
	{ SMGW_E_PKI_EXPIRED, "SMGW_E_PKI_EXPIRED", "certificate expired" },
	{ SMGW_E_PKI_NOT_YET_VALID, "SMGW_E_PKI_NOT_YET_VALID", "certificate not yet valid" },
	{ SMGW_E_PKI_REVOKED, "SMGW_E_PKI_REVOKED", "certificate revoked" },
	{ SMGW_E_PKI_NO_ISSUER, "SMGW_E_PKI_NO_ISSUER", "issuer certificate not found" },
	{ SMGW_E_PKI_SIGNATURE, "SMGW_E_PKI_SIGNATURE", "signature does not verify" },
	{ SMGW_E_PKI_POLICY, "SMGW_E_PKI_POLICY", "certificate policy not satisfied" },
	{ SMGW_E_PKI_USAGE, "SMGW_E_PKI_USAGE", "certificate not usable for this purpose" },
	{ SMGW_E_PKI_PROFILE, "SMGW_E_PKI_PROFILE", "certificate breaks the SM-PKI profile" },
	{ SMGW_E_PKI_NO_CRL, "SMGW_E_PKI_NO_CRL", "CRL missing or out of date" },
	{ SMGW_E_PKI_UNTRUSTED, "SMGW_E_PKI_UNTRUSTED", "chain does not end in a trust anchor" },
	/* pki/secmod */
	{ SMGW_E_SECMOD_MODULE, "SMGW_E_SECMOD_MODULE", "security module: module cannot be loaded or initialised" },
	{ SMGW_E_SECMOD_TOKEN, "SMGW_E_SECMOD_TOKEN", "security module: token not found or not usable" },
	{ SMGW_E_SECMOD_PIN, "SMGW_E_SECMOD_PIN", "security module: PIN incorrect" },
	{ SMGW_E_SECMOD_PIN_LOCKED, "SMGW_E_SECMOD_PIN_LOCKED", "security module: PIN locked or expired" },
	{ SMGW_E_SECMOD_DEVICE, "SMGW_E_SECMOD_DEVICE", "security module: device error or session lost" },
	{ SMGW_E_SECMOD_POINT, "SMGW_E_SECMOD_POINT", "security module: peer key is not a point of the curve" },
	/* pki/secmod: append here */
	/* tariff: append here */
	{ SMGW_E_TNC_PA_VERSION, "SMGW_E_TNC_PA_VERSION", "PA-TNC: version not supported" },
	{ SMGW_E_TNC_PA_INVALID, "SMGW_E_TNC_PA_INVALID", "PA-TNC: invalid parameter" },
	{ SMGW_E_TNC_PA_UNSUPPORTED, "SMGW_E_TNC_PA_UNSUPPORTED", "PA-TNC: unsupported NOSKIP attribute" },
	{ SMGW_E_TNC_PB_VERSION, "SMGW_E_TNC_PB_VERSION", "PB-TNC: version not supported" },
	{ SMGW_E_TNC_PB_INVALID, "SMGW_E_TNC_PB_INVALID", "PB-TNC: invalid parameter" },
	{ SMGW_E_TNC_PB_UNEXPECTED, "SMGW_E_TNC_PB_UNEXPECTED", "PB-TNC: unexpected batch type" },
	{ SMGW_E_TNC_PB_UNSUPPORTED, "SMGW_E_TNC_PB_UNSUPPORTED", "PB-TNC: unsupported mandatory message" },
	{ SMGW_E_TNC_PB_RETRY_REFUSED, "SMGW_E_TNC_PB_RETRY_REFUSED", "PB-TNC: retry refused by policy" },
	{ SMGW_E_TNC_PT_MALFORMED, "SMGW_E_TNC_PT_MALFORMED", "PT-TLS: malformed message" },
	{ SMGW_E_TNC_PT_VERSION, "SMGW_E_TNC_PT_VERSION", "PT-TLS: version not supported" },
	{ SMGW_E_TNC_PT_TYPE, "SMGW_E_TNC_PT_TYPE", "PT-TLS: message type not supported" },
	{ SMGW_E_TNC_PT_INVALID_MSG, "SMGW_E_TNC_PT_INVALID_MSG", "PT-TLS: message not allowed now" },
	{ SMGW_E_TNC_PT_SASL, "SMGW_E_TNC_PT_SASL", "PT-TLS: SASL mechanism error" },
	{ SMGW_E_TNC_PT_INVALID_PARAM, "SMGW_E_TNC_PT_INVALID_PARAM", "PT-TLS: invalid parameter" },
	{ SMGW_E_TNC_PT_PEER_ERROR, "SMGW_E_TNC_PT_PEER_ERROR", "PT-TLS: peer sent an error" },
	{ SMGW_E_TNC_PT_AUTH, "SMGW_E_TNC_PT_AUTH", "PT-TLS: SASL authentication failed" },
	{ SMGW_E_TNC_PT_CLOSED, "SMGW_E_TNC_PT_CLOSED", "PT-TLS: connection closed by peer" },
	/* tnc: append here */
	{ SMGW_E_TNC_MODULE_LOAD, "SMGW_E_TNC_MODULE_LOAD", "IMC/IMV module could not be loaded" },
	{ SMGW_E_TNC_MODULE_SYMBOL, "SMGW_E_TNC_MODULE_SYMBOL", "IMC/IMV module lacks a mandatory function" },
	{ SMGW_E_TNC_MODULE_VERSION, "SMGW_E_TNC_MODULE_VERSION", "IMC/IMV module: no common interface version" },
	{ SMGW_E_TNC_MODULE_INIT, "SMGW_E_TNC_MODULE_INIT", "IMC/IMV module initialization failed" },
	{ SMGW_E_TNC_ASSESSMENT, "SMGW_E_TNC_ASSESSMENT", "TNC assessment ended without a result" },
	/* tnc/imc: append here */
	{ SMGW_E_SML_ESCAPE, "SMGW_E_SML_ESCAPE", "SML transport: unknown escape sequence" },
	{ SMGW_E_SML_PADDING, "SMGW_E_SML_PADDING", "SML transport: bad padding" },
	{ SMGW_E_SML_RESTART, "SMGW_E_SML_RESTART", "SML transport: frame cut off by a new start sequence" },
	{ SMGW_E_SML_TYPE, "SMGW_E_SML_TYPE", "SML: element of the wrong type or list length" },
	{ SMGW_E_SML_MSG_CRC, "SMGW_E_SML_MSG_CRC", "SML: message CRC mismatch" },
	{ SMGW_E_SML_NOT_NUMERIC, "SMGW_E_SML_NOT_NUMERIC", "SML: value is not a number" },
	{ SMGW_E_SML_OBIS, "SMGW_E_SML_OBIS", "SML: object name is not an OBIS code" },
	{ SMGW_E_SML_EMPTY, "SMGW_E_SML_EMPTY", "SML: file holds no message" },
	{ SMGW_E_DLMS_APDU, "SMGW_E_DLMS_APDU", "DLMS: unknown APDU or service choice" },
	{ SMGW_E_DLMS_TRAILING, "SMGW_E_DLMS_TRAILING", "DLMS: bytes after the end of the APDU" },
	{ SMGW_E_DLMS_ACSE, "SMGW_E_DLMS_ACSE", "DLMS: malformed or missing ACSE field" },
	{ SMGW_E_DLMS_SECURITY, "SMGW_E_DLMS_SECURITY", "DLMS: unsupported security control" },
	{ SMGW_E_DLMS_AUTH_TAG, "SMGW_E_DLMS_AUTH_TAG", "DLMS: authentication tag mismatch (wrong key or altered APDU)" },
	{ SMGW_E_DLMS_NO_KEY, "SMGW_E_DLMS_NO_KEY", "DLMS: ciphered APDU and no key given" },
	{ SMGW_E_DLMS_DECRYPT, "SMGW_E_DLMS_DECRYPT", "DLMS: decrypted content is not an APDU (wrong key)" },
	{ SMGW_E_DLMS_COMPACT, "SMGW_E_DLMS_COMPACT", "DLMS: compact-array contents do not match their description" },
	{ SMGW_E_DLMS_TYPE, "SMGW_E_DLMS_TYPE", "DLMS: attribute value of the wrong type for its class" },
	{ SMGW_E_DLMS_TIME, "SMGW_E_DLMS_TIME", "DLMS: date-time does not denote an instant" },
	{ SMGW_E_DLMS_BLOCK, "SMGW_E_DLMS_BLOCK", "DLMS: data block out of sequence" },
	{ SMGW_E_DLMS_ACCESS, "SMGW_E_DLMS_ACCESS", "DLMS: data-access-result instead of data" },
	{ SMGW_E_WMBUS_LENGTH, "SMGW_E_WMBUS_LENGTH", "wM-Bus: length does not fit the L field" },
	{ SMGW_E_WMBUS_CI, "SMGW_E_WMBUS_CI", "wM-Bus: unknown or unsupported CI field" },
	{ SMGW_E_WMBUS_NOKEY, "SMGW_E_WMBUS_NOKEY", "wM-Bus: telegram is encrypted, no key given" },
	{ SMGW_E_WMBUS_KEY, "SMGW_E_WMBUS_KEY", "wM-Bus: decryption check failed (wrong key)" },
	{ SMGW_E_WMBUS_MAC, "SMGW_E_WMBUS_MAC", "wM-Bus: MAC mismatch (wrong key or altered telegram)" },
	{ SMGW_E_WMBUS_SECURITY, "SMGW_E_WMBUS_SECURITY", "wM-Bus: security mode not supported" },
	{ SMGW_E_WMBUS_RECORD, "SMGW_E_WMBUS_RECORD", "wM-Bus: malformed data record" },
	{ SMGW_E_WMBUS_FORMAT_UNKNOWN, "SMGW_E_WMBUS_FORMAT_UNKNOWN", "wM-Bus: compact frame of an unknown format (no full frame seen)" },
	{ SMGW_E_WMBUS_FORMAT_SIGNATURE, "SMGW_E_WMBUS_FORMAT_SIGNATURE", "wM-Bus: format signature does not match the format" },
	{ SMGW_E_WMBUS_COMPACT_CRC, "SMGW_E_WMBUS_COMPACT_CRC", "wM-Bus: compact frame data CRC mismatch" },
	{ SMGW_E_WMBUS_COMPACT_LENGTH, "SMGW_E_WMBUS_COMPACT_LENGTH", "wM-Bus: compact frame data longer than its format" },
	{ SMGW_E_WMBUS_FORMAT_FULL, "SMGW_E_WMBUS_FORMAT_FULL", "wM-Bus: format cache full" },
	{ SMGW_E_WMBUS_FORMAT_LENGTH, "SMGW_E_WMBUS_FORMAT_LENGTH", "wM-Bus: record format too long to keep" },
	/* lmn: append here */
};

static const struct err_entry *lookup(int err)
{
	size_t i;

	for (i = 0; i < SMGW_ARRAY_SIZE(errors); i++)
		if (errors[i].code == err)
			return &errors[i];
	return NULL;
}

SMGW_EXPORT const char *smgw_strerror(int err)
{
	const struct err_entry *e = lookup(err);

	return e ? e->text : "unknown error";
}

SMGW_EXPORT const char *smgw_strerror_name(int err)
{
	const struct err_entry *e = lookup(err);

	return e ? e->name : "SMGW_E_UNKNOWN";
}

/* Members of struct smgw_diag that fit into the caller's struct_size. */
#define DIAG_HAS(d, member) \
	((d)->struct_size >= offsetof(struct smgw_diag, member) + sizeof((d)->member))

SMGW_EXPORT void smgw_diag_clear(struct smgw_diag *diag)
{
	if (!diag)
		return;
	if (DIAG_HAS(diag, code))
		diag->code = 0;
	if (DIAG_HAS(diag, offset))
		diag->offset = UINT64_MAX;
	if (DIAG_HAS(diag, line))
		diag->line = 0;
	if (DIAG_HAS(diag, depth))
		diag->depth = -1;
	if (DIAG_HAS(diag, openssl_err))
		diag->openssl_err = 0;
	if (DIAG_HAS(diag, message))
		diag->message[0] = '\0';
}

SMGW_EXPORT int smgw_diag_set(struct smgw_diag *diag, int code, uint64_t offset, const char *fmt, ...)
{
	va_list ap;

	if (!diag)
		return code;
	if (DIAG_HAS(diag, code))
		diag->code = code;
	if (DIAG_HAS(diag, offset))
		diag->offset = offset;
	if (DIAG_HAS(diag, message)) {
		if (fmt) {
			va_start(ap, fmt);
			vsnprintf(diag->message, sizeof(diag->message), fmt, ap);
			va_end(ap);
		} else {
			snprintf(diag->message, sizeof(diag->message), "%s", smgw_strerror(code));
		}
	}
	return code;
}
