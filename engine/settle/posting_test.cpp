#include <doctest/doctest.h>

#include <fmt/format.h>

#include <map>
#include <tuple>

#include "settle/settle_test_fixture.h"
#include "settle/settlement_entries.h"

namespace accrue::settle {
namespace {

using testing::Fixture;
using testing::money;

// The whole story: concentration on commission, every bonus rule, a team pool.
void story(Fixture& f) {
  const auto& commission = *f.decl("commission").payout.amount;
  f.set(commission, "Customer", "C1", money("1.50"));
  f.set(commission, "Customer", "C2", eval::Value::of(num::div(num::Decimal::from_int(1), num::Decimal::from_int(3)).value()));
  f.set(commission, "Customer", "C3", money("0.605"));   // a tie: half_even -> 0.60
  f.set(commission, "Customer", "C4", money("1234.567"));
  for (auto [key, value] : {std::pair{"C1", "50"}, {"C2", "30"}, {"C3", "20"}, {"C4", "10"}})
    f.set_measure("Customer", "revenue", key, money(value));
  f.set_concentration_lines();
  const auto& bonus = *f.decl("bonus").payout.amount;
  f.set(bonus, "Rep", "R1", money("1500.004"));
  f.set(bonus, "Rep", "R2", money("40.125"));
  f.set(bonus, "Rep", "R3", money("900"));
  const auto& active = *f.decl("active").gate.requirement;
  f.set(active, "Rep", "R1", eval::Value::of_bool(true));
  f.set(active, "Rep", "R2", eval::Value::of_bool(true));
  f.ev->set_all(*f.decl("breach").veto.cut, money("0.3"));
  f.ev->set_all(*f.decl("bonus_cap").limit.amount, money("1000"));
  f.ev->set_all(*f.decl("bonus_floor").limit.amount, money("100"));
  f.ev->set_all(*f.decl("pool").payout.amount, money("100.005"));
  f.set_measure("Rep", "contribution", "R1", money("1"));
  f.set_measure("Rep", "contribution", "R2", money("2"));
}

using LineKey = std::tuple<std::string, std::string, std::optional<std::string>>;

TEST_CASE("posting: every line's entries satisfy earned - reductions + top-ups = paid + deferred exactly") {
  Fixture f("posting-identity");
  story(f);
  auto computed = compute_entries(*f.ctx);
  REQUIRE(computed);
  const std::vector<ledger::Entry> entries = computed->entries.all();
  CHECK(ledger::check_batch(entries).balanced());
  std::map<LineKey, std::int64_t> in, out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const ledger::Entry& e = entries[i];
    CHECK(e.sequence == static_cast<std::int64_t>(i) + 1);
    CHECK(e.amount_minor > 0);
    CHECK(e.currency == "EUR");
    LineKey key{e.component, e.payee, e.customer};
    switch (e.kind) {
      case ledger::EntryKind::earned:
      case ledger::EntryKind::floor: in[key] += e.amount_minor; break;
      case ledger::EntryKind::paid:
      case ledger::EntryKind::deferred:
        // A tranche of a line no rule changed comes straight from the expense.
        if (e.debit_account.starts_with("expense:")) in[key] += e.amount_minor;
        out[key] += e.amount_minor;
        break;
      default: in[key] -= e.amount_minor; break;
    }
  }
  CHECK(in.size() >= 7);
  for (const auto& [key, amount] : in) CHECK(amount == out[key]);
}

TEST_CASE("posting: amounts, kinds, accounts, order and spans of the story") {
  Fixture f("posting-story");
  story(f);
  auto computed = compute_entries(*f.ctx);
  REQUIRE(computed);
  std::vector<std::string> rows;
  for (const ledger::Entry& e : computed->entries.all())
    rows.push_back(fmt::format("{} {} {} {} {}->{} {} {} {}", e.component, e.payee, e.customer.value_or("-"),
                               ledger::kind_name(e.kind), e.debit_account, e.credit_account, e.amount_minor,
                               e.due_date.value_or("-"), e.rule));
  const std::vector<std::string> expected = {
      // C1: 1.50 capped by concentration to 0.90, then 50/25/25.
      "commission R1 C1 earned expense:commission->earned:R1 150 - commission",
      "commission R1 C1 cap earned:R1->expense:commission 60 - dependence",
      "commission R1 C1 paid earned:R1->payable:R1 45 - thirds",
      "commission R1 C1 deferred earned:R1->deferred:R1 23 2027-03-31 thirds",
      "commission R1 C1 deferred earned:R1->deferred:R1 22 2027-09-30 thirds",
      // C2 and C3: no rule changed them, so their tranches come straight from
      // the expense and, being the lines' only rows, cite the payout.
      "commission R1 C2 paid expense:commission->payable:R1 17 - commission",
      "commission R1 C2 deferred expense:commission->deferred:R1 8 2027-03-31 commission",
      "commission R1 C2 deferred expense:commission->deferred:R1 8 2027-09-30 commission",
      "commission R1 C3 paid expense:commission->payable:R1 30 - commission",
      "commission R1 C3 deferred expense:commission->deferred:R1 15 2027-03-31 commission",
      "commission R1 C3 deferred expense:commission->deferred:R1 15 2027-09-30 commission",
      // C4 is all of R2's revenue: 1234.567 x 30% = 370.3701 -> 370.37.
      "commission R2 C4 earned expense:commission->earned:R2 123457 - commission",
      "commission R2 C4 cap earned:R2->expense:commission 86420 - dependence",
      "commission R2 C4 paid earned:R2->payable:R2 18519 - thirds",
      "commission R2 C4 deferred earned:R2->deferred:R2 9259 2027-03-31 thirds",
      "commission R2 C4 deferred earned:R2->deferred:R2 9259 2027-09-30 thirds",
      "bonus R1 - earned expense:bonus->earned:R1 150000 - bonus",
      "bonus R1 - cap earned:R1->expense:bonus 50000 - bonus_cap",
      "bonus R1 - paid earned:R1->payable:R1 100000 - bonus",
      // 40.125 rounds half_even to 40.12; the floor tops it up to 100.
      "bonus R2 - earned expense:bonus->earned:R2 4012 - bonus",
      "bonus R2 - floor expense:bonus->earned:R2 5988 - bonus_floor",
      "bonus R2 - paid earned:R2->payable:R2 10000 - bonus",
      "bonus R3 - earned expense:bonus->earned:R3 90000 - bonus",
      "bonus R3 - gate earned:R3->expense:bonus 90000 - active",
      // 100.005 -> 100.00 (half_even), split 1:2.
      "pool R1 T1 paid expense:pool->payable:R1 3333 - pool",
      "pool R2 T1 paid expense:pool->payable:R2 6667 - pool",
  };
  CHECK(rows == expected);
  const ledger::Entry first = computed->entries.entry(0);
  CHECK(first.source_span.find("plan.plan:") != std::string::npos);
  CHECK(first.source_span.ends_with(fmt::format("{}:{}-{}:{}", f.decl("commission").span.line,
                                                f.decl("commission").span.col, f.decl("commission").span.end_line,
                                                f.decl("commission").span.end_col)));

  const Summary& s = computed->summary;
  REQUIRE(s.payees.size() == 3);
  CHECK(s.payees[0].payee == "R1");
  CHECK(s.payees[0].earned == "1535.76");
  CHECK(s.payees[0].reduced == "500.60");
  CHECK(s.payees[0].paid_now == "1034.25");
  CHECK(s.payees[0].deferred == "0.91");
  CHECK(s.payees[1].topped_up == "59.88");
  CHECK(s.payees[2].reduced == "900.00");
  CHECK(s.totals.payee == "TOTAL");
  CHECK(s.totals.earned == "3777.12");
}

TEST_CASE("posting: the same values in another row order give the same entries") {
  Fixture a("posting-order-a");
  story(a);
  auto first = compute_entries(*a.ctx);
  REQUIRE(first);
  // The data layer orders rows canonically; the settle layer sorts lines by
  // keys. Re-running gives identical entries, field for field.
  auto second = compute_entries(*a.ctx);
  REQUIRE(second);
  CHECK(first->entries.all() == second->entries.all());
}

}  // namespace
}  // namespace accrue::settle
