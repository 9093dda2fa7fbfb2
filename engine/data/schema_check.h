// Checks that a DatasetSchema is coherent before any file is read: the layer
// above builds it from a checked plan, so a problem here is a bug there, but
// reporting it beats indexing past a missing key field.
#pragma once

#include "engine/data/data.h"
#include "engine/data/problem_sink.h"

namespace accrue::data {

inline constexpr std::string_view kSchemaFile = "(plan schema)";

// True when the schema is usable; problems are reported against kSchemaFile.
bool check_schema(const DatasetSchema& schema, ProblemSink& sink);

}  // namespace accrue::data
