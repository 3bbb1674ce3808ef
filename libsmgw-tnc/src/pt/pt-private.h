/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interfaces of the PT-TLS codec and engine. */
#ifndef SMGW_TNC_PT_PRIVATE_H
#define SMGW_TNC_PT_PRIVATE_H

#include <smgw/tnc/pt.h>

void smgw__pt_write_hdr(struct smgw_writer *w, uint32_t vendor, uint32_t type, uint32_t length,
			uint32_t msg_id);

/* 1 if name[0..len) is a valid SASL mechanism name (RFC 4422 3.1). */
int smgw__pt_sasl_name_ok(const char *name, size_t len);

#endif /* SMGW_TNC_PT_PRIVATE_H */
