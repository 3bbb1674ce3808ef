#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Gate and baseline tool for the ABI of each library.

check:  abi-check.py check  BASELINE.abi LIBRARY.so INCDIR...
update: abi-check.py update BASELINE.abi LIBRARY.so INCDIR...

check runs `abidiff --no-added-syms` (added functions in a new version node
are fine; anything else - removed symbols, changed types or layouts - is
not) and fails on any non-zero exit. update writes the baseline with abidw;
do it only when a release is tagged, on the reference configuration
(x86_64, gcc, debugoptimized)."""
import subprocess
import sys

mode, baseline, lib = sys.argv[1:4]
incs = sys.argv[4:]
if mode == 'update':
    cmd = ['abidw', '--drop-private-types', '--no-corpus-path', '--out-file', baseline]
    for i in incs:
        cmd += ['--headers-dir', i]
    subprocess.run(cmd + [lib], check=True)
    print('wrote', baseline)
    sys.exit(0)
cmd = ['abidiff', '--no-added-syms', '--drop-private-types']
for i in incs:
    cmd += ['--headers-dir2', i]
cmd += [baseline, lib]
r = subprocess.run(cmd, capture_output=True, text=True)
sys.stdout.write(r.stdout)
sys.stderr.write(r.stderr)
if r.returncode != 0:
    print('ABI check failed (abidiff exit %d) for %s against %s' % (r.returncode, lib, baseline))
    print('If the change is intended for a new release, refresh the baseline:')
    print('  python3 scripts/abi-check.py update %s %s %s' % (baseline, lib, ' '.join(incs)))
    sys.exit(1)
print('ok: ABI of %s matches %s' % (lib.split('/')[-1], baseline.split('/')[-1]))
