#!/usr/bin/env python3
"""The bench plan in straightforward Python: the peer a finance analyst would
write, and the correctness oracle of the settlement benchmark.

    peer_python.py DATA_DIR OUT_DIR

Reads the CSVs written by gen_dataset and writes OUT_DIR/payouts.csv (one row
per rep, by rep id: commission, capped, paid_now, deferred, bonus, vetoed) and
OUT_DIR/grades.csv (customers per CLV grade). The plan is defined in
bench/settle/README.md. Money is `decimal.Decimal`, rounded half-even to
cents only where the plan says (the commission's paid-now half rounds half
up, as accrue's tranche split gives the odd cent to the first tranche); ratios (average, repurchase rate, NPS, the
interpolated score) are `fractions.Fraction`, so nothing is rounded early and
every comparison with a threshold is exact. Dates are ISO text, so they
compare as strings.
"""
import csv
import os
import sys
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

QUARTER_START, QUARTER_END = "2026-01-01", "2026-03-31"
YEAR_START = "2025-04-01"  # "last 12 months" of 2026-Q1

CENT = Decimal("0.01")
COMMISSION_RATE = Decimal("0.03")
CONCENTRATION_CAP = Decimal("0.30")
PAID_NOW = Decimal("0.50")


def to_cents(value):
    """Half-even to cents (a Decimal or a Fraction)."""
    if isinstance(value, Fraction):
        return Decimal(round(value * 100)).scaleb(-2)  # Fraction rounds half to even
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def repurchase_score(rate):
    """0 below 60%, 50% -> 100% from 60% to 70%, 100% -> 150% to 80%, then 150%."""
    if rate < Fraction(6, 10):
        return Fraction(0)
    if rate < Fraction(7, 10):
        return Fraction(1, 2) + (rate - Fraction(6, 10)) / Fraction(1, 10) * Fraction(1, 2)
    if rate < Fraction(8, 10):
        return Fraction(1) + (rate - Fraction(7, 10)) / Fraction(1, 10) * Fraction(1, 2)
    return Fraction(3, 2)


def read(data, name):
    with open(os.path.join(data, name), newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        for row in rows:
            yield dict(zip(header, row))


def main(data, out):
    reps = {}
    for row in read(data, "reps.csv"):
        reps[row["id"]] = Decimal(row["target_incentive"])
    owner = {}
    for row in read(data, "customers.csv"):
        owner[row["id"]] = row["owner"]

    # Per customer: [orders, amount, margin % points, orders in 12 months, revenue this quarter].
    totals = {customer: [0, Decimal(0), Decimal(0), 0, Decimal(0)] for customer in owner}
    with open(os.path.join(data, "orders.csv"), newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        for on, customer, amount, margin in rows:
            if on > QUARTER_END:
                continue
            amount = Decimal(amount)
            t = totals[customer]
            t[0] += 1
            t[1] += amount
            t[2] += Decimal(margin[:-1])  # "23.5%" -> 23.5 points
            if on >= YEAR_START:
                t[3] += 1
                if on >= QUARTER_START:
                    t[4] += amount
    orders_12m = {customer: t[3] for customer, t in totals.items()}
    revenue_q = {customer: t[4] for customer, t in totals.items()}

    grades = {"A": 0, "B": 0, "C": 0}
    for n, amount, margin_points, n_12m, _ in totals.values():
        if n == 0:
            clv = Fraction(0)  # the average of no orders is taken as 0
        else:
            aov = Fraction(amount) / n
            margin = Fraction(margin_points) / 100 / n
            clv = aov * n_12m * 5 * margin
        grades["A" if clv >= 10000 else "B" if clv >= 2000 else "C"] += 1

    customers_of = defaultdict(list)
    for customer, rep in owner.items():
        customers_of[rep].append(customer)

    promoters, detractors, answers = defaultdict(int), defaultdict(int), defaultdict(int)
    for row in read(data, "surveys.csv"):
        if YEAR_START <= row["on"] <= QUARTER_END:
            rep = owner[row["customer"]]
            score = int(row["score"])
            answers[rep] += 1
            if score >= 9:
                promoters[rep] += 1
            elif score <= 6:
                detractors[rep] += 1

    vetoed_reps = set()
    for row in read(data, "incidents.csv"):
        if QUARTER_START <= row["on"] <= QUARTER_END and row["kind"] == "compliance":
            vetoed_reps.add(row["rep"])

    lines = ["rep,commission,capped,paid_now,deferred,bonus,vetoed"]
    for rep in sorted(reps):
        mine = customers_of[rep]
        credited = sum((revenue_q[c] for c in mine), Decimal(0))
        commission = capped = paid_now = deferred = Decimal("0.00")
        for c in mine:
            earned = to_cents(COMMISSION_RATE * min(revenue_q[c], CONCENTRATION_CAP * credited))
            uncapped = to_cents(COMMISSION_RATE * revenue_q[c])
            # The 50/50 split gives the odd cent to the first tranche (num::allocate,
            # ties to the first): ceil(earned / 2), half-up since earned >= 0.
            now = (earned * PAID_NOW).quantize(CENT, rounding=ROUND_HALF_UP)
            commission += earned
            capped += uncapped - earned
            paid_now += now
            deferred += earned - now

        active = sum(1 for c in mine if orders_12m[c] >= 1)
        repeat = sum(1 for c in mine if orders_12m[c] >= 2)
        rate = Fraction(repeat, active) if active else Fraction(0)
        nps = Fraction(100 * (promoters[rep] - detractors[rep]), answers[rep]) if answers[rep] else Fraction(0)
        nps_factor = Fraction(11, 10) if nps >= 30 else Fraction(1) if nps >= 0 else Fraction(9, 10)
        bonus = to_cents(Fraction(reps[rep]) * repurchase_score(rate) * nps_factor)
        vetoed = Decimal("0.00")
        if rep in vetoed_reps:
            bonus, vetoed = Decimal("0.00"), bonus
        lines.append(",".join([rep] + [f"{v:.2f}" for v in (commission, capped, paid_now, deferred, bonus, vetoed)]))

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "payouts.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "grades.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("grade,customers\n" + "".join(f"{g},{n}\n" for g, n in grades.items()))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: peer_python.py DATA_DIR OUT_DIR")
    main(sys.argv[1], sys.argv[2])
