// Calendar dates without a time zone, as days since 1970-01-01 (negative before).
// Parsing accepts only ISO `YYYY-MM-DD` naming a real calendar date, so that a
// date cell has exactly one meaning whatever the machine's TZ or locale.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace accrue::data {

struct CivilDate {
  std::int32_t year;
  std::uint32_t month;  // 1..12
  std::uint32_t day;    // 1..31
};

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
constexpr std::int32_t days_from_civil(CivilDate date) {
  const std::int32_t y = date.year - (date.month <= 2 ? 1 : 0);
  const std::int32_t era = (y >= 0 ? y : y - 399) / 400;
  const std::uint32_t yoe = static_cast<std::uint32_t>(y - era * 400);
  const std::uint32_t mp = (date.month + 9) % 12;
  const std::uint32_t doy = (153 * mp + 2) / 5 + date.day - 1;
  const std::uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int32_t>(doe) - 719468;
}

constexpr CivilDate civil_from_days(std::int32_t days) {
  const std::int32_t z = days + 719468;
  const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::uint32_t doe = static_cast<std::uint32_t>(z - era * 146097);
  const std::uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::uint32_t mp = (5 * doy + 2) / 153;
  const std::uint32_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::uint32_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int32_t y = static_cast<std::int32_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  return CivilDate{y, m, d};
}

constexpr bool is_leap_year(std::int32_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

constexpr std::uint32_t days_in_month(std::int32_t year, std::uint32_t month) {
  constexpr std::uint32_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// `YYYY-MM-DD` (four-digit year 0001..9999) naming a real date, else nothing.
std::optional<std::int32_t> parse_iso_date(std::string_view text);

// Writes exactly 10 characters `YYYY-MM-DD` to out (years 0001..9999).
void format_iso_date(std::int32_t days, char* out);

}  // namespace accrue::data
