/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PB-TNC (RFC 5793) batch and message codec.
 */
#include <string.h>

#include <smgw/tnc/pb.h>

#include "pb-private.h"
#include "../pa/pa-private.h"
#include "../pa/tnc-wire.h"

_Static_assert(SMGW_PB_MSG_HEADER_LEN == TNC_TLV_HEADER_LEN, "PB-TNC message header");

void smgw__pb_error_init(struct smgw_pb_error *e, uint16_t code, uint32_t offset)
{
	memset(e, 0, sizeof(*e));
	e->vendor = SMGW_TNC_VENDOR_IETF;
	e->code = code;
	e->flags = SMGW_PB_ERROR_FATAL;
	e->offset = offset;
}

int smgw__pb_fail(struct smgw_pb_error *ret_error, int err, uint16_t code, uint32_t offset,
		  struct smgw_diag *diag, const char *what)
{
	if (ret_error)
		smgw__pb_error_init(ret_error, code, offset);
	return smgw_diag_set(diag, err, offset, "PB-TNC: %s (offset %u)", what, (unsigned)offset);
}

static int invalid(struct smgw_pb_error *ret_error, uint32_t offset, struct smgw_diag *diag,
		   const char *what)
{
	return smgw__pb_fail(ret_error, SMGW_E_TNC_PB_INVALID, SMGW_PB_ERROR_INVALID_PARAMETER, offset,
			     diag, what);
}

int smgw__pb_header_check(const uint8_t *d, size_t len, int expect_server, uint8_t *ret_type,
			  struct smgw_pb_error *ret_error, struct smgw_diag *diag)
{
	uint8_t type;

	if (len < SMGW_PB_BATCH_HEADER_LEN)
		return invalid(ret_error, 0, diag, "batch shorter than its header");
	if (d[0] != SMGW_PB_VERSION) {
		if (ret_error) {
			smgw__pb_error_init(ret_error, SMGW_PB_ERROR_VERSION_NOT_SUPPORTED, 0);
			ret_error->bad_version = d[0];
			ret_error->max_version = SMGW_PB_VERSION;
			ret_error->min_version = SMGW_PB_VERSION;
		}
		return smgw_diag_set(diag, SMGW_E_TNC_PB_VERSION, 0, "PB-TNC: version %u not supported",
				     d[0]);
	}
	if (expect_server >= 0 && !!(d[1] & SMGW_PB_BATCH_DIR_SERVER) != !!expect_server)
		return invalid(ret_error, 1, diag, "wrong direction bit");
	type = d[3] & 0x0F;
	if (type < SMGW_PB_BATCH_CDATA || type > SMGW_PB_BATCH_CLOSE)
		return invalid(ret_error, 3, diag, "unknown batch type");
	*ret_type = type;
	return 0;
}

int smgw__pb_length_check(const uint8_t *d, size_t len, struct smgw_pb_error *ret_error,
			  struct smgw_diag *diag)
{
	if (tnc_be32(d + 4) != len)
		return invalid(ret_error, 4, diag, "batch length differs from the bytes received");
	return 0;
}

int smgw__pb_msg_frame_check(const uint8_t *d, size_t len, size_t pos, uint32_t *ret_len,
			     struct smgw_pb_error *ret_error, struct smgw_diag *diag)
{
	uint32_t mlen;

	/* the order of strongSwan's pb_tnc_batch.c, which the offsets follow */
	if (len - pos < SMGW_PB_MSG_HEADER_LEN)
		return invalid(ret_error, (uint32_t)pos, diag, "message header truncated");
	mlen = tnc_be32(d + pos + 8);
	if (mlen > len - pos)
		return invalid(ret_error, (uint32_t)(pos + 8), diag, "message length beyond the batch");
	if (tnc_be24(d + pos + 1) == SMGW_TNC_VENDOR_RESERVED)
		return invalid(ret_error, (uint32_t)(pos + 1), diag, "reserved message vendor");
	if (tnc_be32(d + pos + 4) == SMGW_TNC_TYPE_RESERVED)
		return invalid(ret_error, (uint32_t)(pos + 4), diag, "reserved message type");
	if (mlen < SMGW_PB_MSG_HEADER_LEN)
		return invalid(ret_error, (uint32_t)(pos + 8), diag, "message length below 12");
	*ret_len = mlen;
	return 0;
}

static int batch_parse(const void *data, size_t len, struct smgw_pb_batch *ret,
		       struct smgw_pb_error *ret_error, struct smgw_diag *diag)
{
	const uint8_t *d = data;
	uint32_t count = 0, mlen;
	size_t pos;
	uint8_t type;
	int e;

	if ((!data && len) || !ret)
		return SMGW_E_INVAL;
	e = smgw__pb_header_check(d, len, -1, &type, ret_error, diag);
	if (e == 0)
		e = smgw__pb_length_check(d, len, ret_error, diag);
	for (pos = SMGW_PB_BATCH_HEADER_LEN; e == 0 && pos < len; pos += mlen, count++)
		e = smgw__pb_msg_frame_check(d, len, pos, &mlen, ret_error, diag);
	if (e)
		return e;
	memset(ret, 0, sizeof(*ret));
	ret->data = d;
	ret->len = len;
	ret->msg_count = count;
	ret->version = d[0];
	ret->server = (d[1] & SMGW_PB_BATCH_DIR_SERVER) ? 1 : 0;
	ret->type = type;
	return 0;
}

SMGW_EXPORT int smgw_pb_batch_parse(const void *data, size_t len, struct smgw_pb_batch *ret_batch,
				    struct smgw_pb_error *ret_error, struct smgw_diag *diag)
{
	return batch_parse(data, len, ret_batch, ret_error, diag);
}

SMGW_EXPORT int smgw_pb_msg_next(const struct smgw_pb_batch *batch, size_t *pos,
				 struct smgw_pb_msg *ret_msg)
{
	const uint8_t *m;
	size_t p;
	uint32_t mlen;

	if (!batch || !pos || !ret_msg || !batch->data || batch->len < SMGW_PB_BATCH_HEADER_LEN)
		return SMGW_E_INVAL;
	p = *pos ? *pos : SMGW_PB_BATCH_HEADER_LEN;
	if (p >= batch->len)
		return 0;
	if (p < SMGW_PB_BATCH_HEADER_LEN || batch->len - p < SMGW_PB_MSG_HEADER_LEN)
		return SMGW_E_INVAL;
	m = batch->data + p;
	mlen = tnc_be32(m + 8);
	if (mlen < SMGW_PB_MSG_HEADER_LEN || mlen > batch->len - p)
		return SMGW_E_INVAL;
	memset(ret_msg, 0, sizeof(*ret_msg));
	ret_msg->flags = m[0];
	ret_msg->vendor = tnc_be24(m + 1);
	ret_msg->type = tnc_be32(m + 4);
	ret_msg->offset = (uint32_t)p;
	ret_msg->value = m + SMGW_PB_MSG_HEADER_LEN;
	ret_msg->value_len = mlen - SMGW_PB_MSG_HEADER_LEN;
	*pos = p + mlen;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Message value decoders                                               */
/* ------------------------------------------------------------------ */

static int vbad(struct smgw_diag *diag, size_t off, const char *what)
{
	return smgw_diag_set(diag, SMGW_E_TNC_PB_INVALID, off, "PB-TNC message: %s (value offset %zu)",
			     what, off);
}

static int is_ietf(const struct smgw_pb_msg *m, uint32_t type)
{
	return m && m->vendor == SMGW_TNC_VENDOR_IETF && m->type == type && (m->value || !m->value_len);
}

SMGW_EXPORT int smgw_pb_decode_pa(const struct smgw_pb_msg *m, struct smgw_pb_pa *ret,
				  struct smgw_diag *diag)
{
	const uint8_t *v;

	if (!is_ietf(m, SMGW_PB_MSG_PA) || !ret)
		return SMGW_E_INVAL;
	v = m->value;
	if (m->value_len < SMGW_PB_PA_HEADER_LEN)
		return vbad(diag, 0, "PB-PA header truncated");
	if (tnc_be24(v + 1) == SMGW_TNC_VENDOR_RESERVED)
		return vbad(diag, 1, "reserved PA Message Vendor ID");
	if (tnc_be32(v + 4) == SMGW_TNC_TYPE_RESERVED)
		return vbad(diag, 4, "reserved PA Subtype");
	memset(ret, 0, sizeof(*ret));
	ret->flags = v[0];
	ret->vendor = tnc_be24(v + 1);
	ret->subtype = tnc_be32(v + 4);
	ret->collector = (uint16_t)tnc_be16(v + 8);
	ret->validator = (uint16_t)tnc_be16(v + 10);
	ret->body = v + SMGW_PB_PA_HEADER_LEN;
	ret->body_len = m->value_len - SMGW_PB_PA_HEADER_LEN;
	return 0;
}

SMGW_EXPORT int smgw_pb_decode_assessment_result(const struct smgw_pb_msg *m, uint32_t *ret,
						 struct smgw_diag *diag)
{
	uint32_t v;

	if (!is_ietf(m, SMGW_PB_MSG_ASSESSMENT_RESULT) || !ret)
		return SMGW_E_INVAL;
	if (m->value_len != 4)
		return vbad(diag, 0, "PB-Assessment-Result is not 16 bytes");
	v = tnc_be32(m->value);
	if (v > SMGW_PA_ASSESSMENT_DONT_KNOW)
		return vbad(diag, 0, "unknown assessment result");
	*ret = v;
	return 0;
}

SMGW_EXPORT int smgw_pb_decode_access_recommendation(const struct smgw_pb_msg *m, uint16_t *ret,
						     struct smgw_diag *diag)
{
	uint32_t v;

	if (!is_ietf(m, SMGW_PB_MSG_ACCESS_RECOMMENDATION) || !ret)
		return SMGW_E_INVAL;
	if (m->value_len != 4)
		return vbad(diag, 0, "PB-Access-Recommendation is not 16 bytes");
	v = tnc_be16(m->value + 2);
	if (v < SMGW_PB_ACCESS_ALLOWED || v > SMGW_PB_ACCESS_QUARANTINED)
		return vbad(diag, 2, "unknown access recommendation");
	*ret = (uint16_t)v;
	return 0;
}

SMGW_EXPORT int smgw_pb_decode_remediation(const struct smgw_pb_msg *m,
					   struct smgw_tnc_remediation *ret, struct smgw_diag *diag)
{
	size_t off = 0;
	const char *what;

	if (!is_ietf(m, SMGW_PB_MSG_REMEDIATION_PARAMETERS) || !ret)
		return SMGW_E_INVAL;
	if (smgw__tnc_remediation_decode(m->value, m->value_len, ret, &off, &what))
		return vbad(diag, off, what);
	return 0;
}

SMGW_EXPORT int smgw_pb_decode_error(const struct smgw_pb_msg *m, struct smgw_pb_error *ret,
				     struct smgw_diag *diag)
{
	struct smgw_pb_error e;
	const uint8_t *v;

	if (!is_ietf(m, SMGW_PB_MSG_ERROR) || !ret)
		return SMGW_E_INVAL;
	v = m->value;
	if (m->value_len < 8)
		return vbad(diag, 0, "PB-Error shorter than 20 bytes");
	memset(&e, 0, sizeof(e));
	e.flags = v[0];
	e.vendor = tnc_be24(v + 1);
	e.code = (uint16_t)tnc_be16(v + 4);
	e.params = v + 8;
	e.params_len = m->value_len - 8;
	if (e.vendor == SMGW_TNC_VENDOR_RESERVED)
		return vbad(diag, 1, "reserved Error Code Vendor ID");
	/* IETF parameters are read when present; a received error without them
	 * is accepted (strongSwan does the same) */
	if (e.vendor == SMGW_TNC_VENDOR_IETF && e.params_len >= 4) {
		if (e.code == SMGW_PB_ERROR_VERSION_NOT_SUPPORTED) {
			e.bad_version = e.params[0];
			e.max_version = e.params[1];
			e.min_version = e.params[2];
		} else {
			e.offset = tnc_be32(e.params);
		}
	}
	*ret = e;
	return 0;
}

static const char lang_prefix[] = "Accept-Language:";

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

SMGW_EXPORT int smgw_pb_decode_language_preference(const struct smgw_pb_msg *m,
						   const char **ret_ranges, size_t *ret_len,
						   struct smgw_diag *diag)
{
	size_t i, pl = sizeof(lang_prefix) - 1;

	if (!is_ietf(m, SMGW_PB_MSG_LANGUAGE_PREFERENCE) || !ret_ranges || !ret_len)
		return SMGW_E_INVAL;
	if (m->value_len < pl)
		return vbad(diag, 0, "PB-Language-Preference without \"Accept-Language:\"");
	for (i = 0; i < pl; i++)
		if (ascii_lower(m->value[i]) != ascii_lower((unsigned char)lang_prefix[i]))
			return vbad(diag, i, "PB-Language-Preference without \"Accept-Language:\"");
	for (i = pl; i < m->value_len; i++)
		if (m->value[i] < 0x20 || m->value[i] > 0x7e)
			return vbad(diag, i, "PB-Language-Preference is not printable US-ASCII");
	i = pl;
	while (i < m->value_len && (m->value[i] == ' ' || m->value[i] == '\t'))
		i++;
	*ret_ranges = (const char *)m->value + i;
	*ret_len = m->value_len - i;
	return 0;
}

SMGW_EXPORT int smgw_pb_decode_reason_string(const struct smgw_pb_msg *m,
					     struct smgw_pb_reason *ret, struct smgw_diag *diag)
{
	uint32_t rl;
	size_t ll;

	if (!is_ietf(m, SMGW_PB_MSG_REASON_STRING) || !ret)
		return SMGW_E_INVAL;
	if (m->value_len < 5)
		return vbad(diag, 0, "PB-Reason-String shorter than 17 bytes");
	rl = tnc_be32(m->value);
	if (rl > m->value_len - 5)
		return vbad(diag, 0, "reason string length beyond the message");
	ll = m->value[4 + rl];
	if (ll != m->value_len - 5 - rl)
		return vbad(diag, 4 + (size_t)rl, "language code length does not fit the message");
	ret->reason = (const char *)m->value + 4;
	ret->reason_len = rl;
	ret->lang = (const char *)m->value + 5 + rl;
	ret->lang_len = ll;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Encoders                                                             */
/* ------------------------------------------------------------------ */

SMGW_EXPORT size_t smgw_pb_batch_begin(struct smgw_writer *w, int server, uint8_t type)
{
	size_t mark;

	if (!w)
		return 0;
	mark = w->pos;
	if (type < SMGW_PB_BATCH_CDATA || type > SMGW_PB_BATCH_CLOSE)
		tnc_writer_fail(w, SMGW_E_INVAL);
	smgw_writer_u8(w, SMGW_PB_VERSION);
	smgw_writer_u8(w, server ? SMGW_PB_BATCH_DIR_SERVER : 0);
	smgw_writer_u8(w, 0);
	smgw_writer_u8(w, type & 0x0F);
	smgw_writer_be32(w, 0);
	return mark;
}

SMGW_EXPORT int smgw_pb_batch_end(struct smgw_writer *w, size_t mark)
{
	if (!w)
		return SMGW_E_INVAL;
	if (w->err == SMGW_E_INVAL || w->err == SMGW_E_RANGE)
		return w->err;
	return tnc_patch_len(w, mark, SMGW_PB_BATCH_HEADER_LEN, 4);
}

SMGW_EXPORT size_t smgw_pb_msg_begin(struct smgw_writer *w, uint8_t flags, uint32_t vendor,
				     uint32_t type)
{
	return tnc_tlv_begin(w, flags, vendor, type);
}

SMGW_EXPORT int smgw_pb_msg_end(struct smgw_writer *w, size_t mark)
{
	return tnc_tlv_end(w, mark);
}

SMGW_EXPORT int smgw_pb_encode_msg(struct smgw_writer *w, uint8_t flags, uint32_t vendor,
				   uint32_t type, const void *value, size_t len)
{
	return tnc_tlv_encode(w, flags, vendor, type, value, len);
}

SMGW_EXPORT size_t smgw_pb_pa_begin(struct smgw_writer *w, const struct smgw_pb_pa *pa)
{
	size_t mark;

	if (!w)
		return 0;
	mark = smgw_pb_msg_begin(w, SMGW_PB_MSG_NOSKIP, SMGW_TNC_VENDOR_IETF, SMGW_PB_MSG_PA);
	if (!pa || pa->vendor >= SMGW_TNC_VENDOR_RESERVED || pa->subtype == SMGW_TNC_TYPE_RESERVED) {
		tnc_writer_fail(w, SMGW_E_INVAL);
		return mark;
	}
	smgw_writer_u8(w, pa->flags);
	smgw_writer_be(w, 3, pa->vendor);
	smgw_writer_be32(w, pa->subtype);
	smgw_writer_be16(w, pa->collector);
	smgw_writer_be16(w, pa->validator);
	return mark;
}

SMGW_EXPORT int smgw_pb_encode_pa(struct smgw_writer *w, const struct smgw_pb_pa *pa)
{
	size_t mark;

	if (!w)
		return SMGW_E_INVAL;
	if (!pa || (!pa->body && pa->body_len))
		return tnc_writer_fail(w, SMGW_E_INVAL);
	if (pa->body_len > UINT32_MAX - 24)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	mark = smgw_pb_pa_begin(w, pa);
	smgw_writer_bytes(w, pa->body, pa->body_len);
	return smgw_pb_msg_end(w, mark);
}

SMGW_EXPORT int smgw_pb_encode_assessment_result(struct smgw_writer *w, uint32_t result)
{
	size_t mark;

	if (!w)
		return SMGW_E_INVAL;
	if (result > SMGW_PA_ASSESSMENT_DONT_KNOW)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	mark = smgw_pb_msg_begin(w, SMGW_PB_MSG_NOSKIP, SMGW_TNC_VENDOR_IETF,
				 SMGW_PB_MSG_ASSESSMENT_RESULT);
	smgw_writer_be32(w, result);
	return smgw_pb_msg_end(w, mark);
}

SMGW_EXPORT int smgw_pb_encode_access_recommendation(struct smgw_writer *w, uint16_t code)
{
	size_t mark;

	if (!w)
		return SMGW_E_INVAL;
	if (code < SMGW_PB_ACCESS_ALLOWED || code > SMGW_PB_ACCESS_QUARANTINED)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	mark = smgw_pb_msg_begin(w, 0, SMGW_TNC_VENDOR_IETF, SMGW_PB_MSG_ACCESS_RECOMMENDATION);
	smgw_writer_be16(w, 0);
	smgw_writer_be16(w, code);
	return smgw_pb_msg_end(w, mark);
}

SMGW_EXPORT int smgw_pb_encode_remediation(struct smgw_writer *w,
					   const struct smgw_tnc_remediation *r)
{
	size_t mark;
	int e;

	if (!w)
		return SMGW_E_INVAL;
	mark = smgw_pb_msg_begin(w, 0, SMGW_TNC_VENDOR_IETF, SMGW_PB_MSG_REMEDIATION_PARAMETERS);
	e = smgw__tnc_remediation_write(w, r);
	if (e)
		return e;
	return smgw_pb_msg_end(w, mark);
}

SMGW_EXPORT int smgw_pb_encode_error(struct smgw_writer *w, const struct smgw_pb_error *e)
{
	size_t mark;

	if (!w)
		return SMGW_E_INVAL;
	if (!e || e->vendor >= SMGW_TNC_VENDOR_RESERVED || (!e->params && e->params_len))
		return tnc_writer_fail(w, SMGW_E_INVAL);
	mark = smgw_pb_msg_begin(w, SMGW_PB_MSG_NOSKIP, SMGW_TNC_VENDOR_IETF, SMGW_PB_MSG_ERROR);
	smgw_writer_u8(w, e->flags & SMGW_PB_ERROR_FATAL);
	smgw_writer_be(w, 3, e->vendor);
	smgw_writer_be16(w, e->code);
	smgw_writer_be16(w, 0);
	if (e->vendor == SMGW_TNC_VENDOR_IETF && e->code == SMGW_PB_ERROR_VERSION_NOT_SUPPORTED) {
		smgw_writer_u8(w, e->bad_version);
		smgw_writer_u8(w, e->max_version);
		smgw_writer_u8(w, e->min_version);
		smgw_writer_u8(w, 0);
	} else if (e->vendor == SMGW_TNC_VENDOR_IETF) {
		smgw_writer_be32(w, e->offset);
	} else {
		smgw_writer_bytes(w, e->params, e->params_len);
	}
	return smgw_pb_msg_end(w, mark);
}

SMGW_EXPORT int smgw_pb_encode_language_preference(struct smgw_writer *w, const char *ranges)
{
	size_t mark, i, n;

	if (!w)
		return SMGW_E_INVAL;
	if (!ranges)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	n = strlen(ranges);
	for (i = 0; i < n; i++)
		if ((unsigned char)ranges[i] < 0x20 || (unsigned char)ranges[i] > 0x7e)
			return tnc_writer_fail(w, SMGW_E_INVAL);
	if (n > UINT32_MAX - 64)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	mark = smgw_pb_msg_begin(w, 0, SMGW_TNC_VENDOR_IETF, SMGW_PB_MSG_LANGUAGE_PREFERENCE);
	smgw_writer_bytes(w, lang_prefix, sizeof(lang_prefix) - 1);
	smgw_writer_u8(w, ' ');
	smgw_writer_bytes(w, ranges, n);
	return smgw_pb_msg_end(w, mark);
}

SMGW_EXPORT int smgw_pb_encode_reason_string(struct smgw_writer *w,
					     const struct smgw_pb_reason *r)
{
	size_t mark;

	if (!w)
		return SMGW_E_INVAL;
	if (!r || (!r->reason && r->reason_len) || (!r->lang && r->lang_len))
		return tnc_writer_fail(w, SMGW_E_INVAL);
	if (r->lang_len > 255 || r->reason_len > UINT32_MAX - 512)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	mark = smgw_pb_msg_begin(w, 0, SMGW_TNC_VENDOR_IETF, SMGW_PB_MSG_REASON_STRING);
	smgw_writer_be32(w, (uint32_t)r->reason_len);
	smgw_writer_bytes(w, r->reason, r->reason_len);
	smgw_writer_u8(w, (uint8_t)r->lang_len);
	smgw_writer_bytes(w, r->lang, r->lang_len);
	return smgw_pb_msg_end(w, mark);
}

SMGW_EXPORT const char *smgw_pb_batch_type_name(uint32_t type)
{
	static const char *const names[] = { "invalid", "CDATA", "SDATA", "RESULT",
					     "CRETRY", "SRETRY", "CLOSE" };

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "invalid";
}

SMGW_EXPORT const char *smgw_pb_state_name(int state)
{
	static const char *const names[] = { "Init", "Server Working", "Client Working", "Decided",
					     "End" };

	return state >= 0 && state <= SMGW_PB_STATE_END ? names[state] : "invalid";
}
