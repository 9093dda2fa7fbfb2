#include "engine/data/key_index.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <new>

#include "engine/data/text_interner.h"

namespace accrue::data {

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

struct Head {
  std::uint64_t words[3] = {0, 0, 0};
};

Head head_of(std::string_view key) {
  Head head;
  std::memcpy(head.words, key.data(), std::min<std::size_t>(key.size(), sizeof head.words));
  return head;
}

std::uint32_t check_of(std::string_view key, std::uint64_t hash) {
  return static_cast<std::uint32_t>(hash >> 40) << 8 | static_cast<std::uint32_t>(std::min<std::size_t>(key.size(), 255));
}

}  // namespace

void KeyIndex::Release::operator()(Slot* slots) const { std::free(slots); }

std::uint64_t KeyIndex::hash(std::string_view key) { return hash_text(key); }

KeyIndex::KeyIndex(const TextDictionary& keys) : keys_(keys) {
  const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, keys.size() * 2));
  const std::size_t bytes = capacity * sizeof(Slot);
  // A large index is read at random by every reference cell: 2 MB pages save
  // most of the TLB misses.
  const std::size_t alignment = bytes >= kHugePage ? kHugePage : alignof(Slot);
  void* memory = std::aligned_alloc(alignment, (bytes + alignment - 1) / alignment * alignment);
  if (memory == nullptr) throw std::bad_alloc();
  if (alignment == kHugePage) ::madvise(memory, bytes, MADV_HUGEPAGE);
  std::memset(memory, 0, bytes);
  slots_.reset(static_cast<Slot*>(memory));
  mask_ = capacity - 1;
  // Every insert is a cache miss into the slot array: hash a batch of keys
  // and prefetch their slots first, so the misses overlap. Keys are still
  // inserted in code order, so every key lands where it did one at a time.
  constexpr std::uint32_t kBatch = 16;
  std::uint64_t hashes[kBatch];
  const auto count = static_cast<std::uint32_t>(keys.size());
  for (std::uint32_t first = 0; first < count; first += kBatch) {
    const std::uint32_t last = std::min(count, first + kBatch);
    for (std::uint32_t code = first; code < last; ++code) {
      hashes[code - first] = hash(keys[code]);
      prefetch(hashes[code - first]);
    }
    for (std::uint32_t code = first; code < last; ++code) {
      const std::string_view key = keys[code];
      const std::uint64_t h = hashes[code - first];
      std::uint64_t index = h & mask_;
      while (slots_[index].code_plus_one != 0) index = (index + 1) & mask_;
      const Head head = head_of(key);
      slots_[index] = Slot{{head.words[0], head.words[1], head.words[2]}, code + 1, check_of(key, h)};
    }
  }
}

std::uint32_t KeyIndex::find(std::string_view key, std::uint64_t hash) const {
  const Head head = head_of(key);
  const std::uint32_t check = check_of(key, hash);
  for (std::uint64_t index = hash & mask_;; index = (index + 1) & mask_) {
    const Slot& slot = slots_[index];
    if (slot.code_plus_one == 0) return kMissing;
    if (slot.check != check ||
        ((slot.head[0] ^ head.words[0]) | (slot.head[1] ^ head.words[1]) | (slot.head[2] ^ head.words[2])) != 0) {
      continue;
    }
    const std::uint32_t code = slot.code_plus_one - 1;
    // Up to kInlineBytes the head and the length are the whole key.
    if (key.size() <= kInlineBytes || keys_[code] == key) return code;
  }
}

}  // namespace accrue::data
