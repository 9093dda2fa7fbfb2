// Step: the lines, after the rules, become ledger entries. Per line, in this
// order: `earned` (expense:<payout> -> earned:<payee>) for the rounded gross,
// one reduction per rule that changed the rounded amount (earned -> expense,
// kind veto | cap | gate), each floor top-up (expense -> earned), then the
// `paid` tranche (earned -> payable) and the `deferred` tranches (earned ->
// deferred) by due date. Lines come in payout declaration order, then payee
// key, then customer key. Zero amounts are not posted. Every amount is
// rounded once, so earned - reductions + top-ups = paid + deferred exactly.
#pragma once

#include <vector>

#include "ledger/ledger.h"
#include "settle/settle_context.h"
#include "settle/settlement_lines.h"

namespace accrue::settle {

num::Result<ledger::EntryBatch> post_lines(const SettleContext& ctx, const Lines& lines);

}  // namespace accrue::settle
