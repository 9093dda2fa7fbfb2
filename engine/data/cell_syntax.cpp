#include "engine/data/cell_syntax.h"

#include <array>

namespace accrue::data {

namespace {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

constexpr std::array<std::int64_t, 19> kPowersOfTen = [] {
  std::array<std::int64_t, 19> powers{};
  std::int64_t p = 1;
  for (auto& power : powers) {
    power = p;
    if (p <= INT64_MAX / 10) p *= 10;
  }
  return powers;
}();

// Parses [+-]digits into a magnitude; `negative` reports the sign.
CellError parse_magnitude(std::string_view text, bool allow_point, std::uint64_t& magnitude,
                          std::int32_t& scale, bool& negative) {
  std::size_t pos = 0;
  negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    negative = text[pos] == '-';
    ++pos;
  }
  magnitude = 0;
  scale = 0;
  if (text.size() - pos <= 18) {
    // At most 18 digits cannot overflow: no range check per digit.
    bool any = false, point = false;
    for (; pos < text.size(); ++pos) {
      const char c = text[pos];
      if (is_digit(c)) {
        any = true;
        magnitude = magnitude * 10 + static_cast<std::uint64_t>(c - '0');
        scale += point ? 1 : 0;
      } else if (c == '.' && allow_point && !point) {
        point = true;
      } else {
        return CellError::Syntax;
      }
    }
    return any ? CellError::None : CellError::Syntax;
  }
  bool any_digit = false;
  bool seen_point = false;
  bool overflow = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (is_digit(c)) {
      any_digit = true;
      const auto digit = static_cast<std::uint64_t>(c - '0');
      // 10^19 > uint64 max / 10 is not the bound we need: int64 range is.
      if (magnitude > (static_cast<std::uint64_t>(INT64_MAX) - digit) / 10) {
        overflow = true;
      } else {
        magnitude = magnitude * 10 + digit;
      }
      if (seen_point) ++scale;
    } else if (c == '.' && allow_point && !seen_point) {
      seen_point = true;
    } else {
      return CellError::Syntax;
    }
  }
  if (!any_digit) return CellError::Syntax;
  if (scale > kMaxDecimalScale) return CellError::TooManyDecimals;
  if (overflow) return CellError::Overflow;
  return CellError::None;
}

}  // namespace

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

CellError parse_integer(std::string_view text, std::int64_t& out) {
  std::uint64_t magnitude = 0;
  std::int32_t scale = 0;
  bool negative = false;
  const CellError error = parse_magnitude(trim_blanks(text), false, magnitude, scale, negative);
  if (error != CellError::None) return error;
  out = negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
  return CellError::None;
}

CellError parse_decimal(std::string_view text, ScaledDecimal& out) {
  std::uint64_t magnitude = 0;
  bool negative = false;
  const CellError error = parse_magnitude(trim_blanks(text), true, magnitude, out.scale, negative);
  if (error != CellError::None) return error;
  out.units = negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
  return CellError::None;
}

CellError parse_percent(std::string_view text, ScaledDecimal& out) {
  text = trim_blanks(text);
  const bool has_sign = !text.empty() && text.back() == '%';
  if (has_sign) text = trim_blanks(text.substr(0, text.size() - 1));
  const CellError error = parse_decimal(text, out);
  if (error != CellError::None) return error;
  if (has_sign) {
    out.scale += 2;  // 12.5% = 12.5 / 100, exactly
    if (out.scale > kMaxDecimalScale) return CellError::TooManyDecimals;
  }
  return CellError::None;
}

CellError parse_money(std::string_view text, std::string_view currency, ScaledDecimal& out,
                      std::string_view& seen_currency) {
  text = trim_blanks(text);
  // A currency code is the trailing run of letters, separated by blanks.
  std::size_t end = text.size();
  while (end > 0 && is_upper(text[end - 1] & ~0x20)) --end;
  if (end < text.size()) {
    seen_currency = text.substr(end);
    const std::string_view amount = trim_blanks(text.substr(0, end));
    if (amount.size() == end) return CellError::Syntax;  // "12USD": no blank before the code
    const CellError error = parse_decimal(amount, out);
    if (error != CellError::None) return error;
    if (seen_currency.size() != 3 || !is_upper(seen_currency[0]) || !is_upper(seen_currency[1]) ||
        !is_upper(seen_currency[2]) || seen_currency != currency) {
      return CellError::Currency;
    }
    return CellError::None;
  }
  return parse_decimal(text, out);
}

CellError parse_bool(std::string_view text, std::uint8_t& out) {
  text = trim_blanks(text);
  auto equals_folded = [&](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
      if ((text[i] | 0x20) != word[i]) return false;
    }
    return true;
  };
  if (text == "1" || equals_folded("true")) {
    out = 1;
    return CellError::None;
  }
  if (text == "0" || equals_folded("false")) {
    out = 0;
    return CellError::None;
  }
  return CellError::Syntax;
}

void append_integer(std::int64_t value, std::string& out) {
  char buffer[24];
  char* end = buffer + sizeof buffer;
  char* p = end;
  // Work on the magnitude as unsigned so INT64_MIN has no overflow.
  std::uint64_t magnitude = value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (value < 0) *--p = '-';
  out.append(p, end);
}

void append_decimal(std::int64_t units, std::int32_t scale, std::string& out) {
  while (scale > 0 && units % 10 == 0) {
    units /= 10;
    --scale;
  }
  if (scale == 0) {
    append_integer(units, out);
    return;
  }
  std::uint64_t magnitude = units < 0 ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
  char buffer[48];
  char* end = buffer + sizeof buffer;
  char* p = end;
  for (std::int32_t i = 0; i < scale; ++i) {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  }
  *--p = '.';
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (units < 0) *--p = '-';
  out.append(p, end);
}

bool rescale(std::int64_t units, std::int32_t by, std::int64_t& out) {
  if (by <= 0) {
    out = units;
    return by == 0;
  }
  if (by > 18) return units == 0 ? (out = 0, true) : false;
  return !__builtin_mul_overflow(units, kPowersOfTen[static_cast<std::size_t>(by)], &out);
}

}  // namespace accrue::data
