// Rounding to the plan currency's minor units with the plan's `round money`
// mode. Every amount the ledger receives passes through here, so the whole
// settlement agrees on one rounding of each exact value.
#pragma once

#include <cstdint>
#include <string>

#include "num/num.h"

namespace accrue::settle {

struct MoneyRounding {
  num::Currency currency;
  num::RoundingMode mode = num::RoundingMode::half_even;

  int exponent() const { return currency.minor_units(); }
  // The exact amount rounded and expressed in minor units. Amounts beyond
  // int64 minor units are an error value.
  num::Result<std::int64_t> minor(const num::Decimal& amount) const;
  num::Decimal from_minor(std::int64_t minor_units) const;
  num::Money money_of_minor(std::int64_t minor_units) const;
  std::string text(std::int64_t minor_units) const;  // "1234.50"
};

// The plan's currency and rounding mode (half_even when the plan names none).
num::Result<MoneyRounding> plan_rounding(const std::string& currency, const std::string& mode);

}  // namespace accrue::settle
