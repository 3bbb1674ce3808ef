/* SPDX-License-Identifier: Apache-2.0 */
/* PT-TLS engine on an arbitrary byte stream from the peer, both roles:
 * terminates, never reads past the input, bounded allocation; plus the
 * header parser and value decoders on the raw bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/tnc/pt.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct stream {
	const uint8_t *data;
	size_t size, pos, chunk;
	size_t written;
};

static int s_read(void *ud, void *buf, size_t len, size_t *ret_n)
{
	struct stream *s = ud;
	size_t n = s->size - s->pos;

	if (n > len)
		n = len;
	if (n > s->chunk)
		n = s->chunk;
	memcpy(buf, s->data + s->pos, n);
	s->pos += n;
	*ret_n = n;
	return 0;
}

static int s_write(void *ud, const void *buf, size_t len)
{
	struct stream *s = ud;

	(void)buf;
	s->written += len;
	return s->written > (1u << 24) ? SMGW_E_IO : 0;
}

static int accept_plain(void *ud, const char *z, size_t zl, const char *c, size_t cl, const char *p,
			size_t pl)
{
	(void)ud;
	(void)z;
	(void)zl;
	(void)c;
	(void)p;
	return !(cl > 0 && pl > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	smgw_ctx *ctx;
	int role;

	if (size >= 16) {
		struct smgw_pt_hdr h;
		struct smgw_pt_version_request vr;
		const char *name;
		const uint8_t *d;
		size_t nl, dl, pos = 0;
		uint32_t code, vendor;
		uint8_t ver;

		(void)smgw_pt_hdr_parse(data, size, 1u << 20, &h, NULL);
		(void)smgw_pt_decode_version_request(data + 16, size - 16, &vr, NULL);
		(void)smgw_pt_decode_version_response(data + 16, size - 16, &ver, NULL);
		while (smgw_pt_sasl_mechanisms_next(data + 16, size - 16, &pos, &name, &nl) == 1)
			if (name < (const char *)data || name + nl > (const char *)data + size)
				abort();
		(void)smgw_pt_decode_sasl_selection(data + 16, size - 16, &name, &nl, &d, &dl, NULL);
		(void)smgw_pt_decode_sasl_result(data + 16, size - 16, 2, &code, NULL);
		(void)smgw_pt_decode_error(data + 16, size - 16, &vendor, &code, &d, &dl, NULL);
	}
	if (smgw_ctx_new(NULL, &ctx) != 0)
		return 0;
	for (role = 0; role < 2; role++) {
		struct stream st = { data, size, 0, size ? (size_t)(data[0] % 7) + 1 : 1, 0 };
		struct smgw_pt_config cfg;
		struct smgw_pt_io io;
		smgw_pt *pt;
		int e, rounds = 0;

		memset(&cfg, 0, sizeof(cfg));
		cfg.struct_size = sizeof(cfg);
		cfg.role = (uint32_t)role;
		cfg.flags = SMGW_PT_SASL_PLAIN | (size > 1 && (data[1] & 1) ? SMGW_PT_CLIENT_CERT_AUTH : 0);
		cfg.max_message_size = 4096;
		cfg.sasl_result_width = size > 2 && (data[2] & 1) ? 1 : 2;
		cfg.plain_authcid = "smgw";
		cfg.plain_passwd = "pw";
		cfg.plain_check = accept_plain;
		memset(&io, 0, sizeof(io));
		io.struct_size = sizeof(io);
		io.userdata = &st;
		io.read = s_read;
		io.write = s_write;
		if (smgw_pt_new(ctx, &cfg, &io, &pt) != 0)
			continue;
		e = smgw_pt_negotiate(pt, NULL);
		while (e == 0 && rounds++ < 1000) {
			const uint8_t *b;
			size_t bl;

			e = smgw_pt_recv_batch(pt, &b, &bl, NULL);
			if (e == 0 && bl > 4096 - 16)
				abort();
		}
		if (st.pos > size)
			abort();
		smgw_pt_free(pt);
	}
	smgw_ctx_unref(ctx);
	return 0;
}
