// Declarations: the plan header, imports and every top-level construct.
// The parse tree may have holes after error recovery; every accessor is
// null-checked and a broken declaration is dropped (its syntax error has
// already been reported).
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

std::optional<std::string> token_text(antlr4::Token* t) {
  if (!t) return std::nullopt;
  return t->getText();
}

}  // namespace

std::string Builder::doc_before(antlr4::Token* start) const {
  if (!start || !tokens_) return {};
  std::string doc;
  for (antlr4::Token* t : tokens_->getHiddenTokensToLeft(start->getTokenIndex(), 2)) {
    std::string line = t->getText().substr(3);
    if (!line.empty() && line[0] == ' ') line.erase(0, 1);
    if (!doc.empty()) doc += '\n';
    doc += line;
  }
  return doc;
}

Module Builder::build(P::FileContext* ctx) {
  Module m;
  m.file = file_;
  if (!ctx) return m;
  for (auto* item : ctx->item()) {
    if (auto* imp = item->importDecl()) {
      Import i;
      i.span = span(imp);
      if (imp->STRING()) {
        i.is_path = true;
        i.target = unquote(imp->STRING()->getText());
      } else if (imp->dottedName()) {
        i.target = imp->dottedName()->getText();
      } else {
        continue;
      }
      m.imports.push_back(std::move(i));
    } else if (auto* h = item->planHeader()) {
      if (m.header) m.header->repeated_settings.push_back(span(h));
      else m.header = this->header(h);
    } else if (auto* d = item->declaration()) {
      Decl decl = declaration(d);
      if (!decl.name.text.empty()) m.decls.push_back(std::move(decl));
    }
  }
  return m;
}

PlanHeader Builder::header(P::PlanHeaderContext* ctx) {
  PlanHeader h;
  h.span = span(ctx);
  auto strings = ctx->STRING();
  if (!strings.empty()) h.name = unquote(strings[0]->getText());
  if (strings.size() > 1) h.version = unquote(strings[1]->getText());
  auto set = [&](std::optional<Name>& slot, P::NameContext* n, antlr4::ParserRuleContext* setting) {
    if (!n) return;
    if (slot) h.repeated_settings.push_back(span(setting));
    else slot = name(n);
  };
  for (auto* s : ctx->headerSetting()) {
    if (auto* c = as<P::CurrencySettingContext>(s)) set(h.currency, c->name(), s);
    else if (auto* c = as<P::CadenceSettingContext>(s)) set(h.cadence, c->cadence, s);
    else if (auto* c = as<P::RoundingSettingContext>(s)) set(h.rounding, c->rounding, s);
  }
  return h;
}

Decl Builder::declaration(P::DeclarationContext* ctx) {
  Decl d;
  d.span = span(ctx);
  d.doc = doc_before(ctx->getStart());
  // A declaration has one child, the construct itself: dispatch on its exact
  // type once instead of asking each generated accessor in turn.
  auto* inner = ctx->children.empty() ? nullptr : dynamic_cast<antlr4::ParserRuleContext*>(ctx->children[0]);
  if (auto* c = as<P::RecordDeclContext>(inner)) record(d, c);
  else if (auto* c = as<P::ParamDeclContext>(inner)) param(d, c);
  else if (auto* c = as<P::TableDeclContext>(inner)) table(d, c);
  else if (auto* c = as<P::MeasureDeclContext>(inner)) {
    d.kind = DeclKind::Measure;
    auto names = c->name();
    if (names.size() < 2 || !(d.measure.value = expr(c->expr()))) return Decl{};
    d.measure.subject = name(c->subject);
    d.name = name(names[1]);
  } else if (auto* c = as<P::TargetDeclContext>(inner)) target(d, c);
  else if (auto* c = as<P::ScorecardDeclContext>(inner)) scorecard(d, c);
  else if (auto* c = as<P::SituationDeclContext>(inner)) {
    d.kind = DeclKind::Situation;
    d.name = name(c->name(0));
    d.situation.subject = name(c->subject);
    if (c->expr()) d.situation.condition = expr(c->expr());
    d.situation.from = token_text(c->from);
    d.situation.until = token_text(c->until);
  } else if (auto* c = as<P::PayoutDeclContext>(inner)) payout(d, c);
  else if (auto* c = as<P::ScheduleDeclContext>(inner)) schedule(d, c);
  else rule(d, inner);
  return d;
}

void Builder::record(Decl& d, P::RecordDeclContext* ctx) {
  d.kind = DeclKind::Record;
  std::string kind = ctx->kind ? ctx->kind->getText() : "entity";
  d.record.kind = kind == "payee" ? RecordKind::Payee : kind == "event" ? RecordKind::Event : RecordKind::Entity;
  d.name = name(ctx->name(0));
  if (ctx->key) d.record.key = name(ctx->key);
  if (ctx->dated) d.record.dated = name(ctx->dated);
  for (auto* f : ctx->fieldDecl()) {
    if (!f->name() || !f->typeName()) continue;
    Field field;
    field.name = name(f->name());
    field.type = name(f->typeName()->name());
    field.optional = f->optional != nullptr;
    field.span = span(f);
    d.record.fields.push_back(std::move(field));
  }
}

void Builder::param(Decl& d, P::ParamDeclContext* ctx) {
  d.kind = DeclKind::Param;
  d.name = name(ctx->name());
  if (ctx->typeName()) d.param.type = name(ctx->typeName()->name());
  for (auto* v : ctx->datedValue()) {
    DatedValue dv;
    dv.value = expr(v->expr());
    if (!dv.value) continue;
    dv.from = token_text(v->from);
    dv.until = token_text(v->until);
    dv.from_span = span(v->from);
    dv.until_span = span(v->until);
    d.param.values.push_back(std::move(dv));
  }
  if (d.param.values.empty()) d.name = {};
}

void Builder::table(Decl& d, P::TableDeclContext* ctx) {
  d.kind = DeclKind::Table;
  d.name = name(ctx->name());
  for (auto* q : ctx->qualifiedName()) d.table.keys.push_back(path(q));
  for (auto* r : ctx->tableRow()) {
    TableRow row;
    row.span = span(r);
    if (auto* k = as<P::KeyedRowContext>(r)) {
      auto es = k->expr();
      if (es.size() < 2) continue;
      for (std::size_t i = 0; i + 1 < es.size(); ++i) row.keys.push_back(expr(es[i]));
      row.value = expr(es.back());
    } else if (auto* e = as<P::ElseRowContext>(r)) {
      row.is_else = true;
      row.value = expr(e->expr());
    }
    if (!row.value) continue;
    d.table.rows.push_back(std::move(row));
  }
}

void Builder::target(Decl& d, P::TargetDeclContext* ctx) {
  d.kind = DeclKind::Target;
  auto names = ctx->name();
  if (names.size() < 2) return;
  d.name = name(names[1]);
  d.target.subject = name(ctx->subject);
  d.target.measured = expr(ctx->expr());
  if (!d.target.measured) d.name = {};
  for (auto* item : ctx->targetItem()) {
    if (auto* t = as<P::TierItemContext>(item)) {
      auto es = t->expr();
      if (es.size() < 2) continue;
      Tier tier{name(t->tier), expr(es[0]), expr(es[1]), span(t)};
      if (tier.threshold && tier.score) d.target.tiers.push_back(std::move(tier));
    } else if (as<P::LinearItemContext>(item) || as<P::SteppedItemContext>(item)) {
      d.target.linear = as<P::LinearItemContext>(item) != nullptr;
      d.target.interpolation_span = span(item);
    } else if (auto* f = as<P::FloorItemContext>(item)) {
      d.target.floor = expr(f->expr());
    } else if (auto* c = as<P::CeilingItemContext>(item)) {
      d.target.ceiling = expr(c->expr());
    }
  }
}

std::vector<Dimension> Builder::dimensions(const std::vector<P::DimensionContext*>& ctxs) {
  std::vector<Dimension> out;
  for (auto* dim : ctxs) {
    Dimension d;
    d.name = name(dim->name());
    for (auto* k : dim->weightedKpi()) {
      if (!k->name() || !k->PERCENT()) continue;
      std::string w = k->PERCENT()->getText();
      w.pop_back();
      d.kpis.push_back(WeightedKpi{name(k->name()), w, span(k->PERCENT())});
    }
    out.push_back(std::move(d));
  }
  return out;
}

void Builder::scorecard(Decl& d, P::ScorecardDeclContext* ctx) {
  d.kind = DeclKind::Scorecard;
  auto names = ctx->name();
  if (names.size() < 2) return;
  d.name = name(names[1]);
  d.scorecard.subject = name(ctx->subject);
  d.scorecard.dimensions = dimensions(ctx->dimension());
  for (auto* v : ctx->variant()) {
    Variant variant;
    variant.span = span(v);
    variant.condition = expr(v->expr());
    if (!variant.condition) continue;
    variant.dimensions = dimensions(v->dimension());
    d.scorecard.variants.push_back(std::move(variant));
  }
}

std::vector<Name> Builder::applies_to(P::AppliesToContext* ctx) {
  std::vector<Name> out;
  if (!ctx) return out;
  for (auto* n : ctx->name()) out.push_back(name(n));
  return out;
}

void Builder::rule(Decl& d, antlr4::ParserRuleContext* inner) {
  if (auto* c = as<P::VetoDeclContext>(inner)) {
    d.kind = DeclKind::Veto;
    d.name = name(c->name(0));
    d.veto.subject = name(c->subject);
    d.veto.applies_to = applies_to(c->appliesTo());
    d.veto.condition = expr(c->expr());
    if (auto* cut = dynamic_cast<P::CutEffectContext*>(c->vetoEffect())) d.veto.cut = expr(cut->expr());
    if (dynamic_cast<P::YearScopeContext*>(c->vetoScope())) d.veto.scope = VetoScope::PlanYear;
    if (!d.veto.condition) d.name = {};
  } else if (auto* c = as<P::GateDeclContext>(inner)) {
    d.kind = DeclKind::Gate;
    d.name = name(c->name(0));
    d.gate.subject = name(c->subject);
    d.gate.applies_to = applies_to(c->appliesTo());
    d.gate.requirement = expr(c->expr());
    if (!d.gate.requirement) d.name = {};
  } else if (auto* c = as<P::LimitDeclContext>(inner)) {
    d.kind = DeclKind::Limit;
    d.name = name(c->name(0));
    d.limit.is_cap = c->kind && c->kind->getText() == "cap";
    d.limit.subject = name(c->subject);
    d.limit.applies_to = applies_to(c->appliesTo());
    d.limit.amount = expr(c->expr());
    if (!d.limit.amount) d.name = {};
  } else if (auto* c = as<P::ConcentrationDeclContext>(inner)) {
    d.kind = DeclKind::Concentration;
    d.name = name(c->name(0));
    d.concentration.subject = name(c->subject);
    d.concentration.per = name(c->per);
    auto es = c->expr();
    if (!es.empty()) d.concentration.measured = expr(es[0]);
    if (c->warn) d.concentration.warn = expr(c->warn);
    if (c->cap) d.concentration.cap = expr(c->cap);
    d.concentration.applies_to = applies_to(c->appliesTo());
    if (!d.concentration.measured) d.name = {};
  }
}

void Builder::payout(Decl& d, P::PayoutDeclContext* ctx) {
  d.kind = DeclKind::Payout;
  d.name = name(ctx->name(0));
  d.payout.subject = name(ctx->subject);
  if (ctx->recipient) d.payout.recipient = path(ctx->recipient);
  auto es = ctx->expr();
  if (!es.empty()) d.payout.amount = expr(es[0]);
  if (ctx->among) d.payout.split_among = name(ctx->among);
  if (ctx->by) d.payout.split_by = expr(ctx->by);
  if (ctx->schedule) d.payout.schedule = name(ctx->schedule);
  if (!d.payout.amount) d.name = {};
}

void Builder::schedule(Decl& d, P::ScheduleDeclContext* ctx) {
  d.kind = DeclKind::Schedule;
  d.name = name(ctx->name());
  for (auto* item : ctx->scheduleItem()) {
    ScheduleItem s;
    s.span = span(item);
    if (auto* c = as<P::NowTrancheContext>(item)) {
      s.kind = ScheduleItemKind::Now;
      s.share = expr(c->expr());
    } else if (auto* c = as<P::LaterTrancheContext>(item)) {
      s.kind = ScheduleItemKind::After;
      auto es = c->expr();
      if (!es.empty()) s.share = expr(es[0]);
      if (es.size() > 1) s.condition = expr(es[1]);
      s.after = duration(c->duration());
    } else if (as<P::ElseForfeitContext>(item)) {
      s.kind = ScheduleItemKind::ElseForfeit;
    } else if (as<P::ElseRollForwardContext>(item)) {
      s.kind = ScheduleItemKind::ElseRollForward;
    } else if (auto* c = as<P::ElseReleaseContext>(item)) {
      s.kind = ScheduleItemKind::ElseRelease;
      s.share = expr(c->expr());
    } else if (auto* c = as<P::ClawbackItemContext>(item)) {
      s.kind = ScheduleItemKind::Clawback;
      s.policy = name(c->what);
      s.condition = expr(c->expr());
      if (c->duration()) {
        s.has_within = true;
        s.after = duration(c->duration());
      }
    } else if (auto* c = as<P::LeaverItemContext>(item)) {
      s.kind = ScheduleItemKind::Leaver;
      s.policy = name(c->policy);
    } else if (auto* c = as<P::TransferItemContext>(item)) {
      s.kind = ScheduleItemKind::Transfer;
      s.policy = name(c->policy);
      if (c->expr()) s.share = expr(c->expr());
    }
    d.schedule.items.push_back(std::move(s));
  }
}

}  // namespace accrue::syntax::detail
