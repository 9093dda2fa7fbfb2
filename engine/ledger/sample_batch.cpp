#include "ledger/sample_batch.h"

#include <fmt/format.h>

#include <utility>

namespace accrue::ledger::sample {
namespace {

// splitmix64: the same numbers on every platform, unlike <random>'s distributions.
std::uint64_t next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string hex_of(std::uint64_t seed) {
  std::string hex;
  for (int i = 0; i < 4; ++i) hex += fmt::format("{:016x}", next(seed));
  return hex;
}

}  // namespace

std::vector<Entry> entries(std::int64_t count, std::uint64_t seed, const std::string& currency) {
  std::vector<Entry> out;
  out.reserve(static_cast<std::size_t>(count));
  std::uint64_t state = seed;
  const std::int64_t payees = count / 1000 + 1;
  std::int64_t group = 0;
  while (static_cast<std::int64_t>(out.size()) < count) {
    const std::int64_t remaining = count - static_cast<std::int64_t>(out.size());
    // Groups of 3 (earned, paid, deferred); one group of 2 or 4 makes the count exact.
    const int size = remaining == 2 || remaining == 4 ? static_cast<int>(remaining) : 3;
    const std::string payee = fmt::format("rep-{:04}", group % payees + 1);
    const std::string customer = fmt::format("cust-{:06}", group + 1);
    const std::int64_t earned = static_cast<std::int64_t>(next(state) % 5'000'000) + 100;
    auto add = [&](EntryKind kind, std::string debit, std::string credit, std::int64_t amount,
                   std::optional<std::string> due) {
      Entry e;
      e.sequence = static_cast<std::int64_t>(out.size()) + 1;
      e.payee = payee;
      e.customer = customer;
      e.component = "commission";
      e.kind = kind;
      e.debit_account = std::move(debit);
      e.credit_account = std::move(credit);
      e.amount_minor = amount;
      e.currency = currency;
      e.due_date = std::move(due);
      e.rule = "commission";
      e.source_span = "plans/long_term.plan:42:3-42:58";
      out.push_back(std::move(e));
    };
    add(EntryKind::earned, "expense:commission", "earned:" + payee, earned, std::nullopt);
    std::int64_t left = earned;
    if (size == 4) {
      const std::int64_t cap = earned / 10;
      add(EntryKind::cap, "earned:" + payee, "expense:commission", cap, std::nullopt);
      left -= cap;
    }
    const std::int64_t now = size == 2 ? left : left / 2;
    add(EntryKind::paid, "earned:" + payee, "payable:" + payee, now, std::nullopt);
    if (size != 2) add(EntryKind::deferred, "earned:" + payee, "deferred:" + payee, left - now, "2027-03-31");
    ++group;
  }
  return out;
}

BatchHeader header(const std::string& period, int variant) {
  BatchHeader h;
  h.period = period;
  h.plan_hash = hex_of(0x1000 + static_cast<std::uint64_t>(variant));
  h.data_hashes = {{"customers", hex_of(0x2000)}, {"orders", hex_of(0x3000 + static_cast<std::uint64_t>(variant))}};
  h.engine_version = "accrue 0.1.0";
  h.arguments = {"settle", "plans/long_term.plan", "--data", "data/manifest.yaml", "--period", period};
  return h;
}

void shuffle(std::vector<Entry>& entries, std::uint64_t seed) {
  std::uint64_t state = seed;
  for (std::size_t i = entries.size(); i > 1; --i) {
    std::swap(entries[i - 1], entries[next(state) % i]);
  }
}

}  // namespace accrue::ledger::sample
