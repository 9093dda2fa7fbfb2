// A load large enough to be cut into several chunks (2 MB each), with every
// kind of cell: one thread and two threads must give the same Dataset and
// the same hashes, and so must the same rows shuffled (only source rows, the
// record of where each row came from, may differ).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include <fmt/format.h>

#include "engine/data/data_test_support.h"

using namespace accrue::data;
using namespace accrue::data::testing;

namespace {

DatasetSchema wide_schema() {
  DatasetSchema schema;
  schema.currency = "CNY";
  schema.tables.push_back(TableSchema{"Customer", TableKind::Entity, "id", "",
                                      {{"id", FieldType::Text, false, ""},
                                       {"name", FieldType::Text, true, ""},
                                       {"since", FieldType::Date, false, ""}}});
  schema.tables.push_back(TableSchema{"Order", TableKind::Event, "", "on",
                                      {{"on", FieldType::Date, false, ""},
                                       {"customer", FieldType::Reference, false, "Customer"},
                                       {"amount", FieldType::Money, false, ""},
                                       {"margin", FieldType::Percent, true, ""},
                                       {"qty", FieldType::Integer, true, ""},
                                       {"channel", FieldType::Text, true, ""},
                                       {"rush", FieldType::Bool, true, ""},
                                       {"note", FieldType::Text, true, ""}}});
  return schema;
}

// 20,000 customers and 200,000 orders (about 11 MB): deterministic.
std::filesystem::path write_dataset(std::string_view name, bool shuffled) {
  std::mt19937_64 random(42);
  std::vector<std::string> customers;
  for (int c = 0; c < 20000; ++c) {
    customers.push_back(fmt::format("CUSTOMER-{:08},\"Name {}, \"\"{}\"\"\",2024-{:02}-{:02}", c * 13 % 20011, c,
                                    c % 7, 1 + c % 12, 1 + c % 28));
  }
  std::vector<std::string> orders;
  for (int o = 0; o < 200000; ++o) {
    const auto customer = random() % 20000;
    orders.push_back(fmt::format("2025-{:02}-{:02},CUSTOMER-{:08},{}.{:02},{},{},{},{},{}", 1 + o % 12, 1 + o % 28,
                                 customer * 13 % 20011, random() % 5000, random() % 100,
                                 o % 11 == 0 ? "" : fmt::format("{}.{}%", random() % 40, random() % 10),
                                 o % 13 == 0 ? "" : std::to_string(static_cast<int>(random() % 200) - 100),
                                 std::array{"web", "store", "phone", ""}[random() % 4],
                                 std::array{"true", "false", "1", "0", ""}[random() % 5],
                                 o % 17 == 0 ? "\"multi\nline\"" : "plain note"));
  }
  if (shuffled) {
    std::mt19937 shuffle(7);
    std::shuffle(customers.begin(), customers.end(), shuffle);
    std::shuffle(orders.begin(), orders.end(), shuffle);
  }
  const auto dir = scratch(name);
  std::string text = "id,name,since\n";
  for (const auto& row : customers) text += row + "\n";
  write_file(dir / "customers.csv", text);
  text = "on,customer,amount,margin,qty,channel,rush,note\n";
  for (const auto& row : orders) text += row + "\r\n";
  write_file(dir / "orders.csv", text);
  write_file(dir / "m.yaml", "tables:\n  Customer: {csv: customers.csv}\n  Order: {csv: orders.csv}\n");
  return dir / "m.yaml";
}

void check_same_tables(const Dataset& a, const Dataset& b, bool same_source_rows) {
  REQUIRE(a.tables.size() == b.tables.size());
  for (std::size_t index = 0; index < a.tables.size(); ++index) {
    const Table& x = a.tables[index];
    const Table& y = b.tables[index];
    CAPTURE(x.name);
    CHECK(x.row_count == y.row_count);
    CHECK(to_hex(x.content_hash) == to_hex(y.content_hash));
    if (same_source_rows) CHECK(x.source_rows == y.source_rows);
    for (std::size_t column = 0; column < x.columns.size(); ++column) {
      const Column& c = x.columns[column];
      const Column& d = y.columns[column];
      CAPTURE(c.name);
      CHECK(c.validity == d.validity);
      switch (c.type) {
        case FieldType::Text: {
          CHECK(c.text().codes == d.text().codes);
          REQUIRE(c.text().dictionary.size() == d.text().dictionary.size());
          for (std::uint32_t code = 0; code < c.text().dictionary.size(); ++code) {
            if (c.text().dictionary[code] != d.text().dictionary[code]) FAIL("dictionaries differ at ", code);
          }
          break;
        }
        case FieldType::Integer: CHECK(c.integers() == d.integers()); break;
        case FieldType::Number:
        case FieldType::Percent:
        case FieldType::Money:
          CHECK(c.decimals().scale() == d.decimals().scale());
          CHECK(std::equal(c.decimals().units().begin(), c.decimals().units().end(), d.decimals().units().begin(),
                           d.decimals().units().end()));
          break;
        case FieldType::Date: CHECK(c.days() == d.days()); break;
        case FieldType::Bool: CHECK(c.bools() == d.bools()); break;
        case FieldType::Reference: CHECK(c.rows() == d.rows()); break;
      }
    }
  }
}

}  // namespace

TEST_CASE("parallel load: one thread or two, shuffled or not, the same dataset and hashes") {
  const auto manifest = write_dataset("parallel", false);
  const LoadResult one = load_dataset(manifest, wide_schema(), LoadOptions{50, 1});
  const LoadResult two = load_dataset(manifest, wide_schema(), LoadOptions{50, 2});
  INFO(problems_text(one));
  REQUIRE(one.ok());
  REQUIRE(two.ok());
  REQUIRE(one.dataset.tables[1].row_count == 200000);
  {
    INFO("one thread against two");
    check_same_tables(one.dataset, two.dataset, true);
  }

  const LoadResult shuffled = load_dataset(write_dataset("parallel-shuffled", true), wide_schema(), LoadOptions{50, 2});
  REQUIRE(shuffled.ok());
  INFO("in file order against shuffled");
  check_same_tables(one.dataset, shuffled.dataset, false);
}

TEST_CASE("parallel load: a dangling reference deep in a later chunk is found with any thread count") {
  const auto manifest = write_dataset("parallel-dangling", false);
  const auto orders = manifest.parent_path() / "orders.csv";
  std::string text;
  {
    std::ifstream in(orders, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::size_t at = text.find("CUSTOMER-", text.size() - 2000);
  text.replace(at, 17, "CUSTOMER-99999999");
  write_file(orders, text);
  for (const unsigned threads : {1u, 2u}) {
    const LoadResult result = load_dataset(manifest, wide_schema(), LoadOptions{50, threads});
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].message == "column 'customer': 'CUSTOMER-99999999' is not a key of Customer");
    CHECK(result.problems[0].column == 2);
  }
}

TEST_CASE("parallel load: blank lines between records leave the same dataset") {
  // Chunks write into slices sized by their line counts; blank lines leave
  // gaps that joining the chunks must close without moving any row twice.
  const auto manifest = write_dataset("parallel-plain", false);
  const LoadResult plain = load_dataset(manifest, wide_schema(), LoadOptions{50, 2});
  const auto orders = manifest.parent_path() / "orders.csv";
  std::string text;
  {
    std::ifstream in(orders, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::string spaced;
  std::size_t line = 0;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = text.find('\n', at) + 1;
    spaced.append(text, at, end - at);
    // Records end in CRLF; a bare LF is inside a quoted note.
    const bool record_end = end >= 2 && text[end - 2] == '\r';
    if (record_end && ++line % 997 == 0) spaced += line % 2 == 0 ? "\r\n" : "\n\n";
    at = end;
  }
  write_file(orders, spaced);
  for (const unsigned threads : {1u, 2u}) {
    const LoadResult blanks = load_dataset(manifest, wide_schema(), LoadOptions{50, threads});
    INFO(problems_text(blanks));
    REQUIRE(blanks.ok());
    REQUIRE(blanks.dataset.tables[1].row_count == 200000);
    check_same_tables(plain.dataset, blanks.dataset, false);
  }
}

TEST_CASE("parallel load: broken quoting in a later chunk is reported as a sequential read finds it") {
  // Chunks write into slices of columns sized for the whole file; broken
  // quoting sends the file back to one front-to-back read, into columns of
  // its own.
  const auto manifest = write_dataset("parallel-broken-quote", false);
  const auto orders = manifest.parent_path() / "orders.csv";
  std::string text;
  {
    std::ifstream in(orders, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::size_t at = text.find("plain note", text.size() - 5000);
  text.replace(at, 10, "plain\"note");
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  write_file(orders, text);
  for (const unsigned threads : {1u, 2u}) {
    const LoadResult result = load_dataset(manifest, wide_schema(), LoadOptions{50, threads});
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].row == static_cast<std::uint64_t>(line));
    CHECK(result.problems[0].column == 8);
    CHECK(result.problems[0].message ==
          "quote inside an unquoted field (quote the whole field and double the quote)");
  }
}
