/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file logstore.h
 * @brief Storage backend interface of the logbooks (systems API).
 *
 * A logbook is a sequence of segments, each an append-only byte string,
 * named by the logbook ("system", "calibration", "consumer-<hex id>") and a
 * segment number. The library writes whole framed records with one append
 * call and decides when to sync; the backend provides durable bytes.
 *
 * Stability: this vtable starts with @ref smgw_logstore_ops::struct_size
 * and only grows at the end. The library accepts tables of any released
 * size and treats missing (NULL or beyond struct_size) methods as
 * unsupported.
 *
 * Contract for implementers:
 * - append() either appends all bytes or returns an error and leaves the
 *   segment as it was (truncate back on a partial write). A full device is
 *   SMGW_E_NOSPACE.
 * - sync() makes all appended bytes of the segment, and the segment's
 *   existence, durable (fdatasync plus a directory sync for new files).
 * - Methods are called from the thread that uses the logbook, never
 *   concurrently for one backend object, and must not call back into the
 *   logbook.
 */
#ifndef SMGW_SYS_LOGSTORE_H
#define SMGW_SYS_LOGSTORE_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>

SMGW_BEGIN_DECLS

/** Storage backend methods. Define as a static const instance with struct_size = sizeof. */
struct smgw_logstore_ops {
	uint32_t struct_size; /**< sizeof(struct smgw_logstore_ops) as compiled by the implementer */
	uint32_t reserved;    /**< 0 */
	const char *name;     /**< backend name for diagnostics */
	/**
	 * Lists the segment numbers of a logbook in ascending order.
	 * @param backend the backend object
	 * @param log logbook name (ASCII letters, digits, '-')
	 * @param segs output array, may be NULL to count
	 * @param[in,out] count capacity on entry; entries written, or needed on SMGW_E_BUFSIZE
	 * @return 0, SMGW_E_BUFSIZE, SMGW_E_IO
	 */
	int (*list)(void *backend, const char *log, uint64_t *segs, size_t *count);
	/**
	 * Size of a segment in bytes.
	 * @param backend the backend object
	 * @param log logbook name
	 * @param seg segment number
	 * @param[out] ret_size the size
	 * @return 0, SMGW_E_NOTFOUND, SMGW_E_IO
	 */
	int (*size)(void *backend, const char *log, uint64_t seg, uint64_t *ret_size);
	/**
	 * Reads exactly @p len bytes at @p offset.
	 * @param backend the backend object
	 * @param log logbook name
	 * @param seg segment number
	 * @param offset byte offset
	 * @param buf destination
	 * @param len bytes to read
	 * @return 0, SMGW_E_TRUNCATED (fewer bytes exist), SMGW_E_NOTFOUND, SMGW_E_IO
	 */
	int (*read)(void *backend, const char *log, uint64_t seg, uint64_t offset, uint8_t *buf, size_t len);
	/**
	 * Appends bytes to a segment, creating it if it does not exist. All or nothing.
	 * @param backend the backend object
	 * @param log logbook name
	 * @param seg segment number
	 * @param buf the bytes
	 * @param len their number
	 * @return 0, SMGW_E_NOSPACE, SMGW_E_IO
	 */
	int (*append)(void *backend, const char *log, uint64_t seg, const uint8_t *buf, size_t len);
	/**
	 * Makes a segment durable (data and directory entry).
	 * @param backend the backend object
	 * @param log logbook name
	 * @param seg segment number
	 * @return 0, SMGW_E_IO
	 */
	int (*sync)(void *backend, const char *log, uint64_t seg);
	/**
	 * Cuts a segment to @p len bytes (recovery of a torn tail), durably.
	 * @param backend the backend object
	 * @param log logbook name
	 * @param seg segment number
	 * @param len new length
	 * @return 0, SMGW_E_IO
	 */
	int (*truncate)(void *backend, const char *log, uint64_t seg, uint64_t len);
	/**
	 * Removes a segment durably (rotation).
	 * @param backend the backend object
	 * @param log logbook name
	 * @param seg segment number
	 * @return 0, SMGW_E_NOTFOUND, SMGW_E_IO
	 */
	int (*remove)(void *backend, const char *log, uint64_t seg);
	/**
	 * Releases the backend object (optional).
	 * @param backend the backend object
	 */
	void (*destroy)(void *backend);
};

SMGW_END_DECLS

#endif /* SMGW_SYS_LOGSTORE_H */
