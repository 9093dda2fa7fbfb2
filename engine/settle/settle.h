// The settle layer runs one settlement: it checks the plan, loads the data the
// plan declares, evaluates the period, applies the plan's rules to every
// payout (concentration caps, gates, vetoes, caps, floors), splits team pools,
// rounds to the currency's minor units, splits each amount into its deferral
// tranches, and writes the resulting money movements as one ledger batch, all
// or nothing. Every reduction a rule makes is its own ledger entry, and every
// entry names the rule and the plan span that produced it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "data/data.h"
#include "diag/diag.h"

namespace accrue::settle {

struct SettleRequest {
  std::filesystem::path plan;
  std::filesystem::path manifest;
  std::string period;              // e.g. "2026-Q1"
  std::filesystem::path ledger;
  bool supersede = false;          // replace a different batch already written for the period
  std::vector<std::string> arguments;  // the command line, recorded in the batch (not its identity)
  unsigned threads = 2;
  // The caller exits right after: the settlement's working data (gigabytes of
  // small objects at 10^7 orders, half a second to free) is left to the
  // operating system instead of being freed piece by piece. Off for library
  // callers that settle more than once in a process.
  bool leave_memory_to_exit = false;
};

// How long one step of the settlement took (wall clock, for `--timings`; it
// never reaches the ledger).
struct PhaseTime {
  std::string phase;
  std::int64_t microseconds = 0;
  std::int64_t user_microseconds = 0;    // CPU time of every thread in the step
  std::int64_t system_microseconds = 0;  // kernel time (page faults, I/O) in the step
  std::int64_t peak_rss_kb = 0;  // the process's peak resident memory when the step ended
  // Pages the step touched for the first time (minor faults): on a VM each
  // costs microseconds of kernel time, so they show where memory is churned.
  std::int64_t page_faults = 0;
};

// Exact decimal text in the currency's minor units ("1234.50").
struct PayeeSummary {
  std::string payee;        // key of the payee row
  std::string earned;       // before reductions
  std::string reduced;      // vetoed, capped, gated (a positive amount taken away)
  std::string topped_up;    // floors
  std::string paid_now;
  std::string deferred;
};

enum class Outcome {
  Written,          // a new batch was appended
  AlreadySettled,   // the same plan, data and period: nothing written
  Superseded,       // reversing entries for the old batch plus the new ones
};

struct SettleReport {
  Outcome outcome = Outcome::Written;
  std::int64_t batch_id = 0;
  std::string period;
  std::string currency;
  std::string plan_hash;
  std::vector<PayeeSummary> payees;   // sorted by payee key
  PayeeSummary totals;                // payee = "TOTAL"
  std::size_t entries = 0;             // the settlement's own entries (reversals not counted)
  std::size_t reversals = 0;           // Superseded: reversing entries written for the old batch
  std::vector<std::string> warnings;  // e.g. concentration warning lines crossed
  std::vector<PhaseTime> timings;     // check, load, evaluate, entries, ledger
};

// Why a settlement did not happen. Exit codes: plan or data errors 1, usage
// (unreadable file named on the command line, bad period) 2.
struct SettleFailure {
  int exit_code = 1;
  diag::Diagnostics plan_diagnostics;       // the plan failed its checks
  std::vector<data::DataProblem> data_problems;
  std::size_t data_problems_suppressed = 0;
  std::string message;                      // anything else (period, ledger, evaluation)
};

struct SettleResult {
  std::optional<SettleReport> report;   // set on success
  std::optional<SettleFailure> failure; // set on failure; nothing was written
};

// `sources` receives the plan files read, so diagnostics can be rendered.
SettleResult settle(const SettleRequest& request, diag::SourceMap& sources);

}  // namespace accrue::settle
