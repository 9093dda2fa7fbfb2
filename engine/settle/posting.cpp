#include "settle/posting.h"

#include <algorithm>

#include "data/civil_date.h"
#include "settle/deferral.h"

namespace accrue::settle {
namespace {

std::string iso_date(std::int32_t day) {
  char text[10];
  data::format_iso_date(day, text);
  return std::string(text, sizeof text);
}

// Entries of one payout share its accounts, names and spans.
struct PayoutPosting {
  std::string expense;
  std::string name, span;                  // earned entries
  std::string tranche_rule, tranche_span;  // paid and deferred: the schedule when there is one
  std::vector<TrancheShare> tranches;
};

class EntryWriter {
 public:
  EntryWriter(const SettleContext& ctx, std::vector<ledger::Entry>& out) : ctx_(ctx), out_(out) {}

  // The payee's accounts are named once per line, not once per entry.
  void start_line(const Line& line) {
    earned_ = "earned:" + line.payee;
    payable_.clear();
    deferred_.clear();
  }

  void add(const Line& line, const PayoutPosting& p, ledger::EntryKind kind, std::int64_t minor,
           const std::string& rule, const std::string& span, std::optional<std::int32_t> due = std::nullopt) {
    if (minor == 0) return;
    ledger::Entry& e = out_.emplace_back();
    e.sequence = static_cast<std::int64_t>(out_.size());
    e.payee = line.payee;
    e.customer = line.customer;
    e.component = ctx_.plan.payouts[line.payout].name;
    e.kind = kind;
    switch (kind) {
      case ledger::EntryKind::earned:
      case ledger::EntryKind::floor: e.debit_account = p.expense; e.credit_account = earned_; break;
      case ledger::EntryKind::paid: e.debit_account = earned_; e.credit_account = account(payable_, "payable:", line); break;
      case ledger::EntryKind::deferred:
        e.debit_account = earned_;
        e.credit_account = account(deferred_, "deferred:", line);
        break;
      default: e.debit_account = earned_; e.credit_account = p.expense; break;  // veto, cap, gate
    }
    e.amount_minor = minor;
    e.currency = currency_;
    if (due) e.due_date = iso_date(*due);
    e.rule = rule;
    e.source_span = span;
  }

 private:
  static const std::string& account(std::string& name, std::string_view type, const Line& line) {
    if (name.empty()) name.append(type).append(line.payee);
    return name;
  }

  const SettleContext& ctx_;
  std::vector<ledger::Entry>& out_;
  const std::string currency_{ctx_.rounding.currency.code()};
  std::string earned_, payable_, deferred_;
};

num::Result<std::vector<PayoutPosting>> payout_postings(const SettleContext& ctx) {
  std::vector<PayoutPosting> out;
  for (const check::PayoutInfo& payout : ctx.plan.payouts) {
    PayoutPosting p;
    p.expense = "expense:" + payout.name;
    p.name = payout.name;
    p.span = declaration_span(ctx.sources, *payout.decl);
    if (payout.schedule != check::kNoId) {
      const check::ScheduleInfo& schedule = ctx.plan.schedules[payout.schedule];
      p.tranche_rule = schedule.name;
      p.tranche_span = declaration_span(ctx.sources, *schedule.decl);
    } else {
      p.tranche_rule = p.name;
      p.tranche_span = p.span;
    }
    auto tranches = deferral_plan(ctx, payout);
    if (!tranches) return tranches.error();
    p.tranches = std::move(*tranches);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

num::Result<std::vector<ledger::Entry>> post_lines(const SettleContext& ctx, const Lines& lines) {
  auto postings = payout_postings(ctx);
  if (!postings) return postings.error();
  std::vector<std::string> rule_spans;
  for (const check::RuleInfo& rule : ctx.plan.rules) rule_spans.push_back(declaration_span(ctx.sources, *rule.decl));

  std::vector<ledger::Entry> entries;
  std::size_t most_tranches = 1;
  for (const PayoutPosting& p : *postings) most_tranches = std::max(most_tranches, p.tranches.size());
  entries.reserve(lines.lines.size() * (1 + most_tranches));  // earned + tranches; rules add a few
  EntryWriter writer(ctx, entries);
  for (const Line& line : lines.lines) {
    const PayoutPosting& p = (*postings)[line.payout];
    writer.start_line(line);
    auto earned = ctx.rounding.minor(line.earned);
    if (!earned) return earned.error();
    writer.add(line, p, ledger::EntryKind::earned, *earned, p.name, p.span);
    // Each reduction is rounded(before) - rounded(after): the reductions
    // telescope, so earned - reductions is exactly the rounded final amount.
    std::int64_t amount = *earned;
    for (const Adjustment& a : line.adjustments) {
      auto after = ctx.rounding.minor(a.after);
      if (!after) return after.error();
      const check::RuleInfo& rule = ctx.plan.rules[a.rule];
      writer.add(line, p, a.kind, amount - *after, rule.name, rule_spans[a.rule]);
      amount = *after;
    }
    for (const FloorTopUp& f : line.floors) {
      writer.add(line, p, ledger::EntryKind::floor, f.minor, ctx.plan.rules[f.rule].name, rule_spans[f.rule]);
      amount += f.minor;
    }
    auto tranches = split_into_tranches(ctx.rounding, p.tranches, amount);
    if (!tranches) return tranches.error();
    for (const Tranche& t : *tranches)
      writer.add(line, p, t.due ? ledger::EntryKind::deferred : ledger::EntryKind::paid, t.minor, p.tranche_rule,
                 p.tranche_span, t.due);
  }
  return entries;
}

}  // namespace accrue::settle
