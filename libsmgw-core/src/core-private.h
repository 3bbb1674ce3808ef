/* SPDX-License-Identifier: Apache-2.0 */
/* Private helpers of libsmgw-core. Never installed. */
#ifndef SMGW_CORE_PRIVATE_H
#define SMGW_CORE_PRIVATE_H

#include <smgw/core.h>

#ifndef SMGW_LOG_MAX_LEVEL
#define SMGW_LOG_MAX_LEVEL 7
#endif

/* Programming-error guard: returns SMGW_E_INVAL instead of crashing. */
#define smgw_return_if_fail(expr) \
	do { \
		if (!(expr)) \
			return SMGW_E_INVAL; \
	} while (0)

#define SMGW_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Compile-time ceiling for log statements: with -Dlog_max_level=3 the
 * strings of INFO/DEBUG messages are not even in the binary. */
#define smgw__log(ctx, level, domain, ...) \
	do { \
		if ((level) <= SMGW_LOG_MAX_LEVEL) \
			smgw_ctx_log((ctx), (level), (domain), __VA_ARGS__); \
	} while (0)

#endif
