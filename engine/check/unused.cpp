// W0101: declarations of the root plan nothing refers to. Imported modules
// are libraries, so their unused parts are expected; payouts and rules are
// what a plan is for, so they are never unused.
#include <fmt/format.h>

#include "check/resolver.h"

namespace accrue::check::detail {

void Resolver::report_unused() {
  if (plan.is_module_only || plan.modules.empty()) return;
  const syntax::Module* root = &plan.modules.front();
  auto in_root = [&](const Decl* d) { return d >= root->decls.data() && d < root->decls.data() + root->decls.size(); };
  auto warn = [&](const Decl* d, std::string_view kind) {
    if (!in_root(d)) return;
    report(Code::W0101, d->name.span, fmt::format("{} '{}' is never used", kind, d->name.text),
           "use it in a measure, rule or payout, or remove it");
  };
  for (std::size_t i = 0; i < plan.records.size(); ++i)
    if (!used_records[i]) warn(plan.records[i].decl, syntax::record_kind_name(plan.records[i].kind));
  for (std::size_t i = 0; i < plan.params.size(); ++i)
    if (!used_params[i]) warn(plan.params[i].decl, "param");
  for (std::size_t i = 0; i < plan.tables.size(); ++i)
    if (!used_tables[i]) warn(plan.tables[i].decl, "table");
  for (std::size_t i = 0; i < plan.schedules.size(); ++i)
    if (!used_schedules[i]) warn(plan.schedules[i].decl, "schedule");
  for (std::size_t i = 0; i < plan.measures.size(); ++i) {
    if (used_measures[i]) continue;
    switch (plan.measures[i].kind) {
      case MeasureKind::Measure: warn(plan.measures[i].decl, "measure"); break;
      case MeasureKind::Target: warn(plan.measures[i].decl, "target"); break;
      case MeasureKind::Scorecard: warn(plan.measures[i].decl, "scorecard"); break;
      case MeasureKind::Situation: warn(plan.measures[i].decl, "situation"); break;
    }
  }
}

}  // namespace accrue::check::detail
