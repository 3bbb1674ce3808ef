/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file core.h
 * @brief Umbrella header of libsmgw-core.
 *
 * Thread safety: no libsmgw library has mutable global state and no
 * library-wide init/cleanup function is required. Distinct objects may be
 * used concurrently from different threads. A single object must not be
 * used from two threads at the same time unless its documentation says
 * otherwise. A `smgw_ctx` is immutable after smgw_ctx_new() plus its
 * smgw_ctx_set_*() configuration calls, so it may be shared read-only and
 * ref-counted across threads (_ref/_unref are atomic). Callbacks are
 * invoked on the thread that called into the library.
 */
#ifndef SMGW_CORE_H
#define SMGW_CORE_H

#include <smgw/version.h>
#include <smgw/export.h>
#include <smgw/error.h>
#include <smgw/ctx.h>
#include <smgw/bytes.h>
#include <smgw/obis.h>
#include <smgw/unit.h>
#include <smgw/status.h>
#include <smgw/value.h>
#include <smgw/time.h>
#include <smgw/holiday.h>
#include <smgw/logbook.h>

#endif /* SMGW_CORE_H */
