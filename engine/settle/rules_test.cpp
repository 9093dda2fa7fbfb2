#include <doctest/doctest.h>

#include "settle/payout_lines.h"
#include "settle/rules_application.h"
#include "settle/settle_test_fixture.h"

namespace accrue::settle {
namespace {

using testing::Fixture;
using testing::money;

num::Decimal dec(std::string_view text) { return num::Decimal::parse(text).value(); }

const Line& line_of(const Lines& lines, std::string_view payout, std::string_view payee,
                    std::optional<std::string> customer, const Fixture& f) {
  for (const Line& l : lines.lines)
    if (f.plan().payouts[l.payout].name == payout && payee_key(*f.ev, l) == payee && customer_key(*f.ev, l) == customer)
      return l;
  FAIL("no line " << payout << " " << payee);
  throw;
}

// Commission 1.50 / 0.90 / 0.60 on R1's customers, revenue 50 / 30 / 20.
void commission_story(Fixture& f) {
  const auto& amount = *f.decl("commission").payout.amount;
  f.set(amount, "Customer", "C1", money("1.50"));
  f.set(amount, "Customer", "C2", money("0.90"));
  f.set(amount, "Customer", "C3", money("0.60"));
  f.set(amount, "Customer", "C4", money("2"));
  f.set(amount, "Customer", "C5", money("7"));
  for (auto [key, value] : {std::pair{"C1", "50"}, {"C2", "30"}, {"C3", "20"}, {"C4", "10"}})
    f.set_measure("Customer", "revenue", key, money(value));
  f.set_concentration_lines();
}

TEST_CASE("payout lines: one per subject row and payee, customer keys, unpaid rows warned") {
  Fixture f("lines");
  commission_story(f);
  f.ev->set_all(*f.decl("bonus").payout.amount, money("500"));
  f.ev->set_all(*f.decl("pool").payout.amount, money("100"));
  auto lines = build_payout_lines(*f.ctx);
  REQUIRE(lines);
  // commission: C1..C4 (C5 has no owner), bonus: R1..R3; pool: no contribution set -> warned.
  CHECK(lines->lines.size() == 7);
  CHECK(line_of(*lines, "commission", "R1", "C2", f).earned == dec("0.90"));
  CHECK(line_of(*lines, "bonus", "R3", std::nullopt, f).earned == dec("500"));
  REQUIRE(lines->warnings.size() == 2);
  CHECK(lines->warnings[0] == "commission on Customer C5: no payee to credit (owner is empty); 7.00 EUR not credited");
  CHECK(lines->warnings[1] == "pool on Team T1: no member with a positive weight; pool 100.00 EUR not credited");
  // Sorted by payout, then payee, then customer.
  for (std::size_t i = 1; i < lines->lines.size(); ++i) CHECK(line_order(lines->lines[i - 1], lines->lines[i]));
}

TEST_CASE("team pool: split exactly among the members that reach the subject, by weight") {
  Fixture f("pool");
  f.ev->set_all(*f.decl("pool").payout.amount, money("100"));
  f.set_measure("Rep", "contribution", "R1", money("2"));
  f.set_measure("Rep", "contribution", "R2", money("1"));
  f.set_measure("Rep", "contribution", "R3", money("5"));  // R3 is in no team: not a member
  auto lines = build_payout_lines(*f.ctx);
  REQUIRE(lines);
  CHECK(line_of(*lines, "pool", "R1", "T1", f).earned == dec("66.67"));
  CHECK(line_of(*lines, "pool", "R2", "T1", f).earned == dec("33.33"));
  f.set_measure("Rep", "contribution", "R2", money("-1"));
  auto negative = build_payout_lines(*f.ctx);
  REQUIRE_FALSE(negative);
  CHECK(negative.error().message.find("split weight of Rep R2 is negative") != std::string::npos);
}

TEST_CASE("concentration: a customer above cap x total is scaled to it, above warn is a warning") {
  Fixture f("concentration");
  commission_story(f);
  auto lines = build_payout_lines(*f.ctx);
  REQUIRE(lines);
  lines.value().warnings.clear();
  REQUIRE(apply_rules(*f.ctx, lines.value()));
  // T(R1) = 100: C1 (50) > 30 -> scaled by 30/50; C2 (30) is at the cap, not above.
  const Line& c1 = line_of(*lines, "commission", "R1", "C1", f);
  REQUIRE(c1.adjustments.size() == 1);
  CHECK(c1.adjustments[0].kind == ledger::EntryKind::cap);
  CHECK(f.plan().rules[c1.adjustments[0].rule].name == "dependence");
  CHECK(c1.adjustments[0].after == dec("0.9"));
  CHECK(line_of(*lines, "commission", "R1", "C2", f).adjustments.empty());
  // R2's only customer is 100% of R2's total: capped to 30%.
  CHECK(line_of(*lines, "commission", "R2", "C4", f).current() == dec("0.6"));
  REQUIRE(lines->warnings.size() == 3);
  // Each warning names the rule and where it is declared, and says when the cap also bit.
  auto ends_with = [](const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  };
  CHECK(lines->warnings[0].rfind("dependence (", 0) == 0);
  CHECK(lines->warnings[0].find("plan.plan:34:1): ") != std::string::npos);
  CHECK(ends_with(lines->warnings[0],
                  "C1 is 50% of R1's credited revenue (warning above 25%; capped at 30%, see the cap entries)"));
  CHECK(ends_with(lines->warnings[1], "C2 is 30% of R1's credited revenue (warning above 25%)"));
}

TEST_CASE("gates, vetoes, caps and floors apply in order, each recorded") {
  Fixture f("rules");
  const auto& bonus = *f.decl("bonus").payout.amount;
  f.set(bonus, "Rep", "R1", money("1500"));  // capped to 1000
  f.set(bonus, "Rep", "R2", money("40"));    // cut 30% -> 28; vetoed, so no floor
  f.set(bonus, "Rep", "R3", money("900"));   // gated (manager)
  const auto& active = *f.decl("active").gate.requirement;
  f.set(active, "Rep", "R1", eval::Value::of_bool(true));
  f.set(active, "Rep", "R2", eval::Value::of_bool(true));  // R3: null -> false
  f.set(*f.decl("breach").veto.condition, "Rep", "R2", eval::Value::of_bool(true));
  f.ev->set_all(*f.decl("breach").veto.cut, money("0.3"));
  f.ev->set_all(*f.decl("bonus_cap").limit.amount, money("1000"));
  f.ev->set_all(*f.decl("bonus_floor").limit.amount, money("100"));
  auto lines = build_payout_lines(*f.ctx);
  REQUIRE(lines);
  REQUIRE(apply_rules(*f.ctx, lines.value()));

  const Line& r1 = line_of(*lines, "bonus", "R1", std::nullopt, f);
  REQUIRE(r1.adjustments.size() == 1);
  CHECK(r1.adjustments[0].kind == ledger::EntryKind::cap);
  CHECK(r1.current() == dec("1000"));
  CHECK(r1.floors.empty());

  const Line& r2 = line_of(*lines, "bonus", "R2", std::nullopt, f);
  REQUIRE(r2.adjustments.size() == 1);
  CHECK(r2.adjustments[0].kind == ledger::EntryKind::veto);
  CHECK(r2.current() == dec("28"));
  CHECK(r2.floors.empty());  // a vetoed payout is not topped up

  const Line& r3 = line_of(*lines, "bonus", "R3", std::nullopt, f);
  REQUIRE(r3.adjustments.size() == 1);
  CHECK(r3.adjustments[0].kind == ledger::EntryKind::gate);
  CHECK(r3.current().is_zero());

  // Without the veto, R2's 40 is topped up to the floor.
  f.set(*f.decl("breach").veto.condition, "Rep", "R2", eval::Value::of_bool(false));
  auto again = build_payout_lines(*f.ctx);
  REQUIRE(again);
  REQUIRE(apply_rules(*f.ctx, again.value()));
  const Line& floored = line_of(*again, "bonus", "R2", std::nullopt, f);
  REQUIRE(floored.floors.size() == 1);
  CHECK(floored.floors[0].minor == 6000);
}

TEST_CASE("a rule without `to` applies to every payout of its subject") {
  Fixture f("veto-all");
  commission_story(f);
  f.ev->set_all(*f.decl("bonus").payout.amount, money("500"));
  f.ev->set_all(*f.decl("active").gate.requirement, eval::Value::of_bool(true));
  f.set(*f.decl("fraud").veto.condition, "Rep", "R1", eval::Value::of_bool(true));
  auto lines = build_payout_lines(*f.ctx);
  REQUIRE(lines);
  REQUIRE(apply_rules(*f.ctx, lines.value()));
  for (const Line& l : lines->lines) {
    if (payee_key(*f.ev, l) != "R1") continue;
    CHECK(l.current().is_zero());
    REQUIRE_FALSE(l.adjustments.empty());
    CHECK(f.plan().rules[l.adjustments.back().rule].name == "fraud");
  }
  CHECK(line_of(*lines, "bonus", "R2", std::nullopt, f).current() == dec("500"));
}

TEST_CASE("cap: the reduction is allocated across a payee's lines by amount, exactly") {
  Fixture f("cap-allocation");
  // Cap the commission instead: reuse bonus_cap's amount on a 3-line payee by
  // capping R1's commission through the concentration-free lines.
  commission_story(f);
  auto lines = build_payout_lines(*f.ctx);
  REQUIRE(lines);
  // Hand-made: R1's commission lines 1.50 / 0.90 / 0.60 capped at 1.00 by bonus_cap.
  std::vector<std::size_t> r1;
  for (std::size_t i = 0; i < lines->lines.size(); ++i)
    if (payee_key(*f.ev, lines->lines[i]) == "R1" && f.plan().payouts[lines->lines[i].payout].name == "commission") r1.push_back(i);
  REQUIRE(r1.size() == 3);
  // The cap rule is declared `to bonus`; exercise the allocation through apply_caps by moving the lines to bonus.
  const check::PayoutId bonus = 1;
  for (std::size_t i : r1) lines.value().lines[i].payout = bonus;
  f.ev->set_all(*f.decl("bonus_cap").limit.amount, money("1.00"));
  REQUIRE(apply_caps(*f.ctx, lines.value()));
  std::int64_t total = 0, reduced = 0;
  for (std::size_t i : r1) {
    auto before = f.ctx->rounding.minor(lines->lines[i].earned).value();
    auto after = f.ctx->rounding.minor(lines->lines[i].current()).value();
    total += after;
    reduced += before - after;
  }
  CHECK(total == 100);
  CHECK(reduced == 200);
  // 200 split 150:90:60 -> 100, 60, 40.
  CHECK(lines->lines[r1[0]].current() == dec("0.50"));
  CHECK(lines->lines[r1[1]].current() == dec("0.30"));
  CHECK(lines->lines[r1[2]].current() == dec("0.20"));
}

TEST_CASE("an evaluation error fails the step with a located message naming the row") {
  Fixture f("eval-error");
  f.ev->fail_on(*f.decl("bonus").payout.amount);
  auto lines = build_payout_lines(*f.ctx);
  REQUIRE_FALSE(lines);
  CHECK(lines.error().message.find("plan.plan:") != std::string::npos);
  CHECK(lines.error().message.find("division by zero (on R1)") != std::string::npos);
}

}  // namespace
}  // namespace accrue::settle
