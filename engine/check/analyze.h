// Internal to the check layer: the semantic passes over loaded modules.
#pragma once

#include <memory>
#include <vector>

#include "check/plan.h"
#include "diag/diag.h"

namespace accrue::check {

// Resolves, types and validates the modules (root first). Returns the plan
// even when errors were reported, so callers can decide; check_plan_file
// drops it if any error was found.
std::shared_ptr<Plan> analyze(std::vector<syntax::Module> modules, const diag::SourceMap& sources,
                              diag::Diagnostics& diagnostics);

}  // namespace accrue::check
