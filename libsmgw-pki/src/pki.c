/* SPDX-License-Identifier: Apache-2.0 */
#include <smgw/pki.h>

SMGW_EXPORT const char *smgw_pki_version(void)
{
	return SMGW_VERSION_STRING;
}
