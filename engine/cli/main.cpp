// accrue: type-check compensation plans, settle them against CRM data, and
// write an exact, replayable payout ledger.
#include <CLI/CLI.hpp>

#include <clocale>
#include <cstdio>
#include <cstdlib>

#include "cli/check_command.h"
#include "cli/exit_codes.h"
#include "cli/export_command.h"
#include "cli/settle_command.h"
#include "cli/verify_command.h"

int main(int argc, char** argv) {
  // Output never depends on the caller's locale.
  std::setlocale(LC_ALL, "C");
  CLI::App app{"accrue: long-term, customer-value sales compensation"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(ACCRUE_VERSION));
  accrue::cli::CheckArgs check_args;
  accrue::cli::add_check_command(app, check_args);
  accrue::cli::SettleArgs settle_args;
  settle_args.command_line.assign(argv, argv + argc);
  // The batch records how it was made, not where this binary happens to live.
  if (!settle_args.command_line.empty()) settle_args.command_line.front() = "accrue";
  accrue::cli::add_settle_command(app, settle_args);
  accrue::cli::ExportArgs export_args;
  accrue::cli::add_export_command(app, export_args);
  accrue::cli::VerifyArgs verify_args;
  accrue::cli::add_verify_command(app, verify_args);
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
  if (app.got_subcommand("settle")) code = accrue::cli::run_settle(settle_args);
  if (app.got_subcommand("export")) code = accrue::cli::run_export(export_args);
  if (app.got_subcommand("verify")) code = accrue::cli::run_verify(verify_args);
  // Like a compiler, leave without freeing the plan's trees one node at a
  // time: the process is ending and the OS takes the memory back at once.
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(code);
}
