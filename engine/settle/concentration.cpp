#include "settle/concentration.h"

#include <fmt/format.h>

#include <set>
#include <tuple>

#include "settle/rule_scope.h"

namespace accrue::settle {
namespace {

// M on every C row and T per payee row: one pass over the `per` record.
struct Shares {
  std::vector<std::optional<num::Decimal>> measured;  // per C row
  std::vector<std::optional<num::Decimal>> totals;    // per payee row; none: no measured customer
};

num::Result<Shares> measure_shares(const SettleContext& ctx, const check::RuleInfo& rule) {
  Shares s;
  const eval::Evaluation& ev = ctx.evaluation;
  const syntax::Expr& measured = *rule.decl->concentration.measured;
  const std::uint32_t rows = ev.rows(rule.per);
  s.measured.resize(rows);
  s.totals.resize(ev.rows(rule.subject));
  for (std::uint32_t c = 0; c < rows; ++c) {
    auto m = number_on(ctx, measured, rule.per, c);
    if (!m) return m.error();
    if (!*m) continue;  // aggregations skip nulls
    const std::uint32_t payee = ev.follow(rule.per_relation, c);
    if (payee == eval::kNoRow) continue;
    auto& total = s.totals[payee];
    auto sum = num::add(total ? *total : num::Decimal(), **m);
    if (!sum) return sum.error();
    total = std::move(*sum);
    s.measured[c] = std::move(*m);
  }
  return s;
}

// A payee's warning and cap lines: in percent (shares of the total), and as
// amounts (share x total). The same for every customer of the payee, so
// evaluated and multiplied once per payee row.
struct PayeeLimits {
  std::optional<num::Decimal> warn, cap;
  std::optional<num::Decimal> warn_at, cap_at;
};

class LimitCache {
 public:
  LimitCache(const SettleContext& ctx, const check::RuleInfo& rule) : ctx_(ctx), rule_(rule) {}
  num::Result<const PayeeLimits*> at(std::uint32_t payee, const num::Decimal& total) {
    if (payee >= known_.size()) known_.resize(payee + 1);
    if (known_[payee]) return &*known_[payee];
    const syntax::Concentration& decl = rule_.decl->concentration;
    PayeeLimits limits;
    for (auto [expr, share, at] : {std::tuple{&decl.warn, &limits.warn, &limits.warn_at},
                                   std::tuple{&decl.cap, &limits.cap, &limits.cap_at}}) {
      if (!*expr) continue;
      auto value = number_on(ctx_, **expr, rule_.subject, payee);
      if (!value) return value.error();
      *share = std::move(*value);
      if (!*share) continue;
      auto amount = num::mul(**share, total);
      if (!amount) return amount.error();
      *at = std::move(*amount);
    }
    known_[payee] = std::move(limits);
    return &*known_[payee];
  }

 private:
  const SettleContext& ctx_;
  const check::RuleInfo& rule_;
  std::vector<std::optional<PayeeLimits>> known_;  // by payee row
};

std::string percent_text(const num::Decimal& part, const num::Decimal& total) {
  auto ratio = num::div(part, total);
  if (!ratio) return "?";
  auto pct = num::mul(*ratio, num::Decimal::from_int(100));
  auto text = pct ? pct->to_string(0, num::RoundingMode::half_even) : num::Result<std::string>(std::string("?"));
  return text ? *text : "?";
}

num::Result<void> apply_rule(const SettleContext& ctx, check::RuleId id, Lines& lines) {
  const check::RuleInfo& rule = ctx.plan.rules[id];
  const syntax::Concentration& decl = rule.decl->concentration;
  std::optional<Shares> shares;  // measured only when some line is concerned
  std::set<std::pair<std::uint32_t, std::uint32_t>> warned;  // (payee, customer) rows
  LimitCache limits(ctx, rule);
  for (Line& line : lines.lines) {
    const check::PayoutInfo& payout = ctx.plan.payouts[line.payout];
    if (line.subject_row == kNoLineRow || payout.subject != rule.per ||
        rule_row_kind(ctx.plan, id, line.payout) != RuleRow::Payee)
      continue;
    if (!shares) {
      auto measured = measure_shares(ctx, rule);
      if (!measured) return measured.error();
      shares = std::move(*measured);
    }
    const auto& m = shares->measured[line.subject_row];
    if (!m || line.payee_row >= shares->totals.size()) continue;
    const auto& payee_total = shares->totals[line.payee_row];
    if (!payee_total || payee_total->sign() <= 0) continue;
    const num::Decimal& total = *payee_total;

    auto payee_limits = limits.at(line.payee_row, total);
    if (!payee_limits) return payee_limits.error();
    const PayeeLimits& limit = **payee_limits;
    if (limit.warn_at && *m > *limit.warn_at && warned.insert({line.payee_row, line.subject_row}).second) {
      // Say whether the cap also bit, so the warning is not read as "no
      // money changed"; the cap entries in the ledger carry the amounts.
      std::string capped;
      if (limit.cap_at && *m > *limit.cap_at)
        capped = fmt::format("; capped at {}%, see the cap entries", percent_text(*limit.cap, num::Decimal::from_int(1)));
      lines.warnings.push_back(fmt::format(
          "{} ({}): {} is {}% of {}'s credited {} (warning above {}%{})", rule.name,
          location(ctx.sources, rule.decl->span), *customer_key(ctx.evaluation, line), percent_text(*m, total),
          payee_key(ctx.evaluation, line),
          decl.measured->kind == syntax::ExprKind::Name ? decl.measured->path.back().text : std::string("total"),
          percent_text(*limit.warn, num::Decimal::from_int(1)), capped));
    }

    if (!limit.cap_at || !(*m > *limit.cap_at)) continue;
    const num::Decimal& allowed = *limit.cap_at;
    // Scale the line by the share of M(c) that stays within the cap.
    auto factor = num::div(allowed, *m);
    if (!factor) return factor.error();
    auto after = num::mul(line.current(), *factor);
    if (!after) return after.error();
    line.adjustments.push_back({ledger::EntryKind::cap, id, std::move(*after)});
  }
  return {};
}

}  // namespace

num::Result<void> apply_concentration(const SettleContext& ctx, Lines& lines) {
  for (check::RuleId id : rules_of_kind(ctx.plan, syntax::DeclKind::Concentration)) {
    auto done = apply_rule(ctx, id, lines);
    if (!done) return done;
  }
  return {};
}

}  // namespace accrue::settle
