#include "engine/data/problem_sink.h"

#include <doctest/doctest.h>

using namespace accrue::data;

TEST_CASE("problems: the smallest ones are kept whatever the order found") {
  ProblemSink forward(3), backward(3);
  for (std::uint64_t row = 1; row <= 10; ++row) forward.add("f.csv", row, 1, "bad");
  for (std::uint64_t row = 10; row >= 1; --row) backward.add("f.csv", row, 1, "bad");
  std::size_t suppressed_forward = 0, suppressed_backward = 0;
  const auto kept_forward = forward.take_sorted(suppressed_forward);
  const auto kept_backward = backward.take_sorted(suppressed_backward);
  CHECK(kept_forward == kept_backward);
  REQUIRE(kept_forward.size() == 3);
  CHECK(kept_forward[0].row == 1);
  CHECK(kept_forward[2].row == 3);
  CHECK(suppressed_forward == 7);
}

TEST_CASE("problems: merging sinks keeps the global smallest") {
  ProblemSink a(2), b(2);
  a.add("f.csv", 5, 1, "x");
  a.add("f.csv", 7, 1, "x");
  b.add("f.csv", 1, 1, "x");
  b.add("f.csv", 9, 1, "x");
  a.merge(std::move(b));
  std::size_t suppressed = 0;
  const auto kept = a.take_sorted(suppressed);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].row == 1);
  CHECK(kept[1].row == 5);
  CHECK(suppressed == 2);
}

TEST_CASE("problems: text form omits what is unknown") {
  CHECK(DataProblem{"a.csv", 3, 2, "m"}.to_string() == "a.csv:3:2: m");
  CHECK(DataProblem{"a.csv", 3, 0, "m"}.to_string() == "a.csv:3: m");
  CHECK(DataProblem{"a.csv", 0, 0, "m"}.to_string() == "a.csv: m");
}

TEST_CASE("problems: quoted values are short and printable") {
  CHECK(quote_value("C001") == "'C001'");
  CHECK(quote_value("a\nb\x01") == "'a\\nb\\x01'");
  const std::string long_value(100, 'x');
  CHECK(quote_value(long_value) == "'" + std::string(40, 'x') + "...'");
  // A cut never splits a character: 39 ASCII bytes then a 3-byte character.
  const std::string text = std::string(39, 'a') + "客户";
  CHECK(quote_value(text) == "'" + std::string(39, 'a') + "...'");
}
