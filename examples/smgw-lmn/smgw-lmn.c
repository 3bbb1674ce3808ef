/* SPDX-License-Identifier: Apache-2.0 */
/*
 * smgw-lmn: decode DLMS/COSEM pushes from meters.
 *
 *   smgw-lmn dlms [--json] HEX|FILE
 *
 * The input is hex text (on the command line or in a file) or a binary
 * file holding HDLC frames (one or more, as from the optical port or the
 * wired LMN), an LLC PDU (e6 e7 00 ...) or a bare data-notification APDU.
 */
#include <ctype.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/lmn.h>

#define MAX_INPUT (1 << 20)

int smgw_lmn_cmd_wmbus(int argc, char **argv); /* cmd-wmbus.c */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: smgw-lmn dlms [--json] HEX|FILE\n"
		"\n"
		"Decodes DLMS/COSEM data-notifications (meter pushes) given as HDLC\n"
		"frames, an LLC PDU (e6 e7 00 ...) or a bare APDU (0f ...), as hex text\n"
		"or a binary file, and prints the frame header fields and the values:\n"
		"OBIS code, integer value, scaler and unit.\n"
		"  --json   one JSON object per APDU\n"
		"Exit status: 0 if at least one APDU was decoded, 1 if none, 2 on bad usage.\n");
}

static size_t read_input(const char *arg, uint8_t *out, size_t cap, int *ret_ok)
{
	FILE *f = fopen(arg, "rb");
	static char text[2 * MAX_INPUT + 1];
	size_t n = 0, i, m = 0;
	int is_hex = 1;

	*ret_ok = 1;
	if (f) {
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	} else {
		n = strlen(arg);
		if (n > sizeof(text) - 1) {
			*ret_ok = 0;
			return 0;
		}
		memcpy(text, arg, n);
	}
	text[n] = 0;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)text[i]) && !isspace((unsigned char)text[i]))
			is_hex = 0;
	if (!is_hex) {
		if (!f || n > cap) {
			*ret_ok = 0;
			return 0;
		}
		memcpy(out, text, n); /* a binary file */
		return n;
	}
	for (i = 0; i < n;) {
		unsigned v;
		if (isspace((unsigned char)text[i])) {
			i++;
			continue;
		}
		if (i + 1 >= n || !isxdigit((unsigned char)text[i + 1]) || sscanf(text + i, "%2x", &v) != 1 || m >= cap) {
			*ret_ok = 0;
			return 0;
		}
		out[m++] = (uint8_t)v;
		i += 2;
	}
	return m;
}

struct out {
	int json;
	int count;
};

static int print_value(void *ud, const struct smgw_value *v)
{
	struct out *o = ud;
	char obis[SMGW_OBIS_STRLEN], dec[SMGW_VALUE_DECIMAL_LEN];
	const char *unit = v->flags & SMGW_VALUE_HAS_UNIT ? smgw_unit_symbol(v->unit) : NULL;

	smgw_obis_format(&v->obis, obis, sizeof(obis));
	smgw_value_format_decimal(v->value, v->scaler, dec, sizeof(dec));
	if (o->json) {
		printf("%s{\"obis\":\"%s\",\"value\":%" PRId64 ",\"scaler\":%d,\"decimal\":\"%s\"", o->count ? "," : "", obis,
		       v->value, v->scaler, dec);
		if (unit)
			printf(",\"unit\":\"%s\",\"unit_code\":%u", unit, v->unit);
		printf("}");
	} else {
		const char *name = smgw_obis_name(&v->obis);
		printf("  %-22s %s %s%s%s\n", obis, dec, unit ? unit : "", name ? "  " : "", name ? name : "");
	}
	o->count++;
	return 0;
}

static int decode_apdu(const uint8_t *apdu, size_t len, const struct smgw_hdlc_frame *fr, int json)
{
	struct smgw_dlms_notification n;
	struct smgw_diag d = SMGW_DIAG_INIT;
	struct out o = { json, 0 };
	int e = smgw_dlms_notification_parse(apdu, len, &n, &d);

	if (e < 0) {
		if (json)
			printf("{\"error\":\"%s\",\"reason\":\"%s\"}\n", smgw_strerror_name(e), d.message);
		else
			printf("APDU not decoded: %s (%s)\n", smgw_strerror(e), d.message);
		return 0;
	}
	if (json) {
		printf("{\"apdu\":\"data-notification\",\"invoke_id\":%" PRIu32, n.invoke_id);
		if (fr)
			printf(",\"hdlc\":{\"dst\":%" PRIu32 ",\"src\":%" PRIu32 ",\"control\":%u}", fr->dst, fr->src, fr->control);
		if (n.has_time) {
			struct smgw_cosem_datetime t;
			if (smgw_cosem_datetime_parse(n.time, 12, &t) == 0)
				printf(",\"time\":\"%04u-%02u-%02uT%02u:%02u:%02u\"", t.year, t.month, t.day, t.hour, t.minute,
				       t.second);
		}
		printf(",\"values\":[");
	} else {
		if (fr)
			printf("HDLC frame: dst %" PRIu32 ", src %" PRIu32 ", control 0x%02x\n", fr->dst, fr->src, fr->control);
		printf("data-notification, invoke-id 0x%08" PRIx32 "\n", n.invoke_id);
	}
	e = smgw_dlms_push_values(n.body, n.body_len, print_value, &o, &d);
	if (json) {
		printf("]");
		if (e < 0)
			printf(",\"error\":\"%s\"", smgw_strerror_name(e));
		printf("}\n");
	} else if (e < 0) {
		printf("  values: %s (%s)\n", smgw_strerror(e), d.message);
	}
	return e >= 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static uint8_t in[MAX_INPUT];
	int json = 0, c, ok, good = 0;
	size_t n;
	const uint8_t *apdu;
	size_t alen;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "wmbus") == 0)
		return smgw_lmn_cmd_wmbus(argc, argv);
	if (strcmp(argv[1], "dlms") != 0) {
		fprintf(stderr, "smgw-lmn: unknown command '%s' (this version decodes: dlms)\n", argv[1]);
		return 2;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		if (c == 'j') {
			json = 1;
		} else if (c == 'h') {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return 2;
	}
	n = read_input(argv[optind], in, sizeof(in), &ok);
	if (!ok || n == 0) {
		fprintf(stderr, "smgw-lmn: '%s' is neither a readable file nor hex text\n", argv[optind]);
		return 2;
	}
	if (in[0] == SMGW_HDLC_FLAG) {
		static uint8_t buf[SMGW_HDLC_MAX_FRAME], joined[65536];
		uint64_t mem[16];
		struct smgw_hdlc_join j = { joined, sizeof(joined), 0, 0, 0 };
		smgw_hdlc_stream *s;
		size_t off = 0;

		if (smgw_hdlc_stream_init(mem, sizeof(mem), buf, sizeof(buf), 0, &s) != 0)
			return 1;
		while (off < n) {
			struct smgw_hdlc_frame f;
			struct smgw_diag d = SMGW_DIAG_INIT;
			const uint8_t *msg;
			size_t used, mlen;
			int e = smgw_hdlc_stream_feed(s, in + off, n - off, &used, &f, &d);

			off += used;
			if (e < 0) {
				if (json)
					printf("{\"error\":\"%s\",\"reason\":\"%s\"}\n", smgw_strerror_name(e), d.message);
				else
					printf("HDLC frame discarded: %s (%s)\n", smgw_strerror(e), d.message);
				continue;
			}
			if (e != SMGW_HDLC_FRAME)
				break;
			if (smgw_hdlc_join_add(&j, &f, &msg, &mlen) != 1)
				continue;
			if (smgw_hdlc_llc(msg, mlen, &apdu, &alen) < 0) {
				apdu = msg;
				alen = mlen;
			}
			good += decode_apdu(apdu, alen, &f, json);
		}
	} else {
		if (smgw_hdlc_llc(in, n, &apdu, &alen) < 0) {
			apdu = in;
			alen = n;
		}
		good += decode_apdu(apdu, alen, NULL, json);
	}
	return good ? 0 : 1;
}
