// The canonical text of a loaded cell: one spelling per value whatever the
// source wrote ("12.50" and "12.5" are both "12.5", a percent is its
// fraction, a reference is the target's key). Content hashes and messages
// use it, so equal data gives equal hashes.
#pragma once

#include <string>

#include "engine/data/work_table.h"

namespace accrue::data {

// Appends the text of a non-null cell.
void append_canonical_text(const WorkColumn& column, std::size_t row, std::string& out);

}  // namespace accrue::data
