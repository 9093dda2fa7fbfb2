"""Self-check of the export_transition sample data, run by generate.py before it writes anything.

Two parts:
  - integrity: every file has the plan's columns, keys are unique, every
    reference resolves, every cell is written the way the plan's field type
    needs (docs/data.md): ISO dates, money with two decimals, percents with a
    `%`, integers, bools as true/false;
  - the story: the figures README.md tells (quota attainment, margin,
    repurchase, CLV grades, team CLV growth, the veto) recomputed from the rows
    with exact decimals, so a change to the generator that breaks the story
    fails here.
The measures follow the plan's definitions (std.crm, std.clv, std.churn,
std.repurchase and the plan's own) for the settlement period 2026-Q1; this is
a sanity check of the data, not the settlement oracle.
"""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

# table file -> (key, {field: type}); a type is a scalar type name, "?"-suffixed
# when optional, or "->Table file" for a reference. Mirrors stdlib/crm.plan and
# the records of plans/export_transition/plan.plan.
SCHEMA = {
    "reps.csv": ("id", {"id": "text", "role": "text", "region": "text", "region_stage": "text",
                        "team": "->teams.csv?", "manager": "->reps.csv?", "hired": "date", "left_on": "date?"}),
    "teams.csv": ("id", {"id": "text", "region": "text"}),
    "customers.csv": ("id", {"id": "text", "owner": "->reps.csv", "acquired": "date", "acquisition_cost": "money",
                             "category_spend": "money", "industry": "text", "country": "text"}),
    "orders.csv": ("id", {"id": "text", "on": "date", "customer": "->customers.csv", "amount": "money",
                          "margin": "percent", "discount": "percent", "product_line": "text",
                          "new_product": "bool", "on_time": "bool"}),
    "surveys.csv": ("id", {"id": "text", "on": "date", "customer": "->customers.csv", "score": "integer"}),
    "service_cases.csv": ("id", {"id": "text", "opened": "date", "customer": "->customers.csv", "kind": "text",
                                 "cost": "money", "first_response_hours": "number", "resolved": "bool"}),
    "churn_notices.csv": ("id", {"id": "text", "on": "date", "customer": "->customers.csv", "reason": "text"}),
    "trade_compliance_cases.csv": ("id", {"id": "text", "on": "date", "payee": "->reps.csv", "kind": "text",
                                          "confirmed": "bool"}),
}

PATTERNS = {
    "text": re.compile(r"[a-z0-9_\-A-Z]+"),
    "integer": re.compile(r"-?[0-9]+"),
    "number": re.compile(r"[0-9]+\.[0-9]"),
    "money": re.compile(r"[0-9]+\.[0-9]{2}"),
    "percent": re.compile(r"[0-9]{1,2}\.[0-9]%"),
    "bool": re.compile(r"true|false"),
    "date": re.compile(r"20[12][0-9]-[01][0-9]-[0-3][0-9]"),
}


def parse(rendered):
    return {name: list(csv.DictReader(io.StringIO(text))) for name, text in rendered.items()}


def check_integrity(rendered, schema, last_day):
    rows = parse(rendered)
    assert sorted(rows) == sorted(schema), f"files {sorted(rows)} != schema {sorted(schema)}"
    keys = {}
    for name, (key, fields) in schema.items():
        header = next(csv.reader(io.StringIO(rendered[name])))
        assert header == list(fields), f"{name}: header {header} != {list(fields)}"
        values = [r[key] for r in rows[name]]
        assert len(values) == len(set(values)), f"{name}: duplicate keys"
        keys[name] = set(values)
    for name, (_key, fields) in schema.items():
        for line, row in enumerate(rows[name], start=2):
            for field, kind in fields.items():
                optional, kind = kind.endswith("?"), kind.rstrip("?")
                cell = row[field]
                where = f"{name}:{line}:{field}: {cell!r}"
                if cell == "":
                    assert optional, where + " is empty in a required field"
                elif kind.startswith("->"):
                    assert cell in keys[kind[2:]], where + f" is not a key of {kind[2:]}"
                else:
                    assert PATTERNS[kind].fullmatch(cell), where + f" is not a {kind}"
                    if kind == "date":
                        assert dt.date.fromisoformat(cell) <= last_day, where + " is after the data ends"
    return rows


# ---------------------------------------------------------------- the story --

Q_FIRST, Q_LAST = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
QUOTA = {"north_america": 900000, "dach": 700000, "southeast_asia": 500000, "middle_east": 400000}


def within(row, field, first, last):
    return first <= dt.date.fromisoformat(row[field]) <= last


def year_before(first, last):
    return first.replace(year=first.year - 1), last.replace(year=last.year - 1)


def clv_by_customer(orders, last):
    """std.clv: aov_12m x orders_12m x 5 x margin_12m over the twelve months ending `last`."""
    first = last.replace(year=last.year - 1) + dt.timedelta(days=1)
    window = {}
    for o in orders:
        if within(o, "on", first, last):
            window.setdefault(o["customer"], []).append(o)
    clv = {}
    for cid, os_ in window.items():
        revenue = sum((Decimal(o["amount"]) for o in os_), Decimal(0))
        margin = sum((Decimal(o["margin"][:-1]) / 100 for o in os_), Decimal(0)) / len(os_)
        clv[cid] = revenue * 5 * margin
    return clv, window


def rep_figures(rows, rep, region, clv_now, clv_then, window):
    book = {c["id"]: c for c in rows["customers.csv"] if c["owner"] == rep}
    period = [o for o in rows["orders.csv"] if o["customer"] in book and within(o, "on", Q_FIRST, Q_LAST)]
    revenue = sum((Decimal(o["amount"]) for o in period), Decimal(0))
    margin = sum((Decimal(o["margin"][:-1]) for o in period), Decimal(0)) / len(period)
    known = [cid for cid, c in book.items() if c["acquired"] <= Q_LAST.isoformat()]
    notified = {n["customer"] for n in rows["churn_notices.csv"] if n["on"] <= Q_LAST.isoformat()}
    active = [cid for cid in known if cid in window and cid not in notified]
    repeat = [cid for cid in known if len(window.get(cid, [])) >= 2]
    grade = {cid: "A" if clv_now.get(cid, 0) >= 250000 else "B" if clv_now.get(cid, 0) >= 50000 else "C"
             for cid in known}
    now = sum((clv_now.get(cid, Decimal(0)) for cid in book), Decimal(0))
    then = sum((clv_then.get(cid, Decimal(0)) for cid in book), Decimal(0))
    return dict(revenue=revenue, attainment=revenue / QUOTA.get(region, 400000), margin=margin,
                repurchase=Decimal(len(repeat)) / sum(1 for cid in known if cid in window),
                retention=Decimal(len(active)) / len(known),
                a_share=Decimal(sum(g == "A" for g in grade.values())) / len(known),
                c_share=Decimal(sum(g == "C" for g in grade.values())) / len(known),
                clv_now=now, clv_then=then, growth=(now - then) / then)


def check_story(rendered):
    rows = check_integrity(rendered, SCHEMA, dt.date(2026, 6, 30))
    clv_now, window = clv_by_customer(rows["orders.csv"], Q_LAST)
    clv_then, _ = clv_by_customer(rows["orders.csv"], year_before(Q_FIRST, Q_LAST)[1])
    payees = {r["id"]: r for r in rows["reps.csv"]}
    fig = {p: rep_figures(rows, p, payees[p]["region"], clv_now, clv_then, window) for p in sorted(payees)}
    print("2026-Q1  revenue       attain  margin  repurchase  retention  A-share  C-share  CLV growth")
    for p, f in fig.items():
        print(f"{p}  {f['revenue']:>12}  {f['attainment']:.3f}   {f['margin']:>5.2f}%  {f['repurchase']:.3f}       "
              f"{f['retention']:.3f}      {f['a_share']:.3f}    {f['c_share']:.3f}    {f['growth']:+.3f}")
    teams = {}
    for p, f in fig.items():
        t = teams.setdefault(payees[p]["team"], [Decimal(0), Decimal(0)])
        t[0] += f["clv_now"]
        t[1] += f["clv_then"]
    for team, (now, then) in sorted(teams.items()):
        print(f"{team}  CLV {now:.2f}, a year earlier {then:.2f}: {(now - then) / then:+.3f}")
    # the team-growth gate: Asia-Pacific shrinks, the other two grow
    assert teams["T-APAC"][0] < teams["T-APAC"][1]
    assert teams["T-AMER"][0] > teams["T-AMER"][1] and teams["T-EMEA"][0] > teams["T-EMEA"][1]
    # E02 sells volume: on quota, below the margin base (22%), the worst repurchase and the most C accounts
    assert fig["E02"]["attainment"] >= 1 and fig["E02"]["margin"] < 22
    assert min(fig, key=lambda p: fig[p]["repurchase"]) == "E02"
    assert max(fig, key=lambda p: fig[p]["c_share"]) == "E02"
    # E06 sells value: margin and repurchase above their ideal tiers (30%, 0.60)
    assert fig["E06"]["margin"] >= 30 and fig["E06"]["repurchase"] >= Decimal("0.60")
    # the veto: one confirmed case in 2026, E07's
    confirmed = sorted((c["payee"], c["on"][:4]) for c in rows["trade_compliance_cases.csv"] if c["confirmed"] == "true")
    assert [c for c in confirmed if c[1] == "2026"] == [("E07", "2026")], confirmed
    notice = {n["customer"]: n["on"] for n in rows["churn_notices.csv"]}
    assert all(o["on"] < notice[o["customer"]] for o in rows["orders.csv"] if o["customer"] in notice)
