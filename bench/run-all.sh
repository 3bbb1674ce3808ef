#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Builds the benchmarks (release) and runs every one of them once, in one
# session, so that docs/PERFORMANCE.md can quote figures taken side by side
# on one machine. usage: bench/run-all.sh [BUILD_DIR]   (default build/bench)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
b=${1:-$top/build/bench}
cd "$top"
if [ -f "$b/build.ninja" ]; then
	meson setup --reconfigure "$b" -Dbuildtype=release -Dbenchmarks=true -Dtests=false -Ddocs=disabled >/dev/null
else
	meson setup "$b" -Dbuildtype=release -Dbenchmarks=true -Dtests=false -Ddocs=disabled >/dev/null
fi
ninja -C "$b" >/dev/null
run() { printf '\n### %s\n\n' "$*"; "$@"; }
run "$b/bench/lmn/smgw-bench-sml" --seconds 3 tests/data/lmn/sml/*/*.bin tests/data/lmn/sml/*/*.dump 2>/dev/null
run "$b/bench/lmn/smgw-bench-dlms" --seconds 0.5 tests/data/lmn/dlms
run "$b/bench/lmn/smgw-bench-wmbus" --seconds 1 tests/data/lmn/wmbus/telegrams
run "$b/bench/tariff/bench-tariff-taf2" 7
run "$b/bench/pki/smgw-bench-chain" --seconds 3
run "$b/bench/pki/smgw-bench-chain" --seconds 3 --crl
if [ -x "$b/bench/pki/smgw-bench-secmod" ]; then
	run "$b/bench/pki/smgw-bench-secmod" --seconds 2
fi
run "$b/bench/tnc/smgw-bench-tnc-codec" --seconds 2
run "$b/bench/tnc/smgw-bench-tnc-assess" 20000
run "$b/bench/core/bench-core-data-model"
