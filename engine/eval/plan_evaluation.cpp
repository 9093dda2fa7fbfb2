// The evaluation of one plan over one dataset for one period: binding the
// records to their data tables, computing params, table lookups and measures
// in dependency order, and the Evaluation interface settle reads.
#include "eval/plan_evaluation.h"

#include <fmt/format.h>

#include "data/civil_date.h"

namespace accrue::eval {
namespace detail {

thread_local std::optional<EvalError> PlanEvaluation::last_error_;

void ErrorLog::add(diag::Span span, std::string message) {
  std::lock_guard lock(mutex);
  for (const auto& e : items)
    if (e.message == message && e.span.file == span.file && e.span.line == span.line && e.span.col == span.col)
      return;  // one failing column reported once, not once per reader
  ++total;
  if (items.size() < kLimit) items.push_back(EvalError{span, std::move(message)});
}

check::RecordId path_end(const check::Plan& plan, const std::vector<check::FieldStep>& path) {
  if (path.empty()) return check::kNoId;
  const check::FieldStep& last = path.back();
  return plan.records[last.record].fields[last.field].type.record_id;
}

namespace {

template <class T>
std::unique_ptr<std::atomic<T>[]> states(std::size_t n, T initial) {
  auto out = std::make_unique<std::atomic<T>[]>(n);
  for (std::size_t i = 0; i < n; ++i) out[i].store(initial);
  return out;
}

}  // namespace

PlanEvaluation::PlanEvaluation(const check::Plan& plan, const data::Dataset& dataset, Period period,
                               std::shared_ptr<ErrorLog> log, EvalOptions options)
    : Evaluation(plan, dataset, std::move(period)), log_(std::move(log)), options_(options) {
  param_state_ = states(plan.params.size(), State::Missing);
  table_state_ = states(plan.tables.size(), State::Missing);
  measure_state_ = states(plan.measures.size(), State::Missing);
  params_.resize(plan.params.size());
  param_missing_.assign(plan.params.size(), 0);
  table_values_.resize(plan.tables.size());
  measures_.resize(plan.measures.size());
  remember_literals(plan.exprs);
  for (const auto& payout : plan.payouts) remember_literals(payout.schedule_exprs);
}

void PlanEvaluation::remember_literals(const ExprMap& map) {
  for (const auto& [expr, resolved] : map) {
    Value v;
    if (literal_of(*expr, v)) literals_.emplace(expr, std::move(v));
  }
}

bool PlanEvaluation::bind() {
  const check::Plan& p = plan();
  tables_.assign(p.records.size(), nullptr);
  columns_.assign(p.records.size(), {});
  bool ok = true;
  for (check::RecordId id = 0; id < p.records.size(); ++id) {
    const check::RecordInfo& rec = p.records[id];
    const data::Table* t = dataset().table(rec.name);
    if (!t) {
      log_->add(rec.decl ? rec.decl->name.span : diag::Span{}, fmt::format("the dataset has no table for '{}'", rec.name));
      ok = false;
      continue;
    }
    tables_[id] = t;
    for (const auto& f : rec.fields) {
      const data::Column* c = t->column(f.name);
      if (!c) {
        log_->add(f.span, fmt::format("the data table '{}' has no column '{}'", rec.name, f.name));
        ok = false;
      }
      columns_[id].push_back(c);
    }
  }
  if (ok) plan_fast_groups();
  return ok;
}

void PlanEvaluation::run() {
  for (const auto& step : plan().evaluation_order) {
    switch (step.kind) {
      case check::EvaluationStep::Kind::Param: ensure_param(step.id); break;
      case check::EvaluationStep::Kind::Table: ensure_table(step.id); break;
      case check::EvaluationStep::Kind::Measure: ensure_measure(step.id); break;
    }
  }
  // Anything the order left out (nothing, for a checked plan) is still complete.
  for (check::ParamId i = 0; i < plan().params.size(); ++i) ensure_param(i);
  for (check::TableId i = 0; i < plan().tables.size(); ++i) ensure_table(i);
  for (check::MeasureId i = 0; i < plan().measures.size(); ++i) ensure_measure(i);
}

std::string PlanEvaluation::key(check::RecordId record, std::uint32_t row) const {
  const check::RecordInfo& rec = plan().records[record];
  if (row == kNoRow || row >= rows(record)) return "?";
  if (rec.key_field == check::kNoId) {
    const data::Table& t = table(record);
    return fmt::format("#{}", row < t.source_rows.size() ? t.source_rows[row] : row + 1);
  }
  const data::Column* c = column(record, rec.key_field);
  switch (c->type) {
    case data::FieldType::Text: return std::string(c->text().dictionary[c->text().codes[row]]);
    case data::FieldType::Integer: return std::to_string(c->integers()[row]);
    case data::FieldType::Date: return format_date(c->days()[row]);  // a date key is ISO text, as in the data
    default: return field_value(record, rec.key_field, row).text;
  }
}

Value PlanEvaluation::field_value(check::RecordId record, std::uint32_t field, std::uint32_t row) const {
  const data::Column* c = columns_[record][field];
  if (c->is_null(row)) return Value::null();
  Value v;
  switch (c->type) {
    case data::FieldType::Text:
      v.kind = Value::Kind::Text;
      v.text = std::string(c->text().dictionary[c->text().codes[row]]);
      return v;
    case data::FieldType::Integer: return Value::of(num::Decimal::from_int(c->integers()[row]));
    case data::FieldType::Number: case data::FieldType::Percent: case data::FieldType::Money:
      return Value::of(c->decimals().at(row));
    case data::FieldType::Date:
      v.kind = Value::Kind::Date;
      v.day = c->days()[row];
      return v;
    case data::FieldType::Bool: return Value::of_bool(c->bools()[row] != 0);
    case data::FieldType::Reference: {
      // A reference reads as the key of the row it names, so two references
      // compare equal exactly when they name the same row.
      const check::Type& t = plan().records[record].fields[field].type;
      v.kind = Value::Kind::Text;
      v.text = key(t.record_id, c->rows()[row]);
      return v;
    }
  }
  return v;
}

std::uint32_t PlanEvaluation::walk(const std::vector<check::FieldStep>& path, std::uint32_t row) const {
  for (const auto& step : path) {
    if (row == kNoRow) return kNoRow;
    const data::Column* c = columns_[step.record][step.field];
    if (c->is_null(row)) return kNoRow;
    row = c->rows()[row];
  }
  return row;
}

std::uint32_t PlanEvaluation::follow(const std::vector<check::FieldStep>& path, std::uint32_t row) const {
  return walk(path, row);
}

// ---- params and tables ------------------------------------------------------

void PlanEvaluation::ensure_param(check::ParamId id) const {
  if (param_state_[id].load() == State::Done) return;
  std::lock_guard lock(mutex_);
  if (param_state_[id].load() != State::Missing) return;  // done, or a cycle the checker rules out
  param_state_[id].store(State::Computing);
  const check::ParamInfo& info = plan().params[id];
  const syntax::Param& p = info.decl->param;
  const syntax::Expr* chosen = nullptr;
  bool chosen_dated = false;
  std::int32_t day = period().last_day;
  for (const auto& v : p.values) {
    std::int32_t from = INT32_MIN, until = INT32_MAX;
    if (v.from) from = data::parse_iso_date(*v.from).value_or(INT32_MAX);
    if (v.until) until = data::parse_iso_date(*v.until).value_or(INT32_MIN);
    if (day < from || day > until) continue;
    // A dated value beats the undated fallback.
    if (!chosen || (!chosen_dated && v.from)) {
      chosen = v.value.get();
      chosen_dated = v.from.has_value();
    }
  }
  Value out;
  if (!chosen) {
    param_missing_[id] = 1;
  } else {
    Failure fail;
    if (!eval(*chosen, RowRef{check::kNoId, kNoRow, check::kNoId, kNoRow, &plan().exprs}, out, fail)) {
      log_->add(fail.span, fmt::format("param '{}': {}", info.name, fail.message));
      out = Value::null();
    }
  }
  params_[id] = std::move(out);
  param_state_[id].store(State::Done);
}

void PlanEvaluation::ensure_table(check::TableId id) const {
  if (table_state_[id].load() == State::Done) return;
  std::lock_guard lock(mutex_);
  if (table_state_[id].load() != State::Missing) return;
  table_state_[id].store(State::Computing);
  const check::TableInfo& info = plan().tables[id];
  const syntax::Table& t = info.decl->table;
  PackedColumn values;
  if (info.record != check::kNoId) {
    // The key literals once; then each row of the record finds its line.
    std::vector<std::vector<Value>> keys(t.rows.size());
    for (std::size_t i = 0; i < t.rows.size(); ++i)
      for (const auto& k : t.rows[i].keys) {
        Value v;
        if (k) literal_of(*k, v);
        keys[i].push_back(std::move(v));
      }
    std::uint32_t n = rows(info.record);
    values = PackedColumn(n);
    std::vector<Value> fields(info.key_fields.size());
    for (std::uint32_t row = 0; row < n; ++row) {
      for (std::size_t k = 0; k < info.key_fields.size(); ++k) fields[k] = field_value(info.record, info.key_fields[k], row);
      const syntax::TableRow* hit = nullptr;
      for (std::size_t i = 0; i < t.rows.size() && !hit; ++i) {
        if (t.rows[i].is_else) continue;
        bool match = keys[i].size() == fields.size();
        for (std::size_t k = 0; match && k < fields.size(); ++k) match = equal(fields[k], keys[i][k]);
        if (match) hit = &t.rows[i];
      }
      for (std::size_t i = 0; i < t.rows.size() && !hit; ++i)
        if (t.rows[i].is_else) hit = &t.rows[i];
      if (!hit) continue;  // no line and no else: no value
      Failure fail;
      Value value;
      if (!eval(*hit->value, RowRef{info.record, row, check::kNoId, kNoRow, &plan().exprs}, value, fail)) {
        log_->add(fail.span, fmt::format("table '{}': {}", info.name, fail.message));
        continue;
      }
      values.set(row, std::move(value));
    }
  }
  table_values_[id] = std::move(values);
  table_state_[id].store(State::Done);
}

// ---- measures ----------------------------------------------------------------

void PlanEvaluation::ensure_measure(check::MeasureId id) const {
  if (measure_state_[id].load() == State::Done) return;
  std::lock_guard lock(mutex_);
  if (measure_state_[id].load() != State::Missing) return;
  measure_state_[id].store(State::Computing);
  compute_measure(id);
  measure_state_[id].store(State::Done);
}

void PlanEvaluation::compute_measure(check::MeasureId id) const {
  const check::MeasureInfo& info = plan().measures[id];
  PackedColumn& out = measures_[id];
  if (info.subject == check::kNoId || !tables_[info.subject]) return;
  std::uint32_t n = rows(info.subject);
  const syntax::Decl& d = *info.decl;
  const ExprMap* map = &plan().exprs;
  auto report = [&](const Failure& fail) {
    log_->add(fail.span, fmt::format("{} '{}': {}", syntax::decl_kind_name(d.kind), info.name, fail.message));
  };
  // A measure that is one aggregation is its column, as computed.
  if (info.kind == check::MeasureKind::Measure && d.measure.value) {
    const check::ResolvedExpr* r = plan().resolved(d.measure.value.get());
    if (r && r->aggregate != check::Aggregate::None && path_end(plan(), r->path) == info.subject) {
      // Nothing else reads this node (a measure's expression is evaluated
      // only here), so its column moves out of the cache into the measure.
      ValueColumn col = take_aggregate_column(*d.measure.value, *r, map);
      if (col.failure) report(*col.failure);
      out = std::move(col.values);
      out.resize(n);
      return;
    }
  }
  if (info.kind == check::MeasureKind::Measure && d.measure.value && n > 0) {
    ColumnValues col;
    if (eval_column(*d.measure.value, ColumnSpace{info.subject, check::NameScope::Subject, n, true, map}, col)) {
      out = std::move(col).take(n);
      return;
    }
  }
  // Row by row: the other kinds, and any expression that failed somewhere
  // (this reports its failures in row order).
  out = PackedColumn(n);
  for (std::uint32_t row = 0; row < n; ++row) {
    if (log_->total >= ErrorLog::kLimit) return;  // the evaluation has failed; stop spending time on it
    RowRef at{info.subject, row, check::kNoId, kNoRow, map};
    Failure fail;
    bool ok = false;
    Value value;
    switch (info.kind) {
      case check::MeasureKind::Measure: ok = eval(*d.measure.value, at, value, fail); break;
      case check::MeasureKind::Target: ok = eval_target(d, at, value, fail); break;
      case check::MeasureKind::Scorecard: ok = eval_scorecard(d, at, value, fail); break;
      case check::MeasureKind::Situation: ok = eval_situation(d, at, value, fail); break;
    }
    if (!ok) {
      report(fail);
      continue;
    }
    out.set(row, std::move(value));
  }
}

const Value& PlanEvaluation::param(check::ParamId id) const {
  static const Value kNull;
  if (id >= plan().params.size()) return kNull;
  ensure_param(id);
  return params_[id];
}

Value PlanEvaluation::measure_value(check::MeasureId id, std::uint32_t row) const {
  if (id >= plan().measures.size()) return Value::null();
  ensure_measure(id);
  return measures_[id].get(row);
}

const Value& PlanEvaluation::measure(check::MeasureId id, std::uint32_t row) const {
  static const Value kNull;
  if (id >= plan().measures.size()) return kNull;
  ensure_measure(id);
  if (const Value* v = measures_[id].stored(row)) return *v;
  // A packed value is unpacked into one of a few per-thread slots, so two
  // references taken one after the other both stay valid.
  constexpr std::size_t kSlots = 8;
  thread_local Value slots[kSlots];
  thread_local std::size_t next = 0;
  Value& slot = slots[next++ % kSlots];
  slot = measures_[id].get(row);
  return slot;
}

num::Result<Value> PlanEvaluation::evaluate(const syntax::Expr& expr, check::RecordId subject, std::uint32_t row,
                                            const ExprMap* resolved) const {
  RowRef at{subject, row, check::kNoId, kNoRow, resolved ? resolved : &plan().exprs};
  Value out;
  Failure fail;
  bool ok = false;
  try {
    ok = eval(expr, at, out, fail);
  } catch (const std::exception& ex) {  // bad_alloc and the like: a value, never a crash
    fail = Failure{expr.span, ex.what()};
  }
  if (ok) return out;
  last_error_ = EvalError{fail.span, fail.message};
  bool by_zero = fail.message.rfind("division by zero", 0) == 0;
  return num::make_error(by_zero ? num::ErrorCode::division_by_zero : num::ErrorCode::invalid_argument, fail.message);
}

bool PlanEvaluation::whole_column(const syntax::Expr& expr, check::RecordId subject, const ExprMap* resolved,
                                  ColumnValues& col) const {
  const std::uint32_t n = rows(subject);
  try {
    return n > 0 && eval_column(expr, ColumnSpace{subject, check::NameScope::Subject, n, true,
                                                  resolved ? resolved : &plan().exprs},
                                col);
  } catch (const std::exception&) {
    return false;  // row by row, the rows meet the same failure and report it
  }
}

num::Result<std::vector<Value>> PlanEvaluation::evaluate_rows(const syntax::Expr& expr, check::RecordId subject,
                                                              const ExprMap* resolved) const {
  const std::uint32_t n = rows(subject);
  ColumnValues col;
  if (whole_column(expr, subject, resolved, col)) {
    std::vector<Value> out;
    out.reserve(n);
    for (std::uint32_t row = 0; row < n; ++row) out.push_back(col.at(row));
    return out;
  }
  return Evaluation::evaluate_rows(expr, subject, resolved);
}

std::optional<std::vector<std::optional<num::Decimal>>> PlanEvaluation::numbers_of_rows(const syntax::Expr& expr,
                                                                                        check::RecordId subject,
                                                                                        const ExprMap* resolved) const {
  const std::uint32_t n = rows(subject);
  ColumnValues col;
  if (!whole_column(expr, subject, resolved, col)) return Evaluation::numbers_of_rows(expr, subject, resolved);
  std::vector<std::optional<num::Decimal>> out(n);
  for (std::uint32_t row = 0; row < n; ++row) {
    Value v = col.at(row);
    if (v.is_null()) continue;
    if (v.kind != Value::Kind::Number) return std::nullopt;
    out[row] = std::move(v.number);
  }
  return out;
}

std::optional<EvalError> PlanEvaluation::last_error() const { return last_error_; }

const PlanEvaluation& PlanEvaluation::shifted(std::int32_t months) const {
  std::lock_guard lock(mutex_);
  auto it = shifted_.find(months);
  if (it != shifted_.end()) return *it->second;
  Period p = shift_period_months(period(), plan().cadence, months);
  auto ev = std::make_unique<PlanEvaluation>(plan(), dataset(), std::move(p), log_, options_);
  ev->bind();
  return *shifted_.emplace(months, std::move(ev)).first->second;
}

}  // namespace detail

EvalResult evaluate(const check::Plan& plan, const data::Dataset& dataset, const Period& period) {
  return evaluate(plan, dataset, period, EvalOptions{});
}

EvalResult evaluate(const check::Plan& plan, const data::Dataset& dataset, const Period& period,
                    const EvalOptions& options) {
  EvalResult result;
  auto log = std::make_shared<detail::ErrorLog>();
  try {
    auto ev = std::make_unique<detail::PlanEvaluation>(plan, dataset, period, log, options);
    if (ev->bind()) ev->run();
    if (log->total == 0) {
      result.evaluation = std::move(ev);
      return result;
    }
  } catch (const std::exception& ex) {
    log->add({}, fmt::format("evaluation stopped: {}", ex.what()));
  }
  result.errors = log->items;
  if (log->total > log->items.size())
    result.errors.push_back(EvalError{{}, fmt::format("... and {} more evaluation errors", log->total - log->items.size())});
  return result;
}

}  // namespace accrue::eval
