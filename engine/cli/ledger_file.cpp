#include "cli/ledger_file.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "cli/exit_codes.h"

namespace accrue::cli {
namespace fs = std::filesystem;

const CLI::Validator& batch_id_validator() {
  static const CLI::Validator validator(
      [](std::string& text) -> std::string {
        return text.find_first_not_of("0123456789") == std::string::npos &&
                       text.find_first_not_of('0') != std::string::npos
                   ? std::string()
                   : "a batch id is a whole number from 1 up, not '" + text + "'";
      },
      "ID");
  return validator;
}

int report_ledger_error(const ledger::Error& error) {
  fmt::print(stderr, "error: {}\n", error.to_string());
  return kFailed;
}

OpenedLedger open_ledger_for_reading(const std::string& path) {
  std::error_code ec;
  // Reading must never create a ledger: a missing file is the caller's typo.
  if (!fs::is_regular_file(path, ec) || !std::ifstream(path).good()) {
    fmt::print(stderr, "error: cannot read ledger '{}': {}\n", path,
               fs::exists(path, ec) ? "permission denied or not a file" : "no such file");
    return {std::nullopt, kUsage};
  }
  auto opened = ledger::Ledger::open(path, ledger::OpenMode::read_only);
  if (!opened && opened.error().code == ledger::ErrorCode::read_only && fs::exists(path + "-journal", ec)) {
    // A writer was killed mid-batch: its rollback journal must be played back
    // before anyone can read, and only a writable open can do that. Doing it
    // here is what SQLite does for any plain reader; it restores the ledger as
    // it was before the interrupted batch, which is what the reader must see.
    auto recovered = ledger::Ledger::open(path, ledger::OpenMode::read_write);
    if (!recovered) return {std::nullopt, report_ledger_error(recovered.error())};
    fmt::print(stderr, "note: {}: rolled back an interrupted write (nothing of it was kept)\n", path);
    opened = ledger::Ledger::open(path, ledger::OpenMode::read_only);
  }
  if (!opened) return {std::nullopt, report_ledger_error(opened.error())};
  return {std::move(opened.value()), kOk};
}

}  // namespace accrue::cli
