/* SPDX-License-Identifier: Apache-2.0 */
/* The TNC client reading a hostile server stream (see tnc-session.inc). */
#include "tnc-session.inc"
