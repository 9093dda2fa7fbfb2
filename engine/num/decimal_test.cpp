// Decimal arithmetic: exactness, errors as values, the small/big forms.
#include "test_support.h"

namespace accrue::num {
namespace {

using testing::D;
using testing::ok;

TEST_CASE("arithmetic is exact") {
  CHECK(ok(add(D("0.1"), D("0.2"))) == D("0.3"));
  CHECK(ok(sub(D("0.1"), D("0.3"))).to_string() == "-0.2");
  CHECK(ok(mul(D("1.05"), D("1.05"))).to_string() == "1.1025");
  CHECK(ok(div(D("1"), D("8"))).to_string() == "0.125");
  CHECK(ok(div(D("100"), D("12.5%"))).to_string() == "800");
  Decimal third = ok(div(D("1"), D("3")));
  CHECK_FALSE(third.is_terminating());
  CHECK(ok(mul(third, D("3"))) == D("1"));
  CHECK(ok(add(ok(add(third, third)), third)) == D("1"));
  CHECK(ok(div(D("2"), D("6"))) == third);
}

TEST_CASE("division by zero is an error value") {
  Result<Decimal> q = div(D("1"), D("0.00"));
  REQUIRE_FALSE(q.ok());
  CHECK(q.error().code == ErrorCode::division_by_zero);
  CHECK(q.error().message == "division by zero");
  Decimal big = D("123456789012345678901234567890.5");
  CHECK(div(big, Decimal()).error().code == ErrorCode::division_by_zero);
  CHECK(div(ok(div(D("1"), D("3"))), D("0")).error().code == ErrorCode::division_by_zero);
}

TEST_CASE("results beyond the bounds are errors, never wrapped") {
  Decimal e39 = D("1" + std::string(39, '0'));
  Decimal nearly = D(std::string(40, '9'));
  CHECK(ok(add(e39, e39)).to_string() == "2" + std::string(39, '0'));
  Result<Decimal> sum = add(nearly, D("1"));
  REQUIRE_FALSE(sum.ok());
  CHECK(sum.error().code == ErrorCode::overflow);
  CHECK(sum.error().message == "addition: the magnitude reaches 10^40, beyond the bound of exact numbers");
  CHECK(sub(nearly.negated(), D("1")).error().code == ErrorCode::overflow);
  CHECK(mul(e39, D("10")).error().code == ErrorCode::overflow);
  CHECK(div(e39, D("0.1")).error().code == ErrorCode::overflow);
  CHECK(ok(nearly.round(0, RoundingMode::up)) == nearly);
  CHECK(D(std::string(40, '9') + ".5").round(0, RoundingMode::up).ok() == false);
  // Precision: 1/3 (denominator 3) is fine, a denominator above 10^80 is not.
  Decimal tiny = D("0." + std::string(49, '0') + "1");
  CHECK(ok(mul(tiny, D("0." + std::string(29, '0') + "1"))).to_string() == "0." + std::string(79, '0') + "1");
  Result<Decimal> too_fine = mul(tiny, tiny);
  REQUIRE_FALSE(too_fine.ok());
  CHECK(too_fine.error().code == ErrorCode::precision);
  CHECK(div(D("1"), ok(mul(D("3"), D("1" + std::string(39, '0'))))).ok());
}

TEST_CASE("comparison") {
  CHECK(D("1.50") == D("1.5"));
  CHECK(D("-1") < D("0.001"));
  CHECK(D("2") > D("1.999999999999999999999999"));
  CHECK(D("123456789012345678901234567890") > D("9223372036854775807"));
  CHECK(ok(div(D("1"), D("3"))) < D("0.3333333333333333333333333333334"));
  CHECK(ok(div(D("1"), D("3"))) > D("0.3333333333333333333333333333333"));
  CHECK((D("5") <=> D("5.000")) == std::strong_ordering::equal);
}

TEST_CASE("small form is canonical") {
  CHECK(D("12.34").is_small());
  CHECK(D("9223372036854775807").is_small());
  CHECK_FALSE(D("9223372036854775808").is_small());
  CHECK(D("0.000000000000000001").is_small());
  CHECK_FALSE(D("0.0000000000000000001").is_small());
  // A big intermediate that becomes small again is stored small.
  Decimal big = D("92233720368547758070");
  CHECK_FALSE(big.is_small());
  Decimal back = ok(div(big, D("10")));
  CHECK(back.is_small());
  CHECK(back == D("9223372036854775807"));
  // A fast sum that leaves 64 bits drops trailing zeros before going big.
  Decimal five = D("5.000000000000000000");
  CHECK(ok(add(five, five)).is_small());
  CHECK(ok(add(five, five)) == D("10"));
}

TEST_CASE("sign, integer, negation, units_at") {
  CHECK(D("-0.5").sign() == -1);
  CHECK(D("0").sign() == 0);
  CHECK(D("123456789012345678901234567890").sign() == 1);
  CHECK(D("3.000").is_integer());
  CHECK_FALSE(D("3.001").is_integer());
  CHECK(D("123456789012345678901234567890").is_integer());
  CHECK(D("-2.5").negated() == D("2.5"));
  CHECK(D("-2.5").abs() == D("2.5"));
  CHECK(D("12.3").units_at(2) == 1230);
  CHECK(D("12.345").units_at(2) == std::nullopt);
  CHECK(D("9223372036854775807").units_at(1) == std::nullopt);
  CHECK(D("123456789012345678901234567890").units_at(0) == std::nullopt);
}

}  // namespace
}  // namespace accrue::num
