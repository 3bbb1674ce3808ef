/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VIF tables of EN 13757-3: the primary VIF table, the first (0xFB) and
 * second (0xFD) extension tables and the combinable (orthogonal) VIFE
 * table. Sources: lmn.md 3.7 [S] for the primary table and the examples
 * it names; the remaining rows follow EN 13757-3:2018 as public decoders
 * reproduce it and are marked [K] in docs/wmbus.md until checked against
 * the normative text. Rows are data: correct a row here, not in code.
 *
 * Units are the DLMS/COSEM codes of enum smgw_unit where one exists. Units
 * in a multiple of a base unit (MWh, GJ, t, MW, kVArh) are given in the
 * base unit with the scaler raised, so that 1 MWh arrives as 1 * 10^6 Wh.
 * Rows without a unit code (m³/min, kg/h, °F, HCA) give only the symbol.
 */
#include <smgw/unit.h>

#include "wmbus-private.h"

#define T(code, mask, exp, unit, kind, q, sym) { code, mask, exp, unit, kind, q, sym }
#define V SMGW__VIF_VALUE
#define TU SMGW__VIF_TIME_UNIT
#define TH SMGW__VIF_TIME_UNIT_HDMY
#define ID SMGW__VIF_ID

/* Primary VIF table (VIF without its extension bit). */
static const struct smgw__wmbus_vif primary[] = {
	T(0x00, 0x78, -3, SMGW_UNIT_WH, V, "energy", "Wh"),
	T(0x08, 0x78, 0, SMGW_UNIT_JOULE, V, "energy", "J"),
	T(0x10, 0x78, -6, SMGW_UNIT_M3, V, "volume", "m³"),
	T(0x18, 0x78, -3, SMGW_UNIT_KG, V, "mass", "kg"),
	T(0x20, 0x7c, 0, 0, TU, "on time", ""),
	T(0x24, 0x7c, 0, 0, TU, "operating time", ""),
	T(0x28, 0x78, -3, SMGW_UNIT_WATT, V, "power", "W"),
	T(0x30, 0x78, 0, SMGW_UNIT_J_PER_H, V, "power", "J/h"),
	T(0x38, 0x78, -6, SMGW_UNIT_M3_PER_H, V, "volume flow", "m³/h"),
	T(0x40, 0x78, -7, 0, V, "volume flow", "m³/min"),
	T(0x48, 0x78, -9, 0, V, "volume flow", "m³/s"),
	T(0x50, 0x78, -3, 0, V, "mass flow", "kg/h"),
	T(0x58, 0x7c, -3, SMGW_UNIT_CELSIUS, V, "flow temperature", "°C"),
	T(0x5c, 0x7c, -3, SMGW_UNIT_CELSIUS, V, "return temperature", "°C"),
	T(0x60, 0x7c, -3, SMGW_UNIT_KELVIN, V, "temperature difference", "K"),
	T(0x64, 0x7c, -3, SMGW_UNIT_CELSIUS, V, "external temperature", "°C"),
	T(0x68, 0x7c, -3, SMGW_UNIT_BAR, V, "pressure", "bar"),
	T(0x6c, 0x7f, 0, 0, SMGW__VIF_DATE, "date", ""),
	T(0x6d, 0x7f, 0, 0, SMGW__VIF_DATETIME, "date and time", ""),
	T(0x6e, 0x7f, 0, 0, V, "units for heat cost allocator", "HCA"),
	T(0x70, 0x7c, 0, 0, TU, "averaging duration", ""),
	T(0x74, 0x7c, 0, 0, TU, "actuality duration", ""),
	T(0x78, 0x7f, 0, 0, ID, "fabrication number", ""),
	T(0x79, 0x7f, 0, 0, ID, "enhanced identification", ""),
	T(0x7a, 0x7f, 0, 0, ID, "bus address", ""),
	T(0x7e, 0x7f, 0, 0, ID, "any VIF (readout selection)", ""),
};

/* First extension table, after VIF 0xFB. */
static const struct smgw__wmbus_vif ext_fb[] = {
	T(0x00, 0x7e, 5, SMGW_UNIT_WH, V, "energy", "Wh"),           /* 10^(n-1) MWh */
	T(0x02, 0x7e, 3, SMGW_UNIT_VARH, V, "reactive energy", "varh"), /* 10^n kvarh */
	T(0x04, 0x7e, 3, SMGW_UNIT_VAH, V, "apparent energy", "VAh"),   /* 10^n kVAh */
	T(0x08, 0x7e, 8, SMGW_UNIT_JOULE, V, "energy", "J"),          /* 10^(n-1) GJ */
	T(0x10, 0x7e, 2, SMGW_UNIT_M3, V, "volume", "m³"),            /* 10^(n+2) m³ */
	T(0x14, 0x7c, 0, SMGW_UNIT_VAR, V, "reactive power", "var"),  /* 10^(nn-3) kvar */
	T(0x18, 0x7e, 5, SMGW_UNIT_KG, V, "mass", "kg"),              /* 10^(n+2) t */
	T(0x1a, 0x7e, -1, SMGW_UNIT_PERCENT, V, "relative humidity", "%"),
	T(0x20, 0x7f, 0, 0, V, "volume", "ft³"),
	T(0x21, 0x7f, -1, 0, V, "volume", "ft³"),
	T(0x28, 0x7e, 5, SMGW_UNIT_WATT, V, "power", "W"),            /* 10^(n-1) MW */
	T(0x2a, 0x7f, -1, SMGW_UNIT_DEGREE, V, "phase U-U", "°"),
	T(0x2b, 0x7f, -1, SMGW_UNIT_DEGREE, V, "phase U-I", "°"),
	T(0x2c, 0x7c, -3, SMGW_UNIT_HERTZ, V, "frequency", "Hz"),
	T(0x30, 0x7e, 8, SMGW_UNIT_J_PER_H, V, "power", "J/h"),       /* 10^(n-1) GJ/h */
	T(0x34, 0x7c, 0, SMGW_UNIT_VA, V, "apparent power", "VA"),    /* 10^(nn-3) kVA */
	T(0x58, 0x7c, -3, 0, V, "flow temperature", "°F"),
	T(0x5c, 0x7c, -3, 0, V, "return temperature", "°F"),
	T(0x60, 0x7c, -3, 0, V, "temperature difference", "°F"),
	T(0x64, 0x7c, -3, 0, V, "external temperature", "°F"),
	T(0x70, 0x7c, -3, 0, V, "cold/warm temperature limit", "°F"),
	T(0x74, 0x7c, -3, SMGW_UNIT_CELSIUS, V, "cold/warm temperature limit", "°C"),
	T(0x78, 0x78, -3, SMGW_UNIT_WATT, V, "cumulative count max power", "W"),
};

/* Second extension table, after VIF 0xFD. */
static const struct smgw__wmbus_vif ext_fd[] = {
	T(0x00, 0x7c, -3, SMGW_UNIT_CURRENCY, V, "credit", ""),
	T(0x04, 0x7c, -3, SMGW_UNIT_CURRENCY, V, "debit", ""),
	T(0x08, 0x7f, 0, 0, V, "access number (transmission count)", ""),
	T(0x09, 0x7f, 0, 0, ID, "medium", ""),
	T(0x0a, 0x7f, 0, 0, ID, "manufacturer", ""),
	T(0x0b, 0x7f, 0, 0, ID, "parameter set identification", ""),
	T(0x0c, 0x7f, 0, 0, ID, "model/version", ""),
	T(0x0d, 0x7f, 0, 0, ID, "hardware version", ""),
	T(0x0e, 0x7f, 0, 0, ID, "firmware version", ""),
	T(0x0f, 0x7f, 0, 0, ID, "software version", ""),
	T(0x10, 0x7f, 0, 0, ID, "customer location", ""),
	T(0x11, 0x7f, 0, 0, ID, "customer", ""),
	T(0x12, 0x7f, 0, 0, ID, "access code user", ""),
	T(0x13, 0x7f, 0, 0, ID, "access code operator", ""),
	T(0x14, 0x7f, 0, 0, ID, "access code system operator", ""),
	T(0x15, 0x7f, 0, 0, ID, "access code developer", ""),
	T(0x16, 0x7f, 0, 0, ID, "password", ""),
	T(0x17, 0x7f, 0, 0, ID, "error flags", ""),
	T(0x18, 0x7f, 0, 0, ID, "error mask", ""),
	T(0x1a, 0x7f, 0, 0, ID, "digital output", ""),
	T(0x1b, 0x7f, 0, 0, ID, "digital input", ""),
	T(0x1c, 0x7f, 0, 0, V, "baud rate", "Bd"),
	T(0x1d, 0x7f, 0, 0, V, "response delay time", "bit times"),
	T(0x1e, 0x7f, 0, 0, V, "retry", ""),
	T(0x1f, 0x7f, 0, 0, ID, "remote control", ""),
	T(0x20, 0x7f, 0, 0, V, "first storage number for cyclic storage", ""),
	T(0x21, 0x7f, 0, 0, V, "last storage number for cyclic storage", ""),
	T(0x22, 0x7f, 0, 0, V, "size of storage block", ""),
	T(0x24, 0x7c, 0, 0, TU, "storage interval", ""),
	T(0x28, 0x7f, 0, SMGW_UNIT_MONTH, V, "storage interval", "mo"),
	T(0x29, 0x7f, 0, SMGW_UNIT_YEAR, V, "storage interval", "a"),
	T(0x2a, 0x7f, 0, 0, ID, "operator specific data", ""),
	T(0x2b, 0x7f, 0, SMGW_UNIT_SECOND, V, "time point second", "s"),
	T(0x2c, 0x7c, 0, 0, TU, "duration since last readout", ""),
	T(0x30, 0x7f, 0, 0, SMGW__VIF_DATETIME, "start of tariff", ""),
	T(0x31, 0x7f, 0, SMGW_UNIT_MINUTE, V, "duration of tariff", "min"),
	T(0x32, 0x7f, 0, SMGW_UNIT_HOUR, V, "duration of tariff", "h"),
	T(0x33, 0x7f, 0, SMGW_UNIT_DAY, V, "duration of tariff", "d"),
	T(0x34, 0x7c, 0, 0, TU, "period of tariff", ""),
	T(0x38, 0x7f, 0, SMGW_UNIT_MONTH, V, "period of tariff", "mo"),
	T(0x39, 0x7f, 0, SMGW_UNIT_YEAR, V, "period of tariff", "a"),
	T(0x3a, 0x7f, 0, 0, V, "dimensionless", ""),
	T(0x40, 0x70, -9, SMGW_UNIT_VOLT, V, "voltage", "V"),
	T(0x50, 0x70, -12, SMGW_UNIT_AMPERE, V, "current", "A"),
	T(0x60, 0x7f, 0, 0, V, "reset counter", ""),
	T(0x61, 0x7f, 0, 0, V, "cumulation counter", ""),
	T(0x62, 0x7f, 0, 0, ID, "control signal", ""),
	T(0x63, 0x7f, 0, 0, V, "day of week", ""),
	T(0x64, 0x7f, 0, 0, V, "week number", ""),
	T(0x65, 0x7f, 0, 0, ID, "time point of day change", ""),
	T(0x66, 0x7f, 0, 0, ID, "state of parameter activation", ""),
	T(0x67, 0x7f, 0, 0, ID, "special supplier information", ""),
	T(0x68, 0x7c, 0, 0, TH, "duration since last cumulation", ""),
	T(0x6c, 0x7c, 0, 0, TH, "operating time battery", ""),
	T(0x70, 0x7f, 0, 0, SMGW__VIF_DATETIME, "date and time of battery change", ""),
	T(0x71, 0x7f, 0, SMGW_UNIT_DBM, V, "RF level", "dBm"),
	T(0x72, 0x7f, 0, 0, ID, "daylight saving", ""),
	T(0x73, 0x7f, 0, 0, ID, "listening window management", ""),
	T(0x74, 0x7f, 0, SMGW_UNIT_DAY, V, "remaining battery life time", "d"),
	T(0x75, 0x7f, 0, 0, V, "number of times the meter was stopped", ""),
	T(0x76, 0x7f, 0, 0, ID, "data container for manufacturer specific protocol", ""),
};

#undef T
#undef V
#undef TU
#undef TH
#undef ID

static const struct smgw__wmbus_vif *find(const struct smgw__wmbus_vif *t, size_t n, uint8_t code)
{
	size_t i;

	code &= 0x7f;
	for (i = 0; i < n; i++)
		if ((code & t[i].mask) == t[i].code)
			return &t[i];
	return NULL;
}

const struct smgw__wmbus_vif *smgw__wmbus_vif_primary(uint8_t vif)
{
	return find(primary, sizeof(primary) / sizeof(primary[0]), vif);
}

const struct smgw__wmbus_vif *smgw__wmbus_vif_fb(uint8_t code)
{
	return find(ext_fb, sizeof(ext_fb) / sizeof(ext_fb[0]), code);
}

const struct smgw__wmbus_vif *smgw__wmbus_vif_fd(uint8_t code)
{
	return find(ext_fd, sizeof(ext_fd) / sizeof(ext_fd[0]), code);
}

/* Combinable (orthogonal) VIFE table, VIFE without its extension bit. */
static const struct smgw__wmbus_vife vife[] = {
	{ 0x00, 0x60, 0, SMGW__VIFE_ERROR, "record error" },
	{ 0x20, 0x7f, 0, SMGW__VIFE_TEXT, "per second" },
	{ 0x21, 0x7f, 0, SMGW__VIFE_TEXT, "per minute" },
	{ 0x22, 0x7f, 0, SMGW__VIFE_TEXT, "per hour" },
	{ 0x23, 0x7f, 0, SMGW__VIFE_TEXT, "per day" },
	{ 0x24, 0x7f, 0, SMGW__VIFE_TEXT, "per week" },
	{ 0x25, 0x7f, 0, SMGW__VIFE_TEXT, "per month" },
	{ 0x26, 0x7f, 0, SMGW__VIFE_TEXT, "per year" },
	{ 0x27, 0x7f, 0, SMGW__VIFE_TEXT, "per revolution/measurement" },
	{ 0x28, 0x7f, 0, SMGW__VIFE_TEXT, "increment per input pulse on input channel 0" },
	{ 0x29, 0x7f, 0, SMGW__VIFE_TEXT, "increment per input pulse on input channel 1" },
	{ 0x2a, 0x7f, 0, SMGW__VIFE_TEXT, "increment per output pulse on output channel 0" },
	{ 0x2b, 0x7f, 0, SMGW__VIFE_TEXT, "increment per output pulse on output channel 1" },
	{ 0x2c, 0x7f, 0, SMGW__VIFE_TEXT, "per litre" },
	{ 0x2d, 0x7f, 0, SMGW__VIFE_TEXT, "per m³" },
	{ 0x2e, 0x7f, 0, SMGW__VIFE_TEXT, "per kg" },
	{ 0x2f, 0x7f, 0, SMGW__VIFE_TEXT, "per K" },
	{ 0x30, 0x7f, 0, SMGW__VIFE_TEXT, "per kWh" },
	{ 0x31, 0x7f, 0, SMGW__VIFE_TEXT, "per GJ" },
	{ 0x32, 0x7f, 0, SMGW__VIFE_TEXT, "per kW" },
	{ 0x33, 0x7f, 0, SMGW__VIFE_TEXT, "per K·l" },
	{ 0x34, 0x7f, 0, SMGW__VIFE_TEXT, "per V" },
	{ 0x35, 0x7f, 0, SMGW__VIFE_TEXT, "per A" },
	{ 0x36, 0x7f, 0, SMGW__VIFE_TEXT, "multiplied by s" },
	{ 0x37, 0x7f, 0, SMGW__VIFE_TEXT, "multiplied by s/V" },
	{ 0x38, 0x7f, 0, SMGW__VIFE_TEXT, "multiplied by s/A" },
	{ 0x39, 0x7f, 0, SMGW__VIFE_TEXT, "start date/time of" },
	{ 0x3a, 0x7f, 0, SMGW__VIFE_TEXT, "uncorrected unit (metering conditions)" },
	{ 0x3b, 0x7f, 0, SMGW__VIFE_FORWARD, "accumulation only of positive contributions (forward)" },
	{ 0x3c, 0x7f, 0, SMGW__VIFE_BACKWARD, "accumulation only of negative contributions (backward)" },
	{ 0x3d, 0x7f, 0, SMGW__VIFE_TEXT, "alternate non-metric unit system" },
	{ 0x3e, 0x7f, 0, SMGW__VIFE_TEXT, "value at base conditions" },
	{ 0x3f, 0x7f, 0, SMGW__VIFE_TEXT, "OBIS declaration" },
	{ 0x40, 0x7f, 0, SMGW__VIFE_TEXT, "lower limit value" },
	{ 0x48, 0x7f, 0, SMGW__VIFE_TEXT, "upper limit value" },
	{ 0x41, 0x7f, 0, SMGW__VIFE_TEXT, "number of exceeds of lower limit" },
	{ 0x49, 0x7f, 0, SMGW__VIFE_TEXT, "number of exceeds of upper limit" },
	{ 0x42, 0x72, 0, SMGW__VIFE_TEXT, "date/time of limit exceed" },
	{ 0x50, 0x70, 0, SMGW__VIFE_TEXT, "duration of limit exceed" },
	{ 0x60, 0x78, 0, SMGW__VIFE_TEXT, "duration of" },
	{ 0x68, 0x7b, 0, SMGW__VIFE_TEXT, "value during limit exceed" },
	{ 0x6a, 0x7a, 0, SMGW__VIFE_TEXT, "date/time of" },
	{ 0x70, 0x78, -6, SMGW__VIFE_SCALE, "multiplicative correction factor" },
	{ 0x78, 0x7c, 0, SMGW__VIFE_TEXT, "additive correction constant" },
	{ 0x7d, 0x7f, 3, SMGW__VIFE_SCALE, "multiplicative correction factor 1000" },
	{ 0x7e, 0x7f, 0, SMGW__VIFE_TEXT, "future value" },
	{ 0x7f, 0x7f, 0, SMGW__VIFE_MFCT, "manufacturer specific" },
};

const struct smgw__wmbus_vife *smgw__wmbus_vife_find(uint8_t code)
{
	size_t i;

	code &= 0x7f;
	for (i = 0; i < sizeof(vife) / sizeof(vife[0]); i++)
		if ((code & vife[i].mask) == vife[i].code)
			return &vife[i];
	return NULL;
}

/* Second-level combinable VIFE table, after VIFE 0xFC [S: amiplus telegrams]. */
static const char *const vife_fc[] = {
	NULL, "at phase L1", "at phase L2", "at phase L3", "at neutral", "between phases L1 and L2",
	"between phases L2 and L3", "between phases L3 and L1",
};

const char *smgw__wmbus_vife_fc(uint8_t code)
{
	code &= 0x7f;
	return code < sizeof(vife_fc) / sizeof(vife_fc[0]) ? vife_fc[code] : NULL;
}
