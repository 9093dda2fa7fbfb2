// Collects DataProblems up to a limit and counts the rest. It keeps the
// `limit` smallest problems in (file, row, column, message) order rather than
// the first ones found, so the report does not depend on which thread or
// which validation pass found a problem first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/data/data.h"

namespace accrue::data {

class ProblemSink {
 public:
  explicit ProblemSink(std::size_t limit) : limit_(limit) {}

  // False when a problem at this place would certainly be dropped: callers
  // then count() it instead of formatting a message nobody will read.
  bool wants(std::string_view file, std::uint64_t row, std::uint32_t column) const;
  void count() { ++total_; }
  void add(std::string_view file, std::uint64_t row, std::uint32_t column, std::string message);
  void merge(ProblemSink&& other);

  std::size_t total() const { return total_; }
  bool empty() const { return total_ == 0; }
  std::size_t limit() const { return limit_; }

  // The kept problems in order, and how many were dropped.
  std::vector<DataProblem> take_sorted(std::size_t& suppressed);

 private:
  void keep(DataProblem problem);

  std::size_t limit_;
  std::size_t total_ = 0;
  std::vector<DataProblem> heap_;  // max-heap: the largest kept problem on top
};

// `'value'` for a message: at most ~40 characters (cut on a UTF-8 boundary,
// then "..."), control characters escaped, so a message never carries a row.
std::string quote_value(std::string_view value);

}  // namespace accrue::data
