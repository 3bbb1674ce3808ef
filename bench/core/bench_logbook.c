/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Logbook benchmark: appends per second with fsync per append and with
 * batched syncs, bytes per record on disk, and the verify rate.
 * usage: bench-core-logbook [DIR] [N]   (DIR should be on the target's flash/disk)
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <smgw/core.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void clear(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[1024];

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
}

static uint64_t dir_bytes(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char p[1024];
	uint64_t sum = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (stat(p, &st) == 0)
			sum += (uint64_t)st.st_size;
	}
	closedir(d);
	return sum;
}

static int run(smgw_ctx *ctx, const char *dir, int sync, int n, double *ret_rate)
{
	struct smgw_logbook_params p = { .struct_size = sizeof(p), .sync = sync, .segment_size = 1 << 20 };
	smgw_logstore *st;
	smgw_logbook *lb;
	double t0;
	int i;

	clear(dir);
	if (smgw_logstore_new_dir(ctx, dir, &st) != 0 ||
	    smgw_logbook_open(st, SMGW_LOGBOOK_CONSUMER, (const uint8_t *)"1ITR0054927492", 14, &p, NULL, &lb) != 0)
		return 1;
	t0 = now();
	for (i = 0; i < n; i++) {
		struct smgw_logbook_event ev = { .struct_size = sizeof(ev) };
		ev.event_type = 2;
		ev.time_ms = INT64_C(1790000000000) + (int64_t)i * 900000;
		ev.level = SMGW_LOGBOOK_INFO;
		ev.source = "TAF-7";
		ev.recipient = "EMT-9900000000001";
		ev.text = "Submission of billing data to external entity";
		int e = smgw_logbook_append(lb, &ev, NULL);
		if (e != 0) {
			fprintf(stderr, "append %d: %s\n", i, smgw_strerror(e));
			return 1;
		}
		if (sync == SMGW_LOGBOOK_SYNC_NONE && i % 100 == 99)
			smgw_logbook_sync(lb);
	}
	smgw_logbook_sync(lb);
	*ret_rate = n / (now() - t0);
	smgw_logbook_close(lb);
	smgw_logstore_free(st);
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp/smgw-bench-logbook";
	int n = argc > 2 ? atoi(argv[2]) : 20000;
	struct smgw_logbook_params ro = { .struct_size = sizeof(ro), .flags = SMGW_LOGBOOK_READONLY };
	struct smgw_logbook_verify_result vr;
	smgw_logstore *st;
	smgw_logbook *lb;
	smgw_ctx *ctx;
	double each, batched, t0, verify;

	mkdir(dir, 0700);
	if (n <= 0 || smgw_ctx_new(NULL, &ctx) != 0)
		return 2;
	if (run(ctx, dir, SMGW_LOGBOOK_SYNC_EACH, n / 10 ? n / 10 : 1, &each) ||
	    run(ctx, dir, SMGW_LOGBOOK_SYNC_NONE, n, &batched))
		return 1;
	if (smgw_logstore_new_dir(ctx, dir, &st) != 0 ||
	    smgw_logbook_open(st, SMGW_LOGBOOK_CONSUMER, (const uint8_t *)"1ITR0054927492", 14, &ro, NULL, &lb) != 0)
		return 1;
	t0 = now();
	if (smgw_logbook_verify(lb, NULL, NULL, &vr) != 0)
		return 1;
	verify = (double)vr.records / (now() - t0);
	printf("appends/s, fsync per append      %10.0f\n", each);
	printf("appends/s, fsync per 100 appends %10.0f\n", batched);
	printf("bytes per record on disk         %10.1f\n", (double)dir_bytes(dir) / (double)vr.records);
	printf("verified records/s               %10.0f\n", verify);
	smgw_logbook_close(lb);
	smgw_logstore_free(st);
	clear(dir);
	rmdir(dir);
	smgw_ctx_unref(ctx);
	return 0;
}
