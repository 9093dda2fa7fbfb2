// W0105: a veto, gate, cap, floor or concentration acts on the payouts
// computed on its subject (a cap on Customer limits each customer's
// commission) and on the payouts paid to its subject (a veto on Rep zeroes
// what the rep earns from every customer). A payout on a payee pays that payee; `on Customer to owner`
// pays the record that Customer.owner refers to (following the reference
// fields through the record declarations); `split among Rep` pays Rep. A rule
// whose `to` names a payout paid to someone else, or whose subject is paid by
// no payout at all, can never act. Unknown payout names are E0301, reported
// by name resolution, so they are skipped here.
#include <fmt/format.h>

#include "check/rule_checks.h"

namespace accrue::check {
namespace {

using syntax::Decl;
using syntax::DeclKind;

const syntax::Field* field_named(const syntax::Record& record, const std::string& name) {
  for (const auto& f : record.fields)
    if (f.name.text == name) return &f;
  return nullptr;
}

std::string paid_record(const syntax::Payout& payout, const PayoutReach& reach) {
  if (payout.split_among) return payout.split_among->text;
  std::string current = payout.subject.text;
  for (const auto& step : payout.recipient) {
    auto record = reach.records.find(current);
    if (record == reach.records.end()) return {};
    const syntax::Field* field = field_named(*record->second, step.text);
    if (!field) return {};
    current = field->type.text;
  }
  return reach.records.count(current) ? current : std::string();
}

struct RuleView {
  std::string_view kind;
  const syntax::Name* subject;
  const std::vector<syntax::Name>* applies_to;
};

std::optional<RuleView> rule_view(const Decl& d) {
  switch (d.kind) {
    case DeclKind::Veto: return RuleView{"veto", &d.veto.subject, &d.veto.applies_to};
    case DeclKind::Gate: return RuleView{"gate", &d.gate.subject, &d.gate.applies_to};
    case DeclKind::Limit: return RuleView{d.limit.is_cap ? "cap" : "floor", &d.limit.subject, &d.limit.applies_to};
    case DeclKind::Concentration:
      return RuleView{"concentration", &d.concentration.subject, &d.concentration.applies_to};
    default: return std::nullopt;
  }
}

}  // namespace

PayoutReach payout_reach(const std::vector<const Decl*>& decls) {
  PayoutReach reach;
  for (const Decl* d : decls)
    if (d->kind == DeclKind::Record) reach.records.emplace(d->name.text, &d->record);
  for (const Decl* d : decls)
    if (d->kind == DeclKind::Payout) reach.payouts.emplace(d->name.text, PayoutReach::Paid{d, {}});
  for (auto& [name, paid] : reach.payouts) {
    paid.payee = paid_record(paid.payout->payout, reach);
    if (paid.payee.empty()) reach.some_payee_unknown = true;
    else reach.paid_records.insert(paid.payee);
  }
  return reach;
}

void check_rule_reach(const Decl& decl, const PayoutReach& reach, diag::Diagnostics& out) {
  auto rule = rule_view(decl);
  if (!rule) return;
  const std::string& subject = rule->subject->text;
  if (!reach.records.count(subject)) return;  // not a record: name resolution reports it
  if (rule->applies_to->empty()) {
    if (reach.some_payee_unknown || reach.paid_records.count(subject)) return;
    for (const auto& [name, paid] : reach.payouts)
      if (paid.payout->payout.subject.text == subject) return;
    out.report(diag::Code::W0105, decl.name.span,
               fmt::format("{} '{}' applies to no payout: no payout pays {}", rule->kind, decl.name.text, subject),
               fmt::format("without 'to' a {} acts on every payout paid to {}; add one, or put the rule on "
                           "the record that is paid",
                           rule->kind, subject));
    return;
  }
  for (const auto& target : *rule->applies_to) {
    auto paid = reach.payouts.find(target.text);
    if (paid == reach.payouts.end() || paid->second.payee.empty() || paid->second.payee == subject ||
        paid->second.payout->payout.subject.text == subject)
      continue;
    out.report(diag::Code::W0105, target.span,
               fmt::format("payout '{}' is computed on {} and paid to {}, neither is {}, so {} '{}' never acts on it",
                           target.text, paid->second.payout->payout.subject.text, paid->second.payee, subject,
                           rule->kind, decl.name.text),
               fmt::format("name a payout paid to {}, or put the {} on {}", subject, rule->kind, paid->second.payee));
  }
}

}  // namespace accrue::check
