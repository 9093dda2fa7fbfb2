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
#include "engine/data/text_interner.h"

namespace accrue::data {

struct ColumnPiece {
  std::vector<std::uint32_t> codes;  // Text and Reference: codes into `interner`
  TextInterner interner;
  std::vector<std::int64_t> values;  // Integer; decimal units at `scales`
  std::vector<std::int8_t> scales;   // decimal scale of each row
  std::vector<std::int32_t> days;    // Date
  std::vector<std::uint8_t> bools;   // Bool
  std::vector<std::uint32_t> null_rows;  // rows (chunk-local) that hold no value
};

class TableChunk {
 public:
  TableChunk(const TableBinding& binding, std::string_view currency, ProblemSink& sink);

  void begin_row(std::uint32_t source_row) { source_rows_.push_back(source_row); }
  // The cell of declared field `field` in the current row.
  void cell(std::size_t field, std::string_view text);
  // A cell that holds nothing (SQLite NULL).
  void null_cell(std::size_t field);
  // A cell the source already knows is wrong: reported, then stored as null.
  void bad_cell(std::size_t field, const std::string& message);

  std::size_t row_count() const { return source_rows_.size(); }
  std::vector<std::uint32_t>& source_rows() { return source_rows_; }
  std::vector<ColumnPiece>& pieces() { return pieces_; }
  ProblemSink& sink() { return sink_; }

 private:
  void store_null(std::size_t field);
  void report(std::size_t field, const std::string& message);
  void report_value(std::size_t field, std::string_view text, CellError error);

  const TableBinding& binding_;
  std::string_view currency_;
  ProblemSink& sink_;
  std::vector<std::uint32_t> source_rows_;
  std::vector<ColumnPiece> pieces_;
};

}  // namespace accrue::data
