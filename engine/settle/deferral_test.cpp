#include <doctest/doctest.h>
#include <fmt/format.h>

#include "data/civil_date.h"
#include "settle/deferral.h"

namespace accrue::settle {
namespace {

std::int32_t day(std::int32_t y, std::uint32_t m, std::uint32_t d) { return data::days_from_civil({y, m, d}); }

TEST_CASE("deferral: due dates add months on the calendar, clamped to the month's end") {
  CHECK(add_duration(day(2026, 3, 31), 1, "year") == day(2027, 3, 31));
  CHECK(add_duration(day(2026, 3, 31), 18, "months") == day(2027, 9, 30));
  CHECK(add_duration(day(2026, 1, 31), 1, "month") == day(2026, 2, 28));
  CHECK(add_duration(day(2028, 1, 31), 1, "month") == day(2028, 2, 29));
  CHECK(add_duration(day(2024, 2, 29), 4, "quarters") == day(2025, 2, 28));
  CHECK(add_duration(day(2026, 12, 31), 2, "months") == day(2027, 2, 28));
  CHECK(add_duration(day(2026, 3, 31), 30, "days") == day(2026, 4, 30));
  CHECK_FALSE(add_duration(day(2026, 3, 31), 1, "fortnight"));
}

TEST_CASE("deferral: tranches always add up to the posted amount, ties to the earlier tranche") {
  const MoneyRounding eur{num::Currency::parse("EUR").value()};
  auto share = [](std::string_view s) { return num::Decimal::parse(s).value(); };
  const std::vector<TrancheShare> five_year = {{share("50%"), std::nullopt},
                                               {share("12.5%"), 1},
                                               {share("12.5%"), 2},
                                               {share("12.5%"), 3},
                                               {share("12.5%"), 4}};
  for (std::int64_t amount = 0; amount <= 2000; ++amount) {
    auto parts = split_into_tranches(eur, five_year, amount);
    REQUIRE(parts);
    std::int64_t sum = 0;
    for (const Tranche& t : *parts) sum += t.minor;
    CHECK(sum == amount);
    // No tranche is more than one minor unit away from its exact share.
    CHECK((*parts)[0].minor * 2 - amount <= 2);
    CHECK(amount - (*parts)[0].minor * 2 <= 2);
  }
  auto three = split_into_tranches(eur, five_year, 3);
  REQUIRE(three);
  // 1.5, 0.375 x 4: the half goes first (largest remainder), then the earliest.
  CHECK((*three)[0].minor == 2);
  CHECK((*three)[1].minor == 1);
  CHECK((*three)[2].minor == 0);
  CHECK((*three)[1].due == 1);
  auto whole = split_into_tranches(eur, {{share("100%"), std::nullopt}}, 12345);
  REQUIRE(whole);
  REQUIRE(whole->size() == 1);
  CHECK((*whole)[0].minor == 12345);
}

// The integer fast path must split exactly as num::allocate does (largest
// remainder, ties to the smaller key), for every amount and share set.
TEST_CASE("deferral: the split equals num::allocate keyed by tranche position") {
  const MoneyRounding cny{num::Currency::parse("CNY").value()};
  auto share = [](std::string_view s) { return num::Decimal::parse(s).value(); };
  const std::vector<std::vector<std::string>> plans = {
      {"50%", "50%"},          {"30%", "30%", "40%"},        {"33.33%", "33.33%", "33.34%"},
      {"0.0001%", "99.9999%"}, {"12.5%", "12.5%", "75%"},   {"0%", "60%", "40%"},
      {"33.3333333333%", "33.3333333333%", "33.3333333334%"},  // beyond billionths: the exact path
      {"10%", "10%", "10%", "10%", "10%", "10%", "10%", "10%", "10%", "10%"}};
  std::uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 11;
  };
  for (const auto& texts : plans) {
    std::vector<TrancheShare> plan;
    std::vector<num::AllocationShare> shares;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      plan.push_back({share(texts[i]), static_cast<std::int32_t>(i)});
      shares.push_back({fmt::format("k{}", 1000 + i), share(texts[i])});
    }
    for (int round = 0; round < 2000; ++round) {
      std::int64_t amount = static_cast<std::int64_t>(next() % 100000);
      if (round % 7 == 0) amount = -amount;                       // negative amounts take the exact path
      if (round % 11 == 0) amount = static_cast<std::int64_t>(next() % 4000000000000000000ULL);
      auto parts = split_into_tranches(cny, plan, amount);
      auto expected = num::allocate(cny.money_of_minor(amount), shares);
      REQUIRE(parts);
      REQUIRE(expected);
      for (std::size_t i = 0; i < plan.size(); ++i)
        CHECK((*parts)[i].minor == (*expected)[i].amount.amount().units_at(cny.exponent()).value());
    }
  }
}

}  // namespace
}  // namespace accrue::settle
