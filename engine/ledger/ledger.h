// The payout ledger: an exact, double-entry, append-only record of every money
// movement a settlement decides, kept in one SQLite file that an auditor can
// replay and export byte for byte. Settlement hands this layer plain records (a
// batch header and its entries); the layer checks that they form a well-formed,
// balanced batch, writes them in one transaction or not at all, and never edits
// or deletes what was written: a changed settlement is recorded by reversing
// entries. It knows nothing of plans or evaluation. Every failure is returned as
// an Error value naming the file; nothing throws across this header.
// Schema, chart of accounts and identity rules: docs/ledger.md.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace accrue::ledger {

// ---------------------------------------------------------------- errors

enum class ErrorCode {
  io,              // cannot open, create or write the file
  locked,          // another writer holds the database lock
  read_only,       // the file (or the open mode) does not allow writing
  not_a_ledger,    // an SQLite file (or another file) that is not an accrue ledger
  corrupt,         // SQLite reports a malformed database
  newer_schema,    // written by a newer accrue; this one refuses to touch it
  invalid_batch,   // a header or entry breaks the ledger's rules
  unbalanced,      // entries do not net out as double entry requires
  period_settled,  // the period already has a different batch; supersede it instead
  not_found,       // no such batch or entry
};

struct Error {
  ErrorCode code = ErrorCode::io;
  std::string file;
  std::string message;
  std::string to_string() const;  // "file: message"
};

// A value or the Error that prevented it.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}
  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

struct Done {};
using Status = Result<Done>;

// ---------------------------------------------------------------- records

using BatchId = std::int64_t;  // 1, 2, 3, ... in append order; never reused

// What a movement means. The text names are stored in the file and exported, so
// they never change; docs/ledger.md gives each kind's debit and credit accounts.
enum class EntryKind : std::uint8_t {
  earned, floor, veto, cap, gate, adjustment, paid, deferred,
  release, forfeit, clawback, recovery, transfer, reversal,
};
std::string_view kind_name(EntryKind kind);
std::optional<EntryKind> kind_from_name(std::string_view name);

// Another entry: in an earlier batch, or (batch empty) earlier in the same batch.
struct EntryRef {
  std::optional<BatchId> batch;
  std::int64_t sequence = 0;
  bool operator==(const EntryRef&) const = default;
};

// One money movement: amount_minor (> 0, in the currency's minor units) leaves
// debit_account's side and arrives on credit_account's, as TigerBeetle records
// transfers. Accounts are "<type>:<key>" names from the chart of accounts.
struct Entry {
  std::int64_t sequence = 0;  // 1..N within the batch; defines the order
  std::string payee;
  std::optional<std::string> customer;
  std::string component;
  EntryKind kind = EntryKind::earned;
  std::string debit_account;
  std::string credit_account;
  std::int64_t amount_minor = 0;
  std::string currency;                 // ISO 4217, e.g. "EUR"
  std::optional<std::string> due_date;  // ISO date, e.g. "2027-03-31"
  std::string rule;                     // name of the plan rule that decided it
  std::string source_span;              // "plans/x.plan:12:3-12:40"
  std::optional<EntryRef> settles;      // the entry this one releases, reverses, ...
  bool operator==(const Entry&) const = default;
};

// The same entries in compact form, as a large settlement hands them over:
// payees, accounts, rules and spans repeat across thousands of entries, so
// each text is kept once in the batch's NameTable and an entry holds its
// index. A million entries then cost tens of bytes each and posting one
// allocates nothing. Ledger::append_batch takes either form; both write and
// hash the same rows.
using NameId = std::uint32_t;
inline constexpr NameId kNoName = 0xffffffffu;

class NameTable {
 public:
  NameTable() = default;
  NameTable(NameTable&&) noexcept = default;
  NameTable& operator=(NameTable&&) noexcept = default;
  NameTable(const NameTable&) = delete;
  NameTable& operator=(const NameTable&) = delete;

  NameId id(std::string_view text);  // the text's index, added if new
  // Adds the text without looking for an equal one: for texts the caller
  // knows are new (a table's keys, each named once), skipping the lookup.
  // id() of an equal text may then answer either index; both read the same.
  NameId add(std::string_view text);
  // Adds many texts kept back to back in `bytes` (text i ends at ends[i]),
  // without lookups, as ids first, first + 1, ...: one allocation for a
  // million customer keys, laid out in the order entries will read them.
  NameId add_all(std::string bytes, const std::vector<std::uint32_t>& ends);
  std::string_view text(NameId id) const { return views_[id]; }
  std::size_t size() const { return views_.size(); }

 private:
  std::deque<std::string> texts_;  // a deque: views of its strings stay valid as it grows (add_all: one per block)
  std::vector<std::string_view> views_;  // texts_ by id, one load away
  std::unordered_map<std::string_view, NameId> ids_;
};

struct CompactEntry {
  std::int64_t sequence = 0;
  std::int64_t amount_minor = 0;
  NameId payee = kNoName;
  NameId customer = kNoName;  // kNoName: none
  NameId component = kNoName;
  NameId debit_account = kNoName;
  NameId credit_account = kNoName;
  NameId currency = kNoName;
  NameId due_date = kNoName;  // kNoName: none
  NameId rule = kNoName;
  NameId source_span = kNoName;
  EntryKind kind = EntryKind::earned;
  std::optional<EntryRef> settles;
};

struct EntryBatch {
  NameTable names;
  std::vector<CompactEntry> entries;

  void add(const Entry& entry);        // interns its texts
  Entry entry(std::size_t index) const;  // the entry in full
  std::vector<Entry> all() const;      // every entry in full, in the order held
};

struct BatchHeader {
  std::string period;                              // "2026-Q1"
  std::string plan_hash;                           // hex SHA-256 over plan + imports
  std::map<std::string, std::string> data_hashes;  // source name -> hex SHA-256
  std::string engine_version;
  std::vector<std::string> arguments;  // recorded for the reader, not part of identity
  bool operator==(const BatchHeader&) const = default;
};

// Hex SHA-256 over (plan_hash, data_hashes sorted by name, period): two runs with
// the same plan, data and period have the same identity whatever their paths.
std::string batch_identity(const BatchHeader& header);

struct BatchInfo {
  BatchId id = 0;
  std::string identity;
  BatchHeader header;
  std::optional<BatchId> supersedes;     // the batch this one replaced
  std::optional<BatchId> superseded_by;  // set once a later batch replaced this one
  std::int64_t entry_count = 0;
  std::string entries_digest;  // hex SHA-256 over the entries' canonical hashes
};

struct AppendOutcome {
  BatchId batch = 0;
  bool written = false;        // false: an identical batch was already there
  std::int64_t reversals = 0;  // reversing entries a supersede wrote
};

// Totals of one account type in one currency.
struct AccountTypeTotal {
  std::string currency;
  std::string account_type;  // "expense", "earned", "payable", ...
  std::int64_t debits = 0;
  std::int64_t credits = 0;
  bool operator==(const AccountTypeTotal&) const = default;
};

struct BalanceReport {
  std::vector<AccountTypeTotal> totals;  // sorted by currency, then account type
  std::vector<std::string> problems;     // empty when balanced
  bool balanced() const { return problems.empty(); }
};

// Checks entries as append_batch does before writing anything: field rules,
// chart of accounts, contiguous sequences, and double entry (per currency,
// debits equal credits overall and every earned:<payee> clearing account nets to
// zero, i.e. everything earned was paid, deferred or visibly reduced).
// References to earlier batches are checked only when writing.
BalanceReport check_batch(std::span<const Entry> entries);

// Minor-unit exponent of an ISO 4217 currency (EUR 2, JPY 0, BHD 3), if known.
std::optional<int> minor_units(std::string_view currency);
// Exact decimal text of an amount: format_amount(123456, 2) == "1234.56".
std::string format_amount(std::int64_t amount_minor, int exponent);

// ---------------------------------------------------------------- the file

enum class OpenMode { read_only, read_write };
enum class ExportFormat { csv, json };

struct OpenOptions {
  int busy_timeout_ms = 250;  // how long to wait for another writer's lock
};

class Ledger {
 public:
  // read_write creates the file (and its schema) if missing and migrates an
  // older schema; read_only never writes. A newer schema, a non-ledger file or a
  // corrupt file is refused with a message saying which.
  static Result<Ledger> open(const std::filesystem::path& path, OpenMode mode,
                             OpenOptions options = {});

  Ledger(Ledger&&) noexcept;
  Ledger& operator=(Ledger&&) noexcept;
  ~Ledger();

  const std::filesystem::path& path() const;
  int schema_version() const;

  Result<std::vector<BatchInfo>> list_batches();
  Result<BatchInfo> batch(BatchId id);
  // The period's current batch (the one no later batch superseded), if any.
  Result<std::optional<BatchInfo>> find_batch_for_period(std::string_view period);
  // The newest batch with this identity, if any.
  Result<std::optional<BatchInfo>> find_batch_by_identity(std::string_view identity);

  // Writes the batch in one transaction. Idempotent: if the period's current
  // batch has the same identity nothing is written (written == false). A period
  // that already has a different batch is refused (period_settled).
  Result<AppendOutcome> append_batch(const BatchHeader& header, std::span<const Entry> entries);
  // Replaces old_batch (the period's current batch) with a new one: the new
  // entries keep their sequences 1..N, then one reversal per entry of old_batch
  // (except old_batch's own reversals of what it superseded) follows, each
  // settling the entry it reverses. Nothing already written changes.
  Result<AppendOutcome> supersede(BatchId old_batch, const BatchHeader& header,
                                  std::span<const Entry> entries);
  // The same, for entries in compact form (what settlement hands over).
  Result<AppendOutcome> append_batch(const BatchHeader& header, const EntryBatch& entries);
  Result<AppendOutcome> supersede(BatchId old_batch, const BatchHeader& header, const EntryBatch& entries);

  Result<std::vector<Entry>> entries(BatchId id);  // in sequence order
  Result<BalanceReport> verify_balanced(BatchId id);
  // Byte-stable text: fixed columns, no clock, no locale; see docs/ledger.md.
  Result<std::string> export_batch(BatchId id, ExportFormat format);

 private:
  struct State;
  explicit Ledger(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace accrue::ledger
