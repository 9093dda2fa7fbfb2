// The data layer: turns CRM exports into validated, typed, columnar tables.
//
// A YAML dataset manifest binds every payee, entity and event table the plan
// declares to a source (a CSV file or a SQLite table, with optional column
// renames). load_dataset() reads every source, checks every declared cell
// against its field type, checks keys are unique and references resolve, and
// returns either a Dataset or the list of problems, each located as
// `file:row:column: message`. Nothing is returned half-validated: when there
// are problems the Dataset must not be used. Loaded tables are stored in a
// canonical row order (by key; keyless events by their full value tuple), so
// the Dataset and its content hashes do not depend on the input row order;
// that is what makes settlement deterministic. Text is dictionary-encoded and
// references are resolved to row indices, so evaluation can group in one pass.
// This layer knows nothing about the plan language: a later layer maps the
// checked plan into the schema types below. See docs/data.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/data/decimal_column.h"

namespace accrue::data {

// ---------------------------------------------------------------- schema ---

enum class FieldType : std::uint8_t { Text, Integer, Number, Percent, Money, Date, Bool, Reference };
enum class TableKind : std::uint8_t { Payee, Entity, Event };

std::string_view field_type_name(FieldType type);  // "text", "money", ...

struct FieldSchema {
  std::string name;
  FieldType type = FieldType::Text;
  bool optional = false;
  std::string references;  // target table name when type == Reference
};

struct TableSchema {
  std::string name;
  TableKind kind = TableKind::Entity;
  std::string key;         // field name; required for Payee/Entity, optional for Event
  std::string date_field;  // Event only: the field that dates the event (a Date field)
  std::vector<FieldSchema> fields;
};

struct DatasetSchema {
  std::string currency;  // ISO 4217 code of the plan, e.g. "CNY"
  std::vector<TableSchema> tables;
};

// --------------------------------------------------------------- columns ---

// The distinct strings of a Text column, sorted by bytes, stored contiguously.
class TextDictionary {
 public:
  std::size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  std::string_view operator[](std::uint32_t code) const {
    return std::string_view(bytes_).substr(offsets_[code], offsets_[code + 1] - offsets_[code]);
  }
  // Code of `text`, or nothing when the column never holds it (binary search).
  std::optional<std::uint32_t> find(std::string_view text) const;
  // Builds from strings already sorted and unique.
  static TextDictionary from_sorted(const std::vector<std::string_view>& sorted);

 private:
  std::string bytes_;
  std::vector<std::uint64_t> offsets_;  // size() + 1 entries
};

// Text: one code per row into a dictionary sorted by bytes, so comparing codes
// compares the strings and group-by is an array index.
struct TextColumn {
  std::vector<std::uint32_t> codes;
  TextDictionary dictionary;
};

using ColumnData = std::variant<TextColumn,                  // Text
                                std::vector<std::int64_t>,   // Integer
                                DecimalColumn,               // Number, Percent (a fraction), Money
                                std::vector<std::int32_t>,   // Date: days since 1970-01-01
                                std::vector<std::uint8_t>,   // Bool: 0 or 1
                                std::vector<std::uint32_t>>; // Reference: row index in the target table

struct Column {
  std::string name;
  FieldType type = FieldType::Text;
  std::string references;  // target table when type == Reference
  ColumnData data;
  // Validity bitmap, bit i of word i/64 set when row i holds a value. Empty
  // when the column has no nulls (always for required fields). A null row's
  // slot in `data` holds zero / code 0 and must not be read.
  std::vector<std::uint64_t> validity;

  bool is_null(std::size_t row) const {
    return !validity.empty() && ((validity[row / 64] >> (row % 64)) & 1u) == 0;
  }
  const TextColumn& text() const { return std::get<TextColumn>(data); }
  const std::vector<std::int64_t>& integers() const { return std::get<std::vector<std::int64_t>>(data); }
  const DecimalColumn& decimals() const { return std::get<DecimalColumn>(data); }
  const std::vector<std::int32_t>& days() const { return std::get<std::vector<std::int32_t>>(data); }
  const std::vector<std::uint8_t>& bools() const { return std::get<std::vector<std::uint8_t>>(data); }
  const std::vector<std::uint32_t>& rows() const { return std::get<std::vector<std::uint32_t>>(data); }
};

using ContentHash = std::array<std::uint8_t, 32>;  // SHA-256
std::string to_hex(const ContentHash& hash);

struct Table {
  std::string name;
  TableKind kind = TableKind::Entity;
  std::string source;        // file the rows came from, as named in problems
  std::size_t row_count = 0;
  std::vector<Column> columns;  // in schema field order
  // Where each (canonically ordered) row came from: the CSV line number of the
  // record start, or the 1-based position in rowid order for SQLite.
  std::vector<std::uint32_t> source_rows;
  ContentHash content_hash{};  // over canonical cell text in canonical row order
  std::optional<std::size_t> key_column;  // index into columns

  const Column* column(std::string_view field) const;
  // Row holding `key` (the key's canonical text, e.g. "C0042" or "17").
  std::optional<std::uint32_t> find_key(std::string_view key) const;
};

struct Dataset {
  std::vector<Table> tables;  // in schema order
  const Table* table(std::string_view name) const;
};

// --------------------------------------------------------------- loading ---

struct DataProblem {
  std::string file;          // as the manifest names it, or the manifest itself
  std::uint64_t row = 0;     // 0 when the problem is about the whole file
  std::uint32_t column = 0;  // 1-based; 0 when the problem is about a whole row or file
  std::string message;

  std::string to_string() const;  // "file:row:column: message", omitting zero parts
  friend bool operator<(const DataProblem& a, const DataProblem& b);
  friend bool operator==(const DataProblem& a, const DataProblem& b) = default;
};

struct LoadOptions {
  std::size_t max_errors = 50;  // problems kept; the rest are only counted
  unsigned threads = 2;         // CSV chunks parsed in parallel (result does not depend on it)
  // Leave every Table::content_hash zero: the caller computes them with
  // hash_dataset, e.g. on another thread while it evaluates the data.
  bool defer_hashes = false;
};

struct LoadResult {
  Dataset dataset;  // only meaningful when problems is empty
  std::vector<DataProblem> problems;  // sorted by file, row, column, message
  std::size_t suppressed = 0;         // problems beyond max_errors
  bool ok() const { return problems.empty() && suppressed == 0; }
};

LoadResult load_dataset(const std::filesystem::path& manifest_path, const DatasetSchema& schema,
                        const LoadOptions& options = {});

// The content hash of every table of a loaded dataset, in table order: the
// same hashes load_dataset records, computed from the published tables.
// Reads the dataset only, so it may run while others read it too.
std::vector<ContentHash> hash_dataset(const Dataset& dataset, unsigned threads = 1);

}  // namespace accrue::data
