// Deterministic, balanced sample batches for the ledger's tests and its fill
// program: per (payee, customer) an earned commission, half paid now and the
// rest deferred to a due date, with a cap now and then.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/ledger.h"

namespace accrue::ledger::sample {

// Exactly `count` entries (count >= 2), sequences 1..count in order.
std::vector<Entry> entries(std::int64_t count, std::uint64_t seed, const std::string& currency = "EUR");

// A header whose identity changes with period and variant.
BatchHeader header(const std::string& period, int variant = 0);

// Reorders entries (sequences unchanged) the same way on every run.
void shuffle(std::vector<Entry>& entries, std::uint64_t seed);

}  // namespace accrue::ledger::sample
