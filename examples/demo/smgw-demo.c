/* SPDX-License-Identifier: Apache-2.0 */
/*
 * smgw-demo: libsmgw-core at work on a day of meter readings.
 *
 * A meter (server id 1EMH0012345678) sends its import register every
 * quarter hour on 29 March 2026, the day summer time begins. The demo
 * places every reading on the legal-time grid, names its OBIS code and
 * unit, decodes its FNN status word to PTB status, and checks the day
 * against the holiday calendar of Berlin.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/core.h>

static void usage(FILE *f)
{
	fprintf(f,
		"usage: smgw-demo [--date YYYY-MM-DD] [--state XX]\n"
		"Shows a day of quarter-hour register readings in legal time (Europe/Berlin),\n"
		"with OBIS names, units, FNN status words and public holidays.\n"
		"  --date   the day (default 2026-03-29, the start of summer time)\n"
		"  --state  Bundesland code for holidays (default BE)\n");
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "smgw-demo: %s: %s\n", what, smgw_strerror(err));
	return 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "state", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int y = 2026, m = 3, d = 29, state, c, n, i, e;
	const char *state_code = "BE";
	struct smgw_value v;
	struct smgw_holiday hol;
	uint8_t sid[16];
	size_t sid_len = sizeof(sid);
	char obis_txt[SMGW_OBIS_STRLEN], iso[SMGW_ISO8601_LEN], num[40], sidtxt[40], st[256];
	int64_t t0, t;
	int64_t reg = 12345678; /* register in 0.1 Wh */

	while ((c = getopt_long(argc, argv, "d:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (sscanf(optarg, "%d-%d-%d", &y, &m, &d) != 3) {
				fprintf(stderr, "smgw-demo: --date wants YYYY-MM-DD, got '%s'\n", optarg);
				return 2;
			}
			break;
		case 's':
			state_code = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	state = smgw_state_from_code(state_code);
	if (state < 0)
		return fail("--state", state);

	e = smgw_time_berlin_day_start(y, m, d, &t0);
	if (e < 0)
		return fail("--date", e);
	n = smgw_time_berlin_day_periods(y, m, d, 900);
	if (n < 0)
		return fail("day periods", n);
	e = smgw_server_id_parse("1EMH0012345678", 14, sid, &sid_len);
	if (e < 0)
		return fail("server id", e);
	smgw_server_id_format(sid, sid_len, sidtxt, sizeof(sidtxt));

	smgw_time_format_iso8601(t0, 0, SMGW_ISO_BERLIN, iso, sizeof(iso));
	printf("Day %04d-%02d-%02d begins %s and has %d quarter hours.\n", y, m, d, iso, n);
	e = smgw_holiday_check(y, m, d, state, 0, &hol);
	if (e == 1)
		printf("It is a public holiday in %s: %s.\n", smgw_state_name(state), hol.name);
	else if (e == 0)
		printf("It is not a public holiday in %s.\n", smgw_state_name(state));
	else
		return fail("holiday", e);
	printf("Meter %s, register 1-0:1.8.0*255.\n\n", sidtxt);
	printf("%-3s %-26s %-26s %-14s %-5s %s\n", "#", "target time (legal)", "target time (UTC)",
	       "value", "PTB", "status");

	for (i = 0, t = t0; i < n; i++) {
		uint32_t gw = SMGW_FNN_GW_IDENT, bz = SMGW_FNN_BZ_IDENT | SMGW_FNN_BZ_VOLTAGE_L1 |
						       SMGW_FNN_BZ_VOLTAGE_L2 | SMGW_FNN_BZ_VOLTAGE_L3;
		int64_t next;

		if (smgw_time_period_next(t, 900, &next) < 0)
			return fail("grid", SMGW_E_RANGE);
		t = next;
		reg += 2500 + (i % 7) * 310;
		if (i == 9) /* the gateway lost its time sync for one period */
			gw |= SMGW_FNN_GW_TIME_INVALID;
		if (i == 40) /* the meter reports its terminal cover opened */
			bz |= SMGW_FNN_BZ_MANIPULATION;

		smgw_value_init(&v);
		if (smgw_obis_parse("1-0:1.8.0*255", 13, &v.obis) < 0)
			return 1;
		v.value = reg;
		v.scaler = -1;
		v.unit = SMGW_UNIT_WH;
		v.status = smgw_fnn_make(gw, bz);
		v.ptb_status = smgw_fnn_to_ptb(v.status);
		v.target_ms = t;
		v.capture_ms = t - 1000;
		v.flags = SMGW_VALUE_HAS_STATUS | SMGW_VALUE_HAS_PTB | SMGW_VALUE_HAS_TARGET_TIME |
			  SMGW_VALUE_HAS_CAPTURE_TIME | SMGW_VALUE_HAS_UNIT;
		smgw_value_set_server_id(&v, sid, sid_len);

		if (i > 10 && i < n - 4 && i != 40)
			continue; /* show the interesting rows only */
		smgw_time_format_iso8601(v.target_ms, 0, SMGW_ISO_BERLIN, iso, sizeof(iso));
		printf("%-3d %-26s ", i + 1, iso);
		smgw_time_format_iso8601(v.target_ms, 0, SMGW_ISO_Z, iso, sizeof(iso));
		smgw_value_format_decimal(v.value, v.scaler, num, sizeof(num));
		smgw_fnn_describe(v.status, st, sizeof(st));
		printf("%-26s %-11s %-2s %-5d %s\n", iso, num, smgw_unit_symbol(v.unit), v.ptb_status,
		       v.ptb_status ? st : "ok");
	}
	smgw_obis_format(&v.obis, obis_txt, sizeof(obis_txt));
	printf("\n%s is \"%s\".\n", obis_txt, smgw_obis_name(&v.obis));
	printf("Readings with PTB status 3 or 4 are not billed to a tariff stage; they go to the\n"
	       "error register 1-0:1.8.63*255 (\"%s\").\n",
	       smgw_obis_name(&(struct smgw_obis){ 1, 0, 1, 8, 63, 255 }));
	return 0;
}
