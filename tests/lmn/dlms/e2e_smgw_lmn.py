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
r = run('nosuchcommand', 'x')
ok(r.returncode == 2, 'unknown command: exit 2')
r = run('--help')
ok(r.returncode == 0 and 'usage' in r.stdout, '--help')

# ---- APDUs of the pwitab/u9n vectors, ciphering, wired M-Bus framing ----
pw = os.path.join(data, 'lmn', 'dlms', 'pwitab-dlms-cosem')
GB_EK = '000102030405060708090A0B0C0D0E0F'
GB_AK = 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF'
DUMMY = 'MYDUMMYGLOBALKEY'.encode().hex()


def dlms_json(*args):
    r = run('dlms', '--json', *args)
    objs = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
    return r, objs


kinds = {
    'aarq_no_security': 'aarq', 'aare_accepted': 'aare', 'rlrq_normal': 'rlrq', 'rlre_with_initiate_response': 'rlre',
    'initiate_response': 'initiate-response', 'get_request_normal': 'get-request',
    'get_response_with_block_1': 'get-response', 'u9n_get_response_with_list_compound': 'get-response',
    'set_request_normal_clock': 'set-request', 'set_response_normal_success': 'set-response',
    'action_request_normal_hls_reply': 'action-request', 'action_response_normal_with_error': 'action-response',
    'data_notification': 'data-notification', 'hdlc_iframe_aarq': 'aarq', 'hdlc_iframe_aare': 'aare',
}
for name, kind in sorted(kinds.items()):
    r, objs = dlms_json(os.path.join(pw, name + '.hex'))
    ok(r.returncode == 0 and len(objs) == 1 and objs[0].get('apdu') == kind, '%s: %s' % (name, kind))

r, objs = dlms_json(os.path.join(pw, 'get_request_normal.hex'))
a = objs[0].get('attribute', {}) if objs else {}
ok(a.get('class_id') == 1 and a.get('instance') == '0-0:43.1.0*255' and a.get('id') == 2, 'get-request attribute descriptor')
r, objs = dlms_json(os.path.join(pw, 'u9n_get_response_with_list_compound.hex'))
ok(objs and [x.get('data') for x in objs[0].get('list', [])] ==
   [50, 0, 0, 0, 0, 0, 2302, [26236427, 806, 17, 2, 240, 1, 0], [720, 3240, 24, 32, -64]],
   'get-response-with-list: the nine results as asserted')
r, objs = dlms_json(os.path.join(pw, 'get_response_with_block_1.hex'))
ok(objs and objs[0].get('block_number') == 1 and objs[0].get('raw_data_length') == 1182 and objs[0].get('last_block') == 0,
   'get-response-with-datablock fields')
r, objs = dlms_json(os.path.join(pw, 'aare_hls_gmac_accepted.hex'))
ok(objs and objs[0].get('mechanism') == 5 and objs[0].get('diagnostic_user') == 14 and
   bytes.fromhex(objs[0].get('authentication_value', '')) == b'P6wRJ21F', 'AARE HLS-GMAC fields')
r, objs = dlms_json(os.path.join(pw, 'negative', 'neg_get_request_type_04.hex'))
ok(r.returncode == 1 and objs and objs[0].get('error') == 'SMGW_E_DLMS_APDU', 'get-request choice 4: exit 1, SMGW_E_DLMS_APDU')
r, objs = dlms_json(os.path.join(pw, 'hdlc_snrm.hex'))
ok(r.returncode == 0 and objs and objs[0].get('apdu') is None and objs[0]['hdlc']['control'] == 0x93, 'SNRM frame')

# an independent AES-128-GCM (SP 800-38D) built from the openssl command line: AES blocks and CTR keystream
def aes_ecb(key, block):
    return subprocess.run(['openssl', 'enc', '-aes-128-ecb', '-nopad', '-K', key.hex()], input=block,
                          capture_output=True, check=True).stdout


def aes_ctr(key, iv16, data):
    return subprocess.run(['openssl', 'enc', '-aes-128-ctr', '-K', key.hex(), '-iv', iv16.hex()], input=data,
                          capture_output=True, check=True).stdout


def gf_mul(x, y):
    R = 0xE1 << 120
    z, v = 0, x
    for i in range(127, -1, -1):
        if (y >> i) & 1:
            z ^= v
        v = (v >> 1) ^ R if v & 1 else v >> 1
    return z


def ghash(h, aad, c):
    def blocks(b):
        b = b + b'\0' * (-len(b) % 16)
        return [int.from_bytes(b[i:i + 16], 'big') for i in range(0, len(b), 16)]
    y = 0
    for blk in blocks(aad) + blocks(c) + [(len(aad) * 8) << 64 | len(c) * 8]:
        y = gf_mul(y ^ blk, h)
    return y


def gcm_open(ek, ak, st, sc, ic, payload, tag):
    iv = st + ic.to_bytes(4, 'big')
    plain = aes_ctr(ek, iv + b'\0\0\0\2', payload) if sc & 0x20 else payload
    if not sc & 0x10:
        return plain, True
    h = int.from_bytes(aes_ecb(ek, b'\0' * 16), 'big')
    aad = bytes([sc]) + ak + (b'' if sc & 0x20 else payload)
    s = ghash(h, aad, payload if sc & 0x20 else b'')
    t = (s ^ int.from_bytes(aes_ecb(ek, iv + b'\0\0\0\1'), 'big')).to_bytes(16, 'big')[:12]
    return plain, t == tag


def general_fields(apdu):  # db/dc, system title, length, SC, IC, payload [tag]
    st = apdu[2:10]
    pos = 10
    ln = apdu[pos]
    pos += 1
    if ln & 0x80:
        k = ln & 0x7f
        ln = int.from_bytes(apdu[pos:pos + k], 'big')
        pos += k
    sc, ic = apdu[pos], int.from_bytes(apdu[pos + 1:pos + 5], 'big')
    body = apdu[pos + 5:pos + ln]
    return st, sc, ic, (body[:-12], body[-12:]) if sc & 0x10 else (body, b'')


plains = {}
for line in open(os.path.join(pw, 'udp-plaintexts.txt')):
    if not line.startswith('#'):
        f, h = line.split()
        plains[f] = h.lower()
for f in sorted(plains):
    raw = bytes.fromhex(open(os.path.join(pw, f)).read().strip())
    st, sc, ic, (payload, tag) = general_fields(raw[8:])
    indep, tag_ok = gcm_open(bytes.fromhex(DUMMY), bytes.fromhex(DUMMY), st, sc, ic, payload, tag)
    r, objs = dlms_json('--key-enc', DUMMY, '--key-auth', DUMMY, os.path.join(pw, f))
    ok(r.returncode == 0 and objs and objs[0].get('framing') == 'wrapper' and objs[0].get('plain') == plains[f] and
       indep.hex() == plains[f] and tag_ok, '%s: deciphered as by the independent GCM (openssl), tag verified' % f)
f0 = os.path.join(pw, 'udp_wrapper_ggc_00_ic000001E5.hex')
r, objs = dlms_json('--key-enc', DUMMY, '--key-auth', '00' * 16, f0)
ok(r.returncode == 1 and objs and objs[0].get('error') == 'SMGW_E_DLMS_AUTH_TAG' and 'plain' not in objs[0] and
   'values' not in objs[0], 'wrong authentication key: exit 1, SMGW_E_DLMS_AUTH_TAG, no plaintext')
r, objs = dlms_json(f0)
ok(r.returncode == 1 and objs and objs[0].get('error') == 'SMGW_E_DLMS_NO_KEY' and 'key-enc' in r.stderr,
   'missing key: exit 1 with a clear message')
r = run('dlms', '--key-enc', '0011', f0)
ok(r.returncode == 2 and '32 hex digits' in r.stderr, 'short key: usage error')

# Green Book glo-get-request (system title from the association)
gb = 'C81E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B'
r, objs = dlms_json('--key-enc', GB_EK, '--key-auth', GB_AK, '--system-title', '4D4D4D0000BC614E', gb)
want = open(os.path.join(pw, 'security_gb_get_request_clock.plain.hex')).read().strip().lower()
ok(r.returncode == 0 and objs and objs[0].get('plain') == want and objs[0].get('inner_apdu') == 'get-request' and
   objs[0]['attribute']['class_id'] == 8, 'Green Book glo-get-request deciphered')
indep, tag_ok = gcm_open(bytes.fromhex(GB_EK), bytes.fromhex(GB_AK), bytes.fromhex('4D4D4D0000BC614E'), 0x30, 0x01234567,
                         bytes.fromhex(gb)[7:-12], bytes.fromhex(gb)[-12:])
ok(indep.hex() == want and tag_ok, 'Green Book example verified by the independent GCM (openssl)')
r, objs = dlms_json('--key-enc', GB_EK, '--key-auth', GB_AK, gb)
ok(r.returncode == 1 and 'system-title' in r.stderr, 'service-specific ciphering without system title: exit 1')

# TINETZ Kaifa push: two wired M-Bus frames, general-glo-ciphering, encryption only
fn = os.path.join(data, 'lmn', 'dlms', 'fneur-smart-meter-tirol')
exp = json.load(open(os.path.join(fn, 'expected.json')))
want_vals = [v for v in exp['files']['tinetz_kaifa_ma309_example.plain.hex']['computed_here']['values'] if 'raw' in v]
KEY = '101112131415161718191A1B1C1D1E1F'
for f, framing in (('tinetz_kaifa_ma309_example.mbus.hex', 'mbus'), ('tinetz_kaifa_ma309_example.apdu.hex', 'apdu')):
    r, objs = dlms_json('--key-enc', KEY, os.path.join(fn, f))
    o = objs[0] if objs else {}
    got = {v['obis']: v for v in o.get('values', [])}
    good = r.returncode == 0 and o.get('framing') == framing and o.get('inner_apdu') == 'data-notification'
    for w in want_vals:
        g = got.get(w['obis'].replace('.255', '*255'))
        good = good and g is not None and g['value'] == w['raw'] and g['scaler'] == w['scaler'] and g.get('unit') == w['unit']
    ok(good and len(got) == len(want_vals), '%s: the %d values of the worked example' % (f, len(want_vals)))
apdu = bytes.fromhex(open(os.path.join(fn, 'tinetz_kaifa_ma309_example.apdu.hex')).read().strip())
st, sc, ic, (payload, tag) = general_fields(apdu)
indep, _ = gcm_open(bytes.fromhex(KEY), b'', st, sc, ic, payload, tag)
r, objs = dlms_json('--key-enc', KEY, os.path.join(fn, 'tinetz_kaifa_ma309_example.apdu.hex'))
ok(objs and objs[0].get('plain') == indep.hex() ==
   open(os.path.join(fn, 'tinetz_kaifa_ma309_example.plain.hex')).read().strip().lower(),
   'TINETZ plaintext = independent AES-CTR (openssl) = the document')
r, objs = dlms_json('--key-enc', KEY[:-1] + '0', os.path.join(fn, 'tinetz_kaifa_ma309_example.mbus.hex'))
ok(r.returncode == 1 and objs and objs[0].get('error') == 'SMGW_E_DLMS_DECRYPT' and 'values' not in objs[0],
   'encryption only, wrong key: exit 1, SMGW_E_DLMS_DECRYPT, no values')
mb = open(os.path.join(fn, 'tinetz_kaifa_ma309_example.mbus.hex')).read().split()
bad = mb[0][:-4] + ('%02X' % ((int(mb[0][-4:-2], 16) + 1) & 0xff)) + mb[0][-2:]
r = run('dlms', '--key-enc', KEY, bad + mb[1])
ok(r.returncode == 1 and 'checksum' in r.stderr, 'wired M-Bus checksum mismatch: exit 1')
# reitermarkus: the ciphered Kaifa push (encryption only) and a plain push of 2016
rm = os.path.join(data, 'lmn', 'dlms', 'reitermarkus-dlms-cosem-rs')
exp = json.load(open(os.path.join(rm, 'expected.json')))
want_vals = [v for v in exp['files']['kaifa_ggc_suite1_decrypted.hex']['computed_here']['values'] if 'raw' in v]
r, objs = dlms_json('--key-enc', 'DEAFBEEFCAFEBABEDEAFBEEFCAFEBABE', os.path.join(rm, 'kaifa_ggc_suite1_encrypted.hex'))
o = objs[0] if objs else {}
got = {v['obis']: v for v in o.get('values', [])}
good = r.returncode == 0 and o.get('plain') == open(os.path.join(rm, 'kaifa_ggc_suite1_decrypted.hex')).read().strip().lower()
for w in want_vals:
    g = got.get(w['obis'].replace('.255', '*255'))
    good = good and g is not None and g['value'] == w['raw'] and g['scaler'] == w['scaler'] and g.get('unit') == w['unit']
ok(good and len(got) == len(want_vals) == 12, 'reitermarkus Kaifa push: plaintext and the 12 register values')
r, objs = dlms_json(os.path.join(rm, 'data_notification_2016.hex'))
o = objs[0] if objs else {}
ok(r.returncode == 0 and o.get('invoke_id') == 21817 and o.get('time') == '2016-09-08T19:13:25' and
   [(v['obis'], v['value'], v.get('unit')) for v in o.get('values', [])] == [('1-0:1.8.0*255', 0, 'Wh'), ('1-0:3.8.0*255', 0, 'varh')],
   'reitermarkus plain push of 2016: time and the two registers')
# APDUs sealed here by the independent GCM: authentication only (AAD = SC || AK || plaintext) and both
def gcm_seal(ek, ak, st, sc, ic, plain):
    iv = st + ic.to_bytes(4, 'big')
    c = aes_ctr(ek, iv + b'\0\0\0\2', plain) if sc & 0x20 else plain
    h = int.from_bytes(aes_ecb(ek, b'\0' * 16), 'big')
    aad = bytes([sc]) + ak + (b'' if sc & 0x20 else plain)
    t = (ghash(h, aad, c if sc & 0x20 else b'') ^ int.from_bytes(aes_ecb(ek, iv + b'\0\0\0\1'), 'big'))
    return c + t.to_bytes(16, 'big')[:12]


plain16 = bytes.fromhex(open(os.path.join(rm, 'data_notification_2016.hex')).read().strip())
st = bytes.fromhex('4D4D4D0000BC614E')
for sc in (0x10, 0x30):
    body = bytes([sc]) + (0x1234).to_bytes(4, 'big') + gcm_seal(bytes.fromhex(GB_EK), bytes.fromhex(GB_AK), st, sc, 0x1234, plain16)
    apdu = bytes([0xdc, 8]) + st + bytes([len(body)]) + body
    r, objs = dlms_json('--key-enc', GB_EK, '--key-auth', GB_AK, apdu.hex())
    ok(r.returncode == 0 and objs and objs[0].get('plain') == plain16.hex() and len(objs[0].get('values', [])) == 2,
       'general-ded-ciphering SC 0x%02x sealed by the independent GCM: accepted, two values' % sc)
    bad = bytearray(apdu)
    bad[-13] ^= 0x01
    r, objs = dlms_json('--key-enc', GB_EK, '--key-auth', GB_AK, bytes(bad).hex())
    ok(r.returncode == 1 and objs and objs[0].get('error') == 'SMGW_E_DLMS_AUTH_TAG',
       'general-ded-ciphering SC 0x%02x with one changed payload bit: SMGW_E_DLMS_AUTH_TAG' % sc)
# general-block-transfer: the TINETZ plaintext in one block, and in three blocks carried by three HDLC frames
def axdr_len(n):
    return bytes([n]) if n < 0x80 else bytes([0x81, n]) if n < 0x100 else bytes([0x82, n >> 8, n & 0xff])


def gbt(last, num, data):
    return bytes([0xe0, (0x80 if last else 0x40) | 1, num >> 8, num & 0xff, 0, 0]) + axdr_len(len(data)) + data


def crc_x25(b):
    c = 0xffff
    for x in b:
        c ^= x
        for _ in range(8):
            c = (c >> 1) ^ 0x8408 if c & 1 else c >> 1
    return c ^ 0xffff


def hdlc_ui(info):
    hdr_len = 2 + 1 + 2 + 1 + 2  # format, dst, src (2), control, HCS
    flen = hdr_len + len(info) + 2
    hdr = bytes([0xa0 | (flen >> 8), flen & 0xff, 0x41, 0x08, 0x83, 0x13])
    hcs = crc_x25(hdr)
    body = hdr + bytes([hcs & 0xff, hcs >> 8]) + info
    fcs = crc_x25(body)
    return b'\x7e' + body + bytes([fcs & 0xff, fcs >> 8]) + b'\x7e'


tin_plain = bytes.fromhex(open(os.path.join(fn, 'tinetz_kaifa_ma309_example.plain.hex')).read().strip())
r, objs = dlms_json(gbt(True, 1, tin_plain).hex())
ok(r.returncode == 0 and objs and objs[0].get('apdu') == 'general-block-transfer' and
   objs[0].get('inner_apdu') == 'data-notification' and len(objs[0].get('values', [])) == 8,
   'general-block-transfer, one block: the 8 values')
frames = b''.join(hdlc_ui(b'\xe6\xe7\x00' + gbt(i == 2, i + 1, tin_plain[i * 100:(i + 1) * 100 if i < 2 else None]))
                  for i in range(3))
r, objs = dlms_json(frames.hex())
ok(r.returncode == 0 and len(objs) == 3 and 'values' not in objs[0] and len(objs[2].get('values', [])) == 8,
   'general-block-transfer in three HDLC frames: joined, the 8 values')
frames = b''.join(hdlc_ui(b'\xe6\xe7\x00' + gbt(i == 2, [1, 3, 4][i], tin_plain[i * 100:(i + 1) * 100 if i < 2 else None]))
                  for i in range(3))
r, objs = dlms_json(frames.hex())
ok(r.returncode == 1 and any(o.get('error') == 'SMGW_E_DLMS_BLOCK' for o in objs), 'general-block-transfer with a block missing: SMGW_E_DLMS_BLOCK')
r = run('dlms', '--help')
ok(r.returncode == 0 and '--key-enc' in r.stdout and '--key-auth' in r.stdout, 'dlms --help names the key options')

print('1..%d' % n)
sys.exit(1 if fails else 0)
