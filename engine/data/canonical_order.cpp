#include "engine/data/canonical_order.h"

#include <algorithm>
#include <bit>
#include <numeric>

#include <fmt/format.h>

#include "engine/data/canonical_text.h"

namespace accrue::data {

namespace {

constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;
constexpr unsigned kPrefixBits = 32;  // two 16-bit radix passes
constexpr unsigned kDigitBits = 16;

// An unsigned number per non-null cell whose order is the value order.
std::uint64_t ordinal(const WorkColumn& column, std::size_t row) {
  switch (column.type) {
    case FieldType::Text:
    case FieldType::Reference: return column.codes[row];
    case FieldType::Integer:
    case FieldType::Number:
    case FieldType::Percent:
    case FieldType::Money: return static_cast<std::uint64_t>(column.values[row]) ^ kSignBit;
    case FieldType::Date: return static_cast<std::uint64_t>(static_cast<std::int64_t>(column.days[row])) ^ kSignBit;
    case FieldType::Bool: return column.bools[row];
  }
  return 0;
}

unsigned bit_width(std::uint64_t value) { return static_cast<unsigned>(std::bit_width(value)); }

// Exact row comparison over the sort columns, nulls first, then source order.
struct RowLess {
  const std::vector<const WorkColumn*>& columns;
  bool operator()(std::uint32_t a, std::uint32_t b) const {
    for (const WorkColumn* column : columns) {
      const bool null_a = column->null_at(a), null_b = column->null_at(b);
      if (null_a != null_b) return null_a;
      if (null_a) continue;
      const std::uint64_t x = ordinal(*column, a), y = ordinal(*column, b);
      if (x != y) return x < y;
    }
    return a < b;
  }
};

std::vector<std::uint32_t> sorted_order(const WorkTable& table, const std::vector<const WorkColumn*>& columns) {
  const std::size_t rows = table.rows;
  std::vector<std::uint32_t> order(rows);
  if (rows < 2) {
    std::iota(order.begin(), order.end(), 0u);
    return order;
  }

  // Pack each row's sort values, bias-shifted to their range, into one wide
  // bit string; keep its top kPrefixBits as the radix key.
  struct Packing {
    std::uint64_t min = UINT64_MAX, max = 0;
    bool has_null = false;
    unsigned width = 0;
  };
  std::vector<Packing> packing(columns.size());
  unsigned total_width = 0;
  std::size_t packed_columns = 0;
  for (std::size_t index = 0; index < columns.size(); ++index) {
    Packing& pack = packing[index];
    for (std::size_t row = 0; row < rows; ++row) {
      if (columns[index]->null_at(row)) {
        pack.has_null = true;
        continue;
      }
      const std::uint64_t value = ordinal(*columns[index], row);
      pack.min = std::min(pack.min, value);
      pack.max = std::max(pack.max, value);
    }
    if (pack.min > pack.max) pack.min = pack.max = 0;  // all null
    const std::uint64_t span = pack.max - pack.min;
    if (pack.has_null && span == UINT64_MAX) break;  // cannot pack: exact comparison takes over
    pack.width = bit_width(span + (pack.has_null ? 1 : 0));
    total_width += pack.width;
    ++packed_columns;
    if (total_width >= kPrefixBits) break;
  }
  const unsigned index_bits = bit_width(rows - 1);
  const unsigned prefix_bits = std::min({total_width, kPrefixBits, 64 - index_bits});
  const bool exact_prefix = packed_columns == columns.size() && total_width <= prefix_bits;

  std::vector<std::uint64_t> entries(rows);
  for (std::size_t row = 0; row < rows; ++row) {
    // Build the prefix of the concatenated fields, most significant first.
    std::uint64_t key = 0;
    unsigned used = 0;
    for (std::size_t index = 0; index < packed_columns && used < prefix_bits; ++index) {
      const Packing& pack = packing[index];
      const WorkColumn& column = *columns[index];
      const std::uint64_t value =
          column.null_at(row) ? 0 : ordinal(column, row) - pack.min + (pack.has_null ? 1 : 0);
      const unsigned take = std::min(pack.width, prefix_bits - used);
      if (take == 0) continue;
      key = (take == 64 ? 0 : key << take) | (value >> (pack.width - take));
      used += take;
    }
    key <<= (prefix_bits - used);
    entries[row] = (key << index_bits) | row;
  }

  // LSD radix over the prefix bits; stable, so ties keep source order.
  if (prefix_bits > 0) {
    std::vector<std::uint64_t> buffer(rows);
    std::vector<std::uint32_t> counts(std::size_t{1} << kDigitBits);
    for (unsigned shift = index_bits; shift < index_bits + prefix_bits; shift += kDigitBits) {
      const unsigned digit_bits = std::min(kDigitBits, index_bits + prefix_bits - shift);
      const std::uint64_t mask = (std::uint64_t{1} << digit_bits) - 1;
      std::fill(counts.begin(), counts.end(), 0u);
      for (const std::uint64_t entry : entries) ++counts[(entry >> shift) & mask];
      std::uint32_t sum = 0;
      for (std::uint32_t& count : counts) {
        const std::uint32_t here = count;
        count = sum;
        sum += here;
      }
      for (const std::uint64_t entry : entries) buffer[counts[(entry >> shift) & mask]++] = entry;
      entries.swap(buffer);
    }
  }
  const std::uint64_t index_mask = (std::uint64_t{1} << index_bits) - 1;
  for (std::size_t position = 0; position < rows; ++position) {
    order[position] = static_cast<std::uint32_t>(entries[position] & index_mask);
  }
  if (exact_prefix) return order;

  // Rows sharing a prefix: finish with the exact comparison.
  const RowLess less{columns};
  std::size_t run_start = 0;
  for (std::size_t position = 1; position <= rows; ++position) {
    if (position == rows || (entries[position] >> index_bits) != (entries[run_start] >> index_bits)) {
      if (position - run_start > 1) std::sort(order.begin() + run_start, order.begin() + position, less);
      run_start = position;
    }
  }
  return order;
}

}  // namespace

void order_by_key(WorkTable& table, ProblemSink& sink) {
  const WorkColumn& key = table.columns[*table.key_column];
  permute_rows(table, sorted_order(table, {&key}));
  std::string text;
  std::size_t run_first = 0;  // first row of the current run of equal keys
  for (std::size_t row = 1; row < table.rows; ++row) {
    if (key.null_at(row) || key.null_at(row - 1) || ordinal(key, row) != ordinal(key, row - 1)) {
      run_first = row;
      continue;
    }
    text.clear();
    append_canonical_text(key, row, text);
    sink.add(table.binding->display_path, table.source_rows[row], key.field->column_number,
             fmt::format("{}: duplicate key {} (also at row {})", key.field->label, quote_value(text),
                         table.source_rows[run_first]));
  }
}

void order_by_values(WorkTable& table) {
  const TableSchema& schema = *table.binding->schema;
  std::vector<const WorkColumn*> columns;
  for (const WorkColumn& column : table.columns) {
    if (column.field->schema->name == schema.date_field) columns.insert(columns.begin(), &column);
    else columns.push_back(&column);
  }
  permute_rows(table, sorted_order(table, columns));
}

}  // namespace accrue::data
