// kill -9 during a large append, at many moments: the ledger must afterwards
// hold either exactly what it held before or the whole new batch, never part.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "ledger/test_support.h"

namespace accrue::ledger {
namespace {

using namespace std::chrono;
using testing::expect_ok;
using testing::ScratchDir;

constexpr const char* fill_program = LEDGER_FILL_PATH;
constexpr const char* crash_entries = "200000";
constexpr int kill_points = 21;

struct Child {
  pid_t pid = -1;
  int ready_fd = -1;
};

// Starts ledger_fill appending a large batch and waits until it has built its
// entries and opened the ledger, so the kill lands inside the append.
Child start_append(const std::filesystem::path& ledger) {
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    const int null_fd = ::open("/dev/null", O_WRONLY);
    ::dup2(null_fd, STDERR_FILENO);
    ::close(pipe_fds[0]);
    ::execl(fill_program, fill_program, "append", ledger.c_str(), crash_entries, "2026-Q1", "77", "--signal-ready",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  char buffer[6] = {};
  REQUIRE(::read(pipe_fds[0], buffer, sizeof buffer) == 6);
  return {pid, pipe_fds[0]};
}

int finish(const Child& child) {
  int status = 0;
  ::waitpid(child.pid, &status, 0);
  ::close(child.ready_fd);
  return status;
}

std::string everything_in(const std::filesystem::path& path) {
  // Opened for writing, as the next settlement would: SQLite rolls back the
  // interrupted transaction from its hot journal here.
  auto ledger = testing::open_or_fail(path);
  return testing::export_all(ledger, ExportFormat::csv);
}

std::string integrity(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr);
  std::string result = sqlite3_step(stmt) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))
                                                        : "no result";
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return result;
}

void copy_ledger(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::remove(to.string() + "-journal");
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

}  // namespace

TEST_CASE("kill -9 at any moment of a large append leaves the previous batches or the complete new one") {
  ScratchDir dir;
  const auto base = dir / "base.db";
  {
    auto ledger = testing::open_or_fail(base);
    expect_ok(ledger.append_batch(sample::header("2025-Q3"), sample::entries(1000, 1)));
    expect_ok(ledger.append_batch(sample::header("2025-Q4"), testing::small_batch()));
  }
  const auto before = everything_in(base);

  // One undisturbed run tells how long the append takes and what "after" is.
  const auto full = dir / "full.db";
  copy_ledger(base, full);
  const auto started = steady_clock::now();
  const Child reference = start_append(full);
  const auto ready = steady_clock::now();
  REQUIRE(WEXITSTATUS(finish(reference)) == 0);
  const auto append_time = steady_clock::now() - ready;
  const auto after = everything_in(full);
  REQUIRE(after.size() > before.size());
  MESSAGE("reference append took " << duration_cast<milliseconds>(append_time).count() << " ms (process "
                                   << duration_cast<milliseconds>(steady_clock::now() - started).count() << " ms)");

  int kept_before = 0, kept_after = 0;
  const auto victim = dir / "victim.db";
  for (int point = 0; point < kill_points; ++point) {
    copy_ledger(base, victim);
    // Spread over the whole append, the commit included, and a little past it.
    const auto delay = duration_cast<microseconds>(append_time * (point + 0.5) * 1.15 / kill_points);
    const Child child = start_append(victim);
    std::this_thread::sleep_for(delay);
    ::kill(child.pid, SIGKILL);
    finish(child);
    CAPTURE(point);
    CAPTURE(delay.count());
    const auto now = everything_in(victim);
    const bool is_before = now == before;
    const bool is_after = now == after;
    CHECK((is_before || is_after));
    kept_before += is_before;
    kept_after += is_after;
    CHECK(integrity(victim) == "ok");
  }
  MESSAGE(kept_before << " kills left the previous batches, " << kept_after << " the complete new batch");
  CHECK(kept_before > 0);
  CHECK(kept_before + kept_after == kill_points);
}

}  // namespace accrue::ledger
