/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SML benchmark: libsmgw-lmn against libsml (Debian libsml-dev) on the same
 * corpus in one run. This program links libsml (GPL-3); it lives in bench/
 * only and is never installed or linked into a library.
 *
 * Corpus: every complete transport v1 frame (X-25 CRC) of the captures
 * given on the command line. Per frame and engine:
 *   libsmgw: smgw_sml_stream_feed() over the wire bytes (start sequence,
 *            escapes, padding, CRC), then smgw_sml_file_values() (full
 *            validation including every message CRC, then the values).
 *   libsml:  the escape sequences are removed by a minimal loop here
 *            (libsml's own transport reader only reads file descriptors),
 *            sml_crc16_calculate() over the frame, sml_file_parse(), a walk
 *            over every GetListResponse value (sml_value_to_double()) and
 *            sml_file_free().
 * Heap use is measured with a malloc interposer in this program, in a
 * separate counting round over the corpus: calls per file and peak live
 * bytes during that round. The timed rounds run with the accounting off
 * and alternate between the two engines (the one with less time so far
 * runs next), so both see the same load on a shared machine; wall clock
 * and CPU time are reported, and the fastest round of each. --rounds N
 * runs exactly N timed rounds per engine, for instruction counts with
 * valgrind --tool=callgrind --toggle-collect=timed_round.
 * stderr is fully buffered, so libsml's diagnostics cost no write() each.
 *
 * Usage: smgw-bench-sml [--seconds S | --rounds N] CAPTURE...
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include <sml/sml_crc16.h>
#include <sml/sml_file.h>
#include <sml/sml_get_list_response.h>
#include <sml/sml_list.h>
#include <sml/sml_message.h>
#include <sml/sml_transport.h>
#include <sml/sml_value.h>

#include <smgw/lmn.h>

/* ---- malloc interposer ------------------------------------------------ */

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static unsigned long long n_alloc;
static long long live, peak;
/* Accounting is switched on only for the counting rounds: the timed rounds
 * run the allocator at full speed (malloc_usable_size() and the counters
 * would otherwise be charged to the engine that allocates). */
static int counting;

static void account(void *p, long long sign)
{
	if (p && counting) {
		live += sign * (long long)malloc_usable_size(p);
		if (live > peak)
			peak = live;
	}
}

/* Outside the counting rounds each function is a tail call into glibc. */
void *malloc(size_t n)
{
	void *p;

	if (!counting)
		return __libc_malloc(n);
	p = __libc_malloc(n);
	n_alloc++;
	account(p, 1);
	return p;
}

void *calloc(size_t a, size_t b)
{
	void *p;

	if (!counting)
		return __libc_calloc(a, b);
	p = __libc_calloc(a, b);
	n_alloc++;
	account(p, 1);
	return p;
}

void *realloc(void *old, size_t n)
{
	void *p;

	if (!counting)
		return __libc_realloc(old, n);
	account(old, -1);
	p = __libc_realloc(old, n);
	n_alloc++;
	account(p ? p : old, 1);
	return p;
}

void free(void *p)
{
	if (!counting) {
		__libc_free(p);
		return;
	}
	account(p, -1);
	__libc_free(p);
}

/* ---- corpus ------------------------------------------------------------ */

struct frame {
	uint8_t *wire;
	size_t len;
};

static struct frame *frames;
static size_t nframes, capframes, corpus_bytes;

static uint8_t frame_buf[16384];

static void add_capture(const char *path)
{
	static uint8_t data[1 << 20];
	uint64_t mem[64];
	smgw_sml_stream *s;
	size_t len, off = 0;
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(2);
	}
	len = fread(data, 1, sizeof(data), f);
	fclose(f);
	if (smgw_sml_stream_init(mem, sizeof(mem), frame_buf, sizeof(frame_buf), SMGW_SML_F_NO_KERMIT, &s) != 0)
		exit(2);
	while (off < len) {
		struct smgw_sml_file sf;
		size_t used;
		int e = smgw_sml_stream_feed(s, data + off, len - off, &used, &sf, NULL);

		off += used;
		if (e != SMGW_SML_FILE)
			continue;
		if (nframes == capframes) {
			capframes = capframes ? capframes * 2 : 256;
			frames = realloc(frames, capframes * sizeof(*frames));
		}
		frames[nframes].len = sf.wire_len;
		frames[nframes].wire = malloc(sf.wire_len);
		/* A fresh stream per capture: the stream offset is the capture offset. */
		memcpy(frames[nframes].wire, data + sf.offset, sf.wire_len);
		corpus_bytes += sf.wire_len;
		nframes++;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of this thread: excludes the time other jobs on a shared
 * machine run while this one waits. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- engines ----------------------------------------------------------- */

static volatile double sink;

static int smgw_value_cb(void *ud, const struct smgw_value *v, const struct smgw_sml_message *m)
{
	(void)m;
	*(int64_t *)ud += v->value;
	return 0;
}

static uint64_t smgw_mem[64];
static uint8_t smgw_buf[2048];

/* Returns the number of files decoded without error. */
static size_t run_smgw(const struct frame *fr)
{
	smgw_sml_stream *s;
	struct smgw_sml_file f;
	size_t used;
	int64_t sum = 0;
	int e;

	if (smgw_sml_stream_init(smgw_mem, sizeof(smgw_mem), smgw_buf, sizeof(smgw_buf), 0, &s) != 0)
		return 0;
	e = smgw_sml_stream_feed(s, fr->wire, fr->len, &used, &f, NULL);
	if (e != SMGW_SML_FILE)
		return 0;
	e = smgw_sml_file_values(f.data, f.len, 0, smgw_value_cb, &sum, NULL);
	sink += (double)sum;
	return e >= 0;
}

static uint8_t sml_buf[16384];

static size_t libsml_walk(sml_file *file, double sum);

static size_t run_libsml(const struct frame *fr)
{
	const uint32_t esc = 0x1b1b1b1bu; /* the same in either byte order */
	const uint8_t *w = fr->wire;
	size_t i, run = 8, n = 0, pad;
	u16 crc;
	sml_file *file;
	double sum = 0;
	uint32_t g;

	/* Remove escapes between start and end sequence (minimal transport):
	 * the groups between escapes are copied in one piece each. */
	for (i = 8; i + 8 <= fr->len; i += 4) {
		memcpy(&g, w + i, 4);
		if (g != esc)
			continue;
		memcpy(sml_buf + n, w + run, i - run);
		n += i - run;
		memcpy(&g, w + i + 4, 4);
		if (g != esc)
			break; /* the end sequence */
		memcpy(sml_buf + n, w + i, 4);
		n += 4;
		i += 4;
		run = i + 4;
	}
	if (i + 8 > fr->len) {
		memcpy(sml_buf + n, w + run, i - run);
		n += i - run;
	}
	crc = sml_crc16_calculate(fr->wire, (int)fr->len - 2);
	if ((crc & 0xff) != fr->wire[fr->len - 2] && (crc >> 8) != fr->wire[fr->len - 2])
		sum += 1; /* libsml compares both byte orders; never the case here */
	pad = fr->wire[fr->len - 3];
	file = sml_file_parse(sml_buf, n - pad);
	return libsml_walk(file, sum);
}

static size_t libsml_walk(sml_file *file, double sum)
{
	short k;

	if (!file)
		return 0;
	for (k = 0; k < file->messages_len; k++) {
		sml_message *m = file->messages[k];

		if (m && m->message_body && m->message_body->tag &&
		    *m->message_body->tag == SML_MESSAGE_GET_LIST_RESPONSE) {
			sml_get_list_response *b = m->message_body->data;
			sml_list *e;

			for (e = b ? b->val_list : NULL; e; e = e->next) {
				u8 t = e->value ? (u8)(e->value->type & SML_TYPE_FIELD) : 0;

				if (t == SML_TYPE_INTEGER || t == SML_TYPE_UNSIGNED)
					sum += sml_value_to_double(e->value);
			}
		}
	}
	sml_file_free(file);
	sink += sum;
	return 1;
}

/*
 * libsml as it is used: its own transport reader on a file descriptor
 * (sml_transport_read: select() and read() per byte), then sml_file_parse()
 * of the frame without start and end sequence, the walk and the free.
 * Returns the number of files, runs over the corpus file once.
 */
static size_t run_libsml_fd(const char *path)
{
	static unsigned char buf[16384];
	size_t n, files = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	/* libsml's reader never returns at end of file: read exactly as many
	 * frames as the corpus has (spare frames follow in the file). */
	while (files < nframes && (n = sml_transport_read(fd, buf, sizeof(buf))) > 16) {
		libsml_walk(sml_file_parse(buf + 8, n - 16), 0);
		files++;
	}
	close(fd);
	return files;
}

struct result {
	double seconds, best; /* all timed rounds; the fastest round (wall clock) */
	double cpu;           /* CPU time of all timed rounds */
	size_t rounds;
	unsigned long long files, ok, allocs;
	long long peak, leak;
};

/* Rounds instead of seconds (--rounds): for instruction counts with
 * valgrind --tool=callgrind --toggle-collect=timed_round. */
static unsigned long long fixed_rounds;

/* One timed round over the corpus (a function of its own, see above). */
__attribute__((noinline)) static size_t timed_round(size_t (*fn)(const struct frame *))
{
	size_t i, ok = 0;

	for (i = 0; i < nframes; i++)
		ok += fn(&frames[i]);
	return ok;
}

static void prepare(size_t (*fn)(const struct frame *), struct result *r)
{
	size_t i;
	long long base;

	memset(r, 0, sizeof(*r));
	/* Warm-up round. */
	for (i = 0; i < nframes; i++)
		fn(&frames[i]);
	/* Counting round: heap calls and peak live bytes over the corpus. */
	n_alloc = 0;
	counting = 1;
	base = live;
	peak = live;
	for (i = 0; i < nframes; i++)
		fn(&frames[i]);
	counting = 0;
	r->allocs = n_alloc;
	r->peak = peak - base;
	r->leak = live - base;
}

/*
 * Timed rounds of both engines, interleaved: the engine with less time so
 * far runs the next round, so both see the same load on a shared machine.
 * The allocator runs without accounting.
 */
static void bench_pair(size_t (*fa)(const struct frame *), struct result *a, size_t (*fb)(const struct frame *),
		       struct result *b, double min_seconds)
{
	for (;;) {
		int a_done = fixed_rounds ? a->files >= fixed_rounds * nframes : a->seconds >= min_seconds;
		int b_done = fixed_rounds ? b->files >= fixed_rounds * nframes : b->seconds >= min_seconds;
		int pick_a = !a_done && (b_done || a->seconds <= b->seconds);
		struct result *r = pick_a ? a : b;
		double t0, c0;

		if (a_done && b_done)
			break;
		t0 = now();
		c0 = cpu_now();
		r->ok += timed_round(pick_a ? fa : fb);
		r->cpu += cpu_now() - c0;
		t0 = now() - t0;
		r->seconds += t0;
		if (r->best == 0 || t0 < r->best)
			r->best = t0;
		r->rounds++;
		r->files += nframes;
	}
}

int main(int argc, char **argv)
{
	struct result a, b, c;
	struct rusage ru;
	double secs = 2.0;
	int i = 1;

	static char errbuf[1 << 16];

	setvbuf(stderr, errbuf, _IOFBF, sizeof(errbuf));
	if (argc > 2 && strcmp(argv[1], "--seconds") == 0) {
		secs = atof(argv[2]);
		i = 3;
	} else if (argc > 2 && strcmp(argv[1], "--rounds") == 0) {
		fixed_rounds = strtoull(argv[2], NULL, 10);
		i = 3;
	}
	if (i >= argc || strcmp(argv[1], "--help") == 0 || (i == 3 && secs <= 0) ||
	    (strcmp(argv[1], "--rounds") == 0 && fixed_rounds == 0)) {
		fprintf(stderr, "Usage: smgw-bench-sml [--seconds S | --rounds N] CAPTURE...\n");
		return 2;
	}
	for (; i < argc; i++)
		add_capture(argv[i]);
	if (nframes == 0) {
		fprintf(stderr, "no SML frames in the input\n");
		return 1;
	}
	prepare(run_smgw, &a);
	prepare(run_libsml, &b);
	bench_pair(run_smgw, &a, run_libsml, &b, secs);
	{
		/* The corpus as one file for libsml's descriptor-based reader. */
		char path[] = "/tmp/smgw-bench-sml-XXXXXX";
		int fd = mkstemp(path);
		size_t k;
		double t0;

		if (fd < 0)
			return 2;
		for (k = 0; k < nframes + 64; k++) {
			const struct frame *w = &frames[k < nframes ? k : 0];
			if (write(fd, w->wire, w->len) != (ssize_t)w->len)
				return 2;
		}
		close(fd);
		n_alloc = 0;
		counting = 1;
		t0 = now();
		memset(&c, 0, sizeof(c));
		do {
			c.ok += run_libsml_fd(path);
			c.files += nframes;
			c.seconds = now() - t0;
		} while (fixed_rounds ? c.files < nframes : c.seconds < secs);
		c.allocs = n_alloc;
		counting = 0;
		unlink(path);
	}
	getrusage(RUSAGE_SELF, &ru);

	printf("corpus: %zu SML files (transport frames), %zu bytes\n\n", nframes, corpus_bytes);
	printf("| engine | files/s | MB/s | heap allocations per file | peak heap (bytes) |"
	       " heap left after a round (bytes) | files decoded |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|\n");
	printf("| libsmgw-lmn | %.0f | %.1f | %.2f | %lld | %lld | %llu/%zu |\n", a.files / a.seconds,
	       a.files * (double)corpus_bytes / nframes / a.seconds / 1e6, (double)a.allocs / nframes, a.peak, a.leak,
	       a.ok * nframes / a.files, nframes);
	printf("| libsml %s, parser in memory | %.0f | %.1f | %.2f | %lld | %lld | %llu/%zu |\n", "0.1.1", b.files / b.seconds,
	       b.files * (double)corpus_bytes / nframes / b.seconds / 1e6, (double)b.allocs / nframes, b.peak, b.leak,
	       b.ok * nframes / b.files, nframes);
	printf("| libsml %s, own transport reader on a file descriptor | %.0f | %.1f | %.2f | - | - | %llu/%zu |\n", "0.1.1",
	       c.files / c.seconds, c.files * (double)corpus_bytes / nframes / c.seconds / 1e6, (double)c.allocs / c.files,
	       c.ok * nframes / c.files, nframes);
	/* The ratio of the means is the fair one on a loaded machine (both
	 * engines lose the same share of their time to other jobs); the
	 * fastest rounds show the speeds without interference. */
	printf("\nspeed-up against the libsml parser: %.1fx (wall clock, all rounds); %.1fx (CPU time: %.0f against"
	       " %.0f files/s, %.1f against %.1f MB/s); fastest rounds: %.1fx (%.0f against %.0f files/s;"
	       " %zu and %zu rounds)\n",
	       (a.files / a.seconds) / (b.files / b.seconds), (a.files / a.cpu) / (b.files / b.cpu), a.files / a.cpu,
	       b.files / b.cpu, a.files * (double)corpus_bytes / nframes / a.cpu / 1e6,
	       b.files * (double)corpus_bytes / nframes / b.cpu / 1e6, b.best / a.best, nframes / a.best,
	       nframes / b.best, a.rounds, b.rounds);
	printf("speed-up against libsml with its transport reader: %.1fx\n", (a.files / a.seconds) / (c.files / c.seconds));
	printf("libsmgw decoder state: %zu bytes stream object + %zu bytes frame buffer"
	       " + %zu bytes struct smgw_sml_message; process max RSS %ld KiB\n",
	       smgw_sml_stream_size(), sizeof(smgw_buf),
	       sizeof(struct smgw_sml_message), ru.ru_maxrss);
	return 0;
}
