// The chart of accounts and which movements each entry kind may make. Writing
// the rules down as a table lets the ledger refuse a mis-posted entry before it
// is written, and lets docs/ledger.md and the code be checked against each other.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "ledger/ledger.h"

namespace accrue::ledger::detail {

// Every account is "<type>:<key>". expense is keyed by component, every other
// type by payee.
enum class AccountType { expense, earned, payable, deferred, receivable };

std::string_view account_type_name(AccountType type);

struct Account {
  AccountType type;
  std::string_view key;
};
std::optional<Account> parse_account(std::string_view name);

struct Movement {
  AccountType debit;
  AccountType credit;
};

struct KindRule {
  std::span<const Movement> movements;  // empty: any pair (reversal mirrors its target)
  bool needs_settles;
  bool needs_due_date;
};
const KindRule& kind_rule(EntryKind kind);

inline constexpr int kind_count = 14;

}  // namespace accrue::ledger::detail
