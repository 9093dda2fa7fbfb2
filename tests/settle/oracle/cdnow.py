#!/usr/bin/env python3
"""Independent recomputation of plans/cdnow/plan.plan for one or more payees
and one quarter, from the plan text, the std modules and the derived CSVs
(not from accrue's code).

    python3 tests/settle/oracle/cdnow.py 1997-Q4 R02 [--explain]
"""
import sys
from collections import defaultdict
from fractions import Fraction

from calc import (ROOT, Period, allocate, avg, date, linear_target, mul, nps, num, read_rows, round_minor,
                  share, total, within)
from ledger_lines import Line, ledger_entries

DATA = ROOT / 'plans' / 'cdnow' / 'data'
PAYOUTS = ['commission', 'bonus', 'team_pool']  # declaration order
P = num
TEAM_POOL_RATE = P('0.5%')
TARGET_INCENTIVE = {'rep': 1500, 'regional_manager': 2500}
TARGET_INCENTIVE_ELSE = 1500
REPEAT_RELEASE = [(P('50%'), None), (P('25%'), 6), (P('25%'), 12)]  # now, after 2 and 4 quarters


def commission_rate(period):
    if period.last.year == 1997:
        return P('5%')
    if period.last.year >= 1998:
        return P('4%')
    raise LookupError(f'commission_rate has no value on {period.last}')


def tiers(*pairs):
    return [(P(t), P(s)) for t, s in pairs]


class Dataset:
    def __init__(self, folder=DATA):
        self.reps = {r['id']: r for _, r in read_rows(folder / 'reps.csv')}
        self.customers = {r['id']: r for _, r in read_rows(folder / 'customers.csv')}
        self.orders, self.surveys, self.notices = defaultdict(list), defaultdict(list), defaultdict(list)
        for _, r in read_rows(folder / 'orders.csv'):
            self.orders[r['customer']].append((date(r['on']), num(r['amount']), num(r['margin'])))
        for _, r in read_rows(folder / 'surveys.csv'):
            self.surveys[r['customer']].append((date(r['on']), int(r['score'])))
        for _, r in read_rows(folder / 'churn_notices.csv'):
            self.notices[r['customer']].append(date(r['on']))
        self.customers_of = defaultdict(list)
        for key, c in sorted(self.customers.items()):
            self.customers_of[c['owner']].append(key)
        self.members = defaultdict(list)
        for key, r in sorted(self.reps.items()):
            if r['team']:
                self.members[r['team']].append(key)


class Evaluation:
    def __init__(self, data, period):
        self.data, self.p = data, period
        self.customer = {}

    def cust(self, key):
        if key not in self.customer:
            p = self.p
            orders = self.data.orders.get(key, [])
            o12 = [o for o in orders if within(o[0], p.last_months(12))]
            m = dict(revenue_period=total(o[1] for o in orders if within(o[0], p.period())),
                     orders_12m=len(o12),
                     clv=mul(avg(o[1] for o in o12), len(o12), 5, avg(o[2] for o in o12)))
            m['churned'] = len(o12) == 0 or any(within(d, p.all()) for d in self.data.notices.get(key, []))
            clv = m['clv']
            # value_grade = grade clv { A >= 200 USD, B >= 50 USD, else C }
            m['value_grade'] = None if clv is None else 'A' if clv >= 200 else 'B' if clv >= 50 else 'C'
            m['grade_factor'] = P('1.25') if m['value_grade'] == 'A' else P('1.0') if m['value_grade'] == 'B' \
                else P('0.75')
            self.customer[key] = m
        return self.customer[key]

    def rep(self, key):
        d, p = self.data, self.p
        custs = d.customers_of.get(key, [])
        cm = [self.cust(c) for c in custs]
        repeat = sum(1 for m in cm if m['orders_12m'] >= 2)
        active = sum(1 for m in cm if m['orders_12m'] >= 1)
        r = dict(customers=custs, repeat_buyers=repeat, active_buyers=active)
        r['repurchase_rate'] = Fraction(0) if active == 0 else Fraction(repeat, active)
        r['retention_rate'] = 1 - share(m['churned'] for m in cm)
        r['nps'] = nps(s for c in custs for day, s in d.surveys.get(c, []) if within(day, p.last_months(12)))
        r['contribution'] = total(m['revenue_period'] for m in cm)
        # team measures: customers whose owner's manager is this payee (via owner.manager)
        team = [c for rep, row in d.reps.items() if row['manager'] == key for c in d.customers_of.get(rep, [])]
        tm = [self.cust(c) for c in team]
        tr = sum(1 for m in tm if m['orders_12m'] >= 2)
        ta = sum(1 for m in tm if m['orders_12m'] >= 1)
        r['team_repurchase'] = Fraction(0) if ta == 0 else Fraction(tr, ta)
        return r


def scores(role, r):
    s = dict(
        repurchase_score=linear_target(r['repurchase_rate'], tiers(('0.30', '50%'), ('0.45', '100%'),
                                                                   ('0.60', '150%'))),
        team_repurchase_score=linear_target(r['team_repurchase'], tiers(('0.30', '50%'), ('0.45', '100%'),
                                                                        ('0.60', '150%'))),
        retention_score=linear_target(r['retention_rate'], tiers(('35%', '50%'), ('45%', '100%'), ('60%', '150%'))),
        nps_score=linear_target(r['nps'], tiers(('0', '50%'), ('20', '100%'), ('40', '150%'))),
    )
    if role == 'regional_manager':
        w = dict(team_repurchase_score='40%', repurchase_score='20%', retention_score='20%', nps_score='20%')
    else:
        w = dict(repurchase_score='50%', retention_score='25%', nps_score='25%')
    w = {k: P(v) for k, v in w.items()}
    return s, w, sum((s[k] * v for k, v in w.items()), Fraction(0))


def settle(period_text, payees, data=None):
    data = data or Dataset()
    period = Period(period_text)
    ev = Evaluation(data, period)
    lines, figures = [], {}
    parts = {}
    for team_key, members in data.members.items():
        contributions = [(m, ev.rep(m)['contribution']) for m in members]
        # payout team_pool on Team = team_pool_rate * team_revenue split among Rep by contribution
        pool = round_minor(TEAM_POOL_RATE * sum((c for _, c in contributions), Fraction(0)))
        parts[team_key] = (pool, allocate(pool, contributions))
    for key in payees:
        row = data.reps[key]
        r = ev.rep(key)
        s, w, score = scores(row['role'], r)
        incentive = Fraction(TARGET_INCENTIVE.get(row['role'], TARGET_INCENTIVE_ELSE))
        for c in r['customers']:
            m = ev.cust(c)
            # payout commission on Customer to owner = commission_rate * revenue_period * grade_factor
            lines.append(Line('commission', key, c, commission_rate(period) * m['revenue_period'] * m['grade_factor'],
                              REPEAT_RELEASE, 'repeat_release'))
        bonus = Line('bonus', key, None, incentive * score)
        if not score >= P('25%'):  # gate minimum_score on Rep to bonus requires score >= 25%
            bonus.apply('gate', 'minimum_score', 0)
        if bonus.amount > P('125%') * incentive:  # cap bonus_cap on Rep to bonus at 125% * incentive
            bonus.apply('cap', 'bonus_cap', P('125%') * incentive)
        lines.append(bonus)
        if row['team']:
            pool, split = parts[row['team']]
            lines.append(Line('team_pool', key, row['team'], Fraction(split[key], 100)))
        figures[key] = dict(rep=r, scores=s, weights=w, score=score, pool=parts.get(row['team']))
    return ledger_entries(lines, PAYOUTS, period.last), figures


def main(argv):
    from report import print_entries
    period, payees = argv[1], [a for a in argv[2:] if not a.startswith('--')]
    entries, figures = settle(period, payees)
    if '--explain' in argv:
        for key, f in figures.items():
            print(key, 'score', float(f['score']), {k: float(v) for k, v in f['scores'].items()})
            print(key, {k: float(v) for k, v in f['rep'].items() if isinstance(v, (Fraction, int))
                        and not isinstance(v, bool)}, 'pool', f['pool'])
    print_entries(entries, 'USD')


if __name__ == '__main__':
    main(sys.argv)
