#include "rounding.h"

#include <string>

namespace accrue::num {

namespace {
constexpr std::array<std::string_view, 7> kModeNames = {"half_even", "half_up", "half_down", "down",
                                                        "up",        "floor",   "ceiling"};
}  // namespace

std::string_view to_string(RoundingMode mode) { return kModeNames[static_cast<std::size_t>(mode)]; }

Result<RoundingMode> parse_rounding_mode(std::string_view name) {
  for (RoundingMode mode : kAllRoundingModes) {
    if (to_string(mode) == name) return mode;
  }
  std::string known;
  for (std::string_view n : kModeNames) {
    if (!known.empty()) known += ", ";
    known += n;
  }
  return make_error(ErrorCode::parse,
                    "unknown rounding mode \"" + std::string(name) + "\" (expected one of: " + known + ")");
}

}  // namespace accrue::num
