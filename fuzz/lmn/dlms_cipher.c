/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ciphered DLMS APDUs on arbitrary bytes: framing, AES-128-GCM deciphering
 * with fixed keys (never a plaintext that is not a well-formed APDU, never
 * an authenticated one with a wrong tag), and encrypt/decrypt agreement.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/dlms.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t ek[16] = { 'M', 'Y', 'D', 'U', 'M', 'M', 'Y', 'G', 'L', 'O', 'B', 'A', 'L', 'K', 'E', 'Y' };
static const uint8_t st[8] = { 0x4d, 0x4d, 0x4d, 0x00, 0x00, 0xbc, 0x61, 0x4e };
static uint8_t plain[1 << 16], enc[1 << 16], back[1 << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smgw_dlms_ciphered c;
	size_t n, m, k;

	if (smgw_dlms_ciphered_parse(data, size, &c, NULL) == 0) {
		if (c.payload < data || c.payload + c.payload_len > data + size ||
		    (c.auth_tag && c.auth_tag + 12 > data + size))
			abort();
		if (smgw_dlms_decrypt(&c, st, ek, ek, plain, sizeof(plain), &n, NULL) == 0 && n != c.payload_len)
			abort();
	}
	/* the input as a plaintext APDU: encrypted, it deciphers to itself */
	if (size > 0 && size < 4096) {
		static const uint8_t scs[3] = { 0x10, 0x20, 0x30 };
		uint8_t sc = scs[data[0] % 3];
		if (smgw_dlms_encrypt(SMGW_DLMS_GENERAL_GLO_CIPHERING, sc, st, 42, ek, ek, data, size, enc, sizeof(enc), &m) != 0)
			abort();
		if (smgw_dlms_ciphered_parse(enc, m, &c, NULL) != 0)
			abort();
		if (smgw_dlms_decrypt(&c, NULL, ek, ek, back, sizeof(back), &k, NULL) == 0 &&
		    (k != size || memcmp(back, data, size) != 0))
			abort();
		if (sc & 0x10) {
			enc[m - 1] ^= 1;
			if (smgw_dlms_ciphered_parse(enc, m, &c, NULL) != 0 ||
			    smgw_dlms_decrypt(&c, NULL, ek, ek, back, sizeof(back), &k, NULL) != SMGW_E_DLMS_AUTH_TAG)
				abort();
		}
	}
	return 0;
}
