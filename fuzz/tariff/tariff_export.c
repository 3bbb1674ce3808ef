/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the AR 2418-6 gateway-export loader on arbitrary bytes. An
 * accepted export is walked (every list and reading) and evaluated with a
 * fixed one-day TAF-2 profile (batch API). Must never crash, leak or read
 * out of bounds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/tariff.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int make_profile(smgw_ctx *ctx, smgw_tariff_profile **ret)
{
	static char doc[32768];
	size_t len = 0;
	int k;

	len += (size_t)snprintf(doc + len, sizeof(doc) - len,
		"<UsagePoints xmlns=\"http://vde.de/AR_2418-6.xsd\"><UsagePoint><AnalysisProfile>"
		"<tariffUseCase>2</tariffUseCase><tariffId>f</tariffId><billingPeriod><duration>86400</duration>"
		"<start>2017-11-04T00:00:00+01:00</start></billingPeriod>"
		"<TariffStage><tariffNumber>1</tariffNumber><obisCode>0100010801ff</obisCode></TariffStage>"
		"<TariffStage><tariffNumber>2</tariffNumber><obisCode>0100010802ff</obisCode></TariffStage>"
		"<TariffChangeTrigger><TimeTrigger><DayProfile><dayId>1</dayId>");
	for (k = 0; k < 96; k++)
		len += (size_t)snprintf(doc + len, sizeof(doc) - len,
			"<DayTimeProfile><startTime><hour>%d</hour><minute>%d</minute></startTime>"
			"<tariffNumber>%d</tariffNumber></DayTimeProfile>", k / 4, k % 4 * 15, k >= 24 && k < 84 ? 2 : 1);
	len += (size_t)snprintf(doc + len, sizeof(doc) - len,
		"</DayProfile><SpecialDayProfile><specialDayDate><year>2017</year><month>11</month>"
		"<day_of_month>4</day_of_month></specialDayDate><dayId>1</dayId></SpecialDayProfile>"
		"</TimeTrigger></TariffChangeTrigger></AnalysisProfile></UsagePoint></UsagePoints>");
	return smgw_tariff_profile_load(ctx, NULL, (const uint8_t *)doc, len, ret, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	smgw_ctx *ctx = NULL;
	smgw_tariff_profile *p = NULL;
	smgw_tariff_export *x = NULL;
	smgw_tariff_result *r = NULL;
	struct smgw_diag d = SMGW_DIAG_INIT;

	if (smgw_ctx_new(NULL, &ctx) != 0)
		return 0;
	if (make_profile(ctx, &p) != 0)
		abort();
	if (smgw_tariff_export_load(ctx, NULL, data, size, &x, &d) == 0) {
		int i, n = smgw_tariff_export_list_count(x);

		for (i = 0; i < n; i++) {
			struct smgw_tariff_list_info info = { .struct_size = sizeof(info) };
			const struct smgw_value *v;
			size_t k, c;
			int64_t sum = 0;

			if (smgw_tariff_export_list(x, (size_t)i, &info) != 0)
				abort();
			v = smgw_tariff_export_readings(x, (size_t)i, &c);
			if (v == NULL || c != info.count)
				abort();
			for (k = 0; k < c; k++)
				sum ^= v[k].value ^ v[k].capture_ms;
			(void)sum;
		}
		if (smgw_tariff_evaluate(ctx, p, x, NULL, &r, &d) == 0)
			smgw_tariff_result_free(r);
		smgw_tariff_export_free(x);
	} else if (d.message[0] == '\0') {
		abort();
	}
	smgw_tariff_profile_free(p);
	smgw_ctx_unref(ctx);
	return 0;
}
