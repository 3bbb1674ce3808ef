/* SPDX-License-Identifier: Apache-2.0 */
#include <smgw/lmn.h>

SMGW_EXPORT const char *smgw_lmn_version(void)
{
	return SMGW_VERSION_STRING;
}
