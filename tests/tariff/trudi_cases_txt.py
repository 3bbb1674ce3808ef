#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Derives tests/data/tariff/trudi/cases.txt (read by test_trudi.c) from cases.json.

One line per case: name|taf|device|supplier|begin|end|obis=amount=tariff_id;...
or name|taf|device|supplier|ERROR. Usage: trudi_cases_txt.py CASES.json [--check CASES.txt]
"""
import json
import sys


def derive(path):
    lines = ['# derived from cases.json by tests/tariff/trudi_cases_txt.py; do not edit']
    for c in json.load(open(path, encoding='utf-8')):
        e = c['expect']
        head = '|'.join([c['name'], c['taf'], c['device'], c['supplier']])
        if e.get('error'):
            lines.append(head + '|ERROR')
        else:
            regs = ';'.join('%s=%d=%d' % (r['obis'], r['amount'], r['tariff_id']) for r in e['registers'])
            lines.append('|'.join([head, e['begin'], e['end'], regs]))
    return '\n'.join(lines) + '\n'


if __name__ == '__main__':
    text = derive(sys.argv[1])
    if len(sys.argv) == 4 and sys.argv[2] == '--check':
        sys.exit(0 if open(sys.argv[3], encoding='utf-8').read() == text else 1)
    sys.stdout.write(text)
