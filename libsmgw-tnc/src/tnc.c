/* SPDX-License-Identifier: Apache-2.0 */
#include <smgw/tnc.h>

SMGW_EXPORT const char *smgw_tnc_version(void)
{
	return SMGW_VERSION_STRING;
}
