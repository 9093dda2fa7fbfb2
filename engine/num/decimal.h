// Decimal: an exact rational number, built only from decimal text or
// integers. + - x / never lose a digit: 1/3 stays 1/3 until something rounds
// it. Results beyond the documented bounds (kMaxIntegerDigits,
// kMaxDenominatorDigits) are error values, never wrapped or truncated.
//
// Representation: most values (amounts with few decimals) are a 64-bit
// integer of units at a scale of at most 18 ("small"); anything else is an
// exact rational kept out of line ("big", Boost.Multiprecision behind a
// pointer so this header stays light). A value that fits the small form is
// always stored small, so equal values always have the same form.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "result.h"
#include "rounding.h"

namespace accrue::num {

// |value| < 10^40: values up to 10^18 units with 28 fractional digits, and
// their sums and most products, fit with room to spare.
inline constexpr int kMaxIntegerDigits = 40;
// The exact value's denominator in lowest terms is at most 10^80: any
// terminating decimal with up to 80 fractional digits, and quotients such as
// 1/3 or 2/7 that do not terminate.
inline constexpr int kMaxDenominatorDigits = 80;
// Largest number of decimal places that round() and to_string(scale, mode) accept.
inline constexpr int kMaxScale = kMaxDenominatorDigits;
// A value that does not terminate prints with this many places (half_even) and "...".
inline constexpr int kDisplayScale = 40;
// Largest scale of the small form (10^18 is the largest power of ten in int64).
inline constexpr int kSmallMaxScale = 18;

struct BigValue;  // exact rational, defined in big.h (internal)

class Decimal {
 public:
  Decimal() = default;  // zero
  static Decimal from_int(std::int64_t value);
  // units / 10^scale, 0 <= scale <= kMaxScale.
  static Result<Decimal> from_units(std::int64_t units, int scale);
  static Result<Decimal> from_wide_units(__int128 units, int scale);

  // Accepts [-]digits[.digits][%]: "123", "-0.50", "1234.5678", "12.5%"
  // (= 0.125). Rejects everything else, naming the offending position (1-based).
  static Result<Decimal> parse(std::string_view text);

  bool is_zero() const { return !big_ && units_ == 0; }
  int sign() const;
  bool is_integer() const;
  // True when the value has a finite decimal expansion (1/4 yes, 1/3 no).
  bool is_terminating() const;

  Decimal negated() const;
  Decimal abs() const { return sign() < 0 ? negated() : *this; }

  // Rounded to `scale` decimal places (0..kMaxScale) by `mode`.
  Result<Decimal> round(int scale, RoundingMode mode) const;

  // Canonical text: exact, no trailing zeros, no exponent, never "-0". A value
  // that does not terminate prints rounded to kDisplayScale places (half_even)
  // followed by "..." so that the text never passes for exact.
  std::string to_string() const;
  // Rounded to `scale` places by `mode` and printed with exactly `scale` places.
  Result<std::string> to_string(int scale, RoundingMode mode) const;

  // Small form, for the fast paths of columns. units() and scale() are
  // meaningful only when is_small().
  bool is_small() const { return !big_; }
  std::int64_t small_units() const { return units_; }
  int small_scale() const { return scale_; }
  // The value as int64 units at `scale` (0..18), if it is exactly that.
  std::optional<std::int64_t> units_at(int scale) const;

  friend bool operator==(const Decimal& a, const Decimal& b);
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);

  // Internal: the exact rational of a big value (nullptr when small).
  const BigValue* big() const { return big_.get(); }
  // Internal: builds a small value; |units| <= INT64_MAX, 0 <= scale <= 18,
  // and the caller knows this is the canonical form.
  static Decimal small(std::int64_t units, int scale) { return Decimal(units, scale); }
  static Decimal from_big(std::shared_ptr<const BigValue> big);

 private:
  Decimal(std::int64_t units, int scale) : units_(units), scale_(scale) {}

  std::int64_t units_ = 0;  // small form: value = units_ / 10^scale_
  int scale_ = 0;
  std::shared_ptr<const BigValue> big_;  // set iff the value is big
};

Result<Decimal> add(const Decimal& a, const Decimal& b);
Result<Decimal> sub(const Decimal& a, const Decimal& b);
Result<Decimal> mul(const Decimal& a, const Decimal& b);
// Exact; a zero divisor is an ErrorCode::division_by_zero error.
Result<Decimal> div(const Decimal& a, const Decimal& b);

}  // namespace accrue::num
