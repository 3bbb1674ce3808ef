/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Chain validation of hostile certificates: the input (DER or PEM, up to
 * four certificates: the leaf and what a peer would send along) is
 * validated against a generated SM-Test-PKI with CRLs, for the guessed
 * role and with every CRL flag. An input whose first byte is below 0x20
 * instead selects a certificate of the generated PKI (whose keys differ
 * from run to run, so seeds cannot carry them) and XORs the rest of the
 * input into its DER: mutations close to a valid chain. Any result is fine; a crash, leak or
 * undefined behaviour is not, and a valid result must come with no error
 * finding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/pki.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct env {
	smgw_ctx *ctx;
	smgw_pki *pki;
	smgw_testpki *tp;
	smgw_pki_trust *trust;
	smgw_pki_findings *f;
};

/* Set up once and only read afterwards (see cert_parse.c). */
static struct env *env(void)
{
	static struct env e;

	if (!e.pki) {
		if (smgw_ctx_new(NULL, &e.ctx) != 0 || smgw_pki_new(e.ctx, &e.pki) != 0 ||
		    smgw_testpki_generate(e.pki, NULL, &e.tp, NULL) != 0 || smgw_pki_trust_new(e.pki, &e.trust) != 0 ||
		    smgw_pki_findings_new(e.pki, &e.f) != 0 ||
		    smgw_pki_trust_add_anchor(e.trust, smgw_testpki_cert(e.tp, "root")) != 0 ||
		    smgw_pki_trust_add_intermediate(e.trust, smgw_testpki_cert(e.tp, "subca")) != 0 ||
		    smgw_pki_trust_add_intermediate(e.trust, smgw_testpki_cert(e.tp, "crl-signer")) != 0 ||
		    smgw_pki_trust_add_crl(e.trust, smgw_testpki_crl(e.tp, "subca.crl")) != 0 ||
		    smgw_pki_trust_add_crl(e.trust, smgw_testpki_crl(e.tp, "root.crl")) != 0)
			abort();
	}
	return &e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct env *e = env();
	smgw_cert *certs[4] = { NULL, NULL, NULL, NULL };
	size_t n = 0, off = 0, used = 0, i;
	static const uint32_t flags[] = { 0, SMGW_PKI_VERIFY_CRL, SMGW_PKI_VERIFY_CRL_ALL | SMGW_PKI_VERIFY_TLS_SERVER };

	if (size >= 2 && data[0] < 0x20) {
		struct smgw_testpki_item it;
		uint8_t der[8192];
		size_t dl = sizeof(der), k, at;

		if (smgw_testpki_get(e->tp, data[0] % smgw_testpki_count(e->tp), &it) != 0 || !it.cert ||
		    smgw_cert_der(it.cert, der, &dl) != 0)
			return 0;
		at = ((size_t)data[1] * 4) % dl;
		for (k = 2; k < size && at < dl; k++, at++)
			der[at] ^= data[k];
		if (smgw_cert_parse(e->pki, der, dl, NULL, &certs[0], NULL) == 0)
			n = 1;
		if (n && strcmp(it.issuer, "subca") != 0 && strcmp(it.issuer, "root") != 0) {
			/* the rest of its chain, as a peer would send it */
			const smgw_cert *iss = smgw_testpki_cert(e->tp, it.issuer);
			uint8_t d2[8192];
			size_t l2 = sizeof(d2);

			if (iss && smgw_cert_der(iss, d2, &l2) == 0 &&
			    smgw_cert_parse(e->pki, d2, l2, NULL, &certs[1], NULL) == 0)
				n = 2;
		}
	} else {
		while (n < 4 && off < size &&
		       smgw_cert_parse(e->pki, data + off, size - off, &used, &certs[n], NULL) == 0) {
			off += used;
			n++;
		}
	}
	if (n == 0)
		return 0;
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		struct smgw_pki_verify_opts o = { .struct_size = sizeof(o) };
		struct smgw_diag d = SMGW_DIAG_INIT;
		int rc, role, type;

		o.at = 1748736000000LL; /* 2025-06-01, inside the test PKI's validity */
		o.flags = flags[i];
		if (smgw_pki_profile_guess(certs[0], &role, &type) == 0) {
			o.role = role;
			o.type = type;
		}
		smgw_pki_findings_clear(e->f);
		rc = smgw_pki_verify(e->trust, certs[0], (const smgw_cert *const *)certs + 1, n - 1, &o, e->f, &d);
		if (rc == 0 && smgw_pki_findings_errors(e->f) != 0)
			abort();
		if (rc < 0 && rc != SMGW_E_NOMEM && smgw_pki_findings_errors(e->f) == 0)
			abort();
	}
	for (i = 0; i < n; i++)
		smgw_cert_free(certs[i]);
	return 0;
}
