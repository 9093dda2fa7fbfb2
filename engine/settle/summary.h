// The per-payee summary a settlement reports, computed from the entries it
// posts (so the summary can never disagree with the ledger): earned (gross),
// reduced (veto, cap, gate), topped up (floors), paid now and deferred, as
// exact decimal text in the currency's minor units, plus a TOTAL row.
#pragma once

#include <span>

#include "ledger/ledger.h"
#include "settle/money_rounding.h"
#include "settle/settle.h"

namespace accrue::settle {

struct Summary {
  std::vector<PayeeSummary> payees;  // sorted by payee key
  PayeeSummary totals;
};

Summary summarize(const ledger::EntryBatch& entries, const MoneyRounding& rounding);

}  // namespace accrue::settle
