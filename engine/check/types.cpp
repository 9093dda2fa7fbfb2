#include "check/types.h"

#include <algorithm>

namespace accrue::check {

bool Type::has_label(std::string_view label) const {
  return labels && std::find(labels->begin(), labels->end(), label) != labels->end();
}

std::string to_string(const Type& type) {
  switch (type.kind) {
    case TypeKind::Unknown: return "unknown";
    case TypeKind::Number: return "number";
    case TypeKind::Integer: return "integer";
    case TypeKind::Percent: return "percent";
    case TypeKind::Money: return type.currency.empty() ? "money" : "money (" + type.currency + ")";
    case TypeKind::Bool: return "bool";
    case TypeKind::Text: return "text";
    case TypeKind::Date: return "date";
    case TypeKind::Period: return "period";
    case TypeKind::Duration: return "duration";
    case TypeKind::Ref: return type.record;
    case TypeKind::Grade: {
      std::string out = "grade {";
      if (type.labels)
        for (std::size_t i = 0; i < type.labels->size(); ++i) out += (i ? ", " : "") + (*type.labels)[i];
      return out + "}";
    }
  }
  return "unknown";
}

bool same_type(const Type& a, const Type& b) {
  if (!a.known() || !b.known()) return true;
  if (a.is_plain_number() && b.is_plain_number()) return true;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case TypeKind::Money: return a.currency.empty() || b.currency.empty() || a.currency == b.currency;
    case TypeKind::Ref: return a.record_id == b.record_id;
    case TypeKind::Grade: return a.labels && b.labels && *a.labels == *b.labels;
    default: return true;
  }
}

Type unify(const Type& a, const Type& b) {
  if (!a.known() || !b.known()) return Type::unknown();
  if (a.is_plain_number() && b.is_plain_number())
    return Type::of(a.kind == TypeKind::Integer && b.kind == TypeKind::Integer ? TypeKind::Integer : TypeKind::Number);
  if (a.kind == TypeKind::Money && a.currency.empty()) return b;
  return a;
}

const std::vector<std::string>& builtin_type_names() {
  static const std::vector<std::string> names = {"text", "integer", "number", "percent", "money", "bool", "date"};
  return names;
}

Type builtin_type(std::string_view name, const std::string& plan_currency) {
  if (name == "text") return Type::of(TypeKind::Text);
  if (name == "integer") return Type::of(TypeKind::Integer);
  if (name == "number") return Type::of(TypeKind::Number);
  if (name == "percent") return Type::of(TypeKind::Percent);
  if (name == "money") return Type::money(plan_currency);
  if (name == "bool") return Type::of(TypeKind::Bool);
  if (name == "date") return Type::of(TypeKind::Date);
  return Type::unknown();
}

}  // namespace accrue::check
