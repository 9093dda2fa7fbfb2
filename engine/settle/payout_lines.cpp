// Null and negative amounts: a null payout amount is 0 (the spec's null
// rule). A negative amount cannot be posted as earnings (ledger amounts are
// positive and `earned` runs expense -> earned), and netting it silently
// against other lines would hide it, so the line is left out with a warning
// naming the row; a plan that wants to claw back says so in a schedule.
#include "settle/payout_lines.h"

#include <fmt/format.h>

#include <algorithm>

namespace accrue::settle {
namespace {

bool is_payee(const check::Plan& plan, check::RecordId record) {
  return plan.records[record].kind == syntax::RecordKind::Payee;
}

std::string text_of(const SettleContext& ctx, const num::Decimal& amount) {
  auto rounded = amount.to_string(ctx.rounding.exponent(), ctx.rounding.mode);
  return fmt::format("{} {}", rounded ? *rounded : amount.to_string(), ctx.rounding.currency.code());
}

// Subject rows ordered by their payee's key rank, then by row: the order
// lines take (line_order) when rows are in key order, so building the lines
// in this order usually spares sorting them. Rows without a payee are left
// out. A counting sort: one pass to count, one to place.
std::vector<std::uint32_t> rows_by_payee(const std::vector<std::uint32_t>& payee_rank,
                                         const std::vector<std::uint32_t>& payee_of) {
  std::vector<std::uint32_t> start(payee_rank.size() + 1, 0);
  for (std::uint32_t p : payee_of)
    if (p != eval::kNoRow) ++start[payee_rank[p] + 1];
  for (std::size_t r = 1; r < start.size(); ++r) start[r] += start[r - 1];
  std::vector<std::uint32_t> order(start.back());
  for (std::uint32_t row = 0; row < payee_of.size(); ++row)
    if (payee_of[row] != eval::kNoRow) order[start[payee_rank[payee_of[row]]]++] = row;
  return order;
}

// One payout whose amount goes to one payee per subject row. Amounts are
// evaluated in row order (errors and warnings come in data order), lines are
// made in payee order.
num::Result<void> credit_rows(const SettleContext& ctx, check::PayoutId id, Lines& out) {
  const check::PayoutInfo& payout = ctx.plan.payouts[id];
  const eval::Evaluation& ev = ctx.evaluation;
  const bool subject_is_payee = payout.recipient.empty();
  const std::uint32_t rows = ev.rows(payout.subject);
  auto amounts = numbers_on(ctx, *payout.decl->payout.amount, payout.subject);
  if (!amounts) return amounts.error();
  std::vector<std::optional<num::Decimal>> earned = std::move(amounts).value();  // a null amount is 0
  std::vector<std::uint32_t> payee_of(rows, eval::kNoRow);
  for (std::uint32_t row = 0; row < rows; ++row) {
    if (!earned[row]) earned[row] = num::Decimal();
    const std::uint32_t payee_row = subject_is_payee ? row : ev.follow(payout.recipient, row);
    if (earned[row]->sign() < 0) {
      out.warnings.push_back(fmt::format("{} on {} {}: negative amount {} not credited", payout.name,
                                         ctx.plan.records[payout.subject].name, ev.key(payout.subject, row),
                                         text_of(ctx, *earned[row])));
      continue;
    }
    if (payee_row == eval::kNoRow) {
      if (!earned[row]->is_zero())
        out.warnings.push_back(fmt::format("{} on {} {}: no payee to credit ({} is empty); {} not credited",
                                           payout.name, ctx.plan.records[payout.subject].name,
                                           ev.key(payout.subject, row), payout.decl->payout.recipient.front().text,
                                           text_of(ctx, *earned[row])));
      continue;
    }
    payee_of[row] = payee_row;
  }
  const bool credits_customers = !is_payee(ctx.plan, payout.subject);
  const std::vector<std::uint32_t> payee_rank = key_ranks(ev, payout.recipient_record);
  std::vector<std::uint32_t> customer_rank;
  if (credits_customers) customer_rank = key_ranks(ev, payout.subject);
  const std::vector<std::uint32_t> order = rows_by_payee(payee_rank, payee_of);
  for (std::uint32_t row : order) {
    Line& line = out.lines.emplace_back();
    line.payout = id;
    line.subject_record = payout.subject;
    line.subject_row = row;
    line.payee_record = payout.recipient_record;
    line.payee_row = payee_of[row];
    line.payee_rank = payee_rank[payee_of[row]];
    if (credits_customers) line.customer_rank = customer_rank[row];
    line.earned = std::move(*earned[row]);
  }
  return {};
}

// A team pool: each subject row's amount, rounded, is allocated exactly to the
// member rows related to it, by their weights (equal weights when none given).
num::Result<void> split_pools(const SettleContext& ctx, check::PayoutId id, Lines& out) {
  const check::PayoutInfo& payout = ctx.plan.payouts[id];
  const eval::Evaluation& ev = ctx.evaluation;
  const syntax::Payout& decl = payout.decl->payout;
  // Members grouped by the subject row they reach: one pass over the members.
  const std::vector<std::uint32_t> member_rank = key_ranks(ev, payout.split_among);
  std::vector<std::uint32_t> subject_rank;
  if (!is_payee(ctx.plan, payout.subject)) subject_rank = key_ranks(ev, payout.subject);
  std::vector<std::vector<std::uint32_t>> members(ev.rows(payout.subject));
  for (std::uint32_t member = 0; member < ev.rows(payout.split_among); ++member) {
    const std::uint32_t subject_row = ev.follow(payout.split_relation, member);
    if (subject_row != eval::kNoRow) members[subject_row].push_back(member);
  }
  for (std::uint32_t row = 0; row < members.size(); ++row) {
    auto amount = number_on(ctx, *decl.amount, payout.subject, row);
    if (!amount) return amount.error();
    const num::Decimal pool = amount->value_or(num::Decimal());
    const std::string subject_key = ev.key(payout.subject, row);
    if (pool.sign() < 0) {
      out.warnings.push_back(fmt::format("{} on {} {}: negative pool {} not credited", payout.name,
                                         ctx.plan.records[payout.subject].name, subject_key, text_of(ctx, pool)));
      continue;
    }
    auto pool_minor = ctx.rounding.minor(pool);
    if (!pool_minor) return pool_minor.error();
    if (*pool_minor == 0) continue;
    std::vector<num::AllocationShare> shares;
    bool any_weight = false;
    for (std::uint32_t member : members[row]) {
      num::Decimal weight = num::Decimal::from_int(1);
      if (decl.split_by) {
        auto w = number_on(ctx, *decl.split_by, payout.split_among, member);
        if (!w) return w.error();
        weight = w->value_or(num::Decimal());
        if (weight.sign() < 0)
          return num::make_error(
              num::ErrorCode::invalid_argument,
              fmt::format("{}: the split weight of {} {} is negative ({}); a pool is shared by weights >= 0",
                          location(ctx.sources, decl.split_by->span), ctx.plan.records[payout.split_among].name,
                          ev.key(payout.split_among, member), weight.to_string()));
      }
      any_weight = any_weight || !weight.is_zero();
      shares.push_back({ev.key(payout.split_among, member), std::move(weight)});
    }
    if (!any_weight) {
      out.warnings.push_back(fmt::format("{} on {} {}: no member with a positive weight; pool {} not credited",
                                         payout.name, ctx.plan.records[payout.subject].name, subject_key,
                                         text_of(ctx, pool)));
      continue;
    }
    auto parts = num::allocate(ctx.rounding.money_of_minor(*pool_minor), shares);
    if (!parts) return parts.error();
    for (std::size_t i = 0; i < parts->size(); ++i) {
      Line line;
      line.payout = id;
      line.subject_record = payout.subject;
      line.subject_row = row;
      line.payee_record = payout.split_among;
      line.payee_row = members[row][i];
      line.payee_rank = member_rank[members[row][i]];
      if (!subject_rank.empty()) line.customer_rank = subject_rank[row];
      line.earned = (*parts)[i].amount.amount();
      out.lines.push_back(std::move(line));
    }
  }
  return {};
}

}  // namespace

bool line_order(const Line& a, const Line& b) {
  if (a.payout != b.payout) return a.payout < b.payout;
  if (a.payee_rank != b.payee_rank) return a.payee_rank < b.payee_rank;
  // No customer first: kNoCustomer + 1 wraps to 0, below every rank + 1.
  return a.customer_rank + 1 < b.customer_rank + 1;
}

std::string payee_key(const eval::Evaluation& ev, const Line& line) { return ev.key(line.payee_record, line.payee_row); }

std::optional<std::string> customer_key(const eval::Evaluation& ev, const Line& line) {
  if (!line.has_customer()) return std::nullopt;
  return ev.key(line.subject_record, line.subject_row);
}

std::vector<std::uint32_t> key_ranks(const eval::Evaluation& ev, check::RecordId record) {
  const data::Table& table = ev.table(record);
  if (table.key_column) {
    const data::Column& key = table.columns[*table.key_column];
    if (key.type == data::FieldType::Text) return key.text().codes;  // a sorted dictionary, one code per row
  }
  const std::uint32_t rows = ev.rows(record);
  std::vector<std::string> keys(rows);
  std::vector<std::uint32_t> by_key(rows);
  for (std::uint32_t row = 0; row < rows; ++row) {
    keys[row] = ev.key(record, row);
    by_key[row] = row;
  }
  std::sort(by_key.begin(), by_key.end(), [&](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
  std::vector<std::uint32_t> rank(rows);
  for (std::uint32_t r = 0; r < rows; ++r) rank[by_key[r]] = r;
  return rank;
}

void sort_lines(std::vector<Line>& lines) {
  // Lines usually arrive in order (credit_rows builds them so); when they do
  // not, sorting small handles and moving each line once is much cheaper
  // than letting the sort move whole lines (strings, amounts, vectors).
  std::vector<std::uint32_t> order(lines.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&lines](std::uint32_t a, std::uint32_t b) { return line_order(lines[a], lines[b]); });
  std::vector<Line> sorted;
  sorted.reserve(lines.size());
  for (std::uint32_t i : order) sorted.push_back(std::move(lines[i]));
  lines = std::move(sorted);
}

num::Result<Lines> build_payout_lines(const SettleContext& ctx) {
  Lines out;
  // Room for every credited row up front: growing a million lines would move
  // them, and each move touches fresh memory (reserved, untouched pages cost
  // nothing).
  std::size_t most_lines = 0;
  for (const check::PayoutInfo& payout : ctx.plan.payouts)
    if (payout.split_among == check::kNoId) most_lines += ctx.evaluation.rows(payout.subject);
  out.lines.reserve(most_lines);
  for (check::PayoutId id = 0; id < ctx.plan.payouts.size(); ++id) {
    const check::PayoutInfo& payout = ctx.plan.payouts[id];
    auto done = payout.split_among != check::kNoId ? split_pools(ctx, id, out) : credit_rows(ctx, id, out);
    if (!done) return done.error();
  }
  // Already in line_order when rows are in key order (the usual case): one
  // pass checks it; otherwise sort.
  for (std::size_t i = 1; i < out.lines.size(); ++i) {
    if (!line_order(out.lines[i - 1], out.lines[i])) {
      sort_lines(out.lines);
      break;
    }
  }
  return out;
}

}  // namespace accrue::settle
