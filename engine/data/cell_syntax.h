// How one cell's text becomes a typed value, and back to canonical text.
// These are the only spellings accrue accepts in data files (docs/data.md):
// integers and decimals are plain ASCII digits with an optional sign and
// point (no exponent, no thousands separators, so a value cannot depend on a
// locale); blanks around non-text values are ignored. Parsing allocates nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace accrue::data {

enum class CellError : std::uint8_t {
  None,
  Syntax,          // not a value of the type at all
  Overflow,        // too many digits for the exact fast path
  TooManyDecimals, // more than kMaxDecimalScale digits after the point
  Currency,        // money in another currency (or a malformed code)
};

inline constexpr std::int32_t kMaxDecimalScale = 18;

// A decimal as integer units at a scale: value = units / 10^scale.
struct ScaledDecimal {
  std::int64_t units = 0;
  std::int32_t scale = 0;
};

std::string_view trim_blanks(std::string_view text);

CellError parse_integer(std::string_view text, std::int64_t& out);
CellError parse_decimal(std::string_view text, ScaledDecimal& out);
// `12.5%` is 0.125; a bare `0.125` is the fraction itself.
CellError parse_percent(std::string_view text, ScaledDecimal& out);
// `12.50` (plan currency implied) or `12.50 CNY`; on CellError::Currency,
// `seen_currency` holds the code that was written.
CellError parse_money(std::string_view text, std::string_view currency, ScaledDecimal& out,
                      std::string_view& seen_currency);
// true/false in any letter case, or 1/0.
CellError parse_bool(std::string_view text, std::uint8_t& out);

// Shortest exact text of units/10^scale: no trailing zeros after the point,
// no point for whole numbers ("12.5", "-3", "0.07"). Appends to out.
void append_decimal(std::int64_t units, std::int32_t scale, std::string& out);
void append_integer(std::int64_t value, std::string& out);

// Multiplies by 10^by; false on int64 overflow.
bool rescale(std::int64_t units, std::int32_t by, std::int64_t& out);

}  // namespace accrue::data
