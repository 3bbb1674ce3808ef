/* SPDX-License-Identifier: Apache-2.0 */
/* Growable list of findings (profile and chain validation). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cert-private.h"

SMGW_EXPORT int smgw_pki_findings_new(smgw_pki *pki, smgw_pki_findings **ret_findings)
{
	smgw_pki_findings *f;

	if (!pki || !ret_findings)
		return SMGW_E_INVAL;
	f = smgw_ctx_calloc(pki->ctx, 1, sizeof(*f));
	if (!f)
		return SMGW_E_NOMEM;
	f->pki = pki;
	*ret_findings = f;
	return 0;
}

SMGW_EXPORT void smgw_pki_findings_free(smgw_pki_findings *findings)
{
	if (!findings)
		return;
	smgw_ctx_free(findings->pki->ctx, findings->items, findings->cap * sizeof(*findings->items));
	smgw_ctx_free(findings->pki->ctx, findings, sizeof(*findings));
}

SMGW_EXPORT void smgw_pki_findings_clear(smgw_pki_findings *findings)
{
	if (findings) {
		findings->count = 0;
		findings->errors = 0;
	}
}

SMGW_EXPORT size_t smgw_pki_findings_count(const smgw_pki_findings *findings)
{
	return findings ? findings->count : 0;
}

SMGW_EXPORT size_t smgw_pki_findings_errors(const smgw_pki_findings *findings)
{
	return findings ? findings->errors : 0;
}

SMGW_EXPORT const struct smgw_pki_finding *smgw_pki_findings_get(const smgw_pki_findings *findings,
								  size_t index)
{
	if (!findings || index >= findings->count)
		return NULL;
	return &findings->items[index];
}

SMGW_EXPORT const struct smgw_pki_finding *smgw_pki_findings_find(const smgw_pki_findings *findings,
								   const char *rule_id)
{
	size_t i;

	if (!findings || !rule_id)
		return NULL;
	for (i = 0; i < findings->count; i++)
		if (strcmp(findings->items[i].rule_id, rule_id) == 0)
			return &findings->items[i];
	return NULL;
}

int smgw__findings_add(smgw_pki_findings *f, const char *rule_id, int severity, int depth, int code,
		       int x509_error, const X509 *subject_of, const char *fmt, ...)
{
	struct smgw_pki_finding *it;
	va_list ap;

	if (f->count == f->cap) {
		size_t ncap = f->cap ? 2 * f->cap : 16;
		void *n;

		if (ncap > 4096)
			return SMGW_E_LIMIT;
		n = smgw_ctx_realloc(f->pki->ctx, f->items, f->cap * sizeof(*f->items), ncap * sizeof(*f->items));
		if (!n)
			return SMGW_E_NOMEM;
		f->items = n;
		f->cap = ncap;
	}
	it = &f->items[f->count];
	memset(it, 0, sizeof(*it));
	it->rule_id = rule_id;
	it->severity = severity;
	it->depth = depth;
	it->code = code;
	it->x509_error = x509_error;
	if (subject_of) {
		size_t n = sizeof(it->subject);
		char tmp[1024];
		size_t tn = sizeof(tmp);

		if (smgw__name_text(X509_get_subject_name(subject_of), tmp, &tn) == 0) {
			if (tn >= n)
				tn = n - 1;
			memcpy(it->subject, tmp, tn);
			it->subject[tn] = '\0';
		}
	}
	va_start(ap, fmt);
	vsnprintf(it->message, sizeof(it->message), fmt, ap);
	va_end(ap);
	f->count++;
	if (severity == SMGW_PKI_SEV_ERROR)
		f->errors++;
	return 0;
}
