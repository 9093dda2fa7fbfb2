#include "big.h"

#include <cstdint>
#include <limits>

namespace accrue::num::detail {

namespace {

constexpr std::uint64_t kPow10_18 = 1000000000000000000ULL;

const BigInt& bound_magnitude() {
  static const BigInt bound = pow10_big(kMaxIntegerDigits);
  return bound;
}
const BigInt& bound_denominator() {
  static const BigInt bound = pow10_big(kMaxDenominatorDigits);
  return bound;
}

// Numerators and denominators below this fit the 128-bit form (ratio128.h).
const BigInt& ratio_limit() {
  static const BigInt limit = BigInt(1) << 126;
  return limit;
}

}  // namespace

}  // namespace accrue::num::detail

namespace accrue::num {

BigValue::BigValue(const Rational& q) {
  const BigInt& num = numerator(q);
  const BigInt& den = denominator(q);
  if (abs(num) < detail::ratio_limit() && den < detail::ratio_limit()) {
    has_ratio = true;
    ratio = detail::Ratio128{detail::to_int128(num), detail::to_int128(den)};
  } else {
    rational = std::make_unique<Rational>(q);
  }
}

Rational BigValue::exact() const {
  if (!has_ratio) return *rational;
  return Rational(detail::to_big_int(ratio.num), detail::to_big_int(ratio.den));
}

}  // namespace accrue::num

namespace accrue::num::detail {

BigInt to_big_int(__int128 value) {
  bool negative = value < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(value) : static_cast<unsigned __int128>(value);
  BigInt result = static_cast<std::uint64_t>(magnitude >> 64);
  result <<= 64;
  result += static_cast<std::uint64_t>(magnitude);
  return negative ? BigInt(-result) : result;
}

__int128 to_int128(const BigInt& value) {
  BigInt magnitude = abs(value);
  auto low = static_cast<std::uint64_t>(magnitude & std::numeric_limits<std::uint64_t>::max());
  auto high = static_cast<std::uint64_t>(magnitude >> 64);
  auto result = static_cast<__int128>((static_cast<unsigned __int128>(high) << 64) | low);
  return value < 0 ? -result : result;
}

BigInt pow10_big(int exponent) {
  BigInt result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

Rational to_rational(const Decimal& value) {
  if (const BigValue* big = value.big()) return big->exact();
  return Rational(BigInt(value.small_units()), pow10_big(value.small_scale()));
}

Decimal canonical(const Rational& q) {
  const BigInt& den = denominator(q);
  // A small value is units / 10^s with s <= 18, so its denominator divides 10^18.
  if (den <= kPow10_18) {
    auto d = static_cast<std::uint64_t>(den);
    if (kPow10_18 % d == 0) {
      std::uint64_t power = 1;
      int scale = 0;
      while (power % d != 0) {
        power *= 10;
        ++scale;
      }
      BigInt units = numerator(q) * (power / d);
      if (abs(units) <= std::numeric_limits<std::int64_t>::max()) {
        return Decimal::small(static_cast<std::int64_t>(units), scale);
      }
    }
  }
  return Decimal::from_big(std::make_shared<const BigValue>(q));
}

Result<Decimal> bounded(const Rational& q, std::string_view operation) {
  const BigInt& den = denominator(q);
  if (abs(numerator(q)) >= bound_magnitude() * den) {
    return make_error(ErrorCode::overflow, std::string(operation) + ": the magnitude reaches 10^" +
                                               std::to_string(kMaxIntegerDigits) +
                                               ", beyond the bound of exact numbers");
  }
  if (den > bound_denominator()) {
    return make_error(ErrorCode::precision,
                      std::string(operation) + ": the exact value needs a denominator above 10^" +
                          std::to_string(kMaxDenominatorDigits) +
                          " in lowest terms; round an operand first");
  }
  return canonical(q);
}

std::optional<int> terminating_scale(const BigInt& den) {
  BigInt rest = den;
  int twos = 0;
  if (rest != 0) {
    twos = static_cast<int>(lsb(rest));
    rest >>= twos;
  }
  int fives = 0;
  while (rest % 5 == 0 && rest != 0) {
    rest /= 5;
    ++fives;
  }
  if (rest != 1) return std::nullopt;
  return twos > fives ? twos : fives;
}

BigInt divide_rounded_big(const BigInt& numerator, const BigInt& divisor, RoundingMode mode) {
  BigInt quotient, rem;
  divide_qr(numerator, divisor, quotient, rem);  // truncates; rem has the numerator's sign
  if (rem == 0) return quotient;
  bool negative = numerator < 0;
  BigInt rem_abs = abs(rem);
  BigInt other = divisor - rem_abs;
  bool odd = bit_test(abs(quotient), 0);
  bool away = false;
  switch (mode) {
    case RoundingMode::down: away = false; break;
    case RoundingMode::up: away = true; break;
    case RoundingMode::floor: away = negative; break;
    case RoundingMode::ceiling: away = !negative; break;
    case RoundingMode::half_up: away = rem_abs >= other; break;
    case RoundingMode::half_down: away = rem_abs > other; break;
    case RoundingMode::half_even: away = rem_abs > other || (rem_abs == other && odd); break;
  }
  if (away) quotient += negative ? -1 : 1;
  return quotient;
}

Result<Decimal> exact_add(const Decimal& a, const Decimal& b) {
  return bounded(to_rational(a) + to_rational(b), "addition");
}
Result<Decimal> exact_sub(const Decimal& a, const Decimal& b) {
  return bounded(to_rational(a) - to_rational(b), "subtraction");
}
Result<Decimal> exact_mul(const Decimal& a, const Decimal& b) {
  return bounded(to_rational(a) * to_rational(b), "multiplication");
}
Result<Decimal> exact_div(const Decimal& a, const Decimal& b) {
  if (b.is_zero()) return make_error(ErrorCode::division_by_zero, "division by zero");
  return bounded(to_rational(a) / to_rational(b), "division");
}

Result<Decimal> exact_round(const Decimal& a, int scale, RoundingMode mode) {
  Rational q = to_rational(a);
  BigInt power = pow10_big(scale);
  BigInt units = divide_rounded_big(numerator(q) * power, denominator(q), mode);
  return bounded(Rational(units, power), "rounding");
}

std::strong_ordering exact_compare(const Decimal& a, const Decimal& b) {
  Rational x = to_rational(a);
  Rational y = to_rational(b);
  if (x < y) return std::strong_ordering::less;
  if (x > y) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

std::string scaled_digits(const Rational& value, int scale) {
  BigInt units = abs(numerator(value)) * pow10_big(scale) / denominator(value);
  return units.str();
}

}  // namespace accrue::num::detail
