"""Prints expected entries the way the comparison reads them (one CSV line each)."""
from calc import minor_text

FIELDS = ['payee', 'customer', 'component', 'kind', 'debit_account', 'credit_account', 'amount', 'amount_minor',
          'due_date', 'rule']


def entry_row(entry, digits=2):
    row = dict(entry, amount=minor_text(entry['amount_minor'], digits))
    return [str(row[f]) for f in FIELDS]


def print_entries(entries, currency, digits=2):
    print(','.join(FIELDS))
    for e in entries:
        print(','.join(entry_row(e, digits)))
