#include "engine/data/work_table.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace accrue::data {

namespace {

template <typename T>
void append_vector(std::vector<T>& into, std::vector<T>& from) {
  if (into.empty()) {
    into = std::move(from);
  } else {
    into.insert(into.end(), from.begin(), from.end());
  }
  std::vector<T>().swap(from);  // release the chunk's memory as we go
}

template <typename T>
void gather(std::vector<T>& column, const std::vector<std::uint32_t>& order) {
  if (column.empty()) return;
  std::vector<T> reordered(order.size());
  for (std::size_t row = 0; row < order.size(); ++row) reordered[row] = column[order[row]];
  column = std::move(reordered);
}

// Merges the chunks' interners into one sorted dictionary and rewrites every
// code as its rank there, so code order is text order.
void assemble_text(WorkColumn& column, std::vector<TableChunk>& chunks, std::size_t field) {
  TextInterner merged = std::move(chunks[0].pieces()[field].interner);
  std::vector<std::vector<std::uint32_t>> to_merged(chunks.size());
  for (std::size_t chunk = 1; chunk < chunks.size(); ++chunk) {
    const TextInterner& local = chunks[chunk].pieces()[field].interner;
    auto& mapping = to_merged[chunk];
    mapping.resize(local.size());
    for (std::uint32_t code = 0; code < local.size(); ++code) mapping[code] = merged.intern(local.text(code));
  }
  std::vector<std::uint32_t> by_text(merged.size());
  std::iota(by_text.begin(), by_text.end(), 0u);
  std::sort(by_text.begin(), by_text.end(),
            [&](std::uint32_t a, std::uint32_t b) { return merged.text(a) < merged.text(b); });
  std::vector<std::uint32_t> rank(merged.size());
  std::vector<std::string_view> sorted(merged.size());
  for (std::uint32_t position = 0; position < by_text.size(); ++position) {
    rank[by_text[position]] = position;
    sorted[position] = merged.text(by_text[position]);
  }
  column.dictionary = TextDictionary::from_sorted(sorted);

  std::size_t total = 0;
  for (auto& chunk : chunks) total += chunk.row_count();
  column.codes.reserve(total);
  for (std::size_t chunk = 0; chunk < chunks.size(); ++chunk) {
    ColumnPiece& piece = chunks[chunk].pieces()[field];
    for (const std::uint32_t code : piece.codes) {
      column.codes.push_back(rank[chunk == 0 ? code : to_merged[chunk][code]]);
    }
    std::vector<std::uint32_t>().swap(piece.codes);
  }
}

// Brings every decimal of the column to the largest scale seen, exactly.
void assemble_decimal(WorkTable& table, WorkColumn& column, std::vector<std::int8_t>& scales, ProblemSink& sink) {
  std::int32_t shared = 0;
  for (const std::int8_t scale : scales) shared = std::max<std::int32_t>(shared, scale);
  column.scale = shared;
  for (std::size_t row = 0; row < column.values.size(); ++row) {
    const std::int32_t by = shared - scales[row];
    if (by == 0) continue;
    if (!rescale(column.values[row], by, column.values[row])) {
      // TODO(num): hand such values to the arbitrary-precision fallback of
      // engine/num's column instead of refusing them.
      sink.add(table.binding->display_path, table.source_rows[row], column.field->column_number,
               fmt::format("{}: value has too many digits at the column's {} decimal places", column.field->label,
                           shared));
      column.values[row] = 0;
    }
  }
}

}  // namespace

void assemble_table(WorkTable& table, std::vector<TableChunk>& chunks, ProblemSink& sink) {
  const TableBinding& binding = *table.binding;
  table.columns.resize(binding.fields.size());
  table.rows = 0;
  for (auto& chunk : chunks) table.rows += chunk.row_count();
  if (chunks.empty()) {
    for (std::size_t field = 0; field < binding.fields.size(); ++field) {
      table.columns[field].field = &binding.fields[field];
      table.columns[field].type = binding.fields[field].schema->type;
      table.columns[field].dictionary = TextDictionary::from_sorted({});
    }
    return;
  }
  std::vector<std::size_t> chunk_start(chunks.size(), 0);
  for (std::size_t chunk = 1; chunk < chunks.size(); ++chunk) {
    chunk_start[chunk] = chunk_start[chunk - 1] + chunks[chunk - 1].row_count();
  }
  for (auto& chunk : chunks) append_vector(table.source_rows, chunk.source_rows());

  for (std::size_t field = 0; field < binding.fields.size(); ++field) {
    WorkColumn& column = table.columns[field];
    column.field = &binding.fields[field];
    column.type = column.field->schema->type;
    std::vector<std::int8_t> scales;
    for (std::size_t chunk = 0; chunk < chunks.size(); ++chunk) {
      ColumnPiece& piece = chunks[chunk].pieces()[field];
      if (!piece.null_rows.empty()) {
        if (column.is_null.empty()) column.is_null.assign(table.rows, 0);
        for (const std::uint32_t row : piece.null_rows) column.is_null[chunk_start[chunk] + row] = 1;
      }
      append_vector(column.values, piece.values);
      append_vector(scales, piece.scales);
      append_vector(column.days, piece.days);
      append_vector(column.bools, piece.bools);
    }
    switch (column.type) {
      case FieldType::Text:
      case FieldType::Reference: assemble_text(column, chunks, field); break;
      case FieldType::Number:
      case FieldType::Percent:
      case FieldType::Money: assemble_decimal(table, column, scales, sink); break;
      default: break;
    }
  }
}

void permute_rows(WorkTable& table, const std::vector<std::uint32_t>& order) {
  gather(table.source_rows, order);
  for (WorkColumn& column : table.columns) {
    gather(column.codes, order);
    gather(column.values, order);
    gather(column.days, order);
    gather(column.bools, order);
    gather(column.is_null, order);
  }
}

Table publish(WorkTable&& work, const ContentHash& hash) {
  Table table;
  const TableSchema& schema = *work.binding->schema;
  table.name = schema.name;
  table.kind = schema.kind;
  table.source = work.binding->display_path;
  table.row_count = work.rows;
  table.source_rows = std::move(work.source_rows);
  table.content_hash = hash;
  for (std::size_t index = 0; index < work.columns.size(); ++index) {
    WorkColumn& from = work.columns[index];
    Column column;
    column.name = from.field->schema->name;
    column.type = from.type;
    column.references = from.field->schema->references;
    if (column.name == schema.key) table.key_column = index;
    switch (from.type) {
      case FieldType::Text: column.data = TextColumn{std::move(from.codes), std::move(from.dictionary)}; break;
      case FieldType::Reference: column.data = std::move(from.codes); break;
      case FieldType::Integer: column.data = std::move(from.values); break;
      case FieldType::Number:
      case FieldType::Percent:
      case FieldType::Money: column.data = make_decimal_column(from.scale, std::move(from.values)); break;
      case FieldType::Date: column.data = std::move(from.days); break;
      case FieldType::Bool: column.data = std::move(from.bools); break;
    }
    if (!from.is_null.empty()) {
      column.validity.assign((work.rows + 63) / 64, 0);
      for (std::size_t row = 0; row < work.rows; ++row) {
        if (from.is_null[row] == 0) column.validity[row / 64] |= std::uint64_t{1} << (row % 64);
      }
    }
    table.columns.push_back(std::move(column));
  }
  return table;
}

}  // namespace accrue::data
