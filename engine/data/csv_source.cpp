// CSV tables: header, column binding, then the records, in parallel chunks.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

#include "engine/data/csv_reader.h"
#include "engine/data/mapped_file.h"
#include "engine/data/table_sources.h"
#include "engine/data/task_pool.h"
#include "engine/data/utf8.h"

namespace accrue::data {

namespace {

// Binds each declared field to its header column; false when one is missing.
bool bind_header(TableBinding& binding, const std::vector<std::string_view>& header, ProblemSink& sink) {
  std::map<std::string_view, std::uint32_t> position;
  std::vector<std::string> names;
  for (std::uint32_t index = 0; index < header.size(); ++index) {
    // Two columns of one name: whichever we picked would be a guess.
    if (!position.emplace(header[index], index + 1).second) position[header[index]] = 0;
    names.emplace_back(header[index]);
  }
  bool complete = true;
  for (BoundField& field : binding.fields) {
    const auto found = position.find(field.source_column);
    if (found == position.end()) {
      const std::string suggestion = closest_name(field.source_column, names);
      sink.add(binding.display_path, 1, 0,
               fmt::format("missing {}{}: the header must name every declared field", field.label,
                           suggestion.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", suggestion)));
      complete = false;
    } else if (found->second == 0) {
      sink.add(binding.display_path, 1, 0, fmt::format("{} appears twice in the header", field.label));
      complete = false;
    } else {
      field.column_number = found->second;
    }
  }
  return complete;
}

// A percent column may be written "12.5%" or as the fraction 0.125, but not
// both ways: "23.7%" on one row and "23.7" on another would silently read the
// second as 2370%. Each chunk notes the first form it sees per percent field
// and the first row that differs; the loader compares chunks in file order.
struct PercentCell {
  std::uint64_t line = 0;  // 0: none seen
  bool has_sign = false;
  std::string text;
};

struct PercentForms {
  PercentCell first, differing;
};

bool written_with_sign(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return !text.empty() && text.back() == '%';
}

void note_percent(PercentForms& forms, std::uint64_t line, std::string_view text) {
  // Once the first form is known, a cell written the same way (or any cell
  // after a differing one was found) changes nothing: decide that from the
  // last byte alone, as this runs for every percent cell.
  if (forms.first.line != 0 && (forms.differing.line != 0 || written_with_sign(text) == forms.first.has_sign)) return;
  const std::size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return;  // a null cell
  const std::string_view trimmed = text.substr(start);
  const bool has_sign = written_with_sign(trimmed);
  const std::string_view number = has_sign ? trimmed.substr(0, trimmed.rfind('%')) : trimmed;
  if (number.find_first_not_of("+-0123456789. \t") != std::string_view::npos) return;  // not a number: reported as such
  if (forms.first.line == 0) {
    forms.first = {line, has_sign, std::string(trimmed.substr(0, 40))};
  } else if (forms.differing.line == 0 && has_sign != forms.first.has_sign) {
    forms.differing = {line, has_sign, std::string(trimmed.substr(0, 40))};
  }
}

struct ChunkResult {
  std::unique_ptr<ProblemSink> sink;
  std::unique_ptr<TableChunk> rows;
  bool malformed = false;  // a record was not well-formed RFC 4180
  std::vector<std::pair<std::size_t, PercentForms>> percent_forms;  // (field, forms) per percent field
};

void report_mixed_percent(const TableBinding& binding, const std::vector<ChunkResult>& results, ProblemSink& sink) {
  if (results.empty()) return;
  for (std::size_t at = 0; at < results.front().percent_forms.size(); ++at) {
    const std::size_t field = results.front().percent_forms[at].first;
    const PercentCell* first = nullptr;
    const PercentCell* differing = nullptr;
    for (const ChunkResult& result : results) {
      const PercentForms& forms = result.percent_forms[at].second;
      if (forms.first.line == 0) continue;
      if (first == nullptr) {
        first = &forms.first;
        if (forms.differing.line != 0) differing = &forms.differing;
      } else if (forms.first.has_sign != first->has_sign) {
        differing = &forms.first;
      } else if (forms.differing.line != 0) {
        differing = &forms.differing;
      }
      if (differing != nullptr) break;
    }
    if (differing == nullptr) continue;
    const PercentCell& bare = first->has_sign ? *differing : *first;
    sink.add(binding.display_path, differing->line, binding.fields[field].column_number,
             fmt::format("{}: '{}' is written {} but row {} has '{}': a bare number is the fraction itself ('{}' is "
                         "{}, not {}%); write every value of the column with % or every value as a fraction",
                         binding.fields[field].label, differing->text, differing->has_sign ? "with %" : "without %",
                         first->line, first->text, bare.text, bare.text, bare.text));
  }
}

// A row with another number of fields than the header: say where it parts
// from the header, quoting only the field that has no column.
std::string ragged_row(const std::vector<std::string_view>& fields, const std::vector<std::string>& header) {
  std::string text = fmt::format("row has {} field{} but the header has {}: ", fields.size(),
                                 fields.size() == 1 ? "" : "s", header.size());
  if (fields.size() < header.size())
    return text + fmt::format("no value for column '{}'{} (a missing field or separator?)", header[fields.size()],
                              fields.size() + 1 < header.size() ? " and after" : "");
  std::string_view extra = fields[header.size()];
  const bool cut = extra.size() > 40;
  if (cut) extra = extra.substr(0, 40);
  while (!extra.empty() && (static_cast<unsigned char>(extra.back()) & 0xC0) == 0x80) extra.remove_suffix(1);
  return text + fmt::format("field {} ('{}{}') has no column (an unquoted separator in a value?)", header.size() + 1,
                            extra, cut ? "..." : "");
}

bool is_text_key(const TableBinding& binding, const BoundField& field) {
  return field.schema->type == FieldType::Text && !binding.schema->key.empty() &&
         field.schema->name == binding.schema->key;
}

// Sizes the table's final arrays for the rows of all chunks, once, and
// returns where each chunk's slice starts (back(): the total). A chunk holds
// at most as many records as lines, and its lines are known from the split.
std::vector<std::size_t> size_columns(WorkTable& table, const std::vector<CsvChunk>& chunks, std::string_view bytes,
                                      unsigned threads) {
  std::vector<std::size_t> first_row{0};
  for (std::size_t chunk = 0; chunk + 1 < chunks.size(); ++chunk) {
    first_row.push_back(first_row.back() + (chunks[chunk + 1].first_line - chunks[chunk].first_line));
  }
  const CsvChunk& last = chunks.back();
  const auto last_lines = static_cast<std::size_t>(
      std::count(bytes.begin() + static_cast<std::ptrdiff_t>(last.begin), bytes.end(), '\n'));
  first_row.push_back(first_row.back() + last_lines + 1);  // + 1: a last line without a line feed
  const std::size_t rows = first_row.back();

  const TableBinding& binding = *table.binding;
  table.columns.resize(binding.fields.size());
  std::vector<std::function<void()>> sizing{[&] { table.source_rows.resize(rows); }};
  for (std::size_t field = 0; field < binding.fields.size(); ++field) {
    WorkColumn& column = table.columns[field];
    switch (binding.fields[field].schema->type) {
      case FieldType::Text:
        if (is_text_key(binding, binding.fields[field])) break;  // collected as texts, then sorted
        [[fallthrough]];
      case FieldType::Reference: sizing.emplace_back([&column, rows] { column.codes.resize(rows); }); break;
      case FieldType::Integer: sizing.emplace_back([&column, rows] { column.values.resize(rows); }); break;
      case FieldType::Number:
      case FieldType::Percent:
      case FieldType::Money:
        sizing.emplace_back([&column, rows] { column.values.resize(rows); });
        sizing.emplace_back([&column, rows] { column.scales.resize(rows); });
        break;
      case FieldType::Date: sizing.emplace_back([&column, rows] { column.days.resize(rows); }); break;
      case FieldType::Bool: sizing.emplace_back([&column, rows] { column.bools.resize(rows); }); break;
    }
  }
  // Zeroing fresh memory is most of the cost: spread it over the threads.
  run_tasks(sizing.size(), threads, [&](std::size_t task) { sizing[task](); });
  return first_row;
}

// Back to unsized arrays, for a parse whose chunks are not attached.
void unsize_columns(WorkTable& table) {
  std::vector<std::uint32_t>().swap(table.source_rows);
  for (WorkColumn& column : table.columns) {
    std::vector<std::uint32_t>().swap(column.codes);
    std::vector<std::int64_t>().swap(column.values);
    std::vector<std::int8_t>().swap(column.scales);
    std::vector<std::int32_t>().swap(column.days);
    std::vector<std::uint8_t>().swap(column.bools);
  }
}

// `first_row` and `slice_rows`: the chunk's slice of the sized arrays, or
// slice_rows 0 when they are not sized.
void parse_chunk(const MappedFile& file, const CsvChunk& chunk, WorkTable& table,
                 const std::vector<std::string>& header, const SourceOptions& options, std::size_t max_errors,
                 std::size_t first_row, std::size_t slice_rows, ChunkResult& result) {
  const TableBinding& binding = *table.binding;
  const std::size_t header_size = header.size();
  const std::string_view bytes = file.bytes();
  file.populate(chunk.begin, chunk.end);
  result.sink = std::make_unique<ProblemSink>(max_errors);
  result.rows = std::make_unique<TableChunk>(binding, options.currency, *result.sink);
  if (slice_rows != 0) {
    std::vector<FieldSlices> slices(binding.fields.size());
    for (std::size_t field = 0; field < binding.fields.size(); ++field) {
      WorkColumn& column = table.columns[field];
      auto at = [&](auto& array) { return array.empty() ? nullptr : array.data() + first_row; };
      slices[field] = FieldSlices{at(column.codes), at(column.values), at(column.scales), at(column.days),
                                  at(column.bools)};
    }
    result.rows->attach(table.source_rows.data() + first_row, slices, slice_rows);
  } else {
    // A record has at least one byte per field (its separators and line
    // end), which bounds the rows: columns are sized once instead of growing
    // (and copying) as they fill. Pages of the bound never written are never
    // touched.
    result.rows->reserve((chunk.end - chunk.begin) / std::max<std::size_t>(1, header_size) + 1);
  }
  // Declared fields in header order, so a row's problems come out left to right.
  std::vector<std::pair<std::uint32_t, std::size_t>> order;
  for (std::size_t field = 0; field < binding.fields.size(); ++field) {
    order.emplace_back(binding.fields[field].column_number - 1, field);
  }
  std::sort(order.begin(), order.end());
  CsvReader reader(bytes, chunk.begin, chunk.end, chunk.first_line);
  TableChunk& rows = *result.rows;
  for (const auto& [column, field] : order)
    if (binding.fields[field].schema->type == FieldType::Percent) result.percent_forms.push_back({field, {}});
  for (;;) {
    const CsvReader::Step step = reader.next();
    if (step == CsvReader::Step::End) break;
    if (step == CsvReader::Step::Error) {
      result.malformed = true;
      result.sink->add(binding.display_path, reader.error_line(), reader.error_field(), reader.error());
      continue;
    }
    const auto& fields = reader.fields();
    if (fields.size() != header_size) {
      result.sink->add(binding.display_path, reader.record_line(),
                       static_cast<std::uint32_t>(std::min(fields.size(), header_size) + 1), ragged_row(fields, header));
      continue;
    }
    rows.begin_row(static_cast<std::uint32_t>(reader.record_line()));
    for (const auto& [column, field] : order) rows.cell(field, fields[column]);
    for (auto& [field, forms] : result.percent_forms)
      note_percent(forms, reader.record_line(), fields[binding.fields[field].column_number - 1]);
  }
  rows.finish();
  // Nothing refers to these bytes any more: text was copied as it was read.
  file.release(chunk.begin, chunk.end);
}

}  // namespace

void load_csv_table(WorkTable& table, const SourceOptions& options, ProblemSink& sink) {
  TableBinding& binding = *table.binding;
  std::string error;
  auto file = MappedFile::open(binding.path, error);
  if (!file) {
    sink.add(binding.display_path, 0, 0, fmt::format("cannot read the {} file: {}", binding.schema->name, error));
    return;
  }
  const std::string_view bytes = file->bytes();
  std::size_t begin = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // UTF-8 byte order mark

  CsvReader header_reader(bytes, begin, bytes.size(), 1);
  const CsvReader::Step step = header_reader.next();
  if (step == CsvReader::Step::End) {
    sink.add(binding.display_path, 0, 0, "file is empty: a header row naming the columns is required");
    return;
  }
  if (step == CsvReader::Step::Error) {
    sink.add(binding.display_path, header_reader.error_line(), header_reader.error_field(),
             fmt::format("header: {}", header_reader.error()));
    return;
  }
  const std::vector<std::string_view> header = header_reader.fields();
  for (std::uint32_t index = 0; index < header.size(); ++index) {
    if (!is_valid_utf8(header[index])) {
      sink.add(binding.display_path, header_reader.record_line(), index + 1, "header name is not valid UTF-8");
      return;
    }
  }
  if (!bind_header(binding, header, sink)) return;
  const std::vector<std::string> header_names(header.begin(), header.end());
  table.readable = true;

  // Data starts where the header record ended (it may span lines).
  const std::size_t data_begin = header_reader.position();
  const std::uint64_t data_line = header_reader.line();

  std::vector<std::size_t> first_row;  // per chunk, where its rows go in the sized arrays
  auto parse = [&](const std::vector<CsvChunk>& chunks, std::vector<ChunkResult>& results) {
    results.clear();
    results.resize(chunks.size());
    run_tasks(chunks.size(), options.threads, [&](std::size_t index) {
      const std::size_t rows = first_row.empty() ? 0 : first_row[index + 1] - first_row[index];
      parse_chunk(*file, chunks[index], table, header_names, options, sink.limit(),
                  first_row.empty() ? 0 : first_row[index], rows, results[index]);
    });
  };
  std::vector<ChunkResult> results;
  std::vector<CsvChunk> chunks =
      split_into_chunks(bytes, data_begin, data_line, options.chunk_bytes, options.threads,
                        [&](std::size_t from, std::size_t to) { file->release(from, to); });
  // One chunk's pieces simply become the columns; several write into
  // columns sized for all of them.
  if (chunks.size() > 1) first_row = size_columns(table, chunks, bytes, options.threads);
  parse(chunks, results);
  bool malformed = false;
  for (const auto& result : results) malformed = malformed || result.malformed;
  if (malformed && chunks.size() > 1) {
    // Chunk cuts assume well-formed quoting; with a broken quote a cut may
    // fall inside a record, so re-read the file front to back to report
    // exactly what a sequential reader sees.
    chunks = {CsvChunk{data_begin, bytes.size(), data_line}};
    first_row.clear();
    unsize_columns(table);
    parse(chunks, results);
  }
  report_mixed_percent(binding, results, sink);
  std::vector<TableChunk> parts;
  parts.reserve(results.size());
  for (auto& result : results) {
    sink.merge(std::move(*result.sink));
    parts.push_back(std::move(*result.rows));
  }
  assemble_table(table, parts, sink, options.threads);
}

}  // namespace accrue::data
