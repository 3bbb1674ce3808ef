/* SPDX-License-Identifier: Apache-2.0 */
/* Internal data model of libsmgw-tariff. */
#ifndef SMGW_TARIFF_PRIVATE_H
#define SMGW_TARIFF_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include <smgw/tariff.h>

#define SMGW__TARIFF_SLOT_MS INT64_C(900000)   /* switching grid: the quarter hour */
#define SMGW__TARIFF_MAX_SLOTS 100             /* quarter hours of the longest local day */
#define SMGW__TARIFF_MAX_CHANNELS 16
#define SMGW__TARIFF_MAX_EVENTS 64              /* runtime TAF-5 events per engine */
#define SMGW__TARIFF_ID_MAX 64
#define SMGW__TARIFF_STAGES_MAX 256            /* parser limit; the check allows SMGW_TARIFF_MAX_STAGES */

struct smgw_tariff_schema {
	smgw_ctx *ctx;
	void *schema; /* xmlSchemaPtr */
};

struct smgw__day_profile {
	uint16_t day_id;
	uint32_t line;
	uint32_t nswitch;
	struct smgw_tariff_switch *sw;   /* sorted by start_ms */
	uint32_t *sw_line;
};

struct smgw__special_day {
	int64_t day;       /* days since 1970-01-01 (local date) */
	uint16_t day_id;
	uint32_t line;
};

struct smgw__week_profile {
	char name[SMGW__TARIFF_ID_MAX];
	uint16_t day_id[7];  /* index 0 = Sunday ... 6 = Saturday */
	uint32_t line;
};

struct smgw__season {
	int64_t start_day;   /* days since 1970 of seasonStart (local date) */
	int64_t start_ms;    /* seasonStart as given */
	char name[SMGW__TARIFF_ID_MAX];
	char week[SMGW__TARIFF_ID_MAX];
	uint32_t line;
};

struct smgw__event {
	int64_t start_ms, end_ms;
	uint32_t event_id;
	uint16_t tariff_number;
	uint32_t line;
};

struct smgw_tariff_profile {
	smgw_ctx *ctx;
	int32_t taf;
	char tariff_id[SMGW__TARIFF_ID_MAX];
	int64_t begin_ms, end_ms;
	uint32_t billing_line;
	uint16_t default_tariff;
	uint32_t nstages;
	struct smgw_tariff_stage *stages;
	uint32_t *stage_line;
	uint32_t ndays;
	struct smgw__day_profile *days;
	uint32_t nspecial;
	struct smgw__special_day *special;  /* sorted by day, stable */
	uint32_t nweeks;
	struct smgw__week_profile *weeks;
	uint32_t nseasons;
	struct smgw__season *seasons;       /* sorted by start_day */
	uint32_t nevents;
	struct smgw__event *events;         /* TAF-5 ExternalEvents, document order */
	/* UsagePoint metadata, kept for writing */
	char usage_point_id[SMGW__TARIFF_ID_MAX];
	char customer_id[SMGW__TARIFF_ID_MAX];
	char invoicing_party_id[SMGW__TARIFF_ID_MAX];
	char smgw_id[SMGW__TARIFF_ID_MAX];
	char tariff_name[SMGW__TARIFF_ID_MAX];
	char description[256];
};

/* Appends a special day (profile.c); keeps the array sorted. */
int smgw__profile_add_special(smgw_tariff_profile *p, int64_t day, uint16_t day_id);

struct smgw__list {
	struct smgw_obis obis;
	int8_t scaler;
	uint8_t unit;
	int32_t period_s;
	int32_t original;
	uint32_t count, cap;
	struct smgw_value *v;
	char *meter_id;
	char *reading_id;
};

struct smgw_tariff_export {
	smgw_ctx *ctx;
	uint32_t nlists;
	struct smgw__list *lists;
};

struct smgw_tariff_result {
	smgw_ctx *ctx;
	int64_t begin_ms, end_ms;
	uint32_t nregs;
	struct smgw_tariff_register *regs;
	uint32_t ntotals;
	struct smgw_tariff_register *totals;
	int64_t *unassigned;
};

/* Sets diag->line when the caller's struct has the member. */
static inline void smgw__diag_line(struct smgw_diag *diag, uint32_t line)
{
	if (diag != NULL && diag->struct_size >= offsetof(struct smgw_diag, depth))
		diag->line = line;
}

/* a - b and a + b without overflow (0, or SMGW_E_OVERFLOW). */
static inline int smgw__sub(int64_t a, int64_t b, int64_t *ret)
{
	if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
		return SMGW_E_OVERFLOW;
	*ret = a - b;
	return 0;
}

static inline int smgw__add(int64_t *acc, int64_t x)
{
	if ((x > 0 && *acc > INT64_MAX - x) || (x < 0 && *acc < INT64_MIN - x))
		return SMGW_E_OVERFLOW;
	*acc += x;
	return 0;
}

/* The distinct energy directions (OBIS A-B:C) of the profile's stages, in
 * stage order, at most @p max of them (profile.c); returns their number. */
uint32_t smgw__profile_directions(const smgw_tariff_profile *p, struct smgw_obis *dirs, uint32_t max);

/* XML helpers (xml.c) */
int smgw__xml_read(smgw_ctx *ctx, const smgw_tariff_schema *schema, const uint8_t *xml, size_t len,
		   xmlDocPtr *ret_doc, struct smgw_diag *diag);
/* smgw__xml_read() of an AR 2418-6 document, whose root must be <UsagePoints>. */
int smgw__xml_read_usage_points(smgw_ctx *ctx, const smgw_tariff_schema *schema, const uint8_t *xml, size_t len,
				xmlDocPtr *ret_doc, xmlNode **ret_root, struct smgw_diag *diag);
bool smgw__xml_is(const xmlNode *n, const char *name);
xmlNode *smgw__xml_child(const xmlNode *n, const char *name);
xmlNode *smgw__xml_next(const xmlNode *n, const char *name);
/* Text content trimmed: returns pointer into a caller buffer. */
int smgw__xml_text(const xmlNode *n, char *buf, size_t size, struct smgw_diag *diag);
int smgw__xml_int64(const xmlNode *n, int64_t min, int64_t max, int64_t *ret, struct smgw_diag *diag);
int smgw__xml_child_int64(const xmlNode *parent, const char *name, bool required, int64_t min, int64_t max,
			  int64_t *ret, struct smgw_diag *diag);
int smgw__xml_time(const xmlNode *n, int64_t *ret_ms, struct smgw_diag *diag);
int smgw__xml_obis(const xmlNode *n, struct smgw_obis *ret, struct smgw_diag *diag);
uint32_t smgw__xml_line(const xmlNode *n);

/* Calendar (engine.c): day profile index for a local date and direction; -1 if none. */
int smgw__calendar_day(const smgw_tariff_profile *p, int64_t day, uint8_t dir_a, uint8_t dir_b, uint8_t dir_c);
int smgw__profile_check(const smgw_tariff_profile *profile, smgw_tariff_finding_fn fn, void *userdata,
			int32_t tail_s);
int smgw__season_day(const smgw_tariff_profile *p, int64_t day, int weekday, uint8_t a, uint8_t b, uint8_t c);
void smgw__civil_from_days(int64_t days, int32_t *y, int32_t *m, int32_t *d);
bool smgw__day_serves(const smgw_tariff_profile *p, int di, uint8_t a, uint8_t b, uint8_t c);
int smgw__stage_index(const smgw_tariff_profile *p, uint16_t tariff_number);
int smgw__day_profile_index(const smgw_tariff_profile *p, uint16_t day_id);

#endif
