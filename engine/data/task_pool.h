// Runs `count` independent tasks on up to `threads` threads. Tasks write only
// to their own slot of a result vector, so the outcome never depends on
// which thread ran which task or in what order.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace accrue::data {

template <typename Task>
void run_tasks(std::size_t count, unsigned threads, Task&& task) {
  const std::size_t workers = std::min<std::size_t>(std::max(1u, threads), count);
  if (workers <= 1) {
    for (std::size_t index = 0; index < count; ++index) task(index);
    return;
  }
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t index = next++; index < count; index = next++) task(index);
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (std::size_t worker = 1; worker < workers; ++worker) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
}

}  // namespace accrue::data
