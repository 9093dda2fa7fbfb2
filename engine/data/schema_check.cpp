#include "engine/data/schema_check.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace accrue::data {

namespace {

const FieldSchema* find_field(const TableSchema& table, std::string_view name) {
  const auto found = std::find_if(table.fields.begin(), table.fields.end(),
                                  [&](const FieldSchema& field) { return field.name == name; });
  return found == table.fields.end() ? nullptr : &*found;
}

}  // namespace

bool check_schema(const DatasetSchema& schema, ProblemSink& sink) {
  const std::size_t before = sink.total();
  auto problem = [&](std::string message) { sink.add(kSchemaFile, 0, 0, std::move(message)); };
  const std::string& currency = schema.currency;
  if (currency.size() != 3 || !std::all_of(currency.begin(), currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    problem(fmt::format("currency '{}' is not an ISO 4217 code such as CNY", currency));
  }
  std::set<std::string> table_names;
  for (const TableSchema& table : schema.tables) {
    if (table.name.empty() || !table_names.insert(table.name).second) {
      problem(fmt::format("table name '{}' is empty or declared twice", table.name));
    }
    std::set<std::string> field_names;
    for (const FieldSchema& field : table.fields) {
      if (field.name.empty() || !field_names.insert(field.name).second) {
        problem(fmt::format("table '{}': field '{}' is empty or declared twice", table.name, field.name));
      }
    }
    if (table.kind != TableKind::Event && table.key.empty()) {
      problem(fmt::format("table '{}' is a payee or entity table and needs a key", table.name));
    }
    if (!table.key.empty()) {
      const FieldSchema* key = find_field(table, table.key);
      if (key == nullptr) {
        problem(fmt::format("table '{}': key '{}' is not one of its fields", table.name, table.key));
      } else if (key->optional) {
        problem(fmt::format("table '{}': key '{}' cannot be optional", table.name, table.key));
      } else if (key->type != FieldType::Text && key->type != FieldType::Integer && key->type != FieldType::Date) {
        problem(fmt::format("table '{}': key '{}' must be text, integer or date", table.name, table.key));
      }
    }
    if (table.kind == TableKind::Event) {
      const FieldSchema* date = find_field(table, table.date_field);
      if (date == nullptr || date->type != FieldType::Date) {
        problem(fmt::format("event table '{}' needs a date field (got '{}')", table.name, table.date_field));
      }
    } else if (!table.date_field.empty()) {
      problem(fmt::format("table '{}': only event tables have a date field", table.name));
    }
  }
  for (const TableSchema& table : schema.tables) {
    for (const FieldSchema& field : table.fields) {
      if (field.type != FieldType::Reference) continue;
      const auto target = std::find_if(schema.tables.begin(), schema.tables.end(),
                                       [&](const TableSchema& t) { return t.name == field.references; });
      if (target == schema.tables.end() || target->key.empty()) {
        problem(fmt::format("table '{}': field '{}' references '{}', which is not a table with a key", table.name,
                            field.name, field.references));
      }
    }
  }
  return sink.total() == before;
}

}  // namespace accrue::data
