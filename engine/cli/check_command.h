// `accrue check PLAN|DIR...`: type-check plans without running them.
#pragma once

#include <string>
#include <vector>

#include "cli/output.h"

namespace CLI {
class App;
}

namespace accrue::cli {

struct CheckArgs {
  std::vector<std::string> paths;
  Format format = Format::Text;
  bool strict = false;
  std::string stdlib;
};

void add_check_command(CLI::App& app, CheckArgs& args);
int run_check(const CheckArgs& args);

}  // namespace accrue::cli
