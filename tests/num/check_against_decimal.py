#!/usr/bin/env python3
"""Differential test, oracle side: runs accrue_num_diff, then recomputes every
operation it wrote with Python's decimal module (libmpdec) and requires zero
differences. Standard library only.

Exactness: the context has 600 digits of precision, more than any exact
operand or result needs (|x| < 10^40 with a denominator <= 10^80 needs at most
40 + 266 digits), and add/sub/mul assert that decimal raised no Inexact. A
quotient that does not terminate (Inexact) is rounded by both sides to 40
places half_even; double rounding cannot occur, because such a quotient (a
fraction with denominator <= 10^80) cannot lie within 10^-500 of a tie.

The documented bounds (docs/numbers.md) decide the expected errors: a result
with |value| >= 10^40 is ERR:overflow; one whose denominator in lowest terms
exceeds 10^80 is ERR:precision (checked in that order, as accrue does).

Usage: check_against_decimal.py --driver PATH [--count N] [--keep FILE]
The seed comes from $ACCRUE_DIFF_SEED (the driver reads it; default 4).
"""
import argparse
import collections
import decimal
import math
import os
import re
import subprocess
import sys
import tempfile
from decimal import Decimal

CTX = decimal.Context(prec=600, Emax=10**6, Emin=-10**6, traps=[decimal.InvalidOperation, decimal.DivisionByZero])
MAX_MAGNITUDE = 10**40
MAX_DENOMINATOR = 10**80
MODES = {
    "half_even": decimal.ROUND_HALF_EVEN,
    "half_up": decimal.ROUND_HALF_UP,
    "half_down": decimal.ROUND_HALF_DOWN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
    "floor": decimal.ROUND_FLOOR,
    "ceiling": decimal.ROUND_CEILING,
}
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?%?")


class BoundError(Exception):
    pass


def canonical(d):
    """accrue's canonical text: no exponent, no trailing zeros, never -0."""
    if d.is_zero():
        return "0"
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fixed(d, places, mode):
    q = d.quantize(Decimal(1).scaleb(-places), rounding=mode, context=CTX)
    text = format(q, "f")
    return text.lstrip("-") if q.is_zero() else text


def check_fraction(numerator, denominator):
    if denominator < 0:
        numerator, denominator = -numerator, denominator * -1
    g = math.gcd(numerator, denominator)
    numerator, denominator = numerator // g, denominator // g
    if abs(numerator) >= MAX_MAGNITUDE * denominator:
        raise BoundError("ERR:overflow")
    if denominator > MAX_DENOMINATOR:
        raise BoundError("ERR:precision")


def bounded(d):
    check_fraction(*d.as_integer_ratio())
    return d


def unbounded(operation, a, b):
    CTX.clear_flags()
    result = operation(a, b)
    assert not CTX.flags[decimal.Inexact], "oracle lost exactness"
    return result


def exact(operation, a, b):
    return bounded(unbounded(operation, a, b))


def divide(a, b):
    """Exact text or '~' + 40 places half_even; raises BoundError."""
    if b.is_zero():
        raise BoundError("ERR:division_by_zero")
    na, da = a.as_integer_ratio()
    nb, db = b.as_integer_ratio()
    check_fraction(na * db, da * nb)
    CTX.clear_flags()
    q = CTX.divide(a, b)
    if CTX.flags[decimal.Inexact]:
        return "~" + fixed(q, 40, decimal.ROUND_HALF_EVEN)
    return canonical(q)


def parse(text):
    if not NUMBER.fullmatch(text):
        raise BoundError("ERR:parse")
    if text.endswith("%"):
        return bounded(CTX.divide(Decimal(text[:-1]), Decimal(100)))
    return bounded(Decimal(text))


def expect(fn):
    try:
        return fn()
    except BoundError as error:
        return str(error)


def check_alloc(total, minor, keys, weights):
    units = Decimal(total).scaleb(int(minor), context=CTX)
    weights = [Decimal(w) for w in weights]
    weight_sum = sum(weights, Decimal(0))
    if weight_sum.is_zero():
        return "ERR:invalid_argument"
    negative = units < 0
    magnitude = abs(units)
    floors, remainders = [], []
    for w in weights:
        share = CTX.multiply(magnitude, w)  # exact share = share / weight_sum
        floor = CTX.divide_int(share, weight_sum)
        floors.append(floor)
        remainders.append(CTX.subtract(share, CTX.multiply(floor, weight_sum)))
    missing = int(magnitude - sum(floors, Decimal(0)))
    ranked = sorted((i for i in range(len(weights)) if remainders[i] > 0), key=lambda i: (-remainders[i], keys[i]))
    for i in ranked[:missing]:
        floors[i] += 1
    return ",".join(canonical((-f if negative else f).scaleb(-int(minor), context=CTX)) for f in floors)


def check_line(fields):
    op = fields[0]
    if op in ("add", "sub", "mul"):
        a, b = Decimal(fields[1]), Decimal(fields[2])
        operation = {"add": CTX.add, "sub": CTX.subtract, "mul": CTX.multiply}[op]
        return fields[3], expect(lambda: canonical(exact(operation, a, b)))
    if op == "div":
        return fields[3], expect(lambda: divide(Decimal(fields[1]), Decimal(fields[2])))
    if op == "cmp":
        a, b = Decimal(fields[1]), Decimal(fields[2])
        return fields[3], str((a > b) - (a < b))
    if op == "round":
        a, places, mode = Decimal(fields[1]), int(fields[2]), MODES[fields[3]]

        def rounded():
            bounded(a.quantize(Decimal(1).scaleb(-places), rounding=mode, context=CTX))
            return fixed(a, places, mode)

        return fields[4], expect(rounded)
    if op == "muldiv":
        a, b, c = (Decimal(x) for x in fields[1:4])

        def muldiv():
            # accrue computes (a / b) * c, so a / b must be in bounds; a * c need not be.
            divide(a, b)
            return divide(unbounded(CTX.multiply, a, c), b)

        return fields[4], expect(muldiv)
    if op == "parse":
        return fields[2], expect(lambda: canonical(parse(fields[1])))
    if op == "sum":
        values = [Decimal(x) for x in fields[1].split(",")]
        return fields[2], expect(lambda: canonical(bounded(sum(values, Decimal(0)))))
    if op == "mulround":
        values = [Decimal(x) for x in fields[1].split(",")]
        factor, places, mode = parse(fields[2]), int(fields[3]), MODES[fields[4]]

        def rows():
            out = []
            for v in values:
                bounded(exact(CTX.multiply, v, factor).quantize(Decimal(1).scaleb(-places), rounding=mode, context=CTX))
                out.append(fixed(CTX.multiply(v, factor), places, mode))
            return ",".join(out)

        return fields[5], expect(rows)
    if op == "sumkey":
        values = [Decimal(x) for x in fields[1].split(",")]
        keys = [int(k) for k in fields[2].split(",")]
        totals = [Decimal(0)] * int(fields[3])
        for value, key in zip(values, keys):
            totals[key] = CTX.add(totals[key], value)
        return fields[4], ",".join(canonical(t) for t in totals)
    if op == "alloc":
        return fields[6], check_alloc(fields[1], fields[3], fields[4].split(","), fields[5].split(","))
    raise ValueError(f"unknown operation {op!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--driver", required=True, help="path to the accrue_num_diff program")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--keep", help="keep the operations file here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        path = args.keep or os.path.join(scratch, "operations.tsv")
        subprocess.run([args.driver, str(args.count), path], check=True)
        with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
            lines = f.read().split("\n")

    header = lines[0]
    counts, differences = collections.Counter(), []
    for number, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        fields = line.split("\t")
        got, want = check_line(fields)
        counts[fields[0]] += 1
        if got != want:
            differences.append(f"line {number}: {line!r}\n    accrue: {got}\n    python: {want}")

    # The driver writes the rounding table of issue 4 (6 values x 7 modes) first.
    table_lines = [line for line in lines[1:43] if line.startswith("round\t")]
    table_ok = len(table_lines) == 42 and not any(d.startswith(f"line {n}:") for d in differences for n in range(2, 44))
    total = sum(counts.values())
    print(f"differential ({header.lstrip('# ')}): {total} operations checked against Python decimal")
    print("  " + ", ".join(f"{op} {n}" for op, n in sorted(counts.items())))
    if total < args.count:
        print(f"FAIL: expected {args.count} operations, read {total}")
        return 1
    if differences:
        print(f"FAIL: {len(differences)} differences; the first ones:")
        print("\n".join(differences[:20]))
        return 1
    print(f"rounding table (2.5, 3.5, -2.5, 0.125, 1.005, -1.005 in every mode): {'identical' if table_ok else 'MISSING'}")
    if not table_ok:
        return 1
    print("0 differences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
