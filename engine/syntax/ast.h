// The plan's abstract syntax tree: what the author wrote, with a source span
// on every node, and nothing of the parser generator that read it. Names are
// not resolved here; the checker does that once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diag/diag.h"

namespace accrue::syntax {

using diag::Span;

struct Name {
  std::string text;
  Span span;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class WindowKind { Period, Last, Since, PlanYear, All };

struct Window {
  WindowKind kind = WindowKind::All;
  std::string count;  // Last: the number of units
  Name unit;          // Last: months, quarters, years, days
  std::string date;   // Since: ISO date
  Span span;
};

enum class GradeArmKind { Threshold, Top, Else };

struct GradeArm {
  GradeArmKind kind = GradeArmKind::Else;
  Name label;
  ExprPtr bound;  // Threshold: lower bound; Top: share of the population
  Span span;
};

enum class ExprKind {
  Number,    // text = digits; unit = currency code or time unit, if written
  Percent,   // text = digits without the '%'
  String,    // text = content, escapes decoded
  Date,      // text = ISO date
  Period,    // text = 2026-Q1, 2026-H1, 2026-03
  Bool,      // text = true | false
  Name,      // path = a or a.b.c
  Call,      // path[0] = function; args; clauses
  Grade,     // args[0] = graded value; arms
  Unary,     // ops[0] = "-" | "not"; args[0]
  Binary,    // a left-associative chain of one precedence level: args[0] ops[0] args[1] ...
  In,        // args[0] in (args[1..])
  If,        // if args[0] then args[1] else args[2]
};

struct Expr {
  ExprKind kind = ExprKind::Number;
  Span span;
  std::string text;
  Name unit;
  std::vector<Name> path;
  std::vector<std::string> ops;
  std::vector<Span> op_spans;
  std::vector<ExprPtr> args;
  // Call clauses (aggregations).
  ExprPtr where;
  std::optional<Window> window;
  std::vector<Name> via;
  // Grade.
  bool by_percentile = false;
  std::vector<GradeArm> arms;
};

struct Duration {
  std::string count;
  Name unit;
  Span span;
};

// ---- declarations ---------------------------------------------------------

struct Import {
  std::string target;  // a quoted relative path, or a dotted stdlib module name
  bool is_path = false;
  Span span;
};

struct PlanHeader {
  std::string name;
  std::string version;
  std::optional<Name> currency;
  std::optional<Name> cadence;
  std::optional<Name> rounding;
  std::vector<Span> repeated_settings;  // settings given twice, reported by the checker
  Span span;
};

enum class RecordKind { Payee, Entity, Event };

struct Field {
  Name name;
  Name type;
  bool optional = false;
  Span span;
};

struct Record {
  RecordKind kind = RecordKind::Entity;
  std::optional<Name> key;
  std::optional<Name> dated;
  std::vector<Field> fields;
};

struct DatedValue {
  ExprPtr value;
  std::optional<std::string> from, until;
  Span from_span, until_span;
};

struct Param {
  std::optional<Name> type;
  std::vector<DatedValue> values;
};

struct TableRow {
  std::vector<ExprPtr> keys;  // empty for the else row
  ExprPtr value;
  bool is_else = false;
  Span span;
};

struct Table {
  std::vector<std::vector<Name>> keys;  // each a qualified name, e.g. Rep.role
  std::vector<TableRow> rows;
};

struct Measure {
  Name subject;
  ExprPtr value;
};

struct Tier {
  Name tier;  // base | challenge | ideal
  ExprPtr threshold, score;
  Span span;
};

struct Target {
  Name subject;
  ExprPtr measured;
  std::vector<Tier> tiers;
  bool linear = true;
  std::optional<Span> interpolation_span;
  ExprPtr floor, ceiling;
};

struct WeightedKpi {
  Name kpi;
  std::string weight;  // percent digits without '%'
  Span weight_span;
};

struct Dimension {
  Name name;
  std::vector<WeightedKpi> kpis;
};

struct Variant {
  ExprPtr condition;
  std::vector<Dimension> dimensions;
  Span span;
};

struct Scorecard {
  Name subject;
  std::vector<Dimension> dimensions;
  std::vector<Variant> variants;
};

struct Situation {
  Name subject;
  ExprPtr condition;
  std::optional<std::string> from, until;
};

enum class VetoScope { Period, PlanYear };

struct Veto {
  Name subject;
  std::vector<Name> applies_to;
  ExprPtr condition;
  ExprPtr cut;  // null: zero the payout
  VetoScope scope = VetoScope::Period;
};

struct Gate {
  Name subject;
  std::vector<Name> applies_to;
  ExprPtr requirement;
};

struct Limit {
  bool is_cap = true;  // cap, else floor
  Name subject;
  std::vector<Name> applies_to;
  ExprPtr amount;
};

struct Concentration {
  Name subject;
  Name per;
  ExprPtr measured;
  ExprPtr warn, cap;
  std::vector<Name> applies_to;
};

struct Payout {
  Name subject;
  std::vector<Name> recipient;  // path of references to a payee, e.g. owner
  ExprPtr amount;
  std::optional<Name> split_among;
  ExprPtr split_by;
  std::optional<Name> schedule;
};

enum class ScheduleItemKind { Now, After, ElseForfeit, ElseRollForward, ElseRelease, Clawback, Leaver, Transfer };

struct ScheduleItem {
  ScheduleItemKind kind = ScheduleItemKind::Now;
  ExprPtr share;      // Now, After, ElseRelease, Transfer (split share)
  Duration after;     // After; Clawback within
  bool has_within = false;
  ExprPtr condition;  // After (optional), Clawback
  Name policy;        // Clawback: paid | all; Leaver; Transfer
  Span span;
};

struct Schedule {
  std::vector<ScheduleItem> items;
};

enum class DeclKind {
  Record, Param, Table, Measure, Target, Scorecard, Situation, Veto, Gate, Limit, Concentration, Payout, Schedule
};

struct Decl {
  DeclKind kind = DeclKind::Measure;
  Name name;
  std::string doc;  // from /// comments before the declaration
  Span span;        // the whole declaration
  Record record;
  Param param;
  Table table;
  Measure measure;
  Target target;
  Scorecard scorecard;
  Situation situation;
  Veto veto;
  Gate gate;
  Limit limit;
  Concentration concentration;
  Payout payout;
  Schedule schedule;
};

// One parsed file.
struct Module {
  diag::FileId file = 0;
  std::vector<Import> imports;
  std::optional<PlanHeader> header;
  std::vector<Decl> decls;
};

std::string_view decl_kind_name(DeclKind kind);
std::string_view record_kind_name(RecordKind kind);

}  // namespace accrue::syntax
