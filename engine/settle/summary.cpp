#include "settle/summary.h"

#include <array>
#include <map>
#include <unordered_map>

namespace accrue::settle {
namespace {

enum Column { kEarned, kReduced, kToppedUp, kPaid, kDeferred, kColumns };

PayeeSummary row_of(std::string payee, const std::array<std::int64_t, kColumns>& sums, const MoneyRounding& r) {
  return PayeeSummary{std::move(payee), r.text(sums[kEarned]),  r.text(sums[kReduced]),
                      r.text(sums[kToppedUp]), r.text(sums[kPaid]), r.text(sums[kDeferred])};
}

}  // namespace

Summary summarize(const ledger::EntryBatch& entries, const MoneyRounding& rounding) {
  // Sums per payee name id (entries come grouped by payee, so the last
  // payee's sums are one comparison away), then ordered by key text.
  std::unordered_map<ledger::NameId, std::array<std::int64_t, kColumns>> by_payee_id;
  std::unordered_map<ledger::NameId, bool> from_expense;  // by debit account
  std::array<std::int64_t, kColumns> total{};
  ledger::NameId last_payee = ledger::kNoName;
  std::array<std::int64_t, kColumns>* sums = nullptr;
  auto add = [&](int column, std::int64_t minor) {
    (*sums)[column] += minor;
    total[column] += minor;
  };
  for (const ledger::CompactEntry& e : entries.entries) {
    if (e.payee != last_payee || !sums) {
      sums = &by_payee_id[e.payee];
      last_payee = e.payee;
    }
    switch (e.kind) {
      case ledger::EntryKind::earned: add(kEarned, e.amount_minor); break;
      case ledger::EntryKind::veto:
      case ledger::EntryKind::cap:
      case ledger::EntryKind::gate: add(kReduced, e.amount_minor); break;
      case ledger::EntryKind::floor: add(kToppedUp, e.amount_minor); break;
      case ledger::EntryKind::paid:
      case ledger::EntryKind::deferred: {
        add(e.kind == ledger::EntryKind::paid ? kPaid : kDeferred, e.amount_minor);
        // A tranche straight from the expense was earned as it stands.
        auto [known, added] = from_expense.try_emplace(e.debit_account, false);
        if (added) known->second = entries.names.text(e.debit_account).starts_with("expense:");
        if (known->second) add(kEarned, e.amount_minor);
        break;
      }
      default: break;  // settlement posts no other kind
    }
  }
  std::map<std::string_view, const std::array<std::int64_t, kColumns>*> ordered;
  for (const auto& [id, payee_sums] : by_payee_id) ordered.emplace(entries.names.text(id), &payee_sums);
  Summary out;
  for (const auto& [payee, payee_sums] : ordered) out.payees.push_back(row_of(std::string(payee), *payee_sums, rounding));
  out.totals = row_of("TOTAL", total, rounding);
  return out;
}

}  // namespace accrue::settle
