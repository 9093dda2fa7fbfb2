#include <doctest/doctest.h>

#include "ledger/chart.h"
#include "ledger/ledger.h"

namespace accrue::ledger {

TEST_CASE("entry kinds have stable text names that round-trip") {
  // These names are stored in ledgers: changing one breaks every old file.
  const char* names[] = {"earned",  "floor",   "veto",    "cap",      "gate",     "adjustment", "paid",
                         "deferred", "release", "forfeit", "clawback", "recovery", "transfer",   "reversal"};
  for (int i = 0; i < detail::kind_count; ++i) {
    const auto kind = static_cast<EntryKind>(i);
    CHECK(kind_name(kind) == names[i]);
    CHECK(kind_from_name(names[i]) == kind);
  }
  CHECK_FALSE(kind_from_name("Earned").has_value());
  CHECK_FALSE(kind_from_name("").has_value());
}

TEST_CASE("accounts are <type>:<key> with a type from the chart") {
  const auto payable = detail::parse_account("payable:alice");
  REQUIRE(payable.has_value());
  CHECK(payable->type == detail::AccountType::payable);
  CHECK(payable->key == "alice");
  // The key may itself contain colons; only the first one separates.
  CHECK(detail::parse_account("deferred:team:north")->key == "team:north");
  CHECK_FALSE(detail::parse_account("cash:bank").has_value());
  CHECK_FALSE(detail::parse_account("payable:").has_value());
  CHECK_FALSE(detail::parse_account("payable").has_value());
  CHECK_FALSE(detail::parse_account("Payable:alice").has_value());
}

TEST_CASE("every kind except reversal names the movements it may make") {
  for (int i = 0; i < detail::kind_count; ++i) {
    const auto kind = static_cast<EntryKind>(i);
    CAPTURE(kind_name(kind));
    CHECK(detail::kind_rule(kind).movements.empty() == (kind == EntryKind::reversal));
  }
  CHECK(detail::kind_rule(EntryKind::deferred).needs_due_date);
  CHECK(detail::kind_rule(EntryKind::release).needs_settles);
}

}  // namespace accrue::ledger
