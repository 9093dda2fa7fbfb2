#!/usr/bin/env python3
"""Sample dataset for plans/long_term_value/plan.plan ("Long-term Customer Value", CNY).

Rewrites every CSV in this folder, byte for byte the same on every run:

    python3 plans/long_term_value/data/generate.py          # writes the CSVs, prints the story figures
    python3 plans/long_term_value/data/generate.py --check  # only verifies the committed CSVs are current

Python 3 standard library only. All randomness comes from random.Random with
fixed integer seeds, one stream per table (CPython's Mersenne Twister and
randint/choice are stable across versions); sets are never iterated; money,
percents and hours are integers (cents, tenths) until they are printed, so no
float reaches a file.

The story (README.md tells it): a director, two regional managers and nine reps
in east and west China. R01 keeps customers buying again; R02 depends on one
big account (over the 30% concentration cap in 2026-Q1); R04 is vetoed for a
confirmed bribery case; R05's gift-policy breach would cut 30% of a Q1 bonus the
minimum-score gate already holds;
R06 wins new customers cheaply while R07 buys them (CLV : CAC below 3, so the
acquisition gate holds R07's new-customer bonus); R09 sits in the 25-30%
concentration warning band and leaves on 2026-06-30; steel and real-estate
customers churn under the 2026-Q2 policy shock.

Orders run from 2024-04-01 so that 2025-Q1, the year-ago base of 2026-Q1's
CLV growth, has a full trailing twelve months; visits, surveys, service cases
and certifications start on 2025-01-01. Everything ends on 2026-06-30.
"""

import csv
import datetime as dt
import io
import os
import random
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from story_check import check_story  # noqa: E402  (the figures the README quotes)

SEED = 20260101
ORDERS_FROM = dt.date(2024, 4, 1)
ACTIVITY_FROM = dt.date(2025, 1, 1)
DATA_TO = dt.date(2026, 6, 30)
HERE = os.path.dirname(os.path.abspath(__file__))

PRODUCT_LINES = ["instruments", "sensors", "controllers", "software", "services"]
INDUSTRIES = ["machinery", "electronics", "semiconductor", "medical", "automotive", "energy", "chemicals"]
COURSES = ["product_instruments", "product_sensors", "value_selling", "key_account_planning", "compliance_basics"]

# id, role, region, region_stage, team, manager, hired, left_on
PAYEES = [
    ("D01", "director", "china", "mature", "", "", "2015-03-02", ""),
    ("M01", "regional_manager", "east_china", "mature", "T-EAST", "D01", "2017-06-01", ""),
    ("M02", "regional_manager", "west_china", "emerging", "T-WEST", "D01", "2019-09-16", ""),
    ("R01", "rep", "east_china", "mature", "T-EAST", "M01", "2018-04-09", ""),
    ("R02", "rep", "east_china", "mature", "T-EAST", "M01", "2016-11-21", ""),
    ("R03", "rep", "northeast_china", "declining", "T-EAST", "M01", "2014-08-04", ""),
    ("R04", "rep", "east_china", "mature", "T-EAST", "M01", "2020-02-17", ""),
    ("R05", "rep", "northeast_china", "declining", "T-EAST", "M01", "2019-05-06", ""),
    ("R06", "rep", "west_china", "emerging", "T-WEST", "M02", "2021-03-01", ""),
    ("R07", "rep", "west_china", "emerging", "T-WEST", "M02", "2022-10-10", ""),
    ("R08", "rep", "west_china", "emerging", "T-WEST", "M02", "2025-07-01", ""),
    ("R09", "rep", "west_china", "mature", "T-WEST", "M02", "2017-01-09", "2026-06-30"),
]
TEAMS = [("T-EAST", "east_china"), ("T-WEST", "west_china")]

# Per-rep behaviour. every: weights (%) of customers ordering every 1, 2, 3 or
# 4 quarters (a customer who buys at least once a year never lapses; one who
# buys every 1 or 2 quarters is a repeat buyer), plus a 4% chance of an extra
# order in any quarter; size: typical order in CNY; margin and discount in tenths of a
# percent; cross: share of customers buying a second product line; newp: share
# of orders on new products; nps: (promoter %, detractor %); quality: visit
# rating range; late: % of service cases first answered after 24 hours; certs:
# certifications per plan year; cac: acquisition cost range in CNY; wallet:
# share of the customer's category spend won, in tenths of a percent; new:
# customers won per quarter ("2026Q1": 5); lapse: customers that stop buying
# (quarter of their last order).
PROFILES = {
    "R01": dict(existing=24, every=(45, 45, 10, 0), size=(25000, 60000), margin=(300, 360), discount=(0, 60),
                cross=50, newp=20, nps=(75, 5), quality=(4, 5), late=3, certs={2025: 3, 2026: 2},
                cac=(12000, 30000), wallet=(330, 430), new={"2025Q2": 1, "2025Q4": 1, "2026Q1": 1}, lapse={}),
    "R02": dict(existing=22, every=(10, 35, 25, 30), size=(25000, 70000), margin=(250, 310), discount=(20, 120),
                cross=30, newp=18, nps=(50, 15), quality=(3, 5), late=8, certs={2025: 2, 2026: 1},
                cac=(15000, 35000), wallet=(220, 320), new={"2025Q3": 1, "2026Q1": 1}, lapse={"2025Q1": 1}),
    "R03": dict(existing=26, every=(10, 35, 25, 30), size=(15000, 40000), margin=(220, 280), discount=(40, 150),
                cross=15, newp=32, nps=(40, 20), quality=(3, 4), late=22, certs={2025: 2, 2026: 1},
                cac=(6000, 14000), wallet=(180, 280), new={"2025Q2": 1}, lapse={"2024Q4": 1}),
    "R04": dict(existing=24, every=(5, 35, 25, 35), size=(22000, 60000), margin=(260, 320), discount=(20, 100),
                cross=20, newp=20, nps=(45, 15), quality=(3, 5), late=6, certs={2025: 2, 2026: 1},
                cac=(8000, 20000), wallet=(200, 300), new={"2025Q1": 1, "2026Q1": 1},
                lapse={"2024Q4": 2, "2025Q1": 1}),
    "R05": dict(existing=26, every=(5, 35, 30, 30), size=(14000, 38000), margin=(210, 270), discount=(60, 180),
                cross=15, newp=9, nps=(35, 25), quality=(2, 4), late=12, certs={2025: 1, 2026: 0},
                cac=(5000, 10000), wallet=(150, 250), new={}, lapse={"2025Q1": 2}),
    "R06": dict(existing=16, every=(15, 35, 25, 25), size=(18000, 50000), margin=(270, 330), discount=(20, 90),
                cross=25, newp=22, nps=(60, 10), quality=(4, 5), late=5, certs={2025: 2, 2026: 2},
                cac=(5000, 12000), wallet=(200, 320),
                new={"2024Q3": 1, "2024Q4": 1, "2025Q1": 2, "2025Q2": 1, "2025Q3": 2, "2025Q4": 1,
                     "2026Q1": 5, "2026Q2": 2}, lapse={}),
    "R07": dict(existing=18, every=(0, 10, 30, 60), size=(15000, 40000), margin=(230, 290), discount=(50, 150),
                cross=15, newp=20, nps=(35, 25), quality=(3, 4), late=10, certs={2025: 1, 2026: 1},
                cac=(90000, 160000), wallet=(150, 250),
                new={"2024Q4": 1, "2025Q2": 2, "2025Q3": 1, "2025Q4": 2, "2026Q1": 4, "2026Q2": 1}, lapse={}),
    "R08": dict(existing=20, every=(10, 35, 25, 30), size=(18000, 48000), margin=(250, 310), discount=(20, 100),
                cross=20, newp=20, nps=(50, 15), quality=(3, 4), late=9, certs={2025: 2, 2026: 2},
                cac=(8000, 18000), wallet=(200, 300), new={"2025Q4": 1, "2026Q1": 2}, lapse={}),
    "R09": dict(existing=22, every=(15, 35, 25, 25), size=(22000, 60000), margin=(270, 330), discount=(10, 80),
                cross=35, newp=20, nps=(55, 10), quality=(3, 5), late=6, certs={2025: 2, 2026: 1},
                cac=(12000, 30000), wallet=(250, 350), new={"2025Q1": 1}, lapse={}),
}

# A customer's 2026-Q1 orders are set so that it carries this share of the
# rep's Q1 revenue: over the 30% cap (R02) and inside the 25-30% warning band (R09).
KEY_ACCOUNT_SHARE = {"R02": Decimal("0.42"), "R09": Decimal("0.27")}

# Explicit churn notices: (rep, n-th existing customer, date, reason, industry forced on the customer).
# The two Q2 2026 notices in steel and real estate fall under the industry policy shock.
CHURN_NOTICES = [
    ("R09", 5, "2025-10-14", "moved_to_competitor", None),
    ("R04", 7, "2026-01-28", "insolvency", None),
    ("R05", 3, "2026-04-22", "policy_shock", "steel"),
    ("R03", 4, "2026-05-12", "policy_shock", "real_estate"),
    ("R03", 9, "2026-06-03", "contract_not_renewed", None),
]

# Compliance cases recorded by Legal: id, payee, date, kind, confirmed.
INCIDENTS = [
    ("I001", "R09", "2025-08-12", "gift_policy", True),    # 2025-Q3 only: no effect on 2026
    ("I002", "R08", "2026-01-20", "data_misuse", False),   # not confirmed: no effect
    ("I003", "R04", "2026-02-17", "bribery", True),        # one-vote veto, all of 2026
    ("I004", "R05", "2026-03-05", "gift_policy", True),    # 30% cut, after the score gate
    ("I005", "R02", "2026-05-08", "gift_policy", False),   # not confirmed: no effect
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
    """Existing books (acquired 2016..early 2024) and the customers won during the data."""
    customers = []
    for rep, _role, *_ in PAYEES:
        prof = PROFILES.get(rep)
        if prof is None:
            continue  # managers and the director own no customers
        for n in range(prof["existing"]):
            acquired = day_in(rng, dt.date(2016, 1, 1), dt.date(2024, 3, 1))
            customers.append(dict(rep=rep, nth=n, acquired=acquired, new=False))
        for qn in sorted(prof["new"]):
            year, q = int(qn[:4]), int(qn[5])
            for _ in range(prof["new"][qn]):
                # early in the quarter, so the first order lands in the same quarter
                acquired = day_in(rng, q_start(year, q), q_start(year, q) + dt.timedelta(days=45))
                customers.append(dict(rep=rep, nth=None, acquired=acquired, new=True))
    customers.sort(key=lambda c: (c["acquired"], c["rep"]))
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
        if rng.randint(1, 100) <= prof["cross"]:
            c["lines"].append(rng.choice([p for p in PRODUCT_LINES if p != c["lines"][0]]))
        c["industry"] = rng.choice(INDUSTRIES)
        c["country"] = "CN" if rng.randint(1, 100) <= 88 else rng.choice(["VN", "TH", "KR"])
        c["cac"] = between(rng, prof["cac"]) * 100
        if c["rep"] == "R07" and c["new"] and c["acquired"] >= dt.date(2026, 1, 1):
            c["cac"] = rng.randint(4000, 7000) * 100  # cheap wins, but the book as a whole is not healthy
        annual = c["size"] * (40 // c["every"] + 4) // 10
        c["category_spend"] = (annual * 1000 // between(rng, prof["wallet"])) // 10000 * 10000
        c["last_quarter"] = None  # set for customers that lapse
        c["stop"] = None  # set for customers with a churn notice
    return customers


def nth_existing(customers, rep, nth):
    return next(c for c in customers if c["rep"] == rep and c["nth"] == nth)


def apply_churn(customers):
    notices = []
    for i, (rep, nth, on, reason, industry) in enumerate(CHURN_NOTICES, start=1):
        c = nth_existing(customers, rep, nth)
        c["stop"] = dt.date.fromisoformat(on)
        if industry:
            c["industry"] = industry
        notices.append(dict(id=f"N{i:02d}", on=c["stop"], customer=c["id"], reason=reason))
    for rep in sorted(PROFILES):
        taken = 0
        for qn in sorted(PROFILES[rep]["lapse"]):
            for _ in range(PROFILES[rep]["lapse"][qn]):
                # lapsing customers are the last existing ones of the book, after any churn notice
                c = nth_existing(customers, rep, PROFILES[rep]["existing"] - 1 - taken)
                taken += 1
                c["last_quarter"] = (int(qn[:4]), int(qn[5]))
    # The policy shock also hits a steel customer who keeps buying (it is not churn).
    nth_existing(customers, "R05", 11)["industry"] = "steel"
    return notices


def make_orders(rng, customers):
    orders = []
    key_accounts = {rep: nth_existing(customers, rep, 0) for rep in KEY_ACCOUNT_SHARE}
    for c in customers:
        prof = PROFILES[c["rep"]]
        if any(c is k for k in key_accounts.values()):
            c["size"] = 180000 * 100 if c["rep"] == "R02" else 90000 * 100
            c["every"], c["phase"] = 1, 0
            c["category_spend"] = c["size"] * 2 * 4 * 10 // 4 // 1000000 * 1000000  # we win about 40% of it
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
            if any(c is k for k in key_accounts.values()):
                n += 1
            for _ in range(n):
                orders.append(make_order(rng, c, prof, day_in(rng, first, last), None))
    for rep, c in key_accounts.items():
        set_key_account_q1(rng, orders, c, rep, KEY_ACCOUNT_SHARE[rep])
    orders.sort(key=lambda o: (o["on"], o["customer"]["id"], o["amount"]))
    for i, o in enumerate(orders, start=1):
        o["id"] = f"O{i:05d}"
    return orders


def make_order(rng, c, prof, on, amount):
    discount = between(rng, prof["discount"])
    margin = max(80, c["margin"] - discount * 2 // 5 + rng.randint(-15, 15))
    line = c["lines"][0] if len(c["lines"]) == 1 or rng.randint(1, 100) <= 65 else c["lines"][1]
    if amount is None:
        amount = c["size"] * rng.randint(70, 130) // 100
    return dict(on=on, customer=c, amount=amount, margin=margin, discount=discount, line=line,
                new_product=rng.randint(1, 100) <= prof["newp"], on_time=rng.randint(1, 100) <= 93)


def set_key_account_q1(rng, orders, account, rep, share):
    """Replaces the account's 2026-Q1 orders by two whose total is `share` of the rep's Q1 revenue."""
    first, last = q_start(2026, 1), q_end(2026, 1)
    orders[:] = [o for o in orders if not (o["customer"] is account and first <= o["on"] <= last)]
    rest = sum(o["amount"] for o in orders if o["customer"]["rep"] == rep and first <= o["on"] <= last)
    total = int(Decimal(rest) * share / (1 - share)) // 100 * 100 + 50  # whole yuan and 50 fen
    big = total * 3 // 5 // 100 * 100
    prof = PROFILES[rep]
    orders.append(make_order(rng, account, prof, dt.date(2026, 1, 19), big))
    orders.append(make_order(rng, account, prof, dt.date(2026, 3, 9), total - big))


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
            if not alive(c, year, q) or rng.randint(1, 100) > 45:
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
            if not alive(c, year, q) or rng.randint(1, 100) > 20:
                continue
            roll = rng.randint(1, 100)
            kind, cost = ("request", (200, 1500)) if roll <= 60 else (
                ("complaint", (800, 6000)) if roll <= 90 else ("dispute", (2000, 15000)))
            hours = rng.randint(250, 720) if rng.randint(1, 100) <= late else rng.randint(5, 230)
            opened = day_in(rng, max(q_start(year, q), c["acquired"]), q_end(year, q))
            resolved = (DATA_TO - opened).days > 30 or rng.randint(1, 100) <= 40
            cases.append(dict(opened=opened, customer=c["id"], kind=kind, cost=between(rng, cost) * 100,
                              hours=hours, resolved=resolved))
    cases.sort(key=lambda s: (s["opened"], s["customer"]))
    for i, s in enumerate(cases, start=1):
        s["id"] = f"SC{i:04d}"
    return cases


def make_visits(rng, customers):
    """Reps visit their largest accounts most quarters, and a few others."""
    visits = []
    for rep in sorted(PROFILES):
        lo, hi = PROFILES[rep]["quality"]
        book = [c for c in customers if c["rep"] == rep]
        by_size = sorted(book, key=lambda c: (-c["size"] * 4 // c["every"], c["id"]))
        for year, q in activity_quarters():
            live = [c for c in by_size if alive(c, year, q)]
            chosen = [c for c in live[:6] if rng.randint(1, 100) <= 85]
            others = live[6:]
            for _ in range(rng.randint(3, 7)):
                if others:
                    chosen.append(others.pop(rng.randint(0, len(others) - 1)))
            for c in chosen:
                visits.append(dict(on=day_in(rng, max(q_start(year, q), c["acquired"]), q_end(year, q)),
                                   rep=rep, customer=c["id"], quality=rng.randint(lo, hi)))
    visits.sort(key=lambda v: (v["on"], v["rep"], v["customer"]))
    for i, v in enumerate(visits, start=1):
        v["id"] = f"V{i:04d}"
    return visits


def make_certifications(rng):
    certs = []
    plan = {p[0]: ({2025: 2, 2026: 1} if p[1] != "rep" else PROFILES[p[0]]["certs"]) for p in PAYEES}
    for payee in sorted(plan):
        for year in (2025, 2026):
            last = dt.date(year, 12, 31) if year == 2025 else dt.date(2026, 3, 31)  # 2026: passed in Q1
            pool = list(COURSES)
            for course in sorted(pool.pop(rng.randint(0, len(pool) - 1)) for _ in range(plan[payee][year])):
                certs.append(dict(on=day_in(rng, dt.date(year, 1, 10), last), payee=payee, course=course))
    certs.sort(key=lambda c: (c["on"], c["payee"], c["course"]))
    for i, c in enumerate(certs, start=1):
        c["id"] = f"CE{i:03d}"
    return certs


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
    visits = make_visits(stream(5), customers)
    certs = make_certifications(stream(6))
    yes = {True: "true", False: "false"}
    out = {
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
        "visits.csv": (["id", "on", "rep", "customer", "quality"],
                       [[v["id"], v["on"].isoformat(), v["rep"], v["customer"], str(v["quality"])] for v in visits]),
        "certifications.csv": (["id", "on", "payee", "course"],
                               [[c["id"], c["on"].isoformat(), c["payee"], c["course"]] for c in certs]),
        "compliance_incidents.csv": (["id", "on", "payee", "kind", "confirmed"],
                                     [[i[0], i[2], i[1], i[3], yes[i[4]]] for i in INCIDENTS]),
    }
    return out


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
