/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Worked example of docs/tariff.md: a two-stage TAF-2 tariff (HT 06:00-21:00,
 * NT otherwise) over the October DST day, fed reading by reading through the
 * streaming engine, with one gap over the 06:00 switching point.
 */
#include <stdio.h>
#include <string.h>

#include <smgw/tariff.h>

static void on_period(void *userdata, const smgw_tariff_result *r)
{
	int64_t b, e;
	char bs[SMGW_ISO8601_LEN], es[SMGW_ISO8601_LEN];

	(void)userdata;
	(void)smgw_tariff_result_range(r, &b, &e);
	smgw_time_format_iso8601(b, 0, SMGW_ISO_BERLIN, bs, sizeof(bs));
	smgw_time_format_iso8601(e, 0, SMGW_ISO_BERLIN, es, sizeof(es));
	printf("billing period closed: %s .. %s\n", bs, es);
}

int main(void)
{
	static char xml[16384];
	struct smgw_tariff_callbacks cb = { sizeof(cb), NULL, NULL, on_period };
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_ctx *ctx = NULL;
	smgw_tariff_profile *profile = NULL;
	smgw_tariff_engine *engine = NULL;
	smgw_tariff_result *result = NULL;
	struct smgw_obis meter;
	uint32_t channel;
	int64_t begin, end, t;
	size_t len = 0;
	int k, n, i, err;

	/* 1. The supplier's AnalysisProfile (normally read from the tariff file). */
	len += (size_t)snprintf(xml + len, sizeof(xml) - len,
		"<UsagePoints xmlns=\"http://vde.de/AR_2418-6.xsd\"><UsagePoint><AnalysisProfile>"
		"<tariffUseCase>2</tariffUseCase><tariffId>HT-NT</tariffId>"
		"<billingPeriod><duration>90000</duration><start>2026-10-25T00:00:00+02:00</start></billingPeriod>"
		"<TariffStage><tariffNumber>1</tariffNumber><obisCode>0100010801ff</obisCode></TariffStage>"
		"<TariffStage><tariffNumber>2</tariffNumber><obisCode>0100010802ff</obisCode></TariffStage>"
		"<TariffChangeTrigger><TimeTrigger><DayProfile><dayId>1</dayId>");
	for (k = 0; k < 96; k++)
		len += (size_t)snprintf(xml + len, sizeof(xml) - len,
			"<DayTimeProfile><startTime><hour>%d</hour><minute>%d</minute></startTime>"
			"<tariffNumber>%d</tariffNumber></DayTimeProfile>",
			k / 4, k % 4 * 15, (k >= 24 && k < 84) ? 1 : 2);
	len += (size_t)snprintf(xml + len, sizeof(xml) - len,
		"</DayProfile><SpecialDayProfile><specialDayDate><year>2026</year><month>10</month>"
		"<day_of_month>25</day_of_month></specialDayDate><dayId>1</dayId></SpecialDayProfile>"
		"</TimeTrigger></TariffChangeTrigger></AnalysisProfile></UsagePoint></UsagePoints>");

	if (smgw_ctx_new(NULL, &ctx) != 0)
		return 1;
	/* Pass a schema from smgw_tariff_schema_load() instead of NULL to validate against the XSD. */
	err = smgw_tariff_profile_load(ctx, NULL, (const uint8_t *)xml, len, &profile, &diag);
	if (err < 0) {
		fprintf(stderr, "profile: %s\n", diag.message);
		return 1;
	}
	/* 2. Static checks, as TRuDI does them before computing. */
	if (smgw_tariff_profile_check(profile, NULL, NULL) != 0) {
		fprintf(stderr, "profile has findings\n");
		return 1;
	}
	/* 3. One engine per profile; one channel per meter register. */
	err = smgw_tariff_engine_new(ctx, profile, NULL, &cb, &engine, &diag);
	if (err == 0)
		err = smgw_obis_parse("1-0:1.8.0*255", 13, &meter);
	if (err == 0)
		err = smgw_tariff_engine_add_channel(engine, &meter, 900, &channel);
	if (err < 0) {
		fprintf(stderr, "engine: %s\n", diag.message);
		return 1;
	}
	/* 4. Readings: 10 Wh per quarter hour, captured 2 s late; 05:30..06:30 missing. */
	(void)smgw_tariff_profile_billing_period(profile, &begin, &end);
	printf("the day has %d quarter hours\n", smgw_time_berlin_day_periods(2026, 10, 25, 900));
	for (t = begin, i = 0; t <= end; t += 900000, i++) {
		struct smgw_value v;
		struct smgw_tm local;

		(void)smgw_time_to_berlin(t, &local);
		if (local.hour == 5 && local.minute >= 45)
			continue;
		if (local.hour == 6 && local.minute < 30)
			continue;
		smgw_value_init(&v);
		v.obis = meter;
		v.value = 10 * i;
		v.capture_ms = t + 2000;
		v.flags = SMGW_VALUE_HAS_CAPTURE_TIME | SMGW_VALUE_HAS_PTB;
		v.ptb_status = SMGW_PTB_OK;
		if (smgw_tariff_engine_push(engine, channel, &v, &diag) < 0) {
			fprintf(stderr, "push: %s\n", diag.message);
			return 1;
		}
	}
	/* 5. Close the billing period: the registers. */
	if (smgw_tariff_engine_finish(engine, &result, &diag) != 0) {
		fprintf(stderr, "refused: %s\n", diag.message);
		return 1;
	}
	n = smgw_tariff_result_count(result);
	for (i = 0; i < n; i++) {
		struct smgw_tariff_register reg;
		char obis[SMGW_OBIS_STRLEN];

		(void)smgw_tariff_result_register(result, (size_t)i, &reg);
		smgw_obis_format(&reg.obis, obis, sizeof(obis));
		printf("%-16s %6lld Wh (tariff %u)\n", obis, (long long)reg.amount, reg.tariff_id);
	}
	/* HT 06:00-21:00 is 60 quarter hours, of which 06:00-06:30 lies in the gap. The gap
	 * 05:30-06:30 spans the switching point, so its 40 Wh go to the error register. */
	{
		struct smgw_tariff_register ht, nt, err63;

		(void)smgw_tariff_result_register(result, 0, &ht);
		(void)smgw_tariff_result_register(result, 1, &nt);
		(void)smgw_tariff_result_register(result, 2, &err63);
		if (ht.amount != 580 || nt.amount != 380 || err63.amount != 40)
			return 1;
	}
	smgw_tariff_result_free(result);
	smgw_tariff_engine_free(engine);
	smgw_tariff_profile_free(profile);
	smgw_ctx_unref(ctx);
	return 0;
}
