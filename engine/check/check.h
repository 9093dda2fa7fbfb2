// The check layer turns a plan file and everything it imports into a
// resolved, typed plan, or into diagnostics saying why it cannot. Every name
// is resolved and every expression typed here, once; later layers (eval,
// settle) only see the checked plan and never look a name up again.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "check/plan.h"
#include "diag/diag.h"

namespace accrue::check {

struct CheckOptions {
  std::filesystem::path stdlib_dir;  // where `import std.NAME` looks; empty: the default
};

struct CheckResult {
  std::shared_ptr<const Plan> plan;  // null when any error was found
  diag::Diagnostics diagnostics;
  std::string plan_hash;             // SHA-256 over the plan and every import, hex
};

CheckResult check_plan_file(const std::filesystem::path& path, diag::SourceMap& sources, const CheckOptions& options);

// The stdlib folder accrue uses when none is given: $ACCRUE_STDLIB, else the
// one beside the installed binary, else the source tree's.
std::filesystem::path default_stdlib_dir();

}  // namespace accrue::check
