// Symbol tables: one global namespace for records, params, tables,
// schedules, payouts and rules across every module (root first), and one
// namespace of measures per subject record. Fields, including the implicit
// key and dated fields, are typed here, since everything else reads them.
#include <fmt/format.h>

#include <algorithm>

#include "check/resolver.h"

namespace accrue::check::detail {

std::string_view global_kind_name(GlobalKind kind) {
  switch (kind) {
    case GlobalKind::Record: return "record";
    case GlobalKind::Param: return "param";
    case GlobalKind::Table: return "table";
    case GlobalKind::Schedule: return "schedule";
    case GlobalKind::Payout: return "payout";
    case GlobalKind::Rule: return "rule";
  }
  return "declaration";
}

diag::Diagnostic* Resolver::report(Code code, Span span, std::string message, std::string help) {
  if (quiet || probing) return nullptr;
  return &diagnostics.report(code, span, std::move(message), std::move(help));
}

void Resolver::depend_on(std::uint32_t node) {
  if (quiet && !probing && current_node != kNoId) edges[current_node].push_back(node);
}

const GlobalSymbol* Resolver::global(const std::string& name) const {
  auto it = globals.find(name);
  return it == globals.end() ? nullptr : &it->second;
}

std::vector<std::string> Resolver::record_names() const {
  std::vector<std::string> out;
  out.reserve(plan.records.size());
  for (const auto& r : plan.records) out.push_back(r.name);
  return out;
}

void Resolver::mark_record_used(RecordId id) {
  if (!quiet && !probing && id < used_records.size()) used_records[id] = 1;
}

RecordId Resolver::subject_record(const syntax::Name& name, std::string_view what) {
  const GlobalSymbol* g = global(name.text);
  if (!g) {
    std::string close = diag::closest_name(name.text, record_names());
    report(Code::E0301, name.span, fmt::format("unknown record '{}'", name.text),
           close.empty() ? fmt::format("{} is declared on a payee or entity record", what)
                         : fmt::format("did you mean '{}'?", close));
    return kNoId;
  }
  if (g->kind != GlobalKind::Record) {
    auto* d = report(Code::E0308, name.span,
                     fmt::format("'{}' is a {}, but {} needs a payee or entity record", name.text,
                                 global_kind_name(g->kind), what));
    if (d) d->notes.push_back({g->decl->name.span, fmt::format("'{}' is declared here", name.text)});
    return kNoId;
  }
  const RecordInfo& r = plan.records[g->id];
  mark_record_used(g->id);
  if (r.kind == syntax::RecordKind::Event) {
    auto* d = report(Code::E0308, name.span,
                     fmt::format("'{}' is an event, but {} needs a payee or entity record", name.text, what),
                     fmt::format("aggregate the events on a payee or entity instead, e.g. `sum({}.amount)`", name.text));
    if (d) d->notes.push_back({r.decl->name.span, fmt::format("'{}' is declared here", name.text)});
    return kNoId;
  }
  return g->id;
}

namespace {

struct Declarer {
  Resolver& rs;
  Plan& plan;

  void duplicate(const syntax::Name& name, Span first, std::string_view first_kind) {
    auto* d = rs.report(Code::E0302, name.span, fmt::format("'{}' is declared twice", name.text),
                        "rename one of them; all modules share one namespace");
    if (d) d->notes.push_back({first, fmt::format("the first '{}' ({}) is declared here", name.text, first_kind)});
  }

  void add_global(const Decl& d, GlobalKind kind, std::uint32_t id) {
    auto [it, fresh] = rs.globals.try_emplace(d.name.text, GlobalSymbol{kind, id, &d});
    if (!fresh) duplicate(d.name, it->second.decl->name.span, global_kind_name(it->second.kind));
  }

  void declare_globals(const Decl& d) {
    using K = syntax::DeclKind;
    switch (d.kind) {
      case K::Record: {
        RecordInfo r;
        r.name = d.name.text;
        r.kind = d.record.kind;
        r.decl = &d;
        add_global(d, GlobalKind::Record, static_cast<std::uint32_t>(plan.records.size()));
        plan.records.push_back(std::move(r));
        break;
      }
      case K::Param:
        add_global(d, GlobalKind::Param, static_cast<std::uint32_t>(plan.params.size()));
        plan.params.push_back({d.name.text, &d, {}});
        break;
      case K::Table:
        add_global(d, GlobalKind::Table, static_cast<std::uint32_t>(plan.tables.size()));
        plan.tables.push_back({d.name.text, &d, kNoId, {}, {}});
        break;
      case K::Schedule:
        add_global(d, GlobalKind::Schedule, static_cast<std::uint32_t>(plan.schedules.size()));
        plan.schedules.push_back({d.name.text, &d});
        break;
      case K::Payout: {
        PayoutInfo p;
        p.name = d.name.text;
        p.decl = &d;
        add_global(d, GlobalKind::Payout, static_cast<std::uint32_t>(plan.payouts.size()));
        plan.payouts.push_back(std::move(p));
        break;
      }
      case K::Veto: case K::Gate: case K::Limit: case K::Concentration: {
        RuleInfo r;
        r.name = d.name.text;
        r.decl = &d;
        add_global(d, GlobalKind::Rule, static_cast<std::uint32_t>(plan.rules.size()));
        plan.rules.push_back(std::move(r));
        break;
      }
      default: break;
    }
  }

  Type field_type(const syntax::Field& f) {
    Type t = builtin_type(f.type.text, plan.currency);
    if (t.known()) return t;
    const GlobalSymbol* g = rs.global(f.type.text);
    if (g && g->kind == GlobalKind::Record) {
      const RecordInfo& target = plan.records[g->id];
      rs.mark_record_used(g->id);
      if (target.kind == syntax::RecordKind::Event) {
        rs.report(Code::E0308, f.type.span,
                  fmt::format("field '{}' refers to the event '{}'; fields can refer only to payees and entities",
                              f.name.text, f.type.text),
                  "reverse the reference: give the event a field naming this record");
        return Type::unknown();
      }
      return Type::ref(target.name, g->id);
    }
    std::vector<std::string> candidates = builtin_type_names();
    for (const auto& r : plan.records)
      if (r.kind != syntax::RecordKind::Event) candidates.push_back(r.name);
    std::string close = diag::closest_name(f.type.text, candidates);
    rs.report(Code::E0304, f.type.span, fmt::format("unknown type '{}' for field '{}'", f.type.text, f.name.text),
              close.empty() ? "field types are text, integer, number, percent, money, bool, date, or a payee or entity"
                            : fmt::format("did you mean '{}'?", close));
    return Type::unknown();
  }

  void declare_fields(RecordInfo& r) {
    const syntax::Record& rec = r.decl->record;
    for (const auto& f : rec.fields) {
      auto [it, fresh] = r.field_index.try_emplace(f.name.text, static_cast<std::uint32_t>(r.fields.size()));
      if (!fresh) {
        auto* d = rs.report(Code::E0302, f.name.span,
                            fmt::format("field '{}' is declared twice in '{}'", f.name.text, r.name));
        if (d) d->notes.push_back({r.fields[it->second].span, "the first one is here"});
        continue;
      }
      r.fields.push_back({f.name.text, field_type(f), f.optional, false, f.name.span});
    }
    auto implicit = [&](const std::optional<syntax::Name>& n, TypeKind kind, std::uint32_t& slot) {
      if (!n) return;
      auto it = r.field_index.find(n->text);
      if (it == r.field_index.end()) {
        slot = static_cast<std::uint32_t>(r.fields.size());
        r.field_index.emplace(n->text, slot);
        r.fields.push_back({n->text, Type::of(kind), false, true, n->span});
        return;
      }
      slot = it->second;
      const Type& t = r.fields[slot].type;
      if (kind == TypeKind::Date && t.known() && !t.is(TypeKind::Date))
        rs.report(Code::E0401, n->span,
                  fmt::format("'{}' dates the events of '{}', so it must be a date, but it is {}", n->text, r.name,
                              to_string(t)),
                  "declare it as `" + n->text + ": date`");
    };
    implicit(rec.key, TypeKind::Text, r.key_field);
    implicit(rec.dated, TypeKind::Date, r.dated_field);
    // Data rows are matched to payees and entities by key, and events are
    // placed in periods by their date: without them nothing can be settled.
    if (!rec.key && rec.kind != syntax::RecordKind::Event)
      rs.report(Code::E0506, r.decl->name.span,
                fmt::format("{} '{}' has no key", syntax::record_kind_name(rec.kind), r.name),
                fmt::format("name the field that identifies each row: `{} {} key id {{ ... }}`",
                            syntax::record_kind_name(rec.kind), r.name));
    if (!rec.dated && rec.kind == syntax::RecordKind::Event)
      rs.report(Code::E0506, r.decl->name.span, fmt::format("event '{}' has no date", r.name),
                fmt::format("name the date field that places each event in a period: `event {} dated on {{ ... }}`", r.name));
  }

  void declare_measure(const Decl& d, const syntax::Name& subject, MeasureKind kind, std::string_view what) {
    RecordId rid = rs.subject_record(subject, what);
    MeasureInfo m{d.name.text, rid, kind, &d, {}};
    MeasureId id = static_cast<MeasureId>(plan.measures.size());
    plan.measures.push_back(std::move(m));
    if (rid == kNoId) return;
    RecordInfo& r = plan.records[rid];
    if (auto f = r.field_index.find(d.name.text); f != r.field_index.end()) {
      auto* diag = rs.report(Code::E0302, d.name.span,
                             fmt::format("'{}' is already a field of '{}'", d.name.text, r.name),
                             "a field and a measure of one record cannot share a name; rename the measure");
      if (diag) diag->notes.push_back({r.fields[f->second].span, "the field is declared here"});
      return;
    }
    auto [it, fresh] = r.measure_index.try_emplace(d.name.text, id);
    if (!fresh) {
      auto* diag = rs.report(Code::E0302, d.name.span,
                             fmt::format("'{}.{}' is declared twice", r.name, d.name.text),
                             "measures, targets, scorecards and situations of one record share a namespace");
      if (diag) diag->notes.push_back({plan.measures[it->second].decl->name.span, "the first one is declared here"});
    }
  }

  void declare_table_keys(TableInfo& t) {
    for (const auto& key : t.decl->table.keys) {
      if (key.empty()) continue;
      if (key.size() != 2) {
        rs.report(Code::E0305, join(key.front().span, key.back().span),
                  "a table key is written Record.field, e.g. `Rep.role`");
        t.record = kNoId;
        return;
      }
      const GlobalSymbol* g = rs.global(key[0].text);
      if (!g || g->kind != GlobalKind::Record) {
        std::string close = diag::closest_name(key[0].text, rs.record_names());
        rs.report(g ? Code::E0308 : Code::E0301, key[0].span,
                  g ? fmt::format("'{}' is a {}, not a record", key[0].text, global_kind_name(g->kind))
                    : fmt::format("unknown record '{}'", key[0].text),
                  close.empty() ? std::string() : fmt::format("did you mean '{}'?", close));
        t.record = kNoId;
        return;
      }
      rs.mark_record_used(g->id);
      if (t.record != kNoId && t.record != g->id) {
        rs.report(Code::E0308, key[0].span,
                  fmt::format("table '{}' is keyed by fields of '{}' and '{}'; all keys must be fields of one record",
                              t.name, plan.records[t.record].name, key[0].text));
        t.record = kNoId;
        return;
      }
      t.record = g->id;
      const RecordInfo& r = plan.records[g->id];
      auto f = r.field_index.find(key[1].text);
      if (f == r.field_index.end()) {
        std::vector<std::string> names;
        for (const auto& fi : r.fields) names.push_back(fi.name);
        std::string close = diag::closest_name(key[1].text, names);
        rs.report(Code::E0305, key[1].span, fmt::format("'{}' has no field '{}'", r.name, key[1].text),
                  close.empty() ? std::string() : fmt::format("did you mean '{}'?", close));
        t.record = kNoId;
        return;
      }
      t.key_fields.push_back(f->second);
    }
  }
};

}  // namespace

void Resolver::declare_all() {
  Declarer d{*this, plan};
  for (const auto& m : plan.modules)
    for (const auto& decl : m.decls) d.declare_globals(decl);
  used_records.assign(plan.records.size(), 0);
  for (auto& r : plan.records) d.declare_fields(r);
  using K = syntax::DeclKind;
  std::uint32_t seq = 0;
  std::vector<std::uint32_t> measure_seq, param_seq, table_seq;
  for (const auto& m : plan.modules) {
    for (const auto& decl : m.decls) {
      ++seq;
      switch (decl.kind) {
        case K::Measure: d.declare_measure(decl, decl.measure.subject, MeasureKind::Measure, "a measure"); break;
        case K::Target: d.declare_measure(decl, decl.target.subject, MeasureKind::Target, "a target"); break;
        case K::Scorecard: d.declare_measure(decl, decl.scorecard.subject, MeasureKind::Scorecard, "a scorecard"); break;
        case K::Situation: d.declare_measure(decl, decl.situation.subject, MeasureKind::Situation, "a situation"); break;
        case K::Param: param_seq.push_back(seq); continue;
        case K::Table: table_seq.push_back(seq); continue;
        default: continue;
      }
      measure_seq.push_back(seq);
    }
  }
  for (auto& t : plan.tables) d.declare_table_keys(t);
  // Graph node order follows source order, whatever the kind.
  decl_order = measure_seq;
  decl_order.insert(decl_order.end(), param_seq.begin(), param_seq.end());
  decl_order.insert(decl_order.end(), table_seq.begin(), table_seq.end());
  edges.assign(node_count(), {});
  used_measures.assign(plan.measures.size(), 0);
  used_params.assign(plan.params.size(), 0);
  used_tables.assign(plan.tables.size(), 0);
  used_schedules.assign(plan.schedules.size(), 0);
}

}  // namespace accrue::check::detail
