#include <doctest/doctest.h>

#include <clocale>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

#include "ledger/test_support.h"

namespace accrue::ledger {
namespace {

using testing::expect_ok;
using testing::ScratchDir;

std::string export_of(const std::filesystem::path& path, const std::vector<Entry>& entries, ExportFormat format,
                      const std::string& period = "2026-Q1") {
  auto ledger = testing::open_or_fail(path);
  expect_ok(ledger.append_batch(sample::header(period), entries));
  return testing::export_all(ledger, format);
}

}  // namespace

TEST_CASE("CSV export: fixed columns, exact amounts, RFC 4180 quoting") {
  ScratchDir dir;
  auto entries = testing::small_batch("o\"brien, jr");
  entries[0].customer.reset();
  const auto csv = export_of(dir / "l.db", entries, ExportFormat::csv);
  const std::string expected =
      "batch,sequence,payee,customer,component,kind,debit_account,credit_account,amount,amount_minor,currency,"
      "due_date,rule,source_span,settles_batch,settles_sequence,entry_hash\n"
      "1,1,\"o\"\"brien, jr\",,commission,earned,expense:commission,\"earned:o\"\"brien, jr\",1000.00,100000,EUR,,"
      "commission,plans/seed.plan:12:3-12:40,,,HASH1\n";
  const auto first_line_end = csv.find('\n', csv.find('\n') + 1) + 1;
  const auto line = csv.substr(0, first_line_end);
  const auto hash_at = line.rfind(',') + 1;
  CHECK(line.substr(0, hash_at) == expected.substr(0, expected.rfind(',') + 1));
  CHECK(line.size() - hash_at == 64 + 1);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 5);
}

TEST_CASE("amounts use the currency's minor units") {
  ScratchDir dir;
  auto yen = testing::small_batch();
  for (auto& e : yen) e.currency = "JPY";
  const auto csv = export_of(dir / "jpy.db", yen, ExportFormat::csv);
  CHECK(csv.find(",100000,100000,JPY,") != std::string::npos);
  auto dinar = testing::small_batch();
  for (auto& e : dinar) e.currency = "BHD";
  const auto json = export_of(dir / "bhd.db", dinar, ExportFormat::json);
  CHECK(json.find("\"amount\": \"100.000\"") != std::string::npos);
}

TEST_CASE("JSON export: sorted keys, nulls for absent values, header of the batch") {
  ScratchDir dir;
  const auto text = export_of(dir / "l.db", testing::small_batch(), ExportFormat::json);
  CHECK(text.rfind("{\n  \"batch\": {\n    \"arguments\": [", 0) == 0);
  CHECK(text.back() == '\n');
  const auto document = nlohmann::json::parse(text);
  const auto& batch = document.at("batch");
  CHECK(batch.at("id") == 1);
  CHECK(batch.at("period") == "2026-Q1");
  CHECK(batch.at("identity") == batch_identity(sample::header("2026-Q1")));
  CHECK(batch.at("supersedes").is_null());
  CHECK(batch.at("data_hashes").size() == 2);
  CHECK_FALSE(batch.contains("superseded_by"));  // would change the export after the fact
  const auto& entry = document.at("entries").at(3);
  CHECK(entry.at("sequence") == 4);
  CHECK(entry.at("amount") == "450.00");
  CHECK(entry.at("amount_minor") == 45000);
  CHECK(entry.at("due_date") == "2027-03-31");
  CHECK(entry.at("settles").is_null());
  CHECK(entry.at("kind") == "deferred");
  CHECK(document.at("entries").at(0).at("customer") == "c-17");
}

TEST_CASE("the sequence, not the order handed in, defines the export") {
  ScratchDir dir;
  auto entries = sample::entries(3001, 21);
  const auto in_order = export_of(dir / "a.db", entries, ExportFormat::csv);
  sample::shuffle(entries, 99);
  CHECK(export_of(dir / "b.db", entries, ExportFormat::csv) == in_order);
  CHECK(export_of(dir / "c.db", entries, ExportFormat::json) ==
        export_of(dir / "d.db", sample::entries(3001, 21), ExportFormat::json));
}

TEST_CASE("export ignores the process locale and time zone") {
  ScratchDir dir;
  const auto entries = sample::entries(500, 4);
  const auto csv = export_of(dir / "a.db", entries, ExportFormat::csv);
  const auto json = export_of(dir / "b.db", entries, ExportFormat::json);
  const std::string saved_tz = std::getenv("TZ") ? std::getenv("TZ") : "";
  // Full locale coverage (de_DE built with localedef) is in export_env_test.sh;
  // here, whatever this machine has.
  for (const char* name : {"de_DE.UTF-8", "C.UTF-8", "POSIX"}) {
    if (std::setlocale(LC_ALL, name) == nullptr) continue;
    for (const char* tz : {"Pacific/Chatham", "America/St_Johns", "UTC"}) {
      ::setenv("TZ", tz, 1);
      ::tzset();
      CAPTURE(name);
      CAPTURE(tz);
      auto ledger = testing::open_or_fail(dir / "a.db", OpenMode::read_only);
      CHECK(testing::export_all(ledger, ExportFormat::csv) == csv);
      auto other = testing::open_or_fail(dir / "b.db", OpenMode::read_only);
      CHECK(testing::export_all(other, ExportFormat::json) == json);
    }
  }
  std::setlocale(LC_ALL, "C");
  if (saved_tz.empty()) ::unsetenv("TZ");
  else ::setenv("TZ", saved_tz.c_str(), 1);
  ::tzset();
}

TEST_CASE("a batch's export never changes once written") {
  ScratchDir dir;
  auto ledger = testing::open_or_fail(dir / "l.db");
  expect_ok(ledger.append_batch(sample::header("2026-Q1"), testing::small_batch()));
  const auto csv = expect_ok(ledger.export_batch(1, ExportFormat::csv));
  const auto json = expect_ok(ledger.export_batch(1, ExportFormat::json));
  expect_ok(ledger.supersede(1, sample::header("2026-Q1", 1), testing::small_batch("bob")));
  CHECK(expect_ok(ledger.export_batch(1, ExportFormat::csv)) == csv);
  CHECK(expect_ok(ledger.export_batch(1, ExportFormat::json)) == json);
}

}  // namespace accrue::ledger
