// Resolves Reference columns to row indices of their target tables, so that
// evaluation groups events by customer (or payee) with an array index in one
// pass. Each distinct referenced key is looked up once; every row naming a
// key the target does not have is reported, naming the missing key.
#pragma once

#include <vector>

#include "engine/data/problem_sink.h"
#include "engine/data/work_table.h"

namespace accrue::data {

// Targets must already be in key order. References into a target that had
// problems of its own are left unresolved: its rejected rows would make
// every reference to them look dangling.
void resolve_references(WorkTable& table, const std::vector<WorkTable*>& all, ProblemSink& sink);

}  // namespace accrue::data
