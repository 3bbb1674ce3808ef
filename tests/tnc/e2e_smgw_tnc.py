#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# End-to-end test of smgw-tnc: a server (Gateway Administrator) with the
# sample OS IMV and a client (gateway) with the sample OS IMC on loopback
# TCP, allowed, isolated and denied outcomes; `decode` against the bytes
# of the strongSwan capture (tests/data/tnc/capture, from
# shared/reference/tnc.md section 6); the usage and error exits. TAP output.
#
# usage: e2e_smgw_tnc.py SMGW_TNC IMC_MODULE IMV_MODULE CAPTURE_DIR
import os
import subprocess
import sys
import tempfile

exe, imc, imv, capdir = sys.argv[1:5]
results = []


def check(name, cond, detail=''):
    results.append((name, bool(cond), detail))


def run(args, env=None, timeout=60):
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run([exe] + args, capture_output=True, timeout=timeout, env=e)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def cap(name):
    with open(os.path.join(capdir, name), 'rb') as f:
        return f.read()


BASE_ENV = {
    'SMGW_IMC_OS_NAME': 'Debian GNU/Linux',
    'SMGW_IMC_OS_VERSION': '12.5',
    'SMGW_IMC_OS_LAST_USE': '2026-11-30T10:00:00Z',
}


def assess(server_env, clients):
    """Starts a server for len(clients) assessments, runs each client with
    its extra environment, returns [(rc, out, err)] and the server's output."""
    env = dict(os.environ)
    env.update(server_env)
    srv = subprocess.Popen([exe, 'server', '--listen', '127.0.0.1:0', '--imv', imv,
                            '--count', str(len(clients))],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    line = srv.stdout.readline().decode()
    outs = []
    if not line.startswith('listening on '):
        srv.kill()
        return [(None, '', 'server did not start: ' + line + srv.stderr.read().decode())], ''
    addr = line.split()[-1]
    for c in clients:
        e = dict(BASE_ENV)
        e.update(c)
        outs.append(run(['client', '--connect', addr, '--imc', imc], env=e))
    try:
        sout, serr = srv.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        srv.kill()
        sout, serr = srv.communicate()
    return outs, sout.decode() + serr.decode() + ' rc=%s' % srv.returncode


with tempfile.TemporaryDirectory() as tmp:
    policy = os.path.join(tmp, 'policy.conf')
    with open(policy, 'w') as f:
        f.write('# GWA policy for the gateway OS\nproduct = Debian GNU/Linux\nmin_version = 12.0\n'
                'require_operational = yes\non_old_version = isolate\n')
    outs, slog = assess({'SMGW_IMV_OS_POLICY': policy}, [
        {},
        {'SMGW_IMC_OS_VERSION': '11.8'},
        {'SMGW_IMC_OS_NAME': 'Windows'},
        {'SMGW_IMC_OS_INITIAL': '1'},
    ])
    rc, out, err = outs[0]
    check('allowed: exit 0', rc == 0, 'rc=%s %s %s' % (rc, out, err))
    check('allowed: result printed', 'assessment result: compliant' in out and
          'access recommendation: Access Allowed' in out, out)
    check('allowed: reason from the IMV', 'reason: operating system complies with the policy [en]' in out, out)
    if len(outs) > 1:
        rc, out, err = outs[1]
        check('isolated: exit 1', rc == 1, 'rc=%s %s %s' % (rc, out, err))
        check('isolated: quarantined, minor', 'access recommendation: Quarantined' in out and
              'non-compliant minor' in out and 'version 11.8 is older than 12.0' in out, out)
    if len(outs) > 2:
        rc, out, err = outs[2]
        check('denied: exit 1', rc == 1, 'rc=%s %s %s' % (rc, out, err))
        check('denied: access denied, major', 'access recommendation: Access Denied' in out and
              'non-compliant major' in out, out)
    if len(outs) > 3:
        rc, out, err = outs[3]
        check('attribute request round trip: allowed', rc == 0 and 'Access Allowed' in out,
              'rc=%s %s %s' % (rc, out, err))
    check('server: four assessments reported', slog.count('assessment ') == 4 and 'rc=0' in slog, slog)

    # a server without IMVs fails closed
    srv = subprocess.Popen([exe, 'server', '--listen', '127.0.0.1:0', '--count', '1'],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    addr = srv.stdout.readline().decode().split()[-1]
    rc, out, err = run(['client', '--connect', addr, '--imc', imc], env=BASE_ENV)
    srv.communicate(timeout=30)
    check('no IMV: denied', rc == 1 and 'Access Denied' in out and "don't know" in out, out + err)
    # a client without IMCs is assessed as well (and denied by the OS IMV)
    srv = subprocess.Popen([exe, 'server', '--listen', '127.0.0.1:0', '--imv', imv, '--count', '1'],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=dict(os.environ, SMGW_IMV_OS_POLICY=policy))
    addr = srv.stdout.readline().decode().split()[-1]
    rc, out, err = run(['client', '--connect', addr])
    srv.communicate(timeout=30)
    check('no IMC: denied, attributes missing', rc == 1 and 'attributes missing' in out, out + err)

# a peer that stops talking: both sides give up after --timeout
import socket
srv = subprocess.Popen([exe, 'server', '--listen', '127.0.0.1:0', '--imv', imv, '--count', '1', '--timeout', '1'],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=dict(os.environ, SMGW_IMV_OS_PRODUCT='x'))
addr = srv.stdout.readline().decode().split()[-1]
host, port = addr.rsplit(':', 1)
silent = socket.create_connection((host, int(port)))
try:
    sout, serr = srv.communicate(timeout=20)
    check('server: silent client times out', srv.returncode == 3 and b'timed out' in serr, serr.decode())
except subprocess.TimeoutExpired:
    srv.kill()
    check('server: silent client times out', False, 'server hung')
silent.close()
mute = socket.socket()
mute.bind(('127.0.0.1', 0))
mute.listen(1)
rc, out, err = run(['client', '--connect', '127.0.0.1:%d' % mute.getsockname()[1], '--imc', imc,
                    '--timeout', '1'], env=BASE_ENV, timeout=20)
check('client: silent server times out', rc == 3 and 'timed out' in err, err)
mute.close()
rc, out, err = run(['client', '--connect', '127.0.0.1:1', '--timeout', '0'])
check('client bad timeout: exit 2', rc == 2, err)

# decode: the capture's RESULT batch, as PB-TNC and inside PT-TLS
result = cap('result-batch.bin')
rc, out, err = run(['decode', result.hex()])
check('decode RESULT: exit 0', rc == 0, err)
for want in ['PB-TNC batch: version 2, from the server, RESULT, length 88, 3 message(s)',
             'message NOSKIP vendor 0 type 1 (PB-PA), length 48',
             'PB-PA EXCL: PA vendor 36906 subtype 1, collector 1, validator 1',
             'PA-TNC message: version 1, message id 0x9e8d5575, 1 attribute(s)',
             'attribute vendor 0 type 9 (Assessment Result), length 16',
             'message NOSKIP vendor 0 type 2 (PB-Assessment-Result), length 16',
             'assessment result 0 (compliant)',
             'message vendor 0 type 3 (PB-Access-Recommendation), length 16',
             'access recommendation 1 (Access Allowed)']:
    check('decode RESULT: ' + want, want in out, out)
pt = bytes([0, 0, 0, 0, 0, 0, 0, 7]) + (16 + len(result)).to_bytes(4, 'big') + (3).to_bytes(4, 'big') + result
rc, out, err = run(['decode', pt.hex()])
check('decode PT-TLS PB-TNC Batch', rc == 0 and
      'PT-TLS message: vendor 0 type 7 (PB-TNC Batch), length 104, message id 3' in out and
      'access recommendation 1 (Access Allowed)' in out, out + err)
# the client's CLOSE, and the Version Request / empty SASL Mechanisms of PT-TLS
rc, out, err = run(['decode', cap('close-client.bin').hex()])
check('decode CLOSE', rc == 0 and 'from the client, CLOSE, length 8, 0 message(s)' in out, out + err)
rc, out, err = run(['decode', '00000000 00000001 00000014 00000000 00010101',
                    '00000000 00000003 00000010 00000001'])
check('decode Version Request + SASL Mechanisms', rc == 0 and 'Version Request' in out and
      'min 1, max 1, preferred 1' in out and 'empty list' in out, out + err)
# the first two messages of the capture's CDATA in a batch of their own
msgs = cap('cdata-msg-language.bin') + cap('cdata-msg-pa-ita.bin')
batch = bytes([2, 0, 0, 1]) + (8 + len(msgs)).to_bytes(4, 'big') + msgs
rc, out, err = run(['decode', batch.hex()])
check('decode CDATA: language and ITA PB-PA', rc == 0 and 'language preference: "en"' in out and
      'PB-PA: PA vendor 36906 subtype 1, collector 1, validator 65535' in out and
      'message id 0x9f40bd41' in out and 'attribute NOSKIP vendor 36906 type 1' in out, out + err)
# the capture's CDATA header announces 307 bytes: a lone header is refused
rc, out, err = run(['decode', cap('cdata-header.bin').hex()])
check('decode truncated batch: exit 3', rc == 3 and 'batch length' in out, out + err)
rc, out, err = run(['decode', '--as', 'pa', cap('attr-product-info.bin').hex()])
check('decode bad PA: exit 3', rc == 3 and 'invalid' in out, out + err)

# usage and errors
rc, out, err = run(['--help'])
check('--help', rc == 0 and 'Usage: smgw-tnc server' in out, err)
rc, out, err = run(['decode', 'zz'])
check('decode non-hex: exit 2', rc == 2 and 'not hexadecimal' in err, err)
rc, out, err = run(['decode', 'abc'])
check('decode odd digits: exit 2', rc == 2, err)
rc, out, err = run(['frobnicate'])
check('unknown command: exit 2', rc == 2 and 'unknown command' in err, err)
rc, out, err = run(['client'])
check('client without --connect: exit 2', rc == 2, err)
rc, out, err = run(['client', '--connect', 'nowhere'])
check('client bad address: exit 2', rc == 2 and 'ADDR:PORT' in err, err)
rc, out, err = run(['client', '--connect', '127.0.0.1:1'])
check('client connection refused: exit 3', rc == 3 and 'cannot connect' in err, err)
rc, out, err = run(['client', '--connect', '127.0.0.1:1', '--imc', '/nonexistent.so'])
check('client missing module: exit 3', rc == 3 and 'nonexistent' in err, err)
rc, out, err = run(['server', '--listen', '127.0.0.1:0', '--policy', 'lenient'])
check('server bad policy: exit 2', rc == 2, err)
rc, out, err = run(['server', '--listen', '127.0.0.1:0', '--imv', imc])
check('server IMC as IMV: exit 3', rc == 3 and 'TNC_IMV_Initialize' in err, err)

print('1..%d' % len(results))
for i, (name, ok, detail) in enumerate(results, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
    if not ok:
        for l in str(detail).splitlines()[:20]:
            print('# ' + l)
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
