// Deferral: a posted amount split into the tranches of its payout's schedule.
// The `now` tranche is paid, each `after D` tranche deferred with a due date
// of the period's last day + D (months added on the calendar, the day clamped
// to the month's end). Tranche conditions, `else`, clawback, leaver and
// transfer policies are not evaluated in the settled period: releases in later
// periods will read them from the plan.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "settle/settle_context.h"

namespace accrue::settle {

struct TrancheShare {
  num::Decimal share;                 // a fraction: 50% is 0.5
  std::optional<std::int32_t> due;    // day of a deferred tranche; none for `now`
};

// The tranches of a payout for the period; one `now` tranche of 100% when the
// payout has no schedule.
num::Result<std::vector<TrancheShare>> deferral_plan(const SettleContext& ctx, const check::PayoutInfo& payout);

struct Tranche {
  std::int64_t minor = 0;
  std::optional<std::int32_t> due;
};

// Exact split of `posted_minor` by the shares (num::allocate, keyed by tranche
// position so ties go to the earlier tranche); parts sum to posted_minor.
num::Result<std::vector<Tranche>> split_into_tranches(const MoneyRounding& rounding,
                                                      const std::vector<TrancheShare>& plan,
                                                      std::int64_t posted_minor);
// The same into `out` (cleared first), so a caller splitting a million lines
// reuses one vector.
num::Result<void> split_into_tranches(const MoneyRounding& rounding, const std::vector<TrancheShare>& plan,
                                      std::int64_t posted_minor, std::vector<Tranche>& out);

// `day` + count units (day(s), month(s), quarter(s), year(s)), months on the
// calendar with the day clamped to the end of the month.
std::optional<std::int32_t> add_duration(std::int32_t day, std::int64_t count, std::string_view unit);

}  // namespace accrue::settle
