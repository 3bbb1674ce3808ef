/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The security module over a backend vtable: argument checks, curve
 * policy, signature formats, peer point validation, serialisation of
 * backend calls, reference counting.
 */
#include <string.h>

#include "secmod-private.h"

/* The 1.0 layout must cover at least the name. */
#define OPS_MIN_SIZE (offsetof(struct smgw_secmod_ops, name) + sizeof(const char *))

SMGW_EXPORT int smgw_secmod_new(smgw_ctx *ctx, const struct smgw_secmod_ops *ops, void *backend,
				smgw_secmod **ret_sm)
{
	smgw_secmod *sm;

	smgw__sm_return_if_fail(ctx && ops && ret_sm);
	smgw__sm_return_if_fail(ops->struct_size >= OPS_MIN_SIZE);
	sm = smgw_ctx_calloc(ctx, 1, sizeof(*sm));
	if (!sm)
		return SMGW_E_NOMEM;
	memcpy(&sm->ops, ops, ops->struct_size < sizeof(sm->ops) ? ops->struct_size : sizeof(sm->ops));
	sm->ops.struct_size = sizeof(sm->ops);
	if ((sm->ops.key_open || sm->ops.key_generate) && !sm->ops.key_close) {
		smgw_ctx_free(ctx, sm, sizeof(*sm));
		return SMGW_E_INVAL;
	}
	if (pthread_mutex_init(&sm->lock, NULL) != 0) {
		smgw_ctx_free(ctx, sm, sizeof(*sm));
		return SMGW_E_NOMEM;
	}
	atomic_init(&sm->refs, 1);
	sm->backend = backend;
	sm->ctx = smgw_ctx_ref(ctx);
	*ret_sm = sm;
	return 0;
}

SMGW_EXPORT smgw_secmod *smgw_secmod_ref(smgw_secmod *sm)
{
	if (sm)
		atomic_fetch_add_explicit(&sm->refs, 1, memory_order_relaxed);
	return sm;
}

SMGW_EXPORT void smgw_secmod_free(smgw_secmod *sm)
{
	smgw_ctx *ctx;

	if (!sm || atomic_fetch_sub_explicit(&sm->refs, 1, memory_order_acq_rel) != 1)
		return;
	if (sm->ops.destroy)
		sm->ops.destroy(sm->backend);
	pthread_mutex_destroy(&sm->lock);
	ctx = sm->ctx;
	smgw_ctx_free(ctx, sm, sizeof(*sm));
	smgw_ctx_unref(ctx);
}

SMGW_EXPORT const char *smgw_secmod_name(const smgw_secmod *sm)
{
	return sm && sm->ops.name ? sm->ops.name : "";
}

SMGW_EXPORT int smgw_secmod_capabilities(smgw_secmod *sm, uint32_t *ret_flags)
{
	uint32_t f = 0, have = SMGW_SECMOD_CAP_HASH_IN_MODULE | SMGW_SECMOD_CAP_KDF_IN_MODULE |
			       SMGW_SECMOD_CAP_NONEXTRACTABLE | SMGW_SECMOD_CAP_NOT_FOR_PRODUCTION;
	int rc = 0;

	smgw__sm_return_if_fail(sm && ret_flags);
	if (sm->ops.capabilities) {
		pthread_mutex_lock(&sm->lock);
		rc = sm->ops.capabilities(sm->backend, &f);
		pthread_mutex_unlock(&sm->lock);
		if (rc)
			return rc;
	} else {
		f = SMGW_SECMOD_CAP_KEYGEN | SMGW_SECMOD_CAP_SIGN | SMGW_SECMOD_CAP_ECDH | SMGW_SECMOD_CAP_RANDOM |
		    SMGW_SECMOD_CAP_CERTS | SMGW_SECMOD_CAP_DELETE;
	}
	/* Bits of methods that are missing are never reported. */
	if (sm->ops.key_generate && sm->ops.key_public)
		have |= SMGW_SECMOD_CAP_KEYGEN;
	if (sm->ops.sign_digest && sm->ops.key_open && sm->ops.key_public)
		have |= SMGW_SECMOD_CAP_SIGN;
	if (sm->ops.ecdh && (sm->ops.key_open || sm->ops.key_generate) && sm->ops.key_public)
		have |= SMGW_SECMOD_CAP_ECDH;
	if (sm->ops.random)
		have |= SMGW_SECMOD_CAP_RANDOM;
	if (sm->ops.cert_store && sm->ops.cert_load && sm->ops.cert_delete)
		have |= SMGW_SECMOD_CAP_CERTS;
	if (sm->ops.key_delete)
		have |= SMGW_SECMOD_CAP_DELETE;
	*ret_flags = f & have;
	return 0;
}

/* Makes the library handle around a backend key handle; closes it on failure. */
static int key_wrap(smgw_secmod *sm, const char *slot, void *handle, int curve, smgw_secmod_key **ret_key)
{
	const struct smgw__curve *c = smgw__curve_get(curve);
	smgw_secmod_key *k;
	int rc = SMGW_E_CORRUPT;

	if (!c || !sm->ops.key_public)
		goto fail;
	k = smgw_ctx_calloc(sm->ctx, 1, sizeof(*k));
	if (!k) {
		rc = SMGW_E_NOMEM;
		goto fail;
	}
	k->point_len = sizeof(k->point);
	rc = sm->ops.key_public(sm->backend, handle, k->point, &k->point_len);
	if (rc == 0) {
		k->group = EC_GROUP_new_by_curve_name_ex(smgw_ctx_ossl_libctx(sm->ctx), NULL, c->nid);
		if (!k->group)
			rc = SMGW_E_CRYPTO;
		else if (smgw__point_check_group(k->group, c, k->point, k->point_len) != 0)
			rc = SMGW_E_CORRUPT; /* the module's public key is no point of its curve */
	}
	if (rc) {
		EC_GROUP_free(k->group);
		smgw_ctx_free(sm->ctx, k, sizeof(*k));
		goto fail;
	}
	k->magic = SMGW__KEY_MAGIC;
	atomic_init(&k->refs, 1);
	k->sm = smgw_secmod_ref(sm);
	k->handle = handle;
	k->curve = c;
	memcpy(k->slot, slot, strlen(slot) + 1);
	*ret_key = k;
	return 0;
fail:
	sm->ops.key_close(sm->backend, handle);
	if (rc == 0 || rc == SMGW_E_BUFSIZE)
		rc = SMGW_E_CORRUPT;
	return rc;
}

SMGW_EXPORT int smgw_secmod_generate(smgw_secmod *sm, const char *slot, enum smgw_secmod_curve curve,
				     uint32_t flags, smgw_secmod_key **ret_key)
{
	const uint32_t known = SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE | SMGW_SECMOD_GEN_EPHEMERAL |
			       SMGW_SECMOD_GEN_REPLACE;
	const struct smgw__curve *c = smgw__curve_get((int)curve);
	void *h = NULL;
	int rc;

	smgw__sm_return_if_fail(sm && ret_key && smgw__slot_valid(slot));
	smgw__sm_return_if_fail(!(flags & ~known) && (flags & (SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE)));
	if (!c)
		return SMGW_E_INVAL;
	if (!c->persistent_ok && !(flags & SMGW_SECMOD_GEN_EPHEMERAL)) {
		smgw_ctx_log(sm->ctx, SMGW_LOG_WARNING, "secmod",
			     "%s is allowed for ephemeral keys only (slot %s)", c->name, slot);
		return SMGW_E_UNSUPPORTED;
	}
	if (!sm->ops.key_generate)
		return SMGW_E_UNSUPPORTED;
	pthread_mutex_lock(&sm->lock);
	rc = sm->ops.key_generate(sm->backend, slot, (int)curve, flags, &h);
	if (rc == 0)
		rc = key_wrap(sm, slot, h, (int)curve, ret_key);
	pthread_mutex_unlock(&sm->lock);
	if (rc == 0)
		smgw_ctx_log(sm->ctx, SMGW_LOG_INFO, "secmod", "%s: generated %s key %s in slot %s",
			     smgw_secmod_name(sm), (flags & SMGW_SECMOD_GEN_EPHEMERAL) ? "ephemeral" : "persistent",
			     c->name, slot);
	return rc;
}

SMGW_EXPORT int smgw_secmod_key_open(smgw_secmod *sm, const char *slot, smgw_secmod_key **ret_key)
{
	void *h = NULL;
	int curve = 0, rc;

	smgw__sm_return_if_fail(sm && ret_key && smgw__slot_valid(slot));
	if (!sm->ops.key_open)
		return SMGW_E_UNSUPPORTED;
	pthread_mutex_lock(&sm->lock);
	rc = sm->ops.key_open(sm->backend, slot, &h, &curve);
	if (rc == 0)
		rc = key_wrap(sm, slot, h, curve, ret_key);
	pthread_mutex_unlock(&sm->lock);
	return rc;
}

SMGW_EXPORT int smgw_secmod_key_delete(smgw_secmod *sm, const char *slot)
{
	int rc;

	smgw__sm_return_if_fail(sm && smgw__slot_valid(slot));
	if (!sm->ops.key_delete)
		return SMGW_E_UNSUPPORTED;
	pthread_mutex_lock(&sm->lock);
	rc = sm->ops.key_delete(sm->backend, slot);
	pthread_mutex_unlock(&sm->lock);
	return rc;
}

SMGW_EXPORT smgw_secmod_key *smgw_secmod_key_ref(smgw_secmod_key *key)
{
	if (key)
		atomic_fetch_add_explicit(&key->refs, 1, memory_order_relaxed);
	return key;
}

SMGW_EXPORT void smgw_secmod_key_free(smgw_secmod_key *key)
{
	smgw_secmod *sm;

	if (!key || atomic_fetch_sub_explicit(&key->refs, 1, memory_order_acq_rel) != 1)
		return;
	sm = key->sm;
	pthread_mutex_lock(&sm->lock);
	sm->ops.key_close(sm->backend, key->handle);
	pthread_mutex_unlock(&sm->lock);
	key->magic = 0;
	EC_GROUP_free(key->group);
	smgw_ctx_free(sm->ctx, key, sizeof(*key));
	smgw_secmod_free(sm);
}

SMGW_EXPORT enum smgw_secmod_curve smgw_secmod_key_curve(const smgw_secmod_key *key)
{
	return key ? key->curve->id : SMGW_SECMOD_CURVE_NONE;
}

SMGW_EXPORT const char *smgw_secmod_key_slot(const smgw_secmod_key *key)
{
	return key ? key->slot : "";
}

SMGW_EXPORT smgw_secmod *smgw_secmod_key_module(const smgw_secmod_key *key)
{
	return key ? key->sm : NULL;
}

SMGW_EXPORT int smgw_secmod_key_public(const smgw_secmod_key *key, uint8_t *point, size_t *len)
{
	smgw__sm_return_if_fail(key && len);
	if (!point || *len < key->point_len) {
		*len = key->point_len;
		return SMGW_E_BUFSIZE;
	}
	memcpy(point, key->point, key->point_len);
	*len = key->point_len;
	return 0;
}

SMGW_EXPORT int smgw_secmod_key_spki(const smgw_secmod_key *key, uint8_t *der, size_t *len)
{
	smgw__sm_return_if_fail(key && len);
	return smgw__spki_encode(key->curve, key->point, key->point_len, der, len);
}

SMGW_EXPORT int smgw_secmod_sign_digest(smgw_secmod_key *key, const uint8_t *digest, size_t digest_len,
					uint32_t format, uint8_t *sig, size_t *sig_len)
{
	uint8_t rs[SMGW_SECMOD_SIG_RAW_MAX];
	size_t rs_len = sizeof(rs), need;
	smgw_secmod *sm;
	int rc;

	smgw__sm_return_if_fail(key && digest && sig_len);
	smgw__sm_return_if_fail(digest_len >= 20 && digest_len <= 64);
	smgw__sm_return_if_fail(format == SMGW_SECMOD_SIG_RAW || format == SMGW_SECMOD_SIG_DER);
	sm = key->sm;
	need = format == SMGW_SECMOD_SIG_RAW ? 2 * (size_t)key->curve->order_len
					     : smgw__sig_der_max(key->curve->order_len);
	if (!sig || *sig_len < need) {
		*sig_len = need;
		return SMGW_E_BUFSIZE;
	}
	if (!sm->ops.sign_digest)
		return SMGW_E_UNSUPPORTED;
	pthread_mutex_lock(&sm->lock);
	rc = sm->ops.sign_digest(sm->backend, key->handle, digest, digest_len, rs, &rs_len);
	pthread_mutex_unlock(&sm->lock);
	/* A module answering nonsense: wrong length, or more than any curve needs. */
	if ((rc == 0 && rs_len != 2 * (size_t)key->curve->order_len) || rc == SMGW_E_BUFSIZE)
		rc = SMGW_E_SECMOD_DEVICE;
	if (rc)
		return rc;
	if (format == SMGW_SECMOD_SIG_RAW) {
		memcpy(sig, rs, rs_len);
		*sig_len = rs_len;
		return 0;
	}
	return smgw__sig_raw_to_der(rs, rs_len, sig, sig_len);
}

SMGW_EXPORT int smgw_secmod_ecdh(smgw_secmod_key *key, const uint8_t *peer, size_t peer_len, uint8_t *z,
				 size_t *z_len)
{
	uint8_t tmp[SMGW_SECMOD_SECRET_MAX];
	size_t tmp_len = sizeof(tmp);
	smgw_secmod *sm;
	int rc;

	smgw__sm_return_if_fail(key && peer && z_len);
	sm = key->sm;
	if (!z || *z_len < key->curve->field_len) {
		*z_len = key->curve->field_len;
		return SMGW_E_BUFSIZE;
	}
	if (!sm->ops.ecdh)
		return SMGW_E_UNSUPPORTED;
	rc = smgw__point_check_group(key->group, key->curve, peer, peer_len);
	if (rc)
		return rc;
	pthread_mutex_lock(&sm->lock);
	rc = sm->ops.ecdh(sm->backend, key->handle, peer, peer_len, tmp, &tmp_len);
	pthread_mutex_unlock(&sm->lock);
	if ((rc == 0 && tmp_len != key->curve->field_len) || rc == SMGW_E_BUFSIZE)
		rc = SMGW_E_SECMOD_DEVICE;
	if (rc == 0) {
		memcpy(z, tmp, tmp_len);
		*z_len = tmp_len;
	}
	smgw_wipe(tmp, sizeof(tmp));
	return rc;
}

SMGW_EXPORT int smgw_secmod_random(smgw_secmod *sm, uint8_t *buf, size_t len)
{
	size_t done = 0;
	int rc = 0;

	smgw__sm_return_if_fail(sm && (buf || len == 0));
	if (!sm->ops.random)
		return SMGW_E_UNSUPPORTED;
	pthread_mutex_lock(&sm->lock);
	while (rc == 0 && done < len) {
		size_t n = len - done > 1024 ? 1024 : len - done;

		rc = sm->ops.random(sm->backend, buf + done, n);
		done += n;
	}
	pthread_mutex_unlock(&sm->lock);
	return rc;
}

/* One DER SEQUENCE spanning exactly len bytes. */
static int der_one_sequence(const uint8_t *der, size_t len)
{
	size_t n, h;

	if (len < 2 || der[0] != 0x30)
		return 0;
	if (der[1] < 0x80) {
		n = der[1];
		h = 2;
	} else if (der[1] == 0x81 && len >= 3 && der[2] >= 0x80) {
		n = der[2];
		h = 3;
	} else if (der[1] == 0x82 && len >= 4 && der[2] != 0) {
		n = ((size_t)der[2] << 8) | der[3];
		h = 4;
	} else {
		return 0;
	}
	return h + n == len;
}

SMGW_EXPORT int smgw_secmod_cert_store(smgw_secmod *sm, const char *slot, const uint8_t *der, size_t len)
{
	int rc;

	smgw__sm_return_if_fail(sm && der && smgw__slot_valid(slot) && len <= 65535);
	if (!der_one_sequence(der, len))
		return SMGW_E_ENCODING;
	if (!sm->ops.cert_store)
		return SMGW_E_UNSUPPORTED;
	pthread_mutex_lock(&sm->lock);
	rc = sm->ops.cert_store(sm->backend, slot, der, len);
	pthread_mutex_unlock(&sm->lock);
	return rc;
}

SMGW_EXPORT int smgw_secmod_cert_load(smgw_secmod *sm, const char *slot, uint8_t *der, size_t *len)
{
	size_t n;
	int rc;

	smgw__sm_return_if_fail(sm && len && smgw__slot_valid(slot));
	if (!sm->ops.cert_load)
		return SMGW_E_UNSUPPORTED;
	n = der ? *len : 0;
	pthread_mutex_lock(&sm->lock);
	rc = sm->ops.cert_load(sm->backend, slot, der, &n);
	pthread_mutex_unlock(&sm->lock);
	/* a backend claiming more than the buffer it was given */
	if (rc == 0 && (!der || n > *len))
		rc = SMGW_E_SECMOD_DEVICE;
	if (rc == 0 || rc == SMGW_E_BUFSIZE)
		*len = n;
	return rc;
}

SMGW_EXPORT int smgw_secmod_cert_delete(smgw_secmod *sm, const char *slot)
{
	int rc;

	smgw__sm_return_if_fail(sm && smgw__slot_valid(slot));
	if (!sm->ops.cert_delete)
		return SMGW_E_UNSUPPORTED;
	pthread_mutex_lock(&sm->lock);
	rc = sm->ops.cert_delete(sm->backend, slot);
	pthread_mutex_unlock(&sm->lock);
	return rc;
}
