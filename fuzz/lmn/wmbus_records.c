/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EN 13757-3 DIF/VIF records on arbitrary bytes: the iterator terminates,
 * every record lies inside the input and records are consecutive, numeric
 * records have a scaler, descriptions are NUL-terminated and bounded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/wmbus.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smgw_wmbus_records it;
	struct smgw_wmbus_record r;
	size_t steps = 0, end = 0;
	char desc[64];
	int e;

	smgw_wmbus_records_init(&it, data, size);
	while ((e = smgw_wmbus_record_next(&it, &r, NULL)) == 1) {
		const uint8_t *lim = data + size;

		if (++steps > size || r.offset < end || r.dib != data + r.offset)
			abort();
		if (r.dib + r.dib_len > lim || (r.vib && r.vib + r.vib_len > lim) || r.data + r.data_len_full > lim)
			abort();
		if (r.data_len > r.data_len_full || (r.vif_text && (const uint8_t *)r.vif_text + r.vif_text_len > lim))
			abort();
		if (!r.quantity || !r.unit_symbol)
			abort();
		e = smgw_wmbus_record_describe(&r, desc, sizeof(desc));
		if ((e < 0 && e != SMGW_E_BUFSIZE) || strlen(desc) >= sizeof(desc))
			abort();
		end = (size_t)(r.data - data) + r.data_len_full;
	}
	if (e > 0 || (e < 0 && e != SMGW_E_TRUNCATED && e != SMGW_E_WMBUS_RECORD))
		abort();
	return 0;
}
