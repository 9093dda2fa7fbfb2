// Splitting a money amount (a team pool, a deferral) into parts by weights so
// that the parts add up exactly to the total, each a whole number of minor
// units. Largest remainder; ties go to the smaller key, so the split depends
// on the parts' keys and never on their order in the input.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "decimal.h"
#include "money.h"

namespace accrue::num {

struct AllocationShare {
  std::string key;  // unique among the shares; decides ties
  Decimal weight;   // >= 0; weights are ratios (3, 2, 1 splits like 50%, 33.3..%, 16.6..%)
};

struct AllocatedPart {
  std::string key;
  Money amount;
};

// One part per share, in the shares' order. Rules (docs/numbers.md):
// - the total must be a whole number of minor units;
// - each part is its exact share |total| * weight / sum(weights) rounded down
//   to a minor unit, then the units still missing go one each to the parts
//   with the largest dropped remainder, ties to the smaller key (bytewise);
// - a negative total is split as its magnitude, then every part negated;
// - a zero weight gets exactly zero; all-zero weights, a negative weight, a
//   duplicate key or no shares at all are errors.
Result<std::vector<AllocatedPart>> allocate(const Money& total, std::span<const AllocationShare> shares);

namespace detail {
// The same split in exact rationals, whatever the sizes: allocate() uses it
// when its 128-bit integer path does not fit; tests compare the two.
Result<std::vector<AllocatedPart>> allocate_exact(const Money& total, std::span<const AllocationShare> shares);
}  // namespace detail

}  // namespace accrue::num
