/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file lmn.h
 * @brief Umbrella header of libsmgw-lmn: SML 1.04, DLMS/COSEM over HDLC, wireless M-Bus/OMS.
 *
 * Thread safety: no libsmgw library has mutable global state and no
 * library-wide init/cleanup function is required. Distinct objects may be
 * used concurrently from different threads. A single object must not be
 * used from two threads at the same time unless its documentation says
 * otherwise. Callbacks are invoked on the thread that called into the
 * library.
 */
#ifndef SMGW_LMN_H
#define SMGW_LMN_H

#include <smgw/core.h>
#include <smgw/sml.h>
#include <smgw/hdlc.h>
#include <smgw/axdr.h>
#include <smgw/dlms.h>
#include <smgw/cosem.h>
#include <smgw/wmbus.h>

SMGW_BEGIN_DECLS

/**
 * Returns the version of the libsmgw-lmn library that is loaded, as
 * "MAJOR.MINOR.PATCH". Compare with SMGW_VERSION_STRING from the headers.
 * @return the version string (static)
 */
SMGW_EXPORT const char *smgw_lmn_version(void);

SMGW_END_DECLS

#endif /* SMGW_LMN_H */
