// Helpers shared by the unit tests of the number layer.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "num.h"

namespace accrue::num::testing {

// Parses text that the test knows is valid.
inline Decimal D(std::string_view text) {
  Result<Decimal> value = Decimal::parse(text);
  REQUIRE_MESSAGE(value.ok(), (value.ok() ? std::string() : value.error().message));
  return *value;
}

inline Money M(std::string_view amount, std::string_view currency) {
  Result<Money> value = Money::parse(amount, currency);
  REQUIRE_MESSAGE(value.ok(), (value.ok() ? std::string() : value.error().message));
  return *value;
}

template <class T>
T ok(Result<T> result) {
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? std::string() : result.error().message));
  return *std::move(result);
}

// splitmix64: a fixed-seed generator, so property tests are reproducible.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound).
  std::uint64_t below(std::uint64_t bound) { return next() % bound; }

  // Text of a random decimal with up to int_digits integer digits and up to
  // frac_digits decimals, sometimes negative.
  std::string decimal_text(int int_digits, int frac_digits) {
    std::string text = below(3) == 0 ? "-" : "";
    int ints = 1 + static_cast<int>(below(static_cast<std::uint64_t>(int_digits)));
    for (int i = 0; i < ints; ++i) text += static_cast<char>('0' + below(10));
    int fracs = static_cast<int>(below(static_cast<std::uint64_t>(frac_digits) + 1));
    if (fracs > 0) {
      text += '.';
      for (int i = 0; i < fracs; ++i) text += static_cast<char>('0' + below(10));
    }
    return text;
  }

 private:
  std::uint64_t state_;
};

}  // namespace accrue::num::testing

// Failed checks print Decimals and Money as text.
template <>
struct doctest::StringMaker<accrue::num::Decimal> {
  static doctest::String convert(const accrue::num::Decimal& value) { return value.to_string().c_str(); }
};
template <>
struct doctest::StringMaker<accrue::num::Money> {
  static doctest::String convert(const accrue::num::Money& value) { return value.to_string().c_str(); }
};
