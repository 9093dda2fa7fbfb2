// The settlement pipeline, one step per line, in the order the spec fixes:
// plan -> period -> data -> "period has data" -> evaluation -> entries (lines,
// rules, rounding, deferral, posting) -> ledger. Everything that can fail does
// so before the ledger is opened, so a failure never touches the ledger file.
#include "settle/settle.h"

#include <fmt/format.h>

#include <sys/resource.h>

#include <chrono>
#include <thread>
#include <fstream>

#include "check/check.h"
#include "eval/eval.h"
#include "settle/batch_writer.h"
#include "settle/period_data.h"
#include "settle/settlement_entries.h"

#ifndef ACCRUE_VERSION
#define ACCRUE_VERSION "unknown"
#endif

namespace accrue::settle {
namespace {

SettleResult fail(int exit_code, std::string message) {
  SettleFailure f;
  f.exit_code = exit_code;
  f.message = std::move(message);
  return {std::nullopt, std::move(f)};
}

// Files named on the command line must exist and be readable (exit 2).
std::optional<std::string> unreadable(const std::filesystem::path& path, std::string_view what) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec) && std::ifstream(path).good()) return std::nullopt;
  return fmt::format("cannot read {} '{}': {}", what, path.string(),
                     std::filesystem::exists(path, ec) ? "permission denied or not a file" : "no such file");
}

std::string evaluation_errors(const std::vector<eval::EvalError>& errors, const diag::SourceMap& sources) {
  std::string text = fmt::format("evaluation failed with {} error{}:", errors.size(), errors.size() == 1 ? "" : "s");
  for (const eval::EvalError& e : errors) text += fmt::format("\n{}: {}", location(sources, e.span), e.message);
  return text;
}

ledger::BatchHeader batch_header(const SettleRequest& request, const check::CheckResult& checked,
                                 const data::Dataset& dataset, const eval::Period& period) {
  ledger::BatchHeader header;
  header.period = period.label;
  header.plan_hash = checked.plan_hash;
  for (const data::Table& table : dataset.tables) header.data_hashes[table.name] = data::to_hex(table.content_hash);
  header.engine_version = ACCRUE_VERSION;
  header.arguments = request.arguments;
  return header;
}

// Wall-clock time per step, for `accrue settle --timings`.
class PhaseClock {
 public:
  void lap(std::string phase) {
    const auto now = std::chrono::steady_clock::now();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const std::int64_t user = microseconds(usage.ru_utime), system = microseconds(usage.ru_stime);
    times_.push_back({std::move(phase), std::chrono::duration_cast<std::chrono::microseconds>(now - last_).count(),
                      user - last_user_, system - last_system_, static_cast<std::int64_t>(usage.ru_maxrss),
                      usage.ru_minflt - last_faults_});
    last_ = now;
    last_faults_ = usage.ru_minflt;
    last_user_ = user;
    last_system_ = system;
  }
  std::vector<PhaseTime> take() { return std::move(times_); }

 private:
  static std::int64_t microseconds(const timeval& t) { return std::int64_t{t.tv_sec} * 1000000 + t.tv_usec; }
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::int64_t last_user_ = 0, last_system_ = 0, last_faults_ = 0;
  std::vector<PhaseTime> times_;
};

// What a settlement computed on the way, kept together so that it can be
// left to the process's exit (SettleRequest::leave_memory_to_exit).
struct WorkingData {
  data::LoadResult loaded;
  eval::EvalResult evaluated;
  SettlementEntries computed;
};
WorkingData* left_to_exit = nullptr;

}  // namespace

SettleResult settle(const SettleRequest& request, diag::SourceMap& sources) {
  if (auto why = unreadable(request.plan, "plan")) return fail(2, *why);
  if (auto why = unreadable(request.manifest, "dataset manifest")) return fail(2, *why);

  PhaseClock clock;
  check::CheckResult checked = check::check_plan_file(request.plan, sources, {});
  clock.lap("check");
  if (!checked.plan || checked.diagnostics.has_errors()) {
    SettleFailure f;
    f.plan_diagnostics = std::move(checked.diagnostics);
    f.message = fmt::format("the plan '{}' has errors; nothing was settled", request.plan.string());
    return {std::nullopt, std::move(f)};
  }
  const check::Plan& plan = *checked.plan;
  if (plan.is_module_only) return fail(2, fmt::format("'{}' is a module without a plan header", request.plan.string()));
  auto rounding = plan_rounding(plan.currency, plan.rounding);
  if (!rounding) return fail(1, rounding.error().message);

  auto period = eval::parse_period(request.period, plan.cadence);  // before any data is read
  if (!period) return fail(2, period.error().message);

  const data::DatasetSchema schema = eval::dataset_schema(plan);
  data::LoadOptions load_options;
  load_options.threads = request.threads;
  load_options.defer_hashes = true;  // hashed while the entries are computed (below)
  data::LoadResult loaded = data::load_dataset(request.manifest, schema, load_options);
  clock.lap("load");
  if (!loaded.ok()) {
    SettleFailure f;
    f.data_problems = std::move(loaded.problems);
    f.data_problems_suppressed = loaded.suppressed;
    f.message = "the data has problems; nothing was settled";
    return {std::nullopt, std::move(f)};
  }
  if (!period_has_events(loaded.dataset, schema, *period))
    return fail(1, fmt::format("period {} has no data (no event dated {}..{})", period->label,
                               eval::format_date(period->first_day), eval::format_date(period->last_day)));

  eval::EvalResult evaluated = eval::evaluate(plan, loaded.dataset, *period, eval::EvalOptions{request.threads});
  clock.lap("evaluate");
  if (!evaluated.evaluation) return fail(1, evaluation_errors(evaluated.errors, sources));

  // The data's content hashes are needed only for the batch header: they are
  // computed on another thread while this one computes the entries (mostly
  // on one thread), rather than during evaluation, which uses every thread
  // it is given. With --threads 1 nothing runs beside this thread.
  std::vector<data::ContentHash> data_hashes;
  std::jthread hashing;
  if (request.threads > 1)
    hashing = std::jthread([&data_hashes, &dataset = loaded.dataset] { data_hashes = data::hash_dataset(dataset, 1); });
  else
    data_hashes = data::hash_dataset(loaded.dataset, 1);

  const SettleContext ctx{*evaluated.evaluation, plan, sources, *rounding};
  auto computed = compute_entries(ctx);
  if (!computed) return fail(1, computed.error().message);
  clock.lap("entries");

  if (hashing.joinable()) hashing.join();
  for (std::size_t index = 0; index < data_hashes.size(); ++index)
    loaded.dataset.tables[index].content_hash = data_hashes[index];  // the dataset complete again
  const ledger::BatchHeader header = batch_header(request, checked, loaded.dataset, *period);
  BatchWriteResult written = write_batch(request.ledger, header, computed->entries, request.supersede);
  if (!written.written) return fail(1, written.error);
  clock.lap("ledger");

  SettleReport report;
  report.outcome = written.written->outcome;
  report.batch_id = written.written->batch;
  report.period = period->label;
  report.currency = plan.currency;
  report.plan_hash = checked.plan_hash;
  report.payees = std::move(computed->summary.payees);
  report.totals = std::move(computed->summary.totals);
  report.entries = computed->entries.entries.size();
  report.reversals = static_cast<std::size_t>(written.written->reversals);
  report.warnings = std::move(computed->warnings);
  report.timings = clock.take();
  if (request.leave_memory_to_exit) {
    // Deliberately never freed (a raw static pointer: still reachable, so no
    // leak checker reports it, and no destructor runs at exit).
    left_to_exit = new WorkingData{std::move(loaded), std::move(evaluated), std::move(computed.value())};
  }
  return {std::move(report), std::nullopt};
}

}  // namespace accrue::settle
