// accrue: type-check compensation plans, settle them against CRM data, and
// write an exact, replayable payout ledger.
#include <CLI/CLI.hpp>

#include <clocale>
#include <cstdio>
#include <cstdlib>

#include "cli/check_command.h"
#include "cli/exit_codes.h"

int main(int argc, char** argv) {
  // Output never depends on the caller's locale.
  std::setlocale(LC_ALL, "C");
  CLI::App app{"accrue: long-term, customer-value sales compensation"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(ACCRUE_VERSION));
  accrue::cli::CheckArgs check_args;
  accrue::cli::add_check_command(app, check_args);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return accrue::cli::kUsage;
  }
  int code = accrue::cli::kUsage;
  if (app.got_subcommand("check")) code = accrue::cli::run_check(check_args);
  // Like a compiler, leave without freeing the plan's trees one node at a
  // time: the process is ending and the OS takes the memory back at once.
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(code);
}
