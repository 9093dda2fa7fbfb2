#include "engine/data/text_interner.h"

#include <bit>
#include <cstring>

namespace accrue::data {

namespace {
// Folds the 128-bit product so every input bit reaches the low bits, which
// pick the slot. (A plain 64-bit multiply only carries differences upward:
// ids that differ in their last character, the high byte of a little-endian
// word, would all land in the same few slots.)
inline std::uint64_t fold_multiply(std::uint64_t a, std::uint64_t b) {
  const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
  return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
}
// The last n (1..7) bytes of a text of `size` bytes ending at p + n, as a
// zero-padded little-endian word: what memcpy(&word, p, n) gives, but from
// whole loads. (A copy of n bytes into a word is n byte stores and then a
// word load, which stalls on forwarding the stores; ids are hashed by the
// million.)
inline std::uint64_t tail_word(const char* p, std::size_t n, std::size_t size) {
  if constexpr (std::endian::native != std::endian::little) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, n);
    return word;
  }
  auto load = [](const char* at, auto word) {
    std::memcpy(&word, at, sizeof word);
    return static_cast<std::uint64_t>(word);
  };
  if (size >= 8) return load(p + n - 8, std::uint64_t{0}) >> (8 * (8 - n));  // earlier bytes shifted out
  if (n >= 4) return load(p, std::uint32_t{0}) | load(p + n - 4, std::uint32_t{0}) << (8 * (n - 4));
  const auto byte = [&](std::size_t at) { return std::uint64_t{static_cast<unsigned char>(p[at])}; };
  return byte(0) | byte(n / 2) << (8 * (n / 2)) | byte(n - 1) << (8 * (n - 1));
}

}  // namespace

std::uint64_t hash_text(std::string_view text) {
  // Keys here are short ids and labels and the hash never leaves the
  // process, so speed matters more than resistance to crafted collisions.
  const char* p = text.data();
  std::size_t n = text.size();
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  while (n >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    h = fold_multiply(h ^ word, 0xBF58476D1CE4E5B9ull);
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    h = fold_multiply(h ^ tail_word(p, n, text.size()), 0x94D049BB133111EBull);
  }
  return fold_multiply(h, 0xFF51AFD7ED558CCDull);
}

TextInterner::TextInterner() : slots_(64), mask_(63), offsets_{0} {}

std::uint32_t TextInterner::intern(std::string_view text) {
  const std::uint64_t h = hash_text(text);
  const auto tag = static_cast<std::uint32_t>(h >> 32);
  for (std::uint64_t index = h & mask_;; index = (index + 1) & mask_) {
    Slot& slot = slots_[index];
    if (slot.code_plus_one == 0) {
      const std::uint32_t code = size();
      bytes_.append(text);
      offsets_.push_back(bytes_.size());
      slot.tag = tag;
      slot.code_plus_one = code + 1;
      // Keep the load factor at or below 1/2 so probe runs stay short.
      if (static_cast<std::uint64_t>(size()) * 2 > mask_) grow();
      return code;
    }
    if (slot.tag == tag) {
      // Inline compare: keys are short, and a libc memcmp call costs more than the bytes.
      const std::uint32_t code = slot.code_plus_one - 1;
      const std::uint64_t from = offsets_[code];
      if (offsets_[code + 1] - from == text.size()) {
        const char* stored = bytes_.data() + from;
        std::size_t i = 0;
        while (i < text.size() && stored[i] == text[i]) ++i;
        if (i == text.size()) return code;
      }
    }
  }
}

void TextInterner::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  mask_ = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.code_plus_one == 0) continue;
    const std::uint64_t h = hash_text(text(slot.code_plus_one - 1));
    std::uint64_t index = h & mask_;
    while (slots_[index].code_plus_one != 0) index = (index + 1) & mask_;
    slots_[index] = slot;
  }
}

}  // namespace accrue::data
