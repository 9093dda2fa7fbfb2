// How a settlement's outcome is shown: the per-payee summary table and the
// outcome line for people, one JSON object for programs. Kept apart from the
// command so the layout can change without touching how settle is driven.
#pragma once

#include <optional>
#include <string>

#include "settle/settle.h"

namespace accrue::cli {

// The table (payee, earned, reduced, topped up, paid now, deferred; a totals
// row; amounts right-aligned, the currency code in the header) followed by the
// outcome line. `superseded` is the batch a supersede replaced, when known.
std::string summary_text(const settle::SettleReport& report, std::optional<std::int64_t> superseded);
std::string outcome_line(const settle::SettleReport& report, std::optional<std::int64_t> superseded);

// One JSON document (keys sorted, two-space indent, trailing newline).
std::string summary_json(const settle::SettleReport& report, std::optional<std::int64_t> superseded);
std::string failure_json(const settle::SettleFailure& failure, const diag::SourceMap& sources);

}  // namespace accrue::cli
