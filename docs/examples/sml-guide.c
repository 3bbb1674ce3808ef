/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Worked example of docs/sml.md: a meter's push (OpenResponse,
 * GetListResponse, CloseResponse) is encoded, framed with transport v1,
 * fed to the stream decoder in small chunks as a UART would deliver it,
 * and its values are extracted as struct smgw_value.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <smgw/lmn.h>

static const uint8_t server_id[10] = { 0x0a, 0x01, 'E', 'M', 'H', 0x00, 0x01, 0x02, 0x03, 0x04 };
static const uint8_t obis_1_8_0[6] = { 1, 0, 1, 8, 0, 255 };
static const uint8_t obis_16_7_0[6] = { 1, 0, 16, 7, 0, 255 };

/* Meter side: build the SML file with the encoder. */
static int encode_push(uint8_t *out, size_t cap, size_t *ret_len)
{
	uint8_t entries[128];
	struct smgw_sml_list_entry e;
	struct smgw_sml_message m;
	struct smgw_writer w;
	size_t elen = 0, len = 0;
	const struct smgw_sml_octets sid = { server_id, sizeof(server_id), 1 };
	const struct smgw_sml_octets tid = { (const uint8_t *)"\x01", 1, 1 };

	/* Two valList entries: energy 12345.6 Wh (status 0x1c0104), power -42 W. */
	smgw_writer_init(&w, entries, sizeof(entries));
	memset(&e, 0, sizeof(e));
	e.obj_name = (struct smgw_sml_octets){ obis_1_8_0, 6, 1 };
	e.has = SMGW_SML_HAS_STATUS | SMGW_SML_HAS_UNIT | SMGW_SML_HAS_SCALER;
	e.status = 0x1c0104;
	e.unit = SMGW_UNIT_WH;
	e.scaler = -1;
	e.value.type = SMGW_SML_VALUE_UINT;
	e.value.u = 123456;
	smgw_sml_write_list_entry(&w, &e);
	memset(&e, 0, sizeof(e));
	e.obj_name = (struct smgw_sml_octets){ obis_16_7_0, 6, 1 };
	e.has = SMGW_SML_HAS_UNIT | SMGW_SML_HAS_SCALER;
	e.unit = SMGW_UNIT_WATT;
	e.value.type = SMGW_SML_VALUE_INT;
	e.value.i = -42;
	smgw_sml_write_list_entry(&w, &e);
	if (smgw_writer_finish(&w, &elen) != 0)
		return -1;

	smgw_writer_init(&w, out, cap);
	memset(&m, 0, sizeof(m));
	m.transaction_id = tid;
	m.tag = SMGW_SML_OPEN_RES;
	m.body.open_res.req_file_id = tid;
	m.body.open_res.server_id = sid;
	if (smgw_sml_message_encode(&w, &m) != 0)
		return -1;
	memset(&m.body, 0, sizeof(m.body));
	m.tag = SMGW_SML_GET_LIST_RES;
	m.body.get_list_res.server_id = sid;
	m.body.get_list_res.act_sensor_time = (struct smgw_sml_time){ SMGW_SML_TIME_SECINDEX, 4711, 0, 0, 0 };
	smgw_sml_cursor_init(&m.body.get_list_res.val_list, entries, elen, 2);
	if (smgw_sml_message_encode(&w, &m) != 0)
		return -1;
	memset(&m.body, 0, sizeof(m.body));
	m.tag = SMGW_SML_CLOSE_RES;
	if (smgw_sml_message_encode(&w, &m) != 0 || smgw_writer_finish(&w, &len) != 0)
		return -1;
	*ret_len = len;
	return 0;
}

struct seen {
	int count;
	int ok;
};

/* Gateway side: called for every value of a complete, verified file. */
static int on_value(void *userdata, const struct smgw_value *v, const struct smgw_sml_message *msg)
{
	struct seen *s = userdata;
	char obis[SMGW_OBIS_STRLEN], dec[32];

	(void)msg;
	if (smgw_obis_format(&v->obis, obis, sizeof(obis)) < 0 ||
	    smgw_value_format_decimal(v->value, v->scaler, dec, sizeof(dec)) < 0)
		return -1;
	printf("%s = %s %s", obis, dec, smgw_unit_symbol(v->unit) ? smgw_unit_symbol(v->unit) : "");
	if (v->flags & SMGW_VALUE_HAS_STATUS)
		printf(", meter status 0x%" PRIx64, v->status);
	if (v->flags & SMGW_VALUE_SECONDS_INDEX)
		printf(", secIndex %" PRId64, v->capture_ms / 1000);
	printf("\n");
	if (s->count == 0)
		s->ok = strcmp(dec, "12345.6") == 0 && v->status == 0x1c0104 && v->capture_ms == 4711000;
	else
		s->ok = s->ok && strcmp(obis, "1-0:16.7.0*255") == 0 && v->value == -42;
	s->count++;
	return 0;
}

int main(void)
{
	uint8_t file[512], wire[600], frame_buf[1024];
	uint64_t stream_mem[16];
	size_t len = 0, wire_len = sizeof(wire), off = 0;
	smgw_sml_stream *stream;
	struct seen seen = { 0, 0 };
	int files = 0;

	if (encode_push(file, sizeof(file), &len) != 0 ||
	    smgw_sml_transport_encode(file, len, wire, &wire_len) != 0)
		return 1;

	/* The decoder lives in caller memory: nothing is allocated. */
	if (smgw_sml_stream_size() > sizeof(stream_mem) ||
	    smgw_sml_stream_init(stream_mem, sizeof(stream_mem), frame_buf, sizeof(frame_buf), 0, &stream) != 0)
		return 1;

	/* Feed 7 bytes at a time, as they might arrive from a UART. */
	while (off < wire_len) {
		size_t chunk = wire_len - off < 7 ? wire_len - off : 7, pos = 0;

		while (pos < chunk) {
			struct smgw_sml_file f;
			struct smgw_diag diag = SMGW_DIAG_INIT;
			size_t used;
			int r = smgw_sml_stream_feed(stream, wire + off + pos, chunk - pos, &used, &f, &diag);

			pos += used;
			if (r == SMGW_SML_FILE) {
				files++;
				r = smgw_sml_file_values(f.data, f.len, 0, on_value, &seen, &diag);
				if (r < 0) {
					fprintf(stderr, "damaged SML file: %s\n", diag.message);
					return 1;
				}
			} else if (r < 0) {
				fprintf(stderr, "transport error: %s\n", diag.message);
			}
		}
		off += chunk;
	}
	if (smgw_sml_stream_finish(stream, NULL) != 0)
		return 1;
	return files == 1 && seen.count == 2 && seen.ok ? 0 : 1;
}
