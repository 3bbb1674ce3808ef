/* SPDX-License-Identifier: Apache-2.0 */
/*
 * smgw-tnc: remote attestation with Trusted Network Connect over TCP.
 *
 *   smgw-tnc server --listen ADDR:PORT [--imv MODULE...]   (Gateway Administrator)
 *   smgw-tnc client --connect ADDR:PORT [--imc MODULE...]  (gateway)
 *   smgw-tnc decode HEX...                                 (PA-TNC, PB-TNC, PT-TLS)
 *
 * The client prints the server's assessment result and access
 * recommendation and exits 0 only when access is allowed. See docs/tnc.md,
 * section "smgw-tnc".
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <smgw/core.h>
#include <smgw/tnc/pa.h>
#include <smgw/tnc/pb.h>
#include <smgw/tnc/pt.h>
#include <smgw/tnc/tncc.h>
#include <smgw/tnc/tncs.h>

#define MAX_MODULES 16
#define EXIT_DENIED 1
#define EXIT_USAGE 2
#define EXIT_FAILURE_ 3

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: smgw-tnc server --listen ADDR:PORT [--imv MODULE]... [OPTIONS]\n"
		"       smgw-tnc client --connect ADDR:PORT [--imc MODULE]... [OPTIONS]\n"
		"       smgw-tnc decode [--as pa|pb|pt] HEX...\n"
		"\n"
		"Remote attestation with Trusted Network Connect (PT-TLS, PB-TNC, PA-TNC)\n"
		"over TCP. The server (Gateway Administrator) loads IF-IMV modules, the\n"
		"client (gateway) loads IF-IMC modules; one assessment per connection.\n"
		"\n"
		"server options:\n"
		"  -l, --listen ADDR:PORT  address to listen on (port 0: any; the port is printed)\n"
		"  -v, --imv MODULE        load an IMV shared object (repeatable)\n"
		"  -p, --policy P          combine IMV recommendations: most-restrictive\n"
		"                          (default), all, any\n"
		"  -n, --count N           exit after N assessments (default: serve forever)\n"
		"client options:\n"
		"  -c, --connect ADDR:PORT the server\n"
		"  -m, --imc MODULE        load an IMC shared object (repeatable)\n"
		"  -L, --lang RANGES       preferred languages (default \"en\")\n"
		"both:\n"
		"  -t, --timeout SECONDS   longest wait for the peer (default 30)\n"
		"decode options:\n"
		"  -a, --as pa|pb|pt       how to read the bytes (default: recognized by the header)\n"
		"                          HEX may contain spaces and colons; '-' reads stdin\n"
		"  -h, --help              show this help\n"
		"\n"
		"Exit status (client): 0 access allowed, 1 access denied or isolated,\n"
		"2 usage error, 3 connection, module or protocol error.\n"
		"Exit status (server, decode): 0 success, 2 usage error, 3 failure.\n");
}

static int bad_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "smgw-tnc: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'smgw-tnc --help'.\n");
	return EXIT_USAGE;
}

/* ------------------------------------------------------------------ */
/* TCP                                                                 */
/* ------------------------------------------------------------------ */

static int split_addr(const char *s, char *host, size_t hcap, char *port, size_t pcap)
{
	const char *colon;
	size_t hl;

	if (s[0] == '[') {
		const char *e = strchr(s, ']');

		if (!e || e[1] != ':')
			return -1;
		hl = (size_t)(e - s - 1);
		if (hl >= hcap)
			return -1;
		memcpy(host, s + 1, hl);
		host[hl] = 0;
		colon = e + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -1;
		hl = (size_t)(colon - s);
		if (hl >= hcap)
			return -1;
		memcpy(host, s, hl);
		host[hl] = 0;
	}
	if (strlen(colon + 1) == 0 || strlen(colon + 1) >= pcap || strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return -1;
	snprintf(port, pcap, "%s", colon + 1);
	return 0;
}

static int tcp_open(const char *addr, int listen_mode, char *bound, size_t bcap)
{
	struct addrinfo hints, *res, *ai;
	char host[256], port[16];
	int fd = -1, e, one = 1;

	if (split_addr(addr, host, sizeof(host), port, sizeof(port)) != 0) {
		fprintf(stderr, "smgw-tnc: '%s' is not ADDR:PORT\n", addr);
		return -2;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = listen_mode ? AI_PASSIVE : 0;
	e = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (e != 0) {
		fprintf(stderr, "smgw-tnc: %s: %s\n", addr, gai_strerror(e));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (listen_mode) {
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
			if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 8) == 0)
				break;
		} else if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			break;
		}
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		fprintf(stderr, "smgw-tnc: %s %s: %s\n", listen_mode ? "cannot listen on" : "cannot connect to", addr,
			strerror(errno));
	} else if (listen_mode && bound) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		char h[128], p[16];

		if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0 &&
		    getnameinfo((struct sockaddr *)&ss, sl, h, sizeof(h), p, sizeof(p),
				NI_NUMERICHOST | NI_NUMERICSERV) == 0)
			snprintf(bound, bcap, "%s%s%s:%s", ss.ss_family == AF_INET6 ? "[" : "", h,
				 ss.ss_family == AF_INET6 ? "]" : "", p);
	}
	freeaddrinfo(res);
	return fd;
}

static int fd_read(void *ud, void *buf, size_t len, size_t *ret_n)
{
	ssize_t n;

	do {
		n = read(*(int *)ud, buf, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? SMGW_E_TIMEOUT : SMGW_E_IO;
	*ret_n = (size_t)n;
	return 0;
}

static int fd_write(void *ud, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len > 0) {
		ssize_t n = send(*(int *)ud, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return SMGW_E_TIMEOUT;
		if (n <= 0)
			return SMGW_E_IO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Bounds every read and write on the connection: a peer that stops
 * talking ends the assessment with SMGW_E_TIMEOUT instead of blocking. */
static void set_timeout(int fd, long seconds)
{
	struct timeval tv;

	tv.tv_sec = seconds;
	tv.tv_usec = 0;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static int parse_seconds(const char *s, long *ret)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == 0 || *end || v <= 0 || v > 86400)
		return -1;
	*ret = v;
	return 0;
}

static void report_err(const char *what, int err, const struct smgw_diag *d)
{
	if (d && d->message[0])
		fprintf(stderr, "smgw-tnc: %s: %s (%s)\n", what, smgw_strerror(err), d->message);
	else
		fprintf(stderr, "smgw-tnc: %s: %s\n", what, smgw_strerror(err));
}

/* ------------------------------------------------------------------ */
/* server and client                                                   */
/* ------------------------------------------------------------------ */

static int parse_policy(const char *s, int *ret)
{
	if (strcmp(s, "most-restrictive") == 0)
		*ret = SMGW_TNCS_POLICY_MOST_RESTRICTIVE;
	else if (strcmp(s, "all") == 0)
		*ret = SMGW_TNCS_POLICY_ALL;
	else if (strcmp(s, "any") == 0)
		*ret = SMGW_TNCS_POLICY_ANY;
	else
		return -1;
	return 0;
}

static int cmd_server(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' }, { "imv", required_argument, NULL, 'v' },
		{ "policy", required_argument, NULL, 'p' }, { "count", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long timeout = 30;
	const char *listen_addr = NULL, *imvs[MAX_MODULES];
	struct smgw_tncs_params p;
	smgw_tncs *tncs = NULL;
	smgw_ctx *ctx = NULL;
	long count = -1, done = 0;
	int c, n_imv = 0, lfd, err, i, policy = SMGW_TNCS_POLICY_MOST_RESTRICTIVE, status = 0;
	char bound[160] = "";

	while ((c = getopt_long(argc, argv, "l:v:p:n:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			listen_addr = optarg;
			break;
		case 't':
			if (parse_seconds(optarg, &timeout) != 0)
				return bad_usage("--timeout wants 1 ... 86400 seconds, not '%s'", optarg);
			break;
		case 'v':
			if (n_imv == MAX_MODULES)
				return bad_usage("at most 16 modules (%s)", optarg);
			imvs[n_imv++] = optarg;
			break;
		case 'p':
			if (parse_policy(optarg, &policy) != 0)
				return bad_usage("unknown policy '%s' (most-restrictive, all, any)", optarg);
			break;
		case 'n': {
			char *end;

			count = strtol(optarg, &end, 10);
			if (*end || count <= 0)
				return bad_usage("--count wants a positive number, not '%s'", optarg);
			break;
		}
		case 'h':
			usage(stdout);
			return 0;
		default:
			return bad_usage("%s", "bad server option");
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument '%s'", argv[optind]);
	if (!listen_addr)
		return bad_usage("%s", "server needs --listen ADDR:PORT");
	if (smgw_ctx_new(NULL, &ctx) < 0)
		return EXIT_FAILURE_;
	memset(&p, 0, sizeof(p));
	p.struct_size = sizeof(p);
	p.policy = policy;
	/* over plain TCP there is no client certificate; over TLS the
	 * certificate authenticates the client: no SASL either way */
	p.pt_flags = SMGW_PT_CLIENT_CERT_AUTH;
	err = smgw_tncs_new(ctx, &p, &tncs);
	if (err < 0) {
		report_err("server", err, NULL);
		smgw_ctx_unref(ctx);
		return EXIT_FAILURE_;
	}
	for (i = 0; i < n_imv; i++) {
		struct smgw_diag d = SMGW_DIAG_INIT;
		uint32_t id = 0;

		err = smgw_tncs_load_imv(tncs, imvs[i], NULL, &d, &id);
		if (err < 0) {
			report_err(imvs[i], err, &d);
			smgw_tncs_free(tncs);
			smgw_ctx_unref(ctx);
			return EXIT_FAILURE_;
		}
		fprintf(stderr, "smgw-tnc: IMV %s loaded with ID %u\n", imvs[i], (unsigned)id);
	}
	lfd = tcp_open(listen_addr, 1, bound, sizeof(bound));
	if (lfd < 0) {
		smgw_tncs_free(tncs);
		smgw_ctx_unref(ctx);
		return lfd == -2 ? EXIT_USAGE : EXIT_FAILURE_;
	}
	printf("listening on %s\n", bound);
	fflush(stdout);
	while (count < 0 || done < count) {
		struct smgw_tnc_result res;
		struct smgw_diag d = SMGW_DIAG_INIT;
		int cfd = accept(lfd, NULL, NULL);
		struct smgw_pt_io io = { sizeof(io), 0, &cfd, fd_read, fd_write };

		if (cfd < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "smgw-tnc: accept: %s\n", strerror(errno));
			status = EXIT_FAILURE_;
			break;
		}
		set_timeout(cfd, timeout);
		memset(&res, 0, sizeof(res));
		res.struct_size = sizeof(res);
		err = smgw_tncs_assess(tncs, &io, NULL, 0, &res, &d);
		close(cfd);
		done++;
		if (err < 0) {
			report_err("assessment", err, &d);
			status = EXIT_FAILURE_;
			continue;
		}
		printf("assessment %ld: %s, %s%s%s\n", done, smgw_tnc_assessment_name(res.assessment),
		       smgw_tnc_access_name(res.access), res.reason[0] ? ": " : "", res.reason);
		fflush(stdout);
	}
	close(lfd);
	smgw_tncs_free(tncs);
	smgw_ctx_unref(ctx);
	return status;
}

static int cmd_client(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "connect", required_argument, NULL, 'c' }, { "imc", required_argument, NULL, 'm' },
		{ "lang", required_argument, NULL, 'L' },    { "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
	};
	long timeout = 30;
	const char *addr = NULL, *imcs[MAX_MODULES], *lang = NULL;
	struct smgw_tncc_params p;
	struct smgw_tnc_result res;
	struct smgw_diag d = SMGW_DIAG_INIT;
	smgw_tncc *tncc = NULL;
	smgw_ctx *ctx = NULL;
	int c, n_imc = 0, fd, err, i, status;

	while ((c = getopt_long(argc, argv, "c:m:L:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			addr = optarg;
			break;
		case 't':
			if (parse_seconds(optarg, &timeout) != 0)
				return bad_usage("--timeout wants 1 ... 86400 seconds, not '%s'", optarg);
			break;
		case 'm':
			if (n_imc == MAX_MODULES)
				return bad_usage("at most 16 modules (%s)", optarg);
			imcs[n_imc++] = optarg;
			break;
		case 'L':
			lang = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return bad_usage("%s", "bad client option");
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument '%s'", argv[optind]);
	if (!addr)
		return bad_usage("%s", "client needs --connect ADDR:PORT");
	if (smgw_ctx_new(NULL, &ctx) < 0)
		return EXIT_FAILURE_;
	memset(&p, 0, sizeof(p));
	p.struct_size = sizeof(p);
	p.preferred_language = lang;
	err = smgw_tncc_new(ctx, &p, &tncc);
	if (err < 0) {
		report_err("client", err, NULL);
		smgw_ctx_unref(ctx);
		return err == SMGW_E_INVAL ? EXIT_USAGE : EXIT_FAILURE_;
	}
	for (i = 0; i < n_imc; i++) {
		uint32_t id = 0;

		err = smgw_tncc_load_imc(tncc, imcs[i], NULL, &d, &id);
		if (err < 0) {
			report_err(imcs[i], err, &d);
			smgw_tncc_free(tncc);
			smgw_ctx_unref(ctx);
			return EXIT_FAILURE_;
		}
	}
	fd = tcp_open(addr, 0, NULL, 0);
	if (fd < 0) {
		smgw_tncc_free(tncc);
		smgw_ctx_unref(ctx);
		return fd == -2 ? EXIT_USAGE : EXIT_FAILURE_;
	}
	set_timeout(fd, timeout);
	{
		struct smgw_pt_io io = { sizeof(io), 0, &fd, fd_read, fd_write };

		memset(&res, 0, sizeof(res));
		res.struct_size = sizeof(res);
		err = smgw_tncc_assess(tncc, &io, NULL, 0, &res, &d);
	}
	close(fd);
	if (err < 0) {
		report_err("assessment", err, &d);
		status = EXIT_FAILURE_;
	} else {
		printf("assessment result: %s\n", smgw_tnc_assessment_name(res.assessment));
		printf("access recommendation: %s\n", smgw_tnc_access_name(res.access));
		if (res.reason[0])
			printf("reason: %s%s%s%s\n", res.reason, res.reason_lang[0] ? " [" : "", res.reason_lang,
			       res.reason_lang[0] ? "]" : "");
		status = res.access == SMGW_PB_ACCESS_ALLOWED ? 0 : EXIT_DENIED;
	}
	smgw_tncc_free(tncc);
	smgw_ctx_unref(ctx);
	return status;
}

/* ------------------------------------------------------------------ */
/* decode                                                              */
/* ------------------------------------------------------------------ */

static void print_text(const char *label, const char *s, size_t n, int ind)
{
	size_t i;

	printf("%*s%s: \"", ind, "", label);
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			printf("\\x%02x", ch);
		else
			putchar(ch);
	}
	printf("\"\n");
}

static void print_hex(const char *label, const uint8_t *p, size_t n, int ind)
{
	size_t i;

	printf("%*s%s (%zu bytes):", ind, "", label, n);
	for (i = 0; i < n && i < 64; i++)
		printf(" %02x", p[i]);
	printf("%s\n", n > 64 ? " ..." : "");
}

static int decode_pa(const uint8_t *p, size_t n, int ind)
{
	struct smgw_pa_msg m;
	struct smgw_pa_error e;
	struct smgw_pa_attr a;
	struct smgw_diag d = SMGW_DIAG_INIT;
	size_t pos = 0;
	int r, err;

	memset(&e, 0, sizeof(e));
	err = smgw_pa_msg_parse(p, n, &m, &e, &d);
	if (err < 0) {
		printf("%*sPA-TNC: invalid: %s (%s)\n", ind, "", smgw_strerror(err), d.message);
		return err;
	}
	printf("%*sPA-TNC message: version %u, message id 0x%08x, %u attribute(s)\n", ind, "", (unsigned)m.version,
	       (unsigned)m.msg_id, (unsigned)m.attr_count);
	while ((r = smgw_pa_attr_next(&m, &pos, &a)) == 1) {
		printf("%*sattribute%s vendor %u type %u (%s), length %zu\n", ind + 2, "",
		       (a.flags & SMGW_PA_ATTR_NOSKIP) ? " NOSKIP" : "", (unsigned)a.vendor, (unsigned)a.type,
		       smgw_pa_attr_name(a.vendor, a.type), a.value_len + SMGW_PA_ATTR_HEADER_LEN);
		if (a.vendor != SMGW_TNC_VENDOR_IETF) {
			print_hex("value", a.value, a.value_len, ind + 4);
			continue;
		}
		switch (a.type) {
		case SMGW_PA_ATTR_PRODUCT_INFORMATION: {
			struct smgw_pa_product_info v;

			if (smgw_pa_decode_product_info(&a, &v, &d) == 0) {
				printf("%*sproduct vendor %u, product id %u\n", ind + 4, "", (unsigned)v.vendor,
				       (unsigned)v.product_id);
				print_text("product name", v.name, v.name_len, ind + 4);
				continue;
			}
			break;
		}
		case SMGW_PA_ATTR_NUMERIC_VERSION: {
			struct smgw_pa_numeric_version v;

			if (smgw_pa_decode_numeric_version(&a, &v, &d) == 0) {
				printf("%*sversion %u.%u build %u, service pack %u.%u\n", ind + 4, "", (unsigned)v.major,
				       (unsigned)v.minor, (unsigned)v.build, (unsigned)v.sp_major, (unsigned)v.sp_minor);
				continue;
			}
			break;
		}
		case SMGW_PA_ATTR_STRING_VERSION: {
			struct smgw_pa_string_version v;

			if (smgw_pa_decode_string_version(&a, &v, &d) == 0) {
				print_text("version", v.version, v.version_len, ind + 4);
				print_text("build", v.build, v.build_len, ind + 4);
				print_text("configuration", v.config, v.config_len, ind + 4);
				continue;
			}
			break;
		}
		case SMGW_PA_ATTR_OPERATIONAL_STATUS: {
			struct smgw_pa_op_status v;

			if (smgw_pa_decode_op_status(&a, &v, &d) == 0) {
				printf("%*sstatus %u, result %u, last use %s\n", ind + 4, "", (unsigned)v.status,
				       (unsigned)v.result, v.last_use);
				continue;
			}
			break;
		}
		case SMGW_PA_ATTR_ASSESSMENT_RESULT: {
			uint32_t v = 0;

			if (smgw_pa_decode_u32(&a, &v, &d) == 0) {
				printf("%*sresult %u (%s)\n", ind + 4, "", (unsigned)v, smgw_tnc_assessment_name((int)v));
				continue;
			}
			break;
		}
		case SMGW_PA_ATTR_ATTRIBUTE_REQUEST: {
			size_t k, cnt = 0;

			if (smgw_pa_decode_attr_request(&a, &cnt, &d) == 0) {
				for (k = 0; k < cnt; k++) {
					struct smgw_pa_attr_ref ref;

					if (smgw_pa_attr_request_get(&a, k, &ref) == 0)
						printf("%*srequests vendor %u type %u (%s)\n", ind + 4, "",
						       (unsigned)ref.vendor, (unsigned)ref.type,
						       smgw_pa_attr_name(ref.vendor, ref.type));
				}
				continue;
			}
			break;
		}
		default:
			print_hex("value", a.value, a.value_len, ind + 4);
			continue;
		}
		printf("%*sinvalid value: %s\n", ind + 4, "", d.message);
	}
	return r < 0 ? r : 0;
}

static const char *pb_msg_name(uint32_t vendor, uint32_t type)
{
	static const char *const names[] = { "PB-Experimental", "PB-PA", "PB-Assessment-Result",
					     "PB-Access-Recommendation", "PB-Remediation-Parameters", "PB-Error",
					     "PB-Language-Preference", "PB-Reason-String" };

	if (vendor == SMGW_TNC_VENDOR_IETF && type < 8)
		return names[type];
	return "unknown";
}

static int decode_pb(const uint8_t *p, size_t n, int ind)
{
	struct smgw_pb_batch b;
	struct smgw_pb_error e;
	struct smgw_pb_msg m;
	struct smgw_diag d = SMGW_DIAG_INIT;
	size_t pos = 0;
	int r, err;

	memset(&e, 0, sizeof(e));
	err = smgw_pb_batch_parse(p, n, &b, &e, &d);
	if (err < 0) {
		printf("%*sPB-TNC: invalid: %s (%s)\n", ind, "", smgw_strerror(err), d.message);
		return err;
	}
	printf("%*sPB-TNC batch: version %u, %s, %s, length %zu, %u message(s)\n", ind, "", (unsigned)b.version,
	       b.server ? "from the server" : "from the client", smgw_pb_batch_type_name(b.type), b.len,
	       (unsigned)b.msg_count);
	while ((r = smgw_pb_msg_next(&b, &pos, &m)) == 1) {
		printf("%*smessage%s vendor %u type %u (%s), length %zu\n", ind + 2, "",
		       (m.flags & SMGW_PB_MSG_NOSKIP) ? " NOSKIP" : "", (unsigned)m.vendor, (unsigned)m.type,
		       pb_msg_name(m.vendor, m.type), m.value_len + SMGW_PB_MSG_HEADER_LEN);
		err = 0;
		if (m.vendor != SMGW_TNC_VENDOR_IETF) {
			print_hex("value", m.value, m.value_len, ind + 4);
			continue;
		}
		switch (m.type) {
		case SMGW_PB_MSG_PA: {
			struct smgw_pb_pa pa;

			err = smgw_pb_decode_pa(&m, &pa, &d);
			if (err == 0) {
				printf("%*sPB-PA%s: PA vendor %u subtype %u, collector %u, validator %u\n", ind + 4, "",
				       (pa.flags & SMGW_PB_PA_EXCL) ? " EXCL" : "", (unsigned)pa.vendor,
				       (unsigned)pa.subtype, (unsigned)pa.collector, (unsigned)pa.validator);
				if (pa.vendor == SMGW_TNC_VENDOR_IETF ||
				    (pa.body_len >= 8 && pa.body[0] == SMGW_PA_VERSION))
					(void)decode_pa(pa.body, pa.body_len, ind + 6);
				else
					print_hex("PA message", pa.body, pa.body_len, ind + 6);
			}
			break;
		}
		case SMGW_PB_MSG_ASSESSMENT_RESULT: {
			uint32_t v = 0;

			err = smgw_pb_decode_assessment_result(&m, &v, &d);
			if (err == 0)
				printf("%*sassessment result %u (%s)\n", ind + 4, "", (unsigned)v,
				       smgw_tnc_assessment_name((int)v));
			break;
		}
		case SMGW_PB_MSG_ACCESS_RECOMMENDATION: {
			uint16_t v = 0;

			err = smgw_pb_decode_access_recommendation(&m, &v, &d);
			if (err == 0)
				printf("%*saccess recommendation %u (%s)\n", ind + 4, "", (unsigned)v,
				       smgw_tnc_access_name(v));
			break;
		}
		case SMGW_PB_MSG_LANGUAGE_PREFERENCE: {
			const char *s = NULL;
			size_t sl = 0;

			err = smgw_pb_decode_language_preference(&m, &s, &sl, &d);
			if (err == 0)
				print_text("language preference", s, sl, ind + 4);
			break;
		}
		case SMGW_PB_MSG_REASON_STRING: {
			struct smgw_pb_reason rs;

			err = smgw_pb_decode_reason_string(&m, &rs, &d);
			if (err == 0) {
				print_text("reason", rs.reason, rs.reason_len, ind + 4);
				print_text("language", rs.lang, rs.lang_len, ind + 4);
			}
			break;
		}
		case SMGW_PB_MSG_ERROR: {
			struct smgw_pb_error pe;

			err = smgw_pb_decode_error(&m, &pe, &d);
			if (err == 0)
				printf("%*serror%s vendor %u code %u, offset %u\n", ind + 4, "",
				       (pe.flags & SMGW_PB_ERROR_FATAL) ? " FATAL" : "", (unsigned)pe.vendor,
				       (unsigned)pe.code, (unsigned)pe.offset);
			break;
		}
		default:
			print_hex("value", m.value, m.value_len, ind + 4);
			break;
		}
		if (err < 0)
			printf("%*sinvalid value: %s\n", ind + 4, "", d.message);
	}
	return r < 0 ? r : 0;
}

static const char *pt_type_name(uint32_t vendor, uint32_t type)
{
	static const char *const names[] = { "Experimental", "Version Request", "Version Response",
					     "SASL Mechanisms", "SASL Mechanism Selection",
					     "SASL Authentication Data", "SASL Result", "PB-TNC Batch",
					     "PT-TLS Error" };

	if (vendor == SMGW_TNC_VENDOR_IETF && type < 9)
		return names[type];
	return "unknown";
}

static int decode_pt(const uint8_t *p, size_t n)
{
	struct smgw_pt_hdr h;
	struct smgw_diag d = SMGW_DIAG_INIT;
	const uint8_t *v;
	size_t vl;
	int err;

	while (n > 0) {
		err = smgw_pt_hdr_parse(p, n, 0, &h, &d);
		if (err < 0) {
			printf("PT-TLS: invalid: %s (%s)\n", smgw_strerror(err), d.message);
			return err;
		}
		if (h.length > n) {
			printf("PT-TLS: message of %u bytes, only %zu present\n", (unsigned)h.length, n);
			return SMGW_E_TRUNCATED;
		}
		v = p + SMGW_PT_HEADER_LEN;
		vl = h.length - SMGW_PT_HEADER_LEN;
		printf("PT-TLS message: vendor %u type %u (%s), length %u, message id %u\n", (unsigned)h.vendor,
		       (unsigned)h.type, pt_type_name(h.vendor, h.type), (unsigned)h.length, (unsigned)h.msg_id);
		if (h.vendor == SMGW_TNC_VENDOR_IETF) {
			switch (h.type) {
			case SMGW_PT_MSG_PB_BATCH:
				(void)decode_pb(v, vl, 2);
				break;
			case SMGW_PT_MSG_VERSION_REQUEST: {
				struct smgw_pt_version_request vr;

				if (smgw_pt_decode_version_request(v, vl, &vr, &d) == 0)
					printf("  min %u, max %u, preferred %u\n", vr.min_version, vr.max_version,
					       vr.pref_version);
				else
					printf("  invalid: %s\n", d.message);
				break;
			}
			case SMGW_PT_MSG_VERSION_RESPONSE: {
				uint8_t ver = 0;

				if (smgw_pt_decode_version_response(v, vl, &ver, &d) == 0)
					printf("  selected version %u\n", ver);
				else
					printf("  invalid: %s\n", d.message);
				break;
			}
			case SMGW_PT_MSG_SASL_MECHANISMS: {
				size_t pos = 0, nl = 0;
				const char *name = NULL;
				int r, k = 0;

				while ((r = smgw_pt_sasl_mechanisms_next(v, vl, &pos, &name, &nl)) == 1) {
					print_text("mechanism", name, nl, 2);
					k++;
				}
				if (r < 0)
					printf("  invalid mechanism list\n");
				else if (k == 0)
					printf("  (empty list: no SASL authentication)\n");
				break;
			}
			case SMGW_PT_MSG_ERROR: {
				uint32_t ev = 0, ec = 0;
				const uint8_t *copy = NULL;
				size_t cl = 0;

				if (smgw_pt_decode_error(v, vl, &ev, &ec, &copy, &cl, &d) == 0) {
					printf("  error vendor %u code %u\n", (unsigned)ev, (unsigned)ec);
					print_hex("offending message", copy, cl, 2);
				} else {
					printf("  invalid: %s\n", d.message);
				}
				break;
			}
			default:
				print_hex("value", v, vl, 2);
				break;
			}
		} else {
			print_hex("value", v, vl, 2);
		}
		p += h.length;
		n -= h.length;
	}
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends the hex digits of @p s; spaces, tabs, newlines and colons are ignored. */
static int add_hex(const char *s, uint8_t **buf, size_t *n, size_t *cap, int *half, int *nib)
{
	for (; *s; s++) {
		int v;

		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == ':')
			continue;
		v = hexval((unsigned char)*s);
		if (v < 0)
			return -1;
		if (!*half) {
			*nib = v;
			*half = 1;
			continue;
		}
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 256;
			uint8_t *nb = realloc(*buf, nc);

			if (!nb)
				return -2;
			*buf = nb;
			*cap = nc;
		}
		(*buf)[(*n)++] = (uint8_t)(*nib << 4 | v);
		*half = 0;
	}
	return 0;
}

static int cmd_decode(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *as = NULL;
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;
	int c, half = 0, nib = 0, i, err = 0;

	while ((c = getopt_long(argc, argv, "a:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (strcmp(optarg, "pa") && strcmp(optarg, "pb") && strcmp(optarg, "pt"))
				return bad_usage("--as wants pa, pb or pt, not '%s'", optarg);
			as = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return bad_usage("%s", "bad decode option");
		}
	}
	if (optind >= argc)
		return bad_usage("%s", "decode needs HEX (or '-' for stdin)");
	for (i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			char line[4096];

			while (fgets(line, sizeof(line), stdin)) {
				err = add_hex(line, &buf, &n, &cap, &half, &nib);
				if (err)
					break;
			}
		} else {
			err = add_hex(argv[i], &buf, &n, &cap, &half, &nib);
		}
		if (err == -1) {
			free(buf);
			return bad_usage("'%s' is not hexadecimal", argv[i]);
		}
		if (err == -2) {
			free(buf);
			fprintf(stderr, "smgw-tnc: out of memory\n");
			return EXIT_FAILURE_;
		}
	}
	if (half) {
		free(buf);
		return bad_usage("%s", "odd number of hex digits");
	}
	if (n == 0) {
		free(buf);
		return bad_usage("%s", "no bytes to decode");
	}
	if (!as) {
		/* PT-TLS: reserved byte 0 and a length field of at most the input;
		 * PB-TNC: version 2 with the batch length; PA-TNC: version 1 */
		if (n >= 16 && buf[0] == 0 && ((uint32_t)buf[8] << 24 | (uint32_t)buf[9] << 16 |
					       (uint32_t)buf[10] << 8 | buf[11]) <= n)
			as = "pt";
		else if (buf[0] == SMGW_PB_VERSION)
			as = "pb";
		else if (buf[0] == SMGW_PA_VERSION)
			as = "pa";
		else {
			fprintf(stderr, "smgw-tnc: not a PT-TLS message, PB-TNC batch or PA-TNC message "
					"(first byte 0x%02x); use --as\n", buf[0]);
			free(buf);
			return EXIT_FAILURE_;
		}
	}
	if (strcmp(as, "pt") == 0)
		err = decode_pt(buf, n);
	else if (strcmp(as, "pb") == 0)
		err = decode_pb(buf, n, 0);
	else
		err = decode_pa(buf, n, 0);
	free(buf);
	return err < 0 ? EXIT_FAILURE_ : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return bad_usage("%s", "a command is needed: server, client or decode");
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "server") == 0)
		return cmd_server(argc - 1, argv + 1);
	if (strcmp(argv[1], "client") == 0)
		return cmd_client(argc - 1, argv + 1);
	if (strcmp(argv[1], "decode") == 0)
		return cmd_decode(argc - 1, argv + 1);
	return bad_usage("unknown command '%s' (server, client, decode)", argv[1]);
}
