/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signature and point encodings of the security module: DER
 * ECDSA-Sig-Value to raw r||s (strict DER) and back, which must give the
 * same bytes; the point check must accept only points of the curve. The
 * first byte picks the curve.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secmod/secmod-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct smgw__curve *c;
	uint8_t rs[SMGW_SECMOD_SIG_RAW_MAX], der[SMGW_SECMOD_SIG_DER_MAX];
	size_t rn = sizeof(rs), dn = sizeof(der);
	int rc;

	if (size < 1)
		return 0;
	c = smgw__curve_get(1 + data[0] % 5);
	if (!c)
		abort();
	rc = smgw__sig_der_to_raw(data + 1, size - 1, c->order_len, rs, &rn);
	if (rc == 0) {
		if (rn != 2 * (size_t)c->order_len)
			abort();
		if (smgw__sig_raw_to_der(rs, rn, der, &dn) != 0 || dn > smgw__sig_der_max(c->order_len))
			abort();
		/* Strict DER in means the same DER out. */
		if (dn != size - 1 || memcmp(der, data + 1, dn) != 0)
			abort();
	} else if (rc != SMGW_E_ENCODING) {
		abort();
	}
	rc = smgw__point_check(NULL, c, data + 1, size - 1);
	if (rc != 0 && rc != SMGW_E_SECMOD_POINT && rc != SMGW_E_CRYPTO)
		abort();
	return 0;
}
