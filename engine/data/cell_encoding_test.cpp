// The hash's cell spellings must equal the canonical text (append_decimal,
// append_integer) byte for byte, or content hashes would change.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "engine/data/cell_encoding.h"
#include "engine/data/cell_syntax.h"

using namespace accrue::data;

namespace {

std::string expected_cell(const std::string& text) { return std::string(1, static_cast<char>(text.size() + 1)) + text; }

std::string written(const char* begin, const char* end) { return std::string(begin, end); }

}  // namespace

TEST_CASE("cell encoding: decimals and integers spell their canonical text") {
  const std::int64_t samples[] = {0, 1, -1, 5, 10, 100, 1200, -1200, 125, 7, 81770, 9999999999,
                                  123456789012345678, -123456789012345678, INT64_MAX, INT64_MIN + 1,
                                  // around the eight-digit fast path
                                  99999999, -99999999, 100000000, 10000000, 12345678, 90000000, 10100, 3000000};
  char buffer[64];
  for (const std::int64_t units : samples) {
    for (std::int32_t scale = 0; scale <= 18; ++scale) {
      std::string text;
      append_decimal(units, scale, text);
      const char* end = write_decimal_cell(units, scale, buffer);
      CAPTURE(units);
      CAPTURE(scale);
      CHECK(written(buffer, end) == expected_cell(text));
    }
    std::string text;
    append_integer(units, text);
    CHECK(written(buffer, write_integer_cell(units, buffer)) == expected_cell(text));
  }
  std::string text;
  append_integer(INT64_MIN, text);
  CHECK(written(buffer, write_integer_cell(INT64_MIN, buffer)) == expected_cell(text));
  CHECK(written(buffer, write_date_cell(19782, buffer)) == expected_cell("2024-02-29"));
}

TEST_CASE("cell encoding: encoded texts, fixed stride and back to back") {
  EncodedTexts short_texts;
  short_texts.add("C001");
  short_texts.add("");
  short_texts.add("x");
  short_texts.seal();
  CHECK(short_texts.size() == 3);
  CHECK(short_texts[0] == expected_cell("C001"));
  CHECK(short_texts[1] == expected_cell(""));
  CHECK(short_texts[2] == expected_cell("x"));

  const std::string long_text(300, 'y');  // a two-byte LEB128 length: no fixed stride fits
  EncodedTexts mixed;
  mixed.add("a");
  mixed.add(long_text);
  mixed.seal();
  CHECK(mixed[0] == expected_cell("a"));
  CHECK(mixed[1] == std::string("\xAD\x02", 2) + long_text);  // 301 = 0x12D
}

TEST_CASE("cell encoding: every short amount spells its canonical text") {
  char buffer[64];
  for (std::int64_t units = -30000; units <= 30000; ++units) {
    for (const std::int32_t scale : {0, 2, 3, 9}) {
      std::string text;
      append_decimal(units, scale, text);
      const char* end = write_decimal_cell(units, scale, buffer);
      CAPTURE(units);
      CAPTURE(scale);
      REQUIRE(written(buffer, end) == expected_cell(text));
    }
  }
}
