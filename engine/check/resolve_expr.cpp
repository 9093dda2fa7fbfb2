// Expressions: literals and names. A bare name on a subject resolves, in
// order, to a field of the aggregation source, a measure of the source, a
// field or measure of the subject, a param, a table keyed by the row's
// record, a label of the grade it is compared with, the built-in `period`.
// A dotted name walks reference fields. The result of every node is stored
// in the scope's annotation map; after an error the type is Unknown and no
// enclosing node reports again.
#include <fmt/format.h>

#include <algorithm>

#include "check/resolver.h"
#include "num/num.h"

namespace accrue::check::detail {

Span join(Span a, Span b) {
  if (!a.valid()) return b;
  if (!b.valid()) return a;
  Span s = a;
  s.end_line = b.end_line;
  s.end_col = b.end_col;
  return s;
}

const std::vector<std::string>& time_unit_names() {
  static const std::vector<std::string> units = {"day", "days", "month", "months", "quarter", "quarters", "year", "years"};
  return units;
}

bool is_time_unit(std::string_view unit) {
  for (const auto& u : time_unit_names())
    if (u == unit) return true;
  return false;
}

bool Resolver::valid_date(std::string_view t) const {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  auto num = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return -1;
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

namespace {

bool looks_like_currency(std::string_view unit) {
  if (unit.size() != 3) return false;
  for (char c : unit)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

}  // namespace

Span Resolver::decl_span_of(const ResolvedExpr& r) const {
  switch (r.target) {
    case NameTarget::Field:
      if (r.record < plan.records.size() && r.index < plan.records[r.record].fields.size())
        return plan.records[r.record].fields[r.index].span;
      break;
    case NameTarget::Measure: return plan.measures[r.index].decl->name.span;
    case NameTarget::Param: return plan.params[r.index].decl->name.span;
    case NameTarget::Table: return plan.tables[r.index].decl->name.span;
    default: break;
  }
  return {};
}

std::vector<diag::Label> Resolver::operand_notes(const Expr& e, const ResolvedExpr& r) const {
  std::vector<diag::Label> notes;
  notes.push_back({e.span, fmt::format("this is {}", to_string(r.type))});
  Span decl = decl_span_of(r);
  if (decl.valid() && e.kind == syntax::ExprKind::Name)
    notes.push_back({decl, fmt::format("'{}' is declared here as {}", e.path.back().text, to_string(r.type))});
  return notes;
}

ResolvedExpr Resolver::type_condition(const Expr& e, const Scope& scope, std::string_view what) {
  ResolvedExpr r = type_expr(e, scope);
  if (r.type.known() && !r.type.is(TypeKind::Bool)) {
    auto* d = report(Code::E0405, e.span, fmt::format("{} must be a bool, but this is {}", what, to_string(r.type)),
                     "compare it with something, e.g. `x > 0`");
    if (d && e.kind == syntax::ExprKind::Name) {
      Span decl = decl_span_of(r);
      if (decl.valid()) d->notes.push_back({decl, fmt::format("'{}' is declared here", e.path.back().text)});
    }
  }
  return r;
}

namespace {

struct NameResolver {
  Resolver& rs;
  const Scope& scope;
  const Type* compared;
  Plan& plan;

  struct Member {
    NameTarget target = NameTarget::None;
    std::uint32_t index = kNoId;
  };

  Member member(RecordId rec, const std::string& name) const {
    if (rec == kNoId) return {};
    const RecordInfo& r = plan.records[rec];
    if (auto f = r.field_index.find(name); f != r.field_index.end()) return {NameTarget::Field, f->second};
    if (auto m = r.measure_index.find(name); m != r.measure_index.end()) return {NameTarget::Measure, m->second};
    if (const GlobalSymbol* g = rs.global(name); g && g->kind == GlobalKind::Table && plan.tables[g->id].record == rec)
      return {NameTarget::Table, g->id};
    return {};
  }

  Type member_type(RecordId rec, const Member& m) {
    switch (m.target) {
      case NameTarget::Field: return plan.records[rec].fields[m.index].type;
      case NameTarget::Measure:
        rs.depend_on(rs.node_of_measure(m.index));
        if (!rs.quiet && !rs.probing) rs.used_measures[m.index] = 1;
        return plan.measures[m.index].type;
      case NameTarget::Table:
        rs.depend_on(rs.node_of_table(m.index));
        if (!rs.quiet && !rs.probing) rs.used_tables[m.index] = 1;
        return plan.tables[m.index].type;
      default: return Type::unknown();
    }
  }

  std::vector<std::string> member_names(RecordId rec) const {
    std::vector<std::string> out;
    if (rec == kNoId) return out;
    for (const auto& f : plan.records[rec].fields) out.push_back(f.name);
    for (const auto& [name, id] : plan.records[rec].measure_index) out.push_back(name);
    return out;
  }

  std::string suggestion(const std::string& wrong, std::vector<std::string> candidates) const {
    std::string close = diag::closest_name(wrong, candidates);
    return close.empty() ? std::string() : fmt::format("did you mean '{}'?", close);
  }

  ResolvedExpr fail() { return {}; }

  ResolvedExpr bare(const syntax::Name& n) {
    ResolvedExpr r;
    for (NameScope sc : {NameScope::Source, NameScope::Subject}) {
      RecordId rec = sc == NameScope::Source ? scope.source : scope.subject;
      if (rec == kNoId) continue;
      if (n.text == plan.records[rec].name) {
        r.target = NameTarget::Row;
        r.scope = sc;
        r.record = rec;
        r.type = Type::ref(plan.records[rec].name, rec);
        rs.mark_record_used(rec);
        return r;
      }
      Member m = member(rec, n.text);
      if (m.target == NameTarget::None) continue;
      r.target = m.target;
      r.scope = sc;
      r.record = rec;
      r.index = m.index;
      r.type = member_type(rec, m);
      return r;
    }
    const GlobalSymbol* g = rs.global(n.text);
    if (g && g->kind == GlobalKind::Param) {
      rs.depend_on(rs.node_of_param(g->id));
      if (!rs.quiet && !rs.probing) rs.used_params[g->id] = 1;
      r.target = NameTarget::Param;
      r.index = g->id;
      r.type = plan.params[g->id].type;
      return r;
    }
    if (compared && compared->is(TypeKind::Grade) && compared->has_label(n.text)) {
      const auto& labels = *compared->labels;
      r.target = NameTarget::GradeLabel;
      r.index = static_cast<std::uint32_t>(std::find(labels.begin(), labels.end(), n.text) - labels.begin());
      r.type = *compared;
      return r;
    }
    if (n.text == "period") {
      r.target = NameTarget::CurrentPeriod;
      r.type = Type::of(TypeKind::Period);
      return r;
    }
    if (g) return wrong_kind(n, *g);
    // Compared with a value that already failed: it may have been a grade
    // label, so say nothing more.
    if (compared && !compared->known()) return fail();
    if (compared && compared->is(TypeKind::Grade) && compared->labels) {
      std::string labels;
      for (const auto& l : *compared->labels) labels += (labels.empty() ? "" : ", ") + l;
      std::string help = suggestion(n.text, *compared->labels);
      rs.report(Code::E0301, n.span, fmt::format("unknown grade label '{}'", n.text),
                help.empty() ? fmt::format("the grade's labels are {}", labels) : help);
      return fail();
    }
    std::vector<std::string> candidates = member_names(scope.source);
    for (auto& c : member_names(scope.subject)) candidates.push_back(std::move(c));
    for (const auto& [name, sym] : rs.globals)
      if (sym.kind == GlobalKind::Param) candidates.push_back(name);
    for (const auto& t : plan.tables)
      if (t.record != kNoId && (t.record == scope.subject || t.record == scope.source)) candidates.push_back(t.name);
    std::string help = suggestion(n.text, candidates);
    std::string where = scope.subject == kNoId ? std::string()
                                               : fmt::format(" on '{}'", plan.records[scope.subject].name);
    rs.report(Code::E0301, n.span, fmt::format("unknown name '{}'{}", n.text, where), help);
    return fail();
  }

  ResolvedExpr wrong_kind(const syntax::Name& n, const GlobalSymbol& g) {
    std::string help;
    if (g.kind == GlobalKind::Record) {
      help = fmt::format("to use rows of '{}' here, aggregate them, e.g. `count({})`", n.text, n.text);
    } else if (g.kind == GlobalKind::Table) {
      const TableInfo& t = plan.tables[g.id];
      if (t.record == kNoId) return fail();  // its keys were already reported
      help = fmt::format("table '{}' is keyed by fields of '{}'; reach it through a reference to '{}'", n.text,
                         plan.records[t.record].name, plan.records[t.record].name);
    }
    std::string what = g.kind == GlobalKind::Table ? "a table of another record" : "a " + std::string(global_kind_name(g.kind));
    auto* d = rs.report(Code::E0308, n.span, fmt::format("'{}' is {}, not a value here", n.text, what), help);
    if (d) d->notes.push_back({g.decl->name.span, fmt::format("'{}' is declared here", n.text)});
    return fail();
  }

  // Follows `path[i..]` from record `rec`, whose row was reached by `steps`.
  ResolvedExpr walk(const std::vector<syntax::Name>& path, std::size_t i, RecordId rec, NameScope sc,
                    std::vector<FieldStep> steps) {
    for (; i < path.size(); ++i) {
      const syntax::Name& n = path[i];
      Member m = member(rec, n.text);
      if (m.target == NameTarget::None) {
        rs.report(Code::E0305, n.span, fmt::format("'{}' has no field or measure '{}'", plan.records[rec].name, n.text),
                  suggestion(n.text, member_names(rec)));
        return fail();
      }
      Type t = member_type(rec, m);
      if (i + 1 == path.size()) {
        ResolvedExpr r;
        r.target = m.target;
        r.scope = sc;
        r.record = rec;
        r.index = m.index;
        r.type = t;
        r.path = std::move(steps);
        return r;
      }
      if (m.target != NameTarget::Field || !t.is(TypeKind::Ref)) {
        if (t.known())
          rs.report(Code::E0305, path[i + 1].span,
                    fmt::format("'{}' is {}, not a reference to a record, so '.{}' cannot follow it", n.text,
                                to_string(t), path[i + 1].text));
        return fail();
      }
      steps.push_back({rec, m.index});
      rec = t.record_id;
    }
    return fail();
  }

  ResolvedExpr dotted(const std::vector<syntax::Name>& path) {
    const syntax::Name& first = path.front();
    for (NameScope sc : {NameScope::Source, NameScope::Subject}) {
      RecordId rec = sc == NameScope::Source ? scope.source : scope.subject;
      if (rec == kNoId) continue;
      if (first.text == plan.records[rec].name) {
        rs.mark_record_used(rec);
        return walk(path, 1, rec, sc, {});
      }
    }
    for (NameScope sc : {NameScope::Source, NameScope::Subject}) {
      RecordId rec = sc == NameScope::Source ? scope.source : scope.subject;
      if (rec == kNoId) continue;
      if (member(rec, first.text).target != NameTarget::None) return walk(path, 0, rec, sc, {});
    }
    const GlobalSymbol* g = rs.global(first.text);
    if (g && g->kind == GlobalKind::Record) {
      std::string subject = scope.subject == kNoId ? std::string("this expression")
                                                   : "'" + plan.records[scope.subject].name + "'";
      std::string text;
      for (const auto& p : path) text += (text.empty() ? "" : ".") + p.text;
      rs.report(Code::E0407, first.span,
                fmt::format("'{}' reads rows of '{}', which is not the row of {}", text, first.text, subject),
                fmt::format("aggregate it, e.g. `sum({})`, or reach it through a reference field", text));
      return fail();
    }
    if (g) return wrong_kind(first, *g);
    return bare(first);  // reports the unknown name with suggestions
  }
};

}  // namespace

bool Resolver::resolves_as_name(const Expr& e, const Scope& scope) {
  if (e.kind != syntax::ExprKind::Name || e.path.size() != 1) return true;
  bool saved = probing;
  probing = true;
  NameResolver nr{*this, scope, nullptr, plan};
  ResolvedExpr r = nr.bare(e.path.front());
  probing = saved;
  return r.target != NameTarget::None;
}

namespace {

ResolvedExpr typed(Type t) {
  ResolvedExpr r;
  r.type = std::move(t);
  return r;
}

}  // namespace

ResolvedExpr Resolver::type_expr(const Expr& e, const Scope& scope, const Type* compared) {
  using K = syntax::ExprKind;
  ResolvedExpr r;
  switch (e.kind) {
    case K::Number:
      if (e.unit.text.empty()) {
        r = typed(Type::of(e.text.find('.') == std::string::npos ? TypeKind::Integer : TypeKind::Number));
      } else if (is_time_unit(e.unit.text)) {
        r = typed(Type::of(TypeKind::Duration));
      } else if (num::Currency::parse(e.unit.text)) {
        r = typed(Type::money(e.unit.text));
      } else if (looks_like_currency(e.unit.text)) {
        std::vector<std::string> codes;
        for (std::size_t i = 0; i < num::Currency::table_size(); ++i) codes.emplace_back(num::Currency::at(i).code());
        report(Code::E0206, e.unit.span, fmt::format("unknown currency '{}'", e.unit.text), currency_help(e.unit.text, codes));
      } else {
        std::string close = diag::closest_name(e.unit.text, time_unit_names());
        report(Code::E0108, e.unit.span, fmt::format("unknown unit '{}' after a number", e.unit.text),
               close.empty() ? "a number may be followed by a currency code (100 CNY) or a time unit (12 months)"
                             : fmt::format("did you mean '{}'?", close));
      }
      break;
    case K::Percent: r = typed(Type::of(TypeKind::Percent)); break;
    case K::String: r = typed(Type::of(TypeKind::Text)); break;
    case K::Bool: r = typed(Type::of(TypeKind::Bool)); break;
    case K::Date:
      if (valid_date(e.text)) r = typed(Type::of(TypeKind::Date));
      else report(Code::E0108, e.span, fmt::format("'{}' is not a calendar date", e.text), "dates are written YYYY-MM-DD");
      break;
    case K::Period: {
      bool ok = e.text.size() >= 7;
      if (ok && e.text[5] != 'Q' && e.text[5] != 'H') {
        int month = (e.text[5] - '0') * 10 + (e.text[6] - '0');
        ok = month >= 1 && month <= 12;
      }
      if (ok) r = typed(Type::of(TypeKind::Period));
      else report(Code::E0108, e.span, fmt::format("'{}' is not a period", e.text),
                  "periods are written 2026-Q1, 2026-H1 or 2026-03 (months 01 to 12)");
      break;
    }
    case K::Name: {
      NameResolver nr{*this, scope, compared, plan};
      r = e.path.size() == 1 ? nr.bare(e.path.front()) : nr.dotted(e.path);
      break;
    }
    case K::Call: r = type_call(e, scope); break;
    case K::Grade: r = type_grade(e, scope); break;
    case K::Unary: r = type_unary(e, scope); break;
    case K::Binary: r = type_chain(e, scope); break;
    case K::In: r = type_in(e, scope); break;
    case K::If: r = type_if(e, scope); break;
  }
  if (scope.out && !quiet && !probing) (*scope.out)[&e] = r;
  return r;
}

}  // namespace accrue::check::detail
