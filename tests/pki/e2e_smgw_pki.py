#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# End-to-end test of smgw-pki against the openssl command line as the
# independent peer: the generated SM-Test-PKI passes
# `openssl verify -x509_strict -policy_check -explicit_policy -policy
# 0.4.0.127.0.7.3.4.1.1.1` (plus rollover and CRL cases), and `smgw-pki
# check` gives the right verdict for our certificates, for certificates
# made by openssl from tests/data/pki/openssl and for certificates the
# openssl command line issues here, each broken in one way. TAP output.
import os
import subprocess
import sys
import tempfile

exe, data = sys.argv[1], sys.argv[2]
POLICY = '0.4.0.127.0.7.3.4.1.1.1'
AT = '2025-06-01T00:00:00Z'
AT_EPOCH = '1748736000'
results = []


def check(name, cond, detail=''):
    results.append((name, bool(cond), detail))


def run(args, cwd=None):
    p = subprocess.run(args, capture_output=True, cwd=cwd, timeout=120)
    return p.returncode, p.stdout.decode(errors='replace'), p.stderr.decode(errors='replace')


def tool(args, cwd=None):
    return run([exe] + args, cwd=cwd)


def ossl_verify(d, leaf, untrusted=(), extra=(), ca='root.pem'):
    args = ['openssl', 'verify', '-x509_strict', '-policy_check', '-explicit_policy',
            '-policy', POLICY, '-attime', AT_EPOCH, '-CAfile', ca]
    for u in untrusted:
        args += ['-untrusted', u]
    return run(args + list(extra) + [leaf], cwd=d)


# --- usage and bad input ---
rc, out, _ = tool(['--help'])
check('--help exits 0 and lists the commands', rc == 0 and 'testpki' in out and 'check' in out)
rc, _, err = tool(['frobnicate'])
check('unknown command exits 2 with a message', rc == 2 and 'unknown command' in err)
rc, _, err = tool([])
check('no command exits 2', rc == 2)
rc, out, _ = tool(['check', '--help'])
check('check --help exits 0', rc == 0 and '--trust' in out)
rc, _, err = tool(['check'])
check('check without a certificate exits 2', rc == 2 and 'no certificate' in err)

with tempfile.TemporaryDirectory() as tmp:
    d = os.path.join(tmp, 'pki')
    rc, out, err = tool(['testpki', d])
    check('testpki writes the PKI', rc == 0 and os.path.isfile(os.path.join(d, 'README')), err)
    readme = open(os.path.join(d, 'README')).read() if rc == 0 else ''
    names = ['root', 'root2', 'link-old-new', 'link-new-old', 'crl-signer', 'subca', 'subca2',
             'subca-revoked', 'gwa2-tls', 'revoked-emt-tls', 'revsub-gwh-tls', 'subca.crl', 'root.crl']
    ees = [r + '-' + t for r in ('smgw', 'gwa', 'gwh', 'emt') for t in ('tls', 'sig', 'enc')]
    for n in names + ees:
        check('testpki wrote %s.pem and listed it in the README' % n,
              os.path.isfile(os.path.join(d, n + '.pem')) and (n + '.pem') in readme)
    check('private keys are mode 0600',
          (os.stat(os.path.join(d, 'gwa-tls.key.pem')).st_mode & 0o777) == 0o600)
    bad = os.path.join(tmp, 'garbage.pem')
    with open(bad, 'w') as f:
        f.write('not a certificate\n')
    rc, _, err = tool(['check', bad])
    check('check of a non-certificate exits 2', rc == 2 and 'no PEM' in err, err)
    empty = os.path.join(tmp, 'empty.pem')
    open(empty, 'w').close()
    rc, _, err = tool(['check', empty])
    check('check of an empty file exits 2', rc == 2 and 'no certificate' in err, err)
    rc, _, err = tool(['check', '--trust', empty, os.path.join(d, 'gwa-tls.pem')])
    check('an empty trust file exits 2', rc == 2, err)
    rc, _, err = tool(['check', os.path.join(tmp, 'missing.pem')])
    check('a missing file exits 2', rc == 2 and 'No such file' in err, err)
    rc, _, err = tool(['show', empty])
    check('show of an empty file exits 2', rc == 2, err)
    rc, _, err = tool(['check', '--role', 'meter', os.path.join(d, 'gwa-tls.pem')])
    check('unknown role exits 2', rc == 2)
    rc, _, err = tool(['check', '--at', 'yesterday', os.path.join(d, 'gwa-tls.pem')])
    check('bad --at exits 2', rc == 2)

    # --- openssl verify: the independent check of the generated PKI ---
    for n in ees:
        rc, out, err = ossl_verify(d, n + '.pem', ['subca.pem'])
        check('openssl verify strict/explicit policy: %s' % n, rc == 0 and 'OK' in out, out + err)
    for n in ['subca', 'subca2', 'crl-signer']:
        ca = 'root2.pem' if n == 'subca2' else 'root.pem'
        rc, out, err = ossl_verify(d, n + '.pem', ca=ca)
        check('openssl verify strict/explicit policy: %s' % n, rc == 0, out + err)
    rc, out, err = ossl_verify(d, 'gwa2-tls.pem', ['subca2.pem', 'link-old-new.pem'])
    check('openssl: old root validates the new hierarchy via link-old-new', rc == 0, out + err)
    rc, out, err = ossl_verify(d, 'gwa-tls.pem', ['subca.pem', 'link-new-old.pem'], ca='root2.pem')
    check('openssl: new root validates the old hierarchy via link-new-old', rc == 0, out + err)
    rc, out, err = ossl_verify(d, 'gwa2-tls.pem', ['subca2.pem'])
    check('openssl: without the link certificate the rollover fails', rc != 0, out + err)
    rc, out, err = ossl_verify(d, 'revoked-emt-tls.pem', ['subca.pem'], ['-crl_check', '-CRLfile', 'subca.crl.pem'])
    check('openssl: revoked-emt-tls is revoked by subca.crl', rc != 0 and 'revoked' in out + err, out + err)
    rc, out, err = ossl_verify(d, 'gwa-tls.pem', ['subca.pem'], ['-crl_check', '-CRLfile', 'subca.crl.pem'])
    check('openssl: gwa-tls is not revoked', rc == 0, out + err)
    rc, out, err = ossl_verify(d, 'subca-revoked.pem', ['crl-signer.pem'],
                               ['-crl_check', '-extended_crl', '-CRLfile', 'root.crl.pem'])
    check('openssl: indirect root CRL of the CRL signer revokes subca-revoked',
          rc != 0 and 'revoked' in out + err, out + err)
    rc, out, err = ossl_verify(d, 'subca.pem', ['crl-signer.pem'],
                               ['-crl_check', '-extended_crl', '-CRLfile', 'root.crl.pem'])
    check('openssl: indirect root CRL accepts subca', rc == 0, out + err)

    # --- smgw-pki check on the generated PKI ---
    base = ['check', '--trust', 'root.pem', '--at', AT]
    for n in ees:
        rc, out, err = tool(base + ['--crl', 'subca.crl.pem', n + '.pem', 'subca.pem'], cwd=d)
        check('smgw-pki check: %s valid (role and type guessed)' % n, rc == 0 and 'RESULT: VALID' in out, out + err)
    rc, out, _ = tool(base + ['--crl-all', '--crl', 'subca.crl.pem', '--crl', 'root.crl.pem',
                              'gwa-tls.pem', 'subca.pem', 'crl-signer.pem'], cwd=d)
    check('smgw-pki check: CRLs at every level, indirect root CRL', rc == 0, out)
    rc, out, _ = tool(base + ['--crl-all', '--crl', 'root.crl.pem', '--crl', 'subca.crl.pem',
                              'revsub-gwh-tls.pem', 'subca-revoked.pem', 'crl-signer.pem'], cwd=d)
    check('smgw-pki check: revoked sub-CA reported at depth 1',
          rc == 1 and 'depth 1  X509-CERT_REVOKED' in out, out)
    rc, out, _ = tool(base + ['--crl', 'subca.crl.pem', 'revoked-emt-tls.pem', 'subca.pem'], cwd=d)
    check('smgw-pki check: revoked end user', rc == 1 and 'X509-CERT_REVOKED' in out and 'SMGW_E_PKI_REVOKED' in out, out)
    rc, out, _ = tool(base + ['gwa-tls.pem'], cwd=d)
    check('smgw-pki check: missing intermediate', rc == 1 and 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' in out, out)
    rc, out, _ = tool(['check', '--trust', 'root.pem', '--at', '2025-06-01', 'gwa-tls.pem', 'subca.pem'], cwd=d)
    check('smgw-pki check: --at as a date (UTC)', rc == 0, out)
    rc, out, _ = tool(['check', '--trust', 'root.pem', '--at', '2027-06-01T00:00:00Z', 'gwa-tls.pem', 'subca.pem'], cwd=d)
    check('smgw-pki check: expired', rc == 1 and 'X509-CERT_HAS_EXPIRED' in out, out)
    rc, out, _ = tool(['check', '--trust', 'root.pem', '--at', '2024-06-01T00:00:00+02:00', 'gwa-tls.pem', 'subca.pem'], cwd=d)
    check('smgw-pki check: not yet valid', rc == 1 and 'X509-CERT_NOT_YET_VALID' in out, out)
    rc, out, _ = tool(base + ['--type', 'tls', 'emt-enc.pem', 'subca.pem'], cwd=d)
    check('smgw-pki check: ENC certificate used for TLS', rc == 1 and 'SMPKI-KU-TLS' in out and 'SMGW_E_PKI_USAGE' in out, out)
    rc, out, _ = tool(base + ['--role', 'smgw', 'gwa-tls.pem', 'subca.pem'], cwd=d)
    check('smgw-pki check: GWA certificate checked as SMGW',
          rc == 1 and 'SMPKI-NAME-CN' in out and 'SMPKI-EE-SAN-FORBIDDEN' in out, out)
    rc, out, _ = tool(['check', '--trust', 'root.pem', '--at', AT, 'gwa2-tls.pem', 'subca2.pem', 'link-old-new.pem'], cwd=d)
    check('smgw-pki check: rollover through link-old-new', rc == 0, out)
    rc, out, _ = tool(['check', '--trust', 'root2.pem', '--at', AT, 'gwa-tls.pem', 'subca.pem', 'link-new-old.pem'], cwd=d)
    check('smgw-pki check: rollover back through link-new-old', rc == 0, out)
    rc, out, _ = tool(base + ['--tls-server', '--tls-client', 'smgw-tls.pem', 'subca.pem'], cwd=d)
    check('smgw-pki check: SMGW TLS certificate for TLS server and client', rc == 0, out)
    rc, out, _ = tool(base + ['--type', 'tls', 'smgw-sig.pem', 'subca.pem'], cwd=d)
    check('smgw-pki check: SIG certificate used for TLS', rc == 1 and 'SMPKI-EKU-TLS' in out, out)
    rc, out, _ = tool(['check', '--at', AT, 'root.pem'], cwd=d)
    check('smgw-pki check: root profile only', rc == 0 and 'profile only' in out, out)
    rc, out, _ = tool(['check', '--production', '--at', AT, 'root.pem'], cwd=d)
    check('smgw-pki check --production rejects the test PKI names', rc == 1 and 'SMPKI-NAME-O' in out, out)

    # --- CRLs ---
    rc, out, _ = tool(['crl-check', '--signer', 'subca.pem', 'subca.crl.pem'], cwd=d)
    check('crl-check: subca.crl signed by subca conforms', rc == 0 and 'CRL CONFORMS' in out, out)
    rc, out, _ = tool(['crl-check', '--signer', 'crl-signer.pem', 'root.crl.pem'], cwd=d)
    check('crl-check: root.crl signed by the CRL signer conforms', rc == 0, out)
    rc, out, _ = tool(['crl-check', '--signer', 'root.pem', 'subca.crl.pem'], cwd=d)
    check('crl-check: wrong signer reported', rc == 1 and 'SMPKI-CRL-ISSUER-SIGNER' in out and
          'SMPKI-CRL-SIGNATURE' in out, out)
    rc, out, _ = tool(['crl-check', '--signer', os.path.join(data, 'openssl', 'subca.pem'),
                       os.path.join(data, 'openssl', 'subca.crl.pem')])
    check('crl-check: the openssl-made CRL conforms', rc == 0, out)
    rc, out, _ = tool(['crl-check', 'gwa-tls.pem'], cwd=d)
    check('crl-check: a certificate is not a CRL (exit 2)', rc == 2, out)

    # --- certificates made by the openssl command line ---
    od = os.path.join(data, 'openssl')
    rc, out, _ = tool(['check', '--trust', 'root.pem', '--crl', 'subca.crl.pem', '--at', '2027-06-01T00:00:00Z',
                       'gwa-tls.pem', 'subca.pem'], cwd=od)
    check('openssl-made GWA TLS certificate is valid', rc == 0, out)
    rc, out, _ = tool(['check', '--trust', 'root.pem', '--crl', 'subca.crl.pem', '--at', '2027-06-01T00:00:00Z',
                       'emt-p256.pem', 'subca.pem'], cwd=od)
    check('openssl-made P-256 EMT: revoked and wrong curve, both reported',
          rc == 1 and 'SMPKI-KEY-CURVE' in out and 'X509-CERT_REVOKED' in out, out)
    rc, out, _ = tool(['check', '--trust', 'root.pem', '--at', '2027-06-01T00:00:00Z', 'emt-rsa.pem', 'subca.pem'], cwd=od)
    check('openssl-made RSA EMT: not an EC key', rc == 1 and 'SMPKI-KEY-EC' in out, out)
    rc, out, _ = tool(['check', '--trust', 'root.pem', '--at', '2027-06-01T00:00:00Z', '--tls-server',
                       'smgw-tls.pem', 'subca.pem'], cwd=od)
    check('openssl-made SMGW TLS (clientAuth only) refused as TLS server',
          rc == 1 and 'PURPOSE-TLS-SERVER' in out and 'SMGW_E_PKI_USAGE' in out, out)
    rc, out, _ = tool(['check', '--trust', 'root.pem', '--at', '2027-06-01T00:00:00Z', '--tls-client',
                       'smgw-tls.pem', 'subca.pem'], cwd=od)
    check('openssl-made SMGW TLS (clientAuth only) valid as TLS client', rc == 0, out)
    rc, out, _ = tool(['show', 'gwa-tls.pem'], cwd=od)
    _, sub, _ = run(['openssl', 'x509', '-in', 'gwa-tls.pem', '-noout', '-subject', '-serial', '-nameopt', 'RFC2253'], cwd=od)
    want_sub = [l.split('=', 1)[1] for l in sub.splitlines() if l.startswith('subject=')][0]
    want_ser = [l.split('=', 1)[1] for l in sub.splitlines() if l.startswith('serial=')][0]
    check('show prints the subject and serial that openssl prints',
          ('subject:     ' + want_sub) in out and ('serial:      ' + want_ser) in out, out + sub)

    # issued here by openssl with the generated sub-CA's key, each broken once
    ext = os.path.join(tmp, 'ext.cnf')
    with open(ext, 'w') as f:
        f.write('''[good]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = 0.4.0.127.0.7.3.4.1.1.1
subjectAltName = DNS:ossl.gwa.example
issuerAltName = URI:http://subca.sm-test-pki.example
crlDistributionPoints = URI:http://subca.sm-test-pki.example/subca.crl
[nosan]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = 0.4.0.127.0.7.3.4.1.1.1
issuerAltName = URI:http://subca.sm-test-pki.example
crlDistributionPoints = URI:http://subca.sm-test-pki.example/subca.crl
[kunoncrit]
basicConstraints = critical,CA:FALSE
keyUsage = digitalSignature,keyEncipherment
extendedKeyUsage = critical,serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = 0.4.0.127.0.7.3.4.1.1.1
subjectAltName = DNS:ossl.gwa.example
issuerAltName = URI:http://subca.sm-test-pki.example
crlDistributionPoints = URI:http://subca.sm-test-pki.example/subca.crl
[otherpolicy]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = 1.3.6.1.4.1.99999.1
subjectAltName = DNS:ossl.gwa.example
issuerAltName = URI:http://subca.sm-test-pki.example
crlDistributionPoints = URI:http://subca.sm-test-pki.example/subca.crl
''')

    def issue(name, section, curve='brainpoolP256r1'):
        key = os.path.join(tmp, name + '.key')
        csr = os.path.join(tmp, name + '.csr')
        crt = os.path.join(tmp, name + '.pem')
        r1 = run(['openssl', 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:' + curve, '-out', key])
        r2 = run(['openssl', 'req', '-new', '-key', key, '-subj',
                  '/C=DE/O=SM-Test-PKI-DE/serialNumber=3/CN=OSSL.GWA', '-out', csr])
        r3 = run(['openssl', 'x509', '-req', '-in', csr, '-CA', os.path.join(d, 'subca.pem'),
                  '-CAkey', os.path.join(d, 'subca.key.pem'), '-set_serial', '4660', '-days', '30',
                  '-sha256', '-extfile', ext, '-extensions', section, '-out', crt])
        ok = r1[0] == 0 and r2[0] == 0 and r3[0] == 0
        check('openssl issues %s' % name, ok, r1[2] + r2[2] + r3[2])
        return crt

    # these live from now for 30 days: validate at the current time
    now = ['check', '--trust', os.path.join(d, 'root.pem'), '--role', 'gwa', '--type', 'tls']
    sub = os.path.join(d, 'subca.pem')
    # the generated CAs are valid 2025..2035, so "now" is inside their validity
    c = issue('ossl-good', 'good')
    rc, out, _ = tool(now + [c, sub])
    check('openssl-issued GWA TLS certificate is valid', rc == 0, out)
    c = issue('ossl-nosan', 'nosan')
    rc, out, _ = tool(now + [c, sub])
    check('openssl-issued GWA without SAN: SMPKI-EE-SAN-REQUIRED', rc == 1 and 'SMPKI-EE-SAN-REQUIRED' in out, out)
    c = issue('ossl-ku', 'kunoncrit')
    rc, out, _ = tool(now + [c, sub])
    check('openssl-issued GWA with non-critical keyUsage and keyEncipherment: both reported',
          rc == 1 and 'SMPKI-EXT-KU-CRITICAL' in out and 'SMPKI-KU-TLS-ONLY' in out, out)
    c = issue('ossl-pol', 'otherpolicy')
    rc, out, _ = tool(now + [c, sub])
    check('openssl-issued GWA with another policy: explicit policy fails',
          rc == 1 and 'X509-NO_EXPLICIT_POLICY' in out and 'SMGW_E_PKI_POLICY' in out, out)
    c = issue('ossl-p256', 'good', 'prime256v1')
    rc, out, _ = tool(now + [c, sub])
    check('openssl-issued GWA on P-256: SMPKI-KEY-CURVE', rc == 1 and 'SMPKI-KEY-CURVE' in out, out)
    rc, out, err = run(['openssl', 'verify', '-x509_strict', '-policy_check', '-explicit_policy', '-policy', POLICY,
                        '-CAfile', os.path.join(d, 'root.pem'), '-untrusted', sub, c])
    check('... which openssl alone accepts (the profile is ours)', rc == 0, out + err)
    # a broken signature: flip one byte of the signature of the good one
    der = subprocess.run(['openssl', 'x509', '-in', os.path.join(tmp, 'ossl-good.pem'), '-outform', 'DER'],
                         capture_output=True, timeout=60).stdout
    broken = bytearray(der)
    broken[-5] ^= 1
    bp = os.path.join(tmp, 'broken.der')
    with open(bp, 'wb') as f:
        f.write(bytes(broken))
    rc, out, _ = tool(now + [bp, sub])
    check('broken signature: X509-CERT_SIGNATURE_FAILURE', rc == 1 and 'X509-CERT_SIGNATURE_FAILURE' in out, out)

print('1..%d' % len(results))
for i, (name, ok, detail) in enumerate(results, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
    if not ok and detail:
        for line in detail.splitlines()[:30]:
            print('# ' + line)
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
