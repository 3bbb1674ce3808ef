/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OpenSSL functions that take a time_t use the time_t libcrypto was built
 * with. On 32-bit targets the suite is compiled with -D_TIME_BITS=64, but a
 * distribution's libcrypto may have a 32-bit time_t (Debian 12 armhf): the
 * configure step detects that (SMGW_OSSL_TIME_BITS, see meson.build) and
 * this unit then uses the 32-bit time_t, so the argument has the width the
 * library reads. Nothing else in this unit depends on time_t.
 */
#if defined(SMGW_OSSL_TIME_BITS) && SMGW_OSSL_TIME_BITS == 32
#undef _TIME_BITS
#endif

#include <time.h>

#include <smgw/error.h>

#include "ossl-time.h"

#if defined(SMGW_OSSL_TIME_BITS) && SMGW_OSSL_TIME_BITS == 32
_Static_assert(sizeof(time_t) == 4, "SMGW_OSSL_TIME_BITS=32 needs the 32-bit time_t");
#define OSSL_TIME_MIN INT32_MIN
#define OSSL_TIME_MAX INT32_MAX
#else
_Static_assert(sizeof(time_t) == 8, "64-bit time_t expected");
#define OSSL_TIME_MIN INT64_MIN
#define OSSL_TIME_MAX INT64_MAX
#endif

int smgw__ossl_verify_param_set_time(X509_VERIFY_PARAM *param, int64_t secs)
{
	if (secs < OSSL_TIME_MIN || secs > OSSL_TIME_MAX)
		return SMGW_E_RANGE;
	X509_VERIFY_PARAM_set_time(param, (time_t)secs);
	return 0;
}
