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
#include "eval/eval.h"
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
inline constexpr std::uint32_t kNoCustomer = UINT32_MAX;

// A Line names its payee and customer by row and by key rank (the key's
// position in byte order among its record's keys), never by key text: a
// million lines then hold no strings, and lines sort by comparing integers.
// The key text, for entries and messages, comes from the evaluation.
struct Line {
  check::PayoutId payout = check::kNoId;
  check::RecordId subject_record = check::kNoId;
  std::uint32_t subject_row = kNoLineRow;  // kNoLineRow: a line holding only a floor top-up
  check::RecordId payee_record = check::kNoId;
  std::uint32_t payee_row = kNoLineRow;
  std::uint32_t payee_rank = 0;              // rank of the payee row's key
  std::uint32_t customer_rank = kNoCustomer; // rank of the subject row's key when the subject is not the payee
  num::Decimal earned;                       // gross, exact, >= 0
  std::vector<Adjustment> adjustments;       // in the order the rules were applied
  // Floor top-ups in minor units, in rule order: floors compare rounded
  // totals, so their top-ups are whole minor units (rules_application.cpp).
  std::vector<FloorTopUp> floors;

  bool has_customer() const { return customer_rank != kNoCustomer; }
  const num::Decimal& current() const { return adjustments.empty() ? earned : adjustments.back().after; }
};

// Lines sorted by (payout declaration order, payee key, customer key; no customer first).
struct Lines {
  std::vector<Line> lines;
  std::vector<std::string> warnings;
};

bool line_order(const Line& a, const Line& b);
void sort_lines(std::vector<Line>& lines);  // into line_order

// The key texts of a line's payee and customer ("R0042", "C0042").
std::string payee_key(const eval::Evaluation& ev, const Line& line);
std::optional<std::string> customer_key(const eval::Evaluation& ev, const Line& line);

// Each row's key rank: its key's position among the record's keys in byte
// order (the order line_order means by "key"). Text keys are dictionary codes
// already in that order; other keys are sorted once.
std::vector<std::uint32_t> key_ranks(const eval::Evaluation& ev, check::RecordId record);

}  // namespace accrue::settle
