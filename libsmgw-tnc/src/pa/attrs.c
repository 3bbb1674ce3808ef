/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The IETF PA-TNC attributes 1-12 (RFC 5792 section 4.2): exact layouts,
 * decoders that report the offset of the bad field inside the value, and
 * encoders.
 */
#include <string.h>

#include <smgw/tnc/pa.h>

#include "pa-private.h"
#include "tnc-wire.h"

static int bad(struct smgw_diag *diag, size_t off, const char *what)
{
	return smgw_diag_set(diag, SMGW_E_TNC_PA_INVALID, off, "PA-TNC attribute: %s (value offset %zu)",
			     what, off);
}

static int is_ietf(const struct smgw_pa_attr *a, uint32_t type)
{
	return a && a->vendor == SMGW_TNC_VENDOR_IETF && a->type == type && (a->value || !a->value_len);
}

/* ---- 1 Attribute Request ---- */

SMGW_EXPORT int smgw_pa_decode_attr_request(const struct smgw_pa_attr *a, size_t *ret_n,
					    struct smgw_diag *diag)
{
	size_t i, n;

	if (!is_ietf(a, SMGW_PA_ATTR_ATTRIBUTE_REQUEST) || !ret_n)
		return SMGW_E_INVAL;
	/* RFC 5792 section 4.2.1: the value is one or more entries (the
	 * layout starts with a complete entry; jTNC checks the same). An
	 * empty request asks for nothing and is refused; strongSwan accepts it. */
	if (a->value_len == 0)
		return bad(diag, 0, "empty Attribute Request");
	if (a->value_len % 8)
		return bad(diag, a->value_len - a->value_len % 8, "Attribute Request entry truncated");
	n = a->value_len / 8;
	for (i = 0; i < n; i++) {
		const uint8_t *p = a->value + 8 * i;

		if (tnc_be24(p + 1) == SMGW_TNC_VENDOR_RESERVED)
			return bad(diag, 8 * i + 1, "reserved vendor in Attribute Request");
		if (tnc_be32(p + 4) == SMGW_TNC_TYPE_RESERVED)
			return bad(diag, 8 * i + 4, "reserved type in Attribute Request");
	}
	*ret_n = n;
	return 0;
}

SMGW_EXPORT int smgw_pa_attr_request_get(const struct smgw_pa_attr *a, size_t i,
					 struct smgw_pa_attr_ref *ret)
{
	if (!is_ietf(a, SMGW_PA_ATTR_ATTRIBUTE_REQUEST) || !ret)
		return SMGW_E_INVAL;
	if (i >= a->value_len / 8)
		return SMGW_E_RANGE;
	ret->vendor = tnc_be24(a->value + 8 * i + 1);
	ret->type = tnc_be32(a->value + 8 * i + 4);
	return 0;
}

SMGW_EXPORT int smgw_pa_encode_attr_request(struct smgw_writer *w, uint8_t flags,
					    const struct smgw_pa_attr_ref *refs, size_t n)
{
	size_t mark, i;

	if (!w)
		return SMGW_E_INVAL;
	if (!refs || n == 0)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	if (n > (UINT32_MAX - SMGW_PA_ATTR_HEADER_LEN) / 8)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	for (i = 0; i < n; i++)
		if (refs[i].vendor >= SMGW_TNC_VENDOR_RESERVED || refs[i].type == SMGW_TNC_TYPE_RESERVED)
			return tnc_writer_fail(w, SMGW_E_INVAL);
	mark = smgw_pa_attr_begin(w, flags, SMGW_TNC_VENDOR_IETF, SMGW_PA_ATTR_ATTRIBUTE_REQUEST);
	for (i = 0; i < n; i++) {
		smgw_writer_u8(w, 0);
		smgw_writer_be(w, 3, refs[i].vendor);
		smgw_writer_be32(w, refs[i].type);
	}
	return smgw_pa_attr_end(w, mark);
}

/* ---- 2 Product Information ---- */

SMGW_EXPORT int smgw_pa_decode_product_info(const struct smgw_pa_attr *a,
					    struct smgw_pa_product_info *ret, struct smgw_diag *diag)
{
	if (!is_ietf(a, SMGW_PA_ATTR_PRODUCT_INFORMATION) || !ret)
		return SMGW_E_INVAL;
	if (a->value_len < 5)
		return bad(diag, 0, "Product Information shorter than 5 bytes");
	if (tnc_be24(a->value) == SMGW_TNC_VENDOR_RESERVED)
		return bad(diag, 0, "reserved Product Vendor ID");
	if (tnc_be24(a->value) == 0 && tnc_be16(a->value + 3) != 0)
		return bad(diag, 3, "Product ID not 0 with Product Vendor ID 0");
	memset(ret, 0, sizeof(*ret));
	ret->vendor = tnc_be24(a->value);
	ret->product_id = (uint16_t)tnc_be16(a->value + 3);
	ret->name = (const char *)a->value + 5;
	ret->name_len = a->value_len - 5;
	return 0;
}

SMGW_EXPORT int smgw_pa_encode_product_info(struct smgw_writer *w, uint8_t flags,
					    const struct smgw_pa_product_info *v)
{
	size_t mark;

	if (!w)
		return SMGW_E_INVAL;
	if (!v || v->vendor >= SMGW_TNC_VENDOR_RESERVED || (!v->name && v->name_len) ||
	    (v->vendor == 0 && v->product_id != 0))
		return tnc_writer_fail(w, SMGW_E_INVAL);
	if (v->name_len > UINT32_MAX - 17)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	mark = smgw_pa_attr_begin(w, flags, SMGW_TNC_VENDOR_IETF, SMGW_PA_ATTR_PRODUCT_INFORMATION);
	smgw_writer_be(w, 3, v->vendor);
	smgw_writer_be16(w, v->product_id);
	smgw_writer_bytes(w, v->name, v->name_len);
	return smgw_pa_attr_end(w, mark);
}

/* ---- 3 Numeric Version ---- */

SMGW_EXPORT int smgw_pa_decode_numeric_version(const struct smgw_pa_attr *a,
					       struct smgw_pa_numeric_version *ret,
					       struct smgw_diag *diag)
{
	if (!is_ietf(a, SMGW_PA_ATTR_NUMERIC_VERSION) || !ret)
		return SMGW_E_INVAL;
	if (a->value_len != 16)
		return bad(diag, a->value_len < 16 ? 0 : 16, "Numeric Version is not 16 bytes");
	ret->major = tnc_be32(a->value);
	ret->minor = tnc_be32(a->value + 4);
	ret->build = tnc_be32(a->value + 8);
	ret->sp_major = (uint16_t)tnc_be16(a->value + 12);
	ret->sp_minor = (uint16_t)tnc_be16(a->value + 14);
	return 0;
}

SMGW_EXPORT int smgw_pa_encode_numeric_version(struct smgw_writer *w, uint8_t flags,
					       const struct smgw_pa_numeric_version *v)
{
	size_t mark;

	if (!w)
		return SMGW_E_INVAL;
	if (!v)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	mark = smgw_pa_attr_begin(w, flags, SMGW_TNC_VENDOR_IETF, SMGW_PA_ATTR_NUMERIC_VERSION);
	smgw_writer_be32(w, v->major);
	smgw_writer_be32(w, v->minor);
	smgw_writer_be32(w, v->build);
	smgw_writer_be16(w, v->sp_major);
	smgw_writer_be16(w, v->sp_minor);
	return smgw_pa_attr_end(w, mark);
}

/* ---- 4 String Version ---- */

SMGW_EXPORT int smgw_pa_decode_string_version(const struct smgw_pa_attr *a,
					      struct smgw_pa_string_version *ret,
					      struct smgw_diag *diag)
{
	const char *s[3];
	size_t l[3], pos = 0;
	int i;

	if (!is_ietf(a, SMGW_PA_ATTR_STRING_VERSION) || !ret)
		return SMGW_E_INVAL;
	if (a->value_len < 3)
		return bad(diag, 0, "String Version shorter than 3 bytes");
	for (i = 0; i < 3; i++) {
		const uint8_t *z;

		if (pos >= a->value_len)
			return bad(diag, pos, "String Version truncated");
		l[i] = a->value[pos];
		if (l[i] > a->value_len - pos - 1)
			return bad(diag, pos, "String Version length beyond the value");
		s[i] = (const char *)a->value + pos + 1;
		z = l[i] ? memchr(s[i], 0, l[i]) : NULL;
		if (z)
			return bad(diag, (size_t)(z - a->value), "NUL inside a String Version field");
		pos += 1 + l[i];
	}
	if (pos != a->value_len)
		return bad(diag, pos, "bytes after the String Version fields");
	ret->version = s[0];
	ret->version_len = l[0];
	ret->build = s[1];
	ret->build_len = l[1];
	ret->config = s[2];
	ret->config_len = l[2];
	return 0;
}

SMGW_EXPORT int smgw_pa_encode_string_version(struct smgw_writer *w, uint8_t flags,
					      const struct smgw_pa_string_version *v)
{
	size_t mark;

	if (!w)
		return SMGW_E_INVAL;
	if (!v || (!v->version && v->version_len) || (!v->build && v->build_len) ||
	    (!v->config && v->config_len))
		return tnc_writer_fail(w, SMGW_E_INVAL);
	if (v->version_len > 255 || v->build_len > 255 || v->config_len > 255)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	if ((v->version_len && memchr(v->version, 0, v->version_len)) ||
	    (v->build_len && memchr(v->build, 0, v->build_len)) ||
	    (v->config_len && memchr(v->config, 0, v->config_len)))
		return tnc_writer_fail(w, SMGW_E_INVAL);
	mark = smgw_pa_attr_begin(w, flags, SMGW_TNC_VENDOR_IETF, SMGW_PA_ATTR_STRING_VERSION);
	smgw_writer_u8(w, (uint8_t)v->version_len);
	smgw_writer_bytes(w, v->version, v->version_len);
	smgw_writer_u8(w, (uint8_t)v->build_len);
	smgw_writer_bytes(w, v->build, v->build_len);
	smgw_writer_u8(w, (uint8_t)v->config_len);
	smgw_writer_bytes(w, v->config, v->config_len);
	return smgw_pa_attr_end(w, mark);
}

/* ---- 5 Operational Status ---- */

/* "YYYY-MM-DDTHH:MM:SSZ": returns the index of the first bad character or -1. */
int smgw__pa_check_rfc3339(const uint8_t *p)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	int i;

	for (i = 0; i < 20; i++) {
		if (pat[i] == 'd') {
			if (p[i] < '0' || p[i] > '9')
				return i;
		} else if (p[i] != (uint8_t)pat[i]) {
			return i;
		}
	}
	return -1;
}

SMGW_EXPORT int smgw_pa_decode_op_status(const struct smgw_pa_attr *a,
					 struct smgw_pa_op_status *ret, struct smgw_diag *diag)
{
	int bi;

	if (!is_ietf(a, SMGW_PA_ATTR_OPERATIONAL_STATUS) || !ret)
		return SMGW_E_INVAL;
	if (a->value_len != 24)
		return bad(diag, 0, "Operational Status is not 24 bytes");
	if (a->value[0] > SMGW_PA_OP_STATUS_OPERATIONAL)
		return bad(diag, 0, "unknown operational status");
	if (a->value[1] > SMGW_PA_OP_RESULT_FAILURE)
		return bad(diag, 1, "unknown operational result");
	bi = smgw__pa_check_rfc3339(a->value + 4);
	if (bi >= 0) /* the offset of the field, as strongSwan reports it */
		return bad(diag, 4, "Last Use is not YYYY-MM-DDTHH:MM:SSZ");
	memset(ret, 0, sizeof(*ret));
	ret->status = a->value[0];
	ret->result = a->value[1];
	memcpy(ret->last_use, a->value + 4, 20);
	ret->last_use[20] = '\0';
	return 0;
}

SMGW_EXPORT int smgw_pa_encode_op_status(struct smgw_writer *w, uint8_t flags,
					 const struct smgw_pa_op_status *v)
{
	size_t mark;

	if (!w)
		return SMGW_E_INVAL;
	if (!v || v->status > SMGW_PA_OP_STATUS_OPERATIONAL || v->result > SMGW_PA_OP_RESULT_FAILURE ||
	    memchr(v->last_use, '\0', 21) != v->last_use + 20 ||
	    smgw__pa_check_rfc3339((const uint8_t *)v->last_use) >= 0)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	mark = smgw_pa_attr_begin(w, flags, SMGW_TNC_VENDOR_IETF, SMGW_PA_ATTR_OPERATIONAL_STATUS);
	smgw_writer_u8(w, v->status);
	smgw_writer_u8(w, v->result);
	smgw_writer_be16(w, 0);
	smgw_writer_bytes(w, v->last_use, 20);
	return smgw_pa_attr_end(w, mark);
}

/* ---- 6 Port Filter ---- */

SMGW_EXPORT int smgw_pa_decode_port_filter(const struct smgw_pa_attr *a, size_t *ret_n,
					   struct smgw_diag *diag)
{
	if (!is_ietf(a, SMGW_PA_ATTR_PORT_FILTER) || !ret_n)
		return SMGW_E_INVAL;
	/* RFC 5792 section 4.2.6: one or more entries, as for type 1 */
	if (a->value_len == 0)
		return bad(diag, 0, "empty Port Filter");
	if (a->value_len % 4)
		return bad(diag, a->value_len - a->value_len % 4, "Port Filter entry truncated");
	*ret_n = a->value_len / 4;
	return 0;
}

SMGW_EXPORT int smgw_pa_port_filter_get(const struct smgw_pa_attr *a, size_t i,
					struct smgw_pa_port_filter_entry *ret)
{
	const uint8_t *p;

	if (!is_ietf(a, SMGW_PA_ATTR_PORT_FILTER) || !ret)
		return SMGW_E_INVAL;
	if (i >= a->value_len / 4)
		return SMGW_E_RANGE;
	p = a->value + 4 * i;
	ret->blocked = p[0] & 1u;
	ret->protocol = p[1];
	ret->port = (uint16_t)tnc_be16(p + 2);
	return 0;
}

SMGW_EXPORT int smgw_pa_encode_port_filter(struct smgw_writer *w, uint8_t flags,
					   const struct smgw_pa_port_filter_entry *e, size_t n)
{
	size_t mark, i;

	if (!w)
		return SMGW_E_INVAL;
	if (!e || n == 0)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	if (n > (UINT32_MAX - SMGW_PA_ATTR_HEADER_LEN) / 4)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	mark = smgw_pa_attr_begin(w, flags, SMGW_TNC_VENDOR_IETF, SMGW_PA_ATTR_PORT_FILTER);
	for (i = 0; i < n; i++) {
		smgw_writer_u8(w, e[i].blocked ? 1 : 0);
		smgw_writer_u8(w, e[i].protocol);
		smgw_writer_be16(w, e[i].port);
	}
	return smgw_pa_attr_end(w, mark);
}

/* ---- 7 Installed Packages ---- */

SMGW_EXPORT int smgw_pa_decode_installed_packages(const struct smgw_pa_attr *a, size_t *ret_n,
						  struct smgw_diag *diag)
{
	size_t pos = 4, count, found = 0;

	if (!is_ietf(a, SMGW_PA_ATTR_INSTALLED_PACKAGES) || !ret_n)
		return SMGW_E_INVAL;
	if (a->value_len < 4)
		return bad(diag, 0, "Installed Packages shorter than 4 bytes");
	count = tnc_be16(a->value + 2);
	/* every entry up to the end, then the count */
	while (pos < a->value_len) {
		int k;

		for (k = 0; k < 2; k++) {
			size_t l;
			const uint8_t *z;

			if (pos >= a->value_len)
				return bad(diag, pos, "package version missing");
			l = a->value[pos];
			if (l > a->value_len - pos - 1)
				return bad(diag, pos, "package field length beyond the value");
			z = l ? memchr(a->value + pos + 1, 0, l) : NULL;
			if (z)
				return bad(diag, (size_t)(z - a->value), "NUL inside a package field");
			pos += 1 + l;
		}
		found++;
	}
	/* RFC 5792 section 4.2.8: the offset of the field in error. The
	 * entries are well formed, so that is the Package Count (strongSwan
	 * reports the end of the value instead). */
	if (found != count)
		return bad(diag, 2, "Package Count differs from the packages");
	*ret_n = count;
	return 0;
}

SMGW_EXPORT int smgw_pa_installed_packages_next(const struct smgw_pa_attr *a, size_t *pos,
						struct smgw_pa_package *ret)
{
	size_t p, nl, vl;

	if (!is_ietf(a, SMGW_PA_ATTR_INSTALLED_PACKAGES) || !pos || !ret || a->value_len < 4)
		return SMGW_E_INVAL;
	p = *pos ? *pos : 4;
	if (p >= a->value_len)
		return 0;
	nl = a->value[p];
	if (nl > a->value_len - p - 1 || p + 1 + nl >= a->value_len)
		return SMGW_E_TNC_PA_INVALID;
	vl = a->value[p + 1 + nl];
	if (vl > a->value_len - (p + 2 + nl))
		return SMGW_E_TNC_PA_INVALID;
	ret->name = (const char *)a->value + p + 1;
	ret->name_len = nl;
	ret->version = (const char *)a->value + p + 2 + nl;
	ret->version_len = vl;
	*pos = p + 2 + nl + vl;
	return 1;
}

SMGW_EXPORT int smgw_pa_encode_installed_packages(struct smgw_writer *w, uint8_t flags,
						  const struct smgw_pa_package *p, size_t n)
{
	size_t mark, i;

	if (!w)
		return SMGW_E_INVAL;
	if ((!p && n) || n > 0xFFFF)
		return tnc_writer_fail(w, n > 0xFFFF ? SMGW_E_RANGE : SMGW_E_INVAL);
	for (i = 0; i < n; i++) {
		if ((!p[i].name && p[i].name_len) || (!p[i].version && p[i].version_len))
			return tnc_writer_fail(w, SMGW_E_INVAL);
		if (p[i].name_len > 255 || p[i].version_len > 255)
			return tnc_writer_fail(w, SMGW_E_RANGE);
		if ((p[i].name_len && memchr(p[i].name, 0, p[i].name_len)) ||
		    (p[i].version_len && memchr(p[i].version, 0, p[i].version_len)))
			return tnc_writer_fail(w, SMGW_E_INVAL);
	}
	mark = smgw_pa_attr_begin(w, flags, SMGW_TNC_VENDOR_IETF, SMGW_PA_ATTR_INSTALLED_PACKAGES);
	smgw_writer_be16(w, 0);
	smgw_writer_be16(w, (uint16_t)n);
	for (i = 0; i < n; i++) {
		smgw_writer_u8(w, (uint8_t)p[i].name_len);
		smgw_writer_bytes(w, p[i].name, p[i].name_len);
		smgw_writer_u8(w, (uint8_t)p[i].version_len);
		smgw_writer_bytes(w, p[i].version, p[i].version_len);
	}
	return smgw_pa_attr_end(w, mark);
}

/* ---- 8 PA-TNC Error ---- */

SMGW_EXPORT int smgw_pa_decode_error(const struct smgw_pa_attr *a, struct smgw_pa_error *ret,
				     struct smgw_diag *diag)
{
	struct smgw_pa_error e;
	const uint8_t *info;
	size_t ilen, need = 0;

	if (!is_ietf(a, SMGW_PA_ATTR_PA_TNC_ERROR) || !ret)
		return SMGW_E_INVAL;
	if (a->value_len < 8)
		return bad(diag, a->value_len < 4 ? 0 : 4, "PA-TNC Error shorter than 8 bytes");
	memset(&e, 0, sizeof(e));
	e.vendor = tnc_be24(a->value + 1);
	e.code = tnc_be32(a->value + 4);
	if (e.vendor == SMGW_TNC_VENDOR_RESERVED)
		return bad(diag, 1, "reserved Error Vendor ID");
	info = a->value + 8;
	ilen = a->value_len - 8;
	e.info = info;
	e.info_len = ilen;
	if (e.vendor == SMGW_TNC_VENDOR_IETF) {
		switch (e.code) {
		case SMGW_PA_ERROR_INVALID_PARAMETER:
		case SMGW_PA_ERROR_VERSION_NOT_SUPPORTED:
			need = 12;
			break;
		case SMGW_PA_ERROR_ATTR_TYPE_NOT_SUPPORTED:
			need = 16;
			break;
		default:
			need = 0;
			break;
		}
		if (ilen < need)
			return bad(diag, 8 + ilen, "PA-TNC Error information truncated");
		if (need)
			memcpy(e.msg_header, info, 8);
		if (e.code == SMGW_PA_ERROR_INVALID_PARAMETER) {
			e.offset = tnc_be32(info + 8);
		} else if (e.code == SMGW_PA_ERROR_VERSION_NOT_SUPPORTED) {
			e.max_version = info[8];
			e.min_version = info[9];
		} else if (e.code == SMGW_PA_ERROR_ATTR_TYPE_NOT_SUPPORTED) {
			e.attr_flags = info[8];
			e.attr_vendor = tnc_be24(info + 9);
			e.attr_type = tnc_be32(info + 12);
		}
	}
	*ret = e;
	return 0;
}

/* ---- 9, 11, 12: 4-byte enumerations ---- */

SMGW_EXPORT int smgw_pa_decode_u32(const struct smgw_pa_attr *a, uint32_t *ret,
				   struct smgw_diag *diag)
{
	uint32_t max, v;

	if (!a || !ret || a->vendor != SMGW_TNC_VENDOR_IETF || (!a->value && a->value_len))
		return SMGW_E_INVAL;
	switch (a->type) {
	case SMGW_PA_ATTR_ASSESSMENT_RESULT:
		max = SMGW_PA_ASSESSMENT_DONT_KNOW;
		break;
	case SMGW_PA_ATTR_FORWARDING_ENABLED:
		max = SMGW_PA_FORWARDING_UNKNOWN;
		break;
	case SMGW_PA_ATTR_FACTORY_DEFAULT_PWD_ENABLED:
		max = 1;
		break;
	default:
		return SMGW_E_INVAL;
	}
	if (a->value_len != 4)
		return bad(diag, a->value_len < 4 ? a->value_len : 4, "value is not 4 bytes");
	v = tnc_be32(a->value);
	if (v > max)
		return bad(diag, 0, "value out of range");
	*ret = v;
	return 0;
}

static int encode_u32(struct smgw_writer *w, uint8_t flags, uint32_t type, uint32_t v, uint32_t max)
{
	size_t mark;

	if (!w)
		return SMGW_E_INVAL;
	if (v > max)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	mark = smgw_pa_attr_begin(w, flags, SMGW_TNC_VENDOR_IETF, type);
	smgw_writer_be32(w, v);
	return smgw_pa_attr_end(w, mark);
}

SMGW_EXPORT int smgw_pa_encode_assessment_result(struct smgw_writer *w, uint8_t flags,
						 uint32_t result)
{
	return encode_u32(w, flags, SMGW_PA_ATTR_ASSESSMENT_RESULT, result, SMGW_PA_ASSESSMENT_DONT_KNOW);
}

SMGW_EXPORT int smgw_pa_encode_forwarding_enabled(struct smgw_writer *w, uint8_t flags,
						  uint32_t value)
{
	return encode_u32(w, flags, SMGW_PA_ATTR_FORWARDING_ENABLED, value, SMGW_PA_FORWARDING_UNKNOWN);
}

SMGW_EXPORT int smgw_pa_encode_factory_default_pwd(struct smgw_writer *w, uint8_t flags,
						   uint32_t value)
{
	return encode_u32(w, flags, SMGW_PA_ATTR_FACTORY_DEFAULT_PWD_ENABLED, value, 1);
}

/* ---- 10 Remediation Instructions (shared with PB-Remediation-Parameters) ---- */

int smgw__tnc_remediation_decode(const uint8_t *v, size_t len, struct smgw_tnc_remediation *ret,
				 size_t *ret_bad, const char **ret_what)
{
	struct smgw_tnc_remediation r;

	memset(&r, 0, sizeof(r));
	*ret_what = NULL;
	if (len < 8) {
		*ret_bad = len < 4 ? 0 : 4;
		*ret_what = "remediation parameters header truncated";
		return SMGW_E_TRUNCATED;
	}
	r.vendor = tnc_be24(v + 1);
	r.type = tnc_be32(v + 4);
	if (r.vendor == SMGW_TNC_VENDOR_RESERVED) {
		*ret_bad = 1;
		*ret_what = "reserved remediation vendor";
		return SMGW_E_RANGE;
	}
	if (r.type == SMGW_TNC_TYPE_RESERVED) {
		*ret_bad = 4;
		*ret_what = "reserved remediation type";
		return SMGW_E_RANGE;
	}
	r.data = v + 8;
	r.data_len = len - 8;
	if (r.vendor == SMGW_TNC_VENDOR_IETF) {
		if (r.type == SMGW_TNC_REMEDIATION_URI) {
			if (r.data_len == 0) {
				*ret_bad = 8;
				*ret_what = "empty remediation URI";
				return SMGW_E_TRUNCATED;
			}
			r.uri = (const char *)r.data;
			r.uri_len = r.data_len;
		} else if (r.type == SMGW_TNC_REMEDIATION_STRING) {
			uint32_t sl;
			size_t ll;

			if (r.data_len < 5) {
				*ret_bad = 8;
				*ret_what = "remediation string truncated";
				return SMGW_E_TRUNCATED;
			}
			sl = tnc_be32(r.data);
			if (sl > r.data_len - 5) {
				*ret_bad = 8;
				*ret_what = "remediation string length beyond the value";
				return SMGW_E_TRUNCATED;
			}
			ll = r.data[4 + sl];
			if (ll != r.data_len - 5 - sl) {
				*ret_bad = 8 + 4 + sl;
				*ret_what = "remediation language tag length does not fit";
				return SMGW_E_TRUNCATED;
			}
			r.string = (const char *)r.data + 4;
			r.string_len = sl;
			r.lang = (const char *)r.data + 5 + sl;
			r.lang_len = ll;
		} else {
			*ret_bad = 4;
			*ret_what = "unknown IETF remediation parameters type";
			return SMGW_E_RANGE;
		}
	}
	*ret = r;
	return 0;
}

int smgw__tnc_remediation_write(struct smgw_writer *w, const struct smgw_tnc_remediation *r)
{
	if (!r || r->vendor >= SMGW_TNC_VENDOR_RESERVED || r->type == SMGW_TNC_TYPE_RESERVED)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	smgw_writer_u8(w, 0);
	smgw_writer_be(w, 3, r->vendor);
	smgw_writer_be32(w, r->type);
	if (r->vendor == SMGW_TNC_VENDOR_IETF && r->type == SMGW_TNC_REMEDIATION_URI) {
		if (!r->uri || r->uri_len == 0)
			return tnc_writer_fail(w, SMGW_E_INVAL);
		smgw_writer_bytes(w, r->uri, r->uri_len);
	} else if (r->vendor == SMGW_TNC_VENDOR_IETF && r->type == SMGW_TNC_REMEDIATION_STRING) {
		if ((!r->string && r->string_len) || (!r->lang && r->lang_len))
			return tnc_writer_fail(w, SMGW_E_INVAL);
		if (r->lang_len > 255 || r->string_len > UINT32_MAX - 64)
			return tnc_writer_fail(w, SMGW_E_RANGE);
		smgw_writer_be32(w, (uint32_t)r->string_len);
		smgw_writer_bytes(w, r->string, r->string_len);
		smgw_writer_u8(w, (uint8_t)r->lang_len);
		smgw_writer_bytes(w, r->lang, r->lang_len);
	} else if (r->vendor == SMGW_TNC_VENDOR_IETF) {
		return tnc_writer_fail(w, SMGW_E_INVAL);
	} else {
		if (!r->data && r->data_len)
			return tnc_writer_fail(w, SMGW_E_INVAL);
		smgw_writer_bytes(w, r->data, r->data_len);
	}
	return 0;
}

SMGW_EXPORT int smgw_pa_decode_remediation(const struct smgw_pa_attr *a,
					   struct smgw_tnc_remediation *ret, struct smgw_diag *diag)
{
	size_t off = 0;
	const char *what;

	if (!is_ietf(a, SMGW_PA_ATTR_REMEDIATION_INSTRUCTIONS) || !ret)
		return SMGW_E_INVAL;
	if (smgw__tnc_remediation_decode(a->value, a->value_len, ret, &off, &what))
		return bad(diag, off, what);
	return 0;
}

SMGW_EXPORT int smgw_pa_encode_remediation(struct smgw_writer *w, uint8_t flags,
					   const struct smgw_tnc_remediation *r)
{
	size_t mark;
	int e;

	if (!w)
		return SMGW_E_INVAL;
	mark = smgw_pa_attr_begin(w, flags, SMGW_TNC_VENDOR_IETF, SMGW_PA_ATTR_REMEDIATION_INSTRUCTIONS);
	e = smgw__tnc_remediation_write(w, r);
	if (e)
		return e;
	return smgw_pa_attr_end(w, mark);
}

/* ---- the built-in validator ---- */

int smgw__pa_ietf_validate(const struct smgw_pa_attr *a, struct smgw_diag *diag)
{
	union {
		struct smgw_pa_product_info pi;
		struct smgw_pa_numeric_version nv;
		struct smgw_pa_string_version sv;
		struct smgw_pa_op_status os;
		struct smgw_pa_error er;
		struct smgw_tnc_remediation rm;
		struct smgw_pa_swima_request sr;
		struct smgw_pa_swima_inventory si;
		uint32_t u;
		size_t n;
	} u;

	switch (a->type) {
	case SMGW_PA_ATTR_TESTING:
		return 0;
	case SMGW_PA_ATTR_ATTRIBUTE_REQUEST:
		return smgw_pa_decode_attr_request(a, &u.n, diag);
	case SMGW_PA_ATTR_PRODUCT_INFORMATION:
		return smgw_pa_decode_product_info(a, &u.pi, diag);
	case SMGW_PA_ATTR_NUMERIC_VERSION:
		return smgw_pa_decode_numeric_version(a, &u.nv, diag);
	case SMGW_PA_ATTR_STRING_VERSION:
		return smgw_pa_decode_string_version(a, &u.sv, diag);
	case SMGW_PA_ATTR_OPERATIONAL_STATUS:
		return smgw_pa_decode_op_status(a, &u.os, diag);
	case SMGW_PA_ATTR_PORT_FILTER:
		return smgw_pa_decode_port_filter(a, &u.n, diag);
	case SMGW_PA_ATTR_INSTALLED_PACKAGES:
		return smgw_pa_decode_installed_packages(a, &u.n, diag);
	case SMGW_PA_ATTR_PA_TNC_ERROR:
		return smgw_pa_decode_error(a, &u.er, diag);
	case SMGW_PA_ATTR_ASSESSMENT_RESULT:
	case SMGW_PA_ATTR_FORWARDING_ENABLED:
	case SMGW_PA_ATTR_FACTORY_DEFAULT_PWD_ENABLED:
		return smgw_pa_decode_u32(a, &u.u, diag);
	case SMGW_PA_ATTR_REMEDIATION_INSTRUCTIONS:
		return smgw_pa_decode_remediation(a, &u.rm, diag);
	case SMGW_PA_ATTR_SWIMA_REQUEST:
		return smgw_pa_decode_swima_request(a, &u.sr, diag);
	case SMGW_PA_ATTR_SW_ID_INVENTORY:
	case SMGW_PA_ATTR_SW_ID_EVENTS:
	case SMGW_PA_ATTR_SW_INVENTORY:
	case SMGW_PA_ATTR_SW_EVENTS:
		return smgw_pa_decode_swima_inventory(a, &u.si, diag);
	default:
		return 0;
	}
}
