// Internal to the eval layer: calendar arithmetic on days since 1970-01-01
// and the date range each aggregation window covers. Months are added
// calendar-wise and clamped to the month's end (Jan 31 + 1 month = Feb 28/29),
// so a window never depends on the length of the months it crosses.
#pragma once

#include <cstdint>

#include "eval/eval.h"
#include "syntax/ast.h"

namespace accrue::eval {

struct DayRange {
  std::int32_t first = INT32_MIN;  // inclusive
  std::int32_t last = INT32_MAX;   // inclusive
  bool contains(std::int32_t day) const { return day >= first && day <= last; }
};

std::int32_t add_months(std::int32_t day, std::int32_t months);
// First day of the month `months` after the month of `day` (negative: before).
std::int32_t month_start(std::int32_t day, std::int32_t months = 0);
// Months in one period of the cadence: 1, 3 or 12.
int cadence_months(std::string_view cadence);

// The dates a window covers in `period`; false when the window is malformed
// (the checker rejects those, so this is only a guard).
bool window_range(const syntax::Window& window, const Period& period, DayRange& out);

// A period whose first day is `months` months after p's (negative: before),
// covering as many months as p does, labelled in the cadence's form.
Period shift_period_months(const Period& p, std::string_view cadence, std::int32_t months);

}  // namespace accrue::eval
