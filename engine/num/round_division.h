// Internal: integer division rounded by a RoundingMode. Every rounding in the
// layer (scalars, columns) reduces to this one rule, so the modes cannot
// drift apart between paths. It is written without data-dependent branches
// (signs as masks, ties as arithmetic): in a column loop, signs and ties
// change row by row, and mispredicted branches used to cost more than the
// division itself.
#pragma once

#include "rounding.h"

namespace accrue::num::detail {

// Whether a truncated quotient must move one step away from zero, given the
// remainder's magnitude `rem` (0 <= rem < divisor), the sign of the exact
// quotient and the parity of the truncated quotient. Needs 2 * divisor to fit
// in Int (divisors here are at most 10^18 in int64 and 10^36 in __int128).
template <class Int>
constexpr bool rounds_away(RoundingMode mode, Int rem, Int divisor, bool negative, bool quotient_odd) {
  switch (mode) {
    case RoundingMode::down: return false;
    case RoundingMode::up: return rem != 0;
    case RoundingMode::floor: return negative & (rem != 0);
    case RoundingMode::ceiling: return !negative & (rem != 0);
    case RoundingMode::half_up: return rem + rem >= divisor;
    case RoundingMode::half_down: return rem + rem > divisor;
    // Above half, or exactly half with an odd quotient: 2 * rem + odd > divisor.
    case RoundingMode::half_even: return rem + rem + static_cast<Int>(quotient_odd) > divisor;
  }
  return false;
}

// numerator / divisor rounded by `mode`; 0 < divisor, 2 * divisor fits in
// Int. With a compile-time divisor the compiler turns / into a
// multiplication, which is what keeps the column loops fast.
template <class Int>
constexpr Int divide_rounded(Int numerator, Int divisor, RoundingMode mode) {
  Int quotient = numerator / divisor;
  Int rem = numerator - quotient * divisor;      // same sign as numerator
  bool negative = numerator < 0;
  const Int sign = -static_cast<Int>(negative);  // 0 or -1; (x ^ sign) - sign is x or -x
  Int rem_abs = (rem ^ sign) - sign;
  Int step = rounds_away<Int>(mode, rem_abs, divisor, negative, (quotient & 1) != 0);
  return quotient + ((step ^ sign) - sign);
}

}  // namespace accrue::num::detail
