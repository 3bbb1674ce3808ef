/* SPDX-License-Identifier: Apache-2.0 */
/* PA-TNC decoder on arbitrary bytes: framing, validation, every attribute
 * decoder and iterator stay in bounds; an error answer re-parses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/tnc/pa.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void in_bounds(const void *p, size_t n, const uint8_t *data, size_t size)
{
	const uint8_t *b = p;

	if (n && (!b || b < data || b + n > data + size))
		abort();
}

static void attribute(const struct smgw_pa_attr *a, const uint8_t *data, size_t size)
{
	union {
		struct smgw_pa_product_info pi;
		struct smgw_pa_numeric_version nv;
		struct smgw_pa_string_version sv;
		struct smgw_pa_op_status os;
		struct smgw_pa_error er;
		struct smgw_tnc_remediation rm;
		struct smgw_pa_swima_request sr;
		struct smgw_pa_swima_inventory si;
	} u;
	size_t n, i, pos = 0;
	uint32_t v;

	in_bounds(a->value, a->value_len, data, size);
	if (a->vendor != SMGW_TNC_VENDOR_IETF)
		return;
	switch (a->type) {
	case SMGW_PA_ATTR_ATTRIBUTE_REQUEST:
		if (smgw_pa_decode_attr_request(a, &n, NULL) == 0)
			for (i = 0; i < n; i++) {
				struct smgw_pa_attr_ref r;

				if (smgw_pa_attr_request_get(a, i, &r) != 0)
					abort();
			}
		break;
	case SMGW_PA_ATTR_PRODUCT_INFORMATION:
		if (smgw_pa_decode_product_info(a, &u.pi, NULL) == 0)
			in_bounds(u.pi.name, u.pi.name_len, data, size);
		break;
	case SMGW_PA_ATTR_NUMERIC_VERSION:
		(void)smgw_pa_decode_numeric_version(a, &u.nv, NULL);
		break;
	case SMGW_PA_ATTR_STRING_VERSION:
		if (smgw_pa_decode_string_version(a, &u.sv, NULL) == 0) {
			in_bounds(u.sv.version, u.sv.version_len, data, size);
			in_bounds(u.sv.config, u.sv.config_len, data, size);
		}
		break;
	case SMGW_PA_ATTR_OPERATIONAL_STATUS:
		if (smgw_pa_decode_op_status(a, &u.os, NULL) == 0 && strlen(u.os.last_use) != 20)
			abort();
		break;
	case SMGW_PA_ATTR_PORT_FILTER:
		if (smgw_pa_decode_port_filter(a, &n, NULL) == 0)
			for (i = 0; i < n; i++) {
				struct smgw_pa_port_filter_entry e;

				if (smgw_pa_port_filter_get(a, i, &e) != 0)
					abort();
			}
		break;
	case SMGW_PA_ATTR_INSTALLED_PACKAGES:
		if (smgw_pa_decode_installed_packages(a, &n, NULL) == 0) {
			struct smgw_pa_package p;
			size_t k = 0;
			int r;

			while ((r = smgw_pa_installed_packages_next(a, &pos, &p)) == 1) {
				in_bounds(p.name, p.name_len, data, size);
				in_bounds(p.version, p.version_len, data, size);
				k++;
			}
			if (r != 0 || k != n)
				abort();
		}
		break;
	case SMGW_PA_ATTR_PA_TNC_ERROR:
		if (smgw_pa_decode_error(a, &u.er, NULL) == 0)
			in_bounds(u.er.info, u.er.info_len, data, size);
		break;
	case SMGW_PA_ATTR_ASSESSMENT_RESULT:
	case SMGW_PA_ATTR_FORWARDING_ENABLED:
	case SMGW_PA_ATTR_FACTORY_DEFAULT_PWD_ENABLED:
		(void)smgw_pa_decode_u32(a, &v, NULL);
		break;
	case SMGW_PA_ATTR_REMEDIATION_INSTRUCTIONS:
		if (smgw_pa_decode_remediation(a, &u.rm, NULL) == 0) {
			in_bounds(u.rm.data, u.rm.data_len, data, size);
			in_bounds(u.rm.string, u.rm.string_len, data, size);
			in_bounds(u.rm.lang, u.rm.lang_len, data, size);
		}
		break;
	case SMGW_PA_ATTR_SWIMA_REQUEST:
		if (smgw_pa_decode_swima_request(a, &u.sr, NULL) == 0) {
			const uint8_t *id;
			size_t il, k = 0;
			int r;

			while ((r = smgw_pa_swima_request_next(a, &pos, &id, &il)) == 1) {
				in_bounds(id, il, data, size);
				k++;
			}
			if (r != 0 || k != u.sr.count)
				abort();
		}
		break;
	case SMGW_PA_ATTR_SW_ID_INVENTORY:
	case SMGW_PA_ATTR_SW_ID_EVENTS:
	case SMGW_PA_ATTR_SW_INVENTORY:
	case SMGW_PA_ATTR_SW_EVENTS:
		if (smgw_pa_decode_swima_inventory(a, &u.si, NULL) == 0) {
			struct smgw_pa_swima_record rec;
			size_t k = 0;
			int r;

			while ((r = smgw_pa_swima_record_next(a, &pos, &rec)) == 1) {
				in_bounds(rec.sw_id, rec.sw_id_len, data, size);
				in_bounds(rec.locator, rec.locator_len, data, size);
				in_bounds(rec.record, rec.record_len, data, size);
				k++;
			}
			if (r != 0 || k != u.si.count)
				abort();
		}
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smgw_pa_msg msg;
	struct smgw_pa_attr a;
	struct smgw_pa_error err;
	struct smgw_diag d = SMGW_DIAG_INIT;
	size_t pos = 0, count = 0;
	int e, r;

	memset(&err, 0, sizeof(err));
	e = smgw_pa_msg_parse(size ? data : NULL, size, &msg, &err, &d);
	if (e == 0) {
		while ((r = smgw_pa_attr_next(&msg, &pos, &a)) == 1) {
			attribute(&a, data, size);
			if (++count > msg.attr_count)
				abort();
		}
		if (r != 0 || count != msg.attr_count)
			abort();
		e = smgw_pa_msg_validate(&msg, NULL, &err, &d);
		(void)smgw_pa_msg_has_error(&msg);
	}
	{
		/* the one-pass check agrees on success */
		struct smgw_pa_msg m2;
		int e2 = smgw_pa_msg_check(size ? data : NULL, size, NULL, &m2, NULL, NULL);

		if ((e == 0) != (e2 == 0))
			abort();
	}
	if (e == SMGW_E_TNC_PA_INVALID && err.vendor == 0 && err.code == SMGW_PA_ERROR_RESERVED) {
		/* a malformed PA-TNC Error attribute: not answered */
	} else if (e == SMGW_E_TNC_PA_INVALID || e == SMGW_E_TNC_PA_VERSION || e == SMGW_E_TNC_PA_UNSUPPORTED) {
		uint8_t out[256];
		struct smgw_writer w;
		struct smgw_pa_msg back;
		size_t n;

		if (err.code == SMGW_PA_ERROR_INVALID_PARAMETER && err.offset > size)
			abort();
		smgw_writer_init(&w, out, sizeof(out));
		if (smgw_pa_encode_error_msg(&w, 1, &err) != 0 || smgw_writer_finish(&w, &n) != 0)
			abort();
		if (smgw_pa_msg_parse(out, n, &back, NULL, NULL) != 0 ||
		    smgw_pa_msg_validate(&back, NULL, NULL, NULL) != 0 || !smgw_pa_msg_has_error(&back))
			abort();
	} else if (e != 0) {
		abort();
	}
	return 0;
}
