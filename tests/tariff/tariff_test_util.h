/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers of the tariff tests: read files, build AR 2418-6 documents in memory. */
#ifndef TARIFF_TEST_UTIL_H
#define TARIFF_TEST_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/tariff.h>

#define SCHEMA_DIR SMGW_TEST_SOURCE_ROOT "/libsmgw-tariff/data/schema"
#define TRUDI_DIR SMGW_TEST_DATA "/tariff/trudi/xml"

struct sbuf {
	char *p;
	size_t len, cap;
};

static inline void sb_printf(struct sbuf *b, const char *fmt, ...) SMGW_PRINTF(2, 3);

static inline void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? room : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if (b->p != NULL && (size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->cap + (size_t)n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (b->p == NULL)
			abort();
	}
}

static inline uint8_t *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

#define AR_HEAD                                                                                                   \
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"                                                             \
	"<UsagePoints xmlns=\"http://vde.de/AR_2418-6.xsd\" xmlns:espi=\"http://naesb.org/espi\">\n"               \
	"<UsagePoint><espi:ServiceCategory><espi:kind>0</espi:kind></espi:ServiceCategory>\n"                      \
	"<usagePointId>TEST</usagePointId><Customer><customerId>c</customerId></Customer>\n"                      \
	"<InvoicingParty><invoicingPartyId>p</invoicingPartyId></InvoicingParty>\n"                                 \
	"<SMGW><smgwId>EDNT0000000001</smgwId></SMGW><tariffName>t</tariffName>\n"

/*
 * Opens an AnalysisProfile: TAF, billing start (ISO text) and duration in s,
 * stages as "tariffNumber:OBIS-hex" pairs.
 */
static inline void sb_profile_head(struct sbuf *b, int taf, const char *start, long long duration, int nstages,
				   const int *numbers, const char *const *obis)
{
	int i;

	sb_printf(b, AR_HEAD "<AnalysisProfile><tariffUseCase>%d</tariffUseCase><tariffId>test</tariffId>\n", taf);
	sb_printf(b, "<billingPeriod><duration>%lld</duration><start>%s</start></billingPeriod>\n", duration, start);
	for (i = 0; i < nstages; i++)
		sb_printf(b, "<TariffStage><tariffNumber>%d</tariffNumber><obisCode>%s</obisCode></TariffStage>\n",
			  numbers[i], obis[i]);
	sb_printf(b, "<defaultTariffNumber>%d</defaultTariffNumber><TariffChangeTrigger><TimeTrigger>\n", numbers[0]);
}

/* A day profile with 96 quarter hours; tariff[k] for quarter hour k. */
static inline void sb_day_profile(struct sbuf *b, int day_id, const int tariff[96])
{
	int k;

	sb_printf(b, "<DayProfile><dayId>%d</dayId>\n", day_id);
	for (k = 0; k < 96; k++)
		sb_printf(b,
			  "<DayTimeProfile><startTime><hour>%d</hour><minute>%d</minute></startTime>"
			  "<tariffNumber>%d</tariffNumber></DayTimeProfile>\n",
			  k / 4, k % 4 * 15, tariff[k]);
	sb_printf(b, "</DayProfile>\n");
}

static inline void sb_special_day(struct sbuf *b, int y, int m, int d, int day_id)
{
	sb_printf(b,
		  "<SpecialDayProfile><specialDayDate><year>%d</year><month>%d</month><day_of_month>%d</day_of_month>"
		  "</specialDayDate><dayId>%d</dayId></SpecialDayProfile>\n",
		  y, m, d, day_id);
}

static inline void sb_profile_tail(struct sbuf *b)
{
	sb_printf(b, "</TimeTrigger></TariffChangeTrigger></AnalysisProfile></UsagePoint></UsagePoints>\n");
}

#endif
