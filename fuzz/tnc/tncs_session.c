/* SPDX-License-Identifier: Apache-2.0 */
/* The TNC server reading a hostile client stream (see tnc-session.inc). */
#define FUZZ_SERVER 1
#include "tnc-session.inc"
