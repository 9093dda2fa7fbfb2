// The name-and-type pass, in order: header, symbols, a quiet run over
// params/tables/measures to learn their dependencies, cycles and evaluation
// order, the real run in that order, then payouts, rules and schedules, and
// finally unused declarations.
#include "check/resolve.h"

#include "check/resolver.h"

namespace accrue::check {

void resolve_and_type(Plan& plan, const diag::SourceMap& sources, diag::Diagnostics& diagnostics) {
  // One entry per expression node: reserving up front (a node per ~6 bytes
  // of plan text is an upper bound in practice) spares the rehashes.
  std::size_t text_bytes = 0;
  for (const auto& m : plan.modules) text_bytes += sources.file(m.file).text.size();
  plan.exprs.reserve(text_bytes / 6);
  detail::Resolver rs(plan, sources, diagnostics);
  rs.check_header();
  rs.declare_all();
  std::uint32_t nodes = rs.node_count();
  rs.quiet = true;
  for (std::uint32_t v = 0; v < nodes; ++v) rs.type_node(v);
  rs.quiet = false;
  std::vector<std::uint32_t> order;
  rs.order_and_report_cycles(order);
  for (auto v : order) rs.type_node(v);
  rs.resolve_payouts_and_rules();
  rs.report_unused();

  std::uint32_t m = static_cast<std::uint32_t>(plan.measures.size());
  std::uint32_t p = static_cast<std::uint32_t>(plan.params.size());
  for (auto v : order) {
    EvaluationStep step;
    if (v < m) {
      step = {EvaluationStep::Kind::Measure, v};
      if (plan.measures[v].subject != kNoId) plan.records[plan.measures[v].subject].measures.push_back(v);
    } else if (v < m + p) {
      step = {EvaluationStep::Kind::Param, v - m};
    } else {
      step = {EvaluationStep::Kind::Table, v - m - p};
    }
    plan.evaluation_order.push_back(step);
  }
}

}  // namespace accrue::check
