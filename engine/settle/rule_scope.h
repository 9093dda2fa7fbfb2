// Which lines a plan rule touches, and on which row its expressions are
// evaluated. A rule applies to the payouts it lists (`to ...`), or, when it
// lists none, to every payout on its subject or paid to its subject. Its
// conditions and amounts are evaluated on the line's payee row when the rule
// is on the payee record, else on the line's subject row.
#pragma once

#include <cstdint>

#include "settle/settle_context.h"
#include "settle/settlement_lines.h"

namespace accrue::settle {

enum class RuleRow { None, Payee, Subject };

RuleRow rule_row_kind(const check::Plan& plan, check::RuleId rule, check::PayoutId payout);
// The row of the rule's subject a line is judged on, or kNoLineRow when the
// rule does not apply to the line.
std::uint32_t rule_row(const check::Plan& plan, check::RuleId rule, const Line& line);

// The rules of one declaration kind, in declaration order.
std::vector<check::RuleId> rules_of_kind(const check::Plan& plan, syntax::DeclKind kind);

}  // namespace accrue::settle
