// Large loader arrays (columns of 10^7 rows, sort buffers) are written once
// right after they are allocated, and with 4 KB pages the kernel spends more
// time faulting them in than the loader spends filling them. Asking for
// transparent huge pages on such a range, before its first write, takes one
// fault per 2 MB instead of 512. Purely a hint: without THP nothing changes.
#pragma once

#include <cstddef>
#include <vector>

namespace accrue::data {

// Advises huge pages for the 2 MB-aligned part of [data, data + bytes).
void advise_huge_pages(const void* data, std::size_t bytes);

// Resizes an empty vector to `size` elements on huge pages where possible.
template <typename T>
void resize_on_huge_pages(std::vector<T>& values, std::size_t size) {
  values.reserve(size);
  advise_huge_pages(values.data(), size * sizeof(T));
  values.resize(size);
}

template <typename T>
void reserve_on_huge_pages(std::vector<T>& values, std::size_t size) {
  values.reserve(size);
  advise_huge_pages(values.data(), size * sizeof(T));
}

}  // namespace accrue::data
