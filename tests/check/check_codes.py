#!/usr/bin/env python3
"""Every code in engine/diag/codes.def is documented in docs/diagnostics.md
and shown by at least one golden; no golden carries parser-generator wording.

  check_codes.py            (run from anywhere; paths are found from this file)
"""
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
CODES_DEF = REPO / 'engine' / 'diag' / 'codes.def'
DOC = REPO / 'docs' / 'diagnostics.md'
GOLDENS = REPO / 'tests' / 'check'
GRAMMAR = REPO / 'grammar' / 'Plan.g4'

# What ANTLR says when its messages leak through.
ANTLR_PHRASES = ['mismatched input', 'extraneous input', 'token recognition error', 'no viable alternative',
                 "missing '", '<EOF>', 'expecting {']


def codes():
    found = re.findall(r'^ACCRUE_DIAG\((\w+),\s*(Error|Warning),', CODES_DEF.read_text(), re.M)
    if not found:
        sys.exit(f'no ACCRUE_DIAG entries in {CODES_DEF}')
    return [c for c, _ in found]


def token_names():
    """Lexer rule names of the grammar (ID, NUMBER, ...), plus ANTLR's own."""
    names = set(re.findall(r'^([A-Z][A-Z_0-9]*)\s*:', GRAMMAR.read_text(), re.M))
    names |= {'RBRACE', 'LBRACE', 'RPAREN', 'LPAREN', 'EOF'}
    return names


def message_lines(text):
    """Golden lines written by accrue, without the echoed plan source."""
    for line in text.splitlines():
        if re.match(r'^\s*\d+ \| ', line) or re.match(r'^\s+\| ', line):
            continue
        yield line


def main():
    problems = []
    all_codes = codes()
    doc = DOC.read_text(encoding='utf-8') if DOC.exists() else ''
    if not doc:
        problems.append(f'{DOC.relative_to(REPO)} is missing')
    goldens = sorted(p for p in GOLDENS.rglob('*') if p.is_file() and p.name.endswith(('.expected', '.expected.json')))
    shown = set()
    tokens = token_names()
    token_re = re.compile(r"""['"`](%s)['"`]""" % '|'.join(sorted(tokens, key=len, reverse=True)))
    for g in goldens:
        text = g.read_text(encoding='utf-8', errors='replace')
        shown |= set(re.findall(r'(?:error|warning)\[([EW]\d{4})\]', text))
        shown |= set(re.findall(r'"code": "([EW]\d{4})"', text))
        for n, line in enumerate(message_lines(text), 1):
            low = line.lower()
            for phrase in ANTLR_PHRASES:
                if phrase.lower() in low:
                    problems.append(f'{g.relative_to(REPO)}: parser-generator wording {phrase!r}: {line.strip()}')
            m = token_re.search(line)
            if m:
                problems.append(f'{g.relative_to(REPO)}: token name {m.group(0)}: {line.strip()}')
    for code in all_codes:
        if not re.search(r'^#+ .*\b%s\b' % code, doc, re.M):
            problems.append(f'{code} has no section in docs/diagnostics.md')
        if code not in shown:
            problems.append(f'{code} appears in no golden under tests/check')
    documented = set(re.findall(r'^#+ .*\b([EW]\d{4})\b', doc, re.M))
    for extra in sorted(documented - set(all_codes)):
        problems.append(f'docs/diagnostics.md documents {extra}, which codes.def does not define')
    for p in problems:
        print(p)
    print(f'{len(all_codes)} codes, {len(goldens)} goldens, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
