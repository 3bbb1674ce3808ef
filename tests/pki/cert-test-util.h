/* SPDX-License-Identifier: Apache-2.0 */
/* Shared helpers of the certificate tests: a pki context, the generated
 * test PKI, files of tests/data/pki, and certificates that break one rule. */
#ifndef CERT_TEST_UTIL_H
#define CERT_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/x509.h>

#include <smgw/pki.h>

#include "cert/testpki-private.h"

#define DAY_MS 86400000LL
#define TP_NOT_BEFORE 1735689600000LL /* 2025-01-01T00:00:00Z, the generator's default */
#define TP_AT (TP_NOT_BEFORE + 150 * DAY_MS)

struct fixture {
	smgw_ctx *ctx;
	smgw_pki *pki;
	smgw_testpki *tp;
	smgw_pki_findings *f;
};

static inline int fixture_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct smgw_diag d = SMGW_DIAG_INIT;
	int rc;

	*state = NULL;
	if (!fx || smgw_ctx_new(NULL, &fx->ctx) != 0 || smgw_pki_new(fx->ctx, &fx->pki) != 0)
		return -1;
	rc = smgw_testpki_generate(fx->pki, NULL, &fx->tp, &d);
	if (rc != 0) {
		print_message("# test PKI generation: %d %s\n", rc, d.message);
		return -1;
	}
	if (smgw_pki_findings_new(fx->pki, &fx->f) != 0)
		return -1;
	*state = fx;
	return 0;
}

static inline int fixture_teardown(void **state)
{
	struct fixture *fx = *state;

	if (!fx)
		return 0;
	smgw_pki_findings_free(fx->f);
	smgw_testpki_free(fx->tp);
	smgw_pki_free(fx->pki);
	smgw_ctx_unref(fx->ctx);
	free(fx);
	return 0;
}

static inline void print_findings(const smgw_pki_findings *f)
{
	size_t i;

	for (i = 0; i < smgw_pki_findings_count(f); i++) {
		const struct smgw_pki_finding *it = smgw_pki_findings_get(f, i);

		print_message("#   [%d] depth %d %s: %s (%s)\n", it->severity, it->depth, it->rule_id, it->message,
			      it->subject);
	}
}

/* Reads a file of tests/data/pki into a malloc'd buffer. */
static inline uint8_t *read_data(const char *rel, size_t *ret_len)
{
	char path[1024];
	FILE *f;
	uint8_t *buf;
	long n;

	snprintf(path, sizeof(path), "%s/pki/%s", SMGW_TEST_DATA, rel);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*ret_len = (size_t)n;
	return buf;
}

static inline smgw_cert *load_data_cert(smgw_pki *pki, const char *rel)
{
	size_t n = 0;
	uint8_t *b = read_data(rel, &n);
	smgw_cert *c = NULL;

	assert_non_null(b);
	assert_int_equal(smgw_cert_parse(pki, b, n, NULL, &c, NULL), 0);
	free(b);
	return c;
}

/* Issues a certificate from a spec under a test-PKI item (NULL: self-signed). */
static inline smgw_cert *issue(struct fixture *fx, const struct smgw__cert_spec *s, const char *issuer)
{
	X509 *x = NULL;
	EVP_PKEY *k = NULL;
	smgw_cert *c = NULL;
	const smgw_cert *ic = issuer ? smgw_testpki_cert(fx->tp, issuer) : NULL;

	assert_int_equal(smgw__testpki_issue(fx->pki, s, ic ? smgw_cert_x509(ic) : NULL,
					     issuer ? smgw__testpki_key(fx->tp, issuer) : NULL, &x, &k), 0);
	assert_int_equal(smgw_cert_from_x509(fx->pki, x, &c), 0);
	X509_free(x);
	EVP_PKEY_free(k);
	return c;
}

#endif
