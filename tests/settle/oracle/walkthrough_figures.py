#!/usr/bin/env python3
"""Prints every figure docs/walkthrough.md quotes for one rep of
plans/long_term_value (default R02, 2026-Q1), with the CSV lines behind them,
so the walkthrough can be re-checked after the data changes:

    python3 tests/settle/oracle/walkthrough_figures.py [2026-Q1 R02]
"""
import sys
from fractions import Fraction

from calc import Period, within
from long_term_value import Dataset, P, rep_score, settle


def exact(x, places=None):
    """Exact decimal text when the value terminates, else 12 places and an ellipsis."""
    if x is None:
        return 'null'
    x = Fraction(x)
    d = x.denominator
    for f in (2, 5):
        while d % f == 0:
            d //= f
    if d == 1 and places is None:
        sign, x = ('-', -x) if x < 0 else ('', x)
        n, k = x.numerator, x.denominator
        digits = 0
        while k != 1 and (10 ** digits) % k != 0:
            digits += 1
        whole, rest = divmod(n * (10 ** digits) // k, 10 ** digits)
        return f'{sign}{whole}' + (f'.{rest:0{digits}d}' if digits else '')
    places = places or 12
    return f'{float(x):.{places}f}…'


def main(argv):
    period_text = argv[1] if len(argv) > 1 else '2026-Q1'
    key = argv[2] if len(argv) > 2 else 'R02'
    data = Dataset()
    entries, figures, ev, ago = settle(period_text, [key], data)
    p = Period(period_text)
    f = figures[key]
    r = f['rep']
    line = data.lines
    print(f'# {key} {period_text}')
    print(f'ranked customers (non-null clv): {ev.ranked_rows}; A when fewer than {exact(P("20%") * ev.ranked_rows)} '
          f'are greater, B when fewer than {exact(P("50%") * ev.ranked_rows)}')
    print('\n## Q1 orders (orders.csv line: id, on, customer, amount)')
    for c in r['customers']:
        for o in data.orders.get(c, []):
            if within(o['on'], p.period()):
                print(f"  {line[('orders.csv', o['id'])]}: {o['id']} {o['on']} {c} {exact(o['amount'])}")
    print(f"credited revenue T = {exact(f['credited'])}; 30% x T = {exact(P('30%') * f['credited'])}")
    print('\n## customers: revenue_period, orders_12m, aov_12m, margin_12m, clv, greater, rank, multiplier')
    ordered = sorted(m['clv'] for m in ev.customer.values() if m['clv'] is not None)
    for c in r['customers']:
        m = ev.customer[c]
        greater = sum(1 for v in ordered if m['clv'] is not None and v > m['clv'])
        o12 = [str(line[('orders.csv', o['id'])]) for o in data.orders.get(c, []) if within(o['on'], p.last_months(12))]
        print(f"  {c}: rev={exact(m['revenue_period'])} n12={m['orders_12m']} aov={exact(m['aov_12m'])} "
              f"margin={exact(m['margin_12m'])} clv={exact(m['clv'])} greater={greater} rank={m['value_rank']} "
              f"mult={exact(m['rank_multiplier'])} share={exact(m['revenue_period'] / f['credited'], 6)} "
              f"first={m['first_order_this_period']} clv_cac={exact(m['clv_cac'], 4)} lines12={','.join(o12)}")
        a = ago.customer[c]
        print(f"      year ago: n12={a['orders_12m']} clv={exact(a['clv'])}")
    print('\n## rep measures')
    for k, v in r.items():
        if k not in ('customers', 'visits', 'cases'):
            print(f'  {k} = {exact(v) if isinstance(v, (Fraction, int)) and not isinstance(v, bool) else v}')
    print('  visits:', ', '.join(f"{line[('visits.csv', v['id'])]}:{v['id']}={v['quality']}" for v in r['visits']))
    print('  cases:', ', '.join(f"{line[('service_cases.csv', s['id'])]}:{s['id']}={exact(s['hours'])}h"
                                for s in r['cases']))
    certs = [c for c in data.certifications.get(key, []) if within(c['on'], p.plan_year())]
    print('  certifications:', ', '.join(f"{line[('certifications.csv', c['id'])]}:{c['id']} {c['on']}" for c in certs))
    surveys = [s for c in r['customers'] for s in data.surveys.get(c, []) if within(s['on'], p.last_months(12))]
    print(f"  surveys: {len(surveys)}, promoters {sum(1 for s in surveys if s['score'] >= 9)}, "
          f"detractors {sum(1 for s in surveys if s['score'] <= 6)}")
    churned = [c for c in r['customers'] if ev.customer[c]['churned']]
    print('  churned:', churned, {c: (ev.customer[c]['lapsed'], ev.customer[c]['churn_notified']) for c in churned})
    print('\n## scores')
    s = rep_score(data.reps[key], r)
    for k, w in s['weights'].items():
        print(f'  {k}: {exact(s[k])} x {exact(w)} = {exact(s[k] * w)}')
    print(f"  score = {exact(s['score'])}; bonus = {exact(f['incentive'])} x score = {exact(f['incentive'] * s['score'])}")
    print('\n## entries')
    for e in entries:
        print('  ', e['customer'], e['component'], e['kind'], e['amount_minor'], e['due_date'], e['rule'])


if __name__ == '__main__':
    main(sys.argv)
