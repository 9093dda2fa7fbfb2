// Payouts, rules and schedules: their subjects, the records and payouts they
// name, and the types of their amounts and conditions. A schedule's
// conditions are read on the subject of each payout deferred by it.
#include <fmt/format.h>

#include "check/resolver.h"

namespace accrue::check::detail {
namespace {

struct RuleResolver {
  Resolver& rs;
  Plan& plan;

  // A record named by a rule or payout (`per Customer`, `among Rep`).
  RecordId record_named(const syntax::Name& n) {
    const GlobalSymbol* g = rs.global(n.text);
    if (g && g->kind == GlobalKind::Record) {
      rs.mark_record_used(g->id);
      return g->id;
    }
    std::string close = diag::closest_name(n.text, rs.record_names());
    rs.report(g ? Code::E0308 : Code::E0301, n.span,
              g ? fmt::format("'{}' is a {}, not a record", n.text, global_kind_name(g->kind))
                : fmt::format("unknown record '{}'", n.text),
              close.empty() ? std::string() : fmt::format("did you mean '{}'?", close));
    return kNoId;
  }

  void money(const Expr& e, const Scope& scope, std::string_view what) {
    ResolvedExpr r = rs.type_expr(e, scope);
    if (!r.type.known() || r.type.is(TypeKind::Money)) return;
    auto* d = rs.report(Code::E0409, e.span, fmt::format("{} must be money, but this is {}", what, to_string(r.type)),
                        r.type.is(TypeKind::Percent) || r.type.is_plain_number()
                            ? "multiply by an amount, e.g. `rate * sum(Order.amount)`"
                            : std::string());
    if (d)
      for (auto& n : rs.operand_notes(e, r))
        if (n.span.line != e.span.line || n.span.col != e.span.col) d->notes.push_back(std::move(n));
  }

  void percent(const Expr& e, const Scope& scope, std::string_view what) {
    ResolvedExpr r = rs.type_expr(e, scope);
    if (r.type.known() && !r.type.is(TypeKind::Percent))
      rs.report(Code::E0401, e.span, fmt::format("{} is a percent, but this is {}", what, to_string(r.type)));
  }

  void payout(PayoutInfo& p) {
    const syntax::Payout& d = p.decl->payout;
    p.subject = rs.subject_record(d.subject, "a payout");
    if (p.subject == kNoId) return;
    Scope scope{p.subject, kNoId, &plan.exprs};
    // The recipient: a chain of reference fields from the subject.
    RecordId at = p.subject;
    bool ok = true;
    for (const auto& step : d.recipient) {
      const RecordInfo& rec = plan.records[at];
      auto f = rec.field_index.find(step.text);
      if (f == rec.field_index.end() || !rec.fields[f->second].type.is(TypeKind::Ref)) {
        std::vector<std::string> refs;
        for (const auto& fi : rec.fields)
          if (fi.type.is(TypeKind::Ref)) refs.push_back(fi.name);
        std::string close = diag::closest_name(step.text, refs);
        if (f == rec.field_index.end() || rec.fields[f->second].type.known())
          rs.report(Code::E0305, step.span, fmt::format("'{}' has no reference field '{}'", rec.name, step.text),
                    close.empty() ? "`to` names reference fields leading to the payee paid"
                                  : fmt::format("did you mean '{}'?", close));
        ok = false;
        break;
      }
      p.recipient.push_back({at, f->second});
      at = rec.fields[f->second].type.record_id;
    }
    if (ok && (!d.recipient.empty() || plan.records[p.subject].kind == syntax::RecordKind::Payee)) p.recipient_record = at;
    if (ok && !d.split_among) {
      // Money must end with a payee: directly, or through `to` references.
      if (d.recipient.empty() && plan.records[p.subject].kind != syntax::RecordKind::Payee) {
        rs.report(Code::E0511, d.subject.span,
                  fmt::format("payout '{}' is computed on {}, which is not a payee, and says no one to pay", p.name,
                              plan.records[p.subject].name),
                  "add `to FIELD`, naming the reference to the payee credited (e.g. `to owner`), or split it among payees");
      } else if (!d.recipient.empty() && plan.records[at].kind != syntax::RecordKind::Payee) {
        rs.report(Code::E0511, d.recipient.back().span,
                  fmt::format("'{}' leads to {}, which is not a payee", d.recipient.back().text, plan.records[at].name),
                  "`to` must end at a payee record, e.g. `to owner` where `owner: Rep`");
      }
    }
    money(*d.amount, scope, fmt::format("payout '{}'", p.name));
    if (d.split_among) {
      p.split_among = record_named(*d.split_among);
      if (p.split_among != kNoId) {
        rs.require_relation(p.split_among, p.subject, d.split_among->span, p.split_relation);
        if (d.split_by) {
          ResolvedExpr by = rs.type_expr(*d.split_by, Scope{p.split_among, kNoId, &plan.exprs});
          const Type& t = by.type;
          if (t.known() && !(t.is_plain_number() || t.is(TypeKind::Percent) || t.is(TypeKind::Money)))
            rs.report(Code::E0401, d.split_by->span,
                      fmt::format("a split is weighed by a number, percent or money, but this is {}", to_string(t)));
        }
      }
    }
    if (d.schedule) {
      const GlobalSymbol* g = rs.global(d.schedule->text);
      if (g && g->kind == GlobalKind::Schedule) {
        p.schedule = g->id;
        rs.used_schedules[g->id] = 1;
        Scope conditions{p.subject, kNoId, &p.schedule_exprs};
        for (const auto& item : plan.schedules[g->id].decl->schedule.items)
          if (item.condition) rs.type_condition(*item.condition, conditions, "a schedule's condition");
      } else if (g) {
        auto* diag = rs.report(Code::E0308, d.schedule->span,
                               fmt::format("'{}' is a {}, not a schedule", d.schedule->text, global_kind_name(g->kind)));
        if (diag) diag->notes.push_back({g->decl->name.span, fmt::format("'{}' is declared here", d.schedule->text)});
      }
      if (!g) {
        std::vector<std::string> schedules;
        for (const auto& s : plan.schedules) schedules.push_back(s.decl->name.text);
        std::string close = diag::closest_name(d.schedule->text, schedules);
        rs.report(Code::E0512, d.schedule->span, fmt::format("unknown deferral schedule '{}'", d.schedule->text),
                  close.empty() ? "declare it with `schedule NAME { ... }`, or import std.five_year_traceback"
                                : fmt::format("did you mean '{}'?", close));
      }
    }
  }

  void applies_to(RuleInfo& r, const std::vector<syntax::Name>& names) {
    for (const auto& n : names) {
      const GlobalSymbol* g = rs.global(n.text);
      if (g && g->kind == GlobalKind::Payout) {
        r.applies_to.push_back(g->id);
        continue;
      }
      if (g) {
        auto* d = rs.report(Code::E0308, n.span, fmt::format("'{}' is a {}, not a payout", n.text, global_kind_name(g->kind)),
                            "`to` lists the payouts a rule applies to");
        if (d) d->notes.push_back({g->decl->name.span, fmt::format("'{}' is declared here", n.text)});
        continue;
      }
      std::vector<std::string> payouts;
      for (const auto& p : plan.payouts) payouts.push_back(p.name);
      std::string close = diag::closest_name(n.text, payouts);
      rs.report(Code::E0301, n.span, fmt::format("unknown payout '{}'", n.text),
                close.empty() ? "`to` lists the payouts a rule applies to" : fmt::format("did you mean '{}'?", close));
    }
  }

  void rule(RuleInfo& r) {
    const Decl& d = *r.decl;
    using K = syntax::DeclKind;
    const syntax::Name& subject = d.kind == K::Veto ? d.veto.subject
                                  : d.kind == K::Gate ? d.gate.subject
                                  : d.kind == K::Limit ? d.limit.subject
                                                       : d.concentration.subject;
    r.subject = rs.subject_record(subject, "a rule");
    Scope scope{r.subject, kNoId, &plan.exprs};
    switch (d.kind) {
      case K::Veto:
        applies_to(r, d.veto.applies_to);
        if (r.subject == kNoId) return;
        rs.type_condition(*d.veto.condition, scope, "a veto's condition");
        if (d.veto.cut) percent(*d.veto.cut, scope, "a veto's cut");
        break;
      case K::Gate:
        applies_to(r, d.gate.applies_to);
        if (r.subject == kNoId) return;
        rs.type_condition(*d.gate.requirement, scope, "a gate's requirement");
        break;
      case K::Limit:
        applies_to(r, d.limit.applies_to);
        if (r.subject == kNoId) return;
        money(*d.limit.amount, scope, fmt::format("the {} amount", d.limit.is_cap ? "cap" : "floor"));
        break;
      case K::Concentration: {
        applies_to(r, d.concentration.applies_to);
        r.per = record_named(d.concentration.per);
        if (r.subject == kNoId || r.per == kNoId) return;
        rs.require_relation(r.per, r.subject, d.concentration.per.span, r.per_relation);
        money(*d.concentration.measured, Scope{r.per, kNoId, &plan.exprs}, "a concentration's measure");
        if (d.concentration.warn) percent(*d.concentration.warn, scope, "a concentration's warning line");
        if (d.concentration.cap) percent(*d.concentration.cap, scope, "a concentration's cap");
        break;
      }
      default: break;
    }
  }
};

}  // namespace

void Resolver::resolve_payouts_and_rules() {
  RuleResolver rr{*this, plan};
  for (auto& p : plan.payouts) rr.payout(p);
  for (auto& r : plan.rules) rr.rule(r);
  // Tranche and release shares need no subject.
  Scope none{kNoId, kNoId, &plan.exprs};
  for (const auto& s : plan.schedules)
    for (const auto& item : s.decl->schedule.items)
      if (item.share) rr.percent(*item.share, none, "a tranche's share");
}

}  // namespace accrue::check::detail
