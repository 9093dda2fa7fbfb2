#!/usr/bin/env python3
"""Independent recomputation of plans/long_term_value/plan.plan for reps, from
the plan text, the std modules it imports and the CSVs (not from accrue's code).

    python3 tests/settle/oracle/long_term_value.py 2026-Q1 R02 R04   # prints the expected entries
    python3 tests/settle/oracle/long_term_value.py 2026-Q1 R02 --explain

Covers the payees whose role is "rep" (every scorecard variant but the
director's and the regional managers'); the launch-quarter variant is outside
the data (2026-Q3).
"""
import sys
from collections import defaultdict
from fractions import Fraction

from calc import (ROOT, Period, avg, boolean, date, div, ge, growth, linear_target, mul, nps, num,
                  read_rows, share, stepped_target, total, within)
from ledger_lines import Line, ledger_entries

DATA = ROOT / 'plans' / 'long_term_value' / 'data'
PAYOUTS = ['commission', 'new_customer', 'bonus']  # declaration order in plan.plan
P = num  # percent literal helper: P('3%')

# plan.plan: param commission_rate = 3% from 2026-01-01 until 2026-12-31, 2.5% from 2027-01-01
def commission_rate(period):
    if period.last.year == 2026:
        return P('3%')
    if period.last.year >= 2027:
        return P('2.5%')
    raise LookupError(f'commission_rate has no value on {period.last}')


NEW_CUSTOMER_BONUS = Fraction(3000)
CLV_LIFETIME_YEARS = 5
HEALTHY_CLV_CAC = 3
# table quarterly_target_incentive by Rep.role, Rep.region_stage
TARGET_INCENTIVE = {
    ('rep', 'emerging'): 30000, ('rep', 'mature'): 27000, ('rep', 'declining'): 24000,
    ('regional_manager', 'emerging'): 48000, ('regional_manager', 'mature'): 45000,
    ('regional_manager', 'declining'): 42000,
    ('director', 'emerging'): 80000, ('director', 'mature'): 75000, ('director', 'declining'): 70000,
}
TARGET_INCENTIVE_ELSE = 24000
# five_year_traceback: 50% now, 12.5% after 1, 2, 3, 4 years
FIVE_YEAR_TRACEBACK = [(P('50%'), None), (P('12.5%'), 12), (P('12.5%'), 24), (P('12.5%'), 36), (P('12.5%'), 48)]


def tiers(*pairs):
    return [(P(t) if isinstance(t, str) else Fraction(t), P(s)) for t, s in pairs]


class Dataset:
    def __init__(self, folder=DATA):
        self.reps = {r['id']: r for _, r in read_rows(folder / 'reps.csv')}
        self.customers = {r['id']: r for _, r in read_rows(folder / 'customers.csv')}
        self.lines = {}  # (file, id) -> line number in the CSV, for the walkthrough
        self.orders = self._events(folder, 'orders.csv', 'customer', lambda r: dict(
            amount=num(r['amount']), margin=num(r['margin']), product_line=r['product_line'],
            new_product=boolean(r['new_product'])))
        self.surveys = self._events(folder, 'surveys.csv', 'customer', lambda r: dict(score=int(r['score'])))
        self.cases = self._events(folder, 'service_cases.csv', 'customer',
                                  lambda r: dict(hours=num(r['first_response_hours'])), dated='opened')
        self.notices = self._events(folder, 'churn_notices.csv', 'customer', lambda r: {})
        self.visits = self._events(folder, 'visits.csv', 'rep', lambda r: dict(quality=int(r['quality'])))
        self.certifications = self._events(folder, 'certifications.csv', 'payee', lambda r: {})
        self.incidents = self._events(folder, 'compliance_incidents.csv', 'payee', lambda r: dict(
            kind=r['kind'], confirmed=boolean(r['confirmed'])))
        self.customers_of = defaultdict(list)
        for key, c in sorted(self.customers.items()):
            self.customers_of[c['owner']].append(key)

    def _events(self, folder, name, by, fields, dated='on'):
        grouped = defaultdict(list)
        for line, r in read_rows(folder / name):
            self.lines[(name, r['id'])] = line
            grouped[r[by]].append(dict(id=r['id'], on=date(r[dated]), **fields(r)))
        return grouped


def in_window(events, window):
    return [e for e in events if within(e['on'], window)]


class Evaluation:
    """The plan's measures at one period (customers and reps)."""

    def __init__(self, data, period):
        self.data, self.p = data, period
        self.customer = {k: self._customer(k) for k in data.customers}
        self._rank_grades()

    def _customer(self, key):
        d, p = self.data, self.p
        orders = d.orders.get(key, [])
        o12 = in_window(orders, p.last_months(12))
        m = dict(
            revenue_period=total(o['amount'] for o in in_window(orders, p.period())),
            orders_period=len(in_window(orders, p.period())),
            orders_all=len(in_window(orders, p.all())),
            revenue_12m=total(o['amount'] for o in o12),
            orders_12m=len(o12),
            aov_12m=avg(o['amount'] for o in o12),
            margin_12m=avg(o['margin'] for o in o12),
            product_lines_12m=len({o['product_line'] for o in o12}),
            churn_notified=len(in_window(d.notices.get(key, []), p.all())) > 0,
        )
        # std.clv: clv = aov_12m * orders_12m * clv_lifetime_years * margin_12m
        m['clv'] = mul(m['aov_12m'], m['orders_12m'], CLV_LIFETIME_YEARS, m['margin_12m'])
        m['lapsed'] = m['orders_12m'] == 0
        m['churned'] = m['lapsed'] or m['churn_notified']
        m['first_order_this_period'] = m['orders_period'] > 0 and m['orders_all'] == m['orders_period']
        # std.clv_cac: clv / acquisition_cost; healthy at >= 3
        m['clv_cac'] = div(m['clv'], num(d.customers[key]['acquisition_cost']))
        m['healthy_acquisition'] = ge(m['clv_cac'], HEALTHY_CLV_CAC)
        # industry_policy_shock: 2026-04-01..2026-12-31 overlaps the period?
        shock_dates = Period('2026-Q2').first, Period('2026-Q4').last
        overlaps = self.p.first <= shock_dates[1] and shock_dates[0] <= self.p.last
        m['industry_policy_shock'] = overlaps and d.customers[key]['industry'] in ('real_estate', 'steel')
        return m

    def _rank_grades(self):
        """value_rank = grade clv by percentile { A top 20%, B top 50%, else C }: a row is in
        the top X% when the rows with a strictly greater value are fewer than X% x the rows.
        Null CLVs (no order in twelve months) get no grade and are not counted among the rows."""
        values = [m['clv'] for m in self.customer.values() if m['clv'] is not None]
        n = len(values)
        ordered = sorted(values)
        import bisect
        for m in self.customer.values():
            v = m['clv']
            if v is None:
                m['value_rank'] = None
            else:
                greater = n - bisect.bisect_right(ordered, v)
                m['value_rank'] = 'A' if greater < P('20%') * n else 'B' if greater < P('50%') * n else 'C'
            # rank_multiplier = if value_rank == A then 1.2 else if value_rank == B then 1.0 else 0.8
            m['rank_multiplier'] = P('1.2') if m['value_rank'] == 'A' else P('1.0') if m['value_rank'] == 'B' \
                else P('0.8')
        self.ranked_rows = n

    # ---- rep measures -------------------------------------------------------------------
    def rep(self, key, growth_base=None):
        d, p = self.data, self.p
        custs = d.customers_of.get(key, [])
        cm = [self.customer[c] for c in custs]
        orders = [o for c in custs for o in d.orders.get(c, [])]
        r = dict(customers=custs)
        r['portfolio_clv'] = total(m['clv'] for m in cm)
        r['acquisition_cost'] = total(num(d.customers[c]['acquisition_cost']) for c in custs)
        r['clv_cac'] = div(r['portfolio_clv'], r['acquisition_cost']) if custs else Fraction(0)
        r['acquisition_healthy'] = ge(r['clv_cac'], HEALTHY_CLV_CAC)
        r['repeat_buyers'] = sum(1 for m in cm if m['orders_12m'] >= 2)
        r['active_buyers'] = sum(1 for m in cm if m['orders_12m'] >= 1)
        r['repurchase_rate'] = Fraction(0) if r['active_buyers'] == 0 else \
            Fraction(r['repeat_buyers'], r['active_buyers'])
        surveys = [s for c in custs for s in in_window(d.surveys.get(c, []), p.last_months(12))]
        r['nps_answers'] = len(surveys)
        r['nps'] = nps(s['score'] for s in surveys)
        r['wallet_share'] = div(total(m['revenue_12m'] for m in cm),
                                total(num(d.customers[c]['category_spend']) for c in custs)) if custs else Fraction(0)
        r['book_retention'] = 1 - share(m['churned'] and not m['industry_policy_shock'] for m in cm)
        visits = in_window(d.visits.get(key, []), p.period())
        r['visits'] = visits
        r['visit_quality'] = avg(v['quality'] for v in visits)
        cases = [s for c in custs for s in in_window(d.cases.get(c, []), p.period())]
        r['cases'] = cases
        r['response_rate'] = share(s['hours'] <= 24 for s in cases)
        r['certifications'] = len(in_window(d.certifications.get(key, []), p.plan_year()))
        r['new_customers'] = sum(1 for m in cm if m['first_order_this_period'])
        r['cross_sell_rate'] = share(m['product_lines_12m'] >= 2 for m in cm)
        r['new_product_share'] = share(o['new_product'] for o in in_window(orders, p.period()))
        if growth_base is not None:  # the same measure one year earlier, over the same data
            r['portfolio_clv_year_ago'] = growth_base['portfolio_clv']
            r['clv_growth'] = growth(r['portfolio_clv'], growth_base['portfolio_clv'])
        return r


def rep_score(rep_row, r):
    """Targets and the scorecard of plan.plan for a payee of role "rep"."""
    s = {}
    # target Rep.clv_growth_score: 5%->50%, 10%->100%, 15%->150%, linear, floor 0%, ceiling 150%
    s['clv_growth_score'] = linear_target(r['clv_growth'], tiers(('5%', '50%'), ('10%', '100%'), ('15%', '150%')),
                                          floor=P('0%'), ceiling=P('150%'))
    s['repurchase_score'] = linear_target(r['repurchase_rate'], tiers(('0.50', '50%'), ('0.60', '100%'),
                                                                      ('0.70', '150%')))
    s['nps_score'] = linear_target(r['nps'], tiers((30, '50%'), (45, '100%'), (60, '150%')))
    s['wallet_share_score'] = linear_target(r['wallet_share'], tiers(('0.20', '50%'), ('0.30', '100%'),
                                                                     ('0.40', '150%')))
    s['book_retention_score'] = linear_target(r['book_retention'], tiers(('85%', '50%'), ('90%', '100%'),
                                                                         ('95%', '150%')))
    s['visit_quality_score'] = linear_target(r['visit_quality'], tiers(('3.5', '50%'), ('4.0', '100%'),
                                                                       ('4.5', '150%')))
    s['response_score'] = linear_target(r['response_rate'], tiers(('85%', '50%'), ('92%', '100%'), ('97%', '150%')))
    s['certification_score'] = stepped_target(r['certifications'], tiers((1, '50%'), (2, '100%'), (3, '150%')))
    s['new_customer_score'] = stepped_target(r['new_customers'], tiers((2, '50%'), (4, '100%'), (6, '150%')))
    s['cross_sell_score'] = linear_target(r['cross_sell_rate'], tiers(('20%', '50%'), ('30%', '100%'),
                                                                      ('40%', '150%')))
    s['migration_score'] = linear_target(r['new_product_share'], tiers(('15%', '50%'), ('25%', '100%'),
                                                                       ('35%', '150%')))
    role, stage = rep_row['role'], rep_row['region_stage']
    if role != 'rep':
        raise NotImplementedError('the oracle covers reps only')
    # scorecard Rep.score: the first variant that holds (no launch quarter before 2026-Q3)
    weights = {
        'emerging': dict(clv_growth_score='20%', new_customer_score='20%', nps_score='10%',
                         wallet_share_score='10%', book_retention_score='5%', visit_quality_score='15%',
                         response_score='10%', certification_score='10%'),
        'mature': dict(clv_growth_score='25%', cross_sell_score='20%', nps_score='10%', wallet_share_score='10%',
                       book_retention_score='10%', visit_quality_score='10%', response_score='5%',
                       certification_score='10%'),
        'declining': dict(clv_growth_score='20%', migration_score='25%', nps_score='10%',
                          wallet_share_score='10%', book_retention_score='5%', visit_quality_score='10%',
                          response_score='10%', certification_score='10%'),
    }.get(stage, dict(clv_growth_score='30%', repurchase_score='10%', nps_score='10%', wallet_share_score='10%',
                      book_retention_score='10%', visit_quality_score='10%', response_score='10%',
                      certification_score='10%'))
    s['weights'] = {k: P(w) for k, w in weights.items()}
    parts = [mul(s[k], w) for k, w in s['weights'].items()]
    s['score'] = None if any(x is None for x in parts) else sum(parts, Fraction(0))
    return s


def settle(period_text, payees, data=None):
    """Expected ledger entries of the given reps, and the figures behind them."""
    data = data or Dataset()
    period = Period(period_text)
    ev = Evaluation(data, period)
    ev_year_ago = Evaluation(data, period.shifted_years(1))
    lines, figures = [], {}
    for key in payees:
        rep_row = data.reps[key]
        r = ev.rep(key, growth_base=ev_year_ago.rep(key))
        s = rep_score(rep_row, r)
        incentive = Fraction(TARGET_INCENTIVE.get((rep_row['role'], rep_row['region_stage']), TARGET_INCENTIVE_ELSE))
        incidents = data.incidents.get(key, [])
        compliance = any(i['confirmed'] and i['kind'] in ('bribery', 'data_misuse')
                         for i in in_window(incidents, period.plan_year()))
        gift = any(i['confirmed'] and i['kind'] == 'gift_policy' for i in in_window(incidents, period.period()))
        # concentration key_account_dependence on Rep per Customer of revenue_period warn 25% cap 30% to commission
        credited = total(ev.customer[c]['revenue_period'] for c in r['customers'])
        rep_lines = []
        for c in r['customers']:
            m = ev.customer[c]
            # payout commission on Customer to owner = commission_rate * revenue_period * rank_multiplier
            line = Line('commission', key, c, commission_rate(period) * m['revenue_period'] * m['rank_multiplier'],
                        FIVE_YEAR_TRACEBACK, 'five_year_traceback')
            if m['revenue_period'] > P('30%') * credited:
                line.apply('cap', 'key_account_dependence', line.amount * P('30%') * credited / m['revenue_period'])
            rep_lines.append(line)
        for c in r['customers']:
            m = ev.customer[c]
            # payout new_customer = if first_order_this_period and healthy_acquisition then 3000 CNY else 0 CNY
            amount = NEW_CUSTOMER_BONUS if m['first_order_this_period'] and m['healthy_acquisition'] else 0
            line = Line('new_customer', key, c, amount, FIVE_YEAR_TRACEBACK, 'five_year_traceback')
            if not r['acquisition_healthy']:  # gate acquisition_health on Rep to new_customer
                line.apply('gate', 'acquisition_health', 0)
            rep_lines.append(line)
        # payout bonus on Rep = quarterly_target_incentive * score
        bonus = Line('bonus', key, None, mul(incentive, s['score']))
        if not (s['score'] is not None and s['score'] >= P('40%')):  # gate minimum_score ... requires score >= 40%
            bonus.apply('gate', 'minimum_score', 0)
        rep_lines.append(bonus)
        for line in rep_lines:  # vetoes after gates: compliance (all payouts), then gift_policy (bonus)
            if compliance:
                line.apply('veto', 'compliance', 0)
            if gift and line.payout == 'bonus':
                line.apply('veto', 'gift_policy', line.amount * (1 - P('30%')))
        # cap bonus_cap on Rep to bonus, new_customer at 200% * quarterly_target_incentive, per payout
        for payout in ('bonus', 'new_customer'):
            capped = [l for l in rep_lines if l.payout == payout]
            limit = P('200%') * incentive
            over = sum((l.amount for l in capped), Fraction(0)) - limit
            if over > 0:
                raise NotImplementedError(f'bonus_cap binds for {key} {payout}: allocate {over} back')
        lines.extend(rep_lines)
        figures[key] = dict(rep=r, scores=s, incentive=incentive, credited=credited, compliance=compliance,
                            gift=gift)
    return ledger_entries(lines, PAYOUTS, period.last), figures, ev, ev_year_ago


def main(argv):
    from report import print_entries
    period, payees = argv[1], [a for a in argv[2:] if not a.startswith('--')]
    entries, figures, ev, _ = settle(period, payees)
    if '--explain' in argv:
        for key, f in figures.items():
            print(key, {k: (float(v) if isinstance(v, Fraction) else v) for k, v in f['scores'].items()
                        if k != 'weights'})
            print(key, {k: (float(v) if isinstance(v, Fraction) else v) for k, v in f['rep'].items()
                        if k not in ('customers', 'visits', 'cases')})
    print_entries(entries, 'CNY')


if __name__ == '__main__':
    main(sys.argv)
