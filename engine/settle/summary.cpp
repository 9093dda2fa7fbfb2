#include "settle/summary.h"

#include <array>
#include <map>

namespace accrue::settle {
namespace {

enum Column { kEarned, kReduced, kToppedUp, kPaid, kDeferred, kColumns };

PayeeSummary row_of(std::string payee, const std::array<std::int64_t, kColumns>& sums, const MoneyRounding& r) {
  return PayeeSummary{std::move(payee), r.text(sums[kEarned]),  r.text(sums[kReduced]),
                      r.text(sums[kToppedUp]), r.text(sums[kPaid]), r.text(sums[kDeferred])};
}

}  // namespace

Summary summarize(std::span<const ledger::Entry> entries, const MoneyRounding& rounding) {
  std::map<std::string, std::array<std::int64_t, kColumns>> by_payee;
  std::array<std::int64_t, kColumns> total{};
  for (const ledger::Entry& e : entries) {
    int column = kColumns;
    switch (e.kind) {
      case ledger::EntryKind::earned: column = kEarned; break;
      case ledger::EntryKind::veto:
      case ledger::EntryKind::cap:
      case ledger::EntryKind::gate: column = kReduced; break;
      case ledger::EntryKind::floor: column = kToppedUp; break;
      case ledger::EntryKind::paid: column = kPaid; break;
      case ledger::EntryKind::deferred: column = kDeferred; break;
      default: break;  // settlement posts no other kind
    }
    auto& sums = by_payee.try_emplace(e.payee).first->second;
    if (column == kColumns) continue;
    sums[column] += e.amount_minor;
    total[column] += e.amount_minor;
  }
  Summary out;
  for (const auto& [payee, sums] : by_payee) out.payees.push_back(row_of(payee, sums, rounding));
  out.totals = row_of("TOTAL", total, rounding);
  return out;
}

}  // namespace accrue::settle
