// Grades, targets, scorecards and situations: the measures that map values
// to labels and scores.
//
// - Threshold grade: the first arm whose lower bound the value reaches.
// - Percentile grade: a row is in the top X% when fewer than X% of the
//   subject's rows (with a value) have a strictly greater value, so equal
//   values always share the better grade. A row without a value has no grade.
// - Target: below base the floor (default 0%); from base to ideal linear
//   between the tiers (or the tier reached, stepped); at ideal the ideal
//   score; above ideal the ceiling (default the ideal score); a given
//   ceiling also caps every score. A measured value that is null has not
//   reached base: the floor.
// - Scorecard: the first variant whose condition holds, else the default
//   set; Σ KPI × weight. A null KPI makes the score null.
// - Situation: its period range overlaps the settlement period and its
//   condition holds.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "data/civil_date.h"
#include "eval/plan_evaluation.h"

namespace accrue::eval::detail {
namespace {

using syntax::Expr;

bool decimal_or_fail(const Value& v, const Expr& e, const char* what, Failure& fail) {
  if (v.kind == Value::Kind::Number) return true;
  fail = Failure{e.span, fmt::format("{} has no value", what)};
  return false;
}

}  // namespace

bool PlanEvaluation::eval_grade(const Expr& e, const RowRef& at, Value& out, Failure& fail) const {
  if (e.by_percentile) {
    const ValueColumn& col = percentile_column(e, at);
    if (col.failure) {
      fail = *col.failure;
      return false;
    }
    out = col.values.get(at.subject_row);
    return true;
  }
  Value x;
  if (!eval(*e.args[0], at, x, fail)) return false;
  out = Value::null();
  if (x.is_null()) return true;
  for (std::uint32_t i = 0; i < e.arms.size(); ++i) {
    const syntax::GradeArm& arm = e.arms[i];
    bool reached = arm.kind == syntax::GradeArmKind::Else;
    if (!reached && arm.bound) {
      Value bound;
      if (!eval(*arm.bound, at, bound, fail)) return false;
      reached = !bound.is_null() && bound.kind == x.kind && compare(x, bound) >= 0;
    }
    if (reached) {
      out.kind = Value::Kind::Grade;
      out.grade = i;
      return true;
    }
  }
  return true;
}

const ValueColumn& PlanEvaluation::percentile_column(const Expr& e, const RowRef& at) const {
  std::lock_guard lock(mutex_);
  auto cache_key = std::make_pair(&e, at.map);
  if (auto it = percentiles_.find(cache_key); it != percentiles_.end()) return it->second;
  ValueColumn col;
  if (at.source != check::kNoId || at.subject == check::kNoId) {
    col.failure = failure(e, at, "a percentile grade ranks the rows of a measure's subject; it cannot be used "
                                 "inside an aggregation");
    return percentiles_.emplace(cache_key, std::move(col)).first->second;
  }
  std::uint32_t n = rows(at.subject);
  std::vector<Value> graded(n);
  for (std::uint32_t row = 0; row < n && !col.failure; ++row) {
    Failure fail;
    if (!eval(*e.args[0], RowRef{at.subject, row, check::kNoId, kNoRow, at.map}, graded[row], fail)) col.failure = fail;
  }
  col.values = PackedColumn(n);
  if (!col.failure) {
    std::vector<std::uint32_t> order;
    for (std::uint32_t row = 0; row < n; ++row)
      if (!graded[row].is_null()) order.push_back(row);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return compare(graded[a], graded[b]) > 0; });
    num::Decimal total = num::Decimal::from_int(static_cast<std::int64_t>(order.size()));
    // Shares of the population each arm admits, evaluated once.
    std::vector<std::optional<num::Decimal>> limits(e.arms.size());
    for (std::size_t i = 0; i < e.arms.size() && !col.failure; ++i) {
      if (e.arms[i].kind != syntax::GradeArmKind::Top || !e.arms[i].bound) continue;
      Value share;
      Failure fail;
      if (!eval(*e.arms[i].bound, RowRef{at.subject, kNoRow, check::kNoId, kNoRow, at.map}, share, fail) ||
          !decimal_or_fail(share, *e.arms[i].bound, "the percentile band", fail)) {
        col.failure = fail;
        break;
      }
      auto limit = num::mul(share.number, total);
      if (limit) limits[i] = *limit;
    }
    std::size_t greater = 0;  // rows with a strictly greater value than the current run of equals
    for (std::size_t pos = 0; pos < order.size() && !col.failure; ++pos) {
      if (pos > 0 && compare(graded[order[pos]], graded[order[pos - 1]]) != 0) greater = pos;
      num::Decimal ahead = num::Decimal::from_int(static_cast<std::int64_t>(greater));
      for (std::uint32_t i = 0; i < e.arms.size(); ++i) {
        bool in = e.arms[i].kind == syntax::GradeArmKind::Else || (limits[i] && ahead < *limits[i]);
        if (in) {
          Value v;
          v.kind = Value::Kind::Grade;
          v.grade = i;
          col.values.set(order[pos], std::move(v));
          break;
        }
      }
    }
  }
  return percentiles_.emplace(cache_key, std::move(col)).first->second;
}

bool PlanEvaluation::eval_target(const syntax::Decl& d, const RowRef& at, Value& out, Failure& fail) const {
  const syntax::Target& t = d.target;
  const syntax::Tier* tiers[3] = {nullptr, nullptr, nullptr};
  for (const auto& tier : t.tiers) {
    int i = tier.tier.text == "base" ? 0 : tier.tier.text == "challenge" ? 1 : tier.tier.text == "ideal" ? 2 : -1;
    if (i >= 0) tiers[i] = &tier;
  }
  if (!tiers[0] || !tiers[1] || !tiers[2]) {
    fail = Failure{d.name.span, "a target needs its base, challenge and ideal tiers"};
    return false;
  }
  num::Decimal th[3], score[3];
  for (int i = 0; i < 3; ++i) {
    Value a, b;
    if (!eval(*tiers[i]->threshold, at, a, fail) || !eval(*tiers[i]->score, at, b, fail)) return false;
    if (!decimal_or_fail(a, *tiers[i]->threshold, "the tier's threshold", fail) ||
        !decimal_or_fail(b, *tiers[i]->score, "the tier's score", fail))
      return false;
    th[i] = a.number;
    score[i] = b.number;
  }
  std::optional<num::Decimal> floor, ceiling;
  for (auto [expr, slot] : {std::pair{t.floor.get(), &floor}, std::pair{t.ceiling.get(), &ceiling}}) {
    if (!expr) continue;
    Value v;
    if (!eval(*expr, at, v, fail)) return false;
    if (!decimal_or_fail(v, *expr, "the target's bound", fail)) return false;
    *slot = v.number;
  }
  Value measured;
  if (!eval(*t.measured, at, measured, fail)) return false;
  num::Decimal result = floor.value_or(num::Decimal());
  if (measured.kind == Value::Kind::Number) {
    const num::Decimal& v = measured.number;
    if (v < th[0]) {
      result = floor.value_or(num::Decimal());
    } else if (v > th[2]) {
      result = ceiling.value_or(score[2]);
    } else if (v == th[2]) {
      result = score[2];
    } else {
      int i = v >= th[1] ? 1 : 0;  // the tier reached; interpolate toward the next one
      result = score[i];
      if (t.linear) {
        auto step = num::sub(v, th[i]);
        auto width = num::sub(th[i + 1], th[i]);
        auto rise = num::sub(score[i + 1], score[i]);
        auto frac = step && width ? num::div(*step, *width) : step;
        auto part = frac && rise ? num::mul(*frac, *rise) : frac;
        auto sum = part ? num::add(score[i], *part) : part;
        if (!sum) {
          fail = failure(*t.measured, at, sum.error().message);
          return false;
        }
        result = *sum;
      }
    }
    if (ceiling && result > *ceiling) result = *ceiling;
  }
  out = Value::of(std::move(result));
  return true;
}

bool PlanEvaluation::eval_scorecard(const syntax::Decl& d, const RowRef& at, Value& out, Failure& fail) const {
  const syntax::Scorecard& s = d.scorecard;
  const std::vector<syntax::Dimension>* dims = &s.dimensions;
  for (const auto& variant : s.variants) {
    Value c;
    if (!eval(*variant.condition, at, c, fail)) return false;
    if (holds(c)) {
      dims = &variant.dimensions;
      break;
    }
  }
  const check::RecordInfo& subject = plan().records[at.subject];
  num::Decimal total;
  for (const auto& dim : *dims) {
    for (const auto& kpi : dim.kpis) {
      auto it = subject.measure_index.find(kpi.kpi.text);
      auto weight = num::Decimal::parse(kpi.weight + "%");
      if (it == subject.measure_index.end() || !weight) {
        fail = Failure{kpi.kpi.span, fmt::format("KPI '{}' has no measure or weight", kpi.kpi.text)};
        return false;
      }
      ensure_measure(it->second);
      const Value v = measures_[it->second].get(at.subject_row);
      if (v.kind != Value::Kind::Number) {
        out = Value::null();
        return true;
      }
      auto part = num::mul(v.number, *weight);
      auto sum = part ? num::add(total, *part) : part;
      if (!sum) {
        fail = Failure{kpi.kpi.span, sum.error().message};
        return false;
      }
      total = *sum;
    }
  }
  out = Value::of(std::move(total));
  return true;
}

bool PlanEvaluation::eval_situation(const syntax::Decl& d, const RowRef& at, Value& out, Failure& fail) const {
  const syntax::Situation& s = d.situation;
  std::int32_t from = INT32_MIN, until = INT32_MAX;
  if (s.from) from = data::parse_iso_date(*s.from).value_or(INT32_MAX);
  if (s.until) until = data::parse_iso_date(*s.until).value_or(INT32_MIN);
  if (from > period().last_day || until < period().first_day) {
    out = Value::of_bool(false);
    return true;
  }
  if (!s.condition) {
    out = Value::of_bool(true);
    return true;
  }
  Value c;
  if (!eval(*s.condition, at, c, fail)) return false;
  out = Value::of_bool(holds(c));
  return true;
}

}  // namespace accrue::eval::detail
