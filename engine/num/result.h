// Errors of the number layer are values, not exceptions: every operation that
// can fail on user data (parse, division by zero, a bound, mixed currencies)
// returns a Result<T> holding either the value or an Error with a message.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <variant>

namespace accrue::num {

enum class ErrorCode {
  parse,              // text is not a number / currency / rounding mode
  division_by_zero,   // x / 0
  overflow,           // |value| would reach 10^kMaxIntegerDigits
  precision,          // exact value would need a denominator above 10^kMaxDenominatorDigits
  currency_mismatch,  // USD + EUR
  invalid_argument,   // e.g. negative weight, scale out of range, key out of range
};

struct Error {
  ErrorCode code;
  std::string message;
};

// Reading the value of a failed Result is a bug in the caller, never a user
// error, so it stops the program with the message instead of throwing.
[[noreturn]] inline void fail_unchecked_result(const Error& error) {
  std::fprintf(stderr, "accrue::num: value() on an error result: %s\n", error.message.c_str());
  std::abort();
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    if (!ok()) fail_unchecked_result(error());
    return std::get<0>(state_);
  }
  T& value() & {
    if (!ok()) fail_unchecked_result(error());
    return std::get<0>(state_);
  }
  T&& value() && {
    if (!ok()) fail_unchecked_result(error());
    return std::get<0>(std::move(state_));
  }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }

  // Only valid when !ok().
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result of an operation that produces nothing but may fail.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_{ErrorCode::invalid_argument, {}};
  bool ok_ = true;
};

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace accrue::num
