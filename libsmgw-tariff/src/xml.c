/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Safe XML reading for AR 2418-6 documents: libxml2 from memory with no
 * network, no DTD loading, no entity substitution, a document with a
 * DOCTYPE refused, size and depth bounded, optional XSD validation. Errors
 * carry the line.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "tariff-private.h"

struct xml_err {
	struct smgw_diag *diag;
	int code;
	bool seen;
};

/* First schema error wins; later ones are noise caused by the first. */
static void schema_error(void *userdata, xmlErrorPtr err)
{
	struct xml_err *e = userdata;
	char msg[96];
	size_t n;

	if (e->seen || err == NULL)
		return;
	e->seen = true;
	snprintf(msg, sizeof(msg), "%s", err->message ? err->message : "schema error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	smgw_diag_set(e->diag, e->code, UINT64_MAX, "line %d: %s", err->line, msg);
	smgw__diag_line(e->diag, err->line > 0 ? (uint32_t)err->line : 0);
}

SMGW_EXPORT int smgw_tariff_schema_load(smgw_ctx *ctx, const char *dir, smgw_tariff_schema **ret_schema,
					struct smgw_diag *reterr_diag)
{
	char path[4096];
	FILE *f;
	xmlSchemaParserCtxtPtr pctx;
	xmlSchemaPtr schema;
	smgw_tariff_schema *s;
	struct xml_err e = { reterr_diag, SMGW_E_TARIFF_SCHEMA, false };
	int n;

	if (ctx == NULL || dir == NULL || ret_schema == NULL)
		return SMGW_E_INVAL;
	n = snprintf(path, sizeof(path), "%s/AR_2418-6.xsd", dir);
	if (n < 0 || (size_t)n >= sizeof(path))
		return smgw_diag_set(reterr_diag, SMGW_E_INVAL, UINT64_MAX, "schema directory name too long");
	f = fopen(path, "rb");
	if (f == NULL)
		return smgw_diag_set(reterr_diag, SMGW_E_IO, UINT64_MAX, "cannot open %.90s", path);
	fclose(f);
	xmlInitParser();
	pctx = xmlSchemaNewParserCtxt(path);
	if (pctx == NULL)
		return SMGW_E_NOMEM;
	xmlSchemaSetParserStructuredErrors(pctx, schema_error, &e);
	schema = xmlSchemaParse(pctx);
	xmlSchemaFreeParserCtxt(pctx);
	if (schema == NULL) {
		if (!e.seen)
			smgw_diag_set(reterr_diag, SMGW_E_TARIFF_SCHEMA, UINT64_MAX, "schema %.90s does not compile", path);
		return SMGW_E_TARIFF_SCHEMA;
	}
	s = smgw_ctx_calloc(ctx, 1, sizeof(*s));
	if (s == NULL) {
		xmlSchemaFree(schema);
		return SMGW_E_NOMEM;
	}
	s->ctx = smgw_ctx_ref(ctx);
	s->schema = schema;
	*ret_schema = s;
	return 0;
}

SMGW_EXPORT void smgw_tariff_schema_free(smgw_tariff_schema *schema)
{
	smgw_ctx *ctx;

	if (schema == NULL)
		return;
	ctx = schema->ctx;
	xmlSchemaFree(schema->schema);
	smgw_ctx_free(ctx, schema, sizeof(*schema));
	smgw_ctx_unref(ctx);
}

/* Iterative depth check (no recursion on hostile input). */
static int check_depth(xmlNode *root, struct smgw_diag *diag)
{
	xmlNode *n = root;
	int depth = 1;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE && depth > SMGW_TARIFF_XML_DEPTH)
			return smgw_diag_set(diag, SMGW_E_LIMIT, UINT64_MAX, "line %u: elements nested deeper than %d",
					     smgw__xml_line(n), SMGW_TARIFF_XML_DEPTH);
		if (n->type == XML_ENTITY_REF_NODE || n->type == XML_ENTITY_NODE)
			return smgw_diag_set(diag, SMGW_E_TARIFF_DTD, UINT64_MAX, "line %u: entity reference not allowed",
					     smgw__xml_line(n));
		if (n->children != NULL && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			depth++;
			continue;
		}
		while (n != NULL && n->next == NULL) {
			n = n->parent;
			depth--;
			if (n == root || depth <= 0)
				return 0;
		}
		if (n == NULL || n == root)
			return 0;
		n = n->next;
	}
	return 0;
}

/* First parser error wins (libxml2 keeps only the last one, usually a consequence). */
static void parse_error(void *userdata, xmlErrorPtr err)
{
	xmlParserCtxtPtr pctx = userdata;
	xmlError *first = pctx ? pctx->_private : NULL;

	if (first == NULL || err == NULL || first->code != 0)
		return;
	first->code = err->code ? err->code : 1;
	first->line = err->line;
	first->message = NULL;
	if (err->message != NULL) {
		size_t n = strlen(err->message);
		char *m = (char *)first->str1; /* caller buffer of 96 bytes */

		if (n > 95)
			n = 95;
		memcpy(m, err->message, n);
		m[n] = '\0';
		first->message = m;
	}
}

int smgw__xml_read(smgw_ctx *ctx, const smgw_tariff_schema *schema, const uint8_t *xml, size_t len,
		   xmlDocPtr *ret_doc, struct smgw_diag *diag)
{
	xmlParserCtxtPtr pctx;
	xmlDocPtr doc;
	xmlError first;
	char firstmsg[96];
	int rc;

	(void)ctx;
	if (xml == NULL && len > 0)
		return SMGW_E_INVAL;
	if (len > SMGW_TARIFF_XML_MAX || len > INT_MAX)
		return smgw_diag_set(diag, SMGW_E_LIMIT, UINT64_MAX, "document of %zu bytes is larger than %u",
				     len, SMGW_TARIFF_XML_MAX);
	if (len == 0)
		return smgw_diag_set(diag, SMGW_E_TARIFF_XML, 0, "empty document");
	xmlInitParser();
	pctx = xmlNewParserCtxt();
	if (pctx == NULL)
		return SMGW_E_NOMEM;
	memset(&first, 0, sizeof(first));
	first.str1 = firstmsg;
	pctx->_private = &first;
	pctx->sax->serror = parse_error;
	/* No XML_PARSE_NOENT (no substitution), no DTDLOAD/DTDATTR/DTDVALID, no HUGE. */
	doc = xmlCtxtReadMemory(pctx, (const char *)xml, (int)len, "document.xml", NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |
				XML_PARSE_NOCDATA);
	if (doc == NULL || !pctx->wellFormed) {
		xmlErrorPtr err = first.code != 0 ? &first : xmlCtxtGetLastError(pctx);
		char msg[96] = "malformed XML";
		size_t n;

		if (err != NULL && err->message != NULL)
			snprintf(msg, sizeof(msg), "%s", err->message);
		n = strlen(msg);
		while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			msg[--n] = '\0';
		rc = smgw_diag_set(diag, SMGW_E_TARIFF_XML, UINT64_MAX, "line %d: %s", err ? err->line : 0, msg);
		if (err != NULL && err->line > 0)
			smgw__diag_line(diag, (uint32_t)err->line);
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(pctx);
		return rc;
	}
	xmlFreeParserCtxt(pctx);
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		xmlFreeDoc(doc);
		return smgw_diag_set(diag, SMGW_E_TARIFF_DTD, UINT64_MAX, "document type declaration (DTD) not allowed");
	}
	if (xmlDocGetRootElement(doc) == NULL) {
		xmlFreeDoc(doc);
		return smgw_diag_set(diag, SMGW_E_TARIFF_XML, UINT64_MAX, "no root element");
	}
	rc = check_depth(xmlDocGetRootElement(doc), diag);
	if (rc < 0) {
		xmlFreeDoc(doc);
		return rc;
	}
	if (schema != NULL) {
		struct xml_err e = { diag, SMGW_E_TARIFF_SCHEMA, false };
		xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(schema->schema);

		if (v == NULL) {
			xmlFreeDoc(doc);
			return SMGW_E_NOMEM;
		}
		xmlSchemaSetValidStructuredErrors(v, schema_error, &e);
		rc = xmlSchemaValidateDoc(v, doc);
		xmlSchemaFreeValidCtxt(v);
		if (rc != 0) {
			if (!e.seen)
				smgw_diag_set(diag, SMGW_E_TARIFF_SCHEMA, UINT64_MAX,
					      "not valid against the AR 2418-6 schema");
			xmlFreeDoc(doc);
			return SMGW_E_TARIFF_SCHEMA;
		}
	}
	*ret_doc = doc;
	return 0;
}

uint32_t smgw__xml_line(const xmlNode *n)
{
	long l = n ? xmlGetLineNo(n) : 0;

	return l > 0 && l < (long)UINT32_MAX ? (uint32_t)l : 0;
}

bool smgw__xml_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNode *smgw__xml_child(const xmlNode *n, const char *name)
{
	xmlNode *c;

	if (n == NULL)
		return NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (smgw__xml_is(c, name))
			return c;
	return NULL;
}

xmlNode *smgw__xml_next(const xmlNode *n, const char *name)
{
	xmlNode *c;

	for (c = n->next; c != NULL; c = c->next)
		if (smgw__xml_is(c, name))
			return c;
	return NULL;
}

int smgw__xml_text(const xmlNode *n, char *buf, size_t size, struct smgw_diag *diag)
{
	const xmlNode *c;
	size_t len = 0;
	size_t b, e;

	for (c = n->children; c != NULL; c = c->next) {
		size_t l;

		if (c->type != XML_TEXT_NODE)
			continue;
		l = strlen((const char *)c->content);
		if (len + l >= size)
			return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: <%s> text too long",
					     smgw__xml_line(n), (const char *)n->name);
		memcpy(buf + len, c->content, l);
		len += l;
	}
	buf[len] = '\0';
	for (b = 0; b < len && (buf[b] == ' ' || buf[b] == '\t' || buf[b] == '\r' || buf[b] == '\n'); b++)
		;
	for (e = len; e > b && (buf[e - 1] == ' ' || buf[e - 1] == '\t' || buf[e - 1] == '\r' || buf[e - 1] == '\n'); e--)
		;
	memmove(buf, buf + b, e - b);
	buf[e - b] = '\0';
	return (int)(e - b);
}

int smgw__xml_int64(const xmlNode *n, int64_t min, int64_t max, int64_t *ret, struct smgw_diag *diag)
{
	char buf[40];
	int len = smgw__xml_text(n, buf, sizeof(buf), diag);
	const char *p = buf;
	bool neg = false;
	uint64_t v = 0;
	int64_t r;

	if (len < 0)
		return len;
	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	}
	if (*p == '\0')
		goto bad;
	for (; *p != '\0'; p++) {
		unsigned d;

		if (*p < '0' || *p > '9')
			goto bad;
		d = (unsigned)(*p - '0');
		if (v > (UINT64_C(9223372036854775808) - d) / 10)
			goto range;
		v = v * 10 + d;
	}
	if (!neg && v > (uint64_t)INT64_MAX)
		goto range;
	r = neg ? (v == UINT64_C(9223372036854775808) ? INT64_MIN : -(int64_t)v) : (int64_t)v;
	if (r < min || r > max)
		goto range;
	*ret = r;
	return 0;
bad:
	return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: <%s> is not an integer: \"%.24s\"",
			     smgw__xml_line(n), (const char *)n->name, buf);
range:
	return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX,
			     "line %u: <%s> = %.24s outside %lld..%lld", smgw__xml_line(n), (const char *)n->name, buf,
			     (long long)min, (long long)max);
}

int smgw__xml_child_int64(const xmlNode *parent, const char *name, bool required, int64_t min, int64_t max,
			  int64_t *ret, struct smgw_diag *diag)
{
	xmlNode *c = smgw__xml_child(parent, name);

	if (c == NULL) {
		if (required)
			return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: <%s> lacks <%s>",
					     smgw__xml_line(parent), (const char *)parent->name, name);
		return 1;
	}
	return smgw__xml_int64(c, min, max, ret, diag);
}

int smgw__xml_time(const xmlNode *n, int64_t *ret_ms, struct smgw_diag *diag)
{
	char buf[64];
	int len = smgw__xml_text(n, buf, sizeof(buf), diag);
	int64_t ms;

	if (len < 0)
		return len;
	if (smgw_time_parse_iso8601(buf, (size_t)len, &ms, NULL) != 0)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX,
				     "line %u: <%s> is not a date-time with offset: \"%.32s\"", smgw__xml_line(n),
				     (const char *)n->name, buf);
	*ret_ms = ms;
	return 0;
}

int smgw__xml_obis(const xmlNode *n, struct smgw_obis *ret, struct smgw_diag *diag)
{
	char buf[40];
	int len = smgw__xml_text(n, buf, sizeof(buf), diag);

	if (len < 0)
		return len;
	if (smgw_obis_parse(buf, (size_t)len, ret) != 0)
		return smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: <%s> is not an OBIS code: \"%.24s\"",
				     smgw__xml_line(n), (const char *)n->name, buf);
	return 0;
}

int smgw__xml_read_usage_points(smgw_ctx *ctx, const smgw_tariff_schema *schema, const uint8_t *xml, size_t len,
				xmlDocPtr *ret_doc, xmlNode **ret_root, struct smgw_diag *diag)
{
	xmlDocPtr doc;
	xmlNode *root;
	int rc;

	rc = smgw__xml_read(ctx, schema, xml, len, &doc, diag);
	if (rc < 0)
		return rc;
	root = xmlDocGetRootElement(doc);
	if (!smgw__xml_is(root, "UsagePoints")) {
		rc = smgw_diag_set(diag, SMGW_E_TARIFF_CONTENT, UINT64_MAX, "line %u: root element is not <UsagePoints>",
				   smgw__xml_line(root));
		xmlFreeDoc(doc);
		return rc;
	}
	*ret_doc = doc;
	*ret_root = root;
	return 0;
}
