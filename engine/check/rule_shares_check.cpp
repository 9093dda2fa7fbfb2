// Shares written on rules (E0510): a veto cut and a concentration's warning
// line and cap are percents within 0%..100%; a warning line above its cap
// would never be seen before the cap acts (W0104). Only literal percents are
// judged here; other types are the type checker's.
#include <fmt/format.h>

#include "check/literal_value.h"
#include "check/rule_checks.h"

namespace accrue::check {
namespace {

using diag::Code;

// The percent a literal share holds when it is within 0%..100%.
std::optional<num::Decimal> share_in_range(const syntax::ExprPtr& share, std::string_view what, std::string_view help,
                                           diag::Diagnostics& out) {
  if (!share) return std::nullopt;
  auto value = literal_value(*share);
  if (!value || value->kind != LiteralKind::Percent) return std::nullopt;
  if (value->value.sign() < 0 || value->value > num::Decimal::from_int(1)) {
    out.report(Code::E0510, share->span, fmt::format("{} {} is outside 0%..100%", what, show(*value)),
               std::string(help));
    return std::nullopt;
  }
  return value->value;
}

}  // namespace

void check_rule_shares(const syntax::Decl& decl, diag::Diagnostics& out) {
  if (decl.kind == syntax::DeclKind::Veto) {
    (void)share_in_range(decl.veto.cut, "veto cut", "a cut removes a share of the payout, 0% to 100% ('zero' removes all)",
                         out);
    return;
  }
  if (decl.kind != syntax::DeclKind::Concentration) return;
  const auto& rule = decl.concentration;
  auto warn = share_in_range(rule.warn, "concentration warning line",
                             "the warning line is the share of one customer in the total, 0% to 100%", out);
  auto cap = share_in_range(rule.cap, "concentration cap",
                            "the cap is the largest share one customer may have, 0% to 100%", out);
  if (warn && cap && *warn > *cap) {
    auto& d = out.report(Code::W0104, rule.warn->span,
                         fmt::format("warning line {} is above the cap {}", show_percent(*warn), show_percent(*cap)),
                         "warn below the cap, so the warning comes before the cap acts");
    d.notes.push_back({rule.cap->span, "the cap"});
  }
}

}  // namespace accrue::check
