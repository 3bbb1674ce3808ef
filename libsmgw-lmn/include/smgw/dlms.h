/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file dlms.h
 * @brief xDLMS APDUs: data-notification (push) and push-list values.
 *
 * A data-notification (tag 0x0f) carries a long-invoke-id-and-priority, an
 * optional date-time and a notification body (one A-XDR Data). Real meters
 * send the date-time in three forms: absent (`00`), `0c` + 12 bytes, or as
 * an octet-string `09 0c` + 12 bytes; all three are accepted.
 */
#ifndef SMGW_DLMS_H
#define SMGW_DLMS_H

#include <stddef.h>
#include <stdint.h>

#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/value.h>

SMGW_BEGIN_DECLS

/** APDU tag of a data-notification. */
#define SMGW_DLMS_DATA_NOTIFICATION 0x0f

/** A parsed data-notification; pointers into the caller's buffer. */
struct smgw_dlms_notification {
	uint32_t invoke_id;     /**< long-invoke-id-and-priority as sent */
	uint32_t has_time;      /**< 1 if @ref time holds a date-time */
	const uint8_t *time;    /**< the 12-byte COSEM date-time, or NULL */
	const uint8_t *body;    /**< the notification body (A-XDR Data) */
	uint32_t body_len;      /**< its length */
	uint32_t reserved;      /**< 0 */
};

/**
 * Parses a data-notification APDU (after the LLC header).
 * @param apdu the APDU, starting with 0x0f
 * @param len its length
 * @param[out] ret the fields
 * @param[out] reterr_diag optional details, may be NULL
 * @return 0, SMGW_E_TRUNCATED, SMGW_E_ENCODING (not a data-notification,
 *         unknown date-time form), SMGW_E_INVAL
 */
SMGW_EXPORT SMGW_WARN_UNUSED int smgw_dlms_notification_parse(const uint8_t *apdu, size_t len,
							      struct smgw_dlms_notification *ret,
							      struct smgw_diag *reterr_diag);

/**
 * Callback of smgw_dlms_push_values().
 * @param userdata as given
 * @param value the value (OBIS, integer value, scaler and unit where the push carries them)
 * @return 0 to continue, non-zero to stop (returned by smgw_dlms_push_values())
 */
typedef int (*smgw_dlms_value_fn)(void *userdata, const struct smgw_value *value);

/**
 * Turns the numeric values of a push list into measured values. A value
 * belongs to the OBIS code that precedes it: the first element of its
 * structure (`02 02|03 09 06 <OBIS> <value> [02 02 0f <scaler> 16 <unit>]`)
 * or, in flat lists (Kamstrup), the 6-byte octet-string before it. The
 * scaler-unit structure after a value (COSEM register) sets scaler and
 * unit. Values without an OBIS code (Kaifa lists) and strings are not
 * reported.
 *
 * @param body the notification body
 * @param len its length
 * @param fn called for each value
 * @param userdata passed to @p fn
 * @param[out] reterr_diag optional details, may be NULL
 * @return the number of values reported, @p fn's non-zero result, or an
 *         A-XDR error (SMGW_E_TRUNCATED, SMGW_E_ENCODING, SMGW_E_LIMIT)
 */
SMGW_EXPORT int smgw_dlms_push_values(const uint8_t *body, size_t len, smgw_dlms_value_fn fn, void *userdata,
				      struct smgw_diag *reterr_diag);

SMGW_END_DECLS

#endif /* SMGW_DLMS_H */
