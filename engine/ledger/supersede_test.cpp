#include <doctest/doctest.h>

#include <map>

#include "ledger/test_support.h"

namespace accrue::ledger {
namespace {

using testing::expect_ok;
using testing::file_bytes;
using testing::ScratchDir;

// Net balance (debits minus credits) of every account over all batches.
std::map<std::string, std::int64_t> net_balances(Ledger& ledger) {
  std::map<std::string, std::int64_t> net;
  auto batches = ledger.list_batches();
  for (const auto& batch : expect_ok(batches)) {
    auto entries = ledger.entries(batch.id);
    for (const auto& entry : expect_ok(entries)) {
      net[entry.debit_account] += entry.amount_minor;
      net[entry.credit_account] -= entry.amount_minor;
    }
  }
  std::erase_if(net, [](const auto& item) { return item.second == 0; });
  return net;
}

std::map<std::string, std::int64_t> net_of(const std::vector<Entry>& entries) {
  std::map<std::string, std::int64_t> net;
  for (const auto& entry : entries) {
    net[entry.debit_account] += entry.amount_minor;
    net[entry.credit_account] -= entry.amount_minor;
  }
  std::erase_if(net, [](const auto& item) { return item.second == 0; });
  return net;
}

}  // namespace

TEST_CASE("supersede reverses the old batch and appends the new one") {
  ScratchDir dir;
  auto ledger = testing::open_or_fail(dir / "l.db");
  const auto old_entries = testing::small_batch();
  REQUIRE(ledger.append_batch(sample::header("2026-Q1"), old_entries).ok());

  auto new_entries = testing::small_batch();
  new_entries[1].amount_minor = 20000;  // a bigger cap
  new_entries[2].amount_minor = 40000;
  new_entries[3].amount_minor = 40000;
  auto outcome = ledger.supersede(1, sample::header("2026-Q1", 1), new_entries);
  REQUIRE(outcome.ok());
  CHECK(outcome->written);
  CHECK(outcome->batch == 2);
  CHECK(outcome->reversals == 4);

  auto stored = ledger.entries(2);
  REQUIRE(expect_ok(stored).size() == 8);
  for (std::size_t i = 0; i < 4; ++i) CHECK((*stored)[i] == new_entries[i]);
  for (std::size_t i = 0; i < 4; ++i) {
    const Entry& reversal = (*stored)[4 + i];
    CHECK(reversal.sequence == static_cast<std::int64_t>(5 + i));
    CHECK(reversal.kind == EntryKind::reversal);
    CHECK(reversal.settles == EntryRef{1, old_entries[i].sequence});
    CHECK(reversal.debit_account == old_entries[i].credit_account);
    CHECK(reversal.credit_account == old_entries[i].debit_account);
    CHECK(reversal.amount_minor == old_entries[i].amount_minor);
    CHECK(reversal.due_date == old_entries[i].due_date);
  }
  CHECK(expect_ok(ledger.verify_balanced(2)).balanced());

  // History stays: batch 1 is still there, now marked as superseded.
  auto old_info = ledger.batch(1);
  CHECK(expect_ok(old_info).superseded_by == 2);
  CHECK(expect_ok(ledger.entries(1)) == old_entries);
  auto current = ledger.find_batch_for_period("2026-Q1");
  CHECK(expect_ok(current)->id == 2);
  CHECK(net_balances(ledger) == net_of(new_entries));
}

TEST_CASE("superseding twice, and back to the first plan, nets to the last batch") {
  ScratchDir dir;
  auto ledger = testing::open_or_fail(dir / "l.db");
  REQUIRE(ledger.append_batch(sample::header("2026-Q1", 0), testing::small_batch()).ok());
  auto second = sample::entries(20, 5);
  REQUIRE(ledger.supersede(1, sample::header("2026-Q1", 1), second).ok());
  auto third = sample::entries(11, 9);
  auto outcome = ledger.supersede(2, sample::header("2026-Q1", 0), third);
  REQUIRE(outcome.ok());
  // Batch 2 held 20 entries plus 4 reversals of batch 1: only the 20 are undone.
  CHECK(outcome->reversals == 20);
  CHECK(net_balances(ledger) == net_of(third));
  auto by_identity = ledger.find_batch_by_identity(batch_identity(sample::header("2026-Q1", 0)));
  CHECK(expect_ok(by_identity)->id == 3);
  for (BatchId id = 1; id <= 3; ++id) CHECK(expect_ok(ledger.verify_balanced(id)).balanced());
}

TEST_CASE("supersede checks what it replaces") {
  ScratchDir dir;
  const auto path = dir / "l.db";
  auto ledger = testing::open_or_fail(path);
  REQUIRE(ledger.append_batch(sample::header("2026-Q1"), testing::small_batch()).ok());
  REQUIRE(ledger.supersede(1, sample::header("2026-Q1", 1), testing::small_batch("bob")).ok());
  const auto before = file_bytes(path);

  auto stale = ledger.supersede(1, sample::header("2026-Q1", 2), testing::small_batch());
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error().message.find("batch 1 is not the current batch of period 2026-Q1 (batch 2 is)") !=
        std::string::npos);
  auto nothing = ledger.supersede(1, sample::header("2026-Q3", 2), testing::small_batch());
  REQUIRE_FALSE(nothing.ok());
  CHECK(nothing.error().code == ErrorCode::not_found);
  auto same = ledger.supersede(2, sample::header("2026-Q1", 1), testing::small_batch("bob"));
  REQUIRE(same.ok());
  CHECK_FALSE(same->written);
  CHECK(file_bytes(path) == before);
}

}  // namespace accrue::ledger
