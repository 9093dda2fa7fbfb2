#include <algorithm>

#include "ledger/entry_view.h"

namespace accrue::ledger {

NameId NameTable::id(std::string_view text) {
  if (auto found = ids_.find(text); found != ids_.end()) return found->second;
  const auto id = static_cast<NameId>(views_.size());
  const std::string& kept = texts_.emplace_back(text);
  views_.emplace_back(kept);
  ids_.emplace(std::string_view(kept), id);
  return id;
}

NameId NameTable::add(std::string_view text) {
  const auto id = static_cast<NameId>(views_.size());
  views_.emplace_back(texts_.emplace_back(text));
  return id;
}

NameId NameTable::add_all(std::string bytes, const std::vector<std::uint32_t>& ends) {
  const auto first = static_cast<NameId>(views_.size());
  const std::string& kept = texts_.emplace_back(std::move(bytes));
  views_.reserve(views_.size() + ends.size());
  std::uint32_t start = 0;
  for (std::uint32_t end : ends) {
    views_.push_back(std::string_view(kept).substr(start, end - start));
    start = end;
  }
  return first;
}

void EntryBatch::add(const Entry& entry) {
  CompactEntry& e = entries.emplace_back();
  e.sequence = entry.sequence;
  e.amount_minor = entry.amount_minor;
  e.payee = names.id(entry.payee);
  if (entry.customer) e.customer = names.id(*entry.customer);
  e.component = names.id(entry.component);
  e.debit_account = names.id(entry.debit_account);
  e.credit_account = names.id(entry.credit_account);
  e.currency = names.id(entry.currency);
  if (entry.due_date) e.due_date = names.id(*entry.due_date);
  e.rule = names.id(entry.rule);
  e.source_span = names.id(entry.source_span);
  e.kind = entry.kind;
  e.settles = entry.settles;
}

Entry EntryBatch::entry(std::size_t index) const {
  const detail::EntryView v = detail::view_of(*this, entries[index]);
  Entry e;
  e.sequence = v.sequence;
  e.payee = std::string(v.payee);
  if (v.customer) e.customer = std::string(*v.customer);
  e.component = std::string(v.component);
  e.kind = v.kind;
  e.debit_account = std::string(v.debit_account);
  e.credit_account = std::string(v.credit_account);
  e.amount_minor = v.amount_minor;
  e.currency = std::string(v.currency);
  if (v.due_date) e.due_date = std::string(*v.due_date);
  e.rule = std::string(v.rule);
  e.source_span = std::string(v.source_span);
  e.settles = v.settles;
  return e;
}

std::vector<Entry> EntryBatch::all() const {
  std::vector<Entry> out;
  out.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) out.push_back(entry(i));
  return out;
}

namespace detail {

EntryView view_of(const Entry& e) {
  EntryView v;
  v.sequence = e.sequence;
  v.payee = e.payee;
  if (e.customer) v.customer = *e.customer;
  v.component = e.component;
  v.kind = e.kind;
  v.debit_account = e.debit_account;
  v.credit_account = e.credit_account;
  v.amount_minor = e.amount_minor;
  v.currency = e.currency;
  if (e.due_date) v.due_date = *e.due_date;
  v.rule = e.rule;
  v.source_span = e.source_span;
  v.settles = e.settles;
  return v;
}

EntryView view_of(const EntryBatch& batch, const CompactEntry& e) {
  const NameTable& n = batch.names;
  EntryView v;
  v.sequence = e.sequence;
  v.payee = n.text(e.payee);
  if (e.customer != kNoName) v.customer = n.text(e.customer);
  v.component = n.text(e.component);
  v.kind = e.kind;
  v.debit_account = n.text(e.debit_account);
  v.credit_account = n.text(e.credit_account);
  v.amount_minor = e.amount_minor;
  v.currency = n.text(e.currency);
  if (e.due_date != kNoName) v.due_date = n.text(e.due_date);
  v.rule = n.text(e.rule);
  v.source_span = n.text(e.source_span);
  v.settles = e.settles;
  return v;
}

namespace {

// Positions sorted by sequence; settlement hands entries over in order, which
// one pass notices.
template <class SequenceAt>
std::vector<std::uint32_t> by_sequence(std::size_t count, SequenceAt sequence_at) {
  std::vector<std::uint32_t> order(count);
  for (std::uint32_t i = 0; i < count; ++i) order[i] = i;
  const auto less = [&](std::uint32_t a, std::uint32_t b) { return sequence_at(a) < sequence_at(b); };
  if (!std::is_sorted(order.begin(), order.end(), less)) std::stable_sort(order.begin(), order.end(), less);
  return order;
}

}  // namespace

OrderedEntries::OrderedEntries(const EntryBatch& batch)
    : batch_(&batch),
      order_(by_sequence(batch.entries.size(), [&batch](std::uint32_t i) { return batch.entries[i].sequence; })) {}

OrderedEntries::OrderedEntries(std::span<const Entry> entries)
    : plain_(entries), order_(by_sequence(entries.size(), [entries](std::uint32_t i) { return entries[i].sequence; })) {}

void OrderedEntries::append(std::vector<Entry> more) {
  for (Entry& e : more) appended_.push_back(std::move(e));
}

const std::optional<EntryRef>& OrderedEntries::settles(std::size_t index) const {
  if (index >= order_.size()) return appended_[index - order_.size()].settles;
  const std::uint32_t at = order_[index];
  return batch_ ? batch_->entries[at].settles : plain_[at].settles;
}

EntryView OrderedEntries::operator[](std::size_t index) const {
  if (index >= order_.size()) return view_of(appended_[index - order_.size()]);
  const std::uint32_t at = order_[index];
  return batch_ ? view_of(*batch_, batch_->entries[at]) : view_of(plain_[at]);
}

}  // namespace detail
}  // namespace accrue::ledger
