// The types and units of plan values. Every expression the checker sees gets
// one Type; `Unknown` marks an expression that already produced an error, so
// nothing built on it reports again (no cascades). Money carries its currency
// code; an empty currency means "the plan's currency, not known here" (a
// library module checked alone) and is compatible with any currency.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace accrue::check {

enum class TypeKind : std::uint8_t {
  Unknown, Number, Integer, Percent, Money, Bool, Text, Date, Period, Duration, Ref, Grade
};

struct Type {
  TypeKind kind = TypeKind::Unknown;
  std::string currency;                                   // Money
  std::string record;                                     // Ref: the record's name
  std::uint32_t record_id = UINT32_MAX;                   // Ref: index in Plan::records
  std::shared_ptr<const std::vector<std::string>> labels; // Grade: labels, best first

  static Type unknown() { return {}; }
  static Type of(TypeKind kind) { Type t; t.kind = kind; return t; }
  static Type money(std::string currency) { Type t; t.kind = TypeKind::Money; t.currency = std::move(currency); return t; }
  static Type ref(std::string record, std::uint32_t id) {
    Type t; t.kind = TypeKind::Ref; t.record = std::move(record); t.record_id = id; return t;
  }
  static Type grade(std::vector<std::string> labels) {
    Type t; t.kind = TypeKind::Grade; t.labels = std::make_shared<const std::vector<std::string>>(std::move(labels)); return t;
  }

  bool is(TypeKind k) const { return kind == k; }
  bool known() const { return kind != TypeKind::Unknown; }
  // integer or number: the plain numbers that mix freely.
  bool is_plain_number() const { return kind == TypeKind::Integer || kind == TypeKind::Number; }
  bool has_label(std::string_view label) const;
};

// "money (CNY)", "percent", "grade {A, B, C}", "Customer" (a reference).
std::string to_string(const Type& type);

// Same type for comparison and for `if`/`min`/`max` arms; integer and number
// unify to number, money with an unknown currency takes the other's.
bool same_type(const Type& a, const Type& b);
Type unify(const Type& a, const Type& b);  // only when same_type(a, b)

// The type named in a field or parameter declaration (`money`, `date`, ...);
// Unknown when `name` is not a built-in type name.
Type builtin_type(std::string_view name, const std::string& plan_currency);
const std::vector<std::string>& builtin_type_names();

}  // namespace accrue::check
