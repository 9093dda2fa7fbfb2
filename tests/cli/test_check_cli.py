#!/usr/bin/env python3
"""End-to-end tests of `accrue check` as a user runs it: exit codes, output
channels, JSON shape, colour, and hostile inputs.

  test_check_cli.py --accrue PATH [unittest options]
"""
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

ACCRUE = None
TIME_LIMIT_S = 10

HEADER = '''plan "Field Sales 2026" version "2026.1" {
  currency CNY
  settle quarterly
  round money half_even
}
payee Rep key id { role: text  target_incentive: money }
'''
VALID = HEADER + 'payout bonus on Rep = target_incentive * 10%\n'
SYNTAX_ERROR = HEADER + 'payout bonus on Rep = target_incentive * 10% $\n'
UNUSED_PARAM = VALID + 'param legacy_rate = 5%\n'
JSON_KEYS = {'file', 'line', 'column', 'end_line', 'end_column', 'severity', 'code', 'message', 'help'}
# Secondary spans ride along in JSON; the contract lists the keys above.
JSON_OPTIONAL_KEYS = {'notes'}


class CheckCli(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix='accrue-cli-'))

    def tearDown(self):
        for root, dirs, files in os.walk(self.dir):
            for n in dirs + files:
                p = os.path.join(root, n)
                if not os.path.islink(p):
                    os.chmod(p, 0o755)
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, rel, text):
        path = self.dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode('utf-8') if isinstance(text, str) else text)
        return rel

    def run_check(self, *args, env=None, timeout=60):
        e = dict(os.environ, NO_COLOR='1')
        if env is not None:
            e = env
        start = time.monotonic()
        p = subprocess.run([ACCRUE, 'check', *args], cwd=self.dir, env=e, capture_output=True, timeout=timeout)
        p.elapsed = time.monotonic() - start
        p.out = p.stdout.decode('utf-8', 'replace')
        p.err = p.stderr.decode('utf-8', 'replace')
        return p

    def assert_no_crash(self, p):
        self.assertGreaterEqual(p.returncode, 0, p.err[-1000:])
        self.assertLess(p.returncode, 128, p.err[-1000:])
        for word in ('Segmentation', 'terminate called', 'Aborted', 'AddressSanitizer'):
            self.assertNotIn(word, p.err)

    # ---- exit codes ---------------------------------------------------------

    def test_valid_plan_exits_0_and_prints_only_the_summary(self):
        p = self.run_check(self.write('ok.plan', VALID))
        self.assertEqual(p.returncode, 0, p.err)
        self.assertEqual(p.err, '')
        self.assertEqual(p.out, 'checked 1 plan file: 0 errors, 0 warnings\n')

    def test_plan_with_error_exits_1(self):
        p = self.run_check(self.write('bad.plan', SYNTAX_ERROR))
        self.assertEqual(p.returncode, 1)
        self.assertIn('bad.plan:7:46: error[E0103]', p.err)
        self.assertIn('1 error', p.out)

    def test_warning_exits_0_but_1_with_strict(self):
        plan = self.write('warn.plan', UNUSED_PARAM)
        p = self.run_check(plan)
        self.assertEqual(p.returncode, 0, p.err)
        self.assertIn('warning[W0101]', p.err)
        strict = self.run_check('--strict', plan)
        self.assertEqual(strict.returncode, 1, strict.err)
        self.assertIn('warning[W0101]', strict.err)

    def test_missing_file_exits_2(self):
        p = self.run_check('no_such.plan')
        self.assertEqual(p.returncode, 2)
        self.assertIn('no_such.plan', p.err)
        self.assertEqual(p.out, '')

    def test_unknown_flag_exits_2(self):
        p = self.run_check('--no-such-flag', self.write('ok.plan', VALID))
        self.assertEqual(p.returncode, 2)

    def test_no_arguments_exits_2(self):
        p = self.run_check()
        self.assertEqual(p.returncode, 2)

    def test_unreadable_file_exits_2(self):
        plan = self.write('locked.plan', VALID)
        os.chmod(self.dir / plan, 0o000)
        p = self.run_check(plan)
        if os.geteuid() != 0:  # root reads it anyway: the paths below cover root
            self.assertEqual(p.returncode, 2, p.err)
            self.assertIn('locked.plan', p.err)
        self.assert_no_crash(p)

    def test_broken_symlink_exits_2(self):
        os.symlink('nowhere.plan', self.dir / 'broken.plan')
        p = self.run_check('broken.plan')
        self.assertEqual(p.returncode, 2)
        self.assertIn('broken.plan', p.err)

    def test_folder_named_like_a_plan_exits_2(self):
        (self.dir / 'folder.plan').mkdir()
        p = self.run_check('folder.plan')
        self.assertEqual(p.returncode, 2)
        self.assertIn('folder.plan', p.err)

    def test_fifo_named_on_the_command_line_exits_2_without_hanging(self):
        os.mkfifo(self.dir / 'pipe.plan')
        try:
            p = self.run_check('pipe.plan', timeout=TIME_LIMIT_S)
        except subprocess.TimeoutExpired:
            self.fail('accrue check blocked on a FIFO named on the command line')
        self.assertEqual(p.returncode, 2)

    def test_folder_argument_checks_every_plan_below_it(self):
        self.write('plans/a_ok.plan', VALID)
        self.write('plans/nested/b_bad.plan', SYNTAX_ERROR)
        self.write('plans/notes.txt', 'not a plan $$$')
        p = self.run_check('plans')
        self.assertEqual(p.returncode, 1, p.err)
        self.assertIn('checked 2 plan files', p.out)
        self.assertIn('plans/nested/b_bad.plan:7:46: error[E0103]', p.err)
        self.assertNotIn('a_ok.plan', p.err)
        self.assertNotIn('notes.txt', p.err)

    def test_folder_of_valid_plans_exits_0(self):
        self.write('plans/a.plan', VALID)
        self.write('plans/b.plan', VALID.replace('bonus', 'award'))
        p = self.run_check('plans')
        self.assertEqual(p.returncode, 0, p.err)
        self.assertIn('checked 2 plan files: 0 errors', p.out)

    def test_several_errors_in_one_file_are_all_reported(self):
        text = HEADER.replace('role: text', 'role text') + 'payout bonus on Rep = target_incentive * 10% $\nparam x = "open\n'
        p = self.run_check(self.write('many.plan', text))
        self.assertEqual(p.returncode, 1)
        for code in ('E0104', 'E0103', 'E0105'):
            self.assertIn(f'error[{code}]', p.err)

    # ---- JSON ---------------------------------------------------------------

    def check_json(self, p):
        data = json.loads(p.out)  # stdout is exactly one JSON document
        self.assertIsInstance(data, list)
        for d in data:
            self.assertTrue(JSON_KEYS <= set(d), d)
            self.assertEqual(set(d) - JSON_KEYS - JSON_OPTIONAL_KEYS, set(), d)
            self.assertIn(d['severity'], ('error', 'warning'))
            self.assertRegex(d['code'], r'^[EW]\d{4}$')
            for k in ('line', 'column', 'end_line', 'end_column'):
                self.assertIsInstance(d[k], int)
            self.assertNotIn('error[', p.err)  # diagnostics go to stdout only
        return data

    def test_json_lists_the_diagnostics_on_stdout(self):
        text = HEADER.replace('role: text', 'role text') + 'payout bonus on Rep = target_incentive * 10% $\n'
        p = self.run_check('--format', 'json', self.write('bad.plan', text))
        self.assertEqual(p.returncode, 1)
        data = self.check_json(p)
        self.assertEqual([d['code'] for d in data], ['E0104', 'E0103'])
        first = data[0]
        self.assertEqual((first['file'], first['line'], first['column'], first['end_line'], first['end_column']),
                         ('bad.plan', 6, 25, 6, 29))
        self.assertEqual(first['severity'], 'error')

    def test_json_for_a_valid_plan_is_an_empty_array(self):
        p = self.run_check('--format', 'json', self.write('ok.plan', VALID))
        self.assertEqual(p.returncode, 0)
        self.assertEqual(self.check_json(p), [])

    def test_json_for_garbage_is_still_valid_json(self):
        garbage = bytes((i * 7919 + 13) % 256 for i in range(20000))
        p = self.run_check('--format', 'json', self.write('garbage.plan', garbage))
        self.assertEqual(p.returncode, 1)
        self.assertTrue(self.check_json(p))

    def test_json_with_a_missing_import(self):
        p = self.run_check('--format', 'json', self.write('imp.plan', 'import "gone.plan"\n' + VALID))
        self.assertEqual(p.returncode, 1)
        self.assertEqual([d['code'] for d in self.check_json(p)], ['E0201'])

    # ---- colour -------------------------------------------------------------

    def run_on_pty(self, args, env):
        """Runs accrue with stderr on a pseudo-terminal; returns (exit, stderr bytes)."""
        master, slave = pty.openpty()
        try:
            proc = subprocess.Popen([ACCRUE, 'check', *args], cwd=self.dir, env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=slave)
            os.close(slave)
            slave = None
            chunks = []
            deadline = time.monotonic() + TIME_LIMIT_S
            while time.monotonic() < deadline:
                ready, _, _ = select.select([master], [], [], 0.2)
                if ready:
                    try:
                        data = os.read(master, 65536)
                    except OSError:  # EIO: the child closed the terminal
                        break
                    if not data:
                        break
                    chunks.append(data)
                elif proc.poll() is not None:
                    break
            proc.stdout.read()
            proc.stdout.close()
            return proc.wait(timeout=TIME_LIMIT_S), b''.join(chunks)
        finally:
            if slave is not None:
                os.close(slave)
            os.close(master)

    def test_color_on_a_terminal(self):
        plan = self.write('bad.plan', SYNTAX_ERROR)
        env = {k: v for k, v in os.environ.items() if k != 'NO_COLOR'}
        code, err = self.run_on_pty([plan], env)
        self.assertEqual(code, 1)
        self.assertIn(b'error[E0103]', err)
        self.assertIn(b'\x1b[', err)

    def test_no_color_with_NO_COLOR_even_on_a_terminal(self):
        plan = self.write('bad.plan', SYNTAX_ERROR)
        env = dict(os.environ, NO_COLOR='1')
        code, err = self.run_on_pty([plan], env)
        self.assertEqual(code, 1)
        self.assertIn(b'error[E0103]', err)
        self.assertNotIn(b'\x1b', err)

    def test_no_color_when_not_a_terminal(self):
        env = {k: v for k, v in os.environ.items() if k != 'NO_COLOR'}
        p = self.run_check(self.write('bad.plan', SYNTAX_ERROR), env=env)
        self.assertEqual(p.returncode, 1)
        self.assertNotIn('\x1b', p.err + p.out)

    # ---- hostile inputs ----------------------------------------------------

    def assert_bounded_failure(self, args, expected_exit=1, code=None):
        try:
            p = self.run_check(*args, timeout=TIME_LIMIT_S * 3)
        except subprocess.TimeoutExpired:
            self.fail(f'accrue check {args} did not finish')
        self.assert_no_crash(p)
        self.assertEqual(p.returncode, expected_exit, p.err[-2000:])
        self.assertLess(p.elapsed, TIME_LIMIT_S, f'took {p.elapsed:.1f} s')
        if code:
            self.assertIn(f'[{code}]', p.err)
        self.assertRegex(p.err, r'(error\[E\d{4}\]|^error: )' if expected_exit == 2 else r'error\[E\d{4}\]')
        return p

    def test_binary_garbage(self):
        garbage = bytes((i * i * 31 + i * 7) % 256 for i in range(1 << 16))
        self.assert_bounded_failure([self.write('garbage.plan', garbage)], code='E0102')

    def test_nul_bytes_and_control_characters(self):
        self.assert_bounded_failure([self.write('nul.plan', b'payee\x00Rep\x01 key id {\x02}\n' * 200)])

    def test_ten_megabyte_single_line_of_text(self):
        line = HEADER + 'param notes = "' + 'x' * (10 * 1024 * 1024) + '\n'
        p = self.assert_bounded_failure([self.write('long.plan', line)], code='E0105')
        self.assertLess(len(p.err), 20000, 'a 10 MB line must not be echoed in full')

    def test_ten_megabyte_single_line_of_formula(self):
        # 2.6 million operators on one line: the parser must bound this too.
        line = HEADER + 'payout bonus on Rep = target_incentive * (' + '1 + ' * (10 * 1024 * 1024 // 4) + '$)\n'
        p = self.assert_bounded_failure([self.write('long.plan', line)], code='E0110')
        self.assertLess(len(p.err), 20000, 'a 10 MB line must not be echoed in full')

    def test_ten_thousand_nested_parentheses(self):
        text = HEADER + 'payout bonus on Rep = target_incentive * ' + '(' * 10000 + '10%' + ')' * 10000 + '\n'
        self.assert_bounded_failure([self.write('deep.plan', text)], code='E0106')

    def test_ten_thousand_unclosed_braces(self):
        self.assert_bounded_failure([self.write('braces.plan', HEADER + 'schedule s ' + '{' * 10000 + '\n')],
                                    code='E0106')

    def test_import_cycle(self):
        self.write('cycle/a.plan', 'import "b.plan"\nparam x = 1\n')
        self.write('cycle/b.plan', 'import "a.plan"\nparam y = 2\n')
        plan = self.write('cycle/plan.plan', 'import "a.plan"\n' + VALID)
        self.assert_bounded_failure([plan], code='E0203')

    def test_missing_import(self):
        self.assert_bounded_failure([self.write('imp.plan', 'import "common/gone.plan"\n' + VALID)], code='E0201')

    def test_import_escaping_the_root(self):
        self.write('secret.plan', 'param x = 1\n')
        plan = self.write('inner/plan.plan', 'import "../secret.plan"\n' + VALID)
        self.assert_bounded_failure([plan], code='E0202')

    def test_missing_file_on_the_command_line(self):
        self.assert_bounded_failure(['gone.plan'], expected_exit=2)

    def test_many_errors_are_capped(self):
        text = HEADER + ''.join(f'param p{i} = {i}%;\n' for i in range(5000))
        p = self.assert_bounded_failure([self.write('many.plan', text)], code='E0109')
        self.assertLess(p.err.count('error[E0103]'), 100)


if __name__ == '__main__':
    args = sys.argv[1:]
    if '--accrue' not in args:
        sys.exit('usage: test_check_cli.py --accrue PATH [unittest options]')
    i = args.index('--accrue')
    ACCRUE = str(Path(args[i + 1]).resolve())
    del args[i:i + 2]
    unittest.main(argv=[sys.argv[0], *args], verbosity=2)
