/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SWIMA attributes (RFC 8412): 13 SWIMA Request, 14 Software Identifier
 * Inventory, 15 Software Identifier Events, 16 Software Inventory,
 * 17 Software Events.
 */
#include <string.h>

#include <smgw/tnc/pa.h>

#include "pa-private.h"
#include "tnc-wire.h"

#define SWIMA_REQ_HDR 12u
#define SWIMA_INV_HDR 16u
#define SWIMA_EV_HDR 20u
#define SWIMA_TIMESTAMP 20u

static int bad(struct smgw_diag *diag, size_t off, const char *what)
{
	return smgw_diag_set(diag, SMGW_E_TNC_PA_INVALID, off, "SWIMA attribute: %s (value offset %zu)",
			     what, off);
}

static int is_swima(const struct smgw_pa_attr *a)
{
	return a && a->vendor == SMGW_TNC_VENDOR_IETF && (a->value || !a->value_len) &&
	       a->type >= SMGW_PA_ATTR_SW_ID_INVENTORY && a->type <= SMGW_PA_ATTR_SW_EVENTS;
}

static int is_events(uint32_t type)
{
	return type == SMGW_PA_ATTR_SW_ID_EVENTS || type == SMGW_PA_ATTR_SW_EVENTS;
}

static int has_record(uint32_t type)
{
	return type == SMGW_PA_ATTR_SW_INVENTORY || type == SMGW_PA_ATTR_SW_EVENTS;
}

/* ---- 13 SWIMA Request ---- */

SMGW_EXPORT int smgw_pa_decode_swima_request(const struct smgw_pa_attr *a,
					     struct smgw_pa_swima_request *ret,
					     struct smgw_diag *diag)
{
	struct smgw_pa_swima_request r;
	size_t pos = SWIMA_REQ_HDR, i;

	if (!a || !ret || a->vendor != SMGW_TNC_VENDOR_IETF || a->type != SMGW_PA_ATTR_SWIMA_REQUEST ||
	    (!a->value && a->value_len))
		return SMGW_E_INVAL;
	if (a->value_len < SWIMA_REQ_HDR)
		return bad(diag, 0, "SWIMA Request header truncated");
	memset(&r, 0, sizeof(r));
	r.flags = a->value[0];
	r.count = tnc_be24(a->value + 1);
	r.request_id = tnc_be32(a->value + 4);
	r.earliest_eid = tnc_be32(a->value + 8);
	for (i = 0; i < r.count; i++) {
		size_t l;

		if (a->value_len - pos < 2)
			return bad(diag, pos, "fewer Software Identifiers than the count");
		l = tnc_be16(a->value + pos);
		if (l > a->value_len - pos - 2)
			return bad(diag, pos, "Software Identifier length beyond the value");
		pos += 2 + l;
	}
	if (pos != a->value_len)
		return bad(diag, pos, "bytes after the last Software Identifier");
	*ret = r;
	return 0;
}

SMGW_EXPORT int smgw_pa_swima_request_next(const struct smgw_pa_attr *a, size_t *pos,
					   const uint8_t **ret_id, size_t *ret_len)
{
	size_t p, l;

	if (!a || !pos || !ret_id || !ret_len || a->type != SMGW_PA_ATTR_SWIMA_REQUEST ||
	    a->value_len < SWIMA_REQ_HDR || !a->value)
		return SMGW_E_INVAL;
	p = *pos ? *pos : SWIMA_REQ_HDR;
	if (p >= a->value_len)
		return 0;
	if (a->value_len - p < 2)
		return SMGW_E_TNC_PA_INVALID;
	l = tnc_be16(a->value + p);
	if (l > a->value_len - p - 2)
		return SMGW_E_TNC_PA_INVALID;
	*ret_id = a->value + p + 2;
	*ret_len = l;
	*pos = p + 2 + l;
	return 1;
}

SMGW_EXPORT int smgw_pa_encode_swima_request(struct smgw_writer *w, uint8_t flags,
					     const struct smgw_pa_swima_request *req,
					     const uint8_t *const *ids, const size_t *id_lens,
					     size_t n)
{
	size_t mark, i;

	if (!w)
		return SMGW_E_INVAL;
	if (!req || (n && (!ids || !id_lens)))
		return tnc_writer_fail(w, SMGW_E_INVAL);
	if (n > 0xFFFFFF)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	for (i = 0; i < n; i++) {
		if (id_lens[i] > 0xFFFF)
			return tnc_writer_fail(w, SMGW_E_RANGE);
		if (!ids[i] && id_lens[i])
			return tnc_writer_fail(w, SMGW_E_INVAL);
	}
	mark = smgw_pa_attr_begin(w, flags, SMGW_TNC_VENDOR_IETF, SMGW_PA_ATTR_SWIMA_REQUEST);
	smgw_writer_u8(w, req->flags);
	smgw_writer_be(w, 3, n);
	smgw_writer_be32(w, req->request_id);
	smgw_writer_be32(w, req->earliest_eid);
	for (i = 0; i < n; i++) {
		smgw_writer_be16(w, (uint16_t)id_lens[i]);
		smgw_writer_bytes(w, ids[i], id_lens[i]);
	}
	return smgw_pa_attr_end(w, mark);
}

/* ---- 14-17 inventories and events ---- */

/* Reads one record or event at *pos. Returns 0 and advances, or
 * SMGW_E_TNC_PA_INVALID with *ret_bad = offset of the bad field. */
static int read_record(const uint8_t *v, size_t len, uint32_t type, size_t *pos,
		       struct smgw_pa_swima_record *ret, size_t *ret_bad, const char **ret_what)
{
	size_t p = *pos, l;
	struct smgw_pa_swima_record r;

	memset(&r, 0, sizeof(r));
	if (is_events(type)) {
		if (len - p < 4 + SWIMA_TIMESTAMP) {
			*ret_bad = p;
			*ret_what = "event truncated";
			return SMGW_E_TNC_PA_INVALID;
		}
		r.eid = tnc_be32(v + p);
		/* RFC 8412 section 5.16: an RFC 3339 date-time in UTC,
		 * "YYYY-MM-DDTHH:MM:SSZ"; the offset is that of the field */
		if (smgw__pa_check_rfc3339(v + p + 4) >= 0) {
			*ret_bad = p + 4;
			*ret_what = "event timestamp is not YYYY-MM-DDTHH:MM:SSZ";
			return SMGW_E_TNC_PA_INVALID;
		}
		memcpy(r.timestamp, v + p + 4, SWIMA_TIMESTAMP);
		p += 4 + SWIMA_TIMESTAMP;
	}
	if (len - p < 12) {
		*ret_bad = p;
		*ret_what = "software record truncated";
		return SMGW_E_TNC_PA_INVALID;
	}
	r.record_id = tnc_be32(v + p);
	r.data_model_pen = tnc_be24(v + p + 4);
	r.data_model_type = v[p + 7];
	r.source_id = v[p + 8];
	if (is_events(type)) {
		r.action = v[p + 9];
		if (r.action < SMGW_PA_SWIMA_ACTION_CREATION || r.action > SMGW_PA_SWIMA_ACTION_ALTERATION) {
			*ret_bad = p + 9;
			*ret_what = "unknown event action";
			return SMGW_E_TNC_PA_INVALID;
		}
	}
	l = tnc_be16(v + p + 10);
	if (l > len - p - 12) {
		*ret_bad = p + 10;
		*ret_what = "Software Identifier length beyond the value";
		return SMGW_E_TNC_PA_INVALID;
	}
	r.sw_id = v + p + 12;
	r.sw_id_len = l;
	p += 12 + l;
	if (len - p < 2) {
		*ret_bad = p;
		*ret_what = "Software Locator Length missing";
		return SMGW_E_TNC_PA_INVALID;
	}
	l = tnc_be16(v + p);
	if (l > len - p - 2) {
		*ret_bad = p;
		*ret_what = "Software Locator length beyond the value";
		return SMGW_E_TNC_PA_INVALID;
	}
	r.locator = v + p + 2;
	r.locator_len = l;
	p += 2 + l;
	if (has_record(type)) {
		uint32_t rl;

		if (len - p < 4) {
			*ret_bad = p;
			*ret_what = "Record Length missing";
			return SMGW_E_TNC_PA_INVALID;
		}
		rl = tnc_be32(v + p);
		if (rl > len - p - 4) {
			*ret_bad = p;
			*ret_what = "Record length beyond the value";
			return SMGW_E_TNC_PA_INVALID;
		}
		r.record = v + p + 4;
		r.record_len = rl;
		p += 4 + rl;
	}
	*ret = r;
	*pos = p;
	return 0;
}

SMGW_EXPORT int smgw_pa_decode_swima_inventory(const struct smgw_pa_attr *a,
					       struct smgw_pa_swima_inventory *ret,
					       struct smgw_diag *diag)
{
	struct smgw_pa_swima_inventory h;
	struct smgw_pa_swima_record r;
	size_t hdr, pos, i, badp = 0;
	const char *what = NULL;

	if (!is_swima(a) || !ret)
		return SMGW_E_INVAL;
	hdr = is_events(a->type) ? SWIMA_EV_HDR : SWIMA_INV_HDR;
	if (a->value_len < hdr)
		return bad(diag, 0, "SWIMA header truncated");
	memset(&h, 0, sizeof(h));
	h.flags = a->value[0];
	h.count = tnc_be24(a->value + 1);
	h.request_id = tnc_be32(a->value + 4);
	h.eid_epoch = tnc_be32(a->value + 8);
	h.last_eid = tnc_be32(a->value + 12);
	if (is_events(a->type))
		h.last_consulted_eid = tnc_be32(a->value + 16);
	pos = hdr;
	for (i = 0; i < h.count; i++) {
		if (pos >= a->value_len)
			return bad(diag, pos, "fewer records than the count");
		if (read_record(a->value, a->value_len, a->type, &pos, &r, &badp, &what))
			return bad(diag, badp, what);
	}
	if (pos != a->value_len)
		return bad(diag, pos, "bytes after the last record");
	*ret = h;
	return 0;
}

SMGW_EXPORT int smgw_pa_swima_record_next(const struct smgw_pa_attr *a, size_t *pos,
					  struct smgw_pa_swima_record *ret)
{
	size_t p, badp;
	const char *what;

	if (!is_swima(a) || !pos || !ret)
		return SMGW_E_INVAL;
	p = *pos ? *pos : (is_events(a->type) ? SWIMA_EV_HDR : SWIMA_INV_HDR);
	if (p >= a->value_len)
		return 0;
	if (read_record(a->value, a->value_len, a->type, &p, ret, &badp, &what))
		return SMGW_E_TNC_PA_INVALID;
	*pos = p;
	return 1;
}

SMGW_EXPORT int smgw_pa_encode_swima_inventory(struct smgw_writer *w, uint8_t flags,
					       uint32_t type,
					       const struct smgw_pa_swima_inventory *hdr,
					       const struct smgw_pa_swima_record *recs, size_t n)
{
	size_t mark, i;

	if (!w)
		return SMGW_E_INVAL;
	if (!hdr || (n && !recs) || type < SMGW_PA_ATTR_SW_ID_INVENTORY || type > SMGW_PA_ATTR_SW_EVENTS)
		return tnc_writer_fail(w, SMGW_E_INVAL);
	if (n > 0xFFFFFF)
		return tnc_writer_fail(w, SMGW_E_RANGE);
	for (i = 0; i < n; i++) {
		const struct smgw_pa_swima_record *r = &recs[i];

		if (r->sw_id_len > 0xFFFF || r->locator_len > 0xFFFF || r->record_len > UINT32_MAX)
			return tnc_writer_fail(w, SMGW_E_RANGE);
		if ((!r->sw_id && r->sw_id_len) || (!r->locator && r->locator_len) ||
		    (!r->record && r->record_len) || r->data_model_pen >= SMGW_TNC_VENDOR_RESERVED)
			return tnc_writer_fail(w, SMGW_E_INVAL);
		if (is_events(type) &&
		    (r->action < SMGW_PA_SWIMA_ACTION_CREATION || r->action > SMGW_PA_SWIMA_ACTION_ALTERATION ||
		     memchr(r->timestamp, '\0', sizeof(r->timestamp)) != r->timestamp + SWIMA_TIMESTAMP ||
		     smgw__pa_check_rfc3339((const uint8_t *)r->timestamp) >= 0))
			return tnc_writer_fail(w, SMGW_E_INVAL);
	}
	mark = smgw_pa_attr_begin(w, flags, SMGW_TNC_VENDOR_IETF, type);
	smgw_writer_u8(w, hdr->flags);
	smgw_writer_be(w, 3, n);
	smgw_writer_be32(w, hdr->request_id);
	smgw_writer_be32(w, hdr->eid_epoch);
	smgw_writer_be32(w, hdr->last_eid);
	if (is_events(type))
		smgw_writer_be32(w, hdr->last_consulted_eid);
	for (i = 0; i < n; i++) {
		const struct smgw_pa_swima_record *r = &recs[i];

		if (is_events(type)) {
			smgw_writer_be32(w, r->eid);
			smgw_writer_bytes(w, r->timestamp, SWIMA_TIMESTAMP);
		}
		smgw_writer_be32(w, r->record_id);
		smgw_writer_be(w, 3, r->data_model_pen);
		smgw_writer_u8(w, r->data_model_type);
		smgw_writer_u8(w, r->source_id);
		smgw_writer_u8(w, is_events(type) ? r->action : 0);
		smgw_writer_be16(w, (uint16_t)r->sw_id_len);
		smgw_writer_bytes(w, r->sw_id, r->sw_id_len);
		smgw_writer_be16(w, (uint16_t)r->locator_len);
		smgw_writer_bytes(w, r->locator, r->locator_len);
		if (has_record(type)) {
			smgw_writer_be32(w, (uint32_t)r->record_len);
			smgw_writer_bytes(w, r->record, r->record_len);
		}
	}
	return smgw_pa_attr_end(w, mark);
}
