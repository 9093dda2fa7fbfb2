// `accrue settle PLAN --data MANIFEST --period P --ledger FILE`: run one
// settlement and write it as a ledger batch. The summary goes to stdout (a
// table, or one JSON object), everything else (warnings, plan diagnostics,
// data problems, progress) to stderr, so the summary can be piped or diffed.
#pragma once

#include <string>
#include <vector>

#include "cli/output.h"

namespace CLI {
class App;
}

namespace accrue::cli {

struct SettleArgs {
  std::string plan;
  std::string manifest;
  std::string period;
  std::string ledger;
  bool supersede = false;
  Format format = Format::Text;
  unsigned threads = 2;
  bool timings = false;  // print each step's wall-clock time on stderr
  std::vector<std::string> command_line;  // recorded in the batch, not part of its identity
};

void add_settle_command(CLI::App& app, SettleArgs& args);
int run_settle(const SettleArgs& args);

}  // namespace accrue::cli
