#include "settle/money_rounding.h"

#include "ledger/ledger.h"

namespace accrue::settle {

num::Result<std::int64_t> MoneyRounding::minor(const num::Decimal& amount) const {
  auto rounded = amount.round(exponent(), mode);
  if (!rounded) return rounded.error();
  auto units = rounded->units_at(exponent());
  if (!units)
    return num::make_error(num::ErrorCode::overflow,
                           "amount " + amount.to_string() + " is too large for the ledger's minor units");
  return *units;
}

num::Decimal MoneyRounding::from_minor(std::int64_t minor_units) const {
  // Exponents of ISO 4217 currencies are 0..4, always a valid scale.
  return num::Decimal::from_units(minor_units, exponent()).value();
}

num::Money MoneyRounding::money_of_minor(std::int64_t minor_units) const {
  return num::Money(from_minor(minor_units), currency);
}

std::string MoneyRounding::text(std::int64_t minor_units) const {
  return ledger::format_amount(minor_units, exponent());
}

num::Result<MoneyRounding> plan_rounding(const std::string& currency, const std::string& mode) {
  auto code = num::Currency::parse(currency);
  if (!code) return code.error();
  MoneyRounding rounding{*code, num::RoundingMode::half_even};
  if (!mode.empty()) {
    auto parsed = num::parse_rounding_mode(mode);
    if (!parsed) return parsed.error();
    rounding.mode = *parsed;
  }
  return rounding;
}

}  // namespace accrue::settle
