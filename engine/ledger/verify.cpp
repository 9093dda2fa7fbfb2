// verify_balanced: re-checks a stored batch from its rows alone, so an auditor
// learns both whether it balances and whether its rows still match the hashes
// written with them (a change made behind the triggers' back shows up here).
#include <fmt/format.h>

#include "ledger/batch_rules.h"
#include "ledger/ledger_state.h"

namespace accrue::ledger {

Result<BalanceReport> Ledger::verify_balanced(BatchId id) {
  const auto& db = state_->db;
  auto batch = detail::read_batch(db, id);
  if (!batch) return batch.error();
  auto rows = detail::read_entries(db, *batch);
  if (!rows) return rows.error();

  std::vector<Entry> entries;
  entries.reserve(rows->size());
  for (const auto& row : *rows) entries.push_back(row.entry);
  auto report = detail::balance_report(entries);

  if (static_cast<std::int64_t>(rows->size()) != batch->info.entry_count) {
    report.problems.push_back(fmt::format("the batch records {} entries but holds {}", batch->info.entry_count,
                                          rows->size()));
  }
  for (std::size_t i = 0; i < rows->size(); ++i) {
    if ((*rows)[i].entry.sequence != static_cast<std::int64_t>(i + 1)) {
      report.problems.push_back(fmt::format("entry sequences have a gap before {}", (*rows)[i].entry.sequence));
      break;
    }
  }
  if (batch->encoding != detail::canonical_encoding_version) {
    report.problems.push_back(fmt::format("entry hashes use canonical encoding {}, which this accrue cannot check",
                                          batch->encoding));
    return report;
  }
  detail::Sha256 sha;
  std::vector<detail::Digest> hashes;
  hashes.reserve(rows->size());
  std::string encoding;
  std::size_t mismatches = 0;
  for (const auto& row : *rows) {
    encoding.clear();
    detail::encode_entry(encoding, id, row.entry, row.settles);
    hashes.push_back(sha.of(encoding));
    if (detail::to_hex(hashes.back()) != row.hash_hex && ++mismatches <= 5) {
      report.problems.push_back(fmt::format("entry {}: its contents no longer match its hash", row.entry.sequence));
    }
  }
  if (detail::to_hex(detail::entries_digest(sha, batch->info.identity, hashes)) != batch->info.entries_digest) {
    report.problems.emplace_back("the batch's entries no longer match its entries digest");
  }
  if (batch_identity(batch->info.header) != batch->info.identity) {
    report.problems.emplace_back("the batch's identity no longer matches its plan, data and period");
  }
  return report;
}

}  // namespace accrue::ledger
