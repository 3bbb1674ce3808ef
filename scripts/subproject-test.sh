#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Gate: the suite works as a meson subproject of a vendor project, and every
# library is found with dependency('libsmgw-<name>').
# usage: subproject-test.sh SRCDIR
set -eu
src=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/proj/subprojects"
cp "$src/pkgconfig/subproject-test/meson.build" "$tmp/proj/meson.build"
cp "$src/pkgconfig/consumer.c" "$tmp/consumer.c"
ln -s "$src" "$tmp/proj/subprojects/libsmgw"
meson setup "$tmp/build" "$tmp/proj" >"$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log"; exit 1; }
ninja -C "$tmp/build" >"$tmp/build.log" 2>&1 || { tail -n 40 "$tmp/build.log"; exit 1; }
"$tmp/build/consumer"
echo "subproject consumer: ok"
