/* SPDX-License-Identifier: Apache-2.0 */
/* AES-128 CBC/CTR and AES-CMAC for OMS security through libcrypto EVP and
 * EVP_MAC; a fresh context per call, nothing cached, key copies wiped. */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "wmbus-private.h"

static int aes_run(const EVP_CIPHER *cipher, const uint8_t key[16], const uint8_t iv[16], uint8_t *buf, size_t len,
		   int decrypt)
{
	EVP_CIPHER_CTX *ctx;
	int ok, n1 = 0, n2 = 0;

	if (len > (size_t)0x7fffffff)
		return SMGW_E_INVAL;
	if (!cipher || !(ctx = EVP_CIPHER_CTX_new()))
		return SMGW_E_CRYPTO;
	ok = EVP_CipherInit_ex(ctx, cipher, NULL, key, iv, decrypt ? 0 : 1) == 1 && EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	     EVP_CipherUpdate(ctx, buf, &n1, buf, (int)len) == 1 && EVP_CipherFinal_ex(ctx, buf + n1, &n2) == 1 &&
	     (size_t)(n1 + n2) == len;
	EVP_CIPHER_CTX_free(ctx); /* cleanses the key schedule */
	return ok ? 0 : SMGW_E_CRYPTO;
}

int smgw__wmbus_aes_cbc_decrypt(const uint8_t key[16], const uint8_t iv[16], uint8_t *buf, size_t len)
{
	if (len % 16)
		return SMGW_E_INVAL;
	return aes_run(EVP_aes_128_cbc(), key, iv, buf, len, 1);
}

int smgw__wmbus_aes_ctr(const uint8_t key[16], const uint8_t iv[16], uint8_t *buf, size_t len)
{
	return aes_run(EVP_aes_128_ctr(), key, iv, buf, len, 0);
}

int smgw__wmbus_cmac(const uint8_t key[16], const uint8_t *msg, size_t len, uint8_t ret_mac[16])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	char cipher[] = "AES-128-CBC";
	OSSL_PARAM params[2];
	size_t out = 0;
	int ok;

	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher, 0);
	params[1] = OSSL_PARAM_construct_end();
	ok = ctx && EVP_MAC_init(ctx, key, 16, params) == 1 && EVP_MAC_update(ctx, msg, len) == 1 &&
	     EVP_MAC_final(ctx, ret_mac, &out, 16) == 1 && out == 16;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return ok ? 0 : SMGW_E_CRYPTO;
}

int smgw__wmbus_kdf(const uint8_t key[16], uint8_t dc, const uint8_t counter[4], const uint8_t id[4],
		    uint8_t ret_key[16])
{
	uint8_t in[16];
	int e;

	in[0] = dc;
	memcpy(in + 1, counter, 4);
	memcpy(in + 5, id, 4);
	memset(in + 9, 0x07, 7);
	e = smgw__wmbus_cmac(key, in, sizeof(in), ret_key);
	OPENSSL_cleanse(in, sizeof(in));
	return e;
}
