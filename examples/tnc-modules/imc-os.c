/* SPDX-License-Identifier: Apache-2.0 */
/*
 * imc-os: a sample Integrity Measurement Collector, built as a loadable
 * module to the TCG IF-IMC 1.3 interface. It reports the operating system
 * with the IETF PA-TNC attributes of RFC 5792 (PA subtype Operating System):
 * Product Information (2), Numeric Version (3), String Version (4) and
 * Operational Status (5), at the start of each handshake and again for
 * every Attribute Request (1) of a validator. It answers malformed
 * messages with a PA-TNC Error.
 *
 * What it reports comes from /etc/os-release and uname(2), or from the
 * environment (for tests and for gateways without os-release):
 *   SMGW_IMC_OS_NAME      product name (NAME of os-release)
 *   SMGW_IMC_OS_VERSION   version, e.g. "12.5" (VERSION_ID)
 *   SMGW_IMC_OS_BUILD     build string (default: the kernel release)
 *   SMGW_IMC_OS_CONFIG    configuration string (default: the machine)
 *   SMGW_IMC_OS_VENDOR    product vendor PEN (default 0)
 *   SMGW_IMC_OS_STATUS    operational status 0-3 (default 3, operational)
 *   SMGW_IMC_OS_LAST_USE  "YYYY-MM-DDTHH:MM:SSZ" (default: now)
 *   SMGW_IMC_OS_RESULT_FILE  file the IMC writes the assessment result to
 *   SMGW_IMC_OS_INITIAL   bit mask of the attributes sent at the start of
 *                         the handshake (1 product, 2 numeric, 4 string,
 *                         8 status; default 15); the rest on request
 *
 * An IF-IMC module keeps its state per process; this one has one state
 * struct for its one IMC ID.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include <smgw/tnc/imc.h>
#include <smgw/tnc/pa.h>

struct imc_state {
	int initialized;
	TNC_IMCID id;
	uint32_t msg_id;
	TNC_TNCC_SendMessageLongPointer send_long;
	TNC_TNCC_ReportMessageTypesLongPointer report_long;
	TNC_TNCC_GetAttributePointer get_attribute;
};

static struct imc_state imc;

struct os_info {
	char name[128];
	char version[64];
	char build[160];
	char config[80];
	uint32_t vendor;
	uint8_t status;
	char last_use[21];
};

/* Copies the value of KEY=VALUE from os-release (quotes removed). */
static void os_release(const char *key, char *out, size_t cap)
{
	char line[256];
	size_t klen = strlen(key);
	FILE *f = fopen("/etc/os-release", "r");

	if (!f)
		f = fopen("/usr/lib/os-release", "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *v, *e;

		if (strncmp(line, key, klen) != 0 || line[klen] != '=')
			continue;
		v = line + klen + 1;
		v[strcspn(v, "\r\n")] = 0;
		if (*v == '"' || *v == '\'') {
			v++;
			e = strrchr(v, v[-1]);
			if (e)
				*e = 0;
		}
		snprintf(out, cap, "%s", v);
		break;
	}
	fclose(f);
}

static void env_or(const char *var, char *out, size_t cap)
{
	const char *v = getenv(var);

	if (v)
		snprintf(out, cap, "%s", v);
}

static void collect(struct os_info *o)
{
	struct utsname u;
	const char *v;
	time_t now;
	struct tm tm;

	memset(o, 0, sizeof(*o));
	snprintf(o->name, sizeof(o->name), "Linux");
	os_release("NAME", o->name, sizeof(o->name));
	os_release("VERSION_ID", o->version, sizeof(o->version));
	if (uname(&u) == 0) {
		snprintf(o->build, sizeof(o->build), "%s", u.release);
		snprintf(o->config, sizeof(o->config), "%s", u.machine);
	}
	env_or("SMGW_IMC_OS_NAME", o->name, sizeof(o->name));
	env_or("SMGW_IMC_OS_VERSION", o->version, sizeof(o->version));
	env_or("SMGW_IMC_OS_BUILD", o->build, sizeof(o->build));
	env_or("SMGW_IMC_OS_CONFIG", o->config, sizeof(o->config));
	v = getenv("SMGW_IMC_OS_VENDOR");
	o->vendor = v ? (uint32_t)strtoul(v, NULL, 0) & 0xffffffu : 0;
	if (o->vendor == 0xffffffu)
		o->vendor = 0;
	v = getenv("SMGW_IMC_OS_STATUS");
	o->status = v ? (uint8_t)(strtoul(v, NULL, 0) & 3u) : SMGW_PA_OP_STATUS_OPERATIONAL;
	now = time(NULL);
	if (gmtime_r(&now, &tm))
		strftime(o->last_use, sizeof(o->last_use), "%Y-%m-%dT%H:%M:%SZ", &tm);
	v = getenv("SMGW_IMC_OS_LAST_USE");
	if (v && strlen(v) == 20)
		memcpy(o->last_use, v, 21);
	if (strlen(o->last_use) != 20)
		memcpy(o->last_use, "0000-00-00T00:00:00Z", 21);
}

/* Parses "MAJOR.MINOR.BUILD" leniently (missing parts are 0). */
static void numeric(const char *s, struct smgw_pa_numeric_version *n)
{
	char *end;

	memset(n, 0, sizeof(*n));
	n->major = (uint32_t)strtoul(s, &end, 10);
	if (*end == '.') {
		n->minor = (uint32_t)strtoul(end + 1, &end, 10);
		if (*end == '.')
			n->build = (uint32_t)strtoul(end + 1, &end, 10);
	}
}

static size_t clip(const char *s)
{
	size_t n = strlen(s);

	return n > 255 ? 255 : n;
}

/* Writes the requested attributes (all four when want is 0xf). */
static int put_attributes(struct smgw_writer *w, const struct os_info *o, unsigned want)
{
	int err = 0;

	if (want & 1) {
		struct smgw_pa_product_info p = { o->vendor, 0, 0, o->name, strlen(o->name) };

		err = smgw_pa_encode_product_info(w, 0, &p);
	}
	if (err == 0 && (want & 2)) {
		struct smgw_pa_numeric_version n;

		numeric(o->version, &n);
		err = smgw_pa_encode_numeric_version(w, 0, &n);
	}
	if (err == 0 && (want & 4)) {
		struct smgw_pa_string_version s = { o->version, clip(o->version), o->build, clip(o->build),
						    o->config, clip(o->config) };

		err = smgw_pa_encode_string_version(w, 0, &s);
	}
	if (err == 0 && (want & 8)) {
		struct smgw_pa_op_status st;

		memset(&st, 0, sizeof(st));
		st.status = o->status;
		st.result = SMGW_PA_OP_RESULT_SUCCESS;
		memcpy(st.last_use, o->last_use, sizeof(st.last_use));
		err = smgw_pa_encode_op_status(w, 0, &st);
	}
	return err;
}

static TNC_Result send_pa(TNC_ConnectionID cid, const uint8_t *buf, size_t len, TNC_UInt32 flags, TNC_UInt32 dst)
{
	return imc.send_long(imc.id, cid, flags, (TNC_BufferReference)buf, (TNC_UInt32)len, SMGW_TNC_VENDOR_IETF,
			     SMGW_PA_SUBTYPE_OPERATING_SYSTEM, dst);
}

static TNC_Result send_os(TNC_ConnectionID cid, unsigned want, TNC_UInt32 flags, TNC_UInt32 dst)
{
	uint8_t buf[1024];
	struct smgw_writer w;
	struct os_info o;
	size_t len = 0;

	collect(&o);
	smgw_writer_init(&w, buf, sizeof(buf));
	smgw_pa_msg_begin(&w, imc.msg_id++);
	if (put_attributes(&w, &o, want) != 0 || smgw_writer_finish(&w, &len) != 0)
		return TNC_RESULT_OTHER;
	return send_pa(cid, buf, len, flags, dst);
}

TNC_IMC_API TNC_Result TNC_IMC_Initialize(TNC_IMCID imcID, TNC_Version minVersion, TNC_Version maxVersion,
					  TNC_Version *pOutActualVersion)
{
	if (imc.initialized)
		return TNC_RESULT_ALREADY_INITIALIZED;
	if (minVersion > TNC_IFIMC_VERSION_1 || maxVersion < TNC_IFIMC_VERSION_1)
		return TNC_RESULT_NO_COMMON_VERSION;
	if (!pOutActualVersion)
		return TNC_RESULT_INVALID_PARAMETER;
	*pOutActualVersion = TNC_IFIMC_VERSION_1;
	memset(&imc, 0, sizeof(imc));
	imc.initialized = 1;
	imc.id = imcID;
	imc.msg_id = (uint32_t)time(NULL) * 2654435761u;
	return TNC_RESULT_SUCCESS;
}

TNC_IMC_API TNC_Result TNC_IMC_ProvideBindFunction(TNC_IMCID imcID, TNC_TNCC_BindFunctionPointer bindFunction)
{
	TNC_VendorID vendor = SMGW_TNC_VENDOR_IETF;
	TNC_MessageSubtype subtype = SMGW_PA_SUBTYPE_OPERATING_SYSTEM;
	void *p;

	if (!imc.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	if (imcID != imc.id || !bindFunction)
		return TNC_RESULT_INVALID_PARAMETER;
	if (bindFunction(imcID, "TNC_TNCC_SendMessageLong", &p) != TNC_RESULT_SUCCESS || !p)
		return TNC_RESULT_FATAL;
	memcpy(&imc.send_long, &p, sizeof(p));
	if (bindFunction(imcID, "TNC_TNCC_ReportMessageTypesLong", &p) != TNC_RESULT_SUCCESS || !p)
		return TNC_RESULT_FATAL;
	memcpy(&imc.report_long, &p, sizeof(p));
	if (bindFunction(imcID, "TNC_TNCC_GetAttribute", &p) == TNC_RESULT_SUCCESS && p)
		memcpy(&imc.get_attribute, &p, sizeof(p));
	return imc.report_long(imcID, &vendor, &subtype, 1);
}

TNC_IMC_API TNC_Result TNC_IMC_NotifyConnectionChange(TNC_IMCID imcID, TNC_ConnectionID connectionID,
						      TNC_ConnectionState newState)
{
	(void)connectionID;
	if (!imc.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	if (imcID != imc.id || newState > TNC_CONNECTION_STATE_DELETE)
		return TNC_RESULT_INVALID_PARAMETER;
	return TNC_RESULT_SUCCESS;
}

TNC_IMC_API TNC_Result TNC_IMC_BeginHandshake(TNC_IMCID imcID, TNC_ConnectionID connectionID)
{
	if (!imc.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	if (imcID != imc.id)
		return TNC_RESULT_INVALID_PARAMETER;
	{
		const char *v = getenv("SMGW_IMC_OS_INITIAL");
		unsigned want = v ? (unsigned)strtoul(v, NULL, 0) & 0xfu : 0xfu;

		return send_os(connectionID, want, 0, TNC_IMVID_ANY);
	}
}

static void record_result(uint32_t result)
{
	const char *path = getenv("SMGW_IMC_OS_RESULT_FILE");
	FILE *f;

	if (!path)
		return;
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "%u\n", (unsigned)result);
	fclose(f);
}

TNC_IMC_API TNC_Result TNC_IMC_ReceiveMessageLong(TNC_IMCID imcID, TNC_ConnectionID connectionID,
						  TNC_UInt32 messageFlags, TNC_BufferReference message,
						  TNC_UInt32 messageLength, TNC_VendorID messageVendorID,
						  TNC_MessageSubtype messageSubtype, TNC_UInt32 sourceIMVID,
						  TNC_UInt32 destinationIMCID)
{
	struct smgw_pa_msg m;
	struct smgw_pa_error e;
	struct smgw_pa_attr a;
	size_t pos = 0;
	unsigned want = 0;
	int r;

	(void)messageFlags;
	(void)destinationIMCID;
	if (!imc.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	if (imcID != imc.id || messageVendorID != SMGW_TNC_VENDOR_IETF ||
	    messageSubtype != SMGW_PA_SUBTYPE_OPERATING_SYSTEM)
		return TNC_RESULT_INVALID_PARAMETER;
	memset(&e, 0, sizeof(e));
	if (smgw_pa_msg_parse(message, messageLength, &m, &e, NULL) != 0) {
		uint8_t buf[256];
		struct smgw_writer w;
		size_t len = 0;

		smgw_writer_init(&w, buf, sizeof(buf));
		if (smgw_pa_encode_error_msg(&w, imc.msg_id++, &e) != 0 || smgw_writer_finish(&w, &len) != 0)
			return TNC_RESULT_OTHER;
		return send_pa(connectionID, buf, len, TNC_MESSAGE_FLAGS_EXCLUSIVE, sourceIMVID);
	}
	while ((r = smgw_pa_attr_next(&m, &pos, &a)) == 1) {
		if (a.vendor != SMGW_TNC_VENDOR_IETF)
			continue;
		if (a.type == SMGW_PA_ATTR_ATTRIBUTE_REQUEST) {
			size_t n = 0, i;

			if (smgw_pa_decode_attr_request(&a, &n, NULL) != 0)
				continue;
			for (i = 0; i < n; i++) {
				struct smgw_pa_attr_ref ref;

				if (smgw_pa_attr_request_get(&a, i, &ref) != 0 || ref.vendor != SMGW_TNC_VENDOR_IETF)
					continue;
				if (ref.type >= SMGW_PA_ATTR_PRODUCT_INFORMATION &&
				    ref.type <= SMGW_PA_ATTR_OPERATIONAL_STATUS)
					want |= 1u << (ref.type - SMGW_PA_ATTR_PRODUCT_INFORMATION);
			}
		} else if (a.type == SMGW_PA_ATTR_ASSESSMENT_RESULT) {
			uint32_t result = 0;

			if (smgw_pa_decode_u32(&a, &result, NULL) == 0)
				record_result(result);
		}
	}
	if (want)
		return send_os(connectionID, want, TNC_MESSAGE_FLAGS_EXCLUSIVE, sourceIMVID);
	return TNC_RESULT_SUCCESS;
}

TNC_IMC_API TNC_Result TNC_IMC_BatchEnding(TNC_IMCID imcID, TNC_ConnectionID connectionID)
{
	(void)connectionID;
	if (!imc.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	return imcID == imc.id ? TNC_RESULT_SUCCESS : TNC_RESULT_INVALID_PARAMETER;
}

TNC_IMC_API TNC_Result TNC_IMC_Terminate(TNC_IMCID imcID)
{
	if (!imc.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	if (imcID != imc.id)
		return TNC_RESULT_INVALID_PARAMETER;
	memset(&imc, 0, sizeof(imc));
	return TNC_RESULT_SUCCESS;
}
