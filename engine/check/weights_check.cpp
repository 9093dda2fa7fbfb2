// E0501: each weight set of a scorecard totals exactly 100%. The default
// dimensions form one set and every `when` variant replaces it as a whole, so
// each variant is its own set. Weights are added as exact decimals.
#include <fmt/format.h>

#include <map>

#include "check/literal_value.h"
#include "check/rule_checks.h"

namespace accrue::check {
namespace {

using diag::Code;
using diag::Span;

void check_weight_set(const std::vector<syntax::Dimension>& dimensions, const std::string& set_name, Span where,
                      diag::Diagnostics& out) {
  num::Decimal total;
  bool exact = true;
  std::map<std::string, const syntax::WeightedKpi*> seen;
  for (const auto& dimension : dimensions) {
    for (const auto& kpi : dimension.kpis) {
      auto [first, inserted] = seen.emplace(kpi.kpi.text, &kpi);
      if (!inserted) {
        auto& d = out.report(Code::E0302, kpi.kpi.span,
                             fmt::format("KPI '{}' is listed twice in {}", kpi.kpi.text, set_name),
                             "list each KPI once and give it the combined weight");
        d.notes.push_back({first->second->kpi.span, "first listed here"});
      }
      auto weight = percent_digits(kpi.weight);
      auto sum = weight ? num::add(total, *weight) : num::Result<num::Decimal>(num::Decimal());
      if (!weight || !sum) {
        exact = false;  // the lexer only admits digits; a failure here is a bound, not a plan error
        continue;
      }
      total = *sum;
    }
  }
  if (exact && total != num::Decimal::from_int(1)) {
    out.report(Code::E0501, where, fmt::format("weights of {} total {}, not 100%", set_name, show_percent(total)),
               dimensions.empty() ? "give this set its dimensions and weighted KPIs"
                                  : distance_to_whole(total, "weights"));
  }
}

}  // namespace

void check_scorecard_weights(const syntax::Decl& decl, diag::Diagnostics& out) {
  const auto& card = decl.scorecard;
  check_weight_set(card.dimensions, fmt::format("scorecard '{}'", decl.name.text), decl.name.span, out);
  for (const auto& variant : card.variants) {
    // Point at `when CONDITION`, not at the whole block.
    Span header = variant.condition ? span_through(variant.span, variant.condition->span) : variant.span;
    check_weight_set(variant.dimensions, "this variant", header, out);
  }
}

}  // namespace accrue::check
