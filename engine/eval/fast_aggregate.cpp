// The fast path of aggregations: count of the source's rows, and sum, avg,
// min and max of a plain decimal or integer field of the source, with a
// window and without `where`. Every such aggregation of the plan that reads
// the same source through the same relation is computed in ONE fused pass:
// the buckets of one related row sit side by side, so a source row costs one
// cache miss however many measures read it (related rows come in random
// order: orders by date, customers all over). The loop reads the columns'
// int64 units at their shared scale, accumulating in int64 when the column's
// bound times the row count cannot overflow, else in __int128. Results equal
// the general path's exactly (the tests compare both).
#include <algorithm>
#include <functional>
#include <memory>
#include <tuple>

#include "eval/plan_evaluation.h"

namespace accrue::eval::detail {
namespace {

using check::Aggregate;

// One aggregation of a fused group.
struct Lane {
  const syntax::Expr* expr = nullptr;
  Aggregate kind = Aggregate::Count;
  const std::int64_t* units = nullptr;  // null: count rows
  int scale = 0;
  std::int64_t bound = 0;               // an upper bound on |units|
  const data::Column* nullable = nullptr;
  bool windowed = false;
  std::int32_t first = 0, last = 0;
};

// A lane's accumulators in its related row's block: sum and count lanes need
// one word, avg, min and max two (the value, then the count), so the block of
// one related row is only as wide as its lanes ask (every byte of it is a
// fresh page at 10^6 related rows).
inline bool counts_only(const Lane& lane) { return lane.kind == Aggregate::Count; }
inline bool needs_count(const Lane& lane) { return lane.kind != Aggregate::Count && lane.kind != Aggregate::Sum; }
inline std::size_t words_of(const Lane& lane) { return needs_count(lane) ? 2 : 1; }

// Each part of `parts` (ranges of related rows) is folded by its own thread,
// which reads every source row and keeps those related to its range: the
// blocks of different parts never share a word, and each block sees its rows
// in row order, as on one thread.
template <class Acc>
std::unique_ptr<Acc[]> fold(const std::vector<Lane>& lanes, const std::vector<std::size_t>& offsets, std::size_t width,
                            std::span<const std::uint32_t> to, const std::int32_t* dates, std::uint32_t n_target,
                            const std::vector<RowRange>& parts) {
  const std::size_t k = lanes.size();
  // Left uninitialised here: each part zeroes its own blocks, so the fresh
  // pages are faulted in by both threads.
  std::unique_ptr<Acc[]> blocks(new Acc[std::size_t{n_target} * width]);
  run_split(parts.size(), [&](std::size_t part) {
    const std::uint32_t lo = parts[part].begin, span = parts[part].size();
    std::fill(blocks.get() + std::size_t{lo} * width, blocks.get() + std::size_t{parts[part].end} * width, Acc{0});
    // The related rows are read ahead of the loop so their blocks' cache misses
    // overlap instead of stalling one after another.
    constexpr std::size_t kAhead = 16;
    for (std::size_t i = 0; i < to.size(); ++i) {
      // Unsigned: a null relation (kNoRow) is outside every range.
      if (i + kAhead < to.size() && to[i + kAhead] - lo < span)
        __builtin_prefetch(&blocks[std::size_t{to[i + kAhead]} * width], 1);
      const std::uint32_t t = to[i];
      if (t - lo >= span) continue;
      const std::int32_t day = dates ? dates[i] : 0;
      Acc* block = &blocks[std::size_t{t} * width];
      for (std::size_t j = 0; j < k; ++j) {
        const Lane& lane = lanes[j];
        if (lane.windowed && (day < lane.first || day > lane.last)) continue;
        if (lane.nullable && lane.nullable->is_null(i)) continue;
        Acc* slot = block + offsets[j];
        if (counts_only(lane)) {
          ++slot[0];
          continue;
        }
        const std::int64_t u = lane.units[i];
        switch (lane.kind) {
          case Aggregate::Sum: slot[0] += u; break;
          case Aggregate::Avg: slot[0] += u; break;
          case Aggregate::Min: if (slot[1] == 0 || u < slot[0]) slot[0] = u; break;
          case Aggregate::Max: if (slot[1] == 0 || u > slot[0]) slot[0] = u; break;
          default: break;
        }
        if (needs_count(lane)) ++slot[1];
      }
    }
  });
  return blocks;
}

// The lane's values on the related rows of `range`, into `out` at row t - at.
template <class Acc>
void lane_values(const Lane& lane, const Acc* blocks, std::size_t offset, std::size_t width, RowRange range,
                 std::uint32_t at, ValueColumn& out) {
  for (std::uint32_t t = range.begin; t < range.end; ++t) {
    const Acc* slot = &blocks[std::size_t{t} * width + offset];
    const auto count = static_cast<std::int64_t>(counts_only(lane) ? slot[0] : needs_count(lane) ? slot[1] : 0);
    num::Result<num::Decimal> value = num::Decimal();
    switch (lane.kind) {
      case Aggregate::Count: value = num::Decimal::from_int(count); break;
      case Aggregate::Sum: value = num::Decimal::from_wide_units(slot[0], lane.scale); break;
      case Aggregate::Avg: {
        if (count == 0) continue;
        auto sum = num::Decimal::from_wide_units(slot[0], lane.scale);
        // num::div's own 128-bit path, keeping a quotient that does not
        // terminate as the column's ratio instead of a heap value.
        if (sum) {
          auto x = num::detail::ratio_of(*sum);
          auto y = num::detail::ratio_of(num::Decimal::from_int(count));
          if (x && y)
            if (auto q = num::detail::ratio_div(*x, *y)) {
              out.values.set_ratio(t - at, *q);
              continue;
            }
        }
        value = sum ? num::div(*sum, num::Decimal::from_int(count)) : sum;
        break;
      }
      case Aggregate::Min: case Aggregate::Max:
        if (count == 0) continue;
        value = num::Decimal::from_wide_units(slot[0], lane.scale);
        break;
      default: continue;
    }
    if (!value) {
      out.failure = Failure{lane.expr->span, value.error().message};
      return;
    }
    out.values.set(t - at, Value::of(std::move(value).value()));
  }
}

// Every lane's column, a lane to a thread (each column is built by one
// thread in row order, so it needs no storage beyond its own); the dearer
// lanes (averages divide) are taken first.
template <class Acc>
void lane_columns(const std::vector<Lane>& lanes, const Acc* blocks, const std::vector<std::size_t>& offsets,
                  std::size_t width, std::uint32_t n_target, unsigned threads, std::vector<ValueColumn>& out) {
  const std::size_t k = lanes.size();
  std::vector<std::size_t> order(k);
  for (std::size_t j = 0; j < k; ++j) order[j] = j;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return (lanes[x].kind == Aggregate::Avg) > (lanes[y].kind == Aggregate::Avg);
  });
  out.resize(k);
  run_tasks(k, threads, [&](std::size_t task) {
    const std::size_t j = order[task];
    out[j].values = PackedColumn(n_target);
    lane_values(lanes[j], blocks, offsets[j], width, RowRange{0, n_target}, 0, out[j]);
  });
}

}  // namespace

// A lane for `e` when it can take the fast path.
static std::optional<Lane> fast_lane(const PlanEvaluation& ev, const check::Plan& plan, const syntax::Expr& e,
                                     const check::ResolvedExpr& r, const ExprMap& map,
                                     const std::function<const data::Column*(check::RecordId, std::uint32_t)>& column) {
  Aggregate kind = r.aggregate;
  if (e.where || e.args.size() != 1) return std::nullopt;
  if (kind != Aggregate::Count && kind != Aggregate::Sum && kind != Aggregate::Avg && kind != Aggregate::Min &&
      kind != Aggregate::Max)
    return std::nullopt;
  check::RecordId source = r.record;
  if (source == check::kNoId || path_end(plan, r.path) == check::kNoId) return std::nullopt;
  auto it = map.find(e.args[0].get());
  if (it == map.end()) return std::nullopt;
  const check::ResolvedExpr& ar = it->second;
  bool arg_is_row = ar.target == check::NameTarget::Row && ar.scope == check::NameScope::Source;
  bool arg_is_field = ar.target == check::NameTarget::Field && ar.scope == check::NameScope::Source &&
                      ar.path.empty() && ar.record == source;
  if (!(arg_is_field || (arg_is_row && kind == Aggregate::Count))) return std::nullopt;
  Lane lane;
  lane.expr = &e;
  lane.kind = kind;
  if (arg_is_field) {
    const data::Column* field = column(source, ar.index);
    if (!field->validity.empty()) lane.nullable = field;
    if (kind != Aggregate::Count) {
      if (field->type == data::FieldType::Integer) {
        lane.units = field->integers().data();
        for (std::int64_t u : field->integers()) lane.bound = std::max(lane.bound, u == INT64_MIN ? INT64_MAX : (u < 0 ? -u : u));
      } else if (field->type == data::FieldType::Number || field->type == data::FieldType::Percent ||
                 field->type == data::FieldType::Money) {
        if (!field->decimals().is_scaled()) return std::nullopt;
        lane.units = field->decimals().units().data();
        lane.scale = field->decimals().scale();
        lane.bound = field->decimals().units_bound();
      } else {
        return std::nullopt;
      }
    }
  }
  const check::RecordInfo& src = plan.records[source];
  if (r.has_window && src.dated_field != check::kNoId) {
    DayRange range;
    if (!window_range(r.window, ev.period(), range)) return std::nullopt;
    if (!column(source, src.dated_field)->validity.empty()) return std::nullopt;
    lane.windowed = true;
    lane.first = range.first;
    lane.last = range.last;
  }
  return lane;
}

void PlanEvaluation::plan_fast_groups() {
  std::map<std::vector<std::pair<std::uint32_t, std::uint32_t>>, std::size_t> by_relation;
  // Source order, so groups (and their lanes) do not depend on hashing.
  std::vector<std::pair<const syntax::Expr*, const check::ResolvedExpr*>> nodes;
  for (const auto& [expr, r] : plan().exprs)
    if (r.aggregate != check::Aggregate::None) nodes.emplace_back(expr, &r);
  std::sort(nodes.begin(), nodes.end(), [](const auto& a, const auto& b) {
    const diag::Span &x = a.first->span, &y = b.first->span;
    return std::tie(x.file, x.line, x.col, x.end_line, x.end_col) < std::tie(y.file, y.line, y.col, y.end_line, y.end_col);
  });
  auto col = [this](check::RecordId rec, std::uint32_t field) { return column(rec, field); };
  for (const auto& [expr, r] : nodes) {
    if (!fast_lane(*this, plan(), *expr, *r, plan().exprs, col)) continue;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> key;
    for (const auto& s : r->path) key.emplace_back(s.record, s.field);
    auto [it, fresh] = by_relation.emplace(std::move(key), fast_groups_.size());
    if (fresh) fast_groups_.emplace_back();
    fast_groups_[it->second].push_back(expr);
    fast_group_of_[expr] = it->second;
  }
  fast_group_done_.assign(fast_groups_.size(), 0);
}

bool PlanEvaluation::fast_aggregate(const syntax::Expr& e, const ExprMap* map) const {
  if (map != &plan().exprs) return false;
  auto g = fast_group_of_.find(&e);
  if (g == fast_group_of_.end() || fast_group_done_[g->second]) return false;
  fast_group_done_[g->second] = 1;
  auto col = [this](check::RecordId rec, std::uint32_t field) { return column(rec, field); };
  std::vector<Lane> lanes;
  const check::ResolvedExpr* first = nullptr;
  for (const syntax::Expr* expr : fast_groups_[g->second]) {
    const check::ResolvedExpr& r = plan().exprs.at(expr);
    if (aggregates_.count({expr, map})) continue;  // computed alone before
    if (auto lane = fast_lane(*this, plan(), *expr, r, *map, col)) {
      lanes.push_back(*lane);
      first = &r;
    }
  }
  if (lanes.empty()) return false;
  check::RecordId source = first->record;
  std::uint32_t n_target = rows(path_end(plan(), first->path));
  std::span<const std::uint32_t> to = relation(first->path);
  const check::RecordInfo& src = plan().records[source];
  const std::int32_t* dates = src.dated_field != check::kNoId ? column(source, src.dated_field)->days().data() : nullptr;
  // int64 sums cannot overflow when every row's bound added up fits.
  __int128 worst = 0;
  for (const Lane& lane : lanes) worst = std::max(worst, static_cast<__int128>(lane.bound) * static_cast<__int128>(to.size()));
  bool narrow = worst < static_cast<__int128>(INT64_MAX);
  std::size_t k = lanes.size();
  std::vector<std::size_t> offsets(k);
  std::size_t width = 0;
  for (std::size_t j = 0; j < k; ++j) {
    offsets[j] = width;
    width += words_of(lanes[j]);
  }
  const std::vector<RowRange> parts = ranges(n_target);
  const auto lane_threads = static_cast<unsigned>(parts.size());
  std::vector<ValueColumn> columns;
  if (narrow) {
    auto blocks = fold<std::int64_t>(lanes, offsets, width, to, dates, n_target, parts);
    lane_columns(lanes, blocks.get(), offsets, width, n_target, lane_threads, columns);
  } else {
    auto blocks = fold<__int128>(lanes, offsets, width, to, dates, n_target, parts);
    lane_columns(lanes, blocks.get(), offsets, width, n_target, lane_threads, columns);
  }
  for (std::size_t j = 0; j < k; ++j) aggregates_.emplace(std::make_pair(lanes[j].expr, map), std::move(columns[j]));
  return aggregates_.count({&e, map}) != 0;
}

}  // namespace accrue::eval::detail
