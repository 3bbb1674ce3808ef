/* SPDX-License-Identifier: Apache-2.0 */
/* The gateway export: VDE AR 2418-6 MeterReading / IntervalBlock / IntervalReading. */
#include <string.h>

#include <libxml/parser.h>

#include <smgw/status.h>
#include <smgw/unit.h>

#include "tariff-private.h"

#define MAX_LISTS 256u
#define MAX_READINGS (1u << 24)

/* ESPI UnitSymbolKind (ReadingType/uom) -> enum smgw_unit. [V TRuDI Uom.cs] */
static const struct {
	int32_t espi;
	uint8_t unit;
} uom_map[] = {
	{ 72, SMGW_UNIT_WH }, { 38, SMGW_UNIT_WATT }, { 29, SMGW_UNIT_VOLT }, { 5, SMGW_UNIT_AMPERE },
	{ 33, SMGW_UNIT_HERTZ }, { 71, SMGW_UNIT_VAH }, { 73, SMGW_UNIT_VARH }, { 61, SMGW_UNIT_VA },
	{ 63, SMGW_UNIT_VAR }, { 42, SMGW_UNIT_M3 },
};

static uint8_t map_uom(int64_t espi)
{
	size_t i;

	for (i = 0; i < sizeof(uom_map) / sizeof(uom_map[0]); i++)
		if (uom_map[i].espi == espi)
			return uom_map[i].unit;
	return 0;
}

static char *dup_text(smgw_ctx *ctx, const xmlNode *n, struct smgw_diag *diag, int *rc)
{
	char buf[256];
	int len;
	char *s;

	*rc = 0;
	if (n == NULL) {
		buf[0] = '\0';
		len = 0;
	} else {
		len = smgw__xml_text(n, buf, sizeof(buf), diag);
		if (len < 0) {
			*rc = len;
			return NULL;
		}
	}
	s = smgw_ctx_malloc(ctx, (size_t)len + 1);
	if (s == NULL) {
		*rc = SMGW_E_NOMEM;
		return NULL;
	}
	memcpy(s, buf, (size_t)len + 1);
	return s;
}

static void free_str(smgw_ctx *ctx, char *s)
{
	if (s != NULL)
		smgw_ctx_free(ctx, s, strlen(s) + 1);
}

static int parse_reading(smgw_tariff_export *e, struct smgw__list *l, xmlNode *ir, struct smgw_diag *diag)
{
	struct smgw_value *v;
	xmlNode *c, *tp;
	int64_t x;
	int rc;

	if (l->count == l->cap) {
		uint32_t nc = l->cap ? l->cap * 2 : 256;
		void *p;

		if (l->count >= MAX_READINGS)
			return smgw_diag_set(diag, SMGW_E_LIMIT, UINT64_MAX, "line %u: more than %u readings in a list",
					     smgw__xml_line(ir), MAX_READINGS);
		p = smgw_ctx_realloc(e->ctx, l->v, (size_t)l->cap * sizeof(*l->v), (size_t)nc * sizeof(*l->v));
		if (p == NULL)
			return SMGW_E_NOMEM;
		l->v = p;
		l->cap = nc;
	}
	v = &l->v[l->count];
	smgw_value_init(v);
	v->obis = l->obis;
	v->scaler = l->scaler;
	v->unit = l->unit;
	if (l->unit != 0)
		v->flags |= SMGW_VALUE_HAS_UNIT;
	if ((rc = smgw__xml_child_int64(ir, "value", true, INT64_MIN, INT64_MAX, &v->value, diag)) < 0)
		return rc;
	tp = smgw__xml_child(ir, "timePeriod");
	c = tp ? smgw__xml_child(tp, "start") : NULL;
	if (c == NULL)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: IntervalReading lacks timePeriod/start",
				     smgw__xml_line(ir));
	if ((rc = smgw__xml_time(c, &v->capture_ms, diag)) < 0)
		return rc;
	v->flags |= SMGW_VALUE_HAS_CAPTURE_TIME;
	c = smgw__xml_child(ir, "targetTime");
	if (c != NULL) {
		if ((rc = smgw__xml_time(c, &v->target_ms, diag)) < 0)
			return rc;
		v->flags |= SMGW_VALUE_HAS_TARGET_TIME;
	}
	c = smgw__xml_child(ir, "statusFNN");
	if (c != NULL) {
		char buf[40];
		int len = smgw__xml_text(c, buf, sizeof(buf), diag);
		uint64_t fnn;

		if (len < 0)
			return len;
		if (smgw_fnn_parse(buf, (size_t)len, &fnn) != 0)
			return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX,
					     "line %u: statusFNN is not 16 hex digits: \"%.20s\"", smgw__xml_line(c), buf);
		v->status = fnn;
		v->ptb_status = smgw_fnn_to_ptb(fnn);
		v->flags |= SMGW_VALUE_HAS_STATUS | SMGW_VALUE_HAS_PTB;
	}
	rc = smgw__xml_child_int64(ir, "statusPTB", false, 0, 4, &x, diag);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		if (!(v->flags & SMGW_VALUE_HAS_PTB) || x > v->ptb_status)
			v->ptb_status = (int32_t)x;
		v->flags |= SMGW_VALUE_HAS_PTB;
	}
	l->count++;
	return 0;
}

static int parse_list(smgw_tariff_export *e, xmlNode *mr, struct smgw_diag *diag)
{
	struct smgw__list *l;
	xmlNode *rt = smgw__xml_child(mr, "ReadingType"), *c, *ib, *ir;
	char qln[160];
	int64_t x;
	int rc;

	if (e->nlists >= MAX_LISTS)
		return smgw_diag_set(diag, SMGW_E_LIMIT, UINT64_MAX, "line %u: more than %u MeterReadings",
				     smgw__xml_line(mr), MAX_LISTS);
	l = &e->lists[e->nlists];
	memset(l, 0, sizeof(*l));
	e->nlists++; /* owned from here on */
	if (rt == NULL)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: MeterReading lacks <ReadingType>",
				     smgw__xml_line(mr));
	c = smgw__xml_child(rt, "obisCode");
	if (c == NULL)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: ReadingType lacks <obisCode>",
				     smgw__xml_line(rt));
	if ((rc = smgw__xml_obis(c, &l->obis, diag)) < 0)
		return rc;
	x = 0;
	if ((rc = smgw__xml_child_int64(rt, "scaler", false, -18, 18, &x, diag)) < 0)
		return rc;
	l->scaler = (int8_t)x;
	x = 0;
	if ((rc = smgw__xml_child_int64(rt, "powerOfTenMultiplier", false, -18, 18, &x, diag)) < 0)
		return rc;
	if (l->scaler + x < -18 || l->scaler + x > 18)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: scaler out of range",
				     smgw__xml_line(rt));
	l->scaler = (int8_t)(l->scaler + x);
	x = 0;
	if ((rc = smgw__xml_child_int64(rt, "uom", false, 0, 65535, &x, diag)) < 0)
		return rc;
	l->unit = map_uom(x);
	x = 0;
	if ((rc = smgw__xml_child_int64(rt, "measurementPeriod", false, 0, 31 * 86400, &x, diag)) < 0)
		return rc;
	l->period_s = (int32_t)x;
	c = smgw__xml_child(mr, "Meter");
	l->meter_id = dup_text(e->ctx, c ? smgw__xml_child(c, "meterId") : NULL, diag, &rc);
	if (rc < 0)
		return rc;
	l->reading_id = dup_text(e->ctx, smgw__xml_child(mr, "meterReadingId"), diag, &rc);
	if (rc < 0)
		return rc;
	/* Original value list: qualifiedLogicalName "<OBIS>.<meterId>.sm" with the list's own meterId. [V TRuDI] */
	c = smgw__xml_child(rt, "qualifiedLogicalName");
	if (c != NULL && l->meter_id[0] != '\0') {
		int len = smgw__xml_text(c, qln, sizeof(qln), diag);
		const char *d1, *d2;

		if (len < 0)
			return len;
		d1 = strchr(qln, '.');
		d2 = d1 ? strchr(d1 + 1, '.') : NULL;
		if (d2 != NULL && strchr(d2 + 1, '.') == NULL && (size_t)(d2 - d1 - 1) == strlen(l->meter_id) &&
		    memcmp(d1 + 1, l->meter_id, (size_t)(d2 - d1 - 1)) == 0)
			l->original = 1;
	}
	for (ib = smgw__xml_child(mr, "IntervalBlock"); ib != NULL; ib = smgw__xml_next(ib, "IntervalBlock"))
		for (ir = smgw__xml_child(ib, "IntervalReading"); ir != NULL; ir = smgw__xml_next(ir, "IntervalReading"))
			if ((rc = parse_reading(e, l, ir, diag)) < 0)
				return rc;
	return 0;
}

SMGW_EXPORT int smgw_tariff_export_load(smgw_ctx *ctx, const smgw_tariff_schema *schema, const uint8_t *xml,
					size_t len, smgw_tariff_export **ret_export, struct smgw_diag *reterr_diag)
{
	xmlDocPtr doc = NULL;
	xmlNode *root, *up, *mr;
	smgw_tariff_export *e;
	int rc;

	if (ctx == NULL || ret_export == NULL || (xml == NULL && len > 0))
		return SMGW_E_INVAL;
	rc = smgw__xml_read_usage_points(ctx, schema, xml, len, &doc, &root, reterr_diag);
	if (rc < 0)
		return rc;
	e = smgw_ctx_calloc(ctx, 1, sizeof(*e));
	if (e == NULL) {
		rc = SMGW_E_NOMEM;
		goto out;
	}
	e->ctx = smgw_ctx_ref(ctx);
	e->lists = smgw_ctx_calloc(ctx, MAX_LISTS, sizeof(*e->lists));
	if (e->lists == NULL) {
		smgw_tariff_export_free(e);
		rc = SMGW_E_NOMEM;
		goto out;
	}
	for (up = smgw__xml_child(root, "UsagePoint"); up != NULL; up = smgw__xml_next(up, "UsagePoint"))
		for (mr = smgw__xml_child(up, "MeterReading"); mr != NULL; mr = smgw__xml_next(mr, "MeterReading"))
			if ((rc = parse_list(e, mr, reterr_diag)) < 0) {
				smgw_tariff_export_free(e);
				goto out;
			}
	*ret_export = e;
	rc = 0;
out:
	xmlFreeDoc(doc);
	return rc;
}

SMGW_EXPORT void smgw_tariff_export_free(smgw_tariff_export *exp)
{
	smgw_ctx *ctx;
	uint32_t i;

	if (exp == NULL)
		return;
	ctx = exp->ctx;
	if (exp->lists != NULL) {
		for (i = 0; i < exp->nlists; i++) {
			smgw_ctx_free(ctx, exp->lists[i].v, (size_t)exp->lists[i].cap * sizeof(struct smgw_value));
			free_str(ctx, exp->lists[i].meter_id);
			free_str(ctx, exp->lists[i].reading_id);
		}
		smgw_ctx_free(ctx, exp->lists, (size_t)MAX_LISTS * sizeof(*exp->lists));
	}
	smgw_ctx_free(ctx, exp, sizeof(*exp));
	smgw_ctx_unref(ctx);
}

SMGW_EXPORT int smgw_tariff_export_list_count(const smgw_tariff_export *exp)
{
	return exp ? (int)exp->nlists : SMGW_E_INVAL;
}

SMGW_EXPORT int smgw_tariff_export_list(const smgw_tariff_export *exp, size_t index, struct smgw_tariff_list_info *info)
{
	struct smgw_tariff_list_info t;
	const struct smgw__list *l;

	if (exp == NULL || info == NULL || info->struct_size < offsetof(struct smgw_tariff_list_info, obis))
		return SMGW_E_INVAL;
	if (index >= exp->nlists)
		return SMGW_E_RANGE;
	l = &exp->lists[index];
	memset(&t, 0, sizeof(t));
	t.struct_size = info->struct_size;
	t.obis = l->obis;
	t.scaler = l->scaler;
	t.unit = l->unit;
	t.period_s = l->period_s;
	t.original = l->original;
	t.count = l->count;
	t.meter_id = l->meter_id ? l->meter_id : "";
	t.reading_id = l->reading_id ? l->reading_id : "";
	memcpy(info, &t, info->struct_size < sizeof(t) ? info->struct_size : sizeof(t));
	return 0;
}

SMGW_EXPORT const struct smgw_value *smgw_tariff_export_readings(const smgw_tariff_export *exp, size_t index,
								 size_t *ret_count)
{
	if (exp == NULL || ret_count == NULL || index >= exp->nlists)
		return NULL;
	*ret_count = exp->lists[index].count;
	return exp->lists[index].v;
}
