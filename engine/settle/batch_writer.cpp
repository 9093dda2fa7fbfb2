#include "settle/batch_writer.h"

#include <fmt/format.h>

namespace accrue::settle {
namespace {

BatchWriteResult write_into(ledger::Ledger& ledger, const ledger::BatchHeader& header,
                            const ledger::EntryBatch& entries, bool supersede) {
  auto current = ledger.find_batch_for_period(header.period);
  if (!current) return {std::nullopt, current.error().to_string()};
  const std::string identity = ledger::batch_identity(header);
  if (*current && (*current)->identity == identity)
    return {BatchWrite{Outcome::AlreadySettled, (*current)->id, 0}, {}};
  if (*current && !supersede)
    return {std::nullopt,
            fmt::format("{}: period {} is already settled by batch {} with another plan or data; "
                        "use --supersede to replace it (its entries are reversed, nothing is deleted)",
                        ledger.path().string(), header.period, (*current)->id)};
  auto outcome = *current ? ledger.supersede((*current)->id, header, entries) : ledger.append_batch(header, entries);
  if (!outcome) return {std::nullopt, outcome.error().to_string()};
  if (!outcome->written) return {BatchWrite{Outcome::AlreadySettled, outcome->batch, 0}, {}};
  return {BatchWrite{*current ? Outcome::Superseded : Outcome::Written, outcome->batch, outcome->reversals}, {}};
}

}  // namespace

BatchWriteResult write_batch(const std::filesystem::path& ledger_path, const ledger::BatchHeader& header,
                             const ledger::EntryBatch& entries, bool supersede) {
  std::error_code ec;
  const bool existed = std::filesystem::exists(ledger_path, ec) || ec;
  BatchWriteResult result;
  {
    auto ledger = ledger::Ledger::open(ledger_path, ledger::OpenMode::read_write);
    result = ledger ? write_into(*ledger, header, entries, supersede)
                    : BatchWriteResult{std::nullopt, ledger.error().to_string()};
  }  // closed before a created file is removed
  if (!result.written && !existed) {
    std::filesystem::remove(ledger_path, ec);
    std::filesystem::remove(std::filesystem::path(ledger_path.string() + "-journal"), ec);
  }
  return result;
}

}  // namespace accrue::settle
