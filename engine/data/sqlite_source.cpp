// SQLite tables: the declared columns are read by name, in rowid order, and
// each value goes through the same cell rules as CSV text. Storage classes
// are checked first: REAL is refused for every type (a binary float is not
// an exact decimal), INTEGER is refused for dates, BLOB for everything.
#include <sqlite3.h>

#include <fmt/format.h>

#include <map>

#include "engine/data/table_sources.h"

namespace accrue::data {

namespace {

std::string quote_identifier(std::string_view name) {
  std::string quoted = "\"";
  for (const char c : name) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

// Closes the handles however the function returns.
struct Database {
  sqlite3* handle = nullptr;
  ~Database() { sqlite3_close(handle); }
};
struct Statement {
  sqlite3_stmt* handle = nullptr;
  ~Statement() { sqlite3_finalize(handle); }
};

std::string_view column_text(sqlite3_stmt* statement, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  return text == nullptr ? std::string_view() : std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
}

}  // namespace

void load_sqlite_table(WorkTable& table, const SourceOptions& options, ProblemSink& sink) {
  TableBinding& binding = *table.binding;
  const std::string& file = binding.display_path;
  std::error_code exists_error;
  if (!std::filesystem::is_regular_file(binding.path, exists_error)) {
    sink.add(file, 0, 0, fmt::format("cannot read the {} database: no such file", binding.schema->name));
    return;
  }
  Database database;
  if (sqlite3_open_v2(binding.path.c_str(), &database.handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sink.add(file, 0, 0, fmt::format("cannot open the database: {}", sqlite3_errmsg(database.handle)));
    return;
  }

  // Column positions by name, from the table's declaration.
  std::map<std::string, std::uint32_t> position;
  std::vector<std::string> names;
  {
    Statement info;
    const std::string sql = fmt::format("PRAGMA table_info({})", quote_identifier(binding.sqlite_table));
    if (sqlite3_prepare_v2(database.handle, sql.c_str(), -1, &info.handle, nullptr) != SQLITE_OK) {
      sink.add(file, 0, 0, fmt::format("cannot read the database: {}", sqlite3_errmsg(database.handle)));
      return;
    }
    while (sqlite3_step(info.handle) == SQLITE_ROW) {
      std::string name(column_text(info.handle, 1));
      position.emplace(name, static_cast<std::uint32_t>(sqlite3_column_int(info.handle, 0)) + 1);
      names.push_back(std::move(name));
    }
  }
  if (names.empty()) {
    sink.add(file, 0, 0, fmt::format("the database has no table '{}' (for {})", binding.sqlite_table, binding.schema->name));
    return;
  }
  bool complete = true;
  for (BoundField& field : binding.fields) {
    const auto found = position.find(field.source_column);
    if (found == position.end()) {
      sink.add(file, 0, 0, fmt::format("missing {}: the table must have every declared field", field.label));
      complete = false;
    } else {
      field.column_number = found->second;
    }
  }
  if (!complete) return;
  table.readable = true;

  std::string columns;
  for (const BoundField& field : binding.fields) {
    columns += (columns.empty() ? "" : ", ") + quote_identifier(field.source_column);
  }
  Statement select;
  const std::string table_name = quote_identifier(binding.sqlite_table);
  std::string sql = fmt::format("SELECT {} FROM {} ORDER BY rowid", columns, table_name);
  if (sqlite3_prepare_v2(database.handle, sql.c_str(), -1, &select.handle, nullptr) != SQLITE_OK) {
    // WITHOUT ROWID tables have no rowid: their primary key order stands in.
    sql = fmt::format("SELECT {} FROM {}", columns, table_name);
    if (sqlite3_prepare_v2(database.handle, sql.c_str(), -1, &select.handle, nullptr) != SQLITE_OK) {
      sink.add(file, 0, 0, fmt::format("cannot read table '{}': {}", binding.sqlite_table,
                                       sqlite3_errmsg(database.handle)));
      table.readable = false;
      return;
    }
  }

  std::vector<TableChunk> parts;
  parts.emplace_back(binding, options.currency, sink);
  TableChunk& rows = parts.front();
  std::uint32_t row_number = 0;
  int status;
  while ((status = sqlite3_step(select.handle)) == SQLITE_ROW) {
    rows.begin_row(++row_number);
    for (std::size_t field = 0; field < binding.fields.size(); ++field) {
      const int column = static_cast<int>(field);
      const FieldType type = binding.fields[field].schema->type;
      switch (sqlite3_column_type(select.handle, column)) {
        case SQLITE_NULL: rows.null_cell(field); break;
        case SQLITE_INTEGER:
          if (type == FieldType::Date) {
            rows.bad_cell(field, fmt::format("{} is stored as an INTEGER; dates are TEXT written YYYY-MM-DD",
                                             quote_value(column_text(select.handle, column))));
          } else {
            rows.cell(field, column_text(select.handle, column));
          }
          break;
        case SQLITE_FLOAT:
          rows.bad_cell(field, fmt::format("{} is stored as a floating-point REAL, which is not exact; store it as "
                                           "TEXT (or INTEGER for whole numbers)",
                                           quote_value(column_text(select.handle, column))));
          break;
        case SQLITE_BLOB: rows.bad_cell(field, "holds a BLOB; expected TEXT or INTEGER"); break;
        default: rows.cell(field, column_text(select.handle, column)); break;
      }
    }
  }
  if (status != SQLITE_DONE) {
    sink.add(file, row_number + 1, 0, fmt::format("cannot read table '{}': {}", binding.sqlite_table,
                                                  sqlite3_errmsg(database.handle)));
  }
  rows.finish();
  assemble_table(table, parts, sink, options.threads);
}

}  // namespace accrue::data
