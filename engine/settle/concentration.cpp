#include "settle/concentration.h"

#include <fmt/format.h>

#include <set>
#include <unordered_map>

#include "settle/rule_scope.h"

namespace accrue::settle {
namespace {

// M on every C row and T per payee row: one pass over the `per` record.
struct Shares {
  std::vector<std::optional<num::Decimal>> measured;         // per C row
  std::unordered_map<std::uint32_t, num::Decimal> totals;    // per payee row
};

num::Result<Shares> measure_shares(const SettleContext& ctx, const check::RuleInfo& rule) {
  Shares s;
  const eval::Evaluation& ev = ctx.evaluation;
  const syntax::Expr& measured = *rule.decl->concentration.measured;
  const std::uint32_t rows = ev.rows(rule.per);
  s.measured.resize(rows);
  for (std::uint32_t c = 0; c < rows; ++c) {
    auto m = number_on(ctx, measured, rule.per, c);
    if (!m) return m.error();
    if (!*m) continue;  // aggregations skip nulls
    const std::uint32_t payee = ev.follow(rule.per_relation, c);
    if (payee == eval::kNoRow) continue;
    auto& total = s.totals[payee];
    auto sum = num::add(total, **m);
    if (!sum) return sum.error();
    total = std::move(*sum);
    s.measured[c] = std::move(*m);
  }
  return s;
}

// A payee's warning and cap lines in percent (shares of the total): the same
// for every customer of the payee, so evaluated once per payee row.
struct PayeeLimits {
  std::optional<num::Decimal> warn, cap;
};

class LimitCache {
 public:
  LimitCache(const SettleContext& ctx, const check::RuleInfo& rule) : ctx_(ctx), rule_(rule) {}
  num::Result<const PayeeLimits*> at(std::uint32_t payee) {
    if (auto it = known_.find(payee); it != known_.end()) return &it->second;
    const syntax::Concentration& decl = rule_.decl->concentration;
    PayeeLimits limits;
    for (auto [expr, into] : {std::pair{&decl.warn, &limits.warn}, std::pair{&decl.cap, &limits.cap}}) {
      if (!*expr) continue;
      auto value = number_on(ctx_, **expr, rule_.subject, payee);
      if (!value) return value.error();
      *into = std::move(*value);
    }
    return &known_.emplace(payee, std::move(limits)).first->second;
  }

 private:
  const SettleContext& ctx_;
  const check::RuleInfo& rule_;
  std::unordered_map<std::uint32_t, PayeeLimits> known_;
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
    auto total_it = shares->totals.find(line.payee_row);
    if (!m || total_it == shares->totals.end() || total_it->second.sign() <= 0) continue;
    const num::Decimal& total = total_it->second;

    auto payee_limits = limits.at(line.payee_row);
    if (!payee_limits) return payee_limits.error();
    const std::optional<num::Decimal>* warn = &(*payee_limits)->warn;
    const std::optional<num::Decimal>* cap = &(*payee_limits)->cap;
    if (*warn) {
      auto line_at = num::mul(**warn, total);
      if (!line_at) return line_at.error();
      if (*m > *line_at && warned.insert({line.payee_row, line.subject_row}).second) {
        // Say whether the cap also bit, so the warning is not read as "no
        // money changed"; the cap entries in the ledger carry the amounts.
        std::string capped;
        if (*cap) {
          auto allowed = num::mul(**cap, total);
          if (allowed && *m > *allowed)
            capped = fmt::format("; capped at {}%, see the cap entries", percent_text(**cap, num::Decimal::from_int(1)));
        }
        lines.warnings.push_back(fmt::format(
            "{} ({}): {} is {}% of {}'s credited {} (warning above {}%{})", rule.name,
            location(ctx.sources, rule.decl->span), *customer_key(ctx.evaluation, line), percent_text(*m, total),
            payee_key(ctx.evaluation, line),
            decl.measured->kind == syntax::ExprKind::Name ? decl.measured->path.back().text : std::string("total"),
            percent_text(**warn, num::Decimal::from_int(1)), capped));
      }
    }

    if (!*cap) continue;
    auto allowed = num::mul(**cap, total);
    if (!allowed) return allowed.error();
    if (!(*m > *allowed)) continue;
    // Scale the line by the share of M(c) that stays within the cap.
    auto factor = num::div(*allowed, *m);
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
