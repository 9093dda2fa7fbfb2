// Opening a ledger named on the command line for reading, with the CLI's exit
// codes: a missing or unreadable file is a usage error (2), a file that is not
// a ledger, or a newer one, is an error (1). Shared by export and verify.
#pragma once

#include <optional>
#include <string>

#include "ledger/ledger.h"

namespace CLI {
class Validator;
}

namespace accrue::cli {

struct OpenedLedger {
  std::optional<ledger::Ledger> ledger;
  int exit_code = 0;  // when ledger is empty: why (the error is already on stderr)
};

OpenedLedger open_ledger_for_reading(const std::string& path);
// Prints "error: file: message" on stderr and returns the exit code for it.
int report_ledger_error(const ledger::Error& error);
// Checks a --batch value: batch ids are 1, 2, 3, ... (CLI11 would describe a
// range in doubles).
const CLI::Validator& batch_id_validator();

}  // namespace accrue::cli
