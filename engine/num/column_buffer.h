// Internal: fresh storage for the integers of a result column. Large buffers
// are offered to the kernel as transparent huge pages before they are first
// touched: a new 80 MB column then costs ~40 page faults instead of ~20,000,
// which on the reference machine was most of a multiply-and-round over 10M
// rows (docs/benchmarks.md). The storage stays a plain std::vector, so
// callers move their vectors in and out without copies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace accrue::num::detail {

// `rows` zeros.
std::vector<std::int64_t> allocate_units(std::size_t rows);

}  // namespace accrue::num::detail
