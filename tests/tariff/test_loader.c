/* SPDX-License-Identifier: Apache-2.0 */
/* The AR 2418-6 loaders: TRuDI documents, schema validation, hostile XML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <smgw/status.h>

#include "tariff_test_util.h"

static smgw_ctx *ctx;
static smgw_tariff_schema *schema;

static int setup(void **state)
{
	(void)state;
	if (smgw_ctx_new(NULL, &ctx) != 0)
		return -1;
	return smgw_tariff_schema_load(ctx, SCHEMA_DIR, &schema, NULL) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	smgw_tariff_schema_free(schema);
	smgw_ctx_unref(ctx);
	return 0;
}

static smgw_tariff_profile *load_profile_file(const char *name, int expect)
{
	char path[512];
	struct smgw_diag d = SMGW_DIAG_INIT;
	smgw_tariff_profile *p = NULL;
	uint8_t *buf;
	size_t len = 0;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", TRUDI_DIR, name);
	buf = read_all(path, &len);
	assert_non_null(buf);
	rc = smgw_tariff_profile_load(ctx, schema, buf, len, &p, &d);
	free(buf);
	assert_int_equal(rc, expect);
	return p;
}

static void test_trudi_profile(void **state)
{
	smgw_tariff_profile *p = load_profile_file("taf2_supplier_single_day.xml", 0);
	struct smgw_tariff_stage st;
	int64_t b, e, want;

	(void)state;
	assert_int_equal(smgw_tariff_profile_taf(p), 2);
	assert_string_equal(smgw_tariff_profile_id(p), "taf7");
	assert_int_equal(smgw_tariff_profile_stage_count(p), 2);
	assert_int_equal(smgw_tariff_profile_stage(p, 1, &st), 0);
	assert_int_equal(st.tariff_number, 2);
	assert_int_equal(st.obis.c, 1);
	assert_int_equal(st.obis.d, 8);
	assert_int_equal(st.obis.e, 2);
	assert_int_equal(smgw_tariff_profile_stage(p, 2, &st), SMGW_E_RANGE);
	assert_int_equal(smgw_tariff_profile_billing_period(p, &b, &e), 0);
	assert_int_equal(smgw_time_parse_iso8601("2017-11-04T00:00:00+01:00", 25, &want, NULL), 0);
	assert_true(b == want);
	assert_true(e == want + INT64_C(86400000));
	assert_int_equal(smgw_tariff_profile_check(p, NULL, NULL), 0);
	smgw_tariff_profile_free(p);
}

static void test_trudi_export(void **state)
{
	char path[512];
	struct smgw_diag d = SMGW_DIAG_INIT;
	struct smgw_tariff_list_info info;
	smgw_tariff_export *x = NULL;
	const struct smgw_value *v;
	uint8_t *buf;
	size_t len = 0, n;
	int64_t want;

	(void)state;
	snprintf(path, sizeof(path), "%s/taf2_result_single_day_2h_PTBstatus3.xml", TRUDI_DIR);
	buf = read_all(path, &len);
	assert_non_null(buf);
	assert_int_equal(smgw_tariff_export_load(ctx, schema, buf, len, &x, &d), 0);
	free(buf);
	assert_int_equal(smgw_tariff_export_list_count(x), 1);
	memset(&info, 0, sizeof(info));
	info.struct_size = sizeof(info);
	assert_int_equal(smgw_tariff_export_list(x, 0, &info), 0);
	assert_int_equal(info.original, 1);
	assert_int_equal(info.scaler, -1);
	assert_int_equal(info.unit, SMGW_UNIT_WH);
	assert_string_equal(info.meter_id, "0A01454D4800005DE461");
	v = smgw_tariff_export_readings(x, 0, &n);
	assert_non_null(v);
	assert_int_equal(n, info.count);
	assert_true(n > 90);
	assert_int_equal(v[0].value, 0);
	assert_int_equal(smgw_time_parse_iso8601("2017-11-04T00:00:00+01:00", 25, &want, NULL), 0);
	assert_true(v[0].capture_ms == want);
	assert_true(v[0].flags & SMGW_VALUE_HAS_PTB);
	for (size_t i = 0; i < n; i++)
		if (v[i].ptb_status == 3)
			break;
	smgw_tariff_export_free(x);
}

static void test_fnn_status(void **state)
{
	static const char doc[] = AR_HEAD
		"<MeterReading><Meter><meterId>M1</meterId></Meter><meterReadingId>r</meterReadingId>"
		"<ReadingType><espi:powerOfTenMultiplier>0</espi:powerOfTenMultiplier><espi:uom>72</espi:uom>"
		"<scaler>0</scaler><obisCode>0100010800FF</obisCode>"
		"<qualifiedLogicalName>0100010800FF.M1.sm</qualifiedLogicalName></ReadingType>"
		"<IntervalBlock><interval><duration>900</duration><start>2017-11-04T00:00:00+01:00</start></interval>"
		"<IntervalReading><espi:value>5</espi:value><timePeriod><duration>0</duration>"
		"<start>2017-11-04T00:00:00+01:00</start></timePeriod><statusFNN>A000000020000000</statusFNN></IntervalReading>"
		/* SMGW word with "system time invalid" (bit 9) besides the identification pattern */
		"<IntervalReading><espi:value>6</espi:value><timePeriod><duration>0</duration>"
		"<start>2017-11-04T00:15:00+01:00</start></timePeriod><statusFNN>A040000020000000</statusFNN>"
		"<statusPTB>0</statusPTB></IntervalReading>"
		"</IntervalBlock></MeterReading></UsagePoint></UsagePoints>";
	smgw_tariff_export *x = NULL;
	const struct smgw_value *v;
	size_t n;

	(void)state;
	assert_int_equal(smgw_tariff_export_load(ctx, schema, (const uint8_t *)doc, sizeof(doc) - 1, &x, NULL), 0);
	v = smgw_tariff_export_readings(x, 0, &n);
	assert_int_equal(n, 2);
	assert_true(v[0].status == UINT64_C(0x0000000500000004));
	assert_int_equal(v[0].ptb_status, 0);
	assert_true(smgw_fnn_gw(v[1].status) & SMGW_FNN_GW_TIME_INVALID);
	/* the worse of statusPTB (0) and the FNN mapping (3) */
	assert_int_equal(v[1].ptb_status, 3);
	smgw_tariff_export_free(x);
}

static void expect_refused(const char *doc, size_t len, int code, const char *needle, uint32_t line)
{
	struct smgw_diag d = SMGW_DIAG_INIT;
	smgw_tariff_profile *p = NULL;
	smgw_tariff_export *x = NULL;

	assert_int_equal(smgw_tariff_profile_load(ctx, schema, (const uint8_t *)doc, len, &p, &d), code);
	assert_null(p);
	if (needle != NULL && strstr(d.message, needle) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", d.message, needle);
	if (line > 0 && strstr(d.message, "line ") == NULL)
		fail_msg("message \"%s\" names no line", d.message);
	smgw_diag_clear(&d);
	assert_int_equal(smgw_tariff_export_load(ctx, schema, (const uint8_t *)doc, len, &x, &d), code);
	assert_null(x);
}

static void test_hostile(void **state)
{
	static const char laughs[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE UsagePoints [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>\n"
		"<UsagePoints xmlns=\"http://vde.de/AR_2418-6.xsd\">&b;</UsagePoints>\n";
	static const char xxe[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE UsagePoints SYSTEM \"http://127.0.0.1:9/x.dtd\">\n"
		"<UsagePoints xmlns=\"http://vde.de/AR_2418-6.xsd\"/>\n";
	static const char undefined_entity[] =
		"<?xml version=\"1.0\"?>\n<UsagePoints xmlns=\"http://vde.de/AR_2418-6.xsd\">\n&xxe;</UsagePoints>\n";
	static const char broken[] = "<?xml version=\"1.0\"?>\n<UsagePoints>\n<UsagePoint>\n</UsagePoints>\n";
	struct sbuf deep = { 0 };
	int i;

	(void)state;
	expect_refused(laughs, sizeof(laughs) - 1, SMGW_E_TARIFF_DTD, "DTD", 0);
	expect_refused(xxe, sizeof(xxe) - 1, SMGW_E_TARIFF_DTD, "DTD", 0);
	expect_refused(undefined_entity, sizeof(undefined_entity) - 1, SMGW_E_TARIFF_XML, "line 3", 3);
	expect_refused(broken, sizeof(broken) - 1, SMGW_E_TARIFF_XML, "line 4", 4);
	expect_refused("", 0, SMGW_E_TARIFF_XML, "empty", 0);
	sb_printf(&deep, "<UsagePoints xmlns=\"http://vde.de/AR_2418-6.xsd\">");
	for (i = 0; i < 40; i++)
		sb_printf(&deep, "<a>");
	for (i = 0; i < 40; i++)
		sb_printf(&deep, "</a>");
	sb_printf(&deep, "</UsagePoints>");
	expect_refused(deep.p, deep.len, SMGW_E_LIMIT, "deeper", 1);
	/* size limit: refused before parsing, no need for real content */
	expect_refused(deep.p, (size_t)SMGW_TARIFF_XML_MAX + 1, SMGW_E_LIMIT, "larger", 0);
	free(deep.p);
}

static void test_schema_errors(void **state)
{
	/* stage without obisCode: the XSD requires it; the message names the line */
	static const char bad[] = AR_HEAD "<AnalysisProfile><tariffUseCase>2</tariffUseCase><tariffId>x</tariffId>\n"
				  "<billingPeriod><duration>86400</duration><start>2017-11-04T00:00:00+01:00</start></billingPeriod>\n"
				  "<TariffStage><tariffNumber>1</tariffNumber></TariffStage>\n"
				  "<defaultTariffNumber>1</defaultTariffNumber></AnalysisProfile></UsagePoint></UsagePoints>\n";
	static const char badtime[] = AR_HEAD "<AnalysisProfile><tariffUseCase>2</tariffUseCase><tariffId>x</tariffId>\n"
				      "<billingPeriod><duration>86400</duration><start>2017-11-04T00:00:00</start></billingPeriod>\n"
				      "<TariffStage><tariffNumber>1</tariffNumber><obisCode>0100010801ff</obisCode></TariffStage>\n"
				      "<defaultTariffNumber>1</defaultTariffNumber></AnalysisProfile></UsagePoint></UsagePoints>\n";
	struct smgw_diag d = SMGW_DIAG_INIT;
	smgw_tariff_profile *p = NULL;

	(void)state;
	assert_int_equal(smgw_tariff_profile_load(ctx, schema, (const uint8_t *)bad, sizeof(bad) - 1, &p, &d),
			 SMGW_E_TARIFF_SCHEMA);
	if (strstr(d.message, "line 9") == NULL)
		fail_msg("message: %s", d.message);
	assert_int_equal(d.line, 9);
	/* without the schema the loader still refuses it, by its own rules */
	smgw_diag_clear(&d);
	assert_int_equal(smgw_tariff_profile_load(ctx, NULL, (const uint8_t *)bad, sizeof(bad) - 1, &p, &d),
			 SMGW_E_TARIFF_CONTENT);
	assert_non_null(strstr(d.message, "obisCode"));
	/* a time without offset is a guess: refused (the XSD allows it) */
	smgw_diag_clear(&d);
	assert_int_equal(smgw_tariff_profile_load(ctx, schema, (const uint8_t *)badtime, sizeof(badtime) - 1, &p, &d),
			 SMGW_E_TARIFF_CONTENT);
	assert_non_null(strstr(d.message, "offset"));
	assert_null(p);
}

static void test_schema_dir(void **state)
{
	struct smgw_diag d = SMGW_DIAG_INIT;
	smgw_tariff_schema *s = NULL;

	(void)state;
	assert_int_equal(smgw_tariff_schema_load(ctx, "/nonexistent", &s, &d), SMGW_E_IO);
	assert_null(s);
	assert_int_equal(smgw_tariff_schema_load(NULL, SCHEMA_DIR, &s, NULL), SMGW_E_INVAL);
}

static void test_every_trudi_document(void **state)
{
	static const char *const suppliers[] = {
		"taf1_supplier_1_month.xml", "taf1_supplier_2_month.xml", "taf1_supplier_3_month.xml",
		"taf2_supplierXmlJan-Sep2017.xml", "taf2_many_gaps_supplier_2017-10-26.xml",
		"taf2_supplier_1_month_tariffChangeWeekend.xml", "taf2_supplier_single_day_dst_oct.xml",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(suppliers) / sizeof(suppliers[0]); i++) {
		smgw_tariff_profile *p = load_profile_file(suppliers[i], 0);

		assert_int_equal(smgw_tariff_profile_check(p, NULL, NULL), 0);
		smgw_tariff_profile_free(p);
	}
	/* a device export holds no AnalysisProfile */
	assert_null(load_profile_file("taf2_result_single_day.xml", SMGW_E_TARIFF_CONTENT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trudi_profile),
		cmocka_unit_test(test_trudi_export),
		cmocka_unit_test(test_fnn_status),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_schema_errors),
		cmocka_unit_test(test_schema_dir),
		cmocka_unit_test(test_every_trudi_document),
	};

	return cmocka_run_group_tests_name("tariff-loader", tests, setup, teardown);
}
