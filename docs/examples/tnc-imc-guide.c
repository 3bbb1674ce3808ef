/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Worked example of docs/tnc.md, "IF-IMC / IF-IMV, TNCC and TNCS": an IMC
 * and an IMV written to the TCG interface, linked into the program, and a
 * TNC client and server running one assessment over a socketpair.
 *
 * The IMC reports the gateway firmware as a PA-TNC Product Information
 * attribute; the IMV allows access when the product name is the expected
 * one. In a product the IMC is a shared object loaded with
 * smgw_tncc_load_imc() and the transport is the TLS connection to the
 * Gateway Administrator.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <smgw/tnc.h>

/* ---- the IMC: an IF-IMC 1.3 module ---- */

static TNC_IMCID imc_id;
static TNC_TNCC_SendMessageLongPointer imc_send;

static TNC_Result imc_initialize(TNC_IMCID id, TNC_Version min, TNC_Version max, TNC_Version *out)
{
	if (min > TNC_IFIMC_VERSION_1 || max < TNC_IFIMC_VERSION_1)
		return TNC_RESULT_NO_COMMON_VERSION;
	imc_id = id;
	*out = TNC_IFIMC_VERSION_1;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result imc_provide_bind(TNC_IMCID id, TNC_TNCC_BindFunctionPointer bind)
{
	void *p = NULL;

	if (bind(id, "TNC_TNCC_SendMessageLong", &p) != TNC_RESULT_SUCCESS)
		return TNC_RESULT_FATAL;
	memcpy(&imc_send, &p, sizeof(p));
	return TNC_RESULT_SUCCESS; /* this IMC receives nothing: no subscription */
}

static TNC_Result imc_begin_handshake(TNC_IMCID id, TNC_ConnectionID cid)
{
	uint8_t buf[128];
	struct smgw_writer w;
	struct smgw_pa_product_info pi = { 0, 0, 0, "SMGW firmware 4.2", 17 };
	size_t len = 0;

	smgw_writer_init(&w, buf, sizeof(buf));
	smgw_pa_msg_begin(&w, 1);
	if (smgw_pa_encode_product_info(&w, 0, &pi) != 0 || smgw_writer_finish(&w, &len) != 0)
		return TNC_RESULT_OTHER;
	return imc_send(id, cid, 0, buf, (TNC_UInt32)len, SMGW_TNC_VENDOR_IETF, SMGW_PA_SUBTYPE_OPERATING_SYSTEM,
			TNC_IMVID_ANY);
}

/* ---- the IMV: an IF-IMV 1.4 module ---- */

static TNC_TNCS_ProvideRecommendationPointer imv_provide;
static int firmware_ok;

static TNC_Result imv_initialize(TNC_IMVID id, TNC_Version min, TNC_Version max, TNC_Version *out)
{
	(void)id;
	if (min > TNC_IFIMV_VERSION_1 || max < TNC_IFIMV_VERSION_1)
		return TNC_RESULT_NO_COMMON_VERSION;
	*out = TNC_IFIMV_VERSION_1;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result imv_provide_bind(TNC_IMVID id, TNC_TNCS_BindFunctionPointer bind)
{
	TNC_TNCS_ReportMessageTypesLongPointer report;
	TNC_VendorID vendor = SMGW_TNC_VENDOR_IETF;
	TNC_MessageSubtype subtype = SMGW_PA_SUBTYPE_OPERATING_SYSTEM;
	void *p = NULL;

	if (bind(id, "TNC_TNCS_ProvideRecommendation", &p) != TNC_RESULT_SUCCESS)
		return TNC_RESULT_FATAL;
	memcpy(&imv_provide, &p, sizeof(p));
	if (bind(id, "TNC_TNCS_ReportMessageTypesLong", &p) != TNC_RESULT_SUCCESS)
		return TNC_RESULT_FATAL;
	memcpy(&report, &p, sizeof(p));
	return report(id, &vendor, &subtype, 1); /* IETF / Operating System */
}

static TNC_Result imv_receive_long(TNC_IMVID id, TNC_ConnectionID cid, TNC_UInt32 flags, TNC_BufferReference msg,
				   TNC_UInt32 len, TNC_VendorID vendor, TNC_MessageSubtype subtype,
				   TNC_UInt32 src, TNC_UInt32 dst)
{
	struct smgw_pa_msg m;
	struct smgw_pa_attr a;
	struct smgw_pa_product_info pi;
	size_t pos = 0;

	(void)id, (void)cid, (void)flags, (void)vendor, (void)subtype, (void)src, (void)dst;
	if (smgw_pa_msg_parse(msg, len, &m, NULL, NULL) != 0)
		return TNC_RESULT_SUCCESS;
	while (smgw_pa_attr_next(&m, &pos, &a) == 1)
		if (a.vendor == SMGW_TNC_VENDOR_IETF && a.type == SMGW_PA_ATTR_PRODUCT_INFORMATION &&
		    smgw_pa_decode_product_info(&a, &pi, NULL) == 0)
			firmware_ok = pi.name_len == 17 && memcmp(pi.name, "SMGW firmware 4.2", 17) == 0;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result imv_solicit(TNC_IMVID id, TNC_ConnectionID cid)
{
	return imv_provide(id, cid,
			   firmware_ok ? TNC_IMV_ACTION_RECOMMENDATION_ALLOW : TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS,
			   firmware_ok ? TNC_IMV_EVALUATION_RESULT_COMPLIANT
				       : TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR);
}

/* ---- transport: a stream socket ---- */

static int sock_read(void *ud, void *buf, size_t len, size_t *ret_n)
{
	ssize_t n = read(*(int *)ud, buf, len);

	if (n < 0)
		return SMGW_E_IO;
	*ret_n = (size_t)n;
	return 0;
}

static int sock_write(void *ud, const void *buf, size_t len)
{
	return write(*(int *)ud, buf, len) == (ssize_t)len ? 0 : SMGW_E_IO;
}

struct gwa {
	smgw_tncs *tncs;
	int fd;
	int err;
};

static void *gwa_main(void *arg)
{
	struct gwa *g = arg;
	struct smgw_pt_io io = { sizeof(io), 0, &g->fd, sock_read, sock_write };
	struct smgw_tnc_result r = { sizeof(r) };

	g->err = smgw_tncs_assess(g->tncs, &io, NULL, 0, &r, NULL);
	return NULL;
}

int main(void)
{
	static const struct smgw_tnc_imc_ops imc = {
		.struct_size = sizeof(struct smgw_tnc_imc_ops),
		.initialize = imc_initialize,
		.begin_handshake = imc_begin_handshake,
		.provide_bind_function = imc_provide_bind,
	};
	static const struct smgw_tnc_imv_ops imv = {
		.struct_size = sizeof(struct smgw_tnc_imv_ops),
		.initialize = imv_initialize,
		.receive_message_long = imv_receive_long,
		.solicit_recommendation = imv_solicit,
		.provide_bind_function = imv_provide_bind,
	};
	struct smgw_tncs_params sp = { .struct_size = sizeof(sp), .pt_flags = SMGW_PT_CLIENT_CERT_AUTH };
	struct smgw_tnc_result r = { sizeof(r) };
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_ctx *ctx = NULL;
	smgw_tncc *tncc = NULL;
	struct gwa g = { NULL, -1, 0 };
	pthread_t th;
	uint32_t id;
	int sv[2], err;
	struct smgw_pt_io io = { sizeof(io), 0, &sv[0], sock_read, sock_write };

	if (smgw_ctx_new(NULL, &ctx) != 0 || smgw_tncc_new(ctx, NULL, &tncc) != 0 ||
	    smgw_tncs_new(ctx, &sp, &g.tncs) != 0)
		return 1;
	/* Initialize and ProvideBindFunction run here; IDs are assigned */
	if (smgw_tncc_add_imc(tncc, &imc, "firmware", &diag, &id) != 0 ||
	    smgw_tncs_add_imv(g.tncs, &imv, "firmware", &diag, &id) != 0) {
		fprintf(stderr, "module: %s\n", diag.message);
		return 1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return 1;
	g.fd = sv[1];
	pthread_create(&th, NULL, gwa_main, &g);
	err = smgw_tncc_assess(tncc, &io, NULL, 0, &r, &diag);
	pthread_join(th, NULL);
	close(sv[0]);
	close(sv[1]);
	if (err != 0 || g.err != 0) {
		fprintf(stderr, "assessment: %s %s\n", smgw_strerror(err ? err : g.err), diag.message);
		return 1;
	}
	printf("assessment result: %s\naccess recommendation: %s\n", smgw_tnc_assessment_name(r.assessment),
	       smgw_tnc_access_name(r.access));
	smgw_tncc_free(tncc);
	smgw_tncs_free(g.tncs);
	smgw_ctx_unref(ctx);
	return r.access == SMGW_PB_ACCESS_ALLOWED ? 0 : 1;
}
