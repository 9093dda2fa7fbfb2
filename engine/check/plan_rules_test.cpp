// The plan-rule checks, from plan text: each code's failing case asserts the
// code, line:col and message; passing cases assert silence.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "check/plan_rules.h"
#include "syntax/syntax.h"

using namespace accrue;

namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& lines) {
    std::string out = "{";
    for (const auto& l : lines) out += "\n  " + l;
    return (out + " }").c_str();
  }
};
}  // namespace doctest

namespace {

struct Checked {
  diag::SourceMap sources;
  diag::Diagnostics diagnostics;

  // One line per diagnostic: "line:col CODE message".
  std::vector<std::string> found() const {
    std::vector<std::string> out;
    for (const auto& d : diagnostics.items())
      out.push_back(std::to_string(d.span.line) + ":" + std::to_string(d.span.col) + " " +
                    std::string(diag::code_name(d.code)) + " " + d.message);
    return out;
  }
  const diag::Diagnostic& only() const {
    REQUIRE(diagnostics.items().size() == 1);
    return diagnostics.items()[0];
  }
  std::string rendered() const {
    std::string out;
    for (const auto& d : diagnostics.items()) out += diag::render_text(d, sources, {});
    return out;
  }
};

using Found = std::vector<std::string>;

std::unique_ptr<Checked> run(const std::string& text) {
  auto c = std::make_unique<Checked>();
  auto file = c->sources.add("t.plan", text);
  auto parsed = syntax::parse(c->sources, file);
  for (const auto& d : parsed.diagnostics.items()) FAIL_CHECK(diag::render_text(d, c->sources, {}));
  check::Plan plan;
  plan.modules.push_back(std::move(parsed.module));
  check::check_plan_rules(plan, c->sources, c->diagnostics);
  c->diagnostics.sort();
  return c;
}

const char* kRecords =
    "payee Rep key id { role: text  region: text  manager: Rep?  target_incentive: money }\n"
    "entity Customer key id { owner: Rep  industry: text }\n"
    "entity Team key id { lead: Rep }\n";

}  // namespace

TEST_CASE("a complete plan keeps every rule") {
  auto c = run(std::string(kRecords) + R"(
param commission_rate = 3% from 2026-01-01 until 2026-12-31, 2.5% from 2027-01-01, 2%
table quota by Rep.role, Rep.region { "rep", "emerging" -> 100000 CNY  "rep", "mature" -> 80000 CNY  else -> 50000 CNY }
measure Customer.grade = grade clv { A >= 100000 CNY, B >= 20000 CNY, else C }
measure Customer.pct = grade clv by percentile { A top 20%, B top 50%, else C }
target Rep.repurchase_score on repurchase_rate { base 60% -> 50%  challenge 70% -> 100%  ideal 80% -> 150%  linear }
scorecard Rep.score {
  financial a 33.3%, b 33.3%
  customer c 33.4%
  when role == "director" { financial a 100% }
  when role == "rep" and region == "emerging" { financial a 50%  customer c 50% }
  when period == 2026-Q2 and role == "manager" { financial a 100% }
}
veto quality on Rep when 1 > 2 cut 30%
gate min_score on Rep to bonus requires score >= 60%
cap bonus_cap on Rep to bonus at 200% * target_incentive
concentration key_account on Rep per Customer of sum(Order.amount) warn 25% cap 30% to commission
payout commission on Customer to owner = 1 CNY defer five_year
payout bonus on Rep = target_incentive * score
payout team_bonus on Team = 1 CNY split among Rep by contribution
schedule five_year {
  50% now
  12.5% after 1 year when active
  12.5% after 18 months when active
  12.5% after 2 years
  12.5% after 1000 days
  else release 50%
  clawback paid when churned within 12 months
  leaver forfeit
  transfer split 50%
}
)");
  CHECK(c->found() == Found{});
}

TEST_CASE("E0501: each weight set totals 100%") {
  auto c = run(R"(scorecard Rep.score {
  financial a 40%
  customer b 30%, c 25%
  when role == "director" { financial a 60%, b 30.5% }
  when role == "vp" { financial a 100% }
}
)");
  CHECK(c->found() == Found{"1:15 E0501 weights of scorecard 'score' total 95%, not 100%",
                            "4:3 E0501 weights of this variant total 90.5%, not 100%"});
  CHECK(c->diagnostics.items()[0].help == "add 5% to the weights so that they total 100%");
  CHECK(c->diagnostics.items()[1].span.end_col == 26);  // `when role == "director"`, not the block

  auto over = run("scorecard Rep.s { financial a 60%, b 50% }\n");
  CHECK(over->only().message == "weights of scorecard 's' total 110%, not 100%");
  CHECK(over->only().help == "take 10% off the weights so that they total 100%");
}

TEST_CASE("E0302: a KPI listed twice in one weight set") {
  auto c = run(R"(scorecard Rep.s {
  financial a 50%
  customer a 50%
  when role == "x" { financial a 50%, b 50% }
}
)");
  CHECK(c->found() == Found{"3:12 E0302 KPI 'a' is listed twice in scorecard 's'"});
  REQUIRE(c->only().notes.size() == 1);
  CHECK(c->only().notes[0].span.line == 2);
}

TEST_CASE("E0502: tranche shares total 100%") {
  auto c = run("schedule s {\n  50% now\n  30% after 1 year\n}\n");
  CHECK(c->found() == Found{"1:10 E0502 tranches of schedule 's' total 80%, not 100%"});
  CHECK(c->only().help == "add 20% to the tranche shares so that they total 100%");
  CHECK(run("schedule s { 33.3% now  33.3% after 1 year  33.4% after 2 years }")->found() == Found{});
}

TEST_CASE("E0401: a tranche share is a percent literal") {
  auto c = run("schedule s {\n  half now\n  50% after 1 year\n}\n");
  CHECK(c->found() == Found{"2:3 E0401 tranche share must be a percent literal"});
}

TEST_CASE("E0401: only 'transfer split' takes a share; E0302: one leaver and one transfer policy") {
  auto c = run("schedule s {\n  100% now\n  transfer stay 50%\n  transfer split 150%\n  leaver keep\n  leaver keep\n}\n");
  CHECK(c->found() == Found{"3:17 E0401 'transfer stay' takes no share", "4:3 E0302 schedule has a second transfer policy",
                            "4:18 E0510 transfer share 150% is outside 0%..100%",
                            "6:3 E0302 schedule has a second leaver policy"});
}

TEST_CASE("E0510: shares within 0%..100%") {
  CHECK(run("schedule s { 100% now  else release 120% }")->found() ==
        Found{"1:37 E0510 release share 120% is outside 0%..100%"});
  CHECK(run("schedule s { 110% now  -10% after 1 year }")->found() ==
        Found{"1:14 E0510 tranche share 110% is outside 0%..100%",
              "1:24 E0510 tranche share -10% is outside 0%..100%"});
  auto veto = run(std::string(kRecords) + "payout bonus on Rep = 1 CNY\nveto v on Rep when x cut 130%\n");
  CHECK(veto->found() == Found{"5:26 E0510 veto cut 130% is outside 0%..100%"});
  auto conc = run(std::string(kRecords) +
                    "payout bonus on Rep = 1 CNY\nconcentration k on Rep per Customer of x warn 101% cap 30%\n");
  CHECK(conc->found() == Found{"5:47 E0510 concentration warning line 101% is outside 0%..100%"});
}

TEST_CASE("W0104: a concentration warning line above its cap") {
  auto c = run(std::string(kRecords) +
                 "payout bonus on Rep = 1 CNY\nconcentration k on Rep per Customer of x warn 35% cap 30%\n");
  CHECK(c->found() == Found{"5:47 W0104 warning line 35% is above the cap 30%"});
  CHECK(run(std::string(kRecords) +
              "payout bonus on Rep = 1 CNY\nconcentration k on Rep per Customer of x warn 30% cap 30%\n")
            ->found() == Found{});
}

TEST_CASE("E0514: now once and first, after durations strictly increase") {
  auto c = run(R"(schedule s {
  10% after 1 year
  10% now
  10% now
  10% after 12 months
  10% after 6 months
  10% after 400 days
  40% after 13 months
}
)");
  CHECK(c->found() == Found{"3:3 E0514 the 'now' tranche comes after an 'after' tranche",
                            "4:3 E0514 schedule releases a 'now' tranche twice",
                            "5:13 E0514 tranche after 12 months is not later than the tranche before it (after 1 year)",
                            "6:13 E0514 tranche after 6 months is not later than the tranche before it (after 12 months)",
                            "8:13 E0514 tranche after 13 months cannot be ordered against the tranche before it (after "
                            "400 days): a month has 28 to 31 days"});
  // 400 days after 6 months is later for any month length (6 * 31 = 186).
  CHECK(run("schedule s { 50% after 1 month  50% after 32 days }")->found() == Found{});
  CHECK(run("schedule s { 50% after 1 month  50% after 28 days }")->found() ==
        Found{"1:43 E0514 tranche after 28 days is not later than the tranche before it (after 1 month)"});
}

TEST_CASE("E0513: durations are positive whole counts of a known unit") {
  auto c = run("schedule s {\n  50% after 0 months\n  25% after 2 weeks\n  25% after 1.5 months\n"
                 "  clawback paid when x within 3 fortnights\n}\n");
  CHECK(c->found() == Found{"2:13 E0513 duration 0 months is not positive", "3:15 E0513 unknown time unit 'weeks'",
                            "4:13 E0513 duration 1.5 months is not a whole number of months",
                            "5:33 E0513 unknown time unit 'fortnights'"});
  CHECK(c->diagnostics.items()[1].help == "durations are in days, months, quarters or years");
  CHECK(run("schedule s { 100% after 2 yeers }")->only().help == "did you mean 'years'?");
  CHECK(run("schedule s { 50% after 1.5 years  50% after 1 quarter }")->found() ==
        Found{"1:45 E0514 tranche after 1 quarter is not later than the tranche before it (after 1.5 years)"});
}

TEST_CASE("E0302 and E0301 in schedule policies") {
  auto c = run(R"(schedule s {
  100% now
  else forfeit
  else roll forward
  leaver forfit
  transfer moves
  clawback some when x
}
)");
  CHECK(c->found() == Found{"4:3 E0302 schedule has a second 'else' outcome", "5:10 E0301 unknown leaver policy 'forfit'",
                            "6:12 E0301 unknown transfer policy 'moves'", "7:12 E0301 unknown clawback scope 'some'"});
  CHECK(c->diagnostics.items()[1].help == "did you mean 'forfeit'?");
  CHECK(c->diagnostics.items()[2].help == "did you mean 'move'?");
  CHECK(c->diagnostics.items()[3].help == "a clawback scope is paid or all");
}

TEST_CASE("E0505: tiers base, challenge and ideal once each") {
  auto c = run(R"(target Rep.t on x {
  base 60% -> 50%
  chalenge 70% -> 100%
  base 65% -> 60%
}
)");
  CHECK(c->found() == Found{"1:12 E0505 target 't' has no 'challenge' tier", "1:12 E0505 target 't' has no 'ideal' tier",
                            "3:3 E0505 unknown tier 'chalenge'", "4:3 E0505 tier 'base' is given twice"});
  CHECK(c->diagnostics.items()[2].help == "did you mean 'challenge'?");
}

TEST_CASE("E0503: thresholds strictly increase, scores never decrease") {
  auto c = run(R"(target Rep.t on x {
  base 60% -> 50%
  challenge 60% -> 40%
  ideal 80% -> 150%
}
target Rep.m on y { ideal 300 CNY -> 150%  base 100 CNY -> 50%  challenge 90 CNY -> 100% }
target Rep.mixed on y { base 100 CNY -> 50%  challenge 90 USD -> 100%  ideal 200 CNY -> 150% }
)");
  CHECK(c->found() == Found{"3:13 E0503 threshold of 'challenge' (60%) is not above 'base' (60%)",
                            "3:20 E0503 score of 'challenge' (40%) is below 'base' (50%)",
                            "6:75 E0503 threshold of 'challenge' (90 CNY) is not above 'base' (100 CNY)"});
}

TEST_CASE("E0507: grade arms in order, else last") {
  auto c = run(R"(measure Customer.g = grade clv { A >= 20000 CNY, B >= 20000 CNY, else C }
measure Customer.h = grade clv { A >= 10, B >= 5 }
measure Customer.p = grade clv by percentile { A top 50%, B top 20%, C top 120%, else D }
measure Customer.q = grade clv { else C, A >= 1 }
measure Customer.r = grade clv by percentile { A >= 1, else C }
)");
  CHECK(c->found() == Found{"1:55 E0507 threshold of 'B' (20000 CNY) is not below 'A' (20000 CNY)",
                            "2:22 E0507 grade has no 'else' arm",
                            "3:65 E0507 share of 'B' (top 20%) does not exceed 'A' (top 50%)",
                            "3:76 E0507 share of 'C' (top 120%) is outside 0%..100%",
                            "4:34 E0507 the 'else' arm must be the last arm",
                            "5:48 E0507 arm 'A' uses '>=' in a grade by percentile"});
}

TEST_CASE("E0504: effective ranges of a param do not overlap") {
  auto c = run(R"(param rate = 3% from 2026-01-01 until 2026-12-31,
  2.5% from 2026-12-31,
  2% from 2027-06-01 until 2027-01-01,
  1%,
  4%
)");
  CHECK(c->found() == Found{"2:13 E0504 param 'rate': the value from 2026-12-31 (open-ended) overlaps the value from "
                            "2026-01-01 until 2026-12-31",
                            "3:28 E0504 effective range ends (2027-01-01) before it starts (2027-06-01)",
                            "5:3 E0504 param 'rate' has a second value without 'from'"});
  REQUIRE(c->diagnostics.items()[0].notes.size() == 1);
  CHECK(c->diagnostics.items()[0].notes[0].span.line == 1);
  CHECK(c->diagnostics.items()[0].notes[0].span.col == 22);
  CHECK(run("param r = 1 from 2026-01-01 until 2026-06-30, 2 from 2026-07-01")->found() == Found{});
}

TEST_CASE("dates that do not exist are left to name resolution (E0108), not compared") {
  CHECK(run("param r = 1 from 2026-02-29 until 2026-01-01, 2 from 2026-01-01 until 2026-04-31")->found() == Found{});
  CHECK(run("param r = 1 from 2028-02-29 until 2028-03-01, 2 from 2028-03-01")->found() ==
        Found{"1:54 E0504 param 'r': the value from 2028-03-01 (open-ended) overlaps the value from 2028-02-29 until "
              "2028-03-01"});
}

TEST_CASE("E0508 and E0509: table rows") {
  auto c = run(R"(table quota by Rep.role, Rep.region {
  "rep", "emerging" -> 1 CNY
  "rep" -> 2 CNY
  "rep", "emerging" -> 3 CNY
  else -> 4 CNY
  else -> 5 CNY
  "rep", x -> 6 CNY
  "rep", x -> 7 CNY
}
)");
  CHECK(c->found() == Found{"3:3 E0508 row has 1 key, but table 'quota' is keyed by 2 columns (Rep.role, Rep.region)",
                            "4:3 E0509 table 'quota' has a second row for \"rep\", \"emerging\"",
                            "6:3 E0509 table 'quota' has a second 'else' row"});
  REQUIRE(c->diagnostics.items()[1].notes.size() == 1);
  CHECK(c->diagnostics.items()[1].notes[0].span.line == 2);
  CHECK(run("table t by Rep.level { 1 -> 1 CNY  1.0 -> 2 CNY }")->found() ==
        Found{"1:36 E0509 table 't' has a second row for 1"});
}

TEST_CASE("W0105: rules that reach no payout") {
  // A rule acts on payouts computed on its subject and on payouts paid to it.
  auto c = run(std::string(kRecords) + R"(payout commission on Customer to owner = 1 CNY
payout pool on Team = 1 CNY split among Rep by contribution
veto v on Customer when x zero
gate g on Rep to commission, pool requires y
cap c on Team to pool at 1 CNY
floor f on Rep to nothing_known at 1 CNY
floor f2 on Customer to pool at 1 CNY
)");
  CHECK(c->found() == Found{"10:25 W0105 payout 'pool' is computed on Team and paid to Rep, neither is Customer, so "
                            "floor 'f2' never acts on it"});
  auto none = run(std::string(kRecords) + "concentration k on Rep per Customer of x cap 30%\n");
  CHECK(none->found() == Found{"4:15 W0105 concentration 'k' applies to no payout: no payout pays Rep"});
}

TEST_CASE("W0102: variants that can never apply") {
  auto c = run(R"(scorecard Rep.s {
  financial a 100%
  when role == "a" and role == "b" { financial a 100% }
  when role in ("a", "b") { financial a 100% }
  when role == "a" and region == "x" { financial a 100% }
  when period == 2026-Q2 { financial a 100% }
  when period in (2026-04, 2026-05) { financial a 100% }
  when score > 80% { financial a 100% }
  when score > 80% and role == "c" { financial a 100% }
  when false { financial a 100% }
}
)");
  CHECK(c->found() ==
        Found{"3:3 W0102 this variant can never apply: 'role' cannot be both \"a\" and \"b\"",
              "5:3 W0102 this variant can never apply: whenever it holds, the earlier variant "
              "'when role in (\"a\", \"b\")' holds too and wins",
              "6:3 W0103 variants overlap: one Rep can match both 'when role in (\"a\", \"b\")' and "
              "'when period == 2026-Q2'",
              "7:3 W0102 this variant can never apply: whenever it holds, the earlier variant "
              "'when period == 2026-Q2' holds too and wins",
              "9:3 W0102 this variant can never apply: whenever it holds, the earlier variant "
              "'when score > 80%' holds too and wins",
              "10:3 W0102 this variant can never apply: the condition contains 'false'"});
}

TEST_CASE("W0103: variants that can both hold") {
  auto c = run(R"(scorecard Rep.s {
  financial a 100%
  when role == "director" { financial a 100% }
  when region == "emerging" { financial a 100% }
}
)");
  CHECK(c->found() == Found{"4:3 W0103 variants overlap: one Rep can match both 'when role == \"director\"' and "
                            "'when region == \"emerging\"'"});
  CHECK(c->only().help == "the first variant written wins; make the conditions exclusive or order them on purpose");
  CHECK(c->only().notes.size() == 1);

  SUBCASE("exclusive and opaque conditions are quiet") {
    auto quiet = run(R"(scorecard Rep.s {
  financial a 100%
  when role == "director" and region == "x" { financial a 100% }
  when role == "rep" { financial a 100% }
  when role == "vp" and policy_shock { financial a 100% }
  when role == "vp" and not policy_shock { financial a 100% }
  when score > 80% { financial a 100% }
  when period == 2026-Q2 and role == "manager" { financial a 100% }
  when period == 2026-Q3 and role in ("manager", "lead") { financial a 100% }
}
)");
    CHECK(quiet->found() == Found{});
  }
  SUBCASE("a dead variant overlaps nothing") {
    auto dead = run(R"(scorecard Rep.s {
  financial a 100%
  when role == "director" { financial a 100% }
  when role == "director" and region == "x" { financial a 100% }
  when region == "x" { financial a 100% }
}
)");
    CHECK(dead->found() == Found{"4:3 W0102 this variant can never apply: whenever it holds, the earlier variant "
                                 "'when role == \"director\"' holds too and wins",
                                 "5:3 W0103 variants overlap: one Rep can match both 'when role == \"director\"' and "
                                 "'when region == \"x\"'"});
    CHECK(dead->diagnostics.items()[1].notes.size() == 1);
  }
  SUBCASE("a situation can hold together with a role") {
    auto both = run(R"(scorecard Rep.s {
  financial a 100%
  when role == "director" { financial a 100% }
  when role == "rep" { financial a 100% }
  when policy_shock { financial a 100% }
}
)");
    CHECK(both->found() == Found{"5:3 W0103 variants overlap: one Rep can match both 'when role == \"director\"' and "
                                 "'when policy_shock'"});
    CHECK(both->only().notes.size() == 2);
  }
}
