/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Worked example of docs/tnc.md (PA-TNC, PB-TNC, PT-TLS): one assessment
 * over a socketpair without IMCs or IMVs. The client (the gateway) sends its
 * operating system's Product Information and String Version in a PA-TNC
 * message inside a PB-PA message of a CDATA batch; the server (the GWA)
 * validates the PA-TNC message and answers with a RESULT batch; the client
 * prints the result and closes. PT-TLS carries the batches; a real gateway
 * gives the engine the read/write callbacks of its TLS connection instead.
 *
 * Usage: doc-tnc-proto-guide [--help]
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <smgw/tnc.h>

/* ---- transport: a socket file descriptor ---- */

static int fd_read(void *ud, void *buf, size_t len, size_t *ret_n)
{
	ssize_t r = read(*(int *)ud, buf, len);

	if (r < 0)
		return SMGW_E_IO;
	*ret_n = (size_t)r;
	return 0;
}

static int fd_write(void *ud, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t r = send(*(int *)ud, p, len, MSG_NOSIGNAL);

		if (r <= 0)
			return SMGW_E_IO;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

static smgw_pt *open_pt(smgw_ctx *ctx, int *fd, uint32_t role)
{
	struct smgw_pt_config cfg;
	struct smgw_pt_io io;
	smgw_pt *pt = NULL;

	memset(&cfg, 0, sizeof(cfg));
	cfg.struct_size = sizeof(cfg);
	cfg.role = role;
	/* the TLS layer authenticated the client with its certificate: no SASL */
	cfg.flags = role == SMGW_PT_ROLE_SERVER ? SMGW_PT_CLIENT_CERT_AUTH : 0;
	memset(&io, 0, sizeof(io));
	io.struct_size = sizeof(io);
	io.userdata = fd;
	io.read = fd_read;
	io.write = fd_write;
	if (smgw_pt_new(ctx, &cfg, &io, &pt) != 0)
		return NULL;
	return pt;
}

static smgw_pb_session *open_pb(smgw_ctx *ctx, uint32_t role)
{
	struct smgw_pb_config cfg;
	smgw_pb_session *s = NULL;

	memset(&cfg, 0, sizeof(cfg));
	cfg.struct_size = sizeof(cfg);
	cfg.role = role;
	cfg.flags = SMGW_PB_NO_RETRY; /* BSI profile: one assessment per connection */
	if (smgw_pb_session_new(ctx, &cfg, &s) != 0)
		return NULL;
	return s;
}

/* ---- the server (GWA) ---- */

struct server {
	smgw_ctx *ctx;
	int fd;
	int result;
};

/* Checks one PA-TNC message; on a bad one builds the PA-TNC Error answer. */
static uint32_t assess(const struct smgw_pb_pa *pa)
{
	struct smgw_pa_msg msg;
	struct smgw_pa_attr a;
	struct smgw_pa_error err;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	size_t pos = 0;
	uint32_t verdict = SMGW_PA_ASSESSMENT_DONT_KNOW;

	if (smgw_pa_msg_parse(pa->body, pa->body_len, &msg, &err, &diag) != 0 ||
	    smgw_pa_msg_validate(&msg, NULL, &err, &diag) != 0) {
		/* a real IMV would send smgw_pa_encode_error_msg(..., &err) back */
		printf("server: PA-TNC message refused: %s\n", diag.message);
		return SMGW_PA_ASSESSMENT_ERROR;
	}
	while (smgw_pa_attr_next(&msg, &pos, &a) == 1) {
		struct smgw_pa_product_info pi;
		struct smgw_pa_string_version sv;

		if (a.vendor != SMGW_TNC_VENDOR_IETF)
			continue;
		if (a.type == SMGW_PA_ATTR_PRODUCT_INFORMATION &&
		    smgw_pa_decode_product_info(&a, &pi, NULL) == 0)
			printf("server: product %.*s (vendor %u)\n", (int)pi.name_len, pi.name,
			       (unsigned)pi.vendor);
		if (a.type == SMGW_PA_ATTR_STRING_VERSION &&
		    smgw_pa_decode_string_version(&a, &sv, NULL) == 0) {
			printf("server: version %.*s\n", (int)sv.version_len, sv.version);
			verdict = SMGW_PA_ASSESSMENT_COMPLIANT;
		}
	}
	return verdict;
}

static void *run_server(void *arg)
{
	struct server *srv = arg;
	smgw_pt *pt = open_pt(srv->ctx, &srv->fd, SMGW_PT_ROLE_SERVER);
	smgw_pb_session *pb = open_pb(srv->ctx, SMGW_PB_ROLE_SERVER);
	struct smgw_diag diag = SMGW_DIAG_INIT;
	uint32_t verdict = SMGW_PA_ASSESSMENT_DONT_KNOW;
	uint8_t out[512];
	int e = -1;

	if (!pt || !pb || smgw_pt_negotiate(pt, &diag) != 0)
		goto done;
	for (;;) {
		const uint8_t *data;
		size_t len, pos = 0, mark, n;
		struct smgw_pb_batch batch;
		struct smgw_pb_error err;
		struct smgw_pb_msg m;
		struct smgw_writer w;

		if (smgw_pt_recv_batch(pt, &data, &len, &diag) != 0)
			goto done;
		e = smgw_pb_session_receive(pb, data, len, &batch, &err, &diag);
		if (e != 0) {
			/* fatal PB-Error in a CLOSE batch */
			if (smgw_pb_session_error_batch(pb, &err, out, sizeof(out), &n) == 0)
				smgw_pt_send_batch(pt, out, n, NULL);
			goto done;
		}
		if (batch.type == SMGW_PB_BATCH_CLOSE)
			break;
		while (smgw_pb_session_msg_next(pb, &batch, &pos, &m) == 1) {
			struct smgw_pb_pa pa;

			if (m.type == SMGW_PB_MSG_PA && smgw_pb_decode_pa(&m, &pa, NULL) == 0)
				verdict = assess(&pa);
		}
		/* the server's turn: the decision */
		smgw_writer_init(&w, out, sizeof(out));
		if (smgw_pb_session_begin_batch(pb, &w, SMGW_PB_BATCH_RESULT, &mark) != 0)
			goto done;
		smgw_pb_encode_assessment_result(&w, verdict);
		smgw_pb_encode_access_recommendation(&w, verdict == SMGW_PA_ASSESSMENT_COMPLIANT ?
							   SMGW_PB_ACCESS_ALLOWED : SMGW_PB_ACCESS_DENIED);
		if (smgw_pb_session_end_batch(pb, &w, mark) != 0 || smgw_writer_finish(&w, &n) != 0 ||
		    smgw_pt_send_batch(pt, out, n, &diag) != 0)
			goto done;
	}
	e = 0;
done:
	srv->result = e;
	smgw_pb_session_free(pb);
	smgw_pt_free(pt);
	shutdown(srv->fd, SHUT_WR);
	return NULL;
}

/* ---- the client (gateway) ---- */

static int run_client(smgw_ctx *ctx, int *fd)
{
	smgw_pt *pt = open_pt(ctx, fd, SMGW_PT_ROLE_CLIENT);
	smgw_pb_session *pb = open_pb(ctx, SMGW_PB_ROLE_CLIENT);
	struct smgw_diag diag = SMGW_DIAG_INIT;
	struct smgw_pa_product_info pi = { 9586, 0, 0, "Debian", 6 };
	struct smgw_pa_string_version sv = { "12 x86_64", 9, "", 0, "", 0 };
	struct smgw_pb_pa pa;
	struct smgw_pb_batch batch;
	struct smgw_pb_msg m;
	struct smgw_writer w;
	uint8_t out[512];
	const uint8_t *data;
	size_t len, mark, pmark, n, pos = 0;
	uint32_t result = SMGW_PA_ASSESSMENT_ERROR;
	uint16_t access = SMGW_PB_ACCESS_DENIED;
	int e = 1;

	if (!pt || !pb || smgw_pt_negotiate(pt, &diag) != 0) {
		fprintf(stderr, "client: negotiation failed: %s\n", diag.message);
		goto done;
	}
	/* CDATA: language preference and one PB-PA with the OS attributes */
	smgw_writer_init(&w, out, sizeof(out));
	smgw_pb_session_begin_batch(pb, &w, SMGW_PB_BATCH_CDATA, &mark);
	smgw_pb_encode_language_preference(&w, "en");
	memset(&pa, 0, sizeof(pa));
	pa.vendor = SMGW_TNC_VENDOR_IETF;
	pa.subtype = SMGW_PA_SUBTYPE_OPERATING_SYSTEM;
	pa.collector = 1;
	pa.validator = SMGW_PB_ID_ANY;
	pmark = smgw_pb_pa_begin(&w, &pa);
	smgw_pa_msg_begin(&w, 0x7D4A5F9Du);
	smgw_pa_encode_product_info(&w, 0, &pi);
	smgw_pa_encode_string_version(&w, 0, &sv);
	smgw_pb_msg_end(&w, pmark);
	if (smgw_pb_session_end_batch(pb, &w, mark) != 0 || smgw_writer_finish(&w, &n) != 0 ||
	    smgw_pt_send_batch(pt, out, n, &diag) != 0)
		goto done;
	printf("client: sent CDATA (%zu bytes), state %s\n", n,
	       smgw_pb_state_name(smgw_pb_session_state(pb)));

	if (smgw_pt_recv_batch(pt, &data, &len, &diag) != 0 ||
	    smgw_pb_session_receive(pb, data, len, &batch, NULL, &diag) != 0) {
		fprintf(stderr, "client: %s\n", diag.message);
		goto done;
	}
	while (smgw_pb_session_msg_next(pb, &batch, &pos, &m) == 1) {
		if (m.type == SMGW_PB_MSG_ASSESSMENT_RESULT)
			smgw_pb_decode_assessment_result(&m, &result, NULL);
		if (m.type == SMGW_PB_MSG_ACCESS_RECOMMENDATION)
			smgw_pb_decode_access_recommendation(&m, &access, NULL);
	}
	printf("client: received %s, state %s: assessment %u, access %s\n",
	       smgw_pb_batch_type_name(batch.type), smgw_pb_state_name(smgw_pb_session_state(pb)),
	       (unsigned)result, access == SMGW_PB_ACCESS_ALLOWED ? "allowed" : "not allowed");
	/* one assessment per connection: CLOSE */
	if (smgw_pb_session_close_batch(pb, out, sizeof(out), &n) != 0 ||
	    smgw_pt_send_batch(pt, out, n, &diag) != 0)
		goto done;
	e = access == SMGW_PB_ACCESS_ALLOWED ? 0 : 1;
done:
	smgw_pb_session_free(pb);
	smgw_pt_free(pt);
	return e;
}

int main(int argc, char **argv)
{
	smgw_ctx *ctx;
	int sv[2], rc;
	struct server srv;
	pthread_t t;

	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0) {
			printf("usage: %s\nRuns one PA/PB/PT assessment over a socketpair.\n", argv[0]);
			return 0;
		}
		fprintf(stderr, "%s: unexpected argument '%s' (try --help)\n", argv[0], argv[1]);
		return 2;
	}
	if (smgw_ctx_new(NULL, &ctx) != 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return 1;
	srv.ctx = ctx;
	srv.fd = sv[1];
	srv.result = -1;
	if (pthread_create(&t, NULL, run_server, &srv) != 0)
		return 1;
	rc = run_client(ctx, &sv[0]);
	shutdown(sv[0], SHUT_WR);
	pthread_join(t, NULL);
	close(sv[0]);
	close(sv[1]);
	smgw_ctx_unref(ctx);
	if (srv.result != 0) {
		fprintf(stderr, "server failed (%d)\n", srv.result);
		return 1;
	}
	return rc;
}
