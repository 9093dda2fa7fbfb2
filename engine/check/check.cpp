#include "check/check.h"

#include <cstdlib>

#include "check/analyze.h"
#include "check/modules.h"

#ifndef ACCRUE_SOURCE_STDLIB
#define ACCRUE_SOURCE_STDLIB ""
#endif

namespace accrue::check {
namespace fs = std::filesystem;

fs::path default_stdlib_dir() {
  if (const char* env = std::getenv("ACCRUE_STDLIB"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "accrue" / "stdlib";
    if (fs::is_directory(installed, ec)) return installed;
  }
  return ACCRUE_SOURCE_STDLIB;
}

CheckResult check_plan_file(const fs::path& path, diag::SourceMap& sources, const CheckOptions& options) {
  CheckResult result;
  fs::path stdlib = options.stdlib_dir.empty() ? default_stdlib_dir() : options.stdlib_dir;
  LoadedModules loaded = load_modules(path, stdlib, sources, result.diagnostics);
  if (!loaded.root_readable) {
    diag::Span where{sources.add(path.string(), ""), 0, 0, 0, 0};
    result.diagnostics.report(diag::Code::E0101, where, "cannot read '" + path.string() + "'",
                              "check the path and the file's permissions");
    return result;
  }
  result.plan_hash = sha256_hex(loaded.hash_inputs);
  // Semantic passes over half-parsed declarations, or without the modules
  // that failed to load, would only report consequences of the errors
  // already found: report those alone, like a compiler's first phase.
  if (result.diagnostics.has_errors()) {
    result.diagnostics.sort();
    return result;
  }
  auto plan = analyze(std::move(loaded.modules), sources, result.diagnostics);
  result.diagnostics.sort();
  if (!result.diagnostics.has_errors()) result.plan = std::move(plan);
  return result;
}

}  // namespace accrue::check
