// `accrue verify LEDGER [--batch ID]`: re-check stored batches from their rows
// (double entry, entry hashes, digests). Exit 0 when every batch checked
// balances, 3 when one does not, 1 when the ledger cannot be read as one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace accrue::cli {

struct VerifyArgs {
  std::string ledger;
  std::optional<std::int64_t> batch;
};

void add_verify_command(CLI::App& app, VerifyArgs& args);
int run_verify(const VerifyArgs& args);

}  // namespace accrue::cli
