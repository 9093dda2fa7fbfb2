// Effective-dated params (E0504): each value is in force over [from, until],
// both days included, `until` absent meaning open-ended. Two ranges of one
// param must not share a day, a range must not end before it starts, and at
// most one value may lack `from` (it is the fallback for days no range
// covers, so it never overlaps a dated value). A date that does not exist on
// the calendar is E0108, reported by name resolution (resolve_decls.cpp);
// such a value is left out of the range checks here.
#include <fmt/format.h>

#include "check/literal_value.h"
#include "check/rule_checks.h"

namespace accrue::check {
namespace {

using diag::Code;
using syntax::DatedValue;

struct EffectiveRange {
  const DatedValue* value;
  diag::Span span;  // from the `from` date to the `until` date
};

std::string shown(const DatedValue& v) {
  if (v.until) return fmt::format("from {} until {}", *v.from, *v.until);
  return fmt::format("from {} (open-ended)", *v.from);
}

// ISO dates order as text; an open end is after every date.
bool overlap(const DatedValue& a, const DatedValue& b) {
  bool a_starts_first = !b.until || *a.from <= *b.until;
  bool b_starts_first = !a.until || *b.from <= *a.until;
  return a_starts_first && b_starts_first;
}

}  // namespace

void check_param_dates(const syntax::Decl& decl, diag::Diagnostics& out) {
  const DatedValue* fallback = nullptr;
  std::vector<EffectiveRange> ranges;
  for (const auto& value : decl.param.values) {
    if (!value.from) {
      if (fallback) {
        auto& d = out.report(Code::E0504, value.value->span,
                             fmt::format("param '{}' has a second value without 'from'", decl.name.text),
                             "only one value may lack 'from': it applies on days no dated value covers");
        d.notes.push_back({fallback->value->span, "the first value without 'from'"});
      } else {
        fallback = &value;
      }
      continue;
    }
    if (!is_calendar_date(*value.from) || (value.until && !is_calendar_date(*value.until))) continue;
    if (value.until && *value.until < *value.from) {
      out.report(Code::E0504, value.until_span,
                 fmt::format("effective range ends ({}) before it starts ({})", *value.until, *value.from),
                 "'until' is the last day the value is in force, on or after 'from'");
      continue;
    }
    ranges.push_back({&value, value.until ? span_through(value.from_span, value.until_span) : value.from_span});
  }
  for (std::size_t j = 1; j < ranges.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      if (!overlap(*ranges[i].value, *ranges[j].value)) continue;
      auto& d = out.report(Code::E0504, ranges[j].span,
                           fmt::format("param '{}': the value {} overlaps the value {}", decl.name.text,
                                       shown(*ranges[j].value), shown(*ranges[i].value)),
                           "each day may have one value: end one range the day before the other starts");
      d.notes.push_back({ranges[i].span, "the other range"});
    }
  }
}

}  // namespace accrue::check
