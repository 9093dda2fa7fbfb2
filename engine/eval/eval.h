// The eval layer computes a checked plan's values for one settlement period
// over a loaded dataset: every param (its value in force at the period's end),
// table lookup, measure (one value per row of its subject record), payout
// amount, rule condition and schedule condition. Aggregations over events run
// in one pass per event table, grouped by the related subject row through the
// resolved reference columns, never a scan of all events per entity, so work
// grows linearly with the data. Values are exact (engine/num); nothing here
// rounds unless the plan's expression says `round`. Evaluation decides no
// money movement: the settle layer applies rules and deferral to the values.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "check/plan.h"
#include "data/data.h"
#include "diag/diag.h"
#include "num/num.h"

namespace accrue::eval {

inline constexpr std::uint32_t kNoRow = UINT32_MAX;

// A settlement period: calendar dates without a time zone, both ends inclusive.
struct Period {
  std::string label;          // "2026-Q1", "2026-03", "2026"
  std::int32_t first_day = 0; // days since 1970-01-01
  std::int32_t last_day = 0;
};

// Parses a period label allowed by the plan's cadence ("monthly": 2026-03,
// "quarterly": 2026-Q1, "yearly": 2026). The error names what is allowed.
num::Result<Period> parse_period(std::string_view label, std::string_view cadence);
// The period `count` periods of the same cadence before `p` (growth, windows).
Period shift_period(const Period& p, std::string_view cadence, int count);
std::string format_date(std::int32_t day);  // ISO YYYY-MM-DD

// One value of any plan type. Number, integer, percent and money are exact
// Decimals (a percent is its fraction: 12.5% is 0.125; money carries the plan
// currency implicitly); text is its string; dates are days; grades are the
// index of their label in the grade's label list.
struct Value {
  enum class Kind : std::uint8_t { Null, Number, Bool, Text, Date, Grade, Duration };
  // The small members first, so padding does not grow every column of values.
  Kind kind = Kind::Null;
  bool flag = false;
  std::int32_t day = 0;       // Date; Duration: days (month-based durations use `months`)
  std::int32_t months = 0;    // Duration: months part
  std::uint32_t grade = 0;
  num::Decimal number;
  std::string text;

  static Value null() { return {}; }
  static Value of(num::Decimal d) { Value v; v.kind = Kind::Number; v.number = std::move(d); return v; }
  static Value of_bool(bool b) { Value v; v.kind = Kind::Bool; v.flag = b; return v; }
  bool is_null() const { return kind == Kind::Null; }
};

// A run-time failure (division by zero in a measure, a value beyond the
// number bounds), located at the expression that failed and naming the row.
struct EvalError {
  diag::Span span;
  std::string message;
};

class Evaluation;

// The data schema the plan's records ask for: one table per payee, entity and
// event record, with its key, date field and typed fields (references by the
// target record's name), in the plan's currency.
data::DatasetSchema dataset_schema(const check::Plan& plan);

// Evaluates everything the plan declares for `period`. Fails with every
// run-time error found (up to a limit), each located in the plan.
struct EvalResult {
  std::unique_ptr<Evaluation> evaluation;  // null when errors is not empty
  std::vector<EvalError> errors;
};
EvalResult evaluate(const check::Plan& plan, const data::Dataset& dataset, const Period& period);

// How evaluate() may spend the machine. The values, and the first error in
// row order, are the same whatever the thread count: a pass split over
// threads works on contiguous row ranges, each written by one thread, and
// puts them together in row order.
struct EvalOptions {
  unsigned threads = 2;  // threads of a column or aggregation pass (1: all on the caller's)
  // A pass over fewer rows than this per thread stays on one thread (thread
  // start-up costs more than it saves); tests lower it to exercise the split.
  std::uint32_t min_rows_per_thread = 1u << 15;
};
EvalResult evaluate(const check::Plan& plan, const data::Dataset& dataset, const Period& period,
                    const EvalOptions& options);

class Evaluation {
 public:
  virtual ~Evaluation() = default;
  const Period& period() const { return period_; }
  const check::Plan& plan() const { return plan_; }
  const data::Dataset& dataset() const { return dataset_; }

  // The data table of a record, and its row count.
  virtual const data::Table& table(check::RecordId record) const = 0;
  std::uint32_t rows(check::RecordId record) const { return static_cast<std::uint32_t>(table(record).row_count); }
  // The key text of a row ("C0042"), as in the data.
  virtual std::string key(check::RecordId record, std::uint32_t row) const = 0;

  virtual const Value& param(check::ParamId id) const = 0;
  // A measure's (or target's, scorecard's, situation's) value on one row of its subject.
  // Measures are stored packed (not as Values), so the reference may be to a
  // per-thread copy that stays valid only until the calling thread's next
  // few measure() calls: copy it, or call measure_value().
  virtual const Value& measure(check::MeasureId id, std::uint32_t row) const = 0;
  virtual Value measure_value(check::MeasureId id, std::uint32_t row) const { return measure(id, row); }

  // Evaluates a resolved expression of the plan on one row of `subject`:
  // payout amounts, rule conditions and amounts, split weights. `resolved`
  // is the map the expression was resolved in (Plan::exprs, or a payout's
  // schedule_exprs for schedule conditions).
  virtual num::Result<Value> evaluate(const syntax::Expr& expr, check::RecordId subject, std::uint32_t row,
                                      const std::unordered_map<const syntax::Expr*, check::ResolvedExpr>* resolved =
                                          nullptr) const = 0;

  // evaluate() on every row of `subject`, in row order, with the same values;
  // computed a column at a time where the expression allows it. On failure,
  // the error evaluate() gives on the first row that fails.
  // (Defined here so the contract stays header-only for other layers' fakes.)
  virtual num::Result<std::vector<Value>> evaluate_rows(
      const syntax::Expr& expr, check::RecordId subject,
      const std::unordered_map<const syntax::Expr*, check::ResolvedExpr>* resolved = nullptr) const {
    std::vector<Value> out;
    out.reserve(rows(subject));
    for (std::uint32_t row = 0; row < rows(subject); ++row) {
      auto value = evaluate(expr, subject, row, resolved);
      if (!value) return value.error();
      out.push_back(std::move(*value));
    }
    return out;
  }

  // evaluate_rows for an expression that gives numbers: every row's number
  // (none for a null row), without a Value per row. Nothing when a row fails
  // or holds another type: the caller then goes row by row for the message.
  virtual std::optional<std::vector<std::optional<num::Decimal>>> numbers_of_rows(
      const syntax::Expr& expr, check::RecordId subject,
      const std::unordered_map<const syntax::Expr*, check::ResolvedExpr>* resolved = nullptr) const {
    auto evaluated = evaluate_rows(expr, subject, resolved);
    if (!evaluated) return std::nullopt;
    std::vector<Value> values = std::move(evaluated).value();
    std::vector<std::optional<num::Decimal>> out;
    out.reserve(values.size());
    for (Value& v : values) {
      if (v.is_null()) out.emplace_back();
      else if (v.kind == Value::Kind::Number) out.emplace_back(std::move(v.number));
      else return std::nullopt;
    }
    return out;
  }

  // Follows a chain of reference fields from `row` (e.g. a payout's `to owner`);
  // kNoRow when a reference on the way is null.
  virtual std::uint32_t follow(const std::vector<check::FieldStep>& path, std::uint32_t row) const = 0;

  // Where and why the calling thread's last failed evaluate() failed: the
  // span of the expression that failed and a message naming the row's key
  // (the num::Error of the result carries the same message).
  virtual std::optional<EvalError> last_error() const = 0;

 protected:
  Evaluation(const check::Plan& plan, const data::Dataset& dataset, Period period)
      : plan_(plan), dataset_(dataset), period_(std::move(period)) {}

 private:
  const check::Plan& plan_;
  const data::Dataset& dataset_;
  Period period_;
};

}  // namespace accrue::eval
