// The expression interpreter: one resolved expression on one row. Names are
// read through what the checker resolved (never looked up by text), `if` and
// `and`/`or` evaluate only what decides the result, and aggregations read the
// column built for them in one pass over their source.
#include <fmt/format.h>

#include "data/civil_date.h"
#include "eval/plan_evaluation.h"

namespace accrue::eval::detail {
namespace {

using syntax::Expr;
using syntax::ExprKind;

bool time_unit_months(std::string_view unit, std::int32_t& months, std::int32_t& days) {
  months = 0;
  days = 0;
  if (unit == "day" || unit == "days") days = 1;
  else if (unit == "month" || unit == "months") months = 1;
  else if (unit == "quarter" || unit == "quarters") months = 3;
  else if (unit == "year" || unit == "years") months = 12;
  else return false;
  return true;
}

num::RoundingMode mode_named(std::string_view name) {
  auto m = num::parse_rounding_mode(name);
  return m ? *m : num::RoundingMode::half_even;
}

}  // namespace

bool PlanEvaluation::literal_of(const Expr& e, Value& out) {
  switch (e.kind) {
    case ExprKind::Number: {
      auto d = num::Decimal::parse(e.text);
      if (!d) return false;
      std::int32_t months = 0, days = 0;
      if (!e.unit.text.empty() && time_unit_months(e.unit.text, months, days)) {
        auto n = d->units_at(0);
        if (!n || *n > 1000000 || *n < -1000000) return false;
        out = Value();
        out.kind = Value::Kind::Duration;
        out.months = static_cast<std::int32_t>(*n) * months;
        out.day = static_cast<std::int32_t>(*n) * days;
        return true;
      }
      out = Value::of(std::move(d).value());  // a number, or money in the unit's currency
      return true;
    }
    case ExprKind::Percent: {
      auto d = num::Decimal::parse(e.text + "%");
      if (!d) return false;
      out = Value::of(std::move(d).value());
      return true;
    }
    case ExprKind::String: case ExprKind::Period:
      out = Value();
      out.kind = Value::Kind::Text;
      out.text = e.text;
      return true;
    case ExprKind::Date: {
      auto day = data::parse_iso_date(e.text);
      if (!day) return false;
      out = Value();
      out.kind = Value::Kind::Date;
      out.day = *day;
      return true;
    }
    case ExprKind::Bool: out = Value::of_bool(e.text == "true"); return true;
    case ExprKind::Unary:
      // `-5%` and `-100 CNY` are literals for table keys and thresholds.
      if (e.ops.size() == 1 && e.ops[0] == "-" && e.args.size() == 1 && literal_of(*e.args[0], out))
        return negate(out, out);
      return false;
    default: return false;
  }
}

bool PlanEvaluation::literal(const Expr& e, Value& out, Failure& fail) const {
  if (auto it = literals_.find(&e); it != literals_.end()) {
    out = it->second;
    return true;
  }
  if (literal_of(e, out)) return true;
  fail = Failure{e.span, fmt::format("'{}' is not a value", e.text)};
  return false;
}

Failure PlanEvaluation::failure(const Expr& e, const RowRef& at, std::string what) const {
  std::string where;
  if (at.subject != check::kNoId && at.subject_row != kNoRow)
    where = fmt::format("{} {}", plan().records[at.subject].name, key(at.subject, at.subject_row));
  if (at.source != check::kNoId && at.source_row != kNoRow)
    where = fmt::format("{} {}{}", plan().records[at.source].name, key(at.source, at.source_row),
                        where.empty() ? "" : " of " + where);
  return Failure{e.span, where.empty() ? std::move(what) : fmt::format("{} ({})", what, where)};
}

bool PlanEvaluation::eval(const Expr& e, const RowRef& at, Value& out, Failure& fail) const {
  switch (e.kind) {
    case ExprKind::Number: case ExprKind::Percent: case ExprKind::String: case ExprKind::Date:
    case ExprKind::Period: case ExprKind::Bool:
      return literal(e, out, fail);
    case ExprKind::Name: case ExprKind::Call: {
      auto it = at.map->find(&e);
      if (it == at.map->end()) {
        fail = failure(e, at, "internal error: this expression was not resolved by the checker");
        return false;
      }
      return e.kind == ExprKind::Name ? eval_name(e, it->second, at, out, fail) : eval_call(e, it->second, at, out, fail);
    }
    case ExprKind::Grade: return eval_grade(e, at, out, fail);
    case ExprKind::Unary: {
      Value x;
      if (!eval(*e.args[0], at, x, fail)) return false;
      if (!e.ops.empty() && e.ops[0] == "not") {
        out = x.is_null() ? Value::null() : Value::of_bool(!holds(x));
        return true;
      }
      if (negate(x, out)) return true;
      fail = failure(e, at, "cannot negate this value");
      return false;
    }
    case ExprKind::Binary: return eval_chain(e, at, out, fail);
    case ExprKind::In: {
      Value x;
      if (!eval(*e.args[0], at, x, fail)) return false;
      if (x.is_null()) {
        out = Value::null();
        return true;
      }
      for (std::size_t i = 1; i < e.args.size(); ++i) {
        Value v;
        if (!eval(*e.args[i], at, v, fail)) return false;
        if (equal(x, v)) {
          out = Value::of_bool(true);
          return true;
        }
      }
      out = Value::of_bool(false);
      return true;
    }
    case ExprKind::If: {
      Value c;
      if (!eval(*e.args[0], at, c, fail)) return false;
      return eval(*e.args[holds(c) ? 1 : 2], at, out, fail);
    }
  }
  fail = failure(e, at, "internal error: unknown expression");
  return false;
}

bool PlanEvaluation::eval_name(const Expr& e, const check::ResolvedExpr& r, const RowRef& at, Value& out,
                               Failure& fail) const {
  switch (r.target) {
    case check::NameTarget::Param:
      ensure_param(r.index);
      if (param_missing_[r.index]) {
        fail = failure(e, at, fmt::format("param '{}' has no value in force on {} (the last day of {})",
                                          plan().params[r.index].name, format_date(period().last_day), period().label));
        return false;
      }
      out = params_[r.index];
      return true;
    case check::NameTarget::GradeLabel:
      out = Value();
      out.kind = Value::Kind::Grade;
      out.grade = r.index;
      return true;
    case check::NameTarget::CurrentPeriod:
      out = Value();
      out.kind = Value::Kind::Text;
      out.text = period().label;
      return true;
    case check::NameTarget::Field: case check::NameTarget::Measure: case check::NameTarget::Table:
    case check::NameTarget::Row: break;
    case check::NameTarget::None:
      fail = failure(e, at, "internal error: a name without a meaning");
      return false;
  }
  bool from_source = r.scope == check::NameScope::Source;
  std::uint32_t row = from_source ? at.source_row : at.subject_row;
  if (row == kNoRow || (from_source ? at.source : at.subject) == check::kNoId) {
    fail = failure(e, at, fmt::format("'{}' needs a row of '{}' here", e.path.back().text, plan().records[r.record].name));
    return false;
  }
  row = walk(r.path, row);
  if (row == kNoRow) {  // an empty optional reference on the way
    out = Value::null();
    return true;
  }
  switch (r.target) {
    case check::NameTarget::Field: out = field_value(r.record, r.index, row); return true;
    case check::NameTarget::Measure: {
      ensure_measure(r.index);
      out = measures_[r.index].get(row);
      return true;
    }
    case check::NameTarget::Table: {
      ensure_table(r.index);
      out = table_values_[r.index].get(row);
      return true;
    }
    default:
      out = Value();
      out.kind = Value::Kind::Text;
      out.text = key(r.record, row);
      return true;
  }
}

bool PlanEvaluation::eval_chain(const Expr& e, const RowRef& at, Value& out, Failure& fail) const {
  const ChainOp first = e.ops.empty() ? ChainOp::Ge : chain_op(e.ops.front());
  if (first == ChainOp::And || first == ChainOp::Or) {
    // A null side is false; the first side that decides ends the chain.
    bool want = first == ChainOp::Or;
    for (const auto& a : e.args) {
      Value v;
      if (!eval(*a, at, v, fail)) return false;
      if (holds(v) == want) {
        out = Value::of_bool(want);
        return true;
      }
    }
    out = Value::of_bool(!want);
    return true;
  }
  Value acc;
  if (!eval(*e.args[0], at, acc, fail)) return false;
  for (std::size_t i = 1; i < e.args.size(); ++i) {
    const ChainOp op = i == 1 ? first : chain_op(e.ops[i - 1]);
    Value rhs;
    if (!eval(*e.args[i], at, rhs, fail)) return false;
    Value result;
    if (is_arithmetic(op)) {
      std::string error;
      if (!arithmetic(arith_of(op), acc, rhs, result, error)) {
        fail = chain_failure(e, i, at, std::move(error));
        return false;
      }
    } else if (!compare_step(op, acc, rhs, result)) {
      fail = failure(e, at, fmt::format("cannot order these values with '{}'", e.ops[i - 1]));
      return false;
    }
    acc = std::move(result);
  }
  out = std::move(acc);
  return true;
}

Failure PlanEvaluation::chain_failure(const Expr& e, std::size_t i, const RowRef& at, std::string error) const {
  // The span runs from the chain's start to the operand that failed.
  const diag::Span& op_span = i - 1 < e.op_spans.size() ? e.op_spans[i - 1] : e.args[i]->span;
  Failure fail = failure(e, at, std::move(error));
  fail.span = diag::Span{op_span.file, e.args[0]->span.line, e.args[0]->span.col, e.args[i]->span.end_line,
                         e.args[i]->span.end_col};
  return fail;
}

bool PlanEvaluation::eval_call(const Expr& e, const check::ResolvedExpr& r, const RowRef& at, Value& out,
                               Failure& fail) const {
  if (r.aggregate != check::Aggregate::None) {
    check::RecordId target = path_end(plan(), r.path);
    // The aggregation relates its source to the row being read: the
    // enclosing aggregation's source row when nested, else the subject row.
    std::uint32_t row = at.source != check::kNoId && target == at.source ? at.source_row
                        : target == at.subject                          ? at.subject_row
                                                                        : kNoRow;
    if (row == kNoRow) {
      fail = failure(e, at, "internal error: the aggregation's subject is not the row being read");
      return false;
    }
    const ValueColumn& col = aggregate_column(e, r, at.map);
    if (col.failure) {
      fail = *col.failure;
      return false;
    }
    out = col.values.get(row);
    return true;
  }
  switch (r.function) {
    case check::ScalarFunction::Min: case check::ScalarFunction::Max: {
      bool want_max = r.function == check::ScalarFunction::Max;
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        Value v;
        if (!eval(*e.args[i], at, v, fail)) return false;
        if (v.is_null()) {
          out = Value::null();
          return true;
        }
        if (i == 0 || (want_max ? compare(v, out) > 0 : compare(v, out) < 0)) out = std::move(v);
      }
      return true;
    }
    case check::ScalarFunction::Abs: {
      Value v;
      if (!eval(*e.args[0], at, v, fail)) return false;
      if (v.kind == Value::Kind::Number) v.number = v.number.abs();
      if (v.kind == Value::Kind::Duration && (v.months < 0 || (v.months == 0 && v.day < 0))) negate(v, v);
      out = std::move(v);
      return true;
    }
    case check::ScalarFunction::Round: return eval_round(e, r, at, out, fail);
    case check::ScalarFunction::Growth: return eval_growth(e, at, out, fail);
    case check::ScalarFunction::None: break;
  }
  fail = failure(e, at, "internal error: a call the checker did not resolve");
  return false;
}

bool PlanEvaluation::eval_round(const Expr& e, const check::ResolvedExpr& r, const RowRef& at, Value& out,
                                Failure& fail) const {
  Value x;
  if (!eval(*e.args[0], at, x, fail)) return false;
  if (x.is_null()) {
    out = x;
    return true;
  }
  num::RoundingMode mode = mode_named(!r.rounding.empty() ? r.rounding : plan().rounding);
  int places = 0;
  bool explicit_places = e.args.size() >= 2 && e.args[1]->kind == ExprKind::Number;
  if (explicit_places) {
    auto p = num::Decimal::parse(e.args[1]->text);
    auto n = p ? p->units_at(0) : std::nullopt;
    if (!n || *n < 0 || *n > 30) {
      fail = failure(*e.args[1], at, "round takes 0 to 30 decimal places");
      return false;
    }
    places = static_cast<int>(*n);
    // Places of a percent count in percent points: round(12.345%, 2) is 12.35%.
    if (r.type.is(check::TypeKind::Percent)) places += 2;
  } else if (r.type.is(check::TypeKind::Money)) {
    auto currency = num::Currency::parse(r.type.currency.empty() ? plan().currency : r.type.currency);
    places = currency ? currency->minor_units() : 2;
  } else if (r.type.is(check::TypeKind::Percent)) {
    places = 2;  // whole percent points
  }
  auto rounded = x.number.round(places, mode);
  if (!rounded) {
    fail = failure(e, at, rounded.error().message);
    return false;
  }
  out = Value::of(std::move(rounded).value());
  return true;
}

bool PlanEvaluation::eval_growth(const Expr& e, const RowRef& at, Value& out, Failure& fail) const {
  std::int32_t months = cadence_months(plan().cadence);
  if (e.args.size() == 2) {
    Value d;
    if (!eval(*e.args[1], at, d, fail)) return false;
    if (d.kind != Value::Kind::Duration || d.day != 0 || d.months <= 0) {
      fail = failure(*e.args[1], at, "growth compares with a whole number of months, quarters or years earlier");
      return false;
    }
    months = d.months;
  }
  Value now, before;
  if (!eval(*e.args[0], at, now, fail)) return false;
  if (!shifted(-months).eval(*e.args[0], at, before, fail)) return false;
  // No earlier value, or an earlier zero, has no growth: null, not 0%.
  if (now.is_null() || before.is_null() || before.kind != Value::Kind::Number || before.number.is_zero()) {
    out = Value::null();
    return true;
  }
  auto diff = num::sub(now.number, before.number);
  auto ratio = diff ? num::div(*diff, before.number) : diff;
  if (!ratio) {
    fail = failure(e, at, ratio.error().message);
    return false;
  }
  out = Value::of(std::move(ratio).value());
  return true;
}

}  // namespace accrue::eval::detail
