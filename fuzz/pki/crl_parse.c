/* SPDX-License-Identifier: Apache-2.0 */
/*
 * X.509 CRL parsing (DER and PEM) and the CRL getters: issuer, update
 * times and every revoked entry.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/pki.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One pki context for all inputs (see cert_parse.c). */
static smgw_pki *pki_env(void)
{
	static smgw_ctx *ctx;
	static smgw_pki *pki;

	if (!pki && (smgw_ctx_new(NULL, &ctx) != 0 || smgw_pki_new(ctx, &pki) != 0))
		abort();
	return pki;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	smgw_pki *pki = pki_env();
	smgw_crl *crl = NULL;
	size_t used = 0, i, n;
	char buf[512];
	uint8_t serial[128];
	int64_t tu, nu, at;
	int32_t reason;

	if (smgw_crl_parse(pki, data, size, &used, &crl, NULL) != 0)
		return 0;
	if (used == 0 || used > size)
		abort();
	n = sizeof(buf);
	if (smgw_crl_issuer(crl, buf, &n) == 0 && strlen(buf) != n)
		abort();
	(void)smgw_crl_times(crl, &tu, &nu);
	for (i = 0; i < smgw_crl_count(crl) && i < 4096; i++) {
		n = sizeof(serial);
		(void)smgw_crl_entry(crl, i, serial, &n, &at, &reason);
	}
	n = sizeof(serial);
	if (smgw_crl_entry(crl, smgw_crl_count(crl), serial, &n, NULL, NULL) != SMGW_E_NOTFOUND)
		abort();
	smgw_crl_free(crl);
	return 0;
}
