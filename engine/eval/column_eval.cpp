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

// `acc` becomes the column it computed into `out` (no longer shared or constant).
void adopt(ColumnValues& acc, PackedColumn&& out) {
  acc.owned = std::move(out);
  acc.shared = nullptr;
  acc.is_constant = false;
  acc.constant = Value();
}

using syntax::Expr;
using syntax::ExprKind;

// Computes acc's new column with row_step(row, target, target_row) (false:
// the row failed). On one range, in place when acc owns its values (a row is
// read before it is written; a write that widens the column's form converts
// the rows not yet read with it). Over several ranges, each range goes into
// a column of its own on its own thread (acc is only read meanwhile), and the
// columns are spliced in row order: the same values, and a failure on some
// row fails the whole pass either way.
template <class RowStep>
bool fill_rows(ColumnValues& acc, std::uint32_t rows, const std::vector<RowRange>& parts, RowStep row_step) {
  if (parts.size() <= 1) {
    PackedColumn out;
    const bool in_place = !acc.is_constant && !acc.shared;
    if (!in_place) out = PackedColumn(rows);
    PackedColumn& target = in_place ? acc.owned : out;
    if (in_place) target.resize(rows);
    for (std::uint32_t row = 0; row < rows; ++row)
      if (!row_step(row, target, row)) return false;
    if (!in_place) adopt(acc, std::move(out));
    return true;
  }
  std::vector<PackedColumn> pieces(parts.size());
  std::vector<char> ok(parts.size(), 1);
  run_split(parts.size(), [&](std::size_t part) {
    // The first range's column is the whole column's storage.
    const std::uint32_t at = part == 0 ? 0 : parts[part].begin;
    pieces[part] = PackedColumn(part == 0 ? rows : parts[part].size());
    for (std::uint32_t row = parts[part].begin; row < parts[part].end; ++row)
      if (!row_step(row, pieces[part], row - at)) {
        ok[part] = 0;
        return;
      }
  });
  for (char part_ok : ok)
    if (!part_ok) return false;
  for (std::size_t part = 1; part < parts.size(); ++part) pieces[0].splice(parts[part].begin, std::move(pieces[part]));
  adopt(acc, std::move(pieces[0]));
  return true;
}

// Applies step(a, b, out) row by row into `acc`.
template <class Step>
bool combine(ColumnValues& acc, const ColumnValues& rhs, std::uint32_t rows, const std::vector<RowRange>& parts,
             Step step) {
  if (acc.is_constant && rhs.is_constant) {
    Value result;
    if (!step(acc.constant, rhs.constant, result)) return false;
    acc.constant = std::move(result);
    return true;
  }
  return fill_rows(acc, rows, parts, [&](std::uint32_t row, PackedColumn& target, std::uint32_t at) {
    Value result;
    if (!step(acc.at(row), rhs.at(row), result)) return false;
    target.set(at, std::move(result));
    return true;
  });
}

enum class Outcome : std::uint8_t { Done, Failed, NotApplicable };

using Cell = PackedColumn::NumberCell;

// The operand's number on `row` as stored, when it is a column of numbers or
// a constant number (whose ratio, if any, `ratio` holds).
bool number_source(const ColumnValues& c, Cell& constant, num::detail::Ratio128& ratio) {
  if (!c.is_constant) {
    const PackedColumn& col = c.shared ? *c.shared : c.owned;
    return col.form() == PackedColumn::Form::Numbers || col.form() == PackedColumn::Form::Null;
  }
  if (c.constant.is_null()) {
    constant.kind = Cell::Kind::Null;
    return true;
  }
  if (c.constant.kind != Value::Kind::Number) return false;
  const num::Decimal& d = c.constant.number;
  if (d.is_small()) {
    constant.kind = Cell::Kind::Small;
    constant.units = d.small_units();
    constant.scale = d.small_scale();
    return true;
  }
  auto r = num::detail::ratio_of(d);
  if (!r) return false;
  ratio = *r;
  constant.kind = Cell::Kind::Ratio;
  constant.ratio = &ratio;
  return true;
}

std::optional<num::detail::Ratio128> ratio_of_cell(const Cell& c) {
  if (c.kind == Cell::Kind::Ratio) return *c.ratio;
  return num::detail::ratio_of(num::Decimal::small(c.units, c.scale));
}

// arithmetic() on two columns of numbers without a Value per operand:
// small operands take num's small paths; the others num's 128-bit ratio path
// (as num::add/sub/mul/div do first), kept as a ratio in the column. Anything
// else (a value beyond 128 bits, an overflow) goes through arithmetic().
Outcome combine_numbers(ColumnValues& acc, const ColumnValues& rhs, std::uint32_t rows,
                        const std::vector<RowRange>& parts, Arith op) {
  if (acc.is_constant && rhs.is_constant) return Outcome::NotApplicable;
  Cell acc_constant, rhs_constant;
  num::detail::Ratio128 acc_ratio, rhs_ratio;
  if (!number_source(acc, acc_constant, acc_ratio) || !number_source(rhs, rhs_constant, rhs_ratio))
    return Outcome::NotApplicable;
  const PackedColumn* acc_col = acc.is_constant ? nullptr : acc.shared ? acc.shared : &acc.owned;
  const PackedColumn* rhs_col = rhs.is_constant ? nullptr : rhs.shared ? rhs.shared : &rhs.owned;
  const bool done = fill_rows(acc, rows, parts, [&](std::uint32_t row, PackedColumn& target, std::uint32_t at) {
    const Cell a = acc_col ? acc_col->number_cell(row) : acc_constant;
    const Cell b = rhs_col ? rhs_col->number_cell(row) : rhs_constant;
    if (a.kind == Cell::Kind::Null || b.kind == Cell::Kind::Null) {
      target.set(at, Value::null());
      return true;
    }
    if (a.kind == Cell::Kind::Small && b.kind == Cell::Kind::Small && op != Arith::Div) {
      const num::Decimal x = num::Decimal::small(a.units, a.scale), y = num::Decimal::small(b.units, b.scale);
      num::Result<num::Decimal> r = op == Arith::Add ? num::add(x, y) : op == Arith::Sub ? num::sub(x, y) : num::mul(x, y);
      if (!r) return false;
      target.set(at, Value::of(std::move(r).value()));
      return true;
    }
    if (a.kind != Cell::Kind::Other && b.kind != Cell::Kind::Other) {
      auto x = ratio_of_cell(a), y = ratio_of_cell(b);
      if (x && y) {
        if (op == Arith::Div && y->num == 0) return false;  // division by zero: the rows report it
        auto r = op == Arith::Add   ? num::detail::ratio_add(*x, *y)
                 : op == Arith::Sub ? num::detail::ratio_sub(*x, *y)
                 : op == Arith::Mul ? num::detail::ratio_mul(*x, *y)
                                    : num::detail::ratio_div(*x, *y);
        if (r) {
          target.set_ratio(at, *r);
          return true;
        }
      }
    }
    Value result;
    std::string error;
    if (!arithmetic(op, acc.at(row), rhs.at(row), result, error)) return false;
    target.set(at, std::move(result));
    return true;
  });
  return done ? Outcome::Done : Outcome::Failed;
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
      return combine(out, none, space.rows, ranges(space.rows), [logical_not](const Value& x, const Value&, Value& result) {
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
      out.owned = PackedColumn(space.rows);
      for (std::uint32_t row = 0; row < space.rows; ++row) out.owned.set(row, field_value(r.record, r.index, row));
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
      const Outcome outcome = combine_numbers(out, rhs, space.rows, ranges(space.rows), arith);
      if (outcome == Outcome::NotApplicable)
        ok = combine(out, rhs, space.rows, ranges(space.rows),
                     [arith](const Value& a, const Value& b, Value& result) {
                       std::string error;  // one per row: the ranges run on threads of their own
                       return arithmetic(arith, a, b, result, error);
                     });
      else
        ok = outcome == Outcome::Done;
    } else {
      ok = combine(out, rhs, space.rows, ranges(space.rows),
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
  return combine(out, none, space.rows, ranges(space.rows), [&](const Value& x, const Value&, Value& result) {
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
  out.owned = PackedColumn(space.rows);
  for (std::uint32_t row = 0; row < space.rows; ++row) {
    RowRef at{space.record, row, check::kNoId, kNoRow, space.map};
    Failure fail;
    Value value;
    if (!eval(e, at, value, fail)) return false;
    out.owned.set(row, std::move(value));
  }
  return true;
}

PackedColumn ColumnValues::take(std::uint32_t rows) && {
  PackedColumn out;
  if (is_constant) {
    out = PackedColumn(rows);
    out.fill(constant);
  } else if (shared) {
    out = *shared;
  } else {
    out = std::move(owned);
  }
  out.resize(rows);
  return out;
}

}  // namespace accrue::eval::detail
