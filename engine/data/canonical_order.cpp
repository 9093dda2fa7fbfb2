#include "engine/data/canonical_order.h"

#include <algorithm>
#include <bit>
#include <numeric>

#include <fmt/format.h>

#include "engine/data/canonical_text.h"
#include "engine/data/task_pool.h"

namespace accrue::data {

namespace {

constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;
constexpr unsigned kPrefixBits = 32;  // three 11-bit radix passes
// 2048 buckets: their write heads stay in L1 and the TLB, where 65536 did not.
constexpr unsigned kDigitBits = 11;
constexpr std::size_t kRowsPerTask = std::size_t{1} << 18;

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

// One stable LSD pass on the digit at `shift`, split into `parts` contiguous
// slices counted and scattered in parallel: slice p writes each bucket's rows
// after those of slices before it, so the result is the sequential one.
void radix_pass(const std::vector<std::uint64_t>& from, std::vector<std::uint64_t>& to, unsigned shift,
                unsigned digit_bits, unsigned threads) {
  const std::size_t rows = from.size();
  const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(threads, rows / kRowsPerTask));
  const std::size_t buckets = std::size_t{1} << digit_bits;
  const std::uint64_t mask = buckets - 1;
  std::vector<std::vector<std::uint32_t>> counts(parts, std::vector<std::uint32_t>(buckets, 0));
  auto slice = [&](std::size_t part) { return std::make_pair(rows * part / parts, rows * (part + 1) / parts); };
  run_tasks(parts, threads, [&](std::size_t part) {
    const auto [begin, end] = slice(part);
    std::uint32_t* count = counts[part].data();
    for (std::size_t at = begin; at < end; ++at) ++count[(from[at] >> shift) & mask];
  });
  std::uint32_t sum = 0;
  for (std::size_t bucket = 0; bucket < buckets; ++bucket) {
    for (std::size_t part = 0; part < parts; ++part) {
      const std::uint32_t here = counts[part][bucket];
      counts[part][bucket] = sum;
      sum += here;
    }
  }
  run_tasks(parts, threads, [&](std::size_t part) {
    const auto [begin, end] = slice(part);
    std::uint32_t* head = counts[part].data();
    for (std::size_t at = begin; at < end; ++at) to[head[(from[at] >> shift) & mask]++] = from[at];
  });
}

std::vector<std::uint32_t> sorted_order(const WorkTable& table, const std::vector<const WorkColumn*>& columns,
                                        unsigned threads) {
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
  // Each column's range, over row slices in parallel.
  const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(threads, rows / kRowsPerTask));
  auto slice = [&](std::size_t part) { return std::make_pair(rows * part / parts, rows * (part + 1) / parts); };
  std::vector<std::vector<Packing>> ranges(parts, std::vector<Packing>(columns.size()));
  run_tasks(parts, threads, [&](std::size_t part) {
    const auto [begin, end] = slice(part);
    for (std::size_t index = 0; index < columns.size(); ++index) {
      Packing& pack = ranges[part][index];
      const WorkColumn& column = *columns[index];
      for (std::size_t row = begin; row < end; ++row) {
        if (column.null_at(row)) {
          pack.has_null = true;
          continue;
        }
        const std::uint64_t value = ordinal(column, row);
        pack.min = std::min(pack.min, value);
        pack.max = std::max(pack.max, value);
      }
    }
  });
  std::vector<Packing> packing(columns.size());
  unsigned total_width = 0;
  std::size_t packed_columns = 0;
  for (std::size_t index = 0; index < columns.size(); ++index) {
    Packing& pack = packing[index];
    for (const std::vector<Packing>& part : ranges) {
      pack.min = std::min(pack.min, part[index].min);
      pack.max = std::max(pack.max, part[index].max);
      pack.has_null = pack.has_null || part[index].has_null;
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
  run_tasks(parts, threads, [&](std::size_t part) {
    const auto [begin, end] = slice(part);
    for (std::size_t row = begin; row < end; ++row) {
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
  });

  // LSD radix over the prefix bits; stable, so ties keep source order.
  if (prefix_bits > 0) {
    std::vector<std::uint64_t> buffer(rows);
    for (unsigned shift = index_bits; shift < index_bits + prefix_bits; shift += kDigitBits) {
      radix_pass(entries, buffer, shift, std::min(kDigitBits, index_bits + prefix_bits - shift), threads);
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

void order_by_key(WorkTable& table, ProblemSink& sink, unsigned threads) {
  const WorkColumn& key = table.columns[*table.key_column];
  permute_rows(table, sorted_order(table, {&key}, threads), threads);
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

void order_by_values(WorkTable& table, unsigned threads) {
  const TableSchema& schema = *table.binding->schema;
  std::vector<const WorkColumn*> columns;
  for (const WorkColumn& column : table.columns) {
    if (column.field->schema->name == schema.date_field) columns.insert(columns.begin(), &column);
    else columns.push_back(&column);
  }
  permute_rows(table, sorted_order(table, columns, threads), threads);
}

}  // namespace accrue::data
