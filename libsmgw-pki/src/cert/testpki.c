/* SPDX-License-Identifier: Apache-2.0 */
/* The SM-Test-PKI generator. NOT FOR PRODUCTION: keys in software. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <smgw/time.h>

#include "testpki-private.h"

#define DAY_MS 86400000LL

/* ms since the epoch as "YYYYMMDDHHMMSSZ". Built from text, not with
 * ASN1_TIME_set(): on a 32-bit target libcrypto's time_t need not be the
 * 64-bit time_t this suite is compiled with (Debian 12 armhf). */
static int ms_text(int64_t ms, char *buf, size_t cap)
{
	struct smgw_tm tm;

	if (smgw_time_to_utc_tm(ms, &tm) < 0 || tm.year < 0 || tm.year > 9999)
		return -1;
	snprintf(buf, cap, "%04d%02d%02d%02d%02d%02dZ", (int)tm.year, tm.month, tm.day, tm.hour, tm.minute,
		 tm.second);
	return 0;
}

/* UTCTime through 2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
static ASN1_TIME *ms_time(int64_t ms)
{
	char text[32];
	ASN1_TIME *t;

	if (ms_text(ms, text, sizeof(text)) < 0 || !(t = ASN1_TIME_new()))
		return NULL;
	if (!ASN1_TIME_set_string_X509(t, text)) {
		ASN1_TIME_free(t);
		return NULL;
	}
	return t;
}

static ASN1_GENERALIZEDTIME *ms_gentime(int64_t ms)
{
	char text[32];
	ASN1_GENERALIZEDTIME *t;

	if (ms_text(ms, text, sizeof(text)) < 0 || !(t = ASN1_GENERALIZEDTIME_new()))
		return NULL;
	if (!ASN1_GENERALIZEDTIME_set_string(t, text)) {
		ASN1_GENERALIZEDTIME_free(t);
		return NULL;
	}
	return t;
}

static int add_ext(X509 *x, X509V3_CTX *v3, int nid, int critical, const char *value)
{
	char buf[512];
	X509_EXTENSION *e;
	int ok;

	snprintf(buf, sizeof(buf), "%s%s", critical ? "critical," : "", value);
	e = X509V3_EXT_nconf_nid(NULL, v3, nid, buf);
	if (!e)
		return SMGW_E_CRYPTO;
	ok = X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	return ok ? 0 : SMGW_E_NOMEM;
}

static int name_add(X509_NAME *n, const char *field, const char *value)
{
	if (!value)
		return 0;
	return X509_NAME_add_entry_by_txt(n, field, MBSTRING_UTF8, (const unsigned char *)value, -1, -1, 0) ?
		       0 : SMGW_E_CRYPTO;
}

static void ku_conf(uint32_t ku, char *buf, size_t cap)
{
	static const char *const names[] = { "digitalSignature", "nonRepudiation", "keyEncipherment",
					     "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign",
					     "encipherOnly", "decipherOnly" };
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ku & (1u << i))
			o += (size_t)snprintf(buf + o, o < cap ? cap - o : 0, "%s%s", o ? "," : "", names[i]);
}

static int add_pkup(X509 *x, int64_t nb, int64_t na, int critical)
{
	PKEY_USAGE_PERIOD *p = PKEY_USAGE_PERIOD_new();
	int ok;

	if (!p)
		return SMGW_E_NOMEM;
	p->notBefore = ms_gentime(nb);
	p->notAfter = ms_gentime(na);
	ok = p->notBefore && p->notAfter && X509_add1_ext_i2d(x, NID_private_key_usage_period, p, critical, 0) == 1;
	PKEY_USAGE_PERIOD_free(p);
	return ok ? 0 : SMGW_E_CRYPTO;
}

/* cRLDistributionPoints with the root CRL's URI and, as cRLIssuer, the CRL signer. */
static int add_indirect_dp(X509 *x, const X509_NAME *crl_issuer, int critical)
{
	STACK_OF(DIST_POINT) *dps = sk_DIST_POINT_new_null();
	DIST_POINT *dp = DIST_POINT_new();
	DIST_POINT_NAME *dpn = DIST_POINT_NAME_new();
	GENERAL_NAME *uri = GENERAL_NAME_new(), *dir = NULL;
	ASN1_IA5STRING *s = ASN1_IA5STRING_new();
	static const char url[] = "http://root.sm-test-pki.example/root.crl";
	int ok = dps && dp && dpn && uri && s && ASN1_STRING_set(s, url, (int)sizeof(url) - 1);

	if (ok) {
		GENERAL_NAME_set0_value(uri, GEN_URI, s);
		s = NULL;
		dpn->type = 0;
		dpn->name.fullname = sk_GENERAL_NAME_new_null();
		ok = dpn->name.fullname && sk_GENERAL_NAME_push(dpn->name.fullname, uri) > 0;
		if (ok)
			uri = NULL;
		dp->distpoint = dpn;
		dpn = NULL;
	}
	if (ok && crl_issuer) {
		X509_NAME *nm = X509_NAME_dup(crl_issuer);

		dir = GENERAL_NAME_new();
		dp->CRLissuer = sk_GENERAL_NAME_new_null();
		ok = nm && dir && dp->CRLissuer;
		if (ok) {
			GENERAL_NAME_set0_value(dir, GEN_DIRNAME, nm);
			ok = sk_GENERAL_NAME_push(dp->CRLissuer, dir) > 0;
			if (ok)
				dir = NULL;
		} else {
			X509_NAME_free(nm);
		}
	}
	ok = ok && sk_DIST_POINT_push(dps, dp) > 0;
	if (ok)
		dp = NULL;
	ok = ok && X509_add1_ext_i2d(x, NID_crl_distribution_points, dps, critical, 0) == 1;
	GENERAL_NAME_free(dir);
	GENERAL_NAME_free(uri);
	ASN1_IA5STRING_free(s);
	DIST_POINT_NAME_free(dpn);
	DIST_POINT_free(dp);
	sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
	return ok ? 0 : SMGW_E_CRYPTO;
}

static int add_policy(X509 *x, const char *oid, int critical)
{
	CERTIFICATEPOLICIES *cp = CERTIFICATEPOLICIES_new();
	POLICYINFO *pi = POLICYINFO_new();
	int ok = cp && pi && (pi->policyid = OBJ_txt2obj(oid, 1)) != NULL && sk_POLICYINFO_push(cp, pi) > 0;

	if (ok)
		pi = NULL;
	ok = ok && X509_add1_ext_i2d(x, NID_certificate_policies, cp, critical, 0) == 1;
	POLICYINFO_free(pi);
	CERTIFICATEPOLICIES_free(cp);
	return ok ? 0 : SMGW_E_CRYPTO;
}

static int add_unknown(X509 *x)
{
	ASN1_OBJECT *o = OBJ_txt2obj("1.3.6.1.4.1.99999.1", 1);
	ASN1_OCTET_STRING *v = ASN1_OCTET_STRING_new();
	X509_EXTENSION *e = NULL;
	static const unsigned char null_der[2] = { 0x05, 0x00 };
	int ok = o && v && ASN1_OCTET_STRING_set(v, null_der, 2) &&
		 (e = X509_EXTENSION_create_by_OBJ(NULL, o, 1, v)) != NULL && X509_add_ext(x, e, -1);

	X509_EXTENSION_free(e);
	ASN1_OCTET_STRING_free(v);
	ASN1_OBJECT_free(o);
	return ok ? 0 : SMGW_E_CRYPTO;
}

int smgw__testpki_issue(smgw_pki *pki, const struct smgw__cert_spec *s, X509 *issuer, EVP_PKEY *issuer_key,
			X509 **ret_cert, EVP_PKEY **ret_key)
{
	const char *pq = smgw_pki_propq(pki);
	EVP_PKEY *key = NULL;
	EVP_MD *md = NULL;
	X509 *x = NULL;
	X509_NAME *name = NULL;
	ASN1_TIME *t = NULL;
	X509V3_CTX v3;
	char buf[256];
	int rc = SMGW_E_CRYPTO;

	if (s->key) {
		if (!EVP_PKEY_up_ref(s->key))
			return SMGW_E_CRYPTO;
		key = s->key;
	} else if (s->rsa_bits > 0) {
		key = EVP_PKEY_Q_keygen(pki->libctx, pq, "RSA", (size_t)s->rsa_bits);
	} else {
		key = EVP_PKEY_Q_keygen(pki->libctx, pq, "EC", OBJ_nid2sn(smgw__curve_nid(s->curve)));
	}
	if (!key)
		goto out;
	md = EVP_MD_fetch(pki->libctx, s->md ? s->md : "SHA256", pq);
	x = X509_new_ex(pki->libctx, pq);
	name = X509_NAME_new();
	if (!md || !x || !name)
		goto out;
	if (name_add(name, "C", s->c) < 0 || name_add(name, "O", s->o) < 0 ||
	    name_add(name, "serialNumber", s->serial_rdn) < 0 || name_add(name, "CN", s->cn) < 0)
		goto out;
	if (!X509_set_version(x, s->version == 1 ? X509_VERSION_1 : X509_VERSION_3) ||
	    !ASN1_INTEGER_set_uint64(X509_get_serialNumber(x), s->serial) ||
	    !X509_set_subject_name(x, name) ||
	    !X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name) ||
	    !X509_set_pubkey(x, key))
		goto out;
	t = ms_time(s->not_before);
	if (!t || !X509_set1_notBefore(x, t))
		goto out;
	ASN1_TIME_free(t);
	t = ms_time(s->not_after);
	if (!t || !X509_set1_notAfter(x, t))
		goto out;
	if (s->version != 1) {
		X509V3_set_ctx(&v3, issuer ? issuer : x, x, NULL, NULL, 0);
		if (!(s->omit & SMGW_CERT_EXT_BC)) {
			if (s->ca && s->pathlen >= 0)
				snprintf(buf, sizeof(buf), "CA:TRUE,pathlen:%d", s->pathlen);
			else
				snprintf(buf, sizeof(buf), "CA:%s", s->ca ? "TRUE" : "FALSE");
			if ((rc = add_ext(x, &v3, NID_basic_constraints, !(s->flip & SMGW_CERT_EXT_BC), buf)) < 0)
				goto out;
		}
		if (!(s->omit & SMGW_CERT_EXT_SKI) &&
		    (rc = add_ext(x, &v3, NID_subject_key_identifier, !!(s->flip & SMGW_CERT_EXT_SKI), "hash")) < 0)
			goto out;
		if (!(s->omit & SMGW_CERT_EXT_AKI) &&
		    (rc = add_ext(x, &v3, NID_authority_key_identifier, !!(s->flip & SMGW_CERT_EXT_AKI),
				  "keyid:always")) < 0)
			goto out;
		if (s->ku && !(s->omit & SMGW_CERT_EXT_KU)) {
			ku_conf(s->ku, buf, sizeof(buf));
			if ((rc = add_ext(x, &v3, NID_key_usage, !(s->flip & SMGW_CERT_EXT_KU), buf)) < 0)
				goto out;
		}
		if (s->eku && !(s->omit & SMGW_CERT_EXT_EKU)) {
			snprintf(buf, sizeof(buf), "%s%s%s", (s->eku & SMGW_CERT_EKU_SERVER_AUTH) ? "serverAuth" : "",
				 (s->eku & SMGW_CERT_EKU_SERVER_AUTH) && (s->eku & SMGW_CERT_EKU_CLIENT_AUTH) ? "," : "",
				 (s->eku & SMGW_CERT_EKU_CLIENT_AUTH) ? "clientAuth" : "");
			if (s->eku & SMGW_CERT_EKU_EMAIL)
				snprintf(buf, sizeof(buf), "emailProtection");
			if ((rc = add_ext(x, &v3, NID_ext_key_usage, !(s->flip & SMGW_CERT_EXT_EKU), buf)) < 0)
				goto out;
		}
		if (s->policy && !(s->omit & SMGW_CERT_EXT_POLICIES) &&
		    (rc = add_policy(x, s->policy, !!(s->flip & SMGW_CERT_EXT_POLICIES))) < 0)
			goto out;
		if (s->san && !(s->omit & SMGW_CERT_EXT_SAN) &&
		    (rc = add_ext(x, &v3, NID_subject_alt_name, !!(s->flip & SMGW_CERT_EXT_SAN), s->san)) < 0)
			goto out;
		if (s->ian && !(s->omit & SMGW_CERT_EXT_IAN) &&
		    (rc = add_ext(x, &v3, NID_issuer_alt_name, !!(s->flip & SMGW_CERT_EXT_IAN), s->ian)) < 0)
			goto out;
		if (s->crldp && !(s->omit & SMGW_CERT_EXT_CRLDP)) {
			if (strcmp(s->crldp, "crl_root") == 0 && issuer)
				rc = add_indirect_dp(x, s->crl_issuer ? X509_get_subject_name(s->crl_issuer) : name,
						     !!(s->flip & SMGW_CERT_EXT_CRLDP));
			else
				rc = add_ext(x, &v3, NID_crl_distribution_points, !!(s->flip & SMGW_CERT_EXT_CRLDP), s->crldp);
			if (rc < 0)
				goto out;
		}
		if (s->pkup && (rc = add_pkup(x, s->not_before, s->not_after, !!(s->flip & SMGW_CERT_EXT_PKUP))) < 0)
			goto out;
		if (s->unknown_critical && (rc = add_unknown(x)) < 0)
			goto out;
	}
	rc = SMGW_E_CRYPTO;
	if (!X509_sign(x, issuer ? issuer_key : key, md))
		goto out;
	*ret_cert = x;
	*ret_key = key;
	x = NULL;
	key = NULL;
	rc = 0;
out:
	if (rc < 0)
		smgw__log(pki->ctx, SMGW_LOG_DEBUG, "pki", "test certificate %s: error %lx", s->cn ? s->cn : "?",
			  ERR_peek_last_error());
	ASN1_TIME_free(t);
	X509_NAME_free(name);
	X509_free(x);
	EVP_MD_free(md);
	EVP_PKEY_free(key);
	return rc;
}

int smgw__testpki_crl(smgw_pki *pki, X509 *ca, X509 *signer, EVP_PKEY *signer_key, int indirect,
		      X509 *const *revoked, size_t n_revoked, int64_t this_update, int64_t next_update,
		      const char *md_name, X509_CRL **ret_crl)
{
	X509_CRL *crl = X509_CRL_new_ex(pki->libctx, smgw_pki_propq(pki));
	EVP_MD *md = EVP_MD_fetch(pki->libctx, md_name ? md_name : "SHA256", smgw_pki_propq(pki));
	ASN1_TIME *t = NULL;
	ASN1_INTEGER *num = NULL;
	X509V3_CTX v3;
	X509_EXTENSION *e;
	size_t i;
	int rc = SMGW_E_CRYPTO;

	if (!crl || !md)
		goto out;
	if (!X509_CRL_set_version(crl, X509_CRL_VERSION_2) ||
	    !X509_CRL_set_issuer_name(crl, X509_get_subject_name(signer)))
		goto out;
	t = ms_time(this_update);
	if (!t || !X509_CRL_set1_lastUpdate(crl, t))
		goto out;
	ASN1_TIME_free(t);
	t = ms_time(next_update == INT64_MIN ? this_update : next_update);
	if (!t || (next_update != INT64_MIN && !X509_CRL_set1_nextUpdate(crl, t)))
		goto out;
	for (i = 0; i < n_revoked; i++) {
		X509_REVOKED *r = X509_REVOKED_new();
		ASN1_ENUMERATED *reason = ASN1_ENUMERATED_new();
		int ok = r && reason && ASN1_ENUMERATED_set(reason, CRL_REASON_KEY_COMPROMISE) &&
			 X509_REVOKED_set_serialNumber(r, X509_get_serialNumber(revoked[i])) &&
			 X509_REVOKED_set_revocationDate(r, t) &&
			 X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, reason, 0, 0) == 1;

		ASN1_ENUMERATED_free(reason);
		if (ok && indirect) {
			GENERAL_NAMES *gns = GENERAL_NAMES_new();
			GENERAL_NAME *gn = GENERAL_NAME_new();
			X509_NAME *nm = X509_NAME_dup(X509_get_subject_name(ca));

			ok = gns && gn && nm;
			if (ok) {
				GENERAL_NAME_set0_value(gn, GEN_DIRNAME, nm);
				nm = NULL;
				ok = sk_GENERAL_NAME_push(gns, gn) > 0;
				if (ok)
					gn = NULL;
			}
			ok = ok && X509_REVOKED_add1_ext_i2d(r, NID_certificate_issuer, gns, 1, 0) == 1;
			X509_NAME_free(nm);
			GENERAL_NAME_free(gn);
			GENERAL_NAMES_free(gns);
		}
		/* revocation date: thisUpdate (t holds nextUpdate now, so set it again) */
		if (ok) {
			ASN1_TIME *rt = ms_time(this_update);

			ok = rt && X509_REVOKED_set_revocationDate(r, rt);
			ASN1_TIME_free(rt);
		}
		if (!ok || !X509_CRL_add0_revoked(crl, r)) {
			X509_REVOKED_free(r);
			goto out;
		}
	}
	X509V3_set_ctx(&v3, signer, NULL, NULL, crl, 0);
	e = X509V3_EXT_nconf_nid(NULL, &v3, NID_authority_key_identifier, "keyid:always");
	if (!e || !X509_CRL_add_ext(crl, e, -1)) {
		X509_EXTENSION_free(e);
		goto out;
	}
	X509_EXTENSION_free(e);
	num = ASN1_INTEGER_new();
	if (!num || !ASN1_INTEGER_set_int64(num, this_update / 1000) ||
	    X509_CRL_add1_ext_i2d(crl, NID_crl_number, num, 0, 0) != 1)
		goto out;
	if (indirect) {
		ISSUING_DIST_POINT *idp = ISSUING_DIST_POINT_new();
		int ok = idp != NULL;

		if (ok) {
			idp->indirectCRL = 0xff;
			ok = X509_CRL_add1_ext_i2d(crl, NID_issuing_distribution_point, idp, 1, 0) == 1;
		}
		ISSUING_DIST_POINT_free(idp);
		if (!ok)
			goto out;
	}
	if (!X509_CRL_sort(crl) || !X509_CRL_sign(crl, signer_key, md))
		goto out;
	*ret_crl = crl;
	crl = NULL;
	rc = 0;
out:
	ASN1_INTEGER_free(num);
	ASN1_TIME_free(t);
	EVP_MD_free(md);
	X509_CRL_free(crl);
	return rc;
}

/* ---- the test PKI ---- */

#define TP_MAX 32

struct tp_item {
	char name[32];
	const char *description;
	int role, type;
	smgw_cert *cert;
	smgw_crl *crl;
	EVP_PKEY *key;
	const char *issuer;
};

struct smgw_testpki {
	smgw_pki *pki;
	struct tp_item items[TP_MAX];
	size_t n;
};

static struct tp_item *find(const smgw_testpki *tp, const char *name)
{
	size_t i;

	for (i = 0; i < tp->n; i++)
		if (strcmp(tp->items[i].name, name) == 0)
			return (struct tp_item *)&tp->items[i];
	return NULL;
}

EVP_PKEY *smgw__testpki_key(const smgw_testpki *tp, const char *name)
{
	struct tp_item *it = tp ? find(tp, name) : NULL;

	return it ? it->key : NULL;
}

/* One certificate of the test PKI. */
struct tp_def {
	const char *name, *issuer, *description;
	int role, type;
	const char *cn, *serial_rdn;
	int curve;
	const char *md;      /* issuer's signature hash */
	const char *key_of;  /* reuse the key of this item (link certificates) */
};

static const char *const o_test = "SM-Test-PKI-DE";

static const struct tp_def defs[] = {
	{ "root", NULL, "SM-Test-Root.CA, the trust anchor (self-signed)", SMGW_PKI_ROLE_ROOT, 0,
	  "SM-Test-Root.CA", "1", SMGW_CERT_CURVE_BP384, "SHA384", NULL },
	{ "root2", NULL, "the next SM-Test-Root.CA (serialNumber 2) after a root rollover", SMGW_PKI_ROLE_ROOT, 0,
	  "SM-Test-Root.CA", "2", SMGW_CERT_CURVE_BP384, "SHA384", NULL },
	{ "link-old-new", "root", "link certificate: root2's name and key, signed by root (old trusts new)",
	  SMGW_PKI_ROLE_LINK, 0, "SM-Test-Root.CA", "2", 0, "SHA384", "root2" },
	{ "link-new-old", "root2", "link certificate: root's name and key, signed by root2 (new trusts old)",
	  SMGW_PKI_ROLE_LINK, 0, "SM-Test-Root.CA", "1", 0, "SHA384", "root" },
	{ "crl-signer", "root", "SM-Test-Root.CA.CRL-S, signs the root's CRL", SMGW_PKI_ROLE_CRL_SIGNER, 0,
	  "SM-Test-Root.CA.CRL-S", "1", SMGW_CERT_CURVE_BP384, "SHA384", NULL },
	{ "subca", "root", "sub-CA under root, issues the end-user certificates", SMGW_PKI_ROLE_SUBCA, 0,
	  "SMGW-Test-Sub.CA", "1", SMGW_CERT_CURVE_BP256, "SHA384", NULL },
	{ "subca2", "root2", "sub-CA under root2 (for the rollover)", SMGW_PKI_ROLE_SUBCA, 0,
	  "SMGW-Test-Sub2.CA", "2", SMGW_CERT_CURVE_BP256, "SHA384", NULL },
	{ "subca-revoked", "root", "sub-CA under root, revoked in root.crl", SMGW_PKI_ROLE_SUBCA, 0,
	  "SMGW-Test-Revoked.CA", "3", SMGW_CERT_CURVE_BP256, "SHA384", NULL },
	{ "smgw-tls", "subca", "SMGW TLS certificate", SMGW_PKI_ROLE_SMGW, SMGW_PKI_TYPE_TLS,
	  "ETEST0000000001.SMGW", "1", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "smgw-sig", "subca", "SMGW signature certificate", SMGW_PKI_ROLE_SMGW, SMGW_PKI_TYPE_SIG,
	  "ETEST0000000001.SMGW", "1", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "smgw-enc", "subca", "SMGW encryption certificate", SMGW_PKI_ROLE_SMGW, SMGW_PKI_TYPE_ENC,
	  "ETEST0000000001.SMGW", "1", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "gwa-tls", "subca", "GWA TLS certificate", SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS,
	  "TESTGWA.GWA", "1", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "gwa-sig", "subca", "GWA signature certificate", SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_SIG,
	  "TESTGWA.GWA", "1", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "gwa-enc", "subca", "GWA encryption certificate", SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_ENC,
	  "TESTGWA.GWA", "1", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "gwh-tls", "subca", "GWH TLS certificate", SMGW_PKI_ROLE_GWH, SMGW_PKI_TYPE_TLS,
	  "TESTGWH.GWH", "1", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "gwh-sig", "subca", "GWH signature certificate", SMGW_PKI_ROLE_GWH, SMGW_PKI_TYPE_SIG,
	  "TESTGWH.GWH", "1", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "gwh-enc", "subca", "GWH encryption certificate", SMGW_PKI_ROLE_GWH, SMGW_PKI_TYPE_ENC,
	  "TESTGWH.GWH", "1", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "emt-tls", "subca", "EMT TLS certificate", SMGW_PKI_ROLE_EMT, SMGW_PKI_TYPE_TLS,
	  "TESTEMT.EMT", "1", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "emt-sig", "subca", "EMT signature certificate", SMGW_PKI_ROLE_EMT, SMGW_PKI_TYPE_SIG,
	  "TESTEMT.EMT", "1", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "emt-enc", "subca", "EMT encryption certificate", SMGW_PKI_ROLE_EMT, SMGW_PKI_TYPE_ENC,
	  "TESTEMT.EMT", "1", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "gwa2-tls", "subca2", "GWA TLS certificate under subca2 (root2)", SMGW_PKI_ROLE_GWA, SMGW_PKI_TYPE_TLS,
	  "TESTGWA2.GWA", "2", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "revoked-emt-tls", "subca", "EMT TLS certificate, revoked in subca.crl", SMGW_PKI_ROLE_EMT,
	  SMGW_PKI_TYPE_TLS, "REVOKED.EMT", "9", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
	{ "revsub-gwh-tls", "subca-revoked", "GWH TLS certificate under the revoked sub-CA", SMGW_PKI_ROLE_GWH,
	  SMGW_PKI_TYPE_TLS, "REVSUB.GWH", "1", SMGW_CERT_CURVE_BP256, "SHA256", NULL },
};

void smgw__testpki_spec_for(struct smgw__cert_spec *s, int role, int type, const char *cn, const char *serial_rdn,
			    int64_t nb, int64_t na, uint64_t serial)
{
	memset(s, 0, sizeof(*s));
	s->cn = cn;
	s->o = o_test;
	s->c = "DE";
	s->serial_rdn = serial_rdn;
	s->curve = SMGW_CERT_CURVE_BP256;
	s->md = "SHA256";
	s->serial = serial;
	s->not_before = nb;
	s->not_after = na;
	s->pathlen = -1;
	s->policy = SMGW_PKI_POLICY_OID;
	switch (role) {
	case SMGW_PKI_ROLE_ROOT:
	case SMGW_PKI_ROLE_LINK:
		/* root -> link -> sub-CA -> end user during a rollover: the link
		 * certificate has a name of its own, so it counts for pathlen */
		s->ca = 1;
		s->pathlen = role == SMGW_PKI_ROLE_ROOT ? 2 : 1;
		s->ku = SMGW_CERT_KU_KEY_CERT_SIGN | SMGW_CERT_KU_CRL_SIGN;
		if (role == SMGW_PKI_ROLE_ROOT)
			s->omit |= SMGW_CERT_EXT_AKI;
		break;
	case SMGW_PKI_ROLE_SUBCA:
		s->ca = 1;
		s->pathlen = 0;
		s->ku = SMGW_CERT_KU_KEY_CERT_SIGN | SMGW_CERT_KU_CRL_SIGN;
		break;
	case SMGW_PKI_ROLE_CRL_SIGNER:
		s->ku = SMGW_CERT_KU_CRL_SIGN;
		break;
	default:
		s->ian = "URI:http://subca.sm-test-pki.example";
		s->crldp = "URI:http://subca.sm-test-pki.example/subca.crl";
		if (role != SMGW_PKI_ROLE_SMGW)
			s->san = role == SMGW_PKI_ROLE_GWA ? "URI:https://gwa.sm-test-pki.example,DNS:gwa.sm-test-pki.example" :
				 role == SMGW_PKI_ROLE_GWH ? "URI:https://gwh.sm-test-pki.example,DNS:gwh.sm-test-pki.example" :
				 "URI:https://emt.sm-test-pki.example,DNS:emt.sm-test-pki.example";
		if (type == SMGW_PKI_TYPE_TLS) {
			s->ku = SMGW_CERT_KU_DIGITAL_SIGNATURE;
			s->eku = SMGW_CERT_EKU_SERVER_AUTH | SMGW_CERT_EKU_CLIENT_AUTH;
		} else if (type == SMGW_PKI_TYPE_SIG) {
			s->ku = SMGW_CERT_KU_DIGITAL_SIGNATURE;
		} else {
			s->ku = SMGW_CERT_KU_KEY_AGREEMENT;
		}
		break;
	}
}

static int add_item(smgw_testpki *tp, const char *name, const char *desc, int role, int type, const char *issuer,
		    X509 *x, X509_CRL *crl, EVP_PKEY *key)
{
	struct tp_item *it;
	int rc;

	if (tp->n >= TP_MAX)
		return SMGW_E_LIMIT;
	it = &tp->items[tp->n];
	memset(it, 0, sizeof(*it));
	snprintf(it->name, sizeof(it->name), "%s", name);
	it->description = desc;
	it->role = role;
	it->type = type;
	it->issuer = issuer ? issuer : name;
	/* Each object is stored as decoded from its DER encoding, so that
	 * everything OpenSSL derives while decoding (the CRL's indirect flag,
	 * cached extensions) is set as for objects read from files. */
	if (x || crl) {
		unsigned char *der = NULL;
		int n = x ? i2d_X509(x, &der) : i2d_X509_CRL(crl, &der);

		if (n <= 0)
			return SMGW_E_CRYPTO;
		rc = x ? smgw_cert_parse(tp->pki, der, (size_t)n, NULL, &it->cert, NULL) :
			 smgw_crl_parse(tp->pki, der, (size_t)n, NULL, &it->crl, NULL);
		OPENSSL_free(der);
		if (rc < 0)
			return rc;
	}
	if (key) {
		EVP_PKEY_up_ref(key);
		it->key = key;
	}
	tp->n++;
	return 0;
}

SMGW_EXPORT int smgw_testpki_generate(smgw_pki *pki, const struct smgw_testpki_params *params,
				      smgw_testpki **ret_testpki, struct smgw_diag *diag)
{
	smgw_testpki *tp;
	int64_t nb = 1735689600000LL; /* 2025-01-01T00:00:00Z */
	int64_t ca_ms = 3650 * DAY_MS, ee_ms = 730 * DAY_MS;
	size_t i;
	int rc = 0;

	if (!pki || !ret_testpki)
		return SMGW_E_INVAL;
	if (params) {
		if (params->struct_size < offsetof(struct smgw_testpki_params, ee_days) + sizeof(int32_t) ||
		    params->flags || params->ca_days < 0 || params->ee_days < 0)
			return SMGW_E_INVAL;
		if (params->not_before)
			nb = params->not_before;
		if (params->ca_days)
			ca_ms = params->ca_days * DAY_MS;
		if (params->ee_days)
			ee_ms = params->ee_days * DAY_MS;
	}
	tp = smgw_ctx_calloc(pki->ctx, 1, sizeof(*tp));
	if (!tp)
		return SMGW_E_NOMEM;
	tp->pki = pki;
	for (i = 0; i < SMGW_ARRAY_SIZE(defs) && rc == 0; i++) {
		const struct tp_def *d = &defs[i];
		struct tp_item *iss = d->issuer ? find(tp, d->issuer) : NULL;
		struct tp_item *keyof = d->key_of ? find(tp, d->key_of) : NULL;
		struct smgw__cert_spec s;
		X509 *x = NULL;
		EVP_PKEY *key = NULL;
		int ca = d->role <= SMGW_PKI_ROLE_LINK;

		smgw__testpki_spec_for(&s, d->role, d->type, d->cn, d->serial_rdn, nb, nb + (ca ? ca_ms : ee_ms),
				       0x1000 + i);
		s.curve = d->curve;
		s.md = d->md;
		if (keyof)
			s.key = keyof->key;
		if (d->role == SMGW_PKI_ROLE_SUBCA || d->role == SMGW_PKI_ROLE_CRL_SIGNER) {
			/* revocation by the root's indirect CRL: the distribution point
			 * names the CRL signer as cRLIssuer (RFC 5280 4.2.1.13) */
			struct tp_item *crls = find(tp, "crl-signer");

			s.crldp = strcmp(d->issuer, "root2") == 0 ? NULL : "crl_root";
			s.crl_issuer = crls ? smgw_cert_x509(crls->cert) : NULL;
		}
		if (d->role >= SMGW_PKI_ROLE_SMGW) {
			/* issuerAltName and CRL DP point at the issuing sub-CA */
			if (strcmp(d->issuer, "subca2") == 0) {
				s.ian = "URI:http://subca2.sm-test-pki.example";
				s.crldp = "URI:http://subca2.sm-test-pki.example/subca2.crl";
			} else if (strcmp(d->issuer, "subca-revoked") == 0) {
				s.ian = "URI:http://subca-revoked.sm-test-pki.example";
				s.crldp = "URI:http://subca-revoked.sm-test-pki.example/subca-revoked.crl";
			}
		}
		rc = smgw__testpki_issue(pki, &s, iss ? smgw_cert_x509(iss->cert) : NULL, iss ? iss->key : NULL, &x,
					 &key);
		if (rc == 0)
			rc = add_item(tp, d->name, d->description, d->role, d->type, d->issuer, x, NULL, key);
		X509_free(x);
		EVP_PKEY_free(key);
	}
	if (rc == 0) {
		struct tp_item *subca = find(tp, "subca"), *root = find(tp, "root"), *crls = find(tp, "crl-signer");
		X509 *rev[1];
		X509_CRL *crl = NULL;

		rev[0] = smgw_cert_x509(find(tp, "revoked-emt-tls")->cert);
		rc = smgw__testpki_crl(pki, smgw_cert_x509(subca->cert), smgw_cert_x509(subca->cert), subca->key, 0,
				       rev, 1, nb + DAY_MS, nb + ee_ms, "SHA256", &crl);
		if (rc == 0)
			rc = add_item(tp, "subca.crl", "CRL of subca (signed by subca), revokes revoked-emt-tls", 0, 0,
				      "subca", NULL, crl, NULL);
		X509_CRL_free(crl);
		crl = NULL;
		if (rc == 0) {
			rev[0] = smgw_cert_x509(find(tp, "subca-revoked")->cert);
			rc = smgw__testpki_crl(pki, smgw_cert_x509(root->cert), smgw_cert_x509(crls->cert), crls->key, 1,
					       rev, 1, nb + DAY_MS, nb + ee_ms, "SHA384", &crl);
		}
		if (rc == 0)
			rc = add_item(tp, "root.crl",
				      "CRL of root (indirect, signed by crl-signer), revokes subca-revoked", 0, 0,
				      "crl-signer", NULL, crl, NULL);
		X509_CRL_free(crl);
	}
	if (rc < 0) {
		smgw_testpki_free(tp);
		return smgw_diag_set(diag, rc, UINT64_MAX, "test PKI generation failed (OpenSSL error %lx)",
				     ERR_peek_last_error());
	}
	*ret_testpki = tp;
	return 0;
}

SMGW_EXPORT void smgw_testpki_free(smgw_testpki *testpki)
{
	size_t i;

	if (!testpki)
		return;
	for (i = 0; i < testpki->n; i++) {
		smgw_cert_free(testpki->items[i].cert);
		smgw_crl_free(testpki->items[i].crl);
		EVP_PKEY_free(testpki->items[i].key); /* OpenSSL clears EC private keys on free */
	}
	smgw_ctx_free(testpki->pki->ctx, testpki, sizeof(*testpki));
}

SMGW_EXPORT size_t smgw_testpki_count(const smgw_testpki *testpki)
{
	return testpki ? testpki->n : 0;
}

SMGW_EXPORT int smgw_testpki_get(const smgw_testpki *testpki, size_t index, struct smgw_testpki_item *ret_item)
{
	const struct tp_item *it;

	if (!testpki || !ret_item)
		return SMGW_E_INVAL;
	if (index >= testpki->n)
		return SMGW_E_NOTFOUND;
	it = &testpki->items[index];
	ret_item->name = it->name;
	ret_item->description = it->description;
	ret_item->role = it->role;
	ret_item->type = it->type;
	ret_item->cert = it->cert;
	ret_item->crl = it->crl;
	ret_item->issuer = it->issuer;
	return 0;
}

SMGW_EXPORT const smgw_cert *smgw_testpki_cert(const smgw_testpki *testpki, const char *name)
{
	struct tp_item *it = testpki && name ? find(testpki, name) : NULL;

	return it ? it->cert : NULL;
}

SMGW_EXPORT const smgw_crl *smgw_testpki_crl(const smgw_testpki *testpki, const char *name)
{
	struct tp_item *it = testpki && name ? find(testpki, name) : NULL;

	return it ? it->crl : NULL;
}

SMGW_EXPORT int smgw_testpki_key_pem(const smgw_testpki *testpki, const char *name, char *buf, size_t *len)
{
	struct tp_item *it;
	BIO *bio;
	int rc;

	if (!testpki || !name || !len)
		return SMGW_E_INVAL;
	it = find(testpki, name);
	if (!it || !it->key)
		return SMGW_E_NOTFOUND;
	bio = BIO_new(BIO_s_secmem());
	if (!bio)
		bio = BIO_new(BIO_s_mem());
	if (!bio)
		return SMGW_E_NOMEM;
	rc = PEM_write_bio_PrivateKey_ex(bio, it->key, NULL, NULL, 0, NULL, NULL, testpki->pki->libctx,
					 smgw_pki_propq(testpki->pki)) ? smgw__bio_text(bio, buf, len) : SMGW_E_NOMEM;
	BIO_free(bio);
	return rc;
}

static int write_file(const char *dir, const char *name, const char *suffix, const char *text, size_t n,
		      int private_key, struct smgw_diag *diag)
{
	char path[4096];
	FILE *f;
	int ok;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s%s", dir, name, suffix) >= sizeof(path))
		return smgw_diag_set(diag, SMGW_E_INVAL, UINT64_MAX, "path too long");
	if (private_key) {
		/* created 0600 before the key is written */
		int fd;
		FILE *g;

		(void)remove(path);
		g = fopen(path, "wx");
		if (!g)
			return smgw_diag_set(diag, SMGW_E_IO, UINT64_MAX, "cannot create %.80s: %s", path, strerror(errno));
		fd = fileno(g);
		ok = fd >= 0 && fchmod(fd, 0600) == 0;
		f = g;
		if (!ok) {
			fclose(f);
			return smgw_diag_set(diag, SMGW_E_IO, UINT64_MAX, "cannot restrict %.80s", path);
		}
	} else {
		f = fopen(path, "w");
		if (!f)
			return smgw_diag_set(diag, SMGW_E_IO, UINT64_MAX, "cannot create %.80s: %s", path, strerror(errno));
	}
	ok = fwrite(text, 1, n, f) == n;
	ok = (fclose(f) == 0) && ok;
	return ok ? 0 : smgw_diag_set(diag, SMGW_E_IO, UINT64_MAX, "cannot write %.80s", path);
}

static int item_pem(const struct tp_item *it, char **ret, size_t *ret_len)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *p;
	long n;
	int ok;

	if (!bio)
		return SMGW_E_NOMEM;
	ok = it->cert ? PEM_write_bio_X509(bio, smgw_cert_x509(it->cert)) :
			PEM_write_bio_X509_CRL(bio, smgw_crl_x509_crl(it->crl));
	n = BIO_get_mem_data(bio, &p);
	if (!ok || n <= 0) {
		BIO_free(bio);
		return SMGW_E_NOMEM;
	}
	*ret = OPENSSL_strndup(p, (size_t)n);
	*ret_len = (size_t)n;
	BIO_free(bio);
	return *ret ? 0 : SMGW_E_NOMEM;
}

SMGW_EXPORT int smgw_testpki_write(const smgw_testpki *testpki, const char *dir, struct smgw_diag *diag)
{
	BIO *readme;
	size_t i;
	int rc = 0;

	if (!testpki || !dir)
		return SMGW_E_INVAL;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return smgw_diag_set(diag, SMGW_E_IO, UINT64_MAX, "cannot create directory %.80s: %s", dir,
				     strerror(errno));
	readme = BIO_new(BIO_s_mem());
	if (!readme)
		return SMGW_E_NOMEM;
	BIO_printf(readme,
		   "SM-Test-PKI generated by libsmgw-pki (smgw_testpki_generate).\n"
		   "NOT FOR PRODUCTION: the private keys below were generated in software and are\n"
		   "stored unencrypted. Names use O=SM-Test-PKI-DE; every certificate carries the\n"
		   "SM-PKI policy %s; keys are brainpool.\n\n"
		   "Check with OpenSSL, e.g.:\n"
		   "  openssl verify -x509_strict -policy_check -explicit_policy -policy %s \\\n"
		   "    -CAfile root.pem -untrusted subca.pem gwa-tls.pem\n"
		   "  openssl verify -crl_check -extended_crl -CAfile root.pem -untrusted subca.pem \\\n"
		   "    -CRLfile subca.crl.pem revoked-emt-tls.pem      (fails: revoked)\n"
		   "(add -attime SECONDS-SINCE-1970 when today lies outside the validity)\n\n"
		   "%-20s %-10s %-4s %-14s %s\n", SMGW_PKI_POLICY_OID, SMGW_PKI_POLICY_OID,
		   "file", "role", "type", "signed by", "what");
	for (i = 0; i < testpki->n && rc == 0; i++) {
		const struct tp_item *it = &testpki->items[i];
		char *pem = NULL, fname[48];
		size_t n = 0;

		rc = item_pem(it, &pem, &n);
		if (rc == 0)
			rc = write_file(dir, it->name, it->crl ? ".pem" : ".pem", pem, n, 0, diag);
		OPENSSL_free(pem);
		snprintf(fname, sizeof(fname), "%s.pem", it->name);
		BIO_printf(readme, "%-20s %-10s %-4s %-14s %s\n", fname, it->crl ? "CRL" : smgw_pki_role_name(it->role),
			   smgw_pki_type_name(it->type), it->issuer, it->description);
		if (rc == 0 && it->key) {
			size_t kl = 0;
			char *kbuf;

			(void)smgw_testpki_key_pem(testpki, it->name, NULL, &kl);
			kbuf = OPENSSL_secure_zalloc(kl + 1);
			if (!kbuf) {
				rc = SMGW_E_NOMEM;
				break;
			}
			kl += 1;
			rc = smgw_testpki_key_pem(testpki, it->name, kbuf, &kl);
			if (rc == 0)
				rc = write_file(dir, it->name, ".key.pem", kbuf, kl, 1, diag);
			OPENSSL_secure_clear_free(kbuf, kl + 1);
		}
	}
	if (rc == 0) {
		char *p;
		long n;

		BIO_printf(readme, "\n<name>.key.pem is the private key of <name>.pem (PKCS#8, unencrypted, mode 0600).\n");
		n = BIO_get_mem_data(readme, &p);
		rc = write_file(dir, "README", "", p, (size_t)n, 0, diag);
	}
	BIO_free(readme);
	return rc;
}
