// Targets: exactly one base, one challenge and one ideal tier (E0505), with
// thresholds that strictly increase and scores that never decrease from base
// to ideal (E0503). Thresholds and scores are compared only when both are
// literals of comparable units; anything else is the type checker's.
#include <fmt/format.h>

#include <array>

#include "check/literal_value.h"
#include "check/rule_checks.h"

namespace accrue::check {
namespace {

using diag::Code;
using syntax::Tier;

const std::vector<std::string>& tier_names() {
  static const std::vector<std::string> names = {"base", "challenge", "ideal"};
  return names;
}

int tier_index(const std::string& name) {
  const auto& names = tier_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

void check_target(const syntax::Decl& decl, diag::Diagnostics& out) {
  std::array<const Tier*, 3> found{};
  for (const auto& tier : decl.target.tiers) {
    int index = tier_index(tier.tier.text);
    if (index < 0) {
      std::string close = diag::closest_name(tier.tier.text, tier_names());
      out.report(Code::E0505, tier.tier.span, fmt::format("unknown tier '{}'", tier.tier.text),
                 close.empty() ? "a target's tiers are base, challenge and ideal"
                               : fmt::format("did you mean '{}'?", close));
    } else if (const Tier* first = found[static_cast<std::size_t>(index)]) {
      auto& d = out.report(Code::E0505, tier.tier.span, fmt::format("tier '{}' is given twice", tier.tier.text),
                           "give each of base, challenge and ideal once");
      d.notes.push_back({first->tier.span, "first given here"});
    } else {
      found[static_cast<std::size_t>(index)] = &tier;
    }
  }
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i]) continue;
    out.report(Code::E0505, decl.name.span,
               fmt::format("target '{}' has no '{}' tier", decl.name.text, tier_names()[i]),
               fmt::format("add a tier: {} THRESHOLD -> SCORE", tier_names()[i]));
  }

  // Compare each tier with the nearest present tier below it.
  const Tier* below = nullptr;
  for (const Tier* tier : found) {
    if (!tier) continue;
    if (below) {
      auto low = literal_value(*below->threshold), high = literal_value(*tier->threshold);
      if (low && high && orderable(*low, *high) && compare(*high, *low) <= 0) {
        auto& d = out.report(Code::E0503, tier->threshold->span,
                             fmt::format("threshold of '{}' ({}) is not above '{}' ({})", tier->tier.text,
                                         show(*high), below->tier.text, show(*low)),
                             "thresholds must strictly increase: base < challenge < ideal");
        d.notes.push_back({below->threshold->span, fmt::format("the '{}' threshold", below->tier.text)});
      }
      auto low_score = literal_value(*below->score), high_score = literal_value(*tier->score);
      if (low_score && high_score && orderable(*low_score, *high_score) && compare(*high_score, *low_score) < 0) {
        auto& d = out.report(Code::E0503, tier->score->span,
                             fmt::format("score of '{}' ({}) is below '{}' ({})", tier->tier.text,
                                         show(*high_score), below->tier.text, show(*low_score)),
                             "scores must not decrease from base to challenge to ideal");
        d.notes.push_back({below->score->span, fmt::format("the '{}' score", below->tier.text)});
      }
    }
    below = tier;
  }
}

}  // namespace accrue::check
