// Caps and floors work on rounded amounts: the cap is what the payee may be
// posted at most, so the capped lines must round to exactly the cap. The cap's
// reduction is therefore computed in minor units (rounded total - rounded cap)
// and allocated with num::allocate, leaving every capped line a whole number
// of minor units; a floor's top-up is likewise rounded floor - rounded total.
//
// Floors never top up a (payee, payout) whose lines a gate or a veto reduced:
// a floor guarantees a minimum for the work done, it must not pay back what a
// compliance veto or an unmet requirement took away.
#include "settle/rules_application.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "settle/concentration.h"
#include "settle/rule_scope.h"

namespace accrue::settle {
namespace {

// A rule's condition per row, evaluated once per row it is asked about.
class ConditionCache {
 public:
  ConditionCache(const SettleContext& ctx, check::RecordId record, const syntax::Expr& expr)
      : ctx_(ctx), record_(record), expr_(expr) {}
  num::Result<bool> at(std::uint32_t row) {
    auto it = known_.find(row);
    if (it != known_.end()) return it->second;
    auto value = condition_on(ctx_, expr_, record_, row);
    if (value) known_.emplace(row, *value);
    return value;
  }

 private:
  const SettleContext& ctx_;
  check::RecordId record_;
  const syntax::Expr& expr_;
  std::unordered_map<std::uint32_t, bool> known_;
};

// Lines grouped per (payout, rule row), in line order.
std::map<std::pair<check::PayoutId, std::uint32_t>, std::vector<std::size_t>> groups_of(const check::Plan& plan,
                                                                                      check::RuleId rule,
                                                                                      const Lines& lines) {
  std::map<std::pair<check::PayoutId, std::uint32_t>, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < lines.lines.size(); ++i) {
    const std::uint32_t row = rule_row(plan, rule, lines.lines[i]);
    if (row != kNoLineRow) groups[{lines.lines[i].payout, row}].push_back(i);
  }
  return groups;
}

num::Result<std::int64_t> rounded_total(const SettleContext& ctx, const Lines& lines,
                                        const std::vector<std::size_t>& group, std::vector<std::int64_t>* each) {
  std::int64_t total = 0;
  for (std::size_t i : group) {
    auto rounded = ctx.rounding.minor(lines.lines[i].current());
    if (!rounded) return rounded.error();
    std::int64_t minor = *rounded;
    for (const FloorTopUp& f : lines.lines[i].floors) minor += f.minor;
    if (each) each->push_back(minor);
    total += minor;
  }
  return total;
}

num::Result<void> cap_group(const SettleContext& ctx, check::RuleId id, std::uint32_t row,
                            const std::vector<std::size_t>& group, Lines& lines) {
  const check::RuleInfo& rule = ctx.plan.rules[id];
  auto cap = number_on(ctx, *rule.decl->limit.amount, rule.subject, row);
  if (!cap) return cap.error();
  if (!*cap) return {};  // a null cap limits nothing
  auto cap_minor = ctx.rounding.minor(**cap);
  if (!cap_minor) return cap_minor.error();
  std::vector<std::int64_t> before;
  auto total = rounded_total(ctx, lines, group, &before);
  if (!total) return total.error();
  const std::int64_t limit = std::max<std::int64_t>(*cap_minor, 0);
  if (*total <= limit) return {};
  std::vector<num::AllocationShare> shares;
  for (std::size_t k = 0; k < group.size(); ++k)
    shares.push_back({customer_key(ctx.evaluation, lines.lines[group[k]]).value_or(std::string()),
                      num::Decimal::from_int(before[k])});
  auto parts = num::allocate(ctx.rounding.money_of_minor(*total - limit), shares);
  if (!parts) return parts.error();
  for (std::size_t k = 0; k < group.size(); ++k) {
    auto part = (*parts)[k].amount.amount().units_at(ctx.rounding.exponent());
    if (!part || *part == 0) continue;
    lines.lines[group[k]].adjustments.push_back({ledger::EntryKind::cap, id, ctx.rounding.from_minor(before[k] - *part)});
  }
  return {};
}

bool reduced_by_gate_or_veto(const Line& line) {
  return std::any_of(line.adjustments.begin(), line.adjustments.end(), [](const Adjustment& a) {
    return a.kind == ledger::EntryKind::gate || a.kind == ledger::EntryKind::veto;
  });
}

num::Result<void> floor_group(const SettleContext& ctx, check::RuleId id, std::uint32_t row,
                              const std::vector<std::size_t>& group, Lines& lines, std::vector<Line>& added) {
  const check::RuleInfo& rule = ctx.plan.rules[id];
  if (std::any_of(group.begin(), group.end(), [&](std::size_t i) { return reduced_by_gate_or_veto(lines.lines[i]); }))
    return {};
  auto floor = number_on(ctx, *rule.decl->limit.amount, rule.subject, row);
  if (!floor) return floor.error();
  if (!*floor) return {};
  auto floor_minor = ctx.rounding.minor(**floor);
  if (!floor_minor) return floor_minor.error();
  auto total = rounded_total(ctx, lines, group, nullptr);
  if (!total) return total.error();
  if (*total >= *floor_minor) return {};
  const FloorTopUp top_up{id, *floor_minor - *total};
  // The top-up goes on the payee's own line (no customer) when there is one,
  // else on a line of its own, so that no customer is credited with it.
  for (std::size_t i : group)
    if (!lines.lines[i].has_customer()) {
      lines.lines[i].floors.push_back(top_up);
      return {};
    }
  const Line& first = lines.lines[group.front()];
  Line line;
  line.payout = first.payout;
  line.subject_record = first.subject_record;
  line.payee_record = first.payee_record;
  line.payee_row = first.payee_row;
  line.payee_rank = first.payee_rank;
  line.floors.push_back(top_up);
  added.push_back(std::move(line));
  return {};
}

}  // namespace

num::Result<void> apply_gates(const SettleContext& ctx, Lines& lines) {
  for (check::RuleId id : rules_of_kind(ctx.plan, syntax::DeclKind::Gate)) {
    const check::RuleInfo& rule = ctx.plan.rules[id];
    ConditionCache met(ctx, rule.subject, *rule.decl->gate.requirement);
    for (Line& line : lines.lines) {
      const std::uint32_t row = rule_row(ctx.plan, id, line);
      if (row == kNoLineRow || line.current().is_zero()) continue;
      auto ok = met.at(row);
      if (!ok) return ok.error();
      if (!*ok) line.adjustments.push_back({ledger::EntryKind::gate, id, num::Decimal()});
    }
  }
  return {};
}

num::Result<void> apply_vetoes(const SettleContext& ctx, Lines& lines) {
  for (check::RuleId id : rules_of_kind(ctx.plan, syntax::DeclKind::Veto)) {
    const check::RuleInfo& rule = ctx.plan.rules[id];
    const syntax::Veto& veto = rule.decl->veto;
    ConditionCache holds(ctx, rule.subject, *veto.condition);
    for (Line& line : lines.lines) {
      const std::uint32_t row = rule_row(ctx.plan, id, line);
      if (row == kNoLineRow || line.current().is_zero()) continue;
      auto vetoed = holds.at(row);
      if (!vetoed) return vetoed.error();
      if (!*vetoed) continue;
      num::Decimal after;  // `zero`
      if (veto.cut) {
        auto cut = number_on(ctx, *veto.cut, rule.subject, row);
        if (!cut) return cut.error();
        // A cut is a share of what is left, between nothing and everything.
        num::Decimal share = cut->value_or(num::Decimal());
        share = std::clamp(share, num::Decimal(), num::Decimal::from_int(1));
        auto kept = num::sub(num::Decimal::from_int(1), share);
        if (!kept) return kept.error();
        auto left = num::mul(line.current(), *kept);
        if (!left) return left.error();
        after = std::move(*left);
      }
      line.adjustments.push_back({ledger::EntryKind::veto, id, std::move(after)});
    }
  }
  return {};
}

num::Result<void> apply_caps(const SettleContext& ctx, Lines& lines) {
  for (check::RuleId id : rules_of_kind(ctx.plan, syntax::DeclKind::Limit)) {
    if (!ctx.plan.rules[id].decl->limit.is_cap) continue;
    for (const auto& [key, group] : groups_of(ctx.plan, id, lines)) {
      auto done = cap_group(ctx, id, key.second, group, lines);
      if (!done) return done;
    }
  }
  return {};
}

num::Result<void> apply_floors(const SettleContext& ctx, Lines& lines) {
  for (check::RuleId id : rules_of_kind(ctx.plan, syntax::DeclKind::Limit)) {
    if (ctx.plan.rules[id].decl->limit.is_cap) continue;
    std::vector<Line> added;
    for (const auto& [key, group] : groups_of(ctx.plan, id, lines)) {
      auto done = floor_group(ctx, id, key.second, group, lines, added);
      if (!done) return done;
    }
    if (!added.empty()) {
      for (Line& line : added) lines.lines.push_back(std::move(line));
      sort_lines(lines.lines);
    }
  }
  return {};
}

num::Result<void> apply_rules(const SettleContext& ctx, Lines& lines) {
  for (auto step : {apply_concentration, apply_gates, apply_vetoes, apply_caps, apply_floors}) {
    auto done = step(ctx, lines);
    if (!done) return done;
  }
  return {};
}

}  // namespace accrue::settle
