/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interfaces of the wM-Bus/OMS decoder. */
#ifndef SMGW_WMBUS_PRIVATE_H
#define SMGW_WMBUS_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/wmbus.h>

/* What a CI field announces. */
enum smgw__wmbus_ci_kind {
	SMGW__CI_TPL = 1,  /* transport header (none/short/long) and application data */
	SMGW__CI_ELL = 2,  /* extended link layer, then another CI */
	SMGW__CI_AFL = 3,  /* authentication and fragmentation layer, then another CI */
	SMGW__CI_MFCT = 4  /* manufacturer specific: the rest is opaque */
};

struct smgw__wmbus_ci {
	uint8_t ci;
	uint8_t kind;      /* enum smgw__wmbus_ci_kind */
	uint8_t tpl;       /* enum smgw_wmbus_tpl (SMGW__CI_TPL) or the ELL header length */
	uint8_t apl;       /* enum smgw_wmbus_apl */
	const char *name;
};

const struct smgw__wmbus_ci *smgw__wmbus_ci_find(uint8_t ci);

uint16_t smgw__wmbus_crc_update(uint16_t crc, const uint8_t *p, size_t n);

/* AES-128 primitives over libcrypto EVP; a context per call. 0 or SMGW_E_CRYPTO. */
int smgw__wmbus_aes_cbc_decrypt(const uint8_t key[16], const uint8_t iv[16], uint8_t *buf, size_t len);
int smgw__wmbus_aes_ctr(const uint8_t key[16], const uint8_t iv[16], uint8_t *buf, size_t len);
int smgw__wmbus_cmac(const uint8_t key[16], const uint8_t *msg, size_t len, uint8_t ret_mac[16]);

/* OMS security mode 7 key derivation (KDF-A): CMAC(K, dc || counter(4) || id(4) || 07 x 7);
 * dc 0x00 Kenc and 0x01 Kmac from the meter, 0x10/0x11 towards it. */
int smgw__wmbus_kdf(const uint8_t key[16], uint8_t dc, const uint8_t counter[4], const uint8_t id[4],
		    uint8_t ret_key[16]);

/* One entry of a VIF table. */
struct smgw__wmbus_vif {
	uint8_t code;      /* first code (without the extension bit) */
	uint8_t mask;      /* bits that select the entry; code & mask == code */
	int8_t exp_base;   /* scaler = (vif & ~mask) + exp_base */
	uint8_t unit;      /* enum smgw_unit, 0 if none */
	uint8_t kind;      /* enum smgw__vif_kind */
	const char *quantity;
	const char *symbol;
};

enum smgw__vif_kind {
	SMGW__VIF_VALUE = 0,   /* a number in the unit with a decimal scaler */
	SMGW__VIF_TIME_UNIT,   /* a duration whose unit the low two bits select (s, min, h, d) */
	SMGW__VIF_DATE,        /* type G date */
	SMGW__VIF_DATETIME,    /* type F/I date-time (by data length) */
	SMGW__VIF_ID,          /* identification, version, flags: no unit */
	SMGW__VIF_TIME_UNIT_HDMY /* duration: hours, days, months, years */
};

const struct smgw__wmbus_vif *smgw__wmbus_vif_primary(uint8_t vif);
const struct smgw__wmbus_vif *smgw__wmbus_vif_fb(uint8_t code);
const struct smgw__wmbus_vif *smgw__wmbus_vif_fd(uint8_t code);

/* Combinable VIFE (EN 13757-3 orthogonal extension). */
enum smgw__vife_kind {
	SMGW__VIFE_TEXT = 0,   /* only a description */
	SMGW__VIFE_ERROR,      /* record error code 0x00..0x1F */
	SMGW__VIFE_SCALE,      /* multiplicative correction: scaler += (code & ~mask) + exp_base */
	SMGW__VIFE_FORWARD,    /* accumulation of positive contributions only */
	SMGW__VIFE_BACKWARD,   /* accumulation of negative contributions only */
	SMGW__VIFE_MFCT        /* the rest of the VIFEs and the data are manufacturer specific */
};

struct smgw__wmbus_vife {
	uint8_t code;
	uint8_t mask;
	int8_t exp_base;
	uint8_t kind;          /* enum smgw__vife_kind */
	const char *text;
};

const struct smgw__wmbus_vife *smgw__wmbus_vife_find(uint8_t code);
const char *smgw__wmbus_vife_fc(uint8_t code);

#endif /* SMGW_WMBUS_PRIVATE_H */
