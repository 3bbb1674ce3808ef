/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Logbook stores: the generic store over a vtable, and the directory store
 * that keeps one append-only file per segment.
 *
 * fsync discipline of the directory store (see docs/logbook.md):
 * - append: one write() of the whole framed record at the end of the file
 *   (O_APPEND). A short write or an error (ENOSPC) is undone with
 *   ftruncate() to the previous length, so a failed append leaves nothing.
 * - sync: fdatasync() of the segment; after a segment was created, also
 *   fsync() of the directory, so the new name is durable.
 * - truncate and remove: ftruncate()+fdatasync(), unlink()+fsync(dir).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core-private.h"
#include "logbook-private.h"

/* The 1.0 layout of struct smgw_logstore_ops ends with destroy. */
#define OPS_MIN_SIZE (offsetof(struct smgw_logstore_ops, destroy) + sizeof(void (*)(void *)))

SMGW_EXPORT int smgw_logstore_new(smgw_ctx *ctx, const struct smgw_logstore_ops *ops, void *backend,
				  smgw_logstore **ret_store)
{
	smgw_logstore *s;

	smgw_return_if_fail(ctx && ops && ret_store);
	smgw_return_if_fail(ops->struct_size >= OPS_MIN_SIZE);
	s = smgw_ctx_calloc(ctx, 1, sizeof(*s));
	if (!s)
		return SMGW_E_NOMEM;
	memcpy(&s->ops, ops, ops->struct_size < sizeof(s->ops) ? ops->struct_size : sizeof(s->ops));
	s->ops.struct_size = sizeof(s->ops);
	s->backend = backend;
	s->ctx = smgw_ctx_ref(ctx);
	*ret_store = s;
	return 0;
}

SMGW_EXPORT void smgw_logstore_free(smgw_logstore *store)
{
	smgw_ctx *ctx;

	if (!store)
		return;
	if (store->ops.destroy)
		store->ops.destroy(store->backend);
	ctx = store->ctx;
	smgw_ctx_free(ctx, store, sizeof(*store));
	smgw_ctx_unref(ctx);
}

/* ---- directory store ---- */

struct dirstore {
	smgw_ctx *ctx;
	int dirfd;
	/* one cached descriptor for the segment being appended */
	int fd;
	char fd_log[80];
	uint64_t fd_seg;
	int dir_dirty; /* a segment was created since the last directory sync */
};

static int seg_name(char *buf, size_t size, const char *log, uint64_t seg)
{
	size_t i;
	int n;

	/* The logbook layer builds the names; refuse anything but [a-z0-9-]. */
	for (i = 0; log[i]; i++) {
		char c = log[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return SMGW_E_INVAL;
	}
	if (i == 0 || i > 72)
		return SMGW_E_INVAL;
	n = snprintf(buf, size, "%s-%016" PRIx64 ".seg", log, seg);
	return n > 0 && (size_t)n < size ? 0 : SMGW_E_INVAL;
}

static int errno_code(int e)
{
	switch (e) {
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		return SMGW_E_NOSPACE;
	case ENOENT:
		return SMGW_E_NOTFOUND;
	case EACCES:
	case EPERM:
	case EROFS:
		return SMGW_E_PERM;
	default:
		return SMGW_E_IO;
	}
}

static void drop_fd(struct dirstore *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	d->fd_log[0] = '\0';
}

static int ds_list(void *be, const char *log, uint64_t *segs, size_t *count)
{
	struct dirstore *d = be;
	size_t n = 0, cap = *count, i, j, loglen = strlen(log);
	struct dirent *e;
	DIR *dir;
	int fd, err = 0;

	fd = openat(d->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno_code(errno);
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return SMGW_E_IO;
	}
	while ((e = readdir(dir)) != NULL) {
		const char *nm = e->d_name;
		uint64_t seg = 0;
		size_t len = strlen(nm);

		/* <log>-<16 hex>.seg exactly */
		if (len != loglen + 1 + 16 + 4 || strncmp(nm, log, loglen) != 0 || nm[loglen] != '-' ||
		    strcmp(nm + len - 4, ".seg") != 0)
			continue;
		for (i = loglen + 1; i < loglen + 17; i++) {
			char c = nm[i];
			int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
			if (v < 0)
				break;
			seg = seg << 4 | (uint64_t)v;
		}
		if (i != loglen + 17)
			continue;
		if (segs && n < cap) {
			/* insertion into the sorted output */
			for (j = n; j > 0 && segs[j - 1] > seg; j--)
				segs[j] = segs[j - 1];
			segs[j] = seg;
		}
		n++;
	}
	closedir(dir);
	if (!segs || n > cap)
		err = SMGW_E_BUFSIZE;
	*count = n;
	return err;
}

static int ds_size(void *be, const char *log, uint64_t seg, uint64_t *ret)
{
	struct dirstore *d = be;
	char nm[128];
	struct stat st;
	int e = seg_name(nm, sizeof(nm), log, seg);

	if (e < 0)
		return e;
	if (fstatat(d->dirfd, nm, &st, 0) != 0)
		return errno_code(errno);
	*ret = (uint64_t)st.st_size;
	return 0;
}

static int ds_read(void *be, const char *log, uint64_t seg, uint64_t off, uint8_t *buf, size_t len)
{
	struct dirstore *d = be;
	char nm[128];
	size_t done = 0;
	int fd, e = seg_name(nm, sizeof(nm), log, seg);

	if (e < 0)
		return e;
	fd = openat(d->dirfd, nm, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno_code(errno);
	while (done < len) {
		ssize_t r = pread(fd, buf + done, len - done, (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			close(fd);
			return r == 0 ? SMGW_E_TRUNCATED : SMGW_E_IO;
		}
		done += (size_t)r;
	}
	close(fd);
	return 0;
}

static int ds_open_for_append(struct dirstore *d, const char *log, uint64_t seg)
{
	char nm[128];
	int e, existed;

	if (d->fd >= 0 && d->fd_seg == seg && strcmp(d->fd_log, log) == 0)
		return 0;
	drop_fd(d);
	e = seg_name(nm, sizeof(nm), log, seg);
	if (e < 0)
		return e;
	existed = faccessat(d->dirfd, nm, F_OK, 0) == 0;
	d->fd = openat(d->dirfd, nm, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (d->fd < 0)
		return errno_code(errno);
	if (!existed)
		d->dir_dirty = 1; /* new name: sync the directory at the next sync */
	snprintf(d->fd_log, sizeof(d->fd_log), "%s", log);
	d->fd_seg = seg;
	return 0;
}

static int ds_append(void *be, const char *log, uint64_t seg, const uint8_t *buf, size_t len)
{
	struct dirstore *d = be;
	size_t done = 0;
	struct stat st;
	int e = ds_open_for_append(d, log, seg);

	if (e < 0)
		return e;
	if (fstat(d->fd, &st) != 0)
		return SMGW_E_IO;
	while (done < len) {
		ssize_t w = write(d->fd, buf + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int code = w < 0 ? errno_code(errno) : SMGW_E_NOSPACE;
			/* all or nothing: cut off what did get written */
			if (ftruncate(d->fd, st.st_size) != 0)
				code = SMGW_E_IO;
			drop_fd(d);
			return code;
		}
		done += (size_t)w;
	}
	return 0;
}

static int ds_sync(void *be, const char *log, uint64_t seg)
{
	struct dirstore *d = be;
	int e = ds_open_for_append(d, log, seg);

	if (e < 0)
		return e;
	if (fdatasync(d->fd) != 0)
		return SMGW_E_IO;
	if (d->dir_dirty) {
		if (fsync(d->dirfd) != 0)
			return SMGW_E_IO;
		d->dir_dirty = 0;
	}
	return 0;
}

static int ds_truncate(void *be, const char *log, uint64_t seg, uint64_t len)
{
	struct dirstore *d = be;
	char nm[128];
	int fd, e = seg_name(nm, sizeof(nm), log, seg);

	if (e < 0)
		return e;
	drop_fd(d);
	fd = openat(d->dirfd, nm, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno_code(errno);
	e = ftruncate(fd, (off_t)len) == 0 && fdatasync(fd) == 0 ? 0 : SMGW_E_IO;
	close(fd);
	return e;
}

static int ds_remove(void *be, const char *log, uint64_t seg)
{
	struct dirstore *d = be;
	char nm[128];
	int e = seg_name(nm, sizeof(nm), log, seg);

	if (e < 0)
		return e;
	if (d->fd_seg == seg && strcmp(d->fd_log, log) == 0)
		drop_fd(d);
	if (unlinkat(d->dirfd, nm, 0) != 0)
		return errno_code(errno);
	return fsync(d->dirfd) == 0 ? 0 : SMGW_E_IO;
}

static void ds_destroy(void *be)
{
	struct dirstore *d = be;
	smgw_ctx *ctx = d->ctx;

	drop_fd(d);
	close(d->dirfd);
	smgw_ctx_free(ctx, d, sizeof(*d));
	smgw_ctx_unref(ctx);
}

static const struct smgw_logstore_ops dirstore_ops = {
	.struct_size = sizeof(struct smgw_logstore_ops),
	.name = "directory",
	.list = ds_list,
	.size = ds_size,
	.read = ds_read,
	.append = ds_append,
	.sync = ds_sync,
	.truncate = ds_truncate,
	.remove = ds_remove,
	.destroy = ds_destroy,
};

SMGW_EXPORT int smgw_logstore_new_dir(smgw_ctx *ctx, const char *dir, smgw_logstore **ret_store)
{
	struct dirstore *d;
	int e;

	smgw_return_if_fail(ctx && dir && ret_store);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return errno_code(errno);
	d = smgw_ctx_calloc(ctx, 1, sizeof(*d));
	if (!d)
		return SMGW_E_NOMEM;
	d->fd = -1;
	d->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->dirfd < 0) {
		e = errno_code(errno);
		smgw_ctx_free(ctx, d, sizeof(*d));
		return e;
	}
	d->ctx = smgw_ctx_ref(ctx);
	e = smgw_logstore_new(ctx, &dirstore_ops, d, ret_store);
	if (e < 0)
		ds_destroy(d);
	return e;
}
