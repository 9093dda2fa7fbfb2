// Internal: one entry seen through string views, whichever form it came in
// (a plain Entry, or a CompactEntry and its batch's names), so that the
// checks, the canonical encoding and the inserts are written once. Views are
// made on the fly, one entry at a time: a million entries never exist twice.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "ledger/ledger.h"

namespace accrue::ledger::detail {

struct EntryView {
  std::int64_t sequence = 0;
  std::string_view payee;
  std::optional<std::string_view> customer;
  std::string_view component;
  EntryKind kind = EntryKind::earned;
  std::string_view debit_account;
  std::string_view credit_account;
  std::int64_t amount_minor = 0;
  std::string_view currency;
  std::optional<std::string_view> due_date;
  std::string_view rule;
  std::string_view source_span;
  std::optional<EntryRef> settles;
};

EntryView view_of(const Entry& entry);
EntryView view_of(const EntryBatch& batch, const CompactEntry& entry);

// The entries a batch writes, in sequence order: a settlement's compact
// batch or plain entries, then (when superseding) the reversals appended.
class OrderedEntries {
 public:
  explicit OrderedEntries(const EntryBatch& batch);
  explicit OrderedEntries(std::span<const Entry> entries);

  // Entries that follow the rest, already numbered after them.
  void append(std::vector<Entry> more);

  std::size_t size() const { return order_.size() + appended_.size(); }
  EntryView operator[](std::size_t index) const;
  // What entry `index` settles, without making its whole view (most entries
  // settle nothing, and a million views cost a pass over every name).
  const std::optional<EntryRef>& settles(std::size_t index) const;

 private:
  const EntryBatch* batch_ = nullptr;
  std::span<const Entry> plain_;
  std::vector<std::uint32_t> order_;  // positions in batch_ or plain_, by sequence
  std::vector<Entry> appended_;
};

}  // namespace accrue::ledger::detail
