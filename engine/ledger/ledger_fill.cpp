// ledger_fill: appends a generated batch to a ledger, or exports every batch.
// The crash test kills it mid-append; the benchmark in docs/ledger.md times it;
// the export environment test runs its export under other locales and zones.
//
//   ledger_fill append LEDGER COUNT PERIOD [SEED] [--shuffle] [--signal-ready] [--supersede]
//   ledger_fill export LEDGER csv|json
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <clocale>
#include <cstdio>
#include <ctime>
#include <locale>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/ledger.h"
#include "ledger/sample_batch.h"

namespace {

using namespace accrue::ledger;

int fail(const Error& error) {
  fmt::print(stderr, "ledger_fill: {}\n", error.to_string());
  return 1;
}

// Adopt LC_ALL / LANG / TZ from the environment, as an application embedding
// the ledger might, so the tests see whether any of it leaks into the output.
void adopt_environment() {
  std::setlocale(LC_ALL, "");
  try {
    std::locale::global(std::locale(""));
  } catch (const std::exception&) {
    // Unknown locale name: stay in "C"; the caller checks what took effect.
  }
  tzset();
  fmt::print(stderr, "ledger_fill: locale {} decimal point '{}'\n", std::setlocale(LC_ALL, nullptr),
             std::localeconv()->decimal_point);
}

int append(int argc, char** argv) {
  if (argc < 5) return fail({ErrorCode::io, "", "usage: ledger_fill append LEDGER COUNT PERIOD [SEED] [--shuffle]"});
  const std::string path = argv[2];
  const std::int64_t count = std::stoll(argv[3]);
  const std::string period = argv[4];
  std::uint64_t seed = 7;
  bool shuffle = false;
  bool signal_ready = false;
  bool supersede = false;
  for (int i = 5; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--shuffle") shuffle = true;
    else if (arg == "--signal-ready") signal_ready = true;
    else if (arg == "--supersede") supersede = true;
    else seed = std::stoull(argv[i]);
  }
  auto entries = sample::entries(count, seed);
  if (shuffle) sample::shuffle(entries, seed * 31 + 1);
  const auto header = sample::header(period, supersede ? static_cast<int>(seed) : 0);

  auto ledger = Ledger::open(path, OpenMode::read_write);
  if (!ledger) return fail(ledger.error());
  if (signal_ready) {
    // The crash test starts its clock here, so kills land inside the append.
    std::fputs("ready\n", stdout);
    std::fflush(stdout);
  }
  const auto start = std::chrono::steady_clock::now();
  std::optional<BatchId> current;
  if (supersede) {
    auto found = ledger->find_batch_for_period(period);
    if (!found) return fail(found.error());
    if (*found) current = (*found)->id;
  }
  auto outcome = current ? ledger->supersede(*current, header, entries) : ledger->append_batch(header, entries);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  if (!outcome) return fail(outcome.error());
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  fmt::print(stderr, "ledger_fill: {} {} entries as batch {} in {} ms (peak RSS {} MB)\n",
             outcome->written ? "appended" : "already had", count, outcome->batch,
             std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), usage.ru_maxrss / 1024);
  return 0;
}

int export_all(int argc, char** argv) {
  if (argc < 4) return fail({ErrorCode::io, "", "usage: ledger_fill export LEDGER csv|json"});
  adopt_environment();
  const auto format = std::string_view(argv[3]) == "json" ? ExportFormat::json : ExportFormat::csv;
  auto ledger = Ledger::open(argv[2], OpenMode::read_only);
  if (!ledger) return fail(ledger.error());
  auto batches = ledger->list_batches();
  if (!batches) return fail(batches.error());
  for (const auto& batch : *batches) {
    auto text = ledger->export_batch(batch.id, format);
    if (!text) return fail(text.error());
    std::fwrite(text->data(), 1, text->size(), stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view command = argc > 1 ? argv[1] : "";
  if (command == "append") return append(argc, argv);
  if (command == "export") return export_all(argc, argv);
  fmt::print(stderr, "usage: ledger_fill append|export ...\n");
  return 2;
}
