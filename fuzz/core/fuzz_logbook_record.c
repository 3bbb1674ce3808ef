/* SPDX-License-Identifier: Apache-2.0 */
/* Logbook record decoder: never crashes; what decodes re-encodes to the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "logbook-private.h"

int smgw__log_encode(const struct smgw_logbook_record *r, uint8_t *buf, size_t cap, size_t *ret_len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct smgw__log_decoded d;
	static uint8_t again[SMGW__LOG_CBOR_MAX];
	size_t len;

	if (smgw__log_decode(data, size, &d) != 0)
		return 0;
	if (smgw__log_encode(&d.rec, again, sizeof(again), &len) != 0 || len != size || memcmp(again, data, size) != 0)
		abort();
	return 0;
}
