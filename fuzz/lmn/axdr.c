/* SPDX-License-Identifier: Apache-2.0 */
/* A-XDR cursor on arbitrary bytes: terminates, stays in bounds, depth bounded, skip agrees with next. */
#include <stdint.h>
#include <stdlib.h>

#include <smgw/axdr.h>
#include <smgw/dlms.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sink(void *ud, const struct smgw_value *v)
{
	(void)ud;
	return v->server_id_len != 0; /* never set by push lists */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it;
	struct smgw_cosem_datetime dt;
	size_t steps = 0;
	int e;

	smgw_axdr_cursor_init(&c, data, size, 0);
	while ((e = smgw_axdr_next(&c, &it)) == 1) {
		if (c.pos > size || it.depth < 0 || it.depth > SMGW_AXDR_MAX_DEPTH || ++steps > size + 1)
			abort();
		if (it.data && (it.data < data || it.data > data + size))
			abort();
		if (it.tag == SMGW_AXDR_DATE_TIME)
			(void)smgw_cosem_datetime_parse(it.data, it.count, &dt);
		if ((steps & 7) == 3 && smgw_axdr_skip(&c, &it) < 0)
			break;
	}
	(void)e;
	if (smgw_dlms_push_values(data, size, sink, NULL, NULL) > 0 && size == 0)
		abort();
	{
		struct smgw_dlms_notification n;
		if (smgw_dlms_notification_parse(data, size, &n, NULL) == 0 &&
		    (n.body < data || n.body + n.body_len != data + size))
			abort();
	}
	return 0;
}
