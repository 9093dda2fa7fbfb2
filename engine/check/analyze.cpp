#include "check/analyze.h"

#include "check/plan_rules.h"
#include "check/resolve.h"

namespace accrue::check {

// The semantic passes, in order. Each reports into the same list; later
// passes tolerate what earlier ones flagged.
std::shared_ptr<Plan> analyze(std::vector<syntax::Module> modules, const diag::SourceMap& sources,
                              diag::Diagnostics& diagnostics) {
  auto plan = std::make_shared<Plan>();
  plan->is_module_only = modules.empty() || !modules.front().header;
  plan->modules = std::move(modules);
  resolve_and_type(*plan, sources, diagnostics);
  check_plan_rules(*plan, sources, diagnostics);
  return plan;
}

}  // namespace accrue::check
