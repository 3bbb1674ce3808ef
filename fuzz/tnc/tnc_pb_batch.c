/* SPDX-License-Identifier: Apache-2.0 */
/* PB-TNC decoder and state machine on arbitrary bytes: both roles in every
 * state, message decoders in bounds, the PB-Error answer re-parses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/tnc/pb.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void in_bounds(const void *p, size_t n, const uint8_t *data, size_t size)
{
	const uint8_t *b = p;

	if (n && (!b || b < data || b + n > data + size))
		abort();
}

static void messages(const smgw_pb_session *s, const struct smgw_pb_batch *b, const uint8_t *data,
		     size_t size)
{
	struct smgw_pb_msg m;
	size_t pos = 0;
	int r;

	while ((r = smgw_pb_session_msg_next(s, b, &pos, &m)) == 1) {
		union {
			struct smgw_pb_pa pa;
			struct smgw_tnc_remediation rm;
			struct smgw_pb_error er;
			struct smgw_pb_reason rs;
		} u;
		uint32_t v32;
		uint16_t v16;
		const char *lp;
		size_t ll;

		in_bounds(m.value, m.value_len, data, size);
		if (m.vendor != SMGW_TNC_VENDOR_IETF)
			continue;
		/* the session checked every IETF value: the decoders must agree */
		switch (m.type) {
		case SMGW_PB_MSG_PA:
			if (smgw_pb_decode_pa(&m, &u.pa, NULL) != 0)
				abort();
			in_bounds(u.pa.body, u.pa.body_len, data, size);
			break;
		case SMGW_PB_MSG_ASSESSMENT_RESULT:
			if (smgw_pb_decode_assessment_result(&m, &v32, NULL) != 0)
				abort();
			break;
		case SMGW_PB_MSG_ACCESS_RECOMMENDATION:
			if (smgw_pb_decode_access_recommendation(&m, &v16, NULL) != 0)
				abort();
			break;
		case SMGW_PB_MSG_REMEDIATION_PARAMETERS:
			if (smgw_pb_decode_remediation(&m, &u.rm, NULL) != 0)
				abort();
			break;
		case SMGW_PB_MSG_ERROR:
			if (smgw_pb_decode_error(&m, &u.er, NULL) != 0)
				abort();
			break;
		case SMGW_PB_MSG_LANGUAGE_PREFERENCE:
			if (smgw_pb_decode_language_preference(&m, &lp, &ll, NULL) != 0)
				abort();
			in_bounds(lp, ll, data, size);
			break;
		case SMGW_PB_MSG_REASON_STRING:
			if (smgw_pb_decode_reason_string(&m, &u.rs, NULL) != 0)
				abort();
			in_bounds(u.rs.reason, u.rs.reason_len, data, size);
			break;
		default:
			abort();
		}
	}
	if (r != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t drive[2][4][2] = {
		/* batches this side has sent / received to reach Init, SW, CW, Decided */
		{ { 0, 0 }, { SMGW_PB_BATCH_CDATA, 0 }, { SMGW_PB_BATCH_CDATA, SMGW_PB_BATCH_SDATA },
		  { SMGW_PB_BATCH_CDATA, SMGW_PB_BATCH_RESULT } },
		{ { 0, 0 }, { 0, SMGW_PB_BATCH_CDATA }, { SMGW_PB_BATCH_SDATA, SMGW_PB_BATCH_CDATA },
		  { SMGW_PB_BATCH_RESULT, SMGW_PB_BATCH_CDATA } },
	};
	smgw_ctx *ctx;
	int role, st;

	if (smgw_ctx_new(NULL, &ctx) != 0)
		return 0;
	for (role = 0; role < 2; role++) {
		for (st = 0; st < 4; st++) {
			struct smgw_pb_config cfg;
			smgw_pb_session *s;
			struct smgw_pb_batch b;
			struct smgw_pb_error err;
			int e;

			memset(&cfg, 0, sizeof(cfg));
			cfg.struct_size = sizeof(cfg);
			cfg.role = (uint32_t)role;
			cfg.flags = (size && (data[0] & 1)) ? SMGW_PB_NO_RETRY : 0;
			if (smgw_pb_session_new(ctx, &cfg, &s) != 0)
				continue;
			/* reach the state: a server receives first, a client sends first */
			if (role == 1 && drive[role][st][1]) {
				uint8_t hb[16] = { 2, 0, 0, SMGW_PB_BATCH_CDATA, 0, 0, 0, 8 };

				if (smgw_pb_session_receive(s, hb, 8, &b, NULL, NULL) != 0)
					abort();
			}
			if (drive[role][st][0] && smgw_pb_session_sent(s, drive[role][st][0]) != 0)
				abort();
			if (role == 0 && drive[role][st][1]) {
				uint8_t hb[24] = { 2, 0x80, 0, drive[role][st][1], 0, 0, 0, 8 };
				size_t n = 8;

				if (drive[role][st][1] == SMGW_PB_BATCH_RESULT) {
					static const uint8_t ar[16] = { 0x80, 0, 0, 0, 0, 0, 0, 2,
									0, 0, 0, 16, 0, 0, 0, 0 };

					memcpy(hb + 8, ar, 16);
					n = 24;
					hb[7] = 24;
				}
				if (smgw_pb_session_receive(s, hb, n, &b, NULL, NULL) != 0)
					abort();
			}
			memset(&err, 0, sizeof(err));
			e = smgw_pb_session_receive(s, size ? data : NULL, size, &b, &err, NULL);
			if (e == 0) {
				if (b.len != size || b.data != data)
					abort();
				messages(s, &b, data, size);
			} else if (e != SMGW_E_TNC_PB_RETRY_REFUSED) {
				uint8_t out[128];
				size_t n;
				struct smgw_pb_batch back;
				struct smgw_pb_msg m;
				size_t pos = 0;

				if (e != SMGW_E_TNC_PB_INVALID && e != SMGW_E_TNC_PB_VERSION &&
				    e != SMGW_E_TNC_PB_UNEXPECTED && e != SMGW_E_TNC_PB_UNSUPPORTED &&
				    e != SMGW_E_LIMIT)
					abort();
				if (e != SMGW_E_TNC_PB_VERSION && err.offset > size)
					abort();
				if (smgw_pb_session_error_batch(s, &err, out, sizeof(out), &n) != 0)
					abort();
				if (smgw_pb_batch_parse(out, n, &back, NULL, NULL) != 0 ||
				    back.type != SMGW_PB_BATCH_CLOSE || smgw_pb_msg_next(&back, &pos, &m) != 1)
					abort();
			}
			smgw_pb_session_free(s);
		}
	}
	smgw_ctx_unref(ctx);
	return 0;
}
