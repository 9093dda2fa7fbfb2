// Internal to the eval layer: how a pass over a column's rows is split over
// threads without changing its result. The rows are cut into contiguous
// ranges (each a multiple of 64 rows but the last, so a range owns whole words
// of a null bitmap); each range is computed by one thread, in row order, and
// the caller puts the ranges together in row order. The caller's thread works
// on the first range, so a split into one range starts no thread at all.
#pragma once

#include <cstdint>
#include <algorithm>
#include <functional>
#include <vector>

namespace accrue::eval::detail {

struct RowRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t size() const { return end - begin; }
};

// [0, rows) in at most `threads` ranges of at least `min_rows` rows (one
// range when rows < 2 * min_rows or threads <= 1).
std::vector<RowRange> split_rows(std::uint32_t rows, unsigned threads, std::uint32_t min_rows);

// Runs task(0..count-1), each on its own thread (task 0 on the caller's),
// and returns when all are done. An exception thrown by a task is rethrown
// here (the first by task index), after every task has finished.
void run_split(std::size_t count, const std::function<void(std::size_t)>& task);

// Runs task(0..count-1) on up to `threads` threads (the caller's among
// them), each task taken whole by the next free thread in index order, and
// returns when all are done. Tasks must not depend on which thread runs them.
// Exceptions as run_split.
void run_tasks(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task);

}  // namespace accrue::eval::detail
