#!/usr/bin/env python3
"""Sample dataset for plans/export_transition/plan.plan ("Export Team Transition to Customer Value", USD).

Rewrites every CSV in this folder, byte for byte the same on every run:

    python3 plans/export_transition/data/generate.py          # writes the CSVs, prints the story figures
    python3 plans/export_transition/data/generate.py --check  # only verifies the committed CSVs are current

Python 3 standard library only. All randomness comes from random.Random with
fixed integer seeds, one stream per table (CPython's Mersenne Twister and
randint/choice are stable across versions); sets are never iterated; money,
percents and hours are integers (cents, tenths) until they are printed, so no
float reaches a file.

The story (README.md tells it): an export team of twelve in three teams, each
led by a regional manager who also sells. E02 sells volume at deep discounts:
on quota, but thin margins, one-off buyers and C accounts; E06 sells value:
high margin and repeat buyers. The Asia-Pacific team lost customers in 2025,
so its customer assets shrink year over year and the team-growth gate holds
its pool; E07 has a confirmed sanctions case in 2026-Q1 (the trade-compliance
veto zeroes the year).

Orders run from 2024-04-01 so that 2025-Q1, the year-ago base of 2026-Q1's
CLV growth, has a full trailing twelve months; surveys and service cases
start on 2025-01-01. Everything ends on 2026-06-30.
"""

import csv
import datetime as dt
import io
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from story_check import check_story  # noqa: E402  (the figures the README quotes)

SEED = 20260201
ORDERS_FROM = dt.date(2024, 4, 1)
ACTIVITY_FROM = dt.date(2025, 1, 1)
DATA_TO = dt.date(2026, 6, 30)
HERE = os.path.dirname(os.path.abspath(__file__))

PRODUCT_LINES = ["instruments", "sensors", "controllers", "software", "services"]
INDUSTRIES = ["machinery", "medical", "energy", "food_processing", "automotive", "electronics", "mining"]
COUNTRIES = {"north_america": ["US", "US", "CA"], "latin_america": ["MX", "BR", "CL"], "dach": ["DE", "DE", "AT", "CH"],
             "middle_east": ["AE", "SA", "QA"], "southeast_asia": ["SG", "VN", "TH", "MY", "ID"]}

# id, role, region, region_stage, team, manager, hired, left_on
PAYEES = [
    ("E01", "regional_manager", "north_america", "mature", "T-AMER", "", "2015-02-02", ""),
    ("E02", "rep", "north_america", "mature", "T-AMER", "E01", "2019-04-15", ""),
    ("E03", "rep", "latin_america", "emerging", "T-AMER", "E01", "2021-09-01", ""),
    ("E04", "rep", "north_america", "mature", "T-AMER", "E01", "2018-01-08", ""),
    ("E05", "regional_manager", "dach", "mature", "T-EMEA", "", "2016-05-02", ""),
    ("E06", "rep", "dach", "mature", "T-EMEA", "E05", "2017-03-13", ""),
    ("E07", "rep", "middle_east", "emerging", "T-EMEA", "E05", "2020-06-22", ""),
    ("E08", "rep", "middle_east", "emerging", "T-EMEA", "E05", "2022-02-14", ""),
    ("E09", "regional_manager", "southeast_asia", "declining", "T-APAC", "", "2016-10-03", ""),
    ("E10", "rep", "southeast_asia", "declining", "T-APAC", "E09", "2019-08-19", ""),
    ("E11", "rep", "southeast_asia", "declining", "T-APAC", "E09", "2020-11-02", ""),
    ("E12", "rep", "southeast_asia", "declining", "T-APAC", "E09", "2023-01-09", ""),
]
TEAMS = [("T-AMER", "americas"), ("T-APAC", "asia_pacific"), ("T-EMEA", "emea")]

# Per-payee book. every: weights (%) of customers ordering every 1, 2, 3 or 4
# quarters (at least once a year never lapses; every 1 or 2 quarters is a
# repeat buyer), plus a 4% chance of an extra order in any quarter; size:
# typical order in USD; margin (before discount) and discount in tenths of a
# percent; nps: (promoter %, detractor %); late: % of service cases answered
# after 24 hours; cac: acquisition cost in USD; wallet: share of the
# customer's category spend won, tenths of a percent; new: customers won per
# quarter; one_off: % of those new customers who never order again; lapse:
# customers whose last order falls in the quarter.
DEFAULT = dict(every=(15, 35, 25, 25), margin=(300, 340), discount=(20, 100), nps=(45, 15), late=8,
               cac=(8000, 20000), wallet=(200, 320), new={}, lapse={}, one_off=0)
PROFILES = {
    "E01": dict(DEFAULT, existing=22, size=(50000, 150000), new={"2025Q2": 1, "2025Q4": 1}),
    # volume: deep discounts, one-off buyers won every quarter
    "E02": dict(DEFAULT, existing=18, every=(5, 15, 30, 50), size=(50000, 140000), margin=(230, 270),
                discount=(180, 300), nps=(25, 35), cac=(5000, 12000), one_off=70,
                new={q: 7 for q in ("2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1",
                                    "2026Q2")}),
    "E03": dict(DEFAULT, existing=16, size=(15000, 55000), new={"2025Q1": 1, "2025Q3": 1, "2026Q1": 1}),
    "E04": dict(DEFAULT, existing=18, size=(40000, 130000), new={"2025Q3": 1}),
    "E05": dict(DEFAULT, existing=18, size=(40000, 120000), new={"2025Q2": 1, "2025Q4": 1}),
    # value: high margin, customers who come back
    "E06": dict(DEFAULT, existing=15, every=(40, 45, 10, 5), size=(45000, 120000), margin=(340, 380),
                discount=(0, 60), nps=(70, 5), new={"2025Q1": 1, "2025Q3": 1}),
    "E07": dict(DEFAULT, existing=14, size=(30000, 90000), new={"2025Q2": 1, "2025Q4": 1}),
    "E08": dict(DEFAULT, existing=14, size=(30000, 90000), new={"2025Q1": 1, "2026Q1": 1}),
    # Asia-Pacific: customers lost in 2025, none won
    "E09": dict(DEFAULT, existing=16, size=(25000, 80000), margin=(260, 300), discount=(40, 120),
                lapse={"2025Q1": 2}),
    "E10": dict(DEFAULT, existing=17, size=(25000, 80000), margin=(260, 300), discount=(40, 120),
                lapse={"2025Q1": 2}),
    "E11": dict(DEFAULT, existing=15, size=(25000, 80000), margin=(260, 300), discount=(40, 120),
                lapse={"2024Q4": 1, "2025Q1": 1}),
    "E12": dict(DEFAULT, existing=14, size=(25000, 80000), margin=(260, 300), discount=(40, 120),
                lapse={"2025Q1": 1}),
}

# Explicit churn notices: (payee, n-th existing customer, date, reason).
CHURN_NOTICES = [
    ("E10", 3, "2025-05-06", "moved_to_local_supplier"),
    ("E11", 5, "2025-06-18", "moved_to_local_supplier"),
    ("E12", 2, "2025-07-09", "insolvency"),
    ("E04", 6, "2025-11-20", "contract_not_renewed"),
    ("E08", 4, "2026-04-27", "moved_to_competitor"),
]

# Trade-compliance cases: id, payee, date, kind, confirmed.
CASES = [
    ("TC1", "E03", "2025-06-20", "export_control", True),        # 2025 only: no effect on 2026
    ("TC2", "E07", "2026-02-10", "sanctions", True),             # one-vote veto, all of 2026
    ("TC3", "E11", "2026-03-02", "end_user_misstatement", False),  # not confirmed: no effect
]


# ---------------------------------------------------------------- calendar --

def quarters():
    out, year, q = [], ORDERS_FROM.year, (ORDERS_FROM.month - 1) // 3 + 1
    while dt.date(year, 3 * q - 2, 1) <= DATA_TO:
        out.append((year, q))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return out


def q_start(year, q):
    return dt.date(year, 3 * q - 2, 1)


def q_end(year, q):
    return (dt.date(year + 1, 1, 1) if q == 4 else dt.date(year, 3 * q + 1, 1)) - dt.timedelta(days=1)


def day_in(rng, first, last):
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


# ---------------------------------------------------------------- formatting --

def money(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def tenths(value, suffix=""):
    return f"{value // 10}.{value % 10}{suffix}"


def between(rng, pair):
    return rng.randint(pair[0], pair[1])


# ---------------------------------------------------------------- generation --

def make_customers(rng):
    """Existing books (acquired 2012..early 2024) and the customers won during the data."""
    customers = []
    for payee, *_ in PAYEES:
        prof = PROFILES[payee]
        for n in range(prof["existing"]):
            acquired = day_in(rng, dt.date(2012, 1, 1), dt.date(2024, 3, 1))
            customers.append(dict(rep=payee, nth=n, acquired=acquired, new=False))
        for qn in sorted(prof["new"]):
            year, q = int(qn[:4]), int(qn[5])
            for _ in range(prof["new"][qn]):
                # early in the quarter, so the first order lands in the same quarter
                acquired = day_in(rng, q_start(year, q), q_start(year, q) + dt.timedelta(days=45))
                customers.append(dict(rep=payee, nth=None, acquired=acquired, new=True))
    customers.sort(key=lambda c: (c["acquired"], c["rep"]))
    region = {p[0]: p[2] for p in PAYEES}
    for i, c in enumerate(customers, start=1):
        prof = PROFILES[c["rep"]]
        c["id"] = f"C{i:03d}"
        roll, c["every"] = rng.randint(1, 100), 4
        for k, weight in enumerate(prof["every"], start=1):
            if roll <= weight:
                c["every"] = k
                break
            roll -= weight
        c["phase"] = rng.randint(0, c["every"] - 1)
        lo, hi = prof["size"]
        k = rng.randint(0, 1000)
        c["size"] = (lo + (hi - lo) * k * k // 1000000) * 100  # skewed to small, in cents; no float
        c["margin"] = between(rng, prof["margin"])
        c["lines"] = [rng.choice(PRODUCT_LINES)]
        if rng.randint(1, 100) <= 25:
            c["lines"].append(rng.choice([p for p in PRODUCT_LINES if p != c["lines"][0]]))
        c["industry"] = rng.choice(INDUSTRIES)
        c["country"] = rng.choice(COUNTRIES[region[c["rep"]]])
        c["cac"] = between(rng, prof["cac"]) * 100
        annual = c["size"] * (40 // c["every"] + 4) // 10
        c["category_spend"] = (annual * 1000 // between(rng, prof["wallet"])) // 100000 * 100000
        c["last_quarter"] = None  # set for customers that lapse
        if c["new"] and rng.randint(1, 100) <= prof["one_off"]:
            c["last_quarter"] = (c["acquired"].year, (c["acquired"].month - 1) // 3 + 1)
        c["stop"] = None  # set for customers with a churn notice
    return customers


def nth_existing(customers, rep, nth):
    return next(c for c in customers if c["rep"] == rep and c["nth"] == nth)


def apply_churn(customers):
    notices = []
    for i, (rep, nth, on, reason) in enumerate(CHURN_NOTICES, start=1):
        c = nth_existing(customers, rep, nth)
        c["stop"] = dt.date.fromisoformat(on)
        notices.append(dict(id=f"N{i:02d}", on=c["stop"], customer=c["id"], reason=reason))
    for rep in sorted(PROFILES):
        taken = 0
        for qn in sorted(PROFILES[rep]["lapse"]):
            for _ in range(PROFILES[rep]["lapse"][qn]):
                # lapsing customers are the last existing ones of the book, after any churn notice
                c = nth_existing(customers, rep, PROFILES[rep]["existing"] - 1 - taken)
                taken += 1
                c["last_quarter"] = (int(qn[:4]), int(qn[5]))
    return notices


def make_orders(rng, customers):
    orders = []
    for c in customers:
        prof = PROFILES[c["rep"]]
        for index, (year, q) in enumerate(quarters()):
            first, last = max(q_start(year, q), c["acquired"]), q_end(year, q)
            if first > last or (c["last_quarter"] and (year, q) > c["last_quarter"]):
                continue
            if c["stop"]:
                last = min(last, c["stop"] - dt.timedelta(days=1))
                if first > last:
                    continue
            n = (1 if (index - c["phase"]) % c["every"] == 0 else 0) + (1 if rng.randint(1, 100) <= 4 else 0)
            if first == c["acquired"]:
                n = max(n, 1)  # a new customer's first order is in its acquisition quarter
            for _ in range(n):
                orders.append(make_order(rng, c, prof, day_in(rng, first, last)))
    orders.sort(key=lambda o: (o["on"], o["customer"]["id"], o["amount"]))
    for i, o in enumerate(orders, start=1):
        o["id"] = f"O{i:05d}"
    return orders


def make_order(rng, c, prof, on):
    discount = between(rng, prof["discount"])
    margin = max(50, c["margin"] - discount * 2 // 5 + rng.randint(-15, 15))
    line = c["lines"][0] if len(c["lines"]) == 1 or rng.randint(1, 100) <= 65 else c["lines"][1]
    amount = c["size"] * rng.randint(70, 130) // 100
    return dict(on=on, customer=c, amount=amount, margin=margin, discount=discount, line=line,
                new_product=rng.randint(1, 100) <= 20, on_time=rng.randint(1, 100) <= 90)


def alive(c, year, q):
    """The customer exists and still buys in the quarter."""
    if c["acquired"] > q_end(year, q):
        return False
    if c["last_quarter"] and (year, q) > c["last_quarter"]:
        return False
    return not (c["stop"] and c["stop"] <= q_start(year, q))


def activity_quarters():
    return [(y, q) for y, q in quarters() if q_start(y, q) >= ACTIVITY_FROM]


def make_surveys(rng, customers):
    surveys = []
    for c in customers:
        promoters, detractors = PROFILES[c["rep"]]["nps"]
        for year, q in activity_quarters():
            if not alive(c, year, q) or rng.randint(1, 100) > 30:
                continue
            roll = rng.randint(1, 100)
            score = rng.randint(9, 10) if roll <= promoters else (
                rng.randint(2, 6) if roll > 100 - detractors else rng.randint(7, 8))
            surveys.append(dict(on=day_in(rng, max(q_start(year, q), c["acquired"]), q_end(year, q)),
                                customer=c["id"], score=score))
    surveys.sort(key=lambda s: (s["on"], s["customer"]))
    for i, s in enumerate(surveys, start=1):
        s["id"] = f"S{i:04d}"
    return surveys


def make_service_cases(rng, customers):
    cases = []
    for c in customers:
        late = PROFILES[c["rep"]]["late"]
        for year, q in activity_quarters():
            if not alive(c, year, q) or rng.randint(1, 100) > 12:
                continue
            roll = rng.randint(1, 100)
            kind, cost = ("request", (50, 400)) if roll <= 60 else (
                ("complaint", (200, 1500)) if roll <= 90 else ("dispute", (500, 4000)))
            hours = rng.randint(250, 720) if rng.randint(1, 100) <= late else rng.randint(5, 230)
            opened = day_in(rng, max(q_start(year, q), c["acquired"]), q_end(year, q))
            resolved = (DATA_TO - opened).days > 30 or rng.randint(1, 100) <= 40
            cases.append(dict(opened=opened, customer=c["id"], kind=kind, cost=between(rng, cost) * 100,
                              hours=hours, resolved=resolved))
    cases.sort(key=lambda s: (s["opened"], s["customer"]))
    for i, s in enumerate(cases, start=1):
        s["id"] = f"SC{i:04d}"
    return cases


# ---------------------------------------------------------------- output --

def tables():
    # One stream per table, so that tuning one table leaves the others as they were.
    def stream(n):
        return random.Random(SEED * 100 + n)
    customers = make_customers(stream(1))
    notices = apply_churn(customers)
    orders = make_orders(stream(2), customers)
    surveys = make_surveys(stream(3), customers)
    cases = make_service_cases(stream(4), customers)
    yes = {True: "true", False: "false"}
    return {
        "reps.csv": (["id", "role", "region", "region_stage", "team", "manager", "hired", "left_on"],
                     [list(p) for p in PAYEES]),
        "teams.csv": (["id", "region"], [list(t) for t in TEAMS]),
        "customers.csv": (["id", "owner", "acquired", "acquisition_cost", "category_spend", "industry", "country"],
                          [[c["id"], c["rep"], c["acquired"].isoformat(), money(c["cac"]),
                            money(c["category_spend"]), c["industry"], c["country"]] for c in customers]),
        "orders.csv": (["id", "on", "customer", "amount", "margin", "discount", "product_line", "new_product",
                        "on_time"],
                       [[o["id"], o["on"].isoformat(), o["customer"]["id"], money(o["amount"]),
                         tenths(o["margin"], "%"), tenths(o["discount"], "%"), o["line"], yes[o["new_product"]],
                         yes[o["on_time"]]] for o in orders]),
        "surveys.csv": (["id", "on", "customer", "score"],
                        [[s["id"], s["on"].isoformat(), s["customer"], str(s["score"])] for s in surveys]),
        "service_cases.csv": (["id", "opened", "customer", "kind", "cost", "first_response_hours", "resolved"],
                              [[s["id"], s["opened"].isoformat(), s["customer"], s["kind"], money(s["cost"]),
                                tenths(s["hours"]), yes[s["resolved"]]] for s in cases]),
        "churn_notices.csv": (["id", "on", "customer", "reason"],
                              [[n["id"], n["on"].isoformat(), n["customer"], n["reason"]] for n in notices]),
        "trade_compliance_cases.csv": (["id", "on", "payee", "kind", "confirmed"],
                                       [[c[0], c[2], c[1], c[3], yes[c[4]]] for c in CASES]),
    }


def render(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def main():
    rendered = {name: render(*table) for name, table in tables().items()}
    check_story(rendered)
    if "--check" in sys.argv[1:]:
        stale = [n for n, text in rendered.items()
                 if not os.path.exists(os.path.join(HERE, n)) or open(os.path.join(HERE, n), encoding="utf-8").read() != text]
        if stale:
            sys.exit("out of date: " + ", ".join(sorted(stale)) + " (run generate.py)")
        print("all CSVs are current")
        return
    for name, text in rendered.items():
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    print(f"wrote {len(rendered)} files to {HERE}")


if __name__ == "__main__":
    main()
