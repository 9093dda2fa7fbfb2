// The plan's rules, applied to every line in one fixed order:
//   1. concentration caps (concentration.h),
//   2. gates: a requirement not met takes the whole line (`gate`),
//   3. vetoes: a condition that holds zeroes the line or cuts X% of what is
//      left (`veto`),
//   4. caps: per (payee, payout) the total is brought down to the cap, the
//      reduction allocated back across the lines by amount (`cap`),
//   5. floors: per (payee, payout) a total below the floor is topped up by
//      one `floor` amount.
// Each rule records its own step on the line, so its reduction becomes its own
// ledger entry. A veto `for plan year` is applied in every period in which its
// condition holds; carrying it to later periods comes with releases.
#pragma once

#include "settle/settle_context.h"
#include "settle/settlement_lines.h"

namespace accrue::settle {

num::Result<void> apply_rules(const SettleContext& ctx, Lines& lines);

// The individual steps, in the order apply_rules runs them (for tests).
num::Result<void> apply_gates(const SettleContext& ctx, Lines& lines);
num::Result<void> apply_vetoes(const SettleContext& ctx, Lines& lines);
num::Result<void> apply_caps(const SettleContext& ctx, Lines& lines);
num::Result<void> apply_floors(const SettleContext& ctx, Lines& lines);

}  // namespace accrue::settle
