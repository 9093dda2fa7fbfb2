// Internal to the check layer: reading a root plan and its imports.
#pragma once

#include <filesystem>
#include <vector>

#include "diag/diag.h"
#include "syntax/ast.h"

namespace accrue::check {

struct LoadedModules {
  std::vector<syntax::Module> modules;  // root first; each module once
  std::vector<std::string> hash_inputs; // "relative-name\0content" per module, sorted by name
  bool root_readable = false;
};

LoadedModules load_modules(const std::filesystem::path& root, const std::filesystem::path& stdlib_dir,
                           diag::SourceMap& sources, diag::Diagnostics& diagnostics);

std::string sha256_hex(const std::vector<std::string>& parts);

}  // namespace accrue::check
