// Evaluation split over threads gives the values and the first error of one
// thread: every measure on every row, compared between 1, 2 and 3 threads,
// with ranges small enough (64 rows) that every column and aggregation pass
// is split, over data whose ranges start in different forms (nulls first,
// other scales, averages that do not terminate).
#include "eval/eval_test_support.h"
#include "eval/packed_column.h"

using namespace accrue;
using namespace accrue::eval;
using accrue::eval::testing::Fixture;

namespace {

const char* kPlan = R"(plan "T" version "1" { currency CNY settle quarterly round money half_even }
payee Rep key id { role: text }
entity Customer key id { owner: Rep }
event Order dated on { customer: Customer  amount: money  margin: percent  qty: integer? }
param lifetime_years = 5
measure Customer.revenue_q = sum(Order.amount over period)
measure Customer.orders_12m = count(Order over last 12 months)
measure Customer.aov = avg(Order.amount over all)
measure Customer.margin = avg(Order.margin over all)
measure Customer.low = min(Order.amount over all)
measure Customer.most = max(Order.qty over all)
measure Customer.clv = aov * orders_12m * lifetime_years * margin
measure Customer.value_grade = grade clv { A >= 10000 CNY, B >= 2000 CNY, else C }
measure Customer.big = revenue_q > 1000 CNY
measure Customer.mixed = revenue_q / 3 + low - 0.5 CNY
measure Rep.repeat_buyers = count(Customer where orders_12m >= 2)
measure Rep.revenue = sum(Customer.revenue_q)
)";

// Customers C0..C2999; the first 100 have no orders (their ranges start
// null), customers from C1500 on order whole amounts (another scale).
std::map<std::string, std::string> tables(bool zero_orders_late) {
  std::string reps = "id,role\n", customers = "id,owner\n", orders = "on,customer,amount,margin,qty\n";
  for (int r = 0; r < 40; ++r) reps += "R" + std::to_string(r) + ",rep\n";
  for (int c = 0; c < 3000; ++c) customers += "C" + std::to_string(c) + ",R" + std::to_string(c % 40) + "\n";
  std::uint64_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(seed >> 33);
  };
  for (int i = 0; i < 30000; ++i) {
    const std::uint32_t c = 100 + next() % 2900;
    if (zero_orders_late && c >= 2500) continue;  // customers with no order in the second half too
    const std::uint32_t month = 1 + next() % 12;
    const std::string on = (month <= 3 ? "2026-0" : "2025-") + (month <= 3 ? std::to_string(month) : (month < 10 ? "0" : "") + std::to_string(month)) + "-15";
    const std::uint32_t cents = next() % 500000;
    const std::string amount = c >= 1500 ? std::to_string(cents / 100) : std::to_string(cents / 100) + "." + std::to_string(10 + cents % 90);
    const std::string qty = next() % 4 == 0 ? "" : std::to_string(next() % 50);
    orders += on + ",C" + std::to_string(c) + "," + amount + "," + std::to_string(next() % 60) + "%," + qty + "\n";
  }
  return {{"Rep", reps}, {"Customer", customers}, {"Order", orders}};
}

// Every measure on every row, as text.
std::vector<std::string> all_values(const Fixture& f) {
  std::vector<std::string> out;
  for (check::MeasureId m = 0; m < f.plan().measures.size(); ++m) {
    const check::MeasureInfo& info = f.plan().measures[m];
    for (std::uint32_t row = 0; row < f.ev().rows(info.subject); ++row)
      out.push_back(info.name + "@" + std::to_string(row) + "=" + testing::show(f.ev().measure(m, row), &info.type));
  }
  return out;
}

}  // namespace

TEST_CASE("every value is the same on 1, 2 and 3 threads") {
  Fixture f("split_values", kPlan, tables(false));
  REQUIRE_MESSAGE(f.run("2026-Q1", EvalOptions{1, 64}), f.errors());
  const std::vector<std::string> one = all_values(f);
  CHECK(one.size() == 3000 * 10 + 40 * 2);
  CHECK(f.measure("Customer", "clv", "C0") == "null");
  for (unsigned threads : {2u, 3u}) {
    Fixture g("split_values_" + std::to_string(threads), kPlan, tables(false));
    REQUIRE_MESSAGE(g.run("2026-Q1", EvalOptions{threads, 64}), g.errors());
    const std::vector<std::string> many = all_values(g);
    REQUIRE(many.size() == one.size());
    for (std::size_t i = 0; i < one.size(); ++i) CHECK(many[i] == one[i]);
  }
}

TEST_CASE("the first failing row in row order is reported on any thread count") {
  // C0..C99 and C2500.. have no order: C0 fails first, in the first range.
  std::string plan = std::string(kPlan) + "measure Customer.per_order = revenue_q / orders_12m\n";
  std::vector<std::string> messages;
  for (unsigned threads : {1u, 2u, 3u}) {
    Fixture f("split_error_" + std::to_string(threads), plan, tables(true));
    REQUIRE(!f.run("2026-Q1", EvalOptions{threads, 64}));
    REQUIRE(!f.result.errors.empty());
    messages.push_back(f.result.errors[0].message);
  }
  CHECK(messages[0].find("Customer C0") != std::string::npos);
  CHECK(messages[1] == messages[0]);
  CHECK(messages[2] == messages[0]);
}

TEST_CASE("a spliced column reads as the column set row by row") {
  using eval::detail::PackedColumn;
  auto number = [](const char* text) { return Value::of(num::Decimal::parse(text).value()); };
  auto third = num::div(num::Decimal::from_int(1), num::Decimal::from_int(3)).value();
  std::vector<Value> rows(200);
  for (std::uint32_t r = 0; r < 200; ++r) {
    if (r % 7 == 0) continue;  // null
    if (r < 128) rows[r] = number(r % 2 ? "1.25" : "3");
    else rows[r] = r % 3 ? Value::of(third) : number("0.001");
  }
  auto same = [&](const PackedColumn& col, const std::vector<Value>& want) {
    for (std::uint32_t r = 0; r < want.size(); ++r) CHECK(testing::show(col.get(r)) == testing::show(want[r]));
  };
  // Numbers at one scale, then mixed scales and ratios; a Bools range; an all-null range.
  PackedColumn whole(200), tail(72);
  for (std::uint32_t r = 0; r < 128; ++r) whole.set(r, rows[r]);
  for (std::uint32_t r = 128; r < 200; ++r) tail.set(r - 128, rows[r]);
  whole.splice(128, std::move(tail));
  same(whole, rows);

  std::vector<Value> mixed(130);
  for (std::uint32_t r = 64; r < 130; ++r) mixed[r] = r % 2 ? Value::of_bool(true) : number("2");
  PackedColumn head(130), rest(66);
  for (std::uint32_t r = 64; r < 130; ++r) rest.set(r - 64, mixed[r]);
  head.splice(64, std::move(rest));  // a null head takes the rest's values, widened to Values
  same(head, mixed);
  CHECK(head.form() == PackedColumn::Form::Values);

  PackedColumn nulls(100), empty(36);
  nulls.set(3, number("1"));
  nulls.splice(64, std::move(empty));
  CHECK(testing::show(nulls.get(3)) == "1");
  CHECK(nulls.is_null(70));
}
