/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Worked example of docs/dlms.md: a client reads a register over DLMS.
 *   1. build an AARQ (LN referencing, LLS password) and read the AARE;
 *   2. encode a GET request for 1-0:1.8.0*255 attribute 2 and 3;
 *   3. decipher the meter's glo-get-response (Green Book keys);
 *   4. turn value and scaler_unit into a measured value;
 *   5. decipher a general-glo-ciphering push and print its values.
 * It exits non-zero if any step does not give the expected result.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <smgw/lmn.h>

#define CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "dlms-guide: check failed at line %d: %s\n", __LINE__, #cond); \
			return 1; \
		} \
	} while (0)

/* DLMS UA Green Book example keys and the meter's system title. */
static const uint8_t ek[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
				0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
static const uint8_t ak[16] = { 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
				0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf };
static const uint8_t meter_st[8] = { 0x4d, 0x4d, 0x4d, 0x00, 0x00, 0xbc, 0x61, 0x4e };

static int print_value(void *userdata, const struct smgw_value *v)
{
	char obis[SMGW_OBIS_STRLEN], dec[SMGW_VALUE_DECIMAL_LEN];

	(void)userdata;
	smgw_obis_format(&v->obis, obis, sizeof(obis));
	smgw_value_format_decimal(v->value, v->scaler, dec, sizeof(dec));
	printf("  %s = %s %s\n", obis, dec, v->flags & SMGW_VALUE_HAS_UNIT ? smgw_unit_symbol(v->unit) : "");
	return 0;
}

int main(void)
{
	uint8_t ui[64], apdu[256], plain[256], meter_reply[256];
	size_t ui_len, len, plen, rlen;
	struct smgw_diag d = SMGW_DIAG_INIT;

	/* 1. AARQ: InitiateRequest in the user-information */
	struct smgw_dlms_initiate ir = { 0 };
	struct smgw_dlms_assoc aarq = { 0 };
	ir.tag = SMGW_DLMS_INITIATE_REQUEST;
	ir.dlms_version = 6;
	ir.conformance = SMGW_DLMS_CONF_GET | SMGW_DLMS_CONF_SELECTIVE_ACCESS | SMGW_DLMS_CONF_BLOCK_TRANSFER_GET;
	ir.max_pdu_size = 1024;
	CHECK(smgw_dlms_initiate_encode(&ir, ui, sizeof(ui), &ui_len) == 0);
	aarq.tag = SMGW_DLMS_AARQ;
	aarq.app_context = 1; /* logical name referencing, no ciphering */
	aarq.mechanism = 1;   /* low level security: a password */
	aarq.has_acse_requirements = 1;
	aarq.auth_value = (const uint8_t *)"12345678";
	aarq.auth_value_len = 8;
	aarq.user_info = ui;
	aarq.user_info_len = (uint32_t)ui_len;
	CHECK(smgw_dlms_assoc_encode(&aarq, NULL, 0, &len) == SMGW_E_BUFSIZE); /* size query */
	CHECK(smgw_dlms_assoc_encode(&aarq, apdu, sizeof(apdu), &len) == 0);
	printf("AARQ, %zu bytes\n", len);

	/* ... the meter answers with an AARE (a real one, from the pwitab vectors) */
	static const uint8_t aare_bytes[] = { 0x61, 0x29, 0xa1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01,
					      0xa2, 0x03, 0x02, 0x01, 0x00, 0xa3, 0x05, 0xa1, 0x03, 0x02, 0x01, 0x00, 0xbe,
					      0x10, 0x04, 0x0e, 0x08, 0x00, 0x06, 0x5f, 0x1f, 0x04, 0x00, 0x00, 0x50, 0x1f,
					      0x01, 0xf4, 0x00, 0x07 };
	struct smgw_dlms_assoc aare;
	struct smgw_dlms_initiate resp;
	CHECK(smgw_dlms_assoc_parse(aare_bytes, sizeof(aare_bytes), &aare, &d) == 0);
	CHECK(aare.result == SMGW_DLMS_ACCEPTED);
	CHECK(smgw_dlms_initiate_parse(aare.user_info, aare.user_info_len, &resp, &d) == 0);
	printf("AARE: accepted, server max PDU %u, conformance %06" PRIx32 "\n", resp.max_pdu_size, resp.conformance);

	/* 2. GET request: class 3, 1-0:1.8.0*255, attribute 2 (value) */
	struct smgw_dlms_apdu get = { 0 };
	get.tag = SMGW_DLMS_GET_REQUEST;
	get.choice = SMGW_DLMS_NORMAL;
	get.invoke = 0xc1; /* invoke-id 1, confirmed, high priority */
	get.attr.class_id = SMGW_COSEM_REGISTER;
	memcpy(get.attr.instance, "\x01\x00\x01\x08\x00\xff", 6);
	get.attr.id = 2;
	CHECK(smgw_dlms_apdu_encode(&get, apdu, sizeof(apdu), &len) == 0);
	CHECK(len == 13 && apdu[0] == 0xc0);

	/* 3. the meter's reply, ciphered with the global keys (made here with the encoder) */
	static const uint8_t reply_plain[] = { 0xc4, 0x01, 0xc1, 0x00, 0x06, 0x00, 0x01, 0xe2, 0x40 }; /* 123456 */
	CHECK(smgw_dlms_encrypt(SMGW_DLMS_GLO_GET_RESPONSE, 0x30, meter_st, 0x101, ek, ak, reply_plain,
				sizeof(reply_plain), meter_reply, sizeof(meter_reply), &rlen) == 0);
	struct smgw_dlms_ciphered c;
	struct smgw_dlms_apdu resp_apdu;
	CHECK(smgw_dlms_ciphered_parse(meter_reply, rlen, &c, &d) == 0);
	CHECK(smgw_dlms_decrypt(&c, meter_st, ek, ak, plain, sizeof(plain), &plen, &d) == 0);
	CHECK(smgw_dlms_apdu_parse(plain, plen, &resp_apdu, &d) == 0);
	CHECK(resp_apdu.result_kind == SMGW_DLMS_RESULT_DATA);
	/* a changed byte is refused, never deciphered to garbage */
	meter_reply[rlen - 1] ^= 1;
	CHECK(smgw_dlms_ciphered_parse(meter_reply, rlen, &c, &d) == 0);
	CHECK(smgw_dlms_decrypt(&c, meter_st, ek, ak, plain + 128, 128, &plen, &d) == SMGW_E_DLMS_AUTH_TAG);

	/* 4. value (attribute 2) and scaler_unit (attribute 3, read the same way) to a measured value */
	static const uint8_t scaler_unit[] = { 0x02, 0x02, 0x0f, 0xfd, 0x16, 0x1e }; /* 10^-3 Wh */
	struct smgw_cosem_object reg = { 0 };
	struct smgw_value v;
	reg.class_id = SMGW_COSEM_REGISTER;
	memcpy(reg.logical_name, get.attr.instance, 6);
	reg.value = resp_apdu.data;
	reg.value_len = resp_apdu.data_len;
	reg.scaler_unit = scaler_unit;
	reg.scaler_unit_len = sizeof(scaler_unit);
	CHECK(smgw_cosem_object_value(&reg, 0, &v, &d) == 0);
	printf("register:\n");
	print_value(NULL, &v);
	CHECK(v.value == 123456 && v.scaler == -3 && v.unit == 30);

	/* 5. a push: general-glo-ciphering data-notification from a real meter (pwitab, key MYDUMMYGLOBALKEY) */
	static const uint8_t push[] = {
		0xdb, 0x08, 0x2f, 0x19, 0x22, 0x91, 0x99, 0x16, 0x41, 0x03, 0x3b, 0x30, 0x00, 0x00, 0x01, 0xe5, 0x02, 0x5c,
		0xe9, 0xd2, 0x27, 0x1f, 0xd7, 0x8b, 0xe8, 0xc2, 0x04, 0x21, 0x1a, 0x91, 0x6a, 0x9d, 0x7f, 0x58, 0x7e, 0x0a,
		0x7a, 0x81, 0x4c, 0xad, 0xea, 0x89, 0xe9, 0x59, 0x3f, 0x01, 0xf9, 0x2e, 0xa8, 0xc0, 0x87, 0xb5, 0xbd, 0xfd,
		0xef, 0xea, 0xb6, 0xbe, 0xcf, 0x28, 0x2d, 0xfe, 0x49, 0xc0, 0x8f, 0x5b, 0xe6, 0xdc, 0x84, 0x00,
	};
	static const uint8_t key[16] = { 'M', 'Y', 'D', 'U', 'M', 'M', 'Y', 'G', 'L', 'O', 'B', 'A', 'L', 'K', 'E', 'Y' };
	struct smgw_dlms_apdu n;
	CHECK(smgw_dlms_ciphered_parse(push, sizeof(push), &c, &d) == 0);
	CHECK(smgw_dlms_decrypt(&c, NULL, key, key, plain, sizeof(plain), &plen, &d) == 0); /* system title from the APDU */
	CHECK(smgw_dlms_apdu_parse(plain, plen, &n, &d) == 0);
	CHECK(n.tag == SMGW_DLMS_DATA_NOTIFICATION && n.invoke == 0x1db);
	printf("push %" PRIu32 ": %" PRIu32 "-byte body, values: %d\n", n.invoke, n.data_len,
	       smgw_dlms_push_values(n.data, n.data_len, print_value, NULL, &d));
	return 0;
}
