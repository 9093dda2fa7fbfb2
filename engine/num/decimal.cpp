// Decimal arithmetic: small operands take the 64/128-bit fast path; anything
// else, and any fast result that does not fit the small form, goes through
// the exact rational path in big.cpp.
#include "decimal.h"

#include <limits>

#include "big.h"
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

unsigned __int128 gcd_u128(unsigned __int128 a, unsigned __int128 b) {
  while (b != 0) {
    unsigned __int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// The exact quotient of two small values when it terminates within 18
// places; nothing otherwise (the exact path then decides).
std::optional<Decimal> small_quotient(const Decimal& a, const Decimal& b) {
  __int128 num = a.small_units() * pow10_i128(b.small_scale());
  __int128 den = b.small_units() * pow10_i128(a.small_scale());
  if (den < 0) {
    num = -num;
    den = -den;
  }
  auto g = static_cast<__int128>(gcd_u128(static_cast<unsigned __int128>(num < 0 ? -num : num),
                                          static_cast<unsigned __int128>(den)));
  num /= g;
  den /= g;
  // den must divide 10^t for some t <= 18.
  __int128 power = 1;
  int scale = 0;
  while (power % den != 0) {
    if (scale == kSmallMaxScale) return std::nullopt;
    power *= 10;
    ++scale;
  }
  __int128 units = 0;
  if (__builtin_mul_overflow(num, power / den, &units)) return std::nullopt;
  return from_scaled_i128(units, scale);
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
  if (big_) return big_->value.sign();
  return (units_ > 0) - (units_ < 0);
}

bool Decimal::is_integer() const {
  if (big_) return denominator(big_->value) == 1;
  return units_ % static_cast<std::int64_t>(pow10_i128(scale_)) == 0;
}

bool Decimal::is_terminating() const {
  return !big_ || detail::terminating_scale(denominator(big_->value)).has_value();
}

Decimal Decimal::negated() const {
  if (big_) return from_big(std::make_shared<const BigValue>(BigValue{-big_->value}));
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
  if (big_) return detail::exact_round(*this, scale, mode);
  if (scale >= scale_) return *this;
  auto divisor = static_cast<std::int64_t>(pow10_i128(scale_ - scale));
  return Decimal(detail::divide_rounded<std::int64_t>(units_, divisor, mode), scale);
}

bool operator==(const Decimal& a, const Decimal& b) {
  if (a.big_ && b.big_) return a.big_->value == b.big_->value;
  if (a.big_ || b.big_) return false;  // canonical forms differ, so the values do
  Aligned x = align(a, b);
  return x.a == x.b;
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  if (a.big_ || b.big_) return detail::exact_compare(a, b);
  Aligned x = align(a, b);
  return x.a <=> x.b;
}

Result<Decimal> add(const Decimal& a, const Decimal& b) {
  if (!a.is_small() || !b.is_small()) return detail::exact_add(a, b);
  Aligned x = align(a, b);
  return from_scaled_i128(x.a + x.b, x.scale);
}

Result<Decimal> sub(const Decimal& a, const Decimal& b) {
  if (!a.is_small() || !b.is_small()) return detail::exact_sub(a, b);
  Aligned x = align(a, b);
  return from_scaled_i128(x.a - x.b, x.scale);
}

Result<Decimal> mul(const Decimal& a, const Decimal& b) {
  if (!a.is_small() || !b.is_small()) return detail::exact_mul(a, b);
  // |product| <= INT64_MAX^2 < 2^126; scale <= 36.
  return from_scaled_i128(static_cast<__int128>(a.small_units()) * b.small_units(),
                          a.small_scale() + b.small_scale());
}

Result<Decimal> div(const Decimal& a, const Decimal& b) {
  if (b.is_zero()) return make_error(ErrorCode::division_by_zero, "division by zero");
  if (a.is_small() && b.is_small()) {
    if (std::optional<Decimal> quotient = small_quotient(a, b)) return *std::move(quotient);
  }
  return detail::exact_div(a, b);
}

}  // namespace accrue::num
