#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# End-to-end test of the security-module commands of smgw-pki: keys made in
# the software key directory and, when SoftHSM2 is installed, in a private
# SoftHSM2 token; signatures checked by `openssl dgst -verify` with the
# exported public key, certificate requests signed in the module checked by
# `openssl req -verify`; bad usage and wrong PINs give the documented exit
# codes and messages. TAP output.
import os
import shutil
import subprocess
import sys
import tempfile

exe = sys.argv[1]
results = []
skips = []


def check(name, cond, detail=''):
    results.append((name, bool(cond), detail))


def run(args, env=None):
    p = subprocess.run(args, capture_output=True, timeout=120, env=env)
    return p.returncode, p.stdout.decode(errors='replace'), p.stderr.decode(errors='replace')


def softhsm_module():
    env = os.environ.get('SMGW_TEST_PKCS11_MODULE')
    if env:
        return env if os.access(env, os.R_OK) else None
    for p in ('/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
              '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
              '/usr/lib/arm-linux-gnueabihf/softhsm/libsofthsm2.so'):
        if os.access(p, os.R_OK):
            return p
    return None


def exercise(tag, mod, d, env=None):
    data = os.path.join(d, 'reading.txt')
    with open(data, 'w') as f:
        f.write('1-0:1.8.0*255 4711.2 kWh\n')
    for curve, md in (('brainpoolP256r1', 'sha256'), ('brainpoolP384r1', 'sha384'), ('brainpoolP512r1', 'sha512')):
        slot = 'sig-' + curve
        pub = os.path.join(d, slot + '.pem')
        sig = os.path.join(d, slot + '.der')
        rc, out, err = run([exe, 'keygen'] + mod + ['--slot', slot, '--curve', curve, '--usage', 'sign', '--out', pub], env)
        check('%s: keygen %s' % (tag, curve), rc == 0 and os.path.exists(pub), err)
        rc, out, err = run(['openssl', 'pkey', '-pubin', '-in', pub, '-noout', '-text'])
        check('%s: openssl reads the %s public key' % (tag, curve), rc == 0 and curve in out, err)
        rc, out, err = run([exe, 'sign'] + mod + ['--slot', slot, '--in', data, '--md', md, '--out', sig], env)
        check('%s: sign with %s' % (tag, curve), rc == 0, err)
        rc, out, err = run(['openssl', 'dgst', '-' + md, '-verify', pub, '-signature', sig, data])
        check('%s: openssl dgst -verify accepts the %s signature' % (tag, curve), rc == 0 and 'Verified OK' in out, out + err)
        rc, out, err = run(['openssl', 'dgst', '-' + md, '-verify', pub, '-signature', sig, exe])
        check('%s: openssl rejects the signature for other data' % tag, rc != 0)
        rc, out, err = run([exe, 'pubkey'] + mod + ['--slot', slot], env)
        with open(pub) as f:
            pem = f.read()
            check('%s: pubkey prints the same key' % tag, rc == 0 and out == pem, err)
        req = os.path.join(d, slot + '.csr')
        rc, out, err = run([exe, 'csr'] + mod + ['--slot', slot, '--md', md, '--subject',
                                                '/C=DE/O=SM-Test-PKI-DE/CN=ETEST0000000001.SMGW', '--out', req], env)
        check('%s: csr for the %s key' % (tag, curve), rc == 0, err)
        rc, out, err = run(['openssl', 'req', '-in', req, '-verify', '-noout', '-subject'])
        check('%s: openssl req -verify accepts the %s request' % (tag, curve),
              rc == 0 and 'verify OK' in (out + err) and 'ETEST0000000001.SMGW' in out, out + err)
        rc, out, err = run(['openssl', 'req', '-in', req, '-pubkey', '-noout'])
        check('%s: the request carries the slot\'s public key' % tag, rc == 0 and out == pem, out + err)
    rc, out, err = run([exe, 'keygen'] + mod + ['--slot', 'sig-brainpoolP256r1', '--curve', 'brainpoolP256r1'], env)
    check('%s: keygen into an occupied slot fails' % tag, rc == 1 and 'exists' in err, err)
    rc, out, err = run([exe, 'keygen'] + mod + ['--slot', 'sig-brainpoolP256r1', '--curve', 'brainpoolP256r1', '--replace'], env)
    check('%s: keygen --replace' % tag, rc == 0 and 'BEGIN PUBLIC KEY' in out, err)
    rc, out, err = run([exe, 'keygen'] + mod + ['--slot', 'nist', '--curve', 'P-256'], env)
    check('%s: a persistent NIST key is refused' % tag, rc == 1 and 'ephemeral' in err, err)
    rc, out, err = run([exe, 'keygen'] + mod + ['--slot', 'enc', '--curve', 'brainpoolP256r1', '--usage', 'derive'], env)
    rc, out, err = run([exe, 'sign'] + mod + ['--slot', 'enc', '--in', data, '--out', os.path.join(d, 'x.der')], env)
    check('%s: a key-agreement key does not sign' % tag, rc == 1, err)
    rc, out, err = run([exe, 'modinfo'] + mod, env)
    check('%s: modinfo' % tag, rc == 0 and 'sign' in out and 'ecdh' in out, out + err)
    rc, out, err = run([exe, 'random'] + mod + ['--in', '32'], env)
    check('%s: random 32 bytes' % tag, rc == 0 and len(out.strip()) == 64, out + err)
    # certificates: stored from PEM, read back as the same DER
    certpem = os.path.join(d, 'gw.pem')
    rc, _, err = run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:brainpoolP256r1',
                      '-nodes', '-keyout', os.path.join(d, 'gw.key'), '-subj', '/O=SM-Test-PKI-DE/CN=ETEST0000000001.SMGW',
                      '-days', '1', '-out', certpem])
    check('%s: openssl makes a certificate' % tag, rc == 0, err)
    rc, _, err = run([exe, 'certstore'] + mod + ['--slot', 'sig-brainpoolP256r1', '--in', certpem], env)
    check('%s: certstore' % tag, rc == 0, err)
    rc, out, err = run([exe, 'certload'] + mod + ['--slot', 'sig-brainpoolP256r1'], env)
    with open(certpem) as f:
        check('%s: certload gives the certificate back' % tag, rc == 0 and out == f.read(), out + err)
    rc, _, err = run([exe, 'certload'] + mod + ['--slot', 'enc'], env)
    check('%s: certload of an empty slot exits 1' % tag, rc == 1 and 'not found' in err, err)
    rc, _, err = run([exe, 'certstore'] + mod + ['--slot', 'x', '--in', data], env)
    check('%s: certstore of a non-certificate exits 2' % tag, rc == 2 and 'not a certificate' in err, err)
    rc, out, err = run([exe, 'keydel'] + mod + ['--slot', 'enc'], env)
    check('%s: keydel' % tag, rc == 0, err)
    rc, out, err = run([exe, 'pubkey'] + mod + ['--slot', 'enc'], env)
    check('%s: the deleted key is gone' % tag, rc == 1 and 'not found' in err, err)
    return out


with tempfile.TemporaryDirectory() as tmp:
    # --- usage ---
    rc, out, _ = run([exe, '--help'])
    check('--help lists the security-module commands', rc == 0 and 'keygen' in out and 'modinfo' in out)
    for cmd in ('keygen', 'pubkey', 'sign', 'csr', 'keydel', 'certstore', 'certload', 'modinfo', 'random'):
        rc, out, _ = run([exe, cmd, '--help'])
        check('%s --help exits 0' % cmd, rc == 0 and 'Usage' in out)
    rc, _, err = run([exe, 'keygen', '--slot', 'a', '--curve', 'brainpoolP256r1'])
    check('keygen without a module exits 2', rc == 2 and 'exactly one' in err, err)
    rc, _, err = run([exe, 'keygen', '--soft', tmp, '--slot', 'a', '--curve', 'secp256k1'])
    check('an unknown curve exits 2', rc == 2 and 'curve' in err, err)
    rc, _, err = run([exe, 'keygen', '--soft', tmp, '--slot', '../a', '--curve', 'brainpoolP256r1'])
    check('a bad slot name exits 2', rc == 2, err)
    rc, _, err = run([exe, 'keygen', '--soft', os.path.join(tmp, 'missing'), '--slot', 'a', '--curve', 'brainpoolP256r1'])
    check('a missing key directory exits 1 with a message', rc == 1 and 'missing' in err, err)
    rc, _, err = run([exe, 'sign', '--soft', tmp, '--slot', 'a'])
    check('sign without --in/--out exits 2', rc == 2, err)
    rc, _, err = run([exe, 'csr', '--soft', tmp, '--slot', 'a', '--subject', 'CN=x'])
    check('csr with a malformed subject exits 2', rc == 2 and 'subject' in err, err)
    rc, _, err = run([exe, 'random', '--soft', tmp, '--in', '0'])
    check('random 0 exits 2', rc == 2, err)

    # --- software key directory ---
    soft = os.path.join(tmp, 'soft')
    os.mkdir(soft, 0o700)
    exercise('soft', ['--soft', soft], tmp)
    rc, out, _ = run([exe, 'modinfo', '--soft', soft])
    check('soft: modinfo says NOT-FOR-PRODUCTION', 'NOT-FOR-PRODUCTION' in out, out)
    mode = os.stat(os.path.join(soft, 'sig-brainpoolP256r1.key')).st_mode & 0o777
    check('soft: key files are 0600', mode == 0o600, oct(mode))

    # --- SoftHSM2 token ---
    module = softhsm_module()
    if module is None or shutil.which('softhsm2-util') is None:
        skips.append('SoftHSM2 not installed')
    else:
        tokens = os.path.join(tmp, 'tokens')
        os.mkdir(tokens, 0o700)
        conf = os.path.join(tmp, 'softhsm2.conf')
        with open(conf, 'w') as f:
            f.write('directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' % tokens)
        env = dict(os.environ, SOFTHSM2_CONF=conf, SMGW_PIN='1234', SMGW_BADPIN='0000')
        rc, _, err = run(['softhsm2-util', '--init-token', '--free', '--label', 'smgw-cli',
                          '--so-pin', '12345678', '--pin', '1234'], env)
        check('softhsm2-util makes the token', rc == 0, err)
        p11 = ['--pkcs11', module, '--token', 'smgw-cli', '--pin-env', 'SMGW_PIN']
        hsm = os.path.join(tmp, 'hsm')
        os.mkdir(hsm)
        exercise('pkcs11', p11, hsm, env)
        rc, out, _ = run([exe, 'modinfo'] + p11, env)
        check('pkcs11: modinfo says non-extractable', 'non-extractable' in out and 'NOT-FOR' not in out, out)
        if shutil.which('pkcs11-tool'):
            der = os.path.join(hsm, 'fromtoken.der')
            rc, _, err = run(['pkcs11-tool', '--module', module, '--token-label', 'smgw-cli', '--read-object',
                              '--type', 'cert', '--label', 'sig-brainpoolP256r1', '-o', der], env)
            rc2, ref, _ = run(['openssl', 'x509', '-in', os.path.join(hsm, 'gw.pem'), '-outform', 'DER', '-out',
                               os.path.join(hsm, 'ref.der')])
            same = rc == 0 and rc2 == 0 and open(der, 'rb').read() == open(os.path.join(hsm, 'ref.der'), 'rb').read()
            check('pkcs11: pkcs11-tool reads the stored certificate as the same DER', same, err)
        else:
            skips.append('pkcs11-tool (opensc) not installed')
        rc, _, err = run([exe, 'modinfo', '--pkcs11', module, '--token', 'smgw-cli', '--pin-env', 'SMGW_BADPIN'], env)
        check('pkcs11: a wrong PIN exits 1 naming the login', rc == 1 and 'C_Login' in err and 'SMGW_E_SECMOD_PIN' in err, err)
        rc, _, err = run([exe, 'modinfo', '--pkcs11', module, '--token', 'nope', '--pin-env', 'SMGW_PIN'], env)
        check('pkcs11: an unknown token exits 1', rc == 1 and 'nope' in err, err)
        rc, _, err = run([exe, 'modinfo', '--pkcs11', '/nonexistent.so', '--token', 'smgw-cli'], env)
        check('pkcs11: an unloadable module exits 1', rc == 1 and 'cannot load' in err, err)
        rc, _, err = run([exe, 'modinfo'] + p11[:4] + ['--pin-env', 'SMGW_UNSET_VARIABLE'], env)
        check('pkcs11: an unset PIN variable exits 2', rc == 2, err)

n = len(results) + len(skips)
print('1..%d' % n)
for i, (name, ok, detail) in enumerate(results, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
    if not ok and detail:
        for line in detail.strip().splitlines()[:10]:
            print('# ' + line)
for j, why in enumerate(skips, len(results) + 1):
    print('ok %d # SKIP %s' % (j, why))
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
