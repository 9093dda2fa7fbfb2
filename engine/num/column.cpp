// Storage of DecimalColumn: keeping rows as int64 units at a shared scale for
// as long as every value fits, and switching to exact Decimals when one does not.
#include <limits>

#include "column.h"

namespace accrue::num {

namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

constexpr std::int64_t pow10_i64(int exponent) {
  std::int64_t result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

std::int64_t magnitude(std::int64_t units) { return units < 0 ? -units : units; }

// The smallest scale at which a small value is a whole number of units.
int minimal_scale(const Decimal& value) {
  std::int64_t units = value.small_units();
  int scale = value.small_scale();
  while (scale > 0 && units % 10 == 0) {
    units /= 10;
    --scale;
  }
  return scale;
}

}  // namespace

DecimalColumn::DecimalColumn(int scale) : scale_(scale < 0 ? 0 : (scale > kSmallMaxScale ? kSmallMaxScale : scale)) {}

Result<DecimalColumn> DecimalColumn::from_units(std::vector<std::int64_t> units, int scale) {
  if (scale < 0 || scale > kSmallMaxScale) {
    return make_error(ErrorCode::invalid_argument,
                      "column scale " + std::to_string(scale) + " is outside 0.." + std::to_string(kSmallMaxScale));
  }
  std::int64_t bound = 0;
  for (std::size_t row = 0; row < units.size(); ++row) {
    if (units[row] == std::numeric_limits<std::int64_t>::min()) {
      return make_error(ErrorCode::invalid_argument, "column row " + std::to_string(row) + " holds INT64_MIN");
    }
    bound = std::max(bound, magnitude(units[row]));
  }
  DecimalColumn column(scale);
  column.units_ = std::move(units);
  column.units_bound_ = bound;
  return column;
}

DecimalColumn DecimalColumn::from_decimals(std::span<const Decimal> values) {
  int scale = 0;
  for (const Decimal& value : values) {
    if (!value.is_small()) return exact({values.begin(), values.end()});
    scale = std::max(scale, minimal_scale(value));
  }
  DecimalColumn column(scale);
  column.units_.reserve(values.size());
  for (const Decimal& value : values) column.push_back(value);
  return column;
}

DecimalColumn DecimalColumn::exact(std::vector<Decimal> values) {
  DecimalColumn column;
  column.scaled_ = false;
  column.exact_ = std::move(values);
  return column;
}

void DecimalColumn::push_back(const Decimal& value) {
  if (!scaled_) {
    exact_.push_back(value);
    return;
  }
  if (std::optional<std::int64_t> units = value.units_at(scale_)) {
    units_.push_back(*units);
    units_bound_ = std::max(units_bound_, magnitude(*units));
    return;
  }
  // More decimals than the column has: rescale every row if they still fit.
  if (value.is_small()) {
    int wanted = minimal_scale(value);
    if (wanted > scale_) {
      std::int64_t factor = pow10_i64(wanted - scale_);
      std::optional<std::int64_t> units = value.units_at(wanted);
      if (units && units_bound_ <= kInt64Max / factor) {
        for (std::int64_t& row : units_) row *= factor;
        units_bound_ *= factor;
        scale_ = wanted;
        units_.push_back(*units);
        units_bound_ = std::max(units_bound_, magnitude(*units));
        return;
      }
    }
  }
  fall_back_to_exact();
  exact_.push_back(value);
}

void DecimalColumn::fall_back_to_exact() {
  exact_.reserve(units_.size() + 1);
  for (std::int64_t units : units_) exact_.push_back(Decimal::small(units, scale_));
  units_ = {};
  units_bound_ = 0;
  scaled_ = false;
}

Decimal DecimalColumn::at(std::size_t row) const {
  return scaled_ ? Decimal::small(units_[row], scale_) : exact_[row];
}

}  // namespace accrue::num
