/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file secmod.h
 * @brief The security module: keys in slots, sign, ECDH, random, certificates.
 *
 * A `smgw_secmod` is one opened security module (TR-03109-2): a PKCS#11
 * token, the software key directory for development, or a vendor backend
 * given as a vtable (smgw/sys/secmod.h). Keys are opened by slot name and
 * used through opaque `smgw_secmod_key` handles; private keys never leave
 * the module. For OpenSSL (TLS, CMS) a key is wrapped as an EVP_PKEY by the
 * built-in provider, see smgw_secmod_provider_load() and
 * smgw_secmod_key_pkey().
 *
 * Thread safety: a module and its keys may be used from several threads;
 * calls into one backend are serialised by a mutex inside the module.
 * Modules and keys are reference-counted (atomic); a key keeps its module
 * alive.
 */
#ifndef SMGW_SECMOD_H
#define SMGW_SECMOD_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/core.h>
#include <smgw/sys/secmod.h>

SMGW_BEGIN_DECLS

/** Opaque security module. */
typedef struct smgw_secmod smgw_secmod;
/** Opaque handle of a key pair in a module slot. */
typedef struct smgw_secmod_key smgw_secmod_key;

/** OpenSSL's library context (OSSL_LIB_CTX); OpenSSL headers are not needed here. */
struct ossl_lib_ctx_st;
/** OpenSSL's key object (EVP_PKEY). */
struct evp_pkey_st;
/** OpenSSL's provider object (OSSL_PROVIDER). */
struct ossl_provider_st;

/** Signature format: raw r||s, each half as long as the curve order. */
#define SMGW_SECMOD_SIG_RAW 0u
/** Signature format: DER ECDSA-Sig-Value (SEQUENCE of two INTEGERs), as in X.509, CMS and TLS. */
#define SMGW_SECMOD_SIG_DER 1u

/** Largest uncompressed point (brainpoolP512r1): 1 + 2 * 64 bytes. */
#define SMGW_SECMOD_POINT_MAX 129
/** Largest raw signature r||s (brainpoolP512r1). */
#define SMGW_SECMOD_SIG_RAW_MAX 128
/** Largest DER signature (brainpoolP512r1). */
#define SMGW_SECMOD_SIG_DER_MAX 137
/** Largest shared secret Z (brainpoolP512r1). */
#define SMGW_SECMOD_SECRET_MAX 64
/** Largest SubjectPublicKeyInfo DER of a supported curve. */
#define SMGW_SECMOD_SPKI_MAX 158

/**
 * Wraps a backend vtable as a module. The library copies the part of
 * @p ops that fits its own layout, so @p ops may come from an older header.
 * On success the module owns @p backend: smgw_secmod_free() calls
 * ops->destroy(backend) with the last reference. On failure nothing is
 * taken over.
 *
 * @param ctx the library context (referenced)
 * @param ops the methods; struct_size must cover at least `name`
 * @param backend the backend object passed to every method
 * @param[out] ret_sm the module, written only on success
 * @return 0, SMGW_E_INVAL (NULL, struct_size too small, key_open without key_close), SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_secmod_new(smgw_ctx *ctx, const struct smgw_secmod_ops *ops,
						 void *backend, smgw_secmod **ret_sm);

/**
 * Opens the software backend: one file per key in @p dir, created with
 * mode 0600 and written atomically (temporary file, fsync, rename, fsync of
 * the directory). **Not for production**: the private keys are ordinary
 * files. The capability flags include SMGW_SECMOD_CAP_NOT_FOR_PRODUCTION
 * and opening logs a warning.
 *
 * @param ctx the library context; its OSSL_LIB_CTX is used if set, else the module creates its own
 * @param dir an existing directory, ideally mode 0700
 * @param[out] ret_sm the module
 * @param diag optional details on failure, or NULL
 * @return 0, SMGW_E_INVAL, SMGW_E_NOTFOUND (no such directory), SMGW_E_PERM, SMGW_E_IO, SMGW_E_NOMEM,
 *         SMGW_E_CRYPTO (no SHA-256 in the OpenSSL context)
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_secmod_soft_open(smgw_ctx *ctx, const char *dir, smgw_secmod **ret_sm,
						       struct smgw_diag *diag);

/**
 * Parameters of smgw_secmod_pkcs11_open(). Zero-initialise and set
 * @ref struct_size to `sizeof(struct smgw_secmod_pkcs11_params)`.
 */
struct smgw_secmod_pkcs11_params {
	uint32_t struct_size;     /**< sizeof(struct smgw_secmod_pkcs11_params) */
	uint32_t flags;           /**< reserved, must be 0 */
	const char *module;       /**< path of the PKCS#11 module (shared object), given to dlopen() */
	const char *token_label;  /**< label of the token to use (trailing blanks ignored); NULL: the only token present */
	const char *pin;          /**< user PIN, NULL for no login; not kept after the login */
	size_t pin_len;           /**< length of @ref pin in bytes (a PIN may contain NUL) */
};

/**
 * Opens a PKCS#11 token: dlopen() of the module, C_GetFunctionList,
 * C_Initialize (OS locking), the token selected by label, a read-write
 * session and the user login. Keys are EC key pairs with CKA_LABEL and
 * CKA_ID equal to the slot name; certificates are CKO_CERTIFICATE objects
 * (CKC_X_509) with the same label.
 *
 * PKCS#11 has a single C_Initialize per process. A second open of an
 * already initialised module (another token, or the same one) works and
 * shares the login state; C_Finalize is left to the first open, so free
 * that one last. The session is closed on free; no C_Logout is sent,
 * because it would log out the other opens of the token too.
 *
 * @param ctx the library context
 * @param params the module, token and PIN
 * @param[out] ret_sm the module
 * @param diag optional details (the CKR_* value in the message), or NULL
 * @return 0, SMGW_E_INVAL, SMGW_E_SECMOD_MODULE, SMGW_E_SECMOD_TOKEN, SMGW_E_SECMOD_PIN,
 *         SMGW_E_SECMOD_PIN_LOCKED, SMGW_E_SECMOD_DEVICE, SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_secmod_pkcs11_open(smgw_ctx *ctx,
							 const struct smgw_secmod_pkcs11_params *params,
							 smgw_secmod **ret_sm, struct smgw_diag *diag);

/**
 * Takes a reference (atomic).
 * @param sm a module or NULL
 * @return @p sm
 */
SMGW_EXPORT smgw_secmod *smgw_secmod_ref(smgw_secmod *sm);

/**
 * Drops a reference; the last one closes the backend.
 * @param sm a module or NULL
 */
SMGW_EXPORT void smgw_secmod_free(smgw_secmod *sm);

/**
 * The backend's name ("soft", "pkcs11", or the vendor's).
 * @param sm the module
 * @return the name (owned by the backend), or "" for NULL
 */
SMGW_EXPORT const char *smgw_secmod_name(const smgw_secmod *sm);

/**
 * Capability and property flags (SMGW_SECMOD_CAP_*), with the bits of
 * methods the backend lacks cleared.
 * @param sm the module
 * @param[out] ret_flags the flags
 * @return 0, SMGW_E_INVAL, or the backend's error
 */
SMGW_EXPORT int smgw_secmod_capabilities(smgw_secmod *sm, uint32_t *ret_flags);

/**
 * Generates a key pair in a slot.
 *
 * Brainpool curves may be persistent; NIST P-256 and P-384 are accepted
 * only with SMGW_SECMOD_GEN_EPHEMERAL (the TLS ECDHE keys of TR-03116-3):
 * the curve policy is the table in src/secmod/curves.c.
 *
 * @param sm the module
 * @param slot slot name (1 to SMGW_SECMOD_SLOT_MAX of [A-Za-z0-9._-]); for
 *        ephemeral keys a name for diagnostics only
 * @param curve the curve
 * @param flags SMGW_SECMOD_GEN_*; at least one of SIGN and DERIVE
 * @param[out] ret_key the key handle
 * @return 0, SMGW_E_INVAL, SMGW_E_UNSUPPORTED (curve not allowed or not offered), SMGW_E_EXISTS, backend errors
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_secmod_generate(smgw_secmod *sm, const char *slot,
						      enum smgw_secmod_curve curve, uint32_t flags,
						      smgw_secmod_key **ret_key);

/**
 * Opens the key pair of a slot. A PKCS#11 slot needs both the private-key
 * and the public-key object with that label (as smgw_secmod_generate()
 * makes them).
 * @param sm the module
 * @param slot slot name
 * @param[out] ret_key the key handle
 * @return 0, SMGW_E_INVAL, SMGW_E_NOTFOUND, SMGW_E_CORRUPT, backend errors
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_secmod_key_open(smgw_secmod *sm, const char *slot,
						      smgw_secmod_key **ret_key);

/**
 * Deletes the key pair of a slot from the module. What becomes of open
 * handles of it depends on the backend: a PKCS#11 handle fails with
 * SMGW_E_NOTFOUND, a software-backend handle keeps its in-memory copy until
 * it is freed.
 * @param sm the module
 * @param slot slot name
 * @return 0, SMGW_E_INVAL, SMGW_E_NOTFOUND, SMGW_E_UNSUPPORTED
 */
SMGW_EXPORT int smgw_secmod_key_delete(smgw_secmod *sm, const char *slot);

/**
 * Takes a reference to a key handle (atomic).
 * @param key a handle or NULL
 * @return @p key
 */
SMGW_EXPORT smgw_secmod_key *smgw_secmod_key_ref(smgw_secmod_key *key);

/**
 * Drops a reference to a key handle; the last one closes it (an ephemeral
 * key is destroyed). The stored key stays in the module.
 * @param key a handle or NULL
 */
SMGW_EXPORT void smgw_secmod_key_free(smgw_secmod_key *key);

/**
 * The curve of a key.
 * @param key the handle
 * @return the curve, SMGW_SECMOD_CURVE_NONE for NULL
 */
SMGW_EXPORT enum smgw_secmod_curve smgw_secmod_key_curve(const smgw_secmod_key *key);

/**
 * The slot name of a key.
 * @param key the handle
 * @return the NUL-terminated name (owned by the handle), "" for NULL
 */
SMGW_EXPORT const char *smgw_secmod_key_slot(const smgw_secmod_key *key);

/**
 * The module a key belongs to (no new reference).
 * @param key the handle
 * @return the module, NULL for NULL
 */
SMGW_EXPORT smgw_secmod *smgw_secmod_key_module(const smgw_secmod_key *key);

/**
 * The public key as an uncompressed point 04||X||Y (65, 97 or 129 bytes).
 * @param key the handle
 * @param point output, may be NULL to query the size
 * @param[in,out] len capacity; bytes written, or needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE
 */
SMGW_EXPORT int smgw_secmod_key_public(const smgw_secmod_key *key, uint8_t *point, size_t *len);

/**
 * The public key as DER SubjectPublicKeyInfo (id-ecPublicKey with the named
 * curve OID), as it appears in a certificate request or certificate.
 * @param key the handle
 * @param der output, may be NULL to query the size
 * @param[in,out] len capacity; bytes written, or needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE
 */
SMGW_EXPORT int smgw_secmod_key_spki(const smgw_secmod_key *key, uint8_t *der, size_t *len);

/**
 * Signs a message digest with ECDSA in the module. The digest is computed
 * by the caller (SHA-256/384/512); it is not hashed again.
 * @param key the handle
 * @param digest the digest
 * @param digest_len its length, 20 to 64 bytes
 * @param format SMGW_SECMOD_SIG_RAW or SMGW_SECMOD_SIG_DER
 * @param sig output, may be NULL to query the (maximum) size
 * @param[in,out] sig_len capacity; bytes written, or needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_INVAL, SMGW_E_BUFSIZE, SMGW_E_UNSUPPORTED, SMGW_E_PERM (key not made for signing),
 *         SMGW_E_SECMOD_DEVICE (the module answered a signature of the wrong size), backend errors
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_secmod_sign_digest(smgw_secmod_key *key, const uint8_t *digest,
							 size_t digest_len, uint32_t format,
							 uint8_t *sig, size_t *sig_len);

/**
 * ECDH with a peer's public key; returns the shared secret Z, the
 * x-coordinate of the shared point, as long as the field (32, 48 or 64
 * bytes). The peer point is checked to be a valid point on the key's curve
 * before the module sees it. Wipe Z after use.
 * @param key the handle
 * @param peer the peer's public key: uncompressed point 04||X||Y
 * @param peer_len its length
 * @param z output, may be NULL to query the size
 * @param[in,out] z_len capacity; bytes written, or needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_INVAL, SMGW_E_SECMOD_POINT (not a point of the curve), SMGW_E_BUFSIZE,
 *         SMGW_E_UNSUPPORTED, SMGW_E_PERM, backend errors
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_secmod_ecdh(smgw_secmod_key *key, const uint8_t *peer, size_t peer_len,
						  uint8_t *z, size_t *z_len);

/**
 * Random bytes from the module's generator.
 * @param sm the module
 * @param buf output
 * @param len number of bytes (any; split into calls of at most 1024)
 * @return 0, SMGW_E_INVAL, SMGW_E_UNSUPPORTED, backend errors
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_secmod_random(smgw_secmod *sm, uint8_t *buf, size_t len);

/**
 * Stores a DER certificate in a slot (replacing any previous one). Only
 * checked to be one DER SEQUENCE of the given length; profile checks are
 * the caller's (smgw/pki.h).
 * @param sm the module
 * @param slot slot name
 * @param der the certificate
 * @param len its length (at most 65535)
 * @return 0, SMGW_E_INVAL, SMGW_E_ENCODING, SMGW_E_UNSUPPORTED, backend errors
 */
SMGW_EXPORT int smgw_secmod_cert_store(smgw_secmod *sm, const char *slot, const uint8_t *der, size_t len);

/**
 * Reads the DER certificate of a slot.
 * @param sm the module
 * @param slot slot name
 * @param der output, may be NULL to query the size
 * @param[in,out] len capacity; bytes written, or needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_INVAL, SMGW_E_NOTFOUND, SMGW_E_BUFSIZE, SMGW_E_UNSUPPORTED
 */
SMGW_EXPORT int smgw_secmod_cert_load(smgw_secmod *sm, const char *slot, uint8_t *der, size_t *len);

/**
 * Deletes the certificate of a slot.
 * @param sm the module
 * @param slot slot name
 * @return 0, SMGW_E_INVAL, SMGW_E_NOTFOUND, SMGW_E_UNSUPPORTED
 */
SMGW_EXPORT int smgw_secmod_cert_delete(smgw_secmod *sm, const char *slot);

/**
 * The OpenSSL name of a curve ("brainpoolP256r1", "prime256v1", ...).
 * @param curve the curve
 * @return the name, NULL for an unknown value
 */
SMGW_EXPORT const char *smgw_secmod_curve_name(enum smgw_secmod_curve curve);

/**
 * Looks a curve up by name: the OpenSSL names and the aliases "P-256",
 * "P-384", "secp256r1" (case-sensitive).
 * @param name the name
 * @return the curve, SMGW_SECMOD_CURVE_NONE if unknown
 */
SMGW_EXPORT enum smgw_secmod_curve smgw_secmod_curve_from_name(const char *name);

/** Name of the built-in OpenSSL provider of security-module keys. */
#define SMGW_SECMOD_PROVIDER_NAME "smgw-secmod"

/**
 * Loads the built-in OpenSSL 3 provider "smgw-secmod" into @p libctx
 * (OSSL_PROVIDER_add_builtin + OSSL_PROVIDER_load). The provider offers an
 * EC key manager whose keys are security-module handles (public key
 * exported, private key never), ECDSA signatures and ECDH key exchange
 * that run in the module. Digests and everything else come from the other
 * providers of @p libctx, which the caller loads (usually "default").
 * Load it into the suite's own library context only, never into the
 * process default (NULL is refused).
 *
 * The key manager answers to "EC" like the default provider's but cannot
 * generate or decode keys, so this function sets the default property
 * query of @p libctx to "?provider!=smgw-secmod" (plain fetches prefer
 * every other provider; operations on module keys still run here).
 * OpenSSL 3.0 cannot read that query back: it is replaced, keeping only
 * "fips=yes" if FIPS mode was enabled. A caller that needs other default
 * properties sets them afterwards and includes the preference.
 *
 * OpenSSL 3.0 caches fetches per algorithm and query string and may hand
 * the provider's "EC" to a plain fetch when the cache was filled in an
 * unlucky order. This function therefore fetches "EC" once in the plain
 * way for the empty query and for @p propq right after loading. Load it
 * after the other providers and load or unload no provider in @p libctx
 * afterwards (either flushes the cache); call it again if you must.
 *
 * @param libctx the library context (not NULL)
 * @param propq the property query the caller passes to OpenSSL for this
 *        context (SSL_CTX_new_ex(), CMS_sign_ex(), ...), or NULL
 * @param[out] ret_prov the provider, release with OSSL_PROVIDER_unload()
 * @return 0, SMGW_E_INVAL, SMGW_E_CRYPTO (not loadable, or no other provider offers EC)
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_secmod_provider_load(struct ossl_lib_ctx_st *libctx, const char *propq,
							   struct ossl_provider_st **ret_prov);

/**
 * Wraps a module key as an EVP_PKEY of the "smgw-secmod" provider in
 * @p libctx, usable with SSL_CTX_use_PrivateKey(), CMS_sign_ex(),
 * EVP_DigestSign*() and EVP_PKEY_derive(). The EVP_PKEY holds a reference
 * to @p key. The provider must be loaded into @p libctx.
 *
 * @param key the handle
 * @param libctx the library context the provider is loaded into
 * @param[out] ret_pkey the EVP_PKEY, release with EVP_PKEY_free()
 * @return 0, SMGW_E_INVAL, SMGW_E_STATE (provider not loaded), SMGW_E_CRYPTO
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_secmod_key_pkey(smgw_secmod_key *key, struct ossl_lib_ctx_st *libctx,
						      struct evp_pkey_st **ret_pkey);

SMGW_END_DECLS

#endif /* SMGW_SECMOD_H */
