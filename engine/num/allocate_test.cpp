// allocate(): parts add up to the total, each within one minor unit of its
// exact share, and the split depends on keys, never on input order.
#include <algorithm>
#include <map>

#include "test_support.h"

namespace accrue::num {
namespace {

using testing::D;
using testing::M;
using testing::ok;

std::vector<AllocationShare> shares(std::initializer_list<std::pair<const char*, const char*>> rows) {
  std::vector<AllocationShare> out;
  for (auto [key, weight] : rows) out.push_back({key, D(weight)});
  return out;
}

std::map<std::string, std::string> split(const Money& total, const std::vector<AllocationShare>& by) {
  std::map<std::string, std::string> out;
  for (const AllocatedPart& part : ok(allocate(total, by))) out[part.key] = part.amount.to_string();
  return out;
}

TEST_CASE("largest remainder with ties to the smaller key") {
  // 100.00 in three equal parts: 33.33 each and one cent left, tied three
  // ways: it goes to the smallest key, "ann".
  auto three = shares({{"cy", "1"}, {"ann", "1"}, {"bo", "1"}});
  std::map<std::string, std::string> expected = {{"ann", "33.34 USD"}, {"bo", "33.33 USD"}, {"cy", "33.33 USD"}};
  CHECK(split(M("100", "USD"), three) == expected);
  std::vector<AllocatedPart> parts = ok(allocate(M("100", "USD"), three));
  CHECK(parts[0].key == "cy");  // parts come back in the shares' order
  // Largest remainder beats key order: 10 split 1:2 gives 3.333.. and 6.666..
  auto two = shares({{"a", "1"}, {"b", "2"}});
  CHECK(split(M("10", "USD"), two) == std::map<std::string, std::string>{{"a", "3.33 USD"}, {"b", "6.67 USD"}});
  // Percent weights and JPY (no minor unit).
  auto pct = shares({{"x", "50%"}, {"y", "30%"}, {"z", "20%"}});
  CHECK(split(M("1001", "JPY"), pct) ==
        std::map<std::string, std::string>{{"x", "501 JPY"}, {"y", "300 JPY"}, {"z", "200 JPY"}});
}

TEST_CASE("negative totals mirror positive ones; zero weights get zero") {
  auto three = shares({{"cy", "1"}, {"ann", "1"}, {"bo", "1"}, {"dee", "0"}});
  CHECK(split(M("-100", "USD"), three) == std::map<std::string, std::string>{{"ann", "-33.34 USD"},
                                                                            {"bo", "-33.33 USD"},
                                                                            {"cy", "-33.33 USD"},
                                                                            {"dee", "0 USD"}});
  CHECK(split(M("0", "USD"), three) ==
        std::map<std::string, std::string>{{"ann", "0 USD"}, {"bo", "0 USD"}, {"cy", "0 USD"}, {"dee", "0 USD"}});
}

TEST_CASE("allocation errors") {
  auto check_error = [](Result<std::vector<AllocatedPart>> result, const std::string& message) {
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::invalid_argument);
    CHECK(result.error().message == message);
  };
  check_error(allocate(M("10", "USD"), shares({{"a", "0"}, {"b", "0"}})), "allocate: all weights are zero");
  check_error(allocate(M("10", "USD"), shares({{"a", "1"}, {"b", "-1"}})),
              "allocate: weight -1 of \"b\" is negative");
  check_error(allocate(M("10", "USD"), shares({{"a", "1"}, {"a", "2"}})),
              "allocate: duplicate key \"a\" (keys decide ties, so they must be unique)");
  check_error(allocate(M("10", "USD"), {}), "allocate: no shares to split into");
  check_error(allocate(M("10.005", "USD"), shares({{"a", "1"}})),
              "allocate: total 10.005 USD is not a whole number of minor units; round it first");
}

TEST_CASE("property: parts sum to the total, within one unit of the exact share, order-independent") {
  testing::Random random(4);
  const char* codes[] = {"USD", "JPY", "KWD"};
  for (int trial = 0; trial < 300; ++trial) {
    Currency currency = ok(Currency::parse(codes[random.below(3)]));
    Decimal units = D(random.decimal_text(1 + static_cast<int>(random.below(20)), 0));
    Money total(ok(mul(units, ok(Decimal::from_units(1, currency.minor_units())))), currency);
    std::vector<AllocationShare> by;
    std::size_t count = 1 + random.below(12);
    for (std::size_t i = 0; i < count; ++i) {
      // Few distinct weights, so ties are common.
      std::string weight = random.below(5) == 0 ? "0" : std::to_string(1 + random.below(4));
      if (random.below(4) == 0) weight += ".5";
      // Built with append: GCC 12 at -O3 warns falsely (-Wrestrict) on "k" + std::string.
      std::string key = "k";
      key.append(std::to_string(random.next() % 1000000)).append("_").append(std::to_string(i));
      by.push_back({key, D(weight)});
    }
    if (std::all_of(by.begin(), by.end(), [](const AllocationShare& s) { return s.weight.is_zero(); })) {
      by[0].weight = D("1");
    }
    CAPTURE(total.to_string());
    std::vector<AllocatedPart> parts = ok(allocate(total, by));
    Decimal weight_sum;
    for (const AllocationShare& s : by) weight_sum = ok(add(weight_sum, s.weight));
    Decimal part_sum;
    Decimal minor_unit = ok(Decimal::from_units(1, currency.minor_units()));
    for (std::size_t i = 0; i < parts.size(); ++i) {
      CHECK(parts[i].amount.is_whole_minor_units());
      CHECK(parts[i].amount.currency() == currency);
      part_sum = ok(add(part_sum, parts[i].amount.amount()));
      Decimal exact = ok(div(ok(mul(total.amount(), by[i].weight)), weight_sum));
      CHECK(ok(sub(parts[i].amount.amount(), exact)).abs() < minor_unit);
      if (by[i].weight.is_zero()) CHECK(parts[i].amount.amount().is_zero());
    }
    CHECK(part_sum == total.amount());
    // Shuffling the shares gives every key the same amount.
    std::vector<AllocationShare> shuffled = by;
    for (std::size_t i = shuffled.size(); i > 1; --i) std::swap(shuffled[i - 1], shuffled[random.below(i)]);
    CHECK(split(total, shuffled) == split(total, by));
    // A negative total is the mirror image.
    std::vector<AllocatedPart> negative = ok(allocate(Money(total.amount().negated(), currency), by));
    for (std::size_t i = 0; i < parts.size(); ++i) CHECK(negative[i].amount.amount() == parts[i].amount.amount().negated());
  }
}

TEST_CASE("property: the 128-bit path and the exact path split identically") {
  // allocate() takes a 128-bit integer path for ordinary sizes; it must agree
  // with the exact rational path digit for digit, signs, ties and all, and
  // fall back to it past its bounds (the last totals and weights below).
  testing::Random random(11);
  const char* codes[] = {"USD", "JPY", "KWD"};
  for (int trial = 0; trial < 2000; ++trial) {
    Currency currency = ok(Currency::parse(codes[random.below(3)]));
    int digits = 1 + static_cast<int>(random.below(trial % 10 == 0 ? 30 : 15));
    Decimal units = D(random.decimal_text(digits, 0));  // sometimes negative
    Money total(ok(mul(units, ok(Decimal::from_units(1, currency.minor_units())))), currency);
    std::vector<AllocationShare> by;
    std::size_t count = 1 + random.below(6);
    for (std::size_t i = 0; i < count; ++i) {
      std::string weight = random.decimal_text(1 + static_cast<int>(random.below(trial % 7 == 0 ? 22 : 4)),
                                               static_cast<int>(random.below(4)));
      std::string key = "t";
      key.append(std::to_string(random.below(3))).append("_").append(std::to_string(i));
      by.push_back({key, D(weight).abs()});
    }
    if (std::all_of(by.begin(), by.end(), [](const AllocationShare& s) { return s.weight.is_zero(); })) by[0].weight = D("1");
    CAPTURE(total.to_string());
    std::vector<AllocatedPart> fast = ok(allocate(total, by));
    std::vector<AllocatedPart> exact = ok(detail::allocate_exact(total, by));
    REQUIRE(fast.size() == exact.size());
    for (std::size_t i = 0; i < fast.size(); ++i) {
      CHECK(fast[i].key == exact[i].key);
      CHECK(fast[i].amount == exact[i].amount);
    }
  }
}

}  // namespace
}  // namespace accrue::num
