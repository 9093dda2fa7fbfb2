#!/usr/bin/env python3
"""Python decimal (libmpdec) side of the accrue num benchmark.

Reads the amounts that accrue_num_bench wrote (one two-decimal amount a
line), times the same two loops as the C++ side, and reports the medians:
  - sum:        sum(amounts, Decimal(0))
  - mul_round:  [(a * rate).quantize(Decimal("0.01"), ROUND_HALF_EVEN) for a in amounts]
Then writes the multiply-and-round results (one a line, "-0.00" printed as
"0.00" as accrue prints it) so the C++ side can compare every digit.
Printing and parsing happen outside the timed loops. Standard library only.
"""
import argparse
import decimal
import json
import statistics
import sys
import time
from decimal import Decimal


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--amounts", required=True)
    parser.add_argument("--rate", required=True, help='a percent such as "12.5%%"')
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--results", required=True)
    args = parser.parse_args()

    context = decimal.getcontext()
    context.prec = 28  # the default; amounts below 10^9 and their products need at most 16 digits
    with open(args.amounts) as f:
        amounts = list(map(Decimal, f.read().split()))
    rate = Decimal(args.rate.rstrip("%")) / 100
    cent = Decimal("0.01")

    sum_times, total = [], None
    for _ in range(args.runs):
        context.clear_flags()
        start = time.perf_counter()
        total = sum(amounts, Decimal(0))
        sum_times.append(time.perf_counter() - start)
        if context.flags[decimal.Inexact]:
            sys.exit("decimal_peer: the sum was rounded; raise the precision")

    mul_times, rounded = [], None
    for _ in range(args.runs):
        rounded = None
        start = time.perf_counter()
        rounded = [(a * rate).quantize(cent, rounding=decimal.ROUND_HALF_EVEN) for a in amounts]
        mul_times.append(time.perf_counter() - start)

    with open(args.results, "w") as f:
        f.write("\n".join("0.00" if r.is_zero() else str(r) for r in rounded))
        f.write("\n")
    json.dump(
        {
            "python": sys.version.split()[0],
            "rows": len(amounts),
            "sum": str(total),
            "sum_seconds": statistics.median(sum_times),
            "mul_round_seconds": statistics.median(mul_times),
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
