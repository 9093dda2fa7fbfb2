// Internal to the eval layer: the one implementation of Evaluation. It holds
// the data columns of every record, the values computed so far (params,
// table lookups, measures, aggregation columns) and the plan evaluated at
// other periods for growth(). Measures, tables and params are computed on
// first use and memoised, so `evaluate` can walk evaluation_order while a
// shifted period (growth) computes only what its one measure needs.
//
// Lazily built state (aggregation columns, percentile grades, shifted
// periods) is created under a mutex, so settle may call evaluate() from
// several threads; measures, params and tables are complete before
// eval::evaluate() returns.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/calendar.h"
#include "eval/eval.h"
#include "eval/packed_column.h"
#include "eval/row_split.h"
#include "eval/value_ops.h"

namespace accrue::eval::detail {

using ExprMap = std::unordered_map<const syntax::Expr*, check::ResolvedExpr>;

// Where an expression is read: a subject row, and inside an aggregation the
// source row too.
struct RowRef {
  check::RecordId subject = check::kNoId;
  std::uint32_t subject_row = kNoRow;
  check::RecordId source = check::kNoId;
  std::uint32_t source_row = kNoRow;
  const ExprMap* map = nullptr;
};

// A run-time error on its way up to the declaration being computed.
struct Failure {
  diag::Span span;
  std::string message;
};

// Values of one expression on every row of a record. A failure while
// building it fails every read, so no later reader mistakes it for data.
struct ValueColumn {
  PackedColumn values;
  std::optional<Failure> failure;
};

// An expression's values on every row of one record, as column_eval.cpp
// computes them: a column already computed (a measure, an aggregation), read
// in place; a column of its own; or one value for every row (a literal, a
// param).
struct ColumnValues {
  const PackedColumn* shared = nullptr;
  PackedColumn owned;
  Value constant;
  bool is_constant = false;
  Value at(std::uint32_t row) const {
    if (is_constant) return constant;
    return (shared ? *shared : owned).get(row);
  }
  // Every row's value as a column of its own (a copy of a shared one).
  PackedColumn take(std::uint32_t rows) &&;
};

// The rows a column is computed over: every row of `record`, whose names
// resolve with `scope` (a measure's subject, or an aggregation's source
// inside its `where`). With row_fallback, a node without a column form is
// interpreted row by row; without it, such a node gives up the column form.
struct ColumnSpace {
  check::RecordId record = check::kNoId;
  check::NameScope scope = check::NameScope::Subject;
  std::uint32_t rows = 0;
  bool row_fallback = false;
  const ExprMap* map = nullptr;
};

// Errors of one evaluation and of the shifted periods it asked for.
struct ErrorLog {
  static constexpr std::size_t kLimit = 20;
  std::mutex mutex;
  std::vector<EvalError> items;
  std::atomic<std::size_t> total = 0;
  void add(diag::Span span, std::string message);
};

class PlanEvaluation final : public Evaluation {
 public:
  PlanEvaluation(const check::Plan& plan, const data::Dataset& dataset, Period period, std::shared_ptr<ErrorLog> log,
                 EvalOptions options = {});

  // Finds each record's table and columns; false (with errors logged) when
  // the dataset does not fit the plan.
  bool bind();
  // Params, tables and measures in evaluation order.
  void run();
  const std::shared_ptr<ErrorLog>& log() const { return log_; }

  // ---- Evaluation
  const data::Table& table(check::RecordId record) const override { return *tables_[record]; }
  std::string key(check::RecordId record, std::uint32_t row) const override;
  const Value& param(check::ParamId id) const override;
  const Value& measure(check::MeasureId id, std::uint32_t row) const override;
  Value measure_value(check::MeasureId id, std::uint32_t row) const override;
  num::Result<Value> evaluate(const syntax::Expr& expr, check::RecordId subject, std::uint32_t row,
                              const ExprMap* resolved) const override;
  num::Result<std::vector<Value>> evaluate_rows(const syntax::Expr& expr, check::RecordId subject,
                                                const ExprMap* resolved) const override;
  std::optional<std::vector<std::optional<num::Decimal>>> numbers_of_rows(const syntax::Expr& expr,
                                                                         check::RecordId subject,
                                                                         const ExprMap* resolved) const override;
  std::uint32_t follow(const std::vector<check::FieldStep>& path, std::uint32_t row) const override;
  std::optional<EvalError> last_error() const override;

  // ---- the interpreter (interpret.cpp)
  bool eval(const syntax::Expr& e, const RowRef& at, Value& out, Failure& fail) const;

 private:
  bool eval_name(const syntax::Expr& e, const check::ResolvedExpr& r, const RowRef& at, Value& out,
                 Failure& fail) const;
  bool eval_chain(const syntax::Expr& e, const RowRef& at, Value& out, Failure& fail) const;
  // The failure of the chain's i-th arithmetic step, spanning its operands so far.
  Failure chain_failure(const syntax::Expr& e, std::size_t i, const RowRef& at, std::string error) const;
  bool eval_call(const syntax::Expr& e, const check::ResolvedExpr& r, const RowRef& at, Value& out,
                 Failure& fail) const;
  bool eval_round(const syntax::Expr& e, const check::ResolvedExpr& r, const RowRef& at, Value& out,
                  Failure& fail) const;
  bool eval_growth(const syntax::Expr& e, const RowRef& at, Value& out, Failure& fail) const;
  bool eval_grade(const syntax::Expr& e, const RowRef& at, Value& out, Failure& fail) const;
  bool literal(const syntax::Expr& e, Value& out, Failure& fail) const;
  static bool literal_of(const syntax::Expr& e, Value& out);
  void remember_literals(const ExprMap& map);
  // column_eval.cpp: e on every row of space.record at once; false when e
  // has no column form there or any row fails (the caller then interprets
  // row by row, which finds and reports the failures in row order).
  bool eval_column(const syntax::Expr& e, const ColumnSpace& space, ColumnValues& out) const;
  // `expr` on every row of `subject` as one column, when the column path can
  // compute it (false: a row fails, or the expression needs the row path).
  bool whole_column(const syntax::Expr& expr, check::RecordId subject, const ExprMap* resolved,
                    ColumnValues& col) const;
  bool eval_column_name(const syntax::Expr& e, const check::ResolvedExpr& r, const ColumnSpace& space,
                        ColumnValues& out) const;
  bool eval_column_chain(const syntax::Expr& e, const ColumnSpace& space, ColumnValues& out) const;
  bool eval_column_grade(const syntax::Expr& e, const ColumnSpace& space, ColumnValues& out) const;
  bool eval_column_rows(const syntax::Expr& e, const ColumnSpace& space, ColumnValues& out) const;
  // scoring.cpp: the measures that are not a plain expression.
  bool eval_target(const syntax::Decl& d, const RowRef& at, Value& out, Failure& fail) const;
  bool eval_scorecard(const syntax::Decl& d, const RowRef& at, Value& out, Failure& fail) const;
  bool eval_situation(const syntax::Decl& d, const RowRef& at, Value& out, Failure& fail) const;
  Failure failure(const syntax::Expr& e, const RowRef& at, std::string what) const;

  // The value of field `field` of `record` on `row` (null for empty cells).
  Value field_value(check::RecordId record, std::uint32_t field, std::uint32_t row) const;
  const data::Column* column(check::RecordId record, std::uint32_t field) const { return columns_[record][field]; }
  // Follows references from `row`; kNoRow when one is null.
  std::uint32_t walk(const std::vector<check::FieldStep>& path, std::uint32_t row) const;

  // ---- memoised values
  void ensure_param(check::ParamId id) const;
  void ensure_table(check::TableId id) const;
  void ensure_measure(check::MeasureId id) const;
  void compute_measure(check::MeasureId id) const;
  // The aggregation's value on every row of the record it relates its source to.
  const ValueColumn& aggregate_column(const syntax::Expr& e, const check::ResolvedExpr& r, const ExprMap* map) const;
  ValueColumn build_aggregate(const syntax::Expr& e, const check::ResolvedExpr& r, const ExprMap* map) const;
  // The aggregation's column, taken out of the cache (a measure that is one aggregation).
  ValueColumn take_aggregate_column(const syntax::Expr& e, const check::ResolvedExpr& r, const ExprMap* map) const;
  // fast_aggregate.cpp: groups the plan's fast-path aggregations by source
  // and relation (after bind); computes e's group into the cache, false when
  // e has no fast path (or its group already ran).
  void plan_fast_groups();
  bool fast_aggregate(const syntax::Expr& e, const ExprMap* map) const;
  // Source row -> related row of `to`, composed once per path (aggregate.cpp).
  // A one-step relation without nulls is the reference column itself.
  std::span<const std::uint32_t> relation(const std::vector<check::FieldStep>& path) const;
  // A percentile grade on every row of `record` (scoring.cpp).
  const ValueColumn& percentile_column(const syntax::Expr& e, const RowRef& at) const;
  const PlanEvaluation& shifted(std::int32_t months) const;

  // The row ranges a pass over `rows` rows is split into (row_split.h).
  std::vector<RowRange> ranges(std::uint32_t rows) const {
    return split_rows(rows, options_.threads, options_.min_rows_per_thread);
  }

  std::shared_ptr<ErrorLog> log_;
  EvalOptions options_;
  std::vector<const data::Table*> tables_;
  std::vector<std::vector<const data::Column*>> columns_;  // per record, per field

  enum class State : std::uint8_t { Missing, Computing, Done };
  mutable std::unique_ptr<std::atomic<State>[]> param_state_, table_state_, measure_state_;
  mutable std::vector<Value> params_;
  mutable std::vector<char> param_missing_;  // no value in force: an error only where it is read
  mutable std::vector<PackedColumn> table_values_;  // per table, per row of its record
  mutable std::vector<PackedColumn> measures_;      // per measure, per subject row
  mutable std::recursive_mutex mutex_;                    // guards the lazily built maps below
  mutable std::map<std::pair<const syntax::Expr*, const ExprMap*>, ValueColumn> aggregates_;
  mutable std::map<std::vector<std::pair<std::uint32_t, std::uint32_t>>, std::vector<std::uint32_t>> relations_;
  mutable std::map<std::pair<const syntax::Expr*, const ExprMap*>, ValueColumn> percentiles_;
  mutable std::map<std::int32_t, std::unique_ptr<PlanEvaluation>> shifted_;
  std::vector<std::vector<const syntax::Expr*>> fast_groups_;
  std::unordered_map<const syntax::Expr*, std::size_t> fast_group_of_;
  mutable std::vector<char> fast_group_done_;
  std::unordered_map<const syntax::Expr*, Value> literals_;  // filled before any evaluation, then read-only
  static thread_local std::optional<EvalError> last_error_;
};

// Where a relation path ends (the record whose rows an aggregation fills).
check::RecordId path_end(const check::Plan& plan, const std::vector<check::FieldStep>& path);

}  // namespace accrue::eval::detail
