/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the SML tests: capture loading and the expected values. */
#ifndef SML_TEST_UTIL_H
#define SML_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <smgw/lmn.h>

#define SML_DATA SMGW_TEST_DATA "/lmn/sml"
#define SML_ARRAY(a) (sizeof(a) / sizeof((a)[0]))

/* Reads a whole file into an exact-size heap buffer (ASan sees overreads). */
static inline uint8_t *sml_load(const char *rel, size_t *ret_len)
{
	char path[1024];
	FILE *f;
	long n;
	uint8_t *buf;

	*ret_len = 0;
	snprintf(path, sizeof(path), "%s/%s", SML_DATA, rel);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*ret_len = (size_t)n;
	return buf;
}

struct sml_exp_value {
	unsigned frame;
	char obis[24];
	int64_t value;
	int scaler;
	unsigned unit;
};

struct sml_exp_file {
	char path[128];
	unsigned frames;
	char flags[8];
	struct sml_exp_value *values;
	size_t nvalues;
};

/* Parses expected-values.txt. Returns the number of files. */
static inline size_t sml_load_expected(struct sml_exp_file **ret)
{
	char path[1024], line[256];
	struct sml_exp_file *files = NULL;
	size_t n = 0, cap = 0;
	FILE *f;

	*ret = NULL;
	snprintf(path, sizeof(path), "%s/expected-values.txt", SML_DATA);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "file ", 5) == 0) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				files = realloc(files, cap * sizeof(*files));
			}
			memset(&files[n], 0, sizeof(files[n]));
			if (sscanf(line, "file %127s %u %7s", files[n].path, &files[n].frames, files[n].flags) == 3)
				n++;
		} else if (strncmp(line, "v ", 2) == 0 && n > 0) {
			struct sml_exp_file *e = &files[n - 1];
			struct sml_exp_value v;
			long long val;

			if (sscanf(line, "v %u %23s %lld %d %u", &v.frame, v.obis, &val, &v.scaler, &v.unit) != 5)
				continue;
			v.value = val;
			e->values = realloc(e->values, (e->nvalues + 1) * sizeof(v));
			e->values[e->nvalues++] = v;
		}
	}
	fclose(f);
	*ret = files;
	return n;
}

static inline void sml_free_expected(struct sml_exp_file *files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(files[i].values);
	free(files);
}

#endif
