// Deferral schedules: tranche shares total exactly 100% (E0502), `now` comes
// once and first and `after` tranches are in strictly increasing time
// (E0514), durations are positive whole counts of a known unit (E0513), and
// the policy words are ones the settlement understands (E0301).
//
// Ordering durations: days compare with days and months with months exactly
// (a quarter is 3 months, a year 12, so `12 months` == `1 year`). A month is
// 28 to 31 days, so a day-based duration is later than a month-based one only
// when it is later for every month length: d days > m months needs d > 31*m,
// and m months > d days needs 28*m > d. Anything in between depends on the
// calendar and is reported too, since the order of payments must not.
#include <fmt/format.h>

#include <array>

#include "check/literal_value.h"
#include "check/rule_checks.h"

namespace accrue::check {
namespace {

using diag::Code;
using syntax::ScheduleItem;
using syntax::ScheduleItemKind;

struct Length {
  bool in_months = false;  // else days
  num::Decimal count;      // whole months or days
};

struct TimeUnit {
  std::string_view singular, plural;
  bool in_months;
  std::int64_t factor;
};
constexpr std::array<TimeUnit, 4> kTimeUnits = {{
    {"day", "days", false, 1}, {"month", "months", true, 1}, {"quarter", "quarters", true, 3}, {"year", "years", true, 12}}};

std::string did_you_mean(std::string_view wrong, const std::vector<std::string>& words, std::string_view otherwise) {
  std::string close = diag::closest_name(wrong, words);
  if (!close.empty()) return fmt::format("did you mean '{}'?", close);
  return std::string(otherwise);
}

std::optional<Length> duration_length(const syntax::Duration& d, diag::Diagnostics& out) {
  const TimeUnit* unit = nullptr;
  for (const auto& u : kTimeUnits)
    if (d.unit.text == u.singular || d.unit.text == u.plural) unit = &u;
  if (!unit) {
    out.report(Code::E0513, d.unit.span, fmt::format("unknown time unit '{}'", d.unit.text),
               did_you_mean(d.unit.text, {"days", "months", "quarters", "years"},
                            "durations are in days, months, quarters or years"));
    return std::nullopt;
  }
  auto count = num::Decimal::parse(d.count);
  if (!count) return std::nullopt;
  if (count->sign() <= 0) {
    out.report(Code::E0513, d.span, fmt::format("duration {} {} is not positive", d.count, d.unit.text),
               "a deferral waits a positive time, such as 12 months");
    return std::nullopt;
  }
  auto scaled = num::mul(*count, num::Decimal::from_int(unit->factor));
  if (!scaled) return std::nullopt;
  if (!scaled->is_integer()) {
    out.report(Code::E0513, d.span,
               fmt::format("duration {} {} is not a whole number of {}", d.count, d.unit.text,
                           unit->in_months ? "months" : "days"),
               unit->in_months ? "write it in whole months, such as 18 months" : "write it in whole days");
    return std::nullopt;
  }
  return Length{unit->in_months, *scaled};
}

enum class Order { Later, NotLater, Unclear };

Order order_after(const Length& later, const Length& earlier) {
  if (later.in_months == earlier.in_months) return later.count > earlier.count ? Order::Later : Order::NotLater;
  auto times = [](const num::Decimal& v, std::int64_t k) {
    auto r = num::mul(v, num::Decimal::from_int(k));
    return r ? *r : v;
  };
  if (later.in_months) {  // m months after d days
    if (times(later.count, 28) > earlier.count) return Order::Later;
    if (times(later.count, 31) <= earlier.count) return Order::NotLater;
  } else {  // d days after m months
    if (later.count > times(earlier.count, 31)) return Order::Later;
    if (later.count <= times(earlier.count, 28)) return Order::NotLater;
  }
  return Order::Unclear;
}

std::string shown(const syntax::Duration& d) { return d.count + " " + d.unit.text; }

// A share written as a percent literal within 0%..100%; reports and returns
// nullopt otherwise.
std::optional<num::Decimal> literal_share(const syntax::Expr& share, std::string_view what, diag::Diagnostics& out) {
  auto value = literal_value(share);
  if (!value || value->kind != LiteralKind::Percent) {
    out.report(Code::E0401, share.span, fmt::format("{} must be a percent literal", what),
               "write the share as a percent, such as 25%");
    return std::nullopt;
  }
  if (value->value.sign() < 0 || value->value > num::Decimal::from_int(1)) {
    out.report(Code::E0510, share.span, fmt::format("{} {} is outside 0%..100%", what, show(*value)),
               "a share is between 0% and 100%");
  }
  return value->value;
}

void check_policy(const syntax::Name& policy, std::string_view what, const std::vector<std::string>& words,
                  diag::Diagnostics& out) {
  if (policy.text.empty()) return;  // a syntax error, already reported
  for (const auto& w : words)
    if (policy.text == w) return;
  std::string list = words[0];
  for (std::size_t i = 1; i < words.size(); ++i) list += (i + 1 == words.size() ? " or " : ", ") + words[i];
  out.report(Code::E0301, policy.span, fmt::format("unknown {} '{}'", what, policy.text),
             did_you_mean(policy.text, words, fmt::format("a {} is {}", what, list)));
}

void report_twice(const ScheduleItem& again, const ScheduleItem& first, std::string_view what,
                  diag::Diagnostics& out) {
  auto& d = out.report(Code::E0302, again.span, fmt::format("schedule has a second {}", what),
                       fmt::format("keep one {}", what));
  d.notes.push_back({first.span, "the first one is here"});
}

}  // namespace

void check_schedule(const syntax::Decl& decl, diag::Diagnostics& out) {
  const ScheduleItem *first_now = nullptr, *first_after = nullptr, *first_else = nullptr, *leaver = nullptr,
                     *transfer = nullptr, *previous = nullptr;
  std::optional<Length> previous_length;
  num::Decimal total;
  bool total_known = true;
  for (const auto& item : decl.schedule.items) {
    switch (item.kind) {
      case ScheduleItemKind::Now:
        if (first_now) {
          auto& d = out.report(Code::E0514, item.span, "schedule releases a 'now' tranche twice",
                               "put everything paid at once into one 'now' tranche");
          d.notes.push_back({first_now->span, "the first 'now' tranche is here"});
        } else if (first_after) {
          auto& d = out.report(Code::E0514, item.span, "the 'now' tranche comes after an 'after' tranche",
                               "write the 'now' tranche first");
          d.notes.push_back({first_after->span, "the first 'after' tranche is here"});
        }
        if (!first_now) first_now = &item;
        [[fallthrough]];
      case ScheduleItemKind::After: {
        if (item.kind == ScheduleItemKind::After) {
          if (!first_after) first_after = &item;
          if (auto length = duration_length(item.after, out)) {
            if (previous_length) {
              Order order = order_after(*length, *previous_length);
              if (order != Order::Later) {
                auto& d = out.report(
                    Code::E0514, item.after.span,
                    order == Order::NotLater
                        ? fmt::format("tranche after {} is not later than the tranche before it (after {})",
                                      shown(item.after), shown(previous->after))
                        : fmt::format("tranche after {} cannot be ordered against the tranche before it (after {}): "
                                      "a month has 28 to 31 days",
                                      shown(item.after), shown(previous->after)),
                    order == Order::NotLater ? "write 'after' tranches in strictly increasing time"
                                             : "write both durations in days, or both in months, quarters or years");
                d.notes.push_back({previous->after.span, "the tranche before it"});
              }
            }
            previous_length = length;
            previous = &item;
          }
        }
        if (!item.share) {
          total_known = false;
          break;
        }
        auto share = literal_share(*item.share, "tranche share", out);
        auto sum = share ? num::add(total, *share) : num::Result<num::Decimal>(num::Decimal());
        if (share && sum) total = *sum;
        else total_known = false;
        break;
      }
      case ScheduleItemKind::ElseForfeit:
      case ScheduleItemKind::ElseRollForward:
      case ScheduleItemKind::ElseRelease:
        if (first_else) report_twice(item, *first_else, "'else' outcome", out);
        else first_else = &item;
        if (item.kind == ScheduleItemKind::ElseRelease && item.share)
          (void)literal_share(*item.share, "release share", out);
        break;
      case ScheduleItemKind::Clawback:
        check_policy(item.policy, "clawback scope", {"paid", "all"}, out);
        if (item.has_within) (void)duration_length(item.after, out);
        break;
      case ScheduleItemKind::Leaver:
        if (leaver) report_twice(item, *leaver, "leaver policy", out);
        else leaver = &item;
        check_policy(item.policy, "leaver policy", {"forfeit", "keep", "accelerate"}, out);
        break;
      case ScheduleItemKind::Transfer:
        if (transfer) report_twice(item, *transfer, "transfer policy", out);
        else transfer = &item;
        check_policy(item.policy, "transfer policy", {"stay", "move", "split"}, out);
        if (item.share) {
          if (item.policy.text == "split") (void)literal_share(*item.share, "transfer share", out);
          else if (item.policy.text == "stay" || item.policy.text == "move")
            out.report(Code::E0401, item.share->span,
                       fmt::format("'transfer {}' takes no share", item.policy.text),
                       "only 'transfer split' names a share, such as 'transfer split 50%'");
        }
        break;
    }
  }
  if (total_known && total != num::Decimal::from_int(1)) {
    bool none = !first_now && !first_after;
    out.report(Code::E0502, decl.name.span,
               fmt::format("tranches of schedule '{}' total {}, not 100%", decl.name.text, show_percent(total)),
               none ? "add tranches, such as '100% now'"
                    : distance_to_whole(total, "tranche shares"));
  }
}

}  // namespace accrue::check
