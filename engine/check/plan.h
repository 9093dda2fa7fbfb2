// The checked plan: every module of the plan, resolved and typed. The AST is
// kept as written; beside it the checker stores what each name means and the
// type of every expression (Plan::exprs, keyed by the AST node), plus tables
// of records, measures, params, tables, schedules, payouts and rules indexed
// by small integer ids. The evaluator reads only this: it never looks a name
// up again. Measures come in dependency order (evaluation_order, and per
// subject in RecordInfo::measures), ties broken by source order.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "check/types.h"
#include "syntax/ast.h"

namespace accrue::check {

using RecordId = std::uint32_t;
using MeasureId = std::uint32_t;
using ParamId = std::uint32_t;
using TableId = std::uint32_t;
using ScheduleId = std::uint32_t;
using PayoutId = std::uint32_t;
using RuleId = std::uint32_t;
inline constexpr std::uint32_t kNoId = UINT32_MAX;

struct FieldInfo {
  std::string name;
  Type type;
  bool optional = false;
  bool implicit = false;  // the key or dated field, not listed among the fields
  syntax::Span span;
};

// One step along a reference: field `field` of record `record`, whose value
// is a reference to the next record.
struct FieldStep {
  RecordId record = kNoId;
  std::uint32_t field = kNoId;
};

struct RecordInfo {
  std::string name;
  syntax::RecordKind kind = syntax::RecordKind::Entity;
  const syntax::Decl* decl = nullptr;
  std::vector<FieldInfo> fields;
  std::unordered_map<std::string, std::uint32_t> field_index;
  std::uint32_t key_field = kNoId, dated_field = kNoId;
  std::unordered_map<std::string, MeasureId> measure_index;
  std::vector<MeasureId> measures;  // this subject's measures, in dependency order
};

enum class MeasureKind : std::uint8_t { Measure, Target, Scorecard, Situation };

struct MeasureInfo {
  std::string name;
  RecordId subject = kNoId;
  MeasureKind kind = MeasureKind::Measure;
  const syntax::Decl* decl = nullptr;
  Type type;
};

struct ParamInfo {
  std::string name;
  const syntax::Decl* decl = nullptr;
  Type type;
};

struct TableInfo {
  std::string name;
  const syntax::Decl* decl = nullptr;
  RecordId record = kNoId;                // the record whose fields key the table
  std::vector<std::uint32_t> key_fields;  // field indexes in `record`, in key order
  Type type;                              // of the values
};

enum class NameTarget : std::uint8_t {
  None,           // not a name (literal, operator, call)
  Field,          // RecordInfo::fields[index] of `record`
  Measure,        // Plan::measures[index]
  Param,          // Plan::params[index]
  Table,          // Plan::tables[index], looked up with `record`'s key fields
  Row,            // the aggregation source row itself (`count(Order)`)
  GradeLabel,     // index into the compared grade's labels
  CurrentPeriod,  // the built-in `period`
};

// Which row a name starts from: the expression's subject, or the source row
// of the enclosing aggregation.
enum class NameScope : std::uint8_t { Subject, Source };

enum class Aggregate : std::uint8_t { None, Sum, Avg, Min, Max, Count, Distinct, Share, Nps, Any, All };
enum class ScalarFunction : std::uint8_t { None, Min, Max, Abs, Round, Growth };

struct ResolvedExpr {
  Type type;
  NameTarget target = NameTarget::None;
  NameScope scope = NameScope::Subject;
  // Name: references followed from the scope's row to `record`.
  // Aggregation: references from a source row to the subject (the relation).
  std::vector<FieldStep> path;
  RecordId record = kNoId;      // Name: where the field/measure/table lives; Aggregation: the source
  std::uint32_t index = kNoId;  // see NameTarget
  Aggregate aggregate = Aggregate::None;
  ScalarFunction function = ScalarFunction::None;
  bool has_window = false;      // aggregations over events always have one (default: the period)
  syntax::Window window;
  std::string rounding;         // round(): the mode written, empty for the plan's
};

struct ScheduleInfo {
  std::string name;
  const syntax::Decl* decl = nullptr;
};

struct PayoutInfo {
  std::string name;
  const syntax::Decl* decl = nullptr;
  RecordId subject = kNoId;
  std::vector<FieldStep> recipient;      // from the subject to the payee paid
  RecordId recipient_record = kNoId;     // the subject itself when it is a payee
  RecordId split_among = kNoId;
  std::vector<FieldStep> split_relation; // from a member of split_among to the subject
  ScheduleId schedule = kNoId;
  // The schedule's conditions resolved against this payout's subject (one
  // schedule can serve payouts on different subjects).
  std::unordered_map<const syntax::Expr*, ResolvedExpr> schedule_exprs;
};

struct RuleInfo {
  std::string name;
  const syntax::Decl* decl = nullptr;
  RecordId subject = kNoId;
  std::vector<PayoutId> applies_to;   // empty: every payout of the subject
  RecordId per = kNoId;               // concentration: the per record
  std::vector<FieldStep> per_relation; // from a `per` row to the subject
};

struct EvaluationStep {
  enum class Kind : std::uint8_t { Param, Table, Measure } kind = Kind::Measure;
  std::uint32_t id = kNoId;
};

struct Plan {
  std::vector<syntax::Module> modules;  // root first, then imports in load order
  bool is_module_only = false;          // no plan header: a library module checked alone

  std::string currency;  // from the header; empty in a module checked alone
  std::string cadence;
  std::string rounding;

  std::vector<RecordInfo> records;
  std::vector<MeasureInfo> measures;  // in source order (root first)
  std::vector<ParamInfo> params;
  std::vector<TableInfo> tables;
  std::vector<ScheduleInfo> schedules;
  std::vector<PayoutInfo> payouts;
  std::vector<RuleInfo> rules;
  // Params, tables and measures, each after everything it reads.
  std::vector<EvaluationStep> evaluation_order;
  std::unordered_map<const syntax::Expr*, ResolvedExpr> exprs;

  const ResolvedExpr* resolved(const syntax::Expr* e) const {
    auto it = exprs.find(e);
    return it == exprs.end() ? nullptr : &it->second;
  }
};

}  // namespace accrue::check
