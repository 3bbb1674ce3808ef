/* SPDX-License-Identifier: Apache-2.0 */
/* wM-Bus/OMS telegram decoder: link layer, ELL, AFL, TPL headers and the OMS
 * security modes 5 and 7 and ELL AES-CTR, all in the caller's work buffer. */
#include <string.h>

#include <openssl/crypto.h>

#include <smgw/wmbus.h>

#include "wmbus-private.h"

/*
 * CI fields (EN 13757-7 Table 2, OMS Vol. 2; lmn.md 3.2 [S]). For ELL
 * entries `tpl` is the header length after the CI. Every CI not listed
 * is rejected with SMGW_E_WMBUS_CI.
 */
static const struct smgw__wmbus_ci ci_table[] = {
	{ 0x51, SMGW__CI_TPL, SMGW_WMBUS_TPL_NONE, SMGW_WMBUS_APL_RECORDS, "command to device, no TPL header" },
	{ 0x5a, SMGW__CI_TPL, SMGW_WMBUS_TPL_SHORT, SMGW_WMBUS_APL_RECORDS, "command to device, TPL short header" },
	{ 0x5b, SMGW__CI_TPL, SMGW_WMBUS_TPL_LONG, SMGW_WMBUS_APL_RECORDS, "command to device, TPL long header" },
	{ 0x69, SMGW__CI_TPL, SMGW_WMBUS_TPL_NONE, SMGW_WMBUS_APL_FORMAT, "no TPL header, format frame" },
	{ 0x6a, SMGW__CI_TPL, SMGW_WMBUS_TPL_SHORT, SMGW_WMBUS_APL_FORMAT, "TPL short header, format frame" },
	{ 0x6b, SMGW__CI_TPL, SMGW_WMBUS_TPL_LONG, SMGW_WMBUS_APL_FORMAT, "TPL long header, format frame" },
	{ 0x72, SMGW__CI_TPL, SMGW_WMBUS_TPL_LONG, SMGW_WMBUS_APL_RECORDS, "TPL long header, EN 13757-3 APL" },
	{ 0x73, SMGW__CI_TPL, SMGW_WMBUS_TPL_LONG, SMGW_WMBUS_APL_COMPACT, "TPL long header, compact frame" },
	{ 0x78, SMGW__CI_TPL, SMGW_WMBUS_TPL_NONE, SMGW_WMBUS_APL_RECORDS, "no TPL header, EN 13757-3 APL" },
	{ 0x79, SMGW__CI_TPL, SMGW_WMBUS_TPL_NONE, SMGW_WMBUS_APL_COMPACT, "no TPL header, compact frame" },
	{ 0x7a, SMGW__CI_TPL, SMGW_WMBUS_TPL_SHORT, SMGW_WMBUS_APL_RECORDS, "TPL short header, EN 13757-3 APL" },
	{ 0x7b, SMGW__CI_TPL, SMGW_WMBUS_TPL_SHORT, SMGW_WMBUS_APL_COMPACT, "TPL short header, compact frame" },
	{ 0x7c, SMGW__CI_TPL, SMGW_WMBUS_TPL_LONG, SMGW_WMBUS_APL_COSEM, "TPL long header, DLMS/COSEM APL" },
	{ 0x7d, SMGW__CI_TPL, SMGW_WMBUS_TPL_SHORT, SMGW_WMBUS_APL_COSEM, "TPL short header, DLMS/COSEM APL" },
	{ 0x7e, SMGW__CI_TPL, SMGW_WMBUS_TPL_LONG, SMGW_WMBUS_APL_OBIS, "TPL long header, OBIS-based APL" },
	{ 0x7f, SMGW__CI_TPL, SMGW_WMBUS_TPL_SHORT, SMGW_WMBUS_APL_OBIS, "TPL short header, OBIS-based APL" },
	{ 0x80, SMGW__CI_TPL, SMGW_WMBUS_TPL_LONG, SMGW_WMBUS_APL_NONE, "TPL long header only, to device" },
	{ 0x8a, SMGW__CI_TPL, SMGW_WMBUS_TPL_SHORT, SMGW_WMBUS_APL_NONE, "TPL short header only, from device" },
	{ 0x8b, SMGW__CI_TPL, SMGW_WMBUS_TPL_LONG, SMGW_WMBUS_APL_NONE, "TPL long header only, from device" },
	{ 0x8c, SMGW__CI_ELL, 2, 0, "extended link layer I (CC ACC)" },
	{ 0x8d, SMGW__CI_ELL, 8, 0, "extended link layer II (CC ACC SN CRC)" },
	{ 0x8e, SMGW__CI_ELL, 10, 0, "extended link layer III (CC ACC M2 A2)" },
	{ 0x8f, SMGW__CI_ELL, 16, 0, "extended link layer IV (CC ACC M2 A2 SN CRC)" },
	{ 0x90, SMGW__CI_AFL, 0, 0, "authentication and fragmentation layer" },
};

const struct smgw__wmbus_ci *smgw__wmbus_ci_find(uint8_t ci)
{
	static const struct smgw__wmbus_ci mfct = { 0xa0, SMGW__CI_MFCT, SMGW_WMBUS_TPL_NONE, SMGW_WMBUS_APL_MFCT,
						    "manufacturer specific" };
	size_t i;

	if (ci >= 0xa0 && ci <= 0xb7)
		return &mfct;
	for (i = 0; i < sizeof(ci_table) / sizeof(ci_table[0]); i++)
		if (ci_table[i].ci == ci)
			return &ci_table[i];
	return NULL;
}

/* Internal flag of smgw_wmbus_peek(): read the headers, decrypt nothing. */
#define F_PEEK 0x80000000u

/* ELL communication control bits a repeater may change (H hop count 0x10, R
 * repeated access 0x02) are not part of the AES-CTR counter block [S: H
 * verified on a real Kamstrup telegram with CC 0x30 (jMBus test data), R by
 * the same rule]. */
#define ELL_CC_IV_MASK 0xedu

/* ELL session number: encryption field, bits 31..29 (lmn.md 3.6). */
#define ELL_ENC_NONE 0
#define ELL_ENC_AES_CTR 1
/* AFL fragmentation control bits (OMS Vol. 2; wmbusmeters) [S]. */
#define AFL_KI 0x0200u
#define AFL_MAC 0x0400u
#define AFL_MCR 0x0800u
#define AFL_ML 0x1000u
#define AFL_MCL 0x2000u
#define AFL_MORE 0x4000u
/* AFL MAC length by the authentication type, AFL.MCL bits 3..0 [S]. */
static const uint8_t afl_mac_len[16] = { 0, 0, 0, 2, 4, 8, 12, 16, 12, 0, 0, 0, 0, 0, 0, 0 };
/* Mode 7 configuration field extension: KDF selection bits 5..4; 1 = OMS KDF-A (AES-CMAC) [S]. */
#define CFG_EXT_KDF(x) (((x) >> 4) & 3)

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int is_2f2f(const uint8_t *p, size_t n)
{
	return n >= 2 && p[0] == 0x2f && p[1] == 0x2f;
}

struct afl_state {
	size_t mac_at;       /* offset of the MAC in the telegram */
	uint8_t mcr[4];      /* message counter as sent */
	uint8_t ml[2];       /* message length as sent */
};

static int parse_ell(uint8_t *w, size_t n, size_t *pos, const struct smgw__wmbus_ci *ci, const uint8_t *key,
		     uint32_t flags, struct smgw_wmbus_telegram *t, struct smgw_diag *d)
{
	size_t p = *pos + 1, hl = ci->tpl;
	const uint8_t *h = w + p;

	if (t->flags & SMGW_WMBUS_T_ELL)
		return smgw_diag_set(d, SMGW_E_WMBUS_CI, *pos, "wM-Bus: a second extended link layer (CI 0x%02x)", ci->ci);
	if (n - p < hl)
		return smgw_diag_set(d, SMGW_E_TRUNCATED, n, "wM-Bus: ELL header (CI 0x%02x) cut off", ci->ci);
	t->flags |= SMGW_WMBUS_T_ELL;
	t->ell_ci = ci->ci;
	t->ell_cc = h[0];
	t->ell_acc = h[1];
	h += 2;
	if (ci->ci == 0x8e || ci->ci == 0x8f) {
		t->flags |= SMGW_WMBUS_T_ELL_ADDR2;
		t->ell_m2 = (uint16_t)(h[0] | h[1] << 8);
		t->ell_id2 = le32(h + 2);
		t->ell_version2 = h[6];
		t->ell_type2 = h[7];
		h += 8;
	}
	p += hl;
	if (ci->ci == 0x8d || ci->ci == 0x8f) {
		/* SN, then the (maybe encrypted) payload: PayloadCRC (LE), next CI ... */
		uint32_t sn = le32(h);
		uint32_t enc = sn >> 29;
		size_t crc_at = p - 2;
		uint16_t want;

		t->flags |= SMGW_WMBUS_T_ELL_SN;
		t->ell_sn = sn;
		if (enc != ELL_ENC_NONE && enc != ELL_ENC_AES_CTR)
			return smgw_diag_set(d, SMGW_E_WMBUS_SECURITY, crc_at - 4,
					     "wM-Bus: ELL encryption %u not supported (only AES-128-CTR)", (unsigned)enc);
		if (enc == ELL_ENC_AES_CTR && (flags & F_PEEK)) {
			*pos = p;
			return 1; /* the rest is encrypted: stop here */
		}
		if (enc == ELL_ENC_AES_CTR && key) {
			uint8_t iv[16];
			int e;

			/* link-layer M and A; for ELL IV (CI 0x8F, with a second address) the
			 * link address is used as well [K: no encrypted 0x8F sample] */
			memcpy(iv, w + 2, 8);
			iv[8] = (uint8_t)(t->ell_cc & ELL_CC_IV_MASK);
			memcpy(iv + 9, h, 4); /* SN */
			iv[13] = iv[14] = iv[15] = 0; /* FN, BC */
			e = smgw__wmbus_aes_ctr(key, iv, w + crc_at, n - crc_at);
			OPENSSL_cleanse(iv, sizeof(iv));
			if (e)
				return smgw_diag_set(d, e, crc_at, "wM-Bus: AES-128-CTR failed in libcrypto");
		}
		want = (uint16_t)(w[crc_at] | w[crc_at + 1] << 8);
		if (want != smgw_wmbus_crc16(w + p, n - p)) {
			if (enc == ELL_ENC_AES_CTR && key) {
				memset(w + crc_at, 0, n - crc_at);
				return smgw_diag_set(d, SMGW_E_WMBUS_KEY, crc_at,
						     "wM-Bus: ELL payload CRC wrong after AES-128-CTR decryption: wrong key");
			}
			if (enc == ELL_ENC_AES_CTR)
				return smgw_diag_set(d, SMGW_E_WMBUS_NOKEY, crc_at,
						     "wM-Bus: ELL payload is encrypted (AES-128-CTR), no key given");
			return smgw_diag_set(d, SMGW_E_CHECKSUM, crc_at, "wM-Bus: ELL payload CRC wrong");
		}
		if (enc == ELL_ENC_AES_CTR) {
			if (key)
				t->flags |= SMGW_WMBUS_T_ELL_ENCRYPTED;
			else if (flags & SMGW_WMBUS_F_PREDECRYPTED)
				t->flags |= SMGW_WMBUS_T_PREDECRYPTED;
			else
				return smgw_diag_set(d, SMGW_E_WMBUS_NOKEY, crc_at,
						     "wM-Bus: ELL payload is encrypted (AES-128-CTR), no key given");
		}
		t->ell_crc = want;
	}
	*pos = p;
	return 0;
}

static int parse_afl(const uint8_t *w, size_t n, size_t *pos, struct smgw_wmbus_telegram *t, struct afl_state *a,
		     struct smgw_diag *d)
{
	size_t p = *pos + 1, end;
	uint16_t fcl;

	if (t->flags & SMGW_WMBUS_T_AFL)
		return smgw_diag_set(d, SMGW_E_WMBUS_CI, *pos, "wM-Bus: a second AFL");
	if (n - p < 3)
		return smgw_diag_set(d, SMGW_E_TRUNCATED, n, "wM-Bus: AFL header cut off");
	end = p + 1 + w[p];
	if (end > n)
		return smgw_diag_set(d, SMGW_E_TRUNCATED, n, "wM-Bus: AFL length %u beyond the telegram", w[p]);
	p++;
	if (end - p < 2)
		return smgw_diag_set(d, SMGW_E_WMBUS_LENGTH, p, "wM-Bus: AFL length %u too short", w[p - 1]);
	fcl = (uint16_t)(w[p] | w[p + 1] << 8);
	p += 2;
	t->flags |= SMGW_WMBUS_T_AFL;
	t->afl_fcl = fcl;
	if (fcl & AFL_MORE)
		return smgw_diag_set(d, SMGW_E_UNSUPPORTED, *pos + 2,
				     "wM-Bus: fragmented AFL message (FCL 0x%04x) not supported", fcl);
	if (fcl & AFL_MCL) {
		if (end - p < 1)
			return smgw_diag_set(d, SMGW_E_WMBUS_LENGTH, p, "wM-Bus: AFL message control beyond the AFL");
		t->afl_mcl = w[p++];
	}
	if (fcl & AFL_KI) {
		if (end - p < 2)
			return smgw_diag_set(d, SMGW_E_WMBUS_LENGTH, p, "wM-Bus: AFL key information beyond the AFL");
		t->afl_ki = (uint16_t)(w[p] | w[p + 1] << 8);
		p += 2;
	}
	if (fcl & AFL_MCR) {
		if (end - p < 4)
			return smgw_diag_set(d, SMGW_E_WMBUS_LENGTH, p, "wM-Bus: AFL message counter beyond the AFL");
		memcpy(a->mcr, w + p, 4);
		t->afl_mcr = le32(w + p);
		p += 4;
	}
	if (fcl & AFL_MAC) {
		uint8_t ml = afl_mac_len[t->afl_mcl & 0x0f];

		if (!(fcl & AFL_MCL) || ml == 0)
			return smgw_diag_set(d, SMGW_E_WMBUS_SECURITY, p,
					     "wM-Bus: AFL MAC of authentication type %u not supported", t->afl_mcl & 0x0f);
		if (end - p < ml)
			return smgw_diag_set(d, SMGW_E_WMBUS_LENGTH, p, "wM-Bus: AFL MAC beyond the AFL");
		a->mac_at = p;
		t->afl_mac_len = ml;
		p += ml;
	}
	if (fcl & AFL_ML) {
		if (end - p < 2)
			return smgw_diag_set(d, SMGW_E_WMBUS_LENGTH, p, "wM-Bus: AFL message length beyond the AFL");
		memcpy(a->ml, w + p, 2);
		t->afl_ml = (uint16_t)(w[p] | w[p + 1] << 8);
		p += 2;
	}
	*pos = end;
	return 0;
}

/* Mode 7: verify the AFL MAC over MCL || MCR || [ML] || CI ... end, then decrypt. */
static int mode7(uint8_t *w, size_t n, size_t ci_at, size_t enc_at, size_t enc_len, const uint8_t *key,
		 const struct afl_state *a, struct smgw_wmbus_telegram *t, struct smgw_diag *d)
{
	uint8_t kenc[16], kmac[16], mac[16], buf[8 + SMGW_WMBUS_MAX_TELEGRAM], id[4];
	static const uint8_t iv0[16];
	size_t m = 0;
	int e;

	if (!(t->flags & SMGW_WMBUS_T_AFL) || !(t->afl_fcl & AFL_MCR) || !(t->afl_fcl & AFL_MAC))
		return smgw_diag_set(d, SMGW_E_WMBUS_SECURITY, ci_at,
				     "wM-Bus: security mode 7 without an AFL message counter and MAC");
	if (CFG_EXT_KDF(t->cfg_ext) != 1)
		return smgw_diag_set(d, SMGW_E_WMBUS_SECURITY, ci_at + 1,
				     "wM-Bus: security mode 7 with key derivation %u not supported", CFG_EXT_KDF(t->cfg_ext));
	id[0] = (uint8_t)t->tpl_id;
	id[1] = (uint8_t)(t->tpl_id >> 8);
	id[2] = (uint8_t)(t->tpl_id >> 16);
	id[3] = (uint8_t)(t->tpl_id >> 24);
	e = smgw__wmbus_kdf(key, 0x00, a->mcr, id, kenc);
	if (!e)
		e = smgw__wmbus_kdf(key, 0x01, a->mcr, id, kmac);
	if (!e) {
		buf[m++] = t->afl_mcl;
		memcpy(buf + m, a->mcr, 4);
		m += 4;
		if (t->afl_fcl & AFL_ML) {
			memcpy(buf + m, a->ml, 2);
			m += 2;
		}
		memcpy(buf + m, w + ci_at, n - ci_at);
		m += n - ci_at;
		e = smgw__wmbus_cmac(kmac, buf, m, mac);
	}
	if (e) {
		e = smgw_diag_set(d, e, ci_at, "wM-Bus: AES-CMAC failed in libcrypto");
	} else if (CRYPTO_memcmp(mac, w + a->mac_at, t->afl_mac_len) != 0) {
		e = smgw_diag_set(d, SMGW_E_WMBUS_MAC, a->mac_at,
				  "wM-Bus: AFL MAC wrong (security mode 7): wrong key or altered telegram");
	} else if ((e = smgw__wmbus_aes_cbc_decrypt(kenc, iv0, w + enc_at, enc_len)) != 0) {
		e = smgw_diag_set(d, e, enc_at, "wM-Bus: AES-128-CBC failed in libcrypto");
	} else if (!is_2f2f(w + enc_at, enc_len)) {
		memset(w + enc_at, 0, enc_len);
		e = smgw_diag_set(d, SMGW_E_WMBUS_KEY, enc_at,
				  "wM-Bus: decrypted data do not start with 2F 2F (security mode 7): wrong key");
	} else {
		t->flags |= SMGW_WMBUS_T_AFL_MAC;
	}
	OPENSSL_cleanse(kenc, sizeof(kenc));
	OPENSSL_cleanse(kmac, sizeof(kmac));
	OPENSSL_cleanse(mac, sizeof(mac));
	OPENSSL_cleanse(buf, m);
	return e;
}

static int mode5(uint8_t *w, size_t enc_at, size_t enc_len, const uint8_t *key, const struct smgw_wmbus_telegram *t,
		 struct smgw_diag *d)
{
	uint8_t iv[16];
	int e;

	iv[0] = (uint8_t)t->tpl_m;
	iv[1] = (uint8_t)(t->tpl_m >> 8);
	iv[2] = (uint8_t)t->tpl_id;
	iv[3] = (uint8_t)(t->tpl_id >> 8);
	iv[4] = (uint8_t)(t->tpl_id >> 16);
	iv[5] = (uint8_t)(t->tpl_id >> 24);
	iv[6] = t->tpl_version;
	iv[7] = t->tpl_type;
	memset(iv + 8, t->acc, 8);
	e = smgw__wmbus_aes_cbc_decrypt(key, iv, w + enc_at, enc_len);
	OPENSSL_cleanse(iv, sizeof(iv));
	if (e)
		return smgw_diag_set(d, e, enc_at, "wM-Bus: AES-128-CBC failed in libcrypto");
	if (!is_2f2f(w + enc_at, enc_len)) {
		memset(w + enc_at, 0, enc_len);
		return smgw_diag_set(d, SMGW_E_WMBUS_KEY, enc_at,
				     "wM-Bus: decrypted data do not start with 2F 2F (security mode 5): wrong key");
	}
	return 0;
}

static int parse_tpl(uint8_t *w, size_t n, size_t pos, const struct smgw__wmbus_ci *ci, const uint8_t *key,
		     uint32_t flags, const struct afl_state *a, struct smgw_wmbus_telegram *t, struct smgw_diag *d)
{
	size_t p = pos + 1, enc_len;
	int e;

	t->ci = ci->ci;
	t->tpl = ci->tpl;
	t->apl = ci->apl;
	if (ci->tpl == SMGW_WMBUS_TPL_LONG) {
		if (n - p < 8)
			return smgw_diag_set(d, SMGW_E_TRUNCATED, n, "wM-Bus: TPL long header cut off");
		t->tpl_id = le32(w + p);
		t->tpl_m = (uint16_t)(w[p + 4] | w[p + 5] << 8);
		t->tpl_version = w[p + 6];
		t->tpl_type = w[p + 7];
		smgw_wmbus_mfct(t->tpl_m, t->tpl_mfct);
		p += 8;
	}
	if (ci->tpl != SMGW_WMBUS_TPL_NONE) {
		if (n - p < 4)
			return smgw_diag_set(d, SMGW_E_TRUNCATED, n, "wM-Bus: TPL header (ACC STS CFG) cut off");
		t->acc = w[p];
		t->sts = w[p + 1];
		t->cfg = (uint16_t)(w[p + 2] | w[p + 3] << 8);
		t->security_mode = (uint8_t)((t->cfg >> 8) & 0x1f);
		p += 4;
	}
	if (t->security_mode == 5 || t->security_mode == 7) {
		t->enc_blocks = (uint8_t)((t->cfg >> 4) & 0x0f);
		if (t->security_mode == 7) {
			if (n - p < 1)
				return smgw_diag_set(d, SMGW_E_TRUNCATED, n, "wM-Bus: configuration field extension cut off");
			t->cfg_ext = w[p++];
			t->flags |= SMGW_WMBUS_T_CFG_EXT;
		}
		enc_len = (size_t)t->enc_blocks * 16;
		if (flags & F_PEEK)
			enc_len = 0; /* headers only: the payload is not looked at */
		else if (enc_len == 0)
			return smgw_diag_set(d, SMGW_E_WMBUS_SECURITY, pos,
					     "wM-Bus: security mode %u with 0 encrypted blocks", t->security_mode);
		else if (enc_len > n - p)
			return smgw_diag_set(d, SMGW_E_WMBUS_LENGTH, n,
					     "wM-Bus: %u encrypted blocks, but only %zu bytes follow the TPL header",
					     t->enc_blocks, n - p);
		if (flags & F_PEEK) {
			/* headers only */
		} else if (!key) {
			if (!(flags & SMGW_WMBUS_F_PREDECRYPTED) || !is_2f2f(w + p, n - p))
				return smgw_diag_set(d, SMGW_E_WMBUS_NOKEY, p,
						     "wM-Bus: telegram is encrypted (security mode %u), no key given",
						     t->security_mode);
			t->flags |= SMGW_WMBUS_T_PREDECRYPTED;
		} else {
			/* mode 5 payload that may already be plaintext: keep it to fall back on */
			uint8_t save[15 * 16];
			int pre = (flags & SMGW_WMBUS_F_PREDECRYPTED) && t->security_mode == 5 && is_2f2f(w + p, n - p);

			if (pre)
				memcpy(save, w + p, enc_len);
			e = t->security_mode == 5 ? mode5(w, p, enc_len, key, t, d) : mode7(w, n, pos, p, enc_len, key, a, t, d);
			if (e == SMGW_E_WMBUS_KEY && pre) {
				memcpy(w + p, save, enc_len);
				smgw_diag_clear(d);
				t->flags |= SMGW_WMBUS_T_PREDECRYPTED;
				e = 0;
			} else if (e == 0) {
				t->flags |= SMGW_WMBUS_T_ENCRYPTED;
			}
			if (pre)
				OPENSSL_cleanse(save, enc_len);
			if (e)
				return e;
		}
	} else if (t->security_mode != 0 && !(flags & F_PEEK)) {
		return smgw_diag_set(d, SMGW_E_WMBUS_SECURITY, pos, "wM-Bus: security mode %u not supported",
				     t->security_mode);
	}
	t->payload = w + p;
	t->payload_len = (uint32_t)(n - p);
	return 0;
}

static int decode(const uint8_t *wire, size_t len, const uint8_t *key, uint32_t flags, uint8_t *work, size_t work_size,
		  struct smgw_wmbus_telegram *ret, struct smgw_diag *d)
{
	struct smgw_wmbus_telegram t;
	struct afl_state a;
	size_t n = work_size, pos;
	int32_t fmt;
	int e, layers;
	uint8_t l0, l1;

	if ((!wire && len) || !work || !ret)
		return SMGW_E_INVAL;
	memset(&t, 0, sizeof(t));
	memset(&a, 0, sizeof(a));
	l0 = len > 0 ? wire[0] : 0; /* read before: work may be wire itself */
	l1 = len > 1 ? wire[1] : 0;
	if ((e = smgw_wmbus_frame_strip(wire, len, flags, work, &n, &fmt, d)) != 0)
		return e;
	t.telegram = work;
	t.telegram_len = (uint32_t)n;
	t.format = fmt;
	if (fmt == SMGW_WMBUS_FORMAT_WIRED) {
		t.l = l1;
		t.c = work[0];
		t.address = work[1];
		pos = 2;
	} else {
		t.l = l0;
		t.c = work[1];
		t.m = (uint16_t)(work[2] | work[3] << 8);
		t.id = le32(work + 4);
		t.version = work[8];
		t.device_type = work[9];
		smgw_wmbus_mfct(t.m, t.mfct);
		pos = 10;
	}
	t.tpl_m = t.m;
	t.tpl_id = t.id;
	t.tpl_version = t.version;
	t.tpl_type = t.device_type;
	memcpy(t.tpl_mfct, t.mfct, sizeof(t.mfct));
	for (layers = 0;; layers++) {
		const struct smgw__wmbus_ci *ci;

		if (pos >= n)
			return smgw_diag_set(d, SMGW_E_TRUNCATED, n, "wM-Bus: telegram ends before its CI field");
		ci = smgw__wmbus_ci_find(work[pos]);
		if (!ci || (fmt == SMGW_WMBUS_FORMAT_WIRED && ci->kind != SMGW__CI_TPL))
			return smgw_diag_set(d, SMGW_E_WMBUS_CI, pos, "wM-Bus: unknown or unsupported CI field 0x%02x",
					     work[pos]);
		if (ci->kind == SMGW__CI_ELL) {
			if (layers > 0)
				return smgw_diag_set(d, SMGW_E_WMBUS_CI, pos,
						     "wM-Bus: extended link layer (CI 0x%02x) after another layer", ci->ci);
			if ((e = parse_ell(work, n, &pos, ci, key, flags, &t, d)) < 0)
				return e;
			if (e == 1)
				break; /* peek: the rest is encrypted */
		} else if (ci->kind == SMGW__CI_AFL) {
			if ((e = parse_afl(work, n, &pos, &t, &a, d)) != 0)
				return e;
		} else if (ci->kind == SMGW__CI_MFCT) {
			t.ci = ci->ci;
			t.apl = SMGW_WMBUS_APL_MFCT;
			t.payload = work + pos + 1;
			t.payload_len = (uint32_t)(n - pos - 1);
			break;
		} else {
			if ((e = parse_tpl(work, n, pos, ci, key, flags, &a, &t, d)) != 0)
				return e;
			break;
		}
	}
	if (flags & F_PEEK) {
		t.payload = NULL;
		t.payload_len = 0;
	} else if ((t.flags & SMGW_WMBUS_T_AFL) && (t.afl_fcl & AFL_MAC) && !(t.flags & SMGW_WMBUS_T_AFL_MAC) &&
		   !(t.flags & SMGW_WMBUS_T_PREDECRYPTED))
		return smgw_diag_set(d, SMGW_E_WMBUS_SECURITY, 0,
				     "wM-Bus: AFL MAC present but security mode %u does not define how to verify it",
				     t.security_mode);
	*ret = t;
	return 0;
}

SMGW_EXPORT int smgw_wmbus_decode(const uint8_t *wire, size_t len, const uint8_t *key, uint32_t flags, uint8_t *work,
				  size_t work_size, struct smgw_wmbus_telegram *ret, struct smgw_diag *d)
{
	return decode(wire, len, key, flags & ~F_PEEK, work, work_size, ret, d);
}

SMGW_EXPORT int smgw_wmbus_peek(const uint8_t *wire, size_t len, uint32_t flags, uint8_t *work, size_t work_size,
				struct smgw_wmbus_telegram *ret, struct smgw_diag *d)
{
	return decode(wire, len, NULL, flags | F_PEEK, work, work_size, ret, d);
}

SMGW_EXPORT int smgw_wmbus_set_server_id(const struct smgw_wmbus_telegram *t, struct smgw_value *v)
{
	uint8_t id[8];

	if (!t || !v)
		return SMGW_E_INVAL;
	id[0] = (uint8_t)t->tpl_m;
	id[1] = (uint8_t)(t->tpl_m >> 8);
	id[2] = (uint8_t)t->tpl_id;
	id[3] = (uint8_t)(t->tpl_id >> 8);
	id[4] = (uint8_t)(t->tpl_id >> 16);
	id[5] = (uint8_t)(t->tpl_id >> 24);
	id[6] = t->tpl_version;
	id[7] = t->tpl_type;
	return smgw_value_set_server_id(v, id, sizeof(id));
}
