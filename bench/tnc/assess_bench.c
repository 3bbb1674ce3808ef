/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Full TNC assessments per second: a TNC client with the sample OS IMC and
 * a TNC server with the sample OS IMV (both loaded from their shared
 * objects through IF-IMC/IF-IMV) run complete assessments over a
 * socketpair: PT-TLS negotiation, PB-TNC CDATA with the four OS
 * attributes, RESULT with the assessment result, CLOSE. The server runs on
 * a second thread, as it would in another process.
 *
 * usage: smgw-bench-tnc-assess [N [IMC IMV]]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <smgw/core.h>
#include <smgw/tnc/tncc.h>
#include <smgw/tnc/tncs.h>

static int fd_read(void *ud, void *buf, size_t len, size_t *ret_n)
{
	ssize_t n = read(*(int *)ud, buf, len);

	if (n < 0)
		return SMGW_E_IO;
	*ret_n = (size_t)n;
	return 0;
}

static int fd_write(void *ud, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	while (len > 0) {
		ssize_t n = write(*(int *)ud, p, len);

		if (n <= 0)
			return SMGW_E_IO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

struct srv {
	smgw_tncs *tncs;
	int fd;
	long n;
	long failed;
};

static void *server(void *arg)
{
	struct srv *s = arg;
	struct smgw_pt_io io = { sizeof(io), 0, &s->fd, fd_read, fd_write };
	long i;

	for (i = 0; i < s->n; i++) {
		struct smgw_tnc_result r;

		memset(&r, 0, sizeof(r));
		r.struct_size = sizeof(r);
		if (smgw_tncs_assess(s->tncs, &io, NULL, 0, &r, NULL) != 0)
			s->failed++;
	}
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 5000, i, allowed = 0;
	const char *imc = argc > 3 ? argv[2] : IMC_OS_PATH;
	const char *imv = argc > 3 ? argv[3] : IMV_OS_PATH;
	struct smgw_tncs_params sp;
	struct srv s;
	smgw_ctx *ctx = NULL;
	smgw_tncc *tncc = NULL;
	struct smgw_diag d = SMGW_DIAG_INIT;
	pthread_t th;
	uint32_t id;
	int sv[2], cfd;
	double t0, t1;
	struct smgw_pt_io io = { sizeof(io), 0, &cfd, fd_read, fd_write };

	if (n <= 0 || (argc > 1 && argc != 2 && argc != 4)) {
		fprintf(stderr, "usage: smgw-bench-tnc-assess [N [IMC IMV]]\n");
		return 2;
	}
	setenv("SMGW_IMC_OS_NAME", "Debian GNU/Linux", 0);
	setenv("SMGW_IMC_OS_VERSION", "12.5", 0);
	setenv("SMGW_IMV_OS_PRODUCT", "Debian GNU/Linux", 0);
	setenv("SMGW_IMV_OS_MIN_VERSION", "12.0", 0);
	setenv("SMGW_IMV_OS_REQUIRE_OPERATIONAL", "yes", 0);
	if (smgw_ctx_new(NULL, &ctx) != 0 || smgw_tncc_new(ctx, NULL, &tncc) != 0)
		return 1;
	memset(&sp, 0, sizeof(sp));
	sp.struct_size = sizeof(sp);
	sp.pt_flags = SMGW_PT_CLIENT_CERT_AUTH;
	memset(&s, 0, sizeof(s));
	if (smgw_tncs_new(ctx, &sp, &s.tncs) != 0)
		return 1;
	if (smgw_tncc_load_imc(tncc, imc, "os", &d, &id) != 0 || smgw_tncs_load_imv(s.tncs, imv, "os", &d, &id) != 0) {
		fprintf(stderr, "smgw-bench-tnc-assess: %s\n", d.message);
		return 1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return 1;
	cfd = sv[0];
	s.fd = sv[1];
	s.n = n;
	if (pthread_create(&th, NULL, server, &s) != 0)
		return 1;
	t0 = now();
	for (i = 0; i < n; i++) {
		struct smgw_tnc_result r;

		memset(&r, 0, sizeof(r));
		r.struct_size = sizeof(r);
		if (smgw_tncc_assess(tncc, &io, NULL, 0, &r, &d) != 0) {
			fprintf(stderr, "assessment %ld: %s\n", i, d.message);
			break;
		}
		allowed += r.access == 1;
	}
	t1 = now();
	pthread_join(th, NULL);
	printf("%ld full assessments (PT-TLS negotiation, CDATA with 4 OS attributes, RESULT, CLOSE)\n", n);
	printf("%.0f assessments/s, %.1f us per assessment; %ld allowed, %ld server failures\n",
	       (double)n / (t1 - t0), (t1 - t0) * 1e6 / (double)n, allowed, s.failed);
	close(sv[0]);
	close(sv[1]);
	smgw_tncc_free(tncc);
	smgw_tncs_free(s.tncs);
	smgw_ctx_unref(ctx);
	return allowed == n && s.failed == 0 ? 0 : 1;
}
