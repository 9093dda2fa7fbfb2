#include "engine/data/work_table.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include <fmt/format.h>

#include "engine/data/task_pool.h"

namespace accrue::data {

namespace {

// Joins the chunks' pieces of one column, releasing each piece once copied.
// When every piece was attached to `into` (sized before parsing), each is
// already in place after the pieces before it, give or take the unused end
// of their slices: only those gaps are closed, moving rows down in order.
template <typename T>
void join_pieces(std::vector<T>& into, std::vector<TableChunk>& chunks, RowArray<T> ColumnPiece::*member,
                 std::size_t field) {
  std::size_t total = 0;
  bool in_place = !into.empty();
  for (auto& chunk : chunks) {
    const RowArray<T>& piece = chunk.pieces()[field].*member;
    total += piece.size();
    in_place = in_place && (piece.attached() || piece.empty());
  }
  if (in_place && total <= into.size()) {
    std::size_t at = 0;
    for (auto& chunk : chunks) {
      RowArray<T>& piece = chunk.pieces()[field].*member;
      if (!piece.empty() && piece.data() != into.data() + at) {
        std::memmove(into.data() + at, piece.data(), piece.size() * sizeof(T));
      }
      at += piece.size();
      piece.release();
    }
    into.resize(total);
    return;
  }
  std::vector<T> joined;
  joined.reserve(total);
  for (auto& chunk : chunks) {
    RowArray<T>& piece = chunk.pieces()[field].*member;
    joined.insert(joined.end(), piece.begin(), piece.end());
    piece.release();
  }
  into = std::move(joined);
}

// Reorders each of `columns` (all of one element type) by `order`, through
// one scratch array handed from column to column: every column but the first
// is written into memory the previous one no longer needs, so a permutation
// of a wide table touches one fresh array per element type, not one per column.
template <typename T>
void gather_all(const std::vector<std::vector<T>*>& columns, const std::vector<std::uint32_t>& order,
                const std::vector<std::size_t>& blocks) {
  if (!blocks.empty()) {
    // `order` maps each block onto itself: permute each in place through a
    // scratch block that stays in cache, touching no fresh column-sized array.
    std::size_t widest = 0;
    for (std::size_t block = 0; block + 1 < blocks.size(); ++block) {
      widest = std::max(widest, blocks[block + 1] - blocks[block]);
    }
    std::vector<T> scratch(widest);
    for (std::vector<T>* column : columns) {
      if (column->empty()) continue;
      T* const data = column->data();
      for (std::size_t block = 0; block + 1 < blocks.size(); ++block) {
        const std::size_t begin = blocks[block], end = blocks[block + 1];
        for (std::size_t row = begin; row < end; ++row) scratch[row - begin] = data[order[row]];
        std::copy(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(end - begin), data + begin);
      }
    }
    return;
  }
  std::vector<T> scratch;
  for (std::vector<T>* column : columns) {
    if (column->empty()) continue;
    scratch.resize(order.size());
    const T* from = column->data();
    T* to = scratch.data();
    for (std::size_t row = 0; row < order.size(); ++row) to[row] = from[order[row]];
    column->swap(scratch);
  }
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

  // Codes become ranks by index. Attached pieces sit in column.codes at or
  // after the row they move to, so rewriting front to back in place reads
  // every code before its slot is overwritten.
  std::size_t total = 0;
  bool in_place = !column.codes.empty();
  for (auto& chunk : chunks) {
    total += chunk.pieces()[field].codes.size();
    in_place = in_place && chunk.pieces()[field].codes.attached();
  }
  if (!in_place || total > column.codes.size()) column.codes.assign(total, 0);
  std::size_t at = 0;
  for (std::size_t chunk = 0; chunk < chunks.size(); ++chunk) {
    RowArray<std::uint32_t>& piece = chunks[chunk].pieces()[field].codes;
    for (std::size_t row = 0; row < piece.size(); ++row) {
      // All null: only placeholders, and no rank to look up.
      column.codes[at + row] = rank.empty() ? 0u : rank[chunk == 0 ? piece[row] : to_merged[chunk][piece[row]]];
    }
    at += piece.size();
    piece.release();
  }
  column.codes.resize(total);
}

// A text key column: sorts the rows' texts (by an 8-byte big-endian prefix,
// then the full bytes where prefixes tie) instead of interning them, then
// numbers the distinct texts in that order. Exports are often already in key
// order, which the sort notices in one pass.
void assemble_key_text(WorkColumn& column, std::vector<TableChunk>& chunks, std::size_t field) {
  std::vector<std::string_view> texts;  // per row, into the chunks' key bytes
  std::size_t rows = 0;
  for (auto& chunk : chunks) rows += chunk.pieces()[field].key_ends.size();
  texts.reserve(rows);
  for (auto& chunk : chunks) {
    const ColumnPiece& piece = chunk.pieces()[field];
    std::uint64_t begin = 0;
    for (const std::uint64_t end : piece.key_ends) {
      texts.emplace_back(piece.key_bytes.data() + begin, end - begin);
      begin = end;
    }
  }
  std::vector<std::uint8_t> null(rows, 0);
  std::size_t offset = 0;
  for (auto& chunk : chunks) {
    for (const std::uint32_t row : chunk.pieces()[field].null_rows) null[offset + row] = 1;
    offset += chunk.pieces()[field].key_ends.size();
  }
  struct Entry {
    std::uint64_t prefix;  // first 8 bytes, big-endian, zero-padded
    std::uint32_t row;
  };
  std::vector<Entry> entries;
  entries.reserve(rows);
  for (std::uint32_t row = 0; row < rows; ++row) {
    if (null[row] != 0) continue;
    std::uint64_t prefix = 0;
    const std::string_view text = texts[row];
    for (std::size_t i = 0; i < 8; ++i) {
      prefix = prefix << 8 | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0u);
    }
    entries.push_back(Entry{prefix, row});
  }
  auto less = [&](const Entry& a, const Entry& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    const int order = texts[a.row].compare(texts[b.row]);
    return order != 0 ? order < 0 : a.row < b.row;
  };
  if (!std::is_sorted(entries.begin(), entries.end(), less)) std::sort(entries.begin(), entries.end(), less);

  std::vector<std::string_view> sorted;
  sorted.reserve(entries.size());
  column.codes.assign(rows, 0);
  for (const Entry& entry : entries) {
    if (sorted.empty() || sorted.back() != texts[entry.row]) sorted.push_back(texts[entry.row]);
    column.codes[entry.row] = static_cast<std::uint32_t>(sorted.size() - 1);
  }
  column.dictionary = TextDictionary::from_sorted(sorted);
  for (auto& chunk : chunks) {
    ColumnPiece& piece = chunk.pieces()[field];
    std::string().swap(piece.key_bytes);
    std::vector<std::uint64_t>().swap(piece.key_ends);
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

void assemble_table(WorkTable& table, std::vector<TableChunk>& chunks, ProblemSink& sink, unsigned threads) {
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
  {
    // join_pieces() for the rows' numbers, which are no column's.
    bool in_place = !table.source_rows.empty() && table.rows <= table.source_rows.size();
    for (auto& chunk : chunks) in_place = in_place && (chunk.source_rows().attached() || chunk.row_count() == 0);
    std::vector<std::uint32_t> joined;
    std::vector<std::uint32_t>& into = in_place ? table.source_rows : joined;
    if (!in_place) into.resize(table.rows);
    std::size_t at = 0;
    for (auto& chunk : chunks) {
      RowArray<std::uint32_t>& rows = chunk.source_rows();
      if (!rows.empty() && rows.data() != into.data() + at) {
        std::memmove(into.data() + at, rows.data(), rows.size() * sizeof(std::uint32_t));
      }
      at += rows.size();
    }
    into.resize(table.rows);
    if (!in_place) table.source_rows = std::move(joined);
  }

  // Columns are joined in parallel: each task touches only its own field's
  // pieces and column, and reports into its own sink (a sink keeps the
  // smallest problems, so merging them gives what one sink would hold).
  std::vector<ProblemSink> sinks(binding.fields.size(), ProblemSink(sink.limit()));
  run_tasks(binding.fields.size(), threads, [&](std::size_t field) {
    WorkColumn& column = table.columns[field];
    column.field = &binding.fields[field];
    column.type = column.field->schema->type;
    std::vector<std::int8_t> scales = std::move(column.scales);
    for (std::size_t chunk = 0; chunk < chunks.size(); ++chunk) {
      ColumnPiece& piece = chunks[chunk].pieces()[field];
      if (!piece.null_rows.empty()) {
        if (column.is_null.empty()) column.is_null.assign(table.rows, 0);
        for (const std::uint32_t row : piece.null_rows) column.is_null[chunk_start[chunk] + row] = 1;
      }
    }
    join_pieces(column.values, chunks, &ColumnPiece::values, field);
    join_pieces(scales, chunks, &ColumnPiece::scales, field);
    join_pieces(column.days, chunks, &ColumnPiece::days, field);
    join_pieces(column.bools, chunks, &ColumnPiece::bools, field);
    switch (column.type) {
      case FieldType::Text:
        if (column.field->schema->name == binding.schema->key) {
          assemble_key_text(column, chunks, field);
        } else {
          assemble_text(column, chunks, field);
        }
        break;
      case FieldType::Reference:
        if (column.field->key_index != nullptr) {
          // Already codes of the target's key dictionary: just concatenate.
          join_pieces(column.codes, chunks, &ColumnPiece::codes, field);
        } else {
          assemble_text(column, chunks, field);
        }
        break;
      case FieldType::Number:
      case FieldType::Percent:
      case FieldType::Money: assemble_decimal(table, column, scales, sinks[field]); break;
      default: break;
    }
    // A null row's code is a placeholder; make it 0 whatever was interned
    // first, so the loaded data does not depend on the input row order.
    if (!column.is_null.empty() && !column.codes.empty()) {
      for (std::size_t row = 0; row < table.rows; ++row) {
        if (column.is_null[row] != 0) column.codes[row] = 0;
      }
    }
  });
  for (ProblemSink& field_sink : sinks) sink.merge(std::move(field_sink));
}

void permute_rows(WorkTable& table, const std::vector<std::uint32_t>& order, unsigned threads,
                  const std::vector<std::size_t>& blocks) {
  // One task per element type: each writes only its own columns.
  std::vector<std::vector<std::uint32_t>*> rows{&table.source_rows};
  std::vector<std::vector<std::int64_t>*> values;
  std::vector<std::vector<std::int32_t>*> days;
  std::vector<std::vector<std::uint8_t>*> bytes;
  for (WorkColumn& column : table.columns) {
    rows.push_back(&column.codes);
    values.push_back(&column.values);
    days.push_back(&column.days);
    bytes.push_back(&column.bools);
    bytes.push_back(&column.is_null);
  }
  run_tasks(4, threads, [&](std::size_t task) {
    switch (task) {
      case 0: gather_all(values, order, blocks); break;
      case 1: gather_all(rows, order, blocks); break;
      case 2: gather_all(days, order, blocks); break;
      default: gather_all(bytes, order, blocks); break;
    }
  });
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
