#include "engine/data/civil_date.h"

#include <doctest/doctest.h>

#include <string>

using namespace accrue::data;

TEST_CASE("civil dates: known days since 1970-01-01") {
  CHECK(parse_iso_date("1970-01-01") == 0);
  CHECK(parse_iso_date("1969-12-31") == -1);
  CHECK(parse_iso_date("2000-03-01") == 11017);
  CHECK(parse_iso_date("2026-03-31") == 20543);
}

TEST_CASE("civil dates: only real calendar dates in YYYY-MM-DD") {
  CHECK(parse_iso_date("2024-02-29").has_value());
  CHECK(parse_iso_date("2000-02-29").has_value());
  CHECK_FALSE(parse_iso_date("2023-02-29").has_value());
  CHECK_FALSE(parse_iso_date("1900-02-29").has_value());
  CHECK_FALSE(parse_iso_date("2026-04-31").has_value());
  CHECK_FALSE(parse_iso_date("2026-13-01").has_value());
  CHECK_FALSE(parse_iso_date("2026-00-10").has_value());
  CHECK_FALSE(parse_iso_date("2026-01-00").has_value());
  CHECK_FALSE(parse_iso_date("0000-01-01").has_value());
  CHECK_FALSE(parse_iso_date("2026-1-05").has_value());
  CHECK_FALSE(parse_iso_date("2026/01/05").has_value());
  CHECK_FALSE(parse_iso_date("05.01.2026").has_value());
  CHECK_FALSE(parse_iso_date("2026-01-05T00:00").has_value());
  CHECK_FALSE(parse_iso_date("").has_value());
}

TEST_CASE("civil dates: format is the inverse of parse over four centuries") {
  const std::int32_t first = *parse_iso_date("1900-01-01");
  const std::int32_t last = *parse_iso_date("2300-12-31");
  char text[10];
  for (std::int32_t days = first; days <= last; ++days) {
    format_iso_date(days, text);
    const auto back = parse_iso_date(std::string_view(text, 10));
    REQUIRE(back.has_value());
    REQUIRE(*back == days);
  }
}
