// Tests only: an Evaluation whose expression values are set by the test, per
// (expression, row), over a real checked plan and a real loaded dataset, so
// the settle steps can be tested before (and independently of) the evaluator.
// References are followed through the dataset's resolved reference columns.
#pragma once

#include <map>
#include <utility>

#include "eval/eval.h"

namespace accrue::settle::testing {

class FakeEvaluation final : public eval::Evaluation {
 public:
  FakeEvaluation(const check::Plan& plan, const data::Dataset& dataset, eval::Period period)
      : eval::Evaluation(plan, dataset, std::move(period)) {}

  // Every row of `expr` gets `value`, unless set per row.
  void set_all(const syntax::Expr& expr, eval::Value value) { all_[&expr] = std::move(value); }
  void set(const syntax::Expr& expr, std::uint32_t row, eval::Value value) { per_row_[{&expr, row}] = std::move(value); }
  void fail_on(const syntax::Expr& expr) { failing_ = &expr; }
  void set_measure(check::MeasureId id, std::uint32_t row, eval::Value value) { measures_[{id, row}] = std::move(value); }

  const data::Table& table(check::RecordId record) const override {
    return *dataset().table(plan().records[record].name);
  }
  std::string key(check::RecordId record, std::uint32_t row) const override {
    const data::Table& t = table(record);
    const data::Column& k = t.columns[*t.key_column];
    return std::string(k.text().dictionary[k.text().codes[row]]);
  }
  const eval::Value& param(check::ParamId) const override { return null_; }
  const eval::Value& measure(check::MeasureId id, std::uint32_t row) const override {
    auto it = measures_.find({id, row});
    return it != measures_.end() ? it->second : null_;
  }
  num::Result<eval::Value> evaluate(const syntax::Expr& expr, check::RecordId subject, std::uint32_t row,
                                    const std::unordered_map<const syntax::Expr*, check::ResolvedExpr>*) const override {
    if (&expr == failing_) {
      last_ = eval::EvalError{expr.span, "division by zero (on " + key(subject, row) + ")"};
      return num::make_error(num::ErrorCode::division_by_zero, last_->message);
    }
    auto it = per_row_.find({&expr, row});
    if (it != per_row_.end()) return it->second;
    auto all = all_.find(&expr);
    return all != all_.end() ? all->second : eval::Value::null();
  }
  std::optional<eval::EvalError> last_error() const override { return last_; }
  std::uint32_t follow(const std::vector<check::FieldStep>& path, std::uint32_t row) const override {
    for (const check::FieldStep& step : path) {
      const data::Column* c = table(step.record).column(plan().records[step.record].fields[step.field].name);
      if (row == eval::kNoRow || !c || c->is_null(row)) return eval::kNoRow;
      row = c->rows()[row];
    }
    return row;
  }

 private:
  std::map<const syntax::Expr*, eval::Value> all_;
  std::map<std::pair<const syntax::Expr*, std::uint32_t>, eval::Value> per_row_;
  std::map<std::pair<check::MeasureId, std::uint32_t>, eval::Value> measures_;
  const syntax::Expr* failing_ = nullptr;
  mutable std::optional<eval::EvalError> last_;
  eval::Value null_;
};

inline eval::Value money(std::string_view text) { return eval::Value::of(num::Decimal::parse(text).value()); }

}  // namespace accrue::settle::testing
