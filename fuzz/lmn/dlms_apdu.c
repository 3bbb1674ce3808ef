/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DLMS APDU decoders on arbitrary bytes: ACSE, initiate, xDLMS services,
 * with-list walks and compact-arrays. Views stay inside the input, every
 * accepted APDU re-encodes, and the re-encoding parses to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/axdr.h>
#include <smgw/cosem.h>
#include <smgw/dlms.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t enc1[1 << 16], enc2[1 << 16];

static int inside(const uint8_t *p, size_t n, const uint8_t *data, size_t size)
{
	return !p || (p >= data && n <= size && p + n <= data + size);
}

static int reencode(const uint8_t *p, size_t len, uint8_t *o, size_t cap, size_t *olen)
{
	if (!len)
		return -1;
	switch (p[0]) {
	case SMGW_DLMS_AARQ: case SMGW_DLMS_AARE: {
		struct smgw_dlms_assoc a;
		int e = smgw_dlms_assoc_parse(p, len, &a, NULL);
		if (e == 0 && (!inside(a.ap_title, a.ap_title_len, p, len) || !inside(a.user_info, a.user_info_len, p, len) ||
			       !inside(a.auth_value, a.auth_value_len, p, len)))
			abort();
		return e < 0 ? e : smgw_dlms_assoc_encode(&a, o, cap, olen);
	}
	case SMGW_DLMS_RLRQ: case SMGW_DLMS_RLRE: {
		struct smgw_dlms_release r;
		int e = smgw_dlms_release_parse(p, len, &r, NULL);
		return e < 0 ? e : smgw_dlms_release_encode(&r, o, cap, olen);
	}
	case SMGW_DLMS_INITIATE_REQUEST: case SMGW_DLMS_INITIATE_RESPONSE: {
		struct smgw_dlms_initiate in;
		int e = smgw_dlms_initiate_parse(p, len, &in, NULL);
		return e < 0 ? e : smgw_dlms_initiate_encode(&in, o, cap, olen);
	}
	case SMGW_DLMS_GENERAL_BLOCK_TRANSFER: {
		struct smgw_dlms_gbt g;
		int e = smgw_dlms_gbt_parse(p, len, &g, NULL);
		if (e == 0 && !inside(g.data, g.data_len, p, len))
			abort();
		return e < 0 ? e : smgw_dlms_gbt_encode(&g, o, cap, olen);
	}
	default: {
		struct smgw_dlms_apdu a;
		int e = smgw_dlms_apdu_parse(p, len, &a, NULL);
		if (e == 0) {
			if (!inside(a.data, a.data_len, p, len) || !inside(a.attr.access, a.attr.access_len, p, len))
				abort();
			if (a.count) {
				struct smgw_dlms_list l;
				struct smgw_dlms_list_item it;
				uint32_t k = 0;
				int r;
				if (smgw_dlms_list_init(&l, &a) != 0)
					abort();
				while ((r = smgw_dlms_list_next(&l, &it)) == 1) {
					if (!inside(it.data, it.data_len, p, len))
						abort();
					k++;
				}
				if (r < 0)
					abort(); /* the parser checked the list */
				(void)k;
			}
		}
		return e < 0 ? e : smgw_dlms_apdu_encode(&a, o, cap, olen);
	}
	}
}

static int sink(void *ud, const struct smgw_value *v)
{
	(void)ud;
	(void)v;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n1, n2;
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it;

	if (reencode(data, size, enc1, sizeof(enc1), &n1) == 0) {
		if (reencode(enc1, n1, enc2, sizeof(enc2), &n2) != 0 || n2 != n1 || memcmp(enc1, enc2, n1) != 0)
			abort();
	}
	/* compact-arrays anywhere in the input as Data */
	smgw_axdr_cursor_init(&c, data, size, 0);
	while (smgw_axdr_next(&c, &it) == 1) {
		if (it.tag == SMGW_AXDR_COMPACT_ARRAY) {
			struct smgw_axdr_compact ca;
			struct smgw_axdr_item x;
			size_t steps = 0;
			if (smgw_axdr_compact_init(&ca, &it, data, size) == 0)
				while (smgw_axdr_compact_next(&ca, &x) == 1)
					if (++steps > (SMGW_AXDR_MAX_DEPTH + 1) * size + 2 || !inside(x.data, x.count ? 1 : 0, data, size))
						abort();
		}
	}
	/* a profile buffer with three columns: clock, status, register */
	{
		struct smgw_cosem_capture_object cols[3];
		memset(cols, 0, sizeof(cols));
		cols[0].class_id = 8;
		cols[0].attribute = 2;
		cols[1].class_id = 1;
		cols[1].logical_name[2] = 96;
		cols[1].logical_name[3] = 10;
		cols[2].class_id = 3;
		(void)smgw_cosem_profile_values(data, size, cols, 3, 900, SMGW_COSEM_BERLIN_FALLBACK, sink, NULL, NULL);
	}
	/* the input as the attributes of an Extended Register and as capture objects */
	if (size >= 3) {
		struct smgw_cosem_object o;
		struct smgw_cosem_capture_object co[8];
		struct smgw_value v;
		size_t a = data[0] % size, b = a + (size - a) / 2, nc;

		memset(&o, 0, sizeof(o));
		o.class_id = (uint16_t)(1 + data[1] % 8);
		o.value = data;
		o.value_len = (uint32_t)a;
		o.scaler_unit = data + a;
		o.scaler_unit_len = (uint32_t)(b - a);
		o.status = data + b;
		o.status_len = (uint32_t)(size - b);
		o.capture_time = data + b;
		o.capture_time_len = (uint32_t)(size - b);
		if (smgw_cosem_object_value(&o, SMGW_COSEM_BERLIN_FALLBACK, &v, NULL) == 0 && o.class_id == SMGW_COSEM_DATA &&
		    (v.flags & SMGW_VALUE_HAS_UNIT))
			abort(); /* Data has no unit */
		if (smgw_cosem_capture_objects(data, size, co, 8, &nc, NULL) == 0 && nc > 8)
			abort();
	}
	/* the input as a get-request-with-list and a get-response-with-list */
	if (size >= 2) {
		struct smgw_dlms_apdu q, r;
		size_t half = data[0] % size;
		if (smgw_dlms_apdu_parse(data, half, &q, NULL) == 0 &&
		    smgw_dlms_apdu_parse(data + half, size - half, &r, NULL) == 0)
			(void)smgw_cosem_list_values(&q, &r, 0, sink, NULL, NULL);
	}
	return 0;
}
