// Grades (E0507): threshold grades list strictly decreasing lower bounds from
// the first arm to the last; percentile grades list cumulative `top` shares
// that strictly increase and stay within 0%..100%; both end with one `else`
// arm that catches the rest.
#include <fmt/format.h>

#include "check/literal_value.h"
#include "check/rule_checks.h"

namespace accrue::check {
namespace {

using diag::Code;
using syntax::GradeArm;
using syntax::GradeArmKind;

void check_else_arms(const syntax::Expr& grade, diag::Diagnostics& out) {
  const GradeArm* first_else = nullptr;
  for (std::size_t i = 0; i < grade.arms.size(); ++i) {
    const GradeArm& arm = grade.arms[i];
    if (arm.kind != GradeArmKind::Else) continue;
    if (first_else) {
      auto& d = out.report(Code::E0507, arm.span, "grade has a second 'else' arm", "keep one 'else' arm, last");
      d.notes.push_back({first_else->span, "the first 'else' arm"});
    } else if (i + 1 != grade.arms.size()) {
      out.report(Code::E0507, arm.span, "the 'else' arm must be the last arm",
                 "move it to the end: arms after it could never be reached");
    }
    if (!first_else) first_else = &arm;
  }
  if (!first_else)
    out.report(Code::E0507, grade.span, "grade has no 'else' arm",
               grade.by_percentile ? "end with an arm such as 'else C' for the rest"
                                   : "end with an arm such as 'else C' for values below every threshold");
}

}  // namespace

void check_grade(const syntax::Expr& grade, diag::Diagnostics& out) {
  check_else_arms(grade, out);
  const GradeArm* previous = nullptr;
  std::optional<LiteralValue> previous_value;
  for (const GradeArm& arm : grade.arms) {
    if (arm.kind == GradeArmKind::Else || !arm.bound) continue;
    bool top = arm.kind == GradeArmKind::Top;
    if (top != grade.by_percentile) {
      out.report(Code::E0507, arm.span,
                 top ? fmt::format("arm '{}' uses 'top' in a grade by threshold", arm.label.text)
                     : fmt::format("arm '{}' uses '>=' in a grade by percentile", arm.label.text),
                 top ? "rank by share with 'grade VALUE by percentile { A top 20%, ... }'"
                     : "in a grade by percentile every arm is 'LABEL top SHARE'");
      continue;
    }
    auto value = literal_value(*arm.bound);
    if (!value) continue;
    if (top) {
      if (value->kind != LiteralKind::Percent) continue;
      if (value->value.sign() <= 0 || value->value > num::Decimal::from_int(1)) {
        out.report(Code::E0507, arm.bound->span,
                   fmt::format("share of '{}' (top {}) is outside 0%..100%", arm.label.text, show(*value)),
                   "a 'top' share is above 0% and at most 100%");
        continue;
      }
    }
    if (previous_value && orderable(*previous_value, *value)) {
      auto order = compare(*value, *previous_value);
      if (top && order <= 0) {
        auto& d = out.report(Code::E0507, arm.bound->span,
                             fmt::format("share of '{}' (top {}) does not exceed '{}' (top {})", arm.label.text,
                                         show(*value), previous->label.text, show(*previous_value)),
                             "shares are cumulative: each arm's 'top' share is larger than the one before");
        d.notes.push_back({previous->bound->span, fmt::format("the share of '{}'", previous->label.text)});
      } else if (!top && order >= 0) {
        auto& d = out.report(Code::E0507, arm.bound->span,
                             fmt::format("threshold of '{}' ({}) is not below '{}' ({})", arm.label.text,
                                         show(*value), previous->label.text, show(*previous_value)),
                             "thresholds must strictly decrease from the first arm to the last");
        d.notes.push_back({previous->bound->span, fmt::format("the threshold of '{}'", previous->label.text)});
      }
    }
    previous = &arm;
    previous_value = value;
  }
}

}  // namespace accrue::check
