// The settlement's working model, internal to the settle layer: one Line per
// (payout, subject row, recipient payee row), carrying the exact gross amount
// the plan computed and, in rule order, the exact amount left after each rule
// that touched it. Nothing here is rounded; posting rounds every amount to
// minor units once, so each rule's reduction is rounded(before) - rounded(after)
// and the entries of a line add up exactly (see posting.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check/plan.h"
#include "ledger/ledger.h"
#include "num/num.h"

namespace accrue::settle {

// What one rule did to one line: the amount left after it (exact).
struct Adjustment {
  ledger::EntryKind kind = ledger::EntryKind::cap;  // cap (concentration or cap), gate, veto
  check::RuleId rule = check::kNoId;
  num::Decimal after;
};

struct FloorTopUp {
  check::RuleId rule = check::kNoId;
  std::int64_t minor = 0;
};

inline constexpr std::uint32_t kNoLineRow = UINT32_MAX;

struct Line {
  check::PayoutId payout = check::kNoId;
  check::RecordId subject_record = check::kNoId;
  std::uint32_t subject_row = kNoLineRow;  // kNoLineRow: a line holding only a floor top-up
  check::RecordId payee_record = check::kNoId;
  std::uint32_t payee_row = kNoLineRow;
  std::string payee;                       // key of the payee row
  std::optional<std::string> customer;     // key of the subject row when it is not the payee
  num::Decimal earned;                     // gross, exact, >= 0
  std::vector<Adjustment> adjustments;     // in the order the rules were applied
  // Floor top-ups in minor units, in rule order: floors compare rounded
  // totals, so their top-ups are whole minor units (rules_application.cpp).
  std::vector<FloorTopUp> floors;

  const num::Decimal& current() const { return adjustments.empty() ? earned : adjustments.back().after; }
};

// Lines sorted by (payout declaration order, payee key, customer key; no customer first).
struct Lines {
  std::vector<Line> lines;
  std::vector<std::string> warnings;
};

bool line_order(const Line& a, const Line& b);
void sort_lines(std::vector<Line>& lines);  // into line_order

}  // namespace accrue::settle
