/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PA-TNC (RFC 5792): the attributes of the strongSwan capture byte for byte,
 * every IETF attribute 1-12 and SWIMA 13-17 against layouts written out by
 * hand from the RFCs, PA-TNC Error generation (codes, offsets, the copied
 * message header), NOSKIP handling, the vendor registry, truncation at
 * every byte.
 */
#include "test_pa_util.h"

static uint8_t out[4096];

/* Wraps one attribute (hex) into a PA-TNC message with id 0x01020304. */
static size_t make_msg(const char *attrs_hex, uint8_t *buf, size_t cap)
{
	size_t n = tnc_hex("01 000000 01020304", buf, cap);

	return n + tnc_hex(attrs_hex, buf + n, cap - n);
}

/* Parse + validate, and smgw_pa_msg_check() in one pass: both must agree. */
static int parse_validate(const uint8_t *m, size_t len, const smgw_pa_registry *reg,
			  struct smgw_pa_error *err, struct smgw_diag *d)
{
	struct smgw_pa_msg msg, msg2;
	struct smgw_pa_error err2;
	int e = smgw_pa_msg_parse(m, len, &msg, err, d), e2;

	if (e == 0)
		e = smgw_pa_msg_validate(&msg, reg, err, d);
	memset(&err2, 0, sizeof(err2));
	e2 = smgw_pa_msg_check(m, len, reg, &msg2, &err2, NULL);
	assert_int_equal(e, e2);
	if (e && err) {
		assert_int_equal(err->code, err2.code);
		assert_int_equal(err->offset, err2.offset);
	}
	return e;
}

/* ---- the capture ---- */

static void test_capture_attributes_encode(void **state)
{
	struct smgw_writer w;
	struct smgw_pa_product_info pi = { 9586, 0, 0, "Debian", 6 };
	struct smgw_pa_string_version sv = { "12 x86_64", 9, "", 0, "", 0 };
	uint8_t *exp;
	size_t n, len;

	(void)state;
	exp = tnc_load("capture/attr-product-info.bin", &len);
	assert_non_null(exp);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_product_info(&w, 0, &pi), 0);
	n = tnc_finish(&w);
	assert_int_equal(n, len);
	assert_memory_equal(out, exp, len);
	free(exp);

	exp = tnc_load("capture/attr-string-version.bin", &len);
	assert_non_null(exp);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_string_version(&w, 0, &sv), 0);
	n = tnc_finish(&w);
	assert_int_equal(n, len);
	assert_memory_equal(out, exp, len);
	free(exp);
}

static void test_capture_ita_message(void **state)
{
	/* The PA-TNC message inside the first PB-PA of the capture: header with
	 * message id 9F40BD41 and one ITA Command attribute with NOSKIP. */
	uint8_t *m;
	size_t len, pos = 0;
	struct smgw_pa_msg msg;
	struct smgw_pa_attr a;
	struct smgw_pa_error err;
	struct smgw_writer w;
	smgw_pa_registry *reg;
	smgw_ctx *ctx;
	struct tnc_alloc_count c;
	size_t n;

	(void)state;
	m = tnc_load("capture/cdata-msg-pa-ita.bin", &len);
	assert_non_null(m);
	assert_int_equal(len, 49);
	assert_int_equal(smgw_pa_msg_parse(m + 24, len - 24, &msg, NULL, NULL), 0);
	assert_int_equal(msg.msg_id, 0x9F40BD41u);
	assert_int_equal(msg.attr_count, 1);
	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 1);
	assert_int_equal(a.flags, SMGW_PA_ATTR_NOSKIP);
	assert_int_equal(a.vendor, SMGW_TNC_VENDOR_ITA);
	assert_int_equal(a.type, 1);
	assert_int_equal(a.value_len, 5);
	assert_memory_equal(a.value, "allow", 5);
	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 0);

	/* Without the ITA attribute in the registry: NOSKIP -> not supported. */
	assert_int_equal(smgw_pa_msg_validate(&msg, NULL, &err, NULL), SMGW_E_TNC_PA_UNSUPPORTED);
	assert_int_equal(err.code, SMGW_PA_ERROR_ATTR_TYPE_NOT_SUPPORTED);
	assert_int_equal(err.attr_flags, 0x80);
	assert_int_equal(err.attr_vendor, SMGW_TNC_VENDOR_ITA);
	assert_int_equal(err.attr_type, 1);
	/* The answer: a new message with the PA-TNC Error attribute. */
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_error_msg(&w, 0x11223344, &err), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n,
		     "01 000000 11223344"
		     "00 000000 00000008 00000024"  /* PA-TNC Error, no NOSKIP, len 36 */
		     "00 000000 00000003"           /* IETF, Attribute Type Not Supported */
		     "01 000000 9F40BD41"           /* header of the offending message */
		     "80 00902A 00000001");         /* flags, vendor, type of the attribute */

	/* With it registered: accepted; the registry allocates through ctx. */
	ctx = tnc_counting_ctx(&c);
	assert_non_null(ctx);
	assert_int_equal(smgw_pa_registry_new(ctx, 0, &reg), 0);
	assert_true(c.allocs > 0);
	assert_int_equal(smgw_pa_registry_add(reg, SMGW_TNC_VENDOR_ITA, 1, "ITA Command", NULL, NULL), 0);
	assert_int_equal(smgw_pa_msg_validate(&msg, reg, &err, NULL), 0);
	smgw_pa_registry_free(reg);
	smgw_ctx_unref(ctx);
	assert_int_equal(c.live, 0);
	free(m);
}

static void test_capture_os_attributes_decode(void **state)
{
	uint8_t *pi_b, *sv_b, m[256];
	size_t pil, svl, n;
	struct smgw_pa_msg msg;
	struct smgw_pa_attr a;
	struct smgw_pa_product_info pi;
	struct smgw_pa_string_version sv;
	size_t pos = 0;

	(void)state;
	pi_b = tnc_load("capture/attr-product-info.bin", &pil);
	sv_b = tnc_load("capture/attr-string-version.bin", &svl);
	assert_non_null(pi_b);
	assert_non_null(sv_b);
	n = tnc_hex("01 000000 7D4A5F9D", m, sizeof(m));
	memcpy(m + n, pi_b, pil);
	memcpy(m + n + pil, sv_b, svl);
	n += pil + svl;
	assert_int_equal(smgw_pa_msg_parse(m, n, &msg, NULL, NULL), 0);
	assert_int_equal(smgw_pa_msg_validate(&msg, NULL, NULL, NULL), 0);
	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 1);
	assert_int_equal(smgw_pa_decode_product_info(&a, &pi, NULL), 0);
	assert_int_equal(pi.vendor, 9586);
	assert_int_equal(pi.product_id, 0);
	assert_int_equal(pi.name_len, 6);
	assert_memory_equal(pi.name, "Debian", 6);
	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 1);
	assert_int_equal(smgw_pa_decode_string_version(&a, &sv, NULL), 0);
	assert_int_equal(sv.version_len, 9);
	assert_memory_equal(sv.version, "12 x86_64", 9);
	assert_int_equal(sv.build_len, 0);
	assert_int_equal(sv.config_len, 0);
	free(pi_b);
	free(sv_b);
}

/* ---- every IETF attribute: exact layouts ---- */

static void test_ietf_attributes_encode_exact(void **state)
{
	struct smgw_writer w;
	struct smgw_pa_attr_ref refs[2] = { { 0, 2 }, { SMGW_TNC_VENDOR_TCG, 0x10 } };
	struct smgw_pa_numeric_version nv = { 1, 2, 0x0A0B0C0D, 3, 4 };
	struct smgw_pa_op_status os;
	struct smgw_pa_port_filter_entry pf[2] = { { 1, 6, 22 }, { 0, 17, 53 } };
	struct smgw_pa_package pk[2] = { { "a", 1, "1.0", 3 }, { "bc", 2, "", 0 } };
	struct smgw_tnc_remediation uri, str;
	size_t n;

	(void)state;
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_attr_request(&w, SMGW_PA_ATTR_NOSKIP, refs, 2), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "80 000000 00000001 0000001C  00 000000 00000002  00 005597 00000010");

	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_numeric_version(&w, 0, &nv), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n,
		     "00 000000 00000003 0000001C 00000001 00000002 0A0B0C0D 0003 0004");

	memset(&os, 0, sizeof(os));
	os.status = SMGW_PA_OP_STATUS_OPERATIONAL;
	os.result = SMGW_PA_OP_RESULT_SUCCESS;
	memcpy(os.last_use, "2026-12-01T06:00:00Z", 21);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_op_status(&w, 0, &os), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "00 000000 00000005 00000024 03 01 0000"
			     "323032362D31322D30315430363A30303A30305A");

	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_port_filter(&w, 0, pf, 2), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "00 000000 00000006 00000014 01 06 0016 00 11 0035");

	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_installed_packages(&w, 0, pk, 2), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "00 000000 00000007 0000001A 0000 0002 01 61 03 312E30 02 6263 00");

	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_assessment_result(&w, 0, SMGW_PA_ASSESSMENT_NC_MAJOR), 0);
	assert_int_equal(smgw_pa_encode_forwarding_enabled(&w, 0, SMGW_PA_FORWARDING_UNKNOWN), 0);
	assert_int_equal(smgw_pa_encode_factory_default_pwd(&w, 0, 1), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n,
		     "00 000000 00000009 00000010 00000002"
		     "00 000000 0000000B 00000010 00000002"
		     "00 000000 0000000C 00000010 00000001");

	memset(&uri, 0, sizeof(uri));
	uri.vendor = 0;
	uri.type = SMGW_TNC_REMEDIATION_URI;
	uri.uri = "http://x/";
	uri.uri_len = 9;
	memset(&str, 0, sizeof(str));
	str.type = SMGW_TNC_REMEDIATION_STRING;
	str.string = "fix";
	str.string_len = 3;
	str.lang = "en";
	str.lang_len = 2;
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_remediation(&w, 0, &uri), 0);
	assert_int_equal(smgw_pa_encode_remediation(&w, 0, &str), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n,
		     "00 000000 0000000A 0000001D 00 000000 00000001 687474703A2F2F782F"
		     "00 000000 0000000A 0000001E 00 000000 00000002 00000003 666978 02 656E");

	/* Testing (type 0) and a vendor attribute with an opaque value */
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_attr(&w, 0, 0, SMGW_PA_ATTR_TESTING, "t", 1), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "00 000000 00000000 0000000D 74");
}

static void test_ietf_attributes_decode(void **state)
{
	uint8_t m[512];
	size_t n, pos = 0, cnt, p2 = 0;
	struct smgw_pa_msg msg;
	struct smgw_pa_attr a;
	struct smgw_pa_attr_ref ref;
	struct smgw_pa_numeric_version nv;
	struct smgw_pa_op_status os;
	struct smgw_pa_port_filter_entry pf;
	struct smgw_pa_package pk;
	struct smgw_tnc_remediation rm;
	uint32_t u;

	(void)state;
	n = make_msg("00 000000 00000001 00000014 00 000000 00000007"
		     "00 000000 00000003 0000001C 00000005 00000006 00000007 0008 0009"
		     "00 000000 00000005 00000024 02 03 0000 303030302D30302D30305430303A30303A30305A"
		     "00 000000 00000006 00000010 FF 11 0035"
		     "00 000000 00000007 00000015 0000 0001 01 78 02 3130"
		     "00 000000 00000009 00000010 00000004"
		     "00 000000 0000000A 0000001E 00 000000 00000002 00000003 666978 02 6465",
		     m, sizeof(m));
	assert_int_equal(smgw_pa_msg_parse(m, n, &msg, NULL, NULL), 0);
	assert_int_equal(msg.attr_count, 7);
	assert_int_equal(smgw_pa_msg_validate(&msg, NULL, NULL, NULL), 0);

	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 1);
	assert_int_equal(smgw_pa_decode_attr_request(&a, &cnt, NULL), 0);
	assert_int_equal(cnt, 1);
	assert_int_equal(smgw_pa_attr_request_get(&a, 0, &ref), 0);
	assert_int_equal(ref.type, 7);
	assert_int_equal(smgw_pa_attr_request_get(&a, 1, &ref), SMGW_E_RANGE);

	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 1);
	assert_int_equal(smgw_pa_decode_numeric_version(&a, &nv, NULL), 0);
	assert_int_equal(nv.major, 5);
	assert_int_equal(nv.build, 7);
	assert_int_equal(nv.sp_minor, 9);

	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 1);
	assert_int_equal(smgw_pa_decode_op_status(&a, &os, NULL), 0);
	assert_int_equal(os.status, 2);
	assert_int_equal(os.result, 3);
	assert_string_equal(os.last_use, "0000-00-00T00:00:00Z");

	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 1);
	assert_int_equal(smgw_pa_decode_port_filter(&a, &cnt, NULL), 0);
	assert_int_equal(cnt, 1);
	assert_int_equal(smgw_pa_port_filter_get(&a, 0, &pf), 0);
	assert_int_equal(pf.blocked, 1); /* reserved bits ignored */
	assert_int_equal(pf.protocol, 17);
	assert_int_equal(pf.port, 53);

	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 1);
	assert_int_equal(smgw_pa_decode_installed_packages(&a, &cnt, NULL), 0);
	assert_int_equal(cnt, 1);
	assert_int_equal(smgw_pa_installed_packages_next(&a, &p2, &pk), 1);
	assert_memory_equal(pk.name, "x", 1);
	assert_memory_equal(pk.version, "10", 2);
	assert_int_equal(smgw_pa_installed_packages_next(&a, &p2, &pk), 0);

	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 1);
	assert_int_equal(smgw_pa_decode_u32(&a, &u, NULL), 0);
	assert_int_equal(u, SMGW_PA_ASSESSMENT_DONT_KNOW);

	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 1);
	assert_int_equal(smgw_pa_decode_remediation(&a, &rm, NULL), 0);
	assert_int_equal(rm.string_len, 3);
	assert_memory_equal(rm.lang, "de", 2);
	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 0);
}

/* ---- malformed values: Invalid Parameter with the offset in the message ---- */

struct bad_case {
	const char *attr_hex; /* one attribute, placed at message offset 8 */
	uint32_t offset;      /* expected offset inside the message */
};

static void test_invalid_parameter_offsets(void **state)
{
	static const struct bad_case cases[] = {
		/* Attribute Request: not a multiple of 8 -> at the partial entry */
		{ "00 000000 00000001 00000017 00 000000 00000002 00 0000", 8 + 12 + 8 },
		/* Attribute Request: empty */
		{ "00 000000 00000001 0000000C", 8 + 12 },
		/* Attribute Request: reserved type */
		{ "00 000000 00000001 00000014 00 000000 FFFFFFFF", 8 + 12 + 4 },
		/* Product Information shorter than 5 */
		{ "00 000000 00000002 00000010 002572 00", 8 + 12 },
		/* Product ID not 0 with vendor 0 */
		{ "00 000000 00000002 00000011 000000 0001", 8 + 12 + 3 },
		/* Numeric Version of 15 bytes */
		{ "00 000000 00000003 0000001B 00000001 00000002 00000003 0004 00", 8 + 12 },
		/* Numeric Version of 17 bytes */
		{ "00 000000 00000003 0000001D 00000001 00000002 00000003 0004 0005 00", 8 + 12 + 16 },
		/* String Version: first length beyond the value */
		{ "00 000000 00000004 00000010 05 41 00 00", 8 + 12 },
		/* String Version: trailing byte */
		{ "00 000000 00000004 00000010 00 00 00 99", 8 + 12 + 3 },
		/* String Version: NUL inside the build number */
		{ "00 000000 00000004 00000012 01 41 02 42 00 00", 8 + 12 + 4 },
		/* String Version shorter than 3 */
		{ "00 000000 00000004 0000000E 00 00", 8 + 12 },
		/* Operational Status: status 4 */
		{ "00 000000 00000005 00000024 04 01 0000 323032362D31322D30315430363A30303A30305A",
		  8 + 12 },
		/* Operational Status: result 7 */
		{ "00 000000 00000005 00000024 03 07 0000 323032362D31322D30315430363A30303A30305A",
		  8 + 12 + 1 },
		/* Operational Status: 'T' replaced by ' ' at index 10 of Last Use (field offset) */
		{ "00 000000 00000005 00000024 03 01 0000 323032362D31322D30312030363A30303A30305A",
		  8 + 12 + 4 },
		/* Operational Status of 23 bytes */
		{ "00 000000 00000005 00000023 03 01 0000 323032362D31322D30315430363A30303A3030",
		  8 + 12 },
		/* Port Filter: 6 bytes */
		{ "00 000000 00000006 00000012 00 06 0016 00 11", 8 + 12 + 4 },
		/* Installed Packages: count 2, one package (RFC 5792 4.2.8: the
		 * offset of the field in error, the Package Count; strongSwan
		 * reports the end of the value) */
		{ "00 000000 00000007 00000015 0000 0002 01 78 02 3130", 8 + 12 + 2 },
		/* Installed Packages: count 1, two packages */
		{ "00 000000 00000007 00000016 0000 0001 01 78 00 01 79 00", 8 + 12 + 2 },
		/* Installed Packages: count 1, no package */
		{ "00 000000 00000007 00000010 0000 0001", 8 + 12 + 2 },
		/* Installed Packages: NUL inside a name */
		{ "00 000000 00000007 00000015 0000 0001 02 7800 01 31", 8 + 12 + 6 },
		/* Installed Packages: name length beyond the value */
		{ "00 000000 00000007 00000012 0000 0001 09 78", 8 + 12 + 4 },
		/* Installed Packages: a name without its version */
		{ "00 000000 00000007 00000013 0000 0001 00 00 00", 8 + 12 + 7 },
		/* Assessment Result 5 */
		{ "00 000000 00000009 00000010 00000005", 8 + 12 },
		/* Assessment Result of 3 bytes */
		{ "00 000000 00000009 0000000F 000000", 8 + 12 + 3 },
		/* Remediation: unknown IETF parameter type 3 */
		{ "00 000000 0000000A 00000015 00 000000 00000003 41", 8 + 12 + 4 },
		/* Remediation: string length beyond the value */
		{ "00 000000 0000000A 0000001A 00 000000 00000002 00000009 41 00", 8 + 12 + 8 },
		/* Remediation: language length does not fit */
		{ "00 000000 0000000A 0000001B 00 000000 00000002 00000001 41 05 65", 8 + 12 + 8 + 4 + 1 },
		/* Forwarding Enabled 3 */
		{ "00 000000 0000000B 00000010 00000003", 8 + 12 },
		/* Factory Default Password Enabled 2 */
		{ "00 000000 0000000C 00000010 00000002", 8 + 12 },
	};
	uint8_t m[512];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		struct smgw_pa_error err;
		struct smgw_diag d = SMGW_DIAG_INIT;
		struct smgw_writer w;
		size_t n = make_msg(cases[i].attr_hex, m, sizeof(m)), len;
		uint8_t exp[64];
		int e = parse_validate(m, n, NULL, &err, &d);

		if (e != SMGW_E_TNC_PA_INVALID || err.offset != cases[i].offset)
			fail_msg("case %zu: e=%d offset=%u (want %u): %s", i, e, (unsigned)err.offset,
				 (unsigned)cases[i].offset, d.message);
		assert_int_equal(err.vendor, 0);
		assert_int_equal(err.code, SMGW_PA_ERROR_INVALID_PARAMETER);
		assert_memory_equal(err.msg_header, m, 8);
		/* and its encoding: header copy + the 4-byte offset */
		smgw_writer_init(&w, out, sizeof(out));
		assert_int_equal(smgw_pa_encode_error(&w, &err), 0);
		assert_int_equal(smgw_writer_finish(&w, &len), 0);
		assert_int_equal(len, 12 + 8 + 8 + 4);
		n = tnc_hex("00 000000 00000008 00000020 00 000000 00000001 01 000000 01020304", exp,
			    sizeof(exp));
		assert_memory_equal(out, exp, n);
		assert_int_equal((uint32_t)out[28] << 24 | (uint32_t)out[29] << 16 |
					 (uint32_t)out[30] << 8 | out[31],
				 cases[i].offset);
	}
}

static void test_framing_errors(void **state)
{
	static const struct {
		const char *hex;
		int err;
		uint32_t code, offset;
	} cases[] = {
		/* message shorter than its header */
		{ "01 000000 0102", SMGW_E_TNC_PA_INVALID, 1, 0 },
		/* attribute header truncated */
		{ "01 000000 01020304 00 000000 0000", SMGW_E_TNC_PA_INVALID, 1, 8 },
		/* attribute length below 12 */
		{ "01 000000 01020304 00 000000 00000002 0000000B", SMGW_E_TNC_PA_INVALID, 1, 16 },
		/* attribute length beyond the message */
		{ "01 000000 01020304 00 000000 00000002 00000020 00", SMGW_E_TNC_PA_INVALID, 1, 16 },
		/* reserved vendor */
		{ "01 000000 01020304 00 FFFFFF 00000002 0000000C", SMGW_E_TNC_PA_INVALID, 1, 9 },
		/* reserved type */
		{ "01 000000 01020304 00 000000 FFFFFFFF 0000000C", SMGW_E_TNC_PA_INVALID, 1, 12 },
	};
	uint8_t m[128];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		struct smgw_pa_msg msg;
		struct smgw_pa_error err;
		size_t n = tnc_hex(cases[i].hex, m, sizeof(m));

		assert_int_equal(smgw_pa_msg_parse(m, n, &msg, &err, NULL), cases[i].err);
		assert_int_equal(err.code, cases[i].code);
		assert_int_equal(err.offset, cases[i].offset);
	}
}

static void test_version_not_supported(void **state)
{
	uint8_t m[32];
	size_t n = tnc_hex("02 000000 CAFEBABE", m, sizeof(m)), len;
	struct smgw_pa_msg msg;
	struct smgw_pa_error err;
	struct smgw_writer w;

	(void)state;
	assert_int_equal(smgw_pa_msg_parse(m, n, &msg, &err, NULL), SMGW_E_TNC_PA_VERSION);
	assert_int_equal(err.code, SMGW_PA_ERROR_VERSION_NOT_SUPPORTED);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_error_msg(&w, 7, &err), 0);
	len = tnc_finish(&w);
	tnc_expect_bytes(out, len,
		     "01 000000 00000007"
		     "00 000000 00000008 00000020 00 000000 00000002"
		     "02 000000 CAFEBABE 01 01 0000");
}

/* An unsupported NOSKIP attribute rejects the whole message; attributes are
 * checked in order (the first failure is answered, as strongSwan does);
 * unsupported attributes without NOSKIP are skipped. */
static void test_noskip_handling(void **state)
{
	uint8_t m[256];
	size_t n;
	struct smgw_pa_error err;
	struct smgw_pa_msg msg;

	(void)state;
	n = make_msg("00 000000 00000009 00000010 00000000"       /* good AR */
		     "80 00ABCD 00000005 0000000D 00",              /* NOSKIP, unknown vendor */
		     m, sizeof(m));
	assert_int_equal(parse_validate(m, n, NULL, &err, NULL), SMGW_E_TNC_PA_UNSUPPORTED);
	assert_int_equal(err.attr_vendor, 0xABCD);
	assert_int_equal(err.attr_type, 5);
	assert_int_equal(err.attr_flags, 0x80);
	/* a malformed attribute before it is reported first */
	n = make_msg("00 000000 00000009 00000010 00000009"
		     "80 00ABCD 00000005 0000000D 00", m, sizeof(m));
	assert_int_equal(parse_validate(m, n, NULL, &err, NULL), SMGW_E_TNC_PA_INVALID);
	assert_int_equal(err.offset, 20);
	/* a framing error after it: the one-pass check reports the NOSKIP attribute */
	n = make_msg("80 00ABCD 00000005 0000000D 00"
		     "00 000000 00000009 00000020 00000000", m, sizeof(m));
	assert_int_equal(smgw_pa_msg_check(m, n, NULL, &msg, &err, NULL), SMGW_E_TNC_PA_UNSUPPORTED);
	assert_int_equal(smgw_pa_msg_parse(m, n, &msg, &err, NULL), SMGW_E_TNC_PA_INVALID);
	assert_int_equal(err.offset, 8 + 13 + 8);

	/* same without NOSKIP: skipped, then the malformed AR is reported */
	n = make_msg("00 000000 00000009 00000010 00000009"
		     "00 00ABCD 00000005 0000000D 00", m, sizeof(m));
	assert_int_equal(parse_validate(m, n, NULL, &err, NULL), SMGW_E_TNC_PA_INVALID);
	assert_int_equal(err.offset, 20);

	/* IETF attributes 18-21 are not supported by default */
	n = make_msg("80 000000 00000012 0000000C", m, sizeof(m));
	assert_int_equal(parse_validate(m, n, NULL, &err, NULL), SMGW_E_TNC_PA_UNSUPPORTED);
	assert_int_equal(err.attr_type, 18);
	n = make_msg("00 000000 00000012 0000000C", m, sizeof(m));
	assert_int_equal(parse_validate(m, n, NULL, &err, NULL), 0);

	/* a malformed PA-TNC Error: reported with the reserved code, not answered */
	n = make_msg("00 000000 00000008 0000001C 00 000000 00000001 01000000 01020304", m, sizeof(m));
	assert_int_equal(parse_validate(m, n, NULL, &err, NULL), SMGW_E_TNC_PA_INVALID);
	assert_int_equal(err.code, SMGW_PA_ERROR_RESERVED);
	{
		struct smgw_writer w;

		smgw_writer_init(&w, out, sizeof(out));
		assert_int_equal(smgw_pa_encode_error_msg(&w, 1, &err), SMGW_E_INVAL);
	}
	/* a PA-TNC Error attribute is detected (never answer an error with an error) */
	n = make_msg("00 000000 00000008 00000020 00 000000 00000001 01000000 01020304 00000010", m,
		     sizeof(m));
	assert_int_equal(smgw_pa_msg_parse(m, n, &msg, NULL, NULL), 0);
	assert_int_equal(smgw_pa_msg_validate(&msg, NULL, NULL, NULL), 0);
	assert_int_equal(smgw_pa_msg_has_error(&msg), 1);
	n = make_msg("00 000000 00000009 00000010 00000000", m, sizeof(m));
	assert_int_equal(smgw_pa_msg_parse(m, n, &msg, NULL, NULL), 0);
	assert_int_equal(smgw_pa_msg_has_error(&msg), 0);
}

static void test_error_attribute_decode(void **state)
{
	uint8_t m[256];
	size_t n, pos = 0;
	struct smgw_pa_msg msg;
	struct smgw_pa_attr a;
	struct smgw_pa_error e;

	(void)state;
	n = make_msg("00 000000 00000008 00000024 00 000000 00000003 01000000 0A0B0C0D 80 00902A 00000001"
		     "00 000000 00000008 00000016 00 00ABCD 00000009 1234", m, sizeof(m));
	assert_int_equal(smgw_pa_msg_parse(m, n, &msg, NULL, NULL), 0);
	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 1);
	assert_int_equal(smgw_pa_decode_error(&a, &e, NULL), 0);
	assert_int_equal(e.code, 3);
	assert_int_equal(e.attr_vendor, SMGW_TNC_VENDOR_ITA);
	assert_int_equal(e.attr_type, 1);
	assert_int_equal(e.msg_header[7], 0x0D);
	assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 1);
	assert_int_equal(smgw_pa_decode_error(&a, &e, NULL), 0);
	assert_int_equal(e.vendor, 0xABCD);
	assert_int_equal(e.code, 9);
	assert_int_equal(e.info_len, 2);
}

/* ---- registry ---- */

static int vendor_check(void *ud, const struct smgw_pa_attr *a, uint32_t *ret_off)
{
	int *calls = ud;

	(*calls)++;
	if (a->value_len != 2) {
		*ret_off = 0;
		return SMGW_E_TNC_PA_INVALID;
	}
	if (a->value[1] != 0x42) {
		*ret_off = 1;
		return SMGW_E_TNC_PA_INVALID;
	}
	return 0;
}

static void test_registry(void **state)
{
	struct tnc_alloc_count c;
	smgw_ctx *ctx = tnc_counting_ctx(&c);
	smgw_pa_registry *reg;
	const char *name;
	uint8_t m[128];
	size_t n;
	int calls = 0;
	struct smgw_pa_error err;

	(void)state;
	assert_non_null(ctx);
	assert_int_equal(smgw_pa_registry_new(ctx, SMGW_PA_REGISTRY_EMPTY, &reg), 0);
	assert_int_equal(smgw_pa_registry_lookup(reg, 0, 2, &name), SMGW_E_NOTFOUND);
	assert_int_equal(smgw_pa_registry_add(reg, 0, 2, NULL, NULL, NULL), 0);
	assert_int_equal(smgw_pa_registry_add(reg, 0, 2, NULL, NULL, NULL), SMGW_E_EXISTS);
	assert_int_equal(smgw_pa_registry_lookup(reg, 0, 2, &name), 0);
	assert_string_equal(name, "Product Information");
	assert_int_equal(smgw_pa_registry_add(reg, 0x123456, 7, "Vendor Thing", vendor_check, &calls), 0);
	assert_int_equal(smgw_pa_registry_lookup(reg, 0x123456, 7, &name), 0);
	assert_string_equal(name, "Vendor Thing");
	assert_int_equal(smgw_pa_registry_add(reg, SMGW_TNC_VENDOR_RESERVED, 1, NULL, NULL, NULL),
			 SMGW_E_INVAL);
	assert_int_equal(smgw_pa_registry_add(reg, 1, SMGW_TNC_TYPE_RESERVED, NULL, NULL, NULL),
			 SMGW_E_INVAL);

	/* vendor validator: good, bad at value offset 1 */
	n = make_msg("80 123456 00000007 0000000E 0042", m, sizeof(m));
	assert_int_equal(parse_validate(m, n, reg, &err, NULL), 0);
	n = make_msg("80 123456 00000007 0000000E 0041", m, sizeof(m));
	assert_int_equal(parse_validate(m, n, reg, &err, NULL), SMGW_E_TNC_PA_INVALID);
	assert_int_equal(err.offset, 8 + 12 + 1);
	assert_int_equal(calls, 4); /* twice each: parse+validate and check */
	/* Numeric Version is not registered in this registry: NOSKIP -> unsupported */
	n = make_msg("80 000000 00000003 0000001C 00000001 00000002 00000003 0004 0005", m, sizeof(m));
	assert_int_equal(parse_validate(m, n, reg, &err, NULL), SMGW_E_TNC_PA_UNSUPPORTED);
	assert_int_equal(smgw_pa_registry_remove(reg, 0x123456, 7), 0);
	assert_int_equal(smgw_pa_registry_remove(reg, 0x123456, 7), SMGW_E_NOTFOUND);
	/* many entries (growth) in sorted order */
	{
		uint32_t t;

		for (t = 100; t > 0; t--)
			assert_int_equal(smgw_pa_registry_add(reg, 0x777, t, "x", NULL, NULL), 0);
		for (t = 1; t <= 100; t++)
			assert_int_equal(smgw_pa_registry_lookup(reg, 0x777, t, NULL), 0);
	}
	smgw_pa_registry_free(reg);
	smgw_ctx_unref(ctx);
	assert_int_equal(c.live, 0);

	/* out of memory while creating */
	ctx = tnc_counting_ctx(&c);
	c.fail_after = c.allocs + 2;
	assert_int_equal(smgw_pa_registry_new(ctx, 0, &reg), SMGW_E_NOMEM);
	c.fail_after = 0;
	smgw_ctx_unref(ctx);
	assert_int_equal(c.live, 0);
	assert_string_equal(smgw_pa_attr_name(0, 9), "Assessment Result");
	assert_string_equal(smgw_pa_attr_name(5, 9), "unknown");
}

/* ---- SWIMA ---- */

static void test_swima(void **state)
{
	struct smgw_writer w;
	struct smgw_pa_swima_request req = { SMGW_PA_SWIMA_FLAG_SUBSCRIBE, { 0 }, 0, 0x11, 0x22 };
	const uint8_t *ids[1] = { (const uint8_t *)"swid" };
	size_t idl[1] = { 4 }, n, pos = 0, p2 = 0, il;
	struct smgw_pa_swima_inventory inv, dinv;
	struct smgw_pa_swima_record rec[1], got;
	struct smgw_pa_msg msg;
	struct smgw_pa_attr a;
	struct smgw_pa_swima_request rq;
	const uint8_t *id;
	uint8_t m[512];
	uint32_t t;

	(void)state;
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_swima_request(&w, SMGW_PA_ATTR_NOSKIP, &req, ids, idl, 1), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n, "80 000000 0000000D 0000001E 40 000001 00000011 00000022 0004 73776964");

	memset(&inv, 0, sizeof(inv));
	inv.request_id = 0x11;
	inv.eid_epoch = 0xE0;
	inv.last_eid = 9;
	inv.last_consulted_eid = 8;
	memset(rec, 0, sizeof(rec));
	rec[0].eid = 7;
	memcpy(rec[0].timestamp, "2026-12-01T06:00:00Z", 21);
	rec[0].record_id = 5;
	rec[0].data_model_pen = SMGW_TNC_VENDOR_TCG;
	rec[0].data_model_type = 1;
	rec[0].source_id = 2;
	rec[0].action = SMGW_PA_SWIMA_ACTION_DELETION;
	rec[0].sw_id = (const uint8_t *)"ab";
	rec[0].sw_id_len = 2;
	rec[0].locator = (const uint8_t *)"c";
	rec[0].locator_len = 1;
	rec[0].record = (const uint8_t *)"<x/>";
	rec[0].record_len = 4;
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_swima_inventory(&w, 0, SMGW_PA_ATTR_SW_EVENTS, &inv, rec, 1), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n,
		     "00 000000 00000011 00000051"
		     "00 000001 00000011 000000E0 00000009 00000008"
		     "00000007 323032362D31322D30315430363A30303A30305A"
		     "00000005 005597 01 02 02 0002 6162 0001 63 00000004 3C782F3E");
	/* inventory (14) of the same record: no EID, no timestamp, no record, action 0 */
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_swima_inventory(&w, 0, SMGW_PA_ATTR_SW_ID_INVENTORY, &inv, rec, 1), 0);
	n = tnc_finish(&w);
	tnc_expect_bytes(out, n,
		     "00 000000 0000000E 0000002D"
		     "00 000001 00000011 000000E0 00000009"
		     "00000005 005597 01 02 00 0002 6162 0001 63");

	/* decode all five types from one message */
	for (t = SMGW_PA_ATTR_SWIMA_REQUEST; t <= SMGW_PA_ATTR_SW_EVENTS; t++) {
		smgw_writer_init(&w, m, sizeof(m));
		smgw_pa_msg_begin(&w, 1);
		if (t == SMGW_PA_ATTR_SWIMA_REQUEST)
			assert_int_equal(smgw_pa_encode_swima_request(&w, 0x80, &req, ids, idl, 1), 0);
		else
			assert_int_equal(smgw_pa_encode_swima_inventory(&w, 0x80, t, &inv, rec, 1), 0);
		n = tnc_finish(&w);
		assert_int_equal(smgw_pa_msg_parse(m, n, &msg, NULL, NULL), 0);
		assert_int_equal(smgw_pa_msg_validate(&msg, NULL, NULL, NULL), 0);
		pos = 0;
		assert_int_equal(smgw_pa_attr_next(&msg, &pos, &a), 1);
		p2 = 0;
		if (t == SMGW_PA_ATTR_SWIMA_REQUEST) {
			assert_int_equal(smgw_pa_decode_swima_request(&a, &rq, NULL), 0);
			assert_int_equal(rq.count, 1);
			assert_int_equal(rq.earliest_eid, 0x22);
			assert_int_equal(smgw_pa_swima_request_next(&a, &p2, &id, &il), 1);
			assert_memory_equal(id, "swid", 4);
			assert_int_equal(smgw_pa_swima_request_next(&a, &p2, &id, &il), 0);
			continue;
		}
		assert_int_equal(smgw_pa_decode_swima_inventory(&a, &dinv, NULL), 0);
		assert_int_equal(dinv.count, 1);
		assert_int_equal(smgw_pa_swima_record_next(&a, &p2, &got), 1);
		assert_int_equal(got.record_id, 5);
		assert_int_equal(got.sw_id_len, 2);
		if (t == SMGW_PA_ATTR_SW_ID_EVENTS || t == SMGW_PA_ATTR_SW_EVENTS) {
			assert_int_equal(got.action, 2);
			assert_string_equal(got.timestamp, "2026-12-01T06:00:00Z");
			assert_int_equal(dinv.last_consulted_eid, 8);
		}
		if (t == SMGW_PA_ATTR_SW_INVENTORY || t == SMGW_PA_ATTR_SW_EVENTS)
			assert_int_equal(got.record_len, 4);
		else
			assert_null(got.record);
		assert_int_equal(smgw_pa_swima_record_next(&a, &p2, &got), 0);
	}

	/* malformed: count 2 with one record; bad action; trailing bytes */
	{
		struct smgw_pa_error err;

		n = make_msg("00 000000 0000000E 0000002D 00 000002 00000011 000000E0 00000009"
			     "00000005 005597 01 02 00 0002 6162 0001 63", m, sizeof(m));
		assert_int_equal(parse_validate(m, n, NULL, &err, NULL), SMGW_E_TNC_PA_INVALID);
		assert_int_equal(err.offset, 8 + 12 + 33);
		n = make_msg("00 000000 0000000F 00000049 00 000001 00000011 000000E0 00000009 00000008"
			     "00000007 323032362D31322D30315430363A30303A30305A"
			     "00000005 005597 01 02 09 0002 6162 0001 63", m, sizeof(m));
		assert_int_equal(parse_validate(m, n, NULL, &err, NULL), SMGW_E_TNC_PA_INVALID);
		assert_int_equal(err.offset, 8 + 12 + 20 + 24 + 9);
		n = make_msg("00 000000 0000000D 00000019 00 000000 00000011 00000022 EE", m, sizeof(m));
		assert_int_equal(parse_validate(m, n, NULL, &err, NULL), SMGW_E_TNC_PA_INVALID);
		assert_int_equal(err.offset, 8 + 12 + 12);
		/* SW ID length beyond the value */
		n = make_msg("00 000000 0000000D 0000001A 00 000001 00000011 00000022 0009", m, sizeof(m));
		assert_int_equal(parse_validate(m, n, NULL, &err, NULL), SMGW_E_TNC_PA_INVALID);
		assert_int_equal(err.offset, 8 + 12 + 12);
	}

	/* RFC 8412: event timestamps are RFC 3339 "YYYY-MM-DDTHH:MM:SSZ";
	 * printable text in another form is refused at the timestamp field */
	{
		static const char *const bad_ts[] = {
			"2026-12-01 06:00:00Z", /* space instead of T */
			"2026-12-01T06:00:00+", /* an offset instead of Z */
			"2026-12-01T06:00:0AZ", /* a letter among the digits */
			"20261201T060000Z    ", /* basic format, padded */
			"Tue Dec  1 06:00:00 ", /* ctime(3) text */
		};
		static const char ok_ts[] = "2026-12-01T06:00:00Z";
		size_t k;

		for (k = 0; k < ARRAY_LEN(bad_ts) + 1; k++) {
			const char *ts = k < ARRAY_LEN(bad_ts) ? bad_ts[k] : ok_ts;
			char hex[512], tsx[41];
			struct smgw_pa_error err;
			size_t j;
			int e;

			for (j = 0; j < 20; j++)
				snprintf(tsx + 2 * j, 3, "%02X", (unsigned)(uint8_t)ts[j]);
			snprintf(hex, sizeof(hex),
				 "00 000000 0000000F 00000049 00 000001 00000011 000000E0 00000009 00000008"
				 "00000007 %s"
				 "00000005 005597 01 02 02 0002 6162 0001 63",
				 tsx);
			n = make_msg(hex, m, sizeof(m));
			e = parse_validate(m, n, NULL, &err, NULL);
			if (k == ARRAY_LEN(bad_ts)) {
				assert_int_equal(e, 0);
				continue;
			}
			if (e != SMGW_E_TNC_PA_INVALID || err.offset != 8 + 12 + 20 + 4)
				fail_msg("timestamp \"%s\": e=%d offset=%u", ts, e, (unsigned)err.offset);
			/* and the encoder refuses to write it */
			memcpy(rec[0].timestamp, ts, 20);
			rec[0].timestamp[20] = 0;
			smgw_writer_init(&w, out, sizeof(out));
			assert_int_equal(smgw_pa_encode_swima_inventory(&w, 0, SMGW_PA_ATTR_SW_ID_EVENTS, &inv, rec, 1),
					 SMGW_E_INVAL);
		}
	}
}

/* ---- robustness: every truncation of a valid message is refused ---- */

static void test_truncation_every_byte(void **state)
{
	uint8_t m[512], *t;
	size_t n, cut;

	(void)state;
	n = make_msg("00 000000 00000002 00000017 002572 0000 446562696160"
		     "00 000000 00000005 00000024 03 01 0000 323032362D31322D30315430363A30303A30305A"
		     "00 000000 00000007 00000015 0000 0001 01 78 02 3130",
		     m, sizeof(m));
	{
		struct smgw_pa_msg msg;

		assert_int_equal(smgw_pa_msg_parse(m, n, &msg, NULL, NULL), 0);
		assert_int_equal(smgw_pa_msg_validate(&msg, NULL, NULL, NULL), 0);
	}
	for (cut = 0; cut < n; cut++) {
		struct smgw_pa_msg msg;
		struct smgw_pa_error err;
		int e;

		t = malloc(cut ? cut : 1);
		memcpy(t, m, cut);
		e = smgw_pa_msg_parse(cut ? t : NULL, cut, &msg, &err, NULL);
		if (cut == 8 || cut == 8 + 23 || cut == 8 + 23 + 36) {
			/* a prefix that ends between attributes is a valid, shorter message */
			assert_int_equal(e, 0);
		} else {
			assert_int_equal(e, SMGW_E_TNC_PA_INVALID);
		}
		free(t);
	}
	/* overflowing writer: size query, then exact size */
	{
		struct smgw_writer w;
		struct smgw_pa_product_info pi = { 1, 2, 0, "name", 4 };
		size_t need = 0;

		smgw_writer_init(&w, NULL, 0);
		smgw_pa_msg_begin(&w, 1);
		assert_int_equal(smgw_pa_encode_product_info(&w, 0, &pi), 0);
		assert_int_equal(smgw_writer_finish(&w, &need), SMGW_E_BUFSIZE);
		assert_int_equal(need, 8 + 12 + 9);
		smgw_writer_init(&w, out, need);
		smgw_pa_msg_begin(&w, 1);
		assert_int_equal(smgw_pa_encode_product_info(&w, 0, &pi), 0);
		assert_int_equal(tnc_finish(&w), need);
		smgw_writer_init(&w, out, need - 1);
		smgw_pa_msg_begin(&w, 1);
		assert_int_equal(smgw_pa_encode_product_info(&w, 0, &pi), 0);
		assert_int_equal(smgw_writer_finish(&w, &need), SMGW_E_BUFSIZE);
	}
}

static void test_encoder_argument_errors(void **state)
{
	struct smgw_writer w;
	struct smgw_pa_string_version sv = { "x", 300, "", 0, "", 0 };
	struct smgw_pa_op_status os;
	size_t n;

	(void)state;
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_string_version(&w, 0, &sv), SMGW_E_RANGE);
	assert_int_equal(smgw_writer_finish(&w, &n), SMGW_E_RANGE);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_assessment_result(&w, 0, 5), SMGW_E_INVAL);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_attr(&w, 0, SMGW_TNC_VENDOR_RESERVED, 1, "", 0), SMGW_E_INVAL);
	memset(&os, 0, sizeof(os));
	memcpy(os.last_use, "2026-12-01 06:00:00Z", 21);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_op_status(&w, 0, &os), SMGW_E_INVAL);
	smgw_writer_init(&w, out, sizeof(out));
	assert_int_equal(smgw_pa_encode_attr_request(&w, 0, NULL, 0), SMGW_E_INVAL);
	assert_int_equal(smgw_pa_msg_parse(NULL, 1, NULL, NULL, NULL), SMGW_E_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capture_attributes_encode),
		cmocka_unit_test(test_capture_ita_message),
		cmocka_unit_test(test_capture_os_attributes_decode),
		cmocka_unit_test(test_ietf_attributes_encode_exact),
		cmocka_unit_test(test_ietf_attributes_decode),
		cmocka_unit_test(test_invalid_parameter_offsets),
		cmocka_unit_test(test_framing_errors),
		cmocka_unit_test(test_version_not_supported),
		cmocka_unit_test(test_noskip_handling),
		cmocka_unit_test(test_error_attribute_decode),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_swima),
		cmocka_unit_test(test_truncation_every_byte),
		cmocka_unit_test(test_encoder_argument_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
