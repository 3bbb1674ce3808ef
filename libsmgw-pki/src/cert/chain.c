/* SPDX-License-Identifier: Apache-2.0 */
/* Trust store and chain validation: OpenSSL's X509_verify_cert in the
 * suite's library context, strict and with explicit policy, plus the
 * TR-03109-4 profile checks of every certificate of the chain. */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "cert-private.h"
#include "profile-private.h"
#include "ossl-time.h"

struct smgw_pki_trust {
	smgw_pki *pki;
	X509_STORE *store;
	STACK_OF(X509) *untrusted;
	STACK_OF(X509_CRL) *crls; /* given to each validation (indirect CRLs are not found by name) */
	size_t n_anchors;
};

SMGW_EXPORT int smgw_pki_trust_new(smgw_pki *pki, smgw_pki_trust **ret_trust)
{
	smgw_pki_trust *t;

	if (!pki || !ret_trust)
		return SMGW_E_INVAL;
	t = smgw_ctx_calloc(pki->ctx, 1, sizeof(*t));
	if (!t)
		return SMGW_E_NOMEM;
	t->pki = pki;
	t->store = X509_STORE_new();
	t->untrusted = sk_X509_new_null();
	t->crls = sk_X509_CRL_new_null();
	if (!t->store || !t->untrusted || !t->crls) {
		smgw_pki_trust_free(t);
		return SMGW_E_NOMEM;
	}
	*ret_trust = t;
	return 0;
}

SMGW_EXPORT void smgw_pki_trust_free(smgw_pki_trust *trust)
{
	if (!trust)
		return;
	X509_STORE_free(trust->store);
	sk_X509_pop_free(trust->untrusted, X509_free);
	sk_X509_CRL_pop_free(trust->crls, X509_CRL_free);
	smgw_ctx_free(trust->pki->ctx, trust, sizeof(*trust));
}

SMGW_EXPORT int smgw_pki_trust_add_anchor(smgw_pki_trust *trust, const smgw_cert *cert)
{
	int ok;

	if (!trust || !cert)
		return SMGW_E_INVAL;
	ERR_set_mark();
	ok = X509_STORE_add_cert(trust->store, cert->x509);
	ERR_pop_to_mark();
	if (!ok)
		return SMGW_E_NOMEM;
	trust->n_anchors++;
	return 0;
}

SMGW_EXPORT int smgw_pki_trust_add_intermediate(smgw_pki_trust *trust, const smgw_cert *cert)
{
	if (!trust || !cert)
		return SMGW_E_INVAL;
	if (!X509_add_cert(trust->untrusted, cert->x509, X509_ADD_FLAG_UP_REF | X509_ADD_FLAG_NO_DUP))
		return SMGW_E_NOMEM;
	return 0;
}

SMGW_EXPORT int smgw_pki_trust_add_crl(smgw_pki_trust *trust, const smgw_crl *crl)
{
	if (!trust || !crl)
		return SMGW_E_INVAL;
	if (!X509_CRL_up_ref(crl->crl))
		return SMGW_E_CRYPTO;
	if (!sk_X509_CRL_push(trust->crls, crl->crl)) {
		X509_CRL_free(crl->crl);
		return SMGW_E_NOMEM;
	}
	return 0;
}

/* ---- OpenSSL verification errors as findings ---- */

struct x509_err {
	int err;
	const char *id;
	int code;
};

#define XE(name, code) { X509_V_ERR_##name, "X509-" #name, code }
static const struct x509_err x509_errs[] = {
	XE(CERT_HAS_EXPIRED, SMGW_E_PKI_EXPIRED),
	XE(CERT_NOT_YET_VALID, SMGW_E_PKI_NOT_YET_VALID),
	XE(ERROR_IN_CERT_NOT_BEFORE_FIELD, SMGW_E_PKI_INVALID),
	XE(ERROR_IN_CERT_NOT_AFTER_FIELD, SMGW_E_PKI_INVALID),
	XE(CERT_REVOKED, SMGW_E_PKI_REVOKED),
	XE(UNABLE_TO_GET_ISSUER_CERT, SMGW_E_PKI_NO_ISSUER),
	XE(UNABLE_TO_GET_ISSUER_CERT_LOCALLY, SMGW_E_PKI_NO_ISSUER),
	XE(UNABLE_TO_VERIFY_LEAF_SIGNATURE, SMGW_E_PKI_NO_ISSUER),
	XE(DEPTH_ZERO_SELF_SIGNED_CERT, SMGW_E_PKI_UNTRUSTED),
	XE(SELF_SIGNED_CERT_IN_CHAIN, SMGW_E_PKI_UNTRUSTED),
	XE(CERT_UNTRUSTED, SMGW_E_PKI_UNTRUSTED),
	XE(CERT_REJECTED, SMGW_E_PKI_UNTRUSTED),
	XE(CERT_SIGNATURE_FAILURE, SMGW_E_PKI_SIGNATURE),
	XE(CRL_SIGNATURE_FAILURE, SMGW_E_PKI_SIGNATURE),
	XE(UNABLE_TO_DECRYPT_CERT_SIGNATURE, SMGW_E_PKI_SIGNATURE),
	XE(UNABLE_TO_DECRYPT_CRL_SIGNATURE, SMGW_E_PKI_SIGNATURE),
	XE(UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY, SMGW_E_PKI_SIGNATURE),
	XE(NO_EXPLICIT_POLICY, SMGW_E_PKI_POLICY),
	XE(INVALID_POLICY_EXTENSION, SMGW_E_PKI_POLICY),
	XE(INVALID_PURPOSE, SMGW_E_PKI_USAGE),
	XE(INVALID_CA, SMGW_E_PKI_USAGE),
	XE(KEYUSAGE_NO_CERTSIGN, SMGW_E_PKI_USAGE),
	XE(KEYUSAGE_NO_CRL_SIGN, SMGW_E_PKI_USAGE),
	XE(PATH_LENGTH_EXCEEDED, SMGW_E_PKI_USAGE),
	XE(UNABLE_TO_GET_CRL, SMGW_E_PKI_NO_CRL),
	XE(CRL_NOT_YET_VALID, SMGW_E_PKI_NO_CRL),
	XE(CRL_HAS_EXPIRED, SMGW_E_PKI_NO_CRL),
	XE(UNABLE_TO_GET_CRL_ISSUER, SMGW_E_PKI_NO_CRL),
	XE(DIFFERENT_CRL_SCOPE, SMGW_E_PKI_NO_CRL),
	XE(CERT_CHAIN_TOO_LONG, SMGW_E_PKI_INVALID),
	XE(UNHANDLED_CRITICAL_EXTENSION, SMGW_E_PKI_INVALID),
	XE(UNHANDLED_CRITICAL_CRL_EXTENSION, SMGW_E_PKI_NO_CRL),
	XE(AKID_SKID_MISMATCH, SMGW_E_PKI_NO_ISSUER),
	XE(AKID_ISSUER_SERIAL_MISMATCH, SMGW_E_PKI_NO_ISSUER),
	XE(EE_KEY_TOO_SMALL, SMGW_E_PKI_PROFILE),
	XE(CA_KEY_TOO_SMALL, SMGW_E_PKI_PROFILE),
	XE(CA_MD_TOO_WEAK, SMGW_E_PKI_PROFILE),
	XE(EC_KEY_EXPLICIT_PARAMS, SMGW_E_PKI_PROFILE),
	XE(MISSING_AUTHORITY_KEY_IDENTIFIER, SMGW_E_PKI_PROFILE),
	XE(MISSING_SUBJECT_KEY_IDENTIFIER, SMGW_E_PKI_PROFILE),
	XE(CA_BCONS_NOT_CRITICAL, SMGW_E_PKI_PROFILE),
	XE(CA_CERT_MISSING_KEY_USAGE, SMGW_E_PKI_PROFILE),
	XE(EXTENSIONS_REQUIRE_VERSION_3, SMGW_E_PKI_PROFILE),
	XE(ISSUER_NAME_EMPTY, SMGW_E_PKI_PROFILE),
	XE(SUBJECT_NAME_EMPTY, SMGW_E_PKI_PROFILE),
	XE(EMPTY_SUBJECT_ALT_NAME, SMGW_E_PKI_PROFILE),
	XE(EMPTY_SUBJECT_SAN_NOT_CRITICAL, SMGW_E_PKI_PROFILE),
	XE(SIGNATURE_ALGORITHM_MISMATCH, SMGW_E_PKI_SIGNATURE),
	XE(UNSUPPORTED_SIGNATURE_ALGORITHM, SMGW_E_PKI_SIGNATURE),
	XE(PATHLEN_INVALID_FOR_NON_CA, SMGW_E_PKI_PROFILE),
	XE(PATHLEN_WITHOUT_KU_KEY_CERT_SIGN, SMGW_E_PKI_PROFILE),
	XE(KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA, SMGW_E_PKI_PROFILE),
	XE(AUTHORITY_KEY_IDENTIFIER_CRITICAL, SMGW_E_PKI_PROFILE),
	XE(SUBJECT_KEY_IDENTIFIER_CRITICAL, SMGW_E_PKI_PROFILE),
	XE(INVALID_NON_CA, SMGW_E_PKI_USAGE),
	XE(INVALID_EXTENSION, SMGW_E_PKI_INVALID),
	XE(CRL_PATH_VALIDATION_ERROR, SMGW_E_PKI_NO_CRL),
	XE(ERROR_IN_CRL_LAST_UPDATE_FIELD, SMGW_E_PKI_NO_CRL),
	XE(ERROR_IN_CRL_NEXT_UPDATE_FIELD, SMGW_E_PKI_NO_CRL),
	XE(KEYUSAGE_NO_DIGITAL_SIGNATURE, SMGW_E_PKI_USAGE),
	XE(NO_ISSUER_PUBLIC_KEY, SMGW_E_PKI_SIGNATURE),
	XE(PERMITTED_VIOLATION, SMGW_E_PKI_INVALID),
	XE(EXCLUDED_VIOLATION, SMGW_E_PKI_INVALID),
	XE(SUBTREE_MINMAX, SMGW_E_PKI_INVALID),
	XE(UNSUPPORTED_CONSTRAINT_TYPE, SMGW_E_PKI_INVALID),
	XE(UNSUPPORTED_CONSTRAINT_SYNTAX, SMGW_E_PKI_INVALID),
	XE(UNSUPPORTED_NAME_SYNTAX, SMGW_E_PKI_INVALID),
	XE(OUT_OF_MEM, SMGW_E_NOMEM),
};

static const struct x509_err *x509_err_lookup(int err)
{
	static const struct x509_err other = { 0, "X509-ERROR", SMGW_E_PKI_INVALID };
	size_t i;

	for (i = 0; i < SMGW_ARRAY_SIZE(x509_errs); i++)
		if (x509_errs[i].err == err)
			return &x509_errs[i];
	return &other;
}

struct vstate {
	smgw_pki_findings *f;
	int rc;             /* first failure (negative) */
	int first_code;     /* SMGW_E_* class of the first chain error */
	int first_depth;
	int first_err;
	const X509 *first_cert;
	int last_err, last_depth; /* to drop exact repeats */
};

/* Which class of error the return code names when there are several:
 * definite negatives (revoked, forged) before missing information. */
static int rank(int code)
{
	static const int order[] = { SMGW_E_PKI_REVOKED, SMGW_E_PKI_SIGNATURE, SMGW_E_PKI_UNTRUSTED,
				     SMGW_E_PKI_NO_ISSUER, SMGW_E_PKI_EXPIRED, SMGW_E_PKI_NOT_YET_VALID,
				     SMGW_E_PKI_POLICY, SMGW_E_PKI_USAGE, SMGW_E_PKI_PROFILE, SMGW_E_PKI_NO_CRL };
	size_t i;

	for (i = 0; i < SMGW_ARRAY_SIZE(order); i++)
		if (order[i] == code)
			return (int)i;
	return (int)SMGW_ARRAY_SIZE(order);
}

static int verify_cb(int ok, X509_STORE_CTX *xs)
{
	struct vstate *st;
	const struct x509_err *e;
	int err, depth, rc;
	X509 *cur;

	if (ok)
		return 1;
	err = X509_STORE_CTX_get_error(xs);
	depth = X509_STORE_CTX_get_error_depth(xs);
	cur = X509_STORE_CTX_get_current_cert(xs);
	/* A trust anchor is not subject to revocation checking (RFC 5280
	 * 6.1.1: it is input to path validation, not a path certificate):
	 * with CRL checks of every level, OpenSSL would ask for a CRL of the
	 * self-signed anchor itself. */
	if ((err == X509_V_ERR_UNABLE_TO_GET_CRL || err == X509_V_ERR_DIFFERENT_CRL_SCOPE ||
	     err == X509_V_ERR_CRL_PATH_VALIDATION_ERROR) && cur && depth == X509_STORE_CTX_get_num_untrusted(xs) &&
	    depth == sk_X509_num(X509_STORE_CTX_get0_chain(xs)) - 1 &&
	    X509_check_issued(cur, cur) == X509_V_OK)
		return 1;
	st = X509_STORE_CTX_get_ex_data(xs, 0);
	if (!st) {
		/* The path of a CRL signer, which OpenSSL validates in a child
		 * context. The CRL signer's own certificate (depth 0 there) is
		 * not checked against the CRL it signs itself: that is circular,
		 * and OpenSSL refuses the nested CRL path. Everything else of
		 * its path (signatures, validity, policy, cRLSign) must hold;
		 * a failure is reported in the parent as a CRL path error. */
		if (depth == 0 && (err == X509_V_ERR_CRL_PATH_VALIDATION_ERROR || err == X509_V_ERR_UNABLE_TO_GET_CRL))
			return 1;
		return 0;
	}
	if (err == st->last_err && depth == st->last_depth)
		return 1;
	st->last_err = err;
	st->last_depth = depth;
	e = x509_err_lookup(err);
	if (e->code == SMGW_E_NOMEM) {
		st->rc = SMGW_E_NOMEM;
		return 0;
	}
	if (!cur)
		depth = -1; /* chain-wide: the policy tree */
	rc = smgw__findings_add(st->f, e->id, SMGW_PKI_SEV_ERROR, depth, e->code, err, cur,
				"%s%s", depth >= 0 ? "" : "chain: ", X509_verify_cert_error_string(err));
	if (rc < 0) {
		st->rc = rc;
		return 0;
	}
	if (!st->first_code || rank(e->code) < rank(st->first_code)) {
		st->first_code = e->code;
		st->first_depth = depth;
		st->first_err = err;
		st->first_cert = cur;
	}
	/* Keep going: every problem is reported, not only the first. */
	return 1;
}

/* Role of a chain member above the leaf, for the profile checks. */
static int chain_role(X509 *x, int is_top_anchor)
{
	char cn[256];
	size_t n = sizeof(cn);
	int self = X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0;

	if (is_top_anchor || self)
		return SMGW_PKI_ROLE_ROOT;
	if (smgw__name_attr(X509_get_subject_name(x), SMGW_CERT_ATTR_CN, 0, cn, &n) == 0 && n > 7 &&
	    strcmp(cn + n - 7, "Root.CA") == 0)
		return SMGW_PKI_ROLE_LINK;
	return SMGW_PKI_ROLE_SUBCA;
}

SMGW_EXPORT int smgw_pki_verify(smgw_pki_trust *trust, const smgw_cert *leaf, const smgw_cert *const *extra,
				size_t n_extra, const struct smgw_pki_verify_opts *opts,
				smgw_pki_findings *findings, struct smgw_diag *diag)
{
	struct vstate st;
	struct smgw_pki_profile_opts popts;
	smgw_pki_findings *own = NULL, *f = findings;
	X509_STORE_CTX *xs = NULL;
	X509_VERIFY_PARAM *param;
	STACK_OF(X509) *untrusted = NULL;
	STACK_OF(X509_CRL) *crls = NULL;
	STACK_OF(X509) *chain;
	ASN1_OBJECT *policy = NULL;
	unsigned long vflags;
	size_t i, first_profile = 0;
	int rc, n, depth;

	if (!trust || !leaf || (n_extra && !extra) || !opts ||
	    opts->struct_size < offsetof(struct smgw_pki_verify_opts, reserved))
		return SMGW_E_INVAL;
	if (opts->role < SMGW_PKI_ROLE_ANY || opts->role > SMGW_PKI_ROLE_EMT ||
	    opts->type < SMGW_PKI_TYPE_NONE || opts->type > SMGW_PKI_TYPE_ENC || opts->max_depth < 0 ||
	    (opts->role != SMGW_PKI_ROLE_ANY && (opts->role >= SMGW_PKI_ROLE_SMGW) != (opts->type != SMGW_PKI_TYPE_NONE)))
		return SMGW_E_INVAL;
	if (!f) {
		rc = smgw_pki_findings_new(trust->pki, &own);
		if (rc < 0)
			return rc;
		f = own;
	}
	memset(&st, 0, sizeof(st));
	st.f = f;
	st.last_err = -1;
	first_profile = f->count;

	rc = SMGW_E_NOMEM;
	untrusted = sk_X509_dup(trust->untrusted);
	if (!untrusted)
		goto out;
	for (i = 0; i < n_extra; i++)
		if (extra[i] && !sk_X509_push(untrusted, extra[i]->x509))
			goto out;
	xs = X509_STORE_CTX_new_ex(trust->pki->libctx, smgw_pki_propq(trust->pki));
	if (!xs || !X509_STORE_CTX_init(xs, trust->store, leaf->x509, untrusted))
		goto out;
	/* A CRL without nextUpdate never expires for OpenSSL, so it would
	 * prove a status for ever: it is not used (rule SMPKI-CRL-NEXT-UPDATE,
	 * which can be switched off like every profile rule). */
	crls = sk_X509_CRL_new_null();
	if (!crls)
		goto out;
	{
		struct smgw_pki_profile_opts dopts;
		int keep_all;

		memset(&dopts, 0, sizeof(dopts));
		dopts.struct_size = sizeof(dopts);
		dopts.disabled_rules = opts->disabled_rules;
		keep_all = smgw__rule_disabled(&dopts, "SMPKI-CRL-NEXT-UPDATE");
		for (i = 0; i < (size_t)sk_X509_CRL_num(trust->crls); i++) {
			X509_CRL *c = sk_X509_CRL_value(trust->crls, (int)i);

			if (keep_all || X509_CRL_get0_nextUpdate(c)) {
				if (!sk_X509_CRL_push(crls, c))
					goto out;
				continue;
			}
			if ((opts->flags & (SMGW_PKI_VERIFY_CRL | SMGW_PKI_VERIFY_CRL_ALL))) {
				char iss[96];
				size_t il = sizeof(iss);

				if (smgw__name_text(X509_CRL_get_issuer(c), iss, &il) < 0)
					snprintf(iss, sizeof(iss), "?");
				rc = smgw__findings_add(f, "SMPKI-CRL-NEXT-UPDATE", SMGW_PKI_SEV_WARNING, -1,
							SMGW_E_PKI_NO_CRL, 0, NULL,
							"the CRL of %s has no nextUpdate and is not used [S: the CRL has a "
							"nextUpdate]", iss);
				if (rc < 0)
					goto out;
				rc = SMGW_E_NOMEM;
			}
		}
	}
	X509_STORE_CTX_set0_crls(xs, crls);
	param = X509_STORE_CTX_get0_param(xs);
	/* The anchor's self-signature is not checked: an anchor is trusted
	 * because it was configured, not because of its signature (RFC 5280
	 * 6.1.1). smgw_pki_profile_check() of a root does verify it. */
	vflags = X509_V_FLAG_X509_STRICT | X509_V_FLAG_POLICY_CHECK | X509_V_FLAG_EXPLICIT_POLICY;
	if (opts->flags & SMGW_PKI_VERIFY_CRL_ALL)
		vflags |= X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL | X509_V_FLAG_EXTENDED_CRL_SUPPORT;
	else if (opts->flags & SMGW_PKI_VERIFY_CRL)
		vflags |= X509_V_FLAG_CRL_CHECK | X509_V_FLAG_EXTENDED_CRL_SUPPORT;
	X509_VERIFY_PARAM_set_flags(param, vflags);
	rc = smgw__ossl_verify_param_set_time(param, opts->at / 1000);
	if (rc < 0) {
		if (diag)
			smgw_diag_set(diag, rc, UINT64_MAX, "validation time %lld ms is outside libcrypto's time_t",
				      (long long)opts->at);
		goto out;
	}
	rc = SMGW_E_NOMEM;
	X509_VERIFY_PARAM_set_depth(param, opts->max_depth ? opts->max_depth : 4);
	policy = OBJ_txt2obj(opts->policy_oid ? opts->policy_oid : SMGW_PKI_POLICY_OID, 1);
	if (!policy) {
		rc = SMGW_E_INVAL;
		goto out;
	}
	if (!X509_VERIFY_PARAM_add0_policy(param, policy)) {
		ASN1_OBJECT_free(policy);
		goto out;
	}
	X509_STORE_CTX_set_verify_cb(xs, verify_cb);
	if (!X509_STORE_CTX_set_ex_data(xs, 0, &st))
		goto out;

	ERR_set_mark();
	n = X509_verify_cert(xs);
	ERR_pop_to_mark();
	if (st.rc < 0) {
		rc = st.rc;
		goto out;
	}
	if (n <= 0 && !st.first_code) {
		/* failed without calling back (internal error) */
		int err = X509_STORE_CTX_get_error(xs);
		const struct x509_err *e = x509_err_lookup(err);

		rc = smgw__findings_add(f, e->id, SMGW_PKI_SEV_ERROR, X509_STORE_CTX_get_error_depth(xs), e->code,
					err, NULL, "%s", X509_verify_cert_error_string(err));
		if (rc < 0)
			goto out;
		st.first_code = err == X509_V_OK ? SMGW_E_CRYPTO : e->code;
		st.first_depth = X509_STORE_CTX_get_error_depth(xs);
		st.first_err = err;
	}

	/* profile checks of every certificate of the (possibly partial) chain */
	first_profile = f->count;
	if (!(opts->flags & SMGW_PKI_VERIFY_NO_PROFILE)) {
		int top, anchored;

		memset(&popts, 0, sizeof(popts));
		popts.struct_size = sizeof(popts);
		popts.flags = (opts->flags & SMGW_PKI_VERIFY_PRODUCTION) ? SMGW_PKI_PROFILE_PRODUCTION : 0;
		popts.disabled_rules = opts->disabled_rules;
		chain = X509_STORE_CTX_get0_chain(xs);
		top = chain ? sk_X509_num(chain) - 1 : -1;
		anchored = top >= 0 && top >= X509_STORE_CTX_get_num_untrusted(xs);
		for (depth = 0; depth <= top; depth++) {
			X509 *x = sk_X509_value(chain, depth);
			int role, type = SMGW_PKI_TYPE_NONE;

			if (depth == 0) {
				if (opts->role == SMGW_PKI_ROLE_ANY)
					continue;
				role = opts->role;
				type = opts->type;
			} else {
				role = chain_role(x, depth == top && anchored);
			}
			rc = smgw__profile_check_x509(f, x, role, type, &popts, depth, depth == top && anchored);
			if (rc < 0)
				goto out;
			/* the hierarchy: which role issued this certificate */
			if (depth < top) {
				int irole = chain_role(sk_X509_value(chain, depth + 1), depth + 1 == top && anchored);

				rc = smgw__profile_check_issuer(f, x, role, irole, &popts, depth);
				if (rc < 0)
					goto out;
			}
		}
	}

	/* the TLS role the caller asks for */
	if (opts->flags & (SMGW_PKI_VERIFY_TLS_SERVER | SMGW_PKI_VERIFY_TLS_CLIENT)) {
		struct smgw_cert_info in;

		smgw__cert_info(leaf->x509, &in);
		/* without extendedKeyUsage any purpose is allowed (RFC 5280 4.2.1.12) */
		if (!(in.ext_present & SMGW_CERT_EXT_EKU))
			in.ext_key_usage = SMGW_CERT_EKU_SERVER_AUTH | SMGW_CERT_EKU_CLIENT_AUTH;
		if ((opts->flags & SMGW_PKI_VERIFY_TLS_SERVER) && !(in.ext_key_usage & SMGW_CERT_EKU_SERVER_AUTH)) {
			rc = smgw__findings_add(f, "PURPOSE-TLS-SERVER", SMGW_PKI_SEV_ERROR, 0, SMGW_E_PKI_USAGE, 0,
						leaf->x509, "the certificate is used for a TLS server but its "
						"extendedKeyUsage lacks serverAuth");
			if (rc < 0)
				goto out;
		}
		if ((opts->flags & SMGW_PKI_VERIFY_TLS_CLIENT) && !(in.ext_key_usage & SMGW_CERT_EKU_CLIENT_AUTH)) {
			rc = smgw__findings_add(f, "PURPOSE-TLS-CLIENT", SMGW_PKI_SEV_ERROR, 0, SMGW_E_PKI_USAGE, 0,
						leaf->x509, "the certificate is used for a TLS client but its "
						"extendedKeyUsage lacks clientAuth");
			if (rc < 0)
				goto out;
		}
	}

	if (st.first_code) {
		rc = st.first_code;
		if (diag) {
			char subj[96];
			size_t sl = sizeof(subj);

			if (!st.first_cert || smgw__name_text(X509_get_subject_name(st.first_cert), subj, &sl) < 0)
				snprintf(subj, sizeof(subj), "chain");
			smgw_diag_set(diag, rc, UINT64_MAX, "depth %d (%s): %s", st.first_depth, subj,
				      X509_verify_cert_error_string(st.first_err));
			if (diag->struct_size >= offsetof(struct smgw_diag, openssl_err))
				diag->depth = st.first_depth;
		}
		goto out;
	}
	{
		const struct smgw_pki_finding *best = NULL;

		for (i = first_profile; i < f->count; i++) {
			const struct smgw_pki_finding *it = &f->items[i];

			if (it->severity == SMGW_PKI_SEV_ERROR && (!best || rank(it->code) < rank(best->code)))
				best = it;
		}
		if (best) {
			rc = best->code;
			if (diag) {
				smgw_diag_set(diag, rc, UINT64_MAX, "depth %d: %s: %s", best->depth, best->rule_id,
					      best->message);
				if (diag->struct_size >= offsetof(struct smgw_diag, openssl_err))
					diag->depth = best->depth;
			}
			goto out;
		}
	}
	rc = 0;
out:
	X509_STORE_CTX_free(xs);
	sk_X509_CRL_free(crls);
	sk_X509_free(untrusted);
	smgw_pki_findings_free(own);
	return rc;
}
