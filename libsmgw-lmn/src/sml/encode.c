/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SML encoder: list entries, trees and complete messages with their
 * CRC-16/X-25. Everything goes through a caller-provided struct
 * smgw_writer (size-query protocol); nothing is allocated.
 */
#include <string.h>

#include "sml-private.h"

static void write_opt_u8(struct smgw_writer *w, uint32_t has, uint32_t bit, uint8_t v)
{
	if (has & bit)
		smgw_sml_write_uint(w, 1, v);
	else
		smgw_sml_write_absent(w);
}

static void write_opt_i8(struct smgw_writer *w, uint32_t has, uint32_t bit, int8_t v)
{
	if (has & bit)
		smgw_sml_write_int(w, 1, v);
	else
		smgw_sml_write_absent(w);
}

static void write_status(struct smgw_writer *w, uint32_t has, uint64_t status, unsigned width)
{
	unsigned n = 1;

	if (!(has & SMGW_SML_HAS_STATUS)) {
		smgw_sml_write_absent(w);
		return;
	}
	if (width >= 1 && width <= 8) {
		n = width;
	} else {
		while (n < 8 && (status >> (8 * n)) != 0)
			n++;
	}
	smgw_sml_write_uint(w, n, status);
}

SMGW_EXPORT void smgw_sml_write_list_entry(struct smgw_writer *w, const struct smgw_sml_list_entry *e)
{
	if (!w || !e) {
		if (w)
			w->err = SMGW_E_INVAL;
		return;
	}
	smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 7);
	smgw_sml_write_octets(w, &e->obj_name);
	write_status(w, e->has, e->status, e->status_width);
	smgw_sml_write_time(w, &e->val_time);
	write_opt_u8(w, e->has, SMGW_SML_HAS_UNIT, e->unit);
	write_opt_i8(w, e->has, SMGW_SML_HAS_SCALER, e->scaler);
	smgw_sml_write_value(w, &e->value);
	smgw_sml_write_octets(w, &e->value_signature);
}

SMGW_EXPORT void smgw_sml_write_period_entry(struct smgw_writer *w, const struct smgw_sml_period_entry *e)
{
	if (!w || !e) {
		if (w)
			w->err = SMGW_E_INVAL;
		return;
	}
	smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 5);
	smgw_sml_write_octets(w, &e->obj_name);
	write_opt_u8(w, e->has, SMGW_SML_HAS_UNIT, e->unit);
	write_opt_i8(w, e->has, SMGW_SML_HAS_SCALER, e->scaler);
	smgw_sml_write_value(w, &e->value);
	smgw_sml_write_octets(w, &e->value_signature);
}

SMGW_EXPORT void smgw_sml_write_header_entry(struct smgw_writer *w, const struct smgw_sml_header_entry *e)
{
	if (!w || !e) {
		if (w)
			w->err = SMGW_E_INVAL;
		return;
	}
	smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 3);
	smgw_sml_write_octets(w, &e->obj_name);
	write_opt_u8(w, e->has, SMGW_SML_HAS_UNIT, e->unit);
	write_opt_i8(w, e->has, SMGW_SML_HAS_SCALER, e->scaler);
}

SMGW_EXPORT void smgw_sml_write_prof_period(struct smgw_writer *w, const struct smgw_sml_prof_period *e)
{
	if (!w || !e) {
		if (w)
			w->err = SMGW_E_INVAL;
		return;
	}
	smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 4);
	smgw_sml_write_time(w, &e->val_time);
	write_status(w, e->has, e->status, 0);
	if (e->value_list.present)
		smgw_sml_write_cursor(w, &e->value_list);
	else
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 0);
	smgw_sml_write_octets(w, &e->period_signature);
}

SMGW_EXPORT void smgw_sml_write_value_entry(struct smgw_writer *w, const struct smgw_sml_value_entry *e)
{
	if (!w || !e) {
		if (w)
			w->err = SMGW_E_INVAL;
		return;
	}
	smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 2);
	smgw_sml_write_value(w, &e->value);
	smgw_sml_write_octets(w, &e->value_signature);
}

static void write_tupel(struct smgw_writer *w, const struct smgw_sml_tupel_entry *t)
{
	unsigned i;

	smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 23);
	smgw_sml_write_octets(w, &t->server_id);
	smgw_sml_write_time(w, &t->sec_index);
	smgw_sml_write_uint(w, 8, t->status);
	for (i = 0; i < 6; i++) {
		smgw_sml_write_uint(w, 1, t->unit[i]);
		smgw_sml_write_int(w, 1, t->scaler[i]);
		smgw_sml_write_int(w, 8, t->value[i]);
		if (i == 2)
			smgw_sml_write_octets(w, &t->signature_pa_r1_r4);
		if (i == 5)
			smgw_sml_write_octets(w, &t->signature_ma_r2_r3);
	}
}

SMGW_EXPORT void smgw_sml_write_tree(struct smgw_writer *w, const struct smgw_sml_tree *t)
{
	if (!w || !t) {
		if (w)
			w->err = SMGW_E_INVAL;
		return;
	}
	smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 3);
	smgw_sml_write_octets(w, &t->parameter_name);
	switch (t->value_kind) {
	case SMGW_SML_PROCPAR_NONE:
		smgw_sml_write_absent(w);
		break;
	case SMGW_SML_PROCPAR_VALUE:
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 2);
		smgw_sml_write_uint(w, 1, SMGW_SML_PROCPAR_VALUE);
		smgw_sml_write_value(w, &t->value);
		break;
	case SMGW_SML_PROCPAR_PERIOD:
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 2);
		smgw_sml_write_uint(w, 1, SMGW_SML_PROCPAR_PERIOD);
		smgw_sml_write_period_entry(w, &t->period);
		break;
	case SMGW_SML_PROCPAR_TUPEL:
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 2);
		smgw_sml_write_uint(w, 1, SMGW_SML_PROCPAR_TUPEL);
		write_tupel(w, &t->tupel);
		break;
	case SMGW_SML_PROCPAR_TIME:
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 2);
		smgw_sml_write_uint(w, 1, SMGW_SML_PROCPAR_TIME);
		smgw_sml_write_time(w, &t->time);
		break;
	default:
		w->err = SMGW_E_INVAL;
		return;
	}
	smgw_sml_write_cursor(w, &t->child_list);
}

/* A single-element cursor (tree field): its bytes as they are, or `01`. */
static void write_one(struct smgw_writer *w, const struct smgw_sml_cursor *c)
{
	if (!c->present || smgw_reader_remaining(&c->r) == 0)
		smgw_sml_write_absent(w);
	else
		smgw_writer_bytes(w, smgw_reader_cur(&c->r), smgw_reader_remaining(&c->r));
}

static void write_opt_version(struct smgw_writer *w, int32_t has, uint32_t v)
{
	if (has)
		smgw_sml_write_uint(w, 1, v);
	else
		smgw_sml_write_absent(w);
}

static void write_tree_path(struct smgw_writer *w, const struct smgw_sml_cursor *c)
{
	if (c->present)
		smgw_sml_write_cursor(w, c);
	else
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 0);
}

static int write_body(struct smgw_writer *w, const struct smgw_sml_message *m)
{
	const union smgw_sml_body *b = &m->body;

	switch (m->tag) {
	case SMGW_SML_OPEN_REQ:
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 7);
		smgw_sml_write_octets(w, &b->open_req.codepage);
		smgw_sml_write_octets(w, &b->open_req.client_id);
		smgw_sml_write_octets(w, &b->open_req.req_file_id);
		smgw_sml_write_octets(w, &b->open_req.server_id);
		smgw_sml_write_octets(w, &b->open_req.username);
		smgw_sml_write_octets(w, &b->open_req.password);
		write_opt_version(w, b->open_req.has_sml_version, b->open_req.sml_version);
		return 0;
	case SMGW_SML_OPEN_RES:
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 6);
		smgw_sml_write_octets(w, &b->open_res.codepage);
		smgw_sml_write_octets(w, &b->open_res.client_id);
		smgw_sml_write_octets(w, &b->open_res.req_file_id);
		smgw_sml_write_octets(w, &b->open_res.server_id);
		smgw_sml_write_time(w, &b->open_res.ref_time);
		write_opt_version(w, b->open_res.has_sml_version, b->open_res.sml_version);
		return 0;
	case SMGW_SML_CLOSE_REQ:
	case SMGW_SML_CLOSE_RES:
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 1);
		smgw_sml_write_octets(w, &b->close.global_signature);
		return 0;
	case SMGW_SML_GET_PROFILE_PACK_REQ:
	case SMGW_SML_GET_PROFILE_LIST_REQ: {
		const struct smgw_sml_get_profile_req *q = &b->get_profile_req;
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 9);
		smgw_sml_write_octets(w, &q->server_id);
		smgw_sml_write_octets(w, &q->username);
		smgw_sml_write_octets(w, &q->password);
		if (q->with_rawdata < 0)
			smgw_sml_write_absent(w);
		else
			smgw_sml_write_bool(w, q->with_rawdata);
		smgw_sml_write_time(w, &q->begin_time);
		smgw_sml_write_time(w, &q->end_time);
		write_tree_path(w, &q->parameter_tree_path);
		smgw_sml_write_cursor(w, &q->object_list);
		write_one(w, &q->das_details);
		return 0;
	}
	case SMGW_SML_GET_PROFILE_PACK_RES: {
		const struct smgw_sml_get_profile_pack_res *p = &b->get_profile_pack_res;
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 8);
		smgw_sml_write_octets(w, &p->server_id);
		smgw_sml_write_time(w, &p->act_time);
		smgw_sml_write_uint(w, 4, p->reg_period);
		write_tree_path(w, &p->parameter_tree_path);
		write_tree_path(w, &p->header_list);
		write_tree_path(w, &p->period_list);
		smgw_sml_write_octets(w, &p->rawdata);
		smgw_sml_write_octets(w, &p->profile_signature);
		return 0;
	}
	case SMGW_SML_GET_PROFILE_LIST_RES: {
		const struct smgw_sml_get_profile_list_res *p = &b->get_profile_list_res;
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 9);
		smgw_sml_write_octets(w, &p->server_id);
		smgw_sml_write_time(w, &p->act_time);
		smgw_sml_write_uint(w, 4, p->reg_period);
		write_tree_path(w, &p->parameter_tree_path);
		smgw_sml_write_time(w, &p->val_time);
		write_status(w, p->has, p->status, 0);
		write_tree_path(w, &p->period_list);
		smgw_sml_write_octets(w, &p->rawdata);
		smgw_sml_write_octets(w, &p->period_signature);
		return 0;
	}
	case SMGW_SML_GET_PROC_PARAMETER_REQ: {
		const struct smgw_sml_get_proc_parameter_req *q = &b->get_proc_parameter_req;
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 5);
		smgw_sml_write_octets(w, &q->server_id);
		smgw_sml_write_octets(w, &q->username);
		smgw_sml_write_octets(w, &q->password);
		write_tree_path(w, &q->parameter_tree_path);
		smgw_sml_write_octets(w, &q->attribute);
		return 0;
	}
	case SMGW_SML_GET_PROC_PARAMETER_RES: {
		const struct smgw_sml_get_proc_parameter_res *p = &b->get_proc_parameter_res;
		if (!p->parameter_tree.present)
			return SMGW_E_INVAL;
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 3);
		smgw_sml_write_octets(w, &p->server_id);
		write_tree_path(w, &p->parameter_tree_path);
		write_one(w, &p->parameter_tree);
		return 0;
	}
	case SMGW_SML_SET_PROC_PARAMETER_REQ: {
		const struct smgw_sml_set_proc_parameter_req *q = &b->set_proc_parameter_req;
		if (!q->parameter_tree.present)
			return SMGW_E_INVAL;
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 5);
		smgw_sml_write_octets(w, &q->server_id);
		smgw_sml_write_octets(w, &q->username);
		smgw_sml_write_octets(w, &q->password);
		write_tree_path(w, &q->parameter_tree_path);
		write_one(w, &q->parameter_tree);
		return 0;
	}
	case SMGW_SML_GET_LIST_REQ: {
		const struct smgw_sml_get_list_req *q = &b->get_list_req;
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 5);
		smgw_sml_write_octets(w, &q->client_id);
		smgw_sml_write_octets(w, &q->server_id);
		smgw_sml_write_octets(w, &q->username);
		smgw_sml_write_octets(w, &q->password);
		smgw_sml_write_octets(w, &q->list_name);
		return 0;
	}
	case SMGW_SML_GET_LIST_RES: {
		const struct smgw_sml_get_list_res *p = &b->get_list_res;
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 7);
		smgw_sml_write_octets(w, &p->client_id);
		smgw_sml_write_octets(w, &p->server_id);
		smgw_sml_write_octets(w, &p->list_name);
		smgw_sml_write_time(w, &p->act_sensor_time);
		write_tree_path(w, &p->val_list);
		smgw_sml_write_octets(w, &p->list_signature);
		smgw_sml_write_time(w, &p->act_gateway_time);
		return 0;
	}
	case SMGW_SML_ATTENTION_RES: {
		const struct smgw_sml_attention_res *p = &b->attention_res;
		smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 4);
		smgw_sml_write_octets(w, &p->server_id);
		smgw_sml_write_octets(w, &p->attention_no);
		smgw_sml_write_octets(w, &p->attention_msg);
		write_one(w, &p->attention_details);
		return 0;
	}
	default:
		if (!m->body_raw.present || smgw_reader_remaining(&m->body_raw.r) == 0)
			return SMGW_E_UNSUPPORTED;
		smgw_writer_bytes(w, smgw_reader_cur(&m->body_raw.r), smgw_reader_remaining(&m->body_raw.r));
		return 0;
	}
}

SMGW_EXPORT int smgw_sml_message_encode(struct smgw_writer *w, const struct smgw_sml_message *m)
{
	size_t start;
	uint16_t crc;
	int e;

	sml_return_if_fail(w && m);
	start = w->pos;
	smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 6);
	smgw_sml_write_octets(w, &m->transaction_id);
	smgw_sml_write_uint(w, 1, m->group_no);
	smgw_sml_write_uint(w, 1, m->abort_on_error);
	smgw_sml_write_tl(w, SMGW_SML_TYPE_LIST, 2);
	smgw_sml_write_uint(w, m->tag > 0xffff ? 4 : 2, m->tag);
	e = write_body(w, m);
	if (e < 0)
		return e;
	if (w->err == 0) {
		crc = smgw_sml_crc16(SMGW_SML_CRC_X25, w->data + start, w->pos - start);
		/* Sent low byte first: as an Unsigned16 that is the byte-swapped register. */
		smgw_sml_write_uint(w, 2, (uint16_t)((crc >> 8) | (crc << 8)));
	} else {
		smgw_sml_write_uint(w, 2, 0);
	}
	smgw_writer_u8(w, 0x00);
	return w->err;
}
