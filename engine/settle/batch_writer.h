// Step: write the batch into the ledger, all or nothing. The same identity
// (plan, data, period) as the period's current batch writes nothing; a
// different one is refused unless superseding, which reverses the old batch's
// entries and writes the new ones. A ledger this call created is removed
// again when writing fails, so a failed first settlement leaves no file.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>

#include "ledger/ledger.h"
#include "settle/settle.h"

namespace accrue::settle {

struct BatchWrite {
  Outcome outcome = Outcome::Written;
  ledger::BatchId batch = 0;
  std::int64_t reversals = 0;
};

struct BatchWriteResult {
  std::optional<BatchWrite> written;
  std::string error;  // set when nothing was written
};

BatchWriteResult write_batch(const std::filesystem::path& ledger_path, const ledger::BatchHeader& header,
                             const ledger::EntryBatch& entries, bool supersede);

}  // namespace accrue::settle
