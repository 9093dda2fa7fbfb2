#include "settle/posting.h"

#include <algorithm>
#include <unordered_map>

#include "data/civil_date.h"
#include "settle/deferral.h"

namespace accrue::settle {
namespace {

using ledger::NameId;

// Entries of one payout share its accounts, names and spans (name ids in the
// batch's name table).
struct PayoutPosting {
  NameId expense = ledger::kNoName;
  NameId name = ledger::kNoName, span = ledger::kNoName;                  // earned entries
  NameId tranche_rule = ledger::kNoName, tranche_span = ledger::kNoName;  // paid and deferred: the schedule, if any
  std::vector<TrancheShare> tranches;
};

// Writes compact entries: every text is named once in the batch (a payee's
// accounts once per payee, a due date once per day), so an entry costs no
// allocation.
class EntryWriter {
 public:
  EntryWriter(const SettleContext& ctx, ledger::EntryBatch& out)
      : ev_(ctx.evaluation), out_(out), currency_(out.names.id(ctx.rounding.currency.code())) {}

  void start_line(const Line& line) {
    const std::uint64_t row = (std::uint64_t{line.payee_record} << 32) | line.payee_row;
    if (payee_ == nullptr || row != payee_row_) {  // lines come grouped by payee
      auto [names, added] = payees_.try_emplace(row);
      if (added) {
        names->second.key = payee_key(ev_, line);
        names->second.payee = out_.names.id(names->second.key);
        names->second.earned = out_.names.id("earned:" + names->second.key);
      }
      payee_ = &names->second;
      payee_row_ = row;
    }
    customer_ = line.has_customer() ? customer(line) : ledger::kNoName;
  }

  // `from_expense`: a tranche moved straight from the expense (a line no
  // rule changed), not through the payee's earned account.
  void add(const PayoutPosting& p, ledger::EntryKind kind, std::int64_t minor, NameId rule, NameId span,
           std::optional<std::int32_t> due = std::nullopt, bool from_expense = false) {
    if (minor == 0) return;
    ledger::CompactEntry& e = out_.entries.emplace_back();
    e.sequence = static_cast<std::int64_t>(out_.entries.size());
    e.payee = payee_->payee;
    e.customer = customer_;
    e.component = p.name;
    e.kind = kind;
    switch (kind) {
      case ledger::EntryKind::earned:
      case ledger::EntryKind::floor: e.debit_account = p.expense; e.credit_account = payee_->earned; break;
      case ledger::EntryKind::paid:
        e.debit_account = from_expense ? p.expense : payee_->earned;
        e.credit_account = account(payee_->payable, "payable:");
        break;
      case ledger::EntryKind::deferred:
        e.debit_account = from_expense ? p.expense : payee_->earned;
        e.credit_account = account(payee_->deferred, "deferred:");
        break;
      default: e.debit_account = payee_->earned; e.credit_account = p.expense; break;  // veto, cap, gate
    }
    e.amount_minor = minor;
    e.currency = currency_;
    if (due) e.due_date = due_date(*due);
    e.rule = rule;
    e.source_span = span;
  }

  NameId name(std::string_view text) { return out_.names.id(text); }

 private:
 public:
  // Customers are named once per subject row, before posting, in the order
  // the lines credit them: the ledger's readers (checks, hashes, inserts)
  // then read customer names sequentially, as they read entries. The key
  // texts are read in row order (sequential in the data) and written to
  // their line-order place in one block; a row's name id is its record's
  // first id plus its place. Reading keys in line order instead, or naming
  // rows in row order, visits a million scattered keys at random, which
  // measured several hundred milliseconds at 10^7 orders either way.
  void name_customers(const std::vector<Line>& lines) {
    for (const Line& line : lines) {
      if (!line.has_customer()) continue;
      if (line.subject_record >= customers_.size()) customers_.resize(line.subject_record + 1);
      RecordCustomers& named = customers_[line.subject_record];
      if (named.place.empty()) named.place.assign(ev_.rows(line.subject_record), kNoPlace);
      std::uint32_t& place = named.place[line.subject_row];
      if (place == kNoPlace) place = named.count++;
    }
    for (check::RecordId record = 0; record < customers_.size(); ++record) {
      RecordCustomers& named = customers_[record];
      if (named.count == 0) continue;
      // Two sequential passes over the keys (lengths, then bytes) cost less
      // than keeping a million key strings between them.
      std::vector<std::uint32_t> ends(named.count, 0);
      for (std::uint32_t row = 0; row < named.place.size(); ++row)
        if (named.place[row] != kNoPlace) ends[named.place[row]] = static_cast<std::uint32_t>(ev_.key(record, row).size());
      for (std::size_t i = 1; i < ends.size(); ++i) ends[i] += ends[i - 1];
      std::string bytes(ends.back(), '\0');
      for (std::uint32_t row = 0; row < named.place.size(); ++row) {
        const std::uint32_t place = named.place[row];
        if (place == kNoPlace) continue;
        const std::string key = ev_.key(record, row);
        key.copy(bytes.data() + (place == 0 ? 0 : ends[place - 1]), key.size());
      }
      named.first = out_.names.add_all(std::move(bytes), ends);
    }
  }

 private:
  NameId customer(const Line& line) {
    const RecordCustomers& named = customers_[line.subject_record];
    return named.first + named.place[line.subject_row];
  }

  NameId account(NameId& known, std::string_view type) {
    if (known == ledger::kNoName) known = out_.names.id(std::string(type) + payee_->key);
    return known;
  }
  NameId due_date(std::int32_t day) {
    auto [it, added] = due_dates_.try_emplace(day, ledger::kNoName);
    if (added) {
      char text[10];
      data::format_iso_date(day, text);
      it->second = out_.names.id(std::string_view(text, sizeof text));
    }
    return it->second;
  }

  // A payee's name and accounts, named on its first line.
  struct PayeeNames {
    std::string key;
    NameId payee = ledger::kNoName, earned = ledger::kNoName, payable = ledger::kNoName, deferred = ledger::kNoName;
  };

  const eval::Evaluation& ev_;
  ledger::EntryBatch& out_;
  const NameId currency_;
  std::unordered_map<std::uint64_t, PayeeNames> payees_;  // by (payee record, row)
  PayeeNames* payee_ = nullptr;  // the current line's, at (record, row) payee_row_
  std::uint64_t payee_row_ = 0;
  NameId customer_ = ledger::kNoName;
  std::unordered_map<std::int32_t, NameId> due_dates_;
  static constexpr std::uint32_t kNoPlace = UINT32_MAX;
  struct RecordCustomers {
    std::vector<std::uint32_t> place;  // by row: its place among the record's named customers
    std::uint32_t count = 0;
    NameId first = ledger::kNoName;
  };
  std::vector<RecordCustomers> customers_;  // by subject record
};

num::Result<std::vector<PayoutPosting>> payout_postings(const SettleContext& ctx, EntryWriter& writer) {
  std::vector<PayoutPosting> out;
  for (const check::PayoutInfo& payout : ctx.plan.payouts) {
    PayoutPosting p;
    p.expense = writer.name("expense:" + payout.name);
    p.name = writer.name(payout.name);
    p.span = writer.name(declaration_span(ctx.sources, *payout.decl));
    if (payout.schedule != check::kNoId) {
      const check::ScheduleInfo& schedule = ctx.plan.schedules[payout.schedule];
      p.tranche_rule = writer.name(schedule.name);
      p.tranche_span = writer.name(declaration_span(ctx.sources, *schedule.decl));
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

num::Result<ledger::EntryBatch> post_lines(const SettleContext& ctx, const Lines& lines) {
  ledger::EntryBatch entries;
  EntryWriter writer(ctx, entries);
  auto postings = payout_postings(ctx, writer);
  if (!postings) return postings.error();
  std::vector<NameId> rule_names, rule_spans;
  for (const check::RuleInfo& rule : ctx.plan.rules) {
    rule_names.push_back(writer.name(rule.name));
    rule_spans.push_back(writer.name(declaration_span(ctx.sources, *rule.decl)));
  }

  std::size_t most_tranches = 1;
  for (const PayoutPosting& p : *postings) most_tranches = std::max(most_tranches, p.tranches.size());
  entries.entries.reserve(lines.lines.size() * (1 + most_tranches));  // earned + tranches; rules add a few
  writer.name_customers(lines.lines);
  struct Step {
    ledger::EntryKind kind;
    std::int64_t minor;
    NameId rule, span;
  };
  std::vector<Step> steps;
  std::vector<Tranche> tranches;
  for (const Line& line : lines.lines) {
    const PayoutPosting& p = (*postings)[line.payout];
    writer.start_line(line);
    auto earned = ctx.rounding.minor(line.earned);
    if (!earned) return earned.error();
    // Each reduction is rounded(before) - rounded(after): the reductions
    // telescope, so earned - reductions is exactly the rounded final amount.
    steps.clear();
    std::int64_t amount = *earned;
    for (const Adjustment& a : line.adjustments) {
      auto after = ctx.rounding.minor(a.after);
      if (!after) return after.error();
      if (amount != *after) steps.push_back({a.kind, amount - *after, rule_names[a.rule], rule_spans[a.rule]});
      amount = *after;
    }
    for (const FloorTopUp& f : line.floors) {
      if (f.minor != 0) steps.push_back({ledger::EntryKind::floor, f.minor, rule_names[f.rule], rule_spans[f.rule]});
      amount += f.minor;
    }
    // One row per money movement: a line no rule changed moves its tranches
    // straight from the expense; a line a rule changed shows its gross, each
    // change and the tranches through the payee's earned account.
    const bool direct = steps.empty();
    if (!direct) {
      writer.add(p, ledger::EntryKind::earned, *earned, p.name, p.span);
      for (const Step& step : steps) writer.add(p, step.kind, step.minor, step.rule, step.span);
    }
    auto split = split_into_tranches(ctx.rounding, p.tranches, amount, tranches);
    if (!split) return split.error();
    for (const Tranche& t : tranches)
      // A tranche out of `earned` records the schedule's split (the gross
      // row cites the payout); a tranche straight from the expense is the
      // only row of its line, so it cites the payout whose formula computed
      // the amount (the payout's declaration names its schedule).
      writer.add(p, t.due ? ledger::EntryKind::deferred : ledger::EntryKind::paid, t.minor,
                 direct ? p.name : p.tranche_rule, direct ? p.span : p.tranche_span, t.due, direct);
  }
  return entries;
}

}  // namespace accrue::settle
