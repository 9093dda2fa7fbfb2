// Puts a table's rows in canonical order, the order every later stage sees,
// so nothing downstream depends on the order rows had in the source:
// - a table with a key: by key (and duplicate keys are reported here);
// - a keyless event table: by its date field, then by every other field in
//   declared order (nulls first, text by bytes, references by the target's
//   row, which is the target's key order). Identical rows keep their source
//   order, which cannot change the content or its hash.
// Sorting is an LSD radix sort on a 32-bit prefix of the packed sort key
// (each pass split over `threads` threads, stably, so the order does not
// depend on them), with exact comparison only inside runs that share a prefix.
#pragma once

#include "engine/data/problem_sink.h"
#include "engine/data/work_table.h"

namespace accrue::data {

// Orders by key and reports each duplicate key at its later row.
void order_by_key(WorkTable& table, ProblemSink& sink, unsigned threads);

// Orders a keyless event table by its full value tuple. References must be
// resolved first.
void order_by_values(WorkTable& table, unsigned threads);

}  // namespace accrue::data
