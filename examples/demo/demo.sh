#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The end-to-end demo that `scripts/run demo` runs: the example programs of
# the suite on real-looking data, only from the repository (tests/data):
# core (a day of readings), LMN (an SML capture, DLMS pushes plain and
# ciphered, an encrypted wireless M-Bus/OMS telegram), tariff (TAF-2 billing
# over a TRuDI case), PKI (an SM-Test-PKI, profile and chain checks next to
# openssl verify), the security module (software and SoftHSM2 keys, signatures
# checked by openssl), the consumer logbook and TNC attestation. A section is
# left out when its program is not built. Exits non-zero when a step does not
# give the expected result. SMGW_BUILD names the build tree.
set -eu
build=${SMGW_BUILD:?SMGW_BUILD must name the build directory}
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

section() { printf '\n=== %s ===\n\n' "$*"; }
# refused STATUS stderr|stdout COMMAND...: runs a command that must be
# refused with exit status STATUS, shows what it says on that stream (the
# reason, trimmed) and the status; the demo fails on any other status.
refused() {
	want=$1 stream=$2
	shift 2
	rc=0
	"$@" >"$tmp/refused.stdout" 2>"$tmp/refused.stderr" || rc=$?
	sed -e 's/ \[[SVK]: .*//' -e 's/): depth 0.*/)/' "$tmp/refused.$stream" | grep -v '^findings:' | head -n 4
	echo "=> refused (exit $rc)"
	if [ "$rc" -ne "$want" ]; then
		echo "demo: $1 should have exited with $want, not $rc" >&2
		exit 1
	fi
}

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

LMN="$build/examples/smgw-lmn/smgw-lmn"
tinetz="$top/tests/data/lmn/dlms/fneur-smart-meter-tirol"
if [ -x "$LMN" ] && [ -f "$tinetz/tinetz_kaifa_ma309_example.mbus.hex" ]; then
	section "libsmgw-lmn: a Kaifa MA309 pushes a ciphered DLMS notification over wired M-Bus (TINETZ example)"
	# The worked example's key (tests/data/lmn/dlms/fneur-smart-meter-tirol/expected.json).
	ek=$(sed -n 's/.*"encryption_key": "\([0-9A-Fa-f]\{32\}\)".*/\1/p' "$tinetz/expected.json" | head -n 1)
	echo "AES-128-GCM, encryption key $ek (this meter encrypts only, no authentication key):"
	"$LMN" dlms --key-enc "$ek" "$tinetz/tinetz_kaifa_ma309_example.mbus.hex"
	udp="$top/tests/data/lmn/dlms/pwitab-dlms-cosem/udp_wrapper_ggc_00_ic000001E5.hex"
	if [ -f "$udp" ]; then
		# Keys of the pwitab/dlms-cosem vector: EK = AK = "MYDUMMYGLOBALKEY" (expected.json there).
		k=4D5944554D4D59474C4F42414C4B4559
		echo
		echo "A push over UDP, encrypted and authenticated (security control 0x30), with --key-enc and --key-auth:"
		"$LMN" dlms --key-enc "$k" --key-auth "$k" "$udp" >"$tmp/udp.out"
		grep -E 'ciphering:|inner_apdu:|invoke_id:' "$tmp/udp.out"
		echo
		echo "The same push with a wrong authentication key:"
		refused 1 stderr "$LMN" dlms --key-enc "$k" --key-auth 00112233445566778899AABBCCDDEEFF "$udp"
	fi
fi

wm="$top/tests/data/lmn/wmbus/telegrams"
if [ -x "$LMN" ] && [ -f "$wm/10_kadenwater_ci7a_enc.hex" ]; then
	section "libsmgw-lmn: a Kaden water meter sends an encrypted wireless M-Bus/OMS telegram (security mode 5)"
	# The meter's key as wmbusmeters' test gives it (tests/data/lmn/wmbus/telegrams/expected.json).
	key=$(sed -n '/"10_kadenwater_ci7a_enc.hex"/,/"key"/s/.*"key": "\([0-9A-Fa-f]\{32\}\)".*/\1/p' "$wm/expected.json")
	echo "telegram: $(cut -c1-64 "$wm/10_kadenwater_ci7a_enc.hex")..."
	echo "key:      $key"
	echo
	"$LMN" wmbus --key "$key" "$wm/10_kadenwater_ci7a_enc.hex" >"$tmp/wmbus.out"
	cat "$tmp/wmbus.out"
	echo
	echo "wmbusmeters reads the same telegram as:$(sed -n '/"10_kadenwater_ci7a_enc.hex"/,/^ }/s/^ *"\(total_m3\|max_flow_m3h\|meter_datetime\)": "*\([^"]*\)"*,$/ \1 = \2,/p' "$wm/expected.json" | tr -d '\n' | sed 's/,$//')"
	total=$(sed -n '/"10_kadenwater_ci7a_enc.hex"/,/^ }/s/^ *"total_m3": \([0-9.]*\),$/\1/p' "$wm/expected.json")
	grep -q "^  volume  *$total m" "$tmp/wmbus.out" || { echo "demo: the volume is not wmbusmeters' $total" >&2; exit 1; }
	echo
	echo "The same telegram with a wrong key:"
	refused 1 stderr "$LMN" wmbus --key 82B0551191F51D66EFCDAB8967452300 "$wm/10_kadenwater_ci7a_enc.hex"
fi

TAR="$build/examples/smgw-tariff/smgw-tariff"
trudi="$top/tests/data/tariff/trudi"
schema="$top/libsmgw-tariff/data/schema"
if [ -x "$TAR" ] && [ -f "$trudi/cases.txt" ]; then
	section "libsmgw-tariff: TAF-2 billing of a day with a two-hour gap (TRuDI supplier file and gateway export)"
	sup="$trudi/xml/taf2_supplier_single_day.xml"
	dev="$trudi/xml/taf2_result_single_day_2h-gap.xml"
	"$TAR" check --schema "$schema" "$sup" >"$tmp/check.out"
	sed "s|$trudi/||" "$tmp/check.out"
	echo
	"$TAR" eval --schema "$schema" --supplier "$sup" --device "$dev"
	echo
	echo "TRuDI's reference (TestSingleDayWithGapOnTariffChange):"
	ref=$(grep '^TestSingleDayWithGapOnTariffChange|' "$trudi/cases.txt" | cut -d'|' -f5-7)
	echo "$ref" | cut -d'|' -f3 | tr ';' '\n' | sed 's/^\(.*\)=\(.*\)=\(.*\)$/  \1  \2  tariff \3/'
	# The same registers, from our computation in TRuDI's notation: begin|end|obis=amount=tariff;...
	ours=$("$TAR" eval --csv --schema "$schema" --supplier "$sup" --device "$dev" |
		awk -F, 'NR > 1 { r = r (r == "" ? "" : ";") $3 "=" $4 "=" $5; b = $1; e = $2 } END { print b "|" e "|" r }')
	if [ "$ours" = "$ref" ]; then
		echo "=> billing range and every register equal to TRuDI's"
	else
		echo "demo: registers differ from TRuDI's: $ours" >&2
		exit 1
	fi
	echo
	echo "TAF-1 over an export whose reading at the start of the month carries PTB status 4 (fatal error):"
	refused 2 stderr "$TAR" eval --schema "$schema" --supplier "$trudi/xml/taf1_supplier_1_month.xml" \
		--device "$trudi/xml/taf1_result_1_month_start_statusPTB4.xml"
fi

PKI="$build/examples/smgw-pki/smgw-pki"
if [ -x "$PKI" ]; then
	section "libsmgw-pki: an SM-Test-PKI, and the gateway's TLS certificate checked against the TR-03109-4 profile"
	# Fixed dates, so the demo shows the same on every day.
	"$PKI" testpki --not-before 2026-01-01T00:00:00Z "$tmp/pki" >"$tmp/testpki.out"
	sed "s|$tmp/||" "$tmp/testpki.out"
	at=2026-06-01T12:00:00+02:00
	attime=$(date -u -d "$at" +%s)
	policy=0.4.0.127.0.7.3.4.1.1.1
	cd "$tmp/pki"
	echo
	echo "The gateway's TLS certificate, as an SMGW TLS certificate, with the sub-CA's CRL, at $at:"
	"$PKI" check --role smgw --type tls --trust root.pem --crl subca.crl.pem --at "$at" smgw-tls.pem subca.pem \
		>"$tmp/check.out"
	grep -E '^(subject|key|policy|chain|RESULT):' "$tmp/check.out"
	echo
	echo "A revoked EMT certificate (on subca.crl.pem):"
	refused 1 stdout "$PKI" check -q --role emt --type tls --trust root.pem --crl subca.crl.pem --at "$at" revoked-emt-tls.pem subca.pem
	echo
	echo "The gateway's certificate presented as a GWA TLS certificate:"
	refused 1 stdout "$PKI" check -q --role gwa --type tls --trust root.pem --at "$at" smgw-tls.pem subca.pem
	echo
	echo "OpenSSL agrees (openssl verify -x509_strict -policy_check -explicit_policy -policy $policy):"
	openssl verify -x509_strict -policy_check -explicit_policy -policy "$policy" -attime "$attime" \
		-CAfile root.pem -untrusted subca.pem smgw-tls.pem
	rc=0
	openssl verify -x509_strict -policy_check -explicit_policy -policy "$policy" -attime "$attime" \
		-crl_check -CRLfile subca.crl.pem -CAfile root.pem -untrusted subca.pem revoked-emt-tls.pem \
		>"$tmp/ossl.out" 2>&1 || rc=$?
	grep -E '^error' "$tmp/ossl.out" | head -n 2
	echo "=> openssl refuses it too (exit $rc)"
	grep -q 'certificate revoked' "$tmp/ossl.out" || { echo "demo: openssl did not find the revocation" >&2; exit 1; }
	cd "$top"

	section "libsmgw-pki: the security module generates a brainpool key and signs a reading; OpenSSL verifies"
	printf '1EMH0008285967 2026-11-22T10:15:00+01:00 1-0:1.8.0*255 12345.6789 kWh\n' >"$tmp/reading.txt"
	secmod() { # label, module options...
		label=$1
		shift
		echo "$label: $("$PKI" modinfo "$@" | sed -n 's/^capabilities: //p')"
		"$PKI" keygen "$@" --slot smgw-sig --curve brainpoolP256r1 --usage sign --out "$tmp/$label.pub.pem" >/dev/null
		"$PKI" sign "$@" --slot smgw-sig --in "$tmp/reading.txt" --md sha256 --out "$tmp/$label.sig"
		echo "  key: $(openssl pkey -pubin -in "$tmp/$label.pub.pem" -noout -text | sed -n 's/^ASN1 OID: //p'), signature $(wc -c <"$tmp/$label.sig") bytes (DER ECDSA)"
		printf '  openssl dgst -sha256 -verify: '
		openssl dgst -sha256 -verify "$tmp/$label.pub.pem" -signature "$tmp/$label.sig" "$tmp/reading.txt"
		sed 's/12345.6789/12345.6790/' "$tmp/reading.txt" >"$tmp/forged.txt"
		printf '  the same signature over a forged reading: '
		if openssl dgst -sha256 -verify "$tmp/$label.pub.pem" -signature "$tmp/$label.sig" "$tmp/forged.txt" \
			>"$tmp/forged.out" 2>&1; then
			echo "demo: openssl accepted a forged reading" >&2
			exit 1
		fi
		head -n 1 "$tmp/forged.out"
	}
	echo "reading: $(cat "$tmp/reading.txt")"
	echo
	mkdir -m 700 "$tmp/softkeys"
	secmod software --soft "$tmp/softkeys"
	p11=""
	for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*-linux-gnu*/softhsm/libsofthsm2.so; do
		[ -r "$m" ] && p11=$m && break
	done
	if [ -n "$p11" ] && command -v softhsm2-util >/dev/null 2>&1; then
		mkdir -m 700 "$tmp/tokens"
		printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$tmp/tokens" >"$tmp/softhsm2.conf"
		SOFTHSM2_CONF="$tmp/softhsm2.conf"
		SMGW_DEMO_PIN=1234
		export SOFTHSM2_CONF SMGW_DEMO_PIN
		softhsm2-util --init-token --free --label smgw-demo --so-pin 12345678 --pin "$SMGW_DEMO_PIN" >/dev/null
		echo
		secmod SoftHSM2 --pkcs11 "$p11" --token smgw-demo --pin-env SMGW_DEMO_PIN
	else
		echo
		echo "(SoftHSM2 not installed: the PKCS#11 backend is not shown)"
	fi
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
