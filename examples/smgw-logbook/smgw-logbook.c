/* SPDX-License-Identifier: Apache-2.0 */
/*
 * smgw-logbook: append to, list, verify and export the tamper-evident
 * logbooks of libsmgw-core.
 *
 *   smgw-logbook append --dir DIR [LOG] --source S [--type N] [--level L] [--outcome O]
 *                       [--subject S] [--recipient R] [--text T] [--time ISO]
 *                       [--key KEY.pem [--anchor-every N]] [--anchor]
 *   smgw-logbook list   --dir DIR [LOG] [--from ISO] [--to ISO] [--type N] [--min-level L] [--all]
 *   smgw-logbook verify --dir DIR [LOG] [--pubkey PUB.pem]
 *   smgw-logbook export --dir DIR [LOG] --xml|--json [filters as for list]
 *
 * LOG: --kind system|calibration|consumer (default system) and, for
 * consumer logs, --consumer ID.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <smgw/core.h>

static void usage(FILE *f)
{
	fprintf(f,
		"usage: smgw-logbook COMMAND --dir DIR [options]\n"
		"\n"
		"Commands:\n"
		"  append   append an event (--source required)\n"
		"  list     list events, one per line\n"
		"  verify   check the hash chain, checksums and anchor signatures;\n"
		"           exit 0 only for an intact logbook, else name the first bad record\n"
		"  export   write the records as AR 2418-6 LogEntry XML (--xml) or JSON (--json)\n"
		"\n"
		"Logbook selection:\n"
		"  --dir DIR            the logbook directory (required)\n"
		"  --kind K             system (default), calibration or consumer\n"
		"  --consumer ID        consumer id for --kind consumer\n"
		"\n"
		"append:\n"
		"  --source S --type N --level 1..4 --outcome N --subject S --recipient R\n"
		"  --text T --time ISO-8601 (default: now) --key EC-KEY.pem (signs anchors)\n"
		"  --anchor-every N     anchor every N records (with --key)\n"
		"  --anchor             also write a signed anchor now (with --key)\n"
		"  --segment-size B --max-segments N   capacity limits for rotation\n"
		"list/export filters:\n"
		"  --from ISO --to ISO --type N --min-level L --all (include anchors and drops)\n"
		"verify:\n"
		"  --pubkey PUB.pem     check anchor signatures with this EC public key\n");
}

struct opts {
	const char *dir, *kind, *consumer, *source, *subject, *recipient, *text, *time, *key, *pubkey;
	const char *from, *to;
	long type, level, outcome, anchor_every, min_level, max_segments;
	long long segment_size;
	int has_type, anchor, all, xml, json;
};

static int die(const char *what, int err)
{
	fprintf(stderr, "smgw-logbook: %s: %s\n", what, smgw_strerror(err));
	return 1;
}

static int parse_long(const char *s, long lo, long hi, long *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v < lo || v > hi)
		return -1;
	*ret = v;
	return 0;
}

static int parse_time(const char *s, int64_t *ret)
{
	return smgw_time_parse_iso8601(s, strlen(s), ret, NULL);
}

/* Software signer for development and tests: an EC private key in a PEM file. */
static int sign_with_key(void *ud, const uint8_t digest[32], uint8_t *sig, size_t *sig_len)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new((EVP_PKEY *)ud, NULL);
	int ok = c && EVP_PKEY_sign_init(c) == 1 && EVP_PKEY_sign(c, sig, sig_len, digest, 32) == 1;

	EVP_PKEY_CTX_free(c);
	return ok ? 0 : SMGW_E_CRYPTO;
}

static int print_record(void *ud, const struct smgw_logbook_record *r)
{
	char iso[SMGW_ISO8601_LEN];

	(void)ud;
	if (smgw_time_format_iso8601(r->time_ms, 0, SMGW_ISO_BERLIN, iso, sizeof(iso)) < 0)
		snprintf(iso, sizeof(iso), "%" PRId64, r->time_ms);
	printf("%" PRIu64 "\t%s\t%s\ttype=%u\tlevel=%d\toutcome=%d\tsource=%s", r->seq, iso,
	       r->rtype == SMGW_LOGBOOK_ANCHOR ? "anchor" : r->rtype == SMGW_LOGBOOK_DROP ? "drop" : "event",
	       r->event_type, r->level, r->outcome, r->source);
	if (r->subject)
		printf("\tsubject=%s", r->subject);
	if (r->recipient)
		printf("\trecipient=%s", r->recipient);
	if (r->text)
		printf("\ttext=%s", r->text);
	if (r->rtype == SMGW_LOGBOOK_DROP)
		printf("\tdropped=%" PRIu64 "..%" PRIu64, r->dropped_first, r->dropped_last);
	printf("\n");
	return 0;
}

static int write_stdout(void *ud, const char *data, size_t len)
{
	(void)ud;
	return fwrite(data, 1, len, stdout) == len ? 0 : SMGW_E_IO;
}

static char *read_file(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > 65536 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf)
		*ret_len = (size_t)n;
	return buf;
}

int main(int argc, char **argv)
{
	enum { O_DIR = 256, O_KIND, O_CONSUMER, O_SOURCE, O_TYPE, O_LEVEL, O_OUTCOME, O_SUBJECT, O_RECIPIENT, O_TEXT,
	       O_TIME, O_KEY, O_ANCHOR_EVERY, O_ANCHOR, O_FROM, O_TO, O_MIN_LEVEL, O_ALL, O_PUBKEY, O_XML, O_JSON,
	       O_SEGSIZE, O_MAXSEG };
	static const struct option lopts[] = {
		{ "dir", required_argument, NULL, O_DIR },
		{ "kind", required_argument, NULL, O_KIND },
		{ "consumer", required_argument, NULL, O_CONSUMER },
		{ "source", required_argument, NULL, O_SOURCE },
		{ "type", required_argument, NULL, O_TYPE },
		{ "level", required_argument, NULL, O_LEVEL },
		{ "outcome", required_argument, NULL, O_OUTCOME },
		{ "subject", required_argument, NULL, O_SUBJECT },
		{ "recipient", required_argument, NULL, O_RECIPIENT },
		{ "text", required_argument, NULL, O_TEXT },
		{ "time", required_argument, NULL, O_TIME },
		{ "key", required_argument, NULL, O_KEY },
		{ "anchor-every", required_argument, NULL, O_ANCHOR_EVERY },
		{ "anchor", no_argument, NULL, O_ANCHOR },
		{ "from", required_argument, NULL, O_FROM },
		{ "to", required_argument, NULL, O_TO },
		{ "min-level", required_argument, NULL, O_MIN_LEVEL },
		{ "all", no_argument, NULL, O_ALL },
		{ "pubkey", required_argument, NULL, O_PUBKEY },
		{ "xml", no_argument, NULL, O_XML },
		{ "json", no_argument, NULL, O_JSON },
		{ "segment-size", required_argument, NULL, O_SEGSIZE },
		{ "max-segments", required_argument, NULL, O_MAXSEG },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o;
	struct smgw_logbook_params params = { .struct_size = sizeof(params) };
	struct smgw_logbook_filter filter;
	struct smgw_logbook_info info;
	smgw_logstore *store = NULL;
	smgw_logbook *lb = NULL;
	smgw_ctx *ctx = NULL;
	EVP_PKEY *key = NULL;
	const char *cmd;
	int32_t kind = SMGW_LOGBOOK_SYSTEM;
	int c, e, rc = 0;
	long lv;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	cmd = argv[1];
	if (strcmp(cmd, "append") && strcmp(cmd, "list") && strcmp(cmd, "verify") && strcmp(cmd, "export")) {
		fprintf(stderr, "smgw-logbook: unknown command '%s' (append, list, verify, export)\n", cmd);
		return 2;
	}
	memset(&o, 0, sizeof(o));
	o.level = SMGW_LOGBOOK_INFO;
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
		switch (c) {
		case O_DIR: o.dir = optarg; break;
		case O_KIND: o.kind = optarg; break;
		case O_CONSUMER: o.consumer = optarg; break;
		case O_SOURCE: o.source = optarg; break;
		case O_SUBJECT: o.subject = optarg; break;
		case O_RECIPIENT: o.recipient = optarg; break;
		case O_TEXT: o.text = optarg; break;
		case O_TIME: o.time = optarg; break;
		case O_KEY: o.key = optarg; break;
		case O_PUBKEY: o.pubkey = optarg; break;
		case O_FROM: o.from = optarg; break;
		case O_TO: o.to = optarg; break;
		case O_ANCHOR: o.anchor = 1; break;
		case O_ALL: o.all = 1; break;
		case O_XML: o.xml = 1; break;
		case O_JSON: o.json = 1; break;
		case O_TYPE:
			if (parse_long(optarg, 0, UINT32_MAX, &o.type)) goto badnum;
			o.has_type = 1;
			break;
		case O_LEVEL:
			if (parse_long(optarg, 1, 5, &o.level)) goto badnum;
			break;
		case O_OUTCOME:
			if (parse_long(optarg, -1000000, 1000000, &o.outcome)) goto badnum;
			break;
		case O_MIN_LEVEL:
			if (parse_long(optarg, 0, 5, &o.min_level)) goto badnum;
			break;
		case O_ANCHOR_EVERY:
			if (parse_long(optarg, 1, 1000000, &o.anchor_every)) goto badnum;
			break;
		case O_MAXSEG:
			if (parse_long(optarg, 2, 1000000, &o.max_segments)) goto badnum;
			break;
		case O_SEGSIZE:
			if (parse_long(optarg, 1024, 1L << 30, &lv)) goto badnum;
			o.segment_size = lv;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "smgw-logbook: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (!o.dir) {
		fprintf(stderr, "smgw-logbook: --dir DIR is required\n");
		return 2;
	}
	if (o.kind) {
		if (strcmp(o.kind, "system") == 0)
			kind = SMGW_LOGBOOK_SYSTEM;
		else if (strcmp(o.kind, "calibration") == 0)
			kind = SMGW_LOGBOOK_CALIBRATION;
		else if (strcmp(o.kind, "consumer") == 0)
			kind = SMGW_LOGBOOK_CONSUMER;
		else {
			fprintf(stderr, "smgw-logbook: --kind must be system, calibration or consumer\n");
			return 2;
		}
	}
	if ((kind == SMGW_LOGBOOK_CONSUMER) != (o.consumer != NULL) ||
	    (o.consumer && (strlen(o.consumer) == 0 || strlen(o.consumer) > 32))) {
		fprintf(stderr, "smgw-logbook: --consumer ID (1 to 32 bytes) goes with --kind consumer, and only with it\n");
		return 2;
	}
	if (strcmp(cmd, "export") == 0 && o.xml + o.json != 1) {
		fprintf(stderr, "smgw-logbook: export needs --xml or --json\n");
		return 2;
	}
	if (strcmp(cmd, "append") == 0 && !o.source) {
		fprintf(stderr, "smgw-logbook: append needs --source\n");
		return 2;
	}
	if ((o.anchor || o.anchor_every) && !o.key) {
		fprintf(stderr, "smgw-logbook: anchors need --key\n");
		return 2;
	}

	memset(&filter, 0, sizeof(filter));
	if (o.from || o.to) {
		filter.flags |= SMGW_LOGBOOK_FILTER_TIME;
		filter.time_from_ms = INT64_MIN;
		filter.time_to_ms = INT64_MAX;
		if ((o.from && parse_time(o.from, &filter.time_from_ms)) || (o.to && parse_time(o.to, &filter.time_to_ms))) {
			fprintf(stderr, "smgw-logbook: --from/--to need ISO 8601 times with offset\n");
			return 2;
		}
	}
	if (o.has_type && strcmp(cmd, "append") != 0) {
		filter.flags |= SMGW_LOGBOOK_FILTER_TYPE;
		filter.event_type = (uint32_t)o.type;
	}
	filter.min_level = (int32_t)o.min_level;
	if (o.all)
		filter.flags |= SMGW_LOGBOOK_FILTER_ALL_TYPES;

	e = smgw_ctx_new(NULL, &ctx);
	if (e < 0)
		return die("context", e);
	if (strcmp(cmd, "append") == 0 && o.key) {
		FILE *f = fopen(o.key, "r");
		if (!f || !(key = PEM_read_PrivateKey(f, NULL, NULL, NULL))) {
			if (f)
				fclose(f);
			fprintf(stderr, "smgw-logbook: cannot read an EC private key from %s\n", o.key);
			rc = 1;
			goto out;
		}
		fclose(f);
		params.sign = sign_with_key;
		params.sign_userdata = key;
		params.anchor_interval = (uint32_t)o.anchor_every;
	}
	if (strcmp(cmd, "append") != 0)
		params.flags = SMGW_LOGBOOK_READONLY;
	params.segment_size = (uint64_t)o.segment_size;
	params.max_segments = (uint32_t)o.max_segments;
	e = smgw_logstore_new_dir(ctx, o.dir, &store);
	if (e < 0) {
		rc = die(o.dir, e);
		goto out;
	}
	e = smgw_logbook_open(store, kind, (const uint8_t *)o.consumer, o.consumer ? strlen(o.consumer) : 0, &params,
			      &info, &lb);
	if (e < 0) {
		rc = die("open", e);
		goto out;
	}
	if (info.torn_bytes && !(params.flags & SMGW_LOGBOOK_READONLY))
		fprintf(stderr, "smgw-logbook: recovered: removed an incomplete last record (%" PRIu64 " bytes)\n",
			info.torn_bytes);

	if (strcmp(cmd, "append") == 0) {
		struct smgw_logbook_event ev = { .struct_size = sizeof(ev) };
		uint64_t seq;

		ev.event_type = (uint32_t)o.type;
		ev.level = (int32_t)o.level;
		ev.outcome = (int32_t)o.outcome;
		ev.source = o.source;
		ev.subject = o.subject;
		ev.recipient = o.recipient;
		ev.text = o.text;
		if (o.time) {
			if (parse_time(o.time, &ev.time_ms)) {
				fprintf(stderr, "smgw-logbook: --time needs ISO 8601 with offset\n");
				rc = 2;
				goto out;
			}
		} else {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ev.time_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
		}
		e = smgw_logbook_append(lb, &ev, &seq);
		if (e < 0) {
			rc = die("append", e);
			goto out;
		}
		if (o.anchor) {
			e = smgw_logbook_anchor(lb, ev.time_ms);
			if (e < 0) {
				rc = die("anchor", e);
				goto out;
			}
		}
		printf("%" PRIu64 "\n", seq);
	} else if (strcmp(cmd, "list") == 0) {
		e = smgw_logbook_foreach(lb, &filter, print_record, NULL);
		if (e < 0)
			rc = die("list", e);
	} else if (strcmp(cmd, "export") == 0) {
		if (o.xml) {
			printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LogEntries xmlns=\"http://vde.de/AR_2418-6.xsd\">\n");
			e = smgw_logbook_export_xml(lb, &filter, write_stdout, NULL);
			printf("</LogEntries>\n");
		} else {
			e = smgw_logbook_export_json(lb, &filter, write_stdout, NULL);
		}
		if (e < 0)
			rc = die("export", e);
	} else {
		struct smgw_logbook_verify_result vr;
		struct smgw_logbook_pubkey pk = { NULL, 0 };
		char *pem = NULL;

		if (o.pubkey) {
			pem = read_file(o.pubkey, &pk.key_len);
			if (!pem) {
				fprintf(stderr, "smgw-logbook: cannot read %s\n", o.pubkey);
				rc = 2;
				goto out;
			}
			pk.key = (const uint8_t *)pem;
		}
		e = smgw_logbook_verify(lb, pem ? smgw_logbook_verify_ecdsa : NULL, &pk, &vr);
		free(pem);
		if (e == 0) {
			printf("intact: %" PRIu64 " records, %" PRIu64 " anchors verified%s\n", vr.records, vr.anchors,
			       o.pubkey ? "" : " (no --pubkey: signatures not checked)");
		} else if (e == SMGW_E_INTEGRITY) {
			printf("BROKEN: first bad record %" PRIu64 " (segment %u, offset %" PRIu64 "): %s\n",
			       vr.first_bad_seq, vr.segment_index, vr.offset, vr.reason);
			rc = 1;
		} else {
			rc = die("verify", e);
		}
	}
out:
	smgw_logbook_close(lb);
	smgw_logstore_free(store);
	EVP_PKEY_free(key);
	smgw_ctx_unref(ctx);
	return rc;
badnum:
	fprintf(stderr, "smgw-logbook: bad number '%s'\n", optarg);
	return 2;
}
