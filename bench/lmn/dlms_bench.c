/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DLMS/COSEM benchmark: telegrams per second and bytes of state of each
 * decoder of libsmgw-lmn, on the real captures of tests/data/lmn/dlms.
 * No C reference decoder is packaged for Debian, so there is no side by
 * side figure; the numbers are absolute.
 *
 * Usage: smgw-bench-dlms [--seconds S] DATA_DIR   (DATA_DIR = tests/data/lmn/dlms)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smgw/lmn.h>

struct input {
	uint8_t b[4096];
	size_t n;
};

static double seconds = 0.5;

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int load(const char *dir, const char *rel, struct input *in)
{
	char path[1024];
	FILE *f;
	int ch, hi = -1;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "smgw-bench-dlms: cannot open %s\n", path);
		return -1;
	}
	in->n = 0;
	while ((ch = fgetc(f)) != EOF && in->n < sizeof(in->b)) {
		int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			in->b[in->n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	fclose(f);
	return 0;
}

static volatile uint64_t sink_v;

static int sink(void *ud, const struct smgw_value *v)
{
	(void)ud;
	sink_v += (uint64_t)v->value;
	return 0;
}

typedef int (*op_fn)(const struct input *in);

static void run(const char *name, op_fn fn, const struct input *in, size_t state)
{
	double t0 = now(), t;
	uint64_t n = 0;

	if (fn(in) < 0) {
		printf("%-34s FAILED\n", name);
		return;
	}
	do {
		for (int i = 0; i < 256; i++)
			(void)fn(in);
		n += 256;
		t = now() - t0;
	} while (t < seconds);
	printf("%-34s %6zu B  %10.0f /s  %8.1f MB/s  state %zu B\n", name, in->n, (double)n / t,
	       (double)n * (double)in->n / t / 1e6, state);
}

static int op_hdlc(const struct input *in)
{
	static uint8_t buf[SMGW_HDLC_MAX_FRAME];
	uint64_t mem[16];
	smgw_hdlc_stream *s;
	struct smgw_hdlc_frame f;
	size_t used;

	if (smgw_hdlc_stream_init(mem, sizeof(mem), buf, sizeof(buf), 0, &s) != 0)
		return -1;
	return smgw_hdlc_stream_feed(s, in->b, in->n, &used, &f, NULL) == SMGW_HDLC_FRAME ? 0 : -1;
}

static int op_axdr(const struct input *in)
{
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it;
	int e;

	smgw_axdr_cursor_init(&c, in->b, in->n, 1);
	while ((e = smgw_axdr_next(&c, &it)) == 1)
		sink_v += (uint64_t)it.i;
	return e;
}

static int op_push(const struct input *in)
{
	struct smgw_dlms_apdu a;
	const uint8_t *p;
	size_t len;

	if (smgw_hdlc_llc(in->b, in->n, &p, &len) < 0)
		return -1;
	if (smgw_dlms_apdu_parse(p, len, &a, NULL) < 0)
		return -1;
	return smgw_dlms_push_values(a.data, a.data_len, sink, NULL, NULL);
}

static int op_apdu(const struct input *in)
{
	struct smgw_dlms_apdu a;
	return smgw_dlms_apdu_parse(in->b, in->n, &a, NULL);
}

static int op_assoc(const struct input *in)
{
	struct smgw_dlms_assoc a;
	struct smgw_dlms_initiate i;
	int e = smgw_dlms_assoc_parse(in->b, in->n, &a, NULL);
	return e < 0 ? e : smgw_dlms_initiate_parse(a.user_info, a.user_info_len, &i, NULL);
}

static const uint8_t dummy[16] = { 'M', 'Y', 'D', 'U', 'M', 'M', 'Y', 'G', 'L', 'O', 'B', 'A', 'L', 'K', 'E', 'Y' };
static const uint8_t tinetz[16] = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
				    0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f };

static int op_decrypt(const struct input *in)
{
	static uint8_t out[4096];
	struct smgw_dlms_ciphered c;
	size_t n;
	int e = smgw_dlms_ciphered_parse(in->b, in->n, &c, NULL);
	const uint8_t *k = (c.sc & 0x10) ? dummy : tinetz;
	return e < 0 ? e : smgw_dlms_decrypt(&c, NULL, k, dummy, out, sizeof(out), &n, NULL);
}

static int op_encrypt(const struct input *in)
{
	static uint8_t out[4096];
	size_t n;
	return smgw_dlms_encrypt(SMGW_DLMS_GENERAL_GLO_CIPHERING, 0x30, (const uint8_t *)"SYSTITLE", 1, dummy, dummy, in->b,
				 in->n, out, sizeof(out), &n);
}

static int op_profile(const struct input *in)
{
	struct smgw_cosem_capture_object cols[4];

	memset(cols, 0, sizeof(cols));
	cols[0].class_id = 8;
	cols[0].attribute = 2;
	cols[1].class_id = 1;
	cols[1].logical_name[2] = 96;
	cols[1].logical_name[3] = 10;
	cols[2].class_id = 3;
	cols[3].class_id = 3;
	return smgw_cosem_profile_values(in->b, in->n, cols, 4, 3600, 0, sink, NULL, NULL);
}

int main(int argc, char **argv)
{
	static struct input hdlc, body, push, getlist, block, aarq, ggc, tin, plain, prof;
	const char *dir;
	int a = 1;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: smgw-bench-dlms [--seconds S] DATA_DIR\n"
		       "Telegrams per second and bytes of state of the DLMS decoders on the captures\n"
		       "in DATA_DIR (tests/data/lmn/dlms).\n");
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "--seconds") == 0) {
		seconds = atof(argv[2]);
		a = 3;
	}
	if (a + 1 != argc || seconds <= 0) {
		fprintf(stderr, "usage: smgw-bench-dlms [--seconds S] DATA_DIR\n");
		return 2;
	}
	dir = argv[a];
	if (load(dir, "amshan/kamstrup_se_list_real_sample_hdlc_from_comment.hex", &hdlc) < 0 ||
	    load(dir, "pwitab-dlms-cosem/u9n_kamstrup_han_notification_body.hex", &body) < 0 ||
	    load(dir, "amshan/aidon_se_list.llc.hex", &push) < 0 ||
	    load(dir, "pwitab-dlms-cosem/u9n_get_response_with_list_compound.hex", &getlist) < 0 ||
	    load(dir, "pwitab-dlms-cosem/get_response_with_block_1.hex", &block) < 0 ||
	    load(dir, "pwitab-dlms-cosem/aarq_lls_password_12345678.hex", &aarq) < 0 ||
	    load(dir, "pwitab-dlms-cosem/general_glo_ciphering_data_notification.hex", &ggc) < 0 ||
	    load(dir, "fneur-smart-meter-tirol/tinetz_kaifa_ma309_example.apdu.hex", &tin) < 0 ||
	    load(dir, "fneur-smart-meter-tirol/tinetz_kaifa_ma309_example.plain.hex", &plain) < 0 ||
	    load(dir, "pwitab-dlms-cosem/profile_generic_buffer_4x4.hex", &prof) < 0)
		return 1;
	printf("%-34s %8s  %13s  %11s  %s\n", "decoder (input)", "size", "telegrams", "throughput", "state");
	run("hdlc stream: Kamstrup frame", op_hdlc, &hdlc, smgw_hdlc_stream_size());
	run("a-xdr cursor: Kamstrup body", op_axdr, &body, sizeof(struct smgw_axdr_cursor));
	run("apdu+push values: Aidon list 3", op_push, &push, sizeof(struct smgw_dlms_apdu) + sizeof(struct smgw_axdr_cursor));
	run("apdu: get-response-with-list", op_apdu, &getlist, sizeof(struct smgw_dlms_apdu));
	run("apdu: get-response block 1182 B", op_apdu, &block, sizeof(struct smgw_dlms_apdu));
	run("aarq + initiate-request", op_assoc, &aarq, sizeof(struct smgw_dlms_assoc) + sizeof(struct smgw_dlms_initiate));
	run("decrypt: general-glo auth+enc", op_decrypt, &ggc, sizeof(struct smgw_dlms_ciphered));
	run("decrypt: TINETZ enc only 265 B", op_decrypt, &tin, sizeof(struct smgw_dlms_ciphered));
	run("encrypt: TINETZ plain auth+enc", op_encrypt, &plain, 0);
	run("cosem profile: buffer 4x4", op_profile, &prof, sizeof(struct smgw_axdr_cursor) * 2);
	printf("sizes: smgw_axdr_cursor %zu, smgw_axdr_compact %zu, smgw_axdr_writer %zu, smgw_dlms_apdu %zu, "
	       "smgw_dlms_assoc %zu, smgw_dlms_ciphered %zu, hdlc stream %zu (+ frame buffer)\n",
	       sizeof(struct smgw_axdr_cursor), sizeof(struct smgw_axdr_compact), sizeof(struct smgw_axdr_writer),
	       sizeof(struct smgw_dlms_apdu), sizeof(struct smgw_dlms_assoc), sizeof(struct smgw_dlms_ciphered),
	       smgw_hdlc_stream_size());
	return 0;
}
