/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PA-TNC (RFC 5792): message framing, attribute iteration, validation
 * against a registry and PA-TNC Error generation.
 */
#include <string.h>

#include <smgw/tnc/pa.h>

#include "pa-private.h"
#include "tnc-wire.h"

_Static_assert(SMGW_PA_ATTR_HEADER_LEN == TNC_TLV_HEADER_LEN, "PA-TNC attribute header");

static void error_init(struct smgw_pa_error *e, const uint8_t *data, size_t len, uint32_t code)
{
	memset(e, 0, sizeof(*e));
	e->vendor = SMGW_TNC_VENDOR_IETF;
	e->code = code;
	if (data && len)
		memcpy(e->msg_header, data, len < 8 ? len : 8);
}

static int invalid_at(struct smgw_pa_error *ret_error, const uint8_t *data, size_t len,
		      uint32_t offset, struct smgw_diag *diag, const char *what)
{
	if (ret_error) {
		error_init(ret_error, data, len, SMGW_PA_ERROR_INVALID_PARAMETER);
		ret_error->offset = offset;
	}
	return smgw_diag_set(diag, SMGW_E_TNC_PA_INVALID, offset, "PA-TNC: %s at offset %u",
			     what, (unsigned)offset);
}

static int header_check(const uint8_t *d, size_t len, struct smgw_pa_error *ret_error,
			struct smgw_diag *diag)
{
	if (len > UINT32_MAX)
		return invalid_at(ret_error, d, len, 0, diag, "message longer than 2^32-1 bytes");
	if (len < SMGW_PA_MSG_HEADER_LEN)
		return invalid_at(ret_error, d, len, 0, diag, "message shorter than its header");
	if (d[0] != SMGW_PA_VERSION) {
		if (ret_error) {
			error_init(ret_error, d, len, SMGW_PA_ERROR_VERSION_NOT_SUPPORTED);
			ret_error->max_version = SMGW_PA_VERSION;
			ret_error->min_version = SMGW_PA_VERSION;
		}
		return smgw_diag_set(diag, SMGW_E_TNC_PA_VERSION, 0,
				     "PA-TNC: version %u not supported", d[0]);
	}
	return 0;
}

/* The framing of the attribute at pos, in the order (and with the offsets)
 * of strongSwan's pa_tnc_attr_manager.c. */
static int attr_frame_check(const uint8_t *d, size_t len, size_t pos, uint32_t *ret_len,
			    struct smgw_pa_error *ret_error, struct smgw_diag *diag)
{
	uint32_t alen;

	if (len - pos < SMGW_PA_ATTR_HEADER_LEN)
		return invalid_at(ret_error, d, len, (uint32_t)pos, diag, "attribute header truncated");
	alen = tnc_be32(d + pos + 8);
	if (alen < SMGW_PA_ATTR_HEADER_LEN)
		return invalid_at(ret_error, d, len, (uint32_t)(pos + 8), diag,
				  "attribute length below 12");
	if (alen > len - pos)
		return invalid_at(ret_error, d, len, (uint32_t)(pos + 8), diag,
				  "attribute length beyond the message");
	if (tnc_be24(d + pos + 1) == SMGW_TNC_VENDOR_RESERVED)
		return invalid_at(ret_error, d, len, (uint32_t)(pos + 1), diag,
				  "reserved attribute vendor 0xFFFFFF");
	if (tnc_be32(d + pos + 4) == SMGW_TNC_TYPE_RESERVED)
		return invalid_at(ret_error, d, len, (uint32_t)(pos + 4), diag,
				  "reserved attribute type 0xFFFFFFFF");
	*ret_len = alen;
	return 0;
}

static void fill_attr(const uint8_t *d, size_t pos, uint32_t alen, struct smgw_pa_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->flags = d[pos];
	a->vendor = tnc_be24(d + pos + 1);
	a->type = tnc_be32(d + pos + 4);
	a->offset = (uint32_t)pos;
	a->value = d + pos + SMGW_PA_ATTR_HEADER_LEN;
	a->value_len = alen - SMGW_PA_ATTR_HEADER_LEN;
}

/* Support and value of one framed attribute against the registry. */
static int attr_check(const uint8_t *d, size_t len, const struct smgw_pa_attr *a,
		      const smgw_pa_registry *reg, struct smgw_pa_error *ret_error,
		      struct smgw_diag *diag)
{
	smgw_pa_validate_fn fn = NULL;
	void *ud = NULL;
	uint32_t off = 0;
	int e;

	if (!smgw__pa_registry_find(reg, a->vendor, a->type, &fn, &ud)) {
		if (!(a->flags & SMGW_PA_ATTR_NOSKIP))
			return 0; /* skipped */
		if (ret_error) {
			error_init(ret_error, d, len, SMGW_PA_ERROR_ATTR_TYPE_NOT_SUPPORTED);
			ret_error->attr_flags = a->flags;
			ret_error->attr_vendor = a->vendor;
			ret_error->attr_type = a->type;
		}
		return smgw_diag_set(diag, SMGW_E_TNC_PA_UNSUPPORTED, a->offset,
				     "PA-TNC: unsupported NOSKIP attribute vendor %u type %u at offset %u",
				     (unsigned)a->vendor, (unsigned)a->type, (unsigned)a->offset);
	}
	if (fn) {
		e = fn(ud, a, &off);
	} else if (a->vendor == SMGW_TNC_VENDOR_IETF && a->type <= SMGW__PA_IETF_MAX) {
		struct smgw_diag vd = SMGW_DIAG_INIT;

		e = smgw__pa_ietf_validate(a, &vd);
		off = vd.offset == UINT64_MAX ? 0 : (uint32_t)vd.offset;
	} else {
		e = 0;
	}
	if (e == 0)
		return 0;
	off = (uint32_t)(a->offset + SMGW_PA_ATTR_HEADER_LEN + (off > a->value_len ? a->value_len : off));
	e = invalid_at(ret_error, d, len, off, diag, "malformed attribute value");
	/* a malformed PA-TNC Error is never answered with another error */
	if (ret_error && a->vendor == SMGW_TNC_VENDOR_IETF && a->type == SMGW_PA_ATTR_PA_TNC_ERROR)
		ret_error->code = SMGW_PA_ERROR_RESERVED;
	return e;
}

static void fill_msg(const uint8_t *d, size_t len, uint32_t count, struct smgw_pa_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->data = d;
	m->len = len;
	m->version = d[0];
	m->msg_id = tnc_be32(d + 4);
	m->attr_count = count;
}

/* The header and the framing of every attribute; with @p check also the
 * support and value of each against @p reg. The first failure is answered. */
static int msg_walk(const void *data, size_t len, int check, const smgw_pa_registry *reg,
		    struct smgw_pa_msg *ret_msg, struct smgw_pa_error *ret_error, struct smgw_diag *diag)
{
	const uint8_t *d = data;
	size_t pos;
	uint32_t count = 0, alen = 0;
	int e;

	if ((!data && len) || !ret_msg)
		return SMGW_E_INVAL;
	e = header_check(d, len, ret_error, diag);
	for (pos = SMGW_PA_MSG_HEADER_LEN; e == 0 && pos < len; pos += alen, count++) {
		struct smgw_pa_attr a;

		e = attr_frame_check(d, len, pos, &alen, ret_error, diag);
		if (e || !check)
			continue;
		fill_attr(d, pos, alen, &a);
		e = attr_check(d, len, &a, reg, ret_error, diag);
	}
	if (e)
		return e;
	fill_msg(d, len, count, ret_msg);
	return 0;
}

SMGW_EXPORT int smgw_pa_msg_parse(const void *data, size_t len, struct smgw_pa_msg *ret_msg,
				  struct smgw_pa_error *ret_error, struct smgw_diag *diag)
{
	return msg_walk(data, len, 0, NULL, ret_msg, ret_error, diag);
}

SMGW_EXPORT int smgw_pa_msg_check(const void *data, size_t len, const smgw_pa_registry *reg,
				  struct smgw_pa_msg *ret_msg, struct smgw_pa_error *ret_error,
				  struct smgw_diag *diag)
{
	return msg_walk(data, len, 1, reg, ret_msg, ret_error, diag);
}

SMGW_EXPORT int smgw_pa_attr_next(const struct smgw_pa_msg *msg, size_t *pos,
				  struct smgw_pa_attr *ret_attr)
{
	size_t p;
	uint32_t alen;
	const uint8_t *a;

	if (!msg || !pos || !ret_attr || !msg->data || msg->len < SMGW_PA_MSG_HEADER_LEN)
		return SMGW_E_INVAL;
	p = *pos ? *pos : SMGW_PA_MSG_HEADER_LEN;
	if (p >= msg->len)
		return 0;
	if (p < SMGW_PA_MSG_HEADER_LEN || msg->len - p < SMGW_PA_ATTR_HEADER_LEN)
		return SMGW_E_INVAL;
	a = msg->data + p;
	alen = tnc_be32(a + 8);
	if (alen < SMGW_PA_ATTR_HEADER_LEN || alen > msg->len - p)
		return SMGW_E_INVAL;
	memset(ret_attr, 0, sizeof(*ret_attr));
	ret_attr->flags = a[0];
	ret_attr->vendor = tnc_be24(a + 1);
	ret_attr->type = tnc_be32(a + 4);
	ret_attr->offset = (uint32_t)p;
	ret_attr->value = a + SMGW_PA_ATTR_HEADER_LEN;
	ret_attr->value_len = alen - SMGW_PA_ATTR_HEADER_LEN;
	*pos = p + alen;
	return 1;
}

SMGW_EXPORT int smgw_pa_msg_validate(const struct smgw_pa_msg *msg, const smgw_pa_registry *reg,
				     struct smgw_pa_error *ret_error, struct smgw_diag *diag)
{
	struct smgw_pa_attr a;
	size_t pos = 0;
	int r, e;

	if (!msg || !msg->data)
		return SMGW_E_INVAL;
	/* attribute after attribute; the first failure is answered (as
	 * strongSwan does). Nothing of the message may be used unless all pass. */
	while ((r = smgw_pa_attr_next(msg, &pos, &a)) == 1) {
		e = attr_check(msg->data, msg->len, &a, reg, ret_error, diag);
		if (e)
			return e;
	}
	return r;
}

SMGW_EXPORT int smgw_pa_msg_has_error(const struct smgw_pa_msg *msg)
{
	struct smgw_pa_attr a;
	size_t pos = 0;

	if (!msg || !msg->data)
		return 0;
	while (smgw_pa_attr_next(msg, &pos, &a) == 1)
		if (a.vendor == SMGW_TNC_VENDOR_IETF && a.type == SMGW_PA_ATTR_PA_TNC_ERROR)
			return 1;
	return 0;
}

SMGW_EXPORT const char *smgw_pa_attr_name(uint32_t vendor, uint32_t type)
{
	static const char *const names[] = {
		"Testing", "Attribute Request", "Product Information", "Numeric Version",
		"String Version", "Operational Status", "Port Filter", "Installed Packages",
		"PA-TNC Error", "Assessment Result", "Remediation Instructions",
		"Forwarding Enabled", "Factory Default Password Enabled", "SWIMA Request",
		"Software Identifier Inventory", "Software Identifier Events",
		"Software Inventory", "Software Events", "Subscription Status Request",
		"Subscription Status Response", "Source Metadata Request",
		"Source Metadata Response",
	};

	if (vendor == SMGW_TNC_VENDOR_IETF && type < sizeof(names) / sizeof(names[0]))
		return names[type];
	return "unknown";
}

/* ------------------------------------------------------------------ */
/* Encoding of the framing                                              */
/* ------------------------------------------------------------------ */

SMGW_EXPORT void smgw_pa_msg_begin(struct smgw_writer *w, uint32_t msg_id)
{
	if (!w)
		return;
	smgw_writer_u8(w, SMGW_PA_VERSION);
	smgw_writer_fill(w, 0, 3);
	smgw_writer_be32(w, msg_id);
}

SMGW_EXPORT size_t smgw_pa_attr_begin(struct smgw_writer *w, uint8_t flags, uint32_t vendor,
				      uint32_t type)
{
	return tnc_tlv_begin(w, flags, vendor, type);
}

SMGW_EXPORT int smgw_pa_attr_end(struct smgw_writer *w, size_t mark)
{
	return tnc_tlv_end(w, mark);
}

SMGW_EXPORT int smgw_pa_encode_attr(struct smgw_writer *w, uint8_t flags, uint32_t vendor,
				    uint32_t type, const void *value, size_t len)
{
	return tnc_tlv_encode(w, flags, vendor, type, value, len);
}

SMGW_EXPORT int smgw_pa_encode_error(struct smgw_writer *w, const struct smgw_pa_error *e)
{
	size_t mark;

	if (!w)
		return SMGW_E_INVAL;
	if (!e || e->vendor >= SMGW_TNC_VENDOR_RESERVED || (!e->info && e->info_len) ||
	    (e->vendor == SMGW_TNC_VENDOR_IETF && e->code == SMGW_PA_ERROR_RESERVED))
		return tnc_writer_fail(w, SMGW_E_INVAL);
	mark = smgw_pa_attr_begin(w, 0, SMGW_TNC_VENDOR_IETF, SMGW_PA_ATTR_PA_TNC_ERROR);
	smgw_writer_u8(w, 0);
	smgw_writer_be(w, 3, e->vendor);
	smgw_writer_be32(w, e->code);
	if (e->vendor == SMGW_TNC_VENDOR_IETF && e->code >= SMGW_PA_ERROR_INVALID_PARAMETER &&
	    e->code <= SMGW_PA_ERROR_ATTR_TYPE_NOT_SUPPORTED) {
		smgw_writer_bytes(w, e->msg_header, 8);
		switch (e->code) {
		case SMGW_PA_ERROR_INVALID_PARAMETER:
			smgw_writer_be32(w, e->offset);
			break;
		case SMGW_PA_ERROR_VERSION_NOT_SUPPORTED:
			smgw_writer_u8(w, e->max_version);
			smgw_writer_u8(w, e->min_version);
			smgw_writer_be16(w, 0);
			break;
		default:
			smgw_writer_u8(w, e->attr_flags);
			smgw_writer_be(w, 3, e->attr_vendor);
			smgw_writer_be32(w, e->attr_type);
			break;
		}
	} else {
		smgw_writer_bytes(w, e->info, e->info_len);
	}
	return smgw_pa_attr_end(w, mark);
}

SMGW_EXPORT int smgw_pa_encode_error_msg(struct smgw_writer *w, uint32_t msg_id,
					 const struct smgw_pa_error *e)
{
	if (!w)
		return SMGW_E_INVAL;
	smgw_pa_msg_begin(w, msg_id);
	return smgw_pa_encode_error(w, e);
}
