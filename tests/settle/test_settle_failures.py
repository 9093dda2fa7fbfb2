#!/usr/bin/env python3
"""End-to-end tests of `accrue settle` when things go wrong: every wrong input
of the data and the ledger (a clear error, a non-zero exit, nothing written),
and kill -9 at many moments of a settlement (the ledger is always either as
before or complete). Run by test_settle_cli.py --accrue PATH."""
import csv
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from settle_harness import (LTV_MANIFEST, LTV_PLAN, ROOT, SAMPLES, Baseline, SettleTestCase, accrue,
                            ledger_state, run, scratch_dir, settle)

KILLS = 24


# ------------------------------------------------------------ wrong input ----

class WrongInput(SettleTestCase):
    """Each wrong input: a clear error naming the file (and row/column), a
    non-zero exit, nothing on stdout, and the ledger unchanged or not created."""

    def setUp(self):
        self.work = scratch_dir('wrong')
        self.data = self.work / 'data'
        shutil.copytree((ROOT / LTV_MANIFEST).parent, self.data)
        self.manifest = self.data / 'manifest.yaml'
        self.ledger = self.work / 'ledger.db'

    def tearDown(self):
        for p in self.work.rglob('*'):
            if not p.is_symlink():
                os.chmod(p, 0o755 if p.is_dir() else 0o644)

    def lines(self, name):
        return (self.data / name).read_text(encoding='utf-8').splitlines(keepends=True)

    def write_lines(self, name, lines):
        (self.data / name).write_text(''.join(lines), encoding='utf-8')

    def refused(self, expect_code=1, ledger=None, period='2026-Q1'):
        ledger = ledger or self.ledger
        existed = ledger.exists()
        before = ledger.read_bytes() if existed else None
        p = settle(LTV_PLAN, self.manifest, period, ledger)
        self.assert_no_crash(p)
        if expect_code is None:
            self.assertNotEqual(p.returncode, 0, p.out)
        else:
            self.assertEqual(p.returncode, expect_code, p.err[-3000:])
        self.assertEqual(p.out, '')
        if existed:
            self.assertEqual(ledger.read_bytes(), before, 'the ledger changed')
        else:
            self.assertFalse(ledger.exists(), 'a ledger was created for a refused settlement')
        return p

    def existing_ledger(self):
        return self.copy(Baseline.sample(self, 'long_term_value')['ledger'], self.work, 'existing.db')

    def problem_line(self, p, location):
        """The stderr line `.../FILE:ROW:COL: message` for `location` =
        'FILE:ROW:' or 'FILE:ROW:COL:'; the file is shown as the manifest
        names it, joined to the manifest's folder."""
        pattern = re.compile(r'^(?:.*/)?' + re.escape(location))
        found = [line for line in p.err.splitlines() if pattern.match(line)]
        self.assertTrue(found, f'no line for {location!r} in:\n{p.err[-3000:]}')
        return found[0]

    def assert_only_the_field(self, p, row_fields, bad):
        """The message quotes the offending field, never the rest of its row."""
        for line in p.err.splitlines():
            message = re.sub(r'^\S*:\d+:(\d+:)? ', '', line)
            self.assertLess(len(message), 160, line)
        for field in row_fields:
            if field and field != bad and len(field) >= 4 and field not in ('true', 'false'):
                self.assertNotIn(field, p.err, f'{field!r} of the same row leaked into the error')

    def test_corrupt_csv_unterminated_quote(self):
        lines = self.lines('orders.csv')
        row = len(lines) + 1
        lines.append('O99999,2026-02-01,C001,"1200.00,29.0%,0.0%,services,false,true\n')
        self.write_lines('orders.csv', lines)
        p = self.refused(ledger=self.existing_ledger(), period='2026-Q2')
        line = self.problem_line(p, f'orders.csv:{row}:')
        self.assertIn('quote', line.lower())

    def test_wrong_type_in_a_column(self):
        lines = self.lines('orders.csv')
        fields = next(csv.reader([lines[5]]))
        self.assertEqual(fields[3], fields[3].strip())
        fields_bad = list(fields)
        fields_bad[3] = 'twelve'
        lines[5] = ','.join(fields_bad) + '\n'
        self.write_lines('orders.csv', lines)
        p = self.refused()
        line = self.problem_line(p, 'orders.csv:6:4:')
        self.assertIn('twelve', line)
        self.assert_only_the_field(p, fields_bad, 'twelve')

    def test_dangling_reference(self):
        lines = self.lines('orders.csv')
        fields = next(csv.reader([lines[7]]))
        fields[2] = 'C9999'
        lines[7] = ','.join(fields) + '\n'
        self.write_lines('orders.csv', lines)
        p = self.refused(ledger=self.existing_ledger(), period='2026-Q2')
        line = self.problem_line(p, 'orders.csv:8:3:')
        self.assertIn('C9999', line)
        self.assert_only_the_field(p, fields, 'C9999')

    def test_duplicate_key(self):
        lines = self.lines('customers.csv')
        first = next(csv.reader([lines[1]]))
        dup = next(csv.reader([lines[2]]))
        dup[0] = first[0]
        lines.append(','.join(dup) + '\n')
        self.write_lines('customers.csv', lines)
        p = self.refused()
        line = self.problem_line(p, f'customers.csv:{len(lines)}:')
        self.assertIn('duplicate', line.lower())
        self.assertIn(first[0], line)
        self.assert_only_the_field(p, dup[1:], first[0])

    def test_missing_file_named_in_the_manifest(self):
        (self.data / 'visits.csv').unlink()
        p = self.refused(expect_code=None, ledger=self.existing_ledger(), period='2026-Q2')
        self.assertIn('visits.csv', p.err)

    def test_manifest_naming_an_undeclared_table(self):
        with open(self.manifest, 'a', encoding='utf-8') as f:
            f.write('\n  Oder:\n    csv: orders.csv\n')
        p = self.refused()
        self.assertIn('Oder', p.err)
        self.assertIn('manifest.yaml', p.err)

    def test_many_problems_are_listed_up_to_a_limit_then_counted(self):
        lines = self.lines('orders.csv')
        for i in range(1, len(lines)):
            fields = next(csv.reader([lines[i]]))
            fields[3] = 'x'
            lines[i] = ','.join(fields) + '\n'
        self.write_lines('orders.csv', lines)
        p = self.refused()
        problems = [line for line in p.err.splitlines() if re.match(r'^(.*/)?orders\.csv:\d+:\d+: ', line)]
        self.assertGreaterEqual(len(problems), 10)
        m = re.search(r'^(\d+) more problems? not shown$', p.err, re.M)
        self.assertIsNotNone(m, p.err[-2000:])
        self.assertEqual(len(problems) + int(m.group(1)), len(lines) - 1)

    def test_json_failure_is_one_object_on_stdout(self):
        lines = self.lines('orders.csv')
        fields = next(csv.reader([lines[5]]))
        fields[3] = 'twelve'
        lines[5] = ','.join(fields) + '\n'
        self.write_lines('orders.csv', lines)
        p = settle(LTV_PLAN, self.manifest, '2026-Q1', self.ledger, '--format', 'json')
        self.assertEqual(p.returncode, 1, p.err)
        data = json.loads(p.out)
        self.assertEqual(data['outcome'], 'failed')
        self.assertEqual((data['data_problems'][0]['row'], data['data_problems'][0]['column']), (6, 4))
        self.assertIn('orders.csv:6:4:', p.err)
        self.assertFalse(self.ledger.exists())

    def test_locked_ledger(self):
        ledger = self.existing_ledger()
        before = ledger.read_bytes()
        holder = sqlite3.connect(ledger, isolation_level=None)
        holder.execute('BEGIN EXCLUSIVE')
        try:
            p = settle(LTV_PLAN, self.manifest, '2026-Q2', ledger)
        finally:
            holder.execute('ROLLBACK')
            holder.close()
        self.assert_no_crash(p)
        self.assertEqual(p.returncode, 1, p.err)
        self.assertEqual(p.out, '')
        self.assertIn('lock', p.err.lower())
        self.assertEqual(ledger.read_bytes(), before)
        self.assert_balanced(ledger)

    def test_read_only_ledger(self):
        ledger = self.existing_ledger()
        before = ledger.read_bytes()
        os.chmod(ledger, 0o444)
        p = settle(LTV_PLAN, self.manifest, '2026-Q2', ledger)
        self.assert_no_crash(p)
        self.assertNotEqual(p.returncode, 0, p.out)
        self.assertEqual(p.out, '')
        self.assertIn('existing.db', p.err)
        self.assertEqual(ledger.read_bytes(), before)

    def test_period_the_cadence_does_not_allow_is_refused_before_reading_data(self):
        (self.data / 'orders.csv').unlink()  # would be an error, if the data were read
        for period in ('2026-03', '2026', '2026-Q5', 'Q1-2026', ''):
            with self.subTest(period=period):
                p = self.refused(expect_code=2, period=period)
                self.assertNotIn('orders.csv', p.err)
                self.assertIn('quarter', p.err.lower())

    def test_missing_plan_or_manifest_exits_2(self):
        p = settle('plans/no_such.plan', self.manifest, '2026-Q1', self.ledger)
        self.assertEqual(p.returncode, 2, p.err)
        self.assertIn('no_such.plan', p.err)
        p = settle(LTV_PLAN, self.data / 'no_such.yaml', '2026-Q1', self.ledger)
        self.assertEqual(p.returncode, 2, p.err)
        self.assertIn('no_such.yaml', p.err)
        self.assertFalse(self.ledger.exists())

    def test_plan_with_errors_is_refused_like_check(self):
        plan = self.work / 'bad.plan'
        plan.write_text((ROOT / LTV_PLAN).read_text(encoding='utf-8') + '\npayout broken on Rep = no_such_measure\n',
                        encoding='utf-8')
        p = settle(plan, self.manifest, '2026-Q1', self.ledger)
        self.assertEqual(p.returncode, 1, p.err)
        self.assertRegex(p.err, r'bad\.plan:\d+:\d+: error\[E\d{4}\]')
        self.assertEqual(p.out, '')
        self.assertFalse(self.ledger.exists())

    def test_usage_errors_exit_2(self):
        self.assertEqual(run('settle', LTV_PLAN, '--period', '2026-Q1').returncode, 2)
        self.assertEqual(run('settle', LTV_PLAN, '--data', LTV_MANIFEST, '--period', '2026-Q1',
                             '--ledger', self.ledger, '--threads', '0').returncode, 2)
        self.assertEqual(run('settle', LTV_PLAN, '--data', LTV_MANIFEST, '--period', '2026-Q1',
                             '--ledger', self.ledger, '--format', 'xml').returncode, 2)
        self.assertFalse(self.ledger.exists())


# ------------------------------------------------------------------ kill -9 --

# A writer that dirties more pages than its cache holds (so SQLite spills them
# into the database file, leaving a hot journal) and is then killed.
INTERRUPTED_WRITER = """
import os, signal, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute('PRAGMA cache_size = 2')
db.execute('BEGIN IMMEDIATE')
db.execute('CREATE TABLE scratch (x BLOB)')
for _ in range(400):
    db.execute('INSERT INTO scratch VALUES (randomblob(8000))')
os.kill(os.getpid(), signal.SIGKILL)
"""


class KillDuringSettlement(SettleTestCase):
    def test_export_and_verify_after_an_interrupted_write_see_the_ledger_as_before(self):
        work = scratch_dir('hot-journal')
        ledger = self.copy(Baseline.sample(self, 'long_term_value')['ledger'], work)
        before = ledger_state(ledger)
        before_bytes = ledger.read_bytes()
        subprocess.run([sys.executable, '-c', INTERRUPTED_WRITER, str(ledger)], check=False)
        journal = Path(str(ledger) + '-journal')
        self.assertTrue(journal.exists() and journal.stat().st_size > 0, 'no hot journal left behind')
        self.assertNotEqual(ledger.read_bytes(), before_bytes, 'the killed writer changed nothing on disk')
        p = run('export', ledger)
        self.assertEqual(p.returncode, 0, p.err)
        self.assertIn('rolled back an interrupted write', p.err)
        self.assertEqual(ledger_state(ledger), before)
        self.assertEqual(ledger.read_bytes(), before_bytes)
        self.assert_balanced(ledger)

    def test_kill_9_leaves_the_ledger_before_or_after(self):
        plan, manifest, periods = SAMPLES['cdnow']
        work = scratch_dir('kill')
        before_db = work / 'before.db'
        p = settle(plan, manifest, periods[0], before_db)
        self.assertEqual(p.returncode, 0, p.err)
        before = ledger_state(before_db)

        # Every run writes to the same path: the batch records its arguments,
        # the ledger path among them.
        after_db = work / 'victim.db'
        cmd = [accrue(), 'settle', plan, '--data', manifest, '--period', periods[1], '--ledger']
        # The median of three complete runs: the machine is shared.
        runtimes = []
        for _ in range(3):
            self.copy(before_db, work, 'victim.db')
            start = time.monotonic()
            p = subprocess.run(cmd + [str(after_db)], cwd=ROOT, capture_output=True)
            runtimes.append(time.monotonic() - start)
            self.assertEqual(p.returncode, 0, p.stderr.decode()[-2000:])
        runtime = sorted(runtimes)[1]
        after = ledger_state(after_db)
        self.assertNotEqual(before, after)
        self.assert_balanced(after_db)
        after_db.unlink()

        outcomes = {'before': 0, 'after': 0}
        killed_running = 0
        journals = 0
        delays = []
        for i in range(KILLS):
            # Spread over the whole run, a little past the measured end too (the
            # run is slower when the machine is busy).
            delay = runtime * (0.02 + 1.3 * i / (KILLS - 1))
            victim = self.copy(before_db, work, 'victim.db')
            proc = subprocess.Popen(cmd + [str(victim)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            time.sleep(delay)
            if proc.poll() is None:
                killed_running += 1
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            journal = Path(str(victim) + '-journal')
            journals += journal.exists()
            # Read first with accrue itself, as a user would right after the
            # crash (a hot journal may still be there), then with SQLite.
            state = ledger_state(victim)
            self.assertIn(state, (before, after), f'kill {i} at {delay:.2f}s left a partial ledger')
            db = sqlite3.connect(victim)
            check = db.execute('PRAGMA integrity_check').fetchall()
            db.close()
            self.assertEqual(check, [('ok',)], f'kill {i} at {delay:.2f}s')
            self.assertEqual(ledger_state(victim), state, f'kill {i}: SQLite recovery changed what accrue read')
            outcomes['before' if state == before else 'after'] += 1
            delays.append(f'{delay:.2f}{"b" if state == before else "a"}')
            if state == after:
                self.assert_balanced(victim)
            victim.unlink()
            journal.unlink(missing_ok=True)
        # Kills after the end test nothing; a third at least must hit a running
        # settlement (usually two thirds do), or the timing says nothing.
        self.assertGreaterEqual(killed_running, KILLS // 3,
                                f'only {killed_running} of {KILLS} kills hit a running settlement '
                                f'(runtime {runtime:.2f}s)')
        print(f'\nkill -9: runtime {runtime:.2f}s, {killed_running}/{KILLS} killed while running, '
              f'ledger found before {outcomes["before"]}x, after {outcomes["after"]}x, '
              f'{journals} left a rollback journal '
              f'(delays in s, b/a: {" ".join(delays)})', file=sys.stderr)
