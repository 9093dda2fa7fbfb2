#!/usr/bin/env python3
"""Independent recomputation of plans/export_transition/plan.plan, from the plan
text, std.crm/clv/churn/repurchase and the CSVs (not from accrue's code).

    python3 tests/settle/oracle/export_transition.py 2026-Q1 E06 [--explain]

Every payee of this plan has the same scorecard, so any payee can be asked
for; the team pool is computed for the payee's whole team (the split needs
every member's contribution).
"""
import sys
from collections import defaultdict
from fractions import Fraction

from calc import (ROOT, Period, allocate, avg, boolean, date, div, growth, linear_target, mul, num, read_rows,
                  round_minor, share, total, within)
from ledger_lines import Line, ledger_entries

DATA = ROOT / 'plans' / 'export_transition' / 'data'
PAYOUTS = ['commission', 'clv_growth_bonus', 'team_pool']  # declaration order
P = num

LEGACY_COMMISSION_RATE = P('4%')
TEAM_POOL_RATE = P('1.5%')
QUOTA = {'north_america': 900000, 'dach': 700000, 'southeast_asia': 500000, 'middle_east': 400000}
QUOTA_ELSE = 400000
GROWTH_HOLD = [(P('70%'), None), (P('30%'), 12)]  # 70% now, 30% after 1 year


def commission_weight(period):
    last = period.last.isoformat()
    if '2026-01-01' <= last <= '2026-06-30':
        return P('60%')
    if '2026-07-01' <= last <= '2026-12-31':
        return P('45%')
    if last >= '2027-01-01':
        return P('30%')
    raise LookupError(f'commission_weight has no value on {last}')


def clv_bonus_target(period):
    last = period.last.isoformat()
    if '2026-01-01' <= last <= '2026-06-30':
        return Fraction(8000)
    if '2026-07-01' <= last <= '2026-12-31':
        return Fraction(11000)
    if last >= '2027-01-01':
        return Fraction(14000)
    raise LookupError(f'clv_bonus_target has no value on {last}')


def tiers(*pairs):
    return [(P(t), P(s)) for t, s in pairs]


class Dataset:
    def __init__(self, folder=DATA):
        self.reps = {r['id']: r for _, r in read_rows(folder / 'reps.csv')}
        self.customers = {r['id']: r for _, r in read_rows(folder / 'customers.csv')}
        self.orders, self.notices, self.cases = defaultdict(list), defaultdict(list), defaultdict(list)
        for _, r in read_rows(folder / 'orders.csv'):
            self.orders[r['customer']].append(dict(id=r['id'], on=date(r['on']), amount=num(r['amount']),
                                                   margin=num(r['margin'])))
        for _, r in read_rows(folder / 'churn_notices.csv'):
            self.notices[r['customer']].append(dict(on=date(r['on'])))
        for _, r in read_rows(folder / 'trade_compliance_cases.csv'):
            self.cases[r['payee']].append(dict(on=date(r['on']), confirmed=boolean(r['confirmed'])))
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
        self.customer = {k: self._customer(k) for k in data.customers}

    def _customer(self, key):
        d, p = self.data, self.p
        orders = d.orders.get(key, [])
        period_orders = [o for o in orders if within(o['on'], p.period())]
        o12 = [o for o in orders if within(o['on'], p.last_months(12))]
        m = dict(orders=period_orders,
                 revenue_period=total(o['amount'] for o in period_orders),
                 orders_12m=len(o12))
        m['clv'] = mul(avg(o['amount'] for o in o12), len(o12), 5, avg(o['margin'] for o in o12))
        churn_notified = any(within(n['on'], p.all()) for n in d.notices.get(key, []))
        m['churned'] = len(o12) == 0 or churn_notified
        # export_grade = grade clv { A >= 250000 USD, B >= 50000 USD, else C } (null clv: no grade)
        clv = m['clv']
        m['export_grade'] = None if clv is None else 'A' if clv >= 250000 else 'B' if clv >= 50000 else 'C'
        m['grade_commission_factor'] = P('0.5') if m['export_grade'] == 'C' else P('1.0')
        return m

    def rep(self, key):
        custs = self.data.customers_of.get(key, [])
        cm = [self.customer[c] for c in custs]
        orders = [o for m in cm for o in m['orders']]
        r = dict(customers=custs)
        r['portfolio_clv'] = total(m['clv'] for m in cm)
        quota = Fraction(QUOTA.get(self.data.reps[key]['region'], QUOTA_ELSE))
        r['revenue_attainment'] = div(total(m['revenue_period'] for m in cm), quota)
        r['margin_period'] = avg(o['margin'] for o in orders)
        r['grade_a_share'] = share(m['export_grade'] == 'A' for m in cm)
        r['retention_rate'] = 1 - share(m['churned'] for m in cm)
        repeat = sum(1 for m in cm if m['orders_12m'] >= 2)
        active = sum(1 for m in cm if m['orders_12m'] >= 1)
        r['repurchase_rate'] = Fraction(0) if active == 0 else Fraction(repeat, active)
        # Rep.contribution = sum(Order.amount * Order.margin over period)
        r['contribution'] = total(o['amount'] * o['margin'] for o in orders)
        return r

    def team(self, team_key):
        custs = [c for m in self.data.members[team_key] for c in self.data.customers_of.get(m, [])]
        return dict(team_clv=total(self.customer[c]['clv'] for c in custs),
                    gross_margin=total(o['amount'] * o['margin'] for c in custs for o in self.customer[c]['orders']))


def scores(r):
    s = dict(
        sales_score=linear_target(r['revenue_attainment'], tiers(('0.8', '50%'), ('1.0', '100%'), ('1.2', '150%'))),
        clv_growth_score=linear_target(r['clv_growth'], tiers(('6%', '50%'), ('12%', '100%'), ('20%', '150%'))),
        margin_score=linear_target(r['margin_period'], tiers(('22%', '50%'), ('26%', '100%'), ('30%', '150%'))),
        retention_score=linear_target(r['retention_rate'], tiers(('85%', '50%'), ('90%', '100%'), ('95%', '150%'))),
        repurchase_score=linear_target(r['repurchase_rate'], tiers(('0.40', '50%'), ('0.50', '100%'),
                                                                   ('0.60', '150%'))),
        grade_a_score=linear_target(r['grade_a_share'], tiers(('10%', '50%'), ('15%', '100%'), ('20%', '150%'))),
    )
    return s


def weights(period):
    if period.text in ('2026-Q1', '2026-Q2'):
        w = dict(sales_score='30%', clv_growth_score='20%', margin_score='15%', retention_score='15%',
                 repurchase_score='10%', grade_a_score='10%')
    elif period.text in ('2026-Q3', '2026-Q4'):
        w = dict(sales_score='15%', clv_growth_score='30%', margin_score='15%', retention_score='15%',
                 repurchase_score='10%', grade_a_score='15%')
    else:
        w = dict(clv_growth_score='35%', margin_score='15%', retention_score='20%', repurchase_score='15%',
                 grade_a_score='15%')
    return {k: P(v) for k, v in w.items()}


def settle(period_text, payees, data=None):
    data = data or Dataset()
    period = Period(period_text)
    ev, ago = Evaluation(data, period), Evaluation(data, period.shifted_years(1))
    lines, figures = [], {}
    pools = {}
    for team_key, members in data.members.items():
        t, t_ago = ev.team(team_key), ago.team(team_key)
        t['team_clv_growth'] = growth(t['team_clv'], t_ago['team_clv'])
        # payout team_pool on Team = team_pool_rate * gross_margin split among Rep by contribution
        pool = round_minor(TEAM_POOL_RATE * t['gross_margin'])
        t['pool_minor'] = pool
        t['parts'] = allocate(pool, [(m, ev.rep(m)['contribution']) for m in members])
        pools[team_key] = t
    for key in payees:
        rep_row = data.reps[key]
        r = ev.rep(key)
        r['clv_growth'] = growth(r['portfolio_clv'], ago.rep(key)['portfolio_clv'])
        s = scores(r)
        w = weights(period)
        parts = [mul(s[k], v) for k, v in w.items()]
        score = None if None in parts else sum(parts, Fraction(0))
        vetoed = any(c['confirmed'] and within(c['on'], period.plan_year()) for c in data.cases.get(key, []))
        rep_lines = []
        for c in r['customers']:
            m = ev.customer[c]
            amount = LEGACY_COMMISSION_RATE * commission_weight(period) * m['revenue_period'] * \
                m['grade_commission_factor']
            rep_lines.append(Line('commission', key, c, amount))
        bonus = Line('clv_growth_bonus', key, None, mul(clv_bonus_target(period), score), GROWTH_HOLD, 'growth_hold')
        rep_lines.append(bonus)
        team = pools.get(rep_row['team'])
        if team is not None:
            pool_line = Line('team_pool', key, rep_row['team'], Fraction(team['parts'][key], 100))
            # gate team_growth on Rep to team_pool requires team.team_clv_growth > 0%
            if not (team['team_clv_growth'] is not None and team['team_clv_growth'] > 0):
                pool_line.apply('gate', 'team_growth', 0)
            rep_lines.append(pool_line)
        for line in rep_lines:
            if vetoed:  # veto trade_compliance on Rep ... zero for plan year
                line.apply('veto', 'trade_compliance', 0)
        limit = P('200%') * clv_bonus_target(period)  # cap clv_bonus_cap
        if bonus.amount > limit:
            bonus.apply('cap', 'clv_bonus_cap', limit)
        lines.extend(rep_lines)
        figures[key] = dict(rep=r, scores=s, weights=w, score=score, vetoed=vetoed, team=team)
    return ledger_entries(lines, PAYOUTS, period.last), figures


def main(argv):
    from report import print_entries
    period, payees = argv[1], [a for a in argv[2:] if not a.startswith('--')]
    entries, figures = settle(period, payees)
    if '--explain' in argv:
        for key, f in figures.items():
            print(key, 'score', float(f['score']), {k: float(v) for k, v in f['scores'].items()})
            print(key, {k: float(v) for k, v in f['rep'].items() if isinstance(v, Fraction)})
            print(key, 'team', {k: (float(v) if isinstance(v, Fraction) else v) for k, v in f['team'].items()})
    print_entries(entries, 'USD')


if __name__ == '__main__':
    main(sys.argv)
