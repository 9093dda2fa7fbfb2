// Settlement periods by cadence (2026-03, 2026-Q1, 2026) and the windows of
// aggregations, all on calendar days without a time zone.
#include <fmt/format.h>

#include <charconv>

#include "data/civil_date.h"
#include "eval/calendar.h"

namespace accrue::eval {
namespace {

using data::CivilDate;

std::optional<int> digits(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::int32_t first_of(std::int32_t year, std::uint32_t month) {
  return data::days_from_civil(CivilDate{year, month, 1});
}

std::string label_for(std::int32_t first_day, std::string_view cadence) {
  CivilDate d = data::civil_from_days(first_day);
  if (cadence == "monthly") return fmt::format("{:04}-{:02}", d.year, d.month);
  if (cadence == "yearly") return fmt::format("{:04}", d.year);
  return fmt::format("{:04}-Q{}", d.year, (d.month - 1) / 3 + 1);
}

}  // namespace

std::int32_t month_start(std::int32_t day, std::int32_t months) {
  CivilDate d = data::civil_from_days(day);
  std::int64_t index = std::int64_t{d.year} * 12 + (d.month - 1) + months;
  std::int64_t year = index >= 0 ? index / 12 : (index - 11) / 12;
  auto month = static_cast<std::uint32_t>(index - year * 12 + 1);
  return first_of(static_cast<std::int32_t>(year), month);
}

std::int32_t add_months(std::int32_t day, std::int32_t months) {
  CivilDate d = data::civil_from_days(day);
  CivilDate start = data::civil_from_days(month_start(day, months));
  std::uint32_t last = data::days_in_month(start.year, start.month);
  start.day = d.day < last ? d.day : last;
  return data::days_from_civil(start);
}

int cadence_months(std::string_view cadence) {
  if (cadence == "monthly") return 1;
  if (cadence == "yearly") return 12;
  return 3;
}

std::string format_date(std::int32_t day) {
  char out[10];
  data::format_iso_date(day, out);
  return std::string(out, 10);
}

num::Result<Period> parse_period(std::string_view label, std::string_view cadence) {
  auto refuse = [&]() -> num::Result<Period> {
    std::string form = cadence == "monthly" ? "YYYY-MM, e.g. 2026-03"
                       : cadence == "yearly" ? "YYYY, e.g. 2026"
                                             : "YYYY-QN, e.g. 2026-Q1";
    return num::make_error(num::ErrorCode::parse,
                           fmt::format("period '{}' does not fit the plan's {} cadence: write it as {}", label,
                                       cadence.empty() ? "quarterly" : cadence, form));
  };
  auto year = label.size() >= 4 ? digits(label.substr(0, 4)) : std::nullopt;
  if (!year || *year < 1 || *year > 9998) return refuse();
  Period p;
  p.label = std::string(label);
  if (cadence == "yearly") {
    if (label.size() != 4) return refuse();
    p.first_day = first_of(*year, 1);
    p.last_day = first_of(*year + 1, 1) - 1;
    return p;
  }
  if (cadence == "monthly") {
    auto month = label.size() == 7 && label[4] == '-' ? digits(label.substr(5, 2)) : std::nullopt;
    if (!month || *month < 1 || *month > 12) return refuse();
    p.first_day = first_of(*year, static_cast<std::uint32_t>(*month));
    p.last_day = month_start(p.first_day, 1) - 1;
    return p;
  }
  if (cadence != "quarterly" && !cadence.empty()) return refuse();
  if (label.size() == 7 && label[4] == '-' && (label[5] == 'Q' || label[5] == 'q') &&
      (label[6] < '1' || label[6] > '4'))
    return num::make_error(num::ErrorCode::parse,
                           fmt::format("period '{}' names quarter {}, but quarters are Q1 to Q4", label, label[6]));
  if (label.size() == 7 && label[4] == '-' && label[5] != 'Q' && label[5] != 'q')
    return num::make_error(num::ErrorCode::parse,
                           fmt::format("period '{}' is a month, but the plan settles quarterly: write the quarter, "
                                       "e.g. 2026-Q1",
                                       label));
  if (label.size() != 7 || label[4] != '-' || label[5] != 'Q' || label[6] < '1' || label[6] > '4') return refuse();
  p.first_day = first_of(*year, static_cast<std::uint32_t>((label[6] - '1') * 3 + 1));
  p.last_day = month_start(p.first_day, 3) - 1;
  return p;
}

Period shift_period_months(const Period& p, std::string_view cadence, std::int32_t months) {
  CivilDate first = data::civil_from_days(p.first_day);
  CivilDate last = data::civil_from_days(p.last_day);
  std::int32_t span = (last.year - first.year) * 12 + static_cast<std::int32_t>(last.month) -
                      static_cast<std::int32_t>(first.month) + 1;
  Period out;
  out.first_day = month_start(p.first_day, months);
  out.last_day = month_start(out.first_day, span) - 1;
  out.label = label_for(out.first_day, cadence);
  return out;
}

Period shift_period(const Period& p, std::string_view cadence, int count) {
  return shift_period_months(p, cadence, -count * cadence_months(cadence));
}

bool window_range(const syntax::Window& window, const Period& period, DayRange& out) {
  out = DayRange{INT32_MIN, period.last_day};
  switch (window.kind) {
    case syntax::WindowKind::Period: out.first = period.first_day; return true;
    case syntax::WindowKind::All: return true;
    case syntax::WindowKind::PlanYear: {
      CivilDate d = data::civil_from_days(period.last_day);
      out.first = first_of(d.year, 1);
      return true;
    }
    case syntax::WindowKind::Since: {
      auto day = data::parse_iso_date(window.date);
      if (!day) return false;
      out.first = *day;
      return true;
    }
    case syntax::WindowKind::Last: {
      std::int64_t n = 0;
      auto [ptr, ec] = std::from_chars(window.count.data(), window.count.data() + window.count.size(), n);
      if (ec != std::errc() || ptr != window.count.data() + window.count.size() || n < 0 || n > 100000) return false;
      std::string_view unit = window.unit.text;
      if (unit == "day" || unit == "days") {
        out.first = period.last_day - static_cast<std::int32_t>(n) + 1;
        return true;
      }
      std::int64_t months = unit == "month" || unit == "months"       ? n
                            : unit == "quarter" || unit == "quarters" ? n * 3
                            : unit == "year" || unit == "years"       ? n * 12
                                                                      : -1;
      if (months < 0) return false;
      out.first = month_start(period.last_day, static_cast<std::int32_t>(1 - months));
      return true;
    }
  }
  return false;
}

}  // namespace accrue::eval
