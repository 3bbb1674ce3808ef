/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interfaces of the DLMS part of libsmgw-lmn (not installed). */
#ifndef SMGW_DLMS_INTERNAL_H
#define SMGW_DLMS_INTERNAL_H

#include <smgw/dlms.h>

/* Next item of a with-list walk, with diagnostics (offsets relative to the list). */
int dlms_list_item(struct smgw_dlms_list *l, struct smgw_dlms_list_item *ret, struct smgw_diag *diag);

/* 0 if @p p is a complete, well-formed plain APDU of a kind this library parses. */
int dlms_plain_check(const uint8_t *p, size_t len, uint8_t expected_tag, struct smgw_diag *diag);

#endif
