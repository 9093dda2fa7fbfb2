// sort_lines takes a shortcut (lines arrive in subject row order); whatever
// the arrival order, the result must be line_order.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>

#include "settle/settlement_lines.h"

namespace accrue::settle {
namespace {

Line line(check::PayoutId payout, std::uint32_t payee_row, std::string payee, std::optional<std::string> customer) {
  Line l;
  l.payout = payout;
  l.payee_record = 0;
  l.payee_row = payee_row;
  l.payee = std::move(payee);
  l.customer = std::move(customer);
  return l;
}

std::vector<std::string> order_of(const std::vector<Line>& lines) {
  std::vector<std::string> out;
  for (const Line& l : lines) out.push_back(fmt::format("{}/{}/{}", l.payout, l.payee, l.customer.value_or("-")));
  return out;
}

void check_sorted_like_line_order(std::vector<Line> lines) {
  std::vector<Line> expected;
  for (const Line& l : lines) expected.push_back(line(l.payout, l.payee_row, l.payee, l.customer));
  std::stable_sort(expected.begin(), expected.end(), line_order);
  sort_lines(lines);
  CHECK(order_of(lines) == order_of(expected));
}

TEST_CASE("sort_lines: lines in customer key order are grouped by payout and payee key") {
  // Payee rows are not in key order here (row 0 is R2): ranks come from the keys.
  check_sorted_like_line_order({line(1, 0, "R2", "C1"), line(0, 1, "R1", "C2"), line(0, 0, "R2", "C3"),
                                line(0, 1, "R1", "C4"), line(1, 1, "R1", std::nullopt), line(0, 0, "R2", "C5")});
}

TEST_CASE("sort_lines: customers that do not arrive in text order take the full sort") {
  // Integer keys arrive in numeric order (9 before 10), which is not text order.
  check_sorted_like_line_order({line(0, 0, "R1", "9"), line(0, 0, "R1", "10"), line(0, 1, "R2", "100"),
                                line(0, 1, "R2", "11"), line(0, 0, "R1", std::nullopt)});
}

TEST_CASE("sort_lines: many lines, shuffled, still in line_order") {
  std::vector<Line> lines;
  std::uint64_t state = 7;
  for (int i = 0; i < 5000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto payee = static_cast<std::uint32_t>((state >> 33) % 37);
    lines.push_back(line(static_cast<check::PayoutId>((state >> 20) % 3), payee, fmt::format("R{:03}", payee),
                         fmt::format("C{:05}", i)));
  }
  check_sorted_like_line_order(lines);
  std::reverse(lines.begin(), lines.end());
  check_sorted_like_line_order(lines);
}

}  // namespace
}  // namespace accrue::settle
