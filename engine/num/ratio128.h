// Internal: exact rationals whose numerator and denominator fit in 128 bits.
// Averages (sum / count) and the products built from them (a customer's
// lifetime value) do not terminate, so they leave the 64-bit small form; in
// Boost's cpp_rational every such step costs allocations and multi-limb
// gcds. Here the same exact arithmetic runs in __int128 with every
// intermediate checked for overflow; an operation that would leave the range
// answers nothing, and the caller takes the exact Boost path, so results are
// identical either way (ratio128_test.cpp compares both on random values).
#pragma once

#include <optional>

#include "decimal.h"

namespace accrue::num::detail {

// A rational in lowest terms: den > 0, gcd(|num|, den) == 1, and both
// magnitudes below kRatioLimit, so a negation or a sign flip never overflows.
struct Ratio128 {
  __int128 num = 0;
  __int128 den = 1;
};
inline constexpr __int128 kRatioLimit = static_cast<__int128>(1) << 126;

inline bool operator==(const Ratio128& a, const Ratio128& b) { return a.num == b.num && a.den == b.den; }

// The value as a Ratio128, when it fits.
std::optional<Ratio128> ratio_of(const Decimal& value);

// Exact results, or nothing when an intermediate leaves the 128-bit range.
std::optional<Ratio128> ratio_add(const Ratio128& a, const Ratio128& b);
std::optional<Ratio128> ratio_sub(const Ratio128& a, const Ratio128& b);
std::optional<Ratio128> ratio_mul(const Ratio128& a, const Ratio128& b);
// b.num != 0.
std::optional<Ratio128> ratio_div(const Ratio128& a, const Ratio128& b);
// -1, 0 or 1; nothing when the cross products do not fit.
std::optional<int> ratio_compare(const Ratio128& a, const Ratio128& b);

// The canonical Decimal of r (small when it fits, as detail::canonical
// decides). A Ratio128 is always within the number bounds: |num| < 2^126 <
// 10^40 and den < 10^80.
Decimal decimal_of(const Ratio128& r);
// decimal_of(r) when that is small, without building the big form otherwise
// (a column that keeps ratios itself needs no heap value for them).
std::optional<Decimal> small_of(const Ratio128& r);

// The operators of decimal.cpp on two values of which at least one is big:
// the 128-bit result when both operands and the result fit, else nothing.
std::optional<Decimal> fast_add(const Decimal& a, const Decimal& b);
std::optional<Decimal> fast_sub(const Decimal& a, const Decimal& b);
std::optional<Decimal> fast_mul(const Decimal& a, const Decimal& b);
std::optional<Decimal> fast_div(const Decimal& a, const Decimal& b);  // b != 0
std::optional<int> fast_compare(const Decimal& a, const Decimal& b);
// a rounded to `scale` (0..kMaxScale) places, when a and the scaled value fit.
std::optional<Decimal> fast_round(const Decimal& a, int scale, RoundingMode mode);

}  // namespace accrue::num::detail
