// Internal to the check layer: the state the name-and-type pass shares across
// its files (symbols, header, expressions, calls, relations, declarations,
// cycles, unused). One Resolver lives for one check of one plan.
//
// The pass runs twice over params, tables and measures: first quietly, to
// learn who reads whom (the dependency graph), then for real in dependency
// order, so every name's type is known before it is used. Diagnostics come
// only from the second run.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "check/plan.h"
#include "diag/diag.h"

namespace accrue::check::detail {

using diag::Code;
using diag::Span;
using syntax::Decl;
using syntax::Expr;

enum class GlobalKind : std::uint8_t { Record, Param, Table, Schedule, Payout, Rule };

struct GlobalSymbol {
  GlobalKind kind = GlobalKind::Record;
  std::uint32_t id = kNoId;
  const Decl* decl = nullptr;
};

std::string_view global_kind_name(GlobalKind kind);

// Where an expression is read: on a subject row, possibly inside an
// aggregation whose source rows come first for bare names.
struct Scope {
  RecordId subject = kNoId;
  RecordId source = kNoId;
  std::unordered_map<const Expr*, ResolvedExpr>* out = nullptr;  // where annotations go
};

// A chain of reference fields from one record to another.
struct Relation {
  enum class Status : std::uint8_t { Found, None, Ambiguous } status = Status::None;
  std::vector<FieldStep> path;
  std::vector<std::string> alternatives;  // when ambiguous: "customer.owner", "seller"
};

class Resolver {
 public:
  Resolver(Plan& plan, const diag::SourceMap& sources, diag::Diagnostics& diagnostics)
      : plan(plan), sources(sources), diagnostics(diagnostics) {}

  Plan& plan;
  const diag::SourceMap& sources;
  diag::Diagnostics& diagnostics;

  bool quiet = false;    // the dependency run: no diagnostics, no annotations
  bool probing = false;  // "would this name resolve?": no effects at all
  std::unordered_map<std::string, GlobalSymbol> globals;
  std::vector<std::uint32_t> decl_order;  // per graph node: position in source order

  // The dependency graph: nodes are measures, then params, then tables.
  std::uint32_t current_node = kNoId;
  std::vector<std::vector<std::uint32_t>> edges;
  std::uint32_t node_of_measure(MeasureId id) const { return id; }
  std::uint32_t node_of_param(ParamId id) const { return static_cast<std::uint32_t>(plan.measures.size()) + id; }
  std::uint32_t node_of_table(TableId id) const {
    return static_cast<std::uint32_t>(plan.measures.size() + plan.params.size()) + id;
  }
  std::uint32_t node_count() const {
    return static_cast<std::uint32_t>(plan.measures.size() + plan.params.size() + plan.tables.size());
  }

  // Usage, for W0101 (filled by the loud run).
  std::vector<char> used_records, used_measures, used_params, used_tables, used_schedules;

  // Reports unless quiet or probing; returns null then.
  diag::Diagnostic* report(Code code, Span span, std::string message, std::string help = {});
  void depend_on(std::uint32_t node);

  // symbols.cpp
  void declare_all();
  std::vector<std::string> record_names() const;
  const GlobalSymbol* global(const std::string& name) const;
  // A payee or entity named as a subject; reports E0301/E0308 otherwise.
  RecordId subject_record(const syntax::Name& name, std::string_view what);
  void mark_record_used(RecordId id);

  // header_check.cpp
  void check_header();

  // resolve_expr.cpp
  ResolvedExpr type_expr(const Expr& e, const Scope& scope, const Type* compared = nullptr);
  ResolvedExpr type_condition(const Expr& e, const Scope& scope, std::string_view what);
  Span decl_span_of(const ResolvedExpr& r) const;  // where a name's target is declared
  std::vector<diag::Label> operand_notes(const Expr& e, const ResolvedExpr& r) const;
  bool resolves_as_name(const Expr& e, const Scope& scope);
  bool valid_date(std::string_view text) const;

  // operators.cpp
  ResolvedExpr type_chain(const Expr& e, const Scope& scope);
  ResolvedExpr type_unary(const Expr& e, const Scope& scope);
  ResolvedExpr type_in(const Expr& e, const Scope& scope);
  ResolvedExpr type_if(const Expr& e, const Scope& scope);

  // calls.cpp
  ResolvedExpr type_call(const Expr& e, const Scope& scope);
  ResolvedExpr type_grade(const Expr& e, const Scope& scope);

  // relations.cpp
  Relation relate(RecordId from, RecordId to);
  std::string path_text(const std::vector<FieldStep>& path) const;
  // Reports E0306/E0307 at `at`; returns false when no single relation exists.
  bool require_relation(RecordId from, RecordId to, Span at, std::vector<FieldStep>& path);

  // resolve_decls.cpp
  void type_measure(MeasureId id);
  void type_param(ParamId id);
  void type_table(TableId id);
  void type_node(std::uint32_t node);
  // resolve_rules.cpp
  void resolve_payouts_and_rules();

  // cycles.cpp
  void order_and_report_cycles(std::vector<std::uint32_t>& order);
  std::string node_name(std::uint32_t node) const;
  Span node_span(std::uint32_t node) const;

  // unused.cpp
  void report_unused();

 private:
  std::unordered_map<std::uint64_t, Relation> relation_cache_;
};

Span join(Span a, Span b);
bool is_time_unit(std::string_view unit);
const std::vector<std::string>& time_unit_names();

// Help for an unknown currency code: known aliases (RMB is CNY), else the
// closest ISO code.
std::string currency_help(const std::string& wrong, const std::vector<std::string>& codes);

}  // namespace accrue::check::detail
