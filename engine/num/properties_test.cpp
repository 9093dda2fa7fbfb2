// Algebraic properties over random values of mixed magnitudes (fixed seed),
// and agreement of the 64/128-bit fast path with the exact rational path,
// especially around the edge of the small form (|units| near 2^63).
#include <cstdint>
#include <limits>
#include <vector>

#include "big.h"
#include "test_support.h"

namespace accrue::num {
namespace {

using testing::D;
using testing::ok;

// Values that are small, big, near the int64 edge, or both. min_scale keeps
// the edge values below 10^(19 - min_scale), so products of three stay in bounds.
std::vector<Decimal> sample_values(testing::Random& random, std::size_t count, int min_scale = 0) {
  auto scale = [&] { return min_scale + static_cast<int>(random.below(static_cast<std::uint64_t>(19 - min_scale))); };
  std::vector<Decimal> values;
  const std::int64_t edge = std::numeric_limits<std::int64_t>::max();
  for (std::size_t i = 0; i < count; ++i) {
    switch (random.below(4)) {
      case 0: values.push_back(D(random.decimal_text(6, 3))); break;
      case 1: values.push_back(D(random.decimal_text(12, 20))); break;
      case 2: {
        std::int64_t units = edge - static_cast<std::int64_t>(random.below(1000));
        if (random.below(2) == 0) units = -units;
        values.push_back(ok(Decimal::from_units(units, scale())));
        break;
      }
      default: {
        __int128 units = static_cast<__int128>(edge) + static_cast<__int128>(random.below(2000)) - 1000;
        values.push_back(ok(Decimal::from_wide_units(random.below(2) ? units : -units, scale())));
      }
    }
  }
  return values;
}

TEST_CASE("+ and x are commutative and associative; x distributes over +") {
  testing::Random random(1);
  std::vector<Decimal> v = sample_values(random, 600, 6);
  for (std::size_t i = 0; i + 2 < v.size(); i += 3) {
    const Decimal& a = v[i];
    const Decimal& b = v[i + 1];
    const Decimal& c = v[i + 2];
    CAPTURE(a.to_string());
    CAPTURE(b.to_string());
    CAPTURE(c.to_string());
    CHECK(ok(add(a, b)) == ok(add(b, a)));
    CHECK(ok(mul(a, b)) == ok(mul(b, a)));
    CHECK(ok(add(ok(add(a, b)), c)) == ok(add(a, ok(add(b, c)))));
    CHECK(ok(mul(ok(mul(a, b)), c)) == ok(mul(a, ok(mul(b, c)))));
    CHECK(ok(mul(a, ok(add(b, c)))) == ok(add(ok(mul(a, b)), ok(mul(a, c)))));
    CHECK(ok(sub(ok(add(a, b)), b)) == a);
  }
}

TEST_CASE("a / b * b == a for b != 0") {
  testing::Random random(2);
  std::vector<Decimal> v = sample_values(random, 1000);
  for (std::size_t i = 0; i + 1 < v.size(); i += 2) {
    const Decimal& a = v[i];
    const Decimal& b = v[i + 1];
    if (b.is_zero()) continue;
    CAPTURE(a.to_string());
    CAPTURE(b.to_string());
    Decimal q = ok(div(a, b));
    CHECK(ok(mul(q, b)) == a);
    if (!a.is_zero()) CHECK(ok(div(a, q)) == b);
  }
}

TEST_CASE("fast path and exact path agree on every operation near the int64 edge") {
  testing::Random random(3);
  std::vector<Decimal> v = sample_values(random, 4000);
  for (std::size_t i = 0; i + 1 < v.size(); ++i) {
    const Decimal& a = v[i];
    const Decimal& b = v[i + 1];
    CAPTURE(a.to_string());
    CAPTURE(b.to_string());
    CHECK(ok(add(a, b)) == ok(detail::exact_add(a, b)));
    CHECK(ok(sub(a, b)) == ok(detail::exact_sub(a, b)));
    CHECK(ok(mul(a, b)) == ok(detail::exact_mul(a, b)));
    if (!b.is_zero()) CHECK(ok(div(a, b)) == ok(detail::exact_div(a, b)));
    CHECK((a <=> b) == detail::exact_compare(a, b));
    int scale = static_cast<int>(random.below(20));
    RoundingMode mode = kAllRoundingModes[random.below(7)];
    CHECK(ok(a.round(scale, mode)) == ok(detail::exact_round(a, scale, mode)));
    // The canonical form: equal values have equal forms.
    Decimal via_exact = detail::canonical(detail::to_rational(ok(add(a, b))));
    CHECK(via_exact.is_small() == ok(add(a, b)).is_small());
  }
}

TEST_CASE("exact path results are bounded like the fast path") {
  Decimal e39 = D("1" + std::string(39, '0'));
  CHECK(detail::exact_mul(e39, D("10")).error().code == ErrorCode::overflow);
  CHECK(detail::exact_div(e39, Decimal()).error().code == ErrorCode::division_by_zero);
}

}  // namespace
}  // namespace accrue::num
