// The rounding table of issue 4, checked in every mode on both the fast path
// and the exact path. The expected strings were produced by Python's decimal
// (quantize with ROUND_HALF_EVEN, ROUND_HALF_UP, ...); the differential test
// (tests/num) re-checks the same rows against Python on every run.
#include <array>

#include "big.h"
#include "test_support.h"

namespace accrue::num {
namespace {

using testing::D;

struct RoundingRow {
  const char* value;
  int scale;
  // In kAllRoundingModes order: half_even, half_up, half_down, down, up, floor, ceiling.
  std::array<const char*, 7> expected;
};

constexpr RoundingRow kRoundingTable[] = {
    {"2.5", 0, {"2", "3", "2", "2", "3", "2", "3"}},
    {"3.5", 0, {"4", "4", "3", "3", "4", "3", "4"}},
    {"-2.5", 0, {"-2", "-3", "-2", "-2", "-3", "-3", "-2"}},
    {"0.125", 2, {"0.12", "0.13", "0.12", "0.12", "0.13", "0.12", "0.13"}},
    {"1.005", 2, {"1.00", "1.01", "1.00", "1.00", "1.01", "1.00", "1.01"}},
    {"-1.005", 2, {"-1.00", "-1.01", "-1.00", "-1.00", "-1.01", "-1.01", "-1.00"}},
};

TEST_CASE("rounding table matches Python decimal in every mode") {
  for (const RoundingRow& row : kRoundingTable) {
    for (std::size_t m = 0; m < kAllRoundingModes.size(); ++m) {
      RoundingMode mode = kAllRoundingModes[m];
      CAPTURE(row.value);
      CAPTURE(to_string(mode));
      Decimal value = D(row.value);
      CHECK(testing::ok(value.to_string(row.scale, mode)) == row.expected[m]);
      // The exact (rational) path must agree with the fast path.
      Decimal exact = testing::ok(detail::exact_round(value, row.scale, mode));
      CHECK(exact == testing::ok(value.round(row.scale, mode)));
    }
  }
}

TEST_CASE("rounding modes print and parse by name") {
  for (RoundingMode mode : kAllRoundingModes) {
    CHECK(testing::ok(parse_rounding_mode(to_string(mode))) == mode);
  }
  CHECK(to_string(RoundingMode::half_even) == "half_even");
  CHECK(to_string(RoundingMode::ceiling) == "ceiling");
  Result<RoundingMode> bad = parse_rounding_mode("HALF_EVEN");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::parse);
  CHECK(bad.error().message.find("half_even, half_up") != std::string::npos);
}

TEST_CASE("rounding a non-terminating value and a big value") {
  Decimal third = testing::ok(div(D("1"), D("3")));
  CHECK(testing::ok(third.to_string(5, RoundingMode::half_even)) == "0.33333");
  CHECK(testing::ok(third.to_string(5, RoundingMode::up)) == "0.33334");
  Decimal minus_two_thirds = testing::ok(div(D("-2"), D("3")));
  CHECK(testing::ok(minus_two_thirds.to_string(2, RoundingMode::half_even)) == "-0.67");
  CHECK(testing::ok(minus_two_thirds.to_string(2, RoundingMode::down)) == "-0.66");
  CHECK(testing::ok(minus_two_thirds.to_string(2, RoundingMode::floor)) == "-0.67");
  CHECK(testing::ok(minus_two_thirds.to_string(2, RoundingMode::ceiling)) == "-0.66");
  Decimal big = D("123456789012345678901234567890.125");
  CHECK(testing::ok(big.to_string(2, RoundingMode::half_even)) == "123456789012345678901234567890.12");
  CHECK(testing::ok(big.to_string(2, RoundingMode::half_up)) == "123456789012345678901234567890.13");
}

TEST_CASE("rounding to zero never prints -0") {
  CHECK(testing::ok(D("-0.001").to_string(2, RoundingMode::half_even)) == "0.00");
  CHECK(testing::ok(D("-0.4").to_string(0, RoundingMode::down)) == "0");
  CHECK(testing::ok(D("-0.4").round(0, RoundingMode::down)).to_string() == "0");
  CHECK(testing::ok(testing::ok(div(D("-1"), D("3"))).to_string(0, RoundingMode::ceiling)) == "0");
}

TEST_CASE("rounding scale outside 0..80 is an error") {
  Result<Decimal> bad = D("1.5").round(-1, RoundingMode::half_even);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::invalid_argument);
  CHECK_FALSE(D("1.5").round(81, RoundingMode::half_even).ok());
  CHECK(testing::ok(D("1.5").to_string(80, RoundingMode::half_even)).size() == 82);
}

}  // namespace
}  // namespace accrue::num
