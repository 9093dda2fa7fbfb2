#include "engine/data/problem_sink.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace accrue::data {

namespace {
constexpr std::size_t kQuotedValueLimit = 40;
}

bool operator<(const DataProblem& a, const DataProblem& b) {
  return std::tie(a.file, a.row, a.column, a.message) < std::tie(b.file, b.row, b.column, b.message);
}

std::string DataProblem::to_string() const {
  if (row == 0) return fmt::format("{}: {}", file, message);
  if (column == 0) return fmt::format("{}:{}: {}", file, row, message);
  return fmt::format("{}:{}:{}: {}", file, row, column, message);
}

bool ProblemSink::wants(std::string_view file, std::uint64_t row, std::uint32_t column) const {
  if (heap_.size() < limit_) return true;
  if (limit_ == 0) return false;
  const DataProblem& largest = heap_.front();
  return std::tie(file, row, column) <= std::tie(largest.file, largest.row, largest.column);
}

void ProblemSink::add(std::string_view file, std::uint64_t row, std::uint32_t column, std::string message) {
  ++total_;
  keep(DataProblem{std::string(file), row, column, std::move(message)});
}

void ProblemSink::keep(DataProblem problem) {
  if (heap_.size() < limit_) {
    heap_.push_back(std::move(problem));
    std::push_heap(heap_.begin(), heap_.end());
  } else if (limit_ > 0 && problem < heap_.front()) {
    std::pop_heap(heap_.begin(), heap_.end());
    heap_.back() = std::move(problem);
    std::push_heap(heap_.begin(), heap_.end());
  }
}

void ProblemSink::merge(ProblemSink&& other) {
  total_ += other.total_;
  for (DataProblem& problem : other.heap_) keep(std::move(problem));
  other.heap_.clear();
  other.total_ = 0;
}

std::vector<DataProblem> ProblemSink::take_sorted(std::size_t& suppressed) {
  std::sort_heap(heap_.begin(), heap_.end());
  suppressed = total_ > heap_.size() ? total_ - heap_.size() : 0;
  std::vector<DataProblem> sorted = std::move(heap_);
  heap_.clear();
  total_ = 0;
  return sorted;
}

std::string quote_value(std::string_view value) {
  bool truncated = false;
  if (value.size() > kQuotedValueLimit) {
    std::size_t cut = kQuotedValueLimit;
    // Step back over continuation bytes so a character is never split.
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
    value = value.substr(0, cut);
    truncated = true;
  }
  std::string out = "'";
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  out += truncated ? "...'" : "'";
  return out;
}

}  // namespace accrue::data
