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
	/* tariff: append here */
	/* tnc: append here */
	{ SMGW_E_SML_ESCAPE, "SMGW_E_SML_ESCAPE", "SML transport: unknown escape sequence" },
	{ SMGW_E_SML_PADDING, "SMGW_E_SML_PADDING", "SML transport: bad padding" },
	{ SMGW_E_SML_RESTART, "SMGW_E_SML_RESTART", "SML transport: frame cut off by a new start sequence" },
	{ SMGW_E_SML_TYPE, "SMGW_E_SML_TYPE", "SML: element of the wrong type or list length" },
	{ SMGW_E_SML_MSG_CRC, "SMGW_E_SML_MSG_CRC", "SML: message CRC mismatch" },
	{ SMGW_E_SML_NOT_NUMERIC, "SMGW_E_SML_NOT_NUMERIC", "SML: value is not a number" },
	{ SMGW_E_SML_OBIS, "SMGW_E_SML_OBIS", "SML: object name is not an OBIS code" },
	{ SMGW_E_SML_EMPTY, "SMGW_E_SML_EMPTY", "SML: file holds no message" },
	{ SMGW_E_WMBUS_LENGTH, "SMGW_E_WMBUS_LENGTH", "wM-Bus: length does not fit the L field" },
	{ SMGW_E_WMBUS_CI, "SMGW_E_WMBUS_CI", "wM-Bus: unknown or unsupported CI field" },
	{ SMGW_E_WMBUS_NOKEY, "SMGW_E_WMBUS_NOKEY", "wM-Bus: telegram is encrypted, no key given" },
	{ SMGW_E_WMBUS_KEY, "SMGW_E_WMBUS_KEY", "wM-Bus: decryption check failed (wrong key)" },
	{ SMGW_E_WMBUS_MAC, "SMGW_E_WMBUS_MAC", "wM-Bus: MAC mismatch (wrong key or altered telegram)" },
	{ SMGW_E_WMBUS_SECURITY, "SMGW_E_WMBUS_SECURITY", "wM-Bus: security mode not supported" },
	{ SMGW_E_WMBUS_RECORD, "SMGW_E_WMBUS_RECORD", "wM-Bus: malformed data record" },
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
