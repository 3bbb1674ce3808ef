/* SPDX-License-Identifier: Apache-2.0 */
/*
 * imv-os: a sample Integrity Measurement Verifier, built as a loadable
 * module to the TCG IF-IMV 1.4 interface. It evaluates the operating
 * system attributes of RFC 5792 (Product Information, Numeric Version,
 * String Version, Operational Status; PA subtype Operating System) against
 * a policy, asks for missing attributes with an Attribute Request, answers
 * malformed messages with a PA-TNC Error, sends the Assessment Result
 * attribute to the collector and gives its recommendation to the TNCS with
 * a reason string.
 *
 * The policy is a file named by SMGW_IMV_OS_POLICY, lines "key = value"
 * ('#' starts a comment), and/or the environment:
 *   product = Debian GNU/Linux    required product name (exact)
 *   min_version = 12.0            lowest numeric version (major.minor)
 *   require_operational = yes     Operational Status must be "operational"
 *   on_old_version = isolate      isolate | deny (default isolate)
 * Environment: SMGW_IMV_OS_PRODUCT, SMGW_IMV_OS_MIN_VERSION,
 * SMGW_IMV_OS_REQUIRE_OPERATIONAL (override the file).
 * A policy that cannot be read makes TNC_IMV_Initialize fail.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smgw/tnc/imv.h>
#include <smgw/tnc/pa.h>

#define MAX_CONNS 16

struct policy {
	char product[128];
	int have_min;
	uint32_t min_major, min_minor;
	int require_operational;
	int old_isolate;
};

struct conn {
	int used;
	TNC_ConnectionID id;
	TNC_UInt32 imc;          /* the collector that reported */
	unsigned have;           /* bit 0: product, 1: numeric, 2: string, 3: status */
	int requested;
	int decided;
	int malformed;
	char product[128];
	uint32_t major, minor;
	uint8_t status;
};

struct imv_state {
	int initialized;
	TNC_IMVID id;
	uint32_t msg_id;
	struct policy pol;
	struct conn conns[MAX_CONNS];
	TNC_TNCS_SendMessageLongPointer send_long;
	TNC_TNCS_ReportMessageTypesLongPointer report_long;
	TNC_TNCS_ProvideRecommendationPointer provide;
	TNC_TNCS_SetAttributePointer set_attribute;
};

static struct imv_state imv;

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

static int parse_version(const char *v, uint32_t *major, uint32_t *minor)
{
	char *end;
	unsigned long a, b = 0;

	a = strtoul(v, &end, 10);
	if (end == v)
		return -1;
	if (*end == '.') {
		const char *m = end + 1;

		b = strtoul(m, &end, 10);
		if (end == m)
			return -1;
	}
	if (*end != 0 || a > 0xffffffffUL || b > 0xffffffffUL)
		return -1;
	*major = (uint32_t)a;
	*minor = (uint32_t)b;
	return 0;
}

static int yes(const char *v)
{
	return strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
}

static int set_key(struct policy *p, const char *k, const char *v)
{
	if (strcmp(k, "product") == 0) {
		snprintf(p->product, sizeof(p->product), "%s", v);
	} else if (strcmp(k, "min_version") == 0) {
		if (parse_version(v, &p->min_major, &p->min_minor) != 0)
			return -1;
		p->have_min = 1;
	} else if (strcmp(k, "require_operational") == 0) {
		p->require_operational = yes(v);
	} else if (strcmp(k, "on_old_version") == 0) {
		if (strcmp(v, "isolate") == 0)
			p->old_isolate = 1;
		else if (strcmp(v, "deny") == 0)
			p->old_isolate = 0;
		else
			return -1;
	} else {
		return -1;
	}
	return 0;
}

static int load_policy(struct policy *p)
{
	const char *path = getenv("SMGW_IMV_OS_POLICY");
	const char *v;

	memset(p, 0, sizeof(*p));
	p->old_isolate = 1;
	if (path) {
		char line[512];
		FILE *f = fopen(path, "r");

		if (!f)
			return -1;
		while (fgets(line, sizeof(line), f)) {
			char *s = line, *eq;

			s[strcspn(s, "#\r\n")] = 0;
			s = trim(s);
			if (*s == 0)
				continue;
			eq = strchr(s, '=');
			if (!eq) {
				fclose(f);
				return -1;
			}
			*eq = 0;
			if (set_key(p, trim(s), trim(eq + 1)) != 0) {
				fclose(f);
				return -1;
			}
		}
		fclose(f);
	}
	v = getenv("SMGW_IMV_OS_PRODUCT");
	if (v && set_key(p, "product", v) != 0)
		return -1;
	v = getenv("SMGW_IMV_OS_MIN_VERSION");
	if (v && set_key(p, "min_version", v) != 0)
		return -1;
	v = getenv("SMGW_IMV_OS_REQUIRE_OPERATIONAL");
	if (v)
		p->require_operational = yes(v);
	return 0;
}

static struct conn *conn_get(TNC_ConnectionID id, int create)
{
	size_t i;

	for (i = 0; i < MAX_CONNS; i++)
		if (imv.conns[i].used && imv.conns[i].id == id)
			return &imv.conns[i];
	if (!create)
		return NULL;
	for (i = 0; i < MAX_CONNS; i++) {
		if (!imv.conns[i].used) {
			memset(&imv.conns[i], 0, sizeof(imv.conns[i]));
			imv.conns[i].used = 1;
			imv.conns[i].id = id;
			imv.conns[i].imc = TNC_IMCID_ANY;
			return &imv.conns[i];
		}
	}
	return NULL;
}

static TNC_Result send_pa(TNC_ConnectionID cid, const uint8_t *buf, size_t len, TNC_UInt32 dst)
{
	TNC_UInt32 flags = dst == TNC_IMCID_ANY ? 0 : TNC_MESSAGE_FLAGS_EXCLUSIVE;

	return imv.send_long(imv.id, cid, flags, (TNC_BufferReference)buf, (TNC_UInt32)len, SMGW_TNC_VENDOR_IETF,
			     SMGW_PA_SUBTYPE_OPERATING_SYSTEM, dst);
}

static void set_reason(TNC_ConnectionID cid, const char *reason)
{
	if (!imv.set_attribute)
		return;
	imv.set_attribute(imv.id, cid, TNC_ATTRIBUTEID_REASON_STRING, (TNC_UInt32)strlen(reason),
			  (TNC_BufferReference)(uintptr_t)reason);
	imv.set_attribute(imv.id, cid, TNC_ATTRIBUTEID_REASON_LANGUAGE, 2, (TNC_BufferReference)(uintptr_t)"en");
}

/* Evaluates what was reported, tells the collector and the TNCS. */
static TNC_Result decide(struct conn *c, int may_send)
{
	TNC_IMV_Action_Recommendation rec = TNC_IMV_ACTION_RECOMMENDATION_ALLOW;
	TNC_IMV_Evaluation_Result eval = TNC_IMV_EVALUATION_RESULT_COMPLIANT;
	char reason[256];

	snprintf(reason, sizeof(reason), "operating system complies with the policy");
	if (c->malformed) {
		rec = TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS;
		eval = TNC_IMV_EVALUATION_RESULT_ERROR;
		snprintf(reason, sizeof(reason), "malformed operating system attributes");
	} else if ((c->have & 1) == 0 || (imv.pol.have_min && (c->have & 2) == 0) ||
		   (imv.pol.require_operational && (c->have & 8) == 0)) {
		rec = TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS;
		eval = TNC_IMV_EVALUATION_RESULT_DONT_KNOW;
		snprintf(reason, sizeof(reason), "operating system attributes missing");
	} else if (imv.pol.product[0] && strcmp(c->product, imv.pol.product) != 0) {
		rec = TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS;
		eval = TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR;
		snprintf(reason, sizeof(reason), "product '%.100s' is not the permitted '%.100s'", c->product,
			 imv.pol.product);
	} else if (imv.pol.require_operational && c->status != SMGW_PA_OP_STATUS_OPERATIONAL) {
		rec = TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS;
		eval = TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR;
		snprintf(reason, sizeof(reason), "operating system is not operational (status %u)",
			 (unsigned)c->status);
	} else if (imv.pol.have_min && (c->major < imv.pol.min_major ||
					(c->major == imv.pol.min_major && c->minor < imv.pol.min_minor))) {
		rec = imv.pol.old_isolate ? TNC_IMV_ACTION_RECOMMENDATION_ISOLATE
					  : TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS;
		eval = TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR;
		snprintf(reason, sizeof(reason), "version %u.%u is older than %u.%u", (unsigned)c->major,
			 (unsigned)c->minor, (unsigned)imv.pol.min_major, (unsigned)imv.pol.min_minor);
	}
	if (may_send && c->imc != TNC_IMCID_ANY) {
		uint8_t buf[64];
		struct smgw_writer w;
		size_t len = 0;

		smgw_writer_init(&w, buf, sizeof(buf));
		smgw_pa_msg_begin(&w, imv.msg_id++);
		if (smgw_pa_encode_assessment_result(&w, 0, (uint32_t)eval) == 0 && smgw_writer_finish(&w, &len) == 0)
			(void)send_pa(c->id, buf, len, c->imc);
	}
	set_reason(c->id, reason);
	c->decided = 1;
	return imv.provide(imv.id, c->id, rec, eval);
}

TNC_IMV_API TNC_Result TNC_IMV_Initialize(TNC_IMVID imvID, TNC_Version minVersion, TNC_Version maxVersion,
					  TNC_Version *pOutActualVersion)
{
	struct policy pol;

	if (imv.initialized)
		return TNC_RESULT_ALREADY_INITIALIZED;
	if (minVersion > TNC_IFIMV_VERSION_1 || maxVersion < TNC_IFIMV_VERSION_1)
		return TNC_RESULT_NO_COMMON_VERSION;
	if (!pOutActualVersion)
		return TNC_RESULT_INVALID_PARAMETER;
	if (load_policy(&pol) != 0)
		return TNC_RESULT_OTHER;
	memset(&imv, 0, sizeof(imv));
	imv.pol = pol;
	imv.initialized = 1;
	imv.id = imvID;
	imv.msg_id = 0x5347570au;
	*pOutActualVersion = TNC_IFIMV_VERSION_1;
	return TNC_RESULT_SUCCESS;
}

static int bind(TNC_TNCS_BindFunctionPointer b, const char *name, void *out, size_t size)
{
	void *p = NULL;

	if (b(imv.id, (char *)(uintptr_t)name, &p) != TNC_RESULT_SUCCESS || !p)
		return -1;
	memcpy(out, &p, size);
	return 0;
}

TNC_IMV_API TNC_Result TNC_IMV_ProvideBindFunction(TNC_IMVID imvID, TNC_TNCS_BindFunctionPointer bindFunction)
{
	TNC_VendorID vendor = SMGW_TNC_VENDOR_IETF;
	TNC_MessageSubtype subtype = SMGW_PA_SUBTYPE_OPERATING_SYSTEM;

	if (!imv.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	if (imvID != imv.id || !bindFunction)
		return TNC_RESULT_INVALID_PARAMETER;
	if (bind(bindFunction, "TNC_TNCS_SendMessageLong", &imv.send_long, sizeof(imv.send_long)) ||
	    bind(bindFunction, "TNC_TNCS_ReportMessageTypesLong", &imv.report_long, sizeof(imv.report_long)) ||
	    bind(bindFunction, "TNC_TNCS_ProvideRecommendation", &imv.provide, sizeof(imv.provide)))
		return TNC_RESULT_FATAL;
	(void)bind(bindFunction, "TNC_TNCS_SetAttribute", &imv.set_attribute, sizeof(imv.set_attribute));
	return imv.report_long(imvID, &vendor, &subtype, 1);
}

TNC_IMV_API TNC_Result TNC_IMV_NotifyConnectionChange(TNC_IMVID imvID, TNC_ConnectionID connectionID,
						      TNC_ConnectionState newState)
{
	struct conn *c;

	if (!imv.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	if (imvID != imv.id)
		return TNC_RESULT_INVALID_PARAMETER;
	switch (newState) {
	case TNC_CONNECTION_STATE_CREATE:
		return conn_get(connectionID, 1) ? TNC_RESULT_SUCCESS : TNC_RESULT_OTHER;
	case TNC_CONNECTION_STATE_DELETE:
		c = conn_get(connectionID, 0);
		if (c)
			c->used = 0;
		return TNC_RESULT_SUCCESS;
	default:
		return TNC_RESULT_SUCCESS;
	}
}

static void take(struct conn *c, const struct smgw_pa_attr *a)
{
	switch (a->type) {
	case SMGW_PA_ATTR_PRODUCT_INFORMATION: {
		struct smgw_pa_product_info p;

		if (smgw_pa_decode_product_info(a, &p, NULL) != 0) {
			c->malformed = 1;
			return;
		}
		snprintf(c->product, sizeof(c->product), "%.*s", (int)(p.name_len < 127 ? p.name_len : 127),
			 p.name);
		c->have |= 1;
		break;
	}
	case SMGW_PA_ATTR_NUMERIC_VERSION: {
		struct smgw_pa_numeric_version n;

		if (smgw_pa_decode_numeric_version(a, &n, NULL) != 0) {
			c->malformed = 1;
			return;
		}
		c->major = n.major;
		c->minor = n.minor;
		c->have |= 2;
		break;
	}
	case SMGW_PA_ATTR_STRING_VERSION: {
		struct smgw_pa_string_version s;

		if (smgw_pa_decode_string_version(a, &s, NULL) != 0) {
			c->malformed = 1;
			return;
		}
		c->have |= 4;
		break;
	}
	case SMGW_PA_ATTR_OPERATIONAL_STATUS: {
		struct smgw_pa_op_status st;

		if (smgw_pa_decode_op_status(a, &st, NULL) != 0) {
			c->malformed = 1;
			return;
		}
		c->status = st.status;
		c->have |= 8;
		break;
	}
	default:
		break;
	}
}

TNC_IMV_API TNC_Result TNC_IMV_ReceiveMessageLong(TNC_IMVID imvID, TNC_ConnectionID connectionID,
						  TNC_UInt32 messageFlags, TNC_BufferReference message,
						  TNC_UInt32 messageLength, TNC_VendorID messageVendorID,
						  TNC_MessageSubtype messageSubtype, TNC_UInt32 sourceIMCID,
						  TNC_UInt32 destinationIMVID)
{
	struct smgw_pa_msg m;
	struct smgw_pa_error e;
	struct smgw_pa_attr a;
	struct conn *c;
	size_t pos = 0;
	int r;

	(void)messageFlags;
	(void)destinationIMVID;
	if (!imv.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	if (imvID != imv.id || messageVendorID != SMGW_TNC_VENDOR_IETF ||
	    messageSubtype != SMGW_PA_SUBTYPE_OPERATING_SYSTEM)
		return TNC_RESULT_INVALID_PARAMETER;
	c = conn_get(connectionID, 1);
	if (!c)
		return TNC_RESULT_OTHER;
	c->imc = sourceIMCID;
	memset(&e, 0, sizeof(e));
	if (smgw_pa_msg_parse(message, messageLength, &m, &e, NULL) != 0) {
		uint8_t buf[256];
		struct smgw_writer w;
		size_t len = 0;

		c->malformed = 1;
		smgw_writer_init(&w, buf, sizeof(buf));
		if (smgw_pa_encode_error_msg(&w, imv.msg_id++, &e) != 0 || smgw_writer_finish(&w, &len) != 0)
			return TNC_RESULT_OTHER;
		return send_pa(connectionID, buf, len, sourceIMCID);
	}
	if (smgw_pa_msg_has_error(&m) == 1)
		return TNC_RESULT_SUCCESS; /* never answer an error with an error */
	while ((r = smgw_pa_attr_next(&m, &pos, &a)) == 1)
		if (a.vendor == SMGW_TNC_VENDOR_IETF)
			take(c, &a);
	return TNC_RESULT_SUCCESS;
}

TNC_IMV_API TNC_Result TNC_IMV_BatchEnding(TNC_IMVID imvID, TNC_ConnectionID connectionID)
{
	struct conn *c;

	if (!imv.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	if (imvID != imv.id)
		return TNC_RESULT_INVALID_PARAMETER;
	c = conn_get(connectionID, 0);
	if (!c || c->decided)
		return TNC_RESULT_SUCCESS;
	if ((c->have & 0xf) != 0xf && !c->requested && !c->malformed) {
		/* ask for what is missing */
		static const uint32_t types[4] = { SMGW_PA_ATTR_PRODUCT_INFORMATION, SMGW_PA_ATTR_NUMERIC_VERSION,
						   SMGW_PA_ATTR_STRING_VERSION, SMGW_PA_ATTR_OPERATIONAL_STATUS };
		struct smgw_pa_attr_ref refs[4];
		uint8_t buf[128];
		struct smgw_writer w;
		size_t n = 0, i, len = 0;

		for (i = 0; i < 4; i++) {
			if (!(c->have & (1u << i))) {
				refs[n].vendor = SMGW_TNC_VENDOR_IETF;
				refs[n].type = types[i];
				n++;
			}
		}
		smgw_writer_init(&w, buf, sizeof(buf));
		smgw_pa_msg_begin(&w, imv.msg_id++);
		if (smgw_pa_encode_attr_request(&w, 0, refs, n) != 0 || smgw_writer_finish(&w, &len) != 0)
			return TNC_RESULT_OTHER;
		c->requested = 1;
		return send_pa(connectionID, buf, len, c->imc);
	}
	return decide(c, 1);
}

TNC_IMV_API TNC_Result TNC_IMV_SolicitRecommendation(TNC_IMVID imvID, TNC_ConnectionID connectionID)
{
	struct conn *c;

	if (!imv.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	if (imvID != imv.id)
		return TNC_RESULT_INVALID_PARAMETER;
	c = conn_get(connectionID, 1);
	if (!c)
		return TNC_RESULT_OTHER;
	return decide(c, 1);
}

TNC_IMV_API TNC_Result TNC_IMV_Terminate(TNC_IMVID imvID)
{
	if (!imv.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	if (imvID != imv.id)
		return TNC_RESULT_INVALID_PARAMETER;
	memset(&imv, 0, sizeof(imv));
	return TNC_RESULT_SUCCESS;
}
