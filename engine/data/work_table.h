// A table between parsing and publication: whole typed columns in one row
// order, with text already dictionary-encoded against a sorted dictionary and
// decimals at one shared scale per column. Ordering, key checks, reference
// resolution and hashing all work on this form; publish() turns it into the
// public Table.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/data/data.h"
#include "engine/data/manifest.h"
#include "engine/data/problem_sink.h"
#include "engine/data/table_chunk.h"

namespace accrue::data {

struct WorkTable;

struct WorkColumn {
  const BoundField* field = nullptr;
  FieldType type = FieldType::Text;
  std::vector<std::uint32_t> codes;  // Text: code in `dictionary`; Reference: code, then target row once resolved
  TextDictionary dictionary;         // Text; Reference: the key texts as written
  std::vector<std::int64_t> values;  // Integer; decimal units at `scale`
  std::int32_t scale = 0;
  std::vector<std::int8_t> scales;  // while loading: each row's own scale, until all are brought to `scale`
  std::vector<std::int32_t> days;
  std::vector<std::uint8_t> bools;
  std::vector<std::uint8_t> is_null;  // one flag per row; empty when the column has no nulls
  // Reference, once resolved: codes are rows of `target`, whose key column is `target_key`.
  const WorkTable* target = nullptr;
  std::optional<std::size_t> target_key;

  bool null_at(std::size_t row) const { return !is_null.empty() && is_null[row] != 0; }
};

struct WorkTable {
  TableBinding* binding = nullptr;
  bool readable = false;  // false when the source could not be opened or lacks a column
  // True when reading found no problem: only then can a key missing from this
  // table be blamed on the row that references it rather than on a row of
  // this table that was rejected.
  bool clean = false;
  std::size_t rows = 0;
  std::vector<std::uint32_t> source_rows;
  std::vector<WorkColumn> columns;  // in schema field order
  std::optional<std::size_t> key_column;  // index of the key field, when the table has one
};

// Joins chunks (in source order) into whole columns, one column per task on
// up to `threads` threads. Arrays the loader sized before parsing, which
// attached chunks wrote into (TableChunk::attach), only have their gaps
// closed. Decimals that cannot be brought to their column's shared scale
// exactly are reported.
void assemble_table(WorkTable& table, std::vector<TableChunk>& chunks, ProblemSink& sink, unsigned threads);

// Reorders every column so new row i is old row order[i]; columns are
// gathered in parallel on up to `threads` threads. `blocks`, when given, are
// row boundaries (0, ..., rows) such that `order` maps the rows of each block
// onto the same block: then each is permuted in place.
void permute_rows(WorkTable& table, const std::vector<std::uint32_t>& order, unsigned threads,
                  const std::vector<std::size_t>& blocks = {});

Table publish(WorkTable&& table, const ContentHash& hash);

}  // namespace accrue::data
