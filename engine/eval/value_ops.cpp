// Operators on Values: exact decimal arithmetic, calendar arithmetic on
// dates and durations, comparisons.
#include "eval/value_ops.h"

#include <fmt/format.h>

#include "eval/calendar.h"

namespace accrue::eval::detail {
namespace {

using Kind = Value::Kind;

Value duration(std::int32_t months, std::int32_t days) {
  Value v;
  v.kind = Kind::Duration;
  v.months = months;
  v.day = days;
  return v;
}

Value date(std::int32_t day) {
  Value v;
  v.kind = Kind::Date;
  v.day = day;
  return v;
}

template <class T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

}  // namespace

bool arithmetic(Arith op, const Value& a, const Value& b, Value& out, std::string& error) {
  if (a.is_null() || b.is_null()) {
    out = Value::null();
    return true;
  }
  if (a.kind == Kind::Number && b.kind == Kind::Number) {
    num::Result<num::Decimal> r = op == Arith::Add   ? num::add(a.number, b.number)
                                  : op == Arith::Sub ? num::sub(a.number, b.number)
                                  : op == Arith::Mul ? num::mul(a.number, b.number)
                                                     : num::div(a.number, b.number);
    if (!r) {
      error = r.error().code == num::ErrorCode::division_by_zero ? "division by zero" : r.error().message;
      return false;
    }
    out = Value::of(std::move(r).value());
    return true;
  }
  int sign = op == Arith::Sub ? -1 : 1;
  if (op == Arith::Add || op == Arith::Sub) {
    if (a.kind == Kind::Date && b.kind == Kind::Duration) {
      out = date(add_months(a.day, sign * b.months) + sign * b.day);
      return true;
    }
    if (a.kind == Kind::Duration && b.kind == Kind::Date && op == Arith::Add) {
      out = date(add_months(b.day, a.months) + a.day);
      return true;
    }
    if (a.kind == Kind::Date && b.kind == Kind::Date && op == Arith::Sub) {
      out = duration(0, a.day - b.day);
      return true;
    }
    if (a.kind == Kind::Duration && b.kind == Kind::Duration) {
      out = duration(a.months + sign * b.months, a.day + sign * b.day);
      return true;
    }
  }
  error = "operands of this operator have kinds the checker should have rejected";
  return false;
}

bool negate(const Value& a, Value& out) {
  if (a.is_null()) {
    out = a;
    return true;
  }
  if (a.kind == Kind::Number) {
    out = Value::of(a.number.negated());
    return true;
  }
  if (a.kind == Kind::Duration) {
    out = duration(-a.months, -a.day);
    return true;
  }
  return false;
}

int compare(const Value& a, const Value& b) {
  switch (a.kind) {
    case Kind::Number: {
      auto c = a.number <=> b.number;
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Kind::Bool: return three_way(a.flag, b.flag);
    case Kind::Text: return three_way(a.text, b.text);
    case Kind::Date: return three_way(a.day, b.day);
    case Kind::Grade: return three_way(b.grade, a.grade);  // index 0 is the best label
    case Kind::Duration: {
      int c = three_way(a.months, b.months);
      return c != 0 ? c : three_way(a.day, b.day);
    }
    case Kind::Null: break;
  }
  return 0;
}

ChainOp chain_op(const std::string& op) {
  if (op.size() == 1) {
    switch (op[0]) {
      case '+': return ChainOp::Add;
      case '-': return ChainOp::Sub;
      case '*': return ChainOp::Mul;
      case '/': return ChainOp::Div;
      case '<': return ChainOp::Lt;
      case '>': return ChainOp::Gt;
      default: break;
    }
  } else if (op == "==") {
    return ChainOp::Eq;
  } else if (op == "!=") {
    return ChainOp::Ne;
  } else if (op == "<=") {
    return ChainOp::Le;
  } else if (op == "and") {
    return ChainOp::And;
  } else if (op == "or") {
    return ChainOp::Or;
  }
  return ChainOp::Ge;  // ">=", and the fallback an unknown operator has always had
}

bool compare_step(ChainOp op, const Value& a, const Value& b, Value& out) {
  if (a.is_null() || b.is_null()) {
    out = Value::null();
    return true;
  }
  if (a.kind != b.kind) {
    if (op == ChainOp::Eq || op == ChainOp::Ne) {
      out = Value::of_bool(op == ChainOp::Ne);
      return true;
    }
    return false;
  }
  int c = compare(a, b);
  bool r = op == ChainOp::Eq ? c == 0 : op == ChainOp::Ne ? c != 0 : op == ChainOp::Lt ? c < 0 : op == ChainOp::Le ? c <= 0
           : op == ChainOp::Gt ? c > 0 : c >= 0;
  out = Value::of_bool(r);
  return true;
}

bool equal(const Value& a, const Value& b) { return a.kind == b.kind && compare(a, b) == 0; }

std::string identity(const Value& v) {
  switch (v.kind) {
    case Kind::Number: return fmt::format("n{}", v.number.to_string());
    case Kind::Bool: return v.flag ? "b1" : "b0";
    case Kind::Text: return fmt::format("t{}", v.text);
    case Kind::Date: return fmt::format("d{}", v.day);
    case Kind::Grade: return fmt::format("g{}", v.grade);
    case Kind::Duration: return fmt::format("p{},{}", v.months, v.day);
    case Kind::Null: break;
  }
  return "null";
}

}  // namespace accrue::eval::detail
