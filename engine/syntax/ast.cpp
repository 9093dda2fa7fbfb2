#include "syntax/ast.h"

namespace accrue::syntax {

std::string_view decl_kind_name(DeclKind kind) {
  switch (kind) {
    case DeclKind::Record: return "record";
    case DeclKind::Param: return "param";
    case DeclKind::Table: return "table";
    case DeclKind::Measure: return "measure";
    case DeclKind::Target: return "target";
    case DeclKind::Scorecard: return "scorecard";
    case DeclKind::Situation: return "situation";
    case DeclKind::Veto: return "veto";
    case DeclKind::Gate: return "gate";
    case DeclKind::Limit: return "limit";
    case DeclKind::Concentration: return "concentration";
    case DeclKind::Payout: return "payout";
    case DeclKind::Schedule: return "schedule";
  }
  return "declaration";
}

std::string_view record_kind_name(RecordKind kind) {
  switch (kind) {
    case RecordKind::Payee: return "payee";
    case RecordKind::Entity: return "entity";
    case RecordKind::Event: return "event";
  }
  return "record";
}

}  // namespace accrue::syntax
