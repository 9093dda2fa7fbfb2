// The 128-bit rational path. Every operation keeps its operands in lowest
// terms and reduces its result, so a Ratio128 is the same reduced fraction
// Boost would hold; every multiplication and addition is checked, and an
// overflow anywhere hands the operation back to the exact path.
#include "ratio128.h"

#include "big.h"
#include "round_division.h"

namespace accrue::num::detail {
namespace {

using U128 = unsigned __int128;

constexpr __int128 pow10_i128(int exponent) {
  __int128 result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

int ctz128(U128 x) {
  auto low = static_cast<std::uint64_t>(x);
  if (low != 0) return __builtin_ctzll(low);
  return 64 + __builtin_ctzll(static_cast<std::uint64_t>(x >> 64));
}

// Binary gcd: shifts and subtractions only, since a 128-bit division is a
// library call (__udivti3) several times slower than the whole loop.
std::uint64_t gcd64(std::uint64_t a, std::uint64_t b) {
  int shift = __builtin_ctzll(a | b);
  a >>= __builtin_ctzll(a);
  do {
    b >>= __builtin_ctzll(b);
    if (a > b) {
      std::uint64_t t = a;
      a = b;
      b = t;
    }
    b -= a;
  } while (b != 0);
  return a << shift;
}

U128 gcd(U128 a, U128 b) {
  if (a == 0) return b;
  if (b == 0) return a;
  if (a == 1 || b == 1) return 1;  // a count's inverse, an integer's denominator
  if ((a >> 64) == 0 && (b >> 64) == 0) return gcd64(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b));
  int shift = ctz128(a | b);
  a >>= ctz128(a);
  do {
    b >>= ctz128(b);
    if (a > b) {
      U128 t = a;
      a = b;
      b = t;
    }
    b -= a;
  } while (b != 0);
  return a << shift;
}

U128 magnitude(__int128 x) { return x < 0 ? -static_cast<U128>(x) : static_cast<U128>(x); }

bool in_range(__int128 x) { return x > -kRatioLimit && x < kRatioLimit; }

// num / den in lowest terms, den > 0; nothing when out of range.
std::optional<Ratio128> reduced(__int128 num, __int128 den) {
  if (num == 0) return Ratio128{0, 1};
  U128 g = gcd(magnitude(num), static_cast<U128>(den));
  if (g != 1) {  // 128-bit divisions are library calls: only when they change something
    num /= static_cast<__int128>(g);
    den /= static_cast<__int128>(g);
  }
  if (!in_range(num) || !in_range(den)) return std::nullopt;
  return Ratio128{num, den};
}

}  // namespace

std::optional<Ratio128> ratio_of(const Decimal& value) {
  if (const BigValue* big = value.big()) {
    if (!big->has_ratio) return std::nullopt;
    return big->ratio;
  }
  std::int64_t units = value.small_units();
  int scale = value.small_scale();
  if (units == 0) return Ratio128{0, 1};
  // gcd(units, 10^scale) is 2^a * 5^b: strip those factors without a gcd loop.
  int twos = __builtin_ctzll(static_cast<std::uint64_t>(units));
  if (twos > scale) twos = scale;
  units >>= twos;
  int fives = 0;
  while (fives < scale && units % 5 == 0) {
    units /= 5;
    ++fives;
  }
  __int128 den = static_cast<__int128>(1) << (scale - twos);
  for (int i = fives; i < scale; ++i) den *= 5;
  return Ratio128{units, den};
}

std::optional<Ratio128> ratio_add(const Ratio128& a, const Ratio128& b) {
  if (a.den == b.den) return reduced(a.num + b.num, a.den);  // both < 2^126: the sum fits
  // a/x + b/y = (a * (y/g) + b * (x/g)) / (x * (y/g)) with g = gcd(x, y).
  auto g = static_cast<__int128>(gcd(static_cast<U128>(a.den), static_cast<U128>(b.den)));
  __int128 bq = b.den / g, aq = a.den / g, left = 0, right = 0, num = 0, den = 0;
  if (__builtin_mul_overflow(a.num, bq, &left) || __builtin_mul_overflow(b.num, aq, &right) ||
      __builtin_add_overflow(left, right, &num) || __builtin_mul_overflow(a.den, bq, &den))
    return std::nullopt;
  return reduced(num, den);
}

std::optional<Ratio128> ratio_sub(const Ratio128& a, const Ratio128& b) { return ratio_add(a, Ratio128{-b.num, b.den}); }

std::optional<Ratio128> ratio_mul(const Ratio128& a, const Ratio128& b) {
  if (a.num == 0 || b.num == 0) return Ratio128{0, 1};
  // Cross-reducing first keeps the product in lowest terms (the operands are)
  // and its intermediates as small as they can be.
  auto g1 = static_cast<__int128>(gcd(magnitude(a.num), static_cast<U128>(b.den)));
  auto g2 = static_cast<__int128>(gcd(magnitude(b.num), static_cast<U128>(a.den)));
  // A 128-bit division is a library call: skip the common division by 1.
  auto divided = [](__int128 x, __int128 g) { return g == 1 ? x : x / g; };
  __int128 num = 0, den = 0;
  if (__builtin_mul_overflow(divided(a.num, g1), divided(b.num, g2), &num) ||
      __builtin_mul_overflow(divided(a.den, g2), divided(b.den, g1), &den))
    return std::nullopt;
  if (!in_range(num) || !in_range(den)) return std::nullopt;
  return Ratio128{num, den};
}

std::optional<Ratio128> ratio_div(const Ratio128& a, const Ratio128& b) {
  Ratio128 inverse = b.num < 0 ? Ratio128{-b.den, -b.num} : Ratio128{b.den, b.num};
  return ratio_mul(a, inverse);
}

std::optional<int> ratio_compare(const Ratio128& a, const Ratio128& b) {
  if (a.den == b.den) return (a.num > b.num) - (a.num < b.num);
  __int128 left = 0, right = 0;
  if (__builtin_mul_overflow(a.num, b.den, &left) || __builtin_mul_overflow(b.num, a.den, &right)) return std::nullopt;
  return (left > right) - (left < right);
}

Decimal decimal_of(const Ratio128& r) {
  if (std::optional<Decimal> small = small_of(r)) return *std::move(small);
  return Decimal::from_big(std::make_shared<const BigValue>(r));
}

std::optional<Decimal> small_of(const Ratio128& r) {
  // Small exactly when den divides 10^18 and the units fit int64, as in canonical().
  // 10^18 < 2^64, so a denominator of the small form fits 64 bits.
  if ((static_cast<U128>(r.den) >> 64) == 0) {
    auto den = static_cast<std::uint64_t>(r.den);
    int twos = __builtin_ctzll(den);
    std::uint64_t rest = den >> twos;
    int fives = 0;
    while (fives <= kSmallMaxScale && rest % 5 == 0) {
      rest /= 5;
      ++fives;
    }
    int scale = twos > fives ? twos : fives;
    if (rest == 1 && scale <= kSmallMaxScale) {
      __int128 units = 0;
      auto factor = static_cast<std::int64_t>(static_cast<std::uint64_t>(pow10_i128(scale)) / den);
      if (!__builtin_mul_overflow(r.num, static_cast<__int128>(factor), &units) && units >= -INT64_MAX && units <= INT64_MAX)
        return Decimal::small(static_cast<std::int64_t>(units), scale);
    }
  }
  return std::nullopt;
}

namespace {

template <class Op>
std::optional<Decimal> fast(const Decimal& a, const Decimal& b, Op op) {
  std::optional<Ratio128> x = ratio_of(a);
  if (!x) return std::nullopt;
  std::optional<Ratio128> y = ratio_of(b);
  if (!y) return std::nullopt;
  std::optional<Ratio128> r = op(*x, *y);
  if (!r) return std::nullopt;
  return decimal_of(*r);
}

}  // namespace

std::optional<Decimal> fast_add(const Decimal& a, const Decimal& b) { return fast(a, b, ratio_add); }
std::optional<Decimal> fast_sub(const Decimal& a, const Decimal& b) { return fast(a, b, ratio_sub); }
std::optional<Decimal> fast_mul(const Decimal& a, const Decimal& b) { return fast(a, b, ratio_mul); }
std::optional<Decimal> fast_div(const Decimal& a, const Decimal& b) { return fast(a, b, ratio_div); }

std::optional<int> fast_compare(const Decimal& a, const Decimal& b) {
  std::optional<Ratio128> x = ratio_of(a);
  if (!x) return std::nullopt;
  std::optional<Ratio128> y = ratio_of(b);
  if (!y) return std::nullopt;
  return ratio_compare(*x, *y);
}

std::optional<Decimal> fast_round(const Decimal& a, int scale, RoundingMode mode) {
  std::optional<Ratio128> x = ratio_of(a);
  if (!x || scale > 36) return std::nullopt;
  __int128 scaled = 0;
  if (__builtin_mul_overflow(x->num, pow10_i128(scale), &scaled)) return std::nullopt;
  // den < 2^126, so 2 * den fits as divide_rounded needs.
  __int128 units = divide_rounded<__int128>(scaled, x->den, mode);
  Result<Decimal> out = Decimal::from_wide_units(units, scale);
  if (!out) return std::nullopt;
  return *std::move(out);
}

}  // namespace accrue::num::detail
