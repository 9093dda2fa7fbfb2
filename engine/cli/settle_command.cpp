#include "cli/settle_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#if defined(__GLIBC__)
#include <malloc.h>  // mallopt: glibc only
#endif
#include <filesystem>
#include <fstream>
#include <optional>

#include "cli/exit_codes.h"
#include "cli/progress.h"
#include "cli/settle_summary.h"
#include "ledger/ledger.h"
#include "settle/settle.h"

namespace accrue::cli {
namespace fs = std::filesystem;

void add_settle_command(CLI::App& app, SettleArgs& args) {
  auto* cmd = app.add_subcommand("settle", "Settle one period of a plan against its data into a ledger");
  cmd->add_option("plan", args.plan, "The plan file")->required();
  cmd->add_option("--data", args.manifest, "Dataset manifest (YAML) binding the plan's tables to sources")
      ->required();
  cmd->add_option("--period", args.period, "Period to settle, in the plan's cadence: 2026-Q1, 2026-03 or 2026")
      ->required();
  cmd->add_option("--ledger", args.ledger, "Ledger file (SQLite), created if missing")->required();
  cmd->add_flag("--supersede", args.supersede,
                "Replace the period's batch when plan or data changed (writes reversing entries)");
  cmd->add_option("--format", args.format, "Output format: text or json")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{{"text", Format::Text}, {"json", Format::Json}}));
  cmd->add_option("--threads", args.threads, "Worker threads (the result does not depend on it)")
      ->check(CLI::Range(1u, 256u));
  cmd->add_flag("--timings", args.timings, "Print how long each step took on stderr");
}

namespace {

// The plan and the manifest are named on the command line: a missing one is a
// usage error (exit 2), like `accrue check`. Files the manifest names are data.
std::optional<std::string> unreadable(const std::string& p, const char* what) {
  std::error_code ec;
  fs::path path(p);
  if (fs::is_regular_file(path, ec) && std::ifstream(path).good()) return std::nullopt;  // never open a FIFO
  return fmt::format("cannot read {} '{}': {}", what, p,
                     fs::exists(path, ec) ? "permission denied or not a file" : "no such file");
}

void print_failure(const settle::SettleFailure& failure, const diag::SourceMap& sources, Format format) {
  print_diagnostics(failure.plan_diagnostics, sources, Format::Text);  // people read stderr in both formats
  for (const auto& p : failure.data_problems) fmt::print(stderr, "{}\n", p.to_string());
  if (failure.data_problems_suppressed > 0)
    fmt::print(stderr, "{} more problem{} not shown\n", failure.data_problems_suppressed,
               failure.data_problems_suppressed == 1 ? "" : "s");
  if (!failure.message.empty()) {
    fmt::print(stderr, "error: {}\n", failure.message);
  } else if (std::size_t n = failure.plan_diagnostics.error_count(); n > 0) {
    fmt::print(stderr, "error: the plan has {} error{}: nothing settled\n", n, n == 1 ? "" : "s");
  } else if (std::size_t d = failure.data_problems.size() + failure.data_problems_suppressed; d > 0) {
    fmt::print(stderr, "error: {} problem{} in the data: nothing settled\n", d, d == 1 ? "" : "s");
  }
  if (format == Format::Json) {
    std::string json = failure_json(failure, sources);
    std::fwrite(json.data(), 1, json.size(), stdout);
  }
}

// Which batch a supersede replaced, for the outcome line; the report does not
// carry it, the ledger does.
std::optional<std::int64_t> superseded_batch(const settle::SettleReport& report, const std::string& ledger_path) {
  if (report.outcome != settle::Outcome::Superseded) return std::nullopt;
  auto ledger = ledger::Ledger::open(ledger_path, ledger::OpenMode::read_only);
  if (!ledger) return std::nullopt;
  auto info = ledger->batch(report.batch_id);
  if (!info) return std::nullopt;
  return info->supersedes;
}

// A settlement frees large working arrays (the loader's, evaluation's
// temporaries) and soon allocates as much again. By default glibc maps large
// blocks on their own (above 128 KiB, a threshold it adapts) and unmaps them
// when freed, so the next allocation gets fresh pages the kernel must zero,
// and trims the heap's free top likewise: on this project's VMs a first touch
// costs microseconds a page, about a sixth of a 10^7-order run. Blocks up to
// the largest threshold glibc allows (32 MiB) are kept and reused instead.
// Measured at 10^7 orders: 355K -> 311K page faults, system time 1.1-1.8 s
// -> 0.9 s (docs/benchmarks.md). Tuning only: no value depends on it.
void keep_freed_memory() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
#endif
}

}  // namespace

int run_settle(const SettleArgs& args) {
  for (auto problem : {unreadable(args.plan, "plan"), unreadable(args.manifest, "manifest")}) {
    if (!problem) continue;
    print_failure(settle::SettleFailure{kUsage, {}, {}, 0, *problem}, diag::SourceMap{}, args.format);
    return kUsage;
  }
  settle::SettleRequest request;
  request.plan = args.plan;
  request.manifest = args.manifest;
  request.period = args.period;
  request.ledger = args.ledger;
  request.supersede = args.supersede;
  request.arguments = args.command_line;
  request.threads = args.threads;
  request.leave_memory_to_exit = true;  // the command exits right after printing the summary
  keep_freed_memory();

  diag::SourceMap sources;
  settle::SettleResult result;
  run_with_progress(fmt::format("settling {} of {}", args.period, args.plan),
                    [&] { result = settle::settle(request, sources); });

  if (result.failure || !result.report) {
    settle::SettleFailure failure =
        result.failure ? *result.failure : settle::SettleFailure{kFailed, {}, {}, 0, "settlement produced no report"};
    print_failure(failure, sources, args.format);
    return failure.exit_code == kOk ? kFailed : failure.exit_code;
  }
  const settle::SettleReport& report = *result.report;
  for (const auto& w : report.warnings) fmt::print(stderr, "warning: {}\n", w);
  if (args.timings)
    for (const auto& t : report.timings)
      fmt::print(stderr, "timing: {:<9} {:>6}.{:03} ms  user {:>6} ms  sys {:>6} ms  peak RSS {:>7} KB  faults {:>7}\n",
                 t.phase, t.microseconds / 1000, t.microseconds % 1000, t.user_microseconds / 1000,
                 t.system_microseconds / 1000, t.peak_rss_kb, t.page_faults);
  auto superseded = superseded_batch(report, args.ledger);
  std::string out = args.format == Format::Json ? summary_json(report, superseded) : summary_text(report, superseded);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kOk;
}

}  // namespace accrue::cli
