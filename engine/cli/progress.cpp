#include "cli/progress.h"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include <fmt/format.h>

namespace accrue::cli {

void run_with_progress(const std::string& label, const std::function<void()>& work) {
  if (isatty(STDERR_FILENO) != 1) {
    work();
    return;
  }
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::thread worker([&] {
    work();
    std::lock_guard lock(m);
    done = true;
    cv.notify_one();
  });
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  static constexpr char kSpinner[] = {'|', '/', '-', '\\'};
  bool drawn = false;
  {
    std::unique_lock lock(m);
    // The first second is silent: most runs end before anyone would look.
    cv.wait_for(lock, std::chrono::seconds(1), [&] { return done; });
    for (unsigned tick = 0; !done; ++tick) {
      auto seconds = std::chrono::duration_cast<std::chrono::seconds>(clock::now() - start).count();
      fmt::print(stderr, "\r{} {} ({} s)\033[K", kSpinner[tick % 4], label, seconds);
      std::fflush(stderr);
      drawn = true;
      cv.wait_for(lock, std::chrono::milliseconds(120), [&] { return done; });
    }
  }
  worker.join();
  if (drawn) {
    fmt::print(stderr, "\r\033[K");
    std::fflush(stderr);
  }
}

}  // namespace accrue::cli
