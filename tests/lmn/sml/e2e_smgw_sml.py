#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# End-to-end test of smgw-sml: runs the program on every SML capture in
# tests/data/lmn/sml and compares its JSON output with the independent
# expected values in tests/data/lmn/sml/expected-values.txt (sml-rs
# snapshots and the shared data set's decoded frames). TAP output.
import json
import os
import subprocess
import sys

exe, data = sys.argv[1], sys.argv[2]
results = []


def check(name, cond, detail=''):
    results.append((name, bool(cond), detail))


def run(args, stdin=None):
    p = subprocess.run([exe] + args, capture_output=True, stdin=stdin, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def load_expected():
    files = []
    cur = None
    with open(os.path.join(data, 'expected-values.txt')) as f:
        for line in f:
            p = line.split()
            if not p or p[0].startswith('#'):
                continue
            if p[0] == 'file':
                cur = {'path': p[1], 'frames': int(p[2]), 'flags': p[3], 'values': {}}
                files.append(cur)
            elif p[0] == 'v':
                cur['values'].setdefault(int(p[1]), []).append((p[2], int(p[3]), int(p[4]), int(p[5])))
    return files


for e in load_expected():
    path = os.path.join(data, e['path'])
    args = ['--json']
    if 'M' in e['flags']:
        args.append('--messages')
    rc, out, err = run(args + [path])
    objs = [json.loads(l) for l in out.splitlines() if l.strip()]
    good = [o for o in objs if 'error' not in o]
    ok = len(good) == e['frames']
    detail = 'frames %d, expected %d' % (len(good), e['frames'])
    for i, g in enumerate(good):
        got = [(v['obis'], v['value'], v['scaler'], v['unit']) for v in g['values']]
        want = e['values'].get(i, [])
        if got != want:
            ok = False
            detail = 'frame %d: got %s, expected %s' % (i, got[:3], want[:3])
            break
        for v in g['values']:
            if not isinstance(v['value'], int) or 'obis' not in v:
                ok = False
    check('values of ' + e['path'], ok and rc == (0 if e['frames'] else 1), detail + ' rc %d' % rc)
    if 'I' in e['flags']:
        # Wrong message CRCs are never hidden: a warning by default, an
        # error with --strict-crc.
        check('message CRC warning for ' + e['path'], all('warning' in g for g in good) and good)
        rc2, out2, _ = run(args + ['--strict-crc', path])
        objs2 = [json.loads(l) for l in out2.splitlines() if l.strip()]
        check('--strict-crc reports the message CRC of ' + e['path'],
              rc2 == 1 and any(o.get('code') == 'SMGW_E_SML_MSG_CRC' for o in objs2))
    elif good:
        check('no warning for ' + e['path'], not any('warning' in g for g in good))
    if 'K' in e['flags']:
        rc2, out2, _ = run(['--json', '--no-kermit', path])
        check('--no-kermit rejects ' + e['path'], rc2 == 1 and '"SMGW_E_CHECKSUM"' in out2)

# Bare message files are recognised without --messages.
bare = os.path.join(data, 'smllib-tests', 'Frame3_L205.msgs.bin')
rc, out, _ = run(['--json', bare])
check('bare messages detected', rc == 0 and json.loads(out.splitlines()[0])['values'][0]['obis'] == '1-0:1.8.0*255')

# stdin, text output, help, usage errors, missing file.
sample = os.path.join(data, 'vzlogger-tests', 'EMH_eHZ_MeterSML_EMH_basic.bin')
with open(sample, 'rb') as f:
    rc, out, err = run([], stdin=f)
check('stdin text output', rc == 0 and '1-0:1.8.1*255' in out and '14796777.1 Wh' in out, out[:200])
rc, out, _ = run(['--help'])
check('--help', rc == 0 and 'Usage: smgw-sml' in out)
rc, _, err = run(['--bogus'])
check('unknown option exits 2', rc == 2)
rc, _, err = run(['--baud', '12345', sample])
check('bad speed exits 2', rc == 2 and 'speed' in err)
rc, _, err = run([os.path.join(data, 'does-not-exist.bin')])
check('missing file exits 2', rc == 2 and 'does-not-exist' in err)
rc, out, _ = run(['--json', os.path.join(data, 'libsml-testing', 'DZG_DVS-7420.2V.G2_mtr1_error.bin')])
check('no good file exits 1 with errors', rc == 1 and all('error' in json.loads(l) for l in out.splitlines()))
# DZG DVS74 workaround: 1-0:16.7.0 of this meter is really +356.24 W.
jm = os.path.join(data, 'libsml-testing', 'DZG_DVS-7412.2_jmberg.bin')
rc, out, _ = run(['--json', '--dzg-fix', jm])
vals = {v['obis']: v['value'] for v in json.loads(out.splitlines()[0])['values']}
check('--dzg-fix corrects DVS74 power', rc == 0 and vals.get('1-0:16.7.0*255') == 35624, str(vals))
# Holley DTZ541 sends SML_Time without its choice wrapper: --strict rejects it.
ho = os.path.join(data, 'libsml-testing', 'HOLLEY_DTZ541-ZDBA.bin')
rc, out, _ = run(['--json', '--strict', ho])
check('--strict rejects the Holley time deviation', rc == 1 and '"SMGW_E_SML_TYPE"' in out)
# Status and time are present where the meter sends them.
rc, out, _ = run(['--json', sample])
v0 = json.loads(out.splitlines()[0])['values'][0]
check('status and time present', v0.get('status') is not None and v0.get('time_type') == 'sec_index', str(v0))

# Serial device: a pseudo terminal stands in for the meter's UART. The
# program configures it with termios (raw, 8N1 at 9600 baud, and 8E1 at
# 2400) and stops after the first good file.
try:
    import pty
    for opts in ([], ['--baud', '2400', '--parity', 'even']):
        master, slave = pty.openpty()
        name = os.ttyname(slave)
        p = subprocess.Popen([exe, '--json'] + opts + [name], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        import time
        with open(sample, 'rb') as f:
            data = f.read()
        # Repeat until the program has set the line up and read a file
        # (it flushes input that arrived before its termios setup).
        for _ in range(60):
            time.sleep(0.25)
            if p.poll() is not None:
                break
            os.write(master, b'\x00\x42garbage' + data)
        try:
            out, err = p.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        os.close(master)
        os.close(slave)
        objs = [json.loads(l) for l in out.decode().splitlines() if l.strip()]
        check('serial device (pty) %s' % (' '.join(opts) or '9600 8N1'),
              p.returncode == 0 and len(objs) == 1 and objs[0]['values'][0]['obis'] == '1-0:1.8.1*255',
              err.decode()[:200])
except ImportError:
    pass

print('1..%d' % len(results))
failed = 0
for i, (name, ok, detail) in enumerate(results, 1):
    print('%s %d - %s%s' % ('ok' if ok else 'not ok', i, name, '' if ok else ' # ' + detail))
    failed += not ok
sys.exit(1 if failed else 0)
