/* SPDX-License-Identifier: Apache-2.0 */
/* xDLMS and ACSE APDUs: allocation-free decoders (views into the input) and encoders. */
#include <string.h>

#include <smgw/axdr.h>
#include <smgw/bytes.h>
#include <smgw/dlms.h>

#include "dlms/dlms-internal.h"

#define return_if_fail(expr) \
	do { \
		if (!(expr)) \
			return SMGW_E_INVAL; \
	} while (0)

/* ---- InitiateRequest / InitiateResponse ---- */

/* 5f 1f 04 00 + 3 bytes: the [APPLICATION 31] IMPLICIT BIT STRING (SIZE(24)) */
static int conformance_read(struct smgw_reader *r, uint32_t *ret, struct smgw_diag *diag)
{
	const uint8_t *b;
	size_t at = r->pos;

	if (smgw_reader_bytes(r, 7, &b) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, at, "conformance block cut off");
	if (b[0] != 0x5f || b[1] != 0x1f || b[2] != 0x04 || b[3] != 0x00)
		return smgw_diag_set(diag, SMGW_E_ENCODING, at, "conformance block header is not 5f 1f 04 00");
	*ret = (uint32_t)b[4] << 16 | (uint32_t)b[5] << 8 | b[6];
	return 0;
}

static int optional_u8(struct smgw_reader *r, uint8_t *ret_has, uint8_t *ret_v, const char *what,
		       struct smgw_diag *diag)
{
	uint8_t f = 0;
	size_t at = r->pos;

	if (smgw_reader_u8(r, &f) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, at, "%s cut off", what);
	if (f > 1)
		return smgw_diag_set(diag, SMGW_E_ENCODING, at, "%s: presence flag 0x%02x", what, f);
	*ret_has = f;
	*ret_v = 0;
	if (f && smgw_reader_u8(r, ret_v) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, at, "%s cut off", what);
	return 0;
}

SMGW_EXPORT int smgw_dlms_initiate_parse(const uint8_t *p, size_t len, struct smgw_dlms_initiate *ret,
					 struct smgw_diag *diag)
{
	struct smgw_dlms_initiate in;
	struct smgw_reader r;
	uint8_t f = 0;
	int e;

	return_if_fail((p || len == 0) && ret);
	smgw_reader_init(&r, p, len);
	memset(&in, 0, sizeof(in));
	if (smgw_reader_u8(&r, &in.tag) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, 0, "empty xDLMS initiate PDU");
	if (in.tag == SMGW_DLMS_INITIATE_REQUEST) {
		if (smgw_reader_u8(&r, &f) < 0)
			return smgw_diag_set(diag, SMGW_E_TRUNCATED, r.pos, "InitiateRequest cut off");
		if (f > 1)
			return smgw_diag_set(diag, SMGW_E_ENCODING, r.pos - 1, "dedicated-key: presence flag 0x%02x", f);
		if (f) {
			if (smgw_reader_u8(&r, &in.dedicated_key_len) < 0 ||
			    smgw_reader_bytes(&r, in.dedicated_key_len, &in.dedicated_key) < 0)
				return smgw_diag_set(diag, SMGW_E_TRUNCATED, r.pos, "dedicated-key cut off");
			if (in.dedicated_key_len >= 0x80)
				return smgw_diag_set(diag, SMGW_E_ENCODING, r.pos, "dedicated-key length form");
		}
		if ((e = optional_u8(&r, &in.has_response_allowed, &in.response_allowed, "response-allowed", diag)) < 0 ||
		    (e = optional_u8(&r, &in.has_qos, &in.qos, "proposed-quality-of-service", diag)) < 0)
			return e;
	} else if (in.tag == SMGW_DLMS_INITIATE_RESPONSE) {
		if ((e = optional_u8(&r, &in.has_qos, &in.qos, "negotiated-quality-of-service", diag)) < 0)
			return e;
	} else {
		return smgw_diag_set(diag, SMGW_E_DLMS_APDU, 0, "tag 0x%02x is not an InitiateRequest/-Response", in.tag);
	}
	if (smgw_reader_u8(&r, &in.dlms_version) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, r.pos, "DLMS version cut off");
	if ((e = conformance_read(&r, &in.conformance, diag)) < 0)
		return e;
	if (smgw_reader_be16(&r, &in.max_pdu_size) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, r.pos, "max-receive-pdu-size cut off");
	if (in.tag == SMGW_DLMS_INITIATE_RESPONSE && smgw_reader_be16(&r, &in.vaa_name) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, r.pos, "vaa-name cut off");
	if (smgw_reader_remaining(&r))
		return smgw_diag_set(diag, SMGW_E_DLMS_TRAILING, r.pos, "%zu bytes after the initiate PDU",
				     smgw_reader_remaining(&r));
	*ret = in;
	return 0;
}

SMGW_EXPORT int smgw_dlms_initiate_encode(const struct smgw_dlms_initiate *in, uint8_t *buf, size_t cap,
					  size_t *ret_len)
{
	struct smgw_writer w;

	return_if_fail(in && ret_len);
	return_if_fail(in->tag == SMGW_DLMS_INITIATE_REQUEST || in->tag == SMGW_DLMS_INITIATE_RESPONSE);
	return_if_fail(in->dedicated_key_len == 0 || in->dedicated_key);
	if (in->conformance > 0xffffff || in->dedicated_key_len >= 0x80)
		return SMGW_E_RANGE;
	smgw_writer_init(&w, buf, cap);
	smgw_writer_u8(&w, in->tag);
	if (in->tag == SMGW_DLMS_INITIATE_REQUEST) {
		if (in->dedicated_key_len) {
			smgw_writer_u8(&w, 1);
			smgw_writer_u8(&w, in->dedicated_key_len);
			smgw_writer_bytes(&w, in->dedicated_key, in->dedicated_key_len);
		} else {
			smgw_writer_u8(&w, 0);
		}
		smgw_writer_u8(&w, in->has_response_allowed ? 1 : 0);
		if (in->has_response_allowed)
			smgw_writer_u8(&w, in->response_allowed);
	}
	smgw_writer_u8(&w, in->has_qos ? 1 : 0);
	if (in->has_qos)
		smgw_writer_u8(&w, in->qos);
	smgw_writer_u8(&w, in->dlms_version);
	smgw_writer_be(&w, 4, 0x5f1f0400);
	smgw_writer_be(&w, 3, in->conformance);
	smgw_writer_be16(&w, in->max_pdu_size);
	if (in->tag == SMGW_DLMS_INITIATE_RESPONSE)
		smgw_writer_be16(&w, in->vaa_name);
	return smgw_writer_finish(&w, ret_len);
}

/* ---- BER for the ACSE ---- */

/* Reads one BER TLV (tag of one byte, definite length up to 0x82 form). */
static int ber_tlv(struct smgw_reader *r, uint8_t *ret_tag, const uint8_t **ret_v, size_t *ret_len,
		   struct smgw_diag *diag)
{
	uint8_t t, l;
	uint64_t n;
	size_t at = r->pos;

	if (smgw_reader_u8(r, &t) < 0 || smgw_reader_u8(r, &l) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, at, "ACSE field cut off");
	n = l;
	if (l & 0x80) {
		unsigned k = l & 0x7f;
		if (k == 0 || k > 2)
			return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "ACSE length form 0x%02x", l);
		if (smgw_reader_be(r, k, &n) < 0)
			return smgw_diag_set(diag, SMGW_E_TRUNCATED, at, "ACSE length cut off");
	}
	if (smgw_reader_bytes(r, (size_t)n, ret_v) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, at, "ACSE field 0x%02x: %u bytes announced, %zu there", t,
				     (unsigned)n, smgw_reader_remaining(r));
	*ret_tag = t;
	*ret_len = (size_t)n;
	return 0;
}

static void ber_len(struct smgw_writer *w, size_t n)
{
	if (n < 0x80) {
		smgw_writer_u8(w, (uint8_t)n);
	} else if (n <= 0xff) {
		smgw_writer_u8(w, 0x81);
		smgw_writer_u8(w, (uint8_t)n);
	} else {
		smgw_writer_u8(w, 0x82);
		smgw_writer_be16(w, (uint16_t)n);
	}
}

static size_t ber_size(size_t n)
{
	return n < 0x80 ? 1 + n : n <= 0xff ? 2 + n : 3 + n;
}

static const uint8_t oid_prefix[6] = { 0x60, 0x85, 0x74, 0x05, 0x08, 0x00 };

/* application-context-name / mechanism-name: OID 2.16.756.5.8.<kind>.<x> */
static int oid_arc(const uint8_t *v, size_t n, uint8_t kind, uint8_t *ret)
{
	if (n != 7 || memcmp(v, oid_prefix, 5) != 0 || v[5] != kind || v[6] > 0x7f)
		return -1;
	*ret = v[6];
	return 0;
}

/* Explicit [n] holding one universal TLV of tag @p inner; returns its contents. */
static int explicit_inner(const uint8_t *v, size_t n, uint8_t inner, const uint8_t **ret, size_t *ret_len,
			  uint8_t *ret_tag)
{
	struct smgw_reader r;
	uint8_t t;

	smgw_reader_init(&r, v, n);
	if (ber_tlv(&r, &t, ret, ret_len, NULL) < 0 || smgw_reader_remaining(&r) || (inner && t != inner))
		return -1;
	if (ret_tag)
		*ret_tag = t;
	return 0;
}

static int small_int(const uint8_t *v, size_t n, uint8_t *ret)
{
	const uint8_t *iv;
	size_t il;

	if (explicit_inner(v, n, 0x02, &iv, &il, NULL) < 0 || il != 1 || iv[0] > 0x7f)
		return -1;
	*ret = iv[0];
	return 0;
}

SMGW_EXPORT int smgw_dlms_assoc_parse(const uint8_t *p, size_t len, struct smgw_dlms_assoc *ret,
				      struct smgw_diag *diag)
{
	struct smgw_dlms_assoc a;
	struct smgw_reader outer, r;
	const uint8_t *v, *body;
	size_t n, blen, at;
	uint8_t tag, t, have_ctx = 0, have_result = 0, have_diag = 0, last = 0;
	int aarq;

	return_if_fail((p || len == 0) && ret);
	smgw_reader_init(&outer, p, len);
	if (len < 1 || (p[0] != SMGW_DLMS_AARQ && p[0] != SMGW_DLMS_AARE))
		return smgw_diag_set(diag, len < 1 ? SMGW_E_TRUNCATED : SMGW_E_DLMS_APDU, 0, "not an AARQ/AARE");
	{
		int e = ber_tlv(&outer, &tag, &body, &blen, diag);
		if (e < 0)
			return e;
	}
	if (smgw_reader_remaining(&outer))
		return smgw_diag_set(diag, SMGW_E_DLMS_TRAILING, outer.pos, "%zu bytes after the %s",
				     smgw_reader_remaining(&outer), tag == SMGW_DLMS_AARQ ? "AARQ" : "AARE");
	aarq = tag == SMGW_DLMS_AARQ;
	memset(&a, 0, sizeof(a));
	a.tag = tag;
	a.mechanism = -1;
	smgw_reader_init(&r, body, blen);
	while (smgw_reader_remaining(&r)) {
		int e;
		at = (size_t)(body - p) + r.pos;
		if ((e = ber_tlv(&r, &t, &v, &n, diag)) < 0) {
			if (diag)
				diag->offset += (uint64_t)(body - p);
			return e;
		}
		/* fields in ascending tag order, each at most once */
		if ((t & 0x1f) < (last & 0x1f) || (last && t == last))
			return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "ACSE field 0x%02x out of order", t);
		last = t;
		switch (t) {
		case 0x80: /* protocol-version BIT STRING {version1} */
			if (n != 2 || v[0] != 0x07 || v[1] != 0x80)
				return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "protocol-version is not version1");
			a.has_protocol_version = 1;
			break;
		case 0xa1: {
			const uint8_t *o;
			size_t ol;
			if (explicit_inner(v, n, 0x06, &o, &ol, NULL) < 0 || oid_arc(o, ol, 1, &a.app_context) < 0)
				return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "application-context-name is not 2.16.756.5.8.1.x");
			have_ctx = 1;
			break;
		}
		case 0xa2: /* AARQ called-AP-title, AARE result */
			if (aarq) {
				const uint8_t *o;
				size_t ol;
				if (explicit_inner(v, n, 0x04, &o, &ol, NULL) < 0)
					return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "called-AP-title is not an octet string");
				a.called_ap_title = o;
				a.called_ap_title_len = (uint32_t)ol;
			} else {
				if (small_int(v, n, &a.result) < 0 || a.result > 2)
					return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "association result malformed");
				have_result = 1;
			}
			break;
		case 0xa3: /* AARQ called-AE-qualifier (ignored), AARE result-source-diagnostic */
			if (!aarq) {
				const uint8_t *o;
				size_t ol;
				uint8_t ct;
				if (explicit_inner(v, n, 0, &o, &ol, &ct) < 0 || (ct != 0xa1 && ct != 0xa2) ||
				    small_int(o, ol, &a.diagnostic) < 0)
					return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "result-source-diagnostic malformed");
				a.diag_source = ct == 0xa1 ? 1 : 2;
				have_diag = 1;
			}
			break;
		case 0xa4: /* AARQ called-AP-invocation-id (ignored), AARE responding-AP-title */
		case 0xa6: /* AARQ calling-AP-title */
			if (t == 0xa6 && !aarq)
				break; /* AARE responding-AP-invocation-id: ignored */
			if (t == 0xa6 || !aarq) {
				const uint8_t *o;
				size_t ol;
				if (explicit_inner(v, n, 0x04, &o, &ol, NULL) < 0)
					return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "AP-title is not an octet string");
				a.ap_title = o;
				a.ap_title_len = (uint32_t)ol;
			}
			break;
		case 0xa5: /* AARQ called-AE-invocation-id (ignored), AARE responding-AE-qualifier */
		case 0xa7: /* AARQ calling-AE-qualifier, AARE responding-AE-invocation-id (ignored) */
			if ((t == 0xa5) != aarq) {
				const uint8_t *o;
				size_t ol;
				if (explicit_inner(v, n, 0x04, &o, &ol, NULL) < 0)
					return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "AE-qualifier is not an octet string");
				a.ae_qualifier = o;
				a.ae_qualifier_len = (uint32_t)ol;
			}
			break;
		case 0xa8: case 0xa9: /* invocation ids (AARQ), ignored */
			if (!aarq)
				return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "unexpected ACSE field 0x%02x", t);
			break;
		case 0x8a: case 0x88: /* sender- / responder-acse-requirements */
			if ((t == 0x8a) != aarq)
				return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "unexpected ACSE field 0x%02x", t);
			if (n != 2 || v[0] != 0x07 || (v[1] & 0x7f) != 0)
				return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "acse-requirements malformed");
			a.has_acse_requirements = (v[1] & 0x80) ? 1 : 2;
			break;
		case 0x8b: case 0x89: { /* mechanism-name */
			uint8_t m = 0;
			if ((t == 0x8b) != aarq || oid_arc(v, n, 2, &m) < 0)
				return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "mechanism-name is not 2.16.756.5.8.2.x");
			a.mechanism = (int8_t)m;
			break;
		}
		case 0xac: case 0xaa: { /* calling- / responding-authentication-value */
			const uint8_t *o;
			size_t ol;
			uint8_t ct;
			if ((t == 0xac) != aarq || explicit_inner(v, n, 0, &o, &ol, &ct) < 0 || (ct != 0x80 && ct != 0x81))
				return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "authentication-value malformed");
			a.auth_choice = ct == 0x81;
			a.auth_value = o;
			a.auth_value_len = (uint32_t)ol;
			break;
		}
		case 0xbd: /* implementation-information: ignored */
			break;
		case 0xbe: {
			const uint8_t *o;
			size_t ol;
			if (explicit_inner(v, n, 0x04, &o, &ol, NULL) < 0)
				return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "user-information is not an octet string");
			a.user_info = o;
			a.user_info_len = (uint32_t)ol;
			break;
		}
		default:
			return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "unknown ACSE field 0x%02x", t);
		}
	}
	if (!have_ctx)
		return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, 0, "application-context-name missing");
	if (!aarq && (!have_result || !have_diag))
		return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, 0, "AARE without result or result-source-diagnostic");
	*ret = a;
	return 0;
}

static void put_oid(struct smgw_writer *w, uint8_t tag, uint8_t kind, uint8_t arc, int wrapped)
{
	smgw_writer_u8(w, tag);
	if (wrapped) {
		smgw_writer_u8(w, 9);
		smgw_writer_u8(w, 0x06);
	}
	smgw_writer_u8(w, 7);
	smgw_writer_bytes(w, oid_prefix, 5);
	smgw_writer_u8(w, kind);
	smgw_writer_u8(w, arc);
}

static void put_wrapped(struct smgw_writer *w, uint8_t tag, uint8_t inner, const uint8_t *v, size_t n)
{
	smgw_writer_u8(w, tag);
	ber_len(w, ber_size(n) + 1);
	smgw_writer_u8(w, inner);
	ber_len(w, n);
	smgw_writer_bytes(w, v, n);
}

static size_t wrapped_size(size_t n)
{
	return ber_size(ber_size(n) + 1) + 1;
}

SMGW_EXPORT int smgw_dlms_assoc_encode(const struct smgw_dlms_assoc *a, uint8_t *buf, size_t cap, size_t *ret_len)
{
	struct smgw_writer w;
	size_t body = 0;
	int aarq, pass;

	return_if_fail(a && ret_len && (a->tag == SMGW_DLMS_AARQ || a->tag == SMGW_DLMS_AARE));
	if (a->ap_title_len > 0xff || a->called_ap_title_len > 0xff || a->ae_qualifier_len > 0xff ||
	    a->auth_value_len > 0xff || a->user_info_len > 0xfff0 || a->app_context > 0x7f ||
	    a->diagnostic > 0x7f || a->result > 0x7f)
		return SMGW_E_RANGE;
	aarq = a->tag == SMGW_DLMS_AARQ;
	/* pass 0 measures the body, pass 1 writes */
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0) {
			smgw_writer_init(&w, NULL, 0);
		} else {
			smgw_writer_init(&w, buf, cap);
			smgw_writer_u8(&w, a->tag);
			ber_len(&w, body);
		}
		if (a->has_protocol_version) {
			static const uint8_t v1[4] = { 0x80, 0x02, 0x07, 0x80 };
			smgw_writer_bytes(&w, v1, 4);
		}
		put_oid(&w, 0xa1, 1, a->app_context, 1);
		if (aarq) {
			if (a->called_ap_title)
				put_wrapped(&w, 0xa2, 0x04, a->called_ap_title, a->called_ap_title_len);
			if (a->ap_title)
				put_wrapped(&w, 0xa6, 0x04, a->ap_title, a->ap_title_len);
			if (a->ae_qualifier)
				put_wrapped(&w, 0xa7, 0x04, a->ae_qualifier, a->ae_qualifier_len);
		} else {
			uint8_t r[5] = { 0xa2, 0x03, 0x02, 0x01, a->result };
			uint8_t d[7] = { 0xa3, 0x05, (uint8_t)(a->diag_source == 2 ? 0xa2 : 0xa1), 0x03, 0x02, 0x01, a->diagnostic };
			smgw_writer_bytes(&w, r, 5);
			smgw_writer_bytes(&w, d, 7);
			if (a->ap_title)
				put_wrapped(&w, 0xa4, 0x04, a->ap_title, a->ap_title_len);
			if (a->ae_qualifier)
				put_wrapped(&w, 0xa5, 0x04, a->ae_qualifier, a->ae_qualifier_len);
		}
		if (a->has_acse_requirements) {
			uint8_t q[4] = { (uint8_t)(aarq ? 0x8a : 0x88), 0x02, 0x07,
					 (uint8_t)(a->has_acse_requirements == 1 ? 0x80 : 0x00) };
			smgw_writer_bytes(&w, q, 4);
		}
		if (a->mechanism >= 0)
			put_oid(&w, aarq ? 0x8b : 0x89, 2, (uint8_t)a->mechanism, 0);
		if (a->auth_value)
			put_wrapped(&w, aarq ? 0xac : 0xaa, a->auth_choice ? 0x81 : 0x80, a->auth_value, a->auth_value_len);
		if (a->user_info)
			put_wrapped(&w, 0xbe, 0x04, a->user_info, a->user_info_len);
		if (pass == 0)
			body = w.pos;
	}
	if (body > 0xffff)
		return SMGW_E_RANGE;
	return smgw_writer_finish(&w, ret_len);
}

SMGW_EXPORT int smgw_dlms_release_parse(const uint8_t *p, size_t len, struct smgw_dlms_release *ret,
					struct smgw_diag *diag)
{
	struct smgw_dlms_release rl;
	struct smgw_reader outer, r;
	const uint8_t *body, *v;
	size_t blen, n;
	uint8_t tag, t;
	int e;

	return_if_fail((p || len == 0) && ret);
	if (len < 1 || (p[0] != SMGW_DLMS_RLRQ && p[0] != SMGW_DLMS_RLRE))
		return smgw_diag_set(diag, len < 1 ? SMGW_E_TRUNCATED : SMGW_E_DLMS_APDU, 0, "not an RLRQ/RLRE");
	smgw_reader_init(&outer, p, len);
	if ((e = ber_tlv(&outer, &tag, &body, &blen, diag)) < 0)
		return e;
	if (smgw_reader_remaining(&outer))
		return smgw_diag_set(diag, SMGW_E_DLMS_TRAILING, outer.pos, "bytes after the release APDU");
	memset(&rl, 0, sizeof(rl));
	rl.tag = tag;
	smgw_reader_init(&r, body, blen);
	while (smgw_reader_remaining(&r)) {
		size_t at = (size_t)(body - p) + r.pos;
		if ((e = ber_tlv(&r, &t, &v, &n, diag)) < 0)
			return e;
		if (t == 0x80 && !rl.has_reason && !rl.user_info) {
			if (n != 1 || v[0] > 0x7f)
				return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "release reason malformed");
			rl.has_reason = 1;
			rl.reason = v[0];
		} else if (t == 0xbe && !rl.user_info) {
			const uint8_t *o;
			size_t ol;
			if (explicit_inner(v, n, 0x04, &o, &ol, NULL) < 0)
				return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "user-information is not an octet string");
			rl.user_info = o;
			rl.user_info_len = (uint32_t)ol;
		} else {
			return smgw_diag_set(diag, SMGW_E_DLMS_ACSE, at, "unexpected release field 0x%02x", t);
		}
	}
	*ret = rl;
	return 0;
}

SMGW_EXPORT int smgw_dlms_release_encode(const struct smgw_dlms_release *in, uint8_t *buf, size_t cap,
					 size_t *ret_len)
{
	struct smgw_writer w;
	size_t body = 0;

	return_if_fail(in && ret_len && (in->tag == SMGW_DLMS_RLRQ || in->tag == SMGW_DLMS_RLRE));
	if (in->reason > 0x7f || in->user_info_len > 0xfff0)
		return SMGW_E_RANGE;
	if (in->has_reason)
		body += 3;
	if (in->user_info)
		body += wrapped_size(in->user_info_len);
	smgw_writer_init(&w, buf, cap);
	smgw_writer_u8(&w, in->tag);
	ber_len(&w, body);
	if (in->has_reason) {
		smgw_writer_u8(&w, 0x80);
		smgw_writer_u8(&w, 1);
		smgw_writer_u8(&w, in->reason);
	}
	if (in->user_info)
		put_wrapped(&w, 0xbe, 0x04, in->user_info, in->user_info_len);
	return smgw_writer_finish(&w, ret_len);
}

/* ---- xDLMS services ---- */

/* One Data value at the reader; returns its view. */
static int data_view(struct smgw_reader *r, const uint8_t *base, const uint8_t **ret, uint32_t *ret_len,
		     struct smgw_diag *diag)
{
	size_t n;
	int e = smgw_axdr_data_len(smgw_reader_cur(r), smgw_reader_remaining(r), &n);

	if (e < 0)
		return smgw_diag_set(diag, e, (uint64_t)(smgw_reader_cur(r) - base), "Data: %s", smgw_strerror(e));
	*ret = smgw_reader_cur(r);
	*ret_len = (uint32_t)n;
	r->pos += n;
	return 0;
}

static int rd_u8(struct smgw_reader *r, uint8_t *v, const char *what, struct smgw_diag *diag)
{
	if (smgw_reader_u8(r, v) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, r->pos, "%s cut off", what);
	return 0;
}

static int rd_flag(struct smgw_reader *r, uint8_t *v, const char *what, struct smgw_diag *diag)
{
	int e = rd_u8(r, v, what, diag);
	if (e == 0 && *v > 1)
		return smgw_diag_set(diag, SMGW_E_ENCODING, r->pos - 1, "%s: 0x%02x is not 0 or 1", what, *v);
	return e;
}

static int rd_u32(struct smgw_reader *r, uint32_t *v, const char *what, struct smgw_diag *diag)
{
	if (smgw_reader_be32(r, v) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, r->pos, "%s cut off", what);
	return 0;
}

/* cosem-attribute-descriptor (+ optional selective access) or method descriptor */
static int rd_attr(struct smgw_reader *r, struct smgw_dlms_attr *a, int with_access, struct smgw_diag *diag)
{
	const uint8_t *b;
	uint8_t f = 0;
	int e;

	memset(a, 0, sizeof(*a));
	if (smgw_reader_bytes(r, 9, &b) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, r->pos, "descriptor cut off");
	a->class_id = (uint16_t)(b[0] << 8 | b[1]);
	memcpy(a->instance, b + 2, 6);
	a->id = (int8_t)b[8];
	if (!with_access)
		return 0;
	if ((e = rd_flag(r, &f, "access-selection flag", diag)) < 0)
		return e;
	if (f) {
		if ((e = rd_u8(r, &a->selector, "access-selector", diag)) < 0)
			return e;
		if (a->selector == 0)
			return smgw_diag_set(diag, SMGW_E_ENCODING, r->pos - 1, "access-selector 0");
		if ((e = data_view(r, r->data, &a->access, &a->access_len, diag)) < 0)
			return e;
	}
	return 0;
}

/* Get-Data-Result: 00 Data | 01 data-access-result */
static int rd_get_result(struct smgw_reader *r, uint8_t *kind, uint8_t *result, const uint8_t **data,
			 uint32_t *dlen, struct smgw_diag *diag)
{
	uint8_t c = 0;
	int e;

	if ((e = rd_flag(r, &c, "Get-Data-Result choice", diag)) < 0)
		return e;
	if (c == 0) {
		*kind = SMGW_DLMS_RESULT_DATA;
		return data_view(r, r->data, data, dlen, diag);
	}
	*kind = SMGW_DLMS_RESULT_ACCESS;
	return rd_u8(r, result, "data-access-result", diag);
}

/* A-XDR count of a list */
static int rd_count(struct smgw_reader *r, uint32_t *n, struct smgw_diag *diag)
{
	size_t used;
	int e = smgw_axdr_length(smgw_reader_cur(r), smgw_reader_remaining(r), n, &used);

	if (e < 0)
		return smgw_diag_set(diag, e, r->pos, "list count malformed");
	r->pos += used;
	if (*n > smgw_reader_remaining(r))
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, r->pos, "list of %u items in %zu bytes", *n,
				     smgw_reader_remaining(r));
	return 0;
}

/* raw-data of a data block: A-XDR octet string */
static int rd_raw(struct smgw_reader *r, const uint8_t **data, uint32_t *dlen, struct smgw_diag *diag)
{
	uint32_t n;
	size_t used, at = r->pos;
	int e = smgw_axdr_length(smgw_reader_cur(r), smgw_reader_remaining(r), &n, &used);

	if (e < 0)
		return smgw_diag_set(diag, e, at, "raw-data length malformed");
	r->pos += used;
	if (smgw_reader_bytes(r, n, data) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, at, "raw-data of %u bytes, %zu there", n,
				     smgw_reader_remaining(r));
	*dlen = n;
	return 0;
}

/* Walks (and so checks) the list items that follow; sets data/data_len to the list. */
static int rd_list(struct smgw_reader *r, struct smgw_dlms_apdu *a, struct smgw_diag *diag)
{
	struct smgw_dlms_list l;
	struct smgw_dlms_list_item it;
	size_t start;
	int e;

	if ((e = rd_count(r, &a->count, diag)) < 0)
		return e;
	start = r->pos;
	memset(&l, 0, sizeof(l));
	l.p = smgw_reader_cur(r);
	l.len = (uint32_t)smgw_reader_remaining(r);
	l.left = a->count;
	l.tag = a->tag;
	l.choice = a->choice;
	while ((e = dlms_list_item(&l, &it, diag)) == 1)
		;
	if (e < 0) {
		if (diag && diag->offset != UINT64_MAX)
			diag->offset += start;
		return e;
	}
	a->data = r->data + start;
	a->data_len = l.pos;
	r->pos = start + l.pos;
	return 0;
}

int dlms_list_item(struct smgw_dlms_list *l, struct smgw_dlms_list_item *ret, struct smgw_diag *diag)
{
	struct smgw_reader r;
	struct smgw_dlms_list_item it;
	int e;

	for (;;) {
		if (l->left > 0)
			break;
		if (l->tag == SMGW_DLMS_SET_REQUEST && l->choice == SMGW_DLMS_SET_WITH_LIST && l->part == 0) {
			/* the values follow the descriptors, with their own count */
			uint32_t n;
			size_t used;
			e = smgw_axdr_length(l->p + l->pos, l->len - l->pos, &n, &used);
			if (e < 0)
				return smgw_diag_set(diag, e, l->pos, "value list count malformed");
			l->pos += (uint32_t)used;
			l->part = 1;
			l->left = n;
			if (n == 0)
				return 0;
			continue;
		}
		return 0;
	}
	smgw_reader_init(&r, l->p, l->len);
	r.pos = l->pos;
	memset(&it, 0, sizeof(it));
	if ((l->tag == SMGW_DLMS_GET_REQUEST) || (l->tag == SMGW_DLMS_SET_REQUEST && l->part == 0)) {
		e = rd_attr(&r, &it.attr, 1, diag);
	} else if (l->tag == SMGW_DLMS_SET_REQUEST) {
		it.result_kind = SMGW_DLMS_RESULT_DATA;
		e = data_view(&r, l->p, &it.data, &it.data_len, diag);
	} else if (l->tag == SMGW_DLMS_GET_RESPONSE) {
		e = rd_get_result(&r, &it.result_kind, &it.result, &it.data, &it.data_len, diag);
	} else if (l->tag == SMGW_DLMS_SET_RESPONSE) {
		it.result_kind = SMGW_DLMS_RESULT_ACCESS;
		e = rd_u8(&r, &it.result, "set result", diag);
	} else {
		return SMGW_E_INVAL;
	}
	if (e < 0)
		return e;
	l->pos = (uint32_t)r.pos;
	l->left--;
	*ret = it;
	return 1;
}

SMGW_EXPORT int smgw_dlms_list_init(struct smgw_dlms_list *l, const struct smgw_dlms_apdu *a)
{
	return_if_fail(l && a);
	return_if_fail((a->tag == SMGW_DLMS_GET_REQUEST && a->choice == SMGW_DLMS_WITH_LIST) ||
		       (a->tag == SMGW_DLMS_GET_RESPONSE && a->choice == SMGW_DLMS_WITH_LIST) ||
		       (a->tag == SMGW_DLMS_SET_REQUEST && a->choice == SMGW_DLMS_SET_WITH_LIST) ||
		       (a->tag == SMGW_DLMS_SET_RESPONSE && a->choice == SMGW_DLMS_SET_RESPONSE_WITH_LIST));
	return_if_fail(a->data || a->data_len == 0);
	memset(l, 0, sizeof(*l));
	l->p = a->data;
	l->len = a->data_len;
	l->left = a->count;
	l->tag = a->tag;
	l->choice = a->choice;
	return 0;
}

SMGW_EXPORT int smgw_dlms_list_next(struct smgw_dlms_list *l, struct smgw_dlms_list_item *ret)
{
	return_if_fail(l && ret && (l->p || l->len == 0) && l->pos <= l->len);
	return dlms_list_item(l, ret, NULL);
}

static int parse_get_request(struct smgw_reader *r, struct smgw_dlms_apdu *a, struct smgw_diag *diag)
{
	switch (a->choice) {
	case SMGW_DLMS_NORMAL:
		return rd_attr(r, &a->attr, 1, diag);
	case SMGW_DLMS_NEXT:
		return rd_u32(r, &a->block_number, "block-number", diag);
	case SMGW_DLMS_WITH_LIST:
		return rd_list(r, a, diag);
	default:
		return smgw_diag_set(diag, SMGW_E_DLMS_APDU, 1, "get-request choice %u does not exist", a->choice);
	}
}

static int parse_get_response(struct smgw_reader *r, struct smgw_dlms_apdu *a, struct smgw_diag *diag)
{
	uint8_t c = 0;
	int e;

	switch (a->choice) {
	case SMGW_DLMS_NORMAL:
		return rd_get_result(r, &a->result_kind, &a->result, &a->data, &a->data_len, diag);
	case SMGW_DLMS_NEXT:
		if ((e = rd_flag(r, &a->last_block, "last-block", diag)) < 0 ||
		    (e = rd_u32(r, &a->block_number, "block-number", diag)) < 0 ||
		    (e = rd_flag(r, &c, "DataBlock-G result choice", diag)) < 0)
			return e;
		if (c == 0) {
			a->result_kind = SMGW_DLMS_RESULT_RAW;
			return rd_raw(r, &a->data, &a->data_len, diag);
		}
		a->result_kind = SMGW_DLMS_RESULT_ACCESS;
		return rd_u8(r, &a->result, "data-access-result", diag);
	case SMGW_DLMS_WITH_LIST:
		return rd_list(r, a, diag);
	default:
		return smgw_diag_set(diag, SMGW_E_DLMS_APDU, 1, "get-response choice %u does not exist", a->choice);
	}
}

/* DataBlock-SA: last-block, block-number, raw-data */
static int rd_block_sa(struct smgw_reader *r, struct smgw_dlms_apdu *a, struct smgw_diag *diag)
{
	int e;

	if ((e = rd_flag(r, &a->last_block, "last-block", diag)) < 0 ||
	    (e = rd_u32(r, &a->block_number, "block-number", diag)) < 0)
		return e;
	a->result_kind = SMGW_DLMS_RESULT_RAW;
	return rd_raw(r, &a->data, &a->data_len, diag);
}

static int parse_set_request(struct smgw_reader *r, struct smgw_dlms_apdu *a, struct smgw_diag *diag)
{
	int e;

	switch (a->choice) {
	case 1:
		if ((e = rd_attr(r, &a->attr, 1, diag)) < 0)
			return e;
		a->result_kind = SMGW_DLMS_RESULT_DATA;
		return data_view(r, r->data, &a->data, &a->data_len, diag);
	case 2:
		if ((e = rd_attr(r, &a->attr, 1, diag)) < 0)
			return e;
		return rd_block_sa(r, a, diag);
	case 3:
		return rd_block_sa(r, a, diag);
	case 4:
		return rd_list(r, a, diag);
	case 5:
		return smgw_diag_set(diag, SMGW_E_UNSUPPORTED, 1, "set-request-with-list-and-first-datablock not supported");
	default:
		return smgw_diag_set(diag, SMGW_E_DLMS_APDU, 1, "set-request choice %u does not exist", a->choice);
	}
}

static int parse_set_response(struct smgw_reader *r, struct smgw_dlms_apdu *a, struct smgw_diag *diag)
{
	int e;

	switch (a->choice) {
	case 1:
		a->result_kind = SMGW_DLMS_RESULT_ACCESS;
		return rd_u8(r, &a->result, "set result", diag);
	case 2:
		return rd_u32(r, &a->block_number, "block-number", diag);
	case 3:
		a->result_kind = SMGW_DLMS_RESULT_ACCESS;
		if ((e = rd_u8(r, &a->result, "set result", diag)) < 0)
			return e;
		return rd_u32(r, &a->block_number, "block-number", diag);
	case 4:
		return smgw_diag_set(diag, SMGW_E_UNSUPPORTED, 1, "set-response-last-datablock-with-list not supported");
	case 5:
		return rd_list(r, a, diag);
	default:
		return smgw_diag_set(diag, SMGW_E_DLMS_APDU, 1, "set-response choice %u does not exist", a->choice);
	}
}

static int parse_action(struct smgw_reader *r, struct smgw_dlms_apdu *a, struct smgw_diag *diag)
{
	uint8_t f = 0;
	int e;

	if (a->choice < 1 || a->choice > 6)
		return smgw_diag_set(diag, SMGW_E_DLMS_APDU, 1, "action choice %u does not exist", a->choice);
	if (a->choice != 1)
		return smgw_diag_set(diag, SMGW_E_UNSUPPORTED, 1, "action choice %u not supported", a->choice);
	if (a->tag == SMGW_DLMS_ACTION_REQUEST) {
		if ((e = rd_attr(r, &a->attr, 0, diag)) < 0 || (e = rd_flag(r, &f, "method-invocation-parameters flag", diag)) < 0)
			return e;
		if (!f)
			return 0;
		a->result_kind = SMGW_DLMS_RESULT_DATA;
		return data_view(r, r->data, &a->data, &a->data_len, diag);
	}
	/* Action-Response-With-Optional-Data: result, optional Get-Data-Result */
	if ((e = rd_u8(r, &a->result, "action-result", diag)) < 0 ||
	    (e = rd_flag(r, &f, "return-parameters flag", diag)) < 0)
		return e;
	if (!f)
		return 0;
	{
		uint8_t kind = 0, dar = 0;
		if ((e = rd_get_result(r, &kind, &dar, &a->data, &a->data_len, diag)) < 0)
			return e;
		a->result_kind = kind;
		if (kind == SMGW_DLMS_RESULT_ACCESS)
			a->error = dar; /* the data-access-result of the return parameters */
	}
	return 0;
}

static int parse_notification(struct smgw_reader *r, struct smgw_dlms_apdu *a, struct smgw_diag *diag)
{
	struct smgw_dlms_notification n;
	int e = smgw_dlms_notification_parse(r->data, r->size, &n, diag);

	if (e < 0)
		return e;
	a->invoke = n.invoke_id;
	a->time = n.time;
	a->has_time = n.time != NULL;
	r->pos = (size_t)(n.body - r->data);
	a->result_kind = SMGW_DLMS_RESULT_DATA;
	return data_view(r, r->data, &a->data, &a->data_len, diag);
}

SMGW_EXPORT int smgw_dlms_apdu_parse(const uint8_t *p, size_t len, struct smgw_dlms_apdu *ret, struct smgw_diag *diag)
{
	struct smgw_dlms_apdu a;
	struct smgw_reader r;
	uint8_t b = 0;
	int e;

	return_if_fail((p || len == 0) && ret);
	smgw_reader_init(&r, p, len);
	memset(&a, 0, sizeof(a));
	if (smgw_reader_u8(&r, &a.tag) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, 0, "empty APDU");
	switch (a.tag) {
	case SMGW_DLMS_DATA_NOTIFICATION:
		e = parse_notification(&r, &a, diag);
		break;
	case SMGW_DLMS_EVENT_NOTIFICATION: {
		uint8_t f = 0;
		if ((e = rd_flag(&r, &f, "time flag", diag)) < 0)
			break;
		if (f) {
			uint8_t tl = 0;
			const uint8_t *tv;
			if ((e = rd_u8(&r, &tl, "time length", diag)) < 0)
				break;
			if (tl != 12) {
				e = smgw_diag_set(diag, SMGW_E_ENCODING, r.pos - 1, "event time of %u bytes, not 12", tl);
				break;
			}
			if (smgw_reader_bytes(&r, 12, &tv) < 0) {
				e = smgw_diag_set(diag, SMGW_E_TRUNCATED, r.pos, "event time cut off");
				break;
			}
			a.time = tv;
			a.has_time = 1;
		}
		if ((e = rd_attr(&r, &a.attr, 0, diag)) < 0)
			break;
		a.result_kind = SMGW_DLMS_RESULT_DATA;
		e = data_view(&r, p, &a.data, &a.data_len, diag);
		break;
	}
	case SMGW_DLMS_EXCEPTION_RESPONSE:
		if ((e = rd_u8(&r, &a.result, "state-error", diag)) < 0 || (e = rd_u8(&r, &a.error, "service-error", diag)) < 0)
			break;
		if (a.error == 6) /* invocation-counter-error carries the expected counter */
			e = rd_u32(&r, &a.block_number, "invocation counter", diag);
		break;
	case SMGW_DLMS_CONFIRMED_SERVICE_ERROR:
		if ((e = rd_u8(&r, &a.choice, "confirmed-service-error choice", diag)) < 0 ||
		    (e = rd_u8(&r, &a.result, "ServiceError choice", diag)) < 0 ||
		    (e = rd_u8(&r, &a.error, "ServiceError value", diag)) < 0)
			break;
		if (a.result > 10)
			e = smgw_diag_set(diag, SMGW_E_DLMS_APDU, 2, "ServiceError choice %u does not exist", a.result);
		break;
	case SMGW_DLMS_GET_REQUEST: case SMGW_DLMS_GET_RESPONSE: case SMGW_DLMS_SET_REQUEST:
	case SMGW_DLMS_SET_RESPONSE: case SMGW_DLMS_ACTION_REQUEST: case SMGW_DLMS_ACTION_RESPONSE:
		if ((e = rd_u8(&r, &a.choice, "service choice", diag)) < 0 || (e = rd_u8(&r, &b, "invoke-id-and-priority", diag)) < 0)
			break;
		a.invoke = b;
		if (a.tag == SMGW_DLMS_GET_REQUEST)
			e = parse_get_request(&r, &a, diag);
		else if (a.tag == SMGW_DLMS_GET_RESPONSE)
			e = parse_get_response(&r, &a, diag);
		else if (a.tag == SMGW_DLMS_SET_REQUEST)
			e = parse_set_request(&r, &a, diag);
		else if (a.tag == SMGW_DLMS_SET_RESPONSE)
			e = parse_set_response(&r, &a, diag);
		else
			e = parse_action(&r, &a, diag);
		break;
	default:
		return smgw_diag_set(diag, SMGW_E_DLMS_APDU, 0, "APDU tag 0x%02x is not a plain xDLMS service", a.tag);
	}
	if (e < 0)
		return e;
	if (smgw_reader_remaining(&r))
		return smgw_diag_set(diag, SMGW_E_DLMS_TRAILING, r.pos, "%zu bytes after the APDU", smgw_reader_remaining(&r));
	*ret = a;
	return 0;
}

static void put_attr(struct smgw_writer *w, const struct smgw_dlms_attr *at, int with_access)
{
	smgw_writer_be16(w, at->class_id);
	smgw_writer_bytes(w, at->instance, 6);
	smgw_writer_u8(w, (uint8_t)at->id);
	if (!with_access)
		return;
	if (at->selector) {
		smgw_writer_u8(w, 1);
		smgw_writer_u8(w, at->selector);
		smgw_writer_bytes(w, at->access, at->access_len);
	} else {
		smgw_writer_u8(w, 0);
	}
}

static int data_ok(const uint8_t *d, uint32_t n)
{
	size_t vl;
	return d && smgw_axdr_data_len(d, n, &vl) == 0 && vl == n;
}

static void put_raw(struct smgw_writer *w, const struct smgw_dlms_apdu *a)
{
	smgw_axdr_write_length(w, a->data_len);
	smgw_writer_bytes(w, a->data, a->data_len);
}

SMGW_EXPORT int smgw_dlms_apdu_encode(const struct smgw_dlms_apdu *a, uint8_t *buf, size_t cap, size_t *ret_len)
{
	struct smgw_writer w;
	return_if_fail(a && ret_len);
	return_if_fail(a->data || a->data_len == 0);
	if (a->attr.selector && !data_ok(a->attr.access, a->attr.access_len))
		return SMGW_E_ENCODING;
	smgw_writer_init(&w, buf, cap);
	smgw_writer_u8(&w, a->tag);
	switch (a->tag) {
	case SMGW_DLMS_DATA_NOTIFICATION:
		if (!data_ok(a->data, a->data_len))
			return SMGW_E_ENCODING;
		smgw_writer_be32(&w, a->invoke);
		if (a->time) {
			smgw_writer_u8(&w, 0x0c);
			smgw_writer_bytes(&w, a->time, 12);
		} else {
			smgw_writer_u8(&w, 0x00);
		}
		smgw_writer_bytes(&w, a->data, a->data_len);
		return smgw_writer_finish(&w, ret_len);
	case SMGW_DLMS_EVENT_NOTIFICATION:
		if (!data_ok(a->data, a->data_len))
			return SMGW_E_ENCODING;
		if (a->time) {
			smgw_writer_u8(&w, 1);
			smgw_writer_u8(&w, 12);
			smgw_writer_bytes(&w, a->time, 12);
		} else {
			smgw_writer_u8(&w, 0);
		}
		put_attr(&w, &a->attr, 0);
		smgw_writer_bytes(&w, a->data, a->data_len);
		return smgw_writer_finish(&w, ret_len);
	case SMGW_DLMS_EXCEPTION_RESPONSE:
		smgw_writer_u8(&w, a->result);
		smgw_writer_u8(&w, a->error);
		if (a->error == 6)
			smgw_writer_be32(&w, a->block_number);
		return smgw_writer_finish(&w, ret_len);
	case SMGW_DLMS_CONFIRMED_SERVICE_ERROR:
		if (a->result > 10)
			return SMGW_E_RANGE;
		smgw_writer_u8(&w, a->choice);
		smgw_writer_u8(&w, a->result);
		smgw_writer_u8(&w, a->error);
		return smgw_writer_finish(&w, ret_len);
	case SMGW_DLMS_GET_REQUEST: case SMGW_DLMS_GET_RESPONSE: case SMGW_DLMS_SET_REQUEST:
	case SMGW_DLMS_SET_RESPONSE: case SMGW_DLMS_ACTION_REQUEST: case SMGW_DLMS_ACTION_RESPONSE:
		break;
	default:
		return SMGW_E_DLMS_APDU;
	}
	if (a->invoke > 0xff)
		return SMGW_E_RANGE;
	smgw_writer_u8(&w, a->choice);
	smgw_writer_u8(&w, (uint8_t)a->invoke);
	if ((a->tag == SMGW_DLMS_GET_REQUEST && a->choice == 3) || (a->tag == SMGW_DLMS_GET_RESPONSE && a->choice == 3) ||
	    (a->tag == SMGW_DLMS_SET_REQUEST && a->choice == 4) || (a->tag == SMGW_DLMS_SET_RESPONSE && a->choice == 5)) {
		/* with-list: count and the items, checked like the parser does */
		uint8_t tmp[5];
		struct smgw_writer cw;
		size_t n;

		smgw_writer_init(&cw, tmp, sizeof(tmp));
		smgw_axdr_write_length(&cw, a->count);
		n = cw.pos;
		{
			/* check the list through a copy of count + items */
			struct smgw_dlms_list l;
			struct smgw_dlms_list_item it;
			int e;

			memset(&l, 0, sizeof(l));
			l.p = a->data;
			l.len = a->data_len;
			l.left = a->count;
			l.tag = a->tag;
			l.choice = a->choice;
			while ((e = dlms_list_item(&l, &it, NULL)) == 1)
				;
			if (e < 0 || l.pos != a->data_len)
				return SMGW_E_ENCODING;
		}
		smgw_writer_bytes(&w, tmp, n);
		smgw_writer_bytes(&w, a->data, a->data_len);
		return smgw_writer_finish(&w, ret_len);
	}
	switch (a->tag) {
	case SMGW_DLMS_GET_REQUEST:
		if (a->choice == 1)
			put_attr(&w, &a->attr, 1);
		else if (a->choice == 2)
			smgw_writer_be32(&w, a->block_number);
		else
			return SMGW_E_DLMS_APDU;
		break;
	case SMGW_DLMS_GET_RESPONSE:
		if (a->choice == 1) {
			if (a->result_kind == SMGW_DLMS_RESULT_DATA) {
				if (!data_ok(a->data, a->data_len))
					return SMGW_E_ENCODING;
				smgw_writer_u8(&w, 0);
				smgw_writer_bytes(&w, a->data, a->data_len);
			} else if (a->result_kind == SMGW_DLMS_RESULT_ACCESS) {
				smgw_writer_u8(&w, 1);
				smgw_writer_u8(&w, a->result);
			} else {
				return SMGW_E_INVAL;
			}
		} else if (a->choice == 2) {
			smgw_writer_u8(&w, a->last_block ? 1 : 0);
			smgw_writer_be32(&w, a->block_number);
			if (a->result_kind == SMGW_DLMS_RESULT_RAW) {
				smgw_writer_u8(&w, 0);
				put_raw(&w, a);
			} else if (a->result_kind == SMGW_DLMS_RESULT_ACCESS) {
				smgw_writer_u8(&w, 1);
				smgw_writer_u8(&w, a->result);
			} else {
				return SMGW_E_INVAL;
			}
		} else {
			return SMGW_E_DLMS_APDU;
		}
		break;
	case SMGW_DLMS_SET_REQUEST:
		if (a->choice == 1) {
			if (!data_ok(a->data, a->data_len))
				return SMGW_E_ENCODING;
			put_attr(&w, &a->attr, 1);
			smgw_writer_bytes(&w, a->data, a->data_len);
		} else if (a->choice == 2 || a->choice == 3) {
			if (a->choice == 2)
				put_attr(&w, &a->attr, 1);
			smgw_writer_u8(&w, a->last_block ? 1 : 0);
			smgw_writer_be32(&w, a->block_number);
			put_raw(&w, a);
		} else {
			return a->choice == 5 ? SMGW_E_UNSUPPORTED : SMGW_E_DLMS_APDU;
		}
		break;
	case SMGW_DLMS_SET_RESPONSE:
		if (a->choice == 1) {
			smgw_writer_u8(&w, a->result);
		} else if (a->choice == 2) {
			smgw_writer_be32(&w, a->block_number);
		} else if (a->choice == 3) {
			smgw_writer_u8(&w, a->result);
			smgw_writer_be32(&w, a->block_number);
		} else {
			return a->choice == 4 ? SMGW_E_UNSUPPORTED : SMGW_E_DLMS_APDU;
		}
		break;
	case SMGW_DLMS_ACTION_REQUEST:
	case SMGW_DLMS_ACTION_RESPONSE:
		if (a->choice != 1)
			return a->choice <= 6 ? SMGW_E_UNSUPPORTED : SMGW_E_DLMS_APDU;
		if (a->tag == SMGW_DLMS_ACTION_REQUEST) {
			put_attr(&w, &a->attr, 0);
			if (a->result_kind == SMGW_DLMS_RESULT_DATA) {
				if (!data_ok(a->data, a->data_len))
					return SMGW_E_ENCODING;
				smgw_writer_u8(&w, 1);
				smgw_writer_bytes(&w, a->data, a->data_len);
			} else {
				smgw_writer_u8(&w, 0);
			}
		} else {
			smgw_writer_u8(&w, a->result);
			if (a->result_kind == SMGW_DLMS_RESULT_DATA) {
				if (!data_ok(a->data, a->data_len))
					return SMGW_E_ENCODING;
				smgw_writer_u8(&w, 1);
				smgw_writer_u8(&w, 0);
				smgw_writer_bytes(&w, a->data, a->data_len);
			} else if (a->result_kind == SMGW_DLMS_RESULT_ACCESS) {
				smgw_writer_u8(&w, 1);
				smgw_writer_u8(&w, 1);
				smgw_writer_u8(&w, a->error);
			} else {
				smgw_writer_u8(&w, 0);
			}
		}
		break;
	default:
		return SMGW_E_DLMS_APDU;
	}
	return smgw_writer_finish(&w, ret_len);
}

int dlms_plain_check(const uint8_t *p, size_t len, uint8_t expected, struct smgw_diag *diag)
{
	if (len < 1)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, 0, "empty APDU");
	if (expected && p[0] != expected)
		return smgw_diag_set(diag, SMGW_E_DLMS_APDU, 0, "APDU tag 0x%02x where 0x%02x was expected", p[0], expected);
	switch (p[0]) {
	case SMGW_DLMS_INITIATE_REQUEST:
	case SMGW_DLMS_INITIATE_RESPONSE: {
		struct smgw_dlms_initiate in;
		return smgw_dlms_initiate_parse(p, len, &in, diag);
	}
	case SMGW_DLMS_AARQ:
	case SMGW_DLMS_AARE: {
		struct smgw_dlms_assoc as;
		return smgw_dlms_assoc_parse(p, len, &as, diag);
	}
	case SMGW_DLMS_RLRQ:
	case SMGW_DLMS_RLRE: {
		struct smgw_dlms_release rl;
		return smgw_dlms_release_parse(p, len, &rl, diag);
	}
	default: {
		struct smgw_dlms_apdu a;
		return smgw_dlms_apdu_parse(p, len, &a, diag);
	}
	}
}

SMGW_EXPORT int smgw_dlms_blocks_add(struct smgw_dlms_blocks *b, const struct smgw_dlms_apdu *a,
				     const uint8_t **ret_data, size_t *ret_len)
{
	return_if_fail(b && a && ret_data && ret_len && (b->buf || b->cap == 0) && b->len <= b->cap);
	return_if_fail(a->tag == SMGW_DLMS_GET_RESPONSE && a->choice == SMGW_DLMS_NEXT);
	if (b->done)
		return SMGW_E_DLMS_BLOCK;
	if (b->next && a->block_number == b->next - 1 && a->result_kind == SMGW_DLMS_RESULT_RAW && !a->last_block)
		return 0; /* the previous block again */
	if (b->next && a->block_number != b->next)
		return SMGW_E_DLMS_BLOCK;
	if (a->result_kind == SMGW_DLMS_RESULT_ACCESS)
		return SMGW_E_DLMS_ACCESS;
	return_if_fail(a->result_kind == SMGW_DLMS_RESULT_RAW && (a->data || a->data_len == 0));
	if (a->block_number == UINT32_MAX && !a->last_block)
		return SMGW_E_DLMS_BLOCK;
	if (a->data_len > b->cap - b->len)
		return SMGW_E_LIMIT;
	memcpy(b->buf + b->len, a->data, a->data_len);
	b->len += a->data_len;
	b->next = a->block_number + 1;
	if (!a->last_block)
		return 0;
	b->done = 1;
	*ret_data = b->buf;
	*ret_len = b->len;
	return 1;
}

SMGW_EXPORT int smgw_dlms_gbt_parse(const uint8_t *p, size_t len, struct smgw_dlms_gbt *ret, struct smgw_diag *diag)
{
	struct smgw_dlms_gbt g;
	struct smgw_reader r;
	uint8_t tag = 0, bc = 0;
	int e;

	return_if_fail((p || len == 0) && ret);
	smgw_reader_init(&r, p, len);
	memset(&g, 0, sizeof(g));
	if (smgw_reader_u8(&r, &tag) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, 0, "empty APDU");
	if (tag != SMGW_DLMS_GENERAL_BLOCK_TRANSFER)
		return smgw_diag_set(diag, SMGW_E_DLMS_APDU, 0, "APDU tag 0x%02x is not general-block-transfer", tag);
	if (smgw_reader_u8(&r, &bc) < 0 || smgw_reader_be16(&r, &g.block_number) < 0 ||
	    smgw_reader_be16(&r, &g.block_number_ack) < 0)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, r.pos, "general-block-transfer header cut off");
	g.last_block = bc >> 7;
	g.streaming = (bc >> 6) & 1;
	g.window = bc & 0x3f;
	{
		struct smgw_dlms_apdu tmp;
		memset(&tmp, 0, sizeof(tmp));
		if ((e = rd_raw(&r, &tmp.data, &tmp.data_len, diag)) < 0)
			return e;
		g.data = tmp.data;
		g.data_len = tmp.data_len;
	}
	if (smgw_reader_remaining(&r))
		return smgw_diag_set(diag, SMGW_E_DLMS_TRAILING, r.pos, "%zu bytes after the block", smgw_reader_remaining(&r));
	*ret = g;
	return 0;
}

SMGW_EXPORT int smgw_dlms_gbt_encode(const struct smgw_dlms_gbt *in, uint8_t *buf, size_t cap, size_t *ret_len)
{
	struct smgw_writer w;

	return_if_fail(in && ret_len && (in->data || in->data_len == 0));
	if (in->window > 0x3f || in->last_block > 1 || in->streaming > 1)
		return SMGW_E_RANGE;
	smgw_writer_init(&w, buf, cap);
	smgw_writer_u8(&w, SMGW_DLMS_GENERAL_BLOCK_TRANSFER);
	smgw_writer_u8(&w, (uint8_t)(in->last_block << 7 | in->streaming << 6 | in->window));
	smgw_writer_be16(&w, in->block_number);
	smgw_writer_be16(&w, in->block_number_ack);
	smgw_axdr_write_length(&w, in->data_len);
	smgw_writer_bytes(&w, in->data, in->data_len);
	return smgw_writer_finish(&w, ret_len);
}

SMGW_EXPORT int smgw_dlms_gbt_add(struct smgw_dlms_blocks *b, const struct smgw_dlms_gbt *g, const uint8_t **ret_data,
				  size_t *ret_len)
{
	return_if_fail(b && g && ret_data && ret_len && (b->buf || b->cap == 0) && b->len <= b->cap);
	return_if_fail(g->data || g->data_len == 0);
	if (b->done || (b->next && g->block_number != b->next) || (!g->last_block && g->block_number == UINT16_MAX))
		return SMGW_E_DLMS_BLOCK;
	if (g->data_len > b->cap - b->len)
		return SMGW_E_LIMIT;
	memcpy(b->buf + b->len, g->data, g->data_len);
	b->len += g->data_len;
	b->next = (uint32_t)g->block_number + 1;
	if (!g->last_block)
		return 0;
	b->done = 1;
	*ret_data = b->buf;
	*ret_len = b->len;
	return 1;
}
