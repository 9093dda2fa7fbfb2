// Helpers shared by the ledger tests: scratch directories and file snapshots.
#pragma once

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "ledger/ledger.h"
#include "ledger/sample_batch.h"

namespace accrue::ledger::testing {

// A fresh directory removed with everything in it when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "accrue-ledger-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

inline Ledger open_or_fail(const std::filesystem::path& path, OpenMode mode = OpenMode::read_write) {
  auto ledger = Ledger::open(path, mode);
  REQUIRE_MESSAGE(ledger.ok(), (ledger.ok() ? "" : ledger.error().to_string()));
  return std::move(*ledger);
}

template <class T>
T& expect_ok(Result<T>& result) {
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().to_string()));
  return *result;
}

template <class T>
T expect_ok(Result<T>&& result) {
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().to_string()));
  return std::move(*result);
}

// Every batch of the ledger exported as CSV, concatenated: the crash and
// stability tests compare these bytes.
inline std::string export_all(Ledger& ledger, ExportFormat format = ExportFormat::csv) {
  auto batches = ledger.list_batches();
  REQUIRE(batches.ok());
  std::string all;
  for (const auto& batch : *batches) {
    auto text = ledger.export_batch(batch.id, format);
    REQUIRE(text.ok());
    all += *text;
  }
  return all;
}

inline bool detail_contains(const std::vector<std::string>& lines, std::string_view text) {
  for (const auto& line : lines) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

// A hand-written balanced batch: earned 1000.00, capped 100.00, 450.00 paid, 450.00 deferred.
inline std::vector<Entry> small_batch(const std::string& payee = "alice") {
  auto make = [&](std::int64_t sequence, EntryKind kind, std::string debit, std::string credit, std::int64_t amount) {
    Entry e;
    e.sequence = sequence;
    e.payee = payee;
    e.customer = "c-17";
    e.component = "commission";
    e.kind = kind;
    e.debit_account = std::move(debit);
    e.credit_account = std::move(credit);
    e.amount_minor = amount;
    e.currency = "EUR";
    e.rule = "commission";
    e.source_span = "plans/seed.plan:12:3-12:40";
    return e;
  };
  std::vector<Entry> entries = {
      make(1, EntryKind::earned, "expense:commission", "earned:" + payee, 100000),
      make(2, EntryKind::cap, "earned:" + payee, "expense:commission", 10000),
      make(3, EntryKind::paid, "earned:" + payee, "payable:" + payee, 45000),
      make(4, EntryKind::deferred, "earned:" + payee, "deferred:" + payee, 45000),
  };
  entries[3].due_date = "2027-03-31";
  return entries;
}

}  // namespace accrue::ledger::testing
