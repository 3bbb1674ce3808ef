#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# End-to-end test of smgw-logbook, with the openssl command line as the
# independent check of an anchor signature. TAP output.
# usage: e2e_smgw_logbook.sh SMGW-LOGBOOK
set -u
L=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }

openssl ecparam -name brainpoolP256r1 -genkey -noout -out "$T/key.pem" 2>/dev/null
openssl ec -in "$T/key.pem" -pubout -out "$T/pub.pem" 2>/dev/null
openssl ecparam -name brainpoolP256r1 -genkey -noout -out "$T/other.pem" 2>/dev/null
openssl ec -in "$T/other.pem" -pubout -out "$T/otherpub.pem" 2>/dev/null

i=0
while [ $i -lt 12 ]; do
	i=$((i + 1))
	"$L" append --dir "$T/log" --source gateway --type $((i % 3)) --level $((1 + i % 4)) \
		--subject "consumer-1" --text "event $i" --time "2026-03-29T0$((i % 4)):1$((i % 6)):00+01:00" \
		--key "$T/key.pem" --anchor-every 5 >/dev/null || no "append $i"
done
check "append prints the sequence number" '[ "$("$L" append --dir "$T/log" --source x --time 2026-03-30T00:00:00Z)" = 14 ]'
check "list shows 13 events" '[ "$("$L" list --dir "$T/log" | wc -l)" = 13 ]'
check "list --all shows anchors too" '[ "$("$L" list --dir "$T/log" --all | grep -c anchor)" = 2 ]'
check "list --type filters" '[ "$("$L" list --dir "$T/log" --type 1 | wc -l)" = 4 ]'
check "list --from/--to filters" '[ "$("$L" list --dir "$T/log" --from 2026-03-29T01:00:00+01:00 --to 2026-03-29T02:00:00+01:00 | wc -l)" = 3 ]'
check "list --min-level filters" '[ "$("$L" list --dir "$T/log" --min-level 4 | wc -l)" = 3 ]'
check "verify with the right key: exit 0" '"$L" verify --dir "$T/log" --pubkey "$T/pub.pem" >"$T/v.txt" && grep -q "2 anchors verified" "$T/v.txt"'
check "verify with another key: exit 1" '! "$L" verify --dir "$T/log" --pubkey "$T/otherpub.pem" >/dev/null'

# Independent check: openssl verifies the first anchor's signature over the
# hash of the record before it (from the JSON export).
"$L" export --dir "$T/log" --json --all >"$T/all.json"
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
recs = json.load(open(t + "/all.json"))
a = next(i for i, r in enumerate(recs) if r["record"] == "anchor")
open(t + "/digest.bin", "wb").write(bytes.fromhex(recs[a - 1]["hash"]))
open(t + "/sig.der", "wb").write(bytes.fromhex(recs[a]["signature"]))
PY
check "openssl verifies the anchor signature" 'openssl pkeyutl -verify -pubin -inkey "$T/pub.pem" -in "$T/digest.bin" -sigfile "$T/sig.der" >/dev/null 2>&1'
check "openssl rejects it with another key" '! openssl pkeyutl -verify -pubin -inkey "$T/otherpub.pem" -in "$T/digest.bin" -sigfile "$T/sig.der" >/dev/null 2>&1'

check "export --json is valid JSON with 13 events" '"$L" export --dir "$T/log" --json | python3 -c "import json,sys; assert len(json.load(sys.stdin)) == 13"'
check "export --xml is well-formed with 13 LogEntry" '"$L" export --dir "$T/log" --xml | python3 -c "import sys, xml.dom.minidom as m; d = m.parse(sys.stdin); assert len(d.getElementsByTagName(\"LogEntry\")) == 13"'

# A flipped bit makes verify fail and name the record.
seg="$T/log/system-0000000000000000.seg"
cp -r "$T/log" "$T/flip"
python3 -c "
import sys
p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); b[len(b) // 2] ^= 0x10; open(p, 'wb').write(b)" "$T/flip/system-0000000000000000.seg"
check "verify of a flipped bit: exit 1, names the record" '! "$L" verify --dir "$T/flip" >"$T/f.txt" && grep -q "first bad record" "$T/f.txt"'

# A torn write: the read-only verify reports it, the next append recovers.
cp -r "$T/log" "$T/torn"
size=$(stat -c %s "$T/torn/system-0000000000000000.seg")
truncate -s $((size - 7)) "$T/torn/system-0000000000000000.seg"
check "verify of a torn tail: exit 1" '! "$L" verify --dir "$T/torn" >/dev/null'
check "append recovers and reports the torn tail" '"$L" append --dir "$T/torn" --source x 2>"$T/r.txt" >/dev/null && grep -q recovered "$T/r.txt"'
check "after recovery the log verifies" '"$L" verify --dir "$T/torn" >/dev/null'

# consumer logs are separate
"$L" append --dir "$T/log" --kind consumer --consumer alice --source gw --text "for alice" >/dev/null
"$L" append --dir "$T/log" --kind consumer --consumer bob --source gw --text "for bob" >/dev/null
check "a consumer handle sees only its own records" '[ "$("$L" list --dir "$T/log" --kind consumer --consumer alice | grep -c "for")" = 1 ] && ! "$L" list --dir "$T/log" --kind consumer --consumer alice | grep -q bob'

# bad input
check "no --dir: exit 2" '"$L" list >/dev/null 2>&1; [ $? = 2 ]'
check "bad command: exit 2" '"$L" frobnicate --dir "$T/log" >/dev/null 2>&1; [ $? = 2 ]'
check "bad time: exit 2" '"$L" append --dir "$T/log" --source x --time yesterday >/dev/null 2>&1; [ $? = 2 ]'
check "--consumer without --kind consumer: exit 2" '"$L" list --dir "$T/log" --consumer x >/dev/null 2>&1; [ $? = 2 ]'
check "--help: exit 0" '"$L" --help >/dev/null'

echo "1..$n"
[ $fails -eq 0 ]
