// Parsing is strict and names the offending position; printing is canonical
// (no trailing zeros, never "-0"); parse(print(x)) == x.
#include "test_support.h"

namespace accrue::num {
namespace {

using testing::D;

std::string parse_message(std::string_view text) {
  Result<Decimal> value = Decimal::parse(text);
  REQUIRE_FALSE(value.ok());
  return value.error().message;
}

TEST_CASE("parse accepts plain decimals and percents") {
  CHECK(D("123").to_string() == "123");
  CHECK(D("-0.50").to_string() == "-0.5");
  CHECK(D("1234.5678").to_string() == "1234.5678");
  CHECK(D("12.5%") == D("0.125"));
  CHECK(D("12.5%").to_string() == "0.125");
  CHECK(D("-5%").to_string() == "-0.05");
  CHECK(D("100%") == D("1"));
  CHECK(D("007.10").to_string() == "7.1");
  CHECK(D("0.000000000000000000000000000001").to_string() == "0.000000000000000000000000000001");
  CHECK(D("-0") == D("0"));
  CHECK(D("-0.000").to_string() == "0");
}

TEST_CASE("parse rejects what is not plainly a decimal, naming the position") {
  CHECK(parse_message("1e3") ==
        "invalid number \"1e3\": unexpected 'e' at position 2 (exponent notation is not accepted)");
  CHECK(parse_message("1,5") ==
        "invalid number \"1,5\": unexpected ',' at position 2 (the decimal separator is '.', and thousands "
        "separators are not accepted)");
  CHECK(parse_message("NaN") == "invalid number \"NaN\": unexpected 'N' at position 1");
  CHECK(parse_message("inf") == "invalid number \"inf\": unexpected 'i' at position 1");
  CHECK(parse_message("-inf") == "invalid number \"-inf\": unexpected 'i' at position 2");
  CHECK(parse_message("0x10") ==
        "invalid number \"0x10\": unexpected 'x' at position 2 (hexadecimal is not accepted)");
  CHECK(parse_message("") == "invalid number \"\": empty text");
  CHECK(parse_message(" 12") ==
        "invalid number \" 12\": unexpected space at position 1 (numbers may not be padded with whitespace)");
  CHECK(parse_message("12 ") ==
        "invalid number \"12 \": unexpected space at position 3 (numbers may not be padded with whitespace)");
  CHECK(parse_message("12\t") ==
        "invalid number \"12\\x09\": unexpected tab at position 3 (numbers may not be padded with whitespace)");
  CHECK(parse_message("+5") ==
        "invalid number \"+5\": unexpected '+' at position 1 (write positive numbers without a sign)");
  CHECK(parse_message("-") == "invalid number \"-\": no digits after '-'");
  CHECK(parse_message(".5") == "invalid number \".5\": missing digits before '.' at position 1");
  CHECK(parse_message("5.") == "invalid number \"5.\": missing digits after '.' at position 2");
  CHECK(parse_message("1.2.3") == "invalid number \"1.2.3\": unexpected '.' at position 4");
  CHECK(parse_message("5%%") == "invalid number \"5%%\": unexpected '%' at position 3");
  CHECK(parse_message("5.%") == "invalid number \"5.%\": unexpected '%' at position 3");
  CHECK(parse_message("%") == "invalid number \"%\": unexpected '%' at position 1");
  CHECK(parse_message("1\xc2\xa0") == "invalid number \"1\\xc2\\xa0\": unexpected byte 0xc2 at position 2");
  for (std::string_view bad : {"1e3", "1,5", "NaN", "inf", "0x10", "", " 1", "1 "}) {
    CHECK(Decimal::parse(bad).error().code == ErrorCode::parse);
  }
}

TEST_CASE("parse enforces the bounds") {
  std::string forty_nines(40, '9');
  CHECK(D(forty_nines).to_string() == forty_nines);
  Result<Decimal> too_big = Decimal::parse("1" + std::string(40, '0'));
  REQUIRE_FALSE(too_big.ok());
  CHECK(too_big.error().code == ErrorCode::overflow);
  // A percent divides by 100, so 42 digits are fine there.
  CHECK(D("1" + std::string(41, '0') + "%").to_string() == "1" + std::string(39, '0'));
  std::string eighty = "0." + std::string(79, '0') + "1";
  CHECK(D(eighty).to_string() == eighty);
  Result<Decimal> too_precise = Decimal::parse("0." + std::string(80, '0') + "1");
  REQUIRE_FALSE(too_precise.ok());
  CHECK(too_precise.error().code == ErrorCode::precision);
  // Trailing zeros are not precision.
  CHECK(D("1." + std::string(200, '0')) == D("1"));
  CHECK(Decimal::parse("1." + std::string(400, '0') + "1").error().code == ErrorCode::precision);
}

TEST_CASE("10^18 units with 28 fractional digits are exact") {
  std::string text = "1" + std::string(18, '0') + "." + std::string(27, '0') + "1";
  Decimal value = D(text);
  CHECK(value.to_string() == text);
  Decimal doubled = testing::ok(add(value, value));
  CHECK(doubled.to_string() == "2" + std::string(18, '0') + "." + std::string(27, '0') + "2");
  CHECK(testing::ok(sub(doubled, value)) == value);
}

TEST_CASE("canonical printing") {
  CHECK(D("1.500").to_string() == "1.5");
  CHECK(D("100").to_string() == "100");
  CHECK(D("100.00").to_string() == "100");
  CHECK(D("-0.0").to_string() == "0");
  CHECK(Decimal().to_string() == "0");
  CHECK(testing::ok(Decimal::from_units(-5, 3)).to_string() == "-0.005");
  CHECK(testing::ok(Decimal::from_units(123, 0)).to_string() == "123");
  CHECK(testing::ok(D("1.5").to_string(4, RoundingMode::half_even)) == "1.5000");
  CHECK(testing::ok(D("-7").to_string(2, RoundingMode::half_even)) == "-7.00");
  CHECK(testing::ok(D("0.5").to_string(0, RoundingMode::half_even)) == "0");
  // A non-terminating value prints 40 places and "...", so it never passes for exact.
  Decimal third = testing::ok(div(D("1"), D("3")));
  CHECK(third.to_string() == "0." + std::string(40, '3') + "...");
  CHECK(testing::ok(div(D("-2"), D("3"))).to_string() == "-0." + std::string(39, '6') + "7...");
  // A big terminating value prints every digit.
  CHECK(testing::ok(div(D("1"), D("1024"))).to_string() == "0.0009765625");
  Decimal tiny_power = testing::ok(div(D("1"), D("1" + std::string(30, '0'))));
  CHECK(tiny_power.to_string() == "0." + std::string(29, '0') + "1");
}

TEST_CASE("printing a value just below the bound rounds past it without failing") {
  // 10^40 - 1/(3 * 10^79): within the bounds, but 40 places round it up to 10^40.
  Decimal tiny = testing::ok(div(testing::ok(Decimal::from_units(1, 79)), D("3")));
  Decimal value = testing::ok(add(D(std::string(40, '9')), testing::ok(sub(D("1"), tiny))));
  CHECK(value.to_string() == "1" + std::string(40, '0') + "." + std::string(40, '0') + "...");
  CHECK(testing::ok(value.to_string(2, RoundingMode::down)) == std::string(40, '9') + ".99");
  CHECK(testing::ok(value.to_string(2, RoundingMode::half_even)) == "1" + std::string(40, '0') + ".00");
  CHECK(value.round(2, RoundingMode::half_even).error().code == ErrorCode::overflow);
}

TEST_CASE("parse and print round-trip") {
  testing::Random random(20240404);
  for (int i = 0; i < 20000; ++i) {
    std::string text = random.decimal_text(1 + static_cast<int>(random.below(40)), static_cast<int>(random.below(40)));
    Decimal value = D(text);
    std::string printed = value.to_string();
    CAPTURE(text);
    CHECK(D(printed) == value);
    CHECK(D(printed).to_string() == printed);
    CHECK(printed.find('e') == std::string::npos);
    CHECK(printed != "-0");
    if (printed.find('.') != std::string::npos) CHECK(printed.back() != '0');
  }
}

TEST_CASE("from_units and from_int") {
  CHECK(Decimal::from_int(-42).to_string() == "-42");
  CHECK(Decimal::from_int(INT64_MIN).to_string() == "-9223372036854775808");
  CHECK(testing::ok(Decimal::from_units(INT64_MIN, 18)).to_string() == "-9.223372036854775808");
  CHECK(testing::ok(Decimal::from_units(1, 80)).to_string() == "0." + std::string(79, '0') + "1");
  CHECK_FALSE(Decimal::from_units(1, 81).ok());
  CHECK_FALSE(Decimal::from_units(1, -1).ok());
}

}  // namespace
}  // namespace accrue::num
