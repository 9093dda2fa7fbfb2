// Dictionary encoding while loading: maps each distinct string to a dense
// code in first-seen order, copying its bytes once into an arena. Cells are
// looked up without allocating; the open-addressing table keeps a 32-bit hash
// tag beside each code so most misses never touch the string bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace accrue::data {

std::uint64_t hash_text(std::string_view text);

class TextInterner {
 public:
  TextInterner();
  std::uint32_t intern(std::string_view text);
  std::uint32_t size() const { return static_cast<std::uint32_t>(offsets_.size() - 1); }
  std::string_view text(std::uint32_t code) const {
    return std::string_view(bytes_).substr(offsets_[code], offsets_[code + 1] - offsets_[code]);
  }

 private:
  struct Slot {
    std::uint32_t tag = 0;
    std::uint32_t code_plus_one = 0;  // 0 marks an empty slot
  };
  void grow();

  std::vector<Slot> slots_;
  std::uint64_t mask_ = 0;
  std::string bytes_;
  std::vector<std::uint64_t> offsets_;
};

}  // namespace accrue::data
