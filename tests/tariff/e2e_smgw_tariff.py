#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""End-to-end test of smgw-tariff over every TRuDI golden case (TAP).

For each case of cases.json: `smgw-tariff eval --json` must print the
expected billing range and registers (OBIS, amount, tariff id, in that
order), or, for an error case, exit 2 with a reason on stderr. The CSV and
text outputs and the `check` command are exercised as well.
Usage: e2e_smgw_tariff.py SMGW-TARIFF DATA-DIR SCHEMA-DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from datetime import datetime

NS = {'a': 'http://vde.de/AR_2418-6.xsd'}


def independent_series(path):
    """Boundaries and gaps of each original value list, straight from the XML (900 s, 1 % = 9 s)."""
    out = {}
    for mr in ET.parse(path).getroot().iter('{http://vde.de/AR_2418-6.xsd}MeterReading'):
        meter = mr.find('a:Meter/a:meterId', NS)
        qln = mr.find('a:ReadingType/a:qualifiedLogicalName', NS).text.split('.')
        if meter is None or len(qln) != 3 or qln[1] != meter.text:
            continue
        aligned = set()
        for ir in mr.iter('{http://vde.de/AR_2418-6.xsd}IntervalReading'):
            t = int(datetime.fromisoformat(ir.find('a:timePeriod/a:start', NS).text).timestamp())
            g = (t + 450) // 900 * 900
            if abs(t - g) <= 9:
                aligned.add(g)
        if aligned:
            n = (max(aligned) - min(aligned)) // 900 + 1
            out[mr.find('a:ReadingType/a:obisCode', NS).text.upper()] = (n, n - len(aligned))
    return out

RULES_HEAD = """<?xml version="1.0" encoding="utf-8"?>
<UsagePoints xmlns="http://vde.de/AR_2418-6.xsd" xmlns:espi="http://naesb.org/espi">
<UsagePoint><espi:ServiceCategory><espi:kind>0</espi:kind></espi:ServiceCategory>
<usagePointId>TEST</usagePointId><Customer><customerId>c</customerId></Customer>
<InvoicingParty><invoicingPartyId>p</invoicingPartyId></InvoicingParty>
<SMGW><smgwId>EDNT0000000001</smgwId></SMGW><tariffName>t</tariffName>
<AnalysisProfile><tariffUseCase>2</tariffUseCase><tariffId>rules</tariffId>
<billingPeriod><duration>2678400</duration><start>2026-05-01T00:00:00+02:00</start></billingPeriod>
<TariffStage><tariffNumber>1</tariffNumber><obisCode>0100010801ff</obisCode></TariffStage>
<TariffStage><tariffNumber>2</tariffNumber><obisCode>0100010802ff</obisCode></TariffStage>
<defaultTariffNumber>1</defaultTariffNumber><TariffChangeTrigger><TimeTrigger>
"""
WEEK = ('<WeekProfile><weekProfileName>w</weekProfileName><monday>1</monday><tuesday>1</tuesday>'
        '<wednesday>1</wednesday><thursday>1</thursday><friday>1</friday><saturday>2</saturday>'
        '<sunday>2</sunday></WeekProfile>')


def rules_profile():
    """May 2026: weekdays HT 06:00-22:00 (day 1), weekends NT (day 2), stated as season and week rules."""
    def day(i, f):
        s = '<DayProfile><dayId>%d</dayId>' % i
        for k in range(96):
            s += ('<DayTimeProfile><startTime><hour>%d</hour><minute>%d</minute></startTime>'
                  '<tariffNumber>%d</tariffNumber></DayTimeProfile>' % (k // 4, k % 4 * 15, f(k)))
        return s + '</DayProfile>\n'
    return (RULES_HEAD + day(1, lambda k: 1 if 24 <= k < 88 else 2) + day(2, lambda k: 2)
            + '<SeasonProfile><seasonProfileName>year</seasonProfileName>'
            '<seasonStart>2026-01-01T00:00:00+01:00</seasonStart><weekProfileName>w</weekProfileName>'
            + WEEK + '</SeasonProfile>\n' + WEEK + '\n</TimeTrigger></TariffChangeTrigger></AnalysisProfile>'
            '</UsagePoint></UsagePoints>\n')


def run(exe, args):
    p = subprocess.run([exe] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode('utf-8'), p.stderr.decode('utf-8')


def main():
    exe, data, schema = sys.argv[1], sys.argv[2], sys.argv[3]
    cases = json.load(open(os.path.join(data, 'cases.json'), encoding='utf-8'))
    results = []

    def ok(cond, name, why=''):
        results.append((bool(cond), name, why))

    for c in cases:
        dev = os.path.join(data, c['device'])
        sup = os.path.join(data, c['supplier'])
        rc, out, err = run(exe, ['eval', '--supplier', sup, '--device', dev, '--json', '--schema', schema])
        exp = c['expect']
        name = '%s (%s)' % (c['name'], c['taf'])
        if exp.get('error'):
            ok(rc == 2 and out == '' and 'smgw-tariff:' in err and len(err.strip()) > 30, name + ' refused',
               'rc=%d out=%r err=%r' % (rc, out[:200], err[:300]))
            continue
        if rc != 0:
            ok(False, name, 'rc=%d err=%s' % (rc, err.strip()))
            continue
        got = json.loads(out)
        want_regs = [{'obis': r['obis'], 'amount': r['amount'], 'tariff_id': r['tariff_id']} for r in exp['registers']]
        good = (got['begin'] == exp['begin'] and got['end'] == exp['end'] and got['registers'] == want_regs
                and sorted(got.keys()) == ['begin', 'end', 'registers'])
        ok(good, name, 'got %s\n  want begin %s end %s %s' % (out.strip(), exp['begin'], exp['end'], want_regs))
        if good:
            rc2, csv, _ = run(exe, ['eval', '--supplier', sup, '--device', dev, '--csv', '--schema', schema])
            lines = csv.strip().split('\n')
            want = ['begin,end,obis,amount,tariff_id'] + ['%s,%s,%s,%d,%d' % (exp['begin'], exp['end'], r['obis'],
                                                                              r['amount'], r['tariff_id'])
                                                          for r in exp['registers']]
            ok(rc2 == 0 and lines == want, name + ' csv', csv)
    # check: every supplier file of a successful case passes; the rejected ones fail with a message
    sups = sorted({c['supplier'] for c in cases if not c['expect'].get('error')})
    for s in sups:
        rc, out, err = run(exe, ['check', os.path.join(data, s), '--schema', schema])
        ok(rc == 0 and 'OK' in out, 'check ' + s, out + err)
    for s in ['xml/taf2_supplier_1_month_wrongDayId.xml', 'xml/taf1_supplier_1_month_start_at_10_2.xml',
              'xml/taf1_supplier_InvalidBillingPeriod1.xml', 'xml/taf1_supplier_1_month_plus_1_day.xml']:
        rc, out, err = run(exe, ['check', os.path.join(data, s), '--schema', schema])
        ok(rc == 2 and ': error: line' in out or ': error: ' in out, 'check rejects ' + s, out + err)
    # the exact command line of the issue (schema found without --schema)
    c = cases[1]
    rc, out, err = run(exe, ['eval', '--supplier', os.path.join(data, c['supplier']), '--device',
                             os.path.join(data, c['device']), '--json'])
    ok(rc == 0 and json.loads(out)['registers'][0]['amount'] == c['expect']['registers'][0]['amount'],
       'eval without --schema', err)
    # cases.txt (the in-process C test's list) is cases.json, derived
    here = os.path.dirname(os.path.abspath(__file__))
    rc = subprocess.run([sys.executable, os.path.join(here, 'trudi_cases_txt.py'), os.path.join(data, 'cases.json'),
                         '--check', os.path.join(data, 'cases.txt')]).returncode
    ok(rc == 0, 'cases.txt agrees with cases.json')
    # usage errors
    rc, out, err = run(exe, ['--help'])
    ok(rc == 0 and 'Usage' in out, '--help')
    rc, out, err = run(exe, ['eval', '--supplier', 'x.xml'])
    ok(rc == 1 and 'needs' in err, 'eval without --device')
    rc, out, err = run(exe, ['frobnicate'])
    ok(rc == 1 and 'unknown command' in err, 'unknown command')
    rc, out, err = run(exe, ['check', '/nonexistent/file.xml', '--schema', schema])
    ok(rc == 1 and 'cannot open' in err, 'missing file')
    rc, out, err = run(exe, ['eval', '--supplier', os.path.join(data, sups[0]), '--device',
                             os.path.join(data, sups[0]), '--schema', schema, '--json'])
    ok(rc == 2 and 'original value list' in err, 'supplier file as device refused', err)

    # series (TAF-7): boundaries and gaps against an independent count from the XML
    for dev in ['xml/taf2_result_single_day_2h-gap.xml', 'xml/taf2_many_gaps_result_2017-10-26.xml',
                'xml/taf2_result_single_day_dst_oct.xml', 'xml/taf2_result_single_day_dst_march.xml',
                'xml/taf2_result_3_days_gap_day_change_9.xml']:
        rc, out, err = run(exe, ['series', '--device', os.path.join(data, dev), '--json', '--schema', schema])
        want = independent_series(os.path.join(data, dev))
        good = rc == 0
        if good:
            got = json.loads(out)
            hexes = {}
            for lst in got['lists']:
                # 1-0:1.8.0*255 -> 0100010800FF
                a, rest = lst['obis'].split('-')
                b, rest = rest.split(':')
                c, d, rest = rest.split('.')
                e, f = rest.split('*')
                key = ''.join('%02X' % int(x) for x in (a, b, c, d, e, f))
                hexes[key] = (lst['points'], lst['gaps'])
                states = [p['state'] for p in lst['series']]
                good = good and len(states) == lst['points'] and states.count('gap') == lst['gaps']
                good = good and all('value' not in p for p in lst['series'] if p['state'] == 'gap')
            good = good and hexes == want
        ok(good, 'series ' + dev, out[:300] + err + ' want %r' % want)
    rc, out, err = run(exe, ['series', '--supplier', 'x.xml', '--schema', schema])
    ok(rc == 1 and 'series needs --device' in err, 'series without --device')

    # expand: season/week rules and the holidays of Bavaria into explicit special days
    with tempfile.TemporaryDirectory() as tmp:
        rules = os.path.join(tmp, 'rules.xml')
        with open(rules, 'w', encoding='utf-8') as f:
            f.write(rules_profile())
        for state, want in (('BY', '2'), (None, '1')):
            args = ['expand', rules, '--schema', schema] + (['--state', state] if state else [])
            rc, out, err = run(exe, args)
            ok(rc == 0 and out.count('<SpecialDayProfile>') == 31, 'expand %s: 31 special days' % state, err)
            # Thursday 14 May 2026 is Christi Himmelfahrt (Easter 5 April + 39 days)
            needle = '<month>5</month><day_of_month>14</day_of_month></specialDayDate><dayId>'
            pos = out.find(needle)
            ok(pos >= 0 and out[pos + len(needle)] == want, 'expand %s: 14 May is day profile %s' % (state, want))
            expanded = os.path.join(tmp, 'expanded.xml')
            with open(expanded, 'w', encoding='utf-8') as f:
                f.write(out)
            rc, out2, err2 = run(exe, ['check', expanded, '--schema', schema])
            ok(rc == 0 and 'OK' in out2, 'expand %s: output passes check and the XSD' % state, out2 + err2)
        rc, out, err = run(exe, ['expand', '--state', 'XX', rules, '--schema', schema])
        ok(rc == 1 and 'unknown state' in err, 'expand with an unknown state')

    print('1..%d' % len(results))
    for i, (good, name, why) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if good else 'not ok', i, name))
        if not good and why:
            for line in why.split('\n'):
                print('# ' + line)
    return 0 if all(r[0] for r in results) else 1


if __name__ == '__main__':
    sys.exit(main())
