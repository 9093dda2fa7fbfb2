#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/data/key_index.h"

using namespace accrue::data;

TEST_CASE("key index: short, long and look-alike keys") {
  // Sorted by bytes, as a key dictionary is. Keys of 24 bytes or fewer are
  // matched from the slot alone; longer ones against the dictionary.
  std::vector<std::string> keys = {std::string("AB\0", 3), "AB", "C0000001", "C00000010", "C00000011",
                                   "CUSTOMER-0000000001", "CUSTOMER-0000000002",
                                   "CUSTOMER-ACCOUNT-00000000001", "CUSTOMER-ACCOUNT-00000000002"};
  std::sort(keys.begin(), keys.end());
  std::vector<std::string_view> views(keys.begin(), keys.end());
  const TextDictionary dictionary = TextDictionary::from_sorted(views);
  const KeyIndex index(dictionary);
  for (std::uint32_t code = 0; code < keys.size(); ++code) {
    CAPTURE(code);
    CHECK(index.find(keys[code]) == code);
  }
  CHECK(index.find("A") == KeyIndex::kMissing);
  CHECK(index.find(std::string("AB\0\0", 4)) == KeyIndex::kMissing);
  CHECK(index.find("C0000002") == KeyIndex::kMissing);
  CHECK(index.find("C00000012") == KeyIndex::kMissing);
  CHECK(index.find("CUSTOMER-0000000003") == KeyIndex::kMissing);
  CHECK(index.find("CUSTOMER-ACCOUNT-00000000003") == KeyIndex::kMissing);  // same first 24 bytes
  CHECK(index.find("CUSTOMER-ACCOUNT-0000000000") == KeyIndex::kMissing);
  CHECK(index.find("") == KeyIndex::kMissing);
}

TEST_CASE("key index: many keys, batched probes find the same codes") {
  std::vector<std::string> keys;
  for (int i = 0; i < 50000; ++i) keys.push_back("K" + std::to_string(1000000 + i * 7));
  std::sort(keys.begin(), keys.end());
  std::vector<std::string_view> views(keys.begin(), keys.end());
  const TextDictionary dictionary = TextDictionary::from_sorted(views);
  const KeyIndex index(dictionary);
  std::size_t wrong = 0;
  for (std::uint32_t code = 0; code < keys.size(); ++code) {
    const std::uint64_t hash = KeyIndex::hash(keys[code]);
    index.prefetch(hash);
    wrong += index.find(keys[code], hash) != code;
    wrong += index.find("K" + std::to_string(1000000 + static_cast<int>(code) * 7 + 1)) != KeyIndex::kMissing;
  }
  CHECK(wrong == 0);
}
