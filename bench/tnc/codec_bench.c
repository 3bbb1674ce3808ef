/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Encode and decode rates of the PA-TNC, PB-TNC and PT-TLS codecs.
 *
 * Workloads (all built in memory, no I/O):
 *   PA  "os":   a PA-TNC message as an OS IMC sends it: Product Information,
 *               Numeric Version, String Version, Operational Status and
 *               Installed Packages with 200 packages (about 4.6 kB).
 *               Encode = build it; decode = smgw_pa_msg_parse() +
 *               smgw_pa_msg_validate() + every typed decoder/iterator.
 *   PB  RESULT: the 88-byte RESULT batch of the strongSwan capture.
 *               Encode = build it through a server session; decode = a new
 *               client session, smgw_pb_session_receive() (all receive
 *               checks) and the typed decoders of every message.
 *   PB  CDATA:  a CDATA batch carrying the PA "os" message.
 *   PT  batch:  wrapping the CDATA batch into a PT-TLS message and parsing
 *               the header back (the engine's per-message codec work).
 *
 * Usage: smgw-bench-tnc-codec [--seconds S]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smgw/tnc.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define N_PACKAGES 200

static char names[N_PACKAGES][24], versions[N_PACKAGES][24];
static struct smgw_pa_package packages[N_PACKAGES];

static size_t encode_pa_os(uint8_t *buf, size_t cap, uint32_t id)
{
	struct smgw_writer w;
	struct smgw_pa_product_info pi = { 9586, 0, 0, "Debian", 6 };
	struct smgw_pa_numeric_version nv = { 12, 4, 0, 0, 0 };
	struct smgw_pa_string_version sv = { "12 x86_64", 9, "", 0, "", 0 };
	struct smgw_pa_op_status os;
	size_t n = 0;

	memset(&os, 0, sizeof(os));
	os.status = SMGW_PA_OP_STATUS_OPERATIONAL;
	os.result = SMGW_PA_OP_RESULT_SUCCESS;
	memcpy(os.last_use, "2026-12-01T06:00:00Z", 21);
	smgw_writer_init(&w, buf, cap);
	smgw_pa_msg_begin(&w, id);
	smgw_pa_encode_product_info(&w, 0, &pi);
	smgw_pa_encode_numeric_version(&w, 0, &nv);
	smgw_pa_encode_string_version(&w, 0, &sv);
	smgw_pa_encode_op_status(&w, 0, &os);
	smgw_pa_encode_installed_packages(&w, 0, packages, N_PACKAGES);
	if (smgw_writer_finish(&w, &n) != 0) {
		fprintf(stderr, "encode failed\n");
		exit(1);
	}
	return n;
}

static unsigned long decode_pa_os(const uint8_t *m, size_t len)
{
	struct smgw_pa_msg msg;
	struct smgw_pa_attr a;
	size_t pos = 0;
	unsigned long sum = 0;

	if (smgw_pa_msg_parse(m, len, &msg, NULL, NULL) != 0 ||
	    smgw_pa_msg_validate(&msg, NULL, NULL, NULL) != 0)
		exit(1);
	while (smgw_pa_attr_next(&msg, &pos, &a) == 1) {
		union {
			struct smgw_pa_product_info pi;
			struct smgw_pa_numeric_version nv;
			struct smgw_pa_string_version sv;
			struct smgw_pa_op_status os;
			struct smgw_pa_package p;
		} u;
		size_t n, p2 = 0;

		switch (a.type) {
		case SMGW_PA_ATTR_PRODUCT_INFORMATION:
			smgw_pa_decode_product_info(&a, &u.pi, NULL);
			sum += u.pi.name_len;
			break;
		case SMGW_PA_ATTR_NUMERIC_VERSION:
			smgw_pa_decode_numeric_version(&a, &u.nv, NULL);
			sum += u.nv.major;
			break;
		case SMGW_PA_ATTR_STRING_VERSION:
			smgw_pa_decode_string_version(&a, &u.sv, NULL);
			sum += u.sv.version_len;
			break;
		case SMGW_PA_ATTR_OPERATIONAL_STATUS:
			smgw_pa_decode_op_status(&a, &u.os, NULL);
			sum += u.os.status;
			break;
		case SMGW_PA_ATTR_INSTALLED_PACKAGES:
			smgw_pa_decode_installed_packages(&a, &n, NULL);
			while (smgw_pa_installed_packages_next(&a, &p2, &u.p) == 1)
				sum += u.p.name_len;
			break;
		default:
			break;
		}
	}
	return sum;
}

static size_t encode_result(smgw_ctx *ctx, uint8_t *buf, size_t cap)
{
	static const uint8_t cdata[8] = { 2, 0, 0, 1, 0, 0, 0, 8 };
	struct smgw_pb_config cfg;
	smgw_pb_session *s;
	struct smgw_pb_batch b;
	struct smgw_writer w;
	struct smgw_pb_pa pa = { NULL, 0, SMGW_TNC_VENDOR_ITA, 1, 1, 1, SMGW_PB_PA_EXCL, { 0 } };
	size_t mark, pm, n = 0;

	memset(&cfg, 0, sizeof(cfg));
	cfg.struct_size = sizeof(cfg);
	cfg.role = SMGW_PB_ROLE_SERVER;
	if (smgw_pb_session_new(ctx, &cfg, &s) != 0 ||
	    smgw_pb_session_receive(s, cdata, sizeof(cdata), &b, NULL, NULL) != 0)
		exit(1);
	smgw_writer_init(&w, buf, cap);
	smgw_pb_session_begin_batch(s, &w, SMGW_PB_BATCH_RESULT, &mark);
	pm = smgw_pb_pa_begin(&w, &pa);
	smgw_pa_msg_begin(&w, 0x9E8D5575u);
	smgw_pa_encode_assessment_result(&w, 0, 0);
	smgw_pb_msg_end(&w, pm);
	smgw_pb_encode_assessment_result(&w, 0);
	smgw_pb_encode_access_recommendation(&w, SMGW_PB_ACCESS_ALLOWED);
	if (smgw_pb_session_end_batch(s, &w, mark) != 0 || smgw_writer_finish(&w, &n) != 0)
		exit(1);
	smgw_pb_session_free(s);
	return n;
}

static unsigned long decode_batch(smgw_ctx *ctx, uint32_t role, const uint8_t *b, size_t len)
{
	struct smgw_pb_config cfg;
	smgw_pb_session *s;
	struct smgw_pb_batch batch;
	struct smgw_pb_msg m;
	size_t pos = 0;
	unsigned long sum = 0;

	memset(&cfg, 0, sizeof(cfg));
	cfg.struct_size = sizeof(cfg);
	cfg.role = role;
	cfg.max_batch_size = 1u << 20;
	cfg.max_message_size = 1u << 20;
	if (smgw_pb_session_new(ctx, &cfg, &s) != 0)
		exit(1);
	if (role == SMGW_PB_ROLE_CLIENT)
		smgw_pb_session_sent(s, SMGW_PB_BATCH_CDATA);
	if (smgw_pb_session_receive(s, b, len, &batch, NULL, NULL) != 0)
		exit(1);
	while (smgw_pb_session_msg_next(s, &batch, &pos, &m) == 1) {
		struct smgw_pb_pa pa;
		uint32_t ar;
		uint16_t acc;

		if (m.type == SMGW_PB_MSG_PA && smgw_pb_decode_pa(&m, &pa, NULL) == 0)
			sum += pa.body_len;
		else if (m.type == SMGW_PB_MSG_ASSESSMENT_RESULT)
			sum += smgw_pb_decode_assessment_result(&m, &ar, NULL) == 0;
		else if (m.type == SMGW_PB_MSG_ACCESS_RECOMMENDATION)
			sum += smgw_pb_decode_access_recommendation(&m, &acc, NULL) == 0;
	}
	smgw_pb_session_free(s);
	return sum;
}

static size_t encode_cdata(uint8_t *buf, size_t cap, const uint8_t *pa_msg, size_t pa_len)
{
	struct smgw_writer w;
	struct smgw_pb_pa pa = { pa_msg, pa_len, 0, SMGW_PA_SUBTYPE_OPERATING_SYSTEM, 2, SMGW_PB_ID_ANY, 0, { 0 } };
	size_t mark, n = 0;

	smgw_writer_init(&w, buf, cap);
	mark = smgw_pb_batch_begin(&w, 0, SMGW_PB_BATCH_CDATA);
	smgw_pb_encode_language_preference(&w, "en");
	smgw_pb_encode_pa(&w, &pa);
	smgw_pb_batch_end(&w, mark);
	if (smgw_writer_finish(&w, &n) != 0)
		exit(1);
	return n;
}

struct result {
	const char *name;
	size_t bytes;
	double ops;
};

#define RUN(res, nm, sz, secs, body)                                           \
	do {                                                                   \
		double t0 = now(), t1;                                          \
		unsigned long it = 0;                                          \
		do {                                                           \
			int k_;                                                \
			for (k_ = 0; k_ < 256; k_++) {                         \
				body;                                          \
			}                                                      \
			it += 256;                                             \
			t1 = now();                                            \
		} while (t1 - t0 < (secs));                                    \
		(res).name = (nm);                                             \
		(res).bytes = (sz);                                            \
		(res).ops = (double)it / (t1 - t0);                            \
	} while (0)

int main(int argc, char **argv)
{
	static uint8_t pa_buf[16384], pb_buf[32768], res_buf[256], pt_buf[40000];
	double secs = 1.0;
	smgw_ctx *ctx;
	size_t pa_len, res_len, cd_len, i;
	struct result r[8];
	volatile unsigned long sink = 0;
	int k;

	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--seconds") == 0 && k + 1 < argc) {
			secs = atof(argv[++k]);
			if (secs <= 0 || secs > 60) {
				fprintf(stderr, "smgw-bench-tnc-codec: --seconds must be in (0, 60]\n");
				return 2;
			}
		} else if (strcmp(argv[k], "--help") == 0) {
			printf("usage: smgw-bench-tnc-codec [--seconds S]\n"
			       "Encode/decode rates of the PA-TNC, PB-TNC and PT-TLS codecs.\n");
			return 0;
		} else {
			fprintf(stderr, "smgw-bench-tnc-codec: unknown argument '%s' (try --help)\n", argv[k]);
			return 2;
		}
	}
	for (i = 0; i < N_PACKAGES; i++) {
		int nl = snprintf(names[i], sizeof(names[i]), "libpackage-%zu", i);
		int vl = snprintf(versions[i], sizeof(versions[i]), "%zu.%zu.%zu-1", i % 7, i % 13, i);

		packages[i].name = names[i];
		packages[i].name_len = (size_t)nl;
		packages[i].version = versions[i];
		packages[i].version_len = (size_t)vl;
	}
	if (smgw_ctx_new(NULL, &ctx) != 0)
		return 1;
	pa_len = encode_pa_os(pa_buf, sizeof(pa_buf), 1);
	res_len = encode_result(ctx, res_buf, sizeof(res_buf));
	cd_len = encode_cdata(pb_buf, sizeof(pb_buf), pa_buf, pa_len);

	RUN(r[0], "PA os message   encode", pa_len, secs, pa_len = encode_pa_os(pa_buf, sizeof(pa_buf), (uint32_t)k_));
	RUN(r[1], "PA os message   decode", pa_len, secs, sink += decode_pa_os(pa_buf, pa_len));
	RUN(r[2], "PB RESULT batch encode", res_len, secs, res_len = encode_result(ctx, res_buf, sizeof(res_buf)));
	RUN(r[3], "PB RESULT batch decode", res_len, secs, sink += decode_batch(ctx, SMGW_PB_ROLE_CLIENT, res_buf, res_len));
	RUN(r[4], "PB CDATA batch  encode", cd_len, secs, cd_len = encode_cdata(pb_buf, sizeof(pb_buf), pa_buf, pa_len));
	RUN(r[5], "PB CDATA batch  decode", cd_len, secs, sink += decode_batch(ctx, SMGW_PB_ROLE_SERVER, pb_buf, cd_len));
	RUN(r[6], "PT batch msg    encode", cd_len + 16, secs, {
		struct smgw_writer w;
		size_t n;

		smgw_writer_init(&w, pt_buf, sizeof(pt_buf));
		smgw_pt_encode_msg(&w, 0, SMGW_PT_MSG_PB_BATCH, (uint32_t)k_, pb_buf, cd_len);
		sink += smgw_writer_finish(&w, &n) == 0 ? n : 0;
	});
	RUN(r[7], "PT batch msg    decode", cd_len + 16, secs, {
		struct smgw_pt_hdr h;

		sink += smgw_pt_hdr_parse(pt_buf, cd_len + 16, 0, &h, NULL) == 0 ? h.length : 0;
	});
	printf("%-24s %8s %14s %10s\n", "workload", "bytes", "ops/s", "MB/s");
	for (i = 0; i < 8; i++)
		printf("%-24s %8zu %14.0f %10.1f\n", r[i].name, r[i].bytes, r[i].ops,
		       r[i].ops * (double)r[i].bytes / 1e6);
	smgw_ctx_unref(ctx);
	(void)sink;
	return 0;
}
