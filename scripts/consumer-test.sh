#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Gate: install the build into a DESTDIR and build a program against the
# installed suite with pkg-config only, once against the shared libraries
# and once against the static archives (when the build has them).
#
# usage: consumer-test.sh BUILDDIR SRCDIR CC LIB...
set -eu
build=$1 src=$2 cc=$3
shift 3
libs="$*"
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null
pcdir=$(find "$dest" -name libsmgw-core.pc -printf '%h\n' | head -n 1)
[ -n "$pcdir" ] || { echo "no libsmgw-core.pc installed"; exit 1; }
export PKG_CONFIG_SYSROOT_DIR="$dest" PKG_CONFIG_LIBDIR="$pcdir:$(pkg-config --variable pc_path pkg-config)"
unset PKG_CONFIG_PATH

defs=""
for l in $libs; do
	case $l in
	libsmgw-lmn) defs="$defs -DHAVE_LMN" ;;
	libsmgw-pki) defs="$defs -DHAVE_PKI" ;;
	libsmgw-tariff) defs="$defs -DHAVE_TARIFF" ;;
	libsmgw-tnc) defs="$defs -DHAVE_TNC" ;;
	esac
	pkg-config --exists "$l" || { echo "pkg-config does not find $l"; exit 1; }
done
echo "pkg-config: $(pkg-config --modversion $libs | tr '\n' ' ')"

# Shared.
if ls "$pcdir"/../libsmgw-core.so >/dev/null 2>&1; then
	# shellcheck disable=SC2046
	$cc -std=c99 -Wall -Wextra -Werror $defs -o "$dest/consumer-shared" "$src/pkgconfig/consumer.c" \
		$(pkg-config --cflags --libs $libs)
	LD_LIBRARY_PATH="$pcdir/.." "$dest/consumer-shared"
	LD_LIBRARY_PATH="$pcdir/.." ldd "$dest/consumer-shared" | grep -q "libsmgw-core.so.1 => $pcdir/.." \
		|| { echo "shared consumer does not use the installed library"; exit 1; }
	echo "shared consumer: ok"
fi

# Static: the archives plus the private dependencies pkg-config lists.
if ls "$pcdir"/../libsmgw-core.a >/dev/null 2>&1; then
	# shellcheck disable=SC2046
	$cc -std=c99 -Wall -Wextra -Werror $defs -o "$dest/consumer-static" "$src/pkgconfig/consumer.c" \
		$(pkg-config --cflags $libs) -Wl,-Bstatic $(pkg-config --libs-only-l $libs | tr ' ' '\n' | grep smgw | tr '\n' ' ') \
		-Wl,-Bdynamic -L"$pcdir/.." $(pkg-config --static --libs $libs | tr ' ' '\n' | grep -v smgw | tr '\n' ' ')
	"$dest/consumer-static"
	if ldd "$dest/consumer-static" | grep -q libsmgw; then
		echo "static consumer still needs a shared libsmgw"; exit 1
	fi
	echo "static consumer: ok"
fi
