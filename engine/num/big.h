// Internal: the exact path. Every operation here works on rationals
// (Boost cpp_rational) whatever the operands' forms; the small fast paths in
// decimal.cpp and column.cpp must give the same answers, and the tests check
// that they do. Only .cpp files of this layer include this header, so the
// heavy Boost includes stay out of everyone else's builds.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <compare>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "decimal.h"
#include "ratio128.h"

namespace accrue::num {

using detail::Ratio128;
using BigInt = boost::multiprecision::cpp_int;
using Rational = boost::multiprecision::cpp_rational;

// A value outside the small form, always within the documented bounds, in
// one of two forms decided by the value alone (so equal values have equal
// forms): a 128-bit ratio when numerator and denominator fit (the common
// non-terminating averages, handled without Boost), else a cpp_rational.
struct BigValue {
  explicit BigValue(const Rational& q);
  explicit BigValue(const Ratio128& r) : has_ratio(true), ratio(r) {}

  bool has_ratio = false;
  Ratio128 ratio;                     // when has_ratio
  std::unique_ptr<Rational> rational; // otherwise; out of line, so the common form stays small
  // The exact rational, whichever the form.
  Rational exact() const;
};

namespace detail {

BigInt to_big_int(__int128 value);
// Only when the value fits (checked by the caller).
__int128 to_int128(const BigInt& value);
BigInt pow10_big(int exponent);
Rational to_rational(const Decimal& value);

// The canonical Decimal for q: small when it fits, big otherwise. No bound check.
Decimal canonical(const Rational& q);
// Canonical Decimal for q, or an overflow/precision error naming `operation`.
Result<Decimal> bounded(const Rational& q, std::string_view operation);

// max(a, b) when den = 2^a * 5^b (the value terminates after that many
// places), nothing when den has another prime factor. den > 0.
std::optional<int> terminating_scale(const BigInt& den);

// numerator / divisor rounded by mode; divisor > 0.
BigInt divide_rounded_big(const BigInt& numerator, const BigInt& divisor, RoundingMode mode);

Result<Decimal> exact_add(const Decimal& a, const Decimal& b);
Result<Decimal> exact_sub(const Decimal& a, const Decimal& b);
Result<Decimal> exact_mul(const Decimal& a, const Decimal& b);
Result<Decimal> exact_div(const Decimal& a, const Decimal& b);
Result<Decimal> exact_round(const Decimal& a, int scale, RoundingMode mode);
std::strong_ordering exact_compare(const Decimal& a, const Decimal& b);

// Decimal digits of |value| * 10^scale, which must be an integer.
std::string scaled_digits(const Rational& value, int scale);

}  // namespace detail
}  // namespace accrue::num
