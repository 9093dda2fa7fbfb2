#include "engine/data/canonical_order.h"

#include <algorithm>
#include <bit>
#include <numeric>
#include <utility>

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

// Calls visit(row, ordinal) for every non-null row of [begin, end), with the
// type switch and the null test outside the loop: the packing passes below
// run it for every cell of the sort columns.
template <typename Visit>
void for_each_ordinal(const WorkColumn& column, std::size_t begin, std::size_t end, Visit&& visit) {
  auto each = [&](const auto* data, std::uint64_t flip) {
    if (column.is_null.empty()) {
      for (std::size_t row = begin; row < end; ++row) visit(row, static_cast<std::uint64_t>(data[row]) ^ flip);
    } else {
      for (std::size_t row = begin; row < end; ++row) {
        if (column.is_null[row] == 0) visit(row, static_cast<std::uint64_t>(data[row]) ^ flip);
      }
    }
  };
  switch (column.type) {
    case FieldType::Text:
    case FieldType::Reference: each(column.codes.data(), 0); break;
    case FieldType::Integer:
    case FieldType::Number:
    case FieldType::Percent:
    case FieldType::Money: each(column.values.data(), kSignBit); break;
    // A converted int32 is sign-extended, as in ordinal().
    case FieldType::Date: each(column.days.data(), kSignBit); break;
    case FieldType::Bool: each(column.bools.data(), 0); break;
  }
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

// A sort column's range over its non-null rows, and how many bits its
// bias-shifted values take in a packed key (0 until laid out).
struct Packing {
  std::uint64_t min = UINT64_MAX, max = 0;
  bool has_null = false;
  unsigned width = 0;
};

std::pair<std::size_t, std::size_t> row_slice(std::size_t rows, std::size_t parts, std::size_t part) {
  return {rows * part / parts, rows * (part + 1) / parts};
}

// Each column's range, over row slices in parallel.
std::vector<Packing> column_ranges(const std::vector<const WorkColumn*>& columns, std::size_t rows,
                                   unsigned threads) {
  const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(threads, rows / kRowsPerTask));
  std::vector<std::vector<Packing>> ranges(parts, std::vector<Packing>(columns.size()));
  run_tasks(parts, threads, [&](std::size_t part) {
    const auto [begin, end] = row_slice(rows, parts, part);
    for (std::size_t index = 0; index < columns.size(); ++index) {
      Packing& pack = ranges[part][index];
      const WorkColumn& column = *columns[index];
      std::uint64_t low = UINT64_MAX, high = 0;
      for_each_ordinal(column, begin, end, [&](std::size_t, std::uint64_t value) {
        low = std::min(low, value);
        high = std::max(high, value);
      });
      pack.min = low;
      pack.max = high;
      if (!column.is_null.empty()) {
        pack.has_null = std::any_of(column.is_null.begin() + static_cast<std::ptrdiff_t>(begin),
                                    column.is_null.begin() + static_cast<std::ptrdiff_t>(end),
                                    [](std::uint8_t null) { return null != 0; });
      }
    }
  });
  std::vector<Packing> packing(columns.size());
  for (std::size_t index = 0; index < columns.size(); ++index) {
    Packing& pack = packing[index];
    for (const std::vector<Packing>& part : ranges) {
      pack.min = std::min(pack.min, part[index].min);
      pack.max = std::max(pack.max, part[index].max);
      pack.has_null = pack.has_null || part[index].has_null;
    }
    if (pack.min > pack.max) pack.min = pack.max = 0;  // all null
  }
  return packing;
}

// Gives the leading columns their widths until `budget` bits are used or a
// column cannot be packed; returns how many columns got a width, and the
// sum of their widths.
std::pair<std::size_t, unsigned> lay_out(std::vector<Packing>& packing, unsigned budget) {
  unsigned total_width = 0;
  std::size_t packed_columns = 0;
  for (Packing& pack : packing) {
    const std::uint64_t span = pack.max - pack.min;
    if (pack.has_null && span == UINT64_MAX) break;  // cannot pack: exact comparison takes over
    pack.width = bit_width(span + (pack.has_null ? 1 : 0));
    total_width += pack.width;
    ++packed_columns;
    if (total_width >= budget) break;
  }
  return {packed_columns, total_width};
}

// The top `prefix_bits` of the concatenated fields of rows [begin, end),
// most significant first, into out[row - begin], low-aligned. Built a column
// at a time over blocks of rows small enough to stay in cache. A null is 0
// (each column's values start at 1 when it has nulls).
void write_prefixes(const std::vector<const WorkColumn*>& columns, const std::vector<Packing>& packing,
                    std::size_t packed_columns, unsigned prefix_bits, std::size_t begin, std::size_t end,
                    std::uint64_t* out) {
  constexpr std::size_t kBlockRows = 4096;
  for (std::size_t block = begin; block < end; block += kBlockRows) {
    const std::size_t block_end = std::min(end, block + kBlockRows), size = block_end - block;
    std::uint64_t* const at = out + (block - begin);  // at[row - block] for row in the block
    std::fill(at, at + size, 0);
    unsigned used = 0;
    for (std::size_t index = 0; index < packed_columns && used < prefix_bits; ++index) {
      const Packing& pack = packing[index];
      const unsigned take = std::min(pack.width, prefix_bits - used);
      if (take == 0) continue;
      // Null rows keep 0 in this column's bits: shift every row first.
      for (std::size_t i = 0; i < size; ++i) at[i] = take == 64 ? 0 : at[i] << take;
      const std::uint64_t base = pack.min - (pack.has_null ? 1 : 0);
      const unsigned drop = pack.width - take;
      for_each_ordinal(*columns[index], block, block_end,
                       [&](std::size_t row, std::uint64_t value) { at[row - block] |= (value - base) >> drop; });
      used += take;
    }
    if (used < prefix_bits) {
      for (std::size_t i = 0; i < size; ++i) at[i] <<= prefix_bits - used;
    }
  }
}

// Sorts order[first, last) (rows whose keys hold equal prefixes) exactly.
void sort_ties(std::uint32_t* first, std::uint32_t* last, const std::vector<const WorkColumn*>& columns) {
  if (last - first > 1) std::sort(first, last, RowLess{columns});
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
  std::vector<Packing> packing = column_ranges(columns, rows, threads);
  const auto [packed_columns, total_width] = lay_out(packing, kPrefixBits);
  const unsigned index_bits = bit_width(rows - 1);
  const unsigned prefix_bits = std::min({total_width, kPrefixBits, 64 - index_bits});
  const bool exact_prefix = packed_columns == columns.size() && total_width <= prefix_bits;

  const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(threads, rows / kRowsPerTask));
  std::vector<std::uint64_t> entries(rows);
  run_tasks(parts, threads, [&](std::size_t part) {
    const auto [begin, end] = row_slice(rows, parts, part);
    write_prefixes(columns, packing, packed_columns, prefix_bits, begin, end, entries.data() + begin);
    for (std::size_t row = begin; row < end; ++row) entries[row] = entries[row] << index_bits | row;
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
  std::size_t run_start = 0;
  for (std::size_t position = 1; position <= rows; ++position) {
    if (position == rows || (entries[position] >> index_bits) != (entries[run_start] >> index_bits)) {
      sort_ties(order.data() + run_start, order.data() + position, columns);
      run_start = position;
    }
  }
  return order;
}

// Stable LSD radix sort of entries[0, count) on bits [low, low + bits), in
// digits of up to kDigitBits: for the few thousand rows of one date, whose
// arrays and counters stay in cache. A digit all entries share costs only
// its count.
void sort_small(std::uint64_t* entries, std::uint64_t* scratch, std::size_t count, unsigned low, unsigned bits) {
  if (bits == 0 || count < 2) return;
  const unsigned passes = (bits + kDigitBits - 1) / kDigitBits;
  const unsigned digit_bits = (bits + passes - 1) / passes;
  std::uint32_t heads[std::size_t{1} << kDigitBits];
  std::uint64_t* from = entries;
  std::uint64_t* to = scratch;
  for (unsigned shift = low; shift < low + bits; shift += digit_bits) {
    const unsigned width = std::min(digit_bits, low + bits - shift);
    const std::size_t buckets = std::size_t{1} << width;
    const std::uint64_t mask = buckets - 1;
    std::fill(heads, heads + buckets, 0u);
    for (std::size_t at = 0; at < count; ++at) ++heads[(from[at] >> shift) & mask];
    if (heads[(from[0] >> shift) & mask] == count) continue;
    std::uint32_t sum = 0;
    for (std::size_t bucket = 0; bucket < buckets; ++bucket) sum += std::exchange(heads[bucket], sum);
    for (std::size_t at = 0; at < count; ++at) to[heads[(from[at] >> shift) & mask]++] = from[at];
    std::swap(from, to);
  }
  if (from != entries) std::copy(from, from + count, entries);
}

// Event exports are usually in date order. Then only the rows of each date
// need sorting, among themselves and by the other fields: a few thousand
// rows at a time, in cache, with 64 bits minus the row's place in its date
// for the other fields' values (often enough for all of them, leaving no
// ties to compare). Empty when the rows are not in date order or a date
// holds too many rows for this to pay.
std::vector<std::uint32_t> sorted_within_dates(const WorkTable& table, const std::vector<const WorkColumn*>& columns,
                                               unsigned threads, std::vector<std::size_t>& blocks) {
  constexpr std::size_t kLongestRun = std::size_t{1} << 16;
  const std::size_t rows = table.rows;
  const WorkColumn& date = *columns.front();
  if (rows < 2 || columns.size() < 2 || date.type != FieldType::Date || !date.is_null.empty() ||
      !std::is_sorted(date.days.begin(), date.days.end())) {
    return {};
  }
  std::vector<std::size_t> run_starts{0};
  std::size_t longest = 0;
  for (std::size_t row = 1; row <= rows; ++row) {
    if (row == rows || date.days[row] != date.days[row - 1]) {
      longest = std::max(longest, row - run_starts.back());
      if (longest > kLongestRun) return {};
      run_starts.push_back(row);
    }
  }
  const std::vector<const WorkColumn*> rest(columns.begin() + 1, columns.end());
  const unsigned local_bits = std::max(1u, bit_width(longest - 1));
  std::vector<Packing> packing = column_ranges(rest, rows, threads);
  const auto [packed_columns, total_width] = lay_out(packing, 64 - local_bits);
  const unsigned prefix_bits = std::min(total_width, 64 - local_bits);
  const bool exact_prefix = packed_columns == rest.size() && total_width <= prefix_bits;
  const std::uint64_t local_mask = (std::uint64_t{1} << local_bits) - 1;

  // Whole dates per task, at least kRowsPerTask / 4 rows each: each task
  // writes only its own dates' part of `order`.
  std::vector<std::size_t> task_runs{0};
  for (std::size_t run = 1; run + 1 < run_starts.size(); ++run) {
    if (run_starts[run] - run_starts[task_runs.back()] >= kRowsPerTask / 4) task_runs.push_back(run);
  }
  task_runs.push_back(run_starts.size() - 1);
  // Each task's rows stay among themselves: they are the blocks
  // permute_rows() can reorder in place.
  blocks.clear();
  for (const std::size_t run : task_runs) blocks.push_back(run_starts[run]);
  std::vector<std::uint32_t> order(rows);
  run_tasks(task_runs.size() - 1, threads, [&](std::size_t task) {
    std::vector<std::uint64_t> entries(longest), scratch(longest);
    for (std::size_t run = task_runs[task]; run < task_runs[task + 1]; ++run) {
      const std::size_t begin = run_starts[run], count = run_starts[run + 1] - begin;
      write_prefixes(rest, packing, packed_columns, prefix_bits, begin, begin + count, entries.data());
      for (std::size_t at = 0; at < count; ++at) entries[at] = entries[at] << local_bits | at;
      // Radix on the top bits only (the first fields nearly always differ
      // within a date), then the rare entries that share them by value.
      const unsigned top_bits = std::min(prefix_bits, 2 * kDigitBits);
      const unsigned top_shift = local_bits + prefix_bits - top_bits;
      sort_small(entries.data(), scratch.data(), count, top_shift, top_bits);
      if (top_bits < prefix_bits) {
        std::size_t same = 0;
        for (std::size_t at = 1; at <= count; ++at) {
          if (at == count || (entries[at] >> top_shift) != (entries[same] >> top_shift)) {
            if (at - same > 1) std::sort(entries.data() + same, entries.data() + at);
            same = at;
          }
        }
      }
      std::uint32_t* const out = order.data() + begin;
      for (std::size_t at = 0; at < count; ++at) {
        out[at] = static_cast<std::uint32_t>(begin + (entries[at] & local_mask));
      }
      if (exact_prefix) continue;
      std::size_t tie_start = 0;
      for (std::size_t at = 1; at <= count; ++at) {
        if (at == count || (entries[at] >> local_bits) != (entries[tie_start] >> local_bits)) {
          sort_ties(out + tie_start, out + at, columns);
          tie_start = at;
        }
      }
    }
  });
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
  std::vector<std::size_t> blocks;
  std::vector<std::uint32_t> order = sorted_within_dates(table, columns, threads, blocks);
  if (order.empty()) {
    blocks.clear();
    order = sorted_order(table, columns, threads);
  }
  permute_rows(table, order, threads, blocks);
}

}  // namespace accrue::data
