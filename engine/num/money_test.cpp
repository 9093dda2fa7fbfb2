// Money: currencies and minor units, rounding on request, mismatches as errors.
#include "test_support.h"

namespace accrue::num {
namespace {

using testing::D;
using testing::M;
using testing::ok;

TEST_CASE("minor units come from the ISO 4217 table") {
  struct Row {
    const char* code;
    int minor_units;
  };
  for (Row row : {Row{"JPY", 0}, Row{"USD", 2}, Row{"EUR", 2}, Row{"CNY", 2}, Row{"GBP", 2}, Row{"KWD", 3},
                  Row{"BHD", 3}, Row{"KRW", 0}, Row{"CLF", 4}}) {
    CAPTURE(row.code);
    Currency currency = ok(Currency::parse(row.code));
    CHECK(currency.code() == row.code);
    CHECK(currency.minor_units() == row.minor_units);
  }
  Result<Currency> bad = Currency::parse("usd");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::parse);
  CHECK(bad.error().message == "unknown currency code \"usd\" (expected an ISO 4217 code such as USD, EUR, JPY)");
  CHECK_FALSE(Currency::parse("").ok());
  CHECK_FALSE(Currency::parse("XAU").ok());
  // The table is sorted (binary search relies on it) and every entry parses back.
  for (std::size_t i = 0; i < Currency::table_size(); ++i) {
    if (i > 0) CHECK(Currency::at(i - 1).code() < Currency::at(i).code());
    CHECK(ok(Currency::parse(Currency::at(i).code())) == Currency::at(i));
  }
}

TEST_CASE("money keeps every digit until rounded on request") {
  Money price = M("10.00", "USD");
  Money third = ok(div(price, D("3")));
  CHECK(third.to_string() == "3." + std::string(40, '3') + "... USD");
  CHECK(ok(third.to_string(RoundingMode::half_even)) == "3.33 USD");
  CHECK(ok(mul(third, D("3"))) == price);
  CHECK(ok(third.round(RoundingMode::up)) == M("3.34", "USD"));
  CHECK(ok(M("1.005", "USD").round(RoundingMode::half_even)) == M("1.00", "USD"));
  CHECK(ok(M("1.005", "USD").round(RoundingMode::half_up)) == M("1.01", "USD"));
  CHECK(ok(M("1234.5", "JPY").round(RoundingMode::half_even)).to_string() == "1234 JPY");
  CHECK(ok(M("1.2345", "KWD").round(RoundingMode::half_up)).to_string() == "1.235 KWD");
  CHECK(ok(M("7", "BHD").to_string(RoundingMode::down)) == "7.000 BHD");
  CHECK(M("12.50", "EUR").to_string() == "12.5 EUR");
  CHECK(M("12.50", "EUR").is_whole_minor_units());
  CHECK_FALSE(M("12.505", "EUR").is_whole_minor_units());
}

TEST_CASE("money arithmetic and comparison") {
  CHECK(ok(add(M("1.10", "EUR"), M("2.205", "EUR"))) == M("3.305", "EUR"));
  CHECK(ok(sub(M("1", "EUR"), M("2.5", "EUR"))).to_string() == "-1.5 EUR");
  CHECK(ok(mul(M("200", "GBP"), D("12.5%"))) == M("25", "GBP"));
  CHECK(ok(div(M("30", "GBP"), M("120", "GBP"))) == D("0.25"));
  CHECK(ok(compare(M("1", "USD"), M("1.00", "USD"))) == std::strong_ordering::equal);
  CHECK(ok(compare(M("1", "USD"), M("2", "USD"))) == std::strong_ordering::less);
  CHECK_FALSE(M("1", "USD") == M("1", "EUR"));
}

TEST_CASE("mixing currencies is an error value") {
  Result<Money> sum = add(M("1", "USD"), M("1", "EUR"));
  REQUIRE_FALSE(sum.ok());
  CHECK(sum.error().code == ErrorCode::currency_mismatch);
  CHECK(sum.error().message == "currency mismatch: cannot add 1 USD and 1 EUR");
  CHECK(sub(M("1", "USD"), M("1", "JPY")).error().code == ErrorCode::currency_mismatch);
  CHECK(div(M("1", "USD"), M("1", "JPY")).error().code == ErrorCode::currency_mismatch);
  CHECK(compare(M("1", "USD"), M("1", "JPY")).error().code == ErrorCode::currency_mismatch);
}

TEST_CASE("money parse errors") {
  Result<Money> percent = Money::parse("12%", "USD");
  REQUIRE_FALSE(percent.ok());
  CHECK(percent.error().message == "invalid amount \"12%\": unexpected '%' at position 3 (a money amount cannot be a percent)");
  CHECK(Money::parse("1e3", "USD").error().code == ErrorCode::parse);
  CHECK(Money::parse("1", "US").error().code == ErrorCode::parse);
  CHECK(div(M("1", "USD"), D("0")).error().code == ErrorCode::division_by_zero);
}

}  // namespace
}  // namespace accrue::num
