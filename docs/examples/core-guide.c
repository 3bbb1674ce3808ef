/* SPDX-License-Identifier: Apache-2.0 */
/* Worked example of docs/core.md: one meter reading, end to end. */
#include <stdio.h>
#include <string.h>

#include <smgw/core.h>

static void log_to_stderr(void *ud, int level, const char *domain, const char *msg)
{
	(void)ud;
	fprintf(stderr, "<%d> %s: %s\n", level, domain, msg);
}

int main(void)
{
	struct smgw_ctx_params params = { .struct_size = sizeof(params) };
	struct smgw_value v;
	struct smgw_tm local;
	smgw_ctx *ctx;
	char obis[SMGW_OBIS_STRLEN], iso[SMGW_ISO8601_LEN], num[32], status[256];
	int64_t t;
	uint64_t fnn;
	int err;

	params.log = log_to_stderr;
	params.log_level = SMGW_LOG_INFO;
	err = smgw_ctx_new(&params, &ctx);
	if (err < 0) {
		fprintf(stderr, "context: %s\n", smgw_strerror(err));
		return 1;
	}

	/* A register reading as an AR 2418-6 export carries it. */
	smgw_value_init(&v);
	err = smgw_obis_parse("0100010800FF", 12, &v.obis);
	if (err == 0)
		err = smgw_time_parse_iso8601("2026-10-25T02:15:00+01:00", 25, &t, NULL);
	if (err == 0)
		err = smgw_fnn_parse("A000000020000000", 16, &fnn);
	if (err < 0) {
		fprintf(stderr, "parse: %s\n", smgw_strerror(err));
		smgw_ctx_unref(ctx);
		return 1;
	}
	v.value = 44590612;
	v.scaler = -4;
	v.unit = SMGW_UNIT_WH;
	v.target_ms = t;
	v.status = fnn;
	v.ptb_status = smgw_fnn_to_ptb(fnn);
	v.flags = SMGW_VALUE_HAS_TARGET_TIME | SMGW_VALUE_HAS_STATUS | SMGW_VALUE_HAS_PTB | SMGW_VALUE_HAS_UNIT;

	/* 02:15 happens twice on 25 October 2026; the offset says which. */
	smgw_time_to_berlin(v.target_ms, &local);
	smgw_obis_format(&v.obis, obis, sizeof(obis));
	smgw_value_format_decimal(v.value, v.scaler, num, sizeof(num));
	smgw_time_format_iso8601(v.target_ms, 0, SMGW_ISO_Z, iso, sizeof(iso));
	smgw_fnn_describe(v.status, status, sizeof(status));
	printf("%s (%s) = %s %s\n", obis, smgw_obis_name(&v.obis), num, smgw_unit_symbol(v.unit));
	printf("target %s, local %02d:%02d %s, PTB status %d (%s), %s\n", iso, local.hour, local.minute,
	       local.is_dst ? "CEST" : "CET", v.ptb_status, smgw_ptb_status_name(v.ptb_status), status);

	/* Asking for the local time 02:15 without saying which one is refused. */
	local.minute = 15;
	err = smgw_time_from_berlin(&local, SMGW_FOLD_REJECT, &t);
	printf("02:15 on 25 October without a fold: %s\n", smgw_strerror(err));

	smgw_ctx_unref(ctx);
	return err == SMGW_E_TIME_AMBIGUOUS && v.ptb_status == SMGW_PTB_OK && local.is_dst == 0 ? 0 : 1;
}
