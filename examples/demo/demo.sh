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

capture="$top/tests/data/lmn/sml/libsml-testing/EMH_eHZ-HW8E2A5L0EK2P.bin"
if [ -x "$build/examples/smgw-sml/smgw-sml" ] && [ -f "$capture" ]; then
	section "libsmgw-lmn: an EMH eHZ meter on the LMN (real SML capture), first two SML files"
	"$build/examples/smgw-sml/smgw-sml" "$capture" | sed -n '1,16p'
	files=$("$build/examples/smgw-sml/smgw-sml" --json "$capture" | grep -c '"values"')
	echo "... $files SML files decoded from $(wc -c <"$capture") bytes"
fi

push="$top/tests/data/lmn/dlms/amshan/kamstrup_se_list_real_sample_hdlc_from_comment.hex"
if [ -x "$build/examples/smgw-lmn/smgw-lmn" ] && [ -f "$push" ]; then
	section "libsmgw-lmn: a Kamstrup meter pushes DLMS/COSEM over HDLC (real capture)"
	"$build/examples/smgw-lmn/smgw-lmn" dlms "$push"
fi

if [ -x "$build/examples/smgw-logbook/smgw-logbook" ]; then
	L="$build/examples/smgw-logbook/smgw-logbook"
	section "libsmgw-core: the gateway logs every transfer in the consumer's tamper-evident logbook"
	openssl ecparam -name brainpoolP256r1 -genkey -noout -out "$tmp/anchor-key.pem" 2>/dev/null
	openssl ec -in "$tmp/anchor-key.pem" -pubout -out "$tmp/anchor-pub.pem" 2>/dev/null
	for q in 00 15 30 45; do
		"$L" append --dir "$tmp/logs" --kind consumer --consumer 1EMH0008285967 --source TAF-7 \
			--recipient "EMT 9900000000001" --text "Submission of billing data to external entity" \
			--time "2026-11-22T10:$q:00+01:00" --key "$tmp/anchor-key.pem" --anchor-every 2 >/dev/null
	done
	"$L" list --dir "$tmp/logs" --kind consumer --consumer 1EMH0008285967 --all
	echo
	"$L" verify --dir "$tmp/logs" --kind consumer --consumer 1EMH0008285967 --pubkey "$tmp/anchor-pub.pem"
	echo
	echo "An attacker changes one byte of the logbook:"
	seg=$(ls "$tmp/logs"/consumer-*.seg | head -n 1)
	printf 'X' | dd of="$seg" bs=1 seek=60 conv=notrunc 2>/dev/null
	"$L" verify --dir "$tmp/logs" --kind consumer --consumer 1EMH0008285967 --pubkey "$tmp/anchor-pub.pem" || true
fi

tnc="$build/examples/smgw-tnc/smgw-tnc"
imc="$build/examples/tnc-modules/smgw-imc-os.so"
imv="$build/examples/tnc-modules/smgw-imv-os.so"
if [ -x "$tnc" ] && [ -f "$imc" ] && [ -f "$imv" ]; then
	section "libsmgw-tnc: the Gateway Administrator attests the gateway (TNC over PT-TLS, loopback)"
	printf 'product = Debian GNU/Linux\nmin_version = 12.0\nrequire_operational = yes\n' >"$tmp/gwa-policy.conf"
	SMGW_IMV_OS_POLICY="$tmp/gwa-policy.conf" "$tnc" server --listen 127.0.0.1:0 --imv "$imv" --count 2 \
		>"$tmp/gwa.out" 2>"$tmp/gwa.err" &
	gwa=$!
	i=0
	while ! grep -q '^listening on ' "$tmp/gwa.out" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	addr=$(sed -n 's/^listening on //p' "$tmp/gwa.out")
	echo "GWA policy: Debian GNU/Linux 12.0 or later, operational; listening on $addr"
	echo
	echo "The gateway (Debian GNU/Linux 12.5) is assessed:"
	SMGW_IMC_OS_NAME="Debian GNU/Linux" SMGW_IMC_OS_VERSION=12.5 \
		"$tnc" client --connect "$addr" --imc "$imc" && echo "=> the gateway may operate (exit 0)"
	echo
	echo "A gateway whose firmware reports an outdated system (11.2) is assessed:"
	SMGW_IMC_OS_NAME="Debian GNU/Linux" SMGW_IMC_OS_VERSION=11.2 \
		"$tnc" client --connect "$addr" --imc "$imc" || echo "=> the GWA does not allow it (exit $?)"
	wait "$gwa" || true
	echo
	echo "What the GWA decided:"
	grep "^assessment" "$tmp/gwa.out"
fi
echo
echo "Demo complete."
