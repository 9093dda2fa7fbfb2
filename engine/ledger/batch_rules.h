// The rules a batch must meet before a single byte of it is written: field
// formats, the chart of accounts, contiguous sequences and double entry.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "ledger/ledger.h"

namespace accrue::ledger::detail {

class OrderedEntries;

std::vector<std::string> header_problems(const BatchHeader& header);
// Field, account and sequence rules; references to earlier batches excepted.
std::vector<std::string> entry_problems(const OrderedEntries& ordered);
// Double entry only (check_batch is entry_problems plus this).
BalanceReport balance_report(const OrderedEntries& entries);
BalanceReport balance_report(std::span<const Entry> entries);

bool is_valid_utf8(std::string_view text);
bool is_iso_date(std::string_view text);

// Joins problems into one message, listing at most a screenful.
std::string summarize(const std::vector<std::string>& problems);

}  // namespace accrue::ledger::detail
