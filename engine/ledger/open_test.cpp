#include <doctest/doctest.h>
#include <sqlite3.h>

#include "ledger/schema.h"
#include "ledger/test_support.h"

namespace accrue::ledger {
namespace {

using testing::file_bytes;
using testing::ScratchDir;

void raw_sql(const std::filesystem::path& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  CAPTURE((message ? message : ""));
  CHECK(rc == SQLITE_OK);
  sqlite3_free(message);
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("a missing ledger is created with its schema version") {
  ScratchDir dir;
  {
    auto ledger = Ledger::open(dir / "new.db", OpenMode::read_write);
    REQUIRE(ledger.ok());
    CHECK(ledger->schema_version() == detail::current_schema_version);
    auto batches = ledger->list_batches();
    REQUIRE(batches.ok());
    CHECK(batches->empty());
  }
  auto again = Ledger::open(dir / "new.db", OpenMode::read_only);
  REQUIRE(again.ok());
  CHECK(again->schema_version() == 1);
}

TEST_CASE("read-only open of a missing ledger creates nothing") {
  ScratchDir dir;
  auto ledger = Ledger::open(dir / "absent.db", OpenMode::read_only);
  REQUIRE_FALSE(ledger.ok());
  CHECK(ledger.error().code == ErrorCode::not_found);
  CHECK(ledger.error().file == (dir / "absent.db").string());
  CHECK_FALSE(std::filesystem::exists(dir / "absent.db"));
}

TEST_CASE("a ledger from a newer accrue is refused untouched") {
  ScratchDir dir;
  const auto path = dir / "future.db";
  { testing::open_or_fail(path); }
  raw_sql(path, "PRAGMA user_version = 7");
  const auto before = file_bytes(path);
  for (const auto mode : {OpenMode::read_write, OpenMode::read_only}) {
    auto ledger = Ledger::open(path, mode);
    REQUIRE_FALSE(ledger.ok());
    CHECK(ledger.error().code == ErrorCode::newer_schema);
    CHECK(ledger.error().message.find("schema version 7, written by a newer accrue") != std::string::npos);
  }
  CHECK(file_bytes(path) == before);
}

TEST_CASE("an unknown older schema version is refused with a clear message") {
  ScratchDir dir;
  const auto path = dir / "old.db";
  { testing::open_or_fail(path); }
  raw_sql(path, "PRAGMA user_version = 0");
  const auto before = file_bytes(path);
  auto ledger = Ledger::open(path, OpenMode::read_write);
  REQUIRE_FALSE(ledger.ok());
  CHECK(ledger.error().message.find("schema version 0 is unknown") != std::string::npos);
  CHECK(file_bytes(path) == before);
  auto reading = Ledger::open(path, OpenMode::read_only);
  REQUIRE_FALSE(reading.ok());
  CHECK(reading.error().message.find("older schema version 0") != std::string::npos);
}

TEST_CASE("files that are not ledgers are refused") {
  ScratchDir dir;
  SUBCASE("another program's SQLite database") {
    const auto path = dir / "other.db";
    raw_sql(path, "CREATE TABLE orders (id INTEGER)");
    const auto before = file_bytes(path);
    auto ledger = Ledger::open(path, OpenMode::read_write);
    REQUIRE_FALSE(ledger.ok());
    CHECK(ledger.error().code == ErrorCode::not_a_ledger);
    CHECK(ledger.error().message == "not an accrue ledger: an SQLite database written by another program");
    CHECK(file_bytes(path) == before);
  }
  SUBCASE("a text file") {
    const auto path = dir / "notes.txt";
    testing::write_bytes(path, std::string(5000, 'x'));
    auto ledger = Ledger::open(path, OpenMode::read_write);
    REQUIRE_FALSE(ledger.ok());
    CHECK(ledger.error().code == ErrorCode::not_a_ledger);
    CHECK(ledger.error().message.find("not an SQLite database") != std::string::npos);
    CHECK(file_bytes(path) == std::string(5000, 'x'));
  }
  SUBCASE("a directory") {
    auto ledger = Ledger::open(dir.path(), OpenMode::read_write);
    REQUIRE_FALSE(ledger.ok());
    CHECK(ledger.error().code == ErrorCode::not_a_ledger);
  }
  SUBCASE("a stamped file whose meta table is missing") {
    const auto path = dir / "fake.db";
    const auto sql = "CREATE TABLE t (x); PRAGMA application_id = " +
                     std::to_string(detail::ledger_application_id) + "; PRAGMA user_version = 1;";
    raw_sql(path, sql.c_str());
    auto ledger = Ledger::open(path, OpenMode::read_only);
    REQUIRE_FALSE(ledger.ok());
    CHECK(ledger.error().code == ErrorCode::corrupt);
  }
}

TEST_CASE("an empty file becomes a ledger when opened for writing") {
  ScratchDir dir;
  const auto path = dir / "empty.db";
  testing::write_bytes(path, "");
  auto reading = Ledger::open(path, OpenMode::read_only);
  REQUIRE_FALSE(reading.ok());
  CHECK(reading.error().code == ErrorCode::not_a_ledger);
  auto writing = Ledger::open(path, OpenMode::read_write);
  CHECK(writing.ok());
}

TEST_CASE("a damaged ledger is reported as corrupt") {
  ScratchDir dir;
  const auto path = dir / "damaged.db";
  {
    auto ledger = testing::open_or_fail(path);
    const auto entries = sample::entries(20000, 3);
    auto appended = ledger.append_batch(sample::header("2026-Q1"), entries);
    REQUIRE(appended.ok());
  }
  auto bytes = file_bytes(path);
  SUBCASE("pages overwritten in the middle") {
    for (std::size_t at = bytes.size() / 3; at < bytes.size() / 3 + 200000; ++at) bytes[at] = '\x5a';
  }
  SUBCASE("truncated") { bytes.resize(bytes.size() / 2); }
  testing::write_bytes(path, bytes);
  auto ledger = Ledger::open(path, OpenMode::read_only);
  if (ledger.ok()) {
    auto text = ledger->export_batch(1, ExportFormat::csv);
    REQUIRE_FALSE(text.ok());
    CHECK(text.error().code == ErrorCode::corrupt);
    CHECK(text.error().message.find("the ledger file is corrupt") != std::string::npos);
  } else {
    CHECK(ledger.error().code == ErrorCode::corrupt);
  }
}

}  // namespace accrue::ledger
