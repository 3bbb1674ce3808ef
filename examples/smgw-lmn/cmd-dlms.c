/* SPDX-License-Identifier: Apache-2.0 */
/*
 * smgw-lmn dlms: decode DLMS/COSEM APDUs to text or JSON.
 *
 *   smgw-lmn dlms [--key-enc HEX --key-auth HEX] [--system-title HEX] [--json] HEX|FILE
 *
 * The input is hex text (on the command line or in a file) or a binary
 * file holding HDLC frames (one or more), wired M-Bus long frames carrying
 * DLMS (68 L L 68 ... 16, joined), a DLMS/COSEM wrapper (UDP/TCP), an LLC
 * PDU (e6 e6 00 / e6 e7 00) or a bare APDU. Ciphered APDUs are deciphered
 * with the given keys (security suites 0/1, AES-128-GCM).
 */
#include <ctype.h>
#include <getopt.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/lmn.h>

#define MAX_INPUT (1 << 20)

int smgw_lmn_cmd_dlms(int argc, char **argv);

struct opts {
	int json;
	int plain;
	struct smgw_dlms_blocks *gbt; /* general-block-transfer join across APDUs */
	const uint8_t *ek;
	const uint8_t *ak;
	const uint8_t *st;
};

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
		"usage: smgw-lmn dlms [--key-enc HEX --key-auth HEX] [--system-title HEX] [--json] [--plain] HEX|FILE\n"
		"\n"
		"Decodes DLMS/COSEM APDUs (AARQ/AARE, RLRQ/RLRE, get/set/action, event- and\n"
		"data-notification, exception-response, confirmed-service-error, the\n"
		"ciphered forms and general-block-transfer, joined) given as HDLC frames,\n"
		"wired M-Bus long frames, a DLMS/COSEM wrapper, an LLC PDU or a bare APDU,\n"
		"as hex text or a binary file. Prints the frame header, the APDU fields and\n"
		"the values (OBIS code, integer value, scaler and unit).\n"
		"  --key-enc HEX       the 16-byte encryption key (global or dedicated), 32 hex digits\n"
		"  --key-auth HEX      the 16-byte authentication key\n"
		"  --system-title HEX  the sender's system title (8 bytes) for ciphered APDUs\n"
		"                      that do not carry it (glo-/ded- service APDUs)\n"
		"  --plain             also print the deciphered APDU in hex\n"
		"  --json              one JSON object per APDU\n"
		"Exit status: 0 if every APDU was decoded, 1 if one was not (malformed, or\n"
		"ciphered with a missing or wrong key), 2 on bad usage.\n");
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Hex text (spaces allowed) to bytes; -1 if not hex. */
static long unhex(const char *s, size_t n, uint8_t *out, size_t cap)
{
	size_t i, m = 0;
	int hi = -1;

	for (i = 0; i < n; i++) {
		int v = hexval((unsigned char)s[i]);
		if (v < 0) {
			if (isspace((unsigned char)s[i]) && hi < 0)
				continue;
			return -1;
		}
		if (hi < 0) {
			hi = v;
		} else {
			if (m >= cap)
				return -1;
			out[m++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return hi < 0 ? (long)m : -1;
}

static int read_input(const char *arg, uint8_t *out, size_t cap, size_t *ret_len)
{
	static char text[2 * MAX_INPUT + 16];
	FILE *f = fopen(arg, "rb");
	size_t n;
	long m;

	if (f) {
		n = fread(text, 1, sizeof(text), f);
		fclose(f);
		if (n == sizeof(text))
			return -1;
	} else {
		n = strlen(arg);
		if (n >= sizeof(text))
			return -1;
		memcpy(text, arg, n);
	}
	m = unhex(text, n, out, cap);
	if (m >= 0) {
		*ret_len = (size_t)m;
		return 0;
	}
	if (!f || n > cap)
		return -1;
	memcpy(out, text, n); /* a binary file */
	*ret_len = n;
	return 0;
}

static void hex_out(const uint8_t *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static void json_str(const uint8_t *p, size_t n)
{
	size_t i;

	putchar('"');
	for (i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			printf("\\%c", p[i]);
		else if (p[i] < 0x20 || p[i] >= 0x7f)
			printf("\\u%04x", p[i]);
		else
			putchar(p[i]);
	}
	putchar('"');
}

static int printable(const uint8_t *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] >= 0x7f)
			return 0;
	return n > 0;
}

/* One A-XDR Data as JSON: containers as arrays, integers as numbers, strings as text or {"hex":...}. */
static int data_out(const uint8_t *p, size_t len)
{
	struct smgw_axdr_cursor c;
	struct smgw_axdr_item it;
	uint32_t left[SMGW_AXDR_MAX_DEPTH + 2];
	int first[SMGW_AXDR_MAX_DEPTH + 2];
	int d = 0, e;

	smgw_axdr_cursor_init(&c, p, len, 1);
	first[0] = 1;
	left[0] = 1;
	while ((e = smgw_axdr_next(&c, &it)) == 1) {
		while (d > 0 && left[d] == 0) {
			putchar(']');
			d--;
		}
		if (!first[d])
			putchar(',');
		first[d] = 0;
		left[d]--;
		switch (it.tag) {
		case SMGW_AXDR_NULL:
			printf("null");
			break;
		case SMGW_AXDR_ARRAY:
		case SMGW_AXDR_STRUCTURE:
			putchar('[');
			d++;
			left[d] = it.count;
			first[d] = 1;
			break;
		case SMGW_AXDR_BOOLEAN:
			printf(it.i ? "true" : "false");
			break;
		case SMGW_AXDR_OCTET_STRING:
		case SMGW_AXDR_VISIBLE_STRING:
		case SMGW_AXDR_UTF8_STRING:
			if (it.tag != SMGW_AXDR_OCTET_STRING || (printable(it.data, it.count) && it.count != 6)) {
				json_str(it.data, it.count);
			} else if (it.count == 6) {
				struct smgw_obis o;
				char s[SMGW_OBIS_STRLEN];
				smgw_obis_from_bytes(it.data, &o);
				smgw_obis_format(&o, s, sizeof(s));
				printf("{\"obis\":\"%s\"}", s);
			} else if (it.count == 12) {
				struct smgw_cosem_datetime t;
				if (smgw_cosem_datetime_parse(it.data, 12, &t) == 0)
					printf("{\"date_time\":\"%04u-%02u-%02uT%02u:%02u:%02u\",\"deviation\":%d,\"status\":%u,\"hex\":\"",
					       t.year, t.month, t.day, t.hour, t.minute, t.second, t.deviation, t.clock_status);
				else
					printf("{\"hex\":\"");
				hex_out(it.data, it.count);
				printf("\"}");
			} else {
				printf("{\"hex\":\"");
				hex_out(it.data, it.count);
				printf("\"}");
			}
			break;
		case SMGW_AXDR_BIT_STRING:
			printf("{\"bits\":%" PRIu32 ",\"hex\":\"", it.count);
			hex_out(it.data, (it.count + 7) / 8);
			printf("\"}");
			break;
		case SMGW_AXDR_DATE_TIME:
		case SMGW_AXDR_DATE:
		case SMGW_AXDR_TIME:
		case SMGW_AXDR_COMPACT_ARRAY:
			printf("{\"%s\":\"", it.tag == SMGW_AXDR_COMPACT_ARRAY ? "compact_array" : "time_hex");
			hex_out(it.data, it.count);
			printf("\"}");
			break;
		case SMGW_AXDR_FLOAT32: {
			float f;
			uint32_t b = (uint32_t)it.u;
			memcpy(&f, &b, 4);
			printf("%.9g", (double)f);
			break;
		}
		case SMGW_AXDR_FLOAT64: {
			double f;
			memcpy(&f, &it.u, 8);
			printf("%.17g", f);
			break;
		}
		case SMGW_AXDR_LONG64_UNSIGNED:
			printf("%" PRIu64, it.u);
			break;
		default:
			printf("%" PRId64, it.i);
		}
	}
	while (d > 0) {
		putchar(']');
		d--;
	}
	return e;
}

static const char *apdu_name(int tag)
{
	switch (tag) {
	case SMGW_DLMS_AARQ: return "aarq";
	case SMGW_DLMS_AARE: return "aare";
	case SMGW_DLMS_RLRQ: return "rlrq";
	case SMGW_DLMS_RLRE: return "rlre";
	case SMGW_DLMS_INITIATE_REQUEST: return "initiate-request";
	case SMGW_DLMS_INITIATE_RESPONSE: return "initiate-response";
	case SMGW_DLMS_CONFIRMED_SERVICE_ERROR: return "confirmed-service-error";
	case SMGW_DLMS_DATA_NOTIFICATION: return "data-notification";
	case SMGW_DLMS_GET_REQUEST: return "get-request";
	case SMGW_DLMS_SET_REQUEST: return "set-request";
	case SMGW_DLMS_EVENT_NOTIFICATION: return "event-notification-request";
	case SMGW_DLMS_ACTION_REQUEST: return "action-request";
	case SMGW_DLMS_GET_RESPONSE: return "get-response";
	case SMGW_DLMS_SET_RESPONSE: return "set-response";
	case SMGW_DLMS_ACTION_RESPONSE: return "action-response";
	case SMGW_DLMS_EXCEPTION_RESPONSE: return "exception-response";
	case SMGW_DLMS_GENERAL_GLO_CIPHERING: return "general-glo-ciphering";
	case SMGW_DLMS_GENERAL_DED_CIPHERING: return "general-ded-ciphering";
	case SMGW_DLMS_GENERAL_BLOCK_TRANSFER: return "general-block-transfer";
	default:
		if (tag >= 0xc8 && tag <= 0xd7) {
			static const char *const names[16] = {
				"glo-get-request", "glo-set-request", "glo-event-notification-request", "glo-action-request",
				"glo-get-response", "glo-set-response", "unknown", "glo-action-response",
				"ded-get-request", "ded-set-request", "ded-event-notification-request", "ded-action-request",
				"ded-get-response", "ded-set-response", "unknown", "ded-action-response",
			};
			return names[tag - 0xc8];
		}
		switch (tag) {
		case 0x21: return "glo-initiate-request";
		case 0x28: return "glo-initiate-response";
		case 0x2e: return "glo-confirmed-service-error";
		case 0x41: return "ded-initiate-request";
		case 0x48: return "ded-initiate-response";
		case 0x4e: return "ded-confirmed-service-error";
		default: return "unknown";
		}
	}
}

/* Prints one field: JSON ,"name":value or text "  name: value". */
static void field(const struct opts *o, const char *name, const char *fmt, ...) SMGW_PRINTF(3, 4);
static void field(const struct opts *o, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (o->json)
		printf(",\"%s\":", name);
	else
		printf("  %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!o->json)
		putchar('\n');
}

static void field_hex(const struct opts *o, const char *name, const uint8_t *p, size_t n)
{
	if (o->json)
		printf(",\"%s\":\"", name);
	else
		printf("  %s: ", name);
	hex_out(p, n);
	printf(o->json ? "\"" : "\n");
}

static void field_data(const struct opts *o, const char *name, const uint8_t *p, size_t n)
{
	if (o->json)
		printf(",\"%s\":", name);
	else
		printf("  %s: ", name);
	(void)data_out(p, n);
	if (!o->json)
		putchar('\n');
}

static void field_attr(const struct opts *o, const char *name, const struct smgw_dlms_attr *a)
{
	struct smgw_obis ob;
	char s[SMGW_OBIS_STRLEN];

	smgw_obis_from_bytes(a->instance, &ob);
	smgw_obis_format(&ob, s, sizeof(s));
	if (o->json) {
		printf(",\"%s\":{\"class_id\":%u,\"instance\":\"%s\",\"id\":%d", name, a->class_id, s, a->id);
		if (a->selector) {
			printf(",\"selector\":%u,\"access\":", a->selector);
			(void)data_out(a->access, a->access_len);
		}
		printf("}");
	} else {
		printf("  %s: class %u, %s, %d", name, a->class_id, s, a->id);
		if (a->selector) {
			printf(", selective access %u ", a->selector);
			(void)data_out(a->access, a->access_len);
		}
		putchar('\n');
	}
}

struct vals {
	const struct opts *o;
	int count;
};

static int print_value(void *ud, const struct smgw_value *v)
{
	struct vals *s = ud;
	char obis[SMGW_OBIS_STRLEN], dec[SMGW_VALUE_DECIMAL_LEN];
	const char *unit = v->flags & SMGW_VALUE_HAS_UNIT ? smgw_unit_symbol(v->unit) : NULL;

	smgw_obis_format(&v->obis, obis, sizeof(obis));
	smgw_value_format_decimal(v->value, v->scaler, dec, sizeof(dec));
	if (s->o->json) {
		printf("%s{\"obis\":\"%s\",\"value\":%" PRId64 ",\"scaler\":%d,\"decimal\":\"%s\"", s->count ? "," : "", obis,
		       v->value, v->scaler, dec);
		if (unit)
			printf(",\"unit\":\"%s\",\"unit_code\":%u", unit, v->unit);
		printf("}");
	} else {
		const char *name = smgw_obis_name(&v->obis);
		printf("    %-22s %s %s%s%s\n", obis, dec, unit ? unit : "", name ? "  " : "", name ? name : "");
	}
	s->count++;
	return 0;
}

static int report_error(const struct opts *o, int e, const char *what, const struct smgw_diag *d)
{
	if (o->json)
		printf(",\"error\":\"%s\",\"reason\":\"%s: %s\"", smgw_strerror_name(e), what, d->message);
	else
		printf("  error: %s: %s (%s)\n", what, smgw_strerror(e), d->message);
	fprintf(stderr, "smgw-lmn: %s: %s (%s)\n", what, smgw_strerror(e), d->message);
	return 0;
}

static int decode(const struct opts *o, const uint8_t *p, size_t len, const uint8_t *st, int depth);

static int decode_ciphered(const struct opts *o, const uint8_t *p, size_t len, const uint8_t *st, int depth)
{
	static uint8_t plain[MAX_INPUT];
	struct smgw_dlms_ciphered c;
	struct smgw_diag d = SMGW_DIAG_INIT;
	size_t n;
	int e = smgw_dlms_ciphered_parse(p, len, &c, &d);

	if (e < 0)
		return report_error(o, e, "ciphered APDU", &d);
	if (o->json)
		printf(",\"ciphering\":{\"tag\":\"%s\",\"security_control\":%u,\"suite\":%u,\"authenticated\":%s,"
		       "\"encrypted\":%s,\"invocation_counter\":%" PRIu32,
		       apdu_name(c.tag), c.sc, c.sc & 0x0f, c.sc & 0x10 ? "true" : "false", c.sc & 0x20 ? "true" : "false",
		       c.ic);
	else
		printf("  ciphering: %s, security control 0x%02x (suite %u%s%s), invocation counter %" PRIu32 "\n",
		       apdu_name(c.tag), c.sc, c.sc & 0x0f, c.sc & 0x10 ? ", authenticated" : "",
		       c.sc & 0x20 ? ", encrypted" : "", c.ic);
	if (c.system_title) {
		if (o->json) {
			printf(",\"system_title\":\"");
			hex_out(c.system_title, c.system_title_len);
			printf("\"");
		} else {
			printf("  system title: ");
			hex_out(c.system_title, c.system_title_len);
			printf("\n");
		}
	}
	if (o->json)
		printf("}");
	if (!c.system_title && !st)
		st = o->st;
	if ((c.sc & 0x30) && !o->ek) {
		d.code = SMGW_E_DLMS_NO_KEY;
		snprintf(d.message, sizeof(d.message), "the APDU is ciphered (security control 0x%02x): give --key-enc%s",
			 c.sc, (c.sc & 0x10) ? " and --key-auth" : "");
		return report_error(o, SMGW_E_DLMS_NO_KEY, "deciphering", &d);
	}
	e = smgw_dlms_decrypt(&c, c.system_title ? NULL : st, o->ek, o->ak, plain, sizeof(plain), &n, &d);
	if (e < 0) {
		if (e == SMGW_E_DLMS_NO_KEY && !c.system_title && !st)
			snprintf(d.message, sizeof(d.message), "the APDU does not carry the system title: give --system-title");
		return report_error(o, e, "deciphering", &d);
	}
	if (o->json) {
		printf(",\"plain\":\"");
		hex_out(plain, n);
		printf("\"");
	} else if (o->plain) {
		printf("  plain: ");
		hex_out(plain, n);
		printf("\n");
	}
	return decode(o, plain, n, st, depth + 1);
}

static int decode_initiate_info(const struct opts *o, const uint8_t *p, size_t len, const uint8_t *st, int depth,
				int wrap)
{
	struct smgw_dlms_initiate in;
	struct smgw_diag d = SMGW_DIAG_INIT;
	int e;

	if (len && smgw_dlms_is_ciphered(p[0])) {
		if (o->json)
			printf(",\"user_information\":{\"apdu\":\"%s\"", apdu_name(p[0]));
		else
			printf("  user-information: %s\n", apdu_name(p[0]));
		e = o->ek ? decode_ciphered(o, p, len, st, depth) : 1;
		if (!o->ek && !o->json)
			printf("  (ciphered; give --key-enc and --key-auth to read it)\n");
		if (o->json)
			printf("}");
		return e;
	}
	if (len && p[0] == SMGW_DLMS_CONFIRMED_SERVICE_ERROR) {
		if (o->json)
			printf(",\"user_information\":{\"apdu\":\"confirmed-service-error\"");
		e = decode(o, p, len, st, depth + 1);
		if (o->json)
			printf("}");
		return e;
	}
	e = smgw_dlms_initiate_parse(p, len, &in, &d);
	if (e < 0)
		return report_error(o, e, "user-information", &d);
	if (wrap && o->json)
		printf(",\"user_information\":{\"apdu\":\"%s\"", apdu_name(in.tag));
	else if (wrap)
		printf("  user-information: %s\n", apdu_name(in.tag));
	field(o, "dlms_version", "%u", in.dlms_version);
	field(o, "conformance", o->json ? "\"%06" PRIx32 "\"" : "%06" PRIx32, in.conformance);
	field(o, in.tag == SMGW_DLMS_INITIATE_REQUEST ? "client_max_receive_pdu_size" : "server_max_receive_pdu_size",
	      "%u", in.max_pdu_size);
	if (in.has_qos)
		field(o, "quality_of_service", "%d", (int8_t)in.qos);
	if (in.dedicated_key_len)
		field(o, "dedicated_key", o->json ? "\"present (%u bytes)\"" : "present (%u bytes)", in.dedicated_key_len);
	if (in.tag == SMGW_DLMS_INITIATE_RESPONSE)
		field(o, "vaa_name", "%u", in.vaa_name);
	if (wrap && o->json)
		printf("}");
	return 1;
}

static int decode(const struct opts *o, const uint8_t *p, size_t len, const uint8_t *st, int depth)
{
	struct smgw_diag d = SMGW_DIAG_INIT;
	int e;

	if (len < 1 || depth > 2) {
		d.code = SMGW_E_TRUNCATED;
		snprintf(d.message, sizeof(d.message), len < 1 ? "empty" : "ciphered APDU inside a ciphered APDU");
		return report_error(o, len < 1 ? SMGW_E_TRUNCATED : SMGW_E_DLMS_APDU, "APDU", &d);
	}
	if (depth == 0 || p[0] != SMGW_DLMS_CONFIRMED_SERVICE_ERROR || !o->json)
		field(o, depth ? "inner_apdu" : "apdu", o->json ? "\"%s\"" : "%s", apdu_name(p[0]));
	if (smgw_dlms_is_ciphered(p[0]))
		return decode_ciphered(o, p, len, st, depth);
	if (p[0] == SMGW_DLMS_GENERAL_BLOCK_TRANSFER) {
		struct smgw_dlms_gbt g;
		const uint8_t *whole;
		size_t wlen;
		if ((e = smgw_dlms_gbt_parse(p, len, &g, &d)) < 0)
			return report_error(o, e, "general-block-transfer", &d);
		field(o, "block_number", "%u", g.block_number);
		field(o, "last_block", "%u", g.last_block);
		field(o, "block_data_length", "%" PRIu32, g.data_len);
		e = smgw_dlms_gbt_add(o->gbt, &g, &whole, &wlen);
		if (e < 0) {
			o->gbt->len = 0;
			o->gbt->next = 0;
			o->gbt->done = 0;
			snprintf(d.message, sizeof(d.message), "block %u does not continue the transfer", g.block_number);
			return report_error(o, e, "general-block-transfer", &d);
		}
		if (e == 0)
			return 1; /* more blocks to come */
		o->gbt->len = 0;
		o->gbt->next = 0;
		o->gbt->done = 0;
		return decode(o, whole, wlen, st, depth + 1);
	}
	if (p[0] == SMGW_DLMS_AARQ || p[0] == SMGW_DLMS_AARE) {
		struct smgw_dlms_assoc a;
		if ((e = smgw_dlms_assoc_parse(p, len, &a, &d)) < 0)
			return report_error(o, e, "association APDU", &d);
		field(o, "application_context", "%u", a.app_context);
		if (a.tag == SMGW_DLMS_AARE) {
			field(o, "result", "%u", a.result);
			field(o, a.diag_source == 2 ? "diagnostic_provider" : "diagnostic_user", "%u", a.diagnostic);
		}
		if (a.mechanism >= 0)
			field(o, "mechanism", "%d", a.mechanism);
		if (a.ap_title)
			field_hex(o, a.tag == SMGW_DLMS_AARQ ? "calling_ap_title" : "responding_ap_title", a.ap_title,
				  a.ap_title_len);
		if (a.auth_value)
			field_hex(o, "authentication_value", a.auth_value, a.auth_value_len);
		if (a.user_info)
			return decode_initiate_info(o, a.user_info, a.user_info_len,
						    a.ap_title && a.ap_title_len == 8 ? a.ap_title : st, depth, 1);
		return 1;
	}
	if (p[0] == SMGW_DLMS_RLRQ || p[0] == SMGW_DLMS_RLRE) {
		struct smgw_dlms_release r;
		if ((e = smgw_dlms_release_parse(p, len, &r, &d)) < 0)
			return report_error(o, e, "release APDU", &d);
		if (r.has_reason)
			field(o, "reason", "%u", r.reason);
		if (r.user_info)
			return decode_initiate_info(o, r.user_info, r.user_info_len, st, depth, 1);
		return 1;
	}
	if (p[0] == SMGW_DLMS_INITIATE_REQUEST || p[0] == SMGW_DLMS_INITIATE_RESPONSE)
		return decode_initiate_info(o, p, len, st, depth, 0);
	{
		struct smgw_dlms_apdu a;
		struct vals s = { o, 0 };
		if ((e = smgw_dlms_apdu_parse(p, len, &a, &d)) < 0)
			return report_error(o, e, "APDU", &d);
		switch (a.tag) {
		case SMGW_DLMS_EXCEPTION_RESPONSE:
			field(o, "state_error", "%u", a.result);
			field(o, "service_error", "%u", a.error);
			if (a.error == 6)
				field(o, "invocation_counter", "%" PRIu32, a.block_number);
			return 1;
		case SMGW_DLMS_CONFIRMED_SERVICE_ERROR:
			field(o, "service", "%u", a.choice);
			field(o, "service_error", "%u", a.result);
			field(o, "value", "%u", a.error);
			return 1;
		case SMGW_DLMS_DATA_NOTIFICATION:
			field(o, "invoke_id", "%" PRIu32, a.invoke);
			if (a.time) {
				struct smgw_cosem_datetime t;
				if (smgw_cosem_datetime_parse(a.time, 12, &t) == 0)
					field(o, "time", o->json ? "\"%04u-%02u-%02uT%02u:%02u:%02u\"" : "%04u-%02u-%02u %02u:%02u:%02u",
					      t.year, t.month, t.day, t.hour, t.minute, t.second);
			}
			if (o->json)
				printf(",\"values\":[");
			else
				printf("  values:\n");
			e = smgw_dlms_push_values(a.data, a.data_len, print_value, &s, &d);
			if (o->json)
				printf("]");
			if (e < 0)
				return report_error(o, e, "push values", &d);
			if (s.count == 0)
				field_data(o, "body", a.data, a.data_len);
			return 1;
		default:
			break;
		}
		field(o, "choice", "%u", a.choice);
		field(o, "invoke_id", "%" PRIu32, a.invoke);
		if ((a.tag == SMGW_DLMS_GET_REQUEST || a.tag == SMGW_DLMS_SET_REQUEST || a.tag == SMGW_DLMS_ACTION_REQUEST ||
		     a.tag == SMGW_DLMS_EVENT_NOTIFICATION) &&
		    (a.attr.class_id || a.choice == 1))
			field_attr(o, a.tag == SMGW_DLMS_ACTION_REQUEST ? "method" : "attribute", &a.attr);
		if (a.block_number || a.choice == 2 || (a.tag == SMGW_DLMS_SET_REQUEST && a.choice == 3))
			field(o, "block_number", "%" PRIu32, a.block_number);
		if (a.result_kind == SMGW_DLMS_RESULT_RAW) {
			field(o, "last_block", "%u", a.last_block);
			field(o, "raw_data_length", "%" PRIu32, a.data_len);
		} else if (a.result_kind == SMGW_DLMS_RESULT_DATA) {
			field_data(o, "data", a.data, a.data_len);
		}
		if (a.tag == SMGW_DLMS_ACTION_RESPONSE)
			field(o, "action_result", "%u", a.result);
		if (a.result_kind == SMGW_DLMS_RESULT_ACCESS)
			field(o, "data_access_result", "%u", a.tag == SMGW_DLMS_ACTION_RESPONSE ? a.error : a.result);
		if (a.count) {
			struct smgw_dlms_list l;
			struct smgw_dlms_list_item it;
			int k = 0;
			if (o->json)
				printf(",\"list\":[");
			else
				printf("  list (%" PRIu32 " items):\n", a.count);
			if (smgw_dlms_list_init(&l, &a) == 0) {
				while (smgw_dlms_list_next(&l, &it) == 1) {
					if (o->json)
						printf("%s{", k++ ? "," : "");
					if (it.result_kind == SMGW_DLMS_RESULT_DATA) {
						printf(o->json ? "\"data\":" : "    data: ");
						(void)data_out(it.data, it.data_len);
					} else if (it.result_kind == SMGW_DLMS_RESULT_ACCESS) {
						printf(o->json ? "\"data_access_result\":%u" : "    data-access-result %u", it.result);
					} else {
						struct smgw_obis ob;
						char s2[SMGW_OBIS_STRLEN];
						smgw_obis_from_bytes(it.attr.instance, &ob);
						smgw_obis_format(&ob, s2, sizeof(s2));
						printf(o->json ? "\"class_id\":%u,\"instance\":\"%s\",\"id\":%d" : "    class %u, %s, %d",
						       it.attr.class_id, s2, it.attr.id);
					}
					printf(o->json ? "}" : "\n");
				}
			}
			if (o->json)
				printf("]");
		}
		return 1;
	}
}

/* One APDU as one line of JSON or a block of text; 1 if it decoded. */
static int decode_top(const struct opts *o, const uint8_t *p, size_t len, const char *framing, const struct smgw_hdlc_frame *fr)
{
	int ok;

	if (o->json) {
		printf("{\"framing\":\"%s\"", framing);
		if (fr)
			printf(",\"hdlc\":{\"dst\":%" PRIu32 ",\"src\":%" PRIu32 ",\"control\":%u}", fr->dst, fr->src, fr->control);
	} else {
		printf("%s", framing);
		if (fr)
			printf(": HDLC dst %" PRIu32 ", src %" PRIu32 ", control 0x%02x", fr->dst, fr->src, fr->control);
		printf("\n");
	}
	ok = decode(o, p, len, NULL, 0);
	if (o->json)
		printf("}\n");
	return ok;
}

/* Strips the LLC header (e6 e6 00 / e6 e7 00) if present. */
static void strip_llc(const uint8_t **p, size_t *len)
{
	const uint8_t *a;
	size_t al;

	if (smgw_hdlc_llc(*p, *len, &a, &al) >= 0) {
		*p = a;
		*len = al;
	}
}

/* Wired M-Bus long frames 68 L L 68 C A CI STSAP DTSAP data CS 16, joined until the FIN bit of CI. */
static int mbus_join(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *ret_len, int *ret_frames)
{
	size_t pos = 0, m = 0;
	int frames = 0, fin = 0;

	while (pos < n && !fin) {
		size_t l, i;
		uint8_t cs = 0;
		if (n - pos < 6 || in[pos] != 0x68 || in[pos + 3] != 0x68 || in[pos + 1] != in[pos + 2])
			return -1;
		l = in[pos + 1];
		if (l < 5 || n - pos < l + 6 || in[pos + 5 + l] != 0x16)
			return -1;
		for (i = 0; i < l; i++)
			cs = (uint8_t)(cs + in[pos + 4 + i]);
		if (cs != in[pos + 4 + l])
			return -2;
		fin = (in[pos + 6] & 0x10) != 0;
		if (m + l - 5 > cap)
			return -1;
		memcpy(out + m, in + pos + 9, l - 5);
		m += l - 5;
		pos += l + 6;
		frames++;
	}
	if (!fin || pos != n)
		return -1;
	*ret_len = m;
	*ret_frames = frames;
	return 0;
}

static int parse_key(const char *s, uint8_t *out, size_t want, const char *what)
{
	if (unhex(s, strlen(s), out, want) != (long)want) {
		fprintf(stderr, "smgw-lmn: %s must be %zu bytes (%zu hex digits)\n", what, want, 2 * want);
		return -1;
	}
	return 0;
}

int smgw_lmn_cmd_dlms(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "plain", no_argument, NULL, 'p' },
		{ "key-enc", required_argument, NULL, 'e' },
		{ "key-auth", required_argument, NULL, 'a' },
		{ "system-title", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static uint8_t in[MAX_INPUT], joined[MAX_INPUT];
	uint8_t ek[16], ak[16], st[8];
	struct opts o;
	int c, good = 0, bad = 0, rc;
	size_t n;

	static uint8_t gbt_buf[MAX_INPUT];
	struct smgw_dlms_blocks gbt = { gbt_buf, sizeof(gbt_buf), 0, 0, 0 };

	memset(&o, 0, sizeof(o));
	o.gbt = &gbt;
	memset(ek, 0, sizeof(ek));
	memset(ak, 0, sizeof(ak));
	optind = 2;
	while ((c = getopt_long(argc, argv, "jpe:a:s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = 1;
			break;
		case 'p':
			o.plain = 1;
			break;
		case 'e':
			if (parse_key(optarg, ek, 16, "--key-enc") < 0)
				goto usage_error;
			o.ek = ek;
			break;
		case 'a':
			if (parse_key(optarg, ak, 16, "--key-auth") < 0)
				goto usage_error;
			o.ak = ak;
			break;
		case 's':
			if (parse_key(optarg, st, 8, "--system-title") < 0)
				goto usage_error;
			o.st = st;
			break;
		case 'h':
			usage(stdout);
			wipe(ek, sizeof(ek));
			wipe(ak, sizeof(ak));
			return 0;
		default:
			usage(stderr);
			goto usage_error;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		goto usage_error;
	}
	if (read_input(argv[optind], in, sizeof(in), &n) < 0 || n == 0) {
		fprintf(stderr, "smgw-lmn: '%s' is neither a readable file nor hex text\n", argv[optind]);
		goto usage_error;
	}
	if (in[0] == SMGW_HDLC_FLAG) {
		static uint8_t fbuf[SMGW_HDLC_MAX_FRAME], hj[65536];
		uint64_t mem[16];
		struct smgw_hdlc_join j = { hj, sizeof(hj), 0, 0, 0 };
		smgw_hdlc_stream *s;
		size_t off = 0;

		if (smgw_hdlc_stream_init(mem, sizeof(mem), fbuf, sizeof(fbuf), 0, &s) != 0) {
			wipe(ek, sizeof(ek));
			wipe(ak, sizeof(ak));
			return 1;
		}
		while (off < n) {
			struct smgw_hdlc_frame f;
			struct smgw_diag d = SMGW_DIAG_INIT;
			const uint8_t *msg;
			size_t used, mlen;
			int e = smgw_hdlc_stream_feed(s, in + off, n - off, &used, &f, &d);

			off += used;
			if (e < 0) {
				if (o.json)
					printf("{\"error\":\"%s\",\"reason\":\"%s\"}\n", smgw_strerror_name(e), d.message);
				else
					printf("HDLC frame discarded: %s (%s)\n", smgw_strerror(e), d.message);
				fprintf(stderr, "smgw-lmn: HDLC frame discarded: %s (%s)\n", smgw_strerror(e), d.message);
				bad++;
				continue;
			}
			if (e != SMGW_HDLC_FRAME)
				break;
			if (smgw_hdlc_join_add(&j, &f, &msg, &mlen) != 1)
				continue;
			if (mlen == 0) { /* frames without an information field (SNRM, UA, RR ...) */
				if (o.json)
					printf("{\"framing\":\"hdlc\",\"hdlc\":{\"dst\":%" PRIu32 ",\"src\":%" PRIu32
					       ",\"control\":%u},\"apdu\":null}\n", f.dst, f.src, f.control);
				else
					printf("hdlc: HDLC dst %" PRIu32 ", src %" PRIu32 ", control 0x%02x, no information field\n",
					       f.dst, f.src, f.control);
				good++;
				continue;
			}
			strip_llc(&msg, &mlen);
			if (decode_top(&o, msg, mlen, "hdlc", &f))
				good++;
			else
				bad++;
		}
	} else {
		const uint8_t *p = in;
		size_t len = n, jl;
		int frames;
		const char *framing = "apdu";
		int mb = in[0] == 0x68 ? mbus_join(in, n, joined, sizeof(joined), &jl, &frames) : -1;

		if (mb == -2) {
			fprintf(stderr, "smgw-lmn: wired M-Bus frame checksum mismatch\n");
			wipe(ek, sizeof(ek));
			wipe(ak, sizeof(ak));
			return 1;
		}
		if (mb == 0) {
			p = joined;
			len = jl;
			framing = "mbus";
		} else if (n > 8 && in[0] == 0x00 && in[1] == 0x01 && (size_t)(in[6] << 8 | in[7]) == n - 8) {
			p = in + 8; /* DLMS/COSEM wrapper: version, source and destination wPort, length */
			len = n - 8;
			framing = "wrapper";
		} else if (n >= 3 && in[0] == 0xe6) {
			strip_llc(&p, &len);
			framing = "llc";
		}
		if (decode_top(&o, p, len, framing, NULL))
			good++;
		else
			bad++;
	}
	wipe(ek, sizeof(ek));
	wipe(ak, sizeof(ak));
	rc = good && !bad ? 0 : 1;
	return rc;
usage_error:
	wipe(ek, sizeof(ek));
	wipe(ak, sizeof(ak));
	return 2;
}
