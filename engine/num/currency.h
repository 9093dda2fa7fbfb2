// ISO 4217 currencies and their minor units (JPY 0; USD, EUR, CNY, GBP 2;
// KWD, BHD 3; ...), from one table in currency.cpp. A Currency is a small
// handle into that table, so comparing two is comparing two integers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "result.h"

namespace accrue::num {

class Currency {
 public:
  // Exactly three upper-case letters naming a currency in the table.
  static Result<Currency> parse(std::string_view code);

  std::string_view code() const;
  // Digits after the point of the currency's smallest unit (cents: 2).
  int minor_units() const;

  friend bool operator==(Currency a, Currency b) { return a.index_ == b.index_; }

  // The whole table, in code order (for documentation and tests).
  static std::size_t table_size();
  static Currency at(std::size_t index);

 private:
  explicit Currency(std::uint16_t index) : index_(index) {}
  std::uint16_t index_;
};

}  // namespace accrue::num
