#include "engine/data/csv_reader.h"

#include <algorithm>
#include <array>
#include <cstring>
#if defined(__x86_64__)
#include <emmintrin.h>
#endif

#include "engine/data/task_pool.h"

namespace accrue::data {

namespace {

// Bytes that end an unquoted field or are not allowed inside one.
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> special{};
  special[static_cast<unsigned char>(',')] = true;
  special[static_cast<unsigned char>('"')] = true;
  special[static_cast<unsigned char>('\n')] = true;
  special[static_cast<unsigned char>('\r')] = true;
  return special;
}();

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighs = 0x8080808080808080ull;

// High bit set in the byte lanes of `word` that equal `byte`. Lanes above the
// first match may be flagged wrongly (borrows), the lowest flag never is.
constexpr std::uint64_t lanes_equal(std::uint64_t word, char byte) {
  const std::uint64_t x = word ^ (kOnes * static_cast<unsigned char>(byte));
  return (x - kOnes) & ~x & kHighs;
}

#if defined(__x86_64__)
// Bit i set when bytes[i] ends an unquoted field or cannot be in one, for
// the 64 bytes from `bytes`: one test finds every field end of a short record.
std::uint64_t special_bytes(const char* bytes) {
  const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
  const __m128i newline = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  std::uint64_t mask = 0;
  for (int block = 0; block < 4; ++block) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * block));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, quote)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, newline), _mm_cmpeq_epi8(v, cr)));
    mask |= static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(hit))) << (16 * block);
  }
  return mask;
}
#endif

struct ByteCounts {
  std::uint64_t quotes = 0, newlines = 0;
};

// Quotes and line feeds in bytes[0, size). Every byte of a large file passes
// through here once before parsing, so SSE2 counts 16 bytes a step in byte
// lanes (at most 255 steps before the lanes are summed).
ByteCounts count_quotes_and_newlines(const char* bytes, std::size_t size) {
  ByteCounts counts;
  std::size_t at = 0;
#if defined(__x86_64__)
  const __m128i quote = _mm_set1_epi8('"'), newline = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
  auto total = [&](__m128i lanes) {
    const __m128i sums = _mm_sad_epu8(lanes, zero);  // two 64-bit sums of eight lanes each
    return static_cast<std::uint64_t>(_mm_cvtsi128_si64(sums)) +
           static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  };
  while (at + 16 <= size) {
    __m128i quotes = zero, newlines = zero;
    const std::size_t stop = std::min(size - 15, at + 255 * 16);
    for (; at < stop; at += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + at));
      quotes = _mm_sub_epi8(quotes, _mm_cmpeq_epi8(v, quote));  // a match is -1
      newlines = _mm_sub_epi8(newlines, _mm_cmpeq_epi8(v, newline));
    }
    counts.quotes += total(quotes);
    counts.newlines += total(newlines);
  }
#endif
  for (; at < size; ++at) {
    counts.quotes += bytes[at] == '"';
    counts.newlines += bytes[at] == '\n';
  }
  return counts;
}

}  // namespace

// A record of plain fields (no quote, no carriage return) ending in a line
// feed, read from the field ends found 64 bytes at a time. False, with
// nothing consumed, for any other record: the general reader then reads it.
bool CsvReader::read_plain_record() {
#if defined(__x86_64__)
  const char* base = data_.data();
  std::size_t start = pos_;  // of the current field
  for (std::size_t block = pos_; block + 64 <= end_; block += 64) {
    for (std::uint64_t mask = special_bytes(base + block); mask != 0; mask &= mask - 1) {
      const std::size_t at = block + static_cast<std::size_t>(__builtin_ctzll(mask));
      const char byte = base[at];
      if (byte == ',') {
        fields_.emplace_back(base + start, at - start);
        start = at + 1;
      } else if (byte == '\n') {
        fields_.emplace_back(base + start, at - start);
        pos_ = at + 1;
        ++line_;
        return true;
      } else {
        fields_.clear();
        return false;
      }
    }
  }
  fields_.clear();
#endif
  return false;
}

// The end of an unquoted field: the first special byte at or after `pos`.
// Fields are short, so eight bytes are tested at once rather than one.
std::size_t CsvReader::scan_unquoted(std::size_t pos) const {
  const char* base = data_.data();
  while (pos + 8 <= end_) {
    std::uint64_t word;
    std::memcpy(&word, base + pos, 8);
    const std::uint64_t found =
        lanes_equal(word, ',') | lanes_equal(word, '"') | lanes_equal(word, '\n') | lanes_equal(word, '\r');
    if (found != 0) return pos + static_cast<std::size_t>(__builtin_ctzll(found) / 8);
    pos += 8;
  }
  while (pos < end_ && !kSpecial[static_cast<unsigned char>(base[pos])]) ++pos;
  return pos;
}

CsvReader::CsvReader(std::string_view data, std::size_t begin, std::size_t end, std::uint64_t first_line)
    : data_(data), pos_(begin), end_(end), line_(first_line) {}

CsvReader::Step CsvReader::fail(std::string message, std::uint64_t line, std::size_t field) {
  error_ = std::move(message);
  error_line_ = line;
  error_field_ = static_cast<std::uint32_t>(field + 1);
  skip_rest_of_line();
  return Step::Error;
}

void CsvReader::skip_rest_of_line() {
  while (pos_ < end_ && data_[pos_] != '\n') ++pos_;
  if (pos_ < end_) {
    ++pos_;
    ++line_;
  }
}

// Reads a quoted field starting at the opening quote. On success appends the
// field (unescaped if needed) and leaves pos_ just past the closing quote.
bool CsvReader::read_quoted(std::size_t field_index) {
  const char* base = data_.data();
  std::size_t start = ++pos_;
  bool doubled = false;
  for (;;) {
    const void* found = std::memchr(base + pos_, '"', end_ - pos_);
    const std::size_t quote = found ? static_cast<std::size_t>(static_cast<const char*>(found) - base) : end_;
    for (std::size_t i = pos_; i < quote; ++i) line_ += base[i] == '\n';
    if (quote == end_) {
      pos_ = end_;
      return false;
    }
    if (quote + 1 < end_ && base[quote + 1] == '"') {
      doubled = true;
      pos_ = quote + 2;
      continue;
    }
    pos_ = quote + 1;
    std::string_view raw(base + start, quote - start);
    if (!doubled) {
      fields_.push_back(raw);
      return true;
    }
    const std::size_t offset = scratch_.size();
    for (std::size_t i = 0; i < raw.size(); ++i) {
      scratch_.push_back(raw[i]);
      if (raw[i] == '"') ++i;  // the second of a doubled quote
    }
    unescaped_.push_back({field_index, offset, scratch_.size() - offset});
    fields_.emplace_back();
    return true;
  }
}

CsvReader::Step CsvReader::next() {
  const char* base = data_.data();
  // Blank lines carry no record.
  for (;;) {
    if (pos_ >= end_) return Step::End;
    if (base[pos_] == '\n') {
      ++pos_;
      ++line_;
    } else if (base[pos_] == '\r' && pos_ + 1 < end_ && base[pos_ + 1] == '\n') {
      pos_ += 2;
      ++line_;
    } else {
      break;
    }
  }
  record_line_ = line_;
  fields_.clear();
  unescaped_.clear();
  scratch_.clear();
  if (read_plain_record()) return Step::Record;
  for (;;) {
    if (pos_ < end_ && base[pos_] == '"') {
      if (!read_quoted(fields_.size())) {
        error_ = "quoted field is never closed (a \" is missing)";
        error_line_ = record_line_;
        error_field_ = static_cast<std::uint32_t>(fields_.size() + 1);
        return Step::Error;
      }
      if (pos_ < end_ && base[pos_] != ',' && base[pos_] != '\n' && base[pos_] != '\r') {
        return fail("unexpected character after a closing quote (a quote inside a quoted field is written \"\")",
                    line_, fields_.size() - 1);
      }
    } else {
      const std::size_t start = pos_;
      pos_ = scan_unquoted(pos_);
      if (pos_ < end_ && base[pos_] == '"') {
        return fail("quote inside an unquoted field (quote the whole field and double the quote)", line_,
                    fields_.size());
      }
      fields_.emplace_back(base + start, pos_ - start);
    }
    if (pos_ >= end_) break;
    const char delimiter = base[pos_];
    if (delimiter == ',') {
      ++pos_;
      continue;
    }
    if (delimiter == '\r') {
      if (pos_ + 1 >= end_ || base[pos_ + 1] != '\n') {
        return fail("carriage return not followed by a line feed", line_, fields_.size() - 1);
      }
      ++pos_;
    }
    ++pos_;  // the line feed
    ++line_;
    break;
  }
  for (const Unescaped& field : unescaped_) {
    fields_[field.field_index] = std::string_view(scratch_).substr(field.offset, field.length);
  }
  return Step::Record;
}

std::vector<CsvChunk> split_into_chunks(std::string_view data, std::size_t begin, std::uint64_t first_line,
                                        std::size_t chunk_bytes, unsigned threads,
                                        const std::function<void(std::size_t, std::size_t)>& scanned) {
  const std::size_t size = data.size();
  if (begin >= size || size - begin <= chunk_bytes) return {CsvChunk{begin, size, first_line}};
  const std::size_t pieces = (size - begin + chunk_bytes - 1) / chunk_bytes;

  // Quotes and newlines in each raw piece, counted in parallel.
  std::vector<ByteCounts> counts(pieces);
  run_tasks(pieces - 1, threads, [&](std::size_t piece) {
    const std::size_t from = begin + piece * chunk_bytes;
    const std::size_t to = std::min(size, from + chunk_bytes);
    counts[piece] = count_quotes_and_newlines(data.data() + from, to - from);
    if (scanned) scanned(from, to);
  });

  std::vector<CsvChunk> chunks;
  std::size_t chunk_begin = begin;
  std::uint64_t chunk_line = first_line;
  std::uint64_t quotes_before = 0, newlines_before = 0;  // in data[begin, cut)
  for (std::size_t piece = 1; piece < pieces; ++piece) {
    quotes_before += counts[piece - 1].quotes;
    newlines_before += counts[piece - 1].newlines;
    const std::size_t cut = begin + piece * chunk_bytes;
    if (cut < chunk_begin) continue;  // a long quoted field swallowed this cut
    bool in_quotes = quotes_before % 2 == 1;
    std::uint64_t newlines = newlines_before;
    std::size_t boundary = size;
    for (std::size_t i = cut; i < size; ++i) {
      if (data[i] == '"') in_quotes = !in_quotes;
      if (data[i] == '\n') {
        ++newlines;
        if (!in_quotes) {
          boundary = i + 1;
          break;
        }
      }
    }
    if (boundary >= size) break;
    chunks.push_back(CsvChunk{chunk_begin, boundary, chunk_line});
    chunk_begin = boundary;
    chunk_line = first_line + newlines;
  }
  chunks.push_back(CsvChunk{chunk_begin, size, chunk_line});
  return chunks;
}

}  // namespace accrue::data
