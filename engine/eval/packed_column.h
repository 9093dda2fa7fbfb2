// Internal to the eval layer: the values of one expression on every row of a
// record, stored in the narrowest form its values allow. A Value is 80 bytes;
// a record of 10^6 customers with a few measures would touch hundreds of MB
// of fresh pages (the kernel zeroes each one) for columns that are mostly
// int64 units at one scale, grades or bools. So a column starts with no
// storage (every row null) and takes the form of the first value written:
// numbers as int64 units at one scale (a byte per row records the scale once
// rows differ; a value outside the small form, such as an average that does
// not terminate, sits in a side list as its 128-bit ratio, without the heap
// object a Decimal would keep for it), one byte per row for grades and
// bools, and whole Values for anything else. A value that does not fit the
// current form widens the whole column to Values once. Reads give back
// exactly the Value that was written (the same Decimal form and scale), so
// every reader sees what it always saw.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "eval/eval.h"
#include "num/ratio128.h"

namespace accrue::eval::detail {

class PackedColumn {
 public:
  enum class Form : std::uint8_t { Null, Numbers, Grades, Bools, Values };

  PackedColumn() = default;
  // `rows` rows, all null; nothing is allocated until a value is written.
  explicit PackedColumn(std::uint32_t rows) : rows_(rows) {}

  std::uint32_t size() const { return rows_; }
  Form form() const { return form_; }
  // Grows (new rows null) or shrinks to `rows`.
  void resize(std::uint32_t rows);

  // The value on `row`; null beyond the end.
  Value get(std::uint32_t row) const;
  bool is_null(std::uint32_t row) const;
  // The stored Value itself, in the Values form (nullptr in the others).
  const Value* stored(std::uint32_t row) const {
    return form_ == Form::Values && row < rows_ ? &values_[row] : nullptr;
  }
  // Numbers form with every row at one scale: each row's units at scale()
  // (meaningful on non-null rows).
  bool uniform_units() const { return form_ == Form::Numbers && scales_.empty(); }
  int scale() const { return scale_; }
  const std::vector<std::int64_t>& units() const { return units_; }

  void set(std::uint32_t row, Value&& v);
  void set(std::uint32_t row, const Value& v) { set(row, Value(v)); }
  // set(row, Value::of(num::detail::decimal_of(r))) without building a heap
  // value for a ratio that is not small.
  void set_ratio(std::uint32_t row, const num::detail::Ratio128& r);

  // A number of the Numbers form as stored: small units and scale, a ratio,
  // or (beyond 128 bits) the Decimal; null rows and other forms are Other.
  struct NumberCell {
    enum class Kind : std::uint8_t { Null, Small, Ratio, Other } kind = Kind::Other;
    std::int64_t units = 0;
    int scale = 0;
    const num::detail::Ratio128* ratio = nullptr;
  };
  NumberCell number_cell(std::uint32_t row) const;
  // Every row `v` (a constant column made whole).
  void fill(const Value& v);
  // Rows [at, at + part.size()) become part's rows, as if each had been set
  // here from part.get(); they must not have been written yet, and `at` must
  // be a multiple of 64. How a column is put together from the row ranges
  // computed on several threads (row_split.h).
  void splice(std::uint32_t at, PackedColumn&& part);

 private:
  // The form a value asks for when it is the column's first.
  static Form form_of(const Value& v);
  bool fits(const Value& v) const;
  void allocate(Form form, const Value& first);
  void widen();
  void set_number(std::uint32_t row, num::Decimal&& d);
  void store_ratio(std::uint32_t row, const num::detail::Ratio128& r);
  void mark(std::uint32_t row, bool null) {
    std::uint64_t bit = std::uint64_t{1} << (row % 64);
    if (null) nulls_[row / 64] |= bit;
    else nulls_[row / 64] &= ~bit;
  }

  std::uint32_t rows_ = 0;
  Form form_ = Form::Null;
  int scale_ = 0;
  // In scales_: units_ is an index into ratios_, or into bigs_ (beyond 128 bits).
  static constexpr std::uint8_t kRatio = 0xFE;
  static constexpr std::uint8_t kBig = 0xFF;
  std::vector<std::uint64_t> nulls_;  // one bit per row, set = null (all forms but Null and Values)
  std::vector<std::int64_t> units_;
  std::vector<std::uint8_t> scales_;  // per row, once rows differ in scale (empty: all scale_)
  std::deque<num::detail::Ratio128> ratios_;  // a deque: appending never copies or doubles
  std::vector<num::Decimal> bigs_;
  std::vector<std::uint8_t> cells_;  // grade index, or 0/1 for bools
  std::vector<Value> values_;
};

}  // namespace accrue::eval::detail
