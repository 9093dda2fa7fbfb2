"""From payout lines to the ledger entries the settlement spec prescribes.

A line is (payout, payee, customer, exact gross amount, schedule). Rules are
applied in the spec's fixed order (concentration, gates, vetoes, caps) by the
plan oracles (no sample plan declares a floor, so floors are not modelled), which record each step's exact amount on the line; here
every step becomes an entry of rounded(before) - rounded(after), so that
earned - reductions = posted exactly, and the posted amount is split
into tranches with allocate (keys = tranche index).
"""
from fractions import Fraction

from calc import add_months, allocate, round_minor

# kind -> (debit account type, credit account type), docs/ledger.md
ACCOUNTS = {
    'earned': ('expense', 'earned'),
    'veto': ('earned', 'expense'), 'cap': ('earned', 'expense'), 'gate': ('earned', 'expense'),
    'paid': ('earned', 'payable'), 'deferred': ('earned', 'deferred'),
}
# A line no rule changed is one money movement per tranche, from the expense.
DIRECT = {'paid': ('expense', 'payable'), 'deferred': ('expense', 'deferred')}


class Line:
    def __init__(self, payout, payee, customer, amount, schedule=None, schedule_name=None):
        self.payout, self.payee, self.customer = payout, payee, customer
        self.gross = Fraction(amount) if amount is not None else Fraction(0)  # a null amount is 0
        self.amount = self.gross
        self.steps = []  # (kind, rule, exact amount after the step)
        self.schedule = schedule  # [(share, months after the period end or None for now)]
        self.schedule_name = schedule_name or payout

    def apply(self, kind, rule, new_amount):
        self.steps.append((kind, rule, Fraction(new_amount)))
        self.amount = Fraction(new_amount)

    def entries(self, period_last, minor_digits=2):
        """The line's entries in the spec's kind order."""
        out = []

        def entry(kind, rule, minor, due=None, direct=False):
            if minor == 0:
                return  # zero amounts are not posted
            if minor < 0:
                raise AssertionError(f'negative {kind} entry on {self}')
            debit, credit = (DIRECT if direct else ACCOUNTS)[kind]
            debit_key = self.payout if debit == 'expense' else self.payee
            credit_key = self.payout if credit == 'expense' else self.payee
            out.append({
                'payee': self.payee, 'customer': self.customer or '', 'component': self.payout,
                'kind': kind, 'debit_account': f'{debit}:{debit_key}', 'credit_account': f'{credit}:{credit_key}',
                'amount_minor': minor, 'due_date': due.isoformat() if due else '', 'rule': rule,
            })

        gross = before = round_minor(self.gross, minor_digits)
        changes = []
        for kind, rule, after in self.steps:
            rounded = round_minor(after, minor_digits)
            if before != rounded:
                changes.append((kind, rule, before - rounded))
            before = rounded
        posted = before
        # No rule changed the rounded amount: no earned hop, and the tranches,
        # the line's only rows, cite the payout rather than its schedule.
        direct = not changes
        if not direct:
            entry('earned', self.payout, gross)
            for kind, rule, minor in changes:
                entry(kind, rule, minor)
        schedule = self.schedule or [(Fraction(1), None)]
        parts = allocate(posted, [(str(i), share) for i, (share, _) in enumerate(schedule)])
        tranches = []
        for i, (_, months) in enumerate(schedule):
            if months is None:
                entry('paid', self.payout if direct else self.schedule_name, parts[str(i)], direct=direct)
            else:
                tranches.append((add_months(period_last, months), parts[str(i)]))
        for due, minor in sorted(tranches):
            entry('deferred', self.payout if direct else self.schedule_name, minor, due, direct=direct)
        return out

    def __repr__(self):
        return f'Line({self.payout}, {self.payee}, {self.customer}, {self.gross})'


def ledger_entries(lines, payout_order, period_last, minor_digits=2):
    """Entries of all lines, ordered by payout declaration order, payee key, customer key."""
    rank = {p: i for i, p in enumerate(payout_order)}
    ordered = sorted(lines, key=lambda l: (rank[l.payout], l.payee.encode(), (l.customer or '').encode()))
    out = []
    for line in ordered:
        out.extend(line.entries(period_last, minor_digits))
    return out
