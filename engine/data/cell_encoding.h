// How a cell is spelled inside a content hash (layout accrue-table-v1,
// docs/data.md): `len+1` as LEB128 then the canonical text, or one 0x00 byte
// for null. The hasher writes millions of cells, so the spellings here go
// straight into a caller's buffer with no temporary string, and texts that
// rows point at (a text column's dictionary, a referenced table's keys) are
// encoded once into an EncodedTexts table that rows then copy from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace accrue::data {

// Writes LEB128 of `value`; returns the end. At most 10 bytes.
inline char* write_length(std::size_t value, char* out) {
  do {
    std::uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    *out++ = static_cast<char>(byte);
  } while (value != 0);
  return out;
}

// The encoded cell of an integer (its canonical text with the length byte);
// at most 21 bytes, but up to 48 bytes at `out` may be written.
char* write_integer_cell(std::int64_t value, char* out);
// The encoded cell of units / 10^scale, trailing zeros dropped; at most 42
// bytes, but up to 48 bytes at `out` may be written.
char* write_decimal_cell(std::int64_t units, std::int32_t scale, char* out);
// The encoded cell of a date, `YYYY-MM-DD`: always 11 bytes.
char* write_date_cell(std::int32_t days, char* out);

// Encoded cells numbered 0..size()-1, stored at a fixed stride when they are
// all short (one cache line or less per entry, so a random row costs one
// miss), else back to back with offsets.
class EncodedTexts {
 public:
  void reserve(std::size_t count, std::size_t bytes);
  void add(std::string_view text);  // the next entry, as the canonical text of a non-null cell
  void seal();                      // after the last add: picks the stride layout when it fits

  std::string_view operator[](std::size_t index) const {
    if (stride_ != 0) {
      const char* entry = bytes_.data() + index * stride_;
      return {entry + 1, static_cast<unsigned char>(entry[0])};
    }
    return {bytes_.data() + offsets_[index], offsets_[index + 1] - offsets_[index]};
  }
  // Writes entry `index` at `out` and returns its end. In the fixed layout a
  // whole stride is copied (a constant-size copy, not a libc call), so up to
  // 64 bytes at `out` may be written.
  char* copy(std::size_t index, char* out) const {
    if (stride_ == 0) {
      const std::string_view entry = (*this)[index];
      std::memcpy(out, entry.data(), entry.size());
      return out + entry.size();
    }
    // Reads entry + 1 .. entry + stride: the last entry's final byte read is
    // the string's terminator.
    const char* entry = bytes_.data() + index * stride_;
    switch (stride_) {
      case 8: std::memcpy(out, entry + 1, 8); break;
      case 16: std::memcpy(out, entry + 1, 16); break;
      case 32: std::memcpy(out, entry + 1, 32); break;
      default: std::memcpy(out, entry + 1, 64); break;
    }
    return out + static_cast<unsigned char>(entry[0]);
  }
  void prefetch(std::size_t index) const {
    __builtin_prefetch(stride_ != 0 ? bytes_.data() + index * stride_ : bytes_.data() + offsets_[index]);
  }
  std::size_t size() const { return count_; }
  bool fixed_stride() const { return stride_ != 0; }

 private:
  std::string bytes_;
  std::vector<std::uint64_t> offsets_;  // variable layout only: count_ + 1 entries
  std::size_t stride_ = 0;              // fixed layout: entry i is [len][encoded cell] at i * stride_
  std::size_t count_ = 0;
  std::size_t longest_ = 0;
};

}  // namespace accrue::data
