// Step: a period without any event in it is refused after loading (issue 5):
// settling it would write an empty or misleading batch, and it usually means
// the wrong period or a stale export.
#pragma once

#include "data/data.h"
#include "eval/eval.h"

namespace accrue::settle {

// True when some event table has a row dated within [first_day, last_day].
bool period_has_events(const data::Dataset& dataset, const data::DatasetSchema& schema, const eval::Period& period);

}  // namespace accrue::settle
