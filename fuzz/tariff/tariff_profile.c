/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the AR 2418-6 supplier-file loader on arbitrary bytes. An
 * accepted profile is checked, and when it passes, evaluated over a day of
 * synthetic quarter-hour readings around its billing period (streaming
 * engine); every accepted profile is written, re-loaded (with the same
 * findings) and written again to the same bytes. Must never crash, leak
 * or read out of bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/tariff.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	smgw_ctx *ctx = NULL;
	smgw_tariff_profile *p = NULL;
	smgw_tariff_engine *e = NULL;
	smgw_tariff_result *r = NULL;
	struct smgw_diag d = SMGW_DIAG_INIT;

	if (smgw_ctx_new(NULL, &ctx) != 0)
		return 0;
	if (smgw_tariff_profile_load(ctx, NULL, data, size, &p, &d) == 0) {
		int n = smgw_tariff_profile_check(p, NULL, NULL);
		size_t len = 0, len2 = 0;
		char *w, *w2;
		smgw_tariff_profile *q = NULL;

		if (n < 0)
			abort();
		/* writer oracle: the written profile loads again and writes the same bytes */
		if (smgw_tariff_profile_write(p, NULL, 0, &len) != SMGW_E_BUFSIZE)
			abort();
		w = malloc(len + 1);
		if (w == NULL || smgw_tariff_profile_write(p, w, len + 1, &len) != 0)
			abort();
		if (smgw_tariff_profile_load(ctx, NULL, (const uint8_t *)w, len, &q, &d) != 0)
			abort();
		if (smgw_tariff_profile_check(q, NULL, NULL) != n)
			abort();
		(void)smgw_tariff_profile_write(q, NULL, 0, &len2);
		w2 = malloc(len2 + 1);
		if (w2 == NULL || len2 != len || smgw_tariff_profile_write(q, w2, len2 + 1, &len2) != 0 ||
		    memcmp(w, w2, len) != 0)
			abort();
		free(w);
		free(w2);
		smgw_tariff_profile_free(q);
		if (smgw_tariff_engine_new(ctx, p, NULL, NULL, &e, &d) == 0) {
			int64_t b, end, t;
			uint32_t ch;
			int i, k = smgw_tariff_profile_stage_count(p);
			struct smgw_tariff_stage st;

			if (n != 0)
				abort(); /* the engine accepts only profiles without findings */
			(void)smgw_tariff_profile_billing_period(p, &b, &end);
			if (k > 0 && smgw_tariff_profile_stage(p, 0, &st) == 0) {
				st.obis.e = 0;
				if (smgw_tariff_engine_add_channel(e, &st.obis, 900, &ch) == 0) {
					for (i = 0, t = b - 900000; i < 200 && t <= end + 900000; i++, t += 900000) {
						struct smgw_value v;

						smgw_value_init(&v);
						v.obis = st.obis;
						v.value = i * 7;
						v.capture_ms = t + (i % 5) * 3000;
						v.flags = SMGW_VALUE_HAS_CAPTURE_TIME | SMGW_VALUE_HAS_PTB;
						v.ptb_status = i % 9 == 0 ? 3 : 0;
						if (smgw_tariff_engine_push(e, ch, &v, NULL) < 0)
							break;
					}
				}
			}
			if (smgw_tariff_engine_finish(e, &r, NULL) == 0)
				smgw_tariff_result_free(r);
			smgw_tariff_engine_free(e);
		}
		smgw_tariff_profile_free(p);
	} else if (d.message[0] == '\0') {
		abort(); /* every refusal carries a reason */
	}
	smgw_ctx_unref(ctx);
	return 0;
}
