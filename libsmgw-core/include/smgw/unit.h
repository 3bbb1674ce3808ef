/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file unit.h
 * @brief DLMS/COSEM unit codes (IEC 62056-6-2, "unit" enumeration) with symbols.
 *
 * The numeric values are the wire values used by DLMS/COSEM and SML
 * (`SML_Unit`), e.g. 27 = W, 30 = Wh, 35 = V. The functions know codes
 * 1..57, 60..67, 70..72 and 253..255 (checked against the DLMS UA Blue
 * Book list as independent implementations reproduce it); 0 is this
 * library's "no unit given" and has no symbol.
 */
#ifndef SMGW_UNIT_H
#define SMGW_UNIT_H

#include <stdint.h>

#include <smgw/export.h>

SMGW_BEGIN_DECLS

/** Unit codes of IEC 62056-6-2 (the functions accept any int32_t and answer NULL for unknown codes). */
enum smgw_unit {
	SMGW_UNIT_NONE = 0,       /**< no unit given */
	SMGW_UNIT_YEAR = 1,       /**< a */
	SMGW_UNIT_MONTH = 2,      /**< mo */
	SMGW_UNIT_WEEK = 3,       /**< wk */
	SMGW_UNIT_DAY = 4,        /**< d */
	SMGW_UNIT_HOUR = 5,       /**< h */
	SMGW_UNIT_MINUTE = 6,     /**< min */
	SMGW_UNIT_SECOND = 7,     /**< s */
	SMGW_UNIT_DEGREE = 8,     /**< ° (phase angle) */
	SMGW_UNIT_CELSIUS = 9,    /**< °C */
	SMGW_UNIT_CURRENCY = 10,  /**< local currency */
	SMGW_UNIT_METRE = 11,     /**< m */
	SMGW_UNIT_M_PER_S = 12,   /**< m/s */
	SMGW_UNIT_M3 = 13,        /**< m³ */
	SMGW_UNIT_M3_CORR = 14,   /**< m³, corrected volume */
	SMGW_UNIT_M3_PER_H = 15,  /**< m³/h */
	SMGW_UNIT_M3_PER_H_CORR = 16, /**< m³/h, corrected */
	SMGW_UNIT_M3_PER_D = 17,  /**< m³/d */
	SMGW_UNIT_M3_PER_D_CORR = 18, /**< m³/d, corrected */
	SMGW_UNIT_LITRE = 19,     /**< l */
	SMGW_UNIT_KG = 20,        /**< kg */
	SMGW_UNIT_NEWTON = 21,    /**< N */
	SMGW_UNIT_NEWTONMETER = 22, /**< Nm (energy) */
	SMGW_UNIT_PASCAL = 23,    /**< Pa */
	SMGW_UNIT_BAR = 24,       /**< bar */
	SMGW_UNIT_JOULE = 25,     /**< J */
	SMGW_UNIT_J_PER_H = 26,   /**< J/h */
	SMGW_UNIT_WATT = 27,      /**< W (active power) */
	SMGW_UNIT_VA = 28,        /**< VA (apparent power) */
	SMGW_UNIT_VAR = 29,       /**< var (reactive power) */
	SMGW_UNIT_WH = 30,        /**< Wh (active energy) */
	SMGW_UNIT_VAH = 31,       /**< VAh (apparent energy) */
	SMGW_UNIT_VARH = 32,      /**< varh (reactive energy) */
	SMGW_UNIT_AMPERE = 33,    /**< A */
	SMGW_UNIT_COULOMB = 34,   /**< C */
	SMGW_UNIT_VOLT = 35,      /**< V */
	SMGW_UNIT_V_PER_M = 36,   /**< V/m */
	SMGW_UNIT_FARAD = 37,     /**< F */
	SMGW_UNIT_OHM = 38,       /**< Ω */
	SMGW_UNIT_OHM_M2_PER_M = 39, /**< Ωm²/m */
	SMGW_UNIT_WEBER = 40,     /**< Wb */
	SMGW_UNIT_TESLA = 41,     /**< T */
	SMGW_UNIT_A_PER_M = 42,   /**< A/m */
	SMGW_UNIT_HENRY = 43,     /**< H */
	SMGW_UNIT_HERTZ = 44,     /**< Hz */
	SMGW_UNIT_RAC_WH = 45,    /**< 1/(Wh): active energy meter constant */
	SMGW_UNIT_RRE_VARH = 46,  /**< 1/(varh) */
	SMGW_UNIT_RAP_VAH = 47,   /**< 1/(VAh) */
	SMGW_UNIT_V2H = 48,       /**< V²h */
	SMGW_UNIT_A2H = 49,       /**< A²h */
	SMGW_UNIT_KG_PER_S = 50,  /**< kg/s */
	SMGW_UNIT_SIEMENS = 51,   /**< S, mho */
	SMGW_UNIT_KELVIN = 52,    /**< K */
	SMGW_UNIT_RV2H = 53,      /**< 1/(V²h) */
	SMGW_UNIT_RA2H = 54,      /**< 1/(A²h) */
	SMGW_UNIT_RM3 = 55,       /**< 1/m³ */
	SMGW_UNIT_PERCENT = 56,   /**< % */
	SMGW_UNIT_AH = 57,        /**< Ah */
	SMGW_UNIT_WH_PER_M3 = 60, /**< Wh/m³ */
	SMGW_UNIT_J_PER_M3 = 61,  /**< J/m³ */
	SMGW_UNIT_MOL_PERCENT = 62, /**< mol % */
	SMGW_UNIT_G_PER_M3 = 63,  /**< g/m³ */
	SMGW_UNIT_PA_S = 64,      /**< Pa s */
	SMGW_UNIT_J_PER_KG = 65,  /**< J/kg */
	SMGW_UNIT_G_PER_CM2 = 66, /**< g/cm² (pressure) */
	SMGW_UNIT_ATM = 67,       /**< atm (pressure) */
	SMGW_UNIT_DBM = 70,       /**< dBm */
	SMGW_UNIT_DBUV = 71,      /**< dBµV */
	SMGW_UNIT_DB = 72,        /**< dB */
	SMGW_UNIT_RESERVED = 253, /**< reserved */
	SMGW_UNIT_OTHER = 254,    /**< other unit */
	SMGW_UNIT_COUNT = 255     /**< no unit, unitless count */
};

/**
 * Returns the symbol of a unit code, e.g. "Wh" for 30, "m³" for 13 (UTF-8).
 * Codes without a symbol (10 currency, 253, 254, 255) give "".
 *
 * @param unit a unit code
 * @return a static string, or NULL for codes not defined by IEC 62056-6-2
 */
SMGW_EXPORT const char *smgw_unit_symbol(int32_t unit);

/**
 * Returns an English description, e.g. "active energy" for 30.
 *
 * @param unit a unit code
 * @return a static string, or NULL for undefined codes
 */
SMGW_EXPORT const char *smgw_unit_name(int32_t unit);

/**
 * Looks up a unit code by its symbol as smgw_unit_symbol() returns it
 * (also accepts ASCII spellings such as "m3", "degC", "Ohm"). Symbols are
 * case-sensitive. Where two codes share a symbol the plain one wins
 * ("m³" is 13, not 14 corrected volume).
 *
 * @param symbol a NUL-terminated symbol
 * @return the code (> 0), SMGW_E_NOTFOUND (also for ""), SMGW_E_INVAL
 */
SMGW_EXPORT int smgw_unit_from_symbol(const char *symbol);

SMGW_END_DECLS

#endif /* SMGW_UNIT_H */
