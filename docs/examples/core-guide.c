/* SPDX-License-Identifier: Apache-2.0 */
/* Worked example of docs/core.md (filled in with the guide). */
#include <smgw/core.h>

int main(void)
{
	return smgw_version()[0] == SMGW_VERSION_STRING[0] ? 0 : 1;
}
