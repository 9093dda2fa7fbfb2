// Times the stages a settlement runs before the ledger: check the plan, load
// the dataset, evaluate the period, then every payout amount on every row of
// its subject (what settle asks for). Not a test; for profiling eval.
//   accrue_eval_bench PLAN MANIFEST PERIOD [REPEAT [THREADS]]
// REPEAT evaluates the period that many times over the one loaded dataset,
// so a profile of the evaluate phase is not drowned by the load. THREADS is
// EvalOptions::threads (evaluate also prints its wall time, since CPU time
// adds up every thread's).
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>

#include "check/check.h"
#include "eval/eval.h"

using namespace accrue;

namespace {

// CPU seconds of this process since `start` (the machine is shared: wall
// time says more about the neighbours than about the code).
double seconds_since(std::clock_t start) { return double(std::clock() - start) / CLOCKS_PER_SEC; }

double wall_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

long peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc > 6) {
    fmt::print(stderr, "usage: accrue_eval_bench PLAN MANIFEST PERIOD [REPEAT [THREADS]]\n");
    return 2;
  }
  auto t0 = std::clock();
  diag::SourceMap sources;
  auto checked = check::check_plan_file(argv[1], sources, {});
  if (!checked.plan) {
    fmt::print(stderr, "the plan has errors\n");
    return 1;
  }
  const check::Plan& plan = *checked.plan;
  fmt::print("check     {:.3f} s CPU\n", seconds_since(t0));
  auto t1 = std::clock();
  auto loaded = data::load_dataset(argv[2], eval::dataset_schema(plan));
  if (!loaded.ok()) {
    for (const auto& p : loaded.problems) fmt::print(stderr, "{}\n", p.to_string());
    return 1;
  }
  fmt::print("load      {:.3f} s  (peak RSS {} MB)\n", seconds_since(t1), peak_rss_mb());
  auto period = eval::parse_period(argv[3], plan.cadence);
  if (!period) {
    fmt::print(stderr, "{}\n", period.error().message);
    return 2;
  }
  int repeat = argc >= 5 ? std::max(1, std::atoi(argv[4])) : 1;
  eval::EvalOptions options;
  if (argc == 6) options.threads = static_cast<unsigned>(std::max(1, std::atoi(argv[5])));
  for (int i = 1; i < repeat; ++i) {
    auto t = std::clock();
    auto w = std::chrono::steady_clock::now();
    auto again = eval::evaluate(plan, loaded.dataset, *period, options);
    if (!again.evaluation) return 1;
    fmt::print("evaluate  {:.3f} s  wall {:.3f} s  (run {})\n", seconds_since(t), wall_since(w), i);
  }
  auto t2 = std::clock();
  auto w2 = std::chrono::steady_clock::now();
  auto result = eval::evaluate(plan, loaded.dataset, *period, options);
  const double wall = wall_since(w2);
  for (const auto& e : result.errors) fmt::print(stderr, "{}:{}: {}\n", e.span.line, e.span.col, e.message);
  if (!result.evaluation) return 1;
  fmt::print("evaluate  {:.3f} s  wall {:.3f} s  (peak RSS {} MB)\n", seconds_since(t2), wall, peak_rss_mb());
  auto t3 = std::clock();
  std::size_t amounts = 0;
  num::Decimal total;
  for (const auto& payout : plan.payouts) {
    std::uint32_t n = result.evaluation->rows(payout.subject);
    for (std::uint32_t row = 0; row < n; ++row) {
      auto v = result.evaluation->evaluate(*payout.decl->payout.amount, payout.subject, row);
      if (!v) {
        fmt::print(stderr, "{}\n", v.error().message);
        return 1;
      }
      if (v->kind == eval::Value::Kind::Number) total = num::add(total, v->number).value();
      ++amounts;
    }
  }
  fmt::print("payouts   {:.3f} s  ({} amounts, total {})\n", seconds_since(t3), amounts, total.to_string());
  fmt::print("peak RSS  {} MB\n", peak_rss_mb());
  return 0;
}
