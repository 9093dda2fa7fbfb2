// What an open Ledger holds, and the row readers shared by its operations.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ledger/canonical.h"
#include "ledger/ledger.h"
#include "ledger/sqlite_db.h"

namespace accrue::ledger {

struct Ledger::State {
  std::filesystem::path path;
  detail::Database db;
  OpenMode mode;
  int schema_version;
};

}  // namespace accrue::ledger

namespace accrue::ledger::detail {

// An entry as stored: the settles reference resolved to a batch id even when it
// points into the same batch, and the stored canonical hash.
struct StoredEntry {
  Entry entry;
  std::optional<ResolvedRef> settles;
  std::string hash_hex;
};

struct StoredBatch {
  BatchInfo info;
  std::int64_t encoding = 0;
  std::int64_t first_entry_id = 0;  // entry_id of sequence 1
};

Result<StoredBatch> read_batch(const Database& db, BatchId id);
Result<std::vector<StoredEntry>> read_entries(const Database& db, BatchId id);
Result<std::vector<StoredEntry>> read_entries(const Database& db, const StoredBatch& batch);
// The period's current batch: the one no later batch supersedes.
Result<std::optional<BatchId>> current_batch_of(const Database& db, std::string_view period);

}  // namespace accrue::ledger::detail
