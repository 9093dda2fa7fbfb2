#include "ledger/schema.h"

#include <fmt/format.h>

#include <string>

namespace accrue::ledger::detail {
namespace {

// Version 1. Every column is described in docs/ledger.md. No column holds
// wall-clock time. The entry table carries no CHECK constraints and no
// enforced foreign keys: the layer checks every entry before writing (and
// verify_balanced re-checks stored rows), while per-row CHECKs measured up to
// 3 s per million rows (a 14-name IN list alone took most of it). Entries are
// a rowid table numbered in append order: batch b holds entry_id
// first_entry_id .. first_entry_id + entry_count - 1, sequence 1..entry_count,
// so appending hits SQLite's append fast path and needs no second index.
constexpr const char* schema_v1 = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE batch (
  batch_id       INTEGER PRIMARY KEY,
  identity       TEXT NOT NULL CHECK (length(identity) = 64),
  period         TEXT NOT NULL,
  plan_hash      TEXT NOT NULL CHECK (length(plan_hash) = 64),
  engine_version TEXT NOT NULL,
  arguments      TEXT NOT NULL,
  supersedes     INTEGER UNIQUE REFERENCES batch (batch_id),
  first_entry_id INTEGER NOT NULL,
  entry_count    INTEGER NOT NULL CHECK (entry_count > 0),
  entries_digest TEXT NOT NULL CHECK (length(entries_digest) = 64),
  encoding       INTEGER NOT NULL
);
CREATE INDEX batch_by_period ON batch (period);
CREATE INDEX batch_by_identity ON batch (identity);

CREATE TABLE batch_source (
  batch_id     INTEGER NOT NULL REFERENCES batch (batch_id),
  name         TEXT NOT NULL,
  content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
  PRIMARY KEY (batch_id, name)
) WITHOUT ROWID;

CREATE TABLE entry (
  entry_id         INTEGER PRIMARY KEY,
  batch_id         INTEGER NOT NULL REFERENCES batch (batch_id),
  sequence         INTEGER NOT NULL,
  payee            TEXT NOT NULL,
  customer         TEXT,
  component        TEXT NOT NULL,
  kind             TEXT NOT NULL,
  debit_account    TEXT NOT NULL,
  credit_account   TEXT NOT NULL,
  amount_minor     INTEGER NOT NULL,
  currency         TEXT NOT NULL,
  due_date         TEXT,
  rule             TEXT NOT NULL,
  source_span      TEXT NOT NULL,
  settles_batch    INTEGER,
  settles_sequence INTEGER,
  entry_hash       BLOB NOT NULL
);
CREATE INDEX entry_by_settles ON entry (settles_batch, settles_sequence)
  WHERE settles_batch IS NOT NULL;

-- Reserved for lineage: which entries and data rows an entry derives from.
-- Kept apart from entry so adding lineage never changes an entry's row or hash.
CREATE TABLE entry_lineage (
  batch_id        INTEGER NOT NULL,
  sequence        INTEGER NOT NULL,
  ordinal         INTEGER NOT NULL,
  source_batch    INTEGER,
  source_sequence INTEGER,
  source_name     TEXT,
  source_key      TEXT,
  PRIMARY KEY (batch_id, sequence, ordinal),
  CHECK ((source_batch IS NOT NULL AND source_sequence IS NOT NULL)
         <> (source_name IS NOT NULL AND source_key IS NOT NULL))
) WITHOUT ROWID;

-- A period has one current batch; a new one must supersede it.
CREATE TRIGGER batch_first_of_period BEFORE INSERT ON batch
WHEN NEW.supersedes IS NULL AND EXISTS (SELECT 1 FROM batch WHERE period = NEW.period)
BEGIN SELECT RAISE(ABORT, 'the period already has a batch; a new one must supersede it'); END;

CREATE TRIGGER batch_supersedes_current BEFORE INSERT ON batch
WHEN NEW.supersedes IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM batch AS old WHERE old.batch_id = NEW.supersedes AND old.period = NEW.period
    AND NOT EXISTS (SELECT 1 FROM batch AS later WHERE later.supersedes = old.batch_id))
BEGIN SELECT RAISE(ABORT, 'a batch may only supersede the current batch of its own period'); END;

-- Append-only: history is corrected by new entries, never edited.
CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: entries cannot be changed'); END;
CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: entries cannot be deleted'); END;
CREATE TRIGGER batch_no_update BEFORE UPDATE ON batch
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: batches cannot be changed'); END;
CREATE TRIGGER batch_no_delete BEFORE DELETE ON batch
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: batches cannot be deleted'); END;
CREATE TRIGGER batch_source_no_update BEFORE UPDATE ON batch_source
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: batch sources cannot be changed'); END;
CREATE TRIGGER batch_source_no_delete BEFORE DELETE ON batch_source
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: batch sources cannot be deleted'); END;
CREATE TRIGGER entry_lineage_no_update BEFORE UPDATE ON entry_lineage
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: lineage cannot be changed'); END;
CREATE TRIGGER entry_lineage_no_delete BEFORE DELETE ON entry_lineage
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: lineage cannot be deleted'); END;
CREATE TRIGGER meta_no_delete BEFORE DELETE ON meta
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: metadata cannot be deleted'); END;

INSERT INTO meta (key, value) VALUES
  ('format', 'accrue-ledger'),
  ('schema_version', '1'),
  ('canonical_encoding', '1');
)sql";

// Step i upgrades version i to i + 1, inside the same transaction as the
// user_version bump. Version 1 is the first released schema: none yet.
struct Migration {
  int from;
  const char* sql;
};
constexpr Migration migrations[] = {{0, nullptr}};

Status create(const Database& db) {
  // Larger pages: fewer B-tree splits and page writes per appended row. Takes
  // effect only while the file is still empty (a no-op otherwise).
  auto paged = db.exec("PRAGMA page_size = 16384", "creating the ledger");
  if (!paged) return paged.error();
  auto tx = WriteTransaction::begin(db);
  if (!tx) return tx.error();
  // Another process may have created it between our probe and the lock.
  auto tables = db.query_integer("SELECT count(*) FROM sqlite_schema", "creating the ledger");
  if (!tables) return tables.error();
  if (*tables != 0) return Done{};
  auto made = db.exec(schema_v1, "creating the ledger");
  if (!made) return made.error();
  const auto pragmas = fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {};",
                                   ledger_application_id, current_schema_version);
  auto stamped = db.exec(pragmas.c_str(), "creating the ledger");
  if (!stamped) return stamped.error();
  return tx->commit();
}

Status migrate(const Database& db, int from) {
  for (int version = from; version < current_schema_version; ++version) {
    const Migration* step = nullptr;
    for (const auto& migration : migrations) {
      if (migration.from == version && migration.sql != nullptr) step = &migration;
    }
    if (step == nullptr) {
      return db.failure(ErrorCode::not_a_ledger,
                        fmt::format("ledger schema version {} is unknown to this accrue (it reads "
                                    "versions 1 to {})",
                                    version, current_schema_version));
    }
    auto tx = WriteTransaction::begin(db);
    if (!tx) return tx.error();
    auto applied = db.exec(step->sql, "migrating the ledger");
    if (!applied) return applied.error();
    const auto bump = fmt::format("PRAGMA user_version = {}", version + 1);
    auto bumped = db.exec(bump.c_str(), "migrating the ledger");
    if (!bumped) return bumped.error();
    auto committed = tx->commit();
    if (!committed) return committed.error();
  }
  return Done{};
}

}  // namespace

Result<int> prepare_schema(const Database& db, OpenMode mode) {
  const std::string_view doing = "opening the ledger";
  auto application_id = db.query_integer("PRAGMA application_id", doing);
  if (!application_id) return application_id.error();
  auto version = db.query_integer("PRAGMA user_version", doing);
  if (!version) return version.error();
  auto tables = db.query_integer("SELECT count(*) FROM sqlite_schema", doing);
  if (!tables) return tables.error();

  if (*application_id == 0 && *version == 0 && *tables == 0) {
    if (mode == OpenMode::read_only) {
      return db.failure(ErrorCode::not_a_ledger, "not an accrue ledger: the database is empty");
    }
    auto created = create(db);
    if (!created) return created.error();
    return current_schema_version;
  }
  if (*application_id != ledger_application_id) {
    return db.failure(ErrorCode::not_a_ledger,
                      "not an accrue ledger: an SQLite database written by another program");
  }
  if (*version > current_schema_version) {
    return db.failure(ErrorCode::newer_schema,
                      fmt::format("the ledger has schema version {}, written by a newer accrue; this "
                                  "accrue reads versions up to {}. Nothing was changed: use a newer accrue",
                                  *version, current_schema_version));
  }
  if (*version < current_schema_version) {
    if (mode == OpenMode::read_only) {
      return db.failure(ErrorCode::read_only,
                        fmt::format("the ledger has the older schema version {}; open it for writing "
                                    "once to migrate it to version {}",
                                    *version, current_schema_version));
    }
    auto migrated = migrate(db, static_cast<int>(*version));
    if (!migrated) return migrated.error();
  }
  // The stamp alone could be forged or damaged: the meta row must agree.
  auto format = db.query_integer("SELECT count(*) FROM meta WHERE key = 'format' AND value = 'accrue-ledger'", doing);
  if (!format) {
    if (format.error().code == ErrorCode::io) {
      return db.failure(ErrorCode::corrupt, "the ledger's tables are missing or damaged: " + format.error().message);
    }
    return format.error();
  }
  if (*format != 1) return db.failure(ErrorCode::corrupt, "the ledger's meta table does not name it an accrue ledger");
  return current_schema_version;
}

}  // namespace accrue::ledger::detail
