#include "engine/data/manifest.h"

#include <doctest/doctest.h>

#include "engine/data/data_test_support.h"

using namespace accrue::data;
using namespace accrue::data::testing;

namespace {

std::string manifest_problems(std::string_view test, std::string_view yaml) {
  const auto dir = copy_of_good(test);
  write_file(dir / "manifest.yaml", yaml);
  const LoadResult result = load_dataset(dir / "manifest.yaml", sales_schema());
  std::string text = problems_text(result);
  const std::string prefix = dir.generic_string() + "/";
  for (std::size_t at; (at = text.find(prefix)) != std::string::npos;) text.erase(at, prefix.size());
  return text;
}

}  // namespace

TEST_CASE("manifest: binds tables, renames columns, resolves paths against the manifest") {
  const DatasetSchema schema = sales_schema();
  ProblemSink sink(50);
  const auto manifest = read_manifest(fixtures() / "good" / "manifest.yaml", schema, sink);
  REQUIRE(manifest.has_value());
  REQUIRE(manifest->tables.size() == 3);
  const TableBinding& customers = manifest->tables[1];
  CHECK(customers.format == SourceFormat::Csv);
  CHECK(customers.path == (fixtures() / "good" / "customers.csv").lexically_normal());
  CHECK(customers.fields[1].source_column == "rep_id");
  CHECK(customers.fields[1].label == "column 'rep_id' (field 'owner')");
  CHECK(customers.fields[0].label == "column 'id'");
}

TEST_CASE("manifest: a table the plan does not declare, with a suggestion") {
  CHECK(manifest_problems("undeclared", "tables:\n  Rep: {csv: reps.csv}\n  Customer: {csv: customers.csv, columns: "
                                        "{owner: rep_id}}\n  Order: {csv: orders.csv}\n  Oder: {csv: orders.csv}\n"
                                        "  Warehouse: {csv: w.csv}\n") ==
        "manifest.yaml:5:3: the plan declares no table 'Oder' (did you mean 'Order'?)\n"
        "manifest.yaml:6:3: the plan declares no table 'Warehouse'\n");
}

TEST_CASE("manifest: a declared table with no source") {
  CHECK(manifest_problems("no-source", "tables:\n  Rep: {csv: reps.csv}\n  Order: {csv: orders.csv}\n") ==
        "manifest.yaml:1:1: the plan declares table 'Customer' but the manifest gives it no source: add "
        "`Customer: {csv: FILE}` under `tables:`\n");
  CHECK(manifest_problems("no-source-2", "tables:\n  Rep: {csv: reps.csv}\n  Customer: {columns: {owner: rep_id}}\n"
                                         "  Order: {csv: orders.csv}\n") ==
        "manifest.yaml:3:13: table 'Customer' has no source: add `csv: FILE` or `sqlite: FILE`\n");
}

TEST_CASE("manifest: one message per mistake") {
  // A misspelt table: the suggestion covers the table left without a source.
  CHECK(manifest_problems("typo", "tables:\n  Rep: {csv: reps.csv}\n  Custmer: {csv: customers.csv}\n"
                                  "  Order: {csv: orders.csv}\n") ==
        "manifest.yaml:3:3: the plan declares no table 'Custmer' (did you mean 'Customer'?)\n");
  // A source key at the level of table names.
  CHECK(manifest_problems("indent", "tables:\n  Rep: {csv: reps.csv}\n  Customer:\n  csv: customers.csv\n"
                                    "  Order: {csv: orders.csv}\n") ==
        "manifest.yaml:4:3: `csv:` belongs to table 'Customer' but is not indented under it: indent it more than "
        "'Customer:'\n");
  // A misspelt duplicate of a table that is bound: the real binding is still checked.
  CHECK(manifest_problems("typo-and-bound", "tables:\n  Rep: {csv: reps.csv}\n  Custmer: {csv: c.csv}\n"
                                            "  Customer: {csv: missing.csv}\n  Order: {csv: orders.csv}\n")
            .find("missing.csv") != std::string::npos);
}

TEST_CASE("manifest: bad YAML is reported with line and column") {
  CHECK(manifest_problems("bad-yaml", "tables:\n  Rep: {csv: reps.csv\n  Order: [\n") ==
        "manifest.yaml:3:8: invalid YAML: end of map flow not found\n");
}

TEST_CASE("manifest: unknown settings and unknown fields in renames") {
  CHECK(manifest_problems("settings", "tables:\n  Rep: {csv: reps.csv, colums: {}}\n"
                                      "  Customer: {csv: customers.csv, columns: {ownr: rep_id}}\n"
                                      "  Order: {csv: orders.csv, table: x}\n") ==
        "manifest.yaml:2:24: unknown setting 'colums' for table 'Rep' (did you mean 'columns'?)\n"
        "manifest.yaml:3:44: table 'Customer' declares no field 'ownr' (did you mean 'owner'?)\n"
        "manifest.yaml:4:35: `table` only applies to a sqlite source (table 'Order')\n");
}

TEST_CASE("manifest: missing manifest, and a manifest without tables") {
  const auto dir = scratch("no-manifest");
  const LoadResult missing = load_dataset(dir / "nope.yaml", sales_schema());
  REQUIRE(missing.problems.size() == 1);
  CHECK(missing.problems[0].message == "cannot read the dataset manifest: no such file");
  CHECK(manifest_problems("no-tables", "rep: x\n") ==
        "manifest.yaml:1:1: the manifest must have a `tables:` mapping from each declared table to its source\n"
        "manifest.yaml:1:1: unknown setting 'rep' (a manifest has `tables:`)\n");
}

TEST_CASE("schema: an incoherent schema is refused before any file is read") {
  DatasetSchema schema = sales_schema();
  schema.currency = "yuan";
  schema.tables[1].fields[1].references = "Nobody";
  const LoadResult result = load_dataset(fixtures() / "good" / "manifest.yaml", schema);
  CHECK(problems_text(result) ==
        "(plan schema): currency 'yuan' is not an ISO 4217 code such as CNY\n"
        "(plan schema): table 'Customer': field 'owner' references 'Nobody', which is not a table with a key\n");
}
