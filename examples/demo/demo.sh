#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The end-to-end demo that `scripts/run demo` runs: the example programs of
# the suite on real-looking data. SMGW_BUILD names the build tree.
set -eu
build=${SMGW_BUILD:?SMGW_BUILD must name the build directory}
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

section() { printf '\n=== %s ===\n\n' "$*"; }

section "libsmgw-core: a day of quarter-hour readings across the start of summer time"
"$build/examples/demo/smgw-demo"
