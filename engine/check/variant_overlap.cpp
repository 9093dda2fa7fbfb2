// Scorecard variants (W0102, W0103). The first variant in written order whose
// condition holds wins, so a later variant can be dead, and two variants can
// both hold where the author may not have meant one to win.
//
// Each `when` condition is read as a conjunction (`and`) of atoms:
//   name == literal, literal == name, name in (literals), name == true|false,
//   a bare name (a bool field, measure or situation: name == true),
//   not name (name == false), and the literals true and false.
// `period == 2026-Q2` is the atom "period is in 2026-Q2"; periods nest
// (month in quarter in half year), so 2026-04 is within 2026-Q2. Any other
// atom (a comparison like score > 80%, an `or`, a call) is opaque: it is
// kept only as its exact syntax.
//
// W0102 (never applies): the conjunction constrains one name to values that
// cannot meet (role == "a" and role == "b"), or it implies an earlier
// variant's conjunction: every name the earlier one constrains is constrained
// here to a subset of its values, and every opaque atom of the earlier one
// appears here too, written the same way. That earlier variant then always
// wins.
//
// W0103 (overlap): two variants, neither dead, that provably can hold at
// once: neither has an opaque atom, and every name that both constrain has a
// value allowed by both. Names are treated as independent (role and region can
// take any combination); opaque atoms are never claimed to overlap, so an
// overlap through them is not reported.
#include <fmt/format.h>

#include <map>
#include <set>

#include "check/literal_value.h"
#include "check/rule_checks.h"

namespace accrue::check {
namespace {

using syntax::Expr;
using syntax::ExprKind;

struct AtomValue {
  std::string key;    // identity_key of the literal
  std::string shown;  // as written
  std::optional<std::pair<int, int>> months;  // a period: its first and last month
};

struct Conjunction {
  std::map<std::string, std::vector<AtomValue>> names;  // each name: the values it may take (any of them)
  std::set<std::string> opaque;                          // atoms not analysed, by their exact syntax
  std::string contradiction;                             // why it can never hold; empty if it can
};

int digits(const std::string& text, std::size_t at, std::size_t count) {
  int value = 0;
  for (std::size_t i = at; i < at + count && i < text.size(); ++i) value = value * 10 + (text[i] - '0');
  return value;
}

// The lexer admits only YYYY-Qn, YYYY-Hn and YYYY-MM.
std::optional<std::pair<int, int>> period_months(const std::string& p) {
  if (p.size() != 7) return std::nullopt;
  int base = digits(p, 0, 4) * 12;
  if (p[5] == 'Q') {
    int q = digits(p, 6, 1) - 1;
    return std::pair{base + q * 3, base + q * 3 + 2};
  }
  if (p[5] == 'H') {
    int h = digits(p, 6, 1) - 1;
    return std::pair{base + h * 6, base + h * 6 + 5};
  }
  int month = digits(p, 5, 2) - 1;
  return std::pair{base + month, base + month};
}

AtomValue atom_value(const LiteralValue& v) {
  AtomValue a{identity_key(v), show(v), std::nullopt};
  if (v.kind == LiteralKind::Period) a.months = period_months(v.text);
  return a;
}

AtomValue bool_value(bool b) { return AtomValue{b ? "b:true" : "b:false", b ? "true" : "false", std::nullopt}; }

// inner is within outer: the same value, or a period inside a period.
bool within(const AtomValue& inner, const AtomValue& outer) {
  if (inner.key == outer.key) return true;
  return inner.months && outer.months && outer.months->first <= inner.months->first &&
         inner.months->second <= outer.months->second;
}

// Periods either nest or are disjoint, so the intersection of two values is
// one of them or nothing.
std::optional<AtomValue> meet(const AtomValue& a, const AtomValue& b) {
  if (within(a, b)) return a;
  if (within(b, a)) return b;
  return std::nullopt;
}

std::string shown_set(const std::vector<AtomValue>& values) {
  if (values.size() == 1) return values[0].shown;
  std::string out = "one of (";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i].shown;
  return out + ")";
}

// The exact syntax of an expression, as a key: equal keys are the same text
// up to spacing and parentheses.
void syntax_key(const Expr& e, std::string& out) {
  out += '(';
  out += std::to_string(static_cast<int>(e.kind)) + ':' + e.text + ':' + e.unit.text + ':';
  for (const auto& n : e.path) out += n.text + '.';
  for (const auto& op : e.ops) out += op + ' ';
  for (const auto& a : e.args)
    if (a) syntax_key(*a, out);
  if (e.where) {
    out += "where";
    syntax_key(*e.where, out);
  }
  if (e.window) out += "over" + std::to_string(static_cast<int>(e.window->kind)) + e.window->count + e.window->unit.text + e.window->date;
  for (const auto& n : e.via) out += "via" + n.text;
  for (const auto& arm : e.arms) {
    out += arm.label.text;
    if (arm.bound) syntax_key(*arm.bound, out);
  }
  out += ')';
}

std::string name_of(const Expr& e) {
  std::string out;
  for (const auto& n : e.path) out += (out.empty() ? "" : ".") + n.text;
  return out;
}

void constrain(Conjunction& c, const std::string& name, std::vector<AtomValue> values) {
  auto [slot, fresh] = c.names.emplace(name, values);
  if (fresh) return;
  std::vector<AtomValue> both;
  for (const auto& a : slot->second)
    for (const auto& b : values)
      if (auto m = meet(a, b)) {
        bool known = false;
        for (const auto& x : both) known = known || x.key == m->key;
        if (!known) both.push_back(*m);
      }
  if (both.empty() && c.contradiction.empty())
    c.contradiction = fmt::format("'{}' cannot be both {} and {}", name, shown_set(slot->second), shown_set(values));
  slot->second = std::move(both);
}

void add_atom(const Expr& e, Conjunction& c) {
  if (e.kind == ExprKind::Bool) {
    if (e.text == "false" && c.contradiction.empty()) c.contradiction = "the condition contains 'false'";
    return;
  }
  if (e.kind == ExprKind::Name) return constrain(c, name_of(e), {bool_value(true)});
  if (e.kind == ExprKind::Unary && !e.ops.empty() && e.ops[0] == "not" && e.args.size() == 1 &&
      e.args[0]->kind == ExprKind::Name)
    return constrain(c, name_of(*e.args[0]), {bool_value(false)});
  if (e.kind == ExprKind::Binary && e.ops.size() == 1 && e.ops[0] == "==" && e.args.size() == 2) {
    const Expr* name = e.args[0]->kind == ExprKind::Name ? e.args[0].get() : e.args[1].get();
    const Expr* other = name == e.args[0].get() ? e.args[1].get() : e.args[0].get();
    auto value = literal_value(*other);
    if (name->kind == ExprKind::Name && value) return constrain(c, name_of(*name), {atom_value(*value)});
  }
  if (e.kind == ExprKind::In && e.args.size() >= 2 && e.args[0]->kind == ExprKind::Name) {
    std::vector<AtomValue> values;
    for (std::size_t i = 1; i < e.args.size(); ++i) {
      auto value = literal_value(*e.args[i]);
      if (!value) {
        values.clear();
        break;
      }
      values.push_back(atom_value(*value));
    }
    if (!values.empty()) return constrain(c, name_of(*e.args[0]), std::move(values));
  }
  std::string key;
  syntax_key(e, key);
  c.opaque.insert(std::move(key));
}

Conjunction read_condition(const Expr& condition) {
  Conjunction c;
  bool all_and = condition.kind == ExprKind::Binary && !condition.ops.empty();
  for (const auto& op : condition.ops) all_and = all_and && op == "and";
  if (all_and) {
    for (const auto& arg : condition.args) add_atom(*arg, c);  // `and` chains are n-ary; nested ones are atoms
  } else {
    add_atom(condition, c);
  }
  return c;
}

// Whenever `later` holds, `earlier` holds too.
bool implies(const Conjunction& later, const Conjunction& earlier) {
  for (const auto& [name, allowed] : earlier.names) {
    auto mine = later.names.find(name);
    if (mine == later.names.end()) return false;
    for (const auto& v : mine->second) {
      bool inside = false;
      for (const auto& a : allowed) inside = inside || within(v, a);
      if (!inside) return false;
    }
  }
  for (const auto& atom : earlier.opaque)
    if (!later.opaque.count(atom)) return false;
  return true;
}

bool can_both_hold(const Conjunction& a, const Conjunction& b) {
  if (!a.opaque.empty() || !b.opaque.empty()) return false;
  for (const auto& [name, values] : a.names) {
    auto other = b.names.find(name);
    if (other == b.names.end()) continue;
    bool shared = false;
    for (const auto& x : values)
      for (const auto& y : other->second) shared = shared || meet(x, y).has_value();
    if (!shared) return false;
  }
  return true;
}

}  // namespace

void check_scorecard_variants(const syntax::Decl& decl, const diag::SourceMap& sources, diag::Diagnostics& out) {
  const auto& variants = decl.scorecard.variants;
  std::vector<Conjunction> read;
  std::vector<diag::Span> headers;
  std::vector<std::string> names;
  for (const auto& v : variants) {
    read.push_back(v.condition ? read_condition(*v.condition) : Conjunction{{}, {"?"}, {}});
    headers.push_back(v.condition ? span_through(v.span, v.condition->span) : v.span);
    std::string text = span_text(sources, headers.back());
    names.push_back(text.empty() ? fmt::format("the variant on line {}", v.span.line) : "'" + text + "'");
  }
  const std::string& subject = decl.scorecard.subject.text;
  // A dead variant (contradictory or shadowed) neither shadows nor overlaps a
  // later one: implication is transitive, so whatever it would shadow, the
  // live variant that shadows it shadows too.
  std::vector<bool> dead(read.size(), false);
  for (std::size_t j = 0; j < read.size(); ++j) {
    if (!read[j].contradiction.empty()) {
      dead[j] = true;
      out.report(diag::Code::W0102, headers[j], "this variant can never apply: " + read[j].contradiction,
                 "fix the condition, or remove the variant");
      continue;
    }
    std::optional<std::size_t> shadow;
    std::vector<std::size_t> overlaps;
    for (std::size_t i = 0; i < j && !shadow; ++i) {
      if (dead[i]) continue;
      if (implies(read[j], read[i])) shadow = i;
      else if (can_both_hold(read[i], read[j])) overlaps.push_back(i);
    }
    if (shadow) {
      dead[j] = true;
      auto& d = out.report(diag::Code::W0102, headers[j],
                           fmt::format("this variant can never apply: whenever it holds, the earlier variant {} "
                                       "holds too and wins",
                                       names[*shadow]),
                           "variants are tried in written order; move this one before it, or remove it");
      d.notes.push_back({headers[*shadow], "the earlier variant"});
    } else if (!overlaps.empty()) {
      auto& d = out.report(diag::Code::W0103, headers[j],
                           fmt::format("variants overlap: one {} can match both {} and {}", subject,
                                       names[overlaps[0]], names[j]),
                           "the first variant written wins; make the conditions exclusive or order them on purpose");
      for (std::size_t i : overlaps) d.notes.push_back({headers[i], "this variant is written first and wins"});
    }
  }
}

}  // namespace accrue::check
