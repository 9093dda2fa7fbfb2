#include "allocate.h"

#include <algorithm>
#include <numeric>
#include <optional>
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

// The common case of settlement (a tranche split or a pool of ordinary size,
// weights that are short decimals) in 128-bit integers: every exact share is
// M * w_i / W with one denominator W, so remainders compare as integers. The
// result is identical to the exact path's (a test compares them); anything
// that does not fit returns nothing and takes the exact path.
std::optional<std::vector<AllocatedPart>> allocate_small(const Money& total, std::span<const AllocationShare> shares) {
  const int minor_units = total.currency().minor_units();
  std::optional<std::int64_t> total_units = total.amount().units_at(minor_units);
  if (!total_units || *total_units == INT64_MIN) return std::nullopt;
  int scale = 0;
  for (const AllocationShare& share : shares) {
    if (!share.weight.is_small()) return std::nullopt;
    scale = std::max(scale, share.weight.small_scale());
  }
  constexpr unsigned __int128 kLimit = static_cast<unsigned __int128>(1) << 62;
  std::vector<unsigned __int128> weights(shares.size());
  unsigned __int128 weight_sum = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    std::optional<std::int64_t> w = shares[i].weight.units_at(scale);
    if (!w || *w < 0 || static_cast<unsigned __int128>(*w) >= kLimit) return std::nullopt;
    weights[i] = static_cast<unsigned __int128>(*w);
    weight_sum += weights[i];
  }
  if (weight_sum == 0 || weight_sum >= kLimit) return std::nullopt;
  const bool negative = *total_units < 0;
  const auto magnitude = static_cast<unsigned __int128>(negative ? -*total_units : *total_units);
  if (magnitude >= kLimit) return std::nullopt;

  std::vector<std::int64_t> units(shares.size());
  std::vector<std::pair<unsigned __int128, std::size_t>> remainders;  // (dropped part * W, index)
  unsigned __int128 handed_out = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const unsigned __int128 exact = magnitude * weights[i];  // < 2^124
    units[i] = static_cast<std::int64_t>(exact / weight_sum);
    handed_out += exact / weight_sum;
    if (const unsigned __int128 r = exact % weight_sum; r > 0) remainders.push_back({r, i});
  }
  std::sort(remainders.begin(), remainders.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return shares[a.second].key < shares[b.second].key;
  });
  unsigned __int128 missing = magnitude - handed_out;
  for (const auto& [remainder, index] : remainders) {
    if (missing == 0) break;
    units[index] += 1;
    missing -= 1;
  }
  std::vector<AllocatedPart> parts;
  parts.reserve(shares.size());
  for (std::size_t i = 0; i < shares.size(); ++i) {
    Result<Decimal> amount = Decimal::from_units(negative ? -units[i] : units[i], minor_units);
    if (!amount) return std::nullopt;
    parts.push_back({shares[i].key, Money(std::move(*amount), total.currency())});
  }
  return parts;
}

}  // namespace

Result<std::vector<AllocatedPart>> allocate(const Money& total, std::span<const AllocationShare> shares) {
  if (Result<void> checked = check_shares(shares); !checked) return checked.error();
  if (auto parts = allocate_small(total, shares)) return std::move(*parts);
  return detail::allocate_exact(total, shares);
}

namespace detail {

Result<std::vector<AllocatedPart>> allocate_exact(const Money& total, std::span<const AllocationShare> shares) {
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

}  // namespace detail

}  // namespace accrue::num
