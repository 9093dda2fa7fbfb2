#include <doctest/doctest.h>
#include <sqlite3.h>

#include "ledger/test_support.h"

namespace accrue::ledger {
namespace {

using testing::expect_ok;
using testing::file_bytes;
using testing::ScratchDir;

// Runs SQL behind the layer's back and returns SQLite's error text ("" if it worked).
std::string raw_sql(const std::filesystem::path& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  sqlite3_exec(db, sql, nullptr, nullptr, &message);
  std::string text = message ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  return text;
}

}  // namespace

TEST_CASE("a batch is appended and read back exactly") {
  ScratchDir dir;
  auto ledger = testing::open_or_fail(dir / "l.db");
  const auto header = sample::header("2026-Q1");
  const auto entries = testing::small_batch();
  auto outcome = ledger.append_batch(header, entries);
  REQUIRE(outcome.ok());
  CHECK(outcome->batch == 1);
  CHECK(outcome->written);

  auto stored = ledger.entries(1);
  CHECK(expect_ok(stored) == entries);
  auto info = ledger.batch(1);
  CHECK(expect_ok(info).header == header);
  CHECK(info->identity == batch_identity(header));
  CHECK(info->entry_count == 4);
  CHECK_FALSE(info->supersedes.has_value());
  auto report = ledger.verify_balanced(1);
  CHECK(expect_ok(report).balanced());
  CHECK(report->totals.size() == 4);

  auto missing = ledger.entries(9);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::not_found);
}

TEST_CASE("batches are found by period and by identity") {
  ScratchDir dir;
  auto ledger = testing::open_or_fail(dir / "l.db");
  REQUIRE(ledger.append_batch(sample::header("2026-Q1"), testing::small_batch()).ok());
  REQUIRE(ledger.append_batch(sample::header("2026-Q2"), testing::small_batch("bob")).ok());
  auto q2 = ledger.find_batch_for_period("2026-Q2");
  REQUIRE(expect_ok(q2).has_value());
  CHECK((*q2)->id == 2);
  auto q3 = ledger.find_batch_for_period("2026-Q3");
  CHECK_FALSE(expect_ok(q3).has_value());
  auto by_identity = ledger.find_batch_by_identity(batch_identity(sample::header("2026-Q1")));
  REQUIRE(expect_ok(by_identity).has_value());
  CHECK((*by_identity)->id == 1);
  auto batches = ledger.list_batches();
  CHECK(expect_ok(batches).size() == 2);
}

TEST_CASE("appending the same plan, data and period again writes nothing") {
  ScratchDir dir;
  const auto path = dir / "l.db";
  auto ledger = testing::open_or_fail(path);
  REQUIRE(ledger.append_batch(sample::header("2026-Q1"), testing::small_batch()).ok());
  const auto before = file_bytes(path);
  auto header = sample::header("2026-Q1");
  header.arguments = {"settle", "/another/checkout/plan.plan"};  // paths are not identity
  auto again = ledger.append_batch(header, testing::small_batch());
  REQUIRE(again.ok());
  CHECK_FALSE(again->written);
  CHECK(again->batch == 1);
  CHECK(file_bytes(path) == before);
}

TEST_CASE("another plan for a settled period is refused unless superseding") {
  ScratchDir dir;
  const auto path = dir / "l.db";
  auto ledger = testing::open_or_fail(path);
  REQUIRE(ledger.append_batch(sample::header("2026-Q1"), testing::small_batch()).ok());
  const auto before = file_bytes(path);
  auto refused = ledger.append_batch(sample::header("2026-Q1", 1), testing::small_batch());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::period_settled);
  CHECK(refused.error().message.find("period 2026-Q1 is already settled by batch 1") != std::string::npos);
  CHECK(file_bytes(path) == before);
}

TEST_CASE("an unbalanced or malformed batch is refused before anything is written") {
  ScratchDir dir;
  const auto path = dir / "l.db";
  auto ledger = testing::open_or_fail(path);
  REQUIRE(ledger.append_batch(sample::header("2026-Q1"), testing::small_batch()).ok());
  const auto before = file_bytes(path);

  auto entries = testing::small_batch();
  entries[3].amount_minor -= 1;
  auto unbalanced = ledger.append_batch(sample::header("2026-Q2"), entries);
  REQUIRE_FALSE(unbalanced.ok());
  CHECK(unbalanced.error().code == ErrorCode::unbalanced);
  CHECK(unbalanced.error().message ==
        "batch refused, nothing was written: earned:alice EUR: 0.01 earned but neither paid, deferred nor reduced");

  auto header = sample::header("2026-Q2");
  header.plan_hash = "not a hash";
  auto malformed = ledger.append_batch(header, testing::small_batch());
  REQUIRE_FALSE(malformed.ok());
  CHECK(malformed.error().code == ErrorCode::invalid_batch);

  auto dangling = testing::small_batch();
  dangling[2].settles = EntryRef{5, 1};
  auto refused = ledger.append_batch(sample::header("2026-Q2"), dangling);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("entry 3: settles batch 5 entry 1, which does not exist") != std::string::npos);
  CHECK(file_bytes(path) == before);
}

TEST_CASE("entries of later periods settle entries of earlier batches") {
  ScratchDir dir;
  auto ledger = testing::open_or_fail(dir / "l.db");
  REQUIRE(ledger.append_batch(sample::header("2026-Q1"), testing::small_batch()).ok());
  Entry release = testing::small_batch()[3];
  release.sequence = 1;
  release.kind = EntryKind::release;
  release.debit_account = "deferred:alice";
  release.credit_account = "payable:alice";
  release.due_date.reset();
  release.settles = EntryRef{1, 4};
  auto outcome = ledger.append_batch(sample::header("2027-Q1"), std::vector{release});
  REQUIRE(outcome.ok());
  auto stored = ledger.entries(outcome->batch);
  REQUIRE(expect_ok(stored).size() == 1);
  CHECK((*stored)[0].settles == EntryRef{1, 4});
  CHECK(expect_ok(ledger.verify_balanced(2)).balanced());
}

TEST_CASE("a read-only ledger refuses to append") {
  ScratchDir dir;
  const auto path = dir / "l.db";
  { testing::open_or_fail(path); }
  const auto before = file_bytes(path);
  auto ledger = testing::open_or_fail(path, OpenMode::read_only);
  auto refused = ledger.append_batch(sample::header("2026-Q1"), testing::small_batch());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::read_only);
  CHECK(file_bytes(path) == before);
}

TEST_CASE("triggers keep the ledger append-only") {
  ScratchDir dir;
  const auto path = dir / "l.db";
  {
    auto ledger = testing::open_or_fail(path);
    REQUIRE(ledger.append_batch(sample::header("2026-Q1"), testing::small_batch()).ok());
  }
  const auto before = file_bytes(path);
  CHECK(raw_sql(path, "UPDATE entry SET amount_minor = 1") == "the ledger is append-only: entries cannot be changed");
  CHECK(raw_sql(path, "DELETE FROM entry") == "the ledger is append-only: entries cannot be deleted");
  CHECK(raw_sql(path, "UPDATE batch SET period = 'x'") == "the ledger is append-only: batches cannot be changed");
  CHECK(raw_sql(path, "DELETE FROM batch") == "the ledger is append-only: batches cannot be deleted");
  CHECK(raw_sql(path, "DELETE FROM batch_source") == "the ledger is append-only: batch sources cannot be deleted");
  CHECK(raw_sql(path, "UPDATE batch_source SET name = 'x'") ==
        "the ledger is append-only: batch sources cannot be changed");
  CHECK(raw_sql(path, "DELETE FROM meta") == "the ledger is append-only: metadata cannot be deleted");
  CHECK(raw_sql(path, "INSERT INTO batch (batch_id, identity, period, plan_hash, engine_version, arguments, "
                      "first_entry_id, entry_count, entries_digest, encoding) SELECT 9, identity, period, plan_hash, "
                      "engine_version, arguments, 99, 1, entries_digest, 1 FROM batch") ==
        "the period already has a batch; a new one must supersede it");
  CHECK(file_bytes(path) == before);
}

TEST_CASE("verification finds rows changed behind the triggers' back") {
  ScratchDir dir;
  const auto path = dir / "l.db";
  {
    auto ledger = testing::open_or_fail(path);
    REQUIRE(ledger.append_batch(sample::header("2026-Q1"), testing::small_batch()).ok());
  }
  CHECK(raw_sql(path, "DROP TRIGGER entry_no_update; UPDATE entry SET payee = 'mallory' WHERE sequence = 3") == "");
  auto ledger = testing::open_or_fail(path, OpenMode::read_only);
  auto report = ledger.verify_balanced(1);
  REQUIRE(report.ok());
  CHECK_FALSE(report->balanced());
  CHECK(testing::detail_contains(report->problems, "entry 3: its contents no longer match its hash"));
}

}  // namespace accrue::ledger

namespace accrue::ledger {

TEST_CASE("compact entries are written, hashed and checked exactly like plain ones") {
  const auto entries = testing::small_batch();
  EntryBatch batch;
  for (const Entry& e : entries) batch.add(e);
  CHECK(batch.all() == entries);
  CHECK(batch.names.size() < 4 * 9);  // texts shared across entries are kept once
  CHECK(batch.names.id("alice") == batch.names.id(std::string("alice")));
  const NameId added = batch.names.add("C-new");  // no lookup: a new index, the same text
  CHECK(added == batch.names.size() - 1);
  CHECK(batch.names.text(added) == "C-new");
  // A block of texts back to back: consecutive ids, then ids go on after it.
  const NameId block = batch.names.add_all("C10C9C100", {3, 5, 9});
  CHECK(block == added + 1);
  CHECK(batch.names.text(block) == "C10");
  CHECK(batch.names.text(block + 1) == "C9");
  CHECK(batch.names.text(block + 2) == "C100");
  CHECK(batch.names.id("after-block") == block + 3);
  CHECK(batch.names.text(block + 3) == "after-block");
  CHECK(batch.names.text(block + 1) == "C9");  // views into the block stay valid as the table grows

  ScratchDir dir;
  auto plain = testing::open_or_fail(dir / "plain.db");
  auto compact = testing::open_or_fail(dir / "compact.db");
  const auto header = sample::header("2026-Q1");
  REQUIRE(plain.append_batch(header, entries).ok());
  REQUIRE(compact.append_batch(header, batch).ok());
  CHECK(expect_ok(compact.entries(1)) == entries);
  CHECK(expect_ok(compact.batch(1)).entries_digest == expect_ok(plain.batch(1)).entries_digest);
  CHECK(testing::export_all(compact) == testing::export_all(plain));

  // The same rules refuse a bad compact batch, naming the entry.
  EntryBatch unbalanced;
  for (const Entry& e : entries) unbalanced.add(e);
  unbalanced.entries.back().amount_minor += 1;
  auto refused = compact.append_batch(sample::header("2026-Q2"), unbalanced);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::unbalanced);

  // Superseding with compact entries writes the new entries, then the reversals.
  EntryBatch changed;
  for (Entry e : testing::small_batch("bob")) changed.add(e);
  auto superseded = compact.supersede(1, sample::header("2026-Q1", 1), changed);
  REQUIRE(superseded.ok());
  CHECK(superseded->reversals == 4);
  CHECK(expect_ok(compact.verify_balanced(superseded->batch)).balanced());
}

}  // namespace accrue::ledger
