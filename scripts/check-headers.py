#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Gate: every public header compiles on its own as C99 -pedantic and as
C++ (first include in an otherwise empty translation unit), no two
libraries install a header under the same name, and no two headers share an
include guard.

usage: check-headers.py CC CXX INCDIR... -- HEADERDIR...
A HEADERDIR is a library's include/ directory; every *.h below smgw/ is checked."""
import os
import subprocess
import sys
import tempfile

args = sys.argv[1:]
sep = args.index('--')
cc, cxx = args[0], args[1]
incs = args[2:sep]
roots = args[sep + 1:]
flags = ['-Wall', '-Wextra', '-Werror', '-pedantic', '-fsyntax-only']
for i in incs:
    flags += ['-I', i]

headers = []
for root in roots:
    for d, _, files in os.walk(os.path.join(root, 'smgw')):
        for f in files:
            if f.endswith('.h'):
                headers.append(os.path.relpath(os.path.join(d, f), root))
fails = 0
seen = {}
for root in roots:
    for d, _, files in os.walk(os.path.join(root, 'smgw')):
        for f in files:
            if not f.endswith('.h'):
                continue
            full = os.path.join(d, f)
            rel = os.path.relpath(full, root)
            if rel in seen:
                fails += 1
                print('FAIL %s is installed by two libraries: %s and %s' % (rel, seen[rel], full))
            seen[rel] = full
guards = {}
for rel, full in seen.items():
    with open(full) as fp:
        for line in fp:
            if line.startswith('#ifndef '):
                g = line.split()[1]
                if g in guards:
                    fails += 1
                    print('FAIL include guard %s used by %s and %s' % (g, guards[g], rel))
                guards[g] = rel
                break
headers = sorted(set(headers))
with tempfile.TemporaryDirectory() as tmp:
    for h in headers:
        for lang, comp, std, ext in (('C99', cc, '-std=c99', 'c'), ('C++', cxx, '-std=c++11', 'cpp')):
            src = os.path.join(tmp, 't.' + ext)
            with open(src, 'w') as fp:
                fp.write('#include <%s>\n#include <%s>\n' % (h, h))  # twice: include guard
                fp.write('int smgw_header_check_dummy;\n')
            r = subprocess.run([comp, std] + flags + [src], capture_output=True, text=True)
            if r.returncode != 0:
                fails += 1
                print('FAIL %s as %s:\n%s' % (h, lang, r.stderr))
print('%d headers checked as C99 and C++, %d failures' % (len(headers), fails))
sys.exit(1 if fails else 0)
