#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "settle/batch_writer.h"
#include "settle/settle_test_fixture.h"

namespace accrue::settle {
namespace {

using testing::scratch;

std::string bytes_of(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

ledger::EntryBatch sample_entries(std::int64_t amount) {
  ledger::Entry earned{1, "R1", "C1", "commission", ledger::EntryKind::earned, "expense:commission", "earned:R1",
                       amount, "EUR", std::nullopt, "commission", "plan.plan:3:1-3:40", std::nullopt};
  ledger::Entry paid{2, "R1", "C1", "commission", ledger::EntryKind::paid, "earned:R1", "payable:R1",
                     amount, "EUR", std::nullopt, "commission", "plan.plan:3:1-3:40", std::nullopt};
  ledger::EntryBatch batch;
  batch.add(earned);
  batch.add(paid);
  return batch;
}

ledger::BatchHeader header(std::string plan_hash) {
  ledger::BatchHeader h;
  h.period = "2026-Q1";
  h.plan_hash = std::move(plan_hash);
  h.data_hashes = {{"Customer", std::string(64, 'c')}, {"Rep", std::string(64, 'e')}};
  h.engine_version = "test";
  h.arguments = {"accrue", "settle"};
  return h;
}

void check_balanced(const std::filesystem::path& path, ledger::BatchId id) {
  auto ledger = ledger::Ledger::open(path, ledger::OpenMode::read_only);
  REQUIRE(ledger);
  auto report = ledger->verify_balanced(id);
  REQUIRE(report);
  CHECK(report->balanced());
}

TEST_CASE("batch writer: writes once, then the same identity is AlreadySettled and the file is unchanged") {
  const auto path = scratch("writer-idempotent") / "ledger.db";
  auto first = write_batch(path, header(std::string(64, 'a')), sample_entries(500), false);
  REQUIRE_MESSAGE(first.written, first.error);
  CHECK(first.written->outcome == Outcome::Written);
  check_balanced(path, first.written->batch);
  const std::string before = bytes_of(path);
  // Arguments are not identity: another command line is the same batch.
  auto again_header = header(std::string(64, 'a'));
  again_header.arguments = {"other", "paths"};
  auto again = write_batch(path, again_header, sample_entries(500), false);
  REQUIRE(again.written);
  CHECK(again.written->outcome == Outcome::AlreadySettled);
  CHECK(again.written->batch == first.written->batch);
  CHECK(bytes_of(path) == before);
}

TEST_CASE("batch writer: another plan for a settled period is refused without supersede, reversed with it") {
  const auto path = scratch("writer-supersede") / "ledger.db";
  auto first = write_batch(path, header(std::string(64, 'a')), sample_entries(500), false);
  REQUIRE_MESSAGE(first.written, first.error);
  const std::string before = bytes_of(path);
  auto refused = write_batch(path, header(std::string(64, 'b')), sample_entries(700), false);
  CHECK_FALSE(refused.written);
  CHECK(refused.error.find("use --supersede") != std::string::npos);
  CHECK(bytes_of(path) == before);

  auto replaced = write_batch(path, header(std::string(64, 'b')), sample_entries(700), true);
  REQUIRE(replaced.written);
  CHECK(replaced.written->outcome == Outcome::Superseded);
  CHECK(replaced.written->reversals == 2);
  check_balanced(path, replaced.written->batch);
  auto ledger = ledger::Ledger::open(path, ledger::OpenMode::read_only);
  REQUIRE(ledger);
  auto entries = ledger->entries(replaced.written->batch);
  REQUIRE(entries);
  REQUIRE(entries->size() == 4);
  CHECK((*entries)[2].kind == ledger::EntryKind::reversal);
  CHECK((*entries)[2].amount_minor == 500);
  REQUIRE((*entries)[2].settles);
  CHECK((*entries)[2].settles->batch == first.written->batch);
}

TEST_CASE("batch writer: a failed first write leaves no ledger file behind") {
  const auto path = scratch("writer-failed") / "ledger.db";
  auto bad = sample_entries(500);
  bad.entries[1].amount_minor = 499;  // unbalanced
  auto result = write_batch(path, header(std::string(64, 'a')), bad, false);
  CHECK_FALSE(result.written);
  CHECK_FALSE(result.error.empty());
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("batch writer: a ledger that cannot be written is reported and left unchanged") {
  const auto dir = scratch("writer-not-ledger");
  const auto path = dir / "ledger.db";
  testing::write_file(path, "not a ledger at all\n");
  auto result = write_batch(path, header(std::string(64, 'a')), sample_entries(500), false);
  CHECK_FALSE(result.written);
  CHECK(result.error.find("ledger.db") != std::string::npos);
  CHECK(bytes_of(path) == "not a ledger at all\n");
}

}  // namespace
}  // namespace accrue::settle
