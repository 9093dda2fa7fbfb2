#include "engine/data/decimal_column.h"

#include <cstdio>
#include <cstdlib>

namespace accrue::data {

DecimalColumn make_decimal_column(std::int32_t scale, std::vector<std::int64_t>&& units) {
#ifdef ACCRUE_DATA_HAVE_NUM
  auto column = num::DecimalColumn::from_units(std::move(units), scale);
  if (!column.ok()) {
    // The loader guarantees scale 0..18 and no INT64_MIN, so this is a bug.
    std::fprintf(stderr, "accrue::data: decimal column rejected: %s\n", column.error().message.c_str());
    std::abort();
  }
  return std::move(column).value();
#else
  return DecimalColumn(std::move(units), scale);
#endif
}

}  // namespace accrue::data
