/* SPDX-License-Identifier: Apache-2.0 */
/* wM-Bus data-link layer (EN 13757-4 frame formats A and B, CRC-16/EN-13757)
 * and the wired M-Bus long frame (EN 13757-2). */
#include <string.h>

#include <smgw/wmbus.h>

#include "wmbus-private.h"

/* CRC-16/EN-13757: polynomial 0x3D65, MSB first, init 0, complemented. */
static const uint16_t crc_table[256] = {
#define C1(c) ((uint16_t)(((c) & 0x8000) ? (((c) << 1) ^ 0x3d65) : ((c) << 1)))
#define C8(c) C1(C1(C1(C1(C1(C1(C1(C1((uint16_t)(c)))))))))
#define R4(i) C8((i) << 8), C8(((i) + 1) << 8), C8(((i) + 2) << 8), C8(((i) + 3) << 8)
#define R16(i) R4(i), R4((i) + 4), R4((i) + 8), R4((i) + 12)
#define R64(i) R16(i), R16((i) + 16), R16((i) + 32), R16((i) + 48)
	R64(0), R64(64), R64(128), R64(192)
#undef R64
#undef R16
#undef R4
#undef C8
#undef C1
};

uint16_t smgw__wmbus_crc_update(uint16_t crc, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		crc = (uint16_t)((crc << 8) ^ crc_table[((crc >> 8) ^ p[i]) & 0xff]);
	return crc;
}

SMGW_EXPORT uint16_t smgw_wmbus_crc16(const uint8_t *data, size_t len)
{
	if (!data)
		return (uint16_t)~0u;
	return (uint16_t)~smgw__wmbus_crc_update(0, data, len);
}

static int crc_ok(const uint8_t *p, size_t n)
{
	uint16_t c = smgw_wmbus_crc16(p, n);

	return p[n] == (uint8_t)(c >> 8) && p[n + 1] == (uint8_t)c;
}

/* Wire length of a format A frame whose L field is l: 10 bytes + CRC, then
 * blocks of 16 data bytes + CRC (the last one shorter). */
static size_t format_a_len(uint8_t l)
{
	size_t data = (size_t)l + 1;

	if (data <= 10)
		return data + 2;
	return data + 2 + 2 * ((data - 10 + 15) / 16);
}

/* Checks and strips format A into out (may equal wire). */
static int strip_a(const uint8_t *wire, size_t len, uint8_t *out, size_t *out_len, struct smgw_diag *d)
{
	size_t in = 0, o = 0, block = 0;

	while (in < len) {
		size_t n = block == 0 ? 10 : 16;

		if (n > len - in - 2)
			n = len - in - 2;
		if (!crc_ok(wire + in, n))
			return smgw_diag_set(d, SMGW_E_CHECKSUM, in + n, "wM-Bus format A: CRC of block %zu wrong",
					     block + 1);
		memmove(out + o, wire + in, n);
		o += n;
		in += n + 2;
		block++;
	}
	out[0] = (uint8_t)(o - 1);
	*out_len = o;
	return 0;
}

/* Format B: L counts the CRCs. Bytes 0..125 with a CRC at 126/127 (when the
 * frame is longer than 128 bytes), then the rest with a CRC at its end. */
static int check_b(const uint8_t *wire, size_t len, struct smgw_diag *d)
{
	if (len < 12)
		return smgw_diag_set(d, SMGW_E_CHECKSUM, 0, "wM-Bus format B: frame too short for a CRC");
	if (len <= 128)
		return crc_ok(wire, len - 2) ? 0
					     : smgw_diag_set(d, SMGW_E_CHECKSUM, len - 2, "wM-Bus format B: CRC of block 2 wrong");
	if (!crc_ok(wire, 126))
		return smgw_diag_set(d, SMGW_E_CHECKSUM, 126, "wM-Bus format B: CRC of block 2 wrong");
	if (len < 131 || !crc_ok(wire + 128, len - 130))
		return smgw_diag_set(d, SMGW_E_CHECKSUM, len - 2, "wM-Bus format B: CRC of block 3 wrong");
	return 0;
}

static void strip_b(const uint8_t *wire, size_t len, uint8_t *out, size_t *out_len)
{
	size_t o;

	if (len <= 128) {
		memmove(out, wire, len - 2);
		o = len - 2;
	} else {
		memmove(out, wire, 126);
		memmove(out + 126, wire + 128, len - 130);
		o = len - 4;
	}
	out[0] = (uint8_t)(o - 1);
	*out_len = o;
}

static int is_wired(const uint8_t *w, size_t len)
{
	return len >= 9 && w[0] == 0x68 && w[3] == 0x68 && w[1] == w[2] && len == (size_t)w[1] + 6 &&
	       w[len - 1] == 0x16;
}

SMGW_EXPORT int smgw_wmbus_frame_strip(const uint8_t *wire, size_t len, uint32_t flags, uint8_t *out, size_t *out_len,
				       int32_t *ret_format, struct smgw_diag *d)
{
	uint32_t forced = flags & (SMGW_WMBUS_F_NOCRC | SMGW_WMBUS_F_FORMAT_A | SMGW_WMBUS_F_FORMAT_B);
	size_t need;
	int32_t fmt;
	int e;

	if ((!wire && len) || !out_len || !ret_format || (forced & (forced - 1)) != 0)
		return SMGW_E_INVAL;
	if (len < 11)
		return smgw_diag_set(d, SMGW_E_TRUNCATED, len, "wM-Bus telegram of %zu bytes is shorter than its link header",
				     len);
	if (len > SMGW_WMBUS_MAX_WIRE)
		return smgw_diag_set(d, SMGW_E_WMBUS_LENGTH, SMGW_WMBUS_MAX_WIRE,
				     "wM-Bus telegram of %zu bytes is longer than any frame", len);
	if (!forced && is_wired(wire, len)) {
		uint8_t cs = 0;
		size_t i;

		for (i = 4; i < len - 2; i++)
			cs = (uint8_t)(cs + wire[i]);
		if (cs != wire[len - 2])
			return smgw_diag_set(d, SMGW_E_CHECKSUM, len - 2,
					     "M-Bus long frame: checksum 0x%02x, computed 0x%02x", wire[len - 2], cs);
		need = len - 6;
		if (!out || *out_len < need) {
			*out_len = need;
			return SMGW_E_BUFSIZE;
		}
		memmove(out, wire + 4, need);
		*out_len = need;
		*ret_format = SMGW_WMBUS_FORMAT_WIRED;
		return 0;
	}
	if (forced == SMGW_WMBUS_F_NOCRC || (!forced && len == (size_t)wire[0] + 1)) {
		/* CRC-free or format B: only the CRCs tell them apart. */
		fmt = SMGW_WMBUS_FORMAT_NOCRC;
		if (len != (size_t)wire[0] + 1)
			return smgw_diag_set(d, SMGW_E_WMBUS_LENGTH, 0, "wM-Bus: L field %u, but %zu bytes follow it",
					     wire[0], len - 1);
		if (!forced && check_b(wire, len, NULL) == 0)
			fmt = SMGW_WMBUS_FORMAT_B;
	} else if (forced == SMGW_WMBUS_F_FORMAT_B) {
		if (len != (size_t)wire[0] + 1)
			return smgw_diag_set(d, SMGW_E_WMBUS_LENGTH, 0, "wM-Bus format B: L field %u, but %zu bytes follow it",
					     wire[0], len - 1);
		if ((e = check_b(wire, len, d)) != 0)
			return e;
		fmt = SMGW_WMBUS_FORMAT_B;
	} else {
		if (len != format_a_len(wire[0]))
			return smgw_diag_set(d, SMGW_E_WMBUS_LENGTH, 0,
					     "wM-Bus: %zu bytes fit L field %u neither with nor without CRCs (format A: %zu)",
					     len, wire[0], format_a_len(wire[0]));
		fmt = SMGW_WMBUS_FORMAT_A;
	}
	need = fmt == SMGW_WMBUS_FORMAT_NOCRC ? len : (size_t)wire[0] + 1; /* an upper bound for A and B */
	if (fmt == SMGW_WMBUS_FORMAT_B)
		need = len <= 128 ? len - 2 : len - 4;
	if (!out || *out_len < need) {
		*out_len = need;
		return SMGW_E_BUFSIZE;
	}
	if (fmt == SMGW_WMBUS_FORMAT_A) {
		if ((e = strip_a(wire, len, out, out_len, d)) != 0)
			return e;
	} else if (fmt == SMGW_WMBUS_FORMAT_B) {
		strip_b(wire, len, out, out_len);
	} else {
		memmove(out, wire, len);
		*out_len = len;
	}
	if (*out_len < 11)
		return smgw_diag_set(d, SMGW_E_TRUNCATED, *out_len, "wM-Bus telegram shorter than its link header and CI");
	*ret_format = fmt;
	return 0;
}

SMGW_EXPORT void smgw_wmbus_mfct(uint16_t m, char ret[4])
{
	int i;

	if (!ret)
		return;
	for (i = 0; i < 3; i++) {
		unsigned v = (m >> (10 - 5 * i)) & 0x1f;
		ret[i] = (char)(v >= 1 && v <= 26 ? '@' + v : '?');
	}
	ret[3] = 0;
}

/* EN 13757-7 device types (medium) [S: wmbusmeters media table, lmn.md 3.1]. */
static const struct {
	uint8_t code;
	const char *name;
} device_types[] = {
	{ 0x00, "other" },
	{ 0x01, "oil" },
	{ 0x02, "electricity" },
	{ 0x03, "gas" },
	{ 0x04, "heat (volume at return)" },
	{ 0x05, "steam" },
	{ 0x06, "warm water" },
	{ 0x07, "water" },
	{ 0x08, "heat cost allocator" },
	{ 0x09, "compressed air" },
	{ 0x0a, "cooling load (volume at return)" },
	{ 0x0b, "cooling load (volume at flow)" },
	{ 0x0c, "heat (volume at flow)" },
	{ 0x0d, "heat/cooling load" },
	{ 0x0e, "bus/system component" },
	{ 0x0f, "unknown medium" },
	{ 0x14, "calorific value" },
	{ 0x15, "hot water" },
	{ 0x16, "cold water" },
	{ 0x17, "dual register (hot/cold) water" },
	{ 0x18, "pressure" },
	{ 0x19, "A/D converter" },
	{ 0x1a, "smoke detector" },
	{ 0x1b, "room sensor" },
	{ 0x1c, "gas detector" },
	{ 0x20, "breaker (electricity)" },
	{ 0x21, "valve (gas or water)" },
	{ 0x25, "customer unit (display)" },
	{ 0x28, "waste water" },
	{ 0x29, "garbage" },
	{ 0x31, "communication controller (OMS MUC)" },
	{ 0x32, "unidirectional repeater" },
	{ 0x33, "bidirectional repeater" },
	{ 0x36, "radio converter (system side)" },
	{ 0x37, "radio converter (meter side)" },
};

SMGW_EXPORT const char *smgw_wmbus_device_type_name(uint8_t type)
{
	size_t i;

	for (i = 0; i < sizeof(device_types) / sizeof(device_types[0]); i++)
		if (device_types[i].code == type)
			return device_types[i].name;
	return "reserved";
}

SMGW_EXPORT const char *smgw_wmbus_ci_name(uint8_t ci)
{
	const struct smgw__wmbus_ci *c = smgw__wmbus_ci_find(ci);

	return c ? c->name : "unknown";
}
