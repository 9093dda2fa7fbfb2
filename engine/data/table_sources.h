// Reading one declared table from its source into a WorkTable: the CSV file
// or SQLite table named by the manifest. Problems go to `sink`; a source that
// cannot be read at all (missing file, missing column) leaves the table
// unreadable and its rows unread.
#pragma once

#include <string_view>

#include "engine/data/manifest.h"
#include "engine/data/problem_sink.h"
#include "engine/data/work_table.h"

namespace accrue::data {

struct SourceOptions {
  std::string_view currency;
  unsigned threads = 2;
  std::size_t chunk_bytes = 2u << 20;  // CSV bytes per parsing task
};

void load_csv_table(WorkTable& table, const SourceOptions& options, ProblemSink& sink);
void load_sqlite_table(WorkTable& table, const SourceOptions& options, ProblemSink& sink);

}  // namespace accrue::data
