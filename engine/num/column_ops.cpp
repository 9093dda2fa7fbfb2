// The column kernels: sum, multiply-and-round, grouped sum. Each has a plain
// integer loop for scaled columns (where the time goes) and an exact loop
// over Decimals for everything else; both give the same digits.
#include <array>
#include <limits>
#include <utility>

#include "column.h"
#include "column_buffer.h"
#include "round_division.h"

namespace accrue::num {

namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

constexpr std::int64_t pow10_i64(int exponent) {
  std::int64_t result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

constexpr __int128 pow10_i128(int exponent) {
  __int128 result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

constexpr bool fits_int64(__int128 value) { return value >= -kInt64Max && value <= kInt64Max; }

// Sum of rows whose partial sums provably stay inside int64; the compiler
// vectorizes this loop.
std::int64_t sum_block(const std::int64_t* rows, std::size_t count) {
  std::int64_t total = 0;
  for (std::size_t row = 0; row < count; ++row) total += rows[row];
  return total;
}

// ---- multiply_round on scaled columns ------------------------------------

using RowKernel = void (*)(const std::int64_t*, std::int64_t*, std::size_t, std::int64_t);

// out = round(in * factor / 10^Shift). Mode and shift are template arguments
// so the division is by a constant (a multiply and shifts) and the mode's
// branch disappears; the caller has checked that in * factor fits int64.
template <RoundingMode Mode, int Shift>
void multiply_round_rows(const std::int64_t* in, std::int64_t* out, std::size_t count, std::int64_t factor) {
  constexpr std::int64_t divisor = pow10_i64(Shift);
  for (std::size_t row = 0; row < count; ++row) {
    out[row] = detail::divide_rounded<std::int64_t>(in[row] * factor, divisor, Mode);
  }
}

template <RoundingMode Mode, int... Shift>
constexpr std::array<RowKernel, sizeof...(Shift)> kernels_for(std::integer_sequence<int, Shift...>) {
  return {&multiply_round_rows<Mode, Shift>...};
}

constexpr auto kShifts = std::make_integer_sequence<int, kSmallMaxScale + 1>{};
// Indexed by RoundingMode (enum order) then by shift.
constexpr std::array<std::array<RowKernel, kSmallMaxScale + 1>, 7> kRowKernels = {
    kernels_for<RoundingMode::half_even>(kShifts), kernels_for<RoundingMode::half_up>(kShifts),
    kernels_for<RoundingMode::half_down>(kShifts), kernels_for<RoundingMode::down>(kShifts),
    kernels_for<RoundingMode::up>(kShifts),        kernels_for<RoundingMode::floor>(kShifts),
    kernels_for<RoundingMode::ceiling>(kShifts)};

Result<DecimalColumn> multiply_round_exact(const DecimalColumn& column, const Decimal& factor, int scale,
                                           RoundingMode mode) {
  std::vector<Decimal> values;
  values.reserve(column.size());
  for (std::size_t row = 0; row < column.size(); ++row) {
    Result<Decimal> product = mul(column.at(row), factor);
    if (!product) return product.error();
    Result<Decimal> rounded = product->round(scale, mode);
    if (!rounded) return rounded.error();
    values.push_back(*std::move(rounded));
  }
  if (scale > kSmallMaxScale) return DecimalColumn::exact(std::move(values));
  DecimalColumn out(scale);
  for (const Decimal& value : values) out.push_back(value);
  return out;
}

// Rows whose product may not fit int64: 128-bit arithmetic; if some result
// still does not fit int64 (or 128 bits), the exact loop does the column.
Result<DecimalColumn> multiply_round_wide(const DecimalColumn& column, const Decimal& factor, int shift, int scale,
                                          RoundingMode mode) {
  const std::int64_t f = factor.small_units();
  const __int128 power = pow10_i128(shift >= 0 ? shift : -shift);  // shift is -18..36
  std::span<const std::int64_t> in = column.units();
  std::vector<std::int64_t> out = detail::allocate_units(in.size());
  for (std::size_t row = 0; row < in.size(); ++row) {
    __int128 product = static_cast<__int128>(in[row]) * f;  // < 2^126
    __int128 rounded = 0;
    if (shift >= 0) {
      rounded = detail::divide_rounded<__int128>(product, power, mode);
    } else if (__builtin_mul_overflow(product, power, &rounded)) {
      return multiply_round_exact(column, factor, scale, mode);
    }
    if (!fits_int64(rounded)) return multiply_round_exact(column, factor, scale, mode);
    out[row] = static_cast<std::int64_t>(rounded);
  }
  return DecimalColumn::from_units(std::move(out), scale);
}

Error key_error(std::span<const std::uint32_t> keys, std::size_t key_count) {
  std::size_t row = 0;
  while (row < keys.size() && keys[row] < key_count) ++row;
  return make_error(ErrorCode::invalid_argument, "sum_by_key: key " + std::to_string(keys[row]) + " at row " +
                                                     std::to_string(row) + " is not below the key count " +
                                                     std::to_string(key_count));
}

}  // namespace

Result<Decimal> sum(const DecimalColumn& column) {
  if (!column.is_scaled()) {
    Decimal total;
    for (const Decimal& value : column.exact_values()) {
      Result<Decimal> next = add(total, value);
      if (!next) return next.error();
      total = *std::move(next);
    }
    return total;
  }
  std::span<const std::int64_t> units = column.units();
  // Blocks short enough that block_size * units_bound cannot overflow int64;
  // with amounts below 10^9 cents that is one block of 9 billion rows.
  std::size_t block = column.units_bound() == 0
                          ? units.size() + 1
                          : static_cast<std::size_t>(kInt64Max / column.units_bound());
  __int128 total = 0;
  for (std::size_t start = 0; start < units.size(); start += block) {
    total += sum_block(units.data() + start, std::min(block, units.size() - start));
  }
  return Decimal::from_wide_units(total, column.scale());
}

Result<DecimalColumn> multiply_round(const DecimalColumn& column, const Decimal& factor, int scale,
                                     RoundingMode mode) {
  if (scale < 0 || scale > kMaxScale) {
    return make_error(ErrorCode::invalid_argument,
                      "multiply_round: scale " + std::to_string(scale) + " is outside 0.." + std::to_string(kMaxScale));
  }
  if (!column.is_scaled() || !factor.is_small() || scale > kSmallMaxScale) {
    return multiply_round_exact(column, factor, scale, mode);
  }
  std::span<const std::int64_t> in = column.units();
  const std::int64_t f = factor.small_units();
  const int shift = column.scale() + factor.small_scale() - scale;  // -18..36
  const __int128 f_abs = f < 0 ? -static_cast<__int128>(f) : f;
  const __int128 product_bound = column.units_bound() * f_abs;
  if (shift >= 0 && shift <= kSmallMaxScale && product_bound <= kInt64Max) {
    std::vector<std::int64_t> out = detail::allocate_units(in.size());
    kRowKernels[static_cast<std::size_t>(mode)][static_cast<std::size_t>(shift)](in.data(), out.data(), in.size(), f);
    return DecimalColumn::from_units(std::move(out), scale);
  }
  if (shift < 0 && product_bound <= kInt64Max / pow10_i64(-shift)) {
    // More places asked than the product has: an exact multiplication.
    std::vector<std::int64_t> out = detail::allocate_units(in.size());
    // (row * f) * power, in this order: each step is within the checked bound
    // (f * power alone could overflow when every row is zero).
    const std::int64_t power = pow10_i64(-shift);
    for (std::size_t row = 0; row < in.size(); ++row) out[row] = in[row] * f * power;
    return DecimalColumn::from_units(std::move(out), scale);
  }
  return multiply_round_wide(column, factor, shift, scale, mode);
}

Result<DecimalColumn> sum_by_key(const DecimalColumn& column, std::span<const std::uint32_t> keys,
                                 std::size_t key_count) {
  if (keys.size() != column.size()) {
    return make_error(ErrorCode::invalid_argument, "sum_by_key: " + std::to_string(keys.size()) + " keys for " +
                                                       std::to_string(column.size()) + " rows");
  }
  std::uint32_t max_key = 0;
  for (std::uint32_t key : keys) max_key = key > max_key ? key : max_key;  // vectorized
  if (!keys.empty() && max_key >= key_count) return key_error(keys, key_count);

  if (!column.is_scaled()) {
    std::vector<Decimal> totals(key_count);
    std::span<const Decimal> values = column.exact_values();
    for (std::size_t row = 0; row < values.size(); ++row) {
      Result<Decimal> next = add(totals[keys[row]], values[row]);
      if (!next) return next.error();
      totals[keys[row]] = *std::move(next);
    }
    return DecimalColumn::from_decimals(totals);
  }
  std::span<const std::int64_t> units = column.units();
  const std::int64_t bound = column.units_bound();
  if (bound == 0 || units.size() <= static_cast<std::size_t>(kInt64Max / bound)) {
    // No bucket can exceed rows * bound <= INT64_MAX: plain int64 buckets.
    std::vector<std::int64_t> totals = detail::allocate_units(key_count);
    for (std::size_t row = 0; row < units.size(); ++row) totals[keys[row]] += units[row];
    return DecimalColumn::from_units(std::move(totals), column.scale());
  }
  std::vector<__int128> wide(key_count);
  for (std::size_t row = 0; row < units.size(); ++row) wide[keys[row]] += units[row];
  std::vector<std::int64_t> totals = detail::allocate_units(key_count);
  for (std::size_t key = 0; key < key_count; ++key) {
    if (!fits_int64(wide[key])) {
      std::vector<Decimal> values;
      values.reserve(key_count);
      for (__int128 total : wide) values.push_back(*Decimal::from_wide_units(total, column.scale()));
      return DecimalColumn::exact(std::move(values));
    }
    totals[key] = static_cast<std::int64_t>(wide[key]);
  }
  return DecimalColumn::from_units(std::move(totals), column.scale());
}

}  // namespace accrue::num
