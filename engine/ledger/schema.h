// The on-disk schema and its version. Opening checks that a file is an accrue
// ledger this build understands: it creates a new one, migrates an older one in
// place (one transaction per step), and refuses a newer one untouched.
#pragma once

#include "ledger/ledger.h"
#include "ledger/sqlite_db.h"

namespace accrue::ledger::detail {

inline constexpr int current_schema_version = 1;
// PRAGMA application_id: "ACRL" — tells a ledger from any other SQLite file.
inline constexpr int ledger_application_id = 0x4143524c;

// Creates the schema in an empty database, or checks (and in read_write mode
// migrates) an existing one. Returns the schema version now in the file.
Result<int> prepare_schema(const Database& db, OpenMode mode);

}  // namespace accrue::ledger::detail
