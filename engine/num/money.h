// Money: an exact Decimal amount in one ISO 4217 currency. Arithmetic keeps
// every digit (a third of a cent stays a third of a cent); rounding to the
// currency's minor units happens only when asked, with a named mode.
// Mixing currencies is an ErrorCode::currency_mismatch error.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "currency.h"
#include "decimal.h"

namespace accrue::num {

class Money {
 public:
  Money(Decimal amount, Currency currency) : amount_(std::move(amount)), currency_(currency) {}
  // Amount text as Decimal::parse but without '%'; code as Currency::parse.
  static Result<Money> parse(std::string_view amount, std::string_view currency_code);

  const Decimal& amount() const { return amount_; }
  Currency currency() const { return currency_; }

  // Rounded to the currency's minor units (USD: 2 places, JPY: 0).
  Result<Money> round(RoundingMode mode) const;
  // True when the amount is a whole number of minor units.
  bool is_whole_minor_units() const;

  // "12.5 USD": the exact amount in canonical form, then the code.
  std::string to_string() const;
  // "12.50 USD": rounded to minor units by mode and printed with all of them.
  Result<std::string> to_string(RoundingMode mode) const;

  friend bool operator==(const Money& a, const Money& b) {
    return a.currency_ == b.currency_ && a.amount_ == b.amount_;
  }

 private:
  Decimal amount_;
  Currency currency_;
};

Result<Money> add(const Money& a, const Money& b);
Result<Money> sub(const Money& a, const Money& b);
Result<Money> mul(const Money& a, const Decimal& factor);
Result<Money> div(const Money& a, const Decimal& divisor);
// The ratio of two amounts in the same currency (a plain Decimal).
Result<Decimal> div(const Money& a, const Money& b);
Result<std::strong_ordering> compare(const Money& a, const Money& b);

}  // namespace accrue::num
