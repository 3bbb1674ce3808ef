#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# End-to-end test of `smgw-lmn wmbus` against independent truth, TAP output:
#  - every real telegram of tests/data/lmn/wmbus decodes (with its key where
#    the source gives one) and every value wmbusmeters asserts for it appears
#    among the records with a compatible unit, except where
#    expected-outcomes.txt names the reason a generic EN 13757-3 decoder
#    cannot produce it (and the test checks that reason holds);
#  - the same telegrams with their data-link CRCs of frame format A and B
#    added (CRC computed here, bit by bit, checked against the catalogue
#    check value of CRC-16/EN-13757) decode to the same values, and every
#    changed bit of such a frame is rejected;
#  - security mode 5: the plaintext equals `openssl enc -aes-128-cbc -d`
#    with the IV built here; a wrong and a missing key are clear errors;
#  - security mode 7: a telegram built here with the openssl command line
#    (AES-CMAC key derivation, AES-128-CBC, AES-CMAC MAC) decodes; a wrong
#    key and an altered ciphertext fail the MAC check.
import json
import os
import subprocess
import sys
import tempfile
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmbus_expect import matches, matches_number, numeric_fields, run, telegrams  # noqa: E402

exe, data = sys.argv[1], sys.argv[2]
openssl_exe = sys.argv[3] if len(sys.argv) > 3 else 'openssl'
n = 0
fails = 0


def ok(cond, what):
    global n, fails
    n += 1
    if not cond:
        fails += 1
    print('%s %d - %s' % ('ok' if cond else 'not ok', n, what))


def crc16(b):
    c = 0
    for x in b:
        c ^= x << 8
        for _ in range(8):
            c = ((c << 1) ^ 0x3D65) & 0xFFFF if c & 0x8000 else (c << 1) & 0xFFFF
    return c ^ 0xFFFF


def with_crc(b):
    c = crc16(b)
    return b + bytes([c >> 8, c & 0xFF])


def format_a(t):
    out = with_crc(t[:10])
    for i in range(10, len(t), 16):
        out += with_crc(t[i:i + 16])
    return out


def format_b(t):
    total = len(t) + (2 if len(t) <= 126 else 4)
    t = bytes([total - 1]) + t[1:]
    if len(t) <= 126:
        return with_crc(t)
    return with_crc(t[:126]) + with_crc(t[126:])


def decode(*args):
    r = run(exe, 'wmbus', '--json', *args)
    try:
        return r.returncode, json.loads(r.stdout), r.stderr
    except ValueError:
        return r.returncode, {}, r.stderr


def decode_all(*args):
    """Several telegrams in one invocation: one JSON object per line."""
    r = run(exe, 'wmbus', '--json', *args)
    try:
        return r.returncode, [json.loads(x) for x in r.stdout.splitlines()], r.stderr
    except ValueError:
        return r.returncode, [], r.stderr


def meter(o):
    return (o.get('mfct'), o.get('id'), o.get('version'), o.get('device_type'))


ok(crc16(b'123456789') == 0xC2B7, 'CRC-16/EN-13757 check value 0xC2B7 (independent implementation)')

# ---- expected outcomes -----------------------------------------------------
outcomes = {}
for line in open(os.path.join(data, 'expected-outcomes.txt')):
    if line.startswith('#') or not line.strip():
        continue
    parts = line.rstrip('\n').split('\t')
    outcomes[parts[0]] = (parts[1], parts[2].split(',') if len(parts) > 2 and parts[2] else [], parts[3:])

seen = set()
frames_checked = 0
decoded = {}    # label -> (hex, key args, json) of every telegram
compacts = []   # (label, hex, key args, expected, outcome) of the compact frames
for label, h, key, exp in telegrams(data):
    seen.add(label)
    args = []
    if key and len(key) == 32:
        args += ['--key', key]
    rc, o, err = decode(*(args + [h]))
    decoded[label] = (h, args, o)
    what, listed, _ = outcomes.get(label, ('values', [], []))
    if o.get('apl') == 'compact' or what.startswith('compact-after:'):
        compacts.append((label, h, args, exp, outcomes.get(label)))
    if what.startswith('error:'):
        ok(rc == 1 and o.get('error') == what[6:], '%s: %s (exit 1)' % (label, what[6:]))
        continue
    if what.startswith('compact-after:'):
        ok(rc == 1 and o.get('apl') == 'compact' and o.get('error') == 'SMGW_E_WMBUS_FORMAT_UNKNOWN' and
           o.get('values') == [], '%s alone: compact frame, SMGW_E_WMBUS_FORMAT_UNKNOWN, no values' % label)
        continue
    if what == 'records-error':
        ok(rc == 1 and 'values' in o and o.get('error'), '%s: header and records, then a record error' % label)
    else:
        ok(rc == 0 and 'values' in o, '%s decodes (exit 0)' % label)
    recs = o.get('values', [])
    missing = []
    for k, v in numeric_fields(exp):
        m = matches(k, v, recs)
        if m is None or m:
            continue
        if what == 'vendor' and matches_number(v, recs):
            continue
        missing.append(k)
    if what in ('values', 'records-error'):
        ok(missing == listed, '%s: every asserted value found%s' % (label, ' except ' + ','.join(listed) if listed else ''))
    elif what == 'mfct-ci':
        ok(o.get('apl') == 'manufacturer specific', '%s: manufacturer-specific CI, payload given raw' % label)
    elif what == 'compact':
        ok(o.get('apl') == 'compact', '%s: compact frame (needs the format of an earlier full frame)' % label)
    elif what in ('mfct', 'vendor'):
        ok(any(r.get('manufacturer_specific') for r in recs) and missing == listed,
           '%s: values in manufacturer-specific records%s' % (label, ' except ' + ','.join(listed) if listed else ''))
    else:
        ok(False, '%s: unknown outcome %s' % (label, what))
    # The same telegram with the data-link CRCs of format A and B.
    if rc == 0 and o.get('format') == 'nocrc' and frames_checked < 400:
        t = bytes.fromhex(h)
        for name, frame in (('A', format_a(t)), ('B', format_b(t))):
            rc2, o2, _ = decode(*(args + [frame.hex()]))
            ok(rc2 == 0 and o2.get('format') == name and o2.get('values') == o.get('values'),
               '%s in frame format %s: same values' % (label, name))
        frames_checked += 1

ok(not (set(outcomes) - seen), 'every entry of expected-outcomes.txt names a telegram')

# ---- compact frames: after the meter's full frame, in one invocation --------
# Every compact frame of the data set whose meter (M, ID, version, type) also
# sent a full frame here must decode after it to every value its source
# asserts; one without must be SMGW_E_WMBUS_FORMAT_UNKNOWN. The pairing is
# found here from the headers and must be the one expected-outcomes.txt names.
ok(len(compacts) >= 9, 'the data set holds %d compact frames' % len(compacts))
for label, h, args, exp, outcome in compacts:
    o = decoded[label][2]
    fulls = [lb for lb, (_, _, fo) in decoded.items()
             if lb != label and fo.get('apl') == 'records' and meter(fo) == meter(o) and 'error' not in fo]
    what, listed = (outcome[0], outcome[1]) if outcome else ('values', [])
    if not fulls:
        ok(what == 'error:SMGW_E_WMBUS_FORMAT_UNKNOWN',
           '%s: no full frame of meter %s %s in the data set: SMGW_E_WMBUS_FORMAT_UNKNOWN' % (label, o.get('mfct'), o.get('id')))
        continue
    ok(what.startswith('compact-after:') and what[len('compact-after:'):] in fulls,
       '%s: its full frame %s is the one expected-outcomes.txt names' % (label, ','.join(fulls)))
    fh, fargs, fo = decoded[what[len('compact-after:'):]] if what.startswith('compact-after:') else decoded[fulls[0]]
    rc, objs, err = decode_all(*(args + [fh, h]))
    last = objs[-1] if len(objs) == 2 else {}
    recs = last.get('values', [])
    # where the full frame's values are in manufacturer-specific records
    # (outcome vendor), those of its compact frames are too
    vendor = outcomes.get(what[len('compact-after:'):], ('',))[0] == 'vendor'
    missing = [k for k, v in numeric_fields(exp)
               if matches(k, v, recs) is False and not (vendor and matches_number(v, recs))]
    if missing != listed:
        print('# %s: missing %s' % (label, ','.join(missing)))
    ok(rc == 0 and last.get('apl') == 'compact' and last.get('format_signature') == objs[0].get('format_signature') and
       recs and missing == listed,
       '%s after its full frame: signature %s, every asserted value found%s' %
       (label, last.get('format_signature'), ' except ' + ','.join(listed) if listed else ''))
    # the records are the full frame's: the same DIBs and VIBs in the same order
    ok([(r['dib'], r['vib']) for r in recs] == [(r['dib'], r['vib']) for r in objs[0].get('values', [])] if objs else False,
       '%s: the rebuilt records have the full frame\'s DIF/VIF sequence' % label)
    # the same pair from a file, one telegram per line, with a comment and an empty line
    with tempfile.TemporaryDirectory() as tmp:
        p = os.path.join(tmp, 'telegrams.txt')
        open(p, 'w').write('# full frame, then a compact frame\n%s\n\n%s\n' % (fh, h))
        rc2, objs2, _ = decode_all(*(args + [p]))
        ok(rc2 == 0 and objs2 == objs, '%s: the same from a file with one telegram per line' % label)
    # compact frame before its full frame: unknown format, then the full frame still decodes
    rc3, objs3, _ = decode_all(*(args + [h, fh]))
    ok(rc3 == 1 and len(objs3) == 2 and objs3[0].get('error') == 'SMGW_E_WMBUS_FORMAT_UNKNOWN' and
       objs3[1].get('values') == objs[0].get('values'), '%s before its full frame: SMGW_E_WMBUS_FORMAT_UNKNOWN' % label)
    # a changed data byte, with the ELL payload CRC made right again (CI 0x8D,
    # plaintext as given): only the compact frame's data CRC can catch it
    t = bytearray(bytes.fromhex(h))
    if t[10] == 0x8D and not args:
        t[-1] ^= 0x01
        c = crc16(bytes(t[19:]))
        t[17], t[18] = c & 0xFF, c >> 8
        rc4, objs4, _ = decode_all(fh, bytes(t).hex())
        ok(rc4 == 1 and len(objs4) == 2 and objs4[1].get('error') == 'SMGW_E_WMBUS_COMPACT_CRC' and
           objs4[1].get('values') == [], '%s with a data byte changed: SMGW_E_WMBUS_COMPACT_CRC, no values' % label)

# ---- OMS Vol. 2 example telegrams and jMBus cases (oms-examples.txt) ----------
def format_a_len(l):
    data = l + 1
    return data + 2 if data <= 10 else data + 2 + 2 * ((data - 10 + 15) // 16)


for line in open(os.path.join(data, 'oms-examples.txt')):
    if line.startswith('#') or not line.strip():
        continue
    label, key, hexs, checks = line.rstrip('\n').split('\t')
    t = bytes.fromhex(hexs)
    if len(t) not in (t[0] + 1, format_a_len(t[0])):
        t = t[:t[0] + 1]  # receiver bytes (RSSI) after the telegram
    rc, o, err = decode(*((['--key', key] if key != '-' else []) + [t.hex()]))
    vals = o.get('values', [])
    good = True
    for c in checks.split():
        k, want = c.split('=')
        if k == 'error':
            good &= rc == 1 and o.get('error') == want
        elif k.startswith('peek:'):
            got = o.get(k[5:])
            good &= str(got).lower() == want.lower()
        elif k == 'records':
            good &= len(vals) == int(want)
        elif k == 'mode':
            good &= o.get('security_mode') == int(want)
        elif k[0] == 'r' and k[1:].isdigit():
            i = int(k[1:])
            good &= i < len(vals) and 'decimal' in vals[i] and Fraction(vals[i]['decimal']) == Fraction(want)
        elif k in ('type', 'tpl_type'):
            good &= o.get('device_type' if k == 'type' else 'tpl_device_type') == int(want)
        elif k in ('version', 'tpl_version'):
            good &= o.get(k) == int(want)
        else:
            good &= str(o.get(k)).lower() == want.lower()
        if 'error' not in checks:
            good &= rc == 0
    ok(good, '%s: %s' % (label, checks))

# ---- real frames received with their format A CRCs ---------------------------
for line in open(os.path.join(data, 'simulation_dll_crcs.txt')):
    if not line.startswith('telegram='):
        continue
    wire = bytes.fromhex(line.strip()[len('telegram='):].replace('|', ''))
    rc, o, _ = decode(wire.hex())
    ok(rc == 0 and o.get('format') == 'A' and o.get('l') == wire[0],
       'real frame with DLL CRCs (%s): every block CRC verifies, format A detected' % wire[:10].hex())
    rc2, o2, _ = decode(bytes(wire[:-1] + bytes([wire[-1] ^ 0x10])).hex())
    ok(rc2 == 1 and o2.get('error') == 'SMGW_E_CHECKSUM', '... and with its last CRC changed: SMGW_E_CHECKSUM')
    if o.get('ci') == 0x7A:
        recs = o.get('values', [])
        ok(any(r.get('unit') == '°C' and r.get('decimal') == '25.16' for r in recs) and
           any(r.get('date') == '2021-11-06T18:25:00' for r in recs), '... its records decode (25.16 °C, 2021-11-06 18:25)')

# ---- every changed bit of a format A frame is detected ----------------------
t = bytes.fromhex(open(os.path.join(data, 'telegrams', '85_iperl_ci7a_plain.hex')).read().strip())
fa = format_a(t)
bad = 0
for i in range(len(fa)):
    for bit in range(8):
        f = bytearray(fa)
        f[i] ^= 1 << bit
        rc, o, _ = decode(bytes(f).hex())
        if rc != 1 or o.get('error') not in ('SMGW_E_CHECKSUM', 'SMGW_E_WMBUS_LENGTH'):
            bad += 1
ok(bad == 0, 'format A frame: all %d single-bit changes rejected (CRC or length)' % (8 * len(fa)))

# ---- security mode 5 against openssl enc ------------------------------------
with tempfile.TemporaryDirectory() as tmp:
    def openssl(*args, data=b''):
        r = subprocess.run([openssl_exe] + list(args), input=data, capture_output=True)
        if r.returncode != 0:
            raise RuntimeError(r.stderr.decode())
        return r.stdout

    f = '00_aventieswm_ci72_enc.hex'
    key = 'A004EB23329A477F1DD2D7820B56EB3D'
    t = bytes.fromhex(open(os.path.join(data, 'telegrams', f)).read().strip())
    # CI 72: the IV takes M, id, version and type from the long TPL header
    iv = t[15:17] + t[11:15] + t[17:19] + bytes([t[19]]) * 8
    nblocks = (t[21] | t[22] << 8) >> 4 & 15
    plain = openssl('enc', '-d', '-aes-128-cbc', '-nopad', '-K', key, '-iv', iv.hex(), data=t[23:23 + 16 * nblocks])
    rc, o, _ = decode('--key', key, t.hex())
    ok(rc == 0 and plain[:2] == b'\x2f\x2f' and o.get('payload') == (plain + t[23 + 16 * nblocks:]).hex(),
       'mode 5: our plaintext equals openssl enc -aes-128-cbc -d with the OMS IV')
    wrong = 'A004EB23329A477F1DD2D7820B56EB3E'
    rc, o, err = decode('--key', wrong, t.hex())
    ok(rc == 1 and o.get('error') == 'SMGW_E_WMBUS_KEY' and 'wrong key' in err, 'mode 5 wrong key: SMGW_E_WMBUS_KEY, exit 1')
    rc, o, err = decode(t.hex())
    ok(rc == 1 and o.get('error') == 'SMGW_E_WMBUS_NOKEY' and 'no key' in err and o.get('id') == '61070071',
       'mode 5 missing key: SMGW_E_WMBUS_NOKEY, exit 1, names the meter')
    t23 = open(os.path.join(data, 'telegrams', '23_serial_aes_ci8d_enc.hex')).read().strip()
    rc, o, err = decode('--key', wrong, t23)
    ok(rc == 1 and o.get('error') == 'SMGW_E_WMBUS_KEY', 'ELL AES-CTR wrong key: payload CRC fails, exit 1')

    # ---- security mode 7, built with the openssl command line ----------------
    def cmac(k, msg):
        p = os.path.join(tmp, 'm')
        open(p, 'wb').write(msg)
        return bytes.fromhex(openssl('mac', '-cipher', 'AES-128-CBC', '-macopt', 'hexkey:' + k.hex(), '-in', p,
                                     'CMAC').decode().strip())

    rfc = cmac(bytes.fromhex('2b7e151628aed2a6abf7158809cf4f3c'), b'')
    ok(rfc.hex() == 'bb1d6929e95937287fa37d129b756746', 'openssl mac CMAC reproduces RFC 4493 example 1')
    K = bytes.fromhex('000102030405060708090a0b0c0d0e0f')
    base = bytes.fromhex(open(os.path.join(data, 'telegrams', '85_iperl_ci7a_plain.hex')).read().strip())
    link = base[1:10]          # C M A
    payload = base[15:]        # 2f 2f 04 13 ... (16 bytes)
    mcr = bytes.fromhex('23010000')
    ident = base[4:8]
    kenc = cmac(K, b'\x00' + mcr + ident + b'\x07' * 7)
    kmac = cmac(K, b'\x01' + mcr + ident + b'\x07' * 7)
    enc = openssl('enc', '-aes-128-cbc', '-nopad', '-K', kenc.hex(), '-iv', '00' * 16, data=payload)
    tpl = bytes([0x7A, 0x36, 0x00, 0x10, 0x07, 0x10]) + enc   # ACC STS CFG=0x0710 (mode 7, 1 block), CFG-ext KDF 1
    mcl = 0x05                                                 # AES-CMAC-128, 8-byte MAC
    mac = cmac(kmac, bytes([mcl]) + mcr + tpl)[:8]
    afl = bytes([0x90, 15, 0x00, 0x2C, mcl]) + mcr + mac       # FCL: MCL, MCR, MAC present
    body = link + afl + tpl
    tel = bytes([len(body)]) + body
    rc, o, _ = decode('--key', K.hex(), tel.hex())
    vol = [r for r in o.get('values', []) if r.get('unit') == 'm³']
    ok(rc == 0 and o.get('afl', {}).get('mac_verified') is True and o.get('security_mode') == 7 and
       vol and vol[0]['decimal'] == '7.704', 'mode 7 (openssl-built): MAC verified, decrypted, volume 7.704 m³')
    rc, o, _ = decode('--key', K.hex(), format_a(tel).hex())
    ok(rc == 0 and o.get('format') == 'A' and o.get('afl', {}).get('mac_verified') is True, 'mode 7 in frame format A')
    rc, o, err = decode('--key', '00' * 16, tel.hex())
    ok(rc == 1 and o.get('error') == 'SMGW_E_WMBUS_MAC', 'mode 7 wrong key: SMGW_E_WMBUS_MAC, exit 1')
    alt = bytearray(tel)
    alt[-1] ^= 0x01
    rc, o, _ = decode('--key', K.hex(), bytes(alt).hex())
    ok(rc == 1 and o.get('error') == 'SMGW_E_WMBUS_MAC', 'mode 7 altered ciphertext: SMGW_E_WMBUS_MAC')
    rc, o, _ = decode(tel.hex())
    ok(rc == 1 and o.get('error') == 'SMGW_E_WMBUS_NOKEY', 'mode 7 without key: SMGW_E_WMBUS_NOKEY')

# ---- already decrypted payloads ------------------------------------------------
t26 = open(os.path.join(data, 'telegrams', '26_amiplus_ci7a_plain.hex')).read().strip()
rc, o, _ = decode(t26)
ok(rc == 0 and o.get('predecrypted') is True and o.get('security_mode') == 5,
   'mode 5 announced, payload already plaintext: decoded, marked predecrypted')
rc, o, err = decode('--strict', t26)
ok(rc == 1 and o.get('error') == 'SMGW_E_WMBUS_NOKEY', '... rejected with --strict (no key)')
rc, o, _ = decode('--key', '00' * 16, t26)
ok(rc == 0 and o.get('predecrypted') is True, '... with a key that does not decrypt it: plaintext kept, marked')
rc, o, _ = decode('--strict', '--key', '00' * 16, t26)
ok(rc == 1 and o.get('error') == 'SMGW_E_WMBUS_KEY', '... --strict with that key: SMGW_E_WMBUS_KEY')

# ---- binary input -------------------------------------------------------------
with tempfile.TemporaryDirectory() as tmp:
    p = os.path.join(tmp, 't.bin')
    open(p, 'wb').write(bytes.fromhex(open(os.path.join(data, 'telegrams', '85_iperl_ci7a_plain.hex')).read().strip()))
    rc, o, _ = decode(p)
    ok(rc == 0 and any(r.get('decimal') == '7.704' and r.get('unit') == 'm³' for r in o.get('values', [])),
       'binary file input: total 7.704 m³')
    r = run(exe, 'wmbus', p)
    ok(r.returncode == 0 and 'volume' in r.stdout and '7.704' in r.stdout and 'SEN' in r.stdout, 'text output')

# ---- usage ------------------------------------------------------------------
r = run(exe, 'wmbus', '--help')
ok(r.returncode == 0 and 'usage' in r.stdout, '--help')
r = run(exe, 'wmbus', 'not hex')
ok(r.returncode == 2, 'neither file nor hex: exit 2')
r = run(exe, 'wmbus', '--key', '0011', '1E44')
ok(r.returncode == 2 and '32 hex digits' in r.stderr, 'short key: exit 2')
with tempfile.TemporaryDirectory() as tmp:
    p = os.path.join(tmp, 'empty.txt')
    open(p, 'w').write('# no telegram here\n\n')
    r = run(exe, 'wmbus', p)
    ok(r.returncode == 2, 'a telegram file without a telegram: exit 2')
    p = os.path.join(tmp, 'bad.txt')
    open(p, 'w').write('2E44\n2E4Z\n')
    r = run(exe, 'wmbus', p)
    ok(r.returncode == 2 and r.stdout == '', 'a telegram file with a bad line: exit 2, nothing decoded')
r = run(exe, 'wmbus', '1E44AE4C99')
ok(r.returncode == 1 and 'shorter than its link header' in r.stderr, 'truncated telegram: exit 1 with a clear message')
print('1..%d' % n)
sys.exit(0)
