/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: SML message decoder on arbitrary bytes (an SML file without
 * transport). Every accepted message is walked completely (all cursors,
 * trees recursively), re-encoded, and the re-encoding must decode again
 * with a valid CRC. Must never crash or read out of bounds.
 * Differential: smgw_sml_file_values() (values converted during
 * validation) against the public message, cursor and conversion API for
 * files whose values all come from GetListResponses; the CRC16 entry
 * points (carry-less multiply where the CPU has it, table code) against
 * each other on the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/lmn.h>

#include "sml/sml-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk_octets(struct smgw_sml_cursor c)
{
	struct smgw_sml_octets o;

	while (smgw_sml_octets_next(&c, &o) > 0)
		;
}

static void walk_tree(struct smgw_sml_cursor c, int depth)
{
	struct smgw_sml_tree t;
	int n;

	if (depth > SMGW_SML_MAX_DEPTH + 1)
		abort(); /* the decoder bounds the depth */
	while ((n = smgw_sml_tree_next(&c, &t)) > 0)
		walk_tree(t.child_list, depth + 1);
	if (n < 0)
		abort(); /* validated by smgw_sml_message_next() */
}

static void walk(const struct smgw_sml_message *m)
{
	const union smgw_sml_body *b = &m->body;
	struct smgw_sml_cursor c;
	int n = 0;

	switch (m->tag) {
	case SMGW_SML_GET_LIST_RES: {
		struct smgw_sml_list_entry e;
		struct smgw_value v;
		c = b->get_list_res.val_list;
		while ((n = smgw_sml_list_entry_next(&c, &e)) > 0)
			(void)!smgw_sml_list_entry_to_value(&e, &b->get_list_res.server_id, NULL, &v);
		break;
	}
	case SMGW_SML_GET_PROFILE_PACK_RES: {
		struct smgw_sml_prof_period p;
		struct smgw_sml_header_entry h;
		struct smgw_sml_value_entry ve;
		walk_octets(b->get_profile_pack_res.parameter_tree_path);
		c = b->get_profile_pack_res.header_list;
		while ((n = smgw_sml_header_entry_next(&c, &h)) > 0)
			;
		c = b->get_profile_pack_res.period_list;
		while ((n = smgw_sml_prof_period_next(&c, &p)) > 0)
			while (smgw_sml_value_entry_next(&p.value_list, &ve) > 0)
				;
		break;
	}
	case SMGW_SML_GET_PROFILE_LIST_RES: {
		struct smgw_sml_period_entry e;
		c = b->get_profile_list_res.period_list;
		while ((n = smgw_sml_period_entry_next(&c, &e)) > 0)
			;
		break;
	}
	case SMGW_SML_GET_PROFILE_PACK_REQ:
	case SMGW_SML_GET_PROFILE_LIST_REQ:
		walk_octets(b->get_profile_req.parameter_tree_path);
		walk_octets(b->get_profile_req.object_list);
		walk_tree(b->get_profile_req.das_details, 1);
		break;
	case SMGW_SML_GET_PROC_PARAMETER_RES:
		walk_tree(b->get_proc_parameter_res.parameter_tree, 1);
		break;
	case SMGW_SML_SET_PROC_PARAMETER_REQ:
		walk_tree(b->set_proc_parameter_req.parameter_tree, 1);
		break;
	case SMGW_SML_ATTENTION_RES:
		walk_tree(b->attention_res.attention_details, 1);
		break;
	default:
		break;
	}
	if (n < 0)
		abort();
}

#define MAX_VALUES 64

struct values {
	struct smgw_value v[MAX_VALUES];
	int n;
};

static struct values got, want;

static int collect(void *ud, const struct smgw_value *v, const struct smgw_sml_message *m)
{
	struct values *x = ud;

	(void)m;
	if (x->n < MAX_VALUES)
		x->v[x->n] = *v;
	x->n++;
	return 0;
}

/* The values of a file through the public API; -1 if the file has
 * profile messages (not compared), no message, or a message fails. */
static int reference_values(const uint8_t *data, size_t size, uint32_t flags, struct values *out)
{
	struct smgw_reader r;
	struct smgw_sml_message m;
	int n, msgs = 0;

	out->n = 0;
	smgw_reader_init(&r, data, size);
	while ((n = smgw_sml_message_next(&r, flags, &m, NULL)) > 0) {
		struct smgw_sml_cursor c;

		msgs++;
		struct smgw_sml_list_entry e;
		struct smgw_value v;

		if (m.tag == SMGW_SML_GET_PROFILE_LIST_RES || m.tag == SMGW_SML_GET_PROFILE_PACK_RES)
			return -1;
		if (m.tag != SMGW_SML_GET_LIST_RES)
			continue;
		c = m.body.get_list_res.val_list;
		while ((n = smgw_sml_list_entry_next(&c, &e)) > 0) {
			if (smgw_sml_list_entry_to_value(&e, &m.body.get_list_res.server_id,
							 &m.body.get_list_res.act_sensor_time, &v) < 0)
				continue;
			if (out->n < MAX_VALUES)
				out->v[out->n] = v;
			out->n++;
		}
		if (n < 0)
			abort(); /* validated by smgw_sml_message_next() */
	}
	return n < 0 || msgs == 0 ? -1 : 0;
}

static void differential(const uint8_t *data, size_t size)
{
	static const uint32_t flag_sets[] = { 0, SMGW_SML_F_IGNORE_MSG_CRC };
	size_t f;
	int i, k;

	for (f = 0; f < sizeof(flag_sets) / sizeof(flag_sets[0]); f++) {
		int r;

		got.n = 0;
		r = smgw_sml_file_values(data, size, flag_sets[f], collect, &got, NULL);
		if (reference_values(data, size, flag_sets[f], &want) < 0)
			continue;
		if (r < 0)
			abort(); /* every message decodes, so the file does */
		if (r != got.n || got.n != want.n)
			abort();
		for (i = 0; i < got.n && i < MAX_VALUES; i++)
			if (memcmp(&got.v[i], &want.v[i], sizeof(got.v[i])) != 0)
				abort();
	}
	for (k = 0; k < 2; k++) {
		const uint8_t *p = data + (k && size ? size / 3 : 0);
		size_t n = (size_t)(data + size - p);
		uint16_t init = k ? 0x0000 : 0xffff;
		uint16_t t = smgw__sml_crc_update_table(init, p, n);

		if (smgw__sml_crc_update(init, p, n) != t || smgw__sml_crc_update_clmul(init, p, n) != t)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t flag_sets[] = { 0, SMGW_SML_F_IGNORE_MSG_CRC,
					      SMGW_SML_F_IGNORE_MSG_CRC | SMGW_SML_F_STRICT };
	static uint8_t out[8192];
	size_t f;

	for (f = 0; f < sizeof(flag_sets) / sizeof(flag_sets[0]); f++) {
		struct smgw_reader r;
		struct smgw_sml_message m;
		struct smgw_diag d = SMGW_DIAG_INIT;
		int n;

		smgw_reader_init(&r, data, size);
		while ((n = smgw_sml_message_next(&r, flag_sets[f], &m, &d)) > 0) {
			struct smgw_writer w;
			struct smgw_reader r2;
			struct smgw_sml_message m2;
			size_t len = 0;

			walk(&m);
			smgw_writer_init(&w, out, sizeof(out));
			if (smgw_sml_message_encode(&w, &m) == 0 && smgw_writer_finish(&w, &len) == 0) {
				smgw_reader_init(&r2, out, len);
				if (smgw_sml_message_next(&r2, 0, &m2, NULL) != 1 || m2.tag != m.tag)
					abort();
			}
		}
		if (n < 0 && (d.code != n || d.message[0] == 0))
			abort();
	}
	differential(data, size);
	return 0;
}
