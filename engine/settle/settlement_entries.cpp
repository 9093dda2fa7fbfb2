#include "settle/settlement_entries.h"

#include "settle/payout_lines.h"
#include "settle/posting.h"
#include "settle/rules_application.h"

namespace accrue::settle {

num::Result<SettlementEntries> compute_entries(const SettleContext& ctx) {
  auto lines = build_payout_lines(ctx);
  if (!lines) return lines.error();
  auto ruled = apply_rules(ctx, lines.value());
  if (!ruled) return ruled.error();
  auto entries = post_lines(ctx, *lines);
  if (!entries) return entries.error();
  SettlementEntries out;
  out.summary = summarize(*entries, ctx.rounding);
  out.entries = std::move(entries.value());
  out.warnings = std::move(lines.value().warnings);
  return out;
}

}  // namespace accrue::settle
