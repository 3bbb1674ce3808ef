/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DLMS/COSEM unit codes (IEC 62056-6-2, the "unit" enumeration of the
 * scaler_unit attribute; SML's SML_Unit uses the same codes).
 *
 * The table was checked against the DLMS UA Blue Book unit list as
 * reproduced by independent implementations (jMBus DlmsUnit "IEC 62056-6-2
 * 2013", sml-parser dlms_units.h "Blue Book Ed. 12.2", Gurux Unit enums):
 * codes 1..57, 60..67, 70..72, 253..255. The imperial units 128..174 of
 * newer Blue Book editions are not in the table (never used by German
 * meters); their codes return NULL.
 */
#include <string.h>

#include "core-private.h"

static const struct unit_entry {
	uint8_t code;
	const char *symbol; /* UTF-8, as printed after a value */
	const char *ascii;  /* ASCII spelling also accepted by smgw_unit_from_symbol(), or NULL */
	const char *name;   /* English quantity */
} units[] = {
	{ 1, "a", NULL, "time (year)" },
	{ 2, "mo", NULL, "time (month)" },
	{ 3, "wk", NULL, "time (week)" },
	{ 4, "d", NULL, "time (day)" },
	{ 5, "h", NULL, "time (hour)" },
	{ 6, "min", NULL, "time (minute)" },
	{ 7, "s", NULL, "time (second)" },
	{ 8, "\u00b0", "deg", "phase angle" },
	{ 9, "\u00b0C", "degC", "temperature" },
	{ 10, "", NULL, "local currency" },
	{ 11, "m", NULL, "length" },
	{ 12, "m/s", NULL, "speed" },
	{ 13, "m\u00b3", "m3", "volume" },
	{ 14, "m\u00b3", "m3", "corrected volume" },
	{ 15, "m\u00b3/h", "m3/h", "volume flux" },
	{ 16, "m\u00b3/h", "m3/h", "corrected volume flux" },
	{ 17, "m\u00b3/d", "m3/d", "volume flux (per day)" },
	{ 18, "m\u00b3/d", "m3/d", "corrected volume flux (per day)" },
	{ 19, "l", NULL, "volume (litre)" },
	{ 20, "kg", NULL, "mass" },
	{ 21, "N", NULL, "force" },
	{ 22, "Nm", NULL, "energy (newton metre)" },
	{ 23, "Pa", NULL, "pressure" },
	{ 24, "bar", NULL, "pressure (bar)" },
	{ 25, "J", NULL, "energy (joule)" },
	{ 26, "J/h", NULL, "thermal power" },
	{ 27, "W", NULL, "active power" },
	{ 28, "VA", NULL, "apparent power" },
	{ 29, "var", NULL, "reactive power" },
	{ 30, "Wh", NULL, "active energy" },
	{ 31, "VAh", NULL, "apparent energy" },
	{ 32, "varh", NULL, "reactive energy" },
	{ 33, "A", NULL, "current" },
	{ 34, "C", NULL, "electrical charge" },
	{ 35, "V", NULL, "voltage" },
	{ 36, "V/m", NULL, "electric field strength" },
	{ 37, "F", NULL, "capacitance" },
	{ 38, "\u03a9", "Ohm", "resistance" },
	{ 39, "\u03a9m\u00b2/m", "Ohm m2/m", "resistivity" },
	{ 40, "Wb", NULL, "magnetic flux" },
	{ 41, "T", NULL, "magnetic flux density" },
	{ 42, "A/m", NULL, "magnetic field strength" },
	{ 43, "H", NULL, "inductance" },
	{ 44, "Hz", NULL, "frequency" },
	{ 45, "1/(Wh)", NULL, "active energy meter constant or pulse value" },
	{ 46, "1/(varh)", NULL, "reactive energy meter constant or pulse value" },
	{ 47, "1/(VAh)", NULL, "apparent energy meter constant or pulse value" },
	{ 48, "V\u00b2h", "V2h", "volt-squared hours" },
	{ 49, "A\u00b2h", "A2h", "ampere-squared hours" },
	{ 50, "kg/s", NULL, "mass flux" },
	{ 51, "S", "mho", "conductance" },
	{ 52, "K", NULL, "temperature (kelvin)" },
	{ 53, "1/(V\u00b2h)", "1/(V2h)", "volt-squared hour meter constant or pulse value" },
	{ 54, "1/(A\u00b2h)", "1/(A2h)", "ampere-squared hour meter constant or pulse value" },
	{ 55, "1/m\u00b3", "1/m3", "volume meter constant or pulse value" },
	{ 56, "%", NULL, "percentage" },
	{ 57, "Ah", NULL, "ampere-hours" },
	{ 60, "Wh/m\u00b3", "Wh/m3", "energy per volume" },
	{ 61, "J/m\u00b3", "J/m3", "calorific value, Wobbe" },
	{ 62, "mol %", "mol%", "molar fraction of gas composition" },
	{ 63, "g/m\u00b3", "g/m3", "mass density" },
	{ 64, "Pa s", "Pas", "dynamic viscosity" },
	{ 65, "J/kg", NULL, "specific energy" },
	{ 66, "g/cm\u00b2", "g/cm2", "pressure (gram per square centimetre)" },
	{ 67, "atm", NULL, "pressure (atmosphere)" },
	{ 70, "dBm", NULL, "signal strength (dB milliwatt)" },
	{ 71, "dB\u00b5V", "dBuV", "signal strength (dB microvolt)" },
	{ 72, "dB", NULL, "logarithmic ratio" },
	{ 253, "", NULL, "reserved" },
	{ 254, "", NULL, "other unit" },
	{ 255, "", NULL, "no unit, unitless count" },
};

static const struct unit_entry *find(int32_t code)
{
	size_t i;

	if (code < 1 || code > 255)
		return NULL;
	for (i = 0; i < SMGW_ARRAY_SIZE(units); i++)
		if (units[i].code == code)
			return &units[i];
	return NULL;
}

SMGW_EXPORT const char *smgw_unit_symbol(int32_t unit)
{
	const struct unit_entry *e = find(unit);

	return e ? e->symbol : NULL;
}

SMGW_EXPORT const char *smgw_unit_name(int32_t unit)
{
	const struct unit_entry *e = find(unit);

	return e ? e->name : NULL;
}

SMGW_EXPORT int smgw_unit_from_symbol(const char *symbol)
{
	size_t i;

	smgw_return_if_fail(symbol);
	/* The empty symbol (currency, other, count) names no unit. */
	if (symbol[0] == '\0')
		return SMGW_E_NOTFOUND;
	/* First match wins: m3 is 13 (volume), not 14 (corrected volume). */
	for (i = 0; i < SMGW_ARRAY_SIZE(units); i++)
		if (strcmp(units[i].symbol, symbol) == 0 ||
		    (units[i].ascii && strcmp(units[i].ascii, symbol) == 0))
			return units[i].code;
	return SMGW_E_NOTFOUND;
}
