// Internal to the check layer: the plan-rule checks, one per construct, that
// check_plan_rules (plan_rules.cpp) runs over every declaration of every
// module. Each reads only the AST and reports into the shared list; none
// depends on names having been resolved.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "diag/diag.h"
#include "syntax/ast.h"

namespace accrue::check {

// E0501 weights total 100% per set; E0302 a KPI twice in one set.
void check_scorecard_weights(const syntax::Decl& scorecard, diag::Diagnostics& out);
// W0102 variants that can never apply; W0103 variants that overlap.
void check_scorecard_variants(const syntax::Decl& scorecard, const diag::SourceMap& sources, diag::Diagnostics& out);
// E0502, E0514, E0513, E0510, E0401, E0301 and E0302 in a deferral schedule.
void check_schedule(const syntax::Decl& schedule, diag::Diagnostics& out);
// E0505 tier names, E0503 thresholds and scores in order.
void check_target(const syntax::Decl& target, diag::Diagnostics& out);
// E0507 for one `grade` expression (found anywhere in the plan).
void check_grade(const syntax::Expr& grade, diag::Diagnostics& out);
// E0504 effective ranges of one param (dates that do not exist are skipped).
void check_param_dates(const syntax::Decl& param, diag::Diagnostics& out);
// E0508 key counts, E0509 duplicate rows.
void check_table_rows(const syntax::Decl& table, diag::Diagnostics& out);
// E0510 veto cut and concentration shares; W0104 warn above cap.
void check_rule_shares(const syntax::Decl& rule, diag::Diagnostics& out);

// Who each payout pays, by record name, for W0105.
struct PayoutReach {
  std::map<std::string, const syntax::Record*> records;  // every record declaration, by name
  struct Paid {
    const syntax::Decl* payout;
    std::string payee;  // the paid record's name; empty when it cannot be told from the AST
  };
  std::map<std::string, Paid> payouts;  // by payout name (first declaration wins)
  std::set<std::string> paid_records;    // every record some payout pays
  bool some_payee_unknown = false;       // a payout whose payee the AST cannot tell
};
// Collected once over all modules.
PayoutReach payout_reach(const std::vector<const syntax::Decl*>& decls);
// W0105 for a veto, gate, cap, floor or concentration.
void check_rule_reach(const syntax::Decl& rule, const PayoutReach& reach, diag::Diagnostics& out);

}  // namespace accrue::check
