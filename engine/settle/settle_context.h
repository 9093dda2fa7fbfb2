// What every settlement step reads: the evaluated period, the checked plan,
// the plan's sources (to locate errors and name spans in entries) and the
// plan's money rounding. Also the one way steps read a plan expression's value
// on a row, with the settlement's null rules: a null condition is false, a
// null amount is no amount.
#pragma once

#include <optional>
#include <string>

#include "diag/diag.h"
#include "eval/eval.h"
#include "settle/money_rounding.h"

namespace accrue::settle {

struct SettleContext {
  const eval::Evaluation& evaluation;
  const check::Plan& plan;
  const diag::SourceMap& sources;
  MoneyRounding rounding;
};

// "path:line:col" of a span, for error messages.
std::string location(const diag::SourceMap& sources, const diag::Span& span);
// "path:line:col-endline:endcol" of a declaration, as ledger entries record it.
std::string declaration_span(const diag::SourceMap& sources, const syntax::Decl& decl);

// The value of `expr` on `row` of `record`. A plain measure name reads the
// evaluation's stored value instead of interpreting the expression again (the
// common case for concentration measures over every customer). Errors come
// back located at the expression and naming the row.
num::Result<eval::Value> value_on(const SettleContext& ctx, const syntax::Expr& expr, check::RecordId record,
                                  std::uint32_t row);
// Conditions: null is false.
num::Result<bool> condition_on(const SettleContext& ctx, const syntax::Expr& expr, check::RecordId record,
                               std::uint32_t row);
// Numbers, percents (as fractions) and money: null gives nothing.
num::Result<std::optional<num::Decimal>> number_on(const SettleContext& ctx, const syntax::Expr& expr,
                                                   check::RecordId record, std::uint32_t row);
// number_on for every row of `record`, in row order, computed a column at a
// time where the evaluator can; the same values and the same first error.
num::Result<std::vector<std::optional<num::Decimal>>> numbers_on(const SettleContext& ctx, const syntax::Expr& expr,
                                                                check::RecordId record);

// The payee record a payout pays: the split's members, else the recipient.
check::RecordId paid_record(const check::PayoutInfo& payout);

}  // namespace accrue::settle
