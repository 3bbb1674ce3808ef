# SPDX-License-Identifier: Apache-2.0
# Shared by the wM-Bus end-to-end test: reads the telegrams with the values
# wmbusmeters asserts for them and matches those values against the data
# records `smgw-lmn wmbus --json` prints, unit-aware (a field total_kwh
# matches a record in Wh with value * 10^scaler = 1000 * the field).
import json
import os
import re
import subprocess
from fractions import Fraction

# Field-name suffix -> (unit symbols our decoder may use, factor field->unit).
# Durations convert through seconds; energy through J as well as Wh.
SECOND = {'s': 1, 'min': 60, 'h': 3600, 'd': 86400, 'mo': None, 'a': None}
SUFFIX = [
    ('_m3h', {'m³/h': 1, 'm³/min': Fraction(1, 60), 'm³/s': Fraction(1, 3600)}),
    ('_m3', {'m³': 1}),
    ('_kwh', {'Wh': 1000, 'J': 3600000}),
    ('_mwh', {'Wh': 1000000, 'J': 3600000000}),
    ('_gj', {'J': 1000000000, 'Wh': Fraction(1000000000, 3600)}),
    ('_kw', {'W': 1000, 'J/h': 3600000}),
    ('_w', {'W': 1}),
    ('_kvarh', {'varh': 1000}),
    ('_kvah', {'VAh': 1000}),
    ('_kvar', {'var': 1000}),
    ('_kva', {'VA': 1000}),
    ('_c', {'°C': 1, 'K': 1}),
    ('_k', {'K': 1}),
    ('_hca', {'HCA': 1, '': 1}),
    ('_v', {'V': 1}),
    ('_a', {'A': 1}),
    ('_hz', {'Hz': 1}),
    ('_rh', {'%': 1}),
    ('_pct', {'%': 1}),
    ('_bar', {'bar': 1}),
    ('_kg', {'kg': 1}),
    ('_s', 'time:1'),
    ('_min', 'time:60'),
    ('_h', 'time:3600'),
    ('_d', 'time:86400'),
    ('_y', 'years'),
    ('_counter', {'': 1}),
    ('_nr', {'': 1}),
]


def field_units(name):
    for suf, units in SUFFIX:
        if name.endswith(suf):
            return suf, units
    return None, None


def candidates(rec):
    """(unit symbol, exact value) of a numeric record."""
    if 'decimal' not in rec:
        return None
    return rec.get('unit', ''), Fraction(rec['decimal'])


def close(a, b):
    a, b = Fraction(a), Fraction(b)
    if a == b:
        return True
    tol = max(abs(a), abs(b)) * Fraction(1, 10 ** 5) + Fraction(1, 10 ** 6)
    return abs(a - b) <= tol


def matches(name, want, records):
    """True if one record carries the field's value in a compatible unit."""
    suf, units = field_units(name)
    if units is None:
        return None
    want = Fraction(str(want))
    for rec in records:
        c = candidates(rec)
        if c is None:
            continue
        unit, got = c
        if isinstance(units, str) and units.startswith('time:'):
            f = SECOND.get(unit)
            if f and close(got * f, want * int(units[5:])):
                return True
        elif units == 'years':
            for year in (365, Fraction(36524, 100), Fraction(3652425, 10000)):
                f = {'a': 1, 'mo': Fraction(1, 12), 'd': 1 / year, 'h': 1 / (24 * year)}.get(unit)
                if f and close(got * f, want):
                    return True
        elif unit in units and close(got, want * units[unit]):
            return True
    return False


def run(exe, *args):
    return subprocess.run([exe] + list(args), capture_output=True, text=True)


def loads_lenient(text):
    """Some asserted outputs in the source are not valid JSON (a field
    value with a raw newline, a cut-off string): keep the numeric fields
    that can be read."""
    try:
        return json.loads(text)
    except ValueError:
        return {m.group(1): json.loads(m.group(2))
                for m in re.finditer(r'"([A-Za-z0-9_]+)"\s*:\s*(-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\s*[,}]', text)}


def telegrams(data):
    """(label, hex, key, predecrypted, expected dict) for every telegram."""
    out = []
    tdir = os.path.join(data, 'telegrams')
    exp = json.load(open(os.path.join(tdir, 'expected.json')))
    for f in sorted(exp):
        h = open(os.path.join(tdir, f)).read().strip()
        e = exp[f]['expected_json']
        out.append((f, h, exp[f]['key'], e))
    for i, line in enumerate(open(os.path.join(data, 'telegrams.jsonl'))):
        r = json.loads(line)
        e = loads_lenient(r['expected_json'])
        out.append(('telegrams.jsonl:%d' % (i + 1), r['telegram_hex'], r['key'], e))
    return out


def numeric_fields(e):
    skip = {'timestamp', 'id', 'name', 'meter', 'media', '_'}
    return [(k, v) for k, v in e.items() if k not in skip and isinstance(v, (int, float)) and not isinstance(v, bool)]


def matches_number(want, records):
    """True if a numeric record carries the number in some decimal multiple
    (vendor-defined meaning: manufacturer-specific VIFE, subunit)."""
    want = Fraction(str(want))
    for rec in records:
        c = candidates(rec)
        if c is None:
            continue
        for k in (1, 1000, Fraction(1, 1000), 1000000, Fraction(1, 1000000), 10, Fraction(1, 10), 100, Fraction(1, 100)):
            if close(c[1] * k, want):
                return True
    return False
