/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The security-module API over the software backend, checked against
 * OpenSSL; key file handling (permissions, atomic writes, corruption);
 * vtables of older, smaller layouts.
 */
#include "test_secmod_util.h"

#include <dirent.h>
#include <fcntl.h>

struct fixture {
	smgw_ctx *ctx;
	struct tdir dir;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(smgw_ctx_new(NULL, &f->ctx), 0);
	tdir_make(&f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	tdir_remove(&f->dir);
	smgw_ctx_unref(f->ctx);
	free(f);
	return 0;
}

static smgw_secmod *soft_open(void *arg)
{
	struct fixture *f = arg;
	smgw_secmod *sm = NULL;

	assert_int_equal(smgw_secmod_soft_open(f->ctx, f->dir.path, &sm, NULL), 0);
	return sm;
}

static void test_soft_module(void **state)
{
	struct fixture *f = *state;
	smgw_secmod *sm = soft_open(f);
	uint32_t caps = 0;

	assert_string_equal(smgw_secmod_name(sm), "soft");
	assert_int_equal(smgw_secmod_capabilities(sm, &caps), 0);
	assert_true(caps & SMGW_SECMOD_CAP_NOT_FOR_PRODUCTION);
	assert_false(caps & SMGW_SECMOD_CAP_NONEXTRACTABLE);
	assert_int_equal(caps & 0x3f, 0x3f);
	check_module(sm, &f->dir);
	smgw_secmod_free(sm);
}

static void test_soft_persistence(void **state)
{
	check_persistence(soft_open, *state);
}

static void test_soft_open_errors(void **state)
{
	struct fixture *f = *state;
	struct smgw_diag diag = SMGW_DIAG_INIT;
	smgw_secmod *sm = NULL;
	char file[300];

	assert_int_equal(smgw_secmod_soft_open(f->ctx, "/nonexistent/dir", &sm, &diag), SMGW_E_NOTFOUND);
	assert_non_null(strstr(diag.message, "/nonexistent/dir"));
	tdir_file(&f->dir, "plain", file, sizeof(file));
	write_bin(file, (const uint8_t *)"x", 1);
	assert_int_equal(smgw_secmod_soft_open(f->ctx, file, &sm, &diag), SMGW_E_NOTFOUND);
	assert_int_equal(smgw_secmod_soft_open(f->ctx, NULL, &sm, NULL), SMGW_E_INVAL);
	assert_null(sm);
}

static size_t read_key_file(const struct fixture *f, const char *slot, uint8_t *buf, size_t cap)
{
	char path[300], name[80];
	FILE *fp;
	size_t n;

	snprintf(name, sizeof(name), "%s.key", slot);
	tdir_file(&f->dir, name, path, sizeof(path));
	fp = fopen(path, "rb");
	assert_non_null(fp);
	n = fread(buf, 1, cap, fp);
	fclose(fp);
	return n;
}

static void write_key_file(const struct fixture *f, const char *slot, const uint8_t *buf, size_t n)
{
	char path[300], name[80];

	snprintf(name, sizeof(name), "%s.key", slot);
	tdir_file(&f->dir, name, path, sizeof(path));
	write_bin(path, buf, n);
	assert_int_equal(chmod(path, 0600), 0);
}

static void test_soft_key_files(void **state)
{
	struct fixture *f = *state;
	smgw_secmod *sm = soft_open(f);
	smgw_secmod_key *key;
	uint8_t orig[512], bad[512];
	size_t n;
	char path[300];
	struct stat st;
	struct dirent *de;
	DIR *dir;

	assert_int_equal(smgw_secmod_generate(sm, "gw-sig", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_SIGN, &key), 0);
	smgw_secmod_key_free(key);
	/* 0600, and no temporary file is left behind. */
	tdir_file(&f->dir, "gw-sig.key", path, sizeof(path));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	dir = opendir(f->dir.path);
	assert_non_null(dir);
	while ((de = readdir(dir)) != NULL)
		assert_null(strstr(de->d_name, ".tmp"));
	closedir(dir);
	/* The file does not contain the scalar in any form OpenSSL would print; it
	 * is our format: magic, version 1, curve 1, usage 1 (sign). */
	n = read_key_file(f, "gw-sig", orig, sizeof(orig));
	assert_int_equal(n, 8 + 4 + 2 + 32 + 2 + 65 + 32);
	assert_memory_equal(orig, "SMGWSKEY\x01\x01\x01\x00", 12);

	/* A flipped bit anywhere is detected. */
	memcpy(bad, orig, n);
	bad[20] ^= 0x10;
	write_key_file(f, "gw-sig", bad, n);
	assert_int_equal(smgw_secmod_key_open(sm, "gw-sig", &key), SMGW_E_CHECKSUM);
	/* Truncated and overlong files. */
	write_key_file(f, "gw-sig", orig, n - 1);
	assert_int_equal(smgw_secmod_key_open(sm, "gw-sig", &key), SMGW_E_TRUNCATED);
	memcpy(bad, orig, n);
	bad[n] = 0;
	write_key_file(f, "gw-sig", bad, n + 1);
	assert_int_equal(smgw_secmod_key_open(sm, "gw-sig", &key), SMGW_E_CORRUPT);
	write_key_file(f, "gw-sig", orig, 5);
	assert_int_equal(smgw_secmod_key_open(sm, "gw-sig", &key), SMGW_E_TRUNCATED);
	/* Readable by others: refused. */
	write_key_file(f, "gw-sig", orig, n);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(smgw_secmod_key_open(sm, "gw-sig", &key), SMGW_E_PERM);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(smgw_secmod_key_open(sm, "gw-sig", &key), 0);
	cross_check_sign(key);
	smgw_secmod_key_free(key);
	smgw_secmod_free(sm);
}

/* Hostile files in the key directory: a symlink as key file, a FIFO as key
 * file (must not block the open), and a stale temporary file that is a
 * hard link to another file (must not be truncated or overwritten). */
static void test_soft_file_attacks(void **state)
{
	struct fixture *f = *state;
	smgw_secmod *sm = soft_open(f);
	smgw_secmod_key *key = NULL;
	char path[300], other[300], victim[300], tmp[300], buf[64];
	struct stat st;
	FILE *fp;
	int rc;

	assert_int_equal(smgw_secmod_generate(sm, "real", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_SIGN, &key), 0);
	smgw_secmod_key_free(key);
	key = NULL;
	/* a symlink to a valid key file is not followed */
	tdir_file(&f->dir, "real.key", other, sizeof(other));
	tdir_file(&f->dir, "link.key", path, sizeof(path));
	assert_int_equal(symlink(other, path), 0);
	rc = smgw_secmod_key_open(sm, "link", &key);
	assert_true(rc < 0);
	assert_null(key);
	/* a FIFO: a clear error, not a process blocked in open() */
	tdir_file(&f->dir, "fifo.key", path, sizeof(path));
	assert_int_equal(mkfifo(path, 0600), 0);
	alarm(20);
	assert_int_equal(smgw_secmod_key_open(sm, "fifo", &key), SMGW_E_CORRUPT);
	alarm(0);
	assert_null(key);
	/* a stale temporary file hard-linked to another file */
	tdir_file(&f->dir, "victim", victim, sizeof(victim));
	fp = fopen(victim, "w");
	assert_non_null(fp);
	fputs("VICTIM", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(victim, 0644), 0);
	tdir_file(&f->dir, ".hl.key.tmp", tmp, sizeof(tmp));
	assert_int_equal(link(victim, tmp), 0);
	assert_int_equal(smgw_secmod_generate(sm, "hl", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_SIGN, &key), 0);
	smgw_secmod_key_free(key);
	key = NULL;
	fp = fopen(victim, "r");
	assert_non_null(fp);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(fread(buf, 1, sizeof(buf) - 1, fp), 6);
	fclose(fp);
	assert_string_equal(buf, "VICTIM");
	assert_int_equal(stat(victim, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(st.st_nlink, 1);
	assert_int_equal(smgw_secmod_key_open(sm, "hl", &key), 0);
	smgw_secmod_key_free(key);
	smgw_secmod_free(sm);
}

/* Wraps the soft backend in a vendor-style vtable of a smaller layout. */
struct wrap {
	smgw_secmod *inner;
};

static int w_open(void *b, const char *slot, void **ret_key, int *ret_curve)
{
	struct wrap *w = b;
	smgw_secmod_key *k;
	int rc = smgw_secmod_key_open(w->inner, slot, &k);

	if (rc == 0) {
		*ret_key = k;
		*ret_curve = (int)smgw_secmod_key_curve(k);
	}
	return rc;
}

static void w_close(void *b, void *key)
{
	(void)b;
	smgw_secmod_key_free(key);
}

static int w_public(void *b, void *key, uint8_t *p, size_t *n)
{
	(void)b;
	return smgw_secmod_key_public(key, p, n);
}

static int w_sign(void *b, void *key, const uint8_t *d, size_t dn, uint8_t *rs, size_t *rn)
{
	(void)b;
	return smgw_secmod_sign_digest(key, d, dn, SMGW_SECMOD_SIG_RAW, rs, rn);
}

static void w_destroy(void *b)
{
	struct wrap *w = b;

	smgw_secmod_free(w->inner);
}

static void test_old_vtable(void **state)
{
	struct fixture *f = *state;
	struct wrap w = { soft_open(f) };
	struct smgw_secmod_ops ops;
	smgw_secmod *sm = NULL;
	smgw_secmod_key *key;
	uint32_t caps = 0;
	uint8_t z[64], pt[SMGW_SECMOD_POINT_MAX], r[8];
	size_t zn = sizeof(z), pn = sizeof(pt);

	assert_int_equal(smgw_secmod_generate(w.inner, "k", SMGW_SECMOD_CURVE_BRAINPOOLP256R1,
					      SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE, &key), 0);
	smgw_secmod_key_free(key);
	memset(&ops, 0xa5, sizeof(ops)); /* garbage beyond struct_size must not be read */
	ops.struct_size = (uint32_t)offsetof(struct smgw_secmod_ops, ecdh);
	ops.reserved = 0;
	ops.name = "vendor-1.0";
	ops.capabilities = NULL;
	ops.key_generate = NULL;
	ops.key_open = w_open;
	ops.key_close = w_close;
	ops.key_delete = NULL;
	ops.key_public = w_public;
	ops.sign_digest = w_sign;
	assert_int_equal(smgw_secmod_new(f->ctx, &ops, &w, &sm), 0);
	assert_string_equal(smgw_secmod_name(sm), "vendor-1.0");
	assert_int_equal(smgw_secmod_capabilities(sm, &caps), 0);
	assert_int_equal(caps, SMGW_SECMOD_CAP_SIGN);
	assert_int_equal(smgw_secmod_key_open(sm, "k", &key), 0);
	cross_check_sign(key);
	assert_int_equal(smgw_secmod_key_public(key, pt, &pn), 0);
	assert_int_equal(smgw_secmod_ecdh(key, pt, pn, z, &zn), SMGW_E_UNSUPPORTED);
	assert_int_equal(smgw_secmod_random(sm, r, sizeof(r)), SMGW_E_UNSUPPORTED);
	assert_int_equal(smgw_secmod_generate(sm, "n", SMGW_SECMOD_CURVE_BRAINPOOLP256R1, SMGW_SECMOD_GEN_SIGN, &key),
			 SMGW_E_UNSUPPORTED);
	assert_int_equal(smgw_secmod_cert_delete(sm, "k"), SMGW_E_UNSUPPORTED);
	assert_int_equal(smgw_secmod_key_delete(sm, "k"), SMGW_E_UNSUPPORTED);
	smgw_secmod_key_free(key);
	smgw_secmod_free(sm); /* no destroy in this layout: the wrapped module is ours to free */
	smgw_secmod_free(w.inner);

	/* Too small for even the name; key_open without key_close. */
	ops.struct_size = 8;
	assert_int_equal(smgw_secmod_new(f->ctx, &ops, &w, &sm), SMGW_E_INVAL);
	ops.struct_size = (uint32_t)offsetof(struct smgw_secmod_ops, key_close);
	assert_int_equal(smgw_secmod_new(f->ctx, &ops, &w, &sm), SMGW_E_INVAL);
	/* The full layout with destroy takes ownership of the backend. */
	w.inner = soft_open(f);
	ops.struct_size = sizeof(ops);
	memset(&ops.key_delete, 0, sizeof(ops) - offsetof(struct smgw_secmod_ops, key_delete));
	ops.key_public = w_public;
	ops.sign_digest = w_sign;
	ops.destroy = w_destroy;
	assert_int_equal(smgw_secmod_new(f->ctx, &ops, &w, &sm), 0);
	smgw_secmod_free(sm);
}

/* A backend that answers nonsense: the library must not pass it on. */
struct liar {
	uint8_t point[65];
	size_t sig_len;
	size_t z_len;
};

static int l_open(void *b, const char *slot, void **ret_key, int *ret_curve)
{
	(void)slot;
	*ret_key = b;
	*ret_curve = SMGW_SECMOD_CURVE_BRAINPOOLP256R1;
	return 0;
}

static void l_close(void *b, void *key)
{
	(void)b;
	(void)key;
}

static int l_public(void *b, void *key, uint8_t *p, size_t *n)
{
	struct liar *l = b;

	(void)key;
	memcpy(p, l->point, sizeof(l->point));
	*n = sizeof(l->point);
	return 0;
}

static int l_sign(void *b, void *key, const uint8_t *d, size_t dn, uint8_t *rs, size_t *rn)
{
	struct liar *l = b;

	(void)key;
	(void)d;
	(void)dn;
	memset(rs, 0x11, l->sig_len);
	*rn = l->sig_len;
	return 0;
}

static int l_ecdh(void *b, void *key, const uint8_t *peer, size_t pn, uint8_t *z, size_t *zn)
{
	struct liar *l = b;

	(void)key;
	(void)peer;
	(void)pn;
	memset(z, 0x22, l->z_len);
	*zn = l->z_len;
	return 0;
}

static void test_lying_backend(void **state)
{
	struct fixture *f = *state;
	static const struct smgw_secmod_ops ops = {
		.struct_size = sizeof(struct smgw_secmod_ops),
		.name = "liar",
		.key_open = l_open,
		.key_close = l_close,
		.key_public = l_public,
		.sign_digest = l_sign,
		.ecdh = l_ecdh,
	};
	struct liar l;
	EVP_PKEY *real = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP256r1");
	smgw_secmod *sm;
	smgw_secmod_key *key;
	uint8_t dg[32] = { 0 }, sig[SMGW_SECMOD_SIG_DER_MAX], z[64], peer[65];
	size_t n = 0, sn = sizeof(sig), zn = sizeof(z);

	assert_non_null(real);
	assert_int_equal(EVP_PKEY_get_octet_string_param(real, OSSL_PKEY_PARAM_PUB_KEY, l.point, sizeof(l.point), &n), 1);
	memcpy(peer, l.point, sizeof(peer));
	l.sig_len = 10;
	l.z_len = 31;
	assert_int_equal(smgw_secmod_new(f->ctx, &ops, &l, &sm), 0);
	assert_int_equal(smgw_secmod_key_open(sm, "k", &key), 0);
	assert_int_equal(smgw_secmod_sign_digest(key, dg, sizeof(dg), SMGW_SECMOD_SIG_DER, sig, &sn), SMGW_E_SECMOD_DEVICE);
	assert_int_equal(smgw_secmod_ecdh(key, peer, sizeof(peer), z, &zn), SMGW_E_SECMOD_DEVICE);
	smgw_secmod_key_free(key);
	/* A public key off the curve is refused when the key is opened. */
	l.point[64] ^= 1;
	assert_int_equal(smgw_secmod_key_open(sm, "k", &key), SMGW_E_CORRUPT);
	l.point[0] = 0x02;
	assert_int_equal(smgw_secmod_key_open(sm, "k", &key), SMGW_E_CORRUPT);
	smgw_secmod_free(sm);
	EVP_PKEY_free(real);
}

static void test_soft_threads(void **state)
{
	struct fixture *f = *state;
	smgw_secmod *sm = soft_open(f);

	check_threads(sm);
	smgw_secmod_free(sm);
}

struct logbuf {
	char text[2048];
};

static void collect(void *ud, int level, const char *domain, const char *msg)
{
	struct logbuf *b = ud;
	size_t n = strlen(b->text);

	snprintf(b->text + n, sizeof(b->text) - n, "%d %s %s\n", level, domain, msg);
}

/* Opening the software module warns through the context's log. */
static void test_soft_warns(void **state)
{
	struct fixture *f = *state;
	struct logbuf lb = { { 0 } };
	smgw_ctx *ctx;
	smgw_secmod *sm;

	assert_int_equal(smgw_ctx_new(NULL, &ctx), 0);
	assert_int_equal(smgw_ctx_set_log(ctx, collect, &lb, SMGW_LOG_WARNING), 0);
	assert_int_equal(chmod(f->dir.path, 0777), 0);
	assert_int_equal(smgw_secmod_soft_open(ctx, f->dir.path, &sm, NULL), 0);
	assert_non_null(strstr(lb.text, "4 secmod soft security module"));
	assert_non_null(strstr(lb.text, "NOT FOR PRODUCTION"));
	assert_non_null(strstr(lb.text, "writable by group or others"));
	smgw_secmod_free(sm);
	assert_int_equal(chmod(f->dir.path, 0700), 0);
	smgw_ctx_unref(ctx);
}

/* With a library context given in the suite context, the module uses it. */
static void test_soft_borrowed_libctx(void **state)
{
	struct fixture *f = *state;
	struct smgw_ctx_params params;
	OSSL_LIB_CTX *lib = OSSL_LIB_CTX_new();
	smgw_ctx *ctx;
	smgw_secmod *sm;
	smgw_secmod_key *key;

	assert_non_null(lib);
	memset(&params, 0, sizeof(params));
	params.struct_size = sizeof(params);
	params.ossl_libctx = lib;
	assert_int_equal(smgw_ctx_new(&params, &ctx), 0);
	assert_int_equal(smgw_secmod_soft_open(ctx, f->dir.path, &sm, NULL), 0);
	assert_int_equal(smgw_secmod_generate(sm, "b", SMGW_SECMOD_CURVE_BRAINPOOLP512R1,
					      SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE, &key), 0);
	cross_check_sign(key);
	cross_check_ecdh(key);
	smgw_secmod_key_free(key);
	smgw_secmod_free(sm);
	smgw_ctx_unref(ctx);
	OSSL_LIB_CTX_free(lib);
}

static void test_curves(void **state)
{
	(void)state;
	assert_string_equal(smgw_secmod_curve_name(SMGW_SECMOD_CURVE_BRAINPOOLP512R1), "brainpoolP512r1");
	assert_null(smgw_secmod_curve_name((enum smgw_secmod_curve)99));
	assert_int_equal(smgw_secmod_curve_from_name("P-256"), SMGW_SECMOD_CURVE_NIST_P256);
	assert_int_equal(smgw_secmod_curve_from_name("secp384r1"), SMGW_SECMOD_CURVE_NIST_P384);
	assert_int_equal(smgw_secmod_curve_from_name("brainpoolP384r1"), SMGW_SECMOD_CURVE_BRAINPOOLP384R1);
	assert_int_equal(smgw_secmod_curve_from_name("brainpoolp384r1"), SMGW_SECMOD_CURVE_NONE);
	assert_int_equal(smgw_secmod_curve_from_name(NULL), SMGW_SECMOD_CURVE_NONE);
	assert_string_equal(smgw_strerror_name(SMGW_E_SECMOD_POINT), "SMGW_E_SECMOD_POINT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_curves),
		cmocka_unit_test_setup_teardown(test_soft_module, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soft_persistence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soft_open_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soft_key_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soft_file_attacks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_vtable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lying_backend, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soft_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soft_borrowed_libctx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soft_warns, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
