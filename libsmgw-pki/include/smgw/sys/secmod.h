/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file secmod.h
 * @brief Security-module backend interface (systems API).
 *
 * A security module (TR-03109-2) holds the gateway's private keys and never
 * releases them. The library talks to it through this vtable; the user API
 * is in smgw/secmod.h. Built-in backends: the software key directory
 * (development and tests only) and PKCS#11. A vendor adds its own module
 * (APDUs over SPI/I2C, TPM) by filling a struct smgw_secmod_ops and calling
 * smgw_secmod_new().
 *
 * Model: keys live in named **slots** (ASCII letters, digits, '.', '_', '-',
 * 1 to @ref SMGW_SECMOD_SLOT_MAX bytes). A slot holds at most one key pair
 * and, independently, at most one certificate. The backend hands out an
 * opaque key handle (`void *key`) per opened key; the library never sees
 * private key material.
 *
 * All operations are hash-outside and KDF-outside: sign_digest() receives
 * the message digest, ecdh() returns the raw shared secret Z (the
 * x-coordinate), and the host applies any KDF. Public keys are uncompressed
 * points 04||X||Y, signatures are raw r||s with each half left-padded to the
 * size of the curve order.
 *
 * Stability: this vtable starts with @ref smgw_secmod_ops::struct_size and
 * only grows at the end. The library accepts tables of any size that
 * covers at least @ref smgw_secmod_ops::name and treats missing methods
 * (NULL, or beyond struct_size) as unsupported: the corresponding user call
 * returns SMGW_E_UNSUPPORTED and the capability bit is cleared.
 *
 * Contract for implementers:
 * - Methods return 0 or a negative SMGW_E_* code. Output buffers follow the
 *   size-query protocol: on entry `*len` is the capacity, on success the
 *   bytes written; if the capacity is too small return SMGW_E_BUFSIZE and
 *   store the size needed. The library always passes buffers large enough
 *   for the curve, so backends may simply return SMGW_E_BUFSIZE.
 * - The library validates every argument (slot name syntax, curve, digest
 *   length, peer point on the curve) before it calls the backend.
 * - The library serialises all calls into one backend object with a mutex,
 *   so methods need not be thread-safe; they must not call back into the
 *   library's smgw_secmod functions for the same module.
 * - Secrets (Z, PINs, any key material the backend handles) are wiped
 *   before their memory is released.
 */
#ifndef SMGW_SYS_SECMOD_H
#define SMGW_SYS_SECMOD_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>

SMGW_BEGIN_DECLS

/** Longest slot name in bytes (without the terminating NUL). */
#define SMGW_SECMOD_SLOT_MAX 64

/**
 * Elliptic curves of the security module. Values are stable. Brainpool
 * curves are the SM-PKI curves (TR-03116-3); the NIST curves are accepted
 * for ephemeral keys only (TLS ECDHE), see smgw_secmod_generate().
 */
enum smgw_secmod_curve {
	SMGW_SECMOD_CURVE_NONE = 0,            /**< no curve (invalid) */
	SMGW_SECMOD_CURVE_BRAINPOOLP256R1 = 1, /**< brainpoolP256r1, RFC 5639 */
	SMGW_SECMOD_CURVE_BRAINPOOLP384R1 = 2, /**< brainpoolP384r1, RFC 5639 */
	SMGW_SECMOD_CURVE_BRAINPOOLP512R1 = 3, /**< brainpoolP512r1, RFC 5639 */
	SMGW_SECMOD_CURVE_NIST_P256 = 4,       /**< NIST P-256 (prime256v1, secp256r1) */
	SMGW_SECMOD_CURVE_NIST_P384 = 5        /**< NIST P-384 (secp384r1) */
};

/** Capability: key pairs can be generated in the module. */
#define SMGW_SECMOD_CAP_KEYGEN 0x0001u
/** Capability: ECDSA signatures of a digest. */
#define SMGW_SECMOD_CAP_SIGN 0x0002u
/** Capability: ECDH returning the shared secret Z. */
#define SMGW_SECMOD_CAP_ECDH 0x0004u
/** Capability: random bytes from the module. */
#define SMGW_SECMOD_CAP_RANDOM 0x0008u
/** Capability: certificates can be stored in slots. */
#define SMGW_SECMOD_CAP_CERTS 0x0010u
/** Capability: keys can be deleted. */
#define SMGW_SECMOD_CAP_DELETE 0x0020u
/** Capability: the module hashes itself (none of the built-in backends; reserved). */
#define SMGW_SECMOD_CAP_HASH_IN_MODULE 0x0040u
/** Capability: the module applies a KDF to Z itself (reserved). */
#define SMGW_SECMOD_CAP_KDF_IN_MODULE 0x0080u
/** Property: private keys cannot be extracted (hardware or PKCS#11 token). */
#define SMGW_SECMOD_CAP_NONEXTRACTABLE 0x0100u
/** Property: the backend is for development and tests only (software keys in files). */
#define SMGW_SECMOD_CAP_NOT_FOR_PRODUCTION 0x8000u

/** Key usage flag for generation: the key signs. */
#define SMGW_SECMOD_GEN_SIGN 0x0001u
/** Key usage flag for generation: the key agrees keys (ECDH). */
#define SMGW_SECMOD_GEN_DERIVE 0x0002u
/** The key lives only as long as its handle (session key, never stored). */
#define SMGW_SECMOD_GEN_EPHEMERAL 0x0004u
/** An existing key in the slot is replaced (otherwise SMGW_E_EXISTS). */
#define SMGW_SECMOD_GEN_REPLACE 0x0008u

/** Backend methods. Define as a static const instance with struct_size = sizeof. */
struct smgw_secmod_ops {
	uint32_t struct_size; /**< sizeof(struct smgw_secmod_ops) as compiled by the implementer */
	uint32_t reserved;    /**< 0 */
	const char *name;     /**< backend name for diagnostics, e.g. "pkcs11" */
	/**
	 * Capability and property flags (SMGW_SECMOD_CAP_*). Optional: without
	 * it the library derives the flags from the methods present. Bits for
	 * missing methods are cleared by the library either way.
	 * @param backend the backend object
	 * @param[out] ret_flags the flags
	 * @return 0 or an error
	 */
	int (*capabilities)(void *backend, uint32_t *ret_flags);
	/**
	 * Generates a key pair in a slot.
	 * @param backend the backend object
	 * @param slot slot name (validated)
	 * @param curve an enum smgw_secmod_curve value
	 * @param flags SMGW_SECMOD_GEN_* (at least one of SIGN and DERIVE)
	 * @param[out] ret_key the new key handle
	 * @return 0, SMGW_E_EXISTS (slot in use and no REPLACE), SMGW_E_UNSUPPORTED (curve), SMGW_E_NOSPACE, ...
	 */
	int (*key_generate)(void *backend, const char *slot, int curve, uint32_t flags, void **ret_key);
	/**
	 * Opens the key of a slot.
	 * @param backend the backend object
	 * @param slot slot name
	 * @param[out] ret_key the key handle
	 * @param[out] ret_curve its enum smgw_secmod_curve value
	 * @return 0, SMGW_E_NOTFOUND, SMGW_E_CORRUPT, ...
	 */
	int (*key_open)(void *backend, const char *slot, void **ret_key, int *ret_curve);
	/**
	 * Releases a key handle (not the stored key). Must be present whenever
	 * key_generate or key_open is.
	 * @param backend the backend object
	 * @param key the handle
	 */
	void (*key_close)(void *backend, void *key);
	/**
	 * Deletes the key pair of a slot from the module.
	 * @param backend the backend object
	 * @param slot slot name
	 * @return 0, SMGW_E_NOTFOUND, ...
	 */
	int (*key_delete)(void *backend, const char *slot);
	/**
	 * The public key as an uncompressed point 04||X||Y.
	 * @param backend the backend object
	 * @param key the handle
	 * @param point output
	 * @param[in,out] len capacity; bytes written or needed
	 * @return 0, SMGW_E_BUFSIZE, ...
	 */
	int (*key_public)(void *backend, void *key, uint8_t *point, size_t *len);
	/**
	 * ECDSA signature of a digest, raw r||s (each half as long as the order).
	 * @param backend the backend object
	 * @param key the handle
	 * @param digest the message digest (20 to 64 bytes)
	 * @param digest_len its length
	 * @param rs output
	 * @param[in,out] rs_len capacity; bytes written or needed
	 * @return 0, SMGW_E_BUFSIZE, SMGW_E_PERM (key may not sign), ...
	 */
	int (*sign_digest)(void *backend, void *key, const uint8_t *digest, size_t digest_len,
			   uint8_t *rs, size_t *rs_len);
	/**
	 * ECDH with the key: returns the shared secret Z (x-coordinate, field size).
	 * @param backend the backend object
	 * @param key the handle
	 * @param peer the peer's uncompressed point (checked to be on the curve)
	 * @param peer_len its length
	 * @param z output
	 * @param[in,out] z_len capacity; bytes written or needed
	 * @return 0, SMGW_E_BUFSIZE, SMGW_E_PERM (key may not derive), ...
	 */
	int (*ecdh)(void *backend, void *key, const uint8_t *peer, size_t peer_len, uint8_t *z, size_t *z_len);
	/**
	 * Random bytes from the module's generator.
	 * @param backend the backend object
	 * @param buf output
	 * @param len number of bytes (at most 1024 per call; the library splits)
	 * @return 0 or an error
	 */
	int (*random)(void *backend, uint8_t *buf, size_t len);
	/**
	 * Stores a DER certificate in a slot, replacing any previous one.
	 * @param backend the backend object
	 * @param slot slot name
	 * @param der the certificate
	 * @param len its length
	 * @return 0, SMGW_E_NOSPACE, ...
	 */
	int (*cert_store)(void *backend, const char *slot, const uint8_t *der, size_t len);
	/**
	 * Reads the DER certificate of a slot.
	 * @param backend the backend object
	 * @param slot slot name
	 * @param der output, may be NULL to query the size
	 * @param[in,out] len capacity; bytes written or needed
	 * @return 0, SMGW_E_NOTFOUND, SMGW_E_BUFSIZE, ...
	 */
	int (*cert_load)(void *backend, const char *slot, uint8_t *der, size_t *len);
	/**
	 * Deletes the certificate of a slot.
	 * @param backend the backend object
	 * @param slot slot name
	 * @return 0, SMGW_E_NOTFOUND, ...
	 */
	int (*cert_delete)(void *backend, const char *slot);
	/**
	 * Releases the backend object (optional). Called by smgw_secmod_free()
	 * after all key handles were closed.
	 * @param backend the backend object
	 */
	void (*destroy)(void *backend);
};

SMGW_END_DECLS

#endif /* SMGW_SYS_SECMOD_H */
