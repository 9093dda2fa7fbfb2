// SHA-256 of a loaded table's content: canonical cell text in canonical row
// order, so the same data hashes the same whatever its source row order,
// spelling ("12.50" or "12.5") or format (CSV or SQLite). Settlement records
// these hashes as the identity of the data it used.
//
// Layout (docs/data.md): rows are cut into leaves of kHashLeafRows rows, each
// leaf hashed on its own (in parallel); the table hash is the SHA-256 of a
// header naming the fields and their types, the row count, and the leaf
// hashes in order. The cut depends only on the row count, never on threads.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/data/data.h"
#include "engine/data/work_table.h"

namespace accrue::data {

inline constexpr std::size_t kHashLeafRows = 65536;

// The hashes of all tables, in order. Every reference column must be
// resolved. The leaves of all tables share one pool of `threads` threads.
std::vector<ContentHash> hash_tables(const std::vector<WorkTable>& tables, unsigned threads);

}  // namespace accrue::data
