/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Logbook recovery from arbitrary files: the input becomes the segment of a
 * system log. Opening read-only and verifying, then opening read-write
 * (recovery) and appending, must never crash; a log that verified intact
 * must still verify after recovery and an append.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <smgw/core.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void clear(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[64];
	struct smgw_logbook_params ro = { .struct_size = sizeof(ro), .flags = SMGW_LOGBOOK_READONLY };
	struct smgw_logbook_verify_result vr;
	struct smgw_logbook_event ev = { .struct_size = sizeof(ev), .source = "fuzz" };
	smgw_logstore *st;
	smgw_logbook *lb;
	smgw_ctx *ctx;
	char path[128];
	FILE *f;
	uint64_t n;
	int intact = 0;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/smgw-fuzz-logbook-%d", (int)getpid());
	}
	if (smgw_ctx_new(NULL, &ctx) != 0)
		return 0;
	if (smgw_logstore_new_dir(ctx, dir, &st) != 0) {
		smgw_ctx_unref(ctx);
		return 0;
	}
	clear(dir);
	snprintf(path, sizeof(path), "%s/system-0000000000000000.seg", dir);
	f = fopen(path, "wb");
	if (f) {
		if (size)
			fwrite(data, 1, size, f);
		fclose(f);
	}
	if (smgw_logbook_open(st, SMGW_LOGBOOK_SYSTEM, NULL, 0, &ro, NULL, &lb) == 0) {
		intact = smgw_logbook_verify(lb, NULL, NULL, &vr) == 0;
		(void)smgw_logbook_count(lb, NULL, &n);
		smgw_logbook_close(lb);
	}
	if (smgw_logbook_open(st, SMGW_LOGBOOK_SYSTEM, NULL, 0, NULL, NULL, &lb) == 0) {
		if (smgw_logbook_append(lb, &ev, NULL) == 0 && intact && smgw_logbook_verify(lb, NULL, NULL, &vr) != 0)
			abort();
		smgw_logbook_close(lb);
	}
	clear(dir);
	smgw_logstore_free(st);
	smgw_ctx_unref(ctx);
	return 0;
}
