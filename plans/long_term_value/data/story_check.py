"""Self-check of the long_term_value sample data, run by generate.py before it writes anything.

Two parts:
  - integrity: every file has the plan's columns, keys are unique, every
    reference resolves, every cell is written the way the plan's field type
    needs (docs/data.md): ISO dates, money with two decimals, percents with a
    `%`, integers, bools as true/false;
  - the story: the figures README.md tells (concentration, repurchase, NPS,
    CLV : CAC, new customers, vetoes) recomputed from the rows with exact
    decimals, so a change to the generator that breaks the story fails here.
The measures follow the plan's definitions (std.crm, std.clv, std.repurchase,
std.nps, std.clv_cac) for the settlement period 2026-Q1; this is a sanity
check of the data, not the settlement oracle.
"""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

# table file -> (key, {field: type}); a type is a scalar type name, "?"-suffixed
# when optional, or "->Table file" for a reference. Mirrors stdlib/crm.plan and
# the records of plans/long_term_value/plan.plan.
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
    "visits.csv": ("id", {"id": "text", "on": "date", "rep": "->reps.csv", "customer": "->customers.csv",
                          "quality": "integer"}),
    "certifications.csv": ("id", {"id": "text", "on": "date", "payee": "->reps.csv", "course": "text"}),
    "compliance_incidents.csv": ("id", {"id": "text", "on": "date", "payee": "->reps.csv", "kind": "text",
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
Y_FIRST = dt.date(2025, 4, 1)  # last 12 months of 2026-Q1


def within(row, field, first, last):
    return first <= dt.date.fromisoformat(row[field]) <= last


def rep_figures(rows, rep):
    """The 2026-Q1 measures the story relies on, for one rep."""
    book = {c["id"]: c for c in rows["customers.csv"] if c["owner"] == rep}
    orders = [o for o in rows["orders.csv"] if o["customer"] in book]
    q_rev, y_orders = {}, {}
    for o in orders:
        if within(o, "on", Q_FIRST, Q_LAST):
            q_rev[o["customer"]] = q_rev.get(o["customer"], Decimal(0)) + Decimal(o["amount"])
        if within(o, "on", Y_FIRST, Q_LAST):
            y_orders.setdefault(o["customer"], []).append(o)
    total = sum(q_rev.values(), Decimal(0))
    clv = {}
    for cid, os_ in y_orders.items():
        revenue = sum((Decimal(o["amount"]) for o in os_), Decimal(0))
        margin = sum((Decimal(o["margin"][:-1]) / 100 for o in os_), Decimal(0)) / len(os_)
        clv[cid] = revenue * 5 * margin  # aov_12m x orders_12m x 5 x margin_12m
    clv_year_ago = Decimal(0)  # the same measure for 2025-Q1, the base of clv_growth
    year_ago = [o for o in orders if within(o, "on", Y_FIRST.replace(year=2024), Q_LAST.replace(year=2025))]
    for cid in sorted({o["customer"] for o in year_ago}):
        os_ = [o for o in year_ago if o["customer"] == cid]
        margin = sum((Decimal(o["margin"][:-1]) / 100 for o in os_), Decimal(0)) / len(os_)
        clv_year_ago += sum((Decimal(o["amount"]) for o in os_), Decimal(0)) * 5 * margin
    cac = sum((Decimal(c["acquisition_cost"]) for c in book.values()), Decimal(0))
    active = sum(1 for cid in book if cid in y_orders)
    repeat = sum(1 for cid in book if len(y_orders.get(cid, [])) >= 2)
    scores = [int(s["score"]) for s in rows["surveys.csv"]
              if s["customer"] in book and within(s, "on", Y_FIRST, Q_LAST)]
    nps = Decimal(100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores))) / len(scores)
    notified = {n["customer"] for n in rows["churn_notices.csv"] if n["on"] <= Q_LAST.isoformat()}
    retention = Decimal(sum(1 for cid in book if cid in y_orders and cid not in notified)) / len(book)
    first_order = {}
    for o in orders:
        first_order[o["customer"]] = min(first_order.get(o["customer"], o["on"]), o["on"])
    new = sorted(cid for cid, d in first_order.items() if Q_FIRST.isoformat() <= d <= Q_LAST.isoformat())
    healthy_new = sum(1 for cid in new if clv[cid] >= 3 * Decimal(book[cid]["acquisition_cost"]))
    return dict(revenue=total, top_share=max(q_rev.values()) / total, repurchase=Decimal(repeat) / active,
                nps=nps, retention=retention, clv_cac=sum(clv.values(), Decimal(0)) / cac,
                clv_growth=sum(clv.values(), Decimal(0)) / clv_year_ago - 1, new=len(new), healthy_new=healthy_new, customers=len(book))


def check_story(rendered):
    rows = check_integrity(rendered, SCHEMA, dt.date(2026, 6, 30))
    reps = sorted(r["id"] for r in rows["reps.csv"] if r["role"] == "rep")
    fig = {rep: rep_figures(rows, rep) for rep in reps}
    print("2026-Q1  revenue        top-share  repurchase  retention  NPS     CLV:CAC  new  healthy  customers  CLV growth")
    for rep in reps:
        f = fig[rep]
        print(f"{rep}  {f['revenue']:>14}  {f['top_share']:.3f}      {f['repurchase']:.3f}       {f['retention']:.3f}      "
              f"{f['nps']:>6.1f}  {f['clv_cac']:>7.2f}  {f['new']:>3}  {f['healthy_new']:>7}  {f['customers']:>9}  {f['clv_growth']:+.3f}")
    # concentration: R02 over the 30% cap, R09 in the 25-30% warning band, everyone else below 25%
    assert fig["R02"]["top_share"] > Decimal("0.30")
    assert Decimal("0.25") < fig["R09"]["top_share"] <= Decimal("0.30")
    assert all(fig[r]["top_share"] <= Decimal("0.25") for r in reps if r not in ("R02", "R09"))
    # repurchase: R01 is the best and above the ideal tier; R07's one-off buyers are the worst
    assert fig["R01"]["repurchase"] >= Decimal("0.70")
    assert max(reps, key=lambda r: fig[r]["repurchase"]) == "R01"
    assert min(reps, key=lambda r: fig[r]["repurchase"]) == "R07"
    assert fig["R01"]["nps"] >= 60
    # acquisition: R07 pays more for customers than they are worth; everyone else is above 3 : 1
    assert fig["R07"]["clv_cac"] < 3
    assert all(fig[r]["clv_cac"] >= 3 for r in reps if r != "R07")
    assert fig["R06"]["new"] >= 4 and fig["R07"]["new"] >= 4
    # R07's new customers are individually worth their cost: the rep-level gate is what holds the bonus
    assert fig["R07"]["healthy_new"] >= 2 and fig["R06"]["healthy_new"] >= 3
    # rules: one confirmed bribery case (R04) and one confirmed gift-policy case (R05) in 2026-Q1
    confirmed_q1 = sorted((i["payee"], i["kind"]) for i in rows["compliance_incidents.csv"]
                          if i["confirmed"] == "true" and within(i, "on", Q_FIRST, Q_LAST))
    assert confirmed_q1 == [("R04", "bribery"), ("R05", "gift_policy")], confirmed_q1
    industry = {c["id"]: c["industry"] for c in rows["customers.csv"]}
    shock = [n for n in rows["churn_notices.csv"]
             if n["on"] >= "2026-04-01" and industry[n["customer"]] in ("steel", "real_estate")]
    assert len(shock) == 2
    # customers with a churn notice buy nothing after it
    notice = {n["customer"]: n["on"] for n in rows["churn_notices.csv"]}
    assert all(o["on"] < notice[o["customer"]] for o in rows["orders.csv"] if o["customer"] in notice)
