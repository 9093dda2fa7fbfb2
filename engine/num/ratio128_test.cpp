// The 128-bit rational path against the exact Boost path: on random values
// that do not terminate (averages and their products), on values near the
// edge of the 128-bit form (2^126), and on chains of operations, every
// operator's result must be the same value in the same form, with the same
// text, as detail::exact_*.
#include <cstdint>
#include <vector>

#include "big.h"
#include "ratio128.h"
#include "test_support.h"

namespace accrue::num {
namespace {

using testing::D;
using testing::ok;

// Same value, same form (small or big, and which big form), same text.
void check_same(const Decimal& fast, const Decimal& exact) {
  CHECK(fast == exact);
  CHECK(fast.is_small() == exact.is_small());
  if (fast.big() && exact.big()) CHECK(fast.big()->has_ratio == exact.big()->has_ratio);
  CHECK(fast.to_string() == exact.to_string());
}

void check_same(const Result<Decimal>& fast, const Result<Decimal>& exact) {
  REQUIRE(fast.ok() == exact.ok());
  if (fast.ok()) check_same(*fast, *exact);
  else CHECK(fast.error().message == exact.error().message);
}

// Values of every kind the fast path meets: small amounts, quotients that
// do not terminate (sum / count), products of those, and quotients whose
// numerator or denominator sits near 2^126, where the 128-bit form ends.
std::vector<Decimal> sample_values(testing::Random& random, std::size_t count) {
  std::vector<Decimal> values;
  const Decimal near_limit = ok(Decimal::from_wide_units((static_cast<__int128>(1) << 125) + 12345, 0));
  for (std::size_t i = 0; i < count; ++i) {
    Decimal amount = D(random.decimal_text(9, 4));
    auto count_of = static_cast<std::int64_t>(1 + random.below(997));
    switch (random.below(6)) {
      case 0: values.push_back(amount); break;
      case 1: case 2: values.push_back(ok(div(amount, Decimal::from_int(count_of)))); break;
      case 3: {
        Decimal avg = ok(div(amount, Decimal::from_int(count_of)));
        Decimal margin = ok(div(D(random.decimal_text(1, 4)), Decimal::from_int(1 + static_cast<std::int64_t>(random.below(89)))));
        values.push_back(ok(mul(ok(mul(avg, margin)), Decimal::from_int(count_of))));
        break;
      }
      case 4: values.push_back(ok(div(near_limit, Decimal::from_int(count_of | 1)))); break;
      default: values.push_back(ok(div(Decimal::from_int(count_of), near_limit))); break;
    }
  }
  return values;
}

TEST_CASE("the 128-bit path gives the exact path's results, operation by operation") {
  testing::Random random(20260);
  std::vector<Decimal> v = sample_values(random, 4000);
  int fast_hits = 0;
  for (std::size_t i = 0; i + 1 < v.size(); ++i) {
    const Decimal& a = v[i];
    const Decimal& b = v[i + 1];
    CAPTURE(a.to_string());
    CAPTURE(b.to_string());
    check_same(add(a, b), detail::exact_add(a, b));
    check_same(sub(a, b), detail::exact_sub(a, b));
    check_same(mul(a, b), detail::exact_mul(a, b));
    if (!b.is_zero()) check_same(div(a, b), detail::exact_div(a, b));
    CHECK((a <=> b) == detail::exact_compare(a, b));
    CHECK((a == b) == (detail::exact_compare(a, b) == std::strong_ordering::equal));
    CHECK(a.negated().to_string() == ok(detail::exact_sub(Decimal(), a)).to_string());
    auto mode = static_cast<RoundingMode>(random.below(7));
    int places = static_cast<int>(random.below(40));
    check_same(a.round(places, mode), detail::exact_round(a, places, mode));
    if (detail::fast_mul(a, b)) ++fast_hits;
  }
  // The sample reaches both sides of the 128-bit edge.
  CHECK(fast_hits > 1000);
  CHECK(fast_hits < static_cast<int>(v.size()) - 100);
}

TEST_CASE("chains of averages and products stay exact (a customer's lifetime value)") {
  testing::Random random(7);
  for (int i = 0; i < 2000; ++i) {
    auto orders = static_cast<std::int64_t>(1 + random.below(40));
    Decimal revenue = D(random.decimal_text(7, 2));
    Decimal margins = D(random.decimal_text(2, 4));
    Decimal aov = ok(div(revenue, Decimal::from_int(orders)));
    Decimal margin = ok(div(margins, Decimal::from_int(orders)));
    Decimal clv = ok(mul(ok(mul(ok(mul(aov, Decimal::from_int(orders))), Decimal::from_int(5))), margin));
    Rational expected = detail::to_rational(revenue) / orders * orders * 5 * (detail::to_rational(margins) / orders);
    CAPTURE(revenue.to_string());
    CAPTURE(margins.to_string());
    CHECK(detail::to_rational(clv) == expected);
    check_same(clv, detail::canonical(expected));
    CHECK((clv >= D("10000")) == (expected >= 10000));
  }
}

TEST_CASE("a result beyond 128 bits falls back to the exact path") {
  // 1 / (2^100 + 3): its square's denominator is near 2^200, far beyond 128 bits but within 10^80.
  const Decimal tiny = ok(div(D("1"), ok(Decimal::from_wide_units((static_cast<__int128>(1) << 100) + 3, 0))));
  REQUIRE(tiny.big());
  CHECK(tiny.big()->has_ratio);
  CHECK_FALSE(detail::fast_mul(tiny, tiny));  // denominator near 2^200
  Decimal square = ok(mul(tiny, tiny));
  REQUIRE(square.big());
  CHECK_FALSE(square.big()->has_ratio);
  check_same(square, ok(detail::exact_mul(tiny, tiny)));
  // Back into range: the exact path hands a value that fits to the 128-bit form.
  Decimal back = ok(div(square, tiny));
  check_same(back, tiny);
  CHECK(back.big()->has_ratio);
}

TEST_CASE("Ratio128 operations keep lowest terms and report overflow") {
  using detail::Ratio128;
  auto r = detail::ratio_add(Ratio128{1, 6}, Ratio128{1, 3});
  REQUIRE(r);
  CHECK(*r == Ratio128{1, 2});
  r = detail::ratio_mul(Ratio128{2, 3}, Ratio128{9, 4});
  REQUIRE(r);
  CHECK(*r == Ratio128{3, 2});
  r = detail::ratio_div(Ratio128{1, 3}, Ratio128{-2, 9});
  REQUIRE(r);
  CHECK(*r == Ratio128{-3, 2});
  CHECK_FALSE(detail::ratio_mul(Ratio128{detail::kRatioLimit - 1, 1}, Ratio128{3, 1}));
  CHECK(detail::ratio_compare(Ratio128{1, 3}, Ratio128{1, 2}) == -1);
  CHECK(detail::ratio_of(D("12.50")) == Ratio128{25, 2});
  CHECK(detail::ratio_of(D("-0.0375")) == Ratio128{-3, 80});
  CHECK(detail::decimal_of(Ratio128{25, 2}).is_small());
  CHECK(detail::decimal_of(Ratio128{1, 3}).big());
}

}  // namespace
}  // namespace accrue::num
