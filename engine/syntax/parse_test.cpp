#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "syntax/syntax.h"

using namespace accrue;
using namespace accrue::syntax;

namespace {

struct Parsed {
  diag::SourceMap sources;
  ParseResult result;
  std::string messages() const {
    std::string out;
    for (const auto& d : result.diagnostics.items()) out += diag::render_text(d, sources, {});
    return out;
  }
};

Parsed parse_text(const std::string& text) {
  Parsed p;
  auto id = p.sources.add("t.plan", text);
  p.result = parse(p.sources, id);
  return p;
}

}  // namespace

TEST_CASE("a full plan parses into the AST") {
  auto p = parse_text(R"(
plan "LTV" version "2026.1" {
  currency CNY
  settle quarterly
  round money half_even
}
import std.clv
/// A sales rep.
payee Rep key id { role: text  region_stage: text  target_incentive: money }
entity Customer key id { owner: Rep, acquired: date, churned_on: date? }
event Order key id dated on { customer: Customer  amount: money  margin: percent }
param lifetime_years = 5
param commission_rate = 3% from 2026-01-01 until 2026-12-31, 2.5% from 2027-01-01
table quota by Rep.role, Rep.region_stage { "rep", "emerging" -> 100000 CNY  else -> 50000 CNY }
measure Customer.orders_12m = count(Order over last 12 months)
measure Customer.clv = avg(Order.amount over all) * orders_12m * lifetime_years * avg(Order.margin over all)
measure Customer.grade = grade clv { A >= 100000 CNY, B >= 20000 CNY, else C }
measure Customer.pct = grade clv by percentile { A top 20%, B top 50%, else C }
measure Rep.repurchase_rate = share(Customer where orders_12m >= 2)
target Rep.repurchase_score on repurchase_rate { base 60% -> 50%  challenge 70% -> 100%  ideal 80% -> 150%  linear }
scorecard Rep.score {
  financial repurchase_score 40%
  customer repurchase_score 30%, repurchase_score 30%
  when role == "director" { financial repurchase_score 100% }
}
situation policy_shock on Customer when grade == A from 2026-04-01 until 2026-06-30
veto compliance on Rep to bonus when count(Order where Order.amount > 1 over period) > 0 zero for plan year
veto quality on Rep when 1 > 2 cut 30%
gate min_score on Rep requires score >= 60%
cap bonus_cap on Rep to bonus at 200% * target_incentive
floor bonus_floor on Rep at 0 CNY
concentration key_account on Rep per Customer of sum(Order.amount over period) warn 25% cap 30% to commission
payout commission on Customer to owner = commission_rate * sum(Order.amount over period) defer five_year
payout bonus on Rep = target_incentive * score
schedule five_year {
  50% now
  12.5% after 1 year when active
  12.5% after 2 years when active
  else forfeit
  clawback paid when churned within 12 months
  leaver forfeit
  transfer split 50%
}
)");
  CHECK(p.messages() == "");
  const Module& m = p.result.module;
  REQUIRE(m.header.has_value());
  CHECK(m.header->name == "LTV");
  CHECK(m.header->currency->text == "CNY");
  CHECK(m.imports.size() == 1);
  REQUIRE(m.decls.size() == 23);
  CHECK(m.decls[0].doc == "A sales rep.");
  CHECK(m.decls[0].record.fields.size() == 3);
  CHECK(m.decls[1].record.fields[2].optional);
  CHECK(m.decls[4].param.values.size() == 2);
  CHECK(*m.decls[4].param.values[1].from == "2027-01-01");
  CHECK(m.decls[5].table.rows.size() == 2);
  const Expr& clv = *m.decls[7].measure.value;
  CHECK(clv.kind == ExprKind::Binary);
  CHECK(clv.args.size() == 4);
  CHECK(m.decls[9].measure.value->by_percentile);
  CHECK(m.decls[11].target.tiers.size() == 3);
  CHECK(m.decls[12].scorecard.variants.size() == 1);
  CHECK(m.decls[14].veto.scope == VetoScope::PlanYear);
  CHECK(m.decls[15].veto.cut != nullptr);
  CHECK(m.decls[20].payout.schedule->text == "five_year");
  CHECK(m.decls[22].schedule.items.size() == 7);
}

TEST_CASE("syntax errors are all reported, in our words") {
  auto p = parse_text("payee Rep key id { role text }\nmeasure Rep.x = (1 + \nmeasure Rep.y = 2 $ 3\n");
  std::string m = p.messages();
  CHECK(m.find("mismatched") == std::string::npos);
  CHECK(m.find("extraneous") == std::string::npos);
  CHECK(m.find("RBRACE") == std::string::npos);
  CHECK(p.result.diagnostics.error_count() >= 3);
  CHECK(m.find("t.plan:1:25: error[E0104]: expected ':'") != std::string::npos);
  CHECK(m.find("unexpected character '$'") != std::string::npos);
}

TEST_CASE("hostile input is bounded") {
  SUBCASE("deep nesting") {
    auto p = parse_text("measure Rep.x = " + std::string(10000, '(') + "1" + std::string(10000, ')'));
    CHECK(p.messages().find("E0106") != std::string::npos);
  }
  SUBCASE("long prefix chains") {
    auto p = parse_text("measure Rep.x = " + std::string(20000, '-') + "1");
    CHECK(p.messages().find("E0106") != std::string::npos);
  }
  SUBCASE("long operator chains parse without recursion") {
    std::string e = "1";
    for (int i = 0; i < 20000; ++i) e += "+1";
    auto p = parse_text("measure Rep.x = " + e);
    CHECK(p.messages() == "");
    CHECK(p.result.module.decls.at(0).measure.value->args.size() == 20001);
  }
  SUBCASE("a declaration with too many tokens stops the reading") {
    std::string e = "1";
    for (int i = 0; i < 400000; ++i) e += " + 1";
    auto p = parse_text("payee Rep key id {}\nmeasure Rep.x = " + e);
    CHECK(p.messages().find("t.plan:2:1: error[E0110]: this declaration has more than 50000 tokens") == 0);
    CHECK(p.result.module.decls.empty());
  }
  SUBCASE("block comments, closed and not") {
    auto ok = parse_text("/* a */ payee Rep key id { /** b */ }\n/* c\n */");
    CHECK(ok.messages() == "");
    auto bad = parse_text("payee Rep key id {}\n/* never closed */ /* x");
    CHECK(bad.messages().find("t.plan:2:20: error[E0105]") == 0);
  }
  SUBCASE("binary garbage") {
    std::string g;
    for (int i = 0; i < 5000; ++i) g += static_cast<char>((i * 7919) % 256);
    auto p = parse_text(g);
    CHECK(p.result.diagnostics.has_errors());
  }
  SUBCASE("unterminated text and comment") {
    auto p = parse_text("param x = \"abc\n/* never closed");
    CHECK(p.messages().find("closing '\"'") != std::string::npos);
    CHECK(p.messages().find("closing '*/'") != std::string::npos);
  }
}
