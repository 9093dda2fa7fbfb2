// Canonical order is tested through whole loads (load_dataset_test.cpp); this
// file covers radix-sort edge cases: many rows, nulls, wide values, ties.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include <fmt/format.h>

#include "engine/data/data_test_support.h"

using namespace accrue::data;
using namespace accrue::data::testing;

namespace {

DatasetSchema event_schema() {
  DatasetSchema schema;
  schema.currency = "CNY";
  schema.tables.push_back(TableSchema{"Tick", TableKind::Event, "", "on",
                                      {{"on", FieldType::Date, false, ""},
                                       {"label", FieldType::Text, true, ""},
                                       {"big", FieldType::Integer, true, ""},
                                       {"amount", FieldType::Money, false, ""}}});
  return schema;
}

// Loads the rows shuffled by `seed`, or as given when `seed` is 0.
LoadResult load_rows(std::string_view name, std::vector<std::string> rows, unsigned seed) {
  std::mt19937 shuffle_seed(seed);
  if (seed != 0) std::shuffle(rows.begin(), rows.end(), shuffle_seed);
  const auto dir = scratch(name);
  std::string csv = "on,label,big,amount\n";
  for (const auto& row : rows) csv += row + "\n";
  write_file(dir / "ticks.csv", csv);
  write_file(dir / "m.yaml", "tables:\n  Tick: {csv: ticks.csv}\n");
  return load_dataset(dir / "m.yaml", event_schema());
}

}  // namespace

TEST_CASE("canonical order: keyless events sort by date, then every field, nulls first") {
  std::vector<std::string> rows;
  std::mt19937_64 random(7);
  for (int i = 0; i < 3000; ++i) {
    const int day = 1 + static_cast<int>(random() % 3);
    const bool null_label = random() % 5 == 0;
    const bool null_big = random() % 4 == 0;
    const auto big = static_cast<std::int64_t>(random() % 5) * 4000000000000000000LL - 8000000000000000000LL;
    rows.push_back(fmt::format("2026-01-0{},{},{},{}.{:02}", day, null_label ? "" : fmt::format("L{}", random() % 3),
                               null_big ? "" : std::to_string(big), random() % 3, random() % 100));
  }
  const LoadResult first = load_rows("order-a", rows, 1);
  const LoadResult second = load_rows("order-b", rows, 2);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  const Table& a = first.dataset.tables[0];
  const Table& b = second.dataset.tables[0];
  CHECK(a.content_hash == b.content_hash);
  // Check the order row by row against the documented comparison.
  const auto& days = a.column("on")->days();
  const Column& label = *a.column("label");
  const Column& big = *a.column("big");
  const auto& units = a.column("amount")->decimals().units();
  for (std::size_t row = 1; row < a.row_count; ++row) {
    auto key = [&](std::size_t r) {
      return std::make_tuple(days[r], !label.is_null(r), label.is_null(r) ? 0u : label.text().codes[r],
                             !big.is_null(r), big.is_null(r) ? 0 : big.integers()[r], units[r]);
    };
    REQUIRE(key(row - 1) <= key(row));
  }
  // Same rows, same order, whatever the input order.
  CHECK(a.column("amount")->decimals().units()[123] == b.column("amount")->decimals().units()[123]);
  CHECK(a.column("big")->integers() == b.column("big")->integers());
}

TEST_CASE("canonical order: rows already in date order sort within each date to the same order") {
  // In date order the loader sorts each date's rows on their own; shuffled,
  // it sorts the whole table. Both must give the same rows in the same order,
  // with packable values ("big" in a small range) and without (full range).
  for (const std::int64_t spread : {std::int64_t{7}, std::int64_t{4000000000000000000LL}}) {
    std::vector<std::string> rows;
    std::mt19937_64 random(11);
    for (int day = 1; day <= 28; ++day) {
      const int count = day == 5 ? 1 : 1 + static_cast<int>(random() % 300);  // one date with a single row
      for (int i = 0; i < count; ++i) {
        const bool null_label = random() % 5 == 0;
        const bool null_big = random() % 4 == 0;
        const auto big = static_cast<std::int64_t>(random() % 5) * spread - 2 * spread;
        rows.push_back(fmt::format("2026-02-{:02},{},{},{}.{:02}", day,
                                   null_label ? "" : fmt::format("L{}", random() % 3),
                                   null_big ? "" : std::to_string(big), random() % 3, random() % 100));
      }
    }
    const LoadResult in_order = load_rows(fmt::format("dated-{}", spread), rows, 0);
    const LoadResult shuffled = load_rows(fmt::format("shuffled-{}", spread), rows, 3);
    REQUIRE(in_order.ok());
    REQUIRE(shuffled.ok());
    const Table& a = in_order.dataset.tables[0];
    const Table& b = shuffled.dataset.tables[0];
    CHECK(a.content_hash == b.content_hash);
    CHECK(a.column("on")->days() == b.column("on")->days());
    CHECK(a.column("label")->text().codes == b.column("label")->text().codes);
    CHECK(a.column("big")->integers() == b.column("big")->integers());
    CHECK(a.column("big")->validity == b.column("big")->validity);
    const auto units_a = a.column("amount")->decimals().units(), units_b = b.column("amount")->decimals().units();
    CHECK(std::equal(units_a.begin(), units_a.end(), units_b.begin(), units_b.end()));
    // Identical rows keep their source order: the first has the lower row.
    for (std::size_t row = 1; row < a.row_count; ++row) {
      const bool same = a.column("on")->days()[row] == a.column("on")->days()[row - 1] &&
                        a.column("label")->text().codes[row] == a.column("label")->text().codes[row - 1] &&
                        a.column("label")->is_null(row) == a.column("label")->is_null(row - 1) &&
                        a.column("big")->is_null(row) == a.column("big")->is_null(row - 1) &&
                        a.column("big")->integers()[row] == a.column("big")->integers()[row - 1] &&
                        units_a[row] == units_a[row - 1];
      if (same) REQUIRE(a.source_rows[row - 1] < a.source_rows[row]);
    }
  }
}
