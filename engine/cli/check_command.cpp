#include "cli/check_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "check/check.h"
#include "cli/exit_codes.h"

namespace accrue::cli {
namespace fs = std::filesystem;

void add_check_command(CLI::App& app, CheckArgs& args) {
  auto* cmd = app.add_subcommand("check", "Type-check plans (files, or folders searched for *.plan)");
  cmd->add_option("paths", args.paths, "Plan files or folders")->required();
  cmd->add_option("--format", args.format, "Output format: text or json")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{{"text", Format::Text}, {"json", Format::Json}}));
  cmd->add_flag("--strict", args.strict, "Treat warnings as errors (exit 1)");
  cmd->add_option("--stdlib", args.stdlib, "Folder of the standard library modules");
}

namespace {

// Files named on the command line must exist and be readable (else exit 2);
// folders contribute every *.plan below them, in a stable order.
bool collect(const std::vector<std::string>& paths, std::vector<fs::path>& files) {
  bool ok = true;
  for (const auto& p : paths) {
    std::error_code ec;
    fs::path path(p);
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".plan") found.push_back(it->path().lexically_normal());
      std::sort(found.begin(), found.end());
      if (found.empty()) {
        fmt::print(stderr, "error: no .plan files in '{}'\n", p);
        ok = false;
      }
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, ec) && std::ifstream(path).good()) {  // never open a FIFO
      files.push_back(path.lexically_normal());
    } else {
      fmt::print(stderr, "error: cannot read '{}': {}\n", p, fs::exists(path, ec) ? "permission denied or not a file" : "no such file");
      ok = false;
    }
  }
  return ok;
}

}  // namespace

int run_check(const CheckArgs& args) {
  std::vector<fs::path> files;
  if (!collect(args.paths, files)) return kUsage;
  diag::SourceMap sources;
  diag::Diagnostics all;
  check::CheckOptions options;
  options.stdlib_dir = args.stdlib;
  for (const auto& file : files) {
    auto result = check::check_plan_file(file, sources, options);
    all.append(result.diagnostics);
  }
  print_diagnostics(all, sources, args.format);
  std::size_t errors = all.error_count(), warnings = all.warning_count();
  std::string summary = fmt::format("checked {} plan file{}: {} error{}, {} warning{}", files.size(),
                                    files.size() == 1 ? "" : "s", errors, errors == 1 ? "" : "s", warnings,
                                    warnings == 1 ? "" : "s");
  fmt::print(args.format == Format::Json ? stderr : stdout, "{}\n", summary);
  if (errors > 0 || (args.strict && warnings > 0)) return kFailed;
  return kOk;
}

}  // namespace accrue::cli
