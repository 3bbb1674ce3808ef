/* SPDX-License-Identifier: Apache-2.0 */
/* Worked example of docs/logbook.md: a consumer log with signed anchors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <smgw/core.h>

/* In a gateway this calls the security module; here a software key. */
static int sign_head(void *key, const uint8_t digest[32], uint8_t *sig, size_t *sig_len)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(key, NULL);
	int ok = c && EVP_PKEY_sign_init(c) == 1 && EVP_PKEY_sign(c, sig, sig_len, digest, 32) == 1;

	EVP_PKEY_CTX_free(c);
	return ok ? 0 : SMGW_E_CRYPTO;
}

static int print(void *ud, const struct smgw_logbook_record *r)
{
	char when[SMGW_ISO8601_LEN];

	(void)ud;
	smgw_time_format_iso8601(r->time_ms, 0, SMGW_ISO_BERLIN, when, sizeof(when));
	printf("#%llu %s %s -> %s: %s\n", (unsigned long long)r->seq, when, r->source,
	       r->recipient ? r->recipient : "-", r->text ? r->text : "");
	return 0;
}

int main(void)
{
	char dir[] = "/tmp/logbook-guide-XXXXXX";
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP256r1");
	struct smgw_logbook_params params = { .struct_size = sizeof(params) };
	struct smgw_logbook_verify_result result;
	struct smgw_logbook_pubkey pub;
	struct smgw_logbook_info info;
	smgw_logstore *store = NULL;
	smgw_logbook *log = NULL;
	smgw_ctx *ctx = NULL;
	unsigned char *der = NULL;
	int i, err, len;

	if (!key || !mkdtemp(dir) || smgw_ctx_new(NULL, &ctx) < 0)
		return 1;
	params.sign = sign_head;
	params.sign_userdata = key;
	params.anchor_interval = 4; /* a signed anchor every 4 events */

	err = smgw_logstore_new_dir(ctx, dir, &store);
	if (err == 0)
		err = smgw_logbook_open(store, SMGW_LOGBOOK_CONSUMER, (const uint8_t *)"1ITR0054927492", 14, &params,
					&info, &log);
	for (i = 0; err == 0 && i < 6; i++) {
		struct smgw_logbook_event ev = { .struct_size = sizeof(ev) };
		ev.time_ms = INT64_C(1792880000000) + i * INT64_C(900000);
		ev.level = SMGW_LOGBOOK_INFO;
		ev.source = "TAF-7";
		ev.recipient = "EMT 9900000000001";
		ev.text = "Submission of billing data to external entity";
		err = smgw_logbook_append(log, &ev, NULL);
	}
	if (err == 0)
		err = smgw_logbook_foreach(log, NULL, print, NULL) < 0 ? SMGW_E_IO : 0;

	/* Anyone with the public key can check the whole chain and its anchors. */
	len = i2d_PUBKEY(key, &der);
	pub.key = der;
	pub.key_len = len > 0 ? (size_t)len : 0;
	if (err == 0)
		err = smgw_logbook_verify(log, smgw_logbook_verify_ecdsa, &pub, &result);
	if (err == 0)
		printf("intact: %llu records, %llu anchors verified\n", (unsigned long long)result.records,
		       (unsigned long long)result.anchors);
	else
		fprintf(stderr, "logbook: %s %s\n", smgw_strerror(err), err == SMGW_E_INTEGRITY ? result.reason : "");

	smgw_logbook_close(log);
	smgw_logstore_free(store);
	OPENSSL_free(der);
	EVP_PKEY_free(key);
	smgw_ctx_unref(ctx);
	{
		char p[128];
		snprintf(p, sizeof(p), "%s/consumer-3149545230303534393237343932-0000000000000000.seg", dir);
		unlink(p);
		rmdir(dir);
	}
	return err == 0 && result.anchors == 1 ? 0 : 1;
}
