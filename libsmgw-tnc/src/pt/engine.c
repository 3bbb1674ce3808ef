/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PT-TLS engine (RFC 6876): version negotiation, the SASL phase (empty
 * mechanism list after certificate authentication, optional PLAIN) and the
 * transport of PB-TNC batches over caller-supplied blocking I/O.
 */
#include <string.h>

#include <smgw/tnc/pt.h>
#include <smgw/tnc/pa.h>

#include "pt-private.h"
#include "../pa/tnc-wire.h"

/*
 * Choices the RFC leaves open or where implementations differ (docs/tnc.md,
 * "PT-TLS"). Kept here, in one place, so they are easy to change.
 */
/* Error code answering a message longer than max_message_size. */
#define PT_ERR_FOR_OVERSIZE SMGW_PT_ERROR_INVALID_PARAMETER
/* At most this many bytes of an offending message are copied into a PT-TLS Error. */
#define PT_ERROR_COPY_MAX 1024u
/* Default width of the SASL Result code (jTNC and RFC 6876 as read: 2; strongSwan: 1). */
#define PT_SASL_RESULT_WIDTH_DEFAULT 2u
/* Unknown message types of other vendors are skipped (strongSwan does the same). */
#define PT_SKIP_UNKNOWN_VENDOR_TYPES 1

enum pt_state {
	PT_NEW = 0,
	PT_READY,
	PT_FAILED
};

struct smgw_pt {
	smgw_ctx *ctx;
	struct smgw_pt_config cfg;
	struct smgw_pt_io io;
	int state;
	int version;
	int error_sent;
	uint32_t next_id;
	int have_peer_error;
	uint32_t peer_vendor;
	uint32_t peer_code;
	uint8_t *buf;     /* receive buffer for message values */
	size_t buf_cap;
	uint8_t *tx;      /* send buffer for messages above 1 KiB */
	size_t tx_cap;
	char identity[256];
	int have_identity;
};

SMGW_EXPORT int smgw_pt_new(smgw_ctx *ctx, const struct smgw_pt_config *cfg,
			    const struct smgw_pt_io *io, smgw_pt **ret_pt)
{
	smgw_pt *pt;

	if (!ctx || !cfg || !io || !ret_pt || cfg->struct_size < sizeof(struct smgw_pt_config) ||
	    io->struct_size < sizeof(struct smgw_pt_io) || !io->read || !io->write ||
	    cfg->role > SMGW_PT_ROLE_SERVER ||
	    (cfg->flags & ~(SMGW_PT_CLIENT_CERT_AUTH | SMGW_PT_SASL_PLAIN)) || cfg->reserved)
		return SMGW_E_INVAL;
	if (cfg->max_message_size && cfg->max_message_size < 64)
		return SMGW_E_INVAL;
	if (cfg->sasl_result_width && cfg->sasl_result_width != 1 && cfg->sasl_result_width != 2 &&
	    cfg->sasl_result_width != 4)
		return SMGW_E_INVAL;
	pt = smgw_ctx_calloc(ctx, 1, sizeof(*pt));
	if (!pt)
		return SMGW_E_NOMEM;
	pt->ctx = smgw_ctx_ref(ctx);
	pt->cfg = *cfg;
	pt->cfg.struct_size = sizeof(pt->cfg);
	if (!pt->cfg.max_message_size)
		pt->cfg.max_message_size = SMGW_PT_DEFAULT_MAX_MESSAGE;
	if (!pt->cfg.sasl_result_width)
		pt->cfg.sasl_result_width = PT_SASL_RESULT_WIDTH_DEFAULT;
	pt->io = *io;
	pt->io.struct_size = sizeof(pt->io);
	*ret_pt = pt;
	return 0;
}

SMGW_EXPORT void smgw_pt_free(smgw_pt *pt)
{
	smgw_ctx *ctx;

	if (!pt)
		return;
	ctx = pt->ctx;
	if (pt->buf) {
		smgw_wipe(pt->buf, pt->buf_cap);
		smgw_ctx_free(ctx, pt->buf, pt->buf_cap);
	}
	if (pt->tx) {
		smgw_wipe(pt->tx, pt->tx_cap);
		smgw_ctx_free(ctx, pt->tx, pt->tx_cap);
	}
	smgw_wipe(pt->identity, sizeof(pt->identity));
	smgw_ctx_free(ctx, pt, sizeof(*pt));
	smgw_ctx_unref(ctx);
}

/* ---- I/O ---- */

static int read_exact(smgw_pt *pt, uint8_t *buf, size_t n, int *ret_eof_at_start)
{
	size_t got = 0;

	*ret_eof_at_start = 0;
	while (got < n) {
		size_t r = 0;
		int e = pt->io.read(pt->io.userdata, buf + got, n - got, &r);

		if (e)
			return e < 0 ? e : SMGW_E_IO;
		if (r == 0) {
			if (got == 0)
				*ret_eof_at_start = 1;
			return got == 0 ? SMGW_E_TNC_PT_CLOSED : SMGW_E_TRUNCATED;
		}
		if (r > n - got)
			return SMGW_E_IO;
		got += r;
	}
	return 0;
}

static int write_all(smgw_pt *pt, const void *buf, size_t n)
{
	int e = pt->io.write(pt->io.userdata, buf, n);

	return e ? (e < 0 ? e : SMGW_E_IO) : 0;
}

/* Sends a message of header + value (the value may be NULL/0) with one
 * write: two writes per message meet Nagle's algorithm and delayed ACKs on
 * TCP and cost two TLS records. Small messages go through the stack, larger
 * ones through a send buffer of the engine. */
static int send_msg(smgw_pt *pt, uint32_t type, const void *value, size_t len)
{
	uint8_t small[1024];
	uint8_t *buf = small;
	struct smgw_writer w;
	size_t total = len + SMGW_PT_HEADER_LEN;
	int e;

	if (len > pt->cfg.max_message_size - SMGW_PT_HEADER_LEN)
		return SMGW_E_LIMIT;
	if (total > sizeof(small)) {
		if (total > pt->tx_cap) {
			uint8_t *nb = smgw_ctx_malloc(pt->ctx, total);

			if (!nb)
				return SMGW_E_NOMEM;
			/* batches and SASL data may be secret: wiped first */
			if (pt->tx) {
				smgw_wipe(pt->tx, pt->tx_cap);
				smgw_ctx_free(pt->ctx, pt->tx, pt->tx_cap);
			}
			pt->tx = nb;
			pt->tx_cap = total;
		}
		buf = pt->tx;
	}
	smgw_writer_init(&w, buf, total);
	smgw__pt_write_hdr(&w, SMGW_TNC_VENDOR_IETF, type, (uint32_t)total, pt->next_id++);
	smgw_writer_bytes(&w, value, len);
	e = write_all(pt, buf, total);
	if (buf == small)
		smgw_wipe(small, total);
	if (e)
		pt->state = PT_FAILED;
	return e;
}

static int send_error_copy(smgw_pt *pt, uint32_t code, const uint8_t *hdr, const uint8_t *value,
			   size_t vlen)
{
	uint8_t m[SMGW_PT_HEADER_LEN + 8 + PT_ERROR_COPY_MAX];
	size_t copy_hdr = hdr ? SMGW_PT_HEADER_LEN : 0, copy_val, total;
	struct smgw_writer w;

	if (pt->error_sent)
		return SMGW_E_STATE;
	pt->error_sent = 1;
	pt->state = PT_FAILED;
	copy_val = vlen;
	if (copy_hdr + copy_val > PT_ERROR_COPY_MAX)
		copy_val = PT_ERROR_COPY_MAX - copy_hdr;
	total = SMGW_PT_HEADER_LEN + 8 + copy_hdr + copy_val;
	if (total > pt->cfg.max_message_size) {
		copy_val = 0;
		total = SMGW_PT_HEADER_LEN + 8 + copy_hdr;
	}
	smgw_ctx_log(pt->ctx, SMGW_LOG_NOTICE, "tnc", "PT-TLS: sending PT-TLS Error code %u",
		     (unsigned)code);
	smgw_writer_init(&w, m, sizeof(m));
	smgw__pt_write_hdr(&w, SMGW_TNC_VENDOR_IETF, SMGW_PT_MSG_ERROR, (uint32_t)total,
			   pt->next_id++);
	smgw_writer_u8(&w, 0);
	smgw_writer_be(&w, 3, SMGW_TNC_VENDOR_IETF);
	smgw_writer_be32(&w, code);
	if (copy_hdr)
		smgw_writer_bytes(&w, hdr, copy_hdr);
	if (copy_val)
		smgw_writer_bytes(&w, value, copy_val);
	return write_all(pt, m, total);
}

SMGW_EXPORT int smgw_pt_send_error(smgw_pt *pt, uint32_t code, const void *offending, size_t len)
{
	if (!pt || (!offending && len))
		return SMGW_E_INVAL;
	return send_error_copy(pt, code, NULL, offending, len);
}

/* Sends an error about the current message, returns err (the local code). */
static int protocol_error(smgw_pt *pt, int err, uint32_t code, const uint8_t *hdr,
			  const uint8_t *value, size_t vlen, struct smgw_diag *diag, const char *what)
{
	int e = send_error_copy(pt, code, hdr, value, vlen);

	(void)e; /* the local error is what counts; the connection ends anyway */
	return smgw_diag_set(diag, err, UINT64_MAX, "PT-TLS: %s", what);
}

/* Receives one message. The value is in pt->buf, valid until the next call. */
static int recv_msg(smgw_pt *pt, uint8_t hdr[SMGW_PT_HEADER_LEN], struct smgw_pt_hdr *ret_h,
		    const uint8_t **ret_value, size_t *ret_len, struct smgw_diag *diag)
{
	struct smgw_pt_hdr h;
	size_t vlen;
	int e, eof;

	e = read_exact(pt, hdr, SMGW_PT_HEADER_LEN, &eof);
	if (e) {
		pt->state = PT_FAILED;
		if (e == SMGW_E_TNC_PT_CLOSED)
			return smgw_diag_set(diag, e, UINT64_MAX, "PT-TLS: connection closed by the peer");
		return smgw_diag_set(diag, e, UINT64_MAX, "PT-TLS: reading a message header failed");
	}
	/* The announced length is checked before anything is allocated. */
	e = smgw_pt_hdr_parse(hdr, SMGW_PT_HEADER_LEN, pt->cfg.max_message_size, &h, NULL);
	if (e == SMGW_E_TNC_PT_MALFORMED)
		return protocol_error(pt, e, SMGW_PT_ERROR_MALFORMED_MESSAGE, hdr, NULL, 0, diag,
				      "message length below 16");
	if (e == SMGW_E_LIMIT)
		return protocol_error(pt, e, PT_ERR_FOR_OVERSIZE, hdr, NULL, 0, diag,
				      "message longer than the configured maximum");
	if (e)
		return e;
	vlen = h.length - SMGW_PT_HEADER_LEN;
	if (vlen > pt->buf_cap) {
		uint8_t *nb = smgw_ctx_malloc(pt->ctx, vlen);

		if (!nb) {
			pt->state = PT_FAILED;
			return SMGW_E_NOMEM;
		}
		if (pt->buf) {
			smgw_wipe(pt->buf, pt->buf_cap);
			smgw_ctx_free(pt->ctx, pt->buf, pt->buf_cap);
		}
		pt->buf = nb;
		pt->buf_cap = vlen;
	}
	if (vlen) {
		e = read_exact(pt, pt->buf, vlen, &eof);
		if (e) {
			pt->state = PT_FAILED;
			return smgw_diag_set(diag, e == SMGW_E_TNC_PT_CLOSED ? SMGW_E_TRUNCATED : e,
					     UINT64_MAX, "PT-TLS: message value truncated");
		}
	}
	if (h.vendor == SMGW_TNC_VENDOR_IETF && h.type == SMGW_PT_MSG_ERROR) {
		const uint8_t *copy;
		size_t cl;

		pt->state = PT_FAILED;
		if (smgw_pt_decode_error(pt->buf, vlen, &pt->peer_vendor, &pt->peer_code, &copy, &cl,
					 NULL) == 0)
			pt->have_peer_error = 1;
		smgw_ctx_log(pt->ctx, SMGW_LOG_NOTICE, "tnc", "PT-TLS: peer sent PT-TLS Error code %u",
			     (unsigned)pt->peer_code);
		return smgw_diag_set(diag, SMGW_E_TNC_PT_PEER_ERROR, UINT64_MAX,
				     "PT-TLS: peer sent PT-TLS Error (vendor %u, code %u)",
				     (unsigned)pt->peer_vendor, (unsigned)pt->peer_code);
	}
	if (h.vendor == SMGW_TNC_VENDOR_IETF && h.type > SMGW_PT_MSG_ERROR)
		return protocol_error(pt, SMGW_E_TNC_PT_TYPE, SMGW_PT_ERROR_TYPE_NOT_SUPPORTED, hdr,
				      pt->buf, vlen, diag, "unknown IETF message type");
	*ret_h = h;
	*ret_value = pt->buf;
	*ret_len = vlen;
	return 0;
}

/* Skippable in every phase: Experimental and other vendors' types. */
static int skippable(const struct smgw_pt_hdr *h)
{
	if (h->vendor == SMGW_TNC_VENDOR_IETF)
		return h->type == SMGW_PT_MSG_EXPERIMENTAL;
	return PT_SKIP_UNKNOWN_VENDOR_TYPES;
}

/* Receives the next message that is not skippable; anything but @p want
 * is answered with Invalid Message. */
static int expect(smgw_pt *pt, uint32_t want, uint32_t want2, struct smgw_pt_hdr *ret_h,
		  const uint8_t **ret_v, size_t *ret_len, struct smgw_diag *diag)
{
	uint8_t hdr[SMGW_PT_HEADER_LEN];
	int e;

	for (;;) {
		e = recv_msg(pt, hdr, ret_h, ret_v, ret_len, diag);
		if (e)
			return e;
		if (skippable(ret_h))
			continue;
		if (ret_h->type == want || ret_h->type == want2)
			return 0;
		return protocol_error(pt, SMGW_E_TNC_PT_INVALID_MSG, SMGW_PT_ERROR_INVALID_MESSAGE, hdr,
				      *ret_v, *ret_len, diag, "message not allowed in this phase");
	}
}

/* The header of the message last received, rebuilt for error copies. */
static void rebuild_hdr(const struct smgw_pt_hdr *h, uint8_t out[SMGW_PT_HEADER_LEN])
{
	struct smgw_writer w;

	smgw_writer_init(&w, out, SMGW_PT_HEADER_LEN);
	smgw__pt_write_hdr(&w, h->vendor, h->type, h->length, h->msg_id);
	out[0] = h->reserved;
}

/* ---- client ---- */

static int client_plain(smgw_pt *pt, struct smgw_diag *diag)
{
	const char *authz = pt->cfg.plain_authzid ? pt->cfg.plain_authzid : "";
	const char *authc = pt->cfg.plain_authcid, *pw = pt->cfg.plain_passwd;
	size_t lz, lc, lp, n, len;
	uint8_t *msg;
	struct smgw_writer w;
	struct smgw_pt_hdr h;
	const uint8_t *v;
	size_t vl;
	uint32_t code;
	int e;

	lz = strlen(authz);
	lc = strlen(authc);
	lp = strlen(pw);
	if (lz > 255 || lc > 255 || lp > 255)
		return SMGW_E_INVAL;
	n = SMGW_PT_HEADER_LEN + 1 + 5 + lz + 1 + lc + 1 + lp;
	msg = smgw_ctx_malloc(pt->ctx, n);
	if (!msg)
		return SMGW_E_NOMEM;
	smgw_writer_init(&w, msg, n);
	smgw__pt_write_hdr(&w, SMGW_TNC_VENDOR_IETF, SMGW_PT_MSG_SASL_SELECTION, (uint32_t)n,
			   pt->next_id++);
	smgw_writer_u8(&w, 5);
	smgw_writer_bytes(&w, "PLAIN", 5);
	smgw_writer_bytes(&w, authz, lz);
	smgw_writer_u8(&w, 0);
	smgw_writer_bytes(&w, authc, lc);
	smgw_writer_u8(&w, 0);
	smgw_writer_bytes(&w, pw, lp);
	e = smgw_writer_finish(&w, &len);
	if (e == 0)
		e = write_all(pt, msg, len);
	smgw_wipe(msg, n);
	smgw_ctx_free(pt->ctx, msg, n);
	if (e) {
		pt->state = PT_FAILED;
		return e;
	}
	e = expect(pt, SMGW_PT_MSG_SASL_RESULT, SMGW_PT_MSG_SASL_RESULT, &h, &v, &vl, diag);
	if (e)
		return e;
	/* A value shorter than the configured code width, of 1 or 2 bytes, is
	 * read with its own width: strongSwan writes an 8-bit code. */
	e = smgw_pt_decode_sasl_result(v, vl,
				       vl < pt->cfg.sasl_result_width && (vl == 1 || vl == 2) ?
					       (unsigned)vl : pt->cfg.sasl_result_width,
				       &code, diag);
	if (e) {
		uint8_t hb[SMGW_PT_HEADER_LEN];

		rebuild_hdr(&h, hb);
		return protocol_error(pt, e, SMGW_PT_ERROR_INVALID_PARAMETER, hb, v, vl, diag,
				      "bad SASL Result");
	}
	if (code != SMGW_PT_SASL_SUCCESS) {
		pt->state = PT_FAILED;
		return smgw_diag_set(diag, SMGW_E_TNC_PT_AUTH, UINT64_MAX,
				     "PT-TLS: SASL PLAIN failed (result %u)", (unsigned)code);
	}
	return 0;
}

static int client_negotiate(smgw_pt *pt, struct smgw_diag *diag)
{
	static const uint8_t vreq[4] = { 0, SMGW_PT_VERSION, SMGW_PT_VERSION, SMGW_PT_VERSION };
	struct smgw_pt_hdr h;
	const uint8_t *v;
	size_t vl;
	uint8_t ver, hb[SMGW_PT_HEADER_LEN];
	int e, rounds;

	e = send_msg(pt, SMGW_PT_MSG_VERSION_REQUEST, vreq, sizeof(vreq));
	if (e)
		return e;
	e = expect(pt, SMGW_PT_MSG_VERSION_RESPONSE, SMGW_PT_MSG_VERSION_RESPONSE, &h, &v, &vl, diag);
	if (e)
		return e;
	rebuild_hdr(&h, hb);
	e = smgw_pt_decode_version_response(v, vl, &ver, diag);
	if (e)
		return protocol_error(pt, e, SMGW_PT_ERROR_INVALID_PARAMETER, hb, v, vl, diag,
				      "bad Version Response");
	if (ver != SMGW_PT_VERSION)
		return protocol_error(pt, SMGW_E_TNC_PT_VERSION, SMGW_PT_ERROR_VERSION_NOT_SUPPORTED, hb,
				      v, vl, diag, "server selected a version that was not offered");
	pt->version = ver;
	/* SASL phase: ends with an empty SASL Mechanisms message. */
	for (rounds = 0; rounds < 4; rounds++) {
		size_t pos = 0, nl;
		const char *name;
		int r, plain = 0, any = 0;

		e = expect(pt, SMGW_PT_MSG_SASL_MECHANISMS, SMGW_PT_MSG_SASL_MECHANISMS, &h, &v, &vl, diag);
		if (e)
			return e;
		rebuild_hdr(&h, hb);
		while ((r = smgw_pt_sasl_mechanisms_next(v, vl, &pos, &name, &nl)) == 1) {
			any = 1;
			if (nl == 5 && memcmp(name, "PLAIN", 5) == 0)
				plain = 1;
		}
		if (r < 0)
			return protocol_error(pt, SMGW_E_TNC_PT_INVALID_PARAM,
					      SMGW_PT_ERROR_INVALID_PARAMETER, hb, v, vl, diag,
					      "bad SASL Mechanisms list");
		if (!any) {
			pt->state = PT_READY;
			return 0;
		}
		if (!plain || !(pt->cfg.flags & SMGW_PT_SASL_PLAIN) || !pt->cfg.plain_authcid ||
		    !pt->cfg.plain_passwd)
			return protocol_error(pt, SMGW_E_TNC_PT_SASL, SMGW_PT_ERROR_SASL_MECHANISM, hb, v,
					      vl, diag, "no usable SASL mechanism offered");
		e = client_plain(pt, diag);
		if (e)
			return e;
	}
	return protocol_error(pt, SMGW_E_TNC_PT_INVALID_MSG, SMGW_PT_ERROR_INVALID_MESSAGE, NULL, NULL,
			      0, diag, "SASL phase does not end");
}

/* ---- server ---- */

/* Checks a PLAIN response (authzid NUL authcid NUL passwd) and wipes it. */
static int server_check_plain(smgw_pt *pt, uint8_t *d, size_t n)
{
	uint8_t *z1, *z2;
	int ok;

	z1 = memchr(d, 0, n);
	z2 = z1 ? memchr(z1 + 1, 0, n - (size_t)(z1 + 1 - d)) : NULL;
	if (!z1 || !z2 || z2 == z1 + 1 || (size_t)(z2 - z1 - 1) >= sizeof(pt->identity)) {
		smgw_wipe(d, n);
		return -1;
	}
	ok = pt->cfg.plain_check(pt->cfg.plain_userdata, (const char *)d, (size_t)(z1 - d),
				 (const char *)z1 + 1, (size_t)(z2 - z1 - 1), (const char *)z2 + 1,
				 n - (size_t)(z2 + 1 - d)) == 0;
	if (ok) {
		memcpy(pt->identity, z1 + 1, (size_t)(z2 - z1 - 1));
		pt->identity[z2 - z1 - 1] = '\0';
		pt->have_identity = 1;
	}
	smgw_wipe(d, n);
	return ok ? 0 : -1;
}

static int send_sasl_result(smgw_pt *pt, uint32_t code)
{
	uint8_t v[4];
	unsigned wdt = pt->cfg.sasl_result_width, i;

	for (i = 0; i < wdt; i++)
		v[i] = (uint8_t)(code >> (8 * (wdt - 1 - i)));
	return send_msg(pt, SMGW_PT_MSG_SASL_RESULT, v, wdt);
}

static int server_negotiate(smgw_pt *pt, struct smgw_diag *diag)
{
	static const uint8_t plain_list[6] = { 5, 'P', 'L', 'A', 'I', 'N' };
	struct smgw_pt_version_request vr;
	struct smgw_pt_hdr h;
	const uint8_t *v;
	size_t vl;
	uint8_t hb[SMGW_PT_HEADER_LEN], vresp[4] = { 0, 0, 0, SMGW_PT_VERSION };
	int e;

	e = expect(pt, SMGW_PT_MSG_VERSION_REQUEST, SMGW_PT_MSG_VERSION_REQUEST, &h, &v, &vl, diag);
	if (e)
		return e;
	rebuild_hdr(&h, hb);
	e = smgw_pt_decode_version_request(v, vl, &vr, diag);
	if (e)
		return protocol_error(pt, e, SMGW_PT_ERROR_INVALID_PARAMETER, hb, v, vl, diag,
				      "bad Version Request");
	if (vr.min_version > SMGW_PT_VERSION || vr.max_version < SMGW_PT_VERSION)
		return protocol_error(pt, SMGW_E_TNC_PT_VERSION, SMGW_PT_ERROR_VERSION_NOT_SUPPORTED, hb,
				      v, vl, diag, "no common version");
	e = send_msg(pt, SMGW_PT_MSG_VERSION_RESPONSE, vresp, sizeof(vresp));
	if (e)
		return e;
	pt->version = SMGW_PT_VERSION;
	if ((pt->cfg.flags & SMGW_PT_CLIENT_CERT_AUTH) || !(pt->cfg.flags & SMGW_PT_SASL_PLAIN) ||
	    !pt->cfg.plain_check) {
		e = send_msg(pt, SMGW_PT_MSG_SASL_MECHANISMS, NULL, 0);
		if (e == 0)
			pt->state = PT_READY;
		return e;
	}
	e = send_msg(pt, SMGW_PT_MSG_SASL_MECHANISMS, plain_list, sizeof(plain_list));
	if (e)
		return e;
	{
		const char *name;
		const uint8_t *data;
		size_t nl, dl;

		e = expect(pt, SMGW_PT_MSG_SASL_SELECTION, SMGW_PT_MSG_SASL_SELECTION, &h, &v, &vl, diag);
		if (e)
			return e;
		rebuild_hdr(&h, hb);
		e = smgw_pt_decode_sasl_selection(v, vl, &name, &nl, &data, &dl, diag);
		if (e)
			return protocol_error(pt, e, SMGW_PT_ERROR_INVALID_PARAMETER, hb, v, vl, diag,
					      "bad SASL Mechanism Selection");
		if (nl != 5 || memcmp(name, "PLAIN", 5) != 0)
			return protocol_error(pt, SMGW_E_TNC_PT_SASL, SMGW_PT_ERROR_SASL_MECHANISM, hb, v,
					      vl, diag, "SASL mechanism not offered");
		if (dl == 0) {
			/* no initial response: ask for it with an empty challenge */
			e = send_msg(pt, SMGW_PT_MSG_SASL_AUTH_DATA, NULL, 0);
			if (e)
				return e;
			e = expect(pt, SMGW_PT_MSG_SASL_AUTH_DATA, SMGW_PT_MSG_SASL_AUTH_DATA, &h, &v, &vl,
				   diag);
			if (e)
				return e;
			data = v;
			dl = vl;
		}
		if (server_check_plain(pt, (uint8_t *)(uintptr_t)data, dl) != 0) {
			smgw_wipe(pt->buf, pt->buf_cap);
			(void)send_sasl_result(pt, SMGW_PT_SASL_FAILURE);
			pt->state = PT_FAILED;
			return smgw_diag_set(diag, SMGW_E_TNC_PT_AUTH, UINT64_MAX,
					     "PT-TLS: SASL PLAIN authentication failed");
		}
		smgw_wipe(pt->buf, pt->buf_cap);
	}
	e = send_sasl_result(pt, SMGW_PT_SASL_SUCCESS);
	if (e)
		return e;
	e = send_msg(pt, SMGW_PT_MSG_SASL_MECHANISMS, NULL, 0);
	if (e == 0)
		pt->state = PT_READY;
	return e;
}

SMGW_EXPORT int smgw_pt_negotiate(smgw_pt *pt, struct smgw_diag *diag)
{
	if (!pt)
		return SMGW_E_INVAL;
	if (pt->state != PT_NEW)
		return SMGW_E_STATE;
	return pt->cfg.role == SMGW_PT_ROLE_CLIENT ? client_negotiate(pt, diag) :
						     server_negotiate(pt, diag);
}

SMGW_EXPORT int smgw_pt_send_batch(smgw_pt *pt, const void *batch, size_t len,
				   struct smgw_diag *diag)
{
	if (!pt || (!batch && len))
		return SMGW_E_INVAL;
	if (pt->state != PT_READY)
		return SMGW_E_STATE;
	if (len > pt->cfg.max_message_size - SMGW_PT_HEADER_LEN)
		return smgw_diag_set(diag, SMGW_E_LIMIT, UINT64_MAX,
				     "PT-TLS: batch of %zu bytes above the maximum message size", len);
	return send_msg(pt, SMGW_PT_MSG_PB_BATCH, batch, len);
}

SMGW_EXPORT int smgw_pt_recv_batch(smgw_pt *pt, const uint8_t **ret_batch, size_t *ret_len,
				   struct smgw_diag *diag)
{
	struct smgw_pt_hdr h;
	const uint8_t *v;
	size_t vl;
	int e;

	if (!pt || !ret_batch || !ret_len)
		return SMGW_E_INVAL;
	if (pt->state != PT_READY)
		return SMGW_E_STATE;
	e = expect(pt, SMGW_PT_MSG_PB_BATCH, SMGW_PT_MSG_PB_BATCH, &h, &v, &vl, diag);
	if (e)
		return e;
	*ret_batch = v;
	*ret_len = vl;
	return 0;
}

SMGW_EXPORT int smgw_pt_peer_error(const smgw_pt *pt, uint32_t *ret_vendor, uint32_t *ret_code)
{
	if (!pt || !ret_vendor || !ret_code)
		return SMGW_E_INVAL;
	if (!pt->have_peer_error)
		return SMGW_E_NOTFOUND;
	*ret_vendor = pt->peer_vendor;
	*ret_code = pt->peer_code;
	return 0;
}

SMGW_EXPORT int smgw_pt_ready(const smgw_pt *pt)
{
	return pt && pt->state == PT_READY;
}

SMGW_EXPORT int smgw_pt_version(const smgw_pt *pt)
{
	return pt ? pt->version : 0;
}

SMGW_EXPORT const char *smgw_pt_sasl_identity(const smgw_pt *pt)
{
	return pt && pt->have_identity ? pt->identity : NULL;
}
