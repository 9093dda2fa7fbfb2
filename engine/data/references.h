// Resolves Reference columns to row indices of their target tables, so that
// evaluation groups events by customer (or payee) with an array index in one
// pass. Each distinct referenced key is looked up once; every row naming a
// key the target does not have is reported, naming the missing key.
#pragma once

#include <vector>

#include "engine/data/problem_sink.h"
#include "engine/data/work_table.h"

namespace accrue::data {

// Targets must already be in key order. Tables whose target could not be
// read are left unresolved (the target's own problems explain why).
void resolve_references(WorkTable& table, const std::vector<WorkTable*>& all, ProblemSink& sink);

}  // namespace accrue::data
