// Decimal <-> text. Parsing is strict on purpose: the loader decides what a
// column may contain, so anything that is not plainly [-]digits[.digits][%]
// is an error that names the first offending position (1-based).
#include <algorithm>
#include <cstdint>

#include "big.h"
#include "decimal.h"

namespace accrue::num {

namespace {

// Sanity limits that keep absurd inputs from reaching the big-number code;
// the exact bounds are checked afterwards by detail::bounded.
constexpr std::size_t kMaxParsedIntegerDigits = kMaxIntegerDigits + 2;  // +2: a percent divides by 100
constexpr std::size_t kMaxParsedFractionDigits = 300;  // 2^266 > 10^80: longer cannot be in bounds

std::string quoted(std::string_view text) {
  std::string out = "\"";
  std::size_t shown = std::min<std::size_t>(text.size(), 40);
  for (std::size_t i = 0; i < shown; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (shown < text.size()) out += "...";
  return out + "\"";
}

std::string describe_char(char raw) {
  auto c = static_cast<unsigned char>(raw);
  if (c == ' ') return "space";
  if (c == '\t') return "tab";
  if (c == '\n' || c == '\r') return "line break";
  if (c >= 0x21 && c < 0x7f) return std::string("'") + raw + "'";
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string("byte 0x") + kHex[c >> 4] + kHex[c & 15];
}

// Why a character is not accepted, for the common mistakes.
std::string hint_for(char c) {
  switch (c) {
    case 'e': case 'E': return " (exponent notation is not accepted)";
    case ',': return " (the decimal separator is '.', and thousands separators are not accepted)";
    case 'x': case 'X': return " (hexadecimal is not accepted)";
    case '+': return " (write positive numbers without a sign)";
    case ' ': case '\t': case '\n': case '\r': return " (numbers may not be padded with whitespace)";
    default: return "";
  }
}

Error parse_error(std::string_view text, std::string detail) {
  return make_error(ErrorCode::parse, "invalid number " + quoted(text) + ": " + std::move(detail));
}

Error unexpected(std::string_view text, std::size_t index) {
  return parse_error(text, "unexpected " + describe_char(text[index]) + " at position " +
                               std::to_string(index + 1) + hint_for(text[index]));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "-" + digits with a point `scale` places from the right.
std::string place_point(std::string digits, bool negative, int scale) {
  if (scale > 0) {
    if (digits.size() <= static_cast<std::size_t>(scale)) {
      digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<std::size_t>(scale), 1, '.');
  }
  return negative ? "-" + digits : digits;
}

// Drops trailing fractional zeros (and the point if nothing is left after it).
std::string canonical_text(std::string digits, bool negative, int scale) {
  while (scale > 0 && digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
    --scale;
  }
  bool is_zero = digits == "0";
  if (is_zero) scale = 0;
  return place_point(std::move(digits), negative && !is_zero, scale);
}

std::string small_digits(std::int64_t units) {
  // The small form never holds INT64_MIN, so the magnitude is representable.
  return std::to_string(units < 0 ? -units : units);
}

}  // namespace

Result<Decimal> Decimal::parse(std::string_view text) {
  if (text.empty()) return parse_error(text, "empty text");
  std::size_t pos = 0;
  bool negative = text[0] == '-';
  if (negative) ++pos;
  std::size_t int_begin = pos;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  std::string_view int_digits = text.substr(int_begin, pos - int_begin);
  if (int_digits.empty()) {
    if (pos == text.size()) return parse_error(text, "no digits after '-'");
    if (text[pos] == '.') return parse_error(text, "missing digits before '.' at position " + std::to_string(pos + 1));
    return unexpected(text, pos);
  }
  std::string_view frac_digits;
  if (pos < text.size() && text[pos] == '.') {
    std::size_t frac_begin = ++pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    frac_digits = text.substr(frac_begin, pos - frac_begin);
    if (frac_digits.empty()) {
      if (pos == text.size()) return parse_error(text, "missing digits after '.' at position " + std::to_string(pos));
      return unexpected(text, pos);
    }
  }
  bool percent = pos < text.size() && text[pos] == '%';
  if (percent) ++pos;
  if (pos != text.size()) return unexpected(text, pos);

  while (int_digits.size() > 1 && int_digits.front() == '0') int_digits.remove_prefix(1);
  while (!frac_digits.empty() && frac_digits.back() == '0') frac_digits.remove_suffix(1);
  if (int_digits == "0") int_digits = {};
  if (int_digits.size() > kMaxParsedIntegerDigits) {
    return make_error(ErrorCode::overflow, "number " + quoted(text) + " has " + std::to_string(int_digits.size()) +
                                               " integer digits; exact numbers stay below 10^" +
                                               std::to_string(kMaxIntegerDigits));
  }
  if (frac_digits.size() > kMaxParsedFractionDigits) {
    return make_error(ErrorCode::precision, "number " + quoted(text) + " has " + std::to_string(frac_digits.size()) +
                                                " decimal places; exact numbers have a denominator of at most 10^" +
                                                std::to_string(kMaxDenominatorDigits));
  }
  int scale = static_cast<int>(frac_digits.size()) + (percent ? 2 : 0);
  std::string digits = std::string(int_digits) + std::string(frac_digits);
  std::size_t leading = digits.find_first_not_of('0');
  digits.erase(0, leading == std::string::npos ? digits.size() : leading);
  if (digits.size() <= 18 && scale <= kSmallMaxScale) {
    std::int64_t units = 0;
    for (char c : digits) units = units * 10 + (c - '0');
    return Decimal::small(negative ? -units : units, scale);
  }
  BigInt units(digits);
  if (negative) units = -units;
  return detail::bounded(Rational(units, detail::pow10_big(scale)), "number " + quoted(text));
}

std::string Decimal::to_string() const {
  if (!big_) return canonical_text(small_digits(units_), units_ < 0, scale_);
  const Rational q = big_->exact();
  std::optional<int> scale = detail::terminating_scale(denominator(q));
  if (!scale) return *to_string(kDisplayScale, RoundingMode::half_even) + "...";
  return canonical_text(detail::scaled_digits(q, *scale), sign() < 0, *scale);
}

Result<std::string> Decimal::to_string(int scale, RoundingMode mode) const {
  if (!big_) {
    Result<Decimal> rounded = round(scale, mode);  // small stays small: never out of bounds
    if (!rounded) return rounded.error();
    const Decimal& r = *rounded;
    return place_point(small_digits(r.units_) + std::string(static_cast<std::size_t>(scale - r.scale_), '0'),
                       r.units_ < 0, scale);
  }
  if (scale < 0 || scale > kMaxScale) {
    return make_error(ErrorCode::invalid_argument,
                      "scale " + std::to_string(scale) + " is outside 0.." + std::to_string(kMaxScale));
  }
  // Text only, so no bound applies: 10^40 - 10^-79 printed to 2 places is 10^40.
  const Rational q = big_->exact();
  BigInt units = detail::divide_rounded_big(numerator(q) * detail::pow10_big(scale), denominator(q), mode);
  bool negative = units < 0;
  if (negative) units = -units;
  return place_point(units.str(), negative, scale);
}

}  // namespace accrue::num
