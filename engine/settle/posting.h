// Step: the lines, after the rules, become ledger entries, one row per money
// movement. A line no rule changed posts only its tranches, straight from the
// expense: the `paid` tranche (expense:<payout> -> payable:<payee>) and the
// `deferred` tranches (expense -> deferred:<payee>) by due date. A line a rule
// changed shows each change through the payee's earned account, in this
// order: `earned` (expense -> earned:<payee>) for the rounded gross, one
// reduction per rule that changed the rounded amount (earned -> expense, kind
// veto | cap | gate), each floor top-up (expense -> earned), then the tranches
// out of earned. Lines come in payout declaration order, then payee key, then
// customer key. Zero amounts are not posted. Every amount is rounded once, so
// earned - reductions + top-ups = paid + deferred exactly.
#pragma once

#include <vector>

#include "ledger/ledger.h"
#include "settle/settle_context.h"
#include "settle/settlement_lines.h"

namespace accrue::settle {

num::Result<ledger::EntryBatch> post_lines(const SettleContext& ctx, const Lines& lines);

}  // namespace accrue::settle
