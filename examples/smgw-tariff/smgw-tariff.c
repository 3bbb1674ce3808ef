/* SPDX-License-Identifier: Apache-2.0 */
/*
 * smgw-tariff: checks VDE AR 2418-6 supplier tariff files and evaluates
 * their TAF-1 / TAF-2 registers over a gateway export, as TRuDI does.
 *
 *   smgw-tariff check SUPPLIER.xml
 *   smgw-tariff eval --supplier SUPPLIER.xml --device DEVICE.xml [--json|--csv]
 *   smgw-tariff expand --state XX SUPPLIER.xml   (calendar rules -> special days, AR 2418-6 on stdout)
 *   smgw-tariff series --device DEVICE.xml [--json|--csv]   (TAF-7 register series, gaps stay gaps)
 *
 * Exit status: 0 success; 1 usage or file errors; 2 the input was refused
 * (profile rejected, computation refused), with the reason on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/tariff.h>

#ifndef SMGW_TARIFF_SCHEMA_DIR
#define SMGW_TARIFF_SCHEMA_DIR "/usr/local/share/libsmgw/tariff/schema"
#endif
#ifndef SMGW_TARIFF_SCHEMA_SRCDIR
#define SMGW_TARIFF_SCHEMA_SRCDIR SMGW_TARIFF_SCHEMA_DIR
#endif

/* The schema directory: --schema, else $SMGW_TARIFF_SCHEMA_DIR, else the installed one, else the source tree's. */
static const char *default_schema_dir(void)
{
	const char *env = getenv("SMGW_TARIFF_SCHEMA_DIR");
	FILE *f;

	if (env != NULL && env[0] != '\0')
		return env;
	f = fopen(SMGW_TARIFF_SCHEMA_DIR "/AR_2418-6.xsd", "rb");
	if (f != NULL) {
		fclose(f);
		return SMGW_TARIFF_SCHEMA_DIR;
	}
	return SMGW_TARIFF_SCHEMA_SRCDIR;
}

enum { OUT_TEXT, OUT_JSON, OUT_CSV };

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: smgw-tariff check [--schema DIR | --no-schema] SUPPLIER.xml\n"
		"       smgw-tariff eval --supplier SUPPLIER.xml --device DEVICE.xml [--json | --csv]\n"
		"                        [--schema DIR | --no-schema] [--strict] [--state XX]\n"
		"       smgw-tariff expand [--state XX] [--holiday-day ID] SUPPLIER.xml\n"
		"       smgw-tariff series --device DEVICE.xml [--json | --csv] [--schema DIR]\n"
		"\n"
		"check  validates a VDE AR 2418-6 supplier tariff file (AnalysisProfile) against\n"
		"       the schema and the static rules (stages, dayIds, calendar coverage,\n"
		"       switching points, TAF-1 billing periods) and lists every finding.\n"
		"eval   computes the TAF-1 or TAF-2 registers of the profile over the original\n"
		"       value lists of a gateway export and prints the billing range and the\n"
		"       registers (OBIS, amount in the unit and scale of the readings, tariff id;\n"
		"       63 is the error register).\n"
		"expand writes the profile with its season/week rules and the public holidays\n"
		"       of a state expanded into explicit special days (as TRuDI needs them)\n"
		"       as an AR 2418-6 supplier file to stdout.\n"
		"series prints the TAF-7 register series of every original value list of an\n"
		"       export: one point per period boundary (capture within 1 %% of the\n"
		"       period), gaps reported as gaps, PTB 3/4 readings as invalid.\n"
		"\n"
		"Options:\n"
		"  --supplier FILE  the supplier tariff file\n"
		"  --device FILE    the gateway export (MeterReadings with IntervalReadings)\n"
		"  --json           one JSON object {\"begin\", \"end\", \"registers\": [{\"obis\",\n"
		"                   \"amount\", \"tariff_id\"}]}\n"
		"  --csv            CSV: begin,end,obis,amount,tariff_id\n"
		"  --schema DIR     directory of AR_2418-6.xsd (default: $SMGW_TARIFF_SCHEMA_DIR,\n"
		"                   else %s)\n"
		"  --no-schema      skip XSD validation (the safety limits still apply)\n"
		"  --strict         no TRuDI compatibility rules (see docs/tariff.md)\n"
		"  --state XX       expand calendar rules first, with the holidays of state XX\n"
		"                   (BW, BY, ..., TH; DE for national holidays only)\n"
		"  --holiday-day ID dayId for holidays (default: the Sunday of the week profile)\n"
		"  -h, --help       show this help\n"
		"\n"
		"Exit status: 0 success, 1 usage or file errors, 2 input refused (the reason\n"
		"is printed on stderr).\n",
		SMGW_TARIFF_SCHEMA_DIR);
}

static int read_file(const char *path, uint8_t **ret, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;

	if (f == NULL) {
		fprintf(stderr, "smgw-tariff: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t n;

		if (len == cap) {
			uint8_t *nb;

			if (cap > SMGW_TARIFF_XML_MAX) {
				fprintf(stderr, "smgw-tariff: %s is larger than %u bytes\n", path, SMGW_TARIFF_XML_MAX);
				free(buf);
				fclose(f);
				return -1;
			}
			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (nb == NULL) {
				fprintf(stderr, "smgw-tariff: out of memory\n");
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "smgw-tariff: cannot read %s\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	*ret = buf;
	*ret_len = len;
	return 0;
}

static void print_finding(void *userdata, int severity, int code, uint32_t line, const char *message)
{
	const char *path = userdata;

	(void)code;
	(void)line;
	printf("%s: %s: %s\n", path, severity == SMGW_TARIFF_ERROR ? "error" : "warning", message);
}

static int expand_state = -2; /* -2: no expansion */
static int holiday_day = 0;

static int load_profile(smgw_ctx *ctx, const smgw_tariff_schema *schema, const char *path,
			smgw_tariff_profile **ret)
{
	struct smgw_diag diag = SMGW_DIAG_INIT;
	uint8_t *buf;
	size_t len;
	int rc;

	if (read_file(path, &buf, &len) != 0)
		return 1;
	rc = smgw_tariff_profile_load(ctx, schema, buf, len, ret, &diag);
	free(buf);
	if (rc < 0) {
		fprintf(stderr, "smgw-tariff: %s: supplier file rejected: %s (%s)\n", path,
			diag.message[0] ? diag.message : smgw_strerror(rc), smgw_strerror_name(rc));
		return 2;
	}
	if (expand_state >= -1) {
		smgw_diag_clear(&diag);
		rc = smgw_tariff_profile_expand_calendar(*ret, expand_state, 0, (uint16_t)holiday_day, &diag);
		if (rc < 0) {
			fprintf(stderr, "smgw-tariff: %s: calendar rules cannot be expanded: %s (%s)\n", path,
				diag.message[0] ? diag.message : smgw_strerror(rc), smgw_strerror_name(rc));
			smgw_tariff_profile_free(*ret);
			*ret = NULL;
			return 2;
		}
	}
	return 0;
}

static int cmd_expand(smgw_ctx *ctx, const smgw_tariff_schema *schema, const char *path)
{
	smgw_tariff_profile *p = NULL;
	size_t len = 0;
	char *buf;
	int rc = load_profile(ctx, schema, path, &p);

	if (rc != 0)
		return rc;
	if (smgw_tariff_profile_write(p, NULL, 0, &len) != SMGW_E_BUFSIZE || (buf = malloc(len + 1)) == NULL) {
		fprintf(stderr, "smgw-tariff: cannot write the profile\n");
		smgw_tariff_profile_free(p);
		return 1;
	}
	rc = smgw_tariff_profile_write(p, buf, len + 1, &len);
	if (rc == 0)
		fwrite(buf, 1, len, stdout);
	free(buf);
	smgw_tariff_profile_free(p);
	return rc == 0 ? 0 : 1;
}

static const char *point_state(const struct smgw_tariff_point *pt)
{
	if (pt->flags & SMGW_TARIFF_POINT_GAP)
		return "gap";
	return (pt->flags & SMGW_TARIFF_POINT_INVALID) ? "invalid" : "ok";
}

static int cmd_series(smgw_ctx *ctx, const smgw_tariff_schema *schema, const char *device, int out)
{
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_tariff_export *x = NULL;
	uint8_t *buf;
	size_t len;
	int rc, n, i, shown = 0;

	if (read_file(device, &buf, &len) != 0)
		return 1;
	rc = smgw_tariff_export_load(ctx, schema, buf, len, &x, &diag);
	free(buf);
	if (rc < 0) {
		fprintf(stderr, "smgw-tariff: %s: device file rejected: %s (%s)\n", device,
			diag.message[0] ? diag.message : smgw_strerror(rc), smgw_strerror_name(rc));
		return 2;
	}
	n = smgw_tariff_export_list_count(x);
	if (out == OUT_JSON)
		printf("{\"lists\": [");
	else if (out == OUT_CSV)
		printf("obis,meter_id,target,capture,value,ptb,state\n");
	for (i = 0; i < n; i++) {
		struct smgw_tariff_list_info info;
		const struct smgw_value *v;
		struct smgw_tariff_point *pts;
		size_t nv, k, cnt = 0, unaligned = 0, gaps = 0;
		int64_t lo = INT64_MAX, hi = INT64_MIN;
		int32_t period;
		char ob[SMGW_OBIS_STRLEN];

		memset(&info, 0, sizeof(info));
		info.struct_size = sizeof(info);
		if (smgw_tariff_export_list(x, (size_t)i, &info) != 0 || !info.original)
			continue;
		v = smgw_tariff_export_readings(x, (size_t)i, &nv);
		period = info.period_s > 0 ? info.period_s : 900;
		for (k = 0; k < nv; k++) {
			int64_t t = (v[k].flags & SMGW_VALUE_HAS_TARGET_TIME) ? v[k].target_ms : v[k].capture_ms;

			lo = t < lo ? t : lo;
			hi = t > hi ? t : hi;
		}
		if (nv == 0)
			continue;
		/* from the boundary nearest the first reading to the one nearest the last */
		lo -= (int64_t)period * 10;
		hi += (int64_t)period * 10;
		rc = smgw_tariff_taf7_series(v, nv, period, 10, lo, hi, NULL, &cnt, NULL);
		if (rc != SMGW_E_BUFSIZE || (pts = calloc(cnt ? cnt : 1, sizeof(*pts))) == NULL ||
		    smgw_tariff_taf7_series(v, nv, period, 10, lo, hi, pts, &cnt, &unaligned) != 0) {
			fprintf(stderr, "smgw-tariff: %s: list %d: measurement period %d s not supported for series\n",
				device, i, (int)period);
			smgw_tariff_export_free(x);
			return 2;
		}
		smgw_obis_format(&info.obis, ob, sizeof(ob));
		for (k = 0; k < cnt; k++)
			gaps += (pts[k].flags & SMGW_TARIFF_POINT_GAP) ? 1u : 0u;
		if (out == OUT_JSON)
			printf("%s{\"obis\": \"%s\", \"meter_id\": \"%s\", \"period_s\": %d, \"points\": %zu, \"gaps\": %zu, "
			       "\"unaligned\": %zu, \"series\": [",
			       shown ? ", " : "", ob, info.meter_id, (int)period, cnt, gaps, unaligned);
		else if (out == OUT_TEXT)
			printf("%s (meter %s): %zu boundaries of %d s, %zu gaps, %zu unaligned readings\n", ob, info.meter_id,
			       cnt, (int)period, gaps, unaligned);
		for (k = 0; k < cnt; k++) {
			char ts[SMGW_ISO8601_LEN], cs[SMGW_ISO8601_LEN] = "";

			smgw_time_format_iso8601(pts[k].target_ms, 0, SMGW_ISO_BERLIN, ts, sizeof(ts));
			if (!(pts[k].flags & SMGW_TARIFF_POINT_GAP))
				smgw_time_format_iso8601(pts[k].capture_ms, 0, SMGW_ISO_BERLIN, cs, sizeof(cs));
			if (out == OUT_JSON)
				printf("%s{\"target\": \"%s\", \"state\": \"%s\"", k ? ", " : "", ts, point_state(&pts[k]));
			if (out == OUT_JSON && !(pts[k].flags & SMGW_TARIFF_POINT_GAP))
				printf(", \"capture\": \"%s\", \"value\": %lld, \"ptb\": %d", cs, (long long)pts[k].value,
				       (int)pts[k].ptb_status);
			if (out == OUT_JSON)
				printf("}");
			else if (out == OUT_CSV)
				printf("%s,%s,%s,%s,%lld,%d,%s\n", ob, info.meter_id, ts, cs, (long long)pts[k].value,
				       (int)pts[k].ptb_status, point_state(&pts[k]));
			else
				printf("  %s  %-7s %s %lld\n", ts, point_state(&pts[k]), cs, (long long)pts[k].value);
		}
		if (out == OUT_JSON)
			printf("]}");
		shown++;
		free(pts);
	}
	if (out == OUT_JSON)
		printf("]}\n");
	smgw_tariff_export_free(x);
	if (shown == 0) {
		fprintf(stderr, "smgw-tariff: %s: the export holds no original value list\n", device);
		return 2;
	}
	return 0;
}

static int cmd_check(smgw_ctx *ctx, const smgw_tariff_schema *schema, const char *path)
{
	smgw_tariff_profile *p = NULL;
	int rc = load_profile(ctx, schema, path, &p);
	int n;

	if (rc != 0)
		return rc;
	n = smgw_tariff_profile_check(p, print_finding, (void *)path);
	if (n == 0) {
		int64_t b, e;
		char bs[SMGW_ISO8601_LEN], es[SMGW_ISO8601_LEN];

		(void)smgw_tariff_profile_billing_period(p, &b, &e);
		smgw_time_format_iso8601(b, 0, SMGW_ISO_BERLIN, bs, sizeof(bs));
		smgw_time_format_iso8601(e, 0, SMGW_ISO_BERLIN, es, sizeof(es));
		printf("%s: TAF-%d profile \"%s\", %d tariff stages, billing period %s .. %s: OK\n", path,
		       smgw_tariff_profile_taf(p), smgw_tariff_profile_id(p), smgw_tariff_profile_stage_count(p), bs, es);
	} else {
		fprintf(stderr, "smgw-tariff: %s: %d finding%s; the profile cannot be evaluated\n", path, n,
			n == 1 ? "" : "s");
	}
	smgw_tariff_profile_free(p);
	return n == 0 ? 0 : 2;
}

static int cmd_eval(smgw_ctx *ctx, const smgw_tariff_schema *schema, const char *supplier, const char *device,
		    int out, uint32_t flags)
{
	struct smgw_tariff_options opt = SMGW_TARIFF_OPTIONS_INIT;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_tariff_profile *p = NULL;
	smgw_tariff_export *x = NULL;
	smgw_tariff_result *r = NULL;
	char bs[SMGW_ISO8601_LEN], es[SMGW_ISO8601_LEN], ob[SMGW_OBIS_STRLEN];
	int64_t b, e;
	uint8_t *buf;
	size_t len;
	int rc, n, i;

	rc = load_profile(ctx, schema, supplier, &p);
	if (rc != 0)
		return rc;
	if (read_file(device, &buf, &len) != 0) {
		smgw_tariff_profile_free(p);
		return 1;
	}
	rc = smgw_tariff_export_load(ctx, schema, buf, len, &x, &diag);
	free(buf);
	if (rc < 0) {
		fprintf(stderr, "smgw-tariff: %s: device file rejected: %s (%s)\n", device,
			diag.message[0] ? diag.message : smgw_strerror(rc), smgw_strerror_name(rc));
		smgw_tariff_profile_free(p);
		return 2;
	}
	opt.flags = flags;
	smgw_diag_clear(&diag);
	rc = smgw_tariff_evaluate(ctx, p, x, &opt, &r, &diag);
	if (rc < 0) {
		fprintf(stderr, "smgw-tariff: computation refused: %s (%s)\n",
			diag.message[0] ? diag.message : smgw_strerror(rc), smgw_strerror_name(rc));
		smgw_tariff_export_free(x);
		smgw_tariff_profile_free(p);
		return 2;
	}
	(void)smgw_tariff_result_range(r, &b, &e);
	smgw_time_format_iso8601(b, 0, SMGW_ISO_BERLIN, bs, sizeof(bs));
	smgw_time_format_iso8601(e, 0, SMGW_ISO_BERLIN, es, sizeof(es));
	n = smgw_tariff_result_count(r);
	if (out == OUT_JSON)
		printf("{\"begin\": \"%s\", \"end\": \"%s\", \"registers\": [", bs, es);
	else if (out == OUT_CSV)
		printf("begin,end,obis,amount,tariff_id\n");
	else
		printf("TAF-%d billing range %s .. %s\n", smgw_tariff_profile_taf(p), bs, es);
	for (i = 0; i < n; i++) {
		struct smgw_tariff_register reg;

		(void)smgw_tariff_result_register(r, (size_t)i, &reg);
		smgw_obis_format(&reg.obis, ob, sizeof(ob));
		if (out == OUT_JSON)
			printf("%s{\"obis\": \"%s\", \"amount\": %lld, \"tariff_id\": %u}", i ? ", " : "", ob,
			       (long long)reg.amount, reg.tariff_id);
		else if (out == OUT_CSV)
			printf("%s,%s,%s,%lld,%u\n", bs, es, ob, (long long)reg.amount, reg.tariff_id);
		else
			printf("  %-16s %14lld  tariff %u%s\n", ob, (long long)reg.amount, reg.tariff_id,
			       reg.tariff_id == SMGW_TARIFF_ERROR_REGISTER ? " (error register)" : "");
	}
	if (out == OUT_JSON) {
		printf("]}\n");
	} else if (out == OUT_TEXT) {
		n = smgw_tariff_result_total_count(r);
		for (i = 0; i < n; i++) {
			struct smgw_tariff_register reg;
			int64_t un = 0;

			(void)smgw_tariff_result_total(r, (size_t)i, &reg);
			(void)smgw_tariff_result_unassigned(r, (size_t)i, &un);
			smgw_obis_format(&reg.obis, ob, sizeof(ob));
			printf("  %-16s %14lld  total%s", ob, (long long)reg.amount, un ? "" : "\n");
			if (un)
				printf(" (%lld in days without a calendar entry)\n", (long long)un);
		}
	}
	smgw_tariff_result_free(r);
	smgw_tariff_export_free(x);
	smgw_tariff_profile_free(p);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "supplier", required_argument, NULL, 's' },
		{ "device", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "schema", required_argument, NULL, 'S' },
		{ "no-schema", no_argument, NULL, 'N' },
		{ "strict", no_argument, NULL, 'T' },
		{ "state", required_argument, NULL, 'X' },
		{ "holiday-day", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *supplier = NULL, *device = NULL, *schema_dir = NULL, *cmd;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_tariff_schema *schema = NULL;
	smgw_ctx *ctx = NULL;
	uint32_t flags = SMGW_TARIFF_FLAGS_DEFAULT;
	int out = OUT_TEXT, use_schema = 1, c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': supplier = optarg; break;
		case 'd': device = optarg; break;
		case 'j': out = OUT_JSON; break;
		case 'c': out = OUT_CSV; break;
		case 'S': schema_dir = optarg; break;
		case 'N': use_schema = 0; break;
		case 'T': flags = 0; break;
		case 'X':
			if (strcmp(optarg, "DE") == 0) {
				expand_state = 0;
			} else {
				expand_state = smgw_state_from_code(optarg);
				if (expand_state <= 0) {
					fprintf(stderr, "smgw-tariff: unknown state \"%s\" (BW, BY, BE, ..., TH, or DE)\n", optarg);
					return 1;
				}
			}
			break;
		case 'H': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*optarg == '\0' || *end != '\0' || v < 1 || v > 65535) {
				fprintf(stderr, "smgw-tariff: --holiday-day needs a dayId 1..65535\n");
				return 1;
			}
			holiday_day = (int)v;
			break;
		}
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "smgw-tariff: missing command (check, eval, expand or series)\n");
		usage(stderr);
		return 1;
	}
	cmd = argv[optind++];
	if (strcmp(cmd, "check") == 0 || strcmp(cmd, "expand") == 0) {
		if (strcmp(cmd, "expand") == 0 && expand_state == -2)
			expand_state = -1; /* rules without holidays */
		if (optind + 1 == argc && supplier == NULL)
			supplier = argv[optind++];
		if (supplier == NULL || optind != argc || device != NULL || out != OUT_TEXT) {
			fprintf(stderr, "smgw-tariff: %s takes exactly one SUPPLIER.xml\n", cmd);
			return 1;
		}
	} else if (strcmp(cmd, "series") == 0) {
		if (device == NULL || optind != argc || supplier != NULL) {
			fprintf(stderr, "smgw-tariff: series needs --device FILE (and no supplier file)\n");
			return 1;
		}
	} else if (strcmp(cmd, "eval") == 0) {
		if (supplier == NULL || device == NULL || optind != argc) {
			fprintf(stderr, "smgw-tariff: eval needs --supplier FILE and --device FILE\n");
			return 1;
		}
	} else {
		fprintf(stderr, "smgw-tariff: unknown command \"%s\" (check, eval, expand or series)\n", cmd);
		return 1;
	}
	if (smgw_ctx_new(NULL, &ctx) != 0) {
		fprintf(stderr, "smgw-tariff: cannot create a context\n");
		return 1;
	}
	if (schema_dir == NULL)
		schema_dir = default_schema_dir();
	if (use_schema) {
		rc = smgw_tariff_schema_load(ctx, schema_dir, &schema, &diag);
		if (rc < 0) {
			fprintf(stderr, "smgw-tariff: cannot load the AR 2418-6 schema from %s: %s (use --schema DIR)\n",
				schema_dir, diag.message[0] ? diag.message : smgw_strerror(rc));
			smgw_ctx_unref(ctx);
			return 1;
		}
	}
	if (strcmp(cmd, "check") == 0)
		rc = cmd_check(ctx, schema, supplier);
	else if (strcmp(cmd, "expand") == 0)
		rc = cmd_expand(ctx, schema, supplier);
	else if (strcmp(cmd, "series") == 0)
		rc = cmd_series(ctx, schema, device, out);
	else
		rc = cmd_eval(ctx, schema, supplier, device, out, flags);
	smgw_tariff_schema_free(schema);
	smgw_ctx_unref(ctx);
	return rc;
}
