#include <doctest/doctest.h>

#include <cstdint>

#include "ledger/ledger.h"

namespace accrue::ledger {

TEST_CASE("minor units come from ISO 4217") {
  CHECK(minor_units("EUR") == 2);
  CHECK(minor_units("USD") == 2);
  CHECK(minor_units("JPY") == 0);
  CHECK(minor_units("KRW") == 0);
  CHECK(minor_units("BHD") == 3);
  CHECK(minor_units("KWD") == 3);
  CHECK(minor_units("CLF") == 4);
  CHECK(minor_units("ZWL") == 2);
  CHECK_FALSE(minor_units("EUX").has_value());
  CHECK_FALSE(minor_units("eur").has_value());
  CHECK_FALSE(minor_units("EURO").has_value());
  CHECK_FALSE(minor_units("").has_value());
}

TEST_CASE("amounts print as exact decimal text") {
  CHECK(format_amount(123456, 2) == "1234.56");
  CHECK(format_amount(5, 2) == "0.05");
  CHECK(format_amount(50, 2) == "0.50");
  CHECK(format_amount(0, 2) == "0.00");
  CHECK(format_amount(7, 3) == "0.007");
  CHECK(format_amount(1234, 0) == "1234");
  CHECK(format_amount(-5, 2) == "-0.05");
  CHECK(format_amount(INT64_MAX, 2) == "92233720368547758.07");
  CHECK(format_amount(INT64_MIN, 4) == "-922337203685477.5808");
}

}  // namespace accrue::ledger
