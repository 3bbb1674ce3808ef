/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wM-Bus ELL/AFL/TPL headers and OMS security on arbitrary bytes: the first
 * 16 bytes are the key, the rest the telegram. Decoding stays inside the
 * work buffer; a success with a key either decrypted something that starts
 * with 2F 2F (modes 5 and 7), verified an ELL CRC, or was unencrypted; the
 * records of the result iterate to an end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/wmbus.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t work[SMGW_WMBUS_MAX_TELEGRAM];
	struct smgw_wmbus_telegram t;
	struct smgw_diag d = SMGW_DIAG_INIT;
	int e;

	if (size < 16)
		return 0;
	e = smgw_wmbus_decode(data + 16, size - 16, data, 0, work, sizeof(work), &t, &d);
	if (e == 0) {
		struct smgw_wmbus_records it;
		struct smgw_wmbus_record r;
		size_t steps = 0;

		if (t.payload < work || t.payload + t.payload_len > work + t.telegram_len)
			abort();
		if ((t.flags & SMGW_WMBUS_T_ENCRYPTED) &&
		    (t.payload_len < 2 || t.payload[0] != 0x2f || t.payload[1] != 0x2f))
			abort();
		if ((t.flags & SMGW_WMBUS_T_PREDECRYPTED) || (t.security_mode == 7 && !(t.flags & SMGW_WMBUS_T_AFL_MAC)))
			abort(); /* not without SMGW_WMBUS_F_PREDECRYPTED */
		smgw_wmbus_records_init(&it, t.payload, t.payload_len);
		while ((e = smgw_wmbus_record_next(&it, &r, NULL)) == 1)
			if (++steps > t.payload_len)
				abort();
	} else if (e != SMGW_E_BUFSIZE && d.message[0] == 0) {
		abort(); /* every failure is explained */
	}
	return 0;
}
