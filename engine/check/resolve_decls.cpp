// Params, tables and measures (including targets, scorecards and
// situations): the nodes of the dependency graph, each typed once its
// dependencies are.
#include <fmt/format.h>

#include "check/resolver.h"

namespace accrue::check::detail {
namespace {

bool score_like(const Type& t) { return t.is(TypeKind::Percent) || t.is_plain_number(); }

}  // namespace

void Resolver::type_node(std::uint32_t node) {
  current_node = node;
  std::uint32_t m = static_cast<std::uint32_t>(plan.measures.size());
  std::uint32_t p = static_cast<std::uint32_t>(plan.params.size());
  if (node < m) type_measure(node);
  else if (node < m + p) type_param(node - m);
  else type_table(node - m - p);
  current_node = kNoId;
}

void Resolver::type_measure(MeasureId id) {
  MeasureInfo& info = plan.measures[id];
  const Decl& d = *info.decl;
  Scope scope{info.subject, kNoId, &plan.exprs};
  Type result;
  auto check_date = [&](const std::optional<std::string>& text) {
    if (text && !valid_date(*text))
      report(Code::E0108, d.name.span, fmt::format("'{}' is not a calendar date", *text), "dates are written YYYY-MM-DD");
  };
  switch (info.kind) {
    case MeasureKind::Measure:
      if (info.subject == kNoId) break;
      result = type_expr(*d.measure.value, scope).type;
      break;
    case MeasureKind::Situation:
      check_date(d.situation.from);
      check_date(d.situation.until);
      if (info.subject == kNoId) break;
      result = Type::of(TypeKind::Bool);
      if (d.situation.condition &&
          !type_condition(*d.situation.condition, scope, "a situation's condition").type.is(TypeKind::Bool))
        result = Type::unknown();
      break;
    case MeasureKind::Target: {
      if (info.subject == kNoId) break;
      const syntax::Target& t = d.target;
      ResolvedExpr measured = type_expr(*t.measured, scope);
      bool ok = measured.type.known();
      if (ok && !(measured.type.is_plain_number() || measured.type.is(TypeKind::Percent) || measured.type.is(TypeKind::Money))) {
        report(Code::E0401, t.measured->span,
               fmt::format("a target measures a number, percent or money, but this is {}", to_string(measured.type)));
        ok = false;
      }
      for (const auto& tier : t.tiers) {
        ResolvedExpr th = type_expr(*tier.threshold, scope);
        if (ok && th.type.known() && !same_type(th.type, measured.type)) {
          auto* diag = report(th.type.is(TypeKind::Money) && measured.type.is(TypeKind::Money) ? Code::E0402 : Code::E0401,
                              tier.threshold->span,
                              fmt::format("the {} threshold is {}, but the target measures {}", tier.tier.text,
                                          to_string(th.type), to_string(measured.type)));
          if (diag)
            for (auto& n : operand_notes(*t.measured, measured)) diag->notes.push_back(std::move(n));
        }
        ResolvedExpr score = type_expr(*tier.score, scope);
        if (score.type.known() && !score_like(score.type))
          report(Code::E0401, tier.score->span,
                 fmt::format("a tier's score is a percent or number, but this is {}", to_string(score.type)));
      }
      for (const auto* bound : {t.floor.get(), t.ceiling.get()}) {
        if (!bound) continue;
        ResolvedExpr b = type_expr(*bound, scope);
        if (b.type.known() && !score_like(b.type))
          report(Code::E0401, bound->span,
                 fmt::format("a target's floor and ceiling are scores (percent or number), but this is {}", to_string(b.type)));
      }
      result = Type::of(TypeKind::Percent);
      break;
    }
    case MeasureKind::Scorecard: {
      if (info.subject == kNoId) break;
      const RecordInfo& subject = plan.records[info.subject];
      auto kpis = [&](const std::vector<syntax::Dimension>& dims) {
        for (const auto& dim : dims)
          for (const auto& k : dim.kpis) {
            auto it = subject.measure_index.find(k.kpi.text);
            if (it == subject.measure_index.end()) {
              std::vector<std::string> names;
              for (const auto& [n, mid] : subject.measure_index) names.push_back(n);
              std::string close = diag::closest_name(k.kpi.text, names);
              report(Code::E0301, k.kpi.span, fmt::format("'{}' has no measure '{}'", subject.name, k.kpi.text),
                     close.empty() ? fmt::format("a KPI is a measure, target or scorecard of '{}'", subject.name)
                                   : fmt::format("did you mean '{}'?", close));
              continue;
            }
            depend_on(node_of_measure(it->second));
            if (quiet) continue;
            used_measures[it->second] = 1;
            const MeasureInfo& kpi = plan.measures[it->second];
            if (kpi.type.known() && !score_like(kpi.type)) {
              auto* diag = report(Code::E0401, k.kpi.span,
                                  fmt::format("KPI '{}' is {}; a scorecard weighs percents or numbers", k.kpi.text,
                                              to_string(kpi.type)),
                                  "score it first, e.g. with a target");
              if (diag) diag->notes.push_back({kpi.decl->name.span, fmt::format("'{}' is declared here", k.kpi.text)});
            }
          }
      };
      kpis(d.scorecard.dimensions);
      for (const auto& v : d.scorecard.variants) {
        type_condition(*v.condition, scope, "a variant's condition");
        kpis(v.dimensions);
      }
      result = Type::of(TypeKind::Percent);
      break;
    }
  }
  if (!quiet) info.type = result;
}

void Resolver::type_param(ParamId id) {
  ParamInfo& info = plan.params[id];
  const syntax::Param& p = info.decl->param;
  Scope scope{kNoId, kNoId, &plan.exprs};
  Type declared;
  if (p.type) {
    declared = builtin_type(p.type->text, plan.currency);
    if (!declared.known()) {
      std::string close = diag::closest_name(p.type->text, builtin_type_names());
      report(Code::E0304, p.type->span, fmt::format("unknown type '{}' for param '{}'", p.type->text, info.name),
             close.empty() ? "param types are text, integer, number, percent, money, bool and date"
                           : fmt::format("did you mean '{}'?", close));
    }
  }
  Type acc = declared;
  const Expr* first = nullptr;
  ResolvedExpr first_r;
  bool ok = !p.type || declared.known();
  for (const auto& v : p.values) {
    for (const auto* date : {&v.from, &v.until})
      if (*date && !valid_date(**date))
        report(Code::E0108, date == &v.from ? v.from_span : v.until_span, fmt::format("'{}' is not a calendar date", **date),
               "dates are written YYYY-MM-DD");
    ResolvedExpr r = type_expr(*v.value, scope);
    if (!r.type.known()) {
      ok = false;
      continue;
    }
    if (!acc.known() && !p.type) {
      acc = r.type;
      first = v.value.get();
      first_r = r;
      continue;
    }
    // A declared number accepts integer literals; otherwise values agree.
    bool fits = p.type ? same_type(declared, r.type) && !(declared.is(TypeKind::Integer) && r.type.is(TypeKind::Number))
                       : same_type(acc, r.type);
    if (!acc.known()) continue;
    if (!fits) {
      auto* d = report(Code::E0401, v.value->span,
                       p.type ? fmt::format("param '{}' is declared {}, but this value is {}", info.name,
                                            to_string(declared), to_string(r.type))
                              : fmt::format("values of param '{}' differ in type: {} and {}", info.name,
                                            to_string(acc), to_string(r.type)),
                       "all values of a param have one type");
      if (d && first) d->notes.push_back({first->span, fmt::format("the first value is {}", to_string(first_r.type))});
      if (d && p.type) d->notes.push_back({p.type->span, "the type is declared here"});
      ok = false;
      continue;
    }
    if (!p.type) acc = unify(acc, r.type);
  }
  if (!quiet) info.type = ok || p.type ? acc : Type::unknown();
}

void Resolver::type_table(TableId id) {
  TableInfo& info = plan.tables[id];
  const syntax::Table& t = info.decl->table;
  Scope scope{info.record, kNoId, &plan.exprs};
  Type acc;
  bool ok = true;
  const Expr* first = nullptr;
  for (const auto& row : t.rows) {
    for (std::size_t k = 0; k < row.keys.size(); ++k) {
      if (!row.keys[k]) continue;
      ResolvedExpr key = type_expr(*row.keys[k], Scope{kNoId, kNoId, &plan.exprs});
      if (info.record == kNoId || k >= info.key_fields.size() || !key.type.known()) continue;
      const FieldInfo& field = plan.records[info.record].fields[info.key_fields[k]];
      if (field.type.known() && !same_type(field.type, key.type)) {
        auto* d = report(Code::E0401, row.keys[k]->span,
                         fmt::format("key '{}' is {}, but this value is {}", field.name, to_string(field.type),
                                     to_string(key.type)));
        if (d) d->notes.push_back({field.span, fmt::format("'{}' is declared here", field.name)});
      }
    }
    ResolvedExpr v = type_expr(*row.value, scope);
    if (!v.type.known()) {
      ok = false;
      continue;
    }
    if (!acc.known()) {
      acc = v.type;
      first = row.value.get();
      continue;
    }
    if (!same_type(acc, v.type)) {
      auto* d = report(acc.is(TypeKind::Money) && v.type.is(TypeKind::Money) ? Code::E0402 : Code::E0401, row.value->span,
                       fmt::format("values of table '{}' differ in type: {} and {}", info.name, to_string(acc),
                                   to_string(v.type)),
                       "all values of a table have one type");
      if (d && first) d->notes.push_back({first->span, fmt::format("the first value is {}", to_string(acc))});
      ok = false;
      continue;
    }
    acc = unify(acc, v.type);
  }
  if (!quiet) info.type = ok ? acc : Type::unknown();
}

}  // namespace accrue::check::detail
