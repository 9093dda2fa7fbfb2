#include "engine/data/cell_syntax.h"

#include <doctest/doctest.h>

using namespace accrue::data;

namespace {
std::string decimal_text(std::string_view cell) {
  ScaledDecimal value;
  if (parse_decimal(cell, value) != CellError::None) return "error";
  std::string out;
  append_decimal(value.units, value.scale, out);
  return out;
}
std::string percent_text(std::string_view cell) {
  ScaledDecimal value;
  if (parse_percent(cell, value) != CellError::None) return "error";
  std::string out;
  append_decimal(value.units, value.scale, out);
  return out;
}
}  // namespace

TEST_CASE("cells: integers") {
  std::int64_t value = 0;
  CHECK(parse_integer("42", value) == CellError::None);
  CHECK(value == 42);
  CHECK(parse_integer(" -7 ", value) == CellError::None);
  CHECK(value == -7);
  CHECK(parse_integer("+3", value) == CellError::None);
  CHECK(parse_integer("9223372036854775807", value) == CellError::None);
  CHECK(value == INT64_MAX);
  CHECK(parse_integer("9223372036854775808", value) == CellError::Overflow);
  CHECK(parse_integer("1.5", value) == CellError::Syntax);
  CHECK(parse_integer("1,000", value) == CellError::Syntax);
  CHECK(parse_integer("1e3", value) == CellError::Syntax);
  CHECK(parse_integer("-", value) == CellError::Syntax);
}

TEST_CASE("cells: decimals are exact and print canonically") {
  CHECK(decimal_text("12.50") == "12.5");
  CHECK(decimal_text("-0.07") == "-0.07");
  CHECK(decimal_text("100") == "100");
  CHECK(decimal_text("100.000") == "100");
  CHECK(decimal_text(".5") == "0.5");
  CHECK(decimal_text("5.") == "5");
  CHECK(decimal_text("0.123456789012345678") == "0.123456789012345678");
  CHECK(decimal_text("0.1234567890123456789") == "error");
  CHECK(decimal_text("1.2.3") == "error");
  CHECK(decimal_text("1e5") == "error");
  CHECK(decimal_text("NaN") == "error");
  CHECK(decimal_text("12,50") == "error");
  CHECK(decimal_text(".") == "error");
}

TEST_CASE("cells: percent is 12.5% or the fraction 0.125") {
  CHECK(percent_text("12.5%") == "0.125");
  CHECK(percent_text("12.5 %") == "0.125");
  CHECK(percent_text("0.125") == "0.125");
  CHECK(percent_text("100%") == "1");
  CHECK(percent_text("-3%") == "-0.03");
  CHECK(percent_text("%") == "error");
  CHECK(percent_text("12.5%%") == "error");
}

TEST_CASE("cells: money in the plan currency only") {
  ScaledDecimal value;
  std::string_view seen;
  CHECK(parse_money("12.50", "CNY", value, seen) == CellError::None);
  CHECK(value.units == 1250);
  CHECK(value.scale == 2);
  CHECK(parse_money("12.50 CNY", "CNY", value, seen) == CellError::None);
  CHECK(parse_money("-3 CNY", "CNY", value, seen) == CellError::None);
  CHECK(value.units == -3);
  CHECK(parse_money("12.50 USD", "CNY", value, seen) == CellError::Currency);
  CHECK(seen == "USD");
  CHECK(parse_money("12.50 cny", "CNY", value, seen) == CellError::Currency);
  CHECK(parse_money("12.50CNY", "CNY", value, seen) == CellError::Syntax);
  CHECK(parse_money("CNY", "CNY", value, seen) == CellError::Syntax);
  CHECK(parse_money("¥12.50", "CNY", value, seen) == CellError::Syntax);
}

TEST_CASE("cells: booleans") {
  std::uint8_t value = 2;
  for (const char* yes : {"true", "TRUE", "True", "1", " true "}) {
    CHECK(parse_bool(yes, value) == CellError::None);
    CHECK(value == 1);
  }
  for (const char* no : {"false", "FALSE", "0"}) {
    CHECK(parse_bool(no, value) == CellError::None);
    CHECK(value == 0);
  }
  for (const char* neither : {"yes", "no", "2", "t", ""}) CHECK(parse_bool(neither, value) == CellError::Syntax);
}

TEST_CASE("cells: integer text covers the whole int64 range") {
  std::string out;
  append_integer(INT64_MIN, out);
  CHECK(out == "-9223372036854775808");
  std::int64_t scaled = 0;
  CHECK(rescale(12, 2, scaled));
  CHECK(scaled == 1200);
  CHECK_FALSE(rescale(INT64_MAX / 10, 2, scaled));
}
