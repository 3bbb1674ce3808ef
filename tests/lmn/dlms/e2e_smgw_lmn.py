#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# End-to-end test of `smgw-lmn dlms`: every real push (LLC PDU and HDLC
# frame) decodes, and the values the amshan tests assert appear in the
# JSON output with the same OBIS code and value * 10^scaler. TAP output.
import json
import os
import subprocess
import sys

exe, data = sys.argv[1], sys.argv[2]
amshan = os.path.join(data, 'lmn', 'dlms', 'amshan')
n = 0
fails = 0


def ok(cond, what):
    global n, fails
    n += 1
    if not cond:
        fails += 1
    print('%s %d - %s' % ('ok' if cond else 'not ok', n, what))


def run(*args):
    return subprocess.run([exe] + list(args), capture_output=True, text=True)


expected = {}
for line in open(os.path.join(amshan, 'expected-items.txt')):
    if line.startswith('#'):
        continue
    f, idx, obis, kind, value = line.rstrip('\n').split('\t')
    if obis != '-' and kind == 'int':
        expected.setdefault(f, []).append((obis, int(value)))


def obis_dotted(text):  # "1-0:1.7.0*255" -> "1.0.1.7.0.255"
    ab, rest = text.split(':')
    a, b = ab.split('-')
    cde, f = rest.split('*')
    return '.'.join([a, b] + cde.split('.') + [f])


for f in sorted(os.listdir(amshan)):
    if not f.endswith('.llc.hex'):
        continue
    r = run('dlms', '--json', os.path.join(amshan, f))
    ok(r.returncode == 0, '%s decodes (exit 0)' % f)
    objs = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
    ok(len(objs) == 1 and objs[0].get('apdu') == 'data-notification', '%s: one data-notification' % f)
    values = {}
    for v in objs[0].get('values', []) if objs else []:
        scaled = v['value']
        s = v['scaler']
        want_mul = 1
        while s > 0:
            scaled *= 10
            s -= 1
        while s < 0:
            want_mul *= 10
            s += 1
        values[obis_dotted(v['obis'])] = (scaled, want_mul)
    for obis, want in expected.get(f, []):
        got = values.get(obis)
        ok(got is not None and got[0] == want * got[1], '%s %s = %d' % (f, obis, want))

r = run('dlms', '--json', os.path.join(amshan, 'kamstrup_se_list_real_sample_hdlc_from_comment.hex'))
ok(r.returncode == 0 and '"hdlc":{"dst":21,"src":16,"control":19}' in r.stdout, 'HDLC frame input with header fields')
r = run('dlms', '7EA00C0102011027A00201E7DF7E')
ok(r.returncode == 1 and 'checksum mismatch' in r.stdout, 'broken FCS: exit 1 with a clear message')
r = run('dlms', 'e6e7000f4000')
ok(r.returncode == 1, 'truncated APDU: exit 1')
r = run('dlms', 'not hex')
ok(r.returncode == 2, 'neither file nor hex: exit 2')
r = run('wmbus', 'x')
ok(r.returncode == 2, 'unknown command: exit 2')
r = run('--help')
ok(r.returncode == 0 and 'usage' in r.stdout, '--help')
print('1..%d' % n)
sys.exit(1 if fails else 0)
