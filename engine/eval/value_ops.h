// Internal to the eval layer: the operators of the plan language on Values.
// Numbers, integers, percents and money are all exact Decimals here (the
// checker has already matched their units), so + - * / are num's exact
// operations; dates and durations follow the calendar. A null operand gives a
// null result; comparisons with a null give null, which a condition reads as
// false.
#pragma once

#include <string>

#include "eval/eval.h"

namespace accrue::eval::detail {

enum class Arith : std::uint8_t { Add, Sub, Mul, Div };

// False with `error` set when the operation fails (division by zero, bounds).
bool arithmetic(Arith op, const Value& a, const Value& b, Value& out, std::string& error);
bool negate(const Value& a, Value& out);

// Both values non-null and of one kind. Grades order better labels higher
// (A > B); durations by months, then days.
int compare(const Value& a, const Value& b);
bool equal(const Value& a, const Value& b);

// The operator of one step of a chain (`a + b * c`, `x >= 2`), decoded once
// per chain instead of comparing its text on every row.
enum class ChainOp : std::uint8_t { And, Or, Add, Sub, Mul, Div, Eq, Ne, Lt, Le, Gt, Ge };
ChainOp chain_op(const std::string& op);
inline bool is_arithmetic(ChainOp op) { return op >= ChainOp::Add && op <= ChainOp::Div; }
inline Arith arith_of(ChainOp op) {
  return op == ChainOp::Add ? Arith::Add : op == ChainOp::Sub ? Arith::Sub : op == ChainOp::Mul ? Arith::Mul : Arith::Div;
}
// One comparison step `a op b` (op not arithmetic; and/or after the first
// step compare as >=, as they always have). False when the kinds differ and
// cannot be ordered.
bool compare_step(ChainOp op, const Value& a, const Value& b, Value& out);

// A condition holds only when it is a true bool: null is false.
inline bool holds(const Value& v) { return v.kind == Value::Kind::Bool && v.flag; }

// A stable text of a value for counting distinct values.
std::string identity(const Value& v);

}  // namespace accrue::eval::detail
