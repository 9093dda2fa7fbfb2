// Aggregations: one pass over the source table per aggregation, grouped by
// the related row. The relation path (Order.customer -> Customer.owner) is
// composed once into a source-row -> related-row array; each source row is
// then checked against the window on its date, filtered by `where`, and
// accumulated into its related row's bucket. Sums, averages, minimums and
// maximums of a plain decimal or integer field without `where` take the
// fast path (fast_aggregate.cpp): one fused integer loop per source and
// relation for all such aggregations of the plan.
//
// `where` is a filter, except for share() and all() over the source's rows
// (`share(Customer where churned)`), where it is the condition counted. With a
// bool argument (`share(Order.on_time where amount > 100 CNY)`) the argument is
// the condition and `where` the filter. Nulls are skipped; no rows give
// sum 0, count 0, share 0%, nps 0, any false, all true, and null for avg,
// min and max.
#include <fmt/format.h>

#include <algorithm>

#include "eval/plan_evaluation.h"

namespace accrue::eval::detail {

std::span<const std::uint32_t> PlanEvaluation::relation(const std::vector<check::FieldStep>& path) const {
  if (path.size() == 1) {
    const data::Column* c = column(path[0].record, path[0].field);
    if (c->validity.empty()) return c->rows();
  }
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> cache_key;
  for (const auto& s : path) cache_key.emplace_back(s.record, s.field);
  if (auto it = relations_.find(cache_key); it != relations_.end()) return it->second;
  std::vector<std::uint32_t> to;
  if (!path.empty()) {
    std::uint32_t n = rows(path.front().record);
    to.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) to[i] = i;
    for (const auto& step : path) {
      const data::Column* c = column(step.record, step.field);
      const auto& refs = c->rows();
      if (c->validity.empty()) {
        for (auto& row : to)
          if (row != kNoRow) row = refs[row];
      } else {
        for (auto& row : to)
          if (row != kNoRow) row = c->is_null(row) ? kNoRow : refs[row];
      }
    }
  }
  return relations_.emplace(std::move(cache_key), std::move(to)).first->second;
}

const ValueColumn& PlanEvaluation::aggregate_column(const syntax::Expr& e, const check::ResolvedExpr& r,
                                                    const ExprMap* map) const {
  std::lock_guard lock(mutex_);
  auto cache_key = std::make_pair(&e, map);
  if (auto it = aggregates_.find(cache_key); it != aggregates_.end()) return it->second;
  if (fast_aggregate(e, map)) return aggregates_.at(cache_key);
  return aggregates_.emplace(cache_key, build_aggregate(e, r, map)).first->second;
}

ValueColumn PlanEvaluation::take_aggregate_column(const syntax::Expr& e, const check::ResolvedExpr& r,
                                                  const ExprMap* map) const {
  std::lock_guard lock(mutex_);
  aggregate_column(e, r, map);
  auto it = aggregates_.find({&e, map});
  ValueColumn out = std::move(it->second);
  aggregates_.erase(it);
  return out;
}

namespace {

struct Bucket {
  num::Decimal sum;
  std::int64_t count = 0;   // rows accumulated (sum/avg/count/nps responses), or share's population
  std::int64_t hits = 0;    // share's rows where the condition holds; nps promoters
  std::int64_t misses = 0;  // nps detractors
  bool any = false;         // any: a row held; all: a row failed
  Value best;               // min/max
};

}  // namespace

ValueColumn PlanEvaluation::build_aggregate(const syntax::Expr& e, const check::ResolvedExpr& r,
                                            const ExprMap* map) const {
  using check::Aggregate;
  ValueColumn col;
  check::RecordId source = r.record;
  check::RecordId target = path_end(plan(), r.path);
  if (source == check::kNoId || target == check::kNoId || e.args.empty()) {
    col.failure = Failure{e.span, "internal error: an aggregation without a source or a relation"};
    return col;
  }
  const check::RecordInfo& src = plan().records[source];
  std::uint32_t n_source = rows(source), n_target = rows(target);
  std::span<const std::uint32_t> to = relation(r.path);

  DayRange window;
  const std::vector<std::int32_t>* dates = nullptr;
  const data::Column* date_column = nullptr;
  if (r.has_window && src.dated_field != check::kNoId) {
    if (!window_range(r.window, period(), window)) {
      col.failure = Failure{r.window.span, "this window cannot be read"};
      return col;
    }
    date_column = column(source, src.dated_field);
    dates = &date_column->days();
  }

  const syntax::Expr& arg = *e.args[0];
  const check::ResolvedExpr* ar = map->count(&arg) ? &map->at(&arg) : nullptr;
  bool arg_is_row = ar && ar->target == check::NameTarget::Row && ar->scope == check::NameScope::Source;
  bool arg_is_field = ar && ar->target == check::NameTarget::Field && ar->scope == check::NameScope::Source &&
                      ar->path.empty() && ar->record == source;
  bool arg_is_bool = !arg_is_row && ar && ar->type.is(check::TypeKind::Bool);
  Aggregate kind = r.aggregate;
  // share/all of the source's rows count `where` as their condition.
  bool where_is_condition = (kind == Aggregate::Share || kind == Aggregate::All || kind == Aggregate::Any) && !arg_is_bool;

  std::vector<Bucket> buckets(n_target);
  std::vector<std::pair<std::uint32_t, std::string>> distinct;
  std::optional<Failure> failed;

  // `where` as a column over the source rows when it has one (a condition on
  // the source's own measures and fields), else interpreted on each row.
  enum class WhereState : std::uint8_t { Unknown, Column, Rows };
  WhereState where_state = WhereState::Unknown;
  ColumnValues where_column;

  for (std::uint32_t i = 0; i < n_source && !failed; ++i) {
    std::uint32_t t = to[i];
    if (t == kNoRow) continue;
    if (dates && (date_column->is_null(i) || !window.contains((*dates)[i]))) continue;
    RowRef at{target, t, source, i, map};
    Failure fail;
    bool pass = true;
    if (e.where && where_state == WhereState::Unknown) {
      // Computed at the first row that reads it, so a `where` no row reaches
      // evaluates nothing, as row by row.
      bool ok = eval_column(*e.where, ColumnSpace{source, check::NameScope::Source, n_source, false, map}, where_column);
      where_state = ok ? WhereState::Column : WhereState::Rows;
    }
    if (where_state == WhereState::Column) {
      pass = holds(where_column.at(i));
    } else if (e.where) {
      Value w;
      if (!eval(*e.where, at, w, fail)) {
        failed = fail;
        break;
      }
      pass = holds(w);
    }
    Bucket& b = buckets[t];
    if (where_is_condition) {
      ++b.count;
      if (pass) {
        ++b.hits;
        if (kind == Aggregate::Any) b.any = true;
      } else if (kind == Aggregate::All) {
        b.any = true;
      }
      continue;
    }
    if (!pass) continue;
    if (kind == Aggregate::Count && arg_is_row) {
      ++b.count;
      continue;
    }
    Value v;
    if (arg_is_field) v = field_value(source, ar->index, i);
    else if (arg_is_row) v = Value::of_bool(true);
    else if (!eval(arg, at, v, fail)) {
      failed = fail;
      break;
    }
    switch (kind) {
      case Aggregate::Share: case Aggregate::All: case Aggregate::Any:
        ++b.count;
        if (holds(v)) {
          ++b.hits;
          if (kind == Aggregate::Any) b.any = true;
        } else if (kind == Aggregate::All) {
          b.any = true;
        }
        break;
      case Aggregate::Count:
        if (!v.is_null()) ++b.count;
        break;
      case Aggregate::Sum: case Aggregate::Avg: {
        if (v.kind != Value::Kind::Number) break;
        auto s = num::add(b.sum, v.number);
        if (!s) {
          failed = failure(e, at, s.error().message);
          break;
        }
        b.sum = std::move(s).value();
        ++b.count;
        break;
      }
      case Aggregate::Min: case Aggregate::Max: {
        if (v.is_null()) break;
        int c = b.best.is_null() ? 0 : compare(v, b.best);
        if (b.best.is_null() || (kind == Aggregate::Min ? c < 0 : c > 0)) b.best = std::move(v);
        break;
      }
      case Aggregate::Distinct:
        if (!v.is_null()) distinct.emplace_back(t, identity(v));
        break;
      case Aggregate::Nps: {
        if (v.kind != Value::Kind::Number) break;
        ++b.count;
        if (v.number >= num::Decimal::from_int(9)) ++b.hits;
        else if (v.number <= num::Decimal::from_int(6)) ++b.misses;
        break;
      }
      case Aggregate::None: break;
    }
  }
  if (failed) {
    col.failure = std::move(failed);
    return col;
  }

  PackedColumn& out = col.values;
  out = PackedColumn(n_target);
  if (kind == Aggregate::Distinct) {
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (const auto& [t, text] : distinct) ++buckets[t].count;
  }
  for (std::uint32_t t = 0; t < n_target; ++t) {
    Bucket& b = buckets[t];
    switch (kind) {
      case Aggregate::Sum: out.set(t, Value::of(std::move(b.sum))); break;
      case Aggregate::Avg:
        if (b.count > 0) {
          auto avg = num::div(b.sum, num::Decimal::from_int(b.count));
          if (!avg) {
            col.failure = Failure{e.span, avg.error().message};
            return col;
          }
          out.set(t, Value::of(std::move(avg).value()));
        }
        break;
      case Aggregate::Min: case Aggregate::Max: out.set(t, std::move(b.best)); break;
      case Aggregate::Count: case Aggregate::Distinct: out.set(t, Value::of(num::Decimal::from_int(b.count))); break;
      case Aggregate::Share: {
        auto share = b.count > 0 ? num::div(num::Decimal::from_int(b.hits), num::Decimal::from_int(b.count))
                                 : num::Result<num::Decimal>(num::Decimal());
        out.set(t, Value::of(share ? std::move(share).value() : num::Decimal()));
        break;
      }
      case Aggregate::Nps: {
        auto nps = b.count > 0 ? num::div(num::Decimal::from_int(100 * (b.hits - b.misses)), num::Decimal::from_int(b.count))
                               : num::Result<num::Decimal>(num::Decimal());
        out.set(t, Value::of(nps ? std::move(nps).value() : num::Decimal()));
        break;
      }
      case Aggregate::Any: out.set(t, Value::of_bool(b.any)); break;
      case Aggregate::All: out.set(t, Value::of_bool(!b.any)); break;
      case Aggregate::None: break;
    }
  }
  return col;
}

}  // namespace accrue::eval::detail
