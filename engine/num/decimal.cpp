// Decimal arithmetic: small operands take the 64/128-bit fast path; values
// that leave the small form (quotients that do not terminate) take the
// 128-bit rational path in ratio128.cpp; anything beyond 128 bits goes
// through the exact rational path in big.cpp.
#include "decimal.h"

#include <limits>

#include "big.h"
#include "ratio128.h"
#include "round_division.h"

namespace accrue::num {

namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

constexpr __int128 pow10_i128(int exponent) {
  __int128 result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

constexpr bool fits_small(__int128 units) { return units >= -kInt64Max && units <= kInt64Max; }

// Canonical Decimal for units / 10^scale (0 <= scale <= 36). Trailing zeros
// are dropped only when needed to reach the small form.
Decimal from_scaled_i128(__int128 units, int scale) {
  while ((scale > kSmallMaxScale || !fits_small(units)) && scale > 0 && units % 10 == 0) {
    units /= 10;
    --scale;
  }
  if (scale <= kSmallMaxScale && fits_small(units)) {
    return Decimal::small(static_cast<std::int64_t>(units), scale);
  }
  // |units| < 2^127 < 10^39 and scale <= 36, so this is within the bounds.
  return detail::canonical(Rational(detail::to_big_int(units), detail::pow10_big(scale)));
}

// Both operands at the larger scale; exact because 10^18 * INT64_MAX < 2^127.
struct Aligned {
  __int128 a;
  __int128 b;
  int scale;
};
Aligned align(const Decimal& a, const Decimal& b) {
  int scale = a.small_scale() > b.small_scale() ? a.small_scale() : b.small_scale();
  return {a.small_units() * pow10_i128(scale - a.small_scale()),
          b.small_units() * pow10_i128(scale - b.small_scale()), scale};
}

Error scale_error(int scale) {
  return make_error(ErrorCode::invalid_argument, "scale " + std::to_string(scale) + " is outside 0.." +
                                                     std::to_string(kMaxScale));
}

}  // namespace

Decimal Decimal::from_int(std::int64_t value) {
  if (value == std::numeric_limits<std::int64_t>::min()) {
    return detail::canonical(Rational(BigInt(value)));
  }
  return Decimal(value, 0);
}

Result<Decimal> Decimal::from_units(std::int64_t units, int scale) { return from_wide_units(units, scale); }

Result<Decimal> Decimal::from_wide_units(__int128 units, int scale) {
  if (scale < 0 || scale > kMaxScale) return scale_error(scale);
  if (scale <= 36) return from_scaled_i128(units, scale);
  return detail::bounded(Rational(detail::to_big_int(units), detail::pow10_big(scale)), "from_units");
}

Decimal Decimal::from_big(std::shared_ptr<const BigValue> big) {
  Decimal result;
  result.big_ = std::move(big);
  return result;
}

int Decimal::sign() const {
  if (big_) return big_->has_ratio ? (big_->ratio.num > 0) - (big_->ratio.num < 0) : big_->rational->sign();
  return (units_ > 0) - (units_ < 0);
}

bool Decimal::is_integer() const {
  if (big_) return big_->has_ratio ? big_->ratio.den == 1 : denominator(*big_->rational) == 1;
  return units_ % static_cast<std::int64_t>(pow10_i128(scale_)) == 0;
}

bool Decimal::is_terminating() const {
  return !big_ || detail::terminating_scale(denominator(big_->exact())).has_value();
}

Decimal Decimal::negated() const {
  if (big_) {
    if (big_->has_ratio) return from_big(std::make_shared<const BigValue>(detail::Ratio128{-big_->ratio.num, big_->ratio.den}));
    return from_big(std::make_shared<const BigValue>(Rational(-*big_->rational)));
  }
  return Decimal(-units_, scale_);
}

std::optional<std::int64_t> Decimal::units_at(int scale) const {
  // A big value never fits: it would have been stored small.
  if (big_ || scale < 0 || scale > kSmallMaxScale) return std::nullopt;
  if (scale >= scale_) {
    __int128 units = units_ * pow10_i128(scale - scale_);
    if (!fits_small(units)) return std::nullopt;
    return static_cast<std::int64_t>(units);
  }
  auto divisor = static_cast<std::int64_t>(pow10_i128(scale_ - scale));
  if (units_ % divisor != 0) return std::nullopt;
  return units_ / divisor;
}

Result<Decimal> Decimal::round(int scale, RoundingMode mode) const {
  if (scale < 0 || scale > kMaxScale) return scale_error(scale);
  if (big_) {
    if (std::optional<Decimal> rounded = detail::fast_round(*this, scale, mode)) return *std::move(rounded);
    return detail::exact_round(*this, scale, mode);
  }
  if (scale >= scale_) return *this;
  auto divisor = static_cast<std::int64_t>(pow10_i128(scale_ - scale));
  return Decimal(detail::divide_rounded<std::int64_t>(units_, divisor, mode), scale);
}

bool operator==(const Decimal& a, const Decimal& b) {
  if (a.big_ && b.big_) {
    // The form follows from the value, so different forms are different values.
    if (a.big_->has_ratio != b.big_->has_ratio) return false;
    return a.big_->has_ratio ? a.big_->ratio == b.big_->ratio : *a.big_->rational == *b.big_->rational;
  }
  if (a.big_ || b.big_) return false;  // canonical forms differ, so the values do
  Aligned x = align(a, b);
  return x.a == x.b;
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  if (a.big_ || b.big_) {
    if (std::optional<int> c = detail::fast_compare(a, b)) return *c <=> 0;
    return detail::exact_compare(a, b);
  }
  Aligned x = align(a, b);
  return x.a <=> x.b;
}

Result<Decimal> add(const Decimal& a, const Decimal& b) {
  if (!a.is_small() || !b.is_small()) {
    if (std::optional<Decimal> sum = detail::fast_add(a, b)) return *std::move(sum);
    return detail::exact_add(a, b);
  }
  Aligned x = align(a, b);
  return from_scaled_i128(x.a + x.b, x.scale);
}

Result<Decimal> sub(const Decimal& a, const Decimal& b) {
  if (!a.is_small() || !b.is_small()) {
    if (std::optional<Decimal> difference = detail::fast_sub(a, b)) return *std::move(difference);
    return detail::exact_sub(a, b);
  }
  Aligned x = align(a, b);
  return from_scaled_i128(x.a - x.b, x.scale);
}

Result<Decimal> mul(const Decimal& a, const Decimal& b) {
  if (!a.is_small() || !b.is_small()) {
    if (std::optional<Decimal> product = detail::fast_mul(a, b)) return *std::move(product);
    return detail::exact_mul(a, b);
  }
  // |product| <= INT64_MAX^2 < 2^126; scale <= 36.
  return from_scaled_i128(static_cast<__int128>(a.small_units()) * b.small_units(),
                          a.small_scale() + b.small_scale());
}

Result<Decimal> div(const Decimal& a, const Decimal& b) {
  if (b.is_zero()) return make_error(ErrorCode::division_by_zero, "division by zero");
  // Two small operands always fit the 128-bit path; so do most quotients
  // that do not terminate (averages) and the products built from them.
  if (std::optional<Decimal> quotient = detail::fast_div(a, b)) return *std::move(quotient);
  return detail::exact_div(a, b);
}

}  // namespace accrue::num
