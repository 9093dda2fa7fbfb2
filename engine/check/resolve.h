// Internal to the check layer: name resolution, types and units, cycles,
// unused declarations. Fills the resolved parts of Plan.
#pragma once

#include "check/plan.h"
#include "diag/diag.h"

namespace accrue::check {

void resolve_and_type(Plan& plan, const diag::SourceMap& sources, diag::Diagnostics& diagnostics);

}  // namespace accrue::check
