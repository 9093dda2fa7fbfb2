// Step: turn every payout's amount on every row of its subject into lines,
// one per (payout, subject row, payee credited). Team pools are split among
// their members with num::allocate. Amounts are exact and not yet touched by
// any rule.
#pragma once

#include "settle/settle_context.h"
#include "settle/settlement_lines.h"

namespace accrue::settle {

num::Result<Lines> build_payout_lines(const SettleContext& ctx);

}  // namespace accrue::settle
