/* SPDX-License-Identifier: Apache-2.0 */
#include <smgw/tariff.h>

SMGW_EXPORT const char *smgw_tariff_version(void)
{
	return SMGW_VERSION_STRING;
}
