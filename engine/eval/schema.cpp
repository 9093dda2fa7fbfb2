// The data schema a checked plan asks for: one table per record, its fields
// typed as declared (a reference by the target record's name), in the order
// of RecordInfo::fields so that column i of a loaded table is field i.
#include "eval/eval.h"

namespace accrue::eval {
namespace {

data::FieldType field_type(const check::Type& type) {
  using check::TypeKind;
  switch (type.kind) {
    case TypeKind::Integer: return data::FieldType::Integer;
    case TypeKind::Number: return data::FieldType::Number;
    case TypeKind::Percent: return data::FieldType::Percent;
    case TypeKind::Money: return data::FieldType::Money;
    case TypeKind::Bool: return data::FieldType::Bool;
    case TypeKind::Date: return data::FieldType::Date;
    case TypeKind::Ref: return data::FieldType::Reference;
    default: return data::FieldType::Text;
  }
}

data::TableKind table_kind(syntax::RecordKind kind) {
  switch (kind) {
    case syntax::RecordKind::Payee: return data::TableKind::Payee;
    case syntax::RecordKind::Event: return data::TableKind::Event;
    case syntax::RecordKind::Entity: break;
  }
  return data::TableKind::Entity;
}

}  // namespace

data::DatasetSchema dataset_schema(const check::Plan& plan) {
  data::DatasetSchema schema;
  schema.currency = plan.currency;
  for (const auto& record : plan.records) {
    data::TableSchema table;
    table.name = record.name;
    table.kind = table_kind(record.kind);
    if (record.key_field != check::kNoId) table.key = record.fields[record.key_field].name;
    if (record.dated_field != check::kNoId) table.date_field = record.fields[record.dated_field].name;
    for (const auto& f : record.fields) {
      data::FieldSchema field;
      field.name = f.name;
      field.type = field_type(f.type);
      field.optional = f.optional;
      if (f.type.kind == check::TypeKind::Ref) field.references = f.type.record;
      table.fields.push_back(std::move(field));
    }
    schema.tables.push_back(std::move(table));
  }
  return schema;
}

}  // namespace accrue::eval
