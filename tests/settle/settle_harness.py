#!/usr/bin/env python3
"""Shared by the end-to-end tests of `accrue settle`, `export` and `verify`
(test_settle_cli.py runs them all): how to run accrue, the sample plans, their
baseline settlements, golden ledgers and shuffled copies of their data."""
import atexit
import csv
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / 'tests' / 'settle' / 'golden'
ACCRUE = None  # set by test_settle_cli.py's main

# name -> (plan, manifest, periods settled into one ledger)
SAMPLES = {
    'long_term_value': ('plans/long_term_value/plan.plan', 'plans/long_term_value/data/manifest.yaml', ['2026-Q1']),
    'export_transition': ('plans/export_transition/plan.plan', 'plans/export_transition/data/manifest.yaml',
                          ['2026-Q1']),
    'cdnow': ('plans/cdnow/plan.plan', 'plans/cdnow/data/manifest.yaml',
              ['1997-Q1', '1997-Q2', '1997-Q3', '1997-Q4', '1998-Q1', '1998-Q2']),
}
CURRENCY = {'long_term_value': 'CNY', 'export_transition': 'USD', 'cdnow': 'USD'}
LTV_PLAN, LTV_MANIFEST, _ = SAMPLES['long_term_value']
SHUFFLE_SEED = 20260331


_scratch = Path(tempfile.mkdtemp(prefix='accrue-settle-'))
atexit.register(shutil.rmtree, _scratch, True)


def scratch_dir(name):
    path = Path(tempfile.mkdtemp(prefix=name + '-', dir=_scratch))
    return path


def accrue():
    """The accrue binary under test."""
    return ACCRUE


def run(*args, env=None, cwd=ROOT, timeout=900):
    """Runs accrue; env entries are added to (None values removed from) ours."""
    e = dict(os.environ, NO_COLOR='1')
    for k, v in (env or {}).items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    start = time.monotonic()
    p = subprocess.run([accrue(), *map(str, args)], cwd=cwd, env=e, capture_output=True, timeout=timeout)
    p.elapsed = time.monotonic() - start
    p.out = p.stdout.decode('utf-8', 'replace')
    p.err = p.stderr.decode('utf-8', 'replace')
    return p


def settle(plan, manifest, period, ledger, *extra, env=None):
    return run('settle', plan, '--data', manifest, '--period', period, '--ledger', ledger, *extra, env=env)


def export_csv(ledger, batch):
    p = run('export', ledger, '--batch', batch, '--format', 'csv')
    if p.returncode != 0:
        raise AssertionError(f'export of batch {batch} of {ledger} failed ({p.returncode}): {p.err}')
    return p.stdout


def batches(ledger):
    p = run('export', ledger, '--format', 'json')
    if p.returncode != 0:
        raise AssertionError(f'listing {ledger} failed ({p.returncode}): {p.err}')
    return json.loads(p.out)['batches']


def ledger_state(ledger):
    """Everything a reader can see: the batch list and every batch's entries."""
    listed = batches(ledger)
    return (json.dumps(listed, sort_keys=True), tuple(export_csv(ledger, b['batch']) for b in listed))


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text.decode('utf-8') if isinstance(text, bytes) else text)))


def golden_texts(name, periods, exports):
    """The golden files of a sample and their expected bytes. A one-period
    sample keeps its whole export. CDNOW's six exports are 35 MB, too big to
    review or keep in the repository: its goldens are the totals per period,
    payee, component and kind (reviewable) and the SHA-256 of each complete
    export (byte-exact)."""
    if len(periods) == 1:
        return {GOLDEN / f'{name}.csv': exports[0]}
    totals = {}
    for period, text in zip(periods, exports):
        for e in csv_rows(text):
            key = (period, e['payee'], e['component'], e['kind'])
            count, amount = totals.get(key, (0, 0))
            totals[key] = (count + 1, amount + int(e['amount_minor']))
    out = io.StringIO(newline='')
    writer = csv.writer(out, lineterminator='\n')
    writer.writerow(['period', 'payee', 'component', 'kind', 'entries', 'amount_minor'])
    for key in sorted(totals):
        writer.writerow([*key, *totals[key]])
    digests = ''.join(f'{hashlib.sha256(text).hexdigest()}  {period}\n' for period, text in zip(periods, exports))
    return {GOLDEN / f'{name}.totals.csv': out.getvalue().encode('utf-8'),
            GOLDEN / f'{name}.sha256': digests.encode('ascii')}


class Baseline:
    """Each sample settled once, period by period, into its own ledger."""
    _done = None

    @classmethod
    def get(cls):
        if cls._done is None:
            cls._done = {}
            for name, (plan, manifest, periods) in SAMPLES.items():
                ledger = scratch_dir('baseline') / f'{name}.db'
                runs = []
                for period in periods:
                    p = settle(plan, manifest, period, ledger)
                    runs.append(p)
                    if p.returncode != 0:
                        break
                cls._done[name] = {'ledger': ledger, 'runs': runs, 'periods': periods}
        return cls._done

    @classmethod
    def sample(cls, test, name):
        b = cls.get()[name]
        for period, p in zip(b['periods'], b['runs']):
            test.assertEqual(p.returncode, 0, f'{name} {period}: {p.err[-3000:]}')
        test.assertEqual(len(b['runs']), len(b['periods']))
        return b

    @classmethod
    def exports(cls, test, name):
        b = cls.sample(test, name)
        return [export_csv(b['ledger'], i + 1) for i in range(len(b['periods']))]


class SettleTestCase(unittest.TestCase):
    maxDiff = 4000

    def assert_balanced(self, ledger):
        p = run('verify', ledger)
        self.assertEqual(p.returncode, 0, p.out + p.err)
        self.assertRegex(p.out, r'verified \d+ batch(es)?: all balanced\n$')

    def assert_no_crash(self, p):
        self.assertGreaterEqual(p.returncode, 0, p.err[-2000:])
        self.assertLess(p.returncode, 128, p.err[-2000:])
        for word in ('Segmentation', 'terminate called', 'Aborted', 'AddressSanitizer', 'what():'):
            self.assertNotIn(word, p.err)

    def copy(self, src, dst_dir, name=None):
        dst = Path(dst_dir) / (name or Path(src).name)
        shutil.copyfile(src, dst)
        return dst


def first_diff_line(a, b):
    for i, (x, y) in enumerate(zip(a.split(b'\n'), b.split(b'\n')), start=1):
        if x != y:
            return i
    return min(a.count(b'\n'), b.count(b'\n')) + 1


def shuffle_csv(path, rng):
    """Shuffles the records of a CSV file, header kept first; the csv module
    keeps quoted multi-line fields whole."""
    raw = path.read_bytes()
    newline = '\r\n' if b'\r\n' in raw else '\n'
    text = raw.decode('utf-8-sig')
    rows = list(csv.reader(io.StringIO(text, newline='')))
    header, body = rows[0], rows[1:]
    body = [r for r in body if r]  # blank lines are skipped by the loader too
    order = list(body)
    rng.shuffle(order)
    out = io.StringIO(newline='')
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(order)
    path.write_bytes(out.getvalue().encode('utf-8'))
    return order != body


def shuffled_data(manifest, work):
    """A copy of the manifest's folder with every CSV's rows shuffled."""
    src = (ROOT / manifest).parent
    dst = Path(work) / 'data'
    shutil.copytree(src, dst)
    rng = random.Random(SHUFFLE_SEED)
    changed = [shuffle_csv(p, rng) for p in sorted(dst.glob('*.csv'))]
    return dst / Path(manifest).name, any(changed)


def bless():
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, (plan, manifest, periods) in SAMPLES.items():
        ledger = scratch_dir('bless') / f'{name}.db'
        for period in periods:
            p = settle(plan, manifest, period, ledger)
            if p.returncode != 0:
                sys.exit(f'bless: settling {name} {period} failed ({p.returncode}):\n{p.err}')
        exports = [export_csv(ledger, number) for number in range(1, len(periods) + 1)]
        for path, data in golden_texts(name, periods, exports).items():
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
                print(f'blessed {path.relative_to(ROOT)}')
