/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file pki.h
 * @brief Umbrella header of libsmgw-pki: SM-PKI certificates, TR-03109-3 TLS profile, CMS, security module.
 *
 * Thread safety: no libsmgw library has mutable global state and no
 * library-wide init/cleanup function is required. Distinct objects may be
 * used concurrently from different threads. A single object must not be
 * used from two threads at the same time unless its documentation says
 * otherwise. Callbacks are invoked on the thread that called into the
 * library.
 */
#ifndef SMGW_PKI_H
#define SMGW_PKI_H

#include <smgw/core.h>
#include <smgw/pkictx.h>
#include <smgw/cert.h>
#include <smgw/certprofile.h>
#include <smgw/chain.h>
#include <smgw/testpki.h>
#include <smgw/secmod.h>

SMGW_BEGIN_DECLS

/**
 * Returns the version of the libsmgw-pki library that is loaded, as
 * "MAJOR.MINOR.PATCH". Compare with SMGW_VERSION_STRING from the headers.
 * @return the version string (static)
 */
SMGW_EXPORT const char *smgw_pki_version(void);

SMGW_END_DECLS

#endif /* SMGW_PKI_H */
