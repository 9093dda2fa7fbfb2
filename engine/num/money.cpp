#include "money.h"

namespace accrue::num {

namespace {

Error mismatch(std::string_view verb, const Money& a, const Money& b) {
  return make_error(ErrorCode::currency_mismatch, "currency mismatch: cannot " + std::string(verb) + " " +
                                                      a.to_string() + " and " + b.to_string());
}

Result<Money> in_currency(Result<Decimal> amount, Currency currency) {
  if (!amount) return amount.error();
  return Money(*std::move(amount), currency);
}

}  // namespace

Result<Money> Money::parse(std::string_view amount, std::string_view currency_code) {
  Result<Currency> currency = Currency::parse(currency_code);
  if (!currency) return currency.error();
  if (!amount.empty() && amount.back() == '%') {
    return make_error(ErrorCode::parse, "invalid amount \"" + std::string(amount.substr(0, 40)) +
                                            "\": unexpected '%' at position " + std::to_string(amount.size()) +
                                            " (a money amount cannot be a percent)");
  }
  return in_currency(Decimal::parse(amount), *currency);
}

Result<Money> Money::round(RoundingMode mode) const {
  return in_currency(amount_.round(currency_.minor_units(), mode), currency_);
}

bool Money::is_whole_minor_units() const {
  Result<Decimal> rounded = amount_.round(currency_.minor_units(), RoundingMode::down);
  return rounded.ok() && *rounded == amount_;
}

std::string Money::to_string() const { return amount_.to_string() + " " + std::string(currency_.code()); }

Result<std::string> Money::to_string(RoundingMode mode) const {
  Result<std::string> text = amount_.to_string(currency_.minor_units(), mode);
  if (!text) return text.error();
  return *text + " " + std::string(currency_.code());
}

Result<Money> add(const Money& a, const Money& b) {
  if (!(a.currency() == b.currency())) return mismatch("add", a, b);
  return in_currency(add(a.amount(), b.amount()), a.currency());
}

Result<Money> sub(const Money& a, const Money& b) {
  if (!(a.currency() == b.currency())) return mismatch("subtract", a, b);
  return in_currency(sub(a.amount(), b.amount()), a.currency());
}

Result<Money> mul(const Money& a, const Decimal& factor) {
  return in_currency(mul(a.amount(), factor), a.currency());
}

Result<Money> div(const Money& a, const Decimal& divisor) {
  return in_currency(div(a.amount(), divisor), a.currency());
}

Result<Decimal> div(const Money& a, const Money& b) {
  if (!(a.currency() == b.currency())) return mismatch("divide", a, b);
  return div(a.amount(), b.amount());
}

Result<std::strong_ordering> compare(const Money& a, const Money& b) {
  if (!(a.currency() == b.currency())) return mismatch("compare", a, b);
  return a.amount() <=> b.amount();
}

}  // namespace accrue::num
