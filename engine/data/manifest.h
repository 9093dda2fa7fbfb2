// The dataset manifest: a YAML file binding each table the plan declares to
// one source, a CSV file or a table in a SQLite database, with optional
// column renames. Paths are relative to the manifest. Every mistake in it is
// a DataProblem located at the manifest's line and column; the format is
// documented with an example in docs/data.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/data/data.h"
#include "engine/data/problem_sink.h"

namespace accrue::data {

class KeyIndex;

enum class SourceFormat : std::uint8_t { Csv, Sqlite };

// One declared field as a source provides it.
struct BoundField {
  const FieldSchema* schema = nullptr;
  std::string source_column;   // column name in the source, after any rename
  std::string label;           // how messages name the column
  std::uint32_t column_number = 0;  // 1-based position in the source, once the source is open
  // Reference fields whose target has already loaded cleanly: cells are looked
  // up in the target's key index while parsing (see key_index.h).
  const KeyIndex* key_index = nullptr;
};

// One declared table and where its rows come from.
struct TableBinding {
  const TableSchema* schema = nullptr;
  SourceFormat format = SourceFormat::Csv;
  std::filesystem::path path;  // manifest directory joined with the path written
  std::string display_path;    // the same path as shown in problems
  std::string sqlite_table;    // SQLite only
  std::vector<BoundField> fields;  // in schema field order
};

struct Manifest {
  std::string display_path;
  std::vector<TableBinding> tables;  // in schema table order
};

// Reads and checks the manifest against the schema. Returns nothing (with the
// problems in `sink`) when any table cannot be bound.
std::optional<Manifest> read_manifest(const std::filesystem::path& manifest_path, const DatasetSchema& schema,
                                      ProblemSink& sink);

// The candidate closest to `name` by edit distance, when it is close enough
// to be a likely typo; empty otherwise.
std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace accrue::data
