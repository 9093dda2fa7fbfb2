#include <doctest/doctest.h>

#include <algorithm>

#include "ledger/batch_rules.h"
#include "ledger/test_support.h"

namespace accrue::ledger {
namespace {

bool mentions(const BalanceReport& report, std::string_view text) {
  return std::any_of(report.problems.begin(), report.problems.end(),
                     [&](const std::string& problem) { return problem.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("a well-formed batch balances, with totals per account type") {
  const auto report = check_batch(testing::small_batch());
  CHECK(report.balanced());
  const std::vector<AccountTypeTotal> expected = {
      {"EUR", "deferred", 0, 45000},
      {"EUR", "earned", 100000, 100000},
      {"EUR", "expense", 100000, 10000},
      {"EUR", "payable", 0, 45000},
  };
  CHECK(report.totals == expected);
}

TEST_CASE("an amount no rule changed moves its tranches straight from the expense") {
  auto entries = testing::small_batch();
  entries.erase(entries.begin(), entries.begin() + 2);  // no gross, no cap: two money movements
  entries[0].sequence = 1;
  entries[1].sequence = 2;
  entries[0].debit_account = entries[1].debit_account = "expense:commission";
  const auto report = check_batch(entries);
  CAPTURE(detail::summarize(report.problems));
  CHECK(report.balanced());
  const std::vector<AccountTypeTotal> expected = {
      {"EUR", "deferred", 0, 45000},
      {"EUR", "expense", 90000, 0},
      {"EUR", "payable", 0, 45000},
  };
  CHECK(report.totals == expected);
  entries[1].debit_account = "expense:bonus";  // still the entry's own component only
  CHECK(mentions(check_batch(entries), "does not belong to component 'commission'"));
}

TEST_CASE("everything earned must be paid, deferred or visibly reduced") {
  auto entries = testing::small_batch();
  entries[3].amount_minor = 40000;  // 50.00 of the 1000.00 vanish
  const auto report = check_batch(entries);
  CHECK_FALSE(report.balanced());
  CHECK(mentions(report, "earned:alice EUR: 50.00 earned but neither paid, deferred nor reduced"));
  entries[3].amount_minor = 46000;
  CHECK(mentions(check_batch(entries), "earned:alice EUR: 10.00 more paid, deferred or reduced than earned"));
}

TEST_CASE("each currency balances on its own") {
  auto entries = testing::small_batch();
  entries[2].currency = "USD";  // paid in dollars what was earned in euros
  const auto report = check_batch(entries);
  CHECK(mentions(report, "earned:alice EUR: 450.00 earned"));
  CHECK(mentions(report, "earned:alice USD: 450.00 more paid"));
}

TEST_CASE("field rules") {
  const auto check = [](auto change, std::string_view expected) {
    auto entries = testing::small_batch();
    change(entries);
    const auto report = check_batch(entries);
    CAPTURE(detail::summarize(report.problems));
    CHECK(mentions(report, expected));
  };
  check([](auto& e) { e[0].amount_minor = 0; }, "entry 1: amount 0 is not positive");
  check([](auto& e) { e[0].amount_minor = -5; }, "entry 1: amount -5 is not positive");
  check([](auto& e) { e[0].currency = "EURO"; }, "'EURO' is not an ISO 4217 currency");
  check([](auto& e) { e[3].due_date = "2027-02-29"; }, "due date '2027-02-29' is not a calendar date");
  check([](auto& e) { e[3].due_date.reset(); }, "entry 4: a deferred entry needs a due date");
  check([](auto& e) { e[0].credit_account = "expense:commission"; }, "debits and credits the same account");
  check([](auto& e) { e[0].debit_account = "cash:bank"; }, "debit account 'cash:bank' is not <type>:<key>");
  check([](auto& e) { e[2].credit_account = "payable:bob"; }, "credit account 'payable:bob' does not belong to payee 'alice'");
  check([](auto& e) { e[0].debit_account = "expense:bonus"; }, "does not belong to component 'commission'");
  check([](auto& e) { e[2].credit_account = "deferred:alice"; }, "a paid entry moves earned -> payable or expense -> payable, not earned -> deferred");
  check([](auto& e) { e[3].debit_account = "expense:commission"; e[3].credit_account = "payable:alice"; },
        "a deferred entry moves earned -> deferred or expense -> deferred, not expense -> payable");
  check([](auto& e) { e[0].payee = ""; }, "entry 1: payee is empty");
  check([](auto& e) { e[0].rule = "bad\nrule"; }, "entry 1: rule is not printable UTF-8");
  check([](auto& e) { e[0].customer = std::string("\xc3\x28"); }, "entry 1: customer is not printable UTF-8");
  check([](auto& e) { e[1].kind = EntryKind::release; }, "a release entry must settle another entry");
  check([](auto& e) { e[2].settles = EntryRef{std::nullopt, 3}; }, "entry 3: settles entry 3, which is not earlier");
  check([](auto& e) { e[2].settles = EntryRef{std::nullopt, 0}; }, "settles a reference that cannot exist");
  check([](auto& e) { e[3].sequence = 7; }, "sequences must run 1..4 without gaps or repeats");
  check([](auto& e) { e[3].sequence = 3; }, "sequences must run 1..4 without gaps or repeats");
  check([](auto& e) { e.clear(); }, "the batch has no entries");
  check([](auto& e) { e[0].amount_minor = e[1].amount_minor = INT64_MAX; }, "exceed");
}

TEST_CASE("a reversal must mirror the entry it settles") {
  auto entries = testing::small_batch();
  Entry reversal = entries[2];
  reversal.sequence = 5;
  reversal.kind = EntryKind::reversal;
  reversal.settles = EntryRef{std::nullopt, 3};
  std::swap(reversal.debit_account, reversal.credit_account);
  Entry repaid = entries[2];
  repaid.sequence = 6;
  entries.push_back(reversal);
  entries.push_back(repaid);
  CHECK(check_batch(entries).balanced());
  entries[4].amount_minor -= 1;
  entries[5].amount_minor -= 1;
  CHECK(mentions(check_batch(entries), "entry 5: a reversal must swap the accounts of entry 3"));
}

TEST_CASE("later-period movements: release, forfeit, clawback, transfer") {
  auto make = [](std::int64_t sequence, EntryKind kind, std::string debit, std::string credit) {
    Entry e = testing::small_batch()[0];
    e.sequence = sequence;
    e.kind = kind;
    e.debit_account = std::move(debit);
    e.credit_account = std::move(credit);
    e.amount_minor = 100;
    e.settles = EntryRef{1, 4};
    return e;
  };
  const std::vector<Entry> entries = {
      make(1, EntryKind::release, "deferred:alice", "payable:alice"),
      make(2, EntryKind::forfeit, "deferred:alice", "expense:commission"),
      make(3, EntryKind::clawback, "receivable:alice", "expense:commission"),
      make(4, EntryKind::clawback, "payable:alice", "expense:commission"),
      make(5, EntryKind::transfer, "deferred:alice", "deferred:bob"),
  };
  const auto report = check_batch(entries);
  CAPTURE(detail::summarize(report.problems));
  CHECK(report.balanced());
}

}  // namespace accrue::ledger
