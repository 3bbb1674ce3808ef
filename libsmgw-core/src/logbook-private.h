/* SPDX-License-Identifier: Apache-2.0 */
/* Private parts of the logbooks. Never installed. */
#ifndef SMGW_LOGBOOK_PRIVATE_H
#define SMGW_LOGBOOK_PRIVATE_H

#include <smgw/logbook.h>
#include <smgw/sys/logstore.h>

struct smgw_logstore {
	struct smgw_logstore_ops ops; /* zero-extended copy of the caller's table */
	void *backend;
	smgw_ctx *ctx;
};

/* Segment file: 16-byte header, then frames. */
#define SMGW__LOG_MAGIC "SMGWLOG\x01"
#define SMGW__LOG_HDR 16
/* Frame: u32 BE length, CBOR record, u32 BE CRC-32 of the CBOR bytes. */
#define SMGW__LOG_FRAME_OVERHEAD 8
#define SMGW__LOG_CBOR_MAX 4096
#define SMGW__LOG_NFIELDS 16

/* A decoded record whose strings point into scratch storage. */
struct smgw__log_decoded {
	struct smgw_logbook_record rec;
	char strings[4][SMGW_LOGBOOK_TEXT_MAX + 1];
	uint8_t data[SMGW_LOGBOOK_DATA_MAX];
	uint8_t sig[SMGW_LOGBOOK_SIG_MAX];
};

/* Decodes one record (strict: re-encoding must give the same bytes). */
int smgw__log_decode(const uint8_t *cbor, size_t len, struct smgw__log_decoded *out);
uint32_t smgw__crc32(const uint8_t *p, size_t n);

#endif
