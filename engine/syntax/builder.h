// Internal to the syntax layer: turns the generated parse tree into the AST.
// Only files in engine/syntax include this (and with it, ANTLR).
#pragma once

#include "PlanParser.h"
#include "syntax/ast.h"

namespace accrue::syntax::detail {

using P = accrue_gen::PlanParser;

class Builder {
 public:
  Builder(diag::FileId file, antlr4::BufferedTokenStream* tokens) : file_(file), tokens_(tokens) {}

  Module build(P::FileContext* ctx);

  // Expressions (expr_builder.cpp).
  ExprPtr expr(P::ExprContext* ctx);
  Duration duration(P::DurationContext* ctx);

  Span span(antlr4::ParserRuleContext* ctx) const;
  Span span(antlr4::Token* token) const;
  Span span(antlr4::tree::TerminalNode* node) const { return node ? span(node->getSymbol()) : Span{}; }
  Name name(P::NameContext* ctx) const;
  Name name(P::UnitContext* ctx) const;
  std::vector<Name> path(P::QualifiedNameContext* ctx) const;

 private:
  ExprPtr primary(P::PrimaryContext* ctx);
  ExprPtr chain(P::ExprContext* ctx);
  Window window(P::WindowContext* ctx);
  void clause(Expr& call, P::ClauseContext* ctx);

  Decl declaration(P::DeclarationContext* ctx);
  void record(Decl& d, P::RecordDeclContext* ctx);
  void param(Decl& d, P::ParamDeclContext* ctx);
  void table(Decl& d, P::TableDeclContext* ctx);
  void target(Decl& d, P::TargetDeclContext* ctx);
  void scorecard(Decl& d, P::ScorecardDeclContext* ctx);
  void rule(Decl& d, antlr4::ParserRuleContext* inner);
  void payout(Decl& d, P::PayoutDeclContext* ctx);
  void schedule(Decl& d, P::ScheduleDeclContext* ctx);
  std::vector<Dimension> dimensions(const std::vector<P::DimensionContext*>& ctxs);
  std::vector<Name> applies_to(P::AppliesToContext* ctx);
  PlanHeader header(P::PlanHeaderContext* ctx);

  std::string doc_before(antlr4::Token* start) const;

  diag::FileId file_;
  antlr4::BufferedTokenStream* tokens_;
};

std::string unquote(const std::string& quoted);

}  // namespace accrue::syntax::detail
