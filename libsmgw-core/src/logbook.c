/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Logbooks: hash-chained CBOR records in segments of a store, signed
 * anchors, rotation with drop records, recovery of torn tails, verification
 * and export.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core-private.h"
#include "logbook-private.h"

int smgw__log_encode(const struct smgw_logbook_record *r, uint8_t *buf, size_t cap, size_t *ret_len);

#define DEFAULT_SEGMENT_SIZE 65536
#define MIN_SEGMENT_SIZE 1024
/* Readers hold a whole segment in memory; no writer makes them larger. */
#define MAX_SEGMENT_SIZE (16u << 20)
#define GENESIS_LABEL "smgw-logbook/1"

struct smgw_logbook {
	smgw_logstore *store;
	smgw_ctx *ctx;
	EVP_MD *md;
	char name[96];
	uint8_t genesis[32];
	struct smgw_logbook_params params;
	int readonly;
	/* chain state */
	uint64_t next_seq;
	uint8_t head[32];
	uint64_t records;
	uint64_t since_anchor;
	/* segments */
	uint64_t *segs;
	size_t nsegs, segs_cap;
	uint64_t tail_size; /* bytes in the last segment */
	/* scratch */
	uint8_t frame[SMGW__LOG_CBOR_MAX + SMGW__LOG_FRAME_OVERHEAD + SMGW__LOG_HDR];
	struct smgw__log_decoded dec;
};

/* SHA-256 through the logbook's fetched digest (fetched once per handle). */
static int sha256(smgw_logbook *lb, const uint8_t *p, size_t n, uint8_t out[32])
{
	unsigned int len = 0;

	return EVP_Digest(p, n, out, &len, lb->md, NULL) == 1 && len == 32 ? 0 : SMGW_E_CRYPTO;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- segment scanning ---- */

enum scan_status {
	SCAN_OK = 0,
	SCAN_TORN,    /* incomplete or damaged last frame of the last segment */
	SCAN_CORRUPT  /* anything else */
};

struct scan_pos {
	size_t seg_index;
	uint64_t offset;
};

/*
 * Calls fn for each record of every segment, oldest first. A frame that is
 * incomplete or fails its CRC at the very end of the last segment is a torn
 * tail (reported through *ret_torn_at); anything else is corruption.
 */
typedef int (*scan_fn)(smgw_logbook *lb, const struct smgw_logbook_record *rec, const uint8_t *cbor, size_t len,
		       const struct scan_pos *pos, void *ud);

struct scan_result {
	int status;
	struct scan_pos bad;
	uint64_t torn_bytes;
	char reason[96];
};

static int read_segment(smgw_logbook *lb, uint64_t seg, uint8_t **ret_buf, uint64_t *ret_size)
{
	smgw_logstore *s = lb->store;
	uint64_t size;
	uint8_t *buf;
	int e;

	e = s->ops.size(s->backend, lb->name, seg, &size);
	if (e < 0)
		return e;
	if (size > MAX_SEGMENT_SIZE + 2 * (SMGW__LOG_CBOR_MAX + SMGW__LOG_FRAME_OVERHEAD) + SMGW__LOG_HDR)
		return SMGW_E_CORRUPT; /* larger than any segment this library writes */
	buf = smgw_ctx_malloc(lb->ctx, size ? (size_t)size : 1);
	if (!buf)
		return SMGW_E_NOMEM;
	if (size) {
		e = s->ops.read(s->backend, lb->name, seg, 0, buf, (size_t)size);
		if (e < 0) {
			smgw_ctx_free(lb->ctx, buf, (size_t)size);
			return e;
		}
	}
	*ret_buf = buf;
	*ret_size = size;
	return 0;
}

static int scan(smgw_logbook *lb, scan_fn fn, void *ud, struct scan_result *res)
{
	size_t si;
	int e = 0;

	memset(res, 0, sizeof(*res));
	for (si = 0; si < lb->nsegs; si++) {
		int last_seg = si + 1 == lb->nsegs;
		uint8_t *buf = NULL;
		uint64_t size = 0, off;

		e = read_segment(lb, lb->segs[si], &buf, &size);
		if (e == SMGW_E_CORRUPT) {
			res->status = SCAN_CORRUPT;
			res->bad.seg_index = si;
			snprintf(res->reason, sizeof(res->reason), "segment %zu is larger than any segment written", si);
			return 0;
		}
		if (e < 0)
			return e;
		/* header */
		if (size < SMGW__LOG_HDR) {
			res->status = last_seg ? SCAN_TORN : SCAN_CORRUPT;
			res->bad.seg_index = si;
			res->bad.offset = 0;
			res->torn_bytes = size;
			snprintf(res->reason, sizeof(res->reason), "segment header incomplete");
			smgw_ctx_free(lb->ctx, buf, size ? (size_t)size : 1);
			return 0;
		}
		{
			uint8_t hdr[SMGW__LOG_HDR];
			memcpy(hdr, SMGW__LOG_MAGIC, 8);
			put_be32(hdr + 8, (uint32_t)(lb->segs[si] >> 32));
			put_be32(hdr + 12, (uint32_t)lb->segs[si]);
			if (memcmp(buf, hdr, SMGW__LOG_HDR) != 0) {
				res->status = SCAN_CORRUPT;
				res->bad.seg_index = si;
				snprintf(res->reason, sizeof(res->reason), "bad segment header");
				smgw_ctx_free(lb->ctx, buf, (size_t)size);
				return 0;
			}
		}
		for (off = SMGW__LOG_HDR; off < size;) {
			uint64_t left = size - off;
			uint32_t len;
			struct scan_pos pos = { si, off };

			if (left < 4 || (len = get_be32(buf + off)) == 0 || len > SMGW__LOG_CBOR_MAX ||
			    left < (uint64_t)len + SMGW__LOG_FRAME_OVERHEAD ||
			    get_be32(buf + off + 4 + len) != smgw__crc32(buf + off + 4, len)) {
				int at_end = left < 4 || left <= (uint64_t)len + SMGW__LOG_FRAME_OVERHEAD;

				res->status = last_seg && at_end ? SCAN_TORN : SCAN_CORRUPT;
				res->bad = pos;
				res->torn_bytes = left;
				snprintf(res->reason, sizeof(res->reason), "%s",
					 left < 4 || left < (uint64_t)len + SMGW__LOG_FRAME_OVERHEAD
						 ? "incomplete record (torn write or damaged length)"
						 : "record checksum mismatch");
				smgw_ctx_free(lb->ctx, buf, (size_t)size);
				return 0;
			}
			if (smgw__log_decode(buf + off + 4, len, &lb->dec) != 0) {
				res->status = SCAN_CORRUPT;
				res->bad = pos;
				snprintf(res->reason, sizeof(res->reason), "malformed record encoding");
				smgw_ctx_free(lb->ctx, buf, (size_t)size);
				return 0;
			}
			e = sha256(lb, buf + off + 4, len, lb->dec.rec.hash);
			if (e == 0 && fn)
				e = fn(lb, &lb->dec.rec, buf + off + 4, len, &pos, ud);
			if (e != 0) {
				smgw_ctx_free(lb->ctx, buf, (size_t)size);
				return e;
			}
			off += (uint64_t)len + SMGW__LOG_FRAME_OVERHEAD;
		}
		smgw_ctx_free(lb->ctx, buf, (size_t)size);
	}
	return 0;
}

/* ---- store helpers ---- */

static int list_segments(smgw_logbook *lb)
{
	smgw_logstore *s = lb->store;
	size_t n = 0;
	int e;

	e = s->ops.list(s->backend, lb->name, NULL, &n);
	if (e < 0 && e != SMGW_E_BUFSIZE)
		return e;
	if (n + 2 > lb->segs_cap) {
		size_t cap = n + 16;
		uint64_t *p = smgw_ctx_realloc(lb->ctx, lb->segs, lb->segs_cap * sizeof(uint64_t), cap * sizeof(uint64_t));
		if (!p)
			return SMGW_E_NOMEM;
		lb->segs = p;
		lb->segs_cap = cap;
	}
	n = lb->segs_cap;
	e = s->ops.list(s->backend, lb->name, lb->segs, &n);
	if (e < 0)
		return e == SMGW_E_BUFSIZE ? SMGW_E_IO : e; /* changed under us */
	lb->nsegs = n;
	return 0;
}

static int track_tail(smgw_logbook *lb, const struct smgw_logbook_record *rec, const uint8_t *cbor, size_t len,
		      const struct scan_pos *pos, void *ud)
{
	(void)cbor;
	(void)len;
	(void)pos;
	(void)ud;
	lb->next_seq = rec->seq + 1;
	memcpy(lb->head, rec->hash, 32);
	lb->records++;
	if (rec->rtype == SMGW_LOGBOOK_ANCHOR)
		lb->since_anchor = 0;
	else if (rec->rtype == SMGW_LOGBOOK_EVENT)
		lb->since_anchor++;
	return 0;
}

static int log_name(char *buf, size_t size, int32_t kind, const uint8_t *id, size_t id_len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, n;

	switch (kind) {
	case SMGW_LOGBOOK_SYSTEM:
		snprintf(buf, size, "system");
		return 0;
	case SMGW_LOGBOOK_CALIBRATION:
		snprintf(buf, size, "calibration");
		return 0;
	case SMGW_LOGBOOK_CONSUMER:
		if (!id || id_len == 0 || id_len > 32 || size < 10 + 2 * id_len)
			return SMGW_E_INVAL;
		n = (size_t)snprintf(buf, size, "consumer-");
		for (i = 0; i < id_len; i++) {
			buf[n++] = hex[id[i] >> 4];
			buf[n++] = hex[id[i] & 15];
		}
		buf[n] = '\0';
		return 0;
	default:
		return SMGW_E_INVAL;
	}
}

/* The hash every logbook's chain starts from: binds records to this logbook. */
static int genesis(smgw_logbook *lb, int32_t kind, const uint8_t *id, size_t id_len)
{
	uint8_t buf[64 + SMGW_LOGBOOK_ID_MAX];
	size_t n = sizeof(GENESIS_LABEL) - 1;

	memcpy(buf, GENESIS_LABEL, n);
	buf[n++] = (uint8_t)kind;
	buf[n++] = (uint8_t)id_len;
	if (id_len)
		memcpy(buf + n, id, id_len);
	return sha256(lb, buf, n + id_len, lb->genesis);
}

SMGW_EXPORT int smgw_logbook_open(smgw_logstore *store, int32_t kind, const uint8_t *consumer_id,
				  size_t consumer_id_len, const struct smgw_logbook_params *params,
				  struct smgw_logbook_info *ret_info, smgw_logbook **ret_lb)
{
	struct scan_result res;
	smgw_logbook *lb;
	int e;

	smgw_return_if_fail(store && ret_lb);
	smgw_return_if_fail((kind == SMGW_LOGBOOK_CONSUMER) == (consumer_id != NULL));
	smgw_return_if_fail(consumer_id_len <= 32);
	if (params) {
		smgw_return_if_fail(params->struct_size >= offsetof(struct smgw_logbook_params, sign_userdata) + sizeof(void *));
		smgw_return_if_fail((params->flags & ~SMGW_LOGBOOK_READONLY) == 0 && params->reserved == 0);
		smgw_return_if_fail(params->max_segments != 1);
		smgw_return_if_fail(params->segment_size <= MAX_SEGMENT_SIZE);
		smgw_return_if_fail(params->sync == SMGW_LOGBOOK_SYNC_EACH || params->sync == SMGW_LOGBOOK_SYNC_NONE);
	}
	lb = smgw_ctx_calloc(store->ctx, 1, sizeof(*lb));
	if (!lb)
		return SMGW_E_NOMEM;
	lb->store = store;
	lb->ctx = store->ctx;
	if (params)
		memcpy(&lb->params, params, params->struct_size < sizeof(lb->params) ? params->struct_size : sizeof(lb->params));
	lb->params.struct_size = sizeof(lb->params);
	if (lb->params.segment_size == 0)
		lb->params.segment_size = DEFAULT_SEGMENT_SIZE;
	if (lb->params.segment_size < MIN_SEGMENT_SIZE)
		lb->params.segment_size = MIN_SEGMENT_SIZE;
	lb->readonly = (lb->params.flags & SMGW_LOGBOOK_READONLY) != 0;
	lb->md = EVP_MD_fetch((OSSL_LIB_CTX *)smgw_ctx_ossl_libctx(lb->ctx), "SHA256", smgw_ctx_ossl_propq(lb->ctx));
	e = lb->md ? log_name(lb->name, sizeof(lb->name), kind, consumer_id, consumer_id_len) : SMGW_E_CRYPTO;
	if (e == 0)
		e = genesis(lb, kind, consumer_id, consumer_id_len);
	if (e == 0)
		e = list_segments(lb);
	if (e < 0)
		goto fail;
	memcpy(lb->head, lb->genesis, 32);
	e = scan(lb, track_tail, NULL, &res);
	if (e < 0)
		goto fail;
	if (res.status == SCAN_CORRUPT && !lb->readonly) {
		e = SMGW_E_CORRUPT;
		goto fail;
	}
	if (res.status == SCAN_TORN && !lb->readonly) {
		/* Recover: cut the incomplete record (or a header-less new segment). */
		uint64_t seg = lb->segs[res.bad.seg_index];
		if (res.bad.offset == 0 && res.bad.seg_index > 0)
			e = store->ops.remove(store->backend, lb->name, seg);
		else
			e = store->ops.truncate(store->backend, lb->name, seg, res.bad.offset);
		if (e == 0)
			e = list_segments(lb);
		if (e < 0)
			goto fail;
		smgw__log(lb->ctx, SMGW_LOG_NOTICE, "logbook", "%s: removed torn tail of %llu bytes", lb->name,
			  (unsigned long long)res.torn_bytes);
	}
	if (lb->nsegs) {
		e = store->ops.size(store->backend, lb->name, lb->segs[lb->nsegs - 1], &lb->tail_size);
		if (e < 0)
			goto fail;
	}
	if (ret_info) {
		memset(ret_info, 0, sizeof(*ret_info));
		ret_info->records = lb->records;
		ret_info->next_seq = lb->next_seq;
		ret_info->first_seq = lb->next_seq - lb->records;
		ret_info->torn_bytes = res.status == SCAN_TORN ? res.torn_bytes : 0;
		ret_info->segments = (uint32_t)lb->nsegs;
	}
	*ret_lb = lb;
	return 0;
fail:
	EVP_MD_free(lb->md);
	smgw_ctx_free(lb->ctx, lb->segs, lb->segs_cap * sizeof(uint64_t));
	smgw_ctx_free(lb->ctx, lb, sizeof(*lb));
	return e;
}

SMGW_EXPORT void smgw_logbook_close(smgw_logbook *lb)
{
	smgw_ctx *ctx;

	if (!lb)
		return;
	if (!lb->readonly && lb->nsegs)
		(void)lb->store->ops.sync(lb->store->backend, lb->name, lb->segs[lb->nsegs - 1]);
	ctx = lb->ctx;
	EVP_MD_free(lb->md);
	smgw_ctx_free(ctx, lb->segs, lb->segs_cap * sizeof(uint64_t));
	smgw_wipe(lb, sizeof(*lb));
	smgw_ctx_free(ctx, lb, sizeof(*lb));
}

SMGW_EXPORT int smgw_logbook_sync(smgw_logbook *lb)
{
	smgw_return_if_fail(lb);
	if (lb->readonly || !lb->nsegs)
		return 0;
	return lb->store->ops.sync(lb->store->backend, lb->name, lb->segs[lb->nsegs - 1]);
}

/* Frames and appends one record; updates the chain state only on success. */
static int write_record(smgw_logbook *lb, struct smgw_logbook_record *rec, uint64_t seg, int new_segment)
{
	smgw_logstore *s = lb->store;
	size_t hdr = new_segment ? SMGW__LOG_HDR : 0, len;
	uint8_t *p = lb->frame;
	uint8_t hash[32];
	int e;

	rec->seq = lb->next_seq;
	memcpy(rec->prev_hash, lb->head, 32);
	if (new_segment) {
		memcpy(p, SMGW__LOG_MAGIC, 8);
		put_be32(p + 8, (uint32_t)(seg >> 32));
		put_be32(p + 12, (uint32_t)seg);
	}
	e = smgw__log_encode(rec, p + hdr + 4, SMGW__LOG_CBOR_MAX, &len);
	if (e < 0)
		return e;
	put_be32(p + hdr, (uint32_t)len);
	put_be32(p + hdr + 4 + len, smgw__crc32(p + hdr + 4, len));
	e = sha256(lb, p + hdr + 4, len, hash);
	if (e < 0)
		return e;
	e = s->ops.append(s->backend, lb->name, seg, p, hdr + len + SMGW__LOG_FRAME_OVERHEAD);
	if (e < 0)
		return e;
	if (lb->params.sync == SMGW_LOGBOOK_SYNC_EACH || new_segment) {
		e = s->ops.sync(s->backend, lb->name, seg);
		if (e < 0) {
			/* not durable: take it back so the chain state stays consistent */
			(void)s->ops.truncate(s->backend, lb->name, seg, new_segment ? 0 : lb->tail_size);
			return e;
		}
	}
	if (new_segment) {
		lb->segs[lb->nsegs++] = seg;
		lb->tail_size = 0;
	}
	lb->tail_size += hdr + len + SMGW__LOG_FRAME_OVERHEAD;
	lb->next_seq++;
	lb->records++;
	memcpy(lb->head, hash, 32);
	return 0;
}

/* Last record (seq and hash) of a segment, for the drop record. */
struct last_rec {
	uint64_t first_seq, last_seq;
	uint8_t hash[32];
	int found;
};

static int find_last(smgw_logbook *lb, const struct smgw_logbook_record *rec, const uint8_t *cbor, size_t len,
		     const struct scan_pos *pos, void *ud)
{
	struct last_rec *l = ud;

	(void)lb;
	(void)cbor;
	(void)len;
	if (pos->seg_index > 0)
		return 1; /* past the oldest segment: stop */
	if (!l->found)
		l->first_seq = rec->seq;
	l->found = 1;
	l->last_seq = rec->seq;
	memcpy(l->hash, rec->hash, 32);
	return 0;
}

static int ensure_seg_cap(smgw_logbook *lb)
{
	size_t cap;
	uint64_t *p;

	if (lb->nsegs + 1 <= lb->segs_cap)
		return 0;
	cap = lb->segs_cap + 16;
	p = smgw_ctx_realloc(lb->ctx, lb->segs, lb->segs_cap * sizeof(uint64_t), cap * sizeof(uint64_t));
	if (!p)
		return SMGW_E_NOMEM;
	lb->segs = p;
	lb->segs_cap = cap;
	return 0;
}

/*
 * Capacity reached: open segment @p seg with a drop record that commits to
 * the last record of the oldest segment, make it durable, then remove the
 * oldest segment. A crash in between leaves the old segment in place, which
 * verification accepts (the commitment still matches).
 */
static int drop_oldest(smgw_logbook *lb, uint64_t seg, int64_t time_ms)
{
	struct smgw_logbook_record drop;
	struct scan_result res;
	struct last_rec l;
	int e;

	memset(&l, 0, sizeof(l));
	e = scan(lb, find_last, &l, &res);
	if (e < 0)
		return e;
	if (!l.found || res.status != SCAN_OK)
		return SMGW_E_CORRUPT;
	memset(&drop, 0, sizeof(drop));
	drop.rtype = SMGW_LOGBOOK_DROP;
	drop.level = SMGW_LOGBOOK_INFO;
	drop.time_ms = time_ms;
	drop.source = "logbook";
	drop.dropped_first = l.first_seq;
	drop.dropped_last = l.last_seq;
	memcpy(drop.dropped_hash, l.hash, 32);
	e = write_record(lb, &drop, seg, 1);
	if (e < 0)
		return e;
	e = lb->store->ops.remove(lb->store->backend, lb->name, lb->segs[0]);
	if (e < 0)
		return e;
	memmove(lb->segs, lb->segs + 1, (lb->nsegs - 1) * sizeof(uint64_t));
	lb->nsegs--;
	lb->records -= l.last_seq - l.first_seq + 1;
	smgw__log(lb->ctx, SMGW_LOG_INFO, "logbook", "%s: dropped records %llu..%llu", lb->name,
		  (unsigned long long)l.first_seq, (unsigned long long)l.last_seq);
	return 0;
}

static int append_record(smgw_logbook *lb, struct smgw_logbook_record *rec)
{
	uint64_t seg;
	int e;

	if (lb->nsegs && lb->tail_size + SMGW__LOG_CBOR_MAX + SMGW__LOG_FRAME_OVERHEAD <= lb->params.segment_size)
		return write_record(lb, rec, lb->segs[lb->nsegs - 1], 0);
	e = ensure_seg_cap(lb);
	if (e < 0)
		return e;
	seg = lb->nsegs ? lb->segs[lb->nsegs - 1] + 1 : 0;
	if (lb->params.max_segments && lb->nsegs >= lb->params.max_segments) {
		e = drop_oldest(lb, seg, rec->time_ms);
		if (e < 0)
			return e;
		return write_record(lb, rec, seg, 0);
	}
	return write_record(lb, rec, seg, 1);
}

static int check_str(const char *s, size_t max, int required)
{
	if (!s)
		return required ? SMGW_E_INVAL : 0;
	return strnlen(s, max + 1) <= max ? 0 : SMGW_E_LIMIT;
}

static int do_anchor(smgw_logbook *lb, int64_t time_ms)
{
	struct smgw_logbook_record a;
	uint8_t sig[SMGW_LOGBOOK_SIG_MAX];
	size_t sig_len = sizeof(sig);
	int e;

	e = lb->params.sign(lb->params.sign_userdata, lb->head, sig, &sig_len);
	if (e < 0)
		return e;
	if (sig_len == 0 || sig_len > SMGW_LOGBOOK_SIG_MAX)
		return SMGW_E_CRYPTO;
	memset(&a, 0, sizeof(a));
	a.rtype = SMGW_LOGBOOK_ANCHOR;
	a.level = SMGW_LOGBOOK_INFO;
	a.time_ms = time_ms;
	a.source = "logbook";
	a.sig = sig;
	a.sig_len = (uint32_t)sig_len;
	e = append_record(lb, &a);
	if (e == 0)
		lb->since_anchor = 0;
	return e;
}

SMGW_EXPORT int smgw_logbook_append(smgw_logbook *lb, const struct smgw_logbook_event *ev, uint64_t *ret_seq)
{
	struct smgw_logbook_record rec;
	uint64_t seq;
	int e;

	smgw_return_if_fail(lb && ev);
	smgw_return_if_fail(ev->struct_size >= offsetof(struct smgw_logbook_event, reserved) + sizeof(uint32_t));
	smgw_return_if_fail(ev->data || ev->data_len == 0);
	if (lb->readonly)
		return SMGW_E_PERM;
	if ((e = check_str(ev->source, SMGW_LOGBOOK_NAME_MAX, 1)) || (e = check_str(ev->subject, SMGW_LOGBOOK_NAME_MAX, 0)) ||
	    (e = check_str(ev->recipient, SMGW_LOGBOOK_NAME_MAX, 0)) || (e = check_str(ev->text, SMGW_LOGBOOK_TEXT_MAX, 0)))
		return e;
	if (ev->data_len > SMGW_LOGBOOK_DATA_MAX)
		return SMGW_E_LIMIT;
	if (ev->level < 0 || ev->outcome < -INT32_MAX)
		return SMGW_E_INVAL;
	memset(&rec, 0, sizeof(rec));
	rec.rtype = SMGW_LOGBOOK_EVENT;
	rec.event_type = ev->event_type;
	rec.time_ms = ev->time_ms;
	rec.level = ev->level;
	rec.outcome = ev->outcome;
	rec.source = ev->source;
	rec.subject = ev->subject;
	rec.recipient = ev->recipient;
	rec.text = ev->text;
	rec.data = ev->data_len ? ev->data : NULL;
	rec.data_len = ev->data_len;
	seq = lb->next_seq;
	e = append_record(lb, &rec);
	if (e < 0)
		return e;
	/* the event's own sequence number (a drop record may precede it) */
	seq = lb->next_seq - 1;
	lb->since_anchor++;
	if (lb->params.sign && lb->params.anchor_interval && lb->since_anchor >= lb->params.anchor_interval) {
		e = do_anchor(lb, ev->time_ms);
		if (e < 0)
			smgw__log(lb->ctx, SMGW_LOG_WARNING, "logbook", "%s: anchor failed: %s", lb->name, smgw_strerror(e));
	}
	if (ret_seq)
		*ret_seq = seq;
	return 0;
}

SMGW_EXPORT int smgw_logbook_anchor(smgw_logbook *lb, int64_t time_ms)
{
	smgw_return_if_fail(lb);
	if (lb->readonly)
		return SMGW_E_PERM;
	if (!lb->params.sign)
		return SMGW_E_UNSUPPORTED;
	if (lb->records == 0)
		return SMGW_E_STATE;
	return do_anchor(lb, time_ms);
}

/* ---- iteration ---- */

static int passes(const struct smgw_logbook_record *r, const struct smgw_logbook_filter *f)
{
	if (!f)
		return r->rtype == SMGW_LOGBOOK_EVENT;
	if (!(f->flags & SMGW_LOGBOOK_FILTER_ALL_TYPES) && r->rtype != SMGW_LOGBOOK_EVENT)
		return 0;
	if ((f->flags & SMGW_LOGBOOK_FILTER_TIME) && (r->time_ms < f->time_from_ms || r->time_ms >= f->time_to_ms))
		return 0;
	if ((f->flags & SMGW_LOGBOOK_FILTER_TYPE) && r->event_type != f->event_type)
		return 0;
	return r->level >= f->min_level;
}

struct each {
	const struct smgw_logbook_filter *filter;
	smgw_logbook_record_fn fn;
	void *ud;
	int count;
	int result;
};

static int each_cb(smgw_logbook *lb, const struct smgw_logbook_record *rec, const uint8_t *cbor, size_t len,
		   const struct scan_pos *pos, void *ud)
{
	struct each *x = ud;
	int r;

	(void)lb;
	(void)cbor;
	(void)len;
	(void)pos;
	if (!passes(rec, x->filter))
		return 0;
	r = x->fn(x->ud, rec);
	if (r < 0) {
		x->result = r;
		return r;
	}
	if (x->count < INT32_MAX)
		x->count++;
	return r > 0 ? 1 : 0;
}

SMGW_EXPORT int smgw_logbook_foreach(smgw_logbook *lb, const struct smgw_logbook_filter *filter,
				     smgw_logbook_record_fn fn, void *userdata)
{
	struct each x = { filter, fn, userdata, 0, 0 };
	struct scan_result res;
	int e;

	smgw_return_if_fail(lb && fn);
	e = scan(lb, each_cb, &x, &res);
	if (x.result < 0)
		return x.result;
	if (e < 0)
		return e;
	if (e == 0 && res.status == SCAN_CORRUPT)
		return SMGW_E_CORRUPT;
	return x.count;
}

static int count_fn(void *ud, const struct smgw_logbook_record *rec)
{
	(void)rec;
	(*(uint64_t *)ud)++;
	return 0;
}

SMGW_EXPORT int smgw_logbook_count(smgw_logbook *lb, const struct smgw_logbook_filter *filter, uint64_t *ret_count)
{
	uint64_t n = 0;
	int e;

	smgw_return_if_fail(lb && ret_count);
	e = smgw_logbook_foreach(lb, filter, count_fn, &n);
	if (e < 0)
		return e;
	*ret_count = n;
	return 0;
}

/* ---- verification ---- */

struct vstate {
	smgw_logbook_verify_fn verify;
	void *ud;
	struct smgw_logbook_verify_result *res;
	int started;
	uint64_t expect_seq;
	uint8_t prev[32];
	/* the chain start of a rotated log: first present record's prev must be
	 * committed to by a drop record later on */
	int need_drop;
	uint64_t first_seq;
	uint8_t first_prev[32];
	int failed;
};

static int vfail(struct vstate *v, const struct smgw_logbook_record *rec, const struct scan_pos *pos, const char *why)
{
	v->res->first_bad_seq = rec ? rec->seq : v->expect_seq;
	v->res->segment_index = (uint32_t)pos->seg_index;
	v->res->offset = pos->offset;
	snprintf(v->res->reason, sizeof(v->res->reason), "%s", why);
	v->failed = 1;
	return 2; /* stop */
}

static int verify_cb(smgw_logbook *lb, const struct smgw_logbook_record *rec, const uint8_t *cbor, size_t len,
		     const struct scan_pos *pos, void *ud)
{
	struct vstate *v = ud;

	(void)cbor;
	(void)len;
	if (!v->started) {
		v->started = 1;
		v->expect_seq = rec->seq;
		if (rec->seq == 0) {
			memcpy(v->prev, lb->genesis, 32);
		} else {
			/* older records were dropped: a drop record must vouch for this start */
			v->need_drop = 1;
			v->first_seq = rec->seq;
			memcpy(v->first_prev, rec->prev_hash, 32);
			memcpy(v->prev, rec->prev_hash, 32);
		}
	}
	if (rec->seq != v->expect_seq)
		return vfail(v, rec, pos, rec->seq < v->expect_seq ? "sequence number repeats or goes back (reordered or inserted record)"
								  : "sequence number skips (deleted record)");
	if (memcmp(rec->prev_hash, v->prev, 32) != 0)
		return vfail(v, rec, pos, "hash of the previous record does not match (changed, inserted or deleted record)");
	if (rec->rtype == SMGW_LOGBOOK_DROP) {
		if (rec->dropped_first > rec->dropped_last || rec->dropped_last >= rec->seq)
			return vfail(v, rec, pos, "drop record with an impossible range");
		if (v->need_drop && rec->dropped_last + 1 == v->first_seq) {
			if (memcmp(rec->dropped_hash, v->first_prev, 32) != 0)
				return vfail(v, rec, pos, "drop record does not commit to the first remaining record");
			v->need_drop = 0;
		}
	}
	if (rec->rtype == SMGW_LOGBOOK_ANCHOR) {
		if (!rec->sig)
			return vfail(v, rec, pos, "anchor without signature");
		if (v->verify) {
			int e = v->verify(v->ud, rec->prev_hash, rec->sig, rec->sig_len);
			if (e != 0)
				return vfail(v, rec, pos, "anchor signature does not verify");
			v->res->anchors++;
		}
	}
	memcpy(v->prev, rec->hash, 32);
	v->expect_seq = rec->seq + 1;
	v->res->records++;
	v->res->head_seq = rec->seq;
	memcpy(v->res->head_hash, rec->hash, 32);
	return 0;
}

SMGW_EXPORT int smgw_logbook_verify(smgw_logbook *lb, smgw_logbook_verify_fn verify, void *userdata,
				    struct smgw_logbook_verify_result *ret)
{
	struct vstate v;
	struct scan_result res;
	struct scan_pos end;
	int e;

	smgw_return_if_fail(lb && ret);
	memset(ret, 0, sizeof(*ret));
	memset(&v, 0, sizeof(v));
	v.verify = verify;
	v.ud = userdata;
	v.res = ret;
	e = list_segments(lb);
	if (e < 0)
		return e;
	e = scan(lb, verify_cb, &v, &res);
	if (e < 0)
		return e;
	if (v.failed)
		return SMGW_E_INTEGRITY;
	if (res.status != SCAN_OK) {
		ret->first_bad_seq = v.started ? v.expect_seq : 0;
		ret->segment_index = (uint32_t)res.bad.seg_index;
		ret->offset = res.bad.offset;
		snprintf(ret->reason, sizeof(ret->reason), "%s", res.reason);
		return SMGW_E_INTEGRITY;
	}
	end.seg_index = lb->nsegs ? lb->nsegs - 1 : 0;
	end.offset = lb->tail_size;
	if (v.need_drop) {
		vfail(&v, NULL, &end, "oldest records are missing and no drop record accounts for them");
		ret->first_bad_seq = v.first_seq;
		return SMGW_E_INTEGRITY;
	}
	if (!v.started && lb->nsegs > 0) {
		snprintf(ret->reason, sizeof(ret->reason), "segments without records");
		return SMGW_E_INTEGRITY;
	}
	return 0;
}

SMGW_EXPORT int smgw_logbook_verify_ecdsa(void *userdata, const uint8_t digest[32], const uint8_t *sig, size_t sig_len)
{
	const struct smgw_logbook_pubkey *pk = userdata;
	EVP_PKEY *key = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	BIO *bio;
	int r = SMGW_E_CRYPTO;

	if (!pk || !pk->key || !digest || !sig || pk->key_len > INT32_MAX || sig_len == 0)
		return SMGW_E_INVAL;
	bio = BIO_new_mem_buf(pk->key, (int)pk->key_len);
	if (!bio)
		return SMGW_E_NOMEM;
	key = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	if (!key) {
		const unsigned char *p = pk->key;
		key = d2i_PUBKEY(NULL, &p, (long)pk->key_len);
	}
	BIO_free(bio);
	if (!key)
		return SMGW_E_CRYPTO;
	pctx = EVP_PKEY_CTX_new(key, NULL);
	if (pctx && EVP_PKEY_verify_init(pctx) == 1 && EVP_PKEY_base_id(key) == EVP_PKEY_EC) {
		int ok = EVP_PKEY_verify(pctx, sig, sig_len, digest, 32);
		r = ok == 1 ? 0 : SMGW_E_INTEGRITY;
	}
	EVP_PKEY_CTX_free(pctx);
	EVP_PKEY_free(key);
	ERR_clear_error();
	return r;
}

/* ---- export ---- */

struct out {
	smgw_logbook_write_fn write;
	void *ud;
	int err;
	int json;
	int count;
};

static void emit(struct out *o, const char *s, size_t n)
{
	if (!o->err && n)
		o->err = o->write(o->ud, s, n);
}

static void emits(struct out *o, const char *s)
{
	emit(o, s, strlen(s));
}

/* Length of a valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *p, size_t left)
{
	unsigned c = p[0];
	size_t n, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (left < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* Escapes text for XML or JSON; invalid UTF-8 becomes U+FFFD, control characters are dropped (XML) or escaped. */
static void emit_escaped(struct out *o, const char *s, size_t max_chars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), chars = 0;

	while (left && chars < max_chars) {
		size_t n = utf8_len(p, left);
		char tmp[8];

		if (n == 0) {
			emits(o, "\xef\xbf\xbd");
			p++;
			left--;
			chars++;
			continue;
		}
		if (n == 1) {
			unsigned c = p[0];
			if (!o->json && c == '&')
				emits(o, "&amp;");
			else if (!o->json && c == '<')
				emits(o, "&lt;");
			else if (!o->json && c == '>')
				emits(o, "&gt;");
			else if (!o->json && c == '"')
				emits(o, "&quot;");
			else if (o->json && (c == '"' || c == '\\')) {
				tmp[0] = '\\';
				tmp[1] = (char)c;
				emit(o, tmp, 2);
			} else if (c < 0x20) {
				if (o->json) {
					snprintf(tmp, sizeof(tmp), "\\u%04x", c);
					emits(o, tmp);
				} else if (c == '\t' || c == '\n' || c == '\r') {
					snprintf(tmp, sizeof(tmp), "&#%u;", c);
					emits(o, tmp);
				} /* other control characters are not allowed in XML 1.0 */
			} else {
				emit(o, (const char *)p, 1);
			}
		} else {
			emit(o, (const char *)p, n);
		}
		p += n;
		left -= n;
		chars++;
	}
}

static void emit_hex(struct out *o, const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char buf[2];
	size_t i;

	for (i = 0; i < n; i++) {
		buf[0] = hex[p[i] >> 4];
		buf[1] = hex[p[i] & 15];
		emit(o, buf, 2);
	}
}

static const char *rtype_name(int32_t t)
{
	return t == SMGW_LOGBOOK_ANCHOR ? "anchor" : t == SMGW_LOGBOOK_DROP ? "drop" : "event";
}

static int xml_record(void *ud, const struct smgw_logbook_record *r)
{
	struct out *o = ud;
	char num[128], iso[SMGW_ISO8601_LEN];

	emits(o, "  <LogEntry>\n");
	if (r->seq <= UINT32_MAX) {
		snprintf(num, sizeof(num), "    <recordNumber>%llu</recordNumber>\n", (unsigned long long)r->seq);
		emits(o, num);
	}
	emits(o, "    <LogEvent>\n      <evidence>");
	emit_hex(o, r->hash, 16);
	snprintf(num, sizeof(num), "</evidence>\n      <type>\n        <eventId>%u</eventId>\n      </type>\n",
		 r->event_type);
	emits(o, num);
	if (r->level >= 0 && r->level <= 255) {
		snprintf(num, sizeof(num), "      <level>%d</level>\n", r->level);
		emits(o, num);
	}
	/* source, subject and recipient in messageExtensions (String256) */
	emits(o, "      <messageExtensions>source=");
	emit_escaped(o, r->source, 80);
	if (r->subject) {
		emits(o, ";subject=");
		emit_escaped(o, r->subject, 70);
	}
	if (r->recipient) {
		emits(o, ";recipient=");
		emit_escaped(o, r->recipient, 70);
	}
	emits(o, "</messageExtensions>\n");
	if (r->text || r->rtype != SMGW_LOGBOOK_EVENT) {
		emits(o, "      <text>");
		if (r->rtype != SMGW_LOGBOOK_EVENT) {
			emits(o, r->rtype == SMGW_LOGBOOK_ANCHOR ? "Signed logbook anchor" : "Logbook segments dropped");
			if (r->text)
				emits(o, ": ");
		}
		if (r->text)
			emit_escaped(o, r->text, 4096);
		emits(o, "</text>\n");
	}
	snprintf(num, sizeof(num), "      <outcome>%d</outcome>\n", r->outcome == 0 ? 0 : 1);
	emits(o, num);
	if (smgw_time_format_iso8601(r->time_ms, 0, SMGW_ISO_BERLIN, iso, sizeof(iso)) > 0 ||
	    smgw_time_format_iso8601(r->time_ms, 0, SMGW_ISO_Z, iso, sizeof(iso)) > 0) {
		emits(o, "      <timestamp>");
		emits(o, iso);
		emits(o, "</timestamp>\n");
	}
	emits(o, "    </LogEvent>\n  </LogEntry>\n");
	return o->err;
}

static void json_str(struct out *o, const char *key, const char *val, int comma)
{
	if (comma)
		emits(o, ",");
	emits(o, "\"");
	emits(o, key);
	emits(o, "\":");
	if (!val) {
		emits(o, "null");
		return;
	}
	emits(o, "\"");
	emit_escaped(o, val, SIZE_MAX);
	emits(o, "\"");
}

static int json_record(void *ud, const struct smgw_logbook_record *r)
{
	struct out *o = ud;
	char num[128], iso[SMGW_ISO8601_LEN];

	emits(o, o->count++ ? ",\n  {" : "\n  {");
	snprintf(num, sizeof(num), "\"seq\":%llu,\"time_ms\":%lld", (unsigned long long)r->seq, (long long)r->time_ms);
	emits(o, num);
	if (smgw_time_format_iso8601(r->time_ms, 0, SMGW_ISO_MS | SMGW_ISO_Z, iso, sizeof(iso)) > 0)
		json_str(o, "time", iso, 1);
	json_str(o, "record", rtype_name(r->rtype), 1);
	snprintf(num, sizeof(num), ",\"type\":%u,\"level\":%d,\"outcome\":%d", r->event_type, r->level, r->outcome);
	emits(o, num);
	json_str(o, "source", r->source, 1);
	json_str(o, "subject", r->subject, 1);
	json_str(o, "recipient", r->recipient, 1);
	json_str(o, "text", r->text, 1);
	emits(o, ",\"data\":");
	if (r->data) {
		emits(o, "\"");
		emit_hex(o, r->data, r->data_len);
		emits(o, "\"");
	} else {
		emits(o, "null");
	}
	if (r->sig) {
		emits(o, ",\"signature\":\"");
		emit_hex(o, r->sig, r->sig_len);
		emits(o, "\"");
	}
	if (r->rtype == SMGW_LOGBOOK_DROP) {
		snprintf(num, sizeof(num), ",\"dropped_first\":%llu,\"dropped_last\":%llu",
			 (unsigned long long)r->dropped_first, (unsigned long long)r->dropped_last);
		emits(o, num);
	}
	emits(o, ",\"hash\":\"");
	emit_hex(o, r->hash, 32);
	emits(o, "\"}");
	return o->err;
}

SMGW_EXPORT int smgw_logbook_export_xml(smgw_logbook *lb, const struct smgw_logbook_filter *filter,
					smgw_logbook_write_fn write, void *userdata)
{
	struct out o = { write, userdata, 0, 0, 0 };
	int n;

	smgw_return_if_fail(lb && write);
	n = smgw_logbook_foreach(lb, filter, xml_record, &o);
	return o.err ? o.err : n;
}

SMGW_EXPORT int smgw_logbook_export_json(smgw_logbook *lb, const struct smgw_logbook_filter *filter,
					 smgw_logbook_write_fn write, void *userdata)
{
	struct out o = { write, userdata, 0, 1, 0 };
	int n;

	smgw_return_if_fail(lb && write);
	emits(&o, "[");
	n = smgw_logbook_foreach(lb, filter, json_record, &o);
	emits(&o, o.count ? "\n]\n" : "]\n");
	return o.err ? o.err : n;
}
