/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wM-Bus compact frames: telegrams per second of
 *   full      smgw_wmbus_decode() and all records of a full frame
 *   learn     smgw_wmbus_decode() and smgw_wmbus_format_learn() of a full frame
 *   compact   smgw_wmbus_decode(), smgw_wmbus_compact_records() (look-up,
 *             rebuilding, both CRCs) and all records of a compact frame,
 *             with a cache of the 6 meters only and with 4096 entries
 *             (4090 of other meters in front: the linear look-up's worst case)
 * over the six real Kamstrup full/compact pairs of the test data
 * (tests/data/lmn/wmbus/telegrams.jsonl lines 133..176). Heap use is
 * counted with a malloc interposer.
 *
 * Usage: smgw-bench-wmbus-compact [--seconds S]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smgw/lmn.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static unsigned long long n_alloc;

void *malloc(size_t n)
{
	n_alloc++;
	return __libc_malloc(n);
}

void *calloc(size_t a, size_t b)
{
	n_alloc++;
	return __libc_calloc(a, b);
}

void *realloc(void *old, size_t n)
{
	n_alloc++;
	return __libc_realloc(old, n);
}

void free(void *p)
{
	__libc_free(p);
}

static const char *const pairs[][2] = {
	{ "2E442D2C1376946730048D20EA00A80B20E1347803068E010043060000000314CA0900426CFFFF022D010001FF2100",
	  "25442D2C1376946730048D20E9F1A70B20154D79E7F1887F8E0100000000CA0900FFFF010000" },
	{ "56442D2C99480571340C8D2019708C8322C88F780406AF7D000004FF076556020004FF08D7E701000414CC7A0500043B00000000"
	  "02598F0C025D920D04FF2200000000026CDF214406AF7D00004414CC7A0500426CC121",
	  "3F442D2C99480571340C8D201B728C8322BE3D794DB3E88DAF7D000065560200D7E70100CC7A050000000000810C930D00000000"
	  "DF21AF7D0000CC7A0500C121" },
	{ "7A442D2C012815781C048D206C70E7632234467802F9FF1511130406690B010004EEFF07C1BC020004EEFF0890D401000414A92504"
	  "0084401400000000848040140000000002FD170000026CB929426CBF284406100A01004414D81A0400C4401400000000C48040140000"
	  "0000043B3900000002592A17025D2912",
	  "4F442D2C012815781C048D207171E76322BE7679008430051113690B0100C1BC020090D40100A925040000000000000000000000B929"
	  "BF28100A0100D81A04000000000000000000390000002A172912" },
	{ "32442D2C1703007701188D280080E39322DB8F7822696600126967000269660005FF091954A33A05FF0A99BD823A02FD170800",
	  "27442D2C1703007701188D28FE48E39322E8F179DE735DD3660066006600E007883AA7F738BA0800" },
	{ "2D442D2C776655441B168D2083B48D3A2046887802FF20000004132F4E000092013B3D01A1015B028101E7FF0F03",
	  "21442D2C776655441B168D2079CC8C3A20F4307912C40DFF00002F4E00003D010203" },
	{ "2D442D2C5768663230028D20E4E2C81C20878C7804041A03000004843C00000000042B0300000004AB3C00000000",
	  "27442D2C5768663230028D20E900C91C2011BA79138CCCFB1A030000000000000300000000000000" },
};
#define NPAIRS (sizeof(pairs) / sizeof(pairs[0]))
#define BIG 4096

struct tg {
	uint8_t wire[SMGW_WMBUS_MAX_WIRE];
	size_t len;
};

static struct tg full[NPAIRS], comp[NPAIRS];

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	while (s[0] && s[1] && n < cap && sscanf(s, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

enum { FULL, LEARN, COMPACT, COMPACT_BIG, KINDS };
static const char *const names[KINDS] = { "full frame: decode + records", "full frame: decode + learn",
					  "compact: decode + rebuild + records (6 entries)",
					  "compact: decode + rebuild + records (4096 entries)" };

/* One round over the six meters; returns the records read, or -1 on an error. */
static long round_of(int kind, struct smgw_wmbus_format_cache *cache)
{
	uint8_t work[SMGW_WMBUS_MAX_TELEGRAM], buf[SMGW_WMBUS_MAX_EXPANDED];
	struct smgw_wmbus_telegram t;
	struct smgw_wmbus_records it;
	struct smgw_wmbus_record r;
	long recs = 0;
	size_t i;
	int e;

	for (i = 0; i < NPAIRS; i++) {
		const struct tg *g = kind == FULL || kind == LEARN ? &full[i] : &comp[i];

		if (smgw_wmbus_decode(g->wire, g->len, NULL, SMGW_WMBUS_F_PREDECRYPTED, work, sizeof(work), &t, NULL) != 0)
			return -1;
		if (kind == LEARN) {
			if (smgw_wmbus_format_learn(cache, &t, NULL, NULL) != 0)
				return -1;
			continue;
		}
		if (kind == FULL)
			smgw_wmbus_records_init(&it, t.payload, t.payload_len);
		else if (smgw_wmbus_compact_records(cache, &t, buf, sizeof(buf), &it, NULL) != 0)
			return -1;
		while ((e = smgw_wmbus_record_next(&it, &r, NULL)) == 1)
			recs++;
		if (e != 0)
			return -1;
	}
	return recs;
}

int main(int argc, char **argv)
{
	static struct smgw_wmbus_record_format small_e[8], big_e[BIG];
	struct smgw_wmbus_format_cache small, big;
	struct smgw_wmbus_telegram t;
	uint8_t work[SMGW_WMBUS_MAX_TELEGRAM];
	double seconds = 1.0;
	size_t i;
	int k;

	if (argc == 3 && strcmp(argv[1], "--seconds") == 0)
		seconds = atof(argv[2]);
	else if (argc != 1) {
		fprintf(stderr, "usage: smgw-bench-wmbus-compact [--seconds S]\n");
		return 2;
	}
	for (i = 0; i < NPAIRS; i++) {
		full[i].len = unhex(pairs[i][0], full[i].wire, sizeof(full[i].wire));
		comp[i].len = unhex(pairs[i][1], comp[i].wire, sizeof(comp[i].wire));
	}
	if (smgw_wmbus_format_cache_init(&small, small_e, 8) != 0 || smgw_wmbus_format_cache_init(&big, big_e, BIG) != 0)
		return 1;
	/* the big cache: other meters first, then the six */
	if (smgw_wmbus_decode(full[0].wire, full[0].len, NULL, SMGW_WMBUS_F_PREDECRYPTED, work, sizeof(work), &t, NULL) != 0)
		return 1;
	for (i = 0; i < BIG - NPAIRS; i++) {
		struct smgw_wmbus_telegram o = t;

		o.tpl_id = (uint32_t)(0x10000000u + i);
		if (smgw_wmbus_format_learn(&big, &o, NULL, NULL) != 0)
			return 1;
	}
	if (round_of(LEARN, &small) < 0 || round_of(LEARN, &big) < 0)
		return 1;
	printf("%-52s %14s %12s %18s\n", "operation (6 real Kamstrup meters)", "telegrams/s", "records/tg", "heap allocs/tg");
	for (k = 0; k < KINDS; k++) {
		struct smgw_wmbus_format_cache *c = k == COMPACT_BIG ? &big : &small;
		unsigned long long a0, rounds = 0;
		long recs = 0;
		double t0 = now(), el;

		a0 = n_alloc;
		do {
			long r = round_of(k, c);

			if (r < 0) {
				fprintf(stderr, "%s: decoding failed\n", names[k]);
				return 1;
			}
			recs += r;
			rounds++;
		} while ((el = now() - t0) < seconds);
		printf("%-52s %14.0f %12.1f %18.2f\n", names[k], (double)(rounds * NPAIRS) / el,
		       (double)recs / (double)(rounds * NPAIRS), (double)(n_alloc - a0) / (double)(rounds * NPAIRS));
	}
	printf("sizeof(struct smgw_wmbus_record_format) = %zu, sizeof(struct smgw_wmbus_format_cache) = %zu\n",
	       sizeof(struct smgw_wmbus_record_format), sizeof(struct smgw_wmbus_format_cache));
	return 0;
}
