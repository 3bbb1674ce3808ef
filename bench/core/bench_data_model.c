/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Speed of the data-model functions of libsmgw-core: OBIS parse/format,
 * FNN status parse and PTB mapping, exact decimal formatting, server id
 * formatting. The libc baseline (sscanf/snprintf doing the same job, without
 * the strictness checks) is measured in the same run.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smgw/core.h>

#define ROUNDS 2000000

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static volatile uint64_t sink;

#define BENCH(label, ...) \
	do { \
		double t0 = now_ns(); \
		for (long i_ = 0; i_ < ROUNDS; i_++) { \
			__VA_ARGS__; \
		} \
		printf("%-44s %8.1f ns/op\n", label, (now_ns() - t0) / ROUNDS); \
	} while (0)

int main(void)
{
	static const char *const texts[] = { "1-0:1.8.0*255", "1.8.0", "0100010800FF", "129-129:199.130.3*255" };
	static const uint8_t id[] = { 0x0a, 0x01, 0x44, 0x5a, 0x47, 0x00, 0x02, 0x82, 0x22, 0x5e };
	struct smgw_obis o = { 1, 0, 1, 8, 0, 255 };
	char buf[SMGW_VALUE_DECIMAL_LEN];
	uint64_t w = 0;

	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		char label[64];
		size_t len = strlen(texts[t]);

		snprintf(label, sizeof(label), "smgw_obis_parse \"%s\"", texts[t]);
		BENCH(label, { if (smgw_obis_parse(texts[t], len, &o) == 0) sink += o.c; });
	}
	o = (struct smgw_obis){ 1, 0, 1, 8, 0, 255 };
	BENCH("libc sscanf \"1-0:1.8.0*255\" (baseline)", {
		unsigned a, b, c, d, e, f;
		if (sscanf("1-0:1.8.0*255", "%u-%u:%u.%u.%u*%u", &a, &b, &c, &d, &e, &f) == 6) sink += c;
	});
	BENCH("smgw_obis_format", { sink += (uint64_t)smgw_obis_format(&o, buf, sizeof(buf)); });
	BENCH("libc snprintf A-B:C.D.E*F (baseline)", {
		sink += (uint64_t)snprintf(buf, sizeof(buf), "%u-%u:%u.%u.%u*%u", o.a, o.b, o.c, o.d, o.e, o.f);
	});
	BENCH("smgw_obis_name (1-0:1.8.0)", { sink += (uintptr_t)smgw_obis_name(&o); });
	BENCH("smgw_fnn_parse", { if (smgw_fnn_parse("A084000020000000", 16, &w) == 0) sink += w; });
	BENCH("smgw_fnn_to_ptb", { sink += (uint64_t)smgw_fnn_to_ptb(w + (uint64_t)i_); });
	BENCH("smgw_value_format_decimal (44590612e-4)", {
		sink += (uint64_t)smgw_value_format_decimal(44590612 + i_, -4, buf, sizeof(buf));
	});
	BENCH("libc snprintf %lld.%04lld (baseline)", {
		long long v = 44590612 + i_;
		sink += (uint64_t)snprintf(buf, sizeof(buf), "%lld.%04lld", v / 10000, v % 10000);
	});
	BENCH("smgw_server_id_format (DIN)", { sink += (uint64_t)smgw_server_id_format(id, sizeof(id), buf, sizeof(buf)); });
	return sink == 42 ? 1 : 0;
}
