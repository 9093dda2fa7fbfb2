#include <doctest/doctest.h>

#include <set>

#include "ledger/canonical.h"
#include "ledger/test_support.h"

namespace accrue::ledger {

TEST_CASE("batch identity covers plan, data and period, not paths or version") {
  const auto base = sample::header("2026-Q1");
  const auto identity = batch_identity(base);
  CHECK(detail::is_hex_digest(identity));

  auto moved = base;
  moved.arguments = {"settle", "/elsewhere/plan.plan"};
  moved.engine_version = "accrue 9.9.9";
  CHECK(batch_identity(moved) == identity);

  auto other_period = base;
  other_period.period = "2026-Q2";
  CHECK(batch_identity(other_period) != identity);
  auto other_plan = base;
  other_plan.plan_hash[0] = other_plan.plan_hash[0] == 'a' ? 'b' : 'a';
  CHECK(batch_identity(other_plan) != identity);
  auto other_data = base;
  other_data.data_hashes["surveys"] = std::string(64, '0');
  CHECK(batch_identity(other_data) != identity);
  // Names and hashes are length-prefixed: moving a character across the
  // boundary between name and hash changes the identity.
  BatchHeader a = base, b = base;
  a.data_hashes = {{"ab", "c"}};
  b.data_hashes = {{"a", "bc"}};
  CHECK(batch_identity(a) != batch_identity(b));
}

TEST_CASE("the canonical encoding is frozen: golden hashes") {
  // If this fails, the encoding changed: every stored hash would stop
  // verifying. Add encoding version 2 instead of editing version 1.
  CHECK(batch_identity(sample::header("2026-Q1")) == "5cbc693c21e4bd470528cc32d50f9b79c8e25c56f59403da078a4f2f93b96ee1");
  const auto entries = testing::small_batch();
  std::string bytes;
  detail::encode_entry(bytes, 1, entries[3], std::nullopt);
  detail::Sha256 sha;
  CHECK(detail::to_hex(sha.of(bytes)) == "ea812364664d0ffddd2c239b143aac2db2c4868f87743e25157740af1944dbd8");
  bytes.clear();
  detail::encode_entry(bytes, 2, entries[3], detail::ResolvedRef{1, 4});
  CHECK(detail::to_hex(sha.of(bytes)) == "c2df09c4f3a1253a9b2511238ff5452e5050fd1c76a4b9b3206b0454afe08002");
}

TEST_CASE("every field of an entry changes its encoding") {
  const auto entry = testing::small_batch()[3];
  auto encode = [](const Entry& e, BatchId batch = 1, std::optional<detail::ResolvedRef> settles = std::nullopt) {
    std::string bytes;
    detail::encode_entry(bytes, batch, e, settles);
    return bytes;
  };
  const auto base = encode(entry);
  CHECK(encode(entry, 2) != base);
  CHECK(encode(entry, 1, detail::ResolvedRef{1, 1}) != base);
  std::vector<Entry> variants(13, entry);
  variants[0].sequence = 5;
  variants[1].payee = "bob";
  variants[2].customer.reset();
  variants[3].customer = "";
  variants[4].component = "bonus";
  variants[5].kind = EntryKind::paid;
  variants[6].debit_account = "earned:bob";
  variants[7].credit_account = "payable:alice";
  variants[8].amount_minor += 1;
  variants[9].currency = "USD";
  variants[10].due_date.reset();
  variants[11].rule = "bonus";
  variants[12].source_span = "plans/seed.plan:1:1-1:2";
  std::set<std::string> seen = {base};
  for (const auto& variant : variants) CHECK(seen.insert(encode(variant)).second);
}

}  // namespace accrue::ledger
