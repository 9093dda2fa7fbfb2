#!/usr/bin/env python3
"""End-to-end tests of `accrue settle`, `accrue export` and `accrue verify` as a
user runs them, on the three sample plans in plans/: exit codes, the summary
on stdout, golden ledgers, idempotency, supersede, determinism (shuffled rows,
another TZ and LC_ALL), wrong input, and kill -9 during a settlement.

  test_settle_cli.py --accrue PATH [--bless] [unittest options]

--bless rewrites the golden ledgers (tests/settle/golden/) from the current
build and runs no test. Run from anywhere; the commands run from the source
root so that the plan paths in the ledger's source spans are relative.
"""
import argparse
import csv
import json
import os
import pty
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
from decimal import Decimal
from pathlib import Path

import settle_harness
from settle_harness import (CURRENCY, LTV_MANIFEST, LTV_PLAN, ROOT, SAMPLES, Baseline, SettleTestCase,
                            accrue, batches, bless, csv_rows, export_csv, first_diff_line, golden_texts, run,
                            scratch_dir, settle, shuffled_data)
# Run by this file so that one command runs every settle test.
from test_settle_failures import KillDuringSettlement, WrongInput  # noqa: F401


# ------------------------------------------------------------------ samples --

class Samples(SettleTestCase):
    def test_every_sample_settles_with_a_summary_and_exit_0(self):
        for name in SAMPLES:
            with self.subTest(plan=name):
                b = Baseline.sample(self, name)
                for number, (period, p) in enumerate(zip(b['periods'], b['runs']), start=1):
                    self.assertRegex(p.out, rf'\nbatch {number} written: \d+ entr(y|ies)\n$', p.out)
                    self.assertIn(f'earned {CURRENCY[name]}', p.out.splitlines()[0])
                    self.assertNotIn('error', p.err)
                    self.assert_no_crash(p)

    def test_summary_table_adds_up(self):
        """Columns line up, TOTAL is the sum of the payee rows, and every row
        obeys earned - reduced + topped up = paid now + deferred."""
        for name in SAMPLES:
            b = Baseline.sample(self, name)
            for period, p in zip(b['periods'], b['runs']):
                with self.subTest(plan=name, period=period):
                    lines = p.out.split('\n')
                    blank = lines.index('')
                    table = lines[:blank]
                    header, rule, total = table[0], table[-2], table[-1]
                    self.assertEqual(header.split()[0], 'payee')
                    for col in ('earned', 'reduced', 'topped up', 'paid now', 'deferred'):
                        self.assertIn(f'{col} {CURRENCY[name]}', header)
                    self.assertEqual(set(rule), {'-'})
                    self.assertTrue(total.startswith('TOTAL'))
                    for line in table:  # right-aligned amounts: every line as wide as the header
                        self.assertEqual(len(line), len(header), line)
                    rows = [line.split() for line in table[1:-2]]
                    self.assertGreater(len(rows), 0)
                    self.assertEqual([r[0] for r in rows], sorted(r[0] for r in rows))
                    sums = [sum(Decimal(r[i]) for r in rows) for i in range(1, 6)]
                    self.assertEqual([Decimal(x) for x in total.split()[1:]], sums)
                    for r in rows + [total.split()]:
                        earned, reduced, topped, paid, deferred = map(Decimal, r[1:])
                        self.assertEqual(earned - reduced + topped, paid + deferred, r)
                        self.assertTrue(all(Decimal(x) >= 0 for x in r[1:]), r)

    def test_summary_matches_the_ledger(self):
        """The TOTAL row is what the batch's entries say."""
        for name in SAMPLES:
            b = Baseline.sample(self, name)
            for number, (period, p) in enumerate(zip(b['periods'], b['runs']), start=1):
                with self.subTest(plan=name, period=period):
                    total = p.out.split('\n')
                    total = total[total.index('') - 1].split()
                    sums = {}
                    for e in csv_rows(export_csv(b['ledger'], number)):
                        sums[e['kind']] = sums.get(e['kind'], Decimal(0)) + Decimal(e['amount'])
                        if e['debit_account'].startswith('expense:') and e['kind'] in ('paid', 'deferred'):
                            # a tranche no rule changed, straight from the expense: earned as it stands
                            sums['earned'] = sums.get('earned', Decimal(0)) + Decimal(e['amount'])
                    reduced = sum((sums.get(k, Decimal(0)) for k in ('veto', 'cap', 'gate')), Decimal(0))
                    self.assertEqual(Decimal(total[1]), sums.get('earned', Decimal(0)))
                    self.assertEqual(Decimal(total[2]), reduced)
                    self.assertEqual(Decimal(total[3]), sums.get('floor', Decimal(0)))
                    self.assertEqual(Decimal(total[4]), sums.get('paid', Decimal(0)))
                    self.assertEqual(Decimal(total[5]), sums.get('deferred', Decimal(0)))

    def test_golden_ledgers(self):
        for name, (_, _, periods) in SAMPLES.items():
            with self.subTest(plan=name):
                exports = Baseline.exports(self, name)
                for path, actual in golden_texts(name, periods, exports).items():
                    self.assertTrue(path.exists(), f'{path} missing: run scripts/bless.sh')
                    expected = path.read_bytes()
                    if actual != expected:
                        kept = Path(tempfile.gettempdir()) / f'accrue-settle-actual-{path.name}'
                        kept.write_bytes(actual)
                        self.fail(f'{path.relative_to(ROOT)} differs from the current build '
                                  f'(first difference at line {first_diff_line(expected, actual)}; '
                                  f'actual kept in {kept}); review and run scripts/bless.sh if intended')

    def test_every_ledger_balances(self):
        for name in SAMPLES:
            with self.subTest(plan=name):
                self.assert_balanced(Baseline.sample(self, name)['ledger'])

    def test_ledger_entries_keep_personal_data_out(self):
        """Customers appear by key only (the subject's key: a customer, or a
        team for a team pool); spans point into the plan as given."""
        for name in SAMPLES:
            plan, manifest, _ = SAMPLES[name]
            data = (ROOT / manifest).parent
            keys = set()
            for table in ('customers.csv', 'teams.csv'):
                with open(data / table, newline='', encoding='utf-8-sig') as f:
                    keys |= {row['id'] for row in csv.DictReader(f)}
            rows = csv_rows(Baseline.exports(self, name)[0])
            for e in rows:
                if e['customer']:
                    self.assertIn(e['customer'], keys)
                self.assertRegex(e['source_span'], r'^[\w./-]+\.plan:\d+:\d+-\d+:\d+$')
                self.assertRegex(e['amount_minor'], r'^[1-9]\d*$')
            self.assertTrue(any(e['source_span'].startswith(plan + ':') for e in rows))

    def test_json_summary_is_one_object_on_stdout(self):
        ledger = scratch_dir('json') / 'l.db'
        p = settle(LTV_PLAN, LTV_MANIFEST, '2026-Q1', ledger, '--format', 'json')
        self.assertEqual(p.returncode, 0, p.err)
        data = json.loads(p.out)
        self.assertEqual(data['outcome'], 'written')
        self.assertEqual((data['batch'], data['period'], data['currency']), (1, '2026-Q1', 'CNY'))
        self.assertEqual(data['totals']['payee'], 'TOTAL')
        for payee in data['payees'] + [data['totals']]:
            for k in ('earned', 'reduced', 'topped_up', 'paid_now', 'deferred'):
                self.assertIsInstance(payee[k], str)  # exact decimal text, never a float
                Decimal(payee[k])
        text = Baseline.sample(self, 'long_term_value')['runs'][0].out
        self.assertIn(data['totals']['earned'], text)
        self.assertNotIn('{', p.err)
        self.assertEqual(export_csv(ledger, 1), Baseline.exports(self, 'long_term_value')[0])
        again = settle(LTV_PLAN, LTV_MANIFEST, '2026-Q1', ledger, '--format', 'json')
        self.assertEqual(again.returncode, 0, again.err)
        self.assertEqual(json.loads(again.out)['outcome'], 'already_settled')

    def test_progress_stays_silent_on_a_terminal_for_a_short_run(self):
        """On a terminal the progress line appears only after a second; a
        quick run shows the warnings and nothing else there."""
        ledger = scratch_dir('tty') / 'l.db'
        primary, secondary = pty.openpty()
        start = time.monotonic()
        proc = subprocess.Popen([accrue(), 'settle', LTV_PLAN, '--data', LTV_MANIFEST, '--period', '2026-Q1',
                                 '--ledger', str(ledger)], cwd=ROOT, stdout=subprocess.PIPE, stderr=secondary,
                                env=dict(os.environ, NO_COLOR='1'))
        os.close(secondary)
        seen = b''
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        out = proc.stdout.read()
        proc.wait()
        os.close(primary)
        elapsed = time.monotonic() - start
        self.assertEqual(proc.returncode, 0, seen)
        self.assertIn(b'written', out)
        if elapsed < 0.9:  # a loaded machine may legitimately cross the second
            self.assertNotIn(b'\r', seen.replace(b'\r\n', b'\n'))
            self.assertNotIn(b'settling', seen)

    def test_timings_name_every_step_on_stderr_only(self):
        ledger = scratch_dir('timings') / 'l.db'
        p = settle(LTV_PLAN, LTV_MANIFEST, '2026-Q1', ledger, '--timings', '--format', 'json')
        self.assertEqual(p.returncode, 0, p.err)
        json.loads(p.out)  # stdout stays one JSON object
        steps = [line.split()[1] for line in p.err.splitlines() if line.startswith('timing: ')]
        self.assertEqual(steps, ['check', 'load', 'evaluate', 'entries', 'ledger'])
        for line in p.err.splitlines():
            if line.startswith('timing: '):
                self.assertRegex(line, r'^timing: \w+ +\d+\.\d{3} ms  user +\d+ ms  sys +\d+ ms  peak RSS +\d+ KB  faults +\d+$')
        quiet = settle(LTV_PLAN, LTV_MANIFEST, '2026-Q1', scratch_dir('no_timings') / 'l.db')
        self.assertNotIn('timing:', quiet.err)

    def test_progress_never_reaches_a_pipe(self):
        for name in SAMPLES:
            for p in Baseline.sample(self, name)['runs']:
                self.assertNotIn('\r', p.err)
                self.assertNotIn('\x1b', p.err + p.out)


# ----------------------------------------------------- export and verify ----

class ExportVerify(SettleTestCase):
    def test_list_batches_as_table_and_json(self):
        b = Baseline.sample(self, 'cdnow')
        p = run('export', b['ledger'])
        self.assertEqual(p.returncode, 0, p.err)
        lines = p.out.splitlines()
        self.assertEqual(lines[0].split(), ['batch', 'period', 'entries', 'supersedes', 'superseded_by',
                                            'plan_hash', 'identity'])
        self.assertEqual([line.split()[1] for line in lines[1:]], b['periods'])
        listed = batches(b['ledger'])
        self.assertEqual([x['batch'] for x in listed], list(range(1, 7)))
        for x in listed:
            self.assertEqual(x['entry_count'], len(csv_rows(export_csv(b['ledger'], x['batch']))))
        self.assertEqual(run('export', b['ledger']).stdout, p.stdout)  # byte-stable

    def test_batch_as_json_matches_csv(self):
        ledger = Baseline.sample(self, 'long_term_value')['ledger']
        p = run('export', ledger, '--batch', 1, '--format', 'json')
        self.assertEqual(p.returncode, 0, p.err)
        data = json.loads(p.out)
        rows = csv_rows(export_csv(ledger, 1))
        self.assertEqual(len(data['entries']), len(rows))
        self.assertEqual([e['entry_hash'] for e in data['entries']], [r['entry_hash'] for r in rows])

    def test_missing_ledger_exits_2_and_creates_nothing(self):
        missing = scratch_dir('missing') / 'nope.db'
        for args in (('export', missing), ('export', missing, '--batch', 1), ('verify', missing)):
            p = run(*args)
            self.assertEqual(p.returncode, 2, p.err)
            self.assertIn('nope.db', p.err)
            self.assertEqual(p.out, '')
            self.assertFalse(missing.exists())

    def test_unknown_batch_exits_1(self):
        ledger = Baseline.sample(self, 'long_term_value')['ledger']
        for args in (('export', ledger, '--batch', 99), ('verify', ledger, '--batch', 99)):
            p = run(*args)
            self.assertEqual(p.returncode, 1, p.err)
            self.assertIn('99', p.err)
        self.assertEqual(run('export', ledger, '--batch', 0).returncode, 2)

    def test_not_a_ledger_exits_1(self):
        junk = scratch_dir('junk') / 'junk.db'
        junk.write_bytes(b'not a ledger\n' * 100)
        for cmd in ('export', 'verify'):
            p = run(cmd, junk)
            self.assertEqual(p.returncode, 1, p.err)
            self.assertIn('junk.db', p.err)

    def test_verify_finds_a_tampered_entry_exit_3(self):
        work = scratch_dir('tamper')
        ledger = self.copy(Baseline.sample(self, 'long_term_value')['ledger'], work)
        db = sqlite3.connect(ledger)
        for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            db.execute(f'DROP TRIGGER "{trigger}"')
        db.execute('UPDATE entry SET amount_minor = amount_minor + 1 WHERE batch_id = 1 AND sequence = 1')
        db.commit()
        db.close()
        p = run('verify', ledger)
        self.assertEqual(p.returncode, 3, p.out + p.err)
        self.assertIn('batch 1', p.out)
        self.assertEqual(run('verify', ledger, '--batch', 1).returncode, 3)


# ------------------------------------------------ idempotency, supersede ----

class Rerun(SettleTestCase):
    def test_second_run_writes_nothing_and_exits_0(self):
        work = scratch_dir('rerun')
        ledger = self.copy(Baseline.sample(self, 'long_term_value')['ledger'], work)
        before = ledger.read_bytes()
        p = settle(LTV_PLAN, LTV_MANIFEST, '2026-Q1', ledger)
        self.assertEqual(p.returncode, 0, p.err)
        self.assertIn('2026-Q1 already settled as batch 1 with the same plan and data: nothing written', p.out)
        self.assertEqual(ledger.read_bytes(), before)

    def test_same_plan_copied_to_another_folder_is_the_same_batch(self):
        # The plan's identity is its text and its imports, not where the
        # folder sits or what it is called.
        work = scratch_dir('rerun-copied')
        ledger = self.copy(Baseline.sample(self, 'long_term_value')['ledger'], work)
        copy = Path(work) / 'renamed_plan_folder'
        shutil.copytree(ROOT / Path(LTV_PLAN).parent, copy)
        before = ledger.read_bytes()
        p = settle(copy / Path(LTV_PLAN).name, copy / 'data' / Path(LTV_MANIFEST).name, '2026-Q1', ledger)
        self.assertEqual(p.returncode, 0, p.err)
        self.assertIn('already settled as batch 1 with the same plan and data: nothing written', p.out)
        self.assertEqual(ledger.read_bytes(), before)

    def test_rerun_of_one_cdnow_quarter_among_six_writes_nothing(self):
        work = scratch_dir('rerun-cdnow')
        ledger = self.copy(Baseline.sample(self, 'cdnow')['ledger'], work)
        before = ledger.read_bytes()
        plan, manifest, _ = SAMPLES['cdnow']
        p = settle(plan, manifest, '1997-Q3', ledger)
        self.assertEqual(p.returncode, 0, p.err)
        self.assertIn('1997-Q3 already settled as batch 3', p.out)
        self.assertEqual(ledger.read_bytes(), before)

    def changed_plan(self, work):
        """A copy of the long-term plan with the 2026 commission rate raised."""
        text = (ROOT / LTV_PLAN).read_text(encoding='utf-8')
        old = 'param commission_rate = 3% from 2026-01-01'
        self.assertIn(old, text)
        plan = Path(work) / 'plan.plan'
        plan.write_text(text.replace(old, 'param commission_rate = 4% from 2026-01-01'), encoding='utf-8')
        return plan

    def test_changed_plan_is_refused_then_superseded_with_reversals(self):
        work = scratch_dir('supersede')
        ledger = self.copy(Baseline.sample(self, 'long_term_value')['ledger'], work)
        plan = self.changed_plan(work)
        before = ledger.read_bytes()

        refused = settle(plan, LTV_MANIFEST, '2026-Q1', ledger)
        self.assertEqual(refused.returncode, 1, refused.out + refused.err)
        self.assertIn('--supersede', refused.err)
        self.assertEqual(refused.out, '')
        self.assertEqual(ledger.read_bytes(), before)

        p = settle(plan, LTV_MANIFEST, '2026-Q1', ledger, '--supersede')
        self.assertEqual(p.returncode, 0, p.err)
        self.assertRegex(p.out, r'\nbatch 2 written: \d+ entries \(\d+ new, \d+ reversals\), superseding batch 1 of 2026-Q1\n$')
        old = csv_rows(export_csv(ledger, 1))
        new = csv_rows(export_csv(ledger, 2))
        reversals = [e for e in new if e['kind'] == 'reversal']
        self.assertEqual(len(reversals), len(old))
        for r, o in zip(reversals, old):
            self.assertEqual((r['settles_batch'], r['settles_sequence']), ('1', o['sequence']))
            self.assertEqual((r['debit_account'], r['credit_account'], r['amount_minor']),
                             (o['credit_account'], o['debit_account'], o['amount_minor']))
        def earned(rows):  # gross entries, and tranches straight from the expense
            return sum(Decimal(e['amount']) for e in rows
                       if e['kind'] == 'earned' or (e['kind'] in ('paid', 'deferred')
                                                    and e['debit_account'].startswith('expense:')))
        self.assertGreater(earned(new), earned(old))  # a higher rate earns more
        self.assertEqual(export_csv(ledger, 1), Baseline.exports(self, 'long_term_value')[0])  # history kept
        listed = batches(ledger)
        self.assertEqual((listed[0]['superseded_by'], listed[1]['supersedes']), (2, 1))
        self.assert_balanced(ledger)

        after = ledger.read_bytes()
        again = settle(plan, LTV_MANIFEST, '2026-Q1', ledger, '--supersede')
        self.assertEqual(again.returncode, 0, again.err)
        self.assertIn('already settled as batch 2', again.out)
        self.assertEqual(ledger.read_bytes(), after)


# ------------------------------------------------------------ determinism ----

class Determinism(SettleTestCase):
    ENVIRONMENTS = {
        'default': {},
        'kiritimati-c-utf8': {'TZ': 'Pacific/Kiritimati', 'LC_ALL': 'C.UTF-8', 'LANG': 'C.UTF-8'},
    }

    def test_shuffled_rows_other_tz_and_locale_export_identical_bytes(self):
        for name, (plan, manifest, periods) in SAMPLES.items():
            expected = Baseline.exports(self, name)
            work = scratch_dir('shuffle-' + name)
            shuffled_manifest, changed = shuffled_data(manifest, work)
            self.assertTrue(changed, 'the shuffle left every file in its order')
            for env_name, env in self.ENVIRONMENTS.items():
                with self.subTest(plan=name, env=env_name):
                    ledger = work / f'{env_name}.db'
                    threads = '1' if env_name == 'default' else '2'
                    for period in periods:
                        p = settle(plan, shuffled_manifest, period, ledger, '--threads', threads, env=env)
                        self.assertEqual(p.returncode, 0, p.err[-3000:])
                    actual = [export_csv(ledger, i + 1) for i in range(len(periods))]
                    for period, a, e in zip(periods, actual, expected):
                        self.assertTrue(a == e, f'{name} {period} under {env_name}: export differs from the '
                                                f'unshuffled run at line {first_diff_line(e, a)}')
                    self.assert_balanced(ledger)

    def settle_keyed(self, name, rep_key, customer_key, reps, customers, orders):
        """Settles a one-payout plan (10% of each customer's quarterly revenue
        to its owner) whose Rep and Customer keys are declared as given; the
        CSV texts are the files. Returns the batch's exported rows."""
        work = scratch_dir(name)
        (work / 'plan.plan').write_text(
            f'plan "{name}" version "1" {{\n  currency EUR\n  settle quarterly\n  round money half_even\n}}\n'
            f'payee Rep key {rep_key}\n'
            f'entity Customer key {customer_key}\n'
            'event Order dated on { customer: Customer  amount: money }\n'
            'measure Customer.revenue = sum(Order.amount over period)\n'
            'payout commission on Customer to owner = 10% * revenue\n')
        (work / 'reps.csv').write_text(reps)
        (work / 'customers.csv').write_text(customers)
        (work / 'orders.csv').write_text(orders)
        (work / 'data.yaml').write_text('tables:\n  Rep: { csv: reps.csv }\n  Customer: { csv: customers.csv }\n'
                                        '  Order: { csv: orders.csv }\n')
        ledger = work / 'l.db'
        p = settle(work / 'plan.plan', work / 'data.yaml', '2026-Q1', ledger)
        self.assertEqual(p.returncode, 0, p.err)
        self.assert_balanced(ledger)
        return csv_rows(export_csv(ledger, 1))

    def test_integer_keys_order_entries_by_their_text(self):
        """Entries are in payee then customer key order, by the key's text
        (as export sorts and compares), also when keys are integers: 10 and
        100 before 9, whatever the row order of the files."""
        rows = self.settle_keyed(
            'integer-keys', 'id { id: integer }', 'id { id: integer  owner: Rep }', 'id\n9\n10\n',
            'id,owner\n9,10\n100,9\n10,10\n2,9\n',
            'on,customer,amount\n2026-01-05,9,10.00\n2026-02-01,100,20.00\n2026-02-02,10,30.00\n2026-03-03,2,40.00\n')
        self.assertEqual([(r['payee'], r['customer'], r['amount']) for r in rows],
                         [('10', '10', '3.00'), ('10', '9', '1.00'), ('9', '100', '2.00'), ('9', '2', '4.00')])

    def test_date_keys_name_customers_by_their_iso_text(self):
        """A customer keyed by a date is named by the date as the data writes
        it (ISO), in the ledger and in key order; it was once empty, and the
        batch was refused as having an empty customer."""
        rows = self.settle_keyed(
            'date-keys', 'id { id: text }', 'since { since: date  owner: Rep }', 'id\nR1\n',
            'since,owner\n2025-12-31,R1\n2024-02-29,R1\n',
            'on,customer,amount\n2026-01-05,2025-12-31,10.00\n2026-02-01,2024-02-29,20.00\n')
        self.assertEqual([(r['customer'], r['amount']) for r in rows], [('2024-02-29', '2.00'), ('2025-12-31', '1.00')])

def main():
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument('--accrue', required=True)
    parser.add_argument('--bless', action='store_true')
    args, rest = parser.parse_known_args()
    settle_harness.ACCRUE = os.path.abspath(args.accrue)
    if args.bless:
        bless()
        return
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == '__main__':
    main()
