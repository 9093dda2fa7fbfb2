// Grades (threshold and percentile, with ties), targets (linear, stepped,
// floor, ceiling), scorecard variants, situations and growth.
#include "eval/eval_test_support.h"

using namespace accrue;
using namespace accrue::eval;
using accrue::eval::testing::Fixture;

namespace {

const char* kPlan = R"(plan "T" version "1" { currency CNY settle quarterly round money half_even }
payee Rep key id { role: text  attain: number?  manager: Rep? }
entity Customer key id { owner: Rep }
event Order key id dated on { customer: Customer  amount: money }
)";

const std::map<std::string, std::string> kTables = {
    {"Rep",
     "id,role,attain,manager\nR1,rep,0.55,\nR2,manager,0.6,\nR3,rep,0.8,R2\nR4,rep,0.7,R2\nR5,rep,0.65,\n"
     "R6,rep,,\nR7,rep,0.4,\n"},
    {"Customer", "id,owner\nC1,R1\nC2,R1\nC3,R3\nC4,R3\nC5,R4\n"},
    // 2026-Q1 revenue: C1 10, C2 10, C3 10, C4 5, C5 1. Earlier quarters for growth.
    {"Order",
     "id,on,customer,amount\n"
     "O1,2026-01-05,C1,10\nO2,2026-02-05,C2,10\nO3,2026-03-05,C3,10\nO4,2026-03-06,C4,5\nO5,2026-03-07,C5,1\n"
     "O6,2025-11-01,C1,8\nO7,2025-02-01,C1,4\nO8,2025-12-01,C3,0\n"},
};

}  // namespace

TEST_CASE("grades by threshold and by percentile, ties share the better grade") {
  Fixture f("grades", std::string(kPlan) + R"(
measure Customer.revenue_q = sum(Order.amount over period)
measure Customer.band = grade revenue_q { A >= 10 CNY, B >= 5 CNY, else C }
measure Customer.rank = grade revenue_q by percentile { A top 20%, B top 70%, else C }
measure Customer.top = rank == A
measure Customer.better_than_b = band > B
)",
            kTables);
  REQUIRE_MESSAGE(f.run("2026-Q1"), f.errors());
  CHECK(f.measure("Customer", "band", "C1") == "A");
  CHECK(f.measure("Customer", "band", "C4") == "B");
  CHECK(f.measure("Customer", "band", "C5") == "C");
  // Five customers: A admits rows with fewer than 1 strictly greater value
  // (all three 10s), B fewer than 3.5 (the 5: three greater), C the rest.
  CHECK(f.measure("Customer", "rank", "C1") == "A");
  CHECK(f.measure("Customer", "rank", "C2") == "A");
  CHECK(f.measure("Customer", "rank", "C3") == "A");
  CHECK(f.measure("Customer", "rank", "C4") == "B");
  CHECK(f.measure("Customer", "rank", "C5") == "C");
  CHECK(f.measure("Customer", "top", "C3") == "true");
  CHECK(f.measure("Customer", "top", "C4") == "false");
  CHECK(f.measure("Customer", "better_than_b", "C1") == "true");
  CHECK(f.measure("Customer", "better_than_b", "C4") == "false");
}

TEST_CASE("targets: linear, stepped, floor, ceiling, and a missing measured value") {
  Fixture f("targets", std::string(kPlan) + R"(
target Rep.linear on attain { base 0.5 -> 50%  challenge 0.6 -> 100%  ideal 0.7 -> 150% }
target Rep.stepped on attain { base 0.5 -> 50%  challenge 0.6 -> 100%  ideal 0.7 -> 150%  stepped }
target Rep.bounded on attain { base 0.5 -> 50%  challenge 0.6 -> 100%  ideal 0.7 -> 150%  floor 10%  ceiling 140% }
target Rep.raised on attain { base 0.5 -> 50%  challenge 0.6 -> 100%  ideal 0.7 -> 150%  ceiling 200% }
)",
            kTables);
  REQUIRE_MESSAGE(f.run("2026-Q1"), f.errors());
  CHECK(f.measure("Rep", "linear", "R7") == "0");     // 0.4: below base
  CHECK(f.measure("Rep", "linear", "R1") == "0.75");  // halfway base -> challenge
  CHECK(f.measure("Rep", "linear", "R2") == "1");     // at challenge
  CHECK(f.measure("Rep", "linear", "R5") == "1.25");
  CHECK(f.measure("Rep", "linear", "R4") == "1.5");  // at ideal
  CHECK(f.measure("Rep", "linear", "R3") == "1.5");  // above ideal: capped at the ideal score
  CHECK(f.measure("Rep", "linear", "R6") == "0");    // no value: has not reached base
  CHECK(f.measure("Rep", "stepped", "R1") == "0.5");
  CHECK(f.measure("Rep", "stepped", "R5") == "1");
  CHECK(f.measure("Rep", "stepped", "R4") == "1.5");
  CHECK(f.measure("Rep", "stepped", "R7") == "0");
  CHECK(f.measure("Rep", "bounded", "R7") == "0.1");
  CHECK(f.measure("Rep", "bounded", "R6") == "0.1");
  CHECK(f.measure("Rep", "bounded", "R5") == "1.25");
  CHECK(f.measure("Rep", "bounded", "R3") == "1.4");
  CHECK(f.measure("Rep", "bounded", "R4") == "1.4");  // the ceiling caps the ideal score too
  CHECK(f.measure("Rep", "raised", "R3") == "2");     // above ideal: the ceiling
  CHECK(f.measure("Rep", "raised", "R4") == "1.5");
}

TEST_CASE("scorecards take the first variant whose condition holds, situations overlap the period") {
  Fixture f("scorecards", std::string(kPlan) + R"(
target Rep.linear on attain { base 0.5 -> 50%  challenge 0.6 -> 100%  ideal 0.7 -> 150% }
target Rep.stepped on attain { base 0.5 -> 50%  challenge 0.6 -> 100%  ideal 0.7 -> 150%  stepped }
situation launch on Rep when role == "rep" from 2026-04-01 until 2026-06-30
scorecard Rep.card {
  financial linear 60%
  customer stepped 40%
  when role == "manager" { financial stepped 100% }
  when launch { financial linear 100% }
  when role == "manager" or launch { financial linear 50%, stepped 50% }
}
)",
            kTables);
  REQUIRE_MESSAGE(f.run("2026-Q1"), f.errors());
  CHECK(f.measure("Rep", "launch", "R1") == "false");
  CHECK(f.measure("Rep", "card", "R1") == "0.65");  // 0.75 x 60% + 0.5 x 40%
  CHECK(f.measure("Rep", "card", "R2") == "1");     // the manager variant: stepped 100%
  REQUIRE_MESSAGE(f.run("2026-Q2"), f.errors());
  CHECK(f.measure("Rep", "launch", "R1") == "true");
  CHECK(f.measure("Rep", "launch", "R2") == "false");
  CHECK(f.measure("Rep", "card", "R1") == "0.75");  // the launch variant
  CHECK(f.measure("Rep", "card", "R2") == "1");     // the first matching variant wins
}

TEST_CASE("growth compares with the plan evaluated at an earlier period") {
  Fixture f("growth", std::string(kPlan) + R"(
measure Customer.revenue_q = sum(Order.amount over period)
measure Customer.qoq = growth(revenue_q)
measure Customer.yoy = growth(revenue_q, 1 year)
measure Rep.book = sum(Customer.revenue_q)
measure Rep.book_growth = growth(book, 4 quarters)
)",
            kTables);
  REQUIRE_MESSAGE(f.run("2026-Q1"), f.errors());
  CHECK(f.measure("Customer", "qoq", "C1") == "0.25");   // 10 against 8 in 2025-Q4
  CHECK(f.measure("Customer", "yoy", "C1") == "1.5");    // 10 against 4 in 2025-Q1
  CHECK(f.measure("Customer", "qoq", "C3") == "null");   // 0 in 2025-Q4: no growth
  CHECK(f.measure("Customer", "qoq", "C2") == "null");   // nothing before
  CHECK(f.measure("Rep", "book_growth", "R1") == "4");  // 20 against 4
}
