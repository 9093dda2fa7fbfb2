#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>

#include "ledger/test_support.h"

namespace accrue::ledger {
namespace {

using testing::expect_ok;
using testing::file_bytes;
using testing::ScratchDir;

// Another process's connection, holding whatever lock its SQL takes.
class OtherConnection {
 public:
  OtherConnection(const std::filesystem::path& path, const char* sql) {
    REQUIRE(sqlite3_open(path.c_str(), &db_) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  ~OtherConnection() {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace

TEST_CASE("a ledger locked by another writer gives a clear error and stays unchanged") {
  ScratchDir dir;
  const auto path = dir / "l.db";
  auto ledger = testing::open_or_fail(path);
  expect_ok(ledger.append_batch(sample::header("2026-Q1"), testing::small_batch()));
  const auto before = file_bytes(path);
  {
    OtherConnection writer(path, "BEGIN IMMEDIATE");
    const auto start = std::chrono::steady_clock::now();
    auto refused = ledger.append_batch(sample::header("2026-Q2"), testing::small_batch());
    const auto waited = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::locked);
    CHECK(refused.error().message.find("locked by another writer") != std::string::npos);
    CHECK(waited < std::chrono::seconds(5));
    CHECK(file_bytes(path) == before);
  }
  CHECK(file_bytes(path) == before);
  CHECK(ledger.append_batch(sample::header("2026-Q2"), testing::small_batch()).ok());
}

TEST_CASE("a reader that blocks the commit makes the whole batch roll back") {
  ScratchDir dir;
  const auto path = dir / "l.db";
  auto ledger = testing::open_or_fail(path);
  expect_ok(ledger.append_batch(sample::header("2026-Q1"), testing::small_batch()));
  const auto before = file_bytes(path);
  const auto entries = sample::entries(50000, 8);  // more than fits in one page cache spill
  {
    // A shared lock held across our write: BEGIN IMMEDIATE succeeds, COMMIT cannot.
    OtherConnection reader(path, "BEGIN; SELECT count(*) FROM entry;");
    auto refused = ledger.append_batch(sample::header("2026-Q2"), entries);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::locked);
  }
  CHECK(file_bytes(path) == before);
  auto found = ledger.find_batch_for_period("2026-Q2");
  CHECK_FALSE(expect_ok(found).has_value());
  CHECK(ledger.append_batch(sample::header("2026-Q2"), entries).ok());
}

TEST_CASE("a read-only ledger file is refused for writing and still readable") {
  ScratchDir dir;
  const auto path = dir / "l.db";
  {
    auto ledger = testing::open_or_fail(path);
    expect_ok(ledger.append_batch(sample::header("2026-Q1"), testing::small_batch()));
  }
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::group_read |
                                         std::filesystem::perms::others_read);
  const auto before = file_bytes(path);
  auto writing = Ledger::open(path, OpenMode::read_write);
  REQUIRE_FALSE(writing.ok());
  CHECK(writing.error().code == ErrorCode::read_only);
  CHECK(writing.error().to_string() == path.string() + ": the ledger file is read-only (no write permission); "
                                                       "nothing was written");
  auto reading = testing::open_or_fail(path, OpenMode::read_only);
  CHECK(expect_ok(reading.export_batch(1, ExportFormat::csv)).size() > 100);
  auto refused = reading.append_batch(sample::header("2026-Q2"), testing::small_batch());
  CHECK(refused.error().code == ErrorCode::read_only);
  CHECK(file_bytes(path) == before);
}

}  // namespace accrue::ledger
