/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wmbus.h
 * @brief Wireless M-Bus (EN 13757-4) and OMS telegrams: frames, link,
 *        extended link, authentication and transport layers, OMS security
 *        modes 5 and 7, and the EN 13757-3 data records.
 *
 * ```
 * L C M M A A A A A A | CI ... (ELL 8C..8F, AFL 90) ... | CI 72/7A/78 [TPL header] | records
 * ```
 *
 * A telegram is given as it came off the radio, with the data-link CRCs
 * of frame format A or B, or as most receivers hand it over, with the CRCs
 * already removed; smgw_wmbus_frame_strip() tells the three apart by the L
 * field and the CRCs. A wired M-Bus long frame (EN 13757-2,
 * `68 L L 68 C A CI ... CS 16`) is accepted too, since the same meters and
 * records appear on the wire.
 *
 * smgw_wmbus_decode() does the whole job in caller memory and never
 * allocates: the CRC-free telegram is written to a work buffer, decrypted
 * there in place, and the result holds pointers into that buffer. The data
 * records are then read with smgw_wmbus_record_next(), one at a time, each
 * with its unit, decimal scaler, storage number, tariff, subunit and
 * function, the value as a core `struct smgw_value`.
 *
 * Security: mode 5 (AES-128-CBC, IV = M ‖ A ‖ ACC×8, the first two
 * plaintext bytes must be `2f 2f`), mode 7 (AES-128-CBC with IV 0 and keys
 * derived by AES-CMAC from the AFL message counter and the meter id; the
 * AFL MAC is checked before anything is decrypted), and ELL encryption
 * (AES-128-CTR with the ELL payload CRC). A wrong key is reported as an
 * error (SMGW_E_WMBUS_KEY, SMGW_E_WMBUS_MAC), never as values. Key
 * material on the stack is wiped.
 *
 * Compact frames (CI 0x79/0x7B/0x73) carry only a format signature, a data
 * CRC and the data; their records are read through a format cache in
 * caller memory that learns each meter's DIF/VIF sequence from its full
 * frames: smgw_wmbus_format_learn(), smgw_wmbus_compact_records().
 *
 * Thread safety: the decoding functions keep no state; distinct buffers may
 * be used from different threads. A format cache is the caller's state: one
 * per thread, or a lock around its use.
 */
#ifndef SMGW_WMBUS_H
#define SMGW_WMBUS_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/value.h>

SMGW_BEGIN_DECLS

/** Longest CRC-free telegram: the L field (255) plus the L byte itself. */
#define SMGW_WMBUS_MAX_TELEGRAM 256
/** Longest input smgw_wmbus_frame_strip() accepts (format A of L = 255 with its 17 CRCs). */
#define SMGW_WMBUS_MAX_WIRE 290
/** Length of an OMS AES-128 key. */
#define SMGW_WMBUS_KEY_LEN 16

/** Frame formats, as detected by smgw_wmbus_frame_strip(). */
enum smgw_wmbus_format {
	SMGW_WMBUS_FORMAT_NOCRC = 0, /**< the data-link CRCs were already removed (L = length - 1) */
	SMGW_WMBUS_FORMAT_A = 1,     /**< frame format A: a CRC after the first 10 bytes and after every 16 bytes */
	SMGW_WMBUS_FORMAT_B = 2,     /**< frame format B: a CRC after byte 126 (over bytes 0..125) and at the end; L counts them */
	SMGW_WMBUS_FORMAT_WIRED = 3  /**< wired M-Bus long frame (EN 13757-2): 68 L L 68 ... CS 16 */
};

/** Flags of smgw_wmbus_frame_strip() and smgw_wmbus_decode(). */
enum smgw_wmbus_flags {
	SMGW_WMBUS_F_NOCRC = 1u << 0,    /**< the input has no data-link CRCs: do not detect */
	SMGW_WMBUS_F_FORMAT_A = 1u << 1, /**< the input is frame format A: do not detect */
	SMGW_WMBUS_F_FORMAT_B = 1u << 2, /**< the input is frame format B: do not detect */
	/**
	 * Accept a telegram whose configuration field announces encryption
	 * but whose payload is already plaintext: mode 5 or 7 data that start
	 * with `2f 2f` when no key is given (mode 5: also when the key does
	 * not decrypt them), ELL data whose payload CRC verifies unencrypted.
	 * For receivers that decrypt before they hand telegrams over; the
	 * result has SMGW_WMBUS_T_PREDECRYPTED set and no MAC was checked. Not
	 * weaker than accepting unencrypted telegrams: check security_mode and
	 * the flags where the profile demands encryption.
	 */
	SMGW_WMBUS_F_PREDECRYPTED = 1u << 3
};

/** Which transport-layer header a telegram carries. */
enum smgw_wmbus_tpl {
	SMGW_WMBUS_TPL_NONE = 0,  /**< no TPL header (CI 0x78, 0x79) */
	SMGW_WMBUS_TPL_SHORT = 1, /**< short header: ACC STS CFG (CI 0x7A, 0x7B, 0x7D, 0x8A, ...) */
	SMGW_WMBUS_TPL_LONG = 2   /**< long header: ID M version type ACC STS CFG (CI 0x72, 0x73, 0x7C, 0x8B, ...) */
};

/** What the application payload is. */
enum smgw_wmbus_apl {
	SMGW_WMBUS_APL_RECORDS = 0, /**< EN 13757-3 data records: read them with smgw_wmbus_record_next() */
	SMGW_WMBUS_APL_COMPACT = 1, /**< compact frame (CI 0x73/0x79/0x7B): format signature, data CRC, data without DIF/VIF */
	SMGW_WMBUS_APL_COSEM = 2,   /**< DLMS/COSEM application layer (CI 0x7C/0x7D) */
	SMGW_WMBUS_APL_OBIS = 3,    /**< OBIS-based application layer (CI 0x7E/0x7F) */
	SMGW_WMBUS_APL_MFCT = 4,    /**< manufacturer-specific CI (0xA0..0xB7): payload not standardised */
	SMGW_WMBUS_APL_NONE = 5,    /**< a transport-layer-only telegram (CI 0x80, 0x8A, 0x8B): no application data */
	SMGW_WMBUS_APL_FORMAT = 6   /**< format frame (CI 0x69/0x6A/0x6B): the record format of later compact frames */
};

/** Flags of struct smgw_wmbus_telegram. */
enum smgw_wmbus_telegram_flags {
	SMGW_WMBUS_T_ELL = 1u << 0,         /**< an extended link layer is present */
	SMGW_WMBUS_T_ELL_ADDR2 = 1u << 1,   /**< the ELL carries a second address (CI 0x8E/0x8F) */
	SMGW_WMBUS_T_ELL_SN = 1u << 2,      /**< the ELL carries a session number and payload CRC (CI 0x8D/0x8F) */
	SMGW_WMBUS_T_ELL_ENCRYPTED = 1u << 3, /**< the ELL payload was AES-128-CTR encrypted and is now decrypted, its CRC verified */
	SMGW_WMBUS_T_AFL = 1u << 4,         /**< an authentication and fragmentation layer is present */
	SMGW_WMBUS_T_AFL_MAC = 1u << 5,     /**< the AFL MAC was present and verified */
	SMGW_WMBUS_T_ENCRYPTED = 1u << 6,   /**< the TPL payload was encrypted (security mode 5 or 7) and is now decrypted */
	SMGW_WMBUS_T_PREDECRYPTED = 1u << 7, /**< encryption announced, payload accepted as already decrypted (SMGW_WMBUS_F_PREDECRYPTED) */
	SMGW_WMBUS_T_CFG_EXT = 1u << 8      /**< the TPL configuration field has its extension byte (mode 7) */
};

/**
 * A decoded telegram. Plain data; the pointers point into the work buffer
 * given to smgw_wmbus_decode() and stay valid while it does. Multi-byte
 * wire fields are kept as little-endian numbers: the id 0x61070071 is
 * printed "%08x" as "61070071".
 */
struct smgw_wmbus_telegram {
	const uint8_t *telegram;  /**< the CRC-free, decrypted telegram (from the L field; wired: from C) */
	const uint8_t *payload;   /**< the application data after every header, plaintext */
	uint32_t telegram_len;    /**< length of @ref telegram */
	uint32_t payload_len;     /**< length of @ref payload */
	int32_t format;           /**< enum smgw_wmbus_format */
	uint32_t flags;           /**< enum smgw_wmbus_telegram_flags */
	/* link layer */
	uint8_t l;                /**< L field as sent (wired: the long frame's L) */
	uint8_t c;                /**< C field, e.g. 0x44 SND_NR, 0x08 RSP_UD */
	uint8_t version;          /**< link-layer version (wired: 0) */
	uint8_t device_type;      /**< link-layer device type (medium), e.g. 0x07 water (wired: 0) */
	uint16_t m;               /**< link-layer manufacturer code (wired: 0) */
	char mfct[4];             /**< its three letters with NUL, e.g. "KAM" */
	uint32_t id;              /**< link-layer identification number (BCD as sent, little-endian) */
	uint8_t address;          /**< wired M-Bus primary address (wireless: 0) */
	/* extended link layer */
	uint8_t ell_ci;           /**< ELL CI 0x8C..0x8F, 0 if absent */
	uint8_t ell_cc;           /**< ELL communication control */
	uint8_t ell_acc;          /**< ELL access number */
	uint32_t ell_sn;          /**< ELL session number (CI 0x8D/0x8F); bits 31..29 name the encryption */
	uint16_t ell_m2;          /**< ELL second manufacturer code (CI 0x8E/0x8F) */
	uint16_t ell_crc;         /**< ELL payload CRC (CI 0x8D/0x8F) */
	uint32_t ell_id2;         /**< ELL second identification number */
	uint8_t ell_version2;     /**< ELL second version */
	uint8_t ell_type2;        /**< ELL second device type */
	/* authentication and fragmentation layer */
	uint8_t afl_mcl;          /**< AFL message control (0 if absent) */
	uint8_t afl_mac_len;      /**< bytes of the AFL MAC (0 if absent) */
	uint16_t afl_fcl;         /**< AFL fragmentation control */
	uint16_t afl_ki;          /**< AFL key information (0 if absent) */
	uint32_t afl_mcr;         /**< AFL message counter (0 if absent) */
	uint16_t afl_ml;          /**< AFL message length (0 if absent) */
	/* transport layer */
	uint8_t ci;               /**< the CI of the transport/application layer, e.g. 0x7A */
	uint8_t tpl;              /**< enum smgw_wmbus_tpl */
	uint8_t apl;              /**< enum smgw_wmbus_apl */
	uint8_t acc;              /**< TPL access number */
	uint8_t sts;              /**< TPL status */
	uint8_t security_mode;    /**< TPL security mode, CFG bits 12..8 */
	uint8_t enc_blocks;       /**< encrypted 16-byte blocks (modes 5 and 7), CFG bits 7..4 */
	uint8_t cfg_ext;          /**< TPL configuration field extension (mode 7) */
	uint16_t cfg;             /**< TPL configuration field */
	uint16_t tpl_m;           /**< long header: manufacturer code (else the link one) */
	char tpl_mfct[4];         /**< its three letters */
	uint32_t tpl_id;          /**< long header: identification number (else the link one) */
	uint8_t tpl_version;      /**< long header: version (else the link one) */
	uint8_t tpl_type;         /**< long header: device type (else the link one) */
	uint16_t reserved16;      /**< 0 */
	uint32_t reserved[4];     /**< 0 */
};

/**
 * CRC of EN 13757-4 (polynomial 0x3D65, init 0, not reflected, result
 * complemented; "CRC-16/EN-13757", check value 0xC2B7). On the wire the
 * CRC is sent high byte first.
 * @param data the bytes (may be NULL when @p len is 0)
 * @param len their number
 * @return the CRC
 */
SMGW_EXPORT uint16_t smgw_wmbus_crc16(const uint8_t *data, size_t len);

/**
 * Removes the data-link CRCs of a wireless M-Bus frame (format A or B) or
 * the framing of a wired long frame, and detects which one the input is
 * (unless a SMGW_WMBUS_F_* format flag forces it). Detection: an input of
 * L + 1 bytes is either format B (its CRCs verify) or already CRC-free; an
 * input of the length format A gives for this L must carry valid format A
 * CRCs; `68 L L 68 ... CS 16` with the length and checksum right is a wired
 * frame. The output has the CRC-free form with its L field rewritten to
 * the length - 1 (a wired frame becomes `C A CI ...`).
 *
 * @param wire the received bytes
 * @param len their number
 * @param flags enum smgw_wmbus_flags (the format flags), or 0
 * @param out output buffer; may be @p wire itself (in-place); NULL to query the size
 * @param[in,out] out_len capacity on entry; bytes written, or needed on SMGW_E_BUFSIZE
 * @param[out] ret_format the enum smgw_wmbus_format detected
 * @param[out] reterr_diag optional details (offset, which block), may be NULL
 * @return 0; SMGW_E_TRUNCATED (shorter than a link header); SMGW_E_WMBUS_LENGTH
 *         (the length fits no format for its L field); SMGW_E_CHECKSUM (a block
 *         CRC or the wired checksum is wrong; the diag names the block);
 *         SMGW_E_BUFSIZE; SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_wmbus_frame_strip(const uint8_t *wire, size_t len, uint32_t flags, uint8_t *out,
							size_t *out_len, int32_t *ret_format,
							struct smgw_diag *reterr_diag);

/**
 * Decodes a telegram: frame (smgw_wmbus_frame_strip()), link layer, ELL,
 * AFL, transport header, and decryption with @p key where the telegram is
 * encrypted. Nothing is allocated; the result points into @p work.
 *
 * @param wire the telegram (with or without data-link CRCs, or a wired frame)
 * @param len its length
 * @param key the 16-byte AES key of the meter, or NULL
 * @param flags enum smgw_wmbus_flags, or 0
 * @param work work buffer; SMGW_WMBUS_MAX_TELEGRAM bytes always suffice (@p len always suffices too);
 *        may be @p wire itself (decoded in place)
 * @param work_size its size
 * @param[out] ret the telegram, written only on success
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0; the errors of smgw_wmbus_frame_strip(); SMGW_E_TRUNCATED (a header
 *         is cut off); SMGW_E_WMBUS_CI (unknown or unsupported CI field);
 *         SMGW_E_WMBUS_NOKEY (encrypted, no key); SMGW_E_WMBUS_KEY (the
 *         decrypted data do not start with `2f 2f`, or the ELL payload CRC
 *         fails: wrong key); SMGW_E_WMBUS_MAC (AFL MAC mismatch: wrong key or
 *         altered telegram); SMGW_E_WMBUS_SECURITY (a security mode or ELL
 *         encryption this library does not implement, or mode 7 without the
 *         AFL counter and MAC); SMGW_E_WMBUS_LENGTH (encrypted blocks beyond
 *         the end); SMGW_E_CHECKSUM (also: the payload CRC of an unencrypted
 *         ELL); SMGW_E_UNSUPPORTED (a fragmented AFL message); SMGW_E_CRYPTO
 *         (libcrypto failed); SMGW_E_BUFSIZE (work too small); SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_wmbus_decode(const uint8_t *wire, size_t len, const uint8_t *key,
						   uint32_t flags, uint8_t *work, size_t work_size,
						   struct smgw_wmbus_telegram *ret, struct smgw_diag *reterr_diag);

/**
 * Reads the headers of a telegram that are not encrypted, without a key,
 * so that a gateway can look the meter's key up before decoding: frame
 * format (CRCs checked), link layer, ELL and AFL fields, and the TPL header
 * (CI, long-header address, access number, status, configuration field
 * with the security mode) unless it lies inside an encrypted ELL, in which
 * case ci is 0 and the tpl_* members repeat the link-layer address.
 * Nothing is decrypted and no MAC is checked; payload is NULL.
 *
 * @param wire the telegram (with or without data-link CRCs, or a wired frame)
 * @param len its length
 * @param flags enum smgw_wmbus_flags (the format flags), or 0
 * @param work work buffer as for smgw_wmbus_decode()
 * @param work_size its size
 * @param[out] ret the header fields, written only on success
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0, or the errors of smgw_wmbus_decode() for malformed framing and
 *         headers (never SMGW_E_WMBUS_NOKEY, SMGW_E_WMBUS_KEY or SMGW_E_WMBUS_MAC)
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_wmbus_peek(const uint8_t *wire, size_t len, uint32_t flags, uint8_t *work,
						 size_t work_size, struct smgw_wmbus_telegram *ret,
						 struct smgw_diag *reterr_diag);

/**
 * Sets the server id of a measured value to the meter's 8-byte wM-Bus
 * address as on the wire: manufacturer code (2, little-endian),
 * identification number (4), version, device type; taken from the TPL long
 * header where there is one, else from the link layer (so a wired M-Bus
 * frame gets its meter address too). Sets SMGW_VALUE_HAS_SERVER_ID.
 * @param telegram a telegram from smgw_wmbus_decode()
 * @param[in,out] value the value, e.g. smgw_wmbus_record::value
 * @return 0 or SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_wmbus_set_server_id(const struct smgw_wmbus_telegram *telegram, struct smgw_value *value);

/**
 * Returns the three letters of a manufacturer code (`((c1-64)<<10) |
 * ((c2-64)<<5) | (c3-64)`, e.g. 0x2C2D gives "KAM").
 * @param m the code as a little-endian number
 * @param[out] ret four bytes: three characters (A..Z, or '?' outside) and NUL
 */
SMGW_EXPORT void smgw_wmbus_mfct(uint16_t m, char ret[4]);

/**
 * English name of a device type (medium), e.g. "water" for 0x07.
 * @param type the device type byte
 * @return a static string; "reserved" for codes without a name
 */
SMGW_EXPORT const char *smgw_wmbus_device_type_name(uint8_t type);

/**
 * English name of a CI field, e.g. "TPL short header, EN 13757-3 APL" for 0x7A.
 * @param ci the CI field
 * @return a static string; "unknown" for codes without a name
 */
SMGW_EXPORT const char *smgw_wmbus_ci_name(uint8_t ci);

/* ---- data records (EN 13757-3) ------------------------------------------ */

/** Function field of a DIF. */
enum smgw_wmbus_function {
	SMGW_WMBUS_FN_INSTANT = 0, /**< instantaneous value */
	SMGW_WMBUS_FN_MAX = 1,     /**< maximum value */
	SMGW_WMBUS_FN_MIN = 2,     /**< minimum value */
	SMGW_WMBUS_FN_ERROR = 3    /**< value during error state */
};

/** What kind of data a record holds. */
enum smgw_wmbus_data {
	SMGW_WMBUS_DATA_NONE = 0,     /**< no data (data field 0 or 8: selection for readout) */
	SMGW_WMBUS_DATA_INT = 1,      /**< signed binary integer: value in @ref smgw_wmbus_record::value */
	SMGW_WMBUS_DATA_BCD = 2,      /**< BCD number (also negative): value in @ref smgw_wmbus_record::value */
	SMGW_WMBUS_DATA_REAL = 3,     /**< 32-bit real, converted to 7 significant decimal digits */
	SMGW_WMBUS_DATA_STRING = 4,   /**< ASCII text (variable length): @ref smgw_wmbus_record::data, sent last character first */
	SMGW_WMBUS_DATA_BINARY = 5,   /**< bytes without a numeric meaning (long binary numbers, flags, ids) */
	SMGW_WMBUS_DATA_DATE = 6,     /**< date (type G) or date-time (types F and I): the date fields */
	SMGW_WMBUS_DATA_MFCT = 7,     /**< manufacturer-specific data (DIF 0x0F/0x1F to the end, or after VIF/VIFE 0x7F/0xFF) */
	SMGW_WMBUS_DATA_INVALID = 8   /**< a number that is not valid (BCD with digits A..F, real NaN/infinity) */
};

/** Flags of struct smgw_wmbus_record. */
enum smgw_wmbus_record_flags {
	SMGW_WMBUS_R_NUMERIC = 1u << 0,      /**< @ref smgw_wmbus_record::value holds a number */
	SMGW_WMBUS_R_MFCT = 1u << 1,         /**< manufacturer-specific (data, VIF or VIFE): not standardised */
	SMGW_WMBUS_R_MORE_RECORDS = 1u << 2, /**< DIF 0x1F: more records follow in the next telegram */
	SMGW_WMBUS_R_UNKNOWN_VIF = 1u << 3,  /**< the VIF or a VIFE is reserved or not in the tables */
	SMGW_WMBUS_R_BACKWARD = 1u << 4,     /**< VIFE: accumulation of negative contributions only (backward flow, export) */
	SMGW_WMBUS_R_FORWARD = 1u << 5,      /**< VIFE: accumulation of positive contributions only (forward flow) */
	SMGW_WMBUS_R_PLAIN_TEXT_VIF = 1u << 6, /**< plain-text VIF: the unit is in @ref smgw_wmbus_record::vif_text */
	SMGW_WMBUS_R_ERROR_VIFE = 1u << 7,   /**< a VIFE reports a record error (@ref smgw_wmbus_record::error_code) */
	SMGW_WMBUS_R_DATE_TIME = 1u << 8,    /**< DATA_DATE with a time of day (types F, I) */
	SMGW_WMBUS_R_TIME_INVALID = 1u << 9  /**< the date-time's invalid bit (IV) is set, or a field is out of range (FF FF: no date) */
};

/** A broken-down date or date-time as the meter sends it (local time of the meter). */
struct smgw_wmbus_date {
	uint16_t year;   /**< 2000..2127 */
	uint8_t month;   /**< 1..12 (0: not given) */
	uint8_t day;     /**< 1..31 */
	uint8_t hour;    /**< 0..23 */
	uint8_t minute;  /**< 0..59 */
	uint8_t second;  /**< 0..59 */
	uint8_t reserved; /**< 0 */
};

/**
 * One data record. @ref value carries the number, unit (enum smgw_unit
 * where one exists) and scaler; the rest says what it is.
 */
struct smgw_wmbus_record {
	struct smgw_value value;   /**< value * 10^scaler in unit (SMGW_VALUE_HAS_UNIT when a unit code exists) */
	const uint8_t *dib;        /**< the DIF and DIFEs, pointing into the payload */
	const uint8_t *vib;        /**< the VIF and VIFEs (NULL without a VIF) */
	const uint8_t *data;       /**< the data bytes (for strings: as sent, reversed) */
	const char *quantity;      /**< English name from the VIF tables, e.g. "volume", "flow temperature" */
	const char *unit_symbol;   /**< the unit as text, also for units without a code (e.g. "kg/h", "HCA"), "" if none */
	const char *vif_text;      /**< plain-text VIF: the unit text as sent (reversed), not NUL-terminated; else NULL */
	uint64_t storage;          /**< storage number (DIF bit 6 and the DIFEs) */
	uint32_t tariff;           /**< tariff (DIFEs) */
	uint16_t subunit;          /**< subunit (device unit, DIFEs) */
	uint8_t dib_len;           /**< bytes at @ref dib */
	uint8_t vib_len;           /**< bytes at @ref vib */
	uint8_t data_len;          /**< bytes at @ref data (MFCT data: up to 255; see @ref data_len_full) */
	uint8_t function;          /**< enum smgw_wmbus_function */
	uint8_t data_type;         /**< enum smgw_wmbus_data */
	uint8_t vif;               /**< the primary VIF without its extension bit; 0x7B/0x7D for the extension tables */
	uint8_t vif_ext;           /**< the code in the extension table (VIF 0x7B/0x7D), else 0 */
	uint8_t vif_text_len;      /**< bytes at @ref vif_text */
	uint8_t error_code;        /**< record error code from a VIFE 0x00..0x1F (with SMGW_WMBUS_R_ERROR_VIFE) */
	uint8_t reserved8;         /**< 0 */
	uint32_t flags;            /**< enum smgw_wmbus_record_flags */
	uint32_t data_len_full;    /**< bytes of data (equal to data_len except for long manufacturer data) */
	uint32_t offset;           /**< offset of the record's DIF in the payload */
	struct smgw_wmbus_date date; /**< DATA_DATE: the date (and time) */
	uint32_t reserved[2];      /**< 0 */
};

/** Reads the records of a payload; plain data, set it up with smgw_wmbus_records_init(). */
struct smgw_wmbus_records {
	const uint8_t *data; /**< the payload */
	uint32_t size;       /**< its length */
	uint32_t pos;        /**< offset of the next record */
	uint32_t done;       /**< 1 after manufacturer data or an error: no more records */
	uint32_t reserved;   /**< 0 */
};

/**
 * Starts reading the data records of an application payload (struct
 * smgw_wmbus_telegram::payload when apl is SMGW_WMBUS_APL_RECORDS).
 * @param it the reader
 * @param payload the payload
 * @param len its length
 */
SMGW_EXPORT void smgw_wmbus_records_init(struct smgw_wmbus_records *it, const uint8_t *payload, size_t len);

/**
 * Reads the next data record. Idle filler (DIF 0x2F) is skipped;
 * manufacturer-specific data (DIF 0x0F/0x1F) is returned as one last
 * record of type SMGW_WMBUS_DATA_MFCT.
 * @param it the reader
 * @param[out] ret the record, written only when 1 is returned; its pointers point into the payload
 * @param[out] reterr_diag optional details (offset into the payload), may be NULL
 * @return 1 (a record), 0 (no more records), SMGW_E_TRUNCATED (a record is cut
 *         off), SMGW_E_WMBUS_RECORD (a reserved DIF, too many DIFEs or VIFEs, a
 *         reserved LVAR); after an error the reader stays at its end; SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_wmbus_record_next(struct smgw_wmbus_records *it,
							struct smgw_wmbus_record *ret,
							struct smgw_diag *reterr_diag);

/**
 * Describes a record in English: the quantity from the VIF tables, the
 * function (maximum, minimum, during error) and every VIFE, e.g.
 * "volume, accumulation only of negative contributions (backward)".
 * @param record a record from smgw_wmbus_record_next()
 * @param buf output buffer (the text is cut to fit, always NUL-terminated when @p size > 0)
 * @param size its size; 256 bytes hold every description
 * @return the length of the whole description, SMGW_E_BUFSIZE (cut), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_wmbus_record_describe(const struct smgw_wmbus_record *record, char *buf, size_t size);

/* ---- compact frames (EN 13757-3 format signature) ----------------------- */

/**
 * Longest DIF/VIF sequence (the "format") one cache entry keeps. A
 * CRC-free telegram has at most 245 bytes after its CI, so a full frame
 * whose records need more than this is an error (SMGW_E_WMBUS_FORMAT_LENGTH),
 * not truncated.
 */
#define SMGW_WMBUS_FORMAT_MAX 240
/**
 * Largest record stream smgw_wmbus_compact_expand() writes: a format of
 * SMGW_WMBUS_FORMAT_MAX bytes and the data of a telegram.
 */
#define SMGW_WMBUS_MAX_EXPANDED (SMGW_WMBUS_FORMAT_MAX + SMGW_WMBUS_MAX_TELEGRAM)
/** Most entries a format cache may have (capacities above are refused with SMGW_E_INVAL). */
#define SMGW_WMBUS_FORMAT_CACHE_MAX 65536u

/**
 * The record format of one meter, learned from a full frame: its DIF/VIF
 * sequence (every record's DIB and VIB, in order, without fillers and
 * without the data) and its format signature, the CRC-16/EN-13757 of that
 * sequence. Plain data of 256 bytes; a caller may keep entries in any
 * memory, also across restarts (they hold no pointers).
 */
struct smgw_wmbus_record_format {
	uint8_t address[8];   /**< the meter: M (2), ID (4), version, device type as sent (long header where there is one) */
	uint16_t signature;   /**< CRC-16/EN-13757 of @ref dvb (as a compact frame carries it, little-endian on the wire) */
	uint8_t len;          /**< bytes of @ref dvb */
	uint8_t flags;        /**< 1 when the entry is in use, else 0 */
	uint32_t reserved;    /**< 0 */
	uint8_t dvb[SMGW_WMBUS_FORMAT_MAX]; /**< the DIF/VIF sequence */
};

/**
 * A format cache in caller memory: an array of @ref capacity entries that
 * the caller owns (static, on the stack or allocated). Nothing is
 * allocated; learning into a full cache is SMGW_E_WMBUS_FORMAT_FULL, and
 * smgw_wmbus_format_forget() makes room. Look-ups are linear in the
 * number of entries. Plain data; set it up with smgw_wmbus_format_cache_init().
 * Not thread safe: one cache per thread, or a lock around its use.
 */
struct smgw_wmbus_format_cache {
	struct smgw_wmbus_record_format *entries; /**< the entries */
	uint32_t capacity;                 /**< their number (at most SMGW_WMBUS_FORMAT_CACHE_MAX) */
	uint32_t count;                    /**< entries in use */
	uint32_t reserved[2];              /**< 0 */
};

/**
 * Sets up an empty format cache over caller storage.
 * @param cache the cache
 * @param entries @p capacity entries (cleared here)
 * @param capacity their number, 1 .. SMGW_WMBUS_FORMAT_CACHE_MAX
 * @return 0 or SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_wmbus_format_cache_init(struct smgw_wmbus_format_cache *cache,
							      struct smgw_wmbus_record_format *entries, size_t capacity);

/**
 * Learns the record format of a decoded full frame (apl SMGW_WMBUS_APL_RECORDS,
 * e.g. CI 0x72/0x7A/0x78): reads all its records, keeps their DIF/VIF
 * sequence under the meter's address and the sequence's signature. An
 * entry with the same address and signature is kept (0 is returned); a
 * meter may have several formats.
 * @param cache the cache
 * @param telegram the full frame, from smgw_wmbus_decode()
 * @param[out] ret_signature optional: the format signature, written on success
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0; the errors of smgw_wmbus_record_next() (a format is only learned
 *         from records that all decode); SMGW_E_WMBUS_FORMAT_LENGTH (the
 *         sequence exceeds SMGW_WMBUS_FORMAT_MAX); SMGW_E_WMBUS_FORMAT_FULL;
 *         SMGW_E_INVAL (also: not a telegram with EN 13757-3 records)
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_wmbus_format_learn(struct smgw_wmbus_format_cache *cache,
							 const struct smgw_wmbus_telegram *telegram,
							 uint16_t *ret_signature, struct smgw_diag *reterr_diag);

/**
 * Finds the format a compact frame (apl SMGW_WMBUS_APL_COMPACT, CI
 * 0x73/0x7B/0x79) names: the meter's address (as for
 * smgw_wmbus_set_server_id()) and the format signature in its payload.
 * @param cache the cache
 * @param telegram the compact frame, from smgw_wmbus_decode()
 * @param[out] ret the entry in the cache, written only on success
 * @param[out] reterr_diag optional details (the signature and meter), may be NULL
 * @return 0; SMGW_E_WMBUS_FORMAT_UNKNOWN (no full frame of this meter with
 *         this signature was learned: no values can be given);
 *         SMGW_E_TRUNCATED (no signature and data CRC); SMGW_E_INVAL (also: not a compact frame)
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_wmbus_format_lookup(const struct smgw_wmbus_format_cache *cache,
							  const struct smgw_wmbus_telegram *telegram,
							  const struct smgw_wmbus_record_format **ret,
							  struct smgw_diag *reterr_diag);

/**
 * Removes every format learned for a meter.
 * @param cache the cache
 * @param address the meter's 8-byte address (struct smgw_wmbus_record_format::address)
 * @return the number of entries removed, or SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_wmbus_format_forget(struct smgw_wmbus_format_cache *cache, const uint8_t address[8]);

/**
 * Rebuilds the records a compact frame stands for: the DIB and VIB of
 * each record from @p format, its data (with the LVAR byte) from the
 * compact frame, in order, so that smgw_wmbus_records_init() and
 * smgw_wmbus_record_next() over @p out give the records, and values, of
 * the full frame. Checks that the frame's signature is the format's and
 * the format's own CRC (SMGW_E_WMBUS_FORMAT_SIGNATURE), that the data fill
 * the format exactly, and the data CRC, which covers the rebuilt record
 * stream (SMGW_E_WMBUS_COMPACT_CRC). Nothing is allocated. Where the
 * transport layer was encrypted (mode 5 or 7), the `2f 2f` check bytes
 * before the signature are skipped.
 * @param format the format, e.g. from smgw_wmbus_format_lookup()
 * @param telegram the compact frame, from smgw_wmbus_decode()
 * @param out output buffer (SMGW_WMBUS_MAX_EXPANDED bytes always suffice), NULL to query the size
 * @param[in,out] out_len capacity on entry; bytes written, or needed on SMGW_E_BUFSIZE
 * @param[out] reterr_diag optional details (offset into the compact payload), may be NULL
 * @return 0; SMGW_E_WMBUS_FORMAT_SIGNATURE; SMGW_E_WMBUS_COMPACT_CRC;
 *         SMGW_E_TRUNCATED (the data end inside a record of the format);
 *         SMGW_E_WMBUS_COMPACT_LENGTH (data left after the format's last
 *         record); SMGW_E_WMBUS_RECORD (a malformed format or LVAR);
 *         SMGW_E_BUFSIZE; SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_wmbus_compact_expand(const struct smgw_wmbus_record_format *format,
							   const struct smgw_wmbus_telegram *telegram, uint8_t *out,
							   size_t *out_len, struct smgw_diag *reterr_diag);

/**
 * Looks the format of a compact frame up (smgw_wmbus_format_lookup()),
 * rebuilds its records into @p buf (smgw_wmbus_compact_expand()) and sets
 * a record reader over them.
 * @param cache the cache
 * @param telegram the compact frame
 * @param buf buffer for the records; SMGW_WMBUS_MAX_EXPANDED bytes always suffice
 * @param size its size
 * @param[out] ret_it the record reader, written only on success; its records point into @p buf
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0, or the errors of smgw_wmbus_format_lookup() and smgw_wmbus_compact_expand()
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_wmbus_compact_records(const struct smgw_wmbus_format_cache *cache,
							    const struct smgw_wmbus_telegram *telegram, uint8_t *buf,
							    size_t size, struct smgw_wmbus_records *ret_it,
							    struct smgw_diag *reterr_diag);

SMGW_END_DECLS

#endif /* SMGW_WMBUS_H */
