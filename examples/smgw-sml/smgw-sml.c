/* SPDX-License-Identifier: Apache-2.0 */
/*
 * smgw-sml: decodes SML 1.04 (transport v1) from files, stdin or a serial
 * device and prints every SML file as text or as one JSON object per line.
 * See docs/sml.md, section "smgw-sml".
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <smgw/lmn.h>

#define FRAME_BUF (64 * 1024)

struct opts {
	int json;
	int follow;
	int messages_only;
	int strict_crc;
	uint32_t flags;
	long baud;
	const char *parity;
};

struct state {
	const struct opts *o;
	const char *name;
	unsigned long good, bad;
	unsigned long index;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: smgw-sml [OPTIONS] [INPUT...]\n"
		"Decode SML 1.04 (transport v1) from files, stdin ('-', the default) or a\n"
		"serial device, and print every SML file found.\n"
		"\n"
		"Options:\n"
		"  -j, --json            one JSON object per line and SML file\n"
		"  -f, --follow          keep reading at end of input (live meter, growing file)\n"
		"  -b, --baud N          serial speed (default 9600; 300 ... 115200)\n"
		"  -p, --parity P        serial parity: none (8N1, default), even (8E1), odd (8O1)\n"
		"  -m, --messages        input is bare SML messages without transport framing\n"
		"                        (detected for files without any start sequence)\n"
		"      --strict-crc      report files with a wrong message CRC as damaged\n"
		"                        (default: shown with a warning when only that is wrong)\n"
		"      --no-kermit       accept only CRC-16/X-25\n"
		"      --strict          reject known vendor deviations\n"
		"      --dzg-fix         correct the DZG DVS74 power encoding bug\n"
		"  -h, --help            show this help\n"
		"\n"
		"Exit status: 0 if at least one good SML file was decoded, 1 if none,\n"
		"2 on usage or input/output errors.\n");
}

static void hex(FILE *f, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static const char *crc_name(int32_t crc)
{
	switch (crc) {
	case SMGW_SML_CRC_X25: return "x25";
	case SMGW_SML_CRC_KERMIT: return "kermit";
	default: return "none";
	}
}

/* Generic JSON rendering of an element tree (depth bounded by the decoder). */
static void json_elems(FILE *f, struct smgw_sml_cursor *c)
{
	struct smgw_sml_elem e;
	struct smgw_sml_cursor raw;
	int first = 1;

	while (smgw_sml_elem_next(c, &e, &raw) > 0) {
		uint64_t u = 0;
		uint32_t i;

		if (!first)
			fputc(',', f);
		first = 0;
		for (i = 0; e.type != SMGW_SML_TYPE_LIST && i < e.len && i < 8; i++)
			u = (u << 8) | e.data[i];
		switch (e.type) {
		case SMGW_SML_TYPE_OCTETS:
			fputc('"', f);
			hex(f, e.data, e.len);
			fputc('"', f);
			break;
		case SMGW_SML_TYPE_BOOL:
			fputs(e.data[0] ? "true" : "false", f);
			break;
		case SMGW_SML_TYPE_INT: {
			int64_t s = (int64_t)u;
			if (e.len < 8 && (e.data[0] & 0x80))
				s = (int64_t)(u | (~UINT64_C(0) << (8 * e.len)));
			fprintf(f, "%" PRId64, s);
			break;
		}
		case SMGW_SML_TYPE_UINT:
			fprintf(f, "%" PRIu64, u);
			break;
		case SMGW_SML_TYPE_LIST: {
			struct smgw_sml_cursor sub;
			struct smgw_sml_elem skip;
			/* The children follow the list's TL inside raw. */
			sub = raw;
			sub.count = 1;
			if (smgw_sml_elem_read(&sub.r, &skip) == 0) {
				sub.count = skip.len;
				sub.index = 0;
				fputc('[', f);
				json_elems(f, &sub);
				fputc(']', f);
			}
			break;
		}
		default:
			fputs("null", f);
			break;
		}
	}
}

static void print_time_json(FILE *f, const struct smgw_value *v)
{
	if (!(v->flags & SMGW_VALUE_HAS_CAPTURE_TIME))
		return;
	if (v->flags & SMGW_VALUE_SECONDS_INDEX)
		fprintf(f, ",\"time\":%" PRId64 ",\"time_type\":\"sec_index\"", v->capture_ms / 1000);
	else
		fprintf(f, ",\"time\":%" PRId64 ",\"time_type\":\"utc\"", v->capture_ms / 1000);
}

struct value_ctx {
	FILE *f;
	int json;
	int n;
};

static int on_value(void *ud, const struct smgw_value *v, const struct smgw_sml_message *m)
{
	struct value_ctx *x = ud;
	char obis[SMGW_OBIS_STRLEN], dec[40];
	const char *sym;

	(void)m;
	if (smgw_obis_format(&v->obis, obis, sizeof(obis)) < 0)
		snprintf(obis, sizeof(obis), "?");
	if (x->json) {
		fprintf(x->f, "%s{\"obis\":\"%s\",\"value\":%" PRId64 ",\"scaler\":%d,\"unit\":%u",
			x->n ? "," : "", obis, v->value, v->scaler, v->unit);
		if (v->flags & SMGW_VALUE_HAS_STATUS)
			fprintf(x->f, ",\"status\":%" PRIu64, v->status);
		print_time_json(x->f, v);
		if (v->flags & SMGW_VALUE_HAS_SERVER_ID) {
			fputs(",\"server_id\":\"", x->f);
			hex(x->f, v->server_id, v->server_id_len);
			fputc('"', x->f);
		}
		fputc('}', x->f);
	} else {
		if (smgw_value_format_decimal(v->value, v->scaler, dec, sizeof(dec)) < 0)
			snprintf(dec, sizeof(dec), "%" PRId64 "e%d", v->value, v->scaler);
		sym = (v->flags & SMGW_VALUE_HAS_UNIT) ? smgw_unit_symbol(v->unit) : NULL;
		fprintf(x->f, "  %-22s %s%s%s", obis, dec, sym ? " " : "", sym ? sym : "");
		if (v->flags & SMGW_VALUE_HAS_STATUS)
			fprintf(x->f, "  status 0x%" PRIx64, v->status);
		if (v->flags & SMGW_VALUE_HAS_CAPTURE_TIME)
			fprintf(x->f, "  %s %" PRId64, (v->flags & SMGW_VALUE_SECONDS_INDEX) ? "secIndex" : "time",
				v->capture_ms / 1000);
		fputc('\n', x->f);
	}
	x->n++;
	return 0;
}

static void report_error(struct state *st, uint64_t offset, int code, const struct smgw_diag *d)
{
	FILE *f = stdout;

	st->bad++;
	if (st->o->json) {
		fprintf(f, "{\"input\":");
		json_str(f, st->name);
		fprintf(f, ",\"offset\":%" PRIu64 ",\"error\":", offset);
		json_str(f, d && d->message[0] ? d->message : smgw_strerror(code));
		fprintf(f, ",\"code\":\"%s\"}\n", smgw_strerror_name(code));
	} else {
		fprintf(f, "%s: offset %" PRIu64 ": error: %s\n", st->name, offset,
			d && d->message[0] ? d->message : smgw_strerror(code));
	}
	fflush(f);
}

/* Decodes and prints one SML file (the messages of one transport frame). */
static void handle_file(struct state *st, const uint8_t *data, size_t len, uint64_t offset, int32_t crc,
			unsigned padding)
{
	struct smgw_diag d = SMGW_DIAG_INIT;
	struct smgw_reader r;
	struct smgw_sml_message m;
	struct value_ctx vx = { stdout, st->o->json, 0 };
	FILE *f = stdout;
	int n, first = 1;

	uint32_t flags = st->o->flags;
	int crc_warning = 0;

	/* Validate first: a damaged file is reported as an error only. A file
	 * whose only fault is a wrong message CRC (anonymised captures) is
	 * shown with a warning unless --strict-crc is given. */
	n = smgw_sml_file_values(data, len, flags, NULL, NULL, &d);
	if (n == SMGW_E_SML_MSG_CRC && !st->o->strict_crc) {
		flags |= SMGW_SML_F_IGNORE_MSG_CRC;
		crc_warning = 1;
		n = smgw_sml_file_values(data, len, flags, NULL, NULL, &d);
	}
	if (n < 0) {
		report_error(st, offset, n, &d);
		return;
	}
	st->good++;
	st->index++;
	if (st->o->json) {
		fprintf(f, "{\"input\":");
		json_str(f, st->name);
		fprintf(f, ",\"file\":%lu,\"offset\":%" PRIu64 ",\"length\":%zu,\"crc\":\"%s\",\"padding\":%u,",
			st->index, offset, len, crc_name(crc), padding);
		if (crc_warning)
			fputs("\"warning\":\"message CRC mismatch: values not verified\",", f);
		fputs("\"messages\":[", f);
	} else {
		fprintf(f, "%s: SML file %lu at offset %" PRIu64 ", %zu bytes, transport CRC %s%s\n", st->name,
			st->index, offset, len, crc_name(crc),
			crc_warning ? "; WARNING: message CRC mismatch, values not verified" : "");
	}
	smgw_reader_init(&r, data, len);
	while (smgw_sml_message_next(&r, flags, &m, NULL) > 0) {
		const char *tag = smgw_sml_tag_name(m.tag);
		struct smgw_sml_cursor body = m.body_raw;

		if (st->o->json) {
			fprintf(f, "%s{\"tag\":", first ? "" : ",");
			if (tag)
				json_str(f, tag);
			else
				fprintf(f, "\"0x%04" PRIx32 "\"", m.tag);
			fprintf(f, ",\"tag_value\":%" PRIu32 ",\"transaction_id\":\"", m.tag);
			hex(f, m.transaction_id.data, m.transaction_id.len);
			fprintf(f, "\",\"group\":%u,\"abort_on_error\":%u,\"crc\":\"%s\",\"body\":", m.group_no,
				m.abort_on_error, crc_name(m.crc));
			json_elems(f, &body);
			fputc('}', f);
		} else {
			fprintf(f, " %s (transaction ", tag ? tag : "unknown body");
			hex(f, m.transaction_id.data, m.transaction_id.len);
			fprintf(f, ", CRC %s)\n", crc_name(m.crc));
		}
		first = 0;
	}
	if (st->o->json)
		fputs("],\"values\":[", f);
	n = smgw_sml_file_values(data, len, flags, on_value, &vx, NULL);
	(void)n;
	if (st->o->json)
		fputs("]}\n", f);
	fflush(f);
}

static speed_t baud_const(long b)
{
	switch (b) {
	case 300: return B300;
	case 600: return B600;
	case 1200: return B1200;
	case 2400: return B2400;
	case 4800: return B4800;
	case 9600: return B9600;
	case 19200: return B19200;
	case 38400: return B38400;
	case 57600: return B57600;
	case 115200: return B115200;
	default: return 0;
	}
}

static int setup_serial(int fd, const struct opts *o, const char *name)
{
	struct termios t;
	speed_t sp = baud_const(o->baud);

	if (tcgetattr(fd, &t) != 0) {
		fprintf(stderr, "smgw-sml: %s: not a terminal device: %s\n", name, strerror(errno));
		return -1;
	}
	cfmakeraw(&t);
	t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
	t.c_cflag |= CS8 | CLOCAL | CREAD;
	if (strcmp(o->parity, "even") == 0)
		t.c_cflag |= PARENB;
	else if (strcmp(o->parity, "odd") == 0)
		t.c_cflag |= PARENB | PARODD;
	t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (cfsetispeed(&t, sp) != 0 || cfsetospeed(&t, sp) != 0 || tcsetattr(fd, TCSANOW, &t) != 0) {
		fprintf(stderr, "smgw-sml: %s: cannot configure the serial line: %s\n", name, strerror(errno));
		return -1;
	}
	tcflush(fd, TCIFLUSH);
	return 0;
}

/* Bare message input: the whole input is one SML file. */
static int run_messages(struct state *st, int fd)
{
	static uint8_t buf[FRAME_BUF];
	size_t len = 0;
	ssize_t n;

	for (;;) {
		if (len == sizeof(buf)) {
			fprintf(stderr, "smgw-sml: %s: input longer than %zu bytes\n", st->name, sizeof(buf));
			return -1;
		}
		n = read(fd, buf + len, sizeof(buf) - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "smgw-sml: %s: read error: %s\n", st->name, strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	handle_file(st, buf, len, 0, SMGW_SML_CRC_NONE, 0);
	return 0;
}

/*
 * A regular file without any transport start sequence that begins like an
 * SML message (a list of 6) holds bare messages. Rewinds the file.
 */
static int looks_bare(int fd)
{
	static const uint8_t start[8] = { 0x1b, 0x1b, 0x1b, 0x1b, 0x01, 0x01, 0x01, 0x01 };
	static uint8_t buf[FRAME_BUF];
	size_t len = 0;
	ssize_t n;
	int bare;

	while (len < sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)n;
	bare = len > 0 && len < sizeof(buf) && buf[0] == 0x76 && !memmem(buf, len, start, sizeof(start));
	if (lseek(fd, 0, SEEK_SET) != 0)
		return 0;
	return bare;
}

static int run_stream(struct state *st, int fd, int is_tty)
{
	static uint8_t frame[FRAME_BUF];
	static uint64_t mem[64];
	uint8_t in[4096];
	smgw_sml_stream *s;
	unsigned long good_before = st->good;
	int e;

	if (smgw_sml_stream_size() > sizeof(mem) ||
	    smgw_sml_stream_init(mem, sizeof(mem), frame, sizeof(frame), st->o->flags & SMGW_SML_F_NO_KERMIT, &s) < 0) {
		fprintf(stderr, "smgw-sml: internal error: stream setup\n");
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, in, sizeof(in));
		size_t off = 0;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "smgw-sml: %s: read error: %s\n", st->name, strerror(errno));
			return -1;
		}
		if (n == 0) {
			if (st->o->follow && !is_tty) {
				struct timespec ts = { 0, 200 * 1000 * 1000 };
				nanosleep(&ts, NULL);
				continue;
			}
			break;
		}
		while (off < (size_t)n) {
			struct smgw_diag d = SMGW_DIAG_INIT;
			struct smgw_sml_file file;
			size_t used;

			e = smgw_sml_stream_feed(s, in + off, (size_t)n - off, &used, &file, &d);
			off += used;
			if (e == SMGW_SML_FILE)
				handle_file(st, file.data, file.len, file.offset, file.crc, file.padding);
			else if (e < 0)
				report_error(st, d.offset, e, &d);
		}
		/* A device without --follow: stop after the first good file. */
		if (is_tty && !st->o->follow && st->good > good_before)
			return 0;
	}
	{
		struct smgw_diag d = SMGW_DIAG_INIT;

		e = smgw_sml_stream_finish(s, &d);
		if (e < 0)
			report_error(st, d.offset, e, &d);
	}
	return 0;
}

static int run_input(struct state *st, const char *path)
{
	struct stat sb;
	int fd, is_tty = 0, r;

	memset(&sb, 0, sizeof(sb));
	st->name = path;
	st->index = 0;
	if (strcmp(path, "-") == 0) {
		st->name = "stdin";
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_NOCTTY);
		if (fd < 0) {
			fprintf(stderr, "smgw-sml: %s: %s\n", path, strerror(errno));
			return -1;
		}
	}
	if (fstat(fd, &sb) == 0 && S_ISCHR(sb.st_mode) && isatty(fd)) {
		is_tty = 1;
		if (setup_serial(fd, st->o, st->name) < 0) {
			if (fd != STDIN_FILENO)
				close(fd);
			return -1;
		}
	}
	if (st->o->messages_only || (!is_tty && !st->o->follow && S_ISREG(sb.st_mode) && looks_bare(fd)))
		r = run_messages(st, fd);
	else
		r = run_stream(st, fd, is_tty);
	if (fd != STDIN_FILENO)
		close(fd);
	return r;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "follow", no_argument, NULL, 'f' },
		{ "baud", required_argument, NULL, 'b' },
		{ "parity", required_argument, NULL, 'p' },
		{ "messages", no_argument, NULL, 'm' },
		{ "strict-crc", no_argument, NULL, 1 },
		{ "no-kermit", no_argument, NULL, 2 },
		{ "strict", no_argument, NULL, 3 },
		{ "dzg-fix", no_argument, NULL, 4 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { 0, 0, 0, 0, 0, 9600, "none" };
	struct state st;
	int c, i, io_error = 0;
	char *end;

	while ((c = getopt_long(argc, argv, "jfb:p:mh", lo, NULL)) != -1) {
		switch (c) {
		case 'j': o.json = 1; break;
		case 'f': o.follow = 1; break;
		case 'm': o.messages_only = 1; break;
		case 'b':
			errno = 0;
			o.baud = strtol(optarg, &end, 10);
			if (errno || *end || !baud_const(o.baud)) {
				fprintf(stderr, "smgw-sml: unsupported speed '%s'\n", optarg);
				return 2;
			}
			break;
		case 'p':
			if (strcmp(optarg, "none") && strcmp(optarg, "even") && strcmp(optarg, "odd")) {
				fprintf(stderr, "smgw-sml: parity must be none, even or odd\n");
				return 2;
			}
			o.parity = optarg;
			break;
		case 1: o.strict_crc = 1; break;
		case 2: o.flags |= SMGW_SML_F_NO_KERMIT; break;
		case 3: o.flags |= SMGW_SML_F_STRICT; break;
		case 4: o.flags |= SMGW_SML_F_DZG_FIX; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	memset(&st, 0, sizeof(st));
	st.o = &o;
	if (optind == argc) {
		if (run_input(&st, "-") < 0)
			io_error = 1;
	}
	for (i = optind; i < argc; i++)
		if (run_input(&st, argv[i]) < 0)
			io_error = 1;
	if (io_error)
		return 2;
	if (!o.json)
		fprintf(stderr, "smgw-sml: %lu good SML file(s), %lu damaged\n", st.good, st.bad);
	return st.good > 0 ? 0 : 1;
}
