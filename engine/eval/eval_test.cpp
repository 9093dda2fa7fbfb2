// Evaluation of a small plan over a small dataset, every value checked
// exactly: windows at the period's edges, params by effective date, tables,
// references, every aggregation kind, nulls, run-time errors.
#include "eval/eval_test_support.h"

using namespace accrue;
using namespace accrue::eval;
using accrue::eval::testing::Fixture;

namespace {

const char* kHeader = "plan \"T\" version \"1\" { currency CNY settle quarterly round money half_even }\n";

const char* kRecords = R"(
payee Rep key id { role: text  attain: number?  manager: Rep? }
entity Customer key id { owner: Rep  industry: text }
event Order key id dated on { customer: Customer  amount: money  margin: percent  qty: integer?  line: text }
event Survey key id dated on { customer: Customer  score: integer }
)";

// Orders around 2026-Q1: O1 one day before the last-12-months window, O2 on
// its first day, O3/O4 on the period's first and last days, O5 after it.
const std::map<std::string, std::string> kTables = {
    {"Rep",
     "id,role,attain,manager\nR1,rep,0.55,\nR2,manager,0.6,\nR3,rep,0.8,R2\nR4,rep,0.7,R2\nR5,rep,0.65,\n"
     "R6,rep,,\nR7,rep,0.4,\n"},
    {"Customer", "id,owner,industry\nC1,R1,steel\nC2,R1,chemicals\nC3,R3,steel\nC4,R3,retail\n"},
    {"Order",
     "id,on,customer,amount,margin,qty,line\n"
     "O1,2025-03-31,C1,1000.00,10%,1,a\n"
     "O2,2025-04-01,C1,200.50,20%,,b\n"
     "O3,2026-01-01,C1,100.25,30%,3,a\n"
     "O4,2026-03-31,C1,50,25.5%,2,c\n"
     "O5,2026-04-01,C1,7777,50%,9,d\n"
     "O6,2026-02-15,C2,300,10%,1,a\n"
     "O7,2025-12-31,C3,40,10%,1,a\n"
     "O8,2026-02-16,C2,0.10,10%,,a\n"
     "O9,2026-01-10,C3,60,10%,1,b\n"},
    {"Survey",
     "id,on,customer,score\nS1,2026-01-05,C1,10\nS2,2026-01-06,C1,9\nS3,2026-02-01,C2,9\nS4,2026-02-02,C2,3\n"
     "S5,2024-01-01,C1,0\nS6,2026-03-01,C3,7\n"},
};

std::string plan_with(const std::string& body) { return std::string(kHeader) + kRecords + body; }

}  // namespace

TEST_CASE("periods by cadence, shifting and dates") {
  auto q = parse_period("2026-Q1", "quarterly");
  REQUIRE(q.ok());
  CHECK(format_date(q->first_day) == "2026-01-01");
  CHECK(format_date(q->last_day) == "2026-03-31");
  auto m = parse_period("2024-02", "monthly");
  REQUIRE(m.ok());
  CHECK(format_date(m->last_day) == "2024-02-29");
  auto y = parse_period("2026", "yearly");
  REQUIRE(y.ok());
  CHECK(format_date(y->first_day) == "2026-01-01");
  CHECK(format_date(y->last_day) == "2026-12-31");
  auto wrong = parse_period("2026-03", "quarterly");
  REQUIRE(!wrong.ok());
  CHECK(wrong.error().message == "period '2026-03' is a month, but the plan settles quarterly: write the quarter, e.g. 2026-Q1");
  auto q5 = parse_period("2026-Q5", "quarterly");
  REQUIRE(!q5.ok());
  CHECK(q5.error().message == "period '2026-Q5' names quarter 5, but quarters are Q1 to Q4");
  CHECK(!parse_period("2026-13", "monthly").ok());
  CHECK(!parse_period("2026-Q1", "yearly").ok());
  Period prev = shift_period(*q, "quarterly", 1);
  CHECK(prev.label == "2025-Q4");
  CHECK(format_date(prev.first_day) == "2025-10-01");
  CHECK(format_date(prev.last_day) == "2025-12-31");
  CHECK(shift_period(*q, "quarterly", 4).label == "2025-Q1");
  CHECK(shift_period(*m, "monthly", 2).label == "2023-12");
}

TEST_CASE("the data schema follows the plan's records") {
  Fixture f("schema", plan_with("measure Customer.n = count(Order over all)\n"), kTables);
  data::DatasetSchema schema = dataset_schema(f.plan());
  CHECK(schema.currency == "CNY");
  REQUIRE(schema.tables.size() == 4);
  const data::TableSchema& order = schema.tables[2];
  CHECK(order.name == "Order");
  CHECK(order.kind == data::TableKind::Event);
  CHECK(order.key == "id");
  CHECK(order.date_field == "on");
  bool saw_reference = false;
  for (const auto& field : order.fields)
    if (field.name == "customer") {
      saw_reference = true;
      CHECK(field.type == data::FieldType::Reference);
      CHECK(field.references == "Customer");
    }
  CHECK(saw_reference);
}

TEST_CASE("windows end on the period's last day and include their first day") {
  Fixture f("windows", plan_with(R"(
measure Customer.revenue_q = sum(Order.amount over period)
measure Customer.revenue_default = sum(Order.amount)
measure Customer.orders_12m = count(Order over last 12 months)
measure Customer.orders_all = count(Order over all)
measure Customer.orders_ytd = count(Order over plan year)
measure Customer.orders_since = count(Order over since 2026-02-01)
measure Customer.orders_90d = count(Order over last 90 days)
measure Customer.orders_4q = count(Order over last 4 quarters)
measure Customer.orders_1y = count(Order over last 1 year)
)"),
            kTables);
  REQUIRE_MESSAGE(f.run("2026-Q1"), f.errors());
  CHECK(f.measure("Customer", "revenue_q", "C1") == "150.25");
  CHECK(f.measure("Customer", "revenue_default", "C1") == "150.25");
  CHECK(f.measure("Customer", "revenue_q", "C2") == "300.1");
  CHECK(f.measure("Customer", "revenue_q", "C4") == "0");
  CHECK(f.measure("Customer", "orders_12m", "C1") == "3");  // O2..O4: not O1 (2025-03-31), not O5
  CHECK(f.measure("Customer", "orders_4q", "C1") == "3");
  CHECK(f.measure("Customer", "orders_1y", "C1") == "3");
  CHECK(f.measure("Customer", "orders_all", "C1") == "4");  // O5 is after the period
  CHECK(f.measure("Customer", "orders_ytd", "C1") == "2");
  CHECK(f.measure("Customer", "orders_ytd", "C3") == "1");
  CHECK(f.measure("Customer", "orders_since", "C1") == "1");
  CHECK(f.measure("Customer", "orders_90d", "C1") == "2");  // 2026-01-01..2026-03-31
  CHECK(f.measure("Customer", "orders_12m", "C4") == "0");

  REQUIRE_MESSAGE(f.run("2026-Q2"), f.errors());
  CHECK(f.measure("Customer", "revenue_q", "C1") == "7777");
  CHECK(f.measure("Customer", "orders_all", "C1") == "5");
}

TEST_CASE("params by effective date, tables, references and nulls") {
  Fixture f("params", plan_with(R"(
param rate = 3% from 2026-01-01 until 2026-03-31, 4% from 2026-04-01, 1%
param late = 5 from 2030-01-01
table quota by Rep.role { "rep" -> 100 CNY  else -> 50 CNY }
measure Rep.q = quota
measure Customer.owner_quota = owner.quota
measure Customer.owner_role = owner.role
measure Rep.manager_attain = manager.attain
measure Rep.manager_attain_plus = manager.attain + 1
measure Rep.manager_branch = if manager.attain > 0.5 then 1 else 2
measure Rep.is_lead = role in ("manager", "director")
measure Rep.rated = attain * 2
measure Customer.commission = rate * sum(Order.amount over period)
)"),
            kTables);
  REQUIRE_MESSAGE(f.run("2026-Q1"), f.errors());
  CHECK(f.param("rate") == "0.03");
  CHECK(f.measure("Rep", "q", "R1") == "100");
  CHECK(f.measure("Rep", "q", "R2") == "50");
  CHECK(f.measure("Customer", "owner_quota", "C3") == "100");
  CHECK(f.measure("Customer", "owner_role", "C1") == "rep");
  CHECK(f.measure("Rep", "manager_attain", "R3") == "0.6");
  CHECK(f.measure("Rep", "manager_attain", "R1") == "null");
  CHECK(f.measure("Rep", "manager_attain_plus", "R1") == "null");
  CHECK(f.measure("Rep", "manager_attain_plus", "R4") == "1.6");
  CHECK(f.measure("Rep", "manager_branch", "R1") == "2");  // a null condition is false
  CHECK(f.measure("Rep", "manager_branch", "R3") == "1");
  CHECK(f.measure("Rep", "is_lead", "R2") == "true");
  CHECK(f.measure("Rep", "is_lead", "R1") == "false");
  CHECK(f.measure("Rep", "rated", "R6") == "null");
  CHECK(f.measure("Customer", "commission", "C1") == "4.5075");

  REQUIRE_MESSAGE(f.run("2026-Q2"), f.errors());
  CHECK(f.param("rate") == "0.04");
  REQUIRE_MESSAGE(f.run("2025-Q4"), f.errors());
  CHECK(f.param("rate") == "0.01");  // the undated fallback
}

TEST_CASE("a param read where it has no value in force is an error naming it and the date") {
  Fixture f("param_missing", plan_with(R"(
param late = 5 CNY from 2030-01-01
measure Customer.bonus = late
)"),
            kTables);
  REQUIRE(!f.run("2026-Q1"));
  CHECK(f.errors().find("param 'late' has no value in force on 2026-03-31") != std::string::npos);
}

TEST_CASE("every aggregation kind, grouped by the related row") {
  Fixture f("aggregations", plan_with(R"(
measure Customer.total_all = sum(Order.amount over all)
measure Customer.total_generic = sum(Order.amount where amount >= 0 CNY over all)
measure Customer.avg_all = avg(Order.amount over all)
measure Customer.avg_generic = avg(Order.amount where true over all)
measure Customer.min_all = min(Order.amount over all)
measure Customer.max_all = max(Order.amount over all)
measure Customer.max_generic = max(Order.amount where true over all)
measure Customer.last_order = max(Order.on over all)
measure Customer.avg_margin = avg(Order.margin over all)
measure Customer.qty_sum = sum(Order.qty over all)
measure Customer.qty_avg = avg(Order.qty over all)
measure Customer.qty_count = count(Order.qty over all)
measure Customer.line_a = sum(Order.amount where line == "a" over all)
measure Customer.lines = distinct(Order.line over all)
measure Customer.big_order = any(Order where amount > 250 CNY over period)
measure Customer.all_big = all(Order where amount > 60 CNY over period)
measure Customer.share_big = share(Order where amount > 60 CNY over all)
measure Customer.share_a_of_big = share(Order.line == "a" where amount > 60 CNY over all)
measure Rep.revenue = sum(Order.amount over period)
measure Rep.customers = count(Customer)
measure Customer.orders_12m = count(Order over last 12 months)
measure Rep.repeat_share = share(Customer where orders_12m >= 2)
measure Rep.steel = count(Customer where industry == "steel")
measure Rep.nps = nps(Survey.score over last 12 months)
measure Rep.team_revenue = sum(Order.amount via customer.owner.manager over period)
measure Customer.revenue_q = sum(Order.amount over period)
measure Rep.team_revenue_2 = sum(Customer.revenue_q via owner.manager)
measure Rep.big_customers = count(Customer where count(Order where amount > 100 CNY over all) >= 2)
)"),
            kTables);
  REQUIRE_MESSAGE(f.run("2026-Q1"), f.errors());
  CHECK(f.measure("Customer", "total_all", "C1") == "1350.75");
  CHECK(f.measure("Customer", "avg_all", "C1") == "337.6875");
  CHECK(f.measure("Customer", "avg_all", "C4") == "null");
  CHECK(f.measure("Customer", "min_all", "C1") == "50");
  CHECK(f.measure("Customer", "max_all", "C1") == "1000");
  CHECK(f.measure("Customer", "min_all", "C4") == "null");
  CHECK(f.measure("Customer", "total_all", "C4") == "0");
  CHECK(f.measure("Customer", "last_order", "C1") == "2026-03-31");
  CHECK(f.measure("Customer", "avg_margin", "C1") == "0.21375");
  CHECK(f.measure("Customer", "qty_sum", "C1") == "6");  // O2's empty qty skipped
  CHECK(f.measure("Customer", "qty_avg", "C1") == "2");
  CHECK(f.measure("Customer", "qty_count", "C1") == "3");
  CHECK(f.measure("Customer", "line_a", "C1") == "1100.25");
  CHECK(f.measure("Customer", "lines", "C1") == "3");
  CHECK(f.measure("Customer", "lines", "C4") == "0");
  CHECK(f.measure("Customer", "big_order", "C1") == "false");
  CHECK(f.measure("Customer", "big_order", "C2") == "true");
  CHECK(f.measure("Customer", "all_big", "C1") == "false");
  CHECK(f.measure("Customer", "all_big", "C4") == "true");  // no rows: nothing fails
  CHECK(f.measure("Customer", "share_big", "C1") == "0.75");
  CHECK(f.measure("Customer", "share_big", "C4") == "0");
  CHECK(f.measure("Customer", "share_a_of_big", "C1") == "0.6666666666666666666666666666666666666667...");
  CHECK(f.measure("Rep", "revenue", "R1") == "450.35");
  CHECK(f.measure("Rep", "revenue", "R3") == "60");
  CHECK(f.measure("Rep", "revenue", "R2") == "0");
  CHECK(f.measure("Rep", "customers", "R1") == "2");
  CHECK(f.measure("Rep", "customers", "R2") == "0");
  CHECK(f.measure("Rep", "repeat_share", "R1") == "1");
  CHECK(f.measure("Rep", "repeat_share", "R3") == "0.5");
  CHECK(f.measure("Rep", "repeat_share", "R2") == "0");
  CHECK(f.measure("Rep", "steel", "R3") == "1");
  // R1: C1 10, 9 and C2 9, 3 (S5 is older than 12 months): (3 - 1) / 4.
  CHECK(f.measure("Rep", "nps", "R1") == "50");
  CHECK(f.measure("Rep", "nps", "R3") == "0");  // one passive answer
  CHECK(f.measure("Rep", "nps", "R2") == "0");  // no answers
  CHECK(f.measure("Rep", "team_revenue", "R2") == "60");
  CHECK(f.measure("Rep", "team_revenue_2", "R2") == "60");
  CHECK(f.measure("Rep", "team_revenue", "R1") == "0");
  CHECK(f.measure("Rep", "big_customers", "R1") == "1");  // C1: 1000, 200.5, 100.25

  // The fast path and the general path agree on every row.
  const check::Plan& plan = f.plan();
  check::RecordId customer = f.record("Customer");
  for (const char* pair : {"total_all:total_generic", "avg_all:avg_generic", "max_all:max_generic"}) {
    std::string a(pair), b = a.substr(a.find(':') + 1);
    a = a.substr(0, a.find(':'));
    for (std::uint32_t row = 0; row < f.ev().rows(customer); ++row) {
      const auto& index = plan.records[customer].measure_index;
      CHECK(testing::show(f.ev().measure(index.at(a), row)) == testing::show(f.ev().measure(index.at(b), row)));
    }
  }
}

TEST_CASE("division by zero at run time fails the evaluation naming the row, a guard avoids it") {
  Fixture bad("div_zero", plan_with(R"(
measure Customer.orders_12m = count(Order over last 12 months)
measure Customer.per_order = sum(Order.amount over period) / orders_12m
)"),
              kTables);
  REQUIRE(!bad.run("2026-Q1"));
  REQUIRE(bad.result.errors.size() == 1);
  const EvalError& e = bad.result.errors[0];
  CHECK(e.message.find("division by zero") != std::string::npos);
  CHECK(e.message.find("Customer C4") != std::string::npos);
  CHECK(e.message.find("per_order") != std::string::npos);
  CHECK(e.span.line == 9);

  Fixture good("div_guard", plan_with(R"(
measure Customer.orders_12m = count(Order over last 12 months)
measure Customer.per_order = if orders_12m > 0 then sum(Order.amount over period) / orders_12m else 0 CNY
measure Customer.rounded = round(sum(Order.amount over period) / 3)
measure Customer.rounded_up = round(sum(Order.amount over period) / 8, half_up)
measure Customer.places = round(sum(Order.amount over period) / 3, 1, down)
measure Customer.pct = round(12.345%, 2, half_up)
measure Customer.bigger = max(sum(Order.amount over period), 100 CNY, 20 CNY)
measure Customer.smaller = min(sum(Order.amount over period), 100 CNY)
measure Customer.gap = abs(sum(Order.amount over period) - 200 CNY)
)"),
               kTables);
  REQUIRE_MESSAGE(good.run("2026-Q1"), good.errors());
  CHECK(good.measure("Customer", "per_order", "C4") == "0");
  CHECK(good.measure("Customer", "per_order", "C2") == "150.05");
  CHECK(good.measure("Customer", "rounded", "C1") == "50.08");
  CHECK(good.measure("Customer", "rounded_up", "C3") == "7.5");  // 7.5 exactly
  CHECK(good.measure("Customer", "rounded_up", "C1") == "18.78");  // 18.78125
  CHECK(good.measure("Customer", "places", "C1") == "50");  // 50.083.. down to 1 place
  CHECK(good.measure("Customer", "pct", "C1") == "0.1235");
  CHECK(good.measure("Customer", "bigger", "C4") == "100");
  CHECK(good.measure("Customer", "bigger", "C2") == "300.1");
  CHECK(good.measure("Customer", "smaller", "C1") == "100");
  CHECK(good.measure("Customer", "gap", "C1") == "49.75");
}

TEST_CASE("payout amounts, recipients and run-time errors through the Evaluation interface") {
  Fixture f("payouts", plan_with(R"(
param commission_rate = 3%
measure Customer.revenue_q = sum(Order.amount over period)
payout commission on Customer to owner = commission_rate * revenue_q
payout odd on Customer to owner = revenue_q / count(Order over period)
)"),
            kTables);
  REQUIRE_MESSAGE(f.run("2026-Q1"), f.errors());
  const check::Plan& plan = f.plan();
  REQUIRE(plan.payouts.size() == 2);
  const check::PayoutInfo& commission = plan.payouts[0];
  std::uint32_t c1 = f.row(commission.subject, "C1");
  auto amount = f.ev().evaluate(*commission.decl->payout.amount, commission.subject, c1);
  REQUIRE(amount.ok());
  CHECK(amount->number.to_string() == "4.5075");
  std::uint32_t owner = f.ev().follow(commission.recipient, c1);
  CHECK(f.ev().key(commission.recipient_record, owner) == "R1");

  const check::PayoutInfo& odd = plan.payouts[1];
  auto failed = f.ev().evaluate(*odd.decl->payout.amount, odd.subject, f.row(odd.subject, "C4"));
  REQUIRE(!failed.ok());
  CHECK(failed.error().code == num::ErrorCode::division_by_zero);
  auto where = f.ev().last_error();
  REQUIRE(where.has_value());
  CHECK(where->message.find("Customer C4") != std::string::npos);
  CHECK(where->span.line == 11);

  // Every row at once: the same values as row by row, and the first failing
  // row's error (C4 has no order in the period).
  const std::uint32_t customers = f.ev().rows(commission.subject);
  auto all = f.ev().evaluate_rows(*commission.decl->payout.amount, commission.subject);
  REQUIRE(all.ok());
  REQUIRE(all->size() == customers);
  for (std::uint32_t row = 0; row < customers; ++row) {
    auto one = f.ev().evaluate(*commission.decl->payout.amount, commission.subject, row);
    REQUIRE(one.ok());
    CHECK(testing::show((*all)[row]) == testing::show(*one));
  }
  auto all_odd = f.ev().evaluate_rows(*odd.decl->payout.amount, odd.subject);
  REQUIRE(!all_odd.ok());
  CHECK(all_odd.error().code == num::ErrorCode::division_by_zero);
  CHECK(all_odd.error().message == failed.error().message);

  // Numbers only: the same numbers, in the same form; nothing when a row
  // fails (the caller goes row by row for the message).
  auto numbers = f.ev().numbers_of_rows(*commission.decl->payout.amount, commission.subject);
  REQUIRE(numbers.has_value());
  REQUIRE(numbers->size() == customers);
  for (std::uint32_t row = 0; row < customers; ++row) {
    const eval::Value& value = (*all)[row];
    REQUIRE((*numbers)[row].has_value() == !value.is_null());
    if (!value.is_null()) CHECK((*numbers)[row]->to_string() == value.number.to_string());
  }
  CHECK((*numbers)[c1]->to_string() == "4.5075");
  CHECK_FALSE(f.ev().numbers_of_rows(*odd.decl->payout.amount, odd.subject).has_value());
}
