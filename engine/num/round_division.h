// Internal: integer division rounded by a RoundingMode. Every rounding in the
// layer (scalars, columns, the big-number path) reduces to this one rule, so
// the modes cannot drift apart between the fast and the exact paths.
#pragma once

#include "rounding.h"

namespace accrue::num::detail {

// Whether a truncated quotient must move one step away from zero, given the
// remainder's magnitude `rem` (0 < rem < divisor), the sign of the exact
// quotient and the parity of the truncated quotient. Written as
// `rem > divisor - rem` rather than `2 * rem > divisor` so it cannot overflow.
template <class Int>
constexpr bool rounds_away(RoundingMode mode, Int rem, Int divisor, bool negative, bool quotient_odd) {
  switch (mode) {
    case RoundingMode::down: return false;
    case RoundingMode::up: return true;
    case RoundingMode::floor: return negative;
    case RoundingMode::ceiling: return !negative;
    case RoundingMode::half_up: return rem >= divisor - rem;
    case RoundingMode::half_down: return rem > divisor - rem;
    case RoundingMode::half_even: {
      Int other = divisor - rem;
      return rem > other || (rem == other && quotient_odd);
    }
  }
  return false;
}

// numerator / divisor rounded by `mode`; divisor > 0. Works for int64_t and
// __int128; with a compile-time divisor the compiler turns / and % into
// multiplications, which is what keeps the column loops fast.
template <class Int>
constexpr Int divide_rounded(Int numerator, Int divisor, RoundingMode mode) {
  Int quotient = numerator / divisor;
  Int rem = numerator % divisor;  // same sign as numerator
  if (rem == 0) return quotient;
  bool negative = numerator < 0;
  Int rem_abs = negative ? -rem : rem;
  if (rounds_away<Int>(mode, rem_abs, divisor, negative, (quotient & 1) != 0)) {
    quotient += negative ? -1 : 1;
  }
  return quotient;
}

}  // namespace accrue::num::detail
