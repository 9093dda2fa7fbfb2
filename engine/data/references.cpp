#include "engine/data/references.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/data/canonical_text.h"
#include "engine/data/cell_syntax.h"

namespace accrue::data {

namespace {

constexpr std::uint32_t kMissing = UINT32_MAX;

// Target row for each entry of the referencing column's dictionary.
std::vector<std::uint32_t> match_keys(const TextDictionary& written, const WorkTable& target) {
  const WorkColumn& key = target.columns[*target.key_column];
  std::vector<std::uint32_t> rows(written.size(), kMissing);
  if (key.type == FieldType::Text) {
    // Both dictionaries are sorted: one merge walk, no lookups.
    std::vector<std::uint32_t> row_of_code(key.dictionary.size(), kMissing);
    for (std::uint32_t row = 0; row < target.rows; ++row) {
      if (!key.null_at(row)) row_of_code[key.codes[row]] = row;
    }
    std::uint32_t j = 0;
    for (std::uint32_t i = 0; i < written.size(); ++i) {
      while (j < key.dictionary.size() && key.dictionary[j] < written[i]) ++j;
      if (j < key.dictionary.size() && key.dictionary[j] == written[i]) rows[i] = row_of_code[j];
    }
    return rows;
  }
  if (key.type == FieldType::Integer) {
    // Key order is value order: binary search over the non-null rows.
    std::vector<std::pair<std::int64_t, std::uint32_t>> sorted;
    for (std::uint32_t row = 0; row < target.rows; ++row) {
      if (!key.null_at(row)) sorted.emplace_back(key.values[row], row);
    }
    for (std::uint32_t i = 0; i < written.size(); ++i) {
      std::int64_t value = 0;
      if (parse_integer(written[i], value) != CellError::None) continue;
      const auto found = std::lower_bound(sorted.begin(), sorted.end(), std::make_pair(value, std::uint32_t{0}));
      if (found != sorted.end() && found->first == value) rows[i] = found->second;
    }
    return rows;
  }
  // Other key types match on the canonical text of the key.
  std::unordered_map<std::string, std::uint32_t> by_text;
  std::string text;
  for (std::uint32_t row = 0; row < target.rows; ++row) {
    if (key.null_at(row)) continue;
    text.clear();
    append_canonical_text(key, row, text);
    by_text.emplace(text, row);
  }
  for (std::uint32_t i = 0; i < written.size(); ++i) {
    const auto found = by_text.find(std::string(trim_blanks(written[i])));
    if (found != by_text.end()) rows[i] = found->second;
  }
  return rows;
}

}  // namespace

void resolve_references(WorkTable& table, const std::vector<WorkTable*>& all, ProblemSink& sink) {
  for (WorkColumn& column : table.columns) {
    if (column.type != FieldType::Reference) continue;
    const auto target = std::find_if(all.begin(), all.end(), [&](const WorkTable* candidate) {
      return candidate->binding->schema->name == column.field->schema->references;
    });
    // A target with problems of its own may have lost the very row a
    // reference names; reporting that reference too would only be noise.
    if (target == all.end() || !(*target)->clean || !(*target)->key_column) continue;
    const WorkTable& target_table = **target;
    if (column.field->key_index != nullptr) {
      // Parsed against the target's key index: codes are its key codes, and
      // missing keys were reported while parsing.
      const WorkColumn& key = target_table.columns[*target_table.key_column];
      // A clean target holds each key once, in key order: its row is its
      // code, and the codes need no rewriting.
      bool identity = key.dictionary.size() == target_table.rows;
      for (std::uint32_t row = 0; identity && row < target_table.rows; ++row) identity = key.codes[row] == row;
      if (!identity) {
        std::vector<std::uint32_t> row_of_code(key.dictionary.size(), 0);
        for (std::uint32_t row = 0; row < target_table.rows; ++row) row_of_code[key.codes[row]] = row;
        for (std::size_t row = 0; row < table.rows; ++row) {
          if (!column.null_at(row)) column.codes[row] = row_of_code[column.codes[row]];
        }
      }
      column.target = &target_table;
      column.target_key = target_table.key_column;
      continue;
    }
    const std::vector<std::uint32_t> rows = match_keys(column.dictionary, **target);
    for (std::size_t row = 0; row < table.rows; ++row) {
      if (column.null_at(row)) continue;
      const std::uint32_t resolved = rows[column.codes[row]];
      if (resolved == kMissing) {
        if (sink.wants(table.binding->display_path, table.source_rows[row], column.field->column_number)) {
          sink.add(table.binding->display_path, table.source_rows[row], column.field->column_number,
                   fmt::format("{}: {} is not a key of {}", column.field->label,
                               quote_value(column.dictionary[column.codes[row]]), (*target)->binding->schema->name));
        } else {
          sink.count();
        }
        if (column.is_null.empty()) column.is_null.assign(table.rows, 0);
        column.is_null[row] = 1;
        column.codes[row] = 0;
      } else {
        column.codes[row] = resolved;
      }
    }
    column.target = *target;
    column.target_key = (*target)->key_column;
  }
}

}  // namespace accrue::data
