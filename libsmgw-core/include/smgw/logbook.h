/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file logbook.h
 * @brief Tamper-evident logbooks: calibration log, system log, consumer logs.
 *
 * A gateway keeps three kinds of logbooks (BSI-CC-PP-0073, TR-03109-1):
 * the calibration log (metrologically relevant events), the system log
 * (every relevant event, for administrator and service technician) and one
 * consumer log per end consumer. Each record is CBOR (schema in
 * docs/logbook.md), carries its sequence number and the SHA-256 of the
 * previous record, so smgw_logbook_verify() detects any change, deletion,
 * insertion or reordering and names the first bad record. Signed anchors
 * (every N records and on demand) bind the chain head to a key of the
 * security module.
 *
 * Records live in segments of a store (smgw/sys/logstore.h); the file
 * store keeps one append-only file per segment and survives a power cut at
 * any byte: opening a logbook recovers to the last complete record and
 * reports the torn tail. With a capacity limit, whole oldest segments are
 * dropped, and the chain continues through a drop record that commits to
 * the hash of the last dropped record.
 *
 * Thread safety: a logbook handle must not be used from two threads at the
 * same time; distinct handles on distinct logbooks may. Two handles must
 * never write the same logbook.
 */
#ifndef SMGW_LOGBOOK_H
#define SMGW_LOGBOOK_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/ctx.h>

SMGW_BEGIN_DECLS

struct smgw_logstore_ops;

/** Opaque store of logbook segments. */
typedef struct smgw_logstore smgw_logstore;
/** Opaque handle of one logbook. */
typedef struct smgw_logbook smgw_logbook;

/** The kinds of logbook. */
enum smgw_logbook_kind {
	SMGW_LOGBOOK_SYSTEM = 1,      /**< system log */
	SMGW_LOGBOOK_CALIBRATION = 2, /**< calibration log (Eichlog) */
	SMGW_LOGBOOK_CONSUMER = 3     /**< consumer log, one per consumer id */
};

/** Levels of an event (AR 2418-6 LogEvent level; values are a table in docs/logbook.md). */
enum smgw_logbook_level {
	SMGW_LOGBOOK_INFO = 1,    /**< information */
	SMGW_LOGBOOK_WARNING = 2, /**< warning */
	SMGW_LOGBOOK_ERROR = 3,   /**< error */
	SMGW_LOGBOOK_FATAL = 4    /**< fatal error */
};

/** Record types. */
enum smgw_logbook_rtype {
	SMGW_LOGBOOK_EVENT = 0,  /**< an event appended by the caller */
	SMGW_LOGBOOK_ANCHOR = 1, /**< a signed anchor over the chain head */
	SMGW_LOGBOOK_DROP = 2    /**< commits to segments dropped by rotation */
};

/** Longest source, subject and recipient strings, in bytes. */
#define SMGW_LOGBOOK_NAME_MAX 128
/** Longest text, in bytes. */
#define SMGW_LOGBOOK_TEXT_MAX 1024
/** Longest binary payload, in bytes. */
#define SMGW_LOGBOOK_DATA_MAX 1024
/** Longest consumer id, in bytes. */
#define SMGW_LOGBOOK_ID_MAX 64
/** Longest signature an anchor holds, in bytes. */
#define SMGW_LOGBOOK_SIG_MAX 160

/** An event to append. Zero-initialize and set @ref struct_size. */
struct smgw_logbook_event {
	uint32_t struct_size;  /**< sizeof(struct smgw_logbook_event) */
	uint32_t event_type;   /**< event identifier (vendor or AR 2418-6 eventId) */
	int64_t time_ms;       /**< time of the event, ms since 1970 UTC */
	int32_t level;         /**< enum smgw_logbook_level */
	int32_t outcome;       /**< 0 success, otherwise an event-specific failure code */
	const char *source;    /**< module or actor that reports the event (required) */
	const char *subject;   /**< whom the event concerns (optional) */
	const char *recipient; /**< recipient of a data transfer (optional) */
	const char *text;      /**< human-readable text, UTF-8 (optional) */
	const uint8_t *data;   /**< small structured payload, opaque bytes (optional) */
	uint32_t data_len;     /**< length of @ref data */
	uint32_t reserved;     /**< 0 */
};

/** One record as read back. Pointers are valid during the callback only. */
struct smgw_logbook_record {
	uint64_t seq;          /**< sequence number, 0 for the first record ever */
	int32_t rtype;         /**< enum smgw_logbook_rtype */
	uint32_t event_type;   /**< as appended */
	int64_t time_ms;       /**< as appended */
	int32_t level;         /**< as appended */
	int32_t outcome;       /**< as appended */
	const char *source;    /**< NUL-terminated */
	const char *subject;   /**< NUL-terminated or NULL */
	const char *recipient; /**< NUL-terminated or NULL */
	const char *text;      /**< NUL-terminated or NULL */
	const uint8_t *data;   /**< payload or NULL */
	uint32_t data_len;     /**< its length */
	uint32_t sig_len;      /**< anchor: signature length */
	const uint8_t *sig;    /**< anchor: signature over @ref prev_hash, or NULL */
	uint64_t dropped_first; /**< drop record: first dropped sequence number */
	uint64_t dropped_last;  /**< drop record: last dropped sequence number */
	uint8_t prev_hash[32]; /**< SHA-256 of the previous record (the chain head before this one) */
	uint8_t hash[32];      /**< SHA-256 of this record */
	uint8_t dropped_hash[32]; /**< drop record: hash of the last dropped record */
};

/**
 * Signs a 32-byte digest (the chain head) for an anchor, e.g. through the
 * security module.
 * @param userdata as given in the parameters
 * @param digest the 32-byte SHA-256 digest to sign
 * @param sig output buffer
 * @param[in,out] sig_len capacity (SMGW_LOGBOOK_SIG_MAX) on entry, length on return
 * @return 0 or a negative SMGW_E_* code
 */
typedef int (*smgw_logbook_sign_fn)(void *userdata, const uint8_t digest[32], uint8_t *sig, size_t *sig_len);

/**
 * Verifies an anchor signature.
 * @param userdata as given to smgw_logbook_verify()
 * @param digest the 32-byte digest that was signed
 * @param sig the signature
 * @param sig_len its length
 * @return 0 if valid, SMGW_E_INTEGRITY if not, another code on failure
 */
typedef int (*smgw_logbook_verify_fn)(void *userdata, const uint8_t digest[32], const uint8_t *sig, size_t sig_len);

/** fsync policy. */
enum smgw_logbook_sync {
	SMGW_LOGBOOK_SYNC_EACH = 0, /**< every append is durable when it returns (default) */
	SMGW_LOGBOOK_SYNC_NONE = 1  /**< the caller calls smgw_logbook_sync() (batching) */
};

/** Parameters of smgw_logbook_open(). Zero-initialize and set @ref struct_size. */
struct smgw_logbook_params {
	uint32_t struct_size;     /**< sizeof(struct smgw_logbook_params) */
	uint32_t flags;           /**< SMGW_LOGBOOK_READONLY or 0 */
	uint64_t segment_size;    /**< bytes per segment before a new one starts: 0 for 65536, at most 16 MiB (a reader holds one segment in memory) */
	uint32_t max_segments;    /**< capacity limit in segments (>= 2), 0: unlimited */
	uint32_t anchor_interval; /**< sign an anchor every N records, 0: only on demand */
	int32_t sync;             /**< enum smgw_logbook_sync */
	uint32_t reserved;        /**< 0 */
	smgw_logbook_sign_fn sign; /**< anchor signer, NULL: anchors are not written */
	void *sign_userdata;      /**< passed to @ref sign */
};

/** Open read-only: no recovery, no writes (for verification of a log as found). */
#define SMGW_LOGBOOK_READONLY 0x1u

/** What smgw_logbook_open() found. */
struct smgw_logbook_info {
	uint64_t records;       /**< records present */
	uint64_t first_seq;     /**< sequence number of the oldest record present */
	uint64_t next_seq;      /**< sequence number the next append gets */
	uint64_t torn_bytes;    /**< bytes of an incomplete last record (removed unless read-only) */
	uint32_t segments;      /**< segments present */
	uint32_t reserved;      /**< 0 */
};

/** Filter for iteration, counting and export. Zero means "no restriction". */
struct smgw_logbook_filter {
	int64_t time_from_ms;   /**< only records at or after this time (with SMGW_LOGBOOK_FILTER_TIME) */
	int64_t time_to_ms;     /**< only records before this time (with SMGW_LOGBOOK_FILTER_TIME) */
	uint32_t event_type;    /**< only this event type (with SMGW_LOGBOOK_FILTER_TYPE) */
	int32_t min_level;      /**< only records with level >= this (0: any) */
	uint32_t flags;         /**< SMGW_LOGBOOK_FILTER_* */
	uint32_t reserved;      /**< 0 */
};

/** Filter on time_from_ms/time_to_ms. */
#define SMGW_LOGBOOK_FILTER_TIME 0x1u
/** Filter on event_type. */
#define SMGW_LOGBOOK_FILTER_TYPE 0x2u
/** Include anchor and drop records (events only by default). */
#define SMGW_LOGBOOK_FILTER_ALL_TYPES 0x4u

/** Result of smgw_logbook_verify(). */
struct smgw_logbook_verify_result {
	uint64_t records;        /**< records checked */
	uint64_t anchors;        /**< anchors whose signature was verified */
	uint64_t first_bad_seq;  /**< sequence number of the first bad record (valid on failure) */
	uint32_t segment_index;  /**< segment of the first bad record (0 = oldest present) */
	uint32_t reserved;       /**< 0 */
	uint64_t offset;         /**< byte offset of the first bad record in its segment */
	uint8_t head_hash[32];   /**< hash of the last record (the chain head) on success */
	uint64_t head_seq;       /**< sequence number of the last record on success */
	char reason[128];        /**< what is wrong, NUL-terminated */
};

/**
 * Creates a store over a vtable.
 * @param ctx the context (referenced)
 * @param ops the methods (copied; older, smaller tables are accepted)
 * @param backend the backend object; ops->destroy(backend), if given, is called by smgw_logstore_free()
 * @param[out] ret_store the store
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_logstore_new(smgw_ctx *ctx, const struct smgw_logstore_ops *ops, void *backend,
						   smgw_logstore **ret_store);

/**
 * Creates a store of segment files in a directory (created if missing,
 * mode 0700). File names are `<logbook>-<segment, 16 hex digits>.seg`.
 * @param ctx the context (referenced)
 * @param dir the directory
 * @param[out] ret_store the store
 * @return 0, SMGW_E_IO, SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_logstore_new_dir(smgw_ctx *ctx, const char *dir, smgw_logstore **ret_store);

/**
 * Frees a store. All logbooks opened on it must be closed first.
 * @param store the store or NULL
 */
SMGW_EXPORT void smgw_logstore_free(smgw_logstore *store);

/**
 * Opens (and with write access recovers) a logbook.
 *
 * @param store the store
 * @param kind enum smgw_logbook_kind
 * @param consumer_id for SMGW_LOGBOOK_CONSUMER the consumer's id (1..64 bytes), else NULL
 * @param consumer_id_len its length
 * @param params parameters, or NULL for defaults
 * @param[out] ret_info what was found (may be NULL)
 * @param[out] ret_lb the logbook
 * @return 0; SMGW_E_CORRUPT (a damaged record that is not a torn tail:
 *         use a read-only handle and smgw_logbook_verify() to locate it);
 *         SMGW_E_INVAL; SMGW_E_IO; SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_logbook_open(smgw_logstore *store, int32_t kind, const uint8_t *consumer_id,
						   size_t consumer_id_len, const struct smgw_logbook_params *params,
						   struct smgw_logbook_info *ret_info, smgw_logbook **ret_lb);

/**
 * Closes a logbook (syncs pending appends).
 * @param lb the logbook or NULL
 */
SMGW_EXPORT void smgw_logbook_close(smgw_logbook *lb);

/**
 * Appends an event. With SMGW_LOGBOOK_SYNC_EACH it is durable on return.
 * May also write an anchor (anchor_interval) and rotate segments.
 *
 * @param lb the logbook
 * @param event the event
 * @param[out] ret_seq its sequence number (may be NULL)
 * @return 0; SMGW_E_NOSPACE (nothing was written); SMGW_E_LIMIT (a field is
 *         too long); SMGW_E_PERM (read-only); SMGW_E_INVAL; SMGW_E_IO
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_logbook_append(smgw_logbook *lb, const struct smgw_logbook_event *event,
						     uint64_t *ret_seq);

/**
 * Writes a signed anchor over the current chain head now.
 * @param lb the logbook
 * @param time_ms the time to record in the anchor
 * @return 0, SMGW_E_UNSUPPORTED (no signer), SMGW_E_STATE (empty logbook), or an append error
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_logbook_anchor(smgw_logbook *lb, int64_t time_ms);

/**
 * Makes all appends durable (for SMGW_LOGBOOK_SYNC_NONE).
 * @param lb the logbook
 * @return 0, SMGW_E_IO
 */
SMGW_EXPORT int smgw_logbook_sync(smgw_logbook *lb);

/**
 * Callback of smgw_logbook_foreach().
 * @param userdata as given
 * @param rec the record, valid during the call
 * @return 0 to continue, a positive value to stop, a negative code to abort with it
 */
typedef int (*smgw_logbook_record_fn)(void *userdata, const struct smgw_logbook_record *rec);

/**
 * Calls @p fn for each record that passes @p filter, oldest first.
 * @param lb the logbook
 * @param filter the filter, or NULL for all events
 * @param fn the callback
 * @param userdata passed to @p fn
 * @return the number of records passed to @p fn, SMGW_E_CORRUPT, SMGW_E_IO, or @p fn's negative code
 */
SMGW_EXPORT int smgw_logbook_foreach(smgw_logbook *lb, const struct smgw_logbook_filter *filter,
				     smgw_logbook_record_fn fn, void *userdata);

/**
 * Counts the records that pass @p filter.
 * @param lb the logbook
 * @param filter the filter, or NULL for all events
 * @param[out] ret_count the count
 * @return 0, SMGW_E_CORRUPT, SMGW_E_IO
 */
SMGW_EXPORT int smgw_logbook_count(smgw_logbook *lb, const struct smgw_logbook_filter *filter, uint64_t *ret_count);

/**
 * Verifies the whole logbook as stored: framing and checksums, strict CBOR,
 * consecutive sequence numbers, the hash chain (from the logbook's genesis
 * value or through drop records), and, when @p verify is given, every
 * anchor signature. An incomplete last record (torn write) is a failure of
 * a read-only handle.
 *
 * @param lb the logbook
 * @param verify anchor signature check, or NULL to skip signatures
 * @param userdata passed to @p verify
 * @param[out] ret result with the first bad record and the reason (required)
 * @return 0 if intact, SMGW_E_INTEGRITY (see @p ret), SMGW_E_IO, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_logbook_verify(smgw_logbook *lb, smgw_logbook_verify_fn verify, void *userdata,
						     struct smgw_logbook_verify_result *ret);

/**
 * An smgw_logbook_verify_fn for ECDSA: @p userdata is a
 * struct smgw_logbook_pubkey with a DER or PEM SubjectPublicKeyInfo; the
 * signature is DER-encoded ECDSA over the digest.
 * @param userdata a struct smgw_logbook_pubkey
 * @param digest the digest
 * @param sig the signature
 * @param sig_len its length
 * @return 0, SMGW_E_INTEGRITY, SMGW_E_CRYPTO (key unusable)
 */
SMGW_EXPORT int smgw_logbook_verify_ecdsa(void *userdata, const uint8_t digest[32], const uint8_t *sig, size_t sig_len);

/** Public key for smgw_logbook_verify_ecdsa(). */
struct smgw_logbook_pubkey {
	const uint8_t *key;   /**< DER or PEM SubjectPublicKeyInfo */
	size_t key_len;       /**< its length */
};

/**
 * Output callback of the exporters: receives the document in pieces.
 * @param userdata as given
 * @param data bytes
 * @param len their number
 * @return 0 or a negative code to abort
 */
typedef int (*smgw_logbook_write_fn)(void *userdata, const char *data, size_t len);

/**
 * Exports records as AR 2418-6 `LogEntry` elements, one per record with
 * one `LogEvent`: an XML fragment for a `UsagePoint` in the AR 2418-6
 * default namespace (no XML declaration, no wrapper). The mapping of the
 * fields is in docs/logbook.md.
 * @param lb the logbook
 * @param filter the filter, or NULL for all events
 * @param write the output callback
 * @param userdata passed to @p write
 * @return the number of records exported, or a negative code
 */
SMGW_EXPORT int smgw_logbook_export_xml(smgw_logbook *lb, const struct smgw_logbook_filter *filter,
					smgw_logbook_write_fn write, void *userdata);

/**
 * Exports records as one JSON array of objects (seq, time, type, level,
 * outcome, source, subject, recipient, text, data (hex), hash).
 * @param lb the logbook
 * @param filter the filter, or NULL for all events
 * @param write the output callback
 * @param userdata passed to @p write
 * @return the number of records exported, or a negative code
 */
SMGW_EXPORT int smgw_logbook_export_json(smgw_logbook *lb, const struct smgw_logbook_filter *filter,
					 smgw_logbook_write_fn write, void *userdata);

SMGW_END_DECLS

#endif /* SMGW_LOGBOOK_H */
