// Writing batches: append_batch and supersede. The batch's rules are checked
// on a second thread while the rows are written, and nothing commits unless
// they pass; everything is written inside one IMMEDIATE transaction, so a
// failure or a kill -9 at any point leaves the file as it was.
#include <fmt/format.h>

#include <atomic>
#include <thread>

#include <nlohmann/json.hpp>

#include "ledger/batch_rules.h"
#include "ledger/entry_view.h"
#include "ledger/ledger_state.h"

namespace accrue::ledger {
namespace {

using detail::Database;
using detail::Digest;
using detail::ResolvedRef;

Error invalid(const Database& db, ErrorCode code, const std::vector<std::string>& problems) {
  return db.failure(code, "batch refused, nothing was written: " + detail::summarize(problems));
}

// Resolves references into earlier batches, checking that each target exists
// and that a reversal mirrors its target.
Result<std::vector<std::optional<ResolvedRef>>> resolve_references(const Database& db, BatchId batch,
                                                                   const detail::OrderedEntries& ordered) {
  auto lookup = db.prepare(
      "SELECT e.debit_account, e.credit_account, e.amount_minor, e.currency FROM batch AS b "
      "JOIN entry AS e ON e.entry_id = b.first_entry_id + ?2 - 1 "
      "WHERE b.batch_id = ?1 AND ?2 BETWEEN 1 AND b.entry_count");
  if (!lookup) return lookup.error();
  std::vector<std::optional<ResolvedRef>> resolved(ordered.size());
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    if (!ordered.settles(i)) continue;
    const detail::EntryView entry = ordered[i];
    const auto& ref = *entry.settles;
    if (!ref.batch) {
      resolved[i] = ResolvedRef{batch, ref.sequence};
      continue;
    }
    lookup->bind(1, *ref.batch);
    lookup->bind(2, ref.sequence);
    auto rc = lookup->step("resolving references");
    if (!rc) return rc.error();
    if (*rc != SQLITE_ROW) {
      problems.push_back(fmt::format("entry {}: settles batch {} entry {}, which does not exist", entry.sequence,
                                     *ref.batch, ref.sequence));
    } else if (entry.kind == EntryKind::reversal &&
               (lookup->text(0) != entry.credit_account || lookup->text(1) != entry.debit_account ||
                lookup->integer(2) != entry.amount_minor || lookup->text(3) != entry.currency)) {
      problems.push_back(fmt::format("entry {}: a reversal must swap the accounts of batch {} entry {} and keep "
                                     "its amount and currency",
                                     entry.sequence, *ref.batch, ref.sequence));
    }
    lookup->reset();
    resolved[i] = ResolvedRef{*ref.batch, ref.sequence};
  }
  if (!problems.empty()) return invalid(db, ErrorCode::invalid_batch, problems);
  return resolved;
}

// One reversal per entry of the replaced batch, except the reversals it wrote
// itself for the batch it had replaced: undoing those would bring that batch back.
Result<std::vector<Entry>> reversals_of(const Database& db, const detail::StoredBatch& old,
                                        std::int64_t first_sequence) {
  auto rows = detail::read_entries(db, old);
  if (!rows) return rows.error();
  std::vector<Entry> reversals;
  for (const auto& row : *rows) {
    if (row.entry.kind == EntryKind::reversal && old.info.supersedes && row.settles &&
        row.settles->batch == *old.info.supersedes) {
      continue;
    }
    Entry reversal = row.entry;
    reversal.sequence = first_sequence + static_cast<std::int64_t>(reversals.size());
    reversal.kind = EntryKind::reversal;
    std::swap(reversal.debit_account, reversal.credit_account);
    reversal.settles = EntryRef{old.info.id, row.entry.sequence};
    reversals.push_back(std::move(reversal));
  }
  return reversals;
}

Status insert_batch(const Database& db, BatchId id, const std::string& identity, const BatchHeader& header,
                    std::optional<BatchId> supersedes, std::int64_t first_entry_id, std::int64_t entry_count,
                    const std::string& digest) {
  auto stmt = db.prepare(
      "INSERT INTO batch (batch_id, identity, period, plan_hash, engine_version, arguments, supersedes, "
      "entry_count, entries_digest, encoding, first_entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return stmt.error();
  const std::string arguments = nlohmann::json(header.arguments).dump();
  stmt->bind(1, id);
  stmt->bind(2, identity);
  stmt->bind(3, header.period);
  stmt->bind(4, header.plan_hash);
  stmt->bind(5, header.engine_version);
  stmt->bind(6, arguments);
  if (supersedes) stmt->bind(7, *supersedes);
  stmt->bind(8, entry_count);
  stmt->bind(9, digest);
  stmt->bind(10, detail::canonical_encoding_version);
  stmt->bind(11, first_entry_id);
  auto ran = stmt->run("writing the batch");
  if (!ran) return ran.error();
  auto source = db.prepare("INSERT INTO batch_source (batch_id, name, content_hash) VALUES (?, ?, ?)");
  if (!source) return source.error();
  for (const auto& [name, hash] : header.data_hashes) {
    source->bind(1, id);
    source->bind(2, name);
    source->bind(3, hash);
    auto inserted = source->run("writing the batch sources");
    if (!inserted) return inserted.error();
  }
  return Done{};
}

// Entry hashes are computed on a second thread while the rows are inserted:
// a hash needs only its entry, and inserting is the slower of the two, so
// hashing costs no wall time. Row i waits until hash i is ready.
class EntryHasher {
 public:
  EntryHasher(BatchId batch, const detail::OrderedEntries& ordered,
              const std::vector<std::optional<ResolvedRef>>& resolved)
      : hashes_(ordered.size()), worker_([this, batch, &ordered, &resolved] {
          detail::Sha256 sha;
          std::string encoding;
          for (std::size_t i = 0; i < ordered.size(); ++i) {
            encoding.clear();
            detail::encode_entry(encoding, batch, ordered[i], resolved[i]);
            hashes_[i] = sha.of(encoding);
            if ((i & 255) == 255 || i + 1 == ordered.size()) ready_.store(i + 1, std::memory_order_release);
          }
        }) {}

  const Digest& at(std::size_t i) const {
    while (ready_.load(std::memory_order_acquire) <= i) std::this_thread::yield();
    return hashes_[i];
  }
  const std::vector<Digest>& all() {
    worker_.join();
    return hashes_;
  }

 private:
  std::vector<Digest> hashes_;
  std::atomic<std::size_t> ready_{0};
  std::jthread worker_;  // declared last: starts once the rest exists, joined first
};


// The hot loop of a settlement. Rows go in 64 per INSERT statement: SQLite's
// cost per statement (step, reset, the program's prologue) is then paid once
// per 64 rows, about a third less time per row than one row per statement
// (measured: 153,600 rows in 108 ms instead of 168 ms). Every parameter is
// bound on every use (no clear_bindings); text is bound without copying.
constexpr int kRowsPerInsert = 64;
constexpr int kEntryColumns = 16;

std::string insert_sql(int rows) {
  std::string sql =
      "INSERT INTO entry (batch_id, sequence, payee, customer, component, kind, debit_account, "
      "credit_account, amount_minor, currency, due_date, rule, source_span, settles_batch, settles_sequence, "
      "entry_hash) VALUES ";
  for (int row = 0; row < rows; ++row) sql += row == 0 ? "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  return sql;
}

void bind_entry(detail::Statement& stmt, int row, BatchId batch, const detail::EntryView& entry,
                const std::optional<ResolvedRef>& settles, const Digest& hash) {
  const int at = row * kEntryColumns;
  stmt.bind(at + 1, batch);
  stmt.bind(at + 2, entry.sequence);
  stmt.bind(at + 3, entry.payee);
  if (entry.customer) stmt.bind(at + 4, *entry.customer);
  else stmt.bind_null(at + 4);
  stmt.bind(at + 5, entry.component);
  stmt.bind(at + 6, kind_name(entry.kind));
  stmt.bind(at + 7, entry.debit_account);
  stmt.bind(at + 8, entry.credit_account);
  stmt.bind(at + 9, entry.amount_minor);
  stmt.bind(at + 10, entry.currency);
  if (entry.due_date) stmt.bind(at + 11, *entry.due_date);
  else stmt.bind_null(at + 11);
  stmt.bind(at + 12, entry.rule);
  stmt.bind(at + 13, entry.source_span);
  if (settles) {
    stmt.bind(at + 14, settles->batch);
    stmt.bind(at + 15, settles->sequence);
  } else {
    stmt.bind_null(at + 14);
    stmt.bind_null(at + 15);
  }
  stmt.bind_blob(at + 16, hash);
}

Status insert_entries(const Database& db, BatchId id, std::int64_t first_entry_id,
                      const detail::OrderedEntries& ordered,
                      const std::vector<std::optional<ResolvedRef>>& resolved, const EntryHasher& hashes) {
  auto many = db.prepare(insert_sql(kRowsPerInsert));
  if (!many) return many.error();
  auto one = db.prepare(insert_sql(1));
  if (!one) return one.error();
  const std::size_t count = ordered.size();
  const std::size_t in_groups = count - count % kRowsPerInsert;
  for (std::size_t i = 0; i < count; ++i) {
    detail::Statement& stmt = i < in_groups ? *many : *one;
    const int row = i < in_groups ? static_cast<int>(i % kRowsPerInsert) : 0;
    bind_entry(stmt, row, id, ordered[i], resolved[i], hashes.at(i));
    if (row + 1 < (i < in_groups ? kRowsPerInsert : 1)) continue;
    auto stepped = stmt.step("writing entries");
    if (!stepped) return stepped.error();
    stmt.rewind();
  }
  // SQLite numbers the rows itself (max + 1, in insert order), which spares
  // a uniqueness seek per row that an explicit entry_id costs (about 8% of
  // SQLite's instructions per row, callgrind). first_entry_id was read as
  // max + 1 inside this transaction, so the numbers are the ones the batch
  // row records; checked, since the batch's range depends on it.
  auto last = db.query_integer("SELECT coalesce(max(entry_id), 0) FROM entry", "numbering the entries");
  if (!last) return last.error();
  const std::int64_t expected_last = first_entry_id + static_cast<std::int64_t>(count) - 1;
  if (*last != expected_last)
    return db.failure(ErrorCode::corrupt, fmt::format("entries were numbered up to {}, not {}..{}; nothing was written",
                                                      *last, first_entry_id, expected_last));
  return Done{};
}

// The batch's own rules (fields, chart of accounts, double entry), checked on
// a second thread while the transaction starts and the rows are inserted; the
// write commits only once they passed, and their verdict comes first whatever
// else went wrong, so a bad batch is reported as such and nothing is written.
class BatchChecks {
 public:
  BatchChecks(const Database& db, const BatchHeader& header, detail::OrderedEntries entries)
      : entries_(std::move(entries)), worker_([this, &db, &header] { failure_ = run(db, header); }) {}

  const std::optional<Error>& failure() {
    if (worker_.joinable()) worker_.join();
    return failure_;
  }

 private:
  std::optional<Error> run(const Database& db, const BatchHeader& header) const {
    auto problems = detail::header_problems(header);
    auto entry_rules = detail::entry_problems(entries_);
    problems.insert(problems.end(), entry_rules.begin(), entry_rules.end());
    if (!problems.empty()) return invalid(db, ErrorCode::invalid_batch, problems);
    const auto balance = detail::balance_report(entries_);
    if (!balance.balanced()) return invalid(db, ErrorCode::unbalanced, balance.problems);
    return std::nullopt;
  }

  const detail::OrderedEntries entries_;  // the new entries, before any reversal is appended
  std::optional<Error> failure_;
  std::jthread worker_;  // declared last: starts once the rest exists
};

Result<AppendOutcome> write_checked(const Database& db, const BatchHeader& header, detail::OrderedEntries ordered,
                                    std::optional<BatchId> replacing, BatchChecks& checks) {
  const std::string identity = batch_identity(header);

  auto tx = detail::WriteTransaction::begin(db);
  if (!tx) return tx.error();
  auto current = detail::current_batch_of(db, header.period);
  if (!current) return current.error();
  std::optional<detail::StoredBatch> old;
  if (*current) {
    auto stored = detail::read_batch(db, **current);
    if (!stored) return stored.error();
    old = std::move(*stored);
    if (old->info.identity == identity) return AppendOutcome{old->info.id, false, 0};
  }
  if (!replacing && old) {
    return db.failure(ErrorCode::period_settled,
                      fmt::format("period {} is already settled by batch {} with another plan or data (identity "
                                  "{}); nothing was written: supersede it to replace it",
                                  header.period, old->info.id, old->info.identity));
  }
  if (replacing && !old) {
    return db.failure(ErrorCode::not_found,
                      fmt::format("period {} has no batch to supersede; nothing was written", header.period));
  }
  if (replacing && old->info.id != *replacing) {
    return db.failure(ErrorCode::period_settled,
                      fmt::format("batch {} is not the current batch of period {} (batch {} is); nothing was written",
                                  *replacing, header.period, old->info.id));
  }
  auto next = db.query_integer("SELECT coalesce(max(batch_id), 0) + 1 FROM batch", "numbering the batch");
  if (!next) return next.error();
  const BatchId id = *next;
  auto next_entry = db.query_integer("SELECT coalesce(max(entry_id), 0) + 1 FROM entry", "numbering the entries");
  if (!next_entry) return next_entry.error();
  const std::int64_t first_entry_id = *next_entry;
  std::int64_t reversals = 0;
  if (replacing) {
    auto made = reversals_of(db, *old, static_cast<std::int64_t>(ordered.size()) + 1);
    if (!made) return made.error();
    reversals = static_cast<std::int64_t>(made->size());
    ordered.append(std::move(*made));
  }
  auto resolved = resolve_references(db, id, ordered);
  if (!resolved) return resolved.error();

  // The batch row carries the digest of all entry hashes, so it is written
  // after the entries; both are in the same transaction.
  EntryHasher hasher(id, ordered, *resolved);
  auto entries_written = insert_entries(db, id, first_entry_id, ordered, *resolved, hasher);
  if (!entries_written) return entries_written.error();
  detail::Sha256 sha;
  const auto digest = detail::to_hex(detail::entries_digest(sha, identity, hasher.all()));
  auto batch_written = insert_batch(db, id, identity, header, replacing, first_entry_id,
                                    static_cast<std::int64_t>(ordered.size()), digest);
  if (!batch_written) return batch_written.error();
  if (checks.failure()) return *checks.failure();  // rolls back
  auto committed = tx->commit();
  if (!committed) return committed.error();
  return AppendOutcome{id, true, reversals};
}

Result<AppendOutcome> write_batch(const Database& db, const BatchHeader& header, detail::OrderedEntries ordered,
                                  std::optional<BatchId> replacing) {
  BatchChecks checks(db, header, ordered);
  auto written = write_checked(db, header, std::move(ordered), replacing, checks);
  if (checks.failure()) return *checks.failure();
  return written;
}

}  // namespace

Result<AppendOutcome> Ledger::append_batch(const BatchHeader& header, std::span<const Entry> entries) {
  if (state_->mode == OpenMode::read_only) {
    return state_->db.failure(ErrorCode::read_only, "the ledger was opened read-only; nothing was written");
  }
  return write_batch(state_->db, header, detail::OrderedEntries(entries), std::nullopt);
}

Result<AppendOutcome> Ledger::supersede(BatchId old_batch, const BatchHeader& header, std::span<const Entry> entries) {
  if (state_->mode == OpenMode::read_only) {
    return state_->db.failure(ErrorCode::read_only, "the ledger was opened read-only; nothing was written");
  }
  return write_batch(state_->db, header, detail::OrderedEntries(entries), old_batch);
}

Result<AppendOutcome> Ledger::append_batch(const BatchHeader& header, const EntryBatch& entries) {
  if (state_->mode == OpenMode::read_only) {
    return state_->db.failure(ErrorCode::read_only, "the ledger was opened read-only; nothing was written");
  }
  return write_batch(state_->db, header, detail::OrderedEntries(entries), std::nullopt);
}

Result<AppendOutcome> Ledger::supersede(BatchId old_batch, const BatchHeader& header, const EntryBatch& entries) {
  if (state_->mode == OpenMode::read_only) {
    return state_->db.failure(ErrorCode::read_only, "the ledger was opened read-only; nothing was written");
  }
  return write_batch(state_->db, header, detail::OrderedEntries(entries), old_batch);
}

}  // namespace accrue::ledger
