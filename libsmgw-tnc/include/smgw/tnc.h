/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file tnc.h
 * @brief Umbrella header of libsmgw-tnc: Trusted Network Connect: PA-TNC, PB-TNC, PT-TLS, IF-IMC/IF-IMV.
 *
 * Thread safety: no libsmgw library has mutable global state and no
 * library-wide init/cleanup function is required. Distinct objects may be
 * used concurrently from different threads. A single object must not be
 * used from two threads at the same time unless its documentation says
 * otherwise. Callbacks are invoked on the thread that called into the
 * library.
 */
#ifndef SMGW_TNC_H
#define SMGW_TNC_H

#include <smgw/core.h>
#include <smgw/tnc/pa.h>
#include <smgw/tnc/pb.h>
#include <smgw/tnc/pt.h>
#include <smgw/tnc/tncif.h>
#include <smgw/tnc/imc.h>
#include <smgw/tnc/imv.h>
#include <smgw/tnc/tncc.h>
#include <smgw/tnc/tncs.h>

SMGW_BEGIN_DECLS

/**
 * Returns the version of the libsmgw-tnc library that is loaded, as
 * "MAJOR.MINOR.PATCH". Compare with SMGW_VERSION_STRING from the headers.
 * @return the version string (static)
 */
SMGW_EXPORT const char *smgw_tnc_version(void);

SMGW_END_DECLS

#endif /* SMGW_TNC_H */
