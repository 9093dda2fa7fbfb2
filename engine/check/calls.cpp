// Calls and grades. An aggregation (sum, avg, min, max with one argument,
// count, distinct, share, nps, any, all) reads the rows of one source record
// related to the subject by reference fields; inside it bare names look at the
// source row first. Scalar functions are min/max of several values, abs,
// round and growth. A grade maps a value to labels; its type carries them.
#include <fmt/format.h>

#include <algorithm>

#include "check/resolver.h"
#include "num/num.h"

namespace accrue::check::detail {
namespace {

struct AggregateSpec {
  const char* name;
  Aggregate kind;
};

constexpr AggregateSpec kAggregates[] = {
    {"sum", Aggregate::Sum},       {"avg", Aggregate::Avg},     {"min", Aggregate::Min},
    {"max", Aggregate::Max},       {"count", Aggregate::Count}, {"distinct", Aggregate::Distinct},
    {"share", Aggregate::Share},   {"nps", Aggregate::Nps},     {"any", Aggregate::Any},
    {"all", Aggregate::All},
};

Aggregate aggregate_named(std::string_view name) {
  for (const auto& a : kAggregates)
    if (name == a.name) return a.kind;
  return Aggregate::None;
}

bool is_aggregation(const Expr& e) {
  if (e.kind != syntax::ExprKind::Call || e.path.empty()) return false;
  Aggregate a = aggregate_named(e.path[0].text);
  if (a == Aggregate::None) return false;
  if (a == Aggregate::Min || a == Aggregate::Max) return e.args.size() <= 1;
  return true;
}

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = {"sum", "avg", "min", "max", "count", "distinct", "share",
                                                  "nps", "any", "all", "abs", "round", "growth"};
  return names;
}

bool numeric(const Type& t) {
  return t.is_plain_number() || t.is(TypeKind::Percent) || t.is(TypeKind::Money);
}

}  // namespace

namespace {

// The records named in an aggregated expression, in order of appearance;
// nested aggregations have their own sources and are skipped.
std::vector<std::pair<RecordId, Span>> named_sources(Resolver& rs, const Expr& root, const Scope& scope) {
  std::vector<std::pair<RecordId, Span>> out;
  std::vector<const Expr*> stack{&root};
  auto is_member = [&](RecordId rec, const std::string& name) {
    if (rec == kNoId) return false;
    const RecordInfo& r = rs.plan.records[rec];
    return r.field_index.count(name) || r.measure_index.count(name);
  };
  while (!stack.empty()) {
    const Expr* e = stack.back();
    stack.pop_back();
    if (e != &root && is_aggregation(*e)) continue;
    if (e->kind == syntax::ExprKind::Name && !e->path.empty()) {
      const std::string& first = e->path.front().text;
      if (is_member(scope.source, first) || is_member(scope.subject, first)) continue;
      const GlobalSymbol* g = rs.global(first);
      if (g && g->kind == GlobalKind::Record &&
          std::none_of(out.begin(), out.end(), [&](const auto& p) { return p.first == g->id; }))
        out.emplace_back(g->id, e->path.front().span);
    }
    for (auto it = e->args.rbegin(); it != e->args.rend(); ++it) stack.push_back(it->get());
  }
  return out;
}

}  // namespace

ResolvedExpr Resolver::type_call(const Expr& e, const Scope& scope) {
  ResolvedExpr r;
  const syntax::Name& fn = e.path.front();
  bool has_clauses = e.where || e.window || !e.via.empty();
  if (is_aggregation(e) || (has_clauses && aggregate_named(fn.text) != Aggregate::None)) {
    r.aggregate = aggregate_named(fn.text);
    if (e.args.size() != 1) {
      report(Code::E0406, e.span,
             fmt::format("'{}' takes one argument, the values to aggregate, but got {}", fn.text, e.args.size()),
             fmt::format("e.g. `{}(Order.amount)`", fn.text));
      return r;
    }
    RecordId target = scope.source != kNoId ? scope.source : scope.subject;
    auto sources = named_sources(*this, *e.args[0], scope);
    if (sources.empty()) {
      report(Code::E0407, e.args[0]->span, fmt::format("'{}' needs a source: name the record whose rows it reads", fn.text),
             fmt::format("e.g. `{}(Order.amount)` or `count(Order)`", fn.text));
      return r;
    }
    if (sources.size() > 1) {
      auto* d = report(Code::E0407, sources[1].second,
                       fmt::format("'{}' reads two sources, '{}' and '{}'; an aggregation reads one", fn.text,
                                   plan.records[sources[0].first].name, plan.records[sources[1].first].name),
                       "aggregate each source separately and combine the results");
      if (d) d->notes.push_back({sources[0].second, "the first source is named here"});
      return r;
    }
    RecordId source = sources[0].first;
    const RecordInfo& src = plan.records[source];
    mark_record_used(source);
    r.record = source;
    if (target == kNoId) {
      report(Code::E0407, e.span, fmt::format("'{}' needs a subject to relate '{}' to", fn.text, src.name),
             "aggregations belong in measures, rules and payouts on a payee or entity");
      return r;
    }
    bool related = true;
    if (!e.via.empty()) {
      RecordId at = source;
      for (const auto& step : e.via) {
        const RecordInfo& rec = plan.records[at];
        auto f = rec.field_index.find(step.text);
        if (f == rec.field_index.end() || !rec.fields[f->second].type.is(TypeKind::Ref)) {
          std::vector<std::string> refs;
          for (const auto& fi : rec.fields)
            if (fi.type.is(TypeKind::Ref)) refs.push_back(fi.name);
          std::string close = diag::closest_name(step.text, refs);
          report(Code::E0305, step.span,
                 fmt::format("'{}' has no reference field '{}'", rec.name, step.text),
                 close.empty() ? std::string() : fmt::format("did you mean '{}'?", close));
          related = false;
          break;
        }
        r.path.push_back({at, f->second});
        at = rec.fields[f->second].type.record_id;
      }
      if (related && at != target) {
        report(Code::E0306, join(e.via.front().span, e.via.back().span),
               fmt::format("`via {}` leads from '{}' to '{}', not to '{}'", path_text(r.path), src.name,
                           plan.records[at].name, plan.records[target].name));
        related = false;
      }
    } else {
      related = require_relation(source, target, sources[0].second, r.path);
    }
    if (e.window) {
      if (src.kind != syntax::RecordKind::Event) {
        report(Code::E0407, e.window->span,
               fmt::format("'over' applies to events, but '{}' is {} {}", src.name,
                           src.kind == syntax::RecordKind::Payee ? "a" : "an", syntax::record_kind_name(src.kind)),
               "remove the window; payees and entities are read as they are now");
        related = false;
      } else if (e.window->kind == syntax::WindowKind::Last && !is_time_unit(e.window->unit.text)) {
        std::string close = diag::closest_name(e.window->unit.text, time_unit_names());
        report(Code::E0108, e.window->unit.span, fmt::format("unknown time unit '{}'", e.window->unit.text),
               close.empty() ? "use days, months, quarters or years" : fmt::format("did you mean '{}'?", close));
        related = false;
      } else if (e.window->kind == syntax::WindowKind::Since && !valid_date(e.window->date)) {
        report(Code::E0108, e.window->span, fmt::format("'{}' is not a calendar date", e.window->date),
               "dates are written YYYY-MM-DD");
        related = false;
      }
      r.has_window = true;
      r.window = *e.window;
    } else if (src.kind == syntax::RecordKind::Event) {
      r.has_window = true;
      r.window.kind = syntax::WindowKind::Period;
    }
    Scope inner = scope;
    inner.subject = target;
    inner.source = source;
    ResolvedExpr arg = type_expr(*e.args[0], inner);
    bool where_ok = true;
    if (e.where) where_ok = type_condition(*e.where, inner, "a 'where' condition").type.is(TypeKind::Bool);
    if (!related || !where_ok || !arg.type.known()) return r;
    const Type& t = arg.type;
    auto wrong = [&](std::string_view wants) {
      auto* d = report(Code::E0401, e.args[0]->span,
                       fmt::format("'{}' needs {}, but this is {}", fn.text, wants, to_string(t)));
      if (d && e.args[0]->kind == syntax::ExprKind::Name) {
        Span decl = decl_span_of(arg);
        if (decl.valid()) d->notes.push_back({decl, fmt::format("'{}' is declared here", e.args[0]->path.back().text)});
      }
    };
    switch (r.aggregate) {
      case Aggregate::Sum:
        if (numeric(t)) r.type = t;
        else wrong("numbers, percents or money");
        break;
      case Aggregate::Avg:
        if (t.is_plain_number()) r.type = Type::of(TypeKind::Number);
        else if (numeric(t)) r.type = t;
        else wrong("numbers, percents or money");
        break;
      case Aggregate::Min: case Aggregate::Max:
        if (numeric(t) || t.is(TypeKind::Date) || t.is(TypeKind::Period) || t.is(TypeKind::Duration)) r.type = t;
        else wrong("values that can be ordered");
        break;
      case Aggregate::Count: case Aggregate::Distinct: r.type = Type::of(TypeKind::Integer); break;
      case Aggregate::Share: r.type = Type::of(TypeKind::Percent); break;
      case Aggregate::Nps:
        if (t.is_plain_number()) r.type = Type::of(TypeKind::Number);
        else wrong("a score field (integer or number)");
        break;
      case Aggregate::Any: case Aggregate::All:
        if (t.is(TypeKind::Bool) || (t.is(TypeKind::Ref) && t.record_id == source)) r.type = Type::of(TypeKind::Bool);
        else wrong("a bool, or the source with a 'where' condition");
        break;
      case Aggregate::None: break;
    }
    return r;
  }

  // Scalar functions.
  std::string_view name = fn.text;
  bool known = std::find(function_names().begin(), function_names().end(), fn.text) != function_names().end();
  if (has_clauses && known) {
    report(Code::E0407, e.span, fmt::format("'{}' is not an aggregation, so it takes no 'where', 'over' or 'via'", name));
    return r;
  }
  auto arity = [&](std::size_t lo, std::size_t hi, std::string_view usage) {
    if (e.args.size() >= lo && e.args.size() <= hi) return true;
    report(Code::E0406, e.span, fmt::format("'{}' takes {}, but got {}", name, usage, e.args.size()));
    return false;
  };
  if (name == "min" || name == "max") {
    r.function = name == "min" ? ScalarFunction::Min : ScalarFunction::Max;
    if (!arity(2, SIZE_MAX, "an aggregated value or at least two values")) return r;
    std::vector<ResolvedExpr> args;
    for (const auto& a : e.args) args.push_back(type_expr(*a, scope));
    Type acc = args[0].type;
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (!acc.known() || !args[i].type.known()) return r;
      if (!same_type(acc, args[i].type) || !(numeric(acc) || acc.is(TypeKind::Date) || acc.is(TypeKind::Duration))) {
        auto* d = report(same_type(acc, args[i].type) ? Code::E0401 : (acc.is(TypeKind::Money) && args[i].type.is(TypeKind::Money) ? Code::E0402 : Code::E0401),
                         e.args[i]->span,
                         fmt::format("'{}' cannot choose between {} and {}", name, to_string(acc), to_string(args[i].type)));
        if (d) {
          for (auto& n : operand_notes(*e.args[0], args[0])) d->notes.push_back(std::move(n));
          for (auto& n : operand_notes(*e.args[i], args[i])) d->notes.push_back(std::move(n));
        }
        return r;
      }
      acc = unify(acc, args[i].type);
    }
    r.type = acc;
    return r;
  }
  if (name == "abs") {
    r.function = ScalarFunction::Abs;
    if (!arity(1, 1, "one value")) return r;
    ResolvedExpr x = type_expr(*e.args[0], scope);
    if (!x.type.known()) return r;
    if (numeric(x.type) || x.type.is(TypeKind::Duration)) r.type = x.type;
    else report(Code::E0401, e.args[0]->span, fmt::format("'abs' needs a number, percent or money, but this is {}", to_string(x.type)));
    return r;
  }
  if (name == "round") {
    r.function = ScalarFunction::Round;
    if (!arity(1, 3, "a value, then optionally decimal places and a rounding mode")) return r;
    ResolvedExpr x = type_expr(*e.args[0], scope);
    bool ok = true;
    for (std::size_t i = 1; i < e.args.size(); ++i) {
      const Expr& a = *e.args[i];
      bool last = i + 1 == e.args.size();
      if (a.kind == syntax::ExprKind::Name && a.path.size() == 1 && last) {
        if (num::parse_rounding_mode(a.path[0].text)) {
          r.rounding = a.path[0].text;
        } else {
          std::vector<std::string> modes;
          for (auto m : num::kAllRoundingModes) modes.emplace_back(num::to_string(m));
          std::string close = diag::closest_name(a.path[0].text, modes);
          report(Code::E0207, a.span, fmt::format("unknown rounding mode '{}'", a.path[0].text),
                 close.empty() ? "rounding modes are half_even, half_up, half_down, down, up, floor and ceiling"
                               : fmt::format("did you mean '{}'?", close));
          ok = false;
        }
      } else if (a.kind == syntax::ExprKind::Number && a.unit.text.empty() && a.text.find('.') == std::string::npos && i == 1) {
        type_expr(a, scope);
      } else {
        report(Code::E0401, a.span, i == 1 ? "round's second argument is a number of decimal places or a rounding mode"
                                           : "round's third argument is a rounding mode, e.g. half_up");
        ok = false;
      }
    }
    if (!ok || !x.type.known()) return r;
    if (numeric(x.type)) r.type = x.type;
    else report(Code::E0401, e.args[0]->span, fmt::format("'round' needs a number, percent or money, but this is {}", to_string(x.type)));
    return r;
  }
  if (name == "growth") {
    r.function = ScalarFunction::Growth;
    if (!arity(1, 2, "a measure and optionally a duration to compare with")) return r;
    ResolvedExpr x = type_expr(*e.args[0], scope);
    bool ok = x.type.known();
    if (ok && !numeric(x.type)) {
      report(Code::E0401, e.args[0]->span, fmt::format("'growth' needs a number, percent or money, but this is {}", to_string(x.type)));
      ok = false;
    }
    if (e.args.size() == 2) {
      ResolvedExpr d = type_expr(*e.args[1], scope);
      if (d.type.known() && !d.type.is(TypeKind::Duration)) {
        report(Code::E0401, e.args[1]->span,
               fmt::format("'growth' compares with a duration earlier, e.g. `1 year`, but this is {}", to_string(d.type)));
        ok = false;
      }
      ok = ok && d.type.known();
    }
    if (ok) r.type = Type::of(TypeKind::Percent);
    return r;
  }
  std::string close = diag::closest_name(fn.text, function_names());
  report(Code::E0309, fn.span, fmt::format("unknown function '{}'", fn.text),
         close.empty() ? "functions are sum, avg, min, max, count, distinct, share, nps, any, all, abs, round, growth"
                       : fmt::format("did you mean '{}'?", close));
  return r;
}

ResolvedExpr Resolver::type_grade(const Expr& e, const Scope& scope) {
  ResolvedExpr r;
  ResolvedExpr graded = type_expr(*e.args[0], scope);
  bool ok = true;
  if (graded.type.known() && !(numeric(graded.type) || graded.type.is(TypeKind::Date) || graded.type.is(TypeKind::Duration))) {
    report(Code::E0401, e.args[0]->span, fmt::format("a grade needs a value that can be ordered, but this is {}", to_string(graded.type)));
    ok = false;
  }
  std::vector<std::string> labels;
  std::unordered_map<std::string, Span> seen;
  bool labels_ok = true;
  for (const auto& arm : e.arms) {
    auto [it, fresh] = seen.emplace(arm.label.text, arm.label.span);
    if (!fresh) {
      auto* d = report(Code::E0302, arm.label.span, fmt::format("grade label '{}' is used twice", arm.label.text),
                       "each label names one band; rename one");
      if (d) d->notes.push_back({it->second, "the first one is here"});
      labels_ok = false;
    } else {
      labels.push_back(arm.label.text);
    }
    if (!arm.bound) continue;
    ResolvedExpr b = type_expr(*arm.bound, scope);
    if (!b.type.known()) {
      ok = false;
      continue;
    }
    if (arm.kind == syntax::GradeArmKind::Top) {
      if (!b.type.is(TypeKind::Percent)) {
        report(Code::E0401, arm.bound->span, fmt::format("a percentile band is a percent, e.g. `top 20%`, but this is {}", to_string(b.type)));
        ok = false;
      }
    } else if (graded.type.known() && !same_type(graded.type, b.type)) {
      auto* d = report(graded.type.is(TypeKind::Money) && b.type.is(TypeKind::Money) ? Code::E0402 : Code::E0401,
                       arm.bound->span,
                       fmt::format("threshold of '{}' is {}, but the graded value is {}", arm.label.text,
                                   to_string(b.type), to_string(graded.type)));
      if (d)
        for (auto& n : operand_notes(*e.args[0], graded)) d->notes.push_back(std::move(n));
      ok = false;
    }
  }
  // The labels alone make the type, so a bad threshold does not hide
  // comparisons with the labels elsewhere.
  (void)ok;
  if (labels_ok) r.type = Type::grade(std::move(labels));
  return r;
}

}  // namespace accrue::check::detail
