#include "allocate.h"

#include <algorithm>
#include <numeric>
#include <set>

#include "big.h"

namespace accrue::num {

namespace {

struct Candidate {
  std::size_t index;
  Rational remainder;  // exact share minus its rounded-down units, in [0, 1)
};

Result<void> check_shares(std::span<const AllocationShare> shares) {
  if (shares.empty()) return make_error(ErrorCode::invalid_argument, "allocate: no shares to split into");
  std::set<std::string_view> keys;
  for (const AllocationShare& share : shares) {
    if (!keys.insert(share.key).second) {
      return make_error(ErrorCode::invalid_argument,
                        "allocate: duplicate key \"" + share.key + "\" (keys decide ties, so they must be unique)");
    }
    if (share.weight.sign() < 0) {
      return make_error(ErrorCode::invalid_argument,
                        "allocate: weight " + share.weight.to_string() + " of \"" + share.key + "\" is negative");
    }
  }
  return {};
}

}  // namespace

Result<std::vector<AllocatedPart>> allocate(const Money& total, std::span<const AllocationShare> shares) {
  if (Result<void> checked = check_shares(shares); !checked) return checked.error();
  const int minor_units = total.currency().minor_units();
  const BigInt unit_scale = detail::pow10_big(minor_units);

  Rational total_units = detail::to_rational(total.amount()) * unit_scale;
  if (denominator(total_units) != 1) {
    return make_error(ErrorCode::invalid_argument, "allocate: total " + total.to_string() +
                                                       " is not a whole number of minor units; round it first");
  }
  const bool negative = total_units < 0;
  const BigInt magnitude = abs(numerator(total_units));

  Rational weight_sum = 0;
  for (const AllocationShare& share : shares) weight_sum += detail::to_rational(share.weight);
  if (weight_sum == 0) return make_error(ErrorCode::invalid_argument, "allocate: all weights are zero");

  // Round every exact share down, remember what was dropped.
  std::vector<BigInt> units(shares.size());
  std::vector<Candidate> candidates;
  BigInt handed_out = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    Rational exact = magnitude * detail::to_rational(shares[i].weight) / weight_sum;
    units[i] = numerator(exact) / denominator(exact);  // floor: exact >= 0
    handed_out += units[i];
    Rational remainder = exact - units[i];
    if (remainder > 0) candidates.push_back({i, remainder});
  }

  // The units still missing (fewer than the number of positive remainders)
  // go to the largest remainders, ties to the smaller key.
  std::sort(candidates.begin(), candidates.end(), [&](const Candidate& a, const Candidate& b) {
    if (a.remainder != b.remainder) return a.remainder > b.remainder;
    return shares[a.index].key < shares[b.index].key;
  });
  BigInt missing = magnitude - handed_out;
  for (const Candidate& candidate : candidates) {
    if (missing == 0) break;
    units[candidate.index] += 1;
    missing -= 1;
  }

  std::vector<AllocatedPart> parts;
  parts.reserve(shares.size());
  for (std::size_t i = 0; i < shares.size(); ++i) {
    BigInt signed_units = negative ? BigInt(-units[i]) : units[i];
    // |part| <= |total|, so the bounds hold.
    Decimal amount = detail::canonical(Rational(signed_units, unit_scale));
    parts.push_back({shares[i].key, Money(std::move(amount), total.currency())});
  }
  return parts;
}

}  // namespace accrue::num
