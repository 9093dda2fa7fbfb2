// The named ways a value is rounded to a number of decimal places. Rounding
// happens only when a plan or a caller asks for it, always with one of these.
#pragma once

#include <array>
#include <string_view>

#include "result.h"

namespace accrue::num {

enum class RoundingMode {
  half_even,  // to nearest, ties to the even neighbour (banker's rounding)
  half_up,    // to nearest, ties away from zero
  half_down,  // to nearest, ties toward zero
  down,       // toward zero (truncate)
  up,         // away from zero
  floor,      // toward negative infinity
  ceiling,    // toward positive infinity
};

inline constexpr std::array<RoundingMode, 7> kAllRoundingModes = {
    RoundingMode::half_even, RoundingMode::half_up, RoundingMode::half_down, RoundingMode::down,
    RoundingMode::up,        RoundingMode::floor,   RoundingMode::ceiling};

// The plan-facing name: "half_even", "half_up", ... exactly as in the enum.
std::string_view to_string(RoundingMode mode);

// Accepts exactly the names printed by to_string (case-sensitive).
Result<RoundingMode> parse_rounding_mode(std::string_view name);

}  // namespace accrue::num
