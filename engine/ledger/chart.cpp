#include "ledger/chart.h"

#include <array>

namespace accrue::ledger {
namespace {

constexpr std::array<std::string_view, detail::kind_count> kind_names = {
    "earned",  "floor",   "veto",     "cap",      "gate",     "adjustment", "paid",
    "deferred", "release", "forfeit", "clawback", "recovery", "transfer",   "reversal",
};

}  // namespace

std::string_view kind_name(EntryKind kind) { return kind_names.at(static_cast<std::size_t>(kind)); }

std::optional<EntryKind> kind_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kind_names.size(); ++i) {
    if (kind_names[i] == name) return static_cast<EntryKind>(i);
  }
  return std::nullopt;
}

}  // namespace accrue::ledger

namespace accrue::ledger::detail {
namespace {

using enum AccountType;

constexpr std::array<std::string_view, 5> type_names = {"expense", "earned", "payable", "deferred",
                                                        "receivable"};

// Gross amounts a rule changed enter earned:<payee> from the component's
// expense; everything then leaves earned:<payee> again (paid, deferred or
// visibly reduced), so the clearing account nets to zero in a balanced batch.
// An amount no rule changed is one money movement per tranche, straight from
// the expense to the payee's payable or deferred account.
constexpr Movement into_earned[] = {{expense, earned}};
constexpr Movement out_of_earned_reduced[] = {{earned, expense}};
constexpr Movement adjusted[] = {{expense, earned}, {earned, expense}};
constexpr Movement paid_now[] = {{earned, payable}, {expense, payable}};
constexpr Movement deferred_out[] = {{earned, deferred}, {expense, deferred}};
// Later periods: a deferred tranche is released, forfeited or moved to another
// payee; paid money is clawed back (into a receivable when already paid out)
// and a receivable is recovered from later payables.
constexpr Movement released[] = {{deferred, payable}};
constexpr Movement forfeited[] = {{deferred, expense}};
constexpr Movement clawed_back[] = {{payable, expense}, {receivable, expense}};
constexpr Movement recovered[] = {{payable, receivable}};
constexpr Movement transferred[] = {{deferred, deferred}};

const std::array<KindRule, kind_count> rules = {{
    {into_earned, false, false},            // earned
    {into_earned, false, false},            // floor
    {out_of_earned_reduced, false, false},  // veto
    {out_of_earned_reduced, false, false},  // cap
    {out_of_earned_reduced, false, false},  // gate
    {adjusted, false, false},               // adjustment
    {paid_now, false, false},               // paid
    {deferred_out, false, true},            // deferred
    {released, true, false},                // release
    {forfeited, true, false},               // forfeit
    {clawed_back, true, false},             // clawback
    {recovered, false, false},              // recovery
    {transferred, true, false},             // transfer
    {{}, true, false},                      // reversal
}};

}  // namespace

std::string_view account_type_name(AccountType type) {
  return type_names.at(static_cast<std::size_t>(type));
}

std::optional<Account> parse_account(std::string_view name) {
  const auto colon = name.find(':');
  if (colon == std::string_view::npos || colon + 1 == name.size()) return std::nullopt;
  const auto prefix = name.substr(0, colon);
  for (std::size_t i = 0; i < type_names.size(); ++i) {
    if (type_names[i] == prefix) return Account{static_cast<AccountType>(i), name.substr(colon + 1)};
  }
  return std::nullopt;
}

const KindRule& kind_rule(EntryKind kind) { return rules.at(static_cast<std::size_t>(kind)); }

}  // namespace accrue::ledger::detail
