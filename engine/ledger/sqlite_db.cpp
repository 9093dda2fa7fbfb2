#include "ledger/sqlite_db.h"

#include <fmt/format.h>

namespace accrue::ledger::detail {

Error sqlite_error(int rc, const std::string& file, std::string_view doing, sqlite3* db) {
  // The connection's message is more specific than the code's ("no such
  // table", a trigger's RAISE text), but only when it belongs to this rc.
  std::string detail = sqlite3_errstr(rc);
  if (db != nullptr && (sqlite3_extended_errcode(db) & 0xff) == (rc & 0xff)) {
    detail = sqlite3_errmsg(db);
  }
  if (rc == SQLITE_READONLY_ROLLBACK) {
    return {ErrorCode::read_only, file,
            "the ledger holds an interrupted write that must be rolled back first; open it once "
            "for writing (nothing of the interrupted write is kept)"};
  }
  if ((rc & 0xff) == SQLITE_CANTOPEN) {
    return {ErrorCode::io, file,
            fmt::format("cannot open the ledger or its rollback journal while {} (does the file and its "
                        "directory exist and allow writing?): {}",
                        doing, detail)};
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {ErrorCode::locked, file,
              fmt::format("the ledger is locked by another writer while {}; nothing was "
                          "written, try again when it has finished",
                          doing)};
    case SQLITE_READONLY:
      return {ErrorCode::read_only, file,
              fmt::format("the ledger cannot be written while {}: {}", doing, detail)};
    case SQLITE_CORRUPT:
      return {ErrorCode::corrupt, file,
              fmt::format("the ledger file is corrupt ({}) while {}; restore it from a backup",
                          detail, doing)};
    case SQLITE_NOTADB:
      return {ErrorCode::not_a_ledger, file,
              "not an accrue ledger: the file is not an SQLite database (or its header is damaged)"};
    case SQLITE_CONSTRAINT:
      return {ErrorCode::invalid_batch, file, fmt::format("{} refused: {}", doing, detail)};
    case SQLITE_FULL:
      return {ErrorCode::io, file, fmt::format("disk full while {}; nothing was written", doing)};
    default:
      return {ErrorCode::io, file, fmt::format("{} failed: {}", doing, detail)};
  }
}

Result<int> Statement::step(std::string_view doing) {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW || rc == SQLITE_DONE) return rc;
  return sqlite_error(rc, file_, doing, db_);
}

Status Statement::run(std::string_view doing) {
  auto rc = step(doing);
  reset();
  if (!rc) return rc.error();
  return Done{};
}

std::string Statement::text(int column) const {
  const auto* data = sqlite3_column_text(stmt_.get(), column);
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  if (data == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::string Statement::blob_hex(int column) const {
  static constexpr char digits[] = "0123456789abcdef";
  const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_.get(), column));
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  std::string hex;
  hex.reserve(static_cast<std::size_t>(size) * 2);
  for (int i = 0; i < size; ++i) {
    hex.push_back(digits[data[i] >> 4]);
    hex.push_back(digits[data[i] & 0xf]);
  }
  return hex;
}

Result<Statement> Database::prepare(std::string_view sql) const {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return error(rc, "reading the ledger");
  return Statement(stmt, file_, db_.get());
}

Status Database::exec(const char* sql, std::string_view doing) const {
  const int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return error(rc, doing);
  return Done{};
}

Result<std::int64_t> Database::query_integer(std::string_view sql, std::string_view doing) const {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.error();
  auto rc = stmt->step(doing);
  if (!rc) return rc.error();
  if (*rc != SQLITE_ROW) return failure(ErrorCode::corrupt, fmt::format("{}: no result", doing));
  return stmt->integer(0);
}

Result<WriteTransaction> WriteTransaction::begin(const Database& db) {
  // IMMEDIATE takes the write lock now, so a concurrent writer is reported
  // before any work is done rather than at COMMIT.
  auto begun = db.exec("BEGIN IMMEDIATE", "starting a write");
  if (!begun) return begun.error();
  return WriteTransaction(&db);
}

WriteTransaction::~WriteTransaction() {
  if (db_ != nullptr) sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Status WriteTransaction::commit() {
  auto committed = db_->exec("COMMIT", "committing the batch");
  if (!committed) return committed.error();  // the destructor rolls back
  db_ = nullptr;
  return Done{};
}

}  // namespace accrue::ledger::detail
