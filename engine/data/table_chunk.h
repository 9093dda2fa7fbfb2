// Typed columns for a run of consecutive source rows, built cell by cell.
// A source reader (CSV or SQLite) hands each declared cell's text here; the
// cell is checked against its field type and stored in its column piece, and
// any problem is reported with its file, row and column. Large CSV files are
// split into chunks parsed on separate threads, each into its own TableChunk;
// assemble_table() joins them in file order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/data/cell_syntax.h"
#include "engine/data/manifest.h"
#include "engine/data/problem_sink.h"
#include "engine/data/row_array.h"
#include "engine/data/text_interner.h"

namespace accrue::data {

struct ColumnPiece {
  RowArray<std::uint32_t> codes;  // Text and Reference: codes into `interner`
  TextInterner interner;
  // A text key column is not interned (its values are meant to be distinct,
  // so a dictionary would only copy them): each row's text, back to back,
  // empty for a null row. assemble_table() sorts them into the dictionary.
  std::string key_bytes;
  std::vector<std::uint64_t> key_ends;
  RowArray<std::int64_t> values;  // Integer; decimal units at `scales`
  RowArray<std::int8_t> scales;   // decimal scale of each row
  RowArray<std::int32_t> days;    // Date
  RowArray<std::uint8_t> bools;   // Bool
  std::vector<std::uint32_t> null_rows;  // rows (chunk-local) that hold no value
  // Date: the last date text read and its day. Event exports are in date
  // order, so most date cells repeat the previous row's text exactly.
  char last_date[10] = {};
  std::int32_t last_day = 0;
};

// Where an attached chunk writes one declared field: the first of its rows
// in each of the table's final arrays (null for arrays its type has none of).
struct FieldSlices {
  std::uint32_t* codes = nullptr;
  std::int64_t* values = nullptr;
  std::int8_t* scales = nullptr;
  std::int32_t* days = nullptr;
  std::uint8_t* bools = nullptr;
};

class TableChunk {
 public:
  TableChunk(const TableBinding& binding, std::string_view currency, ProblemSink& sink);

  // Room for `rows` rows in every column, allocated once.
  void reserve(std::size_t rows);
  // Writes at most `rows` rows straight into the table's final arrays, at
  // `source_rows` and `fields` (one per declared field); a text key column
  // still collects its texts here.
  void attach(std::uint32_t* source_rows, const std::vector<FieldSlices>& fields, std::size_t rows);
  void begin_row(std::uint32_t source_row) { source_rows_.push_back(source_row); }
  // The cell of declared field `field` in the current row.
  void cell(std::size_t field, std::string_view text);
  // A cell that holds nothing (SQLite NULL).
  void null_cell(std::size_t field);
  // A cell the source already knows is wrong: reported, then stored as null.
  void bad_cell(std::size_t field, const std::string& message);

  // Resolves the reference cells still waiting for their key lookups; call
  // once after the last row.
  void finish() { resolve_pending(); }

  std::size_t row_count() const { return source_rows_.size(); }
  RowArray<std::uint32_t>& source_rows() { return source_rows_; }
  std::vector<ColumnPiece>& pieces() { return pieces_; }
  ProblemSink& sink() { return sink_; }

 private:
  // A reference cell waiting for its key lookup: lookups are made in batches
  // so that their cache misses overlap (key_index.h).
  struct PendingReference {
    std::uint32_t row;  // chunk-local
    std::uint32_t field;
    std::uint32_t offset;  // of the key text in pending_keys_
    std::uint32_t length;
    std::uint64_t hash;
  };
  static constexpr std::size_t kLookupBatch = 32;

  void resolve_pending();
  void store_null(std::size_t field);
  void report(std::size_t field, const std::string& message);
  void report_at(std::uint32_t row, std::size_t field, const std::string& message);
  void report_value(std::size_t field, std::string_view text, CellError error);

  const TableBinding& binding_;
  std::string_view currency_;
  ProblemSink& sink_;
  RowArray<std::uint32_t> source_rows_;
  std::vector<ColumnPiece> pieces_;
  std::vector<FieldType> types_;  // per declared field, read for every cell
  std::size_t key_field_ = SIZE_MAX;  // the declared field holding a text key, if any
  std::vector<PendingReference> pending_;
  std::string pending_keys_;
};

}  // namespace accrue::data
