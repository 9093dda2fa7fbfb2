// Opening a ledger file and reading batches and entries back.
#include <fmt/format.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "ledger/batch_rules.h"
#include "ledger/ledger_state.h"
#include "ledger/schema.h"

namespace accrue::ledger {

std::string Error::to_string() const { return file.empty() ? message : file + ": " + message; }

namespace {

constexpr std::string_view batch_columns =
    "SELECT b.batch_id, b.identity, b.period, b.plan_hash, b.engine_version, b.arguments, b.supersedes, "
    "b.entry_count, b.entries_digest, b.encoding, "
    "(SELECT later.batch_id FROM batch AS later WHERE later.supersedes = b.batch_id), b.first_entry_id "
    "FROM batch AS b ";

Error corrupt(const detail::Database& db, std::string what) {
  return db.failure(ErrorCode::corrupt, "the ledger holds an invalid value: " + std::move(what));
}

Result<detail::StoredBatch> batch_from_row(const detail::Database& db, const detail::Statement& row) {
  detail::StoredBatch stored;
  auto& info = stored.info;
  info.id = row.integer(0);
  info.identity = row.text(1);
  info.header.period = row.text(2);
  info.header.plan_hash = row.text(3);
  info.header.engine_version = row.text(4);
  const auto arguments = nlohmann::json::parse(row.text(5), nullptr, /*allow_exceptions=*/false);
  if (!arguments.is_array()) return corrupt(db, fmt::format("batch {} arguments", info.id));
  for (const auto& argument : arguments) {
    if (!argument.is_string()) return corrupt(db, fmt::format("batch {} arguments", info.id));
    info.header.arguments.push_back(argument.get<std::string>());
  }
  if (!row.is_null(6)) info.supersedes = row.integer(6);
  info.entry_count = row.integer(7);
  info.entries_digest = row.text(8);
  stored.encoding = row.integer(9);
  if (!row.is_null(10)) info.superseded_by = row.integer(10);
  stored.first_entry_id = row.integer(11);
  auto sources = db.prepare("SELECT name, content_hash FROM batch_source WHERE batch_id = ? ORDER BY name");
  if (!sources) return sources.error();
  sources->bind(1, info.id);
  for (;;) {
    auto rc = sources->step("reading a batch");
    if (!rc) return rc.error();
    if (*rc != SQLITE_ROW) break;
    info.header.data_hashes.emplace(sources->text(0), sources->text(1));
  }
  return stored;
}

Result<std::optional<BatchInfo>> first_batch(const detail::Database& db, std::string_view where,
                                             std::string_view key) {
  auto stmt = db.prepare(std::string(batch_columns) + std::string(where));
  if (!stmt) return stmt.error();
  stmt->bind(1, key);
  auto rc = stmt->step("finding a batch");
  if (!rc) return rc.error();
  if (*rc != SQLITE_ROW) return std::optional<BatchInfo>();
  auto stored = batch_from_row(db, *stmt);
  if (!stored) return stored.error();
  return std::optional<BatchInfo>(std::move(stored->info));
}

Status refuse_read_only_file(const std::filesystem::path& path) {
  // Root bypasses permission bits, but a ledger someone made read-only must
  // stay unwritten whoever runs accrue: honour the bits ourselves.
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return Done{};
  if ((status.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0) {
    return Error{ErrorCode::read_only, path.string(),
                 "the ledger file is read-only (no write permission); nothing was written"};
  }
  return Done{};
}

}  // namespace

Result<Ledger> Ledger::open(const std::filesystem::path& path, OpenMode mode, OpenOptions options) {
  const std::string file = path.string();
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (mode == OpenMode::read_only && !exists) {
    return Error{ErrorCode::not_found, file, "no ledger at this path"};
  }
  if (exists && !std::filesystem::is_regular_file(path, ec)) {
    return Error{ErrorCode::not_a_ledger, file, "not an accrue ledger: not a regular file"};
  }
  if (mode == OpenMode::read_write && exists) {
    auto writable = refuse_read_only_file(path);
    if (!writable) return writable.error();
  }
  const int flags = (mode == OpenMode::read_only ? SQLITE_OPEN_READONLY
                                                : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  sqlite3* handle = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &handle, flags, nullptr);
  detail::Database db(handle, file);  // closes the handle on every path
  if (rc != SQLITE_OK) return db.error(rc, "opening the ledger");
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, options.busy_timeout_ms);
  if (mode == OpenMode::read_write && sqlite3_db_readonly(handle, "main") == 1) {
    return db.failure(ErrorCode::read_only, "the ledger file cannot be opened for writing; nothing was written");
  }
  // 16 MB of page cache: measured no slower than 128 MB for a million-entry
  // batch (spilled pages are new pages, which need no journalling) and
  // 110 MB less resident memory.
  auto tuned = db.exec("PRAGMA cache_size = -16384", "opening the ledger");
  if (!tuned) return tuned.error();
  auto version = detail::prepare_schema(db, mode);
  if (!version) return version.error();
  return Ledger(std::make_unique<State>(State{path, std::move(db), mode, *version}));
}

Ledger::Ledger(std::unique_ptr<State> state) : state_(std::move(state)) {}
Ledger::Ledger(Ledger&&) noexcept = default;
Ledger& Ledger::operator=(Ledger&&) noexcept = default;
Ledger::~Ledger() = default;

const std::filesystem::path& Ledger::path() const { return state_->path; }
int Ledger::schema_version() const { return state_->schema_version; }

Result<std::vector<BatchInfo>> Ledger::list_batches() {
  auto stmt = state_->db.prepare(std::string(batch_columns) + "ORDER BY b.batch_id");
  if (!stmt) return stmt.error();
  std::vector<BatchInfo> batches;
  for (;;) {
    auto rc = stmt->step("listing batches");
    if (!rc) return rc.error();
    if (*rc != SQLITE_ROW) break;
    auto stored = batch_from_row(state_->db, *stmt);
    if (!stored) return stored.error();
    batches.push_back(std::move(stored->info));
  }
  return batches;
}

Result<BatchInfo> Ledger::batch(BatchId id) {
  auto stored = detail::read_batch(state_->db, id);
  if (!stored) return stored.error();
  return std::move(stored->info);
}

Result<std::optional<BatchInfo>> Ledger::find_batch_for_period(std::string_view period) {
  return first_batch(state_->db,
                     "WHERE b.period = ? AND NOT EXISTS "
                     "(SELECT 1 FROM batch AS later WHERE later.supersedes = b.batch_id)",
                     period);
}

Result<std::optional<BatchInfo>> Ledger::find_batch_by_identity(std::string_view identity) {
  return first_batch(state_->db, "WHERE b.identity = ? ORDER BY b.batch_id DESC LIMIT 1", identity);
}

Result<std::vector<Entry>> Ledger::entries(BatchId id) {
  auto stored = detail::read_entries(state_->db, id);
  if (!stored) return stored.error();
  std::vector<Entry> entries;
  entries.reserve(stored->size());
  for (auto& row : *stored) entries.push_back(std::move(row.entry));
  return entries;
}

}  // namespace accrue::ledger

namespace accrue::ledger::detail {

Result<StoredBatch> read_batch(const Database& db, BatchId id) {
  auto stmt = db.prepare(std::string(batch_columns) + "WHERE b.batch_id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  auto rc = stmt->step("reading a batch");
  if (!rc) return rc.error();
  if (*rc != SQLITE_ROW) return db.failure(ErrorCode::not_found, fmt::format("the ledger has no batch {}", id));
  return batch_from_row(db, *stmt);
}

Result<std::vector<StoredEntry>> read_entries(const Database& db, BatchId id) {
  auto batch = read_batch(db, id);
  if (!batch) return batch.error();
  return read_entries(db, *batch);
}

Result<std::vector<StoredEntry>> read_entries(const Database& db, const StoredBatch& batch) {
  const BatchId id = batch.info.id;
  auto stmt = db.prepare(
      "SELECT sequence, payee, customer, component, kind, debit_account, credit_account, amount_minor, "
      "currency, due_date, rule, source_span, settles_batch, settles_sequence, entry_hash "
      "FROM entry WHERE entry_id BETWEEN ? AND ? AND batch_id = ? ORDER BY entry_id");
  if (!stmt) return stmt.error();
  stmt->bind(1, batch.first_entry_id);
  stmt->bind(2, batch.first_entry_id + batch.info.entry_count - 1);
  stmt->bind(3, id);
  std::vector<StoredEntry> rows;
  rows.reserve(static_cast<std::size_t>(batch.info.entry_count));
  for (;;) {
    auto rc = stmt->step("reading entries");
    if (!rc) return rc.error();
    if (*rc != SQLITE_ROW) break;
    StoredEntry row;
    auto& entry = row.entry;
    entry.sequence = stmt->integer(0);
    entry.payee = stmt->text(1);
    if (!stmt->is_null(2)) entry.customer = stmt->text(2);
    entry.component = stmt->text(3);
    const auto kind = kind_from_name(stmt->text(4));
    if (!kind) return corrupt(db, fmt::format("batch {} entry {} kind '{}'", id, entry.sequence, stmt->text(4)));
    entry.kind = *kind;
    entry.debit_account = stmt->text(5);
    entry.credit_account = stmt->text(6);
    entry.amount_minor = stmt->integer(7);
    entry.currency = stmt->text(8);
    if (!stmt->is_null(9)) entry.due_date = stmt->text(9);
    entry.rule = stmt->text(10);
    entry.source_span = stmt->text(11);
    if (!stmt->is_null(12)) {
      row.settles = ResolvedRef{stmt->integer(12), stmt->integer(13)};
      // Same-batch references read back as they were written: without a batch.
      entry.settles = EntryRef{row.settles->batch == id ? std::nullopt : std::optional(row.settles->batch),
                               row.settles->sequence};
    }
    row.hash_hex = stmt->blob_hex(14);
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::optional<BatchId>> current_batch_of(const Database& db, std::string_view period) {
  auto stmt = db.prepare(
      "SELECT b.batch_id FROM batch AS b WHERE b.period = ? AND NOT EXISTS "
      "(SELECT 1 FROM batch AS later WHERE later.supersedes = b.batch_id)");
  if (!stmt) return stmt.error();
  stmt->bind(1, period);
  auto rc = stmt->step("finding the period's batch");
  if (!rc) return rc.error();
  if (*rc != SQLITE_ROW) return std::optional<BatchId>();
  return std::optional<BatchId>(stmt->integer(0));
}

}  // namespace accrue::ledger::detail
