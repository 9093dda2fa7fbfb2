// ISO 4217 minor units, kept here because amounts are stored as integers of
// minor units and only the exponent turns them back into exact decimal text.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/ledger.h"

namespace accrue::ledger {
namespace {

struct Exception {
  std::string_view code;
  int exponent;
};

// Active ISO 4217 codes (list one, 2024) whose minor unit is 2.
constexpr std::string_view two_decimal_codes =
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP "
    "BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR "
    "FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IRR JMD KES KGS KHR "
    "KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR "
    "MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK "
    "SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN "
    "UYU UZS VED VES WST XCD YER ZAR ZMW ZWL";

constexpr std::array<Exception, 26> other_exponents = {{
    {"BIF", 0}, {"CLP", 0}, {"DJF", 0}, {"GNF", 0}, {"ISK", 0}, {"JPY", 0}, {"KMF", 0},
    {"KRW", 0}, {"PYG", 0}, {"RWF", 0}, {"UGX", 0}, {"UYI", 0}, {"VND", 0}, {"VUV", 0},
    {"XAF", 0}, {"XOF", 0}, {"XPF", 0}, {"BHD", 3}, {"IQD", 3}, {"JOD", 3}, {"KWD", 3},
    {"LYD", 3}, {"OMR", 3}, {"TND", 3}, {"CLF", 4}, {"UYW", 4},
}};

bool is_code(std::string_view text) {
  if (text.size() != 3) return false;
  for (char c : text) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

}  // namespace

std::optional<int> minor_units(std::string_view currency) {
  if (!is_code(currency)) return std::nullopt;
  for (const auto& other : other_exponents) {
    if (other.code == currency) return other.exponent;
  }
  for (std::size_t at = 0; at + 3 <= two_decimal_codes.size(); at += 4) {
    if (two_decimal_codes.substr(at, 3) == currency) return 2;
  }
  return std::nullopt;
}

std::string format_amount(std::int64_t amount_minor, int exponent) {
  // Work on the magnitude as unsigned so INT64_MIN prints too.
  const bool negative = amount_minor < 0;
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(amount_minor)
                                     : static_cast<std::uint64_t>(amount_minor);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  if (exponent > 0) {
    const auto places = static_cast<std::size_t>(exponent);
    if (digits.size() <= places) digits.insert(0, places + 1 - digits.size(), '0');
    digits.insert(digits.size() - places, 1, '.');
  }
  if (negative) digits.insert(digits.begin(), '-');
  return digits;
}

}  // namespace accrue::ledger
