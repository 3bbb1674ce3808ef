/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PT-TLS (RFC 6876) message codec.
 */
#include <string.h>

#include <smgw/tnc/pt.h>
#include <smgw/tnc/pa.h>

#include "pt-private.h"
#include "../pa/tnc-wire.h"

static int pbad(struct smgw_diag *diag, size_t off, const char *what)
{
	return smgw_diag_set(diag, SMGW_E_TNC_PT_INVALID_PARAM, off,
			     "PT-TLS: %s (value offset %zu)", what, off);
}

SMGW_EXPORT int smgw_pt_hdr_parse(const void *data, size_t len, uint32_t max_len,
				  struct smgw_pt_hdr *ret, struct smgw_diag *diag)
{
	const uint8_t *d = data;
	struct smgw_pt_hdr h;

	if (!data || !ret)
		return SMGW_E_INVAL;
	if (!max_len)
		max_len = SMGW_PT_DEFAULT_MAX_MESSAGE;
	if (len < SMGW_PT_HEADER_LEN)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, len, "PT-TLS: header truncated");
	memset(&h, 0, sizeof(h));
	h.reserved = d[0];
	h.vendor = tnc_be24(d + 1);
	h.type = tnc_be32(d + 4);
	h.length = tnc_be32(d + 8);
	h.msg_id = tnc_be32(d + 12);
	if (h.length < SMGW_PT_HEADER_LEN)
		return smgw_diag_set(diag, SMGW_E_TNC_PT_MALFORMED, 8,
				     "PT-TLS: message length %u below 16", (unsigned)h.length);
	if (h.length > max_len)
		return smgw_diag_set(diag, SMGW_E_LIMIT, 8,
				     "PT-TLS: message length %u above the maximum %u",
				     (unsigned)h.length, (unsigned)max_len);
	*ret = h;
	return 0;
}

SMGW_EXPORT int smgw_pt_encode_msg(struct smgw_writer *w, uint32_t vendor, uint32_t type,
				   uint32_t msg_id, const void *value, size_t len)
{
	if (!w)
		return SMGW_E_INVAL;
	if ((!value && len) || vendor >= SMGW_TNC_VENDOR_RESERVED)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	if (len > UINT32_MAX - SMGW_PT_HEADER_LEN)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	smgw__pt_write_hdr(w, vendor, type, (uint32_t)(len + SMGW_PT_HEADER_LEN), msg_id);
	smgw_writer_bytes(w, value, len);
	return 0;
}

void smgw__pt_write_hdr(struct smgw_writer *w, uint32_t vendor, uint32_t type, uint32_t length,
			uint32_t msg_id)
{
	smgw_writer_u8(w, 0);
	smgw_writer_be(w, 3, vendor);
	smgw_writer_be32(w, type);
	smgw_writer_be32(w, length);
	smgw_writer_be32(w, msg_id);
}

SMGW_EXPORT int smgw_pt_encode_version_request(struct smgw_writer *w, uint32_t msg_id,
					       const struct smgw_pt_version_request *v)
{
	if (!w)
		return SMGW_E_INVAL;
	if (!v || v->min_version == 0 || v->min_version > v->max_version ||
	    v->pref_version < v->min_version || v->pref_version > v->max_version)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	smgw__pt_write_hdr(w, SMGW_TNC_VENDOR_IETF, SMGW_PT_MSG_VERSION_REQUEST, 20, msg_id);
	smgw_writer_u8(w, 0);
	smgw_writer_u8(w, v->min_version);
	smgw_writer_u8(w, v->max_version);
	smgw_writer_u8(w, v->pref_version);
	return 0;
}

SMGW_EXPORT int smgw_pt_decode_version_request(const void *value, size_t len,
					       struct smgw_pt_version_request *ret,
					       struct smgw_diag *diag)
{
	const uint8_t *v = value;

	if ((!value && len) || !ret)
		return SMGW_E_INVAL;
	if (len != 4)
		return pbad(diag, len < 4 ? len : 4, "Version Request value is not 4 bytes");
	if (v[1] > v[2])
		return pbad(diag, 1, "Min Vers above Max Vers");
	if (v[3] < v[1] || v[3] > v[2])
		return pbad(diag, 3, "Pref Vers outside Min..Max");
	memset(ret, 0, sizeof(*ret));
	ret->min_version = v[1];
	ret->max_version = v[2];
	ret->pref_version = v[3];
	return 0;
}

SMGW_EXPORT int smgw_pt_encode_version_response(struct smgw_writer *w, uint32_t msg_id,
						uint8_t version)
{
	if (!w)
		return SMGW_E_INVAL;
	if (version == 0)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	smgw__pt_write_hdr(w, SMGW_TNC_VENDOR_IETF, SMGW_PT_MSG_VERSION_RESPONSE, 20, msg_id);
	smgw_writer_fill(w, 0, 3);
	smgw_writer_u8(w, version);
	return 0;
}

SMGW_EXPORT int smgw_pt_decode_version_response(const void *value, size_t len,
						uint8_t *ret_version, struct smgw_diag *diag)
{
	const uint8_t *v = value;

	if ((!value && len) || !ret_version)
		return SMGW_E_INVAL;
	if (len != 4)
		return pbad(diag, len < 4 ? len : 4, "Version Response value is not 4 bytes");
	*ret_version = v[3];
	return 0;
}

/* RFC 4422 section 3.1: 1 to 20 characters of A-Z, 0-9, '-', '_'. */
int smgw__pt_sasl_name_ok(const char *name, size_t len)
{
	size_t i;

	if (len < 1 || len > SMGW_PT_SASL_NAME_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

SMGW_EXPORT int smgw_pt_encode_sasl_mechanisms(struct smgw_writer *w, uint32_t msg_id,
					       const char *const *names, size_t n)
{
	size_t i, total = 0;

	if (!w)
		return SMGW_E_INVAL;
	if (n && !names)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	for (i = 0; i < n; i++) {
		size_t l = names[i] ? strlen(names[i]) : 0;

		if (!names[i] || !smgw__pt_sasl_name_ok(names[i], l))
			return tnc_writer_fail(w, SMGW_E_INVAL);
		total += 1 + l;
	}
	if (total > UINT32_MAX - SMGW_PT_HEADER_LEN)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	smgw__pt_write_hdr(w, SMGW_TNC_VENDOR_IETF, SMGW_PT_MSG_SASL_MECHANISMS,
			   (uint32_t)(SMGW_PT_HEADER_LEN + total), msg_id);
	for (i = 0; i < n; i++) {
		size_t l = strlen(names[i]);

		smgw_writer_u8(w, (uint8_t)l);
		smgw_writer_bytes(w, names[i], l);
	}
	return 0;
}

SMGW_EXPORT int smgw_pt_sasl_mechanisms_next(const void *value, size_t len, size_t *pos,
					     const char **ret_name, size_t *ret_len)
{
	const uint8_t *v = value;
	size_t p, l;

	if ((!value && len) || !pos || !ret_name || !ret_len)
		return SMGW_E_INVAL;
	p = *pos;
	if (p >= len)
		return 0;
	l = v[p] & 0x1F; /* the top 3 bits are reserved */
	if (l == 0 || l > len - p - 1 || !smgw__pt_sasl_name_ok((const char *)v + p + 1, l))
		return SMGW_E_TNC_PT_INVALID_PARAM;
	*ret_name = (const char *)v + p + 1;
	*ret_len = l;
	*pos = p + 1 + l;
	return 1;
}

SMGW_EXPORT int smgw_pt_encode_sasl_selection(struct smgw_writer *w, uint32_t msg_id,
					      const char *name, const void *data, size_t data_len)
{
	size_t l;

	if (!w)
		return SMGW_E_INVAL;
	if (!name || (!data && data_len))
		return tnc_writer_fail(w, SMGW_E_INVAL);
	l = strlen(name);
	if (!smgw__pt_sasl_name_ok(name, l))
		return tnc_writer_fail(w, SMGW_E_INVAL);
	if (data_len > UINT32_MAX - SMGW_PT_HEADER_LEN - 1 - l)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	smgw__pt_write_hdr(w, SMGW_TNC_VENDOR_IETF, SMGW_PT_MSG_SASL_SELECTION,
			   (uint32_t)(SMGW_PT_HEADER_LEN + 1 + l + data_len), msg_id);
	smgw_writer_u8(w, (uint8_t)l);
	smgw_writer_bytes(w, name, l);
	smgw_writer_bytes(w, data, data_len);
	return 0;
}

SMGW_EXPORT int smgw_pt_decode_sasl_selection(const void *value, size_t len, const char **ret_name,
					      size_t *ret_name_len, const uint8_t **ret_data,
					      size_t *ret_data_len, struct smgw_diag *diag)
{
	const uint8_t *v = value;
	size_t l;

	if ((!value && len) || !ret_name || !ret_name_len || !ret_data || !ret_data_len)
		return SMGW_E_INVAL;
	if (len < 2)
		return pbad(diag, 0, "SASL Mechanism Selection too short");
	l = v[0] & 0x1F;
	if (l == 0 || l > len - 1)
		return pbad(diag, 0, "SASL mechanism name length");
	if (!smgw__pt_sasl_name_ok((const char *)v + 1, l))
		return pbad(diag, 1, "SASL mechanism name characters");
	*ret_name = (const char *)v + 1;
	*ret_name_len = l;
	*ret_data = v + 1 + l;
	*ret_data_len = len - 1 - l;
	return 0;
}

SMGW_EXPORT int smgw_pt_encode_sasl_result(struct smgw_writer *w, uint32_t msg_id,
					   unsigned code_width, uint32_t code, const void *data,
					   size_t data_len)
{
	if (!w)
		return SMGW_E_INVAL;
	if ((code_width != 1 && code_width != 2 && code_width != 4) || code > SMGW_PT_SASL_MECHANISM_FAILURE ||
	    (!data && data_len))
		return tnc_writer_fail(w, SMGW_E_INVAL);
	if (data_len > UINT32_MAX - SMGW_PT_HEADER_LEN - 4)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	smgw__pt_write_hdr(w, SMGW_TNC_VENDOR_IETF, SMGW_PT_MSG_SASL_RESULT,
			   (uint32_t)(SMGW_PT_HEADER_LEN + code_width + data_len), msg_id);
	smgw_writer_be(w, code_width, code);
	smgw_writer_bytes(w, data, data_len);
	return 0;
}

SMGW_EXPORT int smgw_pt_decode_sasl_result(const void *value, size_t len, unsigned code_width,
					   uint32_t *ret_code, struct smgw_diag *diag)
{
	const uint8_t *v = value;
	uint32_t c = 0;
	unsigned i;

	if ((!value && len) || !ret_code || (code_width != 1 && code_width != 2 && code_width != 4))
		return SMGW_E_INVAL;
	if (len < code_width)
		return pbad(diag, 0, "SASL Result truncated");
	for (i = 0; i < code_width; i++)
		c = c << 8 | v[i];
	if (c > SMGW_PT_SASL_MECHANISM_FAILURE)
		return pbad(diag, 0, "unknown SASL Result code");
	*ret_code = c;
	return 0;
}

SMGW_EXPORT int smgw_pt_encode_error(struct smgw_writer *w, uint32_t msg_id, uint32_t vendor,
				     uint32_t code, const void *offending, size_t off_len)
{
	if (!w)
		return SMGW_E_INVAL;
	if (vendor >= SMGW_TNC_VENDOR_RESERVED || (!offending && off_len))
		return tnc_writer_fail(w, SMGW_E_INVAL);
	if (off_len > UINT32_MAX - SMGW_PT_HEADER_LEN - 8)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	smgw__pt_write_hdr(w, SMGW_TNC_VENDOR_IETF, SMGW_PT_MSG_ERROR,
			   (uint32_t)(SMGW_PT_HEADER_LEN + 8 + off_len), msg_id);
	smgw_writer_u8(w, 0);
	smgw_writer_be(w, 3, vendor);
	smgw_writer_be32(w, code);
	smgw_writer_bytes(w, offending, off_len);
	return 0;
}

SMGW_EXPORT int smgw_pt_decode_error(const void *value, size_t len, uint32_t *ret_vendor,
				     uint32_t *ret_code, const uint8_t **ret_copy,
				     size_t *ret_copy_len, struct smgw_diag *diag)
{
	const uint8_t *v = value;

	if ((!value && len) || !ret_vendor || !ret_code || !ret_copy || !ret_copy_len)
		return SMGW_E_INVAL;
	if (len < 8)
		return pbad(diag, 0, "PT-TLS Error shorter than 24 bytes");
	*ret_vendor = tnc_be24(v + 1);
	*ret_code = tnc_be32(v + 4);
	*ret_copy = v + 8;
	*ret_copy_len = len - 8;
	return 0;
}
