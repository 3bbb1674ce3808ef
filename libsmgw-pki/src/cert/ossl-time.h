/* SPDX-License-Identifier: Apache-2.0 */
/* The one place that hands a time_t to OpenSSL (see ossl-time.c). */
#ifndef SMGW_PKI_OSSL_TIME_H
#define SMGW_PKI_OSSL_TIME_H

#include <stdint.h>

#include <openssl/x509_vfy.h>

/* Sets the verification time to @p secs since the epoch. Returns 0, or
 * SMGW_E_RANGE if libcrypto's time_t cannot hold it (32-bit time_t). */
int smgw__ossl_verify_param_set_time(X509_VERIFY_PARAM *param, int64_t secs);

#endif
