/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Key-file loader of the software security module. The first input byte
 * chooses whether the harness repairs the trailing SHA-256 first, so that
 * the checks behind the checksum (scalar range, point of the scalar) are
 * reached. A file that loads must encode back to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "secmod/secmod-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Harness state, created once per process (not library code). */
	static OSSL_LIB_CTX *libctx;
	static EVP_MD *md;
	uint8_t buf[SMGW__KEYFILE_MAX + 8], again[SMGW__KEYFILE_MAX];
	size_t len, alen = sizeof(again);
	struct smgw__keyfile kf;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	EVP_PKEY *pkey = NULL;
	unsigned int n;

	if (!libctx) {
		libctx = OSSL_LIB_CTX_new();
		md = EVP_MD_fetch(libctx, "SHA256", NULL);
		if (!libctx || !md)
			abort();
	}
	if (size < 1 || size - 1 > sizeof(buf))
		return 0;
	len = size - 1;
	memcpy(buf, data + 1, len);
	if ((data[0] & 1) && len >= 32 && EVP_Digest(buf, len - 32, buf + len - 32, &n, md, NULL) != 1)
		abort();
	if (smgw__keyfile_parse(md, buf, len, &kf, &diag) != 0) {
		if (diag.code >= 0 || !diag.message[0])
			abort();
		return 0;
	}
	if (kf.scalar < buf || kf.point + kf.point_len > buf + len)
		abort();
	if (smgw__keyfile_to_pkey(libctx, NULL, &kf, &pkey, &diag) == 0) {
		if (smgw__keyfile_encode(md, kf.curve, kf.usage, kf.scalar, kf.point, kf.point_len, again, &alen) != 0 ||
		    alen != len || memcmp(again, buf, len) != 0)
			abort();
		EVP_PKEY_free(pkey);
	}
	return 0;
}
