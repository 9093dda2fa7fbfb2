// DecimalColumn: a column of decimals (a CSV column of amounts, a measure
// over entities) stored, whenever it can be, as 64-bit integers of units at
// one shared scale. That shape is what makes settlement fast: a sum is a
// plain integer loop and a multiply-and-round is one multiplication and one
// division by a constant per row. A value that does not fit makes the column
// fall back to exact Decimals, so no operation ever loses a digit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "currency.h"
#include "decimal.h"

namespace accrue::num {

class DecimalColumn {
 public:
  // An empty column whose integers will be at `scale` (clamped to 0..18).
  explicit DecimalColumn(int scale = 0);
  // value[row] = units[row] / 10^scale; scale 0..18, no INT64_MIN.
  static Result<DecimalColumn> from_units(std::vector<std::int64_t> units, int scale);
  // Scaled at the smallest scale that holds every value exactly, else exact.
  static DecimalColumn from_decimals(std::span<const Decimal> values);
  // Always exact storage (results that outgrew 64 bits; tests of the slow path).
  static DecimalColumn exact(std::vector<Decimal> values);

  // Rescales the column, or falls back to exact storage, if the value needs it.
  void push_back(const Decimal& value);

  std::size_t size() const { return scaled_ ? units_.size() : exact_.size(); }
  Decimal at(std::size_t row) const;

  // Storage, for the kernels and for callers with their own fast loops.
  bool is_scaled() const { return scaled_; }
  int scale() const { return scale_; }
  std::span<const std::int64_t> units() const { return units_; }  // empty unless is_scaled()
  // An upper bound on |units[row]| over all rows (lets sums skip overflow checks).
  std::int64_t units_bound() const { return units_bound_; }
  std::span<const Decimal> exact_values() const { return exact_; }  // empty if is_scaled()

 private:
  void fall_back_to_exact();

  bool scaled_ = true;
  int scale_ = 0;
  std::vector<std::int64_t> units_;
  std::int64_t units_bound_ = 0;
  std::vector<Decimal> exact_;
};

// A money column: amounts in one currency.
struct MoneyColumn {
  Currency currency;
  DecimalColumn amounts;
};

// The exact sum of all rows (an error only if it leaves the Decimal bounds).
Result<Decimal> sum(const DecimalColumn& column);

// Every row multiplied by `factor` and rounded to `scale` places by `mode`:
// commission = amount x rate, rounded to cents, row by row.
Result<DecimalColumn> multiply_round(const DecimalColumn& column, const Decimal& factor, int scale,
                                     RoundingMode mode);

// Grouped sum in one pass: result[k] = sum of rows whose keys[row] == k, for
// k < key_count (settlement aggregating events by entity). keys must have one
// entry per row, each below key_count.
Result<DecimalColumn> sum_by_key(const DecimalColumn& column, std::span<const std::uint32_t> keys,
                                 std::size_t key_count);

}  // namespace accrue::num
