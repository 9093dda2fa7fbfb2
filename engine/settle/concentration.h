// Step 1 of the rules: concentration caps and warnings. For a rule on payee
// record P per record C of measure M, each payee's total T is the sum of M
// over the C rows related to it, measured before any capping. A line whose
// customer c has M(c) > cap x T is scaled by (cap x T) / M(c); M(c) > warn x T
// only produces a settlement warning.
#pragma once

#include "settle/settle_context.h"
#include "settle/settlement_lines.h"

namespace accrue::settle {

num::Result<void> apply_concentration(const SettleContext& ctx, Lines& lines);

}  // namespace accrue::settle
