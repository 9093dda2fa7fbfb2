// A read-only hash index from a table's text keys to their dictionary codes.
// Once a payee or entity table has loaded, the tables that reference it look
// each reference cell up here while they parse, on every thread at once: no
// per-chunk dictionary of customer ids, no merge.
//
// At 10^7 orders the index covers 10^6 customers and every lookup is a cache
// (and TLB) miss, so lookups are made in batches: hash() and prefetch() a
// block of cells first, then find() each once its slot is on its way. Slots
// are 32 bytes (two to a cache line) and hold the first 24 key bytes, so an
// ordinary id is matched from its slot alone: a dictionary read would be two
// more misses (offset, then bytes) that no prefetch covers. The slot array
// sits on huge pages when the kernel allows it.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "engine/data/data.h"

namespace accrue::data {

class KeyIndex {
 public:
  static constexpr std::uint32_t kMissing = UINT32_MAX;

  explicit KeyIndex(const TextDictionary& keys);

  static std::uint64_t hash(std::string_view key);
  void prefetch(std::uint64_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }
  // The key's code in the dictionary, or kMissing; `hash` is hash(key).
  std::uint32_t find(std::string_view key, std::uint64_t hash) const;
  std::uint32_t find(std::string_view key) const { return find(key, hash(key)); }

 private:
  static constexpr std::size_t kInlineBytes = 24;
  struct alignas(32) Slot {
    std::uint64_t head[3] = {0, 0, 0};  // the key's first 24 bytes, zero-padded
    std::uint32_t code_plus_one = 0;    // 0 marks an empty slot
    std::uint32_t check = 0;            // high hash bits << 8 | min(length, 255)
  };
  static_assert(sizeof(Slot) == 32);
  struct Release {
    void operator()(Slot* slots) const;
  };

  const TextDictionary& keys_;
  std::unique_ptr<Slot[], Release> slots_;
  std::uint64_t mask_ = 0;
};

}  // namespace accrue::data
