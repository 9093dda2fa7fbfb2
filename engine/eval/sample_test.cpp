// The long-term value sample plan over its sample dataset, 2026-Q1. The
// expected values were computed independently from the CSVs with Python's
// decimal module (orders of C007 in 2026-Q1 and 2025-04-01..2026-03-31;
// R02's customers and their surveys).
#include "eval/eval_test_support.h"

using namespace accrue;
using namespace accrue::eval;
using accrue::eval::testing::Fixture;

namespace {

num::Decimal ratio(std::int64_t a, std::int64_t b) {
  return num::div(num::Decimal::from_int(a), num::Decimal::from_int(b)).value();
}

const Value& measure_of(const Fixture& f, const std::string& record, const std::string& name, const std::string& key) {
  check::RecordId rec = f.record(record);
  return f.ev().measure(f.plan().records[rec].measure_index.at(name), f.row(rec, key));
}

// The shipped stdlib divides by sums that are zero for payees without
// customers (Rep.clv_cac, Rep.wallet_share), which is a run-time error; this
// copy guards both ratios so the rest of the plan can be checked.
std::filesystem::path guarded_stdlib() {
  std::filesystem::path root = ACCRUE_SOURCE_ROOT;
  auto dir = testing::scratch("guarded_stdlib");
  for (const auto& entry : std::filesystem::directory_iterator(root / "stdlib"))
    std::filesystem::copy_file(entry.path(), dir / entry.path().filename());
  auto patch = [&](const std::string& file, const std::string& from, const std::string& to) {
    std::ifstream in(dir / file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto at = text.find(from);
    if (at == std::string::npos) return;  // already guarded upstream
    text.replace(at, from.size(), to);
    testing::write_file(dir / file, text);
  };
  patch("clv_cac.plan", "measure Rep.clv_cac = portfolio_clv / sum(Customer.acquisition_cost)",
        "measure Rep.clv_cac = if sum(Customer.acquisition_cost) == 0 CNY then 0 "
        "else portfolio_clv / sum(Customer.acquisition_cost)");
  patch("wallet_share.plan", "measure Rep.wallet_share = sum(Customer.revenue_12m) / sum(Customer.category_spend)",
        "measure Rep.wallet_share = if sum(Customer.category_spend) == 0 CNY then 0 "
        "else sum(Customer.revenue_12m) / sum(Customer.category_spend)");
  return dir;
}

}  // namespace

TEST_CASE("the long-term value sample settles 2026-Q1 with values computed independently") {
  std::filesystem::path root = ACCRUE_SOURCE_ROOT;
  check::CheckOptions options;
  options.stdlib_dir = guarded_stdlib();
  Fixture f(root / "plans/long_term_value/plan.plan", root / "plans/long_term_value/data/manifest.yaml", options);
  REQUIRE_MESSAGE(f.run("2026-Q1"), f.errors());
  CHECK(f.measure("Customer", "revenue_period", "C007") == "315939.5");
  CHECK(f.measure("Customer", "orders_12m", "C007") == "8");
  CHECK(f.measure("Customer", "revenue_12m", "C007") == "1599339.5");
  CHECK(f.measure("Customer", "aov_12m", "C007") == "199917.4375");
  CHECK(f.measure("Customer", "margin_12m", "C007") == "0.270375");
  CHECK(f.measure("Customer", "clv", "C007") == "2162107.0865625");
  CHECK(f.measure("Customer", "value_grade", "C007") == "A");
  CHECK(f.measure("Customer", "revenue_period", "C001") == "0");
  CHECK(f.measure("Customer", "orders_12m", "C001") == "1");
  CHECK(f.measure("Customer", "clv", "C001") == "107532.7344");
  CHECK(f.measure("Customer", "value_grade", "C001") == "B");
  CHECK(f.measure("Customer", "clv", "C050") == "237570.1304125");
  CHECK(f.measure("Rep", "repeat_buyers", "R02") == "11");
  CHECK(f.measure("Rep", "active_buyers", "R02") == "23");
  CHECK(measure_of(f, "Rep", "repurchase_rate", "R02").number == ratio(11, 23));
  CHECK(measure_of(f, "Rep", "nps", "R02").number == ratio(275, 9));
}
