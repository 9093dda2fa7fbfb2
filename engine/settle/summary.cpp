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

Summary summarize(const ledger::EntryBatch& entries, const MoneyRounding& rounding) {
  // Sums per payee name id first (one array lookup per entry), then by key text.
  std::vector<std::array<std::int64_t, kColumns>> by_name(entries.names.size());
  std::vector<bool> is_payee(entries.names.size(), false);
  std::array<std::int64_t, kColumns> total{};
  for (const ledger::CompactEntry& e : entries.entries) {
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
    is_payee[e.payee] = true;
    auto& sums = by_name[e.payee];
    if (column == kColumns) continue;
    sums[column] += e.amount_minor;
    total[column] += e.amount_minor;
  }
  std::map<std::string_view, ledger::NameId> by_payee;
  for (ledger::NameId id = 0; id < is_payee.size(); ++id)
    if (is_payee[id]) by_payee.emplace(entries.names.text(id), id);
  Summary out;
  for (const auto& [payee, id] : by_payee) out.payees.push_back(row_of(std::string(payee), by_name[id], rounding));
  out.totals = row_of("TOTAL", total, rounding);
  return out;
}

}  // namespace accrue::settle
