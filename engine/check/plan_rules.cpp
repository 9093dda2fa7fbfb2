#include "check/plan_rules.h"

namespace accrue::check {

void check_plan_rules(const Plan&, const diag::SourceMap&, diag::Diagnostics&) {}

}  // namespace accrue::check
