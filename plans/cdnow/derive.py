#!/usr/bin/env python3
"""Derives the CDNOW dataset (plans/cdnow/data/) from the real transactions in source/CDNOW_master.txt.

    python3 plans/cdnow/derive.py          # rewrites data/*.csv, checks them, prints a summary
    python3 plans/cdnow/derive.py --check  # only verifies the committed CSVs are current

Python 3 standard library only; no randomness and no floating point: every
derived field is a documented function of the source line, so anyone can
rebuild the inputs byte for byte.

Source (source/README.md): one header line, then 69,659 fixed-width lines
`customer_id  yyyymmdd  number_of_cds  dollar_value` (CRLF), 23,570 customers,
1997-01-01..1998-06-30. All customers made their first purchase in 1997-Q1.

H(text) below is the first four bytes of SHA-256(text) as a big-endian
unsigned integer: a stable hash that does not depend on Python's per-process
string hashing. `n` is the order's position among the data lines (1..69,659,
that is the line number minus the header), `cid` the customer id as in the
file ("00001"), `cds` the number of CDs.

orders.csv (Order), one row per data line:
  id            "O" + n, five digits ("O00001")
  on            the date, ISO
  customer      "C" + cid ("C00001")
  amount        the dollar value, copied as written (two decimals, USD)
  margin        18.0% + 1.5% x min(cds - 1, 6) + (H("margin:" + cid) mod 61) / 10 %
                (larger orders carry more margin; each customer's mix of
                titles shifts it by 0.0..6.0 points): 18.0%..33.0%
  discount      2.5% x min(cds - 1, 4): a multi-CD discount, 0%..10%
  product_line  "single" (1 CD), "multi" (2-4 CDs), "bulk" (5 or more)
  new_product   H("new:" + n) mod 100 < 30 (about 30% new releases)
  on_time       H("ship:" + n) mod 100 < 95
customers.csv (Customer), one row per customer id:
  owner         "R" + two digits of (int(cid) mod 12) + 1: R01..R12
  acquired      the date of the customer's first purchase
  acquisition_cost  $8.00 + (H("cac:" + cid) mod 1201) cents: $8.00..$20.00
  category_spend    the customer's yearly music spend at all retailers,
                estimated as $30 + 2.5 x their CDNOW spend over the 18 months
                x 12/18 (annualised), rounded down to whole cents
  industry "consumer", country "US"
surveys.csv (Survey): one survey for every order with H("survey:" + n) mod 10
  == 0, dated 14 days after the order (dropped when that is after 1998-06-30):
  id "S" + n; score = clamp(0..10) of 5 + min(k - 1, 4) + (H("score:" + n) mod 5) - 2,
  k being the customer's number of purchases in the whole file (loyal
  customers answer higher, which is the point of NPS).
service_cases.csv (ServiceCase): one case for every order with
  H("case:" + n) mod 40 == 0, opened 3 days after the order (dropped after
  1998-06-30): id "SC" + n; with h = H("case:" + n): kind "request" when
  (h >> 8) mod 10 < 6, "complaint" when < 9, else "dispute"; cost $1.50 +
  ((h >> 12) mod 800) cents; first_response_hours ((h >> 20) mod 480) / 10;
  resolved true.
churn_notices.csv (ChurnNotice): header only. CDNOW has no explicit churn;
  customers churn by lapsing (std.churn: no order for twelve months).
reps.csv (Rep) and teams.csv (Team): twelve payees in two teams, listed in
  REPS below; R01 and R07 are regional managers who also own a book.
"""

import csv
import datetime as dt
import hashlib
import io
import os
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "source", "CDNOW_master.txt")
DATA = os.path.join(HERE, "data")
LAST_DAY = dt.date(1998, 6, 30)

# id, role, region, region_stage, team, manager, hired, left_on
REPS = [
    ("R01", "regional_manager", "us_east", "mature", "T-EAST", "", "1994-03-01", ""),
    ("R02", "rep", "us_east", "mature", "T-EAST", "R01", "1995-06-12", ""),
    ("R03", "rep", "us_east", "mature", "T-EAST", "R01", "1995-09-04", ""),
    ("R04", "rep", "us_east", "mature", "T-EAST", "R01", "1996-01-15", ""),
    ("R05", "rep", "us_east", "mature", "T-EAST", "R01", "1996-05-20", ""),
    ("R06", "rep", "us_east", "mature", "T-EAST", "R01", "1996-10-07", ""),
    ("R07", "regional_manager", "us_west", "emerging", "T-WEST", "", "1995-02-13", ""),
    ("R08", "rep", "us_west", "emerging", "T-WEST", "R07", "1995-11-06", ""),
    ("R09", "rep", "us_west", "emerging", "T-WEST", "R07", "1996-02-26", ""),
    ("R10", "rep", "us_west", "emerging", "T-WEST", "R07", "1996-07-08", ""),
    ("R11", "rep", "us_west", "emerging", "T-WEST", "R07", "1996-09-16", ""),
    ("R12", "rep", "us_west", "emerging", "T-WEST", "R07", "1996-12-02", ""),
]
TEAMS = [("T-EAST", "us_east"), ("T-WEST", "us_west")]


def H(text):
    return int.from_bytes(hashlib.sha256(text.encode("ascii")).digest()[:4], "big")


def money(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def tenths(value, suffix=""):
    return f"{value // 10}.{value % 10}{suffix}"


def cents_of(text):
    whole, frac = text.split(".")
    assert len(frac) == 2, text
    return int(whole) * 100 + int(frac)


def read_source():
    with open(SOURCE, encoding="ascii", newline="") as f:
        lines = f.read().splitlines()  # CRLF as distributed; LF if a checkout converted it
    assert lines[0].split() == ["customer_id", "date", "number_of_cds", "dollar_value"], lines[0]
    purchases = []
    for n, line in enumerate(lines[1:], start=1):
        cid, date, cds, value = line.split()
        assert len(cid) == 5 and cid.isdigit() and int(cds) >= 1, line
        on = dt.date(int(date[:4]), int(date[4:6]), int(date[6:]))
        purchases.append(dict(n=n, cid=cid, on=on, cds=int(cds), value=value))
    return purchases


def derive(purchases):
    counts, spend, first = {}, {}, {}
    for p in purchases:
        counts[p["cid"]] = counts.get(p["cid"], 0) + 1
        spend[p["cid"]] = spend.get(p["cid"], 0) + cents_of(p["value"])
        first[p["cid"]] = min(first.get(p["cid"], p["on"]), p["on"])
    orders, surveys, cases = [], [], []
    for p in purchases:
        n, cid, cds = f"{p['n']:05d}", p["cid"], p["cds"]
        margin = 180 + 15 * min(cds - 1, 6) + H("margin:" + cid) % 61
        line = "single" if cds == 1 else ("multi" if cds <= 4 else "bulk")
        orders.append(["O" + n, p["on"].isoformat(), "C" + cid, p["value"], tenths(margin, "%"),
                       tenths(25 * min(cds - 1, 4), "%"), line,
                       "true" if H("new:" + n) % 100 < 30 else "false",
                       "true" if H("ship:" + n) % 100 < 95 else "false"])
        answered = p["on"] + dt.timedelta(days=14)
        if H("survey:" + n) % 10 == 0 and answered <= LAST_DAY:
            score = max(0, min(10, 5 + min(counts[cid] - 1, 4) + H("score:" + n) % 5 - 2))
            surveys.append(["S" + n, answered.isoformat(), "C" + cid, str(score)])
        h, opened = H("case:" + n), p["on"] + dt.timedelta(days=3)
        if h % 40 == 0 and opened <= LAST_DAY:
            kind = "request" if (h >> 8) % 10 < 6 else ("complaint" if (h >> 8) % 10 < 9 else "dispute")
            cases.append(["SC" + n, opened.isoformat(), "C" + cid, kind, money(150 + (h >> 12) % 800),
                          tenths((h >> 20) % 480), "true"])
    customers = []
    for cid in sorted(counts):
        category = 3000 + spend[cid] * 25 * 12 // (10 * 18)
        customers.append(["C" + cid, f"R{int(cid) % 12 + 1:02d}", first[cid].isoformat(),
                          money(800 + H("cac:" + cid) % 1201), money(category), "consumer", "US"])
    return {
        "reps.csv": (["id", "role", "region", "region_stage", "team", "manager", "hired", "left_on"],
                     [list(r) for r in REPS]),
        "teams.csv": (["id", "region"], [list(t) for t in TEAMS]),
        "customers.csv": (["id", "owner", "acquired", "acquisition_cost", "category_spend", "industry", "country"],
                          customers),
        "orders.csv": (["id", "on", "customer", "amount", "margin", "discount", "product_line", "new_product",
                        "on_time"], orders),
        "surveys.csv": (["id", "on", "customer", "score"], surveys),
        "service_cases.csv": (["id", "opened", "customer", "kind", "cost", "first_response_hours", "resolved"],
                              cases),
        "churn_notices.csv": (["id", "on", "customer", "reason"], []),
    }


def render(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def check(tables, purchases):
    """The invariants the loader will check, and the ones the derivation promises."""
    keys = {name: [r[0] for r in rows] for name, (_h, rows) in tables.items()}
    for name, values in keys.items():
        assert len(values) == len(set(values)), f"{name}: duplicate key"
    reps, teams, customers = set(keys["reps.csv"]), set(keys["teams.csv"]), set(keys["customers.csv"])
    assert all(r[4] in teams and (r[5] == "" or r[5] in reps) for r in tables["reps.csv"][1])
    assert all(c[1] in reps for c in tables["customers.csv"][1])
    for name in ("orders.csv", "surveys.csv", "service_cases.csv"):
        assert all(r[2] in customers for r in tables[name][1]), name
        assert all("1997-01-01" <= r[1] <= LAST_DAY.isoformat() for r in tables[name][1]), name
    orders = tables["orders.csv"][1]
    assert len(orders) == len(purchases) == 69659 and len(customers) == 23570
    total = sum(cents_of(o[3]) for o in orders)
    assert total == sum(cents_of(p["value"]) for p in purchases)
    assert all(18 <= Decimal(o[4][:-1]) <= 33 for o in orders)
    assert all(0 <= int(s[3]) <= 10 for s in tables["surveys.csv"][1])
    return total


def summary(tables, total):
    by_quarter = {}
    for o in tables["orders.csv"][1]:
        q = f"{o[1][:4]}-Q{(int(o[1][5:7]) - 1) // 3 + 1}"
        by_quarter[q] = by_quarter.get(q, 0) + cents_of(o[3])
    print(f"orders {len(tables['orders.csv'][1])}, customers {len(tables['customers.csv'][1])}, "
          f"surveys {len(tables['surveys.csv'][1])}, service cases {len(tables['service_cases.csv'][1])}, "
          f"revenue {money(total)} USD")
    print("revenue by quarter: " + ", ".join(f"{q} {money(c)}" for q, c in sorted(by_quarter.items())))


def main():
    purchases = read_source()
    tables = derive(purchases)
    total = check(tables, purchases)
    rendered = {name: render(*table) for name, table in tables.items()}
    if "--check" in sys.argv[1:]:
        stale = [n for n, text in sorted(rendered.items()) if not os.path.exists(os.path.join(DATA, n))
                 or open(os.path.join(DATA, n), encoding="utf-8").read() != text]
        if stale:
            sys.exit("out of date: " + ", ".join(stale) + " (run derive.py)")
        print("all CSVs are current")
        return
    os.makedirs(DATA, exist_ok=True)
    for name, text in rendered.items():
        with open(os.path.join(DATA, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    summary(tables, total)


if __name__ == "__main__":
    main()
