/* SPDX-License-Identifier: Apache-2.0 */
/*
 * smgw-pki: SM-PKI tool. Generates a complete SM-Test-PKI, shows
 * certificates and CRLs, lists the profile rules, and checks a certificate
 * against the TR-03109-4 profile of a role and type and against a trust
 * store at a given time. See docs/pki.md, section "smgw-pki".
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char *prog = "smgw-pki";

static void usage(FILE *f);

/* ISO 8601 with offset; for the command line a time without offset, or a
 * date alone, is taken as UTC. */
static int parse_time(const char *text, int64_t *ret)
{
	char buf[64];
	size_t n = strlen(text);

	if (smgw_time_parse_iso8601(text, n, ret, NULL) == 0)
		return 0;
	if (n == 10 && snprintf(buf, sizeof(buf), "%sT00:00:00Z", text) < (int)sizeof(buf))
		return smgw_time_parse_iso8601(buf, strlen(buf), ret, NULL) == 0 ? 0 : -1;
	if (n < 40 && snprintf(buf, sizeof(buf), "%sZ", text) < (int)sizeof(buf))
		return smgw_time_parse_iso8601(buf, strlen(buf), ret, NULL) == 0 ? 0 : -1;
	return -1;
}

/* ---- file helpers ---- */

static uint8_t *slurp(const char *path, size_t *ret_len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	uint8_t *buf = NULL, *n;
	size_t len = 0, cap = 0, got;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - len < 4096) {
			if (cap > (64u << 20)) {
				fprintf(stderr, "%s: %s: larger than 64 MiB\n", prog, path);
				free(buf);
				buf = NULL;
				break;
			}
			cap = cap ? 2 * cap : 8192;
			n = realloc(buf, cap);
			if (!n) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = n;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (buf && ferror(f)) {
		fprintf(stderr, "%s: %s: read error\n", prog, path);
		free(buf);
		buf = NULL;
	}
	if (f != stdin)
		fclose(f);
	*ret_len = len;
	return buf;
}

/* Loads every certificate of a file (DER, PEM or a PEM bundle). */
static int load_certs(smgw_pki *pki, const char *path, smgw_cert ***list, size_t *count)
{
	size_t len = 0, off = 0, used = 0, before = *count;
	uint8_t *buf = slurp(path, &len);
	struct smgw_diag d = SMGW_DIAG_INIT;
	int rc = 0;

	if (!buf)
		return -1;
	while (off < len) {
		smgw_cert *c = NULL;
		smgw_cert **n;

		rc = smgw_cert_parse(pki, buf + off, len - off, &used, &c, &d);
		if (rc == SMGW_E_NOTFOUND && *count > before) {
			rc = 0;
			break;
		}
		if (rc < 0) {
			fprintf(stderr, "%s: %s: %s (%s)\n", prog, path, d.message[0] ? d.message : smgw_strerror(rc),
				smgw_strerror_name(rc));
			break;
		}
		n = realloc(*list, (*count + 1) * sizeof(**list));
		if (!n) {
			smgw_cert_free(c);
			rc = SMGW_E_NOMEM;
			break;
		}
		*list = n;
		(*list)[(*count)++] = c;
		off += used;
		if (buf[0] == 0x30)
			break; /* DER: one certificate per file */
	}
	free(buf);
	if (rc == 0 && *count == before) {
		fprintf(stderr, "%s: %s: no certificate in the file\n", prog, path);
		return -1;
	}
	return rc < 0 ? -1 : 0;
}

static int load_crl(smgw_pki *pki, const char *path, smgw_crl **ret)
{
	size_t len = 0;
	uint8_t *buf = slurp(path, &len);
	struct smgw_diag d = SMGW_DIAG_INIT;
	int rc;

	if (!buf)
		return -1;
	rc = smgw_crl_parse(pki, buf, len, NULL, ret, &d);
	free(buf);
	if (rc < 0) {
		fprintf(stderr, "%s: %s: %s (%s)\n", prog, path, d.message[0] ? d.message : smgw_strerror(rc),
			smgw_strerror_name(rc));
		return -1;
	}
	return 0;
}

static void free_certs(smgw_cert **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		smgw_cert_free(list[i]);
	free(list);
}

static const char *iso(int64_t ms, char *buf)
{
	if (smgw_time_format_iso8601(ms, 0, SMGW_ISO_Z, buf, SMGW_ISO8601_LEN) < 0)
		snprintf(buf, SMGW_ISO8601_LEN, "(unrepresentable)");
	return buf;
}

static void print_hex(FILE *f, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, "%s%02X", i ? ":" : "", b[i]);
}

static const char *const ku_names[] = { "digitalSignature", "nonRepudiation", "keyEncipherment",
					"dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign",
					"encipherOnly", "decipherOnly" };

static void print_cert(FILE *f, const smgw_cert *c)
{
	struct smgw_cert_info in = { .struct_size = sizeof(in) };
	char buf[1024], t1[SMGW_ISO8601_LEN], t2[SMGW_ISO8601_LEN];
	uint8_t b[256];
	size_t n, i;
	int kind;

	if (smgw_cert_get_info(c, &in) < 0)
		return;
	n = sizeof(buf);
	if (smgw_cert_subject(c, buf, &n) == 0)
		fprintf(f, "subject:     %s\n", buf);
	n = sizeof(buf);
	if (smgw_cert_issuer(c, buf, &n) == 0)
		fprintf(f, "issuer:      %s\n", buf);
	n = sizeof(buf);
	if (smgw_cert_serial_hex(c, buf, &n) == 0)
		fprintf(f, "serial:      %s\n", buf);
	fprintf(f, "validity:    %s .. %s\n", iso(in.not_before, t1), iso(in.not_after, t2));
	fprintf(f, "key:         %s %s (%d bits)\n",
		in.key_type == SMGW_CERT_KEY_EC ? "EC" : in.key_type == SMGW_CERT_KEY_RSA ? "RSA" : "other",
		in.key_type == SMGW_CERT_KEY_EC ? smgw_cert_curve_name(in.curve) : "", in.key_bits);
	fprintf(f, "signature:   %s\n", smgw_cert_sig_alg_name(in.sig_alg));
	fprintf(f, "ca:          %s", in.is_ca ? "yes" : "no");
	if (in.path_len >= 0)
		fprintf(f, " (pathlen %d)", in.path_len);
	fprintf(f, "\nkey usage:   ");
	for (i = 0; i < sizeof(ku_names) / sizeof(ku_names[0]); i++)
		if (in.key_usage & (1u << i))
			fprintf(f, "%s ", ku_names[i]);
	fprintf(f, "%s\n", (in.ext_critical & SMGW_CERT_EXT_KU) ? "(critical)" : "");
	for (i = 0;; i++) {
		n = sizeof(buf);
		if (smgw_cert_eku(c, i, buf, &n) < 0)
			break;
		fprintf(f, "eku:         %s\n", buf);
	}
	for (i = 0;; i++) {
		n = sizeof(buf);
		if (smgw_cert_policy(c, i, buf, &n) < 0)
			break;
		fprintf(f, "policy:      %s\n", buf);
	}
	for (i = 0;; i++) {
		static const char *const kinds[] = { "other", "email", "DNS", "URI", "IP", "dirName" };

		n = sizeof(buf);
		if (smgw_cert_san(c, i, &kind, buf, &n) < 0)
			break;
		fprintf(f, "san:         %s:%s\n", kinds[kind >= 0 && kind <= 5 ? kind : 0], buf);
	}
	for (i = 0;; i++) {
		n = sizeof(buf);
		if (smgw_cert_crl_dp(c, i, buf, &n) < 0)
			break;
		fprintf(f, "crl dp:      %s\n", buf);
	}
	n = sizeof(b);
	if (smgw_cert_ski(c, b, &n) == 0) {
		fprintf(f, "ski:         ");
		print_hex(f, b, n);
		fprintf(f, "\n");
	}
	n = sizeof(b);
	if (smgw_cert_aki(c, b, &n) == 0) {
		fprintf(f, "aki:         ");
		print_hex(f, b, n);
		fprintf(f, "\n");
	}
}

/* ---- testpki ---- */

static int cmd_testpki(smgw_pki *pki, int argc, char **argv)
{
	static const struct option lo[] = { { "not-before", required_argument, NULL, 'b' },
					    { "help", no_argument, NULL, 'h' },
					    { NULL, 0, NULL, 0 } };
	struct smgw_testpki_params p = { .struct_size = sizeof(p) };
	struct smgw_diag d = SMGW_DIAG_INIT;
	smgw_testpki *tp = NULL;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (parse_time(optarg, &p.not_before) < 0) {
				fprintf(stderr, "%s testpki: --not-before: not an ISO 8601 time: %s\n", prog,
					optarg);
				return CLI_USAGE;
			}
			break;
		case 'h':
			printf("Usage: %s testpki [--not-before ISO-TIME] DIR\n"
			       "Writes a complete SM-Test-PKI (NOT FOR PRODUCTION) as PEM files into DIR,\n"
			       "with a README of what is what. Validity starts at --not-before\n"
			       "(default 2025-01-01T00:00:00Z): CAs 10 years, end users and CRLs 2 years.\n", prog);
			return CLI_OK;
		default:
			return CLI_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "%s testpki: exactly one directory expected (see --help)\n", prog);
		return CLI_USAGE;
	}
	rc = smgw_testpki_generate(pki, &p, &tp, &d);
	if (rc == 0)
		rc = smgw_testpki_write(tp, argv[optind], &d);
	if (rc < 0) {
		fprintf(stderr, "%s testpki: %s (%s)\n", prog, d.message[0] ? d.message : smgw_strerror(rc),
			smgw_strerror_name(rc));
		smgw_testpki_free(tp);
		return CLI_INVALID;
	}
	printf("wrote %zu objects and README to %s\n", smgw_testpki_count(tp), argv[optind]);
	smgw_testpki_free(tp);
	return CLI_OK;
}

/* ---- show ---- */

static int cmd_show(smgw_pki *pki, int argc, char **argv)
{
	int i, bad = 0;

	if (argc < 2) {
		fprintf(stderr, "%s show: no file given (see --help)\n", prog);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		printf("Usage: %s show FILE...\nPrints the fields of every certificate or CRL in the files\n"
		       "(DER, PEM or PEM bundles).\n", prog);
		return CLI_OK;
	}
	for (i = 1; i < argc; i++) {
		smgw_cert **list = NULL;
		size_t n = 0, k, len = 0;
		uint8_t *buf;
		smgw_crl *crl = NULL;

		/* a CRL file? */
		buf = slurp(argv[i], &len);
		if (!buf)
			return CLI_USAGE;
		if (smgw_crl_parse(pki, buf, len, NULL, &crl, NULL) == 0) {
			char t[1024], t1[SMGW_ISO8601_LEN], t2[SMGW_ISO8601_LEN];
			size_t tl = sizeof(t);
			int64_t tu = 0, nu = 0;

			printf("== %s: CRL\n", argv[i]);
			if (smgw_crl_issuer(crl, t, &tl) == 0)
				printf("issuer:      %s\n", t);
			if (smgw_crl_times(crl, &tu, &nu) == 0)
				printf("updates:     %s .. %s\n", iso(tu, t1), nu == INT64_MAX ? "(none)" : iso(nu, t2));
			for (k = 0; k < smgw_crl_count(crl); k++) {
				uint8_t s[64];
				size_t sl = sizeof(s);
				int64_t at = 0;
				int32_t reason = -1;

				if (smgw_crl_entry(crl, k, s, &sl, &at, &reason) < 0)
					continue;
				printf("revoked:     ");
				print_hex(stdout, s, sl);
				printf(" at %s reason %d\n", iso(at, t1), reason);
			}
			smgw_crl_free(crl);
			free(buf);
			continue;
		}
		free(buf);
		if (load_certs(pki, argv[i], &list, &n) < 0) {
			bad = 1;
			continue;
		}
		for (k = 0; k < n; k++) {
			printf("== %s: certificate %zu\n", argv[i], k + 1);
			print_cert(stdout, list[k]);
		}
		free_certs(list, n);
	}
	return bad ? CLI_USAGE : CLI_OK;
}

/* ---- rules ---- */

static int cmd_rules(smgw_pki *pki, int argc, char **argv)
{
	struct smgw_pki_rule_info ri;
	size_t i;

	(void)pki;
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("Usage: %s rules\nLists the TR-03109-4 profile rules: identifier, severity,\n"
		       "evidence (S: from a named source, K: default to be confirmed) and text.\n", prog);
		return CLI_OK;
	}
	if (argc > 1) {
		fprintf(stderr, "%s rules: no arguments expected\n", prog);
		return CLI_USAGE;
	}
	for (i = 0; smgw_pki_profile_rule(i, &ri) == 0; i++)
		printf("%-30s %-7s %c  %s\n", ri.id, ri.severity == SMGW_PKI_SEV_ERROR ? "error" : "warning",
		       (char)ri.evidence, ri.text);
	return CLI_OK;
}

static const char *sev_name(int s)
{
	return s == SMGW_PKI_SEV_ERROR ? "ERROR" : s == SMGW_PKI_SEV_WARNING ? "WARNING" : "INFO";
}

/* ---- crl-check ---- */

static int cmd_crl_check(smgw_pki *pki, int argc, char **argv)
{
	static const struct option lo[] = { { "signer", required_argument, NULL, 's' },
					    { "production", no_argument, NULL, 'p' },
					    { "help", no_argument, NULL, 'h' },
					    { NULL, 0, NULL, 0 } };
	smgw_cert **signer = NULL;
	size_t n_signer = 0, i;
	smgw_crl *crl = NULL;
	smgw_pki_findings *f = NULL;
	struct smgw_pki_profile_opts po = { sizeof(po), 0, NULL };
	int c, rc = CLI_USAGE, n;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:ph", lo, NULL)) != -1) {
		switch (c) {
		case 's':
			if (n_signer || load_certs(pki, optarg, &signer, &n_signer) < 0)
				goto out;
			break;
		case 'p':
			po.flags |= SMGW_PKI_PROFILE_PRODUCTION;
			break;
		case 'h':
			printf("Usage: %s crl-check [--signer CERT.pem] [--production] CRL.pem\n"
			       "Checks a CRL against the SM-PKI CRL profile and, with --signer, that the\n"
			       "certificate signed it and may sign CRLs. Exits 0 when it conforms, 1 when\n"
			       "not, 2 on bad usage or unreadable input.\n", prog);
			rc = CLI_OK;
			goto out;
		default:
			goto out;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "%s crl-check: exactly one CRL expected (see --help)\n", prog);
		goto out;
	}
	if (load_crl(pki, argv[optind], &crl) < 0 || smgw_pki_findings_new(pki, &f) < 0)
		goto out;
	n = smgw_pki_crl_check(pki, crl, n_signer ? signer[0] : NULL, &po, f);
	if (n < 0) {
		fprintf(stderr, "%s crl-check: %s\n", prog, smgw_strerror(n));
		goto out;
	}
	printf("findings:    %zu (%zu errors)\n", smgw_pki_findings_count(f), smgw_pki_findings_errors(f));
	for (i = 0; i < smgw_pki_findings_count(f); i++) {
		const struct smgw_pki_finding *it = smgw_pki_findings_get(f, i);

		printf("  %-7s %-26s %s\n", sev_name(it->severity), it->rule_id, it->message);
	}
	printf("RESULT: %s\n", n == 0 ? "CRL CONFORMS" : "CRL DOES NOT CONFORM");
	rc = n == 0 ? CLI_OK : CLI_INVALID;
out:
	smgw_pki_findings_free(f);
	smgw_crl_free(crl);
	free_certs(signer, n_signer);
	return rc;
}

/* ---- check ---- */

static void check_usage(FILE *f)
{
	fprintf(f,
		"Usage: %s check [OPTIONS] CERT.pem [CHAIN.pem...]\n"
		"Checks CERT against the TR-03109-4 profile of a role and type and, with\n"
		"--trust, validates its chain (strict X.509, explicit policy\n"
		SMGW_PKI_POLICY_OID ") at a time. Prints every finding; exits 0 only\n"
		"when the certificate is valid for the role and type, 1 when it is not,\n"
		"2 on bad usage or unreadable input. CHAIN files hold intermediates\n"
		"(sub-CAs, link certificates, the CRL signer).\n"
		"\n"
		"Options:\n"
		"  -r, --role R     root, subca, crl-signer, link, smgw, gwa, gwh, emt\n"
		"                   (default: guessed from the name and key usage)\n"
		"  -t, --type T     tls, sig, enc (end users; default: guessed)\n"
		"  -T, --trust F    trust anchors (SM-Root certificates); repeatable\n"
		"  -c, --crl F      a CRL; repeatable; the leaf must then be covered by one\n"
		"      --crl-all    check every certificate below the anchor against a CRL\n"
		"  -a, --at TIME    validation time, ISO 8601, e.g. 2025-06-01T12:00:00+02:00;\n"
		"                   without offset (or a date alone) UTC; default: now\n"
		"  -p, --production accept production names (O=SM-PKI-DE) only\n"
		"      --tls-server the certificate authenticates a TLS server (EKU serverAuth)\n"
		"      --tls-client the certificate authenticates a TLS client (EKU clientAuth)\n"
		"  -d, --disable ID switch off a profile rule (see 'rules'); repeatable\n"
		"  -q, --quiet      print the findings and the result only\n"
		"  -h, --help       show this help\n", prog);
}

static int cmd_check(smgw_pki *pki, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "role", required_argument, NULL, 'r' }, { "type", required_argument, NULL, 't' },
		{ "trust", required_argument, NULL, 'T' }, { "crl", required_argument, NULL, 'c' },
		{ "crl-all", no_argument, NULL, 'A' },     { "at", required_argument, NULL, 'a' },
		{ "production", no_argument, NULL, 'p' }, { "disable", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },       { "help", no_argument, NULL, 'h' },
		{ "tls-server", no_argument, NULL, 'S' },  { "tls-client", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 } };
	smgw_cert **anchors = NULL, **leafv = NULL, **chain = NULL;
	size_t n_anchors = 0, n_leaf = 0, n_chain = 0, n_crls = 0, n_disabled = 0, i;
	smgw_crl *crls[16];
	const char *disabled[33];
	int role = -1, type = -1, c, rc = CLI_USAGE, quiet = 0, have_at = 0, vr;
	uint32_t flags = 0;
	int64_t at = 0;
	smgw_pki_findings *f = NULL;
	smgw_pki_trust *trust = NULL;
	struct smgw_diag d = SMGW_DIAG_INIT;
	char t1[SMGW_ISO8601_LEN];

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:t:T:c:a:pd:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'r':
			role = smgw_pki_role_from_name(optarg);
			if (role < 0) {
				fprintf(stderr, "%s check: unknown role '%s'\n", prog, optarg);
				goto out;
			}
			break;
		case 't':
			type = smgw_pki_type_from_name(optarg);
			if (type < 0) {
				fprintf(stderr, "%s check: unknown type '%s' (tls, sig, enc)\n", prog, optarg);
				goto out;
			}
			break;
		case 'T':
			if (load_certs(pki, optarg, &anchors, &n_anchors) < 0)
				goto out;
			break;
		case 'c':
			if (n_crls == sizeof(crls) / sizeof(crls[0])) {
				fprintf(stderr, "%s check: at most 16 CRLs\n", prog);
				goto out;
			}
			if (load_crl(pki, optarg, &crls[n_crls]) < 0)
				goto out;
			n_crls++;
			break;
		case 'A':
			flags |= SMGW_PKI_VERIFY_CRL_ALL;
			break;
		case 'S':
			flags |= SMGW_PKI_VERIFY_TLS_SERVER;
			break;
		case 'C':
			flags |= SMGW_PKI_VERIFY_TLS_CLIENT;
			break;
		case 'a':
			if (parse_time(optarg, &at) < 0) {
				fprintf(stderr, "%s check: --at: not an ISO 8601 time: %s\n", prog, optarg);
				goto out;
			}
			have_at = 1;
			break;
		case 'p':
			flags |= SMGW_PKI_VERIFY_PRODUCTION;
			break;
		case 'd':
			if (n_disabled == 32) {
				fprintf(stderr, "%s check: at most 32 --disable\n", prog);
				goto out;
			}
			disabled[n_disabled++] = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			check_usage(stdout);
			rc = CLI_OK;
			goto out;
		default:
			check_usage(stderr);
			goto out;
		}
	}
	disabled[n_disabled] = NULL;
	if (optind >= argc) {
		fprintf(stderr, "%s check: no certificate given (see --help)\n", prog);
		goto out;
	}
	if (load_certs(pki, argv[optind], &leafv, &n_leaf) < 0)
		goto out;
	if (n_leaf > 1) {
		/* a bundle: the first is the leaf, the others its chain */
		for (i = 1; i < n_leaf; i++) {
			smgw_cert **nn = realloc(chain, (n_chain + 1) * sizeof(*chain));

			if (!nn)
				goto out;
			chain = nn;
			chain[n_chain++] = leafv[i];
		}
		n_leaf = 1;
	}
	for (i = (size_t)optind + 1; i < (size_t)argc; i++)
		if (load_certs(pki, argv[i], &chain, &n_chain) < 0)
			goto out;
	if (role < 0 || (type < 0 && role >= SMGW_PKI_ROLE_SMGW)) {
		int gr, gt;

		if (smgw_pki_profile_guess(leafv[0], &gr, &gt) < 0) {
			fprintf(stderr, "%s check: cannot tell the role from the certificate; give --role and --type\n",
				prog);
			goto out;
		}
		if (role < 0)
			role = gr;
		if (type < 0)
			type = role >= SMGW_PKI_ROLE_SMGW ? gt : SMGW_PKI_TYPE_NONE;
	}
	if (role < SMGW_PKI_ROLE_SMGW)
		type = SMGW_PKI_TYPE_NONE;
	if (!have_at) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		at = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	}
	if (n_crls && !(flags & SMGW_PKI_VERIFY_CRL_ALL))
		flags |= SMGW_PKI_VERIFY_CRL;
	if (smgw_pki_findings_new(pki, &f) < 0)
		goto out;
	if (!quiet) {
		print_cert(stdout, leafv[0]);
		printf("checked as:  %s %s at %s\n", smgw_pki_role_name(role), smgw_pki_type_name(type), iso(at, t1));
	}
	if (n_anchors) {
		struct smgw_pki_verify_opts o = { .struct_size = sizeof(o) };

		if (smgw_pki_trust_new(pki, &trust) < 0)
			goto out;
		for (i = 0; i < n_anchors; i++)
			(void)smgw_pki_trust_add_anchor(trust, anchors[i]);
		for (i = 0; i < n_crls; i++)
			(void)smgw_pki_trust_add_crl(trust, crls[i]);
		o.flags = flags;
		o.at = at;
		o.role = role;
		o.type = type;
		o.disabled_rules = disabled;
		vr = smgw_pki_verify(trust, leafv[0], (const smgw_cert *const *)chain, n_chain, &o, f, &d);
		if (!quiet)
			printf("chain:       validated against %zu anchor(s), %zu intermediate(s), %zu CRL(s)\n",
			       n_anchors, n_chain, n_crls);
	} else {
		struct smgw_pki_profile_opts po = { sizeof(po), 0, disabled };

		po.flags = (flags & SMGW_PKI_VERIFY_PRODUCTION) ? SMGW_PKI_PROFILE_PRODUCTION : 0;
		vr = smgw_pki_profile_check(pki, leafv[0], role, type, &po, f);
		if (vr > 0)
			vr = SMGW_E_PKI_PROFILE;
		if (!quiet)
			printf("chain:       not validated (no --trust): profile only\n");
	}
	if (vr < 0 && vr > SMGW_E_PKI_FIRST) {
		fprintf(stderr, "%s check: %s (%s)\n", prog, smgw_strerror(vr), smgw_strerror_name(vr));
		rc = CLI_USAGE;
		goto out;
	}
	printf("findings:    %zu (%zu errors)\n", smgw_pki_findings_count(f), smgw_pki_findings_errors(f));
	for (i = 0; i < smgw_pki_findings_count(f); i++) {
		const struct smgw_pki_finding *it = smgw_pki_findings_get(f, i);

		printf("  %-7s depth %-2d %-34s %s\n", sev_name(it->severity), it->depth, it->rule_id, it->message);
		if (it->subject[0] && it->depth > 0)
			printf("  %-7s          %-34s   at %s\n", "", "", it->subject);
	}
	if (vr == 0) {
		printf("RESULT: VALID for %s %s\n", smgw_pki_role_name(role), smgw_pki_type_name(type));
		rc = CLI_OK;
	} else {
		printf("RESULT: NOT VALID for %s %s: %s (%s)%s%s\n", smgw_pki_role_name(role), smgw_pki_type_name(type),
		       smgw_strerror(vr), smgw_strerror_name(vr), d.message[0] ? ": " : "", d.message);
		rc = CLI_INVALID;
	}
out:
	smgw_pki_trust_free(trust);
	smgw_pki_findings_free(f);
	free_certs(anchors, n_anchors);
	free_certs(leafv, n_leaf);
	free_certs(chain, n_chain);
	for (i = 0; i < n_crls; i++)
		smgw_crl_free(crls[i]);
	return rc;
}

/* ---- dispatch ---- */

static const struct smgw_pki_cli_cmd cert_cmds[] = {
	{ "testpki", "write a complete SM-Test-PKI as PEM files (not for production)", cmd_testpki },
	{ "check", "check a certificate against the profile and a trust store", cmd_check },
	{ "crl-check", "check a CRL against the SM-PKI CRL profile and its signer", cmd_crl_check },
	{ "show", "print the fields of certificates and CRLs", cmd_show },
	{ "rules", "list the TR-03109-4 profile rules", cmd_rules },
	{ NULL, NULL, NULL },
};

static const struct smgw_pki_cli_cmd *const cmd_tables[] = {
	cert_cmds,
#ifdef SMGW_PKI_CLI_SECMOD
	smgw_pki_cli_secmod_cmds,
#endif
};

static void usage(FILE *f)
{
	size_t t;
	const struct smgw_pki_cli_cmd *c;

	fprintf(f, "Usage: %s COMMAND [ARGS...]\n"
		   "SM-PKI (TR-03109-4) certificates and test PKI.\n\nCommands:\n", prog);
	for (t = 0; t < sizeof(cmd_tables) / sizeof(cmd_tables[0]); t++)
		for (c = cmd_tables[t]; c->name; c++)
			fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fprintf(f, "\n'%s COMMAND --help' describes a command. Exit status: 0 success or valid,\n"
		   "1 not valid or failed, 2 bad usage or unreadable input.\n", prog);
}

int main(int argc, char **argv)
{
	const struct smgw_pki_cli_cmd *c;
	smgw_ctx *ctx = NULL;
	smgw_pki *pki = NULL;
	size_t t;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	for (t = 0; t < sizeof(cmd_tables) / sizeof(cmd_tables[0]); t++)
		for (c = cmd_tables[t]; c->name; c++)
			if (strcmp(c->name, argv[1]) == 0)
				goto found;
	fprintf(stderr, "%s: unknown command '%s' (see --help)\n", prog, argv[1]);
	return CLI_USAGE;
found:
	if (smgw_ctx_new(NULL, &ctx) < 0 || smgw_pki_new(ctx, &pki) < 0) {
		fprintf(stderr, "%s: cannot set up the OpenSSL library context\n", prog);
		smgw_ctx_unref(ctx);
		return CLI_INVALID;
	}
	rc = c->run(pki, argc - 1, argv + 1);
	smgw_pki_free(pki);
	smgw_ctx_unref(ctx);
	return rc;
}
