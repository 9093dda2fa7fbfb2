#!/usr/bin/env python3
"""One payee's payout per sample plan, recomputed independently and compared
entry by entry with what `accrue settle` writes.

    python3 tests/settle/test_payee_oracle.py --accrue build/engine/cli/accrue [-k R02] [-v]

The oracles in tests/settle/oracle/ are written from the plan text, the std
modules, the settlement spec and the CSVs with Python's fractions and decimal
only; they share no code with accrue. Each case settles its plan into a fresh
ledger, exports the batch as CSV, keeps the payee's entries (in sequence order)
and compares every field the spec fixes: customer, component, kind, both
accounts, amount, amount in minor units, currency, due date and rule.
"""
import argparse
import csv
import difflib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'tests' / 'settle' / 'oracle'))

import calc  # noqa: E402
import cdnow  # noqa: E402
import export_transition  # noqa: E402
import long_term_value  # noqa: E402
from report import FIELDS, entry_row  # noqa: E402

ACCRUE = None
COMPARED = FIELDS + ['currency']

LTV = ('plans/long_term_value/plan.plan', 'plans/long_term_value/data/manifest.yaml', long_term_value, 'CNY')
EXPORT = ('plans/export_transition/plan.plan', 'plans/export_transition/data/manifest.yaml', export_transition, 'USD')
CDNOW = ('plans/cdnow/plan.plan', 'plans/cdnow/data/manifest.yaml', cdnow, 'USD')

# case -> (plan, manifest, oracle, currency, period, payees). long_term_value: R02 hits the
# concentration cap, R04 the compliance veto, R05 the score gate ahead of the gift-policy cut, R07 the acquisition gate,
# R06/R07/R08 the emerging, R03/R05 the declining scorecard. export_transition: E06 is the story's
# payee, E07 is vetoed, T-APAC (E09-E12) is gated off the team pool. cdnow: 1998-Q2 caps R01's bonus.
CASES = {
    'long_term_value': (*LTV, '2026-Q1', [f'R{i:02d}' for i in range(1, 10)]),
    'export_transition': (*EXPORT, '2026-Q1', [f'E{i:02d}' for i in range(1, 13)]),
    'cdnow_1997_Q4': (*CDNOW, '1997-Q4', ['R01', 'R02']),
    'cdnow_1998_Q2': (*CDNOW, '1998-Q2', ['R01', 'R02']),
}

_settled = {}


def run(*args):
    p = subprocess.run([ACCRUE, *map(str, args)], cwd=ROOT, capture_output=True, timeout=900,
                       env=dict(os.environ, NO_COLOR='1'))
    return p


def accrue_entries(case):
    """The case's batch exported as CSV rows (settled once per case)."""
    if case not in _settled:
        plan, manifest, _, _, period, _ = CASES[case]
        work = Path(tempfile.mkdtemp(prefix=f'accrue-oracle-{case}-'))
        try:
            ledger = work / 'ledger.db'
            p = run('settle', plan, '--data', manifest, '--period', period, '--ledger', ledger)
            if p.returncode != 0:
                raise AssertionError(f'accrue settle {case} {period} exited {p.returncode}:\n'
                                     f'{p.stderr.decode(errors="replace")}')
            listed = run('export', ledger, '--format', 'json')
            if listed.returncode != 0:
                raise AssertionError(f'listing batches failed: {listed.stderr.decode(errors="replace")}')
            batches = json.loads(listed.stdout)['batches']
            if len(batches) != 1:
                raise AssertionError(f'a fresh ledger should hold one batch, not {len(batches)}')
            batch = batches[0]['batch']
            p = run('export', ledger, '--batch', batch, '--format', 'csv')
            if p.returncode != 0:
                raise AssertionError(f'accrue export failed ({p.returncode}): {p.stderr.decode(errors="replace")}')
            _settled[case] = list(csv.DictReader(io.StringIO(p.stdout.decode('utf-8'))))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return _settled[case]


_datasets = {}


def expected_rows(case, payee):
    _, _, oracle, currency, period, _ = CASES[case]
    if oracle not in _datasets:  # one load per plan, shared by its periods
        _datasets[oracle] = oracle.Dataset()
    result = oracle.settle(period, [payee], data=_datasets[oracle])
    return [entry_row(e) + [currency] for e in result[0]]


def actual_rows(case, payee):
    rows = [r for r in accrue_entries(case) if r['payee'] == payee]
    rows.sort(key=lambda r: int(r['sequence']))
    return [[r[f] for f in COMPARED] for r in rows]


class PayeeOracle(unittest.TestCase):
    maxDiff = None

    def compare(self, case, payee):
        expected, actual = expected_rows(case, payee), actual_rows(case, payee)
        self.assertTrue(expected, f'the oracle expects no entry for {payee}: pick a payee with a payout')
        if expected != actual:
            diff = '\n'.join(difflib.unified_diff([','.join(r) for r in expected], [','.join(r) for r in actual],
                                                  'oracle', 'accrue', lineterm='', n=1))
            self.fail(f'{case} {CASES[case][4]} {payee}: accrue differs from the oracle '
                      f'({len(expected)} expected entries, {len(actual)} written); columns {",".join(COMPARED)}\n'
                      f'{diff}')


def add_cases():
    for case, (_, _, _, _, period, payees) in CASES.items():
        for payee in payees:
            def test(self, case=case, payee=payee):
                self.compare(case, payee)
            test.__doc__ = f'{case} {period}: {payee} entry by entry'
            setattr(PayeeOracle, f'test_{case}_{payee}', test)


add_cases()


class Walkthrough(unittest.TestCase):
    """docs/walkthrough.md quotes R02's ledger lines as `accrue export` prints them;
    they must stay what accrue writes (and what the oracle expects)."""

    def test_quoted_ledger_lines_are_current(self):
        doc = (ROOT / 'docs' / 'walkthrough.md').read_text(encoding='utf-8')
        block = doc.split('```\nbatch,sequence,')[1].split('```')[0]
        quoted = ('batch,sequence,' + block).strip().splitlines()
        header = quoted[0].split(',')
        rows = [r for r in accrue_entries('long_term_value') if r['payee'] == 'R02']
        printed = [','.join(header)] + [','.join(r[h] for h in header) for r in rows]
        self.assertEqual(quoted, printed, 'docs/walkthrough.md section 8 is stale: re-check the walkthrough')


class OracleArithmetic(unittest.TestCase):
    """The oracle's own building blocks, on the examples of docs/numbers.md."""

    def test_allocate_examples(self):
        self.assertEqual(calc.allocate(10000, [('cy', 1), ('ann', 1), ('bo', 1)]), {'ann': 3334, 'bo': 3333, 'cy': 3333})
        self.assertEqual(calc.allocate(1000, [('a', 1), ('b', 2)]), {'a': 333, 'b': 667})
        self.assertEqual(calc.allocate(1001, [('x', calc.num('50%')), ('y', calc.num('30%')), ('z', calc.num('20%'))]),
                         {'x': 501, 'y': 300, 'z': 200})
        self.assertEqual(calc.allocate(-10000, [('cy', 1), ('ann', 1), ('bo', 1)]),
                         {'ann': -3334, 'bo': -3333, 'cy': -3333})

    def test_half_even_rounding(self):
        self.assertEqual(calc.round_minor(calc.num('0.125')), 12)
        self.assertEqual(calc.round_minor(calc.num('0.135')), 14)
        self.assertEqual(calc.round_minor(calc.num('1.005')), 100)

    def test_windows_and_due_dates(self):
        q = calc.Period('2026-Q1')
        self.assertEqual(q.last_months(12), (calc.D(2025, 4, 1), calc.D(2026, 3, 31)))
        self.assertEqual(calc.add_months(calc.D(1997, 12, 31), 6), calc.D(1998, 6, 30))
        self.assertEqual(calc.add_months(q.last, 12), calc.D(2027, 3, 31))


def main():
    global ACCRUE
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument('--accrue', required=True)
    args, rest = parser.parse_known_args()
    ACCRUE = str(Path(args.accrue).resolve())
    unittest.main(argv=[sys.argv[0], *rest])


if __name__ == '__main__':
    main()
