// Row ranges and the threads that compute them (row_split.h).
#include "eval/row_split.h"

#include <atomic>
#include <exception>
#include <thread>

namespace accrue::eval::detail {

std::vector<RowRange> split_rows(std::uint32_t rows, unsigned threads, std::uint32_t min_rows) {
  std::uint32_t parts = threads == 0 ? 1 : threads;
  if (min_rows > 0) parts = std::min<std::uint32_t>(parts, std::max<std::uint32_t>(1, rows / min_rows));
  std::vector<RowRange> out;
  std::uint32_t begin = 0;
  for (std::uint32_t i = 0; i < parts; ++i) {
    std::uint32_t end = rows;
    if (i + 1 < parts) {
      const std::uint64_t even = std::uint64_t{rows} * (i + 1) / parts;
      end = static_cast<std::uint32_t>(even / 64 * 64);  // whole words of a null bitmap
      if (end <= begin) continue;
    }
    out.push_back(RowRange{begin, end});
    begin = end;
  }
  if (out.empty()) out.push_back(RowRange{0, rows});
  return out;
}

void run_split(std::size_t count, const std::function<void(std::size_t)>& task) {
  if (count == 0) return;
  std::vector<std::exception_ptr> errors(count);
  auto guarded = [&](std::size_t i) {
    try {
      task(i);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> workers;
    workers.reserve(count - 1);
    for (std::size_t i = 1; i < count; ++i) workers.emplace_back(guarded, i);
    guarded(0);
  }  // joined
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

void run_tasks(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task) {
  std::vector<std::exception_ptr> errors(count);
  std::atomic<std::size_t> next = 0;
  auto worker = [&](std::size_t) {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        task(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  run_split(std::min<std::size_t>(std::max(1u, threads), count), worker);
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace accrue::eval::detail
