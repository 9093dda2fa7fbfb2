#include "cli/verify_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/exit_codes.h"
#include "cli/ledger_file.h"

namespace accrue::cli {
void add_verify_command(CLI::App& app, VerifyArgs& args) {
  auto* cmd = app.add_subcommand("verify", "Check that ledger batches balance and their hashes match their rows");
  cmd->add_option("ledger", args.ledger, "Ledger file")->required();
  cmd->add_option("--batch", args.batch, "Batch id; without it, every batch")->check(batch_id_validator());
}

int run_verify(const VerifyArgs& args) {
  auto opened = open_ledger_for_reading(args.ledger);
  if (!opened.ledger) return opened.exit_code;
  ledger::Ledger& ledger = *opened.ledger;
  std::vector<ledger::BatchInfo> batches;
  if (args.batch) {
    auto one = ledger.batch(*args.batch);
    if (!one) return report_ledger_error(one.error());
    batches.push_back(std::move(one.value()));
  } else {
    auto all = ledger.list_batches();
    if (!all) return report_ledger_error(all.error());
    batches = std::move(all.value());
  }
  std::size_t unbalanced = 0;
  for (const auto& b : batches) {
    auto report = ledger.verify_balanced(b.id);
    if (!report) return report_ledger_error(report.error());
    if (report->balanced()) {
      fmt::print("batch {} ({}): balanced, {} entr{}\n", b.id, b.header.period, b.entry_count,
                 b.entry_count == 1 ? "y" : "ies");
      continue;
    }
    ++unbalanced;
    fmt::print("batch {} ({}): MISMATCH\n", b.id, b.header.period);
    for (const auto& problem : report->problems) fmt::print("  {}\n", problem);
  }
  fmt::print("verified {} batch{}: {}\n", batches.size(), batches.size() == 1 ? "" : "es",
             unbalanced == 0 ? std::string("all balanced") : fmt::format("{} with mismatches", unbalanced));
  return unbalanced == 0 ? kOk : kMismatch;
}

}  // namespace accrue::cli
