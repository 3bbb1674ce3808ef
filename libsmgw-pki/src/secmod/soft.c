/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The software security module: NOT FOR PRODUCTION.
 *
 * Keys are files "<slot>.key" (format in soft-keyfile.c) and certificates
 * "<slot>.crt" (DER) in one directory. It exists so that development
 * machines and tests can run the whole suite without a token; a gateway
 * uses its certified security module (PKCS#11 or a vendor backend).
 *
 * Files are created with mode 0600 and written atomically: a temporary
 * ".<name>.tmp" (slot names never start with '.'), fsync, rename over the
 * final name, fsync of the directory. Key files readable by group or
 * others are refused. Private key bytes are wiped from every buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include "secmod-private.h"

struct soft {
	smgw_ctx *ctx;
	OSSL_LIB_CTX *libctx;
	OSSL_LIB_CTX *own_libctx;
	EVP_MD *sha256;
	int dirfd;
};

struct soft_key {
	EVP_PKEY *pkey;
	uint32_t usage;
	const struct smgw__curve *curve;
	uint8_t point[SMGW_SECMOD_POINT_MAX];
	size_t point_len;
};

static int errno_rc(int e)
{
	switch (e) {
	case ENOENT:
		return SMGW_E_NOTFOUND;
	case ENOSPC:
	case EDQUOT:
		return SMGW_E_NOSPACE;
	case EACCES:
	case EPERM:
		return SMGW_E_PERM;
	case ENOMEM:
		return SMGW_E_NOMEM;
	default:
		return SMGW_E_IO;
	}
}

static int file_name(char *out, size_t cap, const char *slot, const char *ext, int tmp)
{
	int n = snprintf(out, cap, "%s%s%s%s", tmp ? "." : "", slot, ext, tmp ? ".tmp" : "");

	return n > 0 && (size_t)n < cap ? 0 : SMGW_E_INVAL;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return errno_rc(errno);
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Atomic replacement of dir/<slot><ext> with 0600 permissions. */
static int atomic_write(struct soft *s, const char *slot, const char *ext, const uint8_t *data, size_t len)
{
	char tmp[SMGW_SECMOD_SLOT_MAX + 16], fin[SMGW_SECMOD_SLOT_MAX + 16];
	int fd, rc;

	if (file_name(tmp, sizeof(tmp), slot, ext, 1) || file_name(fin, sizeof(fin), slot, ext, 0))
		return SMGW_E_INVAL;
	/* A stale temporary file (a crash, or planted: a hard link to another
	 * file would otherwise be truncated and overwritten with the key) is
	 * removed, and the new one is created exclusively. */
	if (unlinkat(s->dirfd, tmp, 0) != 0 && errno != ENOENT)
		return errno_rc(errno);
	fd = openat(s->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno_rc(errno);
	rc = fchmod(fd, 0600) == 0 ? 0 : errno_rc(errno);
	if (rc == 0)
		rc = write_all(fd, data, len);
	if (rc == 0 && fsync(fd) != 0)
		rc = errno_rc(errno);
	if (close(fd) != 0 && rc == 0)
		rc = errno_rc(errno);
	if (rc == 0 && renameat(s->dirfd, tmp, s->dirfd, fin) != 0)
		rc = errno_rc(errno);
	if (rc) {
		unlinkat(s->dirfd, tmp, 0);
		return rc;
	}
	return fsync(s->dirfd) == 0 ? 0 : errno_rc(errno);
}

/* Reads dir/<slot><ext> (at most cap bytes) into buf. */
static int read_file(struct soft *s, const char *slot, const char *ext, uint8_t *buf, size_t cap,
		     size_t *ret_len, int secret)
{
	char fin[SMGW_SECMOD_SLOT_MAX + 16];
	struct stat st;
	size_t got = 0;
	int fd, rc = 0;

	if (file_name(fin, sizeof(fin), slot, ext, 0))
		return SMGW_E_INVAL;
	/* O_NONBLOCK: a FIFO or device planted under the name must not block
	 * the open; fstat() of the opened file then refuses all but a
	 * regular file (no race between a check and the open). */
	fd = openat(s->dirfd, fin, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno_rc(errno);
	if (fstat(fd, &st) != 0) {
		rc = errno_rc(errno);
	} else if (!S_ISREG(st.st_mode)) {
		rc = SMGW_E_CORRUPT;
	} else if (secret && (st.st_mode & 077)) {
		smgw_ctx_log(s->ctx, SMGW_LOG_ERR, "secmod", "soft: %s is accessible by group or others; refused",
			     fin);
		rc = SMGW_E_PERM;
	} else if ((uint64_t)st.st_size > cap) {
		rc = (uint64_t)st.st_size > 65535 ? SMGW_E_CORRUPT : SMGW_E_BUFSIZE;
		*ret_len = (size_t)st.st_size;
	}
	while (rc == 0) {
		ssize_t r = read(fd, buf + got, cap - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = errno_rc(errno);
			break;
		}
		if (r == 0)
			break;
		got += (size_t)r;
		if (got == cap) {
			uint8_t extra;

			if (read(fd, &extra, 1) > 0)
				rc = SMGW_E_CORRUPT; /* grew while reading */
			break;
		}
	}
	close(fd);
	if (rc == 0)
		*ret_len = got;
	return rc;
}

static int soft_caps(void *backend, uint32_t *ret_flags)
{
	(void)backend;
	*ret_flags = SMGW_SECMOD_CAP_KEYGEN | SMGW_SECMOD_CAP_SIGN | SMGW_SECMOD_CAP_ECDH | SMGW_SECMOD_CAP_RANDOM |
		     SMGW_SECMOD_CAP_CERTS | SMGW_SECMOD_CAP_DELETE | SMGW_SECMOD_CAP_NOT_FOR_PRODUCTION;
	return 0;
}

static void soft_key_close(void *backend, void *key)
{
	struct soft *s = backend;
	struct soft_key *k = key;

	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	smgw_ctx_free(s->ctx, k, sizeof(*k));
}

static int key_point(struct soft_key *k)
{
	size_t n = 0;

	if (EVP_PKEY_get_octet_string_param(k->pkey, OSSL_PKEY_PARAM_PUB_KEY, k->point, sizeof(k->point), &n) != 1 ||
	    n != 1 + 2 * (size_t)k->curve->field_len || k->point[0] != 0x04)
		return SMGW_E_CRYPTO;
	k->point_len = n;
	return 0;
}

static int soft_generate(void *backend, const char *slot, int curve, uint32_t flags, void **ret_key)
{
	struct soft *s = backend;
	const struct smgw__curve *c = smgw__curve_get(curve);
	struct soft_key *k;
	uint8_t scalar[64], file[SMGW__KEYFILE_MAX];
	size_t flen = sizeof(file);
	BIGNUM *d = NULL;
	struct stat st;
	char fin[SMGW_SECMOD_SLOT_MAX + 16];
	int rc = SMGW_E_CRYPTO;

	if (!c)
		return SMGW_E_UNSUPPORTED;
	if (!(flags & (SMGW_SECMOD_GEN_EPHEMERAL | SMGW_SECMOD_GEN_REPLACE))) {
		if (file_name(fin, sizeof(fin), slot, ".key", 0))
			return SMGW_E_INVAL;
		if (fstatat(s->dirfd, fin, &st, AT_SYMLINK_NOFOLLOW) == 0)
			return SMGW_E_EXISTS;
	}
	k = smgw_ctx_calloc(s->ctx, 1, sizeof(*k));
	if (!k)
		return SMGW_E_NOMEM;
	k->curve = c;
	k->usage = flags & (SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE);
	k->pkey = EVP_PKEY_Q_keygen(s->libctx, smgw_ctx_ossl_propq(s->ctx), "EC", c->name);
	if (!k->pkey || key_point(k) != 0)
		goto out;
	if (!(flags & SMGW_SECMOD_GEN_EPHEMERAL)) {
		if (EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_PRIV_KEY, &d) != 1 ||
		    BN_bn2binpad(d, scalar, (int)c->order_len) != (int)c->order_len)
			goto out;
		rc = smgw__keyfile_encode(s->sha256, c, k->usage, scalar, k->point, k->point_len, file, &flen);
		if (rc == 0)
			rc = atomic_write(s, slot, ".key", file, flen);
		if (rc)
			goto out;
	}
	rc = 0;
	*ret_key = k;
	k = NULL;
out:
	OPENSSL_cleanse(scalar, sizeof(scalar));
	OPENSSL_cleanse(file, sizeof(file));
	BN_clear_free(d);
	soft_key_close(s, k);
	return rc;
}

static int soft_key_open(void *backend, const char *slot, void **ret_key, int *ret_curve)
{
	struct soft *s = backend;
	struct smgw__keyfile kf;
	struct soft_key *k = NULL;
	uint8_t file[SMGW__KEYFILE_MAX];
	size_t len = 0;
	int rc;

	rc = read_file(s, slot, ".key", file, sizeof(file), &len, 1);
	if (rc == SMGW_E_BUFSIZE)
		rc = SMGW_E_CORRUPT; /* longer than any valid key file */
	if (rc == 0)
		rc = smgw__keyfile_parse(s->sha256, file, len, &kf, NULL);
	if (rc == 0) {
		k = smgw_ctx_calloc(s->ctx, 1, sizeof(*k));
		rc = k ? 0 : SMGW_E_NOMEM;
	}
	if (rc == 0)
		rc = smgw__keyfile_to_pkey(s->libctx, smgw_ctx_ossl_propq(s->ctx), &kf, &k->pkey, NULL);
	if (rc == 0) {
		k->curve = kf.curve;
		k->usage = kf.usage;
		memcpy(k->point, kf.point, kf.point_len);
		k->point_len = kf.point_len;
		*ret_key = k;
		*ret_curve = (int)kf.curve->id;
		k = NULL;
	} else if (rc != SMGW_E_NOTFOUND) {
		smgw_ctx_log(s->ctx, SMGW_LOG_ERR, "secmod", "soft: key file of slot %s unusable: %s", slot,
			     smgw_strerror(rc));
	}
	OPENSSL_cleanse(file, sizeof(file));
	soft_key_close(s, k);
	return rc;
}

static int soft_key_delete(void *backend, const char *slot)
{
	struct soft *s = backend;
	char fin[SMGW_SECMOD_SLOT_MAX + 16];

	if (file_name(fin, sizeof(fin), slot, ".key", 0))
		return SMGW_E_INVAL;
	if (unlinkat(s->dirfd, fin, 0) != 0)
		return errno_rc(errno);
	return fsync(s->dirfd) == 0 ? 0 : errno_rc(errno);
}

static int soft_key_public(void *backend, void *key, uint8_t *point, size_t *len)
{
	struct soft_key *k = key;

	(void)backend;
	if (*len < k->point_len) {
		*len = k->point_len;
		return SMGW_E_BUFSIZE;
	}
	memcpy(point, k->point, k->point_len);
	*len = k->point_len;
	return 0;
}

static int soft_sign(void *backend, void *key, const uint8_t *digest, size_t digest_len, uint8_t *rs,
		     size_t *rs_len)
{
	struct soft *s = backend;
	struct soft_key *k = key;
	EVP_PKEY_CTX *pctx;
	uint8_t der[SMGW_SECMOD_SIG_DER_MAX];
	size_t der_len = sizeof(der);
	int rc = SMGW_E_CRYPTO;

	if (!(k->usage & SMGW_SECMOD_GEN_SIGN))
		return SMGW_E_PERM;
	pctx = EVP_PKEY_CTX_new_from_pkey(s->libctx, k->pkey, smgw_ctx_ossl_propq(s->ctx));
	if (pctx && EVP_PKEY_sign_init(pctx) == 1 && EVP_PKEY_sign(pctx, der, &der_len, digest, digest_len) == 1)
		rc = smgw__sig_der_to_raw(der, der_len, k->curve->order_len, rs, rs_len);
	EVP_PKEY_CTX_free(pctx);
	return rc;
}

static int soft_ecdh(void *backend, void *key, const uint8_t *peer, size_t peer_len, uint8_t *z, size_t *z_len)
{
	struct soft *s = backend;
	struct soft_key *k = key;
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *pctx = NULL, *dctx = NULL;
	EVP_PKEY *pk = NULL;
	size_t n = *z_len;
	int rc = SMGW_E_CRYPTO;

	if (!(k->usage & SMGW_SECMOD_GEN_DERIVE))
		return SMGW_E_PERM;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)k->curve->name, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)peer, peer_len);
	params[2] = OSSL_PARAM_construct_end();
	pctx = EVP_PKEY_CTX_new_from_name(s->libctx, "EC", smgw_ctx_ossl_propq(s->ctx));
	if (!pctx || EVP_PKEY_fromdata_init(pctx) != 1 || EVP_PKEY_fromdata(pctx, &pk, EVP_PKEY_PUBLIC_KEY, params) != 1)
		goto out;
	dctx = EVP_PKEY_CTX_new_from_pkey(s->libctx, k->pkey, smgw_ctx_ossl_propq(s->ctx));
	if (dctx && EVP_PKEY_derive_init(dctx) == 1 && EVP_PKEY_derive_set_peer_ex(dctx, pk, 1) == 1 &&
	    EVP_PKEY_derive(dctx, z, &n) == 1) {
		*z_len = n;
		rc = 0;
	}
out:
	EVP_PKEY_CTX_free(dctx);
	EVP_PKEY_CTX_free(pctx);
	EVP_PKEY_free(pk);
	return rc;
}

static int soft_random(void *backend, uint8_t *buf, size_t len)
{
	struct soft *s = backend;

	return RAND_priv_bytes_ex(s->libctx, buf, len, 0) == 1 ? 0 : SMGW_E_CRYPTO;
}

static int soft_cert_store(void *backend, const char *slot, const uint8_t *der, size_t len)
{
	return atomic_write(backend, slot, ".crt", der, len);
}

static int soft_cert_load(void *backend, const char *slot, uint8_t *der, size_t *len)
{
	uint8_t probe[1];
	size_t n = 0;
	int rc;

	if (!der) {
		rc = read_file(backend, slot, ".crt", probe, 0, &n, 0);
		if (rc == 0 || rc == SMGW_E_BUFSIZE) {
			*len = n;
			return n ? SMGW_E_BUFSIZE : 0;
		}
		return rc;
	}
	rc = read_file(backend, slot, ".crt", der, *len, &n, 0);
	if (rc == 0 || rc == SMGW_E_BUFSIZE)
		*len = n;
	return rc;
}

static int soft_cert_delete(void *backend, const char *slot)
{
	struct soft *s = backend;
	char fin[SMGW_SECMOD_SLOT_MAX + 16];

	if (file_name(fin, sizeof(fin), slot, ".crt", 0))
		return SMGW_E_INVAL;
	if (unlinkat(s->dirfd, fin, 0) != 0)
		return errno_rc(errno);
	return fsync(s->dirfd) == 0 ? 0 : errno_rc(errno);
}

static void soft_destroy(void *backend)
{
	struct soft *s = backend;
	smgw_ctx *ctx = s->ctx;

	if (s->dirfd >= 0)
		close(s->dirfd);
	EVP_MD_free(s->sha256);
	OSSL_LIB_CTX_free(s->own_libctx);
	smgw_ctx_free(ctx, s, sizeof(*s));
	smgw_ctx_unref(ctx);
}

static const struct smgw_secmod_ops soft_ops = {
	.struct_size = sizeof(struct smgw_secmod_ops),
	.name = "soft",
	.capabilities = soft_caps,
	.key_generate = soft_generate,
	.key_open = soft_key_open,
	.key_close = soft_key_close,
	.key_delete = soft_key_delete,
	.key_public = soft_key_public,
	.sign_digest = soft_sign,
	.ecdh = soft_ecdh,
	.random = soft_random,
	.cert_store = soft_cert_store,
	.cert_load = soft_cert_load,
	.cert_delete = soft_cert_delete,
	.destroy = soft_destroy,
};

SMGW_EXPORT int smgw_secmod_soft_open(smgw_ctx *ctx, const char *dir, smgw_secmod **ret_sm, struct smgw_diag *diag)
{
	struct soft *s;
	int rc;

	smgw__sm_return_if_fail(ctx && dir && ret_sm);
	s = smgw_ctx_calloc(ctx, 1, sizeof(*s));
	if (!s)
		return SMGW_E_NOMEM;
	s->ctx = smgw_ctx_ref(ctx);
	s->libctx = smgw_ctx_ossl_libctx(ctx);
	if (!s->libctx)
		s->libctx = s->own_libctx = OSSL_LIB_CTX_new();
	s->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dirfd < 0) {
		rc = smgw_diag_set(diag, errno == ENOTDIR ? SMGW_E_NOTFOUND : errno_rc(errno), UINT64_MAX,
				   "soft security module: cannot open directory %s: %s", dir, strerror(errno));
		soft_destroy(s);
		return rc;
	}
	{
		struct stat st;

		/* Others who may write the directory may swap the key files. */
		if (fstat(s->dirfd, &st) == 0 && (st.st_mode & 022))
			smgw_ctx_log(ctx, SMGW_LOG_WARNING, "secmod",
				     "soft security module: %s is writable by group or others", dir);
	}
	s->sha256 = s->libctx ? EVP_MD_fetch(s->libctx, "SHA256", smgw_ctx_ossl_propq(ctx)) : NULL;
	if (!s->sha256) {
		soft_destroy(s);
		return smgw_diag_set(diag, SMGW_E_CRYPTO, UINT64_MAX, "soft security module: no SHA-256 in OpenSSL");
	}
	rc = smgw_secmod_new(ctx, &soft_ops, s, ret_sm);
	if (rc) {
		soft_destroy(s);
		return rc;
	}
	smgw_ctx_log(ctx, SMGW_LOG_WARNING, "secmod",
		     "soft security module in %s: private keys in files, NOT FOR PRODUCTION", dir);
	return 0;
}
