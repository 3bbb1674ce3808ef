/* SPDX-License-Identifier: Apache-2.0 */
/*
 * X.509 certificate parsing (DER, PEM, PEM bundles) and everything that
 * reads a parsed certificate: the getters, the role guess and the profile
 * checks (an end-user role, a CA role and the guessed role). A parsed certificate must re-encode to
 * DER that parses again to an equal certificate.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include <smgw/pki.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct env {
	smgw_ctx *ctx;
	smgw_pki *pki;
	smgw_pki_findings *f;
};

/* The harness keeps one pki context across inputs (set up once, never
 * changed afterwards); creating a library context per input would
 * dominate the run time. */
static struct env *env(void)
{
	static struct env e;

	if (!e.pki && (smgw_ctx_new(NULL, &e.ctx) != 0 || smgw_pki_new(e.ctx, &e.pki) != 0 ||
		       smgw_pki_findings_new(e.pki, &e.f) != 0))
		abort();
	return &e;
}

static void read_all(struct env *e, const smgw_cert *c)
{
	struct smgw_cert_info in = { .struct_size = sizeof(in) };
	char buf[512];
	uint8_t b[512];
	size_t n, i;
	int kind, role, type, r;

	if (smgw_cert_get_info(c, &in) != 0)
		abort();
	n = sizeof(buf);
	if (smgw_cert_subject(c, buf, &n) == 0 && strlen(buf) != n)
		abort();
	n = sizeof(buf);
	(void)smgw_cert_issuer(c, buf, &n);
	n = 0;
	(void)smgw_cert_issuer(c, NULL, &n);
	for (r = SMGW_CERT_ATTR_CN; r <= SMGW_CERT_ATTR_SERIAL; r++) {
		n = sizeof(buf);
		(void)smgw_cert_subject_attr(c, r, 0, buf, &n);
	}
	n = sizeof(b);
	(void)smgw_cert_serial(c, b, &n);
	n = sizeof(buf);
	(void)smgw_cert_serial_hex(c, buf, &n);
	for (i = 0; i < 64; i++) {
		int more = 0;

		n = sizeof(buf);
		more |= smgw_cert_eku(c, i, buf, &n) != SMGW_E_NOTFOUND;
		n = sizeof(buf);
		more |= smgw_cert_policy(c, i, buf, &n) != SMGW_E_NOTFOUND;
		n = sizeof(buf);
		more |= smgw_cert_san(c, i, &kind, buf, &n) != SMGW_E_NOTFOUND;
		n = sizeof(buf);
		more |= smgw_cert_crl_dp(c, i, buf, &n) != SMGW_E_NOTFOUND;
		if (!more)
			break;
	}
	n = sizeof(b);
	(void)smgw_cert_ski(c, b, &n);
	n = sizeof(b);
	(void)smgw_cert_aki(c, b, &n);
	/* the guessed role, an end-user and a CA profile (every rule kind) */
	{
		int rr[3] = { SMGW_PKI_ROLE_SMGW, SMGW_PKI_ROLE_ROOT, 0 };
		int tt[3] = { SMGW_PKI_TYPE_TLS, SMGW_PKI_TYPE_NONE, 0 };

		if (smgw_pki_profile_guess(c, &role, &type) == 0) {
			rr[2] = role;
			tt[2] = type;
		}
		for (r = 0; r < 3 && rr[r]; r++) {
			smgw_pki_findings_clear(e->f);
			if (smgw_pki_profile_check(e->pki, c, rr[r], tt[r], NULL, e->f) < 0)
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct env *e = env();
	size_t off = 0, used = 0;
	int rounds = 0;

	while (off < size && rounds++ < 8) {
		smgw_cert *c = NULL, *back = NULL;
		uint8_t *der;
		size_t dl = 0;

		if (smgw_cert_parse(e->pki, data + off, size - off, &used, &c, NULL) != 0)
			break;
		if (used == 0 || used > size - off)
			abort();
		off += used;
		read_all(e, c);
		if (smgw_cert_der(c, NULL, &dl) != SMGW_E_BUFSIZE || dl == 0)
			abort();
		der = malloc(dl);
		if (!der || smgw_cert_der(c, der, &dl) != 0)
			abort();
		/* OpenSSL re-encodes what it decoded verbatim; equal again */
		if (smgw_cert_parse(e->pki, der, dl, NULL, &back, NULL) != 0 ||
		    X509_cmp(smgw_cert_x509(c), smgw_cert_x509(back)) != 0)
			abort();
		free(der);
		smgw_cert_free(back);
		smgw_cert_free(c);
	}
	return 0;
}
