/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interfaces of the PB-TNC codec and session. */
#ifndef SMGW_TNC_PB_PRIVATE_H
#define SMGW_TNC_PB_PRIVATE_H

#include <smgw/tnc/pb.h>

/* The receive checks in strongSwan's order: the header (length, version,
 * direction bit with expect_server 1/0/-1 for set/clear/unchecked, batch
 * type), the Batch Length, and the framing of the message at pos. Each
 * returns 0 or the error with ret_error (may be NULL) and diag filled. */
int smgw__pb_header_check(const uint8_t *d, size_t len, int expect_server, uint8_t *ret_type,
			  struct smgw_pb_error *ret_error, struct smgw_diag *diag);
int smgw__pb_length_check(const uint8_t *d, size_t len, struct smgw_pb_error *ret_error,
			  struct smgw_diag *diag);
int smgw__pb_msg_frame_check(const uint8_t *d, size_t len, size_t pos, uint32_t *ret_len,
			     struct smgw_pb_error *ret_error, struct smgw_diag *diag);

/* A fatal IETF PB-Error with an offset. */
void smgw__pb_error_init(struct smgw_pb_error *e, uint16_t code, uint32_t offset);

/* Fills ret_error (if non-NULL) and diag, returns err. */
int smgw__pb_fail(struct smgw_pb_error *ret_error, int err, uint16_t code, uint32_t offset,
		  struct smgw_diag *diag, const char *what);

#endif /* SMGW_TNC_PB_PRIVATE_H */
