#include "settle/deferral.h"

#include <fmt/format.h>

#include "data/civil_date.h"

namespace accrue::settle {

std::optional<std::int32_t> add_duration(std::int32_t day, std::int64_t count, std::string_view unit) {
  if (unit == "day" || unit == "days") return static_cast<std::int32_t>(day + count);
  std::int64_t months = 0;
  if (unit == "month" || unit == "months") months = count;
  else if (unit == "quarter" || unit == "quarters") months = 3 * count;
  else if (unit == "year" || unit == "years") months = 12 * count;
  else return std::nullopt;
  const data::CivilDate date = data::civil_from_days(day);
  const std::int64_t index = static_cast<std::int64_t>(date.year) * 12 + (date.month - 1) + months;
  const auto year = static_cast<std::int32_t>(index / 12);
  const auto month = static_cast<std::uint32_t>(index % 12 + 1);
  const std::uint32_t last = data::days_in_month(year, month);
  return data::days_from_civil({year, month, date.day < last ? date.day : last});
}

namespace {

// Tranche shares are percent literals (the checker makes them total 100%).
num::Result<num::Decimal> share_of(const SettleContext& ctx, const syntax::Expr& share) {
  if (share.kind == syntax::ExprKind::Percent) return num::Decimal::parse(share.text + "%");
  return num::make_error(num::ErrorCode::invalid_argument,
                         fmt::format("{}: a tranche's share must be a percent", location(ctx.sources, share.span)));
}

}  // namespace

num::Result<std::vector<TrancheShare>> deferral_plan(const SettleContext& ctx, const check::PayoutInfo& payout) {
  std::vector<TrancheShare> plan;
  if (payout.schedule == check::kNoId) {
    plan.push_back({num::Decimal::from_int(1), std::nullopt});
    return plan;
  }
  for (const syntax::ScheduleItem& item : ctx.plan.schedules[payout.schedule].decl->schedule.items) {
    if (item.kind != syntax::ScheduleItemKind::Now && item.kind != syntax::ScheduleItemKind::After) continue;
    if (!item.share) continue;
    auto share = share_of(ctx, *item.share);
    if (!share) return share.error();
    TrancheShare tranche{std::move(*share), std::nullopt};
    if (item.kind == syntax::ScheduleItemKind::After) {
      auto count = num::Decimal::parse(item.after.count);
      std::optional<std::int64_t> whole = count ? count->units_at(0) : std::nullopt;
      std::optional<std::int32_t> due =
          whole ? add_duration(ctx.evaluation.period().last_day, *whole, item.after.unit.text) : std::nullopt;
      if (!due)
        return num::make_error(num::ErrorCode::invalid_argument,
                               fmt::format("{}: cannot date the tranche 'after {} {}'",
                                           location(ctx.sources, item.span), item.after.count, item.after.unit.text));
      tranche.due = due;
    }
    plan.push_back(std::move(tranche));
  }
  if (plan.empty()) plan.push_back({num::Decimal::from_int(1), std::nullopt});
  return plan;
}

namespace {

constexpr std::int64_t kShareScale = 1'000'000'000;  // shares as exact billionths

// The split num::allocate makes (largest remainder, ties to the earlier
// tranche), in 128-bit integers, for the common case: a non-negative amount
// and shares that are whole billionths totalling exactly 1. Returns false
// when the case does not apply; the exact path then decides.
bool split_in_billionths(const std::vector<TrancheShare>& plan, std::int64_t posted_minor, std::vector<Tranche>& out) {
  if (posted_minor < 0 || plan.size() > 64) return false;
  std::int64_t numerators[64];
  std::int64_t total = 0;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const auto units = plan[i].share.units_at(9);
    if (!units || *units < 0) return false;
    numerators[i] = *units;
    total += *units;
  }
  if (total != kShareScale) return false;
  std::int64_t remainders[64];
  std::int64_t given = 0;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const __int128 product = static_cast<__int128>(posted_minor) * numerators[i];
    const auto part = static_cast<std::int64_t>(product / kShareScale);
    remainders[i] = static_cast<std::int64_t>(product % kShareScale);
    out.push_back({part, plan[i].due});
    given += part;
  }
  // The leftover is fewer than the tranches with a remainder: one minor unit
  // each to the largest remainders, the earlier tranche first on a tie.
  for (std::int64_t left = posted_minor - given; left > 0; --left) {
    std::size_t best = plan.size();
    for (std::size_t i = 0; i < plan.size(); ++i)
      if (remainders[i] > 0 && (best == plan.size() || remainders[i] > remainders[best])) best = i;
    out[best].minor += 1;
    remainders[best] = 0;
  }
  return true;
}

}  // namespace

num::Result<std::vector<Tranche>> split_into_tranches(const MoneyRounding& rounding,
                                                      const std::vector<TrancheShare>& plan,
                                                      std::int64_t posted_minor) {
  std::vector<Tranche> out;
  auto split = split_into_tranches(rounding, plan, posted_minor, out);
  if (!split) return split.error();
  return out;
}

num::Result<void> split_into_tranches(const MoneyRounding& rounding, const std::vector<TrancheShare>& plan,
                                      std::int64_t posted_minor, std::vector<Tranche>& out) {
  out.clear();
  if (plan.size() == 1) {
    out.push_back({posted_minor, plan.front().due});
    return {};
  }
  out.reserve(plan.size());
  if (split_in_billionths(plan, posted_minor, out)) return {};
  out.clear();
  std::vector<num::AllocationShare> shares;
  for (std::size_t i = 0; i < plan.size(); ++i) shares.push_back({fmt::format("{:04}", i), plan[i].share});
  auto parts = num::allocate(rounding.money_of_minor(posted_minor), shares);
  if (!parts) return parts.error();
  for (std::size_t i = 0; i < plan.size(); ++i) {
    auto minor = (*parts)[i].amount.amount().units_at(rounding.exponent());
    if (!minor) return num::make_error(num::ErrorCode::overflow, "tranche beyond the ledger's minor units");
    out.push_back({*minor, plan[i].due});
  }
  return {};
}

}  // namespace accrue::settle
