/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the PKCS#11 backend parses: CKA_EC_POINT values from the token
 * (first byte picks the curve) and the subject of a certificate to store.
 * Results must lie inside the input and be well formed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secmod/secmod-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct smgw__curve *c;
	uint8_t point[SMGW_SECMOD_POINT_MAX];
	size_t n = 0;
	const uint8_t *subj = NULL;

	if (size < 1)
		return 0;
	c = smgw__curve_get(1 + data[0] % 5);
	if (!c)
		abort();
	if (smgw__p11_ec_point_unwrap(c, data + 1, size - 1, point, &n) == 0 &&
	    (n != 1 + 2 * (size_t)c->field_len || point[0] != 0x04))
		abort();
	n = 0;
	if (smgw__p11_cert_subject(data + 1, size - 1, &subj, &n) == 0) {
		if (subj < data + 1 || subj + n > data + size || n < 2 || subj[0] != 0x30)
			abort();
	}
	return 0;
}
