// Column-at-a-time evaluation of a measure's expression (and of an
// aggregation's `where`): each node is computed for every row at once, so a
// measure like `aov * orders_12m * lifetime_years * margin` reads the
// operand columns in place and applies each operator in one loop, instead of
// walking the tree, looking names up and copying values once per row.
//
// The values are the row interpreter's exactly: both paths apply the same
// operators of value_ops.h. They differ only in the order they would meet
// failures (column by column here, row by row there), so any failure here
// gives up the column form and the caller interprets row by row, which
// reports failures in row order as it always has. Nodes whose operands are
// evaluated only on some rows (if, and/or, in, function calls) have no column
// form: they run through the row interpreter, node by node, so they evaluate
// exactly what they would have.
#include <fmt/format.h>

#include "eval/plan_evaluation.h"

namespace accrue::eval::detail {
namespace {

using syntax::Expr;
using syntax::ExprKind;

// Applies step(a, b, out) row by row into `acc` (in place when acc owns its
// values: every step computes its result before it writes).
template <class Step>
bool combine(ColumnValues& acc, const ColumnValues& rhs, std::uint32_t rows, Step step) {
  if (acc.is_constant && rhs.is_constant) {
    Value result;
    if (!step(acc.constant, rhs.constant, result)) return false;
    acc.constant = std::move(result);
    return true;
  }
  std::vector<Value> out;
  const bool in_place = !acc.is_constant && !acc.shared;
  if (!in_place) out.resize(rows);
  std::vector<Value>& target = in_place ? acc.owned : out;
  if (in_place) target.resize(rows);
  for (std::uint32_t row = 0; row < rows; ++row)
    if (!step(acc.at(row), rhs.at(row), target[row])) return false;
  if (!in_place) {
    acc.owned = std::move(out);
    acc.shared = nullptr;
    acc.is_constant = false;
    acc.constant = Value();
  }
  return true;
}

}  // namespace

bool PlanEvaluation::eval_column(const Expr& e, const ColumnSpace& space, ColumnValues& out) const {
  switch (e.kind) {
    case ExprKind::Number: case ExprKind::Percent: case ExprKind::String: case ExprKind::Date:
    case ExprKind::Period: case ExprKind::Bool: {
      Failure fail;
      out.is_constant = true;
      return literal(e, out.constant, fail);
    }
    case ExprKind::Name: {
      auto it = space.map->find(&e);
      if (it == space.map->end()) return false;
      return eval_column_name(e, it->second, space, out);
    }
    case ExprKind::Call: {
      auto it = space.map->find(&e);
      if (it == space.map->end()) return false;
      const check::ResolvedExpr& r = it->second;
      // An aggregation related to this record is the column built for it.
      if (r.aggregate != check::Aggregate::None && path_end(plan(), r.path) == space.record) {
        const ValueColumn& col = aggregate_column(e, r, space.map);
        if (col.failure) return false;
        out.shared = &col.values;
        return true;
      }
      return eval_column_rows(e, space, out);
    }
    case ExprKind::Binary: return eval_column_chain(e, space, out);
    case ExprKind::Unary: {
      if (!eval_column(*e.args[0], space, out)) return false;
      const bool logical_not = !e.ops.empty() && e.ops[0] == "not";
      ColumnValues none;
      none.is_constant = true;
      return combine(out, none, space.rows, [logical_not](const Value& x, const Value&, Value& result) {
        if (logical_not) {
          result = x.is_null() ? Value::null() : Value::of_bool(!holds(x));
          return true;
        }
        return negate(x, result);
      });
    }
    case ExprKind::Grade:
      if (e.by_percentile) return eval_column_rows(e, space, out);
      return eval_column_grade(e, space, out);
    case ExprKind::In: case ExprKind::If: return eval_column_rows(e, space, out);
  }
  return false;
}

bool PlanEvaluation::eval_column_name(const Expr& e, const check::ResolvedExpr& r, const ColumnSpace& space,
                                      ColumnValues& out) const {
  switch (r.target) {
    case check::NameTarget::Param:
      ensure_param(r.index);
      if (param_missing_[r.index]) return false;
      out.is_constant = true;
      out.constant = params_[r.index];
      return true;
    case check::NameTarget::GradeLabel:
      out.is_constant = true;
      out.constant.kind = Value::Kind::Grade;
      out.constant.grade = r.index;
      return true;
    case check::NameTarget::CurrentPeriod:
      out.is_constant = true;
      out.constant.kind = Value::Kind::Text;
      out.constant.text = period().label;
      return true;
    default: break;
  }
  // A name read on the row itself; anything reached through a reference runs row by row.
  if (r.scope != space.scope || !r.path.empty()) return eval_column_rows(e, space, out);
  switch (r.target) {
    case check::NameTarget::Measure:
      if (plan().measures[r.index].subject != space.record) break;
      ensure_measure(r.index);
      out.shared = &measures_[r.index];
      return true;
    case check::NameTarget::Table:
      if (plan().tables[r.index].record != space.record) break;
      ensure_table(r.index);
      out.shared = &table_values_[r.index];
      return true;
    case check::NameTarget::Field:
      if (r.record != space.record) break;
      out.owned.resize(space.rows);
      for (std::uint32_t row = 0; row < space.rows; ++row) out.owned[row] = field_value(r.record, r.index, row);
      return true;
    default: break;
  }
  return eval_column_rows(e, space, out);
}

bool PlanEvaluation::eval_column_chain(const Expr& e, const ColumnSpace& space, ColumnValues& out) const {
  const ChainOp first = e.ops.empty() ? ChainOp::Ge : chain_op(e.ops.front());
  // and/or evaluate a side only while the chain is undecided.
  if (first == ChainOp::And || first == ChainOp::Or) return eval_column_rows(e, space, out);
  if (!eval_column(*e.args[0], space, out)) return false;
  for (std::size_t i = 1; i < e.args.size(); ++i) {
    const ChainOp op = i == 1 ? first : chain_op(e.ops[i - 1]);
    ColumnValues rhs;
    if (!eval_column(*e.args[i], space, rhs)) return false;
    bool ok = false;
    if (is_arithmetic(op)) {
      const Arith arith = arith_of(op);
      std::string error;
      ok = combine(out, rhs, space.rows,
                   [arith, &error](const Value& a, const Value& b, Value& result) { return arithmetic(arith, a, b, result, error); });
    } else {
      ok = combine(out, rhs, space.rows,
                   [op](const Value& a, const Value& b, Value& result) { return compare_step(op, a, b, result); });
    }
    if (!ok) return false;
  }
  return true;
}

bool PlanEvaluation::eval_column_grade(const Expr& e, const ColumnSpace& space, ColumnValues& out) const {
  // Bounds are read only until an arm is reached; a bound that is one value
  // for every row (a literal, a param) can be read up front without changing that.
  std::vector<Value> bounds(e.arms.size());
  for (std::size_t i = 0; i < e.arms.size(); ++i) {
    const syntax::GradeArm& arm = e.arms[i];
    if (arm.kind == syntax::GradeArmKind::Else || !arm.bound) continue;
    if (!literal_of(*arm.bound, bounds[i])) {
      auto it = space.map->find(arm.bound.get());
      if (arm.bound->kind != ExprKind::Name || it == space.map->end() || it->second.target != check::NameTarget::Param)
        return eval_column_rows(e, space, out);
      ColumnValues bound;
      if (!eval_column_name(*arm.bound, it->second, space, bound)) return false;
      bounds[i] = std::move(bound.constant);
    }
  }
  if (!eval_column(*e.args[0], space, out)) return false;
  ColumnValues none;
  none.is_constant = true;
  return combine(out, none, space.rows, [&](const Value& x, const Value&, Value& result) {
    if (x.is_null()) {
      result = Value::null();
      return true;
    }
    for (std::uint32_t i = 0; i < e.arms.size(); ++i) {
      const syntax::GradeArm& arm = e.arms[i];
      bool reached = arm.kind == syntax::GradeArmKind::Else;
      if (!reached && arm.bound) reached = !bounds[i].is_null() && bounds[i].kind == x.kind && compare(x, bounds[i]) >= 0;
      if (reached) {
        Value grade;
        grade.kind = Value::Kind::Grade;
        grade.grade = i;
        result = std::move(grade);
        return true;
      }
    }
    result = Value::null();
    return true;
  });
}

bool PlanEvaluation::eval_column_rows(const Expr& e, const ColumnSpace& space, ColumnValues& out) const {
  if (!space.row_fallback) return false;
  out.owned.resize(space.rows);
  for (std::uint32_t row = 0; row < space.rows; ++row) {
    RowRef at{space.record, row, check::kNoId, kNoRow, space.map};
    Failure fail;
    if (!eval(e, at, out.owned[row], fail)) return false;
  }
  return true;
}

}  // namespace accrue::eval::detail
