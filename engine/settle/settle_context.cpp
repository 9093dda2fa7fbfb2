#include "settle/settle_context.h"

#include <fmt/format.h>

namespace accrue::settle {

std::string location(const diag::SourceMap& sources, const diag::Span& span) {
  if (!span.valid() || span.file >= sources.size()) return "<plan>";
  return fmt::format("{}:{}:{}", sources.file(span.file).path, span.line, span.col);
}

std::string declaration_span(const diag::SourceMap& sources, const syntax::Decl& decl) {
  const diag::Span& s = decl.span;
  if (!s.valid() || s.file >= sources.size()) return "<plan>";
  return fmt::format("{}:{}:{}-{}:{}", sources.file(s.file).path, s.line, s.col, s.end_line, s.end_col);
}

num::Result<eval::Value> value_on(const SettleContext& ctx, const syntax::Expr& expr, check::RecordId record,
                                  std::uint32_t row) {
  const check::ResolvedExpr* resolved = ctx.plan.resolved(&expr);
  if (resolved && resolved->target == check::NameTarget::Measure && resolved->scope == check::NameScope::Subject &&
      resolved->path.empty() && ctx.plan.measures[resolved->index].subject == record)
    return ctx.evaluation.measure_value(resolved->index, row);
  auto value = ctx.evaluation.evaluate(expr, record, row);
  if (!value) {
    // The evaluator knows the innermost expression that failed; its message
    // already names the row.
    if (auto failed = ctx.evaluation.last_error(); failed && failed->span.valid())
      return num::make_error(value.error().code,
                             fmt::format("{}: {}", location(ctx.sources, failed->span), failed->message));
    std::string key = record < ctx.plan.records.size()
                          ? fmt::format(" (on {} {})", ctx.plan.records[record].name, ctx.evaluation.key(record, row))
                          : std::string();
    return num::make_error(value.error().code,
                           fmt::format("{}: {}{}", location(ctx.sources, expr.span), value.error().message, key));
  }
  return value;
}

num::Result<bool> condition_on(const SettleContext& ctx, const syntax::Expr& expr, check::RecordId record,
                               std::uint32_t row) {
  auto value = value_on(ctx, expr, record, row);
  if (!value) return value.error();
  return value->kind == eval::Value::Kind::Bool && value->flag;
}

num::Result<std::optional<num::Decimal>> number_on(const SettleContext& ctx, const syntax::Expr& expr,
                                                   check::RecordId record, std::uint32_t row) {
  auto value = value_on(ctx, expr, record, row);
  if (!value) return value.error();
  if (value->is_null()) return std::optional<num::Decimal>();
  if (value->kind != eval::Value::Kind::Number)
    return num::make_error(num::ErrorCode::invalid_argument,
                           fmt::format("{}: expected a number or an amount here", location(ctx.sources, expr.span)));
  return std::optional<num::Decimal>(value->number);
}

num::Result<std::vector<std::optional<num::Decimal>>> numbers_on(const SettleContext& ctx, const syntax::Expr& expr,
                                                                check::RecordId record) {
  if (auto numbers = ctx.evaluation.numbers_of_rows(expr, record)) return std::move(*numbers);
  std::vector<std::optional<num::Decimal>> out;
  const std::uint32_t rows = ctx.evaluation.rows(record);
  out.reserve(rows);
  // A failure or a value of another type: row by row, for number_on's message.
  for (std::uint32_t row = 0; row < rows; ++row) {
    auto number = number_on(ctx, expr, record, row);
    if (!number) return number.error();
    out.push_back(std::move(*number));
  }
  return out;
}

check::RecordId paid_record(const check::PayoutInfo& payout) {
  return payout.split_among != check::kNoId ? payout.split_among : payout.recipient_record;
}

}  // namespace accrue::settle
