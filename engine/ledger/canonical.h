// The canonical byte encoding of batches and entries, and the SHA-256 digests
// over it. The encoding is versioned and stored with each batch, so a hash chain
// or a new encoding can be added later over rows that are never rewritten.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ledger/ledger.h"

using EVP_MD_CTX = struct evp_md_ctx_st;
using EVP_MD = struct evp_md_st;

namespace accrue::ledger::detail {

inline constexpr std::int64_t canonical_encoding_version = 1;

using Digest = std::array<unsigned char, 32>;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  Digest of(std::string_view bytes);

 private:
  EVP_MD_CTX* context_;
  EVP_MD* fetched_;
  const EVP_MD* algorithm_;
};

std::string to_hex(std::span<const unsigned char> bytes);
bool is_hex_digest(std::string_view text);  // 64 lowercase hex digits

// A settles reference after the batch it points into is known.
struct ResolvedRef {
  BatchId batch = 0;
  std::int64_t sequence = 0;
};

// Appends the version-1 encoding of an entry: a tag, then every field in a fixed
// order, strings length-prefixed, integers as 8 big-endian bytes, optionals
// behind a presence byte. Covers the batch id so that equal entries of two
// batches never share a hash; the batch identity is covered once, by the
// entries digest, rather than costing an extra SHA-256 block per entry.
void encode_entry(std::string& out, BatchId batch, const Entry& entry, std::optional<ResolvedRef> settles);
struct EntryView;
void encode_entry(std::string& out, BatchId batch, const EntryView& entry, std::optional<ResolvedRef> settles);

// SHA-256 over a tag, the batch identity, the count and the entries' hashes in
// sequence order: binds every entry to the batch's plan, data and period.
Digest entries_digest(Sha256& sha, std::string_view batch_identity, std::span<const Digest> entry_hashes);

}  // namespace accrue::ledger::detail
