// The computing half of a settlement, from an evaluated period to the ledger
// entries and their summary: payout lines, the rules in their fixed order,
// rounding and deferral, posting. It reads only the Evaluation interface, so
// tests drive it with a small fake evaluation.
#pragma once

#include <string>
#include <vector>

#include "ledger/ledger.h"
#include "settle/settle_context.h"
#include "settle/summary.h"

namespace accrue::settle {

struct SettlementEntries {
  ledger::EntryBatch entries;  // compact: names kept once per batch
  Summary summary;
  std::vector<std::string> warnings;
};

num::Result<SettlementEntries> compute_entries(const SettleContext& ctx);

}  // namespace accrue::settle
