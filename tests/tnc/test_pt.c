/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PT-TLS (RFC 6876): the codec byte for byte, and the engine over a
 * socketpair: against scripted peers (exact bytes on the wire, message
 * identifiers, every PT-TLS Error it sends with its code and the copy of the
 * offending message, errors received), and client against server in two
 * threads (certificate authentication, SASL PLAIN success and failure,
 * batches in both directions, a 200 000-byte batch). Oversized messages are
 * refused before any allocation (counted through the ctx allocator).
 */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "test_pa_util.h"
#include "tnc-fd-io.h"

/* ---- fd transport (tnc-fd-io.h) ---- */

static void pair(int sv[2])
{
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
}

/* The transport over the socket *fd. */
static void fd_io(struct smgw_pt_io *io, int *fd)
{
	memset(io, 0, sizeof(*io));
	io->struct_size = sizeof(*io);
	io->userdata = fd;
	io->read = fd_read;
	io->write = fd_write;
}

static int reject_all(void *ud, const char *authzid, size_t authzid_len, const char *authcid,
		      size_t authcid_len, const char *passwd, size_t passwd_len)
{
	(void)ud;
	(void)authzid;
	(void)authzid_len;
	(void)authcid;
	(void)authcid_len;
	(void)passwd;
	(void)passwd_len;
	return -1;
}

static smgw_pt *engine(smgw_ctx *ctx, int *fd, uint32_t role, uint32_t flags, uint32_t max)
{
	struct smgw_pt_config cfg;
	struct smgw_pt_io io;
	smgw_pt *pt = NULL;

	memset(&cfg, 0, sizeof(cfg));
	cfg.struct_size = sizeof(cfg);
	cfg.role = role;
	cfg.flags = flags;
	cfg.max_message_size = max;
	cfg.plain_check = reject_all;
	fd_io(&io, fd);
	assert_int_equal(smgw_pt_new(ctx, &cfg, &io, &pt), 0);
	return pt;
}

static void put_hex(int fd, const char *hex)
{
	uint8_t b[2048];
	size_t n = tnc_hex(hex, b, sizeof(b));

	assert_int_equal(fd_write(&fd, b, n), 0);
}

/* Reads one PT-TLS message from the peer end; returns its total length. */
static size_t get_msg(int fd, uint8_t *buf, size_t cap)
{
	size_t got = 0, len;

	while (got < 16) {
		ssize_t r = read(fd, buf + got, 16 - got);

		assert_true(r > 0);
		got += (size_t)r;
	}
	len = (size_t)buf[8] << 24 | (size_t)buf[9] << 16 | (size_t)buf[10] << 8 | buf[11];
	assert_true(len >= 16 && len <= cap);
	while (got < len) {
		ssize_t r = read(fd, buf + got, len - got);

		assert_true(r > 0);
		got += (size_t)r;
	}
	return len;
}

/* ---- codec ---- */

static void test_codec_exact(void **state)
{
	uint8_t out[512];
	struct smgw_writer w;
	struct smgw_pt_version_request vr = { 1, 1, 1, 0 }, dvr;
	const char *plain[2] = { "PLAIN", "SCRAM-SHA-256" };
	uint8_t *close_b, ver;
	size_t n, cl, pos = 0, nl;
	const char *name;
	const uint8_t *data;
	size_t dl;
	uint32_t code, vendor;
	struct smgw_pt_hdr h;

	(void)state;
	/* the 20-byte Version Request and the 16-byte empty SASL Mechanisms (tnc.md 6) */
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pt_encode_version_request(&w, 0, &vr), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "00 000000 00000001 00000014 00000000 00 01 01 01");
	assert_int_equal(smgw_pt_hdr_parse(out, n, 0, &h, NULL), 0);
	assert_int_equal(h.type, SMGW_PT_MSG_VERSION_REQUEST);
	assert_int_equal(h.length, 20);
	assert_int_equal(smgw_pt_decode_version_request(out + 16, 4, &dvr, NULL), 0);
	assert_int_equal(dvr.pref_version, 1);

	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pt_encode_version_response(&w, 0, 1), 0);
	assert_int_equal(smgw_pt_encode_sasl_mechanisms(&w, 1, NULL, 0), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "00 000000 00000002 00000014 00000000 000000 01"
			     "00 000000 00000003 00000010 00000001");
	assert_int_equal(smgw_pt_decode_version_response(out + 16, 4, &ver, NULL), 0);
	assert_int_equal(ver, 1);

	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pt_encode_sasl_mechanisms(&w, 2, plain, 2), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "00 000000 00000003 00000024 00000002 05 504C41494E 0D 534352414D2D5348412D323536");
	assert_int_equal(smgw_pt_sasl_mechanisms_next(out + 16, n - 16, &pos, &name, &nl), 1);
	assert_int_equal(nl, 5);
	assert_int_equal(smgw_pt_sasl_mechanisms_next(out + 16, n - 16, &pos, &name, &nl), 1);
	assert_memory_equal(name, "SCRAM-SHA-256", 13);
	assert_int_equal(smgw_pt_sasl_mechanisms_next(out + 16, n - 16, &pos, &name, &nl), 0);
	/* the reserved top bits of the length byte are ignored; bad names refused */
	{
		uint8_t v[] = { 0xE5, 'P', 'L', 'A', 'I', 'N' }, bad[] = { 0x02, 'p', 'l' };

		pos = 0;
		assert_int_equal(smgw_pt_sasl_mechanisms_next(v, sizeof(v), &pos, &name, &nl), 1);
		pos = 0;
		assert_int_equal(smgw_pt_sasl_mechanisms_next(bad, sizeof(bad), &pos, &name, &nl),
				 SMGW_E_TNC_PT_INVALID_PARAM);
	}

	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pt_encode_sasl_selection(&w, 3, "PLAIN", "\0u\0p", 4), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "00 000000 00000004 0000001A 00000003 05 504C41494E 00 75 00 70");
	assert_int_equal(smgw_pt_decode_sasl_selection(out + 16, n - 16, &name, &nl, &data, &dl, NULL), 0);
	assert_int_equal(dl, 4);

	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pt_encode_sasl_result(&w, 4, 2, SMGW_PT_SASL_SUCCESS, NULL, 0), 0);
	assert_int_equal(smgw_pt_encode_sasl_result(&w, 5, 1, SMGW_PT_SASL_FAILURE, NULL, 0), 0);
	assert_int_equal(smgw_pt_encode_sasl_result(&w, 6, 4, SMGW_PT_SASL_ABORT, "x", 1), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "00 000000 00000006 00000012 00000004 0000"
			     "00 000000 00000006 00000011 00000005 01"
			     "00 000000 00000006 00000015 00000006 00000002 78");
	assert_int_equal(smgw_pt_decode_sasl_result(out + 16, 2, 2, &code, NULL), 0);
	assert_int_equal(code, 0);
	assert_int_equal(smgw_pt_decode_sasl_result(out + 18 + 16, 1, 1, &code, NULL), 0);
	assert_int_equal(code, 1);
	assert_int_equal(smgw_pt_decode_sasl_result("\0\x09", 2, 2, &code, NULL), SMGW_E_TNC_PT_INVALID_PARAM);

	/* SASL Authentication Data, Experimental: opaque */
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pt_encode_msg(&w, 0, SMGW_PT_MSG_SASL_AUTH_DATA, 7, "ab", 2), 0);
	assert_int_equal(smgw_pt_encode_msg(&w, 0, SMGW_PT_MSG_EXPERIMENTAL, 8, NULL, 0), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "00 000000 00000005 00000012 00000007 6162 00 000000 00000000 00000010 00000008");

	/* the captured CLOSE batch inside a PT-TLS message: 16 + 8 bytes */
	close_b = tnc_load("capture/close-client.bin", &cl);
	assert_non_null(close_b);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pt_encode_msg(&w, 0, SMGW_PT_MSG_PB_BATCH, 9, close_b, cl), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "00 000000 00000007 00000018 00000009 02000006 00000008");
	free(close_b);

	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pt_encode_error(&w, 10, 0, SMGW_PT_ERROR_INVALID_MESSAGE, "\x01\x02", 2), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "00 000000 00000008 0000001A 0000000A 00 000000 00000004 0102");
	{
		const uint8_t *copy;
		size_t copy_len;

		assert_int_equal(smgw_pt_decode_error(out + 16, n - 16, &vendor, &code, &copy, &copy_len, NULL), 0);
		assert_int_equal(code, 4);
		assert_int_equal(copy_len, 2);
	}

	/* header checks */
	assert_int_equal(smgw_pt_hdr_parse(out, 15, 0, &h, NULL), SMGW_E_TRUNCATED);
	out[11] = 15;
	out[10] = 0;
	assert_int_equal(smgw_pt_hdr_parse(out, 16, 0, &h, NULL), SMGW_E_TNC_PT_MALFORMED);
	out[11] = 0x41;
	assert_int_equal(smgw_pt_hdr_parse(out, 16, 64, &h, NULL), SMGW_E_LIMIT);
	/* bad arguments */
	smgw_writer_init(&w, out, sizeof(out));
	vr.min_version = 2;
	assert_int_equal(smgw_pt_encode_version_request(&w, 0, &vr), SMGW_E_INVAL);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pt_encode_sasl_selection(&w, 0, "plain", NULL, 0), SMGW_E_INVAL);
	assert_int_equal(smgw_pt_decode_version_request("\0\x02\x01\x01", 4, &dvr, NULL),
			 SMGW_E_TNC_PT_INVALID_PARAM);
}

/* ---- engine against scripted peers ---- */

/* The client's bytes on the wire: Version Request id 0, then batches from id 1. */
static void test_client_wire(void **state)
{
	smgw_ctx *ctx;
	int sv[2];
	smgw_pt *c;
	uint8_t m[256];
	size_t n;
	const uint8_t *b;
	size_t bl;

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	pair(sv);
	/* the server's side, as strongSwan sends it */
	put_hex(sv[1], "00 000000 00000002 00000014 00000000 000000 01"
		       "00 000000 00000003 00000010 00000001");
	c = engine(ctx, &sv[0], SMGW_PT_ROLE_CLIENT, 0, 0);
	assert_int_equal(smgw_pt_ready(c), 0);
	assert_int_equal(smgw_pt_send_batch(c, "x", 1, NULL), SMGW_E_STATE);
	assert_int_equal(smgw_pt_negotiate(c, NULL), 0);
	assert_int_equal(smgw_pt_ready(c), 1);
	assert_int_equal(smgw_pt_version(c), 1);
	assert_null(smgw_pt_sasl_identity(c));
	assert_int_equal(smgw_pt_negotiate(c, NULL), SMGW_E_STATE);
	n = get_msg(sv[1], m, sizeof(m));
	tnc_expect_bytes(m, n, "00 000000 00000001 00000014 00000000 00 01 01 01");
	assert_int_equal(smgw_pt_send_batch(c, "\x02\x00\x00\x01\x00\x00\x00\x08", 8, NULL), 0);
	assert_int_equal(smgw_pt_send_batch(c, "\x02\x00\x00\x06\x00\x00\x00\x08", 8, NULL), 0);
	n = get_msg(sv[1], m, sizeof(m));
	tnc_expect_bytes(m, n, "00 000000 00000007 00000018 00000001 02000001 00000008");
	n = get_msg(sv[1], m, sizeof(m));
	tnc_expect_bytes(m, n, "00 000000 00000007 00000018 00000002 02000006 00000008");
	/* Experimental and other vendors' messages are skipped, then a batch */
	put_hex(sv[1], "00 000000 00000000 00000011 00000002 99"
		       "00 00902A 00000001 00000010 00000003"
		       "00 000000 00000007 00000018 00000004 02800003 00000008");
	assert_int_equal(smgw_pt_recv_batch(c, &b, &bl, NULL), 0);
	assert_int_equal(bl, 8);
	assert_int_equal(b[1], 0x80);
	/* a clean end of the stream */
	close(sv[1]);
	assert_int_equal(smgw_pt_recv_batch(c, &b, &bl, NULL), SMGW_E_TNC_PT_CLOSED);
	assert_int_equal(smgw_pt_recv_batch(c, &b, &bl, NULL), SMGW_E_STATE);
	smgw_pt_free(c);
	close(sv[0]);
	smgw_ctx_unref(ctx);
}

struct err_case {
	uint32_t role;
	uint32_t flags;
	const char *script; /* what the peer sends */
	int ret;            /* what the engine returns */
	uint32_t code;      /* PT-TLS Error code it sends, 0: none */
	size_t copy_len;    /* bytes of the offending message copied */
	int negotiated;     /* 1: run negotiation first (peer script prefix handles it) */
};

static void test_errors_sent(void **state)
{
	static const struct err_case cases[] = {
		/* server: no common version */
		{ SMGW_PT_ROLE_SERVER, SMGW_PT_CLIENT_CERT_AUTH,
		  "00 000000 00000001 00000014 00000000 00 02 03 02", SMGW_E_TNC_PT_VERSION,
		  SMGW_PT_ERROR_VERSION_NOT_SUPPORTED, 20, 0 },
		/* server: malformed Version Request (pref outside) */
		{ SMGW_PT_ROLE_SERVER, SMGW_PT_CLIENT_CERT_AUTH,
		  "00 000000 00000001 00000014 00000000 00 01 01 02", SMGW_E_TNC_PT_INVALID_PARAM,
		  SMGW_PT_ERROR_INVALID_PARAMETER, 20, 0 },
		/* server: message length below 16 */
		{ SMGW_PT_ROLE_SERVER, SMGW_PT_CLIENT_CERT_AUTH,
		  "00 000000 00000001 0000000F 00000000", SMGW_E_TNC_PT_MALFORMED,
		  SMGW_PT_ERROR_MALFORMED_MESSAGE, 16, 0 },
		/* server: unknown IETF message type */
		{ SMGW_PT_ROLE_SERVER, SMGW_PT_CLIENT_CERT_AUTH,
		  "00 000000 00000009 00000010 00000000", SMGW_E_TNC_PT_TYPE,
		  SMGW_PT_ERROR_TYPE_NOT_SUPPORTED, 16, 0 },
		/* server: a PB-TNC batch before the version exchange */
		{ SMGW_PT_ROLE_SERVER, SMGW_PT_CLIENT_CERT_AUTH,
		  "00 000000 00000007 00000018 00000000 02000001 00000008", SMGW_E_TNC_PT_INVALID_MSG,
		  SMGW_PT_ERROR_INVALID_MESSAGE, 24, 0 },
		/* server: a mechanism it did not offer */
		{ SMGW_PT_ROLE_SERVER, SMGW_PT_SASL_PLAIN,
		  "00 000000 00000001 00000014 00000000 00 01 01 01"
		  "00 000000 00000004 00000018 00000001 07 4352414D2D4D44", SMGW_E_TNC_PT_SASL,
		  SMGW_PT_ERROR_SASL_MECHANISM, 24, 0 },
		/* client: the server selects version 2 */
		{ SMGW_PT_ROLE_CLIENT, 0, "00 000000 00000002 00000014 00000000 000000 02",
		  SMGW_E_TNC_PT_VERSION, SMGW_PT_ERROR_VERSION_NOT_SUPPORTED, 20, 0 },
		/* client: only PLAIN offered, but PLAIN not configured */
		{ SMGW_PT_ROLE_CLIENT, 0,
		  "00 000000 00000002 00000014 00000000 000000 01"
		  "00 000000 00000003 00000016 00000001 05 504C41494E",
		  SMGW_E_TNC_PT_SASL, SMGW_PT_ERROR_SASL_MECHANISM, 22, 0 },
		/* client: a SASL message after the phase ended */
		{ SMGW_PT_ROLE_CLIENT, 0,
		  "00 000000 00000002 00000014 00000000 000000 01"
		  "00 000000 00000003 00000010 00000001"
		  "00 000000 00000006 00000012 00000002 0000",
		  SMGW_E_TNC_PT_INVALID_MSG, SMGW_PT_ERROR_INVALID_MESSAGE, 18, 1 },
		/* client: the peer sends a PT-TLS Error: reported, never answered */
		{ SMGW_PT_ROLE_CLIENT, 0, "00 000000 00000008 00000018 00000000 00 000000 00000002",
		  SMGW_E_TNC_PT_PEER_ERROR, 0, 0, 0 },
	};
	size_t i;
	smgw_ctx *ctx;

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		const struct err_case *c = &cases[i];
		int sv[2], e;
		uint8_t m[4096], sent[2048];
		size_t n, sn = tnc_hex(c->script, sent, sizeof(sent));
		smgw_pt *pt;
		struct smgw_diag d = SMGW_DIAG_INIT;

		pair(sv);
		assert_int_equal(fd_write(&sv[1], sent, sn), 0);
		pt = engine(ctx, &sv[0], c->role, c->flags, 0);
		if (c->negotiated) {
			const uint8_t *b;
			size_t bl;

			assert_int_equal(smgw_pt_negotiate(pt, NULL), 0);
			e = smgw_pt_recv_batch(pt, &b, &bl, &d);
		} else {
			e = smgw_pt_negotiate(pt, &d);
		}
		if (e != c->ret)
			fail_msg("case %zu: %d (want %d): %s", i, e, c->ret, d.message);
		shutdown(sv[0], SHUT_WR);
		/* skip what the engine sent before the error */
		for (;;) {
			ssize_t r = recv(sv[1], m, 16, MSG_PEEK);

			if (r <= 0) {
				assert_int_equal(c->code, 0);
				break;
			}
			n = get_msg(sv[1], m, sizeof(m));
			if (m[7] != SMGW_PT_MSG_ERROR)
				continue;
			assert_true(c->code != 0);
			/* PT-TLS Error: IETF, the code, a copy of the offending message */
			assert_int_equal(n, 16 + 8 + c->copy_len);
			assert_int_equal(m[16], 0);
			assert_int_equal(m[17] | m[18] | m[19], 0);
			assert_int_equal((uint32_t)m[20] << 24 | (uint32_t)m[21] << 16 |
						 (uint32_t)m[22] << 8 | m[23],
					 c->code);
			/* the copy is the start of the last message of the script */
			assert_memory_equal(m + 24, sent + sn - c->copy_len, c->copy_len > 16 ? 16 : c->copy_len);
			break;
		}
		if (c->ret == SMGW_E_TNC_PT_PEER_ERROR) {
			uint32_t v, code;

			assert_int_equal(smgw_pt_peer_error(pt, &v, &code), 0);
			assert_int_equal(code, 2);
		} else {
			uint32_t v, code;

			assert_int_equal(smgw_pt_peer_error(pt, &v, &code), SMGW_E_NOTFOUND);
		}
		/* after an error the engine refuses further use */
		assert_int_equal(smgw_pt_send_batch(pt, "x", 1, NULL), SMGW_E_STATE);
		smgw_pt_free(pt);
		close(sv[0]);
		close(sv[1]);
	}
	smgw_ctx_unref(ctx);
}

/* An allocator that checks every block of at least 1 KiB for leftover
 * bytes when it is freed or moved (the engine's buffers: batches and SASL
 * data must be wiped before the memory goes back). */
struct wipe_check {
	size_t checked;
	size_t dirty;
};

static void *wipe_check_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
	struct wipe_check *c = ud;

	if (ptr && old_size >= 1024 && new_size == 0) {
		const uint8_t *b = ptr;
		size_t i;

		c->checked++;
		for (i = 0; i < old_size; i++)
			if (b[i]) {
				c->dirty++;
				break;
			}
	}
	if (new_size == 0) {
		free(ptr);
		return NULL;
	}
	return realloc(ptr, new_size);
}

/* The send buffer grows for a larger batch: the old one is wiped before it
 * is freed, and so is the last one when the engine is freed. */
static void test_send_buffer_wiped(void **state)
{
	struct smgw_ctx_params cp;
	struct wipe_check wc;
	smgw_ctx *ctx = NULL;
	smgw_pt *s;
	int sv[2];
	uint8_t *batch, *m;
	size_t n;

	(void)state;
	memset(&wc, 0, sizeof(wc));
	memset(&cp, 0, sizeof(cp));
	cp.struct_size = sizeof(cp);
	cp.alloc = wipe_check_alloc;
	cp.alloc_userdata = &wc;
	assert_int_equal(smgw_ctx_new(&cp, &ctx), 0);
	batch = malloc(6000);
	m = malloc(6100);
	assert_non_null(batch);
	assert_non_null(m);
	memset(batch, 0xA5, 6000);
	pair(sv);
	s = engine(ctx, &sv[0], SMGW_PT_ROLE_SERVER, SMGW_PT_CLIENT_CERT_AUTH, 0);
	put_hex(sv[1], "00 000000 00000001 00000014 00000000 00 01 01 01");
	assert_int_equal(smgw_pt_negotiate(s, NULL), 0);
	(void)get_msg(sv[1], m, 6100);
	(void)get_msg(sv[1], m, 6100);
	assert_int_equal(smgw_pt_send_batch(s, batch, 2000, NULL), 0);
	n = get_msg(sv[1], m, 6100);
	assert_int_equal(n, 2016);
	assert_int_equal(wc.checked, 0);
	/* larger: a new send buffer, the old one freed */
	assert_int_equal(smgw_pt_send_batch(s, batch, 6000, NULL), 0);
	n = get_msg(sv[1], m, 6100);
	assert_int_equal(n, 6016);
	assert_memory_equal(m + 16, batch, 6000);
	assert_int_equal(wc.checked, 1);
	assert_int_equal(wc.dirty, 0);
	smgw_pt_free(s);
	assert_true(wc.checked >= 2);
	assert_int_equal(wc.dirty, 0);
	close(sv[0]);
	close(sv[1]);
	free(batch);
	free(m);
	smgw_ctx_unref(ctx);
}

/* An announced length above the maximum: PT-TLS Error, and nothing allocated. */
static void test_oversize_no_allocation(void **state)
{
	struct tnc_alloc_count cnt;
	smgw_ctx *ctx = tnc_counting_ctx(&cnt);
	int sv[2];
	smgw_pt *s;
	uint8_t m[256];
	size_t n, before;
	const uint8_t *b;
	size_t bl;
	static const char *const lens[] = { "00000401", "7FFFFFFF", "FFFFFFFF" };
	size_t i;

	(void)state;
	assert_non_null(ctx);
	for (i = 0; i < ARRAY_LEN(lens); i++) {
		char script[256];

		pair(sv);
		s = engine(ctx, &sv[0], SMGW_PT_ROLE_SERVER, SMGW_PT_CLIENT_CERT_AUTH, 1024);
		put_hex(sv[1], "00 000000 00000001 00000014 00000000 00 01 01 01");
		assert_int_equal(smgw_pt_negotiate(s, NULL), 0);
		n = get_msg(sv[1], m, sizeof(m));
		assert_int_equal(m[7], SMGW_PT_MSG_VERSION_RESPONSE);
		n = get_msg(sv[1], m, sizeof(m));
		assert_int_equal(n, 16); /* empty SASL Mechanisms: certificate-authenticated client */
		snprintf(script, sizeof(script), "00 000000 00000007 %s 00000001", lens[i]);
		put_hex(sv[1], script);
		before = cnt.allocs;
		assert_int_equal(smgw_pt_recv_batch(s, &b, &bl, NULL), SMGW_E_LIMIT);
		assert_int_equal(cnt.allocs, before);
		n = get_msg(sv[1], m, sizeof(m));
		assert_int_equal(m[7], SMGW_PT_MSG_ERROR);
		assert_int_equal(m[23], SMGW_PT_ERROR_INVALID_PARAMETER);
		assert_int_equal(n, 16 + 8 + 16);
		smgw_pt_free(s);
		close(sv[0]);
		close(sv[1]);
	}
	/* exactly the maximum is accepted */
	pair(sv);
	s = engine(ctx, &sv[0], SMGW_PT_ROLE_SERVER, SMGW_PT_CLIENT_CERT_AUTH, 1024);
	put_hex(sv[1], "00 000000 00000001 00000014 00000000 00 01 01 01");
	assert_int_equal(smgw_pt_negotiate(s, NULL), 0);
	{
		uint8_t big[1024];

		memset(big, 0, sizeof(big));
		tnc_hex("00 000000 00000007 00000400 00000001", big, 16);
		assert_int_equal(fd_write(&sv[1], big, sizeof(big)), 0);
	}
	assert_int_equal(smgw_pt_recv_batch(s, &b, &bl, NULL), 0);
	assert_int_equal(bl, 1024 - 16);
	/* and sending above it is refused locally */
	assert_int_equal(smgw_pt_send_batch(s, m, 1024 - 15, NULL), SMGW_E_LIMIT);
	smgw_pt_free(s);
	close(sv[0]);
	close(sv[1]);
	smgw_ctx_unref(ctx);
	assert_int_equal(cnt.live, 0);
}

static void test_truncated_stream(void **state)
{
	smgw_ctx *ctx;
	int sv[2];
	smgw_pt *c;
	const uint8_t *b;
	size_t bl;

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	pair(sv);
	put_hex(sv[1], "00 000000 00000002 00000014 00000000 000000 01"
		       "00 000000 00000003 00000010 00000001"
		       "00 000000 00000007 00000018 00000002 0280");
	shutdown(sv[1], SHUT_WR);
	c = engine(ctx, &sv[0], SMGW_PT_ROLE_CLIENT, 0, 0);
	assert_int_equal(smgw_pt_negotiate(c, NULL), 0);
	assert_int_equal(smgw_pt_recv_batch(c, &b, &bl, NULL), SMGW_E_TRUNCATED);
	smgw_pt_free(c);
	close(sv[0]);
	close(sv[1]);
	/* a header cut off */
	pair(sv);
	put_hex(sv[1], "00 000000 0000");
	shutdown(sv[1], SHUT_WR);
	c = engine(ctx, &sv[0], SMGW_PT_ROLE_CLIENT, 0, 0);
	assert_int_equal(smgw_pt_negotiate(c, NULL), SMGW_E_TRUNCATED);
	smgw_pt_free(c);
	close(sv[0]);
	close(sv[1]);
	smgw_ctx_unref(ctx);
}

/* ---- client against server ---- */

struct peer {
	smgw_ctx *ctx;
	int fd;
	uint32_t role, flags;
	const char *user, *pass;
	int neg_ret;
	int rounds;
	size_t big;
	uint32_t sasl_width;
};

static int check_plain(void *ud, const char *authzid, size_t authzid_len, const char *authcid,
		       size_t authcid_len, const char *passwd, size_t passwd_len)
{
	(void)ud;
	(void)authzid;
	if (authzid_len != 0)
		return -1;
	return !(authcid_len == 4 && memcmp(authcid, "smgw", 4) == 0 && passwd_len == 6 &&
		 memcmp(passwd, "secret", 6) == 0);
}

static void *run_peer(void *arg)
{
	struct peer *p = arg;
	struct smgw_pt_config cfg;
	struct smgw_pt_io io;
	smgw_pt *pt = NULL;
	int i;

	memset(&cfg, 0, sizeof(cfg));
	cfg.struct_size = sizeof(cfg);
	cfg.role = p->role;
	cfg.flags = p->flags;
	cfg.plain_authcid = p->user;
	cfg.plain_passwd = p->pass;
	cfg.plain_check = check_plain;
	cfg.sasl_result_width = p->sasl_width;
	fd_io(&io, &p->fd);
	if (smgw_pt_new(p->ctx, &cfg, &io, &pt) != 0) {
		p->neg_ret = -9999;
		return NULL;
	}
	p->neg_ret = smgw_pt_negotiate(pt, NULL);
	if (p->neg_ret == 0) {
		/* the client sends first; every batch is echoed back with one more byte */
		uint8_t *buf = malloc(p->big + 64);

		for (i = 0; i < p->rounds; i++) {
			const uint8_t *b;
			size_t bl, n = p->big ? p->big : (size_t)(8 + i);

			if (p->role == SMGW_PT_ROLE_CLIENT) {
				memset(buf, (int)i, n);
				if (smgw_pt_send_batch(pt, buf, n, NULL) != 0 ||
				    smgw_pt_recv_batch(pt, &b, &bl, NULL) != 0 || bl != n + 1 ||
				    b[n] != (uint8_t)i) {
					p->neg_ret = -1000 - i;
					break;
				}
			} else {
				if (smgw_pt_recv_batch(pt, &b, &bl, NULL) != 0 || bl != n) {
					p->neg_ret = -2000 - i;
					break;
				}
				memcpy(buf, b, bl);
				buf[bl] = (uint8_t)i;
				if (smgw_pt_send_batch(pt, buf, bl + 1, NULL) != 0) {
					p->neg_ret = -3000 - i;
					break;
				}
			}
		}
		free(buf);
		if (p->role == SMGW_PT_ROLE_SERVER && p->neg_ret == 0 && p->user)
			p->neg_ret = smgw_pt_sasl_identity(pt) &&
					     strcmp(smgw_pt_sasl_identity(pt), p->user) == 0 ?
				     0 :
				     -4000;
	}
	smgw_pt_free(pt);
	shutdown(p->fd, SHUT_WR);
	return NULL;
}

/* A connected TCP pair over 127.0.0.1 (an ephemeral port). */
static void tcp_pair(int sv[2])
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(l >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(l, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(l, 1), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *)&a, &al), 0);
	sv[1] = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(sv[1] >= 0);
	assert_int_equal(connect(sv[1], (struct sockaddr *)&a, sizeof(a)), 0);
	sv[0] = accept(l, NULL, NULL);
	assert_true(sv[0] >= 0);
	close(l);
}

static void run_pair_on(int tcp, uint32_t sflags, uint32_t cflags, const char *user, const char *pass,
			const char *server_user, int rounds, size_t big, int *ret_c, int *ret_s)
{
	smgw_ctx *ctx;
	int sv[2];
	pthread_t ts, tc;
	struct peer s, c;

	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	if (tcp)
		tcp_pair(sv);
	else
		pair(sv);
	memset(&s, 0, sizeof(s));
	memset(&c, 0, sizeof(c));
	s.ctx = c.ctx = ctx;
	s.fd = sv[0];
	c.fd = sv[1];
	s.role = SMGW_PT_ROLE_SERVER;
	c.role = SMGW_PT_ROLE_CLIENT;
	s.flags = sflags;
	c.flags = cflags;
	c.user = user;
	c.pass = pass;
	s.user = server_user;
	s.rounds = c.rounds = rounds;
	s.big = c.big = big;
	assert_int_equal(pthread_create(&ts, NULL, run_peer, &s), 0);
	assert_int_equal(pthread_create(&tc, NULL, run_peer, &c), 0);
	pthread_join(tc, NULL);
	pthread_join(ts, NULL);
	close(sv[0]);
	close(sv[1]);
	smgw_ctx_unref(ctx);
	*ret_c = c.neg_ret;
	*ret_s = s.neg_ret;
}

static void run_pair(uint32_t sflags, uint32_t cflags, const char *user, const char *pass,
		     const char *server_user, int rounds, size_t big, int *ret_c, int *ret_s)
{
	run_pair_on(0, sflags, cflags, user, pass, server_user, rounds, big, ret_c, ret_s);
}

/* The same engine over plain TCP on the loopback interface. */
static void test_pair_tcp(void **state)
{
	int rc, rs;

	(void)state;
	run_pair_on(1, SMGW_PT_CLIENT_CERT_AUTH, 0, NULL, NULL, NULL, 4, 0, &rc, &rs);
	assert_int_equal(rc, 0);
	assert_int_equal(rs, 0);
	run_pair_on(1, SMGW_PT_CLIENT_CERT_AUTH, 0, NULL, NULL, NULL, 2, 200000, &rc, &rs);
	assert_int_equal(rc, 0);
	assert_int_equal(rs, 0);
}

static void test_pair_cert_auth(void **state)
{
	int rc, rs;

	(void)state;
	run_pair(SMGW_PT_CLIENT_CERT_AUTH, 0, NULL, NULL, NULL, 5, 0, &rc, &rs);
	assert_int_equal(rc, 0);
	assert_int_equal(rs, 0);
	/* a 200 000-byte batch (tnc.md 5) goes through the default limits */
	run_pair(SMGW_PT_CLIENT_CERT_AUTH, 0, NULL, NULL, NULL, 2, 200000, &rc, &rs);
	assert_int_equal(rc, 0);
	assert_int_equal(rs, 0);
}

static void test_pair_sasl_plain(void **state)
{
	int rc, rs;

	(void)state;
	run_pair(SMGW_PT_SASL_PLAIN, SMGW_PT_SASL_PLAIN, "smgw", "secret", "smgw", 3, 0, &rc, &rs);
	assert_int_equal(rc, 0);
	assert_int_equal(rs, 0);
	run_pair(SMGW_PT_SASL_PLAIN, SMGW_PT_SASL_PLAIN, "smgw", "wrong!", NULL, 3, 0, &rc, &rs);
	assert_int_equal(rc, SMGW_E_TNC_PT_AUTH);
	assert_int_equal(rs, SMGW_E_TNC_PT_AUTH);
	/* certificate authentication wins over PLAIN: no SASL at all */
	run_pair(SMGW_PT_SASL_PLAIN | SMGW_PT_CLIENT_CERT_AUTH, SMGW_PT_SASL_PLAIN, "smgw", "secret",
		 NULL, 1, 0, &rc, &rs);
	assert_int_equal(rc, 0);
	assert_int_equal(rs, 0);
}

/* Server side of PLAIN without an initial response: empty challenge, then
 * the response in SASL Authentication Data; Result width 1 (strongSwan). */
static void test_server_plain_challenge(void **state)
{
	smgw_ctx *ctx;
	int sv[2];
	struct smgw_pt_config cfg;
	struct smgw_pt_io io;
	smgw_pt *s;
	uint8_t m[256];
	size_t n;

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	pair(sv);
	memset(&cfg, 0, sizeof(cfg));
	cfg.struct_size = sizeof(cfg);
	cfg.role = SMGW_PT_ROLE_SERVER;
	cfg.flags = SMGW_PT_SASL_PLAIN;
	cfg.plain_check = check_plain;
	cfg.sasl_result_width = 1;
	fd_io(&io, &sv[0]);
	assert_int_equal(smgw_pt_new(ctx, &cfg, &io, &s), 0);
	put_hex(sv[1], "00 000000 00000001 00000014 00000000 00 01 01 01"
		       "00 000000 00000004 00000016 00000001 05 504C41494E"
		       "00 000000 00000005 0000001C 00000002 00 736D6777 00 736563726574");
	assert_int_equal(smgw_pt_negotiate(s, NULL), 0);
	assert_string_equal(smgw_pt_sasl_identity(s), "smgw");
	n = get_msg(sv[1], m, sizeof(m));
	tnc_expect_bytes(m, n, "00 000000 00000002 00000014 00000000 000000 01");
	n = get_msg(sv[1], m, sizeof(m));
	tnc_expect_bytes(m, n, "00 000000 00000003 00000016 00000001 05 504C41494E");
	n = get_msg(sv[1], m, sizeof(m));
	tnc_expect_bytes(m, n, "00 000000 00000005 00000010 00000002");
	n = get_msg(sv[1], m, sizeof(m));
	tnc_expect_bytes(m, n, "00 000000 00000006 00000011 00000003 00");
	n = get_msg(sv[1], m, sizeof(m));
	tnc_expect_bytes(m, n, "00 000000 00000003 00000010 00000004");
	smgw_pt_free(s);
	close(sv[0]);
	close(sv[1]);
	smgw_ctx_unref(ctx);
}

/* Client side of PLAIN against strongSwan's server: the initial response in
 * the Selection, an 8-bit SASL Result, then the empty mechanism list. */
static void test_client_plain_strongswan(void **state)
{
	smgw_ctx *ctx;
	int sv[2];
	struct smgw_pt_config cfg;
	struct smgw_pt_io io;
	smgw_pt *c;
	uint8_t m[256];
	size_t n;
	int fail;

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	for (fail = 0; fail < 2; fail++) {
		pair(sv);
		memset(&cfg, 0, sizeof(cfg));
		cfg.struct_size = sizeof(cfg);
		cfg.role = SMGW_PT_ROLE_CLIENT;
		cfg.flags = SMGW_PT_SASL_PLAIN;
		cfg.plain_authcid = "smgw";
		cfg.plain_passwd = "secret";
		fd_io(&io, &sv[0]);
		assert_int_equal(smgw_pt_new(ctx, &cfg, &io, &c), 0);
		put_hex(sv[1], "00 000000 00000002 00000014 00000000 000000 01"
			       "00 000000 00000003 00000016 00000001 05 504C41494E");
		put_hex(sv[1], fail ? "00 000000 00000006 00000011 00000002 01" :
				      "00 000000 00000006 00000011 00000002 00");
		put_hex(sv[1], "00 000000 00000003 00000010 00000003");
		assert_int_equal(smgw_pt_negotiate(c, NULL), fail ? SMGW_E_TNC_PT_AUTH : 0);
		n = get_msg(sv[1], m, sizeof(m));
		assert_int_equal(m[7], SMGW_PT_MSG_VERSION_REQUEST);
		n = get_msg(sv[1], m, sizeof(m));
		tnc_expect_bytes(m, n, "00 000000 00000004 00000022 00000001 05 504C41494E 00 736D6777 00 736563726574");
		smgw_pt_free(c);
		close(sv[0]);
		close(sv[1]);
	}
	smgw_ctx_unref(ctx);
}

static void test_config_errors(void **state)
{
	smgw_ctx *ctx;
	struct smgw_pt_config cfg;
	struct smgw_pt_io io;
	smgw_pt *pt;
	int fd = -1;

	(void)state;
	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	memset(&cfg, 0, sizeof(cfg));
	cfg.struct_size = sizeof(cfg);
	memset(&io, 0, sizeof(io));
	io.struct_size = sizeof(io);
	io.userdata = &fd;
	io.read = fd_read;
	assert_int_equal(smgw_pt_new(ctx, &cfg, &io, &pt), SMGW_E_INVAL);
	io.write = fd_write;
	cfg.max_message_size = 10;
	assert_int_equal(smgw_pt_new(ctx, &cfg, &io, &pt), SMGW_E_INVAL);
	cfg.max_message_size = 0;
	cfg.sasl_result_width = 3;
	assert_int_equal(smgw_pt_new(ctx, &cfg, &io, &pt), SMGW_E_INVAL);
	cfg.sasl_result_width = 0;
	cfg.flags = 0x100;
	assert_int_equal(smgw_pt_new(ctx, &cfg, &io, &pt), SMGW_E_INVAL);
	smgw_ctx_unref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec_exact),
		cmocka_unit_test(test_client_wire),
		cmocka_unit_test(test_errors_sent),
		cmocka_unit_test(test_oversize_no_allocation),
		cmocka_unit_test(test_send_buffer_wiped),
		cmocka_unit_test(test_truncated_stream),
		cmocka_unit_test(test_pair_cert_auth),
		cmocka_unit_test(test_pair_sasl_plain),
		cmocka_unit_test(test_pair_tcp),
		cmocka_unit_test(test_server_plain_challenge),
		cmocka_unit_test(test_client_plain_strongswan),
		cmocka_unit_test(test_config_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
