#include <doctest/doctest.h>

#include <sqlite3.h>

#include <fstream>
#include <sstream>

#include "engine/data/data_test_support.h"

using namespace accrue::data;
using namespace accrue::data::testing;

namespace {

// Builds crm.db from tests/data/sqlite/crm.sql plus `extra` SQL, beside a copy of the manifest.
std::filesystem::path make_database(std::string_view test, std::string_view extra = "") {
  const auto dir = scratch(test);
  std::ifstream script_file(fixtures() / "sqlite" / "crm.sql");
  std::stringstream script;
  script << script_file.rdbuf() << extra;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir / "crm.db").c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int status = sqlite3_exec(db, script.str().c_str(), nullptr, nullptr, &error);
  INFO((error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(status == SQLITE_OK);
  std::filesystem::copy_file(fixtures() / "sqlite" / "manifest.yaml", dir / "manifest.yaml");
  return dir;
}

}  // namespace

TEST_CASE("sqlite: the same data as the CSV fixture loads to the same hashes") {
  const auto dir = make_database("sqlite-good");
  const LoadResult from_sqlite = load_dataset(dir / "manifest.yaml", sales_schema());
  INFO(problems_text(from_sqlite));
  REQUIRE(from_sqlite.ok());
  const LoadResult from_csv = load_dataset(fixtures() / "good" / "manifest.yaml", sales_schema());
  REQUIRE(from_csv.ok());
  for (std::size_t index = 0; index < 3; ++index) {
    CAPTURE(from_csv.dataset.tables[index].name);
    CHECK(to_hex(from_sqlite.dataset.tables[index].content_hash) == to_hex(from_csv.dataset.tables[index].content_hash));
  }
  // Rows are numbered by rowid position.
  CHECK(from_sqlite.dataset.table("Rep")->source_rows == std::vector<std::uint32_t>{2, 1, 3});
}

TEST_CASE("sqlite: storage classes are checked, REAL is never taken as exact") {
  const auto dir = make_database("sqlite-types",
                                 "INSERT INTO orders VALUES ('2026-01-05', 'C001', 12.5, '1%', 1);"
                                 "INSERT INTO orders VALUES (20260105, 'C001', '1', '1%', 'many');"
                                 "INSERT INTO orders VALUES ('2026-01-05', 'C404', X'00', NULL, 1);");
  const LoadResult result = load_dataset(dir / "manifest.yaml", sales_schema());
  std::string text = problems_text(result);
  const std::string prefix = dir.generic_string() + "/";
  for (std::size_t at; (at = text.find(prefix)) != std::string::npos;) text.erase(at, prefix.size());
  CHECK(text ==
        "crm.db:6:3: column 'orders.amount': '12.5' is stored as a floating-point REAL, which is not exact; store it "
        "as TEXT (or INTEGER for whole numbers)\n"
        "crm.db:7:1: column 'orders.order_date' (field 'on'): '20260105' is stored as an INTEGER; dates are TEXT "
        "written YYYY-MM-DD\n"
        "crm.db:7:5: column 'orders.qty': 'many' is not an integer (e.g. 42)\n"
        "crm.db:8:2: column 'orders.customer': 'C404' is not a key of Customer\n"
        "crm.db:8:3: column 'orders.amount': holds a BLOB; expected TEXT or INTEGER\n"
        "crm.db:8:4: column 'orders.margin': missing value (field 'margin' is required)\n");
}

TEST_CASE("sqlite: missing database, table and column") {
  auto dir = make_database("sqlite-missing", "DROP TABLE customers; ALTER TABLE reps DROP COLUMN region;");
  const LoadResult result = load_dataset(dir / "manifest.yaml", sales_schema());
  std::string text = problems_text(result);
  const std::string prefix = dir.generic_string() + "/";
  for (std::size_t at; (at = text.find(prefix)) != std::string::npos;) text.erase(at, prefix.size());
  CHECK(text ==
        "crm.db: missing column 'reps.region': the table must have every declared field\n"
        "crm.db: the database has no table 'customers' (for Customer)\n");
  std::filesystem::remove(dir / "crm.db");
  const LoadResult gone = load_dataset(dir / "manifest.yaml", sales_schema());
  // A database that is not there is a manifest mistake, one per table bound to it.
  REQUIRE(gone.problems.size() == 3);
  CHECK(gone.problems[0].message == "table 'Rep': 'crm.db' does not exist");
  CHECK(gone.problems[0].row > 0);
}
