/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Logbooks: append/iterate/filter, consumer isolation, power cuts at every
 * byte of an append, a killed writer, every single-bit flip, deleted,
 * changed and reordered records, rotation, full disk, signed anchors, and
 * the XML export validated against the AR 2418-6 schema.
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#ifdef HAVE_LIBXML2
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#endif

#include <smgw/core.h>
#include <smgw/sys/logstore.h>

#include "logbook-private.h" /* the disk-full test wraps the directory store */

static smgw_ctx *ctx;

static int setup(void **state)
{
	(void)state;
	return smgw_ctx_new(NULL, &ctx);
}

static int teardown(void **state)
{
	(void)state;
	smgw_ctx_unref(ctx);
	return 0;
}

static void tmpdir(char *buf, size_t size)
{
	snprintf(buf, size, "/tmp/smgw-logbook-test-XXXXXX");
	assert_non_null(mkdtemp(buf));
}

static void rmtree(const char *dir)
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
	rmdir(dir);
}

static void copy_dir(const char *from, const char *to)
{
	DIR *d = opendir(from);
	struct dirent *e;
	char a[512], b[512], buf[65536];

	assert_non_null(d);
	mkdir(to, 0700);
	while ((e = readdir(d)) != NULL) {
		FILE *in, *out;
		size_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(a, sizeof(a), "%s/%s", from, e->d_name);
		snprintf(b, sizeof(b), "%s/%s", to, e->d_name);
		in = fopen(a, "rb");
		out = fopen(b, "wb");
		assert_non_null(in);
		assert_non_null(out);
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			assert_int_equal(fwrite(buf, 1, n, out), n);
		fclose(in);
		fclose(out);
	}
	closedir(d);
}

static long file_size(const char *path)
{
	struct stat st;

	/* bounded so that callers may allocate it */
	return stat(path, &st) == 0 && st.st_size < 1000000 ? (long)st.st_size : 0;
}

static smgw_logbook *open_lb(smgw_logstore *st, int32_t kind, const char *id, const struct smgw_logbook_params *p,
			     struct smgw_logbook_info *info, int expect)
{
	smgw_logbook *lb = NULL;
	int e = smgw_logbook_open(st, kind, (const uint8_t *)id, id ? strlen(id) : 0, p, info, &lb);

	assert_int_equal(e, expect);
	return lb;
}

static void append_n(smgw_logbook *lb, int from, int n)
{
	int i;

	for (i = from; i < from + n; i++) {
		char text[64];
		struct smgw_logbook_event ev = { .struct_size = sizeof(ev) };
		uint64_t seq;

		snprintf(text, sizeof(text), "event %d", i);
		ev.event_type = (uint32_t)(i % 5);
		ev.time_ms = INT64_C(1790000000000) + (int64_t)i * 900000;
		ev.level = 1 + i % 4;
		ev.outcome = i % 7 == 0;
		ev.source = "test";
		ev.subject = i % 3 ? "consumer-a" : NULL;
		ev.text = text;
		assert_int_equal(smgw_logbook_append(lb, &ev, &seq), 0);
	}
}

static int verify_ro(const char *dir, int32_t kind, const char *id, struct smgw_logbook_verify_result *vr)
{
	struct smgw_logbook_params p = { .struct_size = sizeof(p), .flags = SMGW_LOGBOOK_READONLY };
	smgw_logstore *st;
	smgw_logbook *lb = NULL;
	int e;

	assert_int_equal(smgw_logstore_new_dir(ctx, dir, &st), 0);
	e = smgw_logbook_open(st, kind, (const uint8_t *)id, id ? strlen(id) : 0, &p, NULL, &lb);
	if (e == 0) {
		e = smgw_logbook_verify(lb, NULL, NULL, vr);
		smgw_logbook_close(lb);
	}
	smgw_logstore_free(st);
	return e;
}

static int count_cb(void *ud, const struct smgw_logbook_record *r)
{
	(void)r;
	(*(int *)ud)++;
	return 0;
}

static void test_append_list_filter(void **state)
{
	char dir[64];
	smgw_logstore *st;
	smgw_logbook *lb;
	struct smgw_logbook_info info;
	struct smgw_logbook_filter f;
	struct smgw_logbook_verify_result vr;
	uint64_t n;
	int seen = 0;

	(void)state;
	tmpdir(dir, sizeof(dir));
	assert_int_equal(smgw_logstore_new_dir(ctx, dir, &st), 0);
	lb = open_lb(st, SMGW_LOGBOOK_SYSTEM, NULL, NULL, &info, 0);
	assert_int_equal(info.records, 0);
	append_n(lb, 0, 100);
	assert_int_equal(smgw_logbook_count(lb, NULL, &n), 0);
	assert_int_equal(n, 100);
	memset(&f, 0, sizeof(f));
	f.flags = SMGW_LOGBOOK_FILTER_TYPE;
	f.event_type = 3;
	assert_int_equal(smgw_logbook_count(lb, &f, &n), 0);
	assert_int_equal(n, 20);
	memset(&f, 0, sizeof(f));
	f.flags = SMGW_LOGBOOK_FILTER_TIME;
	f.time_from_ms = INT64_C(1790000000000) + 10 * 900000;
	f.time_to_ms = INT64_C(1790000000000) + 20 * 900000;
	assert_int_equal(smgw_logbook_count(lb, &f, &n), 0);
	assert_int_equal(n, 10);
	f.min_level = 4; /* level 4 is every fourth record: 11, 15, 19 */
	assert_int_equal(smgw_logbook_foreach(lb, &f, count_cb, &seen), 3);
	assert_int_equal(seen, 3);
	assert_int_equal(smgw_logbook_verify(lb, NULL, NULL, &vr), 0);
	assert_int_equal(vr.records, 100);
	assert_int_equal(vr.head_seq, 99);
	smgw_logbook_close(lb);
	/* reopen continues the chain */
	lb = open_lb(st, SMGW_LOGBOOK_SYSTEM, NULL, NULL, &info, 0);
	assert_int_equal(info.next_seq, 100);
	assert_int_equal(info.torn_bytes, 0);
	append_n(lb, 100, 5);
	assert_int_equal(smgw_logbook_verify(lb, NULL, NULL, &vr), 0);
	assert_int_equal(vr.records, 105);
	smgw_logbook_close(lb);
	/* a read-only handle cannot append */
	{
		struct smgw_logbook_params p = { .struct_size = sizeof(p), .flags = SMGW_LOGBOOK_READONLY };
		struct smgw_logbook_event ev = { .struct_size = sizeof(ev), .source = "x" };
		lb = open_lb(st, SMGW_LOGBOOK_SYSTEM, NULL, &p, NULL, 0);
		assert_int_equal(smgw_logbook_append(lb, &ev, NULL), SMGW_E_PERM);
		smgw_logbook_close(lb);
	}
	smgw_logstore_free(st);
	rmtree(dir);
}

static void test_bad_arguments(void **state)
{
	char dir[64], big[SMGW_LOGBOOK_TEXT_MAX + 2];
	smgw_logstore *st;
	smgw_logbook *lb;
	struct smgw_logbook_event ev = { .struct_size = sizeof(ev), .source = "x" };
	struct smgw_logstore_ops old;

	(void)state;
	tmpdir(dir, sizeof(dir));
	assert_int_equal(smgw_logstore_new_dir(ctx, dir, &st), 0);
	open_lb(st, SMGW_LOGBOOK_CONSUMER, NULL, NULL, NULL, SMGW_E_INVAL);
	open_lb(st, SMGW_LOGBOOK_SYSTEM, "id", NULL, NULL, SMGW_E_INVAL);
	open_lb(st, 9, NULL, NULL, NULL, SMGW_E_INVAL);
	lb = open_lb(st, SMGW_LOGBOOK_CALIBRATION, NULL, NULL, NULL, 0);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	ev.text = big;
	assert_int_equal(smgw_logbook_append(lb, &ev, NULL), SMGW_E_LIMIT);
	ev.text = NULL;
	ev.source = NULL;
	assert_int_equal(smgw_logbook_append(lb, &ev, NULL), SMGW_E_INVAL);
	ev.source = "x";
	ev.data_len = SMGW_LOGBOOK_DATA_MAX + 1;
	ev.data = (const uint8_t *)big;
	assert_int_equal(smgw_logbook_append(lb, &ev, NULL), SMGW_E_LIMIT);
	assert_int_equal(smgw_logbook_anchor(lb, 0), SMGW_E_UNSUPPORTED);
	smgw_logbook_close(lb);
	/* a backend table smaller than the first release is refused */
	memset(&old, 0, sizeof(old));
	old.struct_size = offsetof(struct smgw_logstore_ops, sync);
	{
		smgw_logstore *s2 = NULL;
		assert_int_equal(smgw_logstore_new(ctx, &old, NULL, &s2), SMGW_E_INVAL);
	}
	smgw_logstore_free(st);
	rmtree(dir);
}

/* A consumer handle reads only its own records; swapped files are detected. */
static void test_consumer_isolation(void **state)
{
	char dir[64], a[512], b[512];
	smgw_logstore *st;
	smgw_logbook *la, *lb;
	struct smgw_logbook_verify_result vr;
	uint64_t n;

	(void)state;
	tmpdir(dir, sizeof(dir));
	assert_int_equal(smgw_logstore_new_dir(ctx, dir, &st), 0);
	la = open_lb(st, SMGW_LOGBOOK_CONSUMER, "alice", NULL, NULL, 0);
	lb = open_lb(st, SMGW_LOGBOOK_CONSUMER, "bob", NULL, NULL, 0);
	append_n(la, 0, 7);
	append_n(lb, 0, 3);
	assert_int_equal(smgw_logbook_count(la, NULL, &n), 0);
	assert_int_equal(n, 7);
	assert_int_equal(smgw_logbook_count(lb, NULL, &n), 0);
	assert_int_equal(n, 3);
	smgw_logbook_close(la);
	smgw_logbook_close(lb);
	smgw_logstore_free(st);
	/* put alice's segment in bob's place: bob's chain starts elsewhere */
	snprintf(a, sizeof(a), "%s/consumer-616c696365-0000000000000000.seg", dir);
	snprintf(b, sizeof(b), "%s/consumer-626f62-0000000000000000.seg", dir);
	assert_int_equal(rename(a, b), 0);
	assert_int_equal(verify_ro(dir, SMGW_LOGBOOK_CONSUMER, "bob", &vr), SMGW_E_INTEGRITY);
	assert_int_equal(vr.first_bad_seq, 0);
	rmtree(dir);
}

/* Cut the last append at every byte: recovery keeps every committed record. */
static void test_power_cut_every_byte(void **state)
{
	char dir[64], work[96], seg[160];
	struct smgw_logbook_params p = { .struct_size = sizeof(p), .segment_size = 1 << 20 };
	smgw_logstore *st;
	smgw_logbook *lb;
	int round, opens = 0;

	(void)state;
	tmpdir(dir, sizeof(dir));
	snprintf(work, sizeof(work), "%s-work", dir);
	assert_int_equal(smgw_logstore_new_dir(ctx, dir, &st), 0);
	lb = open_lb(st, SMGW_LOGBOOK_SYSTEM, NULL, &p, NULL, 0);
	snprintf(seg, sizeof(seg), "%s/system-0000000000000000.seg", work);
	for (round = 0; round < 30; round++) {
		char segsrc[160];
		long before, after, cut;

		/* thousands of appends overall: 60 per round */
		append_n(lb, round * 61, 60);
		snprintf(segsrc, sizeof(segsrc), "%s/system-0000000000000000.seg", dir);
		before = file_size(segsrc);
		append_n(lb, round * 61 + 60, 1);
		after = file_size(segsrc);
		assert_true(after > before);
		for (cut = before; cut < after; cut++) {
			smgw_logstore *s2;
			smgw_logbook *l2;
			struct smgw_logbook_info info;
			struct smgw_logbook_verify_result vr;

			rmtree(work);
			copy_dir(dir, work);
			assert_int_equal(truncate(seg, cut), 0);
			assert_int_equal(smgw_logstore_new_dir(ctx, work, &s2), 0);
			l2 = open_lb(s2, SMGW_LOGBOOK_SYSTEM, NULL, &p, &info, 0);
			/* every record committed before the cut append survives */
			assert_int_equal(info.records, (uint64_t)(round * 61 + 60));
			assert_int_equal(info.torn_bytes, (uint64_t)(cut - before));
			assert_int_equal(smgw_logbook_verify(l2, NULL, NULL, &vr), 0);
			/* and the log continues */
			append_n(l2, 100000, 1);
			assert_int_equal(smgw_logbook_verify(l2, NULL, NULL, &vr), 0);
			smgw_logbook_close(l2);
			smgw_logstore_free(s2);
			opens++;
		}
	}
	assert_true(opens > 1000);
	smgw_logbook_close(lb);
	smgw_logstore_free(st);
	rmtree(work);
	rmtree(dir);
}

/* Kill a writer process at random moments: what it reported committed survives. */
static void test_kill_writer(void **state)
{
	char dir[64];
	int round;

	(void)state;
	tmpdir(dir, sizeof(dir));
	for (round = 0; round < 8; round++) {
		int fds[2];
		pid_t pid;
		uint64_t committed = 0, seq;
		ssize_t r;

		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			smgw_logstore *st;
			smgw_logbook *lb;
			int i;

			close(fds[0]);
			if (smgw_logstore_new_dir(ctx, dir, &st) != 0 ||
			    smgw_logbook_open(st, SMGW_LOGBOOK_SYSTEM, NULL, 0, NULL, NULL, &lb) != 0)
				_exit(3);
			for (i = 0;; i++) {
				struct smgw_logbook_event ev = { .struct_size = sizeof(ev), .source = "writer",
								 .text = "a record that is long enough to be cut in the middle" };
				if (smgw_logbook_append(lb, &ev, &seq) != 0)
					_exit(4);
				if (write(fds[1], &seq, sizeof(seq)) != sizeof(seq))
					_exit(5);
			}
		}
		close(fds[1]);
		usleep(20000 + 7919 * (unsigned)round % 30000);
		kill(pid, SIGKILL);
		while ((r = read(fds[0], &seq, sizeof(seq))) == sizeof(seq))
			committed = seq + 1;
		close(fds[0]);
		waitpid(pid, NULL, 0);
		{
			smgw_logstore *st;
			smgw_logbook *lb;
			struct smgw_logbook_info info;
			struct smgw_logbook_verify_result vr;

			assert_int_equal(smgw_logstore_new_dir(ctx, dir, &st), 0);
			lb = open_lb(st, SMGW_LOGBOOK_SYSTEM, NULL, NULL, &info, 0);
			assert_true(info.next_seq >= committed);
			assert_int_equal(smgw_logbook_verify(lb, NULL, NULL, &vr), 0);
			smgw_logbook_close(lb);
			smgw_logstore_free(st);
		}
	}
	rmtree(dir);
}

/* Every single-bit flip anywhere in a segment is detected. */
static void test_every_bit_flip_detected(void **state)
{
	char dir[64], work[96], seg[160];
	smgw_logstore *st;
	smgw_logbook *lb;
	unsigned char *orig;
	long size, i;
	int bit;
	FILE *f;

	(void)state;
	tmpdir(dir, sizeof(dir));
	snprintf(work, sizeof(work), "%s-work", dir);
	assert_int_equal(smgw_logstore_new_dir(ctx, dir, &st), 0);
	lb = open_lb(st, SMGW_LOGBOOK_CALIBRATION, NULL, NULL, NULL, 0);
	append_n(lb, 0, 3);
	smgw_logbook_close(lb);
	smgw_logstore_free(st);
	snprintf(seg, sizeof(seg), "%s/calibration-0000000000000000.seg", dir);
	size = file_size(seg);
	assert_true(size > 16 && size < 1000000);
	orig = malloc((size_t)size & 0xfffff);
	assert_non_null(orig);
	f = fopen(seg, "rb");
	assert_int_equal(fread(orig, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	snprintf(seg, sizeof(seg), "%s/calibration-0000000000000000.seg", work);
	for (i = 0; i < size; i++) {
		for (bit = 0; bit < 8; bit++) {
			struct smgw_logbook_verify_result vr;
			int e;

			rmtree(work);
			mkdir(work, 0700);
			f = fopen(seg, "wb");
			orig[i] ^= (unsigned char)(1u << bit);
			assert_int_equal(fwrite(orig, 1, (size_t)size, f), (size_t)size);
			orig[i] ^= (unsigned char)(1u << bit);
			fclose(f);
			e = verify_ro(work, SMGW_LOGBOOK_CALIBRATION, NULL, &vr);
			if (e != SMGW_E_INTEGRITY)
				fail_msg("flip of bit %d in byte %ld not detected (%d)", bit, i, e);
		}
	}
	free(orig);
	rmtree(work);
	rmtree(dir);
}

/* Frame-level edits with valid checksums: the hash chain catches them. */
static uint32_t crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
	}
	return ~c;
}

struct frame {
	long off, len; /* whole frame */
};

static int frames_of(const unsigned char *b, long size, struct frame *fr, int max)
{
	long off = 16;
	int n = 0;

	while (off + 4 <= size && n < max) {
		long len = (long)b[off] << 24 | (long)b[off + 1] << 16 | (long)b[off + 2] << 8 | b[off + 3];
		fr[n].off = off;
		fr[n].len = len + 8;
		off += len + 8;
		n++;
	}
	return n;
}

static void write_file(const char *path, const unsigned char *b, long n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
}

static void test_tamper_detected(void **state)
{
	char dir[64], seg[160];
	smgw_logstore *st;
	smgw_logbook *lb;
	unsigned char *orig, *b;
	struct frame fr[16];
	struct smgw_logbook_verify_result vr;
	long size, n, k;
	FILE *f;

	(void)state;
	tmpdir(dir, sizeof(dir));
	assert_int_equal(smgw_logstore_new_dir(ctx, dir, &st), 0);
	lb = open_lb(st, SMGW_LOGBOOK_SYSTEM, NULL, NULL, NULL, 0);
	append_n(lb, 0, 6);
	smgw_logbook_close(lb);
	smgw_logstore_free(st);
	snprintf(seg, sizeof(seg), "%s/system-0000000000000000.seg", dir);
	size = file_size(seg);
	assert_true(size > 16 && size < 1000000);
	orig = malloc((size_t)size & 0xfffff);
	b = malloc((size_t)size & 0xfffff);
	assert_non_null(orig);
	assert_non_null(b);
	f = fopen(seg, "rb");
	assert_int_equal(fread(orig, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	assert_int_equal(frames_of(orig, size, fr, 16), 6);

	/* deletion of record 2 */
	memcpy(b, orig, (size_t)fr[2].off);
	memcpy(b + fr[2].off, orig + fr[3].off, (size_t)(size - fr[3].off));
	write_file(seg, b, size - fr[2].len);
	assert_int_equal(verify_ro(dir, SMGW_LOGBOOK_SYSTEM, NULL, &vr), SMGW_E_INTEGRITY);
	assert_int_equal(vr.first_bad_seq, 3);

	/* deletion of the first record */
	memcpy(b, orig, 16);
	memcpy(b + 16, orig + fr[1].off, (size_t)(size - fr[1].off));
	write_file(seg, b, size - fr[0].len);
	assert_int_equal(verify_ro(dir, SMGW_LOGBOOK_SYSTEM, NULL, &vr), SMGW_E_INTEGRITY);
	assert_int_equal(vr.first_bad_seq, 1);

	/* swap records 3 and 4 */
	memcpy(b, orig, (size_t)size);
	memcpy(b + fr[3].off, orig + fr[4].off, (size_t)fr[4].len);
	memcpy(b + fr[3].off + fr[4].len, orig + fr[3].off, (size_t)fr[3].len);
	write_file(seg, b, size);
	assert_int_equal(verify_ro(dir, SMGW_LOGBOOK_SYSTEM, NULL, &vr), SMGW_E_INTEGRITY);
	assert_int_equal(vr.first_bad_seq, 4);

	/* change the text of record 1 and fix its checksum */
	memcpy(b, orig, (size_t)size);
	for (k = fr[1].off + 4; k < fr[1].off + fr[1].len - 4; k++)
		if (memcmp(b + k, "event 1", 7) == 0)
			b[k + 6] = '9';
	n = fr[1].len - 8;
	{
		uint32_t c = crc32_of(b + fr[1].off + 4, (size_t)n);
		unsigned char *p = b + fr[1].off + 4 + n;
		p[0] = (unsigned char)(c >> 24);
		p[1] = (unsigned char)(c >> 16);
		p[2] = (unsigned char)(c >> 8);
		p[3] = (unsigned char)c;
	}
	write_file(seg, b, size);
	assert_int_equal(verify_ro(dir, SMGW_LOGBOOK_SYSTEM, NULL, &vr), SMGW_E_INTEGRITY);
	assert_int_equal(vr.first_bad_seq, 2); /* record 2 no longer chains to 1 */

	/* a duplicated record (insertion) */
	memcpy(b, orig, (size_t)fr[3].off);
	memcpy(b + fr[3].off, orig + fr[2].off, (size_t)fr[2].len);
	write_file(seg, b, fr[3].off + fr[2].len);
	assert_int_equal(verify_ro(dir, SMGW_LOGBOOK_SYSTEM, NULL, &vr), SMGW_E_INTEGRITY);
	assert_int_equal(vr.first_bad_seq, 2); /* the copy of record 2 where 3 belongs */
	assert_int_equal(vr.offset, fr[3].off);

	/* the original is intact */
	write_file(seg, orig, size);
	assert_int_equal(verify_ro(dir, SMGW_LOGBOOK_SYSTEM, NULL, &vr), 0);
	/* a read-write open refuses a log with damage inside */
	write_file(seg, b, fr[3].off + fr[2].len);
	{
		smgw_logstore *s2;
		assert_int_equal(smgw_logstore_new_dir(ctx, dir, &s2), 0);
		b[fr[1].off + 6] ^= 1;
		write_file(seg, b, size);
		open_lb(s2, SMGW_LOGBOOK_SYSTEM, NULL, NULL, NULL, SMGW_E_CORRUPT);
		smgw_logstore_free(s2);
	}
	free(orig);
	free(b);
	rmtree(dir);
}

static void test_rotation(void **state)
{
	char dir[64];
	smgw_logstore *st;
	smgw_logbook *lb;
	struct smgw_logbook_params p = { .struct_size = sizeof(p), .segment_size = 8192, .max_segments = 3 };
	struct smgw_logbook_info info;
	struct smgw_logbook_verify_result vr;
	uint64_t n;

	(void)state;
	tmpdir(dir, sizeof(dir));
	assert_int_equal(smgw_logstore_new_dir(ctx, dir, &st), 0);
	lb = open_lb(st, SMGW_LOGBOOK_SYSTEM, NULL, &p, NULL, 0);
	append_n(lb, 0, 600);
	assert_int_equal(smgw_logbook_verify(lb, NULL, NULL, &vr), 0);
	smgw_logbook_close(lb);
	lb = open_lb(st, SMGW_LOGBOOK_SYSTEM, NULL, &p, &info, 0);
	assert_true(info.segments <= 3);
	assert_true(info.first_seq > 0); /* old records were dropped */
	assert_true(info.next_seq > 600);
	assert_int_equal(smgw_logbook_count(lb, NULL, &n), 0);
	assert_true(n > 0 && n < 600);
	append_n(lb, 600, 50);
	smgw_logbook_close(lb);
	assert_int_equal(verify_ro(dir, SMGW_LOGBOOK_SYSTEM, NULL, &vr), 0);
	/* dropping the oldest remaining segment by hand is detected */
	{
		DIR *d = opendir(dir);
		struct dirent *e;
		char oldest[256] = "", path[512];
		while ((e = readdir(d)) != NULL)
			if (e->d_name[0] != '.' && (oldest[0] == 0 || strcmp(e->d_name, oldest) < 0))
				snprintf(oldest, sizeof(oldest), "%s", e->d_name);
		closedir(d);
		snprintf(path, sizeof(path), "%s/%s", dir, oldest);
		assert_int_equal(unlink(path), 0);
		assert_int_equal(verify_ro(dir, SMGW_LOGBOOK_SYSTEM, NULL, &vr), SMGW_E_INTEGRITY);
	}
	smgw_logstore_free(st);
	rmtree(dir);
}

/* A store that runs out of space after a budget, through the backend seam. */
struct fullstore {
	smgw_logstore *inner_store;
	const struct smgw_logstore_ops *ops;
	void *inner;
	long budget;
};

static struct fullstore *fs_of(void *be)
{
	return be;
}

static int fs_list(void *be, const char *log, uint64_t *s, size_t *c)
{
	return fs_of(be)->ops->list(fs_of(be)->inner, log, s, c);
}

static int fs_size(void *be, const char *log, uint64_t seg, uint64_t *r)
{
	return fs_of(be)->ops->size(fs_of(be)->inner, log, seg, r);
}

static int fs_read(void *be, const char *log, uint64_t seg, uint64_t off, uint8_t *b, size_t n)
{
	return fs_of(be)->ops->read(fs_of(be)->inner, log, seg, off, b, n);
}

static int fs_append(void *be, const char *log, uint64_t seg, const uint8_t *b, size_t n)
{
	struct fullstore *f = be;

	if ((long)n > f->budget)
		return SMGW_E_NOSPACE;
	f->budget -= (long)n;
	return f->ops->append(f->inner, log, seg, b, n);
}

static int fs_sync(void *be, const char *log, uint64_t seg)
{
	return fs_of(be)->ops->sync(fs_of(be)->inner, log, seg);
}

static int fs_truncate(void *be, const char *log, uint64_t seg, uint64_t len)
{
	return fs_of(be)->ops->truncate(fs_of(be)->inner, log, seg, len);
}

static int fs_remove(void *be, const char *log, uint64_t seg)
{
	return fs_of(be)->ops->remove(fs_of(be)->inner, log, seg);
}

static void test_disk_full(void **state)
{
	static const struct smgw_logstore_ops fops = {
		.struct_size = sizeof(struct smgw_logstore_ops),
		.name = "full",
		.list = fs_list,
		.size = fs_size,
		.read = fs_read,
		.append = fs_append,
		.sync = fs_sync,
		.truncate = fs_truncate,
		.remove = fs_remove,
	};
	char dir[64];
	struct fullstore f;
	smgw_logstore *inner, *st;
	smgw_logbook *lb;
	struct smgw_logbook_event ev = { .struct_size = sizeof(ev), .source = "x", .text = "filling the disk" };
	struct smgw_logbook_verify_result vr;
	uint64_t n, seq;
	int i, full = 0;

	(void)state;
	tmpdir(dir, sizeof(dir));
	assert_int_equal(smgw_logstore_new_dir(ctx, dir, &inner), 0);
	f.inner_store = inner;
	f.ops = &inner->ops;
	f.inner = inner->backend;
	f.budget = 1500;
	assert_int_equal(smgw_logstore_new(ctx, &fops, &f, &st), 0);
	lb = open_lb(st, SMGW_LOGBOOK_SYSTEM, NULL, NULL, NULL, 0);
	for (i = 0; i < 100; i++) {
		int e = smgw_logbook_append(lb, &ev, &seq);
		if (e == SMGW_E_NOSPACE) {
			full++;
			continue;
		}
		assert_int_equal(e, 0);
	}
	assert_true(full > 0);
	assert_int_equal(smgw_logbook_count(lb, NULL, &n), 0);
	assert_int_equal(n, 100 - full);
	assert_int_equal(smgw_logbook_verify(lb, NULL, NULL, &vr), 0);
	/* space again: the chain continues without a gap */
	f.budget = 100000;
	assert_int_equal(smgw_logbook_append(lb, &ev, &seq), 0);
	assert_int_equal(seq, 100 - full);
	assert_int_equal(smgw_logbook_verify(lb, NULL, NULL, &vr), 0);
	smgw_logbook_close(lb);
	smgw_logstore_free(st);
	smgw_logstore_free(inner);
	rmtree(dir);
}

/* Anchors signed with an EC key through the callback, verified with the public key. */
static int sign_cb(void *ud, const uint8_t digest[32], uint8_t *sig, size_t *sig_len)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(ud, NULL);
	int ok = c && EVP_PKEY_sign_init(c) == 1 && EVP_PKEY_sign(c, sig, sig_len, digest, 32) == 1;

	EVP_PKEY_CTX_free(c);
	return ok ? 0 : SMGW_E_CRYPTO;
}

static void pubkey_pem(EVP_PKEY *k, char *buf, size_t size, size_t *len)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p;
	long n;

	assert_int_equal(PEM_write_bio_PUBKEY(b, k), 1);
	n = BIO_get_mem_data(b, &p);
	assert_true(n > 0 && (size_t)n < size);
	memcpy(buf, p, (size_t)n);
	*len = (size_t)n;
	BIO_free(b);
}

static int anchor_sig_cb(void *ud, const struct smgw_logbook_record *r)
{
	if (r->rtype == SMGW_LOGBOOK_ANCHOR)
		(*(int *)ud)++;
	return 0;
}

static void test_anchors(void **state)
{
	char dir[64], pem[1024], pem2[1024], seg[160];
	size_t pem_len, pem2_len;
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP256r1");
	EVP_PKEY *other = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP256r1");
	struct smgw_logbook_params p = { .struct_size = sizeof(p), .anchor_interval = 10, .sign = sign_cb };
	struct smgw_logbook_filter all = { .flags = SMGW_LOGBOOK_FILTER_ALL_TYPES };
	struct smgw_logbook_pubkey pk, wrong;
	struct smgw_logbook_verify_result vr;
	smgw_logstore *st;
	smgw_logbook *lb;
	int anchors = 0;

	(void)state;
	assert_non_null(key);
	assert_non_null(other);
	p.sign_userdata = key;
	pubkey_pem(key, pem, sizeof(pem), &pem_len);
	pubkey_pem(other, pem2, sizeof(pem2), &pem2_len);
	pk.key = (const uint8_t *)pem;
	pk.key_len = pem_len;
	wrong.key = (const uint8_t *)pem2;
	wrong.key_len = pem2_len;
	tmpdir(dir, sizeof(dir));
	assert_int_equal(smgw_logstore_new_dir(ctx, dir, &st), 0);
	lb = open_lb(st, SMGW_LOGBOOK_SYSTEM, NULL, &p, NULL, 0);
	assert_int_equal(smgw_logbook_anchor(lb, 0), SMGW_E_STATE);
	append_n(lb, 0, 25);
	assert_int_equal(smgw_logbook_anchor(lb, 1), 0); /* on demand */
	assert_int_equal(smgw_logbook_foreach(lb, &all, anchor_sig_cb, &anchors), 28);
	assert_int_equal(anchors, 3);
	assert_int_equal(smgw_logbook_verify(lb, smgw_logbook_verify_ecdsa, &pk, &vr), 0);
	assert_int_equal(vr.anchors, 3);
	assert_int_equal(smgw_logbook_verify(lb, smgw_logbook_verify_ecdsa, &wrong, &vr), SMGW_E_INTEGRITY);
	assert_int_equal(vr.first_bad_seq, 10);
	smgw_logbook_close(lb);
	smgw_logstore_free(st);
	/* a rewritten log (new chain, valid checksums) cannot reproduce the anchors */
	snprintf(seg, sizeof(seg), "%s/system-0000000000000000.seg", dir);
	unlink(seg);
	p.sign_userdata = other;
	assert_int_equal(smgw_logstore_new_dir(ctx, dir, &st), 0);
	lb = open_lb(st, SMGW_LOGBOOK_SYSTEM, NULL, &p, NULL, 0);
	append_n(lb, 0, 25);
	assert_int_equal(smgw_logbook_verify(lb, smgw_logbook_verify_ecdsa, &pk, &vr), SMGW_E_INTEGRITY);
	smgw_logbook_close(lb);
	smgw_logstore_free(st);
	EVP_PKEY_free(key);
	EVP_PKEY_free(other);
	rmtree(dir);
}

struct buf {
	char *p;
	size_t len, cap;
};

static int buf_write(void *ud, const char *data, size_t len)
{
	struct buf *b = ud;

	if (b->len + len + 1 > b->cap) {
		b->cap = (b->len + len + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			return SMGW_E_NOMEM;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = 0;
	return 0;
}

static void test_export(void **state)
{
	char dir[64];
	smgw_logstore *st;
	smgw_logbook *lb;
	struct buf x = { NULL, 0, 0 }, j = { NULL, 0, 0 };
	struct smgw_logbook_event ev = { .struct_size = sizeof(ev), .source = "gw<&>\"", .subject = "consumer \x01 1",
					 .recipient = "EMT", .text = "Übertragung an \xff EMT & Co <ok>", .level = 1,
					 .event_type = 42, .time_ms = INT64_C(1792887300000) };

	(void)state;
	tmpdir(dir, sizeof(dir));
	assert_int_equal(smgw_logstore_new_dir(ctx, dir, &st), 0);
	lb = open_lb(st, SMGW_LOGBOOK_CONSUMER, "1ITR0054927492", NULL, NULL, 0);
	append_n(lb, 0, 3);
	assert_int_equal(smgw_logbook_append(lb, &ev, NULL), 0);
	assert_int_equal(smgw_logbook_export_xml(lb, NULL, buf_write, &x), 4);
	assert_int_equal(smgw_logbook_export_json(lb, NULL, buf_write, &j), 4);
	assert_non_null(strstr(x.p, "<text>\xc3\x9c" "bertragung an \xef\xbf\xbd EMT &amp; Co &lt;ok&gt;</text>"));
	assert_non_null(strstr(x.p, "<timestamp>2026-10-25T02:15:00+02:00</timestamp>"));
	assert_non_null(strstr(x.p, "<eventId>42</eventId>"));
	assert_non_null(strstr(j.p, "\"source\":\"gw<&>\\\"\""));
	assert_non_null(strstr(j.p, "\"subject\":\"consumer \\u0001 1\""));
#ifdef HAVE_LIBXML2
	{
		/* Embed the LogEntry elements into a real AR 2418-6 export and
		 * validate it against the schema (independent of our writer). */
		char path[512], *doc, *a, *b2;
		FILE *f;
		long n;
		xmlDocPtr d;
		xmlSchemaParserCtxtPtr pc;
		xmlSchemaPtr schema;
		xmlSchemaValidCtxtPtr vc;

		snprintf(path, sizeof(path), "%s/core/ar2418-6/trudi-sample-usagepoint.xml", SMGW_TEST_DATA);
		f = fopen(path, "rb");
		assert_non_null(f);
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		doc = calloc(1, (size_t)n + x.len + 1);
		assert_int_equal(fread(doc, 1, (size_t)n, f), (size_t)n);
		fclose(f);
		a = strstr(doc, "<LogEntry>");
		b2 = strstr(doc, "<MeterReading>");
		assert_non_null(a);
		assert_non_null(b2);
		memmove(a + x.len, b2, strlen(b2) + 1);
		memcpy(a, x.p, x.len);
		d = xmlReadMemory(doc, (int)strlen(doc), "export.xml", NULL, XML_PARSE_NONET);
		assert_non_null(d);
		snprintf(path, sizeof(path), "%s/core/ar2418-6/AR_2418-6.xsd", SMGW_TEST_DATA);
		pc = xmlSchemaNewParserCtxt(path);
		schema = xmlSchemaParse(pc);
		assert_non_null(schema);
		vc = xmlSchemaNewValidCtxt(schema);
		assert_int_equal(xmlSchemaValidateDoc(vc, d), 0);
		xmlSchemaFreeValidCtxt(vc);
		xmlSchemaFree(schema);
		xmlSchemaFreeParserCtxt(pc);
		xmlFreeDoc(d);
		free(doc);
	}
#endif
	free(x.p);
	free(j.p);
	smgw_logbook_close(lb);
	smgw_logstore_free(st);
	rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_list_filter),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_consumer_isolation),
		cmocka_unit_test(test_power_cut_every_byte),
		cmocka_unit_test(test_kill_writer),
		cmocka_unit_test(test_every_bit_flip_detected),
		cmocka_unit_test(test_tamper_detected),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_disk_full),
		cmocka_unit_test(test_anchors),
		cmocka_unit_test(test_export),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
