// Shared by the data-layer tests: the schema of the small sales dataset in
// tests/data, and a scratch directory to write one-off inputs into.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "engine/data/data.h"

namespace accrue::data::testing {

inline std::filesystem::path fixtures() { return ACCRUE_DATA_FIXTURES; }

// A fresh, empty directory per test name.
inline std::filesystem::path scratch(std::string_view name) {
  const std::filesystem::path dir = std::filesystem::path(ACCRUE_DATA_SCRATCH) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// Rep(id) <- Customer(id, owner) <- Order (keyless, dated `on`).
inline DatasetSchema sales_schema() {
  DatasetSchema schema;
  schema.currency = "CNY";
  schema.tables.push_back(TableSchema{"Rep", TableKind::Payee, "id", "",
                                      {{"id", FieldType::Text, false, ""},
                                       {"name", FieldType::Text, false, ""},
                                       {"region", FieldType::Text, true, ""},
                                       {"target_incentive", FieldType::Money, false, ""}}});
  schema.tables.push_back(TableSchema{"Customer", TableKind::Entity, "id", "",
                                      {{"id", FieldType::Text, false, ""},
                                       {"owner", FieldType::Reference, false, "Rep"},
                                       {"acquired", FieldType::Date, false, ""},
                                       {"acquisition_cost", FieldType::Money, false, ""},
                                       {"vip", FieldType::Bool, true, ""}}});
  schema.tables.push_back(TableSchema{"Order", TableKind::Event, "", "on",
                                      {{"on", FieldType::Date, false, ""},
                                       {"customer", FieldType::Reference, false, "Customer"},
                                       {"amount", FieldType::Money, false, ""},
                                       {"margin", FieldType::Percent, false, ""},
                                       {"qty", FieldType::Integer, true, ""}}});
  return schema;
}

// The good dataset's manifest and CSVs copied into a scratch directory, so a
// test can break one file.
inline std::filesystem::path copy_of_good(std::string_view name) {
  const std::filesystem::path dir = scratch(name);
  for (const auto& entry : std::filesystem::directory_iterator(fixtures() / "good")) {
    std::filesystem::copy_file(entry.path(), dir / entry.path().filename());
  }
  return dir;
}

inline std::string problems_text(const LoadResult& result) {
  std::string text;
  for (const DataProblem& problem : result.problems) text += problem.to_string() + "\n";
  if (result.suppressed != 0) text += "... and " + std::to_string(result.suppressed) + " more\n";
  return text;
}

}  // namespace accrue::data::testing
