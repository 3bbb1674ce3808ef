/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wM-Bus/OMS benchmark: telegrams per second and bytes of state of
 * smgw_wmbus_decode() plus the record iterator, per kind of telegram:
 *   plain        unencrypted (and already decrypted) telegrams
 *   mode 5       AES-128-CBC with the OMS IV
 *   ELL CTR      ELL AES-128-CTR with the payload CRC
 *   mode 7       AES-CMAC key derivation, AES-CMAC MAC, AES-128-CBC (one
 *                telegram built with the openssl command line, see
 *                tests/lmn/wmbus/e2e_smgw_wmbus.py)
 *   format A     the plain telegrams with their data-link CRCs added
 * Every telegram is decoded and all its records read, each round. Heap use
 * is counted with a malloc interposer (the decoder itself never allocates;
 * libcrypto's EVP contexts do, once per cipher or MAC operation).
 *
 * Usage: smgw-bench-wmbus [--seconds S] TELEGRAM_DIR
 *   TELEGRAM_DIR holds *.hex telegrams and expected.json with their keys
 *   (tests/data/lmn/wmbus/telegrams).
 */
#include <dirent.h>
#include <malloc.h>
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

struct tg {
	uint8_t wire[SMGW_WMBUS_MAX_WIRE];
	size_t len;
	uint8_t key[16];
	int has_key;
};

enum { PLAIN, MODE5, ELL, MODE7, FORMAT_A, KINDS };
static const char *const kind_names[KINDS] = { "plain (no encryption)", "mode 5 (AES-CBC)", "ELL AES-CTR",
					       "mode 7 (CMAC KDF + MAC, AES-CBC)", "plain, frame format A (CRCs)" };
static struct tg *set[KINDS];
static size_t nset[KINDS], capset[KINDS];

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

static void add(int kind, const struct tg *t)
{
	if (nset[kind] == capset[kind]) {
		capset[kind] = capset[kind] ? 2 * capset[kind] : 64;
		set[kind] = realloc(set[kind], capset[kind] * sizeof(struct tg));
		if (!set[kind])
			exit(2);
	}
	set[kind][nset[kind]++] = *t;
}

static size_t add_crc(const uint8_t *p, size_t n, uint8_t *out)
{
	uint16_t c = smgw_wmbus_crc16(p, n);

	memmove(out, p, n);
	out[n] = (uint8_t)(c >> 8);
	out[n + 1] = (uint8_t)c;
	return n + 2;
}

/* The key of a telegram file from expected.json ("key": "HEX" or null). */
static int find_key(const char *json, const char *name, uint8_t key[16])
{
	char pat[300];
	const char *p, *k;

	snprintf(pat, sizeof(pat), "\"%s\": {", name);
	if (!(p = strstr(json, pat)) || !(k = strstr(p, "\"key\": ")))
		return 0;
	k += 7;
	if (*k != '"' || strspn(k + 1, "0123456789abcdefABCDEF") != 32)
		return 0;
	return unhex(k + 1, key, 16) == 16;
}

static size_t run_set(int kind, uint64_t *records)
{
	uint8_t work[SMGW_WMBUS_MAX_TELEGRAM];
	size_t i, ok = 0;

	for (i = 0; i < nset[kind]; i++) {
		struct smgw_wmbus_telegram t;
		struct smgw_wmbus_records it;
		struct smgw_wmbus_record r;

		if (smgw_wmbus_decode(set[kind][i].wire, set[kind][i].len, set[kind][i].has_key ? set[kind][i].key : NULL,
				      SMGW_WMBUS_F_PREDECRYPTED, work, sizeof(work), &t, NULL) != 0)
			continue;
		ok++;
		smgw_wmbus_records_init(&it, t.payload, t.payload_len);
		while (smgw_wmbus_record_next(&it, &r, NULL) == 1)
			(*records)++;
	}
	return ok;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static char json[1 << 20];
	double seconds = 2;
	const char *dir;
	char path[1024];
	DIR *dp;
	struct dirent *de;
	FILE *f;
	size_t n;
	int k, a = 1;
	/* mode 7 telegram built with the openssl command line (key 000102...0f) */
	static const char mode7[] = "3044ae4c995634126807900f002c05230100005e91d5418b5da5a27a3600100710085a2db14adc0fc2a30e978346e67ece";

	if (a + 1 < argc && strcmp(argv[a], "--seconds") == 0) {
		seconds = atof(argv[a + 1]);
		a += 2;
	}
	if (a + 1 != argc) {
		fprintf(stderr, "usage: smgw-bench-wmbus [--seconds S] TELEGRAM_DIR\n");
		return 2;
	}
	dir = argv[a];
	snprintf(path, sizeof(path), "%s/expected.json", dir);
	if (!(f = fopen(path, "r"))) {
		fprintf(stderr, "cannot open %s\n", path);
		return 2;
	}
	n = fread(json, 1, sizeof(json) - 1, f);
	json[n] = 0;
	fclose(f);
	if (!(dp = opendir(dir)))
		return 2;
	while ((de = readdir(dp)) != NULL) {
		static char hex[4096];
		struct tg t;
		uint8_t work[SMGW_WMBUS_MAX_TELEGRAM];
		struct smgw_wmbus_telegram d;
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 4, ".hex") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		n = fread(hex, 1, sizeof(hex) - 1, f);
		hex[n] = 0;
		fclose(f);
		memset(&t, 0, sizeof(t));
		t.len = unhex(hex, t.wire, sizeof(t.wire));
		t.has_key = find_key(json, de->d_name, t.key);
		if (smgw_wmbus_decode(t.wire, t.len, t.has_key ? t.key : NULL, SMGW_WMBUS_F_PREDECRYPTED, work, sizeof(work),
				      &d, NULL) != 0)
			continue;
		if (d.flags & SMGW_WMBUS_T_ELL_ENCRYPTED) {
			add(ELL, &t);
		} else if (d.flags & SMGW_WMBUS_T_ENCRYPTED) {
			add(MODE5, &t);
		} else {
			add(PLAIN, &t);
			if (d.format == SMGW_WMBUS_FORMAT_NOCRC) {
				struct tg fa = t;
				size_t o = add_crc(t.wire, 10, fa.wire), i;
				for (i = 10; i < t.len; i += 16)
					o += add_crc(t.wire + i, t.len - i < 16 ? t.len - i : 16, fa.wire + o);
				fa.len = o;
				add(FORMAT_A, &fa);
			}
		}
	}
	closedir(dp);
	{
		struct tg t;
		memset(&t, 0, sizeof(t));
		t.len = unhex(mode7, t.wire, sizeof(t.wire));
		for (k = 0; k < 16; k++)
			t.key[k] = (uint8_t)k;
		t.has_key = 1;
		add(MODE7, &t);
	}
	printf("state: struct smgw_wmbus_telegram %zu bytes, work buffer %d bytes, struct smgw_wmbus_records %zu bytes, "
	       "struct smgw_wmbus_record %zu bytes (all caller memory)\n",
	       sizeof(struct smgw_wmbus_telegram), SMGW_WMBUS_MAX_TELEGRAM, sizeof(struct smgw_wmbus_records),
	       sizeof(struct smgw_wmbus_record));
	printf("| telegrams | count | telegrams/s | MB/s | records/telegram | heap allocations/telegram |\n");
	printf("|---|---:|---:|---:|---:|---:|\n");
	for (k = 0; k < KINDS; k++) {
		uint64_t recs = 0, rounds = 0, bytes = 0;
		unsigned long long a0;
		double t0, t1;
		size_t i, ok;

		if (!nset[k])
			continue;
		for (i = 0; i < nset[k]; i++)
			bytes += set[k][i].len;
		ok = run_set(k, &recs); /* warm-up */
		if (ok != nset[k])
			fprintf(stderr, "%s: %zu of %zu decode\n", kind_names[k], ok, nset[k]);
		recs = 0;
		a0 = n_alloc;
		t0 = now();
		do {
			run_set(k, &recs);
			rounds++;
			t1 = now();
		} while (t1 - t0 < seconds);
		printf("| %s | %zu | %.0f | %.1f | %.1f | %.2f |\n", kind_names[k], nset[k],
		       (double)(rounds * nset[k]) / (t1 - t0), (double)(rounds * bytes) / (t1 - t0) / 1e6,
		       (double)recs / (double)(rounds * nset[k]), (double)(n_alloc - a0) / (double)(rounds * nset[k]));
	}
	return 0;
}
