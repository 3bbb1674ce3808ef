/* SPDX-License-Identifier: Apache-2.0 */
/* X.509 certificates and CRLs: loading (DER or PEM) and inspection. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cert-private.h"

/* ---- size-query helpers ---- */

int smgw__out_bytes(const void *src, size_t n, uint8_t *buf, size_t *len)
{
	if (!len)
		return SMGW_E_INVAL;
	if (!buf || *len < n) {
		*len = n;
		return SMGW_E_BUFSIZE;
	}
	if (n)
		memcpy(buf, src, n);
	*len = n;
	return 0;
}

int smgw__out_text(const char *src, size_t n, char *buf, size_t *len)
{
	if (!len)
		return SMGW_E_INVAL;
	if (!buf || *len < n + 1) {
		*len = n;
		return SMGW_E_BUFSIZE;
	}
	memcpy(buf, src, n);
	buf[n] = '\0';
	*len = n;
	return 0;
}

int smgw__asn1_time_ms(const ASN1_TIME *t, int64_t *ret_ms)
{
	struct tm tm;
	int64_t days;
	int y, m, d;

	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return SMGW_E_ENCODING;
	y = tm.tm_year + 1900;
	m = tm.tm_mon + 1;
	d = tm.tm_mday;
	days = smgw_time_days_from_civil(y, m, d);
	*ret_ms = ((days * 24 + tm.tm_hour) * 60 + tm.tm_min) * 60000LL + (int64_t)tm.tm_sec * 1000;
	return 0;
}

static void diag_ossl(struct smgw_diag *diag)
{
	unsigned long e = ERR_peek_last_error();

	if (diag && diag->struct_size >= offsetof(struct smgw_diag, openssl_err) + sizeof(diag->openssl_err))
		diag->openssl_err = e;
}

/* ---- PEM framing ---- */

/* Finds the next PEM block named @p want in data[0..len); skips other
 * blocks. Returns 0 with the DER (OPENSSL_malloc'd) and the bytes consumed. */
static int pem_next(const uint8_t *data, size_t len, const char *want, unsigned char **ret_der,
		    long *ret_der_len, size_t *ret_consumed, struct smgw_diag *diag)
{
	BIO *bio;
	int rc = SMGW_E_NOTFOUND;

	if (len > INT_MAX)
		return smgw_diag_set(diag, SMGW_E_LIMIT, UINT64_MAX, "input larger than 2 GiB");
	bio = BIO_new_mem_buf(data, (int)len);
	if (!bio)
		return SMGW_E_NOMEM;
	for (;;) {
		char *name = NULL, *header = NULL;
		unsigned char *der = NULL;
		long der_len = 0;
		size_t before = len - (size_t)BIO_ctrl_pending(bio);

		ERR_set_mark();
		if (!PEM_read_bio(bio, &name, &header, &der, &der_len)) {
			unsigned long e = ERR_peek_last_error();

			ERR_pop_to_mark();
			if (ERR_GET_REASON(e) == PEM_R_NO_START_LINE)
				rc = smgw_diag_set(diag, SMGW_E_NOTFOUND, before, "no PEM %s block found", want);
			else if (ERR_GET_REASON(e) == PEM_R_SHORT_HEADER || ERR_GET_REASON(e) == PEM_R_BAD_END_LINE)
				rc = smgw_diag_set(diag, SMGW_E_TRUNCATED, before, "PEM block without a valid END line");
			else
				rc = smgw_diag_set(diag, SMGW_E_ENCODING, before, "malformed PEM block (base64 or header)");
			break;
		}
		ERR_pop_to_mark();
		if (strcmp(name, want) == 0) {
			*ret_der = der;
			*ret_der_len = der_len;
			*ret_consumed = len - (size_t)BIO_ctrl_pending(bio);
			OPENSSL_free(name);
			OPENSSL_free(header);
			rc = 0;
			break;
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(der);
	}
	BIO_free(bio);
	return rc;
}

static int only_space(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

/* Splits input into a DER item: either the input itself (DER) or the
 * decoded content of the first matching PEM block. */
struct der_item {
	const unsigned char *der;
	long der_len;
	unsigned char *owned; /* OPENSSL_malloc'd for PEM */
	size_t consumed;      /* for PEM: bytes up to the END line */
	int pem;
};

static int looks_pem(const uint8_t *data, size_t len)
{
	static const char begin[] = "-----BEGIN ";
	size_t i;

	for (i = 0; i + (sizeof(begin) - 1) <= len; i++)
		if (data[i] == '-' && memcmp(data + i, begin, sizeof(begin) - 1) == 0)
			return 1;
	return 0;
}

static int get_der(const uint8_t *data, size_t len, const char *pem_name, struct der_item *it,
		   struct smgw_diag *diag, int force_pem)
{
	size_t i = 0;
	int rc;

	memset(it, 0, sizeof(*it));
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	/* DER starts with a SEQUENCE tag; text that happens to start with
	 * '0' (0x30) is retried as PEM by the callers (force_pem) */
	if (!force_pem && i < len && data[i] == 0x30) {
		if (len - i > LONG_MAX)
			return smgw_diag_set(diag, SMGW_E_LIMIT, UINT64_MAX, "input too large");
		it->der = data + i;
		it->der_len = (long)(len - i);
		it->consumed = i;
		return 0;
	}
	rc = pem_next(data, len, pem_name, &it->owned, &it->der_len, &it->consumed, diag);
	if (rc < 0)
		return rc;
	it->der = it->owned;
	it->pem = 1;
	return 0;
}

/* ---- certificates ---- */

static int cert_wrap(smgw_pki *pki, X509 *x, smgw_cert **ret_cert, struct smgw_diag *diag)
{
	smgw_cert *c;
	uint32_t fl;

	/* Cache and validate the extensions now, so that malformed ones
	 * are reported at load time rather than as odd verify results. */
	X509_check_purpose(x, -1, 0);
	fl = X509_get_extension_flags(x);
	if (fl & EXFLAG_INVALID) {
		diag_ossl(diag);
		return smgw_diag_set(diag, SMGW_E_ENCODING, UINT64_MAX,
				     "certificate has a malformed or duplicate extension");
	}
	c = smgw_ctx_calloc(pki->ctx, 1, sizeof(*c));
	if (!c)
		return SMGW_E_NOMEM;
	c->pki = pki;
	c->x509 = x;
	*ret_cert = c;
	return 0;
}

SMGW_EXPORT int smgw_cert_parse(smgw_pki *pki, const uint8_t *data, size_t len, size_t *ret_consumed,
				smgw_cert **ret_cert, struct smgw_diag *diag)
{
	struct der_item it;
	const unsigned char *p;
	X509 *x;
	size_t used;
	int rc, pass;

	if (!pki || (!data && len) || !ret_cert)
		return SMGW_E_INVAL;
	if (len == 0)
		return smgw_diag_set(diag, SMGW_E_NOTFOUND, 0, "empty input");
	for (pass = 0;; pass++) {
		rc = get_der(data, len, PEM_STRING_X509, &it, diag, pass);
		if (rc < 0)
			return rc;
		x = X509_new_ex(pki->libctx, smgw_pki_propq(pki));
		if (!x) {
			OPENSSL_free(it.owned);
			return SMGW_E_NOMEM;
		}
		p = it.der;
		ERR_set_mark();
		if (d2i_X509(&x, &p, it.der_len))
			break;
		ERR_pop_to_mark();
		/* d2i frees the object it was given on failure */
		OPENSSL_free(it.owned);
		if (pass == 0 && !it.pem && looks_pem(data, len))
			continue;
		return smgw_diag_set(diag, SMGW_E_ENCODING, it.pem ? 0 : it.consumed,
				     "malformed X.509 certificate (DER)");
	}
	ERR_pop_to_mark();
	if (it.pem) {
		if ((long)(p - it.der) != it.der_len) {
			OPENSSL_free(it.owned);
			X509_free(x);
			return smgw_diag_set(diag, SMGW_E_ENCODING, 0, "bytes after the certificate inside the PEM block");
		}
		used = it.consumed;
	} else {
		used = it.consumed + (size_t)(p - it.der);
	}
	OPENSSL_free(it.owned);
	if (!ret_consumed && !only_space(data + used, len - used)) {
		X509_free(x);
		return smgw_diag_set(diag, SMGW_E_ENCODING, used, "trailing data after the certificate");
	}
	rc = cert_wrap(pki, x, ret_cert, diag);
	if (rc < 0) {
		X509_free(x);
		return rc;
	}
	if (ret_consumed)
		*ret_consumed = used;
	return 0;
}

SMGW_EXPORT int smgw_cert_from_x509(smgw_pki *pki, X509 *x509, smgw_cert **ret_cert)
{
	int rc;

	if (!pki || !x509 || !ret_cert)
		return SMGW_E_INVAL;
	if (!X509_up_ref(x509))
		return SMGW_E_CRYPTO;
	rc = cert_wrap(pki, x509, ret_cert, NULL);
	if (rc < 0)
		X509_free(x509);
	return rc;
}

SMGW_EXPORT void smgw_cert_free(smgw_cert *cert)
{
	if (!cert)
		return;
	X509_free(cert->x509);
	smgw_ctx_free(cert->pki->ctx, cert, sizeof(*cert));
}

SMGW_EXPORT X509 *smgw_cert_x509(const smgw_cert *cert)
{
	return cert ? cert->x509 : NULL;
}

SMGW_EXPORT int smgw_cert_der(const smgw_cert *cert, uint8_t *buf, size_t *len)
{
	int n;
	unsigned char *p;

	if (!cert || !len)
		return SMGW_E_INVAL;
	n = i2d_X509(cert->x509, NULL);
	if (n <= 0)
		return SMGW_E_ENCODING;
	if (!buf || *len < (size_t)n) {
		*len = (size_t)n;
		return SMGW_E_BUFSIZE;
	}
	p = buf;
	if (i2d_X509(cert->x509, &p) != n)
		return SMGW_E_ENCODING;
	*len = (size_t)n;
	return 0;
}

int smgw__bio_text(BIO *bio, char *buf, size_t *len)
{
	char *p = NULL;
	long n = BIO_get_mem_data(bio, &p);

	if (n < 0)
		return SMGW_E_NOMEM;
	return smgw__out_text(p, (size_t)n, buf, len);
}

SMGW_EXPORT int smgw_cert_pem(const smgw_cert *cert, char *buf, size_t *len)
{
	BIO *bio;
	int rc;

	if (!cert || !len)
		return SMGW_E_INVAL;
	bio = BIO_new(BIO_s_mem());
	if (!bio)
		return SMGW_E_NOMEM;
	rc = PEM_write_bio_X509(bio, cert->x509) ? smgw__bio_text(bio, buf, len) : SMGW_E_NOMEM;
	BIO_free(bio);
	return rc;
}

int smgw__name_text(const X509_NAME *name, char *buf, size_t *len)
{
	BIO *bio;
	int rc;

	if (!name || !len)
		return SMGW_E_INVAL;
	bio = BIO_new(BIO_s_mem());
	if (!bio)
		return SMGW_E_NOMEM;
	if (X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
		rc = SMGW_E_NOMEM;
	else
		rc = smgw__bio_text(bio, buf, len);
	BIO_free(bio);
	return rc;
}

int smgw__curve_from_nid(int nid)
{
	switch (nid) {
	case NID_brainpoolP256r1: return SMGW_CERT_CURVE_BP256;
	case NID_brainpoolP384r1: return SMGW_CERT_CURVE_BP384;
	case NID_brainpoolP512r1: return SMGW_CERT_CURVE_BP512;
	case NID_X9_62_prime256v1: return SMGW_CERT_CURVE_P256;
	case NID_secp384r1: return SMGW_CERT_CURVE_P384;
	case NID_secp521r1: return SMGW_CERT_CURVE_P521;
	default: return SMGW_CERT_CURVE_OTHER;
	}
}

int smgw__curve_nid(int curve)
{
	switch (curve) {
	case SMGW_CERT_CURVE_BP256: return NID_brainpoolP256r1;
	case SMGW_CERT_CURVE_BP384: return NID_brainpoolP384r1;
	case SMGW_CERT_CURVE_BP512: return NID_brainpoolP512r1;
	case SMGW_CERT_CURVE_P256: return NID_X9_62_prime256v1;
	case SMGW_CERT_CURVE_P384: return NID_secp384r1;
	case SMGW_CERT_CURVE_P521: return NID_secp521r1;
	default: return NID_undef;
	}
}

int smgw__sig_alg_from_nid(int nid)
{
	int md = NID_undef, pk = NID_undef;

	switch (nid) {
	case NID_ecdsa_with_SHA256: return SMGW_CERT_SIG_ECDSA_SHA256;
	case NID_ecdsa_with_SHA384: return SMGW_CERT_SIG_ECDSA_SHA384;
	case NID_ecdsa_with_SHA512: return SMGW_CERT_SIG_ECDSA_SHA512;
	case NID_ecdsa_with_SHA1: return SMGW_CERT_SIG_ECDSA_SHA1;
	case NID_rsassaPss: return SMGW_CERT_SIG_RSA;
	default: break;
	}
	if (OBJ_find_sigid_algs(nid, &md, &pk) && pk == NID_rsaEncryption)
		return SMGW_CERT_SIG_RSA;
	return SMGW_CERT_SIG_OTHER;
}

void smgw__key_facts(EVP_PKEY *pk, int32_t *type, int32_t *curve, int32_t *bits)
{
	char group[64];
	size_t glen = 0;

	*type = SMGW_CERT_KEY_OTHER;
	*curve = SMGW_CERT_CURVE_NONE;
	*bits = 0;
	if (!pk)
		return;
	*bits = EVP_PKEY_get_bits(pk);
	if (EVP_PKEY_is_a(pk, "EC")) {
		*type = SMGW_CERT_KEY_EC;
		*curve = SMGW_CERT_CURVE_OTHER;
		if (EVP_PKEY_get_group_name(pk, group, sizeof(group), &glen) && glen)
			*curve = smgw__curve_from_nid(OBJ_txt2nid(group));
	} else if (EVP_PKEY_is_a(pk, "RSA") || EVP_PKEY_is_a(pk, "RSA-PSS")) {
		*type = SMGW_CERT_KEY_RSA;
	}
}

static const struct {
	int nid;
	uint32_t bit;
} ext_bits[] = {
	{ NID_authority_key_identifier, SMGW_CERT_EXT_AKI },
	{ NID_subject_key_identifier, SMGW_CERT_EXT_SKI },
	{ NID_key_usage, SMGW_CERT_EXT_KU },
	{ NID_private_key_usage_period, SMGW_CERT_EXT_PKUP },
	{ NID_certificate_policies, SMGW_CERT_EXT_POLICIES },
	{ NID_subject_alt_name, SMGW_CERT_EXT_SAN },
	{ NID_issuer_alt_name, SMGW_CERT_EXT_IAN },
	{ NID_basic_constraints, SMGW_CERT_EXT_BC },
	{ NID_ext_key_usage, SMGW_CERT_EXT_EKU },
	{ NID_crl_distribution_points, SMGW_CERT_EXT_CRLDP },
	{ NID_name_constraints, SMGW_CERT_EXT_NAME_CONSTR },
	{ NID_policy_constraints, SMGW_CERT_EXT_POLICY_CONSTR },
	{ NID_info_access, SMGW_CERT_EXT_AIA },
};

static uint32_t ext_bit(int nid)
{
	size_t i;

	for (i = 0; i < SMGW_ARRAY_SIZE(ext_bits); i++)
		if (ext_bits[i].nid == nid)
			return ext_bits[i].bit;
	return SMGW_CERT_EXT_UNKNOWN;
}

static uint32_t ku_bits(X509 *x)
{
	uint32_t ku = X509_get_key_usage(x), r = 0;

	if (!(X509_get_extension_flags(x) & EXFLAG_KUSAGE))
		return 0;
	if (ku & KU_DIGITAL_SIGNATURE) r |= SMGW_CERT_KU_DIGITAL_SIGNATURE;
	if (ku & KU_NON_REPUDIATION) r |= SMGW_CERT_KU_NON_REPUDIATION;
	if (ku & KU_KEY_ENCIPHERMENT) r |= SMGW_CERT_KU_KEY_ENCIPHERMENT;
	if (ku & KU_DATA_ENCIPHERMENT) r |= SMGW_CERT_KU_DATA_ENCIPHERMENT;
	if (ku & KU_KEY_AGREEMENT) r |= SMGW_CERT_KU_KEY_AGREEMENT;
	if (ku & KU_KEY_CERT_SIGN) r |= SMGW_CERT_KU_KEY_CERT_SIGN;
	if (ku & KU_CRL_SIGN) r |= SMGW_CERT_KU_CRL_SIGN;
	if (ku & KU_ENCIPHER_ONLY) r |= SMGW_CERT_KU_ENCIPHER_ONLY;
	if (ku & KU_DECIPHER_ONLY) r |= SMGW_CERT_KU_DECIPHER_ONLY;
	return r;
}

static uint32_t eku_bits(X509 *x)
{
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
	uint32_t r = 0;
	int i;

	if (!eku)
		return 0;
	for (i = 0; i < sk_ASN1_OBJECT_num(eku); i++) {
		switch (OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, i))) {
		case NID_server_auth: r |= SMGW_CERT_EKU_SERVER_AUTH; break;
		case NID_client_auth: r |= SMGW_CERT_EKU_CLIENT_AUTH; break;
		case NID_email_protect: r |= SMGW_CERT_EKU_EMAIL; break;
		case NID_code_sign: r |= SMGW_CERT_EKU_CODE_SIGNING; break;
		case NID_OCSP_sign: r |= SMGW_CERT_EKU_OCSP_SIGNING; break;
		case NID_anyExtendedKeyUsage: r |= SMGW_CERT_EKU_ANY; break;
		default: r |= SMGW_CERT_EKU_OTHER; break;
		}
	}
	EXTENDED_KEY_USAGE_free(eku);
	return r;
}

void smgw__cert_info(X509 *x, struct smgw_cert_info *full)
{
	const ASN1_INTEGER *sn;
	BASIC_CONSTRAINTS *bc;
	int i, n;

	memset(full, 0, sizeof(*full));
	full->struct_size = sizeof(*full);
	full->version = (int32_t)X509_get_version(x) + 1;
	if (smgw__asn1_time_ms(X509_get0_notBefore(x), &full->not_before) < 0)
		full->not_before = INT64_MIN;
	if (smgw__asn1_time_ms(X509_get0_notAfter(x), &full->not_after) < 0)
		full->not_after = INT64_MIN;
	smgw__key_facts(X509_get0_pubkey(x), &full->key_type, &full->curve, &full->key_bits);
	full->sig_alg = smgw__sig_alg_from_nid(X509_get_signature_nid(x));
	n = X509_get_ext_count(x);
	for (i = 0; i < n; i++) {
		X509_EXTENSION *e = X509_get_ext(x, i);
		uint32_t b = ext_bit(OBJ_obj2nid(X509_EXTENSION_get_object(e)));

		full->ext_present |= b;
		if (X509_EXTENSION_get_critical(e))
			full->ext_critical |= b;
	}
	full->key_usage = ku_bits(x);
	full->ext_key_usage = eku_bits(x);
	full->path_len = -1;
	bc = X509_get_ext_d2i(x, NID_basic_constraints, NULL, NULL);
	if (bc) {
		full->is_ca = bc->ca ? 1 : 0;
		if (bc->pathlen) {
			long pl = ASN1_INTEGER_get(bc->pathlen);

			full->path_len = (pl < 0 || pl > INT32_MAX) ? INT32_MAX : (int32_t)pl;
		}
		BASIC_CONSTRAINTS_free(bc);
	}
	full->self_issued = X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0;
	sn = X509_get0_serialNumber(x);
	full->serial_negative = ASN1_STRING_type(sn) == V_ASN1_NEG_INTEGER ||
				ASN1_STRING_length(sn) == 0 ||
				(ASN1_STRING_length(sn) == 1 && ASN1_STRING_get0_data(sn)[0] == 0);
}

SMGW_EXPORT int smgw_cert_get_info(const smgw_cert *cert, struct smgw_cert_info *info)
{
	struct smgw_cert_info full;
	size_t n;

	if (!cert || !info || info->struct_size < sizeof(uint32_t))
		return SMGW_E_INVAL;
	smgw__cert_info(cert->x509, &full);
	n = info->struct_size < sizeof(full) ? info->struct_size : sizeof(full);
	full.struct_size = info->struct_size;
	memcpy(info, &full, n);
	return 0;
}

SMGW_EXPORT int smgw_cert_subject(const smgw_cert *cert, char *buf, size_t *len)
{
	if (!cert)
		return SMGW_E_INVAL;
	return smgw__name_text(X509_get_subject_name(cert->x509), buf, len);
}

SMGW_EXPORT int smgw_cert_issuer(const smgw_cert *cert, char *buf, size_t *len)
{
	if (!cert)
		return SMGW_E_INVAL;
	return smgw__name_text(X509_get_issuer_name(cert->x509), buf, len);
}

int smgw__name_attr(const X509_NAME *name, int attr, size_t index, char *buf, size_t *len)
{
	int nid, pos = -1, rc;
	size_t k;
	unsigned char *u = NULL;
	int ulen;

	switch (attr) {
	case SMGW_CERT_ATTR_CN: nid = NID_commonName; break;
	case SMGW_CERT_ATTR_O: nid = NID_organizationName; break;
	case SMGW_CERT_ATTR_OU: nid = NID_organizationalUnitName; break;
	case SMGW_CERT_ATTR_C: nid = NID_countryName; break;
	case SMGW_CERT_ATTR_SERIAL: nid = NID_serialNumber; break;
	default: return SMGW_E_INVAL;
	}
	if (!name || !len)
		return SMGW_E_INVAL;
	for (k = 0; k <= index; k++) {
		pos = X509_NAME_get_index_by_NID(name, nid, pos);
		if (pos < 0)
			return SMGW_E_NOTFOUND;
	}
	ulen = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, pos)));
	if (ulen < 0)
		return SMGW_E_ENCODING;
	if (memchr(u, 0, (size_t)ulen))
		rc = SMGW_E_ENCODING; /* embedded NUL: never hand it out as text */
	else
		rc = smgw__out_text((const char *)u, (size_t)ulen, buf, len);
	OPENSSL_free(u);
	return rc;
}

SMGW_EXPORT int smgw_cert_subject_attr(const smgw_cert *cert, int attr, size_t index, char *buf,
				       size_t *len)
{
	if (!cert)
		return SMGW_E_INVAL;
	return smgw__name_attr(X509_get_subject_name(cert->x509), attr, index, buf, len);
}

static int serial_out(const ASN1_INTEGER *sn, uint8_t *buf, size_t *len)
{
	const unsigned char *d = ASN1_STRING_get0_data(sn);
	size_t n = (size_t)ASN1_STRING_length(sn);

	while (n > 1 && d[0] == 0) {
		d++;
		n--;
	}
	return smgw__out_bytes(d, n, buf, len);
}

SMGW_EXPORT int smgw_cert_serial(const smgw_cert *cert, uint8_t *buf, size_t *len)
{
	if (!cert || !len)
		return SMGW_E_INVAL;
	return serial_out(X509_get0_serialNumber(cert->x509), buf, len);
}

SMGW_EXPORT int smgw_cert_serial_hex(const smgw_cert *cert, char *buf, size_t *len)
{
	const ASN1_INTEGER *sn;
	const unsigned char *d;
	size_t n, i;
	static const char hex[] = "0123456789ABCDEF";

	if (!cert || !len)
		return SMGW_E_INVAL;
	sn = X509_get0_serialNumber(cert->x509);
	d = ASN1_STRING_get0_data(sn);
	n = (size_t)ASN1_STRING_length(sn);
	while (n > 1 && d[0] == 0) {
		d++;
		n--;
	}
	if (!buf || *len < 2 * n + 1) {
		*len = 2 * n;
		return SMGW_E_BUFSIZE;
	}
	for (i = 0; i < n; i++) {
		buf[2 * i] = hex[d[i] >> 4];
		buf[2 * i + 1] = hex[d[i] & 15];
	}
	buf[2 * n] = '\0';
	*len = 2 * n;
	return 0;
}

static int oid_out(const ASN1_OBJECT *o, char *buf, size_t *len)
{
	char tmp[128];
	int n = OBJ_obj2txt(tmp, sizeof(tmp), o, 1);

	if (n < 0 || (size_t)n >= sizeof(tmp))
		return SMGW_E_ENCODING;
	return smgw__out_text(tmp, (size_t)n, buf, len);
}

SMGW_EXPORT int smgw_cert_eku(const smgw_cert *cert, size_t index, char *buf, size_t *len)
{
	EXTENDED_KEY_USAGE *eku;
	int rc;

	if (!cert || !len)
		return SMGW_E_INVAL;
	eku = X509_get_ext_d2i(cert->x509, NID_ext_key_usage, NULL, NULL);
	if (!eku)
		return SMGW_E_NOTFOUND;
	if (index >= (size_t)sk_ASN1_OBJECT_num(eku))
		rc = SMGW_E_NOTFOUND;
	else
		rc = oid_out(sk_ASN1_OBJECT_value(eku, (int)index), buf, len);
	EXTENDED_KEY_USAGE_free(eku);
	return rc;
}

SMGW_EXPORT int smgw_cert_policy(const smgw_cert *cert, size_t index, char *buf, size_t *len)
{
	CERTIFICATEPOLICIES *cp;
	int rc;

	if (!cert || !len)
		return SMGW_E_INVAL;
	cp = X509_get_ext_d2i(cert->x509, NID_certificate_policies, NULL, NULL);
	if (!cp)
		return SMGW_E_NOTFOUND;
	if (index >= (size_t)sk_POLICYINFO_num(cp))
		rc = SMGW_E_NOTFOUND;
	else
		rc = oid_out(sk_POLICYINFO_value(cp, (int)index)->policyid, buf, len);
	CERTIFICATEPOLICIES_free(cp);
	return rc;
}

int smgw__gn_out(const GENERAL_NAME *gn, int *ret_kind, char *buf, size_t *len)
{
	const ASN1_STRING *s = NULL;
	int kind = SMGW_CERT_GN_OTHER;

	switch (gn->type) {
	case GEN_EMAIL: kind = SMGW_CERT_GN_EMAIL; s = gn->d.rfc822Name; break;
	case GEN_DNS: kind = SMGW_CERT_GN_DNS; s = gn->d.dNSName; break;
	case GEN_URI: kind = SMGW_CERT_GN_URI; s = gn->d.uniformResourceIdentifier; break;
	case GEN_IPADD: {
		const unsigned char *d = ASN1_STRING_get0_data(gn->d.iPAddress);
		int n = ASN1_STRING_length(gn->d.iPAddress), i, o = 0;
		char t[48];

		if (ret_kind)
			*ret_kind = SMGW_CERT_GN_IP;
		if (n == 4) {
			o = snprintf(t, sizeof(t), "%u.%u.%u.%u", d[0], d[1], d[2], d[3]);
		} else if (n == 16) {
			for (i = 0; i < 16; i += 2)
				o += snprintf(t + o, sizeof(t) - (size_t)o, "%s%x", i ? ":" : "",
					      (unsigned)(d[i] << 8 | d[i + 1]));
		} else {
			return SMGW_E_ENCODING;
		}
		return smgw__out_text(t, (size_t)o, buf, len);
	}
	default: break;
	}
	if (ret_kind)
		*ret_kind = kind;
	if (s) {
		const unsigned char *d = ASN1_STRING_get0_data(s);
		size_t n = (size_t)ASN1_STRING_length(s);

		if (memchr(d, 0, n))
			return SMGW_E_ENCODING;
		return smgw__out_text((const char *)d, n, buf, len);
	}
	if (gn->type == GEN_DIRNAME) {
		if (ret_kind)
			*ret_kind = SMGW_CERT_GN_DIRNAME;
		return smgw__name_text(gn->d.directoryName, buf, len);
	}
	return smgw__out_text("<other>", 7, buf, len);
}

SMGW_EXPORT int smgw_cert_san(const smgw_cert *cert, size_t index, int *ret_kind, char *buf, size_t *len)
{
	GENERAL_NAMES *gns;
	int rc;

	if (!cert || !len)
		return SMGW_E_INVAL;
	gns = X509_get_ext_d2i(cert->x509, NID_subject_alt_name, NULL, NULL);
	if (!gns)
		return SMGW_E_NOTFOUND;
	if (index >= (size_t)sk_GENERAL_NAME_num(gns))
		rc = SMGW_E_NOTFOUND;
	else
		rc = smgw__gn_out(sk_GENERAL_NAME_value(gns, (int)index), ret_kind, buf, len);
	GENERAL_NAMES_free(gns);
	return rc;
}

SMGW_EXPORT int smgw_cert_crl_dp(const smgw_cert *cert, size_t index, char *buf, size_t *len)
{
	STACK_OF(DIST_POINT) *dps;
	size_t k = 0;
	int i, j, rc = SMGW_E_NOTFOUND;

	if (!cert || !len)
		return SMGW_E_INVAL;
	dps = X509_get_ext_d2i(cert->x509, NID_crl_distribution_points, NULL, NULL);
	if (!dps)
		return SMGW_E_NOTFOUND;
	for (i = 0; i < sk_DIST_POINT_num(dps) && rc == SMGW_E_NOTFOUND; i++) {
		DIST_POINT *dp = sk_DIST_POINT_value(dps, i);

		if (!dp->distpoint || dp->distpoint->type != 0)
			continue;
		for (j = 0; j < sk_GENERAL_NAME_num(dp->distpoint->name.fullname); j++) {
			GENERAL_NAME *gn = sk_GENERAL_NAME_value(dp->distpoint->name.fullname, j);

			if (gn->type != GEN_URI)
				continue;
			if (k++ == index) {
				rc = smgw__gn_out(gn, NULL, buf, len);
				break;
			}
		}
	}
	sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
	return rc;
}

SMGW_EXPORT int smgw_cert_ski(const smgw_cert *cert, uint8_t *buf, size_t *len)
{
	const ASN1_OCTET_STRING *ski;

	if (!cert || !len)
		return SMGW_E_INVAL;
	ski = X509_get0_subject_key_id(cert->x509);
	if (!ski)
		return SMGW_E_NOTFOUND;
	return smgw__out_bytes(ASN1_STRING_get0_data(ski), (size_t)ASN1_STRING_length(ski), buf, len);
}

SMGW_EXPORT int smgw_cert_aki(const smgw_cert *cert, uint8_t *buf, size_t *len)
{
	const ASN1_OCTET_STRING *aki;

	if (!cert || !len)
		return SMGW_E_INVAL;
	aki = X509_get0_authority_key_id(cert->x509);
	if (!aki)
		return SMGW_E_NOTFOUND;
	return smgw__out_bytes(ASN1_STRING_get0_data(aki), (size_t)ASN1_STRING_length(aki), buf, len);
}

SMGW_EXPORT const char *smgw_cert_curve_name(int curve)
{
	switch (curve) {
	case SMGW_CERT_CURVE_NONE: return "none";
	case SMGW_CERT_CURVE_BP256: return "brainpoolP256r1";
	case SMGW_CERT_CURVE_BP384: return "brainpoolP384r1";
	case SMGW_CERT_CURVE_BP512: return "brainpoolP512r1";
	case SMGW_CERT_CURVE_P256: return "prime256v1";
	case SMGW_CERT_CURVE_P384: return "secp384r1";
	case SMGW_CERT_CURVE_P521: return "secp521r1";
	default: return "other";
	}
}

SMGW_EXPORT const char *smgw_cert_sig_alg_name(int sig_alg)
{
	switch (sig_alg) {
	case SMGW_CERT_SIG_ECDSA_SHA256: return "ecdsa-with-SHA256";
	case SMGW_CERT_SIG_ECDSA_SHA384: return "ecdsa-with-SHA384";
	case SMGW_CERT_SIG_ECDSA_SHA512: return "ecdsa-with-SHA512";
	case SMGW_CERT_SIG_ECDSA_SHA1: return "ecdsa-with-SHA1";
	case SMGW_CERT_SIG_RSA: return "RSA";
	default: return "other";
	}
}

/* ---- CRLs ---- */

SMGW_EXPORT int smgw_crl_parse(smgw_pki *pki, const uint8_t *data, size_t len, size_t *ret_consumed,
			       smgw_crl **ret_crl, struct smgw_diag *diag)
{
	struct der_item it;
	const unsigned char *p;
	X509_CRL *x;
	smgw_crl *c;
	size_t used;
	int rc, pass;

	if (!pki || (!data && len) || !ret_crl)
		return SMGW_E_INVAL;
	if (len == 0)
		return smgw_diag_set(diag, SMGW_E_NOTFOUND, 0, "empty input");
	for (pass = 0;; pass++) {
		rc = get_der(data, len, PEM_STRING_X509_CRL, &it, diag, pass);
		if (rc < 0)
			return rc;
		x = X509_CRL_new_ex(pki->libctx, smgw_pki_propq(pki));
		if (!x) {
			OPENSSL_free(it.owned);
			return SMGW_E_NOMEM;
		}
		p = it.der;
		ERR_set_mark();
		if (d2i_X509_CRL(&x, &p, it.der_len))
			break;
		ERR_pop_to_mark();
		OPENSSL_free(it.owned);
		if (pass == 0 && !it.pem && looks_pem(data, len))
			continue;
		return smgw_diag_set(diag, SMGW_E_ENCODING, it.pem ? 0 : it.consumed, "malformed X.509 CRL (DER)");
	}
	ERR_pop_to_mark();
	if (it.pem) {
		if ((long)(p - it.der) != it.der_len) {
			OPENSSL_free(it.owned);
			X509_CRL_free(x);
			return smgw_diag_set(diag, SMGW_E_ENCODING, 0, "bytes after the CRL inside the PEM block");
		}
		used = it.consumed;
	} else {
		used = it.consumed + (size_t)(p - it.der);
	}
	OPENSSL_free(it.owned);
	if (!ret_consumed && !only_space(data + used, len - used)) {
		X509_CRL_free(x);
		return smgw_diag_set(diag, SMGW_E_ENCODING, used, "trailing data after the CRL");
	}
	c = smgw_ctx_calloc(pki->ctx, 1, sizeof(*c));
	if (!c) {
		X509_CRL_free(x);
		return SMGW_E_NOMEM;
	}
	c->pki = pki;
	c->crl = x;
	*ret_crl = c;
	if (ret_consumed)
		*ret_consumed = used;
	return 0;
}

SMGW_EXPORT void smgw_crl_free(smgw_crl *crl)
{
	if (!crl)
		return;
	X509_CRL_free(crl->crl);
	smgw_ctx_free(crl->pki->ctx, crl, sizeof(*crl));
}

SMGW_EXPORT X509_CRL *smgw_crl_x509_crl(const smgw_crl *crl)
{
	return crl ? crl->crl : NULL;
}

SMGW_EXPORT int smgw_crl_issuer(const smgw_crl *crl, char *buf, size_t *len)
{
	if (!crl)
		return SMGW_E_INVAL;
	return smgw__name_text(X509_CRL_get_issuer(crl->crl), buf, len);
}

SMGW_EXPORT int smgw_crl_times(const smgw_crl *crl, int64_t *ret_this_update, int64_t *ret_next_update)
{
	int64_t tu, nu = INT64_MAX;
	const ASN1_TIME *n;

	if (!crl)
		return SMGW_E_INVAL;
	if (smgw__asn1_time_ms(X509_CRL_get0_lastUpdate(crl->crl), &tu) < 0)
		return SMGW_E_ENCODING;
	n = X509_CRL_get0_nextUpdate(crl->crl);
	if (n && smgw__asn1_time_ms(n, &nu) < 0)
		return SMGW_E_ENCODING;
	if (ret_this_update)
		*ret_this_update = tu;
	if (ret_next_update)
		*ret_next_update = nu;
	return 0;
}

SMGW_EXPORT size_t smgw_crl_count(const smgw_crl *crl)
{
	STACK_OF(X509_REVOKED) *revs;

	if (!crl)
		return 0;
	revs = X509_CRL_get_REVOKED(crl->crl);
	return revs ? (size_t)sk_X509_REVOKED_num(revs) : 0;
}

SMGW_EXPORT int smgw_crl_entry(const smgw_crl *crl, size_t index, uint8_t *serial, size_t *serial_len,
			       int64_t *ret_revoked_at, int32_t *ret_reason)
{
	STACK_OF(X509_REVOKED) *revs;
	X509_REVOKED *r;
	ASN1_ENUMERATED *reason;
	int64_t at;
	int32_t rs = -1;
	int crit = 0, rc;

	if (!crl || !serial_len)
		return SMGW_E_INVAL;
	revs = X509_CRL_get_REVOKED(crl->crl);
	if (!revs || index >= (size_t)sk_X509_REVOKED_num(revs))
		return SMGW_E_NOTFOUND;
	r = sk_X509_REVOKED_value(revs, (int)index);
	if (smgw__asn1_time_ms(X509_REVOKED_get0_revocationDate(r), &at) < 0)
		return SMGW_E_ENCODING;
	reason = X509_REVOKED_get_ext_d2i(r, NID_crl_reason, &crit, NULL);
	if (reason) {
		long v = ASN1_ENUMERATED_get(reason);

		rs = (v < 0 || v > 255) ? -1 : (int32_t)v;
		ASN1_ENUMERATED_free(reason);
	}
	rc = serial_out(X509_REVOKED_get0_serialNumber(r), serial, serial_len);
	if (rc < 0)
		return rc;
	if (ret_revoked_at)
		*ret_revoked_at = at;
	if (ret_reason)
		*ret_reason = rs;
	return 0;
}
