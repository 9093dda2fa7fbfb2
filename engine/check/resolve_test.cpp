// The name-and-type pass: for every code it reports, a plan that triggers it
// (checked for code, position and wording), and valid plans that produce no
// diagnostics at all.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <chrono>

#include "check/analyze.h"
#include "syntax/syntax.h"

using namespace accrue;
using namespace accrue::check;

namespace {

struct Checked {
  diag::SourceMap sources;
  diag::Diagnostics diags;
  std::shared_ptr<Plan> plan;

  std::string text() const {
    std::string out;
    for (const auto& d : diags.items()) out += diag::render_text(d, sources, {});
    return out;
  }
  // The one diagnostic with this code at line:col; its message must contain `words`.
  bool has(std::string_view code, std::uint32_t line, std::uint32_t col, std::string_view words) const {
    for (const auto& d : diags.items())
      if (diag::code_name(d.code) == code && d.span.line == line && d.span.col == col &&
          d.message.find(words) != std::string::npos)
        return true;
    return false;
  }
  std::size_t count(std::string_view code) const {
    std::size_t n = 0;
    for (const auto& d : diags.items()) n += diag::code_name(d.code) == code;
    return n;
  }
};

std::unique_ptr<Checked> check_texts(const std::vector<std::string>& texts) {
  auto c = std::make_unique<Checked>();
  std::vector<syntax::Module> modules;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto id = c->sources.add(i == 0 ? "t.plan" : "m" + std::to_string(i) + ".plan", texts[i]);
    auto parsed = syntax::parse(c->sources, id);
    c->diags.append(parsed.diagnostics);
    modules.push_back(std::move(parsed.module));
  }
  c->plan = analyze(std::move(modules), c->sources, c->diags);
  c->diags.sort();
  return c;
}

std::unique_ptr<Checked> check_text(const std::string& text) { return check_texts({text}); }

// Four lines; the cases below start on line 5.
const std::string kPrelude =
    "plan \"T\" version \"1\" { currency CNY settle quarterly round money half_even }\n"
    "payee Rep key id { role: text  incentive: money  manager: Rep? }\n"
    "entity Customer key id { owner: Rep  acquired: date  industry: text }\n"
    "event Order key id dated on { customer: Customer  amount: money  margin: percent }\n";

std::unique_ptr<Checked> check_body(const std::string& body) { return check_text(kPrelude + body); }

const char* kFullPlan = R"(plan "LTV" version "2026.1" {
  currency CNY
  settle quarterly
  round money half_even
}
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
measure Customer.active = orders_12m > 0
measure Customer.churned = not active
measure Rep.repurchase_rate = share(Customer where orders_12m >= 2)
measure Rep.top_customers = count(Customer where pct == A)
target Rep.repurchase_score on repurchase_rate { base 60% -> 50%  challenge 70% -> 100%  ideal 80% -> 150%  linear }
measure Rep.quota_reach = sum(Order.amount over period) / quota
scorecard Rep.score {
  financial repurchase_score 40%
  customer quota_reach 60%
  when role == "director" { financial repurchase_score 100% }
}
situation policy_shock on Customer when grade == A from 2026-04-01 until 2026-06-30
measure Rep.shocked = any(Customer where policy_shock)
veto compliance on Rep to bonus when count(Order where Order.amount > 1 CNY over period) > top_customers zero for plan year
veto quality on Rep when shocked cut 30%
gate min_score on Rep requires score >= 60%
cap bonus_cap on Rep to bonus at 200% * target_incentive
floor bonus_floor on Rep at 0 CNY
concentration key_account on Rep per Customer of sum(Order.amount over period) warn 25% cap 30% to commission
payout commission on Customer to owner = commission_rate * sum(Order.amount over period) defer five_year
payout bonus on Rep = target_incentive * score
schedule five_year {
  50% now
  12.5% after 1 year when active
  37.5% after 2 years when active
  else forfeit
  clawback paid when churned within 12 months
  leaver forfeit
  transfer split 50%
}
)";

}  // namespace

TEST_CASE("the full example plan is valid and fully resolved") {
  auto c = check_text(kFullPlan);
  CHECK(c->text() == "");
  const Plan& p = *c->plan;
  CHECK(p.currency == "CNY");
  REQUIRE(p.records.size() == 3);
  // Implicit key and dated fields.
  const RecordInfo& order = p.records[2];
  REQUIRE(order.field_index.count("on"));
  CHECK(order.fields[order.dated_field].type.kind == TypeKind::Date);
  CHECK(order.fields[order.key_field].implicit);
  // Measures of Customer in dependency order: clv after orders_12m, grade after clv.
  auto position = [&](const RecordInfo& r, const std::string& name) {
    for (std::size_t i = 0; i < r.measures.size(); ++i)
      if (p.measures[r.measures[i]].name == name) return static_cast<int>(i);
    return -1;
  };
  const RecordInfo& customer = p.records[1];
  CHECK(position(customer, "orders_12m") < position(customer, "clv"));
  CHECK(position(customer, "clv") < position(customer, "grade"));
  CHECK(position(customer, "active") < position(customer, "churned"));
  const MeasureInfo& clv = p.measures[customer.measure_index.at("clv")];
  CHECK(to_string(clv.type) == "money (CNY)");
  CHECK(to_string(p.measures[customer.measure_index.at("grade")].type) == "grade {A, B, C}");
  const RecordInfo& rep = p.records[0];
  CHECK(to_string(p.measures[rep.measure_index.at("repurchase_rate")].type) == "percent");
  CHECK(to_string(p.measures[rep.measure_index.at("quota_reach")].type) == "number");
  // The relation of an aggregation from Order to Rep: customer then owner.
  const syntax::Expr* reach = clv.decl->measure.value.get();
  (void)reach;
  const MeasureInfo& qr = p.measures[rep.measure_index.at("quota_reach")];
  const syntax::Expr& sum = *qr.decl->measure.value->args[0];
  const ResolvedExpr* r = p.resolved(&sum);
  REQUIRE(r);
  CHECK(r->aggregate == Aggregate::Sum);
  CHECK(r->record == 2);
  REQUIRE(r->path.size() == 2);
  CHECK(order.fields[r->path[0].field].name == "customer");
  CHECK(customer.fields[r->path[1].field].name == "owner");
  CHECK(r->has_window);
  CHECK(r->window.kind == syntax::WindowKind::Period);
  // The table used by bare name.
  const ResolvedExpr* q = p.resolved(qr.decl->measure.value->args[1].get());
  REQUIRE(q);
  CHECK(q->target == NameTarget::Table);
  // The payout's recipient and schedule.
  REQUIRE(p.payouts.size() == 2);
  CHECK(p.payouts[0].recipient_record == 0);
  CHECK(p.payouts[0].schedule == 0);
  CHECK(p.payouts[0].schedule_exprs.size() >= 3);
  CHECK(p.payouts[1].recipient_record == 0);
  // Params come before the measures that read them.
  std::size_t param_at = 0, clv_at = 0;
  for (std::size_t i = 0; i < p.evaluation_order.size(); ++i) {
    const auto& s = p.evaluation_order[i];
    if (s.kind == EvaluationStep::Kind::Param && p.params[s.id].name == "lifetime_years") param_at = i;
    if (s.kind == EvaluationStep::Kind::Measure && p.measures[s.id].name == "clv") clv_at = i;
  }
  CHECK(param_at < clv_at);
}

TEST_CASE("a library module checked alone has no unused warnings and money of any currency") {
  auto c = check_text("payee Rep key id { incentive: money }\nmeasure Rep.double = incentive * 2\n"
                      "measure Rep.bonus = incentive + 10 USD\n");
  CHECK(c->text() == "");
}

TEST_CASE("imports share one namespace") {
  auto c = check_texts({kPrelude + "measure Rep.total = sum(Order.amount)\npayout p on Rep = total * rate\n",
                        "param rate = 5%\n"});
  CHECK(c->text() == "");
}

TEST_CASE("header") {
  SUBCASE("E0206 unknown currency") {
    auto c = check_text("plan \"T\" { currency CNX settle quarterly round money half_even }\n");
    CHECK(c->has("E0206", 1, 21, "unknown currency 'CNX'"));
    CHECK(c->text().find("did you mean 'CNY'?") != std::string::npos);
  }
  SUBCASE("E0209 unknown cadence, E0207 unknown rounding mode") {
    auto c = check_text("plan \"T\" { currency CNY settle weekly round money half_evn }\n");
    CHECK(c->has("E0209", 1, 32, "unknown settlement cadence 'weekly'"));
    CHECK(c->has("E0207", 1, 51, "unknown rounding mode 'half_evn'"));
  }
  SUBCASE("E0206 names the ISO code for RMB") {
    auto c = check_text("plan \"T\" { currency RMB }\n");
    CHECK(c->has("E0206", 1, 21, "unknown currency 'RMB'"));
    CHECK(c->text().find("help: the ISO 4217 code for RMB is CNY") != std::string::npos);
  }
  SUBCASE("E0205 repeated setting") {
    auto c = check_text("plan \"T\" { currency CNY currency USD }\n");
    CHECK(c->has("E0205", 1, 25, "given twice"));
  }
  SUBCASE("E0204 payouts without a header") {
    auto c = check_text("payee Rep key id { incentive: money }\npayout bonus on Rep = incentive\n");
    CHECK(c->has("E0204", 2, 8, "payout 'bonus' needs a plan header"));
  }
  SUBCASE("E0208 header in an imported module") {
    auto c = check_texts({kPrelude, "plan \"M\" { currency CNY }\nparam x = 1\n"});
    CHECK(c->count("E0208") == 1);
    CHECK(c->text().find("m1.plan:1:1: error[E0208]: 'm1.plan' is imported") != std::string::npos);
  }
}

TEST_CASE("names") {
  SUBCASE("E0301 unknown name with a suggestion") {
    auto c = check_body("measure Rep.x = rol\n");
    CHECK(c->has("E0301", 5, 17, "unknown name 'rol' on 'Rep'"));
    CHECK(c->text().find("help: did you mean 'role'?") != std::string::npos);
  }
  SUBCASE("E0301 unknown grade label") {
    auto c = check_body("measure Customer.g = grade acquired { A >= 2026-01-01, else B }\n"
                        "measure Customer.x = g == D\n");
    CHECK(c->has("E0301", 6, 27, "unknown grade label 'D'"));
  }
  SUBCASE("E0301 unknown payout in a rule") {
    auto c = check_body("payout bonus on Rep = incentive\ngate g on Rep to bonsu requires true\n");
    CHECK(c->has("E0301", 6, 18, "unknown payout 'bonsu'"));
  }
  SUBCASE("E0302 duplicates, with a note at the first") {
    auto c = check_body("param x = 1\nparam x = 2\nmeasure Rep.m = 1\nmeasure Rep.m = 2\n");
    CHECK(c->has("E0302", 6, 7, "'x' is declared twice"));
    CHECK(c->has("E0302", 8, 13, "'Rep.m' is declared twice"));
    CHECK(c->text().find("note: t.plan:5:7: the first 'x' (param) is declared here") != std::string::npos);
  }
  SUBCASE("E0302 across modules") {
    auto c = check_texts({kPrelude + "param x = 1\n", "param x = 2\n"});
    CHECK(c->text().find("m1.plan:1:7: error[E0302]: 'x' is declared twice") != std::string::npos);
  }
  SUBCASE("E0303 cycle, reported once with the whole cycle") {
    auto c = check_body("measure Customer.clv = aov * 2\nmeasure Customer.aov = clv / 2\n");
    CHECK(c->count("E0303") == 1);
    CHECK(c->has("E0303", 5, 18, "cyclic definition: clv -> aov -> clv"));
    CHECK(c->text().find("note: t.plan:6:18: 'aov' is part of the cycle") != std::string::npos);
  }
  SUBCASE("E0303 through params") {
    auto c = check_body("param a = b\nparam b = a\n");
    CHECK(c->has("E0303", 5, 7, "cyclic definition: a -> b -> a"));
  }
  SUBCASE("E0304 unknown field type") {
    auto c = check_body("entity Shop key id { owner: Repp }\n");
    CHECK(c->has("E0304", 5, 29, "unknown type 'Repp' for field 'owner'"));
    CHECK(c->text().find("did you mean 'Rep'?") != std::string::npos);
  }
  SUBCASE("E0305 unknown field through a reference") {
    auto c = check_body("measure Customer.x = owner.rol\n");
    CHECK(c->has("E0305", 5, 28, "'Rep' has no field or measure 'rol'"));
  }
  SUBCASE("E0306 no relation") {
    auto c = check_text(kPrelude + "entity Region key id { name: text }\nmeasure Region.x = sum(Order.amount)\n");
    CHECK(c->has("E0306", 6, 24, "'Order' is not related to 'Region'"));
  }
  SUBCASE("E0307 ambiguous relation, and via settles it") {
    auto c = check_text(kPrelude + "event Sale key id dated on { seller: Rep  buyer: Rep  amount: money }\n"
                                   "measure Rep.x = sum(Sale.amount)\nmeasure Rep.y = sum(Sale.amount via seller)\n");
    CHECK(c->has("E0307", 6, 21, "'Sale' relates to 'Rep' in more than one way (seller or buyer)"));
    CHECK(c->text().find("write `via seller`") != std::string::npos);
    CHECK(c->count("E0307") == 1);
  }
  SUBCASE("E0308 measure on an event") {
    auto c = check_body("measure Order.x = 1\n");
    CHECK(c->has("E0308", 5, 9, "'Order' is an event"));
  }
  SUBCASE("E0309 unknown function") {
    auto c = check_body("measure Rep.x = summ(Order.amount)\n");
    CHECK(c->has("E0309", 5, 17, "unknown function 'summ'"));
    CHECK(c->text().find("did you mean 'sum'?") != std::string::npos);
  }
}

TEST_CASE("types and units") {
  SUBCASE("E0401 money plus number names both sides") {
    auto c = check_body("measure Rep.x = incentive + 5\n");
    CHECK(c->has("E0401", 5, 27, "cannot add money (CNY) and integer"));
    CHECK(c->text().find("note: t.plan:2:32: 'incentive' is declared here as money (CNY)") != std::string::npos);
  }
  SUBCASE("E0401 percent plus number") {
    auto c = check_body("measure Rep.x = 5% + 2\n");
    CHECK(c->has("E0401", 5, 20, "cannot add percent and integer"));
  }
  SUBCASE("E0402 currencies") {
    auto c = check_body("measure Rep.x = incentive - 5 USD\n");
    CHECK(c->has("E0402", 5, 27, "cannot subtract money (USD) from money (CNY)"));
  }
  SUBCASE("E0403 money plus percent") {
    auto c = check_body("measure Rep.x = incentive + 5%\n");
    CHECK(c->has("E0403", 5, 27, "cannot add money (CNY) and percent"));
  }
  SUBCASE("E0404 date plus number") {
    auto c = check_body("measure Customer.x = acquired + 30\n");
    CHECK(c->has("E0404", 5, 31, "cannot add date and integer"));
  }
  SUBCASE("E0405 condition not bool") {
    auto c = check_body("gate g on Rep requires incentive\npayout p on Rep = incentive\n");
    CHECK(c->has("E0405", 5, 24, "a gate's requirement must be a bool, but this is money (CNY)"));
  }
  SUBCASE("E0406 arity") {
    auto c = check_body("measure Rep.x = abs(1, 2)\n");
    CHECK(c->has("E0406", 5, 17, "'abs' takes one value, but got 2"));
  }
  SUBCASE("E0407 window on an entity") {
    auto c = check_body("measure Rep.x = count(Customer over last 3 months)\n");
    CHECK(c->has("E0407", 5, 37, "'over' applies to events"));
  }
  SUBCASE("E0407 aggregation without a source") {
    auto c = check_body("measure Rep.x = sum(incentive)\n");
    CHECK(c->has("E0407", 5, 21, "'sum' needs a source"));
  }
  SUBCASE("E0408 division by a literal zero") {
    auto c = check_body("measure Rep.x = incentive / 0\n");
    CHECK(c->has("E0408", 5, 29, "division by zero"));
  }
  SUBCASE("E0409 payout not money") {
    auto c = check_body("payout p on Rep = 5%\n");
    CHECK(c->has("E0409", 5, 19, "payout 'p' must be money, but this is percent"));
  }
  SUBCASE("E0108 literals") {
    auto c = check_body("measure Rep.a = 2026-02-30\nmeasure Rep.b = 12 monthz\nmeasure Rep.c = 2026-13\n");
    CHECK(c->has("E0108", 5, 17, "'2026-02-30' is not a calendar date"));
    CHECK(c->has("E0108", 6, 20, "unknown unit 'monthz'"));
    CHECK(c->has("E0108", 7, 17, "'2026-13' is not a period"));
  }
  SUBCASE("E0206 unknown currency in a literal") {
    auto c = check_body("measure Rep.a = 3 XYZ\n");
    CHECK(c->has("E0206", 5, 19, "unknown currency 'XYZ'"));
  }
  SUBCASE("rules of the type table") {
    auto c = check_body(
        "measure Rep.a = incentive * 2\nmeasure Rep.b = incentive / incentive\nmeasure Rep.c = 5% * 5%\n"
        "measure Rep.d = 5% * 2\nmeasure Customer.e = acquired - 2026-01-01\nmeasure Customer.f = acquired + 3 months\n"
        "measure Rep.g = 1 / 2\nmeasure Rep.h = 1 + 2\nmeasure Rep.i = if true then 1 else 2.5\n");
    CHECK(c->count("E0401") == 0);
    const Plan& p = *c->plan;
    auto type_of = [&](std::string_view rec, const std::string& name) {
      for (const auto& r : p.records)
        if (r.name == rec) return to_string(p.measures[r.measure_index.at(name)].type);
      return std::string();
    };
    CHECK(type_of("Rep", "a") == "money (CNY)");
    CHECK(type_of("Rep", "b") == "number");
    CHECK(type_of("Rep", "c") == "percent");
    CHECK(type_of("Rep", "d") == "number");
    CHECK(type_of("Customer", "e") == "duration");
    CHECK(type_of("Customer", "f") == "date");
    CHECK(type_of("Rep", "g") == "number");
    CHECK(type_of("Rep", "h") == "integer");
    CHECK(type_of("Rep", "i") == "number");
  }
  SUBCASE("an error does not cascade") {
    auto c = check_body("measure Rep.x = (rol + 1) * incentive + 5 USD\nmeasure Rep.y = x + 5%\n");
    CHECK(c->diags.error_count() == 1);
    CHECK(c->count("E0301") == 1);
  }
}

TEST_CASE("records, payout recipients and schedules") {
  SUBCASE("E0506 a payee without a key, an event without a date") {
    auto c = check_body("payee Team { name: text }\nevent Visit key id { rep: Rep }\n");
    CHECK(c->has("E0506", 5, 7, "payee 'Team' has no key"));
    CHECK(c->has("E0506", 6, 7, "event 'Visit' has no date"));
  }
  SUBCASE("E0511 a payout that pays no payee") {
    auto c = check_body("entity Region key id { head: Customer }\n"
                        "payout a on Customer = 1 CNY\n"
                        "payout b on Region to head = 1 CNY\n");
    CHECK(c->has("E0511", 6, 13, "payout 'a' is computed on Customer, which is not a payee"));
    CHECK(c->has("E0511", 7, 23, "'head' leads to Customer, which is not a payee"));
  }
  SUBCASE("E0512 an unknown deferral schedule") {
    auto c = check_body("schedule five_year { 100% now }\npayout a on Customer to owner = 1 CNY defer five_yeer\n");
    CHECK(c->has("E0512", 6, 45, "unknown deferral schedule 'five_yeer'"));
    CHECK(c->text().find("did you mean 'five_year'?") != std::string::npos);
  }
}

TEST_CASE("if branches of different units are a type mismatch") {
  auto c = check_body("measure Customer.x = if true then 5% else 1 CNY\npayout a on Customer to owner = 1 CNY * x\n");
  CHECK(c->count("E0401") >= 1);
  CHECK(c->count("E0403") == 0);
}

TEST_CASE("an unknown function with clauses is E0309") {
  auto c = check_body("measure Customer.x = summ(Order.amount over period)\npayout a on Customer to owner = x\n");
  CHECK(c->has("E0309", 5, 22, "unknown function 'summ'"));
}

TEST_CASE("W0101 unused declarations in the root plan only") {
  auto c = check_texts({kPrelude + "param unused_rate = 5%\npayout p on Rep = incentive\n",
                        "param library_rate = 1%\n"});
  CHECK(c->has("W0101", 5, 7, "param 'unused_rate' is never used"));
  CHECK(c->text().find("library_rate") == std::string::npos);
}

TEST_CASE("a 20,000-line plan checks quickly") {
  // The semantic passes alone (parsing has its own budget): a chain of
  // 20,000 measures, each reading the one before, is linear work.
  std::string text = kPrelude + "payout p on Rep = incentive * m19999\nmeasure Rep.m0 = 1\n";
  for (int i = 1; i < 20000; ++i) text += "measure Rep.m" + std::to_string(i) + " = m" + std::to_string(i - 1) + " + 1\n";
  diag::SourceMap sources;
  diag::Diagnostics diags;
  auto parsed = syntax::parse(sources, sources.add("big.plan", text));
  std::vector<syntax::Module> modules;
  modules.push_back(std::move(parsed.module));
  auto start = std::chrono::steady_clock::now();
  auto plan = analyze(std::move(modules), sources, diags);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  CHECK(diags.error_count() == 0);
  CHECK(plan->records[0].measures.size() == 20000);
  CHECK(ms < 1000);  // generous for a shared CI machine; typically far less
  MESSAGE("20,000 measures checked in " << ms << " ms");
}
