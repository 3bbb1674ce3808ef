/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file hdlc.h
 * @brief HDLC framing for DLMS/COSEM (IEC 62056-46, frame format type 3).
 *
 * ```
 * 7e | A LL | dst addr | src addr | control | HCS | information | FCS | 7e
 * ```
 *
 * The format field holds type 0xA, the segmentation bit and an 11-bit
 * frame length (format field through FCS). Addresses have 1, 2 or 4 bytes
 * of 7 address bits each (bit 0 set in the last byte). HCS (only when there
 * is an information field) and FCS are CRC-16/X-25, low byte first.
 *
 * Real meters send 0x7e and 0x7d unescaped inside frames (Kaifa, Aidon,
 * Iskra), so by default frames are delimited by their length field, not by
 * the next flag; SMGW_HDLC_F_STUFFING selects octet stuffing (0x7d escape).
 * The decoders never allocate: the stream decoder works in caller memory.
 */
#ifndef SMGW_HDLC_H
#define SMGW_HDLC_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/ctx.h>

SMGW_BEGIN_DECLS

/** The flag that opens and closes a frame. */
#define SMGW_HDLC_FLAG 0x7e
/** Longest frame the 11-bit length field allows (bytes between the flags). */
#define SMGW_HDLC_MAX_FRAME 2047

/** Decoder and encoder flag: octet stuffing (0x7d escapes, 0x7e always a flag). */
#define SMGW_HDLC_F_STUFFING UINT32_C(0x00000001)

/** Frame types, from the control field. */
enum smgw_hdlc_type {
	SMGW_HDLC_I = 1,     /**< information frame */
	SMGW_HDLC_RR = 2,    /**< receive ready */
	SMGW_HDLC_RNR = 3,   /**< receive not ready */
	SMGW_HDLC_UI = 4,    /**< unnumbered information (push meters) */
	SMGW_HDLC_SNRM = 5,  /**< set normal response mode */
	SMGW_HDLC_UA = 6,    /**< unnumbered acknowledge */
	SMGW_HDLC_DISC = 7,  /**< disconnect */
	SMGW_HDLC_DM = 8,    /**< disconnected mode */
	SMGW_HDLC_FRMR = 9,  /**< frame reject */
	SMGW_HDLC_OTHER = 10 /**< another S or U frame */
};

/** A decoded frame. @ref info points into the caller's or the stream's buffer. */
struct smgw_hdlc_frame {
	const uint8_t *info;  /**< information field, NULL when there is none */
	uint32_t info_len;    /**< its length */
	uint32_t dst;         /**< destination address (the 7-bit groups joined) */
	uint32_t src;         /**< source address */
	uint8_t dst_len;      /**< bytes of the destination address: 1, 2 or 4 */
	uint8_t src_len;      /**< bytes of the source address: 1, 2 or 4 */
	uint8_t control;      /**< control field */
	uint8_t segmented;    /**< 1 if the segmentation bit is set (more segments follow) */
	uint16_t frame_len;   /**< value of the length field */
	uint16_t fcs;         /**< the frame check sequence as sent */
	int32_t type;         /**< enum smgw_hdlc_type */
	uint64_t offset;      /**< stream decoder: offset of the opening flag in the stream */
};

/**
 * Parses one frame given as the bytes between its flags (unstuffed).
 *
 * @param data the bytes from the format field through the FCS
 * @param len their number
 * @param[out] ret the frame; @ref smgw_hdlc_frame::info points into @p data
 * @param[out] reterr_diag optional details (offset and reason), may be NULL
 * @return 0; SMGW_E_TRUNCATED (shorter than its header); SMGW_E_ENCODING
 *         (not format type 3, length field not equal to @p len, bad
 *         address); SMGW_E_CHECKSUM (HCS or FCS); SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_hdlc_frame_parse(const uint8_t *data, size_t len, struct smgw_hdlc_frame *ret,
						       struct smgw_diag *reterr_diag);

/**
 * Encodes a frame with both flags: format field (with @p frame->segmented),
 * addresses, control, HCS, information, FCS.
 *
 * @param frame dst, dst_len, src, src_len, control, segmented, info and info_len are used
 * @param flags SMGW_HDLC_F_STUFFING or 0
 * @param buf output buffer, may be NULL to query the size
 * @param[in,out] len capacity on entry; bytes written, or needed on SMGW_E_BUFSIZE
 * @return 0, SMGW_E_BUFSIZE, SMGW_E_RANGE (an address does not fit its length,
 *         frame longer than SMGW_HDLC_MAX_FRAME), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_hdlc_frame_encode(const struct smgw_hdlc_frame *frame, uint32_t flags, uint8_t *buf, size_t *len);

/** Opaque streaming decoder. */
typedef struct smgw_hdlc_stream smgw_hdlc_stream;

/** Return value of smgw_hdlc_stream_feed() when a frame is delivered. */
#define SMGW_HDLC_FRAME 1

/**
 * Size of the memory smgw_hdlc_stream_init() needs for the decoder object.
 * @return the size in bytes
 */
SMGW_EXPORT size_t smgw_hdlc_stream_size(void);

/**
 * Creates a streaming decoder in caller memory; nothing is allocated.
 * @param mem memory for the object, at least smgw_hdlc_stream_size() bytes, aligned to 8
 * @param mem_size its size
 * @param buf frame buffer; SMGW_HDLC_MAX_FRAME bytes hold any frame
 * @param buf_size its size (at least 9); longer frames are rejected with SMGW_E_LIMIT
 * @param flags SMGW_HDLC_F_STUFFING or 0
 * @param[out] ret_stream the decoder (equal to @p mem)
 * @return 0 or SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_hdlc_stream_init(void *mem, size_t mem_size, uint8_t *buf, size_t buf_size,
						       uint32_t flags, smgw_hdlc_stream **ret_stream);

/**
 * Feeds bytes, as they arrive in any chunks. Call repeatedly with the
 * unconsumed rest until it returns 0.
 *
 * @param stream the decoder
 * @param data input bytes (may be NULL when @p len is 0)
 * @param len their number
 * @param[out] consumed bytes of @p data used by this call (always written)
 * @param[out] ret_frame the frame when SMGW_HDLC_FRAME is returned; its
 *        information field stays valid until the next call
 * @param[out] reterr_diag optional details of a discarded frame, may be NULL
 * @return 0 (input consumed, no complete frame); SMGW_HDLC_FRAME; or a
 *         negative error for a discarded frame, after which the decoder
 *         hunts for the next flag: SMGW_E_CHECKSUM, SMGW_E_ENCODING (bad
 *         format or address, no closing flag after the frame: an abort),
 *         SMGW_E_TRUNCATED (frame shorter than its header), SMGW_E_LIMIT
 *         (longer than the buffer); SMGW_E_INVAL for bad arguments
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_hdlc_stream_feed(smgw_hdlc_stream *stream, const uint8_t *data, size_t len,
						       size_t *consumed, struct smgw_hdlc_frame *ret_frame,
						       struct smgw_diag *reterr_diag);

/**
 * Forgets a partial frame and hunts for the next flag.
 * @param stream the decoder
 */
SMGW_EXPORT void smgw_hdlc_stream_reset(smgw_hdlc_stream *stream);

/** Joins the information fields of a segmented message (S bit) in caller memory. */
struct smgw_hdlc_join {
	uint8_t *buf;     /**< caller buffer for the joined message */
	uint32_t cap;     /**< its capacity */
	uint32_t len;     /**< bytes joined so far */
	uint32_t pending; /**< 1 while a segmented message is incomplete */
	uint32_t reserved; /**< 0 */
};

/**
 * Adds a frame's information field to a segmented message.
 * @param join the joiner (zero-initialized, with buf and cap set)
 * @param frame a frame from the decoder
 * @param[out] ret_data the complete message, when 1 is returned (into join->buf)
 * @param[out] ret_len its length
 * @return 1 (message complete), 0 (more segments expected), SMGW_E_LIMIT
 *         (the message does not fit; the joiner is reset), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_hdlc_join_add(struct smgw_hdlc_join *join, const struct smgw_hdlc_frame *frame,
				   const uint8_t **ret_data, size_t *ret_len);

/**
 * Strips the LLC header (`e6 e6 00` client to server, `e6 e7 00` server to
 * client) from an information field.
 * @param info the information field
 * @param len its length
 * @param[out] ret_apdu the xDLMS APDU after the header
 * @param[out] ret_len its length
 * @return 0 for a server-to-client header, 1 for client-to-server,
 *         SMGW_E_ENCODING (no LLC header), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_hdlc_llc(const uint8_t *info, size_t len, const uint8_t **ret_apdu, size_t *ret_len);

SMGW_END_DECLS

#endif /* SMGW_HDLC_H */
