// `accrue export LEDGER [--batch ID] [--format text|csv|json]`: print one
// batch's entries (CSV by default) or, without --batch, the list of batches.
// Output is byte-stable: no clock, locale or time zone enters it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace accrue::cli {

enum class ExportView { Text, Csv, Json };

struct ExportArgs {
  std::string ledger;
  std::optional<std::int64_t> batch;
  std::optional<ExportView> format;  // default: csv for a batch, a text table for the list
};

void add_export_command(CLI::App& app, ExportArgs& args);
int run_export(const ExportArgs& args);

}  // namespace accrue::cli
