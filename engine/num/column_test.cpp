// DecimalColumn: scaled storage, rescaling, the exact fallback, and the three
// kernels, each checked against the same computation on exact Decimals.
#include <limits>

#include "test_support.h"

namespace accrue::num {
namespace {

using testing::D;
using testing::ok;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

DecimalColumn column_of(std::initializer_list<const char*> texts) {
  std::vector<Decimal> values;
  for (const char* text : texts) values.push_back(D(text));
  return DecimalColumn::from_decimals(values);
}

std::vector<std::string> texts(const DecimalColumn& column) {
  std::vector<std::string> out;
  for (std::size_t row = 0; row < column.size(); ++row) out.push_back(column.at(row).to_string());
  return out;
}

DecimalColumn as_exact(const DecimalColumn& column) {
  std::vector<Decimal> values;
  for (std::size_t row = 0; row < column.size(); ++row) values.push_back(column.at(row));
  return DecimalColumn::exact(values);
}

TEST_CASE("columns pick a shared scale and rescale or fall back as values arrive") {
  DecimalColumn column = column_of({"1.5", "2.25", "-3"});
  CHECK(column.is_scaled());
  CHECK(column.scale() == 2);
  CHECK(std::vector<std::int64_t>(column.units().begin(), column.units().end()) ==
        std::vector<std::int64_t>{150, 225, -300});
  CHECK(column.units_bound() == 300);
  column.push_back(D("0.001"));
  CHECK(column.is_scaled());
  CHECK(column.scale() == 3);
  CHECK(texts(column) == std::vector<std::string>{"1.5", "2.25", "-3", "0.001"});
  column.push_back(D("92233720368547758.07"));  // does not fit int64 at scale 3
  CHECK_FALSE(column.is_scaled());
  CHECK(texts(column) == std::vector<std::string>{"1.5", "2.25", "-3", "0.001", "92233720368547758.07"});
  CHECK_FALSE(column_of({"1", "123456789012345678901234567890"}).is_scaled());
  CHECK(DecimalColumn::from_units({1, 2}, 19).error().code == ErrorCode::invalid_argument);
  CHECK_FALSE(DecimalColumn::from_units({std::numeric_limits<std::int64_t>::min()}, 0).ok());
}

TEST_CASE("sum is exact on both storages and across int64 overflow") {
  DecimalColumn column = column_of({"0.1", "0.2", "-0.05"});
  CHECK(ok(sum(column)) == D("0.25"));
  CHECK(ok(sum(as_exact(column))) == D("0.25"));
  CHECK(ok(sum(DecimalColumn())) == D("0"));
  // Ten rows of INT64_MAX cents: the blocked int128 loop.
  DecimalColumn huge = ok(DecimalColumn::from_units(std::vector<std::int64_t>(10, kMax), 2));
  CHECK(ok(sum(huge)).to_string() == "922337203685477580.7");
  CHECK(ok(sum(huge)) == ok(sum(as_exact(huge))));
  std::vector<Decimal> near_bound(11, D(std::string(39, '9')));  // sum 1.1 * 10^40
  CHECK(sum(DecimalColumn::exact(near_bound)).error().code == ErrorCode::overflow);
}

TEST_CASE("large columns (huge-page buffers) behave like small ones") {
  std::vector<std::int64_t> cents(1'000'000);  // 8 MB: above the huge-page threshold
  for (std::size_t row = 0; row < cents.size(); ++row) cents[row] = static_cast<std::int64_t>(row % 1000) - 500;
  DecimalColumn column = ok(DecimalColumn::from_units(cents, 2));
  CHECK(ok(sum(column)) == D("-5000"));
  DecimalColumn half = ok(multiply_round(column, D("50%"), 2, RoundingMode::half_even));
  CHECK(half.size() == cents.size());
  CHECK(half.at(999).to_string() == "2.5");
  CHECK(half.at(1).to_string() == "-2.5");
  CHECK(half.at(3).to_string() == "-2.48");  // -4.97 / 2 = -2.485 -> -2.48
  DecimalColumn copy = column;  // copying and destroying large buffers
  CHECK(copy.at(123456).to_string() == "-0.44");
}

TEST_CASE("multiply_round: every row multiplied and rounded to the scale") {
  DecimalColumn amounts = column_of({"100.04", "-100.04", "0.01", "19.99", "0"});
  DecimalColumn commission = ok(multiply_round(amounts, D("12.5%"), 2, RoundingMode::half_even));
  CHECK(commission.is_scaled());
  CHECK(commission.scale() == 2);
  CHECK(texts(commission) == std::vector<std::string>{"12.5", "-12.5", "0", "2.5", "0"});
  CHECK(texts(ok(multiply_round(amounts, D("12.5%"), 2, RoundingMode::up))) ==
        std::vector<std::string>{"12.51", "-12.51", "0.01", "2.5", "0"});
  // A finer scale than the product has: exact.
  CHECK(texts(ok(multiply_round(amounts, D("2"), 4, RoundingMode::down))) ==
        std::vector<std::string>{"200.08", "-200.08", "0.02", "39.98", "0"});
  // A factor that is not small: the exact loop.
  Decimal third = ok(div(D("1"), D("3")));
  CHECK(texts(ok(multiply_round(amounts, third, 2, RoundingMode::half_even))) ==
        std::vector<std::string>{"33.35", "-33.35", "0", "6.66", "0"});
  CHECK(multiply_round(amounts, D("1"), 81, RoundingMode::down).error().code == ErrorCode::invalid_argument);
}

TEST_CASE("multiply_round to more places than the product has, past 128 bits") {
  // Found by the differential test (seed 2): the product needs ~10^37 units and
  // padding it to 5 places overflowed the 128-bit check.
  DecimalColumn column = column_of({"-756485368375090266.3"});
  DecimalColumn out = ok(multiply_round(column, D("922337203685477512.5"), 5, RoundingMode::up));
  CHECK(out.at(0).to_string() == "-697734599296059119648070201606286578.75");
  // All-zero rows with a factor whose padding alone would overflow int64.
  DecimalColumn zeros = ok(DecimalColumn::from_units({0, 0}, 0));
  CHECK(texts(ok(multiply_round(zeros, D("9223372036854775807"), 3, RoundingMode::down))) ==
        std::vector<std::string>{"0", "0"});
}

TEST_CASE("multiply_round agrees with scalar Decimal arithmetic on every path") {
  testing::Random random(5);
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<Decimal> values;
    int magnitude = 1 + static_cast<int>(random.below(19));
    for (int row = 0; row < 20; ++row) {
      if (random.below(10) == 0) {
        std::int64_t edge = kMax - static_cast<std::int64_t>(random.below(100));
        values.push_back(ok(Decimal::from_units(random.below(2) ? edge : -edge, static_cast<int>(random.below(5)))));
      } else {
        values.push_back(D(random.decimal_text(magnitude, static_cast<int>(random.below(4)))));
      }
    }
    DecimalColumn column = DecimalColumn::from_decimals(values);
    Decimal factor = D(random.decimal_text(1 + static_cast<int>(random.below(6)), static_cast<int>(random.below(8))));
    int scale = static_cast<int>(random.below(8));
    RoundingMode mode = kAllRoundingModes[random.below(7)];
    CAPTURE(factor.to_string());
    CAPTURE(scale);
    CAPTURE(to_string(mode));
    DecimalColumn fast = ok(multiply_round(column, factor, scale, mode));
    DecimalColumn slow = ok(multiply_round(as_exact(column), factor, scale, mode));
    REQUIRE(fast.size() == values.size());
    for (std::size_t row = 0; row < values.size(); ++row) {
      Decimal expected = ok(ok(mul(values[row], factor)).round(scale, mode));
      CHECK(fast.at(row) == expected);
      CHECK(slow.at(row) == expected);
    }
  }
}

TEST_CASE("sum_by_key groups rows into buckets in one pass") {
  DecimalColumn amounts = column_of({"1.5", "2", "-0.25", "10", "0.01"});
  std::vector<std::uint32_t> keys = {2, 0, 2, 0, 1};
  DecimalColumn totals = ok(sum_by_key(amounts, keys, 4));
  CHECK(texts(totals) == std::vector<std::string>{"12", "0.01", "1.25", "0"});
  CHECK(texts(ok(sum_by_key(as_exact(amounts), keys, 4))) == texts(totals));
  Result<DecimalColumn> bad_key = sum_by_key(amounts, std::vector<std::uint32_t>{0, 1, 7, 1, 0}, 4);
  REQUIRE_FALSE(bad_key.ok());
  CHECK(bad_key.error().message == "sum_by_key: key 7 at row 2 is not below the key count 4");
  CHECK(sum_by_key(amounts, std::vector<std::uint32_t>{0, 1}, 4).error().code == ErrorCode::invalid_argument);
  // Buckets past int64: the 128-bit accumulators, then an exact column.
  DecimalColumn huge = ok(DecimalColumn::from_units(std::vector<std::int64_t>(4, kMax), 0));
  DecimalColumn wide = ok(sum_by_key(huge, std::vector<std::uint32_t>{0, 1, 1, 0}, 3));
  CHECK_FALSE(wide.is_scaled());
  CHECK(texts(wide) == std::vector<std::string>{"18446744073709551614", "18446744073709551614", "0"});
  DecimalColumn fits = ok(sum_by_key(huge, std::vector<std::uint32_t>{0, 1, 2, 0}, 3));
  CHECK(texts(fits)[1] == "9223372036854775807");
}

TEST_CASE("sum_by_key agrees with scalar sums on random data") {
  testing::Random random(6);
  for (int trial = 0; trial < 100; ++trial) {
    std::size_t key_count = 1 + random.below(10);
    std::vector<Decimal> values;
    std::vector<std::uint32_t> keys;
    std::vector<Decimal> expected(key_count);
    for (int row = 0; row < 50; ++row) {
      values.push_back(D(random.decimal_text(1 + static_cast<int>(random.below(18)), static_cast<int>(random.below(3)))));
      keys.push_back(static_cast<std::uint32_t>(random.below(key_count)));
      expected[keys.back()] = ok(add(expected[keys.back()], values.back()));
    }
    DecimalColumn totals = ok(sum_by_key(DecimalColumn::from_decimals(values), keys, key_count));
    for (std::size_t key = 0; key < key_count; ++key) CHECK(totals.at(key) == expected[key]);
  }
}

}  // namespace
}  // namespace accrue::num
