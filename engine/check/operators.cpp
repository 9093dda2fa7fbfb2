// Operators and their units: which combinations of types an arithmetic
// operator, a comparison, `and`/`or`, `not`, `in` and `if` accept, and the
// type they give. A rejected combination names both operands' types and
// points at each operand (and at the declaration of a named one).
#include <fmt/format.h>

#include "check/resolver.h"

namespace accrue::check::detail {
namespace {

struct Operand {
  const Expr* expr = nullptr;  // null for an accumulated left side of a chain
  Span span;
  ResolvedExpr r;
};

struct Verdict {
  Type type;
  Code code = Code::E0401;
  bool ok = true;
  std::string help;
};

Verdict fine(Type t) { return {std::move(t), Code::E0401, true, {}}; }
Verdict bad(Code code, std::string help = {}) { return {Type::unknown(), code, false, std::move(help)}; }

bool is_money(const Type& t) { return t.is(TypeKind::Money); }
bool is_pct(const Type& t) { return t.is(TypeKind::Percent); }
bool is_num(const Type& t) { return t.is_plain_number(); }

// Shared by + - and comparisons: the reason two types cannot meet.
Verdict mismatch(const Type& a, const Type& b) {
  if (is_money(a) && is_money(b))
    return bad(Code::E0402, "accrue never converts currencies; keep amounts that meet in one currency");
  if ((is_money(a) && is_pct(b)) || (is_pct(a) && is_money(b)))
    return bad(Code::E0403, "to add a share of an amount, multiply first, e.g. `amount + amount * 5%`");
  if ((a.is(TypeKind::Date) && (is_num(b) || is_pct(b))) || (b.is(TypeKind::Date) && (is_num(a) || is_pct(a))))
    return bad(Code::E0404, "add or subtract a duration, e.g. `+ 30 days`");
  if ((is_money(a) && is_num(b)) || (is_num(a) && is_money(b)))
    return bad(Code::E0401, "write the number as an amount with its currency, e.g. `100 CNY`");
  return bad(Code::E0401);
}

Verdict add(bool minus, const Type& a, const Type& b) {
  if (is_num(a) && is_num(b)) return fine(unify(a, b));
  if (is_pct(a) && is_pct(b)) return fine(a);
  if (is_money(a) && is_money(b) && same_type(a, b)) return fine(unify(a, b));
  if (a.is(TypeKind::Date) && b.is(TypeKind::Duration)) return fine(a);
  if (!minus && a.is(TypeKind::Duration) && b.is(TypeKind::Date)) return fine(b);
  if (minus && a.is(TypeKind::Date) && b.is(TypeKind::Date)) return fine(Type::of(TypeKind::Duration));
  if (a.is(TypeKind::Date) && b.is(TypeKind::Date)) return bad(Code::E0404, "subtract dates to get a duration");
  if (a.is(TypeKind::Duration) && b.is(TypeKind::Duration)) return fine(a);
  if (a.is(TypeKind::Duration) && b.is(TypeKind::Date)) return bad(Code::E0404, "write the date first: `date - duration`");
  return mismatch(a, b);
}

Verdict multiply(const Type& a, const Type& b) {
  if (is_num(a) && is_num(b)) return fine(unify(a, b));
  if (is_pct(a) && is_pct(b)) return fine(a);
  if ((is_pct(a) && is_num(b)) || (is_num(a) && is_pct(b))) return fine(Type::of(TypeKind::Number));
  if (is_money(a) && (is_num(b) || is_pct(b))) return fine(a);
  if (is_money(b) && (is_num(a) || is_pct(a))) return fine(b);
  if (is_money(a) && is_money(b)) return bad(Code::E0401, "an amount times an amount has no meaning; divide to get a ratio");
  return bad(Code::E0401);
}

Verdict divide(const Type& a, const Type& b) {
  if (is_num(a) && is_num(b)) return fine(Type::of(TypeKind::Number));
  if (is_pct(a) && is_pct(b)) return fine(Type::of(TypeKind::Number));
  if (is_pct(a) && is_num(b)) return fine(a);
  if (is_num(a) && is_pct(b)) return fine(Type::of(TypeKind::Number));
  if (is_money(a) && (is_num(b) || is_pct(b))) return fine(a);
  if (is_money(a) && is_money(b)) {
    if (same_type(a, b)) return fine(Type::of(TypeKind::Number));
    return bad(Code::E0402, "accrue never converts currencies; keep amounts that meet in one currency");
  }
  return bad(Code::E0401);
}

bool orderable(const Type& t) {
  switch (t.kind) {
    case TypeKind::Number: case TypeKind::Integer: case TypeKind::Percent: case TypeKind::Money:
    case TypeKind::Date: case TypeKind::Period: case TypeKind::Duration: case TypeKind::Grade:
      return true;
    default: return false;
  }
}

Verdict compare(const std::string& op, const Type& a, const Type& b) {
  bool equality = op == "==" || op == "!=";
  if (!same_type(a, b)) return mismatch(a, b);
  if (!equality && !orderable(a))
    return bad(Code::E0401, fmt::format("{} values can be compared only with == and !=", to_string(a)));
  return fine(Type::of(TypeKind::Bool));
}

bool literal_zero(const Expr& e) {
  if (e.kind != syntax::ExprKind::Number && e.kind != syntax::ExprKind::Percent) return false;
  for (char c : e.text)
    if (c != '0' && c != '.') return false;
  return true;
}

std::string message(const std::string& op, const Type& a, const Type& b) {
  std::string ta = to_string(a), tb = to_string(b);
  if (op == "+") return fmt::format("cannot add {} and {}", ta, tb);
  if (op == "-") return fmt::format("cannot subtract {} from {}", tb, ta);
  if (op == "*") return fmt::format("cannot multiply {} by {}", ta, tb);
  if (op == "/") return fmt::format("cannot divide {} by {}", ta, tb);
  return fmt::format("cannot compare {} with {} using '{}'", ta, tb, op);
}

}  // namespace

ResolvedExpr Resolver::type_chain(const Expr& e, const Scope& scope) {
  ResolvedExpr result;
  if (e.args.empty()) return result;
  const std::string& first_op = e.ops.empty() ? std::string() : e.ops.front();
  bool logical = first_op == "and" || first_op == "or";
  bool comparison = first_op == "==" || first_op == "!=" || first_op == "<" || first_op == "<=" ||
                    first_op == ">" || first_op == ">=";
  if (logical) {
    bool all_known = true;
    for (const auto& a : e.args) {
      ResolvedExpr r = type_condition(*a, scope, fmt::format("each side of '{}'", first_op));
      all_known = all_known && r.type.known();
    }
    if (all_known) result.type = Type::of(TypeKind::Bool);
    return result;
  }
  Operand left;
  left.expr = e.args[0].get();
  left.span = e.args[0]->span;
  if (comparison && e.args.size() == 2 && !resolves_as_name(*e.args[0], scope) && resolves_as_name(*e.args[1], scope)) {
    // `A == grade`: type the grade first so the label resolves against it.
    ResolvedExpr right = type_expr(*e.args[1], scope);
    left.r = type_expr(*e.args[0], scope, &right.type);
    Verdict v = compare(first_op, left.r.type, right.type);
    if (left.r.type.known() && right.type.known() && !v.ok) {
      auto* d = report(v.code, e.op_spans[0], message(first_op, left.r.type, right.type), v.help);
      if (d) {
        for (auto& n : operand_notes(*e.args[0], left.r)) d->notes.push_back(std::move(n));
        for (auto& n : operand_notes(*e.args[1], right)) d->notes.push_back(std::move(n));
      }
    }
    result.type = v.ok && left.r.type.known() && right.type.known() ? v.type : Type::unknown();
    return result;
  }
  left.r = type_expr(*e.args[0], scope);
  for (std::size_t i = 1; i < e.args.size(); ++i) {
    const std::string& op = e.ops[i - 1];
    const Expr& rhs = *e.args[i];
    bool is_comparison = op != "+" && op != "-" && op != "*" && op != "/";
    ResolvedExpr right = type_expr(rhs, scope, is_comparison ? &left.r.type : nullptr);
    Verdict v;
    if (op == "+" || op == "-") v = add(op == "-", left.r.type, right.type);
    else if (op == "*") v = multiply(left.r.type, right.type);
    else if (op == "/") v = divide(left.r.type, right.type);
    else v = compare(op, left.r.type, right.type);
    bool known = left.r.type.known() && right.type.known();
    if (op == "/" && literal_zero(rhs)) {
      report(Code::E0408, rhs.span, "division by zero", "a divisor written as zero is always an error");
      known = false;
    } else if (known && !v.ok) {
      auto* d = report(v.code, i - 1 < e.op_spans.size() ? e.op_spans[i - 1] : rhs.span,
                       message(op, left.r.type, right.type), v.help);
      if (d) {
        if (left.expr) {
          for (auto& n : operand_notes(*left.expr, left.r)) d->notes.push_back(std::move(n));
        } else {
          d->notes.push_back({left.span, fmt::format("this is {}", to_string(left.r.type))});
        }
        for (auto& n : operand_notes(rhs, right)) d->notes.push_back(std::move(n));
      }
    }
    ResolvedExpr acc;
    acc.type = known && v.ok ? v.type : Type::unknown();
    left.expr = nullptr;
    left.span = join(left.span, rhs.span);
    left.r = std::move(acc);
  }
  result.type = left.r.type;
  return result;
}

ResolvedExpr Resolver::type_unary(const Expr& e, const Scope& scope) {
  ResolvedExpr result;
  if (e.args.empty()) return result;
  if (!e.ops.empty() && e.ops[0] == "not") {
    ResolvedExpr r = type_condition(*e.args[0], scope, "the operand of 'not'");
    if (r.type.known() && r.type.is(TypeKind::Bool)) result.type = r.type;
    return result;
  }
  ResolvedExpr r = type_expr(*e.args[0], scope);
  switch (r.type.kind) {
    case TypeKind::Unknown: break;
    case TypeKind::Number: case TypeKind::Integer: case TypeKind::Percent: case TypeKind::Money: case TypeKind::Duration:
      result.type = r.type;
      break;
    default: {
      auto* d = report(Code::E0401, e.op_spans.empty() ? e.span : e.op_spans[0],
                       fmt::format("cannot negate {}", to_string(r.type)));
      if (d)
        for (auto& n : operand_notes(*e.args[0], r)) d->notes.push_back(std::move(n));
    }
  }
  return result;
}

ResolvedExpr Resolver::type_in(const Expr& e, const Scope& scope) {
  ResolvedExpr result;
  ResolvedExpr x = type_expr(*e.args[0], scope);
  bool known = x.type.known();
  for (std::size_t i = 1; i < e.args.size(); ++i) {
    ResolvedExpr v = type_expr(*e.args[i], scope, &x.type);
    if (!v.type.known()) {
      known = false;
      continue;
    }
    if (x.type.known() && !same_type(x.type, v.type)) {
      Verdict why = mismatch(x.type, v.type);
      auto* d = report(why.code, e.args[i]->span,
                       fmt::format("cannot compare {} with {} in a list after 'in'", to_string(x.type), to_string(v.type)),
                       why.help);
      if (d) {
        for (auto& n : operand_notes(*e.args[0], x)) d->notes.push_back(std::move(n));
        for (auto& n : operand_notes(*e.args[i], v)) d->notes.push_back(std::move(n));
      }
      known = false;
    }
  }
  if (known) result.type = Type::of(TypeKind::Bool);
  return result;
}

ResolvedExpr Resolver::type_if(const Expr& e, const Scope& scope) {
  ResolvedExpr result;
  type_condition(*e.args[0], scope, "the condition of 'if'");
  ResolvedExpr a = type_expr(*e.args[1], scope);
  ResolvedExpr b = type_expr(*e.args[2], scope, a.type.is(TypeKind::Grade) ? &a.type : nullptr);
  if (!a.type.known() || !b.type.known()) return result;
  if (!same_type(a.type, b.type)) {
    // Branches are alternatives, not operands: a unit clash between them is
    // a type mismatch (E0401) whatever the units are.
    Verdict why = mismatch(a.type, b.type);
    if (why.code == Code::E0403) why.help.clear();
    auto* d = report(Code::E0401, e.args[2]->span,
                     fmt::format("the branches of 'if' differ: {} and {}", to_string(a.type), to_string(b.type)),
                     why.help.empty() ? "both branches must give the same type" : why.help);
    if (d) {
      for (auto& n : operand_notes(*e.args[1], a)) d->notes.push_back(std::move(n));
      for (auto& n : operand_notes(*e.args[2], b)) d->notes.push_back(std::move(n));
    }
    return result;
  }
  result.type = unify(a.type, b.type);
  return result;
}

}  // namespace accrue::check::detail
