/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Worked example of docs/pki.md: a gateway validates the TLS certificate
 * of its administrator (GWA) at its trusted time against the SM-Root
 * anchor, with the sub-CA the peer sent and the sub-CA's CRL, and prints
 * every finding. A test PKI stands in for the real SM-PKI.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/pki.h>

static void report(const char *what, int rc, const smgw_pki_findings *f, const struct smgw_diag *d)
{
	size_t i;

	printf("%s: %s\n", what, rc == 0 ? "valid" : smgw_strerror_name(rc));
	if (rc != 0)
		printf("  first problem: %s\n", d->message);
	for (i = 0; i < smgw_pki_findings_count(f); i++) {
		const struct smgw_pki_finding *it = smgw_pki_findings_get(f, i);

		printf("  %s depth %d %s: %s\n", it->severity == SMGW_PKI_SEV_ERROR ? "error" : "warning",
		       it->depth, it->rule_id, it->message);
	}
}

int main(void)
{
	smgw_ctx *ctx = NULL;
	smgw_pki *pki = NULL;
	smgw_testpki *tp = NULL;
	smgw_pki_trust *trust = NULL;
	smgw_pki_findings *f = NULL;
	smgw_cert *peer = NULL;
	struct smgw_diag d = SMGW_DIAG_INIT;
	char pem[4096];
	size_t len = sizeof(pem);
	int rc, ok = 1;

	/* The suite's own OpenSSL library context; the application's OpenSSL
	 * use (and its global context) is not touched. */
	if (smgw_ctx_new(NULL, &ctx) != 0 || smgw_pki_new(ctx, &pki) != 0)
		return 1;
	if (smgw_testpki_generate(pki, NULL, &tp, &d) != 0) {
		fprintf(stderr, "test PKI: %s\n", d.message);
		return 1;
	}

	/* What the gateway has: the SM-Root anchor and the CRL it was given. */
	if (smgw_pki_trust_new(pki, &trust) != 0 ||
	    smgw_pki_trust_add_anchor(trust, smgw_testpki_cert(tp, "root")) != 0 ||
	    smgw_pki_trust_add_crl(trust, smgw_testpki_crl(tp, "subca.crl")) != 0 ||
	    smgw_pki_findings_new(pki, &f) != 0)
		return 1;

	/* What the peer sends: its certificate (here as PEM) and its sub-CA. */
	if (smgw_cert_pem(smgw_testpki_cert(tp, "gwa-tls"), pem, &len) != 0 ||
	    smgw_cert_parse(pki, (const uint8_t *)pem, len, NULL, &peer, &d) != 0)
		return 1;
	{
		const smgw_cert *sent[] = { smgw_testpki_cert(tp, "subca") };
		struct smgw_pki_verify_opts o = { .struct_size = sizeof(o) };

		o.at = 1748736000000LL;          /* trusted time: 2025-06-01T00:00:00Z */
		o.flags = SMGW_PKI_VERIFY_CRL;   /* the leaf must be covered by a CRL */
		o.role = SMGW_PKI_ROLE_GWA;
		o.type = SMGW_PKI_TYPE_TLS;
		rc = smgw_pki_verify(trust, peer, sent, 1, &o, f, &d);
		report("GWA TLS certificate", rc, f, &d);
		ok &= rc == 0;

		/* The same peer presenting its encryption certificate for TLS. */
		smgw_pki_findings_clear(f);
		rc = smgw_pki_verify(trust, smgw_testpki_cert(tp, "gwa-enc"), sent, 1, &o, f, &d);
		report("GWA ENC certificate used for TLS", rc, f, &d);
		ok &= rc == SMGW_E_PKI_USAGE && smgw_pki_findings_find(f, "SMPKI-KU-TLS") != NULL;

		/* Two years later the certificate has expired. */
		smgw_pki_findings_clear(f);
		o.at += 730LL * 86400000;
		rc = smgw_pki_verify(trust, peer, sent, 1, &o, f, &d);
		report("GWA TLS certificate in 2027", rc, f, &d);
		ok &= rc == SMGW_E_PKI_EXPIRED;
	}

	smgw_cert_free(peer);
	smgw_pki_findings_free(f);
	smgw_pki_trust_free(trust);
	smgw_testpki_free(tp);
	smgw_pki_free(pki);
	smgw_ctx_unref(ctx);
	return ok ? 0 : 1;
}
