// Internal to the check layer: literals as the plan-rule checks read them.
// Weights, shares, thresholds and table keys are compared exactly (Decimal,
// never double); anything that is not a literal (a name, a call) has no value
// here, and the rule checks then leave it to the type checker.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "diag/diag.h"
#include "num/num.h"
#include "syntax/ast.h"

namespace accrue::check {

enum class LiteralKind { Number, Percent, Money, Duration, Text, Date, Period, Bool };

struct LiteralValue {
  LiteralKind kind = LiteralKind::Number;
  num::Decimal value;  // Number, Money, Duration count; Percent as a fraction (12.5% is 0.125)
  std::string unit;    // Money: currency code; Duration: the time unit word
  std::string text;    // Text, Date, Period, Bool: as written (text unquoted)
};

// A literal, or a literal with a leading minus; nullopt for anything else.
std::optional<LiteralValue> literal_value(const syntax::Expr& expr);

// Whether two literals have an order: numbers with numbers, percents with
// percents, money of one currency, dates with dates.
bool orderable(const LiteralValue& a, const LiteralValue& b);
// Only meaningful when orderable(a, b).
std::strong_ordering compare(const LiteralValue& a, const LiteralValue& b);

// As a plan author would write it: 12.5%, 100000 CNY, "rep", 2026-Q1.
std::string show(const LiteralValue& value);
// Equal keys mean the same value (5 and 5.0 are one number).
std::string identity_key(const LiteralValue& value);

// "12.5" (the digits of a weight, without '%') as a fraction, 0.125.
std::optional<num::Decimal> percent_digits(std::string_view digits);
// A fraction shown as a percent: 0.125 -> "12.5%".
std::string show_percent(const num::Decimal& fraction);
// How to bring a total of `what` to 100%: "add 5% to the weights".
std::string distance_to_whole(const num::Decimal& total, std::string_view what);

// YYYY-MM-DD naming a real calendar day (leap years included).
bool is_calendar_date(std::string_view iso);

// From the start of a to the end of b.
diag::Span span_through(const diag::Span& a, const diag::Span& b);
// The source text under a one-line span; empty when the span crosses lines.
std::string span_text(const diag::SourceMap& sources, const diag::Span& span);

}  // namespace accrue::check
