// The one place where the data layer meets engine/num: loaded Number, Percent
// and Money columns are engine/num's DecimalColumn (integers at one shared
// scale). The data layer parses cells into scaled integers itself (faster
// than a general decimal parser, and allocation-free) and hands the finished
// column over here. Until engine/num is in the build, a stand-in with the
// same reading interface (is_scaled, scale, units, size) keeps this layer
// building; the build defines ACCRUE_DATA_HAVE_NUM when accrue_num exists.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#ifdef ACCRUE_DATA_HAVE_NUM
#include "engine/num/num.h"
#endif

namespace accrue::data {

#ifdef ACCRUE_DATA_HAVE_NUM
using DecimalColumn = num::DecimalColumn;
#else
class DecimalColumn {
 public:
  DecimalColumn() = default;
  DecimalColumn(std::vector<std::int64_t> units, int scale) : scale_(scale), units_(std::move(units)) {}
  std::size_t size() const { return units_.size(); }
  bool is_scaled() const { return true; }
  int scale() const { return scale_; }
  std::span<const std::int64_t> units() const { return units_; }

 private:
  int scale_ = 0;
  std::vector<std::int64_t> units_;
};
#endif

// value[row] = units[row] / 10^scale, 0 <= scale <= 18, no INT64_MIN
// (the cell parser never produces it).
DecimalColumn make_decimal_column(std::int32_t scale, std::vector<std::int64_t>&& units);

}  // namespace accrue::data
