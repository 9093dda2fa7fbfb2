// A thin RAII layer over the SQLite C API that turns every result code into an
// Error naming the ledger file, so the rest of the layer never sees raw codes.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "ledger/ledger.h"

namespace accrue::ledger::detail {

// Maps an SQLite result code to the ledger's error vocabulary.
Error sqlite_error(int rc, const std::string& file, std::string_view doing, sqlite3* db);

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3_stmt* stmt, std::string file, sqlite3* db)
      : stmt_(stmt), file_(std::move(file)), db_(db) {}

  // Text and blobs are bound without copying: the caller keeps them alive
  // until the next step() or reset().
  void bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_.get(), index, value); }
  void bind(int index, std::string_view value) {
    sqlite3_bind_text(stmt_.get(), index, value.data(), static_cast<int>(value.size()),
                      SQLITE_STATIC);
  }
  void bind_blob(int index, std::span<const unsigned char> bytes) {
    sqlite3_bind_blob(stmt_.get(), index, bytes.data(), static_cast<int>(bytes.size()),
                      SQLITE_STATIC);
  }
  void bind_null(int index) { sqlite3_bind_null(stmt_.get(), index); }

  // SQLITE_ROW or SQLITE_DONE; anything else is returned as an Error.
  Result<int> step(std::string_view doing);
  // For statements that return no rows: step, then reset for reuse.
  Status run(std::string_view doing);
  // Ready to step again with the same bindings (the insert loop rebinds all).
  void rewind() { sqlite3_reset(stmt_.get()); }
  void reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
  }

  bool is_null(int column) const { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_.get(), column); }
  std::string text(int column) const;
  std::string blob_hex(int column) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  std::string file_;
  sqlite3* db_ = nullptr;
};

class Database {
 public:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };

  Database(sqlite3* db, std::string file) : db_(db), file_(std::move(file)) {}

  sqlite3* handle() const { return db_.get(); }
  const std::string& file() const { return file_; }

  Result<Statement> prepare(std::string_view sql) const;
  Status exec(const char* sql, std::string_view doing) const;
  // Runs a query that yields one integer (PRAGMA user_version, COUNT(*), ...).
  Result<std::int64_t> query_integer(std::string_view sql, std::string_view doing) const;
  Error error(int rc, std::string_view doing) const { return sqlite_error(rc, file_, doing, db_.get()); }
  Error failure(ErrorCode code, std::string message) const { return Error{code, file_, std::move(message)}; }

 private:
  std::unique_ptr<sqlite3, Closer> db_;
  std::string file_;
};

// Holds a write transaction open; rolls it back unless commit() succeeded, so
// every early return leaves the file as it was.
class WriteTransaction {
 public:
  static Result<WriteTransaction> begin(const Database& db);
  WriteTransaction(WriteTransaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  WriteTransaction& operator=(WriteTransaction&&) = delete;
  ~WriteTransaction();
  Status commit();

 private:
  explicit WriteTransaction(const Database* db) : db_(db) {}
  const Database* db_;
};

}  // namespace accrue::ledger::detail
