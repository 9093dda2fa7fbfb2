#include "column_buffer.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace accrue::num::detail {

namespace {
constexpr std::uintptr_t kPage = 4096;
// Below this a column is too small for huge pages (2 MiB each) to matter.
constexpr std::size_t kHugeThresholdBytes = std::size_t{4} << 20;
}  // namespace

std::vector<std::int64_t> allocate_units(std::size_t rows) {
  std::vector<std::int64_t> units;
  units.reserve(rows);
#if defined(MADV_HUGEPAGE)
  std::size_t bytes = rows * sizeof(std::int64_t);
  if (bytes >= kHugeThresholdBytes) {
    auto begin = (reinterpret_cast<std::uintptr_t>(units.data()) + kPage - 1) & ~(kPage - 1);
    auto end = (reinterpret_cast<std::uintptr_t>(units.data()) + bytes) & ~(kPage - 1);
    // A hint: where transparent huge pages are off, it fails harmlessly.
    if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  }
#endif
  units.resize(rows);
  return units;
}

}  // namespace accrue::num::detail
