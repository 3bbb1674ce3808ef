/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file sml.h
 * @brief SML 1.04 (Smart Message Language): streaming transport v1 decoder,
 *        allocation-free message decoder for every SML 1.04 message body,
 *        value extraction to struct smgw_value, and encoders.
 *
 * Layers:
 *
 * 1. **Transport v1** (smgw_sml_stream_*): takes bytes in arbitrary chunks
 *    (as they come from a UART), finds `1b1b1b1b 01010101`, removes escape
 *    sequences, removes padding, checks the end sequence `1b1b1b1b 1a PP C1 C2`,
 *    verifies the CRC16 over the whole frame and resynchronises after
 *    garbage or a broken frame. Each complete frame is delivered as one SML
 *    file: the unescaped messages, in a buffer the caller provides.
 * 2. **Messages** (smgw_sml_message_next()): decodes one message of a file
 *    in place: octet strings point into the caller's buffer, lists are
 *    returned as cursors (struct smgw_sml_cursor) that the caller walks
 *    with the `*_next()` functions. Nothing is allocated; a decoder needs
 *    a few hundred bytes of caller stack. The message CRC is verified.
 * 3. **Values** (smgw_sml_file_values()): GetListResponse entries and
 *    profile entries become struct smgw_value.
 * 4. **Encoders**: smgw_sml_message_encode(), the element writers
 *    smgw_sml_write_*() and smgw_sml_transport_encode().
 *
 * Pointers in decoded structures point into the input buffer and stay
 * valid as long as it does.
 *
 * Mapping into struct smgw_value (see docs/sml.md):
 * - SML_Status of any width (Unsigned8 to Unsigned64) is stored unchanged
 *   in `smgw_value::status` with SMGW_VALUE_HAS_STATUS and
 *   SMGW_VALUE_RAW_STATUS (it is the meter's status, not an FNN word).
 * - SML_Time timestamp and localTimestamp set `smgw_value::capture_ms`
 *   to the UTC instant (the local offsets only describe the meter's
 *   display time); secIndex sets capture_ms to secIndex * 1000 together
 *   with SMGW_VALUE_SECONDS_INDEX. Entries without their own time take the
 *   time of the list (actSensorTime, profile valTime) when one is present.
 * - The server id of the response becomes `smgw_value::server_id`.
 */
#ifndef SMGW_SML_H
#define SMGW_SML_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/bytes.h>
#include <smgw/ctx.h>
#include <smgw/value.h>

SMGW_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* CRC                                                                  */
/* ------------------------------------------------------------------ */

/** CRC16 variants found in SML transport frames and messages. */
enum smgw_sml_crc {
	SMGW_SML_CRC_NONE = 0,   /**< no CRC matched / not checked */
	SMGW_SML_CRC_X25 = 1,    /**< CRC-16/X-25 (the SML standard), sent low byte first */
	SMGW_SML_CRC_KERMIT = 2  /**< CRC-16/KERMIT (some Holley DTZ541 on RS485), sent high byte first */
};

/**
 * Computes an SML CRC16.
 *
 * @param variant SMGW_SML_CRC_X25 (poly 0x1021 reflected, init 0xFFFF,
 *        xorout 0xFFFF) or SMGW_SML_CRC_KERMIT (same polynomial, init 0,
 *        no final XOR)
 * @param data the bytes
 * @param len their number
 * @return the CRC register (X-25 of "123456789" is 0x906E), 0 for an unknown variant
 */
SMGW_EXPORT uint16_t smgw_sml_crc16(int32_t variant, const void *data, size_t len);

/* ------------------------------------------------------------------ */
/* Flags                                                                */
/* ------------------------------------------------------------------ */

/** Accept only CRC-16/X-25 (transport and message); reject the Kermit variant. */
#define SMGW_SML_F_NO_KERMIT UINT32_C(0x00000001)
/**
 * Decode messages whose CRC does not match (@ref smgw_sml_message::crc
 * is then SMGW_SML_CRC_NONE) instead of failing with
 * SMGW_E_SML_MSG_CRC. Meant for anonymised captures whose transport CRC
 * was recomputed but whose message CRCs were not.
 */
#define SMGW_SML_F_IGNORE_MSG_CRC UINT32_C(0x00000002)
/**
 * Reject known vendor deviations instead of accepting them (an SML_Time
 * sent as a bare Unsigned32 without its choice wrapper, Holley DTZ541).
 */
#define SMGW_SML_F_STRICT UINT32_C(0x00000004)
/**
 * Value extraction: correct the DZG DVS74 encoding bug (1-0:16.7.0 sent as
 * Integer8/16/24 when it is an unsigned value) for the affected serial
 * number ranges; a table in src/sml/values.c.
 */
#define SMGW_SML_F_DZG_FIX UINT32_C(0x00000008)

/** Maximum nesting depth of SML lists the decoders accept (SMGW_E_LIMIT beyond). */
#define SMGW_SML_MAX_DEPTH 16

/* ------------------------------------------------------------------ */
/* Transport v1 stream decoder                                          */
/* ------------------------------------------------------------------ */

/** Streaming transport v1 decoder (opaque, lives in caller memory or is allocated once). */
typedef struct smgw_sml_stream smgw_sml_stream;

/** One complete transport frame (an SML file), delivered by smgw_sml_stream_feed(). */
struct smgw_sml_file {
	const uint8_t *data; /**< the messages: escapes removed, without padding; in the stream's buffer */
	uint32_t len;        /**< bytes at @ref data */
	uint32_t wire_len;   /**< bytes of the frame on the wire, start sequence to CRC */
	uint64_t offset;     /**< stream offset of the frame's first byte (first 1b of the start sequence) */
	uint64_t skipped;    /**< bytes skipped as garbage since the previous frame or error */
	int32_t crc;         /**< enum smgw_sml_crc: the variant that matched */
	uint8_t padding;     /**< number of padding bytes (0..3) */
	uint8_t reserved[3]; /**< zero */
};

/** Return value of smgw_sml_stream_feed() when a file is delivered. */
#define SMGW_SML_FILE 1

/**
 * Size of the memory smgw_sml_stream_init() needs for the decoder object
 * (without the frame buffer).
 * @return the size in bytes
 */
SMGW_EXPORT size_t smgw_sml_stream_size(void);

/**
 * Creates a stream decoder in caller memory; nothing is allocated.
 *
 * @param mem memory for the object, at least smgw_sml_stream_size() bytes,
 *        aligned to 8
 * @param mem_size its size
 * @param buf frame buffer: receives the unescaped messages of a frame;
 *        frames longer than this are rejected with SMGW_E_LIMIT (1 KiB is
 *        plenty for meter pushes, profiles need more)
 * @param buf_size its size (at least 16)
 * @param flags SMGW_SML_F_NO_KERMIT or 0
 * @param[out] ret_stream the decoder (equal to @p mem)
 * @return 0, SMGW_E_INVAL (NULL, too small, misaligned, unknown flags)
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_stream_init(void *mem, size_t mem_size, uint8_t *buf, size_t buf_size,
						      uint32_t flags, smgw_sml_stream **ret_stream);

/**
 * Allocates a stream decoder and its frame buffer through the context's
 * allocator (once; decoding itself never allocates).
 *
 * @param ctx the context
 * @param buf_size frame buffer size (at least 16)
 * @param flags SMGW_SML_F_NO_KERMIT or 0
 * @param[out] ret_stream the decoder, free with smgw_sml_stream_free()
 * @return 0, SMGW_E_INVAL, SMGW_E_NOMEM
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_stream_new(smgw_ctx *ctx, size_t buf_size, uint32_t flags,
						     smgw_sml_stream **ret_stream);

/**
 * Frees a decoder made by smgw_sml_stream_new(); NULL is ignored. Must not
 * be called for one made by smgw_sml_stream_init().
 * @param stream the decoder or NULL
 */
SMGW_EXPORT void smgw_sml_stream_free(smgw_sml_stream *stream);

/**
 * Forgets any partial frame and starts hunting for a start sequence; the
 * stream offset keeps counting.
 * @param stream the decoder
 */
SMGW_EXPORT void smgw_sml_stream_reset(smgw_sml_stream *stream);

/**
 * Feeds bytes. Call repeatedly with the unconsumed rest until it returns 0.
 *
 * @param stream the decoder
 * @param data input bytes (may be NULL when @p len is 0)
 * @param len number of input bytes
 * @param[out] consumed bytes of @p data used by this call (always written)
 * @param[out] ret_file the frame, written when SMGW_SML_FILE is returned;
 *        its data stays valid until the next call
 * @param[out] reterr_diag optional details of a broken frame (stream
 *        offset and reason), may be NULL
 * @return 0 (all input consumed, no complete frame yet); SMGW_SML_FILE (a
 *         frame is in @p ret_file); or a negative error for a broken
 *         frame, after which the decoder hunts for the next start
 *         sequence: SMGW_E_CHECKSUM (transport CRC), SMGW_E_LIMIT (frame
 *         longer than the buffer), SMGW_E_SML_ESCAPE (unknown escape
 *         sequence), SMGW_E_SML_PADDING (padding count larger than the
 *         frame), SMGW_E_SML_RESTART (a new start sequence
 *         inside a frame: the frame before it was cut off);
 *         SMGW_E_INVAL for bad arguments
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_stream_feed(smgw_sml_stream *stream, const uint8_t *data, size_t len,
						      size_t *consumed, struct smgw_sml_file *ret_file,
						      struct smgw_diag *reterr_diag);

/**
 * Ends the input (end of file, device closed): reports a frame that was
 * started but not finished, and resets the decoder.
 *
 * @param stream the decoder
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0 (no partial frame), SMGW_E_TRUNCATED (a frame was cut off), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_sml_stream_finish(smgw_sml_stream *stream, struct smgw_diag *reterr_diag);

/**
 * Wraps an SML file into a transport v1 frame: start sequence, messages
 * with every 4-aligned `1b1b1b1b` escaped, zero padding to a multiple of
 * 4, end sequence and CRC-16/X-25 (low byte first).
 *
 * @param file the messages
 * @param len their length
 * @param out output buffer, or NULL to query the size
 * @param[in,out] out_len capacity on entry; bytes written on success, or
 *        needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_transport_encode(const uint8_t *file, size_t len, uint8_t *out,
							   size_t *out_len);

/* ------------------------------------------------------------------ */
/* Elements                                                             */
/* ------------------------------------------------------------------ */

/** Type of an SML element (the TL field's type bits, plus the two special bytes). */
enum smgw_sml_type {
	SMGW_SML_TYPE_OCTETS = 0,  /**< octet string */
	SMGW_SML_TYPE_BOOL = 4,    /**< boolean */
	SMGW_SML_TYPE_INT = 5,     /**< signed integer, 1 to 8 bytes */
	SMGW_SML_TYPE_UINT = 6,    /**< unsigned integer, 1 to 8 bytes */
	SMGW_SML_TYPE_LIST = 7,    /**< list; @ref smgw_sml_elem::len is the element count */
	SMGW_SML_TYPE_ABSENT = 8,  /**< `01`: optional element not present */
	SMGW_SML_TYPE_END = 9      /**< `00`: end of message */
};

/** One decoded TL element. */
struct smgw_sml_elem {
	int32_t type;          /**< enum smgw_sml_type */
	uint32_t len;          /**< data bytes, or for a list the number of elements */
	const uint8_t *data;   /**< data bytes (for a list: the first child) */
	uint32_t tl_len;       /**< bytes of the TL field */
	uint32_t reserved;     /**< zero */
};

/**
 * Reads one element's TL field and, except for lists, its data.
 * Multi-byte TL fields, lengths that include the TL bytes and every
 * integer width 1..8 are handled.
 *
 * @param r the reader, advanced past the element (past the TL only for a list)
 * @param[out] ret the element
 * @return 0, SMGW_E_TRUNCATED, SMGW_E_ENCODING (bad TL, integer width 0 or
 *         above 8, length smaller than the TL), SMGW_E_LIMIT (TL field
 *         longer than 4 bytes), SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_elem_read(struct smgw_reader *r, struct smgw_sml_elem *ret);

/**
 * Skips one complete element including all nested elements (no recursion).
 * @param r the reader
 * @return 0, SMGW_E_TRUNCATED, SMGW_E_ENCODING, SMGW_E_LIMIT (nesting
 *         deeper than SMGW_SML_MAX_DEPTH), SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_elem_skip(struct smgw_reader *r);

/** An octet string field. */
struct smgw_sml_octets {
	const uint8_t *data; /**< the bytes (into the input), NULL when absent */
	uint32_t len;        /**< their number */
	int32_t present;     /**< 1 if the field was sent with at least one byte, 0 if absent (`01`) */
};

/**
 * A list whose elements are decoded on demand: the bytes of its elements
 * and their count. Decoders fill it; encoders write it back unchanged, so
 * a caller builds one for encoding from elements written with the
 * smgw_sml_write_*() functions (smgw_sml_cursor_init()).
 */
struct smgw_sml_cursor {
	struct smgw_reader r; /**< the bytes of the remaining elements */
	uint32_t count;       /**< elements in the list */
	uint32_t index;       /**< elements already returned by a `*_next()` function */
	int32_t present;      /**< 1 if the list was sent, 0 if the optional list was absent */
	uint32_t reserved;    /**< zero */
};

/**
 * Sets up a cursor over already encoded elements.
 * @param c the cursor
 * @param data the encoded elements (NULL with count 0 and len 0: an absent optional list)
 * @param len their length in bytes
 * @param count how many elements they are
 */
SMGW_EXPORT void smgw_sml_cursor_init(struct smgw_sml_cursor *c, const uint8_t *data, size_t len, uint32_t count);

/**
 * Returns the next raw element of a list (any type) and its complete bytes.
 * @param c the cursor
 * @param[out] ret the element (for a list: its TL; the children follow at ret->data)
 * @param[out] ret_raw optional: a cursor of count 1 over exactly this element's bytes
 * @return 1 (an element), 0 (end of list), or a negative error
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_elem_next(struct smgw_sml_cursor *c, struct smgw_sml_elem *ret,
						    struct smgw_sml_cursor *ret_raw);

/**
 * Returns the next element of a list of octet strings (SML_TreePath,
 * object lists).
 * @param c the cursor
 * @param[out] ret the octet string
 * @return 1, 0 (end), SMGW_E_SML_TYPE, or another negative error
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_octets_next(struct smgw_sml_cursor *c, struct smgw_sml_octets *ret);

/* ------------------------------------------------------------------ */
/* Common types                                                         */
/* ------------------------------------------------------------------ */

/** Kinds of SML_Time. */
enum smgw_sml_time_kind {
	SMGW_SML_TIME_NONE = 0,      /**< absent */
	SMGW_SML_TIME_SECINDEX = 1,  /**< secIndex: seconds counter of the device */
	SMGW_SML_TIME_TIMESTAMP = 2, /**< timestamp: seconds since 1970 UTC */
	SMGW_SML_TIME_LOCAL = 3      /**< localTimestamp: UTC seconds plus local and season offsets */
};

/** SML_Time. */
struct smgw_sml_time {
	int32_t kind;          /**< enum smgw_sml_time_kind */
	uint32_t value;        /**< secIndex or seconds since 1970 UTC */
	int16_t local_offset;  /**< localTimestamp: offset of local standard time in minutes */
	int16_t season_offset; /**< localTimestamp: summer time offset in minutes */
	uint32_t reserved;     /**< zero */
};

/** Type of an SML_Value. */
enum smgw_sml_value_type {
	SMGW_SML_VALUE_NONE = 0,   /**< absent */
	SMGW_SML_VALUE_BOOL = 1,   /**< boolean in @ref smgw_sml_value::i (0 or 1) */
	SMGW_SML_VALUE_INT = 2,    /**< signed integer in @ref smgw_sml_value::i */
	SMGW_SML_VALUE_UINT = 3,   /**< unsigned integer in @ref smgw_sml_value::u */
	SMGW_SML_VALUE_OCTETS = 4, /**< octet string in @ref smgw_sml_value::octets */
	SMGW_SML_VALUE_LIST = 5    /**< SML_ListType (SML 1.04) in @ref smgw_sml_value::list */
};

/** SML_Value. */
struct smgw_sml_value {
	int32_t type;                  /**< enum smgw_sml_value_type */
	uint8_t width;                 /**< integer width in bytes on the wire (1..8) */
	uint8_t reserved[3];           /**< zero */
	int64_t i;                     /**< BOOL and INT */
	uint64_t u;                    /**< UINT */
	struct smgw_sml_octets octets; /**< OCTETS */
	struct smgw_sml_cursor list;   /**< LIST: the elements of the list */
};

/** Presence bits of optional scalars (@ref smgw_sml_list_entry::has and others). */
enum smgw_sml_has {
	SMGW_SML_HAS_STATUS = 1u << 0, /**< status was sent */
	SMGW_SML_HAS_UNIT = 1u << 1,   /**< unit was sent */
	SMGW_SML_HAS_SCALER = 1u << 2  /**< scaler was sent */
};

/** SML_ListEntry (an entry of GetListResponse's valList). */
struct smgw_sml_list_entry {
	struct smgw_sml_octets obj_name;        /**< objName, normally a 6-byte OBIS code */
	uint32_t has;                           /**< enum smgw_sml_has */
	uint8_t status_width;                   /**< bytes of the status on the wire */
	uint8_t unit;                           /**< unit code (if SMGW_SML_HAS_UNIT) */
	int8_t scaler;                          /**< scaler (if SMGW_SML_HAS_SCALER) */
	uint8_t reserved;                       /**< zero */
	uint64_t status;                        /**< SML_Status, any width (if SMGW_SML_HAS_STATUS) */
	struct smgw_sml_time val_time;          /**< valTime */
	struct smgw_sml_value value;            /**< value */
	struct smgw_sml_octets value_signature; /**< valueSignature */
};

/** SML_PeriodEntry (GetProfileListResponse periodList, tree values). */
struct smgw_sml_period_entry {
	struct smgw_sml_octets obj_name;        /**< objName */
	uint32_t has;                           /**< SMGW_SML_HAS_UNIT, SMGW_SML_HAS_SCALER */
	uint8_t unit;                           /**< unit */
	int8_t scaler;                          /**< scaler */
	uint8_t reserved[2];                    /**< zero */
	struct smgw_sml_value value;            /**< value */
	struct smgw_sml_octets value_signature; /**< valueSignature */
};

/** SML_ProfObjHeaderEntry (GetProfilePackResponse headerList). */
struct smgw_sml_header_entry {
	struct smgw_sml_octets obj_name; /**< objName */
	uint32_t has;                    /**< SMGW_SML_HAS_UNIT, SMGW_SML_HAS_SCALER */
	uint8_t unit;                    /**< unit */
	int8_t scaler;                   /**< scaler */
	uint8_t reserved[2];             /**< zero */
};

/** SML_ProfObjPeriodEntry (GetProfilePackResponse periodList). */
struct smgw_sml_prof_period {
	struct smgw_sml_time val_time;           /**< valTime */
	uint32_t has;                            /**< SMGW_SML_HAS_STATUS */
	uint32_t reserved;                       /**< zero */
	uint64_t status;                         /**< status */
	struct smgw_sml_cursor value_list;       /**< list of SML_ValueEntry (smgw_sml_value_entry_next()) */
	struct smgw_sml_octets period_signature; /**< periodSignature */
};

/** SML_ValueEntry. */
struct smgw_sml_value_entry {
	struct smgw_sml_value value;            /**< value */
	struct smgw_sml_octets value_signature; /**< valueSignature */
};

/** SML_TupelEntry (23 fields: values of the pA, R1..R4, mA registers). */
struct smgw_sml_tupel_entry {
	struct smgw_sml_octets server_id; /**< serverId */
	struct smgw_sml_time sec_index;   /**< secIndex */
	uint64_t status;                  /**< status */
	uint8_t unit[7];                  /**< units of pA, R1, R4, mA, R2, R3 (index 0..5; 6 unused) */
	int8_t scaler[7];                 /**< scalers in the same order */
	uint8_t reserved[2];              /**< zero */
	int64_t value[6];                 /**< values in the same order */
	struct smgw_sml_octets signature_pa_r1_r4; /**< signature_pA_R1_R4 */
	struct smgw_sml_octets signature_ma_r2_r3; /**< signature_mA_R2_R3 */
};

/** Choices of SML_ProcParValue. */
enum smgw_sml_procpar_kind {
	SMGW_SML_PROCPAR_NONE = 0,   /**< absent */
	SMGW_SML_PROCPAR_VALUE = 1,  /**< SML_Value */
	SMGW_SML_PROCPAR_PERIOD = 2, /**< SML_PeriodEntry */
	SMGW_SML_PROCPAR_TUPEL = 3,  /**< SML_TupelEntry */
	SMGW_SML_PROCPAR_TIME = 4    /**< SML_Time */
};

/** SML_Tree (parameter trees of GetProcParameter, SetProcParameter, Attention). */
struct smgw_sml_tree {
	struct smgw_sml_octets parameter_name;    /**< parameterName */
	int32_t value_kind;                       /**< enum smgw_sml_procpar_kind of parameterValue */
	uint32_t reserved;                        /**< zero */
	struct smgw_sml_value value;              /**< for SMGW_SML_PROCPAR_VALUE */
	struct smgw_sml_period_entry period;      /**< for SMGW_SML_PROCPAR_PERIOD */
	struct smgw_sml_tupel_entry tupel;        /**< for SMGW_SML_PROCPAR_TUPEL */
	struct smgw_sml_time time;                /**< for SMGW_SML_PROCPAR_TIME */
	struct smgw_sml_cursor child_list;        /**< children (smgw_sml_tree_next()) */
};

/* ------------------------------------------------------------------ */
/* Message bodies                                                       */
/* ------------------------------------------------------------------ */

/** Message body tags (SML_MessageBody choice). */
enum smgw_sml_tag {
	SMGW_SML_OPEN_REQ = 0x0100,              /**< OpenRequest */
	SMGW_SML_OPEN_RES = 0x0101,              /**< OpenResponse */
	SMGW_SML_CLOSE_REQ = 0x0200,             /**< CloseRequest */
	SMGW_SML_CLOSE_RES = 0x0201,             /**< CloseResponse */
	SMGW_SML_GET_PROFILE_PACK_REQ = 0x0300,  /**< GetProfilePackRequest */
	SMGW_SML_GET_PROFILE_PACK_RES = 0x0301,  /**< GetProfilePackResponse */
	SMGW_SML_GET_PROFILE_LIST_REQ = 0x0400,  /**< GetProfileListRequest */
	SMGW_SML_GET_PROFILE_LIST_RES = 0x0401,  /**< GetProfileListResponse */
	SMGW_SML_GET_PROC_PARAMETER_REQ = 0x0500, /**< GetProcParameterRequest */
	SMGW_SML_GET_PROC_PARAMETER_RES = 0x0501, /**< GetProcParameterResponse */
	SMGW_SML_SET_PROC_PARAMETER_REQ = 0x0600, /**< SetProcParameterRequest */
	SMGW_SML_GET_LIST_REQ = 0x0700,          /**< GetListRequest */
	SMGW_SML_GET_LIST_RES = 0x0701,          /**< GetListResponse */
	SMGW_SML_ATTENTION_RES = 0xFF01          /**< AttentionResponse */
};

/** OpenRequest. */
struct smgw_sml_open_req {
	struct smgw_sml_octets codepage;    /**< codepage (optional) */
	struct smgw_sml_octets client_id;   /**< clientId */
	struct smgw_sml_octets req_file_id; /**< reqFileId */
	struct smgw_sml_octets server_id;   /**< serverId (optional) */
	struct smgw_sml_octets username;    /**< username (optional) */
	struct smgw_sml_octets password;    /**< password (optional) */
	int32_t has_sml_version;            /**< 1 if smlVersion was sent */
	uint32_t sml_version;               /**< smlVersion */
};

/** OpenResponse. */
struct smgw_sml_open_res {
	struct smgw_sml_octets codepage;    /**< codepage (optional) */
	struct smgw_sml_octets client_id;   /**< clientId (optional) */
	struct smgw_sml_octets req_file_id; /**< reqFileId */
	struct smgw_sml_octets server_id;   /**< serverId */
	struct smgw_sml_time ref_time;      /**< refTime (optional) */
	int32_t has_sml_version;            /**< 1 if smlVersion was sent */
	uint32_t sml_version;               /**< smlVersion */
};

/** CloseRequest and CloseResponse. */
struct smgw_sml_close {
	struct smgw_sml_octets global_signature; /**< globalSignature (optional) */
};

/** GetProfilePackRequest and GetProfileListRequest. */
struct smgw_sml_get_profile_req {
	struct smgw_sml_octets server_id;          /**< serverId (optional) */
	struct smgw_sml_octets username;           /**< username (optional) */
	struct smgw_sml_octets password;           /**< password (optional) */
	int32_t with_rawdata;                      /**< withRawdata: -1 absent, 0 false, 1 true */
	uint32_t reserved;                         /**< zero */
	struct smgw_sml_time begin_time;           /**< beginTime (optional) */
	struct smgw_sml_time end_time;             /**< endTime (optional) */
	struct smgw_sml_cursor parameter_tree_path; /**< parameterTreePath: octet strings */
	struct smgw_sml_cursor object_list;        /**< object_List (optional): octet strings */
	struct smgw_sml_cursor das_details;        /**< dasDetails (optional): one SML_Tree */
};

/** GetProfilePackResponse. */
struct smgw_sml_get_profile_pack_res {
	struct smgw_sml_octets server_id;           /**< serverId */
	struct smgw_sml_time act_time;              /**< actTime */
	uint32_t reg_period;                        /**< regPeriod */
	uint32_t reserved;                          /**< zero */
	struct smgw_sml_cursor parameter_tree_path; /**< parameterTreePath: octet strings */
	struct smgw_sml_cursor header_list;         /**< headerList: smgw_sml_header_entry_next() */
	struct smgw_sml_cursor period_list;         /**< periodList: smgw_sml_prof_period_next() */
	struct smgw_sml_octets rawdata;             /**< rawdata (optional) */
	struct smgw_sml_octets profile_signature;   /**< profileSignature (optional) */
};

/** GetProfileListResponse. */
struct smgw_sml_get_profile_list_res {
	struct smgw_sml_octets server_id;           /**< serverId */
	struct smgw_sml_time act_time;              /**< actTime */
	uint32_t reg_period;                        /**< regPeriod */
	uint32_t has;                               /**< SMGW_SML_HAS_STATUS */
	struct smgw_sml_cursor parameter_tree_path; /**< parameterTreePath: octet strings */
	struct smgw_sml_time val_time;              /**< valTime */
	uint64_t status;                            /**< status */
	struct smgw_sml_cursor period_list;         /**< periodList: smgw_sml_period_entry_next() */
	struct smgw_sml_octets rawdata;             /**< rawdata (optional) */
	struct smgw_sml_octets period_signature;    /**< periodSignature (optional) */
};

/** GetProcParameterRequest. */
struct smgw_sml_get_proc_parameter_req {
	struct smgw_sml_octets server_id;           /**< serverId (optional) */
	struct smgw_sml_octets username;            /**< username (optional) */
	struct smgw_sml_octets password;            /**< password (optional) */
	struct smgw_sml_cursor parameter_tree_path; /**< parameterTreePath: octet strings */
	struct smgw_sml_octets attribute;           /**< attribute (optional) */
};

/** GetProcParameterResponse. */
struct smgw_sml_get_proc_parameter_res {
	struct smgw_sml_octets server_id;           /**< serverId */
	struct smgw_sml_cursor parameter_tree_path; /**< parameterTreePath: octet strings */
	struct smgw_sml_cursor parameter_tree;      /**< parameterTree: one SML_Tree (smgw_sml_tree_next()) */
};

/** SetProcParameterRequest. */
struct smgw_sml_set_proc_parameter_req {
	struct smgw_sml_octets server_id;           /**< serverId (optional) */
	struct smgw_sml_octets username;            /**< username (optional) */
	struct smgw_sml_octets password;            /**< password (optional) */
	struct smgw_sml_cursor parameter_tree_path; /**< parameterTreePath: octet strings */
	struct smgw_sml_cursor parameter_tree;      /**< parameterTree: one SML_Tree */
};

/** GetListRequest. */
struct smgw_sml_get_list_req {
	struct smgw_sml_octets client_id; /**< clientId */
	struct smgw_sml_octets server_id; /**< serverId (optional) */
	struct smgw_sml_octets username;  /**< username (optional) */
	struct smgw_sml_octets password;  /**< password (optional) */
	struct smgw_sml_octets list_name; /**< listName (optional) */
};

/** GetListResponse. */
struct smgw_sml_get_list_res {
	struct smgw_sml_octets client_id;      /**< clientId (optional) */
	struct smgw_sml_octets server_id;      /**< serverId */
	struct smgw_sml_octets list_name;      /**< listName (optional) */
	struct smgw_sml_time act_sensor_time;  /**< actSensorTime (optional) */
	struct smgw_sml_cursor val_list;       /**< valList: smgw_sml_list_entry_next() */
	struct smgw_sml_octets list_signature; /**< listSignature (optional) */
	struct smgw_sml_time act_gateway_time; /**< actGatewayTime (optional) */
};

/** AttentionResponse. */
struct smgw_sml_attention_res {
	struct smgw_sml_octets server_id;         /**< serverId */
	struct smgw_sml_octets attention_no;      /**< attentionNo (6 bytes, OBIS-like) */
	struct smgw_sml_octets attention_msg;     /**< attentionMsg (optional) */
	struct smgw_sml_cursor attention_details; /**< attentionDetails (optional): one SML_Tree */
};

/** One SML message. */
struct smgw_sml_message {
	struct smgw_sml_octets transaction_id; /**< transactionId */
	uint8_t group_no;                      /**< groupNo */
	uint8_t abort_on_error;                /**< abortOnError */
	uint16_t crc_value;                    /**< the CRC field as sent (read as big-endian Unsigned16) */
	uint32_t tag;                          /**< body tag, enum smgw_sml_tag (others are kept raw) */
	int32_t crc;                           /**< enum smgw_sml_crc that matched; NONE with SMGW_SML_F_IGNORE_MSG_CRC */
	uint32_t offset;                       /**< offset of the message in the file */
	uint32_t len;                          /**< its length in bytes */
	uint32_t reserved;                     /**< zero */
	struct smgw_sml_cursor body_raw;       /**< the body element (count 1), for any tag */
	/** The decoded body, selected by @ref tag. */
	union smgw_sml_body {
		struct smgw_sml_open_req open_req;       /**< SMGW_SML_OPEN_REQ */
		struct smgw_sml_open_res open_res;       /**< SMGW_SML_OPEN_RES */
		struct smgw_sml_close close;             /**< SMGW_SML_CLOSE_REQ, SMGW_SML_CLOSE_RES */
		struct smgw_sml_get_profile_req get_profile_req; /**< SMGW_SML_GET_PROFILE_PACK_REQ and _LIST_REQ */
		struct smgw_sml_get_profile_pack_res get_profile_pack_res; /**< SMGW_SML_GET_PROFILE_PACK_RES */
		struct smgw_sml_get_profile_list_res get_profile_list_res; /**< SMGW_SML_GET_PROFILE_LIST_RES */
		struct smgw_sml_get_proc_parameter_req get_proc_parameter_req; /**< SMGW_SML_GET_PROC_PARAMETER_REQ */
		struct smgw_sml_get_proc_parameter_res get_proc_parameter_res; /**< SMGW_SML_GET_PROC_PARAMETER_RES */
		struct smgw_sml_set_proc_parameter_req set_proc_parameter_req; /**< SMGW_SML_SET_PROC_PARAMETER_REQ */
		struct smgw_sml_get_list_req get_list_req; /**< SMGW_SML_GET_LIST_REQ */
		struct smgw_sml_get_list_res get_list_res; /**< SMGW_SML_GET_LIST_RES */
		struct smgw_sml_attention_res attention_res; /**< SMGW_SML_ATTENTION_RES */
		uint64_t reserved_size[48];              /**< fixes the size of the union for later additions */
	} body; /**< the decoded body, selected by @ref tag */
};

/**
 * Name of a message body tag, e.g. "GetListResponse".
 * @param tag the tag
 * @return a static string, or NULL for unknown tags
 */
SMGW_EXPORT const char *smgw_sml_tag_name(uint32_t tag);

/**
 * Decodes the next message of an SML file. Trailing `00` bytes (padding
 * between or after messages) are skipped. The whole message is validated
 * (structure, nesting depth, every list entry of known bodies, CRC) before
 * it is returned; list contents are then read with the `*_next()`
 * functions, which cannot fail on a message this function accepted.
 *
 * @param file reader over the file, advanced past the message
 * @param flags SMGW_SML_F_NO_KERMIT, SMGW_SML_F_IGNORE_MSG_CRC, SMGW_SML_F_STRICT
 * @param[out] ret_msg the message (bodies with unknown tags: only
 *        @ref smgw_sml_message::body_raw)
 * @param[out] reterr_diag optional failure details (offset in the file), may be NULL
 * @return 1 (a message), 0 (end of file), or SMGW_E_TRUNCATED,
 *         SMGW_E_ENCODING, SMGW_E_LIMIT, SMGW_E_SML_TYPE (a field of the
 *         wrong type or a list of the wrong length), SMGW_E_SML_MSG_CRC,
 *         SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_message_next(struct smgw_reader *file, uint32_t flags,
						       struct smgw_sml_message *ret_msg,
						       struct smgw_diag *reterr_diag);

/**
 * Next entry of a GetListResponse valList.
 * @param c the cursor
 * @param[out] ret the entry
 * @return 1, 0 (end), or a negative error (SMGW_E_SML_TYPE, SMGW_E_ENCODING, SMGW_E_TRUNCATED)
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_list_entry_next(struct smgw_sml_cursor *c,
							  struct smgw_sml_list_entry *ret);
/**
 * Next entry of a GetProfileListResponse periodList.
 * @param c the cursor
 * @param[out] ret the entry
 * @return 1, 0 (end), or a negative error
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_period_entry_next(struct smgw_sml_cursor *c,
							    struct smgw_sml_period_entry *ret);
/**
 * Next entry of a GetProfilePackResponse headerList.
 * @param c the cursor
 * @param[out] ret the entry
 * @return 1, 0 (end), or a negative error
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_header_entry_next(struct smgw_sml_cursor *c,
							    struct smgw_sml_header_entry *ret);
/**
 * Next entry of a GetProfilePackResponse periodList.
 * @param c the cursor
 * @param[out] ret the entry
 * @return 1, 0 (end), or a negative error
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_prof_period_next(struct smgw_sml_cursor *c,
							   struct smgw_sml_prof_period *ret);
/**
 * Next entry of an SML_ProfObjPeriodEntry valueList.
 * @param c the cursor
 * @param[out] ret the entry
 * @return 1, 0 (end), or a negative error
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_value_entry_next(struct smgw_sml_cursor *c,
							   struct smgw_sml_value_entry *ret);
/**
 * Next SML_Tree of a tree cursor (a parameterTree field or a childList).
 * @param c the cursor
 * @param[out] ret the tree node; its children are in ret->child_list
 * @return 1, 0 (end), or a negative error
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_tree_next(struct smgw_sml_cursor *c, struct smgw_sml_tree *ret);

/* ------------------------------------------------------------------ */
/* Values                                                               */
/* ------------------------------------------------------------------ */

/**
 * Converts a valList entry with an integer or boolean value into a
 * measured value (mapping in the file comment above).
 *
 * @param e the entry
 * @param server_id the response's serverId, or NULL
 * @param list_time time of the list (actSensorTime) used when the entry
 *        has no valTime, or NULL
 * @param[out] ret the value
 * @return 0; SMGW_E_SML_NOT_NUMERIC (octet string, list or absent value);
 *         SMGW_E_SML_OBIS (objName is not 6 bytes); SMGW_E_RANGE (an
 *         Unsigned64 above INT64_MAX); SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_list_entry_to_value(const struct smgw_sml_list_entry *e,
							      const struct smgw_sml_octets *server_id,
							      const struct smgw_sml_time *list_time,
							      struct smgw_value *ret);

/**
 * Callback of smgw_sml_file_values().
 * @param userdata as given
 * @param v the value (valid during the call)
 * @param msg the message it came from
 * @return 0 to continue, non-zero to stop (that value is then returned)
 */
typedef int (*smgw_sml_value_fn)(void *userdata, const struct smgw_value *v, const struct smgw_sml_message *msg);

/**
 * Decodes a whole SML file and reports every numeric value of its
 * GetListResponse, GetProfileListResponse and GetProfilePackResponse
 * messages. The file is validated completely first: on an error no value
 * has been reported. Entries that are not numbers (octet strings such as
 * the manufacturer id) are skipped, as are entries whose objName is not
 * an OBIS code or whose Unsigned64 value exceeds INT64_MAX.
 *
 * @param file the messages (struct smgw_sml_file data, or a bare message file)
 * @param len its length
 * @param flags SMGW_SML_F_* flags
 * @param fn callback for each value
 * @param userdata passed to @p fn
 * @param[out] reterr_diag optional failure details, may be NULL
 * @return the number of values reported, a negative error of
 *         smgw_sml_message_next(), SMGW_E_SML_EMPTY (no message at all), or
 *         the callback's non-zero result
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_sml_file_values(const uint8_t *file, size_t len, uint32_t flags,
						      smgw_sml_value_fn fn, void *userdata,
						      struct smgw_diag *reterr_diag);

/* ------------------------------------------------------------------ */
/* Encoders                                                             */
/* ------------------------------------------------------------------ */

/**
 * Writes a TL field (multi-byte when needed; for non-list types @p len
 * is the data length, the TL bytes are added).
 * @param w the writer
 * @param type SMGW_SML_TYPE_OCTETS, _BOOL, _INT, _UINT or _LIST
 * @param len data bytes, or element count for a list
 */
SMGW_EXPORT void smgw_sml_write_tl(struct smgw_writer *w, int32_t type, uint32_t len);
/**
 * Writes an octet string, or `01` when it is absent.
 * @param w the writer
 * @param os the string
 */
SMGW_EXPORT void smgw_sml_write_octets(struct smgw_writer *w, const struct smgw_sml_octets *os);
/**
 * Writes an unsigned integer of @p width bytes (1..8).
 * @param w the writer
 * @param width bytes
 * @param v the value
 */
SMGW_EXPORT void smgw_sml_write_uint(struct smgw_writer *w, unsigned width, uint64_t v);
/**
 * Writes a signed integer of @p width bytes (1..8).
 * @param w the writer
 * @param width bytes
 * @param v the value
 */
SMGW_EXPORT void smgw_sml_write_int(struct smgw_writer *w, unsigned width, int64_t v);
/**
 * Writes a boolean (`42 00` or `42 01`).
 * @param w the writer
 * @param v the value
 */
SMGW_EXPORT void smgw_sml_write_bool(struct smgw_writer *w, int v);
/**
 * Writes `01` (optional field absent).
 * @param w the writer
 */
SMGW_EXPORT void smgw_sml_write_absent(struct smgw_writer *w);
/**
 * Writes a list cursor: its TL and its element bytes, or `01` if absent.
 * @param w the writer
 * @param c the cursor (its unread elements are written)
 */
SMGW_EXPORT void smgw_sml_write_cursor(struct smgw_writer *w, const struct smgw_sml_cursor *c);
/**
 * Writes an SML_Time (`01` for SMGW_SML_TIME_NONE).
 * @param w the writer
 * @param t the time
 */
SMGW_EXPORT void smgw_sml_write_time(struct smgw_writer *w, const struct smgw_sml_time *t);
/**
 * Writes an SML_Value in its own width (`01` for SMGW_SML_VALUE_NONE).
 * @param w the writer
 * @param v the value; integer width 0 means the smallest width that holds it
 */
SMGW_EXPORT void smgw_sml_write_value(struct smgw_writer *w, const struct smgw_sml_value *v);
/**
 * Writes an SML_ListEntry.
 * @param w the writer
 * @param e the entry
 */
SMGW_EXPORT void smgw_sml_write_list_entry(struct smgw_writer *w, const struct smgw_sml_list_entry *e);
/**
 * Writes an SML_PeriodEntry.
 * @param w the writer
 * @param e the entry
 */
SMGW_EXPORT void smgw_sml_write_period_entry(struct smgw_writer *w, const struct smgw_sml_period_entry *e);
/**
 * Writes an SML_ProfObjHeaderEntry.
 * @param w the writer
 * @param e the entry
 */
SMGW_EXPORT void smgw_sml_write_header_entry(struct smgw_writer *w, const struct smgw_sml_header_entry *e);
/**
 * Writes an SML_ProfObjPeriodEntry.
 * @param w the writer
 * @param e the entry
 */
SMGW_EXPORT void smgw_sml_write_prof_period(struct smgw_writer *w, const struct smgw_sml_prof_period *e);
/**
 * Writes an SML_ValueEntry.
 * @param w the writer
 * @param e the entry
 */
SMGW_EXPORT void smgw_sml_write_value_entry(struct smgw_writer *w, const struct smgw_sml_value_entry *e);
/**
 * Writes an SML_Tree (its children from its child_list cursor).
 * @param w the writer
 * @param t the tree node
 */
SMGW_EXPORT void smgw_sml_write_tree(struct smgw_writer *w, const struct smgw_sml_tree *t);

/**
 * Encodes a complete message: header, body selected by @p msg->tag
 * (unknown tags from @p msg->body_raw), CRC-16/X-25 and end marker.
 *
 * @param w the writer (size-query protocol through smgw_writer_finish())
 * @param msg the message; crc, crc_value, offset and len are ignored
 * @return 0, SMGW_E_UNSUPPORTED (unknown tag without body_raw),
 *         SMGW_E_BUFSIZE (the writer is full), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_sml_message_encode(struct smgw_writer *w, const struct smgw_sml_message *msg);

SMGW_END_DECLS

#endif /* SMGW_SML_H */
