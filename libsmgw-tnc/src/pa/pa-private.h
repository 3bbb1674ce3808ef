/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interfaces of the PA-TNC codec. */
#ifndef SMGW_TNC_PA_PRIVATE_H
#define SMGW_TNC_PA_PRIVATE_H

#include <smgw/tnc/pa.h>

/* Highest IETF attribute type with a built-in validator. */
#define SMGW__PA_IETF_MAX 17u

/* Looks (vendor, type) up. reg NULL: the IETF attributes 0-17. Returns 1
 * if supported (then *ret_fn and *ret_ud are set when non-NULL), 0 if not. */
int smgw__pa_registry_find(const smgw_pa_registry *reg, uint32_t vendor, uint32_t type,
			   smgw_pa_validate_fn *ret_fn, void **ret_ud);

/* Built-in value check of IETF attributes 0-17: 0, or SMGW_E_TNC_PA_INVALID
 * with diag->offset = offset inside the value. */
int smgw__pa_ietf_validate(const struct smgw_pa_attr *a, struct smgw_diag *diag);

/* The 20 characters "YYYY-MM-DDTHH:MM:SSZ" (RFC 3339 date-time in UTC
 * without fractions, as RFC 5792 Last Use and RFC 8412 event timestamps
 * are written): the index of the first bad character, or -1. */
int smgw__pa_check_rfc3339(const uint8_t *p);

/* Remediation parameters (PA attribute 10 and PB-Remediation-Parameters):
 * decode with the offset of the bad field, write the value part. */
int smgw__tnc_remediation_decode(const uint8_t *v, size_t len, struct smgw_tnc_remediation *ret,
				 size_t *ret_bad, const char **ret_what);
int smgw__tnc_remediation_write(struct smgw_writer *w, const struct smgw_tnc_remediation *r);

#endif /* SMGW_TNC_PA_PRIVATE_H */
