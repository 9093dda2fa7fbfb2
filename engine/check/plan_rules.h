// Internal to the check layer: the rules a plan must keep that are not about
// names or types: weights total 100%, tranches total 100%, tiers increase,
// effective dates do not overlap, variants can apply and do not overlap.
#pragma once

#include "check/plan.h"
#include "diag/diag.h"

namespace accrue::check {

void check_plan_rules(const Plan& plan, const diag::SourceMap& sources, diag::Diagnostics& diagnostics);

}  // namespace accrue::check
