// Lines usually arrive in line_order; when they do not, sort_lines must put
// them there: by payout, then payee key rank, then customer key rank (no
// customer first), stable for equal lines.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "settle/settlement_lines.h"

namespace accrue::settle {
namespace {

Line line(check::PayoutId payout, std::uint32_t payee_rank, std::uint32_t customer_rank, std::uint32_t subject_row) {
  Line l;
  l.payout = payout;
  l.payee_record = 0;
  l.payee_row = payee_rank;
  l.payee_rank = payee_rank;
  l.customer_rank = customer_rank;
  l.subject_row = subject_row;  // tells equal lines apart, to see the sort is stable
  return l;
}

std::vector<std::string> order_of(const std::vector<Line>& lines) {
  std::vector<std::string> out;
  for (const Line& l : lines)
    out.push_back(fmt::format("{}/{}/{}/{}", l.payout, l.payee_rank,
                              l.has_customer() ? fmt::format("{}", l.customer_rank) : "-", l.subject_row));
  return out;
}

// The order spelled out independently of line_order.
void check_sorted(std::vector<Line> lines) {
  std::vector<Line> expected = lines;
  std::stable_sort(expected.begin(), expected.end(), [](const Line& a, const Line& b) {
    auto key = [](const Line& l) {
      return std::make_tuple(l.payout, l.payee_rank, l.has_customer() ? 1 : 0, l.customer_rank);
    };
    return key(a) < key(b);
  });
  sort_lines(lines);
  CHECK(order_of(lines) == order_of(expected));
  for (std::size_t i = 1; i < lines.size(); ++i) CHECK_FALSE(line_order(lines[i], lines[i - 1]));
}

TEST_CASE("line_order: payout, then payee rank, then no customer before every customer") {
  CHECK(line_order(line(0, 5, 9, 0), line(1, 0, 0, 0)));
  CHECK(line_order(line(0, 1, 9, 0), line(0, 2, 0, 0)));
  CHECK(line_order(line(0, 1, kNoCustomer, 0), line(0, 1, 0, 0)));
  CHECK_FALSE(line_order(line(0, 1, 0, 0), line(0, 1, kNoCustomer, 0)));
  CHECK(line_order(line(0, 1, 3, 0), line(0, 1, 4, 0)));
  CHECK_FALSE(line_order(line(0, 1, 4, 0), line(0, 1, 4, 1)));
}

TEST_CASE("sort_lines: lines out of order are sorted, stably") {
  check_sorted({line(1, 1, 0, 0), line(0, 0, 1, 1), line(0, 1, 2, 2), line(0, 0, 3, 3), line(1, 0, kNoCustomer, 4),
                line(0, 1, 4, 5), line(0, 0, kNoCustomer, 6), line(0, 0, kNoCustomer, 7)});
}

TEST_CASE("sort_lines: many lines, shuffled, still in line_order") {
  std::vector<Line> lines;
  std::uint64_t state = 7;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto payee = static_cast<std::uint32_t>((state >> 33) % 37);
    const bool none = (state >> 40) % 50 == 0;
    lines.push_back(line(static_cast<check::PayoutId>((state >> 20) % 3), payee, none ? kNoCustomer : i, i));
  }
  check_sorted(lines);
  std::reverse(lines.begin(), lines.end());
  check_sorted(lines);
}

}  // namespace
}  // namespace accrue::settle
