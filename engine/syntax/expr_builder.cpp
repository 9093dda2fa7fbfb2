// Expressions: literals, names, calls with aggregation clauses, grades, and
// operator chains. Chains of one precedence level become one n-ary node,
// built without recursion on the left spine, so `1+1+...+1` of any length
// cannot exhaust the stack.
#include <typeinfo>

#include "syntax/builder.h"

namespace accrue::syntax::detail {
namespace {


// Labeled alternatives are leaf classes: comparing the exact type is enough,
// and much cheaper than dynamic_cast on the hot path of large plans.
template <class T>
T* as(antlr4::ParserRuleContext* ctx) {
  return ctx && typeid(*ctx) == typeid(T) ? static_cast<T*>(ctx) : nullptr;
}

// The precedence level of a binary alternative, so a chain only absorbs
// operands of its own level.
int level(P::ExprContext* ctx) {
  if (as<P::MulExprContext>(ctx)) return 1;
  if (as<P::AddExprContext>(ctx)) return 2;
  if (as<P::CompareExprContext>(ctx)) return 3;
  if (as<P::AndExprContext>(ctx)) return 4;
  if (as<P::OrExprContext>(ctx)) return 5;
  return 0;
}

std::pair<P::ExprContext*, P::ExprContext*> operands(P::ExprContext* ctx) {
  auto pick = [](auto* c) -> std::pair<P::ExprContext*, P::ExprContext*> {
    auto es = c->expr();
    return {es.size() > 0 ? es[0] : nullptr, es.size() > 1 ? es[1] : nullptr};
  };
  if (auto* c = as<P::MulExprContext>(ctx)) return pick(c);
  if (auto* c = as<P::AddExprContext>(ctx)) return pick(c);
  if (auto* c = as<P::CompareExprContext>(ctx)) return pick(c);
  if (auto* c = as<P::AndExprContext>(ctx)) return pick(c);
  if (auto* c = as<P::OrExprContext>(ctx)) return pick(c);
  return {nullptr, nullptr};
}

antlr4::Token* operator_token(P::ExprContext* ctx) {
  // The operator is the terminal between the two operands, for every level.
  for (auto* child : ctx->children)
    if (auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(child)) return t->getSymbol();
  return nullptr;
}

}  // namespace

std::string unquote(const std::string& quoted) {
  std::string out;
  if (quoted.size() < 2) return out;
  for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
    char c = quoted[i];
    if (c == '\\' && i + 2 < quoted.size()) {
      char n = quoted[++i];
      out += n == 'n' ? '\n' : n == 't' ? '\t' : n;
    } else {
      out += c;
    }
  }
  return out;
}

Span Builder::span(antlr4::Token* t) const {
  if (!t) return {};
  auto line = static_cast<std::uint32_t>(t->getLine());
  auto col = static_cast<std::uint32_t>(t->getCharPositionInLine()) + 1;
  if (t->getType() == antlr4::Token::EOF) return Span{file_, line, col, line, col + 1};
  // The input stream holds code points, so the token's index range is its
  // length in code points: no need to copy its text.
  auto length = static_cast<std::uint32_t>(t->getStopIndex() - t->getStartIndex() + 1);
  return Span{file_, line, col, line, col + length};
}

Span Builder::span(antlr4::ParserRuleContext* ctx) const {
  if (!ctx || !ctx->getStart()) return {};
  Span s = span(ctx->getStart());
  antlr4::Token* stop = ctx->getStop();
  if (stop && stop->getTokenIndex() >= ctx->getStart()->getTokenIndex() && stop->getType() != antlr4::Token::EOF) {
    Span e = span(stop);
    s.end_line = e.end_line;
    s.end_col = e.end_col;
  }
  return s;
}

Name Builder::name(P::NameContext* ctx) const {
  // A name is one token: read it directly rather than through getText(),
  // which concatenates the subtree.
  if (!ctx || !ctx->getStart()) return {};
  return Name{ctx->getStart()->getText(), span(ctx->getStart())};
}

Name Builder::name(P::UnitContext* ctx) const {
  if (!ctx || !ctx->getStart()) return {};
  return Name{ctx->getStart()->getText(), span(ctx->getStart())};
}

std::vector<Name> Builder::path(P::QualifiedNameContext* ctx) const {
  std::vector<Name> out;
  if (!ctx) return out;
  for (auto* n : ctx->name()) out.push_back(name(n));
  return out;
}

Duration Builder::duration(P::DurationContext* ctx) {
  Duration d;
  if (!ctx) return d;
  d.count = ctx->NUMBER() ? ctx->NUMBER()->getText() : "";
  d.unit = name(ctx->unit());
  d.span = span(ctx);
  return d;
}

ExprPtr Builder::expr(P::ExprContext* ctx) {
  if (!ctx) return nullptr;
  if (level(ctx) != 0) return chain(ctx);
  auto e = std::make_unique<Expr>();
  e->span = span(ctx);
  if (auto* c = as<P::PrimaryExprContext>(ctx)) return primary(c->primary());
  if (auto* c = as<P::UnaryExprContext>(ctx)) {
    e->kind = ExprKind::Unary;
    e->ops.push_back(c->op ? c->op->getText() : "-");
    e->op_spans.push_back(span(c->op));
    if (auto a = expr(c->expr())) e->args.push_back(std::move(a));
    else return nullptr;
    return e;
  }
  if (auto* c = as<P::InExprContext>(ctx)) {
    e->kind = ExprKind::In;
    for (auto* a : c->expr())
      if (auto x = expr(a)) e->args.push_back(std::move(x));
    return e->args.size() >= 2 ? std::move(e) : nullptr;
  }
  if (auto* c = as<P::IfExprContext>(ctx)) {
    e->kind = ExprKind::If;
    for (auto* a : c->expr())
      if (auto x = expr(a)) e->args.push_back(std::move(x));
    return e->args.size() == 3 ? std::move(e) : nullptr;
  }
  return nullptr;
}

ExprPtr Builder::chain(P::ExprContext* ctx) {
  // Walk down the left spine while it stays at this precedence level,
  // collecting right operands; then emit them left to right.
  int lvl = level(ctx);
  std::vector<P::ExprContext*> rights;
  std::vector<antlr4::Token*> ops;
  P::ExprContext* left = ctx;
  while (left && level(left) == lvl) {
    auto [l, r] = operands(left);
    rights.push_back(r);
    ops.push_back(operator_token(left));
    left = l;
  }
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Binary;
  e->span = span(ctx);
  auto first = expr(left);
  if (!first) return nullptr;
  e->args.push_back(std::move(first));
  for (std::size_t i = rights.size(); i-- > 0;) {
    auto r = expr(rights[i]);
    if (!r) return nullptr;
    e->ops.push_back(ops[i] ? ops[i]->getText() : "?");
    e->op_spans.push_back(span(ops[i]));
    e->args.push_back(std::move(r));
  }
  return e;
}

ExprPtr Builder::primary(P::PrimaryContext* ctx) {
  if (!ctx) return nullptr;
  auto e = std::make_unique<Expr>();
  e->span = span(ctx);
  if (auto* c = as<P::NumberLiteralContext>(ctx)) {
    e->kind = ExprKind::Number;
    e->text = c->NUMBER() ? c->NUMBER()->getText() : "0";
    if (c->unit()) e->unit = name(c->unit());
  } else if (as<P::PercentLiteralContext>(ctx)) {
    e->kind = ExprKind::Percent;
    e->text = ctx->getStart()->getText();
    if (!e->text.empty()) e->text.pop_back();
  } else if (as<P::StringLiteralContext>(ctx)) {
    e->kind = ExprKind::String;
    e->text = unquote(ctx->getStart()->getText());
  } else if (as<P::DateLiteralContext>(ctx)) {
    e->kind = ExprKind::Date;
    e->text = ctx->getStart()->getText();
  } else if (as<P::PeriodLiteralContext>(ctx)) {
    e->kind = ExprKind::Period;
    e->text = ctx->getStart()->getText();
  } else if (as<P::BoolLiteralContext>(ctx)) {
    e->kind = ExprKind::Bool;
    e->text = ctx->getStart()->getText();
  } else if (auto* c = as<P::NameExprContext>(ctx)) {
    e->kind = ExprKind::Name;
    e->path = path(c->qualifiedName());
    if (e->path.empty()) return nullptr;
  } else if (auto* c = as<P::ParenExprContext>(ctx)) {
    auto inner = expr(c->expr());
    if (inner) inner->span = e->span;
    return inner;
  } else if (auto* c = as<P::CallExprContext>(ctx)) {
    e->kind = ExprKind::Call;
    e->path.push_back(name(c->name()));
    for (auto* a : c->expr()) {
      auto x = expr(a);
      if (!x) return nullptr;
      e->args.push_back(std::move(x));
    }
    for (auto* cl : c->clause()) clause(*e, cl);
  } else if (auto* c = as<P::GradeExprContext>(ctx)) {
    e->kind = ExprKind::Grade;
    auto graded = expr(c->expr());
    if (!graded) return nullptr;
    e->args.push_back(std::move(graded));
    e->by_percentile = c->byPercentile != nullptr;
    for (auto* arm : c->gradeArm()) {
      GradeArm a;
      a.span = span(arm);
      if (auto* t = as<P::ThresholdArmContext>(arm)) {
        a.kind = GradeArmKind::Threshold;
        a.label = name(t->name());
        a.bound = expr(t->expr());
      } else if (auto* t = as<P::PercentileArmContext>(arm)) {
        a.kind = GradeArmKind::Top;
        a.label = name(t->name());
        a.bound = expr(t->expr());
      } else if (auto* t = as<P::ElseArmContext>(arm)) {
        a.kind = GradeArmKind::Else;
        a.label = name(t->name());
      }
      if (a.kind != GradeArmKind::Else && !a.bound) return nullptr;
      e->arms.push_back(std::move(a));
    }
  } else {
    return nullptr;
  }
  return e;
}

void Builder::clause(Expr& call, P::ClauseContext* ctx) {
  if (auto* c = as<P::WhereClauseContext>(ctx)) {
    call.where = expr(c->expr());
  } else if (auto* c = as<P::OverClauseContext>(ctx)) {
    call.window = window(c->window());
  } else if (auto* c = as<P::ViaClauseContext>(ctx)) {
    call.via = path(c->qualifiedName());
  }
}

Window Builder::window(P::WindowContext* ctx) {
  Window w;
  w.span = span(ctx);
  if (as<P::PeriodWindowContext>(ctx)) w.kind = WindowKind::Period;
  else if (as<P::PlanYearWindowContext>(ctx)) w.kind = WindowKind::PlanYear;
  else if (as<P::AllWindowContext>(ctx)) w.kind = WindowKind::All;
  else if (auto* c = as<P::SinceWindowContext>(ctx)) {
    w.kind = WindowKind::Since;
    w.date = c->DATE() ? c->DATE()->getText() : "";
  } else if (auto* c = as<P::LastWindowContext>(ctx)) {
    w.kind = WindowKind::Last;
    w.count = c->NUMBER() ? c->NUMBER()->getText() : "";
    w.unit = name(c->unit());
  }
  return w;
}

}  // namespace accrue::syntax::detail
