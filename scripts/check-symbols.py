#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Gate: the dynamic symbols a shared library exports equal the names in its
version script, and every export carries a version from that script.

usage: check-symbols.py READELF LIBRARY.so MAPFILE
Cross-safe: only readelf is run, never the library."""
import re
import subprocess
import sys

readelf, lib, mapfile = sys.argv[1:4]

text = open(mapfile).read()
text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
text = re.sub(r'#[^\n]*', '', text)
nodes = re.findall(r'(\w[\w.]*)\s*\{(.*?)\}\s*[\w.]*\s*;', text, flags=re.S)
if not nodes:
    sys.exit('error: no version nodes in ' + mapfile)
wanted = {}
for node, body in nodes:
    m = re.search(r'global:(.*?)(local:|$)', body, flags=re.S)
    if not m:
        continue
    for name in re.findall(r'([A-Za-z_]\w*)\s*;', m.group(1)):
        if name in wanted:
            sys.exit('error: %s listed twice in %s' % (name, mapfile))
        wanted[name] = node
node_names = {n for n, _ in nodes}

out = subprocess.run([readelf, '--dyn-syms', '--wide', lib], check=True,
                     capture_output=True, text=True).stdout
exported = {}
bad = []
for line in out.splitlines():
    f = line.split()
    # Num: Value Size Type Bind Vis Ndx Name
    if len(f) < 8 or not f[0].endswith(':'):
        continue
    typ, bind, ndx, name = f[3], f[4], f[6], f[7]
    if ndx == 'UND' or bind not in ('GLOBAL', 'WEAK'):
        continue
    if typ not in ('FUNC', 'OBJECT', 'IFUNC', 'TLS'):
        continue
    base, _, ver = name.partition('@')
    ver = ver.lstrip('@')
    if ndx == 'ABS' and base in node_names:
        continue  # the version definition itself
    if not ver:
        bad.append('unversioned export: ' + base)
    elif ver not in node_names:
        bad.append('export %s has version %s not in the map' % (base, ver))
    if typ != 'FUNC':
        bad.append('data symbol exported (not allowed): ' + base)
    exported[base] = ver

missing = sorted(set(wanted) - set(exported))
extra = sorted(set(exported) - set(wanted))
for n in missing:
    bad.append('listed in the map but not exported (missing definition or SMGW_EXPORT): ' + n)
for n in extra:
    bad.append('exported but not in the map: ' + n)
for n, v in exported.items():
    if n in wanted and v and v != wanted[n]:
        bad.append('%s exported as %s, map says %s' % (n, v, wanted[n]))
for n in exported:
    if not n.startswith('smgw_'):
        bad.append('export without smgw_ prefix: ' + n)

if bad:
    print('\n'.join(bad))
    sys.exit(1)
print('ok: %d versioned exports of %s match %s' % (len(exported), lib.split('/')[-1], mapfile.split('/')[-1]))
