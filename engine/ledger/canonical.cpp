#include "ledger/canonical.h"

#include "ledger/entry_view.h"

#include <openssl/evp.h>

#include <new>

namespace accrue::ledger::detail {
namespace {

void put_integer(std::string& out, std::int64_t value) {
  const auto bits = static_cast<std::uint64_t>(value);
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((bits >> shift) & 0xff));
}

void put_text(std::string& out, std::string_view text) {
  const auto size = static_cast<std::uint32_t>(text.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((size >> shift) & 0xff));
  out.append(text);
}

void put_optional_text(std::string& out, const std::optional<std::string_view>& text) {
  out.push_back(text ? '\1' : '\0');
  if (text) put_text(out, *text);
}

}  // namespace

Sha256::Sha256() : context_(EVP_MD_CTX_new()), fetched_(EVP_MD_fetch(nullptr, "SHA256", nullptr)) {
  // Fetching once avoids OpenSSL 3's implicit fetch on every digest (a
  // measurable cost at a million entries); EVP_sha256() is the fallback.
  algorithm_ = fetched_ != nullptr ? fetched_ : EVP_sha256();
  if (context_ == nullptr) throw std::bad_alloc();
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(context_);
  EVP_MD_free(fetched_);
}

Digest Sha256::of(std::string_view bytes) {
  Digest digest{};
  unsigned int size = 0;
  EVP_DigestInit_ex2(context_, algorithm_, nullptr);
  EVP_DigestUpdate(context_, bytes.data(), bytes.size());
  EVP_DigestFinal_ex(context_, digest.data(), &size);
  return digest;
}

std::string to_hex(std::span<const unsigned char> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    hex.push_back(digits[byte >> 4]);
    hex.push_back(digits[byte & 0xf]);
  }
  return hex;
}

bool is_hex_digest(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void encode_entry(std::string& out, BatchId batch, const Entry& entry, std::optional<ResolvedRef> settles) {
  encode_entry(out, batch, view_of(entry), settles);
}

void encode_entry(std::string& out, BatchId batch, const EntryView& entry, std::optional<ResolvedRef> settles) {
  put_text(out, "accrue-entry/1");
  put_integer(out, batch);
  put_integer(out, entry.sequence);
  put_text(out, entry.payee);
  put_optional_text(out, entry.customer);
  put_text(out, entry.component);
  put_text(out, kind_name(entry.kind));
  put_text(out, entry.debit_account);
  put_text(out, entry.credit_account);
  put_integer(out, entry.amount_minor);
  put_text(out, entry.currency);
  put_optional_text(out, entry.due_date);
  put_text(out, entry.rule);
  put_text(out, entry.source_span);
  out.push_back(settles ? '\1' : '\0');
  if (settles) {
    put_integer(out, settles->batch);
    put_integer(out, settles->sequence);
  }
}

Digest entries_digest(Sha256& sha, std::string_view batch_identity, std::span<const Digest> entry_hashes) {
  std::string bytes;
  bytes.reserve(128 + entry_hashes.size() * 32);
  put_text(bytes, "accrue-batch-entries/1");
  put_text(bytes, batch_identity);
  put_integer(bytes, static_cast<std::int64_t>(entry_hashes.size()));
  for (const auto& hash : entry_hashes) bytes.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  return sha.of(bytes);
}

}  // namespace accrue::ledger::detail

namespace accrue::ledger {

std::string batch_identity(const BatchHeader& header) {
  std::string bytes;
  detail::put_text(bytes, "accrue-batch-identity/1");
  detail::put_text(bytes, header.plan_hash);
  detail::put_integer(bytes, static_cast<std::int64_t>(header.data_hashes.size()));
  for (const auto& [name, hash] : header.data_hashes) {  // std::map: sorted by name
    detail::put_text(bytes, name);
    detail::put_text(bytes, hash);
  }
  detail::put_text(bytes, header.period);
  detail::Sha256 sha;
  return detail::to_hex(sha.of(bytes));
}

}  // namespace accrue::ledger
