/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Value extraction: GetListResponse entries and profile entries become
 * struct smgw_value. Mapping (also in smgw/sml.h and docs/sml.md):
 * - status of any width -> status, SMGW_VALUE_HAS_STATUS | SMGW_VALUE_RAW_STATUS
 * - timestamp / localTimestamp -> capture_ms (UTC), HAS_CAPTURE_TIME
 * - secIndex -> capture_ms = secIndex * 1000, HAS_CAPTURE_TIME | SECONDS_INDEX
 * - entry without time -> the list's time (actSensorTime, profile valTime)
 * - serverId of the response -> server_id
 */
#include <string.h>

#include "sml-private.h"

/*
 * DZG DVS74 encoding bug [S]: meters in these serial number ranges send
 * 1-0:16.7.0 (active power) as Integer8/16/24 although the value is
 * unsigned. Serial = bytes 5..9 of the 10-byte server id 0a 01 'D' 'Z' 'G'
 * xx xx xx xx xx, read big-endian. Source: libsml (detect_buggy_dzg_dvs74),
 * confirmed by the capture DZG_DVS-7412.2_jmberg (real value 356.24 W sent
 * as 53 8b 28). Only applied with SMGW_SML_F_DZG_FIX.
 */
static const struct {
	uint64_t first, last;
} dzg_dvs74_broken[] = {
	{ 42000000, 48999999 },
	{ 55000000, 58999999 },
};
static const uint8_t dzg_prefix[5] = { 0x0a, 0x01, 'D', 'Z', 'G' };
static const uint8_t obis_power_sum[6] = { 1, 0, 16, 7, 0, 255 };
static const uint8_t obis_device_id[6] = { 1, 0, 96, 1, 0, 255 };

static int dzg_buggy_id(const uint8_t *id, size_t len)
{
	uint64_t serial = 0;
	size_t i;

	if (!id || len != 10 || memcmp(id, dzg_prefix, sizeof(dzg_prefix)) != 0)
		return 0;
	for (i = 5; i < 10; i++)
		serial = (serial << 8) | id[i];
	for (i = 0; i < SML_ARRAY_SIZE(dzg_dvs74_broken); i++)
		if (serial >= dzg_dvs74_broken[i].first && serial <= dzg_dvs74_broken[i].last)
			return 1;
	return 0;
}

/* Common part: OBIS, numeric value, unit, scaler. */
static int fill_value(struct smgw_value *v, const struct smgw_sml_octets *name, const struct smgw_sml_value *val,
		      uint32_t has, uint8_t unit, int8_t scaler)
{
	memset(v, 0, sizeof(*v));
	if (!name->present || name->len != 6)
		return SMGW_E_SML_OBIS;
	switch (val->type) {
	case SMGW_SML_VALUE_BOOL:
	case SMGW_SML_VALUE_INT:
		v->value = val->i;
		break;
	case SMGW_SML_VALUE_UINT:
		if (val->u > (uint64_t)INT64_MAX)
			return SMGW_E_RANGE;
		v->value = (int64_t)val->u;
		break;
	default:
		return SMGW_E_SML_NOT_NUMERIC;
	}
	v->obis.a = name->data[0];
	v->obis.b = name->data[1];
	v->obis.c = name->data[2];
	v->obis.d = name->data[3];
	v->obis.e = name->data[4];
	v->obis.f = name->data[5];
	if (has & SMGW_SML_HAS_UNIT) {
		v->unit = unit;
		v->flags |= SMGW_VALUE_HAS_UNIT;
	}
	if (has & SMGW_SML_HAS_SCALER)
		v->scaler = scaler;
	return 0;
}

/* Writes *v even when it fails (callers use a scratch slot or a copy). */
static inline int entry_fill(const struct smgw_sml_list_entry *e, const struct smgw_sml_octets *server_id,
			     const struct smgw_sml_time *list_time, struct smgw_value *v)
{
	SML_TRY(fill_value(v, &e->obj_name, &e->value, e->has, e->unit, e->scaler));
	if (e->has & SMGW_SML_HAS_STATUS) {
		v->status = e->status;
		v->flags |= SMGW_VALUE_HAS_STATUS | SMGW_VALUE_RAW_STATUS;
	}
	smgw__sml_set_time(v, e->val_time.kind != SMGW_SML_TIME_NONE ? &e->val_time : list_time);
	smgw__sml_set_server_id(v, server_id);
	return 0;
}

static int entry_to_value(const struct smgw_sml_list_entry *e, const struct smgw_sml_octets *server_id,
			  const struct smgw_sml_time *list_time, struct smgw_value *ret)
{
	struct smgw_value v;

	SML_TRY(entry_fill(e, server_id, list_time, &v));
	*ret = v;
	return 0;
}

SMGW_EXPORT int smgw_sml_list_entry_to_value(const struct smgw_sml_list_entry *e,
					     const struct smgw_sml_octets *server_id,
					     const struct smgw_sml_time *list_time, struct smgw_value *ret)
{
	sml_return_if_fail(e && ret);
	return entry_to_value(e, server_id, list_time, ret);
}

struct emit {
	smgw_sml_value_fn fn;
	void *userdata;
	int count;
};

static int emit(struct emit *x, const struct smgw_value *v, const struct smgw_sml_message *m)
{
	int r = x->fn ? x->fn(x->userdata, v, m) : 0;

	if (r != 0)
		return r;
	if (x->count < INT32_MAX)
		x->count++;
	return 0;
}

static int get_list_values(struct emit *x, const struct smgw_sml_message *m, uint32_t flags)
{
	const struct smgw_sml_get_list_res *g = &m->body.get_list_res;
	struct smgw_sml_cursor c = g->val_list;
	struct smgw_sml_list_entry e;
	struct smgw_value v;
	int dzg = 0, n;

	if (flags & SMGW_SML_F_DZG_FIX) {
		dzg = dzg_buggy_id(g->server_id.data, g->server_id.len);
		while (!dzg && (n = smgw__sml_list_entry_next(&c, &e)) > 0)
			if (e.obj_name.len == 6 && memcmp(e.obj_name.data, obis_device_id, 6) == 0 &&
			    e.value.type == SMGW_SML_VALUE_OCTETS)
				dzg = dzg_buggy_id(e.value.octets.data, e.value.octets.len);
		c = g->val_list;
	}
	while ((n = smgw__sml_list_entry_next(&c, &e)) > 0) {
		if (dzg && e.value.type == SMGW_SML_VALUE_INT && e.value.width <= 3 && e.obj_name.len == 6 &&
		    memcmp(e.obj_name.data, obis_power_sum, 6) == 0) {
			e.value.type = SMGW_SML_VALUE_UINT;
			e.value.u = (uint64_t)e.value.i & ((UINT64_C(1) << (8 * e.value.width)) - 1);
		}
		if (entry_to_value(&e, &g->server_id, &g->act_sensor_time, &v) < 0)
			continue;
		n = emit(x, &v, m);
		if (n != 0)
			return n;
	}
	return n;
}

static int profile_list_values(struct emit *x, const struct smgw_sml_message *m)
{
	const struct smgw_sml_get_profile_list_res *p = &m->body.get_profile_list_res;
	struct smgw_sml_cursor c = p->period_list;
	struct smgw_sml_period_entry e;
	struct smgw_value v;
	int n;

	while ((n = smgw__sml_next(&c, K_PERIOD_ENTRY, &e, sizeof(e))) > 0) {
		if (fill_value(&v, &e.obj_name, &e.value, e.has, e.unit, e.scaler) < 0)
			continue;
		if (p->has & SMGW_SML_HAS_STATUS) {
			v.status = p->status;
			v.flags |= SMGW_VALUE_HAS_STATUS | SMGW_VALUE_RAW_STATUS;
		}
		smgw__sml_set_time(&v, &p->val_time);
		smgw__sml_set_server_id(&v, &p->server_id);
		n = emit(x, &v, m);
		if (n != 0)
			return n;
	}
	return n;
}

static int profile_pack_values(struct emit *x, const struct smgw_sml_message *m)
{
	const struct smgw_sml_get_profile_pack_res *p = &m->body.get_profile_pack_res;
	struct smgw_sml_cursor pc = p->period_list;
	struct smgw_sml_prof_period per;
	int n;

	while ((n = smgw__sml_next(&pc, K_PROF_PERIOD, &per, sizeof(per))) > 0) {
		struct smgw_sml_cursor hc = p->header_list;
		struct smgw_sml_cursor vc = per.value_list;
		struct smgw_sml_header_entry h;
		struct smgw_sml_value_entry ve;
		struct smgw_value v;

		/* The i-th value belongs to the i-th header entry. */
		for (;;) {
			int a = smgw__sml_next(&hc, K_HEADER_ENTRY, &h, sizeof(h));
			int b = smgw__sml_next(&vc, K_VALUE_ENTRY, &ve, sizeof(ve));
			if (a < 0 || b < 0)
				return a < 0 ? a : b;
			if (a == 0 || b == 0)
				break;
			if (fill_value(&v, &h.obj_name, &ve.value, h.has, h.unit, h.scaler) < 0)
				continue;
			if (per.has & SMGW_SML_HAS_STATUS) {
				v.status = per.status;
				v.flags |= SMGW_VALUE_HAS_STATUS | SMGW_VALUE_RAW_STATUS;
			}
			smgw__sml_set_time(&v, per.val_time.kind != SMGW_SML_TIME_NONE ? &per.val_time : &p->act_time);
			smgw__sml_set_server_id(&v, &p->server_id);
			n = emit(x, &v, m);
			if (n != 0)
				return n;
		}
	}
	return n;
}


static int report(struct emit *x, const struct smgw_sml_message *m, uint32_t flags)
{
	switch (m->tag) {
	case SMGW_SML_GET_LIST_RES:
		return get_list_values(x, m, flags);
	case SMGW_SML_GET_PROFILE_LIST_RES:
		return profile_list_values(x, m);
	case SMGW_SML_GET_PROFILE_PACK_RES:
		return profile_pack_values(x, m);
	default:
		return 0;
	}
}

static int has_values(uint32_t tag)
{
	return tag == SMGW_SML_GET_LIST_RES || tag == SMGW_SML_GET_PROFILE_LIST_RES ||
	       tag == SMGW_SML_GET_PROFILE_PACK_RES;
}

SMGW_EXPORT int smgw_sml_file_values(const uint8_t *file, size_t len, uint32_t flags, smgw_sml_value_fn fn,
				     void *userdata, struct smgw_diag *diag)
{
	struct smgw_reader r;
	struct smgw_sml_message m, keep[SML_KEEP], *slot;
	struct emit x = { fn, userdata, 0 };
	struct smgw__sml_sink vb;
	size_t resume = 0;
	int n, msgs = 0, kept = 0, more = 0, i;

	sml_return_if_fail(file || len == 0);
	sml_return_if_fail(len <= UINT32_MAX);
	vb.n = 0;
	vb.cur = 0;
	vb.tmpl_cur = -1;
	vb.overflow = (flags & SMGW_SML_F_DZG_FIX) != 0;
	/* Pass 1: validate every message, so nothing is reported from a broken
	 * file. The first value-bearing messages are kept for pass 2. */
	smgw_reader_init(&r, file, len);
	/* Messages are decoded straight into the next free keep[] slot. */
	slot = &keep[0];
	while ((n = smgw__sml_message_decode(&r, flags, slot, diag, vb.overflow ? NULL : &vb)) > 0) {
		msgs++;
		if (!has_values(slot->tag))
			continue;
		if (slot->tag != SMGW_SML_GET_LIST_RES)
			vb.overflow = 1;
		vb.cur++;
		if (more)
			continue;
		if (kept < SML_KEEP) {
			kept++;
			slot = kept < SML_KEEP ? &keep[kept] : &m;
		} else {
			more = 1;
			resume = slot->offset;
		}
	}
	if (n < 0)
		return n;
	if (msgs == 0)
		return smgw_diag_set(diag, SMGW_E_SML_EMPTY, 0, "SML file holds no message");
	if (!vb.overflow && !more) {
		/* Everything was converted during validation. */
		for (i = 0; i < vb.n; i++) {
			n = emit(&x, &vb.v[i], &keep[vb.msg[i]]);
			if (n != 0)
				return n;
		}
		return x.count;
	}
	/* Pass 2: report. */
	for (i = 0; i < kept; i++) {
		n = report(&x, &keep[i], flags);
		if (n != 0)
			return n;
	}
	if (more) {
		smgw_reader_init(&r, file, len);
		r.pos = resume;
		while ((n = smgw_sml_message_next(&r, flags, &m, NULL)) > 0) {
			n = report(&x, &m, flags);
			if (n != 0)
				return n;
		}
		if (n < 0)
			return n;
	}
	return x.count;
}
