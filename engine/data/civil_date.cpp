#include "engine/data/civil_date.h"

namespace accrue::data {

namespace {
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::optional<std::int32_t> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!is_digit(text[i])) return std::nullopt;
  }
  auto digit = [&](std::size_t i) { return static_cast<std::uint32_t>(text[i] - '0'); };
  const auto year = static_cast<std::int32_t>(digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3));
  const std::uint32_t month = digit(5) * 10 + digit(6);
  const std::uint32_t day = digit(8) * 10 + digit(9);
  if (year == 0 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    return std::nullopt;
  }
  return days_from_civil(CivilDate{year, month, day});
}

void format_iso_date(std::int32_t days, char* out) {
  const CivilDate date = civil_from_days(days);
  auto year = static_cast<std::uint32_t>(date.year);
  out[0] = static_cast<char>('0' + year / 1000 % 10);
  out[1] = static_cast<char>('0' + year / 100 % 10);
  out[2] = static_cast<char>('0' + year / 10 % 10);
  out[3] = static_cast<char>('0' + year % 10);
  out[4] = '-';
  out[5] = static_cast<char>('0' + date.month / 10);
  out[6] = static_cast<char>('0' + date.month % 10);
  out[7] = '-';
  out[8] = static_cast<char>('0' + date.day / 10);
  out[9] = static_cast<char>('0' + date.day % 10);
}

}  // namespace accrue::data
