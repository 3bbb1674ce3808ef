/* SPDX-License-Identifier: Apache-2.0 */
/* xDLMS data-notification and push-list values. */
#include <string.h>

#include <smgw/axdr.h>
#include <smgw/dlms.h>
#include <smgw/obis.h>

SMGW_EXPORT int smgw_dlms_notification_parse(const uint8_t *apdu, size_t len, struct smgw_dlms_notification *ret,
					     struct smgw_diag *diag)
{
	struct smgw_dlms_notification n;
	size_t pos = 5;

	if (!(apdu || len == 0) || !ret)
		return SMGW_E_INVAL;
	if (len < 1 || apdu[0] != SMGW_DLMS_DATA_NOTIFICATION)
		return smgw_diag_set(diag, len < 1 ? SMGW_E_TRUNCATED : SMGW_E_ENCODING, 0, "not a data-notification");
	if (len < 6)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, len, "data-notification cut off in its header");
	memset(&n, 0, sizeof(n));
	n.invoke_id = (uint32_t)apdu[1] << 24 | (uint32_t)apdu[2] << 16 | (uint32_t)apdu[3] << 8 | apdu[4];
	if (apdu[pos] == 0x00) {
		pos += 1;
	} else if (apdu[pos] == 0x0c) {
		if (len - pos < 13)
			return smgw_diag_set(diag, SMGW_E_TRUNCATED, pos, "date-time cut off");
		n.time = apdu + pos + 1;
		pos += 13;
	} else if (apdu[pos] == 0x09 && len - pos >= 2 && apdu[pos + 1] == 0x0c) {
		if (len - pos < 14)
			return smgw_diag_set(diag, SMGW_E_TRUNCATED, pos, "date-time cut off");
		n.time = apdu + pos + 2;
		pos += 14;
	} else {
		return smgw_diag_set(diag, SMGW_E_ENCODING, pos, "unknown date-time form 0x%02x", apdu[pos]);
	}
	n.has_time = n.time != NULL;
	if (pos >= len)
		return smgw_diag_set(diag, SMGW_E_TRUNCATED, pos, "data-notification without a body");
	n.body = apdu + pos;
	n.body_len = (uint32_t)(len - pos);
	*ret = n;
	return 0;
}

static int numeric(int tag)
{
	switch (tag) {
	case SMGW_AXDR_DOUBLE_LONG: case SMGW_AXDR_DOUBLE_LONG_UNSIGNED: case SMGW_AXDR_INTEGER: case SMGW_AXDR_LONG:
	case SMGW_AXDR_UNSIGNED: case SMGW_AXDR_LONG_UNSIGNED: case SMGW_AXDR_LONG64: case SMGW_AXDR_ENUM:
		return 1;
	default:
		return 0;
	}
}

SMGW_EXPORT int smgw_dlms_push_values(const uint8_t *body, size_t len, smgw_dlms_value_fn fn, void *userdata,
				      struct smgw_diag *diag)
{
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it;
	struct smgw_value v;
	struct smgw_obis obis;
	int have_obis = 0, first = 0, pending = 0, count = 0, e, r;

	if (!(body || len == 0) || !fn)
		return SMGW_E_INVAL;
	smgw_axdr_cursor_init(&c, body, len, 1);
	memset(&obis, 0, sizeof(obis));
	smgw_value_init(&v);
	while ((e = smgw_axdr_next(&c, &it)) == 1) {
		/* a scaler-unit structure right after a value completes it */
		if (it.tag == SMGW_AXDR_STRUCTURE && it.count == 2 && pending && c.pos + 4 <= len &&
		    body[c.pos] == SMGW_AXDR_INTEGER && body[c.pos + 2] == SMGW_AXDR_ENUM) {
			v.scaler = (int8_t)body[c.pos + 1];
			v.unit = body[c.pos + 3];
			v.flags |= SMGW_VALUE_HAS_UNIT;
			if ((e = smgw_axdr_skip(&c, &it)) < 0)
				break;
			continue;
		}
		if (pending) {
			pending = 0;
			if ((r = fn(userdata, &v)) != 0)
				return r;
			count++;
		}
		if (it.tag == SMGW_AXDR_NULL)
			continue;
		if (it.tag == SMGW_AXDR_ARRAY || it.tag == SMGW_AXDR_STRUCTURE) {
			first = it.tag == SMGW_AXDR_STRUCTURE;
			have_obis = 0;
			continue;
		}
		if (it.tag == SMGW_AXDR_OCTET_STRING && it.count == 6 && c.pos < len &&
		    (first || (body[c.pos] != SMGW_AXDR_STRUCTURE && body[c.pos] != SMGW_AXDR_ARRAY &&
			       !(body[c.pos] == SMGW_AXDR_OCTET_STRING && c.pos + 1 < len && body[c.pos + 1] == 6)))) {
			smgw_obis_from_bytes(it.data, &obis);
			have_obis = 1;
			first = 0;
			continue;
		}
		first = 0;
		if (have_obis && numeric(it.tag)) {
			smgw_value_init(&v);
			v.obis = obis;
			if (it.tag == SMGW_AXDR_LONG64_UNSIGNED && it.u > INT64_MAX)
				continue;
			v.value = it.i;
			pending = 1;
		}
		have_obis = 0;
	}
	if (e < 0)
		return smgw_diag_set(diag, e, c.pos, "A-XDR: %s", smgw_strerror(e));
	if (pending) {
		if ((r = fn(userdata, &v)) != 0)
			return r;
		count++;
	}
	return count;
}
