/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A program built outside the source tree against the installed suite,
 * with nothing but `pkg-config --cflags --libs`. The consumer test builds
 * it against the shared and the static libraries.
 */
#include <stdio.h>
#include <string.h>

#include <smgw/core.h>
#ifdef HAVE_LMN
#include <smgw/lmn.h>
#endif
#ifdef HAVE_PKI
#include <smgw/pki.h>
#endif
#ifdef HAVE_TARIFF
#include <smgw/tariff.h>
#endif
#ifdef HAVE_TNC
#include <smgw/tnc.h>
#endif

int main(void)
{
	smgw_ctx *ctx = NULL;
	int bad = 0;

	if (smgw_ctx_new(NULL, &ctx) != 0)
		return 1;
	bad |= strcmp(smgw_version(), SMGW_VERSION_STRING) != 0;
#ifdef HAVE_LMN
	bad |= strcmp(smgw_lmn_version(), SMGW_VERSION_STRING) != 0;
#endif
#ifdef HAVE_PKI
	bad |= strcmp(smgw_pki_version(), SMGW_VERSION_STRING) != 0;
#endif
#ifdef HAVE_TARIFF
	bad |= strcmp(smgw_tariff_version(), SMGW_VERSION_STRING) != 0;
#endif
#ifdef HAVE_TNC
	bad |= strcmp(smgw_tnc_version(), SMGW_VERSION_STRING) != 0;
#endif
	printf("consumer: libsmgw %s, %s\n", smgw_version(), smgw_strerror(SMGW_E_SYNTAX));
	smgw_ctx_unref(ctx);
	return bad;
}
