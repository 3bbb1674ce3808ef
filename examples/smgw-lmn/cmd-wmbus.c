/* SPDX-License-Identifier: Apache-2.0 */
/*
 * smgw-lmn wmbus: decode a wireless M-Bus / OMS telegram (or a wired M-Bus
 * long frame) to text or JSON. Several telegrams are decoded in order with
 * one format cache, so that the compact frames of a meter decode after its
 * full frame.
 *
 *   smgw-lmn wmbus [--key HEX] [--strict] [--json] HEX|FILE...
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
		"usage: smgw-lmn wmbus [--key HEX] [--strict] [--json] HEX|FILE...\n"
		"\n"
		"Decodes wireless M-Bus/OMS telegrams (EN 13757-4, with the data-link\n"
		"CRCs of frame format A or B, or with the CRCs already removed: detected)\n"
		"or wired M-Bus long frames (68 L L 68 ... 16), each given as hex text, a\n"
		"text file with one hex telegram per line (empty lines and lines starting\n"
		"with # are skipped) or a binary file holding one telegram. Prints the link,\n"
		"ELL, AFL and transport header fields and the data records: description,\n"
		"value, decimal value and scaler, unit, storage number, tariff and subunit.\n"
		"The telegrams are decoded in order: the record format of every full frame\n"
		"is learned (up to 64 formats), so that later compact frames (CI 0x79,\n"
		"0x7B, 0x73) of the same meter decode; a compact frame whose format was not\n"
		"seen is an error (SMGW_E_WMBUS_FORMAT_UNKNOWN). With several telegrams,\n"
		"--json prints one JSON object per line.\n"
		"  --key HEX        the meter's AES-128 key (32 hex digits) for OMS security\n"
		"                   modes 5 and 7 and ELL encryption\n"
		"  --strict         reject a telegram that announces encryption but whose\n"
		"                   payload is already plaintext (2F 2F, or a valid ELL CRC;\n"
		"                   accepted by default and shown as \"predecrypted\")\n"
		"  --json           one JSON object\n"
		"Exit status: 0 all decoded, 1 one or more not decodable (malformed, wrong\n"
		"or missing key, unknown compact format), 2 bad usage.\n");
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

/* The telegrams of all arguments, in order. */
struct tlist {
	uint8_t (*t)[SMGW_WMBUS_MAX_WIRE * 2];
	size_t *len;
	size_t n, cap;
};

static int tlist_add(struct tlist *l, const uint8_t *p, size_t n)
{
	if (n == 0 || n > sizeof(l->t[0]))
		return -1;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		void *t = realloc(l->t, cap * sizeof(l->t[0]));
		void *len;

		if (!t)
			return -1;
		l->t = t;
		len = realloc(l->len, cap * sizeof(l->len[0]));
		if (!len)
			return -1;
		l->len = len;
		l->cap = cap;
	}
	memcpy(l->t[l->n], p, n);
	l->len[l->n++] = n;
	return 0;
}

/* Hex text: the whole of it one telegram. */
static int add_hex(struct tlist *l, const char *s, size_t n)
{
	uint8_t buf[SMGW_WMBUS_MAX_WIRE * 2];
	size_t m;

	if (unhex(s, n, buf, sizeof(buf), &m) != 0)
		return -1;
	return tlist_add(l, buf, m);
}

#define MAX_FILE (16u << 20)

/* Hex text on the command line; a text file with one hex telegram per line
 * (empty lines and # comments skipped); or a binary file of one telegram
 * (a file of printable text only that is not hex is refused). */
static int read_input(const char *arg, struct tlist *l)
{
	FILE *f = fopen(arg, "rb");
	char *text;
	size_t n, i, start;
	int is_hex = 1, is_text = 1, line_start = 1, comment = 0, rc = 0;

	if (!f)
		return add_hex(l, arg, strlen(arg));
	text = malloc(MAX_FILE + 1);
	if (!text) {
		fclose(f);
		return -1;
	}
	n = fread(text, 1, MAX_FILE + 1, f);
	fclose(f);
	if (n > MAX_FILE) {
		free(text);
		return -1;
	}
	text[n] = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\n') {
			line_start = 1;
			comment = 0;
			continue;
		}
		if (line_start && c == '#')
			comment = 1;
		line_start = 0;
		if (!comment && !isxdigit(c) && !isspace(c))
			is_hex = 0;
		if ((c < 0x20 || c > 0x7e) && !isspace(c))
			is_text = 0;
	}
	if (!is_hex && is_text) { /* text, but not hex: a typo, not a binary telegram */
		free(text);
		return -1;
	}
	if (!is_hex) {
		rc = tlist_add(l, (const uint8_t *)text, n);
		free(text);
		return rc;
	}
	{
		size_t before = l->n;

		for (start = 0; start < n && rc == 0; start = i + 1) {
			size_t j;

			for (i = start; i < n && text[i] != '\n'; i++)
				;
			for (j = start; j < i && isspace((unsigned char)text[j]); j++)
				;
			if (j == i || text[j] == '#')
				continue;
			rc = add_hex(l, text + start, i - start);
		}
		if (l->n == before)
			rc = -1;
	}
	free(text);
	return rc;
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

static void print_error(const char *what, int e, const struct smgw_diag *d, int json)
{
	if (json) {
		printf(",\"error\":\"%s\",\"reason\":", smgw_strerror_name(e));
		json_str(d->message, strlen(d->message));
	} else {
		printf("records: %s (%s)\n", smgw_strerror(e), d->message);
	}
	fprintf(stderr, "smgw-lmn wmbus: %s not decoded: %s (%s)\n", what, smgw_strerror(e), d->message);
}

/* Decodes one telegram, learns the format of a full frame, reads a compact
 * one through the cache. 0 decoded, 1 not. */
static int decode_one(const uint8_t *in, size_t n, const uint8_t *key, uint32_t flags, int json,
		      struct smgw_wmbus_format_cache *cache)
{
	uint8_t work[SMGW_WMBUS_MAX_TELEGRAM], expanded[SMGW_WMBUS_MAX_EXPANDED];
	struct smgw_wmbus_telegram t;
	struct smgw_wmbus_records it;
	struct smgw_wmbus_record r;
	struct smgw_diag d = SMGW_DIAG_INIT;
	int e, first = 1, status = 0;

	e = smgw_wmbus_decode(in, n, key, flags, work, sizeof(work), &t, &d);
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
	if (t.apl == SMGW_WMBUS_APL_RECORDS || t.apl == SMGW_WMBUS_APL_COMPACT) {
		if (t.apl == SMGW_WMBUS_APL_COMPACT) {
			const struct smgw_wmbus_record_format *fmt;
			size_t len = sizeof(expanded);

			/* the format this meter's full frame had, then its records rebuilt */
			e = smgw_wmbus_format_lookup(cache, &t, &fmt, &d);
			if (e == 0)
				e = smgw_wmbus_compact_expand(fmt, &t, expanded, &len, &d);
			if (e == 0) {
				smgw_wmbus_records_init(&it, expanded, len);
				if (json)
					printf(",\"format_signature\":%u", fmt->signature);
				else
					printf("compact frame: format 0x%04x, records rebuilt from the learned format\n",
					       fmt->signature);
			}
		} else {
			smgw_wmbus_records_init(&it, t.payload, t.payload_len);
			e = 0;
		}
		if (json)
			printf(",\"values\":[");
		else if (e == 0)
			printf("records:\n");
		while (e == 0 && (e = smgw_wmbus_record_next(&it, &r, &d)) == 1) {
			print_record(&r, json, first);
			first = 0;
			e = 0;
		}
		if (json)
			printf("]");
		if (e < 0) {
			print_error(t.apl == SMGW_WMBUS_APL_COMPACT && first ? "compact frame" : "data records", e, &d, json);
			status = 1;
		} else if (t.apl == SMGW_WMBUS_APL_RECORDS) {
			struct smgw_diag ld = SMGW_DIAG_INIT;
			uint16_t sig;

			/* a full frame: keep its format for the meter's compact frames */
			e = smgw_wmbus_format_learn(cache, &t, &sig, &ld);
			if (e == 0 && json)
				printf(",\"format_signature\":%u", sig);
			else if (e < 0)
				fprintf(stderr, "smgw-lmn wmbus: record format not kept: %s (%s)\n", smgw_strerror(e), ld.message);
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
	wipe(expanded, sizeof(expanded));
	return status;
}

/* Formats kept by one invocation. */
#define CLI_FORMATS 64

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
	uint8_t key[SMGW_WMBUS_KEY_LEN];
	struct smgw_wmbus_format_cache cache;
	struct smgw_wmbus_record_format *formats;
	struct tlist l = { NULL, NULL, 0, 0 };
	int json = 0, have_key = 0, c, status = 0;
	uint32_t flags = SMGW_WMBUS_F_PREDECRYPTED;
	size_t i, klen;

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
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	for (; optind < argc; optind++) {
		if (read_input(argv[optind], &l) != 0) {
			fprintf(stderr, "smgw-lmn wmbus: '%s' is neither a readable file nor hex text (of at most %u bytes)\n",
				argv[optind], (unsigned)(SMGW_WMBUS_MAX_WIRE * 2));
			free(l.t);
			free(l.len);
			wipe(key, sizeof(key));
			return 2;
		}
	}
	formats = calloc(CLI_FORMATS, sizeof(*formats));
	if (!formats || smgw_wmbus_format_cache_init(&cache, formats, CLI_FORMATS) != 0) {
		fprintf(stderr, "smgw-lmn wmbus: out of memory\n");
		free(formats);
		free(l.t);
		free(l.len);
		wipe(key, sizeof(key));
		return 1;
	}
	for (i = 0; i < l.n; i++) {
		if (!json && l.n > 1)
			printf("%stelegram %zu:\n", i ? "\n" : "", i + 1);
		status |= decode_one(l.t[i], l.len[i], have_key ? key : NULL, flags, json, &cache);
	}
	wipe(key, sizeof(key));
	free(formats);
	free(l.t);
	free(l.len);
	return status;
}
