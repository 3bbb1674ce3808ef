/* SPDX-License-Identifier: Apache-2.0 */
/*
 * smgw-lmn wmbus: decode a wireless M-Bus / OMS telegram (or a wired M-Bus
 * long frame) to text or JSON.
 *
 *   smgw-lmn wmbus [--key HEX] [--strict] [--json] HEX|FILE
 */
#include <ctype.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/lmn.h>

int smgw_lmn_cmd_wmbus(int argc, char **argv);

/* Wipes key material; the volatile pointer keeps the stores. */
static void wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;

	while (n--)
		*v++ = 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: smgw-lmn wmbus [--key HEX] [--strict] [--json] HEX|FILE\n"
		"\n"
		"Decodes one wireless M-Bus/OMS telegram (EN 13757-4, with the data-link\n"
		"CRCs of frame format A or B, or with the CRCs already removed: detected)\n"
		"or a wired M-Bus long frame (68 L L 68 ... 16), given as hex text or a\n"
		"binary file. Prints the link, ELL, AFL and transport header fields and the\n"
		"data records: description, value, decimal value and scaler, unit, storage\n"
		"number, tariff and subunit.\n"
		"  --key HEX        the meter's AES-128 key (32 hex digits) for OMS security\n"
		"                   modes 5 and 7 and ELL encryption\n"
		"  --strict         reject a telegram that announces encryption but whose\n"
		"                   payload is already plaintext (2F 2F, or a valid ELL CRC;\n"
		"                   accepted by default and shown as \"predecrypted\")\n"
		"  --json           one JSON object\n"
		"Exit status: 0 decoded, 1 not decodable (malformed, wrong or missing key),\n"
		"2 bad usage.\n");
}

static int unhex(const char *s, size_t n, uint8_t *out, size_t cap, size_t *ret_len)
{
	size_t i, m = 0;

	for (i = 0; i < n;) {
		unsigned v;
		if (isspace((unsigned char)s[i])) {
			i++;
			continue;
		}
		if (i + 1 >= n || !isxdigit((unsigned char)s[i]) || !isxdigit((unsigned char)s[i + 1]) || m >= cap)
			return -1;
		if (sscanf(s + i, "%2x", &v) != 1)
			return -1;
		out[m++] = (uint8_t)v;
		i += 2;
	}
	*ret_len = m;
	return 0;
}

/* Hex text on the command line or in a file, or a binary file. */
static int read_input(const char *arg, uint8_t *out, size_t cap, size_t *ret_len)
{
	static char text[4 * SMGW_WMBUS_MAX_WIRE + 2];
	FILE *f = fopen(arg, "rb");
	size_t n, i;
	int is_hex = 1;

	if (f) {
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	} else {
		n = strlen(arg);
		if (n > sizeof(text) - 1)
			return -1;
		memcpy(text, arg, n);
	}
	text[n] = 0;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)text[i]) && !isspace((unsigned char)text[i]))
			is_hex = 0;
	if (is_hex)
		return unhex(text, n, out, cap, ret_len);
	if (!f || n > cap)
		return -1;
	memcpy(out, text, n);
	*ret_len = n;
	return 0;
}

/* Our own strings are UTF-8; bytes from the wire (wire = 1) are shown as Latin-1. */
static void json_str_any(const char *s, size_t n, int wire)
{
	size_t i;

	putchar('"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f || (wire && c >= 0x80))
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_str(const char *s, size_t n)
{
	json_str_any(s, n, 0);
}

/* Strings are sent last character first. */
static void reversed(const uint8_t *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (char)p[n - 1 - i];
	out[n] = 0;
}

static const char *const fmt_names[] = { "none (CRCs removed)", "A", "B", "wired M-Bus long frame" };
static const char *const fmt_json[] = { "nocrc", "A", "B", "wired" };
static const char *const tpl_names[] = { "none", "short", "long" };
static const char *const apl_names[] = { "records", "compact", "cosem", "obis", "manufacturer specific", "none", "format" };
static const char *const type_names[] = { "none", "int", "bcd", "real", "string", "binary", "date", "mfct", "invalid" };
static const char *const fn_names[] = { "instantaneous", "maximum", "minimum", "during error" };

static void hex_out(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
}

/* TPL status bits (EN 13757-7; lmn.md 3.3). */
static void status_text(uint8_t sts, char *buf, size_t size)
{
	static const char *const app[4] = { "ok", "busy", "application error", "abnormal condition" };

	snprintf(buf, size, "%s%s%s%s", app[sts & 3], (sts & 0x04) ? ", low power" : "",
		 (sts & 0x08) ? ", permanent error" : "", (sts & 0x10) ? ", temporary error" : "");
}

static void print_header_json(const struct smgw_wmbus_telegram *t)
{
	char sts[96];

	printf("{\"format\":\"%s\",\"l\":%u,\"c\":%u", fmt_json[t->format & 3], t->l, t->c);
	if (t->format == SMGW_WMBUS_FORMAT_WIRED)
		printf(",\"address\":%u", t->address);
	else
		printf(",\"mfct\":\"%s\",\"id\":\"%08" PRIx32 "\",\"version\":%u,\"device_type\":%u,\"medium\":\"%s\"",
		       t->mfct, t->id, t->version, t->device_type, smgw_wmbus_device_type_name(t->device_type));
	if (t->flags & SMGW_WMBUS_T_ELL) {
		printf(",\"ell\":{\"ci\":%u,\"cc\":%u,\"acc\":%u", t->ell_ci, t->ell_cc, t->ell_acc);
		if (t->flags & SMGW_WMBUS_T_ELL_SN)
			printf(",\"sn\":%" PRIu32 ",\"payload_crc\":%u,\"encrypted\":%s", t->ell_sn, t->ell_crc,
			       (t->ell_sn >> 29) ? "true" : "false");
		if (t->flags & SMGW_WMBUS_T_ELL_ADDR2)
			printf(",\"mfct2\":\"%c%c%c\",\"id2\":\"%08" PRIx32 "\"", '@' + ((t->ell_m2 >> 10) & 31),
			       '@' + ((t->ell_m2 >> 5) & 31), '@' + (t->ell_m2 & 31), t->ell_id2);
		printf("}");
	}
	if (t->flags & SMGW_WMBUS_T_AFL)
		printf(",\"afl\":{\"fcl\":%u,\"mcl\":%u,\"mcr\":%" PRIu32 ",\"mac_len\":%u,\"mac_verified\":%s}", t->afl_fcl,
		       t->afl_mcl, t->afl_mcr, t->afl_mac_len, (t->flags & SMGW_WMBUS_T_AFL_MAC) ? "true" : "false");
	printf(",\"ci\":%u,\"ci_name\":\"%s\",\"tpl\":\"%s\"", t->ci, smgw_wmbus_ci_name(t->ci), tpl_names[t->tpl % 3]);
	if (t->tpl != SMGW_WMBUS_TPL_NONE) {
		status_text(t->sts, sts, sizeof(sts));
		printf(",\"acc\":%u,\"status\":%u,\"status_text\":\"%s\",\"cfg\":%u,\"security_mode\":%u", t->acc, t->sts,
		       sts, t->cfg, t->security_mode);
	}
	if (t->tpl == SMGW_WMBUS_TPL_LONG)
		printf(",\"tpl_mfct\":\"%s\",\"tpl_id\":\"%08" PRIx32 "\",\"tpl_version\":%u,\"tpl_device_type\":%u", t->tpl_mfct,
		       t->tpl_id, t->tpl_version, t->tpl_type);
	printf(",\"decrypted\":%s,\"predecrypted\":%s,\"apl\":\"%s\",\"payload\":\"",
	       (t->flags & (SMGW_WMBUS_T_ENCRYPTED | SMGW_WMBUS_T_ELL_ENCRYPTED)) ? "true" : "false",
	       (t->flags & SMGW_WMBUS_T_PREDECRYPTED) ? "true" : "false", apl_names[t->apl % 7]);
	hex_out(t->payload, t->payload_len);
	printf("\"");
}

/* C field names (EN 13757-4; lmn.md 3.1). */
static const char *c_name(uint8_t c)
{
	switch (c) {
	case 0x44: return "SND_NR";
	case 0x46: return "SND_IR";
	case 0x08: return "RSP_UD";
	case 0x40: return "SND_NKE";
	case 0x53: case 0x73: return "SND_UD";
	case 0x47: return "ACC_NR";
	case 0x06: return "ACC_DMD";
	default: return "other";
	}
}

static void print_header_text(const struct smgw_wmbus_telegram *t)
{
	char sts[96];

	printf("frame format: %s, L %u, C 0x%02x (%s)\n", fmt_names[t->format & 3], t->l, t->c, c_name(t->c));
	if (t->format == SMGW_WMBUS_FORMAT_WIRED)
		printf("wired M-Bus primary address %u\n", t->address);
	else
		printf("link: manufacturer %s (0x%04x), id %08" PRIx32 ", version %u, device type 0x%02x (%s)\n", t->mfct,
		       t->m, t->id, t->version, t->device_type, smgw_wmbus_device_type_name(t->device_type));
	if (t->flags & SMGW_WMBUS_T_ELL)
		printf("ELL: CI 0x%02x, CC 0x%02x, ACC %u%s\n", t->ell_ci, t->ell_cc, t->ell_acc,
		       (t->flags & SMGW_WMBUS_T_ELL_ENCRYPTED) ? ", AES-128-CTR decrypted, payload CRC ok" : "");
	if (t->flags & SMGW_WMBUS_T_AFL)
		printf("AFL: FCL 0x%04x, MCL 0x%02x, counter %" PRIu32 ", MAC %u bytes%s\n", t->afl_fcl, t->afl_mcl,
		       t->afl_mcr, t->afl_mac_len, (t->flags & SMGW_WMBUS_T_AFL_MAC) ? " verified" : "");
	printf("CI 0x%02x: %s\n", t->ci, smgw_wmbus_ci_name(t->ci));
	if (t->tpl == SMGW_WMBUS_TPL_LONG)
		printf("TPL long header: manufacturer %s, id %08" PRIx32 ", version %u, device type 0x%02x (%s)\n",
		       t->tpl_mfct, t->tpl_id, t->tpl_version, t->tpl_type, smgw_wmbus_device_type_name(t->tpl_type));
	status_text(t->sts, sts, sizeof(sts));
	if (t->tpl != SMGW_WMBUS_TPL_NONE)
		printf("TPL: access number %u, status 0x%02x (%s), configuration 0x%04x (security mode %u%s)\n", t->acc,
		       t->sts, sts, t->cfg, t->security_mode,
		       (t->flags & SMGW_WMBUS_T_ENCRYPTED)      ? ", decrypted"
		       : (t->flags & SMGW_WMBUS_T_PREDECRYPTED) ? ", given already decrypted"
								: "");
}

static void print_record(const struct smgw_wmbus_record *r, int json, int first)
{
	char desc[256], dec[SMGW_VALUE_DECIMAL_LEN], text[256];

	smgw_wmbus_record_describe(r, desc, sizeof(desc));
	if (r->flags & SMGW_WMBUS_R_NUMERIC)
		smgw_value_format_decimal(r->value.value, r->value.scaler, dec, sizeof(dec));
	if (json) {
		printf("%s{\"vif\":", first ? "" : ",");
		json_str(desc, strlen(desc));
		printf(",\"type\":\"%s\"", type_names[r->data_type % 9]);
		if (r->flags & SMGW_WMBUS_R_NUMERIC)
			printf(",\"value\":%" PRId64 ",\"scaler\":%d,\"decimal\":\"%s\"", r->value.value, r->value.scaler, dec);
		if (r->unit_symbol && r->unit_symbol[0]) {
			printf(",\"unit\":");
			json_str(r->unit_symbol, strlen(r->unit_symbol));
		}
		if (r->value.flags & SMGW_VALUE_HAS_UNIT)
			printf(",\"unit_code\":%u", r->value.unit);
		if (r->vif_text) {
			reversed((const uint8_t *)r->vif_text, r->vif_text_len, text);
			printf(",\"unit_text\":");
			json_str_any(text, r->vif_text_len, 1);
		}
		if (r->data_type == SMGW_WMBUS_DATA_DATE) {
			printf(",\"date\":\"%04u-%02u-%02u", r->date.year, r->date.month, r->date.day);
			if (r->flags & SMGW_WMBUS_R_DATE_TIME)
				printf("T%02u:%02u:%02u", r->date.hour, r->date.minute, r->date.second);
			printf("\"");
			if (r->flags & SMGW_WMBUS_R_TIME_INVALID)
				printf(",\"date_invalid\":true");
		}
		if (r->data_type == SMGW_WMBUS_DATA_STRING) {
			reversed(r->data, r->data_len, text);
			printf(",\"text\":");
			json_str_any(text, r->data_len, 1);
		}
		if (r->storage)
			printf(",\"storage\":%" PRIu64, r->storage);
		if (r->tariff)
			printf(",\"tariff\":%" PRIu32, r->tariff);
		if (r->subunit)
			printf(",\"subunit\":%u", r->subunit);
		if (r->function)
			printf(",\"function\":\"%s\"", fn_names[r->function & 3]);
		if (r->flags & SMGW_WMBUS_R_MFCT)
			printf(",\"manufacturer_specific\":true");
		if (r->flags & SMGW_WMBUS_R_ERROR_VIFE)
			printf(",\"record_error\":%u", r->error_code);
		printf(",\"dib\":\"");
		hex_out(r->dib, r->dib_len);
		printf("\",\"vib\":\"");
		if (r->vib)
			hex_out(r->vib, r->vib_len);
		printf("\",\"data\":\"");
		hex_out(r->data, r->data_len_full);
		printf("\"}");
		return;
	}
	printf("  %-60s ", desc);
	if (r->flags & SMGW_WMBUS_R_NUMERIC)
		printf("%s %s", dec, r->unit_symbol ? r->unit_symbol : "");
	else if (r->data_type == SMGW_WMBUS_DATA_DATE)
		printf("%04u-%02u-%02u %02u:%02u:%02u", r->date.year, r->date.month, r->date.day, r->date.hour,
		       r->date.minute, r->date.second);
	else if (r->data_type == SMGW_WMBUS_DATA_STRING) {
		reversed(r->data, r->data_len, text);
		printf("\"%s\"", text);
	} else {
		printf("%s ", type_names[r->data_type % 9]);
		hex_out(r->data, r->data_len_full);
	}
	if (r->storage)
		printf("  storage %" PRIu64, r->storage);
	if (r->tariff)
		printf("  tariff %" PRIu32, r->tariff);
	if (r->subunit)
		printf("  subunit %u", r->subunit);
	if (r->vif_text) {
		reversed((const uint8_t *)r->vif_text, r->vif_text_len, text);
		printf("  [%s]", text);
	}
	printf("\n");
}

int smgw_lmn_cmd_wmbus(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "strict", no_argument, NULL, 's' },
		{ "predecrypted", no_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint8_t in[SMGW_WMBUS_MAX_WIRE * 2], work[SMGW_WMBUS_MAX_TELEGRAM], key[SMGW_WMBUS_KEY_LEN];
	struct smgw_wmbus_telegram t;
	struct smgw_diag d = SMGW_DIAG_INIT;
	int json = 0, have_key = 0, c, e, first = 1, status = 0;
	uint32_t flags = SMGW_WMBUS_F_PREDECRYPTED;
	size_t n, klen;

	optind = 2;
	while ((c = getopt_long(argc, argv, "k:psjh", opts, NULL)) != -1) {
		if (c == 'j') {
			json = 1;
		} else if (c == 'p') {
			flags |= SMGW_WMBUS_F_PREDECRYPTED; /* the default; kept for scripts */
		} else if (c == 's') {
			flags &= ~(uint32_t)SMGW_WMBUS_F_PREDECRYPTED;
		} else if (c == 'k') {
			if (unhex(optarg, strlen(optarg), key, sizeof(key), &klen) != 0 || klen != sizeof(key)) {
				fprintf(stderr, "smgw-lmn wmbus: --key needs 32 hex digits (an AES-128 key)\n");
				return 2;
			}
			have_key = 1;
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
	if (read_input(argv[optind], in, sizeof(in), &n) != 0 || n == 0) {
		fprintf(stderr, "smgw-lmn wmbus: '%s' is neither a readable file nor hex text\n", argv[optind]);
		return 2;
	}
	e = smgw_wmbus_decode(in, n, have_key ? key : NULL, flags, work, sizeof(work), &t, &d);
	wipe(key, sizeof(key));
	if (e < 0) {
		/* Which meter it was: the headers need no key. */
		struct smgw_wmbus_telegram h;
		int known = smgw_wmbus_peek(in, n, 0, work, sizeof(work), &h, NULL) == 0 && h.format != SMGW_WMBUS_FORMAT_WIRED;

		if (json) {
			printf("{\"error\":\"%s\",\"reason\":", smgw_strerror_name(e));
			json_str(d.message, strlen(d.message));
			if (known)
				printf(",\"mfct\":\"%s\",\"id\":\"%08" PRIx32 "\",\"version\":%u,\"device_type\":%u", h.mfct,
				       h.id, h.version, h.device_type);
			printf("}\n");
		}
		fprintf(stderr, "smgw-lmn wmbus: telegram not decoded: %s (%s)\n", smgw_strerror(e), d.message);
		if (known)
			fprintf(stderr, "smgw-lmn wmbus: meter %s %08" PRIx32 " (%s)\n", h.mfct, h.id,
				smgw_wmbus_device_type_name(h.device_type));
		wipe(work, sizeof(work));
		return 1;
	}
	if (json)
		print_header_json(&t);
	else
		print_header_text(&t);
	if (t.apl == SMGW_WMBUS_APL_RECORDS) {
		struct smgw_wmbus_records it;
		struct smgw_wmbus_record r;

		smgw_wmbus_records_init(&it, t.payload, t.payload_len);
		if (json)
			printf(",\"values\":[");
		else
			printf("records:\n");
		while ((e = smgw_wmbus_record_next(&it, &r, &d)) == 1) {
			print_record(&r, json, first);
			first = 0;
		}
		if (json)
			printf("]");
		if (e < 0) {
			if (json) {
				printf(",\"error\":\"%s\",\"reason\":", smgw_strerror_name(e));
				json_str(d.message, strlen(d.message));
			} else {
				printf("records: %s (%s)\n", smgw_strerror(e), d.message);
			}
			fprintf(stderr, "smgw-lmn wmbus: data records not decoded: %s (%s)\n", smgw_strerror(e), d.message);
			status = 1;
		}
	} else {
		if (json) {
			printf(",\"values\":[]");
		} else {
			printf("application data (%s, %u bytes, not EN 13757-3 records): ", apl_names[t.apl % 7], t.payload_len);
			hex_out(t.payload, t.payload_len);
			printf("\n");
		}
	}
	if (json)
		printf("}\n");
	wipe(work, sizeof(work));
	return status;
}
