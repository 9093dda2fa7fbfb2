// Tests only: a small plan with one rule of every kind and a hand-written
// dataset, checked and loaded for real, evaluated by a FakeEvaluation whose
// values each test sets. Written to a fresh scratch directory per test.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "check/check.h"
#include "data/civil_date.h"
#include "settle/fake_evaluation.h"
#include "settle/settle_context.h"

namespace accrue::settle::testing {

inline constexpr std::string_view kPlan = R"(plan "Settle test" version "1" {
  currency EUR
  settle quarterly
  round money half_even
}

payee Rep key id {
  role: text
  team: Team?
}

entity Team key id {
  region: text
}

entity Customer key id {
  owner: Rep?
}

event Order key id dated on {
  customer: Customer
  amount: money
}

measure Customer.revenue = sum(Order.amount over period)
measure Rep.contribution = sum(Customer.revenue)

schedule thirds {
  50% now
  25% after 1 year
  25% after 18 months
}

concentration dependence on Rep per Customer of revenue warn 25% cap 30% to commission
gate active on Rep to bonus requires role == "rep"
veto breach on Rep to bonus when role == "x" cut 30%
veto fraud on Rep when role == "y" zero
cap bonus_cap on Rep to bonus at 1000 EUR
floor bonus_floor on Rep to bonus at 100 EUR

payout commission on Customer to owner = 3% * revenue defer thirds
payout bonus on Rep = 500 EUR
payout pool on Team = 100 EUR split among Rep by contribution
)";

inline std::filesystem::path scratch(std::string_view name) {
  const auto dir = std::filesystem::path(ACCRUE_SETTLE_SCRATCH) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline data::DatasetSchema test_schema() {
  using data::FieldType;
  data::DatasetSchema s;
  s.currency = "EUR";
  s.tables.push_back({"Rep", data::TableKind::Payee, "id", "",
                      {{"id", FieldType::Text, false, ""}, {"role", FieldType::Text, false, ""},
                       {"team", FieldType::Reference, true, "Team"}}});
  s.tables.push_back({"Team", data::TableKind::Entity, "id", "",
                      {{"id", FieldType::Text, false, ""}, {"region", FieldType::Text, false, ""}}});
  s.tables.push_back({"Customer", data::TableKind::Entity, "id", "",
                      {{"id", FieldType::Text, false, ""}, {"owner", FieldType::Reference, true, "Rep"}}});
  s.tables.push_back({"Order", data::TableKind::Event, "id", "on",
                      {{"id", FieldType::Text, false, ""}, {"on", FieldType::Date, false, ""},
                       {"customer", FieldType::Reference, false, "Customer"}, {"amount", FieldType::Money, false, ""}}});
  return s;
}

// R1, R2 reps of team T1; R3 a manager without team. C1..C3 owned by R1, C4 by R2, C5 by no one.
struct Fixture {
  std::filesystem::path dir;
  diag::SourceMap sources;
  check::CheckResult checked;
  data::LoadResult loaded;
  std::unique_ptr<FakeEvaluation> ev;
  std::unique_ptr<SettleContext> ctx;

  explicit Fixture(std::string_view name) : dir(scratch(name)) {
    write_file(dir / "plan.plan", kPlan);
    write_file(dir / "manifest.yaml",
               "tables:\n  Rep: {csv: reps.csv}\n  Team: {csv: teams.csv}\n  Customer: {csv: customers.csv}\n"
               "  Order: {csv: orders.csv}\n");
    write_file(dir / "reps.csv", "id,role,team\nR1,rep,T1\nR2,rep,T1\nR3,manager,\n");
    write_file(dir / "teams.csv", "id,region\nT1,north\n");
    write_file(dir / "customers.csv", "id,owner\nC1,R1\nC2,R1\nC3,R1\nC4,R2\nC5,\n");
    write_file(dir / "orders.csv", "id,on,customer,amount\nO1,2026-02-01,C1,100.00\nO2,2025-02-01,C4,5.00\n");
    checked = check::check_plan_file(dir / "plan.plan", sources, {});
    REQUIRE_MESSAGE(checked.plan, "the test plan must check");
    loaded = data::load_dataset(dir / "manifest.yaml", test_schema());
    REQUIRE(loaded.ok());
    eval::Period q1{"2026-Q1", data::days_from_civil({2026, 1, 1}), data::days_from_civil({2026, 3, 31})};
    ev = std::make_unique<FakeEvaluation>(*checked.plan, loaded.dataset, q1);
    ctx = std::make_unique<SettleContext>(SettleContext{*ev, *checked.plan, sources,
                                                        MoneyRounding{num::Currency::parse("EUR").value()}});
  }

  const check::Plan& plan() const { return *checked.plan; }
  const syntax::Decl& decl(std::string_view name) const {
    for (const auto& m : plan().modules)
      for (const auto& d : m.decls)
        if (d.name.text == name) return d;
    FAIL("no declaration " << name);
    throw;
  }
  const check::RecordInfo& record(std::string_view name) const {
    for (const auto& r : plan().records)
      if (r.name == name) return r;
    FAIL("no record " << name);
    throw;
  }
  std::uint32_t row(std::string_view record, std::string_view key) const {
    return *loaded.dataset.table(record)->find_key(key);
  }
  // Sets an expression's value on the row with `key` of `record`.
  void set(const syntax::Expr& expr, std::string_view record, std::string_view key, eval::Value v) {
    ev->set(expr, row(record, key), std::move(v));
  }
  // Sets a measure's value on the row with `key` of the measure's subject.
  void set_measure(std::string_view record_name, std::string_view measure, std::string_view key, eval::Value v) {
    ev->set_measure(record(record_name).measure_index.at(std::string(measure)), row(record_name, key), std::move(v));
  }
  // The fake interprets nothing: literal warn and cap lines are set here.
  void set_concentration_lines() {
    ev->set_all(*decl("dependence").concentration.warn, eval::Value::of(num::Decimal::parse("25%").value()));
    ev->set_all(*decl("dependence").concentration.cap, eval::Value::of(num::Decimal::parse("30%").value()));
  }
};

}  // namespace accrue::settle::testing
