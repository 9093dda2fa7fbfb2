#include <doctest/doctest.h>

#include <fmt/format.h>

#include "engine/data/data_test_support.h"

using namespace accrue::data;
using namespace accrue::data::testing;

namespace {

std::string text_at(const Column& column, std::size_t row) {
  return std::string(column.text().dictionary[column.text().codes[row]]);
}

// Loads the good dataset with one file replaced.
LoadResult load_with(std::string_view test, std::string_view file, std::string_view contents,
                     const LoadOptions& options = {}) {
  const auto dir = copy_of_good(test);
  write_file(dir / file, contents);
  return load_dataset(dir / "manifest.yaml", sales_schema(), options);
}

// Problems with the scratch directory prefix removed.
std::string problems_of(const LoadResult& result, std::string_view test) {
  std::string text = problems_text(result);
  const std::string prefix = (std::filesystem::path(ACCRUE_DATA_SCRATCH) / test).generic_string() + "/";
  for (std::size_t at; (at = text.find(prefix)) != std::string::npos;) text.erase(at, prefix.size());
  return text;
}

}  // namespace

TEST_CASE("load: the good dataset, typed and in key order") {
  const LoadResult result = load_dataset(fixtures() / "good" / "manifest.yaml", sales_schema());
  INFO(problems_text(result));
  REQUIRE(result.ok());
  const Dataset& data = result.dataset;
  REQUIRE(data.tables.size() == 3);

  const Table& reps = *data.table("Rep");
  CHECK(reps.row_count == 3);
  CHECK(text_at(*reps.column("id"), 0) == "R1");
  CHECK(text_at(*reps.column("id"), 2) == "R3");
  CHECK(text_at(*reps.column("name"), 0) == "Zhang \"Z\" San");
  CHECK(text_at(*reps.column("name"), 2) == "Wang\nFang");
  CHECK(reps.column("region")->is_null(0));
  CHECK_FALSE(reps.column("region")->is_null(1));
  CHECK(reps.source_rows == std::vector<std::uint32_t>{3, 2, 4});
  const DecimalColumn& incentive = reps.column("target_incentive")->decimals();
  CHECK(incentive.scale() == 2);
  CHECK(std::vector<std::int64_t>(incentive.units().begin(), incentive.units().end()) ==
        std::vector<std::int64_t>{800000, 1200000, 950050});
  CHECK(reps.find_key("R2") == 1u);
  CHECK_FALSE(reps.find_key("R9").has_value());

  const Table& customers = *data.table("Customer");
  CHECK(customers.column("owner")->rows() == std::vector<std::uint32_t>{1, 1, 0});  // C001,C002 -> R2; C003 -> R1
  CHECK(customers.column("acquired")->days()[2] == 19782);                        // 2024-02-29
  CHECK(customers.column("vip")->bools()[0] == 0);
  CHECK(customers.column("vip")->is_null(1));
  CHECK(customers.column("vip")->bools()[2] == 1);

  const Table& orders = *data.table("Order");
  CHECK(orders.row_count == 5);
  // By date, then customer row, then amount, ...: the identical orders stay two rows.
  CHECK(orders.column("on")->days() == std::vector<std::int32_t>{20453, 20458, 20458, 20458, 20494});
  CHECK(orders.column("customer")->rows() == std::vector<std::uint32_t>{2, 0, 0, 1, 0});
  const DecimalColumn& margin = orders.column("margin")->decimals();
  CHECK(margin.scale() == 3);
  CHECK(std::vector<std::int64_t>(margin.units().begin(), margin.units().end()) ==
        std::vector<std::int64_t>{1000, 125, 125, 200, 125});
  CHECK(orders.column("qty")->is_null(3));
  CHECK(to_hex(orders.content_hash).size() == 64);
}

TEST_CASE("load: shuffled rows, other spellings, CRLF and BOM give the same tables and hashes") {
  const LoadResult good = load_dataset(fixtures() / "good" / "manifest.yaml", sales_schema());
  const LoadResult shuffled = load_dataset(fixtures() / "shuffled" / "manifest.yaml", sales_schema());
  INFO(problems_text(shuffled));
  REQUIRE(good.ok());
  REQUIRE(shuffled.ok());
  for (std::size_t index = 0; index < good.dataset.tables.size(); ++index) {
    const Table& a = good.dataset.tables[index];
    const Table& b = shuffled.dataset.tables[index];
    CAPTURE(a.name);
    CHECK(to_hex(a.content_hash) == to_hex(b.content_hash));
    for (std::size_t column = 0; column < a.columns.size(); ++column) {
      CHECK(a.columns[column].validity == b.columns[column].validity);
    }
  }
  const Table& a = *good.dataset.table("Order");
  const Table& b = *shuffled.dataset.table("Order");
  CHECK(a.column("customer")->rows() == b.column("customer")->rows());
  CHECK(a.column("on")->days() == b.column("on")->days());
}

TEST_CASE("load: one thread or two, any chunk size, the same result") {
  std::string orders = "on,customer,amount,margin,qty\n";
  for (int row = 0; row < 5000; ++row) {
    orders += fmt::format("2026-01-{:02},C00{},{}.{:02},{}%,{}\n", 1 + row % 28, 1 + row % 3, row % 977, row % 100,
                          row % 40, row % 9 == 0 ? "" : std::to_string(row % 11));
  }
  const auto dir = copy_of_good("threads");
  write_file(dir / "orders.csv", orders);
  const LoadResult one = load_dataset(dir / "manifest.yaml", sales_schema(), LoadOptions{50, 1});
  const LoadResult two = load_dataset(dir / "manifest.yaml", sales_schema(), LoadOptions{50, 2});
  REQUIRE(one.ok());
  REQUIRE(two.ok());
  CHECK(one.dataset.tables[2].content_hash == two.dataset.tables[2].content_hash);
  CHECK(one.dataset.tables[2].source_rows == two.dataset.tables[2].source_rows);
}

TEST_CASE("load: a percent column written both with and without % is refused") {
  const std::string header = "on,customer,amount,margin,qty\n";
  const LoadResult mixed = load_with("pct-mixed", "orders.csv",
                                     header + "2026-01-05,C001,1.00,23.7%,1\n2026-01-06,C001,1.00, 9% ,1\n"
                                              "2026-01-07,C001,1.00,23.7,1\n2026-01-08,C001,1.00,5,1\n");
  CHECK(problems_of(mixed, "pct-mixed") ==
        "orders.csv:4:4: column 'margin': '23.7' is written without % but row 2 has '23.7%': a bare number is the "
        "fraction itself ('23.7' is 23.7, not 23.7%); write every value of the column with % or every value as a "
        "fraction\n");
  const LoadResult fractions = load_with("pct-fractions", "orders.csv",
                                         header + "2026-01-05,C001,1.00,0.237,1\n2026-01-06,C001,1.00,1.5,1\n");
  CHECK(fractions.ok());
  // 3.4 MB: the last row is parsed in another chunk (2 MB each) than the
  // first, whose form decides.
  std::string rows = header;
  for (int row = 0; row < 120000; ++row) rows += fmt::format("2026-01-05,C001,1.00,{}%,1\n", row % 90);
  rows += "2026-01-06,C001,1.00,0.5,1\n";
  const LoadResult far = load_with("pct-chunks", "orders.csv", rows);
  CHECK(problems_of(far, "pct-chunks").find("orders.csv:120002:4: column 'margin': '0.5' is written without %") ==
        0);
}

TEST_CASE("load: wrong types are reported per cell, quoting only the cell") {
  const LoadResult result = load_with("types", "orders.csv",
                                      "on,customer,amount,margin,qty\n"
                                      "2026-02-30,C001,12.x,12.5%,1\n"
                                      "2026-01-05,C001,10 USD,abc,1.5\n"
                                      "2026-01-05,C001,,12%,\n"
                                      "2026-13-01,C001,\"22,186.72\",12%,1\n"
                                      "2026-01-05,C001,$25.00,12%,1\n");
  CHECK(problems_of(result, "types") ==
        "orders.csv:2:1: column 'on': '2026-02-30' is not a date (YYYY-MM-DD): 2026-02 has 28 days\n"
        "orders.csv:2:3: column 'amount': '12.x' is not a money amount (e.g. 12.50, or 12.50 followed by the plan "
        "currency)\n"
        "orders.csv:3:3: column 'amount': '10 USD' is in 'USD', but the plan's currency is CNY\n"
        "orders.csv:3:4: column 'margin': 'abc' is not a percentage (e.g. 12.5% or 0.125)\n"
        "orders.csv:3:5: column 'qty': '1.5' is not an integer (e.g. 42)\n"
        "orders.csv:4:3: column 'amount': missing value (field 'amount' is required)\n"
        "orders.csv:5:1: column 'on': '2026-13-01' is not a date (YYYY-MM-DD): there is no month 13\n"
        "orders.csv:5:3: column 'amount': '22,186.72' is not a money amount (e.g. 12.50, or 12.50 followed by the "
        "plan currency): remove the thousands separator ','\n"
        "orders.csv:6:3: column 'amount': '$25.00' is not a money amount (e.g. 12.50, or 12.50 followed by the "
        "plan currency): remove the currency symbol: amounts are in the plan's currency, optionally followed by "
        "its code\n");
}

TEST_CASE("load: dangling references name the missing key") {
  const LoadResult result = load_with("dangling", "customers.csv",
                                      "id,rep_id,acquired,acquisition_cost,vip\n"
                                      "C001,R2,2023-01-15,1,\n"
                                      "C002,R9,2023-01-15,1,\n"
                                      "C003,R1,2023-01-15,1,\n");
  CHECK(problems_of(result, "dangling") ==
        "customers.csv:3:2: column 'rep_id' (field 'owner'): 'R9' is not a key of Rep\n");
}

TEST_CASE("load: duplicate keys report both rows") {
  const LoadResult result = load_with("duplicate", "reps.csv",
                                      "id,name,region,target_incentive\n"
                                      "R1,a,,1\nR2,b,,1\nR3,c,,1\nR2,d,,1\nR2,e,,1\n");
  CHECK(problems_of(result, "duplicate") ==
        "reps.csv:5:1: column 'id': duplicate key 'R2' (also at row 3)\n"
        "reps.csv:6:1: column 'id': duplicate key 'R2' (also at row 3)\n");
}

TEST_CASE("load: a declared column missing from the header names file, column and rename") {
  const LoadResult result = load_with("missing-column", "customers.csv",
                                      "id,owner,acquired,acquisition_cost,vip\nC001,R1,2023-01-15,1,\n");
  CHECK(problems_of(result, "missing-column") ==
        "customers.csv:1: missing column 'rep_id' (field 'owner'): the header must name every declared field\n");
}

TEST_CASE("load: ragged rows and broken quotes") {
  const LoadResult result = load_with("ragged", "reps.csv",
                                      "id,name,region,target_incentive\n"
                                      "R1,a,,1\nR2,b,1\nR3,\"c\"x,,1\nR4,d,,1,extra\n");
  CHECK(problems_of(result, "ragged") ==
        "reps.csv:3:4: row has 3 fields but the header has 4: no value for column 'target_incentive' (a missing "
        "field or separator?)\n"
        "reps.csv:4:2: unexpected character after a closing quote (a quote inside a quoted field is written \"\")\n"
        "reps.csv:5:5: row has 5 fields but the header has 4: field 5 ('extra') has no column (an unquoted separator "
        "in a value?)\n");
}

TEST_CASE("load: invalid UTF-8 is located by row and column") {
  const LoadResult result = load_with("utf8", "reps.csv",
                                      "id,name,region,target_incentive\nR1,\xc9\xcf\xba\xa3,,1\n");
  CHECK(problems_of(result, "utf8") ==
        "reps.csv:2:2: column 'name': invalid UTF-8 at byte 1 of the cell (the file must be UTF-8)\n");
}

TEST_CASE("load: long values are cut in messages") {
  const std::string long_value(200, '9');
  const LoadResult result = load_with("long", "reps.csv",
                                      "id,name,region,target_incentive\nR1,a,," + long_value + "x\n");
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].message.find(std::string(40, '9') + "...'") != std::string::npos);
  CHECK(result.problems[0].message.size() < 200);
}

TEST_CASE("load: problems beyond max_errors are counted, not listed") {
  std::string orders = "on,customer,amount,margin,qty\n";
  for (int row = 0; row < 500; ++row) orders += "2026-01-01,C001,bad,1%,\n";
  const LoadResult result = load_with("limit", "orders.csv", orders, LoadOptions{10, 2});
  REQUIRE(result.problems.size() == 10);
  CHECK(result.problems.front().row == 2);
  CHECK(result.problems.back().row == 11);
  CHECK(result.suppressed == 490);
  CHECK(result.dataset.tables.empty());
}

TEST_CASE("load: missing and unreadable sources") {
  // A file that is not there is a mistake in the manifest, located there,
  // with the file of a similar name that is there.
  const auto dir = copy_of_good("missing-file");
  std::filesystem::rename(dir / "orders.csv", dir / "order.csv");
  const LoadResult missing = load_dataset(dir / "manifest.yaml", sales_schema());
  CHECK(problems_of(missing, "missing-file") ==
        "manifest.yaml:10:10: table 'Order': 'orders.csv' does not exist (did you mean 'order.csv'?)\n");
  const auto other = copy_of_good("unreadable-file");
  std::filesystem::remove(other / "reps.csv");
  std::filesystem::create_directory(other / "reps.csv");
  const LoadResult unreadable = load_dataset(other / "manifest.yaml", sales_schema());
  CHECK(problems_of(unreadable, "unreadable-file") == "reps.csv: cannot read the Rep file: not a regular file\n");
}

TEST_CASE("load: an empty file has no header") {
  const LoadResult result = load_with("empty", "orders.csv", "");
  CHECK(problems_of(result, "empty") == "orders.csv: file is empty: a header row naming the columns is required\n");
}

TEST_CASE("load: a header-only file is an empty table") {
  const LoadResult result = load_with("header-only", "orders.csv", "on,customer,amount,margin,qty\n");
  REQUIRE(result.ok());
  CHECK(result.dataset.table("Order")->row_count == 0);
}

TEST_CASE("load: content hashes are pinned (layout accrue-table-v1)") {
  // Settled ledgers record these hashes as the identity of the data, so the
  // layout in docs/data.md must not drift when the loader changes inside.
  const LoadResult result = load_dataset(fixtures() / "good" / "manifest.yaml", sales_schema());
  REQUIRE(result.ok());
  CHECK(to_hex(result.dataset.table("Rep")->content_hash) ==
        "7a86f8dfb175afd3823251d69cd988157cdbd04810129af88942e69edcb535cd");
  CHECK(to_hex(result.dataset.table("Customer")->content_hash) ==
        "aacc15424169ee938cc932c31fea7bdbc83415f3f35ffb0efbc42dd35c42795b");
  CHECK(to_hex(result.dataset.table("Order")->content_hash) ==
        "92ea82da65729897ce71964ac658cdffc236227e27fd975fa41740bf157b4b39");
}

TEST_CASE("load: content hashes are pinned for number columns of few values") {
  // The hasher encodes such columns (percentages, scores) once per distinct
  // value; the bytes must be those of encoding every cell. Pinned from the
  // loader that encoded every cell.
  std::string csv = "on,level,count,price\n";
  for (int i = 0; i < 3000; ++i) {
    csv += fmt::format("2026-01-{:02},{},{},{}.{:02}\n", 1 + i % 28,
                       i % 7 == 0 ? "" : fmt::format("{}.{}%", i % 12 - 4, i % 2 * 5),
                       i % 11 == 0 ? "" : std::to_string(i % 50 - 25), i * 37 % 100000, i % 100);
  }
  const auto dir = scratch("few-values");
  write_file(dir / "readings.csv", csv);
  write_file(dir / "m.yaml", "tables:\n  Reading: {csv: readings.csv}\n");
  DatasetSchema schema;
  schema.currency = "CNY";
  schema.tables.push_back(TableSchema{"Reading", TableKind::Event, "", "on",
                                      {{"on", FieldType::Date, false, ""},
                                       {"level", FieldType::Percent, true, ""},
                                       {"count", FieldType::Integer, true, ""},
                                       {"price", FieldType::Money, false, ""}}});
  const LoadResult result = load_dataset(dir / "m.yaml", schema);
  REQUIRE(result.ok());
  CHECK(to_hex(result.dataset.tables[0].content_hash) ==
        "d1404cdfb0f725eca8b10fcbcde78ab1a2484c61876a113d81452c6b51ae650a");
}

namespace {

// Loads with the hashes computed during loading, and again with them
// deferred and computed afterwards from the published tables: the same.
void check_deferred_hashes_match(const std::filesystem::path& manifest, const DatasetSchema& schema) {
  const LoadResult loaded = load_dataset(manifest, schema);
  INFO(problems_text(loaded));
  REQUIRE(loaded.ok());
  LoadOptions deferred;
  deferred.defer_hashes = true;
  const LoadResult later = load_dataset(manifest, schema, deferred);
  REQUIRE(later.ok());
  for (const Table& table : later.dataset.tables) CHECK(table.content_hash == ContentHash{});
  const std::vector<ContentHash> hashes = hash_dataset(later.dataset, 2);
  REQUIRE(hashes.size() == loaded.dataset.tables.size());
  for (std::size_t index = 0; index < hashes.size(); ++index) {
    CAPTURE(loaded.dataset.tables[index].name);
    CHECK(to_hex(hashes[index]) == to_hex(loaded.dataset.tables[index].content_hash));
  }
  CHECK(hash_dataset(later.dataset, 1) == hashes);
}

TEST_CASE("hash_dataset: published tables hash as load_dataset hashes them while loading") {
  SUBCASE("text, money, percent, dates, bools and integers, with nulls") {
    check_deferred_hashes_match(fixtures() / "good" / "manifest.yaml", sales_schema());
  }
  SUBCASE("several hash leaves, a percentage column encoded once per value") {
    std::string orders = "on,customer,amount,margin,qty\n";
    for (int row = 0; row < 140000; ++row) {
      orders += fmt::format("2026-01-{:02},C00{},{}.{:02},{}%,{}\n", 1 + row % 28, 1 + row % 3, row % 977, row % 100,
                            row % 40, row % 9 == 0 ? "" : std::to_string(row % 11));
    }
    const auto dir = copy_of_good("deferred-hash-leaves");
    write_file(dir / "orders.csv", orders);
    check_deferred_hashes_match(dir / "manifest.yaml", sales_schema());
  }
  SUBCASE("integer keys, referenced: a reference hashes as its target's key text") {
    DatasetSchema schema;
    schema.currency = "EUR";
    schema.tables.push_back(TableSchema{"Rep", TableKind::Payee, "id", "", {{"id", FieldType::Integer, false, ""}}});
    schema.tables.push_back(TableSchema{"Customer", TableKind::Entity, "id", "",
                                        {{"id", FieldType::Integer, false, ""},
                                         {"owner", FieldType::Reference, true, "Rep"},
                                         {"since", FieldType::Date, true, ""}}});
    const auto dir = scratch("deferred-hash-integer-keys");
    write_file(dir / "reps.csv", "id\n10\n9\n100\n");
    write_file(dir / "customers.csv", "id,owner,since\n7,9,2026-01-02\n70,,\n8,100,2025-12-31\n");
    write_file(dir / "manifest.yaml", "tables:\n  Rep: { csv: reps.csv }\n  Customer: { csv: customers.csv }\n");
    check_deferred_hashes_match(dir / "manifest.yaml", schema);
  }
}

}  // namespace
