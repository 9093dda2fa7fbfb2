#include "settle/rule_scope.h"

#include <algorithm>

namespace accrue::settle {

RuleRow rule_row_kind(const check::Plan& plan, check::RuleId rule_id, check::PayoutId payout_id) {
  const check::RuleInfo& rule = plan.rules[rule_id];
  const check::PayoutInfo& payout = plan.payouts[payout_id];
  if (!rule.applies_to.empty() &&
      std::find(rule.applies_to.begin(), rule.applies_to.end(), payout_id) == rule.applies_to.end())
    return RuleRow::None;
  if (rule.subject == paid_record(payout)) return RuleRow::Payee;
  if (rule.subject == payout.subject) return RuleRow::Subject;
  return RuleRow::None;
}

std::uint32_t rule_row(const check::Plan& plan, check::RuleId rule, const Line& line) {
  switch (rule_row_kind(plan, rule, line.payout)) {
    case RuleRow::Payee: return line.payee_row;
    case RuleRow::Subject: return line.subject_row;
    case RuleRow::None: break;
  }
  return kNoLineRow;
}

std::vector<check::RuleId> rules_of_kind(const check::Plan& plan, syntax::DeclKind kind) {
  std::vector<check::RuleId> out;
  for (check::RuleId id = 0; id < plan.rules.size(); ++id)
    if (plan.rules[id].decl->kind == kind) out.push_back(id);
  return out;
}

}  // namespace accrue::settle
