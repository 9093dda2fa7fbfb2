#include "engine/data/cell_encoding.h"

#include <array>

#include "engine/data/civil_date.h"

namespace accrue::data {

namespace {

constexpr std::array<char, 200> kDigitPairs = [] {
  std::array<char, 200> pairs{};
  for (int i = 0; i < 100; ++i) {
    pairs[static_cast<std::size_t>(2 * i)] = static_cast<char>('0' + i / 10);
    pairs[static_cast<std::size_t>(2 * i + 1)] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}();

// Decimal digits of `value` ending at `end`; returns where they start.
char* write_digits_backwards(std::uint64_t value, char* end) {
  while (value >= 100) {
    end -= 2;
    std::memcpy(end, &kDigitPairs[(value % 100) * 2], 2);
    value /= 100;
  }
  if (value >= 10) {
    end -= 2;
    std::memcpy(end, &kDigitPairs[value * 2], 2);
  } else {
    *--end = static_cast<char>('0' + value);
  }
  return end;
}

std::uint64_t magnitude_of(std::int64_t value) {
  // As unsigned, so INT64_MIN has no overflow.
  return value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
}

// The encoded cell of a sign and a magnitude at a scale (trailing zeros
// already dropped, so scale 0 means a whole number). The hasher writes
// millions of these, so the digits are copied in fixed 24-byte blocks (no
// libc call for a run of a few bytes): `out` must have 48 bytes of room,
// which the hasher's slack provides.
char* write_number_cell(bool negative, std::uint64_t magnitude, std::int32_t scale, char* out) {
  // Digits end at the middle of the buffer, so a 24-byte copy from their
  // first digit never reads past it.
  char digits[48];
  char* const end = digits + 24;
  const char* first = write_digits_backwards(magnitude, end);
  const auto count = static_cast<std::int32_t>(end - first);
  char* const mark = out++;  // length byte, filled below
  *out = '-';
  out += negative ? 1 : 0;
  if (scale == 0) {
    std::memcpy(out, first, 24);
    out += count;
  } else if (count > scale) {
    const auto whole = static_cast<std::size_t>(count - scale);
    std::memcpy(out, first, 24);
    out += whole;
    // The fraction overwrites the copy from the point on.
    std::memcpy(out + 1, first + whole, 24);
    *out = '.';
    out += 1 + scale;
  } else {
    *out++ = '0';
    *out++ = '.';
    for (std::int32_t zero = count; zero < scale; ++zero) *out++ = '0';
    std::memcpy(out, first, 24);
    out += count;
  }
  *mark = static_cast<char>(out - mark);  // text length + 1
  return out;
}

}  // namespace

char* write_integer_cell(std::int64_t value, char* out) {
  return write_number_cell(value < 0, magnitude_of(value), 0, out);
}

char* write_decimal_cell(std::int64_t units, std::int32_t scale, char* out) {
  std::uint64_t magnitude = magnitude_of(units);
  while (scale > 0 && magnitude % 10 == 0) {
    magnitude /= 10;
    --scale;
  }
  // Zero has no sign, whatever scale it came at.
  return write_number_cell(units < 0, magnitude, scale, out);
}

char* write_date_cell(std::int32_t days, char* out) {
  *out++ = 11;
  format_iso_date(days, out);
  return out + 10;
}

void EncodedTexts::reserve(std::size_t count, std::size_t bytes) {
  offsets_.reserve(count + 1);
  bytes_.reserve(bytes + count * 2);
}

void EncodedTexts::add(std::string_view text) {
  if (offsets_.empty()) offsets_.push_back(0);
  char length[10];
  const char* end = write_length(text.size() + 1, length);
  bytes_.append(length, static_cast<std::size_t>(end - length));
  bytes_.append(text);
  offsets_.push_back(bytes_.size());
  longest_ = std::max(longest_, bytes_.size() - offsets_[offsets_.size() - 2]);
  ++count_;
}

void EncodedTexts::seal() {
  if (offsets_.empty()) offsets_.push_back(0);
  // A fixed stride only pays while an entry stays within a cache line.
  std::size_t stride = 0;
  for (const std::size_t candidate : {8u, 16u, 32u, 64u}) {
    if (longest_ + 1 <= candidate) {
      stride = candidate;
      break;
    }
  }
  if (stride == 0) return;
  std::string fixed(count_ * stride, '\0');
  for (std::size_t index = 0; index < count_; ++index) {
    const std::size_t size = offsets_[index + 1] - offsets_[index];
    fixed[index * stride] = static_cast<char>(size);
    std::memcpy(fixed.data() + index * stride + 1, bytes_.data() + offsets_[index], size);
  }
  bytes_ = std::move(fixed);
  std::vector<std::uint64_t>().swap(offsets_);
  stride_ = stride;
}

}  // namespace accrue::data
