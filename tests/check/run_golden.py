#!/usr/bin/env python3
"""Golden tests for `accrue check`.

Every case is one plan checked from the repository root with a relative path,
so the output holds no absolute path and needs no redaction:

  tests/check/bad/NNN_name.plan          golden: NNN_name.expected
  tests/check/bad/NNN_name/plan.plan     golden: NNN_name/plan.expected (the
                                         folder holds the modules it imports)
  tests/check/good/...                   the same; must print no diagnostic
  generated cases (GENERATED below)      inputs too big or too hostile to
                                         commit, written at test time into a
                                         scratch copy of the same relative path

A golden `X.expected` holds the line `exit: N`, then stderr, then stdout of
`NO_COLOR=1 accrue check X.plan`. Where `X.expected.json` exists it holds the
stdout of `accrue check --format json X.plan` (create an empty one to add a
case to the JSON subset, then bless).

  run_golden.py --accrue PATH            compare; print a unified diff per
                                         mismatch; exit 1 on any mismatch
  run_golden.py --accrue PATH --bless    rewrite the goldens (scripts/bless.sh)
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TIMEOUT_S = 30


# ---- generated cases ------------------------------------------------------
# Each returns {relative path: (bytes, file mode or None)} and names the
# command-line argument to check. Paths mirror the repository layout so the
# output looks exactly as if the files were committed.

HEADER = (b'plan "Field Sales 2026" version "2026.1" {\n  currency CNY\n  settle quarterly\n'
          b'  round money half_even\n}\n'
          b'payee Rep key id { role: text  region_stage: text  target_incentive: money }\n'
          b'entity Customer key id { owner: Rep  acquired: date  industry: text }\n'
          b'event Order key id dated on { customer: Customer  amount: money  margin: percent }\n')


def _garbage(n, seed):
    # A fixed linear congruential generator: the same bytes on every machine.
    out = bytearray()
    x = seed
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append((x >> 16) & 0xFF)
    return bytes(out)


def gen_nesting_parens():
    body = b'payout commission on Customer to owner = ' + b'(' * 10000 + b'3% * sum(Order.amount over period)' + b')' * 10000 + b'\n'
    return {'tests/check/bad/150_nesting_10000_parens.plan': (HEADER + body, None)}


def gen_prefix_minus():
    body = b'measure Customer.refunds = ' + b'-' * 10000 + b'sum(Order.amount over period)\n'
    body += b'payout commission on Customer to owner = 3% * refunds\n'
    return {'tests/check/bad/151_prefix_minus_10000.plan': (HEADER + body, None)}


def gen_binary_garbage():
    return {'tests/check/bad/152_binary_garbage.plan': (_garbage(65536, 20260101), None)}


def gen_control_characters():
    # Valid UTF-8 but no plan: every byte is a control character.
    data = bytes(b for b in _garbage(4096, 7) if b < 0x20 and b not in (0x09, 0x0A, 0x0D))
    return {'tests/check/bad/153_control_characters.plan': (data, None)}


def gen_line_10mb():
    body = b'param notes = "' + b'x' * (10 * 1024 * 1024) + b'\n'
    return {'tests/check/bad/154_line_10mb_unterminated_text.plan': (HEADER + body, None)}


def gen_too_large():
    line = b'// ' + b'padding ' * 12 + b'\n'
    data = HEADER + line * ((16 * 1024 * 1024) // len(line) + 1)
    return {'tests/check/bad/155_file_too_large.plan': (data, None)}


def gen_formula_10mb():
    # 2.6 million operators on one line: bounded by tokens per declaration.
    body = b'payout bonus on Rep = target_incentive * (' + b'1 + ' * (10 * 1024 * 1024 // 4) + b'1)\n'
    return {'tests/check/bad/157_formula_10mb_one_line.plan': (HEADER + body, None)}


def gen_unreadable():
    text = HEADER + b'payout commission on Customer to owner = 3% * sum(Order.amount over period)\n'
    return {'tests/check/bad/156_unreadable_in_folder/plan.plan': (text, 0o000)}


# name -> (generator, argument, needs an unprivileged user to be meaningful)
GENERATED = {
    '150_nesting_10000_parens': (gen_nesting_parens, 'tests/check/bad/150_nesting_10000_parens.plan', False),
    '151_prefix_minus_10000': (gen_prefix_minus, 'tests/check/bad/151_prefix_minus_10000.plan', False),
    '152_binary_garbage': (gen_binary_garbage, 'tests/check/bad/152_binary_garbage.plan', False),
    '153_control_characters': (gen_control_characters, 'tests/check/bad/153_control_characters.plan', False),
    '154_line_10mb_unterminated_text': (gen_line_10mb, 'tests/check/bad/154_line_10mb_unterminated_text.plan', False),
    '155_file_too_large': (gen_too_large, 'tests/check/bad/155_file_too_large.plan', False),
    '157_formula_10mb_one_line': (gen_formula_10mb, 'tests/check/bad/157_formula_10mb_one_line.plan', False),
    # A folder argument holding a file nobody may read: E0101, not a usage error.
    '156_unreadable_in_folder': (gen_unreadable, 'tests/check/bad/156_unreadable_in_folder', True),
}


# ---- cases -------------------------------------------------------------------

class Case:
    def __init__(self, name, arg, golden, good=False, generated=None):
        self.name, self.arg, self.golden, self.good, self.generated = name, arg, golden, good, generated


def discover():
    cases = []
    for kind in ('bad', 'good'):
        base = HERE / kind
        if not base.is_dir():
            continue
        for entry in sorted(base.iterdir()):
            if entry.is_file() and entry.suffix == '.plan':
                plan = entry
            elif entry.is_dir() and (entry / 'plan.plan').is_file():
                plan = entry / 'plan.plan'
            else:
                continue
            rel = plan.relative_to(REPO).as_posix()
            cases.append(Case(f'{kind}/{entry.name}', rel, plan.with_suffix('.expected'), good=(kind == 'good')))
    for name, (gen, arg, _) in GENERATED.items():
        cases.append(Case(f'bad/{name}', arg, HERE / 'bad' / f'{name}.expected', generated=name))
    return sorted(cases, key=lambda c: c.name)


def orphans(cases):
    known = {c.golden for c in cases} | {Path(str(c.golden) + '.json') for c in cases}
    found = [p for p in HERE.rglob('*.expected*') if p.suffix in ('.expected', '.json')]
    return sorted(p for p in found if p not in known)


def drop_privileges():
    os.setgid(65534)
    os.setuid(65534)


def run(accrue, case, extra, workdir):
    env = dict(os.environ, NO_COLOR='1', LC_ALL='C')
    preexec = None
    if case.generated and GENERATED[case.generated][2] and os.geteuid() == 0:
        preexec = drop_privileges  # root reads every file; check as nobody
    try:
        p = subprocess.run([accrue, 'check', *extra, case.arg], cwd=workdir, env=env, capture_output=True,
                           timeout=TIMEOUT_S, preexec_fn=preexec)
    except subprocess.TimeoutExpired:
        return None, f'timed out after {TIMEOUT_S} s'
    out, err = p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')
    if p.returncode < 0 or p.returncode >= 128 or 'Segmentation' in err or 'terminate called' in err:
        return None, f'crashed (exit {p.returncode}):\n{err[-2000:]}'
    return p.returncode, (out, err)


def materialize(case):
    """Scratch folder for a generated case, laid out like the repository."""
    tmp = tempfile.mkdtemp(prefix='accrue-golden-')
    os.chmod(tmp, 0o755)
    files = GENERATED[case.generated][0]()
    for rel, (data, mode) in files.items():
        path = Path(tmp) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        for d in [path.parent, *path.parent.parents]:
            if d == Path(tmp) or Path(tmp) not in d.parents:
                break
            os.chmod(d, 0o755)
        path.write_bytes(data)
        if mode is not None:
            os.chmod(path, mode)
    return tmp


def compare(name, golden, actual, bless):
    expected = golden.read_text(encoding='utf-8') if golden.exists() else None
    if expected == actual:
        return True
    if bless:
        golden.write_text(actual, encoding='utf-8', newline='')
        print(f'blessed {golden.relative_to(REPO)}')
        return True
    diff = difflib.unified_diff((expected or '').splitlines(keepends=True), actual.splitlines(keepends=True),
                                fromfile=f'{golden.relative_to(REPO)} (expected)', tofile=f'{name} (actual)')
    sys.stdout.writelines(line if line.endswith('\n') else line + '\n' for line in diff)
    if expected is None:
        print(f'MISSING golden {golden.relative_to(REPO)}')
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--accrue', required=True, help='the accrue binary')
    ap.add_argument('--bless', action='store_true', help='rewrite the goldens from the current output')
    ap.add_argument('--filter', default='', help='only cases whose name contains this text')
    args = ap.parse_args()
    accrue = str(Path(args.accrue).resolve())
    cases = [c for c in discover() if args.filter in c.name]
    failures = []
    for case in cases:
        workdir, tmp = str(REPO), None
        if case.generated:
            tmp = materialize(case)
            workdir = tmp
        try:
            rc, result = run(accrue, case, [], workdir)
            if rc is None:
                print(f'FAIL {case.name}: {result}')
                failures.append(case.name)
                continue
            out, err = result
            ok = True
            if case.good and (rc != 0 or any(f'[{k}' in err for k in ('E0', 'W0'))):
                print(f'FAIL {case.name}: a good plan must check clean (exit {rc}):\n{err}')
                ok = False
            if not case.good and not re.search(r'(error|warning)\[[EW]\d{4}\]', err + out):
                print(f'FAIL {case.name}: a bad plan checked clean')
                ok = False
            ok = compare(case.name, case.golden, f'exit: {rc}\n{err}{out}', args.bless) and ok
            json_golden = Path(str(case.golden) + '.json')
            if json_golden.exists():
                jrc, jresult = run(accrue, case, ['--format', 'json'], workdir)
                if jrc is None:
                    print(f'FAIL {case.name} (json): {jresult}')
                    ok = False
                else:
                    ok = compare(case.name + ' --format json', json_golden, jresult[0], args.bless) and ok
            if not ok:
                failures.append(case.name)
        finally:
            if tmp:
                for root, dirs, files in os.walk(tmp):
                    for n in dirs + files:
                        os.chmod(os.path.join(root, n), 0o755)
                shutil.rmtree(tmp, ignore_errors=True)
    stray = orphans(discover()) if not args.filter else []
    for p in stray:
        print(f'FAIL golden without a case: {p.relative_to(REPO)}')
    print(f'{len(cases)} golden cases, {len(failures)} failed' + (', blessed' if args.bless else ''))
    for name in failures:
        print(f'  failed: {name}')
    return 1 if failures or stray else 0


if __name__ == '__main__':
    sys.exit(main())
