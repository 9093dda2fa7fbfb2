#include "check/plan_rules.h"

#include "check/rule_checks.h"

namespace accrue::check {
namespace {

using syntax::Decl;
using syntax::DeclKind;
using syntax::Expr;

// Every grade written anywhere (usually a measure, but a grade may sit in any
// expression). Depth is bounded by the parser's nesting limit.
void find_grades(const Expr& e, diag::Diagnostics& out) {
  if (e.kind == syntax::ExprKind::Grade) check_grade(e, out);
  for (const auto& a : e.args)
    if (a) find_grades(*a, out);
  if (e.where) find_grades(*e.where, out);
  for (const auto& arm : e.arms)
    if (arm.bound) find_grades(*arm.bound, out);
}

void find_grades(const syntax::ExprPtr& e, diag::Diagnostics& out) {
  if (e) find_grades(*e, out);
}

void find_grades(const Decl& d, diag::Diagnostics& out) {
  switch (d.kind) {
    case DeclKind::Param:
      for (const auto& v : d.param.values) find_grades(v.value, out);
      break;
    case DeclKind::Table:
      for (const auto& row : d.table.rows) {
        for (const auto& k : row.keys) find_grades(k, out);
        find_grades(row.value, out);
      }
      break;
    case DeclKind::Measure: find_grades(d.measure.value, out); break;
    case DeclKind::Target:
      find_grades(d.target.measured, out);
      for (const auto& t : d.target.tiers) {
        find_grades(t.threshold, out);
        find_grades(t.score, out);
      }
      find_grades(d.target.floor, out);
      find_grades(d.target.ceiling, out);
      break;
    case DeclKind::Scorecard:
      for (const auto& v : d.scorecard.variants) find_grades(v.condition, out);
      break;
    case DeclKind::Situation: find_grades(d.situation.condition, out); break;
    case DeclKind::Veto:
      find_grades(d.veto.condition, out);
      find_grades(d.veto.cut, out);
      break;
    case DeclKind::Gate: find_grades(d.gate.requirement, out); break;
    case DeclKind::Limit: find_grades(d.limit.amount, out); break;
    case DeclKind::Concentration:
      find_grades(d.concentration.measured, out);
      find_grades(d.concentration.warn, out);
      find_grades(d.concentration.cap, out);
      break;
    case DeclKind::Payout:
      find_grades(d.payout.amount, out);
      find_grades(d.payout.split_by, out);
      break;
    case DeclKind::Schedule:
      for (const auto& item : d.schedule.items) {
        find_grades(item.share, out);
        find_grades(item.condition, out);
      }
      break;
    case DeclKind::Record: break;
  }
}

}  // namespace

// Every module is checked, imports included: a broken stdlib schedule is as
// wrong as a broken root one. Each check reads one declaration; only W0105
// needs the whole plan (who each payout pays).
void check_plan_rules(const Plan& plan, const diag::SourceMap& sources, diag::Diagnostics& diagnostics) {
  std::vector<const Decl*> decls;
  for (const auto& module : plan.modules)
    for (const auto& d : module.decls) decls.push_back(&d);
  PayoutReach reach = payout_reach(decls);
  for (const Decl* d : decls) {
    switch (d->kind) {
      case DeclKind::Param: check_param_dates(*d, diagnostics); break;
      case DeclKind::Table: check_table_rows(*d, diagnostics); break;
      case DeclKind::Target: check_target(*d, diagnostics); break;
      case DeclKind::Scorecard:
        check_scorecard_weights(*d, diagnostics);
        check_scorecard_variants(*d, sources, diagnostics);
        break;
      case DeclKind::Schedule: check_schedule(*d, diagnostics); break;
      case DeclKind::Veto:
      case DeclKind::Gate:
      case DeclKind::Limit:
      case DeclKind::Concentration:
        check_rule_shares(*d, diagnostics);
        check_rule_reach(*d, reach, diagnostics);
        break;
      default: break;
    }
    find_grades(*d, diagnostics);
  }
}

}  // namespace accrue::check
