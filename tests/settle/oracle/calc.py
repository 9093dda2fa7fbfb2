"""Exact arithmetic and calendar rules the oracles share, written from the
settlement spec and docs/numbers.md, never from accrue's code.

Everything is a Fraction (parsed through Decimal, so "12.5%" is exactly 1/8);
money is rounded to minor units only where the spec says (after the rules, per
line). None is the language's null: it propagates through arithmetic and is
skipped by aggregations.
"""
import calendar
import csv
import datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

D = datetime.date


# ---- reading the CSVs ---------------------------------------------------------

def read_rows(path):
    """(line_number, row dict) for each data row; line 1 is the header."""
    with open(path, newline='', encoding='utf-8-sig') as f:
        reader = csv.DictReader(f)
        return [(reader.line_num, row) for row in reader]


def num(text):
    """An exact number from a CSV cell or plan literal: '29.2%' -> 73/250."""
    if text is None or text == '':
        return None
    if text.endswith('%'):
        return Fraction(Decimal(text[:-1])) / 100
    return Fraction(Decimal(text))


def date(text):
    return D.fromisoformat(text) if text else None


def boolean(text):
    return {'true': True, 'false': False}[text]


# ---- periods and windows --------------------------------------------------------

def add_months(day, months):
    """Calendar months added, clamped to the month's end (Dec 31 + 6 months = Jun 30)."""
    m = day.month - 1 + months
    y, m = day.year + m // 12, m % 12 + 1
    return D(y, m, min(day.day, calendar.monthrange(y, m)[1]))


class Period:
    """A quarterly period '2026-Q1' (the only cadence the sample plans use)."""

    def __init__(self, text):
        year, q = text.split('-Q')
        self.text, self.year, self.q = text, int(year), int(q)
        self.first = D(self.year, 3 * self.q - 2, 1)
        last_month = 3 * self.q
        self.last = D(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def shifted_years(self, n):
        return Period(f'{self.year - n}-Q{self.q}')

    def previous(self):
        return Period(f'{self.year}-Q{self.q - 1}' if self.q > 1 else f'{self.year - 1}-Q4')

    # Windows end on the period's last day, inclusive.
    def period(self):
        return (self.first, self.last)

    def last_months(self, n):
        return (add_months(D(self.last.year, self.last.month, 1), -(n - 1)), self.last)

    def plan_year(self):
        return (D(self.year, 1, 1), self.last)

    def all(self):
        return (D.min, self.last)

    def __repr__(self):
        return self.text


def within(day, window):
    return window[0] <= day <= window[1]


# ---- aggregations (nulls skipped) -------------------------------------------------

def total(values):
    return sum((v for v in values if v is not None), Fraction(0))


def avg(values):
    vs = [v for v in values if v is not None]
    return Fraction(sum(vs), len(vs)) if vs else None


def share(flags):
    """share(...): fraction of the rows for which the condition holds; 0 of no rows.
    A null condition counts as false."""
    flags = list(flags)
    return Fraction(sum(1 for f in flags if f is True), len(flags)) if flags else Fraction(0)


def nps(scores):
    """% promoters (9-10) - % detractors (0-6), a number from -100 to 100; 0 of no answers."""
    scores = [s for s in scores if s is not None]
    if not scores:
        return Fraction(0)
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return Fraction(100 * (promoters - detractors), len(scores))


def mul(*xs):
    out = Fraction(1)
    for x in xs:
        if x is None:
            return None
        out *= x
    return out


def div(a, b):
    if a is None or b is None:
        return None
    if b == 0:
        raise ZeroDivisionError('division by zero at run time: the settlement would fail')
    return Fraction(a) / b


def growth(now, before):
    """(now - before) / before as a fraction (percent = x100); null when before is 0 or null."""
    if now is None or before is None or before == 0:
        return None
    return (now - before) / before


def ge(a, b):
    return None if a is None or b is None else a >= b


# ---- targets ------------------------------------------------------------------------

def linear_target(value, tiers, floor=Fraction(0), ceiling=None):
    """Linear interpolation between (threshold, score) tiers; below base the floor;
    at or above ideal the ideal score, capped by the ceiling when one is given."""
    if value is None:
        return None
    (t0, s0), (t1, s1), (t2, s2) = tiers
    if value < t0:
        return floor
    if value >= t2:
        return min(s2, ceiling) if ceiling is not None else s2
    lo, hi = ((t0, s0), (t1, s1)) if value < t1 else ((t1, s1), (t2, s2))
    return lo[1] + (value - lo[0]) * (hi[1] - lo[1]) / (hi[0] - lo[0])


def stepped_target(value, tiers, floor=Fraction(0)):
    if value is None:
        return None
    score = floor
    for threshold, s in tiers:
        if value >= threshold:
            score = s
    return score


# ---- money ---------------------------------------------------------------------------

def round_minor(amount, minor_digits=2):
    """Rounds a money amount half_even to whole minor units; returns an int."""
    x = Fraction(amount) * 10 ** minor_digits
    fl = x.numerator // x.denominator
    rest = x - fl
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and fl % 2 == 1):
        fl += 1
    return int(fl)


def allocate(total_minor, shares):
    """Largest remainder: floor of each exact share, then the missing units one each
    to the largest remainders, ties to the key that sorts first (byte-wise).
    shares: list of (key, weight). Returns {key: minor units}."""
    sign = -1 if total_minor < 0 else 1
    magnitude = abs(total_minor)
    weight_sum = sum(w for _, w in shares)
    if weight_sum == 0:
        raise ValueError('allocate: all weights are zero')
    parts, remainders = {}, []
    for key, w in shares:
        exact = Fraction(magnitude) * w / weight_sum
        parts[key] = exact.numerator // exact.denominator
        remainders.append((-(exact - parts[key]), key.encode('utf-8'), key))
    missing = magnitude - sum(parts.values())
    for _, _, key in sorted(remainders)[:missing]:
        parts[key] += 1
    return {k: sign * v for k, v in parts.items()}


def minor_text(minor, digits=2):
    """Exact decimal text of a minor-unit amount, as `accrue export` prints `amount`."""
    sign = '-' if minor < 0 else ''
    m = abs(minor)
    return f'{sign}{m // 10 ** digits}.{m % 10 ** digits:0{digits}d}' if digits else f'{sign}{m}'


ROOT = Path(__file__).resolve().parents[3]
