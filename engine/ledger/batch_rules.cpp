#include "ledger/batch_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include "ledger/canonical.h"
#include "ledger/chart.h"
#include "ledger/entry_view.h"

namespace accrue::ledger::detail {
namespace {

constexpr std::size_t max_listed_problems = 20;

// "entry 12", formatted only when a problem is reported: building the text
// for every entry would cost an allocation per entry on the happy path.
struct EntryLabel {
  std::int64_t sequence;
};

}  // namespace
}  // namespace accrue::ledger::detail

template <>
struct fmt::formatter<accrue::ledger::detail::EntryLabel> : fmt::formatter<std::string_view> {
  auto format(const accrue::ledger::detail::EntryLabel& label, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "entry {}", label.sequence);
  }
};

namespace accrue::ledger::detail {
namespace {

bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

// Names (payees, components, accounts, ...) end up in CSV, JSON and account
// keys: valid UTF-8 without control characters keeps every export well-formed.
template <class Label>
void check_name(std::vector<std::string>& problems, const Label& where, std::string_view field,
                std::string_view value) {
  if (value.empty()) {
    problems.push_back(fmt::format("{}: {} is empty", where, field));
  } else if (!is_valid_utf8(value) || has_control_characters(value)) {
    problems.push_back(fmt::format("{}: {} is not printable UTF-8", where, field));
  }
}

void check_account(std::vector<std::string>& problems, EntryLabel where,
                   std::string_view side, std::string_view name, const EntryView& entry,
                   bool payee_may_differ) {
  const auto account = parse_account(name);
  if (!account) {
    problems.push_back(fmt::format("{}: {} account '{}' is not <type>:<key> with a type of the "
                                   "chart of accounts",
                                   where, side, name));
    return;
  }
  const std::string_view owner = account->type == AccountType::expense ? std::string_view(entry.component)
                                                                       : std::string_view(entry.payee);
  if (account->key != owner && !payee_may_differ) {
    problems.push_back(fmt::format("{}: {} account '{}' does not belong to {} '{}'", where, side, name,
                                   account->type == AccountType::expense ? "component" : "payee", owner));
  }
}

void check_movement(std::vector<std::string>& problems, EntryLabel where, const EntryView& entry) {
  const auto debit = parse_account(entry.debit_account);
  const auto credit = parse_account(entry.credit_account);
  const auto& rule = kind_rule(entry.kind);
  if (entry.kind == EntryKind::reversal) {
    // A reversal mirrors its target (checked with the target), whoever owns the accounts.
    if (!debit || !credit) problems.push_back(fmt::format("{}: reversal accounts are not in the chart", where));
    return;
  }
  check_account(problems, where, "debit", entry.debit_account, entry, false);
  check_account(problems, where, "credit", entry.credit_account, entry, entry.kind == EntryKind::transfer);
  if (!debit || !credit) return;
  const bool allowed = std::any_of(rule.movements.begin(), rule.movements.end(), [&](const Movement& m) {
    return m.debit == debit->type && m.credit == credit->type;
  });
  if (!allowed) {
    std::string expected;
    for (const auto& m : rule.movements) {
      expected += fmt::format("{}{} -> {}", expected.empty() ? "" : " or ", account_type_name(m.debit),
                              account_type_name(m.credit));
    }
    problems.push_back(fmt::format("{}: a {} entry moves {}, not {} -> {}", where, kind_name(entry.kind),
                                   expected, account_type_name(debit->type), account_type_name(credit->type)));
  }
}

void check_entry(std::vector<std::string>& problems, const EntryView& entry, const OrderedEntries& ordered,
                 std::string_view& known_currency) {
  const EntryLabel where{entry.sequence};
  check_name(problems, where, "payee", entry.payee);
  if (entry.customer) check_name(problems, where, "customer", *entry.customer);
  check_name(problems, where, "component", entry.component);
  check_name(problems, where, "rule", entry.rule);
  check_name(problems, where, "source span", entry.source_span);
  if (static_cast<int>(entry.kind) >= kind_count) {
    problems.push_back(fmt::format("{}: unknown kind {}", where, static_cast<int>(entry.kind)));
    return;
  }
  if (entry.amount_minor <= 0) {
    problems.push_back(fmt::format("{}: amount {} is not positive (an entry is a movement; its "
                                   "direction is given by its accounts)",
                                   where, entry.amount_minor));
  }
  if (entry.currency != known_currency) {  // batches hold one or few currencies
    if (minor_units(entry.currency)) {
      known_currency = entry.currency;
    } else {
      problems.push_back(fmt::format("{}: '{}' is not an ISO 4217 currency", where, entry.currency));
    }
  }
  if (entry.due_date && !is_iso_date(*entry.due_date)) {
    problems.push_back(fmt::format("{}: due date '{}' is not a calendar date YYYY-MM-DD", where, *entry.due_date));
  }
  if (entry.debit_account == entry.credit_account) {
    problems.push_back(fmt::format("{}: debits and credits the same account '{}'", where, entry.debit_account));
  }
  check_movement(problems, where, entry);
  const auto& rule = kind_rule(entry.kind);
  if (rule.needs_due_date && !entry.due_date) {
    problems.push_back(fmt::format("{}: a {} entry needs a due date", where, kind_name(entry.kind)));
  }
  if (rule.needs_settles && !entry.settles) {
    problems.push_back(fmt::format("{}: a {} entry must settle another entry", where, kind_name(entry.kind)));
  }
  if (!entry.settles) return;
  const auto& ref = *entry.settles;
  if (ref.sequence < 1 || (ref.batch && *ref.batch < 1)) {
    problems.push_back(fmt::format("{}: settles a reference that cannot exist", where));
    return;
  }
  if (ref.batch) return;  // an earlier batch: resolved when writing
  if (ref.sequence >= entry.sequence) {
    problems.push_back(fmt::format("{}: settles entry {}, which is not earlier in the batch", where, ref.sequence));
    return;
  }
  const EntryView target = ordered[static_cast<std::size_t>(ref.sequence - 1)];
  if (entry.kind == EntryKind::reversal &&
      (target.debit_account != entry.credit_account || target.credit_account != entry.debit_account ||
       target.amount_minor != entry.amount_minor || target.currency != entry.currency)) {
    problems.push_back(fmt::format("{}: a reversal must swap the accounts of entry {} and keep its "
                                   "amount and currency",
                                   where, ref.sequence));
  }
}

void add(std::vector<std::string>& problems, std::int64_t& total, std::int64_t amount, std::string_view what) {
  if (__builtin_add_overflow(total, amount, &total)) {
    problems.push_back(fmt::format("{} exceed {} minor units", what, INT64_MAX));
  }
}

// Double entry, per currency: overall debits equal credits, and each
// earned:<payee> clearing account nets to zero. Keys are views into the
// entries, so a million entries cost no allocation beyond one per account.
struct CurrencySums {
  std::string_view currency;
  std::int64_t debits = 0;
  std::int64_t credits = 0;
  std::array<std::pair<std::int64_t, std::int64_t>, 5> by_type{};  // debits, credits
  std::unordered_map<std::string_view, std::int64_t> earned_net;   // credits minus debits
};

BalanceReport balance(const OrderedEntries& entries, std::vector<std::string> problems) {
  std::vector<CurrencySums> currencies;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const EntryView entry = entries[i];
    if (entry.amount_minor <= 0) continue;  // already reported
    auto sums = std::find_if(currencies.begin(), currencies.end(),
                             [&](const CurrencySums& c) { return c.currency == entry.currency; });
    if (sums == currencies.end()) sums = currencies.insert(currencies.end(), CurrencySums{});
    sums->currency = entry.currency;
    for (const bool is_debit : {true, false}) {
      const std::string_view name = is_debit ? entry.debit_account : entry.credit_account;
      const auto account = parse_account(name);
      if (!account) continue;
      auto& by_type = sums->by_type[static_cast<std::size_t>(account->type)];
      add(problems, is_debit ? by_type.first : by_type.second, entry.amount_minor, "account type totals");
      add(problems, is_debit ? sums->debits : sums->credits, entry.amount_minor, "batch totals");
      if (account->type == AccountType::earned) {
        auto& net = sums->earned_net[name];
        if (__builtin_sub_overflow(net, is_debit ? entry.amount_minor : -entry.amount_minor, &net)) {
          problems.emplace_back("earned account totals overflow");
        }
      }
    }
  }
  std::sort(currencies.begin(), currencies.end(),
            [](const CurrencySums& a, const CurrencySums& b) { return a.currency < b.currency; });
  BalanceReport report;
  for (const auto& sums : currencies) {
    if (sums.debits != sums.credits) {
      problems.push_back(fmt::format("{}: debits {} differ from credits {}", sums.currency, sums.debits, sums.credits));
    }
    std::map<std::string_view, std::int64_t> unsettled;  // sorted for a stable message
    for (const auto& [account, net] : sums.earned_net) {
      if (net != 0) unsettled.emplace(account, net);
    }
    const int exponent = minor_units(sums.currency).value_or(0);
    for (const auto& [account, net] : unsettled) {
      problems.push_back(fmt::format("{} {}: {} {}", account, sums.currency, format_amount(net > 0 ? net : -net, exponent),
                                     net > 0 ? "earned but neither paid, deferred nor reduced"
                                             : "more paid, deferred or reduced than earned"));
    }
    std::vector<AccountTypeTotal> totals;
    for (std::size_t type = 0; type < sums.by_type.size(); ++type) {
      const auto& [debits, credits] = sums.by_type[type];
      if (debits == 0 && credits == 0) continue;
      totals.push_back({std::string(sums.currency), std::string(account_type_name(static_cast<AccountType>(type))),
                        debits, credits});
    }
    std::sort(totals.begin(), totals.end(),
              [](const AccountTypeTotal& a, const AccountTypeTotal& b) { return a.account_type < b.account_type; });
    report.totals.insert(report.totals.end(), totals.begin(), totals.end());
  }
  report.problems = std::move(problems);
  return report;
}

}  // namespace

std::vector<std::string> header_problems(const BatchHeader& header) {
  std::vector<std::string> problems;
  check_name(problems, "batch", "period", header.period);
  check_name(problems, "batch", "engine version", header.engine_version);
  if (!is_hex_digest(header.plan_hash)) {
    problems.push_back("batch: plan hash is not 64 lowercase hex digits (SHA-256)");
  }
  for (const auto& [name, hash] : header.data_hashes) {
    check_name(problems, "batch", "data source name", name);
    if (!is_hex_digest(hash)) {
      problems.push_back(fmt::format("batch: hash of data source '{}' is not 64 lowercase hex digits", name));
    }
  }
  for (const auto& argument : header.arguments) {
    if (!is_valid_utf8(argument)) problems.push_back("batch: an argument is not valid UTF-8");
  }
  return problems;
}

bool is_valid_utf8(std::string_view text) {
  std::size_t at = 0;
  while (at < text.size() && static_cast<unsigned char>(text[at]) < 0x80) ++at;  // ASCII: the common case
  while (at < text.size()) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead < 0x80) {
      ++at;
      continue;
    } else if ((lead & 0xe0) == 0xc0) {
      length = 2, code = lead & 0x1f;
    } else if ((lead & 0xf0) == 0xe0) {
      length = 3, code = lead & 0x0f;
    } else if ((lead & 0xf8) == 0xf0) {
      length = 4, code = lead & 0x07;
    } else {
      return false;
    }
    if (at + length > text.size()) return false;
    for (std::size_t i = 1; i < length; ++i) {
      const auto next = static_cast<unsigned char>(text[at + i]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    static constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    at += length;
  }
  return true;
}

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int fields[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (std::size_t i = 0; i < lengths[f]; ++i) {
      const char c = text[starts[f] + i];
      if (c < '0' || c > '9') return false;
      fields[f] = fields[f] * 10 + (c - '0');
    }
  }
  const auto [year, month, day] = fields;
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= days_in_month[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::string summarize(const std::vector<std::string>& problems) {
  std::string message;
  for (std::size_t i = 0; i < problems.size() && i < max_listed_problems; ++i) {
    message += (i == 0 ? "" : "; ") + problems[i];
  }
  if (problems.size() > max_listed_problems) {
    message += fmt::format("; and {} more", problems.size() - max_listed_problems);
  }
  return message;
}

}  // namespace accrue::ledger::detail

namespace accrue::ledger {

BalanceReport check_batch(std::span<const Entry> entries) {
  const detail::OrderedEntries ordered(entries);
  auto problems = detail::entry_problems(ordered);
  auto report = detail::balance_report(ordered);
  problems.insert(problems.end(), report.problems.begin(), report.problems.end());
  report.problems = std::move(problems);
  return report;
}

}  // namespace accrue::ledger

namespace accrue::ledger::detail {

BalanceReport balance_report(const OrderedEntries& entries) { return balance(entries, {}); }

BalanceReport balance_report(std::span<const Entry> entries) { return balance(OrderedEntries(entries), {}); }

std::vector<std::string> entry_problems(const OrderedEntries& ordered) {
  std::vector<std::string> problems;
  if (ordered.size() == 0) problems.emplace_back("the batch has no entries");
  bool contiguous = true;
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    const auto expected = static_cast<std::int64_t>(i + 1);
    if (ordered[i].sequence != expected) {
      problems.push_back(fmt::format("sequences must run 1..{} without gaps or repeats; position {} has {}",
                                     ordered.size(), expected, ordered[i].sequence));
      contiguous = false;
      break;
    }
  }
  if (contiguous) {
    std::string_view known_currency;
    for (std::size_t i = 0; i < ordered.size(); ++i) check_entry(problems, ordered[i], ordered, known_currency);
  }
  return problems;
}

}  // namespace accrue::ledger::detail
